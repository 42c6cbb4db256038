//! Incremental scoring: a JavaScript class around the core's
//! [`rapport::Scorer`].
//!
//! Responses are added one at a time or in batches; `report()` builds the
//! full report at any moment (privacy applied as always). A call that fails
//! leaves the scorer as it was, and one duplicate check spans every call
//! (see the core's `Scorer`).

use crate::convert::{self, ReadOptions, input, read_options, score_options, to_js};
use crate::error::{IntoJs, bad_argument};
use rapport::Report;
use wasm_bindgen::prelude::*;

/// Incremental scoring (see the module docs): the core's [`rapport::Scorer`]
/// with the read options of `addMany`.
#[wasm_bindgen]
pub struct Scorer {
    core: rapport::Scorer<'static>,
    read: ReadOptions,
    /// Calls to `add` so far (names the response in errors).
    added: u64,
}

impl Scorer {
    /// The core's scorer (for the other modules' methods).
    pub(crate) fn core(&self) -> &rapport::Scorer<'static> {
        &self.core
    }
}

#[wasm_bindgen]
impl Scorer {
    /// A scorer with scoring `options` (the report's `options` form, partial
    /// objects take defaults) and `read` options (instrument, lenient,
    /// format, file, segments, mapping) used by `addMany`.
    #[wasm_bindgen(constructor)]
    pub fn new(
        #[wasm_bindgen(unchecked_param_type = "Partial<ScoreOptions> | undefined")] options: JsValue,
        #[wasm_bindgen(unchecked_param_type = "ReadOptions | undefined")] read_opts: JsValue,
    ) -> Result<Scorer, JsValue> {
        let (opts, by_given) = score_options(&options).js()?;
        let ro = read_options(&read_opts).js()?;
        // Keys kept (8 bytes a respondent) so that `save` writes parts that merge.
        let mut core = rapport::Scorer::new(&ro.instrument, &opts, ro.ingest.clone()).js()?.keeping_keys();
        if by_given {
            core.require_by_fields();
        }
        Ok(Scorer { core, read: ro, added: 0 })
    }

    /// Everything added so far as the bytes of a `.agg` file: the same bytes
    /// `rapport aggregate` writes (instrument, options, exact sums per group,
    /// intake counts, a 64-bit hash of every (wave, respondent)), for
    /// `Scorer.load`, `rapport report --aggregates` or Python's
    /// `rapport.Aggregates.from_bytes`. Batches added with `addColumns` carry
    /// no respondent keys: such a state loads and reports, but the command
    /// line does not merge it with other parts.
    pub fn save(&self) -> Vec<u8> {
        self.core.save()
    }

    /// A scorer that continues from saved bytes (`save`, a `.agg` file):
    /// their instrument and options; `read` options (lenient, format, file,
    /// segments, mapping) for later batches, whose respondents are checked
    /// against the saved ones too. Throws a `DocumentError` (code
    /// `invalid_aggregates`) naming the byte where damaged bytes stop being
    /// readable, or when `read` names another instrument.
    pub fn load(
        bytes: &[u8],
        #[wasm_bindgen(unchecked_param_type = "ReadOptions | undefined")] read_opts: JsValue,
    ) -> Result<Scorer, JsValue> {
        let saved = rapport::SavedAggregates::from_bytes(bytes, None).js()?;
        let mut ro = read_options(&read_opts).js()?;
        let named = read_opts.is_object() && !js_sys::Reflect::get(&read_opts, &"instrument".into())?.is_undefined();
        if named && &ro.instrument != saved.aggregates.instrument() {
            let message = "the read options name another instrument than the saved one".to_owned();
            return Err(crate::error::to_js(&rapport::Error::InvalidAggregates { file: None, offset: None, message }));
        }
        ro.instrument = saved.aggregates.instrument().clone();
        let core = rapport::Scorer::from_saved(saved, ro.ingest.clone());
        Ok(Scorer { core, read: ro, added: 0 })
    }

    /// Add one response (documented JSON form). Throws a located
    /// `InputError` when it is not valid (its `file` is "added response N",
    /// N counting the calls to `add`); the scorer is then unchanged.
    pub fn add(&mut self, #[wasm_bindgen(unchecked_param_type = "Response")] response: JsValue) -> Result<(), JsValue> {
        if !response.is_object() || js_sys::Array::is_array(&response) {
            return Err(crate::error::to_js(&bad_argument(
                "response",
                "one response object",
                response.js_typeof().as_string().unwrap_or_default(),
            )));
        }
        let json = js_sys::JSON::stringify(&response).map(String::from).unwrap_or_default();
        self.added += 1;
        self.core.add_response(&json, &format!("added response {}", self.added)).js()
    }

