"""Saved aggregates: a report's sums without the responses, to merge.

:func:`aggregate` reads responses as :func:`score` does and keeps what a
report needs — exact sums per group, the counts the privacy plan needs, the
intake counts and a 64-bit hash of every (wave, respondent) — as an
:class:`Aggregates`. Aggregates of different parts :meth:`Aggregates.merge`
exactly and in any order, and :func:`report` gives, byte for byte, the
report of one run over all the parts. :meth:`Aggregates.to_bytes` is the
``.agg`` file of ``rapport aggregate`` (the same bytes on every surface).
The core does the arithmetic and checks the merge rules; this module only
hands them over.
"""

from __future__ import annotations

import json
import os
from typing import TYPE_CHECKING, Any, Dict, Iterable, Mapping, Optional, Sequence, Tuple, Union

import pandas as pd

from . import _rapport

if TYPE_CHECKING:
    from typing_extensions import Unpack

    from . import Instrument, Report, Responses
    from ._options import _Options


class Aggregates:
    """Saved aggregates (the core's ``SavedAggregates``; immutable).

    Made by :func:`aggregate` or read with :meth:`from_bytes`; ``a + b``,
    ``sum(parts)`` and :meth:`merge` combine parts; :func:`report` reports
    them. Pickling goes through :meth:`to_bytes`.

    >>> a = rapport.aggregate(rapport.sample(waves=1, seed=1))
    >>> b = rapport.aggregate(rapport.sample(waves=1, seed=2, first_wave="2026-02"))
    >>> (a + b).respondents == a.respondents + b.respondents
    True
    """

    __slots__ = ("_native",)
    _native: _rapport.Aggregates

    def __init__(self) -> None:
        raise TypeError("use rapport.aggregate(...) or rapport.Aggregates.from_bytes(...)")

    @classmethod
    def _wrap(cls, native: _rapport.Aggregates) -> Aggregates:
        obj = cls.__new__(cls)
        obj._native = native
        return obj

    @classmethod
    def from_bytes(cls, data: Union[bytes, bytearray, memoryview], name: Optional[str] = None) -> Aggregates:
        """Read the bytes of a ``.agg`` file (``rapport aggregate -o``, :meth:`to_bytes`).

        Damaged bytes raise :class:`DocumentError` (code ``invalid_aggregates``)
        naming ``name`` and the byte where reading stopped.

        Parameters
        ----------
        data : bytes, bytearray or memoryview
            The content of a ``.agg`` file.
        name : str, optional
            A name for the data in messages (a file name).

        Returns
        -------
        Aggregates
            The saved aggregates.

        Raises
        ------
        DocumentError
            Bytes that are not saved rapport aggregates, or are damaged.

        Examples
        --------
        >>> a = rapport.aggregate(rapport.sample(waves=1))
        >>> rapport.Aggregates.from_bytes(a.to_bytes()).respondents == a.respondents
        True
        >>> try:
        ...     rapport.Aggregates.from_bytes(b"respondent,side", name="x.agg")
        ... except rapport.DocumentError as e:
        ...     print(e.code, e)
        invalid_aggregates x.agg, byte 0: not saved rapport aggregates (the file does not start with their signature)
        """
        return cls._wrap(_rapport.Aggregates.from_bytes(bytes(data), name))

    def to_bytes(self) -> bytes:
        """The bytes of a ``.agg`` file: what ``rapport report --aggregates`` reads.

        Returns
        -------
        bytes
            The ``.agg`` file's content.

        Examples
        --------
        >>> data = rapport.aggregate(rapport.sample(waves=1)).to_bytes()
        >>> data[:8]
        b'\\x89RAPAGG\\n'
        """
        return self._native.to_bytes()

    def merge(self, *others: Aggregates) -> Aggregates:
        """These aggregates and ``others``, merged in order (a new object).

        Parts must have the same instrument and the same options that decide
        what is aggregated (``by``, ``min_answered_fraction``,
        ``hundred_scale``, ``wave_order``), and no respondent may have
        answered one wave in two parts: otherwise :class:`DocumentError`
        (code ``invalid_aggregates``) naming the part.

        Parameters
        ----------
        *others : Aggregates
            Parts to merge after these, in order.

        Returns
        -------
        Aggregates
            The merged aggregates (a new object).

        Raises
        ------
        DocumentError
            Parts of another instrument or other options, or a respondent in two parts.

        Examples
        --------
        >>> data = rapport.sample(waves=2)
        >>> first, second = data.iloc[: len(data) // 2], data.iloc[len(data) // 2 :]
        >>> merged = rapport.aggregate(first).merge(rapport.aggregate(second))
        >>> rapport.report(merged).to_json() == rapport.score(data).to_json()
        True
        >>> try:
        ...     merged.merge(rapport.aggregate(first))
        ... except rapport.DocumentError as e:
        ...     print(e.code)
        invalid_aggregates
        """
        for o in others:
            if not isinstance(o, Aggregates):
                raise TypeError(f"merge needs rapport.Aggregates, not {type(o).__name__}")
        names = [f"part {i + 2}" for i in range(len(others))]
        return Aggregates._wrap(self._native.merge([o._native for o in others], names))

    def __add__(self, other: Aggregates) -> Aggregates:
        if not isinstance(other, Aggregates):
            return NotImplemented
        return self.merge(other)

    def __radd__(self, other: object) -> Aggregates:
        # sum() starts from 0.
        if isinstance(other, int) and other == 0:
            return self
        return NotImplemented

    @property
    def respondents(self) -> int:
        """Respondents accepted in every part.

        >>> data = rapport.sample(waves=1)
        >>> rapport.aggregate(data).respondents == len(data)
        True
        """
        return self._native.respondents

    @property
    def has_keys(self) -> bool:
        """Whether the respondents' keys are kept: only such parts merge
        (responses read from columns without a respondent id have none).

        >>> rapport.aggregate(rapport.sample(waves=1)).has_keys
        True
        """
        return self._native.has_keys

    @property
    def instrument(self) -> Instrument:
        """The instrument the aggregates were built with.

        >>> rapport.aggregate(rapport.sample(waves=1)).instrument == rapport.Instrument.default()
        True
        """
        from . import Instrument

        return Instrument.from_json(self._native.instrument_json())

    @property
    def options(self) -> Dict[str, Any]:
        """The scoring options the aggregates were built with (the report's ``options`` form).

        >>> rapport.aggregate(rapport.sample(waves=1), by=["side"]).options["by"]
        ['side']
        """
        options: Dict[str, Any] = json.loads(self._native.options_json())
        return options

    @property
    def intake(self) -> Dict[str, Any]:
        """Rows in, accepted and rejected per source, as :attr:`Responses.intake`.

        >>> data = rapport.sample(waves=1)
        >>> rapport.aggregate(data).intake["accepted"] == len(data)
        True
        """
        intake: Dict[str, Any] = json.loads(self._native.intake_json())
        return intake

    def report(
        self,
        *,
        action_log: Union[None, str, os.PathLike[str], Sequence[Mapping[str, Any]], Mapping[str, Any]] = None,
        **options: Any,
    ) -> Report:
        """The report of these aggregates: :func:`report` with one part.

        Parameters
        ----------
        action_log : str, os.PathLike, list of dict or dict, optional
            The action log to follow up, as for :func:`score`.
        **options
            Report options, as for :func:`report`.

        Returns
        -------
        Report
            The report of these aggregates.

        Examples
        --------
        >>> rapport.aggregate(rapport.sample(waves=2)).report().waves
        ['2025-04', '2025-05']
        """
        return report(self, action_log=action_log, **options)

    def __reduce__(self) -> Tuple[Any, ...]:
        return (Aggregates.from_bytes, (self.to_bytes(),))

    def __repr__(self) -> str:
        return f"<rapport.Aggregates: {self.respondents} respondents>"


