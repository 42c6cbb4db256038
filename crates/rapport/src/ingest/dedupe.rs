//! Catching a respondent who answered one wave twice, in bounded memory —
//! within one input and across every input of one report.
//!
//! The key is (wave, respondent), both trimmed. An exact set of every key
//! grows with the number of respondents, which would break the promise that a
//! file is scored in memory independent of its length. For re-readable
//! sources (files, byte slices) a [`DuplicateGuard`] therefore keeps a
//! fixed-size Bloom filter (cache-blocked, four bits per key taken from two
//! deterministic 64-bit hashes) of the keys accepted so far, sized from the
//! first re-readable input: one bit per byte of it, from 8 MiB up to 16 MiB
//! (about 13 bits per key at ten million rows):
//!
//! * a key the filter has never seen is new: the row is accepted at once;
//! * a key the filter may have seen is *held back* — a true duplicate or a
//!   false positive (about 1 in 49,000 rows at a million keys in 8 MiB, well
//!   under 1 in 200 at ten million in 16 MiB). A held row keeps only its key,
//!   its row number, its side and the byte offset of its record: a few dozen
//!   bytes, however wide the rows;
//! * at the end of the input (or, in strict mode, at the first other error,
//!   so that "the first bad row" stays the first; or when held rows pile up,
//!   as in a file pasted twice), one re-scan reads only the wave and
//!   respondent fields of the inputs that may hold the held keys (splitting
//!   lines and commas when the input has no quote, with the CSV parser
//!   otherwise) and finds, for every held key, the first accepted row that
//!   carries it. A held row is a duplicate when an earlier row has its key;
//!   otherwise the reader reads its record again at its offset and hands it
//!   on — after the rows that followed it, so a released row arrives out of
//!   file order (the aggregates do not depend on the order).
//!
//! Rows rejected for other reasons are remembered (by row number) and skipped
//! by the re-scan, so a bad row never counts as the "first" answer.
//!
//! Sources that cannot be re-read (a plain `Read` such as stdin, and JSON,
//! which is parsed from memory) record their keys in an exact map instead;
//! its memory grows with the number of respondents in those sources, which
//! the docs of those entry points say.
//!
//! **Across files.** Pass one guard to the `*_with_guard` readers
//! ([`crate::ingest::csv::read_csv_path_with_guard`] and friends) for every
//! input of a report, and a respondent who answers the same wave in two files
//! is reported as a duplicate in the later file, naming the earlier file and
//! row ([`crate::Error::DuplicateRespondent`]'s `first_file`). Resolving a
//! held row then re-scans the earlier files too — only those that contain the
//! held row's wave, so the usual "one file per wave" layout costs nothing.
//! Without a shared guard (the plain readers), duplicates are caught within
//! each input only. A re-readable input must not change while the guard is
//! in use.

use super::{RejectedRow, SourceSummary};
use crate::error::{Error, Location, Result};
use crate::ingest::response::RowView;
use crate::instrument::Side;
use crate::waves::WaveLabels;
use std::collections::{HashMap, HashSet};
use std::fmt;

/// Default Bloom filter size: 2^26 bits = 8 MiB.
const DEFAULT_BLOOM_BITS_LOG2: u32 = 26;
/// Largest filter a guard sizes from its input: 2^27 bits = 16 MiB (about
/// 13 bits per key at ten million rows: under half a percent of rows held).
#[cfg(feature = "rescan")]
const LARGE_BLOOM_BITS_LOG2: u32 = 27;
/// Smallest filter used for small in-memory inputs: 2^12 bits = 512 bytes.
#[cfg(feature = "rescan")]
const MIN_BLOOM_BITS_LOG2: u32 = 12;
const HASHES: usize = 4;
/// Distinct waves tracked per source to skip re-scans of sources that cannot
/// hold a key; beyond this the source is always re-scanned.
const MAX_TRACKED_WAVES: usize = 256;

