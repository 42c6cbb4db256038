//! Columnar responses: bulk answers in dense form (an `n × m` answer matrix,
//! a "not applicable" mask, text columns and categorical side, wave,
//! respondent and segments), validated with the CSV reader's rules and
//! errors and scored without building one [`Record`] per row, with the
//! figures of the CSV path. Its inputs, validation, duplicate check and
//! mapping are described in `docs/columnar.md`.
//!
//! ```
//! use rapport::aggregate::columnar::{Categories, ColumnarResponses};
//! use rapport::{IngestOptions, Instrument, ScoreOptions, Scorer};
//!
//! let instrument = Instrument::default();
//! let columns = ["trust_1".to_owned(), "trust_2".to_owned(), "meeting_cadence".to_owned()];
//! // Three business respondents × three items, row-major; NaN is missing;
//! // the choice item holds option indices (1 = "monthly").
//! let values = [4.0, 5.0, 1.0, /**/ 2.0, f64::NAN, 0.0, /**/ 3.0, 3.0, 1.0];
//! let not_applicable = [0, 0, 0, /**/ 0, 1, 0, /**/ 0, 0, 0]; // row 2, trust_2: N/A
//! let sides = ["it".to_owned(), "business".to_owned()];
//! let waves = ["2026-03".to_owned()];
//! let ids = ["r1".to_owned(), "r2".to_owned(), "r3".to_owned()];
//! let responses = ColumnarResponses {
//!     not_applicable: Some(&not_applicable),
//!     respondent: Some(Categories::new("respondent", &[0, 1, 2], &ids)),
//!     ..ColumnarResponses::new(
//!         &columns,
//!         &values,
//!         Categories::new("side", &[1, 1, 1], &sides),
//!         Categories::new("wave", &[0, 0, 0], &waves),
//!     )
//! };
//! let options = ScoreOptions { min_group_size: 3, ..ScoreOptions::default() };
//! let mut scorer = Scorer::new(&instrument, &options, IngestOptions::default()).unwrap();
//! let summary = scorer.add_columns(&responses).unwrap();
//! assert_eq!((summary.accepted, summary.rejected), (3, 0));
//! let report = scorer.report().unwrap();
//! let total = &report.waves[0].groups[0];
//! assert_eq!((total.respondents, total.items[0].mean), (Some(3), Some(3.0)));
//! // trust_2 has two answers and one N/A: fewer than 3, so it is suppressed.
//! assert_eq!(total.items[1].status, rapport::report::Status::Suppressed);
//!
//! // A value off the scale is located by row, column and item.
//! let bad = [4.0, 5.0, 1.0, /**/ 2.0, f64::NAN, 0.0, /**/ 3.0, 7.0, 1.0];
//! let err = ColumnarResponses { values: &bad, ..responses }.to_records(&instrument, &IngestOptions::default()).unwrap_err();
//! assert_eq!(err.code(), "value_out_of_scale");
//! assert_eq!(err.to_string(), "row 3, column \"trust_2\": value 7 is outside the scale (expected a whole number from 1 to 5)");
//! ```

use crate::aggregate::{Aggregates, CellKey, FxHasher, GroupStats, Layout, accumulate};
use crate::error::{Error, Location, Result};
use crate::ingest::ColumnMapping;
use crate::ingest::columns::{HeaderRules, looks_like_item, unknown_column};
use crate::ingest::dedupe::{RejectSink, collect_rejected};
use crate::ingest::mapping::{RespondentSource, SideSource, WaveSource};
use crate::ingest::response::{Cell, Record, check_choice, check_not_applicable, check_value};
use crate::ingest::{IngestOptions, RejectedRow, SourceSummary};
use crate::instrument::Side;
use crate::instrument::{Instrument, Slot};
use crate::util::text::{Lower, echo};
use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

/// A categorical column: one code per row into a list of labels (a negative
/// code is a missing value). This is how `pandas.Categorical`,
/// `pandas.factorize` and Arrow dictionary arrays hold text.
#[derive(Debug, Clone, Copy)]
pub struct Categories<'a> {
    /// Column name, used in errors (and, for segments, as the segment name).
    pub name: &'a str,
    /// One code per row: an index into `labels`, or negative for missing.
    pub codes: &'a [i32],
    /// The distinct values.
    pub labels: &'a [String],
}

impl<'a> Categories<'a> {
    /// A categorical column.
    pub fn new(name: &'a str, codes: &'a [i32], labels: &'a [String]) -> Self {
        Categories { name, codes, labels }
    }

    /// The label of `row`, trimmed; `None` when missing or empty.
    fn label(&self, row: usize) -> Option<&'a str> {
        let code = self.codes[row];
        if code < 0 {
            return None;
        }
        let t = self.labels[code as usize].trim();
        (!t.is_empty()).then_some(t)
    }
}

/// Responses in columnar form, borrowed from the caller's arrays. See the
/// [module docs](self) for the meaning of every part.
#[derive(Debug, Clone)]
pub struct ColumnarResponses<'a> {
    /// Name of the input in errors and in the intake summary (like a file name).
    pub source: Option<&'a str>,
    /// Names of the `m` value columns: item ids (or headers the mapping
    /// maps to item ids).
    pub columns: &'a [String],
    /// `n × m` answers, row-major. `NaN` is missing; choice items hold the
    /// option's 0-based index.
    pub values: &'a [f64],
    /// Optional `n × m` mask, row-major: non-zero marks "not applicable".
    pub not_applicable: Option<&'a [u8]>,
    /// Item columns given as text categories (name = item id), read like CSV cells.
    pub text_columns: Vec<Categories<'a>>,
    /// Side of each row: labels `it` / `business` (any case, or a mapped value).
    pub side: Categories<'a>,
    /// Wave of each row.
    pub wave: Categories<'a>,
    /// Respondent id of each row, for the duplicate check (never reported).
    pub respondent: Option<Categories<'a>>,
    /// Segment columns (department, role …); the column name is the segment name.
    pub segments: Vec<Categories<'a>>,
}

/// A categorical column that owns its codes and labels (what a binding
/// copies out of its host language); [`OwnedCategories::view`] borrows it as
/// [`Categories`].
#[derive(Debug, Clone, Default, PartialEq)]
pub struct OwnedCategories {
    /// Column name (used in errors; the segment name for segments).
    pub name: String,
    /// One code per row into `labels`; negative is missing.
    pub codes: Vec<i32>,
    /// The labels.
    pub labels: Vec<String>,
}

impl OwnedCategories {
    /// The column borrowed.
    pub fn view(&self) -> Categories<'_> {
        Categories::new(&self.name, &self.codes, &self.labels)
    }
}

/// Columnar responses that own their data; [`OwnedColumns::view`] borrows
/// them as [`ColumnarResponses`]. Fields mean what they mean there.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct OwnedColumns {
    /// Name of the input in errors and in the intake summary.
    pub source: Option<String>,
    /// Names of the value columns.
    pub columns: Vec<String>,
    /// `n × m` answers, row-major.
    pub values: Vec<f64>,
    /// Optional `n × m` "not applicable" mask.
    pub not_applicable: Option<Vec<u8>>,
    /// Item columns given as text categories.
    pub text_columns: Vec<OwnedCategories>,
    /// Side of each row.
    pub side: OwnedCategories,
    /// Wave of each row.
    pub wave: OwnedCategories,
    /// Respondent id of each row.
    pub respondent: Option<OwnedCategories>,
    /// Segment columns.
    pub segments: Vec<OwnedCategories>,
}

impl OwnedColumns {
    /// The columns borrowed.
    pub fn view(&self) -> ColumnarResponses<'_> {
        ColumnarResponses {
            source: self.source.as_deref(),
            columns: &self.columns,
            values: &self.values,
            not_applicable: self.not_applicable.as_deref(),
            text_columns: self.text_columns.iter().map(OwnedCategories::view).collect(),
            side: self.side.view(),
            wave: self.wave.view(),
            respondent: self.respondent.as_ref().map(OwnedCategories::view),
            segments: self.segments.iter().map(OwnedCategories::view).collect(),
        }
    }
}

impl<'a> ColumnarResponses<'a> {
    /// Value columns with side and wave; no mask, text columns, respondent
    /// ids or segments (set those fields directly).
    pub fn new(columns: &'a [String], values: &'a [f64], side: Categories<'a>, wave: Categories<'a>) -> Self {
        ColumnarResponses {
            source: None,
            columns,
            values,
            not_applicable: None,
            text_columns: Vec::new(),
            side,
            wave,
            respondent: None,
            segments: Vec::new(),
        }
    }

    /// Number of rows (the length of the side codes).
    pub fn rows(&self) -> usize {
        self.side.codes.len()
    }

    /// Validate every row and add the accepted ones to `aggregates` (whose
    /// instrument they are checked against). Returns the counts and, in
    /// lenient mode, the rejected rows. On `Err` the rows before the error
    /// may have been added: discard the aggregates.
    ///
    /// Rows are grouped into cells by their integer codes (no string per
    /// row): each cell's statistics are accumulated apart and merged into
    /// `aggregates` at the end, which gives the figures of adding the rows
    /// one by one (bit for bit when `aggregates` starts empty).
    ///
    /// With the `parallel` feature, each block of rows is validated on all
    /// cores (a share of the rows each), then added on all cores (a share of
    /// the cells each). A cell still sees its rows in input order, so the
    /// figures are the same, bit for bit, whatever the number of threads.
    pub fn aggregate(
        &self,
        options: &IngestOptions,
        aggregates: &mut Aggregates,
    ) -> Result<(SourceSummary, Vec<RejectedRow>)> {
        collect_rejected(|rejects| self.aggregate_on(threads(), options, aggregates, rejects))
    }

    /// [`ColumnarResponses::aggregate`] handing each rejected row to
    /// `rejects` as it is found, in row order, instead of returning them.
    pub(crate) fn aggregate_into(
        &self,
        options: &IngestOptions,
        aggregates: &mut Aggregates,
        rejects: RejectSink<'_>,
    ) -> Result<SourceSummary> {
        self.aggregate_on(threads(), options, aggregates, rejects)
    }

    /// [`ColumnarResponses::aggregate_into`] on `threads` threads.
    fn aggregate_on(
        &self,
        threads: usize,
        options: &IngestOptions,
        aggregates: &mut Aggregates,
        rejects: RejectSink<'_>,
    ) -> Result<SourceSummary> {
        let instrument = aggregates.instrument().clone();
        let plan = Plan::new(self, &instrument, options)?;
        let Some(keys) = CellCodes::new(self, plan.key_parts(), &aggregates.options().by) else {
            // More cells than a 64-bit code can number: one key string per row.
            let add = &mut |_, record: &Record| aggregates.add(record);
            return self.records(&plan, &instrument, options, true, add, rejects);
        };
        let layout = Layout::new(&instrument, aggregates.options());
        let census = CensusCodes::new(self, plan.key_parts());
        let mut groups = Groups::new(&keys, &layout, &instrument, threads, census);
        let add = &mut |block: &Block| {
            let rows: Vec<usize> = block.accepted.iter().map(|&j| block.start + j as usize).collect();
            groups.add(self, &rows, &|k| block.row(block.accepted[k] as usize));
        };
        let result = self.run_blocks(threads, &plan, &instrument, options, add, rejects)?;
        groups.merge_into(self, &plan.sides, aggregates);
        Ok(result)
    }

