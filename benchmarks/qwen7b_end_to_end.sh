#!/usr/bin/env bash
# The real 7B reasoner path at full size, timed as a user runs it: `medreasoner ground` on a
# Qwen2.5-VL-7B-shaped folder (random bfloat16 weights in the released 5-shard layout + index,
# ~16.6 GB, tokenizer files from the tiny fixture) and a synthetic 840x840 image, once per dtype.
# Prints per run: the dtype and why, load time, peak RSS (the tool's own figure and /usr/bin/time's),
# peak RSS / bf16 weight bytes, vision tower ms, prefill and decode tokens/s; and the memory-bandwidth
# floor of decoding measured in the same run. Asserts nothing; never run by CI.
#
#   benchmarks/qwen7b_end_to_end.sh [--build DIR] [--folder DIR] [--dtypes "auto bfloat16 int8"]
#                                   [--new-tokens 16] [--image-size 840] [--device cpu|cuda]
#                                   [--layers 28] [--vision-layers 32] [--out DIR]
#
# The folder (default /tmp/qwen7b-shaped) is written on first use and reused after; delete it to
# free the disk. Needs the disk space and, for bfloat16, about 17 GB of free memory: run it alone.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build="$here/build"
folder="${QWEN7B_FOLDER:-/tmp/qwen7b-shaped}"
dtypes="auto int8"
new_tokens=16
image_size=840
device=cpu
layers=28
vision_layers=32
out=""
while (($#)); do
    case "$1" in
        --build) build="$2"; shift 2 ;;
        --folder) folder="$2"; shift 2 ;;
        --dtypes) dtypes="$2"; shift 2 ;;
        --new-tokens) new_tokens="$2"; shift 2 ;;
        --image-size) image_size="$2"; shift 2 ;;
        --device) device="$2"; shift 2 ;;
        --layers) layers="$2"; shift 2 ;;
        --vision-layers) vision_layers="$2"; shift 2 ;;
        --out) out="$2"; shift 2 ;;
        *) sed -n '2,16p' "$0"; exit 2 ;;
    esac
done
tool="$build/app/cli/medreasoner"
maker="$build/benchmarks/make_qwen_folder"
bandwidth="$build/benchmarks/memory_bandwidth"
for b in "$tool" "$maker" "$bandwidth"; do
    [[ -x "$b" ]] || { echo "missing $b: cmake --build $build --target medreasoner make_qwen_folder memory_bandwidth"; exit 1; }
done
out="${out:-$(mktemp -d /tmp/qwen7b-run.XXXXXX)}"
mkdir -p "$out"

# The folder: written once per shape (the stamp names it), reused after.
stamp="layers=$layers vision_layers=$vision_layers"
image="$folder/test-${image_size}.bmp"
if [[ "$(cat "$folder/.complete" 2>/dev/null)" != "$stamp" ]]; then
    echo "== writing a Qwen2.5-VL-7B-shaped folder ($stamp) to $folder"
    rm -rf "$folder"
    t0=$(date +%s)
    "$maker" --out "$folder" --tokenizer-from "$here/tests/fixtures/qwen2_5_vl-tiny" --layers "$layers" \
        --vision-layers "$vision_layers"
    echo "$stamp" >"$folder/.complete"
    echo "   written in $(( $(date +%s) - t0 )) s: $(du -sh "$folder" | cut -f1)"
fi
[[ -f "$image" ]] || "$maker" --out "$out/scratch" --tokenizer-from "$here/tests/fixtures/qwen2_5_vl-tiny" \
    --layers 1 --vision-layers 1 --image "$image" --image-size "$image_size" >/dev/null 2>&1
rm -rf "$out/scratch"

# Bytes decoding reads per token: the decoder's linear layers and lm_head (Qwen2.5-VL-7B shapes).
params_per_token=$(( layers * 233046016 + 544997376 ))
bf16_bytes=$(( 2 * params_per_token ))
int8_bytes=$(( params_per_token ))
weights_bf16=$(du -cb "$folder"/model-*.safetensors | tail -1 | cut -f1)

echo "== machine: $(nproc) cores, $(grep MemTotal /proc/meminfo | awk '{printf "%.1f GiB", $2/1048576}') RAM," \
     "MemAvailable $(grep MemAvailable /proc/meminfo | awk '{printf "%.1f GiB", $2/1048576}'), load average $(cut -d' ' -f1-3 /proc/loadavg)"
echo "== folder: $folder ($stamp, $(awk -v b="$weights_bf16" 'BEGIN{printf "%.2f GB", b/1e9}') of bf16 weights); image ${image_size}x${image_size}; $new_tokens new tokens; device $device"
"$bandwidth" --gib 2 --weight-bytes "$bf16_bytes" --weight-bytes "$int8_bytes" | sed 's/^/   /'
echo "   (first line after the figure: bfloat16 decode floor; second: int8)"

for dtype in $dtypes; do
    echo "== medreasoner ground --dtype $dtype"
    set +e
    /usr/bin/time -v "$tool" ground --reasoner "$folder" "$image" "Where is the lesion?" --answer-only --json \
        --max-new-tokens "$new_tokens" --device "$device" --dtype "$dtype" >"$out/ground-$dtype.json" \
        2>"$out/ground-$dtype.stderr"
    rc=$?
    set -e
    grep -E '^(reasoner|speed):' "$out/ground-$dtype.stderr" | sed 's/^/   /' || true
    rss_kb=$(grep 'Maximum resident set size' "$out/ground-$dtype.stderr" | awk '{print $NF}')
    wall=$(grep 'Elapsed (wall clock)' "$out/ground-$dtype.stderr" | awk '{print $NF}')
    awk -v kb="${rss_kb:-0}" -v w="$weights_bf16" -v wall="$wall" -v rc="$rc" 'BEGIN{
        printf "   /usr/bin/time: peak RSS %.2f GB = %.3f x the bf16 weight bytes; wall %s; exit %d%s\n",
               kb*1024/1e9, kb*1024/w, wall, rc, rc==1 ? " (random weights: no parsable answer, expected)" : ""}'
    if ! grep -q '"reasoner_timings_ms": {' "$out/ground-$dtype.json"; then
        echo "   FAILED: no reasoner timings; see $out/ground-$dtype.stderr"; tail -5 "$out/ground-$dtype.stderr"
    fi
done
echo "== outputs in $out"
