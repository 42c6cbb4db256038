//! Aggregates that merge: every group's figures as sufficient statistics.
//!
//! [`Aggregates`] holds, for each finest cell (wave × the values of every
//! `by` field), a [`GroupStats`]: respondent count, answer histograms per
//! item, mergeable moments of per-respondent dimension scores and of the
//! overall index, favourable counts, and the co-moments reliability needs.
//! Memory grows with the number of cells, never with the number of
//! respondents, so a file is scored in one streaming pass. Two aggregates
//! built from disjoint inputs [`Aggregates::merge`] into the aggregate of the
//! union (counts exactly, moments up to rounding): chunks can be scored on
//! several threads or machines and combined. Margins (a side, a department,
//! the wave total) are built by merging cells, so they are exactly
//! consistent with the cells they contain.
//!
//! ```
//! use rapport::{Aggregates, Instrument, ScoreOptions, sample};
//! let inst = Instrument::default();
//! let records = sample::generate(&inst, &sample::SampleOptions::default());
//! let (a, b) = records.split_at(records.len() / 2);
//! let opts = ScoreOptions::default();
//! let mut left = Aggregates::new(&inst, &opts).unwrap();
//! a.iter().for_each(|r| left.add(r));
//! let mut right = Aggregates::new(&inst, &opts).unwrap();
//! b.iter().for_each(|r| right.add(r));
//! left.merge(right).unwrap();
//! assert_eq!(left.respondents(), records.len() as u64);
//! ```

pub mod census;
pub mod columnar;
pub mod packer;
pub mod respondents;
pub(crate) mod rows;
pub mod saved;

use crate::error::{Error, Result};
use crate::ingest::response::{Cell, Record};
use crate::instrument::{Instrument, OutcomeRole};
use crate::options::{HundredScale, ScoreOptions};
use crate::stats::{FixedCoMoments, FixedMoments, PairwiseCoMoments, SumCoMoments};
use census::{Census, CensusKey, Shape};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::hash::BuildHasherDefault;

/// Answer counts of one item in one group.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ItemStats {
    /// Not answered.
    pub missing: u64,
    /// Answered "not applicable".
    pub not_applicable: u64,
    /// Count per raw scale point (or per option, for choice items), lowest first.
    pub histogram: Vec<u64>,
}

impl ItemStats {
    fn new(points: usize) -> Self {
        ItemStats { missing: 0, not_applicable: 0, histogram: vec![0; points] }
    }
    /// Number of answers (scale points or options).
    pub fn answered(&self) -> u64 {
        self.histogram.iter().sum()
    }
    fn merge(&mut self, o: &ItemStats) {
        self.missing += o.missing;
        self.not_applicable += o.not_applicable;
        for (a, b) in self.histogram.iter_mut().zip(&o.histogram) {
            *a += b;
        }
    }
}

/// Sufficient statistics of one dimension in one group.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct DimensionStats {
    /// Respondents in the group (answered or not; pingouin's `n` for
    /// pairwise reliability).
    pub respondents: u64,
    /// Per-respondent dimension scores on 0–100 (exact sums: merging is
    /// order-free; [`FixedMoments::moments`] gives mean and M2).
    pub score: FixedMoments,
    /// Scored respondents whose keyed mean reaches the favourable cut.
    pub favourable_respondents: u64,
    /// Scored respondents whose keyed mean is at or below the unfavourable cut.
    pub unfavourable_respondents: u64,
    /// Answers to the dimension's items (all respondents).
    pub answers: u64,
    /// Of those, favourable after reverse keying.
    pub favourable_answers: u64,
    /// Of those, unfavourable after reverse keying.
    pub unfavourable_answers: u64,
    /// Keyed item values of respondents who answered every item.
    pub listwise: SumCoMoments,
    /// Keyed item values of respondents who skipped some item, pairwise
    /// complete (complete answers are in `listwise` only; [`DimensionStats::pairwise`]
    /// adds them back).
    pub pairwise_incomplete: PairwiseCoMoments,
}

impl DimensionStats {
    /// Empty statistics for a dimension of `k` items.
    pub fn new(k: usize) -> Self {
        DimensionStats {
            listwise: SumCoMoments::new(k),
            pairwise_incomplete: PairwiseCoMoments::new(k),
            ..Default::default()
        }
    }

