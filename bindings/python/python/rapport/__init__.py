"""rapport: measure, and improve, the working relationship between IT and the business.

Scores relationship-health surveys answered by both sides on trust,
communication, alignment and openness: scores, IT-vs-business gaps and
reliability, never showing a group small enough to identify anyone. Every
figure comes from rapport's Rust core, so the numbers are exactly those of
the ``rapport`` command line.

>>> import rapport
>>> responses = rapport.read_csv("examples/data/responses.csv")
>>> report = rapport.score(responses, by=["side", "department"], min_group_size=5)
>>> report.latest_wave
'2025-11'
>>> gaps = report.gaps()
>>> round(float(gaps.query("wave == '2025-11' and measure == 'index'")["gap"].iloc[0]), 1)
11.4

Bulk answers cross into the core as numpy arrays (``float64``, NaN missing),
never as one Python object per cell, and the core works with the GIL
released.
"""

from __future__ import annotations

# Imported under private names, so that ``dir(rapport)`` shows only the package's own API.
import itertools as _itertools
import json as _json
import os as _os
import typing as _typing
from collections.abc import Iterable as _Iterable
from collections.abc import Mapping as _Mapping

import numpy as _np
import pandas as _pd

from . import _arrow, _rapport
from ._options import ScoreOptions, _Options
from .errors import (
    ActionLogError,
    DocumentError,
    InputError,
    InstrumentError,
    IoError,
    MappingError,
    OptionsError,
    PrivacyError,
    RapportError,
)

if _typing.TYPE_CHECKING:
    from typing import Any, Dict, Iterable, List, Literal, Mapping, Optional, Sequence, Tuple, Union

    from numpy.typing import ArrayLike, NDArray
    from typing_extensions import Unpack

    import os

    import numpy as np
    import pandas as pd

    _PathLike = Union[str, os.PathLike[str]]
    _Categories = Tuple[str, NDArray[np.int32], List[str]]

__all__ = [
    "Instrument",
    "Responses",
    "Report",
    "ScoreOptions",
    "read_csv",
    "read_excel",
    "starter_mapping",
    "read_parquet",
    "from_arrow",
    "score",
    "aggregate",
    "report",
    "Aggregates",
    "privacy_plan",
    "sample",
    "RapportError",
    "InputError",
    "InstrumentError",
    "MappingError",
    "OptionsError",
    "ActionLogError",
    "PrivacyError",
    "IoError",
    "DocumentError",
    "REPORT_SCHEMA_VERSION",
    "TABLES_SCHEMA_VERSION",
    "TABLES",
    "SCORE_OPTIONS",
    "__version__",
]

__version__: str = _rapport.__version__
REPORT_SCHEMA_VERSION: int = _rapport.REPORT_SCHEMA_VERSION
"""Version of the report's JSON form (``report.to_dict()["schema_version"]``)."""
TABLES: Tuple[str, ...] = tuple(_rapport.TABLE_NAMES)
"""Names of the report's tidy tables (:meth:`Report.table`), as ``rapport report --format csv`` writes them."""
TABLES_SCHEMA_VERSION: int = _rapport.TABLES_SCHEMA_VERSION
"""Version of the tables' layout (names, columns, types; ``docs/tables.md``), raised when a column is renamed,
removed or changes type."""
SCORE_OPTIONS: Tuple[str, ...] = tuple(_rapport.SCORE_OPTION_NAMES)
"""Names of the scoring options :func:`score` passes to the core (the core's ``ScoreOptions``)."""

_DISPLAYS = _itertools.count(1)
"""Numbers the HTML displays of reports (their element ids' prefix)."""

# ---- instrument ----------------------------------------------------------------------


class Instrument:
    """A survey instrument: its dimensions, items, scales and bands.

    ``Instrument()`` is the built-in instrument; :meth:`from_json` reads
    another one.

    >>> inst = rapport.Instrument.default()
    >>> inst.dimensions
    ['trust', 'communication', 'alignment', 'openness']
    >>> inst.items[:2]
    ['trust_1', 'trust_2']
    """

    __slots__ = ("_native",)
    _native: _rapport.Instrument

    def __init__(self) -> None:
        self._native = _rapport.Instrument.default()

    @classmethod
    def _wrap(cls, native: _rapport.Instrument) -> Instrument:
        inst = cls.__new__(cls)
        inst._native = native
        return inst

    @classmethod
    def default(cls) -> Instrument:
        """The built-in instrument (trust, communication, alignment, openness).

        Returns
        -------
        Instrument
            The built-in instrument.

        Examples
        --------
        >>> rapport.Instrument.default().id
        'rapport-default'
        """
        return cls._wrap(_rapport.Instrument.default())

    @classmethod
    def from_json(cls, source: Union[str, os.PathLike[str]]) -> Instrument:
        """Read and validate an instrument from JSON text or a JSON file.

        A ``str`` starting with ``{`` is JSON text; any other ``str`` or a
        path object is a file name.

        Parameters
        ----------
        source : str or os.PathLike
            JSON text (a ``str`` starting with ``{``) or the path of a JSON file.

        Returns
        -------
        Instrument
            The validated instrument.

        Raises
        ------
        InstrumentError
            The JSON is not a valid instrument (its JSON path is in the message).
        IoError
            The file cannot be read.

        Examples
        --------
        >>> inst = rapport.Instrument.from_json("examples/instruments/pulse-7point.json")
        >>> inst.dimensions
        ['trust', 'communication', 'delivery']
        >>> rapport.Instrument.from_json(inst.to_json()) == inst
        True
        """
        if isinstance(source, str) and source.lstrip().startswith("{"):
            text = source
        else:
            text = _rapport.read_text(source)
        return cls._wrap(_rapport.Instrument.from_json(text))

    @classmethod
    def from_qsf(cls, path: Union[str, os.PathLike[str]]) -> Instrument:
        """An instrument to start from, built from a Qualtrics survey definition (.qsf).

        As ``rapport instrument --from-qsf``: one dimension per matrix
        question, its statements as items named by their export columns, its
        answers as the scale; single questions as outcome questions. Edit its
        JSON (names, grouping, reverse keying) before scoring with it.

        Parameters
        ----------
        path : str or os.PathLike
            The .qsf file (Survey → Tools → Import/Export → Export survey).

        Returns
        -------
        Instrument
            The validated instrument.

        Raises
        ------
        MappingError
            The file is not a survey definition rapport reads (the message says where).
        IoError
            The file cannot be read.

        Examples
        --------
        >>> inst = rapport.Instrument.from_qsf("tests/imports/qualtrics_codes.qsf")
        >>> len(inst.dimensions), len(inst.items)
        (1, 3)
        """
        return cls._wrap(_rapport.Instrument.from_qsf(_rapport.read_text(path)))

    @classmethod
    def from_redcap_dictionary(cls, path: Union[str, os.PathLike[str]]) -> Instrument:
        """An instrument to start from, built from a REDCap data dictionary (CSV).

        As ``rapport instrument --from-redcap-dictionary``: one dimension per
        matrix group, its fields as items, their choices as the scale; other
        single-answer fields as outcome questions, except the one whose
        answers name the two sides (that is the side).

        Parameters
        ----------
        path : str or os.PathLike
            The data dictionary (Project Setup → Data Dictionary).

        Returns
        -------
        Instrument
            The validated instrument.

        Raises
        ------
        MappingError
            The file is not a data dictionary rapport reads (the message names the row and column).
        IoError
            The file cannot be read.

        Examples
        --------
        >>> inst = rapport.Instrument.from_redcap_dictionary("tests/imports/redcap_dictionary.csv")
        >>> inst.items, inst.outcomes
        (['rel_reliable', 'rel_celebrate'], ['overall', 'cadence'])
        """
        return cls._wrap(_rapport.Instrument.from_redcap_dictionary(_rapport.read_text(path)))

    def to_json(self) -> str:
        """The instrument as JSON text.

        Returns
        -------
        str
            The instrument's JSON text (``schema/instrument.schema.json``).

        Examples
        --------
        >>> '"trust_1"' in rapport.Instrument().to_json()
        True
        """
        return self._native.to_json()

    def to_dict(self) -> Dict[str, Any]:
        """The instrument's JSON form as a dict.

        Returns
        -------
        dict
            The instrument's JSON form.

        Examples
        --------
        >>> rapport.Instrument().to_dict()["scales"]["agreement"]["max"]
        5
        """
        result: Dict[str, Any] = _json.loads(self.to_json())
        return result

    @property
    def id(self) -> str:
        """Instrument id.

        >>> rapport.Instrument().id
        'rapport-default'
        """
        return self._native.id

    @property
    def version(self) -> str:
        """Content version of the instrument.

        >>> isinstance(rapport.Instrument().version, str)
        True
        """
        return self._native.version

    @property
    def name(self) -> str:
        """Display name.

        >>> len(rapport.Instrument().name) > 0
        True
        """
        return self._native.name

    @property
    def dimensions(self) -> List[str]:
        """Dimension ids, in display order.

        >>> rapport.Instrument().dimensions[0]
        'trust'
        """
        return self._native.dimensions

    @property
    def items(self) -> List[str]:
        """Agreement item ids, in instrument order.

        >>> len(rapport.Instrument().items)
        16
        """
        return self._native.items

    @property
    def outcomes(self) -> List[str]:
        """Outcome item ids (overall rating, mirror rating, choice items).

        >>> rapport.Instrument().outcomes
        ['overall_rating', 'mirror_rating', 'meeting_cadence']
        """
        return self._native.outcomes

    @property
    def columns(self) -> List[str]:
        """Every answer column of a wide table: the items, then the outcomes.

        >>> rapport.Instrument().columns[-1]
        'meeting_cadence'
        """
        return self._native.columns

    def choice_options(self, column: str) -> Optional[List[str]]:
        """Option ids of a choice item, in the order of their indices (``None`` for rated items).

        Parameters
        ----------
        column : str
            An item or outcome id.

        Returns
        -------
        list of str or None
            The option ids, or ``None`` for a rated item.

        Examples
        --------
        >>> rapport.Instrument().choice_options("meeting_cadence")[:2]
        ['weekly', 'monthly']
        >>> rapport.Instrument().choice_options("trust_1") is None
        True
        """
        return self._native.choice_options(column)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Instrument) and self._native == other._native

    def __hash__(self) -> int:
        return hash((self.id, self.version))

    def __repr__(self) -> str:
        return f"Instrument(id={self.id!r}, version={self.version!r})"

    def __reduce__(self) -> Tuple[Any, ...]:
        return (Instrument.from_json, (self.to_json(),))


