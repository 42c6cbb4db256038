"""Score survey responses with Dask: partitions aggregated on the workers, one report.

    pip install './bindings/python[dask]'    # from the clone: rapport and dask[dataframe,distributed]
    python examples/distributed/dask_score.py [CSV ...]

Reads the CSV files (default: the bundled sample) as one Dask DataFrame with
every column as text (rapport reads answers and labels by its own rules),
scores it on a LocalCluster of worker processes and prints the scorecard.
On a real cluster, give Client the scheduler's address instead.
"""

from __future__ import annotations

import sys
from pathlib import Path

import dask.dataframe as dd
from dask.distributed import Client, LocalCluster

import rapport
import rapport.dask


def main(paths: list[str]) -> None:
    ddf = dd.read_csv(paths, dtype=str, keep_default_na=False, blocksize="16MB")
    with LocalCluster(n_workers=2, threads_per_worker=1, dashboard_address=None) as cluster, Client(cluster):
        report = rapport.dask.score(ddf, by=["side", "department"], min_group_size=5)
    print(report.scorecard())
    # The same figures as one machine reading the same files.
    if len(paths) == 1:
        alone = rapport.score(rapport.read_csv(paths[0]), by=["side", "department"], min_group_size=5)
        print("same report as one machine:", report.to_json() == alone.to_json())


if __name__ == "__main__":
    root = Path(__file__).resolve().parents[2]
    main(sys.argv[1:] or [str(root / "examples" / "data" / "responses.csv")])
