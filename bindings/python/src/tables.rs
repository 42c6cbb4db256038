//! The core's report tables ([`rapport::report::tables`]) as Python values, column
//! by column: the Python package only wraps them in a DataFrame and sets the
//! dtypes. A table is a dict of column name → `(type, values)`, `type` being
//! the core's name of the column's type:
//!
//! | type | values |
//! | --- | --- |
//! | float | `numpy.ndarray[float64]`, NaN for null |
//! | int | `(numpy.ndarray[int64], numpy.ndarray[bool])`: values and the null mask (`pandas.arrays.IntegerArray`) |
//! | bool | `(numpy.ndarray[bool], numpy.ndarray[bool])`: values and the null mask (`pandas.arrays.BooleanArray`) |
//! | text, wave | `list[str \| None]` (a wave column's order is the report's `waves`) |

use numpy::PyArray1;
use pyo3::prelude::*;
use pyo3::types::PyDict;
use rapport::report::tables::{ColumnValues, Table};

/// Values and null mask of a column of optional values.
fn masked<T: Copy + Default>(values: &[Option<T>]) -> (Vec<T>, Vec<bool>) {
    values.iter().map(|v| (v.unwrap_or_default(), v.is_none())).unzip()
}

/// A table as a dict of column name → (type, values), in column order.
pub fn to_py<'py>(py: Python<'py>, table: Table) -> PyResult<Bound<'py, PyDict>> {
    let out = PyDict::new(py);
    for column in table.columns {
        let kind = column.values.type_name();
        let value = match column.values {
            ColumnValues::Float(v) => {
                PyArray1::from_vec(py, v.into_iter().map(|x| x.unwrap_or(f64::NAN)).collect()).into_any()
            }
            ColumnValues::Int(v) => {
                let (values, mask) = masked(&v);
                (PyArray1::from_vec(py, values), PyArray1::from_vec(py, mask)).into_pyobject(py)?.into_any()
            }
            ColumnValues::Bool(v) => {
                let (values, mask) = masked(&v);
                (PyArray1::from_vec(py, values), PyArray1::from_vec(py, mask)).into_pyobject(py)?.into_any()
            }
            ColumnValues::Text(v) | ColumnValues::Wave(v) => v.into_pyobject(py)?.into_any(),
        };
        out.set_item(column.name, (kind, value))?;
    }
    Ok(out)
}
