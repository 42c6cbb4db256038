//! `Aggregates`: a scorer's saved state (the core's `SavedAggregates`, the
//! bytes of a `.agg` file), made from responses, merged, saved and reported
//! with the GIL released. The statistics and the merge rules are the core's.

use crate::error::IntoPy;
use crate::report::Report;
use crate::responses::Responses;
use pyo3::prelude::*;
use pyo3::types::PyBytes;
use rapport::{IngestOptions, RespondentKeys, SavedAggregates, ScoreOptions, Scorer};
use std::sync::Arc;

/// Saved aggregates (immutable: merging makes new ones).
#[pyclass(module = "rapport._rapport", frozen)]
pub struct Aggregates {
    inner: Arc<SavedAggregates>,
}

#[pymethods]
impl Aggregates {
    /// Read the bytes of a `.agg` file (`name` names them in errors).
    #[staticmethod]
    #[pyo3(signature = (data, name=None))]
    fn from_bytes(py: Python<'_>, data: Vec<u8>, name: Option<String>) -> PyResult<Self> {
        let saved = py.detach(move || SavedAggregates::from_bytes(&data, name.as_deref())).py_err()?;
        Ok(Aggregates { inner: Arc::new(saved) })
    }

    /// The bytes of a `.agg` file.
    fn to_bytes<'py>(&self, py: Python<'py>) -> Bound<'py, PyBytes> {
        let inner = self.inner.clone();
        let bytes = py.detach(move || inner.to_bytes());
        PyBytes::new(py, &bytes)
    }

    /// These aggregates and `others`, merged in order (`names` name the
    /// others in errors).
    fn merge(&self, py: Python<'_>, others: Vec<PyRef<'_, Aggregates>>, names: Vec<String>) -> PyResult<Self> {
        let parts: Vec<Arc<SavedAggregates>> = others.iter().map(|o| o.inner.clone()).collect();
        let first = self.inner.clone();
        let merged = py
            .detach(move || -> rapport::Result<SavedAggregates> {
                let mut merged = (*first).clone();
                for (part, name) in parts.iter().zip(names.iter().map(String::as_str).chain(std::iter::repeat(""))) {
                    merged.merge((**part).clone(), name)?;
                }
                Ok(merged)
            })
            .py_err()?;
        Ok(Aggregates { inner: Arc::new(merged) })
    }

    /// The report, with report options given as JSON over the aggregates'
    /// own (`by` and the other aggregation options must be theirs), and the
    /// follow-up of an action log (JSON) when one is given.
    #[pyo3(signature = (options_json, action_log_json=None))]
    fn report(&self, py: Python<'_>, options_json: &str, action_log_json: Option<&str>) -> PyResult<Report> {
        let log = action_log_json.map(rapport::ActionLog::from_json).transpose().py_err()?;
        let options = ScoreOptions::from_json_over(self.inner.aggregates.options(), options_json).py_err()?;
        let by_given = ScoreOptions::json_names(options_json).iter().any(|n| n == "by");
        let inner = self.inner.clone();
        let report = py
            .detach(move || -> rapport::Result<rapport::Report> {
                let mut saved = (*inner).clone();
                saved.set_options(&options, "the aggregates")?;
                if by_given {
                    // As for responses: a named field the data lacks is an error.
                    saved.aggregates.check_by()?;
                }
                let mut report = rapport::Report::build(&saved.aggregates, saved.intake.clone())?;
                if let Some(log) = &log {
                    report.follow_up(saved.aggregates.instrument(), log)?;
                }
                Ok(report)
            })
            .py_err()?;
        Ok(Report::wrap(report))
    }

    /// Respondents accepted.
    #[getter]
    fn respondents(&self) -> u64 {
        self.inner.aggregates.respondents()
    }

    /// Whether the respondents' keys are kept (parts without them do not merge).
    #[getter]
    fn has_keys(&self) -> bool {
        self.inner.keys.is_some()
    }

    /// The instrument's JSON definition.
    fn instrument_json(&self) -> String {
        serde_json::to_string(self.inner.aggregates.instrument()).unwrap_or_default()
    }

    /// The scoring options as JSON.
    fn options_json(&self) -> String {
        serde_json::to_string(self.inner.aggregates.options()).unwrap_or_default()
    }

    /// The intake summary as JSON.
    fn intake_json(&self) -> String {
        serde_json::to_string(&self.inner.intake).unwrap_or_default()
    }
}

/// Aggregate validated responses with options given as JSON (as for
/// `score`): the core's scorer, its respondents' keys kept.
#[pyfunction]
pub fn aggregate(py: Python<'_>, responses: &Responses, options_json: &str) -> PyResult<Aggregates> {
    let options = ScoreOptions::from_json(options_json).py_err()?;
    let by_given = ScoreOptions::json_names(options_json).iter().any(|n| n == "by");
    let instrument = responses.instrument.inner.clone();
    let data = responses.shared();
    let intake = responses.intake.clone();
    let saved = py
        .detach(move || -> rapport::Result<SavedAggregates> {
            let mut scorer = Scorer::new(&instrument, &options, IngestOptions::default())?;
            data.feed(&mut scorer, intake)?;
            if by_given {
                scorer.check_by()?;
            }
            let (aggregates, intake) = scorer.into_parts();
            Ok(SavedAggregates { aggregates, intake, keys: data.keys().map(RespondentKeys::from_hashes) })
        })
        .py_err()?;
    Ok(Aggregates { inner: Arc::new(saved) })
}
