//! Reports produced in process through the public library API, the way the
//! CLI produces them: read every input file with the core's CSV reader into
//! one intake summary, aggregate with the options, build the report, and
//! hand back only its JSON.

use rapport::ingest::IngestOptions;
use rapport::ingest::csv::read_csv_bytes;
use rapport::{Aggregates, IngestSummary, Instrument, Record, Report, ScoreOptions};
use serde_json::Value;

/// One input file: its name and CSV text.
#[derive(Debug, Clone)]
pub struct InputFile {
    pub name: String,
    pub csv: String,
}

/// A data set read once, to be reported many times.
pub struct Inputs {
    pub instrument: Instrument,
    pub records: Vec<Record>,
    pub intake: IngestSummary,
}

impl Inputs {
    /// Read the files strictly (a bad row is a bug of the generator).
    pub fn read(instrument: &Instrument, files: &[InputFile]) -> Inputs {
        let mut records = Vec::new();
        let mut intake = IngestSummary::default();
        for file in files {
            let (summary, rejected) = read_csv_bytes(
                file.csv.as_bytes(),
                Some(&file.name),
                instrument,
                &IngestOptions::default(),
                &mut |r| records.push(r),
            )
            .unwrap_or_else(|e| panic!("reading {}: {e}", file.name));
            intake.add_source(summary, rejected);
        }
        Inputs { instrument: instrument.clone(), records, intake }
    }

    /// The report's JSON for `by` and `min_group_size` (every other option
    /// at its default), or `None` when the library refuses the options.
    ///
    /// The JSON is the text of [`Report::to_json`] parsed back when `text`
    /// is set; otherwise the same serialization straight into a `Value`
    /// (`serde_json::to_value`), five times faster in a debug build. The
    /// two are compared whenever the text is made.
    pub fn report(&self, by: &[String], min_group_size: u32, text: bool) -> Option<Value> {
        let options = ScoreOptions { by: by.to_vec(), min_group_size, ..ScoreOptions::default() };
        let mut aggregates = Aggregates::new(&self.instrument, &options).ok()?;
        for record in &self.records {
            aggregates.add(record);
        }
        let report = Report::build(&aggregates, self.intake.clone()).expect("report builds");
        let value = serde_json::to_value(&report).expect("report serializes");
        if text {
            let parsed: Value = serde_json::from_str(&report.to_json()).expect("report JSON parses");
            assert_eq!(parsed, value, "the report's JSON text and its serialized value differ");
        }
        Some(value)
    }
}

/// The default instrument cut down to the agreement items and outcomes in
/// `columns` (and the dimensions, playbook actions they need): an
/// organisation's own short survey. Reports of it are much smaller, so
/// many more data sets can be attacked in the same time.
pub fn short_instrument(columns: &[String]) -> Instrument {
    let mut spec: Value = serde_json::from_str(&Instrument::default().to_json()).expect("instrument JSON");
    let keep = |v: &Value, field: &str| v[field].as_str().is_some_and(|id| columns.iter().any(|c| c == id));
    let items: Vec<Value> =
        spec["items"].as_array().expect("items").iter().filter(|i| keep(i, "id")).cloned().collect();
    let dims: Vec<String> = items.iter().filter_map(|i| i["dimension"].as_str().map(str::to_owned)).collect();
    let used = |v: &Value, field: &str| v[field].as_str().is_some_and(|d| dims.iter().any(|x| x == d));
    let dimensions: Vec<Value> =
        spec["dimensions"].as_array().expect("dimensions").iter().filter(|d| used(d, "id")).cloned().collect();
    let outcomes: Vec<Value> =
        spec["outcomes"].as_array().expect("outcomes").iter().filter(|o| keep(o, "id")).cloned().collect();
    let playbook: Vec<Value> =
        spec["playbook"].as_array().expect("playbook").iter().filter(|a| used(a, "dimension")).cloned().collect();
    spec["items"] = Value::Array(items);
    spec["dimensions"] = Value::Array(dimensions);
    spec["outcomes"] = Value::Array(outcomes);
    spec["playbook"] = Value::Array(playbook);
    Instrument::from_json(&spec.to_string()).expect("the short instrument is valid")
}
