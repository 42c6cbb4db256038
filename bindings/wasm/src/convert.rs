//! JavaScript values in and out.
//!
//! Data crosses the boundary in rapport's one JSON form: responses, options,
//! instruments and reports are JSON objects with snake_case keys. In, a
//! JavaScript value is turned into JSON text by the engine's own
//! `JSON.stringify` and read by the core's readers, so a response from
//! JavaScript is validated by exactly the code that reads a JSON file (same
//! error codes and locations). Out, the core's serde form is parsed by
//! `JSON.parse`, so a report in JavaScript has exactly the keys and values of
//! `rapport report --format json`. Both are native and fast, and cost no code
//! size in the module (no serde-wasm-bindgen).

use crate::error::{bad_argument, bad_option};
use js_sys::{JSON, Object, Reflect, Uint8Array};
#[cfg(feature = "import")]
use rapport::ingest::ColumnMapping;
#[cfg(feature = "import")]
use rapport::ingest::mapping::RoleFlags;
use rapport::ingest::{DuplicateGuard, IngestOptions, SourceSummary, csv, json};
use rapport::{Error, Instrument, Record, RejectedRow};
#[cfg(feature = "scoring")]
use rapport::{ScoreOptions, Scorer};
use wasm_bindgen::prelude::*;

thread_local! {
    static DEFAULT_INSTRUMENT: Instrument = Instrument::default();
}

/// The built-in instrument (parsed once).
pub(crate) fn default_instrument() -> Instrument {
    DEFAULT_INSTRUMENT.with(Clone::clone)
}

/// JSON text → a plain JavaScript value.
pub(crate) fn json_to_js(text: &str) -> Result<JsValue, JsValue> {
    JSON::parse(text)
}

/// Any serializable core value → a plain JavaScript value in its JSON form.
pub(crate) fn to_js<T: serde::Serialize>(value: &T) -> Result<JsValue, JsValue> {
    // The core's JSON forms have string keys and finite numbers; a failure
    // here is a bug, reported like a panic.
    let text = serde_json::to_string(value).map_err(|e| crate::error::internal(&e.to_string()))?;
    json_to_js(&text)
}

/// `typeof`-like description of a value for messages.
fn kind(v: &JsValue) -> String {
    if v.is_null() {
        "null".into()
    } else if js_sys::Array::is_array(v) {
        "an array".into()
    } else {
        v.js_typeof().as_string().unwrap_or_default()
    }
}

/// A JavaScript object or array → JSON text (via `JSON.stringify`).
fn stringify(name: &str, v: &JsValue) -> Result<String, Error> {
    JSON::stringify(v)
        .ok()
        .and_then(|s| s.as_string())
        .ok_or_else(|| bad_argument(name, "a value JSON.stringify can write (no cycles, no BigInt)", kind(v)))
}

/// The JSON text of an optional object argument given as an object or as JSON text.
fn object_text(name: &str, v: &JsValue, expected: &str) -> Result<Option<String>, Error> {
    if v.is_undefined() || v.is_null() {
        Ok(None)
    } else if let Some(s) = v.as_string() {
        Ok(Some(s))
    } else if v.is_object() && !js_sys::Array::is_array(v) {
        Ok(Some(stringify(name, v)?))
    } else {
        Err(bad_argument(name, expected, kind(v)))
    }
}

/// A number option that must be a whole number from 0 to 2³² − 1 (code
/// `invalid_option` otherwise, naming `name`).
pub(crate) fn whole(name: &str, n: f64) -> Result<u32, Error> {
    if n.fract() == 0.0 && (0.0..=f64::from(u32::MAX)).contains(&n) {
        Ok(n as u32)
    } else {
        // Written as JavaScript writes the number (no float formatting in the module).
        Err(bad_option(
            name,
            "a whole number",
            String::from(js_sys::Number::from(n).to_string_with_radix(10).unwrap_or_default()),
        ))
    }
}

