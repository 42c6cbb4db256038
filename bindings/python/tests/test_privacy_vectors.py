"""The same publication plan through the Python package.

`tests/vectors/privacy.json` (written by
`crates/rapport/tests/privacy_vectors.rs`) holds data sets, the options of
each report and the status of every group and the number of hidden figures
the core gives; Python must hide exactly the same.
"""

from __future__ import annotations

import json
import pathlib
from typing import Any, Dict, List

import pytest

import rapport

ROOT = pathlib.Path(__file__).resolve().parents[3]
CASES: List[Dict[str, Any]] = json.loads((ROOT / "tests/vectors/privacy.json").read_text(encoding="utf-8"))["cases"]


@pytest.mark.parametrize("case", CASES, ids=[f"{c['name']} by {c['options']['by']}" for c in CASES])
def test_python_hides_what_the_core_hides(case: Dict[str, Any], tmp_path: pathlib.Path) -> None:
    path = tmp_path / "responses.csv"
    path.write_text(case["csv"], encoding="utf-8")
    options = case["options"]
    report = rapport.score(rapport.read_csv(path), by=options["by"], min_group_size=options["min_group_size"]).to_dict()
    groups = [{"wave": w["wave"], "key": g["key"], "status": g["status"]} for w in report["waves"] for g in w["groups"]]
    assert groups == case["groups"]
    assert report["privacy"]["suppressed_figures"] == case["figures_hidden"]
    for w in report["waves"]:
        for g in w["groups"]:
            if g["status"] != "shown":
                assert g["respondents"] is None and g["respondents_label"] == "hidden"
                assert g["suppression"] == {"reason": "protected", "message": "hidden to protect small groups"}
