//! Saved aggregates: a scorer's state as compact bytes (`.agg` files), read
//! back and merged on another machine into the report of all the parts.
//!
//! [`SavedAggregates`] holds what a report needs and what merging needs to
//! stay exact: the instrument (its full definition) and the scoring options
//! the aggregates were built under, the [`Aggregates`] (exact sums per finest
//! cell and the census the privacy plan is decided over), the intake
//! summary, and [`RespondentKeys`] — a 64-bit hash of every accepted (wave,
//! respondent), so that a respondent who answered one wave in two parts is
//! caught as it would be when the parts' files are read in one run. The
//! layout (hand-written little-endian, varints, Rice-coded keys, a checksum)
//! is documented in `docs/aggregates.md`. Reading checks everything and never
//! panics: a damaged file is an [`Error::InvalidAggregates`] naming the byte
//! where reading stopped.
//!
//! ```
//! use rapport::{IngestOptions, Instrument, ScoreOptions, Scorer, SavedAggregates};
//! let inst = Instrument::default();
//! let opts = ScoreOptions::default();
//! let part = |csv: &str| {
//!     let mut s = Scorer::new(&inst, &opts, IngestOptions::default()).unwrap().keeping_keys();
//!     s.read_csv(csv.as_bytes(), Some("part.csv")).unwrap();
//!     s.save()
//! };
//! let a = part("respondent,side,wave,trust_1\nr1,it,2026-01,4\nr2,it,2026-01,2\n");
//! let b = part("respondent,side,wave,trust_1\nr3,it,2026-01,5\n");
//! let mut merged = SavedAggregates::from_bytes(&a, Some("a.agg")).unwrap();
//! merged.merge(SavedAggregates::from_bytes(&b, Some("b.agg")).unwrap(), "b.agg").unwrap();
//! assert_eq!((merged.intake.accepted, merged.aggregates.respondents()), (3, 3));
//! // Three respondents: the report hides the wave, as it would from one file.
//! let report = rapport::Report::build(&merged.aggregates, merged.intake.clone()).unwrap();
//! assert_eq!(report.participation[0].respondents_label, "hidden");
//! // The same respondent in two parts is refused, as in one run over both files.
//! let c = part("respondent,side,wave,trust_1\nr2,it,2026-01,3\n");
//! let e = merged.merge(SavedAggregates::from_bytes(&c, Some("c.agg")).unwrap(), "c.agg").unwrap_err();
//! assert_eq!(e.code(), "invalid_aggregates");
//! assert!(e.to_string().contains("1 respondent"), "{e}");
//! ```

use super::census::{Census, CensusKey};
use super::{Aggregates, AggregatesData, CellKey, GroupStats};
use crate::error::{Error, Result};
use crate::ingest::IngestSummary;
use crate::instrument::{Instrument, Side};
use crate::options::ScoreOptions;
use crate::stats::{FixedMoments, Wide};

/// The first bytes of every saved aggregates file.
pub const MAGIC: [u8; 8] = *b"\x89RAPAGG\n";
/// The version of the layout this build writes; it reads it and every
/// earlier one ([`OLDEST_READ_VERSION`]).
pub const FORMAT_VERSION: u16 = 2;
/// The oldest layout this build reads: version 1 lacks the counts of cells
/// read as missing (`--bad-cells missing`), which then read as none.
pub const OLDEST_READ_VERSION: u16 = 1;

/// The 64-bit hashes of every accepted (wave, respondent), sorted (see the
/// module docs). Two parts share a respondent when they share a hash; two
/// different keys share one with a chance of about n₁·n₂/2⁶⁴ (1 in 18
/// million for two parts of a million respondents each), which refuses the
/// merge, never changes a figure.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RespondentKeys {
    sorted: Vec<u64>,
}

impl RespondentKeys {
    /// The key of one respondent's answer to one wave (both trimmed, as the
    /// duplicate check compares them).
    pub fn hash(wave: &str, respondent: &str) -> u64 {
        crate::ingest::dedupe::key_hash(wave.trim(), respondent.trim())
    }

