//! Survey definitions: what a survey tool knows about its own export.
//!
//! A survey built in Qualtrics or REDCap carries a definition (a QSF file, a
//! data dictionary) that names every export column, the question or
//! statement each one holds, and the code each answer is written as. That
//! is what an export alone does not say: a Qualtrics choice exported as `1`
//! may mean "Strongly agree", and reading it as the scale's point 1 is a
//! silently wrong number. This module turns a definition, read by
//! [`crate::ingest::qsf`] or [`crate::ingest::redcap`] into the neutral
//! [`Definition`], into
//!
//! - a [`SurveyMapping`] for the tool's CSV export: export column → item id
//!   (matched by the statement's wording to the instrument's, whatever the
//!   counterpart is called), and per item a value map from the tool's codes
//!   to scale points, with "don't know" / N/A answers as `"na"`, and notes
//!   for people on what matched how and what did not;
//! - an [`Instrument`] for surveys not built from rapport's questionnaire:
//!   one dimension per matrix question, its statements as items, its answers
//!   as the scale; a starting point to edit.
//!
//! It lives in `ingest/` because its product is a [`ColumnMapping`] (an
//! ingest type) matched with the import profiles' text matching
//! ([`crate::ingest::profile`]); the instrument it builds uses only the
//! instrument stage's public types, and the instrument stage stays
//! unaware of survey tools.

use super::ColumnMapping;
use super::mapping::{MappingFile, RoleRule, RoleSpec, SideSource, ValueMeaning};
use super::profile::{normalize, slot_by_text};
use crate::error::{Error, Result};
use crate::instrument::{
    Counterparts, Dimension, INSTRUMENT_SCHEMA_VERSION, Instrument, InstrumentSpec, Item, OutcomeItem, OutcomeRole,
    Scale, Side, Slot,
};
use crate::util::text::echo;
use std::collections::{BTreeMap, HashSet};

/// One answer a question offers, as the tool exports it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Answer {
    /// The value written in the export (a Qualtrics recode value, a REDCap code).
    pub code: String,
    /// The label respondents saw.
    pub label: String,
    /// A "don't know" / N/A answer rather than a point of the scale.
    pub not_applicable: bool,
}

/// One exported statement: a matrix row, or a single question's own column.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Statement {
    /// The export column names this statement may be written under (the
    /// first is the default one).
    pub columns: Vec<String>,
    /// Its wording (HTML removed).
    pub text: String,
}

/// One question of a definition that rapport can read: single answer, on a
/// list of answers shared by its statements.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Question {
    /// Where it is in the definition, for notes (`QID4 (Q4)`, `row 7 (trust_1)`).
    pub place: String,
    /// The tool's name for it (Qualtrics' export tag, REDCap's variable or
    /// matrix group).
    pub tag: String,
    /// The question's own text (HTML removed).
    pub text: String,
    /// A matrix (several statements on one scale) or a single question.
    pub matrix: bool,
    /// Its statements; a single question has one.
    pub statements: Vec<Statement>,
    /// Its answers in display order.
    pub answers: Vec<Answer>,
}

/// A survey definition in the terms rapport needs.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Definition {
    /// The tool (`Qualtrics`, `REDCap`).
    pub tool: &'static str,
    /// The survey's name, when the definition has one.
    pub name: String,
    /// The questions that can be read, in the definition's order.
    pub questions: Vec<Question>,
    /// Questions left out and why (text entry, multiple answer …), for notes.
    pub skipped: Vec<(String, String)>,
}

/// A mapping built from a survey definition, with notes for people.
#[derive(Debug, Clone, PartialEq)]
pub struct SurveyMapping {
    /// The mapping: items and value maps (import profiles fill in the rest).
    pub mapping: ColumnMapping,
    /// Per export column or question: what matched how, what did not.
    pub notes: BTreeMap<String, String>,
}

impl SurveyMapping {
    /// The mapping file (JSON) with the notes under `notes`, the form
    /// `--mapping` reads.
    pub fn to_json(&self) -> String {
        let mut file = MappingFile::from(&self.mapping);
        file.notes = self.notes.clone();
        // Strings, maps and numbers always serialize.
        serde_json::to_string_pretty(&file).unwrap_or_default()
    }
}

