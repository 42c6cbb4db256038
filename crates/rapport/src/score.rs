//! Read and score: the one path from responses to a [`Report`], used by the
//! command line, Python and the browser alike.
//!
//! A [`Scorer`] holds the aggregates of everything read so far, the intake
//! summary and one duplicate guard across all inputs (a respondent answering
//! one wave in two files is a duplicate). A read is kept only when it
//! succeeds as a whole, so an error leaves the scorer as it was; records are
//! added in input order, so several inputs give bit for bit the figures of
//! one input holding them all. [`Scorer::report`] builds the report at any moment,
//! privacy applied as always.
//!
//! ```
//! use rapport::{IngestOptions, Instrument, ScoreOptions, score::Scorer};
//! let instrument = Instrument::default();
//! let mut scorer = Scorer::new(&instrument, &ScoreOptions::default(), IngestOptions::default()).unwrap();
//! let csv = "respondent,side,wave,trust_1\nr1,it,2026-01,4\nr2,business,2026-01,2\n";
//! let summary = scorer.read_csv(csv.as_bytes(), Some("a.csv")).unwrap();
//! assert_eq!(summary.accepted, 2);
//! assert!(scorer.read_csv("respondent,side,wave,trust_1\nr3,it,2026-01,9\n".as_bytes(), Some("b.csv")).is_err());
//! assert_eq!(scorer.respondents(), 2); // the failed read left nothing behind
//! let report = scorer.report().unwrap();
//! assert_eq!(report.waves.len(), 1);
//! ```

use crate::actions::ActionLog;
use crate::aggregate::Aggregates;
use crate::aggregate::columnar::{ColumnarResponses, PackedRows};
use crate::aggregate::rows::RowGroups;
use crate::aggregate::saved::{RespondentKeys, SavedAggregates};
use crate::error::{Error, Result};
use crate::ingest::dedupe::RejectSink;
use crate::ingest::response::{Record, RowView};
use crate::ingest::{DuplicateGuard, IngestOptions, IngestSummary, RejectedRow, SourceSummary, csv, json};
use crate::instrument::Instrument;
use crate::options::ScoreOptions;
use crate::report::Report;
use std::io::Read;

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
    let mut scorer = Scorer::new(instrument, options, IngestOptions::default())?;
    scorer.add_records(records, IngestSummary::from_records(records.len() as u64));
    scorer.report()
}

/// Everything read so far, ready to report (see the module docs).
///
/// `'s` is the lifetime of byte slices read with [`Scorer::read_csv_bytes`]:
/// the duplicate check may read them again to resolve a suspected duplicate.
pub struct Scorer<'s> {
    aggregates: Aggregates,
    intake: IngestSummary,
    ingest: IngestOptions,
    guard: DuplicateGuard<'s>,
    /// Index in `intake.sources` of the source that counts the responses
    /// added one at a time ([`Scorer::add_response`]).
    single_source: Option<usize>,
    /// Where every rejected row goes as it is found ([`Scorer::on_rejected`]).
    rejected_out: Option<RejectedOut<'s>>,
    /// Whether the report checks every `by` field ([`Scorer::require_by_fields`]).
    by_required: bool,
    /// The accepted respondents' keys, when kept for saving
    /// ([`Scorer::keeping_keys`]).
    keys: Option<KeyLog>,
}

/// The keys of saved parts merged in, and of the respondents read here.
#[derive(Default)]
struct KeyLog {
    merged: RespondentKeys,
    read: Vec<u64>,
    /// Added without keys (columns, records): duplicates cannot be checked.
    incomplete: bool,
}

/// The sink of [`Scorer::on_rejected`].
type RejectedOut<'s> = Box<dyn FnMut(&RejectedRow) + 's>;