/// Two deterministic 64-bit hashes of a key: one FNV-1a pass over both parts
/// (with a separator byte that cannot occur in UTF-8), then two SplitMix64
/// finalizers with different seeds. Independent of the process's random
/// state, so which rows are held back is the same on every run and platform.
fn hash_key(wave: &str, respondent: &str) -> (u64, u64) {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in wave.bytes().chain(std::iter::once(0xff)).chain(respondent.bytes()) {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    (splitmix64(h), splitmix64(h ^ 0x9e37_79b9_7f4a_7c15))
}

/// The 64-bit key of (wave, respondent) that saved aggregates carry (the
/// first of [`hash_key`]'s two hashes).
pub(crate) fn key_hash(wave: &str, respondent: &str) -> u64 {
    hash_key(wave, respondent).0
}

/// The SplitMix64 finalizer (Steele, Lea & Flood 2014): a bijective mix in
/// which every input bit affects every output bit.
fn splitmix64(mut h: u64) -> u64 {
    h = (h ^ (h >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    h = (h ^ (h >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    h ^ (h >> 31)
}

/// 512 bits, one cache line.
#[derive(Clone, Copy)]
#[repr(align(64))]
struct Block([u64; 8]);

/// A fixed-size, cache-blocked Bloom filter of (wave, respondent) keys
/// (Putze, Sanders & Singler, "Cache-, hash- and space-efficient Bloom
/// filters", 2007): the first hash picks a 512-bit block, four 16-bit slices
/// of the second set four bits in it, so a lookup touches one cache line
/// instead of four. At 8 MiB and a million keys about 1 in 49,000 new keys
/// is a false positive (1 in 89,000 for an unblocked filter).
struct Bloom {
    blocks: Vec<Block>,
    block_mask: u64,
    /// Bits used per block − 1 (below 512 only for the tiny test filters).
    bit_mask: u64,
}

impl Bloom {
    fn new(bits_log2: u32) -> Self {
        let log2 = bits_log2.max(6);
        let blocks = 1usize << log2.saturating_sub(9);
        Bloom { blocks: vec![Block([0; 8]); blocks], block_mask: blocks as u64 - 1, bit_mask: (1 << log2.min(9)) - 1 }
    }

    /// The block and the (word, bit) positions of a key.
    fn positions(&self, wave: &str, respondent: &str) -> (usize, [(usize, u64); HASHES]) {
        let (h1, h2) = hash_key(wave, respondent);
        let bit = |i: usize| {
            let b = (h2 >> (16 * i)) & self.bit_mask;
            ((b / 64) as usize, 1u64 << (b % 64))
        };
        ((h1 & self.block_mask) as usize, [bit(0), bit(1), bit(2), bit(3)])
    }

    /// Insert; returns whether the key may have been present before.
    fn insert(&mut self, wave: &str, respondent: &str) -> bool {
        let (block, bits) = self.positions(wave, respondent);
        let words = &mut self.blocks[block].0;
        let mut present = true;
        for (w, b) in bits {
            if words[w] & b == 0 {
                present = false;
                words[w] |= b;
            }
        }
        present
    }

    fn contains(&self, wave: &str, respondent: &str) -> bool {
        let (block, bits) = self.positions(wave, respondent);
        bits.iter().all(|&(w, b)| self.blocks[block].0[w] & b != 0)
    }
}

/// Where a re-readable CSV source's bytes come from.
#[cfg(feature = "rescan")]
#[derive(Clone)]
pub(crate) enum Origin<'s> {
    /// A file, opened again for the re-scan.
    Path(std::path::PathBuf),
    /// Bytes in memory.
    Bytes(&'s [u8]),
}

/// Without the `rescan` feature no source can be read again: `Origin` (and
/// so [`Rescan`]) has no values, every `Option<Rescan>` is `None`, and the
/// compiler leaves the Bloom filter and the re-scan out of the build (the
/// browser module reads CSV as a stream with exact keys).
#[cfg(not(feature = "rescan"))]
#[derive(Clone)]
pub(crate) enum Origin<'s> {
    /// Cannot be constructed.
    #[allow(dead_code)]
    Never(std::convert::Infallible, std::marker::PhantomData<&'s ()>),
}

/// A reader's scan of a source's keys: (row, wave, respondent) for every
/// data row, numbered as in the first pass, until the visitor returns false.
pub(crate) type ScanKeys = fn(&Rescan<'_>, &mut dyn FnMut(u64, &str, &str) -> bool) -> Result<()>;

/// How to re-scan a CSV source for its keys.
#[cfg_attr(not(feature = "rescan"), allow(dead_code))]
pub(crate) struct Rescan<'s> {
    pub origin: Origin<'s>,
    /// Reads the source again, handing (row, wave, respondent) to the
    /// visitor until it returns false (the reader's own key scan).
    pub scan: ScanKeys,
    /// Column index of the respondent id.
    pub respondent: usize,
    /// Column index of the wave.
    pub wave: usize,
}

/// One input read through a guard.
struct SourceEntry<'s> {
    /// Name for messages (the caller's name or `input N`).
    name: String,
    /// `None`: keys are in the exact map instead.
    rescan: Option<Rescan<'s>>,
    /// Rows rejected for a reason other than being a duplicate (never a
    /// "first" answer), as runs of rows.
    skip: RowRuns,
    /// Last row read (rows after it, e.g. past a fatal error, do not count).
    limit: u64,
    /// Waves of accepted or held rows; `None` when there were too many.
    waves: Option<HashSet<String>>,
    /// The wave of the previous row.
    last_wave: String,
}

/// A set of rows kept as sorted, disjoint runs `(first, last)`: rejected
/// rows mostly come in increasing order and often next to each other (a
/// block of bad rows), so a million of them may take a few runs. Adding a
/// row at the end is O(1); one before the end (never in practice) is a
/// sorted insertion.
#[derive(Debug, Default)]
struct RowRuns(Vec<(u64, u64)>);

impl RowRuns {
    fn insert(&mut self, row: u64) {
        match self.0.last_mut() {
            Some((_, last)) if *last + 1 == row => *last = row,
            Some(&mut (_, last)) if last >= row => {
                if !self.contains(row) {
                    let at = self.0.partition_point(|&(first, _)| first < row);
                    self.0.insert(at, (row, row));
                }
            }
            _ => self.0.push((row, row)),
        }
    }

    fn contains(&self, row: u64) -> bool {
        let at = self.0.partition_point(|&(first, _)| first <= row);
        at > 0 && self.0[at - 1].1 >= row
    }
}

/// A row held back because its key may already have been seen: its row,
/// where its record starts in the source (the reader reads it again if it
/// is released), its key and its side. Nothing else of the row is kept, so
/// held rows cost a few dozen bytes each however wide the rows are.
pub(crate) struct Held {
    pub row: u64,
    /// Byte offset of the record in the source (after a byte-order mark).
    #[cfg_attr(not(feature = "rescan"), allow(dead_code))]
    pub at: u64,
    /// The wave, then the respondent (trimmed).
    key: Box<str>,
    /// Where the respondent starts in `key`.
    split: u32,
    pub side: Side,
}

impl Held {
    fn new(row: u64, at: u64, record: &RowView<'_>) -> Self {
        let (wave, respondent) = key_of(record);
        let mut key = String::with_capacity(wave.len() + respondent.len());
        key.push_str(wave);
        key.push_str(respondent);
        Held { row, at, key: key.into_boxed_str(), split: wave.len() as u32, side: record.side }
    }

    /// The (wave, respondent) key, trimmed, as [`key_of`] gives it.
    pub(crate) fn key(&self) -> (&str, &str) {
        self.key.split_at(self.split as usize)
    }
}

/// How a reader hands on a released held row: it reads the record at
/// [`Held::at`] again and hands its view to the sink.
pub(crate) type Reread<'a> = &'a mut dyn FnMut(&Held, &mut dyn FnMut(RowView<'_>)) -> Result<()>;

/// What the guard says about a row.
pub(crate) enum Verdict {
    /// New key: accept the row now.
    New,
    /// A certain duplicate of `first_row` (in `first_file` when that is
    /// another input); `wave` is the row's (trimmed) wave.
    Duplicate { wave: String, first_file: Option<String>, first_row: u64 },
    /// Held back until [`DuplicateGuard::resolve`].
    Held,
}

/// A duplicate found by [`DuplicateGuard::resolve`].
pub(crate) struct Duplicate {
    pub row: u64,
    pub wave: String,
    pub first_file: Option<String>,
    pub first_row: u64,
}

/// The outcome of resolving held rows.
pub(crate) struct Resolution {
    /// Held rows that are not duplicates, in row order.
    pub released: Vec<Held>,
    /// Duplicates, in row order.
    pub duplicates: Vec<Duplicate>,
}

/// wave → respondent → value, so lookups by `&str` need no allocation.
/// (The maps keep std's randomly keyed hasher: nothing depends on their
/// order, and crafted ids cannot make them slow.)
type KeyMap<V> = HashMap<String, HashMap<String, V>>;

fn key_of<'r>(record: &RowView<'r>) -> (&'r str, &'r str) {
    (record.wave.trim(), record.respondent.trim())
}

/// Detects a respondent answering one wave twice, within one input and
/// across all inputs read through the same guard (see the [module
/// docs](self) for how memory stays bounded).
///
/// ```
/// use rapport::{Instrument, ingest::{DuplicateGuard, IngestOptions, csv::read_csv_bytes_with_guard}};
/// let (inst, opts) = (Instrument::default(), IngestOptions::default());
/// let a = b"respondent,side,wave,trust_1\nr1,it,2026-01,4\n";
/// let b = b"respondent,side,wave,trust_1\nr2,it,2026-01,3\nr1,it,2026-01,5\n";
/// let mut guard = DuplicateGuard::new();
/// read_csv_bytes_with_guard(a, Some("a.csv"), &inst, &opts, &mut guard, &mut |_| {}).unwrap();
/// let err = read_csv_bytes_with_guard(b, Some("b.csv"), &inst, &opts, &mut guard, &mut |_| {}).unwrap_err();
/// assert_eq!(err.code(), "duplicate_respondent");
/// assert_eq!(err.to_string(), "b.csv, row 3, column \"respondent\": respondent answered wave \"2026-01\" twice (first at a.csv, row 2)");
/// ```
pub struct DuplicateGuard<'s> {
    bloom_bits_log2: u32,
    /// Whether the filter is sized from the first re-readable input ([`Self::new`]).
    #[cfg_attr(not(feature = "rescan"), allow(dead_code))]
    sized_by_input: bool,
    /// Allocated on the first re-readable source.
    bloom: Option<Bloom>,
    /// Keys of sources that cannot be re-read → (source, row).
    exact: KeyMap<(usize, u64)>,
    sources: Vec<SourceEntry<'s>>,
    /// Held rows of the current source.
    held: Vec<Held>,
    /// The wave labels of accepted rows, with their first row.
    waves: WaveLabels,
}

impl fmt::Debug for DuplicateGuard<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("DuplicateGuard")
            .field("bloom_bits", &(1u64 << self.bloom_bits_log2))
            .field("sources", &self.sources.iter().map(|s| s.name.as_str()).collect::<Vec<_>>())
            .field("held", &self.held.len())
            .finish_non_exhaustive()
    }
}

impl Default for DuplicateGuard<'_> {
    fn default() -> Self {
        Self::new()
    }
}

impl<'s> DuplicateGuard<'s> {
    /// A guard with a Bloom filter allocated when the first re-readable
    /// input is read: 8 MiB, or one bit per byte of that input up to 16 MiB
    /// (good for tens of millions of responses).
    pub fn new() -> Self {
        DuplicateGuard { sized_by_input: true, ..Self::with_bloom_bits(DEFAULT_BLOOM_BITS_LOG2) }
    }

    /// A re-readable input of `len` bytes is about to be read: before the
    /// first one, a guard made by [`Self::new`] sizes its filter from it
    /// (one bit per byte, from 8 to 16 MiB; every row has tens of bytes).
    #[cfg(feature = "rescan")]
    pub(crate) fn expect_input(&mut self, len: u64) {
        if self.sized_by_input && self.bloom.is_none() {
            let log2 = 64 - len.saturating_sub(1).leading_zeros();
            self.bloom_bits_log2 = log2.clamp(DEFAULT_BLOOM_BITS_LOG2, LARGE_BLOOM_BITS_LOG2);
        }
    }

    /// A guard with a filter of `2^bits_log2` bits (tests force tiny
    /// filters so that false positives happen).
    pub(crate) fn with_bloom_bits(bits_log2: u32) -> Self {
        DuplicateGuard {
            bloom_bits_log2: bits_log2.clamp(6, DEFAULT_BLOOM_BITS_LOG2),
            sized_by_input: false,
            bloom: None,
            exact: HashMap::new(),
            sources: Vec::new(),
            held: Vec::new(),
            waves: WaveLabels::new(),
        }
    }

    #[cfg(feature = "rescan")]
    /// A guard for one in-memory input of `len` bytes: about two filter bits
    /// per input byte (every row has many bytes, so false positives stay
    /// rare), capped at the default 8 MiB. Small inputs (a browser upload)
    /// then do not allocate 8 MiB. [`crate::ingest::csv::read_csv_bytes`]
    /// reads with one; pass one to the `*_with_guard` readers to keep the
    /// guard (and its [`Self::waves`]) afterwards.
    pub fn for_input_len(len: usize) -> Self {
        let bits = (len as u64).saturating_mul(2).max(1);
        let log2 = 64 - (bits - 1).leading_zeros();
        Self::with_bloom_bits(log2.clamp(MIN_BLOOM_BITS_LOG2, DEFAULT_BLOOM_BITS_LOG2))
    }

    /// Number of inputs read through this guard so far.
    pub fn inputs(&self) -> usize {
        self.sources.len()
    }

    /// Forget the last input read through this guard, as if it had never
    /// been read: its respondents no longer count as having answered. For a
    /// caller that throws away an input's rows after an error (the browser's
    /// incremental scorer, when a strict-mode batch fails part-way), so that
    /// reading the corrected input again is not a duplicate of the failed
    /// one. Costs one pass over the remembered keys. (Keys of a re-readable
    /// input stay in the Bloom filter: a later row with one of them is
    /// confirmed by a re-scan of the remaining inputs, which no longer
    /// include the forgotten one, and is accepted.)
    ///
    /// ```
    /// use rapport::ingest::DuplicateGuard;
    /// use rapport::ingest::csv::read_csv_with_guard;
    /// use rapport::{IngestOptions, Instrument};
    ///
    /// let inst = Instrument::default();
    /// let opts = IngestOptions::default();
    /// let mut guard = DuplicateGuard::new();
    /// let bad = b"respondent,side,wave,trust_1\nr1,it,2026-01,4\nr2,it,2026-01,9\n";
    /// assert!(read_csv_with_guard(&bad[..], Some("a.csv"), &inst, &opts, &mut guard, &mut |_| {}).is_err());
    /// guard.forget_last_input();
    /// let fixed = b"respondent,side,wave,trust_1\nr1,it,2026-01,4\nr2,it,2026-01,3\n";
    /// let (summary, _) = read_csv_with_guard(&fixed[..], Some("a.csv"), &inst, &opts, &mut guard, &mut |_| {}).unwrap();
    /// assert_eq!(summary.accepted, 2);
    /// assert_eq!(guard.inputs(), 1);
    /// ```
    pub fn forget_last_input(&mut self) {
        let Some(last) = self.sources.len().checked_sub(1) else { return };
        self.held.clear();
        for respondents in self.exact.values_mut() {
            respondents.retain(|_, &mut (source, _)| source != last);
        }
        self.exact.retain(|_, respondents| !respondents.is_empty());
        self.waves.forget_from(last);
        self.sources.pop();
    }

    /// The wave labels of the rows accepted so far from every input read
    /// through this guard, each with its first row: check them with
    /// [`WaveLabels::check`] once every input is read, to find labels that
    /// cannot be put in one time order before a report is built.
    ///
    /// ```
    /// use rapport::ingest::{DuplicateGuard, IngestOptions, csv::read_csv_bytes_with_guard};
    /// let (inst, opts) = (rapport::Instrument::default(), IngestOptions::default());
    /// let a = b"respondent,side,wave,trust_1\nr1,it,2026-03,4\n";
    /// let b = b"respondent,side,wave,trust_1\nr2,it,2026-04,3\nr3,it,2026-Q2,5\n";
    /// let mut guard = DuplicateGuard::new();
    /// read_csv_bytes_with_guard(a, Some("a.csv"), &inst, &opts, &mut guard, &mut |_| {}).unwrap();
    /// read_csv_bytes_with_guard(b, Some("b.csv"), &inst, &opts, &mut guard, &mut |_| {}).unwrap();
    /// let e = guard.waves().check(&[]).unwrap_err();
    /// assert_eq!(e.code(), "wave_conflict");
    /// assert!(e.to_string().starts_with(
    ///     "b.csv, row 3, column \"wave\": wave \"2026-Q2\" cannot be put in time order with wave \"2026-03\" (a.csv, row 2, column \"wave\")"
    /// ), "{e}");
    /// ```
    pub fn waves(&self) -> &WaveLabels {
        &self.waves
    }

    /// Note the wave label of an accepted row of the current input (a
    /// held-back row is noted when it is released: a duplicate's label may
    /// differ from the first answer's by spaces, and a rejected row's label
    /// is no wave of the data).
    pub(crate) fn note_wave(&mut self, row: u64, label: &str, at: impl FnOnce() -> Location) {
        let cur = self.current();
        self.waves.note_in(cur, row, label, at);
    }

    /// Start a new input. `rescan` is `None` for inputs that cannot be read again.
    pub(crate) fn begin_source(&mut self, name: Option<&str>, rescan: Option<Rescan<'s>>) {
        self.held.clear();
        let name = name.map_or_else(|| format!("input {}", self.sources.len() + 1), str::to_owned);
        self.sources.push(SourceEntry {
            name,
            rescan,
            skip: RowRuns::default(),
            limit: u64::MAX,
            waves: Some(HashSet::new()),
            last_wave: String::new(),
        });
    }

    /// Finish the current input after `last_row` (the last row that was read
    /// and accounted for). Unresolved held rows (after a fatal error) are dropped.
    pub(crate) fn end_source(&mut self, last_row: u64) {
        self.held.clear();
        if let Some(s) = self.sources.last_mut() {
            s.limit = last_row;
        }
    }

    fn current(&mut self) -> usize {
        if self.sources.is_empty() {
            self.begin_source(None, None);
        }
        self.sources.len() - 1
    }

    fn name_if_other(&self, source: usize, current: usize) -> Option<String> {
        (source != current).then(|| self.sources[source].name.clone())
    }

    /// Bring the filter's blocks for these keys ([`key_hash`] of each)
    /// into the cache before their rows are checked one by one: these
    /// loads do not wait for each other, so the memory serves many at once,
    /// where each check would otherwise wait for its own.
    #[cfg(all(feature = "parallel", feature = "rescan", not(target_arch = "wasm32")))]
    pub(crate) fn warm(&self, keys: &[u64]) {
        if let Some(bloom) = &self.bloom {
            let seen = keys.iter().fold(0u64, |x, &h| x ^ bloom.blocks[(h & bloom.block_mask) as usize].0[0]);
            std::hint::black_box(seen);
        }
    }

    /// Check a validated row of the current input.
    /// `at` is where its record starts in the source (see [`Held::at`]).
    pub(crate) fn check(&mut self, row: u64, at: u64, record: &RowView<'_>) -> Verdict {
        let cur = self.current();
        let (wave, respondent) = key_of(record);
        if let Some(&(src, first_row)) = self.exact.get(wave).and_then(|m| m.get(respondent)) {
            return Verdict::Duplicate { wave: wave.to_owned(), first_file: self.name_if_other(src, cur), first_row };
        }
        let entry = &mut self.sources[cur];
        // Rows of one wave usually come together: skip hashing the repeat.
        if entry.last_wave != wave {
            entry.last_wave.clear();
            entry.last_wave.push_str(wave);
            if let Some(waves) = &mut entry.waves
                && !waves.contains(wave)
            {
                if waves.len() >= MAX_TRACKED_WAVES {
                    entry.waves = None;
                } else {
                    waves.insert(wave.to_owned());
                }
            }
        }
        let maybe_seen = if entry.rescan.is_some() {
            let bits = self.bloom_bits_log2;
            self.bloom.get_or_insert_with(|| Bloom::new(bits)).insert(wave, respondent)
        } else {
            self.exact.entry(wave.to_owned()).or_default().insert(respondent.to_owned(), (cur, row));
            // Only re-readable sources are in the filter.
            self.bloom.as_ref().is_some_and(|b| b.contains(wave, respondent))
        };
        if maybe_seen {
            self.held.push(Held::new(row, at, record));
            Verdict::Held
        } else {
            Verdict::New
        }
    }

    /// Note a rejected row of the current input (the re-scan skips it; only
    /// inputs that can be re-scanned keep it).
    pub(crate) fn reject(&mut self, row: u64) {
        let cur = self.current();
        let source = &mut self.sources[cur];
        if source.rescan.is_some() {
            source.skip.insert(row);
        }
    }

    /// Whether rows of the current input are held back. Only rows of
    /// re-readable sources are, so never without the `rescan` feature (saying
    /// so lets the compiler leave [`Self::resolve`] out).
    pub(crate) fn has_held(&self) -> bool {
        cfg!(feature = "rescan") && !self.held.is_empty()
    }

    /// Whether to resolve held rows now rather than at the end, after
    /// `rows_read` rows with `waiting` rejected rows waiting for them: when
    /// they pile up (an input with many true duplicates, such as one file
    /// pasted twice, or many bad rows after one held back), so that held
    /// records and waiting rows do not fill memory and strict mode stops soon
    /// after the first duplicate. False positives alone reach 1,024 only past
    /// tens of millions of rows; growing the threshold with the rows read
    /// keeps the number of re-scans logarithmic.
    pub(crate) fn should_settle(&self, rows_read: u64, waiting: usize) -> bool {
        cfg!(feature = "rescan") && (self.held.len() + waiting) as u64 >= (rows_read / 8).max(1024)
    }

    /// Resolve the held rows before `up_to` with one re-scan of the inputs
    /// that may hold their keys; later held rows stay held.
    pub(crate) fn resolve(&mut self, up_to: u64) -> Result<Resolution> {
        let cur = self.current();
        let (now, later): (Vec<Held>, Vec<Held>) =
            std::mem::take(&mut self.held).into_iter().partition(|h| h.row < up_to);
        self.held = later;
        let mut resolution = Resolution { released: Vec::new(), duplicates: Vec::new() };
        let Some(max_row) = now.iter().map(|h| h.row).max() else { return Ok(resolution) };
        // First occurrence (source, row) of every held key among accepted or held rows.
        let mut first: KeyMap<Option<(usize, u64)>> = HashMap::new();
        for h in &now {
            let (wave, respondent) = h.key();
            first.entry(wave.to_owned()).or_default().insert(respondent.to_owned(), None);
        }
        for (j, source) in self.sources.iter().enumerate().take(cur + 1) {
            let Some(rescan) = &source.rescan else { continue };
            if j < cur
                && let Some(waves) = &source.waves
                && !first.keys().any(|w| waves.contains(w))
            {
                continue;
            }
            let limit = if j == cur { max_row } else { source.limit };
            (rescan.scan)(rescan, &mut |row, wave, respondent| {
                if row > limit {
                    return false;
                }
                if !source.skip.contains(row)
                    && let Some(slot) = first.get_mut(wave).and_then(|m| m.get_mut(respondent))
                {
                    slot.get_or_insert((j, row));
                }
                true
            })?;
        }
        for h in now {
            let (wave, respondent) = h.key();
            match first.get(wave).and_then(|m| m.get(respondent)).copied().flatten() {
                Some((src, first_row)) if (src, first_row) < (cur, h.row) => {
                    resolution.duplicates.push(Duplicate {
                        row: h.row,
                        wave: wave.to_owned(),
                        first_file: self.name_if_other(src, cur),
                        first_row,
                    });
                }
                _ => resolution.released.push(h),
            }
        }
        Ok(resolution)
    }
}

/// Where a read hands its rejected rows (lenient mode), one at a time.
pub(crate) type RejectSink<'a> = &'a mut dyn FnMut(RejectedRow);

/// The per-row bookkeeping the CSV and JSON readers share: counts, rejected
/// rows, the guard's verdicts, and resolving held rows.
///
/// Rejected rows go to the read's sink in row order, as they are found,
/// except that a row rejected while an earlier row is held back waits (in
/// `waiting`) until the held rows are resolved, since one of them may turn
/// out to be a duplicate: then the duplicates and the waiting rows go out
/// together in row order. Held and waiting rows together set off a
/// resolution as held rows alone do ([`DuplicateGuard::should_settle`]), so
/// neither grows without bound.
pub(crate) struct Tally<'a> {
    pub summary: SourceSummary,
    rejects: RejectSink<'a>,
    /// Rows rejected after a row that is still held back.
    waiting: Vec<RejectedRow>,
    /// Last row accounted for (accepted, held or rejected).
    pub last_row: u64,
    lenient: bool,
    file: Option<&'a str>,
    /// Header of the respondent column (CSV), for duplicate errors.
    respondent_column: Option<&'a str>,
    /// Header of the wave column (CSV) or `wave` (JSON), for where a wave
    /// label first appears.
    wave_column: Option<&'a str>,
}

