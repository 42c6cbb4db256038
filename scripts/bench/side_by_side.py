#!/usr/bin/env python3
"""Benchmark (not a test): every way to get from a file of responses to the
figures, side by side in one run, with the tools an analyst would reach for.

Needs (installs nothing itself): ``/usr/bin/time`` (Debian's ``time``), a release build of the command line
(``cargo build --release -p rapport-cli``) and a Python with the rapport
package and the reference tools of scripts/bench/requirements-side-by-side.txt
(pandas, pyarrow, polars, pingouin, pymannkendall; dask and pyspark for
``--distributed``, Spark also needs Java 17+), e.g.:

    python3 -m venv /tmp/bench && /tmp/bench/bin/pip install ./bindings/python \\
        -r scripts/bench/requirements-side-by-side.txt
    /tmp/bench/bin/python scripts/bench/side_by_side.py --runs 3          # 100k and 1M rows
    /tmp/bench/bin/python scripts/bench/side_by_side.py --runs 3 --10m    # and 10M rows

For each size, the sample file is made once by ``rapport sample`` (8 waves;
kept in ``--data``), with a Parquet copy of it made by pyarrow (every column
as the CSV has it: "N/A" stays text). Then every tool runs in a process of
its own, the tools alternated round-robin, ``--runs`` times; the table gives
the median wall time and the median peak resident memory of the process
(``/usr/bin/time``'s maximum resident set size). For the Python tools the time is that of the
work, from after the imports to the finished figures (the process's memory
includes the interpreter and the imported libraries: the "baseline" row is
that of ``import rapport``, which imports numpy and pandas); for commands it is the process's wall time.
Every rapport path's JSON report is checked equal to the command line's.

The tools:

- ``wc -l``: reading the file, the floor;
- polars ``read_csv`` (every column as text, multi-threaded): reading it into
  a table;
- the notebook path, as an analyst writes it with pandas, pingouin and
  pymannkendall: ``pd.read_csv``, dimension scores per respondent, their
  means per wave × side × department, Cronbach's alpha per wave ×
  dimension, Welch's test IT vs business per wave × dimension, Mann–Kendall
  on the wave means of each dimension and the index (much less than a
  report: no privacy, no item figures, intervals, drivers …);
- ``rapport report FILE --format json``;
- Python ``rapport.read_csv`` + ``score``;
- Python ``pd.read_csv`` + ``Responses.from_pandas`` + ``score``;
- Python ``rapport.read_parquet`` + ``score`` on the Parquet copy;
- with ``--distributed``: ``rapport.dask.score`` on a LocalCluster and
  ``rapport.spark.score`` in local mode, ``--workers`` workers each (the time
  excludes starting the cluster; the memory is the driver process's only).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any, Dict, List, Optional, Tuple

ROOT = Path(__file__).resolve().parents[2]

SIZES = {"100k": 100_000, "1M": 1_000_000, "10M": 10_000_000}
WAVES = 8

# Each Python tool: code run as ``python -c CODE CSV PARQUET OUT SPEC``; it
# prints the seconds of its work on its last line. SPEC is JSON: the
# instrument's dimensions, items and reverse-keyed items (what the analyst
# types into the notebook), and the worker count.
PRELUDE = """
import json, sys, time
csv, parquet, out, spec = sys.argv[1], sys.argv[2], sys.argv[3], json.loads(sys.argv[4])
"""

NOTEBOOK = """
import numpy as np, pandas as pd, pingouin as pg, pymannkendall as mk
start = time.perf_counter()
df = pd.read_csv(csv)
dims, reverse = spec["dimensions"], spec["reverse"]
items = [i for cols in dims.values() for i in cols]
answers = df[items].apply(pd.to_numeric, errors="coerce")   # "N/A" -> NaN
answers[reverse] = 6 - answers[reverse]
scores = pd.DataFrame({"wave": df["wave"], "side": df["side"], "department": df["department"]})
for dim, cols in dims.items():
    enough = answers[cols].notna().sum(axis=1) * 2 >= len(cols)
    scores[dim] = ((answers[cols].mean(axis=1) - 1) / 4 * 100).where(enough)
