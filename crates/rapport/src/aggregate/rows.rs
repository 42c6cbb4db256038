//! Accepted rows into aggregates without a string per row: the readers hand
//! each row on as a view of their buffers ([`RowView`]); its wave and
//! segment values are numbered as they are first seen, its cell found by
//! those numbers, and its statistics accumulated in place. The cells are
//! merged into [`Aggregates`] at the end of a read, in the order they were
//! first seen, which gives the aggregates of adding the rows one by one
//! with [`Aggregates::add`], bit for bit (counts, and sums on an exact grid:
//! see [`crate::stats::fixed`]). With the `parallel` feature, [`fill`] adds
//! the rows on a second thread while the reader goes on: the reader copies
//! each accepted row into a batch (one text buffer and one cell buffer per
//! batch of rows, no string per row) and that one thread adds them in the
//! order read.
//!
//! The browser module adds rows one by one instead (smaller code).

// The numbering below is left out of the browser module.
#![cfg_attr(target_arch = "wasm32", allow(unused_imports))]

use super::census::CensusKey;
use super::{Aggregates, FxHasher, GroupStats, Layout, accumulate};
use crate::ingest::response::RowView;
use crate::instrument::Side;
use std::collections::HashMap;
use std::hash::BuildHasherDefault;

#[cfg(not(target_arch = "wasm32"))]
type FxMap<K, V> = HashMap<K, V, BuildHasherDefault<FxHasher>>;

#[cfg(not(target_arch = "wasm32"))]
/// Text values numbered in the order first seen.
#[derive(Default)]
struct Interner {
    index: FxMap<Box<str>, u32>,
    labels: Vec<Box<str>>,
    /// The last value's number: rows of one value often come together.
    last: Option<u32>,
}

#[cfg(not(target_arch = "wasm32"))]
impl Interner {
    #[inline]
    fn code(&mut self, text: &str) -> u32 {
        if let Some(c) = self.last
            && *self.labels[c as usize] == *text
        {
            return c;
        }
        let c = match self.index.get(text) {
            Some(&c) => c,
            None => {
                let c = self.labels.len() as u32;
                self.labels.push(text.into());
                self.index.insert(text.into(), c);
                c
            }
        };
        self.last = Some(c);
        c
    }

    fn label(&self, code: u32) -> &str {
        &self.labels[code as usize]
    }
}

#[cfg(not(target_arch = "wasm32"))]
/// Where a `by` field's value comes from.
#[derive(Clone, Copy)]
enum By {
    Side,
    /// The segment with this number, once a row carried it.
    Segment(Option<usize>),
}

/// Statistics of accepted rows by cell and census cell, numbered by codes
/// (see the module docs).
#[cfg(not(target_arch = "wasm32"))]
pub(crate) struct RowGroups {
    layout: Layout,
    /// The `by` field names, and where each one's value comes from.
    by_names: Vec<String>,
    by: Vec<By>,
    waves: Interner,
    segment_names: Vec<String>,
    segment_values: Vec<Interner>,
    /// Per segment of the current row: its value's code + 1, or 0.
    row_segments: Vec<u32>,
    /// Cell key (wave code, then per `by` field a code + 1 or 0) → position.
    cell_index: FxMap<Vec<u32>, usize>,
    cells: Vec<(Vec<u32>, GroupStats)>,
    /// Census key (wave code, side, then per segment a code + 1 or 0,
    /// without trailing zeros) → position.
    census_index: FxMap<Vec<u32>, usize>,
    census: Vec<(Vec<u32>, Vec<u64>)>,
    key: Vec<u32>,
    /// Empty statistics of the instrument's shape, copied for each new cell.
    empty: GroupStats,
}

#[cfg(not(target_arch = "wasm32"))]
fn side_code(side: Side) -> u32 {
    match side {
        Side::It => 0,
        Side::Business => 1,
    }
}

/// In the browser module, where size counts more than a row's allocations,
/// rows are added one by one to a copy of the aggregates
/// ([`Aggregates::add`]): the same figures, without the code above.
#[cfg(target_arch = "wasm32")]
pub(crate) struct RowGroups(Aggregates);

