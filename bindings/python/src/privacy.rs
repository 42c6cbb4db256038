//! `privacy_plan`: the data owner's view of the publication plan, decided,
//! audited and described by the core (`rapport::privacy::owner`), exactly
//! what `rapport privacy --format json` prints. Built with the GIL released.

use crate::error::IntoPy;
use crate::responses::Responses;
use pyo3::prelude::*;
use rapport::{IngestOptions, ScoreOptions, Scorer};

/// The plan of every wave of the responses, as the JSON text of the core's
/// `PlanSummary` (options as for `score`; only `min_group_size` changes the
/// plan).
#[pyfunction]
pub fn privacy_plan(py: Python<'_>, responses: &Responses, options_json: &str) -> PyResult<String> {
    let options = ScoreOptions::from_json(options_json).py_err()?;
    let instrument = responses.instrument.inner.clone();
    let data = responses.shared();
    let intake = responses.intake.clone();
    py.detach(move || -> rapport::Result<String> {
        let mut scorer = Scorer::new(&instrument, &options, IngestOptions::default())?;
        data.feed(&mut scorer, intake)?;
        let plan = rapport::privacy::owner::summary(scorer.aggregates())?;
        Ok(serde_json::to_string(&plan).unwrap_or_default())
    })
    .py_err()
}
