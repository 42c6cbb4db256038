//! The instrument: what is asked. A versioned JSON definition of dimensions,
//! agreement items, outcome items, answer scales, health bands and a playbook
//! of suggested actions per dimension.
//!
//! An [`Instrument`] is validated once, when it is built
//! ([`Instrument::from_json`]); after that every item's dimension and scale
//! exist, every dimension has items on one shared scale, and the health bands
//! tile 0–100. The built-in instrument ([`Instrument::default`]) is written
//! from the seed articles: trust, communication, alignment and openness,
//! four agreement items each, plus an overall rating, the mirror item and a
//! meeting-cadence question.
//!
//! ```
//! use rapport::{Instrument, Side};
//! let inst = Instrument::default();
//! assert_eq!(inst.dimensions().len(), 4);
//! let item = inst.item("trust_1").unwrap();
//! // `{counterpart}` is filled in per respondent side.
//! assert!(inst.item_text(item, Side::Business).contains("IT"));
//! ```

pub mod form;
mod side;

pub use side::Side;

use crate::error::{Error, Result};
use crate::util::text::{echo, echo_bare, echo_in};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

/// The instrument format version this build reads and writes.
pub const INSTRUMENT_SCHEMA_VERSION: u32 = 1;

const DEFAULT_INSTRUMENT_JSON: &str = include_str!("default_instrument.json");

/// An answer scale of whole-number points from `min` to `max`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Scale {
    /// Lowest scale point.
    pub min: i32,
    /// Highest scale point.
    pub max: i32,
    /// Labels for the points, lowest first (optional; when present one per point).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub labels: Vec<String>,
    /// Whether "not applicable" is an allowed answer.
    #[serde(default)]
    pub not_applicable: bool,
    /// Lowest point counted as favourable (after reverse keying).
    /// Default: `max − 1` (top-2-box).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub favourable_from: Option<i32>,
    /// Highest point counted as unfavourable (after reverse keying).
    /// Default: `min + 1` (bottom-2-box).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unfavourable_to: Option<i32>,
}

impl Scale {
    /// Number of points on the scale.
    pub fn points(&self) -> usize {
        (self.max - self.min + 1) as usize
    }
    /// Lowest favourable point (top-2-box unless set).
    pub fn favourable_min(&self) -> i32 {
        self.favourable_from.unwrap_or(self.max - 1)
    }
    /// Highest unfavourable point (bottom-2-box unless set).
    pub fn unfavourable_max(&self) -> i32 {
        self.unfavourable_to.unwrap_or(self.min + 1)
    }
    /// Reverse keying: `x → min + max − x`.
    pub fn reverse(&self, x: f64) -> f64 {
        f64::from(self.min) + f64::from(self.max) - x
    }
    /// Map a value on this scale to 0–100 (`(x − min)/(max − min)·100`).
    pub fn to_hundred(&self, x: f64) -> f64 {
        (x - f64::from(self.min)) / f64::from(self.max - self.min) * 100.0
    }
}

/// A dimension of the relationship (trust, communication …).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Dimension {
    /// Stable id (snake_case).
    pub id: String,
    /// Display name.
    pub name: String,
    /// One sentence on what the dimension means.
    #[serde(default)]
    pub description: String,
    /// Weight in the overall health index (> 0).
    #[serde(default = "one")]
    pub weight: f64,
}

/// An agreement item that belongs to a dimension.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Item {
    /// Stable id; also the default CSV column header.
    pub id: String,
    /// Dimension id.
    pub dimension: String,
    /// Question text; `{counterpart}` is replaced per respondent side.
    pub text: String,
    /// Name of a scale in the instrument's `scales`.
    pub scale: String,
    /// Reverse-keyed: agreeing is unfavourable; scored as `min + max − x`.
    #[serde(default)]
    pub reverse: bool,
    /// Weight within the dimension score (> 0).
    #[serde(default = "one")]
    pub weight: f64,
    /// Earlier wordings or scales of the item, oldest first. A revision that
    /// is not declared `equivalent` breaks the item's trend line (and its
    /// dimension's) at the first wave after `until_wave`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub history: Vec<ItemRevision>,
}

/// An earlier version of an item.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct ItemRevision {
    /// The last wave asked this way (a wave label).
    pub until_wave: String,
    /// Instrument version that had this wording (for people).
    #[serde(default)]
    pub version: String,
    /// The wording then.
    pub text: String,
    /// The scale then, when it differed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scale: Option<String>,
    /// The change does not affect comparability (a typo fix): keep one
    /// trend line.
    #[serde(default)]
    pub equivalent: bool,
}

