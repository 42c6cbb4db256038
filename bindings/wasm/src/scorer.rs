//! Incremental scoring: a JavaScript class around the core's mergeable
//! [`Aggregates`].
//!
//! Responses are added one at a time or in batches; `report()` builds the
//! full report from the aggregates at any moment (privacy applied as always).
//! Each call reads its input into a fresh batch of aggregates that is merged
//! in only when the whole call succeeds, so a strict-mode error leaves the
//! scorer as it was (its duplicate guard forgets the failed call's
//! respondents too). One duplicate guard spans every call, so a respondent
//! who answers one wave twice is caught across calls too.

use crate::convert::{self, Input, ReadOptions, input, read, read_options, score_options, to_js};
use crate::error::{IntoJs, bad_argument};
use rapport::ingest::{DuplicateGuard, IngestSummary, SourceSummary};
use rapport::{Aggregates, RejectedRow, Report};
use wasm_bindgen::prelude::*;

/// Incremental scoring (see the module docs).
#[wasm_bindgen]
pub struct Scorer {
    aggs: Aggregates,
    intake: IngestSummary,
    read: ReadOptions,
    guard: DuplicateGuard<'static>,
    /// Calls to `add` so far (names the response in errors).
    added: u64,
    /// Index in `intake.sources` of the source that counts `add`ed responses.
    single_source: Option<usize>,
}

impl Scorer {
    /// Read `inp` into a fresh batch and merge it in on success. On an
    /// error the batch is dropped and the guard forgets its respondents, so
    /// the scorer is as it was.
    fn ingest(&mut self, inp: &Input, ro: &ReadOptions) -> Result<(SourceSummary, Vec<RejectedRow>), JsValue> {
        let mut batch = Aggregates::new(self.aggs.instrument(), self.aggs.options()).js()?;
        let inputs = self.guard.inputs();
        let result = read(inp, ro, Some(&mut self.guard), &mut |r| batch.add(&r)).and_then(|read| {
            self.aggs.merge(batch)?;
            Ok(read)
        });
        if result.is_err() && self.guard.inputs() > inputs {
            self.guard.forget_last_input();
        }
        result.js()
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
        let opts = score_options(&options).js()?;
        let ro = read_options(&read_opts).js()?;
        let aggs = Aggregates::new(&ro.instrument, &opts).js()?;
        Ok(Scorer {
            aggs,
            intake: IngestSummary::default(),
            read: ro,
            guard: DuplicateGuard::new(),
            added: 0,
            single_source: None,
        })
    }

    /// Add one response (documented JSON form). Throws a located
    /// `RapportError` when it is not valid (its `file` is "added response N",
    /// N counting the calls to `add`); the scorer is then unchanged.
    pub fn add(&mut self, #[wasm_bindgen(unchecked_param_type = "Response")] response: JsValue) -> Result<(), JsValue> {
        if !response.is_object() || js_sys::Array::is_array(&response) {
            return Err(crate::error::to_js(&bad_argument(
                "response",
                "one response object",
                response.js_typeof().as_string().unwrap_or_default(),
            )));
        }
        let inp = input(&js_sys::Array::of1(&response).into()).js()?;
        self.added += 1;
        let ro = ReadOptions {
            instrument: self.aggs.instrument().clone(),
            format: Some(convert::Format::Json),
            file: Some(format!("added response {}", self.added)),
            ingest: Default::default(),
        };
        match self.ingest(&inp, &ro) {
            Ok(_) => {
                // Responses added one by one are one source in the intake, not one each.
                let i = *self.single_source.get_or_insert_with(|| {
                    let source = SourceSummary { format: "json".into(), ..Default::default() };
                    self.intake.sources.push(source);
                    self.intake.sources.len() - 1
                });
                let source = &mut self.intake.sources[i];
                source.rows_in += 1;
                source.accepted += 1;
                self.intake.rows_in += 1;
                self.intake.accepted += 1;
                Ok(())
            }
            Err(e) => Err(e),
        }
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
            instrument: self.aggs.instrument().clone(),
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
        let (source, rejected) = self.ingest(&inp, &ro)?;
        let out = to_js(&source);
        self.intake.add_source(source, rejected);
        out
    }

    /// Add bulk answers held in typed arrays (the argument of `scoreColumns`).
    /// Returns the batch's counts; in strict mode a bad row throws and
    /// nothing of the batch is added. Duplicates are checked within the batch.
    #[wasm_bindgen(js_name = addColumns, unchecked_return_type = "SourceSummary")]
    pub fn add_columns(
        &mut self,
        #[wasm_bindgen(unchecked_param_type = "ColumnarResponses")] columns: JsValue,
    ) -> Result<JsValue, JsValue> {
        let cols = crate::columns::columns(&columns).js()?;
        let mut batch = Aggregates::new(self.aggs.instrument(), self.aggs.options()).js()?;
        let (source, rejected) = cols.aggregate(&self.read, &mut batch).js()?;
        self.aggs.merge(batch).js()?;
        let out = to_js(&source);
        self.intake.add_source(source, rejected);
        out
    }

    /// The report of everything added so far (the JSON form of
    /// `rapport report --format json`).
    #[wasm_bindgen(unchecked_return_type = "Report")]
    pub fn report(&self) -> Result<JsValue, JsValue> {
        let report = Report::build(&self.aggs, self.intake.clone()).js()?;
        to_js(&report)
    }

    /// The report of everything added so far together with the core's SVG
    /// charts of its scorecard (what `<rapport-scorecard>` shows): the
    /// IT-vs-business gap chart of the latest wave and one sparkline per
    /// measure over all waves, each with its figures as an HTML table. Hidden
    /// groups are gaps and "n<N" marks, never values. One report is built for
    /// both.
    #[wasm_bindgen(unchecked_return_type = "{ report: Report; charts: ScorecardCharts }")]
    pub fn scorecard(&self) -> Result<JsValue, JsValue> {
        #[derive(serde::Serialize)]
        struct Scorecard<'a> {
            report: &'a Report,
            charts: rapport::render::scorecard::ScorecardCharts,
        }
        let report = Report::build(&self.aggs, self.intake.clone()).js()?;
        let charts = rapport::render::scorecard::charts(&report);
        to_js(&Scorecard { report: &report, charts })
    }

    /// Respondents added so far.
    #[wasm_bindgen(getter)]
    pub fn respondents(&self) -> f64 {
        self.aggs.respondents() as f64
    }

    /// Add everything of another scorer built from other responses with the
    /// same instrument and options (throws `invalid_option` otherwise). The
    /// other scorer is left as it is. Duplicates between the two are not
    /// checked: merge scorers of disjoint responses.
    pub fn merge(&mut self, other: &Scorer) -> Result<(), JsValue> {
        self.aggs.merge(other.aggs.clone()).js()?;
        self.intake.merge(other.intake.clone());
        // Later `add`s get a source of their own after the merged ones.
        self.single_source = None;
        Ok(())
    }
}
