//! The report: everything rapport computed, in one typed value with a stable
//! JSON form (`schema_version`, snake_case keys) described by
//! `schema/report.schema.json`.
//!
//! A report is built from [`Aggregates`] and the [`IngestSummary`] of the
//! inputs. Privacy is applied here, in the core, before any figure leaves the
//! library: groups and figures under the minimum reporting size, and the
//! complementary ones that would let them be worked out, are present in the
//! report but marked suppressed, with no figure and no count, all alike
//! (see [`crate::privacy`]).
//! Respondent ids never appear.

use crate::aggregate::{Aggregates, CellKey, GroupStats};
use crate::change::{Change, changes};
use crate::drivers::{Drivers, drivers};
use crate::error::{Error, Result};
use crate::estimate::NotEstimable;
use crate::ingest::IngestSummary;
use crate::instrument::{Instrument, OutcomeRole};
use crate::mirror::{Mirror, mirror};
use crate::options::ScoreOptions;
use crate::playbook::{ActionLog, FollowUp, SuggestedAction, follow_up, suggest};
use crate::priorities::{Maturity, Priorities, maturity, priorities};
use crate::privacy::{Measure, Plan, SuppressionReason, WavePlan, audit};
use crate::reliability::{Reliability, ReliabilityOutcome, cronbach_alpha};
use crate::instrument::Side;
use crate::scoring::{dimension_favourable, item_figures, summarize};
use crate::stats::Interval;
use crate::util::text::Lower;
use crate::trend::{Trend, trends};
use crate::waves::{WaveScheme, order_waves};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Version of the report's JSON form. Bumped whenever a field changes
/// meaning or is removed; adding optional fields does not bump it.
/// Version 2: waves in time order (not label order) with `wave_scheme`,
/// participation, wave-over-wave changes, the mirror, drivers, priorities,
/// maturity, suggested actions, trends and the action-log follow-up.
/// Version 3: one publication plan per data set and wave; every hidden
/// group and figure carries the one reason `protected` and the label
/// "hidden"; the intake holds no per-file counts.
pub const REPORT_SCHEMA_VERSION: u32 = 3;

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

/// Why something is suppressed, for programs and for people.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Suppression {
    /// Machine-readable reason.
    pub reason: SuppressionReason,
    /// The same in words ("hidden to protect small groups").
    pub message: String,
}

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
    /// Rows in, accepted and rejected, with every rejected row.
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
    /// Favourable % (basis per [`ScoreOptions::favourable_basis`]).
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

/// A group node while building: values per used field (`None` = aggregated
/// over that field; `Some(None)` = respondents without that segment).
type NodeKey = Vec<Option<Option<String>>>;

const NOT_GIVEN: &str = "(not given)";

fn value_label(field: &str, v: &Option<String>) -> String {
    match v {
        None => NOT_GIVEN.to_owned(),
        Some(s) if field == "side" => s.parse::<Side>().map(|s| s.label().to_owned()).unwrap_or_else(|_| s.clone()),
        Some(s) => s.clone(),
    }
}

fn sort_value(field: &str, v: &Option<String>) -> (u8, String) {
    match v {
        None => (2, String::new()),
        Some(s) if field == "side" => (if s == "it" { 0 } else { 1 }, s.clone()),
        Some(s) => (0, s.lower()),
    }
}

fn suppression(hidden: bool) -> Option<Suppression> {
    hidden.then(|| Suppression {
        reason: SuppressionReason::Protected,
        message: SuppressionReason::Protected.describe().to_owned(),
    })
}

fn status(hidden: bool) -> Status {
    if hidden { Status::Suppressed } else { Status::Shown }
}

/// The publication plan of the aggregates' data set, audited.
fn audited_plan(aggs: &Aggregates) -> Result<Plan> {
    let shape = aggs.census_shape();
    aggs.census()
        .check(shape.len())
        .map_err(|m| Error::Privacy { message: format!("the aggregates are not valid: {m}") })?;
    let plan = Plan::build(aggs.census(), shape, aggs.options().min_group_size)?;
    for wp in &plan.waves {
        let a = audit(wp);
        if !a.passed() {
            return Err(Error::Privacy {
                message: format!(
                    "the publication plan failed its audit ({}); nothing is published",
                    a.failures.join("; ")
                ),
            });
        }
    }
    Ok(plan)
}

