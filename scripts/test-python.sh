#!/usr/bin/env bash
# Builds and tests the Python package (bindings/python) the way a user gets it:
#   1. builds a release wheel with maturin (abi3, one wheel for CPython >= 3.9);
#   2. installs that wheel into a clean venv with the pinned test tools
#      (bindings/python/requirements-dev.txt) and checks it there: type stubs
#      against the built module (mypy.stubtest, mypy --strict), the notebook
#      examples/notebooks/relationship-health.ipynb executed headless
#      (nbclient; a failing cell fails the run), then pytest (reference
#      vectors, CLI parity, API tests, Arrow tables and Parquet files
#      (pyarrow, from requirements-dev.txt), every docstring example, and
#      rapport.dask on a LocalCluster with worker processes and
#      rapport.spark in Spark's local mode: the engines come from
#      bindings/python/requirements-distributed.txt, Java from apt when the
#      machine has none);
#   3. checks `pip install ./bindings/python` (a source build, as from a fresh
#      clone) in another clean venv, and that it scores the sample exactly as
#      the wheel does.
# Usage: ./scripts/test-python.sh     (from anywhere; needs Rust, python3 >= 3.9
# with venv, network access to PyPI). Venvs live under target/python/.
# Exits non-zero on any failure. Works without a terminal or stdin (CI=true).
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD

export PIP_DISABLE_PIP_VERSION_CHECK=1 PIP_NO_INPUT=1 PYTHONDONTWRITEBYTECODE=1
PYTHON=${PYTHON:-python3}
VENVS=${RAPPORT_PY_VENVS:-$ROOT/target/python}
TARGET=${CARGO_TARGET_DIR:-$ROOT/target}
export CARGO_TARGET_DIR=$TARGET
DIST=$VENVS/dist
REQ=$ROOT/bindings/python/requirements-dev.txt
REQ_DIST=$ROOT/bindings/python/requirements-distributed.txt

T0=$SECONDS
TIMES=()
step() { printf '\n==> %s\n' "$*"; STEP_NAME=$*; STEP_START=$SECONDS; }
done_step() { TIMES+=("$(printf '%5ds  %s' $((SECONDS - STEP_START)) "$STEP_NAME")"); }

# A fresh venv at $1. Debian's python3 needs the python3-venv package for
# `python3 -m venv`; install it when missing and we are allowed to.
make_venv() {
  rm -rf "$1"
  if ! "$PYTHON" -m venv "$1" >/dev/null 2>&1; then
    rm -rf "$1"
    if command -v apt-get >/dev/null && [ "$(id -u)" = 0 ]; then
      echo "python3 -m venv failed; installing python3-venv" >&2
      DEBIAN_FRONTEND=noninteractive apt-get update -qq
      ver=$("$PYTHON" -c 'import sys; print(f"{sys.version_info[0]}.{sys.version_info[1]}")')
      DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-venv "python${ver}-venv" >/dev/null 2>&1 ||
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-venv
    fi
    "$PYTHON" -m venv "$1"
  fi
  "$1/bin/python" -m pip install -q --upgrade pip
}

step "python: $("$PYTHON" --version) at $(command -v "$PYTHON")"
"$PYTHON" -c 'import sys; assert sys.version_info >= (3, 9), "rapport needs CPython >= 3.9"'
mkdir -p "$VENVS"
done_step

step "java for Spark's local mode"
if ! command -v java >/dev/null; then
  if [[ $(id -u) -eq 0 ]]; then SUDO=(); else SUDO=(sudo -n); fi
  DEBIAN_FRONTEND=noninteractive "${SUDO[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${SUDO[@]}" apt-get install -y -qq default-jre-headless >/dev/null
fi
java -version 2>&1 | head -1
done_step