def _native_instrument(instrument: Optional[Instrument]) -> _rapport.Instrument:
    if instrument is None:
        return _rapport.Instrument.default()
    if not isinstance(instrument, Instrument):
        raise TypeError(f"instrument must be a rapport.Instrument, not {type(instrument).__name__}")
    return instrument._native


def _mapping_json(mapping: Union[None, str, os.PathLike[str], Mapping[str, Any]]) -> Optional[str]:
    if mapping is None:
        return None
    if isinstance(mapping, _Mapping):
        return _json.dumps(dict(mapping))
    if isinstance(mapping, str) and mapping.lstrip().startswith("{"):
        return mapping
    return _rapport.read_text(mapping)


# ---- responses -----------------------------------------------------------------------

def _label(value: Any) -> str:
    """A category's text as a CSV would hold it (whole floats without ``.0``)."""
    if isinstance(value, (float, _np.floating)) and float(value).is_integer():
        return str(int(value))
    return str(value)


def _labels(values: Iterable[Any]) -> List[str]:
    """Category texts; strings (the usual case, and fast) as they are."""
    items = values.tolist() if hasattr(values, "tolist") else list(values)
    if all(type(v) is str for v in items):
        return items
    return [_label(v) for v in items]


def _text_values(values: Any) -> Optional[NDArray[np.object_]]:
    """The column as a 1-D numpy object array when it may hold text: a Series
    of ``object`` dtype or of pandas' Python-backed ``str``/``string`` dtype
    (a view, not a copy), or any non-pandas sequence; ``None`` otherwise
    (numbers, Arrow-backed strings: ``pandas.factorize`` is quick there)."""
    if isinstance(values, _pd.Series):
        dtype = values.dtype
        if isinstance(dtype, _np.dtype) and dtype == _np.dtype(object):
            array: NDArray[np.object_] = values.to_numpy()
        elif isinstance(dtype, _pd.StringDtype) and dtype.storage == "python":
            array = values.to_numpy(dtype=object)
        else:
            return None
    else:
        array = _np.asarray(values, dtype=object)
    return array if array.ndim == 1 else None


def _categories(name: str, values: Any) -> _Categories:
    """A column as ``(name, int32 codes, labels)``: categorical columns as
    they are, text through the native factorizer, anything else through
    ``pandas.factorize`` (missing = -1); the codes and labels are the same
    either way."""
    if isinstance(values, _pd.Series) and isinstance(values.dtype, _pd.CategoricalDtype):
        codes = _np.asarray(values.cat.codes, dtype=_np.int32)
        labels = _labels(values.cat.categories)
    elif isinstance(values, _pd.Categorical):
        codes = _np.asarray(values.codes, dtype=_np.int32)
        labels = _labels(values.categories)
    else:
        text = _text_values(values)
        factorized = None if text is None else _rapport.factorize(text, _pd.NA)
        if factorized is not None:
            return (name, factorized[0], factorized[1])
        raw_codes, uniques = _pd.factorize(_np.asarray(values, dtype=object) if not isinstance(values, _pd.Series) else values)
        codes = _np.asarray(raw_codes, dtype=_np.int32)
        labels = _labels(uniques)
    return (name, codes, labels)


def _is_numeric(series: pd.Series) -> bool:
    dtype = series.dtype
    if isinstance(dtype, _pd.CategoricalDtype):
        return False
    return bool(_pd.api.types.is_numeric_dtype(dtype)) or bool(_pd.api.types.is_bool_dtype(dtype))