impl Report {
    /// Build the report (applying privacy) from aggregates and the intake
    /// summary of the inputs they were built from.
    ///
    /// Fails only when the wave labels cannot be put in time order (see
    /// [`crate::waves`]).
    pub fn build(aggs: &Aggregates, mut intake: IngestSummary) -> Result<Report> {
        let inst = aggs.instrument();
        let opts = aggs.options();
        let min = opts.min_group_size;
        let used: Vec<usize> = (0..opts.by.len()).filter(|&f| aggs.by_seen()[f]).collect();
        let fields: Vec<&str> = used.iter().map(|&f| opts.by[f].as_str()).collect();
        let mut notes = Vec::new();
        for (f, name) in opts.by.iter().enumerate() {
            if !aggs.by_seen()[f] {
                notes.push(format!("No response carries {name:?}, so there is no break-down by it."));
            }
        }

        // Cells by wave.
        let mut by_wave: BTreeMap<&str, Vec<(&CellKey, &GroupStats)>> = BTreeMap::new();
        for (k, g) in aggs.cells() {
            by_wave.entry(k.wave.as_str()).or_default().push((k, g));
        }

        let (order, wave_scheme) = order_waves(&by_wave.keys().copied().collect::<Vec<_>>(), &opts.wave_order)?;
        let plan = audited_plan(aggs)?;
        let mut privacy = PrivacySummary { min_group_size: min, suppressed_groups: 0, suppressed_figures: 0 };
        let mut waves: Vec<WaveReport> = Vec::new();
        let dims: Vec<String> = inst.dimensions().iter().map(|d| d.id.clone()).collect();
        for wave in &order {
            let cells = &by_wave[wave.as_str()];
            let wp = plan.wave(wave).ok_or_else(|| Error::Privacy {
                message: format!("the aggregates count no respondent of wave {wave:?} in their census"),
            })?;
            let mut w = build_wave(inst, opts, wave, cells, &used, &fields, wp, &mut privacy)?;
            if let Some(prev) = waves.last() {
                w.changes = changes(&prev.wave, &prev.groups, &w.groups, &dims, opts);
            }
            waves.push(w);
        }
        let trends = trends(inst, opts, wave_scheme, &waves);
        for w in &mut waves {
            if let Some(p) = &w.priorities {
                w.actions = suggest(inst, opts, w, p, if Some(&w.wave) == order.last() { &trends } else { &[] });
            }
        }
        let participation = participation(opts, &waves);
        // Per-file counts would give group counts when files are split by
        // group; they stay with `validate`. A hidden wave's size would follow
        // from the row counts, so its rows are left out of them.
        intake.sources.clear();
        let hidden_rows: u64 = waves
            .iter()
            .filter(|w| w.total().is_some_and(|t| t.status == Status::Suppressed))
            .filter_map(|w| plan.wave(&w.wave))
            .map(|wp| wp.table(Measure::Respondents).counts.iter().sum::<u64>())
            .sum();
        if hidden_rows > 0 {
            intake.rows_in = intake.rows_in.saturating_sub(hidden_rows);
            intake.accepted = intake.accepted.saturating_sub(hidden_rows);
            notes.push("The rows of waves hidden for privacy are not counted in the intake.".into());
        }
        Ok(Report {
            schema_version: REPORT_SCHEMA_VERSION,
            generator: format!("rapport {}", env!("CARGO_PKG_VERSION")),
            instrument: InstrumentInfo {
                id: inst.id().to_owned(),
                version: inst.version().to_owned(),
                name: inst.name().to_owned(),
                dimensions: inst
                    .dimensions()
                    .iter()
                    .map(|d| DimensionInfo { id: d.id.clone(), name: d.name.clone(), weight: d.weight })
                    .collect(),
            },
            options: opts.clone(),
            privacy,
            intake,
            breakdowns: fields.iter().map(|s| (*s).to_owned()).collect(),
            notes,
            wave_scheme,
            participation,
            waves,
            trends,
            action_log: Vec::new(),
        })
    }

    /// Follow up the actions of an action log against this report (fills
    /// [`Report::action_log`]). The instrument must be the one the report
    /// was scored with.
    pub fn follow_up(&mut self, instrument: &Instrument, log: &ActionLog) -> Result<()> {
        self.action_log = follow_up(instrument, &self.options, self, log)?;
        Ok(())
    }

    /// The report as pretty JSON.
    pub fn to_json(&self) -> String {
        // Plain data with string keys and finite numbers: cannot fail.
        serde_json::to_string_pretty(self).expect("report serializes")
    }

    /// Parse a report from its JSON form.
    pub fn from_json(json: &str) -> Result<Report, serde_json::Error> {
        serde_json::from_str(json)
    }

