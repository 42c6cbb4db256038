//! Scoring options. Where survey vendors differ, the choice is a named
//! option with a documented default.

use crate::error::{Error, JsonDocument, Result};
use crate::util::text::{echo, echo_bare};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

/// The smallest minimum reporting size that may be configured.
pub const MIN_GROUP_SIZE_FLOOR: u32 = 3;

/// The minimum reporting size when none is configured
/// ([`ScoreOptions::default`]'s `min_group_size`).
pub const DEFAULT_MIN_GROUP_SIZE: u32 = 5;

/// Checks a minimum reporting size (at least [`MIN_GROUP_SIZE_FLOOR`]), as
/// [`ScoreOptions::validate`] does: an [`Error::InvalidOption`] otherwise.
///
/// ```
/// use rapport::options::check_min_group_size;
/// assert!(check_min_group_size(3).is_ok());
/// let e = check_min_group_size(2).unwrap_err();
/// assert_eq!(e.to_string(), "option min_group_size is invalid: expected at least 3, found 2");
/// ```
pub fn check_min_group_size(min_group_size: u32) -> Result<()> {
    if min_group_size < MIN_GROUP_SIZE_FLOOR {
        return Err(invalid("min_group_size", "at least 3", min_group_size));
    }
    Ok(())
}

/// How favourable % of a dimension is counted.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum FavourableBasis {
    /// Default. Pooled over item answers: favourable answers to the
    /// dimension's items ÷ all answers to them (after reverse keying). This is
    /// how most engagement-survey vendors report "% favourable" for a factor.
    #[default]
    Answers,
    /// Per respondent: the share of scored respondents whose dimension mean
    /// (after reverse keying) reaches the favourable cut of the scale.
    Respondents,
}

/// How a mean on the answer scale maps to 0–100.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum HundredScale {
    /// Default. Percent of the scale's range ("POMP"): `(x − min)/(max − min)·100`,
    /// so the lowest point is 0 and the highest 100.
    #[default]
    MinMax,
    /// Ratio to the maximum: `x/max·100` (a 4.2 on 1–5 is 84). Some vendors
    /// report this; it never reaches 0 on a scale starting at 1.
    RatioToMax,
}

/// Which rows reliability uses when some items are unanswered.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum Deletion {
    /// Default. Only respondents who answered every item of the dimension
    /// (pingouin `nan_policy="listwise"`).
    #[default]
    Listwise,
    /// Each covariance from the respondents who answered both items
    /// (pingouin `nan_policy="pairwise"`, pandas `DataFrame.cov`).
    Pairwise,
}

