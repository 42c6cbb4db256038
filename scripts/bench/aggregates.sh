#!/usr/bin/env bash
# Saved aggregates at scale: sample responses (`rapport sample`, about
# ROWS rows over 8 waves) split into PARTS files by row (every wave's cells
# split across parts, as the worst case for merging), `rapport aggregate` of
# each part, `rapport report --aggregates` of all of them, and `rapport
# report` of the whole file, with the release build. Prints each .agg file's
# size (and the bytes of its respondent keys), wall time and peak memory of
# each step (best of RUNS), and checks the merged report is the whole
# file's, byte for byte.
# Usage: scripts/bench/aggregates.sh [rows] [parts] [runs]
set -euo pipefail
cd "$(dirname "$0")/../.."
rows=${1:-1000000}
parts=${2:-2}
runs=${3:-3}
cargo build --release -p rapport-cli -q
bin=${CARGO_TARGET_DIR:-target}/release/rapport
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
"$bin" sample --waves 8 --respondents $((rows / 8)) -o "$dir/all.csv" 2>/dev/null
data=$(($(wc -l <"$dir/all.csv") - 1))
per=$(((data + parts - 1) / parts))
for p in $(seq 0 $((parts - 1))); do
  { head -1 "$dir/all.csv"; tail -n +2 "$dir/all.csv" | sed -n "$((p * per + 1)),$(((p + 1) * per))p"; } >"$dir/part$p.csv"
done
best() { # best <label> <command…>: best wall time of $runs runs, with its peak RSS
  local label=$1 b="" line=""
  shift
  for _ in $(seq "$runs"); do
    /usr/bin/time -f '%e %M' -o "$dir/time" "$@" >/dev/null 2>&1
    read -r secs kb <"$dir/time"
    if [ -z "$b" ] || awk "BEGIN{exit !($secs < $b)}"; then b=$secs line=$kb; fi
  done
  awk -v l="$label" -v s="$b" -v kb="$line" 'BEGIN{ printf "| %s | %.3f s | %.0f MB |\n", l, s, kb / 1024 }'
}
echo "$data responses in $parts parts"
printf '| step | best wall | peak RSS |\n|---|---:|---:|\n'
for p in $(seq 0 $((parts - 1))); do
  best "aggregate part$p.csv" "$bin" aggregate "$dir/part$p.csv" -o "$dir/part$p.agg" -q
done
aggs=()
for p in $(seq 0 $((parts - 1))); do aggs+=("$dir/part$p.agg"); done
best "report --aggregates (merge + report)" "$bin" report --aggregates "${aggs[@]}" --format json -o "$dir/merged.json"
best "report of the whole CSV" "$bin" report "$dir/all.csv" --format json -o "$dir/whole.json"
cmp -s "$dir/merged.json" "$dir/whole.json" && echo "merged report = whole file's report, byte for byte" ||
  { echo "error: the merged report differs from the whole file's" >&2; exit 1; }
for p in $(seq 0 $((parts - 1))); do
  size=$(wc -c <"$dir/part$p.agg")
  n=$(($(wc -l <"$dir/part$p.csv") - 1))
  echo "part$p.agg: $size bytes for $n respondents"
done
