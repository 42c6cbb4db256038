"""The analytics tables (changes, trends, mirror, blind spots, drivers,
priorities, actions) lay out the core's figures: they equal the report JSON
and the command line's, and never show a group under the minimum size."""

from __future__ import annotations

import json
import math
from pathlib import Path

import pandas as pd

import rapport
from conftest import run_cli

SAMPLE = "examples/data/responses.csv"
LOG = "examples/data/action-log.json"


def _report(**kw: object) -> rapport.Report:
    return rapport.score(rapport.read_csv(SAMPLE), **kw)  # type: ignore[arg-type]


def test_tables_equal_the_cli_json(in_root: Path) -> None:
    out = run_cli("report", SAMPLE, "--format", "json", "--actions", LOG, "-q")
    assert out.returncode == 0, out.stderr
    cli = json.loads(out.stdout)
    report = _report(action_log=LOG)
    latest = cli["waves"][-1]

    d = report.drivers()
    for ds in latest["drivers"]:
        for x in ds["dimensions"]:
            side = ds["key"].get("side") if ds.get("key") else None
            same_side = d.side.isna() if side is None else (d.side == side)
            row = d[(d.wave == latest["wave"]) & (d.level == ds["level"]) & same_side & (d.dimension == x["dimension"])].iloc[0]
            assert row.r == x["correlation"]["r"] and row.share == x["share"]

    t = report.trends()
    for tr in cli["trends"]:
        kind, mid = tr["measure"]["kind"], tr["measure"].get("id") or "index"
        same = (t.level == tr["level"].replace("×", "+")) & (t.kind == kind) & (t.measure == mid)
        for field in ("side", "department"):
            v = tr["key"].get(field)
            same &= t[field].isna() if v is None else (t[field] == v)
        rows = t[same]
        assert len(rows) == len(tr["segments"])
        seg = tr["segments"][-1]
        if seg.get("mann_kendall"):
            assert rows.iloc[-1].mk_p == seg["mann_kendall"]["p"]
        assert rows.iloc[-1].direction == seg["direction"]

    a = report.actions()
    assert a[a.origin == "suggested"]["action"].tolist() == [x["action"] for x in latest["actions"]]
    logged = a[a.origin == "logged"]
    assert len(logged) == sum(len(f["rows"]) for f in cli["action_log"])
    first = cli["action_log"][0]["rows"][0]["comparison"]
    assert logged.iloc[0].before == first["before"] and logged.iloc[0].verdict == first["verdict"]

    c = report.changes()
    assert len(c) == sum(len(w["changes"]) for w in cli["waves"])
    b = report.blind_spots()
    assert b[b.wave == latest["wave"]]["message"].tolist() == [x["message"] for x in latest["mirror"]["accuracy"]]


def test_no_trend_point_or_change_for_a_small_group(in_root: Path) -> None:
    report = _report()
    points = report.trends(points=True)
    hidden = points[points.status == "suppressed"]
    assert len(hidden) > 0, "HR and Legal are under 5 in the sample"
    assert hidden["score"].isna().all() and hidden["n"].isna().all()
    shown = points[points.score.notna()]
    assert (shown.n >= 5).all()
    # Changes exist only between shown groups.
    dims = report.dimensions()
    group = lambda r: (r.level, str(r.side), str(r.department))  # noqa: E731
    suppressed = set(dims[dims.status == "suppressed"].apply(lambda r: (r.wave, *group(r)), axis=1))
    for _, row in report.changes().iterrows():
        assert (row.wave, *group(row)) not in suppressed and (row.previous_wave, *group(row)) not in suppressed


def test_action_log_as_a_list_and_its_errors(in_root: Path) -> None:
    report = _report(action_log=[{"action": "joint_goal_setting", "owner": "business", "started": "2025-10", "target": 99}])
    a = report.actions()
    logged = a[a.origin == "logged"]
    assert set(zip(logged.level, logged.side.fillna("-"))) == {("total", "-"), ("side", "it"), ("side", "business")}
    assert not logged.target_met.any()
    try:
        _report(action_log=[{"action": "joint_goal_setting", "owner": "cio", "started": "2025-10"}])
    except rapport.RapportError as e:
        assert e.code == "invalid_action_log"
    else:
        raise AssertionError("a bad owner must be an error")


def test_frames_have_real_dtypes(in_root: Path) -> None:
    report = _report()
    for frame, col in ((report.trends(), "mk_p"), (report.drivers(), "share"), (report.mirror(), "gap"),
                       (report.priorities(), "importance"), (report.changes(), "p")):
        assert isinstance(frame, pd.DataFrame) and frame[col].dtype == "float64"
        assert not any(isinstance(v, float) and math.isnan(v) for v in frame[col].dropna())
