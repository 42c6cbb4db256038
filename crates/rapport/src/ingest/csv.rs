//! Wide CSV: one row per response.
//!
//! Columns: `respondent`, `side`, `wave` (matched case-insensitively, or
//! named by a [`ColumnMapping`]), one column per item id, and any segment
//! columns (`department`, `role` …). Without declared segments
//! ([`IngestOptions::segments`]), a column that is neither a role nor an item
//! is a segment — unless it looks like an item id (it starts with a
//! dimension or outcome id followed by `_`, `-`, `.` or a digit, like
//! `trust_5`), which is an `unknown_item_column` error with a "did you mean".
//! Columns with an empty header are ignored.
//!
//! Cells: empty is missing; `NA`, `N/A`, `not applicable` (any case) are
//! "not applicable"; numbers must be whole scale points (`4`, `4.0`); choice
//! items take an option id or label. A UTF-8 byte-order mark, CRLF line ends
//! and quoted fields with commas or line breaks are read as expected.
//!
//! Rows in errors are record numbers as a spreadsheet counts them: the
//! header is row 1, the first response row 2 (a quoted field with a line
//! break does not add a row).
//!
//! Reading streams: each validated row goes to the caller's sink and is
//! dropped; memory does not grow with the number of rows (except for the list
//! of rejected rows in lenient mode). See `dedupe` for how duplicates are
//! caught in bounded memory.

use super::dedupe::{DuplicateGuard, Verdict};
use super::{ColumnMapping, IngestOptions, RejectedRow, SourceSummary};
use crate::error::{Error, Location, Result};
use crate::instrument::{Instrument, Slot};
use crate::response::{Cell, Record, Side, check_choice, check_not_applicable, check_value};
use std::collections::{BTreeMap, HashMap, HashSet};
use std::io::Read;
use std::path::Path;

/// Resolved column roles of one file.
struct Layout {
    headers: Vec<String>,
    respondent: usize,
    side: usize,
    wave: usize,
    /// (column, slot)
    items: Vec<(usize, usize)>,
    /// (column, segment name)
    segments: Vec<(usize, String)>,
    missing: Vec<String>,
    not_applicable: Vec<String>,
    side_values: Vec<(String, Side)>,
}

fn levenshtein(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut cur = vec![i + 1; b.len() + 1];
        for (j, &cb) in b.iter().enumerate() {
            cur[j + 1] = (prev[j] + usize::from(ca != cb)).min(prev[j + 1] + 1).min(cur[j] + 1);
        }
        prev = cur;
    }
    prev[b.len()]
}

fn looks_like_item(header: &str, instrument: &Instrument) -> bool {
    let h = header.to_lowercase();
    let prefixes = instrument
        .dimensions()
        .iter()
        .map(|d| d.id.to_lowercase())
        .chain(instrument.outcomes().iter().map(|o| o.id.to_lowercase()));
    for p in prefixes {
        if let Some(rest) = h.strip_prefix(&p) {
            if rest.starts_with(['_', '-', '.']) || rest.starts_with(|c: char| c.is_ascii_digit()) {
                return true;
            }
        }
    }
    false
}

fn hint(header: &str, instrument: &Instrument) -> String {
    let h = header.to_lowercase();
    (0..instrument.slot_count())
        .map(|s| instrument.slot_id(s))
        .min_by_key(|id| levenshtein(&h, &id.to_lowercase()))
        .map(|id| format!(" (did you mean {id:?}?)"))
        .unwrap_or_default()
}

