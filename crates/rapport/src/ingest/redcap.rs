//! REDCap data dictionaries (Project Setup → Data Dictionary → Download the
//! current Data Dictionary, a CSV file): the mapping for the project's raw
//! CSV export, and an instrument for projects not built from rapport's
//! questionnaire (see [`crate::ingest::definition`] for what each holds).
//!
//! One row per field, with the columns `Variable / Field Name` (the raw
//! export's column), `Form Name`, `Field Type`, `Field Label` (HTML
//! allowed), `Choices, Calculations, OR Slider Labels` (`1, Strongly
//! disagree | 2, Disagree | …`: the code exported, then its label) and,
//! when present, `Section Header` and `Matrix Group Name` (fields of one
//! matrix share its choices and become one matrix question). `radio`,
//! `dropdown`, `yesno` and `truefalse` fields are read; other field types
//! (text, notes, checkboxes, sliders, calculations …) are left out with a note.
//!
//! ```
//! use rapport::Instrument;
//! use rapport::ingest::mapping::ValueMeaning;
//! let dictionary = "\
//! Variable / Field Name,Form Name,Field Type,Field Label,\"Choices, Calculations, OR Slider Labels\"
//! dbl_check,pulse,radio,I feel I have to double-check what IT tells us before I act on it.,\"0, Strongly disagree | 1, Disagree | 2, Neither agree nor disagree | 3, Agree | 4, Strongly agree | 9, Don't know\"
//! ";
//! let m = rapport::ingest::redcap::mapping(dictionary, &Instrument::default()).unwrap();
//! assert_eq!(m.mapping.items["dbl_check"], "trust_3");
//! assert_eq!(m.mapping.values["trust_3"]["0"], ValueMeaning::Point(1.0));
//! assert_eq!(m.mapping.values["trust_3"]["9"], ValueMeaning::NotApplicable);
//! ```

use super::definition::{self, Answer, Definition, Question, Statement, SurveyMapping, is_not_applicable, plain_text};
use crate::error::{Error, Result};
use crate::instrument::Instrument;
use crate::util::text::echo;
use std::collections::HashSet;

const NAME: &str = "Variable / Field Name";
const FORM: &str = "Form Name";
const TYPE: &str = "Field Type";
const LABEL: &str = "Field Label";
const CHOICES: &str = "Choices, Calculations, OR Slider Labels";
const SECTION: &str = "Section Header";
const MATRIX: &str = "Matrix Group Name";

fn bad(place: &str, expected: &str, found: &str) -> Error {
    Error::InvalidMapping { reason: format!("REDCap data dictionary {place}: expected {expected}, found {found}") }
}

/// `1, Strongly disagree | 2, Disagree | …` as answers.
fn choices(text: &str, place: &str) -> Result<Vec<Answer>> {
    let mut seen = HashSet::new();
    let mut out = Vec::new();
    for part in text.split('|').map(str::trim).filter(|p| !p.is_empty()) {
        let (code, label) = part.split_once(',').map(|(c, l)| (c.trim(), l.trim())).unwrap_or(("", part));
        if code.is_empty() {
            return Err(bad(place, "\"code, label\" pairs separated by |", &format!("the choice {}", echo(part))));
        }
        if !seen.insert(code.to_owned()) {
            return Err(bad(place, "one label per code", &format!("the code {} twice", echo(code))));
        }
        let label = plain_text(label);
        out.push(Answer { code: code.to_owned(), not_applicable: is_not_applicable(&label), label });
    }
    if out.is_empty() {
        return Err(bad(place, "\"code, label\" pairs separated by |", "no choices"));
    }
    Ok(out)
}

/// One dictionary row, by column.
struct Row<'a> {
    number: usize,
    name: &'a str,
    form: &'a str,
    kind: &'a str,
    label: String,
    choices: &'a str,
    section: String,
    matrix: &'a str,
}

fn answers_of(row: &Row<'_>, place: &str) -> Result<Option<Vec<Answer>>> {
    let fixed = |pairs: &[(&str, &str)]| {
        pairs.iter().map(|(c, l)| Answer { code: (*c).into(), label: (*l).into(), not_applicable: false }).collect()
    };
    Ok(match row.kind {
        "radio" | "dropdown" => Some(choices(row.choices, &format!("{place}, column {}", echo(CHOICES)))?),
        "yesno" => Some(fixed(&[("0", "No"), ("1", "Yes")])),
        "truefalse" => Some(fixed(&[("0", "False"), ("1", "True")])),
        _ => None,
    })
}

