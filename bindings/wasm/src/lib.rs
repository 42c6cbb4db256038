//! # rapport-wasm
//!
//! The browser binding of rapport: wasm-bindgen exports that translate
//! JavaScript values to the core's types and back, and map the core's errors
//! onto JavaScript `Error`s. Every figure is computed by the `rapport` core;
//! nothing here (nor in the web components in `js/`) computes a statistic.
//!
//! * [`default_instrument`], [`parse_instrument`], [`survey_form`]: what is asked.
//! * [`validate_responses`]: read and validate responses (JSON objects, JSON
//!   or CSV text, CSV bytes) with the core's readers.
//! * [`score`]: responses in, the report out, in the JSON form of
//!   `rapport report --format json`.
//! * [`Scorer`]: incremental scoring over the core's mergeable
//!   [`rapport::Aggregates`].
//!   `Scorer.scorecard()` also returns the core's scorecard of the report
//!   (an HTML fragment and its SVG charts); [`report_scorecard`] that of a
//!   finished report.
//!   `Scorer.privacyPlan()` gives the data owner's view of the publication plan.
//!
//! Feature `scoring` (default) adds `score`, `scoreColumns` and the
//! `Scorer`; without it the crate builds the survey's small module
//! (`rapport-wasm/lite`: instrument, form, validation).
//!
//! See `bindings/wasm/README.md` for the JavaScript API and the build.

#[cfg(feature = "scoring")]
mod columns;
mod convert;
mod error;
#[cfg(feature = "scoring")]
mod privacy;
#[cfg(feature = "scoring")]
mod scorer;
mod types;

#[cfg(feature = "scoring")]
pub use scorer::Scorer;

#[cfg(feature = "scoring")]
use convert::{Input, score_options};
use convert::{input, read, read_options, to_js};
use error::IntoJs;
use rapport::Side;
use rapport::ingest::IngestSummary;
use wasm_bindgen::prelude::*;

/// Runs when the module is instantiated: installs the panic hook that turns
/// a panic (a bug) into an `Error` with code `internal_error`.
#[wasm_bindgen(start)]
pub fn start() {
    error::install_panic_hook();
}

/// The version of rapport in this module (reports say `rapport <version>` in `generator`).
#[wasm_bindgen]
pub fn version() -> String {
    // One workspace version for every crate: this is the core's version too.
    env!("CARGO_PKG_VERSION").to_owned()
}

/// The built-in instrument (trust, communication, alignment, openness), in
/// its JSON form.
#[wasm_bindgen(js_name = defaultInstrument, unchecked_return_type = "InstrumentSpec")]
pub fn default_instrument() -> Result<JsValue, JsValue> {
    to_js(convert::default_instrument().spec())
}

/// Validate an instrument (an object or JSON text) and return it in its
/// normalized JSON form. Throws an `InstrumentError` (code `instrument_syntax`,
/// `unknown_dimension`, `band_gap` …) naming the offending field.
#[wasm_bindgen(js_name = parseInstrument, unchecked_return_type = "InstrumentSpec")]
pub fn parse_instrument(
    #[wasm_bindgen(unchecked_param_type = "InstrumentSpec | string")] instrument: JsValue,
) -> Result<JsValue, JsValue> {
    let inst = convert::instrument(&instrument).js()?;
    to_js(inst.spec())
}

/// The questions as one side sees them: the instrument's dimensions with
/// their items (text with `{counterpart}` filled in for `side`), the outcome
/// questions, and each question's answer scale. For rendering a survey.
///
/// `minGroupSize`: the minimum reporting size the answers will be published
/// with (the analysis's `min_group_size`), returned in `min_group_size` so
/// that the survey can tell respondents that smaller groups are hidden;
/// default: the core's. A size the scoring options refuse (below 3, not a
/// whole number) throws an `OptionsError` (code `invalid_option`).
#[wasm_bindgen(js_name = surveyForm, unchecked_return_type = "SurveyForm")]
pub fn survey_form(
    #[wasm_bindgen(unchecked_param_type = "Side")] side: &str,
    #[wasm_bindgen(unchecked_param_type = "InstrumentSpec | string | undefined")] instrument: JsValue,
    #[wasm_bindgen(js_name = minGroupSize)] min_group_size: Option<f64>,
) -> Result<JsValue, JsValue> {
    let side: Side = side.parse().map_err(|()| {
        error::to_js(&rapport::Error::UnknownSide { location: rapport::Location::default(), found: side.to_owned() })
    })?;
    let inst = convert::instrument(&instrument).js()?;
    let min_group_size = match min_group_size {
        None => rapport::options::DEFAULT_MIN_GROUP_SIZE,
        Some(n) => {
            let n = convert::whole("min_group_size", n).js()?;
            rapport::options::check_min_group_size(n).js()?;
            n
        }
    };
    to_js(&rapport::instrument::form::SurveyForm::new(&inst, side, min_group_size))
}

