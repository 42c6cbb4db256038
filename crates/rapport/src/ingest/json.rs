//! JSON responses in the documented form ([`crate::ingest::response`],
//! `schema/response.schema.json`), in any of three layouts:
//!
//! * an array of responses: `[{…}, {…}]`;
//! * an object with a `responses` array: `{"responses": [{…}, {…}]}` (other
//!   top-level keys, such as `schema_version`, are ignored); a single
//!   response object on its own is read as one response;
//! * JSON Lines: one response object per line (`.jsonl`, `.ndjson`). Text is
//!   taken as JSON Lines when it has at least two non-blank lines and one of
//!   the first two is a complete JSON object by itself.
//!
//! Rows in errors are the 1-based index of the response in its array, or the
//! line number for JSON Lines. Arrays are read one element at a time and each
//! element is checked on its own, so memory holds one element besides the
//! text, and in lenient mode one malformed response (a wrong type, an unknown
//! side, a line that is not JSON) does not lose the others. A syntax error
//! that breaks an array or object is a file-level `response_syntax` error in
//! both modes; its message gives the line and column.
//!
//! Problems get the same codes as in CSV: a missing or empty `respondent`,
//! `side` or `wave` is `missing_field`, a side other than `it`/`business`
//! (any case) is `unknown_side`, an answer of the wrong type is
//! `invalid_value` naming the item, an unknown item `unknown_item`. Integer
//! respondent ids, waves and segment values are read as text (exports from
//! data frames often write ids as numbers).
//!
//! JSON is parsed from memory and cannot be re-scanned, so duplicate
//! respondents are caught with an exact set of keys (see [`super::dedupe`]).

use super::dedupe::{DuplicateGuard, Held, RejectSink, Tally, TallyOf, collect_rejected};
use super::{IngestOptions, RejectedRow, SourceSummary};
use crate::error::{Error, Location, Result};
use crate::ingest::response::{Answer, Record, Response, RowView};
use crate::instrument::Instrument;
use crate::instrument::Side;
use crate::util::text::{echo, echo_in};
use crate::waves::check_wave_label;
use serde::de::{self, DeserializeSeed, Deserializer as _, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde_json::{Map, Value};
use std::collections::BTreeMap;
use std::fmt;

/// Read responses from JSON text (see the module docs for the layouts),
/// handing each accepted record to `sink`. `source` names the input in errors.
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
    read_json_with_guard(text, source, instrument, options, &mut DuplicateGuard::new(), sink)
}

/// [`read_json`] sharing a [`DuplicateGuard`] with the other inputs of one
/// report, so that a respondent answering a wave in two inputs is caught.
pub fn read_json_with_guard(
    text: &str,
    source: Option<&str>,
    instrument: &Instrument,
    options: &IngestOptions,
    guard: &mut DuplicateGuard<'_>,
    sink: &mut dyn FnMut(Record),
) -> Result<(SourceSummary, Vec<RejectedRow>)> {
    let sink = &mut |r: RowView<'_>| sink(r.to_record());
    collect_rejected(|rejects| stream_json(text, source, instrument, options, guard, sink, rejects))
}

/// [`read_json_with_guard`] handing each rejected row to `rejects` as it is
/// found, in row order, instead of returning them.
pub(crate) fn stream_json(
    text: &str,
    source: Option<&str>,
    instrument: &Instrument,
    options: &IngestOptions,
    guard: &mut DuplicateGuard<'_>,
    sink: &mut dyn FnMut(RowView<'_>),
    rejects: RejectSink<'_>,
) -> Result<SourceSummary> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let Some(first) = text.trim_start().chars().next() else {
        return Err(Error::EmptyInput { location: Location::file(source) });
    };
    guard.begin_source(source, None);
    let mut rows = Rows {
        tally: Tally::new(
            TallyOf {
                file: source,
                format: "json",
                lenient: options.lenient,
                respondent_column: None,
                wave_column: Some("wave"),
            },
            rejects,
        ),
        instrument,
        wave_order: &options.wave_order,
        #[cfg(feature = "import")]
        bad_cells_missing: options.bad_cells == super::BadCells::Missing,
        guard,
        sink,
        parsing: None,
    };
    let result = match first {
        '[' => rows.array(text),
        '{' if is_json_lines(text) => rows.lines(text),
        '{' => rows.document(text),
        _ => Err(Error::ResponseSyntax {
            location: Location::file(source),
            message: "expected an array of responses, {\"responses\": [...]}, or JSON Lines (one response object \
                      per line)"
                .into(),
        }),
    };
    let Rows { mut tally, guard, sink, .. } = rows;
    let result = result.and_then(|()| tally.finish(guard, sink, &mut never_held));
    guard.end_source(tally.last_row);
    result.map(|()| tally.summary)
}

