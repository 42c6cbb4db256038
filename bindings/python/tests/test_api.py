"""The Python API: the same numbers as the command line, every input path
agreeing, located errors, lenient mode, privacy in the tables, pickling,
and the GIL released while the core works."""

from __future__ import annotations

import inspect
import json
import pickle
import re
import threading
import typing
import time
from pathlib import Path
from typing import Any, Dict

import numpy as np
import pandas as pd
import pytest

import rapport
from conftest import ROOT, run_cli

SAMPLE_CSV = "examples/data/responses.csv"


def without_source(report: Dict[str, Any]) -> Dict[str, Any]:
    """A report dict without what legitimately differs between input paths:
    the intake's per-source file name and format (counts stay)."""
    out = dict(report)
    out["intake"] = {k: v for k, v in report["intake"].items() if k != "sources"}
    out["intake"]["sources"] = [
        {k: v for k, v in s.items() if k not in ("file", "format")} for s in report["intake"]["sources"]
    ]
    return out


@pytest.fixture(scope="module")
def csv_report() -> rapport.Report:
    return rapport.score(rapport.read_csv(ROOT / SAMPLE_CSV))


# ---- the same numbers as the command line -----------------------------------------------


def test_report_json_equals_the_cli_value_for_value(in_root: Path) -> None:
    cli = run_cli("report", SAMPLE_CSV, "--format", "json")
    assert cli.returncode == 0, cli.stderr
    ours = json.loads(rapport.score(rapport.read_csv(SAMPLE_CSV)).to_json())
    theirs = json.loads(cli.stdout)
    # The generator names the program; both are the core's version.
    assert ours.pop("generator").split()[-1] == theirs.pop("generator").split()[-1]
    # No per-file counts in a report, on any surface.
    assert ours["intake"]["sources"] == theirs["intake"]["sources"] == []
    assert ours == theirs
    # Exactly equal floats, not merely close: the same core, the same order of operations.
    assert rapport.score(rapport.read_csv(SAMPLE_CSV)).to_json().splitlines()[2:] == cli.stdout.splitlines()[2:]


def test_options_reach_the_core_like_cli_flags(in_root: Path) -> None:
    cli = run_cli(
        "report", SAMPLE_CSV, "--format", "json", "--by", "side,role", "--min-group", "8",
        "--favourable", "respondents", "--deletion", "pairwise",
    )
    assert cli.returncode == 0, cli.stderr
    ours = rapport.score(
        rapport.read_csv(SAMPLE_CSV), by=["side", "role"], min_group_size=8,
        favourable_basis="respondents", reliability_deletion="pairwise",
    ).to_dict()
    theirs = json.loads(cli.stdout)
    ours.pop("generator"), theirs.pop("generator")
    assert ours == theirs


def test_sample_matches_the_cli_generator(tmp_path: Path) -> None:
    out = tmp_path / "s.csv"
    cli = run_cli("sample", "--seed", "3", "--waves", "3", "-o", str(out))
    assert cli.returncode == 0, cli.stderr
    from_cli = pd.read_csv(out, keep_default_na=False, na_values=[""], dtype=str)
    ours = rapport.sample(seed=3, waves=3)
    assert list(ours.columns) == list(from_cli.columns)
    assert len(ours) == len(from_cli)
    as_text = ours.astype(object).apply(lambda col: col.map(lambda x: "" if pd.isna(x) else rapport._label(x)))
    assert (as_text.to_numpy() == from_cli.fillna("").to_numpy()).all()
    a = rapport.score(rapport.read_csv(out)).to_dict()
    b = rapport.score(rapport.Responses.from_pandas(ours)).to_dict()
    assert without_source(a) == without_source(b)


# ---- every input path gives the same report ---------------------------------------------


def test_from_pandas_equals_read_csv(csv_report: rapport.Report) -> None:
    df = pd.read_csv(ROOT / SAMPLE_CSV, keep_default_na=False, na_values=[""])
    responses = rapport.Responses.from_pandas(df)
    assert len(responses) == len(df) == 1269
    assert without_source(rapport.score(responses).to_dict()) == without_source(csv_report.to_dict())
    assert responses.intake["sources"][0]["format"] == "columnar"


def test_numeric_columns_with_a_not_applicable_mask_equal_read_csv(csv_report: rapport.Report) -> None:
    df = pd.read_csv(ROOT / SAMPLE_CSV, keep_default_na=False, na_values=[""])
    items = rapport.Instrument().items
    mask = df[items] == "N/A"
    numeric = df.copy()
    numeric[items] = df[items].replace("N/A", np.nan).astype(float)
    responses = rapport.Responses.from_pandas(numeric, not_applicable=mask)
    assert without_source(rapport.score(responses).to_dict()) == without_source(csv_report.to_dict())
    # Categorical role columns (cheap in pandas) give the same too.
    categorical = numeric.astype({"side": "category", "wave": "category", "department": "category"})
    responses = rapport.Responses.from_pandas(categorical, not_applicable=mask)
    assert without_source(rapport.score(responses).to_dict()) == without_source(csv_report.to_dict())


