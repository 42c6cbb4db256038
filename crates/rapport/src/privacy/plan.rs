//! The publication plan of one wave: which groups, and which figures inside
//! shown groups, may be published in any report of the data set.
//!
//! The inner cells are the finest cross of side and every segment field of
//! the data; the lattice holds every group a report could show (every
//! subset of the fields, every combination of their values). Each counted
//! quantity (respondents, the answers to each item, …) is a table over the
//! same lattice. Per table:
//!
//! 1. *Primary*: every cell with `1 ≤ n < min` is hidden.
//! 2. *Certificates*: every small inner cell `p` needs an alternative
//!    integer table, equal to the real one on every published cell, that
//!    gives `p` at least `min` (every other cell keeping its lower bound).
//!    It is a sum of witnesses. A transfer of `k` respondents from a
//!    partner `q` to `p` changes only the cells that contain exactly one of
//!    them; a ± box over the fields where `p` and `q` differ changes only
//!    the cells that fix all of those fields. A witness is allowed when the
//!    cells it changes are all hidden. Where what is hidden allows no
//!    certificate, the planner hides the cells that make one possible at
//!    the least cost (respondents newly hidden, a margin weighing four
//!    times the cross below it; ties by a fixed order), so the plan is
//!    deterministic. Partners are looked for in per-field pools first, then
//!    among the nearest cells: neighbourhoods where no witness could be
//!    allowed at the small cell's end are passed over whole, and at most a
//!    fixed number of partners is weighed in each of the others (all of
//!    them when a neighbourhood has at most [`PER_BLOCK`] cells).
//!
//! Every certificate is checked again by [`super::audit()`] before a report
//! is built.

use crate::aggregate::census::{Census, CensusKey, Measure, Shape};
use crate::error::{Error, Result};
use crate::util::hash::{FxMap, FxSet};

/// Most fields (side and segments) a plan is decided over: the lattice has
/// `2^fields` levels.
pub const MAX_FIELDS: usize = 7;

/// Why a cell of a table is hidden (for the data owner; reports never say).
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum HiddenBecause {
    /// Fewer than the minimum (and at least one).
    Small,
    /// Hidden so that a small cell cannot be worked out or bounded.
    Complementary,
    /// The whole group is hidden (figure tables only).
    GroupHidden,
}

/// One alternative table for a small inner cell, as a sum of witnesses:
/// transfers of `k` respondents from a partner to `cell`, and boxes over
/// the fields where `cell` and a partner differ (`+k` on the corners an
/// even number of steps from `cell`, `−k` on the others). With neither,
/// every published cell that holds `cell` is hidden, so it can grow alone.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Certificate {
    /// The small inner cell.
    pub cell: u32,
    /// Respondents it gains in the alternative table.
    pub gain: u64,
    /// `(partner inner cell, respondents moved from it)`.
    pub transfers: Vec<(u32, u64)>,
    /// `(opposite corner, k)` of each box.
    pub boxes: Vec<(u32, u64)>,
}

/// The plan of one table (one measure) of a wave.
#[derive(Debug, Clone)]
pub struct TablePlan {
    /// Per lattice cell: why hidden, or `None` when published.
    pub hidden: Vec<Option<HiddenBecause>>,
    /// Per inner cell: the count.
    pub counts: Vec<u64>,
    /// Per inner cell: the least count a reader knows it has.
    pub lower: Vec<u64>,
    /// One per small inner cell (shared by the tables whose counts are the
    /// respondents').
    pub certificates: std::sync::Arc<[Certificate]>,
}

/// A lattice cell: a level (bit `f` set when field `f` is fixed) and the
/// inner cells it holds.
#[derive(Debug, Clone)]
pub struct LatticeCell {
    /// Fields fixed, as a bit set over [`WavePlan::fields`].
    pub level: u32,
    /// Value code of each fixed field (in field order).
    pub codes: Vec<u32>,
    /// Inner cells it holds.
    pub members: Vec<u32>,
}

/// The plan of one wave. See the module docs.
#[derive(Debug, Clone)]
pub struct WavePlan {
    /// Wave label.
    pub wave: String,
    /// Fields: `side`, then the segment names (sorted).
    pub fields: Vec<String>,
    /// Per field, the value of each code (`None`: the respondent does not carry it).
    pub values: Vec<Vec<Option<String>>>,
    /// Per inner cell, the value code of each field.
    pub inner: Vec<Vec<u32>>,
    /// Every lattice cell.
    pub cells: Vec<LatticeCell>,
    /// `cell_of[i * levels + level]`: the lattice cell of inner cell `i` at a level.
    cell_of: Vec<u32>,
    index: FxMap<u128, u32>,
    /// Per cell: the first cell with the same members (the same group
    /// reached through other fields).
    pub canon: Vec<u32>,
    /// The measures, in [`Shape::measures`] order.
    pub shape: Shape,
    /// One table per measure, in [`Shape::measures`] order.
    pub tables: Vec<TablePlan>,
    /// Minimum reporting size.
    pub min: u32,
}

