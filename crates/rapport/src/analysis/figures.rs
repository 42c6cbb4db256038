//! The published figures of one group in one wave: what every analysis reads
//! and what the report shows. Each figure carries a [`Status`]; a hidden one
//! has no number, only its [`Suppression`].

use crate::analysis::reliability::Reliability;
use crate::instrument::{OutcomeRole, Side};
use crate::privacy::SuppressionReason;
use crate::stats::Interval;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Shown or suppressed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// Figures are present.
    Shown,
    /// Figures are withheld; see `suppression`.
    Suppressed,
}

/// How every hidden group and figure reads where a count or a figure would
/// be: a hidden group's `respondents_label`, and a hidden figure's cell in
/// every rendering (the text scorecard, the HTML report, the browser's
/// scorecard). No count, no reason: see [`crate::privacy`].
pub const HIDDEN: &str = "hidden";

/// Why something is suppressed, for programs and for people.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Suppression {
    /// Machine-readable reason.
    pub reason: SuppressionReason,
    /// The same in words ("hidden to protect small groups").
    pub message: String,
}

/// One group of respondents in one wave.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct GroupReport {
    /// `total`, a break-down field name (`side`, `department` …), or the
    /// fields of a cross joined by `×` (`side×department`).
    pub level: String,
    /// The group's values per break-down field (`null` = not given).
    pub key: BTreeMap<String, Option<String>>,
    /// Display label ("All respondents", "IT", "Business · Finance" …).
    pub label: String,
    /// Shown or suppressed.
    pub status: Status,
    /// Why suppressed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub suppression: Option<Suppression>,
    /// Respondents (`null` when suppressed).
    pub respondents: Option<u64>,
    /// Respondents for display: the count, or "hidden".
    pub respondents_label: String,
    /// Overall health index.
    pub index: Option<IndexFigures>,
    /// Per dimension (empty when the group is suppressed).
    pub dimensions: Vec<DimensionFigures>,
    /// Per agreement item (empty when the group is suppressed).
    pub items: Vec<ItemReport>,
    /// Per outcome item (empty when the group is suppressed).
    pub outcomes: Vec<OutcomeReport>,
    /// Reliability per dimension (wave totals and sides only).
    pub reliability: Vec<DimensionReliability>,
}

/// The overall health index of a group.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct IndexFigures {
    /// Shown or suppressed.
    pub status: Status,
    /// Why suppressed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub suppression: Option<Suppression>,
    /// Respondents scored on every dimension.
    pub n: Option<u64>,
    /// Mean index, 0–100.
    pub score: Option<f64>,
    /// Standard deviation.
    pub sd: Option<f64>,
    /// Confidence interval of the mean.
    pub ci: Option<Interval>,
    /// Health band id.
    pub band: Option<String>,
    /// Health band label.
    pub band_label: Option<String>,
}

/// A dimension's figures in a group.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct DimensionFigures {
    /// Dimension id.
    pub dimension: String,
    /// Shown or suppressed.
    pub status: Status,
    /// Why suppressed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub suppression: Option<Suppression>,
    /// Respondents with a dimension score.
    pub n: Option<u64>,
    /// Mean score, 0–100.
    pub score: Option<f64>,
    /// Standard deviation of respondent scores (0–100).
    pub sd: Option<f64>,
    /// Confidence interval of the mean.
    pub ci: Option<Interval>,
    /// Favourable % (basis per `ScoreOptions::favourable_basis`).
    pub favourable_pct: Option<f64>,
    /// Unfavourable %.
    pub unfavourable_pct: Option<f64>,
}

/// An agreement item's figures in a group.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct ItemReport {
    /// Item id.
    pub item: String,
    /// Dimension id.
    pub dimension: String,
    /// Whether the item is reverse-keyed.
    pub reverse: bool,
    /// Shown or suppressed.
    pub status: Status,
    /// Why suppressed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub suppression: Option<Suppression>,
    /// Answers on the scale.
    pub n: Option<u64>,
    /// Not answered.
    pub missing: Option<u64>,
    /// Answered "not applicable".
    pub not_applicable: Option<u64>,
    /// Mean of the raw answers (as asked, before reverse keying).
    pub mean: Option<f64>,
    /// Standard deviation of the answers.
    pub sd: Option<f64>,
    /// Mean after reverse keying, on 0–100 (comparable with dimension scores).
    pub score: Option<f64>,
    /// Count per raw scale point, lowest first.
    pub distribution: Vec<u64>,
    /// Favourable % after reverse keying.
    pub favourable_pct: Option<f64>,
    /// Unfavourable % after reverse keying.
    pub unfavourable_pct: Option<f64>,
}