/// Two or more non-blank lines, one of the first two a JSON object by itself.
fn is_json_lines(text: &str) -> bool {
    let mut lines = text.lines().filter(|l| !l.trim().is_empty());
    let (Some(a), Some(b)) = (lines.next(), lines.next()) else { return false };
    [a, b].iter().any(|l| l.trim_start().starts_with('{') && serde_json::from_str::<IgnoredAny>(l).is_ok())
}

/// What kind of JSON value `v` is, for messages ("a string", "null" …).
pub(crate) fn kind(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

/// One element in the documented form → a [`Response`], with rapport's
/// error codes rather than serde's messages.
fn response_from_value(value: Value, at: &Location) -> Result<Response> {
    let syntax = |message: String| Error::ResponseSyntax { location: at.clone(), message };
    let Value::Object(mut obj) = value else {
        return Err(syntax(format!("expected a response object, found {}", kind(&value))));
    };
    const FIELDS: [&str; 5] = ["respondent", "side", "wave", "segments", "answers"];
    if let Some(k) = obj.keys().find(|k| !FIELDS.contains(&k.as_str())) {
        return Err(syntax(format!("unknown field {} (a response has {})", echo(k), FIELDS.join(", "))));
    }
    let missing = |field: &str| Error::MissingField { location: at.clone(), field: field.to_owned() };
    let mut text = |field: &str| match obj.remove(field) {
        Some(Value::String(s)) => Ok(s),
        Some(Value::Number(n)) if n.is_i64() || n.is_u64() => Ok(n.to_string()),
        None | Some(Value::Null) => Err(missing(field)),
        Some(other) => Err(syntax(format!("{field} must be a string, found {}", kind(&other)))),
    };
    let respondent = text("respondent")?;
    let wave = text("wave")?;
    let side = match obj.remove("side") {
        Some(Value::String(s)) => {
            s.parse::<Side>().map_err(|()| Error::UnknownSide { location: at.clone(), found: s })?
        }
        None | Some(Value::Null) => return Err(missing("side")),
        Some(other) => return Err(Error::UnknownSide { location: at.clone(), found: other.to_string() }),
    };
    let segments = match obj.remove("segments") {
        None | Some(Value::Null) => BTreeMap::new(),
        Some(Value::Object(m)) => {
            let mut segments = BTreeMap::new();
            for (k, v) in m {
                let v = match v {
                    Value::Null => continue,
                    Value::String(s) => s,
                    Value::Number(n) => n.to_string(),
                    Value::Bool(b) => b.to_string(),
                    other => {
                        return Err(syntax(format!("segment {} must be a string, found {}", echo(&k), kind(&other))));
                    }
                };
                segments.insert(k, v);
            }
            segments
        }
        Some(other) => return Err(syntax(format!("segments must be an object, found {}", kind(&other)))),
    };
    let answers = match obj.remove("answers") {
        None | Some(Value::Null) => BTreeMap::new(),
        Some(Value::Object(m)) => {
            let mut answers = BTreeMap::new();
            for (item, v) in m {
                let answer = match v {
                    Value::Bool(_) | Value::Array(_) | Value::Object(_) => Err(v.to_string()),
                    v => serde_json::from_value::<Answer>(v).map_err(|e| e.to_string()),
                }
                .map_err(|found| Error::InvalidValue {
                    location: at.clone().with_item(item.clone()),
                    expected: "a number, null, \"na\" or an option id".into(),
                    found,
                })?;
                answers.insert(item, answer);
            }
            answers
        }
        Some(other) => return Err(syntax(format!("answers must be an object, found {}", kind(&other)))),
    };
    Ok(Response { respondent, side, wave, segments, answers })
}

/// Whether an error is an answer that breaks its item's rule (the cells
/// [`super::BadCells::Missing`] reads as missing).
#[cfg(feature = "import")]
fn breaks_item_rule(e: &Error) -> bool {
    matches!(e, Error::ValueOutOfScale { .. } | Error::InvalidValue { .. } | Error::NotApplicableNotAllowed { .. })
}

/// JSON is never read again, so no row of it is ever held back (see
/// [`super::dedupe`]): nothing to read again.
fn never_held(_: &Held, _: &mut dyn FnMut(RowView<'_>)) -> Result<()> {
    Ok(())
}

/// One read: the shared bookkeeping plus the parser's position.
struct Rows<'a, 'g> {
    tally: Tally<'a>,
    instrument: &'a Instrument,
    /// The options' wave order.
    wave_order: &'a [String],
    /// An answer that breaks its item's rule is read as missing.
    #[cfg(feature = "import")]
    bad_cells_missing: bool,
    guard: &'a mut DuplicateGuard<'g>,
    sink: &'a mut dyn FnMut(RowView<'_>),
    /// Index of the array element being parsed, for syntax errors.
    parsing: Option<u64>,
}

impl Rows<'_, '_> {
    /// Validate one element; `Err` stops the read (strict mode).
    fn element(&mut self, row: u64, parsed: std::result::Result<Value, String>) -> Result<()> {
        let at = Location::file(self.tally.summary.file.as_deref()).with_row(row);
        #[cfg(feature = "import")]
        let mut bad = Vec::new();
        let result = parsed
            .map_err(|message| Error::ResponseSyntax { location: at.clone(), message })
            .and_then(|v| response_from_value(v, &at))
            .and_then(|resp| {
                // After the checks for an empty respondent or wave, as in CSV.
                if !resp.respondent.trim().is_empty() && !resp.wave.trim().is_empty() {
                    check_wave_label(&resp.wave, self.wave_order, || at.clone().with_column("wave"))?;
                }
                #[cfg(feature = "import")]
                return self.record(resp, &at, &mut bad);
                #[cfg(not(feature = "import"))]
                Record::from_response(&resp, self.instrument, &at)
            });
        match result {
            Ok(record) => {
                // The cells read as missing are counted if the row is kept.
                #[cfg(feature = "import")]
                let view = RowView { bad_cells: &bad, ..record.view() };
                #[cfg(not(feature = "import"))]
                let view = record.view();
                self.tally.row(self.guard, (row, 0), Ok(view), self.sink, &mut never_held)
            }
            Err(e) => self.tally.row(self.guard, (row, 0), Err(e), self.sink, &mut never_held),
        }
    }

    /// The response validated into a record. With `bad_cells_missing` an
    /// answer that breaks its item's rule is taken out of the response (read
    /// as missing), its error pushed to `bad`, and the rest validated again:
    /// answers are checked in item order, so `bad` is in that order too.
    #[cfg(feature = "import")]
    fn record(&self, mut resp: Response, at: &Location, bad: &mut Vec<Error>) -> Result<Record> {
        loop {
            let e = match Record::from_response(&resp, self.instrument, at) {
                Err(e) if self.bad_cells_missing && breaks_item_rule(&e) => e,
                result => return result,
            };
            match e.location().and_then(|l| l.item.as_ref()).and_then(|i| resp.answers.remove(i)) {
                Some(_) => bad.push(e),
                None => return Err(e),
            }
        }
    }

    /// A parser error that breaks the document: file-level, so it names no
    /// row (which lenient mode would skip); the message gives the line and
    /// column, and the response it broke in.
    fn syntax(&self, e: &serde_json::Error) -> Error {
        let location = Location::file(self.tally.summary.file.as_deref());
        let mut message = echo_in(&e.to_string());
        if let Some(row) = self.parsing {
            message.push_str(&format!(" (in response {row})"));
        }
        Error::ResponseSyntax { location, message }
    }

    /// Run a serde visitor over the text; a row error that stopped it wins
    /// over the parser error it was reported through.
    fn drive(&mut self, text: &str, document: bool) -> Result<()> {
        let mut de = serde_json::Deserializer::from_str(text);
        let mut stopped = None;
        let parsed = if document {
            de.deserialize_map(DocumentVisitor { rows: self, stopped: &mut stopped })
        } else {
            de.deserialize_seq(ElementsVisitor { rows: self, stopped: &mut stopped })
        };
        if let Some(e) = stopped {
            return Err(e);
        }
        parsed.map_err(|e| self.syntax(&e))?;
        // Past the array: trailing text is not in any response.
        self.parsing = None;
        de.end().map_err(|e| self.syntax(&e))
    }

    fn array(&mut self, text: &str) -> Result<()> {
        self.drive(text, false)
    }

    fn document(&mut self, text: &str) -> Result<()> {
        self.drive(text, true)
    }

    fn lines(&mut self, text: &str) -> Result<()> {
        for (i, line) in text.lines().enumerate() {
            if line.trim().is_empty() {
                continue;
            }
            let parsed = serde_json::from_str::<Value>(line).map_err(|e| {
                // serde's "at line 1 column n" would be wrong for line i + 1.
                let message = e.to_string();
                let message = message.rsplit_once(" at line ").map_or(message.as_str(), |(m, _)| m);
                format!("{} (column {})", echo_in(message), e.column())
            });
            self.element(i as u64 + 1, parsed)?;
        }
        Ok(())
    }
}

/// The elements of an array, validated one at a time.
struct ElementsVisitor<'r, 'a, 'g> {
    rows: &'r mut Rows<'a, 'g>,
    stopped: &'r mut Option<Error>,
}