/// Scoring options (the full module only): `undefined`/`null` for the defaults, or an object (or
/// JSON text) in the form of the report's `options`, where missing keys take
/// their defaults and unknown keys are errors. With it, whether `by` was
/// given (then a field the data does not have is an error:
/// `rapport::Scorer::require_by_fields`).
#[cfg(feature = "scoring")]
pub(crate) fn score_options(v: &JsValue) -> Result<(ScoreOptions, bool), Error> {
    let Some(text) = object_text("options", v, "an object in the form of the report's `options`")? else {
        return Ok((ScoreOptions::default(), false));
    };
    let opts = ScoreOptions::from_json(&text)?;
    opts.validate()?;
    Ok((opts, ScoreOptions::json_names(&text).iter().any(|n| n == "by")))
}

/// A report given as an object or JSON text (read by the core).
#[cfg(feature = "scoring")]
pub(crate) fn report_text(v: &JsValue) -> Result<String, Error> {
    let expected = "a report object or its JSON text";
    object_text("report", v, expected)?.ok_or_else(|| bad_argument("report", expected, kind(v)))
}

/// An instrument given as an object or JSON text (validated by the core).
pub(crate) fn instrument(v: &JsValue) -> Result<Instrument, Error> {
    match object_text("instrument", v, "an instrument object or its JSON text")? {
        None => Ok(default_instrument()),
        Some(text) => Instrument::from_json(&text),
    }
}

/// How a response input is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Format {
    Csv,
    Json,
}

/// How to read responses: the `read` argument of `score`, `validateResponses`
/// and the `Scorer`.
pub(crate) struct ReadOptions {
    pub instrument: Instrument,
    pub format: Option<Format>,
    pub file: Option<String>,
    pub ingest: IngestOptions,
}

const READ_KEYS: [&str; 13] = [
    "instrument",
    "lenient",
    "bad_cells",
    "format",
    "file",
    "segments",
    "mapping",
    "from",
    "side",
    "wave",
    "wave_period",
    "wave_column",
    "day_first",
];

/// A string-valued key of `read`, parsed by the core.
#[cfg(feature = "import")]
fn parsed<T: std::str::FromStr>(v: &JsValue, key: &str, expected: &str) -> Result<Option<T>, Error> {
    let value = get(v, key);
    if value.is_undefined() {
        return Ok(None);
    }
    let text = value.as_string().ok_or_else(|| bad_option(key, expected, kind(&value)))?;
    text.parse().map(Some).map_err(|_| bad_option(key, expected, text))
}

fn get(obj: &JsValue, key: &str) -> JsValue {
    Reflect::get(obj, &JsValue::from_str(key)).unwrap_or(JsValue::UNDEFINED)
}

/// Parse the `read` argument: `{instrument, lenient, format, file, segments, mapping}`, all optional.
pub(crate) fn read_options(v: &JsValue) -> Result<ReadOptions, Error> {
    let mut out =
        ReadOptions { instrument: default_instrument(), format: None, file: None, ingest: IngestOptions::default() };
    if v.is_undefined() || v.is_null() {
        return Ok(out);
    }
    if !v.is_object() || js_sys::Array::is_array(v) {
        return Err(bad_argument("read", &format!("an object with the keys {}", READ_KEYS.join(", ")), kind(v)));
    }
    for key in Object::keys(&Object::from(v.clone())).iter() {
        let key = key.as_string().unwrap_or_default();
        if !READ_KEYS.contains(&key.as_str()) {
            return Err(bad_option("read", &format!("only the keys {}", READ_KEYS.join(", ")), format!("key {key:?}")));
        }
    }
    out.instrument = instrument(&get(v, "instrument"))?;
    let lenient = get(v, "lenient");
    if !lenient.is_undefined() {
        out.ingest.lenient = lenient.as_bool().ok_or_else(|| bad_option("lenient", "true or false", kind(&lenient)))?;
    }
    let format = get(v, "format");
    if !format.is_undefined() {
        out.format = Some(match format.as_string().as_deref() {
            Some("csv") => Format::Csv,
            Some("json") => Format::Json,
            _ => {
                return Err(bad_option("format", "\"csv\" or \"json\"", format.as_string().unwrap_or(kind(&format))));
            }
        });
    }
    let file = get(v, "file");
    if !file.is_undefined() {
        out.file = Some(file.as_string().ok_or_else(|| bad_option("file", "a file name", kind(&file)))?);
    }
    let segments = get(v, "segments");
    if !segments.is_undefined() {
        let names = js_sys::Array::is_array(&segments)
            .then(|| js_sys::Array::from(&segments).iter().map(|s| s.as_string()).collect::<Option<Vec<_>>>())
            .flatten()
            .ok_or_else(|| bad_option("segments", "an array of column names", kind(&segments)))?;
        out.ingest.segments = Some(names);
    }
    import_options(v, &mut out)?;
    Ok(out)
}

