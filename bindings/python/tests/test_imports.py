"""Survey-tool exports read in Python give the command line's reports.

``tests/vectors/imports.json`` holds, for each case of
``tests/imports/cases.json`` (an export of Qualtrics, Microsoft Forms, Google
Forms, SurveyMonkey, LimeSurvey or REDCap and how it is read), the starter
mapping ``rapport mapping`` writes and the report ``rapport report --format
json`` gives (written by ``crates/rapport-cli/tests/cli/import_vectors.rs``).
Python reads the same file with the same keywords and must give the same
mapping and the same report, figure for figure.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Dict, List

import pytest

import rapport

ROOT = Path(__file__).resolve().parents[3]
CASES: List[Dict[str, Any]] = json.loads((ROOT / "tests/vectors/imports.json").read_text(encoding="utf-8"))["cases"]


def test_the_vector_covers_every_tool_and_both_definitions() -> None:
    names = " ".join(c["name"] for c in CASES)
    for tool in ["qualtrics", "msforms", "googleforms", "surveymonkey", "limesurvey", "redcap"]:
        assert tool in names
    assert any(c.get("starter", {}).get("qsf") for c in CASES)
    assert any(c.get("starter", {}).get("redcap_dictionary") for c in CASES)
    assert any(c["file"].endswith(".xlsx") for c in CASES)


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_python_reads_each_export_as_the_command_line(case: Dict[str, Any], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)  # files are named relative to the repository, as the CLI was run
    path = f"tests/imports/{case['file']}"
    kwargs = {("from_" if k == "from" else k): v for k, v in case["read"].items()}
    if "starter" in case:
        definition = {k: f"tests/imports/{v}" for k, v in case["starter"].items()}
        mapping = rapport.starter_mapping(path, **definition)
        assert mapping == case["mapping"]
        kwargs["mapping"] = mapping
    elif "mapping" in case:
        kwargs["mapping"] = case["mapping"]
    read = rapport.read_excel if path.endswith(".xlsx") else rapport.read_csv
    responses = read(path, **kwargs)
    ours = json.loads(rapport.score(responses, **case.get("options", {})).to_json())
    ours.pop("generator")
    assert ours == case["report"]
    assert ours["intake"]["accepted"] > 0


def test_a_workbook_sheet_is_chosen_by_name_and_a_missing_one_lists_the_sheets(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    with pytest.raises(rapport.OptionsError) as e:
        rapport.read_excel("tests/imports/msforms.xlsx", "Answers", side="business", wave_period="quarter")
    assert e.value.code == "invalid_option" and '"Answers"' in str(e.value)
    first = rapport.read_excel("tests/imports/msforms.xlsx", side="business", wave_period="quarter")
    with pytest.raises(rapport.InputError) as bad:
        rapport.read_excel("tests/imports/msforms.csv", side="business", wave_period="quarter")
    assert bad.value.code == "invalid_workbook" and "tests/imports/msforms.csv" in str(bad.value)
    assert first.intake["accepted"] == 6


def test_instruments_from_survey_definitions(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    qsf = rapport.Instrument.from_qsf("tests/imports/qualtrics_codes.qsf")
    assert (len(qsf.dimensions), len(qsf.items)) == (1, 3)
    redcap = rapport.Instrument.from_redcap_dictionary("tests/imports/redcap_dictionary.csv")
    assert "rel_reliable" in redcap.items
    with pytest.raises(rapport.MappingError):
        rapport.Instrument.from_qsf("tests/imports/redcap_dictionary.csv")
    with pytest.raises(rapport.OptionsError):
        rapport.starter_mapping(
            "tests/imports/redcap_raw.csv",
            qsf="tests/imports/qualtrics_codes.qsf",
            redcap_dictionary="tests/imports/redcap_dictionary.csv",
        )