    /// The latest wave, if any.
    pub fn latest(&self) -> Option<&WaveReport> {
        self.waves.last()
    }
}

impl WaveReport {
    /// The wave-total group.
    pub fn total(&self) -> Option<&GroupReport> {
        self.groups.iter().find(|g| g.level == "total")
    }
    /// The group of one side (when the report breaks down by side).
    pub fn side(&self, side: Side) -> Option<&GroupReport> {
        self.groups
            .iter()
            .find(|g| g.level == "side" && g.key.get("side").and_then(|v| v.as_deref()) == Some(side.as_str()))
    }
}

impl GroupReport {
    /// A dimension's figures by id.
    pub fn dimension(&self, id: &str) -> Option<&DimensionFigures> {
        self.dimensions.iter().find(|d| d.dimension == id)
    }
}

#[allow(clippy::too_many_arguments)]
fn build_wave(
    inst: &Instrument,
    opts: &ScoreOptions,
    wave: &str,
    cells: &[(&CellKey, &GroupStats)],
    used: &[usize],
    fields: &[&str],
    plan: &WavePlan,
    privacy: &mut PrivacySummary,
) -> Result<WaveReport> {
    let m = used.len();
    // Node keys for every level; merge cells into them.
    let mut levels: Vec<Vec<bool>> = vec![vec![false; m]]; // which fields are fixed
    for f in 0..m {
        let mut l = vec![false; m];
        l[f] = true;
        levels.push(l);
    }
    if m >= 2 {
        levels.push(vec![true; m]);
    }
    let mut nodes: Vec<(usize, NodeKey, GroupStats)> = Vec::new();
    let mut index: BTreeMap<(usize, NodeKey), usize> = BTreeMap::new();
    for (li, fixed) in levels.iter().enumerate() {
        let mut level_nodes: BTreeMap<NodeKey, GroupStats> = BTreeMap::new();
        for (k, g) in cells {
            let key: NodeKey = (0..m).map(|f| fixed[f].then(|| k.values[used[f]].clone())).collect();
            level_nodes.entry(key).and_modify(|acc| acc.merge(g)).or_insert_with(|| (*g).clone());
        }
        let mut sorted: Vec<(NodeKey, GroupStats)> = level_nodes.into_iter().collect();
        crate::util::sort::sort_by_key(&mut sorted, |(key, _)| {
            key.iter()
                .enumerate()
                .map(|(f, v)| v.as_ref().map(|v| sort_value(fields[f], v)).unwrap_or_default())
                .collect::<Vec<_>>()
        });
        for (key, g) in sorted {
            index.insert((li, key.clone()), nodes.len());
            nodes.push((li, key, g));
        }
    }
    // Each node is a cell of the plan; what the plan hides, the report hides.
    let plan_fields: Vec<usize> = fields
        .iter()
        .map(|f| plan.fields.iter().position(|p| p == f))
        .collect::<Option<_>>()
        .ok_or_else(|| Error::Privacy { message: "a break-down field is missing from the census".into() })?;
    let plan_cells: Vec<u32> = nodes
        .iter()
        .map(|(_, key, g)| {
            let fixed: Vec<(usize, Option<&str>)> = key
                .iter()
                .enumerate()
                .filter_map(|(f, v)| v.as_ref().map(|v| (plan_fields[f], v.as_deref())))
                .collect();
            let cell = plan.find(&fixed).ok_or_else(|| Error::Privacy {
                message: format!("a group of wave {wave:?} is missing from the census"),
            })?;
            check_counts(inst, plan, cell, g, wave)?;
            Ok(cell)
        })
        .collect::<Result<_>>()?;
    let hidden = |m: Measure| -> Vec<bool> {
        let t = plan.table(m);
        plan_cells.iter().map(|&c| t.hidden[c as usize].is_some()).collect()
    };
    let group_hidden = hidden(Measure::Respondents);
    privacy.suppressed_groups += group_hidden.iter().filter(|h| **h).count() as u64;
    let item_hidden: Vec<Vec<bool>> = (0..inst.items().len()).map(|i| hidden(Measure::Item(i))).collect();
    let outcome_hidden: Vec<Vec<bool>> = (0..inst.outcomes().len()).map(|o| hidden(Measure::Outcome(o))).collect();
    let dim_hidden: Vec<Vec<bool>> = (0..inst.dimensions().len()).map(|d| hidden(Measure::Dimension(d))).collect();
    let index_hidden = hidden(Measure::Index);

    let mut groups = Vec::with_capacity(nodes.len());
    for (ni, (li, key, g)) in nodes.iter().enumerate() {
        let level = if *li == 0 {
            "total".to_owned()
        } else if *li <= m {
            fields[li - 1].to_owned()
        } else {
            fields.join("×")
        };
        let label = if *li == 0 {
            "All respondents".to_owned()
        } else {
            key.iter()
                .enumerate()
                .filter_map(|(f, v)| v.as_ref().map(|v| value_label(fields[f], v)))
                .collect::<Vec<_>>()
                .join(" · ")
        };
        let key_map: BTreeMap<String, Option<String>> = crate::util::sort::map_of(
            key.iter().enumerate().filter_map(|(f, v)| v.as_ref().map(|v| (fields[f].to_owned(), v.clone()))),
        );
        if group_hidden[ni] {
            groups.push(GroupReport {
                level,
                key: key_map,
                label,
                status: Status::Suppressed,
                suppression: suppression(true),
                respondents: None,
                respondents_label: "hidden".to_owned(),
                index: None,
                dimensions: Vec::new(),
                items: Vec::new(),
                outcomes: Vec::new(),
                reliability: Vec::new(),
            });
            continue;
        }
        let mut hidden_figures = 0u64;
        let mut count_hidden = |r: bool| {
            if r {
                hidden_figures += 1;
            }
            r
        };
        let dimensions: Vec<DimensionFigures> = inst
            .dimensions()
            .iter()
            .enumerate()
            .map(|(d, dim)| {
                let r = count_hidden(dim_hidden[d][ni]);
                let ds = &g.dimensions[d];
                let s = if !r { summarize(&ds.score, opts.confidence) } else { None };
                // Pooled over the answers to the dimension's items, the
                // percentages would give away the answers of an item hidden
                // in this group: withheld with it.
                let pooled_hides_an_item = opts.favourable_basis == crate::options::FavourableBasis::Answers
                    && inst.dimension_items(d).iter().any(|&i| item_hidden[i][ni]);
                let (fav, unfav) =
                    if !r && !pooled_hides_an_item { dimension_favourable(ds, opts) } else { (None, None) };
                DimensionFigures {
                    dimension: dim.id.clone(),
                    status: status(r),
                    suppression: suppression(r),
                    n: (!r).then_some(ds.score.n),
                    score: s.map(|s| s.score),
                    sd: s.and_then(|s| s.sd),
                    ci: s.and_then(|s| s.ci),
                    favourable_pct: fav,
                    unfavourable_pct: unfav,
                }
            })
            .collect();
        let items: Vec<ItemReport> = inst
            .items()
            .iter()
            .enumerate()
            .map(|(i, item)| {
                let r = count_hidden(item_hidden[i][ni]);
                let st = &g.items[i];
                let scale = inst.item_scale(i);
                if r {
                    return ItemReport {
                        item: item.id.clone(),
                        dimension: item.dimension.clone(),
                        reverse: item.reverse,
                        status: Status::Suppressed,
                        suppression: suppression(true),
                        n: None,
                        missing: None,
                        not_applicable: None,
                        mean: None,
                        sd: None,
                        score: None,
                        distribution: Vec::new(),
                        favourable_pct: None,
                        unfavourable_pct: None,
                    };
                }
                let f = item_figures(st, scale, item.reverse);
                let keyed = f.mean.map(|m| if item.reverse { scale.reverse(m) } else { m });
                ItemReport {
                    item: item.id.clone(),
                    dimension: item.dimension.clone(),
                    reverse: item.reverse,
                    status: Status::Shown,
                    suppression: None,
                    n: Some(f.n),
                    missing: Some(st.missing),
                    not_applicable: Some(st.not_applicable),
                    mean: f.mean,
                    sd: f.sd,
                    score: keyed.map(|k| crate::aggregate::to_hundred(opts, scale.min, scale.max, k)),
                    distribution: st.histogram.clone(),
                    favourable_pct: f.favourable_pct,
                    unfavourable_pct: f.unfavourable_pct,
                }
            })
            .collect();
        let outcomes: Vec<OutcomeReport> = inst
            .outcomes()
            .iter()
            .enumerate()
            .map(|(o, out)| {
                let r = count_hidden(outcome_hidden[o][ni]);
                let st = &g.outcomes[o];
                let mut rep = OutcomeReport {
                    item: out.id.clone(),
                    role: out.role,
                    status: status(r),
                    suppression: suppression(r),
                    n: None,
                    missing: None,
                    mean: None,
                    sd: None,
                    favourable_pct: None,
                    unfavourable_pct: None,
                    options: out.options.iter().map(|o| o.id.clone()).collect(),
                    distribution: Vec::new(),
                };
                if !r {
                    rep.n = Some(st.answered());
                    rep.missing = Some(st.missing + st.not_applicable);
                    rep.distribution = st.histogram.clone();
                    if let Some(scale) = inst.outcome_scale(o) {
                        let f = item_figures(st, scale, false);
                        rep.mean = f.mean;
                        rep.sd = f.sd;
                        rep.favourable_pct = f.favourable_pct;
                        rep.unfavourable_pct = f.unfavourable_pct;
                    }
                }
                rep
            })
            .collect();
        let ir = count_hidden(index_hidden[ni]);
        let index = if ir {
            Some(IndexFigures {
                status: Status::Suppressed,
                suppression: suppression(true),
                n: None,
                score: None,
                sd: None,
                ci: None,
                band: None,
                band_label: None,
            })
        } else {
            summarize(&g.index, opts.confidence).map(|s| {
                let band = inst.band(s.score);
                IndexFigures {
                    status: Status::Shown,
                    suppression: None,
                    n: Some(s.n),
                    score: Some(s.score),
                    sd: s.sd,
                    ci: s.ci,
                    band: band.map(|b| b.id.clone()),
                    band_label: band.map(|b| b.label.clone()),
                }
            })
        };
        let reliability = if *li == 0 || (*li <= m && fields[li - 1] == "side") {
            inst.dimensions()
                .iter()
                .enumerate()
                .map(|(d, dim)| {
                    let ids: Vec<String> =
                        inst.dimension_items(d).iter().map(|&i| inst.items()[i].id.clone()).collect();
                    DimensionReliability {
                        dimension: dim.id.clone(),
                        reliability: cronbach_alpha(&g.dimensions[d], &ids, opts),
                    }
                })
                .collect()
        } else {
            Vec::new()
        };
        privacy.suppressed_figures += hidden_figures;
        groups.push(GroupReport {
            level,
            key: key_map,
            label,
            status: Status::Shown,
            suppression: None,
            respondents: Some(g.respondents),
            respondents_label: g.respondents.to_string(),
            index,
            dimensions,
            items,
            outcomes,
            reliability,
        });
    }

    withhold_lone_small_sides(&mut groups);
    let gaps = gaps_of(inst, &groups);
    let mirror = mirror(inst, opts, &groups);
    let mut driver_sets = Vec::new();
    for (ni, (li, _, g)) in nodes.iter().enumerate() {
        let gr = &groups[ni];
        let is_side = *li >= 1 && *li <= m && fields[li - 1] == "side";
        if (*li == 0 || is_side) && gr.status == Status::Shown {
            driver_sets.push(drivers(inst, opts, &gr.level, &gr.key, &gr.label, g));
        }
    }
    // As for reliability: one side too small for driver analysis while the
    // other side and the total are estimated would give its count away.
    let too_few = |d: &Drivers| matches!(d.not_estimable, Some(NotEstimable::TooFewResponses { .. }));
    let side_hidden = groups.iter().any(|g| g.level == "side" && g.status == Status::Suppressed);
    if side_hidden || driver_sets.iter().any(|d| d.level == "side" && too_few(d)) {
        for d in driver_sets.iter_mut().filter(|d| d.level == "side") {
            *d = Drivers {
                n: None,
                r_squared: None,
                dimensions: Vec::new(),
                not_estimable: Some(NotEstimable::Suppressed),
                ..d.clone()
            };
        }
    }
    let total = groups.iter().find(|g| g.level == "total" && g.status == Status::Shown);
    let priorities = total.and_then(|t| priorities(inst, t, driver_sets.iter().find(|d| d.level == "total")));
    let maturity = total.and_then(|t| t.index.as_ref()).and_then(|i| i.score).and_then(|index| {
        let gap = gaps.iter().find(|g| g.dimension.is_none()).map(|g| g.gap);
        maturity(inst, index, gap)
    });
    Ok(WaveReport {
        wave: wave.to_owned(),
        groups,
        gaps,
        changes: Vec::new(),
        mirror,
        drivers: driver_sets,
        priorities,
        maturity,
        actions: Vec::new(),
    })
}

