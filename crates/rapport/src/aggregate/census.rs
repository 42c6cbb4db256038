//! The census: how many respondents, and how many answers to each figure,
//! fall into every combination of wave, side and segment values.
//!
//! The publication plan is decided over every break-down a reader could
//! ask for, whatever the report at hand shows, so it needs the counts of the
//! finest cells of *all* the data's fields, not only of the `by` fields the
//! aggregates were built for. The census holds just those counts (a few
//! numbers per cell, no statistics), is filled by every reader alongside the
//! aggregates and merges with them.

use crate::instrument::Side;
use crate::util::hash::FxMap;
use serde::{Deserialize, Serialize};

/// One finest cell: a wave, a side, and the value of every segment the
/// respondents in it carry (sorted by segment name; blank values left out).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct CensusKey {
    /// Wave label.
    pub wave: String,
    /// Side.
    pub side: Side,
    /// `(segment name, value)`, sorted by name.
    pub segments: Vec<(String, String)>,
}

/// What is counted per cell, in this order: respondents, then the answers
/// to each agreement item, to each outcome item, the respondents scored on
/// each dimension, and the respondents with an overall index.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Measure {
    /// Respondents in the group.
    Respondents,
    /// Answers to agreement item `i` (scale points; missing and N/A excluded).
    Item(usize),
    /// Answers to outcome item `o`.
    Outcome(usize),
    /// Respondents scored on dimension `d`.
    Dimension(usize),
    /// Respondents with an overall index.
    Index,
}

/// The shape of a census: how many items, outcomes and dimensions.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Shape {
    /// Agreement items.
    pub items: usize,
    /// Outcome items.
    pub outcomes: usize,
    /// Dimensions.
    pub dimensions: usize,
}

impl Shape {
    /// Number of counts per cell.
    pub fn len(self) -> usize {
        2 + self.items + self.outcomes + self.dimensions
    }
    /// Always false: a cell counts at least its respondents.
    pub fn is_empty(self) -> bool {
        false
    }
    /// Position of a measure in a cell's counts.
    pub fn position(self, m: Measure) -> usize {
        match m {
            Measure::Respondents => 0,
            Measure::Item(i) => 1 + i,
            Measure::Outcome(o) => 1 + self.items + o,
            Measure::Dimension(d) => 1 + self.items + self.outcomes + d,
            Measure::Index => 1 + self.items + self.outcomes + self.dimensions,
        }
    }
    /// Every measure, in position order.
    pub fn measures(self) -> impl Iterator<Item = Measure> {
        std::iter::once(Measure::Respondents)
            .chain((0..self.items).map(Measure::Item))
            .chain((0..self.outcomes).map(Measure::Outcome))
            .chain((0..self.dimensions).map(Measure::Dimension))
            .chain(std::iter::once(Measure::Index))
    }
}

/// Counts per finest cell of all fields. See the module docs.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Census {
    /// Cells in the order first seen, with their counts (one per measure).
    cells: Vec<(CensusKey, Vec<u64>)>,
    #[serde(skip)]
    index: FxMap<CensusKey, usize>,
}

impl PartialEq for Census {
    fn eq(&self, other: &Census) -> bool {
        let mut a: Vec<_> = self.cells.iter().collect();
        let mut b: Vec<_> = other.cells.iter().collect();
        a.sort();
        b.sort();
        a == b
    }
}

/// The most respondents a census may count over all its cells (2^40, about
/// 1.1 × 10^12): the privacy plan sums counts weighted by up to 4^7 over at
/// most 2^7 levels, which stays within 64 bits below it.
pub const MAX_RESPONDENTS: u64 = 1 << 40;

impl Census {
    /// Add `counts` (one per measure) to the cell `key`.
    pub fn add(&mut self, key: &CensusKey, counts: &[u64]) {
        if self.index.len() != self.cells.len() {
            self.reindex();
        }
        match self.index.get(key) {
            Some(&i) => {
                // Saturating: counts read from a damaged file can be huge,
                // and [`Census::check`] refuses totals past its bound.
                for (a, b) in self.cells[i].1.iter_mut().zip(counts) {
                    *a = a.saturating_add(*b);
                }
            }
            None => {
                self.index.insert(key.clone(), self.cells.len());
                self.cells.push((key.clone(), counts.to_vec()));
            }
        }
    }

    /// [`Census::add`] for cells of distinct keys. Into an empty census
    /// they are taken as they are, their index built only when a later
    /// `add` needs it.
    pub(crate) fn add_distinct(&mut self, cells: impl ExactSizeIterator<Item = (CensusKey, Vec<u64>)>) {
        if !self.cells.is_empty() {
            return cells.for_each(|(k, c)| self.add(&k, &c));
        }
        self.cells.reserve(cells.len());
        self.cells.extend(cells);
        self.index.clear();
    }

    /// Add every cell of another census.
    pub fn merge(&mut self, other: &Census) {
        for (k, c) in &other.cells {
            self.add(k, c);
        }
    }

    /// Every cell with its counts, in the order first seen (for saving).
    pub(crate) fn raw_cells(&self) -> &[(CensusKey, Vec<u64>)] {
        &self.cells
    }

    fn reindex(&mut self) {
        self.index = self.cells.iter().enumerate().map(|(i, (k, _))| (k.clone(), i)).collect();
    }

    /// Every cell with its counts, in key order.
    pub fn cells(&self) -> Vec<(&CensusKey, &[u64])> {
        let mut v: Vec<(&CensusKey, &[u64])> = self.cells.iter().map(|(k, c)| (k, c.as_slice())).collect();
        // Keys of a map: unique.
        crate::util::sort::sort_unstable_by(&mut v, |a, b| a.0.cmp(b.0));
        v
    }

    /// Number of cells.
    pub fn len(&self) -> usize {
        self.cells.len()
    }

    /// True when nothing was counted.
    pub fn is_empty(&self) -> bool {
        self.cells.is_empty()
    }

    /// The segment names any cell carries, sorted.
    pub fn segment_names(&self) -> Vec<String> {
        let mut names: Vec<String> =
            self.cells.iter().flat_map(|(k, _)| k.segments.iter().map(|(n, _)| n.clone())).collect();
        crate::util::sort::sort_unstable(&mut names);
        names.dedup();
        names
    }

    /// Check the counts have `len` entries each and respondents bound every
    /// other count (a census read from JSON may have been edited).
    pub fn check(&self, len: usize) -> std::result::Result<(), String> {
        let mut respondents = 0u64;
        for (k, c) in &self.cells {
            if c.len() != len {
                return Err(format!("a census cell of wave {:?} has {} counts, expected {len}", k.wave, c.len()));
            }
            if c[0] == 0 || c[1..].iter().any(|&x| x > c[0]) {
                return Err(format!("a census cell of wave {:?} has counts that do not fit its respondents", k.wave));
            }
            if k.segments.windows(2).any(|w| w[0].0 >= w[1].0) {
                return Err(format!("a census cell of wave {:?} has unsorted or repeated segments", k.wave));
            }
            respondents = respondents.saturating_add(c[0]);
        }
        // The plan sums counts, weighted by up to 4^MAX_FIELDS, in 64 bits.
        if respondents > MAX_RESPONDENTS {
            return Err(format!(
                "the census counts {respondents} respondents, more than the {MAX_RESPONDENTS} it can plan for"
            ));
        }
        Ok(())
    }
}