    /// Validate every row once and keep the accepted ones compactly, to
    /// score them (with [`ColumnarResponses::aggregate_packed`]) as often as
    /// needed without validating again. Returns what
    /// [`ColumnarResponses::validate`] returns, with the packed rows.
    ///
    /// An answer takes two bytes instead of the eight of `values` (plus the
    /// mask); the input's side, wave and segment columns are still needed
    /// to score, its values, mask, text columns and respondent ids are not.
    ///
    /// ```
    /// use rapport::aggregate::columnar::{Categories, ColumnarResponses};
    /// use rapport::{Aggregates, IngestOptions, IngestSummary, Instrument, Report, ScoreOptions};
    ///
    /// let instrument = Instrument::default();
    /// let columns = ["trust_1".to_owned(), "trust_2".to_owned()];
    /// let values = [4.0, 5.0, /**/ 2.0, f64::NAN, /**/ 3.0, 9.0];
    /// let (sides, waves) = (["it".to_owned(), "business".to_owned()], ["2026-03".to_owned()]);
    /// let input = ColumnarResponses::new(
    ///     &columns,
    ///     &values,
    ///     Categories::new("side", &[0, 1, 1], &sides),
    ///     Categories::new("wave", &[0, 0, 0], &waves),
    /// );
    /// let lenient = IngestOptions { lenient: true, ..IngestOptions::default() };
    /// let (packed, summary, rejected) = input.pack(&instrument, &lenient).unwrap();
    /// assert_eq!((packed.len(), summary.accepted, rejected[0].row), (2, 2, 3));
    ///
    /// let options = ScoreOptions { min_group_size: 3, ..ScoreOptions::default() };
    /// let mut from_packed = Aggregates::new(&instrument, &options).unwrap();
    /// input.aggregate_packed(&packed, &mut from_packed).unwrap();
    /// let mut validated_again = Aggregates::new(&instrument, &options).unwrap();
    /// input.aggregate(&lenient, &mut validated_again).unwrap();
    /// let report = |a: &Aggregates| Report::build(a, IngestSummary::default()).unwrap().to_json();
    /// assert_eq!(report(&from_packed), report(&validated_again));
    /// ```
    pub fn pack(
        &self,
        instrument: &Instrument,
        options: &IngestOptions,
    ) -> Result<(PackedRows, SourceSummary, Vec<RejectedRow>)> {
        let plan = Plan::new(self, instrument, options)?;
        let slots = instrument.slot_count();
        let base = PackedRows::bases(instrument)?;
        let mut packed = PackedRows {
            input_rows: self.rows(),
            slots,
            accepted: Vec::new(),
            sides: Vec::new(),
            cells: Vec::new(),
            base,
            segment_names: plan.segment_names.clone(),
            wave_keys: plan.wave_keys.clone(),
            side_of_label: plan.sides.clone(),
        };
        let threads = threads();
        let mut rejected = Vec::new();
        let rejects = &mut |r| rejected.push(r);
        let summary = self.run_blocks(
            threads,
            &plan,
            instrument,
            options,
            &mut |block| {
                let accepted = &block.accepted;
                packed.accepted.extend(accepted.iter().map(|&j| block.start + j as usize));
                packed.sides.extend(accepted.iter().map(|&j| block.sides[j as usize]));
                // Encoded on every core, a share of the accepted rows each.
                let PackedRows { cells, base, .. } = &mut packed;
                let at = cells.len();
                cells.resize(at + accepted.len() * slots, 0);
                let share = accepted.len().div_ceil(threads).max(1);
                let mut pieces: Vec<(&[u32], &mut [u16])> =
                    accepted.chunks(share).zip(cells[at..].chunks_mut(share * slots)).collect();
                for_each_shard(&mut pieces, |_, (rows, out)| {
                    for (&j, out) in rows.iter().zip(out.chunks_exact_mut(slots)) {
                        for ((o, &cell), &b) in out.iter_mut().zip(block.row(j as usize)).zip(base.iter()) {
                            *o = PackedRows::encode(cell, b);
                        }
                    }
                });
            },
            rejects,
        )?;
        Ok((packed, summary, rejected))
    }

    /// Add the rows of [`ColumnarResponses::pack`] to `aggregates`, without
    /// validating them again: the figures of
    /// [`ColumnarResponses::aggregate`] on the same input, bit for bit.
    /// `self` must be the input that was packed (its side, wave and segment
    /// columns are read; its values, mask, text columns and respondent ids
    /// may be left out), and `aggregates` must use the instrument it was
    /// packed with: a different number of rows or answer slots is an
    /// `invalid_argument` error.
    pub fn aggregate_packed(&self, packed: &PackedRows, aggregates: &mut Aggregates) -> Result<()> {
        let instrument = aggregates.instrument().clone();
        if packed.input_rows != self.rows() || packed.slots != instrument.slot_count() {
            return Err(Error::InvalidArgument {
                name: "packed rows".into(),
                expected: format!(
                    "rows packed from this input ({} rows, {} answer slots)",
                    self.rows(),
                    instrument.slot_count()
                ),
                found: format!("{} rows, {} answer slots", packed.input_rows, packed.slots),
            });
        }
        let parts = || KeyParts {
            segment_names: &packed.segment_names,
            wave_keys: &packed.wave_keys,
            sides: &packed.side_of_label,
        };
        let slots = packed.slots;
        let Some(keys) = CellCodes::new(self, parts(), &aggregates.options().by) else {
            // More cells than a 64-bit code can number: one record per row.
            let mut record = Record {
                respondent: String::new(),
                side: Side::It,
                wave: String::new(),
                segments: Default::default(),
                cells: vec![Cell::Missing; slots],
            };
            for (k, &r) in packed.accepted.iter().enumerate() {
                record.side = packed.sides[k];
                record.wave.clear();
                record.wave.push_str(self.wave.label(r).unwrap_or_default());
                record.segments = packed
                    .segment_names
                    .iter()
                    .zip(&self.segments)
                    .map(|(name, c)| (name.clone(), c.label(r).unwrap_or_default().to_owned()))
                    .collect();
                packed.decode_into(k, &mut record.cells);
                aggregates.add(&record);
            }
            return Ok(());
        };
        let threads = threads();
        let layout = Layout::new(&instrument, aggregates.options());
        let census = CensusCodes::new(self, parts());
        let mut groups = Groups::new(&keys, &layout, &instrument, threads, census);
        let mut cells = vec![Cell::Missing; BLOCK_ROWS.min(packed.len()) * slots];
        for (b, rows) in packed.accepted.chunks(BLOCK_ROWS).enumerate() {
            let first = b * BLOCK_ROWS;
            let share = rows.len().div_ceil(threads).max(1);
            let mut pieces: Vec<(usize, &mut [Cell])> = cells[..rows.len() * slots]
                .chunks_mut(share * slots)
                .enumerate()
                .map(|(p, c)| (p * share, c))
                .collect();
            for_each_shard(&mut pieces, |_, (start, out)| {
                for (i, row) in out.chunks_exact_mut(slots).enumerate() {
                    packed.decode_into(first + *start + i, row);
                }
            });
            let block = &cells;
            groups.add(self, rows, &|k| &block[k * slots..(k + 1) * slots]);
        }
        groups.merge_into(self, &packed.side_of_label, aggregates);
        Ok(())
    }

    /// Validate every row and return the accepted ones as records, with the
    /// counts and (lenient mode) the rejected rows. Without respondent ids,
    /// a record's respondent is its 1-based row number.
    pub fn to_records(
        &self,
        instrument: &Instrument,
        options: &IngestOptions,
    ) -> Result<(Vec<Record>, SourceSummary, Vec<RejectedRow>)> {
        let mut records = Vec::with_capacity(self.rows());
        let (summary, rejected) = self.for_each_record(instrument, options, &mut |record| {
            let mut r = record.clone();
            r.segments.retain(|_, v| !v.is_empty());
            records.push(r);
        })?;
        if self.respondent.is_none() {
            // Rows are accepted in order; rejected rows leave gaps.
            let mut rejected_rows = rejected.iter().map(|r| r.row).peekable();
            let mut row = 0u64;
            for r in &mut records {
                row += 1;
                while rejected_rows.peek() == Some(&row) {
                    rejected_rows.next();
                    row += 1;
                }
                r.respondent = row.to_string();
            }
        }
        Ok((records, summary, rejected))
    }

    /// Validate every row without keeping any: the counts and (lenient
    /// mode) the rejected rows, or the first error (strict mode).
    pub fn validate(
        &self,
        instrument: &Instrument,
        options: &IngestOptions,
    ) -> Result<(SourceSummary, Vec<RejectedRow>)> {
        let plan = Plan::new(self, instrument, options)?;
        collect_rejected(|rejects| self.run_blocks(threads(), &plan, instrument, options, &mut |_| {}, rejects))
    }

    /// Validate every row and hand each accepted one to `sink`, as one
    /// record reused from row to row (so nothing is allocated per row).
    /// In it, a segment missing in the row has an empty value (which
    /// [`Aggregates`] treats as absent), and without respondent ids the
    /// respondent is empty. Returns what [`ColumnarResponses::aggregate`] returns.
    pub fn for_each_record(
        &self,
        instrument: &Instrument,
        options: &IngestOptions,
        sink: &mut dyn FnMut(&Record),
    ) -> Result<(SourceSummary, Vec<RejectedRow>)> {
        let plan = Plan::new(self, instrument, options)?;
        let each = &mut |_, record: &Record| sink(record);
        collect_rejected(|rejects| self.records(&plan, instrument, options, true, each, rejects))
    }

    /// Validate every row and hand each accepted one to `sink` with its
    /// 0-based row index, as one reused record that carries only the side
    /// and the cells (its respondent, wave and segments stay empty: read
    /// them from the codes). The fastest way to look at every accepted row.
    pub fn for_each_row(
        &self,
        instrument: &Instrument,
        options: &IngestOptions,
        sink: &mut dyn FnMut(usize, &Record),
    ) -> Result<(SourceSummary, Vec<RejectedRow>)> {
        let plan = Plan::new(self, instrument, options)?;
        collect_rejected(|rejects| self.records(&plan, instrument, options, false, sink, rejects))
    }

    /// The summary of this input before any row is read.
    fn summary(&self) -> SourceSummary {
        SourceSummary {
            file: self.source.map(str::to_owned),
            format: "columnar".into(),
            rows_in: 0,
            accepted: 0,
            rejected: 0,
            ..SourceSummary::default()
        }
    }

    /// The error for row `r` (1-based `row`) repeating the (wave,
    /// respondent) pair of the earlier `first_row`.
    fn duplicate(&self, plan: &Plan<'_>, r: usize, row: u64, first_row: u64) -> Error {
        Error::DuplicateRespondent {
            location: plan.location(row, self.respondent.map(|c| c.name)),
            wave: self.wave.label(r).unwrap_or_default().to_owned(),
            first_row,
            first_file: None,
        }
    }

    /// The validation loop handing each accepted row to `sink` with its
    /// 0-based index, as one reused record: its side and cells, and with
    /// `names` its respondent, wave and segments (read from the codes).
    fn records(
        &self,
        plan: &Plan<'_>,
        instrument: &Instrument,
        options: &IngestOptions,
        names: bool,
        sink: &mut dyn FnMut(usize, &Record),
        rejects: RejectSink<'_>,
    ) -> Result<SourceSummary> {
        let mut record = Record {
            respondent: String::new(),
            side: Side::It,
            wave: String::new(),
            segments: crate::util::sort::map_of(plan.segment_names.iter().map(|s| (s.clone(), String::new()))),
            cells: vec![Cell::Missing; instrument.slot_count()],
        };
        let each = &mut |block: &Block| {
            for &j in &block.accepted {
                let (j, r) = (j as usize, block.start + j as usize);
                record.side = block.sides[j];
                record.cells.copy_from_slice(block.row(j));
                if names {
                    plan.names(self, r, &mut record);
                }
                sink(r, &record);
            }
        };
        self.run_blocks(threads(), plan, instrument, options, each, rejects)
    }

