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
//! and booleans with a null mask) or a list (text and wave labels).

mod aggregates;
mod error;
mod factorize;
mod instrument;
mod privacy;
mod report;
mod respondents;
mod responses;
mod tables;

use pyo3::prelude::*;

/// The text of a file (an instrument, a mapping, an action log); a file that
/// cannot be read, or is not UTF-8, is the core's `io` error naming it.
#[pyfunction]
fn read_text(py: Python<'_>, path: std::path::PathBuf) -> PyResult<String> {
    let name = path.display().to_string();
    py.detach(|| std::fs::read_to_string(&path))
        .map_err(|e| error::to_py(rapport::Error::Io { path: name, message: e.to_string() }))
}

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
    m.add("TABLES_SCHEMA_VERSION", rapport::report::tables::SCHEMA_VERSION)?;
    // The core's scoring options by name, and their short names (alias → option).
    m.add("SCORE_OPTION_NAMES", pyo3::types::PyTuple::new(m.py(), rapport::ScoreOptions::names())?)?;
    m.add("SCORE_OPTION_DEFAULTS", serde_json::to_string(&rapport::ScoreOptions::default()).unwrap_or_default())?;
    m.add(
        "SCORE_OPTION_ALIASES",
        rapport::ScoreOptions::ALIASES.iter().copied().collect::<std::collections::HashMap<_, _>>(),
    )?;
    m.add("SAMPLE_OPTION_NAMES", pyo3::types::PyTuple::new(m.py(), rapport::sample::SampleOptions::names())?)?;
    m.add_class::<instrument::Instrument>()?;
    m.add_class::<responses::Responses>()?;
    m.add_class::<report::Report>()?;
    m.add_class::<aggregates::Aggregates>()?;
    m.add_function(wrap_pyfunction!(aggregates::aggregate, m)?)?;
    m.add_function(wrap_pyfunction!(report::score, m)?)?;
    m.add_function(wrap_pyfunction!(responses::column_roles, m)?)?;
    m.add_function(wrap_pyfunction!(responses::starter_mapping, m)?)?;
    m.add_function(wrap_pyfunction!(privacy::privacy_plan, m)?)?;
    m.add_function(wrap_pyfunction!(responses::sample_columns, m)?)?;
    m.add_function(wrap_pyfunction!(factorize::factorize, m)?)?;
    m.add_function(wrap_pyfunction!(read_text, m)?)?;
    Ok(())
}