class Responses:
    """Validated survey responses, ready to :func:`score` (any number of times).

    Make them with :func:`read_csv`, :meth:`from_pandas`, :meth:`from_numpy`
    or :meth:`from_records`. Invalid rows raise :class:`InputError` (strict,
    the default) or, with ``lenient=True``, are kept aside in
    :attr:`rejected`.

    >>> responses = rapport.read_csv("examples/data/responses.csv")
    >>> len(responses)
    1269
    >>> responses.sides
    {'it': 452, 'business': 817}
    """

    __slots__ = ("_native", "_index")
    _native: _rapport.Responses
    _index: Optional[pd.Index]

    def __init__(self) -> None:
        raise TypeError("use rapport.read_csv, Responses.from_pandas, from_numpy or from_records")

    @classmethod
    def _wrap(cls, native: _rapport.Responses, index: Optional[pd.Index] = None) -> Responses:
        responses = cls.__new__(cls)
        responses._native = native
        responses._index = index
        return responses

    @classmethod
    def read_csv(
        cls,
        path: _PathLike,
        instrument: Optional[Instrument] = None,
        lenient: bool = False,
        mapping: Union[None, str, os.PathLike[str], Mapping[str, Any]] = None,
        segments: Optional[Sequence[str]] = None,
        *,
        from_: Optional[str] = None,
        side: Optional[str] = None,
        wave: Optional[str] = None,
        wave_period: Optional[str] = None,
        wave_column: Optional[str] = None,
        day_first: bool = False,
        bad_cells: str = "reject",
    ) -> Responses:
        """Read a wide CSV file; the same as :func:`rapport.read_csv`.

        Parameters
        ----------
        path : str or os.PathLike
            The CSV file.
        instrument : Instrument, optional
            The instrument the answers are checked against (default: the built-in one).
        lenient : bool, default False
            Keep the good rows and list the others in :attr:`Responses.rejected`
            instead of raising at the first bad row.
        mapping : dict, str or os.PathLike, optional
            A column mapping: a dict, JSON text or a JSON file.
        segments : sequence of str, optional
            The segment (break-down) columns; any other non-item column is then an error.
        from_ : str, optional
            The export's format: ``"auto"``, ``"rapport"`` or a survey tool (``--from``).
        side, wave : str, optional
            One side (``"it"`` / ``"business"``) or one wave for the whole file.
        wave_period : str, optional
            ``"month"``, ``"quarter"``, ``"half"`` or ``"year"``: waves from the tool's timestamp.
        wave_column : str, optional
            The timestamp column ``wave_period`` reads.
        day_first : bool, default False
            Read ambiguous dates as day/month.
        bad_cells : {"reject", "missing"}, default "reject"
            An answer that breaks its item's rule rejects its response, or
            (``"missing"``) is read as missing, counted and listed in
            ``intake["bad_cells"]`` and ``intake["bad_cells_listed"]``.

        Returns
        -------
        Responses
            The validated responses.

        Raises
        ------
        IoError
            The file cannot be opened or read.
        InputError
            A bad row (strict mode), a missing column, wave labels that cannot be ordered.
        MappingError
            A malformed mapping.

        Examples
        --------
        >>> len(rapport.Responses.read_csv("examples/data/responses.csv"))
        1269
        """
        return read_csv(
            path,
            instrument=instrument,
            lenient=lenient,
            mapping=mapping,
            segments=segments,
            from_=from_,
            side=side,
            wave=wave,
            wave_period=wave_period,
            wave_column=wave_column,
            day_first=day_first,
            bad_cells=bad_cells,
        )

    @classmethod
    def from_pandas(
        cls,
        df: pd.DataFrame,
        *,
        instrument: Optional[Instrument] = None,
        side: str = "side",
        wave: str = "wave",
        respondent: Optional[str] = "respondent",
        segments: Optional[Sequence[str]] = None,
        items: Optional[Sequence[str]] = None,
        not_applicable: Optional[pd.DataFrame] = None,
        lenient: bool = False,
        mapping: Union[None, str, os.PathLike[str], Mapping[str, Any]] = None,
        source: Optional[str] = None,
    ) -> Responses:
        """Responses from a wide DataFrame: one row per response, one column per item.

        Column roles, by keyword; the core resolves the names as it resolves
        a CSV header (names match ignoring case and surrounding spaces, and
        the same mistakes give the same errors as ``rapport report``):

        * ``side`` (``it`` / ``business``) and ``wave``: required;
        * ``respondent``: ids for the duplicate check (``None`` for none; when
          left at ``"respondent"`` and absent, there is no check);
        * ``items``: the item columns (default: every column named like an
          item or outcome of the instrument, e.g. ``trust_1``, or mapped to
          one; when listed, other item columns are left out);
        * ``segments``: break-down columns such as ``department`` (default:
          every other column; a column named like an item is then an error,
          as in a CSV; when listed, any other column is an error, as with
          ``rapport report --segments``).

        A role left at its own name (``side="side"`` …) follows ``mapping``'s
        key for it. A missing column is an :class:`InputError` with code
        ``missing_column`` naming it in ``.column``.

        Numeric item columns cross as one ``float64`` array (NaN missing;
        choice items as option indices); text or categorical item columns
        (``"N/A"``, ``"Agree"``, ``"monthly"``) are read by the CSV rules, one
        label at a time. ``not_applicable`` is an optional boolean DataFrame
        marking "not applicable" cells of numeric columns. Errors give the
        1-based row in ``.row`` (the first row is 1); their message names the
        row by its index label and 0-based position when the DataFrame has an
        index of its own (``row with index label "r-17" (position 16)``).
        With ``lenient=True`` bad rows are kept aside in :attr:`rejected`,
        with their index label.

        Parameters
        ----------
        df : pandas.DataFrame
            One row per response, one column per item and role.
        instrument : Instrument, optional
            The instrument the answers are checked against (default: the built-in one).
        side, wave : str, default "side", "wave"
            The columns holding each response's side and wave.
        respondent : str or None, default "respondent"
            The respondent id column (``None``: no duplicate check).
        segments : sequence of str, optional
            The break-down columns (default: every other column).
        items : sequence of str, optional
            The item columns (default: every column named like an item or outcome).
        not_applicable : pandas.DataFrame, optional
            A boolean mask of "not applicable" cells of numeric item columns.
        lenient : bool, default False
            Keep the good rows and list the others in :attr:`rejected`.
        mapping : dict, str or os.PathLike, optional
            A column mapping, as for :func:`read_csv`.
        source : str, optional
            A name for the data in messages and the intake.

        Returns
        -------
        Responses
            The validated responses (the DataFrame's index kept for :attr:`rejected`).

        Raises
        ------
        InputError
            A bad row (strict mode; the message names its index label), a missing column.
        MappingError
            A malformed mapping.
        TypeError
            ``df`` is not a DataFrame.

        Examples
        --------
        >>> df = rapport.sample(waves=2, seed=7)
        >>> responses = rapport.Responses.from_pandas(df)
        >>> len(responses) == len(df)
        True
        >>> bad = df.assign(trust_1=df["trust_1"].where(df.index != 3, "9"))
        >>> try:
        ...     rapport.Responses.from_pandas(bad)
        ... except rapport.InputError as e:
        ...     print(e.code, e.row, e.column)
        value_out_of_scale 4 trust_1
        >>> try:
        ...     rapport.Responses.from_pandas(bad.set_index("respondent"))
        ... except rapport.InputError as e:
        ...     print(str(e).split(":")[0])
        row with index label "r00004" (position 3), column "trust_1"
        >>> try:
        ...     rapport.Responses.from_pandas(df.rename(columns={"wave": "waves"}))
        ... except rapport.InputError as e:
        ...     print(e.code, e.column, str(e).endswith('did you mean "waves"?'))
        missing_column wave True
        """
        if not isinstance(df, _pd.DataFrame):
            raise TypeError(f"from_pandas needs a pandas DataFrame, not {type(df).__name__}")
        inst = _native_instrument(instrument)
        mapping_json = _mapping_json(mapping)
        roles = _rapport.column_roles(
            inst,
            [str(c) for c in df.columns],
            side,
            wave,
            respondent,
            items=None if items is None else [str(c) for c in items],
            segments=None if segments is None else [str(c) for c in segments],
            mapping=mapping_json,
            source=source,
        )
        by_role: Dict[str, List[Any]] = {}
        for column, role in zip(df.columns, roles):
            by_role.setdefault(role, []).append(column)
        item_cols = by_role.get("item", [])
        (side_col,), (wave_col,) = by_role["side"], by_role["wave"]
        respondent_col = by_role.get("respondent", [None])[0]
        numeric = [c for c in item_cols if _is_numeric(df[c])]
        text = [c for c in item_cols if c not in numeric]
        values = df[numeric].to_numpy(dtype=_np.float64, na_value=_np.nan) if numeric else _np.empty((len(df), 0))
        mask = None
        if not_applicable is not None:
            if not isinstance(not_applicable, _pd.DataFrame):
                raise TypeError("not_applicable must be a boolean DataFrame with the item columns")
            mask = not_applicable.reindex(columns=numeric, fill_value=False).to_numpy(dtype=bool, na_value=False)
        native = _rapport.Responses.from_columns(
            inst,
            [str(c) for c in numeric],
            values,
            _categories(str(side_col), df[side_col]),
            _categories(str(wave_col), df[wave_col]),
            respondent=None if respondent_col is None else _categories(str(respondent_col), df[respondent_col]),
            segments=[_categories(str(c), df[c]) for c in by_role.get("segment", [])],
            text_columns=[_categories(str(c), df[c]) for c in text],
            not_applicable=mask,
            lenient=lenient,
            source=source,
            mapping=mapping_json,
            declared_segments=segments is not None,
            # A row error names the row by its index label (and position),
            # unless the index is the default 0, 1, 2 … (the position says it all).
            row_labels=None if df.index.equals(_pd.RangeIndex(len(df))) else df.index,
        )
        return cls._wrap(native, df.index)

    @classmethod
    def from_numpy(
        cls,
        answers: ArrayLike,
        columns: Sequence[str],
        *,
        side: ArrayLike,
        wave: ArrayLike,
        respondent: Optional[ArrayLike] = None,
        segments: Optional[Mapping[str, ArrayLike]] = None,
        not_applicable: Optional[ArrayLike] = None,
        instrument: Optional[Instrument] = None,
        lenient: bool = False,
        source: Optional[str] = None,
    ) -> Responses:
        """Responses from an n × m answer array (``float64``, NaN missing) and per-row roles.

        ``columns`` names the m item columns; choice items hold option
        indices (:meth:`Instrument.choice_options`). ``side``, ``wave``,
        ``respondent`` and each segment are sequences of n labels (or
        pandas Categoricals); ``not_applicable`` an optional n × m boolean mask.

        Parameters
        ----------
        answers : array_like
            n × m answers (``float64``; NaN missing).
        columns : sequence of str
            The m item ids.
        side, wave : array_like
            n labels each.
        respondent : array_like, optional
            n respondent ids (for the duplicate check).
        segments : mapping of str to array_like, optional
            Break-down field → n labels.
        not_applicable : array_like, optional
            n × m boolean mask of "not applicable" cells.
        instrument : Instrument, optional
            The instrument (default: the built-in one).
        lenient : bool, default False
            Keep the good rows and list the others in :attr:`rejected`.
        source : str, optional
            A name for the data in messages and the intake.

        Returns
        -------
        Responses
            The validated responses.

        Raises
        ------
        InputError
            A bad row (strict mode) or an unknown column.
        OptionsError
            Arrays of the wrong shape (code ``invalid_argument``).

        Examples
        --------
        >>> import numpy as np
        >>> answers = np.array([[4, 5], [2, np.nan], [3, 3], [5, 4], [4, 4]], dtype=float)
        >>> responses = rapport.Responses.from_numpy(
        ...     answers, ["trust_1", "trust_2"], side=["it", "business", "it", "it", "business"],
        ...     wave=["2026-03"] * 5, respondent=["a", "b", "c", "d", "e"])
        >>> len(responses), responses.waves
        (5, {'2026-03': 5})
        """
        values = _np.asarray(answers, dtype=_np.float64)
        mask = None if not_applicable is None else _np.asarray(not_applicable, dtype=bool)
        native = _rapport.Responses.from_columns(
            _native_instrument(instrument),
            [str(c) for c in columns],
            values,
            _categories("side", side),
            _categories("wave", wave),
            respondent=None if respondent is None else _categories("respondent", respondent),
            segments=[_categories(str(name), v) for name, v in (segments or {}).items()],
            not_applicable=mask,
            lenient=lenient,
            source=source,
            declared_segments=True,
        )
        return cls._wrap(native)

    @classmethod
    def from_records(
        cls,
        records: Iterable[Mapping[str, Any]],
        *,
        instrument: Optional[Instrument] = None,
        lenient: bool = False,
    ) -> Responses:
        """Responses in the documented JSON form (``schema/response.schema.json``), as dicts.

        ``answers`` maps item ids to a scale point, an option id, ``"na"``
        (not applicable) or ``None`` (missing); errors name the 1-based
        position of the record.

        Parameters
        ----------
        records : iterable of mapping
            Responses in the JSON form: ``respondent``, ``side``, ``wave``,
            ``segments`` and ``answers``.
        instrument : Instrument, optional
            The instrument (default: the built-in one).
        lenient : bool, default False
            Keep the good records and list the others in :attr:`rejected`.

        Returns
        -------
        Responses
            The validated responses.

        Raises
        ------
        InputError
            A record that is not valid (its 1-based position in ``.row``).

        Examples
        --------
        >>> responses = rapport.Responses.from_records([
        ...     {"respondent": "r1", "side": "it", "wave": "2026-03",
        ...      "segments": {"department": "Apps"},
        ...      "answers": {"trust_1": 4, "trust_2": "na", "meeting_cadence": "monthly"}},
        ... ])
        >>> len(responses)
        1
        """
        text = _json.dumps([dict(r) for r in records])
        return cls._wrap(_rapport.Responses.from_json(text, _native_instrument(instrument), lenient))

    def __len__(self) -> int:
        return len(self._native)

    @property
    def instrument(self) -> Instrument:
        """The instrument the responses were validated against.

        >>> rapport.read_csv("examples/data/responses.csv").instrument.id
        'rapport-default'
        """
        return Instrument._wrap(self._native.instrument)

    @property
    def sides(self) -> Dict[str, int]:
        """Accepted responses per side.

        >>> rapport.read_csv("examples/data/responses.csv").sides["it"]
        452
        """
        return dict(self._native.sides())

    @property
    def waves(self) -> Dict[str, int]:
        """Accepted responses per wave, in order of first appearance.

        >>> list(rapport.read_csv("examples/data/responses.csv").waves)[:2]
        ['2025-04', '2025-05']
        """
        return dict(self._native.waves())

    @property
    def intake(self) -> Dict[str, Any]:
        """Rows read, accepted and rejected, per source and in total (the report's ``intake``).

        >>> rapport.read_csv("examples/data/responses.csv").intake["rows_in"]
        1269
        """
        result: Dict[str, Any] = _json.loads(self._native.intake_json())
        return result

    @property
    def rejected(self) -> pd.DataFrame:
        """The first 100 rows rejected in lenient mode, one per row: ``row``, ``code``,
        ``message``, ``column``, ``item``, ``file`` (and, from a DataFrame, its ``index``
        label). ``intake["rejected"]`` counts every rejected row and
        ``intake["rejected_by_code"]`` counts them per code.

        >>> df = rapport.sample(waves=1)
        >>> df.loc[2, "trust_1"] = 7
        >>> responses = rapport.Responses.from_pandas(df, lenient=True)
        >>> responses.rejected[["row", "code", "column"]].to_dict("records")
        [{'row': 3, 'code': 'value_out_of_scale', 'column': 'trust_1'}]
        """
        rows = self.intake["rejected_rows"]
        frame = _pd.DataFrame(
            {
                "row": _pd.array([r["row"] for r in rows], dtype="int64"),
                "code": [r["code"] for r in rows],
                "message": [r["message"] for r in rows],
                "column": [r.get("column") for r in rows],
                "item": [r.get("item") for r in rows],
                "file": [r.get("file") for r in rows],
            }
        )
        if self._index is not None:
            frame.insert(1, "index", [self._index[r["row"] - 1] for r in rows])
        return frame

    def respondent_scores(self, **options: Unpack[_Options]) -> pd.DataFrame:
        """Each respondent's dimension scores and overall health index, one row
        per accepted response (respondent × wave), for the data owner's own
        analyses (regressions, mixed models, checks).

        .. warning::
           These are individual people's scores, identifiable by their
           respondent id, wave, side and segments. They are not part of any
           report and no rapport output contains them: use them for your own
           models only, never publish or share them, and publish group
           figures through :func:`score`, which hides small groups.

        The scores follow the report's rules (the core's): a dimension score
        is the weighted mean of the respondent's answered items after reverse
        keying, when they answered at least ``min_answered_fraction`` of the
        dimension's items, on 0–100 by ``hundred_scale``; the index is the
        dimension-weighted mean of their dimension scores when they are
        scored on every dimension. A group's dimension score (and index) in
        the report is the mean of its members' scores here.

        Parameters
        ----------
        **options
            Scoring options by the core's names, as for :func:`score`; those
            that shape these scores are ``min_answered_fraction``,
            ``hundred_scale`` and ``wave_order`` (the order of ``wave``).

        Returns
        -------
        pandas.DataFrame
            Tidy, one row per response in input order: ``respondent`` (text;
            absent when the responses have no ids), ``wave`` (an ordered
            categorical, waves in the report's order), ``side`` (text), one
            text column per segment (break-down field, ``<NA>`` when not
            given), then one ``float64`` column per dimension (in the
            instrument's order) and ``index``; NaN where the respondent is
            not scored (too few items answered; for ``index``, not scored on
            every dimension).

        Raises
        ------
        OptionsError
            An unknown option, or a value of the wrong kind or out of range.
        InputError
            Wave labels that cannot be put in order.

        Examples
        --------
        >>> responses = rapport.read_csv("examples/data/responses.csv")
        >>> scores = responses.respondent_scores()
        >>> list(scores.columns)
        ['respondent', 'wave', 'side', 'department', 'role', 'trust', 'communication', 'alignment', 'openness', 'index']
        >>> len(scores) == len(responses)
        True

        A group's score in the report is the mean of its members' scores:

        >>> report = rapport.score(responses, by=["side"])
        >>> d = report.dimensions()
        >>> it_trust = d[(d.wave == "2025-11") & (d.level == "side") & (d.side == "it") & (d.measure == "trust")]["score"].iloc[0]
        >>> mine = scores[(scores.wave == "2025-11") & (scores.side == "it")]["trust"].mean()
        >>> bool(abs(mine - it_trust) < 1e-9)
        True
        """
        dims, ids, (waves, order), sides, segments, scores = self._native.respondent_scores(
            _json.dumps({k: v for k, v in options.items() if v is not None}, default=_plain)
        )
        data: Dict[str, Any] = {}
        if ids is not None:
            data["respondent"] = _pd.array(ids, dtype=_pd.StringDtype())
        data["wave"] = _pd.Categorical(waves, categories=order, ordered=True)
        data["side"] = _pd.array(sides, dtype=_pd.StringDtype())
        for name, labels in segments:
            data[name] = _pd.array(labels, dtype=_pd.StringDtype())
        for j, dim in enumerate(dims):
            data[dim] = scores[:, j]
        data["index"] = scores[:, len(dims)]
        return _pd.DataFrame(data)

    def __repr__(self) -> str:
        intake = self.intake
        return (
            f"<rapport.Responses: {intake['accepted']} accepted of {intake['rows_in']} rows"
            f" ({intake['rejected']} rejected), {len(self.waves)} waves>"
        )


