//! `Report` and `score`: the core's report, built with the GIL released.

use crate::error::{IntoPy, to_py};
use crate::responses::Responses;
use pyo3::prelude::*;
use rapport::render::text::{TextOptions, scorecard};
use rapport::{IngestOptions, ScoreOptions, Scorer};
use std::sync::Arc;

/// A scored report (the core's `Report`, immutable).
#[pyclass(module = "rapport._rapport", frozen)]
pub struct Report {
    inner: Arc<rapport::Report>,
}

impl Report {
    /// A report built elsewhere in the bindings.
    pub fn wrap(report: rapport::Report) -> Self {
        Report { inner: Arc::new(report) }
    }
}

#[pymethods]
impl Report {
    /// Parse a report from its JSON form (`to_json`).
    #[staticmethod]
    fn from_json(py: Python<'_>, text: String) -> PyResult<Self> {
        let report = py.detach(move || rapport::Report::from_json(&text)).map_err(to_py)?;
        Ok(Report { inner: Arc::new(report) })
    }

    /// The report as pretty-printed JSON (the command line's `--format json`).
    fn to_json(&self, py: Python<'_>) -> String {
        let inner = self.inner.clone();
        py.detach(move || inner.to_json())
    }

    /// The standalone HTML report (the command line's `--format html`).
    fn to_html(&self, py: Python<'_>) -> String {
        let inner = self.inner.clone();
        py.detach(move || rapport::render::html::report(&inner))
    }

    /// A compact HTML fragment of the latest wave with its charts (for
    /// notebooks; styles scoped, no script).
    #[pyo3(signature = (id_prefix=""))]
    fn summary_html(&self, py: Python<'_>, id_prefix: &str) -> String {
        let inner = self.inner.clone();
        let id_prefix = id_prefix.to_owned();
        py.detach(move || rapport::render::html::summary(&inner, &id_prefix))
    }

    /// The terminal scorecard (the command line's default output), plain text.
    #[pyo3(signature = (width=100))]
    fn scorecard(&self, width: usize) -> String {
        scorecard(&self.inner, &TextOptions { color: false, width })
    }

    /// One of the core's report tables (`rapport::report::tables`) as a dict of
    /// column name → (type, values) (see `tables.rs` for each type's form); raises
    /// `RapportError` (code `invalid_argument`) for a name not in `TABLE_NAMES`.
    fn table<'py>(&self, py: Python<'py>, name: &str) -> PyResult<Bound<'py, pyo3::types::PyDict>> {
        let inner = self.inner.clone();
        let name = name.to_owned();
        let table = py.detach(move || inner.table_named(&name)).py_err()?;
        crate::tables::to_py(py, table)
    }

    /// Wave labels in the report's time order.
    #[getter]
    fn waves(&self) -> Vec<String> {
        self.inner.waves.iter().map(|w| w.wave.clone()).collect()
    }

    /// Version of the report's JSON form.
    #[getter]
    fn schema_version(&self) -> u32 {
        self.inner.schema_version
    }
}

/// Score validated responses with options given as JSON (the core's
/// `ScoreOptions`; absent names keep their defaults), and follow up an
/// action log (JSON) when one is given.
#[pyfunction]
#[pyo3(signature = (responses, options_json, action_log_json=None))]
pub fn score(
    py: Python<'_>,
    responses: &Responses,
    options_json: &str,
    action_log_json: Option<&str>,
) -> PyResult<Report> {
    let log = action_log_json.map(rapport::ActionLog::from_json).transpose().py_err()?;
    let options = ScoreOptions::from_json(options_json).py_err()?;
    // `by` given: a field the data does not have is an error, not a note.
    let by_given = ScoreOptions::json_names(options_json).iter().any(|n| n == "by");
    let instrument = responses.instrument.inner.clone();
    let data = responses.shared();
    let intake = responses.intake.clone();
    let report = py
        .detach(move || -> rapport::Result<rapport::Report> {
            let mut scorer = Scorer::new(&instrument, &options, IngestOptions::default())?;
            if by_given {
                scorer.require_by_fields();
            }
            data.feed(&mut scorer, intake)?;
            match &log {
                Some(log) => scorer.report_with_log(log),
                None => scorer.report(),
            }
        })
        .py_err()?;
    Ok(Report { inner: Arc::new(report) })
}