/// A rung of the maturity ladder: reached when the overall index is at least
/// `min_index` and the IT–business gap is at most `max_gap` points.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct MaturityLevel {
    /// Stable id.
    pub id: String,
    /// Display label.
    pub label: String,
    /// What the level looks like in practice.
    #[serde(default)]
    pub description: String,
    /// Lowest overall index (0–100) for this level.
    pub min_index: f64,
    /// Largest absolute IT − business gap of the index allowed (none = any).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_gap: Option<f64>,
}

/// What an outcome item is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum OutcomeRole {
    /// The respondent's overall rating of the relationship.
    Overall,
    /// The mirror item: how the respondent thinks the other side would rate it.
    Mirror,
    /// How often the two sides meet to review progress.
    Cadence,
    /// Any other outcome.
    Other,
}

/// A choice option of a categorical outcome item.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct ChoiceOption {
    /// Stable id; the value written in CSV and JSON answers.
    pub id: String,
    /// Display label.
    pub label: String,
}

/// An item outside the dimensions: an overall rating, the mirror question,
/// or a categorical question. Exactly one of `scale` and `options` is set.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct OutcomeItem {
    /// Stable id; also the default CSV column header.
    pub id: String,
    /// What the item is for.
    pub role: OutcomeRole,
    /// Question text; `{counterpart}` is replaced per respondent side.
    pub text: String,
    /// Name of a scale, for rating items.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scale: Option<String>,
    /// Options, for categorical items.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub options: Vec<ChoiceOption>,
}

/// A health band: an index in `[from, to)` gets this label (the last band
/// includes 100).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Band {
    /// Stable id.
    pub id: String,
    /// Display label.
    pub label: String,
    /// Lower bound, inclusive (0–100).
    pub from: f64,
    /// Upper bound, exclusive except for the last band (0–100).
    pub to: f64,
}

/// A suggested action for a dimension.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct PlaybookAction {
    /// Stable id.
    pub id: String,
    /// Dimension id the action improves.
    pub dimension: String,
    /// Short imperative title.
    pub title: String,
    /// What to do, concretely.
    pub description: String,
}

/// Labels for "the other side", used to fill `{counterpart}`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Counterparts {
    /// What IT respondents call the other side (e.g. "the business").
    pub it: String,
    /// What business respondents call the other side (e.g. "IT").
    pub business: String,
}

/// The serialized form of an instrument (what the JSON file holds).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct InstrumentSpec {
    /// Format version; this build reads [`INSTRUMENT_SCHEMA_VERSION`].
    pub schema_version: u32,
    /// Stable id of the instrument.
    pub id: String,
    /// Version of the instrument's content (e.g. "2026.1").
    pub version: String,
    /// Display name.
    pub name: String,
    /// Labels used to fill `{counterpart}`.
    pub counterparts: Counterparts,
    /// Named answer scales.
    pub scales: std::collections::BTreeMap<String, Scale>,
    /// Dimensions, in display order.
    pub dimensions: Vec<Dimension>,
    /// Agreement items, in display order.
    pub items: Vec<Item>,
    /// Outcome items.
    #[serde(default)]
    pub outcomes: Vec<OutcomeItem>,
    /// Health bands over the 0–100 index.
    pub bands: Vec<Band>,
    /// Suggested actions per dimension.
    #[serde(default)]
    pub playbook: Vec<PlaybookAction>,
    /// The maturity ladder, lowest level first (the first starts at 0).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub maturity: Vec<MaturityLevel>,
}

/// A validated instrument. Build it with [`Instrument::from_json`],
/// [`Instrument::from_spec`] or [`Instrument::default`].
#[derive(Debug, Clone, PartialEq)]
pub struct Instrument {
    spec: InstrumentSpec,
    /// Per dimension: indices into `spec.items`.
    dimension_items: Vec<Vec<usize>>,
    /// Per item: index of its dimension.
    item_dimension: Vec<usize>,
    /// Per dimension: its (shared) scale.
    dimension_scales: Vec<Scale>,
    /// Column id → answer slot (agreement items first, then outcomes).
    slots: HashMap<String, usize>,
}

/// Where an answer slot points: an agreement item or an outcome item.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Slot {
    /// Index into [`Instrument::items`].
    Item(usize),
    /// Index into [`Instrument::outcomes`].
    Outcome(usize),
}

fn one() -> f64 {
    1.0
}

impl Default for Instrument {
    /// The built-in instrument (trust, communication, alignment, openness).
    fn default() -> Self {
        // The built-in JSON is validated by the `default_instrument_is_valid` test.
        // `panic!` with Display rather than `expect`: `expect` would link the
        // Debug impl of `Error` into the browser module for a panic that cannot happen.
        Instrument::from_json(DEFAULT_INSTRUMENT_JSON)
            .unwrap_or_else(|e| panic!("built-in instrument is valid (checked by tests): {e}"))
    }
}

impl Serialize for Instrument {
    fn serialize<S: serde::Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        self.spec.serialize(s)
    }
}

