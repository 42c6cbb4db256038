//! What the fuzz targets check, beyond "no panic" (see FUZZING.md).
//!
//! * **Every error is usable:** it has a snake_case code and a message; a row
//!   error has a row; a configuration error (instrument, mapping, options,
//!   action log) is not in the input category and has no location, so the
//!   command line exits 2 for it; a
//!   message about one row stays short whatever the input (values are echoed
//!   cut, see `rapport::text::echo`).
//! * **Nothing disappears:** in lenient mode, rows in = accepted + rejected,
//!   every rejected row is listed with its code and row, and the rows in are
//!   the data rows of the input.
//! * **Lenient keeps exactly the good rows:** the input with the rejected
//!   rows taken out reads in strict mode without error, into the same
//!   records.
//! * **Strict and lenient agree:** strict mode stops at the first row lenient
//!   mode rejects, with the same error; a file-level error is the same in
//!   both; strict success means lenient rejects nothing.
//! * **Readers agree:** bytes in memory (with the bounded duplicate filter
//!   and its re-scan) and a plain `Read` give the same outcome.
//! * **Wave labels:** the labels a guard noted are those of the accepted
//!   records, and checking them never panics.

use rapport::ingest::{DuplicateGuard, IngestOptions, RejectedRow, SourceSummary, csv, json};
use rapport::{Error, ErrorCategory, Instrument, Record};
use serde_json::Value;
use std::collections::BTreeSet;
use std::sync::OnceLock;

/// The longest message about one row: a location and a value, each echoed
/// cut at 80 characters (escapes can make a character up to 10 bytes), and
/// what the item expects.
pub const MAX_ROW_MESSAGE: usize = 3_000;

/// The file name the targets give their input.
pub const FILE: &str = "input";

/// The built-in instrument, built once.
pub fn instrument() -> &'static Instrument {
    static INSTRUMENT: OnceLock<Instrument> = OnceLock::new();
    INSTRUMENT.get_or_init(Instrument::default)
}

/// Checks every error must pass.
pub fn check_error(e: &Error) {
    let code = e.code();
    assert!(
        !code.is_empty() && code.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_'),
        "code {code:?}: {e:?}"
    );
    let message = e.to_string();
    assert!(!message.is_empty(), "{e:?}");
    if e.is_row_error() {
        assert_eq!(e.category(), ErrorCategory::Input, "{e:?}");
        let row = e.location().and_then(|l| l.row);
        assert!(row.is_some_and(|r| r >= 1), "a row error without a row: {e:?}");
        assert!(message.len() <= MAX_ROW_MESSAGE, "a {}-byte message about one row: {}", message.len(), cut(&message));
    }
}

/// Checks every error about a configuration file must pass: `code` as
/// given, a category other than input (the command line exits 2 for it),
/// and no location.
pub fn check_config_error(e: &Error, code: &str) {
    check_error(e);
    assert_eq!(e.code(), code, "{e}");
    assert_ne!(e.category(), ErrorCategory::Input, "a configuration error counted as bad data: {e:?}");
    assert!(e.location().is_none(), "a configuration error with a location: {e:?}");
}

fn cut(s: &str) -> &str {
    &s[..s.floor_char_boundary(600)]
}

fn check_rejected(r: &RejectedRow) {
    assert!(!r.code.is_empty() && r.row >= 1, "{r:?}");
    assert_eq!(r.file.as_deref(), Some(FILE), "{r:?}");
    assert!(r.message.len() <= MAX_ROW_MESSAGE, "a {}-byte rejected-row message: {}", r.message.len(), cut(&r.message));
    assert!(r.column.as_ref().is_none_or(|c| c.len() <= MAX_ROW_MESSAGE), "a long column name in {r:?}");
    assert!(r.item.as_ref().is_none_or(|c| c.len() <= MAX_ROW_MESSAGE), "a long item name in {r:?}");
}

