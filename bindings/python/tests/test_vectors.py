"""The language-neutral reference vectors, through the Python package.

`tests/vectors/scores.json` and `reliability.json` were generated offline by
`scripts/reference/make_vectors.py` (numpy, scipy, pandas, pingouin; versions
beside every value) from `tests/data/reference.csv`. The Rust tests
(`crates/rapport/tests/score_vectors.rs`, `reliability_vectors.rs`) check the
core against them; here the same CSV goes through `rapport.read_csv` →
`rapport.score` → the report, and every figure the report shows is compared
with the same tolerance (1e-9 relative to max(1, |expected|)). Groups and
figures hidden to protect a small group are skipped, as in Rust (every
reference group has n >= 5; the one reason every hidden figure carries is
"protected").
"""

from __future__ import annotations

import json
import math
import pathlib
from typing import Any, Dict, Iterator, Optional, Tuple

import pytest

import rapport

ROOT = pathlib.Path(__file__).resolve().parents[3]
TOL = 1e-9
REFERENCE_CSV = ROOT / "tests/data/reference.csv"


def load(name: str) -> Dict[str, Any]:
    with open(ROOT / "tests/vectors" / name, encoding="utf-8") as f:
        data: Dict[str, Any] = json.load(f)
    return data


def close(what: str, got: Optional[float], want: float) -> None:
    assert got is not None, f"{what}: missing, expected {want}"
    assert abs(got - want) <= TOL * max(1.0, abs(want)), f"{what}: got {got!r}, expected {want!r}"


def value(entry: Dict[str, Any]) -> Any:
    return entry["value"]


def report(**options: Any) -> Dict[str, Any]:
    responses = rapport.read_csv(REFERENCE_CSV)
    return rapport.score(responses, **options).to_dict()


def find(rep: Dict[str, Any], wave: str, side: Optional[str], department: Optional[str]) -> Dict[str, Any]:
    w = next(w for w in rep["waves"] if w["wave"] == wave)
    for g in w["groups"]:
        key = g["key"]
        if side is None and department is None and g["level"] == "total":
            return g
        if department is None and g["level"] == "side" and key.get("side") == side:
            return g
        if department is not None and len(key) == 2 and key.get("side") == side and key.get("department") == department:
            return g
    raise AssertionError(f"group {wave}/{side}/{department} missing from the report")


def complementary(figures: Dict[str, Any]) -> bool:
    return (figures.get("suppression") or {}).get("reason") == "protected"


@pytest.fixture(scope="module")
def scores() -> Dict[str, Any]:
    return load("scores.json")


@pytest.fixture(scope="module")
def reports() -> Tuple[Dict[str, Any], Dict[str, Any]]:
    by = ["side", "department"]
    return (
        report(by=by, min_group_size=5, favourable_basis="answers"),
        report(by=by, min_group_size=5, favourable_basis="respondents"),
    )


def test_reference_input_is_the_one_the_vectors_were_made_from(scores: Dict[str, Any]) -> None:
    import hashlib

    assert hashlib.sha256(REFERENCE_CSV.read_bytes()).hexdigest() == scores["input_sha256"]


