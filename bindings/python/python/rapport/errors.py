"""Exceptions raised by rapport.

Every error is a :class:`RapportError` (a :class:`ValueError`) carrying the
core's stable machine-readable ``code`` (the same codes the command line
prints as ``error[<code>]``) and its ``category``: what must be fixed. The
category picks the class, one per category, with the same names as in the
JavaScript package:

- :class:`InputError` (``input``): the answers: a row, a cell, a column,
  wave labels;
- :class:`InstrumentError` (``instrument``): the instrument definition;
- :class:`MappingError` (``mapping``): the column mapping;
- :class:`OptionsError` (``options``): an option, or an argument of the
  wrong kind or shape;
- :class:`ActionLogError` (``action_log``): the action log;
- :class:`PrivacyError` (``privacy``): what is asked to be published
  (report on fewer fields or larger groups);
- :class:`IoError` (``io``): a file that cannot be opened or read (a
  subclass of :class:`InputError`: an unreadable data file is a problem
  with the input);
- :class:`DocumentError` (``document``): a report's JSON that this version
  did not write.

Every error also says where, when it is known: ``file``, ``row`` (1-based; a
CSV's header is row 1, the first row of a DataFrame is row 1), ``column``
and ``item`` (``None`` otherwise).

>>> import rapport
>>> try:
...     rapport.score(rapport.sample(waves=1), min_group_size=2)
... except rapport.RapportError as e:
...     print(type(e).__name__, e.code, e.category)
OptionsError invalid_option options
"""

from __future__ import annotations

from typing import Dict, Optional, Type

__all__ = [
    "RapportError",
    "InputError",
    "InstrumentError",
    "MappingError",
    "OptionsError",
    "ActionLogError",
    "PrivacyError",
    "IoError",
    "DocumentError",
]


class RapportError(ValueError):
    """Base class of rapport's errors; a :class:`ValueError` with a stable ``code``,
    a ``category`` and, when known, where the problem is.

    >>> e = RapportError("option min_group_size is invalid", code="invalid_option")
    >>> (e.code, e.category, e.row, str(e))
    ('invalid_option', 'error', None, 'option min_group_size is invalid')
    """

    code: str
    """The core's stable snake_case error code (``invalid_option``, ``value_out_of_scale`` …)."""
    category: str = "error"
    """What must be fixed: ``input``, ``instrument``, ``mapping``, ``options``,
    ``action_log``, ``privacy``, ``io`` or ``document`` (the class says the same)."""
    file: Optional[str]
    """File name (or source name) of the input, or the path that could not be read, when known."""
    row: Optional[int]
    """1-based row: the header of a CSV is row 1; the first DataFrame row is row 1."""
    column: Optional[str]
    """Column name as in the input."""
    item: Optional[str]
    """Instrument item id the column maps to."""

    def __init__(
        self,
        message: str,
        code: str = "error",
        file: Optional[str] = None,
        row: Optional[int] = None,
        column: Optional[str] = None,
        item: Optional[str] = None,
        *,
        category: Optional[str] = None,
    ) -> None:
        super().__init__(message)
        self.code = code
        if category is not None:
            self.category = category
        self.file = file
        self.row = row
        self.column = column
        self.item = item

    def __reduce__(self) -> tuple[object, ...]:
        return (_rebuild, (type(self), str(self), self.__dict__.copy()))


class InputError(RapportError):
    """A problem with the answers (or the data file holding them), located when
    the place is known: an unknown side, a value outside the scale, a missing
    column, a duplicate respondent, wave labels that cannot be ordered.

    >>> e = InputError("row 3, column \\"trust_1\\": value 9 is outside the scale",
    ...                code="value_out_of_scale", row=3, column="trust_1", item="trust_1")
    >>> (e.code, e.category, e.row, e.column, e.item, e.file)
    ('value_out_of_scale', 'input', 3, 'trust_1', 'trust_1', None)
    """

    category = "input"


