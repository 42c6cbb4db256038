//! Qualtrics survey definitions (`.qsf`, Survey → Tools → Import/Export →
//! Export survey): the mapping for the survey's CSV export, and an
//! instrument for surveys not built from rapport's questionnaire (see
//! [`crate::ingest::definition`] for what each holds).
//!
//! A QSF is JSON: `SurveyEntry` (the survey's name) and `SurveyElements`,
//! whose `"Element": "SQ"` entries hold one question each in `Payload`:
//! `QuestionID`, `DataExportTag` (the export column, `Q5`), `QuestionText`
//! (HTML), `QuestionType` and `Selector`, the statements of a matrix in
//! `Choices` / `ChoiceOrder` (exported as `Q1_1`, `Q1_2` … or under
//! `ChoiceDataExportTags` when set), its answers in `Answers` /
//! `AnswerOrder`, and the code each answer is exported as in `RecodeValues`
//! (answer id → code; the id itself when not recoded). A single-answer
//! multiple-choice question keeps its answers in `Choices`. Text entry,
//! multiple-answer and other question types, and questions in the trash, are
//! left out with a note.
//!
//! ```
//! use rapport::Instrument;
//! use rapport::ingest::mapping::ValueMeaning;
//! let qsf = r#"{"SurveyEntry": {"SurveyName": "Pulse"}, "SurveyElements": [
//!   {"Element": "SQ", "Payload": {"QuestionID": "QID5", "DataExportTag": "Q5", "QuestionType": "Matrix",
//!    "Selector": "Likert", "SubSelector": "SingleAnswer", "QuestionText": "How much do you agree?",
//!    "Choices": {"1": {"Display": "I feel I have to double-check what IT tells us before I act on it."}},
//!    "ChoiceOrder": ["1"],
//!    "Answers": {"1": {"Display": "Strongly disagree"}, "2": {"Display": "Disagree"},
//!      "3": {"Display": "Neither agree nor disagree"}, "4": {"Display": "Agree"}, "5": {"Display": "Strongly agree"}},
//!    "AnswerOrder": [1, 2, 3, 4, 5],
//!    "RecodeValues": {"1": "5", "2": "4", "3": "3", "4": "2", "5": "1"}}}]}"#;
//! let m = rapport::ingest::qsf::mapping(qsf, &Instrument::default()).unwrap();
//! assert_eq!(m.mapping.items["Q5_1"], "trust_3");
//! // Exported 5 is "Strongly disagree": the scale's point 1.
//! assert_eq!(m.mapping.values["trust_3"]["5"], ValueMeaning::Point(1.0));
//! let own = rapport::ingest::qsf::instrument(qsf).unwrap();
//! assert_eq!((own.dimensions().len(), own.items()[0].id.as_str()), (1, "Q5_1"));
//! ```

use super::definition::{self, Answer, Definition, Question, Statement, SurveyMapping, is_not_applicable, plain_text};
use crate::error::{Error, Result};
use crate::instrument::Instrument;
use crate::util::text::{echo, echo_in};
use serde_json::{Map, Value};
use std::collections::{BTreeMap, HashSet};

fn bad(place: &str, expected: &str, found: &str) -> Error {
    Error::InvalidMapping { reason: format!("QSF {place}: expected {expected}, found {found}") }
}

/// A short description of a JSON value, for errors.
fn kind(v: Option<&Value>) -> String {
    match v {
        None => "nothing".into(),
        Some(Value::Null) => "null".into(),
        Some(Value::Bool(b)) => b.to_string(),
        Some(Value::Number(n)) => format!("the number {n}"),
        Some(Value::String(s)) => format!("the text {}", echo(s)),
        Some(Value::Array(a)) => format!("a list of {}", a.len()),
        Some(Value::Object(_)) => "an object".into(),
    }
}

/// A string or a number, as text.
fn scalar(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.trim().to_owned()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

fn text_field(p: &Map<String, Value>, key: &str, place: &str) -> Result<Option<String>> {
    match p.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(v) => scalar(v).map(Some).ok_or_else(|| bad(&format!("{place}.{key}"), "a text", &kind(Some(v)))),
    }
}

