//! Responses read from CSV straight into the packed form of
//! [`crate::aggregate::columnar`]: two bytes an answer and integer codes for
//! wave, side and segments, with no [`Record`] kept per row. This is how a
//! binding holds a file's responses to score them many times: a tenth of
//! the memory of records, scored by the columnar engine with the figures of
//! the records, bit for bit.
//!
//! ```
//! use rapport::aggregate::packer::PackedResponses;
//! use rapport::{IngestOptions, IngestSummary, Instrument, ScoreOptions, Scorer};
//!
//! let instrument = Instrument::default();
//! let csv = b"respondent,side,wave,department,trust_1\n\
//!             r1,it,2026-01,Finance,4\nr2,business,2026-01,,N/A\nr3,business,2026-01,Sales,5\n";
//! let lenient = IngestOptions::default();
//! let (packed, source, rejected) = PackedResponses::read_csv_bytes(csv, None, &instrument, &lenient).unwrap();
//! assert_eq!((packed.len(), source.accepted, rejected.len()), (3, 3, 0));
//! assert_eq!((packed.segments[0].name.as_str(), packed.respondent.get(1)), ("department", Some("r2")));
//!
//! let options = ScoreOptions { min_group_size: 3, ..ScoreOptions::default() };
//! let mut scorer = Scorer::new(&instrument, &options, IngestOptions::default()).unwrap();
//! let mut intake = IngestSummary::default();
//! intake.add_source(source, rejected);
//! scorer.add_packed(&packed.columns(), &packed.rows, intake).unwrap();
//! assert_eq!(scorer.report().unwrap().waves[0].wave, "2026-01");
//! ```

use crate::RespondentKeys;
use crate::aggregate::FxHasher;
use crate::aggregate::columnar::{ColumnarResponses, OwnedCategories, PackedRows};
use crate::error::Result;
#[cfg(feature = "rescan")]
use crate::ingest::csv;
#[cfg(feature = "rescan")]
use crate::ingest::dedupe::DuplicateGuard;
use crate::ingest::response::{Record, RowView};
#[cfg(feature = "rescan")]
use crate::ingest::{IngestOptions, RejectedRow, SourceSummary};
use crate::instrument::{Instrument, Side};
use std::collections::HashMap;
use std::hash::BuildHasherDefault;

type Index = HashMap<String, u32, BuildHasherDefault<FxHasher>>;

/// Accepted responses in packed form, in the order they were read: the
/// answers ([`PackedRows`]), one code per response for side, wave,
/// respondent and each segment, and each response's (wave, respondent) key
/// for saved aggregates. Score them with
/// [`crate::Scorer::add_packed`]`(&packed.columns(), &packed.rows, intake)`.
#[derive(Debug, Clone, PartialEq)]
pub struct PackedResponses {
    /// Side of each response: labels `it` and `business`.
    pub side: OwnedCategories,
    /// Wave of each response: distinct labels, in order of first appearance.
    pub wave: OwnedCategories,
    /// Respondent id of each response.
    pub respondent: Ids,
    /// Segments, by name: a response without a value has code −1.
    pub segments: Vec<OwnedCategories>,
    /// The answers.
    pub rows: PackedRows,
}

/// One text per response, back to back in one string (a respondent id is a
/// few bytes: a `String` each would hold more in pointers than in text).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Ids {
    text: String,
    ends: Vec<usize>,
}

impl Ids {
    /// The text of response `k` (0-based); `None` past the end.
    pub fn get(&self, k: usize) -> Option<&str> {
        let end = *self.ends.get(k)?;
        let start = if k == 0 { 0 } else { self.ends[k - 1] };
        Some(&self.text[start..end])
    }

    /// Texts held.
    pub fn len(&self) -> usize {
        self.ends.len()
    }

    /// Whether none is held.
    pub fn is_empty(&self) -> bool {
        self.ends.is_empty()
    }

    /// Every text, in order.
    pub fn iter(&self) -> impl ExactSizeIterator<Item = &str> + '_ {
        (0..self.len()).map(|k| self.get(k).unwrap_or_default())
    }

    fn push(&mut self, id: &str) {
        self.text.push_str(id);
        self.ends.push(self.text.len());
    }

    fn heap_bytes(&self) -> usize {
        self.text.len() + self.ends.len() * std::mem::size_of::<usize>()
    }
}

impl PackedResponses {
    /// Read CSV held in memory (see [`crate::ingest::csv::read_csv_bytes`],
    /// whose rules, errors and summary these are).
    #[cfg(feature = "rescan")]
    pub fn read_csv_bytes(
        bytes: &[u8],
        source: Option<&str>,
        instrument: &Instrument,
        options: &IngestOptions,
    ) -> Result<(Self, SourceSummary, Vec<RejectedRow>)> {
        let mut packer = Packer::new(instrument)?;
        let mut guard = DuplicateGuard::for_input_len(bytes.len());
        let push = &mut |row: RowView<'_>| packer.push(row);
        let (summary, rejected) = csv::read_csv_bytes_rows(bytes, source, instrument, options, &mut guard, push)?;
        Ok((packer.finish(), summary, rejected))
    }

    /// Read a CSV file in one streaming pass (see
    /// [`crate::ingest::csv::read_csv_path`], whose rules, errors and
    /// summary these are).
    #[cfg(feature = "rescan")]
    pub fn read_csv_path(
        path: &std::path::Path,
        instrument: &Instrument,
        options: &IngestOptions,
    ) -> Result<(Self, SourceSummary, Vec<RejectedRow>)> {
        let mut packer = Packer::new(instrument)?;
        let push = &mut |row: RowView<'_>| packer.push(row);
        let (summary, rejected) =
            csv::read_csv_path_rows(path, instrument, options, &mut DuplicateGuard::new(), push, None)?;
        Ok((packer.finish(), summary, rejected))
    }