def read_csv(
    path: _PathLike,
    instrument: Optional[Instrument] = None,
    lenient: bool = False,
    mapping: Union[None, str, os.PathLike[str], Mapping[str, Any]] = None,
    segments: Optional[Sequence[str]] = None,
    *,
    from_: Optional[str] = None,
    side: Optional[str] = None,
    wave: Optional[str] = None,
    wave_period: Optional[str] = None,
    wave_column: Optional[str] = None,
    day_first: bool = False,
    bad_cells: str = "reject",
) -> Responses:
    """Read a wide CSV file of responses, exactly as ``rapport report`` does.

    Columns ``respondent``, ``side``, ``wave``, segment columns, one column per
    item id; empty cells are missing, ``NA`` / ``N/A`` not applicable.
    ``mapping`` (a dict, JSON text or a file) adapts exports with other
    headers; ``segments`` declares the segment columns. A survey tool's
    export (Qualtrics, Microsoft Forms, Google Forms, SurveyMonkey,
    LimeSurvey, REDCap) is recognised by its columns, or named by ``from_``
    (``"auto"``, ``"rapport"`` or the tool, as ``--from``); ``side``
    (``"it"`` / ``"business"``) and ``wave`` give one side or wave for the
    whole file, ``wave_period`` (``"month"``, ``"quarter"``, ``"half"``,
    ``"year"``) takes waves from the tool's timestamp (or ``wave_column``),
    as ``--side``, ``--wave`` and ``--wave-period`` do. Strict mode raises
    :class:`InputError` at the first bad row (``.row`` counts the header as
    row 1); ``lenient=True`` keeps the good rows and lists the others in
    :attr:`Responses.rejected`.

    Parameters
    ----------
    path : str or os.PathLike
        The CSV file.
    instrument : Instrument, optional
        The instrument the answers are checked against (default: the built-in one).
    lenient : bool, default False
        Keep the good rows and list the others in :attr:`Responses.rejected`
        instead of raising at the first bad row.
    mapping : dict, str or os.PathLike, optional
        A column mapping: a dict, JSON text or a JSON file.
    segments : sequence of str, optional
        The segment (break-down) columns; any other non-item column is then an error.
    from_ : str, optional
        The export's format: ``"auto"``, ``"rapport"`` or a survey tool (``--from``).
    side, wave : str, optional
        One side (``"it"`` / ``"business"``) or one wave for the whole file.
    wave_period : str, optional
        ``"month"``, ``"quarter"``, ``"half"`` or ``"year"``: waves from the tool's timestamp.
    wave_column : str, optional
        The timestamp column ``wave_period`` reads.
    day_first : bool, default False
        Read ambiguous dates as day/month.
    bad_cells : {"reject", "missing"}, default "reject"
        What an answer that breaks its item's rule (out of the scale, not one
        of its labels, "not applicable" where the item has none) does: reject
        its response, or (``"missing"``, as ``--bad-cells missing``) be read
        as missing, counted and listed in ``intake["bad_cells"]`` and
        ``intake["bad_cells_listed"]`` (file, row, column, item, value) while
        the rest of the response is kept.

    Returns
    -------
    Responses
        The validated responses.

    Raises
    ------
    IoError
        The file cannot be opened or read.
    InputError
        A bad row (strict mode), a missing column, wave labels that cannot be ordered.
    MappingError
        A malformed mapping.

    Examples
    --------
    >>> responses = rapport.read_csv("examples/data/responses.csv")
    >>> responses.intake["sources"][0]["file"]
    'examples/data/responses.csv'
    >>> try:
    ...     rapport.read_csv("no/such/file.csv")
    ... except rapport.InputError as e:
    ...     print(e.code, e.file)
    io no/such/file.csv
    >>> export = rapport.read_csv("tests/imports/qualtrics_current.csv", side="business", wave_period="quarter")
    >>> export.intake["notes"][0].split(";")[0]
    'tests/imports/qualtrics_current.csv: read as a Qualtrics export (detected from its columns'
    """
    native = _rapport.Responses.read_csv(
        _os.fspath(path),
        _native_instrument(instrument),
        lenient=lenient,
        mapping=_mapping_json(mapping),
        segments=None if segments is None else list(segments),
        from_=from_,
        side=side,
        wave=wave,
        wave_period=wave_period,
        wave_column=wave_column,
        day_first=day_first,
        bad_cells=bad_cells,
    )
    return Responses._wrap(native)


def read_excel(
    path: _PathLike,
    sheet_name: Optional[str] = None,
    instrument: Optional[Instrument] = None,
    lenient: bool = False,
    mapping: Union[None, str, os.PathLike[str], Mapping[str, Any]] = None,
    segments: Optional[Sequence[str]] = None,
    *,
    from_: Optional[str] = None,
    side: Optional[str] = None,
    wave: Optional[str] = None,
    wave_period: Optional[str] = None,
    wave_column: Optional[str] = None,
    day_first: bool = False,
    bad_cells: str = "reject",
) -> Responses:
    """Read one sheet of a workbook (.xlsx, .xlsm, .xlsb, .xls, .ods), exactly as ``rapport report`` does.

    The sheet is read as the CSV a spreadsheet would save (whole numbers
    without ``.0``, dates as ``YYYY-MM-DD HH:MM:SS``, rows numbered as in the
    sheet, the header in row 1), then by the same reader as :func:`read_csv`
    with the same keywords: a Microsoft Forms or Google Forms download reads
    as it is. No pandas or openpyxl is involved.

    Parameters
    ----------
    path : str or os.PathLike
        The workbook.
    sheet_name : str, optional
        The sheet to read, by name in any case (default: the first), as ``--sheet``.
    instrument : Instrument, optional
        The instrument the answers are checked against (default: the built-in one).
    lenient : bool, default False
        Keep the good rows and list the others in :attr:`Responses.rejected`.
    mapping : dict, str or os.PathLike, optional
        A column mapping: a dict, JSON text or a JSON file.
    segments : sequence of str, optional
        The segment (break-down) columns.
    from_ : str, optional
        The export's format: ``"auto"``, ``"rapport"`` or a survey tool (``--from``).
    side, wave : str, optional
        One side (``"it"`` / ``"business"``) or one wave for the whole file.
    wave_period : str, optional
        ``"month"``, ``"quarter"``, ``"half"`` or ``"year"``: waves from the tool's timestamp.
    wave_column : str, optional
        The timestamp column ``wave_period`` reads.
    day_first : bool, default False
        Read ambiguous dates as day/month.
    bad_cells : {"reject", "missing"}, default "reject"
        As in :func:`read_csv`.

    Returns
    -------
    Responses
        The validated responses.

    Raises
    ------
    IoError
        The file cannot be opened or read.
    InputError
        Not a readable workbook (``code`` ``"invalid_workbook"``), a bad row
        (strict mode; ``.row`` is the sheet's row), a missing column.
    OptionsError
        ``sheet_name`` names no sheet of the workbook (the message lists them).
    MappingError
        A malformed mapping.

    Examples
    --------
    >>> forms = rapport.read_excel("tests/imports/msforms.xlsx", side="business", wave_period="quarter")
    >>> forms.intake["accepted"], sorted(forms.waves)
    (6, ['2025-Q2', '2025-Q3'])
    """
    native = _rapport.Responses.read_csv(
        _os.fspath(path),
        _native_instrument(instrument),
        lenient=lenient,
        mapping=_mapping_json(mapping),
        segments=None if segments is None else list(segments),
        from_=from_,
        side=side,
        wave=wave,
        wave_period=wave_period,
        wave_column=wave_column,
        day_first=day_first,
        bad_cells=bad_cells,
        workbook=True,
        sheet=sheet_name,
    )
    return Responses._wrap(native)


