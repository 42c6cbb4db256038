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
             (report.distributions(), "distributions"), (report.gaps(), "gaps"), (report.reliability(), "reliability"),
             (report.reliability_items(), "reliability_items"), (report.changes(), "changes"),
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
    expected = {"int": "Int64", "bool": "boolean", "float": "float64", "text": "string", "wave": "category"}
    for name in rapport.TABLES:
        frame = report.table(name)
        for column, (kind, _) in report._native.table(name).items():
            assert str(frame[column].dtype) == expected[kind], (name, column, kind)
            if kind == "wave":
                assert frame[column].cat.ordered and list(frame[column].cat.categories) == report.waves, column
            # No lists in cells, and one kind of missing value per dtype.
            assert not frame[column].map(lambda v: isinstance(v, list)).any(), (name, column)
            missing = frame[column][frame[column].isna()]
            if kind in ("int", "bool", "text"):
                assert all(v is pd.NA for v in missing.tolist()), (name, column)
            elif kind == "float":
                assert all(isinstance(v, float) and math.isnan(v) for v in missing.tolist()), (name, column)
    # Wave order is the report's, not the labels' alphabetical order.
    changes = report.changes()
    assert (changes.wave > changes.previous_wave).all()
    assert changes.sort_values("wave").wave.iloc[-1] == report.latest_wave


def _privacy_reports(tmp_path: pathlib.Path) -> List[rapport.Report]:
    cases: List[Dict[str, Any]] = json.loads((ROOT / "tests/vectors/privacy.json").read_text(encoding="utf-8"))["cases"]
    reports = []
    for k, case in enumerate(cases):
        path = tmp_path / f"case{k}.csv"
        path.write_text(case["csv"], encoding="utf-8")
        options = case["options"]
        reports.append(rapport.score(rapport.read_csv(path), by=options["by"], min_group_size=options["min_group_size"]))
    return reports


NOT_FIGURES = {"segment_no", "population", "target", "rank", "priority_rank", "reverse", "respondents"}


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
                if column in NOT_FIGURES or dtype not in ("Int64", "float64", "boolean"):
                    continue
                assert hidden[column].isna().all(), (name, column)
            if "group_status" in frame:
                hidden_groups = frame[frame.group_status == "suppressed"]
                assert (hidden_groups.status == "suppressed").all() and hidden_groups.respondents.isna().all(), name
    assert {"participation", "dimensions", "items", "reliability", "trend_points", "drivers"} <= seen


def test_distributions_are_one_row_per_answer_counted_by_hand(tmp_path: pathlib.Path) -> None:
    # trust_1 answered 1, 2, 2, 4, 5, 5 on a five-point scale: 1, 2, 0, 1, 2.
    path = tmp_path / "six.csv"
    rows = [("r1", "it", 1), ("r2", "it", 2), ("r3", "it", 2), ("r4", "business", 4), ("r5", "business", 5),
            ("r6", "business", 5)]
    path.write_text("respondent,side,wave,trust_1\n" + "".join(f"{r},{s},2026-01,{v}\n" for r, s, v in rows))
    report = rapport.score(rapport.read_csv(path), by=["side"], min_group_size=3)
    d = report.distributions()
    total = d[(d.level == "total") & (d["item"] == "trust_1")]
    assert total[["point", "count"]].values.tolist() == [[1, 1], [2, 2], [3, 0], [4, 1], [5, 2]]
    it = d[(d.side == "it") & (d["item"] == "trust_1")]
    assert it["count"].tolist() == [1, 2, 0, 0, 0]
    assert total["option"].isna().all()


def test_gaps_are_long_with_the_mirrors_interval(in_root: pathlib.Path) -> None:
    report = rapport.score(rapport.read_csv(SAMPLE))
    gaps, mirror = report.gaps(), report.mirror()
    merged = gaps.merge(mirror[mirror.kind != "item"], on=["wave", "kind", "measure"], suffixes=("", "_m"))
    assert len(merged) == len(gaps) > 0
    assert (merged.gap == merged.gap_m).all() and (merged.ci_low == merged.ci_low_m).all()
    assert (merged.ci_high == merged.ci_high_m).all() and (merged.clear == merged.clear_m).all()
    # The gap is the difference of the sides' own scores.
    d = report.dimensions()
    sides = d[d.level == "side"].pivot(index=["wave", "measure"], columns="side", values="score")
    for row in gaps.itertuples():
        assert abs(row.gap - (sides.loc[(row.wave, row.measure), "it"] - sides.loc[(row.wave, row.measure), "business"])) < 1e-9


def test_one_concept_one_column_name(in_root: pathlib.Path) -> None:
    report = rapport.score(rapport.read_csv(SAMPLE), action_log=LOG)
    for name in rapport.TABLES:
        frame = report.table(name)
        assert "group" not in frame and "respondents_label" not in frame, name
        if "measure" in frame:
            assert "kind" in frame, name
        if "dimension" in frame:
            assert not (frame.dimension == "index").any(), name
        if "level" in frame:
            assert frame.level.dropna().map(str.isascii).all(), name
    levels = set(report.dimensions().level)
    assert levels == {"total", "side", "department", "side+department"}
