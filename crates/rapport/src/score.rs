//! Read and score: the path from responses to a [`Report`].

use crate::aggregate::Aggregates;
use crate::error::Result;
use crate::ingest::IngestSummary;
use crate::ingest::response::Record;
use crate::instrument::Instrument;
use crate::options::ScoreOptions;
use crate::report::Report;

/// Score validated records in one call (the convenience entry point).
///
/// ```
/// use rapport::{Instrument, ScoreOptions, score_records, sample};
/// let inst = Instrument::default();
/// let records = sample::generate(&inst, &sample::SampleOptions { waves: 2, ..Default::default() });
/// let report = score_records(&inst, &records, &ScoreOptions::default()).unwrap();
/// assert_eq!(report.waves.len(), 2);
/// ```
pub fn score_records(instrument: &Instrument, records: &[Record], options: &ScoreOptions) -> Result<Report> {
    let mut aggs = Aggregates::new(instrument, options)?;
    for r in records {
        aggs.add(r);
    }
    Report::build(&aggs, IngestSummary::from_records(records.len() as u64))
}
