#!/usr/bin/env bash
# GPU check for a machine that has only PyTorch's CUDA libtorch (pip torch), CMake and a C++
# compiler: configures the model core (-DMEDREASONER_MODELS_ONLY=ON) against that libtorch, builds
# the model-core tests and the SAM / Qwen2.5-VL benchmarks in parallel, runs the fidelity tests
# (ctest) and both benchmarks with --device cuda, then (time allowing) the full-size real path:
# a Qwen2.5-VL-7B-shaped folder (random bfloat16 weights, 5 shards, ~16.6 GB, written once to
# QWEN7B_FOLDER, default /tmp/qwen7b-shaped) loaded and run by `qwen_benchmark --folder` on an
# 840x840 image in bfloat16, with the memory-bandwidth floor of the host for comparison. All within
# 8 minutes. Exits non-zero when any step fails and prints a summary either way. libtorch >= 2.0
# compiles the fused attention (at::scaled_dot_product_attention) in; the summary says which.
#
#   scripts/gpu-check.sh [BUILD_DIR]        (default: build-gpu; TOTAL_SECONDS=480 to change the limit;
#                                            FULL_SIZE=0 skips the 7B-shaped run)
#
# Without GoogleTest on the machine the tests cannot be built: the script says so, configures with
# -DMEDREASONER_BUILD_TESTS=OFF and runs the benchmarks only (the summary says the tests did not run).
set -uo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build="${1:-$here/build-gpu}"
total="${TOTAL_SECONDS:-480}"
start=$(date +%s)
declare -a summary=()
status=0

left() { echo $((total - ($(date +%s) - start))); }
note() { summary+=("$1"); echo "== $1"; }
fail() { note "FAIL: $1"; status=1; }
# run LABEL CMD...: runs with the time still left (at least 10 s), records the outcome.
run_step() {
    local label="$1"; shift
    local t; t=$(left)
    if (( t < 10 )); then fail "$label: no time left of the ${total}s"; return 1; fi
    local s0; s0=$(date +%s)
    timeout --kill-after=10 "$t" "$@"
    local rc=$?
    local took=$(( $(date +%s) - s0 ))
    if (( rc == 0 )); then note "ok: $label (${took}s)"; return 0; fi
    if (( rc == 124 || rc == 137 )); then fail "$label: timed out after ${took}s"; else fail "$label: exit $rc (${took}s)"; fi
    return 1
}
finish() {
    echo
    echo "==== gpu-check summary ($(( $(date +%s) - start ))s of ${total}s) ===="
    printf '  %s\n' "${summary[@]}"
    if (( status == 0 )); then echo "  RESULT: PASS"; else echo "  RESULT: FAIL"; fi
    exit "$status"
}

echo "== machine: $(nproc) cores; load average $(cut -d' ' -f1-3 /proc/loadavg)"
command -v nvidia-smi >/dev/null && nvidia-smi --query-gpu=name,memory.total,driver_version --format=csv,noheader
command -v cmake >/dev/null || { fail "cmake not found"; finish; }

# libtorch from PyTorch: its CMake prefix, whether it has CUDA, and its C++ ABI.
torch_info=$(python3 - <<'EOF' 2>&1
import torch
print(torch.utils.cmake_prefix_path)
print(int(torch.cuda.is_available()))
print(int(torch._C._GLIBCXX_USE_CXX11_ABI))
print(torch.__version__, torch.version.cuda)
print(torch.__version__.split(".")[0])
EOF
) || { echo "$torch_info"; fail "python3 cannot import torch (pip install torch)"; finish; }
prefix=$(sed -n 1p <<<"$torch_info")
torch_cuda=$(sed -n 2p <<<"$torch_info")
cxx11abi=$(sed -n 3p <<<"$torch_info")
note "torch $(sed -n 4p <<<"$torch_info") at $prefix; CUDA usable from Python: $torch_cuda; CXX11 ABI: $cxx11abi"
if (( $(sed -n 5p <<<"$torch_info") >= 2 )); then note "libtorch >= 2: attention uses at::scaled_dot_product_attention"
else note "libtorch 1.x: attention uses the explicit (math) path"; fi
(( torch_cuda == 1 )) || fail "torch.cuda.is_available() is false: no GPU or a CPU-only torch"