/// What a [`Tally`] is about: the input's name and format, lenient or not,
/// and the headers errors name.
pub(crate) struct TallyOf<'a> {
    pub file: Option<&'a str>,
    pub format: &'a str,
    pub lenient: bool,
    pub respondent_column: Option<&'a str>,
    pub wave_column: Option<&'a str>,
}

impl<'a> Tally<'a> {
    pub(crate) fn new(of: TallyOf<'a>, rejects: RejectSink<'a>) -> Self {
        let TallyOf { file, format, lenient, respondent_column, wave_column } = of;
        Tally {
            summary: SourceSummary {
                file: file.map(str::to_owned),
                format: format.to_owned(),
                rows_in: 0,
                accepted: 0,
                rejected: 0,
                ..SourceSummary::default()
            },
            rejects,
            waiting: Vec::new(),
            last_row: 0,
            lenient,
            file,
            respondent_column,
            wave_column,
        }
    }

    fn duplicate(&self, d: Duplicate) -> Error {
        let mut location = Location::file(self.file).with_row(d.row);
        location.column = self.respondent_column.map(str::to_owned);
        Error::DuplicateRespondent { location, wave: d.wave, first_row: d.first_row, first_file: d.first_file }
    }

    /// Count a rejected row and hand it on, or keep it waiting while an
    /// earlier row is held back. A duplicate is never the first answer of
    /// its key (an earlier row has it), so only other rejected rows are
    /// noted for the guard's re-scan to skip.
    fn reject(&mut self, guard: &mut DuplicateGuard<'_>, row: u64, err: &Error) {
        self.summary.rejected += 1;
        if !matches!(err, Error::DuplicateRespondent { .. }) {
            guard.reject(row);
        }
        let rejected = RejectedRow::from_error(err);
        if guard.has_held() {
            self.waiting.push(rejected);
        } else {
            (self.rejects)(rejected);
        }
    }