impl WavePlan {
    /// Number of levels (`2^fields`).
    pub fn levels(&self) -> usize {
        1 << self.fields.len()
    }

    /// The lattice cell with the given `(field index, value)` pairs fixed.
    pub fn find(&self, fixed: &[(usize, Option<&str>)]) -> Option<u32> {
        let mut coded = [(0usize, 0u32); MAX_FIELDS];
        for (slot, &(f, v)) in coded.iter_mut().zip(fixed) {
            *slot = (f, self.code(f, v)?);
        }
        self.find_coded(coded.get(..fixed.len())?)
    }

    /// The code of value `v` of field `f` (its place among the field's
    /// values, sorted by text, a respondent without the field last).
    pub fn code(&self, f: usize, v: Option<&str>) -> Option<u32> {
        // Values are sorted (None last): a binary search.
        self.values.get(f)?.binary_search_by(|x| value_order(x.as_deref(), v)).ok().map(|c| c as u32)
    }

    /// The lattice cell with the given `(field index, value code)` pairs
    /// fixed (codes from [`WavePlan::code`]).
    pub fn find_coded(&self, fixed: &[(usize, u32)]) -> Option<u32> {
        let mut level = 0u32;
        let mut codes = [0u32; MAX_FIELDS];
        for &(f, c) in fixed {
            *codes.get_mut(f)? = c;
            level |= 1 << f;
        }
        self.index.get(&cell_key(level, &codes[..self.fields.len().min(MAX_FIELDS)])).copied()
    }

    /// The lattice cell of inner cell `i` at `level`.
    pub fn cell_of(&self, i: u32, level: u32) -> u32 {
        self.cell_of[i as usize * self.levels() + level as usize]
    }

    /// The table of a measure.
    pub fn table(&self, m: Measure) -> &TablePlan {
        &self.tables[self.shape.position(m)]
    }

    /// Count of a measure in a lattice cell.
    pub fn count(&self, cell: u32, m: Measure) -> u64 {
        let t = self.table(m);
        self.cells[cell as usize].members.iter().map(|&i| t.counts[i as usize]).sum()
    }
}

/// The plans of every wave of a data set.
#[derive(Debug, Clone)]
pub struct Plan {
    /// In wave-label order.
    pub waves: Vec<WavePlan>,
}

impl Plan {
    /// The plan of one wave.
    pub fn wave(&self, wave: &str) -> Option<&WavePlan> {
        self.waves.iter().find(|w| w.wave == wave)
    }
}

/// A wave's census cells: each key with its counts (one per measure).
type WaveCells<'c> = Vec<(&'c CensusKey, &'c [u64])>;