    /// The validation loop a block of rows at a time: the rows of a block
    /// are validated (side and cells only) on `threads` threads, a share
    /// each; then, in input order, errors are taken (strict mode: the first
    /// one ends the run) and the duplicate check is made, rejected rows
    /// going to `rejects`; then `sink` gets the block with its accepted rows.
    /// Same checks, same order, same errors whatever the number of threads.
    fn run_blocks(
        &self,
        threads: usize,
        plan: &Plan<'_>,
        instrument: &Instrument,
        options: &IngestOptions,
        sink: &mut dyn FnMut(&Block),
        rejects: RejectSink<'_>,
    ) -> Result<SourceSummary> {
        let n = self.rows();
        let slots = instrument.slot_count();
        let size = BLOCK_ROWS.min(n);
        let mut summary = self.summary();
        let mut seen = Seen::new(plan.key_space(), n);
        // Slots no column fills stay missing: they are never written.
        let mut block = Block {
            start: 0,
            slots,
            sides: vec![Side::It; size],
            cells: vec![Cell::Missing; size * slots],
            keys: vec![None; size],
            accepted: Vec::with_capacity(size),
        };
        while block.start < n {
            let len = size.min(n - block.start);
            let share = len.div_ceil(threads).max(1);
            let start = block.start;
            let mut pieces: Vec<Piece<'_>> = block.sides[..len]
                .chunks_mut(share)
                .zip(block.cells[..len * slots].chunks_mut(share * slots))
                .zip(block.keys[..len].chunks_mut(share))
                .enumerate()
                .map(|(p, ((sides, cells), keys))| Piece { first: p * share, sides, cells, keys, errors: Vec::new() })
                .collect();
            for_each_shard(&mut pieces, |_, piece| {
                for j in 0..piece.sides.len() {
                    let r = start + piece.first + j;
                    let cells = &mut piece.cells[j * slots..(j + 1) * slots];
                    match plan.fill(self, instrument, r, &mut piece.sides[j], cells) {
                        Ok(key) => piece.keys[j] = key,
                        Err(e) => {
                            piece.errors.push((piece.first + j, e));
                            if !options.lenient {
                                // Nothing after a strict-mode error is read.
                                break;
                            }
                        }
                    }
                }
            });
            let mut errors: Vec<(usize, Error)> = pieces.into_iter().flat_map(|p| p.errors).collect();
            // In input order, as the row-at-a-time loop meets them.
            let mut errors = errors.drain(..).peekable();
            block.accepted.clear();
            for j in 0..len {
                let r = start + j;
                let row = r as u64 + 1;
                summary.rows_in += 1;
                let result = match errors.next_if(|(e, _)| *e == j) {
                    Some((_, e)) => Err(e),
                    None => match block.keys[j] {
                        Some(key) => seen
                            .check(r, key, |earlier| plan.key(self, earlier))
                            .map_err(|first_row| self.duplicate(plan, r, row, first_row)),
                        None => Ok(()),
                    },
                };
                match result {
                    Ok(()) => {
                        summary.accepted += 1;
                        block.accepted.push(j as u32);
                    }
                    Err(e) if options.lenient && e.is_row_error() => {
                        summary.rejected += 1;
                        rejects(RejectedRow::from_error(&e));
                    }
                    Err(e) => return Err(e),
                }
            }
            sink(&block);
            block.start += len;
        }
        Ok(summary)
    }
}

/// A share of a block's rows for one thread: from block-relative row
/// `first`, the rows' sides, cells and keys, and the errors met (block-relative rows).
struct Piece<'b> {
    first: usize,
    sides: &'b mut [Side],
    cells: &'b mut [Cell],
    keys: &'b mut [Option<u64>],
    errors: Vec<(usize, Error)>,
}

/// The statistics of the cells accepted rows fall into, built a block of
/// rows at a time: cell `i`'s statistics are `shards[i % threads][i /
/// threads]`, so that each thread adds the rows of its own cells, each cell
/// seeing its rows in input order.
struct Groups<'k> {
    keys: &'k CellCodes,
    layout: &'k Layout,
    instrument: &'k Instrument,
    threads: usize,
    index: HashMap<u64, usize, BuildHasherDefault<FxHasher>>,
    /// The first row of each cell, in the order cells are first seen.
    first_rows: Vec<usize>,
    shards: Vec<Vec<GroupStats>>,
    cell_of: Vec<u32>,
    order: Vec<u32>,
    census: CensusCodes,
}

impl<'k> Groups<'k> {
    fn new(
        keys: &'k CellCodes,
        layout: &'k Layout,
        instrument: &'k Instrument,
        threads: usize,
        census: CensusCodes,
    ) -> Self {
        Groups {
            keys,
            layout,
            instrument,
            threads,
            index: HashMap::default(),
            first_rows: Vec::new(),
            shards: (0..threads).map(|_| Vec::new()).collect(),
            cell_of: Vec::with_capacity(BLOCK_ROWS),
            order: Vec::with_capacity(BLOCK_ROWS),
            census,
        }
    }

    /// Add accepted input rows `rows` (in input order); `cells(k)` are the
    /// cells of `rows[k]`.
    fn add<'c>(&mut self, input: &ColumnarResponses<'_>, rows: &[usize], cells: &(dyn Fn(usize) -> &'c [Cell] + Sync)) {
        let threads = self.threads;
        self.cell_of.clear();
        for &r in rows {
            let i = *self.index.entry(self.keys.code(input, r)).or_insert_with(|| {
                let i = self.first_rows.len();
                self.first_rows.push(r);
                self.shards[i % threads].push(GroupStats::new(self.instrument));
                i
            });
            self.cell_of.push(i as u32);
        }
        for (k, &r) in rows.iter().enumerate() {
            self.census.add(input, r, self.layout, cells(k));
        }
        // Rows cell by cell (stable: a cell's rows keep their order), so a
        // cell's statistics stay in cache while its rows are added.
        self.order.clear();
        self.order.extend(0..self.cell_of.len() as u32);
        let cell_of = &self.cell_of;
        self.order.sort_by_key(|&k| cell_of[k as usize]);
        let (order, layout) = (&self.order, self.layout);
        for_each_shard(&mut self.shards, |t, shard| {
            for &k in order {
                let i = cell_of[k as usize] as usize;
                if i % threads == t {
                    accumulate(&mut shard[i / threads], layout, cells(k as usize));
                }
            }
        });
    }

    /// Merge every cell into `aggregates`, in the order cells were first seen.
    fn merge_into(self, input: &ColumnarResponses<'_>, sides: &[Option<Side>], aggregates: &mut Aggregates) {
        for (i, &r) in self.first_rows.iter().enumerate() {
            aggregates
                .merge_cell(&self.keys.cell_key(input, sides, r), &self.shards[i % self.threads][i / self.threads]);
        }
        self.census.merge_into(input, sides, aggregates);
    }
}

/// The census of accepted rows (counts per finest cell of side and every
/// segment column), numbered by integer codes like the cells.
struct CensusCodes {
    /// `None` when the cells are too many for a 64-bit code: keys by text.
    codes: Option<CellCodes>,
    segment_names: Vec<String>,
    sides: Vec<Option<Side>>,
    index: HashMap<u64, usize, BuildHasherDefault<FxHasher>>,
    /// Per census cell: its first row and its counts.
    cells: Vec<(usize, Vec<u64>)>,
    by_text: crate::aggregate::census::Census,
}

impl CensusCodes {
    fn new(input: &ColumnarResponses<'_>, parts: KeyParts<'_>) -> Self {
        let segment_names = parts.segment_names.to_vec();
        let sides = parts.sides.to_vec();
        let fields: Vec<String> = std::iter::once("side".to_owned()).chain(segment_names.iter().cloned()).collect();
        CensusCodes {
            codes: CellCodes::new(input, parts, &fields),
            segment_names,
            sides,
            index: HashMap::default(),
            cells: Vec::new(),
            by_text: Default::default(),
        }
    }

    fn key(
        &self,
        input: &ColumnarResponses<'_>,
        sides: &[Option<Side>],
        r: usize,
    ) -> crate::aggregate::census::CensusKey {
        let mut segments: Vec<(String, String)> = self
            .segment_names
            .iter()
            .zip(&input.segments)
            .filter_map(|(name, c)| c.label(r).map(|v| (name.clone(), v.to_owned())))
            .collect();
        segments.sort_unstable();
        crate::aggregate::census::CensusKey {
            wave: input.wave.label(r).unwrap_or_default().to_owned(),
            side: sides[input.side.codes[r] as usize].unwrap_or(Side::It),
            segments,
        }
    }

    fn add(&mut self, input: &ColumnarResponses<'_>, r: usize, layout: &Layout, cells: &[Cell]) {
        let Some(codes) = &self.codes else {
            let mut counts = vec![0; layout.census_len()];
            layout.count_row(cells, &mut counts);
            let key = self.key(input, &self.sides, r);
            self.by_text.add(&key, &counts);
            return;
        };
        let code = codes.code(input, r);
        let i = *self.index.entry(code).or_insert_with(|| {
            self.cells.push((r, vec![0; layout.census_len()]));
            self.cells.len() - 1
        });
        layout.count_row(cells, &mut self.cells[i].1);
    }

    fn merge_into(self, input: &ColumnarResponses<'_>, sides: &[Option<Side>], aggregates: &mut Aggregates) {
        for (r, counts) in &self.cells {
            aggregates.census_add(&self.key(input, sides, *r), counts);
        }
        for (k, c) in self.by_text.cells() {
            aggregates.census_add(k, c);
        }
    }
}

/// Accepted rows of a columnar input, validated once and kept compactly:
/// made by [`ColumnarResponses::pack`], scored by
/// [`ColumnarResponses::aggregate_packed`].
#[derive(Debug, Clone, PartialEq)]
pub struct PackedRows {
    /// Rows of the input (accepted or not).
    input_rows: usize,
    slots: usize,
    /// Input row (0-based) of each accepted row.
    accepted: Vec<usize>,
    sides: Vec<Side>,
    /// `slots` codes per accepted row: 0 missing, 1 not applicable, 2 + k
    /// the value `base[slot] + k`.
    cells: Vec<u16>,
    base: Vec<i32>,
    segment_names: Vec<String>,
    wave_keys: Vec<u32>,
    side_of_label: Vec<Option<Side>>,
}

impl PackedRows {
    /// Accepted rows.
    pub fn len(&self) -> usize {
        self.accepted.len()
    }

    /// Whether no row was accepted.
    pub fn is_empty(&self) -> bool {
        self.accepted.is_empty()
    }

