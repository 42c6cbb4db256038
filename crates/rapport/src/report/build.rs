//! Building a report from aggregates: one wave at a time, every group of
//! the break-down, its figures shown or hidden as the audited privacy plan
//! says, then the analyses across groups and waves.

use super::{
    DimensionFigures, DimensionInfo, DimensionReliability, Gap, GroupReport, IndexFigures, InstrumentInfo, ItemReport,
    OutcomeReport, Participation, PrivacySummary, REPORT_SCHEMA_VERSION, Report, Status, Suppression, WaveReport,
};
use crate::actions::log::in_progress;
use crate::actions::playbook::{Evidence, suggest};
use crate::actions::{ActionLog, follow_up};
use crate::aggregate::{Aggregates, CellKey, GroupStats};
use crate::analysis::change::changes;
use crate::analysis::drivers::{Drivers, drivers};
use crate::analysis::figures::{GroupAddress, SIDE, TOTAL, WaveGroups};
use crate::analysis::mirror::mirror;
use crate::analysis::priorities::{maturity, priorities};
use crate::analysis::reliability::{ReliabilityOutcome, cronbach_alpha};
use crate::analysis::scoring::{dimension_favourable, item_figures, summarize};
use crate::analysis::trend::trends;
use crate::error::{Error, Result};
use crate::estimate::NotEstimable;
use crate::ingest::IngestSummary;
use crate::instrument::{Instrument, Side};
use crate::options::ScoreOptions;
use crate::privacy::{Measure, Plan, SuppressionReason, WavePlan, audit};
use crate::util::hash::{FxMap, FxSet};
use crate::util::text::Lower;
use crate::waves::order_waves;
use std::borrow::Cow;
use std::collections::BTreeMap;

/// A group node while building: values per used field (`None` = aggregated
/// over that field; `Some(None)` = respondents without that segment),
/// borrowed from the cells' keys.
type NodeKey<'a> = Vec<Option<Option<&'a str>>>;

const NOT_GIVEN: &str = "(not given)";

fn value_label(field: &str, v: Option<&str>) -> String {
    match v {
        None => NOT_GIVEN.to_owned(),
        Some(s) if field == SIDE => s.parse::<Side>().map(|s| s.label().to_owned()).unwrap_or_else(|_| s.to_owned()),
        Some(s) => s.to_owned(),
    }
}

