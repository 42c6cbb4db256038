"""The report's DataFrames are the core's tables (``rapport::report::tables``): cell
for cell what ``rapport report --format csv`` writes for the same data, with
dtypes set from the core's column types, and never a number for a hidden
group."""

from __future__ import annotations

import csv
import json
import math
import pathlib
from typing import Any, Dict, List

import pandas as pd
import pytest

import rapport
from conftest import ROOT, run_cli

SAMPLE = "examples/data/responses.csv"
LOG = "examples/data/action-log.json"
FORMULA = ("=", "+", "-", "@", "\t", "\r")


def _cell(value: Any, dtype: Any) -> str:
    """A DataFrame cell as the core writes it into CSV (before formula guarding)."""
    if isinstance(value, list):
        return ";".join(str(v) for v in value)
    if value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value)):
        return ""
    if str(dtype) == "boolean":
        return "true" if value else "false"
    if str(dtype) == "Int64":
        return str(int(value))
    return str(value)


def _unguard(cell: str) -> str:
    return cell[1:] if cell.startswith("'") and cell[1:].startswith(FORMULA) else cell


@pytest.fixture(scope="module")
def cli_tables(tmp_path_factory: pytest.TempPathFactory) -> pathlib.Path:
    out = tmp_path_factory.mktemp("tables")
    run = run_cli("report", SAMPLE, "--actions", LOG, "--format", "csv", "-o", str(out), "-q")
    assert run.returncode == 0, run.stderr
    return out


@pytest.mark.parametrize("name", rapport.TABLES)
def test_dataframe_equals_the_cli_csv(name: str, cli_tables: pathlib.Path, in_root: pathlib.Path) -> None:
    frame = rapport.score(rapport.read_csv(SAMPLE), action_log=LOG).table(name)
    with open(cli_tables / f"{name}.csv", newline="", encoding="utf-8") as f:
        rows = list(csv.reader(f))
    assert rows[0] == list(frame.columns)
    assert len(rows) - 1 == len(frame) > 0
    for column_no, column in enumerate(frame.columns):
        dtype = frame[column].dtype
        for row_no, value in enumerate(frame[column].tolist()):
            cell = _unguard(rows[row_no + 1][column_no])
            if str(dtype) == "float64" and cell:
                assert float(cell) == value, (name, column, row_no)
            else:
                assert cell == _cell(value, dtype), (name, column, row_no, cell, value)


def test_methods_are_the_tables(in_root: pathlib.Path) -> None:
    report = rapport.score(rapport.read_csv(SAMPLE))
    pairs = [(report.participation(), "participation"), (report.dimensions(), "dimensions"), (report.items(), "items"),
             (report.gaps(), "gaps"), (report.reliability(), "reliability"), (report.changes(), "changes"),
             (report.trends(), "trends"), (report.trends(points=True), "trend_points"), (report.mirror(), "mirror"),
             (report.blind_spots(), "blind_spots"), (report.drivers(), "drivers"),
             (report.priorities(), "priorities"), (report.actions(), "actions")]
    assert [n for _, n in pairs] == list(rapport.TABLES)
    for frame, name in pairs:
        assert frame.equals(report.table(name)), name
    with pytest.raises(rapport.RapportError) as e:
        report.table("groups")
    assert e.value.code == "invalid_argument"


def test_dtypes_follow_the_core_types(in_root: pathlib.Path) -> None:
    report = rapport.score(rapport.read_csv(SAMPLE))
    native = report._native.table("items")
    frame = report.items()
    expected = {"int": "Int64", "bool": "boolean", "float": "float64", "int_list": "object", "text_list": "object"}
    for column, (kind, _) in native.items():
        want = expected.get(kind, str(pd.Series(["x"]).dtype))
        assert str(frame[column].dtype) == want, (column, kind)
    row = frame[(frame.level == "total") & (frame["item"] == "trust_1")].iloc[0]
    assert isinstance(row.distribution, list) and sum(row.distribution) == row.n
    cadence = frame[(frame.level == "total") & (frame["item"] == "meeting_cadence")].iloc[0]
    assert cadence.role == "cadence" and cadence.options == rapport.Instrument().choice_options("meeting_cadence")


def _privacy_reports(tmp_path: pathlib.Path) -> List[rapport.Report]:
    cases: List[Dict[str, Any]] = json.loads((ROOT / "tests/vectors/privacy.json").read_text(encoding="utf-8"))["cases"]
    reports = []
    for k, case in enumerate(cases):
        path = tmp_path / f"case{k}.csv"
        path.write_text(case["csv"], encoding="utf-8")
        options = case["options"]
        reports.append(rapport.score(rapport.read_csv(path), by=options["by"], min_group_size=options["min_group_size"]))
    return reports


NOT_FIGURES = {"segment_no", "population", "target", "rank", "priority_rank", "options", "reverse", "respondents"}


def test_hidden_rows_have_no_numbers(tmp_path: pathlib.Path) -> None:
    seen = set()
    for report in _privacy_reports(tmp_path):
        for name in rapport.TABLES:
            frame = report.table(name)
            if "status" not in frame:
                continue
            hidden = frame[frame.status == "suppressed"]
            if len(hidden) == 0:
                continue
            seen.add(name)
            assert hidden.suppression.notna().all(), name
            for column in frame.columns:
                dtype = str(frame[column].dtype)
                if column in NOT_FIGURES or dtype not in ("Int64", "float64", "boolean", "object"):
                    continue
                if dtype == "object" and column not in ("distribution", "weak_items"):
                    continue
                assert hidden[column].isna().all(), (name, column)
            if "group_status" in frame:
                hidden_groups = frame[frame.group_status == "suppressed"]
                assert (hidden_groups.status == "suppressed").all() and hidden_groups.respondents.isna().all(), name
    assert {"participation", "dimensions", "items", "reliability", "trend_points", "drivers"} <= seen
