#!/usr/bin/env bash
# Workbook → report beside CSV → report: the same ~100k generated responses
# (8 waves) as CSV and as .xlsx (numbers as number cells, written by the
# csv_to_xlsx example), each read by `rapport report --format json`, runs
# alternating so the ratio is like for like. Best wall time of the runs and
# the largest peak RSS (/usr/bin/time's "Maximum resident set size").
# Usage: scripts/bench/xlsx.sh [runs, default 3] [responses, default 100000]
set -euo pipefail
cd "$(dirname "$0")/../.."
runs=${1:-3}
n=${2:-100000}
cargo build --release -p rapport-cli -q --bin rapport --example csv_to_xlsx
target=${CARGO_TARGET_DIR:-target}
bin=$target/release/rapport
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
"$bin" sample --waves 8 --respondents $((n / 8)) --seed 1 -o "$dir/r.csv"
"$target/release/examples/csv_to_xlsx" "$dir/r.csv" "$dir/r.xlsx"
declare -A best peak
for _ in $(seq "$runs"); do
  for ext in csv xlsx; do
    /usr/bin/time -f '%e %M' -o "$dir/time" "$bin" report "$dir/r.$ext" --format json -o "$dir/out.$ext.json" -q
    read -r secs kb < "$dir/time"
    if [ -z "${best[$ext]:-}" ] || awk "BEGIN{exit !($secs < ${best[$ext]})}"; then best[$ext]=$secs; fi
    [ "$kb" -gt "${peak[$ext]:-0}" ] && peak[$ext]=$kb
  done
done
cmp -s "$dir/out.csv.json" "$dir/out.xlsx.json" && same=yes || same=no
rows=$(( $(wc -l < "$dir/r.csv") - 1 ))
printf '| input | responses | file size | best wall time | peak RSS |\n|---|---:|---:|---:|---:|\n'
for ext in csv xlsx; do
  awk -v e="$ext" -v n="$rows" -v b="$(stat -c %s "$dir/r.$ext")" -v s="${best[$ext]}" -v kb="${peak[$ext]}" \
    'BEGIN{ printf "| %s | %d | %.1f MB | %.2f s | %.1f MB |\n", e, n, b/1e6, s, kb/1024 }'
done
echo "same JSON report from both: $same"