    /// Keys from hashes in any order.
    pub fn from_hashes(mut hashes: Vec<u64>) -> Self {
        crate::util::sort::sort_unstable(&mut hashes);
        RespondentKeys { sorted: hashes }
    }

    /// Number of keys.
    pub fn len(&self) -> usize {
        self.sorted.len()
    }

    /// True when there is none.
    pub fn is_empty(&self) -> bool {
        self.sorted.is_empty()
    }

    /// Whether a hash is among the keys.
    pub fn contains(&self, hash: u64) -> bool {
        self.sorted.binary_search(&hash).is_ok()
    }

    /// The union; `Err` with the number of keys the two share.
    pub fn merge(&mut self, other: &RespondentKeys) -> std::result::Result<(), u64> {
        let (a, b) = (&self.sorted, &other.sorted);
        let mut out = Vec::with_capacity(a.len() + b.len());
        let (mut i, mut j, mut shared) = (0, 0, 0u64);
        while i < a.len() && j < b.len() {
            if a[i] < b[j] {
                out.push(a[i]);
                i += 1;
            } else if b[j] < a[i] {
                out.push(b[j]);
                j += 1;
            } else {
                shared += 1;
                out.push(a[i]);
                i += 1;
            }
        }
        out.extend_from_slice(&a[i..]);
        out.extend_from_slice(&b[j..]);
        if shared > 0 {
            return Err(shared);
        }
        self.sorted = out;
        Ok(())
    }
}

/// A scorer's state, ready to save or merge (see the module docs).
#[derive(Debug, Clone)]
pub struct SavedAggregates {
    /// The aggregates, with the instrument and options they were built under.
    pub aggregates: Aggregates,
    /// Rows in, accepted and rejected, per source.
    pub intake: IngestSummary,
    /// The accepted respondents' keys; `None` when the scorer did not keep them
    /// (such a part cannot be merged with others).
    pub keys: Option<RespondentKeys>,
}

