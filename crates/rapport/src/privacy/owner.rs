//! The data owner's view of the plan: which groups every report hides, why,
//! and what the audit checked. Never part of a report: it gives exact
//! counts of small groups.

use super::audit::{AuditReport, audit};
use super::plan::{HiddenBecause, Plan, WavePlan};
use crate::aggregate::Aggregates;
use crate::aggregate::census::Measure;
use crate::error::{Error, Result};
use serde::Serialize;
use std::collections::BTreeMap;

/// One hidden group of the plan.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct HiddenGroup {
    /// The fields fixed and their values (`null`: the respondent does not carry that field).
    pub key: BTreeMap<String, Option<String>>,
    /// Respondents in it (exact: for the data owner only).
    pub respondents: u64,
    /// Why.
    pub reason: HiddenBecause,
}

/// The plan of one wave, for the data owner.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct WaveSummary {
    /// Wave label.
    pub wave: String,
    /// The fields the plan is decided over (side and every segment).
    pub fields: Vec<String>,
    /// Groups in the lattice (every margin and cross of the fields).
    pub groups: u64,
    /// Of those, hidden because they are small.
    pub small: u64,
    /// Of those, hidden to protect a small one.
    pub complementary: u64,
    /// Figures hidden inside published groups (items, outcomes, dimensions, index).
    pub figures_hidden: u64,
    /// Every hidden group, finest last.
    pub hidden: Vec<HiddenGroup>,
    /// What the audit checked.
    pub audit: AuditReport,
}

/// The plan of every wave, for the data owner.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PlanSummary {
    /// Minimum reporting size.
    pub min_group_size: u32,
    /// In wave-label order.
    pub waves: Vec<WaveSummary>,
}

/// Decide, audit and describe the plan of the aggregates' data set.
///
/// ```
/// use rapport::{Aggregates, Instrument, ScoreOptions, sample};
/// let inst = Instrument::default();
/// let mut aggs = Aggregates::new(&inst, &ScoreOptions::default()).unwrap();
/// for r in sample::generate(&inst, &sample::SampleOptions { waves: 1, ..Default::default() }) {
///     aggs.add(&r);
/// }
/// let plan = rapport::privacy::owner::summary(&aggs).unwrap();
/// assert!(plan.waves[0].audit.passed());
/// assert!(plan.waves[0].hidden.iter().all(|g| g.reason != rapport::privacy::HiddenBecause::Small || g.respondents < 5));
/// ```
pub fn summary(aggs: &Aggregates) -> Result<PlanSummary> {
    let shape = aggs.census_shape();
    aggs.census()
        .check(shape.len())
        .map_err(|m| Error::Privacy { message: format!("the aggregates are not valid: {m}") })?;
    let min = aggs.options().min_group_size;
    let plan = Plan::build(aggs.census(), shape, min)?;
    let waves: Vec<WaveSummary> = plan.waves.iter().map(wave_summary).collect();
    Ok(PlanSummary { min_group_size: min, waves })
}

fn wave_summary(plan: &WavePlan) -> WaveSummary {
    let groups = plan.table(Measure::Respondents);
    let mut hidden = Vec::new();
    let (mut small, mut complementary) = (0, 0);
    let mut seen = vec![false; plan.cells.len()];
    for (c, why) in groups.hidden.iter().enumerate() {
        let Some(why) = why else { continue };
        match why {
            HiddenBecause::Small => small += 1,
            _ => complementary += 1,
        }
        // The same group reached through other fields is listed once.
        if std::mem::replace(&mut seen[plan.canon[c] as usize], true) {
            continue;
        }
        let cell = &plan.cells[c];
        let key = crate::util::sort::map_of(
            (0..plan.fields.len())
                .filter(|f| cell.level & (1 << f) != 0)
                .zip(&cell.codes)
                .map(|(f, &code)| (plan.fields[f].clone(), plan.values[f][code as usize].clone())),
        );
        hidden.push(HiddenGroup { key, respondents: plan.count(c as u32, Measure::Respondents), reason: *why });
    }
    crate::util::sort::sort_by(&mut hidden, |a, b| a.key.len().cmp(&b.key.len()).then(a.key.cmp(&b.key)));
    let figures_hidden = plan
        .tables
        .iter()
        .skip(1)
        .map(|t| t.hidden.iter().zip(&groups.hidden).filter(|(h, g)| h.is_some() && g.is_none()).count() as u64)
        .sum();
    WaveSummary {
        wave: plan.wave.clone(),
        fields: plan.fields.clone(),
        groups: plan.cells.len() as u64,
        small,
        complementary,
        figures_hidden,
        hidden,
        audit: audit(plan),
    }
}