def test_from_numpy_equals_read_csv(csv_report: rapport.Report) -> None:
    df = pd.read_csv(ROOT / SAMPLE_CSV, keep_default_na=False, na_values=[""])
    inst = rapport.Instrument()
    columns = inst.columns
    options = inst.choice_options("meeting_cadence")
    assert options is not None
    answers = df[columns].replace("N/A", np.nan)
    answers["meeting_cadence"] = answers["meeting_cadence"].map({o: k for k, o in enumerate(options)})
    responses = rapport.Responses.from_numpy(
        answers.to_numpy(dtype=float),
        columns,
        side=df["side"].to_numpy(),
        wave=df["wave"].to_numpy(),
        respondent=df["respondent"].to_numpy(),
        segments={"department": df["department"], "role": df["role"]},
        not_applicable=(df[columns] == "N/A").to_numpy(),
    )
    assert without_source(rapport.score(responses).to_dict()) == without_source(csv_report.to_dict())


def test_answers_in_any_memory_order_give_the_same_report() -> None:
    """Row-major, column-major (what pandas hands out) and strided answer
    arrays and masks are copied into the same rows."""
    df = pd.read_csv(ROOT / SAMPLE_CSV, keep_default_na=False, na_values=[""])
    items = rapport.Instrument().items
    answers = df[items].replace("N/A", np.nan).to_numpy(dtype=float)
    mask = (df[items] == "N/A").to_numpy()
    roles = dict(side=df["side"], wave=df["wave"], respondent=df["respondent"])

    def report(values: np.ndarray, not_applicable: np.ndarray) -> Dict[str, Any]:
        responses = rapport.Responses.from_numpy(values, items, not_applicable=not_applicable, **roles)
        return rapport.score(responses, by=["side"]).to_dict()

    expected = report(np.ascontiguousarray(answers), np.ascontiguousarray(mask))
    fortran = (np.asfortranarray(answers), np.asfortranarray(mask))
    assert fortran[0].flags.f_contiguous and not fortran[0].flags.c_contiguous
    assert report(*fortran) == expected
    wide = np.repeat(answers, 2, axis=1)[:, ::2]  # every other column: strided
    wide_mask = np.repeat(mask, 2, axis=1)[:, ::2]
    assert not wide.flags.c_contiguous and not wide.flags.f_contiguous
    assert report(wide, wide_mask) == expected
    assert report(np.asfortranarray(answers), wide_mask) == expected


def test_from_records_equals_read_csv(csv_report: rapport.Report) -> None:
    df = pd.read_csv(ROOT / SAMPLE_CSV, keep_default_na=False, na_values=[""], dtype=str).fillna("")
    inst = rapport.Instrument()
    records = []
    for row in df.to_dict("records"):
        answers: Dict[str, Any] = {}
        for c in inst.columns:
            v = row[c]
            answers[c] = None if v == "" else "na" if v == "N/A" else v if c == "meeting_cadence" else int(v)
        records.append(
            {
                "respondent": row["respondent"], "side": row["side"], "wave": row["wave"],
                "segments": {"department": row["department"], "role": row["role"]}, "answers": answers,
            }
        )
    report = rapport.score(rapport.Responses.from_records(records))
    assert without_source(report.to_dict()) == without_source(csv_report.to_dict())


def test_score_accepts_a_dataframe_and_the_min_group_alias() -> None:
    df = rapport.sample(waves=2)
    a = rapport.score(df, min_group=7).to_dict()
    b = rapport.score(rapport.Responses.from_pandas(df), min_group_size=7).to_dict()
    assert a == b and a["options"]["min_group_size"] == 7
    with pytest.raises(rapport.RapportError) as e:
        rapport.score(df, min_group=7, min_group_size=8)
    assert e.value.code == "invalid_option"


