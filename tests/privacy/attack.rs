//! The attacker: from the JSON of several reports of one data set, work out
//! figures of groups smaller than the minimum reporting size.
//!
//! It knows only what the reports publish. The test knows the truth
//! ([`Truth`]) and uses it for two things only: to pick the targets (hidden
//! figures whose true count is between 1 and min − 1) and to check that what
//! the reports publish is consistent with the data (a wrong reading of the
//! JSON would make every verdict meaningless).
//!
//! Unknowns are the *inner cells*: per wave, the full cross of the fields of
//! the finest report, whose groups (shown or hidden) tell which cells exist.
//! Every published count of a group is the sum of the same count over the
//! inner cells its key matches.

use crate::published::{FamilyFigures, GroupView, Key, ReportView};
use crate::rational::{Q, RowSpace};
use microlp::{ComparisonOp, OptimizationDirection, Problem};
use serde_json::Value;
use std::cell::RefCell;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::fmt;
use std::rc::Rc;

/// The true figures of one family in one cell.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct FamilyTruth {
    pub n: i64,
    pub distribution: Vec<i64>,
}

/// The true figures of one cell (or a group of cells).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct CellTruth {
    pub respondents: i64,
    pub families: BTreeMap<String, FamilyTruth>,
}

impl CellTruth {
    fn add(&mut self, o: &CellTruth) {
        self.respondents += o.respondents;
        for (f, t) in &o.families {
            let mine = self.families.entry(f.clone()).or_default();
            mine.n += t.n;
            if mine.distribution.len() < t.distribution.len() {
                mine.distribution.resize(t.distribution.len(), 0);
            }
            for (a, b) in mine.distribution.iter_mut().zip(&t.distribution) {
                *a += b;
            }
        }
    }

    fn family_n(&self, family: &str) -> i64 {
        self.families.get(family).map_or(0, |t| t.n)
    }
}

/// The data's finest cells, keyed by every field of the data.
#[derive(Debug, Default)]
pub struct Truth {
    cells: Vec<(String, Key, CellTruth)>,
    groups: RefCell<HashMap<(String, Key), Rc<CellTruth>>>,
}

impl Truth {
    pub fn new(cells: Vec<(String, Key, CellTruth)>) -> Truth {
        Truth { cells, groups: RefCell::default() }
    }

    /// The figures of the group `key` (any subset of the fields) in `wave`.
    pub fn group(&self, wave: &str, key: &Key) -> Rc<CellTruth> {
        let id = (wave.to_owned(), key.clone());
        if let Some(t) = self.groups.borrow().get(&id) {
            return Rc::clone(t);
        }
        let mut sum = CellTruth::default();
        for (w, k, t) in &self.cells {
            if w == wave && matches(k, key) {
                sum.add(t);
            }
        }
        let sum = Rc::new(sum);
        self.groups.borrow_mut().insert(id, Rc::clone(&sum));
        sum
    }
}

/// Whether the cell `cell` lies in the group `group`.
fn matches(cell: &Key, group: &Key) -> bool {
    group.iter().all(|(f, v)| cell.get(f) == Some(v))
}

fn describe(key: &Key) -> String {
    if key.is_empty() {
        return "total".to_owned();
    }
    key.iter().map(|(f, v)| format!("{f}={v}")).collect::<Vec<_>>().join(",")
}

fn family_name(family: &Option<String>) -> &str {
    family.as_deref().unwrap_or("respondents")
}

/// One way the publication gives away a small group.
#[derive(Debug, Clone)]
pub enum Leak {
    /// A hidden figure of a small group is a linear combination of
    /// published figures.
    Determined { wave: String, key: Key, family: Option<String>, worked: String, truth: String, derivation: String },
    /// The largest count consistent with every published respondent count
    /// (each existing cell ≥ 1) is below the minimum: the reader learns the
    /// group is small.
    Bounded { wave: String, key: Key, max: f64, truth: i64, min: i64 },
    /// A figure of a group smaller than the minimum is shown.
    ShownSmall { by: Vec<String>, wave: String, key: Key, family: Option<String>, n: i64 },
    /// Hidden groups or figures do not all read the same.
    Labels { what: String, variants: Vec<String> },
    /// The report carries per-file counts.
    FileCounts { reports: usize, example: String },
    /// A figure of a hidden group, or of a small side, elsewhere in the report.
    SideChannel { by: Vec<String>, wave: String, detail: String },
    /// A dimension's favourable and unfavourable percentages, pooled over
    /// the answers to its items, tell how many answers its hidden items got
    /// and how many were favourable and unfavourable.
    Pooled { by: Vec<String>, wave: String, key: Key, dimension: String, detail: String },
}

impl Leak {
    /// A short name of the kind of leak, for the summary.
    pub fn kind(&self) -> &'static str {
        match self {
            Leak::Determined { .. } => "determined",
            Leak::Bounded { .. } => "bounded",
            Leak::ShownSmall { .. } => "shown-small",
            Leak::Labels { .. } => "labels",
            Leak::FileCounts { .. } => "file-counts",
            Leak::SideChannel { .. } => "side-channel",
            Leak::Pooled { .. } => "pooled",
        }
    }
}

impl fmt::Display for Leak {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Leak::Determined { wave, key, family, worked, truth, derivation } => write!(
                f,
                "[determined] wave {wave}, group {}: {} {worked} (true: {truth}) = {derivation}",
                describe(key),
                family_name(family)
            ),
            Leak::Bounded { wave, key, max, truth, min } => write!(
                f,
                "[bounded] wave {wave}, group {}: at most {max:.3} respondents (< {min}) fit the published counts (true {truth})",
                describe(key)
            ),
            Leak::ShownSmall { by, wave, key, family, n } => write!(
                f,
                "[shown-small] by {by:?}, wave {wave}, group {}: {} {n} is shown",
                describe(key),
                family_name(family)
            ),
            Leak::Labels { what, variants } => {
                write!(f, "[labels] {what} read {} different ways:", variants.len())?;
                for v in variants {
                    write!(f, "\n      {v}")?;
                }
                Ok(())
            }
            Leak::FileCounts { reports, example } => {
                write!(f, "[file-counts] {reports} report(s) carry per-file counts, e.g. {example}")
            }
            Leak::SideChannel { by, wave, detail } => write!(f, "[side-channel] by {by:?}, wave {wave}: {detail}"),
            Leak::Pooled { by, wave, key, dimension, detail } => {
                write!(f, "[pooled] by {by:?}, wave {wave}, group {}, dimension {dimension}: {detail}", describe(key))
            }
        }
    }
}

