#!/usr/bin/env bash
# CSV → report throughput and peak memory of the `rapport` CLI on generated
# responses (8 waves). Prints a Markdown table for BENCHMARKS.md.
# CPU time is /usr/bin/time's user time (the machine is shared: wall time
# depends on what else runs); peak memory its "Maximum resident set size".
# Every size runs in the same invocation, so ratios are like for like.
#
# Usage: scripts/bench/throughput.sh [runs per size, default 3]
# Environment:
#   SIZES  responses per file (default "100000 1000000"; add 10000000 for
#          the memory target: an 867 MB file)
#   BIN    the build to measure (default: this checkout, built here)
#   BASE   another build of rapport to run side by side on the same files,
#          runs alternating with this build's; its JSON report must be
#          byte for byte this build's (checked with cmp)
set -euo pipefail
cd "$(dirname "$0")/../.."
runs=${1:-3}
sizes=${SIZES:-100000 1000000}
if [ -z "${BIN:-}" ]; then
  cargo build --release -p rapport-cli -q
fi
bin=${BIN:-${CARGO_TARGET_DIR:-target}/release/rapport}
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
builds=("$bin")
[ -n "${BASE:-}" ] && builds+=("$BASE")
printf '| build | responses | file size | best CPU (user) | best wall | rows/s (CPU) | peak RSS |\n'
printf '|---|---:|---:|---:|---:|---:|---:|\n'
for n in $sizes; do
  f="$dir/r$n.csv"
  "$bin" sample --waves 8 --respondents $((n / 8)) --seed 1 -o "$f"
  bytes=$(stat -c %s "$f")
  rows=$(( $(wc -l < "$f") - 1 ))
  declare -A best_user=() best_wall=() peak=()
  for _ in $(seq "$runs"); do
    for k in "${!builds[@]}"; do
      /usr/bin/time -f '%U %e %M' -o "$dir/time" "${builds[$k]}" report "$f" --format json -o "$dir/out$k.json" -q
      read -r user wall kb < "$dir/time"
      if [ -z "${best_user[$k]:-}" ] || awk "BEGIN{exit !($user < ${best_user[$k]})}"; then best_user[$k]=$user; fi
      if [ -z "${best_wall[$k]:-}" ] || awk "BEGIN{exit !($wall < ${best_wall[$k]})}"; then best_wall[$k]=$wall; fi
      [ "$kb" -gt "${peak[$k]:-0}" ] && peak[$k]=$kb
    done
  done
  if [ ${#builds[@]} -gt 1 ]; then cmp "$dir/out0.json" "$dir/out1.json"; fi
  for k in "${!builds[@]}"; do
    name=$([ "$k" -eq 0 ] && echo "this build" || echo "before")
    awk -v w="$name" -v n="$rows" -v b="$bytes" -v u="${best_user[$k]}" -v s="${best_wall[$k]}" -v kb="${peak[$k]}" 'BEGIN{
      printf "| %s | %d | %.1f MB | %.2f s | %.2f s | %.0f | %.1f MB |\n", w, n, b/1e6, u, s, n/u, kb/1024 }'
  done
  unset best_user best_wall peak
  rm -f "$f"
done
