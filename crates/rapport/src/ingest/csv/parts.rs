//! A CSV file read on several threads, with the figures, rows, errors and
//! rejected rows of the one-thread reader.
//!
//! The rows after the header are cut into parts of about [`PART_BYTES`],
//! each ending with a line break that ends a record: the cutter follows the
//! quoting state as the reader does ([`Quote`]), so a line break inside a
//! quoted field is never a cut. Worker threads read the parts (tokenising,
//! UTF-8 checks, validating every cell), each numbering its rows from its
//! own start. The calling thread takes the parts back in file order, gives
//! each row its number in the file (the rows before the part, plus its own
//! row), moves every error's row on by as much, and hands each row to the
//! duplicate check and the sink exactly as the one-thread reader does, so
//! which rows are accepted, held or rejected, and in what order, is the
//! same. A bounded number of parts is in flight at once, so memory does not
//! grow with the file.
//!
//! Used for rapport's own layout (a respondent column, a wave column or one
//! wave for the file, one header row, no side carried down, no survey-tool
//! profile) on inputs that can be read again (a file or bytes): the other
//! layouts depend on earlier rows.

use super::{Layout, Quote, RoleAt, RowBuf, decode_into, read_error, unclosed_quote};
use crate::error::{Error, Location, Result};
use crate::ingest::dedupe::{DuplicateGuard, Origin, Reread, Tally, key_hash};
use crate::ingest::response::{Cell, RowView, Segments};
use crate::instrument::{Instrument, Side};
use std::borrow::Cow;
use std::collections::BTreeMap;
use std::io::Read;
use std::sync::{Mutex, mpsc};

/// Bytes a part is cut at: the part ends at the last record end before
/// this many bytes (or, for a longer record, after it).
pub(super) const PART_BYTES: usize = 256 << 10;

/// Parts read or waiting for the calling thread, per worker, besides two.
const IN_FLIGHT_PER_WORKER: usize = 2;

/// What the parts of one input are read with.
pub(super) struct Plan<'a, 's> {
    pub origin: &'a Origin<'s>,
    /// Bytes before record positions (a byte-order mark).
    pub skipped: u64,
    /// Where the first row after the header starts (record position).
    pub start: u64,
    pub workers: usize,
    pub part_bytes: usize,
}

/// Whether an input is read in parts, by how many workers: rapport's own
/// layout ([`eligible`]), no survey-tool profile, at least two workers
/// allowed and at least two parts of rows.
pub(super) fn workers_for(
    layout: &Layout,
    plain: bool,
    origin: Option<&Origin<'_>>,
    start: u64,
    workers: usize,
) -> Option<usize> {
    #[cfg(test)]
    if let Some((_, workers)) = test::forced() {
        return (plain && eligible(layout) && origin.is_some()).then_some(workers);
    }
    let total = match origin? {
        Origin::Path(p) => std::fs::metadata(p).ok()?.len(),
        Origin::Bytes(b) => b.len() as u64,
    };
    let rows = total.saturating_sub(start);
    (workers > 1 && plain && eligible(layout) && rows >= 2 * PART_BYTES as u64).then_some(workers)
}

/// Part size (tests cut tiny parts).
pub(super) fn part_bytes() -> usize {
    #[cfg(test)]
    if let Some((bytes, _)) = test::forced() {
        return bytes;
    }
    PART_BYTES
}

/// Rows that do not depend on the rows before them: ids in a column (not
/// row numbers), one header row, the wave a column's label or one label
/// for the file (not a timestamp's period), no side carried down.
fn eligible(layout: &Layout) -> bool {
    layout.respondent.is_some() && layout.header_rows == 1 && layout.clock.is_none() && !layout.carry_side
}

/// Rows of one part: a run of whole records, starting `base` bytes into
/// the rows (record positions).
struct Part<'s> {
    index: usize,
    base: u64,
    bytes: Cow<'s, [u8]>,
    /// The input's last part, ending inside a quoted field never closed.
    open_quote: bool,
}

/// A part read by a worker: rows numbered from 1 at the part's start.
struct Parsed {
    index: usize,
    base: u64,
    len: u64,
    /// Every good row's fields, back to back.
    text: String,
    /// Where each good row's fields end in `text` (the row's width each).
    ends: Vec<usize>,
    /// Every good row's answer cells (the instrument's slots each).
    cells: Vec<Cell>,
    /// Each good row's key for the duplicate check's filter ([`key_hash`]).
    keys: Vec<u64>,
    /// Each record: where it starts in the part, and its side or its error.
    rows: Vec<(u64, std::result::Result<Side, Box<Error>>)>,
    /// Answers read as missing, by the index of their record in `rows`.
    #[cfg(feature = "import")]
    bad: Vec<(usize, Vec<Error>)>,
    /// What ends the input after `rows` (a read error, an unclosed quote).
    stop: Option<Error>,
}