/// What one read gives.
#[derive(Debug, PartialEq)]
pub struct Read {
    /// The counts.
    pub summary: SourceSummary,
    /// The rejected rows, in row order.
    pub rejected: Vec<RejectedRow>,
    /// The accepted records, sorted by wave and respondent (a held-back
    /// row reaches the sink late).
    pub records: Vec<Record>,
    /// The wave labels the guard noted, sorted.
    pub waves: Vec<String>,
}

fn sorted(mut records: Vec<Record>) -> Vec<Record> {
    records.sort_by(|a, b| (a.wave(), a.respondent()).cmp(&(b.wave(), b.respondent())));
    records
}

fn finish(
    result: rapport::Result<(SourceSummary, Vec<RejectedRow>)>,
    records: Vec<Record>,
    guard: &DuplicateGuard<'_>,
) -> rapport::Result<Read> {
    let (summary, rejected) = result?;
    let mut waves: Vec<String> = guard.waves().iter().map(|(l, _)| l.to_owned()).collect();
    waves.sort();
    // Checking the labels together must not panic, whatever it says.
    if let Err(e) = guard.waves().check(&[]) {
        check_error(&e);
        assert!(matches!(e.code(), "wave_conflict" | "invalid_wave"), "{e}");
        assert!(e.location().is_some(), "{e:?}");
    }
    Ok(Read { summary, rejected, records: sorted(records), waves })
}

/// Read CSV bytes in memory (bounded duplicate filter, re-scan).
pub fn read_csv_bytes(data: &[u8], options: &IngestOptions) -> rapport::Result<Read> {
    let mut records = Vec::new();
    let mut guard = DuplicateGuard::for_input_len(data.len());
    let result =
        csv::read_csv_bytes_with_guard(data, Some(FILE), instrument(), options, &mut guard, &mut |r| records.push(r));
    finish(result, records, &guard)
}

/// Read CSV from a plain reader (exact duplicate keys).
pub fn read_csv_plain(data: &[u8], options: &IngestOptions) -> rapport::Result<Read> {
    let mut records = Vec::new();
    let mut guard = DuplicateGuard::new();
    let result =
        csv::read_csv_with_guard(data, Some(FILE), instrument(), options, &mut guard, &mut |r| records.push(r));
    finish(result, records, &guard)
}

/// Read JSON responses.
pub fn read_json(text: &str, options: &IngestOptions) -> rapport::Result<Read> {
    let mut records = Vec::new();
    let mut guard = DuplicateGuard::new();
    let result =
        json::read_json_with_guard(text, Some(FILE), instrument(), options, &mut guard, &mut |r| records.push(r));
    finish(result, records, &guard)
}

fn row_of(e: &Error) -> Option<u64> {
    e.location().and_then(|l| l.row)
}

/// The checks on one read in lenient mode that succeeded.
fn check_lenient(read: &Read) {
    let s = &read.summary;
    assert_eq!(s.rows_in, s.accepted + s.rejected, "rows in = accepted + rejected: {s:?}");
    assert_eq!(read.rejected.len() as u64, s.rejected, "every rejected row is listed");
    assert_eq!(read.records.len() as u64, s.accepted, "every accepted row reached the sink");
    read.rejected.iter().for_each(check_rejected);
    assert!(read.rejected.windows(2).all(|w| w[0].row < w[1].row), "rejected rows in row order, each once");
    let labels: BTreeSet<&str> = read.records.iter().map(|r| r.wave()).collect();
    assert_eq!(labels, read.waves.iter().map(String::as_str).collect(), "the noted waves are the accepted rows' waves");
    // Answers read as missing (`bad_cells`): listed (up to the summary's
    // bound) in row order, each at a kept row and naming its item.
    assert!(s.bad_cells_listed.len() as u64 <= s.bad_cells, "no more bad cells listed than counted: {s:?}");
    assert!(s.bad_cells_listed.windows(2).all(|w| w[0].row <= w[1].row), "bad cells in row order");
    let rejected: BTreeSet<u64> = read.rejected.iter().map(|r| r.row).collect();
    for c in &s.bad_cells_listed {
        assert!(!rejected.contains(&c.row), "a bad cell listed at a rejected row: {c:?}");
        assert!(c.item.is_some() && !c.code.is_empty(), "a bad cell names its item and what was wrong: {c:?}");
    }
}