    /// Add one respondent's keyed (reverse-scored) item values to the
    /// reliability co-moments: every respondent counts; complete answers
    /// feed the listwise sums, incomplete ones the pairwise sums of the
    /// pairs they answered. `None` is missing or not applicable.
    pub fn push_keyed(&mut self, keyed: &[Option<f64>]) {
        self.respondents += 1;
        if keyed.iter().all(Option::is_some) {
            let mut buf = [0.0f64; 32];
            let mut heap;
            let full: &mut [f64] = if keyed.len() <= buf.len() {
                &mut buf[..keyed.len()]
            } else {
                heap = vec![0.0; keyed.len()];
                &mut heap
            };
            for (f, x) in full.iter_mut().zip(keyed) {
                *f = x.unwrap_or_default();
            }
            self.listwise.push(full);
        } else {
            self.pairwise_incomplete.push(keyed);
        }
    }

    /// Pairwise-complete co-moments over every respondent: the incomplete
    /// answers' pairs plus the complete answers' sums (exact: the sums of
    /// whole numbers add without rounding).
    pub fn pairwise(&self) -> PairwiseCoMoments {
        let mut p = self.pairwise_incomplete.clone();
        p.add_complete(&self.listwise);
        p
    }

    fn merge(&mut self, o: &DimensionStats) {
        self.respondents += o.respondents;
        self.score.merge(&o.score);
        self.favourable_respondents += o.favourable_respondents;
        self.unfavourable_respondents += o.unfavourable_respondents;
        self.answers += o.answers;
        self.favourable_answers += o.favourable_answers;
        self.unfavourable_answers += o.unfavourable_answers;
        self.listwise.merge(&o.listwise);
        self.pairwise_incomplete.merge(&o.pairwise_incomplete);
    }
}

/// Everything rapport knows about one group of respondents.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct GroupStats {
    /// Respondents in the group.
    pub respondents: u64,
    /// Per agreement item.
    pub items: Vec<ItemStats>,
    /// Per outcome item.
    pub outcomes: Vec<ItemStats>,
    /// Per dimension.
    pub dimensions: Vec<DimensionStats>,
    /// Per-respondent overall index (0–100), respondents scored on every
    /// dimension (exact sums, like the dimension scores).
    pub index: FixedMoments,
    /// Dimension scores (0–100) and the overall rating above its scale's
    /// minimum, of respondents with all of them, for driver analysis (empty
    /// when the instrument has no overall item; exact sums).
    #[serde(default)]
    pub drivers: FixedCoMoments,
}

impl GroupStats {
    /// Whether every count fits the group's respondents, as in statistics
    /// built from responses: an item's answers, missing and not-applicable
    /// counts and a dimension's respondent counts at most the respondents,
    /// its answers at most the respondents times its items. Saved
    /// aggregates that break it are refused when read: sums of their counts
    /// could pass 64 bits.
    fn counts_fit(&self) -> bool {
        let r = self.respondents;
        let items = self.items.iter().chain(&self.outcomes).all(|s| {
            let answered = s.histogram.iter().try_fold(0u64, |a, &x| a.checked_add(x));
            s.missing <= r && s.not_applicable <= r && answered.is_some_and(|a| a <= r)
        });
        let dimensions = self.dimensions.iter().all(|d| {
            let answers = r.saturating_mul(d.listwise.k().max(1) as u64);
            [d.respondents, d.favourable_respondents, d.unfavourable_respondents, d.score.n, d.listwise.n]
                .into_iter()
                .chain([d.pairwise_incomplete.max_n()])
                .all(|n| n <= r)
                && [d.answers, d.favourable_answers, d.unfavourable_answers].into_iter().all(|n| n <= answers)
        });
        items && dimensions && self.index.n <= r && self.drivers.n <= r
    }

    /// Empty statistics shaped for an instrument.
    pub fn new(instrument: &Instrument) -> Self {
        let items = (0..instrument.items().len()).map(|i| ItemStats::new(instrument.item_scale(i).points())).collect();
        let outcomes = instrument
            .outcomes()
            .iter()
            .enumerate()
            .map(|(o, out)| ItemStats::new(instrument.outcome_scale(o).map_or(out.options.len(), |s| s.points())))
            .collect();
        let dimensions = (0..instrument.dimensions().len())
            .map(|d| DimensionStats::new(instrument.dimension_items(d).len()))
            .collect();
        let k = instrument.dimensions().len();
        let drivers = if instrument.outcome_by_role(OutcomeRole::Overall).is_some() {
            FixedCoMoments::new(k + 1)
        } else {
            FixedCoMoments::new(0)
        };
        GroupStats { respondents: 0, items, outcomes, dimensions, index: FixedMoments::default(), drivers }
    }