impl<'de> Deserialize<'de> for Instrument {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        let spec = InstrumentSpec::deserialize(d)?;
        Instrument::from_spec(spec).map_err(serde::de::Error::custom)
    }
}

impl Instrument {
    /// Parse and validate an instrument from JSON text.
    ///
    /// ```
    /// let json = rapport::Instrument::default().to_json();
    /// let again = rapport::Instrument::from_json(&json).unwrap();
    /// assert_eq!(again.id(), "rapport-default");
    /// ```
    pub fn from_json(json: &str) -> Result<Self> {
        let spec: InstrumentSpec = serde_json::from_str(json).map_err(|e| {
            // The position is in `line` and `column`: leave serde's own
            // " at line L column C" out of the message, so it is said once.
            let message = e.to_string();
            let suffix = format!(" at line {} column {}", e.line(), e.column());
            let message = message.strip_suffix(&suffix).map_or(message.clone(), str::to_owned);
            Error::InstrumentSyntax { message: echo_in(&message), line: e.line(), column: e.column() }
        })?;
        Instrument::from_spec(spec)
    }

    /// Validate an already-parsed specification.
    pub fn from_spec(spec: InstrumentSpec) -> Result<Self> {
        validate(spec)
    }

    /// The instrument as pretty JSON (the same form [`Instrument::from_json`] reads).
    pub fn to_json(&self) -> String {
        // Serializing plain data structs with string keys cannot fail.
        serde_json::to_string_pretty(&self.spec).expect("instrument serializes")
    }

    /// The serialized specification.
    pub fn spec(&self) -> &InstrumentSpec {
        &self.spec
    }
    /// Instrument id.
    pub fn id(&self) -> &str {
        &self.spec.id
    }
    /// Instrument content version.
    pub fn version(&self) -> &str {
        &self.spec.version
    }
    /// Display name.
    pub fn name(&self) -> &str {
        &self.spec.name
    }
    /// Dimensions in display order.
    pub fn dimensions(&self) -> &[Dimension] {
        &self.spec.dimensions
    }
    /// Agreement items in display order.
    pub fn items(&self) -> &[Item] {
        &self.spec.items
    }
    /// Outcome items.
    pub fn outcomes(&self) -> &[OutcomeItem] {
        &self.spec.outcomes
    }
    /// Named answer scales.
    pub fn scales(&self) -> &std::collections::BTreeMap<String, Scale> {
        &self.spec.scales
    }
    /// The id of the named scale an answer slot (item or outcome) uses, when
    /// it uses one.
    pub fn slot_scale_id(&self, slot: usize) -> Option<&str> {
        match self.slot_kind(slot) {
            Slot::Item(i) => Some(self.spec.items[i].scale.as_str()),
            Slot::Outcome(o) => self.spec.outcomes[o].scale.as_deref(),
        }
    }
    /// Health bands, lowest first.
    pub fn bands(&self) -> &[Band] {
        &self.spec.bands
    }
    /// The playbook.
    pub fn playbook(&self) -> &[PlaybookAction] {
        &self.spec.playbook
    }
    /// Look up an agreement item by id.
    pub fn item(&self, id: &str) -> Option<&Item> {
        match self.slots.get(id) {
            Some(&s) if s < self.spec.items.len() => Some(&self.spec.items[s]),
            _ => None,
        }
    }
    /// Indices (into [`Instrument::items`]) of a dimension's items.
    pub fn dimension_items(&self, dimension: usize) -> &[usize] {
        &self.dimension_items[dimension]
    }
    /// Index of the dimension an item belongs to.
    pub fn item_dimension(&self, item: usize) -> usize {
        self.item_dimension[item]
    }
    /// The scale shared by a dimension's items.
    pub fn dimension_scale(&self, dimension: usize) -> &Scale {
        &self.dimension_scales[dimension]
    }
    /// The scale of an agreement item.
    pub fn item_scale(&self, item: usize) -> &Scale {
        &self.dimension_scales[self.item_dimension[item]]
    }
    /// The scale of an outcome item (`None` for categorical items).
    pub fn outcome_scale(&self, outcome: usize) -> Option<&Scale> {
        self.spec.outcomes[outcome].scale.as_ref().and_then(|s| self.spec.scales.get(s))
    }
    /// The first outcome item with this role.
    pub fn outcome_by_role(&self, role: OutcomeRole) -> Option<usize> {
        self.spec.outcomes.iter().position(|o| o.role == role)
    }
    /// Number of answer slots: agreement items, then outcome items.
    pub fn slot_count(&self) -> usize {
        self.spec.items.len() + self.spec.outcomes.len()
    }
    /// Which item an answer id refers to.
    pub fn slot(&self, id: &str) -> Option<Slot> {
        self.slots.get(id).map(|&s| self.slot_kind(s))
    }
    /// Answer slot index of an id (agreement items first, then outcomes).
    pub fn slot_index(&self, id: &str) -> Option<usize> {
        self.slots.get(id).copied()
    }
    /// What a slot index points at.
    pub fn slot_kind(&self, slot: usize) -> Slot {
        let n = self.spec.items.len();
        if slot < n { Slot::Item(slot) } else { Slot::Outcome(slot - n) }
    }
    /// Id of the item in an answer slot.
    pub fn slot_id(&self, slot: usize) -> &str {
        match self.slot_kind(slot) {
            Slot::Item(i) => &self.spec.items[i].id,
            Slot::Outcome(o) => &self.spec.outcomes[o].id,
        }
    }
    /// The counterpart label for a respondent side.
    pub fn counterpart(&self, side: Side) -> &str {
        match side {
            Side::It => &self.spec.counterparts.it,
            Side::Business => &self.spec.counterparts.business,
        }
    }
    /// An item's text with `{counterpart}` filled in for a respondent side.
    pub fn item_text(&self, item: &Item, side: Side) -> String {
        self.fill(&item.text, side)
    }
    /// Fill `{counterpart}` in any instrument text for a respondent side.
    pub fn fill(&self, text: &str, side: Side) -> String {
        text.replace("{counterpart}", self.counterpart(side))
    }
    /// The health band an index (0–100) falls in. The index is rounded to
    /// nine decimals first, so that floating-point noise (a chunked or merged
    /// computation giving 54.999999999999 for 55) never changes the band.
    pub fn band(&self, index: f64) -> Option<&Band> {
        let index = (index * 1e9).round() / 1e9;
        let bands = &self.spec.bands;
        bands
            .iter()
            .enumerate()
            .find(|(i, b)| index >= b.from && (index < b.to || (*i == bands.len() - 1 && index <= b.to)))
            .map(|(_, b)| b)
    }
    /// The maturity ladder.
    pub fn maturity(&self) -> &[MaturityLevel] {
        &self.spec.maturity
    }
    /// The highest maturity level reached with this index and |gap| (`gap`
    /// `None` when one side is not shown: levels that limit the gap are then
    /// out of reach).
    pub fn maturity_level(&self, index: f64, gap: Option<f64>) -> Option<&MaturityLevel> {
        let index = (index * 1e9).round() / 1e9;
        self.spec
            .maturity
            .iter()
            .take_while(|l| {
                index >= l.min_index
                    && l.max_gap.is_none_or(|m| gap.is_some_and(|g| (g.abs() * 1e9).round() / 1e9 <= m))
            })
            .last()
    }
    /// Playbook actions for a dimension, in file order.
    pub fn actions_for(&self, dimension: &str) -> impl Iterator<Item = &PlaybookAction> {
        self.spec.playbook.iter().filter(move |a| a.dimension == dimension)
    }
}