step "build tools venv (maturin)"
make_venv "$VENVS/build"
"$VENVS/build/bin/pip" install -q "$(grep '^maturin==' "$REQ")"
# One interpreter for every build of the pyo3 crates, so that cargo's cache
# is shared by the wheel build and the source install below.
export PYO3_PYTHON=$VENVS/build/bin/python
done_step

step "wheel: maturin build --release"
rm -rf "$DIST"
"$VENVS/build/bin/maturin" build --release --manifest-path bindings/python/Cargo.toml --out "$DIST"
WHEEL=$(ls "$DIST"/rapport_python-*.whl)
echo "built $WHEEL"
done_step

# A debug build: the parity tests read small files, and scripts/test.sh
# (run before this in .ci/run) has usually built it already.
step "command line for the parity tests"
cargo build --quiet -p rapport-cli
export RAPPORT_CLI=$TARGET/debug/rapport
done_step

step "clean venv: the wheel and the pinned test tools"
make_venv "$VENVS/test"
PY=$VENVS/test/bin/python
"$PY" -m pip install -q -r "$REQ" -r "$REQ_DIST"
"$PY" -m pip install -q "$WHEEL"
# The tests must use the installed wheel, never the source tree.
(cd /tmp && "$PY" -c 'import rapport, sys; assert "site-packages" in rapport.__file__, rapport.__file__; print("rapport", rapport.__version__, "from", rapport.__file__)')
done_step

step "pip install ./bindings/python (source build) in another clean venv"
make_venv "$VENVS/source"
"$VENVS/source/bin/pip" install -q ./bindings/python
(cd /tmp && "$VENVS/source/bin/python" - "$ROOT" "$PY" <<'PYEOF'
import subprocess, sys
root, wheel_python = sys.argv[1], sys.argv[2]
code = "import rapport, sys; sys.stdout.write(rapport.score(rapport.read_csv(sys.argv[1])).to_json())"
csv = f"{root}/examples/data/responses.csv"
from_source = subprocess.run([sys.executable, "-c", code, csv], capture_output=True, text=True, check=True).stdout
from_wheel = subprocess.run([wheel_python, "-c", code, csv], capture_output=True, text=True, check=True).stdout
assert from_source == from_wheel and from_source.startswith("{"), "source install and wheel disagree"
print("source install scores the sample exactly as the wheel")
PYEOF
)
done_step

step "type stubs: mypy.stubtest and mypy --strict against the built module"
(cd /tmp && "$PY" -m mypy.stubtest rapport && "$PY" -m mypy --strict --no-incremental -p rapport)
done_step

step "notebook: examples/notebooks/relationship-health.ipynb (nbclient, headless)"
(cd examples/notebooks && "$PY" - <<'PYEOF'
import nbclient, nbformat
path = "relationship-health.ipynb"
nb = nbformat.read(path, as_version=4)
if any(c.get("outputs") for c in nb.cells if c.cell_type == "code"):
    raise SystemExit(f"{path}: commit it with outputs stripped")
# CellExecutionError (a failing cell) propagates and fails the run.
nbclient.NotebookClient(nb, timeout=600, kernel_name="python3", resources={"metadata": {"path": "."}}).execute()
cells = sum(c.cell_type == "code" for c in nb.cells)
images = sum("image/png" in o.get("data", {}) for c in nb.cells if c.cell_type == "code" for o in c.outputs)
assert images >= 2, f"expected the notebook's plots, found {images} images"
print(f"notebook ran: {cells} code cells, {images} plots")
PYEOF
)
done_step

printf '\n==> timings so far (%ds; pytest reports its own below)\n' $((SECONDS - T0))
printf '%s\n' "${TIMES[@]}"

# Last, so that its summary closes the output.
step "pytest: vectors, CLI parity, API, doctests (installed wheel)"
# The Dask and Spark tests must run here, not be skipped for a missing engine.
RAPPORT_TEST_DISTRIBUTED=1 "$PY" -m pytest bindings/python/tests -p no:cacheprovider -q