    /// Combine with the statistics of a disjoint group.
    pub fn merge(&mut self, o: &GroupStats) {
        self.respondents += o.respondents;
        for (a, b) in self.items.iter_mut().zip(&o.items) {
            a.merge(b);
        }
        for (a, b) in self.outcomes.iter_mut().zip(&o.outcomes) {
            a.merge(b);
        }
        for (a, b) in self.dimensions.iter_mut().zip(&o.dimensions) {
            a.merge(b);
        }
        self.index.merge(&o.index);
        self.drivers.merge(&o.drivers);
    }
}

/// A finest cell: wave and the value of every `by` field (`None` when the
/// response does not carry that segment).
#[derive(Debug, Clone, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct CellKey {
    /// Wave label.
    pub wave: String,
    /// One value per `by` field, in the order of [`ScoreOptions::by`].
    pub values: Vec<Option<String>>,
}

/// Mergeable aggregates of a whole input, by cell. See the module docs.
///
/// Aggregates read back from JSON are checked like freshly built ones: the
/// options are validated (a minimum group size below 3 is refused), every
/// cell must have the instrument's shape, and the census must fit.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(try_from = "AggregatesData")]
pub struct Aggregates {
    #[serde(with = "instrument_json")]
    instrument: Instrument,
    options: ScoreOptions,
    /// The finest cells, in the order they were first seen (a list of
    /// pairs, so the aggregates have a JSON form).
    cells: Vec<(CellKey, GroupStats)>,
    /// Per `by` field: whether any response carried it.
    by_seen: Vec<bool>,
    /// Counts per finest cell of every field, for the publication plan.
    #[serde(default)]
    census: Census,
    /// Where each cell is in `cells` (rebuilt after deserialization).
    #[serde(skip)]
    index: HashMap<CellKey, usize, BuildHasherDefault<FxHasher>>,
    /// Reused lookup key (not part of the statistics).
    #[serde(skip)]
    scratch: CellKey,
    /// The instrument's facts the per-row loop needs (built on first use).
    #[serde(skip)]
    layout: Option<Layout>,
}

/// The serialized form of [`Aggregates`], checked on the way in.
#[derive(Deserialize)]
struct AggregatesData {
    #[serde(with = "instrument_json")]
    instrument: Instrument,
    options: ScoreOptions,
    cells: Vec<(CellKey, GroupStats)>,
    by_seen: Vec<bool>,
    #[serde(default)]
    census: Census,
}

impl TryFrom<AggregatesData> for Aggregates {
    type Error = Error;
    fn try_from(d: AggregatesData) -> Result<Aggregates> {
        d.options.validate()?;
        let bad = |what: String| Error::Json {
            document: crate::error::JsonDocument::Aggregates,
            message: format!("{what}, not aggregates as rapport writes them"),
            line: None,
            column: None,
        };
        if d.by_seen.len() != d.options.by.len() {
            return Err(bad(format!("{} by fields seen for {} by fields", d.by_seen.len(), d.options.by.len())));
        }
        let empty = GroupStats::new(&d.instrument);
        for (k, g) in &d.cells {
            let shaped = k.values.len() == d.options.by.len()
                && g.items.len() == empty.items.len()
                && g.outcomes.len() == empty.outcomes.len()
                && g.dimensions.len() == empty.dimensions.len()
                && g.items.iter().zip(&empty.items).all(|(a, b)| a.histogram.len() == b.histogram.len())
                && g.outcomes.iter().zip(&empty.outcomes).all(|(a, b)| a.histogram.len() == b.histogram.len())
                && g.dimensions.iter().zip(&empty.dimensions).all(|(a, b)| {
                    let k = b.listwise.k();
                    a.listwise.well_formed(k) && a.pairwise_incomplete.well_formed(k)
                })
                && g.drivers.well_formed(empty.drivers.k());
            if !shaped {
                return Err(bad(format!("a cell of wave {:?} that does not fit the instrument", k.wave)));
            }
        }
        // Counts bounded as the census is (its sums stay within 64 bits).
        let mut respondents = 0u64;
        for (k, g) in &d.cells {
            respondents = respondents.saturating_add(g.respondents);
            if !g.counts_fit() || respondents > census::MAX_RESPONDENTS {
                return Err(bad(format!("a cell of wave {:?} with counts that do not fit its respondents", k.wave)));
            }
        }
        d.census.check(census_shape(&d.instrument).len()).map_err(bad)?;
        let index: HashMap<CellKey, usize, BuildHasherDefault<FxHasher>> =
            d.cells.iter().enumerate().map(|(i, (k, _))| (k.clone(), i)).collect();
        if index.len() != d.cells.len() {
            return Err(bad("a cell listed twice".into()));
        }
        Ok(Aggregates {
            instrument: d.instrument,
            options: d.options,
            cells: d.cells,
            by_seen: d.by_seen,
            census: d.census,
            index,
            scratch: CellKey::default(),
            layout: None,
        })
    }
}