/// The keys of `read` that only survey-tool exports need.
#[cfg(not(feature = "import"))]
const IMPORT_KEYS: [&str; 8] =
    ["mapping", "from", "side", "wave", "wave_period", "wave_column", "day_first", "bad_cells"];

/// The survey module reads rapport's own CSV and JSON: a survey-tool key is
/// an `invalid_option` naming the module that reads exports.
#[cfg(not(feature = "import"))]
fn import_options(v: &JsValue, _: &mut ReadOptions) -> Result<(), Error> {
    for key in IMPORT_KEYS {
        let value = get(v, key);
        if !value.is_undefined() {
            let expected = "no such key in the survey module (rapport-wasm/lite), which reads rapport's own CSV \
                            and JSON; survey-tool exports are read by the full module (rapport-wasm)";
            return Err(bad_option(key, expected, kind(&value)));
        }
    }
    Ok(())
}

/// The survey-tool keys of `read`: a column mapping, the tool, one side,
/// wave or wave period for the whole input, and answers a scale lacks read
/// as missing (`bad_cells`).
#[cfg(feature = "import")]
fn import_options(v: &JsValue, out: &mut ReadOptions) -> Result<(), Error> {
    if let Some(bad_cells) = parsed(v, "bad_cells", "\"reject\" or \"missing\"")? {
        out.ingest.bad_cells = bad_cells;
    }
    let mapping = get(v, "mapping");
    if let Some(text) = object_text("mapping", &mapping, "a column-mapping object or its JSON text")? {
        let m = ColumnMapping::from_json(&text)?;
        m.check(&out.instrument)?;
        out.ingest.mapping = Some(m);
    }
    let tools = "\"auto\", \"rapport\", \"qualtrics\", \"msforms\", \"googleforms\", \"surveymonkey\", \"limesurvey\" or \"redcap\"";
    if let Some(from) = parsed(v, "from", tools)? {
        out.ingest.from = from;
    }
    let day_first = get(v, "day_first");
    let day_first = match day_first.is_undefined() {
        true => false,
        false => day_first.as_bool().ok_or_else(|| bad_option("day_first", "true or false", kind(&day_first)))?,
    };
    let flags = RoleFlags {
        side: parsed(v, "side", "\"it\" or \"business\"")?,
        wave: parsed(v, "wave", "a wave label")?,
        wave_period: parsed(v, "wave_period", "\"month\", \"quarter\", \"half\" or \"year\"")?,
        wave_column: parsed(v, "wave_column", "a column name")?,
        day_first,
    };
    out.ingest.mapping = flags.apply(out.ingest.mapping.take());
    Ok(())
}

/// Response input: text (JSON or CSV) or bytes (CSV, or JSON in UTF-8).
pub(crate) enum Input {
    /// JSON text made from JavaScript objects.
    Objects(String),
    /// Text given as a string.
    Text(String),
    /// Bytes given as a `Uint8Array`.
    Bytes(Vec<u8>),
}

