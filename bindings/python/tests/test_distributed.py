"""rapport.dask and rapport.spark give the one-machine report byte for byte.

Dask runs on a LocalCluster with worker processes, Spark in local mode (a
JVM). scripts/test-python.sh installs dask, distributed, pyspark and pyarrow
(requirements-distributed.txt) and Java, and sets RAPPORT_TEST_DISTRIBUTED=1:
then a missing engine fails the run instead of skipping these tests.
"""

from __future__ import annotations

import doctest
import os
import pathlib
import subprocess
import sys
from typing import Any, Iterator

import pandas as pd
import pytest

import rapport
import rapport.dask
import rapport.spark

REQUIRED = os.environ.get("RAPPORT_TEST_DISTRIBUTED") == "1"


def _engine(name: str) -> Any:
    """The engine's module; skipped when it is not installed, unless the run requires it."""
    if REQUIRED:
        return __import__(name)
    return pytest.importorskip(name)


@pytest.fixture(scope="module")
def dask_client() -> Iterator[Any]:
    _engine("dask")
    distributed = _engine("distributed")
    with distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
    ) as cluster, distributed.Client(cluster) as client:
        yield client


@pytest.fixture(scope="module")
def spark() -> Iterator[Any]:
    _engine("pyspark")
    from pyspark.sql import SparkSession

    os.environ["PYSPARK_PYTHON"] = sys.executable
    session = (
        SparkSession.builder.master("local[2]")
        .appName("rapport-tests")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.shuffle.partitions", "4")
        .getOrCreate()
    )
    session.sparkContext.setLogLevel("ERROR")
    yield session
    session.stop()


def _with_repeat(data: pd.DataFrame) -> pd.DataFrame:
    """The data plus a second, different answer of its first respondent to the same wave, at the end."""
    again = data.iloc[[0]].copy()
    again["trust_1"] = 1.0 if again["trust_1"].iloc[0] != 1.0 else 2.0
    return pd.concat([data, again], ignore_index=True)


def test_dask_on_worker_processes_gives_the_one_machine_report(dask_client: Any) -> None:
    import dask.dataframe as dd

    data = rapport.sample(waves=3, seed=11)
    one = rapport.score(data, by=["side", "department"]).to_json()
    ddf = dd.from_pandas(data, npartitions=5)
    for split_every in (2, 8):
        report = rapport.dask.score(ddf, by=["side", "department"], split_every=split_every)
        assert report.to_json() == one
    # The merged aggregates report as one machine's, with every option the report may change.
    merged = rapport.dask.aggregate(ddf)
    assert merged.respondents == len(data)
    for options in ({}, {"min_group_size": 8, "confidence": 0.9}):
        assert rapport.report(merged, **options).to_json() == rapport.score(data, **options).to_json()


def test_dask_finds_a_repeat_in_another_partition(dask_client: Any) -> None:
    import dask.dataframe as dd

    data = _with_repeat(rapport.sample(waves=2, seed=5))
    # Without the shuffle the repeat (last row) would sit in another partition than the first answer.
    ddf = dd.from_pandas(data, npartitions=4, sort=True)
    with pytest.raises(rapport.InputError) as caught:
        rapport.dask.score(ddf)
    assert caught.value.code == "duplicate_respondent"
    with pytest.raises(rapport.InputError) as alone:
        rapport.score(data)
    assert alone.value.code == "duplicate_respondent"


def test_dask_needs_the_respondent_column(dask_client: Any) -> None:
    import dask.dataframe as dd

    ddf = dd.from_pandas(rapport.sample(waves=1, seed=2), npartitions=2)
    with pytest.raises(ValueError, match="needs a respondent column"):
        rapport.dask.score(ddf, respondent=None)
    with pytest.raises(ValueError, match="'id' is not in the DataFrame"):
        rapport.dask.score(ddf, respondent="id")


def test_dask_module_examples_run(dask_client: Any, in_root: pathlib.Path) -> None:
    import rapport.dask as module

    finder = doctest.DocTestFinder(exclude_empty=True)
    ran = 0
    for test in finder.find(module, module.__name__, globs={"rapport": rapport}):
        result = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS).run(test)
        assert result.failed == 0, test.name
        ran += result.attempted
    assert ran >= 4


def test_spark_local_mode_gives_the_one_machine_report(spark: Any, in_root: pathlib.Path) -> None:
    path = "examples/data/responses.csv"
    one = rapport.score(rapport.read_csv(path), by=["side", "department"]).to_json()
    sdf = spark.read.csv(path, header=True)
    for partitions in (None, 3):
        report = rapport.spark.score(sdf, by=["side", "department"], partitions=partitions)
        assert report.to_json() == one
    merged = rapport.spark.aggregate(sdf)
    assert merged.respondents == rapport.aggregate(path).respondents
    assert rapport.report(merged, min_group_size=8).to_json() == rapport.score(rapport.read_csv(path), min_group_size=8).to_json()


def test_spark_finds_a_repeat_in_another_partition(spark: Any, tmp_path: pathlib.Path) -> None:
    data = _with_repeat(rapport.sample(waves=2, seed=5))
    path = tmp_path / "repeat.csv"
    data.to_csv(path, index=False)
    sdf = spark.read.csv(str(path), header=True).repartition(4)
    with pytest.raises(Exception, match=r"answered wave .* twice"):
        rapport.spark.score(sdf)


@pytest.mark.parametrize("engine", ["dask", "spark"])
def test_the_examples_give_the_one_machine_report(engine: str, in_root: pathlib.Path) -> None:
    _engine("distributed" if engine == "dask" else "pyspark")
    script = in_root / "examples" / "distributed" / f"{engine}_score.py"
    run = subprocess.run([sys.executable, str(script)], capture_output=True, text=True, timeout=600, check=False)
    assert run.returncode == 0, run.stderr[-2000:]
    assert "rapport · IT–business relationship health" in run.stdout
    assert run.stdout.rstrip().endswith("same report as one machine: True")