def starter_mapping(
    path: _PathLike,
    *,
    instrument: Optional[Instrument] = None,
    from_: Optional[str] = None,
    qsf: Optional[_PathLike] = None,
    redcap_dictionary: Optional[_PathLike] = None,
    sheet_name: Optional[str] = None,
) -> Dict[str, Any]:
    """A starter column mapping for a survey tool's export, as ``rapport mapping`` writes it.

    From the export's header rows (a workbook's first sheet, or
    ``sheet_name``, when the extension names a workbook): items matched to
    the instrument's questions by id or wording, the tool's id and time
    columns, a side or wave question when there is one, every other column
    under ``ignore``, and in ``notes`` what each guess was and what is still
    missing. With the survey's definition (``qsf``: a Qualtrics .qsf;
    ``redcap_dictionary``: a REDCap data dictionary) each column it defines
    is mapped by its wording and its answer codes to scale points, so a
    recoded choice reads as the right number. Review it, then pass it as
    ``mapping=`` to :func:`read_csv` or :func:`read_excel`.

    Parameters
    ----------
    path : str or os.PathLike
        The export (CSV or a workbook).
    instrument : Instrument, optional
        The instrument to match questions to (default: the built-in one).
    from_ : str, optional
        The export's format: ``"auto"`` (the default: recognised by its columns) or a survey tool.
    qsf : str or os.PathLike, optional
        The Qualtrics survey definition (.qsf file) of the export.
    redcap_dictionary : str or os.PathLike, optional
        The REDCap data dictionary (CSV file) of the export.
    sheet_name : str, optional
        The sheet of a workbook to read (default: the first).

    Returns
    -------
    dict
        The mapping, in the form of ``schema/mapping.schema.json``, with ``notes``.

    Raises
    ------
    IoError
        A file cannot be opened or read.
    OptionsError
        Both ``qsf`` and ``redcap_dictionary`` given.
    MappingError
        The survey definition is not a valid .qsf or data dictionary.
    InputError
        The export is not readable CSV or a readable workbook.

    Examples
    --------
    >>> m = rapport.starter_mapping("tests/imports/googleforms.csv")
    >>> m["side"], m["wave"]["column"]
    ('Which side are you on?', 'Timestamp')
    >>> coded = rapport.starter_mapping("tests/imports/qualtrics_codes.csv", qsf="tests/imports/qualtrics_codes.qsf")
    >>> sorted(coded["values"])  # the .qsf's recode values mapped to scale points
    ['communication_2', 'communication_3']
    """
    mapping: Dict[str, Any] = _json.loads(
        _rapport.starter_mapping(
            _os.fspath(path),
            _native_instrument(instrument),
            from_=from_,
            qsf=None if qsf is None else _rapport.read_text(qsf),
            redcap_dictionary=None if redcap_dictionary is None else _rapport.read_text(redcap_dictionary),
            sheet=sheet_name,
        )
    )
    return mapping


def from_arrow(
    data: Any,
    instrument: Optional[Instrument] = None,
    *,
    side: str = "side",
    wave: str = "wave",
    respondent: Optional[str] = "respondent",
    segments: Optional[Sequence[str]] = None,
    items: Optional[Sequence[str]] = None,
    not_applicable: Any = None,
    lenient: bool = False,
    mapping: Union[None, str, os.PathLike[str], Mapping[str, Any]] = None,
    source: Optional[str] = None,
) -> Responses:
    """Responses from an Arrow table: a ``pyarrow.Table`` or ``RecordBatch``, a
    polars DataFrame, or any object with ``__arrow_c_stream__``, read
    without pandas objects.

    The keywords and the results are those of :meth:`Responses.from_pandas`
    (column roles, ``mapping``, ``segments``, ``lenient``; the same report
    and the same errors): numeric item columns cross as ``float64`` answers
    (nulls missing; choice items as option indices), text and dictionary
    (categorical) columns as codes into their labels, encoded by
    ``pyarrow.compute.dictionary_encode`` a record batch at a time; the core
    reads the labels by the CSV rules. Rows are named by position: an error
    at the table's first row has ``.row == 1`` and says ``row 1``. Needs
    pyarrow (``pip install 'rapport-python[arrow]'``).

    Parameters
    ----------
    data : pyarrow.Table, pyarrow.RecordBatch, polars.DataFrame or Arrow stream
        One row per response, one column per item and role; an object with
        ``__arrow_c_stream__`` is read through ``pyarrow.table``.
    instrument : Instrument, optional
        The instrument the answers are checked against (default: the built-in one).
    side, wave : str, default "side", "wave"
        The columns holding each response's side and wave.
    respondent : str or None, default "respondent"
        The respondent id column (``None``: no duplicate check).
    segments : sequence of str, optional
        The break-down columns (default: every other column).
    items : sequence of str, optional
        The item columns (default: every column named like an item or outcome).
    not_applicable : table of bool, optional
        "Not applicable" marks of numeric item columns: a table like ``data``
        (or a pandas DataFrame) with one boolean column per marked item.
    lenient : bool, default False
        Keep the good rows and list the others in :attr:`Responses.rejected`.
    mapping : dict, str or os.PathLike, optional
        A column mapping, as for :func:`read_csv`.
    source : str, optional
        A name for the data in messages and the intake.

    Returns
    -------
    Responses
        The validated responses.

    Raises
    ------
    InputError
        A bad row (strict mode; its position in ``.row``), a missing column.
    MappingError
        A malformed mapping.
    TypeError
        ``data`` is not an Arrow table.

    Examples
    --------
    >>> import pyarrow.csv as pv
    >>> table = pv.read_csv("examples/data/responses.csv",
    ...                     convert_options=pv.ConvertOptions(null_values=[""], strings_can_be_null=True))
    >>> responses = rapport.from_arrow(table)
    >>> len(responses), responses.sides
    (1269, {'it': 452, 'business': 817})
    >>> rapport.score(responses).to_json() == rapport.score(rapport.read_csv("examples/data/responses.csv")).to_json()
    True
    >>> import pyarrow as pa
    >>> trust_1 = table["trust_1"].to_pylist()
    >>> trust_1[3] = "9"
    >>> try:
    ...     rapport.from_arrow(table.set_column(table.schema.get_field_index("trust_1"), "trust_1", pa.array(trust_1)))
    ... except rapport.InputError as e:
    ...     print(e.code, e.row, e.column)
    value_out_of_scale 4 trust_1
    """
    inst = _native_instrument(instrument)
    options = _arrow_options(side, wave, respondent, segments, items, not_applicable, lenient, mapping, source)
    return Responses._wrap(_arrow.from_table(data, inst, options))


def read_parquet(
    path: _PathLike,
    instrument: Optional[Instrument] = None,
    *,
    side: str = "side",
    wave: str = "wave",
    respondent: Optional[str] = "respondent",
    segments: Optional[Sequence[str]] = None,
    items: Optional[Sequence[str]] = None,
    not_applicable: Any = None,
    lenient: bool = False,
    mapping: Union[None, str, os.PathLike[str], Mapping[str, Any]] = None,
    source: Optional[str] = None,
) -> Responses:
    """Read a Parquet file of responses, streamed a record batch at a time.

    Only the columns the core reads are read from the file, a batch at a
    time, so the whole table is never in memory; each batch is translated
    as :func:`from_arrow` translates a table, with the same keywords and
    the same results and errors. Errors name the file and the row by
    position (the first row is row 1). Needs pyarrow
    (``pip install 'rapport-python[arrow]'``).

    Parameters
    ----------
    path : str or os.PathLike
        The Parquet file.
    instrument : Instrument, optional
        The instrument the answers are checked against (default: the built-in one).
    side, wave : str, default "side", "wave"
        The columns holding each response's side and wave.
    respondent : str or None, default "respondent"
        The respondent id column (``None``: no duplicate check).
    segments : sequence of str, optional
        The break-down columns (default: every other column).
    items : sequence of str, optional
        The item columns (default: every column named like an item or outcome).
    not_applicable : table of bool, optional
        "Not applicable" marks of numeric item columns, as for :func:`from_arrow`.
    lenient : bool, default False
        Keep the good rows and list the others in :attr:`Responses.rejected`.
    mapping : dict, str or os.PathLike, optional
        A column mapping, as for :func:`read_csv`.
    source : str, optional
        A name for the data in messages and the intake (default: the path).

    Returns
    -------
    Responses
        The validated responses.

    Raises
    ------
    IoError
        The file cannot be opened, or is not a Parquet file.
    InputError
        A bad row (strict mode; its position in ``.row``), a missing column.
    MappingError
        A malformed mapping.

    Examples
    --------
    >>> import os, tempfile
    >>> import pyarrow.csv as pv, pyarrow.parquet as pq
    >>> table = pv.read_csv("examples/data/responses.csv",
    ...                     convert_options=pv.ConvertOptions(null_values=[""], strings_can_be_null=True))
    >>> path = os.path.join(tempfile.mkdtemp(), "responses.parquet")
    >>> pq.write_table(table, path)
    >>> responses = rapport.read_parquet(path)
    >>> len(responses), rapport.score(responses).latest_wave
    (1269, '2025-11')
    >>> try:
    ...     rapport.read_parquet("no/such/responses.parquet")
    ... except rapport.IoError as e:
    ...     print(e.code, e.file)
    io no/such/responses.parquet
    """
    name = _os.fspath(path)
    inst = _native_instrument(instrument)
    options = _arrow_options(
        side, wave, respondent, segments, items, not_applicable, lenient, mapping, name if source is None else source
    )
    return Responses._wrap(_arrow.from_parquet(name, inst, options))