scores["index"] = scores[list(dims)].mean(axis=1, skipna=False)
measures = [*dims, "index"]
by_group = scores.groupby(["wave", "side", "department"])[measures].agg(["mean", "std", "count"])
alphas = {(wave, dim): pg.cronbach_alpha(data=group[cols])[0]
          for wave, group in answers.groupby(df["wave"]) for dim, cols in dims.items()}
welch = {}
for wave, group in scores.groupby("wave"):
    it, business = group[group.side == "it"], group[group.side == "business"]
    for m in measures:
        welch[(wave, m)] = pg.ttest(it[m].dropna(), business[m].dropna(), correction=True)
wave_means = scores.groupby("wave")[measures].mean().sort_index()
trends = {m: mk.original_test(wave_means[m].to_numpy()) for m in measures}
summary = (len(by_group), len(alphas), len(welch), trends["index"].trend)
print(time.perf_counter() - start)
"""

READ_CSV = """
import rapport
start = time.perf_counter()
report = rapport.score(rapport.read_csv(csv))
open(out, "w").write(report.to_json())
print(time.perf_counter() - start)
"""

FROM_PANDAS = """
import pandas as pd, rapport
start = time.perf_counter()
df = pd.read_csv(csv, keep_default_na=False, na_values=[""])
report = rapport.score(rapport.Responses.from_pandas(df))
open(out, "w").write(report.to_json())
print(time.perf_counter() - start)
"""

PARQUET = """
import rapport
start = time.perf_counter()
report = rapport.score(rapport.read_parquet(parquet))
open(out, "w").write(report.to_json())
print(time.perf_counter() - start)
"""

POLARS = """
import polars as pl
start = time.perf_counter()
frame = pl.read_csv(csv, infer_schema=False)
print(time.perf_counter() - start)
"""

BASELINE = """
import rapport
print(0.0)
"""

DASK = """
import dask.dataframe as dd
from dask.distributed import Client, LocalCluster
import rapport, rapport.dask
with LocalCluster(n_workers=spec["workers"], threads_per_worker=1, dashboard_address=None) as cluster, Client(cluster):
    start = time.perf_counter()
    ddf = dd.read_csv(csv, dtype=str, keep_default_na=False, blocksize="64MB")
    report = rapport.dask.score(ddf)
    open(out, "w").write(report.to_json())
    print(time.perf_counter() - start)
"""

SPARK = """
import os
os.environ.setdefault("PYSPARK_PYTHON", sys.executable)   # the workers' Python: this one, which has rapport
from pyspark.sql import SparkSession
import rapport, rapport.spark
spark = (SparkSession.builder.master(f"local[{spec['workers']}]").config("spark.ui.enabled", "false")
         .config("spark.driver.memory", "4g").getOrCreate())
