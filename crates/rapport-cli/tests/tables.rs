//! `rapport report --format csv`: the core's tables as CSV files, byte for
//! byte what `rapport::report::tables` writes for the same data; one table with
//! `--table`; formula-safe text cells; usage errors.

use rapport::ingest::IngestOptions;
use rapport::ingest::csv::read_csv_path;
use rapport::report::tables::NAMES;
use rapport::{ActionLog, Aggregates, IngestSummary, Instrument, Report, ScoreOptions};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn run(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_rapport"))
        .env_remove("NO_COLOR")
        .env_remove("COLUMNS")
        .args(args)
        .output()
        .expect("the rapport binary runs")
}

#[track_caller]
fn assert_exit(o: &Output, code: i32) {
    assert_eq!(
        o.status.code(),
        Some(code),
        "exit code\nstdout:\n{}\nstderr:\n{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    );
}

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn s(p: &Path) -> &str {
    p.to_str().expect("UTF-8 paths")
}

/// The report the command builds, built here with the core.
fn core_report(data: &Path, opts: &ScoreOptions, log: Option<&Path>) -> Report {
    let inst = Instrument::default();
    let mut aggs = Aggregates::new(&inst, opts).unwrap();
    let (src, rej) = read_csv_path(data, &inst, &IngestOptions::default(), &mut |r| aggs.add(&r)).unwrap();
    let mut intake = IngestSummary::default();
    intake.add_source(src, rej);
    let mut report = Report::build(&aggs, intake).unwrap();
    if let Some(log) = log {
        let log = ActionLog::from_json(&std::fs::read_to_string(log).unwrap()).unwrap();
        report.follow_up(&inst, &log).unwrap();
    }
    report
}

#[test]
fn every_table_is_a_csv_file_equal_to_the_core_table() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("tables/new");
    let data = root().join("examples/data/responses.csv");
    let log = root().join("examples/data/action-log.json");
    let o = run(&["report", s(&data), "--actions", s(&log), "--format", "csv", "-o", s(&out)]);
    assert_exit(&o, 0);
    assert!(o.stdout.is_empty());
    assert!(String::from_utf8_lossy(&o.stderr).contains("wrote 15 tables into"));
    let report = core_report(&data, &ScoreOptions::default(), Some(&log));
    let mut files: Vec<String> =
        std::fs::read_dir(&out).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
    files.sort();
    let mut want: Vec<String> = NAMES.iter().map(|n| format!("{n}.csv")).collect();
    want.sort();
    assert_eq!(files, want);
    for table in report.tables() {
        let written = std::fs::read_to_string(out.join(format!("{}.csv", table.name))).unwrap();
        assert!(written == table.to_csv(), "{}.csv differs from the core's table", table.name);
        assert_eq!(written.lines().count(), table.rows() + 1, "{}", table.name);
    }
}

#[test]
fn one_table_to_stdout_or_a_file() {
    let dir = tempfile::tempdir().unwrap();
    let data = root().join("examples/data/responses.csv");
    let opts = ScoreOptions { by: vec!["side".into()], min_group_size: 7, ..ScoreOptions::default() };
    let report = core_report(&data, &opts, None);
    for name in ["dimensions", "gaps", "trend_points"] {
        let o = run(&["report", s(&data), "--by", "side", "--min-group", "7", "--format", "csv", "--table", name]);
        assert_exit(&o, 0);
        assert!(o.stdout == report.table(name).unwrap().to_csv().into_bytes(), "{name}");
    }
    let file = dir.path().join("gaps.csv");
    let o = run(&["report", s(&data), "--format", "csv", "--table", "gaps", "-o", s(&file), "-q"]);
    assert_exit(&o, 0);
    assert!(o.stdout.is_empty() && o.stderr.is_empty());
    let written = std::fs::read_to_string(&file).unwrap();
    assert!(written.starts_with("wave,kind,measure,it,business,gap,ci_low,ci_high,p,clear\n"), "{written}");
}

#[test]
fn csv_text_cells_do_not_run_as_formulas() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("responses.csv");
    let sample = std::fs::read_to_string(root().join("examples/data/responses.csv")).unwrap();
    // Every Finance respondent now works in "=1+1", every HR one in "@SUM(A1)".
    let text = sample.replace(",Finance,", ",=1+1,").replace(",HR,", ",@SUM(A1),");
    std::fs::write(&data, text).unwrap();
    let o = run(&["report", s(&data), "--format", "csv", "--table", "dimensions"]);
    assert_exit(&o, 0);
    let csv = String::from_utf8(o.stdout).unwrap();
    assert!(csv.contains(",department,,\"'=1+1\",shown,"), "the department guarded");
    assert!(csv.contains("\"'@SUM(A1)\""));
    for line in csv.lines() {
        for cell in line.split(',') {
            assert!(!cell.starts_with(['=', '+', '@', '\t']), "{cell:?} in {line}");
        }
    }
    // Numbers stay numbers: a negative change is written as it is.
    let o = run(&["report", s(&data), "--format", "csv", "--table", "changes"]);
    let csv = String::from_utf8(o.stdout).unwrap();
    assert!(csv.lines().skip(1).any(|l| l.split(',').any(|c| c.starts_with('-') && c.parse::<f64>().is_ok())));
}

#[test]
fn csv_usage_errors_exit_2() {
    let data = root().join("examples/data/responses.csv");
    let o = run(&["report", s(&data), "--format", "csv"]);
    assert_exit(&o, 2);
    assert!(String::from_utf8_lossy(&o.stderr).contains("needs a directory"));
    let o = run(&["report", s(&data), "--table", "gaps"]);
    assert_exit(&o, 2);
    assert!(String::from_utf8_lossy(&o.stderr).contains("--format csv"));
    let o = run(&["report", s(&data), "--format", "csv", "--table", "groups"]);
    assert_exit(&o, 2);
    assert!(String::from_utf8_lossy(&o.stderr).contains("possible values"));
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("a-file");
    std::fs::write(&file, "x").unwrap();
    let o = run(&["report", s(&data), "--format", "csv", "-o", s(&file)]);
    assert_exit(&o, 2);
    assert!(String::from_utf8_lossy(&o.stderr).starts_with("error[io]"));
}

#[test]
fn help_describes_the_tables() {
    let o = run(&["report", "--help"]);
    assert_exit(&o, 0);
    let help = String::from_utf8_lossy(&o.stdout);
    for needle in ["--table <NAME>", "--format csv -o tables/", "dimensions.csv", "suppressed", "formula"] {
        assert!(help.contains(needle), "{needle:?} missing from\n{help}");
    }
}