    /// Add a batch: an array of responses, JSON / JSON Lines / CSV text or
    /// CSV bytes, read with the scorer's read options (`read` overrides
    /// `format`, `file` and `lenient` for this batch). Returns the batch's
    /// counts (`rows_in`, `accepted`, `rejected`). In strict mode a bad row
    /// throws and nothing of the batch is added.
    #[wasm_bindgen(js_name = addMany, unchecked_return_type = "SourceSummary")]
    pub fn add_many(
        &mut self,
        #[wasm_bindgen(unchecked_param_type = "ResponsesInput")] responses: JsValue,
        #[wasm_bindgen(
            unchecked_param_type = "{format?: 'csv' | 'json', file?: string, lenient?: boolean} | undefined"
        )]
        read_opts: JsValue,
    ) -> Result<JsValue, JsValue> {
        let inp = input(&responses).js()?;
        let over = read_options(&read_opts).js()?;
        let ro = ReadOptions {
            instrument: self.core.instrument().clone(),
            format: over.format.or(self.read.format),
            file: over.file.or_else(|| self.read.file.clone()),
            ingest: rapport::IngestOptions {
                lenient: if read_opts.is_object()
                    && !js_sys::Reflect::get(&read_opts, &"lenient".into())?.is_undefined()
                {
                    over.ingest.lenient
                } else {
                    self.read.ingest.lenient
                },
                ..self.read.ingest.clone()
            },
        };
        let source = convert::read_into(&mut self.core, &inp, &ro).js()?;
        to_js(&source)
    }

    /// Add bulk answers held in typed arrays (the argument of `scoreColumns`).
    /// Returns the batch's counts; in strict mode a bad row throws and
    /// nothing of the batch is added. Duplicates are checked within the batch.
    #[wasm_bindgen(js_name = addColumns, unchecked_return_type = "SourceSummary")]
    pub fn add_columns(
        &mut self,
        #[wasm_bindgen(unchecked_param_type = "ColumnarResponses")] columns: JsValue,
    ) -> Result<JsValue, JsValue> {
        let cols = crate::columns::columns(&columns, self.read.file.as_deref()).js()?;
        let source = self.core.add_columns(&cols.view()).js()?;
        to_js(&source)
    }

    /// The report of everything added so far (the JSON form of
    /// `rapport report --format json`).
    #[wasm_bindgen(unchecked_return_type = "Report")]
    pub fn report(&self) -> Result<JsValue, JsValue> {
        to_js(&self.core.report().js()?)
    }

    /// The report of everything added so far with its scorecard, as
    /// `<rapport-scorecard>` shows it: `html`, the core's HTML fragment of
    /// the latest wave (every figure and label written by the core, text
    /// escaped, no script and no style: classes and `part`s to style), and
    /// `charts`, the core's SVG charts in it (the IT-vs-business gap chart of
    /// the latest wave and one sparkline per measure over all waves, each
    /// with its figures as an HTML table; hidden groups are gaps and
    /// "hidden" marks, never values). The charts' element ids start with
    /// `id` (default `"scorecard"`): give each scorecard on a page its own.
    /// One report is built for all three.
    #[wasm_bindgen(unchecked_return_type = "{ report: Report; html: string; charts: ScorecardCharts }")]
    pub fn scorecard(&self, id: Option<String>) -> Result<JsValue, JsValue> {
        #[derive(serde::Serialize)]
        struct Scorecard<'a> {
            report: &'a Report,
            html: String,
            charts: rapport::render::scorecard::ScorecardCharts,
        }
        let report = self.core.report().js()?;
        let card = rapport::render::scorecard::Scorecard::of(&report, id.as_deref().unwrap_or("scorecard"));
        to_js(&Scorecard { report: &report, html: card.html, charts: card.charts })
    }

    /// The report's tidy tables, built by the core from everything added so
    /// far (`rapport::report::tables`: the CSV files of `rapport report --format csv`
    /// and the Python package's DataFrames): `{name, columns}`, each column
    /// `{name, type, values}` with `null` for no value. A hidden group is a
    /// row whose figures are `null`, its `status` `"suppressed"`.
    #[wasm_bindgen(unchecked_return_type = "Table[]")]
    pub fn tables(&self) -> Result<JsValue, JsValue> {
        let report = self.core.report().js()?;
        to_js(&report.tables())
    }

    /// One of the report's tables by name (`TableName`); throws the core's
    /// `invalid_argument` error (an `OptionsError` listing the names) for
    /// another name.
    #[wasm_bindgen(unchecked_return_type = "Table")]
    pub fn table(&self, #[wasm_bindgen(unchecked_param_type = "TableName")] name: &str) -> Result<JsValue, JsValue> {
        let report = self.core.report().js()?;
        to_js(&report.table_named(name).js()?)
    }

    /// Respondents added so far.
    #[wasm_bindgen(getter)]
    pub fn respondents(&self) -> f64 {
        self.core.respondents() as f64
    }

    /// Add everything of another scorer built from other responses with the
    /// same instrument and options (throws an `OptionsError`, code
    /// `invalid_argument`, otherwise). The other scorer is left as it is.
    /// Duplicates between the two are not checked: merge scorers of disjoint
    /// responses.
    pub fn merge(&mut self, other: &Scorer) -> Result<(), JsValue> {
        self.core.merge(other.core.aggregates().clone(), other.core.intake().clone()).js()
    }
}