def test_every_score_matches_the_reference(scores: Dict[str, Any], reports: Tuple[Dict[str, Any], Dict[str, Any]]) -> None:
    rep, rep_resp = reports
    compared = hidden = hidden_figures = 0
    for g in scores["groups"]:
        name = f"{g['wave']}/{g['side']}/{g['department']}"
        gr = find(rep, g["wave"], g["side"], g["department"])
        if gr["status"] == "suppressed":
            assert complementary(gr), name
            hidden += 1
            continue
        compared += 1
        assert gr["respondents"] == value(g["respondents"]), name
        items = {i["item"]: i for i in gr["items"]}
        for item_id, e in g["items"].items():
            it = items[item_id]
            w = f"{name} {item_id}"
            if it["status"] == "suppressed":
                assert complementary(it), w
                hidden_figures += 1
                continue
            assert it["n"] == value(e["n"]), w
            assert it["missing"] == value(e["missing"]), w
            assert it["not_applicable"] == value(e["not_applicable"]), w
            assert it["distribution"] == value(e["distribution"]), w
            close(f"{w} mean", it["mean"], value(e["mean_raw"]))
            close(f"{w} sd", it["sd"], value(e["sd"]))
            close(f"{w} score", it["score"], (value(e["mean_keyed"]) - 1.0) / 4.0 * 100.0)
            close(f"{w} favourable", it["favourable_pct"], value(e["favourable_pct"]))
            close(f"{w} unfavourable", it["unfavourable_pct"], value(e["unfavourable_pct"]))
        gr_resp = find(rep_resp, g["wave"], g["side"], g["department"])
        dims = {d["dimension"]: d for d in gr["dimensions"]}
        dims_resp = {d["dimension"]: d for d in gr_resp["dimensions"]}
        for dim, e in g["dimensions"].items():
            d = dims[dim]
            w = f"{name} {dim}"
            if d["status"] == "suppressed":
                assert complementary(d), w
                hidden_figures += 1
                continue
            assert d["n"] == value(e["n"]), w
            close(f"{w} score", d["score"], value(e["mean"]))
            close(f"{w} sd", d["sd"], value(e["sd"]))
            close(f"{w} ci_low", d["ci"]["low"], value(e["ci_low"]))
            close(f"{w} ci_high", d["ci"]["high"], value(e["ci_high"]))
            close(f"{w} favourable (answers)", d["favourable_pct"], value(e["favourable_pct_answers"]))
            close(f"{w} favourable (respondents)", dims_resp[dim]["favourable_pct"], value(e["favourable_pct_respondents"]))
            assert dims_resp[dim]["score"] == d["score"], f"{w}: the basis must not change the score"
        idx = gr["index"]
        e = g["index"]
        if idx["status"] == "suppressed":
            hidden_figures += 1
            continue
        assert idx["n"] == value(e["n"]), name
        close(f"{name} index", idx["score"], value(e["mean"]))
        close(f"{name} index sd", idx["sd"], value(e["sd"]))
        close(f"{name} index ci_low", idx["ci"]["low"], value(e["ci_low"]))
        close(f"{name} index ci_high", idx["ci"]["high"], value(e["ci_high"]))
        outcomes = {o["item"]: o for o in gr["outcomes"]}
        for item_id in ("overall_rating", "mirror_rating"):
            o, e = outcomes[item_id], g["outcomes"][item_id]
            if o["status"] == "suppressed":
                hidden_figures += 1
                continue
            assert (o["n"], o["missing"]) == (value(e["n"]), value(e["missing"])), f"{name} {item_id}"
            close(f"{name} {item_id} mean", o["mean"], value(e["mean"]))
            close(f"{name} {item_id} sd", o["sd"], value(e["sd"]))
            assert o["distribution"] == value(e["distribution"]), f"{name} {item_id}"
        o, e = outcomes["meeting_cadence"], g["outcomes"]["meeting_cadence"]
        if o["status"] == "suppressed":
            hidden_figures += 1
            continue
        for k, opt in enumerate(o["options"]):
            assert o["distribution"][k] == value(e[opt]), f"{name} cadence {opt}"
        assert o["missing"] == value(e["missing"]), f"{name} cadence missing"
    # As in the Rust test: nearly every reference group is compared.
    assert compared >= len(scores["groups"]) - 3 and hidden <= 3, (compared, hidden)
    assert hidden_figures <= 12, hidden_figures


def test_the_same_figures_as_tidy_tables(scores: Dict[str, Any]) -> None:
    """The DataFrames carry the report's figures: spot-check against the vectors."""
    rep = rapport.score(rapport.read_csv(REFERENCE_CSV), by=["side", "department"], min_group_size=5)
    dims = rep.dimensions()
    items = rep.items()
    for g in scores["groups"]:
        if g["side"] is not None:
            continue
        total = dims[(dims.wave == g["wave"]) & (dims.level == "total")].set_index("measure")
        close(f"{g['wave']} index", float(total.loc["index", "score"]), value(g["index"]["mean"]))
        for dim, e in g["dimensions"].items():
            close(f"{g['wave']} {dim}", float(total.loc[dim, "score"]), value(e["mean"]))
            assert int(total.loc[dim, "n"]) == value(e["n"])
        it = items[(items.wave == g["wave"]) & (items.level == "total")].set_index("item")
        for item_id, e in g["items"].items():
            close(f"{g['wave']} {item_id}", float(it.loc[item_id, "mean"]), value(e["mean_raw"]))


def reliability_groups(rep: Dict[str, Any]) -> Iterator[Tuple[str, Optional[str], Dict[str, Any]]]:
    for w in rep["waves"]:
        for g in w["groups"]:
            if g["level"] == "total":
                yield w["wave"], None, g
            elif g["level"] == "side":
                yield w["wave"], g["key"]["side"], g