spark.sparkContext.setLogLevel("ERROR")
start = time.perf_counter()
sdf = spark.read.csv(csv, header=True)
report = rapport.spark.score(sdf, partitions=spec["workers"])
open(out, "w").write(report.to_json())
print(time.perf_counter() - start)
spark.stop()
"""


class Tool:
    """One way from the file to figures: a command, or Python code."""

    def __init__(self, name: str, *, command: Optional[List[str]] = None, code: Optional[str] = None,
                 report: bool = False) -> None:
        self.name, self.command, self.code, self.report = name, command, code, report

    def run_measured(self, csv: Path, parquet: Path, out: Path, spec: Dict[str, Any]) -> Tuple[float, int]:
        """(seconds, peak RSS in bytes) of one run. The peak is what
        ``/usr/bin/time`` reads from ``wait4`` (a child forked from this
        process would carry this process's high-water mark into its own)."""
        if self.command is not None:
            argv = [a.replace("{csv}", str(csv)).replace("{out}", str(out)) for a in self.command]
        else:
            argv = [sys.executable, "-c", PRELUDE + (self.code or ""), str(csv), str(parquet), str(out), json.dumps(spec)]
        with tempfile.NamedTemporaryFile("r") as peak:
            start = time.perf_counter()
            proc = subprocess.run(["/usr/bin/time", "-f", "%M", "-o", peak.name, *argv], capture_output=True, cwd=ROOT)
            wall = time.perf_counter() - start
            raise_on(proc.returncode, self.name, proc.stderr)
            rss_kb = int(peak.read().strip().splitlines()[-1])
        seconds = wall if self.code is None else float(proc.stdout.decode().strip().splitlines()[-1])
        return seconds, rss_kb * 1024


def raise_on(code: Optional[int], name: str, stderr: bytes) -> None:
    if code:
        sys.exit(f"{name} failed ({code}):\n{stderr.decode(errors='replace')[-3000:]}")


def tools(cli: Path, distributed: bool) -> List[Tool]:
    found = [
        Tool("`wc -l`", command=["wc", "-l", "{csv}"]),
        Tool("polars `read_csv` (text columns)", code=POLARS),
        Tool("notebook: pandas + pingouin + pymannkendall", code=NOTEBOOK),
        Tool("`rapport report --format json`", command=[str(cli), "report", "{csv}", "--format", "json", "-o", "{out}"],
             report=True),
        Tool("Python `rapport.read_csv` + `score`", code=READ_CSV, report=True),
        Tool("Python `pd.read_csv` + `from_pandas` + `score`", code=FROM_PANDAS, report=True),
        Tool("Python `rapport.read_parquet` + `score`", code=PARQUET, report=True),
        Tool("Python and `import rapport` (numpy, pandas): the baseline", code=BASELINE),
    ]
    if distributed:
        found += [
            Tool("`rapport.dask.score` (LocalCluster, driver memory)", code=DASK, report=True),
            Tool("`rapport.spark.score` (local mode, driver memory)", code=SPARK, report=True),
        ]
    return found


def sample(cli: Path, data: Path, label: str, rows: int) -> Tuple[Path, Path]:
    """The sample file of about ``rows`` responses and its Parquet copy (made once)."""
    csv, parquet = data / f"responses-{label}.csv", data / f"responses-{label}.parquet"
    if not csv.exists():
        per_wave = rows // WAVES
        subprocess.run([str(cli), "sample", "--waves", str(WAVES), "--respondents", str(per_wave), "-o", str(csv)],
                       check=True)
    if not parquet.exists():
        import pyarrow.csv as pv
        import pyarrow.parquet as pq

        options = pv.ConvertOptions(null_values=[""], strings_can_be_null=True)
        writer = None
        with pv.open_csv(csv, convert_options=options,
                         read_options=pv.ReadOptions(block_size=1 << 24)) as reader:
            for batch in reader:
                if writer is None:
                    writer = pq.ParquetWriter(parquet, batch.schema)
                writer.write_batch(batch)
        if writer is not None:
            writer.close()
    return csv, parquet


def rows_of(label: str) -> int:
    """Rows of a size label: ``100k``, ``1M``, ``10M`` or any number with ``k`` or ``M``."""
    if label in SIZES:
        return SIZES[label]
    scale = {"k": 1_000, "M": 1_000_000}.get(label[-1], 1)
    return int(float(label.rstrip("kM")) * scale)


def instrument_spec(workers: int) -> Dict[str, Any]:
    import rapport

    inst = rapport.Instrument().to_dict()
    dims: Dict[str, List[str]] = {d["id"]: [] for d in inst["dimensions"]}
    for item in inst["items"]:
        dims[item["dimension"]].append(item["id"])
    reverse = [i["id"] for i in inst["items"] if i.get("reverse")]
    return {"dimensions": dims, "reverse": reverse, "workers": workers}


def same_report(paths: List[Path]) -> bool:
    def load(p: Path) -> Dict[str, Any]:
        d: Dict[str, Any] = json.loads(p.read_text())
        d.pop("generator", None)
        return d

    first = load(paths[0])
    return all(load(p) == first for p in paths[1:])


def fmt_bytes(n: float) -> str:
    return f"{n / 2**30:.2f} GB" if n >= 2**30 else f"{n / 2**20:.0f} MB"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=3, help="runs of every tool (medians are reported)")
    parser.add_argument("--10m", dest="ten_m", action="store_true", help="also the 10M-row file (~870 MB)")
    parser.add_argument("--sizes", default="100k,1M", help="comma-separated sizes: 100k, 1M, 10M (or any count with k or M)")
    parser.add_argument("--distributed", action="store_true", help="also rapport.dask and rapport.spark")
    parser.add_argument("--workers", type=int, default=4, help="Dask workers / Spark local threads")
    parser.add_argument("--cli", type=Path, default=None, help="the release rapport binary")
    parser.add_argument("--data", type=Path, default=ROOT / "target" / "bench" / "side_by_side",
                        help="where the sample files are made (and kept)")
    args = parser.parse_args()

    target = Path(os.environ.get("CARGO_TARGET_DIR", ROOT / "target"))
    cli = args.cli or target / "release" / "rapport"
    if not cli.exists():
        sys.exit(f"no release build at {cli}: cargo build --release -p rapport-cli (or --cli)")
    sizes = [s for s in args.sizes.split(",") if s]
    if args.ten_m and "10M" not in sizes:
        sizes.append("10M")
    args.data.mkdir(parents=True, exist_ok=True)
    spec = instrument_spec(args.workers)
    chosen = tools(cli, args.distributed)
    results: Dict[str, Dict[str, Tuple[float, int]]] = {}
    files: Dict[str, str] = {}
    load = os.getloadavg()
    with tempfile.TemporaryDirectory() as tmp:
        for label in sizes:
            csv, parquet = sample(cli, args.data, label, rows_of(label))
            with open(csv, "rb") as f:
                rows = sum(chunk.count(b"\n") for chunk in iter(lambda: f.read(1 << 24), b"")) - 1
            files[label] = f"{rows:,} rows, {csv.stat().st_size / 1e6:.1f} MB CSV, {parquet.stat().st_size / 1e6:.1f} MB Parquet"
            print(f"{label}: {files[label]}", file=sys.stderr)
            # Page-cache the files, as every tool finds them.
            for p in (csv, parquet):
                with open(p, "rb") as f:
                    while f.read(1 << 24):
                        pass
            samples: Dict[str, List[Tuple[float, int]]] = {t.name: [] for t in chosen}
            for run in range(args.runs):
                for k, tool in enumerate(chosen):
                    out = Path(tmp) / f"{label}-{k}.json"
                    seconds, rss = tool.run_measured(csv, parquet, out, spec)
                    samples[tool.name].append((seconds, rss))
                    print(f"  run {run + 1} {tool.name}: {seconds:.3f} s, {fmt_bytes(rss)}", file=sys.stderr)
                if run == 0:
                    reports = [Path(tmp) / f"{label}-{k}.json" for k, t in enumerate(chosen) if t.report]
                    if not same_report(reports):
                        sys.exit(f"{label}: the rapport paths disagree: {reports}")
            results[label] = {
                name: (statistics.median(s for s, _ in runs), int(statistics.median(r for _, r in runs)))
                for name, runs in samples.items()
            }

    cli_name = chosen[3].name
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True).stdout.strip()
    print(f"\nSide by side at commit {commit or '?'}, medians of {args.runs} runs, tools alternated round-robin "
          f"({platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}; load average "
          f"{load[0]:.1f} before and {os.getloadavg()[0]:.1f} after); every rapport path gave the same JSON report.\n")
    for label in sizes:
        print(f"- {label}: {files[label]}")
    print()
    print("| tool | " + " | ".join(f"{label}: time, peak RSS (time × CLI)" for label in sizes) + " |")
    print("|---|" + "---:|" * len(sizes))
    for tool in chosen:
        cells = []
        for label in sizes:
            seconds, rss = results[label][tool.name]
            ratio = seconds / results[label][cli_name][0]
            if tool.code is BASELINE:
                cells.append(f"–, {fmt_bytes(rss)}")
            else:
                cells.append(f"{seconds:.3f} s, {fmt_bytes(rss)} ({ratio:.2f}×)")
        print(f"| {tool.name} | " + " | ".join(cells) + " |")


if __name__ == "__main__":
    main()