/// The options that decide what is aggregated (the others only decide how
/// the report reads the aggregates), by their JSON names and values.
fn aggregation_options(o: &ScoreOptions) -> [(&'static str, String); 4] {
    let json = |v: serde_json::Result<String>| v.unwrap_or_default();
    [
        ("by", json(serde_json::to_string(&o.by))),
        ("min_answered_fraction", json(serde_json::to_string(&o.min_answered_fraction))),
        ("hundred_scale", json(serde_json::to_string(&o.hundred_scale))),
        ("wave_order", json(serde_json::to_string(&o.wave_order))),
    ]
}

/// The aggregation options that differ between `mine` and `other`, each as
/// `name = mine's value (said other's value)`.
fn differing_options(mine: &ScoreOptions, other: &ScoreOptions, said: &str) -> Vec<String> {
    aggregation_options(mine)
        .into_iter()
        .zip(aggregation_options(other))
        .filter(|(m, o)| m.1 != o.1)
        .map(|((name, m), (_, o))| format!("{name} = {m} ({said} {o})"))
        .collect()
}

impl SavedAggregates {
    /// Use other report options (confidence, minimum group size, thresholds
    /// …) with these aggregates. Options that decide what is aggregated
    /// (`by`, `min_answered_fraction`, `hundred_scale`, `wave_order`) must be
    /// those the aggregates were built under; `name` names the aggregates in
    /// the error.
    pub fn set_options(&mut self, options: &ScoreOptions, name: &str) -> Result<()> {
        options.validate()?;
        let differ = differing_options(self.aggregates.options(), options, "the report asks for");
        if !differ.is_empty() {
            return Err(Error::InvalidAggregates {
                file: Some(name.to_owned()),
                offset: None,
                message: format!("built with {}: give the options the aggregates were built with", differ.join(", ")),
            });
        }
        self.aggregates.options = options.clone();
        Ok(())
    }

    /// Add another part (`name` names it in errors): same instrument, same
    /// options, and no respondent in both. The sums add exactly, so parts
    /// merged in any order and grouping give the same figures; the intake
    /// lists the sources in the order the parts are merged.
    pub fn merge(&mut self, other: SavedAggregates, name: &str) -> Result<()> {
        let refuse = |message: String| Error::InvalidAggregates { file: Some(name.to_owned()), offset: None, message };
        let (mine, theirs) = (self.aggregates.instrument(), other.aggregates.instrument());
        if mine != theirs {
            return Err(refuse(format!(
                "built with instrument {} {}, the other parts with {} {}{}",
                theirs.id(),
                theirs.version(),
                mine.id(),
                mine.version(),
                if mine.id() == theirs.id() && mine.version() == theirs.version() {
                    " (same id and version, different definitions)"
                } else {
                    ""
                }
            )));
        }
        if self.aggregates.options() != other.aggregates.options() {
            let (a, b) = (self.aggregates.options(), other.aggregates.options());
            let differ = differing_options(b, a, "the other parts with");
            if !differ.is_empty() {
                return Err(refuse(format!("built with {}", differ.join(", "))));
            }
            let (a, b) = (serde_json::to_string(a).unwrap_or_default(), serde_json::to_string(b).unwrap_or_default());
            return Err(refuse(format!("built with options {b}, the other parts with {a}")));
        }
        match (&mut self.keys, &other.keys) {
            (Some(mine), Some(theirs)) => mine.merge(theirs).map_err(|shared| {
                refuse(format!(
                    "{shared} respondent{} answered the same wave in this part and in another: parts must hold \
                     different respondents (split the data by wave and respondent)",
                    if shared == 1 { "" } else { "s" }
                ))
            })?,
            _ => {
                return Err(refuse(
                    "saved without respondent keys, so duplicates across parts cannot be checked".into(),
                ));
            }
        }
        self.aggregates.merge_same(other.aggregates);
        self.intake.merge(other.intake);
        Ok(())
    }

    /// The bytes of the documented layout.
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut w = Writer(Vec::with_capacity(4096));
        w.0.extend_from_slice(&MAGIC);
        w.0.extend_from_slice(&FORMAT_VERSION.to_le_bytes());
        let a = &self.aggregates;
        w.str(&serde_json::to_string(&a.instrument).unwrap_or_default());
        w.str(&serde_json::to_string(&a.options).unwrap_or_default());
        write_intake(&mut w, &self.intake);
        w.varint(a.by_seen.len() as u64);
        a.by_seen.iter().for_each(|&b| w.0.push(u8::from(b)));
        w.varint(a.cells.len() as u64);
        for (key, g) in &a.cells {
            w.str(&key.wave);
            for v in &key.values {
                match v {
                    None => w.0.push(0),
                    Some(v) => {
                        w.0.push(1);
                        w.str(v);
                    }
                }
            }
            write_group(&mut w, g);
        }
        let census = a.census.raw_cells();
        w.varint(census.len() as u64);
        for (key, counts) in census {
            w.str(&key.wave);
            w.0.push(match key.side {
                Side::It => 0,
                Side::Business => 1,
            });
            w.varint(key.segments.len() as u64);
            for (name, value) in &key.segments {
                w.str(name);
                w.str(value);
            }
            counts.iter().for_each(|&c| w.varint(c));
        }
        match &self.keys {
            None => w.0.push(0),
            Some(keys) => {
                w.0.push(1);
                write_keys(&mut w, &keys.sorted);
            }
        }
        let sum = checksum(&w.0);
        w.0.extend_from_slice(&sum.to_le_bytes());
        w.0
    }

    /// Read the bytes of [`SavedAggregates::to_bytes`], checked like freshly
    /// built aggregates; `name` names them in errors.
    pub fn from_bytes(bytes: &[u8], name: Option<&str>) -> Result<SavedAggregates> {
        let fail = |offset: usize, message: String| Error::InvalidAggregates {
            file: name.map(str::to_owned),
            offset: Some(offset as u64),
            message,
        };
        if bytes.len() < MAGIC.len() + 2 + 8 || bytes[..MAGIC.len()] != MAGIC {
            return Err(fail(0, "not saved rapport aggregates (the file does not start with their signature)".into()));
        }
        let version = u16::from_le_bytes([bytes[8], bytes[9]]);
        if !(OLDEST_READ_VERSION..=FORMAT_VERSION).contains(&version) {
            return Err(fail(
                8,
                format!(
                    "saved in layout version {version}; this rapport reads versions {OLDEST_READ_VERSION} to \
                     {FORMAT_VERSION}"
                ),
            ));
        }
        let (body, tail) = bytes.split_at(bytes.len() - 8);
        let mut stored = [0u8; 8];
        stored.copy_from_slice(tail);
        if u64::from_le_bytes(stored) != checksum(body) {
            return Err(fail(body.len(), "the checksum does not match: the file is damaged or incomplete".into()));
        }
        let mut r = Reader { bytes: body, at: 10, error: None };
        read_body(&mut r, version).map_err(|(at, message)| fail(at, message))
    }
}

