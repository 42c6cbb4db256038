#!/usr/bin/env bash
# Builds the browser package (bindings/wasm) and runs its tests:
# wasm-bindgen-test in Node and in headless Chromium, `node --test` over the
# JS API (reference vectors, CLI parity), and the end-to-end tests of the web
# components and of the CLI's HTML report in Chromium (playwright-core),
# with screenshots in target/screenshots/. Builds two modules from bindings/wasm: the full one
# (pkg/rapport_wasm_bg.wasm: scoring, the report, charts) and the survey's
# small one (pkg/rapport_lite_bg.wasm, `rapport-wasm/lite`: the same core
# without the `scoring` and `import` features: no analytics, no survey-tool
# exports), and checks their gzipped sizes against a guard each (the build
# fails above it), set a little above the size last measured so that growth
# is seen. The budget is 150 KB gzipped: the small module, the one every
# respondent's survey page downloads, is within it; the full module (every
# analysis of the report, the publication plan and its audit, the core's SVG
# charts, survey-tool exports) is over it. Both sizes are printed on every
# run; the gap is described in bindings/wasm/README.md.
#
# Usage: ./scripts/test-wasm.sh              set up, build, test
#        ./scripts/test-wasm.sh --build-only set up and build bindings/wasm/pkg
# Idempotent; needs no stdin (CI=true). On a fresh Debian 12 it installs the
# wasm32 target, wasm-bindgen-cli (same version as Cargo.lock), Chromium and
# chromedriver (apt) and the npm dev dependencies (npm ci).
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
WASM_DIR=bindings/wasm
BUDGET_BYTES=153600 # 150 KB gzipped: the target of both modules
LITE_GUARD_BYTES=$BUDGET_BYTES # the survey module fails the build above the target (153,421 bytes when last measured: it reads rapport's own CSV and JSON, no survey-tool exports)
GUARD_BYTES=396288 # 387 KiB gzipped: the full module fails the build above it (395,552 bytes when set, 396,127 when last measured; the goal for a scoring page is 200 KB, see bindings/wasm/README.md; lower it as it shrinks)
BUILD_ONLY=0
[[ "${1:-}" == "--build-only" ]] && BUILD_ONLY=1

step() { printf '\n==> %s\n' "$*"; }
as_root() { if [[ $(id -u) -eq 0 ]]; then "$@"; else sudo -n "$@"; fi; }
started=$(date +%s)

step "toolchain: wasm32 target, wasm-bindgen-cli"
if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  rustup target add wasm32-unknown-unknown
fi
WB_VERSION=$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/[^0-9.]/, ""); print; exit }' Cargo.lock)
if [[ "$(wasm-bindgen --version 2>/dev/null | awk '{print $2}')" != "$WB_VERSION" ]]; then
  # Not --locked: the CLI's own lock pins a crate version the registry no longer serves.
  cargo install wasm-bindgen-cli --version "$WB_VERSION"
fi
echo "wasm-bindgen $WB_VERSION"

if [[ $BUILD_ONLY -eq 0 ]]; then
  step "browser: chromium and chromedriver"
  if ! command -v chromium >/dev/null || ! command -v chromedriver >/dev/null; then
    as_root apt-get update -q
    DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -q chromium chromium-driver
  fi
  chromium --version
fi

step "npm ci (binaryen for wasm-opt, playwright-core)"
if [[ ! -x $WASM_DIR/node_modules/.bin/wasm-opt ]] || ! (cd $WASM_DIR && npm ls --silent >/dev/null 2>&1); then
  (cd $WASM_DIR && npm ci --no-audit --no-fund)
fi

