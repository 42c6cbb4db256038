//! `Instrument`: what is asked (the core's validated instrument).

use crate::error::IntoPy;
use pyo3::prelude::*;
use std::sync::Arc;

/// A survey instrument: dimensions, items, scales (the core's validated
/// instrument).
#[pyclass(module = "rapport._rapport", frozen)]
#[derive(Clone)]
pub struct Instrument {
    pub inner: Arc<rapport::Instrument>,
}

#[pymethods]
impl Instrument {
    /// The built-in instrument (trust, communication, alignment, openness).
    #[staticmethod]
    fn default() -> Self {
        Instrument { inner: Arc::new(rapport::Instrument::default()) }
    }

    /// Parse and validate an instrument from its JSON text.
    #[staticmethod]
    fn from_json(text: &str) -> PyResult<Self> {
        Ok(Instrument { inner: Arc::new(rapport::Instrument::from_json(text).py_err()?) })
    }

    /// An instrument to start from, built from a Qualtrics survey
    /// definition (.qsf text).
    #[staticmethod]
    fn from_qsf(text: &str) -> PyResult<Self> {
        Ok(Instrument { inner: Arc::new(rapport::ingest::qsf::instrument(text).py_err()?) })
    }

    /// An instrument to start from, built from a REDCap data dictionary
    /// (CSV text).
    #[staticmethod]
    fn from_redcap_dictionary(text: &str) -> PyResult<Self> {
        Ok(Instrument { inner: Arc::new(rapport::ingest::redcap::instrument(text).py_err()?) })
    }

    /// The instrument as JSON text.
    fn to_json(&self) -> String {
        self.inner.to_json()
    }

    /// Instrument id.
    #[getter]
    fn id(&self) -> String {
        self.inner.id().to_owned()
    }

    /// Content version.
    #[getter]
    fn version(&self) -> String {
        self.inner.version().to_owned()
    }

    /// Display name.
    #[getter]
    fn name(&self) -> String {
        self.inner.name().to_owned()
    }

    /// Dimension ids, in display order.
    #[getter]
    fn dimensions(&self) -> Vec<String> {
        self.inner.dimensions().iter().map(|d| d.id.clone()).collect()
    }

    /// Agreement item ids, in instrument order.
    #[getter]
    fn items(&self) -> Vec<String> {
        self.inner.items().iter().map(|i| i.id.clone()).collect()
    }

    /// Outcome item ids (overall rating, mirror rating, choices).
    #[getter]
    fn outcomes(&self) -> Vec<String> {
        self.inner.outcomes().iter().map(|o| o.id.clone()).collect()
    }

    /// Every answer column: agreement items, then outcomes.
    #[getter]
    fn columns(&self) -> Vec<String> {
        (0..self.inner.slot_count()).map(|s| self.inner.slot_id(s).to_owned()).collect()
    }

    /// Option ids of a choice item (in the order of their indices), or
    /// `None` for an item answered on a scale.
    fn choice_options(&self, column: &str) -> Option<Vec<String>> {
        let slot = self.inner.slot_index(column)?;
        match self.inner.slot_kind(slot) {
            rapport::instrument::Slot::Outcome(o) if !self.inner.outcomes()[o].options.is_empty() => {
                Some(self.inner.outcomes()[o].options.iter().map(|x| x.id.clone()).collect())
            }
            _ => None,
        }
    }

    fn __eq__(&self, other: &Self) -> bool {
        self.inner == other.inner
    }

    fn __repr__(&self) -> String {
        format!("Instrument(id={:?}, version={:?})", self.inner.id(), self.inner.version())
    }
}