impl Layout {
    fn resolve(
        headers: Vec<String>,
        instrument: &Instrument,
        options: &IngestOptions,
        file: Option<&str>,
    ) -> Result<Layout> {
        let default_mapping = ColumnMapping::default();
        let mapping = options.mapping.as_ref().unwrap_or(&default_mapping);
        mapping.check(instrument)?;
        let loc = || Location::file(file);
        let role_names = [
            mapping.respondent.clone().unwrap_or_else(|| "respondent".into()),
            mapping.side.clone().unwrap_or_else(|| "side".into()),
            mapping.wave.clone().unwrap_or_else(|| "wave".into()),
        ];
        let lower_slots: HashMap<String, usize> =
            (0..instrument.slot_count()).map(|s| (instrument.slot_id(s).to_lowercase(), s)).collect();
        let mapped_items: HashMap<String, &String> =
            mapping.items.iter().map(|(h, item)| (h.trim().to_lowercase(), item)).collect();
        let mapped_segments: HashMap<String, &String> =
            mapping.segments.iter().map(|(h, seg)| (h.trim().to_lowercase(), seg)).collect();
        let declared: Option<HashSet<String>> =
            options.segments.as_ref().map(|s| s.iter().map(|x| x.trim().to_lowercase()).collect());

        let mut roles = [None; 3];
        let mut items = Vec::new();
        let mut segments = Vec::new();
        let mut seen_headers: HashMap<String, usize> = HashMap::new();
        let mut seen_slots: HashMap<usize, usize> = HashMap::new();
        for (c, h) in headers.iter().enumerate() {
            let key = h.to_lowercase();
            if key.is_empty() {
                continue;
            }
            if seen_headers.insert(key.clone(), c).is_some() {
                return Err(Error::DuplicateColumn { location: loc().with_column(h.clone()), column: h.clone() });
            }
            if let Some(r) = role_names.iter().position(|n| n.trim().to_lowercase() == key) {
                roles[r] = Some(c);
                continue;
            }
            let slot = match mapped_items.get(&key) {
                Some(item) => instrument.slot_index(item),
                None => lower_slots.get(&key).copied(),
            };
            if let Some(slot) = slot {
                if seen_slots.insert(slot, c).is_some() {
                    return Err(Error::DuplicateColumn { location: loc().with_column(h.clone()), column: h.clone() });
                }
                items.push((c, slot));
                continue;
            }
            if let Some(seg) = mapped_segments.get(&key) {
                segments.push((c, (*seg).clone()));
                continue;
            }
            let unknown = match &declared {
                Some(d) => !d.contains(&key),
                None => looks_like_item(h, instrument),
            };
            if unknown {
                return Err(Error::UnknownItemColumn {
                    location: loc().with_column(h.clone()),
                    column: h.clone(),
                    instrument: instrument.id().to_owned(),
                    hint: hint(h, instrument),
                });
            }
            segments.push((c, h.clone()));
        }
        let found = headers.iter().filter(|h| !h.is_empty()).cloned().collect::<Vec<_>>().join(", ");
        let mut role_cols = [0usize; 3];
        for (r, name) in role_names.iter().enumerate() {
            match roles[r] {
                Some(c) => role_cols[r] = c,
                None => {
                    return Err(Error::MissingColumn { location: loc(), column: name.clone(), found: found.clone() });
                }
            }
        }
        if let Some(d) = &declared {
            for want in d {
                if !segments.iter().any(|(_, s)| s.to_lowercase() == *want) {
                    return Err(Error::MissingColumn { location: loc(), column: want.clone(), found: found.clone() });
                }
            }
        }
        if items.is_empty() {
            return Err(Error::MissingColumn {
                location: loc(),
                column: format!("any item column of instrument {:?}", instrument.id()),
                found,
            });
        }
        let lower = |v: &Option<Vec<String>>, default: &[&str]| -> Vec<String> {
            match v {
                Some(v) => v.iter().map(|s| s.trim().to_lowercase()).collect(),
                None => default.iter().map(|s| (*s).to_owned()).collect(),
            }
        };
        Ok(Layout {
            headers,
            respondent: role_cols[0],
            side: role_cols[1],
            wave: role_cols[2],
            items,
            segments,
            missing: lower(&mapping.missing_values, &[""]),
            not_applicable: lower(&mapping.not_applicable_values, &["na", "n/a", "not applicable"]),
            side_values: mapping.side_values.iter().map(|(k, v)| (k.trim().to_lowercase(), *v)).collect(),
        })
    }