    /// Pack records validated elsewhere (a JSON read, say), in order.
    pub fn from_records<'r>(instrument: &Instrument, records: impl IntoIterator<Item = &'r Record>) -> Result<Self> {
        let mut packer = Packer::new(instrument)?;
        records.into_iter().for_each(|r| packer.push(r.view()));
        Ok(packer.finish())
    }

    /// [`RespondentKeys::hash`] of each response's wave and respondent, in
    /// order: what saved aggregates keep for the duplicate check across parts.
    pub fn keys(&self) -> Vec<u64> {
        self.wave
            .codes
            .iter()
            .zip(self.respondent.iter())
            .map(|(&w, id)| RespondentKeys::hash(&self.wave.labels[w as usize], id))
            .collect()
    }

    /// Responses held.
    pub fn len(&self) -> usize {
        self.rows.len()
    }

    /// Whether no response is held.
    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }

    /// The side, wave and segment columns as the input the rows were packed
    /// from (what [`ColumnarResponses::aggregate_packed`] reads).
    pub fn columns(&self) -> ColumnarResponses<'_> {
        ColumnarResponses {
            segments: self.segments.iter().map(OwnedCategories::view).collect(),
            ..ColumnarResponses::new(&[], &[], self.side.view(), self.wave.view())
        }
    }

    /// Bytes held (approximately: the vectors' lengths and the labels).
    pub fn heap_bytes(&self) -> usize {
        let categories = |c: &OwnedCategories| {
            c.codes.len() * 4 + c.labels.iter().map(|l| l.len() + std::mem::size_of::<String>()).sum::<usize>()
        };
        self.rows.heap_bytes()
            + categories(&self.side)
            + categories(&self.wave)
            + self.respondent.heap_bytes()
            + self.segments.iter().map(categories).sum::<usize>()
    }
}

/// One categorical column being built: codes per row, labels interned.
#[derive(Default)]
struct Column {
    codes: Vec<i32>,
    labels: Vec<String>,
    index: Index,
}

impl Column {
    fn code(&mut self, label: &str) -> i32 {
        if let Some(&c) = self.index.get(label) {
            return c as i32;
        }
        let c = self.labels.len() as u32;
        self.labels.push(label.to_owned());
        self.index.insert(label.to_owned(), c);
        c as i32
    }

    fn into_categories(self, name: String) -> OwnedCategories {
        OwnedCategories { name, codes: self.codes, labels: self.labels }
    }
}

/// Packs the rows a reader accepts, one at a time.
pub(crate) struct Packer {
    slots: usize,
    base: Vec<i32>,
    sides: Vec<Side>,
    cells: Vec<u16>,
    wave: Column,
    /// The wave of the row before (rows of one wave usually come together).
    last_wave: Option<(String, i32)>,
    respondents: Ids,
    segment_names: Vec<String>,
    segments: Vec<Column>,
}

impl Packer {
    pub(crate) fn new(instrument: &Instrument) -> Result<Self> {
        Ok(Packer {
            slots: instrument.slot_count(),
            base: PackedRows::bases(instrument)?,
            sides: Vec::new(),
            cells: Vec::new(),
            wave: Column::default(),
            last_wave: None,
            respondents: Ids::default(),
            segment_names: Vec::new(),
            segments: Vec::new(),
        })
    }

    /// Add one accepted row (its cells validated against the instrument).
    pub(crate) fn push(&mut self, row: RowView<'_>) {
        let n = self.sides.len();
        self.sides.push(row.side);
        debug_assert_eq!(row.cells.len(), self.slots);
        self.cells.extend(row.cells.iter().zip(&self.base).map(|(&c, &b)| PackedRows::encode(c, b)));
        let wave = match &self.last_wave {
            Some((label, code)) if label == row.wave => *code,
            _ => {
                let code = self.wave.code(row.wave);
                self.last_wave = Some((row.wave.to_owned(), code));
                code
            }
        };
        self.wave.codes.push(wave);
        self.respondents.push(row.respondent);
        let Packer { segment_names, segments, .. } = self;
        row.segments.for_each(|name, value| {
            let k = match segment_names.iter().position(|s| s == name) {
                Some(k) => k,
                None => {
                    segment_names.push(name.to_owned());
                    segments.push(Column { codes: vec![-1; n], ..Column::default() });
                    segments.len() - 1
                }
            };
            let column = &mut segments[k];
            let code = column.code(value);
            // A name given twice in one row: the last value counts, as in a record's map.
            match column.codes.len() > n {
                true => column.codes[n] = code,
                false => column.codes.push(code),
            }
        });
        for column in segments.iter_mut().filter(|c| c.codes.len() == n) {
            column.codes.push(-1);
        }
    }

    pub(crate) fn finish(self) -> PackedResponses {
        // Segments in name order, as a record's map holds them.
        let mut segments: Vec<(String, Column)> = self.segment_names.into_iter().zip(self.segments).collect();
        segments.sort_by(|a, b| a.0.cmp(&b.0));
        let names: Vec<String> = segments.iter().map(|(name, _)| name.clone()).collect();
        let waves = self.wave.labels.len();
        let rows = PackedRows::from_parts(self.slots, self.base, self.sides, self.cells, names, waves);
        let side_codes = rows.rows().map(|(_, side)| i32::from(side == Side::Business)).collect();
        PackedResponses {
            side: OwnedCategories {
                name: "side".into(),
                codes: side_codes,
                labels: vec![Side::It.as_str().into(), Side::Business.as_str().into()],
            },
            wave: self.wave.into_categories("wave".into()),
            respondent: self.respondents,
            segments: segments.into_iter().map(|(name, c)| c.into_categories(name)).collect(),
            rows,
        }
    }
}