class InstrumentError(RapportError):
    """An instrument definition that is not valid (its JSON path is in the message).

    >>> import rapport
    >>> try:
    ...     rapport.Instrument.from_json('{"schema_version": 1}')
    ... except rapport.InstrumentError as e:
    ...     print(e.code, e.category)
    instrument_syntax instrument
    """

    category = "instrument"


class MappingError(RapportError):
    """A column mapping that is malformed, or names items the instrument does not have.

    >>> import rapport
    >>> try:
    ...     rapport.read_csv("examples/data/responses.csv", mapping={"items": {"Q1": "trust_9"}})
    ... except rapport.MappingError as e:
    ...     print(e.code, e.category)
    invalid_mapping mapping
    """

    category = "mapping"


class OptionsError(RapportError):
    """An option out of range, an unknown option, or an argument of the wrong kind or shape.

    >>> import rapport
    >>> try:
    ...     rapport.score(rapport.sample(waves=1), favourable_basis="mean")
    ... except rapport.OptionsError as e:
    ...     print(e.code, e.category)
    ...     print(e)
    invalid_option options
    option favourable_basis is invalid: expected `answers` or `respondents`, found unknown variant `mean`
    """

    category = "options"


class ActionLogError(RapportError):
    """An action log that is not valid (an unknown owner, a start that is not a wave …).

    >>> import rapport
    >>> log = [{"action": "monthly_progress_session", "owner": "cio", "started": "2025-08"}]
    >>> try:
    ...     rapport.score(rapport.sample(waves=2), action_log=log)
    ... except rapport.ActionLogError as e:
    ...     print(e.code, e.category)
    invalid_action_log action_log
    """

    category = "action_log"


class PrivacyError(RapportError):
    """The data cannot be published safely as asked: too many break-down fields
    to plan over, or aggregates whose counts disagree with their census. Report
    on fewer fields or larger groups.

    >>> e = PrivacyError("privacy: too many segment fields", code="privacy")
    >>> (e.code, e.category, isinstance(e, RapportError))
    ('privacy', 'privacy', True)
    """

    category = "privacy"


class IoError(InputError, OSError):
    """A file that cannot be opened or read (missing, unreadable, not UTF-8);
    ``file`` (and ``filename``, as for any :class:`OSError`) is its path. A
    subclass of :class:`InputError`, so ``except rapport.InputError`` catches
    it, and of :class:`OSError`, so ``except OSError`` does too. (Not a
    :class:`FileNotFoundError`: the same error covers files that exist but
    cannot be read.)

    >>> import rapport
    >>> try:
    ...     rapport.read_csv("no/such/responses.csv")
    ... except rapport.IoError as e:
    ...     print(e.code, e.category, e.file, isinstance(e, OSError))
    io io no/such/responses.csv True
    """

    category = "io"

    @property
    def filename(self) -> Optional[str]:
        """The path that could not be read (the same as ``file``, as :class:`OSError` names it).

        >>> IoError("cannot read a.csv: not found", code="io", file="a.csv").filename
        'a.csv'
        """
        return self.file


class DocumentError(RapportError):
    """A document rapport wrote and reads back (a report's JSON) that is not in
    the form this version writes.

    >>> import rapport
    >>> try:
    ...     rapport.Report.from_json("{}")
    ... except rapport.DocumentError as e:
    ...     print(e.code, e.category)
    invalid_json document
    """

    category = "document"


_BY_CATEGORY: Dict[str, Type[RapportError]] = {
    cls.category: cls
    for cls in (InputError, InstrumentError, MappingError, OptionsError, ActionLogError, PrivacyError, IoError, DocumentError)
}


def _class_for(category: str) -> Type[RapportError]:
    """The class of a core error category (the base class for a category this package does not know)."""
    return _BY_CATEGORY.get(category, RapportError)


def _rebuild(cls: type[RapportError], message: str, state: dict[str, object]) -> RapportError:
    # An OSError subclass (IoError) is made by OSError's constructor, as Python does.
    error = OSError.__new__(cls) if issubclass(cls, OSError) else cls.__new__(cls)
    ValueError.__init__(error, message)
    error.__dict__.update(state)
    return error