/// Strict and lenient mode on one input agree (see the module docs).
pub fn check_modes(strict: &rapport::Result<Read>, lenient: &rapport::Result<Read>) {
    for r in [strict, lenient] {
        if let Err(e) = r {
            check_error(e);
        }
    }
    if let Ok(l) = lenient {
        check_lenient(l);
    }
    match (strict, lenient) {
        (Ok(s), Ok(l)) => {
            assert!(l.rejected.is_empty(), "strict accepts what lenient rejects: {:?}", l.rejected);
            assert_eq!(s, l, "strict and lenient read a clean input alike");
        }
        (Err(e), Ok(l)) => {
            let first = l.rejected.first().unwrap_or_else(|| panic!("strict fails ({e}) but lenient rejects nothing"));
            assert!(e.is_row_error(), "lenient skipped an error that is not a row error: {e:?}");
            assert_eq!(
                (row_of(e), e.code(), e.to_string().as_str()),
                (Some(first.row), first.code.as_str(), first.message.as_str()),
                "strict stops at the first row lenient rejects"
            );
        }
        (Err(e), Err(f)) => {
            assert!(!f.is_row_error(), "lenient stopped at a row error: {f:?}");
            // Either the same file-level error, or strict stopped at a bad row
            // before the place where the file breaks.
            if e != f {
                let (re, rf) = (row_of(e), row_of(f));
                assert!(re.is_some() && rf.is_none_or(|rf| re < Some(rf)), "strict {e:?} vs lenient {f:?}");
            }
        }
        (Ok(_), Err(f)) => panic!("lenient fails where strict succeeds: {f:?}"),
    }
}

/// The records of each read of one input agree across readers.
fn same(a: &rapport::Result<Read>, b: &rapport::Result<Read>, what: &str) {
    match (a, b) {
        (Ok(x), Ok(y)) => assert_eq!(x, y, "{what}"),
        (Err(x), Err(y)) => assert_eq!(x, y, "{what}"),
        _ => panic!("{what}: {a:?} vs {b:?}"),
    }
}

/// The raw records of a CSV input as the reader splits them (header first).
fn raw_csv_records(data: &[u8]) -> Vec<::csv::ByteRecord> {
    let data = data.strip_prefix(b"\xef\xbb\xbf").unwrap_or(data);
    let mut rdr = ::csv::ReaderBuilder::new().has_headers(false).flexible(true).from_reader(data);
    rdr.byte_records().map(|r| r.expect("the reader read it before")).collect()
}

/// Every check on one CSV input under `base` options (both modes, both readers).
pub fn check_csv(data: &[u8], base: &IngestOptions) {
    let strict_options = IngestOptions { lenient: false, ..base.clone() };
    let lenient_options = IngestOptions { lenient: true, ..base.clone() };
    let strict = read_csv_bytes(data, &strict_options);
    let lenient = read_csv_bytes(data, &lenient_options);
    same(&strict, &read_csv_plain(data, &strict_options), "bytes and plain readers, strict");
    same(&lenient, &read_csv_plain(data, &lenient_options), "bytes and plain readers, lenient");
    check_modes(&strict, &lenient);
    let Ok(l) = &lenient else { return };
    let raw = raw_csv_records(data);
    assert_eq!(l.summary.rows_in + 1, raw.len() as u64, "rows in are the data rows (after the header)");
    let rejected: BTreeSet<u64> = l.rejected.iter().map(|r| r.row).collect();
    let mut w = ::csv::WriterBuilder::new().flexible(true).from_writer(Vec::new());
    for (i, rec) in raw.iter().enumerate() {
        if !rejected.contains(&(i as u64 + 1)) {
            w.write_byte_record(rec).expect("in memory");
        }
    }
    let kept = w.into_inner().expect("in memory");
    if l.records.is_empty() {
        return; // a header alone is an empty input
    }
    match read_csv_bytes(&kept, &strict_options) {
        Ok(again) => assert_eq!(again.records, l.records, "the kept rows read again give the same records"),
        Err(e) => panic!("strict mode fails on the rows lenient kept: {e}\n{}", String::from_utf8_lossy(&kept)),
    }
}

