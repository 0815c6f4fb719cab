#!/usr/bin/env bash
# Installs the Debian 12 packages MedReasoner Studio needs, then configures and builds it.
# Non-interactive and idempotent: a machine that already has everything only rebuilds.
#   scripts/setup.sh [--no-build]        BUILD_DIR and BUILD_TYPE may be set in the environment.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build_dir="${BUILD_DIR:-$here/build}"
build_type="${BUILD_TYPE:-RelWithDebInfo}"

packages=(
  # toolchain
  build-essential cmake ninja-build pkg-config git
  # GUI: Qt 6 widgets + OpenGL widget, Qt Test, Linguist tools, Qt Charts for evaluation reports
  qt6-base-dev qt6-base-dev-tools libqt6opengl6-dev qt6-tools-dev qt6-tools-dev-tools
  qt6-l10n-tools qt6-translations-l10n qt6-charts-dev libgl-dev
  # figures (File → Export Figure…, `medreasoner figure`): Qt SVG writes the SVG (qt6-svg-dev is the
  # real package behind the virtual libqt6svg6-dev, so the installed-check below can see it); Poppler's
  # pdftoppm renders the exported PDF in the figure tests
  qt6-svg-dev poppler-utils
  # a CJK font so the Simplified Chinese interface renders on minimal machines (5 MB)
  fonts-wqy-microhei
  # imaging: VTK rendering, DCMTK (+ its apps for the test data checks), OpenCV, JPEG 2000, zlib
  libvtk9-dev libdcmtk-dev dcmtk libopencv-dev libopenjp2-7-dev zlib1g-dev
  # models: libtorch (CPU), a fast BLAS behind it (reference BLAS is ~50x slower), ICU for the tokenizer
  libtorch-dev libopenblas0-pthread libicu-dev
  # the command line: CLI11 declares each option once and writes the help from it (header only)
  libcli11-dev
  # HTTP, both kept by Debian (no hand-written HTTP): libcurl streams the remote reasoner's replies
  # (Chat Completions over SSE) and is the DICOMweb client's transport (QIDO/WADO/STOW over HTTP(S));
  # cpp-httplib is the HTTP server of `medreasoner serve`
  libcurl4-openssl-dev libcpp-httplib-dev
  # engine tests (no Qt in the engine) and headless GUI tests: X server, Qt's xcb plugin, Mesa
  libgtest-dev xvfb xauth qt6-qpa-plugins libgl1-mesa-dri
  # benchmark comparison for DICOM loading
  dcm2niix
  # tests: dciodvfy validates every exported DICOM SEG; a real Orthanc with its DICOMweb plugin is
  # the PACS the client is tested against (started by the tests on 127.0.0.1, never as a service);
  # pydicom's test files are the public corpus the DICOM reader is checked on
  dicom3tools orthanc orthanc-dicomweb python3-pydicom
  # tests: openssl makes a self-signed certificate and serves HTTPS for the client's TLS checks
  openssl
  # kept libraries instead of hand-written ones: JSON (header-only), SHA-256 (libcrypto), the .pth
  # ZIP reader (libzip checks directories, ZIP64 records and local headers)
  nlohmann-json3-dev libssl-dev libzip-dev
  # CI's sanitizer step (scripts/sanitize.sh): clang with AddressSanitizer, UBSan and libFuzzer
  clang-14 libclang-rt-14-dev
)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  echo "setup: installing ${#missing[@]} Debian packages: ${missing[*]}"
  sudo_cmd=""; [ "$(id -u)" = 0 ] || sudo_cmd="sudo"
  export DEBIAN_FRONTEND=noninteractive
  $sudo_cmd apt-get update -qq
  $sudo_cmd apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
else
  echo "setup: all Debian packages present"
fi

[ "${1:-}" = "--no-build" ] && exit 0

cmake -S "$here" -B "$build_dir" -G Ninja -DCMAKE_BUILD_TYPE="$build_type" ${CMAKE_ARGS:-}
# libtorch translation units need ~1.2 GB each: one job per core is safe on a 2-core/24 GB machine.
cmake --build "$build_dir" --parallel "${JOBS:-$(nproc)}"
