//! Catching a respondent who answered one wave twice, in bounded memory.
//!
//! The key is (wave, respondent). An exact set of every key grows with the
//! number of respondents, which would break the promise that a file is scored
//! in memory independent of its length. For re-readable sources (files, byte
//! slices) rapport therefore keeps a fixed-size Bloom filter (8 MiB, four
//! hash functions by double hashing) of the keys accepted so far:
//!
//! * a key the filter has never seen is new: the row is accepted at once;
//! * a key the filter may have seen is *held back* (the validated record,
//!   its row and key are kept aside) — a true duplicate or a false positive
//!   (about 1 in 90,000 rows at a million keys);
//! * at the end (or, in strict mode, at the first other error, so that "the
//!   first bad row" stays the first), one re-scan of the source reads only
//!   the wave and respondent columns and finds, for every held key, the first
//!   row that carries it. A held row is a duplicate when an earlier row has
//!   its key; otherwise its record is released to the scorer.
//!
//! Sources that cannot be re-read (a plain `Read`, such as stdin) and JSON
//! (already in memory) use an exact map instead; its memory grows with the
//! number of respondents, which the docs of those entry points say.

use crate::response::Record;
use std::collections::{HashMap, HashSet};
use std::hash::BuildHasher;

/// Default Bloom filter size: 2^26 bits = 8 MiB.
const BLOOM_BITS_LOG2: u32 = 26;
const HASHES: u64 = 4;