def aggregate(
    responses: Union[Responses, pd.DataFrame, str, os.PathLike[str]],
    by: Union[None, str, Sequence[str]] = None,
    min_group_size: Optional[int] = None,
    **options: Unpack[_Options],
) -> Aggregates:
    """Aggregate responses into :class:`Aggregates`, as ``rapport aggregate`` does.

    ``responses`` is :class:`Responses`, a DataFrame (read with
    :meth:`Responses.from_pandas`) or the path of a CSV file (read with
    :func:`read_csv`). Options are :func:`score`'s, by the core's names;
    those that decide what is aggregated (``by``, ``min_answered_fraction``,
    ``hundred_scale``, ``wave_order``) must be the same for every part, the
    others may change when reporting.

    Parameters
    ----------
    responses : Responses, pandas.DataFrame, str or os.PathLike
        The answers, or the path of a CSV file.
    by : str or sequence of str, optional
        Break-down fields, as for :func:`score`.
    min_group_size : int, optional
        The minimum reporting size, as for :func:`score`.
    **options
        Other options of :data:`SCORE_OPTIONS`.

    Returns
    -------
    Aggregates
        The aggregates of these responses.

    Raises
    ------
    OptionsError
        An option that is not valid.

    Examples
    --------
    >>> data = rapport.sample(waves=3)
    >>> parts = [rapport.aggregate(data[data["wave"] == w], by=["side"]) for w in data["wave"].unique()]
    >>> rapport.report(parts).to_json() == rapport.score(data, by=["side"]).to_json()
    True
    """
    from . import Responses, read_csv

    if isinstance(responses, (str, os.PathLike)):
        responses = read_csv(responses)
    if isinstance(responses, pd.DataFrame):
        responses = Responses.from_pandas(responses)
    if not isinstance(responses, Responses):
        raise TypeError(f"aggregate needs rapport.Responses, a DataFrame or a path, not {type(responses).__name__}")
    if isinstance(by, str):
        by = [by]
    return Aggregates._wrap(_rapport.aggregate(responses._native, _options_json(by, min_group_size, options)))