def test_score_keywords_are_the_core_options() -> None:
    """The typed keywords of ``score`` (and :class:`rapport.ScoreOptions`) are
    exactly the core's option names and short names, and each ``Literal``
    lists exactly the values the core reads."""
    core = set(rapport._rapport.SCORE_OPTION_NAMES) | set(rapport._rapport.SCORE_OPTION_ALIASES)
    assert {"by", "min_group_size", "min_group", "confidence", "top_actions"} <= core
    params = inspect.signature(rapport.score).parameters
    named = {n for n, p in params.items() if p.kind in (p.POSITIONAL_OR_KEYWORD, p.KEYWORD_ONLY)}
    assert params["options"].kind is inspect.Parameter.VAR_KEYWORD
    assert "Unpack[_Options]" in str(params["options"].annotation)
    assert (named - {"responses", "action_log"}) | set(typing.get_type_hints(rapport._Options)) == core
    hints = typing.get_type_hints(rapport.ScoreOptions)
    assert set(hints) == core
    assert rapport.SCORE_OPTIONS == tuple(rapport._rapport.SCORE_OPTION_NAMES)
    assert tuple(json.loads(rapport._rapport.SCORE_OPTION_DEFAULTS)) == rapport.SCORE_OPTIONS
    df = rapport.sample(waves=1)
    literals = 0
    for name, hint in hints.items():
        for arg in typing.get_args(hint):
            if typing.get_origin(arg) is not typing.Literal:
                continue
            literals += 1
            values = set(typing.get_args(arg))
            for value in values:
                assert rapport.score(df, **{name: value}).to_dict()["options"][name] == value
            with pytest.raises(rapport.OptionsError) as e:
                rapport.score(df, **{name: "no_such_value"})
            expected = str(e.value).split("expected ", 1)[1].split(", found", 1)[0]
            assert set(re.findall(r"`(\w+)`", expected)) == values, (name, str(e.value))
    assert literals == 3


def test_options_pass_through_to_the_core() -> None:
    df = rapport.sample(waves=2)
    # numpy scalars, tuples and Series are read as the JSON they stand for.
    a = rapport.score(df, by=("side",), min_group_size=np.int64(6), confidence=np.float32(0.9)).to_dict()
    b = rapport.score(df, by=pd.Series(["side"]), min_group=6, confidence=0.8999999761581421).to_dict()
    assert a == b and a["options"]["min_group_size"] == 6
    # An unknown keyword is the core's error, naming it and the valid names.
    with pytest.raises(rapport.OptionsError) as e:
        rapport.score(df, min_groupsize=6)  # type: ignore[call-arg]
    assert e.value.code == "invalid_option"
    assert all(f"`{n}`" in str(e.value) for n in rapport.SCORE_OPTIONS) and "min_groupsize" in str(e.value)


@pytest.mark.parametrize(
    "options",
    [{"min_groupsize": 6}, {"min_group": 6, "min_group_size": 7}, {"favourable_basis": "mean"}, {"confidence": 1.5}],
    ids=["unknown", "alias_and_name", "value", "range"],
)
def test_option_errors_are_those_of_the_cli_options_file(tmp_path: Path, options: Dict[str, Any]) -> None:
    path = tmp_path / "options.json"
    path.write_text(json.dumps(options))
    cli = run_cli("report", SAMPLE_CSV, "--options", str(path))
    assert cli.returncode == 2, cli.stderr
    with pytest.raises(rapport.OptionsError) as e:
        rapport.score(rapport.read_csv(ROOT / SAMPLE_CSV), **options)
    first = cli.stderr.splitlines()[0]
    assert first.startswith(f"error[{e.value.code}]: ") and first.endswith(f" {e.value}"), (first, str(e.value))


def test_responses_summaries() -> None:
    responses = rapport.read_csv(ROOT / SAMPLE_CSV)
    assert sum(responses.waves.values()) == len(responses) == sum(responses.sides.values())
    assert list(responses.waves) == sorted(responses.waves)
    assert responses.instrument == rapport.Instrument.default()
    assert "1269 accepted" in repr(responses)


# ---- errors -------------------------------------------------------------------------------


def test_strict_dataframe_errors_are_located() -> None:
    df = rapport.sample(waves=1)
    df.loc[4, "openness_2"] = "7"
    with pytest.raises(rapport.InputError) as e:
        rapport.Responses.from_pandas(df)
    err = e.value
    assert isinstance(err, rapport.RapportError) and isinstance(err, ValueError)
    assert (err.code, err.row, err.column, err.item, err.file) == ("value_out_of_scale", 5, "openness_2", "openness_2", None)
    assert "outside the scale" in str(err)