export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-$ROOT/target}
RAW=$CARGO_TARGET_DIR/wasm32-unknown-unknown/wasm-release/rapport_wasm.wasm
rm -rf $WASM_DIR/pkg
# build <name> <cargo feature flags>: cargo (profile wasm-release) →
# wasm-bindgen → wasm-opt -Oz, then binaryen's flatten + rereloop
# (restructures control flow) and -Oz twice more: 2.8 KB smaller gzipped
# than one -Oz, for ~25 s more.
build() {
  local name=$1
  shift
  cargo build -p rapport-wasm --target wasm32-unknown-unknown --profile wasm-release "$@"
  wasm-bindgen --target web --out-dir $WASM_DIR/pkg --out-name "$name" "$RAW"
  "$WASM_DIR/node_modules/.bin/wasm-opt" -Oz --flatten --rereloop -Oz -Oz --strip-debug --strip-producers \
    --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext --enable-mutable-globals \
    --enable-multivalue --enable-reference-types \
    "$WASM_DIR/pkg/${name}_bg.wasm" -o "$WASM_DIR/pkg/${name}_bg.wasm.opt"
  mv "$WASM_DIR/pkg/${name}_bg.wasm.opt" "$WASM_DIR/pkg/${name}_bg.wasm"
}
step "build: the survey module (rapport-wasm/lite, no \`scoring\` feature)"
build rapport_lite --no-default-features
step "build: the full module"
build rapport_wasm

SIZE_OK=1
# size <name> <fail above> <target>: prints the gzipped size; fails the build above the limit.
size() {
  local file=$WASM_DIR/pkg/$1_bg.wasm limit=$2 target=$3 raw gz
  raw=$(wc -c <"$file")
  gz=$(gzip -9 -c "$file" | wc -c)
  awk -v n="$1" -v r="$raw" -v g="$gz" -v b="$target" \
    'BEGIN { printf "%s_bg.wasm: %d bytes, %d bytes gzipped (%.1f KB; target %d KB, %+.1f KB)\n", n, r, g, g / 1024, b / 1024, (g - b) / 1024 }'
  if ((gz > limit)); then
    echo "error: $1_bg.wasm is $gz bytes gzipped, over the limit of $limit" >&2
    SIZE_OK=0
  elif ((gz > target)); then
    echo "warning: $1_bg.wasm is over the 150 KB target (not met; see bindings/wasm/README.md)" >&2
  fi
}
step "size, gzipped (target 150 KB; limits: survey module $((LITE_GUARD_BYTES / 1024)) KB, full module $((GUARD_BYTES / 1024)) KB)"
size rapport_lite $LITE_GUARD_BYTES $BUDGET_BYTES
size rapport_wasm $GUARD_BYTES $BUDGET_BYTES

if [[ $BUILD_ONLY -eq 1 ]]; then
  echo "built $WASM_DIR/pkg in $(($(date +%s) - started)) s"
  exit $((1 - SIZE_OK))
fi

step "clippy (wasm32, warnings are errors)"
cargo clippy -p rapport-wasm --target wasm32-unknown-unknown -- -D warnings
cargo clippy -p rapport-wasm --target wasm32-unknown-unknown --no-default-features -- -D warnings

step "wasm-bindgen-test in Node"
cargo test -p rapport-wasm --target wasm32-unknown-unknown

step "wasm-bindgen-test in headless Chromium"
CHROMEDRIVER=$(command -v chromedriver) WASM_BINDGEN_USE_BROWSER=1 \
  cargo test -p rapport-wasm --target wasm32-unknown-unknown

step "rapport CLI (for the parity test and the HTML report's end-to-end test)"
cargo build --release -p rapport-cli
export RAPPORT_CLI=$CARGO_TARGET_DIR/release/rapport
mkdir -p target/e2e
"$RAPPORT_CLI" report examples/data/responses.csv --format html --actions examples/data/action-log.json \
  -o target/e2e/report.html
export RAPPORT_REPORT_HTML=$ROOT/target/e2e/report.html

step "end-to-end: web components in Chromium (playwright-core)"
mkdir -p target/screenshots
export RAPPORT_SCREENSHOTS=$ROOT/target/screenshots
# A stuck browser must not eat CI's time: each test gets two minutes, the
# whole run five. No retry: the hangs seen here came from a test that waited
# for an event it could miss, and a retry would hide the next such race.
timeout 300 node --test --test-timeout=120000 $WASM_DIR/test/e2e/

step "node --test: the JS API"
node --test $WASM_DIR/test/*.test.mjs

echo "test-wasm.sh finished in $(($(date +%s) - started)) s"
exit $((1 - SIZE_OK))