#[cfg(target_arch = "wasm32")]
impl RowGroups {
    pub(crate) fn new(aggregates: &Aggregates) -> Self {
        RowGroups(aggregates.clone())
    }

    pub(crate) fn add(&mut self, row: &RowView<'_>) {
        self.0.add(&row.to_record());
    }

    pub(crate) fn merge_into(self, aggregates: &mut Aggregates) {
        *aggregates = self.0;
    }
}

#[cfg(not(target_arch = "wasm32"))]
impl RowGroups {
    /// Empty groups for rows to be merged into `aggregates` (same
    /// instrument and options).
    pub(crate) fn new(aggregates: &Aggregates) -> Self {
        let by_names = aggregates.options().by.clone();
        let by = by_names.iter().map(|f| if f == "side" { By::Side } else { By::Segment(None) }).collect();
        RowGroups {
            layout: Layout::new(aggregates.instrument(), aggregates.options()),
            by_names,
            by,
            waves: Interner::default(),
            segment_names: Vec::new(),
            segment_values: Vec::new(),
            row_segments: Vec::new(),
            cell_index: FxMap::default(),
            cells: Vec::new(),
            census_index: FxMap::default(),
            census: Vec::new(),
            key: Vec::new(),
            empty: GroupStats::new(aggregates.instrument()),
        }
    }

    /// The number of the segment `name`, numbering it when new.
    fn segment(&mut self, name: &str) -> usize {
        if let Some(i) = self.segment_names.iter().position(|n| n == name) {
            return i;
        }
        let i = self.segment_names.len();
        self.segment_names.push(name.to_owned());
        self.segment_values.push(Interner::default());
        self.row_segments.push(0);
        for (b, field) in self.by.iter_mut().zip(&self.by_names) {
            if matches!(b, By::Segment(None)) && field == name {
                *b = By::Segment(Some(i));
            }
        }
        i
    }

    /// Add one accepted row (validated against the instrument).
    pub(crate) fn add(&mut self, row: &RowView<'_>) {
        let wave = self.waves.code(row.wave);
        self.row_segments.iter_mut().for_each(|c| *c = 0);
        row.segments.for_each(|name, value| {
            let i = self.segment(name);
            self.row_segments[i] = self.segment_values[i].code(value) + 1;
        });
        let side = side_code(row.side);
        let mut key = std::mem::take(&mut self.key);
        key.clear();
        key.push(wave);
        key.extend(self.by.iter().map(|b| match b {
            By::Side => side + 1,
            By::Segment(Some(i)) => self.row_segments[*i],
            By::Segment(None) => 0,
        }));
        let i = match self.cell_index.get(key.as_slice()) {
            Some(&i) => i,
            None => {
                self.cells.push((key.clone(), self.empty.clone()));
                self.cell_index.insert(key.clone(), self.cells.len() - 1);
                self.cells.len() - 1
            }
        };
        accumulate(&mut self.cells[i].1, &self.layout, row.cells);
        key.clear();
        key.extend([wave, side]);
        key.extend_from_slice(&self.row_segments);
        while key.len() > 2 && key.last() == Some(&0) {
            key.pop();
        }
        let i = match self.census_index.get(key.as_slice()) {
            Some(&i) => i,
            None => {
                self.census.push((key.clone(), vec![0; self.layout.census_len()]));
                self.census_index.insert(key.clone(), self.census.len() - 1);
                self.census.len() - 1
            }
        };
        self.layout.count_row(row.cells, &mut self.census[i].1);
        self.key = key;
    }

