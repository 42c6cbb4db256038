"""Score a Dask DataFrame on a cluster: each partition is aggregated where it
lives, the parts are merged in a tree, and one report is made from the merged
aggregates — byte for byte the report :func:`rapport.score` gives for the same
rows on one machine.

The rows are first shuffled on (wave, respondent), so every answer of one
respondent to one wave is in one partition and the duplicate check is as
exact as on one machine. Each worker needs ``rapport`` installed.

>>> import dask.dataframe as dd
>>> import rapport, rapport.dask
>>> data = rapport.sample(waves=2, seed=3)
>>> ddf = dd.from_pandas(data, npartitions=3)
>>> rapport.dask.score(ddf).to_json() == rapport.score(data).to_json()
True
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING, Any, Mapping, Optional, Sequence, Union

from . import _parts

if TYPE_CHECKING:
    import dask.dataframe as _dd

    from . import Instrument, Report
    from ._aggregates import Aggregates

__all__ = ["aggregate", "score"]


def aggregate(
    ddf: "_dd.DataFrame",
    instrument: Optional["Instrument"] = None,
    *,
    split_every: int = 8,
    **options: Any,
) -> "Aggregates":
    """Aggregate a Dask DataFrame: partitions → saved aggregates → merged in a tree.

    Parameters
    ----------
    ddf : dask.dataframe.DataFrame
        One row per response, columns as :meth:`rapport.Responses.from_pandas` reads them.
    instrument : rapport.Instrument, optional
        The questionnaire (default: rapport's own).
    split_every : int
        How many parts one merge task combines (the tree's fan-in).
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
        Bad rows, options or a duplicate response, as on one machine (raised
        by the task that met them).
    """
    from dask.base import compute

    from ._aggregates import Aggregates

    merged = compute(_merged(ddf, instrument, split_every, options))[0]  # type: ignore[no-untyped-call]
    if merged is None:
        raise ValueError("no responses: every partition is empty")
    return Aggregates.from_bytes(merged, name="merged parts")


def score(
    ddf: "_dd.DataFrame",
    instrument: Optional["Instrument"] = None,
    *,
    action_log: Union[None, str, "os.PathLike[str]", Sequence[Mapping[str, Any]], Mapping[str, Any]] = None,
    split_every: int = 8,
    **options: Any,
) -> "Report":
    """Score a Dask DataFrame into one :class:`rapport.Report`.

    Parameters
    ----------
    ddf : dask.dataframe.DataFrame
        One row per response, columns as :meth:`rapport.Responses.from_pandas` reads them.
    instrument : rapport.Instrument, optional
        The questionnaire (default: rapport's own).
    action_log : path or list of dict, optional
        The action log to follow up, as in :func:`rapport.score`.
    split_every : int
        How many parts one merge task combines (the tree's fan-in).
    **options
        Reader keywords and scoring options, as in :func:`aggregate`.

    Returns
    -------
    rapport.Report
        The report of all the rows, identical to :func:`rapport.score` on one machine.
    """
    return aggregate(ddf, instrument, split_every=split_every, **options).report(action_log=action_log)


def _merged(ddf: "_dd.DataFrame", instrument: Optional["Instrument"], split_every: int, options: Mapping[str, Any]) -> Any:
    """The delayed bytes of the merged aggregates."""
    from dask.delayed import delayed

    if split_every < 2:
        raise ValueError(f"split_every must be at least 2, found {split_every}")
    read, scoring = _parts.split(options)
    keys = _parts.key_columns(read, list(ddf.columns))
    spec = instrument.to_json() if instrument is not None else None
    shuffled = ddf.shuffle(on=keys) if ddf.npartitions > 1 else ddf
    part = delayed(_parts.aggregate_frame, pure=True)
    parts = [part(p, spec, read, scoring) for p in shuffled.to_delayed()]
    merge = delayed(lambda *bs: _parts.merge_bytes(bs), pure=True)
    return _parts.tree(parts, merge, split_every)