    fn parse_row(&self, fields: &[&str], row: u64, instrument: &Instrument, file: Option<&str>) -> Result<Record> {
        let loc = |c: usize| Location::file(file).with_row(row).with_column(self.headers[c].clone());
        let respondent = fields[self.respondent].trim();
        if respondent.is_empty() {
            return Err(Error::MissingField { location: loc(self.respondent), field: "respondent".into() });
        }
        let wave = fields[self.wave].trim();
        if wave.is_empty() {
            return Err(Error::MissingField { location: loc(self.wave), field: "wave".into() });
        }
        let side_text = fields[self.side].trim();
        let side_key = side_text.to_lowercase();
        let side = match self.side_values.iter().find(|(k, _)| *k == side_key) {
            Some((_, s)) => *s,
            None => side_text
                .parse::<Side>()
                .map_err(|()| Error::UnknownSide { location: loc(self.side), found: side_text.to_owned() })?,
        };
        let mut cells = vec![Cell::Missing; instrument.slot_count()];
        for &(c, slot) in &self.items {
            let raw = fields[c];
            let t = raw.trim();
            let lower = t.to_lowercase();
            let item_loc = || loc(c).with_item(instrument.slot_id(slot));
            cells[slot] = if self.missing.contains(&lower) {
                Cell::Missing
            } else if self.not_applicable.contains(&lower) {
                check_not_applicable(instrument, slot, raw, item_loc)?
            } else {
                let is_choice = matches!(instrument.slot_kind(slot), Slot::Outcome(o) if !instrument.outcomes()[o].options.is_empty());
                match (is_choice, t.parse::<f64>()) {
                    (false, Ok(v)) => check_value(instrument, slot, v, t, item_loc)?,
                    _ => check_choice(instrument, slot, t, item_loc)?,
                }
            };
        }
        let segments: BTreeMap<String, String> = self
            .segments
            .iter()
            .filter_map(|(c, name)| {
                let v = fields[*c].trim();
                (!v.is_empty()).then(|| (name.clone(), v.to_owned()))
            })
            .collect();
        Ok(Record { respondent: respondent.to_owned(), side, wave: wave.to_owned(), segments, cells })
    }
}

/// Decode one record's fields, reporting the first non-UTF-8 field by column.
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
                let mut location = Location::file(file).with_row(row);
                location.column = match headers {
                    Some(h) => h.get(c).cloned(),
                    None => Some(format!("#{}", c + 1)),
                };
                Error::InvalidUtf8 { location, byte_offset: e.valid_up_to() as u64 }
            })
        })
        .collect()
}

fn csv_error(e: ::csv::Error, row: u64, file: Option<&str>) -> Error {
    Error::Csv { location: Location::file(file).with_row(row), message: e.to_string() }
}

/// A reader that reports how many bytes have been read.
struct Counting<'p, R> {
    inner: R,
    read: u64,
    reported: u64,
    progress: Option<&'p mut dyn FnMut(u64)>,
}

impl<R: Read> Read for Counting<'_, R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.read += n as u64;
        if let Some(p) = self.progress.as_mut() {
            if self.read - self.reported >= 1 << 20 || n == 0 {
                self.reported = self.read;
                p(self.read);
            }
        }
        Ok(n)
    }
}

type Reopen<'a> = dyn FnMut() -> Result<Box<dyn Read + 'a>> + 'a;

