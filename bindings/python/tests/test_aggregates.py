"""Saved aggregates in Python: parts of the bundled sample (as DataFrames and
as CSV files) merged in every order give, byte for byte, the report of the
whole data; the bytes are the command line's `.agg` bytes; merging refuses
another instrument, other aggregation options and a shared respondent."""

from __future__ import annotations

import itertools
import json
import pathlib
import pickle

import pandas as pd
import pytest

import rapport
from conftest import run_cli

SAMPLE = "examples/data/responses.csv"


@pytest.fixture
def data(in_root: pathlib.Path) -> pd.DataFrame:
    return pd.read_csv(SAMPLE, dtype={"respondent": str}, keep_default_na=False, na_values=[""])


def thirds(data: pd.DataFrame) -> list[pd.DataFrame]:
    # Rows of one wave fall into different parts: cells are split.
    return [data.iloc[i::3] for i in range(3)]


def test_parts_in_every_order_and_grouping_give_the_whole_report(data: pd.DataFrame) -> None:
    whole = rapport.score(rapport.read_csv(SAMPLE)).to_json()
    parts = [rapport.aggregate(p) for p in thirds(data)]
    for order in itertools.permutations(parts):
        a, b, c = order
        assert rapport.report(list(order)).to_json() == whole
        assert rapport.report((a + b) + c).to_json() == whole
        assert rapport.report(a + (b + c)).to_json() == whole
    assert sum(parts).report().to_json() == whole  # type: ignore[union-attr]
    assert sum(parts).respondents == len(data)  # type: ignore[union-attr]


def test_bytes_round_trip_pickle_and_match_the_command_line(in_root: pathlib.Path, tmp_path: pathlib.Path) -> None:
    agg = rapport.aggregate(SAMPLE)
    data = agg.to_bytes()
    back = rapport.Aggregates.from_bytes(data)
    assert back.to_bytes() == data
    assert pickle.loads(pickle.dumps(agg)).to_bytes() == data
    out = tmp_path / "all.agg"
    cli = run_cli("aggregate", SAMPLE, "-o", str(out), "--quiet")
    assert cli.returncode == 0, cli.stderr
    assert out.read_bytes() == data
    # And the command line reports saved Python aggregates as its own.
    py_file = tmp_path / "py.agg"
    py_file.write_bytes(data)
    cli = run_cli("report", "--aggregates", str(py_file), "--format", "json")
    assert cli.returncode == 0, cli.stderr
    assert cli.stdout.strip() == agg.report().to_json().strip()


def test_report_options_change_and_aggregation_options_do_not(data: pd.DataFrame) -> None:
    agg = rapport.aggregate(data, by=["side", "role"])
    assert agg.options["by"] == ["side", "role"]
    got = rapport.report(agg, min_group=8, confidence=0.9).to_json()
    assert got == rapport.score(data, by=["side", "role"], min_group_size=8, confidence=0.9).to_json()
    with pytest.raises(rapport.DocumentError) as e:
        rapport.report(agg, by=["side"])
    assert e.value.code == "invalid_aggregates"
    assert 'built with by = ["side","role"] (the report asks for ["side"])' in str(e.value)


def test_a_by_field_the_data_lacks_is_refused_at_report_as_on_the_command_line(
    data: pd.DataFrame, tmp_path: pathlib.Path
) -> None:
    # Aggregated with the default by (side, department), not named, from data
    # without departments: naming it at report time checks it, as the CLI does.
    agg = rapport.aggregate(data.drop(columns=["department"]))
    assert rapport.report(agg).waves  # not named: no check
    with pytest.raises(rapport.OptionsError) as e:
        rapport.report(agg, by=["side", "department"])
    assert e.value.code == "invalid_option"
    saved = tmp_path / "no-department.agg"
    saved.write_bytes(agg.to_bytes())
    cli = run_cli("report", "--aggregates", str(saved), "--by", "side,department", "--format", "json")
    assert cli.returncode != 0
    assert str(e.value) in cli.stderr, (str(e.value), cli.stderr)


def test_mismatched_parts_are_refused(data: pd.DataFrame) -> None:
    first, second = data.iloc[:600], data.iloc[500:]
    with pytest.raises(rapport.DocumentError) as e:
        rapport.aggregate(first).merge(rapport.aggregate(second))
    assert e.value.code == "invalid_aggregates"
    assert str(e.value).startswith("part 2: 100 respondents answered the same wave")
    with pytest.raises(rapport.DocumentError) as e:
        rapport.aggregate(first, by="side") + rapport.aggregate(data.iloc[600:])
    assert "by = " in str(e.value)
    definition = json.loads(rapport.Instrument.default().to_json())
    definition["version"] = "9.9.9"
    mine = rapport.Instrument.from_json(json.dumps(definition))
    other = rapport.aggregate(rapport.Responses.from_pandas(data.iloc[600:], instrument=mine))
    with pytest.raises(rapport.DocumentError) as e:
        rapport.aggregate(first).merge(other)
    assert "built with instrument" in str(e.value) and "9.9.9" in str(e.value)
    with pytest.raises(TypeError):
        rapport.aggregate(first).merge(first)  # type: ignore[arg-type]


def test_damaged_bytes_are_located(data: pd.DataFrame) -> None:
    good = rapport.aggregate(data.iloc[:50]).to_bytes()
    with pytest.raises(rapport.DocumentError) as e:
        rapport.Aggregates.from_bytes(good[:-3], name="cut.agg")
    assert str(e.value).startswith("cut.agg, byte ") and "checksum" in str(e.value)


def test_the_shared_vector_is_what_aggregate_makes(root: pathlib.Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(root / "tests" / "vectors")
    assert rapport.aggregate("aggregates.csv").to_bytes() == (root / "tests" / "vectors" / "aggregates.agg").read_bytes()
