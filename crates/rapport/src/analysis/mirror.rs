//! The mirror: how IT and the business see the same relationship, and how
//! well each side knows what the other thinks.
//!
//! *Perception gaps*: IT vs business on the index, every dimension and every
//! item — difference (IT − business), Welch's t-test with the interval of
//! the difference, and Hedges' g — from the side groups' shown figures.
//!
//! *Mirror accuracy*: each side answers the mirror item ("how do you think
//! {counterpart} would rate the relationship?"); comparing that prediction
//! with the other side's actual overall rating shows a blind spot when the
//! prediction is off by more than [`ScoreOptions::blind_spot_threshold`]
//! points. This is the seeds' "what do they think of you?" made measurable.

use crate::analysis::figures::{GroupAddress, GroupReport, Status};
use crate::estimate::NotEstimable;
use crate::instrument::Side;
use crate::instrument::{Instrument, OutcomeRole};
use crate::options::{HundredScale, ScoreOptions};
use crate::stats::inference::WelchTest;
use crate::stats::stable;
use serde::{Deserialize, Serialize};

/// IT vs business on one measure.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct PerceptionGap {
    /// Dimension id (`null` for the overall index).
    pub dimension: Option<String>,
    /// Item id, for item rows.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub item: Option<String>,
    /// IT's mean score (0–100).
    pub it: f64,
    /// The business's mean score (0–100).
    pub business: f64,
    /// `it − business`.
    pub difference: f64,
    /// Welch's t-test of IT vs business, with the interval of the difference.
    pub test: Option<WelchTest>,
    /// Hedges' g of IT vs business.
    pub hedges_g: Option<f64>,
    /// Significant at the report's change_alpha with |g| ≥ change_min_effect.
    pub clear: bool,
    /// Why there is no test.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub not_estimable: Option<NotEstimable>,
}

/// Kind of blind spot.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum BlindSpot {
    /// The side expects the other to rate the relationship higher than it does.
    Overestimates,
    /// The side expects the other to rate it lower than it does.
    Underestimates,
}

/// What one side predicted the other would rate vs what the other rated.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct MirrorAccuracy {
    /// The side making the prediction.
    pub side: Side,
    /// Its mean answer to the mirror item (rating scale).
    pub predicted: f64,
    /// The other side's mean overall rating.
    pub actual: f64,
    /// `predicted − actual`.
    pub error: f64,
    /// Welch's t-test of the prediction against the other side's ratings.
    pub test: Option<WelchTest>,
    /// The blind spot, when |error| exceeds the threshold.
    pub blind_spot: Option<BlindSpot>,
    /// One sentence for people.
    pub message: String,
}

/// The mirror of one wave.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Mirror {
    /// Index and dimensions.
    pub dimensions: Vec<PerceptionGap>,
    /// Items.
    pub items: Vec<PerceptionGap>,
    /// Mirror accuracy per side (when the instrument has both the overall
    /// and the mirror item and both sides are shown).
    pub accuracy: Vec<MirrorAccuracy>,
}

type Nms = (u64, f64, Option<f64>);

/// Compare two (n, mean, sd) samples: IT first.
pub fn gap(
    it: Nms,
    business: Nms,
    opts: &ScoreOptions,
) -> (Option<WelchTest>, Option<f64>, bool, Option<NotEstimable>) {
    crate::analysis::change::test_difference(it, business, opts)
}

fn row(dimension: Option<String>, item: Option<String>, it: Nms, bus: Nms, opts: &ScoreOptions) -> PerceptionGap {
    let (test, hedges_g, clear, not_estimable) = gap(it, bus, opts);
    PerceptionGap {
        dimension,
        item,
        it: it.1,
        business: bus.1,
        difference: it.1 - bus.1,
        test,
        hedges_g,
        clear,
        not_estimable,
    }
}

fn side_group(groups: &[GroupReport], s: Side) -> Option<&GroupReport> {
    groups.iter().find(|g| g.side() == Some(s) && g.status == Status::Shown)
}

