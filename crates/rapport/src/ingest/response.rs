//! Responses: what was answered.
//!
//! [`Response`] is the documented, serializable form (one respondent's answers
//! in one wave, answers keyed by item id). [`Record`] is the validated, dense
//! form the scorer consumes: answers in the instrument's slot order, every
//! value checked against its scale. Build a `Record` with
//! [`Record::from_response`] (or let the CSV/JSON readers do it).
//!
//! JSON form of a response:
//!
//! ```json
//! { "respondent": "r0001", "side": "business", "wave": "2026-03",
//!   "segments": { "department": "Finance" },
//!   "answers": { "trust_1": 4, "trust_2": null, "trust_3": "na",
//!                "overall_rating": 7, "meeting_cadence": "monthly" } }
//! ```
//! `null` (or an absent item) is *missing*, `"na"` is *not applicable*, a
//! number is a scale point, a string is a choice option id.

use crate::error::{Error, Location, Result};
use crate::instrument::{Instrument, Side, Slot};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// One answer in the documented JSON form.
#[derive(Debug, Clone, PartialEq)]
pub enum Answer {
    /// A scale point.
    Value(f64),
    /// A choice option id (categorical items).
    Choice(String),
    /// Not answered.
    Missing,
    /// Answered "not applicable".
    NotApplicable,
}

impl Serialize for Answer {
    fn serialize<S: serde::Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        match self {
            // Scale points are whole numbers: write `4`, not `4.0`.
            Answer::Value(v) if v.fract() == 0.0 && v.abs() < 9.0e15 => s.serialize_i64(*v as i64),
            Answer::Value(v) => s.serialize_f64(*v),
            Answer::Choice(c) => s.serialize_str(c),
            Answer::Missing => s.serialize_none(),
            Answer::NotApplicable => s.serialize_str("na"),
        }
    }
}

impl<'de> Deserialize<'de> for Answer {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        let v = serde_json::Value::deserialize(d)?;
        match v {
            serde_json::Value::Null => Ok(Answer::Missing),
            serde_json::Value::Number(n) => {
                n.as_f64().map(Answer::Value).ok_or_else(|| serde::de::Error::custom("number out of range"))
            }
            serde_json::Value::String(s) if s == "na" => Ok(Answer::NotApplicable),
            serde_json::Value::String(s) => Ok(Answer::Choice(s)),
            other => {
                Err(serde::de::Error::custom(format!("expected a number, null, \"na\" or an option id, found {other}")))
            }
        }
    }
}

#[cfg(feature = "schema")]
impl schemars::JsonSchema for Answer {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Answer".into()
    }
    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "description": "A scale point (number), a choice option id (string), \"na\" (not applicable) or null (missing).",
            "type": ["number", "string", "null"]
        })
    }
}

/// One respondent's answers in one wave (the documented JSON form).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Response {
    /// Respondent id (never shown in reports; used to catch duplicates).
    pub respondent: String,
    /// Which side the respondent is on.
    pub side: Side,
    /// Wave label (e.g. `2026-03`).
    pub wave: String,
    /// Free segment attributes (department, role …).
    #[serde(default)]
    pub segments: BTreeMap<String, String>,
    /// Answers by item id; absent items are missing.
    #[serde(default)]
    pub answers: BTreeMap<String, Answer>,
}

/// A validated answer cell. For rating items the value is the scale point;
/// for choice items it is the option's index.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Cell {
    /// A valid value (scale point, or option index for choice items).
    Value(f64),
    /// Not answered.
    Missing,
    /// Answered "not applicable".
    NotApplicable,
}

impl Cell {
    /// The value, if answered.
    pub fn value(self) -> Option<f64> {
        match self {
            Cell::Value(v) => Some(v),
            _ => None,
        }
    }
}

/// A validated response in dense form: one [`Cell`] per instrument slot
/// (agreement items, then outcome items). Segment values are kept in the
/// order of [`Record::segments`]' keys.
///
/// A record is made only by validation ([`Record::from_response`],
/// [`Record::from_cells`] or a reader), so every value it holds is on its
/// item's scale: its fields are read through methods.
#[derive(Debug, Clone, PartialEq)]
pub struct Record {
    pub(crate) respondent: String,
    pub(crate) side: Side,
    pub(crate) wave: String,
    pub(crate) segments: BTreeMap<String, String>,
    pub(crate) cells: Vec<Cell>,
}