def test_csv_errors_count_the_header_as_row_one(tmp_path: Path) -> None:
    path = tmp_path / "bad.csv"
    path.write_text("respondent,side,wave,Q1\nr1,it,2026-01,4\nr2,vendor,2026-01,5\n")
    with pytest.raises(rapport.InputError) as e:
        rapport.read_csv(path, mapping={"items": {"Q1": "trust_1"}})
    assert (e.value.code, e.value.row, e.value.column, e.value.file) == ("unknown_side", 3, "side", str(path))
    path.write_text("respondent,side,wave,Q1\nr1,it,2026-01,4\nr2,it,2026-01,9\n")
    with pytest.raises(rapport.InputError) as e:
        rapport.read_csv(path, mapping={"items": {"Q1": "trust_1"}})
    assert (e.value.code, e.value.row, e.value.column, e.value.item) == ("value_out_of_scale", 3, "Q1", "trust_1")


def test_duplicates_and_missing_columns_in_dataframes() -> None:
    df = rapport.sample(waves=1)
    df.loc[6, "respondent"] = df.loc[2, "respondent"]
    with pytest.raises(rapport.InputError) as e:
        rapport.Responses.from_pandas(df)
    assert (e.value.code, e.value.row, e.value.column) == ("duplicate_respondent", 7, "respondent")
    assert "first at row 3" in str(e.value)
    assert len(rapport.Responses.from_pandas(df, respondent=None)) == len(df)
    with pytest.raises(rapport.InputError) as e:
        rapport.Responses.from_pandas(df.drop(columns=["side"]))
    assert (e.value.code, e.value.column) == ("missing_column", "side")
    with pytest.raises(rapport.InputError) as e:
        rapport.Responses.from_pandas(df.rename(columns={"trust_4": "trust 5"}))
    assert (e.value.code, e.value.column) == ("unknown_item_column", "trust 5")
    with pytest.raises(rapport.InputError) as e:
        rapport.Responses.from_pandas(df, items=["trust_1", "trust_9"])
    assert e.value.code == "missing_column"


def test_listed_items_leave_out_other_items_and_listed_segments_refuse_other_columns() -> None:
    df = rapport.sample(waves=2, seed=5)
    listed = rapport.Responses.from_pandas(df, items=["trust_1", " Trust_2"])
    selected = rapport.Responses.from_pandas(df[["respondent", "side", "wave", "department", "role", "trust_1", "trust_2"]])
    assert rapport.score(listed).to_dict() == rapport.score(selected).to_dict()
    with pytest.raises(rapport.InputError) as e:
        rapport.Responses.from_pandas(df, segments=["department"])
    assert (e.value.code, e.value.column) == ("unknown_item_column", "role")
    assert str(e.value).endswith("and not a declared segment (department)")
    declared = rapport.Responses.from_pandas(df.drop(columns=["role"]), segments=["department"])
    assert len(declared) == len(df)


def test_mapping_keys_of_csv_files_are_refused_for_dataframes() -> None:
    """A mapping key the columnar engine does not read is the core's
    invalid_mapping, never a silently different reading."""
    df = rapport.sample(waves=1)
    for mapping in ({"wave": {"value": "2026-01"}}, {"side": {"value": "it"}}, {"values": {"trust_1": {"9": "na"}}}):
        with pytest.raises(rapport.MappingError) as e:
            rapport.Responses.from_pandas(df, mapping=mapping)
        assert e.value.code == "invalid_mapping" and "read from CSV files only" in str(e.value), mapping


HEADER_MISTAKES = [
    # (header, mapping, segments): each a mistake the CLI reports before reading a row.
    ("respondent,sides,wave,trust_1", None, None),  # missing, with a suggestion
    ("respondent,side,wave,department", None, None),  # no item column
    ("respondent,side,wave,trust 5,trust_1", None, None),  # looks like an item
    ("respondent,side,Side,wave,trust_1", None, None),  # the same name twice
    ("respondent,side,wave,trust_1,Trust_1 ", None, None),  # two columns for one item
    ("respondent,side,wave,department,role,trust_1", None, ["department"]),  # not declared
    ("respondent,side,wave,trust_1", None, ["department"]),  # declared but absent
    ("respondent,Group,Wav,Q1", {"side": "Group", "items": {"Q1": "trust_1"}}, None),  # mapped
    ("respondent,side,wave,Q1", {"items": {"Q1": "trust_9"}}, None),  # a bad mapping
]


