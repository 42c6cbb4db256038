//! `factorize`: a text column (a numpy object array of `str`) as int32 codes
//! and labels in order of first appearance — what `pandas.factorize` gives,
//! without one Python-level hash-table step per row.
//!
//! This is data conversion, not statistics: the codes and labels then cross
//! into the core as any other categories do.
//!
//! Two lookups:
//!
//! * **by object**: `pandas.read_csv` hands out one `str` object per
//!   distinct value of a column many times over (the parser interns values
//!   per chunk), so most rows are the previous row's object or one of a few
//!   hundred objects already seen. These are found by address, without
//!   hashing or comparing text, in a small direct-mapped table. Addresses
//!   are stable: the array holds a reference to each of its objects, it
//!   stays borrowed for the whole call, and nothing in the loop runs Python
//!   code (only `str` hashes and comparisons, and type checks).
//! * **by content**, for objects not found by address: Python's own hash of
//!   the `str` (computed once and kept in the object by CPython) and `==`,
//!   so two distinct objects with equal text get one code, exactly as in
//!   `pandas.factorize`. A column of distinct objects (respondent ids, one
//!   object per row) is read this way.
//!
//! Missing values are `None`, a float NaN (`float("nan")`, `numpy.nan`, a
//! `numpy.float64` NaN) and the `na` object given (`pandas.NA`): code -1.
//! Any other value (a number, a `str` subclass, a timestamp …) stops the
//! scan and the caller falls back to `pandas.factorize`, whose labels keep
//! the package's existing rules for non-text values.
//!
//! Every step touches Python objects (hashing, comparing, counting
//! references), so the GIL is held throughout; the call is one pass over the
//! column.

use numpy::{PyArray1, PyReadonlyArray1};
use pyo3::prelude::*;
use pyo3::types::{PyFloat, PyList, PyString};
use std::collections::HashMap;
use std::collections::hash_map::Entry;
use std::hash::{BuildHasherDefault, Hasher};

/// Slots of the by-address cache (a power of two): a few hundred objects
/// are typical of a low-cardinality column read by `pandas.read_csv`.
const OBJECT_SLOTS_LOG2: u32 = 10;

/// A hasher for keys that are already integers (addresses, Python hashes):
/// one multiplication spreads them over the table's bits.
#[derive(Default)]
struct MixHasher(u64);

impl Hasher for MixHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0.rotate_left(5) ^ u64::from(b)).wrapping_mul(0x9E37_79B9_7F4A_7C15);
        }
    }
    fn write_u64(&mut self, n: u64) {
        self.0 = (self.0.rotate_left(5) ^ n).wrapping_mul(0x9E37_79B9_7F4A_7C15);
    }
    fn write_usize(&mut self, n: usize) {
        self.write_u64(n as u64);
    }
    fn write_u32(&mut self, n: u32) {
        self.write_u64(u64::from(n));
    }
}

type MixMap<K, V> = HashMap<K, V, BuildHasherDefault<MixHasher>>;

/// Labels found so far, by content.
struct Labels<'py> {
    /// The first object seen for each code.
    labels: Vec<Bound<'py, PyAny>>,
    /// The low 32 bits of a Python hash → the first code with them (32
    /// bits keep the table small, hence mostly in cache, for the hundreds of
    /// thousands of labels of an id column; the text is compared anyway).
    by_hash: MixMap<u32, i32>,
    /// The next code with the same key (distinct texts whose hashes agree in
    /// those bits), or -1.
    next: Vec<i32>,
}

impl<'py> Labels<'py> {
    /// The code of an exact `str`, new or found; `None` past `i32::MAX` labels.
    fn code(&mut self, s: &Bound<'py, PyAny>) -> PyResult<Option<i32>> {
        let key = s.hash()? as u32; // truncation intended
        let mut tail = match self.by_hash.entry(key) {
            Entry::Vacant(e) => {
                let Some(code) = push(&mut self.labels, &mut self.next, s) else { return Ok(None) };
                e.insert(code);
                return Ok(Some(code));
            }
            Entry::Occupied(e) => *e.get(),
        };
        loop {
            let label = &self.labels[tail as usize];
            if label.is(s) || label.eq(s)? {
                return Ok(Some(tail));
            }
            match self.next[tail as usize] {
                -1 => break,
                n => tail = n,
            }
        }
        let Some(code) = push(&mut self.labels, &mut self.next, s) else { return Ok(None) };
        self.next[tail as usize] = code;
        Ok(Some(code))
    }
}

fn push<'py>(labels: &mut Vec<Bound<'py, PyAny>>, next: &mut Vec<i32>, s: &Bound<'py, PyAny>) -> Option<i32> {
    let code = i32::try_from(labels.len()).ok()?;
    labels.push(s.clone());
    next.push(-1);
    Some(code)
}

/// Factorize a 1-D object array of `str` (missing: `None`, float NaN, `na`)
/// into `(int32 codes, labels)` — codes -1 for missing, labels in order of
/// first appearance, as `pandas.factorize` gives them. Returns `None` when a
/// value is neither text nor missing (the caller then uses pandas).
#[pyfunction]
#[allow(clippy::type_complexity)] // (codes, labels), typed in _rapport.pyi
pub fn factorize<'py>(
    py: Python<'py>,
    values: PyReadonlyArray1<'py, Py<PyAny>>,
    na: &Bound<'py, PyAny>,
) -> PyResult<Option<(Bound<'py, PyArray1<i32>>, Bound<'py, PyList>)>> {
    let view = values.as_array();
    let mut codes: Vec<i32> = Vec::with_capacity(view.len());
    let mut labels = Labels { labels: Vec::new(), by_hash: MixMap::default(), next: Vec::new() };
    // (address, code) of objects seen, in a direct-mapped table (a newer
    // object takes the slot of an older one; address 0 is no object).
    let mut by_object = vec![(0usize, 0i32); 1 << OBJECT_SLOTS_LOG2];
    // The previous row's object (held by the array) and code.
    let mut last: Option<(&Py<PyAny>, i32)> = None;
    for item in view.iter() {
        if let Some((object, code)) = last
            && object.is(item)
        {
            codes.push(code);
            continue;
        }
        let value = item.bind(py);
        let address = value.as_ptr() as usize;
        let slot = (address as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15) >> (64 - OBJECT_SLOTS_LOG2);
        let code = match by_object[slot as usize] {
            (a, code) if a == address => code,
            _ => {
                let code = if value.is_exact_instance_of::<PyString>() {
                    match labels.code(value)? {
                        Some(code) => code,
                        None => return Ok(None),
                    }
                } else if value.is_none() || value.is(na) {
                    -1
                } else if let Ok(f) = value.cast::<PyFloat>()
                    && f.value().is_nan()
                {
                    -1
                } else {
                    return Ok(None);
                };
                by_object[slot as usize] = (address, code);
                code
            }
        };
        codes.push(code);
        last = Some((item, code));
    }
    Ok(Some((PyArray1::from_vec(py, codes), PyList::new(py, labels.labels)?)))
}