# Every translation unit must use libtorch's std::string ABI (pip wheels before 2.6 use the old one).
cxxflags="-D_GLIBCXX_USE_CXX11_ABI=$cxx11abi"
generator=()
command -v ninja >/dev/null && generator=(-G Ninja)
# libtorch's CMake config looks for the CUDA toolkit; point it at the usual place when nvcc is not on PATH.
cuda_args=()
if ! command -v nvcc >/dev/null; then
    for d in /usr/local/cuda /usr/local/cuda-12 /usr/lib/cuda; do
        [[ -x "$d/bin/nvcc" ]] && { cuda_args=(-DCUDAToolkit_ROOT="$d" -DCMAKE_CUDA_COMPILER="$d/bin/nvcc"); break; }
    done
    (( ${#cuda_args[@]} )) || echo "== note: no nvcc found; if configuring fails in libtorch's cuda.cmake, install the CUDA toolkit"
fi

# GoogleTest: probe with find_package(GTest) in a scratch project (the tests need it).
probe=$(mktemp -d)
cat >"$probe/CMakeLists.txt" <<'EOF'
cmake_minimum_required(VERSION 3.16)
project(probe CXX)
find_package(GTest REQUIRED)
EOF
tests=ON
if ! cmake -S "$probe" -B "$probe/b" >/dev/null 2>&1; then
    tests=OFF
    fail "GoogleTest not found (find_package(GTest) failed): the fidelity tests CANNOT be built here; benchmarks only (install libgtest-dev or set GTest_DIR)"
fi
rm -rf "$probe"

run_step "configure (models only, tests $tests)" \
    cmake -S "$here" -B "$build" "${generator[@]}" -DCMAKE_BUILD_TYPE=Release -DMEDREASONER_MODELS_ONLY=ON \
        -DMEDREASONER_BUILD_TESTS=$tests -DCMAKE_PREFIX_PATH="$prefix" -DCMAKE_CXX_FLAGS="$cxxflags" "${cuda_args[@]}" \
    || finish

jobs=$(nproc)
if [[ $tests == ON ]]; then
    run_step "build model core, tests and benchmarks ($jobs jobs)" cmake --build "$build" -j "$jobs" || finish
else
    run_step "build benchmarks ($jobs jobs)" cmake --build "$build" -j "$jobs" --target sam_benchmark qwen_benchmark \
        make_qwen_folder memory_bandwidth medsam2_benchmark || finish
fi

if [[ $tests == ON ]]; then
    run_step "fidelity tests (ctest)" ctest --test-dir "$build" --output-on-failure -j 4 --timeout 300
fi
run_step "sam_benchmark --device cuda" "$build/benchmarks/sam_benchmark" --device cuda --runs 5
run_step "sam_benchmark --device cuda --half" "$build/benchmarks/sam_benchmark" --device cuda --half --runs 5
run_step "medsam2_benchmark --device cuda" "$build/benchmarks/medsam2_benchmark" --device cuda --runs 5
run_step "qwen_benchmark --device cuda (bfloat16)" "$build/benchmarks/qwen_benchmark" --device cuda --dtype bfloat16 \
    --layers 4 --vision-layers 4 --prompt-tokens 512 --new-tokens 32 --runs 5

# The full-size real path: writing the folder takes ~1-3 minutes on a fast disk, so it runs only
# with enough time left (or when the folder is already there).
folder="${QWEN7B_FOLDER:-/tmp/qwen7b-shaped}"
if [[ "${FULL_SIZE:-1}" == 1 ]]; then
    if [[ ! -f "$folder/.complete" ]] && (( $(left) > 240 )); then
        run_step "write the 7B-shaped folder ($folder)" "$build/benchmarks/make_qwen_folder" --out "$folder" \
            --tokenizer-from "$here/tests/fixtures/qwen2_5_vl-tiny" && echo "layers=28 vision_layers=32" >"$folder/.complete"
    fi
    if [[ -f "$folder/.complete" ]] && (( $(left) > 60 )); then
        run_step "memory bandwidth of the host" "$build/benchmarks/memory_bandwidth" --gib 2
        run_step "7B-shaped real path, cuda bfloat16, 840x840" "$build/benchmarks/qwen_benchmark" --folder "$folder" \
            --device cuda --dtype bfloat16 --image-size 840 --new-tokens 64
    else
        note "skipped: the 7B-shaped real path (not enough time left to write $folder)"
    fi
fi
finish