    /// Each accepted row's input row (0-based) and side, in input order.
    pub fn rows(&self) -> impl ExactSizeIterator<Item = (usize, Side)> + '_ {
        self.accepted.iter().copied().zip(self.sides.iter().copied())
    }

    /// The cells of accepted row `k` (0-based, in the order of
    /// [`PackedRows::rows`]) into `out`, one per slot of the instrument
    /// (items, then outcomes).
    pub fn cells_into(&self, k: usize, out: &mut [Cell]) {
        self.decode_into(k, out);
    }

    /// Bytes held (approximately: the vectors' lengths).
    pub fn heap_bytes(&self) -> usize {
        self.accepted.len() * std::mem::size_of::<usize>() + self.sides.len() + self.cells.len() * 2
    }

    /// The value each slot's codes count from (its scale's minimum, 0 for
    /// options): an `invalid_argument` error when a scale spans more points
    /// than a code holds.
    pub(crate) fn bases(instrument: &Instrument) -> Result<Vec<i32>> {
        let slots = instrument.slot_count();
        let base = (0..slots)
            .map(|slot| match instrument.slot_kind(slot) {
                Slot::Item(i) => instrument.item_scale(i).min,
                Slot::Outcome(o) if instrument.outcomes()[o].options.is_empty() => {
                    instrument.outcome_scale(o).map_or(0, |s| s.min)
                }
                Slot::Outcome(_) => 0,
            })
            .collect();
        for slot in 0..slots {
            let span = match instrument.slot_kind(slot) {
                Slot::Item(i) => i64::from(instrument.item_scale(i).max) - i64::from(instrument.item_scale(i).min),
                Slot::Outcome(o) => match instrument.outcome_scale(o) {
                    Some(s) if instrument.outcomes()[o].options.is_empty() => i64::from(s.max) - i64::from(s.min),
                    _ => instrument.outcomes()[o].options.len() as i64,
                },
            };
            if span > i64::from(u16::MAX) - 2 {
                return Err(Error::InvalidArgument {
                    name: "instrument".into(),
                    expected: format!("scales of at most {} points", u16::MAX - 1),
                    found: format!("{} points for {:?}", span + 1, instrument.slot_id(slot)),
                });
            }
        }
        Ok(base)
    }

    /// Packed rows made elsewhere in the crate: input rows `0..n` all
    /// accepted, `cells` encoded with [`PackedRows::encode`] over `base`,
    /// wave labels distinct (each its own key), side labels `it`, `business`.
    pub(crate) fn from_parts(
        slots: usize,
        base: Vec<i32>,
        sides: Vec<Side>,
        cells: Vec<u16>,
        segment_names: Vec<String>,
        waves: usize,
    ) -> Self {
        let n = sides.len();
        debug_assert_eq!(cells.len(), n * slots);
        PackedRows {
            input_rows: n,
            slots,
            accepted: (0..n).collect(),
            sides,
            cells,
            base,
            segment_names,
            wave_keys: (0..waves as u32).collect(),
            side_of_label: vec![Some(Side::It), Some(Side::Business)],
        }
    }

    /// A validated cell as a code (values are whole points or option
    /// indices within their scale, so `v − base` is small and non-negative).
    pub(crate) fn encode(cell: Cell, base: i32) -> u16 {
        match cell {
            Cell::Missing => 0,
            Cell::NotApplicable => 1,
            // In range: `pack` checked every scale's span.
            Cell::Value(v) => (2 + (v as i64 - i64::from(base))) as u16,
        }
    }

    /// The cells of accepted row `k`, into `out` (`slots` long).
    fn decode_into(&self, k: usize, out: &mut [Cell]) {
        let codes = &self.cells[k * self.slots..(k + 1) * self.slots];
        for ((cell, &code), &base) in out.iter_mut().zip(codes).zip(&self.base) {
            *cell = match code {
                0 => Cell::Missing,
                1 => Cell::NotApplicable,
                c => Cell::Value(f64::from(base + i32::from(c) - 2)),
            };
        }
    }
}

/// Rows validated per block: the block's rows are shared out between the
/// threads, then checked for duplicates and handed on in input order.
const BLOCK_ROWS: usize = 8192;

/// One block of rows, validated: from row `start`, per row its side, its
/// cells (`slots` per row) and its duplicate-check key (the entries of a
/// row that failed are left as they were). `accepted` lists the rows (block-relative, in order)
/// that passed every check, the duplicate check included.
struct Block {
    start: usize,
    slots: usize,
    sides: Vec<Side>,
    cells: Vec<Cell>,
    keys: Vec<Option<u64>>,
    accepted: Vec<u32>,
}

impl Block {
    /// The cells of block-relative row `j`.
    #[inline]
    fn row(&self, j: usize) -> &[Cell] {
        &self.cells[j * self.slots..(j + 1) * self.slots]
    }
}

pub use crate::util::par::threads;

/// Run `f(t, &mut items[t])` for every item, each on its own thread with
/// the `parallel` feature (scoped threads: nothing outlives the call, so
/// a process that forks, as Python's `multiprocessing` does, is safe).
fn for_each_shard<T: Send>(items: &mut [T], f: impl Fn(usize, &mut T) + Sync) {
    #[cfg(feature = "parallel")]
    if items.len() > 1 {
        let f = &f;
        std::thread::scope(|s| {
            let mut iter = items.iter_mut().enumerate();
            let first = iter.next();
            for (t, item) in iter {
                s.spawn(move || f(t, item));
            }
            if let Some((t, item)) = first {
                f(t, item);
            }
        });
        return;
    }
    for (t, item) in items.iter_mut().enumerate() {
        f(t, item);
    }
}

/// What numbering rows into cells needs of a [`Plan`] (or of [`PackedRows`]):
/// the segment names (in input order), the canonical code of each wave
/// label and the side of each side label.
#[derive(Clone, Copy)]
struct KeyParts<'p> {
    segment_names: &'p [String],
    wave_keys: &'p [u32],
    sides: &'p [Option<Side>],
}

/// Where a `by` field's value comes from in columnar input.
#[derive(Debug, Clone, Copy)]
enum ByColumn {
    Side,
    /// The input segment with this index.
    Segment(usize),
    /// No column carries it.
    Absent,
}

/// A cell numbered by integer codes: wave (canonical code), then each `by`
/// field (side 0/1, a segment's canonical code + 1, 0 for no value), in
/// mixed radix. Two rows share a number exactly when [`Aggregates::add`]
/// would put their records in the same cell.
struct CellCodes {
    by: Vec<ByColumn>,
    /// Per input segment used by `by`: canonical code + 1 per label (0 when
    /// the label is blank).
    segment_keys: Vec<Vec<u64>>,
    /// Radix of each `by` field.
    radix: Vec<u64>,
    /// Per wave label: its canonical code.
    wave_keys: Vec<u64>,
    /// Per side label: 0 for IT, 1 for the business (other labels are never accepted).
    sides: Vec<u64>,
}

impl CellCodes {
    fn new(input: &ColumnarResponses<'_>, parts: KeyParts<'_>, by: &[String]) -> Option<Self> {
        let mut segment_keys = vec![Vec::new(); input.segments.len()];
        let mut radix = Vec::with_capacity(by.len());
        let by: Vec<ByColumn> = by
            .iter()
            .map(|field| {
                if field == "side" {
                    radix.push(2);
                    return ByColumn::Side;
                }
                match parts.segment_names.iter().position(|n| n == field) {
                    Some(k) => {
                        let labels = input.segments[k].labels;
                        let canon = canonical(labels);
                        segment_keys[k] = labels
                            .iter()
                            .zip(&canon)
                            .map(|(l, &c)| if l.trim().is_empty() { 0 } else { u64::from(c) + 1 })
                            .collect();
                        radix.push(segment_keys[k].iter().copied().max().unwrap_or(0) + 1);
                        ByColumn::Segment(k)
                    }
                    None => {
                        radix.push(1);
                        ByColumn::Absent
                    }
                }
            })
            .collect();
        let waves = parts.wave_keys.iter().map(|&k| u64::from(k) + 1).max().unwrap_or(1);
        radix.iter().try_fold(waves, |acc, &r| acc.checked_mul(r))?;
        Some(CellCodes {
            by,
            segment_keys,
            radix,
            wave_keys: parts.wave_keys.iter().map(|&k| u64::from(k)).collect(),
            sides: parts.sides.iter().map(|s| u64::from(*s == Some(Side::Business))).collect(),
        })
    }

    /// The cell number of accepted row `r` (which has a wave and a side).
    #[inline]
    fn code(&self, input: &ColumnarResponses<'_>, r: usize) -> u64 {
        let mut code = self.wave_keys[input.wave.codes[r] as usize];
        for (b, &radix) in self.by.iter().zip(&self.radix) {
            let v = match *b {
                ByColumn::Side => self.sides[input.side.codes[r] as usize],
                ByColumn::Segment(k) => {
                    let c = input.segments[k].codes[r];
                    if c < 0 { 0 } else { self.segment_keys[k][c as usize] }
                }
                ByColumn::Absent => 0,
            };
            code = code * radix + v;
        }
        code
    }

    /// The [`CellKey`] of accepted row `r`: what [`Aggregates::add`] makes
    /// of its record.
    fn cell_key(&self, input: &ColumnarResponses<'_>, sides: &[Option<Side>], r: usize) -> CellKey {
        CellKey {
            wave: input.wave.label(r).unwrap_or_default().to_owned(),
            values: self
                .by
                .iter()
                .map(|b| match *b {
                    ByColumn::Side => sides[input.side.codes[r] as usize].map(|s| s.as_str().to_owned()),
                    ByColumn::Segment(k) => input.segments[k].label(r).map(str::to_owned),
                    ByColumn::Absent => None,
                })
                .collect(),
        }
    }
}
/// The duplicate check: which (wave, respondent) keys accepted rows carry.
///
/// Keys are dense integers (`wave × respondents + respondent`, over the
/// canonical codes), so when there are at most 2^27 of them (16 MiB) a bit
/// per key answers "seen before?" from cache. Only a duplicate needs the
/// first row carrying its key: the map from key to first row is then built
/// once, from the rows accepted so far, and kept up to date from there on.
/// With more possible keys, the map is used from the start.
struct Seen {
    bits: Option<Vec<u64>>,
    /// One bit per row: accepted (only needed until `first` exists).
    accepted: Vec<u64>,
    first: Option<HashMap<u64, u64, BuildHasherDefault<KeyHasher>>>,
}

/// Most keys tracked with one bit each.
const MAX_BIT_KEYS: u64 = 1 << 27;

impl Seen {
    fn new(key_space: u64, rows: usize) -> Self {
        if key_space <= MAX_BIT_KEYS {
            Seen {
                bits: Some(vec![0; key_space.div_ceil(64) as usize]),
                accepted: vec![0; rows.div_ceil(64)],
                first: None,
            }
        } else {
            let map = HashMap::with_capacity_and_hasher(rows, BuildHasherDefault::default());
            Seen { bits: None, accepted: Vec::new(), first: Some(map) }
        }
    }

    /// Record row `r` (0-based) with `key` as accepted, or return the 1-based
    /// first row that already carries `key`. `key_of` gives an earlier
    /// accepted row's key.
    fn check(&mut self, r: usize, key: u64, key_of: impl Fn(usize) -> u64) -> std::result::Result<(), u64> {
        if let Some(bits) = &mut self.bits {
            let (word, bit) = ((key / 64) as usize, 1u64 << (key % 64));
            if bits[word] & bit == 0 {
                bits[word] |= bit;
                match &mut self.first {
                    Some(first) => {
                        first.insert(key, r as u64 + 1);
                    }
                    None => self.accepted[r / 64] |= 1 << (r % 64),
                }
                return Ok(());
            }
            let accepted = &self.accepted;
            let first = self.first.get_or_insert_with(|| {
                let mut first = HashMap::with_hasher(BuildHasherDefault::default());
                for earlier in (0..r).filter(|&e| accepted[e / 64] & (1 << (e % 64)) != 0) {
                    first.entry(key_of(earlier)).or_insert(earlier as u64 + 1);
                }
                first
            });
            // The bit is set only by accepted rows, so the key is in the map.
            return Err(first.get(&key).copied().unwrap_or_default());
        }
        let first = self.first.get_or_insert_with(HashMap::default);
        match first.entry(key) {
            std::collections::hash_map::Entry::Occupied(e) => Err(*e.get()),
            std::collections::hash_map::Entry::Vacant(v) => {
                v.insert(r as u64 + 1);
                Ok(())
            }
        }
    }
}

/// A multiplicative hasher for the (already well spread) integer keys of
/// the duplicate check: the SplitMix64 finalizer of the written value.
#[derive(Default)]
struct KeyHasher(u64);