@pytest.mark.parametrize("header,mapping,segments", HEADER_MISTAKES, ids=[h for h, _, _ in HEADER_MISTAKES])
def test_header_mistakes_give_the_cli_errors(
    tmp_path: Path, header: str, mapping: Any, segments: Any
) -> None:
    """The core resolves a DataFrame's columns as it resolves a CSV header:
    the same code and message as ``rapport validate`` on the same file."""
    path = tmp_path / "export.csv"
    path.write_text(header + "\n" + ",".join(["r1", "it", "2026-01"] + ["4"] * (header.count(",") - 2)) + "\n")
    args = ["validate", str(path)]
    if mapping is not None:
        (tmp_path / "mapping.json").write_text(json.dumps(mapping))
        args += ["--mapping", str(tmp_path / "mapping.json")]
    if segments is not None:
        args += ["--segments", ",".join(segments)]
    cli = run_cli(*args)
    assert cli.returncode != 0 and cli.stderr.startswith("error["), cli.stderr
    cli_line = cli.stderr.splitlines()[0]
    df = pd.read_csv(path, dtype=str)
    assert list(df.columns) == header.split(",")
    with pytest.raises(rapport.RapportError) as e:
        rapport.Responses.from_pandas(df, mapping=mapping, segments=segments, source=str(path))
    if e.value.code == "invalid_mapping":
        # The command line names the mapping file first; here the mapping is a dict.
        assert cli_line.startswith("error[invalid_mapping]: mapping file ") and cli_line.endswith(f": {e.value}")
        assert e.value.file is None
    else:
        assert f"error[{e.value.code}]: {e.value}" == cli_line
        assert e.value.file == str(path)
    # The CSV reader of the package says the same.
    with pytest.raises(rapport.RapportError) as read:
        rapport.read_csv(path, mapping=mapping, segments=segments)
    assert (read.value.code, str(read.value)) == (e.value.code, str(e.value))


def test_unknown_columns_in_numpy_and_option_errors() -> None:
    with pytest.raises(rapport.InputError) as e:
        rapport.Responses.from_numpy(np.ones((2, 1)), ["trust_9"], side=["it", "it"], wave=["w", "w"])
    assert (e.value.code, e.value.column) == ("unknown_item", "trust_9")
    df = rapport.sample(waves=1)
    for bad in ({"min_group_size": 2}, {"favourable_basis": "mean"}, {"confidence": 1.5}):
        with pytest.raises(rapport.RapportError) as opt:
            rapport.score(df, **bad)
        assert opt.value.code == "invalid_option" and not isinstance(opt.value, rapport.InputError), bad
    with pytest.raises(rapport.InstrumentError) as inst:
        rapport.Instrument.from_json('{"schema_version": 1, "id": "x"}')
    assert inst.value.code == "instrument_syntax"


def test_errors_have_the_class_of_their_category() -> None:
    # An instrument error, a data error and an options error: the class of
    # the core's category, with `.code` and `.category`.
    with pytest.raises(rapport.InstrumentError) as inst:
        rapport.Instrument.from_json('{"schema_version": 1, "id": "x"}')
    assert (inst.value.code, inst.value.category, inst.value.row) == ("instrument_syntax", "instrument", None)
    df = rapport.sample(waves=1)
    df.loc[2, "trust_1"] = 9.0
    with pytest.raises(rapport.InputError) as data:
        rapport.Responses.from_pandas(df)
    assert (data.value.code, data.value.category, data.value.row, data.value.column) == (
        "value_out_of_scale", "input", 3, "trust_1")
    with pytest.raises(rapport.OptionsError) as opt:
        rapport.score(rapport.sample(waves=1), min_group_size=2)
    assert (opt.value.code, opt.value.category) == ("invalid_option", "options")
    with pytest.raises(rapport.OptionsError) as unknown:
        rapport.score(rapport.sample(waves=1), favourable_basis="mean")
    assert unknown.value.code == "invalid_option" and "favourable_basis" in str(unknown.value)
    with pytest.raises(rapport.OptionsError) as shape:
        rapport.Responses.from_numpy(np.ones((2, 2)), ["trust_1"], side=["it", "it"], wave=["w", "w"])
    assert (shape.value.code, shape.value.category) == ("invalid_argument", "options")
    with pytest.raises(rapport.DocumentError) as doc:
        rapport.Report.from_json('{"schema_version": 1}')
    assert (doc.value.code, doc.value.category) == ("invalid_json", "document")
    with pytest.raises(rapport.IoError) as io:
        rapport.read_csv("no/such/file.csv")
    assert (io.value.code, io.value.category, io.value.file) == ("io", "io", "no/such/file.csv")
    assert isinstance(io.value, rapport.InputError)
    # Every file the package reads is read by the native module: the same error, naming the file.
    for read in (
        lambda: rapport.Instrument.from_json("no/such/instrument.json"),
        lambda: rapport.read_csv(ROOT / SAMPLE_CSV, mapping="no/such/instrument.json"),
        lambda: rapport.score(rapport.sample(waves=1), action_log=Path("no/such/instrument.json")),
    ):
        with pytest.raises(rapport.IoError) as file:
            read()
        assert (file.value.code, file.value.file) == ("io", "no/such/instrument.json")
        assert str(file.value).startswith("cannot read no/such/instrument.json: ")
    for e in (inst.value, data.value, opt.value, shape.value, doc.value, io.value):
        assert isinstance(e, rapport.RapportError) and isinstance(e, ValueError)