/// Reliability is published for the total and each side with its count of
/// complete responses; when one side is hidden, or has too few for an
/// estimate, while the other is estimated, total − other side would give
/// that count away. Then no side's estimate is published for that dimension.
fn withhold_lone_small_sides(groups: &mut [GroupReport]) {
    let dims = groups.iter().map(|g| g.reliability.len()).max().unwrap_or(0);
    let side_hidden = groups.iter().any(|g| g.level == "side" && g.status == Status::Suppressed);
    for d in 0..dims {
        let too_few = side_hidden
            || groups.iter().filter(|g| g.level == "side").any(|g| {
                g.reliability.get(d).is_some_and(|r| {
                    matches!(
                        r.reliability.outcome,
                        ReliabilityOutcome::NotEstimable { reason: NotEstimable::TooFewResponses { .. } }
                    )
                })
            });
        if !too_few {
            continue;
        }
        for g in groups.iter_mut().filter(|g| g.level == "side") {
            if let Some(r) = g.reliability.get_mut(d) {
                r.reliability.outcome = ReliabilityOutcome::NotEstimable { reason: NotEstimable::Suppressed };
            }
        }
    }
}

/// Check that a group's counts are those the census gives its plan cell:
/// aggregates read from JSON, or built by a reader that forgot the census,
/// must not publish what the plan was not decided over.
fn check_counts(inst: &Instrument, plan: &WavePlan, cell: u32, g: &GroupStats, wave: &str) -> Result<()> {
    let mut pairs = vec![(Measure::Respondents, g.respondents), (Measure::Index, g.index.n)];
    pairs.extend(g.items.iter().enumerate().map(|(i, s)| (Measure::Item(i), s.answered())));
    pairs.extend(g.outcomes.iter().enumerate().map(|(o, s)| (Measure::Outcome(o), s.answered())));
    pairs.extend(g.dimensions.iter().enumerate().map(|(d, s)| (Measure::Dimension(d), s.score.n)));
    let shaped = g.items.len() == inst.items().len()
        && g.outcomes.len() == inst.outcomes().len()
        && g.dimensions.len() == inst.dimensions().len();
    if !shaped || pairs.iter().any(|&(m, n)| plan.count(cell, m) != n) {
        return Err(Error::Privacy {
            message: format!(
                "the aggregates of wave {wave:?} do not match their census (edited or built by another version)"
            ),
        });
    }
    Ok(())
}

