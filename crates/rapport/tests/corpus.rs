//! The malformed-input corpus (`tests/corpus/`, written by
//! `tests/corpus/make_corpus.py` and `make_binary_cases.sh`): for every file,
//! the strict-mode error code and location, and in lenient mode exactly the
//! good rows kept and every bad row reported — through each CSV reader (path,
//! bytes in memory, plain `Read`), which must agree, or through the JSON
//! reader for the cases marked `"format": "json"`. The wave labels a read
//! notes for the data-set check are exactly those of the rows it accepted.

use rapport::ingest::csv::{read_csv_bytes_with_guard, read_csv_path, read_csv_path_with_guard, read_csv_with_guard};
use rapport::ingest::json::read_json_with_guard;
use rapport::ingest::{ColumnMapping, DuplicateGuard, IngestOptions};
use rapport::{Instrument, Record};
use serde_json::Value;
use std::collections::BTreeSet;
use std::path::PathBuf;

fn dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../tests/corpus")
}

fn expected_cases() -> Vec<Value> {
    let text = std::fs::read_to_string(dir().join("expected.json")).expect("tests/corpus/expected.json");
    let expected: Value = serde_json::from_str(&text).expect("expected.json is JSON");
    expected["cases"].as_array().expect("a cases array").clone()
}

fn options(case: &Value, lenient: bool) -> IngestOptions {
    let mapping = case["mapping"].as_str().map(|m| {
        let text = std::fs::read_to_string(dir().join(m)).expect("mapping file");
        ColumnMapping::from_json(&text).expect("mapping files parse (item ids are checked when reading)")
    });
    let segments =
        case["segments"].as_array().map(|s| s.iter().map(|v| v.as_str().unwrap_or_default().to_owned()).collect());
    IngestOptions { lenient, mapping, segments, ..Default::default() }
}

/// Accepted records and rejected rows, or the error.
type Outcome = rapport::Result<(Vec<Record>, Vec<u64>)>;

#[derive(Clone, Copy, Debug)]
enum Reader {
    Path,
    Bytes,
    Plain,
}

fn run(case: &Value, lenient: bool, reader: Reader) -> Outcome {
    let opts = options(case, lenient);
    let path = dir().join(case["file"].as_str().expect("file"));
    let name = path.display().to_string();
    let inst = Instrument::default();
    let mut records = Vec::new();
    let mut sink = |r| records.push(r);
    let bytes = std::fs::read(&path).expect("corpus file");
    let json = case["format"].as_str() == Some("json");
    let mut guard = match reader {
        Reader::Bytes => DuplicateGuard::for_input_len(bytes.len()),
        Reader::Path | Reader::Plain => DuplicateGuard::new(),
    };
    let (summary, rejected) = match reader {
        _ if json => {
            let text = std::str::from_utf8(&bytes).expect("JSON cases are UTF-8");
            read_json_with_guard(text, Some(&name), &inst, &opts, &mut guard, &mut sink)?
        }
        Reader::Path => read_csv_path_with_guard(&path, &inst, &opts, &mut guard, &mut sink, None)?,
        Reader::Bytes => read_csv_bytes_with_guard(&bytes, Some(&name), &inst, &opts, &mut guard, &mut sink)?,
        Reader::Plain => read_csv_with_guard(bytes.as_slice(), Some(&name), &inst, &opts, &mut guard, &mut sink)?,
    };
    // Nothing disappears unreported.
    assert_eq!(summary.rows_in, summary.accepted + summary.rejected, "{}", case["file"]);
    assert_eq!(summary.rejected as usize, rejected.len());
    assert_eq!(summary.accepted as usize, records.len());
    assert_eq!(summary.format, if json { "json" } else { "csv" });
    // The waves noted for the data-set check are those of the accepted rows.
    let noted: BTreeSet<&str> = guard.waves().iter().map(|(label, _)| label).collect();
    let accepted: BTreeSet<&str> = records.iter().map(|r| r.wave()).collect();
    assert_eq!(noted, accepted, "{}: the waves noted are the accepted rows' waves", case["file"]);
    assert_eq!(guard.waves().check(&[]).err().map(|e| e.code()), case["wave_check"].as_str(), "{}", case["file"]);
    assert!(rejected.iter().all(|r| r.file.as_deref() == Some(name.as_str())), "rejected rows name their file");
    Ok((records, rejected.iter().map(|r| r.row).collect()))
}

fn ids(records: &[Record]) -> Vec<&str> {
    records.iter().map(|r| r.respondent()).collect()
}

fn strings(v: &Value) -> Vec<&str> {
    v.as_array().map(|a| a.iter().filter_map(Value::as_str).collect()).unwrap_or_default()
}