def test_every_core_category_has_a_class_of_its_name() -> None:
    import rapport.errors

    # input → InputError, action_log → ActionLogError: the JS package's names too.
    names = {c: "".join(w.title() for w in c.split("_")) + "Error" for c in rapport._rapport.ERROR_CATEGORIES}
    assert set(rapport._rapport.ERROR_CATEGORIES) >= {"input", "instrument", "options"}
    for category, name in names.items():
        cls = getattr(rapport, name)
        assert cls is rapport.errors._class_for(category) and cls.category == category, name
        assert issubclass(cls, rapport.RapportError) and name in rapport.__all__
    assert rapport.errors._class_for("not_a_category") is rapport.RapportError
    e = rapport.errors._class_for("privacy")("privacy: too many fields", code="privacy")
    back = pickle.loads(pickle.dumps(e))
    assert (type(back), back.code, back.category, str(back)) == (rapport.PrivacyError, "privacy", "privacy", str(e))


# ---- lenient mode -------------------------------------------------------------------------


def test_lenient_mode_keeps_good_rows_and_lists_the_others() -> None:
    df = rapport.sample(waves=2).set_index("respondent", drop=False)
    df["side"] = df["side"].astype(str)
    df.iloc[3, df.columns.get_loc("trust_1")] = 0.0
    df.iloc[10, df.columns.get_loc("side")] = "vendor"
    df.iloc[12, df.columns.get_loc("meeting_cadence")] = np.nan  # missing is fine
    responses = rapport.Responses.from_pandas(df, lenient=True)
    assert len(responses) == len(df) - 2
    rejected = responses.rejected
    assert list(rejected.columns) == ["row", "index", "code", "message", "column", "item", "file"]
    assert rejected[["row", "code", "column"]].to_dict("records") == [
        {"row": 4, "code": "value_out_of_scale", "column": "trust_1"},
        {"row": 11, "code": "unknown_side", "column": "side"},
    ]
    assert list(rejected["index"]) == [df.index[3], df.index[10]]
    report = rapport.score(responses).to_dict()
    assert (report["intake"]["rows_in"], report["intake"]["accepted"], report["intake"]["rejected"]) == (len(df), len(df) - 2, 2)
    assert [r["row"] for r in report["intake"]["rejected_rows"]] == [4, 11]
    # Strict mode stops at the first of them.
    with pytest.raises(rapport.InputError) as e:
        rapport.Responses.from_pandas(df)
    assert e.value.row == 4


def test_lenient_csv_lists_rejected_rows(tmp_path: Path) -> None:
    path = tmp_path / "mixed.csv"
    path.write_text("respondent,side,wave,trust_1\nr1,it,2026-01,4\nr2,it,2026-01,x\nr1,it,2026-01,3\n")
    responses = rapport.read_csv(path, lenient=True)
    assert len(responses) == 1
    assert responses.rejected[["row", "code"]].to_dict("records") == [
        {"row": 3, "code": "invalid_value"},
        {"row": 4, "code": "duplicate_respondent"},
    ]
    assert (responses.rejected["file"] == str(path)).all()


# ---- privacy in the tables ------------------------------------------------------------------


def test_suppressed_groups_are_present_and_marked(csv_report: rapport.Report) -> None:
    dims = csv_report.dimensions()
    hr = dims[(dims.wave == "2025-11") & (dims.level == "department") & (dims.department == "HR")]
    assert list(hr.measure) == ["index", "trust", "communication", "alignment", "openness"]
    assert set(hr.status) == {"suppressed"} and set(hr.suppression) == {"hidden to protect small groups"}
    assert hr.score.isna().all() and hr.respondents.isna().all()
    assert set(hr.group_status) == {"suppressed"}
    items = csv_report.items()
    hr_items = items[(items.wave == "2025-11") & (items.level == "department") & (items.department == "HR")]
    # Every agreement item and every outcome, hidden groups included (the core decides).
    assert list(hr_items["item"]) == rapport.Instrument().columns and set(hr_items.status) == {"suppressed"}
    assert hr_items[["n", "mean", "score"]].isna().all().all()
    dist = csv_report.distributions()
    assert len(dist[(dist.wave == "2025-11") & (dist.department == "HR")]) == 0
    # Reliability is run on all respondents and each side only: no row for a department.
    rel = csv_report.reliability()
    assert set(rel.level) == {"total", "side"} and len(rel[rel.department == "HR"]) == 0
    # Every group of the JSON report is in the tables, shown or not.
    data = csv_report.to_dict()
    groups = sum(len(w["groups"]) for w in data["waves"])
    assert len(dims) == groups * 5