/// Read a data dictionary into a [`Definition`]. A missing column, a row
/// without a variable name, choices not written as `code, label | …`, or a
/// matrix group whose fields differ in their choices is
/// [`Error::InvalidMapping`] naming the row (the header is row 1) and column.
pub fn parse(dictionary: &str) -> Result<Definition> {
    let mut rdr = ::csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(dictionary.trim_start_matches('\u{feff}').as_bytes());
    let mut records = Vec::new();
    for (i, r) in rdr.records().enumerate() {
        let r = r.map_err(|e| bad(&format!("row {}", i + 1), "CSV", &e.to_string()))?;
        records.push(r);
    }
    let Some(header) = records.first() else { return Err(bad("", "a header row", "an empty file")) };
    let col = |name: &str| header.iter().position(|h| h.trim().eq_ignore_ascii_case(name));
    let mut cols = [0; 5];
    for (k, name) in [NAME, FORM, TYPE, LABEL, CHOICES].into_iter().enumerate() {
        cols[k] = col(name).ok_or_else(|| {
            bad(
                "row 1",
                &format!("a column {}", echo(name)),
                &format!("the columns {}", echo(&header.iter().collect::<Vec<_>>().join(", "))),
            )
        })?;
    }
    let (section, matrix) = (col(SECTION), col(MATRIX));
    let mut def = Definition { tool: "REDCap", ..Default::default() };
    let mut matrix_rows: Vec<(String, usize)> = Vec::new();
    for (i, rec) in records.iter().enumerate().skip(1) {
        let get = |c: Option<usize>| c.and_then(|c| rec.get(c)).map_or("", str::trim);
        let row = Row {
            number: i + 1,
            name: get(Some(cols[0])),
            form: get(Some(cols[1])),
            kind: get(Some(cols[2])),
            label: plain_text(get(Some(cols[3]))),
            choices: get(Some(cols[4])),
            section: plain_text(get(section)),
            matrix: get(matrix),
        };
        if row.name.is_empty() {
            return Err(bad(&format!("row {}, column {}", row.number, echo(NAME)), "a variable name", "an empty cell"));
        }
        if def.name.is_empty() {
            def.name = row.form.replace('_', " ");
        }
        let place = format!("row {} ({})", row.number, row.name);
        let Some(answers) = answers_of(&row, &place)? else {
            def.skipped.push((
                row.name.to_owned(),
                format!(
                    "{place}: a {} field is not read (radio, dropdown, yesno and truefalse fields are)",
                    echo(row.kind)
                ),
            ));
            continue;
        };
        let statement = Statement { columns: vec![row.name.to_owned()], text: row.label.clone() };
        if !row.matrix.is_empty() {
            if let Some((_, at)) = matrix_rows.iter().find(|(g, _)| g == row.matrix) {
                let q: &mut Question = &mut def.questions[*at];
                if q.answers != answers {
                    return Err(bad(
                        &format!("{place}, column {}", echo(CHOICES)),
                        &format!("the choices of the other fields of matrix {}", echo(row.matrix)),
                        &format!("other choices than {}", q.place),
                    ));
                }
                q.statements.push(statement);
                continue;
            }
            matrix_rows.push((row.matrix.to_owned(), def.questions.len()));
        }
        let matrix = !row.matrix.is_empty();
        def.questions.push(Question {
            place,
            tag: if matrix { row.matrix.to_owned() } else { row.name.to_owned() },
            text: if matrix { row.section.clone() } else { row.label.clone() },
            matrix,
            statements: vec![statement],
            answers,
        });
    }
    Ok(def)
}

/// The mapping for the raw CSV export of the project a data dictionary
/// defines, matched to `instrument` (see the [module docs](self)).
pub fn mapping(dictionary: &str, instrument: &Instrument) -> Result<SurveyMapping> {
    Ok(definition::mapping(&parse(dictionary)?, instrument))
}

/// An instrument from a data dictionary: one dimension per matrix group
/// (single fields as outcome questions, or as one-item dimensions when there
/// is no matrix); a starting point to edit (see [`definition::instrument`]).
pub fn instrument(dictionary: &str) -> Result<Instrument> {
    definition::instrument(&parse(dictionary)?)
}
