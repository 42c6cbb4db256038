//! Suggested actions: walk the priority list (highest improvement potential
//! first) and take the instrument's playbook actions for each dimension until
//! [`ScoreOptions::top_actions`] are chosen, leaving out an action the action
//! log has in progress. Each carries the figures that triggered it: first
//! its own (the dimension's score for the first action of a dimension, its
//! weakest unit for the second, the side that rates it lower for the third,
//! then its items from the weakest up), so no two suggestions give the same
//! reason; then importance, quadrant, IT–business gap, the latest change and
//! the trend.

use crate::analysis::change::Change;
use crate::analysis::figures::{GroupAddress, GroupReport, Status};
use crate::analysis::mirror::Mirror;
use crate::analysis::priorities::{Priorities, Priority};
use crate::analysis::trend::{Direction, Measure, Trend};
use crate::instrument::Instrument;
use crate::options::ScoreOptions;
use crate::stats::{signed1, stable};
use serde::{Deserialize, Serialize};

/// A figure that triggered a suggestion.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Trigger {
    /// What the figure is (`score`, `importance`, `gap`, `change`, `trend`, `quadrant`).
    pub figure: String,
    /// Its value, when numeric.
    pub value: Option<f64>,
    /// The figure in words.
    pub text: String,
}

/// A suggested action.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct SuggestedAction {
    /// 1 = first.
    pub rank: u32,
    /// Playbook action id.
    pub action: String,
    /// Title.
    pub title: String,
    /// What to do.
    pub description: String,
    /// Dimension it improves.
    pub dimension: String,
    /// The dimension's priority rank.
    pub priority_rank: u32,
    /// The figures behind the suggestion.
    pub triggers: Vec<Trigger>,
}

/// What a wave's suggestions are made from: its published figures and
/// analyses, and the logged actions in progress (not suggested again).
pub(crate) struct Evidence<'a> {
    /// The wave's groups (all respondents, the sides, the units).
    pub groups: &'a [GroupReport],
    /// The mirror, when both sides are shown.
    pub mirror: Option<&'a Mirror>,
    /// Changes since the previous wave.
    pub changes: &'a [Change],
    /// The priorities.
    pub priorities: &'a Priorities,
    /// The trends (the latest wave's suggestions only).
    pub trends: &'a [Trend],
    /// Ids of logged actions in progress at this wave.
    pub in_progress: &'a [String],
}

/// The figures that set one dimension's suggestions apart, most general
/// first: the dimension's score, its weakest unit, the side that rates it
/// lower, then its items from the weakest up. The `k`-th suggestion for a
/// dimension leads with the `k`-th, so no two suggestions give the same
/// reason.
fn leads(e: &Evidence<'_>, dimension: &str, name: &str, score: f64) -> Vec<Trigger> {
    let shown = |g: &&GroupReport| g.status == Status::Shown;
    let dim_score =
        |g: &GroupReport| g.dimension(dimension).filter(|f| f.status == Status::Shown).and_then(|f| f.score);
    let mut out = vec![Trigger {
        figure: "score".into(),
        value: Some(score),
        text: format!("{name} scores {:.1} of 100", stable(score)),
    }];
    // The units at the finest level (side × department before department).
    let depth = e.groups.iter().filter(|g| !g.is_total_or_side()).map(|g| g.key.len()).max().unwrap_or(0);
    let weakest_unit = e
        .groups
        .iter()
        .filter(shown)
        .filter(|g| !g.is_total_or_side() && g.key.len() == depth)
        .filter_map(|g| Some((g, dim_score(g)?)))
        .min_by(|a, b| stable(a.1).total_cmp(&stable(b.1)));
    if let Some((g, v)) = weakest_unit {
        out.push(Trigger {
            figure: "unit".into(),
            value: Some(v),
            text: format!("{name} is lowest in {}: {:.1}", g.label, stable(v)),
        });
    }
    let sides: Vec<(&GroupReport, f64)> =
        e.groups.iter().filter(shown).filter(|g| g.is_side()).filter_map(|g| Some((g, dim_score(g)?))).collect();
    if let [a, b] = sides[..] {
        let (low, high) = if stable(a.1) <= stable(b.1) { (a, b) } else { (b, a) };
        out.push(Trigger {
            figure: "side".into(),
            value: Some(low.1),
            text: format!("{} rates {name} {:.1} ({} {:.1})", low.0.label, stable(low.1), high.0.label, stable(high.1)),
        });
    }
    let mut items: Vec<(&str, f64)> = e
        .groups
        .iter()
        .find(|g| g.is_total() && g.status == Status::Shown)
        .map(|t| {
            t.items
                .iter()
                .filter(|i| i.dimension == dimension && i.status == Status::Shown)
                .filter_map(|i| Some((i.item.as_str(), i.score?)))
                .collect()
        })
        .unwrap_or_default();
    crate::util::sort::sort_by(&mut items, |a, b| stable(a.1).total_cmp(&stable(b.1)).then(a.0.cmp(b.0)));
    for (rank, (id, v)) in items.into_iter().enumerate() {
        let which = if rank == 0 { "weakest item".to_owned() } else { format!("item {} from the bottom", rank + 1) };
        out.push(Trigger {
            figure: "item".into(),
            value: Some(v),
            text: format!("{name}'s {which}, {id}, scores {:.1}", stable(v)),
        });
    }
    out
}

