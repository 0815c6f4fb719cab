#!/usr/bin/env bash
# Sets everything up (Debian packages, configure, build) and runs the whole test suite through
# CTest; GUI tests run under xvfb-run. Extra arguments go to ctest (e.g. -R slice_view).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
"$here/scripts/setup.sh"
build_dir="${BUILD_DIR:-$here/build}"
# Tests run one at a time: each libtorch test uses both cores on its own.
ctest --test-dir "$build_dir" --output-on-failure --timeout 900 "$@"