def test_gaps_table_is_it_minus_business(csv_report: rapport.Report) -> None:
    gaps = csv_report.gaps()
    dims = csv_report.dimensions()
    sides = dims[dims.level == "side"].pivot_table(index=["wave", "measure"], columns="side", values="score", observed=True)
    merged = gaps.set_index(["wave", "measure"]).join(sides.add_suffix("_dims"))
    assert np.allclose(merged["gap"], merged["it"] - merged["business"])
    assert np.array_equal(merged["it"], merged["it_dims"]) and np.array_equal(merged["business"], merged["business_dims"])


# ---- pickling, JSON and HTML ------------------------------------------------------------------


def test_pickle_round_trips(csv_report: rapport.Report) -> None:
    again = pickle.loads(pickle.dumps(csv_report))
    assert again == csv_report and again.to_json() == csv_report.to_json()
    assert again.dimensions().equals(csv_report.dimensions())
    inst = rapport.Instrument.from_json(str(ROOT / "examples/instruments/pulse-7point.json"))
    assert pickle.loads(pickle.dumps(inst)) == inst
    err = rapport.InputError("x", code="value_out_of_scale", row=3, column="c", item="i", file="f")
    back = pickle.loads(pickle.dumps(err))
    assert (type(back), back.code, back.category, back.row, back.column, back.item, back.file, str(back)) == (
        rapport.InputError, "value_out_of_scale", "input", 3, "c", "i", "f", "x")


def test_json_round_trip_is_exact(csv_report: rapport.Report) -> None:
    text = csv_report.to_json()
    assert rapport.Report.from_json(text).to_json() == text
    with pytest.raises(rapport.RapportError):
        rapport.Report.from_json("{}")


def test_html(csv_report: rapport.Report, tmp_path: Path) -> None:
    path = tmp_path / "report.html"
    assert csv_report.to_html(path) is None
    text = path.read_text(encoding="utf-8")
    assert text.lstrip().lower().startswith("<!doctype html") and "</html>" in text
    card = csv_report._repr_html_()
    assert card.startswith('<div class="rapport-summary">') and "wave 2025-11" in card
    assert "<svg" in card and "<script" not in card


# ---- the GIL ----------------------------------------------------------------------------------


def test_the_gil_is_released_while_the_core_scores() -> None:
    df = rapport.sample(waves=8, respondents_per_wave=25_000, not_applicable=None)
    responses = rapport.Responses.from_pandas(df)
    spans: Dict[str, float] = {}

    def work() -> None:
        start = time.perf_counter()
        rapport.score(responses)
        spans["score"] = time.perf_counter() - start

    thread = threading.Thread(target=work)
    ticks = []
    thread.start()
    while thread.is_alive():
        ticks.append(time.perf_counter())
        time.sleep(0.001)
    thread.join()
    if spans["score"] < 0.1:
        pytest.skip(f"scoring took only {spans['score']:.3f} s: too short to tell")
    longest_pause = max(b - a for a, b in zip(ticks, ticks[1:]))
    # Holding the GIL for the whole call would freeze this loop for its length.
    assert longest_pause < 0.5 * spans["score"], (longest_pause, spans["score"])


# ---- the README's lines run as written -----------------------------------------------------


def test_readme_python_lines_run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import re

    text = (ROOT / "bindings/python/README.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```python\n(.*?)```", text, flags=re.S)
    assert blocks, "the README has Python examples"
    (tmp_path / "examples").symlink_to(ROOT / "examples")
    monkeypatch.chdir(tmp_path)
    df = rapport.sample(waves=1)
    df.loc[4, "openness_2"] = "7"
    namespace = {"df": df}  # one namespace, as in a notebook; df for the error example
    for block in blocks:
        exec(compile(block, "README.md", "exec"), namespace)
    assert (tmp_path / "report.html").stat().st_size > 10_000


# ---- survey-tool exports: the command line's numbers ------------------------------------

# Each tool's export read as the command line reads it: tests/test_imports.py.


def test_bad_cells_missing_keeps_the_response_and_lists_the_cell(in_root: Path) -> None:
    # Row 5 answers "Neutral" twice: not a label of the agreement scale.
    path = "tests/imports/surveymonkey.csv"
    with pytest.raises(rapport.InputError) as e:
        rapport.read_csv(path, side="business", wave_period="month")
    assert (e.value.code, e.value.row) == ("invalid_value", 5)
    kept = rapport.read_csv(path, side="business", wave_period="month", bad_cells="missing")
    assert kept.intake["accepted"] == 6 and kept.intake["bad_cells"] == 2
    cells = [(c["row"], c["item"], c["value"]) for c in kept.intake["bad_cells_listed"]]
    assert cells == [(5, "trust_1", "Neutral"), (5, "trust_4", "Neutral")]
    with pytest.raises(rapport.RapportError) as bad:
        rapport.read_csv(path, bad_cells="sometimes")
    assert bad.value.code == "invalid_argument"