fn sort_value(field: &str, v: Option<&str>) -> (u8, String) {
    match v {
        None => (2, String::new()),
        Some(s) if field == SIDE => (if s == "it" { 0 } else { 1 }, s.to_owned()),
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
    let audits = crate::util::par::map(&plan.waves, crate::util::par::threads(), audit);
    for a in audits {
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
        // Each wave's plan by label, found once (not by a search per wave).
        let wave_plans: std::collections::HashMap<&str, &WavePlan> =
            plan.waves.iter().map(|wp| (wp.wave.as_str(), wp)).collect();
        let mut privacy = PrivacySummary { min_group_size: min, suppressed_groups: 0, suppressed_figures: 0 };
        let mut waves: Vec<WaveReport> = Vec::new();
        let dims: Vec<String> = inst.dimensions().iter().map(|d| d.id.clone()).collect();
        // Waves are built independently, on every core; the first error in
        // time order is the one returned.
        let built = crate::util::par::map(&order, crate::util::par::threads(), |wave| {
            let cells = &by_wave[wave.as_str()];
            let wp = wave_plans.get(wave.as_str()).copied().ok_or_else(|| Error::Privacy {
                message: format!("the aggregates count no respondent of wave {wave:?} in their census"),
            })?;
            let mut hidden = PrivacySummary { min_group_size: min, suppressed_groups: 0, suppressed_figures: 0 };
            build_wave(inst, opts, wave, cells, &used, &fields, wp, &mut hidden).map(|w| (w, hidden))
        });
        for b in built {
            let (w, hidden) = b?;
            privacy.suppressed_groups += hidden.suppressed_groups;
            privacy.suppressed_figures += hidden.suppressed_figures;
            waves.push(w);
        }
        // Each wave's changes since the one before, every pair on its own.
        let later: Vec<usize> = (1..waves.len()).collect();
        let change = |&i: &usize| changes(&waves[i - 1].wave, &waves[i - 1].groups, &waves[i].groups, &dims, opts);
        #[cfg(feature = "parallel")]
        let changed = crate::util::par::map(&later, crate::util::par::threads(), change);
        #[cfg(not(feature = "parallel"))]
        let changed: Vec<_> = later.iter().map(change).collect();
        for (i, c) in later.into_iter().zip(changed) {
            waves[i].changes = c;
        }
        let trends = trends(inst, opts, wave_scheme, &wave_groups(&waves));
        for w in &mut waves {
            if let Some(p) = &w.priorities {
                let latest = if Some(&w.wave) == order.last() { trends.as_slice() } else { &[] };
                let e = Evidence {
                    groups: &w.groups,
                    mirror: w.mirror.as_ref(),
                    changes: &w.changes,
                    priorities: p,
                    trends: latest,
                    in_progress: &[],
                };
                w.actions = suggest(inst, opts, &e);
            }
        }
        let participation = participation(opts, &waves);
        // Per-file counts would give group counts when files are split by
        // group; they stay with `validate`. A hidden wave's size would follow
        // from the row counts, so its rows are left out of them.
        intake.sources.clear();
        #[cfg(feature = "import")]
        if intake.bad_cells > 0 {
            notes.push(format!(
                "{} {} that broke {} item's rule {} read as missing, as the read options asked; {} responses were \
                 kept (each answer is listed in the intake).",
                intake.bad_cells,
                if intake.bad_cells == 1 { "answer" } else { "answers" },
                if intake.bad_cells == 1 { "its" } else { "their" },
                if intake.bad_cells == 1 { "was" } else { "were" },
                if intake.bad_cells == 1 { "its" } else { "their" },
            ));
        }
        let hidden_rows: u64 = waves
            .iter()
            .filter(|w| w.total().is_some_and(|t| t.status == Status::Suppressed))
            .filter_map(|w| wave_plans.get(w.wave.as_str()))
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
    /// [`Report::action_log`]), and suggest actions again without the
    /// logged actions in progress at each wave. The instrument must be the
    /// one the report was scored with.
    pub fn follow_up(&mut self, instrument: &Instrument, log: &ActionLog) -> Result<()> {
        let groups = wave_groups(&self.waves);
        self.action_log = follow_up(instrument, &self.options, &groups, log)?;
        let running = in_progress(&groups, log);
        let last = self.waves.len().saturating_sub(1);
        for (i, (w, ids)) in self.waves.iter_mut().zip(&running).enumerate() {
            let Some(p) = &w.priorities else { continue };
            if ids.is_empty() {
                continue;
            }
            let e = Evidence {
                groups: &w.groups,
                mirror: w.mirror.as_ref(),
                changes: &w.changes,
                priorities: p,
                trends: if i == last { &self.trends } else { &[] },
                in_progress: ids,
            };
            w.actions = suggest(instrument, &self.options, &e);
        }
        Ok(())
    }

    /// The report as pretty JSON.
    pub fn to_json(&self) -> String {
        // Plain data with string keys and finite numbers: cannot fail.
        serde_json::to_string_pretty(self).expect("report serializes")
    }

    /// Write the report as pretty JSON, the bytes of [`Report::to_json`],
    /// without holding them in memory (a report of thousands of waves is
    /// hundreds of megabytes of JSON). Fails only when `w` does.
    ///
    /// ```
    /// # let instrument = rapport::Instrument::default();
    /// # let records = rapport::sample::generate(&instrument, &rapport::sample::SampleOptions { waves: 1, ..Default::default() });
    /// # let report = rapport::score_records(&instrument, &records, &Default::default()).unwrap();
    /// let mut out = Vec::new();
    /// report.write_json(&mut out).unwrap();
    /// assert_eq!(out, report.to_json().into_bytes());
    /// ```
    pub fn write_json(&self, w: &mut dyn std::io::Write) -> std::io::Result<()> {
        // The report without its two long lists (waves, trends), written
        // around them: each list is written element by element, the waves
        // a few at a time on every core, so that neither list is ever held
        // as text whole.
        let shell = Report {
            schema_version: self.schema_version,
            generator: self.generator.clone(),
            instrument: self.instrument.clone(),
            options: self.options.clone(),
            privacy: self.privacy.clone(),
            intake: self.intake.clone(),
            breakdowns: self.breakdowns.clone(),
            notes: self.notes.clone(),
            wave_scheme: self.wave_scheme,
            participation: self.participation.clone(),
            waves: Vec::new(),
            trends: Vec::new(),
            action_log: self.action_log.clone(),
        };
        let shell = serde_json::to_vec_pretty(&shell).map_err(std::io::Error::from)?;
        // A key at the top level is the only one indented by two spaces
        // after a line break (line breaks inside texts are escaped).
        let at = |key: &str, from: usize| {
            let marker = format!("\n  \"{key}\": []");
            shell[from..]
                .windows(marker.len())
                .position(|x| x == marker.as_bytes())
                .map(|p| from + p + marker.len() - 2)
        };
        let (waves, trends) = match (at("waves", 0), at("trends", 0)) {
            (Some(waves), Some(trends)) if waves < trends => (waves, trends),
            _ => return serde_json::to_writer_pretty(w, self).map_err(std::io::Error::from),
        };
        w.write_all(&shell[..waves])?;
        write_list(w, &self.waves, crate::util::par::threads())?;
        w.write_all(&shell[waves + 2..trends])?;
        write_list(w, &self.trends, 1)?;
        w.write_all(&shell[trends + 2..])
    }

    /// Parse a report from its JSON form ([`Report::to_json`]). Text that
    /// is not a report of this version's [`REPORT_SCHEMA_VERSION`] is an
    /// [`Error::Json`] (code `invalid_json`, category
    /// [`crate::ErrorCategory::Document`]).
    ///
    /// ```
    /// # let instrument = rapport::Instrument::default();
    /// # let records = rapport::sample::generate(&instrument, &rapport::sample::SampleOptions { waves: 1, ..Default::default() });
    /// # let report = rapport::score_records(&instrument, &records, &Default::default()).unwrap();
    /// let again = rapport::Report::from_json(&report.to_json()).unwrap();
    /// assert_eq!(again, report);
    /// let e = rapport::Report::from_json("{}").unwrap_err();
    /// assert_eq!((e.code(), e.category().name()), ("invalid_json", "document"));
    /// ```
    pub fn from_json(json: &str) -> Result<Report> {
        serde_json::from_str(json).map_err(|e| {
            let mut error = Error::json(crate::error::JsonDocument::Report, &e);
            if let Error::Json { message, .. } = &mut error {
                message.push_str(&format!(" (this version reads reports of schema version {REPORT_SCHEMA_VERSION})"));
            }
            error
        })
    }

    /// The latest wave, if any.
    pub fn latest(&self) -> Option<&WaveReport> {
        self.waves.last()
    }
}

/// A list that is a field of the report, as pretty JSON at its place
/// (elements indented by four spaces, `]` by two, as `serde_json` writes
/// it): elements rendered `threads` at a time (in parallel when more than
/// one), written in order.
fn write_list<T: serde::Serialize + Sync>(
    w: &mut dyn std::io::Write,
    items: &[T],
    threads: usize,
) -> std::io::Result<()> {
    if items.is_empty() {
        return w.write_all(b"[]");
    }
    // An element rendered inside a list inside an object sits at the depth
    // of a report's list element: cut the wrapper off.
    const HEAD: &[u8] = b"{\n  \"x\": [\n";
    const TAIL: &[u8] = b"\n  ]\n}";
    w.write_all(b"[")?;
    for (c, chunk) in items.chunks(threads.max(1)).enumerate() {
        let texts = crate::util::par::map(chunk, threads, |item| {
            serde_json::to_vec_pretty(&std::collections::BTreeMap::from([("x", [item])])).map_err(std::io::Error::from)
        });
        for (i, text) in texts.into_iter().enumerate() {
            let text = text?;
            let inner = text.strip_prefix(HEAD).and_then(|t| t.strip_suffix(TAIL));
            let inner = inner.ok_or_else(|| std::io::Error::other("a report element is not pretty JSON"))?;
            w.write_all(if c == 0 && i == 0 { b"\n" } else { b",\n" })?;
            w.write_all(inner)?;
        }
    }
    w.write_all(b"\n  ]")
}

/// The waves' published groups, as the analyses across waves read them.
fn wave_groups(waves: &[WaveReport]) -> Vec<WaveGroups<'_>> {
    waves.iter().map(|w| WaveGroups { wave: &w.wave, groups: &w.groups }).collect()
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
    let (members, order) = group_nodes(cells, used, fields);
    // Each node is a cell of the plan; what the plan hides, the report hides.
    let plan_cells = plan_cells(inst, plan, cells, &members, &order, fields, wave)?;
    let hidden = HiddenFigures::of(inst, plan, &plan_cells);
    privacy.suppressed_groups += hidden.group.iter().filter(|h| **h).count() as u64;
    // Statistics are merged for the groups shown only (at many small
    // groups, most are hidden); the total's last (see `total_of_groups`).
    let mut nodes: Vec<Node<'_>> = members
        .into_iter()
        .zip(&hidden.group)
        .map(|((li, key, range), &h)| {
            let stats = (!h && li > 0).then(|| {
                let mut g = Cow::Borrowed(cells[order[range.start]].1);
                for &c in &order[range.start + 1..range.end] {
                    g.to_mut().merge(cells[c].1);
                }
                g
            });
            (li, key, stats)
        })
        .collect();
    if !hidden.group[0] {
        let total = total_of_groups(&nodes, m).unwrap_or_else(|| {
            let mut g = Cow::Borrowed(cells[0].1);
            cells[1..].iter().for_each(|c| g.to_mut().merge(c.1));
            g
        });
        nodes[0].2 = Some(total);
    }
    let mut groups = Vec::with_capacity(nodes.len());
    for (ni, (li, key, stats)) in nodes.iter().enumerate() {
        let (level, label, key_map) = group_identity(*li, key, m, fields);
        let Some(g) = stats else {
            groups.push(GroupReport {
                level,
                key: key_map,
                label,
                status: Status::Suppressed,
                suppression: suppression(true),
                respondents: None,
                respondents_label: crate::analysis::figures::HIDDEN.to_owned(),
                index: None,
                dimensions: Vec::new(),
                items: Vec::new(),
                outcomes: Vec::new(),
                reliability: Vec::new(),
            });
            continue;
        };
        let dimensions = dimension_figures(inst, opts, g, &hidden, ni);
        let items = item_reports(inst, opts, g, &hidden, ni);
        let outcomes = outcome_reports(inst, g, &hidden, ni);
        let index = index_figures(inst, opts, g, hidden.index[ni]);
        let reliability = if *li == 0 || (*li <= m && fields[li - 1] == SIDE) {
            dimension_reliability(inst, opts, g)
        } else {
            Vec::new()
        };
        privacy.suppressed_figures += hidden.count_in(ni);
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
    let driver_sets = driver_sets(inst, opts, &nodes, &groups, m, fields);
    let total = groups.iter().find(|g| g.is_total() && g.status == Status::Shown);
    let priorities = total.and_then(|t| priorities(inst, t, driver_sets.iter().find(|d| d.is_total())));
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

/// A group of a wave while building: its level (0 the total, 1 to m one
/// break-down field each, m + 1 all fields crossed), its key and, when it
/// is shown, its stats (borrowed from the cell when the group is one cell).
type Node<'a> = (usize, NodeKey<'a>, Option<Cow<'a, GroupStats>>);

/// The total's statistics merged from the groups of one break-down field
/// when they are all shown (their statistics merged already): each field's
/// groups hold every cell once (a cell without the field is in the
/// "(not given)" group), and merging is exact in any order, so this is the
/// merge of every cell with a handful of merges instead of one per cell.
/// `None` when every field has a hidden group, and always in the browser
/// module (below: it merges the total cell by cell, in less code).
#[cfg(not(target_arch = "wasm32"))]
fn total_of_groups<'a>(nodes: &[Node<'a>], m: usize) -> Option<Cow<'a, GroupStats>> {
    let level = (1..=m).find(|&li| nodes.iter().filter(|n| n.0 == li).all(|n| n.2.is_some()))?;
    let mut groups = nodes.iter().filter(|n| n.0 == level).filter_map(|n| n.2.as_deref());
    let mut total = groups.next()?.clone();
    groups.for_each(|g| total.merge(g));
    Some(Cow::Owned(total))
}