impl Input {
    /// The input's bytes.
    pub(crate) fn bytes(&self) -> &[u8] {
        match self {
            Input::Objects(s) | Input::Text(s) => s.as_bytes(),
            Input::Bytes(b) => b,
        }
    }
    /// JSON for text and objects, CSV for bytes, unless `read.format` says.
    pub(crate) fn default_format(&self) -> Format {
        match self {
            Input::Objects(_) | Input::Text(_) => Format::Json,
            Input::Bytes(_) => Format::Csv,
        }
    }
}

/// The `responses` argument: an array of responses (or `{responses: [...]}`),
/// JSON or CSV text, or CSV bytes.
pub(crate) fn input(v: &JsValue) -> Result<Input, Error> {
    if let Some(s) = v.as_string() {
        Ok(Input::Text(s))
    } else if v.is_instance_of::<Uint8Array>() {
        Ok(Input::Bytes(Uint8Array::from(v.clone()).to_vec()))
    } else if v.is_object() {
        Ok(Input::Objects(stringify("responses", v)?))
    } else {
        Err(bad_argument("responses", "an array of responses, JSON or CSV text, or CSV bytes (Uint8Array)", kind(v)))
    }
}

/// Read one input into the scorer with the read options `read` for this
/// read only (the scorer keeps its own). Errors carry `read.file` as their
/// file. CSV is read as a stream with an exact set of (wave, respondent) keys:
/// browser inputs are small, and one reader keeps the module smaller.
#[cfg(feature = "scoring")]
pub(crate) fn read_into(
    scorer: &mut Scorer<'static>,
    input: &Input,
    read: &ReadOptions,
) -> Result<SourceSummary, Error> {
    let file = read.file.as_deref();
    let result = match read.format.unwrap_or(input.default_format()) {
        Format::Csv => scorer.read_csv_with(input.bytes(), file, &read.ingest),
        Format::Json => match std::str::from_utf8(input.bytes()) {
            Ok(text) => scorer.read_json_with(text, file, &read.ingest),
            Err(e) => {
                Err(Error::InvalidUtf8 { location: rapport::Location::file(file), byte_offset: e.valid_up_to() as u64 })
            }
        },
    };
    match file {
        Some(f) => result.map_err(|e| e.in_file(f)),
        None => result,
    }
}

/// Read one input through the core's CSV or JSON reader, handing each
/// accepted record to `sink`. Errors carry `read.file` as their file.
pub(crate) fn read(
    input: &Input,
    read: &ReadOptions,
    guard: Option<&mut DuplicateGuard<'static>>,
    sink: &mut dyn FnMut(Record),
) -> Result<(SourceSummary, Vec<RejectedRow>), Error> {
    let (bytes, format) = (input.bytes(), read.format.unwrap_or(input.default_format()));
    let file = read.file.as_deref();
    let (inst, opts) = (&read.instrument, &read.ingest);
    // CSV is read as a stream with an exact set of (wave, respondent) keys
    // rather than the bounded-memory filter and re-scan of `read_csv_bytes`:
    // browser inputs are small, and one reader keeps the module smaller.
    let mut own_guard = DuplicateGuard::new();
    let result = match (format, guard) {
        (Format::Csv, guard) => {
            csv::read_csv_with_guard(bytes, file, inst, opts, guard.unwrap_or(&mut own_guard), sink)
        }
        (Format::Json, guard) => {
            let text = std::str::from_utf8(bytes).map_err(|e| Error::InvalidUtf8 {
                location: rapport::Location::file(file),
                byte_offset: e.valid_up_to() as u64,
            })?;
            match guard {
                None => json::read_json(text, file, inst, opts, sink),
                Some(g) => json::read_json_with_guard(text, file, inst, opts, g, sink),
            }
        }
    };
    match file {
        Some(f) => result.map_err(|e| e.in_file(f)),
        None => result,
    }
}