impl Plan {
    /// Decide the plan of every wave of a census.
    pub fn build(census: &Census, shape: Shape, min: u32) -> Result<Plan> {
        let segments = census.segment_names();
        if segments.len() + 1 > MAX_FIELDS {
            return Err(Error::Privacy {
                message: format!(
                    "the data has {} segment fields ({}); privacy is planned over every cross of them, which \
                     needs at most {} — declare the segment columns to keep (the mapping's `segments`) and \
                     leave out free-text columns",
                    segments.len(),
                    segments.join(", "),
                    MAX_FIELDS - 1
                ),
            });
        }
        // Each wave's cells, waves in label order. The order of a wave's
        // cells does not matter (its values are sorted and its inner cells
        // ordered by their codes), so they are not sorted by key here.
        let mut by_wave: std::collections::BTreeMap<&str, WaveCells<'_>> = std::collections::BTreeMap::new();
        for (key, counts) in census.raw_cells() {
            by_wave.entry(key.wave.as_str()).or_default().push((key, counts.as_slice()));
        }
        // Waves are planned independently, on every core; the first error
        // in label order is the one returned.
        let by_wave: Vec<(&str, WaveCells<'_>)> = by_wave.into_iter().collect();
        let waves = crate::util::par::map(&by_wave, crate::util::par::threads(), |(wave, cells)| {
            WavePlan::build(wave, &segments, cells, shape, min)
        });
        Ok(Plan { waves: waves.into_iter().collect::<Result<_>>()? })
    }
}

impl WavePlan {
    fn build<'c>(
        wave: &str,
        segments: &[String],
        cells: &[(&'c CensusKey, &'c [u64])],
        shape: Shape,
        min: u32,
    ) -> Result<WavePlan> {
        let mut fields = vec!["side".to_owned()];
        fields.extend(segments.iter().cloned());
        let k = fields.len();
        let levels = 1usize << k;
        // Value codes per field, in sorted value order (None last), so the
        // plan does not depend on the order rows arrived in. Values are
        // borrowed from the keys and coded through a map: a wave holds
        // hundreds of thousands of cells.
        let value_of = |key: &'c CensusKey, f: usize| -> Option<&'c str> {
            if f == 0 {
                Some(key.side.as_str())
            } else {
                key.segments.iter().find(|(n, _)| *n == fields[f]).map(|(_, v)| v.as_str())
            }
        };
        let mut values: Vec<Vec<Option<String>>> = Vec::with_capacity(k);
        let mut codes_of: Vec<FxMap<Option<&str>, u32>> = Vec::with_capacity(k);
        for f in 0..k {
            let distinct: FxSet<Option<&str>> = cells.iter().map(|(key, _)| value_of(key, f)).collect();
            let mut v: Vec<Option<&str>> = distinct.into_iter().collect();
            // Distinct values: unique.
            crate::util::sort::sort_unstable_by(&mut v, |a, b| value_order(*a, *b));
            codes_of.push(v.iter().enumerate().map(|(c, &x)| (x, c as u32)).collect());
            values.push(v.into_iter().map(|x| x.map(str::to_owned)).collect());
        }
        if let Some(f) = (0..k).find(|&f| values[f].len() >= 1 << FIELD_BITS) {
            return Err(Error::Privacy {
                message: format!(
                    "{:?} has {} values in wave {wave:?}; privacy is planned over at most {}",
                    fields[f],
                    values[f].len(),
                    (1 << FIELD_BITS) - 1
                ),
            });
        }
        let mut inner: Vec<(Vec<u32>, &[u64])> =
            cells.iter().map(|(key, c)| ((0..k).map(|f| codes_of[f][&value_of(key, f)]).collect(), *c)).collect();
        drop(codes_of);
        // One code vector per cell (the fields are the side and every segment name): unique.
        crate::util::sort::sort_unstable_by(&mut inner, |a, b| a.0.cmp(&b.0));
        // Lattice cells, level by level.
        let mut index: FxMap<u128, u32> = FxMap::default();
        let mut lattice: Vec<LatticeCell> = Vec::new();
        let mut cell_of = vec![0u32; inner.len() * levels];
        for level in 0..levels as u32 {
            for (i, (codes, _)) in inner.iter().enumerate() {
                let id = *index.entry(cell_key(level, codes)).or_insert_with(|| {
                    let proj = (0..k).filter(|f| level & (1 << f) != 0).map(|f| codes[f]).collect();
                    lattice.push(LatticeCell { level, codes: proj, members: Vec::new() });
                    (lattice.len() - 1) as u32
                });
                lattice[id as usize].members.push(i as u32);
                cell_of[i * levels + level as usize] = id;
            }
        }
        // Cells with the same members: each takes the first.
        let mut first: FxMap<&[u32], u32> = FxMap::default();
        let canon: Vec<u32> =
            lattice.iter().enumerate().map(|(c, cell)| *first.entry(&cell.members).or_insert(c as u32)).collect();
        drop(first);
        let mut plan = WavePlan {
            canon,
            wave: wave.to_owned(),
            fields,
            values,
            inner: inner.iter().map(|(c, _)| c.clone()).collect(),
            cells: lattice,
            cell_of,
            index,
            shape,
            tables: Vec::new(),
            min,
        };
        let n = inner.len();
        let lattice = Lattice::new(&plan);
        let counts: Vec<Vec<u64>> = (0..shape.len()).map(|pos| inner.iter().map(|(_, c)| c[pos]).collect()).collect();
        // Planned at every minimum from the floor up, each plan starting from
        // the one below: what a higher minimum publishes, a lower one does
        // too, so reports at different minimums show no more together than
        // the lowest one alone.
        // Above the wave's respondents every group with anyone in it is
        // small at every count (no count exceeds the respondents): from there
        // up each plan hides what the one below hid and every non-empty cell,
        // all its small cells certified by having every cell holding them
        // hidden, so the plans differ only in their certificates' gains. They
        // are skipped up to `min` itself (a minimum of a million plans once
        // more, not a million times).
        let total: u64 = counts.first().map_or(0, |c| c.iter().sum());
        let mut tables: Vec<TablePlan> = Vec::new();
        let above = u32::try_from(total.saturating_add(1)).unwrap_or(u32::MAX);
        let mut m = crate::options::MIN_GROUP_SIZE_FLOOR.min(min);
        loop {
            tables =
                plan_tables(&plan, &lattice, &counts, n, (!tables.is_empty()).then_some(&tables[..]), u64::from(m));
            if m >= min {
                break;
            }
            m = if m >= above { min } else { m + 1 };
        }
        plan.tables = tables;
        Ok(plan)
    }
}