/// The starter mapping for an export: [`crate::ingest::profile::starter`]
/// on its first rows (`rows`, from [`crate::ingest::csv::head_rows`]),
/// completed by the survey's definition when there is one
/// ([`SurveyMapping::complete`]; from [`crate::ingest::qsf::mapping`] or
/// [`crate::ingest::redcap::mapping`]). What `rapport mapping FILE [--qsf
/// FILE | --redcap-dictionary FILE]` writes, on every surface.
///
/// ```
/// use rapport::Instrument;
/// use rapport::ingest::definition::starter_mapping;
/// use rapport::ingest::profile::ImportFrom;
/// let rows = rapport::ingest::csv::head_rows("Timestamp,I can count on IT to deliver what they commit to.\n".as_bytes(), 3).unwrap();
/// let m = starter_mapping(&rows, &Instrument::default(), ImportFrom::Auto, None);
/// assert_eq!(m.items.values().next().map(String::as_str), Some("trust_1"));
/// ```
pub fn starter_mapping(
    rows: &[Vec<String>],
    instrument: &Instrument,
    from: super::profile::ImportFrom,
    survey: Option<&SurveyMapping>,
) -> MappingFile {
    let file = super::profile::starter(rows, instrument, from);
    match survey {
        Some(survey) => survey.complete(file, rows.first().map_or(&[][..], Vec::as_slice)),
        None => file,
    }
}

impl SurveyMapping {
    /// Complete a starter mapping file (from an export's header rows,
    /// [`crate::ingest::profile::starter`]) with the definition's items and
    /// value maps: for each column of `headers` the definition names, its
    /// item replaces any guess for that column or that item, the column
    /// leaves `ignore`, and the item's value map is added; the notes are
    /// merged. Columns the definition names that the export lacks are noted.
    pub fn complete(&self, mut file: MappingFile, headers: &[String]) -> MappingFile {
        let present = |h: &str| headers.iter().any(|x| x.trim().eq_ignore_ascii_case(h.trim()));
        let same = |a: &str, b: &str| a.trim().eq_ignore_ascii_case(b.trim());
        let mut absent = Vec::new();
        for (header, item) in &self.mapping.items {
            if !present(header) {
                absent.push(header.as_str());
                continue;
            }
            file.items.retain(|h, i| !same(h, header) && i != item);
            file.ignore.retain(|h| !same(h, header));
            file.segments.retain(|h, _| !same(h, header));
            file.items.insert(header.clone(), item.clone());
        }
        if let Some(SideSource::Column { column, .. }) = &self.mapping.side
            && present(column)
        {
            // The starter's carry (REDCap events) is kept.
            let carry = matches!(&file.side, Some(RoleSpec::Rule(r)) if r.carry);
            file.side = Some(if carry {
                RoleSpec::Rule(RoleRule { column: Some(column.clone()), carry: true, ..RoleRule::default() })
            } else {
                RoleSpec::Header(column.clone())
            });
            file.ignore.retain(|h| !same(h, column));
            file.side_values.extend(self.mapping.side_values.iter().map(|(k, v)| (k.clone(), *v)));
            file.notes.remove("side");
        }
        let mapped: HashSet<&String> = file.items.values().collect();
        let values = MappingFile::from(&self.mapping).values;
        for (item, map) in values {
            if mapped.contains(&item) {
                file.values.insert(item, map);
            }
        }
        for (key, note) in &self.notes {
            let merged = match file.notes.get(key) {
                Some(before) => format!("{before}; {note}"),
                None => note.clone(),
            };
            file.notes.insert(key.clone(), merged);
        }
        // A matrix statement with an export tag may be written under two names.
        let alternative = |h: &str| {
            self.mapping.items.iter().any(|(o, i)| o != h && present(o) && Some(i) == self.mapping.items.get(h))
        };
        let missing: Vec<&str> = absent.into_iter().filter(|h| !alternative(h)).collect();
        if !missing.is_empty() {
            file.notes.insert(
                "(export)".into(),
                format!("columns of the definition not in this export: {}", missing.join(", ")),
            );
        }
        file
    }
}

/// Normalized labels of answers that are not points of a scale.
const NOT_APPLICABLE: &[&str] = &[
    "don t know",
    "dont know",
    "do not know",
    "n a",
    "na",
    "not applicable",
    "does not apply",
    "prefer not to say",
    "prefer not to answer",
    "no opinion",
    "can t say",
    "cannot say",
    "unsure",
    "not sure",
];

