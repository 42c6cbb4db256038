//! Suggested actions: walk the priority list (highest improvement potential
//! first) and take the instrument's playbook actions for each dimension until
//! [`ScoreOptions::top_actions`] are chosen; each carries the figures that
//! triggered it (score, importance, quadrant, IT–business gap, the latest
//! change and the trend).

use crate::analysis::change::Change;
use crate::analysis::figures::GroupAddress;
use crate::analysis::mirror::Mirror;
use crate::analysis::priorities::Priorities;
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

/// Suggested actions for a wave.
pub(crate) fn suggest(
    inst: &Instrument,
    opts: &ScoreOptions,
    mirror: Option<&Mirror>,
    changes: &[Change],
    priorities: &Priorities,
    trends: &[Trend],
) -> Vec<SuggestedAction> {
    let mut out = Vec::new();
    for p in &priorities.dimensions {
        let name =
            inst.dimensions().iter().find(|d| d.id == p.dimension).map_or(p.dimension.as_str(), |d| d.name.as_str());
        let mut triggers = vec![
            Trigger {
                figure: "score".into(),
                value: Some(p.performance),
                text: format!("{name} scores {:.1} of 100", stable(p.performance)),
            },
            Trigger {
                figure: "importance".into(),
                value: Some(p.importance),
                text: format!("{:.0}% of what drives the overall rating", stable(p.importance * 100.0)),
            },
            Trigger { figure: "quadrant".into(), value: None, text: p.quadrant.label().to_owned() },
        ];
        if let Some(g) = mirror.and_then(|m| m.dimensions.iter().find(|g| g.dimension.as_deref() == Some(&p.dimension)))
        {
            triggers.push(Trigger {
                figure: "gap".into(),
                value: Some(g.difference),
                text: format!("IT − business gap {}{}", signed1(g.difference), if g.clear { " (clear)" } else { "" }),
            });
        }
        if let Some(c) = changes.iter().find(|c| c.is_total() && c.dimension.as_deref() == Some(&p.dimension)) {
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
        if let Some(t) = trends.iter().find(|t| t.is_total() && t.measure == Measure::Dimension(p.dimension.clone()))
            && t.direction != Direction::Undetermined
        {
            triggers.push(Trigger {
                figure: "trend".into(),
                value: None,
                text: format!("trend {}", t.direction.label()),
            });
        }
        for a in inst.actions_for(&p.dimension) {
            if out.len() >= opts.top_actions as usize {
                return out;
            }
            out.push(SuggestedAction {
                rank: out.len() as u32 + 1,
                action: a.id.clone(),
                title: a.title.clone(),
                description: a.description.clone(),
                dimension: p.dimension.clone(),
                priority_rank: p.rank,
                triggers: triggers.clone(),
            });
        }
        if out.len() >= opts.top_actions as usize {
            break;
        }
    }
    out
}