/// One read: it hands accepted records and rejected rows to the sinks and
/// returns the source's counts.
type ReadFn<'f, 's> = dyn FnOnce(
        &Instrument,
        &IngestOptions,
        &mut DuplicateGuard<'s>,
        &mut dyn FnMut(RowView<'_>),
        RejectSink<'_>,
    ) -> Result<SourceSummary>
    + 'f;

impl<'s> Scorer<'s> {
    /// A scorer for `instrument` with scoring `options` (validated here) and
    /// `ingest` options for every read (lenient mode, column mapping,
    /// segment columns).
    ///
    /// Every read checks wave labels against the scoring options' wave order
    /// (it replaces [`IngestOptions::wave_order`]).
    pub fn new(instrument: &Instrument, options: &ScoreOptions, ingest: IngestOptions) -> Result<Self> {
        let ingest = IngestOptions { wave_order: options.wave_order.clone(), ..ingest };
        Ok(Scorer {
            aggregates: Aggregates::new(instrument, options)?,
            intake: IngestSummary::default(),
            ingest,
            guard: DuplicateGuard::new(),
            single_source: None,
            rejected_out: None,
            by_required: false,
            keys: None,
        })
    }

    /// A scorer that continues from aggregates read elsewhere (another
    /// machine, a saved file) with their intake summary.
    pub fn from_aggregates(aggregates: Aggregates, intake: IngestSummary, ingest: IngestOptions) -> Self {
        let ingest = IngestOptions { wave_order: aggregates.options().wave_order.clone(), ..ingest };
        Scorer {
            aggregates,
            intake,
            ingest,
            guard: DuplicateGuard::new(),
            single_source: None,
            rejected_out: None,
            by_required: false,
            keys: None,
        }
    }

    /// Keep a 64-bit hash of every accepted (wave, respondent) from now on,
    /// so that [`Scorer::save`] writes aggregates that merge exactly with
    /// other parts (a respondent in two parts is refused, as in one run).
    /// Costs 8 bytes per accepted respondent.
    pub fn keeping_keys(mut self) -> Self {
        self.keys.get_or_insert_with(KeyLog::default);
        self
    }

    /// A scorer that continues from saved aggregates (the bytes of
    /// [`Scorer::save`] or a `.agg` file; `name` names them in errors): a
    /// later read is checked for duplicates against the saved respondents too.
    ///
    /// ```
    /// use rapport::{IngestOptions, Instrument, ScoreOptions, Scorer};
    /// let inst = Instrument::default();
    /// let mut a = Scorer::new(&inst, &ScoreOptions::default(), IngestOptions::default()).unwrap().keeping_keys();
    /// a.read_csv("respondent,side,wave,trust_1\nr1,it,2026-01,4\n".as_bytes(), Some("a.csv")).unwrap();
    /// let bytes = a.save();
    /// let mut b = Scorer::load(&bytes, Some("a.agg"), IngestOptions::default()).unwrap();
    /// assert_eq!(b.respondents(), 1);
    /// let again = b.read_csv("respondent,side,wave,trust_1\nr1,it,2026-01,5\n".as_bytes(), Some("b.csv"));
    /// assert_eq!(again.unwrap_err().code(), "invalid_aggregates");
    /// b.read_csv("respondent,side,wave,trust_1\nr2,it,2026-01,5\n".as_bytes(), Some("b.csv")).unwrap();
    /// assert_eq!(b.save().len(), Scorer::load(&b.save(), None, IngestOptions::default()).unwrap().save().len());
    /// ```
    pub fn load(bytes: &[u8], name: Option<&str>, ingest: IngestOptions) -> Result<Scorer<'static>> {
        let saved = SavedAggregates::from_bytes(bytes, name)?;
        Ok(Scorer::from_saved(saved, ingest))
    }

    /// A scorer that continues from saved aggregates already read.
    pub fn from_saved(saved: SavedAggregates, ingest: IngestOptions) -> Scorer<'static> {
        let mut scorer = Scorer::from_aggregates(saved.aggregates, saved.intake, ingest);
        scorer.keys = Some(match saved.keys {
            Some(merged) => KeyLog { merged, read: Vec::new(), incomplete: false },
            None => KeyLog { incomplete: true, ..KeyLog::default() },
        });
        scorer
    }

    /// Everything read so far as saved aggregates (keys included when kept).
    pub fn to_saved(&self) -> SavedAggregates {
        let keys = self.keys.as_ref().filter(|k| !k.incomplete).map(|k| {
            let mut keys = RespondentKeys::from_hashes(k.read.clone());
            // Disjoint by the checks on every read.
            let _ = keys.merge(&k.merged);
            keys
        });
        SavedAggregates { aggregates: self.aggregates.clone(), intake: self.intake.clone(), keys }
    }

    /// Everything read so far as the bytes of a `.agg` file (layout in
    /// `docs/aggregates.md`): what [`Scorer::load`] and
    /// [`SavedAggregates::from_bytes`] read back, on any surface.
    pub fn save(&self) -> Vec<u8> {
        self.to_saved().to_bytes()
    }

    /// Hand every row rejected from now on (lenient mode) to `sink`, in
    /// input order, as it is found: all of them, where the intake keeps
    /// their counts and lists only the first
    /// [`crate::ingest::REJECTED_ROWS_LISTED`]. Memory then does not grow with
    /// the number of rejected rows. The rows of a read that fails as a whole
    /// (a file-level error) have been handed over by then, although the
    /// intake does not count them.
    ///
    /// ```
    /// use rapport::{IngestOptions, Instrument, ScoreOptions, score::Scorer};
    /// let lenient = IngestOptions { lenient: true, ..IngestOptions::default() };
    /// let instrument = Instrument::default();
    /// let mut scorer = Scorer::new(&instrument, &ScoreOptions::default(), lenient).unwrap();
    /// let rows = std::rc::Rc::new(std::cell::RefCell::new(Vec::new()));
    /// let seen = rows.clone();
    /// scorer.on_rejected(move |r| seen.borrow_mut().push((r.row, r.code.clone())));
    /// let mut csv = String::from("respondent,side,wave,trust_1\n");
    /// for i in 0..300 {
    ///     csv.push_str(&format!("r{i},{},2026-01,4\n", if i % 3 == 0 { "it" } else { "vendor" }));
    /// }
    /// scorer.read_csv(csv.as_bytes(), Some("a.csv")).unwrap();
    /// assert_eq!(rows.borrow().len(), 200);
    /// assert_eq!(rows.borrow()[0], (3, "unknown_side".to_owned()));
    /// let intake = scorer.intake();
    /// assert_eq!((intake.rejected, intake.rejected_by_code["unknown_side"], intake.rejected_rows.len()), (200, 200, 100));
    /// ```
    pub fn on_rejected(&mut self, sink: impl FnMut(&RejectedRow) + 's) {
        self.rejected_out = Some(Box::new(sink));
    }

    /// The instrument.
    pub fn instrument(&self) -> &Instrument {
        self.aggregates.instrument()
    }

    /// The scoring options.
    pub fn options(&self) -> &ScoreOptions {
        self.aggregates.options()
    }

    /// The options every read uses.
    pub fn ingest_options(&self) -> &IngestOptions {
        &self.ingest
    }

    /// The aggregates of everything read so far.
    pub fn aggregates(&self) -> &Aggregates {
        &self.aggregates
    }

    /// Rows in, accepted and rejected so far, per source.
    pub fn intake(&self) -> &IngestSummary {
        &self.intake
    }

    /// Respondents accepted so far.
    pub fn respondents(&self) -> u64 {
        self.aggregates.respondents()
    }

    /// The aggregates and the intake summary, for saving or merging.
    pub fn into_parts(self) -> (Aggregates, IngestSummary) {
        (self.aggregates, self.intake)
    }

    /// Run one read with `ingest` options (the scorer's own when `None`;
    /// the wave order is always the scoring options'); keep it and record
    /// the source when it succeeds, otherwise forget it (the guard included).
    fn read_one(&mut self, ingest: Option<&IngestOptions>, read: Box<ReadFn<'_, 's>>) -> Result<SourceSummary> {
        let ingest = match ingest {
            None => self.ingest.clone(),
            Some(i) => IngestOptions { wave_order: self.options().wave_order.clone(), ..i.clone() },
        };
        let (summary, rejected) = self.transaction(&ingest, read)?;
        self.intake.add_source(summary.clone(), []);
        self.intake.merge(rejected);
        Ok(summary)
    }

    /// [`Scorer::read_one`] with given options, leaving the intake to the
    /// caller: the read's counts, and its rejected rows as an intake of them
    /// alone (counted per code, the first listed), every one of them handed
    /// to [`Scorer::on_rejected`]'s sink.
    fn transaction(
        &mut self,
        ingest: &IngestOptions,
        read: Box<ReadFn<'_, 's>>,
    ) -> Result<(SourceSummary, IngestSummary)> {
        // Rows are added to groups of their own, merged into the aggregates
        // only when the whole read succeeds; several inputs give bit for bit
        // the figures of one input holding them all (see `aggregate::rows`).
        let mut target = RowGroups::new(&self.aggregates);
        let inputs = self.guard.inputs();
        let mut rejected = IngestSummary::default();
        let mut rejects = forward(&mut self.rejected_out, &mut rejected);
        let keys = &mut self.keys;
        let mark = keys.as_ref().map_or(0, |k| k.read.len());
        let mut seen_before: Option<String> = None;
        let (instrument, guard) = (self.aggregates.instrument(), &mut self.guard);
        // Rows are added to the groups on a thread of their own while the
        // reader goes on (same groups, same order: see `rows::fill`).
        let result = crate::aggregate::rows::fill(&mut target, crate::util::par::threads(), |add| {
            let mut sink = |r: RowView<'_>| {
                if let Some(k) = keys.as_mut() {
                    let h = RespondentKeys::hash(r.wave, r.respondent);
                    if seen_before.is_none() && k.merged.contains(h) {
                        seen_before = Some(r.wave.to_owned());
                    }
                    k.read.push(h);
                }
                add(&r);
            };
            read(instrument, ingest, guard, &mut sink, &mut rejects)
        });
        drop(rejects);
        let result = match (result, seen_before) {
            (Ok(_), Some(wave)) => Err(Error::InvalidAggregates {
                file: None,
                offset: None,
                message: format!(
                    "a respondent of this input answered wave {wave:?} in the saved aggregates too: \
                     each respondent's answer to a wave must be in one part"
                ),
            }),
            (result, _) => result,
        };
        match result {
            Ok(read) => {
                target.merge_into(&mut self.aggregates);
                Ok((read, rejected))
            }
            Err(e) => {
                if self.guard.inputs() > inputs {
                    self.guard.forget_last_input();
                }
                if let Some(k) = self.keys.as_mut() {
                    k.read.truncate(mark);
                }
                Err(e)
            }
        }
    }

    /// Read CSV from any reader (standard input, a network stream). A plain
    /// reader cannot be read twice, so duplicates are checked with an exact
    /// set of keys; prefer [`Scorer::read_csv_path`] for very large files.
    pub fn read_csv<R: Read>(&mut self, reader: R, source: Option<&str>) -> Result<SourceSummary> {
        self.read_one(
            None,
            Box::new(|inst, opts, guard, sink, rejects| {
                csv::stream_csv(reader, source, inst, opts, guard, sink, rejects)
            }),
        )
    }

    /// [`Scorer::read_csv`] with other ingest options for this read only
    /// (lenient mode, a column mapping, segment columns for one input); the
    /// scorer's own options are left as they are, and wave labels are
    /// checked against the scoring options' wave order as in every read.
    ///
    /// ```
    /// use rapport::{IngestOptions, Instrument, ScoreOptions, score::Scorer};
    /// let instrument = Instrument::default();
    /// let mut scorer = Scorer::new(&instrument, &ScoreOptions::default(), IngestOptions::default()).unwrap();
    /// let csv = "respondent,side,wave,trust_1\nr1,it,2026-01,4\nr2,it,2026-01,9\n";
    /// let lenient = IngestOptions { lenient: true, ..IngestOptions::default() };
    /// let summary = scorer.read_csv_with(csv.as_bytes(), Some("a.csv"), &lenient).unwrap();
    /// assert_eq!((summary.accepted, summary.rejected), (1, 1));
    /// assert!(!scorer.ingest_options().lenient); // the next read is strict again
    /// let e = scorer.read_csv("respondent,side,wave,trust_1\nr3,it,2026-01,9\n".as_bytes(), Some("b.csv"));
    /// assert_eq!(e.unwrap_err().code(), "value_out_of_scale");
    /// ```
    pub fn read_csv_with<R: Read>(
        &mut self,
        reader: R,
        source: Option<&str>,
        ingest: &IngestOptions,
    ) -> Result<SourceSummary> {
        self.read_one(
            Some(ingest),
            Box::new(|inst, opts, guard, sink, rejects| {
                csv::stream_csv(reader, source, inst, opts, guard, sink, rejects)
            }),
        )
    }

    /// Read CSV held in memory (duplicates checked in bounded memory).
    #[cfg(feature = "rescan")]
    pub fn read_csv_bytes(&mut self, bytes: &'s [u8], source: Option<&str>) -> Result<SourceSummary> {
        self.read_one(
            None,
            Box::new(|inst, opts, guard, sink, rejects| {
                csv::stream_csv_bytes(bytes, source, inst, opts, guard, (sink, rejects), reader_workers())
            }),
        )
    }

    /// Read a CSV file (duplicates checked in bounded memory), calling
    /// `progress` with the bytes read so far.
    #[cfg(feature = "rescan")]
    pub fn read_csv_path(
        &mut self,
        path: &std::path::Path,
        progress: Option<&mut dyn FnMut(u64)>,
    ) -> Result<SourceSummary> {
        self.read_one(
            None,
            Box::new(|inst, opts, guard, sink, rejects| {
                csv::stream_csv_path(path, inst, opts, guard, (sink, rejects), progress, reader_workers())
            }),
        )
    }

    /// Read responses in the documented JSON form (an array, or one object
    /// per line).
    pub fn read_json(&mut self, text: &str, source: Option<&str>) -> Result<SourceSummary> {
        self.read_one(
            None,
            Box::new(|inst, opts, guard, sink, rejects| {
                json::stream_json(text, source, inst, opts, guard, sink, rejects)
            }),
        )
    }

    /// [`Scorer::read_json`] with other ingest options for this read only
    /// (see [`Scorer::read_csv_with`]).
    pub fn read_json_with(
        &mut self,
        text: &str,
        source: Option<&str>,
        ingest: &IngestOptions,
    ) -> Result<SourceSummary> {
        self.read_one(
            Some(ingest),
            Box::new(|inst, opts, guard, sink, rejects| {
                json::stream_json(text, source, inst, opts, guard, sink, rejects)
            }),
        )
    }

    /// Add one response in the documented JSON form (an object), checked
    /// strictly with the default read options; `name` names it in errors
    /// ("added response 3"). Responses added this way are counted together as
    /// one source of the intake. On an error the scorer is unchanged.
    pub fn add_response(&mut self, json: &str, name: &str) -> Result<()> {
        let strict = IngestOptions { wave_order: self.options().wave_order.clone(), ..IngestOptions::default() };
        // An array of one, whatever the object's layout (JSON lines are one per line).
        let array = format!("[{json}]");
        let (read, _) = self.transaction(
            &strict,
            Box::new(|inst, opts, guard, sink, rejects| {
                json::stream_json(&array, Some(name), inst, opts, guard, sink, rejects)
            }),
        )?;
        let i = *self.single_source.get_or_insert_with(|| {
            self.intake.sources.push(SourceSummary { format: "json".into(), ..SourceSummary::default() });
            self.intake.sources.len() - 1
        });
        let source = &mut self.intake.sources[i];
        source.rows_in += read.accepted;
        source.accepted += read.accepted;
        self.intake.rows_in += read.accepted;
        self.intake.accepted += read.accepted;
        Ok(())
    }

    /// Add answers held in columns (the block engine Python and the browser
    /// use). Duplicates are checked within the columns.
    pub fn add_columns(&mut self, columns: &ColumnarResponses<'_>) -> Result<SourceSummary> {
        self.keys_unknown();
        let mut target = self.aggregates.clone();
        let mut rejected = IngestSummary::default();
        let mut rejects = forward(&mut self.rejected_out, &mut rejected);
        let summary = columns.aggregate_into(&self.ingest, &mut target, &mut rejects)?;
        drop(rejects);
        self.aggregates = target;
        self.intake.add_source(summary.clone(), []);
        self.intake.merge(rejected);
        Ok(summary)
    }

    /// Add rows packed and validated earlier by [`ColumnarResponses::pack`],
    /// with the intake summary of that validation.
    pub fn add_packed(
        &mut self,
        columns: &ColumnarResponses<'_>,
        packed: &PackedRows,
        intake: IngestSummary,
    ) -> Result<()> {
        self.keys_unknown();
        let mut target = self.aggregates.clone();
        columns.aggregate_packed(packed, &mut target)?;
        self.aggregates = target;
        self.intake.merge(intake);
        Ok(())
    }

    /// Add records validated elsewhere, with the intake summary of the read
    /// that produced them.
    pub fn add_records(&mut self, records: &[Record], intake: IngestSummary) {
        if let Some(k) = self.keys.as_mut() {
            k.read.extend(records.iter().map(|r| RespondentKeys::hash(&r.wave, &r.respondent)));
        }
        // Adding a validated record cannot fail: no copy is needed.
        records.iter().for_each(|r| self.aggregates.add(r));
        self.intake.merge(intake);
    }

    /// Add aggregates built elsewhere from other responses with the same
    /// instrument and options, with their intake summary. Duplicates between
    /// them and what was read here are not checked: merge disjoint data.
    pub fn merge(&mut self, aggregates: Aggregates, intake: IngestSummary) -> Result<()> {
        self.aggregates.merge(aggregates)?;
        self.keys_unknown();
        self.intake.merge(intake);
        // Later single responses get a source of their own after the merged ones.
        self.single_source = None;
        Ok(())
    }

    /// Respondents were added without their keys: saved aggregates will say
    /// so (and cannot be merged with other parts).
    fn keys_unknown(&mut self) {
        if let Some(k) = self.keys.as_mut() {
            k.incomplete = true;
        }
    }

    /// Whether the wave labels of every input read so far can be put in one
    /// time order (see [`crate::waves::WaveLabels::check`]): `Err` is a
    /// `wave_conflict` error at the first row of one label, naming the other
    /// label and its first row. [`Scorer::report`] checks this first; a
    /// dry run (`rapport validate`) calls it after reading every input.
    /// (Records, columns and aggregates added without a read have no rows to
    /// name: their labels are checked when the report orders the waves.)
    ///
    /// ```
    /// use rapport::{IngestOptions, Instrument, ScoreOptions, score::Scorer};
    /// let instrument = Instrument::default();
    /// let mut scorer = Scorer::new(&instrument, &ScoreOptions::default(), IngestOptions::default()).unwrap();
    /// scorer.read_csv("respondent,side,wave,trust_1\nr1,it,2026-03,4\n".as_bytes(), Some("a.csv")).unwrap();
    /// scorer.read_csv("respondent,side,wave,trust_1\nr2,it,2026-Q2,4\n".as_bytes(), Some("b.csv")).unwrap();
    /// let e = scorer.check_waves().unwrap_err();
    /// assert_eq!(e.code(), "wave_conflict");
    /// assert!(e.to_string().starts_with("b.csv, row 2, column \"wave\": wave \"2026-Q2\""), "{e}");
    /// assert_eq!(scorer.report().unwrap_err(), e);
    /// ```
    pub fn check_waves(&self) -> Result<()> {
        self.guard.waves().check(&self.options().wave_order)
    }

    /// Check that every field of the options' `by` is one the data has:
    /// `side`, or a segment that at least one response carries (a non-blank
    /// value). Otherwise an [`crate::Error::InvalidOption`] (code
    /// `invalid_option`, option `by`) naming the first unknown field and the
    /// fields the data has. Nothing read yet is never an error.
    ///
    /// The report itself leaves such a field out with a note (the default
    /// `by`, `["side", "department"]`, suits data with or without
    /// departments); a caller whose user named the fields calls this, or
    /// [`Scorer::require_by_fields`], so that a misspelt field is an error.
    ///
    /// ```
    /// use rapport::{IngestOptions, Instrument, ScoreOptions, score::Scorer};
    /// let instrument = Instrument::default();
    /// let options = ScoreOptions { by: vec!["side".into(), "dept".into()], ..Default::default() };
    /// let mut scorer = Scorer::new(&instrument, &options, IngestOptions::default()).unwrap();
    /// scorer.check_by().unwrap(); // nothing read yet
    /// let csv = "respondent,side,wave,department,role,trust_1\nr1,it,2026-01,Finance,,4\n";
    /// scorer.read_csv(csv.as_bytes(), Some("a.csv")).unwrap();
    /// let e = scorer.check_by().unwrap_err();
    /// assert_eq!(e.code(), "invalid_option");
    /// assert_eq!(
    ///     e.to_string(),
    ///     "option by is invalid: expected side or a segment field of the data (department), found \"dept\""
    /// );
    /// assert!(scorer.report().is_ok()); // left out with a note …
    /// scorer.require_by_fields();
    /// assert_eq!(scorer.report().unwrap_err(), e); // … unless the fields are required
    /// ```
    pub fn check_by(&self) -> Result<()> {
        self.aggregates.check_by()
    }

    /// Make [`Scorer::report`] fail with [`Scorer::check_by`]'s error when a
    /// `by` field is not one the data has: what the surfaces do when their
    /// user gave `by` (the command line's `--by`, an options file, Python's
    /// `by=`, the browser's `by` option; see [`ScoreOptions::json_names`]).
    pub fn require_by_fields(&mut self) {
        self.by_required = true;
    }

    /// The report of everything read so far.
    pub fn report(&self) -> Result<Report> {
        self.check_waves()?;
        if self.by_required {
            self.check_by()?;
        }
        Report::build(&self.aggregates, self.intake.clone())
    }

    /// The report with the follow-up of an action log.
    pub fn report_with_log(&self, log: &ActionLog) -> Result<Report> {
        let mut report = self.report()?;
        report.follow_up(self.aggregates.instrument(), log)?;
        Ok(report)
    }
}