/// Options for scoring; every field has a documented default.
///
/// ```
/// let opts = rapport::ScoreOptions { min_group_size: 3, ..Default::default() };
/// assert!(opts.validate().is_ok());
/// let bad = rapport::ScoreOptions { min_group_size: 2, ..Default::default() };
/// assert_eq!(bad.validate().unwrap_err().code(), "invalid_option");
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(default, deny_unknown_fields)]
pub struct ScoreOptions {
    /// Break-downs inside each wave: `side` and/or segment attribute names.
    /// Each named field gets its own groups, and when two or more are named
    /// their full cross is added. Default `["side", "department"]`; a
    /// segment no response carries is left out and noted in the report —
    /// unless the user named the fields (every surface then calls
    /// [`crate::Scorer::require_by_fields`]), when it is an error naming the
    /// fields the data has. The report always has the wave total, and each
    /// side when `side` is named.
    pub by: Vec<String>,
    /// Minimum reporting size: no figure for a group (or an item in a group)
    /// with fewer respondents leaves the library. Default 5, never below 3.
    pub min_group_size: u32,
    /// Share of a dimension's items a respondent must answer to get a
    /// dimension score. Default 0.5 ("at least half").
    pub min_answered_fraction: f64,
    /// How favourable % of a dimension is counted. Default [`FavourableBasis::Answers`].
    pub favourable_basis: FavourableBasis,
    /// How scale means map to 0–100. Default [`HundredScale::MinMax`].
    pub hundred_scale: HundredScale,
    /// Rows used for reliability. Default [`Deletion::Listwise`].
    pub reliability_deletion: Deletion,
    /// Fewest (listwise-complete, or per-pair) responses for a reliability
    /// estimate. Default 10; never below `min_group_size` (see
    /// [`ScoreOptions::reliability_floor`]).
    pub reliability_min_n: u32,
    /// An item is flagged weak when its corrected item–rest correlation is
    /// below this. Default 0.30 (Nunnally & Bernstein's rule of thumb).
    pub weak_item_rest_correlation: f64,
    /// Confidence level of every interval. Default 0.95.
    pub confidence: f64,
    /// Wave labels in time order, for labels that are not dates, months,
    /// quarters or halves (`["pilot", "spring", "autumn"]`). Default empty:
    /// labels are parsed (see [`crate::waves`]).
    pub wave_order: Vec<String>,
    /// Population per wave and side, for response rates. Default empty.
    pub populations: Vec<Population>,
    /// A wave-over-wave change is called improved or declined only when
    /// Welch's p is below this … Default 0.05.
    pub change_alpha: f64,
    /// … and |Hedges' g| reaches this (0.2 = Cohen's "small"). Default 0.2.
    pub change_min_effect: f64,
    /// A trend is called improving or declining when the Mann–Kendall p is
    /// below this. Default 0.05.
    pub trend_alpha: f64,
    /// EWMA smoothing weight λ in (0, 1]. Default 0.2.
    pub ewma_lambda: f64,
    /// EWMA control limits at ± this many standard errors (L). Default 3.
    pub ewma_limit: f64,
    /// A side's prediction of the other side's overall rating (the mirror
    /// item) is a blind spot when it is off by more than this many points
    /// of the rating scale. Default 1.0.
    pub blind_spot_threshold: f64,
    /// Fewest complete responses (dimension scores and overall rating) in a
    /// side for driver analysis. Default 20; never below `min_group_size`
    /// (see [`ScoreOptions::drivers_floor`]).
    pub drivers_min_n: u32,
    /// How many suggested actions the report lists. Default 3.
    pub top_actions: u32,
}

/// The number of people asked in one wave on one side.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Population {
    /// Wave label.
    pub wave: String,
    /// Side.
    pub side: crate::instrument::Side,
    /// People invited.
    pub size: u64,
}

impl Default for ScoreOptions {
    fn default() -> Self {
        ScoreOptions {
            by: vec!["side".into(), "department".into()],
            min_group_size: DEFAULT_MIN_GROUP_SIZE,
            min_answered_fraction: 0.5,
            favourable_basis: FavourableBasis::default(),
            hundred_scale: HundredScale::default(),
            reliability_deletion: Deletion::default(),
            reliability_min_n: 10,
            weak_item_rest_correlation: 0.30,
            confidence: 0.95,
            wave_order: Vec::new(),
            populations: Vec::new(),
            change_alpha: 0.05,
            change_min_effect: 0.2,
            trend_alpha: 0.05,
            ewma_lambda: 0.2,
            ewma_limit: 3.0,
            blind_spot_threshold: 1.0,
            drivers_min_n: 20,
            top_actions: 3,
        }
    }
}

fn invalid(name: &str, expected: &str, found: impl std::fmt::Display) -> Error {
    Error::InvalidOption { name: name.into(), expected: expected.into(), found: found.to_string() }
}

/// Parse a JSON object of named options into `T` (a struct with
/// `#[serde(default, deny_unknown_fields)]`). Text that is not JSON, or not
/// an object, is an [`Error::Json`] about `document`; an unknown option, or
/// a value of the wrong type or kind, is an [`Error::InvalidOption`] that
/// names the option. Values are not range-checked here.
pub(crate) fn named_options_from_json<T: DeserializeOwned>(json: &str, document: JsonDocument) -> Result<T> {
    let whole = match serde_json::from_str::<T>(json) {
        Ok(options) => return Ok(options),
        Err(e) => e,
    };
    if whole.is_syntax() || whole.is_eof() {
        return Err(Error::json(document, &whole));
    }
    let object: serde_json::Map<String, serde_json::Value> =
        serde_json::from_str(json).map_err(|e| Error::json(document, &e))?;
    // Each option alone (the others take their defaults): the first that
    // fails on its own is the one to name.
    for (name, value) in object {
        // Built by insertion: `collect` into the map would sort (one more sort copy in the browser module).
        let mut one = serde_json::Map::new();
        one.insert(name.clone(), value);
        let one = serde_json::Value::Object(one);
        if let Err(e) = serde_json::from_value::<T>(one) {
            return Err(option_error(&name, &e));
        }
    }
    // Only the options together fail (a key given twice).
    Err(Error::json(document, &whole))
}