#[allow(clippy::too_many_arguments)]
fn read_impl(
    reader: impl Read,
    file: Option<&str>,
    instrument: &Instrument,
    options: &IngestOptions,
    sink: &mut dyn FnMut(Record),
    mut guard: DuplicateGuard,
    reopen: Option<&mut Reopen<'_>>,
    progress: Option<&mut dyn FnMut(u64)>,
) -> Result<(SourceSummary, Vec<RejectedRow>)> {
    let counting = Counting { inner: reader, read: 0, reported: 0, progress };
    let mut rdr = ::csv::ReaderBuilder::new().has_headers(false).flexible(true).from_reader(counting);
    let mut rec = ::csv::ByteRecord::new();
    let empty = || Error::EmptyInput { location: Location::file(file) };
    if !rdr.read_byte_record(&mut rec).map_err(|e| csv_error(e, 1, file))? {
        return Err(empty());
    }
    let headers: Vec<String> = decode(&rec, None, 1, file)?
        .iter()
        .enumerate()
        .map(|(i, h)| if i == 0 { h.trim_start_matches('\u{feff}') } else { h }.trim().to_owned())
        .collect();
    let layout = Layout::resolve(headers, instrument, options, file)?;
    let width = layout.headers.len();

    let mut summary =
        SourceSummary { file: file.map(str::to_owned), format: "csv".into(), rows_in: 0, accepted: 0, rejected: 0 };
    let mut rejected: Vec<RejectedRow> = Vec::new();
    let mut rejected_rows: HashSet<u64> = HashSet::new();
    let mut reopen = reopen;
    let mut row = 1u64;

    // Re-scan the source for the keys of accepted/held rows (see `dedupe`).
    let rescan = |up_to: u64,
                  skip: &HashSet<u64>,
                  reopen: &mut Option<&mut Reopen<'_>>,
                  f: &mut dyn FnMut(u64, &str, &str)|
     -> Result<()> {
        let Some(open) = reopen.as_mut() else { return Ok(()) };
        let mut r = ::csv::ReaderBuilder::new().has_headers(false).flexible(true).from_reader(open()?);
        let mut b = ::csv::ByteRecord::new();
        let mut n = 0u64;
        while r.read_byte_record(&mut b).map_err(|e| csv_error(e, n + 1, file))? {
            n += 1;
            if n == 1 || skip.contains(&n) {
                continue;
            }
            if n >= up_to {
                break;
            }
            let get = |c: usize| b.get(c).map(|x| String::from_utf8_lossy(x).trim().to_owned()).unwrap_or_default();
            f(n, &get(layout.wave), &get(layout.respondent));
        }
        Ok(())
    };

    loop {
        let more = rdr.read_byte_record(&mut rec).map_err(|e| csv_error(e, row + 1, file))?;
        if !more {
            break;
        }
        row += 1;
        summary.rows_in += 1;
        let parsed = if rec.len() != width {
            Err(Error::RaggedRow {
                location: Location::file(file).with_row(row),
                expected: width as u64,
                found: rec.len() as u64,
            })
        } else {
            decode(&rec, Some(&layout.headers), row, file)
                .and_then(|fields| layout.parse_row(&fields, row, instrument, file))
        };
        let err = match parsed {
            Ok(record) => match guard.check(row, record) {
                Verdict::New(record) => {
                    summary.accepted += 1;
                    sink(record);
                    continue;
                }
                Verdict::Held => continue,
                Verdict::Duplicate { first_row } => Error::DuplicateRespondent {
                    location: Location::file(file).with_row(row).with_column(layout.headers[layout.respondent].clone()),
                    wave: String::from_utf8_lossy(rec.get(layout.wave).unwrap_or_default()).trim().to_owned(),
                    first_row,
                },
            },
            Err(e) => e,
        };
        if !options.lenient {
            // Held rows before this one may hide an earlier duplicate.
            if guard.has_held() {
                let res = guard.resolve(row, &mut |f| rescan(row, &rejected_rows, &mut reopen, f))?;
                if let Some((r, first_row, wave)) = res.duplicates.first() {
                    return Err(Error::DuplicateRespondent {
                        location: Location::file(file)
                            .with_row(*r)
                            .with_column(layout.headers[layout.respondent].clone()),
                        wave: wave.clone(),
                        first_row: *first_row,
                    });
                }
            }
            return Err(err);
        }
        summary.rejected += 1;
        rejected_rows.insert(row);
        rejected.push(RejectedRow::from_error(&err));
    }
    if summary.rows_in == 0 {
        return Err(empty());
    }
    if guard.has_held() {
        let res = guard.resolve(u64::MAX, &mut |f| rescan(u64::MAX, &rejected_rows, &mut reopen, f))?;
        for (r, first_row, wave) in res.duplicates {
            let err = Error::DuplicateRespondent {
                location: Location::file(file).with_row(r).with_column(layout.headers[layout.respondent].clone()),
                wave,
                first_row,
            };
            if !options.lenient {
                return Err(err);
            }
            summary.rejected += 1;
            rejected.push(RejectedRow::from_error(&err));
        }
        for h in res.released {
            summary.accepted += 1;
            sink(h.record);
        }
        rejected.sort_by_key(|r| r.row);
    }
    Ok((summary, rejected))
}

/// Read CSV from any reader (for example stdin). Duplicate respondents are
/// caught with an exact set of (wave, respondent) keys, whose memory grows
/// with the number of respondents; prefer [`read_csv_path`] or
/// [`read_csv_bytes`] for very large inputs.
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
    read_impl(reader, source, instrument, options, sink, DuplicateGuard::exact(), None, None)
}

/// Read CSV held in memory, in bounded memory (see `dedupe`).
pub fn read_csv_bytes(
    bytes: &[u8],
    source: Option<&str>,
    instrument: &Instrument,
    options: &IngestOptions,
    sink: &mut dyn FnMut(Record),
) -> Result<(SourceSummary, Vec<RejectedRow>)> {
    let mut reopen = || -> Result<Box<dyn Read + '_>> { Ok(Box::new(bytes)) };
    read_impl(bytes, source, instrument, options, sink, DuplicateGuard::bounded(), Some(&mut reopen), None)
}

