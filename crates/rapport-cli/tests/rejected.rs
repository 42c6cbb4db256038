//! `--lenient` at scale: a report lists the first 100 rejected rows and
//! counts them all by code; `--rejected FILE` writes every one as CSV, in
//! row order, with formula-safe cells.

use serde_json::Value;
use std::path::Path;
use std::process::{Command, Output};

fn run(args: &[&str]) -> Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_rapport"));
    cmd.env_remove("NO_COLOR").env_remove("COLUMNS");
    cmd.args(args).output().expect("the rapport binary runs")
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

#[track_caller]
fn assert_exit(o: &Output, code: i32) {
    assert_eq!(o.status.code(), Some(code), "stderr:\n{}", stderr(o));
}

fn path_str(p: &Path) -> &str {
    p.to_str().expect("temporary paths are UTF-8")
}

/// A bad row: its row, code and value.
type Bad = (u64, &'static str, Option<String>);

/// 300 responses: every third one has a bad side, every fifth one (not a
/// bad side) repeats the respondent before it, and row 100 has `=cmd()` as
/// its side. Returns the CSV and what an exact reading says of each bad
/// row: (row, code, value).
fn bad_rows_csv() -> (String, Vec<Bad>) {
    let mut csv = String::from("respondent,side,wave,department,trust_1\n");
    let mut want = Vec::new();
    for i in 0..300u64 {
        let row = i + 2;
        let side = match i {
            98 => "=cmd()",
            _ if i % 3 == 0 => "vendor",
            _ => "it",
        };
        let id = if i % 5 == 4 && side == "it" { format!("r{}", i - 1) } else { format!("r{i}") };
        csv.push_str(&format!("{id},{side},2026-01,Finance,4\n"));
        if side != "it" {
            want.push((row, "unknown_side", Some(side.to_owned())));
        } else if id != format!("r{i}") && (i - 1) % 3 != 0 && i - 1 != 98 {
            want.push((row, "duplicate_respondent", None));
        }
    }
    (csv, want)
}

fn read_rejected(path: &Path) -> Vec<csv::StringRecord> {
    let mut reader = csv::Reader::from_path(path).expect("the rejected-rows file is CSV");
    let header = reader.headers().expect("a header").clone();
    assert_eq!(header.iter().collect::<Vec<_>>(), ["file", "row", "column", "item", "code", "message", "value"]);
    reader.records().map(|r| r.expect("a CSV record")).collect()
}

#[test]
fn a_report_lists_the_first_100_and_the_file_every_rejected_row() {
    let dir = tempfile::tempdir().expect("temp dir");
    let (csv, want) = bad_rows_csv();
    let data = dir.path().join("bad.csv");
    std::fs::write(&data, csv).expect("write");
    let rejected = dir.path().join("rejected.csv");
    let o = run(&["report", path_str(&data), "--lenient", "--rejected", path_str(&rejected), "--format", "json"]);
    assert_exit(&o, 0);
    let report: Value = serde_json::from_slice(&o.stdout).expect("JSON");
    let intake = &report["intake"];
    let count = |code: &str| want.iter().filter(|w| w.1 == code).count() as u64;
    assert!(count("duplicate_respondent") > 0 && count("unknown_side") > 100);
    assert_eq!(intake["rejected"].as_u64(), Some(want.len() as u64));
    assert_eq!(intake["rejected_by_code"]["unknown_side"].as_u64(), Some(count("unknown_side")));
    assert_eq!(intake["rejected_by_code"]["duplicate_respondent"].as_u64(), Some(count("duplicate_respondent")));
    let listed: Vec<u64> =
        intake["rejected_rows"].as_array().expect("a list").iter().map(|r| r["row"].as_u64().unwrap()).collect();
    assert_eq!(listed, want.iter().take(100).map(|w| w.0).collect::<Vec<_>>());
    assert!(stderr(&o).contains(&format!("more (every rejected row is in {})", rejected.display())), "{}", stderr(&o));

    let rows = read_rejected(&rejected);
    let got: Vec<(u64, &str)> = rows.iter().map(|r| (r[1].parse().unwrap(), &r[4])).collect();
    assert_eq!(got, want.iter().map(|w| (w.0, w.1)).collect::<Vec<_>>());
    for (r, w) in rows.iter().zip(&want) {
        assert_eq!(&r[0], path_str(&data));
        let value = w.2.as_deref().map(|v| if v.starts_with('=') { format!("'{v}") } else { v.to_owned() });
        assert_eq!(&r[6], value.unwrap_or_default(), "{r:?}");
        assert!(r[5].contains(&format!("row {}", w.0)), "{r:?}");
    }
    // The raw file guards the formula as text.
    let raw = std::fs::read_to_string(&rejected).expect("read");
    assert!(raw.contains(",\"'=cmd()\"\n"), "{raw}");
}

#[test]
fn validate_shows_the_first_rows_of_each_file_and_writes_them_all() {
    let dir = tempfile::tempdir().expect("temp dir");
    let (csv, want) = bad_rows_csv();
    let data = dir.path().join("bad.csv");
    std::fs::write(&data, csv).expect("write");
    let rejected = dir.path().join("rejected.csv");
    let o = run(&["validate", path_str(&data), "--lenient", "--rejected", path_str(&rejected)]);
    assert_exit(&o, 1);
    let err = stderr(&o);
    assert_eq!(err.matches("  error[").count(), 5, "{err}");
    assert!(err.contains(&format!("… and {} more (every rejected row is in", want.len() - 5)), "{err}");
    assert!(err.contains(&format!("{} of 300 rows rejected", want.len())), "{err}");
    assert!(err.contains("hint: each respondent may answer a wave once"), "{err}");
    assert_eq!(read_rejected(&rejected).len(), want.len());

    // Without the file, every row is listed.
    let o = run(&["validate", path_str(&data), "--lenient"]);
    assert_eq!(stderr(&o).matches("  error[").count(), want.len());
}

#[test]
fn the_rejected_file_needs_lenient_mode_and_is_never_an_input() {
    let dir = tempfile::tempdir().expect("temp dir");
    let (csv, _) = bad_rows_csv();
    let data = dir.path().join("bad.csv");
    std::fs::write(&data, &csv).expect("write");
    let out = dir.path().join("rejected.csv");
    let o = run(&["report", path_str(&data), "--rejected", path_str(&out)]);
    assert_exit(&o, 2);
    assert!(stderr(&o).contains("--lenient"), "{}", stderr(&o));
    let o = run(&["validate", path_str(&data), "--lenient", "--rejected", path_str(&data)]);
    assert_exit(&o, 2);
    assert!(stderr(&o).contains("would overwrite the input"), "{}", stderr(&o));
    assert_eq!(std::fs::read_to_string(&data).expect("read"), csv, "the input is untouched");
    let o = run(&["report", path_str(&data), "--lenient", "--rejected", path_str(&dir.path().join("no/such/dir.csv"))]);
    assert_exit(&o, 2);
    assert!(stderr(&o).contains("error[io]: cannot create"), "{}", stderr(&o));
}