/// The field names `T`'s derived `Deserialize` reads (a struct's option
/// names, in declaration order), as serde hands them to a deserializer.
pub(crate) fn field_names<T: DeserializeOwned>() -> &'static [&'static str] {
    use serde::de::value::Error as NoValue;
    /// A deserializer that only notes the fields it is asked for.
    struct Fields(&'static [&'static str]);
    impl<'de> serde::Deserializer<'de> for &mut Fields {
        type Error = NoValue;
        fn deserialize_any<V: serde::de::Visitor<'de>>(self, _: V) -> std::result::Result<V::Value, NoValue> {
            Err(serde::de::Error::custom("only the field names are read"))
        }
        fn deserialize_struct<V: serde::de::Visitor<'de>>(
            self,
            _: &'static str,
            fields: &'static [&'static str],
            _: V,
        ) -> std::result::Result<V::Value, NoValue> {
            self.0 = fields;
            Err(serde::de::Error::custom("only the field names are read"))
        }
        serde::forward_to_deserialize_any! {
            bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes byte_buf option unit
            unit_struct newtype_struct seq tuple tuple_struct map enum identifier ignored_any
        }
    }
    let mut fields = Fields(&[]);
    // Always an error: no value is made, only the names are noted.
    let _ = T::deserialize(&mut fields);
    fields.0
}

/// serde's message about one option as an [`Error::InvalidOption`]:
/// "unknown variant `mean`, expected `answers` or `respondents`" becomes
/// found "unknown variant `mean`", expected "`answers` or `respondents`".
fn option_error(name: &str, e: &serde_json::Error) -> Error {
    let message = e.to_string();
    let (found, expected) = message.split_once(", expected ").unwrap_or((&message, "a value of the documented form"));
    let found = found.strip_prefix("invalid type: ").or_else(|| found.strip_prefix("invalid value: ")).unwrap_or(found);
    invalid(name, expected, found)
}

impl ScoreOptions {
    /// Parse options from their JSON form (the report's `options`): an
    /// object of option names, absent names keep their defaults. Text that
    /// is not a JSON object is an [`Error::Json`] (code `invalid_json`); an
    /// unknown option or a value of the wrong type is an
    /// [`Error::InvalidOption`] (code `invalid_option`) naming the option.
    /// Ranges are checked by [`ScoreOptions::validate`], not here.
    ///
    /// ```
    /// use rapport::{Error, ScoreOptions};
    /// let o = ScoreOptions::from_json(r#"{"min_group_size": 8, "by": ["side"]}"#).unwrap();
    /// assert_eq!((o.min_group_size, o.confidence), (8, 0.95));
    /// let e = ScoreOptions::from_json(r#"{"favourable_basis": "mean"}"#).unwrap_err();
    /// assert!(matches!(&e, Error::InvalidOption { name, .. } if name == "favourable_basis"), "{e}");
    /// let e = ScoreOptions::from_json(r#"{"min_size": 8}"#).unwrap_err();
    /// assert!(e.to_string().starts_with("option min_size is invalid: expected one of `by`"), "{e}");
    /// assert_eq!(ScoreOptions::from_json("{ by: 1 }").unwrap_err().code(), "invalid_json");
    /// // `min_group` is the short name of `min_group_size` (the command line's `--min-group`).
    /// assert_eq!(ScoreOptions::from_json(r#"{"min_group": 8}"#).unwrap().min_group_size, 8);
    /// let e = ScoreOptions::from_json(r#"{"min_group": 8, "min_group_size": 9}"#).unwrap_err();
    /// assert_eq!(e.to_string(), "option min_group_size is invalid: expected one value, found min_group=8 and min_group_size=9");
    /// ```
    pub fn from_json(json: &str) -> Result<ScoreOptions> {
        if let Ok(serde_json::Value::Object(mut object)) = serde_json::from_str(json)
            && ScoreOptions::ALIASES.iter().any(|(alias, _)| object.contains_key(*alias))
        {
            for (alias, name) in ScoreOptions::ALIASES {
                let Some(value) = object.remove(*alias) else { continue };
                if let Some(named) = object.get(*name) {
                    let found = format!(
                        "{alias}={} and {name}={}",
                        echo_bare(&value.to_string()),
                        echo_bare(&named.to_string())
                    );
                    return Err(invalid(name, "one value", found));
                }
                object.insert((*name).to_owned(), value);
            }
            return named_options_from_json(&serde_json::Value::Object(object).to_string(), JsonDocument::Options);
        }
        named_options_from_json(json, JsonDocument::Options)
    }