/// A deterministic 64-bit hash of a key (FNV-1a over both parts, then a
/// SplitMix64 finalizer), independent of the process's random state.
fn hash_key(wave: &str, respondent: &str, seed: u64) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325 ^ seed;
    for b in wave.bytes().chain(std::iter::once(0xff)).chain(respondent.bytes()) {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    h = (h ^ (h >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    h = (h ^ (h >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    h ^ (h >> 31)
}

/// A fixed-size Bloom filter of (wave, respondent) keys.
pub(crate) struct Bloom {
    bits: Vec<u64>,
    mask: u64,
}

impl Bloom {
    pub(crate) fn new(bits_log2: u32) -> Self {
        let bits = 1u64 << bits_log2;
        Bloom { bits: vec![0; (bits / 64) as usize], mask: bits - 1 }
    }

    /// Insert; returns whether the key may have been present before.
    fn insert(&mut self, wave: &str, respondent: &str) -> bool {
        let h1 = hash_key(wave, respondent, 0);
        let h2 = hash_key(wave, respondent, 0x9e37_79b9_7f4a_7c15) | 1;
        let mut present = true;
        for i in 0..HASHES {
            let bit = h1.wrapping_add(i.wrapping_mul(h2)) & self.mask;
            let (w, b) = ((bit / 64) as usize, bit % 64);
            if self.bits[w] & (1 << b) == 0 {
                present = false;
                self.bits[w] |= 1 << b;
            }
        }
        present
    }
}

/// A row held back because its key may already have been seen.
pub(crate) struct Held {
    pub row: u64,
    pub record: Record,
}

/// What the guard says about a row.
pub(crate) enum Verdict {
    /// New key: accept the record now.
    New(Record),
    /// Exact mode: a duplicate of `first_row`.
    Duplicate { first_row: u64 },
    /// Bloom mode: held back until [`DuplicateGuard::resolve`].
    Held,
}

/// Exact (map) or bounded (Bloom + held rows) duplicate detection.
pub(crate) enum DuplicateGuard {
    Exact(HashMap<(String, String), u64, FixedState>),
    Bloom { filter: Bloom, held: Vec<Held> },
}

/// A fixed hasher state so runs are reproducible.
#[derive(Clone, Copy, Default)]
pub(crate) struct FixedState;

impl BuildHasher for FixedState {
    type Hasher = std::collections::hash_map::DefaultHasher;
    fn build_hasher(&self) -> Self::Hasher {
        std::collections::hash_map::DefaultHasher::default()
    }
}

/// A visitor of (row, wave, respondent) for every accepted or held row.
pub(crate) type KeyVisitor<'a> = dyn FnMut(u64, &str, &str) + 'a;
/// A re-scan of the source that feeds every accepted or held row to a visitor.
pub(crate) type Rescan<'a> = dyn FnMut(&mut KeyVisitor<'_>) -> crate::Result<()> + 'a;

/// The outcome of resolving held rows.
pub(crate) struct Resolution {
    /// Held rows that are not duplicates, in row order.
    pub released: Vec<Held>,
    /// Duplicates: (row, first row with the same key, wave), in row order.
    pub duplicates: Vec<(u64, u64, String)>,
}

impl DuplicateGuard {
    pub(crate) fn exact() -> Self {
        DuplicateGuard::Exact(HashMap::with_hasher(FixedState))
    }

    pub(crate) fn bounded() -> Self {
        Self::bloom(BLOOM_BITS_LOG2)
    }

    pub(crate) fn bloom(bits_log2: u32) -> Self {
        DuplicateGuard::Bloom { filter: Bloom::new(bits_log2), held: Vec::new() }
    }

    pub(crate) fn check(&mut self, row: u64, record: Record) -> Verdict {
        match self {
            DuplicateGuard::Exact(map) => {
                let key = (record.wave.clone(), record.respondent.clone());
                if let Some(&first_row) = map.get(&key) {
                    return Verdict::Duplicate { first_row };
                }
                map.insert(key, row);
                Verdict::New(record)
            }
            DuplicateGuard::Bloom { filter, held } => {
                if filter.insert(&record.wave, &record.respondent) {
                    held.push(Held { row, record });
                    Verdict::Held
                } else {
                    Verdict::New(record)
                }
            }
        }
    }

    /// Rows held back so far.
    pub(crate) fn has_held(&self) -> bool {
        matches!(self, DuplicateGuard::Bloom { held, .. } if !held.is_empty())
    }

    /// Resolve held rows with a re-scan. `scan` must call its argument for
    /// every row of the source that was accepted or held (not rows rejected
    /// for other reasons), in row order, with (row, wave, respondent), and may
    /// stop after `up_to`. Only held rows before `up_to` are resolved; later
    /// ones stay held.
    pub(crate) fn resolve(&mut self, up_to: u64, scan: &mut Rescan<'_>) -> crate::Result<Resolution> {
        let DuplicateGuard::Bloom { held, .. } = self else {
            return Ok(Resolution { released: Vec::new(), duplicates: Vec::new() });
        };
        let (now, later): (Vec<Held>, Vec<Held>) = std::mem::take(held).into_iter().partition(|h| h.row < up_to);
        *held = later;
        if now.is_empty() {
            return Ok(Resolution { released: Vec::new(), duplicates: Vec::new() });
        }
        let keys: HashSet<(String, String), FixedState> =
            now.iter().map(|h| (h.record.wave.clone(), h.record.respondent.clone())).collect();
        let mut first: HashMap<(String, String), u64, FixedState> = HashMap::with_hasher(FixedState);
        scan(&mut |row, wave, respondent| {
            let key = (wave.to_owned(), respondent.to_owned());
            if keys.contains(&key) {
                first.entry(key).or_insert(row);
            }
        })?;
        let mut released = Vec::new();
        let mut duplicates = Vec::new();
        for h in now {
            let key = (h.record.wave.clone(), h.record.respondent.clone());
            match first.get(&key) {
                Some(&f) if f < h.row => duplicates.push((h.row, f, h.record.wave.clone())),
                _ => released.push(h),
            }
        }
        Ok(Resolution { released, duplicates })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::response::Side;

    fn rec(wave: &str, id: &str) -> Record {
        Record {
            respondent: id.into(),
            side: Side::It,
            wave: wave.into(),
            segments: Default::default(),
            cells: Vec::new(),
        }
    }

    #[test]
    fn bloom_false_positives_are_released_and_true_duplicates_caught() {
        // A 64-bit filter saturates quickly, so many new keys are held back.
        let mut g = DuplicateGuard::bloom(6);
        let rows: Vec<(u64, &str, String)> = (0..200u64)
            .map(|i| (i + 2, if i % 2 == 0 { "2026-01" } else { "2026-02" }, format!("r{}", i % 150)))
            .collect();
        let mut accepted = 0;
        for (row, wave, id) in &rows {
            if let Verdict::New(_) = g.check(*row, rec(wave, id)) {
                accepted += 1;
            }
        }
        assert!(g.has_held());
        let res = g
            .resolve(u64::MAX, &mut |f| {
                for (row, wave, id) in &rows {
                    f(*row, wave, id);
                }
                Ok(())
            })
            .unwrap();
        // Keys repeat from i = 150 on; i and i − 150 share wave parity, so all 50 are duplicates.
        assert_eq!(res.duplicates.len(), 50);
        assert_eq!(accepted + res.released.len(), 150);
        assert!(res.duplicates.iter().all(|(row, first, _)| row - first == 150));
    }

    #[test]
    fn exact_mode_names_the_first_row() {
        let mut g = DuplicateGuard::exact();
        assert!(matches!(g.check(2, rec("w", "a")), Verdict::New(_)));
        assert!(matches!(g.check(3, rec("v", "a")), Verdict::New(_)));
        assert!(matches!(g.check(4, rec("w", "a")), Verdict::Duplicate { first_row: 2 }));
    }
}