fn field(path: String, expected: &str, found: impl std::fmt::Display) -> Error {
    Error::InvalidInstrumentField { path, expected: expected.into(), found: found.to_string() }
}

fn check_id(id: &str, path: String) -> Result<()> {
    let ok = !id.is_empty() && id.chars().all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-' || c == '.');
    if ok { Ok(()) } else { Err(field(path, "a non-empty id of letters, digits, '_', '-' or '.'", echo(id))) }
}

/// Fail if `id` was already used (ids of dimensions, items and outcomes
/// share one namespace: items and outcomes are CSV headers).
fn claim(seen: &HashMap<&str, String>, id: &str, path: &str) -> Result<()> {
    match seen.get(id) {
        Some(prev) => Err(Error::DuplicateId { id: id.to_owned(), path: path.to_owned(), first_path: prev.clone() }),
        None => Ok(()),
    }
}

fn validate(spec: InstrumentSpec) -> Result<Instrument> {
    if spec.schema_version != INSTRUMENT_SCHEMA_VERSION {
        return Err(Error::UnsupportedInstrumentVersion {
            found: spec.schema_version,
            supported: INSTRUMENT_SCHEMA_VERSION,
        });
    }
    check_id(&spec.id, "id".into())?;
    validate_scales(&spec.scales)?;
    // Ids are unique across dimensions, items and outcomes (items and
    // outcomes share the CSV header namespace).
    let mut seen: HashMap<&str, String> = HashMap::new();
    let dim_index = validate_dimensions(&spec, &mut seen)?;
    let mut slots = HashMap::new();
    let items = validate_items(&spec, &dim_index, &mut seen, &mut slots)?;
    validate_outcomes(&spec, &mut seen, &mut slots)?;
    validate_bands(&spec.bands)?;
    validate_playbook(&spec, &dim_index)?;
    validate_history(&spec)?;
    validate_maturity(&spec.maturity)?;
    let dimension_scales = items
        .dimension_scale_name
        .iter()
        .map(|s| {
            // Every dimension has at least one item (checked above), so its scale is set.
            let (name, _) = s.expect("non-empty dimension has a scale");
            spec.scales[name].clone()
        })
        .collect();
    let ItemIndex { item_dimension, dimension_items, .. } = items;
    Ok(Instrument { spec, dimension_items, item_dimension, dimension_scales, slots })
}