/// Plan every table of a wave at one minimum.
fn plan_tables(
    plan: &WavePlan,
    lattice: &Lattice,
    counts: &[Vec<u64>],
    n: usize,
    start: Option<&[TablePlan]>,
    min: u64,
) -> Vec<TablePlan> {
    let full = (plan.levels() - 1) as u32;
    let respondents = plan_table(plan, lattice, counts[0].clone(), vec![1; n], None, start.map(|s| &s[0]), min);
    let group_hidden: Vec<bool> = respondents.hidden.iter().map(Option::is_some).collect();
    let shown_inner: Vec<u64> =
        (0..n as u32).map(|i| u64::from(!group_hidden[plan.cell_of(i, full) as usize])).collect();
    let mut tables = vec![respondents];
    for pos in 1..counts.len() {
        if counts[pos] == counts[0]
            && start.is_none_or(|s| {
                s[pos].hidden == s[0].hidden.iter().map(|h| h.map(|_| HiddenBecause::GroupHidden)).collect::<Vec<_>>()
            })
        {
            // The same counts as the respondents: the same plan holds (its
            // certificates need lower bounds of at most 1).
            let mut t = tables[0].clone();
            t.lower = shown_inner.clone();
            for h in t.hidden.iter_mut().flatten() {
                *h = HiddenBecause::GroupHidden;
            }
            tables.push(t);
            continue;
        }
        tables.push(plan_table(
            plan,
            lattice,
            counts[pos].clone(),
            shown_inner.clone(),
            Some(&group_hidden),
            start.map(|s| &s[pos]),
            min,
        ));
    }
    tables
}

/// What the tables of a wave share: inner cells by their codes, and per
/// set of fields `d` the levels a witness over `d` touches.
struct Lattice {
    /// Inner cells by their codes packed 18 bits a field.
    by_packed: FxMap<u128, u32>,
    packed: Vec<u128>,
    /// `meets[d]`: levels fixing some field of `d` (a transfer between two
    /// cells that differ on `d` changes the cells at these levels).
    meets: Vec<u128>,
    /// `covers[d]`: levels fixing every field of `d` (a ±1 box over `d`
    /// changes only the cells at these levels).
    covers: Vec<u128>,
    /// The sets of fields a partner may differ on, nearest first (see
    /// [`Planner::neighbourhoods_by_fields`]).
    near: Vec<u32>,
    /// Per field: the bits of its code in a packed code.
    field_masks: Vec<u128>,
}

impl Lattice {
    fn new(plan: &WavePlan) -> Lattice {
        let levels = plan.levels() as u32;
        let mask =
            |f: &dyn Fn(u32, u32) -> bool, d: u32| (0..levels).filter(|&s| f(s, d)).fold(0u128, |m, s| m | (1 << s));
        let packed: Vec<u128> = plan.inner.iter().map(|c| pack(c)).collect();
        let (full, k) = (levels - 1, plan.fields.len() as u32);
        let mut near: Vec<u32> = (1..=full).filter(|t| t.count_ones() <= 2.min(k)).collect();
        crate::util::sort::sort_by_key(&mut near, |t| (t.count_ones(), *t));
        if k > 2 {
            near.push(full);
        }
        Lattice {
            near,
            field_masks: (0..k).map(|f| ((1u128 << FIELD_BITS) - 1) << (FIELD_BITS * f)).collect(),
            by_packed: packed.iter().enumerate().map(|(i, &c)| (c, i as u32)).collect(),
            packed,
            meets: (0..levels).map(|d| mask(&|s, d| s & d != 0, d)).collect(),
            covers: (0..levels).map(|d| mask(&|s, d| s & d == d, d)).collect(),
        }
    }
}

/// The order of a field's values: text order, a respondent without the
/// field last.
fn value_order(a: Option<&str>, b: Option<&str>) -> std::cmp::Ordering {
    match (a, b) {
        (Some(a), Some(b)) => a.cmp(b),
        (Some(_), None) => std::cmp::Ordering::Less,
        (None, Some(_)) => std::cmp::Ordering::Greater,
        (None, None) => std::cmp::Ordering::Equal,
    }
}

/// Bits per field in a packed code (7 fields × 17 bits, and 7 bits of level).
pub(crate) const FIELD_BITS: u32 = 17;

/// Inner cell codes packed into one number.
pub(crate) fn pack(codes: &[u32]) -> u128 {
    codes.iter().enumerate().fold(0u128, |m, (f, &c)| m | (u128::from(c) << (FIELD_BITS * f as u32)))
}

/// The key of the lattice cell at `level` holding inner codes `codes`.
pub(crate) fn cell_key(level: u32, codes: &[u32]) -> u128 {
    let fixed = codes.iter().enumerate().fold(0u128, |m, (f, &c)| {
        if level & (1 << f) != 0 { m | (u128::from(c) << (FIELD_BITS * f as u32)) } else { m }
    });
    (fixed << 7) | u128::from(level)
}

