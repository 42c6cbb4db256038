//! The native half of the Python package `rapport` (`rapport._rapport`).
//!
//! This crate only translates: Python values and numpy arrays into the core's
//! types, the core's results and errors back. Every figure is computed by the
//! `rapport` core crate, exactly as for the `rapport` command line. The
//! Pythonic API (pandas DataFrames, keyword options, pickling, HTML display)
//! is the pure-Python package around it (`python/rapport/__init__.py`); this
//! module's own interface is typed in `python/rapport/_rapport.pyi`.
//!
//! Bulk answers arrive as numpy arrays (`float64` answers, `int32` category
//! codes, a boolean not-applicable mask) and are copied once, with the GIL
//! held, into the core's columnar form ([`rapport::aggregate::columnar`]); validation,
//! aggregation and report building then run with the GIL released. Text
//! columns (numpy object arrays of `str`) become those codes through
//! `factorize::factorize`, a one-pass replacement for `pandas.factorize`.
//!
//! Report tables leave the same way, typed: [`rapport::report::tables`] builds them
//! and `tables` hands each column over as a numpy array (floats, integers
//! and booleans with a null mask) or a list (text, lists).

mod error;
mod factorize;
mod instrument;
mod report;
mod responses;
mod tables;

use pyo3::prelude::*;

/// The native module. Everything here is re-exported, with a friendlier
/// face, by the `rapport` package.
#[pymodule]
fn _rapport(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    m.add("REPORT_SCHEMA_VERSION", rapport::REPORT_SCHEMA_VERSION)?;
    // The core's error categories by name (`rapport.errors` has a class for each).
    let categories = rapport::ErrorCategory::ALL.iter().map(|c| c.name());
    m.add("ERROR_CATEGORIES", pyo3::types::PyTuple::new(m.py(), categories)?)?;
    m.add("TABLE_NAMES", rapport::report::tables::NAMES.to_vec())?;
    m.add_class::<instrument::Instrument>()?;
    m.add_class::<responses::Responses>()?;
    m.add_class::<report::Report>()?;
    m.add_function(wrap_pyfunction!(report::score, m)?)?;
    m.add_function(wrap_pyfunction!(responses::column_roles, m)?)?;
    m.add_function(wrap_pyfunction!(responses::sample_columns, m)?)?;
    m.add_function(wrap_pyfunction!(factorize::factorize, m)?)?;
    Ok(())
}