    /// Options given by name as JSON (as [`ScoreOptions::from_json`] reads
    /// them) over `base`: each option the JSON names replaces `base`'s value,
    /// the others keep it. How a report over saved aggregates takes its
    /// user's options over the aggregates' own.
    ///
    /// ```
    /// use rapport::ScoreOptions;
    /// let base = ScoreOptions { by: vec!["side".into()], ..ScoreOptions::default() };
    /// let o = ScoreOptions::from_json_over(&base, r#"{"min_group": 8}"#).unwrap();
    /// assert_eq!((o.by, o.min_group_size), (vec!["side".to_owned()], 8));
    /// assert_eq!(ScoreOptions::from_json_over(&base, "{}").unwrap(), base);
    /// ```
    pub fn from_json_over(base: &ScoreOptions, json: &str) -> Result<ScoreOptions> {
        let given = serde_json::to_value(ScoreOptions::from_json(json)?).unwrap_or_default();
        let mut merged = serde_json::to_value(base).unwrap_or_default();
        for name in ScoreOptions::json_names(json) {
            if let Some(v) = given.get(&name) {
                merged[name.as_str()] = v.clone();
            }
        }
        named_options_from_json(&merged.to_string(), JsonDocument::Options)
    }

    /// The option names a JSON object of options gives (what
    /// [`ScoreOptions::from_json`] reads from it), a short name as its
    /// option's ([`ScoreOptions::ALIASES`]); empty for text that is not a
    /// JSON object. The surfaces pass their user's options on as such an
    /// object, so this tells which options the user gave: `by` among them
    /// makes the fields required ([`crate::Scorer::require_by_fields`]).
    ///
    /// ```
    /// let given = rapport::ScoreOptions::json_names(r#"{"by": ["side"], "min_group": 8}"#);
    /// assert_eq!(given, ["by", "min_group_size"]);
    /// assert!(rapport::ScoreOptions::json_names("[1]").is_empty());
    /// ```
    pub fn json_names(json: &str) -> Vec<String> {
        let Ok(serde_json::Value::Object(object)) = serde_json::from_str(json) else { return Vec::new() };
        object
            .keys()
            .map(|k| {
                let name = ScoreOptions::ALIASES.iter().find(|(alias, _)| alias == k).map_or(k.as_str(), |(_, n)| *n);
                name.to_owned()
            })
            .collect()
    }

    /// Short names [`ScoreOptions::from_json`] also reads, as `(short name,
    /// option)`: `min_group` for `min_group_size`, as the command line's
    /// `--min-group`. Giving both is an [`Error::InvalidOption`].
    pub const ALIASES: &'static [(&'static str, &'static str)] = &[("min_group", "min_group_size")];

