"""What the Dask and Spark modules share: one partition's responses to the
bytes of saved aggregates, and parts merged pairwise (a tree).

A partition is read exactly as :meth:`Responses.from_pandas` reads a
DataFrame and aggregated exactly as :func:`rapport.aggregate` does; the core
does all of it. This module only moves bytes between processes.
"""

from __future__ import annotations

from typing import Any, Dict, Iterable, List, Mapping, Optional, Sequence

import pandas as _pd

from . import _aggregates

#: The keywords of :meth:`Responses.from_pandas` a partition is read with.
READ_KEYWORDS = ("side", "wave", "respondent", "segments", "items", "lenient", "mapping")


def split(options: Mapping[str, Any]) -> "tuple[Dict[str, Any], Dict[str, Any]]":
    """Split keywords into the reader's (:data:`READ_KEYWORDS`) and the scoring options."""
    read = {k: v for k, v in options.items() if k in READ_KEYWORDS}
    score = {k: v for k, v in options.items() if k not in READ_KEYWORDS}
    return read, score


def key_columns(read: Mapping[str, Any], columns: Sequence[Any]) -> List[str]:
    """The (wave, respondent) columns partitions are split on: every answer of
    one respondent to one wave lands in one partition, so the duplicate check
    of each partition is the check of the whole data set. Both must be among
    ``columns`` (the DataFrame's)."""
    respondent = read.get("respondent", "respondent")
    if respondent is None:
        raise ValueError(
            "a distributed score needs a respondent column: parts merge only when the duplicate check "
            "can see every (wave, respondent) (pass respondent='your id column')"
        )
    keys = [read.get("wave", "wave"), respondent]
    for key in keys:
        if key not in columns:
            raise ValueError(f"column {key!r} is not in the DataFrame (its columns: {', '.join(map(str, columns))})")
    return keys


def aggregate_frame(
    frame: _pd.DataFrame,
    instrument_json: Optional[str],
    read: Mapping[str, Any],
    score: Mapping[str, Any],
) -> Optional[bytes]:
    """One partition's saved aggregates as bytes (``None`` for an empty partition)."""
    from . import Instrument, Responses

    if len(frame) == 0:
        return None
    instrument = Instrument.from_json(instrument_json) if instrument_json is not None else None
    responses = Responses.from_pandas(frame, instrument=instrument, **read)
    return _aggregates.aggregate(responses, **score).to_bytes()


def merge_bytes(parts: Iterable[Optional[bytes]]) -> Optional[bytes]:
    """Merge parts given as bytes (``None`` for none) into the bytes of one."""
    present = [_aggregates.Aggregates.from_bytes(p) for p in parts if p is not None]
    if not present:
        return None
    return present[0].merge(*present[1:]).to_bytes() if len(present) > 1 else present[0].to_bytes()


def merge_pair(first: bytes, second: bytes) -> bytes:
    """Merge two parts given as bytes into the bytes of one."""
    return _aggregates.Aggregates.from_bytes(first).merge(_aggregates.Aggregates.from_bytes(second)).to_bytes()


def tree(parts: Sequence[Any], merge: Any, split_every: int) -> Any:
    """Reduce ``parts`` with ``merge`` (called on up to ``split_every`` at once)
    level by level, as a tree: depth log_{split_every}(len(parts))."""
    level = list(parts)
    while len(level) > 1:
        level = [merge(*level[i : i + split_every]) for i in range(0, len(level), split_every)]
    return level[0]
