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
>>> round(float(gaps.query("wave == '2025-11' and dimension == 'index'")["gap"].iloc[0]), 1)
11.4

Bulk answers cross into the core as numpy arrays (``float64``, NaN missing),
never as one Python object per cell, and the core works with the GIL
released.
"""

from __future__ import annotations

import json
import os
from typing import TYPE_CHECKING, Any, Dict, Iterable, List, Mapping, Optional, Sequence, Tuple, Union

import numpy as np
import pandas as pd

from . import _rapport
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

if TYPE_CHECKING:
    from numpy.typing import ArrayLike, NDArray

__all__ = [
    "Instrument",
    "Responses",
    "Report",
    "read_csv",
    "score",
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
    "__version__",
]

__version__: str = _rapport.__version__
REPORT_SCHEMA_VERSION: int = _rapport.REPORT_SCHEMA_VERSION
"""Version of the report's JSON form (``report.to_dict()["schema_version"]``)."""

PathLike = Union[str, "os.PathLike[str]"]


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

        >>> rapport.Instrument.default().id
        'rapport-default'
        """
        return cls._wrap(_rapport.Instrument.default())

    @classmethod
    def from_json(cls, source: Union[str, os.PathLike[str]]) -> Instrument:
        """Read and validate an instrument from JSON text or a JSON file.

        A ``str`` starting with ``{`` is JSON text; any other ``str`` or a
        path object is a file name.

        >>> inst = rapport.Instrument.from_json("examples/instruments/pulse-7point.json")
        >>> inst.dimensions
        ['trust', 'communication', 'delivery']
        >>> rapport.Instrument.from_json(inst.to_json()) == inst
        True
        """
        if isinstance(source, str) and source.lstrip().startswith("{"):
            text = source
        else:
            path = os.fspath(source)
            try:
                with open(path, encoding="utf-8") as f:
                    text = f.read()
            except OSError as e:
                raise IoError(f"cannot read {path}: {e.strerror or e}", code="io", file=str(path)) from e
        return cls._wrap(_rapport.Instrument.from_json(text))

    def to_json(self) -> str:
        """The instrument as JSON text.

        >>> '"trust_1"' in rapport.Instrument().to_json()
        True
        """
        return self._native.to_json()

    def to_dict(self) -> Dict[str, Any]:
        """The instrument's JSON form as a dict.

        >>> rapport.Instrument().to_dict()["scales"]["agreement"]["max"]
        5
        """
        result: Dict[str, Any] = json.loads(self.to_json())
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
    if isinstance(mapping, Mapping):
        return json.dumps(dict(mapping))
    if isinstance(mapping, str) and mapping.lstrip().startswith("{"):
        return mapping
    with open(os.fspath(mapping), encoding="utf-8") as f:
        return f.read()


# ---- responses -----------------------------------------------------------------------

_Categories = Tuple[str, "NDArray[np.int32]", List[str]]


def _label(value: Any) -> str:
    """A category's text as a CSV would hold it (whole floats without ``.0``)."""
    if isinstance(value, (float, np.floating)) and float(value).is_integer():
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
    if isinstance(values, pd.Series):
        dtype = values.dtype
        if isinstance(dtype, np.dtype) and dtype == np.dtype(object):
            array: NDArray[np.object_] = values.to_numpy()
        elif isinstance(dtype, pd.StringDtype) and dtype.storage == "python":
            array = values.to_numpy(dtype=object)
        else:
            return None
    else:
        array = np.asarray(values, dtype=object)
    return array if array.ndim == 1 else None


def _categories(name: str, values: Any) -> _Categories:
    """A column as ``(name, int32 codes, labels)``: categorical columns as
    they are, text through the native factorizer, anything else through
    ``pandas.factorize`` (missing = -1); the codes and labels are the same
    either way."""
    if isinstance(values, pd.Series) and isinstance(values.dtype, pd.CategoricalDtype):
        codes = np.asarray(values.cat.codes, dtype=np.int32)
        labels = _labels(values.cat.categories)
    elif isinstance(values, pd.Categorical):
        codes = np.asarray(values.codes, dtype=np.int32)
        labels = _labels(values.categories)
    else:
        text = _text_values(values)
        factorized = None if text is None else _rapport.factorize(text, pd.NA)
        if factorized is not None:
            return (name, factorized[0], factorized[1])
        raw_codes, uniques = pd.factorize(np.asarray(values, dtype=object) if not isinstance(values, pd.Series) else values)
        codes = np.asarray(raw_codes, dtype=np.int32)
        labels = _labels(uniques)
    return (name, codes, labels)


def _is_numeric(series: pd.Series) -> bool:
    dtype = series.dtype
    if isinstance(dtype, pd.CategoricalDtype):
        return False
    return bool(pd.api.types.is_numeric_dtype(dtype)) or bool(pd.api.types.is_bool_dtype(dtype))


def _find(columns: Sequence[Any], name: str) -> Optional[Any]:
    """The column called ``name``, exactly or else ignoring case and spaces."""
    if name in columns:
        return name
    wanted = name.strip().lower()
    for c in columns:
        if str(c).strip().lower() == wanted:
            return c
    return None


def _missing_column(name: str, columns: Sequence[Any], source: Optional[str]) -> InputError:
    found = ", ".join(str(c) for c in columns)
    where = f"{source}: " if source else ""
    return InputError(
        f"{where}required column {name!r} is missing (columns are: {found})",
        code="missing_column",
        file=source,
        column=name,
    )


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
        path: PathLike,
        instrument: Optional[Instrument] = None,
        lenient: bool = False,
        mapping: Union[None, str, os.PathLike[str], Mapping[str, Any]] = None,
        segments: Optional[Sequence[str]] = None,
    ) -> Responses:
        """Read a wide CSV file; the same as :func:`rapport.read_csv`.

        >>> len(rapport.Responses.read_csv("examples/data/responses.csv"))
        1269
        """
        return read_csv(path, instrument=instrument, lenient=lenient, mapping=mapping, segments=segments)

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

        Column roles, by keyword (names match exactly, or else ignoring case):

        * ``side`` (``it`` / ``business``) and ``wave``: required;
        * ``respondent``: ids for the duplicate check (``None`` for none; when
          left at ``"respondent"`` and absent, there is no check);
        * ``items``: the item columns (default: every column named like an
          item or outcome of the instrument, e.g. ``trust_1``);
        * ``segments``: break-down columns such as ``department`` (default:
          every other column; a column named like an item is then an error,
          as in a CSV).

        Numeric item columns cross as one ``float64`` array (NaN missing;
        choice items as option indices); text or categorical item columns
        (``"N/A"``, ``"Agree"``, ``"monthly"``) are read by the CSV rules, one
        label at a time. ``not_applicable`` is an optional boolean DataFrame
        marking "not applicable" cells of numeric columns. Errors name the
        1-based row (the first row is 1); with ``lenient=True`` bad rows are
        kept aside in :attr:`rejected`, with their index label.

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
        """
        if not isinstance(df, pd.DataFrame):
            raise TypeError(f"from_pandas needs a pandas DataFrame, not {type(df).__name__}")
        inst = _native_instrument(instrument)
        mapping_json = _mapping_json(mapping)
        mapped: Dict[str, Any] = json.loads(mapping_json) if mapping_json else {}
        columns = list(df.columns)
        roles: Dict[str, Any] = {}
        for role, name, required in (("side", side, True), ("wave", wave, True), ("respondent", respondent, False)):
            if name is None:
                continue
            if role in mapped and name == role:
                name = mapped[role]
            col = _find(columns, name)
            if col is None:
                if required or name != "respondent":
                    raise _missing_column(name, columns, source)
                continue
            roles[role] = col
        known = {c.lower() for c in inst.columns} | {str(h).strip().lower() for h in mapped.get("items", {})}
        if items is None:
            item_cols = [c for c in columns if c not in roles.values() and str(c).strip().lower() in known]
        else:
            item_cols = []
            for name in items:
                col = _find(columns, name)
                if col is None:
                    raise _missing_column(name, columns, source)
                item_cols.append(col)
        if segments is None:
            segment_cols = [c for c in columns if c not in roles.values() and c not in item_cols]
        else:
            segment_cols = []
            for name in segments:
                col = _find(columns, name)
                if col is None:
                    raise _missing_column(name, columns, source)
                segment_cols.append(col)
        numeric = [c for c in item_cols if _is_numeric(df[c])]
        text = [c for c in item_cols if c not in numeric]
        values = df[numeric].to_numpy(dtype=np.float64, na_value=np.nan) if numeric else np.empty((len(df), 0))
        mask = None
        if not_applicable is not None:
            if not isinstance(not_applicable, pd.DataFrame):
                raise TypeError("not_applicable must be a boolean DataFrame with the item columns")
            mask = not_applicable.reindex(columns=numeric, fill_value=False).to_numpy(dtype=bool, na_value=False)
        native = _rapport.Responses.from_columns(
            inst,
            [str(c) for c in numeric],
            values,
            _categories(str(roles["side"]), df[roles["side"]]),
            _categories(str(roles["wave"]), df[roles["wave"]]),
            respondent=_categories(str(roles["respondent"]), df[roles["respondent"]]) if "respondent" in roles else None,
            segments=[_categories(str(c), df[c]) for c in segment_cols],
            text_columns=[_categories(str(c), df[c]) for c in text],
            not_applicable=mask,
            lenient=lenient,
            source=source,
            mapping=mapping_json,
            declared_segments=segments is not None,
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

        >>> import numpy as np
        >>> answers = np.array([[4, 5], [2, np.nan], [3, 3], [5, 4], [4, 4]], dtype=float)
        >>> responses = rapport.Responses.from_numpy(
        ...     answers, ["trust_1", "trust_2"], side=["it", "business", "it", "it", "business"],
        ...     wave=["2026-03"] * 5, respondent=["a", "b", "c", "d", "e"])
        >>> len(responses), responses.waves
        (5, {'2026-03': 5})
        """
        values = np.asarray(answers, dtype=np.float64)
        if values.ndim != 2:
            raise OptionsError(
                f"argument answers is invalid: expected a 2-D array (rows × item columns), found {values.ndim}-D",
                code="invalid_argument",
            )
        mask = None if not_applicable is None else np.asarray(not_applicable, dtype=bool)
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

        >>> responses = rapport.Responses.from_records([
        ...     {"respondent": "r1", "side": "it", "wave": "2026-03",
        ...      "segments": {"department": "Apps"},
        ...      "answers": {"trust_1": 4, "trust_2": "na", "meeting_cadence": "monthly"}},
        ... ])
        >>> len(responses)
        1
        """
        text = json.dumps([dict(r) for r in records])
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
        counts = self._native.counts()
        return {"it": sum(c[1] for c in counts), "business": sum(c[2] for c in counts)}

    @property
    def waves(self) -> Dict[str, int]:
        """Accepted responses per wave, in order of first appearance.

        >>> list(rapport.read_csv("examples/data/responses.csv").waves)[:2]
        ['2025-04', '2025-05']
        """
        return {wave: it + business for wave, it, business in self._native.counts()}

    @property
    def intake(self) -> Dict[str, Any]:
        """Rows read, accepted and rejected, per source and in total (the report's ``intake``).

        >>> rapport.read_csv("examples/data/responses.csv").intake["rows_in"]
        1269
        """
        result: Dict[str, Any] = json.loads(self._native.intake_json())
        return result

    @property
    def rejected(self) -> pd.DataFrame:
        """Rows rejected in lenient mode, one per row: ``row``, ``code``, ``message``,
        ``column``, ``item``, ``file`` (and, from a DataFrame, its ``index`` label).

        >>> df = rapport.sample(waves=1)
        >>> df.loc[2, "trust_1"] = 7
        >>> responses = rapport.Responses.from_pandas(df, lenient=True)
        >>> responses.rejected[["row", "code", "column"]].to_dict("records")
        [{'row': 3, 'code': 'value_out_of_scale', 'column': 'trust_1'}]
        """
        rows = self.intake["rejected_rows"]
        frame = pd.DataFrame(
            {
                "row": pd.array([r["row"] for r in rows], dtype="int64"),
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

    def __repr__(self) -> str:
        intake = self.intake
        return (
            f"<rapport.Responses: {intake['accepted']} accepted of {intake['rows_in']} rows"
            f" ({intake['rejected']} rejected), {len(self.waves)} waves>"
        )


def read_csv(
    path: PathLike,
    instrument: Optional[Instrument] = None,
    lenient: bool = False,
    mapping: Union[None, str, os.PathLike[str], Mapping[str, Any]] = None,
    segments: Optional[Sequence[str]] = None,
) -> Responses:
    """Read a wide CSV file of responses, exactly as ``rapport report`` does.

    Columns ``respondent``, ``side``, ``wave``, segment columns, one column per
    item id; empty cells are missing, ``NA`` / ``N/A`` not applicable.
    ``mapping`` (a dict, JSON text or a file) adapts exports with other
    headers; ``segments`` declares the segment columns. Strict mode raises
    :class:`InputError` at the first bad row (``.row`` counts the header as
    row 1); ``lenient=True`` keeps the good rows and lists the others in
    :attr:`Responses.rejected`.

    >>> responses = rapport.read_csv("examples/data/responses.csv")
    >>> responses.intake["sources"][0]["file"]
    'examples/data/responses.csv'
    >>> try:
    ...     rapport.read_csv("no/such/file.csv")
    ... except rapport.InputError as e:
    ...     print(e.code, e.file)
    io no/such/file.csv
    """
    native = _rapport.Responses.read_csv(
        os.fspath(path),
        _native_instrument(instrument),
        lenient=lenient,
        mapping=_mapping_json(mapping),
        segments=None if segments is None else list(segments),
    )
    return Responses._wrap(native)


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

    >>> df = rapport.sample(waves=2, seed=7)
    >>> list(df.columns[:6])
    ['respondent', 'side', 'wave', 'department', 'role', 'trust_1']
    >>> sorted(df["wave"].unique())
    ['2025-04', '2025-05']
    >>> rapport.sample(waves=1, not_applicable=None)["trust_1"].dtype
    dtype('float64')
    """
    options = {
        k: v
        for k, v in (
            ("seed", seed),
            ("waves", waves),
            ("respondents_per_wave", respondents_per_wave),
            ("first_wave", first_wave),
            ("missing_rate", missing_rate),
            ("not_applicable_rate", not_applicable_rate),
        )
        if v is not None
    }
    inst = _native_instrument(instrument)
    columns, values, mask, sides, wave, ids, segments = _rapport.sample_columns(inst, json.dumps(options))
    data: Dict[str, Any] = {
        "respondent": np.asarray(ids[1], dtype=object)[ids[0]],
        "side": pd.Categorical.from_codes(sides, categories=pd.Index(["it", "business"])),
        "wave": pd.Categorical.from_codes(wave[0], categories=pd.Index(wave[1])),
    }
    for name, codes, labels in segments:
        data[name] = pd.Categorical.from_codes(codes, categories=pd.Index(labels))
    for j, column in enumerate(columns):
        options_of = inst.choice_options(column)
        col = values[:, j]
        if options_of is not None:
            choice = np.where(np.isnan(col), -1, col).astype(np.int64)
            data[column] = pd.Categorical.from_codes(choice, categories=pd.Index(options_of))
        elif not_applicable is not None and mask[:, j].any():
            text = col.astype(object)
            text[mask[:, j]] = not_applicable
            data[column] = text
        else:
            data[column] = col
    return pd.DataFrame(data)


# ---- scoring ---------------------------------------------------------------------------


def score(
    responses: Union[Responses, pd.DataFrame],
    by: Optional[Sequence[str]] = None,
    min_group_size: Optional[int] = None,
    *,
    min_group: Optional[int] = None,
    min_answered_fraction: Optional[float] = None,
    favourable_basis: Optional[str] = None,
    hundred_scale: Optional[str] = None,
    reliability_deletion: Optional[str] = None,
    reliability_min_n: Optional[int] = None,
    weak_item_rest_correlation: Optional[float] = None,
    confidence: Optional[float] = None,
    wave_order: Optional[Sequence[str]] = None,
    populations: Optional[Sequence[Mapping[str, Any]]] = None,
    change_alpha: Optional[float] = None,
    change_min_effect: Optional[float] = None,
    trend_alpha: Optional[float] = None,
    ewma_lambda: Optional[float] = None,
    ewma_limit: Optional[float] = None,
    blind_spot_threshold: Optional[float] = None,
    drivers_min_n: Optional[int] = None,
    top_actions: Optional[int] = None,
    action_log: Union[None, PathLike, Sequence[Mapping[str, Any]], Mapping[str, Any]] = None,
) -> Report:
    """Score responses into a :class:`Report`; options carry the core's names.

    Every option left as ``None`` keeps the core's documented default:
    ``by=["side", "department"]``, ``min_group_size=5`` (never below 3;
    ``min_group`` is a short alias), ``min_answered_fraction=0.5``,
    ``favourable_basis="answers"`` (or ``"respondents"``),
    ``hundred_scale="min_max"`` (or ``"ratio_to_max"``),
    ``reliability_deletion="listwise"`` (or ``"pairwise"``),
    ``confidence=0.95`` … (see ``ScoreOptions`` in the Rust docs).
    ``populations`` is a list of ``{"wave", "side", "size"}`` for response
    rates. A DataFrame is read with :meth:`Responses.from_pandas` first.
    ``action_log`` (a JSON file path, or the list of ``{"action", "owner",
    "started", "target"?}`` itself) is followed up in the report: see
    :meth:`Report.actions`.

    >>> responses = rapport.read_csv("examples/data/responses.csv")
    >>> report = rapport.score(responses, by=["side"], min_group_size=10)
    >>> report.to_dict()["options"]["min_group_size"]
    10
    >>> try:
    ...     rapport.score(responses, hundred_scale="percent")
    ... except rapport.RapportError as e:
    ...     print(e.code)
    invalid_option
    """
    if isinstance(responses, pd.DataFrame):
        responses = Responses.from_pandas(responses)
    if not isinstance(responses, Responses):
        raise TypeError(f"score needs rapport.Responses or a DataFrame, not {type(responses).__name__}")
    if min_group is not None:
        if min_group_size is not None and min_group_size != min_group:
            raise OptionsError(
                f"option min_group_size is invalid: expected one value, found min_group={min_group} "
                f"and min_group_size={min_group_size}",
                code="invalid_option",
            )
        min_group_size = min_group
    given: Dict[str, Any] = {
        "by": None if by is None else list(by),
        "min_group_size": min_group_size,
        "min_answered_fraction": min_answered_fraction,
        "favourable_basis": favourable_basis,
        "hundred_scale": hundred_scale,
        "reliability_deletion": reliability_deletion,
        "reliability_min_n": reliability_min_n,
        "weak_item_rest_correlation": weak_item_rest_correlation,
        "confidence": confidence,
        "wave_order": None if wave_order is None else list(wave_order),
        "populations": None if populations is None else [dict(p) for p in populations],
        "change_alpha": change_alpha,
        "change_min_effect": change_min_effect,
        "trend_alpha": trend_alpha,
        "ewma_lambda": ewma_lambda,
        "ewma_limit": ewma_limit,
        "blind_spot_threshold": blind_spot_threshold,
        "drivers_min_n": drivers_min_n,
        "top_actions": top_actions,
    }
    options = {k: v for k, v in given.items() if v is not None}
    log_json: Optional[str] = None
    if isinstance(action_log, (str, os.PathLike)):
        with open(os.fspath(action_log), encoding="utf-8") as f:
            log_json = f.read()
    elif action_log is not None:
        log_json = json.dumps(action_log if isinstance(action_log, Mapping) else list(action_log))
    return Report._wrap(_rapport.score(responses._native, json.dumps(options), log_json))


# ---- report ----------------------------------------------------------------------------


def _ci(figures: Mapping[str, Any]) -> Tuple[Any, Any]:
    ci = figures.get("ci")
    return (ci["low"], ci["high"]) if ci else (None, None)


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

        >>> report = rapport.score(rapport.read_csv("examples/data/responses.csv"))
        >>> rapport.Report.from_json(report.to_json()).latest_wave
        '2025-11'
        """
        return cls._wrap(_rapport.Report.from_json(text))

    def to_json(self) -> str:
        """The versioned JSON form, exactly as ``rapport report --format json`` writes it.

        >>> report = rapport.score(rapport.read_csv("examples/data/responses.csv"))
        >>> report.to_json().startswith('{\\n  "schema_version": 3')
        True
        """
        return self._native.to_json()

    def to_dict(self) -> Dict[str, Any]:
        """The JSON form as nested dicts and lists (a fresh copy each call).

        >>> report = rapport.score(rapport.read_csv("examples/data/responses.csv"))
        >>> sorted(report.to_dict())[:3]
        ['action_log', 'breakdowns', 'generator']
        """
        result: Dict[str, Any] = json.loads(self.to_json())
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

    # -- tidy tables --

    def _groups(self) -> Iterable[Tuple[str, Dict[str, Any]]]:
        for w in self._data()["waves"]:
            for g in w["groups"]:
                yield w["wave"], g

    def _group_columns(self, wave: str, g: Mapping[str, Any]) -> Dict[str, Any]:
        row: Dict[str, Any] = {"wave": wave, "level": g["level"], "group": g["label"]}
        for field in self._data()["breakdowns"]:
            row[field] = g["key"].get(field)
        row["group_status"] = g["status"]
        row["respondents"] = g["respondents"]
        row["respondents_label"] = g["respondents_label"]
        return row

    @staticmethod
    def _suppression(figures: Optional[Mapping[str, Any]], group: Mapping[str, Any]) -> Optional[str]:
        sup = (figures or {}).get("suppression") or group.get("suppression")
        return sup["message"] if sup else None

    def dimensions(self) -> pd.DataFrame:
        """Index and dimension scores: one row per wave × group × dimension (``index`` first).

        Columns: ``wave``, ``level``, ``group``, one column per break-down
        field, ``group_status``, ``respondents``, ``respondents_label``,
        ``dimension``, ``status`` (``shown`` / ``suppressed``),
        ``suppression``, ``n``, ``score`` (0–100), ``sd``, ``ci_low``,
        ``ci_high``, ``favourable_pct``, ``unfavourable_pct``, ``band``.

        >>> report = rapport.score(rapport.read_csv("examples/data/responses.csv"))
        >>> d = report.dimensions()
        >>> latest = d[(d.wave == "2025-11") & (d.level == "side")]
        >>> latest.pivot(index="dimension", columns="side", values="score").round(1).loc["trust"].to_dict()
        {'business': 56.3, 'it': 67.1}
        >>> d[d.group == "HR"]["status"].unique().tolist()
        ['suppressed']
        """
        dims = [x["id"] for x in self._data()["instrument"]["dimensions"]]
        rows = []
        for wave, g in self._groups():
            base = self._group_columns(wave, g)
            idx = g.get("index")
            lo, hi = _ci(idx or {})
            rows.append(
                {
                    **base,
                    "dimension": "index",
                    "status": (idx or {}).get("status", g["status"]),
                    "suppression": self._suppression(idx, g),
                    "n": (idx or {}).get("n"),
                    "score": (idx or {}).get("score"),
                    "sd": (idx or {}).get("sd"),
                    "ci_low": lo,
                    "ci_high": hi,
                    "favourable_pct": None,
                    "unfavourable_pct": None,
                    "band": (idx or {}).get("band"),
                }
            )
            by_id = {d["dimension"]: d for d in g["dimensions"]}
            for dim in dims:
                f = by_id.get(dim, {})
                lo, hi = _ci(f)
                rows.append(
                    {
                        **base,
                        "dimension": dim,
                        "status": f.get("status", g["status"]),
                        "suppression": self._suppression(f, g),
                        "n": f.get("n"),
                        "score": f.get("score"),
                        "sd": f.get("sd"),
                        "ci_low": lo,
                        "ci_high": hi,
                        "favourable_pct": f.get("favourable_pct"),
                        "unfavourable_pct": f.get("unfavourable_pct"),
                        "band": None,
                    }
                )
        return _frame(rows, ["respondents", "n"])

    def items(self) -> pd.DataFrame:
        """Item figures: one row per wave × group × item (agreement items, then outcomes).

        Columns: the group columns of :meth:`dimensions`, ``item``,
        ``dimension`` (``None`` for outcomes), ``role`` (outcomes), ``reverse``,
        ``status``, ``suppression``, ``n``, ``missing``, ``not_applicable``,
        ``mean`` (raw scale), ``sd``, ``score`` (0–100, keyed),
        ``favourable_pct``, ``unfavourable_pct``, ``distribution`` (list of
        counts per scale point or option).

        >>> report = rapport.score(rapport.read_csv("examples/data/responses.csv"))
        >>> it = report.items()
        >>> row = it[(it.wave == "2025-11") & (it.level == "total") & (it["item"] == "trust_1")].iloc[0]
        >>> int(row.n), round(float(row["mean"]), 2)
        (156, 3.21)
        """
        data = self._data()
        inst_items = [i for i in _instrument_items(data)]
        rows = []
        for wave, g in self._groups():
            base = self._group_columns(wave, g)
            by_id = {i["item"]: i for i in g["items"]}
            for item_id, dim in inst_items:
                f = by_id.get(item_id, {})
                rows.append(
                    {
                        **base,
                        "item": item_id,
                        "dimension": dim,
                        "role": None,
                        "reverse": f.get("reverse"),
                        "status": f.get("status", g["status"]),
                        "suppression": self._suppression(f, g),
                        "n": f.get("n"),
                        "missing": f.get("missing"),
                        "not_applicable": f.get("not_applicable"),
                        "mean": f.get("mean"),
                        "sd": f.get("sd"),
                        "score": f.get("score"),
                        "favourable_pct": f.get("favourable_pct"),
                        "unfavourable_pct": f.get("unfavourable_pct"),
                        "distribution": f.get("distribution"),
                    }
                )
            for o in g["outcomes"]:
                rows.append(
                    {
                        **base,
                        "item": o["item"],
                        "dimension": None,
                        "role": o["role"],
                        "reverse": None,
                        "status": o["status"],
                        "suppression": self._suppression(o, g),
                        "n": o.get("n"),
                        "missing": o.get("missing"),
                        "not_applicable": None,
                        "mean": o.get("mean"),
                        "sd": o.get("sd"),
                        "score": None,
                        "favourable_pct": o.get("favourable_pct"),
                        "unfavourable_pct": o.get("unfavourable_pct"),
                        "distribution": o.get("distribution"),
                    }
                )
        return _frame(rows, ["respondents", "n", "missing", "not_applicable"])

    def gaps(self) -> pd.DataFrame:
        """IT-vs-business perception gaps: one row per wave × (``index`` and each dimension).

        ``gap = it - business`` on 0–100, where both sides are shown; a wave
        where a side is suppressed has no gap rows (it has no figure to
        subtract), and :meth:`dimensions` shows why.

        >>> g = rapport.score(rapport.read_csv("examples/data/responses.csv")).gaps()
        >>> g[g.wave == "2025-11"].set_index("dimension")["gap"].round(1).to_dict()
        {'index': 11.4, 'trust': 10.8, 'communication': 10.0, 'alignment': 17.5, 'openness': 8.1}
        """
        rows = []
        for w in self._data()["waves"]:
            for gap in w["gaps"]:
                rows.append(
                    {
                        "wave": w["wave"],
                        "dimension": gap["dimension"] or "index",
                        "it": gap["it"],
                        "business": gap["business"],
                        "gap": gap["gap"],
                    }
                )
        return _frame(rows, [], columns=["wave", "dimension", "it", "business", "gap"])

    # -- analytics (the core computes every figure; these only lay them out) --

    @staticmethod
    def _key_columns(key: Mapping[str, Any]) -> Dict[str, Any]:
        return {"side": key.get("side"), "segment": ", ".join(f"{k}={v}" for k, v in key.items() if k != "side") or None}

    @staticmethod
    def _measure(m: Mapping[str, Any]) -> Tuple[str, str]:
        return m["kind"], m.get("id") or "index"

    def changes(self) -> pd.DataFrame:
        """Wave-over-wave changes: one row per wave × group × measure (``index``
        and each dimension), with Welch's test, Hedges' g and the verdict.

        >>> c = rapport.score(rapport.read_csv("examples/data/responses.csv")).changes()
        >>> row = c[(c.wave == "2025-11") & (c.level == "total") & (c.dimension == "index")].iloc[0]
        >>> (row.previous_wave, round(float(row.change), 1), row.verdict)
        ('2025-10', -0.1, 'no_clear_change')
        """
        rows = []
        for w in self._data()["waves"]:
            for c in w["changes"]:
                t = c.get("test") or {}
                ci = t.get("ci") or {}
                rows.append(
                    {
                        "wave": w["wave"], "previous_wave": c["previous_wave"], "level": c["level"], "group": c["label"],
                        **self._key_columns(c["key"]), "dimension": c["dimension"] or "index",
                        "before": c["before"], "after": c["after"], "change": c["change"],
                        "t": t.get("t"), "df": t.get("df"), "p": t.get("p"), "ci_low": ci.get("low"), "ci_high": ci.get("high"),
                        "hedges_g": c.get("hedges_g"), "verdict": c["verdict"],
                        "reason": (c.get("not_estimable") or {}).get("code"),
                    }
                )
        cols = ["wave", "previous_wave", "level", "group", "side", "segment", "dimension", "before", "after", "change",
                "t", "df", "p", "ci_low", "ci_high", "hedges_g", "verdict", "reason"]
        return _floats(pd.DataFrame(rows, columns=cols), ["before", "after", "change", "t", "df", "p", "ci_low", "ci_high", "hedges_g"])

    def trends(self, points: bool = False) -> pd.DataFrame:
        """Trends across waves: one row per series segment (group × measure) with
        the Mann–Kendall test, Sen's and the least-squares slope and the direction;
        ``points=True`` gives one row per wave instead, with the EWMA and its limits.
        Slopes are in points per step of the report's wave scheme (per month for
        ``YYYY-MM`` labels, per quarter for ``YYYY-Qn`` …; the JSON's ``wave_scheme``).
        Suppressed waves are rows without a value (``status == "suppressed"``).

        >>> t = rapport.score(rapport.read_csv("examples/data/responses.csv")).trends()
        >>> row = t[(t.level == "total") & (t.measure == "index")].iloc[0]
        >>> (int(row.waves), row.mk_method, round(float(row.mk_p), 4), row.direction)
        (8, 'exact', 0.0312, 'improving')
        """
        rows = []
        for tr in self._data()["trends"]:
            kind, mid = self._measure(tr["measure"])
            base = {"level": tr["level"], "group": tr["label"], **self._key_columns(tr["key"]), "kind": kind, "measure": mid}
            if points:
                for p in tr["points"]:
                    e = p.get("ewma") or {}
                    rows.append({**base, "wave": p["wave"], "segment_no": p["segment"], "value": p.get("value"), "n": p.get("n"),
                                 "se": p.get("se"), "status": p.get("status"), "ewma": e.get("value"),
                                 "ewma_lower": e.get("lower"), "ewma_upper": e.get("upper"), "flagged": e.get("flagged")})
                continue
            for k, seg in enumerate(tr["segments"]):
                mk = seg.get("mann_kendall") or {}
                sen = seg.get("sens_slope") or {}
                ols = seg.get("ols_slope") or {}
                rows.append({**base, "segment_no": k, "from_wave": seg["from_wave"], "to_wave": seg["to_wave"], "waves": seg["waves"],
                             "mk_s": mk.get("s"), "mk_tau": mk.get("tau"), "mk_p": mk.get("p"), "mk_method": mk.get("method"),
                             "sen_slope": sen.get("slope"), "sen_low": (sen.get("ci") or {}).get("low"),
                             "sen_high": (sen.get("ci") or {}).get("high"), "ols_slope": ols.get("slope"),
                             "ols_low": (ols.get("ci") or {}).get("low"), "ols_high": (ols.get("ci") or {}).get("high"),
                             "direction": seg["direction"], "reason": (seg.get("not_estimable") or {}).get("code")})
        if points:
            cols = ["level", "group", "side", "segment", "kind", "measure", "wave", "segment_no", "value", "n", "se", "status",
                    "ewma", "ewma_lower", "ewma_upper", "flagged"]
            frame = _floats(pd.DataFrame(rows, columns=cols), ["value", "se", "ewma", "ewma_lower", "ewma_upper"])
            frame["n"] = pd.array(frame["n"].tolist(), dtype="Int64")
            return frame
        cols = ["level", "group", "side", "segment", "kind", "measure", "segment_no", "from_wave", "to_wave", "waves", "mk_s",
                "mk_tau", "mk_p", "mk_method", "sen_slope", "sen_low", "sen_high", "ols_slope", "ols_low", "ols_high",
                "direction", "reason"]
        return _floats(pd.DataFrame(rows, columns=cols),
                       ["mk_s", "mk_tau", "mk_p", "sen_slope", "sen_low", "sen_high", "ols_slope", "ols_low", "ols_high"])

    def mirror(self) -> pd.DataFrame:
        """IT vs business per wave on the index, each dimension and each item:
        difference, Welch's test, Hedges' g and whether the difference is clear.
        Mirror accuracy (blind spots) is in :meth:`blind_spots`.

        >>> m = rapport.score(rapport.read_csv("examples/data/responses.csv")).mirror()
        >>> row = m[(m.wave == "2025-11") & (m.measure == "alignment")].iloc[0]
        >>> (round(float(row.difference), 1), bool(row.clear))
        (17.5, True)
        """
        rows = []
        for w in self._data()["waves"]:
            m = w.get("mirror")
            if not m:
                continue
            for kind, entries in (("dimension", m["dimensions"]), ("item", m["items"])):
                for g in entries:
                    t = g.get("test") or {}
                    ci = t.get("ci") or {}
                    rows.append({"wave": w["wave"], "kind": kind if g.get("dimension") else "index",
                                 "measure": g.get("item") or g.get("dimension") or "index", "dimension": g.get("dimension"),
                                 "it": g["it"], "business": g["business"], "difference": g["difference"], "p": t.get("p"),
                                 "ci_low": ci.get("low"), "ci_high": ci.get("high"), "hedges_g": g.get("hedges_g"),
                                 "clear": g["clear"]})
        cols = ["wave", "kind", "measure", "dimension", "it", "business", "difference", "p", "ci_low", "ci_high", "hedges_g", "clear"]
        return _floats(pd.DataFrame(rows, columns=cols), ["it", "business", "difference", "p", "ci_low", "ci_high", "hedges_g"])

    def blind_spots(self) -> pd.DataFrame:
        """Mirror accuracy per wave and side: what the side predicted the other
        side's overall rating would be, what it was, and the blind spot (if any).

        >>> b = rapport.score(rapport.read_csv("examples/data/responses.csv")).blind_spots()
        >>> latest = b[b.wave == "2025-11"]
        >>> list(zip(latest.side, latest.blind_spot.fillna("none")))
        [('it', 'overestimates'), ('business', 'none')]
        """
        rows = []
        for w in self._data()["waves"]:
            for a in (w.get("mirror") or {}).get("accuracy", []):
                rows.append({"wave": w["wave"], "side": a["side"], "predicted": a["predicted"], "actual": a["actual"],
                             "error": a["error"], "p": (a.get("test") or {}).get("p"), "blind_spot": a.get("blind_spot"),
                             "message": a["message"]})
        cols = ["wave", "side", "predicted", "actual", "error", "p", "blind_spot", "message"]
        return _floats(pd.DataFrame(rows, columns=cols), ["predicted", "actual", "error", "p"])

    def drivers(self) -> pd.DataFrame:
        """Drivers of the overall rating per wave × group (all respondents, each
        side) × dimension: Pearson r with its Fisher-z interval and Johnson's
        relative weight (share of explained variance). Groups under
        ``drivers_min_n`` complete responses are rows with a ``reason``.

        >>> d = rapport.score(rapport.read_csv("examples/data/responses.csv")).drivers()
        >>> row = d[(d.wave == "2025-11") & (d.level == "total") & (d.dimension == "alignment")].iloc[0]
        >>> (int(row.n), round(float(row.r), 2), round(float(row.share), 2))
        (152, 0.7, 0.33)
        """
        rows = []
        for w in self._data()["waves"]:
            for ds in w["drivers"]:
                base = {"wave": w["wave"], "level": ds["level"], "group": ds["label"], **self._key_columns(ds["key"]),
                        "n": ds.get("n"), "r_squared": ds.get("r_squared"), "reason": (ds.get("not_estimable") or {}).get("code")}
                if not ds["dimensions"]:
                    rows.append({**base, "dimension": None})
                for x in ds["dimensions"]:
                    c = x.get("correlation") or {}
                    rows.append({**base, "dimension": x["dimension"], "r": c.get("r"), "p": c.get("p"),
                                 "r_low": (c.get("ci") or {}).get("low"), "r_high": (c.get("ci") or {}).get("high"),
                                 "relative_weight": x.get("relative_weight"), "share": x.get("share")})
        cols = ["wave", "level", "group", "side", "segment", "n", "r_squared", "dimension", "r", "p", "r_low", "r_high",
                "relative_weight", "share", "reason"]
        frame = _floats(pd.DataFrame(rows, columns=cols), ["r_squared", "r", "p", "r_low", "r_high", "relative_weight", "share"])
        frame["n"] = pd.array(frame["n"].tolist(), dtype="Int64")
        return frame

    def priorities(self) -> pd.DataFrame:
        """Importance × performance per wave and dimension: quadrant and rank.

        >>> p = rapport.score(rapport.read_csv("examples/data/responses.csv")).priorities()
        >>> p[p.wave == "2025-11"].sort_values("rank")["dimension"].tolist()
        ['alignment', 'trust', 'communication', 'openness']
        """
        rows = []
        for w in self._data()["waves"]:
            pr = w.get("priorities")
            if not pr:
                continue
            for d in pr["dimensions"]:
                rows.append({"wave": w["wave"], "rank": d["rank"], "dimension": d["dimension"], "importance": d["importance"],
                             "performance": d["performance"], "potential": d["potential"], "quadrant": d["quadrant"],
                             "importance_basis": pr["importance_basis"]})
        cols = ["wave", "rank", "dimension", "importance", "performance", "potential", "quadrant", "importance_basis"]
        return _floats(pd.DataFrame(rows, columns=cols), ["importance", "performance", "potential"])

    def actions(self) -> pd.DataFrame:
        """Suggested actions of the latest wave (the playbook for the top
        priorities), each with the figures that triggered it; then the
        follow-up of the action log, if one was applied (``kind == "logged"``).

        >>> a = rapport.score(rapport.read_csv("examples/data/responses.csv")).actions()
        >>> a[["rank", "action", "dimension"]].values.tolist()[0]
        [1, 'joint_goal_setting', 'alignment']
        """
        data = self._data()
        rows: List[Dict[str, Any]] = []
        if data["waves"]:
            w = data["waves"][-1]
            for a in w["actions"]:
                rows.append({"kind": "suggested", "wave": w["wave"], "rank": a["rank"], "action": a["action"], "title": a["title"],
                             "dimension": a["dimension"], "priority_rank": a["priority_rank"],
                             "why": "; ".join(t["text"] for t in a["triggers"]), "description": a["description"]})
        for f in data.get("action_log", []):
            for r in f["rows"] or [{"label": None, "comparison": None, "target_met": None}]:
                c = r.get("comparison") or {}
                rows.append({"kind": "logged", "wave": f.get("latest_wave"), "action": f["action"], "title": f["title"],
                             "dimension": f["dimension_followed"], "owner": f["owner"], "started": f["started"],
                             "baseline_wave": f.get("baseline_wave"), "group": r.get("label"), "before": c.get("before"),
                             "after": c.get("after"), "change": c.get("change"), "p": (c.get("test") or {}).get("p"),
                             "verdict": c.get("verdict"), "target": f.get("target"), "target_met": r.get("target_met"),
                             "why": f["summary"]})
        cols = ["kind", "wave", "rank", "action", "title", "dimension", "priority_rank", "why", "description", "owner", "started",
                "baseline_wave", "group", "before", "after", "change", "p", "verdict", "target", "target_met"]
        frame = _floats(pd.DataFrame(rows, columns=cols), ["before", "after", "change", "p", "target"])
        for c in ("rank", "priority_rank"):
            frame[c] = pd.array(frame[c].tolist(), dtype="Int64")
        return frame

    def reliability(self) -> pd.DataFrame:
        """Cronbach's alpha per wave × group × dimension, with the Feldt interval.

        Columns: the group columns of :meth:`dimensions`, ``dimension``,
        ``deletion``, ``status`` (``estimated``, ``not_estimable`` or
        ``suppressed``), ``reason``, ``n``, ``k``, ``alpha``,
        ``alpha_standardized``, ``ci_low``, ``ci_high``, ``confidence``,
        ``weak_items`` (list of item ids).

        >>> r = rapport.score(rapport.read_csv("examples/data/responses.csv")).reliability()
        >>> row = r[(r.wave == "2025-11") & (r.level == "total") & (r.dimension == "trust")].iloc[0]
        >>> row.status, round(float(row.alpha), 2)
        ('estimated', 0.73)
        """
        dims = [x["id"] for x in self._data()["instrument"]["dimensions"]]
        rows = []
        for wave, g in self._groups():
            base = self._group_columns(wave, g)
            by_id = {r["dimension"]: r for r in g["reliability"]}
            for dim in dims:
                r = by_id.get(dim)
                if r is None:
                    status, reason = "suppressed", self._suppression(None, g)
                    r = {}
                elif r["status"] == "estimated":
                    status, reason = "estimated", None
                else:
                    status, reason = r["status"], (r.get("reason") or {}).get("code")
                rows.append(
                    {
                        **base,
                        "dimension": dim,
                        "deletion": r.get("deletion"),
                        "status": status,
                        "reason": reason,
                        "n": r.get("n"),
                        "k": r.get("k"),
                        "alpha": r.get("alpha"),
                        "alpha_standardized": r.get("alpha_standardized"),
                        "ci_low": r.get("ci_low"),
                        "ci_high": r.get("ci_high"),
                        "confidence": r.get("confidence"),
                        "weak_items": r.get("weak_items"),
                    }
                )
        return _frame(rows, ["respondents", "n", "k"])

    # -- display --

    def _repr_html_(self) -> str:
        """The core's compact HTML summary of the latest wave, charts included (Jupyter display)."""
        return self._native.summary_html()

    def to_html(self, path: Optional[PathLike] = None) -> Optional[str]:
        """The standalone HTML report (``rapport report --format html``): written to
        ``path``, or returned as a string when no path is given.

        >>> html = rapport.score(rapport.read_csv("examples/data/responses.csv")).to_html()
        >>> html.lstrip().lower().startswith("<!doctype html")
        True
        """
        html = self._native.to_html()
        if path is None:
            return html
        with open(os.fspath(path), "w", encoding="utf-8") as f:
            f.write(html)
        return None


def _instrument_items(data: Mapping[str, Any]) -> List[Tuple[str, str]]:
    """(item, dimension) of every agreement item, in instrument order, from the
    report's groups (a suppressed group lists none)."""
    seen: Dict[str, str] = {}
    for w in data["waves"]:
        for g in w["groups"]:
            for i in g["items"]:
                seen.setdefault(i["item"], i["dimension"])
            if seen:
                return list(seen.items())
    return list(seen.items())


def _floats(frame: pd.DataFrame, columns: Sequence[str]) -> pd.DataFrame:
    for c in columns:
        frame[c] = pd.to_numeric(frame[c]).astype("float64")
    return frame


def _frame(rows: List[Dict[str, Any]], counts: Sequence[str], columns: Optional[List[str]] = None) -> pd.DataFrame:
    frame = pd.DataFrame(rows, columns=columns)
    for c in counts:
        if c in frame:
            frame[c] = pd.array(frame[c].tolist(), dtype="Int64")
    for c in ("score", "sd", "ci_low", "ci_high", "favourable_pct", "unfavourable_pct", "mean", "alpha",
              "alpha_standardized", "confidence", "it", "business", "gap"):
        if c in frame:
            frame[c] = pd.to_numeric(frame[c]).astype("float64")
    return frame