    /// Account for one row: its validated record or its error. `Err` stops
    /// the read (strict mode, an error that is not a row error, or a failed
    /// re-scan).
    pub(crate) fn row(
        &mut self,
        guard: &mut DuplicateGuard<'_>,
        (row, at): (u64, u64),
        parsed: Result<RowView<'_>>,
        sink: &mut dyn FnMut(RowView<'_>),
        reread: Reread<'_>,
    ) -> Result<()> {
        self.summary.rows_in += 1;
        self.last_row = row;
        let err = match parsed {
            Ok(record) => match guard.check(row, at, &record) {
                Verdict::New => {
                    self.accept(guard, row, record, sink);
                    return Ok(());
                }
                Verdict::Held => {
                    if guard.should_settle(self.summary.rows_in, self.waiting.len()) {
                        self.settle(guard, row + 1, sink, reread)?;
                    }
                    return Ok(());
                }
                Verdict::Duplicate { wave, first_file, first_row } => {
                    self.duplicate(Duplicate { row, wave, first_file, first_row })
                }
            },
            Err(e) => e,
        };
        // Lenient mode skips exactly the errors `is_row_error` names.
        if !self.lenient || !err.is_row_error() {
            // The read stops before this row: it does not count afterwards.
            self.last_row = row.saturating_sub(1);
            // A held row before this one may be an earlier duplicate: the
            // error returned must be the first bad row.
            if !self.lenient
                && guard.has_held()
                && let Some(d) = guard.resolve(row)?.duplicates.into_iter().next()
            {
                return Err(self.duplicate(d));
            }
            return Err(err);
        }
        self.reject(guard, row, &err);
        if guard.has_held() && guard.should_settle(self.summary.rows_in, self.waiting.len()) {
            self.settle(guard, row + 1, sink, reread)?;
        }
        Ok(())
    }

    /// The error to return when a read stops at `err`. In strict mode a row
    /// held back before `err`'s row may be a duplicate, and then it is the
    /// first bad row and wins, as it does with exact keys (a plain reader
    /// stops there). `err` is returned as it is otherwise.
    pub(crate) fn stopped(&mut self, guard: &mut DuplicateGuard<'_>, err: Error) -> Error {
        if self.lenient || !guard.has_held() {
            return err;
        }
        let up_to = err.location().and_then(|l| l.row).unwrap_or(u64::MAX);
        match guard.resolve(up_to) {
            Ok(resolution) => resolution.duplicates.into_iter().next().map_or(err, |d| self.duplicate(d)),
            Err(rescan) => rescan,
        }
    }

    /// Resolve the held rows before `up_to`: reject the duplicates (strict
    /// mode: return the first), release the others to the sink; then hand
    /// on the rejected rows in row order.
    fn settle(
        &mut self,
        guard: &mut DuplicateGuard<'_>,
        up_to: u64,
        sink: &mut dyn FnMut(RowView<'_>),
        reread: Reread<'_>,
    ) -> Result<()> {
        let resolution = guard.resolve(up_to)?;
        for d in resolution.duplicates {
            let err = self.duplicate(d);
            if !self.lenient {
                return Err(err);
            }
            self.summary.rejected += 1;
            self.waiting.push(RejectedRow::from_error(&err));
        }
        for held in resolution.released {
            reread(&held, &mut |view| self.accept(guard, held.row, view, sink))?;
        }
        if !guard.has_held() {
            crate::util::sort::sort_by_key(&mut self.waiting, |r| r.row);
            for rejected in self.waiting.drain(..) {
                (self.rejects)(rejected);
            }
        }
        Ok(())
    }

    /// Count an accepted row, note its wave label and hand it to the sink.
    fn accept(
        &mut self,
        guard: &mut DuplicateGuard<'_>,
        row: u64,
        record: RowView<'_>,
        sink: &mut dyn FnMut(RowView<'_>),
    ) {
        let (file, column) = (self.file, self.wave_column);
        guard.note_wave(row, record.wave, || {
            let at = Location::file(file).with_row(row);
            match column {
                Some(c) => at.with_column(c),
                None => at,
            }
        });
        self.summary.accepted += 1;
        #[cfg(feature = "import")]
        for cell in record.bad_cells {
            self.summary.note_bad_cell(cell);
        }
        sink(record);
    }

    /// After the last row: resolve what is still held, so that every
    /// rejected row has been handed on, in row order.
    pub(crate) fn finish(
        &mut self,
        guard: &mut DuplicateGuard<'_>,
        sink: &mut dyn FnMut(RowView<'_>),
        reread: Reread<'_>,
    ) -> Result<()> {
        if self.summary.rows_in == 0 {
            return Err(Error::EmptyInput { location: Location::file(self.file) });
        }
        if guard.has_held() {
            self.settle(guard, u64::MAX, sink, reread)?;
        }
        Ok(())
    }

    /// Note how the source was read (an import profile).
    pub(crate) fn set_import(&mut self, note: Option<String>) {
        self.summary.import = note;
    }
}

/// Run a read that hands its rejected rows to a sink, and return them
/// collected, with its counts (what the public readers return).
pub(crate) fn collect_rejected(
    read: impl FnOnce(RejectSink<'_>) -> Result<SourceSummary>,
) -> Result<(SourceSummary, Vec<RejectedRow>)> {
    let mut rejected = Vec::new();
    let summary = read(&mut |r| rejected.push(r))?;
    Ok((summary, rejected))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::IngestOptions;
    use crate::ingest::response::Record;

    fn rec(wave: &str, id: &str) -> Record {
        Record {
            respondent: id.into(),
            side: Side::It,
            wave: wave.into(),
            segments: Default::default(),
            cells: Vec::new(),
        }
    }

    /// 200 rows; keys repeat from i = 150 on, and i and i − 150 share the
    /// wave's parity, so exactly rows i = 150..200 are duplicates.
    fn csv_rows() -> String {
        let mut s = String::from("respondent,side,wave\n");
        for i in 0..200u64 {
            let wave = if i % 2 == 0 { "2026-01" } else { "2026-02" };
            s.push_str(&format!("r{},it,{wave}\n", i % 150));
        }
        s
    }

    #[test]
    fn bloom_false_positives_are_released_and_true_duplicates_caught() {
        let data = csv_rows();
        // A 64-bit filter saturates quickly, so many new keys are held back.
        let mut g = DuplicateGuard::with_bloom_bits(6);
        g.begin_source(
            Some("t.csv"),
            Some(Rescan {
                scan: super::super::csv::scan_keys,
                origin: Origin::Bytes(data.as_bytes()),
                respondent: 0,
                wave: 2,
            }),
        );
        let mut accepted = 0;
        for i in 0..200u64 {
            let wave = if i % 2 == 0 { "2026-01" } else { "2026-02" };
            if let Verdict::New = g.check(i + 2, 0, &rec(wave, &format!("r{}", i % 150)).view()) {
                accepted += 1;
            }
        }
        assert!(g.has_held());
        assert!(accepted < 100, "a saturated filter holds most rows back (accepted {accepted})");
        let res = g.resolve(u64::MAX).unwrap();
        assert_eq!(res.duplicates.len(), 50);
        assert_eq!(accepted + res.released.len(), 150);
        assert!(res.duplicates.iter().all(|d| d.row - d.first_row == 150 && d.first_file.is_none()));
        assert!(res.released.windows(2).all(|w| w[0].row < w[1].row));
    }

    /// Rejected rows reach the sink in row order, duplicates found by a
    /// re-scan among them, exactly as an exact set of keys finds them.
    #[test]
    fn rejected_rows_are_streamed_in_row_order() {
        use crate::Instrument;
        use crate::ingest::csv::read_csv_bytes_with_guard;
        let mut data = String::from("respondent,side,wave,trust_1\n");
        // (row, code) as an exact set of the accepted keys decides.
        let mut want = Vec::new();
        let mut seen = HashSet::new();
        for i in 0..400u64 {
            let (row, wave, id) = (i + 2, if i % 2 == 0 { "2026-01" } else { "2026-02" }, format!("r{}", i % 150));
            let side = if i % 7 == 3 { "vendor" } else { "it" };
            data.push_str(&format!("{id},{side},{wave},4\n"));
            if side == "vendor" {
                want.push((row, "unknown_side"));
            } else if !seen.insert((wave, id)) {
                want.push((row, "duplicate_respondent"));
            }
        }
        let lenient = IngestOptions { lenient: true, ..IngestOptions::default() };
        // A saturated 64-bit filter holds most rows back: many re-scans.
        let mut guard = DuplicateGuard::with_bloom_bits(6);
        let (summary, rejected) =
            read_csv_bytes_with_guard(data.as_bytes(), None, &Instrument::default(), &lenient, &mut guard, &mut |_| {})
                .unwrap();
        let got: Vec<(u64, &str)> = rejected.iter().map(|r| (r.row, r.code.as_str())).collect();
        assert_eq!(got, want);
        assert_eq!((summary.rejected, summary.accepted), (want.len() as u64, 400 - want.len() as u64));
    }

    /// Rows rejected after a held-back row wait for it, but not for long:
    /// they count towards the resolution that held rows set off.
    #[test]
    fn rows_waiting_for_a_held_row_are_handed_on_before_the_end() {
        use crate::Instrument;
        use crate::ingest::csv::stream_csv_bytes;
        use std::cell::RefCell;
        let mut data = String::from("respondent,side,wave,trust_1\na,it,2026-01,4\na,it,2026-01,4\n");
        for i in 0..3000 {
            data.push_str(&format!("b{i},vendor,2026-01,4\n"));
        }
        data.push_str("z,it,2026-01,4\n");
        let lenient = IngestOptions { lenient: true, ..IngestOptions::default() };
        let rejected = RefCell::new(Vec::new());
        let handed_on_before_the_last_row = RefCell::new(0);
        let mut guard = DuplicateGuard::new();
        let summary = stream_csv_bytes(
            data.as_bytes(),
            None,
            &Instrument::default(),
            &lenient,
            &mut guard,
            (
                &mut |r: RowView<'_>| {
                    if r.respondent == "z" {
                        *handed_on_before_the_last_row.borrow_mut() = rejected.borrow().len();
                    }
                },
                &mut |r: RejectedRow| rejected.borrow_mut().push((r.row, r.code)),
            ),
            0,
        )
        .unwrap();
        let rejected = rejected.into_inner();
        assert_eq!(summary.rejected, 3001);
        assert_eq!(rejected[0], (3, "duplicate_respondent".to_owned()));
        assert!(rejected[1..].iter().map(|r| r.0).eq(4..3004));
        assert!(rejected[1..].iter().all(|r| r.1 == "unknown_side"));
        // 1,024 held and waiting rows set off the re-scan, which resolves the
        // held row; later rows are handed on at once. (Were waiting rows not
        // counted, all 3,001 would wait for the end of the input.)
        assert_eq!(handed_on_before_the_last_row.into_inner(), 3001);
    }

    #[test]
    fn held_rows_keep_their_trimmed_key() {
        for (wave, id) in [("", ""), ("w", "a"), (" 2026-03 ", " r 1"), ("Zürich · ✓", "")] {
            let r = rec(wave, id);
            let held = Held::new(7, 99, &r.view());
            assert_eq!(held.key(), (wave.trim(), id.trim()));
            assert_eq!((held.row, held.at, held.side), (7, 99, Side::It));
        }
    }

    #[test]
    fn row_runs_hold_sets_of_rows() {
        let mut runs = RowRuns::default();
        for row in [2, 3, 4, 9, 10, 20, 6] {
            runs.insert(row);
        }
        runs.insert(3);
        assert_eq!(runs.0, [(2, 4), (6, 6), (9, 10), (20, 20)]);
        let members: Vec<u64> = (0..25).filter(|&r| runs.contains(r)).collect();
        assert_eq!(members, [2, 3, 4, 6, 9, 10, 20]);
    }

    #[test]
    fn resolution_up_to_a_row_leaves_later_rows_held() {
        let data = csv_rows();
        let mut g = DuplicateGuard::with_bloom_bits(6);
        g.begin_source(
            None,
            Some(Rescan {
                scan: super::super::csv::scan_keys,
                origin: Origin::Bytes(data.as_bytes()),
                respondent: 0,
                wave: 2,
            }),
        );
        for i in 0..200u64 {
            let wave = if i % 2 == 0 { "2026-01" } else { "2026-02" };
            let _ = g.check(i + 2, 0, &rec(wave, &format!("r{}", i % 150)).view());
        }
        let early = g.resolve(100).unwrap();
        assert!(early.duplicates.is_empty(), "no key repeats before row 152");
        assert!(g.has_held());
        let rest = g.resolve(u64::MAX).unwrap();
        assert_eq!(rest.duplicates.len(), 50);
        assert_eq!(rest.duplicates[0].row, 152);
        assert_eq!(rest.duplicates[0].first_row, 2);
    }

    #[test]
    fn rejected_rows_are_never_the_first_answer() {
        let data = "respondent,side,wave\na,it,w\na,it,w\na,it,w\n";
        let mut g = DuplicateGuard::with_bloom_bits(6);
        g.begin_source(
            None,
            Some(Rescan {
                scan: super::super::csv::scan_keys,
                origin: Origin::Bytes(data.as_bytes()),
                respondent: 0,
                wave: 2,
            }),
        );
        // Row 2 was rejected for another reason; row 3 is then the first answer.
        g.reject(2);
        assert!(matches!(g.check(3, 0, &rec("w", "a").view()), Verdict::New));
        assert!(matches!(g.check(4, 0, &rec("w", " a ").view()), Verdict::Held), "keys are trimmed");
        let res = g.resolve(u64::MAX).unwrap();
        assert_eq!(res.duplicates.iter().map(|d| (d.row, d.first_row)).collect::<Vec<_>>(), [(4, 3)]);
    }

    #[test]
    fn a_forgotten_input_is_no_first_answer_in_either_mode() {
        // Exact keys (an input that cannot be read again).
        let mut g = DuplicateGuard::new();
        g.begin_source(Some("a.json"), None);
        assert!(matches!(g.check(2, 0, &rec("w", "a").view()), Verdict::New));
        g.begin_source(Some("b.json"), None);
        assert!(matches!(g.check(2, 0, &rec("w", "b").view()), Verdict::New));
        assert!(matches!(g.check(3, 0, &rec("v", "a").view()), Verdict::New));
        g.forget_last_input();
        assert_eq!(g.inputs(), 1);
        g.begin_source(Some("c.json"), None);
        assert!(matches!(g.check(2, 0, &rec("w", "b").view()), Verdict::New), "b.json is forgotten");
        assert!(matches!(g.check(3, 0, &rec("v", "a").view()), Verdict::New), "b.json is forgotten");
        assert!(
            matches!(g.check(4, 0, &rec("w", "a").view()), Verdict::Duplicate { first_row: 2, first_file: Some(ref f), .. } if f == "a.json"),
            "a.json is remembered"
        );

        // A re-readable input: its keys stay in the filter, the re-scan
        // no longer reads it, so the row is released.
        let first = "respondent,side,wave\nx,it,w\n";
        let again = "respondent,side,wave\ny,it,w\nx,it,w\n";
        let mut g = DuplicateGuard::with_bloom_bits(6);
        g.begin_source(
            None,
            Some(Rescan {
                scan: super::super::csv::scan_keys,
                origin: Origin::Bytes(first.as_bytes()),
                respondent: 0,
                wave: 2,
            }),
        );
        assert!(matches!(g.check(2, 0, &rec("w", "x").view()), Verdict::New));
        g.forget_last_input();
        g.begin_source(
            None,
            Some(Rescan {
                scan: super::super::csv::scan_keys,
                origin: Origin::Bytes(again.as_bytes()),
                respondent: 0,
                wave: 2,
            }),
        );
        let _ = g.check(2, 0, &rec("w", "y").view());
        assert!(matches!(g.check(3, 0, &rec("w", "x").view()), Verdict::Held), "still in the filter");
        let res = g.resolve(u64::MAX).unwrap();
        assert!(res.duplicates.is_empty(), "{:?}", res.duplicates.len());
        assert!(res.released.iter().any(|h| h.row == 3));
    }

    #[test]
    fn exact_mode_names_the_first_row_and_other_inputs() {
        let mut g = DuplicateGuard::new();
        g.begin_source(Some("a.json"), None);
        assert!(matches!(g.check(2, 0, &rec("w", "a").view()), Verdict::New));
        assert!(matches!(g.check(3, 0, &rec("v", "a").view()), Verdict::New));
        assert!(
            matches!(g.check(4, 0, &rec("w", "a").view()), Verdict::Duplicate { first_file: None, first_row: 2, .. }),
            "same input: no file named"
        );
        g.end_source(4);
        g.begin_source(Some("b.json"), None);
        match g.check(7, 0, &rec("v", "a").view()) {
            Verdict::Duplicate { first_file, first_row, .. } => {
                assert_eq!((first_file.as_deref(), first_row), (Some("a.json"), 3))
            }
            _ => panic!("expected a duplicate"),
        }
        assert!(g.bloom.is_none(), "no filter without re-readable inputs");
    }

    #[test]
    fn filter_size_follows_small_inputs() {
        assert_eq!(DuplicateGuard::for_input_len(10).bloom_bits_log2, MIN_BLOOM_BITS_LOG2);
        assert_eq!(DuplicateGuard::for_input_len(1 << 20).bloom_bits_log2, 21);
        assert_eq!(DuplicateGuard::for_input_len(usize::MAX).bloom_bits_log2, DEFAULT_BLOOM_BITS_LOG2);
        assert_eq!(DuplicateGuard::new().bloom_bits_log2, DEFAULT_BLOOM_BITS_LOG2);
        // A guard of its own sizes its filter from the first re-readable input.
        let sized = |lens: &[u64]| {
            let mut g = DuplicateGuard::new();
            for &len in lens {
                g.expect_input(len);
                g.bloom.get_or_insert_with(|| Bloom::new(g.bloom_bits_log2));
            }
            g.bloom_bits_log2
        };
        assert_eq!(sized(&[1000]), DEFAULT_BLOOM_BITS_LOG2);
        assert_eq!(sized(&[(1 << 26) + 1]), 27);
        assert_eq!(sized(&[1 << 40]), LARGE_BLOOM_BITS_LOG2);
        assert_eq!(sized(&[1000, 1 << 40]), DEFAULT_BLOOM_BITS_LOG2, "only before the filter is allocated");
        let mut tiny = DuplicateGuard::with_bloom_bits(6);
        tiny.expect_input(1 << 40);
        assert_eq!(tiny.bloom_bits_log2, 6);
    }

    #[test]
    fn hashes_are_deterministic() {
        // Pinned values: the same on every run and platform (a change here
        // changes which rows are held back, never which are duplicates).
        // Values from an independent Python implementation of FNV-1a + SplitMix64.
        assert_eq!(hash_key("2026-01", "r1"), (0xeb77_7b77_737c_f832, 0xcda9_191e_3e6f_e87b));
        assert_ne!(hash_key("2026-01", "r1"), hash_key("2026-0", "1r1"), "the separator keeps parts apart");
        assert_eq!(splitmix64(0), 0, "SplitMix64's finalizer fixes zero");
        assert_eq!(splitmix64(1), 0x5692_161d_100b_05e5);
        let mut b = Bloom::new(10);
        assert!(!b.insert("w", "a"));
        assert!(b.insert("w", "a"));
        assert!(b.contains("w", "a"));
    }
}