impl Hasher for KeyHasher {
    fn finish(&self) -> u64 {
        let mut h = self.0;
        h = (h ^ (h >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        h = (h ^ (h >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        h ^ (h >> 31)
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0 << 8 | u64::from(b)).rotate_left(5);
        }
    }
    fn write_u64(&mut self, n: u64) {
        self.0 = n;
    }
}

/// What a value column's numbers may be.
#[derive(Debug, Clone, Copy)]
enum Numbers {
    /// Whole points from `min` to `max`.
    Rating { min: f64, max: f64 },
    /// Option indices `0..options`.
    Choice { options: usize },
}

/// A value column resolved against the instrument.
struct ValueColumn {
    slot: usize,
    numbers: Numbers,
    not_applicable: bool,
}

/// A text column: its slot and each label's cell (`None`: the label is not
/// a valid answer; the error is rebuilt, located, for the rows that carry it).
struct TextColumn {
    slot: usize,
    cells: Vec<Option<Cell>>,
}

/// Everything resolved once per input: columns against the instrument,
/// every label parsed.
struct Plan<'a> {
    file: Option<&'a str>,
    m: usize,
    values: Vec<ValueColumn>,
    text: Vec<TextColumn>,
    /// Per side label: the side, or `None` when it is not one.
    sides: Vec<Option<Side>>,
    /// Canonical code per wave / respondent label (equal trimmed labels share one).
    wave_keys: Vec<u32>,
    /// Per wave label: why it cannot be a wave (see [`crate::waves::label_problem`]).
    wave_problems: Vec<Option<String>>,
    respondent_keys: Vec<u32>,
    /// Distinct canonical respondent ids (the stride of the duplicate key).
    respondent_count: u64,
    segment_names: Vec<String>,
    /// Input segment index of each entry of `Record::segments` (a map, so
    /// in name order).
    segment_order: Vec<usize>,
    missing_tokens: Vec<String>,
    not_applicable_tokens: Vec<String>,
}

/// Whether `v` is a whole number (for the ranges a scale allows; values
/// beyond ±2^63 fail the range checks anyway). A truncating conversion is
/// one instruction where `f64::fract` calls libm's `trunc` on every cell.
#[inline]
fn whole(v: f64) -> bool {
    (v as i64) as f64 == v
}

/// Per wave label: why it cannot be a wave (see [`crate::waves::label_problem`]).
fn wave_problems(labels: &[String], wave_order: &[String]) -> Vec<Option<String>> {
    labels.iter().map(|l| crate::waves::label_problem(l.trim(), wave_order)).collect()
}

/// Canonical codes: equal trimmed labels get the same code.
fn canonical(labels: &[String]) -> Vec<u32> {
    let mut seen: HashMap<&str, u32> = HashMap::with_capacity(labels.len());
    labels
        .iter()
        .map(|l| {
            let next = seen.len() as u32;
            *seen.entry(l.trim()).or_insert(next)
        })
        .collect()
}

fn length_error(name: &str, expected: usize, found: usize) -> Error {
    Error::InvalidArgument {
        name: format!("columnar input {name}"),
        expected: format!("{expected} entries (one per row)"),
        found: found.to_string(),
    }
}

fn check_codes(c: &Categories<'_>, rows: usize) -> Result<()> {
    if c.codes.len() != rows {
        return Err(length_error(&format!("column {:?}", c.name), rows, c.codes.len()));
    }
    let count = c.labels.len();
    if let Some(bad) = c.codes.iter().find(|&&k| k >= 0 && k as usize >= count) {
        return Err(Error::InvalidArgument {
            name: format!("columnar input column {:?}", c.name),
            expected: format!("codes below {count} (the number of labels), or negative for missing"),
            found: bad.to_string(),
        });
    }
    Ok(())
}

/// `v` as text the way a person would write it (`7`, `2.5`, `NaN`).
fn format_number(v: f64) -> String {
    if v.fract() == 0.0 && v.abs() < 1e15 { format!("{}", v as i64) } else { format!("{v}") }
}

fn same_text(text: &str, lower: &str) -> bool {
    text.lower() == lower
}

/// Check that columnar input can honour `mapping`: the keys that describe a
/// CSV file rather than columns — a role given as one value, as row numbers
/// or by timestamps, a side carried down, value maps, header rows — are not
/// read here, so a mapping with them is an [`Error::InvalidMapping`] naming
/// the first, never a silent misreading. The other keys (item and segment
/// names, side values, missing and not-applicable tokens, ignored columns)
/// apply as in a CSV.
///
/// ```
/// use rapport::aggregate::columnar::check_mapping;
/// use rapport::ingest::ColumnMapping;
/// assert!(check_mapping(&ColumnMapping::from_json(r#"{"items": {"Q1": "trust_1"}}"#).unwrap()).is_ok());
/// let e = check_mapping(&ColumnMapping::from_json(r#"{"wave": {"value": "2026-01"}}"#).unwrap()).unwrap_err();
/// assert_eq!(e.code(), "invalid_mapping");
/// assert!(e.to_string().contains("\"wave\" given as one value or by timestamps"), "{e}");
/// ```
pub fn check_mapping(mapping: &ColumnMapping) -> Result<()> {
    let unread = [
        (matches!(mapping.respondent, Some(RespondentSource::RowNumber)), "\"respondent\" given as row numbers"),
        (matches!(mapping.side, Some(SideSource::Value(_))), "\"side\" given as one value"),
        (matches!(mapping.side, Some(SideSource::Column { carry: true, .. })), "\"side\" carried down"),
        (
            matches!(mapping.wave, Some(WaveSource::Value(_) | WaveSource::Time(_))),
            "\"wave\" given as one value or by timestamps",
        ),
        (!mapping.values.is_empty(), "\"values\" (value maps)"),
        (mapping.header_rows.is_some_and(|n| n != 1), "\"header_rows\""),
    ];
    match unread.iter().find(|(given, _)| *given) {
        Some((_, what)) => Err(Error::InvalidMapping {
            reason: format!("{what} is read from CSV files only, not from columns (a DataFrame, typed arrays)"),
        }),
        None => Ok(()),
    }
}

impl<'a> Plan<'a> {
    fn new(input: &ColumnarResponses<'a>, instrument: &Instrument, options: &IngestOptions) -> Result<Self> {
        let file = input.source;
        let rows = input.rows();
        let m = input.columns.len();
        let default_mapping = crate::ingest::ColumnMapping::default();
        let mapping = options.mapping.as_ref().unwrap_or(&default_mapping);
        check_mapping(mapping)?;
        let rules = HeaderRules::new(instrument, mapping)?;
        if rows == 0 {
            return Err(Error::EmptyInput { location: Location::file(file) });
        }
        if input.values.len() != rows * m {
            return Err(length_error("values", rows * m, input.values.len()));
        }
        if let Some(mask) = input.not_applicable
            && mask.len() != rows * m
        {
            return Err(length_error("not_applicable", rows * m, mask.len()));
        }
        let roles = [Some(&input.side), Some(&input.wave), input.respondent.as_ref()];
        for c in roles.into_iter().flatten().chain(&input.segments).chain(&input.text_columns) {
            check_codes(c, rows)?;
        }

        // Columns → slots, as the CSV reader resolves headers.
        let mut seen: HashMap<usize, ()> = HashMap::new();
        let mut resolve = |name: &str| -> Result<usize> {
            let Some(slot) = rules.slot(name) else {
                return Err(Error::UnknownItem {
                    location: Location::file(file).with_column(name),
                    item: name.to_owned(),
                    instrument: instrument.id().to_owned(),
                });
            };
            if seen.insert(slot, ()).is_some() {
                return Err(Error::DuplicateColumn {
                    location: Location::file(file).with_column(name),
                    column: name.to_owned(),
                });
            }
            Ok(slot)
        };
        let mut values = Vec::with_capacity(m);
        for name in input.columns {
            let slot = resolve(name)?;
            let (numbers, not_applicable) = match instrument.slot_kind(slot) {
                Slot::Item(i) => {
                    let s = instrument.item_scale(i);
                    (Numbers::Rating { min: f64::from(s.min), max: f64::from(s.max) }, s.not_applicable)
                }
                Slot::Outcome(o) => match instrument.outcome_scale(o) {
                    Some(s) if instrument.outcomes()[o].options.is_empty() => {
                        (Numbers::Rating { min: f64::from(s.min), max: f64::from(s.max) }, s.not_applicable)
                    }
                    s => (
                        Numbers::Choice { options: instrument.outcomes()[o].options.len() },
                        s.is_some_and(|s| s.not_applicable),
                    ),
                },
            };
            values.push(ValueColumn { slot, numbers, not_applicable });
        }
        let lower = |v: &[String]| -> Vec<String> { v.iter().map(|s| s.trim().lower()).collect() };
        let default_na = ["na".to_owned(), "n/a".to_owned(), "not applicable".to_owned()];
        let missing_tokens = lower(mapping.missing_values.as_deref().unwrap_or_default());
        let not_applicable_tokens = lower(mapping.not_applicable_values.as_deref().unwrap_or(&default_na));
        let mut plan = Plan {
            file,
            m,
            values,
            text: Vec::new(),
            sides: Vec::new(),
            wave_keys: canonical(input.wave.labels),
            wave_problems: wave_problems(input.wave.labels, &options.wave_order),
            respondent_keys: input.respondent.map(|c| canonical(c.labels)).unwrap_or_default(),
            respondent_count: 0,
            segment_names: Vec::new(),
            segment_order: Vec::new(),
            missing_tokens,
            not_applicable_tokens,
        };
        for c in &input.text_columns {
            let slot = resolve(c.name)?;
            let cells =
                c.labels.iter().map(|label| plan.text_cell(instrument, slot, label, Location::default).ok()).collect();
            plan.text.push(TextColumn { slot, cells });
        }
        if plan.values.is_empty() && plan.text.is_empty() {
            return Err(Error::MissingColumn {
                location: Location::file(file),
                column: format!("any item column of instrument {}", echo(instrument.id())),
                found: "no item columns".into(),
                hint: String::new(),
            });
        }
        let side_values: Vec<(String, Side)> =
            mapping.side_values.iter().map(|(k, v)| (k.trim().lower(), *v)).collect();
        plan.sides = input
            .side
            .labels
            .iter()
            .map(|l| {
                let t = l.trim();
                match side_values.iter().find(|(k, _)| same_text(t, k)) {
                    Some((_, s)) => Some(*s),
                    None => t.parse::<Side>().ok(),
                }
            })
            .collect();
        let declared = options.segments.is_some();
        let mut names_seen: HashMap<String, ()> = HashMap::new();
        for c in &input.segments {
            let renamed = rules.renamed_segment(c.name);
            let name = renamed.unwrap_or(c.name).trim().to_owned();
            // As in a CSV without declared segments: a column named like an
            // item would silently drop answers if read as a segment.
            if !declared && renamed.is_none() && looks_like_item(c.name, instrument) {
                return Err(unknown_column(c.name, instrument, None, file));
            }
            if names_seen.insert(name.lower(), ()).is_some() {
                return Err(Error::DuplicateColumn {
                    location: Location::file(file).with_column(c.name),
                    column: c.name.to_owned(),
                });
            }
            plan.segment_names.push(name);
        }
        plan.respondent_count = plan.respondent_keys.iter().map(|&k| u64::from(k) + 1).max().unwrap_or(0);
        let mut order: Vec<usize> = (0..plan.segment_names.len()).collect();
        crate::util::sort::sort_by(&mut order, |&a, &b| plan.segment_names[a].cmp(&plan.segment_names[b]));
        plan.segment_order = order;
        Ok(plan)
    }

