"""Arrow tables (pyarrow, polars, anything with ``__arrow_c_stream__``) and
Parquet files as :class:`rapport.Responses`, without pandas objects.

The table is read a record batch at a time into the arrays the core's
columnar API takes (the API ``Responses.from_pandas`` uses): numeric item
columns into one ``float64`` answer matrix (nulls NaN), every other column
the core reads (side, wave, respondent, segments, text item columns) as
``int32`` codes into its labels (``pyarrow.compute.dictionary_encode``;
nulls -1). The core resolves the column roles, validates every cell and
names bad rows by position: no rule lives here.

A Parquet file is streamed from disk a batch at a time, reading only the
columns the core reads, so the whole Arrow table is never held; the answer
matrix (row-major, the core's layout: the core reads it where it is) is the
largest thing held while the core validates, 8 bytes an answer against the
2 bytes an answer the validated responses keep.
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING, Any, Dict, Iterable, Iterator, List, Optional, Sequence, Tuple

import numpy as _np

from . import _rapport

if TYPE_CHECKING:
    from numpy.typing import NDArray

    _Categories = Tuple[str, NDArray[_np.int32], List[str]]

BATCH_ROWS = 1 << 16
"""Rows per record batch read from a Parquet file or sliced from a table."""


def pyarrow() -> Tuple[Any, Any]:
    """``(pyarrow, pyarrow.compute)``, or an ImportError saying how to install them."""
    try:
        import pyarrow as pa  # type: ignore[import-untyped]
        import pyarrow.compute as pc  # type: ignore[import-untyped]
    except ImportError as e:  # pragma: no cover - exercised only without pyarrow
        raise ImportError(
            "reading Arrow tables and Parquet files needs pyarrow: pip install 'rapport-python[arrow]'"
        ) from e
    return pa, pc


def table(data: Any) -> Any:
    """``data`` as a ``pyarrow.Table``: a Table as it is, a RecordBatch or a
    RecordBatchReader as a table, any other object through its Arrow C
    stream (``__arrow_c_stream__``: polars, DuckDB, pandas …), zero-copy
    where the producer allows."""
    pa, _ = pyarrow()
    if isinstance(data, pa.Table):
        return data
    if isinstance(data, pa.RecordBatch):
        return pa.Table.from_batches([data])
    if isinstance(data, pa.RecordBatchReader):
        return data.read_all()
    if hasattr(data, "__arrow_c_stream__"):
        return pa.table(data)
    raise TypeError(
        "from_arrow needs a pyarrow Table or RecordBatch, a polars DataFrame or an object with "
        f"__arrow_c_stream__, not {type(data).__name__}"
    )


def _is_numeric(pa: Any, t: Any) -> bool:
    """Numbers cross as answers; dictionaries (categoricals) and text as labels (as in ``from_pandas``)."""
    types = pa.types
    return bool(
        types.is_integer(t) or types.is_floating(t) or types.is_boolean(t) or types.is_decimal(t) or types.is_null(t)
    )


class _Codes:
    """One column as ``int32`` codes into its labels, built a batch at a time:
    each batch dictionary-encoded (a dictionary column as it is) and its
    indices written in place; at the end the batches' dictionaries are
    unified and each batch's codes mapped onto the unified dictionary."""

    def __init__(self, name: str, rows: int) -> None:
        self.name = name
        self.codes = _np.full(rows, -1, dtype=_np.int32)
        self.parts: List[Tuple[int, int, Any]] = []  # (first row, end row, the batch's dictionary)
        self.at = 0

    def add(self, pa: Any, pc: Any, array: Any) -> None:
        t = array.type
        if pa.types.is_floating(t):
            # NaN is missing, as pandas.factorize has it.
            array = pc.if_else(pc.is_nan(array), pa.scalar(None, t), array)
        elif pa.types.is_string_view(t) or pa.types.is_binary_view(t):
            array = array.cast(pa.large_string())
        if not pa.types.is_dictionary(array.type):
            array = pc.dictionary_encode(array)
        n = len(array)
        indices = pc.fill_null(array.indices.cast(pa.int32()), -1)
        self.codes[self.at : self.at + n] = indices.to_numpy(zero_copy_only=False)
        dictionary = array.dictionary
        if pa.types.is_string_view(dictionary.type):
            dictionary = dictionary.cast(pa.large_string())
        self.parts.append((self.at, self.at + n, dictionary))
        self.at += n

    def finish(self, pa: Any) -> _Categories:
        from . import _labels

        if not self.parts:
            return (self.name, self.codes, [])
        # Each batch's dictionary with identity indices: unified, the indices
        # become the map from the batch's codes to the unified ones.
        identity = [
            pa.DictionaryArray.from_arrays(pa.array(_np.arange(len(d), dtype=_np.int32)), d) for _, _, d in self.parts
        ]
        unified = pa.chunked_array(identity).unify_dictionaries()
        for (start, end, _), chunk in zip(self.parts, unified.chunks):
            # -1 (missing) indexes the appended -1 and stays missing.
            to_unified = _np.append(chunk.indices.to_numpy(zero_copy_only=False).astype(_np.int32), _np.int32(-1))
            self.codes[start:end] = to_unified[self.codes[start:end]]
        labels = _labels(unified.chunk(0).dictionary.to_pylist())
        self.parts = []
        return (self.name, self.codes, labels)