/// Read everything after the version; errors are (offset, message).
fn read_body(r: &mut Reader<'_>, version: u16) -> std::result::Result<SavedAggregates, (usize, String)> {
    let at = r.at;
    let instrument =
        Instrument::from_json(r.str()).map_err(|e| r.error.take().unwrap_or((at, format!("its instrument: {e}"))))?;
    let at = r.at;
    let options =
        ScoreOptions::from_json(r.str()).map_err(|e| r.error.take().unwrap_or((at, format!("its options: {e}"))))?;
    let intake = read_intake(r, version);
    let n_by = r.len(1);
    if n_by != options.by.len() {
        r.fail(r.at, "a number of break-down flags that is not the number of break-down fields");
    }
    let by_seen: Vec<bool> = (0..n_by).map(|_| r.flag()).collect();
    let n_cells = r.len(2);
    let mut cells = Vec::with_capacity(n_cells);
    for _ in 0..n_cells {
        let wave = r.str().to_owned();
        let values = (0..n_by).map(|_| r.flag().then(|| r.str().to_owned())).collect();
        let g = read_group(r, &instrument);
        cells.push((CellKey { wave, values }, g));
    }
    let shape = super::census_shape(&instrument);
    let mut census = Census::default();
    for _ in 0..r.len(3) {
        let wave = r.str().to_owned();
        let side = if r.flag() { Side::Business } else { Side::It };
        let segments = (0..r.len(2)).map(|_| (r.str().to_owned(), r.str().to_owned())).collect();
        let counts: Vec<u64> = (0..shape.len()).map(|_| r.varint()).collect();
        if r.error.is_none() {
            census.add(&CensusKey { wave, side, segments }, &counts);
        }
    }
    let keys = r.flag().then(|| RespondentKeys { sorted: read_keys(r) });
    if r.at != r.bytes.len() {
        r.fail(r.at, "bytes after the end of the aggregates");
    }
    if let Some(e) = r.error.take() {
        return Err(e);
    }
    let end = r.at;
    let data = AggregatesData { instrument, options, cells, by_seen, census };
    let aggregates = Aggregates::try_from(data).map_err(|e| (end, e.to_string()))?;
    Ok(SavedAggregates { aggregates, intake, keys })
}

/// The checksum that ends saved aggregates: FNV-1a, 64 bits, over every
/// byte before it (the signature and version included).
pub fn checksum(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325u64, |h, &b| (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3))
}

struct Writer(Vec<u8>);

impl Writer {
    fn varint(&mut self, mut v: u64) {
        while v >= 0x80 {
            self.0.push((v as u8) | 0x80);
            v >>= 7;
        }
        self.0.push(v as u8);
    }
    fn varint128(&mut self, mut v: u128) {
        while v >= 0x80 {
            self.0.push((v as u8) | 0x80);
            v >>= 7;
        }
        self.0.push(v as u8);
    }
    fn str(&mut self, s: &str) {
        self.varint(s.len() as u64);
        self.0.extend_from_slice(s.as_bytes());
    }
    /// A whole number below 2⁵³ as a zigzag varint times two; anything else
    /// as 1 and the eight bytes of the double.
    fn f64(&mut self, x: f64) {
        if x.fract() == 0.0 && x.abs() < 9_007_199_254_740_992.0 && !(x == 0.0 && x.is_sign_negative()) {
            let i = x as i64;
            self.varint((((i << 1) ^ (i >> 63)) as u64) << 1);
        } else {
            self.0.push(1);
            self.0.extend_from_slice(&x.to_le_bytes());
        }
    }
    fn i128(&mut self, v: i128) {
        self.varint128(((v << 1) ^ (v >> 127)) as u128);
    }
    fn wide(&mut self, v: Wide) {
        self.varint128(v.lo);
        self.varint(v.hi);
    }
    fn moments(&mut self, m: &FixedMoments) {
        self.varint(m.n);
        self.i128(m.sum);
        self.wide(m.sum_sq);
    }
}