def test_survey_tool_keywords_are_checked_by_the_core(in_root: Path) -> None:
    with pytest.raises(rapport.InputError) as e:
        rapport.read_csv("tests/imports/msforms.csv", side="business")
    assert e.value.code == "missing_column" and "--wave-period" in str(e.value)
    with pytest.raises(rapport.RapportError) as bad:
        rapport.read_csv("tests/imports/msforms.csv", side="vendors", wave="2025-Q3")
    assert bad.value.code == "invalid_argument"
    with pytest.raises(rapport.RapportError) as bad:
        rapport.read_csv("tests/imports/msforms.csv", from_="typeform")
    assert "qualtrics" in str(bad.value)


# ---- break-down fields ------------------------------------------------------------------


def test_a_by_field_the_data_does_not_have_is_an_options_error_naming_the_fields() -> None:
    responses = rapport.read_csv(ROOT / SAMPLE_CSV)
    with pytest.raises(rapport.OptionsError) as e:
        rapport.score(responses, by=["dept"])
    assert e.value.code == "invalid_option"
    assert str(e.value) == (
        'option by is invalid: expected side or a segment field of the data (department, role), found "dept"'
    )
    # The same message as the command line's.
    cli = run_cli("report", SAMPLE_CSV, "--by", "dept")
    assert cli.returncode == 2 and str(e.value) in cli.stderr, cli.stderr


def test_by_as_a_string_is_one_field_not_letters() -> None:
    responses = rapport.read_csv(ROOT / SAMPLE_CSV)
    assert rapport.score(responses, by="side").to_dict()["breakdowns"] == ["side"]
    assert rapport.score(responses, by="department").to_dict()["breakdowns"] == ["department"]
    assert rapport.score(responses, by="side") == rapport.score(responses, by=["side"])
    with pytest.raises(rapport.OptionsError, match='found "sid"'):
        rapport.score(responses, by="sid")


def test_the_default_by_suits_data_without_departments() -> None:
    frame = pd.DataFrame({"respondent": ["r1"], "side": ["it"], "wave": ["2026-01"], "trust_1": [4.0]})
    report = rapport.score(frame)
    assert report.to_dict()["breakdowns"] == ["side"]
    with pytest.raises(rapport.OptionsError, match=r"expected side \(the data has no segment field\)"):
        rapport.score(frame, by=["side", "department"])


def test_a_large_file_read_in_parts_reads_as_in_one_pass(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A file of more than two parts (256 KiB each) is read on every core:
    the same report, intake and rejected rows as one pass on one thread,
    with bad rows, a repeat and quoted fields spread through it."""
    df = rapport.sample(waves=3, respondents_per_wave=2500, seed=11)
    lines = df.to_csv(index=False).splitlines()
    header, rows = lines[0], lines[1:]
    rows[1000] = rows[1000] + ",extra"  # ragged
    rows[3001] = rows[3001].replace(",it,", ",martian,", 1).replace(",business,", ",martian,", 1)
    rows[5000] = rows[4000]  # a repeat of an earlier response
    rows[6000] = '"' + rows[6000].replace(",", '","') + '"'  # every field quoted
    path = tmp_path / "large.csv"
    path.write_text(header + "\n" + "\r\n".join(rows) + "\n", encoding="utf-8")
    assert path.stat().st_size > 3 * 256 * 1024

    def read() -> tuple[str, str]:
        responses = rapport.read_csv(str(path), lenient=True)
        return rapport.score(responses).to_json(), json.dumps(responses.intake, sort_keys=True)

    in_parts = read()
    monkeypatch.setenv("RAPPORT_THREADS", "1")
    one_pass = read()
    assert in_parts == one_pass
    intake = json.loads(in_parts[1])
    codes = sorted(r["code"] for r in intake["rejected_rows"])
    assert codes == ["duplicate_respondent", "ragged_row", "unknown_side"], codes
    with pytest.raises(rapport.RapportError) as strict:
        rapport.read_csv(str(path))
    monkeypatch.delenv("RAPPORT_THREADS")
    with pytest.raises(rapport.RapportError) as strict_in_parts:
        rapport.read_csv(str(path))
    assert str(strict_in_parts.value) == str(strict.value)
    assert "row 1002" in str(strict.value), strict.value