mod instrument_json {
    use crate::instrument::Instrument;
    use serde::{Deserialize, Deserializer, Serialize, Serializer};
    pub fn serialize<S: Serializer>(i: &Instrument, s: S) -> Result<S::Ok, S::Error> {
        i.serialize(s)
    }
    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Instrument, D::Error> {
        Instrument::deserialize(d)
    }
}

pub(crate) use crate::util::hash::FxHasher;

impl Aggregates {
    /// Empty aggregates for an instrument and options (options are validated).
    pub fn new(instrument: &Instrument, options: &ScoreOptions) -> Result<Self> {
        options.validate()?;
        Ok(Aggregates {
            instrument: instrument.clone(),
            options: options.clone(),
            cells: Vec::new(),
            by_seen: vec![false; options.by.len()],
            census: Census::default(),
            index: HashMap::default(),
            scratch: CellKey::default(),
            layout: None,
        })
    }

    /// The counts per finest cell of every field (side and every segment),
    /// which the publication plan is decided over.
    pub fn census(&self) -> &Census {
        &self.census
    }

    /// The census's counts per cell, as [`crate::privacy::Measure`]s.
    pub fn census_shape(&self) -> Shape {
        census_shape(&self.instrument)
    }

    /// Add counts to the census (readers that group rows themselves).
    pub(crate) fn census_add(&mut self, key: &CensusKey, counts: &[u64]) {
        self.census.add(key, counts);
    }

    /// [`Census::add_distinct`] on the aggregates' census.
    #[cfg_attr(target_arch = "wasm32", allow(dead_code))]
    pub(crate) fn census_add_distinct(&mut self, cells: impl ExactSizeIterator<Item = (CensusKey, Vec<u64>)>) {
        self.census.add_distinct(cells);
    }