    /// Merge every cell and census cell into `aggregates`, in the order
    /// they were first seen.
    pub(crate) fn merge_into(self, aggregates: &mut Aggregates) {
        let side = |c: u32| if c == 0 { Side::It } else { Side::Business };
        // Each cell's statistics are moved, or freed once merged: the
        // groups and the aggregates never hold two copies of every cell.
        let (by, waves, segment_values) = (&self.by, &self.waves, &self.segment_values);
        aggregates.merge_cells_owned(self.cells.into_iter().map(|(key, stats)| {
            let values = by
                .iter()
                .zip(&key[1..])
                .map(|(b, &c)| match (b, c) {
                    (_, 0) => None,
                    (By::Side, c) => Some(side(c - 1).as_str().to_owned()),
                    (By::Segment(Some(i)), c) => Some(segment_values[*i].label(c - 1).to_owned()),
                    (By::Segment(None), _) => None,
                })
                .collect();
            (super::CellKey { wave: waves.label(key[0]).to_owned(), values }, stats)
        }));
        let segment_names = &self.segment_names;
        aggregates.census_add_distinct(self.census.into_iter().map(|(key, counts)| {
            let mut segments: Vec<(String, String)> = key[2..]
                .iter()
                .enumerate()
                .filter(|&(_, &c)| c > 0)
                .map(|(i, &c)| (segment_names[i].clone(), segment_values[i].label(c - 1).to_owned()))
                .collect();
            segments.sort_unstable();
            (CensusKey { wave: waves.label(key[0]).to_owned(), side: side(key[1]), segments }, counts)
        }));
    }
}

/// Rows copied out of a reader's buffers, to be added on another thread.
#[cfg(all(feature = "parallel", not(target_arch = "wasm32")))]
#[derive(Default)]
struct Batch {
    /// Waves, segment names and values, back to back.
    text: String,
    /// Per row: side, end of its wave in `text`, end of its segments in
    /// `segments`, end of its cells in `cells` (each starts where the
    /// row before ended).
    rows: Vec<(Side, usize, usize, usize)>,
    /// Per segment: end of its name and end of its value in `text`.
    segments: Vec<(usize, usize)>,
    cells: Vec<crate::ingest::response::Cell>,
}

#[cfg(all(feature = "parallel", not(target_arch = "wasm32")))]
impl Batch {
    /// Rows a batch holds before it is handed on.
    const ROWS: usize = 2048;
    /// Bytes of text a batch holds before it is handed on (rows with long
    /// segment values).
    const TEXT: usize = 1 << 24;

    fn push(&mut self, row: &RowView<'_>) {
        self.text.push_str(row.wave);
        let wave_end = self.text.len();
        row.segments.for_each(|name, value| {
            self.text.push_str(name);
            let name_end = self.text.len();
            self.text.push_str(value);
            self.segments.push((name_end, self.text.len()));
        });
        self.cells.extend_from_slice(row.cells);
        self.rows.push((row.side, wave_end, self.segments.len(), self.cells.len()));
    }

