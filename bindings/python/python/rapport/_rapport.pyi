"""The native half of rapport (PyO3). Use the ``rapport`` package instead."""

import os
from typing import Optional, Union, final

import numpy as np
from numpy.typing import NDArray

__all__ = [
    "__version__",
    "Instrument",
    "Responses",
    "Report",
    "Aggregates",
    "score",
    "aggregate",
    "privacy_plan",
    "column_roles",
    "starter_mapping",
    "sample_columns",
    "factorize",
    "read_text",
    "REPORT_SCHEMA_VERSION",
    "ERROR_CATEGORIES",
    "TABLE_NAMES",
    "TABLES_SCHEMA_VERSION",
    "SCORE_OPTION_NAMES",
    "SCORE_OPTION_ALIASES",
    "SCORE_OPTION_DEFAULTS",
    "SAMPLE_OPTION_NAMES",
]

__version__: str
REPORT_SCHEMA_VERSION: int
ERROR_CATEGORIES: tuple[str, ...]
"""The core's error categories by name; ``rapport.errors`` has a class for each."""
TABLE_NAMES: list[str]
TABLES_SCHEMA_VERSION: int
SCORE_OPTION_NAMES: tuple[str, ...]
"""The core's scoring options by name (``ScoreOptions::names``), in declaration order."""
SCORE_OPTION_DEFAULTS: str
"""The core's default scoring options, as JSON (an object in the order of ``SCORE_OPTION_NAMES``)."""
SCORE_OPTION_ALIASES: dict[str, str]
SAMPLE_OPTION_NAMES: tuple[str, ...]
"""The core's sample generator options by name (``rapport::sample::SampleOptions``), in declaration order."""
"""Short names the core also reads, alias → option (``min_group`` → ``min_group_size``)."""

# The values of one column of a report table, by the column's type: floats
# ("float") with NaN for null; integers ("int") and booleans ("bool") as
# (values, null mask); text ("text") and wave labels ("wave") as lists with
# None for null.
_TableColumn = Union[
    NDArray[np.float64],
    tuple[NDArray[np.int64], NDArray[np.bool_]],
    tuple[NDArray[np.bool_], NDArray[np.bool_]],
    list[Optional[str]],
]

_Categories = tuple[str, NDArray[np.int32], list[str]]

@final
class Instrument:
    @staticmethod
    def default() -> Instrument: ...
    @staticmethod
    def from_json(text: str) -> Instrument: ...
    @staticmethod
    def from_qsf(text: str) -> Instrument: ...
    @staticmethod
    def from_redcap_dictionary(text: str) -> Instrument: ...
    def to_json(self) -> str: ...
    @property
    def id(self) -> str: ...
    @property
    def version(self) -> str: ...
    @property
    def name(self) -> str: ...
    @property
    def dimensions(self) -> list[str]: ...
    @property
    def items(self) -> list[str]: ...
    @property
    def outcomes(self) -> list[str]: ...
    @property
    def columns(self) -> list[str]: ...
    def choice_options(self, column: str) -> Optional[list[str]]: ...
    def __eq__(self, value: object, /) -> bool: ...

@final
class Responses:
    @staticmethod
    def read_csv(
        path: str,
        instrument: Instrument,
        lenient: bool = False,
        mapping: Optional[str] = None,
        segments: Optional[list[str]] = None,
        from_: Optional[str] = None,
        side: Optional[str] = None,
        wave: Optional[str] = None,
        wave_period: Optional[str] = None,
        wave_column: Optional[str] = None,
        day_first: bool = False,
        bad_cells: Optional[str] = None,
        workbook: bool = False,
        sheet: Optional[str] = None,
    ) -> Responses: ...
    @staticmethod
    def from_json(text: str, instrument: Instrument, lenient: bool = False, source: Optional[str] = None) -> Responses: ...
    @staticmethod
    def from_columns(
        instrument: Instrument,
        columns: list[str],
        values: NDArray[np.float64],
        side: _Categories,
        wave: _Categories,
        respondent: Optional[_Categories] = None,
        segments: list[_Categories] = ...,
        text_columns: list[_Categories] = ...,
        not_applicable: Optional[NDArray[np.bool_]] = None,
        lenient: bool = False,
        source: Optional[str] = None,
        mapping: Optional[str] = None,
        declared_segments: bool = False,
        row_labels: Optional[object] = None,
    ) -> Responses: ...
    @property
    def instrument(self) -> Instrument: ...
    def intake_json(self) -> str: ...
    def sides(self) -> list[tuple[str, int]]: ...
    def waves(self) -> list[tuple[str, int]]: ...
    def __len__(self) -> int: ...
    def respondent_scores(
        self, options_json: str
    ) -> tuple[
        list[str],
        Optional[list[Optional[str]]],
        tuple[list[str], list[str]],
        list[str],
        list[tuple[str, list[Optional[str]]]],
        NDArray[np.float64],
    ]: ...

@final
class Report:
    @staticmethod
    def from_json(text: str) -> Report: ...
    def to_json(self) -> str: ...
    def to_html(self) -> str: ...
    def summary_html(self, id_prefix: str = "") -> str: ...
    def scorecard(self, width: int = 100) -> str: ...
    def table(self, name: str) -> dict[str, tuple[str, _TableColumn]]: ...
    @property
    def waves(self) -> list[str]: ...
    @property
    def schema_version(self) -> int: ...

def score(responses: Responses, options_json: str, action_log_json: str | None = None) -> Report: ...
@final
class Aggregates:
    @staticmethod
    def from_bytes(data: bytes, name: Optional[str] = None) -> Aggregates: ...
    def to_bytes(self) -> bytes: ...
    def merge(self, others: list[Aggregates], names: list[str]) -> Aggregates: ...
    def report(self, options_json: str, action_log_json: Optional[str] = None) -> Report: ...
    @property
    def respondents(self) -> int: ...
    @property
    def has_keys(self) -> bool: ...
    def instrument_json(self) -> str: ...
    def options_json(self) -> str: ...
    def intake_json(self) -> str: ...

def aggregate(responses: Responses, options_json: str) -> Aggregates: ...
def column_roles(
    instrument: Instrument,
    names: list[str],
    side: str,
    wave: str,
    respondent: Optional[str],
    items: Optional[list[str]] = None,
    segments: Optional[list[str]] = None,
    mapping: Optional[str] = None,
    source: Optional[str] = None,
) -> list[str]: ...
def starter_mapping(
    path: str,
    instrument: Instrument,
    from_: Optional[str] = None,
    qsf: Optional[str] = None,
    redcap_dictionary: Optional[str] = None,
    sheet: Optional[str] = None,
) -> str: ...
def privacy_plan(responses: Responses, options_json: str) -> str: ...
def sample_columns(
    instrument: Instrument, options_json: str
) -> tuple[
    list[str],
    NDArray[np.float64],
    NDArray[np.bool_],
    tuple[NDArray[np.int32], list[str]],
    tuple[NDArray[np.int32], list[str]],
    tuple[NDArray[np.int32], list[str]],
    list[_Categories],
]: ...
def factorize(
    values: NDArray[np.object_], na: object
) -> Optional[tuple[NDArray[np.int32], list[str]]]: ...
def read_text(path: Union[str, os.PathLike[str]]) -> str: ...
