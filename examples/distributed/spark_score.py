"""Score survey responses with Spark: partitions aggregated on the executors
(mapInPandas), merged with a tree reduce, one report on the driver.

    pip install './bindings/python[spark]'   # from the clone: rapport, pyspark, pyarrow (and Java 17+)
    python examples/distributed/spark_score.py [CSV ...]

Reads the CSV files (default: the bundled sample) with Spark (every column as
text), scores them in local mode on two cores and prints the scorecard. On a
cluster, build the session with your master URL instead; the executors need
rapport installed.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from pyspark.sql import SparkSession

import rapport
import rapport.spark


def main(paths: list[str]) -> None:
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    spark = (
        SparkSession.builder.master("local[2]")
        .appName("rapport")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.shuffle.partitions", "4")
        .getOrCreate()
    )
    spark.sparkContext.setLogLevel("ERROR")
    try:
        sdf = spark.read.csv(paths, header=True)
        report = rapport.spark.score(sdf, by=["side", "department"], min_group_size=5)
    finally:
        spark.stop()
    print(report.scorecard())
    if len(paths) == 1:
        alone = rapport.score(rapport.read_csv(paths[0]), by=["side", "department"], min_group_size=5)
        print("same report as one machine:", report.to_json() == alone.to_json())


if __name__ == "__main__":
    root = Path(__file__).resolve().parents[2]
    main(sys.argv[1:] or [str(root / "examples" / "data" / "responses.csv")])