/// Every scale has min below max, at most 101 points, a label per point if
/// it has labels, and its unfavourable range below its favourable range.
fn validate_scales(scales: &std::collections::BTreeMap<String, Scale>) -> Result<()> {
    for (name, scale) in scales {
        let path = format!("scales.{}", echo_bare(name));
        if scale.min >= scale.max {
            return Err(Error::InvalidScale {
                path,
                reason: format!("min ({}) must be below max ({})", scale.min, scale.max),
            });
        }
        if scale.max - scale.min > 100 {
            return Err(Error::InvalidScale { path, reason: "more than 101 points".into() });
        }
        if !scale.labels.is_empty() && scale.labels.len() != scale.points() {
            return Err(Error::InvalidScale {
                path,
                reason: format!("{} labels for {} points", scale.labels.len(), scale.points()),
            });
        }
        let fav = scale.favourable_min();
        let unfav = scale.unfavourable_max();
        if fav < scale.min || fav > scale.max || unfav < scale.min || unfav > scale.max || unfav >= fav {
            return Err(Error::InvalidScale {
                path,
                reason: format!(
                    "favourable_from ({fav}) and unfavourable_to ({unfav}) must lie on the scale with unfavourable below favourable"
                ),
            });
        }
    }
    Ok(())
}

/// Every dimension has a valid, unused id (claimed in `seen`) and a positive
/// weight, and there is at least one. Returns each dimension's index by id.
fn validate_dimensions<'a>(
    spec: &'a InstrumentSpec,
    seen: &mut HashMap<&'a str, String>,
) -> Result<HashMap<&'a str, usize>> {
    let mut dim_index: HashMap<&str, usize> = HashMap::new();
    for (i, d) in spec.dimensions.iter().enumerate() {
        let path = format!("dimensions[{i}].id");
        check_id(&d.id, path.clone())?;
        claim(seen, &d.id, &path)?;
        seen.insert(&d.id, path);
        dim_index.insert(&d.id, i);
        if !(d.weight.is_finite() && d.weight > 0.0) {
            return Err(field(format!("dimensions[{i}].weight"), "a positive number", d.weight));
        }
    }
    if spec.dimensions.is_empty() {
        return Err(field("dimensions".into(), "at least one dimension", "none"));
    }
    Ok(dim_index)
}

/// What validating the items finds out about them and their dimensions.
struct ItemIndex<'a> {
    /// Per item: index of its dimension.
    item_dimension: Vec<usize>,
    /// Per dimension: indices of its items.
    dimension_items: Vec<Vec<usize>>,
    /// Per dimension: the name of its scale and the first item that uses it.
    dimension_scale_name: Vec<Option<(&'a str, usize)>>,
}

/// Every item has a valid, unused id (claimed in `seen`, given its answer
/// slot in `slots`), a known dimension, a known scale shared by its
/// dimension's items, a positive weight and question text; then every
/// dimension has an item.
fn validate_items<'a>(
    spec: &'a InstrumentSpec,
    dim_index: &HashMap<&str, usize>,
    seen: &mut HashMap<&'a str, String>,
    slots: &mut HashMap<String, usize>,
) -> Result<ItemIndex<'a>> {
    let mut item_dimension = Vec::with_capacity(spec.items.len());
    let mut dimension_items = vec![Vec::new(); spec.dimensions.len()];
    let mut dimension_scale_name: Vec<Option<(&str, usize)>> = vec![None; spec.dimensions.len()];
    for (i, item) in spec.items.iter().enumerate() {
        let path = format!("items[{i}].id");
        check_id(&item.id, path.clone())?;
        claim(seen, &item.id, &path)?;
        seen.insert(&item.id, path);
        let Some(&d) = dim_index.get(item.dimension.as_str()) else {
            return Err(Error::UnknownDimension {
                item: item.id.clone(),
                dimension: item.dimension.clone(),
                path: format!("items[{i}].dimension"),
                known: spec.dimensions.iter().map(|d| d.id.as_str()).collect::<Vec<_>>().join(", "),
            });
        };
        if !spec.scales.contains_key(&item.scale) {
            return Err(Error::InvalidScale {
                path: format!("items[{i}].scale"),
                reason: format!("no scale named {} in `scales`", echo(&item.scale)),
            });
        }
        match dimension_scale_name[d] {
            None => dimension_scale_name[d] = Some((&item.scale, i)),
            Some((name, first)) if name != item.scale => {
                return Err(Error::InvalidScale {
                    path: format!("items[{i}].scale"),
                    reason: format!(
                        "items of dimension {} must share one scale: {} uses {} but items[{first}] uses {}",
                        echo(&item.dimension),
                        echo(&item.id),
                        echo(&item.scale),
                        echo(name)
                    ),
                });
            }
            Some(_) => {}
        }
        if !(item.weight.is_finite() && item.weight > 0.0) {
            return Err(field(format!("items[{i}].weight"), "a positive number", item.weight));
        }
        if item.text.trim().is_empty() {
            return Err(field(format!("items[{i}].text"), "question text", "an empty string"));
        }
        item_dimension.push(d);
        dimension_items[d].push(i);
        slots.insert(item.id.clone(), i);
    }
    for (d, items) in dimension_items.iter().enumerate() {
        if items.is_empty() {
            return Err(Error::EmptyDimension {
                dimension: spec.dimensions[d].id.clone(),
                path: format!("dimensions[{d}]"),
            });
        }
    }
    Ok(ItemIndex { item_dimension, dimension_items, dimension_scale_name })
}