/// An outcome item's figures in a group.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct OutcomeReport {
    /// Item id.
    pub item: String,
    /// What the item is for.
    pub role: OutcomeRole,
    /// Shown or suppressed.
    pub status: Status,
    /// Why suppressed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub suppression: Option<Suppression>,
    /// Answers.
    pub n: Option<u64>,
    /// Not answered.
    pub missing: Option<u64>,
    /// Mean (rating items).
    pub mean: Option<f64>,
    /// Standard deviation (rating items).
    pub sd: Option<f64>,
    /// Favourable % (rating items).
    pub favourable_pct: Option<f64>,
    /// Unfavourable % (rating items).
    pub unfavourable_pct: Option<f64>,
    /// Option ids (choice items), aligned with `distribution`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub options: Vec<String>,
    /// Count per scale point (lowest first) or per option.
    pub distribution: Vec<u64>,
}

/// Reliability of one dimension in one group.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct DimensionReliability {
    /// Dimension id.
    pub dimension: String,
    /// The estimate or the reason there is none.
    #[serde(flatten)]
    pub reliability: Reliability,
}

impl GroupReport {
    /// A dimension's figures by id.
    pub fn dimension(&self, id: &str) -> Option<&DimensionFigures> {
        self.dimensions.iter().find(|d| d.dimension == id)
    }
}

/// The level of a wave's total group.
pub const TOTAL: &str = "total";
/// The level, and key field, of the IT and business groups.
pub const SIDE: &str = "side";

/// Where a group sits in a wave's break-down: its level (`total`, `side`,
/// a segment field, or fields joined by ` × `) and its key (the value of
/// each field). Everything reported per group implements it, so groups are
/// found by meaning rather than by comparing level strings.
///
/// ```
/// use rapport::{Instrument, ScoreOptions, Side, sample, score_records};
/// use rapport::report::GroupAddress;
/// let inst = Instrument::default();
/// let report = score_records(&inst, &sample::generate(&inst, &Default::default()), &ScoreOptions::default()).unwrap();
/// let wave = report.latest().unwrap();
/// assert!(wave.groups[0].is_total());
/// assert_eq!(wave.groups.iter().filter_map(|g| g.side()).count(), 2);
/// ```
pub trait GroupAddress {
    /// The group's level.
    fn level(&self) -> &str;
    /// The group's key: field → value (`None`: respondents without that segment).
    fn key(&self) -> &BTreeMap<String, Option<String>>;
    /// The wave total.
    fn is_total(&self) -> bool {
        self.level() == TOTAL
    }
    /// One side's group.
    fn is_side(&self) -> bool {
        self.level() == SIDE
    }
    /// The side, for a side's group.
    fn side(&self) -> Option<Side> {
        if self.is_side() { self.key().get(SIDE)?.as_deref()?.parse().ok() } else { None }
    }
    /// The wave total or one side's group: the groups every report shows.
    fn is_total_or_side(&self) -> bool {
        self.is_total() || self.is_side()
    }
    /// Whether `other` addresses the same group.
    fn same_group(&self, other: &impl GroupAddress) -> bool
    where
        Self: Sized,
    {
        self.level() == other.level() && self.key() == other.key()
    }
}

/// Implements [`GroupAddress`] for a type with `level` and `key` fields.
macro_rules! group_address {
    ($($t:ty),*) => {$(
        impl $crate::analysis::figures::GroupAddress for $t {
            fn level(&self) -> &str {
                &self.level
            }
            fn key(&self) -> &std::collections::BTreeMap<String, Option<String>> {
                &self.key
            }
        }
    )*};
}
pub(crate) use group_address;

group_address!(GroupReport);

/// One wave's published groups, as the analyses across waves read them.
#[derive(Debug, Clone, Copy)]
pub struct WaveGroups<'a> {
    /// The wave label.
    pub wave: &'a str,
    /// Its groups, total first.
    pub groups: &'a [GroupReport],
}