/// A read's sink of rejected rows: each goes to the scorer's
/// [`Scorer::on_rejected`] sink, if any, and is noted in `rejected`.
/// Threads a CSV read may use for parts of its input (see
/// `ingest::csv`): a scorer adds rows to their groups on a thread of its
/// own while the calling thread reads, so two of the threads are taken.
#[cfg(feature = "rescan")]
fn reader_workers() -> usize {
    crate::util::par::threads().saturating_sub(2)
}

fn forward<'o>(out: &'o mut Option<RejectedOut<'_>>, rejected: &'o mut IngestSummary) -> impl FnMut(RejectedRow) + 'o {
    move |row| {
        if let Some(out) = out {
            out(&row);
        }
        rejected.note_rejected(row);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sample;

    fn json_of(records: &[Record], inst: &Instrument) -> String {
        let responses: Vec<_> = records.iter().map(|r| r.to_response(inst)).collect();
        serde_json::to_string(&responses).unwrap()
    }

    #[test]
    fn two_inputs_give_the_figures_of_one_and_a_failed_read_changes_nothing() {
        let inst = Instrument::default();
        let records = sample::generate(&inst, &sample::SampleOptions { waves: 2, ..Default::default() });
        let (a, b) = records.split_at(records.len() / 3);
        let opts = ScoreOptions::default();
        let mut whole = Scorer::new(&inst, &opts, IngestOptions::default()).unwrap();
        whole.read_json(&json_of(&records, &inst), Some("all.json")).unwrap();
        let mut split = Scorer::new(&inst, &opts, IngestOptions::default()).unwrap();
        split.read_json(&json_of(a, &inst), Some("a.json")).unwrap();
        let before = split.report().unwrap().to_json();
        // A bad row after good ones: nothing of this read may stay.
        let bad = json_of(b, &inst);
        let bad = format!(
            "{}{}",
            &bad[..bad.len() - 1],
            r#",{"respondent":"zz","side":"it","wave":"2026-01","answers":{"trust_1":9}}]"#
        );
        assert!(split.read_json(&bad, Some("bad.json")).is_err());
        assert_eq!(split.report().unwrap().to_json(), before);
        split.read_json(&json_of(b, &inst), Some("b.json")).unwrap();
        let (w, s) = (whole.report().unwrap(), split.report().unwrap());
        assert_eq!(serde_json::to_value(&w.waves).unwrap(), serde_json::to_value(&s.waves).unwrap());
        assert_eq!(w.intake.accepted, s.intake.accepted);
        // The failed read's respondents were forgotten by the duplicate check too.
        assert_eq!(s.intake.rejected, 0);
    }
}