    /// The instrument.
    pub fn instrument(&self) -> &Instrument {
        &self.instrument
    }
    /// The options.
    pub fn options(&self) -> &ScoreOptions {
        &self.options
    }
    /// The finest cells and their statistics, in key order (wave, then the
    /// `by` values).
    #[cfg(not(target_arch = "wasm32"))]
    pub fn cells(&self) -> impl Iterator<Item = (&CellKey, &GroupStats)> + '_ {
        self.key_order().into_iter().map(|i| {
            let (k, g) = &self.cells[i as usize];
            (k, g)
        })
    }

    /// The finest cells and their statistics, in key order (wave, then the
    /// `by` values).
    #[cfg(target_arch = "wasm32")]
    pub fn cells(&self) -> impl Iterator<Item = (&CellKey, &GroupStats)> + '_ {
        let mut sorted: Vec<(&CellKey, &GroupStats)> = self.cells.iter().map(|(k, g)| (k, g)).collect();
        // Keys of a map: unique.
        crate::util::sort::sort_unstable_by(&mut sorted, |a, b| a.0.cmp(b.0));
        sorted.into_iter()
    }

    /// The positions of the cells in key order (keys of a map: unique).
    /// Each key is written as ranks — the wave's among the waves, each
    /// value's among its field's values, no value first as `Option` orders
    /// it — so sorting compares numbers instead of texts: the same order,
    /// with one text comparison per distinct value instead of several per
    /// cell (hundreds of thousands of cells at tens of thousands of
    /// departments).
    #[cfg(not(target_arch = "wasm32"))]
    fn key_order(&self) -> Vec<u32> {
        let width = 1 + self.options.by.len();
        let mut order: Vec<u32> = (0..self.cells.len() as u32).collect();
        if self.cells.iter().any(|(k, _)| k.values.len() + 1 != width) {
            // Not the options' shape (never for checked aggregates): texts.
            order.sort_unstable_by(|&a, &b| self.cells[a as usize].0.cmp(&self.cells[b as usize].0));
            return order;
        }
        let mut ranks = vec![0u32; self.cells.len() * width];
        for col in 0..width {
            fn at(k: &CellKey, col: usize) -> Option<&str> {
                if col == 0 { Some(k.wave.as_str()) } else { k.values[col - 1].as_deref() }
            }
            let mut index: crate::util::hash::FxMap<&str, u32> = Default::default();
            for (k, _) in &self.cells {
                if let Some(v) = at(k, col) {
                    index.entry(v).or_insert(0);
                }
            }
            let mut distinct: Vec<&str> = index.keys().copied().collect();
            distinct.sort_unstable();
            for (r, v) in distinct.iter().enumerate() {
                index.insert(v, r as u32 + 1);
            }
            for (i, (k, _)) in self.cells.iter().enumerate() {
                ranks[i * width + col] = at(k, col).map_or(0, |v| index[v]);
            }
        }
        let key = |i: u32| &ranks[i as usize * width..][..width];
        order.sort_unstable_by(|&a, &b| key(a).cmp(key(b)));
        order
    }
    /// Whether any response carried each `by` field.
    pub fn by_seen(&self) -> &[bool] {
        &self.by_seen
    }
    /// Whether every `by` field is `side` or a field some response
    /// carried: otherwise an [`Error::InvalidOption`] for `by` naming the
    /// first unknown field and the fields the data has. Nothing aggregated
    /// yet: `Ok`. What [`Scorer::check_by`](crate::Scorer::check_by) checks,
    /// here for saved aggregates too (`rapport report --aggregates`).
    pub fn check_by(&self) -> Result<()> {
        if self.respondents() == 0 {
            return Ok(());
        }
        let by = &self.options.by;
        let Some(unknown) =
            by.iter().zip(&self.by_seen).find(|(f, seen)| !**seen && f.as_str() != "side").map(|(f, _)| f)
        else {
            return Ok(());
        };
        let fields = self.census().segment_names();
        let expected = if fields.is_empty() {
            "side (the data has no segment field)".to_owned()
        } else {
            format!("side or a segment field of the data ({})", fields.join(", "))
        };
        Err(Error::InvalidOption { name: "by".into(), expected, found: crate::error::echo(unknown) })
    }
    /// Total respondents accumulated.
    pub fn respondents(&self) -> u64 {
        self.cells.iter().map(|(_, g)| g.respondents).sum()
    }

    /// The position of the cell `key` in `cells`, opening it when new.
    fn cell(&mut self, key: &CellKey) -> usize {
        if self.index.len() != self.cells.len() {
            // Deserialized aggregates come without their index.
            self.index = self.cells.iter().enumerate().map(|(i, (k, _))| (k.clone(), i)).collect();
        }
        if let Some(&i) = self.index.get(key) {
            return i;
        }
        self.cells.push((key.clone(), GroupStats::new(&self.instrument)));
        self.index.insert(key.clone(), self.cells.len() - 1);
        self.cells.len() - 1
    }

    /// Merge the statistics of one cell (from a disjoint input) into the cell `key`.
    pub(crate) fn merge_cell(&mut self, key: &CellKey, stats: &GroupStats) {
        for (f, v) in key.values.iter().enumerate() {
            if v.is_some() {
                self.by_seen[f] = true;
            }
        }
        let i = self.cell(key);
        self.cells[i].1.merge(stats);
    }

    /// [`Aggregates::merge_cell`] taking the statistics: a new cell keeps
    /// them as they are (no copy while both are alive).
    #[cfg_attr(target_arch = "wasm32", allow(dead_code))]
    pub(crate) fn merge_cell_owned(&mut self, key: CellKey, stats: GroupStats) {
        for (f, v) in key.values.iter().enumerate() {
            if v.is_some() {
                self.by_seen[f] = true;
            }
        }
        if self.index.len() != self.cells.len() {
            self.index = self.cells.iter().enumerate().map(|(i, (k, _))| (k.clone(), i)).collect();
        }
        match self.index.get(&key) {
            Some(&i) => self.cells[i].1.merge(&stats),
            None => {
                self.index.insert(key.clone(), self.cells.len());
                self.cells.push((key, stats));
            }
        }
    }

    /// [`Aggregates::merge_cell_owned`] for every cell of a read (each key
    /// once). Into empty aggregates, the first read's, the cells are taken
    /// as they are and their index is built only when a later merge needs
    /// it (a report never does).
    #[cfg_attr(target_arch = "wasm32", allow(dead_code))]
    pub(crate) fn merge_cells_owned(&mut self, cells: impl ExactSizeIterator<Item = (CellKey, GroupStats)>) {
        if !self.cells.is_empty() {
            return cells.for_each(|(k, g)| self.merge_cell_owned(k, g));
        }
        self.cells.reserve(cells.len());
        for (key, stats) in cells {
            for (f, v) in key.values.iter().enumerate() {
                if v.is_some() {
                    self.by_seen[f] = true;
                }
            }
            self.cells.push((key, stats));
        }
        self.index.clear();
    }

    /// Add one validated record. The record must have been validated
    /// against the same instrument (one cell per slot).
    pub fn add(&mut self, rec: &Record) {
        debug_assert_eq!(rec.cells.len(), self.instrument.slot_count());
        // Reuse one key (its strings keep their capacity) to find the cell:
        // a row allocates only when it opens a new cell.
        let mut key = std::mem::take(&mut self.scratch);
        key.wave.clear();
        key.wave.push_str(&rec.wave);
        key.values.resize(self.options.by.len(), None);
        for (f, field) in self.options.by.iter().enumerate() {
            let v: Option<&str> = if field == "side" {
                Some(rec.side.as_str())
            } else {
                rec.segments.get(field).map(String::as_str).filter(|s| !s.trim().is_empty())
            };
            match (v, &mut key.values[f]) {
                (Some(v), Some(slot)) => {
                    slot.clear();
                    slot.push_str(v);
                }
                (Some(v), slot) => *slot = Some(v.to_owned()),
                (None, slot) => *slot = None,
            }
            if v.is_some() {
                self.by_seen[f] = true;
            }
        }
        let i = self.cell(&key);
        self.scratch = key;
        let layout = self.layout.get_or_insert_with(|| Layout::new(&self.instrument, &self.options));
        accumulate(&mut self.cells[i].1, layout, &rec.cells);
        let mut counts = vec![0u64; layout.census_len()];
        layout.count_row(&rec.cells, &mut counts);
        let census_key = CensusKey {
            wave: rec.wave.clone(),
            side: rec.side,
            segments: rec
                .segments
                .iter()
                .filter(|(_, v)| !v.trim().is_empty())
                .map(|(k, v)| (k.clone(), v.clone()))
                .collect(),
        };
        self.census.add(&census_key, &counts);
    }

    /// Add many records on all cores: each thread accumulates its own
    /// aggregates and the results are merged (the same figures as adding
    /// them one by one, up to floating-point rounding). Needs the `parallel`
    /// feature; not available on `wasm32-unknown-unknown`.
    #[cfg(feature = "parallel")]
    pub fn add_parallel(&mut self, records: &[Record]) {
        use rayon::prelude::*;
        let empty = || Aggregates {
            instrument: self.instrument.clone(),
            options: self.options.clone(),
            cells: Vec::new(),
            by_seen: vec![false; self.by_seen.len()],
            census: Census::default(),
            index: HashMap::default(),
            scratch: CellKey::default(),
            layout: None,
        };
        let combined = records
            .par_chunks(4096)
            .fold(empty, |mut acc, chunk| {
                chunk.iter().for_each(|r| acc.add(r));
                acc
            })
            .reduce(empty, |mut a, b| {
                a.merge_same(b);
                a
            });
        self.merge_same(combined);
    }

    /// Merge aggregates known to share instrument and options.
    fn merge_same(&mut self, other: Aggregates) {
        for (s, o) in self.by_seen.iter_mut().zip(&other.by_seen) {
            *s |= *o;
        }
        for (k, g) in other.cells {
            let i = self.cell(&k);
            self.cells[i].1.merge(&g);
        }
        self.census.merge(&other.census);
    }

    /// Merge aggregates of a disjoint input (same instrument and options).
    pub fn merge(&mut self, other: Aggregates) -> Result<()> {
        if other.instrument != self.instrument {
            return Err(Error::InvalidArgument {
                name: "aggregates to merge".into(),
                expected: format!("aggregates of instrument {} {}", self.instrument.id(), self.instrument.version()),
                found: format!("{} {}", other.instrument.id(), other.instrument.version()),
            });
        }
        if other.options != self.options {
            return Err(Error::InvalidArgument {
                name: "aggregates to merge".into(),
                expected: "aggregates built with the same scoring options".into(),
                found: "different options".into(),
            });
        }
        self.merge_same(other);
        Ok(())
    }
}