/// Every outcome has a valid, unused id (claimed in `seen`, given its answer
/// slot after the items' in `slots`) and exactly one of a known rating scale
/// or distinct options, a rating scale if it is the overall or mirror item;
/// then no role has two outcomes.
fn validate_outcomes<'a>(
    spec: &'a InstrumentSpec,
    seen: &mut HashMap<&'a str, String>,
    slots: &mut HashMap<String, usize>,
) -> Result<()> {
    for (o, out) in spec.outcomes.iter().enumerate() {
        let path = format!("outcomes[{o}].id");
        check_id(&out.id, path.clone())?;
        claim(seen, &out.id, &path)?;
        seen.insert(&out.id, path);
        match (&out.scale, out.options.is_empty()) {
            (Some(s), true) => {
                if !spec.scales.contains_key(s) {
                    return Err(Error::InvalidScale {
                        path: format!("outcomes[{o}].scale"),
                        reason: format!("no scale named {} in `scales`", echo(s)),
                    });
                }
            }
            (None, false) => validate_options(out, o)?,
            _ => {
                return Err(field(
                    format!("outcomes[{o}]"),
                    "exactly one of `scale` (a rating) or `options` (a choice)",
                    if out.scale.is_some() { "both" } else { "neither" },
                ));
            }
        }
        if matches!(out.role, OutcomeRole::Overall | OutcomeRole::Mirror) && out.scale.is_none() {
            return Err(field(
                format!("outcomes[{o}].scale"),
                "a rating scale for an overall or mirror item",
                "options",
            ));
        }
        slots.insert(out.id.clone(), spec.items.len() + o);
    }
    for role in [OutcomeRole::Overall, OutcomeRole::Mirror, OutcomeRole::Cadence] {
        let with_role: Vec<usize> =
            spec.outcomes.iter().enumerate().filter(|(_, o)| o.role == role).map(|(i, _)| i).collect();
        if with_role.len() > 1 {
            return Err(field(
                format!("outcomes[{}].role", with_role[1]),
                "at most one outcome item per role (overall, mirror, cadence)",
                format!("a second {role:?} item"),
            ));
        }
    }
    Ok(())
}

/// The options of outcome `o` (a choice) have valid ids, each used once.
fn validate_options(out: &OutcomeItem, o: usize) -> Result<()> {
    let mut opt_seen: HashMap<&str, usize> = HashMap::new();
    for (k, opt) in out.options.iter().enumerate() {
        check_id(&opt.id, format!("outcomes[{o}].options[{k}].id"))?;
        if let Some(prev) = opt_seen.insert(&opt.id, k) {
            return Err(Error::DuplicateId {
                id: opt.id.clone(),
                path: format!("outcomes[{o}].options[{k}].id"),
                first_path: format!("outcomes[{o}].options[{prev}].id"),
            });
        }
    }
    Ok(())
}

/// The bands have valid ids and tile [0, 100]: each starts where the
/// previous one ends, the first at 0 and the last ending at 100.
fn validate_bands(bands: &[Band]) -> Result<()> {
    if bands.is_empty() {
        return Err(Error::BandGap { path: "bands".into(), reason: "no bands defined".into() });
    }
    let mut expected_from = 0.0;
    for (i, b) in bands.iter().enumerate() {
        check_id(&b.id, format!("bands[{i}].id"))?;
        if !(b.from.is_finite() && b.to.is_finite()) || b.to <= b.from {
            return Err(Error::BandGap {
                path: format!("bands[{i}]"),
                reason: format!("band {} runs from {} to {}", echo(&b.id), b.from, b.to),
            });
        }
        if b.from != expected_from {
            let what = if b.from > expected_from { "gap" } else { "overlap" };
            return Err(Error::BandGap {
                path: format!("bands[{i}].from"),
                reason: format!(
                    "{what}: band {} starts at {} but the previous band ends at {expected_from}",
                    echo(&b.id),
                    b.from
                ),
            });
        }
        expected_from = b.to;
    }
    if expected_from != 100.0 {
        return Err(Error::BandGap {
            path: format!("bands[{}].to", bands.len() - 1),
            reason: format!("the last band ends at {expected_from}, not 100"),
        });
    }
    Ok(())
}