/// Entries of `Choices` or `Answers` (id → display text) in the order of
/// `ChoiceOrder` / `AnswerOrder` (or of their ids, numerically).
fn entries(p: &Map<String, Value>, key: &str, order_key: &str, place: &str) -> Result<Vec<(String, String)>> {
    let here = format!("{place}.{key}");
    let map: Vec<(String, &Value)> = match p.get(key) {
        Some(Value::Object(m)) => m.iter().map(|(k, v)| (k.clone(), v)).collect(),
        Some(Value::Array(a)) => a.iter().enumerate().map(|(k, v)| (k.to_string(), v)).collect(),
        other => return Err(bad(&here, "an object of id → {\"Display\": text}", &kind(other))),
    };
    let mut by_id = BTreeMap::new();
    for (id, v) in &map {
        let display = v.get("Display").and_then(scalar);
        let Some(display) = display else {
            return Err(bad(&format!("{here}.{id}"), "an object with a \"Display\" text", &kind(Some(v))));
        };
        by_id.insert(id.clone(), plain_text(&display));
    }
    let order: Vec<String> = match p.get(order_key) {
        None | Some(Value::Null) => {
            let mut ids: Vec<String> = by_id.keys().cloned().collect();
            ids.sort_by_key(|id| (id.parse::<u64>().unwrap_or(u64::MAX), id.clone()));
            ids
        }
        Some(Value::Array(a)) => a
            .iter()
            .map(|v| scalar(v).ok_or_else(|| bad(&format!("{place}.{order_key}"), "a list of ids", &kind(Some(v)))))
            .collect::<Result<_>>()?,
        other => return Err(bad(&format!("{place}.{order_key}"), "a list of ids", &kind(other))),
    };
    order
        .into_iter()
        .map(|id| match by_id.get(&id) {
            Some(d) => Ok((id, d.clone())),
            None => {
                Err(bad(&format!("{place}.{order_key}"), &format!("ids of {key}"), &format!("the id {}", echo(&id))))
            }
        })
        .collect()
}

/// An id → text object (`RecodeValues`, `ChoiceDataExportTags`); absent,
/// `false` or an empty list is none.
fn id_map(p: &Map<String, Value>, key: &str, place: &str) -> Result<BTreeMap<String, String>> {
    match p.get(key) {
        None | Some(Value::Null | Value::Bool(false)) => Ok(BTreeMap::new()),
        Some(Value::Array(a)) if a.is_empty() => Ok(BTreeMap::new()),
        Some(Value::Object(m)) => m
            .iter()
            .map(|(id, v)| match scalar(v) {
                Some(s) => Ok((id.clone(), s)),
                None => Err(bad(&format!("{place}.{key}.{id}"), "a code", &kind(Some(v)))),
            })
            .collect(),
        other => Err(bad(&format!("{place}.{key}"), "an object of id → code", &kind(other))),
    }
}

/// Answers with their export codes; two answers with one code is an error.
fn answers(list: Vec<(String, String)>, recode: &BTreeMap<String, String>, place: &str) -> Result<Vec<Answer>> {
    let mut seen = HashSet::new();
    let mut out = Vec::with_capacity(list.len());
    for (id, label) in list {
        let code = recode.get(&id).cloned().unwrap_or(id);
        if !seen.insert(code.clone()) {
            return Err(bad(
                &format!("{place}.RecodeValues"),
                "one code per answer",
                &format!("two answers coded {}", echo(&code)),
            ));
        }
        out.push(Answer { not_applicable: is_not_applicable(&label), code, label });
    }
    Ok(out)
}

/// Questions in the trash block (left out).
fn trash(elements: &[Value]) -> HashSet<String> {
    let mut ids = HashSet::new();
    for el in elements.iter().filter(|e| e.get("Element").and_then(Value::as_str) == Some("BL")) {
        let blocks: Vec<&Value> = match el.get("Payload") {
            Some(Value::Array(a)) => a.iter().collect(),
            Some(Value::Object(m)) => m.values().collect(),
            _ => Vec::new(),
        };
        for b in blocks.into_iter().filter(|b| b.get("Type").and_then(Value::as_str) == Some("Trash")) {
            for e in b.get("BlockElements").and_then(Value::as_array).into_iter().flatten() {
                if let Some(q) = e.get("QuestionID").and_then(Value::as_str) {
                    ids.insert(q.to_owned());
                }
            }
        }
    }
    ids
}