def _arrow_options(
    side: str,
    wave: str,
    respondent: Optional[str],
    segments: Optional[Sequence[str]],
    items: Optional[Sequence[str]],
    not_applicable: Any,
    lenient: bool,
    mapping: Union[None, str, os.PathLike[str], Mapping[str, Any]],
    source: Optional[str],
) -> Dict[str, Any]:
    """The keywords of :func:`from_arrow` as :mod:`rapport._arrow` takes them."""
    return {
        "side": side,
        "wave": wave,
        "respondent": respondent,
        "segments": segments,
        "items": items,
        "not_applicable": not_applicable,
        "lenient": lenient,
        "mapping_json": _mapping_json(mapping),
        "source": source,
    }


# ---- sample data ---------------------------------------------------------------------


def sample(
    *,
    seed: Optional[int] = None,
    waves: Optional[int] = None,
    respondents_per_wave: Optional[int] = None,
    first_wave: Optional[str] = None,
    missing_rate: Optional[float] = None,
    not_applicable_rate: Optional[float] = None,
    instrument: Optional[Instrument] = None,
    not_applicable: Optional[str] = "N/A",
) -> pd.DataFrame:
    """Realistic, deterministic sample responses as a wide DataFrame (the core's generator).

    The same columns and answers as ``rapport sample`` writes to CSV:
    ``respondent``, ``side``, ``wave``, ``department``, ``role``, then one
    column per item (``float64``, NaN missing), the choice item as a
    categorical of option ids. Options left as ``None`` keep the generator's
    defaults (seed 42, 8 waves from ``2025-04``, about 160 respondents a
    wave, 4% missing, 3% not applicable). "Not applicable" answers are the
    text ``not_applicable`` (``"N/A"``, so those columns hold text as in
    the CSV); pass ``None`` to get purely numeric item columns with
    not-applicable as NaN.

    Parameters
    ----------
    seed : int, optional
        Seed of the generator (default 42): the same seed gives the same data everywhere.
    waves : int, optional
        Number of waves (default 8).
    respondents_per_wave : int, optional
        Respondents in a typical wave (default 160).
    first_wave : str, optional
        Label of the first wave (default ``"2025-04"``); later labels count on from it.
    missing_rate : float, optional
        Share of answers left empty, in ``[0, 1)`` (default 0.04).
    not_applicable_rate : float, optional
        Share of answers "not applicable", in ``[0, 1)`` (default 0.03).
    instrument : Instrument, optional
        The instrument to answer (default: the built-in one).
    not_applicable : str or None, default "N/A"
        The text of a "not applicable" answer; ``None`` for NaN in numeric columns.

    Returns
    -------
    pandas.DataFrame
        One row per response, in the columns of ``rapport sample``'s CSV.

    Raises
    ------
    OptionsError
        An option out of range.

    Examples
    --------
    >>> df = rapport.sample(waves=2, seed=7)
    >>> list(df.columns[:6])
    ['respondent', 'side', 'wave', 'department', 'role', 'trust_1']
    >>> sorted(df["wave"].unique())
    ['2025-04', '2025-05']
    >>> rapport.sample(waves=1, not_applicable=None)["trust_1"].dtype
    dtype('float64')
    """
    given = locals()
    # The generator's options, by the core's names (each one a keyword argument here).
    options = {name: given[name] for name in _rapport.SAMPLE_OPTION_NAMES if given[name] is not None}
    inst = _native_instrument(instrument)
    columns, values, mask, sides, wave, ids, segments = _rapport.sample_columns(inst, _json.dumps(options))
    data: Dict[str, Any] = {
        "respondent": _np.asarray(ids[1], dtype=object)[ids[0]],
        "side": _pd.Categorical.from_codes(sides[0], categories=_pd.Index(sides[1])),
        "wave": _pd.Categorical.from_codes(wave[0], categories=_pd.Index(wave[1])),
    }
    for name, codes, labels in segments:
        data[name] = _pd.Categorical.from_codes(codes, categories=_pd.Index(labels))
    for j, column in enumerate(columns):
        options_of = inst.choice_options(column)
        col = values[:, j]
        if options_of is not None:
            choice = _np.where(_np.isnan(col), -1, col).astype(_np.int64)
            data[column] = _pd.Categorical.from_codes(choice, categories=_pd.Index(options_of))
        elif not_applicable is not None and mask[:, j].any():
            text = col.astype(object)
            text[mask[:, j]] = not_applicable
            data[column] = text
        else:
            data[column] = col
    return _pd.DataFrame(data)


# ---- scoring ---------------------------------------------------------------------------


def _plain(value: Any) -> Any:
    """An option value as what JSON holds: numpy scalars as Python numbers,
    mappings as dicts, other sequences (tuples, arrays, Series) as lists."""
    if isinstance(value, _np.generic):
        return value.item()
    if isinstance(value, _Mapping):
        return dict(value)
    if isinstance(value, _Iterable) and not isinstance(value, (str, bytes)):
        return list(value)
    raise TypeError(f"an option value of type {type(value).__name__} cannot be passed to rapport's core")


def score(
    responses: Union[Responses, pd.DataFrame],
    by: Union[None, str, Sequence[str]] = None,
    min_group_size: Optional[int] = None,
    *,
    action_log: Union[None, _PathLike, Sequence[Mapping[str, Any]], Mapping[str, Any]] = None,
    **options: Unpack[_Options],
) -> Report:
    """Score responses into a :class:`Report`; options carry the core's names.

    Options are passed to the core as they are, by the names of
    :data:`SCORE_OPTIONS` (typed in :class:`ScoreOptions`); the core checks
    them, and an unknown name, a value of the wrong kind or out of range is
    an :class:`OptionsError` (code ``invalid_option``) naming the option.
    ``min_group`` is a short name of ``min_group_size``; ``populations`` is
    a list of ``{"wave", "side", "size"}`` for response rates (see
    ``ScoreOptions`` in the Rust docs for what each option means; the
    report's ``options`` shows every value used). Every option left out
    (or ``None``) keeps the core's default:

    <the core's defaults>

    A DataFrame is read with :meth:`Responses.from_pandas` first.
    ``action_log`` (a JSON file path, or the list of ``{"action", "owner",
    "started", "target"?}`` itself) is followed up in the report: see
    :meth:`Report.actions`.

    Parameters
    ----------
    responses : Responses or pandas.DataFrame
        The answers.
    by : str or sequence of str, optional
        Break-down fields (default ``side`` and ``department``); a field the
        data does not have is an :class:`OptionsError` naming those it has.
    min_group_size : int, optional
        The minimum reporting size (default 5, never below 3).
    action_log : str, os.PathLike, list of dict or dict, optional
        The action log to follow up: a JSON file, or its entries.
    **options
        Any other option of :data:`SCORE_OPTIONS`, by the core's name.

    Returns
    -------
    Report
        Every figure of the report, privacy applied.

    Raises
    ------
    OptionsError
        An unknown option, a value of the wrong kind or out of range, an unknown ``by`` field.
    ActionLogError
        An action log that is not valid.
    IoError
        An action log file that cannot be read.

    Examples
    --------
    >>> responses = rapport.read_csv("examples/data/responses.csv")
    >>> report = rapport.score(responses, by=["side"], min_group_size=10)
    >>> report.to_dict()["options"]["min_group_size"]
    10
    >>> try:
    ...     rapport.score(responses, hundred_scale="percent")
    ... except rapport.RapportError as e:
    ...     print(e.code)
    invalid_option
    >>> try:
    ...     rapport.score(responses, min_groupsize=10)
    ... except rapport.OptionsError as e:
    ...     print(e)
    option min_groupsize is invalid: expected one of `by`, `min_group_size`, ..., found unknown field `min_groupsize`
    """
    if isinstance(responses, _pd.DataFrame):
        responses = Responses.from_pandas(responses)
    if not isinstance(responses, Responses):
        raise TypeError(f"score needs rapport.Responses or a DataFrame, not {type(responses).__name__}")
    if isinstance(by, str):
        by = [by]
    given: Dict[str, Any] = {"by": by, "min_group_size": min_group_size, **options}
    options_json = _json.dumps({k: v for k, v in given.items() if v is not None}, default=_plain)
    log_json: Optional[str] = None
    if isinstance(action_log, (str, _os.PathLike)):
        log_json = _rapport.read_text(action_log)
    elif action_log is not None:
        log_json = _json.dumps(action_log if isinstance(action_log, _Mapping) else list(action_log))
    return Report._wrap(_rapport.score(responses._native, options_json, log_json))


def _defaults_listed(doc: Optional[str]) -> Optional[str]:
    """``doc`` with the core's option defaults in place of its placeholder."""
    defaults = _json.loads(_rapport.SCORE_OPTION_DEFAULTS)
    listed = "\n".join(f"    * ``{name}={value!r}``" for name, value in defaults.items())
    return None if doc is None else doc.replace("    <the core's defaults>", listed)


score.__doc__ = _defaults_listed(score.__doc__)


# ---- report ----------------------------------------------------------------------------


