//! End-to-end tests of the `rapport` binary: help texts, exit codes, the
//! formats it reads and writes, and its messages. Each test runs the built
//! binary as a user would, with files in a temporary directory.

use rapport::Instrument;
use serde_json::Value;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

fn bin() -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_rapport"));
    // Tests must not depend on the developer's terminal settings.
    cmd.env_remove("NO_COLOR").env_remove("COLUMNS");
    cmd
}

fn run(args: &[&str]) -> Output {
    bin().args(args).output().expect("the rapport binary runs")
}

fn run_with_stdin(args: &[&str], stdin: &[u8]) -> Output {
    let mut child = bin()
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the rapport binary runs");
    child.stdin.take().expect("stdin is piped").write_all(stdin).expect("stdin accepts the input");
    child.wait_with_output().expect("the rapport binary finishes")
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

#[track_caller]
fn assert_exit(o: &Output, code: i32) {
    assert_eq!(o.status.code(), Some(code), "exit code\nstdout:\n{}\nstderr:\n{}", stdout(o), stderr(o));
}

fn path_str(p: &Path) -> &str {
    p.to_str().expect("temporary paths are UTF-8")
}

/// Sample CSV written to `dir/name` with the given extra arguments.
fn sample_file(dir: &Path, name: &str, extra: &[&str]) -> PathBuf {
    let path = dir.join(name);
    let mut args = vec!["sample", "-o", path_str(&path)];
    args.extend_from_slice(extra);
    assert_exit(&run(&args), 0);
    path
}

#[path = "cli/import_vectors.rs"]
mod import_vectors;

#[path = "cli/workbooks.rs"]
mod workbooks;

fn report_json(o: &Output) -> Value {
    assert_exit(o, 0);
    serde_json::from_slice(&o.stdout).expect("report --format json prints JSON")
}

/// Replace the value of column `column` in data row `data_row` (0-based,
/// after the header) of a simple CSV (no quoted commas).
fn with_value(csv: &str, data_row: usize, column: &str, value: &str) -> String {
    let mut lines: Vec<String> = csv.lines().map(str::to_owned).collect();
    let col = lines[0].split(',').position(|h| h == column).expect("column is in the header");
    let mut fields: Vec<String> = lines[data_row + 1].split(',').map(str::to_owned).collect();
    fields[col] = value.to_owned();
    lines[data_row + 1] = fields.join(",");
    lines.join("\n") + "\n"
}

#[test]
fn help_of_every_subcommand_shows_an_example() {
    let root = run(&["--help"]);
    assert_exit(&root, 0);
    assert!(stdout(&root).contains("Examples:"), "{}", stdout(&root));
    for sub in ["report", "aggregate", "validate", "instrument", "sample", "mapping"] {
        for flag in ["-h", "--help"] {
            let o = run(&[sub, flag]);
            assert_exit(&o, 0);
            let text = stdout(&o);
            assert!(text.contains("Examples:"), "`rapport {sub} {flag}` has no examples:\n{text}");
            assert!(text.contains(&format!("rapport {sub}")), "`rapport {sub} {flag}` example does not use {sub}");
        }
    }
    // The long help documents the exit codes.
    let long = stdout(&run(&["validate", "--help"]));
    assert!(long.contains("Exit codes:") && long.contains("2  usage or configuration"), "{long}");
}

#[test]
fn usage_errors_exit_2() {
    assert_exit(&run(&[]), 2);
    assert_exit(&run(&["report"]), 2);
    assert_exit(&run(&["report", "x.csv", "--format", "pdf"]), 2);
    assert_exit(&run(&["frobnicate"]), 2);
}

#[test]
fn sample_is_deterministic() {
    let a = run(&["sample", "--seed", "7", "--waves", "2"]);
    let b = run(&["sample", "--seed", "7", "--waves", "2"]);
    let c = run(&["sample", "--seed", "8", "--waves", "2"]);
    assert_exit(&a, 0);
    assert!(!a.stdout.is_empty());
    assert_eq!(a.stdout, b.stdout, "same seed, same bytes");
    assert_ne!(a.stdout, c.stdout, "another seed, other data");
    let header = stdout(&a).lines().next().unwrap_or_default().to_owned();
    for column in ["respondent", "side", "wave", "trust_1", "openness_4"] {
        assert!(header.split(',').any(|h| h == column), "header lacks {column}: {header}");
    }
}

#[test]
fn sample_piped_into_report_json() {
    let sample = run(&["sample", "--seed", "3", "--waves", "2"]);
    assert_exit(&sample, 0);
    let report = report_json(&run_with_stdin(&["report", "-", "--format", "json"], &sample.stdout));
    assert_eq!(report["intake"]["rejected"], 0);
    let rows = stdout(&sample).lines().count() as u64 - 1;
    assert_eq!(report["intake"]["accepted"].as_u64(), Some(rows), "every sample row is accepted");
    assert_eq!(report["waves"].as_array().map(Vec::len), Some(2));
}

#[test]
fn report_json_has_schema_version_both_sides_and_four_dimensions() {
    let dir = tempfile::tempdir().expect("temp dir");
    let data = sample_file(dir.path(), "responses.csv", &["--seed", "11"]);
    let report = report_json(&run(&["report", path_str(&data), "--format", "json"]));
    assert_eq!(report["schema_version"], rapport::REPORT_SCHEMA_VERSION);
    assert_eq!(report["instrument"]["dimensions"].as_array().map(Vec::len), Some(4));
    let latest = report["waves"].as_array().and_then(|w| w.last()).expect("at least one wave");
    let groups = latest["groups"].as_array().expect("groups");
    for side in ["it", "business"] {
        let g = groups
            .iter()
            .find(|g| g["level"] == "side" && g["key"]["side"] == side)
            .unwrap_or_else(|| panic!("no {side} group"));
        assert_eq!(g["status"], "shown");
        assert_eq!(g["dimensions"].as_array().map(Vec::len), Some(4));
    }
    // Respondent ids never reach the report.
    let text = report.to_string();
    let first_id =
        stdout(&run(&["sample", "--seed", "11"])).lines().nth(1).and_then(|l| l.split(',').next()).map(str::to_owned);
    if let Some(id) = first_id {
        assert!(!text.contains(&format!("\"{id}\"")), "respondent id {id} leaked into the report");
    }
}

#[test]
fn output_flag_writes_a_file_and_nothing_to_stdout() {
    let dir = tempfile::tempdir().expect("temp dir");
    let data = sample_file(dir.path(), "responses.csv", &[]);
    let out = dir.path().join("report.json");
    let o = run(&["report", path_str(&data), "--format", "json", "-o", path_str(&out)]);
    assert_exit(&o, 0);
    assert!(o.stdout.is_empty(), "stdout should be empty with -o");
    let written: Value = serde_json::from_str(&std::fs::read_to_string(&out).expect("report written")).expect("JSON");
    assert_eq!(written["schema_version"], rapport::REPORT_SCHEMA_VERSION);

    let txt = dir.path().join("report.txt");
    assert_exit(&run(&["report", path_str(&data), "--output", path_str(&txt)]), 0);
    let text = std::fs::read_to_string(&txt).expect("text report written");
    assert!(text.contains("Trust"));
    assert!(!text.contains('\x1b'), "no ANSI escapes in a file");

    let nowhere = dir.path().join("no/such/dir/report.json");
    let o = run(&["report", path_str(&data), "-o", path_str(&nowhere)]);
    assert_exit(&o, 2);
    assert!(stderr(&o).starts_with("error[io]: cannot write"), "{}", stderr(&o));
}

#[test]
fn text_report_names_dimensions_sides_and_suppresses_small_departments() {
    let dir = tempfile::tempdir().expect("temp dir");
    let data = sample_file(dir.path(), "responses.csv", &["--seed", "5"]);
    let o = run(&["report", path_str(&data)]);
    assert_exit(&o, 0);
    let text = stdout(&o);
    for needle in
        ["Trust", "Communication", "Alignment", "Openness", "IT", "Business", "hidden to protect small groups"]
    {
        assert!(text.contains(needle), "scorecard lacks {needle:?}:\n{text}");
    }
    assert!(!text.contains('\x1b'), "no colour when stdout is not a terminal");
}

#[test]
fn validate_accepts_sample_data() {
    let dir = tempfile::tempdir().expect("temp dir");
    let data = sample_file(dir.path(), "responses.csv", &["--waves", "2"]);
    let o = run(&["validate", path_str(&data)]);
    assert_exit(&o, 0);
    let all = stdout(&o) + &stderr(&o);
    assert!(all.contains("ok: ") && all.contains("responses.csv"), "{all}");
    // Quiet prints nothing at all.
    let q = run(&["validate", "-q", path_str(&data)]);
    assert_exit(&q, 0);
    assert!(q.stdout.is_empty() && q.stderr.is_empty());
    // A requested break-down the data does not have is an option error, as in `report`.
    let w = run(&["validate", path_str(&data), "--by", "side,location"]);
    assert_exit(&w, 2);
    assert!(
        stderr(&w).contains(
            "option by is invalid: expected side or a segment field of the data (department, role), found \"location\""
        ),
        "{}",
        stderr(&w)
    );
}

#[test]
fn a_by_field_the_data_does_not_have_is_an_error_naming_the_fields_it_has() {
    let dir = tempfile::tempdir().expect("temp dir");
    let data = sample_file(dir.path(), "responses.csv", &["--waves", "1"]);
    let want = "option by is invalid: expected side or a segment field of the data (department, role), found \"dept\"";
    for command in ["report", "privacy"] {
        let o = run(&[command, path_str(&data), "--by", "dept"]);
        assert_exit(&o, 2);
        assert!(stderr(&o).contains("error[invalid_option]") && stderr(&o).contains(want), "{}", stderr(&o));
    }
    // Named in an options file: the same error.
    let opts = dir.path().join("options.json");
    std::fs::write(&opts, r#"{"by": ["side", "dept"]}"#).expect("write");
    let o = run(&["report", path_str(&data), "--options", path_str(&opts)]);
    assert_exit(&o, 2);
    assert!(stderr(&o).contains(want), "{}", stderr(&o));
    // The default `by` names department; data without one is scored by side, with a note.
    let plain = dir.path().join("plain.csv");
    std::fs::write(&plain, "respondent,side,wave,trust_1\nr1,it,2026-01,4\n").expect("write");
    let o = run(&["report", path_str(&plain), "--format", "json"]);
    assert_exit(&o, 0);
    let r = report_json(&o);
    assert_eq!(r["breakdowns"], serde_json::json!(["side"]));
    assert_eq!(r["notes"][0], "No response carries \"department\", so there is no break-down by it.");
    // … but not when department is asked for, and the message says the data has no segment.
    let o = run(&["report", path_str(&plain), "--by", "side,department"]);
    assert_exit(&o, 2);
    assert!(
        stderr(&o).contains("expected side (the data has no segment field), found \"department\""),
        "{}",
        stderr(&o)
    );
}

#[test]
fn a_flag_wins_over_the_options_file_even_when_it_gives_the_default() {
    let dir = tempfile::tempdir().expect("temp dir");
    let data = sample_file(dir.path(), "responses.csv", &["--waves", "1"]);
    let opts = dir.path().join("options.json");
    std::fs::write(&opts, r#"{"min_group_size": 10, "confidence": 0.8}"#).expect("write");
    let o = run(&["report", path_str(&data), "--format", "json", "--options", path_str(&opts), "--min-group", "5"]);
    assert_exit(&o, 0);
    let r = report_json(&o);
    assert_eq!(r["options"]["min_group_size"], 5);
    assert_eq!(r["privacy"]["min_group_size"], 5);
    assert_eq!(r["options"]["confidence"], 0.8, "a flag not given keeps the file's value");
    let o = run(&["report", path_str(&data), "--format", "json", "--options", path_str(&opts), "--confidence", "0.95"]);
    let r = report_json(&o);
    assert_eq!((r["options"]["min_group_size"].as_u64(), r["options"]["confidence"].as_f64()), (Some(10), Some(0.95)));
}

const BAD_CSV: &str = "\
respondent,side,wave,department,trust_1,trust_2
r1,business,2026-01,Finance,4,3
r2,business,2026-01,Finance,9,3
r3,it,2026-01,Infrastructure,5,4
";

#[test]
fn validate_rejects_a_value_outside_the_scale_with_row_and_column() {
    let dir = tempfile::tempdir().expect("temp dir");
    let bad = dir.path().join("bad.csv");
    std::fs::write(&bad, BAD_CSV).expect("write");
    let o = run(&["validate", path_str(&bad)]);
    assert_exit(&o, 1);
    let err = stderr(&o);
    assert!(err.contains("error[value_out_of_scale]"), "{err}");
    assert!(err.contains("bad.csv") && err.contains("row 3") && err.contains("\"trust_1\""), "{err}");
    assert!(err.contains("hint:"), "a hint follows the error: {err}");

    // `report` stops at the same error, with the same exit code.
    let o = run(&["report", path_str(&bad)]);
    assert_exit(&o, 1);
    assert!(stderr(&o).contains("row 3"));
}

#[test]
fn validate_lenient_lists_every_rejected_row() {
    let dir = tempfile::tempdir().expect("temp dir");
    let bad = dir.path().join("bad.csv");
    std::fs::write(&bad, format!("{BAD_CSV}r4,business,2026-01,Finance,2,7\nr5,marketing,2026-01,Finance,2,2\n"))
        .expect("write");
    let o = run(&["validate", "--lenient", path_str(&bad)]);
    assert_exit(&o, 1);
    let err = stderr(&o);
    for needle in ["row 3", "row 5", "row 6", "unknown_side", "3 of 5 rows rejected"] {
        assert!(err.contains(needle), "lacks {needle:?}: {err}");
    }
}

#[test]
fn configuration_errors_exit_2() {
    let dir = tempfile::tempdir().expect("temp dir");
    let data = sample_file(dir.path(), "responses.csv", &["--waves", "1"]);
    let d = path_str(&data);

    let o = run(&["validate", d, "--min-group", "2"]);
    assert_exit(&o, 2);
    assert!(stderr(&o).contains("error[invalid_option]") && stderr(&o).contains("min_group_size"), "{}", stderr(&o));
    assert_exit(&run(&["report", d, "--min-group", "2"]), 2);
    assert_exit(&run(&["report", d, "--confidence", "1.5"]), 2);

    let missing = dir.path().join("missing-instrument.json");
    let o = run(&["validate", d, "--instrument", path_str(&missing)]);
    assert_exit(&o, 2);
    assert!(stderr(&o).contains("missing-instrument.json"), "{}", stderr(&o));

    let broken = dir.path().join("broken.json");
    std::fs::write(&broken, "{ \"schema_version\": 1, ").expect("write");
    let o = run(&["report", d, "--instrument", path_str(&broken)]);
    assert_exit(&o, 2);
    assert!(stderr(&o).contains("error[instrument_syntax]") && stderr(&o).contains("broken.json"), "{}", stderr(&o));

    let o = run(&["report", d, "--mapping", path_str(&broken)]);
    assert_exit(&o, 2);
    assert!(stderr(&o).contains("broken.json"), "{}", stderr(&o));

    let o = run(&["report", path_str(&dir.path().join("nope.csv"))]);
    assert_exit(&o, 2);
    assert!(stderr(&o).starts_with("error[io]: cannot read"), "{}", stderr(&o));

    let txt = dir.path().join("export.txt");
    std::fs::write(&txt, "x").expect("write");
    let o = run(&["report", path_str(&txt)]);
    assert_exit(&o, 2);
    assert!(stderr(&o).contains("--input-format"), "{}", stderr(&o));
}

#[test]
fn lenient_report_scores_the_good_rows_and_counts_the_bad_one() {
    let dir = tempfile::tempdir().expect("temp dir");
    let sample = stdout(&run(&["sample", "--seed", "9", "--waves", "1"]));
    let bad = dir.path().join("one-bad.csv");
    std::fs::write(&bad, with_value(&sample, 4, "trust_1", "9")).expect("write");

    let o = run(&["report", path_str(&bad), "--lenient", "--format", "json"]);
    let report = report_json(&o);
    assert_eq!(report["intake"]["rejected"], 1);
    let rows = sample.lines().count() as u64 - 1;
    assert_eq!(report["intake"]["accepted"].as_u64(), Some(rows - 1));
    let rejected = &report["intake"]["rejected_rows"][0];
    assert_eq!(rejected["row"], 6, "data row 4 is CSV row 6 (the header is row 1)");
    assert_eq!(rejected["code"], "value_out_of_scale");
    let err = stderr(&o);
    assert!(err.contains(&format!("read {rows} rows, accepted {}, rejected 1", rows - 1)), "{err}");
    assert!(err.contains("row 6"), "{err}");

    // Without --lenient the same file fails.
    assert_exit(&run(&["report", path_str(&bad)]), 1);
}

#[test]
fn several_files_are_scored_together() {
    let dir = tempfile::tempdir().expect("temp dir");
    let a = sample_file(dir.path(), "a.csv", &["--seed", "1", "--waves", "1", "--first-wave", "2026-01"]);
    let b = dir.path().join("b.json");
    assert_exit(
        &run(&[
            "sample",
            "--seed",
            "2",
            "--waves",
            "1",
            "--first-wave",
            "2026-02",
            "--format",
            "json",
            "-o",
            path_str(&b),
        ]),
        0,
    );
    let report = report_json(&run(&["report", path_str(&a), path_str(&b), "--format", "json"]));
    // Per-file counts stay with `validate`: a report has none.
    assert_eq!(report["intake"]["sources"].as_array().map(Vec::len), Some(0));
    let waves: Vec<&str> =
        report["waves"].as_array().expect("waves").iter().filter_map(|w| w["wave"].as_str()).collect();
    assert_eq!(waves, ["2026-01", "2026-02"]);
}

#[test]
fn sample_json_is_an_array_of_responses() {
    let o = run(&["sample", "--format", "json", "--waves", "1", "--respondents", "20"]);
    assert_exit(&o, 0);
    let v: Value = serde_json::from_slice(&o.stdout).expect("JSON");
    let responses = v.as_array().expect("an array");
    // A wave's size varies by up to ±15% around --respondents.
    assert!((17..=23).contains(&responses.len()), "{} responses", responses.len());
    let first = &responses[0];
    for key in ["respondent", "side", "wave", "answers"] {
        assert!(first.get(key).is_some(), "response lacks {key}: {first}");
    }
    // And it reads back in.
    let report =
        report_json(&run_with_stdin(&["report", "-", "--input-format", "json", "--format", "json"], &o.stdout));
    assert_eq!(report["intake"]["rejected"].as_u64(), Some(0));
    assert_eq!(report["waves"].as_array().map(Vec::len), Some(1));
}

#[test]
fn instrument_json_round_trips() {
    let o = run(&["instrument", "--format", "json"]);
    assert_exit(&o, 0);
    let parsed = Instrument::from_json(&stdout(&o)).expect("instrument --format json is a valid instrument");
    assert_eq!(parsed, Instrument::default());
    assert_eq!(stdout(&o).trim_end(), Instrument::default().to_json());
}

#[test]
fn instrument_text_lists_dimensions_items_and_fills_the_counterpart() {
    let business = stdout(&run(&["instrument"]));
    assert!(business.contains("Trust") && business.contains("(R)") && business.contains("Health bands"), "{business}");
    assert!(business.contains("I can count on IT to deliver"), "{business}");
    let it = stdout(&run(&["instrument", "--side", "it"]));
    assert!(it.contains("I can count on the business to deliver"), "{it}");
}

fn imports(name: &str) -> String {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../tests/imports").join(name);
    path.to_str().expect("UTF-8 path").to_owned()
}

#[test]
fn instrument_from_a_qsf_is_a_starting_point_written_as_json() {
    let dir = tempfile::tempdir().expect("temp dir");
    let out = dir.path().join("mine.json");
    let o = run(&["instrument", "--from-qsf", &imports("qualtrics_codes.qsf"), "-o", path_str(&out)]);
    assert_exit(&o, 0);
    // The fixture's one Likert matrix: three statements on a five-point scale with N/A.
    let inst = Instrument::from_json(&std::fs::read_to_string(&out).expect("written")).expect("valid instrument");
    assert_eq!((inst.dimensions().len(), inst.items().len()), (1, 3));
    assert!(
        stderr(&o).contains("a starting point")
            && stderr(&o).contains("1 dimension (one per matrix question), 3 items"),
        "{}",
        stderr(&o)
    );
    // It reads back with --instrument, as a listing.
    let o = run(&["instrument", "--instrument", path_str(&out)]);
    assert_exit(&o, 0);
    assert!(stdout(&o).contains("I enjoy the coffee at our joint meetings."), "{}", stdout(&o));
    // A file that is not a QSF: exit 2, the file and what was expected.
    let bad = dir.path().join("bad.qsf");
    std::fs::write(&bad, r#"{"SurveyElements": [7]}"#).expect("write");
    let o = run(&["instrument", "--from-qsf", path_str(&bad)]);
    assert_exit(&o, 2);
    let e = stderr(&o);
    assert!(
        e.starts_with("error[invalid_mapping]: survey definition ")
            && e.contains("SurveyElements[0]: expected an object, found the number 7"),
        "{e}"
    );
    assert!(run(&["instrument", "--from-qsf", path_str(&bad), "--instrument", "x.json"]).status.code() == Some(2));
}

#[test]
fn mapping_with_the_survey_definition_maps_recoded_answers() {
    let o = run(&["mapping", &imports("qualtrics_current.csv"), "--qsf", &imports("qualtrics_current.qsf")]);
    assert_exit(&o, 0);
    let m: Value = serde_json::from_str(&stdout(&o)).expect("mapping JSON");
    // Q5 is trust_3 with recode values 1 = Strongly agree … 5 = Strongly disagree.
    assert_eq!(m["items"]["Q5"], "trust_3");
    assert_eq!(m["values"]["trust_3"]["1"], 5.0);
    assert_eq!(m["values"]["trust_3"]["5"], 1.0);
    assert!(!m["ignore"].as_array().expect("ignore").iter().any(|h| h == "Q5"), "{m}");
    // The file is a valid mapping for the export (no column mapped twice).
    let dir = tempfile::tempdir().expect("temp dir");
    let file = dir.path().join("mapping.json");
    std::fs::write(&file, stdout(&o)).expect("write");
    let args = [
        "report",
        &imports("qualtrics_current.csv"),
        "--mapping",
        path_str(&file),
        "--side",
        "business",
        "--wave",
        "2025-Q2",
        "--format",
        "json",
        "--min-group",
        "3",
    ];
    let r = run(&args);
    assert_exit(&r, 0);
    let o = run(&["mapping", &imports("redcap_raw.csv"), "--redcap-dictionary", &imports("redcap_dictionary.csv")]);
    assert_exit(&o, 0);
    let m: Value = serde_json::from_str(&stdout(&o)).expect("mapping JSON");
    assert_eq!(m["items"]["rel_reliable"], "trust_1");
    assert_eq!(m["values"]["overall_rating"]["11"], 10.0);
    let o = run(&["mapping", &imports("redcap_raw.csv"), "--redcap-dictionary", &imports("redcap_raw.csv")]);
    assert_exit(&o, 2);
    assert!(stderr(&o).contains("survey definition") && stderr(&o).contains("expected a column"), "{}", stderr(&o));
}

fn custom_instrument(dir: &Path) -> PathBuf {
    // The default instrument without its openness dimension.
    let mut spec: Value = serde_json::from_str(&Instrument::default().to_json()).expect("JSON");
    let keep = |v: &Value| v["dimension"] != "openness" && v["id"] != "openness";
    for list in ["dimensions", "items", "playbook"] {
        if let Some(a) = spec[list].as_array_mut() {
            a.retain(keep);
        }
    }
    spec["id"] = "three-dimensions".into();
    let path = dir.join("three.json");
    std::fs::write(&path, spec.to_string()).expect("write");
    Instrument::from_json(&spec.to_string()).expect("the trimmed instrument is valid");
    path
}

#[test]
fn a_custom_instrument_works_for_sample_report_and_validate() {
    let dir = tempfile::tempdir().expect("temp dir");
    let inst = custom_instrument(dir.path());
    let i = path_str(&inst);
    let data = sample_file(dir.path(), "three.csv", &["--instrument", i, "--waves", "1"]);
    let header = std::fs::read_to_string(&data).expect("read").lines().next().unwrap_or_default().to_owned();
    assert!(!header.contains("openness_1"), "{header}");

    assert_exit(&run(&["validate", path_str(&data), "--instrument", i]), 0);
    let report = report_json(&run(&["report", path_str(&data), "--instrument", i, "--format", "json"]));
    assert_eq!(report["instrument"]["id"], "three-dimensions");
    assert_eq!(report["instrument"]["dimensions"].as_array().map(Vec::len), Some(3));

    let listing = stdout(&run(&["instrument", "--instrument", i]));
    assert!(listing.contains("Alignment") && !listing.contains("Openness"), "{listing}");

    // The bundled 7-point example instrument, when present.
    let example = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/instruments/pulse-7point.json");
    if example.exists() {
        let e = path_str(&example);
        let data = sample_file(dir.path(), "pulse.csv", &["--instrument", e, "--waves", "2"]);
        let report = report_json(&run(&["report", path_str(&data), "--instrument", e, "--format", "json"]));
        assert_eq!(report["instrument"]["id"], "quarterly-pulse");
        // Data of one instrument does not validate against another.
        let o = run(&["validate", path_str(&data)]);
        assert_exit(&o, 1);
        assert!(stderr(&o).contains("--mapping"), "hint points to --mapping: {}", stderr(&o));
    }
}

#[test]
fn json_lines_input_is_read_by_extension() {
    let dir = tempfile::tempdir().expect("temp dir");
    let json = run(&["sample", "--format", "json", "--waves", "1", "--respondents", "30"]);
    assert_exit(&json, 0);
    // The JSON array is written one response per line; its inner lines are JSON Lines.
    let text = stdout(&json);
    let lines: Vec<&str> = text.lines().filter(|l| l.starts_with('{')).map(|l| l.trim_end_matches(',')).collect();
    let path = dir.path().join("responses.ndjson");
    std::fs::write(&path, lines.join("\n") + "\n").expect("write");
    let report = report_json(&run(&["report", path_str(&path), "--format", "json"]));
    assert_eq!(report["intake"]["accepted"].as_u64(), Some(lines.len() as u64));
}

#[test]
fn a_mapping_reads_a_survey_tool_export() {
    let dir = tempfile::tempdir().expect("temp dir");
    let export = dir.path().join("export.csv");
    std::fs::write(
        &export,
        "Response ID,Group,Round,Q1,Q2\nA1,IT staff,2026-01,4,5\nA2,Business staff,2026-01,2,N/A\n",
    )
    .expect("write");
    // Without a mapping the required columns are missing: bad data, exit 1, with a hint.
    let o = run(&["validate", path_str(&export)]);
    assert_exit(&o, 1);
    assert!(stderr(&o).contains("error[missing_column]") && stderr(&o).contains("--mapping"), "{}", stderr(&o));

    let mapping = dir.path().join("mapping.json");
    std::fs::write(
        &mapping,
        r#"{"respondent": "Response ID", "side": "Group", "wave": "Round",
            "items": {"Q1": "trust_1", "Q2": "trust_2"},
            "side_values": {"IT staff": "it", "Business staff": "business"}}"#,
    )
    .expect("write");
    let o = run(&["validate", path_str(&export), "--mapping", path_str(&mapping)]);
    assert_exit(&o, 0);
    assert!(stdout(&o).contains("ok: 2 responses in"), "{}", stdout(&o));

    // A mapping onto an item the instrument lacks is a configuration error.
    let wrong = dir.path().join("wrong.json");
    std::fs::write(&wrong, r#"{"items": {"Q1": "trust_9"}}"#).expect("write");
    let o = run(&["validate", path_str(&export), "--mapping", path_str(&wrong)]);
    assert_exit(&o, 2);
    assert!(stderr(&o).contains("error[invalid_mapping]: mapping file") && stderr(&o).contains("trust_9"));
}

#[test]
fn the_same_file_twice_is_refused() {
    let dir = tempfile::tempdir().expect("temp dir");
    let data = sample_file(dir.path(), "responses.csv", &["--waves", "1"]);
    let again = dir.path().join(".").join("responses.csv");
    let o = run(&["report", path_str(&data), path_str(&again)]);
    assert_exit(&o, 2);
    assert!(stderr(&o).contains("are the same file"), "{}", stderr(&o));
}

#[test]
fn a_closed_pipe_ends_sample_quietly() {
    use std::io::Read;
    // Far more than a pipe buffer, so the writer is still busy when the reader leaves.
    let mut child = bin()
        .args(["sample", "--waves", "40", "--respondents", "500"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the rapport binary runs");
    let mut first = [0u8; 64];
    child.stdout.take().expect("stdout is piped").read_exact(&mut first).expect("some output");
    let o = child.wait_with_output().expect("the rapport binary finishes");
    assert_exit(&o, 0);
    assert!(o.stderr.is_empty(), "{}", stderr(&o));
}

/// The bundled example data is exactly what `rapport sample` makes with the
/// seeds documented in examples/README.md, so it never drifts from the generator.
#[test]
fn bundled_example_data_matches_the_generator() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let main = run(&["sample", "--waves", "8", "--seed", "42"]);
    assert_exit(&main, 0);
    assert!(main.stdout == std::fs::read(root.join("examples/data/responses.csv")).unwrap());
    let pulse = root.join("examples/instruments/pulse-7point.json");
    let custom = run(&["sample", "--instrument", path_str(&pulse), "--waves", "4", "--seed", "7"]);
    assert_exit(&custom, 0);
    assert!(custom.stdout == std::fs::read(root.join("examples/data/pulse-responses.csv")).unwrap());
}

/// The README's main command on the bundled data: both sides, all four
/// dimensions with gaps, and the small departments suppressed.
#[test]
fn the_readme_command_on_the_bundled_data() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let out = run(&["report", path_str(&root.join("examples/data/responses.csv"))]);
    assert_exit(&out, 0);
    let text = stdout(&out);
    for needle in ["Trust", "Communication", "Alignment", "Openness", "IT", "Business", "Gap", "Business · Legal"] {
        assert!(text.contains(needle), "missing {needle:?} in\n{text}");
    }
    assert!(text.contains("hidden to protect small groups"), "{text}");
}

/// A respondent who answered the same wave in two files is a duplicate, in
/// strict mode (exit 1, naming the other file) and in lenient mode (rejected).
#[test]
fn duplicates_across_files_are_caught() {
    let dir = tempfile::tempdir().unwrap();
    let head = "respondent,side,wave,trust_1\n";
    let a = dir.path().join("a.csv");
    let b = dir.path().join("b.csv");
    std::fs::write(&a, format!("{head}r1,it,2026-01,4\nr2,it,2026-01,3\n")).unwrap();
    std::fs::write(&b, format!("{head}r3,it,2026-01,4\nr1,it,2026-01,2\nr1,it,2026-02,2\n")).unwrap();
    let strict = run(&["validate", path_str(&a), path_str(&b)]);
    assert_exit(&strict, 1);
    let err = stderr(&strict);
    assert!(err.contains("duplicate_respondent") && err.contains("a.csv"), "{err}");
    let lenient = run(&["report", path_str(&a), path_str(&b), "--lenient", "--format", "json", "--min-group", "3"]);
    assert_exit(&lenient, 0);
    let json = report_json(&lenient);
    // Wave 2026-02 has one respondent: hidden, and left out of the row counts.
    assert_eq!(json["intake"]["accepted"], 3);
    assert_eq!(json["intake"]["rejected"], 1);
    assert_eq!(json["intake"]["rejected_rows"][0]["code"], "duplicate_respondent");
}

/// A wave label that is not a real date is a data error at its file, row
/// and column, found by `validate` as by `report` (exit 1, not 2), and a row
/// `--lenient` skips and lists; waves of different kinds in two files are one
/// data error naming both labels, files and rows.
#[test]
fn bad_wave_labels_are_located_data_errors() {
    let dir = tempfile::tempdir().expect("temp dir");
    let data = sample_file(dir.path(), "responses.csv", &["--waves", "2", "--seed", "5"]);
    let csv = std::fs::read_to_string(&data).expect("sample written");
    let bad = dir.path().join("bad.csv");
    std::fs::write(&bad, with_value(&csv, 3, "wave", "2026-13")).expect("write");
    for cmd in ["validate", "report"] {
        let o = run(&[cmd, path_str(&bad)]);
        assert_exit(&o, 1);
        let err = stderr(&o);
        assert!(
            err.contains(&format!("error[invalid_wave]: {}, row 5, column \"wave\": wave \"2026-13\"", path_str(&bad))),
            "{cmd}: {err}"
        );
        assert!(err.contains("a month from 01 to 12"), "{cmd}: {err}");
    }
    let json = report_json(&run(&["report", path_str(&bad), "--lenient", "--format", "json"]));
    assert_eq!(json["intake"]["rejected"], 1);
    let row = &json["intake"]["rejected_rows"][0];
    assert_eq!(
        (row["code"].as_str(), row["row"].as_u64(), row["column"].as_str()),
        (Some("invalid_wave"), Some(5), Some("wave"))
    );

    // Months in one file, quarters in another: the data set as a whole.
    let head = "respondent,side,wave,trust_1\n";
    let a = dir.path().join("a.csv");
    let b = dir.path().join("b.csv");
    std::fs::write(&a, format!("{head}r1,it,2026-03,4\nr2,it,2026-03,3\n")).expect("write");
    std::fs::write(&b, format!("{head}r3,it,2026-Q2,4\nr4,it,2026-Q2,2\n")).expect("write");
    for args in [&["validate"][..], &["report"], &["report", "--lenient"]] {
        let mut argv = args.to_vec();
        argv.extend([path_str(&a), path_str(&b)]);
        let o = run(&argv);
        assert_exit(&o, 1);
        let err = stderr(&o);
        let want = format!(
            "error[wave_conflict]: {}, row 2, column \"wave\": wave \"2026-Q2\" cannot be put in time order with wave \"2026-03\" ({}, row 2, column \"wave\")",
            path_str(&b),
            path_str(&a)
        );
        assert!(err.contains(&want), "{args:?}: {err}");
        assert!(err.contains("hint: label every wave the same way"), "{args:?}: {err}");
    }

    // With a wave order in the options, a wave it does not list is a bad row.
    let opts = dir.path().join("options.json");
    std::fs::write(&opts, r#"{"wave_order": ["pilot", "main"]}"#).expect("write");
    std::fs::write(&a, format!("{head}r1,it,pilot,4\nr2,it,main,3\nr3,it,2026-01,3\n")).expect("write");
    let o = run(&["validate", path_str(&a), "--options", path_str(&opts)]);
    assert_exit(&o, 1);
    assert!(stderr(&o).contains("row 4, column \"wave\": wave \"2026-01\" cannot be placed in time: expected one of the waves listed in wave_order (pilot, main)"), "{}", stderr(&o));
    assert_exit(&run(&["validate", path_str(&a), "--options", path_str(&opts), "--lenient"]), 1);
    let o = run(&["report", path_str(&a), "--options", path_str(&opts), "--lenient", "--format", "json", "--quiet"]);
    assert_eq!(report_json(&o)["intake"]["rejected_rows"][0]["code"], "invalid_wave");
}

/// A huge cell does not make a huge error line, on the terminal or in the
/// lenient report's rejected rows.
#[test]
fn a_huge_cell_is_echoed_capped() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("huge.csv");
    let cell = "x".repeat(5_000_000);
    std::fs::write(&path, format!("respondent,side,wave,trust_1\nr1,{cell},2026-01,4\nr2,it,2026-01,4\n"))
        .expect("write");
    let o = run(&["validate", path_str(&path)]);
    assert_exit(&o, 1);
    let err = stderr(&o);
    assert!(err.len() < 1000, "{} bytes on stderr", err.len());
    assert!(err.contains(&format!("found \"{}…\" (+4,999,920 more characters)", "x".repeat(80))), "{err}");
    let o = run(&["report", path_str(&path), "--lenient", "--format", "json", "--quiet"]);
    assert_exit(&o, 0);
    assert!(o.stdout.len() < 200_000, "{} bytes of report", o.stdout.len());
    let json = report_json(&o);
    let message = json["intake"]["rejected_rows"][0]["message"].as_str().expect("a message");
    assert!(message.len() < 300 && message.ends_with("(+4,999,920 more characters)"), "{message}");
}

#[test]
fn html_report_with_action_log_and_options() {
    let dir = tempfile::tempdir().expect("temp dir");
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let data = root.join("examples/data/responses.csv");
    let log = root.join("examples/data/action-log.json");
    let out = dir.path().join("report.html");
    let o = run(&["report", path_str(&data), "--format", "html", "-o", path_str(&out), "--actions", path_str(&log)]);
    assert_exit(&o, 0);
    let html = std::fs::read_to_string(&out).expect("html written");
    assert!(html.starts_with("<!DOCTYPE html>"));
    assert!(html.contains("What to do next") && html.contains("Actions in the log"));
    assert!(html.contains("Hold a monthly joint session that tracks progress"));
    assert!(html.contains("Blind spot"), "the sample's IT overestimates the business's rating");

    // Options file: thresholds and populations; a flag wins over the file.
    let opts = dir.path().join("options.json");
    std::fs::write(&opts, r#"{"blind_spot_threshold": 5, "min_group_size": 7, "populations": [{"wave": "2025-11", "side": "it", "size": 80}]}"#).unwrap();
    let o = run(&["report", path_str(&data), "--format", "json", "--options", path_str(&opts), "--min-group", "6"]);
    assert_exit(&o, 0);
    let r: Value = serde_json::from_slice(&o.stdout).expect("json");
    assert_eq!(r["options"]["min_group_size"], 6);
    assert_eq!(r["options"]["blind_spot_threshold"], 5.0);
    let it =
        r["participation"].as_array().unwrap().iter().find(|p| p["wave"] == "2025-11" && p["side"] == "it").unwrap();
    assert_eq!(it["population"], 80);
    assert!((it["response_rate"].as_f64().unwrap() - 56.0 / 80.0).abs() < 1e-12);
    let latest = r["waves"].as_array().unwrap().last().unwrap();
    assert!(latest["mirror"]["accuracy"].as_array().unwrap().iter().all(|a| a["blind_spot"].is_null()));

    // A bad action log and a bad options file are located config errors (exit 2).
    let bad = dir.path().join("log.json");
    std::fs::write(&bad, r#"[{"action": "monthly_progress_session", "owner": "cio", "started": "2025-08"}]"#).unwrap();
    let o = run(&["report", path_str(&data), "--actions", path_str(&bad)]);
    assert_exit(&o, 2);
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("invalid_action_log") && err.contains("entry 1"), "{err}");
    std::fs::write(&opts, r#"{"min_grup_size": 7}"#).unwrap();
    let o = run(&["report", path_str(&data), "--options", path_str(&opts)]);
    assert_exit(&o, 2);
    assert!(String::from_utf8_lossy(&o.stderr).contains("min_grup_size"));
}

#[track_caller]
fn assert_no_panic(o: &Output) {
    let err = stderr(o);
    assert!(!err.contains("panicked") && !err.contains("Broken pipe") && !err.contains("failed printing"), "{err}");
    assert_ne!(o.status.code(), Some(101), "a panic's exit code");
}

/// `rapport validate FILE | true` and `rapport report … | true`: the reader
/// of standard output is gone before the command writes. Nothing is printed
/// about it, and the exit code says what the command found (0: valid data).
#[test]
fn a_closed_stdout_is_not_an_error() {
    let dir = tempfile::tempdir().expect("temp dir");
    let data = sample_file(dir.path(), "responses.csv", &["--waves", "40"]);
    for args in [vec!["validate", path_str(&data)], vec!["report", "--format", "json", path_str(&data)]] {
        let mut child =
            bin().args(&args).stdout(Stdio::piped()).stderr(Stdio::piped()).spawn().expect("the rapport binary runs");
        drop(child.stdout.take());
        let o = child.wait_with_output().expect("the rapport binary finishes");
        assert_no_panic(&o);
        assert_exit(&o, 0);
    }
}

/// `rapport validate a.csv b.csv --lenient 2>&1 | head -1`: one pipe for
/// both streams, closed after the first line of a long list of rejected rows;
/// and an error message for a closed standard error. The exit code still
/// says what was wrong (1: the data, 2: the command line).
#[test]
fn a_closed_stderr_keeps_the_exit_code() {
    use std::io::{BufRead, BufReader};
    let dir = tempfile::tempdir().expect("temp dir");
    let a = sample_file(dir.path(), "a.csv", &["--waves", "6"]);
    let b = dir.path().join("b.csv");
    std::fs::copy(&a, &b).expect("copy");
    // Every row of b.csv repeats a respondent of a.csv: far more than a pipe
    // buffer of rejected rows on standard error.
    let (reader, writer) = std::io::pipe().expect("a pipe");
    let mut child = bin()
        .args(["validate", path_str(&a), path_str(&b), "--lenient"])
        .stdout(writer.try_clone().expect("the pipe's writer"))
        .stderr(writer)
        .spawn()
        .expect("the rapport binary runs");
    // The command (a temporary) closes this process's copies of the writer
    // after spawning: only the child writes to the pipe. Read one line and
    // close the reader, as `head -1` does.
    let mut first = String::new();
    BufReader::new(reader).read_line(&mut first).expect("a first line");
    assert!(!first.is_empty());
    let status = child.wait().expect("the rapport binary finishes");
    assert_eq!(status.code(), Some(1), "bad data exits 1 even when nobody reads the messages");

    let mut child = bin()
        .args(["report", path_str(&dir.path().join("missing.csv"))])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the rapport binary runs");
    drop(child.stderr.take());
    let status = child.wait().expect("the rapport binary finishes");
    assert_eq!(status.code(), Some(2), "an unreadable file exits 2 even when nobody reads the error");
}

/// No control character but the line feed in what the command printed.
#[track_caller]
fn assert_no_controls(what: &str, text: &str) {
    assert!(text.chars().all(|c| c == '\n' || !c.is_control()), "{what} has control characters: {text:?}");
}

/// Departments and a wave label with terminal escapes (retitle the window,
/// clear the screen), and a file name with one: everything printed shows
/// them as `\u{1b}` escapes, with or without colour.
#[test]
fn terminal_escapes_in_the_data_are_shown_escaped() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut csv = String::from("respondent,side,wave,department,trust_1,trust_2,trust_3,trust_4\n");
    for (d, dept) in ["Fin\x1b]0;pwned\x07ance", "\x1b[2J"].iter().enumerate() {
        for r in 0..6 {
            let side = if r % 2 == 0 { "it" } else { "business" };
            csv.push_str(&format!("r{d}-{r},{side},\"\x1b]2;x\x07W1\",\"{dept}\",4,3,4,{}\n", 2 + r % 3));
        }
    }
    csv.push_str("bad,it,\"\x1b]2;x\x07W1\",\"\x1b[2J\",\"9\x1b[2J\",3,4,4\n");
    let data = dir.path().join("escapes.csv");
    std::fs::write(&data, &csv).unwrap();

    let o = run(&["report", path_str(&data), "--no-color", "--by", "department", "--lenient"]);
    assert_exit(&o, 0);
    assert_no_controls("the scorecard", &stdout(&o));
    assert_no_controls("the messages", &stderr(&o));
    let out = stdout(&o);
    assert!(out.contains("Fin\\u{1b}]0;pwned\\u{7}ance") && out.contains("\\u{1b}[2J"), "{out}");
    assert!(out.contains("Wave \\u{1b}]2;x\\u{7}W1"), "{out}");
    // Rejected rows listed on standard error (JSON on standard output).
    let o = run(&["report", path_str(&data), "--format", "json", "--lenient"]);
    assert_exit(&o, 0);
    assert_no_controls("the rejected rows", &stderr(&o));
    assert!(stderr(&o).contains("\\u{1b}[2J"), "{}", stderr(&o));
    let o = run(&["validate", path_str(&data)]);
    assert_exit(&o, 1);
    assert_no_controls("a strict error", &stderr(&o));

    // A file name with escapes, in an error and in validate's "ok" line.
    let evil = dir.path().join("\x1b]0;pwned\x07\x1b[2J.csv");
    let o = run(&["report", path_str(&evil)]);
    assert_exit(&o, 2);
    assert_no_controls("an I/O error", &stderr(&o));
    assert!(stderr(&o).contains("\\u{1b}]0;pwned\\u{7}\\u{1b}[2J.csv"), "{}", stderr(&o));
    let good = sample_file(dir.path(), "good.csv", &["--waves", "1"]);
    std::fs::copy(&good, &evil).unwrap();
    let o = run(&["validate", path_str(&evil)]);
    assert_exit(&o, 0);
    assert_no_controls("validate's report", &stdout(&o));
    assert!(stdout(&o).starts_with("ok: "), "{}", stdout(&o));
}

/// `rapport privacy` tells the data owner what every report hides and why,
/// with the audit's result; the reports themselves never say why.
#[test]
fn privacy_explains_the_plan_to_the_data_owner() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let data = root.join("examples/data/responses.csv");
    let text = run(&["privacy", path_str(&data)]);
    assert_exit(&text, 0);
    let out = stdout(&text);
    assert!(out.contains("audit passed") && out.contains("small") && out.contains("protects a small group"), "{out}");
    let json = run(&["privacy", path_str(&data), "--format", "json"]);
    assert_exit(&json, 0);
    let plan: Value = serde_json::from_slice(&json.stdout).expect("JSON");
    let waves = plan["waves"].as_array().expect("waves");
    assert_eq!(waves.len(), 8);
    for w in waves {
        assert_eq!(w["audit"]["failures"].as_array().map(Vec::len), Some(0), "{w}");
        assert_eq!(w["fields"], serde_json::json!(["side", "department", "role"]));
        // Every group hidden as small has fewer than 5 respondents.
        for g in w["hidden"].as_array().expect("hidden") {
            if g["reason"] == "small" {
                assert!(g["respondents"].as_u64().is_some_and(|n| n < 5), "{g}");
            }
        }
    }
    // A report of the same data says only "hidden".
    let report = report_json(&run(&["report", path_str(&data), "--format", "json"]));
    let text = report.to_string();
    assert!(!text.contains("complementary") && !text.contains("below_minimum") && !text.contains("fewer than"));
}

fn import_fixture(name: &str) -> String {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/imports").join(name).display().to_string()
}

#[test]
fn survey_tool_exports_read_with_one_command() {
    // Qualtrics (detected): three header rows, -99, items by question text.
    let q = import_fixture("qualtrics_current.csv");
    let o = run(&["report", &q, "--side", "business", "--wave-period", "quarter", "--format", "json"]);
    assert_exit(&o, 0);
    let r = report_json(&o);
    let note = r["intake"]["notes"][0].as_str().unwrap();
    assert!(note.contains("read as a Qualtrics export (detected from its columns"), "{note}");
    assert_eq!(r["intake"]["accepted"], 6);
    assert_eq!(r["waves"][0]["wave"], "2025-Q2");
    // Without side and wave, the error names the flags that fix it (exit 1: the data lacks them).
    let o = run(&["validate", &q]);
    assert_exit(&o, 1);
    assert!(stderr(&o).contains("give --side it|business"), "{}", stderr(&o));
    let o = run(&["validate", &q, "--side", "it"]);
    assert!(
        stderr(&o).contains("--wave-period month|quarter|half|year to take waves from \"RecordedDate\""),
        "{}",
        stderr(&o)
    );
    // One wave for the whole file.
    let o = run(&["report", &q, "--side", "it", "--wave", "2025-Q3", "--format", "json"]);
    assert_exit(&o, 0);
    assert_eq!(report_json(&o)["waves"][0]["wave"], "2025-Q3");
    // A wave label that cannot be one is a configuration error.
    let o = run(&["validate", &q, "--side", "it", "--wave", "2025-13"]);
    assert_exit(&o, 2);
    assert!(stderr(&o).contains("error[invalid_mapping]"), "{}", stderr(&o));
    // A period without a known time column (rapport's own layout).
    let dir = tempfile::tempdir().unwrap();
    let own = sample_file(dir.path(), "s.csv", &[]);
    let o = run(&["validate", path_str(&own), "--wave-period", "month"]);
    assert_exit(&o, 2);
    assert!(stderr(&o).contains("--wave-column"), "{}", stderr(&o));
}

#[test]
fn mapping_writes_a_starter_that_reads_the_export() {
    let g = import_fixture("googleforms.csv");
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("m.json");
    let o = run(&["mapping", &g, "-o", path_str(&out)]);
    assert_exit(&o, 0);
    assert!(stderr(&o).contains("2 items guessed"), "{}", stderr(&o));
    let m: Value = serde_json::from_str(&std::fs::read_to_string(&out).unwrap()).unwrap();
    assert_eq!(m["side"], "Which side are you on?");
    assert_eq!(m["wave"]["column"], "Timestamp");
    assert!(m["notes"]["from"].as_str().unwrap().contains("Google Forms"));
    let o = run(&["validate", &g, "--mapping", path_str(&out)]);
    assert_exit(&o, 0);
    assert!(stdout(&o).contains("ok: 6 responses"), "{}", stdout(&o));
    assert!(stdout(&o).contains("no respondent ids"), "{}", stdout(&o));
}

#[test]
fn bad_cells_missing_keeps_the_response_and_lists_each_cell() {
    // SurveyMonkey, no alias for "Neutral": row 5's two answers break the
    // agreement scale's labels.
    let s = import_fixture("surveymonkey.csv");
    let flags = ["--side", "business", "--wave-period", "month"];
    let o = run(&[&["validate", s.as_str()][..], &flags].concat());
    assert_exit(&o, 1);
    assert!(stderr(&o).contains("error[invalid_value]"), "{}", stderr(&o));
    let o = run(&[&["validate", s.as_str()][..], &flags, &["--bad-cells", "missing"]].concat());
    assert_exit(&o, 0);
    let out = stdout(&o);
    assert!(out.contains("2 answers read as missing (--bad-cells missing), their responses kept"), "{out}");
    assert!(out.contains("  missing[invalid_value]: ") && out.contains("row 5"), "{out}");
    assert!(out.contains("ok: 6 responses"), "{out}");
    let o = run(&[&["report", s.as_str()][..], &flags, &["--bad-cells", "missing", "--format", "json"]].concat());
    assert_exit(&o, 0);
    let r = report_json(&o);
    assert_eq!((r["intake"]["accepted"].as_u64(), r["intake"]["bad_cells"].as_u64()), (Some(6), Some(2)));
    let cells = r["intake"]["bad_cells_listed"].as_array().unwrap();
    assert_eq!((cells[0]["row"].as_u64(), cells[0]["item"].as_str()), (Some(5), Some("trust_1")));
    assert_eq!((cells[1]["value"].as_str(), cells[1]["item"].as_str()), (Some("Neutral"), Some("trust_4")));
    // The reader of the text and HTML reports is told too.
    let said = "2 answers that broke their item's rule were read as missing";
    assert!(r["notes"].as_array().unwrap().iter().any(|n| n.as_str().unwrap().starts_with(said)), "{r}");
    for (format, shown) in [("text", said.to_owned()), ("html", said.replace('\'', "&#39;"))] {
        let o = run(&[&["report", s.as_str()][..], &flags, &["--bad-cells", "missing", "--format", format]].concat());
        assert_exit(&o, 0);
        assert!(String::from_utf8_lossy(&o.stdout).contains(&shown), "{format}");
    }
    let o = run(&[&["report", s.as_str()][..], &flags, &["--lenient", "--format", "text"]].concat());
    assert!(!String::from_utf8_lossy(&o.stdout).contains("read as missing"));
    let o = run(&[&["validate", s.as_str()][..], &flags, &["--bad-cells", "maybe"]].concat());
    assert_exit(&o, 2);
}

#[test]
fn bad_cells_missing_reads_an_out_of_scale_code_in_an_export_as_missing() {
    // The Qualtrics fixture with row 4's second statement answered 9 (its
    // scale is 1-5): rejected by default, kept and listed with the option.
    let dir = tempfile::tempdir().expect("temp dir");
    let text = std::fs::read_to_string(import_fixture("qualtrics_current.csv")).unwrap();
    let edited = text.replacen("EN,4,5,2,fine", "EN,4,9,2,fine", 1);
    assert_ne!(edited, text);
    let path = dir.path().join("export.csv");
    std::fs::write(&path, edited).unwrap();
    let p = path.to_str().unwrap();
    let flags = ["--side", "business", "--wave-period", "quarter"];
    let o = run(&[&["validate", p][..], &flags].concat());
    assert_exit(&o, 1);
    assert!(stderr(&o).contains("error[value_out_of_scale]") && stderr(&o).contains("row 4"), "{}", stderr(&o));
    let o = run(&[&["report", p][..], &flags, &["--bad-cells", "missing", "--format", "json"]].concat());
    assert_exit(&o, 0);
    let intake = &report_json(&o)["intake"];
    assert_eq!((intake["accepted"].as_u64(), intake["bad_cells"].as_u64()), (Some(6), Some(1)));
    let cell = &intake["bad_cells_listed"][0];
    let got = |k: &str| cell[k].as_str().map(str::to_owned);
    assert_eq!(
        (got("file"), cell["row"].as_u64(), got("column"), got("item"), got("value"), got("code")),
        (
            Some(p.to_owned()),
            Some(4),
            Some("Q1_2".to_owned()),
            Some("trust_4".to_owned()),
            Some("9".to_owned()),
            Some("value_out_of_scale".to_owned())
        )
    );
}