fn outcome(g: &GroupReport, id: &str) -> Option<Nms> {
    let o = g.outcomes.iter().find(|o| o.item == id && o.status == Status::Shown)?;
    Some((o.n?, o.mean?, o.sd))
}

/// The mirror of a wave's groups (`None` unless both sides are shown).
pub(crate) fn mirror(inst: &Instrument, opts: &ScoreOptions, groups: &[GroupReport]) -> Option<Mirror> {
    let it = side_group(groups, Side::It)?;
    let bus = side_group(groups, Side::Business)?;
    let mut dimensions = Vec::new();
    for dim in std::iter::once(None).chain(inst.dimensions().iter().map(|d| Some(d.id.as_str()))) {
        if let (Some(a), Some(b)) =
            (crate::analysis::change::measure(it, dim), crate::analysis::change::measure(bus, dim))
        {
            dimensions.push(row(dim.map(str::to_owned), None, a, b, opts));
        }
    }
    let mut items = Vec::new();
    for (i, item) in inst.items().iter().enumerate() {
        let scale = inst.item_scale(i);
        let factor = match opts.hundred_scale {
            HundredScale::MinMax => 100.0 / f64::from(scale.max - scale.min),
            HundredScale::RatioToMax => 100.0 / f64::from(scale.max),
        };
        let fig = |g: &GroupReport| -> Option<Nms> {
            let r = g.items.iter().find(|r| r.item == item.id && r.status == Status::Shown)?;
            Some((r.n?, r.score?, r.sd.map(|s| s * factor)))
        };
        if let (Some(a), Some(b)) = (fig(it), fig(bus)) {
            items.push(row(Some(item.dimension.clone()), Some(item.id.clone()), a, b, opts));
        }
    }
    let mut accuracy = Vec::new();
    if let (Some(o), Some(m)) = (inst.outcome_by_role(OutcomeRole::Overall), inst.outcome_by_role(OutcomeRole::Mirror))
    {
        let (overall_id, mirror_id) = (&inst.outcomes()[o].id, &inst.outcomes()[m].id);
        for (side, own, other) in [(Side::It, it, bus), (Side::Business, bus, it)] {
            let (Some(pred), Some(act)) = (outcome(own, mirror_id), outcome(other, overall_id)) else {
                continue;
            };
            let (test, _, _, _) = gap(pred, act, opts);
            let error = pred.1 - act.1;
            let blind_spot = if stable(error) > opts.blind_spot_threshold {
                Some(BlindSpot::Overestimates)
            } else if stable(error) < -opts.blind_spot_threshold {
                Some(BlindSpot::Underestimates)
            } else {
                None
            };
            let other_name = side.other().label();
            let message = match blind_spot {
                Some(BlindSpot::Overestimates) => format!(
                    "Blind spot: {} expects {} to rate the relationship {:.1}, but {} rates it {:.1} — {:.1} points lower than {} thinks.",
                    side.label(),
                    other_name,
                    stable(pred.1),
                    other_name,
                    stable(act.1),
                    stable(error.abs()),
                    side.label()
                ),
                Some(BlindSpot::Underestimates) => format!(
                    "Blind spot: {} expects {} to rate the relationship {:.1}, but {} rates it {:.1} — {:.1} points higher than {} thinks.",
                    side.label(),
                    other_name,
                    stable(pred.1),
                    other_name,
                    stable(act.1),
                    stable(error.abs()),
                    side.label()
                ),
                None => format!(
                    "{} reads {} well: expected {:.1}, actual {:.1}.",
                    side.label(),
                    other_name,
                    stable(pred.1),
                    stable(act.1)
                ),
            };
            accuracy.push(MirrorAccuracy { side, predicted: pred.1, actual: act.1, error, test, blind_spot, message });
        }
    }
    Some(Mirror { dimensions, items, accuracy })
}