/// Reads the layout; the first problem is kept (where, what) and every
/// read after it gives zero, so the readers need no error path per field.
struct Reader<'b> {
    bytes: &'b [u8],
    at: usize,
    error: Option<(usize, String)>,
}

impl<'b> Reader<'b> {
    fn fail(&mut self, at: usize, message: &str) {
        if self.error.is_none() {
            self.error = Some((at, message.to_owned()));
        }
        // Nothing more is read.
        self.at = self.bytes.len();
    }
    fn byte(&mut self) -> u8 {
        match self.bytes.get(self.at) {
            Some(&b) => {
                self.at += 1;
                b
            }
            None => {
                self.fail(self.at, "the file ends too early");
                0
            }
        }
    }
    fn flag(&mut self) -> bool {
        let b = self.byte();
        if b > 1 {
            self.fail(self.at - 1, "a flag or code that is not 0 or 1");
        }
        b == 1
    }
    fn varint128(&mut self, bits: u32) -> u128 {
        let start = self.at;
        let mut v = 0u128;
        let mut shift = 0;
        loop {
            let b = self.byte();
            let payload = u128::from(b & 0x7f);
            if shift >= bits || (bits - shift < 7 && payload >> (bits - shift) != 0) {
                self.fail(start, "a number too long for its field");
                return 0;
            }
            v |= payload << shift;
            if b & 0x80 == 0 {
                return v;
            }
            shift += 7;
        }
    }
    fn varint(&mut self) -> u64 {
        self.varint128(64) as u64
    }
    /// A count of things that take at least `min_bytes` each: never more
    /// than the bytes left could hold (no allocation from a damaged count).
    fn len(&mut self, min_bytes: usize) -> usize {
        let at = self.at;
        let n = self.varint();
        let left = (self.bytes.len() - self.at) as u64;
        if n.saturating_mul(min_bytes as u64) > left {
            self.fail(at, "a count larger than the bytes left could hold");
            return 0;
        }
        n as usize
    }
    fn str(&mut self) -> &'b str {
        let at = self.at;
        let n = self.len(1);
        let s = &self.bytes[self.at..self.at + n];
        self.at += n;
        std::str::from_utf8(s).unwrap_or_else(|_| {
            self.fail(at, "text that is not UTF-8");
            ""
        })
    }
    fn f64(&mut self) -> f64 {
        let at = self.at;
        let v = self.varint();
        if v == 1 {
            let mut a = [0u8; 8];
            a.iter_mut().for_each(|b| *b = self.byte());
            return f64::from_le_bytes(a);
        }
        if v & 1 == 1 {
            self.fail(at, "a number's tag that is neither even nor 1");
        }
        let z = v >> 1;
        ((z >> 1) as i64 ^ -((z & 1) as i64)) as f64
    }
    fn i128(&mut self) -> i128 {
        let z = self.varint128(128);
        (z >> 1) as i128 ^ -((z & 1) as i128)
    }
    fn wide(&mut self) -> Wide {
        Wide { lo: self.varint128(128), hi: self.varint() }
    }
    fn moments(&mut self) -> FixedMoments {
        FixedMoments { n: self.varint(), sum: self.i128(), sum_sq: self.wide() }
    }
}