class _Plan:
    """What each column of a table is, by the core's roles."""

    def __init__(
        self,
        names: Sequence[str],
        types: Sequence[Any],
        instrument: Any,
        side: str,
        wave: str,
        respondent: Optional[str],
        items: Optional[Sequence[str]],
        segments: Optional[Sequence[str]],
        mapping_json: Optional[str],
        source: Optional[str],
    ) -> None:
        pa, _ = pyarrow()
        roles = _rapport.column_roles(
            instrument,
            list(names),
            side,
            wave,
            respondent,
            items=None if items is None else [str(c) for c in items],
            segments=None if segments is None else [str(c) for c in segments],
            mapping=mapping_json,
            source=source,
        )
        self.numeric: List[str] = []
        self.coded: Dict[str, str] = {}  # column → role (side, wave, respondent, segment, item)
        for name, role, t in zip(names, roles, types):
            if role == "item" and _is_numeric(pa, t):
                self.numeric.append(name)
            elif role != "ignored":
                self.coded[name] = role

    @property
    def columns(self) -> List[str]:
        """The columns the core reads, in table order of roles: numeric answers, then the coded columns."""
        return self.numeric + list(self.coded)


def read(
    batches: Iterable[Any],
    rows: int,
    plan: _Plan,
    instrument: Any,
    *,
    not_applicable: Any,
    lenient: bool,
    mapping_json: Optional[str],
    source: Optional[str],
    declared_segments: bool,
) -> Any:
    """Record batches holding ``rows`` rows, translated a batch at a time and
    validated by the core: a native ``Responses``."""
    pa, pc = pyarrow()
    m = len(plan.numeric)
    # Row-major: the layout the core reads, so it reads this array where it is.
    values = _np.empty((rows, m), dtype=_np.float64)
    codes = {name: _Codes(name, rows) for name in plan.coded}
    at = 0
    for batch in batches:
        n = batch.num_rows
        if at + n > rows:
            raise ValueError(f"the table yielded more than the {rows} rows it declared")
        for j, name in enumerate(plan.numeric):
            column = batch.column(name)
            if column.type != pa.float64():
                column = pc.cast(column, pa.float64())
            values[at : at + n, j] = column.to_numpy(zero_copy_only=False)
        for name, c in codes.items():
            c.add(pa, pc, batch.column(name))
        at += n
    if at != rows:
        raise ValueError(f"the table yielded {at} rows, not the {rows} it declared")
    by_role: Dict[str, List[_Categories]] = {}
    for name, c in codes.items():
        by_role.setdefault(plan.coded[name], []).append(c.finish(pa))
    respondent = by_role.get("respondent", [None])[0]
    # The batches are gone: give the memory Arrow's pool keeps for reuse back.
    pa.default_memory_pool().release_unused()
    return _rapport.Responses.from_columns(
        instrument,
        list(plan.numeric),
        values,
        by_role["side"][0],
        by_role["wave"][0],
        respondent=respondent,
        segments=by_role.get("segment", []),
        text_columns=by_role.get("item", []),
        not_applicable=_mask(not_applicable, plan.numeric, rows),
        lenient=lenient,
        source=source,
        mapping=mapping_json,
        declared_segments=declared_segments,
        row_labels=None,
    )