/// Every playbook action has a valid id used once and a known dimension.
fn validate_playbook(spec: &InstrumentSpec, dim_index: &HashMap<&str, usize>) -> Result<()> {
    let mut action_seen: HashMap<&str, usize> = HashMap::new();
    for (i, a) in spec.playbook.iter().enumerate() {
        check_id(&a.id, format!("playbook[{i}].id"))?;
        if let Some(prev) = action_seen.insert(&a.id, i) {
            return Err(Error::DuplicateId {
                id: a.id.clone(),
                path: format!("playbook[{i}].id"),
                first_path: format!("playbook[{prev}].id"),
            });
        }
        if !dim_index.contains_key(a.dimension.as_str()) {
            return Err(Error::UnknownDimension {
                item: a.id.clone(),
                dimension: a.dimension.clone(),
                path: format!("playbook[{i}].dimension"),
                known: spec.dimensions.iter().map(|d| d.id.as_str()).collect::<Vec<_>>().join(", "),
            });
        }
    }
    Ok(())
}

/// Every earlier revision of an item names the wave it was used until, and
/// a known scale if it had another.
fn validate_history(spec: &InstrumentSpec) -> Result<()> {
    for (i, item) in spec.items.iter().enumerate() {
        for (r, rev) in item.history.iter().enumerate() {
            if rev.until_wave.trim().is_empty() {
                return Err(field(format!("items[{i}].history[{r}].until_wave"), "a wave label", "an empty string"));
            }
            if let Some(sc) = &rev.scale
                && !spec.scales.contains_key(sc)
            {
                return Err(Error::InvalidScale {
                    path: format!("items[{i}].history[{r}].scale"),
                    reason: format!("no scale named {} in `scales`", echo(sc)),
                });
            }
        }
    }
    Ok(())
}