/// The figures every suggestion for a dimension shares: importance,
/// quadrant, IT − business gap, the latest change, the trend.
fn shared(e: &Evidence<'_>, p: &Priority) -> Vec<Trigger> {
    let mut triggers = vec![
        Trigger {
            figure: "importance".into(),
            value: Some(p.importance),
            text: format!("{:.0}% of what drives the overall rating", stable(p.importance * 100.0)),
        },
        Trigger { figure: "quadrant".into(), value: None, text: p.quadrant.label().to_owned() },
    ];
    if let Some(g) = e.mirror.and_then(|m| m.dimensions.iter().find(|g| g.dimension.as_deref() == Some(&p.dimension))) {
        triggers.push(Trigger {
            figure: "gap".into(),
            value: Some(g.difference),
            text: format!("IT − business gap {}{}", signed1(g.difference), if g.clear { " (clear)" } else { "" }),
        });
    }
    if let Some(c) = e.changes.iter().find(|c| c.is_total() && c.dimension.as_deref() == Some(&p.dimension)) {
        triggers.push(Trigger {
            figure: "change".into(),
            value: Some(c.comparison.change),
            text: format!(
                "{} since {}: {}",
                signed1(c.comparison.change),
                c.previous_wave,
                c.comparison.verdict.label()
            ),
        });
    }
    if let Some(t) = e.trends.iter().find(|t| t.is_total() && t.measure == Measure::Dimension(p.dimension.clone()))
        && t.direction != Direction::Undetermined
    {
        triggers.push(Trigger { figure: "trend".into(), value: None, text: format!("trend {}", t.direction.label()) });
    }
    triggers
}

/// Suggested actions for a wave: the playbook's actions for each priority
/// in turn, leaving out the actions in progress, each led by its own
/// figure ([`leads`]).
pub(crate) fn suggest(inst: &Instrument, opts: &ScoreOptions, e: &Evidence<'_>) -> Vec<SuggestedAction> {
    let mut out = Vec::new();
    let top = opts.top_actions as usize;
    for p in &e.priorities.dimensions {
        if out.len() >= top {
            break;
        }
        let name =
            inst.dimensions().iter().find(|d| d.id == p.dimension).map_or(p.dimension.as_str(), |d| d.name.as_str());
        let fresh: Vec<_> = inst.actions_for(&p.dimension).filter(|a| !e.in_progress.contains(&a.id)).collect();
        if fresh.is_empty() {
            continue;
        }
        let leads = leads(e, &p.dimension, name, p.performance);
        let shared = shared(e, p);
        for (k, a) in fresh.into_iter().enumerate() {
            if out.len() >= top {
                break;
            }
            let lead = leads.get(k).cloned().unwrap_or_else(|| Trigger {
                figure: "score".into(),
                value: Some(p.performance),
                text: format!("{name} scores {:.1} of 100 (suggestion {} for it)", stable(p.performance), k + 1),
            });
            out.push(SuggestedAction {
                rank: out.len() as u32 + 1,
                action: a.id.clone(),
                title: a.title.clone(),
                description: a.description.clone(),
                dimension: p.dimension.clone(),
                priority_rank: p.rank,
                triggers: std::iter::once(lead).chain(shared.iter().cloned()).collect(),
            });
        }
    }
    out
}