class Report:
    """A scored report: every figure rapport computed, privacy applied.

    Suppressed groups stay in every table, marked ``status == "suppressed"``
    with the reason, never silently missing. A report displays itself in
    Jupyter (``_repr_html_``), prints as the terminal scorecard, pickles,
    and round-trips through its versioned JSON form.

    >>> report = rapport.score(rapport.read_csv("examples/data/responses.csv"))
    >>> report.waves[0], report.latest_wave
    ('2025-04', '2025-11')
    >>> again = rapport.Report.from_json(report.to_json())
    >>> again.to_dict() == report.to_dict()
    True
    """

    __slots__ = ("_native", "_dict")
    _native: _rapport.Report
    _dict: Optional[Dict[str, Any]]

    def __init__(self) -> None:
        raise TypeError("use rapport.score(...) or Report.from_json(...)")

    @classmethod
    def _wrap(cls, native: _rapport.Report) -> Report:
        report = cls.__new__(cls)
        report._native = native
        report._dict = None
        return report

    @classmethod
    def from_json(cls, text: str) -> Report:
        """A report from its JSON form (:meth:`to_json`, or ``rapport report --format json``).

        Parameters
        ----------
        text : str
            The report's JSON.

        Returns
        -------
        Report
            The report.

        Raises
        ------
        DocumentError
            JSON that this version did not write.

        Examples
        --------
        >>> report = rapport.score(rapport.read_csv("examples/data/responses.csv"))
        >>> rapport.Report.from_json(report.to_json()).latest_wave
        '2025-11'
        """
        return cls._wrap(_rapport.Report.from_json(text))

    def to_json(self) -> str:
        """The versioned JSON form, exactly as ``rapport report --format json`` writes it.

        Returns
        -------
        str
            The report's JSON (``schema/report.schema.json``).

        Examples
        --------
        >>> report = rapport.score(rapport.read_csv("examples/data/responses.csv"))
        >>> report.to_json().startswith('{\\n  "schema_version": 3')
        True
        """
        return self._native.to_json()

    def to_dict(self) -> Dict[str, Any]:
        """The JSON form as nested dicts and lists (a fresh copy each call).

        Returns
        -------
        dict
            The report's JSON form.

        Examples
        --------
        >>> report = rapport.score(rapport.read_csv("examples/data/responses.csv"))
        >>> sorted(report.to_dict())[:3]
        ['action_log', 'breakdowns', 'generator']
        """
        result: Dict[str, Any] = _json.loads(self.to_json())
        return result

    def _data(self) -> Dict[str, Any]:
        if self._dict is None:
            self._dict = self.to_dict()
        return self._dict

    @property
    def waves(self) -> List[str]:
        """Wave labels, in time order.

        >>> rapport.score(rapport.read_csv("examples/data/responses.csv")).waves[-1]
        '2025-11'
        """
        return [w["wave"] for w in self._data()["waves"]]

    @property
    def latest_wave(self) -> Optional[str]:
        """The latest wave's label (``None`` for an empty report).

        >>> rapport.score(rapport.read_csv("examples/data/responses.csv")).latest_wave
        '2025-11'
        """
        waves = self.waves
        return waves[-1] if waves else None

    @property
    def schema_version(self) -> int:
        """Version of the JSON form.

        >>> rapport.score(rapport.read_csv("examples/data/responses.csv")).schema_version
        3
        """
        return self._native.schema_version

    def scorecard(self, width: int = 100) -> str:
        """The terminal scorecard (``rapport report``'s default output), as text.

        Parameters
        ----------
        width : int, default 100
            Width of the text, in characters.

        Returns
        -------
        str
            The scorecard, without colour.

        Examples
        --------
        >>> text = rapport.score(rapport.read_csv("examples/data/responses.csv")).scorecard()
        >>> "Wave 2025-11 · 168 respondents (IT 56, Business 112)" in text
        True
        """
        return self._native.scorecard(width)

    def __str__(self) -> str:
        return self.scorecard()

    def __repr__(self) -> str:
        data = self._data()
        return (
            f"<rapport.Report: {len(data['waves'])} waves, {data['intake']['accepted']} responses, "
            f"by {data['breakdowns']}>"
        )

    def __reduce__(self) -> Tuple[Any, ...]:
        return (Report.from_json, (self.to_json(),))

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Report) and self.to_json() == other.to_json()

    __hash__ = None  # type: ignore[assignment]

    # -- tidy tables (built by the core; here only wrapped in DataFrames) --

    def table(self, name: str) -> pd.DataFrame:
        """One of the report's tidy tables, by name.

        The core builds every table (``rapport::report::tables``: the same
        tables as ``rapport report --format csv`` and the browser's
        ``Scorer.tables()``); this wraps one in a DataFrame and sets the
        dtypes. Every column of every table, with its meaning and when it is
        null, is listed in ``docs/tables.md``.

        One concept has one column name in every table: a group is ``level``
        (``total``, ``side``, ``department``, ``side+department`` …) plus one
        column per break-down field (in the order of the report's
        ``breakdowns``); what is measured is ``kind`` (``index``,
        ``dimension``, ``item``) plus ``measure``; an interval is
        ``ci_low``/``ci_high``. A hidden group or figure is a row whose
        figures are missing, with ``status == "suppressed"`` and the reason in
        ``suppression``; never a number.

        Parameters
        ----------
        name : str
            One of :data:`TABLES`.

        Returns
        -------
        pandas.DataFrame
            Counts and ranks ``Int64``, figures ``float64``, flags ``boolean``,
            text ``string``; wave columns (``wave``, ``previous_wave`` …) an
            ordered categorical in the report's wave order. Missing values are
            ``NaN`` in float (and wave) columns and ``_pd.NA`` in every other.

        Raises
        ------
        RapportError
            Code ``invalid_argument`` for a name not in :data:`TABLES`.

        Examples
        --------
        >>> report = rapport.score(rapport.read_csv("examples/data/responses.csv"))
        >>> p = report.table("participation")
        >>> p[p.wave == "2025-11"][["level", "side", "respondents"]].values.tolist()
        [['total', <NA>, 168], ['side', 'it', 56], ['side', 'business', 112]]
        >>> p.wave.cat.ordered, p.wave.cat.categories[-1]
        (True, '2025-11')
        >>> try:
        ...     report.table("groups")
        ... except rapport.RapportError as e:
        ...     print(e.code)
        invalid_argument
        """
        return _frame(self._native.table(name), self._native.waves)

    def dimensions(self) -> pd.DataFrame:
        """Index and dimension scores: one row per wave × group × measure (``index`` first).

        Returns
        -------
        pandas.DataFrame
            The ``dimensions`` table (see :meth:`table` and ``docs/tables.md``):
            ``wave``, ``level``, one column per break-down field,
            ``group_status``, ``respondents``, ``kind``, ``measure``,
            ``status``, ``suppression``, ``n``, ``score`` (0–100), ``sd``,
            ``ci_low``, ``ci_high``, ``favourable_pct``, ``unfavourable_pct``,
            ``band``.

        Examples
        --------
        >>> report = rapport.score(rapport.read_csv("examples/data/responses.csv"))
        >>> d = report.dimensions()
        >>> latest = d[(d.wave == "2025-11") & (d.level == "side")]
        >>> latest.pivot(index="measure", columns="side", values="score").round(1).loc["trust"].to_dict()
        {'business': 56.3, 'it': 67.1}
        >>> d[d.department == "HR"]["status"].unique().tolist()
        ['suppressed']
        """
        return self.table("dimensions")

    def items(self) -> pd.DataFrame:
        """Item figures: one row per wave × group × item (agreement items, then
        outcomes), hidden groups included.

        Returns
        -------
        pandas.DataFrame
            The ``items`` table: the group columns of :meth:`dimensions`,
            ``item``, ``dimension`` (missing for outcomes), ``role``
            (outcomes), ``reverse`` (agreement items), ``status``,
            ``suppression``, ``n``, ``missing``, ``not_applicable``, ``mean``
            (raw scale), ``sd``, ``score`` (0–100, keyed),
            ``favourable_pct``, ``unfavourable_pct``. The answers' counts are
            in :meth:`distributions`.

        Examples
        --------
        >>> report = rapport.score(rapport.read_csv("examples/data/responses.csv"))
        >>> it = report.items()
        >>> row = it[(it.wave == "2025-11") & (it.level == "total") & (it["item"] == "trust_1")].iloc[0]
        >>> int(row.n), round(float(row["mean"]), 2)
        (156, 3.21)
        """
        return self.table("items")

    def distributions(self) -> pd.DataFrame:
        """How the answers of each shown item spread: one row per wave × shown
        group × item × answer.

        Returns
        -------
        pandas.DataFrame
            The ``distributions`` table: ``wave``, ``level``, one column per
            break-down field, ``item``, ``point`` (the place on the item's
            scale, 1 = lowest; missing for a choice outcome), ``option`` (a
            choice outcome's option id; missing for scale items), ``count``.

        Examples
        --------
        >>> report = rapport.score(rapport.read_csv("examples/data/responses.csv"))
        >>> d = report.distributions()
        >>> t = d[(d.wave == "2025-11") & (d.level == "total") & (d["item"] == "trust_1")]
        >>> t["point"].tolist(), int(t["count"].sum())
        ([1, 2, 3, 4, 5], 156)
        """
        return self.table("distributions")

    def gaps(self) -> pd.DataFrame:
        """IT-vs-business perception gaps: one row per wave × measure (``index`` and each dimension).

        ``gap = it - business`` on 0–100, where both sides are shown, with
        Welch's interval (``ci_low``, ``ci_high``), ``p`` and whether the gap
        is ``clear``; a wave where a side is suppressed has no gap rows (it
        has no figure to subtract), and :meth:`dimensions` shows why.

        Returns
        -------
        pandas.DataFrame
            The ``gaps`` table: ``wave``, ``kind``, ``measure``, ``it``,
            ``business``, ``gap``, ``ci_low``, ``ci_high``, ``p``, ``clear``.

        Examples
        --------
        >>> g = rapport.score(rapport.read_csv("examples/data/responses.csv")).gaps()
        >>> g[g.wave == "2025-11"].set_index("measure")["gap"].round(1).to_dict()
        {'index': 11.4, 'trust': 10.8, 'communication': 10.0, 'alignment': 17.5, 'openness': 8.1}
        >>> row = g[(g.wave == "2025-11") & (g.measure == "alignment")].iloc[0]
        >>> bool(row.ci_low < row.gap < row.ci_high), bool(row.clear)
        (True, True)
        """
        return self.table("gaps")

    def participation(self) -> pd.DataFrame:
        """Respondents per wave, in total (``level == "total"``) and per side.

        Returns
        -------
        pandas.DataFrame
            The ``participation`` table, with the response rate where
            populations were given; a hidden group's count is missing
            (``status == "suppressed"``).

        Examples
        --------
        >>> p = rapport.score(rapport.read_csv("examples/data/responses.csv")).participation()
        >>> p[(p.wave == "2025-11") & (p.level == "total")]["respondents"].tolist()
        [168]
        """
        return self.table("participation")

    def changes(self) -> pd.DataFrame:
        """Wave-over-wave changes: one row per wave × group × measure.

        Returns
        -------
        pandas.DataFrame
            The ``changes`` table: Welch's test, Hedges' g and the verdict;
            only groups shown in both waves have rows.

        Examples
        --------
        >>> c = rapport.score(rapport.read_csv("examples/data/responses.csv")).changes()
        >>> row = c[(c.wave == "2025-11") & (c.level == "total") & (c.measure == "index")].iloc[0]
        >>> (row.previous_wave, round(float(row.change), 1), row.verdict)
        ('2025-10', -0.1, 'no_clear_change')
        """
        return self.table("changes")

    def trends(self, points: bool = False) -> pd.DataFrame:
        """Trends across waves.

        Slopes are in points per step of the report's wave scheme (per month
        for ``YYYY-MM`` labels, per quarter for ``YYYY-Qn`` …; the JSON's
        ``wave_scheme``). Suppressed waves are rows without a value
        (``status == "suppressed"``).

        Parameters
        ----------
        points : bool, default False
            ``False``: one row per series segment (group × measure) with the
            Mann–Kendall test, Sen's and the least-squares slope and the
            direction (the ``trends`` table). ``True``: one row per wave, with
            the EWMA and its limits (the ``trend_points`` table).

        Returns
        -------
        pandas.DataFrame

        Examples
        --------
        >>> t = rapport.score(rapport.read_csv("examples/data/responses.csv")).trends()
        >>> row = t[(t.level == "total") & (t.measure == "index")].iloc[0]
        >>> (int(row.waves), row.mk_method, round(float(row.mk_p), 4), row.direction)
        (8, 'exact', 0.0312, 'improving')
        """
        return self.table("trend_points" if points else "trends")

    def mirror(self) -> pd.DataFrame:
        """IT vs business per wave on the index, each dimension and each item.

        Returns
        -------
        pandas.DataFrame
            The ``mirror`` table: ``gap`` (IT − business), Welch's test,
            Hedges' g and whether the gap is ``clear``. Mirror accuracy is in
            :meth:`blind_spots`.

        Examples
        --------
        >>> m = rapport.score(rapport.read_csv("examples/data/responses.csv")).mirror()
        >>> row = m[(m.wave == "2025-11") & (m.measure == "alignment")].iloc[0]
        >>> (round(float(row.gap), 1), bool(row.clear))
        (17.5, True)
        """
        return self.table("mirror")

    def blind_spots(self) -> pd.DataFrame:
        """Mirror accuracy per wave and side.

        Returns
        -------
        pandas.DataFrame
            The ``blind_spots`` table: what the side predicted the other
            side's overall rating would be, what it was, whether that is a
            ``blind_spot`` (boolean) and which way (``blind_spot_direction``).

        Examples
        --------
        >>> b = rapport.score(rapport.read_csv("examples/data/responses.csv")).blind_spots()
        >>> latest = b[b.wave == "2025-11"]
        >>> list(zip(latest.side.tolist(), latest.blind_spot.tolist(), latest.blind_spot_direction.fillna("-").tolist()))
        [('it', True, 'overestimates'), ('business', False, '-')]
        """
        return self.table("blind_spots")

    def drivers(self) -> pd.DataFrame:
        """Drivers of the overall rating per wave × group (all respondents, each side) × dimension.

        Returns
        -------
        pandas.DataFrame
            The ``drivers`` table: Pearson r with its Fisher-z interval and
            Johnson's relative weight (share of explained variance).
            ``status`` is ``estimated``, ``not_estimable`` (groups under
            ``drivers_min_n`` complete responses; ``reason`` says why) or
            ``suppressed``.

        Examples
        --------
        >>> d = rapport.score(rapport.read_csv("examples/data/responses.csv")).drivers()
        >>> row = d[(d.wave == "2025-11") & (d.level == "total") & (d.dimension == "alignment")].iloc[0]
        >>> (int(row.n), round(float(row.r), 2), round(float(row.share), 2))
        (152, 0.7, 0.33)
        """
        return self.table("drivers")

    def priorities(self) -> pd.DataFrame:
        """Importance × performance per wave and dimension: quadrant and rank.

        Returns
        -------
        pandas.DataFrame
            The ``priorities`` table.

        Examples
        --------
        >>> p = rapport.score(rapport.read_csv("examples/data/responses.csv")).priorities()
        >>> p[p.wave == "2025-11"].sort_values("rank")["dimension"].tolist()
        ['alignment', 'trust', 'communication', 'openness']
        """
        return self.table("priorities")

    def actions(self) -> pd.DataFrame:
        """Suggested actions of the latest wave, then the follow-up of the action log.

        Returns
        -------
        pandas.DataFrame
            The ``actions`` table: the playbook's suggestions for the top
            priorities (``origin == "suggested"``), each with the figures
            that triggered it; then, if an action log was applied, its
            follow-up (``origin == "logged"``), one row per group compared.

        Examples
        --------
        >>> a = rapport.score(rapport.read_csv("examples/data/responses.csv")).actions()
        >>> a[["rank", "action", "dimension"]].values.tolist()[0]
        [1, 'joint_goal_setting', 'alignment']
        """
        return self.table("actions")

    def reliability(self) -> pd.DataFrame:
        """Cronbach's alpha per wave × group × dimension, with the Feldt interval,
        for the groups it is computed for: all respondents and each side.

        Returns
        -------
        pandas.DataFrame
            The ``reliability`` table: ``dimension``, ``deletion``,
            ``status`` (``estimated``, ``not_estimable`` or ``suppressed``),
            ``suppression``, ``reason``, ``n``, ``k``, ``alpha``,
            ``alpha_standardized``, ``ci_low``, ``ci_high``, ``confidence``,
            ``weak_items`` (how many; the items are in
            :meth:`reliability_items`).

        Examples
        --------
        >>> r = rapport.score(rapport.read_csv("examples/data/responses.csv")).reliability()
        >>> row = r[(r.wave == "2025-11") & (r.level == "total") & (r.dimension == "trust")].iloc[0]
        >>> row.status, round(float(row.alpha), 2)
        ('estimated', 0.73)
        """
        return self.table("reliability")

    def reliability_items(self) -> pd.DataFrame:
        """Item-level reliability where alpha is estimated: one row per wave ×
        group × dimension × item.

        Returns
        -------
        pandas.DataFrame
            The ``reliability_items`` table: ``alpha_if_deleted``,
            ``item_rest_correlation``, ``weak`` and why
            (``low_item_rest_correlation``, ``alpha_rises_if_deleted``).

        Examples
        --------
        >>> ri = rapport.score(rapport.read_csv("examples/data/responses.csv")).reliability_items()
        >>> t = ri[(ri.wave == "2025-11") & (ri.level == "total") & (ri.dimension == "trust")]
        >>> t["item"].tolist()
        ['trust_1', 'trust_2', 'trust_3', 'trust_4']
        """
        return self.table("reliability_items")

    # -- display --

    def _repr_html_(self) -> str:
        """The core's compact HTML summary of the latest wave, charts included (Jupyter display).

        Each display's element ids start with a prefix of its own, so that two
        reports shown in one notebook never share an id."""
        return self._native.summary_html(f"rapport-{next(_DISPLAYS)}-")

    def to_html(self, path: Optional[_PathLike] = None) -> Optional[str]:
        """The standalone HTML report (``rapport report --format html``): written to
        ``path``, or returned as a string when no path is given.

        Parameters
        ----------
        path : str or os.PathLike, optional
            The file to write (UTF-8).

        Returns
        -------
        str or None
            The HTML when no ``path`` is given, otherwise ``None``.

        Examples
        --------
        >>> html = rapport.score(rapport.read_csv("examples/data/responses.csv")).to_html()
        >>> html.lstrip().lower().startswith("<!doctype html")
        True
        """
        html = self._native.to_html()
        if path is None:
            return html
        with open(_os.fspath(path), "w", encoding="utf-8") as f:
            f.write(html)
        return None


