#!/usr/bin/env bash
# Builds the browser package (bindings/wasm) and runs its tests:
# wasm-bindgen-test in Node and in headless Chromium, `node --test` over the
# JS API (reference vectors, CLI parity), and the end-to-end tests of the web
# components in Chromium (playwright-core), with screenshots in
# target/screenshots/. Checks the size: the build fails when the gzipped .wasm
# exceeds GUARD_BYTES. The issue's budget is 150 KB gzipped; the module is
# 260,451 bytes gzipped today (611,084 raw, with the core's SVG charts; 279,398 before issue 6's
# first round of shrinking: one shared sort, a table-free f64 parser, the
# core without its `rescan` feature, a longer wasm-opt pipeline). What is
# left is mostly the core's own code and its serde (de)serializers, BTreeMap
# code, float formatting and data (see bindings/wasm/README.md), so the guard
# (256 KiB, 1.7 KB above today) stops growth while the budget is out of reach. The gap
# is printed on every run and tracked on issue 6.
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
BUDGET_BYTES=153600 # 150 KB gzipped: the target (issue 6), not yet met
GUARD_BYTES=262144  # 256 KB gzipped: fails the build; lower it as the module shrinks
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

step "build: cargo (profile wasm-release) → wasm-bindgen → wasm-opt -Oz, flatten + rereloop, -Oz -Oz"
export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-$ROOT/target}
cargo build -p rapport-wasm --target wasm32-unknown-unknown --profile wasm-release
RAW=$CARGO_TARGET_DIR/wasm32-unknown-unknown/wasm-release/rapport_wasm.wasm
rm -rf $WASM_DIR/pkg
wasm-bindgen --target web --out-dir $WASM_DIR/pkg "$RAW"
# -Oz, then binaryen's flatten + rereloop (restructures control flow) and -Oz
# twice more: 2.8 KB smaller gzipped than one -Oz, for ~25 s more.
"$WASM_DIR/node_modules/.bin/wasm-opt" -Oz --flatten --rereloop -Oz -Oz --strip-debug --strip-producers \
  --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext --enable-mutable-globals \
  --enable-multivalue --enable-reference-types \
  $WASM_DIR/pkg/rapport_wasm_bg.wasm -o $WASM_DIR/pkg/rapport_wasm_bg.wasm.opt
mv $WASM_DIR/pkg/rapport_wasm_bg.wasm.opt $WASM_DIR/pkg/rapport_wasm_bg.wasm

step "size: .wasm gzipped (guard $((GUARD_BYTES / 1024)) KB fails the build; target $((BUDGET_BYTES / 1024)) KB)"
RAW_SIZE=$(wc -c <$WASM_DIR/pkg/rapport_wasm_bg.wasm)
GZ_SIZE=$(gzip -9 -c $WASM_DIR/pkg/rapport_wasm_bg.wasm | wc -c)
awk -v r="$RAW_SIZE" -v g="$GZ_SIZE" -v b="$BUDGET_BYTES" \
  'BEGIN { printf "rapport_wasm_bg.wasm: %d bytes, %d bytes gzipped (%.1f KB; target %d KB, %.1f KB over)\n", r, g, g / 1024, b / 1024, (g - b) / 1024 }'
SIZE_OK=1
if ((GZ_SIZE > GUARD_BYTES)); then
  echo "error: the .wasm is $GZ_SIZE bytes gzipped, over the guard of $GUARD_BYTES" >&2
  SIZE_OK=0
elif ((GZ_SIZE > BUDGET_BYTES)); then
  echo "warning: the .wasm is over the 150 KB target of issue 6 (not met yet; see bindings/wasm/README.md)" >&2
fi

if [[ $BUILD_ONLY -eq 1 ]]; then
  echo "built $WASM_DIR/pkg in $(($(date +%s) - started)) s"
  exit $((1 - SIZE_OK))
fi

step "clippy (wasm32, warnings are errors)"
cargo clippy -p rapport-wasm --target wasm32-unknown-unknown -- -D warnings

step "wasm-bindgen-test in Node"
cargo test -p rapport-wasm --target wasm32-unknown-unknown

step "wasm-bindgen-test in headless Chromium"
CHROMEDRIVER=$(command -v chromedriver) WASM_BINDGEN_USE_BROWSER=1 \
  cargo test -p rapport-wasm --target wasm32-unknown-unknown

step "rapport CLI (for the parity test)"
cargo build --release -p rapport-cli
export RAPPORT_CLI=$CARGO_TARGET_DIR/release/rapport

step "end-to-end: web components in Chromium (playwright-core)"
mkdir -p target/screenshots
export RAPPORT_SCREENSHOTS=$ROOT/target/screenshots
# A stuck browser must not eat CI's time: each test gets two minutes, the
# whole file five. One hang (no test started, Chromium idle) was seen in about
# ten runs and did not reproduce, so a timed-out run is retried once, saying
# so (as Playwright's own `retries: 1`); a real failure fails both times.
e2e() { timeout 300 node --test --test-timeout=120000 $WASM_DIR/test/e2e/; }
if ! e2e; then
  echo "end-to-end run failed or timed out; retrying once" >&2
  e2e
fi

step "node --test: the JS API"
node --test $WASM_DIR/test/*.test.mjs

echo "test-wasm.sh finished in $(($(date +%s) - started)) s"
exit $((1 - SIZE_OK))
