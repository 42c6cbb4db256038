//! `rapport validate`: read every input with the same options `report` would
//! use and say whether it is clean, without scoring.
//!
//! Every file is checked, so one run lists the problems of all of them.
//! Strict mode shows the first error of each file; lenient mode lists every
//! rejected row. Then the wave labels of every file are checked together
//! (labels of different kinds, or two for one point in time, cannot be put
//! in one time order), as `report` checks them. Any bad data → exit 1;
//! configuration problems (options, instrument, mapping, unreadable files)
//! stop at once with exit 2.

use crate::args::ValidateArgs;
use crate::commands::report::rejected_lines;
use crate::error::{CliError, EXIT_DATA, hint_for_code};
use crate::input::{self, load_instrument};
use rapport::Scorer;
use std::collections::BTreeSet;

/// Run `rapport validate`.
pub fn run(args: &ValidateArgs) -> Result<(), CliError> {
    // Same checks as `report`, so validate is a faithful dry run of it.
    let options = input::load_options(&args.score)?;
    options.validate()?;
    let instrument = load_instrument(args.input.instrument.as_deref())?;
    let ingest = input::ingest_options(&args.input, &instrument)?;
    let sources = input::plan(&args.input.files, args.input.input_format, args.input.sheet.as_deref())?;
    let progress = input::progress_for(&sources, args.input.quiet);

    let mut failed = false;
    let mut hints = BTreeSet::new();
    // The scorer `report` would use, so every check it makes is made here.
    let mut scorer = Scorer::new(&instrument, &options, ingest)?;
    for source in &sources {
        let listed = scorer.intake().rejected_rows.len();
        let read = input::read_source(source, &progress, &mut scorer);
        let rejected = &scorer.intake().rejected_rows[listed.min(scorer.intake().rejected_rows.len())..];
        match read {
            Ok(summary) if rejected.is_empty() && summary.rejected == 0 => {
                if !args.input.quiet {
                    let noun = if summary.accepted == 1 { "response" } else { "responses" };
                    progress.suspend(|| outln!("ok: {} {noun} in {}", summary.accepted, source.name));
                    if let Some(note) = &summary.import {
                        progress.suspend(|| outln!("  {}", rapport::render::text::escape_controls(note)));
                    }
                }
            }
            Ok(summary) => {
                failed = true;
                for r in rejected {
                    if let Some(h) = hint_for_code(&r.code) {
                        hints.insert(h);
                    }
                }
                progress.suspend(|| {
                    err!("{}", rejected_lines(rejected, usize::MAX));
                    errln!(
                        "{}: {} of {} rows rejected, {} accepted",
                        source.name,
                        summary.rejected,
                        summary.rows_in,
                        summary.accepted
                    );
                });
            }
            Err(e) if e.exit_code() == EXIT_DATA => {
                failed = true;
                if let Some(h) = e.hint() {
                    hints.insert(h);
                }
                progress.suspend(|| errln!("{e}"));
            }
            Err(e) => {
                progress.finish_and_clear();
                return Err(e);
            }
        }
    }
    progress.finish_and_clear();
    // Waves that cannot be put in one time order: what `report` would stop at.
    if let Err(e) = scorer.check_waves() {
        failed = true;
        let e = CliError::from(e);
        if let Some(h) = e.hint() {
            hints.insert(h);
        }
        errln!("{}", rapport::render::text::escape_controls(&e.to_string()));
    }
    if !failed && !args.input.quiet && args.score.by.is_some() {
        // A requested break-down no response carries is left out of the report; say so now.
        let seen = scorer.aggregates().by_seen();
        for (_, field) in options.by.iter().enumerate().filter(|&(i, f)| f != "side" && !seen[i]) {
            errln!("warning: no response has a {field:?} segment, so --by {field} would be left out of the report");
        }
    }
    for h in hints {
        errln!("hint: {h}");
    }
    if failed { Err(CliError::Reported) } else { Ok(()) }
}