/// What one `SQ` element is: a question rapport reads, or why not.
fn question(p: &Map<String, Value>, place: &str) -> Result<std::result::Result<Question, String>> {
    let Some(qid) = text_field(p, "QuestionID", place)? else {
        return Err(bad(&format!("{place}.QuestionID"), "the question's id (QID…)", "nothing"));
    };
    let tag = text_field(p, "DataExportTag", place)?.filter(|t| !t.is_empty()).unwrap_or_else(|| qid.clone());
    let place = format!("{place} ({qid}, {tag})");
    let qtype = text_field(p, "QuestionType", &place)?.unwrap_or_default();
    let selector = text_field(p, "Selector", &place)?.unwrap_or_default();
    let sub = text_field(p, "SubSelector", &place)?.unwrap_or_default();
    let text = plain_text(&text_field(p, "QuestionText", &place)?.unwrap_or_default());
    let recode = id_map(p, "RecodeValues", &place)?;
    match qtype.as_str() {
        "Matrix" if selector == "Likert" && sub != "MultipleAnswer" && sub != "DL" => {
            let tags = id_map(p, "ChoiceDataExportTags", &place)?;
            let statements = entries(p, "Choices", "ChoiceOrder", &place)?
                .into_iter()
                .map(|(id, text)| {
                    let columns = match tags.get(&id).filter(|t| !t.is_empty()) {
                        Some(t) => vec![t.clone(), format!("{tag}_{t}")],
                        None => vec![format!("{tag}_{id}")],
                    };
                    Statement { columns, text }
                })
                .collect();
            let answers = answers(entries(p, "Answers", "AnswerOrder", &place)?, &recode, &place)?;
            Ok(Ok(Question { place, tag, text, matrix: true, statements, answers }))
        }
        "MC" if matches!(selector.as_str(), "SAVR" | "SAHR" | "SACOL" | "DL" | "SB" | "NPS") => {
            let answers = answers(entries(p, "Choices", "ChoiceOrder", &place)?, &recode, &place)?;
            let statements = vec![Statement { columns: vec![tag.clone()], text: text.clone() }];
            Ok(Ok(Question { place, tag, text, matrix: false, statements, answers }))
        }
        _ => Ok(Err(format!(
            "{place}: {} {} is not read (single-answer multiple choice and Likert matrix questions are)",
            if qtype.is_empty() { "a question without a type" } else { qtype.as_str() },
            selector
        )
        .replace("  ", " "))),
    }
}

/// Read a QSF into a [`Definition`]. Not JSON, or a survey element not of
/// the documented form (which element, which key, what was expected), is
/// [`Error::InvalidMapping`].
pub fn parse(qsf: &str) -> Result<Definition> {
    let root: Value = serde_json::from_str(qsf.trim_start_matches('\u{feff}')).map_err(|e| Error::InvalidMapping {
        reason: format!("QSF is not JSON: {} (line {} column {})", echo_in(&e.to_string()), e.line(), e.column()),
    })?;
    let Some(root) = root.as_object() else { return Err(bad("file", "a JSON object", &kind(Some(&root)))) };
    let name = root.get("SurveyEntry").and_then(|e| e.get("SurveyName")).and_then(scalar).unwrap_or_default();
    let elements = match root.get("SurveyElements") {
        Some(Value::Array(a)) => a,
        other => return Err(bad("SurveyElements", "a list of survey elements", &kind(other))),
    };
    let trashed = trash(elements);
    let mut def = Definition { tool: "Qualtrics", name, ..Default::default() };
    for (i, el) in elements.iter().enumerate() {
        let place = format!("SurveyElements[{i}]");
        let Some(el) = el.as_object() else { return Err(bad(&place, "an object", &kind(Some(el)))) };
        if el.get("Element").and_then(Value::as_str) != Some("SQ") {
            continue;
        }
        let payload = match el.get("Payload") {
            Some(Value::Object(p)) => p,
            other => return Err(bad(&format!("{place}.Payload"), "the question as an object", &kind(other))),
        };
        let qid = payload.get("QuestionID").and_then(scalar).unwrap_or_default();
        match question(payload, &place)? {
            Ok(q) if trashed.contains(&qid) => {
                def.skipped.push((q.tag.clone(), format!("{}: in the trash", q.place)));
            }
            Ok(q) => def.questions.push(q),
            Err(why) => {
                let tag = text_field(payload, "DataExportTag", &place)?.unwrap_or_else(|| place.clone());
                def.skipped.push((tag, why));
            }
        }
    }
    Ok(def)
}

/// The mapping for the CSV export of the survey a QSF defines, matched to
/// `instrument` (see the [module docs](self) for an example).
pub fn mapping(qsf: &str, instrument: &Instrument) -> Result<SurveyMapping> {
    Ok(definition::mapping(&parse(qsf)?, instrument))
}

/// An instrument from a QSF: one dimension per Likert matrix question, its
/// statements the items (ids are the export columns), its answers the
/// scale; a starting point to edit (see [`definition::instrument`]).
pub fn instrument(qsf: &str) -> Result<Instrument> {
    definition::instrument(&parse(qsf)?)
}