def _frame(columns: Mapping[str, Tuple[str, Any]], waves: Sequence[str]) -> pd.DataFrame:
    """A core table (column name → (type, values), from ``_rapport.Report.table``)
    as a DataFrame, setting the dtypes only: ``int`` → ``Int64`` and ``bool`` →
    ``boolean`` (both from values and a null mask), ``float`` → ``float64``
    (NaN null), ``text`` → ``string`` (``_pd.NA`` null), ``wave`` → an ordered
    categorical whose categories are the report's ``waves`` in order."""
    data: Dict[str, Any] = {}
    for name, (kind, values) in columns.items():
        if kind == "int":
            data[name] = _pd.arrays.IntegerArray(*values)
        elif kind == "bool":
            data[name] = _pd.arrays.BooleanArray(*values)
        elif kind == "float":
            data[name] = _pd.Series(values, dtype="float64")
        elif kind == "wave":
            # A label the report does not list (none expected) is kept, after the report's waves.
            extra = sorted({v for v in values if v is not None and v not in set(waves)})
            data[name] = _pd.Categorical(values, categories=list(waves) + extra, ordered=True)
        else:
            data[name] = _pd.Series(values, dtype=_pd.StringDtype())
    return _pd.DataFrame(data)


from .privacy import privacy_plan  # noqa: E402  (uses Responses, defined above)
from ._aggregates import Aggregates, aggregate, report  # noqa: E402  (uses Responses and Report, defined above)

# `from __future__ import annotations` binds the name `annotations`; it is not part of the API.
del annotations