fn participation(opts: &ScoreOptions, waves: &[WaveReport]) -> Vec<Participation> {
    let mut out = Vec::new();
    for w in waves {
        for side in [None, Some(Side::It), Some(Side::Business)] {
            let g = match side {
                None => w.total(),
                Some(s) => w
                    .groups
                    .iter()
                    .find(|g| g.level == "side" && g.key.get("side").and_then(|v| v.as_deref()) == Some(s.as_str())),
            };
            let Some(g) = g else { continue };
            let population = match side {
                None => {
                    let sizes: Vec<u64> =
                        opts.populations.iter().filter(|p| p.wave == w.wave).map(|p| p.size).collect();
                    (sizes.len() == 2).then(|| sizes.iter().sum())
                }
                Some(s) => opts.populations.iter().find(|p| p.wave == w.wave && p.side == s).map(|p| p.size),
            };
            out.push(Participation {
                wave: w.wave.clone(),
                side,
                respondents: g.respondents,
                respondents_label: g.respondents_label.clone(),
                population,
                response_rate: g.respondents.zip(population).map(|(r, p)| r as f64 / p as f64),
            });
        }
    }
    out
}

fn gaps_of(inst: &Instrument, groups: &[GroupReport]) -> Vec<Gap> {
    let side = |s: Side| {
        groups.iter().find(|g| {
            g.level == "side"
                && g.status == Status::Shown
                && g.key.get("side").and_then(|v| v.as_deref()) == Some(s.as_str())
        })
    };
    let (Some(it), Some(bus)) = (side(Side::It), side(Side::Business)) else {
        return Vec::new();
    };
    let mut gaps = Vec::new();
    if let (Some(a), Some(b)) = (it.index.as_ref().and_then(|i| i.score), bus.index.as_ref().and_then(|i| i.score)) {
        gaps.push(Gap { dimension: None, it: a, business: b, gap: a - b });
    }
    for dim in inst.dimensions() {
        if let (Some(a), Some(b)) =
            (it.dimension(&dim.id).and_then(|d| d.score), bus.dimension(&dim.id).and_then(|d| d.score))
        {
            gaps.push(Gap { dimension: Some(dim.id.clone()), it: a, business: b, gap: a - b });
        }
    }
    gaps
}