/// The responses of a JSON input by row, as the reader numbers them (`None`
/// for a line of JSON Lines that is not JSON), when they can be told
/// without ambiguity.
fn json_elements(text: &str) -> Option<Vec<(u64, Option<Value>)>> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let numbered = |list: Vec<Value>| list.into_iter().enumerate().map(|(i, v)| (i as u64 + 1, Some(v))).collect();
    match text.trim_start().chars().next()? {
        '[' => Some(numbered(serde_json::from_str(text).ok()?)),
        '{' if is_json_lines(text) => Some(
            text.lines()
                .enumerate()
                .filter(|(_, l)| !l.trim().is_empty())
                .map(|(i, l)| (i as u64 + 1, serde_json::from_str(l).ok()))
                .collect(),
        ),
        '{' => {
            // A repeated key: the reader takes the first "responses", a map the last.
            if text.matches("\"responses\"").count() > 1 {
                return None;
            }
            match serde_json::from_str::<Value>(text).ok()? {
                Value::Object(mut o) => match o.remove("responses") {
                    Some(Value::Array(list)) => Some(numbered(list)),
                    Some(_) => None,
                    None => Some(vec![(1, Some(Value::Object(o)))]),
                },
                _ => None,
            }
        }
        _ => None,
    }
}

/// The reader's test for JSON Lines.
fn is_json_lines(text: &str) -> bool {
    let mut lines = text.lines().filter(|l| !l.trim().is_empty());
    let (Some(a), Some(b)) = (lines.next(), lines.next()) else { return false };
    [a, b].iter().any(|l| l.trim_start().starts_with('{') && serde_json::from_str::<serde::de::IgnoredAny>(l).is_ok())
}

/// Every check on one JSON responses input under `base` options.
pub fn check_json(text: &str, base: &IngestOptions) {
    let strict_options = IngestOptions { lenient: false, ..base.clone() };
    let lenient_options = IngestOptions { lenient: true, ..base.clone() };
    let strict = read_json(text, &strict_options);
    let lenient = read_json(text, &lenient_options);
    check_modes(&strict, &lenient);
    let Ok(l) = &lenient else { return };
    let Some(elements) = json_elements(text) else { return };
    assert_eq!(l.summary.rows_in, elements.len() as u64, "rows in are the responses of the input");
    let rejected: BTreeSet<u64> = l.rejected.iter().map(|r| r.row).collect();
    let kept: Vec<Value> = elements
        .into_iter()
        .filter(|(row, _)| !rejected.contains(row))
        .map(|(row, v)| v.unwrap_or_else(|| panic!("line {row} is not JSON but was not rejected")))
        .collect();
    if kept.is_empty() {
        return;
    }
    let kept = Value::Array(kept).to_string();
    match read_json(&kept, &strict_options) {
        Ok(again) => assert_eq!(again.records, l.records, "the kept responses read again give the same records"),
        Err(e) => panic!("strict mode fails on the responses lenient kept: {e}\n{kept}"),
    }
}

/// Ingest options picked by the bits of one byte: declared segments, a
/// column mapping, an explicit wave order, answers a scale lacks read as
/// missing.
pub fn options_from_flags(flags: u8) -> IngestOptions {
    let mut o = IngestOptions::default();
    if flags & 1 != 0 {
        o.segments = Some(vec!["department".into()]);
    }
    if flags & 2 != 0 {
        o.mapping = Some(
            rapport::ingest::ColumnMapping::from_json(
                r#"{"respondent": "id", "items": {"Q1": "trust_1", "Q2": "meeting_cadence"},
                    "side_values": {"staff": "it"}, "missing_values": ["-", "99"], "not_applicable_values": ["dk"]}"#,
            )
            .expect("a valid mapping"),
        );
    }
    if flags & 4 != 0 {
        o.wave_order = vec!["2026-01".into(), "w".into(), "2026-Q1".into()];
    }
    if flags & 8 != 0 {
        o.bad_cells = rapport::ingest::BadCells::Missing;
    }
    o
}
