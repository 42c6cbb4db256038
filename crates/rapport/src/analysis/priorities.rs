//! Priorities and maturity.
//!
//! *Importance × performance*: each dimension's importance is its share of
//! the explained variance in the overall rating (Johnson's relative weight,
//! [`crate::analysis::drivers`]) for all respondents; where that cannot be estimated,
//! every dimension counts equally and the report says so. Performance is
//! the dimension score. A dimension is *fix first* when it matters more than
//! average (share > 1/k) and scores below the average of the dimensions;
//! the ranked list orders dimensions by improvement potential,
//! `importance × (100 − score)`.
//!
//! *Maturity*: the highest rung of the instrument's ladder whose minimum
//! index is reached and whose maximum IT–business gap is respected.

use crate::analysis::drivers::Drivers;
use crate::analysis::figures::GroupReport;
use crate::instrument::Instrument;
use crate::stats::stable;
use serde::{Deserialize, Serialize};

/// Where a dimension falls on the importance × performance grid.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum Quadrant {
    /// Important and under-performing: act here first.
    FixFirst,
    /// Important and performing: protect it.
    KeepUp,
    /// Less important and under-performing: watch.
    Watch,
    /// Less important and performing well.
    Maintain,
}

impl Quadrant {
    /// Words for people.
    pub fn label(self) -> &'static str {
        match self {
            Quadrant::FixFirst => "Fix first",
            Quadrant::KeepUp => "Keep up",
            Quadrant::Watch => "Watch",
            Quadrant::Maintain => "Maintain",
        }
    }
}

/// How importance was measured.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum ImportanceBasis {
    /// Johnson's relative weights for all respondents.
    RelativeWeights,
    /// Too few complete responses for drivers: every dimension counts equally.
    Equal,
}

/// One dimension's priority.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Priority {
    /// 1 = act here first.
    pub rank: u32,
    /// Dimension id.
    pub dimension: String,
    /// Importance: share of explained variance (0–1).
    pub importance: f64,
    /// Performance: dimension score (0–100).
    pub performance: f64,
    /// Improvement potential `importance × (100 − performance)`.
    pub potential: f64,
    /// Grid quadrant.
    pub quadrant: Quadrant,
}

/// The priority list of a wave.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Priorities {
    /// How importance was measured.
    pub importance_basis: ImportanceBasis,
    /// Importance split (1/k).
    pub importance_split: f64,
    /// Performance split (mean of the dimension scores).
    pub performance_split: f64,
    /// Ranked, first = highest potential.
    pub dimensions: Vec<Priority>,
}

/// Priorities from the wave total and its driver analysis (`None` when the
/// total group or a dimension score is not shown).
pub(crate) fn priorities(inst: &Instrument, total: &GroupReport, drivers: Option<&Drivers>) -> Option<Priorities> {
    let k = inst.dimensions().len();
    let scores: Vec<f64> =
        inst.dimensions().iter().map(|d| total.dimension(&d.id).and_then(|f| f.score)).collect::<Option<Vec<_>>>()?;
    let shares: Option<Vec<f64>> = drivers
        .filter(|d| d.r_squared.is_some())
        .and_then(|d| d.dimensions.iter().map(|x| x.share).collect::<Option<Vec<_>>>().filter(|s| s.len() == k));
    let (basis, shares) = match shares {
        Some(s) => (ImportanceBasis::RelativeWeights, s),
        None => (ImportanceBasis::Equal, vec![1.0 / k as f64; k]),
    };
    let isplit = 1.0 / k as f64;
    let psplit = scores.iter().sum::<f64>() / k as f64;
    let mut dims: Vec<Priority> = inst
        .dimensions()
        .iter()
        .enumerate()
        .map(|(d, dim)| {
            let (imp, perf) = (shares[d], scores[d]);
            let high = stable(imp) > stable(isplit);
            let low_perf = stable(perf) < stable(psplit);
            let quadrant = match (high, low_perf) {
                (true, true) => Quadrant::FixFirst,
                (true, false) => Quadrant::KeepUp,
                (false, true) => Quadrant::Watch,
                (false, false) => Quadrant::Maintain,
            };
            Priority {
                rank: 0,
                dimension: dim.id.clone(),
                importance: imp,
                performance: perf,
                potential: imp * (100.0 - perf),
                quadrant,
            }
        })
        .collect();
    crate::util::sort::sort_by(&mut dims, |a, b| {
        stable(b.potential).total_cmp(&stable(a.potential)).then_with(|| a.dimension.cmp(&b.dimension))
    });
    for (i, p) in dims.iter_mut().enumerate() {
        p.rank = i as u32 + 1;
    }
    Some(Priorities { importance_basis: basis, importance_split: isplit, performance_split: psplit, dimensions: dims })
}

/// Where the relationship stands on the maturity ladder.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Maturity {
    /// Level id.
    pub level: String,
    /// Level label.
    pub label: String,
    /// What the level looks like.
    pub description: String,
    /// Rung number, 1 = lowest.
    pub rung: u32,
    /// Rungs on the ladder.
    pub rungs: u32,
    /// The overall index used.
    pub index: f64,
    /// The IT − business gap of the index used (`null` when a side is not shown).
    pub gap: Option<f64>,
    /// What the next rung needs, in words (`null` at the top).
    pub next: Option<String>,
}

/// Maturity from the total index and the side gap.
pub(crate) fn maturity(inst: &Instrument, index: f64, gap: Option<f64>) -> Option<Maturity> {
    let levels = inst.maturity();
    let level = inst.maturity_level(index, gap)?;
    let rung = levels.iter().position(|l| l.id == level.id)?;
    let next = levels.get(rung + 1).map(|n| {
        let mut needs = Vec::new();
        if stable(index) < n.min_index {
            needs.push(format!("an index of {:.0} (now {:.1})", n.min_index, stable(index)));
        }
        if let Some(m) = n.max_gap {
            match gap {
                Some(g) if stable(g.abs()) > m => {
                    needs.push(format!("an IT–business gap within ±{m:.0} points (now {:+.1})", stable(g)))
                }
                None => needs.push("both sides shown".to_owned()),
                _ => {}
            }
        }
        format!("{} needs {}.", n.label, needs.join(" and "))
    });
    Some(Maturity {
        level: level.id.clone(),
        label: level.label.clone(),
        description: level.description.clone(),
        rung: rung as u32 + 1,
        rungs: levels.len() as u32,
        index,
        gap,
        next,
    })
}