/// Whether an answer label means "don't know" / not applicable.
pub(crate) fn is_not_applicable(label: &str) -> bool {
    let n = normalize(label);
    NOT_APPLICABLE.contains(&n.as_str()) || n.starts_with("don t know ") || n.starts_with("not applicable ")
}

/// Plain text of a tool's HTML: inline tags dropped, block tags (`p`,
/// `div`, `br` …) made a space, common entities decoded, spaces collapsed.
pub(crate) fn plain_text(html: &str) -> String {
    const BLOCKS: &[&str] = &["p", "div", "br", "li", "ul", "ol", "tr", "td", "th", "table", "h1", "h2", "h3", "h4"];
    let mut out = String::with_capacity(html.len());
    let mut tag: Option<String> = None;
    for c in html.chars() {
        match (&mut tag, c) {
            (None, '<') => tag = Some(String::new()),
            (Some(t), '>') => {
                let name: String = t.trim_start_matches('/').chars().take_while(char::is_ascii_alphanumeric).collect();
                if BLOCKS.contains(&name.to_ascii_lowercase().as_str()) {
                    out.push(' ');
                }
                tag = None;
            }
            (Some(t), _) => t.push(c),
            (None, _) => out.push(c),
        }
    }
    let decoded = out
        .replace("&nbsp;", " ")
        .replace("&#39;", "'")
        .replace("&rsquo;", "’")
        .replace("&lsquo;", "‘")
        .replace("&quot;", "\"")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&");
    decoded.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// What the answers of a question mean on one slot of the instrument.
enum Points {
    /// Answer code → meaning, and how it was found.
    Map(BTreeMap<String, ValueMeaning>, &'static str),
    /// Why they could not be matched.
    Unmatched(String),
}

/// Match answers to a scale: by label (or a numeric label on an unlabelled
/// scale) when every answer matches, else by position when the counts agree.
fn scale_points(answers: &[Answer], scale: &Scale, na: ValueMeaning) -> Points {
    let points: Vec<&Answer> = answers.iter().filter(|a| !a.not_applicable).collect();
    let labels: Vec<String> = scale.labels.iter().map(|l| normalize(l)).collect();
    let by_label = |a: &Answer| -> Option<i32> {
        let n = normalize(&a.label);
        if let Some(k) = labels.iter().position(|l| *l == n) {
            return Some(scale.min + k as i32);
        }
        let v: i32 = a.label.trim().parse().ok()?;
        (labels.is_empty() && (scale.min..=scale.max).contains(&v)).then_some(v)
    };
    let labelled: Vec<Option<i32>> = points.iter().map(|a| by_label(a)).collect();
    let (values, how): (Vec<i32>, &'static str) = if labelled.iter().all(Option::is_some) && !points.is_empty() {
        (labelled.iter().flatten().copied().collect(), "by label")
    } else if points.len() == scale.points() {
        let by_position: Vec<i32> = (0..points.len()).map(|k| scale.min + k as i32).collect();
        // A label that names another point than its position is a contradiction.
        if labelled.iter().zip(&by_position).any(|(l, p)| l.is_some_and(|l| l != *p)) {
            return Points::Unmatched("its answer labels name the scale's points in another order".into());
        }
        (by_position, "by position")
    } else {
        return Points::Unmatched(format!(
            "{} answers for a {}-point scale, and their labels are not the scale's",
            points.len(),
            scale.points()
        ));
    };
    let mut map: BTreeMap<String, ValueMeaning> =
        points.iter().zip(values).map(|(a, v)| (a.code.clone(), ValueMeaning::Point(f64::from(v)))).collect();
    for a in answers.iter().filter(|a| a.not_applicable) {
        map.insert(a.code.clone(), na);
    }
    Points::Map(map, how)
}

/// Match answers to a choice outcome's options (by label or id, else by position).
fn option_points(answers: &[Answer], outcome: &OutcomeItem) -> Points {
    let points: Vec<&Answer> = answers.iter().filter(|a| !a.not_applicable).collect();
    let find = |a: &Answer| {
        let n = normalize(&a.label);
        outcome.options.iter().position(|o| normalize(&o.label) == n || normalize(&o.id) == n)
    };
    let found: Vec<Option<usize>> = points.iter().map(|a| find(a)).collect();
    let (positions, how): (Vec<usize>, &'static str) = if found.iter().all(Option::is_some) && !points.is_empty() {
        (found.into_iter().flatten().collect(), "by label")
    } else if points.len() == outcome.options.len() {
        ((0..points.len()).collect(), "by position")
    } else {
        return Points::Unmatched(format!(
            "{} answers for {} options, and their labels are not the options'",
            points.len(),
            outcome.options.len()
        ));
    };
    let mut map: BTreeMap<String, ValueMeaning> =
        points.iter().zip(positions).map(|(a, p)| (a.code.clone(), ValueMeaning::Point((p + 1) as f64))).collect();
    for a in answers.iter().filter(|a| a.not_applicable) {
        map.insert(a.code.clone(), ValueMeaning::Missing);
    }
    Points::Map(map, how)
}

fn slot_points(answers: &[Answer], slot: usize, instrument: &Instrument) -> Points {
    let scale = match instrument.slot_kind(slot) {
        Slot::Item(i) => Some(instrument.item_scale(i)),
        Slot::Outcome(o) => match instrument.outcome_scale(o) {
            Some(s) => Some(s),
            None => return option_points(answers, &instrument.outcomes()[o]),
        },
    };
    match scale {
        Some(scale) => {
            let na = if scale.not_applicable { ValueMeaning::NotApplicable } else { ValueMeaning::Missing };
            scale_points(answers, scale, na)
        }
        None => Points::Unmatched("its item has no scale".into()),
    }
}

fn describe(map: &BTreeMap<String, ValueMeaning>, answers: &[Answer]) -> String {
    let mut parts = Vec::new();
    for a in answers {
        let meaning = match map.get(&a.code) {
            Some(ValueMeaning::Point(p)) => format!("{p}"),
            Some(ValueMeaning::NotApplicable) => "na".to_owned(),
            Some(ValueMeaning::Missing) => "missing".to_owned(),
            None => continue,
        };
        parts.push(format!("{} {} → {meaning}", a.code, echo(&a.label)));
    }
    parts.join(", ")
}

/// The side an answer's label names: `IT`, `Information technology`, `The
/// IT department` are IT; `Business`, `A business unit` are the business. A
/// label naming both or neither names no side.
fn side_of_label(label: &str) -> Option<Side> {
    let words = normalize(label);
    let has = |w: &str| words.split(' ').any(|x| x == w);
    let it = has("it") || words.contains("information technology");
    match (it, has("business")) {
        (true, false) => Some(Side::It),
        (false, true) => Some(Side::Business),
        _ => None,
    }
}

/// A single question's answers when they ask the side: every answer that is
/// not "don't know" names a side, and both sides are named.
fn side_answers(answers: &[Answer]) -> Option<Vec<(&Answer, Side)>> {
    let sides: Vec<(&Answer, Side)> = answers
        .iter()
        .filter(|a| !a.not_applicable)
        .map(|a| side_of_label(&a.label).map(|s| (a, s)))
        .collect::<Option<_>>()?;
    let both = sides.iter().any(|(_, s)| *s == Side::It) && sides.iter().any(|(_, s)| *s == Side::Business);
    both.then_some(sides)
}

/// The mapping for a definition's export: statements matched to the
/// instrument's items by wording, answer codes to scale points, and the
/// single question whose answers name the two sides as the side (its codes
/// and labels in `side_values`).
pub fn mapping(definition: &Definition, instrument: &Instrument) -> SurveyMapping {
    let mut m = ColumnMapping::default();
    let mut notes = BTreeMap::new();
    let mut taken: BTreeMap<usize, String> = BTreeMap::new();
    for q in &definition.questions {
        for s in &q.statements {
            let key = s.columns.first().cloned().unwrap_or_else(|| q.place.clone());
            let slot = slot_by_text(&s.text, instrument)
                .or_else(|| (!q.matrix).then(|| slot_by_text(&q.text, instrument)).flatten());
            if slot.is_none()
                && !q.matrix
                && m.side.is_none()
                && let Some(sides) = side_answers(&q.answers)
            {
                // The question that asks the side: its codes (and labels) name it.
                m.side = Some(SideSource::Column { column: key.clone(), carry: false });
                let mut said = Vec::new();
                for (a, side) in sides {
                    said.push(format!("{} {} → {side}", a.code, echo(&a.label)));
                    m.side_values.insert(a.code.clone(), side);
                    if !a.label.trim().eq_ignore_ascii_case(a.code.trim()) {
                        m.side_values.insert(a.label.trim().to_owned(), side);
                    }
                }
                notes.insert(key, format!("{}: the side, by its answers: {}", q.place, said.join(", ")));
                continue;
            }
            let Some(slot) = slot else {
                notes.insert(key, format!("{}: no item of the instrument has the wording {}", q.place, echo(&s.text)));
                continue;
            };
            let id = instrument.slot_id(slot).to_owned();
            if let Some(first) = taken.get(&slot) {
                notes.insert(key, format!("{}: {id} again (already read from {first}); left out", q.place));
                continue;
            }
            match slot_points(&q.answers, slot, instrument) {
                Points::Map(values, how) => {
                    for c in &s.columns {
                        m.items.insert(c.clone(), id.clone());
                    }
                    let also = if s.columns.len() > 1 {
                        format!(" (or {})", s.columns[1..].join(", "))
                    } else {
                        String::new()
                    };
                    notes.insert(
                        key.clone(),
                        format!("{id} by its wording{also}; answers {how}: {}", describe(&values, &q.answers)),
                    );
                    m.values.insert(id, values);
                    taken.insert(slot, key);
                }
                Points::Unmatched(why) => {
                    notes.insert(
                        key,
                        format!("{}: {id} by its wording, but not read: {why}; map its values by hand", q.place),
                    );
                }
            }
        }
    }
    for (place, why) in &definition.skipped {
        notes.insert(place.clone(), format!("not read: {why}"));
    }
    let missing: Vec<&str> =
        (0..instrument.slot_count()).filter(|s| !taken.contains_key(s)).map(|s| instrument.slot_id(s)).collect();
    if !missing.is_empty() {
        notes.insert("(instrument)".into(), format!("not in this {} survey: {}", definition.tool, missing.join(", ")));
    }
    SurveyMapping { mapping: m, notes }
}

/// An id of letters, digits, `_`, `-` and `.` from any text, unique in `seen`.
fn unique_id(text: &str, fallback: &str, seen: &mut HashSet<String>) -> String {
    let mut base: String =
        text.trim().chars().map(|c| if c.is_ascii_alphanumeric() || "_-.".contains(c) { c } else { '_' }).collect();
    if base.trim_matches('_').is_empty() {
        base = fallback.to_owned();
    }
    let mut id = base.clone();
    let mut n = 2;
    while !seen.insert(id.clone()) {
        id = format!("{base}_{n}");
        n += 1;
    }
    id
}

/// A scale from a question's answers: numeric labels give their range,
/// other labels become the labels of points 1…n. `None` with fewer than two points.
fn scale_of(answers: &[Answer]) -> Option<Scale> {
    let points: Vec<&Answer> = answers.iter().filter(|a| !a.not_applicable).collect();
    if points.len() < 2 {
        return None;
    }
    let numbers: Option<Vec<i32>> = points.iter().map(|a| a.label.trim().parse().ok()).collect();
    let consecutive = numbers.as_ref().filter(|v| v.windows(2).all(|w| w[1] == w[0] + 1));
    let (min, max, labels) = match consecutive {
        Some(v) => (v[0], v[v.len() - 1], Vec::new()),
        None => (1, points.len() as i32, points.iter().map(|a| a.label.clone()).collect()),
    };
    if max - min > 100 {
        return None;
    }
    // Top-2 / bottom-2 boxes need at least four points.
    let narrow = max - min < 3;
    Some(Scale {
        min,
        max,
        labels,
        not_applicable: answers.iter().any(|a| a.not_applicable),
        favourable_from: narrow.then_some(max),
        unfavourable_to: narrow.then_some(min),
    })
}

/// The name of a scale with the same points, or a new one.
fn scale_name(scale: Scale, tag: &str, scales: &mut BTreeMap<String, Scale>, seen: &mut HashSet<String>) -> String {
    if let Some((name, _)) = scales.iter().find(|(_, s)| **s == scale) {
        return name.clone();
    }
    let name = unique_id(&format!("{}_scale", tag.to_ascii_lowercase()), "scale", seen);
    scales.insert(name.clone(), scale);
    name
}

/// An instrument from a definition: one dimension per matrix question (its
/// statements the items, its answers the scale), single questions as rating
/// outcomes (as one-item dimensions when there is no matrix question). The
/// bands are the built-in instrument's; no playbook. Validated like any
/// instrument; an error when no question has a scale.
pub fn instrument(definition: &Definition) -> Result<Instrument> {
    let base = Instrument::default();
    let mut seen = HashSet::new();
    let mut scales = BTreeMap::new();
    let (mut dimensions, mut items, mut outcomes) = (Vec::new(), Vec::new(), Vec::new());
    let any_matrix = definition.questions.iter().any(|q| q.matrix);
    for q in &definition.questions {
        // The question that asks the side is the side, not a question scored.
        if !q.matrix && side_answers(&q.answers).is_some() {
            continue;
        }
        let Some(scale) = scale_of(&q.answers) else { continue };
        let scale = scale_name(scale, &q.tag, &mut scales, &mut seen);
        let name = if q.text.is_empty() { q.tag.clone() } else { q.text.clone() };
        if q.matrix || !any_matrix {
            let dimension = unique_id(&q.tag.to_ascii_lowercase(), "dimension", &mut seen);
            let noun = if q.matrix { "statements" } else { "question" };
            dimensions.push(Dimension {
                id: dimension.clone(),
                name: name.chars().take(80).collect(),
                description: format!(
                    "The {noun} of {} question {}, as exported: a starting point; name, regroup, weight and reverse-key them as you mean them. The scale's points follow the order the answers were shown in: make the most favourable answer the highest point.",
                    definition.tool, q.tag
                ),
                weight: 1.0,
            });
            for s in &q.statements {
                let column = s.columns.first().map_or(q.tag.as_str(), String::as_str);
                items.push(Item {
                    id: unique_id(column, "item", &mut seen),
                    dimension: dimension.clone(),
                    text: if s.text.is_empty() { name.clone() } else { s.text.clone() },
                    scale: scale.clone(),
                    reverse: false,
                    weight: 1.0,
                    history: Vec::new(),
                });
            }
        } else {
            let column = q.statements.first().and_then(|s| s.columns.first()).map_or(q.tag.as_str(), String::as_str);
            outcomes.push(OutcomeItem {
                id: unique_id(column, "outcome", &mut seen),
                role: OutcomeRole::Other,
                text: name,
                scale: Some(scale),
                options: Vec::new(),
            });
        }
    }
    if dimensions.is_empty() {
        return Err(Error::InvalidMapping {
            reason: format!(
                "{} survey {}: expected at least one single-answer question with two or more answers, found none",
                definition.tool,
                echo(&definition.name)
            ),
        });
    }
    let name =
        if definition.name.trim().is_empty() { format!("{} survey", definition.tool) } else { definition.name.clone() };
    let spec = InstrumentSpec {
        schema_version: INSTRUMENT_SCHEMA_VERSION,
        id: unique_id(&name.to_ascii_lowercase(), "survey", &mut HashSet::new()),
        version: "1".into(),
        name,
        counterparts: Counterparts {
            it: base.counterpart(crate::Side::It).into(),
            business: base.counterpart(crate::Side::Business).into(),
        },
        scales,
        dimensions,
        items,
        outcomes,
        bands: base.bands().to_vec(),
        playbook: Vec::new(),
        maturity: Vec::new(),
    };
    Instrument::from_spec(spec)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_question_asks_the_side_only_when_its_answers_name_both_sides() {
        let answers = |labels: &[&str]| -> Vec<Answer> {
            labels
                .iter()
                .enumerate()
                .map(|(i, l)| Answer {
                    code: (i + 1).to_string(),
                    label: (*l).to_owned(),
                    not_applicable: l.contains("know"),
                })
                .collect()
        };
        let sides =
            |labels: &[&str]| side_answers(&answers(labels)).map(|v| v.into_iter().map(|(_, s)| s).collect::<Vec<_>>());
        use Side::{Business as B, It as I};
        assert_eq!(sides(&["IT", "Business"]), Some(vec![I, B]));
        assert_eq!(sides(&["The IT department", "A business unit", "Don't know"]), Some(vec![I, B]));
        assert_eq!(sides(&["Information Technology", "Business"]), Some(vec![I, B]));
        // One side only, a third answer, or an answer naming both: not the side.
        assert_eq!(sides(&["IT", "IT contractor"]), None);
        assert_eq!(sides(&["IT", "Business", "Vendor"]), None);
        assert_eq!(sides(&["IT", "Business and IT"]), None);
        assert_eq!(sides(&["Yes", "No"]), None);
        // "it" as a word, not a part of one ("Audit", "with it").
        assert_eq!(side_of_label("Audit"), None);
        assert_eq!(side_of_label("Business (finance, sales …)"), Some(B));
    }

    fn answers(list: &[(&str, &str)]) -> Vec<Answer> {
        list.iter()
            .map(|(c, l)| Answer { code: (*c).into(), label: (*l).into(), not_applicable: is_not_applicable(l) })
            .collect()
    }

    #[test]
    fn html_is_reduced_to_its_text() {
        assert_eq!(plain_text("<p>I can&nbsp;count on <b>IT</b>.</p>&amp; more<br/>x"), "I can count on IT. & more x");
        assert!(is_not_applicable("Don't know") && is_not_applicable(" N/A ") && !is_not_applicable("Disagree"));
    }

    #[test]
    fn answers_match_a_scale_by_label_then_by_position() {
        let inst = Instrument::default();
        let scale = &inst.scales()["agreement"];
        // Labels in reverse order with codes 1..5: by label, 1 is Strongly agree (5).
        let a = answers(&[
            ("1", "Strongly agree"),
            ("2", "Agree"),
            ("3", "Neither agree nor disagree"),
            ("4", "Disagree"),
            ("5", "Strongly disagree"),
        ]);
        let Points::Map(m, how) = scale_points(&a, scale, ValueMeaning::NotApplicable) else { panic!() };
        assert_eq!((how, m["1"], m["5"]), ("by label", ValueMeaning::Point(5.0), ValueMeaning::Point(1.0)));
        // Unknown labels, five answers: by position; "Don't know" is na.
        let a = answers(&[("0", "a"), ("1", "b"), ("2", "c"), ("3", "d"), ("4", "e"), ("6", "Don't know")]);
        let Points::Map(m, how) = scale_points(&a, scale, ValueMeaning::NotApplicable) else { panic!() };
        assert_eq!(
            (how, m["0"], m["4"], m["6"]),
            ("by position", ValueMeaning::Point(1.0), ValueMeaning::Point(5.0), ValueMeaning::NotApplicable)
        );
        // Three unknown answers cannot be placed on five points.
        assert!(matches!(scale_points(&a[..3], scale, ValueMeaning::Missing), Points::Unmatched(_)));
        // A label that contradicts its position is not guessed.
        let a = answers(&[("1", "x"), ("2", "y"), ("3", "z"), ("4", "Strongly disagree"), ("5", "w")]);
        assert!(matches!(scale_points(&a, scale, ValueMeaning::Missing), Points::Unmatched(_)));
        // Numeric labels on the unlabelled 0–10 rating scale.
        let a: Vec<Answer> = (0..=10)
            .map(|v| Answer { code: (v + 1).to_string(), label: v.to_string(), not_applicable: false })
            .collect();
        let Points::Map(m, _) = scale_points(&a, &inst.scales()["rating"], ValueMeaning::Missing) else { panic!() };
        assert_eq!((m["1"], m["11"]), (ValueMeaning::Point(0.0), ValueMeaning::Point(10.0)));
    }

    #[test]
    fn scales_and_ids_for_a_new_instrument() {
        let s = scale_of(&answers(&[("1", "No"), ("2", "Maybe"), ("3", "Yes"), ("9", "N/A")])).unwrap();
        assert_eq!((s.min, s.max, s.labels.len(), s.not_applicable), (1, 3, 3, true));
        assert_eq!((s.favourable_min(), s.unfavourable_max()), (3, 1));
        let s = scale_of(&answers(&[("1", "0"), ("2", "1"), ("3", "2"), ("4", "3"), ("5", "4")])).unwrap();
        assert_eq!((s.min, s.max, s.labels.len()), (0, 4, 0));
        assert!(scale_of(&answers(&[("1", "Only")])).is_none());
        let mut seen = HashSet::new();
        assert_eq!(unique_id("Q1 a", "x", &mut seen), "Q1_a");
        assert_eq!(unique_id("Q1 a", "x", &mut seen), "Q1_a_2");
        assert_eq!(unique_id("¿?", "x", &mut seen), "x");
    }
}
