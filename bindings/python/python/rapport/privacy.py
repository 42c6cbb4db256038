"""The data owner's view of the publication plan: which groups every report
of the data hides, why, and what the audit checked.

The core decides, audits and describes the plan (``rapport::privacy::owner``);
this module only hands it over. It gives exact counts of small groups, which
reports withhold: keep it to yourself.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any, Dict, Optional, Union

import pandas as pd

from . import _rapport

if TYPE_CHECKING:
    from . import Responses


def privacy_plan(
    responses: Union["Responses", pd.DataFrame],
    min_group_size: Optional[int] = None,
    *,
    min_group: Optional[int] = None,
) -> Dict[str, Any]:
    """The publication plan of every wave, as ``rapport privacy --format json`` gives it.

    The plan is decided over every break-down a reader could ask for (side
    and every segment), once per wave, whatever ``by`` a report uses; only
    ``min_group_size`` (default 5, never below 3; ``min_group`` is a short
    alias) changes it. The dict has ``min_group_size`` and ``waves``; each
    wave has ``wave``, ``fields``, ``groups`` (in the lattice), ``small`` and
    ``complementary`` (hidden groups of each kind, counted at every level),
    ``figures_hidden`` (inside published groups), ``hidden`` (each hidden
    group once: ``key`` field → value, exact ``respondents``, ``reason``
    ``"small"`` or ``"complementary"``) and ``audit`` (``small_cells``,
    ``certificates``, ``failures``: empty when the plan holds). A DataFrame
    is read with :meth:`Responses.from_pandas` first.

    Parameters
    ----------
    responses : Responses or pandas.DataFrame
        The answers.
    min_group_size : int, optional
        The minimum reporting size (default 5, never below 3).
    min_group : int, optional
        A short name of ``min_group_size``.

    Returns
    -------
    dict
        The plan, as ``rapport privacy --format json`` gives it.

    Raises
    ------
    OptionsError
        A minimum below 3, or both names given.
    PrivacyError
        Too many break-down fields to plan over.

    Examples
    --------
    >>> plan = rapport.privacy_plan(rapport.read_csv("examples/data/responses.csv"))
    >>> plan["min_group_size"], len(plan["waves"])
    (5, 8)
    >>> wave = plan["waves"][-1]
    >>> wave["fields"], wave["audit"]["failures"]
    (['side', 'department', 'role'], [])
    >>> all(g["respondents"] < 5 for g in wave["hidden"] if g["reason"] == "small")
    True
    """
    from . import Responses

    if isinstance(responses, pd.DataFrame):
        responses = Responses.from_pandas(responses)
    if not isinstance(responses, Responses):
        raise TypeError(f"privacy_plan needs rapport.Responses or a DataFrame, not {type(responses).__name__}")
    # Passed to the core as they are: it reads `min_group` as a short name of
    # `min_group_size`, and refuses both given, or a minimum below 3.
    given = {"min_group_size": min_group_size, "min_group": min_group}
    options = {k: v for k, v in given.items() if v is not None}
    plan: Dict[str, Any] = json.loads(_rapport.privacy_plan(responses._native, json.dumps(options)))
    return plan
