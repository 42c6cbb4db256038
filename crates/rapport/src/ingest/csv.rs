//! Wide CSV: one row per response, validated row by row as it streams.
//!
//! **Columns.** `respondent`, `side` and `wave` are required (headers are
//! matched case-insensitively and trimmed, or named by a [`ColumnMapping`]);
//! then one column per item, named by the item id, and any segment columns
//! (`department`, `role` …). Which header is which is decided by
//! [`super::columns`], the rules every table of answers read by its column
//! names follows: with declared segments ([`IngestOptions::segments`]) any
//! other column is an `unknown_item_column`; without, a column that *looks
//! like an item column* (`trust_5`, `Trust 1`) is one too, rather than a
//! segment that would silently drop answers; a header that appears twice is
//! a `duplicate_column`; an absent one a `missing_column`.
//!
//! **Cells.** Empty or blank is missing; `NA`, `N/A`, `not applicable` (any
//! case) are "not applicable", which items on a scale without it refuse
//! (`not_applicable_not_allowed`); a mapping may add missing values and
//! replace the not-applicable ones. Rating items take whole scale points
//! (`4`, ` 4 `, `4.0`; `4.5` is `value_out_of_scale`) or one of the scale's
//! labels (`Agree`, any case); anything else is `invalid_value`. Choice
//! items take an option id or label, any case. The side is `it` or
//! `business` in any case (or a mapped value). With
//! [`IngestOptions::bad_cells`] (the `import` feature) an answer that breaks
//! these rules is read as missing instead and the response kept; the answer
//! is counted and listed in the source's summary when its row is kept.
//!
//! **Encoding.** A UTF-8 byte-order mark is skipped (also before a quoted
//! header); CRLF, LF and CR line ends are all read; quoted fields may hold
//! commas, doubled quotes and line breaks. Bytes that are not UTF-8 are an
//! `invalid_utf8` error naming row and column. A quote that is never closed
//! would swallow the rest of the file into one field, so it is a file-level
//! `csv` error naming the row where it opens.
//!
//! **Rows** in errors are 1-based *record* numbers: the header is row 1 and
//! the first response row 2, as a spreadsheet numbers them. A quoted field
//! with a line break does not add a row (unlike the line numbers of a text
//! editor); blank lines are skipped and not counted (a spreadsheet would show
//! them as empty rows).
//!
//! **Duplicates.** A respondent answering one wave twice is a
//! `duplicate_respondent` row error at the second row, naming the first (the
//! same respondent in another wave is fine; ids and waves are trimmed).
//!
//! **Strict and lenient.** Strict mode returns the first bad row as `Err`;
//! lenient mode skips bad rows and returns each as a [`RejectedRow`]. Problems
//! with the file as a whole (empty input, a missing, unknown or duplicate
//! column, an unclosed quote, a read error, a bad mapping) are `Err` in both
//! modes; rows already handed to the sink before such an error should be
//! discarded by the caller.
//!
//! **Memory.** Each row is validated into buffers reused from row to row
//! (its fields are checked as UTF-8 once per record) and handed on: to the
//! scorer as a view of those buffers, to the public readers' sinks as a
//! [`Record`]. Memory does not grow with the number of rows (except for the
//! list of rejected rows). Duplicate respondents are caught in bounded
//! memory for files and byte slices, which can be re-read; see
//! [`super::dedupe`].
//!
//! **Threads.** A file or byte slice in rapport's own layout (a respondent
//! column, a wave column or one wave for the file, no survey-tool profile,
//! no side carried down) of at least
//! two parts' worth of rows is read in parts on worker threads when the
//! read may use two or more besides the calling one: the record readers and
//! the packed read use every thread ([`crate::aggregate::columnar::threads`]); a
//! [`crate::Scorer`], which adds rows to their groups on a thread of its own
//! while it reads, leaves two to itself. Rows, row numbers, errors, rejected
//! rows and their order are those of one pass (see `parts`).

use super::columns::{ColumnNames, Columns, resolve};
use super::dedupe::{DuplicateGuard, Held, Origin, RejectSink, Reread, Rescan, Tally, TallyOf, collect_rejected};
use super::{ColumnMapping, IngestOptions, RejectedRow, SourceSummary};
use crate::error::{Error, Location, Result};
use crate::ingest::mapping::{SideSource, ValueMeaning, WaveSource};
use crate::ingest::profile::{Import, ImportFrom, RowFilter, Tool, detect};
use crate::ingest::response::{Cell, Record, RowView, Segments, check_choice, check_not_applicable, check_value};
use crate::ingest::time::WaveClock;
use crate::instrument::Side;
use crate::instrument::{Instrument, Slot};
use crate::util::text::{Lower, echo};
use crate::waves::check_wave_label;
use std::io::Read;
#[cfg(feature = "rescan")]
use std::path::Path;

#[cfg(all(feature = "parallel", feature = "rescan", not(target_arch = "wasm32")))]
mod parts;

/// How one item column's text becomes a cell.
enum Kind {
    /// Option id or label.
    Choice,
    /// Scale point, or one of the scale's labels (lowercased) from `min` up.
    Rating { min: i32, labels: Vec<String> },
}

struct ItemColumn {
    column: usize,
    slot: usize,
    kind: Kind,
    /// The mapping's value map for this item, then its scale's (lowercased
    /// answers).
    values: Vec<(String, ValueMeaning)>,
}

/// Where one role's value comes from in a row.
enum RoleAt<T> {
    Column(usize),
    Constant(T),
}

/// Resolved column roles of one file.
struct Layout {
    headers: Vec<String>,
    /// `None`: no id column, each row is its own respondent.
    respondent: Option<usize>,
    side: RoleAt<Side>,
    /// Carry a side down to later rows of the same respondent.
    carry_side: bool,
    wave: RoleAt<String>,
    /// Waves from this timestamp rule (the `wave` column holds timestamps).
    clock: Option<WaveClock>,
    /// Rows at the top that are headers (the first names the columns).
    header_rows: u64,
    items: Vec<ItemColumn>,
    /// (column, segment name)
    segments: Vec<(usize, String)>,
    /// Lowercased tokens.
    missing: Vec<String>,
    not_applicable: Vec<String>,
    /// Whether a missing or not-applicable token starts with a digit.
    numeric_tokens: bool,
    side_values: Vec<(String, Side)>,
    /// The options' wave order (empty: labels are checked by shape).
    wave_order: Vec<String>,
    /// A cell that breaks its item's rule is read as missing
    /// ([`IngestOptions::bad_cells`]).
    #[cfg(feature = "import")]
    bad_cells_missing: bool,
}

/// Buffers reused from row to row.
#[derive(Default)]
struct RowBuf {
    cells: Vec<Cell>,
    /// The respondent id of a row of a file without ids.
    id: String,
    /// The wave of a row when it is not a field (a constant, a timestamp's period).
    wave: String,
    /// The last row's respondent and side, to carry the side down.
    carried: Option<(String, Side)>,
    /// The last wave label that passed the label check (rows of one wave
    /// usually come together; the check depends on the label alone).
    wave_ok: String,
    /// The row's answers read as missing ([`IngestOptions::bad_cells`]),
    /// with what was wrong with each.
    #[cfg(feature = "import")]
    bad: Vec<Error>,
}

/// `text` equals `lower` (already lowercased) ignoring case, without
/// allocating for ASCII text.
fn same_text(text: &str, lower: &str) -> bool {
    if text.is_ascii() { text.eq_ignore_ascii_case(lower) } else { text.lower() == lower }
}

/// `t` as a number when it is 1 to 4 ASCII digits (the usual answer), without
/// the general float parser.
fn small_whole_number(t: &str) -> Option<f64> {
    let b = t.as_bytes();
    (b.len() <= 4 && b.iter().all(u8::is_ascii_digit))
        .then(|| f64::from(b.iter().fold(0u32, |n, &d| n * 10 + u32::from(d - b'0'))))
}

impl Layout {
    fn resolve(
        headers: Vec<String>,
        instrument: &Instrument,
        options: &IngestOptions,
        file: Option<&str>,
    ) -> Result<Layout> {
        let columns = resolve(&headers, instrument, &ColumnNames::default(), options, file)?;
        let default_mapping = ColumnMapping::default();
        let mapping = options.mapping.as_ref().unwrap_or(&default_mapping);
        let rating = |s: &crate::instrument::Scale| Kind::Rating {
            min: s.min,
            labels: s.labels.iter().map(|l| l.trim().lower()).collect(),
        };
        let items = columns
            .items()
            .map(|(column, slot)| {
                let kind = match instrument.slot_kind(slot) {
                    Slot::Outcome(o) if !instrument.outcomes()[o].options.is_empty() => Kind::Choice,
                    Slot::Outcome(o) => instrument.outcome_scale(o).map_or(Kind::Choice, rating),
                    Slot::Item(i) => rating(instrument.item_scale(i)),
                };
                ItemColumn { column, slot, kind, values: value_map(mapping, instrument, slot) }
            })
            .collect();
        let segments = columns.segments().map(|(c, name)| (c, name.to_owned())).collect();
        let (side, carry_side, wave, clock) = role_sources(mapping, &columns, options)?;
        let lower = |v: &[String]| -> Vec<String> { v.iter().map(|s| s.trim().lower()).collect() };
        let default_na = ["na".to_owned(), "n/a".to_owned(), "not applicable".to_owned()];
        let missing = lower(mapping.missing_values.as_deref().unwrap_or_default());
        let not_applicable = lower(mapping.not_applicable_values.as_deref().unwrap_or(&default_na));
        let numeric_tokens = missing.iter().chain(&not_applicable).any(|t| t.starts_with(|c: char| c.is_ascii_digit()));
        Ok(Layout {
            headers,
            respondent: columns.respondent(),
            side,
            carry_side,
            wave,
            clock,
            header_rows: u64::from(mapping.header_rows.unwrap_or(1)),
            items,
            segments,
            missing,
            not_applicable,
            numeric_tokens,
            side_values: mapping.side_values.iter().map(|(k, v)| (k.trim().lower(), *v)).collect(),
            wave_order: options.wave_order.clone(),
            #[cfg(feature = "import")]
            bad_cells_missing: options.bad_cells == super::BadCells::Missing,
        })
    }

    fn cell(&self, item: &ItemColumn, raw: &str, instrument: &Instrument, loc: impl Fn() -> Location) -> Result<Cell> {
        let t = raw.trim();
        if t.is_empty() {
            return Ok(Cell::Missing);
        }
        if let Some((_, meaning)) = item.values.iter().find(|(k, _)| same_text(t, k)) {
            return match (*meaning, &item.kind) {
                (ValueMeaning::Missing, _) => Ok(Cell::Missing),
                (ValueMeaning::NotApplicable, _) => check_not_applicable(instrument, item.slot, t, loc),
                (ValueMeaning::Point(v), Kind::Rating { .. }) => check_value(instrument, item.slot, v, t, loc),
                (ValueMeaning::Point(v), Kind::Choice) => {
                    let option = option_at(instrument, item.slot, v).unwrap_or(t);
                    check_choice(instrument, item.slot, option, loc)
                }
            };
        }
        // Most cells are numbers; tokens need checking only when one could match.
        if self.numeric_tokens || !t.as_bytes()[0].is_ascii_digit() {
            if self.missing.iter().any(|m| same_text(t, m)) {
                return Ok(Cell::Missing);
            }
            if self.not_applicable.iter().any(|m| same_text(t, m)) {
                return check_not_applicable(instrument, item.slot, t, loc);
            }
        }
        match &item.kind {
            Kind::Choice => check_choice(instrument, item.slot, t, loc),
            Kind::Rating { min, labels } => {
                if let Some(v) = small_whole_number(t).or_else(|| crate::util::float::parse_f64(t)) {
                    return check_value(instrument, item.slot, v, t, loc);
                }
                match labels.iter().position(|l| same_text(t, l)) {
                    Some(k) => Ok(Cell::Value(f64::from(*min) + k as f64)),
                    // Builds the "expected a whole number from …" error.
                    None => check_choice(instrument, item.slot, t, loc),
                }
            }
        }
    }