/// What a worker hands back: a part read, a part that could not be read
/// (an I/O error, in order), or a panic to carry on.
enum Done {
    Read(Parsed),
    Failed(usize, Error),
    Panicked(Box<dyn std::any::Any + Send>),
}

/// Read the rows after the header in parts (see the module's text), with
/// the one-thread reader's results.
#[allow(clippy::too_many_arguments)] // one private step of `read_impl`
pub(super) fn read_rows(
    plan: &Plan<'_, '_>,
    layout: &Layout,
    (file, io_path): (Option<&str>, Option<&str>),
    instrument: &Instrument,
    guard: &mut DuplicateGuard<'_>,
    (sink, reread): (&mut dyn FnMut(RowView<'_>), Reread<'_>),
    tally: &mut Tally<'_>,
    mut progress: Option<&mut dyn FnMut(u64)>,
) -> Result<()> {
    #[cfg(test)]
    test::READS.with(|n| n.set(n.get() + 1));
    let in_flight = plan.workers * IN_FLIGHT_PER_WORKER + 2;
    let (part_tx, part_rx) = mpsc::channel::<std::result::Result<Part<'_>, (usize, Error)>>();
    let part_rx = Mutex::new(part_rx);
    let (done_tx, done_rx) = mpsc::channel::<Done>();
    let (token_tx, token_rx) = mpsc::channel::<()>();
    for _ in 0..in_flight {
        let _ = token_tx.send(());
    }
    let (part_rx, headers) = (&part_rx, &layout.headers);
    std::thread::scope(|s| {
        s.spawn(move || {
            // A part is cut only when one in flight has been taken back.
            let mut send = |part| token_rx.recv().is_ok() && part_tx.send(part).is_ok();
            cut_parts(plan, io_path, &mut send);
        });
        for _ in 0..plan.workers {
            let done_tx = done_tx.clone();
            s.spawn(move || {
                loop {
                    let next = match part_rx.lock() {
                        Ok(rx) => rx.recv(),
                        Err(_) => return,
                    };
                    let done = match next {
                        Ok(Ok(part)) => {
                            let read = std::panic::AssertUnwindSafe(|| read_part(&part, layout, instrument, file));
                            std::panic::catch_unwind(read).map_or_else(Done::Panicked, Done::Read)
                        }
                        Ok(Err((index, e))) => Done::Failed(index, e),
                        Err(_) => return,
                    };
                    if done_tx.send(done).is_err() {
                        return;
                    }
                }
            });
        }
        drop(done_tx);
        let (width, slots) = (headers.len(), instrument.slot_count());
        let respondent = layout.respondent.unwrap_or_default();
        let (wave_at, one_wave) = match &layout.wave {
            RoleAt::Column(w) => (Some(*w), ""),
            RoleAt::Constant(w) => (None, w.as_str()),
        };
        let mut waiting: BTreeMap<usize, Result<Parsed>> = BTreeMap::new();
        let mut next = 0usize;
        // The header is row 1.
        let mut rows_before = 1u64;
        let mut spare: Vec<&'static str> = Vec::new();
        let result = (|| {
            for done in &done_rx {
                match done {
                    Done::Read(p) => waiting.insert(p.index, Ok(p)),
                    Done::Failed(i, e) => waiting.insert(i, Err(e)),
                    Done::Panicked(payload) => std::panic::resume_unwind(payload),
                };
                while let Some(parsed) = waiting.remove(&next) {
                    let parsed = parsed?;
                    let shift = rows_before;
                    let mut good = 0usize;
                    let mut start = 0usize;
                    #[cfg(feature = "import")]
                    let mut bad = parsed.bad.into_iter().peekable();
                    guard.warm(&parsed.keys);
                    let n = parsed.rows.len() as u64;
                    for (k, (at, side)) in parsed.rows.into_iter().enumerate() {
                        let row = shift + k as u64 + 1;
                        let at = plan.start + parsed.base + at;
                        let mut fields: Vec<&str> = spare;
                        #[cfg(feature = "import")]
                        let bad_cells: Vec<Error> = match bad.next_if(|(i, _)| *i == k) {
                            Some((_, errors)) => errors.into_iter().map(|e| e.shift_row(shift)).collect(),
                            None => Vec::new(),
                        };
                        let view = match side {
                            Ok(side) => {
                                for &end in &parsed.ends[good * width..(good + 1) * width] {
                                    fields.push(parsed.text.get(start..end).unwrap_or_default());
                                    start = end;
                                }
                                let cells = &parsed.cells[good * slots..(good + 1) * slots];
                                good += 1;
                                Ok(RowView {
                                    respondent: fields[respondent].trim(),
                                    side,
                                    wave: wave_at.map_or(one_wave, |w| fields[w].trim()),
                                    segments: Segments::Fields { columns: &layout.segments, fields: &fields },
                                    cells,
                                    #[cfg(feature = "import")]
                                    bad_cells: &bad_cells,
                                })
                            }
                            Err(e) => Err((*e).shift_row(shift)),
                        };
                        tally.row(guard, (row, at), view, sink, &mut *reread)?;
                        fields.clear();
                        spare = fields.into_iter().map(|_| "").collect();
                    }
                    rows_before += n;
                    if let Some(e) = parsed.stop {
                        return Err(e.shift_row(shift));
                    }
                    if let Some(p) = progress.as_mut() {
                        p(plan.skipped + plan.start + parsed.base + parsed.len);
                    }
                    next += 1;
                    let _ = token_tx.send(());
                }
            }
            Ok(())
        })();
        // Stop the cutter and the workers (when the read stopped early).
        drop(token_tx);
        drop(done_rx);
        result
    })
}

/// Read one part's records as the one-thread reader reads them, numbering
/// rows from 1 at the part's start.
fn read_part(part: &Part<'_>, layout: &Layout, instrument: &Instrument, file: Option<&str>) -> Parsed {
    let bytes: &[u8] = &part.bytes;
    // The parser drops a byte-order mark at the start of its input, as at
    // the start of a file; in a part it is text of the row, so a part that
    // starts with one is read after an empty line (which the parser skips),
    // and positions are moved back by it.
    let lead: &[u8] = if bytes.starts_with(&[0xef, 0xbb, 0xbf]) { b"\n" } else { b"" };
    let mut rdr = ::csv::ReaderBuilder::new().has_headers(false).flexible(true).from_reader(lead.chain(bytes));
    let lead = lead.len() as u64;
    let width = layout.headers.len();
    let mut out = Parsed {
        index: part.index,
        base: part.base,
        len: bytes.len() as u64,
        text: String::with_capacity(bytes.len()),
        ends: Vec::new(),
        cells: Vec::new(),
        keys: Vec::new(),
        rows: Vec::new(),
        #[cfg(feature = "import")]
        bad: Vec::new(),
        stop: None,
    };
    let mut rec = ::csv::ByteRecord::new();
    let mut buf = RowBuf::default();
    let mut spare: Vec<&'static str> = Vec::new();
    let mut row = 0u64;
    loop {
        match rdr.read_byte_record(&mut rec) {
            Ok(true) => {}
            Ok(false) => break,
            Err(e) => {
                out.stop = Some(read_error(e, row + 1, file, None));
                break;
            }
        }
        row += 1;
        if part.open_quote && rdr.position().byte() == lead + out.len {
            out.stop = Some(unclosed_quote(&rec, row, Some(&layout.headers), file));
            break;
        }
        let at = rec.position().map_or(0, |p| p.byte()).saturating_sub(lead);
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
        match decoded.and_then(|()| layout.fill_row(&fields, row, instrument, file, &mut buf)) {
            Ok(view) => {
                out.rows.push((at, Ok(view.side)));
                out.keys.push(key_hash(view.wave, view.respondent));
                // The fields are back to back in the record (each one UTF-8,
                // so the whole is): one copy.
                match std::str::from_utf8(rec.as_slice()) {
                    Ok(text) => {
                        let from = out.text.len();
                        out.text.push_str(text);
                        out.ends.extend((0..width).map(|c| from + rec.range(c).map_or(0, |r| r.end)));
                    }
                    Err(_) => {
                        for f in &fields {
                            out.text.push_str(f);
                            out.ends.push(out.text.len());
                        }
                    }
                }
                out.cells.extend_from_slice(view.cells);
                #[cfg(feature = "import")]
                if !view.bad_cells.is_empty() {
                    out.bad.push((out.rows.len() - 1, view.bad_cells.to_vec()));
                }
            }
            Err(e) => out.rows.push((at, Err(Box::new(e)))),
        }
        fields.clear();
        spare = fields.into_iter().map(|_| "").collect();
    }
    out
}

/// Where the part at the start of `bytes` ends: after the last line break
/// in its first `window` bytes when that ends a record (outside quotes, as
/// [`Quote`] follows them), or at the end of `bytes` when they are the rest
/// of the input and fit in `window`. `None`: a larger window is needed.
fn cut_at(bytes: &[u8], window: usize, at_end: bool) -> Option<usize> {
    if at_end && window >= bytes.len() {
        return Some(bytes.len());
    }
    let nl = bytes[..window.min(bytes.len())].iter().rposition(|&b| b == b'\n')?;
    (Quote::FieldStart.feed(&bytes[..=nl]) == Quote::FieldStart).then_some(nl + 1)
}

/// Cut the rows into parts and `send` each (false: stop).
fn cut_parts<'s>(
    plan: &Plan<'_, 's>,
    io_path: Option<&str>,
    send: &mut dyn FnMut(std::result::Result<Part<'s>, (usize, Error)>) -> bool,
) {
    let open_quote = |bytes: &[u8]| !bytes.is_empty() && Quote::FieldStart.feed(bytes) == Quote::Quoted;
    let start = plan.skipped + plan.start;
    let mut index = 0usize;
    let mut base = 0u64;
    match plan.origin {
        Origin::Bytes(all) => {
            let mut rest: &'s [u8] = usize::try_from(start).ok().and_then(|s| all.get(s..)).unwrap_or_default();
            while !rest.is_empty() {
                let mut window = plan.part_bytes.max(1);
                let end = loop {
                    if let Some(end) = cut_at(rest, window, true) {
                        break end;
                    }
                    window = window.saturating_mul(2);
                };
                let (bytes, after) = rest.split_at(end);
                let part = Part {
                    index,
                    base,
                    bytes: Cow::Borrowed(bytes),
                    open_quote: after.is_empty() && open_quote(bytes),
                };
                if !send(Ok(part)) {
                    return;
                }
                (index, base, rest) = (index + 1, base + end as u64, after);
            }
        }
        Origin::Path(path) => {
            use std::io::{Seek, SeekFrom};
            let name = io_path.map_or_else(|| path.display().to_string(), str::to_owned);
            let io = |e: std::io::Error| Error::Io { path: name.clone(), message: e.to_string() };
            let mut f = match std::fs::File::open(path).and_then(|mut f| f.seek(SeekFrom::Start(start)).map(|_| f)) {
                Ok(f) => f,
                Err(e) => {
                    send(Err((0, io(e))));
                    return;
                }
            };
            let mut buf: Vec<u8> = Vec::new();
            let mut at_end = false;
            loop {
                let mut want = plan.part_bytes.max(1);
                let end = loop {
                    while !at_end && buf.len() < want {
                        let more = (want - buf.len()) as u64;
                        match (&mut f).take(more).read_to_end(&mut buf) {
                            Ok(0) => at_end = true,
                            Ok(_) => {}
                            Err(e) => {
                                send(Err((index, io(e))));
                                return;
                            }
                        }
                    }
                    if let Some(end) = cut_at(&buf, want, at_end) {
                        break end;
                    }
                    want = want.saturating_mul(2);
                };
                if end == 0 {
                    return;
                }
                let after = buf.split_off(end);
                let bytes = std::mem::replace(&mut buf, after);
                let last = at_end && buf.is_empty();
                let part = Part { index, base, open_quote: last && open_quote(&bytes), bytes: Cow::Owned(bytes) };
                if !send(Ok(part)) || last {
                    return;
                }
                (index, base) = (index + 1, base + end as u64);
            }
        }
    }
}

#[cfg(test)]
pub(super) mod test {
    use std::cell::Cell;

    thread_local! {
        static FORCED: Cell<Option<(usize, usize)>> = const { Cell::new(None) };
        /// Reads in parts this thread made.
        pub(super) static READS: Cell<usize> = const { Cell::new(0) };
    }

    /// Reads in parts this thread has made so far.
    pub(crate) fn reads() -> usize {
        READS.with(Cell::get)
    }

    /// Parts of `bytes` bytes read by `workers` threads, for every input
    /// this thread reads (whatever its size), until `None`.
    pub(crate) fn force(parts: Option<(usize, usize)>) {
        FORCED.with(|f| f.set(parts));
    }

    pub(super) fn forced() -> Option<(usize, usize)> {
        FORCED.with(Cell::get)
    }
}
