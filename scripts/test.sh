#!/usr/bin/env bash
# Sets up what the tests need and runs every test: formatting, lints,
# rustdoc without warnings, the core crate's package, unit, integration,
# property and doc tests (the crate README's examples among them), a wasm32
# check of the core, and a check that the core's dependency tree has no
# binding crates.
# Usage: ./scripts/test.sh            (from the repository root, or anywhere)
set -euo pipefail
cd "$(dirname "$0")/.."

step() { printf '\n==> %s\n' "$*"; }

step "toolchain: wasm32-unknown-unknown target"
if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  rustup target add wasm32-unknown-unknown
fi
rustup component list --installed | grep -q '^rustfmt' || rustup component add rustfmt
rustup component list --installed | grep -q '^clippy' || rustup component add clippy

step "cargo fmt --check"
cargo fmt --all -- --check

step "module structure: no cycles between or inside stages, no function over 150 lines"
python3 scripts/check_modules.py

step "cargo clippy (all targets, warnings are errors)"
cargo clippy --workspace --all-targets -- -D warnings

step "cargo doc (rustdoc warnings, such as broken links, are errors)"
RUSTDOCFLAGS="-D warnings" cargo doc --workspace --no-deps

step "cargo package: the core crate as published, with its README and licenses"
# The crate carries copies of the licenses (cargo packages only files under
# the crate's folder): they must equal the repository's.
for license in LICENSE-MIT LICENSE-APACHE; do
  cmp "$license" "crates/rapport/$license" || { echo "error: crates/rapport/$license differs from $license" >&2; exit 1; }
done
cargo package -p rapport --allow-dirty --no-verify --quiet
crate=$(ls -t "${CARGO_TARGET_DIR:-target}"/package/rapport-[0-9]*.crate | head -n 1)
listing=$(tar -tzf "$crate")
for file in Cargo.toml README.md LICENSE-MIT LICENSE-APACHE src/lib.rs; do
  grep -q "^rapport-[^/]*/$file\$" <<<"$listing" || { echo "error: $crate has no $file" >&2; exit 1; }
done
echo "ok: $crate ($(grep -c . <<<"$listing") files)"

step "core builds for wasm32-unknown-unknown"
cargo check -p rapport --target wasm32-unknown-unknown

step "core dependency tree is free of binding crates"
if cargo tree -p rapport -e normal,build --prefix none | grep -Ei '^(pyo3|wasm-bindgen|js-sys|web-sys)'; then
  echo "error: the core crate depends on binding code (see above)" >&2
  exit 1
fi
echo "ok: no pyo3 / wasm-bindgen / js-sys / web-sys under rapport"

step "cargo test (unit, integration, property and doc tests)"
# The binding crates are tested in their own languages below (pytest builds the
# PyO3 module with maturin; wasm-bindgen-test runs the wasm crate in Node and
# Chromium), so cargo does not build them for the host here.
cargo test --workspace --exclude rapport-python --exclude rapport-wasm

if [ -x scripts/test-wasm.sh ]; then
  step "browser: wasm build, size budget, wasm-bindgen-test, node --test, Chromium end-to-end"
  ./scripts/test-wasm.sh
fi

if [ -x scripts/test-python.sh ]; then
  step "python: wheel in a clean venv, stubtest, doctests, pytest, notebook"
  ./scripts/test-python.sh
fi