impl<'de> Visitor<'de> for ElementsVisitor<'_, '_, '_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an array of response objects")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> std::result::Result<(), A::Error> {
        let mut index = 0u64;
        loop {
            self.rows.parsing = Some(index + 1);
            let Some(value) = seq.next_element::<Value>()? else { break };
            index += 1;
            if let Err(e) = self.rows.element(index, Ok(value)) {
                *self.stopped = Some(e);
                return Err(de::Error::custom("stopped at a bad response"));
            }
        }
        self.rows.parsing = None;
        Ok(())
    }
}

impl<'de> DeserializeSeed<'de> for ElementsVisitor<'_, '_, '_> {
    type Value = ();

    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> std::result::Result<(), D::Error> {
        d.deserialize_seq(self)
    }
}

/// A top-level object: `{"responses": [...]}` or one response.
struct DocumentVisitor<'r, 'a, 'g> {
    rows: &'r mut Rows<'a, 'g>,
    stopped: &'r mut Option<Error>,
}

impl<'de> Visitor<'de> for DocumentVisitor<'_, '_, '_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a response object or {\"responses\": [...]}")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> std::result::Result<(), A::Error> {
        let mut other = Map::new();
        let mut wrapped = false;
        while let Some(key) = map.next_key::<String>()? {
            if key == "responses" && !wrapped {
                wrapped = true;
                map.next_value_seed(ElementsVisitor { rows: &mut *self.rows, stopped: &mut *self.stopped })?;
            } else {
                let value: Value = map.next_value()?;
                other.insert(key, value);
            }
        }
        if !wrapped && let Err(e) = self.rows.element(1, Ok(Value::Object(other))) {
            *self.stopped = Some(e);
            return Err(de::Error::custom("stopped at a bad response"));
        }
        Ok(())
    }
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

    fn codes(r: &[RejectedRow]) -> Vec<(u64, &str)> {
        r.iter().map(|x| (x.row, x.code.as_str())).collect()
    }

    const ONE: &str = r#"{"respondent":"a","side":"it","wave":"w","answers":{"trust_1":3}}"#;
    const TWO: &str = r#"{"respondent":"b","side":"business","wave":"w","answers":{}}"#;

    #[test]
    fn array_object_single_and_lines() {
        assert_eq!(read(&format!("[{ONE},{TWO}]"), false).unwrap().0.accepted, 2);
        assert_eq!(read(&format!("\u{feff} [\n {ONE},\n {TWO}\n]\n"), false).unwrap().0.accepted, 2);
        assert_eq!(read(&format!("{{\"schema_version\": 1, \"responses\":[{ONE}]}}"), false).unwrap().0.accepted, 1);
        assert_eq!(read(ONE, false).unwrap().0.accepted, 1);
        let pretty = "{\n  \"respondent\": \"a\",\n  \"side\": \"it\",\n  \"wave\": \"w\"\n}\n";
        assert_eq!(read(pretty, false).unwrap().0.accepted, 1);
        assert_eq!(read(&format!("{ONE}\n\n{TWO}\n"), false).unwrap().0.accepted, 2);
        assert_eq!(read(&format!("{ONE}\r\n{TWO}\r\n"), false).unwrap().0.accepted, 2);
    }

    #[test]
    fn bad_cells_are_read_as_missing_in_item_order_for_kept_responses_only() {
        // r1: trust_1 is 9 (out of the scale) and overall_rating "na" (an
        // item without N/A); its duplicate (row 3) counts no cell; r2's
        // unknown item still rejects it.
        let r1 =
            r#"{"respondent":"a","side":"it","wave":"w","answers":{"trust_2":4,"trust_1":9,"overall_rating":"na"}}"#;
        let dup = r#"{"respondent":"a","side":"it","wave":"w","answers":{"trust_1":7}}"#;
        let r2 = r#"{"respondent":"b","side":"it","wave":"w","answers":{"trust_1":9,"trust_99":1}}"#;
        let opts = IngestOptions { lenient: true, bad_cells: super::super::BadCells::Missing, ..Default::default() };
        let mut kept = Vec::new();
        let text = format!("[{r1},{dup},{r2}]");
        let (s, r) = read_json(&text, Some("r.json"), &Instrument::default(), &opts, &mut |x| kept.push(x)).unwrap();
        assert_eq!((s.accepted, s.rejected, s.bad_cells), (1, 2, 2));
        assert_eq!(codes(&r), [(2, "duplicate_respondent"), (3, "unknown_item")]);
        let listed: Vec<(u64, &str, Option<&str>)> =
            s.bad_cells_listed.iter().map(|c| (c.row, c.code.as_str(), c.item.as_deref())).collect();
        assert_eq!(
            listed,
            [(1, "not_applicable_not_allowed", Some("overall_rating")), (1, "value_out_of_scale", Some("trust_1"))]
        );
        let inst = Instrument::default();
        let cell = |id: &str| kept[0].cells()[inst.slot_index(id).unwrap()];
        assert_eq!((cell("trust_1"), cell("trust_2")), (crate::Cell::Missing, crate::Cell::Value(4.0)));
        // Without the option the first bad answer rejects the response.
        let (s, r) = read(&text, true).unwrap();
        assert_eq!((s.accepted, s.bad_cells, r[0].code.as_str()), (0, 0, "not_applicable_not_allowed"));
    }

    #[test]
    fn bad_elements_are_located_and_skipped_in_lenient_mode() {
        let bad_side = r#"{"respondent":"b","side":"vendor","wave":"w"}"#;
        let bad_value = r#"{"respondent":"c","side":"it","wave":"w","answers":{"trust_1":8}}"#;
        let e = read(&format!("[{ONE},{bad_side}]"), false).unwrap_err();
        assert_eq!((e.code(), e.location().unwrap().row), ("unknown_side", Some(2)));
        let (s, r) = read(&format!("{ONE}\n{bad_side}\n{{oops\n{bad_value}\n{ONE}\n"), true).unwrap();
        assert_eq!((s.rows_in, s.accepted, s.rejected), (5, 1, 4));
        assert_eq!(
            codes(&r),
            [(2, "unknown_side"), (3, "response_syntax"), (4, "value_out_of_scale"), (5, "duplicate_respondent")]
        );
        assert!(r[1].message.ends_with("(column 2)"), "{}", r[1].message);
        // Same in an array: one bad element does not lose the others.
        let (s, r) = read(&format!("[{ONE}, 42, {bad_value}, {TWO}]"), true).unwrap();
        assert_eq!((s.accepted, codes(&r)), (2, vec![(2, "response_syntax"), (3, "value_out_of_scale")]));
        for empty in ["  ", "[]", "{\"responses\": []}", "\u{feff}"] {
            assert_eq!(read(empty, true).unwrap_err().code(), "empty_input", "{empty:?}");
        }
    }

    #[test]
    fn lenient_mode_skips_exactly_the_row_errors() {
        let cases = [
            (format!("[{ONE}, 42, {TWO}]"), true),
            (format!(r#"[{ONE}, {{"respondent":"x","side":"it","wave":"w","extra":1}}, {TWO}]"#), true),
            (format!("{ONE}\n{{oops\n{TWO}\n"), true),
            (format!(r#"[{ONE}, {{"respondent":"x","side":"it","wave":"w","segments":[1]}}]"#), true),
            (format!("[{ONE}, {{\"respondent\": \"b\",, }}]"), false),
            (format!("[{ONE}] x"), false),
            ("\"hello\"".to_owned(), false),
        ];
        for (text, skipped) in &cases {
            let strict = read(text, false).unwrap_err();
            assert_eq!(strict.code(), "response_syntax", "{text}");
            assert_eq!(strict.is_row_error(), *skipped, "{strict:?}");
            match read(text, true) {
                Ok((_, rejected)) => {
                    assert!(*skipped, "lenient mode skipped {strict:?}");
                    let want = (strict.location().and_then(|l| l.row), strict.code(), strict.to_string());
                    assert_eq!((Some(rejected[0].row), rejected[0].code.as_str(), rejected[0].message.clone()), want);
                }
                Err(lenient) => {
                    assert!(!*skipped, "lenient mode stopped at {lenient:?}");
                    assert_eq!(lenient, strict);
                }
            }
        }
    }

    #[test]
    fn bad_wave_labels_are_row_errors_and_huge_values_are_cut() {
        let bad = r#"{"respondent":"b","side":"it","wave":"2026-02-30","answers":{"trust_1":3}}"#;
        let e = read(&format!("[{ONE},{bad}]"), false).unwrap_err();
        let l = e.location().unwrap();
        assert_eq!((e.code(), l.row, l.column.as_deref()), ("invalid_wave", Some(2), Some("wave")));
        let (s, r) = read(&format!("[{ONE},{bad},{TWO}]"), true).unwrap();
        assert_eq!((s.accepted, codes(&r)), (2, vec![(2, "invalid_wave")]));
        // A huge unknown field, side, item or answer: short messages.
        let huge = "k".repeat(2_000_000);
        let cases = [
            format!(r#"{{"respondent":"a","side":"it","wave":"w","{huge}":1}}"#),
            format!(r#"{{"respondent":"a","side":"{huge}","wave":"w"}}"#),
            format!(r#"{{"respondent":"a","side":"it","wave":"w","answers":{{"{huge}":1}}}}"#),
            format!(r#"{{"respondent":"a","side":"it","wave":"w","answers":{{"meeting_cadence":"{huge}"}}}}"#),
            format!(
                r#"{{"respondent":"a","side":"it","wave":"w","answers":{{"trust_1":[{}]}}}}"#,
                "1,".repeat(100_000) + "1"
            ),
        ];
        for case in &cases {
            let (_, r) = read(&format!("[{case}]"), true).unwrap();
            assert_eq!(r.len(), 1);
            assert!(r[0].message.len() < 400, "{}", &r[0].message[..400]);
            assert!(r[0].message.contains(" more characters)"), "{}", r[0].message);
        }
        // A syntax error quoting a huge value.
        let e = read(&format!("[{{\"respondent\": \"{huge}\" \"side\"}}]"), false).unwrap_err();
        assert!(e.to_string().len() < 400, "{e}");
    }

    #[test]
    fn shape_errors_get_the_csv_codes() {
        let one = |body: &str| read(&format!("[{body}]"), false).unwrap_err();
        let e = one(r#"{"side":"it","wave":"w"}"#);
        assert_eq!(e.to_string(), "r.json, row 1: respondent is empty");
        assert_eq!(one(r#"{"respondent":" ","side":"it","wave":"w"}"#).code(), "missing_field");
        assert_eq!(one(r#"{"respondent":"a","wave":"w"}"#).code(), "missing_field");
        assert_eq!(one(r#"{"respondent":"a","side":3,"wave":"w"}"#).code(), "unknown_side");
        let e = one(r#"{"respondent":"a","side":"it","wave":"w","answers":{"trust_2":true}}"#);
        assert_eq!((e.code(), e.location().unwrap().item.as_deref()), ("invalid_value", Some("trust_2")));
        assert_eq!(one(r#"{"respondent":"a","side":"it","wave":"w","answers":{"trust_9":1}}"#).code(), "unknown_item");
        let e = one(r#"{"respondent":"a","side":"it","wave":"w","timestamp":1}"#);
        assert!(e.to_string().contains("unknown field \"timestamp\""), "{e}");
        assert_eq!(one(r#"{"respondent":"a","side":"it","wave":"w","segments":[1]}"#).code(), "response_syntax");
        // Friendly forms: numeric ids and waves, side in any case, numeric segments.
        let mut got = Vec::new();
        let text = r#"[{"respondent":1001,"side":"IT","wave":202601,"segments":{"level":3,"site":null}}]"#;
        read_json(text, None, &Instrument::default(), &IngestOptions::default(), &mut |r| got.push(r)).unwrap();
        assert_eq!((got[0].respondent.as_str(), got[0].wave.as_str(), got[0].side), ("1001", "202601", Side::It));
        assert_eq!(got[0].segments.len(), 1);
        assert_eq!(got[0].segments["level"], "3");
    }

    #[test]
    fn broken_documents_are_file_errors_with_line_and_column() {
        let text = format!("[\n {ONE},\n {{\"respondent\": \"b\",, }}\n]");
        for lenient in [false, true] {
            let e = read(&text, lenient).unwrap_err();
            assert_eq!((e.code(), e.location().unwrap().row, e.is_row_error()), ("response_syntax", None, false));
            assert!(e.to_string().contains("line 3 column"), "{e}");
            assert!(e.to_string().ends_with("(in response 2)"), "{e}");
        }
        let e = read(&format!("[{ONE}] x"), false).unwrap_err();
        assert_eq!((e.code(), e.location().unwrap().row), ("response_syntax", None));
        assert_eq!(read("\"hello\"", true).unwrap_err().code(), "response_syntax");
        assert_eq!(read("{\"responses\": 3}", true).unwrap_err().code(), "response_syntax");
        let pretty_broken = "{\n  \"respondent\": \"a\",\n  \"side\": \"it\"\n  \"wave\": \"w\"\n}\n";
        let e = read(pretty_broken, true).unwrap_err();
        assert!(e.to_string().contains("line 4"), "{e}");
    }

    #[test]
    fn strict_mode_stops_at_the_first_bad_response() {
        let bad = r#"{"respondent":"c","side":"it","wave":"w","answers":{"trust_1":8}}"#;
        let mut n = 0;
        let e = read_json(
            &format!("[{ONE}, {bad}, {TWO}]"),
            Some("r.json"),
            &Instrument::default(),
            &IngestOptions::default(),
            &mut |_| n += 1,
        )
        .unwrap_err();
        assert_eq!((e.code(), e.location().unwrap().row, n), ("value_out_of_scale", Some(2), 1));
        let e = read(&format!("{{\"responses\": [{ONE}, {ONE}]}}"), false).unwrap_err();
        assert_eq!(e.to_string(), "r.json, row 2: respondent answered wave \"w\" twice (first at row 1)");
    }

    /// Random inputs built from JSON's pieces never panic, and every row read
    /// is accounted for.
    #[test]
    fn random_inputs_never_panic() {
        const PIECES: [&str; 20] = [
            "[",
            "]",
            "{",
            "}",
            ",",
            ":",
            "\n",
            "\"respondent\":",
            "\"side\":",
            "\"wave\":",
            "\"answers\":",
            "\"responses\":",
            "\"r1\"",
            "\"it\"",
            "\"w\"",
            "\"trust_1\"",
            "4",
            "null",
            "\"na\"",
            ONE,
        ];
        let mut state = 0x9e37_79b9_7f4a_7c15u64; // xorshift64*, fixed seed
        let mut next = move |n: usize| {
            state ^= state >> 12;
            state ^= state << 25;
            state ^= state >> 27;
            (state.wrapping_mul(0x2545_f491_4f6c_dd1d) >> 33) as usize % n
        };
        let inst = Instrument::default();
        for _ in 0..3000 {
            let text: String = (0..1 + next(30)).map(|_| PIECES[next(PIECES.len())]).collect();
            for lenient in [false, true] {
                let opts = IngestOptions { lenient, ..Default::default() };
                if let Ok((s, r)) = read_json(&text, None, &inst, &opts, &mut |_| {}) {
                    assert_eq!((s.rows_in, r.len() as u64), (s.accepted + s.rejected, s.rejected), "{text}");
                }
            }
        }
    }

    #[test]
    fn a_shared_guard_spans_json_and_csv() {
        let inst = Instrument::default();
        let opts = IngestOptions { lenient: true, ..Default::default() };
        let mut guard = DuplicateGuard::new();
        let csv = b"respondent,side,wave,trust_1\na,it,w,4\n";
        crate::ingest::csv::read_csv_bytes_with_guard(csv, Some("a.csv"), &inst, &opts, &mut guard, &mut |_| {})
            .unwrap();
        let (s, r) =
            read_json_with_guard(&format!("[{TWO}, {ONE}]"), Some("b.json"), &inst, &opts, &mut guard, &mut |_| {})
                .unwrap();
        assert_eq!((s.accepted, codes(&r)), (1, vec![(2, "duplicate_respondent")]));
        assert!(r[0].message.ends_with("(first at a.csv, row 2)"), "{}", r[0].message);
    }
}