/// A validated row seen through borrowed parts: what the readers hand on
/// for each accepted row without building a [`Record`] (its respondent,
/// wave and segments borrow the reader's buffers, its cells a reused
/// buffer). [`RowView::to_record`] builds the record when one is needed.
#[derive(Debug, Clone, Copy)]
pub(crate) struct RowView<'v> {
    pub respondent: &'v str,
    pub side: Side,
    pub wave: &'v str,
    pub segments: Segments<'v>,
    pub cells: &'v [Cell],
    /// Answers read as missing because they broke their item's rule
    /// ([`super::IngestOptions::bad_cells`]), with what was wrong with each:
    /// counted and listed when the row is kept.
    #[cfg(feature = "import")]
    pub bad_cells: &'v [Error],
}

/// A row's segment values: from a reader's fields (name of each segment
/// column, and the row's fields), or a record's map.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Segments<'v> {
    /// `(column, segment name)` pairs and the row's fields: values are the
    /// trimmed fields, blank ones absent.
    Fields { columns: &'v [(usize, String)], fields: &'v [&'v str] },
    /// A record's segments (blank values are absent).
    Map(&'v BTreeMap<String, String>),
    /// `(name, value)` pairs as [`Segments::for_each`] gave them (trimmed,
    /// none blank): rows copied out of a reader's buffers.
    #[cfg(all(feature = "parallel", not(target_arch = "wasm32")))]
    Pairs(&'v [(&'v str, &'v str)]),
}

impl<'v> Segments<'v> {
    /// Call `f(name, value)` for every segment the row carries (a value that
    /// is not blank), in the order of the columns or of the map.
    #[inline]
    pub fn for_each(&self, mut f: impl FnMut(&'v str, &'v str)) {
        match *self {
            Segments::Fields { columns, fields } => {
                for (c, name) in columns {
                    let v = fields[*c].trim();
                    if !v.is_empty() {
                        f(name, v);
                    }
                }
            }
            Segments::Map(map) => {
                for (k, v) in map {
                    if !v.trim().is_empty() {
                        f(k, v);
                    }
                }
            }
            #[cfg(all(feature = "parallel", not(target_arch = "wasm32")))]
            Segments::Pairs(pairs) => pairs.iter().for_each(|&(k, v)| f(k, v)),
        }
    }
}

impl RowView<'_> {
    /// The row as an owned record.
    pub fn to_record(self) -> Record {
        let mut segments = Vec::new();
        self.segments.for_each(|k, v| segments.push((k.to_owned(), v.to_owned())));
        Record {
            respondent: self.respondent.to_owned(),
            side: self.side,
            wave: self.wave.to_owned(),
            segments: crate::util::sort::map_of(segments),
            cells: self.cells.to_vec(),
        }
    }
}

impl Record {
    /// The record seen as a [`RowView`].
    pub(crate) fn view(&self) -> RowView<'_> {
        RowView {
            respondent: &self.respondent,
            side: self.side,
            wave: &self.wave,
            segments: Segments::Map(&self.segments),
            cells: &self.cells,
            #[cfg(feature = "import")]
            bad_cells: &[],
        }
    }

    /// Respondent id (only used for duplicate detection).
    pub fn respondent(&self) -> &str {
        &self.respondent
    }
    /// Side.
    pub fn side(&self) -> Side {
        self.side
    }
    /// Wave label.
    pub fn wave(&self) -> &str {
        &self.wave
    }
    /// Segment attributes.
    pub fn segments(&self) -> &BTreeMap<String, String> {
        &self.segments
    }
    /// One cell per instrument slot.
    pub fn cells(&self) -> &[Cell] {
        &self.cells
    }
    /// Move the respondent to the other side, or another side.
    pub fn set_side(&mut self, side: Side) {
        self.side = side;
    }
    /// Change the respondent id (duplicates are checked by the readers).
    pub fn set_respondent(&mut self, respondent: impl Into<String>) {
        self.respondent = respondent.into();
    }
    /// Change the wave label.
    pub fn set_wave(&mut self, wave: impl Into<String>) {
        self.wave = wave.into();
    }
    /// The segment attributes, to change.
    pub fn segments_mut(&mut self) -> &mut BTreeMap<String, String> {
        &mut self.segments
    }

    /// Validate dense cells (one per instrument slot, in slot order: scale
    /// points, or option indexes for choice items) into a record.
    ///
    /// ```
    /// use rapport::{Cell, Instrument, Record, Side};
    /// let inst = Instrument::default();
    /// let mut cells = vec![Cell::Missing; inst.slot_count()];
    /// cells[0] = Cell::Value(4.0);
    /// let r = Record::from_cells(&inst, "r1", Side::It, "2026-01", Default::default(), cells.clone()).unwrap();
    /// assert_eq!(r.cells()[0], Cell::Value(4.0));
    /// cells[0] = Cell::Value(9.0);
    /// let err = Record::from_cells(&inst, "r1", Side::It, "2026-01", Default::default(), cells).unwrap_err();
    /// assert_eq!(err.code(), "value_out_of_scale");
    /// ```
    pub fn from_cells(
        instrument: &Instrument,
        respondent: &str,
        side: Side,
        wave: &str,
        segments: BTreeMap<String, String>,
        cells: Vec<Cell>,
    ) -> Result<Record> {
        let location = Location::default();
        if respondent.trim().is_empty() {
            return Err(Error::MissingField { location, field: "respondent".into() });
        }
        if wave.trim().is_empty() {
            return Err(Error::MissingField { location, field: "wave".into() });
        }
        if cells.len() != instrument.slot_count() {
            return Err(Error::InvalidArgument {
                name: "cells".into(),
                expected: format!("one cell per instrument slot ({})", instrument.slot_count()),
                found: cells.len().to_string(),
            });
        }
        for (slot, cell) in cells.iter().enumerate() {
            let loc = || location.clone().with_item(instrument.slot_id(slot).to_owned());
            match *cell {
                Cell::Missing => Cell::Missing,
                Cell::NotApplicable => check_not_applicable(instrument, slot, "na", loc)?,
                Cell::Value(v) => match instrument.slot_kind(slot) {
                    Slot::Outcome(o) if !instrument.outcomes()[o].options.is_empty() => {
                        let options = &instrument.outcomes()[o].options;
                        if v.fract() != 0.0 || v < 0.0 || v as usize >= options.len() {
                            // As the columnar reader says it: a cell's value, located.
                            let ids: Vec<&str> = options.iter().map(|x| x.id.as_str()).collect();
                            return Err(Error::InvalidValue {
                                location: loc(),
                                expected: format!(
                                    "an option index from 0 to {} ({})",
                                    options.len() - 1,
                                    ids.join(", ")
                                ),
                                found: format_number(v),
                            });
                        }
                        *cell
                    }
                    _ => check_value(instrument, slot, v, &format_number(v), loc)?,
                },
            };
        }
        Ok(Record { respondent: respondent.to_owned(), side, wave: wave.to_owned(), segments, cells })
    }

    /// Validate a [`Response`] against an instrument. `location` is used in
    /// errors (the caller fills in file and row); the failing item id is added.
    pub fn from_response(resp: &Response, instrument: &Instrument, location: &Location) -> Result<Record> {
        if resp.respondent.trim().is_empty() {
            return Err(Error::MissingField { location: location.clone(), field: "respondent".into() });
        }
        if resp.wave.trim().is_empty() {
            return Err(Error::MissingField { location: location.clone(), field: "wave".into() });
        }
        let mut cells = vec![Cell::Missing; instrument.slot_count()];
        for (id, answer) in &resp.answers {
            let loc = || location.clone().with_item(id.clone());
            let Some(slot) = instrument.slot_index(id) else {
                return Err(Error::UnknownItem {
                    location: loc(),
                    item: id.clone(),
                    instrument: instrument.id().to_owned(),
                });
            };
            cells[slot] = match answer {
                Answer::Missing => Cell::Missing,
                Answer::NotApplicable => check_not_applicable(instrument, slot, "na", loc)?,
                Answer::Value(v) => check_value(instrument, slot, *v, &format_number(*v), loc)?,
                Answer::Choice(c) => check_choice(instrument, slot, c, loc)?,
            };
        }
        Ok(Record {
            respondent: resp.respondent.clone(),
            side: resp.side,
            wave: resp.wave.clone(),
            segments: resp.segments.clone(),
            cells,
        })
    }

    /// Back to the documented form (for round trips and the bindings).
    pub fn to_response(&self, instrument: &Instrument) -> Response {
        let mut answers = BTreeMap::new();
        for (slot, cell) in self.cells.iter().enumerate() {
            let id = instrument.slot_id(slot).to_owned();
            let a = match (*cell, instrument.slot_kind(slot)) {
                (Cell::Missing, _) => continue,
                (Cell::NotApplicable, _) => Answer::NotApplicable,
                (Cell::Value(v), Slot::Outcome(o)) if !instrument.outcomes()[o].options.is_empty() => {
                    Answer::Choice(instrument.outcomes()[o].options[v as usize].id.clone())
                }
                (Cell::Value(v), _) => Answer::Value(v),
            };
            answers.insert(id, a);
        }
        Response {
            respondent: self.respondent.clone(),
            side: self.side,
            wave: self.wave.clone(),
            segments: self.segments.clone(),
            answers,
        }
    }
}

fn format_number(v: f64) -> String {
    if v.fract() == 0.0 && v.abs() < 1e15 { format!("{}", v as i64) } else { format!("{v}") }
}

// The `check_*` functions take the location as a closure (built only for an
// error) and are called from several readers with different closures; each
// is a thin generic shim over one non-generic body taking `&dyn Fn`, so the
// browser module holds one copy of each body, not one per reader.

/// Whether a slot accepts "not applicable".
pub(crate) fn check_not_applicable(
    instrument: &Instrument,
    slot: usize,
    found: &str,
    loc: impl Fn() -> Location,
) -> Result<Cell> {
    not_applicable_at(instrument, slot, found, &loc)
}

fn not_applicable_at(instrument: &Instrument, slot: usize, found: &str, loc: &dyn Fn() -> Location) -> Result<Cell> {
    let allowed = match instrument.slot_kind(slot) {
        Slot::Item(i) => instrument.item_scale(i).not_applicable,
        Slot::Outcome(o) => instrument.outcome_scale(o).is_some_and(|s| s.not_applicable),
    };
    if allowed {
        Ok(Cell::NotApplicable)
    } else {
        Err(Error::NotApplicableNotAllowed { location: loc(), found: found.to_owned() })
    }
}

/// Check a numeric answer against the slot's scale.
pub(crate) fn check_value(
    instrument: &Instrument,
    slot: usize,
    v: f64,
    found: &str,
    loc: impl Fn() -> Location,
) -> Result<Cell> {
    value_at(instrument, slot, v, found, &loc)
}

fn value_at(instrument: &Instrument, slot: usize, v: f64, found: &str, loc: &dyn Fn() -> Location) -> Result<Cell> {
    let scale = match instrument.slot_kind(slot) {
        Slot::Item(i) => instrument.item_scale(i),
        Slot::Outcome(o) => match instrument.outcome_scale(o) {
            Some(s) => s,
            None => return choice_at(instrument, slot, found, loc),
        },
    };
    if !v.is_finite() {
        return Err(Error::InvalidValue {
            location: loc(),
            expected: format!("a whole number from {} to {}", scale.min, scale.max),
            found: found.to_owned(),
        });
    }
    if v.fract() != 0.0 || v < f64::from(scale.min) || v > f64::from(scale.max) {
        return Err(Error::ValueOutOfScale {
            location: loc(),
            min: scale.min,
            max: scale.max,
            found: found.to_owned(),
        });
    }
    Ok(Cell::Value(v))
}

/// Check a choice answer (option id, case-insensitive) for a categorical slot.
pub(crate) fn check_choice(
    instrument: &Instrument,
    slot: usize,
    found: &str,
    loc: impl Fn() -> Location,
) -> Result<Cell> {
    choice_at(instrument, slot, found, &loc)
}

fn choice_at(instrument: &Instrument, slot: usize, found: &str, loc: &dyn Fn() -> Location) -> Result<Cell> {
    match instrument.slot_kind(slot) {
        Slot::Outcome(o) if !instrument.outcomes()[o].options.is_empty() => {
            let opts = &instrument.outcomes()[o].options;
            let t = found.trim();
            opts.iter()
                .position(|opt| opt.id.eq_ignore_ascii_case(t) || opt.label.eq_ignore_ascii_case(t))
                .map(|k| Cell::Value(k as f64))
                .ok_or_else(|| Error::InvalidValue {
                    location: loc(),
                    expected: format!("one of {}", opts.iter().map(|o| o.id.as_str()).collect::<Vec<_>>().join(", ")),
                    found: found.to_owned(),
                })
        }
        Slot::Outcome(o) => {
            let s = instrument.outcome_scale(o).map(|s| (s.min, s.max)).unwrap_or((0, 0));
            Err(Error::InvalidValue {
                location: loc(),
                expected: format!("a whole number from {} to {}", s.0, s.1),
                found: found.to_owned(),
            })
        }
        Slot::Item(i) => {
            let s = instrument.item_scale(i);
            Err(Error::InvalidValue {
                location: loc(),
                expected: format!(
                    "a whole number from {} to {}{}",
                    s.min,
                    s.max,
                    if s.not_applicable { ", N/A or empty" } else { " or empty" }
                ),
                found: found.to_owned(),
            })
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn resp(answers: &[(&str, Answer)]) -> Response {
        Response {
            respondent: "r1".into(),
            side: Side::Business,
            wave: "2026-01".into(),
            segments: BTreeMap::new(),
            answers: answers.iter().map(|(k, v)| (k.to_string(), v.clone())).collect(),
        }
    }

    #[test]
    fn from_cells_errors_are_a_bad_argument_or_a_located_value() {
        let inst = Instrument::default();
        let cells = |n| vec![Cell::Missing; n];
        let e = Record::from_cells(&inst, "r1", Side::It, "w", BTreeMap::new(), cells(1)).unwrap_err();
        assert_eq!((e.code(), e.category()), ("invalid_argument", crate::ErrorCategory::Options));
        let choice = (0..inst.slot_count())
            .find(|&s| matches!(inst.slot_kind(s), Slot::Outcome(o) if !inst.outcomes()[o].options.is_empty()))
            .expect("the default instrument has a choice question");
        let mut bad = cells(inst.slot_count());
        bad[choice] = Cell::Value(99.0);
        let e = Record::from_cells(&inst, "r1", Side::It, "w", BTreeMap::new(), bad).unwrap_err();
        assert_eq!((e.code(), e.category()), ("invalid_value", crate::ErrorCategory::Input));
        assert_eq!(e.location().and_then(|l| l.item.as_deref()), Some(inst.slot_id(choice)));
    }

    #[test]
    fn json_form_round_trips() {
        let json = r#"{"respondent":"r1","side":"it","wave":"2026-01","segments":{"department":"Apps"},
            "answers":{"trust_1":4,"trust_2":null,"trust_3":"na","meeting_cadence":"monthly"}}"#;
        let r: Response = serde_json::from_str(json).unwrap();
        assert_eq!(r.answers["trust_3"], Answer::NotApplicable);
        assert_eq!(r.answers["trust_2"], Answer::Missing);
        let inst = Instrument::default();
        let rec = Record::from_response(&r, &inst, &Location::default()).unwrap();
        let cad = inst.slot_index("meeting_cadence").unwrap();
        assert_eq!(rec.cells[cad], Cell::Value(1.0));
        let back = rec.to_response(&inst);
        assert_eq!(back.answers["meeting_cadence"], Answer::Choice("monthly".into()));
        assert_eq!(back.answers["trust_1"], Answer::Value(4.0));
    }

    #[test]
    fn out_of_scale_and_unknown_items_are_located() {
        let inst = Instrument::default();
        let loc = Location::file(Some("x.json")).with_row(3);
        let e = Record::from_response(&resp(&[("trust_1", Answer::Value(6.0))]), &inst, &loc).unwrap_err();
        assert_eq!(e.code(), "value_out_of_scale");
        assert_eq!(e.location().unwrap().item.as_deref(), Some("trust_1"));
        let e = Record::from_response(&resp(&[("trust_1", Answer::Value(2.5))]), &inst, &loc).unwrap_err();
        assert_eq!(e.code(), "value_out_of_scale");
        let e = Record::from_response(&resp(&[("trust_9", Answer::Value(2.0))]), &inst, &loc).unwrap_err();
        assert_eq!(e.code(), "unknown_item");
        let e = Record::from_response(&resp(&[("overall_rating", Answer::NotApplicable)]), &inst, &loc).unwrap_err();
        assert_eq!(e.code(), "not_applicable_not_allowed");
        let e = Record::from_response(&resp(&[("meeting_cadence", Answer::Choice("daily".into()))]), &inst, &loc)
            .unwrap_err();
        assert_eq!(e.code(), "invalid_value");
        assert!(e.to_string().contains("weekly"), "{e}");
    }

    #[test]
    fn side_parses_case_insensitively() {
        assert_eq!(" IT ".parse::<Side>(), Ok(Side::It));
        assert_eq!("Business".parse::<Side>(), Ok(Side::Business));
        assert!("vendor".parse::<Side>().is_err());
    }
}