    /// A text cell, by the CSV reader's rules.
    fn text_cell(&self, instrument: &Instrument, slot: usize, raw: &str, loc: impl Fn() -> Location) -> Result<Cell> {
        let t = raw.trim();
        if t.is_empty() || self.missing_tokens.iter().any(|m| same_text(t, m)) {
            return Ok(Cell::Missing);
        }
        if self.not_applicable_tokens.iter().any(|m| same_text(t, m)) {
            return check_not_applicable(instrument, slot, t, loc);
        }
        let scale = match instrument.slot_kind(slot) {
            Slot::Item(i) => Some(instrument.item_scale(i)),
            Slot::Outcome(o) if instrument.outcomes()[o].options.is_empty() => instrument.outcome_scale(o),
            Slot::Outcome(_) => None,
        };
        let Some(scale) = scale else { return check_choice(instrument, slot, t, loc) };
        if let Some(v) = crate::util::float::parse_f64(t) {
            return check_value(instrument, slot, v, t, loc);
        }
        match scale.labels.iter().position(|l| same_text(t, &l.trim().lower())) {
            Some(k) => Ok(Cell::Value(f64::from(scale.min) + k as f64)),
            // Builds the "expected a whole number from …" error.
            None => check_choice(instrument, slot, t, loc),
        }
    }

    /// Number of possible (wave, respondent) keys.
    fn key_space(&self) -> u64 {
        let waves = self.wave_keys.iter().map(|&k| u64::from(k) + 1).max().unwrap_or(0);
        waves.saturating_mul(self.respondent_count)
    }

    /// What cell keys need of the plan.
    fn key_parts(&self) -> KeyParts<'_> {
        KeyParts { segment_names: &self.segment_names, wave_keys: &self.wave_keys, sides: &self.sides }
    }

    /// The duplicate-check key of row `r`, which has a wave and a respondent.
    fn key(&self, input: &ColumnarResponses<'_>, r: usize) -> u64 {
        let wave = u64::from(self.wave_keys[input.wave.codes[r].max(0) as usize]);
        let respondent = input.respondent.map_or(0, |c| u64::from(self.respondent_keys[c.codes[r].max(0) as usize]));
        wave * self.respondent_count + respondent
    }

    fn location(&self, row: u64, column: Option<&str>) -> Location {
        let loc = Location::file(self.file).with_row(row);
        match column {
            Some(c) => loc.with_column(c),
            None => loc,
        }
    }

    /// Read row `r` (0-based; the error's row is 1-based) into `side` and
    /// `cells`, or return its first error. On success, the (wave, respondent) key for the duplicate
    /// check, when there are respondent ids.
    fn fill(
        &self,
        input: &ColumnarResponses<'_>,
        instrument: &Instrument,
        r: usize,
        side: &mut Side,
        cells: &mut [Cell],
    ) -> Result<Option<u64>> {
        let row = r as u64 + 1;
        let mut key = None;
        if let Some(resp) = &input.respondent {
            if resp.label(r).is_none() {
                return Err(Error::MissingField {
                    location: self.location(row, Some(resp.name)),
                    field: "respondent".into(),
                });
            }
            key = Some(u64::from(self.respondent_keys[resp.codes[r] as usize]));
        }
        if input.wave.label(r).is_none() {
            return Err(Error::MissingField {
                location: self.location(row, Some(input.wave.name)),
                field: "wave".into(),
            });
        }
        if let Some(expected) = &self.wave_problems[input.wave.codes[r] as usize] {
            return Err(Error::InvalidWave {
                location: self.location(row, Some(input.wave.name)),
                found: input.wave.label(r).unwrap_or_default().to_owned(),
                expected: expected.clone(),
            });
        }
        let wave_key = u64::from(self.wave_keys[input.wave.codes[r] as usize]);
        let key = key.map(|k| wave_key * self.respondent_count + k);
        let side_code = input.side.codes[r];
        *side = match (side_code >= 0).then(|| self.sides[side_code as usize]).flatten() {
            Some(s) => s,
            None => {
                let found = if side_code >= 0 { input.side.labels[side_code as usize].trim() } else { "" };
                return Err(Error::UnknownSide {
                    location: self.location(row, Some(input.side.name)),
                    found: found.to_owned(),
                });
            }
        };

        let base = r * self.m;
        let values = &input.values[base..base + self.m];
        for (j, (col, &v)) in self.values.iter().zip(values).enumerate() {
            let na = input.not_applicable.is_some_and(|mask| mask[base + j] != 0);
            cells[col.slot] = if na {
                if col.not_applicable {
                    Cell::NotApplicable
                } else {
                    return Err(Error::NotApplicableNotAllowed {
                        location: self.location(row, Some(&input.columns[j])).with_item(instrument.slot_id(col.slot)),
                        found: "not applicable (mask)".into(),
                    });
                }
            } else if v.is_nan() {
                Cell::Missing
            } else {
                match col.numbers {
                    Numbers::Rating { min, max } if whole(v) && v >= min && v <= max => Cell::Value(v),
                    Numbers::Choice { options } if whole(v) && v >= 0.0 && v < options as f64 => Cell::Value(v),
                    numbers => return Err(self.value_error(input, instrument, j, col, numbers, v, row)),
                }
            };
        }
        for (c, col) in input.text_columns.iter().zip(&self.text) {
            let code = c.codes[r];
            cells[col.slot] = if code < 0 {
                Cell::Missing
            } else {
                match col.cells[code as usize] {
                    Some(cell) => cell,
                    None => {
                        let loc = || self.location(row, Some(c.name)).with_item(instrument.slot_id(col.slot));
                        // Rebuild the label's error, now located.
                        return Err(self
                            .text_cell(instrument, col.slot, &c.labels[code as usize], loc)
                            .err()
                            .unwrap_or_else(|| Error::InvalidValue {
                                location: loc(),
                                expected: "a valid answer".into(),
                                found: c.labels[code as usize].clone(),
                            }));
                    }
                }
            };
        }
        Ok(key)
    }

    /// Fill the respondent, wave and segments of accepted row `r` into
    /// `record` from their codes (a segment missing in the row is empty).
    fn names(&self, input: &ColumnarResponses<'_>, r: usize, record: &mut Record) {
        record.respondent.clear();
        if let Some(id) = input.respondent.and_then(|c| c.label(r)) {
            record.respondent.push_str(id);
        }
        record.wave.clear();
        record.wave.push_str(input.wave.label(r).unwrap_or_default());
        for (value, &k) in record.segments.values_mut().zip(&self.segment_order) {
            value.clear();
            if let Some(v) = input.segments[k].label(r) {
                value.push_str(v);
            }
        }
    }

