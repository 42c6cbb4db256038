"""Score a Spark DataFrame: each partition is aggregated on its executor
(``mapInPandas``), the parts are merged with a tree reduce, and one report is
made on the driver — byte for byte the report :func:`rapport.score` gives for
the same rows on one machine.

The rows are first repartitioned on (wave, respondent), so every answer of
one respondent to one wave is in one partition and the duplicate check is as
exact as on one machine. Each executor needs ``rapport`` (and pandas,
pyarrow) installed.

Usage (needs a Spark session; not run as a doctest)::

    import rapport, rapport.spark
    sdf = spark.read.csv("responses.csv", header=True)
    report = rapport.spark.score(sdf, by=["side", "department"])
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING, Any, Iterator, Mapping, Optional, Sequence, Union

from . import _parts

if TYPE_CHECKING:
    import pandas as _pd
    import pyspark.sql

    from . import Instrument, Report
    from ._aggregates import Aggregates

__all__ = ["aggregate", "score"]


def aggregate(
    sdf: "pyspark.sql.DataFrame",
    instrument: Optional["Instrument"] = None,
    *,
    partitions: Optional[int] = None,
    depth: int = 2,
    **options: Any,
) -> "Aggregates":
    """Aggregate a Spark DataFrame: partitions → saved aggregates → tree reduce.

    Parameters
    ----------
    sdf : pyspark.sql.DataFrame
        One row per response, columns as :meth:`rapport.Responses.from_pandas`
        reads them (item columns numbers or answer labels; text columns strings).
    instrument : rapport.Instrument, optional
        The questionnaire (default: rapport's own).
    partitions : int, optional
        How many partitions to split the rows into on (wave, respondent)
        (default: Spark's ``spark.sql.shuffle.partitions``).
    depth : int
        The depth of the tree reduce (``RDD.treeReduce``).
    **options
        The reader's keywords of :meth:`rapport.Responses.from_pandas`
        (``side``, ``wave``, ``respondent``, ``segments``, ``items``,
        ``lenient``, ``mapping``) and the scoring options of :func:`rapport.score`.

    Returns
    -------
    rapport.Aggregates
        The merged aggregates, as :func:`rapport.aggregate` gives for all the rows.

    Raises
    ------
    rapport.RapportError
        Bad rows, options or a duplicate response, as on one machine (Spark
        raises the executor's error, whose text is rapport's).
    """
    from ._aggregates import Aggregates

    read, scoring = _parts.split(options)
    keys = _parts.key_columns(read, list(sdf.columns))
    spec = instrument.to_json() if instrument is not None else None
    columns = list(sdf.columns)  # the closure below runs on executors: no reference to the DataFrame
    split = sdf.repartition(partitions, *keys) if partitions else sdf.repartition(*keys)

    def to_parts(frames: Iterator["_pd.DataFrame"]) -> Iterator["_pd.DataFrame"]:
        import pandas as pd

        # One partition may arrive as several Arrow batches: read them as one frame.
        batches = list(frames)
        frame = pd.concat(batches, ignore_index=True) if batches else pd.DataFrame(columns=columns)
        data = _parts.aggregate_frame(frame, spec, read, scoring)
        yield pd.DataFrame({"part": [data]} if data is not None else {"part": []})

    parts = split.mapInPandas(to_parts, schema="part binary").rdd.map(lambda row: bytes(row.part))
    if parts.isEmpty():
        raise ValueError("no responses: every partition is empty")
    merged = parts.treeReduce(_parts.merge_pair, depth=depth)
    return Aggregates.from_bytes(merged, name="merged parts")


def score(
    sdf: "pyspark.sql.DataFrame",
    instrument: Optional["Instrument"] = None,
    *,
    action_log: Union[None, str, "os.PathLike[str]", Sequence[Mapping[str, Any]], Mapping[str, Any]] = None,
    partitions: Optional[int] = None,
    depth: int = 2,
    **options: Any,
) -> "Report":
    """Score a Spark DataFrame into one :class:`rapport.Report`.

    Parameters
    ----------
    sdf : pyspark.sql.DataFrame
        One row per response, as in :func:`aggregate`.
    instrument : rapport.Instrument, optional
        The questionnaire (default: rapport's own).
    action_log : path or list of dict, optional
        The action log to follow up, as in :func:`rapport.score`.
    partitions : int, optional
        How many partitions to split the rows into on (wave, respondent).
    depth : int
        The depth of the tree reduce.
    **options
        Reader keywords and scoring options, as in :func:`aggregate`.

    Returns
    -------
    rapport.Report
        The report of all the rows, identical to :func:`rapport.score` on one machine.
    """
    return aggregate(sdf, instrument, partitions=partitions, depth=depth, **options).report(action_log=action_log)