def report(
    aggregates: Union[Aggregates, Iterable[Aggregates]],
    *,
    action_log: Union[None, str, os.PathLike[str], Sequence[Mapping[str, Any]], Mapping[str, Any]] = None,
    **options: Any,
) -> Report:
    """The report of aggregates (one part, or several merged in order).

    It is the report :func:`score` gives for the same responses, byte for
    byte, and the privacy plan is decided on the merged counts as on one
    data set. Options left out are the aggregates' own; report options
    (``min_group_size``, ``confidence``, thresholds …) may be changed, while
    ``by`` and the other options that decide what was aggregated must be
    theirs (otherwise :class:`DocumentError`, code ``invalid_aggregates``).
    ``action_log`` is followed up as in :func:`score`.

    Parameters
    ----------
    aggregates : Aggregates or iterable of Aggregates
        One part, or several merged in order.
    action_log : str, os.PathLike, list of dict or dict, optional
        The action log to follow up, as for :func:`score`.
    **options
        Report options by the core's names; those that decide what was
        aggregated must be the aggregates' own.

    Returns
    -------
    Report
        The report, as :func:`score` gives it for the same responses.

    Raises
    ------
    DocumentError
        Parts that cannot be merged, or options that change what was aggregated.
    OptionsError
        ``by`` given and naming a field no response of the parts carries
        (code ``invalid_option``), as ``rapport report --aggregates`` says.

    Examples
    --------
    >>> parts = rapport.aggregate(rapport.sample(waves=2))
    >>> rapport.report(parts, min_group_size=8).to_dict()["options"]["min_group_size"]
    8
    >>> try:
    ...     rapport.report(parts, by=["side"])
    ... except rapport.DocumentError as e:
    ...     print(e.code)
    invalid_aggregates
    """
    from . import Report

    if isinstance(aggregates, Aggregates):
        merged = aggregates
    else:
        parts = list(aggregates)
        if not parts or not all(isinstance(p, Aggregates) for p in parts):
            raise TypeError("report needs rapport.Aggregates, or a non-empty iterable of them")
        merged = parts[0].merge(*parts[1:])
    given = {k: v for k, v in options.items() if v is not None}
    if isinstance(given.get("by"), str):
        given["by"] = [given["by"]]
    log_json: Optional[str] = None
    if isinstance(action_log, (str, os.PathLike)):
        log_json = _rapport.read_text(action_log)
    elif action_log is not None:
        log_json = json.dumps(action_log if isinstance(action_log, Mapping) else list(action_log))
    return Report._wrap(merged._native.report(json.dumps(given, default=_plain), log_json))


def _plain(value: Any) -> Any:
    from . import _plain as plain

    return plain(value)


def _options_json(by: Optional[Sequence[str]], min_group_size: Optional[int], options: Mapping[str, Any]) -> str:
    given: Dict[str, Any] = {"by": by, "min_group_size": min_group_size, **options}
    return json.dumps({k: v for k, v in given.items() if v is not None}, default=_plain)
