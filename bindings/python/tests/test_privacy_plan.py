"""The data owner's plan through Python: ``rapport.privacy_plan`` gives what
``rapport privacy --format json`` gives, and what the shared vector
``tests/vectors/privacy_plan.json`` (written by
``crates/rapport/tests/privacy_plan_vectors.rs``) holds."""

from __future__ import annotations

import json
import pathlib
from typing import Any, Dict, List

import pandas as pd
import pytest

import rapport
from conftest import ROOT, run_cli

SAMPLE_CSV = "examples/data/responses.csv"
CASES: List[Dict[str, Any]] = json.loads((ROOT / "tests/vectors/privacy_plan.json").read_text(encoding="utf-8"))[
    "cases"
]


@pytest.mark.parametrize("case", CASES, ids=[f"{c['name']} at {c['min_group_size']}" for c in CASES])
def test_python_gives_the_core_plan(case: Dict[str, Any], tmp_path: pathlib.Path) -> None:
    path = tmp_path / "responses.csv"
    path.write_text(case["csv"], encoding="utf-8")
    assert rapport.privacy_plan(rapport.read_csv(path), min_group_size=case["min_group_size"]) == case["plan"]


@pytest.mark.parametrize("minimum", [None, 7])
def test_privacy_plan_equals_the_cli_json(minimum: Any, in_root: pathlib.Path) -> None:
    flags = [] if minimum is None else ["--min-group", str(minimum)]
    cli = run_cli("privacy", SAMPLE_CSV, "--format", "json", *flags)
    assert cli.returncode == 0, cli.stderr
    assert rapport.privacy_plan(rapport.read_csv(SAMPLE_CSV), min_group_size=minimum) == json.loads(cli.stdout)


def test_a_small_department_is_listed_with_its_exact_count() -> None:
    # Two departments of 6 and one of 2, all business: the department of 2
    # is small, counted here by hand; nothing else is smaller than 5.
    rows = [("A", 6), ("B", 6), ("C", 2)]
    frame = pd.DataFrame(
        [
            {"respondent": f"{d}{i}", "side": "business", "wave": "2026-01", "department": d, "trust_1": 4}
            for d, n in rows
            for i in range(n)
        ]
    )
    plan = rapport.privacy_plan(frame, min_group=5)
    wave = plan["waves"][0]
    small = [g for g in wave["hidden"] if g["reason"] == "small"]
    assert small == [{"key": {"department": "C"}, "respondents": 2, "reason": "small"}]
    assert wave["fields"] == ["side", "department"]
    assert wave["audit"]["failures"] == [] and wave["audit"]["small_cells"] >= 1
    # Every hidden group that protects C holds at least 5 (it is not small).
    assert all(g["respondents"] >= 5 for g in wave["hidden"] if g["reason"] == "complementary")


def test_a_minimum_below_three_is_refused() -> None:
    with pytest.raises(rapport.OptionsError) as e:
        rapport.privacy_plan(rapport.read_csv(ROOT / SAMPLE_CSV), min_group_size=2)
    assert e.value.code == "invalid_option"
    with pytest.raises(TypeError):
        rapport.privacy_plan([1, 2, 3])  # type: ignore[arg-type]