/// The intake summary, field by field (no JSON reader: the browser module
/// stays smaller).
fn write_intake(w: &mut Writer, intake: &IngestSummary) {
    let opt = |w: &mut Writer, v: &Option<String>| match v {
        None => w.0.push(0),
        Some(v) => {
            w.0.push(1);
            w.str(v);
        }
    };
    w.varint(intake.sources.len() as u64);
    for s in &intake.sources {
        opt(w, &s.file);
        w.str(&s.format);
        [s.rows_in, s.accepted, s.rejected].into_iter().for_each(|c| w.varint(c));
        opt(w, &s.import);
    }
    [intake.rows_in, intake.accepted, intake.rejected].into_iter().for_each(|c| w.varint(c));
    w.varint(intake.rejected_by_code.len() as u64);
    for (code, n) in &intake.rejected_by_code {
        w.str(code);
        w.varint(*n);
    }
    let rows = |w: &mut Writer, rows: &[crate::ingest::RejectedRow]| {
        w.varint(rows.len() as u64);
        for r in rows {
            opt(w, &r.file);
            w.varint(r.row);
            w.str(&r.code);
            w.str(&r.message);
            opt(w, &r.column);
            opt(w, &r.item);
            opt(w, &r.value);
        }
    };
    rows(w, &intake.rejected_rows);
    w.varint(intake.notes.len() as u64);
    intake.notes.iter().for_each(|n| w.str(n));
    // Cells read as missing (version 2): per source, then the total.
    #[cfg(feature = "import")]
    {
        for s in &intake.sources {
            w.varint(s.bad_cells);
            rows(w, &s.bad_cells_listed);
        }
        w.varint(intake.bad_cells);
        rows(w, &intake.bad_cells_listed);
    }
    #[cfg(not(feature = "import"))]
    (0..=intake.sources.len()).for_each(|_| w.0.extend_from_slice(&[0, 0]));
}

fn read_intake(r: &mut Reader<'_>, version: u16) -> IngestSummary {
    fn opt(r: &mut Reader<'_>) -> Option<String> {
        r.flag().then(|| r.str().to_owned())
    }
    fn rows(r: &mut Reader<'_>) -> Vec<crate::ingest::RejectedRow> {
        let n = r.len(7);
        let mut out = Vec::with_capacity(n);
        for _ in 0..n {
            let file = opt(r);
            let row = r.varint();
            let (code, message) = (r.str().to_owned(), r.str().to_owned());
            let (column, item, value) = (opt(r), opt(r), opt(r));
            out.push(crate::ingest::RejectedRow { file, row, code, message, column, item, value });
        }
        out
    }
    let mut intake = IngestSummary::default();
    for _ in 0..r.len(6) {
        let file = opt(r);
        let format = r.str().to_owned();
        let (rows_in, accepted, rejected) = (r.varint(), r.varint(), r.varint());
        let import = opt(r);
        #[cfg_attr(not(feature = "import"), allow(clippy::needless_update))]
        intake.sources.push(crate::ingest::SourceSummary {
            file,
            format,
            rows_in,
            accepted,
            rejected,
            import,
            ..Default::default()
        });
    }
    (intake.rows_in, intake.accepted, intake.rejected) = (r.varint(), r.varint(), r.varint());
    for _ in 0..r.len(2) {
        let code = r.str().to_owned();
        intake.rejected_by_code.insert(code, r.varint());
    }
    intake.rejected_rows = rows(r);
    for _ in 0..r.len(1) {
        intake.notes.push(r.str().to_owned());
    }
    if version >= 2 {
        // Cells read as missing: per source, then the total (kept only by a
        // build that reads them).
        let mut counts = Vec::with_capacity(intake.sources.len() + 1);
        for _ in 0..=intake.sources.len() {
            counts.push((r.varint(), rows(r)));
        }
        #[cfg(feature = "import")]
        {
            let (total, listed) = counts.pop().unwrap_or_default();
            (intake.bad_cells, intake.bad_cells_listed) = (total, listed);
            for (s, (n, listed)) in intake.sources.iter_mut().zip(counts) {
                (s.bad_cells, s.bad_cells_listed) = (n, listed);
            }
        }
    }
    intake
}