    /// The error for a number a value column does not accept.
    #[allow(clippy::too_many_arguments)] // the cold path of `fill`
    fn value_error(
        &self,
        input: &ColumnarResponses<'_>,
        instrument: &Instrument,
        j: usize,
        col: &ValueColumn,
        numbers: Numbers,
        v: f64,
        row: u64,
    ) -> Error {
        let loc = || self.location(row, Some(&input.columns[j])).with_item(instrument.slot_id(col.slot));
        match numbers {
            Numbers::Rating { .. } => match check_value(instrument, col.slot, v, &format_number(v), loc) {
                Err(e) => e,
                Ok(_) => {
                    Error::InvalidValue { location: loc(), expected: "a scale point".into(), found: v.to_string() }
                }
            },
            Numbers::Choice { options } => {
                let ids: Vec<&str> = match instrument.slot_kind(col.slot) {
                    Slot::Outcome(o) => instrument.outcomes()[o].options.iter().map(|x| x.id.as_str()).collect(),
                    Slot::Item(_) => Vec::new(),
                };
                Error::InvalidValue {
                    location: loc(),
                    expected: format!("an option index from 0 to {} ({})", options.saturating_sub(1), ids.join(", ")),
                    found: format_number(v),
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::csv::read_csv_path;
    use crate::ingest::{ColumnMapping, IngestSummary};
    use crate::options::ScoreOptions;
    use crate::report::Report;
    use std::path::PathBuf;

    fn s(v: &[&str]) -> Vec<String> {
        v.iter().map(|x| (*x).to_owned()).collect()
    }

    /// An owned columnar table for the tests.
    struct Table {
        columns: Vec<String>,
        values: Vec<f64>,
        mask: Vec<u8>,
        side: (Vec<i32>, Vec<String>),
        wave: (Vec<i32>, Vec<String>),
        respondent: (Vec<i32>, Vec<String>),
        segments: Vec<(String, Vec<i32>, Vec<String>)>,
    }

    fn intern(labels: &mut Vec<String>, index: &mut HashMap<String, i32>, v: Option<&str>) -> i32 {
        match v {
            None => -1,
            Some(v) => *index.entry(v.to_owned()).or_insert_with(|| {
                labels.push(v.to_owned());
                labels.len() as i32 - 1
            }),
        }
    }

    impl Table {
        /// Every slot of the instrument as a value column, from records.
        fn from_records(instrument: &Instrument, records: &[Record], segments: &[&str]) -> Table {
            let columns: Vec<String> = (0..instrument.slot_count()).map(|s| instrument.slot_id(s).to_owned()).collect();
            let mut t = Table {
                columns,
                values: Vec::new(),
                mask: Vec::new(),
                side: (Vec::new(), s(&["it", "business"])),
                wave: (Vec::new(), Vec::new()),
                respondent: (Vec::new(), Vec::new()),
                segments: segments.iter().map(|n| ((*n).to_owned(), Vec::new(), Vec::new())).collect(),
            };
            let (mut wi, mut ri) = (HashMap::new(), HashMap::new());
            let mut si: Vec<HashMap<String, i32>> = segments.iter().map(|_| HashMap::new()).collect();
            for r in records {
                for c in &r.cells {
                    let (v, na) = match c {
                        Cell::Value(v) => (*v, 0),
                        Cell::Missing => (f64::NAN, 0),
                        Cell::NotApplicable => (f64::NAN, 1),
                    };
                    t.values.push(v);
                    t.mask.push(na);
                }
                t.side.0.push(if r.side == Side::It { 0 } else { 1 });
                let w = intern(&mut t.wave.1, &mut wi, Some(&r.wave));
                t.wave.0.push(w);
                let id = intern(&mut t.respondent.1, &mut ri, Some(&r.respondent));
                t.respondent.0.push(id);
                for (k, (name, codes, labels)) in t.segments.iter_mut().enumerate() {
                    codes.push(intern(labels, &mut si[k], r.segments.get(name).map(String::as_str)));
                }
            }
            t
        }

        fn view(&self) -> ColumnarResponses<'_> {
            ColumnarResponses {
                not_applicable: Some(&self.mask),
                respondent: Some(Categories::new("respondent", &self.respondent.0, &self.respondent.1)),
                segments: self.segments.iter().map(|(n, c, l)| Categories::new(n, c, l)).collect(),
                ..ColumnarResponses::new(
                    &self.columns,
                    &self.values,
                    Categories::new("side", &self.side.0, &self.side.1),
                    Categories::new("wave", &self.wave.0, &self.wave.1),
                )
            }
        }
    }

    fn sample_path() -> PathBuf {
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../examples/data/responses.csv")
    }

    fn csv_records(instrument: &Instrument) -> Vec<Record> {
        let mut records = Vec::new();
        read_csv_path(&sample_path(), instrument, &IngestOptions::default(), &mut |r| records.push(r)).unwrap();
        records
    }

    fn strip_intake(json: &str) -> serde_json::Value {
        let mut v: serde_json::Value = serde_json::from_str(json).unwrap();
        v.as_object_mut().unwrap().remove("intake");
        v
    }

    #[test]
    fn report_equals_the_csv_path_on_the_bundled_sample() {
        let inst = Instrument::default();
        let records = csv_records(&inst);
        let table = Table::from_records(&inst, &records, &["department", "role"]);
        let opts = ScoreOptions { by: s(&["side", "department", "role"]), ..ScoreOptions::default() };

        let mut from_csv = Aggregates::new(&inst, &opts).unwrap();
        let mut intake = IngestSummary::default();
        let (src, rej) =
            read_csv_path(&sample_path(), &inst, &IngestOptions::default(), &mut |r| from_csv.add(&r)).unwrap();
        intake.add_source(src, rej);
        let csv_report = Report::build(&from_csv, intake).unwrap();

        let mut from_columns = Aggregates::new(&inst, &opts).unwrap();
        let (src, rej) = table.view().aggregate(&IngestOptions::default(), &mut from_columns).unwrap();
        assert_eq!(
            (src.rows_in, src.accepted, src.rejected, rej.len()),
            (records.len() as u64, records.len() as u64, 0, 0)
        );
        let mut intake = IngestSummary::default();
        intake.add_source(src, rej);
        let columnar_report = Report::build(&from_columns, intake).unwrap();
        // Identical figures (same rows in the same order: bit for bit);
        // only the intake's source differs (file and format).
        assert_eq!(strip_intake(&csv_report.to_json()), strip_intake(&columnar_report.to_json()));
        assert!(columnar_report.intake.sources.is_empty(), "no per-file counts in a report");

        let (back, _, _) = table.view().to_records(&inst, &IngestOptions::default()).unwrap();
        assert_eq!(back, records, "to_records gives the CSV reader's records");
    }

    fn small() -> Table {
        let inst = Instrument::default();
        let records: Vec<Record> = crate::sample::generate(
            &inst,
            &crate::sample::SampleOptions { waves: 1, respondents_per_wave: 20, ..Default::default() },
        );
        Table::from_records(&inst, &records, &["department"])
    }

    fn col(t: &Table, id: &str) -> usize {
        t.columns.iter().position(|c| c == id).unwrap()
    }

    /// Over several blocks (and, with the `parallel` feature, across the
    /// threads' shares of a block), the block-wise loop rejects exactly the
    /// bad rows and duplicates, keeps every other row as generated, and
    /// aggregates to the figures of adding the records one by one, bit for
    /// bit, on any number of threads.
    #[test]
    fn blocks_keep_the_rows_errors_and_figures_of_one_by_one() {
        let inst = Instrument::default();
        let records: Vec<Record> = crate::sample::generate(
            &inst,
            &crate::sample::SampleOptions {
                waves: 2,
                respondents_per_wave: 2 * BLOCK_ROWS as u32 + 700,
                ..Default::default()
            },
        );
        let mut t = Table::from_records(&inst, &records, &["department", "role"]);
        let n = t.side.0.len();
        assert!(n > 2 * BLOCK_ROWS, "{n} rows");
        let m = t.columns.len();
        let trust_1 = col(&t, "trust_1");
        // Bad rows at and around block and share boundaries (0-based rows).
        let bad = [0, BLOCK_ROWS / 2 - 1, BLOCK_ROWS / 2, BLOCK_ROWS - 1, BLOCK_ROWS, 2 * BLOCK_ROWS + 1, n - 1];
        for &r in &bad {
            t.values[r * m + trust_1] = 9.0;
        }
        t.side.0[BLOCK_ROWS + 17] = -1;
        // Duplicates: a later block repeats rows of earlier blocks, one of
        // them the repeat of a rejected row (which is then the first).
        for (dup, of) in [(BLOCK_ROWS + 5, 3), (2 * BLOCK_ROWS + 9, BLOCK_ROWS + 5), (2 * BLOCK_ROWS + 40, BLOCK_ROWS)]
        {
            t.respondent.0[dup] = t.respondent.0[of];
            t.wave.0[dup] = t.wave.0[of];
        }
        let lenient = IngestOptions { lenient: true, ..Default::default() };
        let (expected, summary, rejected) = t.view().to_records(&inst, &lenient).unwrap();
        // Rejected, 1-based: the bad values, the missing side, two duplicates
        // (the third repeats a rejected row, so it is the first answer).
        let mut want: Vec<(u64, &str)> = bad.iter().map(|&r| (r as u64 + 1, "value_out_of_scale")).collect();
        want.push((BLOCK_ROWS as u64 + 18, "unknown_side"));
        want.push((BLOCK_ROWS as u64 + 6, "duplicate_respondent"));
        want.push((2 * BLOCK_ROWS as u64 + 10, "duplicate_respondent"));
        want.sort();
        let got: Vec<(u64, &str)> = rejected.iter().map(|r| (r.row, r.code.as_str())).collect();
        assert_eq!(got, want);
        assert_eq!((summary.rows_in, summary.accepted, summary.rejected), (n as u64, (n - want.len()) as u64, 10));
        // Every other row as generated (side and answers).
        let kept: Vec<&Record> = records
            .iter()
            .enumerate()
            .filter(|(r, _)| !want.iter().any(|w| w.0 == *r as u64 + 1))
            .map(|p| p.1)
            .collect();
        assert_eq!(expected.len(), kept.len());
        assert!(expected.iter().zip(&kept).all(|(a, b)| a.side == b.side && a.cells == b.cells));

        let (v_summary, v_rejected) = t.view().validate(&inst, &lenient).unwrap();
        assert_eq!((v_summary, &v_rejected), (summary.clone(), &rejected));

        let mut rows = Vec::new();
        let (r_summary, r_rejected) = t
            .view()
            .for_each_row(&inst, &lenient, &mut |r, record| rows.push((r, record.side, record.cells.clone())))
            .unwrap();
        assert_eq!((r_summary, &r_rejected), (summary.clone(), &rejected));
        assert_eq!(rows.len(), expected.len());
        for ((_, side, cells), record) in rows.iter().zip(&expected) {
            assert_eq!((side, cells), (&record.side, &record.cells));
        }
        let rejected_rows: Vec<u64> = rejected.iter().map(|r| r.row).collect();
        assert!(rows.iter().all(|(r, _, _)| !rejected_rows.contains(&(*r as u64 + 1))));

        let opts = ScoreOptions { by: s(&["side", "department"]), ..ScoreOptions::default() };
        let mut one_by_one = Aggregates::new(&inst, &opts).unwrap();
        expected.iter().for_each(|r| one_by_one.add(r));
        let report = |a: &Aggregates| Report::build(a, IngestSummary::default()).unwrap().to_json();
        let expected_report = report(&one_by_one);
        for threads in [threads(), 1, 3, 7] {
            let mut by_blocks = Aggregates::new(&inst, &opts).unwrap();
            let (a_summary, a_rejected) =
                collect_rejected(|rejects| t.view().aggregate_on(threads, &lenient, &mut by_blocks, rejects)).unwrap();
            assert_eq!((&a_summary, &a_rejected), (&summary, &rejected), "{threads} threads");
            assert_eq!(report(&by_blocks), expected_report, "bit for bit on {threads} threads");
        }

        // Packed once, scored without validating again: the same rows and figures,
        // from a view without the answers, the mask or the respondent ids.
        let (packed, p_summary, p_rejected) = t.view().pack(&inst, &lenient).unwrap();
        assert_eq!((&p_summary, &p_rejected), (&summary, &rejected));
        assert_eq!(packed.len(), expected.len());
        assert!(packed.rows().zip(&rows).all(|((r, side), (row, s, _))| r == *row && side == *s));
        assert!(packed.heap_bytes() * 3 < t.values.len() * 8, "{} bytes packed", packed.heap_bytes());
        let bare = ColumnarResponses { values: &[], columns: &[], not_applicable: None, respondent: None, ..t.view() };
        for by in [s(&["side", "department"]), s(&["role", "side", "department"]), Vec::new()] {
            let opts = ScoreOptions { by, ..ScoreOptions::default() };
            let mut from_packed = Aggregates::new(&inst, &opts).unwrap();
            bare.aggregate_packed(&packed, &mut from_packed).unwrap();
            let mut validated = Aggregates::new(&inst, &opts).unwrap();
            t.view().aggregate(&lenient, &mut validated).unwrap();
            assert_eq!(report(&from_packed), report(&validated), "by {:?}", opts.by);
        }
        let other = ColumnarResponses { side: Categories::new("side", &t.side.0[1..], &t.side.1), ..bare.clone() };
        let e = other.aggregate_packed(&packed, &mut Aggregates::new(&inst, &opts).unwrap()).unwrap_err();
        assert_eq!(e.code(), "invalid_argument");

        // Strict mode: the first error, whichever share of a block meets it.
        let e = t.view().validate(&inst, &IngestOptions::default()).unwrap_err();
        assert_eq!((e.code(), e.location().unwrap().row), ("value_out_of_scale", Some(1)));
        t.values[trust_1] = 3.0;
        for view_err in [
            t.view().validate(&inst, &IngestOptions::default()).unwrap_err(),
            t.view().aggregate(&IngestOptions::default(), &mut Aggregates::new(&inst, &opts).unwrap()).unwrap_err(),
            t.view()
                .aggregate_on(3, &IngestOptions::default(), &mut Aggregates::new(&inst, &opts).unwrap(), &mut |_| {})
                .unwrap_err(),
        ] {
            let row_err = t.view().to_records(&inst, &IngestOptions::default()).unwrap_err();
            assert_eq!(view_err.to_string(), row_err.to_string());
            assert_eq!(view_err.location().unwrap().row, Some(BLOCK_ROWS as u64 / 2));
        }
    }

    /// More groups than a 64-bit number can tell apart: packed rows are
    /// scored through records, with the figures of the validating path.
    #[test]
    fn packed_rows_with_too_many_groups_to_number() {
        let inst = Instrument::default();
        let records: Vec<Record> = crate::sample::generate(
            &inst,
            &crate::sample::SampleOptions { waves: 2, respondents_per_wave: 300, ..Default::default() },
        );
        let mut t = Table::from_records(&inst, &records, &["department"]);
        let n = t.side.0.len();
        // Four segments of 100,000 labels each (the rows use three of them,
        // one blank): 100,001^4 possible cells > 2^64.
        for k in 0..4 {
            let labels: Vec<String> =
                (0..100_000).map(|l| if l == 2 { " ".into() } else { format!("s{k}-{l}") }).collect();
            t.segments.push((format!("seg{k}"), (0..n).map(|r| ((r + k) % 3) as i32).collect(), labels));
        }
        let by: Vec<String> = (0..4).map(|k| format!("seg{k}")).chain(["side".to_owned()]).collect();
        let opts = ScoreOptions { by, min_group_size: 3, ..ScoreOptions::default() };
        let strict = IngestOptions::default();
        let view = t.view();
        let plan = Plan::new(&view, &inst, &strict).unwrap();
        assert!(CellCodes::new(&view, plan.key_parts(), &opts.by).is_none(), "too many cells to number");
        let (packed, _, _) = view.pack(&inst, &strict).unwrap();
        let mut from_packed = Aggregates::new(&inst, &opts).unwrap();
        view.aggregate_packed(&packed, &mut from_packed).unwrap();
        let mut validated = Aggregates::new(&inst, &opts).unwrap();
        view.aggregate(&strict, &mut validated).unwrap();
        let report = |a: &Aggregates| Report::build(a, IngestSummary::default()).unwrap().to_json();
        assert_eq!(report(&from_packed), report(&validated));
        assert_eq!(from_packed.respondents(), n as u64);
    }

    #[test]
    fn strict_mode_stops_at_the_first_bad_row_located() {
        let inst = Instrument::default();
        let mut t = small();
        let m = t.columns.len();
        let (trust_2, cadence, overall) = (col(&t, "trust_2"), col(&t, "meeting_cadence"), col(&t, "overall_rating"));
        t.values[4 * m + trust_2] = 6.0; // row 5
        t.values[2 * m + cadence] = 5.0; // row 3: five options, 0..=4
        t.mask[7 * m + overall] = 1; // row 8: overall has no N/A
        let strict = IngestOptions::default();
        let e = t.view().to_records(&inst, &strict).unwrap_err();
        assert_eq!(e.code(), "invalid_value");
        let loc = e.location().unwrap();
        assert_eq!(
            (loc.row, loc.column.as_deref(), loc.item.as_deref()),
            (Some(3), Some("meeting_cadence"), Some("meeting_cadence"))
        );
        assert!(e.to_string().contains("an option index from 0 to 4 (weekly, "), "{e}");

        let lenient = IngestOptions { lenient: true, ..Default::default() };
        let (records, summary, rejected) = t.view().to_records(&inst, &lenient).unwrap();
        let got: Vec<(u64, &str, Option<&str>)> =
            rejected.iter().map(|r| (r.row, r.code.as_str(), r.item.as_deref())).collect();
        assert_eq!(
            got,
            [
                (3, "invalid_value", Some("meeting_cadence")),
                (5, "value_out_of_scale", Some("trust_2")),
                (8, "not_applicable_not_allowed", Some("overall_rating"))
            ]
        );
        assert_eq!(
            (summary.rows_in, summary.accepted, summary.rejected),
            (t.side.0.len() as u64, records.len() as u64, 3)
        );
        assert_eq!(
            rejected[1].message,
            "row 5, column \"trust_2\": value 6 is outside the scale (expected a whole number from 1 to 5)"
        );
        // Fractions and infinities are refused like "4.5" and "inf" in a CSV.
        t.values[4 * m + trust_2] = 4.5;
        assert_eq!(t.view().validate(&inst, &lenient).unwrap().1[1].code, "value_out_of_scale");
        t.values[4 * m + trust_2] = f64::INFINITY;
        assert_eq!(t.view().validate(&inst, &lenient).unwrap().1[1].code, "invalid_value");
    }

    #[test]
    fn roles_are_checked_in_the_csv_order() {
        let inst = Instrument::default();
        let mut t = small();
        t.side.1 = s(&["it", "vendor"]);
        t.wave.0[0] = -1;
        t.respondent.0[1] = -1;
        let lenient = IngestOptions { lenient: true, ..Default::default() };
        let (_, _, rejected) = t.view().to_records(&inst, &lenient).unwrap();
        assert_eq!(
            (rejected[0].row, rejected[0].code.as_str(), rejected[0].column.as_deref()),
            (1, "missing_field", Some("wave"))
        );
        assert_eq!(
            (rejected[1].row, rejected[1].code.as_str(), rejected[1].column.as_deref()),
            (2, "missing_field", Some("respondent"))
        );
        let business = &rejected[2];
        assert_eq!((business.code.as_str(), business.column.as_deref()), ("unknown_side", Some("side")));
        assert!(business.message.contains("found \"vendor\""), "{}", business.message);
    }

    #[test]
    fn duplicates_name_the_first_row_and_rejected_rows_never_count() {
        let inst = Instrument::default();
        let mut t = small();
        // Rows 2, 4 and 6 carry the id of row 1; row 1 is bad, so row 2 is first.
        t.respondent.0[1] = t.respondent.0[0];
        t.respondent.0[3] = t.respondent.0[0];
        // " r… " trims to the same id.
        let padded = format!("  {} ", t.respondent.1[t.respondent.0[0] as usize]);
        t.respondent.1.push(padded);
        t.respondent.0[5] = t.respondent.1.len() as i32 - 1;
        let trust_1 = col(&t, "trust_1");
        t.values[trust_1] = 0.0;
        let lenient = IngestOptions { lenient: true, ..Default::default() };
        let (_, summary, rejected) = t.view().to_records(&inst, &lenient).unwrap();
        let dups: Vec<(u64, String)> = rejected.iter().map(|r| (r.row, r.message.clone())).collect();
        assert_eq!(dups.len(), 3);
        assert_eq!(
            dups[1],
            (4, "row 4, column \"respondent\": respondent answered wave \"2025-04\" twice (first at row 2)".into())
        );
        assert_eq!(dups[2].0, 6);
        assert_eq!(summary.rejected, 3);
        let e = t.view().validate(&inst, &IngestOptions::default()).unwrap_err();
        assert_eq!((e.code(), e.location().unwrap().row), ("value_out_of_scale", Some(1)));
        t.values[trust_1] = 3.0;
        let e = t.view().validate(&inst, &IngestOptions::default()).unwrap_err();
        assert_eq!((e.code(), e.location().unwrap().row), ("duplicate_respondent", Some(2)));
        // Without ids there is no duplicate check.
        let mut v = t.view();
        v.respondent = None;
        let (records, summary, _) = v.to_records(&inst, &lenient).unwrap();
        assert_eq!(summary.rejected, 0);
        assert_eq!(records[4].respondent, "5");
    }

    #[test]
    fn duplicate_check_by_bits_and_by_map_agree() {
        // Rows 0..12 carry keys k = r % 5, except that rows 3 and 9 are
        // rejected for other reasons (never checked). The first occurrence of
        // each key is the first checked row carrying it.
        let keys: Vec<u64> = (0..12).map(|r| r % 5).collect();
        let rejected = [3usize, 9];
        let expected: Vec<Option<u64>> =
            vec![None, None, None, None, None, Some(1), Some(2), Some(3), None, None, Some(1), Some(2)];
        for key_space in [5, MAX_BIT_KEYS + 1] {
            let mut seen = Seen::new(key_space, keys.len());
            let mut got = Vec::new();
            for (r, &key) in keys.iter().enumerate() {
                if rejected.contains(&r) {
                    got.push(None);
                    continue;
                }
                got.push(seen.check(r, key, |e| keys[e]).err());
            }
            // Row 8 (key 3) comes after rejected row 3: it is the first with key 3.
            assert_eq!(got, expected, "key space {key_space}");
        }
    }

    #[test]
    fn whole_input_problems_are_errors_in_both_modes() {
        let inst = Instrument::default();
        let lenient = IngestOptions { lenient: true, ..Default::default() };
        let mut t = small();
        t.columns[3] = "trust_9".into();
        let e = t.view().validate(&inst, &lenient).unwrap_err();
        assert_eq!((e.code(), e.location().unwrap().column.as_deref()), ("unknown_item", Some("trust_9")));
        t.columns[3] = "Trust_1".into();
        assert_eq!(t.view().validate(&inst, &lenient).unwrap_err().code(), "duplicate_column");
        let t = small();
        let mut v = t.view();
        v.values = &t.values[1..];
        assert_eq!(v.validate(&inst, &lenient).unwrap_err().code(), "invalid_argument");
        let bad_codes = vec![7; t.side.0.len()];
        let mut v = t.view();
        v.side.codes = &bad_codes;
        assert_eq!(v.validate(&inst, &lenient).unwrap_err().code(), "invalid_argument");
        let mut v = t.view();
        v.columns = &[];
        v.values = &[];
        v.not_applicable = None;
        assert_eq!(v.validate(&inst, &lenient).unwrap_err().code(), "missing_column");
        let none: [i32; 0] = [];
        let v =
            ColumnarResponses::new(&[], &[], Categories::new("side", &none, &[]), Categories::new("wave", &none, &[]));
        assert_eq!(v.validate(&inst, &lenient).unwrap_err().code(), "empty_input");
    }

    #[test]
    fn segments_named_like_items_are_refused_unless_declared() {
        let inst = Instrument::default();
        let mut t = small();
        t.segments[0].0 = "Trust 5".into();
        let e = t.view().validate(&inst, &IngestOptions::default()).unwrap_err();
        assert_eq!((e.code(), e.location().unwrap().column.as_deref()), ("unknown_item_column", Some("Trust 5")));
        assert!(e.to_string().contains("did you mean \"trust_1\"?"), "{e}");
        let declared = IngestOptions { segments: Some(vec![]), ..Default::default() };
        let (records, _, _) = t.view().to_records(&inst, &declared).unwrap();
        assert!(records.iter().any(|r| r.segments.contains_key("Trust 5")));
        t.segments[0].0 = "trustee".into();
        assert!(t.view().validate(&inst, &IngestOptions::default()).is_ok());
    }

    #[test]
    fn text_columns_read_like_csv_cells() {
        let inst = Instrument::default();
        let columns = s(&["trust_1"]);
        let values = [4.0, 4.0, 4.0, 4.0, 4.0, 4.0];
        let labels = s(&["2", " Agree ", "N/A", "", "Monthly", "7"]);
        let cadence = s(&["monthly", "WEEKLY", "daily"]);
        let sides = s(&["IT", "Business"]);
        let waves = s(&["2026-01"]);
        let codes = [0, 1, 2, 3, -1, 5];
        let text = [
            Categories::new("trust_2", &codes, &labels),
            Categories::new("meeting_cadence", &[0, 1, -1, 0, 0, 2], &cadence),
        ];
        let v = ColumnarResponses {
            text_columns: text.to_vec(),
            ..ColumnarResponses::new(
                &columns,
                &values,
                Categories::new("side", &[0, 1, 0, 1, 0, 1], &sides),
                Categories::new("wave", &[0; 6], &waves),
            )
        };
        let lenient = IngestOptions { lenient: true, ..Default::default() };
        let (records, _, rejected) = v.to_records(&inst, &lenient).unwrap();
        let t2 = inst.slot_index("trust_2").unwrap();
        let cad = inst.slot_index("meeting_cadence").unwrap();
        let got: Vec<Cell> = records.iter().map(|r| r.cells[t2]).collect();
        assert_eq!(got, [Cell::Value(2.0), Cell::Value(4.0), Cell::NotApplicable, Cell::Missing, Cell::Missing]);
        assert_eq!(records[1].cells[cad], Cell::Value(0.0));
        assert_eq!(records[0].cells[cad], Cell::Value(1.0));
        assert_eq!(records[1].side, Side::Business);
        assert_eq!(rejected.len(), 1);
        assert_eq!(
            rejected[0].message,
            "row 6, column \"trust_2\": value 7 is outside the scale (expected a whole number from 1 to 5)"
        );
        // "Monthly" is not a point of the agreement scale.
        let codes = [4, 1, 2, 3, -1, 0];
        let text = [Categories::new("trust_2", &codes, &labels)];
        let v = ColumnarResponses { text_columns: text.to_vec(), ..v };
        let e = v.validate(&inst, &IngestOptions::default()).unwrap_err();
        assert_eq!((e.code(), e.location().unwrap().row), ("invalid_value", Some(1)));
        // A mapping renames columns and adds tokens and side values.
        let mapping = ColumnMapping::from_json(
            r#"{"items": {"Q2": "trust_2"}, "side_values": {"IT staff": "it"}, "not_applicable_values": ["Monthly"]}"#,
        )
        .unwrap();
        let sides = s(&["IT staff", "business"]);
        let text = [Categories::new("Q2", &codes, &labels)];
        let v = ColumnarResponses { text_columns: text.to_vec(), side: Categories::new("side", &[0; 6], &sides), ..v };
        let opts = IngestOptions { mapping: Some(mapping), ..lenient };
        let (records, _, rejected) = v.to_records(&inst, &opts).unwrap();
        assert_eq!(records[0].cells[t2], Cell::NotApplicable);
        assert_eq!(records[0].side, Side::It);
        assert_eq!(rejected[0].code, "invalid_value", "N/A is no longer a token: {:?}", rejected[0]);
    }
}