#[cfg(target_arch = "wasm32")]
fn total_of_groups<'a>(_: &[Node<'a>], _: usize) -> Option<Cow<'a, GroupStats>> {
    None
}

/// A group of a wave before its statistics: its level, its key and where
/// its cells are in the order [`group_nodes`] returns.
type Members<'a> = (usize, NodeKey<'a>, std::ops::Range<usize>);

/// The wave's cells merged into the groups of every level: the total, each
/// break-down field on its own and, with two fields or more, all of them
/// crossed. Levels in that order; within a level, groups sorted by their
/// values (IT before business, "(not given)" last; values that sort the
/// same, such as two spellings of one name, in text order).
///
/// Each field's values are ranked once, so groups are formed and sorted by
/// comparing numbers: a wave can hold hundreds of thousands of cells.
/// Returns each group with the range of its cells in the second vector
/// (cell indices, level after level).
fn group_nodes<'a>(
    cells: &[(&'a CellKey, &'a GroupStats)],
    used: &[usize],
    fields: &[&str],
) -> (Vec<Members<'a>>, Vec<usize>) {
    let m = used.len();
    let value = |c: usize, f: usize| cells[c].0.values[used[f]].as_deref();
    // Per cell and field: (rank in the listed order, ties equal; rank in text order).
    let mut ranks: Vec<(u32, u32)> = vec![(0, 0); cells.len() * m];
    for f in 0..m {
        let distinct: FxSet<Option<&str>> = (0..cells.len()).map(|c| value(c, f)).collect();
        let mut by_text: Vec<Option<&str>> = distinct.into_iter().collect();
        by_text.sort_unstable();
        let keyed: Vec<(u8, String)> = by_text.iter().map(|&v| sort_value(fields[f], v)).collect();
        let mut listed: Vec<usize> = (0..by_text.len()).collect();
        listed.sort_by(|&a, &b| keyed[a].cmp(&keyed[b]));
        let mut rank_of: FxMap<Option<&str>, (u32, u32)> = FxMap::default();
        let mut rank = 0u32;
        for (pos, &v) in listed.iter().enumerate() {
            if pos > 0 && keyed[v] != keyed[listed[pos - 1]] {
                rank += 1;
            }
            rank_of.insert(by_text[v], (rank, v as u32));
        }
        for c in 0..cells.len() {
            ranks[c * m + f] = rank_of[&value(c, f)];
        }
    }
    let mut levels: Vec<Vec<bool>> = vec![vec![false; m]]; // which fields are fixed
    for f in 0..m {
        let mut l = vec![false; m];
        l[f] = true;
        levels.push(l);
    }
    if m >= 2 {
        levels.push(vec![true; m]);
    }
    let mut nodes: Vec<Members<'a>> = Vec::new();
    let mut all = Vec::with_capacity(cells.len() * levels.len());
    for (li, fixed) in levels.iter().enumerate() {
        let fixed_fields: Vec<usize> = (0..m).filter(|&f| fixed[f]).collect();
        let (fixed_fields, ranks) = (&fixed_fields, &ranks);
        let listed = move |c: usize| fixed_fields.iter().map(move |&f| ranks[c * m + f].0);
        let text = move |c: usize| fixed_fields.iter().map(move |&f| ranks[c * m + f].1);
        // Cells in their groups' order; a stable sort keeps each group's
        // cells in key order.
        let mut order: Vec<usize> = (0..cells.len()).collect();
        crate::util::sort::sort_by(&mut order, |&a, &b| listed(a).cmp(listed(b)).then_with(|| text(a).cmp(text(b))));
        let mut start = 0;
        while start < order.len() {
            let first = order[start];
            let end = start + order[start..].iter().take_while(|&&c| text(c).eq(text(first))).count();
            let key: NodeKey<'a> = (0..m).map(|f| fixed[f].then(|| value(first, f))).collect();
            nodes.push((li, key, all.len() + start..all.len() + end));
            start = end;
        }
        all.extend(order);
    }
    (nodes, all)
}