/// A family's figure as published or worked out inside one group.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Source {
    Shown,
    /// n = the sum of the distribution.
    FromDistribution,
    /// n = respondents − missing (− not applicable).
    FromRespondents,
}

/// Everything published about one group in one wave, over all reports.
#[derive(Debug, Default)]
struct Merged {
    respondents: Option<i64>,
    /// Whether `respondents` is known from `participation` only.
    from_participation: bool,
    families: BTreeMap<String, FamilyFigures>,
    /// The count `n` per family, shown or worked out inside the group.
    family_n: BTreeMap<String, (i64, Source)>,
}

fn merge_int(slot: &mut Option<i64>, v: Option<i64>, what: impl Fn() -> String) {
    match (*slot, v) {
        (Some(a), Some(b)) => assert_eq!(a, b, "inconsistent publication: {}", what()),
        (None, Some(b)) => *slot = Some(b),
        _ => {}
    }
}

fn merge_family(into: &mut FamilyFigures, from: &FamilyFigures, what: &dyn Fn() -> String) {
    merge_int(&mut into.n, from.n, || format!("{} n", what()));
    merge_int(&mut into.missing, from.missing, || format!("{} missing", what()));
    merge_int(&mut into.not_applicable, from.not_applicable, || format!("{} not applicable", what()));
    into.has_not_applicable |= from.has_not_applicable;
    match (&into.distribution, &from.distribution) {
        (Some(a), Some(b)) => assert_eq!(a, b, "inconsistent publication: {} distribution", what()),
        (None, Some(b)) => into.distribution = Some(b.clone()),
        _ => {}
    }
}

/// The attacker's whole view of one data set.
struct Board {
    min: i64,
    waves: Vec<String>,
    /// Inner cells: (wave index, key).
    cells: Vec<(usize, Key)>,
    /// Per cell, whether the reports show it has a respondent (it is listed
    /// in the full-cross report).
    exists: Vec<bool>,
    /// Per wave, the range of its cells in `cells`.
    ranges: Vec<std::ops::Range<usize>>,
    /// Per wave, every group listed or published.
    merged: Vec<BTreeMap<Key, Merged>>,
    accepted: Option<i64>,
}