def _mask(not_applicable: Any, numeric: Sequence[str], rows: int) -> Optional[NDArray[_np.bool_]]:
    """The "not applicable" table as an n × m boolean mask over the numeric
    item columns (a column it lacks, or a null, is not marked)."""
    if not_applicable is None:
        return None
    import pandas as pd

    if isinstance(not_applicable, pd.DataFrame):
        mask: NDArray[_np.bool_] = not_applicable.reindex(columns=list(numeric), fill_value=False).to_numpy(
            dtype=bool, na_value=False
        )
        return mask
    marks = table(not_applicable)
    out = _np.zeros((marks.num_rows, len(numeric)), dtype=bool, order="F")
    present = set(marks.column_names)
    for j, name in enumerate(numeric):
        if name in present:
            out[:, j] = marks.column(name).fill_null(False).to_numpy(zero_copy_only=False).astype(bool)
    return out


def from_table(data: Any, instrument: Any, options: Dict[str, Any]) -> Any:
    """A table-like object as a native ``Responses`` (see :func:`rapport.from_arrow`)."""
    t = table(data)
    plan = _plan(list(t.schema.names), list(t.schema.types), instrument, options)
    batches: Iterator[Any] = iter(t.select(plan.columns).to_batches(max_chunksize=BATCH_ROWS))
    return read(batches, t.num_rows, plan, instrument, **_read_options(options))


def from_parquet(path: str, instrument: Any, options: Dict[str, Any]) -> Any:
    """A Parquet file as a native ``Responses``, streamed a batch at a time (see :func:`rapport.read_parquet`)."""
    pa, _ = pyarrow()
    import pyarrow.parquet as pq  # type: ignore[import-untyped]

    try:
        handle = open(path, "rb")
    except OSError as e:
        from .errors import IoError

        raise IoError(f"cannot read {path}: {e.strerror or e}", code="io", file=path) from e
    with handle:
        try:
            parquet = pq.ParquetFile(handle)
        except (pa.ArrowInvalid, OSError) as e:
            from .errors import IoError

            raise IoError(f"cannot read {path}: not a Parquet file ({e})", code="io", file=path) from e
        schema = parquet.schema_arrow
        plan = _plan(list(schema.names), list(schema.types), instrument, options)
        # Text columns read as dictionaries, as Parquet usually stores them:
        # no string is decoded only to be hashed again.
        text = [n for n in plan.coded if pa.types.is_string(schema.field(n).type) or pa.types.is_large_string(schema.field(n).type)]
        parquet = pq.ParquetFile(handle, read_dictionary=text)
        batches = parquet.iter_batches(batch_size=BATCH_ROWS, columns=plan.columns)
        return read(batches, parquet.metadata.num_rows, plan, instrument, **_read_options(options))


def _plan(names: List[str], types: List[Any], instrument: Any, options: Dict[str, Any]) -> _Plan:
    return _Plan(
        names,
        types,
        instrument,
        options["side"],
        options["wave"],
        options["respondent"],
        options["items"],
        options["segments"],
        options["mapping_json"],
        options["source"],
    )


def _read_options(options: Dict[str, Any]) -> Dict[str, Any]:
    return {
        "not_applicable": options["not_applicable"],
        "lenient": options["lenient"],
        "mapping_json": options["mapping_json"],
        "source": options["source"],
        "declared_segments": options["segments"] is not None,
    }


def fspath(path: Any) -> str:
    """A path argument as ``str``."""
    return os.fspath(path) if not isinstance(path, str) else path