    /// Every row as a view, in order.
    fn each(&self, f: &mut dyn FnMut(&RowView<'_>)) {
        let (mut text_at, mut seg_at, mut cell_at) = (0usize, 0usize, 0usize);
        let mut pairs: Vec<(&str, &str)> = Vec::new();
        for &(side, wave_end, seg_end, cell_end) in &self.rows {
            let wave = &self.text[text_at..wave_end];
            text_at = wave_end;
            pairs.clear();
            for &(name_end, value_end) in &self.segments[seg_at..seg_end] {
                pairs.push((&self.text[text_at..name_end], &self.text[name_end..value_end]));
                text_at = value_end;
            }
            seg_at = seg_end;
            let cells = &self.cells[cell_at..cell_end];
            cell_at = cell_end;
            f(&RowView {
                respondent: "",
                side,
                wave,
                segments: crate::ingest::response::Segments::Pairs(&pairs),
                cells,
                #[cfg(feature = "import")]
                bad_cells: &[],
            });
        }
    }

    fn clear(&mut self) {
        self.text.clear();
        self.rows.clear();
        self.segments.clear();
        self.cells.clear();
    }
}

/// Run a read (`run`, given the sink for its accepted rows) while its rows
/// are added to `groups`: on a second thread when `threads` allows, so
/// that reading the next rows and adding the last ones overlap. Rows are
/// added in the order they were read either way, so the groups are the
/// same bit for bit (one thread adds them all, in order).
#[cfg(not(target_arch = "wasm32"))]
pub(crate) fn fill<T>(
    groups: &mut RowGroups,
    threads: usize,
    run: impl FnOnce(&mut dyn FnMut(&RowView<'_>)) -> T,
) -> T {
    #[cfg(feature = "parallel")]
    if threads > 1 {
        use std::sync::mpsc;
        let (full, incoming) = mpsc::sync_channel::<Batch>(2);
        let (returned, spare) = mpsc::channel::<Batch>();
        return std::thread::scope(|s| {
            let adder = s.spawn(move || {
                for mut batch in incoming {
                    batch.each(&mut |row| groups.add(row));
                    batch.clear();
                    // The reader may be done: the batch is then dropped.
                    let _ = returned.send(batch);
                }
            });
            let mut batch = Batch::default();
            let out = run(&mut |row| {
                batch.push(row);
                if batch.rows.len() >= Batch::ROWS || batch.text.len() >= Batch::TEXT {
                    let next = spare.try_recv().unwrap_or_default();
                    // A closed channel means the adder panicked: the join
                    // below carries the panic on.
                    let _ = full.send(std::mem::replace(&mut batch, next));
                }
            });
            if !batch.rows.is_empty() {
                let _ = full.send(batch);
            }
            drop(full);
            adder.join().unwrap_or_else(|e| std::panic::resume_unwind(e));
            out
        });
    }
    let _ = threads;
    run(&mut |row| groups.add(row))
}

/// In the browser module rows are added as they come.
#[cfg(target_arch = "wasm32")]
pub(crate) fn fill<T>(
    groups: &mut RowGroups,
    _threads: usize,
    run: impl FnOnce(&mut dyn FnMut(&RowView<'_>)) -> T,
) -> T {
    run(&mut |row| groups.add(row))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::instrument::Instrument;
    use crate::options::ScoreOptions;
    use crate::sample;

    /// Rows added through their views, merged after rows added one by one,
    /// give the aggregates of adding every row one by one: the same cells in
    /// the same order, the same census, bit for bit.
    #[test]
    fn groups_merge_into_the_aggregates_of_rows_added_one_by_one() {
        let inst = Instrument::default();
        let mut records = sample::generate(&inst, &sample::SampleOptions { waves: 3, ..Default::default() });
        // Segments with blanks and surrounding spaces, and a row without any.
        records[1].segments.insert("role".into(), "  ".into());
        records[2].segments.insert("department".into(), " Finance ".into());
        records[3].segments.clear();
        for by in [vec!["side".to_owned(), "department".to_owned()], vec!["role".to_owned()], vec![]] {
            let options = ScoreOptions { by, ..ScoreOptions::default() };
            let mut one_by_one = Aggregates::new(&inst, &options).unwrap();
            records.iter().for_each(|r| one_by_one.add(r));
            let (head, tail) = records.split_at(records.len() / 3);
            let mut grouped = Aggregates::new(&inst, &options).unwrap();
            head.iter().for_each(|r| grouped.add(r));
            let mut groups = RowGroups::new(&grouped);
            tail.iter().for_each(|r| groups.add(&r.view()));
            groups.merge_into(&mut grouped);
            assert_eq!(serde_json::to_string(&grouped).unwrap(), serde_json::to_string(&one_by_one).unwrap());
        }
    }

    /// Rows added on a second thread (more than one batch of them, one
    /// with a long segment value) give the groups of rows added in place.
    #[cfg(feature = "parallel")]
    #[test]
    fn rows_added_on_a_second_thread_give_the_same_groups() {
        let inst = Instrument::default();
        let mut records = sample::generate(
            &inst,
            &sample::SampleOptions { waves: 4, respondents_per_wave: 1500, ..Default::default() },
        );
        records[7].segments.insert("department".into(), "x".repeat(Batch::TEXT + 10));
        records[8].segments.clear();
        assert!(records.len() > 2 * Batch::ROWS);
        let options = ScoreOptions { by: vec!["side".into(), "department".into()], ..ScoreOptions::default() };
        let filled = |threads: usize| {
            let mut aggregates = Aggregates::new(&inst, &options).unwrap();
            let mut groups = RowGroups::new(&aggregates);
            let n = fill(&mut groups, threads, |add| {
                records.iter().for_each(|r| add(&r.view()));
                records.len()
            });
            assert_eq!(n, records.len());
            groups.merge_into(&mut aggregates);
            serde_json::to_string(&aggregates).unwrap()
        };
        assert_eq!(filled(2), filled(1));
    }
}