    /// Every option's name, in declaration order: the keys
    /// [`ScoreOptions::from_json`] reads (besides [`ScoreOptions::ALIASES`])
    /// and the report's `options` carries. The bindings check their typed
    /// keyword arguments against it.
    ///
    /// ```
    /// let names = rapport::ScoreOptions::names();
    /// assert_eq!(&names[..2], ["by", "min_group_size"]);
    /// assert!(names.contains(&"top_actions"));
    /// ```
    pub fn names() -> &'static [&'static str] {
        field_names::<ScoreOptions>()
    }

    /// The fewest responses reliability is estimated from: `reliability_min_n`,
    /// but never fewer than `min_group_size`, so no figure is published over
    /// fewer people than the minimum reporting size.
    ///
    /// ```
    /// let o = rapport::ScoreOptions { min_group_size: 12, reliability_min_n: 10, ..Default::default() };
    /// assert_eq!(o.reliability_floor(), 12);
    /// ```
    pub fn reliability_floor(&self) -> u32 {
        self.reliability_min_n.max(self.min_group_size)
    }

    /// The fewest complete responses driver analysis needs: `drivers_min_n`,
    /// but never fewer than `min_group_size`.
    pub fn drivers_floor(&self) -> u32 {
        self.drivers_min_n.max(self.min_group_size)
    }

    /// Check every option is in range.
    pub fn validate(&self) -> Result<()> {
        check_min_group_size(self.min_group_size)?;
        if !(self.min_answered_fraction > 0.0 && self.min_answered_fraction <= 1.0) {
            return Err(invalid("min_answered_fraction", "a number in (0, 1]", self.min_answered_fraction));
        }
        if !(self.confidence > 0.0 && self.confidence < 1.0) {
            return Err(invalid("confidence", "a number in (0, 1)", self.confidence));
        }
        if self.reliability_min_n < 3 {
            return Err(invalid("reliability_min_n", "at least 3", self.reliability_min_n));
        }
        if !self.weak_item_rest_correlation.is_finite() {
            return Err(invalid("weak_item_rest_correlation", "a number", self.weak_item_rest_correlation));
        }
        for (name, v) in [("change_alpha", self.change_alpha), ("trend_alpha", self.trend_alpha)] {
            if !(v > 0.0 && v < 1.0) {
                return Err(invalid(name, "a number in (0, 1)", v));
            }
        }
        if !(self.ewma_lambda > 0.0 && self.ewma_lambda <= 1.0) {
            return Err(invalid("ewma_lambda", "a number in (0, 1]", self.ewma_lambda));
        }
        for (name, v) in [
            ("change_min_effect", self.change_min_effect),
            ("ewma_limit", self.ewma_limit),
            ("blind_spot_threshold", self.blind_spot_threshold),
        ] {
            if !(v.is_finite() && v >= 0.0) {
                return Err(invalid(name, "a number ≥ 0", v));
            }
        }
        if self.drivers_min_n < 5 {
            return Err(invalid("drivers_min_n", "at least 5", self.drivers_min_n));
        }
        let mut seen_waves = std::collections::HashSet::new();
        for w in &self.wave_order {
            if !seen_waves.insert(w.as_str()) {
                return Err(invalid("wave_order", "each wave at most once", echo(w)));
            }
        }
        for p in &self.populations {
            if p.size == 0 {
                return Err(invalid(
                    "populations",
                    "sizes of at least 1",
                    format!("0 for {} {}", echo(&p.wave), p.side.as_str()),
                ));
            }
        }
        let mut seen = std::collections::HashSet::new();
        for b in &self.by {
            if b.trim().is_empty() {
                return Err(invalid("by", "non-empty field names", "an empty name"));
            }
            if b == "wave" || b == "respondent" {
                return Err(invalid("by", "side or a segment name (reports are always per wave)", echo(b)));
            }
            if !seen.insert(b.as_str()) {
                return Err(invalid("by", "each field at most once", echo(b)));
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_the_keys_of_the_json_form_in_order() {
        let json = serde_json::to_string(&ScoreOptions::default()).unwrap();
        let names = ScoreOptions::names();
        let places: Vec<usize> =
            names.iter().map(|n| json.find(&format!("\"{n}\":")).unwrap_or_else(|| panic!("{n} in {json}"))).collect();
        assert!(places.windows(2).all(|w| w[0] < w[1]), "{names:?}");
        assert_eq!(names.len(), json.matches("\":").count(), "{json}");
        assert_eq!(names.len(), 19);
        // An alias names an option and is not one itself; both read the same.
        for (alias, name) in ScoreOptions::ALIASES {
            assert!(names.contains(name) && !names.contains(alias), "{alias} → {name}");
            let by_alias = ScoreOptions::from_json(&format!("{{\"{alias}\": 7}}")).unwrap();
            assert_eq!(by_alias, ScoreOptions::from_json(&format!("{{\"{name}\": 7}}")).unwrap());
        }
    }

    #[test]
    fn aliases_keep_the_errors_of_their_option() {
        let e = ScoreOptions::from_json(r#"{"min_group": "five", "by": ["side"]}"#).unwrap_err();
        assert_eq!(e.code(), "invalid_option");
        assert!(e.to_string().starts_with("option min_group_size is invalid"), "{e}");
        let e = ScoreOptions::from_json(r#"{"min_group": 5, "min_group_size": 5}"#).unwrap_err();
        assert_eq!(e.code(), "invalid_option");
        // Syntax errors are those of the text as given.
        let e = ScoreOptions::from_json("{\"min_group\": 5,\n}").unwrap_err();
        assert_eq!(e.code(), "invalid_json");
        assert!(matches!(e, Error::Json { line: Some(2), .. }), "{e:?}");
    }
}