/// The two kinds of witness between a small cell `p` and a partner `q`
/// that differ on the fields `d`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    /// Move respondents from `q` to `p`: changes the cells at the levels
    /// that fix a field of `d`.
    Transfer,
    /// A box over `d` with `p` and `q` at opposite corners, `+` on corners
    /// an even number of steps from `p`, `−` on the others: changes only
    /// the cells at the levels that fix every field of `d`. Needs every
    /// corner to exist.
    Box,
}

/// One witness: its corners with signs, and the levels it touches.
struct Witness {
    corners: Vec<(u32, i64)>,
    touched: u128,
}

/// Most partners the planner weighs for one small cell from each of its
/// neighbourhoods (nearest first) when it decides what to hide; it checks
/// up to four times as many for a certificate. A wave of at most this many
/// inner cells (the bundled sample has 36) is searched whole.
pub const PER_BLOCK: usize = 64;

/// Respondents already moved out of each cell by earlier witnesses.
#[derive(Default)]
struct Taken(Vec<(u32, u64)>);

impl Taken {
    fn get(&self, c: u32) -> u64 {
        self.0.iter().find(|t| t.0 == c).map_or(0, |t| t.1)
    }
    fn add(&mut self, c: u32, k: u64) {
        match self.0.iter_mut().find(|t| t.0 == c) {
            Some(t) => t.1 += k,
            None => self.0.push((c, k)),
        }
    }
}

struct Planner<'a> {
    plan: &'a WavePlan,
    lat: &'a Lattice,
    levels: usize,
    x: Vec<u64>,
    lower: Vec<u64>,
    cell_count: Vec<u64>,
    hidden: Vec<Option<HiddenBecause>>,
    /// Per inner cell: bit `s` set when its cell at level `s` is hidden.
    hmask: Vec<u128>,
    /// Per lattice cell: what hiding it costs (respondents, a margin of one
    /// field fewer weighing four times as much), 0 once hidden.
    weight: Vec<u64>,
    all: u128,
    /// Per field `f`: the spare respondents of the cells free to give along
    /// `f` (every cell holding them at a level that fixes `f` is hidden), by
    /// the lattice cell of the other fields: a small cell finds its
    /// partners along a field without a scan.
    pools: Vec<FxMap<u32, u64>>,
    /// Per inner cell: the stamp of the last [`Planner::hide_for`] call
    /// that met it among the partners.
    seen: Vec<u32>,
    stamp: u32,
}