fn hundred(options: &ScoreOptions, min: i32, max: i32, x: f64) -> f64 {
    match options.hundred_scale {
        HundredScale::MinMax => (x - f64::from(min)) / f64::from(max - min) * 100.0,
        HundredScale::RatioToMax => x / f64::from(max) * 100.0,
    }
}

/// Map a keyed scale mean to 0–100 under the chosen option.
pub(crate) fn to_hundred(options: &ScoreOptions, min: i32, max: i32, x: f64) -> f64 {
    hundred(options, min, max, x)
}

/// What the per-row loop needs to know about the instrument and options,
/// looked up once instead of on every row.
#[derive(Debug, Clone)]
pub(crate) struct Layout {
    /// Per agreement item: the lowest point of its scale (histogram offset).
    item_min: Vec<i32>,
    /// Per outcome item: the value of its lowest histogram bin (the scale's
    /// minimum, or 0 for choice items, whose values are option indices).
    outcome_base: Vec<i32>,
    dims: Vec<DimLayout>,
    /// Slot of the overall rating and its scale's minimum, when driver
    /// co-moments are kept.
    overall: Option<(usize, f64)>,
    options: ScoreOptions,
}

#[derive(Debug, Clone)]
struct DimLayout {
    /// (slot, weight, reverse keyed) of each item, in dimension order.
    items: Vec<(usize, f64, bool)>,
    min: i32,
    max: i32,
    favourable: f64,
    unfavourable: f64,
    /// Fewest answered items for a dimension score.
    needed: usize,
    weight: f64,
}

