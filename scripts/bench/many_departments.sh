#!/usr/bin/env bash
# The publication plan at scale, end to end: a 1M-row file with 50,000
# departments (scripts/bench/many_departments.py: 4 waves, 2 sides, 4 roles),
# `rapport report FILE --format json` and `rapport privacy FILE --format json`
# with the release build. Prints wall, user and system time and peak memory
# of each, best wall time of N runs (default 1). Set RAPPORT_BASE to another
# build of `rapport` to time it side by side in the same run.
# Usage: scripts/bench/many_departments.sh [runs] [rows] [departments]
set -euo pipefail
cd "$(dirname "$0")/../.."
runs=${1:-1}
rows=${2:-1000000}
departments=${3:-50000}
cargo build --release -p rapport-cli -q
bin=${CARGO_TARGET_DIR:-target}/release/rapport
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
python3 scripts/bench/many_departments.py "$rows" "$departments" "$dir/many.csv"
printf '| build | command | best wall | user | sys | peak RSS |\n|---|---|---:|---:|---:|---:|\n'
for build in "$bin" ${RAPPORT_BASE:+"$RAPPORT_BASE"}; do
  for cmd in report privacy; do
    best=""
    for _ in $(seq "$runs"); do
      /usr/bin/time -f '%e %U %S %M' -o "$dir/time" "$build" "$cmd" "$dir/many.csv" --format json -o "$dir/out.json" -q
      read -r secs user sys kb < "$dir/time"
      if [ -z "$best" ] || awk "BEGIN{exit !($secs < $best)}"; then best=$secs; line="$user $sys $kb"; fi
    done
    read -r user sys kb <<< "$line"
    awk -v b="$build" -v c="$cmd" -v s="$best" -v u="$user" -v y="$sys" -v kb="$kb" 'BEGIN{
      printf "| %s | %s | %.2f s | %.2f s | %.2f s | %.0f MB |\n", b, c, s, u, y, kb/1024 }'
  done
done
