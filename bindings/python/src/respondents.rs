//! `Responses.respondent_scores`: each accepted response's dimension scores
//! and index, by the core's [`RespondentScorer`] (the report's rules), with
//! the columns that say whose they are. For the data owner's own use: the
//! core never puts these in a report.

use crate::error::IntoPy;
use crate::responses::{Data, Responses};
use numpy::{PyArray2, ToPyArray};
use pyo3::prelude::*;
use rapport::aggregate::columnar::OwnedCategories;
use rapport::aggregate::respondents::RespondentScorer;
use rapport::{Cell, ScoreOptions};

/// A text column, `None` where missing.
type Labels = Vec<Option<String>>;

/// The columns of the respondent scores, before they cross to Python.
struct Columns {
    respondent: Option<Labels>,
    wave: Vec<String>,
    side: Vec<&'static str>,
    segments: Vec<(String, Labels)>,
    /// Row-major, one row per response: each dimension's score, then the index (NaN = none).
    scores: Vec<f64>,
}

/// Append one response's scores (NaN for none) to `scores`.
fn push_scores(scorer: &RespondentScorer, cells: &[Cell], buf: &mut [Option<f64>], scores: &mut Vec<f64>) {
    let index = scorer.score(cells, buf);
    scores.extend(buf.iter().map(|s| s.unwrap_or(f64::NAN)));
    scores.push(index.unwrap_or(f64::NAN));
}

fn columns(p: &Data, scorer: &RespondentScorer, slots: usize) -> Columns {
    let mut buf = vec![None; scorer.dimensions().len()];

    let label = |c: &OwnedCategories, r: usize| crate::responses::label(c, r).map(str::to_owned);
    let rows: Vec<(usize, rapport::Side)> = p.rows.rows().collect();
    let mut cells = vec![Cell::Missing; slots];
    let mut scores = Vec::with_capacity(rows.len() * (buf.len() + 1));
    for k in 0..rows.len() {
        p.rows.cells_into(k, &mut cells);
        push_scores(scorer, &cells, &mut buf, &mut scores);
    }
    Columns {
        respondent: p
            .respondent
            .as_ref()
            .map(|ids| rows.iter().map(|&(r, _)| ids.label(r).map(str::to_owned)).collect()),
        wave: rows.iter().map(|&(r, _)| label(&p.wave, r).unwrap_or_default()).collect(),
        side: rows.iter().map(|&(_, side)| side.as_str()).collect(),
        segments: p
            .segments
            .iter()
            .map(|s| (s.name.clone(), rows.iter().map(|&(r, _)| label(s, r)).collect()))
            .collect(),
        scores,
    }
}

/// The parts of `Responses.respondent_scores`' DataFrame.
pub type Parts<'py> = (
    Vec<String>,
    Option<Labels>,
    (Vec<String>, Vec<String>),
    Vec<&'static str>,
    Vec<(String, Labels)>,
    Bound<'py, PyArray2<f64>>,
);

/// `Responses.respondent_scores` (see there).
pub fn respondent_scores<'py>(py: Python<'py>, responses: &Responses, options_json: &str) -> PyResult<Parts<'py>> {
    let options = ScoreOptions::from_json(options_json).py_err()?;
    options.validate().py_err()?;
    let instrument = responses.instrument.inner.clone();
    let data = responses.shared();
    let (dimensions, cols, order) = py
        .detach(move || -> rapport::Result<_> {
            let scorer = RespondentScorer::new(&instrument, &options);
            let cols = columns(&data, &scorer, instrument.slot_count());
            let mut labels: Vec<&str> = cols.wave.iter().map(String::as_str).collect();
            labels.sort_unstable();
            labels.dedup();
            // The waves in the report's order (time, or the explicit `wave_order`).
            let (order, _) = rapport::waves::order_waves(&labels, &options.wave_order)?;
            Ok((scorer.dimensions().to_vec(), cols, order))
        })
        .py_err()?;
    let width = dimensions.len() + 1;
    let rows = cols.wave.len();
    let scores = numpy::ndarray::Array2::from_shape_vec((rows, width), cols.scores)
        .map_err(|e| pyo3::exceptions::PyValueError::new_err(e.to_string()))?
        .to_pyarray(py);
    Ok((dimensions, cols.respondent, (cols.wave, order), cols.side, cols.segments, scores))
}
