//! Privacy: which groups and figures may be published.
//!
//! One publication plan per data set and wave, decided before any report
//! over every break-down a reader could ask for (every subset of side and
//! the data's segment fields, every combination of their values), whatever
//! `by` the report at hand uses; a report shows a subset of it, so no two
//! reports together show more than the plan does. Groups of fewer than the
//! minimum reporting size are hidden, and more groups are hidden until no
//! combination of published figures isolates one, or even shows that a
//! hidden group is small ([`plan`]). The [`audit()`] checks every table of
//! the plan again, with exact arithmetic, before a report is built. The
//! disclosure model, what is and is not protected, is in `docs/privacy.md`.
//!
//! Every hidden group and figure reads the same in every report
//! ([`SuppressionReason::Protected`]); why each is hidden is for the data
//! owner only (`rapport privacy`).

pub mod audit;
pub mod owner;
pub mod plan;

pub use crate::aggregate::census::{Census, CensusKey, Measure, Shape};
pub use audit::{AuditReport, audit};
pub use plan::{HiddenBecause, Plan, WavePlan};

use serde::{Deserialize, Serialize};

/// Why a group or figure is not shown: one reason for all, so a hidden small
/// group cannot be told from a group hidden to protect it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum SuppressionReason {
    /// Hidden to protect small groups.
    Protected,
}

impl SuppressionReason {
    /// The sentence every hidden group and figure carries.
    pub fn describe(self) -> &'static str {
        match self {
            SuppressionReason::Protected => "hidden to protect small groups",
        }
    }
}