@pytest.mark.parametrize("deletion", ["listwise", "pairwise"])
def test_reliability_matches_numpy_and_pingouin(deletion: str) -> None:
    v = load("reliability.json")
    rep = report(by=["side"], reliability_deletion=deletion, reliability_min_n=10)
    groups = {(w, s): g for w, s, g in reliability_groups(rep)}
    assert len(v["groups"]) == 9
    checked = 0
    for vg in v["groups"]:
        g = groups[(vg["wave"], vg["side"])]
        assert g["status"] == "shown"
        rel = {r["dimension"]: r for r in g["reliability"]}
        for dim, e in vg["dimensions"].items():
            r, ref = rel[dim], e[deletion]
            what = f"{vg['wave']}/{vg['side']} {dim} {deletion}"
            assert r["status"] == "estimated" and r["deletion"] == deletion, what
            assert r["n"] == value(ref["n"]) and r["k"] == 4, what
            close(f"{what} alpha", r["alpha"], value(ref["alpha"]))
            close(f"{what} ci_low", r["ci_low"], value(ref["ci"])[0])
            close(f"{what} ci_high", r["ci_high"], value(ref["ci"])[1])
            for ours, theirs in zip((r["ci_low"], r["ci_high"]), ref["ci"]["pingouin_rounded"]):
                assert abs(ours - theirs) <= 0.0005 + 1e-12, f"{what} rounded ci"
            if deletion == "listwise":
                close(f"{what} alpha (pingouin)", r["alpha"], value(ref["alpha_pingouin"]))
                close(f"{what} standardized", r["alpha_standardized"], value(ref["alpha_standardized"]))
                for item in r["items"]:
                    aid = value(ref["alpha_if_deleted"][item["item"]])
                    irc = value(ref["item_rest_correlation"][item["item"]])
                    close(f"{what} {item['item']} alpha if deleted", item["alpha_if_deleted"], aid)
                    close(f"{what} {item['item']} item-rest r", item["item_rest_correlation"], irc)
                    want = []
                    if irc < 0.30:
                        want.append("low_item_rest_correlation")
                    if aid > value(ref["alpha"]):
                        want.append("alpha_rises_if_deleted")
                    assert item["weak_reasons"] == want, what
                    assert item["weak"] == bool(want)
            checked += 1
    assert checked == 9 * 4


EDGE_INSTRUMENT = {
    "schema_version": 1,
    "id": "edge",
    "version": "1",
    "name": "Edge cases",
    "counterparts": {"it": "them", "business": "them"},
    "scales": {"agreement": {"min": 1, "max": 5}},
    "dimensions": [{"id": "d", "name": "D"}],
    "items": [{"id": f"i{k}", "dimension": "d", "scale": "agreement", "text": "x"} for k in (1, 2, 3)],
    "bands": [{"id": "all", "label": "All", "from": 0, "to": 100}],
}


@pytest.mark.parametrize("case", ["all_constant", "clean_6x3", "constant_item"])
def test_reliability_edge_cases_match_pingouin(case: str) -> None:
    """The edge cases with at least 3 rows (the smallest group a report may show)."""
    import numpy as np

    c = load("reliability.json")["edge_cases"][case]
    inst = rapport.Instrument.from_json(json.dumps(EDGE_INSTRUMENT))
    rows = np.asarray(c["data"], dtype=float)
    n = len(rows)
    responses = rapport.Responses.from_numpy(
        rows, ["i1", "i2", "i3"], side=["it"] * n, wave=["w"] * n, respondent=[f"r{k}" for k in range(n)], instrument=inst
    )
    for deletion in ("listwise", "pairwise"):
        rel = rapport.score(responses, by=[], min_group_size=3, reliability_min_n=3, reliability_deletion=deletion).reliability()
        row = rel[rel.level == "total"].iloc[0]
        want = value(c["alpha"])
        if want is None:
            assert (row.status, row.reason) == ("not_estimable", c["alpha"]["reason"]), deletion
            continue
        assert row.status == "estimated" and int(row.n) == n
        close(f"{case} alpha", float(row.alpha), want)
        if "ci" in c:
            close(f"{case} ci_low", float(row.ci_low), value(c["ci"])[0])
            close(f"{case} ci_high", float(row.ci_high), value(c["ci"])[1])
        if "alpha_standardized" in c:
            assert value(c["alpha_standardized"]) is None and math.isnan(row.alpha_standardized)
