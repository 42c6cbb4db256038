//! The core's errors as Python exceptions.
//!
//! The exception classes live in Python (`rapport.errors`: `RapportError`, a
//! `ValueError`, with one subclass per error category: `InputError`,
//! `InstrumentError`, `MappingError`, `OptionsError`, `ActionLogError`,
//! `PrivacyError`, `IoError`, `DocumentError`) so that they have ordinary
//! docstrings, signatures and types. Here an error becomes the class of its
//! category (`rapport.errors._class_for(category)`, the base class for a
//! category the Python package does not know), carrying the core's stable
//! `code` and `category` and the `file`, `row`, `column` and `item` of its
//! location. No variant is listed: a new core error needs no change here.

use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use pyo3::types::PyDict;

/// Build the Python exception for a core error.
pub fn to_py(e: rapport::Error) -> PyErr {
    Python::attach(|py| build(py, &e).unwrap_or_else(|_| PyValueError::new_err(format!("[{}] {e}", e.code()))))
}

fn build(py: Python<'_>, e: &rapport::Error) -> PyResult<PyErr> {
    let category = e.category().name();
    let class = py.import("rapport.errors")?.getattr("_class_for")?.call1((category,))?;
    let kwargs = PyDict::new(py);
    kwargs.set_item("code", e.code())?;
    kwargs.set_item("category", category)?;
    kwargs.set_item("file", e.file())?;
    let loc = e.location();
    kwargs.set_item("row", loc.and_then(|l| l.row))?;
    kwargs.set_item("column", loc.and_then(|l| l.column.as_deref()))?;
    kwargs.set_item("item", loc.and_then(|l| l.item.as_deref()))?;
    let value = class.call((e.to_string(),), Some(&kwargs))?;
    Ok(PyErr::from_value(value))
}

/// `Result` of the core into `PyResult`.
pub trait IntoPy<T> {
    /// Map the error to its Python exception.
    fn py_err(self) -> PyResult<T>;
}

impl<T> IntoPy<T> for rapport::Result<T> {
    fn py_err(self) -> PyResult<T> {
        self.map_err(to_py)
    }
}