    /// The wave of a row: the column's label, the constant, or the period of
    /// the row's timestamp.
    fn wave_of<'f>(&self, fields: &[&'f str], loc: &dyn Fn(usize) -> Location) -> Result<std::borrow::Cow<'f, str>> {
        let c = match &self.wave {
            RoleAt::Constant(w) => return Ok(std::borrow::Cow::Owned(w.clone())),
            RoleAt::Column(c) => *c,
        };
        let text = fields[c].trim();
        if text.is_empty() {
            let field = if self.clock.is_some() { "the timestamp waves are taken from" } else { "wave" };
            return Err(Error::MissingField { location: loc(c), field: field.into() });
        }
        match &self.clock {
            Some(clock) => clock.wave(text, || loc(c)).map(std::borrow::Cow::Owned),
            None => Ok(std::borrow::Cow::Borrowed(text)),
        }
    }

    /// Validate one row into `buf` (no allocation for rapport's own
    /// layout): the row as a view of `fields`, `buf` and the layout.
    fn fill_row<'v>(
        &'v self,
        fields: &'v [&'v str],
        row: u64,
        instrument: &Instrument,
        file: Option<&str>,
        buf: &'v mut RowBuf,
    ) -> Result<RowView<'v>> {
        let RowBuf {
            cells,
            id,
            wave: wave_buf,
            carried,
            wave_ok,
            #[cfg(feature = "import")]
            bad,
        } = buf;
        #[cfg(feature = "import")]
        bad.clear();
        let loc = |c: usize| Location::file(file).with_row(row).with_column(self.headers[c].clone());
        let respondent: &'v str = match self.respondent {
            Some(c) => {
                let id = fields[c].trim();
                if id.is_empty() {
                    return Err(Error::MissingField { location: loc(c), field: "respondent".into() });
                }
                id
            }
            // Unique within the process: rows without ids never collide.
            None => {
                *id = row_id(row);
                let id: &'v String = id;
                id
            }
        };
        let wave: &'v str = match &self.wave {
            RoleAt::Constant(w) => {
                wave_buf.clear();
                wave_buf.push_str(w);
                let w: &'v String = wave_buf;
                w
            }
            RoleAt::Column(c) => match self.wave_of(fields, &loc)? {
                std::borrow::Cow::Borrowed(w) => {
                    if *wave_ok != w {
                        check_wave_label(w, &self.wave_order, || loc(*c))?;
                        wave_ok.clear();
                        wave_ok.push_str(w);
                    }
                    w
                }
                std::borrow::Cow::Owned(w) => {
                    check_wave_label(&w, &self.wave_order, || loc(*c))?;
                    *wave_buf = w;
                    let w: &'v String = wave_buf;
                    w
                }
            },
        };
        let side = match self.side {
            RoleAt::Constant(s) => s,
            RoleAt::Column(c) => {
                let side_text = fields[c].trim();
                let same_record = carried.as_ref().filter(|(id, _)| id == respondent).map(|(_, s)| *s);
                match (side_text.is_empty(), same_record) {
                    (true, Some(s)) if self.carry_side => s,
                    _ => match self.side_values.iter().find(|(k, _)| same_text(side_text, k)) {
                        Some((_, s)) => *s,
                        None => side_text
                            .parse::<Side>()
                            .map_err(|()| Error::UnknownSide { location: loc(c), found: side_text.to_owned() })?,
                    },
                }
            }
        };
        if self.carry_side {
            match carried {
                Some((id, s)) => {
                    id.clear();
                    id.push_str(respondent);
                    *s = side;
                }
                None => *carried = Some((respondent.to_owned(), side)),
            }
        }
        cells.clear();
        cells.resize(instrument.slot_count(), Cell::Missing);
        for item in &self.items {
            let item_loc = || loc(item.column).with_item(instrument.slot_id(item.slot));
            cells[item.slot] = match self.cell(item, fields[item.column], instrument, item_loc) {
                Ok(cell) => cell,
                #[cfg(feature = "import")]
                Err(e) if self.bad_cells_missing => {
                    bad.push(e);
                    Cell::Missing
                }
                Err(e) => return Err(e),
            };
        }
        let cells: &'v [Cell] = cells;
        let segments = Segments::Fields { columns: &self.segments, fields };
        Ok(RowView {
            respondent,
            side,
            wave,
            segments,
            cells,
            #[cfg(feature = "import")]
            bad_cells: bad,
        })
    }

    /// Whether any item column of a row holds an answer: a cell that is not
    /// empty, a missing token or mapped to missing.
    fn answered(&self, fields: &[&str]) -> bool {
        self.items.iter().any(|item| {
            let t = fields[item.column].trim();
            !t.is_empty()
                && !self.missing.iter().any(|m| same_text(t, m))
                && !item.values.iter().any(|(k, m)| *m == ValueMeaning::Missing && same_text(t, k))
        })
    }

    /// Whether the duplicate check can re-read the file for its keys: only
    /// when respondent and wave are plain columns.
    fn keys_are_columns(&self) -> Option<(usize, usize)> {
        match (self.respondent, &self.wave, &self.clock) {
            (Some(r), RoleAt::Column(w), None) if self.header_rows == 1 => Some((r, *w)),
            _ => None,
        }
    }
}

/// Where side and wave come from, given the columns found for the roles.
#[allow(clippy::type_complexity)] // one private step of `Layout::resolve`
fn role_sources(
    mapping: &ColumnMapping,
    columns: &Columns,
    options: &IngestOptions,
) -> Result<(RoleAt<Side>, bool, RoleAt<String>, Option<WaveClock>)> {
    let side = match (&mapping.side, columns.side()) {
        (Some(SideSource::Value(s)), _) => RoleAt::Constant(*s),
        (_, Some(c)) => RoleAt::Column(c),
        (_, None) => unreachable_role("side")?,
    };
    let carry_side = matches!(mapping.side, Some(SideSource::Column { carry: true, .. }));
    let (wave, clock) = match (&mapping.wave, columns.wave()) {
        (Some(WaveSource::Value(w)), _) => {
            if let Some(expected) = crate::waves::label_problem(w, &options.wave_order) {
                let reason =
                    format!("the wave given for the whole file, {}, cannot be a wave: expected {expected}", echo(w));
                return Err(Error::InvalidMapping { reason });
            }
            (RoleAt::Constant(w.clone()), None)
        }
        (Some(WaveSource::Time(t)), Some(c)) => {
            (RoleAt::Column(c), Some(t.clock().map_err(|e| Error::InvalidMapping { reason: e })?))
        }
        (_, Some(c)) => (RoleAt::Column(c), None),
        (_, None) => unreachable_role("wave")?,
    };
    Ok((side, carry_side, wave, clock))
}

/// The value map of one answer slot: the item's own entries, then its
/// scale's, answers lowercased.
fn value_map(mapping: &ColumnMapping, instrument: &Instrument, slot: usize) -> Vec<(String, ValueMeaning)> {
    let own = mapping.values.get(instrument.slot_id(slot));
    let scale = instrument.slot_scale_id(slot).and_then(|id| mapping.values.get(id));
    own.into_iter().chain(scale).flatten().map(|(k, v)| (k.trim().lower(), *v)).collect()
}

/// The id of a choice outcome's option at 1-based position `v`.
fn option_at(instrument: &Instrument, slot: usize, v: f64) -> Option<&str> {
    let Slot::Outcome(o) = instrument.slot_kind(slot) else { return None };
    let options = &instrument.outcomes()[o].options;
    (v.fract() == 0.0 && v >= 1.0).then(|| options.get(v as usize - 1)).flatten().map(|opt| opt.id.as_str())
}

/// A respondent id for a row of a file without ids: unique in the process,
/// so that no two such rows are ever taken for one respondent. Ids never
/// leave ingest.
fn row_id(row: u64) -> String {
    static READS: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
    let n = READS.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    format!("\u{1}row {row} #{n}")
}

/// A role with neither a column nor a constant cannot reach here (the
/// missing column is reported first); an internal error if it does.
fn unreachable_role<T>(role: &str) -> Result<T> {
    Err(Error::InvalidMapping { reason: format!("the {role} has neither a column nor a value") })
}

/// Decode one record's fields, reporting the first non-UTF-8 field by column
/// (`#n`, 1-based, in the header row itself).
fn decode<'r>(
    rec: &'r ::csv::ByteRecord,
    headers: Option<&[String]>,
    row: u64,
    file: Option<&str>,
) -> Result<Vec<&'r str>> {
    rec.iter()
        .enumerate()
        .map(|(c, f)| {
            std::str::from_utf8(f).map_err(|e| {
                let column = headers.and_then(|h| h.get(c).cloned()).unwrap_or_else(|| format!("#{}", c + 1));
                Error::InvalidUtf8 {
                    location: Location::file(file).with_row(row).with_column(column),
                    byte_offset: e.valid_up_to() as u64,
                }
            })
        })
        .collect()
}

/// The csv crate's quoting states (RFC 4180 with doubled quotes, its
/// defaults), followed over the raw bytes so that a quote still open at the
/// end of the input can be told from a properly closed last field: the csv
/// crate silently ends the field there.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Quote {
    FieldStart,
    Unquoted,
    Quoted,
    /// A `"` inside a quoted field: either closing it or the first of `""`.
    ClosingOrDoubled,
}

impl Quote {
    /// The state after `bytes`. Only quotes change the outcome, so runs
    /// without one are skipped with a fast search: a file with no quotes costs
    /// one `memchr` per buffer.
    fn feed(mut self, bytes: &[u8]) -> Quote {
        let ends_field = |b: u8| matches!(b, b',' | b'\n' | b'\r');
        let next_quote = |b: &[u8]| if b.contains(&b'"') { b.iter().position(|&x| x == b'"') } else { None };
        let mut i = 0;
        while i < bytes.len() {
            match self {
                Quote::Quoted => match next_quote(&bytes[i..]) {
                    Some(p) => {
                        i += p + 1;
                        self = Quote::ClosingOrDoubled;
                    }
                    None => return Quote::Quoted,
                },
                Quote::ClosingOrDoubled => {
                    let b = bytes[i];
                    i += 1;
                    self = if b == b'"' {
                        Quote::Quoted
                    } else if ends_field(b) {
                        Quote::FieldStart
                    } else {
                        Quote::Unquoted
                    };
                }
                Quote::FieldStart | Quote::Unquoted => match next_quote(&bytes[i..]) {
                    // No quote: the last byte says whether a field just ended.
                    None => {
                        return if ends_field(bytes[bytes.len() - 1]) { Quote::FieldStart } else { Quote::Unquoted };
                    }
                    // A quote opens a quoted field only at the start of a field.
                    Some(p) => {
                        let at_start = if p == 0 { self == Quote::FieldStart } else { ends_field(bytes[i + p - 1]) };
                        self = if at_start { Quote::Quoted } else { Quote::Unquoted };
                        i += p + 1;
                    }
                },
            }
        }
        self
    }
}

const BOM: [u8; 3] = [0xef, 0xbb, 0xbf];
/// Progress is reported about this often.
const PROGRESS_STEP: u64 = 1 << 20;

/// The byte stream under the CSV parser: skips a UTF-8 byte-order mark (so
/// that a quoted first header still parses as quoted), counts bytes for the
/// progress hook, and follows the quoting state (see [`Quote`]).
struct Input<'p, R> {
    inner: R,
    head: [u8; 3],
    head_len: usize,
    head_pos: usize,
    started: bool,
    /// Bytes read from `inner` (the BOM included): what progress reports.
    raw: u64,
    /// Bytes handed to the parser (the BOM excluded): comparable with its positions.
    delivered: u64,
    reported: u64,
    eof: bool,
    quote: Quote,
    progress: Option<&'p mut dyn FnMut(u64)>,
}

impl<'p, R: Read> Input<'p, R> {
    fn new(inner: R, progress: Option<&'p mut dyn FnMut(u64)>) -> Self {
        Input {
            inner,
            head: [0; 3],
            head_len: 0,
            head_pos: 0,
            started: false,
            raw: 0,
            delivered: 0,
            reported: 0,
            eof: false,
            quote: Quote::FieldStart,
            progress,
        }
    }
}

impl<R> Input<'_, R> {
    /// Bytes skipped at the start (a byte-order mark): record positions
    /// count from after them.
    fn skipped(&self) -> u64 {
        if self.head_len == 3 && self.head == BOM { 3 } else { 0 }
    }
}

impl<R: Read> Read for Input<'_, R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        if !self.started {
            self.started = true;
            while self.head_len < 3 {
                match self.inner.read(&mut self.head[self.head_len..]) {
                    Ok(0) => break,
                    Ok(n) => self.head_len += n,
                    Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
                    Err(e) => return Err(e),
                }
            }
            self.raw += self.head_len as u64;
            if self.head[..self.head_len] == BOM {
                self.head_pos = 3;
            }
        }
        let n = if self.head_pos < self.head_len {
            let n = (self.head_len - self.head_pos).min(buf.len());
            buf[..n].copy_from_slice(&self.head[self.head_pos..self.head_pos + n]);
            self.head_pos += n;
            n
        } else {
            let n = self.inner.read(buf)?;
            self.raw += n as u64;
            if n == 0 && !buf.is_empty() {
                self.eof = true;
            }
            n
        };
        self.delivered += n as u64;
        self.quote = self.quote.feed(&buf[..n]);
        if let Some(p) = self.progress.as_mut()
            && (self.raw - self.reported >= PROGRESS_STEP || (self.eof && self.reported < self.raw))
        {
            self.reported = self.raw;
            p(self.raw);
        }
        Ok(n)
    }
}

fn csv_reader<R: Read>(input: R) -> ::csv::Reader<R> {
    // Headers are handled here (record 1), and `flexible` lets a ragged row
    // be reported with its field count instead of as a parser error.
    ::csv::ReaderBuilder::new().has_headers(false).flexible(true).buffer_capacity(1 << 16).from_reader(input)
}

/// `Err` when `rec`, just read, is the last record and ends inside an open quote.
fn check_closed_quotes<R: Read>(
    rdr: &::csv::Reader<Input<'_, R>>,
    rec: &::csv::ByteRecord,
    row: u64,
    headers: Option<&[String]>,
    file: Option<&str>,
) -> Result<()> {
    let input = rdr.get_ref();
    if input.eof && input.quote == Quote::Quoted && rdr.position().byte() == input.delivered {
        // The open field swallowed everything to the end: it is the last one.
        return Err(unclosed_quote(rec, row, headers, file));
    }
    Ok(())
}

/// The error for `rec`, the last record, whose last field opens a quote
/// that is never closed.
#[inline(always)] // the browser module's size has little room under its guard
fn unclosed_quote(rec: &::csv::ByteRecord, row: u64, headers: Option<&[String]>, file: Option<&str>) -> Error {
    let c = rec.len().saturating_sub(1);
    let column = headers.and_then(|h| h.get(c).cloned()).unwrap_or_else(|| format!("#{}", c + 1));
    Error::Csv {
        location: Location::file(file).with_row(row).with_column(column),
        message: "a quoted field opened here is never closed, so the rest of the file would be read as one field; \
                  add the closing quote (a quote inside a quoted field is written twice: \"\")"
            .into(),
    }
}

/// Everything one read needs besides the bytes.
struct Job<'a, 's> {
    file: Option<&'a str>,
    /// Path for `Error::Io` when reading fails midway.
    io_path: Option<&'a str>,
    /// How to read the input again for duplicate resolution.
    origin: Option<Origin<'s>>,
    instrument: &'a Instrument,
    options: &'a IngestOptions,
    guard: &'a mut DuplicateGuard<'s>,
    sink: &'a mut dyn FnMut(RowView<'_>),
    rejects: RejectSink<'a>,
    /// Threads that may read parts of the input besides the calling one
    /// (see [`parts`]; fewer than two: one pass on the calling thread).
    workers: usize,
}

