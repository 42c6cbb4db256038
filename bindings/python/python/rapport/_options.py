"""The scoring options as typed dicts (re-exported by ``rapport``): their own
module, so that their annotations resolve (``typing.get_type_hints``) while
``rapport``'s namespace holds only the package's API."""

from __future__ import annotations

from typing import Any, Literal, Mapping, Optional, Sequence, TypedDict

__all__ = ["ScoreOptions"]


class _Options(TypedDict, total=False):
    """The keyword-only options of :func:`score` (see :class:`ScoreOptions`)."""

    min_group: Optional[int]
    min_answered_fraction: Optional[float]
    favourable_basis: Optional[Literal["answers", "respondents"]]
    hundred_scale: Optional[Literal["min_max", "ratio_to_max"]]
    reliability_deletion: Optional[Literal["listwise", "pairwise"]]
    reliability_min_n: Optional[int]
    weak_item_rest_correlation: Optional[float]
    confidence: Optional[float]
    wave_order: Optional[Sequence[str]]
    populations: Optional[Sequence[Mapping[str, Any]]]
    change_alpha: Optional[float]
    change_min_effect: Optional[float]
    trend_alpha: Optional[float]
    ewma_lambda: Optional[float]
    ewma_limit: Optional[float]
    blind_spot_threshold: Optional[float]
    drivers_min_n: Optional[int]
    top_actions: Optional[int]


class ScoreOptions(_Options, total=False):
    """The scoring options as a typed dict, for ``rapport.score(responses, **options)``:
    the core's ``ScoreOptions`` by name (the names of :data:`SCORE_OPTIONS`,
    and ``min_group``, the short name of ``min_group_size``), the same names
    ``rapport report --options`` reads from JSON. Only the types are here:
    the core reads and checks the values, and an option left out (or
    ``None``) keeps the core's default.

    >>> options: rapport.ScoreOptions = {"by": ["side"], "confidence": 0.9}
    >>> rapport.score(rapport.sample(waves=1), **options).to_dict()["options"]["confidence"]
    0.9
    """

    by: Optional[Sequence[str]]
    min_group_size: Optional[int]
