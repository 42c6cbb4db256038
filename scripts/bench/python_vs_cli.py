#!/usr/bin/env python3
"""Benchmark (not a test): scoring about a million responses three ways, in one run.

(a) the command line: ``rapport report responses.csv --format json`` (release
    build; CSV parsing included, as a user runs it);
(b) the Python package: ``rapport.Responses.from_pandas(df)`` + ``rapport.score``
    on a DataFrame already in memory — the answers cross as one float64 array —
    timed from the DataFrame to the finished report;
(c) what an analyst writes today with pandas and pingouin, from the same
    DataFrame: per-respondent dimension scores and the index, group-by means
    (mean, sd, n) per wave × side × department, and ``pingouin.cronbach_alpha``
    per dimension × wave × side.

(b) runs on every core (the core validates and aggregates each block of rows
on all of them); (b1) is (b) on one thread (``RAPPORT_THREADS=1``), to
compare like with like against single-threaded pandas.

(b) does strictly more than (c): item figures, favourable %, intervals,
reliability with Feldt intervals and item statistics for every group, privacy
suppression, margins, gaps, wave-over-wave changes, trends. Each figure is the
best of ``--repeat`` runs (wall clock, ``time.perf_counter``); ratios are of
those bests. The DataFrame for (b) and (c) is what ``pandas.read_csv`` gives
(text columns as ``str``, items as float64 with N/A as NaN) plus a boolean
not-applicable mask for (b); reading it is timed separately and reported.

Usage (from the repository root, with the package and pingouin installed):

    cargo build --release -p rapport-cli
    python scripts/bench/python_vs_cli.py [--respondents 129000] [--repeat 3]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any, Callable, Dict, List, Tuple

import numpy as np
import pandas as pd

import rapport

ROOT = Path(__file__).resolve().parents[2]


def best(fn: Callable[[], Any], repeat: int) -> Tuple[float, Any]:
    times, result = [], None
    for _ in range(repeat):
        start = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - start)
    return min(times), result


def analyst(df: pd.DataFrame, dims: Dict[str, List[str]], reverse: List[str], weights: Dict[str, float]) -> Any:
    """Dimension scores, the index, group-by means and Cronbach's alpha, the pandas way."""
    import pingouin as pg

    items = [i for cols in dims.values() for i in cols]
    keyed = df[items].copy()
    keyed[reverse] = 6 - keyed[reverse]
    scores = pd.DataFrame(index=df.index)
    for dim, cols in dims.items():
        answered = keyed[cols].notna().sum(axis=1)
        scores[dim] = ((keyed[cols].mean(axis=1) - 1) / 4 * 100).where(answered * 2 >= len(cols))
    w = pd.Series(weights)
    scores["index"] = (scores[list(dims)] * w).sum(axis=1, min_count=len(dims)) / w.sum()
    for c in ("wave", "side", "department"):
        scores[c] = df[c]
    means = scores.groupby(["wave", "side", "department"])[[*dims, "index"]].agg(["mean", "std", "count"])
    alphas = {}
    for (wave, side), group in keyed.groupby([df["wave"], df["side"]]):
        for dim, cols in dims.items():
            alphas[(wave, side, dim)] = pg.cronbach_alpha(data=group[cols], nan_policy="listwise")
    return means, alphas


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--respondents", type=int, default=129_000, help="respondents per wave (8 waves)")
    parser.add_argument("--waves", type=int, default=8)
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--cli", default=str(ROOT / os.environ.get("CARGO_TARGET_DIR", "target") / "release" / "rapport"))
    parser.add_argument("--csv", help="use this CSV instead of generating one")
    args = parser.parse_args()

    cli = Path(args.cli)
    if not cli.exists():
        sys.exit(f"{cli} not found: run `cargo build --release -p rapport-cli` (or pass --cli)")
    workdir = Path(tempfile.mkdtemp(prefix="rapport-bench-"))
    csv = Path(args.csv) if args.csv else workdir / "responses.csv"
    if not args.csv:
        subprocess.run(
            [str(cli), "sample", "--seed", str(args.seed), "--waves", str(args.waves),
             "--respondents", str(args.respondents), "-o", str(csv)],
            check=True, capture_output=True,
        )
    size_mb = csv.stat().st_size / 1e6

    # (a) the command line, CSV to JSON report.
    def run_cli() -> None:
        subprocess.run([str(cli), "report", str(csv), "--format", "json", "-o", os.devnull, "--quiet"], check=True)

    t_cli, _ = best(run_cli, args.repeat)

    # The analyst's DataFrame (not timed with (b) or (c); reported separately).
    t_read, df = best(lambda: pd.read_csv(csv), 1)
    inst = rapport.Instrument()
    items = inst.items
    text = pd.read_csv(csv, usecols=items, keep_default_na=False, na_values=[""], dtype=str)
    not_applicable = text == "N/A"
    del text
    rows = len(df)

    # (b) the Python package: DataFrame → validated Responses → Report.
    def run_python() -> rapport.Report:
        return rapport.score(rapport.Responses.from_pandas(df, not_applicable=not_applicable))

    t_py, report = best(run_python, args.repeat)
    t_from, responses = best(lambda: rapport.Responses.from_pandas(df, not_applicable=not_applicable), args.repeat)
    t_score, _ = best(lambda: rapport.score(responses), args.repeat)
    assert report.to_dict()["intake"]["accepted"] == rows

    # (b1) the same on one thread: the core validates and aggregates
    # columnar input on every core unless RAPPORT_THREADS says otherwise.
    os.environ["RAPPORT_THREADS"] = "1"
    try:
        t_py_one, _ = best(run_python, args.repeat)
    finally:
        del os.environ["RAPPORT_THREADS"]

    # (b') with category dtypes, as analysts often hold large text columns.
    cat = df.astype({c: "category" for c in ("side", "wave", "department", "role", "meeting_cadence")})
    t_py_cat, _ = best(lambda: rapport.score(rapport.Responses.from_pandas(cat, not_applicable=not_applicable)), args.repeat)

    # (c) pandas + pingouin.
    spec = inst.to_dict()
    dims = {d["id"]: [i["id"] for i in spec["items"] if i["dimension"] == d["id"]] for d in spec["dimensions"]}
    reverse = [i["id"] for i in spec["items"] if i.get("reverse")]
    weights = {d["id"]: float(d.get("weight", 1.0)) for d in spec["dimensions"]}
    import pingouin  # noqa: F401  (import time is not the analyst's per-run cost)

    t_pandas, _ = best(lambda: analyst(df, dims, reverse, weights), args.repeat)

    def line(name: str, seconds: float) -> str:
        return f"{name:<58} {seconds:7.2f} s  {rows / seconds / 1e3:7.0f}k rows/s  {seconds / t_cli:5.2f}× (a)"

    print(f"rapport {rapport.__version__} · {rows:,} responses ({size_mb:.1f} MB CSV) · best of {args.repeat}")
    print(f"{platform.python_implementation()} {platform.python_version()}, numpy {np.__version__}, "
          f"pandas {pd.__version__}, pingouin {pingouin.__version__}, {os.cpu_count()} CPUs")
    print(line("(a)  rapport report (CLI, CSV → JSON report)", t_cli))
    print(line("(b)  from_pandas + score (DataFrame → Report)", t_py))
    print(line("       of which Responses.from_pandas", t_from))
    print(line("       of which rapport.score", t_score))
    print(line("(b1) the same on one thread (RAPPORT_THREADS=1)", t_py_one))
    print(line("(b') the same, text columns as category dtype", t_py_cat))
    print(line("(c)  pandas group-by means + pingouin cronbach_alpha", t_pandas))
    print(line("     (pandas.read_csv of the file, before (b) and (c))", t_read))
    print(f"ratios: (b)/(a) = {t_py / t_cli:.2f} (target ≤ 1.2), (c)/(b) = {t_pandas / t_py:.2f}, "
          f"(b)+read_csv vs (a) = {(t_py + t_read) / t_cli:.2f}")
    print(json.dumps({"rows": rows, "cli": t_cli, "python": t_py, "from_pandas": t_from, "score": t_score,
                      "python_one_thread": t_py_one, "python_category": t_py_cat, "pandas_pingouin": t_pandas, "read_csv": t_read}))


if __name__ == "__main__":
    main()