fn read_error(e: ::csv::Error, row: u64, file: Option<&str>, io_path: Option<&str>) -> Error {
    match (e.kind(), io_path) {
        (::csv::ErrorKind::Io(io), Some(path)) => Error::Io { path: path.to_owned(), message: io.to_string() },
        _ => Error::Csv { location: Location::file(file).with_row(row), message: e.to_string() },
    }
}

fn read_impl<R: Read>(reader: R, job: Job<'_, '_>, progress: Option<&mut dyn FnMut(u64)>) -> Result<SourceSummary> {
    let Job { file, io_path, origin, instrument, options, guard, sink, rejects, workers } = job;
    #[cfg(not(all(feature = "parallel", feature = "rescan", not(target_arch = "wasm32"))))]
    let _ = workers;
    let mut rdr = csv_reader(Input::new(reader, progress));
    let mut rec = ::csv::ByteRecord::new();
    if !rdr.read_byte_record(&mut rec).map_err(|e| read_error(e, 1, file, io_path))? {
        return Err(Error::EmptyInput { location: Location::file(file) });
    }
    check_closed_quotes(&rdr, &rec, 1, None, file)?;
    // A workbook (a zip of XML, or an Excel 97 compound file) is no CSV:
    // survey tools' downloads are (the survey module reads its own CSV only).
    #[cfg(feature = "import")]
    if rec.get(0).is_some_and(|f| f.starts_with(b"PK\x03\x04") || f.starts_with(b"\xD0\xCF\x11\xE0")) {
        return Err(Error::InvalidWorkbook {
            location: Location::file(file),
            reason: "a spreadsheet workbook (.xlsx, .xls or .ods), not CSV text: read it as a workbook (the command \
                     line by its extension, Python's read_excel), or save its sheet as CSV UTF-8"
                .into(),
        });
    }
    let headers: Vec<String> = decode(&rec, None, 1, file)?.iter().map(|h| h.trim().to_owned()).collect();
    #[cfg_attr(not(feature = "import"), allow(unused_mut))]
    let mut pending = std::collections::VecDeque::new();
    #[cfg(feature = "import")]
    let import = import_profile(&mut rdr, headers.clone(), &mut pending, instrument, options, (file, io_path))?;
    #[cfg(not(feature = "import"))]
    let import: Option<Import> = refuse_export(&headers, options, file).map(|()| None)?;
    let with_profile;
    let (headers, options) = match &import {
        Some(i) => {
            with_profile = IngestOptions { mapping: Some(i.mapping.clone()), ..options.clone() };
            (i.headers.clone(), &with_profile)
        }
        None => (headers, options),
    };
    if let Some(ColumnMapping { wave: Some(WaveSource::Time(t)), .. }) = &options.mapping
        && t.column.trim().is_empty()
    {
        return Err(Error::InvalidArgument {
            name: "wave period".into(),
            expected: "a timestamp column: name it (--wave-column, or the mapping's wave.column), or read a survey \
                       tool's export, whose time column rapport knows (--from)"
                .into(),
            found: format!("{}, which is not a survey tool's export", file.unwrap_or("the input")),
        });
    }
    let layout = Layout::resolve(headers, instrument, options, file)
        .map_err(|e| with_import_hint(e, import.as_ref(), options))?;
    let keys = layout.keys_are_columns();
    #[cfg(all(feature = "parallel", feature = "rescan", not(target_arch = "wasm32")))]
    let in_parts = {
        let start = rdr.position().byte();
        let plain = import.is_none() && pending.is_empty();
        let skipped = rdr.get_ref().skipped();
        origin.clone().and_then(|origin| {
            let workers = parts::workers_for(&layout, plain, Some(&origin), skipped + start, workers)?;
            Some((origin, skipped, start, workers))
        })
    };
    let mut again = Again::new(origin.clone(), rdr.get_ref().skipped(), &layout, instrument, (file, io_path));
    let reread = &mut |held: &Held, sink: &mut dyn FnMut(RowView<'_>)| again.row(held, sink);
    guard.begin_source(
        file,
        origin.zip(keys).map(|(origin, (respondent, wave))| Rescan { origin, scan: scan_keys, respondent, wave }),
    );
    let column = |role: Option<usize>| role.map(|c| layout.headers[c].as_str());
    let wave_column = match layout.wave {
        RoleAt::Column(c) => Some(c),
        RoleAt::Constant(_) => None,
    };
    let of = TallyOf {
        file,
        format: "csv",
        lenient: options.lenient,
        respondent_column: column(layout.respondent),
        wave_column: column(wave_column),
    };
    let mut tally = Tally::new(of, rejects);
    tally.set_import(import.as_ref().map(Import::note));
    #[cfg(feature = "import")]
    let mut filter = import.as_ref().map(|i| RowFilter::for_import(i.tool, &i.headers));
    // No profile, no filter (and none of its code in the build).
    #[cfg(not(feature = "import"))]
    let mut filter: Option<RowFilter> = None;
    #[cfg(all(feature = "parallel", feature = "rescan", not(target_arch = "wasm32")))]
    let read = match &in_parts {
        Some((origin, skipped, start, workers)) => {
            let plan = parts::Plan {
                origin,
                skipped: *skipped,
                start: *start,
                workers: *workers,
                part_bytes: parts::part_bytes(),
            };
            let progress = rdr.get_mut().progress.take();
            parts::read_rows(
                &plan,
                &layout,
                (file, io_path),
                instrument,
                guard,
                (sink, &mut *reread),
                &mut tally,
                progress,
            )
        }
        None => read_rows(
            Rows { rdr: &mut rdr, pending },
            (&layout, filter.as_mut()),
            (file, io_path),
            instrument,
            guard,
            (sink, &mut *reread),
            &mut tally,
        ),
    };
    #[cfg(not(all(feature = "parallel", feature = "rescan", not(target_arch = "wasm32"))))]
    let read = read_rows(
        Rows { rdr: &mut rdr, pending },
        (&layout, filter.as_mut()),
        (file, io_path),
        instrument,
        guard,
        (sink, &mut *reread),
        &mut tally,
    );
    let result = read.map_err(|e| tally.stopped(guard, e)).and_then(|()| tally.finish(guard, sink, reread));
    if let (Some(note), Some(extra)) = (tally.summary.import.as_mut(), filter.and_then(|f| f.note())) {
        note.push_str("; ");
        note.push_str(&extra);
    }
    guard.end_source(tally.last_row);
    result.map(|()| tally.summary)
}

/// Reads the record of a released held row again (see [`Held`]) and
/// validates it as the first pass did.
struct Again<'s, 'l> {
    #[cfg_attr(not(feature = "rescan"), allow(dead_code))]
    origin: Option<Origin<'s>>,
    /// Bytes before the positions of records (a byte-order mark).
    #[cfg_attr(not(feature = "rescan"), allow(dead_code))]
    skipped: u64,
    layout: &'l Layout,
    instrument: &'l Instrument,
    file: Option<&'l str>,
    #[cfg_attr(not(feature = "rescan"), allow(dead_code))]
    io_path: Option<&'l str>,
    /// The file, once opened.
    #[cfg_attr(not(feature = "rescan"), allow(dead_code))]
    open: Option<std::fs::File>,
    rec: ::csv::ByteRecord,
    buf: RowBuf,
}

impl<'s, 'l> Again<'s, 'l> {
    fn new(
        origin: Option<Origin<'s>>,
        skipped: u64,
        layout: &'l Layout,
        instrument: &'l Instrument,
        (file, io_path): (Option<&'l str>, Option<&'l str>),
    ) -> Self {
        Again {
            origin,
            skipped,
            layout,
            instrument,
            file,
            io_path,
            open: None,
            rec: ::csv::ByteRecord::new(),
            buf: RowBuf::default(),
        }
    }

    /// Read `held`'s record and hand its view to `sink`.
    fn row(&mut self, held: &Held, sink: &mut dyn FnMut(RowView<'_>)) -> Result<()> {
        if !self.read(held)? || self.rec.len() != self.layout.headers.len() {
            return Err(Error::Csv {
                location: Location::file(self.file).with_row(held.row),
                message: "the input changed while it was read: this row is not what it was".into(),
            });
        }
        let mut fields = Vec::new();
        decode_into(&self.rec, &self.layout.headers, held.row, self.file, &mut fields)?;
        if self.layout.carry_side {
            self.buf.carried = Some((held.key().1.to_owned(), held.side));
        }
        let view = self.layout.fill_row(&fields, held.row, self.instrument, self.file, &mut self.buf)?;
        sink(view);
        Ok(())
    }

    /// Read the record at `held.at` into `self.rec`; false when there is none.
    #[cfg(feature = "rescan")]
    fn read(&mut self, held: &Held) -> Result<bool> {
        use std::io::{Seek, SeekFrom};
        let at = held.at + self.skipped;
        // One record: a small buffer (a held row is read on its own). The
        // parser drops a byte-order mark at the start of its input, as at
        // the start of a file; at a row's start it is text of the row, so
        // the row is read after an empty line (which the parser skips).
        fn small<R: Read>(r: R) -> ::csv::Reader<std::io::Chain<&'static [u8], R>> {
            let lead: &'static [u8] = b"\n";
            ::csv::ReaderBuilder::new()
                .has_headers(false)
                .flexible(true)
                .buffer_capacity(1 << 12)
                .from_reader(lead.chain(r))
        }
        let csv_error = |e| read_error(e, held.row, self.file, self.io_path);
        match &self.origin {
            Some(Origin::Path(p)) => {
                let io = |e: std::io::Error| Error::Io { path: p.display().to_string(), message: e.to_string() };
                if self.open.is_none() {
                    self.open = Some(std::fs::File::open(p).map_err(io)?);
                }
                let Some(f) = self.open.as_mut() else { return Ok(false) };
                f.seek(SeekFrom::Start(at)).map_err(io)?;
                small(&*f).read_byte_record(&mut self.rec).map_err(csv_error)
            }
            Some(Origin::Bytes(b)) => {
                let rest = usize::try_from(at).ok().and_then(|at| b.get(at..)).unwrap_or_default();
                small(rest).read_byte_record(&mut self.rec).map_err(csv_error)
            }
            None => Ok(false),
        }
    }

    /// Without the `rescan` feature no row is held back.
    #[cfg(not(feature = "rescan"))]
    fn read(&mut self, _held: &Held) -> Result<bool> {
        Ok(false)
    }
}

/// The records after the header: those read ahead to recognise an
/// export's layout, then the rest of the input.
struct Rows<'r, 'p, R> {
    rdr: &'r mut ::csv::Reader<Input<'p, R>>,
    pending: std::collections::VecDeque<::csv::ByteRecord>,
}

impl<R: Read> Rows<'_, '_, R> {
    /// The next record: `Some(true)` when it was read ahead (and checked
    /// then), `Some(false)` when read now, `None` at the end.
    fn next(&mut self, rec: &mut ::csv::ByteRecord) -> std::result::Result<Option<bool>, ::csv::Error> {
        match self.pending.pop_front() {
            Some(r) => {
                *rec = r;
                Ok(Some(true))
            }
            None => Ok(self.rdr.read_byte_record(rec)?.then_some(false)),
        }
    }
}

/// How many records after the header an import profile looks at.
#[cfg(feature = "import")]
const LOOK_AHEAD: usize = 2;

/// The survey tool whose export the input is, by the options or by the
/// signature its header carries (and whether it was recognised), or `None`
/// for rapport's own columns.
/// `header` is the header row alone.
fn export_tool(header: &[Vec<String>], options: &IngestOptions) -> Option<(Tool, bool)> {
    match options.from {
        ImportFrom::Rapport => None,
        ImportFrom::Tool(t) => Some((t, false)),
        ImportFrom::Auto => detect(header).map(|t| (t, true)),
    }
}

/// The import profile for this input (see [`super::profile`]): the one the
/// options name, or the one whose signature the header carries. Reads up to
/// [`LOOK_AHEAD`] records into `pending`, which are then read as rows.
#[cfg(feature = "import")]
fn import_profile<R: Read>(
    rdr: &mut ::csv::Reader<Input<'_, R>>,
    headers: Vec<String>,
    pending: &mut std::collections::VecDeque<::csv::ByteRecord>,
    instrument: &Instrument,
    options: &IngestOptions,
    (file, io_path): (Option<&str>, Option<&str>),
) -> Result<Option<Import>> {
    let Some((tool, detected)) = export_tool(std::slice::from_ref(&headers), options) else { return Ok(None) };
    let mut rows = vec![headers];
    for r in 0..LOOK_AHEAD {
        let row = r as u64 + 2;
        let mut rec = ::csv::ByteRecord::new();
        if !rdr.read_byte_record(&mut rec).map_err(|e| read_error(e, row, file, io_path))? {
            break;
        }
        check_closed_quotes(rdr, &rec, row, Some(&rows[0]), file)?;
        rows.push(rec.iter().map(|f| String::from_utf8_lossy(f).trim().to_owned()).collect());
        pending.push_back(rec);
    }
    Ok(Some(super::profile::import(tool, detected, &rows, options.mapping.as_ref(), instrument)))
}

/// Without the `import` feature a survey tool's export is not read: an
/// error naming the tool (and no profile code in the build; nothing is
/// read ahead).
#[cfg(not(feature = "import"))]
fn refuse_export(headers: &[String], options: &IngestOptions, file: Option<&str>) -> Result<()> {
    match export_tool(&[headers.to_vec()], options) {
        None => Ok(()),
        Some((tool, _)) => Err(Error::InvalidArgument {
            name: "input".into(),
            expected: "rapport's own columns (respondent, side, wave, item ids): this build of rapport reads no \
                       survey tool's export (built without its `import` feature)"
                .into(),
            found: format!("{}, a {} export", file.unwrap_or("the input"), tool.name()),
        }),
    }
}

/// A missing side or wave column in a survey-tool export: say how to give
/// one (no tool writes them).
fn with_import_hint(e: Error, import: Option<&Import>, options: &IngestOptions) -> Error {
    let Error::MissingColumn { location, column, found, hint } = e else { return e };
    let Some(i) = import else { return Error::MissingColumn { location, column, found, hint } };
    let mapping = options.mapping.as_ref();
    let extra = if mapping.and_then(ColumnMapping::wave_header) == Some(column.as_str()) {
        match &i.timestamp {
            Some(ts) => format!(
                "; {} exports have no wave: give --wave LABEL for the whole file, or --wave-period \
                 month|quarter|half|year to take waves from {}",
                i.tool.name(),
                echo(ts)
            ),
            None => format!("; {} exports have no wave: give --wave LABEL for the whole file", i.tool.name()),
        }
    } else if mapping.and_then(ColumnMapping::side_header) == Some(column.as_str()) {
        format!(
            "; {} exports have no side: give --side it|business when the file holds one side, or map the \
             question that asks it in the mapping's \"side\" with \"side_values\"",
            i.tool.name()
        )
    } else {
        String::new()
    };
    Error::MissingColumn { location, column, found, hint: hint + &extra }
}

#[allow(clippy::too_many_arguments)] // one private step of `read_impl`
fn read_rows<R: Read>(
    mut rows: Rows<'_, '_, R>,
    (layout, mut filter): (&Layout, Option<&mut RowFilter>),
    (file, io_path): (Option<&str>, Option<&str>),
    instrument: &Instrument,
    guard: &mut DuplicateGuard<'_>,
    (sink, reread): (&mut dyn FnMut(RowView<'_>), Reread<'_>),
    tally: &mut Tally<'_>,
) -> Result<()> {
    let width = layout.headers.len();
    let mut rec = ::csv::ByteRecord::new();
    let mut row = 1u64;
    let mut buf = RowBuf::default();
    // The fields' vector, kept between rows (empty, so of any lifetime).
    let mut spare: Vec<&'static str> = Vec::new();
    while let Some(read_ahead) = rows.next(&mut rec).map_err(|e| read_error(e, row + 1, file, io_path))? {
        row += 1;
        if !read_ahead {
            check_closed_quotes(rows.rdr, &rec, row, Some(&layout.headers), file)?;
        }
        if row <= layout.header_rows {
            // Further header rows (question texts, import ids): read past.
            continue;
        }
        let mut fields: Vec<&str> = spare;
        let decoded = if rec.len() == width {
            decode_into(&rec, &layout.headers, row, file, &mut fields)
        } else {
            Err(Error::RaggedRow {
                location: Location::file(file).with_row(row),
                expected: width as u64,
                found: rec.len() as u64,
            })
        };
        // A row the profile finds is not a response (a preview, spam, an
        // event without answers) is left out, and the re-scan skips it.
        let left_out = decoded.is_ok()
            && filter.as_deref_mut().is_some_and(|filter| !filter.keep(&fields, || layout.answered(&fields)));
        if left_out {
            guard.reject(row);
        } else {
            let parsed = decoded.and_then(|()| layout.fill_row(&fields, row, instrument, file, &mut buf));
            let at = rec.position().map_or(0, |p| p.byte());
            tally.row(guard, (row, at), parsed, sink, &mut *reread)?;
        }
        fields.clear();
        // Empty: the allocation is reused, whatever the lifetime.
        spare = fields.into_iter().map(|_| "").collect();
    }
    Ok(())
}

/// The fields of `rec` into `fields` (empty), checked as UTF-8 once for the
/// whole record; [`decode`] names the first field that is not.
fn decode_into<'r>(
    rec: &'r ::csv::ByteRecord,
    headers: &[String],
    row: u64,
    file: Option<&str>,
    fields: &mut Vec<&'r str>,
) -> Result<()> {
    // The record's fields, concatenated without their delimiters, checked
    // once. Two invalid fields can join into a valid character (`\xCD` and
    // `\xBD` make "ͽ"), so each field must also start and end on a
    // character boundary; otherwise every field is checked on its own,
    // which names the invalid one.
    let whole = std::str::from_utf8(rec.as_slice()).ok().and_then(|text| {
        let start = fields.len();
        for c in 0..rec.len() {
            match rec.range(c).map(|r| text.get(r)) {
                Some(Some(field)) => fields.push(field),
                None => fields.push(""),
                Some(None) => {
                    fields.truncate(start);
                    return None;
                }
            }
        }
        Some(())
    });
    if whole.is_none() {
        fields.extend(decode(rec, Some(headers), row, file)?);
    }
    Ok(())
}

#[cfg(feature = "rescan")]
/// Read the respondent and wave of every data row of a re-readable source,
/// as (row, wave, respondent), until `visit` returns false. Used by
/// [`DuplicateGuard`] to resolve held rows; rows are numbered exactly as in
/// the first pass.
pub(crate) fn scan_keys(rescan: &Rescan<'_>, visit: &mut dyn FnMut(u64, &str, &str) -> bool) -> Result<()> {
    let open = || -> Result<(Box<dyn Read + '_>, Option<String>)> {
        Ok(match &rescan.origin {
            Origin::Path(p) => {
                let name = p.display().to_string();
                let f = std::fs::File::open(p).map_err(|e| Error::Io { path: name.clone(), message: e.to_string() })?;
                (Box::new(f), Some(name))
            }
            Origin::Bytes(b) => (Box::new(*b), None),
        })
    };
    let (reader, path) = open()?;
    if scan_plain_keys(reader, rescan, visit)
        .map_err(|e| Error::Io { path: path.clone().unwrap_or_else(|| "input".into()), message: e.to_string() })?
    {
        return Ok(());
    }
    let (reader, path) = open()?;
    let mut rdr = csv_reader(Input::new(reader, None));
    let mut rec = ::csv::ByteRecord::new();
    let mut row = 0u64;
    while rdr.read_byte_record(&mut rec).map_err(|e| read_error(e, row + 1, path.as_deref(), path.as_deref()))? {
        row += 1;
        if row == 1 {
            continue;
        }
        let get = |c: usize| rec.get(c).and_then(|f| std::str::from_utf8(f).ok()).map_or("", str::trim);
        if !visit(row, get(rescan.wave), get(rescan.respondent)) {
            break;
        }
    }
    Ok(())
}

/// [`scan_keys`] without the CSV parser, for an input without a quote
/// (most are): a record is then a line (ended by LF, CRLF or CR; blank
/// lines skipped) and its fields are what lies between commas, exactly as
/// the parser reads them. Returns false, having visited some rows, as
/// soon as a quote appears: the caller scans again with the parser (a
/// visitor sees the same rows again, in the same order).
#[cfg(feature = "rescan")]
fn scan_plain_keys(
    mut reader: impl Read,
    rescan: &Rescan<'_>,
    visit: &mut dyn FnMut(u64, &str, &str) -> bool,
) -> std::io::Result<bool> {
    let mut buf = vec![0u8; 1 << 16];
    let (mut len, mut row, mut started) = (0usize, 0u64, false);
    let last = rescan.respondent.max(rescan.wave);
    // `Some(false)`: the visitor stopped the scan.
    let mut line = |line: &[u8], row: &mut u64| -> Option<bool> {
        if line.is_empty() {
            return None;
        }
        *row += 1;
        if *row == 1 {
            return None;
        }
        let (mut wave, mut respondent) = ("", "");
        for (c, field) in line.split(|&b| b == b',').take(last + 1).enumerate() {
            let text = std::str::from_utf8(field).map_or("", str::trim);
            if c == rescan.wave {
                wave = text;
            }
            if c == rescan.respondent {
                respondent = text;
            }
        }
        (!visit(*row, wave, respondent)).then_some(false)
    };
    loop {
        if len == buf.len() {
            buf.resize(2 * len, 0);
        }
        let n = match reader.read(&mut buf[len..]) {
            Ok(n) => n,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        if buf[len..len + n].contains(&b'"') {
            return Ok(false);
        }
        len += n;
        let mut start = 0;
        if !started {
            if len < 3 && n > 0 {
                continue;
            }
            started = true;
            if buf[..len].starts_with(&BOM) {
                start = 3;
            }
        }
        while let Some(p) = buf[start..len].iter().position(|&b| b == b'\n' || b == b'\r') {
            let end = start + p;
            if line(&buf[start..end], &mut row).is_some() {
                return Ok(true);
            }
            start = end + 1;
        }
        if n == 0 {
            line(&buf[start..len], &mut row);
            return Ok(true);
        }
        buf.copy_within(start..len, 0);
        len -= start;
    }
}

/// Without the `rescan` feature no source can be re-scanned: `Rescan` has no values.
#[cfg(not(feature = "rescan"))]
pub(crate) fn scan_keys(rescan: &Rescan<'_>, _visit: &mut dyn FnMut(u64, &str, &str) -> bool) -> Result<()> {
    match rescan.origin {
        Origin::Never(never, _) => match never {},
    }
}

/// The first `n` records of a CSV input (the header first), fields trimmed,
/// bytes that are not UTF-8 replaced: what [`super::profile::starter`]
/// needs to propose a mapping.
///
/// ```
/// let rows = rapport::ingest::csv::head_rows("\u{feff}a,b\r\n1, 2\r\n3,4\n".as_bytes(), 2).unwrap();
/// assert_eq!(rows, [["a", "b"], ["1", "2"]]);
/// ```
pub fn head_rows<R: Read>(reader: R, n: usize) -> Result<Vec<Vec<String>>> {
    let mut rdr = csv_reader(Input::new(reader, None));
    let mut rec = ::csv::ByteRecord::new();
    let mut rows = Vec::new();
    while rows.len() < n
        && rdr.read_byte_record(&mut rec).map_err(|e| read_error(e, rows.len() as u64 + 1, None, None))?
    {
        rows.push(rec.iter().map(|f| String::from_utf8_lossy(f).trim().to_owned()).collect());
    }
    if rows.is_empty() {
        return Err(Error::EmptyInput { location: Location::default() });
    }
    Ok(rows)
}

/// Read CSV from any reader (for example stdin), handing each accepted
/// record to `sink`; returns the counts and, in lenient mode, the rejected
/// rows. `source` names the input in errors.
///
/// A plain reader cannot be read twice, so duplicate respondents are caught
/// with an exact set of (wave, respondent) keys, whose memory grows with the
/// number of respondents; prefer [`read_csv_path`] or [`read_csv_bytes`] for
/// very large inputs.
///
/// ```
/// use rapport::{Instrument, ingest::{IngestOptions, csv::read_csv}};
/// let data = "respondent,side,wave,trust_1\nr1,it,2026-01,4\nr2,business,2026-01,N/A\n";
/// let mut n = 0;
/// let (summary, rejected) =
///     read_csv(data.as_bytes(), Some("x.csv"), &Instrument::default(), &IngestOptions::default(), &mut |_| n += 1).unwrap();
/// assert_eq!((summary.accepted, rejected.len(), n), (2, 0, 2));
/// ```
pub fn read_csv<R: Read>(
    reader: R,
    source: Option<&str>,
    instrument: &Instrument,
    options: &IngestOptions,
    sink: &mut dyn FnMut(Record),
) -> Result<(SourceSummary, Vec<RejectedRow>)> {
    read_csv_with_guard(reader, source, instrument, options, &mut DuplicateGuard::new(), sink)
}

/// [`read_csv`] sharing a [`DuplicateGuard`] with the other inputs of one
/// report, so that a respondent answering a wave in two inputs is caught.
pub fn read_csv_with_guard<R: Read>(
    reader: R,
    source: Option<&str>,
    instrument: &Instrument,
    options: &IngestOptions,
    guard: &mut DuplicateGuard<'_>,
    sink: &mut dyn FnMut(Record),
) -> Result<(SourceSummary, Vec<RejectedRow>)> {
    let sink = &mut |r: RowView<'_>| sink(r.to_record());
    collect_rejected(|rejects| stream_csv(reader, source, instrument, options, guard, sink, rejects))
}

/// [`read_csv_with_guard`] handing each rejected row to `rejects` as it is
/// found, in row order, instead of returning them.
pub(crate) fn stream_csv<R: Read>(
    reader: R,
    source: Option<&str>,
    instrument: &Instrument,
    options: &IngestOptions,
    guard: &mut DuplicateGuard<'_>,
    sink: &mut dyn FnMut(RowView<'_>),
    rejects: RejectSink<'_>,
) -> Result<SourceSummary> {
    let job = Job { file: source, io_path: None, origin: None, instrument, options, guard, sink, rejects, workers: 0 };
    read_impl(reader, job, None)
}

#[cfg(feature = "rescan")]
/// Read CSV held in memory. Duplicates are caught in bounded memory (a
/// filter sized to the input, at most 8 MiB, and one re-scan of the bytes
/// when needed; see [`super::dedupe`]).
///
/// ```
/// use rapport::{Instrument, ingest::{IngestOptions, csv::read_csv_bytes}};
/// let data = b"respondent,side,wave,trust_1\nr1,it,2026-01,4\nr1,it,2026-01,5\n";
/// let opts = IngestOptions { lenient: true, ..Default::default() };
/// let (summary, rejected) = read_csv_bytes(data, None, &Instrument::default(), &opts, &mut |_| {}).unwrap();
/// assert_eq!((summary.accepted, rejected[0].row, rejected[0].code.as_str()), (1, 3, "duplicate_respondent"));
/// ```
pub fn read_csv_bytes(
    bytes: &[u8],
    source: Option<&str>,
    instrument: &Instrument,
    options: &IngestOptions,
    sink: &mut dyn FnMut(Record),
) -> Result<(SourceSummary, Vec<RejectedRow>)> {
    let mut guard = DuplicateGuard::for_input_len(bytes.len());
    read_csv_bytes_with_guard(bytes, source, instrument, options, &mut guard, sink)
}

#[cfg(feature = "rescan")]
/// [`read_csv_bytes`] sharing a [`DuplicateGuard`] with the other inputs of
/// one report. The guard keeps a reference to `bytes` for later re-scans.
pub fn read_csv_bytes_with_guard<'s>(
    bytes: &'s [u8],
    source: Option<&str>,
    instrument: &Instrument,
    options: &IngestOptions,
    guard: &mut DuplicateGuard<'s>,
    sink: &mut dyn FnMut(Record),
) -> Result<(SourceSummary, Vec<RejectedRow>)> {
    read_csv_bytes_rows(bytes, source, instrument, options, guard, &mut |r| sink(r.to_record()))
}

#[cfg(feature = "rescan")]
/// [`read_csv_bytes_with_guard`] handing on each accepted row as a view of
/// the reader's buffers, not as a record.
pub(crate) fn read_csv_bytes_rows<'s>(
    bytes: &'s [u8],
    source: Option<&str>,
    instrument: &Instrument,
    options: &IngestOptions,
    guard: &mut DuplicateGuard<'s>,
    sink: &mut dyn FnMut(RowView<'_>),
) -> Result<(SourceSummary, Vec<RejectedRow>)> {
    let workers = crate::util::par::threads();
    collect_rejected(|rejects| stream_csv_bytes(bytes, source, instrument, options, guard, (sink, rejects), workers))
}

#[cfg(feature = "rescan")]
/// [`read_csv_bytes_with_guard`] handing each rejected row to `rejects`.
pub(crate) fn stream_csv_bytes<'s>(
    bytes: &'s [u8],
    source: Option<&str>,
    instrument: &Instrument,
    options: &IngestOptions,
    guard: &mut DuplicateGuard<'s>,
    (sink, rejects): (&mut dyn FnMut(RowView<'_>), RejectSink<'_>),
    workers: usize,
) -> Result<SourceSummary> {
    let origin = Some(Origin::Bytes(bytes));
    guard.expect_input(bytes.len() as u64);
    let job = Job { file: source, io_path: None, origin, instrument, options, guard, sink, rejects, workers };
    read_impl(bytes, job, None)
}

#[cfg(feature = "rescan")]
/// Read a CSV file in one streaming pass with memory independent of its
/// length (plus, only when a respondent may repeat, one re-scan of the
/// respondent and wave columns). Errors carry the path as the file name;
/// failures to open or read it are [`Error::Io`].
pub fn read_csv_path(
    path: &Path,
    instrument: &Instrument,
    options: &IngestOptions,
    sink: &mut dyn FnMut(Record),
) -> Result<(SourceSummary, Vec<RejectedRow>)> {
    read_csv_path_with_guard(path, instrument, options, &mut DuplicateGuard::new(), sink, None)
}

#[cfg(feature = "rescan")]
/// [`read_csv_path`] that also reports the number of bytes read so far to
/// `progress` — about every MiB, and once at the end — so a caller can drive
/// a progress bar against the file's size. The count is of the file's bytes;
/// the re-scan for duplicates (rare) is not reported.
///
/// ```no_run
/// use rapport::{Instrument, ingest::{IngestOptions, csv::read_csv_path_with_progress}};
/// let path = std::path::Path::new("responses.csv");
/// let size = std::fs::metadata(path).unwrap().len();
/// let mut hook = |bytes: u64| eprint!("\r{:3}%", bytes * 100 / size.max(1));
/// read_csv_path_with_progress(path, &Instrument::default(), &IngestOptions::default(), &mut |_| {}, Some(&mut hook))
///     .unwrap();
/// ```
pub fn read_csv_path_with_progress(
    path: &Path,
    instrument: &Instrument,
    options: &IngestOptions,
    sink: &mut dyn FnMut(Record),
    progress: Option<&mut dyn FnMut(u64)>,
) -> Result<(SourceSummary, Vec<RejectedRow>)> {
    read_csv_path_with_guard(path, instrument, options, &mut DuplicateGuard::new(), sink, progress)
}

#[cfg(feature = "rescan")]
/// [`read_csv_path_with_progress`] sharing a [`DuplicateGuard`] with the
/// other inputs of one report, so that a respondent answering one wave in
/// two files is reported in the later file, naming the earlier one.
///
/// ```no_run
/// use rapport::{Instrument, ingest::{DuplicateGuard, IngestOptions, IngestSummary, csv::read_csv_path_with_guard}};
/// let (inst, opts) = (Instrument::default(), IngestOptions::default());
/// let mut guard = DuplicateGuard::new();
/// let mut summary = IngestSummary::default();
/// for path in ["2026-01.csv", "2026-02.csv"] {
///     let (source, rejected) =
///         read_csv_path_with_guard(path.as_ref(), &inst, &opts, &mut guard, &mut |_record| {}, None).unwrap();
///     summary.add_source(source, rejected);
/// }
/// ```
pub fn read_csv_path_with_guard(
    path: &Path,
    instrument: &Instrument,
    options: &IngestOptions,
    guard: &mut DuplicateGuard<'_>,
    sink: &mut dyn FnMut(Record),
    progress: Option<&mut dyn FnMut(u64)>,
) -> Result<(SourceSummary, Vec<RejectedRow>)> {
    read_csv_path_rows(path, instrument, options, guard, &mut |r| sink(r.to_record()), progress)
}

#[cfg(feature = "rescan")]
/// [`read_csv_path_with_guard`] handing on each accepted row as a view of
/// the reader's buffers, not as a record.
pub(crate) fn read_csv_path_rows(
    path: &Path,
    instrument: &Instrument,
    options: &IngestOptions,
    guard: &mut DuplicateGuard<'_>,
    sink: &mut dyn FnMut(RowView<'_>),
    progress: Option<&mut dyn FnMut(u64)>,
) -> Result<(SourceSummary, Vec<RejectedRow>)> {
    let workers = crate::util::par::threads();
    collect_rejected(|rejects| stream_csv_path(path, instrument, options, guard, (sink, rejects), progress, workers))
}

#[cfg(feature = "rescan")]
/// [`read_csv_path_with_guard`] handing each rejected row to `rejects`.
pub(crate) fn stream_csv_path(
    path: &Path,
    instrument: &Instrument,
    options: &IngestOptions,
    guard: &mut DuplicateGuard<'_>,
    (sink, rejects): (&mut dyn FnMut(RowView<'_>), RejectSink<'_>),
    progress: Option<&mut dyn FnMut(u64)>,
    workers: usize,
) -> Result<SourceSummary> {
    let name = path.display().to_string();
    let file = std::fs::File::open(path).map_err(|e| Error::Io { path: name.clone(), message: e.to_string() })?;
    guard.expect_input(file.metadata().map_or(0, |m| m.len()));
    let job = Job {
        file: Some(&name),
        io_path: Some(&name),
        origin: Some(Origin::Path(path.to_path_buf())),
        instrument,
        options,
        guard,
        sink,
        rejects,
        workers,
    };
    read_impl(file, job, progress)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read_opts(data: &str, opts: &IngestOptions) -> Result<(SourceSummary, Vec<RejectedRow>, Vec<Record>)> {
        let mut out = Vec::new();
        let (s, r) =
            read_csv_bytes(data.as_bytes(), Some("t.csv"), &Instrument::default(), opts, &mut |x| out.push(x))?;
        Ok((s, r, out))
    }

    fn read(data: &str, lenient: bool) -> Result<(SourceSummary, Vec<RejectedRow>, Vec<Record>)> {
        read_opts(data, &IngestOptions { lenient, ..Default::default() })
    }

    fn codes(r: &[RejectedRow]) -> Vec<(u64, &str)> {
        r.iter().map(|x| (x.row, x.code.as_str())).collect()
    }

    const HEAD: &str = "respondent,side,wave,department,trust_1,trust_2,overall_rating,meeting_cadence\n";

    fn mapped(json: &str, lenient: bool) -> IngestOptions {
        IngestOptions { lenient, mapping: Some(ColumnMapping::from_json(json).unwrap()), ..Default::default() }
    }

    #[test]
    fn a_constant_wave_and_side_for_the_whole_file() {
        let opts = mapped(r#"{"wave": {"value": "2025-Q3"}, "side": {"value": "business"}}"#, false);
        let (s, _, recs) = read_opts("respondent,trust_1\nr1,4\nr2,5\n", &opts).unwrap();
        assert_eq!(s.accepted, 2);
        assert!(recs.iter().all(|r| r.wave == "2025-Q3" && r.side == Side::Business));
        // A constant that cannot be a wave is a mapping error before any row.
        let bad = mapped(r#"{"wave": {"value": "2025-13"}, "side": {"value": "it"}}"#, false);
        let e = read_opts("respondent,trust_1\nr1,4\n", &bad).unwrap_err();
        assert_eq!(e.code(), "invalid_mapping");
        assert!(e.to_string().contains("2025-13"), "{e}");
    }

    #[test]
    fn waves_from_a_timestamp_column_and_rows_outside_are_located_row_errors() {
        let json = r#"{"wave": {"column": "Submitted", "period": "quarter"}, "side": {"value": "it"}}"#;
        let data = "respondent,Submitted,trust_1\nr1,6/30/2025 11:59 PM,4\nr2,2025-07-01 00:00:01,5\nr3,soon,3\nr1,7/2/2025 9:00 AM,2\n";
        let (s, r, recs) = read_opts(data, &mapped(json, true)).unwrap();
        assert_eq!((s.rows_in, s.accepted), (4, 3));
        assert_eq!(codes(&r), vec![(4, "invalid_timestamp")]);
        assert_eq!(r[0].column.as_deref(), Some("Submitted"));
        let waves: Vec<&str> = recs.iter().map(|r| r.wave.as_str()).collect();
        // r1 answers Q2 and Q3: not a duplicate, the waves differ.
        assert_eq!(waves, ["2025-Q2", "2025-Q3", "2025-Q3"]);
        let e = read_opts(data, &mapped(json, false)).unwrap_err();
        assert_eq!((e.code(), e.location().and_then(|l| l.row)), ("invalid_timestamp", Some(4)));
        // The same respondent twice in one derived wave is a duplicate.
        let dup = "respondent,Submitted,trust_1\nr1,2025-07-01,4\nr1,2025-09-30,5\n";
        assert_eq!(read_opts(dup, &mapped(json, false)).unwrap_err().code(), "duplicate_respondent");
    }

    #[test]
    fn rows_without_ids_carried_sides_ignored_columns_and_value_maps() {
        // No id column: every row is its own respondent.
        let json = r#"{"respondent": {"row_number": true}, "wave": {"value": "2025-06"}, "side": "Team",
            "ignore": ["Email"], "other_columns": "ignore",
            "values": {"agreement": {"SA": 5, "-99": "missing"}, "trust_2": {"1": 5, "5": 1, "6": "na"}}}"#;
        let data = "Team,Email,Q text,Q text,trust_1,trust_2\nIT,a@x,x,y,SA,1\nIT,a@x,x,y,-99,6\nbusiness,,,,4,5\n";
        let (s, _, recs) = read_opts(data, &mapped(json, false)).unwrap();
        assert_eq!(s.accepted, 3);
        let t2 = Instrument::default().slot_index("trust_2").unwrap();
        assert_eq!((recs[0].cells[0], recs[0].cells[t2]), (Cell::Value(5.0), Cell::Value(5.0)));
        assert_eq!((recs[1].cells[0], recs[1].cells[t2]), (Cell::Missing, Cell::NotApplicable));
        assert_eq!((recs[2].cells[0], recs[2].cells[t2]), (Cell::Value(4.0), Cell::Value(1.0)));
        assert!(recs.iter().all(|r| r.segments.is_empty()));
        assert_ne!(recs[0].respondent, recs[1].respondent);
        // Without other_columns: ignore, the repeated question header is read and refused.
        let strict = r#"{"respondent": {"row_number": true}, "wave": {"value": "2025-06"}, "side": "Team"}"#;
        assert_eq!(read_opts(data, &mapped(strict, false)).unwrap_err().code(), "duplicate_column");

        // REDCap: the side only on a record's first event row.
        let json =
            r#"{"respondent": "record_id", "wave": "redcap_event_name", "side": {"column": "side", "carry": true}}"#;
        let data = "record_id,redcap_event_name,side,trust_1\n1,wave_1,it,4\n1,wave_2,,5\n2,wave_1,business,3\n2,wave_2,,2\n3,wave_2,,1\n";
        let (s, r, recs) = read_opts(data, &mapped(json, true)).unwrap();
        assert_eq!((s.accepted, codes(&r)), (4, vec![(6, "unknown_side")]));
        let sides: Vec<Side> = recs.iter().map(|r| r.side).collect();
        assert_eq!(sides, [Side::It, Side::It, Side::Business, Side::Business]);
    }

    #[test]
    fn extra_header_rows_are_read_past_and_keep_row_numbers() {
        let json = r#"{"header_rows": 3}"#;
        let data = "respondent,side,wave,trust_1\nResponse ID,Side,Wave,I can count on\n{\"ImportId\":\"x\"},,,\nr1,it,2025-01,4\nr2,it,2025-01,9\n";
        let (s, r, recs) = read_opts(data, &mapped(json, true)).unwrap();
        assert_eq!((s.rows_in, s.accepted, recs.len()), (2, 1, 1));
        assert_eq!(codes(&r), vec![(5, "value_out_of_scale")]);
    }

    #[test]
    fn reads_values_missing_and_not_applicable() {
        let (s, r, recs) =
            read(&format!("{HEAD}r1,IT,2026-01,Apps,4,N/A,7,Monthly\nr2,business,2026-01,,,na,,\n"), false).unwrap();
        assert_eq!((s.rows_in, s.accepted, r.len()), (2, 2, 0));
        let inst = Instrument::default();
        let t2 = inst.slot_index("trust_2").unwrap();
        assert_eq!(recs[0].cells[0], Cell::Value(4.0));
        assert_eq!(recs[0].cells[t2], Cell::NotApplicable);
        assert_eq!(recs[0].cells[inst.slot_index("meeting_cadence").unwrap()], Cell::Value(1.0));
        assert_eq!(recs[0].segments["department"], "Apps");
        assert_eq!(recs[0].side, Side::It);
        assert!(recs[1].segments.is_empty());
        assert_eq!(recs[1].cells[0], Cell::Missing);
    }

    #[test]
    fn number_forms_tokens_and_labels() {
        let data = format!(
            "{HEAD}a,it,w,x, 4 ,4.0,10,weekly\nb,it,w,x,Agree,not applicable,0,About monthly\nc,it,w,x,   ,N/a,,NEVER\n"
        );
        let (_, _, recs) = read(&data, false).unwrap();
        let inst = Instrument::default();
        let (t2, or, mc) = (1, inst.slot_index("overall_rating").unwrap(), inst.slot_index("meeting_cadence").unwrap());
        assert_eq!(
            (recs[0].cells[0], recs[0].cells[t2], recs[0].cells[or]),
            (Cell::Value(4.0), Cell::Value(4.0), Cell::Value(10.0))
        );
        assert_eq!(
            (recs[1].cells[0], recs[1].cells[t2], recs[1].cells[mc]),
            (Cell::Value(4.0), Cell::NotApplicable, Cell::Value(1.0))
        );
        assert_eq!(
            (recs[2].cells[0], recs[2].cells[t2], recs[2].cells[or]),
            (Cell::Missing, Cell::NotApplicable, Cell::Missing)
        );
        assert_eq!(recs[2].cells[mc], Cell::Value(4.0));
        for (cell, code) in [
            ("4.5", "value_out_of_scale"),
            ("6", "value_out_of_scale"),
            ("0", "value_out_of_scale"),
            ("four", "invalid_value"),
            ("NaN", "invalid_value"),
            ("inf", "invalid_value"),
        ] {
            let e = read(&format!("{HEAD}a,it,w,x,{cell},,,\n"), false).unwrap_err();
            assert_eq!(e.code(), code, "{cell}: {e}");
        }
        let e = read(&format!("{HEAD}a,it,w,x,four,,,\n"), false).unwrap_err();
        assert_eq!(
            e.to_string(),
            "t.csv, row 2, column \"trust_1\": expected a whole number from 1 to 5, N/A or empty, found \"four\""
        );
        let e = read(&format!("{HEAD}a,it,w,x,,,n/a,\n"), false).unwrap_err();
        assert_eq!(
            (e.code(), e.location().unwrap().item.as_deref()),
            ("not_applicable_not_allowed", Some("overall_rating"))
        );
    }

    #[test]
    fn strict_errors_are_located() {
        let e = read(&format!("{HEAD}r1,it,2026-01,Apps,4,2,7,weekly\nr2,it,2026-01,Apps,9,2,7,weekly\n"), false)
            .unwrap_err();
        assert_eq!(e.code(), "value_out_of_scale");
        let l = e.location().unwrap();
        assert_eq!(
            (l.file.as_deref(), l.row, l.column.as_deref(), l.item.as_deref()),
            (Some("t.csv"), Some(3), Some("trust_1"), Some("trust_1"))
        );
        let e = read(&format!("{HEAD}r1,it, ,Apps,4,2,7,weekly\n"), false).unwrap_err();
        assert_eq!((e.code(), e.location().unwrap().column.as_deref()), ("missing_field", Some("wave")));
    }

    #[test]
    fn lenient_keeps_good_rows_and_lists_bad_ones() {
        let data = format!(
            "{HEAD}r1,it,2026-01,A,4,2,7,weekly\nr2,vendor,2026-01,A,4,2,7,weekly\nr3,it,2026-01,A,x,2,7,weekly\nr4,it,2026-01,A,4\nr1,it,2026-01,A,1,1,1,never\nr1,it,2026-02,A,1,1,1,never\n"
        );
        let (s, r, recs) = read(&data, true).unwrap();
        assert_eq!((s.rows_in, s.accepted, s.rejected), (6, 2, 4));
        assert_eq!(
            codes(&r),
            [(3, "unknown_side"), (4, "invalid_value"), (5, "ragged_row"), (6, "duplicate_respondent")]
        );
        assert_eq!(recs.iter().map(|r| r.wave.as_str()).collect::<Vec<_>>(), ["2026-01", "2026-02"]);
    }

    #[test]
    fn unknown_item_columns_get_a_hint_and_other_columns_are_segments() {
        let hint = |header: &str| {
            let e = read(&format!("respondent,side,wave,trust_1,{header}\nr1,it,w,3,3\n"), false).unwrap_err();
            assert_eq!((e.code(), e.location().unwrap().column.as_deref()), ("unknown_item_column", Some(header)));
            e.to_string()
        };
        assert!(hint("trust_5").ends_with("(did you mean \"trust_1\"?)"), "{}", hint("trust_5"));
        assert!(hint("Overall_Rating2").contains("did you mean \"overall_rating\""));
        assert!(hint("Trust 2").contains("did you mean \"trust_2\""));
        assert!(hint("communication.10").contains("did you mean \"communication_1\""));
        assert!(hint("trust").contains("its items are trust_1, trust_2, trust_3, trust_4"), "{}", hint("trust"));
        assert!(hint("openness_overall_score").contains("its items are openness_1"));
        let (_, _, recs) = read("respondent,side,wave,Location,trustee,trust_1\nr1,it,w,Oslo,yes,3\n", false).unwrap();
        assert_eq!(recs[0].segments["Location"], "Oslo");
        assert_eq!(recs[0].segments["trustee"], "yes", "only a separator after the prefix marks an item");
    }

    #[test]
    fn declared_segments_make_other_columns_errors() {
        let opts = IngestOptions { segments: Some(vec!["Department".into()]), ..Default::default() };
        let (_, _, recs) = read_opts("respondent,side,wave,department,trust_1\nr1,it,w,Apps,3\n", &opts).unwrap();
        assert_eq!(recs[0].segments["department"], "Apps");
        let e =
            read_opts("respondent,side,wave,department,Location,trust_1\nr1,it,w,Apps,Oslo,3\n", &opts).unwrap_err();
        assert_eq!(e.code(), "unknown_item_column");
        assert!(e.to_string().ends_with("and not a declared segment (Department)"), "{e}");
        let e = read_opts("respondent,side,wave,trust_1\nr1,it,w,3\n", &opts).unwrap_err();
        assert_eq!(e.code(), "missing_column");
    }

    #[test]
    fn file_level_errors() {
        for lenient in [false, true] {
            assert_eq!(read("", lenient).unwrap_err().code(), "empty_input");
            assert_eq!(read("\u{feff}", lenient).unwrap_err().code(), "empty_input");
            assert_eq!(read(HEAD, lenient).unwrap_err().code(), "empty_input");
            assert_eq!(read(&format!("{HEAD}\n\n"), lenient).unwrap_err().code(), "empty_input");
            let e = read("respondent,wave,trust_1\nr1,w,3\n", lenient).unwrap_err();
            assert_eq!(
                e.to_string(),
                "t.csv: required column \"side\" is missing (header has: respondent, wave, trust_1)"
            );
            assert_eq!(read("respondent,side,wave,dept\nr1,it,w,x\n", lenient).unwrap_err().code(), "missing_column");
            let e = read("respondent,side,wave,trust_1,Trust_1 \nr1,it,w,3,3\n", lenient).unwrap_err();
            assert_eq!((e.code(), e.location().unwrap().column.as_deref()), ("duplicate_column", Some("Trust_1")));
        }
    }

    #[test]
    fn bom_crlf_quotes_and_blank_lines() {
        let data = "\u{feff}\"respondent\",\"side\",\"wave\",\"department\",\"trust_1\"\r\n\
                    r1,it,w,\"Sales, North\",4\r\n\
                    \r\n\
                    r2,it,w,\"Two\r\nlines, \"\"quoted\"\"\",3\r\n\
                    r3,it,w,x,7\r\n";
        let e = read(data, false).unwrap_err();
        // Record numbers: the blank line and the line break inside quotes do not count.
        assert_eq!((e.code(), e.location().unwrap().row), ("value_out_of_scale", Some(4)));
        let (_, _, recs) = read(data, true).unwrap();
        assert_eq!(recs[1].segments["department"], "Two\r\nlines, \"quoted\"");
        let (_, _, recs) = read("respondent,side,wave,trust_1\rr1,it,w,4\rr2,it,w,5\r", false).unwrap();
        assert_eq!(recs.len(), 2, "old Mac line ends");
    }

    #[test]
    fn a_bad_wave_label_is_a_located_row_error() {
        let data =
            format!("{HEAD}r1,it,2026-01,A,4,2,7,weekly\nr2,it,2026-13,A,4,2,7,weekly\nr3,it,2026-02,A,4,2,7,weekly\n");
        let e = read(&data, false).unwrap_err();
        let l = e.location().unwrap();
        assert_eq!(
            (e.code(), l.file.as_deref(), l.row, l.column.as_deref()),
            ("invalid_wave", Some("t.csv"), Some(3), Some("wave"))
        );
        assert!(e.to_string().contains("expected a month from 01 to 12"), "{e}");
        let (s, r, recs) = read(&data, true).unwrap();
        assert_eq!((s.rows_in, s.accepted, s.rejected), (3, 2, 1));
        assert_eq!(codes(&r), [(3, "invalid_wave")]);
        assert_eq!(r[0].column.as_deref(), Some("wave"));
        assert_eq!(recs.iter().map(|x| x.wave.as_str()).collect::<Vec<_>>(), ["2026-01", "2026-02"]);
        // A label the options' wave order does not list, under a mapped header.
        let opts = IngestOptions {
            lenient: true,
            wave_order: vec!["pilot".into(), "main".into()],
            mapping: Some(ColumnMapping {
                wave: Some(crate::ingest::mapping::WaveSource::Column("Round".into())),
                ..Default::default()
            }),
            ..Default::default()
        };
        let (_, r, recs) =
            read_opts("respondent,side,Round,trust_1\na,it,pilot,3\nb,it,2026-01,3\nc,it,main,3\n", &opts).unwrap();
        assert_eq!((codes(&r), r[0].column.as_deref()), (vec![(3, "invalid_wave")], Some("Round")));
        assert_eq!(recs.len(), 2);
        // Rows rejected for a bad wave leave no label behind; accepted rows do.
        let mut guard = DuplicateGuard::new();
        let lenient = IngestOptions { lenient: true, ..Default::default() };
        read_csv_bytes_with_guard(
            data.as_bytes(),
            Some("t.csv"),
            &Instrument::default(),
            &lenient,
            &mut guard,
            &mut |_| {},
        )
        .unwrap();
        assert_eq!(
            guard.waves().iter().map(|(l, at)| (l, at.row)).collect::<Vec<_>>(),
            [("2026-01", Some(2)), ("2026-02", Some(4))]
        );
    }

    #[test]
    fn a_huge_cell_gives_a_short_message() {
        let huge = format!("{}9", "0".repeat(10_000_000));
        let text = "é".repeat(3_000_000);
        let data = format!(
            "{HEAD}r1,it,2026-01,A,{huge},2,7,weekly\nr2,it,2026-01,A,4,2,7,{text}\nr3,{text},2026-01,A,4,2,7,weekly\n"
        );
        let (_, r, _) = read(&data, true).unwrap();
        assert_eq!(codes(&r), [(2, "value_out_of_scale"), (3, "invalid_value"), (4, "unknown_side")]);
        for x in &r {
            assert!(x.message.len() < 400, "{} bytes: {}", x.message.len(), &x.message[..400.min(x.message.len())]);
        }
        assert!(
            r[0].message.contains(&format!("value \"{}…\" (+9,999,921 more characters) is outside", "0".repeat(80))),
            "{}",
            r[0].message
        );
        assert!(
            r[1].message.ends_with(&format!("found \"{}…\" (+2,999,920 more characters)", "é".repeat(80))),
            "{}",
            r[1].message
        );
        // Strict mode: the same short message.
        let e = read(&data, false).unwrap_err();
        assert!(e.to_string().len() < 400);
        // A huge header in a missing-column message, and in a column name.
        let header = format!("respondent,side,{},trust_1\nr1,it,x,4\n", "h".repeat(1_000_000));
        let e = read(&header, false).unwrap_err();
        assert_eq!(e.code(), "missing_column");
        assert!(e.to_string().len() < 400, "{}", e.to_string().len());
        let mut bad = format!("respondent,side,wave,{},trust_1\nr1,it,w,", "d".repeat(1000)).into_bytes();
        bad.extend_from_slice(b"\xff,4\n");
        let (_, r) = read_csv_bytes(
            &bad,
            None,
            &Instrument::default(),
            &IngestOptions { lenient: true, ..Default::default() },
            &mut |_| {},
        )
        .unwrap();
        assert_eq!(codes(&r), [(2, "invalid_utf8")]);
        assert!(r[0].message.len() < 300 && r[0].column.as_ref().is_some_and(|c| c.len() < 120), "{r:?}");
    }

    #[test]
    fn non_utf8_bytes_are_located_by_row_and_column() {
        let mut data = b"respondent,side,wave,department,trust_1\nr1,it,w,ok,4\nr2,it,w,Op".to_vec();
        data.extend_from_slice(b"\xe9rations,4\nr3,it,w,ok,4\n");
        let inst = Instrument::default();
        let e = read_csv_bytes(&data, Some("t.csv"), &inst, &IngestOptions::default(), &mut |_| {}).unwrap_err();
        let l = e.location().unwrap();
        assert_eq!((e.code(), l.row, l.column.as_deref()), ("invalid_utf8", Some(3), Some("department")));
        assert!(matches!(e, Error::InvalidUtf8 { byte_offset: 2, .. }));
        assert!(e.is_row_error());
        let header = b"respondent,side,wave,D\xe9partement,trust_1\nr1,it,w,ok,4\n";
        let e =
            read_csv_bytes(header, None, &inst, &IngestOptions { lenient: true, ..Default::default() }, &mut |_| {})
                .unwrap_err();
        let l = e.location().unwrap();
        assert_eq!((e.code(), l.row, l.column.as_deref()), ("invalid_utf8", Some(1), Some("#4")));
        // In the header it is the file's problem: lenient mode cannot skip it.
        assert!(!e.is_row_error());
    }

    #[test]
    fn an_unclosed_quote_is_a_file_error_at_the_row_it_opens() {
        let data = format!("{HEAD}r1,it,w,A,4,2,7,weekly\nr2,it,w,\"A,4,2,7,weekly\nr3,it,w,A,4,2,7,weekly\n");
        for lenient in [false, true] {
            let e = read(&data, lenient).unwrap_err();
            let l = e.location().unwrap();
            assert_eq!((e.code(), l.row, l.column.as_deref()), ("csv", Some(3), Some("department")), "{e}");
        }
        // Open in the last field of the last row, with the right field count.
        let e = read(&format!("{HEAD}r1,it,w,A,4,2,7,\"weekly\n"), false).unwrap_err();
        assert_eq!((e.code(), e.location().unwrap().column.as_deref()), ("csv", Some("meeting_cadence")));
        // Closed quotes at the very end, a doubled quote, and quotes inside an unquoted field are fine.
        assert!(read(&format!("{HEAD}r1,it,w,\"A \"\"B\"\"\",4,2,7,\"weekly\""), false).is_ok());
        assert!(read(&format!("{HEAD}r1,it,w,say \"hi,4,2,7,weekly\n"), false).is_ok());
        // In the header itself.
        assert_eq!(read("respondent,side,\"wave\n", false).unwrap_err().code(), "csv");
    }

    #[test]
    fn quote_states_follow_the_csv_crate() {
        let end = |s: &str| Quote::FieldStart.feed(s.as_bytes());
        assert_eq!(end("a,\"b"), Quote::Quoted);
        assert_eq!(end("a,\"b\"\""), Quote::Quoted);
        assert_eq!(end("a,\"b\""), Quote::ClosingOrDoubled);
        assert_eq!(end("a,\"b\"x,\""), Quote::Quoted);
        assert_eq!(end("a,b\""), Quote::Unquoted);
        assert_eq!(end("\"a\r\n\"\n"), Quote::FieldStart);
        // Fed in pieces, the state carries over.
        assert_eq!(Quote::FieldStart.feed(b"x,\"ab").feed(b"c\"").feed(b"\""), Quote::Quoted);
    }

    #[test]
    fn mapping_renames_columns_and_values() {
        let mapping = ColumnMapping::from_json(
            r#"{"respondent": "Response ID", "side": "Group", "wave": "Survey", "items": {"Q1": "trust_1", "Q2": "meeting_cadence"},
                "segments": {"Dept": "department"}, "side_values": {"IT staff": "it", "Business staff": "business"},
                "missing_values": ["-", "99"], "not_applicable_values": ["Don't know"]}"#,
        )
        .unwrap();
        let opts = IngestOptions { mapping: Some(mapping), ..Default::default() };
        let data = "Response ID,Group,Survey,Dept,Q1,Q2\n1,it staff,S1,Fin,-,weekly\n2,Business staff,S1,Ops,don't know,99\n3,IT,S1,Ops,,never\n";
        let (_, _, recs) = read_opts(data, &opts).unwrap();
        assert_eq!(recs.iter().map(|r| r.side).collect::<Vec<_>>(), [Side::It, Side::Business, Side::It]);
        assert_eq!(recs[0].cells[0], Cell::Missing);
        assert_eq!(recs[1].cells[0], Cell::NotApplicable);
        assert_eq!(recs[1].cells[Instrument::default().slot_index("meeting_cadence").unwrap()], Cell::Missing);
        assert_eq!(recs[1].segments["department"], "Ops");
        // The default "N/A" is replaced by the mapping's list.
        let e = read_opts("Response ID,Group,Survey,Q1\n1,it,S1,N/A\n", &opts).unwrap_err();
        assert_eq!(e.code(), "invalid_value");
        // Both the export's and rapport's header for one item.
        let e = read_opts("Response ID,Group,Survey,Q1,trust_1\n1,it,S1,3,3\n", &opts).unwrap_err();
        assert_eq!((e.code(), e.location().unwrap().column.as_deref()), ("duplicate_column", Some("trust_1")));
        let bad = IngestOptions {
            mapping: Some(ColumnMapping::from_json(r#"{"items": {"Q1": "trust_9"}}"#).unwrap()),
            ..Default::default()
        };
        assert_eq!(read_opts("respondent,side,wave,Q1\nr,it,w,3\n", &bad).unwrap_err().code(), "invalid_mapping");
    }

    /// Many rows through a forced 64-bit filter: most rows are held back, the
    /// re-scan must release every non-duplicate and catch every duplicate, in
    /// both modes, with the same outcome as the exact set of a plain reader.
    #[test]
    fn bloom_resolution_matches_the_exact_set() {
        let mut data = String::from("respondent,side,wave,trust_1\n");
        for i in 0..300u32 {
            let trust = if i % 37 == 5 { "9" } else { "3" }; // some rows bad for other reasons
            data.push_str(&format!("r{},it,2026-0{},{trust}\n", i % 170, 1 + i % 2));
        }
        let inst = Instrument::default();
        for lenient in [false, true] {
            let opts = IngestOptions { lenient, ..Default::default() };
            let mut exact = Vec::new();
            let want = read_csv(data.as_bytes(), Some("t.csv"), &inst, &opts, &mut |r| exact.push(r));
            let mut tiny = DuplicateGuard::with_bloom_bits(6);
            let mut bloom = Vec::new();
            let got = read_csv_bytes_with_guard(data.as_bytes(), Some("t.csv"), &inst, &opts, &mut tiny, &mut |r| {
                bloom.push(r)
            });
            match (want, got) {
                (Ok((ws, wr)), Ok((gs, gr))) => {
                    assert!(lenient);
                    assert_eq!(ws, gs);
                    assert_eq!(wr, gr);
                    assert!(wr.iter().any(|r| r.code == "duplicate_respondent"));
                    let key = |r: &Record| (r.wave.clone(), r.respondent.clone());
                    let mut a: Vec<_> = exact.iter().map(key).collect();
                    let mut b: Vec<_> = bloom.iter().map(key).collect();
                    a.sort();
                    b.sort();
                    assert_eq!(a, b);
                }
                (Err(we), Err(ge)) => {
                    assert!(!lenient);
                    assert_eq!(we, ge);
                }
                (w, g) => panic!("modes disagree: {w:?} vs {g:?}"),
            }
        }
        // Strict: an earlier duplicate that was held back wins over a later other error.
        let data = "respondent,side,wave,trust_1\na,it,w,1\nb,it,w,1\na,it,w,1\nc,it,w,9\n";
        let e = read_csv_bytes_with_guard(
            data.as_bytes(),
            None,
            &inst,
            &IngestOptions::default(),
            &mut DuplicateGuard::with_bloom_bits(6),
            &mut |_| {},
        )
        .unwrap_err();
        assert_eq!((e.code(), e.location().unwrap().row), ("duplicate_respondent", Some(4)));
        // Also over a later problem of the file as a whole (a quote never closed).
        let data = "respondent,side,wave,trust_1\na,it,w,1\nb,it,w,1\na,it,w,1\nc,it,\"w,1\n";
        for guard in [DuplicateGuard::with_bloom_bits(6), DuplicateGuard::for_input_len(data.len())] {
            let e = read_csv_bytes_with_guard(
                data.as_bytes(),
                None,
                &inst,
                &IngestOptions::default(),
                &mut { guard },
                &mut |_| {},
            )
            .unwrap_err();
            assert_eq!((e.code(), e.location().unwrap().row), ("duplicate_respondent", Some(4)));
        }
        let lenient = IngestOptions { lenient: true, ..Default::default() };
        let e = read_csv_bytes(data.as_bytes(), None, &inst, &lenient, &mut |_| {}).unwrap_err();
        assert_eq!((e.code(), e.location().unwrap().row), ("csv", Some(5)));
    }

    /// One file pasted twice: held rows pile up and are settled as the read
    /// goes (memory stays bounded, strict mode stops at the first duplicate).
    #[test]
    fn a_file_pasted_twice_is_settled_as_it_goes() {
        let mut body = String::new();
        for i in 0..3000 {
            body.push_str(&format!("r{i},it,2026-01,4\n"));
        }
        let data = format!("respondent,side,wave,trust_1\n{body}{body}");
        let inst = Instrument::default();
        let e = read_csv_bytes(data.as_bytes(), None, &inst, &IngestOptions::default(), &mut |_| {}).unwrap_err();
        assert_eq!((e.code(), e.location().unwrap().row), ("duplicate_respondent", Some(3002)));
        assert!(e.to_string().ends_with("(first at row 2)"), "{e}");
        let lenient = IngestOptions { lenient: true, ..Default::default() };
        let mut guard = DuplicateGuard::for_input_len(data.len());
        let mut n = 0;
        let (s, r) =
            read_csv_bytes_with_guard(data.as_bytes(), None, &inst, &lenient, &mut guard, &mut |_| n += 1).unwrap();
        assert_eq!((s.accepted, s.rejected, n), (3000, 3000, 3000));
        assert!(r.iter().enumerate().all(|(k, x)| x.row == 3002 + k as u64 && x.code == "duplicate_respondent"));
        assert!(!guard.has_held());
    }

    /// A row that starts with a byte-order mark keeps it (as text of its
    /// id) when it is held back by the duplicate check and read again.
    #[test]
    fn a_held_row_starting_with_a_byte_order_mark_keeps_it() {
        let mut data = String::from("respondent,side,wave,trust_1\n");
        for i in 0..60 {
            data.push_str(&format!("{}r{i},it,2026-01,3\n", if i % 7 == 3 { "\u{feff}" } else { "" }));
        }
        let inst = Instrument::default();
        let opts = IngestOptions::default();
        let read = |guard: Option<DuplicateGuard<'_>>| {
            let mut ids = Vec::new();
            let mut sink = |r: Record| ids.push(r.respondent);
            match guard {
                Some(mut g) => read_csv_bytes_with_guard(data.as_bytes(), None, &inst, &opts, &mut g, &mut sink),
                None => read_csv(data.as_bytes(), None, &inst, &opts, &mut sink),
            }
            .unwrap();
            ids.sort();
            ids
        };
        let exact = read(None);
        assert_eq!(exact.iter().filter(|id| id.starts_with('\u{feff}')).count(), 9);
        assert_eq!(read(Some(DuplicateGuard::with_bloom_bits(6))), exact);
    }

    /// A sample file with every kind of row trouble, read in parts of many
    /// sizes (from bytes and from a file, strict and lenient, bad cells
    /// read as missing): the rows handed on in the same order, the same
    /// summary, rejected rows, errors and progress as the one-thread read.
    #[cfg(feature = "parallel")]
    #[test]
    fn a_file_read_in_parts_reads_as_in_one_pass() {
        let inst = Instrument::default();
        let options = crate::sample::SampleOptions { waves: 3, respondents_per_wave: 120, ..Default::default() };
        let mut clean = Vec::new();
        crate::sample::write_csv(&inst, &options, &mut clean).unwrap();
        let text = String::from_utf8(clean).unwrap();
        let mut lines: Vec<String> = text.lines().map(str::to_owned).collect();
        let header = lines.remove(0);
        let width = header.split(',').count();
        for (k, line) in lines.iter_mut().enumerate() {
            match k % 37 {
                // A quoted side, a ragged row, a value off the scale, a
                // BOM in a cell and at the start of a row, a short row.
                3 => *line = line.replacen(",it,", ",\"it\",", 1),
                5 => line.push_str(",extra"),
                7 => *line = line.replacen(",4,", ",9,", 1),
                11 => *line = line.replacen(",3,", ",\"\u{feff}3\",", 1),
                13 => *line = format!("\u{feff}{line}"),
                17 => *line = "r-short".to_owned(),
                _ => {}
            }
        }
        // Rows pasted again (duplicates), blank lines, CRLF line ends and a
        // department with a quoted line break.
        let again: Vec<String> = lines[40..60].to_vec();
        lines.extend(again);
        lines.insert(90, String::new());
        let mut data = header.replacen("department", "\"department\"", 1);
        data.push_str("\r\n");
        for (k, line) in lines.iter().enumerate() {
            let mut line = line.clone();
            if k % 29 == 4 {
                let fields: Vec<&str> = line.split(',').collect();
                if fields.len() == width {
                    line = line.replacen(",Finance,", ",\"Fin\nance \"\"Ops\"\"\",", 1);
                }
            }
            data.push_str(&line);
            data.push_str(if k % 3 == 0 { "\r\n" } else { "\n" });
        }
        let bytes = data.as_bytes();
        let dir = std::env::temp_dir().join(format!("rapport-parts-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("parts.csv");
        std::fs::write(&path, bytes).unwrap();
        for opts in [
            IngestOptions::default(),
            IngestOptions { lenient: true, ..Default::default() },
            IngestOptions { lenient: true, bad_cells: crate::ingest::BadCells::Missing, ..Default::default() },
            // One wave for the whole file (its wave column is then a segment).
            IngestOptions {
                lenient: true,
                mapping: crate::ingest::mapping::RoleFlags {
                    side: None,
                    wave: Some("2030-01".into()),
                    wave_period: None,
                    wave_column: None,
                    day_first: false,
                }
                .apply(None),
                ..Default::default()
            },
        ] {
            let read = |from_file: bool| {
                let mut rows = Vec::new();
                let mut seen = 0u64;
                let mut guard = DuplicateGuard::with_bloom_bits(8);
                let out = if from_file {
                    let sink = &mut |r: RowView<'_>| rows.push(r.to_record());
                    read_csv_path_rows(&path, &inst, &opts, &mut guard, sink, Some(&mut |b| seen = b))
                } else {
                    read_csv_bytes_with_guard(bytes, Some("f"), &inst, &opts, &mut guard, &mut |r| rows.push(r))
                };
                (out, rows, seen)
            };
            for from_file in [false, true] {
                let one = read(from_file);
                if opts.lenient {
                    let (s, r) = one.0.as_ref().unwrap();
                    assert!(s.accepted > 150 && r.len() > 30, "{s:?}");
                    let waves: std::collections::BTreeSet<&str> = one.1.iter().map(|r| r.wave.as_str()).collect();
                    assert_eq!(waves.len() == 1, opts.mapping.is_some(), "{waves:?}");
                    assert!(
                        r.iter().any(|r| r.code == "duplicate_respondent") && r.iter().any(|r| r.code == "ragged_row")
                    );
                } else {
                    assert!(one.0.is_err());
                }
                // Progress is reported at the end of a read that reached it.
                if from_file && opts.lenient {
                    assert_eq!(one.2, bytes.len() as u64);
                }
                for forced in [(1, 2), (100, 2), (1000, 3), (5000, 2), (1 << 20, 2)] {
                    parts::test::force(Some(forced));
                    let before = parts::test::reads();
                    let in_parts = read(from_file);
                    parts::test::force(None);
                    assert_eq!(parts::test::reads(), before + 1, "read in parts");
                    assert_eq!(in_parts.0, one.0, "{forced:?} file {from_file}");
                    if let Some(k) = (0..one.1.len().max(in_parts.1.len())).find(|&k| in_parts.1.get(k) != one.1.get(k))
                    {
                        panic!("{forced:?} file {from_file} row {k}: {:?} vs {:?}", in_parts.1.get(k), one.1.get(k));
                    }
                    if opts.lenient {
                        assert_eq!(in_parts.2, one.2, "{forced:?} file {from_file}");
                    }
                }
            }
        }
        std::fs::remove_dir_all(&dir).ok();
    }

    #[test]
    fn bad_cells_count_for_kept_rows_only_and_list_in_row_order() {
        // Every row's trust_4 (7) is out of the 1-5 scale; rows 202-231 repeat
        // respondents of the same wave (duplicates, rejected).
        let mut data = String::from("respondent,side,wave,trust_1,trust_4\n");
        for i in 0..230u32 {
            data.push_str(&format!("r{},it,2026-01,3,7\n", i % 200));
        }
        let inst = Instrument::default();
        let opts = IngestOptions { lenient: true, bad_cells: crate::ingest::BadCells::Missing, ..Default::default() };
        let (exact, _) = read_csv(data.as_bytes(), Some("t.csv"), &inst, &opts, &mut |_| {}).unwrap();
        assert_eq!((exact.accepted, exact.rejected, exact.bad_cells), (200, 30, 200));
        let rows: Vec<u64> = exact.bad_cells_listed.iter().map(|c| c.row).collect();
        assert_eq!(rows, (2..102).collect::<Vec<u64>>());
        let cell = &exact.bad_cells_listed[0];
        assert_eq!(
            (cell.code.as_str(), cell.column.as_deref(), cell.item.as_deref(), cell.value.as_deref()),
            ("value_out_of_scale", Some("trust_4"), Some("trust_4"), Some("7"))
        );
        // A small filter holds some rows back (false positives) and keeps
        // them after later rows: the same count and the same list.
        let mut tiny = DuplicateGuard::with_bloom_bits(9);
        let (bloom, _) =
            read_csv_bytes_with_guard(data.as_bytes(), Some("t.csv"), &inst, &opts, &mut tiny, &mut |_| {}).unwrap();
        assert_eq!(bloom, exact);
        // Strict: the cells of the rows kept before the first duplicate.
        let strict = IngestOptions { lenient: false, ..opts };
        let mut kept = 0;
        let e = read_csv(data.as_bytes(), None, &inst, &strict, &mut |r| {
            assert_eq!(r.cells()[inst.slot_index("trust_4").unwrap()], Cell::Missing);
            kept += 1;
        })
        .unwrap_err();
        assert_eq!((e.code(), kept), ("duplicate_respondent", 200));
    }

    #[test]
    fn a_shared_guard_catches_duplicates_across_inputs() {
        let inst = Instrument::default();
        let a = b"respondent,side,wave,trust_1\nr1,it,2026-01,4\nr2,it,2026-01,4\n".as_slice();
        let b = b"respondent,side,wave,trust_1\nr3,it,2026-01,4\nr2,it,2026-01,5\nr1,it,2026-02,5\n".as_slice();
        let lenient = IngestOptions { lenient: true, ..Default::default() };
        for tiny in [false, true] {
            let mut guard = if tiny { DuplicateGuard::with_bloom_bits(6) } else { DuplicateGuard::new() };
            let mut n = 0;
            read_csv_bytes_with_guard(a, Some("a.csv"), &inst, &lenient, &mut guard, &mut |_| n += 1).unwrap();
            // stdin-like: a plain reader after a re-readable input.
            let (s, r) = read_csv_with_guard(b, Some("b.csv"), &inst, &lenient, &mut guard, &mut |_| n += 1).unwrap();
            assert_eq!((s.accepted, n), (2, 4));
            assert_eq!(codes(&r), [(3, "duplicate_respondent")]);
            assert_eq!(
                r[0].message,
                "b.csv, row 3, column \"respondent\": respondent answered wave \"2026-01\" twice (first at a.csv, row 3)"
            );
            // And a re-readable input after a plain one.
            let c = b"respondent,side,wave,trust_1\nr3,it,2026-01,4\n".as_slice();
            let e =
                read_csv_bytes_with_guard(c, Some("c.csv"), &inst, &IngestOptions::default(), &mut guard, &mut |_| {})
                    .unwrap_err();
            assert!(e.to_string().ends_with("(first at b.csv, row 2)"), "{e}");
            assert_eq!(guard.inputs(), 3);
        }
    }

    /// Random inputs built from CSV's troublesome pieces never panic, and the
    /// three readers (bytes, plain reader, and a tiny filter that holds
    /// back most rows) agree on every one of them.
    #[test]
    fn random_inputs_never_panic_and_readers_agree() {
        const PIECES: [&[u8]; 22] = [
            b"respondent,side,wave,trust_1,meeting_cadence\n",
            b"respondent,side,wave,department,trust_1\n",
            b",",
            b"\n",
            b"\r\n",
            b"\r",
            b"\"",
            b"\"\"",
            b"r1",
            b"r2",
            b"it",
            b"Business",
            b"2026-01",
            b"4",
            b"9",
            b"N/A",
            b"weekly",
            b"\xe9",
            b"\xef\xbb\xbf",
            b" ",
            b"trust_5",
            b"r1,it,2026-01,3,never\n",
        ];
        let mut state = 0x2545_f491_4f6c_dd1du64; // xorshift64*, fixed seed
        let mut next = move |n: usize| {
            state ^= state >> 12;
            state ^= state << 25;
            state ^= state >> 27;
            (state.wrapping_mul(0x2545_f491_4f6c_dd1d) >> 33) as usize % n
        };
        let inst = Instrument::default();
        // 1,000 inputs: building csv's parser dominates the time in debug builds.
        for _ in 0..1000 {
            let mut data = PIECES[next(2)].to_vec();
            for _ in 0..next(40) {
                data.extend_from_slice(PIECES[next(PIECES.len())]);
            }
            for lenient in [false, true] {
                let opts = IngestOptions { lenient, ..Default::default() };
                let run = |guard: Option<DuplicateGuard<'_>>, plain: bool| {
                    let mut ids = Vec::new();
                    let mut sink = |r: Record| ids.push((r.wave, r.respondent));
                    let out = match (guard, plain) {
                        (_, true) => read_csv(data.as_slice(), Some("f"), &inst, &opts, &mut sink),
                        (Some(mut g), false) => {
                            read_csv_bytes_with_guard(&data, Some("f"), &inst, &opts, &mut g, &mut sink)
                        }
                        (None, false) => read_csv_bytes(&data, Some("f"), &inst, &opts, &mut sink),
                    };
                    ids.sort();
                    out.map(|(s, r)| (s, r, ids))
                };
                let bytes = run(None, false);
                assert_eq!(bytes, run(None, true), "{:?}", String::from_utf8_lossy(&data));
                // Read in parts (of one byte and up): the same rows in the
                // same order, the same errors and rejected rows.
                #[cfg(feature = "parallel")]
                {
                    let in_order = || {
                        let mut rows = Vec::new();
                        let mut guard = DuplicateGuard::with_bloom_bits(6);
                        let out = read_csv_bytes_with_guard(&data, Some("f"), &inst, &opts, &mut guard, &mut |r| {
                            rows.push(r)
                        });
                        out.map(|(s, r)| (s, r, rows))
                    };
                    let one = in_order();
                    for forced in [(1, 2), (16, 3), (64, 2)] {
                        parts::test::force(Some(forced));
                        let in_parts = in_order();
                        parts::test::force(None);
                        assert_eq!(in_parts, one, "{forced:?} {:?}", String::from_utf8_lossy(&data));
                    }
                }
                assert_eq!(bytes, run(Some(DuplicateGuard::with_bloom_bits(6)), false));
                if let Ok((s, r, ids)) = &bytes {
                    assert_eq!(s.rows_in, s.accepted + s.rejected);
                    assert_eq!((r.len() as u64, ids.len() as u64), (s.rejected, s.accepted));
                }
            }
        }
    }

    /// The key scan without the parser sees the rows the parser sees, on
    /// inputs without quotes; with a quote it leaves the scan to the parser.
    #[test]
    fn plain_key_scan_agrees_with_the_parser() {
        let long = "x".repeat(200_000);
        let inputs = [
            "respondent,side,wave\na,it,w1\nb,it,w2\n".to_owned(),
            "\u{feff}respondent,side,wave\r\n\r\n a ,it, w1 \rb,it\n\n\nc\n,,\nd,it,w\u{e9}".to_owned(),
            format!("\n\nrespondent,side,wave\n{long},it,w\nz,it,w9"),
            "respondent,side,wave\n\u{feff}a,it,w\n".to_owned(),
            "re".to_owned(),
            String::new(),
        ];
        let mut bytes: Vec<Vec<u8>> = inputs.iter().map(|s| s.clone().into_bytes()).collect();
        bytes.push(b"respondent,side,wave\nr\xe9,it,w\nr2,it,w\n".to_vec());
        for data in &bytes {
            for (respondent, wave) in [(0, 2), (2, 0), (1, 1)] {
                let rescan = Rescan { origin: Origin::Bytes(data), scan: scan_keys, respondent, wave };
                let mut plain = Vec::new();
                let done = scan_plain_keys(data.as_slice(), &rescan, &mut |r, w, id| {
                    plain.push((r, w.to_owned(), id.to_owned()));
                    true
                })
                .unwrap();
                assert!(done);
                let mut parsed = Vec::new();
                let mut rdr = csv_reader(Input::new(data.as_slice(), None));
                let mut rec = ::csv::ByteRecord::new();
                let mut row = 0;
                while rdr.read_byte_record(&mut rec).unwrap() {
                    row += 1;
                    let get = |c: usize| rec.get(c).and_then(|f| std::str::from_utf8(f).ok()).map_or("", str::trim);
                    if row > 1 {
                        parsed.push((row, get(wave).to_owned(), get(respondent).to_owned()));
                    }
                }
                assert_eq!(plain, parsed, "{:?}", String::from_utf8_lossy(data));
                // Stopped by the visitor after the first row.
                let mut n = 0;
                assert!(
                    scan_plain_keys(data.as_slice(), &rescan, &mut |_, _, _| {
                        n += 1;
                        false
                    })
                    .unwrap()
                );
                assert_eq!(n, parsed.len().min(1));
            }
        }
        let quoted = b"respondent,side,wave\na,it,w\n\"b\",it,w\n";
        let rescan = Rescan { origin: Origin::Bytes(quoted), scan: scan_keys, respondent: 0, wave: 2 };
        assert!(!scan_plain_keys(quoted.as_slice(), &rescan, &mut |_, _, _| true).unwrap());
        let mut ids = Vec::new();
        scan_keys(&rescan, &mut |_, _, id| {
            ids.push(id.to_owned());
            true
        })
        .unwrap();
        assert_eq!(ids, ["a", "b"]);
    }

    #[test]
    fn progress_reports_the_bytes_read() {
        let dir = std::env::temp_dir().join(format!("rapport-csv-progress-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("p.csv");
        let mut data = String::from("\u{feff}respondent,side,wave,trust_1\n");
        for i in 0..60_000 {
            data.push_str(&format!("r{i},it,2026-01,4\n"));
        }
        std::fs::write(&path, &data).unwrap();
        let mut seen = Vec::new();
        let mut hook = |b: u64| seen.push(b);
        let (s, _) = read_csv_path_with_progress(
            &path,
            &Instrument::default(),
            &IngestOptions::default(),
            &mut |_| {},
            Some(&mut hook),
        )
        .unwrap();
        assert_eq!(s.accepted, 60_000);
        assert_eq!(seen.last().copied(), Some(data.len() as u64), "the last report is the file size, BOM included");
        assert!(seen.len() >= 2 && seen.windows(2).all(|w| w[0] < w[1]), "{seen:?}");
        let missing = dir.join("absent.csv");
        let e = read_csv_path(&missing, &Instrument::default(), &IngestOptions::default(), &mut |_| {}).unwrap_err();
        assert!(matches!(&e, Error::Io { path, .. } if path.ends_with("absent.csv")), "{e}");
        std::fs::remove_dir_all(&dir).ok();
    }
}