impl Layout {
    pub(crate) fn new(instrument: &Instrument, options: &ScoreOptions) -> Self {
        let n_items = instrument.items().len();
        let dims = (0..instrument.dimensions().len())
            .map(|d| {
                let scale = instrument.dimension_scale(d);
                let members = instrument.dimension_items(d);
                DimLayout {
                    items: members
                        .iter()
                        .map(|&i| (i, instrument.items()[i].weight, instrument.items()[i].reverse))
                        .collect(),
                    min: scale.min,
                    max: scale.max,
                    favourable: f64::from(scale.favourable_min()),
                    unfavourable: f64::from(scale.unfavourable_max()),
                    needed: (options.min_answered_fraction * members.len() as f64 - 1e-9).ceil().max(1.0) as usize,
                    weight: instrument.dimensions()[d].weight,
                }
            })
            .collect();
        Layout {
            item_min: (0..n_items).map(|i| instrument.item_scale(i).min).collect(),
            outcome_base: (0..instrument.outcomes().len())
                .map(|o| instrument.outcome_scale(o).map_or(0, |s| s.min))
                .collect(),
            dims,
            overall: instrument
                .outcome_by_role(OutcomeRole::Overall)
                .map(|o| (n_items + o, instrument.outcome_scale(o).map_or(0.0, |s| f64::from(s.min)))),
            options: options.clone(),
        }
    }
}

/// The shape of the census of an instrument.
pub(crate) fn census_shape(instrument: &Instrument) -> Shape {
    Shape {
        items: instrument.items().len(),
        outcomes: instrument.outcomes().len(),
        dimensions: instrument.dimensions().len(),
    }
}

impl Layout {
    /// Counts per census cell (see [`Shape`]).
    pub(crate) fn census_len(&self) -> usize {
        2 + self.item_min.len() + self.outcome_base.len() + self.dims.len()
    }

    /// Add one validated row to census counts: the respondent, each answered
    /// item and outcome, each dimension it is scored on, and the index when
    /// it is scored on every dimension — the same rules as [`accumulate`].
    pub(crate) fn count_row(&self, cells: &[Cell], out: &mut [u64]) {
        let n_items = self.item_min.len();
        let n_out = self.outcome_base.len();
        out[0] += 1;
        for (o, cell) in out[1..=n_items + n_out].iter_mut().zip(cells) {
            *o += u64::from(matches!(cell, Cell::Value(_)));
        }
        let mut all_scored = true;
        let mut weight = 0.0;
        for (d, dl) in self.dims.iter().enumerate() {
            let answered = dl.items.iter().filter(|&&(i, _, _)| matches!(cells[i], Cell::Value(_))).count();
            if answered >= dl.needed {
                out[1 + n_items + n_out + d] += 1;
                weight += dl.weight;
            } else {
                all_scored = false;
            }
        }
        if all_scored && weight > 0.0 {
            out[1 + n_items + n_out + self.dims.len()] += 1;
        }
    }
}