fn write_group(w: &mut Writer, g: &GroupStats) {
    w.varint(g.respondents);
    for st in g.items.iter().chain(&g.outcomes) {
        w.varint(st.missing);
        w.varint(st.not_applicable);
        st.histogram.iter().for_each(|&c| w.varint(c));
    }
    for d in &g.dimensions {
        for c in [d.respondents, d.favourable_respondents, d.unfavourable_respondents] {
            w.varint(c);
        }
        for c in [d.answers, d.favourable_answers, d.unfavourable_answers] {
            w.varint(c);
        }
        w.moments(&d.score);
        w.varint(d.listwise.n);
        d.listwise.sum.iter().chain(&d.listwise.sum_products).for_each(|&x| w.f64(x));
        let mut pairs = d.pairwise_incomplete.clone();
        for p in pairs.pairs_mut() {
            w.varint(p.n);
            [p.sum_x, p.sum_y, p.sum_xx, p.sum_yy, p.sum_xy].into_iter().for_each(|x| w.f64(x));
        }
    }
    w.moments(&g.index);
    w.varint(g.drivers.n);
    g.drivers.sum.iter().for_each(|&s| w.i128(s));
    g.drivers.products.iter().for_each(|&p| w.wide(p));
}

fn read_group(r: &mut Reader<'_>, instrument: &Instrument) -> GroupStats {
    let mut g = GroupStats::new(instrument);
    g.respondents = r.varint();
    for st in g.items.iter_mut().chain(&mut g.outcomes) {
        st.missing = r.varint();
        st.not_applicable = r.varint();
        st.histogram.iter_mut().for_each(|c| *c = r.varint());
    }
    for d in &mut g.dimensions {
        for c in [&mut d.respondents, &mut d.favourable_respondents, &mut d.unfavourable_respondents] {
            *c = r.varint();
        }
        for c in [&mut d.answers, &mut d.favourable_answers, &mut d.unfavourable_answers] {
            *c = r.varint();
        }
        d.score = r.moments();
        d.listwise.n = r.varint();
        d.listwise.sum.iter_mut().chain(&mut d.listwise.sum_products).for_each(|x| *x = r.f64());
        for p in d.pairwise_incomplete.pairs_mut() {
            p.n = r.varint();
            for x in [&mut p.sum_x, &mut p.sum_y, &mut p.sum_xx, &mut p.sum_yy, &mut p.sum_xy] {
                *x = r.f64();
            }
        }
    }
    g.index = r.moments();
    g.drivers.n = r.varint();
    g.drivers.sum.iter_mut().for_each(|s| *s = r.i128());
    g.drivers.products.iter_mut().for_each(|p| *p = r.wide());
    g
}

/// Rice parameter for n keys spread over 2⁶⁴: about log₂ of the mean gap
/// (64 − the bit length of n), between 1 and 63.
fn rice_k(n: usize) -> u32 {
    (64 - (64 - (n.max(1) as u64).leading_zeros())).clamp(1, 63)
}

/// Sorted keys as: count, Rice parameter k, byte length, then each gap from
/// the previous key (from 0 for the first) as its quotient by 2ᵏ in unary
/// (ones ended by a zero) and its k low bits, least significant bit first.
fn write_keys(w: &mut Writer, keys: &[u64]) {
    let k = rice_k(keys.len());
    let mut bits = BitWriter::default();
    let mut prev = 0u64;
    for &key in keys {
        let gap = key - prev;
        prev = key;
        let q = gap >> k;
        for _ in 0..q {
            bits.push(1, 1);
        }
        bits.push(0, 1);
        bits.push(gap & ((1u64 << k) - 1), k);
    }
    let bytes = bits.finish();
    w.varint(keys.len() as u64);
    w.0.push(k as u8);
    w.varint(bytes.len() as u64);
    w.0.extend_from_slice(&bytes);
}

fn read_keys(r: &mut Reader<'_>) -> Vec<u64> {
    let at = r.at;
    let n = r.varint();
    let k = u32::from(r.byte());
    if !(1..=63).contains(&k) {
        r.fail(r.at.saturating_sub(1), "a Rice parameter outside 1 to 63");
        return Vec::new();
    }
    let len = r.len(1);
    // Every key takes at least k + 1 bits.
    if n.saturating_mul(u64::from(k) + 1) > len as u64 * 8 {
        r.fail(at, "more keys than their bytes could hold");
        return Vec::new();
    }
    let mut bits = BitReader { bytes: &r.bytes[r.at..r.at + len], at: 0 };
    let mut keys = Vec::with_capacity(n as usize);
    let mut prev = 0u64;
    for _ in 0..n {
        let mut q = 0u64;
        while bits.bit() == Some(true) {
            q += 1;
        }
        let gap = bits.bits(k).filter(|_| q >> (64 - k) == 0).and_then(|low| prev.checked_add((q << k) | low));
        match gap {
            Some(key) => prev = key,
            None => {
                r.fail(r.at, "a key that runs past the keys' bytes or beyond 64 bits");
                return Vec::new();
            }
        }
        keys.push(prev);
    }
    r.at += len;
    keys
}