fn check_error(name: &str, err: &rapport::Error, want: &Value) {
    assert_eq!(Some(err.code()), want["code"].as_str(), "{name}: {err}");
    let loc = err.location();
    if let Some(row) = want["row"].as_u64() {
        assert_eq!(loc.and_then(|l| l.row), Some(row), "{name}: {err}");
        // The message says where, in words.
        assert!(err.to_string().contains(&format!("row {row}")), "{name}: {err}");
    }
    if let Some(col) = want["column"].as_str() {
        assert_eq!(loc.and_then(|l| l.column.as_deref()), Some(col), "{name}: {err}");
    }
    if let Some(item) = want["item"].as_str() {
        assert_eq!(loc.and_then(|l| l.item.as_deref()), Some(item), "{name}: {err}");
    }
    if let Some(text) = want["message_contains"].as_str() {
        assert!(err.to_string().contains(text), "{name}: {err:?} should contain {text:?}");
    }
    if let Some(l) = loc {
        assert!(l.file.as_deref().is_some_and(|f| f.ends_with(name)), "{name}: error names its file: {err}");
    }
}

fn check_case(case: &Value, lenient: bool, outcome: &Outcome) {
    let name = case["file"].as_str().unwrap_or("?");
    let want = &case[if lenient { "lenient" } else { "strict" }];
    match outcome {
        Ok((records, rejected)) => {
            assert!(want["accepted"].is_array(), "{name} (lenient: {lenient}): expected {want}, got ok");
            if !lenient {
                assert_eq!(want["ok"], Value::Bool(true), "{name}");
                assert!(rejected.is_empty(), "{name}: strict mode rejects nothing silently");
            }
            assert_eq!(ids(records), strings(&want["accepted"]), "{name} (lenient: {lenient}): exactly the good rows");
            let want_rows: Vec<u64> = want["rejected_rows"]
                .as_array()
                .map(|a| a.iter().filter_map(Value::as_u64).collect())
                .unwrap_or_default();
            assert_eq!(rejected, &want_rows, "{name}: every bad row reported");
        }
        Err(e) => {
            assert!(want["code"].is_string(), "{name} (lenient: {lenient}): expected {want}, got {e}");
            check_error(name, e, want);
            // What stops lenient mode is the file's problem, never a row's
            // (the command line would otherwise suggest --lenient for it).
            assert!(!lenient || !e.is_row_error(), "{name}: lenient mode stopped at a row error: {e:?}");
            if e.is_row_error() {
                assert!(e.location().and_then(|l| l.row).is_some(), "{name}: a row error names its row");
            }
        }
    }
}

#[test]
fn every_corpus_file_behaves_as_expected_through_every_reader() {
    let cases = expected_cases();
    assert!(cases.len() >= 30, "the corpus has {} cases", cases.len());
    for case in &cases {
        for lenient in [false, true] {
            let by_path = run(case, lenient, Reader::Path);
            check_case(case, lenient, &by_path);
            for reader in [Reader::Bytes, Reader::Plain] {
                let other = run(case, lenient, reader);
                let same = match (&by_path, &other) {
                    (Ok(a), Ok(b)) => a == b,
                    (Err(a), Err(b)) => a == b,
                    _ => false,
                };
                assert!(same, "{} ({reader:?}, lenient: {lenient}): {other:?} differs from {by_path:?}", case["file"]);
            }
        }
    }
}

#[test]
fn every_corpus_file_has_an_expected_outcome() {
    let cases = expected_cases();
    let mut named: BTreeSet<String> = BTreeSet::new();
    for c in &cases {
        for key in ["file", "mapping"] {
            if let Some(f) = c[key].as_str() {
                named.insert(f.to_owned());
            }
        }
    }
    let helpers = ["expected.json", "make_corpus.py", "make_binary_cases.sh", ".gitattributes"];
    for entry in std::fs::read_dir(dir()).expect("corpus folder") {
        let file = entry.expect("entry").file_name().to_string_lossy().into_owned();
        assert!(named.contains(&file) || helpers.contains(&file.as_str()), "{file} has no case in expected.json");
        assert!(named.remove(&file) || helpers.contains(&file.as_str()));
    }
    assert!(named.is_empty(), "expected.json names missing files: {named:?}");
}