impl Planner<'_> {
    fn spare(&self, i: u32) -> u64 {
        self.x[i as usize].saturating_sub(self.lower[i as usize])
    }

    fn hide(&mut self, cell: u32, why: HiddenBecause) {
        if self.hidden[cell as usize].is_some() {
            return;
        }
        self.hidden[cell as usize] = Some(why);
        self.weight[cell as usize] = 0;
        let bit = 1u128 << self.plan.cells[cell as usize].level;
        let full = (self.levels - 1) as u32;
        for mi in 0..self.plan.cells[cell as usize].members.len() {
            let i = self.plan.cells[cell as usize].members[mi];
            let before = self.hmask[i as usize];
            self.hmask[i as usize] |= bit;
            let spare = self.spare(i);
            for f in 0..self.plan.fields.len() {
                let meets = self.lat.meets[1 << f];
                if spare > 0 && before & meets != meets && self.hmask[i as usize] & meets == meets {
                    let block = self.plan.cell_of(i, full & !(1 << f));
                    *self.pools[f].entry(block).or_default() += spare;
                }
            }
        }
    }

    /// Transfers along one field from the pooled partners, when they are
    /// enough for `gain` on their own.
    fn certify_from_pool(&self, p: u32, gain: u64) -> Option<Certificate> {
        let full = (self.levels - 1) as u32;
        let hp = self.hmask[p as usize];
        for f in 0..self.plan.fields.len() {
            let meets = self.lat.meets[1 << f];
            if hp & meets != meets {
                continue;
            }
            let block = self.plan.cell_of(p, full & !(1 << f));
            let pool = self.pools[f].get(&block).copied().unwrap_or_default();
            if pool.saturating_sub(self.spare(p)) < gain {
                continue;
            }
            let mut cert = Certificate { cell: p, gain, transfers: Vec::new(), boxes: Vec::new() };
            let mut got = 0;
            for &q in &self.plan.cells[block as usize].members {
                if q == p || self.spare(q) == 0 || self.hmask[q as usize] & meets != meets {
                    continue;
                }
                let k = self.spare(q).min(gain - got);
                cert.transfers.push((q, k));
                got += k;
                if got >= gain {
                    return Some(cert);
                }
            }
        }
        None
    }

    /// The fields where inner cells `p` and `q` differ.
    fn diff(&self, p: u32, q: u32) -> u32 {
        let x = self.lat.packed[p as usize] ^ self.lat.packed[q as usize];
        // Masks, not shifts: a shift of a 128-bit number by a variable
        // amount costs several instructions and a branch.
        self.lat.field_masks.iter().enumerate().fold(0, |d, (f, &m)| d | (u32::from(x & m != 0) << f))
    }

    /// The witness of `kind` between `p` and `q`, when its corners exist.
    fn witness(&self, p: u32, q: u32, kind: Kind) -> Option<Witness> {
        let d = self.diff(p, q);
        if d == 0 {
            return None;
        }
        match kind {
            Kind::Transfer => Some(Witness { corners: vec![(p, 1), (q, -1)], touched: self.lat.meets[d as usize] }),
            Kind::Box if d.count_ones() >= 2 => {
                let mut corners = Vec::with_capacity(1 << d.count_ones());
                self.each_corner(p, q, d, |id, negative| {
                    corners.push((id, if negative { -1 } else { 1 }));
                    true
                })
                .then_some(Witness { corners, touched: self.lat.covers[d as usize] })
            }
            Kind::Box => None,
        }
    }

    /// Call `f` with each corner of the box over the fields `d` where `p`
    /// and `q` differ (corner `a` takes q's value on the j-th field of `d`
    /// when bit j of `a` is set; `p` first, `q` last) and whether it is an
    /// odd number of steps from `p`. False, early, when a corner does not
    /// exist or `f` returns false.
    fn each_corner(&self, p: u32, q: u32, d: u32, mut f: impl FnMut(u32, bool) -> bool) -> bool {
        let (pp, pq) = (self.lat.packed[p as usize], self.lat.packed[q as usize]);
        let last = (1u32 << d.count_ones()) - 1;
        for a in 0..=last {
            let id = if a == 0 {
                p
            } else if a == last {
                q
            } else {
                let (mut c, mut rest, mut j) = (pp, d, 0);
                while rest != 0 {
                    let field = rest.trailing_zeros();
                    rest &= rest - 1;
                    if a & (1 << j) != 0 {
                        let mask = self.lat.field_masks[field as usize];
                        c = (c & !mask) | (pq & mask);
                    }
                    j += 1;
                }
                match self.lat.by_packed.get(&c) {
                    Some(&id) => id,
                    None => return false,
                }
            };
            if !f(id, a.count_ones() % 2 == 1) {
                return false;
            }
        }
        true
    }

    /// The most it can move given what earlier witnesses took (`taken`).
    fn room(&self, w: &Witness, taken: &Taken) -> u64 {
        w.corners
            .iter()
            .filter(|c| c.1 < 0)
            .map(|&(c, _)| self.spare(c).saturating_sub(taken.get(c)))
            .min()
            .unwrap_or_default()
    }

    /// The partners to try for `p`, nearest first: the inner cells that
    /// agree with `p` on every field but one, then on all but two, then all
    /// of the wave. A cell may come more than once.
    fn neighbourhoods(&self, p: u32) -> impl Iterator<Item = &[u32]> + '_ {
        self.neighbourhoods_by_fields(p).map(|(_, b)| b)
    }

    /// [`Self::neighbourhoods`] with the fields `t` each may differ on.
    fn neighbourhoods_by_fields(&self, p: u32) -> impl Iterator<Item = (u32, &[u32])> + '_ {
        let full = (self.levels - 1) as u32;
        // The cells that agree with p outside t are the members of p's cell
        // at the level of the other fields.
        self.lat
            .near
            .iter()
            .map(move |&t| (t, self.plan.cells[self.plan.cell_of(p, full & !t) as usize].members.as_slice()))
    }

    /// True when some witness between `p` (hidden at the levels `hp`) and a
    /// partner that differs from it only on fields of `t` could be allowed
    /// at `p`'s end: a transfer over some `d ⊆ t` needs every level that
    /// fixes a field of `d` hidden, a box every level that fixes all of `d`.
    /// When false, no partner in that neighbourhood can serve.
    fn may_serve(&self, hp: u128, t: u32) -> bool {
        // Every non-empty subset d of t.
        let mut d = t;
        while d != 0 {
            let meets = self.lat.meets[d as usize];
            let covers = self.lat.covers[d as usize];
            if hp & meets == meets || (d.count_ones() >= 2 && hp & covers == covers) {
                return true;
            }
            d = (d - 1) & t;
        }
        false
    }

    /// A certificate for small inner cell `p` with what is hidden now:
    /// transfers first (two corners, checked without building them), then
    /// boxes; partners nearest first.
    fn certify(&self, p: u32, gain: u64) -> Option<Certificate> {
        let mut cert = Certificate { cell: p, gain, transfers: Vec::new(), boxes: Vec::new() };
        if self.hmask[p as usize] == self.all {
            return Some(cert);
        }
        if let Some(c) = self.certify_from_pool(p, gain) {
            return Some(c);
        }
        let finest = 1u128 << (self.levels - 1);
        let mut taken = Taken::default();
        let mut got = 0;
        let hp = self.hmask[p as usize];
        // Nearest first, at most `4 * PER_BLOCK` partners of each
        // neighbourhood, and none of a neighbourhood where none could serve.
        let blocks = self.neighbourhoods_by_fields(p).filter(|&(t, _)| self.may_serve(hp, t));
        for &q in blocks.flat_map(|(_, b)| b.iter().take(4 * PER_BLOCK)) {
            {
                // Every witness changes q's own cell at the finest level.
                let hq = self.hmask[q as usize];
                if q == p || hq & finest == 0 {
                    continue;
                }
                let d = self.diff(p, q);
                let meets = self.lat.meets[d as usize];
                let covers = self.lat.covers[d as usize];
                let room = self.spare(q).saturating_sub(taken.get(q));
                if room > 0 && hp & meets == meets && hq & meets == meets {
                    let k = room.min(gain - got);
                    taken.add(q, k);
                    cert.transfers.push((q, k));
                    got += k;
                } else if d.count_ones() >= 2 && hp & covers == covers && hq & covers == covers {
                    // A box, checked corner by corner without building it:
                    // every corner must exist and be hidden where the box
                    // changes cells; it moves at most the least room of
                    // the corners it takes from.
                    let mut room = u64::MAX;
                    let allowed = self.each_corner(p, q, d, |c, negative| {
                        if negative {
                            room = room.min(self.spare(c).saturating_sub(taken.get(c)));
                        }
                        self.hmask[c as usize] & covers == covers
                    });
                    if !allowed {
                        continue;
                    }
                    let k = room.min(gain - got);
                    if k == 0 {
                        continue;
                    }
                    self.each_corner(p, q, d, |c, negative| {
                        if negative {
                            taken.add(c, k);
                        }
                        true
                    });
                    cert.boxes.push((q, k));
                    got += k;
                }
                if got >= gain {
                    return Some(cert);
                }
            }
        }
        None
    }

    /// Hide what makes a certificate for `p` possible at the least cost:
    /// the witnesses that need the fewest respondents newly hidden.
    fn hide_for(&mut self, p: u32, gain: u64) {
        let shown_cells = |this: &Self, cells: &mut Vec<u32>, i: u32, touched: u128| {
            for s in 0..this.levels as u32 {
                if touched & (1u128 << s) != 0 {
                    let c = this.plan.cell_of(i, s);
                    if this.hidden[c as usize].is_none() && !cells.contains(&c) {
                        cells.push(c);
                    }
                }
            }
        };
        // Respondents newly hidden, a cell with the same members as another
        // counted once, and weighted so that a cross of more fields is
        // hidden before a margin people read first.
        let cost = |this: &Self, cells: &[u32]| {
            let mut seen: Vec<u32> = Vec::new();
            let mut total = 0u64;
            for &c in cells {
                let canon = this.plan.canon[c as usize];
                if !seen.contains(&canon) {
                    seen.push(canon);
                    let fixed = this.plan.cells[c as usize].level.count_ones() as u64;
                    total += this.cell_count[c as usize] << (2 * (this.plan.fields.len() as u64 - fixed));
                }
            }
            total
        };
        // Last resort: every cell holding p, the wave total included.
        let mut last = Vec::new();
        shown_cells(self, &mut last, p, self.all);
        // Each witness priced without building it: the weighted respondents
        // of the shown cells it needs hidden (a cell counted once per corner).
        let price = |this: &Self, i: u32, touched: u128| -> u64 {
            let mut t = touched & !this.hmask[i as usize];
            let mut sum = 0;
            while t != 0 {
                let s = t.trailing_zeros();
                t &= t - 1;
                sum += this.weight[this.plan.cell_of(i, s) as usize];
            }
            sum
        };
        let mut own = vec![u64::MAX; self.levels];
        let mut priced: Vec<(u64, u64, u32, Kind)> = Vec::new();
        // Partners nearest first, at most `PER_BLOCK` of each neighbourhood
        // (the cheapest witnesses are among the near ones; the last resort
        // always exists).
        // A cell met in an earlier neighbourhood is skipped: marked with
        // this call's stamp (a set built per call cost more than the rest).
        self.stamp += 1;
        let stamp = self.stamp;
        let mut seen = std::mem::take(&mut self.seen);
        let mut first_time = |q: u32| std::mem::replace(&mut seen[q as usize], stamp) != stamp;
        let candidates: Vec<u32> = self
            .neighbourhoods(p)
            .flat_map(|b| b.iter().copied().filter(|&q| first_time(q)).take(PER_BLOCK).collect::<Vec<_>>())
            .collect();
        self.seen = seen;
        for q in candidates {
            let d = self.diff(p, q);
            if d == 0 || self.spare(q) == 0 {
                continue;
            }
            let meets = self.lat.meets[d as usize];
            if own[d as usize] == u64::MAX {
                own[d as usize] = price(self, p, meets);
            }
            priced.push((own[d as usize] + price(self, q, meets), self.spare(q), q, Kind::Transfer));
            if d.count_ones() >= 2
                && let Some(w) = self.witness(p, q, Kind::Box)
            {
                let room = self.room(&w, &Taken::default());
                if room > 0 {
                    let cost = w.corners.iter().map(|&(c, _)| price(self, c, w.touched)).sum();
                    priced.push((cost, room, q, Kind::Box));
                }
            }
        }
        priced.sort_unstable_by(|a, b| a.0.cmp(&b.0).then(b.1.cmp(&a.1)).then(a.2.cmp(&b.2)));
        let mut options: Vec<(u64, u64, u32, Vec<u32>, Witness)> = Vec::new();
        let mut room_so_far = 0;
        for &(c, room, q, kind) in &priced {
            // Enough candidates to cover the gain twice over (shared corners
            // give less together than apart), and never fewer than 16.
            if room_so_far >= 2 * gain && options.len() >= 16 {
                break;
            }
            let Some(w) = self.witness(p, q, kind) else { continue };
            let mut cells = Vec::new();
            for &(corner, _) in &w.corners {
                shown_cells(self, &mut cells, corner, w.touched);
            }
            room_so_far += room;
            options.push((c, room, q, cells, w));
        }
        options.sort_unstable_by(|a, b| a.0.cmp(&b.0).then(b.1.cmp(&a.1)).then(a.2.cmp(&b.2)));
        let mut chosen: Vec<u32> = Vec::new();
        let mut got = 0;
        // Witnesses that share a corner draw on the same spare respondents.
        let mut taken = Taken::default();
        let last_cost = cost(self, &last);
        for (_, _, _, cells, w) in &options {
            let k = self.room(w, &taken).min(gain - got);
            if k == 0 {
                continue;
            }
            for &(c, sign) in &w.corners {
                if sign < 0 {
                    taken.add(c, k);
                }
            }
            for &c in cells {
                if !chosen.contains(&c) {
                    chosen.push(c);
                }
            }
            got += k;
            if got >= gain || cost(self, &chosen) >= last_cost {
                break;
            }
        }
        let pick = if got >= gain && cost(self, &chosen) < last_cost { chosen } else { last };
        for c in pick {
            self.hide(c, HiddenBecause::Complementary);
        }
    }
}