impl Board {
    fn build(views: &[ReportView<'_>], org_chart: Option<&[Key]>) -> Board {
        let min = views[0].min_group_size;
        assert!(views.iter().all(|v| v.min_group_size == min), "reports of one data set with different minimums");
        // The fields of every report, in the order they first appear.
        let mut fields: Vec<String> = Vec::new();
        for v in views {
            for f in &v.fields {
                if !fields.contains(f) {
                    fields.push(f.clone());
                }
            }
        }
        let finest = views.iter().find(|v| v.fields.len() == fields.len());
        let waves: Vec<String> = {
            let mut w: Vec<String> = Vec::new();
            for v in views {
                for (label, _) in &v.waves {
                    if !w.contains(label) {
                        w.push(label.clone());
                    }
                }
            }
            w
        };
        let mut cells = Vec::new();
        let mut exists = Vec::new();
        let mut ranges = Vec::new();
        for (w, label) in waves.iter().enumerate() {
            let start = cells.len();
            let listed = finest.and_then(|f| f.waves.iter().find(|(l, _)| l == label));
            if let Some((_, groups)) = listed {
                // The full-cross report lists every cell with a respondent.
                for g in groups.iter().filter(|g| g.key.len() == fields.len()) {
                    cells.push((w, g.key.clone()));
                    exists.push(true);
                }
            } else if let Some(chart) = org_chart {
                // Background knowledge: the cells that may be non-empty.
                for key in chart {
                    cells.push((w, key.clone()));
                    exists.push(false);
                }
            } else {
                // Nothing known: every combination of the values seen.
                let mut product: Vec<Key> = vec![Key::new()];
                for f in &fields {
                    let values: BTreeSet<&String> = views
                        .iter()
                        .flat_map(|v| v.waves.iter().filter(|(l, _)| l == label))
                        .flat_map(|(_, gs)| gs.iter().filter_map(|g| g.key.get(f)))
                        .collect();
                    product = product
                        .iter()
                        .flat_map(|k| {
                            values.iter().map(move |v| {
                                let mut k = k.clone();
                                k.insert(f.clone(), (*v).clone());
                                k
                            })
                        })
                        .collect();
                }
                for key in product {
                    cells.push((w, key));
                    exists.push(false);
                }
            }
            ranges.push(start..cells.len());
        }
        let mut merged: Vec<BTreeMap<Key, Merged>> = (0..waves.len()).map(|_| BTreeMap::new()).collect();
        let wave_of = |label: &str| waves.iter().position(|w| w == label).expect("a wave of some report");
        let mut accepted = None;
        for v in views {
            merge_int(&mut accepted, v.accepted, || "intake.accepted".into());
            for (label, groups) in &v.waves {
                let w = wave_of(label);
                for g in groups {
                    let m = merged[w].entry(g.key.clone()).or_default();
                    merge_group(m, g, label);
                }
            }
            for p in &v.participation {
                let key: Key = match &p.side {
                    None => Key::new(),
                    Some(side) if fields.iter().any(|f| f == "side") => [("side".to_owned(), side.clone())].into(),
                    Some(_) => continue,
                };
                if p.respondents.is_some() {
                    let m = merged[wave_of(&p.wave)].entry(key.clone()).or_default();
                    if m.respondents.is_none() {
                        m.from_participation = true;
                    }
                    merge_int(&mut m.respondents, p.respondents, || {
                        format!("wave {} {} respondents (participation)", p.wave, describe(&key))
                    });
                }
            }
            for (wave, key, n) in v.drivers.iter().filter(|d| d.2.is_some()) {
                let m = merged[wave_of(wave)].entry(key.clone()).or_default();
                let fam = m.families.entry("drivers".into()).or_default();
                merge_int(&mut fam.n, *n, || format!("wave {wave} {} drivers n", describe(key)));
            }
            for t in v.trends.iter().filter(|t| t.shown && t.n.is_some()) {
                let m = merged[wave_of(&t.wave)].entry(t.key.clone()).or_default();
                let fam = m.families.entry(t.family.clone()).or_default();
                merge_int(&mut fam.n, t.n, || format!("wave {} {} {} n (trend)", t.wave, describe(&t.key), t.family));
            }
        }
        // Counts worked out inside a group from its other figures.
        for wave in &mut merged {
            for m in wave.values_mut() {
                for (name, fam) in &m.families {
                    let worked = if let Some(n) = fam.n {
                        Some((n, Source::Shown))
                    } else if let Some(d) = &fam.distribution {
                        Some((d.iter().sum(), Source::FromDistribution))
                    } else if let (Some(r), Some(miss)) = (m.respondents, fam.missing) {
                        match (fam.has_not_applicable, fam.not_applicable) {
                            (true, Some(na)) => Some((r - miss - na, Source::FromRespondents)),
                            (false, _) => Some((r - miss, Source::FromRespondents)),
                            (true, None) => None,
                        }
                    } else {
                        None
                    };
                    if let Some(w) = worked {
                        m.family_n.insert(name.clone(), w);
                    }
                }
            }
        }
        Board { min, waves, cells, exists, ranges, merged, accepted }
    }

    /// The indicator row of group `key` over the cells of wave `w`.
    fn indicator(&self, w: usize, key: &Key) -> Vec<Q> {
        self.cells[self.ranges[w].clone()]
            .iter()
            .map(|(_, cell)| if matches(cell, key) { Q::ONE } else { Q::ZERO })
            .collect()
    }

    fn width(&self, w: usize) -> usize {
        self.ranges[w].len()
    }
}

fn merge_group(m: &mut Merged, g: &GroupView<'_>, wave: &str) {
    if g.respondents.is_some() {
        m.from_participation = false;
    }
    merge_int(&mut m.respondents, g.respondents, || format!("wave {wave} {} respondents", describe(&g.key)));
    for (name, fam) in &g.families {
        let what = || format!("wave {wave} {} {name}", describe(&g.key));
        merge_family(m.families.entry(name.clone()).or_default(), fam, &what);
    }
}

/// A published equation: a label, its row over the inner cells, and its
/// values (one count, or a distribution's counts).
struct Equation {
    label: String,
    row: Vec<Q>,
    values: Vec<i64>,
}

fn show_values(values: &[i64]) -> String {
    match values {
        [v] => v.to_string(),
        vs => format!("{vs:?}"),
    }
}

/// Write `target` as a combination of `equations`, and the values that
/// combination gives: what the reader works out from the publication alone.
fn derivation(width: usize, equations: &[Equation], target: &[Q]) -> Option<(String, Vec<Q>)> {
    let mut space = RowSpace::tracking(width);
    for e in equations {
        space.insert(e.row.clone());
    }
    let combo = space.express(target)?;
    let mut text = String::new();
    let mut sum: Vec<Q> = Vec::new();
    for (i, c) in combo {
        let e = &equations[i];
        let negative = c.to_f64() < 0.0;
        let abs = if negative { c.neg() } else { c };
        match (text.is_empty(), negative) {
            (true, false) => {}
            (true, true) => text.push('−'),
            (false, false) => text.push_str(" + "),
            (false, true) => text.push_str(" − "),
        }
        if abs != Q::ONE {
            text.push_str(&format!("{abs}×"));
        }
        text.push_str(&format!("{}({})", e.label, show_values(&e.values)));
        sum.resize(e.values.len().max(sum.len()), Q::ZERO);
        for (s, &v) in sum.iter_mut().zip(&e.values) {
            *s = s.add(c.mul(Q::int(v)));
        }
    }
    Some((text, sum))
}

/// The values worked out, as whole numbers: they must be the true ones,
/// or the attacker has a bug (every published figure was checked).
fn whole(worked: &[Q], truth: &[i64], what: &dyn Fn() -> String) -> String {
    let ints: Vec<i64> =
        worked.iter().map(|q| q.as_int().and_then(|v| i64::try_from(v).ok()).unwrap_or(i64::MIN)).collect();
    assert_eq!(ints, truth, "the attacker worked out a wrong value for {}", what());
    show_values(&ints)
}

/// The respondent-count equations of wave `w`.
fn respondent_equations(board: &Board, w: usize) -> Vec<Equation> {
    board.merged[w]
        .iter()
        .filter_map(|(key, m)| {
            let value = m.respondents?;
            let label = if m.from_participation { format!("{} [participation]", describe(key)) } else { describe(key) };
            Some(Equation { label, row: board.indicator(w, key), values: vec![value] })
        })
        .collect()
}

/// The count equations of one family in wave `w` (`n` or distribution).
fn family_equations(board: &Board, w: usize, family: &str, distribution: bool) -> Vec<Equation> {
    board.merged[w]
        .iter()
        .filter_map(|(key, m)| {
            let row = board.indicator(w, key);
            if distribution {
                let d = m.families.get(family)?.distribution.as_ref()?;
                Some(Equation { label: format!("{} {family} distribution", describe(key)), row, values: d.clone() })
            } else {
                let (value, source) = *m.family_n.get(family)?;
                let how = match source {
                    Source::Shown => "",
                    Source::FromDistribution => " [sum of its distribution]",
                    Source::FromRespondents => " [respondents − missing − not applicable]",
                };
                Some(Equation { label: format!("{} {family} n{how}", describe(key)), row, values: vec![value] })
            }
        })
        .collect()
}

/// Run every attack on the reports of one data set.
///
/// The inner cells come from the full-cross report when there is one;
/// otherwise from `org_chart` (the keys over every field that may have
/// respondents, as anyone who knows the organisation knows), or else every
/// combination of the values seen.
pub fn attack(reports: &[Value], truth: &Truth, org_chart: Option<&[Key]>) -> Vec<Leak> {
    let views: Vec<ReportView<'_>> = reports.iter().map(ReportView::parse).collect();
    let board = Board::build(&views, org_chart);
    check_against_truth(&board, truth);
    let mut leaks = Vec::new();
    leaks.extend(shown_small(&views));
    let undetermined = linear(&board, truth, &mut leaks);
    leaks.extend(interval(&board, &undetermined));
    leaks.extend(labels(&views, truth));
    leaks.extend(side_channels(&views, truth));
    leaks.extend(pooled(&views, truth));
    leaks
}

/// `x` when it is within rounding of a whole number.
fn near_int(x: f64) -> Option<i64> {
    let r = x.round();
    ((x - r).abs() < 1e-6).then_some(r as i64)
}

/// Pooled percentages: in a shown group, a dimension's favourable and
/// unfavourable percentages over all answers to its items, with the shown
/// items' own counts, leave one unknown (the hidden items' answers h):
/// `favourable_pct × (shown answers + h) / 100` must be a whole number, and
/// so must the unfavourable one. When exactly one h fits, the reader knows
/// how many answers the hidden items got and how many of them were
/// favourable and unfavourable.
fn pooled(views: &[ReportView<'_>], truth: &Truth) -> Vec<Leak> {
    let mut out = Vec::new();
    for v in views {
        if v.json.pointer("/options/favourable_basis").and_then(Value::as_str).is_some_and(|b| b != "answers") {
            continue;
        }
        let min = v.min_group_size;
        for (wave, groups) in &v.waves {
            for g in groups.iter().filter(|g| !g.hidden) {
                let Some(respondents) = g.respondents else { continue };
                for d in g.json.get("dimensions").and_then(Value::as_array).into_iter().flatten() {
                    let (Some(id), Some(fp), Some(up)) =
                        (d["dimension"].as_str(), d["favourable_pct"].as_f64(), d["unfavourable_pct"].as_f64())
                    else {
                        continue;
                    };
                    let items: Vec<&Value> = g.json["items"]
                        .as_array()
                        .into_iter()
                        .flatten()
                        .filter(|i| i["dimension"].as_str() == Some(id))
                        .collect();
                    let hidden: Vec<&str> = items
                        .iter()
                        .filter(|i| i["status"].as_str() != Some("shown"))
                        .filter_map(|i| i["item"].as_str())
                        .collect();
                    if hidden.is_empty() {
                        continue;
                    }
                    // Shown answers, and their favourable and unfavourable counts.
                    let (mut n, mut fav, mut unfav) = (0i64, 0i64, 0i64);
                    let mut readable = true;
                    for i in items.iter().filter(|i| i["status"].as_str() == Some("shown")) {
                        let (Some(k), Some(f), Some(u)) =
                            (i["n"].as_i64(), i["favourable_pct"].as_f64(), i["unfavourable_pct"].as_f64())
                        else {
                            readable = false;
                            break;
                        };
                        let (Some(f), Some(u)) = (near_int(f * k as f64 / 100.0), near_int(u * k as f64 / 100.0))
                        else {
                            readable = false;
                            break;
                        };
                        (n, fav, unfav) = (n + k, fav + f, unfav + u);
                    }
                    if !readable {
                        continue;
                    }
                    let fits: Vec<(i64, i64, i64)> = (0..=respondents * hidden.len() as i64)
                        .filter(|&h| n + h > 0)
                        .filter_map(|h| {
                            let all = (n + h) as f64;
                            let f = near_int(fp * all / 100.0)? - fav;
                            let u = near_int(up * all / 100.0)? - unfav;
                            (f >= 0 && u >= 0 && f + u <= h).then_some((h, f, u))
                        })
                        .collect();
                    let t = truth.group(wave, &g.key);
                    let true_h: i64 = hidden.iter().map(|i| t.family_n(&format!("item:{i}"))).sum();
                    assert!(
                        fits.iter().any(|&(h, _, _)| h == true_h),
                        "pooled percentages: the true hidden answers {true_h} do not fit (wave {wave}, {}, {id})",
                        describe(&g.key)
                    );
                    if let [(h, f, u)] = fits[..]
                        && (1..min).contains(&h)
                    {
                        out.push(Leak::Pooled {
                            by: v.by.clone(),
                            wave: wave.clone(),
                            key: g.key.clone(),
                            dimension: id.to_owned(),
                            detail: format!(
                                "hidden {hidden:?} got {h} answers, {f} favourable and {u} unfavourable \
                                 ({fp}% and {up}% of {n} shown + {h} hidden answers)"
                            ),
                        });
                    }
                }
            }
        }
    }
    out
}

/// Every published figure must be the true one: otherwise the attacker
/// reads the JSON wrongly and its verdicts mean nothing.
fn check_against_truth(board: &Board, truth: &Truth) {
    for (w, wave) in board.merged.iter().enumerate() {
        let label = &board.waves[w];
        for (key, m) in wave {
            let t = truth.group(label, key);
            if let Some(r) = m.respondents {
                assert_eq!(r, t.respondents, "wave {label} {}: published respondents vs truth", describe(key));
            }
            for (name, (n, _)) in &m.family_n {
                assert_eq!(*n, t.family_n(name), "wave {label} {} {name}: published n vs truth", describe(key));
            }
            for (name, fam) in &m.families {
                if let Some(d) = &fam.distribution {
                    let td = t.families.get(name).map(|f| f.distribution.clone()).unwrap_or_default();
                    assert_eq!(d, &td, "wave {label} {} {name}: distribution vs truth", describe(key));
                }
            }
        }
        for (i, (_, cell)) in board.cells.iter().enumerate().filter(|(i, _)| board.ranges[w].contains(i)) {
            let n = truth.group(label, cell).respondents;
            assert!(n > 0 || !board.exists[i], "listed inner cell {} has no respondent", describe(cell));
        }
        let covered: i64 =
            board.cells[board.ranges[w].clone()].iter().map(|(_, c)| truth.group(label, c).respondents).sum();
        assert_eq!(
            covered,
            truth.group(label, &Key::new()).respondents,
            "wave {label}: the inner cells miss respondents"
        );
    }
}

/// Figures shown for fewer respondents than the minimum.
fn shown_small(views: &[ReportView<'_>]) -> Vec<Leak> {
    let mut out = Vec::new();
    for v in views {
        let min = v.min_group_size;
        let small = |n: Option<i64>| n.filter(|&n| (1..min).contains(&n));
        for (wave, groups) in &v.waves {
            for g in groups {
                if let Some(n) = small(g.respondents) {
                    out.push(Leak::ShownSmall {
                        by: v.by.clone(),
                        wave: wave.clone(),
                        key: g.key.clone(),
                        family: None,
                        n,
                    });
                }
                for (name, fam) in &g.families {
                    if let Some(n) = small(fam.n) {
                        let family = Some(name.clone());
                        out.push(Leak::ShownSmall {
                            by: v.by.clone(),
                            wave: wave.clone(),
                            key: g.key.clone(),
                            family,
                            n,
                        });
                    }
                }
            }
        }
        for p in &v.participation {
            if let Some(n) = small(p.respondents) {
                let key: Key = p.side.iter().map(|s| ("side".to_owned(), s.clone())).collect();
                out.push(Leak::ShownSmall { by: v.by.clone(), wave: p.wave.clone(), key, family: None, n });
            }
        }
    }
    out
}

/// A respondent count the exact attack could not pin down: the interval
/// attack's targets.
struct Open {
    wave: usize,
    key: Key,
    truth: i64,
}

/// Exact determinacy. Returns the small hidden respondent counts that stay
/// undetermined.
fn linear(board: &Board, truth: &Truth, leaks: &mut Vec<Leak>) -> Vec<Open> {
    let min = board.min;
    let small = |n: i64| (1..min).contains(&n);
    // Respondent counts: one row space per wave.
    let mut equations: Vec<Vec<Equation>> = (0..board.waves.len()).map(|w| respondent_equations(board, w)).collect();
    let mut spaces: Vec<RowSpace> = equations
        .iter()
        .enumerate()
        .map(|(w, eqs)| {
            let mut s = RowSpace::new(board.width(w));
            for e in eqs {
                s.insert(e.row.clone());
            }
            s
        })
        .collect();
    // Across waves: accepted rows = the sum of the wave totals. It tells a
    // wave's total when every other wave's total is known.
    if let Some(accepted) = board.accepted {
        let totals: Vec<Vec<Q>> = (0..board.waves.len()).map(|w| board.indicator(w, &Key::new())).collect();
        let unknown: Vec<usize> = (0..board.waves.len()).filter(|&w| !spaces[w].contains(&totals[w])).collect();
        if let [w] = unknown[..] {
            let others: i64 =
                (0..board.waves.len()).filter(|&o| o != w).map(|o| known_total(&equations[o], &totals[o])).sum();
            spaces[w].insert(totals[w].clone());
            equations[w].push(Equation {
                label: "total [accepted rows − the other waves' totals]".into(),
                row: totals[w].clone(),
                values: vec![accepted - others],
            });
        }
    }
    let mut open = Vec::new();
    for (w, wave) in board.merged.iter().enumerate() {
        let label = &board.waves[w];
        for (key, m) in wave {
            if m.respondents.is_some() {
                continue;
            }
            let t = truth.group(label, key);
            if !small(t.respondents) {
                continue;
            }
            let row = board.indicator(w, key);
            if spaces[w].contains(&row) {
                let (how, worked) = derivation(board.width(w), &equations[w], &row).expect("in the span");
                let worked =
                    whole(&worked, &[t.respondents], &|| format!("wave {label} {} respondents", describe(key)));
                leaks.push(Leak::Determined {
                    wave: label.clone(),
                    key: key.clone(),
                    family: None,
                    worked: format!("count {worked}"),
                    truth: t.respondents.to_string(),
                    derivation: how,
                });
            } else {
                open.push(Open { wave: w, key: key.clone(), truth: t.respondents });
            }
        }
    }
    // Families: the hidden counts (and distributions) of small answer sets.
    for (w, wave) in board.merged.iter().enumerate() {
        let label = &board.waves[w];
        let names: BTreeSet<&String> = wave.values().flat_map(|m| m.families.keys()).collect();
        for name in names {
            let mut targets = Vec::new();
            // Counts that are never shown below a floor of their own
            // (reliability, drivers) are targets only in hidden groups.
            let auxiliary = name.starts_with("reliability") || name.as_str() == "drivers";
            for (key, m) in wave {
                if m.families.get(name.as_str()).and_then(|f| f.n).is_some() || (auxiliary && m.respondents.is_some()) {
                    continue;
                }
                let t = truth.group(label, key);
                let ft = t.families.get(name.as_str()).cloned().unwrap_or_default();
                if small(ft.n) {
                    targets.push((key, ft));
                }
            }
            if targets.is_empty() {
                continue;
            }
            let n_eqs = family_equations(board, w, name, false);
            let d_eqs = family_equations(board, w, name, true);
            let space = |eqs: &[Equation]| {
                let mut s = RowSpace::new(board.width(w));
                for e in eqs {
                    s.insert(e.row.clone());
                }
                s
            };
            let (n_space, d_space) = (space(&n_eqs), space(&d_eqs));
            for (key, ft) in targets {
                let row = board.indicator(w, key);
                let width = board.width(w);
                let n = n_space.contains(&row).then(|| derivation(width, &n_eqs, &row)).flatten();
                let d = d_space.contains(&row).then(|| derivation(width, &d_eqs, &row)).flatten();
                if n.is_none() && d.is_none() {
                    continue;
                }
                let mut worked = Vec::new();
                let mut how = Vec::new();
                let what = || format!("wave {label} {} {name}", describe(key));
                if let Some((h, v)) = n {
                    worked.push(format!("n {}", whole(&v, &[ft.n], &what)));
                    how.push(h);
                }
                if let Some((h, v)) = d {
                    worked.push(format!("distribution {}", whole(&v, &ft.distribution, &what)));
                    how.push(h);
                }
                leaks.push(Leak::Determined {
                    wave: label.clone(),
                    key: key.clone(),
                    family: Some(name.clone()),
                    worked: worked.join(", "),
                    truth: if ft.distribution.is_empty() {
                        format!("n {}", ft.n)
                    } else {
                        format!("n {}, distribution {:?}", ft.n, ft.distribution)
                    },
                    derivation: how.join("; "),
                });
            }
        }
    }
    open
}

/// A wave's total from its own published equations (it is in their span).
fn known_total(equations: &[Equation], total: &[Q]) -> i64 {
    let mut space = RowSpace::tracking(total.len());
    for e in equations {
        space.insert(e.row.clone());
    }
    let combo = space.express(total).expect("the total is in the span");
    let mut sum = Q::ZERO;
    for (i, c) in combo {
        sum = sum.add(c.mul(Q::int(equations[i].values[0])));
    }
    i64::try_from(sum.as_int().expect("a whole total")).expect("total fits")
}

/// The interval attack: the largest count of each small hidden group that
/// fits every published respondent count, with every existing inner cell
/// at least 1.
fn interval(board: &Board, open: &[Open]) -> Vec<Leak> {
    if open.is_empty() {
        return Vec::new();
    }
    // Only independent equations, so the solver sees no redundant rows;
    // each with its wave (`None`: the cross-wave equation).
    let mut rows: Vec<(Option<usize>, Vec<usize>, f64)> = Vec::new();
    let mut all_known = true;
    for w in 0..board.waves.len() {
        let mut space = RowSpace::new(board.width(w));
        for e in respondent_equations(board, w) {
            if space.insert(e.row.clone()) {
                let offset = board.ranges[w].start;
                let vars = e.row.iter().enumerate().filter(|(_, q)| !q.is_zero()).map(|(i, _)| offset + i).collect();
                rows.push((Some(w), vars, e.values[0] as f64));
            }
        }
        all_known &= space.contains(&board.indicator(w, &Key::new()));
    }
    // Without the cross-wave equation the waves are separate programs.
    let joint = !all_known && board.accepted.is_some();
    if let (Some(accepted), true) = (board.accepted, joint) {
        rows.push((None, (0..board.cells.len()).collect(), accepted as f64));
    }
    let mut solved: HashMap<(usize, Vec<bool>), f64> = HashMap::new();
    let mut out = Vec::new();
    for o in open {
        let inside: Vec<bool> =
            board.cells[board.ranges[o.wave].clone()].iter().map(|(_, c)| matches(c, &o.key)).collect();
        let max = *solved.entry((o.wave, inside)).or_insert_with_key(|(_, inside)| {
            let cells: Vec<usize> =
                if joint { (0..board.cells.len()).collect() } else { board.ranges[o.wave].clone().collect() };
            let mut lp = Problem::new(OptimizationDirection::Maximize);
            let mut vars = HashMap::new();
            for i in cells {
                let start = board.ranges[o.wave].start;
                let objective = if board.cells[i].0 == o.wave && inside[i - start] { 1.0 } else { 0.0 };
                let low = if board.exists[i] { 1.0 } else { 0.0 };
                vars.insert(i, lp.add_var(objective, (low, f64::INFINITY)));
            }
            for (wave, terms, value) in &rows {
                if joint || *wave == Some(o.wave) {
                    let expr: Vec<_> = terms.iter().map(|i| (vars[i], 1.0)).collect();
                    lp.add_constraint(expr.as_slice(), ComparisonOp::Eq, *value);
                }
            }
            match lp.solve() {
                Ok(outcome) => outcome.into_solution().expect("solved").objective(),
                Err(microlp::Error::Unbounded) => f64::INFINITY,
                Err(e) => panic!("interval attack on wave {} {}: {e:?}", board.waves[o.wave], describe(&o.key)),
            }
        });
        assert!(max >= o.truth as f64 - 1e-6, "the interval attack excludes the truth: {max} < {}", o.truth);
        if max < board.min as f64 - 1e-6 {
            out.push(Leak::Bounded {
                wave: board.waves[o.wave].clone(),
                key: o.key.clone(),
                max,
                truth: o.truth,
                min: board.min,
            });
        }
    }
    out
}

/// The JSON of `v` without the top-level fields `drop`, as text.
fn without(v: &Value, drop: &[&str]) -> String {
    let mut v = v.clone();
    if let Some(map) = v.as_object_mut() {
        for d in drop {
            map.remove(*d);
        }
    }
    v.to_string()
}

/// Distinct texts, each with how often and where it was seen.
#[derive(Default)]
struct Variants {
    seen: BTreeMap<String, (usize, String)>,
}

impl Variants {
    fn add(&mut self, text: String, example: impl FnOnce() -> String) {
        self.seen.entry(text).or_insert_with(|| (0, example())).0 += 1;
    }

    fn leak(self, what: &str) -> Option<Leak> {
        (self.seen.len() > 1).then(|| Leak::Labels {
            what: what.to_owned(),
            variants: self.seen.into_iter().map(|(t, (n, ex))| format!("{n}× (e.g. {ex}): {t}")).collect(),
        })
    }
}

/// Labels: every hidden thing of one kind reads the same; no per-file counts.
fn labels(views: &[ReportView<'_>], truth: &Truth) -> Vec<Leak> {
    let min = views[0].min_group_size;
    let mut groups = Variants::default();
    let mut figures: BTreeMap<&str, Variants> = BTreeMap::new();
    let mut suppressions = Variants::default();
    let mut respondent_labels = Variants::default();
    let mut participation = Variants::default();
    let mut points = Variants::default();
    let size = |wave: &str, key: &Key| {
        let n = truth.group(wave, key).respondents;
        if n < min { format!("{n} respondents, small") } else { format!("{n} respondents") }
    };
    for v in views {
        for (wave, gs) in &v.waves {
            for g in gs {
                let where_ = || format!("by {:?}, wave {wave}, {} ({})", v.by, describe(&g.key), size(wave, &g.key));
                if g.hidden {
                    groups.add(without(g.json, &["key", "label", "level"]), where_);
                    if let Some(s) = g.json.get("suppression") {
                        suppressions.add(s.to_string(), where_);
                    }
                    respondent_labels.add(g.json["respondents_label"].to_string(), where_);
                    continue;
                }
                for kind in ["items", "outcomes", "dimensions"] {
                    for fig in g.json.get(kind).and_then(Value::as_array).into_iter().flatten() {
                        if fig.get("status").and_then(Value::as_str) != Some("shown") {
                            let id = without(fig, &["item", "dimension", "reverse", "role", "options"]);
                            let ex = || {
                                format!(
                                    "{} {}",
                                    where_(),
                                    fig.get("item").or(fig.get("dimension")).unwrap_or(&Value::Null)
                                )
                            };
                            figures.entry(kind).or_default().add(id, ex);
                            if let Some(s) = fig.get("suppression") {
                                suppressions.add(s.to_string(), where_);
                            }
                        }
                    }
                }
                if let Some(index) = g.json.get("index").filter(|i| i.is_object())
                    && index.get("status").and_then(Value::as_str) != Some("shown")
                {
                    figures.entry("index").or_default().add(without(index, &[]), where_);
                    if let Some(s) = index.get("suppression") {
                        suppressions.add(s.to_string(), where_);
                    }
                }
            }
        }
        for p in v.participation.iter().filter(|p| p.respondents.is_none()) {
            let key: Key = p.side.iter().map(|s| ("side".to_owned(), s.clone())).collect();
            let where_ = || format!("by {:?}, wave {}, {} ({})", v.by, p.wave, describe(&key), size(&p.wave, &key));
            participation.add(without(p.json, &["wave", "side"]), where_);
            respondent_labels.add(p.json["respondents_label"].to_string(), where_);
        }
        // A point whose group has nobody in that wave (status null) is empty,
        // not hidden: a count of zero reveals nobody.
        for t in v.trends.iter().filter(|t| !t.shown && !t.json["status"].is_null()) {
            points.add(without(t.json, &["wave", "segment"]), || {
                format!("by {:?}, wave {}, {} {}", v.by, t.wave, describe(&t.key), t.family)
            });
        }
    }
    let mut out: Vec<Leak> = Vec::new();
    out.extend(groups.leak("hidden groups (without key, label, level)"));
    for (kind, variants) in figures {
        out.extend(variants.leak(&format!("hidden {kind} in shown groups (without their id)")));
    }
    out.extend(suppressions.leak("suppression objects"));
    out.extend(respondent_labels.leak("respondents_label of hidden counts"));
    out.extend(participation.leak("hidden participation lines (without wave, side)"));
    out.extend(points.leak("hidden trend points (without wave, segment)"));
    // Per-file counts.
    let mut with_counts = 0;
    let mut example = String::new();
    for v in views {
        let sources = v.json.pointer("/intake/sources").and_then(Value::as_array);
        let counted: Vec<&Value> = sources
            .into_iter()
            .flatten()
            .filter(|s| ["rows_in", "accepted", "rejected"].iter().any(|f| s.get(*f).is_some_and(|x| !x.is_null())))
            .collect();
        if !counted.is_empty() {
            with_counts += 1;
            if example.is_empty() {
                example = Value::Array(counted.into_iter().cloned().collect()).to_string();
            }
        }
    }
    if with_counts > 0 {
        out.push(Leak::FileCounts { reports: with_counts, example });
    }
    out
}

/// Whether a JSON value holds any number.
fn has_number(v: &Value) -> bool {
    match v {
        Value::Number(_) => true,
        Value::Array(a) => a.iter().any(has_number),
        Value::Object(m) => m.values().any(has_number),
        _ => false,
    }
}

/// Figures of hidden groups (or small sides) outside the group list.
fn side_channels(views: &[ReportView<'_>], truth: &Truth) -> Vec<Leak> {
    let mut out = Vec::new();
    for v in views {
        let min = v.min_group_size;
        let small = |n: i64| (1..min).contains(&n);
        let status: BTreeMap<(&str, &Key), &GroupView<'_>> =
            v.waves.iter().flat_map(|(w, gs)| gs.iter().map(move |g| ((w.as_str(), &g.key), g))).collect();
        let family_shown = |wave: &str, key: &Key, family: &str| {
            status.get(&(wave, key)).is_some_and(|g| !g.hidden && g.families.get(family).is_some_and(|f| f.n.is_some()))
        };
        // Outcome role → item id, as the groups list them.
        let roles: BTreeMap<String, String> = v.json["waves"]
            .as_array()
            .into_iter()
            .flatten()
            .flat_map(|w| w["groups"].as_array().into_iter().flatten())
            .flat_map(|g| g["outcomes"].as_array().into_iter().flatten())
            .filter_map(|o| Some((o["role"].as_str()?.to_owned(), o["item"].as_str()?.to_owned())))
            .collect();
        let mut leak = |wave: &str, detail: String| {
            out.push(Leak::SideChannel { by: v.by.clone(), wave: wave.to_owned(), detail });
        };
        // The order of a level's groups must not depend on their sizes: the
        // groups two waves share come in the same order in both.
        let mut orders: BTreeMap<&str, Vec<(&str, Vec<&Key>)>> = BTreeMap::new();
        for (wave, gs) in &v.waves {
            let mut by_level: BTreeMap<&str, Vec<&Key>> = BTreeMap::new();
            for g in gs {
                by_level.entry(g.json["level"].as_str().unwrap_or_default()).or_default().push(&g.key);
            }
            for (level, keys) in by_level {
                orders.entry(level).or_default().push((wave, keys));
            }
        }
        for (level, waves) in &orders {
            for (i, (w1, k1)) in waves.iter().enumerate() {
                for (w2, k2) in &waves[i + 1..] {
                    let a: Vec<&&Key> = k1.iter().filter(|k| k2.contains(k)).collect();
                    let b: Vec<&&Key> = k2.iter().filter(|k| k1.contains(k)).collect();
                    if a != b {
                        leak(w2, format!("the {level} groups come in another order than in wave {w1}"));
                    }
                }
            }
        }
        // Trend points of hidden groups or hidden figures.
        for t in &v.trends {
            if (t.json.get("value").is_some_and(|x| !x.is_null()) || t.n.is_some())
                && !family_shown(&t.wave, &t.key, &t.family)
            {
                leak(
                    &t.wave,
                    format!("trend point of {} {} where it is hidden: {}", describe(&t.key), t.family, t.json),
                );
            }
        }
        for w in v.json["waves"].as_array().into_iter().flatten() {
            let wave = w["wave"].as_str().unwrap_or_default();
            // Changes and drivers name groups: they must be shown.
            for c in w.get("changes").and_then(Value::as_array).into_iter().flatten() {
                let key = crate::published::Key::from_iter(
                    c["key"]
                        .as_object()
                        .into_iter()
                        .flatten()
                        .map(|(k, x)| (k.clone(), x.as_str().unwrap_or_default().to_owned())),
                );
                let family =
                    c.get("dimension").and_then(Value::as_str).map_or("index".to_owned(), |d| format!("dimension:{d}"));
                let prev = c.get("previous_wave").and_then(Value::as_str).unwrap_or_default();
                if has_number(c) && !(family_shown(wave, &key, &family) && family_shown(prev, &key, &family)) {
                    leak(wave, format!("change of {} {family} where it is hidden in {prev} or {wave}", describe(&key)));
                }
            }
            for d in w.get("drivers").and_then(Value::as_array).into_iter().flatten() {
                let key = crate::published::Key::from_iter(
                    d["key"]
                        .as_object()
                        .into_iter()
                        .flatten()
                        .map(|(k, x)| (k.clone(), x.as_str().unwrap_or_default().to_owned())),
                );
                if d.get("n").is_some_and(|n| !n.is_null()) && status.get(&(wave, &key)).is_none_or(|g| g.hidden) {
                    leak(wave, format!("drivers of hidden group {}", describe(&key)));
                }
            }
            // Side comparisons: no figure of a side whose measure is small.
            let side_n = |side: &str, family: &str| {
                truth.group(wave, &[("side".to_owned(), side.to_owned())].into()).family_n(family)
            };
            let family_of = |dim: Option<&str>| dim.map_or("index".to_owned(), |d| format!("dimension:{d}"));
            let entries = w
                .get("gaps")
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
                .map(|e| ("gaps", e, family_of(e["dimension"].as_str())));
            let mirror_dims = w.pointer("/mirror/dimensions").and_then(Value::as_array).into_iter().flatten();
            let mirror_items = w.pointer("/mirror/items").and_then(Value::as_array).into_iter().flatten();
            let entries =
                entries.chain(mirror_dims.map(|e| ("mirror.dimensions", e, family_of(e["dimension"].as_str())))).chain(
                    mirror_items
                        .map(|e| ("mirror.items", e, format!("item:{}", e["item"].as_str().unwrap_or_default()))),
                );
            for (what, e, family) in entries {
                for side in ["it", "business"] {
                    let n = side_n(side, &family);
                    if small(n) && has_number(e) {
                        leak(wave, format!("{what} for {family} with side {side} of {n}: {e}"));
                        break;
                    }
                }
            }
            // Mirror accuracy of a side: its mirror answers, the other side's overall answers.
            for a in w.pointer("/mirror/accuracy").and_then(Value::as_array).into_iter().flatten() {
                let side = a["side"].as_str().unwrap_or_default();
                let other = if side == "it" { "business" } else { "it" };
                for (role, whose) in [("mirror", side), ("overall", other)] {
                    let Some(id) = roles.get(role) else { continue };
                    let n = side_n(whose, &format!("outcome:{id}"));
                    if small(n) && has_number(a) {
                        leak(wave, format!("mirror accuracy of {side}: the {role} item of {whose} answered by {n}"));
                    }
                }
            }
            let index_small = ["it", "business"].iter().any(|s| small(side_n(s, "index")));
            if index_small && w.pointer("/maturity/gap").is_some_and(|g| !g.is_null()) {
                leak(wave, "maturity gap with a small side".into());
            }
            for a in w.get("actions").and_then(Value::as_array).into_iter().flatten() {
                let family = family_of(a["dimension"].as_str());
                let dim_small = ["it", "business"].iter().any(|s| small(side_n(s, &family)));
                let gap = a["triggers"]
                    .as_array()
                    .into_iter()
                    .flatten()
                    .any(|t| t["figure"] == "gap" && !t["value"].is_null());
                if dim_small && gap {
                    leak(wave, format!("action trigger with the gap of {family} with a small side"));
                }
            }
        }
    }
    out
}
