#!/usr/bin/env bash
# CSV → report throughput and peak memory of the `rapport` CLI at 100k and 1M
# generated responses (8 waves). Prints a Markdown table for BENCHMARKS.md.
# Peak memory is /usr/bin/time's "Maximum resident set size". Both sizes run
# in the same invocation, one after the other, so the ratio is like for like.
# Usage: scripts/bench/throughput.sh [runs per size, default 3]
set -euo pipefail
cd "$(dirname "$0")/../.."
runs=${1:-3}
cargo build --release -p rapport-cli -q
bin=target/release/rapport
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
printf '| responses | file size | best wall time | rows/s | MB/s | peak RSS |\n|---:|---:|---:|---:|---:|---:|\n'
for n in 100000 1000000; do
  f="$dir/r$n.csv"
  "$bin" sample --waves 8 --respondents $((n / 8)) --seed 1 -o "$f"
  bytes=$(stat -c %s "$f")
  best=""; peak=0
  for _ in $(seq "$runs"); do
    /usr/bin/time -f '%e %M' -o "$dir/time" "$bin" report "$f" --format json -o "$dir/out.json" -q
    read -r secs kb < "$dir/time"
    if [ -z "$best" ] || awk "BEGIN{exit !($secs < $best)}"; then best=$secs; fi
    [ "$kb" -gt "$peak" ] && peak=$kb
  done
  rows=$(( $(wc -l < "$f") - 1 ))
  awk -v n="$rows" -v b="$bytes" -v s="$best" -v kb="$peak" 'BEGIN{
    printf "| %d | %.1f MB | %.2f s | %.0f | %.1f | %.1f MB |\n", n, b/1e6, s, n/s, b/1e6/s, kb/1024 }'
done