/// Read and validate responses with the core's readers, without scoring.
///
/// `responses`: an array of responses in the documented JSON form (or
/// `{responses: [...]}`), JSON or JSON Lines text, CSV text with
/// `read.format = "csv"`, or CSV bytes (`Uint8Array`). Strict mode (the
/// default) throws the first bad response as a located `InputError`;
/// `read.lenient` counts every rejected row instead (per code in
/// `rejected_by_code`) and lists the first 100 in `rejected_rows`. Returns
/// the intake counts (`rows_in`, `accepted`, `rejected`, `rejected_by_code`,
/// `rejected_rows`, `sources`) in the form of the report's `intake`.
#[wasm_bindgen(js_name = validateResponses, unchecked_return_type = "IngestSummary")]
pub fn validate_responses(
    #[wasm_bindgen(unchecked_param_type = "ResponsesInput")] responses: JsValue,
    #[wasm_bindgen(unchecked_param_type = "ReadOptions | undefined")] read_opts: JsValue,
) -> Result<JsValue, JsValue> {
    let ro = read_options(&read_opts).js()?;
    let inp = input(&responses).js()?;
    let (source, rejected) = read(&inp, &ro, None, &mut |_| {}).js()?;
    let mut intake = IngestSummary::default();
    intake.add_source(source, rejected);
    to_js(&intake)
}

/// Score responses: the full report (scores, gaps, reliability, privacy,
/// trends …) as a plain object in the JSON form of
/// `rapport report --format json`.
///
/// `options`: the report's `options` form (snake_case keys; missing keys take
/// their defaults). `read`: how to read the responses (see
/// [`validate_responses`]).
#[cfg(feature = "scoring")]
#[wasm_bindgen(unchecked_return_type = "Report")]
pub fn score(
    #[wasm_bindgen(unchecked_param_type = "ResponsesInput")] responses: JsValue,
    #[wasm_bindgen(unchecked_param_type = "Partial<ScoreOptions> | undefined")] options: JsValue,
    #[wasm_bindgen(unchecked_param_type = "ReadOptions | undefined")] read_opts: JsValue,
) -> Result<JsValue, JsValue> {
    let (opts, by_given) = score_options(&options).js()?;
    let ro = read_options(&read_opts).js()?;
    let inp: Input = input(&responses).js()?;
    let mut scorer = rapport::Scorer::new(&ro.instrument, &opts, ro.ingest.clone()).js()?;
    if by_given {
        scorer.require_by_fields();
    }
    convert::read_into(&mut scorer, &inp, &ro).js()?;
    to_js(&scorer.report().js()?)
}

/// The scorecard of a finished report (an object in the JSON form of
/// `rapport report --format json`, or its text), as `<rapport-scorecard>`
/// shows it: `{html, charts}`, the core's HTML fragment of the latest wave
/// (see `Scorer.scorecard()`) and no charts (they are drawn from the report
/// the core builds from responses; only the figures the scorecard shows are
/// read back). Throws a `DocumentError` (code `invalid_json`) for anything
/// but a report of this version's schema.
#[cfg(feature = "scoring")]
#[wasm_bindgen(js_name = reportScorecard, unchecked_return_type = "Scorecard")]
pub fn report_scorecard(
    #[wasm_bindgen(unchecked_param_type = "Report | string")] report: JsValue,
) -> Result<JsValue, JsValue> {
    let text = convert::report_text(&report).js()?;
    to_js(&rapport::render::scorecard::Scorecard::from_json(&text).js()?)
}

/// Score bulk answers held in typed arrays: `columns.values` is a
/// `Float64Array` of `n × m` answers, row-major, one column per item id in
/// `columns.columns`, `NaN` for missing (choice items hold the option's
/// 0-based index); `columns.not_applicable` an optional `Uint8Array` mask;
/// `side`, `wave` (and optional `respondent`, `segments: {name: column}`)
/// are `{codes: Int32Array, labels: string[]}` or one string per row.
/// Validated with the CSV reader's rules (rows numbered from 1) and scored
/// by the core; returns the report like [`score`].
#[cfg(feature = "scoring")]
#[wasm_bindgen(js_name = scoreColumns, unchecked_return_type = "Report")]
pub fn score_columns(
    #[wasm_bindgen(unchecked_param_type = "ColumnarResponses")] columns: JsValue,
    #[wasm_bindgen(unchecked_param_type = "Partial<ScoreOptions> | undefined")] options: JsValue,
    #[wasm_bindgen(unchecked_param_type = "ReadOptions | undefined")] read_opts: JsValue,
) -> Result<JsValue, JsValue> {
    let (opts, by_given) = score_options(&options).js()?;
    let ro = read_options(&read_opts).js()?;
    let cols = columns::columns(&columns, ro.file.as_deref()).js()?;
    let mut scorer = rapport::Scorer::new(&ro.instrument, &opts, ro.ingest.clone()).js()?;
    if by_given {
        scorer.require_by_fields();
    }
    scorer.add_columns(&cols.view()).js()?;
    to_js(&scorer.report().js()?)
}
