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
    pub fn report(&self, by: &[String], min_group_size: u32) -> Option<Value> {
        let options = ScoreOptions { by: by.to_vec(), min_group_size, ..ScoreOptions::default() };
        let mut aggregates = Aggregates::new(&self.instrument, &options).ok()?;
        for record in &self.records {
            aggregates.add(record);
        }
        let report = Report::build(&aggregates, self.intake.clone()).expect("report builds");
        Some(serde_json::from_str(&report.to_json()).expect("report JSON parses"))
    }
}