#[derive(Default)]
struct BitWriter {
    bytes: Vec<u8>,
    acc: u64,
    used: u32,
}

impl BitWriter {
    /// Append the low `n` bits of `v` (n ≤ 63).
    fn push(&mut self, v: u64, n: u32) {
        let mut v = v;
        let mut n = n;
        while n > 0 {
            let take = n.min(64 - self.used).min(32);
            self.acc |= (v & ((1u64 << take) - 1)) << self.used;
            self.used += take;
            v >>= take;
            n -= take;
            while self.used >= 8 {
                self.bytes.push(self.acc as u8);
                self.acc >>= 8;
                self.used -= 8;
            }
        }
    }
    fn finish(mut self) -> Vec<u8> {
        if self.used > 0 {
            self.bytes.push(self.acc as u8);
        }
        self.bytes
    }
}

struct BitReader<'b> {
    bytes: &'b [u8],
    at: u64,
}

impl BitReader<'_> {
    fn bit(&mut self) -> Option<bool> {
        let b = *self.bytes.get((self.at / 8) as usize)?;
        let bit = (b >> (self.at % 8)) & 1 == 1;
        self.at += 1;
        Some(bit)
    }
    fn bits(&mut self, n: u32) -> Option<u64> {
        let mut v = 0u64;
        for i in 0..n {
            v |= u64::from(self.bit()?) << i;
        }
        Some(v)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_round_trip_through_rice_coding_and_take_about_log2_of_the_gap() {
        for n in [0usize, 1, 2, 7, 1000, 50_000] {
            let mut s = 0x9e37_79b9_7f4a_7c15u64;
            let hashes: Vec<u64> = (0..n)
                .map(|_| {
                    s ^= s << 13;
                    s ^= s >> 7;
                    s ^= s << 17;
                    s
                })
                .collect();
            let keys = RespondentKeys::from_hashes(hashes);
            let mut w = Writer(Vec::new());
            write_keys(&mut w, &keys.sorted);
            let mut r = Reader { bytes: &w.0, at: 0, error: None };
            assert_eq!(read_keys(&mut r), keys.sorted, "{n}");
            assert_eq!(r.error, None);
            assert_eq!(r.at, w.0.len());
            if n >= 1000 {
                // About 64 − log₂ n + 2 bits per key.
                let per_key = w.0.len() as f64 * 8.0 / n as f64;
                let ideal = 64.0 - (n as f64).log2() + 2.0;
                assert!((per_key - ideal).abs() < 1.0, "{per_key} bits per key, ideal {ideal}");
            }
        }
    }

    #[test]
    fn numbers_round_trip() {
        let mut w = Writer(Vec::new());
        let floats = [0.0, -0.0, 1.0, -7.0, 2.5, 1e300, f64::NAN, 9_007_199_254_740_992.0, -123_456_789.0];
        floats.iter().for_each(|&x| w.f64(x));
        let ints = [0i128, -1, 1, i128::MAX, i128::MIN, 1 << 100];
        ints.iter().for_each(|&x| w.i128(x));
        w.varint(u64::MAX);
        let mut r = Reader { bytes: &w.0, at: 0, error: None };
        for &x in &floats {
            let y = r.f64();
            assert!(x.to_bits() == y.to_bits() || (x == y && x != 0.0), "{x} {y}");
        }
        for &x in &ints {
            assert_eq!(r.i128(), x);
        }
        assert_eq!(r.varint(), u64::MAX);
        assert_eq!(r.error, None);
        // An eleventh byte of a 64-bit varint is refused, not shifted away.
        let mut r = Reader { bytes: &[0xff; 11], at: 0, error: None };
        assert_eq!(r.varint(), 0);
        assert_eq!(r.error, Some((0, "a number too long for its field".to_owned())));
    }
}