/// Add one validated row (one [`Cell`] per slot) to a group's statistics.
pub(crate) fn accumulate(g: &mut GroupStats, layout: &Layout, cells: &[Cell]) {
    g.respondents += 1;
    let n_items = layout.item_min.len();
    for ((st, cell), &min) in g.items.iter_mut().zip(cells).zip(&layout.item_min) {
        match *cell {
            Cell::Missing => st.missing += 1,
            Cell::NotApplicable => st.not_applicable += 1,
            Cell::Value(v) => st.histogram[(v as i32 - min) as usize] += 1,
        }
    }
    for ((st, cell), &base) in g.outcomes.iter_mut().zip(&cells[n_items..]).zip(&layout.outcome_base) {
        match *cell {
            Cell::Missing => st.missing += 1,
            Cell::NotApplicable => st.not_applicable += 1,
            Cell::Value(v) => st.histogram[(v as i32 - base) as usize] += 1,
        }
    }
    let mut index_num = 0.0;
    let mut index_den = 0.0;
    let mut all_scored = true;
    let want_drivers = layout.overall.is_some() && g.drivers.k() > 0;
    let mut driver_buf = [0.0f64; 33];
    let mut driver_heap = Vec::new();
    let mut driver_len = 0usize;
    let mut driver_push = |v: f64| {
        if driver_len < driver_buf.len() {
            driver_buf[driver_len] = v;
        } else {
            if driver_heap.is_empty() {
                driver_heap.extend_from_slice(&driver_buf);
            }
            driver_heap.push(v);
        }
        driver_len += 1;
    };
    let mut keyed_buf = [None; 32];
    for (ds, dl) in g.dimensions.iter_mut().zip(&layout.dims) {
        let k = dl.items.len();
        let mut heap;
        let keyed: &mut [Option<f64>] = if k <= keyed_buf.len() {
            &mut keyed_buf[..k]
        } else {
            heap = vec![None; k];
            &mut heap[..]
        };
        let (mut sw, mut swx, mut answered) = (0.0, 0.0, 0usize);
        for (slot, &(i, w, reverse)) in keyed.iter_mut().zip(&dl.items) {
            *slot = match cells[i] {
                Cell::Value(v) => {
                    // Reverse keying x → min + max − x (as `Scale::reverse`).
                    let x = if reverse { f64::from(dl.min) + f64::from(dl.max) - v } else { v };
                    ds.answers += 1;
                    ds.favourable_answers += u64::from(x >= dl.favourable);
                    ds.unfavourable_answers += u64::from(x <= dl.unfavourable);
                    sw += w;
                    swx += w * x;
                    answered += 1;
                    Some(x)
                }
                _ => None,
            };
        }
        ds.push_keyed(keyed);
        if answered >= dl.needed {
            let m = swx / sw;
            let s100 = hundred(&layout.options, dl.min, dl.max, m);
            ds.score.push(s100);
            ds.favourable_respondents += u64::from(m >= dl.favourable);
            ds.unfavourable_respondents += u64::from(m <= dl.unfavourable);
            if want_drivers {
                driver_push(s100);
            }
            index_num += dl.weight * s100;
            index_den += dl.weight;
        } else {
            all_scored = false;
        }
    }
    if all_scored && index_den > 0.0 {
        g.index.push(index_num / index_den);
    }
    if want_drivers
        && all_scored
        && let Some((o, min)) = layout.overall
        && let Cell::Value(v) = cells[o]
    {
        // Above the scale's minimum: co-moments do not change, and the
        // value stays within the exact grid whatever the scale.
        driver_push(v - min);
        let row: &[f64] = if driver_heap.is_empty() { &driver_buf[..driver_len] } else { &driver_heap[..driver_len] };
        g.drivers.push(row);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sample;

    /// The cells come out in the keys' text order (by ranks off the
    /// browser), with values missing, shared prefixes and cells added in a
    /// shuffled order.
    #[test]
    fn cells_are_listed_in_key_order() {
        let inst = Instrument::default();
        let mut records = sample::generate(&inst, &sample::SampleOptions { waves: 3, ..Default::default() });
        let names = ["Ops", "Op", "", "ops", "Ö", "Z", "A b"];
        for (i, r) in records.iter_mut().enumerate() {
            r.segments.insert("department".into(), names[(i * 7 + i / 3) % names.len()].into());
            if i % 5 == 0 {
                r.segments.remove("role");
            }
        }
        records.reverse();
        let by = vec!["department".to_owned(), "side".to_owned(), "role".to_owned()];
        let mut aggs = Aggregates::new(&inst, &ScoreOptions { by, ..ScoreOptions::default() }).unwrap();
        records.iter().for_each(|r| aggs.add(r));
        let keys: Vec<&CellKey> = aggs.cells().map(|(k, _)| k).collect();
        assert_eq!(keys.len(), aggs.cells.len());
        assert!(keys.len() > 50, "{} cells", keys.len());
        assert!(keys.iter().any(|k| k.values[0].is_none()) && keys.iter().any(|k| k.values[2].is_none()));
        for w in keys.windows(2) {
            assert!(w[0] < w[1], "{:?} before {:?}", w[0], w[1]);
        }
    }
}
