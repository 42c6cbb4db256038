//! The malformed-input corpus (`tests/corpus/`, written by
//! `tests/corpus/make_corpus.py`): every file's strict-mode error code and
//! location, and in lenient mode exactly the good rows kept and every bad
//! row reported — through the same reader the CLI uses.

use rapport::ingest::{ColumnMapping, IngestOptions, csv::read_csv_path};
use rapport::{Instrument, Record};
use serde_json::Value;
use std::path::PathBuf;

fn dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../tests/corpus")
}

fn run(case: &Value, lenient: bool) -> rapport::Result<(Vec<Record>, Vec<u64>)> {
    let mapping = case["mapping"]
        .as_str()
        .map(|m| ColumnMapping::from_json(&std::fs::read_to_string(dir().join(m)).unwrap()).unwrap());
    let opts = IngestOptions { lenient, mapping, ..Default::default() };
    let mut records = Vec::new();
    let path = dir().join(case["file"].as_str().unwrap());
    let (summary, rejected) = read_csv_path(&path, &Instrument::default(), &opts, &mut |r| records.push(r))?;
    // Nothing disappears unreported.
    assert_eq!(summary.rows_in, summary.accepted + summary.rejected, "{}", case["file"]);
    assert_eq!(summary.rejected as usize, rejected.len());
    assert_eq!(summary.accepted as usize, records.len());
    Ok((records, rejected.iter().map(|r| r.row).collect()))
}

fn check_error(name: &str, err: &rapport::Error, want: &Value) {
    assert_eq!(err.code(), want["code"].as_str().unwrap(), "{name}: {err}");
    let loc = err.location();
    if let Some(row) = want["row"].as_u64() {
        assert_eq!(loc.and_then(|l| l.row), Some(row), "{name}: {err}");
    }
    if let Some(col) = want["column"].as_str() {
        assert_eq!(loc.and_then(|l| l.column.as_deref()), Some(col), "{name}: {err}");
    }
    if let Some(item) = want["item"].as_str() {
        assert_eq!(loc.and_then(|l| l.item.as_deref()), Some(item), "{name}: {err}");
    }
    if let Some(l) = loc {
        assert!(l.file.as_deref().is_some_and(|f| f.ends_with(name)), "{name}: error names its file: {err}");
    }
    // The message says where, in words.
    let text = err.to_string();
    if let Some(row) = want["row"].as_u64() {
        assert!(text.contains(&format!("row {row}")), "{text}");
    }
}

#[test]
fn every_corpus_file_behaves_as_expected() {
    let expected: Value = serde_json::from_str(&std::fs::read_to_string(dir().join("expected.json")).unwrap()).unwrap();
    let cases = expected["cases"].as_array().unwrap();
    assert!(cases.len() >= 20);
    for case in cases {
        let name = case["file"].as_str().unwrap();
        let strict = &case["strict"];
        match run(case, false) {
            Ok((records, _)) => {
                assert!(strict["ok"].as_bool().unwrap_or(false), "{name}: expected {strict}, got ok");
                let ids: Vec<&str> = records.iter().map(|r| r.respondent.as_str()).collect();
                let want: Vec<&str> =
                    strict["accepted"].as_array().unwrap().iter().map(|v| v.as_str().unwrap()).collect();
                assert_eq!(ids, want, "{name}");
            }
            Err(e) => check_error(name, &e, strict),
        }
        let lenient = &case["lenient"];
        match run(case, true) {
            Ok((records, rejected)) => {
                let ids: Vec<&str> = records.iter().map(|r| r.respondent.as_str()).collect();
                let want: Vec<&str> = lenient["accepted"]
                    .as_array()
                    .unwrap_or_else(|| panic!("{name}: expected {lenient}"))
                    .iter()
                    .map(|v| v.as_str().unwrap())
                    .collect();
                assert_eq!(ids, want, "{name}: lenient keeps exactly the good rows");
                let want_rows: Vec<u64> =
                    lenient["rejected_rows"].as_array().unwrap().iter().map(|v| v.as_u64().unwrap()).collect();
                assert_eq!(rejected, want_rows, "{name}: every bad row reported");
            }
            Err(e) => check_error(name, &e, lenient),
        }
    }
}

#[test]
fn the_mapped_export_reads_like_native_columns() {
    let case = serde_json::json!({"file": "export_with_mapping.csv", "mapping": "export_mapping.json"});
    let (records, rejected) = run(&case, true).unwrap();
    assert_eq!(rejected, [4]);
    let inst = Instrument::default();
    let t2 = inst.slot_index("trust_2").unwrap();
    assert_eq!(records[0].cells[t2], rapport::Cell::NotApplicable, "\"Don't know\" maps to not applicable");
    assert_eq!(records[0].segments["department"], "Finance");
    assert_eq!(records[1].side, rapport::Side::It);
}