/// Each node's cell in the wave's plan, after checking that the node's
/// counts (summed over its cells) are the ones the census gives that cell.
fn plan_cells(
    inst: &Instrument,
    plan: &WavePlan,
    cells: &[(&CellKey, &GroupStats)],
    nodes: &[Members<'_>],
    order: &[usize],
    fields: &[&str],
    wave: &str,
) -> Result<Vec<u32>> {
    let shape = inst.items().len() + inst.outcomes().len() + inst.dimensions().len() + 2;
    let mut counts: Vec<u64> = Vec::with_capacity(cells.len() * shape);
    for (_, g) in cells {
        let shaped = g.items.len() == inst.items().len()
            && g.outcomes.len() == inst.outcomes().len()
            && g.dimensions.len() == inst.dimensions().len();
        if !shaped {
            return Err(census_mismatch(wave));
        }
        counts.extend(census_counts(g));
    }
    let mut sum = vec![0u64; shape];
    let plan_fields: Vec<usize> = fields
        .iter()
        .map(|f| plan.fields.iter().position(|p| p == f))
        .collect::<Option<_>>()
        .ok_or_else(|| Error::Privacy { message: "a break-down field is missing from the census".into() })?;
    // Each value's code in the plan, looked up once per field and value.
    let mut codes: Vec<FxMap<Option<&str>, Option<u32>>> = vec![FxMap::default(); fields.len()];
    let mut fixed: Vec<(usize, u32)> = Vec::with_capacity(fields.len());
    nodes
        .iter()
        .map(|(_, key, range)| {
            fixed.clear();
            let mut known = true;
            for (f, v) in key.iter().enumerate() {
                if let &Some(v) = v {
                    match *codes[f].entry(v).or_insert_with(|| plan.code(plan_fields[f], v)) {
                        Some(c) => fixed.push((plan_fields[f], c)),
                        None => known = false,
                    }
                }
            }
            let cell = known.then(|| plan.find_coded(&fixed)).flatten().ok_or_else(|| Error::Privacy {
                message: format!("a group of wave {wave:?} is missing from the census"),
            })?;
            sum.iter_mut().for_each(|n| *n = 0);
            for &c in &order[range.clone()] {
                for (n, k) in sum.iter_mut().zip(&counts[c * shape..(c + 1) * shape]) {
                    *n += k;
                }
            }
            check_counts(inst, plan, cell, &sum, wave)?;
            Ok(cell)
        })
        .collect()
}

/// What the plan hides in each node (indexed by node): the whole group, and
/// each item, outcome, dimension and the index.
struct HiddenFigures {
    /// By node: the whole group.
    group: Vec<bool>,
    /// By item, then node.
    items: Vec<Vec<bool>>,
    /// By outcome, then node.
    outcomes: Vec<Vec<bool>>,
    /// By dimension, then node.
    dimensions: Vec<Vec<bool>>,
    /// By node: the index.
    index: Vec<bool>,
}

impl HiddenFigures {
    /// What the plan hides in the nodes with these plan cells.
    fn of(inst: &Instrument, plan: &WavePlan, plan_cells: &[u32]) -> Self {
        let hidden = |m: Measure| -> Vec<bool> {
            let t = plan.table(m);
            plan_cells.iter().map(|&c| t.hidden[c as usize].is_some()).collect()
        };
        HiddenFigures {
            group: hidden(Measure::Respondents),
            items: (0..inst.items().len()).map(|i| hidden(Measure::Item(i))).collect(),
            outcomes: (0..inst.outcomes().len()).map(|o| hidden(Measure::Outcome(o))).collect(),
            dimensions: (0..inst.dimensions().len()).map(|d| hidden(Measure::Dimension(d))).collect(),
            index: hidden(Measure::Index),
        }
    }

    /// How many of node `ni`'s figures (dimensions, items, outcomes and the
    /// index) are hidden.
    fn count_in(&self, ni: usize) -> u64 {
        let per_measure = self.dimensions.iter().chain(&self.items).chain(&self.outcomes);
        per_measure.filter(|h| h[ni]).count() as u64 + u64::from(self.index[ni])
    }
}

/// A node's level name ("total", a field, or the fields joined by "×"),
/// its label ("All respondents" or its values joined by " · ") and its key
/// as published (the fixed fields and their values).
fn group_identity(
    li: usize,
    key: &NodeKey<'_>,
    m: usize,
    fields: &[&str],
) -> (String, String, BTreeMap<String, Option<String>>) {
    let level = if li == 0 {
        TOTAL.to_owned()
    } else if li <= m {
        fields[li - 1].to_owned()
    } else {
        fields.join("×")
    };
    let label = if li == 0 {
        "All respondents".to_owned()
    } else {
        key.iter().enumerate().filter_map(|(f, v)| v.map(|v| value_label(fields[f], v))).collect::<Vec<_>>().join(" · ")
    };
    let key_map: BTreeMap<String, Option<String>> = crate::util::sort::map_of(
        key.iter().enumerate().filter_map(|(f, v)| v.map(|v| (fields[f].to_owned(), v.map(str::to_owned)))),
    );
    (level, label, key_map)
}

/// Node `ni`'s score and favourable % of each dimension, or none where hidden.
fn dimension_figures(
    inst: &Instrument,
    opts: &ScoreOptions,
    g: &GroupStats,
    hidden: &HiddenFigures,
    ni: usize,
) -> Vec<DimensionFigures> {
    inst.dimensions()
        .iter()
        .enumerate()
        .map(|(d, dim)| {
            let r = hidden.dimensions[d][ni];
            let ds = &g.dimensions[d];
            let s = if !r { summarize(&ds.score.moments(), opts.confidence) } else { None };
            // Pooled over the answers to the dimension's items, the
            // percentages would give away the answers of an item hidden
            // in this group: withheld with it.
            let pooled_hides_an_item = opts.favourable_basis == crate::options::FavourableBasis::Answers
                && inst.dimension_items(d).iter().any(|&i| hidden.items[i][ni]);
            let (fav, unfav) = if !r && !pooled_hides_an_item { dimension_favourable(ds, opts) } else { (None, None) };
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
        .collect()
}

/// Node `ni`'s figures of each agreement item, or none where hidden.
fn item_reports(
    inst: &Instrument,
    opts: &ScoreOptions,
    g: &GroupStats,
    hidden: &HiddenFigures,
    ni: usize,
) -> Vec<ItemReport> {
    inst.items()
        .iter()
        .enumerate()
        .map(|(i, item)| {
            let st = &g.items[i];
            let scale = inst.item_scale(i);
            if hidden.items[i][ni] {
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
        .collect()
}

/// Node `ni`'s figures of each outcome item (a rating's mean and favourable
/// %, a choice's distribution), or none where hidden.
fn outcome_reports(inst: &Instrument, g: &GroupStats, hidden: &HiddenFigures, ni: usize) -> Vec<OutcomeReport> {
    inst.outcomes()
        .iter()
        .enumerate()
        .map(|(o, out)| {
            let r = hidden.outcomes[o][ni];
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
        .collect()
}

/// The group's relationship health index with its band; marked hidden if
/// the plan hides it, none if it cannot be estimated.
fn index_figures(inst: &Instrument, opts: &ScoreOptions, g: &GroupStats, hidden: bool) -> Option<IndexFigures> {
    if hidden {
        return Some(IndexFigures {
            status: Status::Suppressed,
            suppression: suppression(true),
            n: None,
            score: None,
            sd: None,
            ci: None,
            band: None,
            band_label: None,
        });
    }
    summarize(&g.index.moments(), opts.confidence).map(|s| {
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
}

/// Cronbach's α of each dimension of the group (published for the total
/// and the sides).
fn dimension_reliability(inst: &Instrument, opts: &ScoreOptions, g: &GroupStats) -> Vec<DimensionReliability> {
    inst.dimensions()
        .iter()
        .enumerate()
        .map(|(d, dim)| {
            let ids: Vec<String> = inst.dimension_items(d).iter().map(|&i| inst.items()[i].id.clone()).collect();
            DimensionReliability {
                dimension: dim.id.clone(),
                reliability: cronbach_alpha(&g.dimensions[d], &ids, opts),
            }
        })
        .collect()
}

/// Driver analyses of the shown total and sides; the sides' are withheld
/// when a side is hidden or has too few responses for an estimate.
fn driver_sets(
    inst: &Instrument,
    opts: &ScoreOptions,
    nodes: &[Node<'_>],
    groups: &[GroupReport],
    m: usize,
    fields: &[&str],
) -> Vec<Drivers> {
    let mut driver_sets = Vec::new();
    for (ni, (li, _, stats)) in nodes.iter().enumerate() {
        let gr = &groups[ni];
        let is_side = *li >= 1 && *li <= m && fields[li - 1] == SIDE;
        if let Some(g) = stats.as_ref().filter(|_| (*li == 0 || is_side) && gr.status == Status::Shown) {
            driver_sets.push(drivers(inst, opts, &gr.level, &gr.key, &gr.label, g));
        }
    }
    // As for reliability: one side too small for driver analysis while the
    // other side and the total are estimated would give its count away.
    let too_few = |d: &Drivers| matches!(d.not_estimable, Some(NotEstimable::TooFewResponses { .. }));
    let side_hidden = groups.iter().any(|g| g.is_side() && g.status == Status::Suppressed);
    if side_hidden || driver_sets.iter().any(|d| d.is_side() && too_few(d)) {
        for d in driver_sets.iter_mut().filter(|d| d.is_side()) {
            *d = Drivers {
                n: None,
                r_squared: None,
                dimensions: Vec::new(),
                not_estimable: Some(NotEstimable::Suppressed),
                ..d.clone()
            };
        }
    }
    driver_sets
}

/// Reliability is published for the total and each side with its count of
/// complete responses; when one side is hidden, or has too few for an
/// estimate, while the other is estimated, total − other side would give
/// that count away. Then no side's estimate is published for that dimension.
fn withhold_lone_small_sides(groups: &mut [GroupReport]) {
    let dims = groups.iter().map(|g| g.reliability.len()).max().unwrap_or(0);
    let side_hidden = groups.iter().any(|g| g.is_side() && g.status == Status::Suppressed);
    for d in 0..dims {
        let too_few = side_hidden
            || groups.iter().filter(|g| g.is_side()).any(|g| {
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
        for g in groups.iter_mut().filter(|g| g.is_side()) {
            if let Some(r) = g.reliability.get_mut(d) {
                r.reliability.outcome = ReliabilityOutcome::NotEstimable { reason: NotEstimable::Suppressed };
            }
        }
    }
}

/// Check that a group's counts are those the census gives its plan cell:
/// aggregates read from JSON, or built by a reader that forgot the census,
/// must not publish what the plan was not decided over.
fn check_counts(inst: &Instrument, plan: &WavePlan, cell: u32, counts: &[u64], wave: &str) -> Result<()> {
    let measures = [Measure::Respondents, Measure::Index]
        .into_iter()
        .chain((0..inst.items().len()).map(Measure::Item))
        .chain((0..inst.outcomes().len()).map(Measure::Outcome))
        .chain((0..inst.dimensions().len()).map(Measure::Dimension));
    if measures.zip(counts).any(|(m, &n)| plan.count(cell, m) != n) {
        return Err(census_mismatch(wave));
    }
    Ok(())
}

/// A group's counts in the order [`check_counts`] reads them: respondents,
/// the index, each item's and outcome's answers, each dimension's scored
/// respondents.
fn census_counts(g: &GroupStats) -> impl Iterator<Item = u64> + '_ {
    [g.respondents, g.index.n]
        .into_iter()
        .chain(g.items.iter().map(|s| s.answered()))
        .chain(g.outcomes.iter().map(|s| s.answered()))
        .chain(g.dimensions.iter().map(|s| s.score.n))
}

fn census_mismatch(wave: &str) -> Error {
    Error::Privacy {
        message: format!(
            "the aggregates of wave {wave:?} do not match their census (edited or built by another version)"
        ),
    }
}

fn participation(opts: &ScoreOptions, waves: &[WaveReport]) -> Vec<Participation> {
    let mut out = Vec::new();
    for w in waves {
        for side in [None, Some(Side::It), Some(Side::Business)] {
            let g = match side {
                None => w.total(),
                Some(s) => w.side(s),
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
    let side = |s: Side| groups.iter().find(|g| g.side() == Some(s) && g.status == Status::Shown);
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
