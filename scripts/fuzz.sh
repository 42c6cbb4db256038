#!/bin/sh
# Fuzz every target of fuzz/ for SECONDS each (default 60), one after the
# other, and print the executions and crashes of each. See FUZZING.md.
#
#   scripts/fuzz.sh [SECONDS]
#
# Installs cargo-fuzz when it is missing; needs the nightly toolchain.
# Corpora grow in fuzz/corpus/<target> (seeded from tests/corpus, tests/data,
# examples and fuzz/seeds); crashes go to fuzz/artifacts/<target>.
# Environment: FUZZ_TARGETS (default: every target), FUZZ_RUNS (stop a
# target after this many executions, per worker, SECONDS still bounding it), FUZZ_SANITIZER
# (default none: the core has no unsafe code; "address" to check the
# dependencies' unsafe code too), FUZZ_JOBS (parallel workers per target,
# default 1), FUZZ_TRACE_COMPARES (default 1; 0 builds without libFuzzer's
# comparison tracing: two to four times the executions per second, coarser
# guidance).
set -eu

seconds=${1:-60}
root=$(cd "$(dirname "$0")/.." && pwd)
fuzz="$root/fuzz"
targets=${FUZZ_TARGETS:-"csv json_responses instrument mapping options action_log aggregates"}
sanitizer=${FUZZ_SANITIZER:-none}
jobs=${FUZZ_JOBS:-1}
runs=${FUZZ_RUNS:-}
build_flags="--sanitizer $sanitizer"
[ "${FUZZ_TRACE_COMPARES:-1}" = 0 ] && build_flags="$build_flags --no-trace-compares"

if ! cargo fuzz --version >/dev/null 2>&1; then
    echo "installing cargo-fuzz" >&2
    cargo install cargo-fuzz --version '^0.13'
fi

# Seeds: $1 target, $2 prefix (a flags byte, or empty), then files. Long
# CSV files are cut to their first lines (the targets take at most 8 KiB).
seed() {
    target=$1 prefix=$2
    shift 2
    mkdir -p "$fuzz/corpus/$target"
    for f in "$@"; do
        [ -f "$f" ] || continue
        out="$fuzz/corpus/$target/seed-$(basename "$f")"
        { printf "$prefix"; head -c 6000 "$f"; } >"$out"
    done
}
seed csv '\000' "$root"/tests/corpus/*.csv "$root"/tests/data/*.csv "$root"/examples/data/*.csv
seed json_responses '\000' "$fuzz"/seeds/json_responses/*
seed instrument '' "$root"/crates/rapport/src/default_instrument.json "$root"/examples/instruments/*.json
seed options '' "$fuzz"/seeds/options/*
seed action_log '' "$root"/examples/data/action-log.json "$fuzz"/seeds/action_log/*
# Saved aggregates: the body after the signature and version, without the
# checksum (the target adds them).
mkdir -p "$fuzz/corpus/aggregates"
for a in "$fuzz"/seeds/aggregates/*.agg; do
    n=$(($(wc -c <"$a") - 18))
    tail -c +11 "$a" | head -c "$n" >"$fuzz/corpus/aggregates/seed-$(basename "$a")"
done
mkdir -p "$fuzz/corpus/mapping"
for m in "$root"/tests/corpus/*mapping*.json; do
    { cat "$m"; printf '\000'; cat "$root/tests/corpus/export_with_mapping.csv"; } \
        >"$fuzz/corpus/mapping/seed-$(basename "$m")"
done

cd "$fuzz"
# shellcheck disable=SC2086 # $build_flags is a few flags
cargo +nightly fuzz build $build_flags >&2

status=0
summary=""
for t in $targets; do
    max_len=8192
    [ "$t" = instrument ] && max_len=16384
    [ "$t" = aggregates ] && max_len=65536
    log="$fuzz/artifacts/$t.log"
    mkdir -p "$fuzz/artifacts/$t"
    stamp="$fuzz/artifacts/$t.start"
    touch "$stamp"
    echo "fuzzing $t for ${seconds}s" >&2
    parallel=""
    [ "$jobs" -gt 1 ] && parallel="-jobs=$jobs -workers=$jobs"
    [ -n "$runs" ] && parallel="$parallel -runs=$runs"
    # shellcheck disable=SC2086 # $build_flags, $parallel: a few flags or none
    if cargo +nightly fuzz run $build_flags "$t" "corpus/$t" -- \
        -max_total_time="$seconds" -max_len="$max_len" -timeout=20 -rss_limit_mb=2048 \
        $parallel -print_final_stats=1 >"$log" 2>&1; then
        crashes=0
    else
        crashes=$(find "$fuzz/artifacts/$t" -type f -newer "$stamp" \
            \( -name 'crash-*' -o -name 'timeout-*' -o -name 'oom-*' \) | wc -l)
        [ "$crashes" -gt 0 ] || crashes="failed (see $log)"
        status=1
    fi
    # With -jobs, libFuzzer copies each worker's log (fuzz-N.log) into its
    # own output when the worker ends: count the target's log only.
    execs=$(grep -h 'stat::number_of_executed_units' "$log" 2>/dev/null | awk '{n += $2} END {print n + 0}')
    rm -f "$fuzz"/fuzz-*.log
    summary="$summary$(printf '%-16s %14s executions   crashes: %s' "$t" "$execs" "$crashes")
"
done
printf '\n%-16s %14s\n%s' target executions "$summary"
exit $status
