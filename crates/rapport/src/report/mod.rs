//! The report: everything rapport computed, in one typed value with a stable
//! JSON form (`schema_version`, snake_case keys) described by
//! `schema/report.schema.json`.
//!
//! A report is built ([`Report::build`], in [`build`]) from [`Aggregates`](crate::Aggregates)
//! and the [`IngestSummary`] of the inputs. Privacy is applied there, in the
//! core, before any figure leaves the library: groups and figures under the
//! minimum reporting size, and the complementary ones that would let them be
//! worked out, are present in the report but marked suppressed, with no
//! figure and no count, all alike (see [`crate::privacy`]). Respondent ids
//! never appear.

pub mod build;
pub mod table_docs;
pub mod tables;

pub use crate::analysis::figures::{
    DimensionFigures, DimensionReliability, GroupAddress, GroupReport, HIDDEN, IndexFigures, ItemReport, OutcomeReport,
    Status, Suppression,
};

use crate::actions::{FollowUp, SuggestedAction};
use crate::analysis::change::Change;
use crate::analysis::drivers::Drivers;
use crate::analysis::mirror::Mirror;
use crate::analysis::priorities::{Maturity, Priorities};
use crate::analysis::trend::Trend;
use crate::ingest::IngestSummary;
use crate::instrument::Side;
use crate::options::ScoreOptions;
use crate::waves::WaveScheme;
use serde::{Deserialize, Serialize};

/// Version of the report's JSON form. Bumped whenever a field changes
/// meaning or is removed; adding optional fields does not bump it.
/// Version 2: waves in time order (not label order) with `wave_scheme`,
/// participation, wave-over-wave changes, the mirror, drivers, priorities,
/// maturity, suggested actions, trends and the action-log follow-up.
/// Version 3: one publication plan per data set and wave; every hidden
/// group and figure carries the one reason `protected` and the label
/// "hidden"; the intake holds no per-file counts; `intake.rejected_rows`
/// lists the first 100 rejected rows, and `rejected` with
/// `rejected_by_code` counts every one.
pub const REPORT_SCHEMA_VERSION: u32 = 3;

/// Identification of the instrument the report was scored with.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct InstrumentInfo {
    /// Instrument id.
    pub id: String,
    /// Instrument content version.
    pub version: String,
    /// Display name.
    pub name: String,
    /// Dimensions in display order.
    pub dimensions: Vec<DimensionInfo>,
}

/// A dimension's id and display name.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct DimensionInfo {
    /// Dimension id.
    pub id: String,
    /// Display name.
    pub name: String,
    /// Weight in the overall index.
    pub weight: f64,
}

/// How privacy was applied.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct PrivacySummary {
    /// Minimum reporting size in force.
    pub min_group_size: u32,
    /// Groups suppressed (all waves).
    pub suppressed_groups: u64,
    /// Figures suppressed inside shown groups (items, dimensions, index, outcomes).
    pub suppressed_figures: u64,
}

/// The full report.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Report {
    /// Version of this JSON form ([`REPORT_SCHEMA_VERSION`]).
    pub schema_version: u32,
    /// The program that produced it (`rapport <version>`).
    pub generator: String,
    /// Instrument used.
    pub instrument: InstrumentInfo,
    /// Options used.
    pub options: ScoreOptions,
    /// Privacy in force.
    pub privacy: PrivacySummary,
    /// Rows in, accepted and rejected, the rejected rows counted per error
    /// code and the first 100 of them ([`crate::ingest::REJECTED_ROWS_LISTED`]).
    pub intake: IngestSummary,
    /// The break-down fields actually used (the requested `by` fields that
    /// some response carries).
    pub breakdowns: Vec<String>,
    /// Things the reader should know (a requested break-down no response carries …).
    pub notes: Vec<String>,
    /// How the waves were put in time order.
    pub wave_scheme: WaveScheme,
    /// Respondents per wave, in total and per side (with response rates
    /// where populations were given).
    pub participation: Vec<Participation>,
    /// One entry per wave, in time order.
    pub waves: Vec<WaveReport>,
    /// Every series across waves (index, dimensions; items for the total and sides).
    pub trends: Vec<Trend>,
    /// Follow-up of the actions in the action log (empty without a log).
    #[serde(default)]
    pub action_log: Vec<FollowUp>,
}

/// Respondents in one wave, in total or on one side.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Participation {
    /// Wave label.
    pub wave: String,
    /// The side (`null` for all respondents).
    pub side: Option<Side>,
    /// Respondents (`null` when the group is suppressed).
    pub respondents: Option<u64>,
    /// Respondents for display ("hidden" when suppressed).
    pub respondents_label: String,
    /// People invited, when given in the options.
    pub population: Option<u64>,
    /// respondents ÷ population.
    pub response_rate: Option<f64>,
}

/// Everything about one wave.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct WaveReport {
    /// Wave label.
    pub wave: String,
    /// Groups: the wave total first, then each break-down, then their cross.
    pub groups: Vec<GroupReport>,
    /// IT − business gaps (only where both sides are shown).
    pub gaps: Vec<Gap>,
    /// Changes since the previous wave, per group and measure (empty for the first wave).
    pub changes: Vec<Change>,
    /// IT vs business with tests, and mirror accuracy (`null` unless both sides are shown).
    pub mirror: Option<Mirror>,
    /// Driver analysis for all respondents and each side.
    pub drivers: Vec<Drivers>,
    /// Importance × performance priorities (`null` when the total is not shown).
    pub priorities: Option<Priorities>,
    /// Maturity level (`null` without a ladder or a shown index).
    pub maturity: Option<Maturity>,
    /// Suggested actions for the top priorities.
    pub actions: Vec<SuggestedAction>,
}

/// The IT-vs-business difference on one measure in one wave.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Gap {
    /// Dimension id, or `null` for the overall index.
    pub dimension: Option<String>,
    /// IT's score (0–100).
    pub it: f64,
    /// The business's score (0–100).
    pub business: f64,
    /// `it − business`: positive when IT sees the relationship more favourably.
    pub gap: f64,
}

impl WaveReport {
    /// The wave-total group.
    pub fn total(&self) -> Option<&GroupReport> {
        self.groups.iter().find(|g| g.is_total())
    }
    /// The group of one side (when the report breaks down by side).
    pub fn side(&self, side: Side) -> Option<&GroupReport> {
        self.groups.iter().find(|g| g.side() == Some(side))
    }
}
