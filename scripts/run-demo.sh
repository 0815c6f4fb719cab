#!/usr/bin/env bash
# Sets everything up (Debian packages, configure, build) and starts MedReasoner Studio on its
# bundled demo case (a synthetic abdominal CT generated on first use). Extra arguments go to the app.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
"$here/scripts/setup.sh"
build_dir="${BUILD_DIR:-$here/build}"
exec "$build_dir/app/medreasoner-studio" --demo "$@"