/// Read a CSV file in one streaming pass with memory independent of its
/// length. Errors carry the path as the file name.
pub fn read_csv_path(
    path: &Path,
    instrument: &Instrument,
    options: &IngestOptions,
    sink: &mut dyn FnMut(Record),
) -> Result<(SourceSummary, Vec<RejectedRow>)> {
    read_csv_path_with_progress(path, instrument, options, sink, None)
}

/// [`read_csv_path`] that also reports the number of bytes read so far
/// (about every MiB, and at the end) to `progress`, for a progress bar.
pub fn read_csv_path_with_progress(
    path: &Path,
    instrument: &Instrument,
    options: &IngestOptions,
    sink: &mut dyn FnMut(Record),
    progress: Option<&mut dyn FnMut(u64)>,
) -> Result<(SourceSummary, Vec<RejectedRow>)> {
    let name = path.display().to_string();
    let open = || -> Result<Box<dyn Read>> {
        let f = std::fs::File::open(path).map_err(|e| Error::Io { path: name.clone(), message: e.to_string() })?;
        Ok(Box::new(std::io::BufReader::with_capacity(1 << 16, f)))
    };
    let first = open()?;
    let mut reopen = open;
    read_impl(first, Some(&name), instrument, options, sink, DuplicateGuard::bounded(), Some(&mut reopen), progress)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(data: &str, lenient: bool) -> Result<(SourceSummary, Vec<RejectedRow>, Vec<Record>)> {
        let mut out = Vec::new();
        let opts = IngestOptions { lenient, ..Default::default() };
        let (s, r) =
            read_csv_bytes(data.as_bytes(), Some("t.csv"), &Instrument::default(), &opts, &mut |x| out.push(x))?;
        Ok((s, r, out))
    }

    const HEAD: &str = "respondent,side,wave,department,trust_1,trust_2,overall_rating,meeting_cadence\n";

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
        assert!(recs[1].segments.is_empty());
        assert_eq!(recs[1].cells[0], Cell::Missing);
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
    }

    #[test]
    fn lenient_keeps_good_rows_and_lists_bad_ones() {
        let data = format!(
            "{HEAD}r1,it,2026-01,A,4,2,7,weekly\nr2,vendor,2026-01,A,4,2,7,weekly\nr3,it,2026-01,A,x,2,7,weekly\nr4,it,2026-01,A,4\nr1,it,2026-01,A,1,1,1,never\nr1,it,2026-02,A,1,1,1,never\n"
        );
        let (s, r, recs) = read(&data, true).unwrap();
        assert_eq!((s.rows_in, s.accepted, s.rejected), (6, 2, 4));
        let codes: Vec<(u64, &str)> = r.iter().map(|x| (x.row, x.code.as_str())).collect();
        assert_eq!(codes, [(3, "unknown_side"), (4, "invalid_value"), (5, "ragged_row"), (6, "duplicate_respondent")]);
        assert_eq!(recs.iter().map(|r| r.wave.as_str()).collect::<Vec<_>>(), ["2026-01", "2026-02"]);
    }

    #[test]
    fn unknown_item_columns_get_a_hint_and_other_columns_are_segments() {
        let e = read("respondent,side,wave,trust_5\nr1,it,w,3\n", false).unwrap_err();
        assert_eq!(e.code(), "unknown_item_column");
        assert!(e.to_string().contains("did you mean"), "{e}");
        let (_, _, recs) = read("respondent,side,wave,Location,trust_1\nr1,it,w,Oslo,3\n", false).unwrap();
        assert_eq!(recs[0].segments["Location"], "Oslo");
    }

    #[test]
    fn file_level_errors() {
        assert_eq!(read("", true).unwrap_err().code(), "empty_input");
        assert_eq!(read(HEAD, true).unwrap_err().code(), "empty_input");
        assert_eq!(read("respondent,wave,trust_1\nr1,w,3\n", true).unwrap_err().code(), "missing_column");
        assert_eq!(
            read("respondent,side,wave,trust_1,Trust_1\nr1,it,w,3,3\n", true).unwrap_err().code(),
            "duplicate_column"
        );
    }
}
