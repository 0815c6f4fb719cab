#!/usr/bin/env bash
# CI's sanitizer step (.ci/run runs it after scripts/test.sh): a second build tree of the engine
# only (no GUI), built with clang, AddressSanitizer + UndefinedBehaviorSanitizer and libFuzzer
# coverage; it runs the engine tests chosen below there, then each fuzz target of tests/fuzz for
# FUZZ_SECONDS on its seed corpus. Any finding (a sanitizer report, a crash, a leak, a timeout,
# an out-of-memory) fails the step. docs/robustness.md explains the choices and the timings.
#   scripts/sanitize.sh [--no-fuzz]   SANITIZE_BUILD_DIR, FUZZ_SECONDS (60), JOBS may be set.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build_dir="${SANITIZE_BUILD_DIR:-$here/build-sanitize}"
fuzz_seconds="${FUZZ_SECONDS:-60}"
"$here/scripts/setup.sh" --no-build  # the Debian packages (clang-14 and its libFuzzer among them)

# Only what the chosen tests and the fuzz targets need. Left out: the libtorch model tests (SAM and
# Qwen2.5-VL forward passes, the grounding pipeline and the CLI around it), whose build under
# ASan alone would take most of CI's time; their inputs (weights, configs) are fuzzed here instead.
tests=(test_core test_nn_safetensors test_nn_checkpoint test_nn_hostile_checkpoint test_imaging_io
       test_imaging_dicom test_imaging_hostile test_dataset_records test_dataset_store test_eval_metrics
       test_eval_runner test_reason_tokenizer test_reason_answer test_reason_chat mask_edit_test)

start=$(date +%s)
CC=clang-14 CXX=clang++-14 cmake -S "$here" -B "$build_dir" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DMEDREASONER_ENGINE_ONLY=ON -DMEDREASONER_SANITIZE=ON -DMEDREASONER_FUZZ=ON ${CMAKE_ARGS:-} >/dev/null
# Every libFuzzer program tests/fuzz/CMakeLists.txt declares (a new target is fuzzed without editing this).
mapfile -t fuzz_targets <"$build_dir/fuzz_targets.txt"
targets=("${tests[@]}")
for t in "${fuzz_targets[@]}"; do targets+=("${t}_fuzz" "${t}_replay"); done
cmake --build "$build_dir" --parallel "${JOBS:-$(nproc)}" --target "${targets[@]}"
built=$(date +%s)
echo "sanitize: built in $((built - start)) s"

# halt_on_error/abort: the first report fails; detect_leaks: a leak is a finding too.
export ASAN_OPTIONS="abort_on_error=1:halt_on_error=1:detect_leaks=1:detect_stack_use_after_return=1"
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1"
regex="^($(IFS='|'; echo "${tests[*]}")|fuzz_replay_.*)$"
ctest --test-dir "$build_dir" --output-on-failure --timeout 900 -R "$regex"
tested=$(date +%s)
echo "sanitize: tests ran in $((tested - built)) s"

[ "${1:-}" = "--no-fuzz" ] && exit 0
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
# One fuzz target per core at a time (libFuzzer runs one process per target): each still gets its
# FUZZ_SECONDS. A copy of the seeds is fuzzed: libFuzzer adds what it finds to that folder.
fuzz_one() {
  local t=$1
  mkdir -p "$work/$t"
  cp -r "$here/tests/fuzz/corpus/$t/." "$work/$t/"
  local rc=0
  (cd "$work" && "$build_dir/tests/fuzz/${t}_fuzz" -max_total_time="$fuzz_seconds" -timeout=25 \
     -rss_limit_mb=2560 -print_final_stats=1 -artifact_prefix="$work/$t-" "$work/$t" >"$work/$t.log" 2>&1) || rc=$?
  echo "$rc" >"$work/$t.rc"
}
for t in "${fuzz_targets[@]}"; do
  while (( $(jobs -rp | wc -l) >= ${JOBS:-$(nproc)} )); do wait -n || true; done
  fuzz_one "$t" &
done
wait
failed=0
for t in "${fuzz_targets[@]}"; do
  if [ "$(cat "$work/$t.rc")" != 0 ]; then
    cat "$work/$t.log"
    echo "sanitize: fuzz target $t found a problem; the input is above (base64) and in $work"
    failed=1
  else
    echo "sanitize: $t: $(grep -o 'Done [0-9]* runs in [0-9]* second(s)' "$work/$t.log"), corpus $(ls "$work/$t" | wc -l) files"
  fi
done
if ((failed)); then
  trap - EXIT
  exit 1
fi
echo "sanitize: fuzzed in $(( $(date +%s) - tested )) s; total $(( $(date +%s) - start )) s"