fn plan_table(
    plan: &WavePlan,
    lat: &Lattice,
    x: Vec<u64>,
    lower: Vec<u64>,
    forced: Option<&[bool]>,
    start: Option<&TablePlan>,
    min: u64,
) -> TablePlan {
    let levels = plan.levels();
    let cell_count: Vec<u64> = plan.cells.iter().map(|c| c.members.iter().map(|&i| x[i as usize]).sum()).collect();
    let initial: Vec<Option<HiddenBecause>> = cell_count
        .iter()
        .enumerate()
        .map(|(c, &n)| {
            if forced.is_some_and(|f| f[c]) {
                Some(HiddenBecause::GroupHidden)
            } else if n > 0 && n < min {
                Some(HiddenBecause::Small)
            } else if start.is_some_and(|s| s.hidden[c].is_some()) {
                Some(HiddenBecause::Complementary)
            } else {
                None
            }
        })
        .collect();
    let weight = plan
        .cells
        .iter()
        .zip(&cell_count)
        .map(|(c, &n)| n << (2 * (plan.fields.len() as u64 - u64::from(c.level.count_ones()))))
        .collect();
    let mut p = Planner {
        plan,
        lat,
        levels,
        x,
        lower,
        cell_count,
        hidden: vec![None; plan.cells.len()],
        hmask: vec![0; plan.inner.len()],
        weight,
        all: if levels == 128 { u128::MAX } else { (1u128 << levels) - 1 },
        pools: vec![FxMap::default(); plan.fields.len()],
        seen: vec![0; plan.inner.len()],
        stamp: 0,
    };
    for (c, h) in initial.into_iter().enumerate() {
        if let Some(h) = h {
            p.hide(c as u32, h);
        }
    }
    let mut certificates = Vec::new();
    for i in 0..plan.inner.len() as u32 {
        let n = p.x[i as usize];
        if n == 0 || n >= min {
            continue;
        }
        let gain = min - n;
        let mut tries = 0;
        let cert = loop {
            if let Some(c) = p.certify(i, gain) {
                break c;
            }
            if tries == 3 {
                // Hiding every cell that holds `i` always certifies it.
                for s in 0..levels as u32 {
                    p.hide(plan.cell_of(i, s), HiddenBecause::Complementary);
                }
                break Certificate { cell: i, gain, transfers: Vec::new(), boxes: Vec::new() };
            }
            p.hide_for(i, gain);
            tries += 1;
        };
        certificates.push(cert);
    }
    TablePlan { hidden: p.hidden, counts: p.x, lower: p.lower, certificates: certificates.into() }
}
