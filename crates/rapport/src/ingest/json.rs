//! JSON responses: an array of responses, `{"responses": [...]}`, or JSON
//! Lines (one response object per line). See [`crate::response`] for the
//! documented form of one response and `schema/response.schema.json`.
//!
//! Rows in errors are the 1-based index of the response in the array, or
//! the line number for JSON Lines. Each element is checked on its own, so in
//! lenient mode one malformed response does not lose the others. JSON is
//! held in memory, so duplicates are caught with an exact set of keys.

use super::dedupe::{DuplicateGuard, Verdict};
use super::{IngestOptions, RejectedRow, SourceSummary};
use crate::error::{Error, Location, Result};
use crate::instrument::Instrument;
use crate::response::{Record, Response};
use serde_json::Value;

/// Read responses from JSON text.
///
/// ```
/// use rapport::{Instrument, ingest::{IngestOptions, json::read_json}};
/// let text = r#"[{"respondent":"r1","side":"it","wave":"2026-01","answers":{"trust_1":4,"trust_2":"na"}}]"#;
/// let mut got = Vec::new();
/// let (summary, _) = read_json(text, None, &Instrument::default(), &IngestOptions::default(), &mut |r| got.push(r)).unwrap();
/// assert_eq!(summary.accepted, 1);
/// ```
pub fn read_json(
    text: &str,
    source: Option<&str>,
    instrument: &Instrument,
    options: &IngestOptions,
    sink: &mut dyn FnMut(Record),
) -> Result<(SourceSummary, Vec<RejectedRow>)> {
    let loc = || Location::file(source);
    let trimmed = text.trim_start_matches('\u{feff}');
    if trimmed.trim().is_empty() {
        return Err(Error::EmptyInput { location: loc() });
    }
    // (row, parsed element or a syntax error for that line)
    let elements: Vec<(u64, std::result::Result<Value, String>)> = match serde_json::from_str::<Value>(trimmed) {
        Ok(Value::Array(a)) => a.into_iter().enumerate().map(|(i, v)| (i as u64 + 1, Ok(v))).collect(),
        Ok(Value::Object(mut o)) if o.contains_key("responses") => match o.remove("responses") {
            Some(Value::Array(a)) => a.into_iter().enumerate().map(|(i, v)| (i as u64 + 1, Ok(v))).collect(),
            _ => {
                return Err(Error::ResponseSyntax {
                    location: loc(),
                    message: "\"responses\" must be an array of response objects".into(),
                });
            }
        },
        Ok(v @ Value::Object(_)) => vec![(1, Ok(v))],
        Ok(_) => {
            return Err(Error::ResponseSyntax {
                location: loc(),
                message: "expected an array of responses, {\"responses\": [...]}, or JSON Lines".into(),
            });
        }
        Err(whole) => {
            // JSON Lines: every non-empty line is one response.
            let lines: Vec<(u64, &str)> = trimmed
                .lines()
                .enumerate()
                .filter(|(_, l)| !l.trim().is_empty())
                .map(|(i, l)| (i as u64 + 1, l))
                .collect();
            if lines.len() < 2 {
                return Err(Error::ResponseSyntax {
                    location: loc().with_row(whole.line() as u64),
                    message: whole.to_string(),
                });
            }
            lines.into_iter().map(|(n, l)| (n, serde_json::from_str::<Value>(l).map_err(|e| e.to_string()))).collect()
        }
    };
    let mut summary =
        SourceSummary { file: source.map(str::to_owned), format: "json".into(), rows_in: 0, accepted: 0, rejected: 0 };
    let mut rejected = Vec::new();
    let mut guard = DuplicateGuard::exact();
    for (row, el) in elements {
        summary.rows_in += 1;
        let at = || loc().with_row(row);
        let result = el
            .map_err(|message| Error::ResponseSyntax { location: at(), message })
            .and_then(|v| {
                serde_json::from_value::<Response>(v)
                    .map_err(|e| Error::ResponseSyntax { location: at(), message: e.to_string() })
            })
            .and_then(|resp| Record::from_response(&resp, instrument, &at()));
        let err = match result {
            Ok(record) => match guard.check(row, record.clone()) {
                Verdict::New(record) => {
                    summary.accepted += 1;
                    sink(record);
                    continue;
                }
                Verdict::Duplicate { first_row } => {
                    Error::DuplicateRespondent { location: at(), wave: record.wave, first_row }
                }
                Verdict::Held => continue, // the exact guard never holds rows
            },
            Err(e) => e,
        };
        if !options.lenient {
            return Err(err);
        }
        summary.rejected += 1;
        rejected.push(RejectedRow::from_error(&err));
    }
    if summary.rows_in == 0 {
        return Err(Error::EmptyInput { location: loc() });
    }
    Ok((summary, rejected))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(text: &str, lenient: bool) -> Result<(SourceSummary, Vec<RejectedRow>)> {
        read_json(
            text,
            Some("r.json"),
            &Instrument::default(),
            &IngestOptions { lenient, ..Default::default() },
            &mut |_| {},
        )
    }

    #[test]
    fn array_object_and_lines() {
        let one = r#"{"respondent":"a","side":"it","wave":"w","answers":{"trust_1":3}}"#;
        let two = r#"{"respondent":"b","side":"business","wave":"w","answers":{}}"#;
        assert_eq!(read(&format!("[{one},{two}]"), false).unwrap().0.accepted, 2);
        assert_eq!(read(&format!("{{\"responses\":[{one}]}}"), false).unwrap().0.accepted, 1);
        assert_eq!(read(&format!("{one}\n\n{two}\n"), false).unwrap().0.accepted, 2);
    }

    #[test]
    fn bad_elements_are_located_and_skipped_in_lenient_mode() {
        let good = r#"{"respondent":"a","side":"it","wave":"w","answers":{"trust_1":3}}"#;
        let bad_side = r#"{"respondent":"b","side":"vendor","wave":"w"}"#;
        let bad_value = r#"{"respondent":"c","side":"it","wave":"w","answers":{"trust_1":8}}"#;
        let e = read(&format!("[{good},{bad_side}]"), false).unwrap_err();
        assert_eq!((e.code(), e.location().unwrap().row), ("response_syntax", Some(2)));
        let (s, r) = read(&format!("{good}\n{bad_side}\n{{oops\n{bad_value}\n{good}\n"), true).unwrap();
        assert_eq!((s.rows_in, s.accepted, s.rejected), (5, 1, 4));
        let codes: Vec<_> = r.iter().map(|x| (x.row, x.code.as_str())).collect();
        assert_eq!(
            codes,
            [(2, "response_syntax"), (3, "response_syntax"), (4, "value_out_of_scale"), (5, "duplicate_respondent")]
        );
        assert_eq!(read("  ", true).unwrap_err().code(), "empty_input");
        assert_eq!(read("[]", true).unwrap_err().code(), "empty_input");
    }
}