/// The maturity levels have valid ids used once, start at 0 and rise
/// strictly to at most 100, and any largest gap is a number ≥ 0.
fn validate_maturity(maturity: &[MaturityLevel]) -> Result<()> {
    let mut level_seen: HashMap<&str, usize> = HashMap::new();
    for (i, l) in maturity.iter().enumerate() {
        check_id(&l.id, format!("maturity[{i}].id"))?;
        if let Some(prev) = level_seen.insert(&l.id, i) {
            return Err(Error::DuplicateId {
                id: l.id.clone(),
                path: format!("maturity[{i}].id"),
                first_path: format!("maturity[{prev}].id"),
            });
        }
        let floor = if i == 0 { 0.0 } else { maturity[i - 1].min_index };
        let ok = if i == 0 { l.min_index == 0.0 } else { l.min_index > floor && l.min_index <= 100.0 };
        if !ok {
            return Err(field(
                format!("maturity[{i}].min_index"),
                &if i == 0 { "0 for the first level".to_owned() } else { format!("more than {floor} and at most 100") },
                l.min_index,
            ));
        }
        if let Some(g) = l.max_gap
            && !(g.is_finite() && g >= 0.0)
        {
            return Err(field(format!("maturity[{i}].max_gap"), "a number ≥ 0", g));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spec() -> InstrumentSpec {
        Instrument::default().spec().clone()
    }

    #[test]
    fn default_instrument_is_valid() {
        let inst = Instrument::from_json(DEFAULT_INSTRUMENT_JSON).unwrap();
        let ids: Vec<_> = inst.dimensions().iter().map(|d| d.id.as_str()).collect();
        assert_eq!(ids, ["trust", "communication", "alignment", "openness"]);
        for d in 0..4 {
            let items = inst.dimension_items(d);
            assert_eq!(items.len(), 4);
            assert!(items.iter().any(|&i| inst.items()[i].reverse), "dimension {d} has a reverse-keyed item");
            let s = inst.dimension_scale(d);
            assert_eq!((s.min, s.max, s.not_applicable), (1, 5, true));
            assert!(inst.actions_for(&inst.dimensions()[d].id).count() >= 2);
        }
        let overall = inst.outcome_by_role(OutcomeRole::Overall).unwrap();
        let mirror = inst.outcome_by_role(OutcomeRole::Mirror).unwrap();
        assert_eq!(inst.outcome_scale(overall).map(|s| (s.min, s.max)), Some((0, 10)));
        assert_eq!(inst.outcome_scale(mirror).map(|s| (s.min, s.max)), Some((0, 10)));
        let m = &inst.outcomes()[mirror];
        assert!(inst.fill(&m.text, Side::It).contains("the business"));
        let cadence = inst.outcome_by_role(OutcomeRole::Cadence).unwrap();
        assert!(inst.outcomes()[cadence].options.len() >= 4);
    }

    #[test]
    fn round_trips_through_json() {
        let a = Instrument::default();
        let b = Instrument::from_json(&a.to_json()).unwrap();
        assert_eq!(a, b);
    }

    #[test]
    fn bands_cover_the_index() {
        let inst = Instrument::default();
        assert!(inst.band(0.0).is_some());
        assert!(inst.band(100.0).is_some());
        assert!(inst.band(57.3).is_some());
        assert!(inst.band(100.5).is_none());
        // Rounding noise at a boundary does not flip the band (found by the merge proptest).
        assert_eq!(inst.band(55.0).map(|b| b.id.as_str()), Some("developing"));
        assert_eq!(inst.band(54.999_999_999_999_99).map(|b| b.id.as_str()), Some("developing"));
        assert_eq!(inst.band(54.99).map(|b| b.id.as_str()), Some("strained"));
    }

    #[test]
    fn duplicate_item_id_is_located() {
        let mut s = spec();
        s.items[5].id = s.items[1].id.clone();
        let e = Instrument::from_spec(s).unwrap_err();
        assert_eq!(e.code(), "duplicate_id");
        assert!(e.to_string().contains("items[5].id"), "{e}");
        assert!(e.to_string().contains("items[1].id"), "{e}");
    }

    #[test]
    fn item_in_unknown_dimension_is_located() {
        let mut s = spec();
        s.items[2].dimension = "honesty".into();
        let e = Instrument::from_spec(s).unwrap_err();
        assert_eq!(e.code(), "unknown_dimension");
        assert!(e.to_string().contains("items[2].dimension"), "{e}");
    }

    #[test]
    fn empty_dimension_is_rejected() {
        let mut s = spec();
        s.dimensions.push(Dimension {
            id: "speed".into(),
            name: "Speed".into(),
            description: String::new(),
            weight: 1.0,
        });
        let e = Instrument::from_spec(s).unwrap_err();
        assert_eq!(e.code(), "empty_dimension");
        assert!(e.to_string().contains("speed"));
    }

    #[test]
    fn bad_scales_are_rejected() {
        let mut s = spec();
        let name = s.items[0].scale.clone();
        s.scales.get_mut(&name).unwrap().max = 1;
        assert_eq!(Instrument::from_spec(s).unwrap_err().code(), "invalid_scale");
        let mut s = spec();
        s.items[0].scale = "nope".into();
        let e = Instrument::from_spec(s).unwrap_err();
        assert_eq!(e.code(), "invalid_scale");
        assert!(e.to_string().contains("items[0].scale"));
    }

    #[test]
    fn band_gaps_and_overlaps_are_rejected() {
        let mut s = spec();
        s.bands[1].from += 1.0;
        let e = Instrument::from_spec(s).unwrap_err();
        assert_eq!(e.code(), "band_gap");
        assert!(e.to_string().contains("gap"), "{e}");
        let mut s = spec();
        s.bands[1].from -= 1.0;
        assert!(Instrument::from_spec(s).unwrap_err().to_string().contains("overlap"));
        let mut s = spec();
        s.bands.last_mut().unwrap().to = 99.0;
        assert_eq!(Instrument::from_spec(s).unwrap_err().code(), "band_gap");
    }

    #[test]
    fn syntax_errors_have_line_and_column() {
        let e = Instrument::from_json("{\n  \"schema_version\": 1,\n  \"id\": }").unwrap_err();
        match &e {
            Error::InstrumentSyntax { line, column, .. } => assert_eq!((*line, *column), (3, 9)),
            other => panic!("unexpected {other:?}"),
        }
        // The position is said once, in the form of the other located errors.
        assert_eq!(e.to_string(), "instrument is not valid: expected value (line 3, column 9)");
        assert_eq!(Instrument::from_json("{\"schema_version\": 9}").unwrap_err().code(), "instrument_syntax");
    }
}

#[cfg(test)]
mod example_instruments {
    use super::*;

    #[test]
    fn bundled_custom_instrument_is_valid() {
        let text = include_str!("../../../../examples/instruments/pulse-7point.json");
        let inst = Instrument::from_json(text).unwrap();
        assert_eq!(inst.dimensions().len(), 3);
        assert_eq!(inst.dimension_scale(0).points(), 7);
        assert!(inst.outcome_by_role(OutcomeRole::Cadence).is_none());
    }
}