/// A checkout that converted line ends or re-encoded text would make the
/// binary cases test nothing.
#[test]
fn binary_cases_keep_their_bytes() {
    let bytes = |f: &str| std::fs::read(dir().join(f)).expect("corpus file");
    assert!(bytes("bom.csv").starts_with(b"\xef\xbb\xbfrespondent,"));
    assert!(bytes("bom_quoted_header.csv").starts_with(b"\xef\xbb\xbf\"respondent\","));
    let crlf = bytes("crlf.csv");
    assert_eq!(crlf.iter().filter(|&&b| b == b'\n').count(), crlf.windows(2).filter(|w| w == b"\r\n").count());
    assert!(!bytes("cr_only.csv").contains(&b'\n') && bytes("cr_only.csv").contains(&b'\r'));
    assert!(bytes("crlf_multiline.csv").windows(14).any(|w| w == b"Operations\r\nan"));
    assert!(bytes("latin1.csv").windows(4).any(|w| w == b"Op\xe9r"));
    assert!(bytes("latin1_header.csv").windows(3).any(|w| w == b"D\xe9p"));
    assert!(bytes("utf16.csv").starts_with(b"\xff\xfer\0e\0"));
    assert!(bytes("empty.csv").is_empty());
}

#[test]
fn the_mapped_export_reads_like_native_columns() {
    let case = serde_json::json!({"file": "export_with_mapping.csv", "mapping": "export_mapping.json"});
    let (records, rejected) = run(&case, true, Reader::Path).expect("lenient read");
    assert_eq!(rejected, [4]);
    let inst = Instrument::default();
    let slot = |id: &str| inst.slot_index(id).expect("an item of the default instrument");
    assert_eq!(records[0].cells()[slot("trust_2")], rapport::Cell::NotApplicable, "\"Don't know\" is not applicable");
    assert_eq!(records[0].cells()[slot("overall_rating")], rapport::Cell::Value(8.0));
    assert_eq!(records[1].cells()[slot("trust_3")], rapport::Cell::Missing, "\"-\" is missing");
    assert_eq!(records[0].segments()["department"], "Finance");
    assert_eq!(records[0].wave(), "2026-Q1");
    assert_eq!(records[1].side(), rapport::Side::It);
}

#[test]
fn labels_tokens_and_case_are_read_as_documented() {
    let case = serde_json::json!({"file": "whitespace_and_case.csv"});
    let (records, _) = run(&case, false, Reader::Path).expect("valid file");
    let inst = Instrument::default();
    let cell = |r: usize, id: &str| records[r].cells()[inst.slot_index(id).expect("item")];
    use rapport::Cell::{Missing, NotApplicable, Value as V};
    assert_eq!([cell(0, "trust_1"), cell(0, "trust_2"), cell(0, "trust_3")], [V(4.0), V(4.0), NotApplicable]);
    assert_eq!([cell(1, "trust_1"), cell(1, "trust_2"), cell(1, "trust_3")], [Missing, NotApplicable, Missing]);
    assert_eq!([cell(2, "trust_1"), cell(2, "trust_2"), cell(2, "trust_3")], [V(5.0), V(4.0), NotApplicable]);
    // Option ids or labels, any case: weekly = 0, monthly = 1, never = 4.
    assert_eq!(
        [cell(0, "meeting_cadence"), cell(1, "meeting_cadence"), cell(2, "meeting_cadence")],
        [V(0.0), V(1.0), V(4.0)]
    );
    assert_eq!(records[0].side(), rapport::Side::It);
    assert!(!records[1].segments().contains_key("Department"), "an empty segment value is left out");
}

#[test]
fn a_respondent_in_two_files_of_one_wave_is_a_duplicate_with_a_shared_guard() {
    let inst = Instrument::default();
    let [a, b] = ["split_wave_a.csv", "split_wave_b.csv"].map(|f| dir().join(f));
    for lenient in [false, true] {
        let opts = IngestOptions { lenient, ..Default::default() };
        let mut guard = DuplicateGuard::new();
        let mut kept = Vec::new();
        read_csv_path_with_guard(&a, &inst, &opts, &mut guard, &mut |r| kept.push(r), None).expect("first file");
        let second = read_csv_path_with_guard(&b, &inst, &opts, &mut guard, &mut |r| kept.push(r), None);
        let want = format!(
            "{}, row 3, column \"respondent\": respondent answered wave \"2026-01\" twice (first at {}, row 3)",
            b.display(),
            a.display()
        );
        match second {
            Ok((summary, rejected)) => {
                assert!(lenient);
                assert_eq!((summary.accepted, rejected.len()), (2, 1));
                assert_eq!((rejected[0].row, rejected[0].message.as_str()), (3, want.as_str()));
                // r1 again in 2026-02 is another wave: kept.
                assert_eq!(ids(&kept), ["r1", "r2", "r3", "r1"]);
            }
            Err(e) => {
                assert!(!lenient);
                assert_eq!(e.to_string(), want);
                assert!(matches!(&e, rapport::Error::DuplicateRespondent { first_file: Some(f), first_row: 3, .. }
                    if f.ends_with("split_wave_a.csv")));
            }
        }
        // Without a shared guard each file is fine on its own.
        assert!(read_csv_path(&b, &inst, &opts, &mut |_| {}).is_ok());
    }
}
