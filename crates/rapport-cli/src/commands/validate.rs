//! `rapport validate`: read every input with the same options `report` would
//! use and say whether it is clean, without scoring.
//!
//! Every file is checked, so one run lists the problems of all of them.
//! Strict mode shows the first error of each file; lenient mode lists every
//! rejected row as it is found (with `--rejected FILE`, the first few of each
//! file, and every one in the file). Then the wave labels of every file are
//! checked together (labels of different kinds, or two for one point in
//! time, cannot be put in one time order), as `report` checks them. Any bad
//! data → exit 1; configuration problems (options, instrument, mapping,
//! unreadable files) stop at once with exit 2, and so does a `--by` field
//! (or `by` in the options file) that the data does not have.

use crate::args::ValidateArgs;
use crate::commands::report::{REJECTED_SHOWN, rejected_lines};
use crate::error::{CliError, EXIT_DATA, hint_for_code};
use crate::input::{self, load_instrument};
use crate::rejected::{RejectedFile, Shared};
use indicatif::ProgressBar;
use rapport::{RejectedRow, Scorer};
use std::cell::RefCell;
use std::collections::BTreeSet;
use std::rc::Rc;

/// What validate does with each rejected row: list it on standard error
/// (all of them, or the first `limit` of each input when they also go to a
/// file), write it to the `--rejected` file, and note the code's hint.
struct Listing {
    progress: ProgressBar,
    file: Option<Shared>,
    limit: usize,
    /// Rows listed for the current input.
    listed: usize,
    /// Codes met, for the hints at the end.
    codes: BTreeSet<String>,
}

impl Listing {
    fn row(&mut self, row: &RejectedRow) {
        if let Some(file) = &self.file {
            file.borrow_mut().write(row);
        }
        if !self.codes.contains(&row.code) {
            self.codes.insert(row.code.clone());
        }
        if self.listed < self.limit {
            self.listed += 1;
            let line = rejected_lines(std::slice::from_ref(row), 1);
            self.progress.suspend(|| err!("{line}"));
        }
    }
}

/// The answers of one input read as missing (`--bad-cells missing`): a
/// count, then each listed one with where it is and what was wrong.
fn bad_cell_lines(name: &str, summary: &rapport::ingest::SourceSummary) -> String {
    let n = summary.bad_cells;
    let mut out = format!(
        "{name}: {n} answer{} read as missing (--bad-cells missing), {} kept",
        if n == 1 { "" } else { "s" },
        if n == 1 { "its response" } else { "their responses" }
    );
    for cell in &summary.bad_cells_listed {
        out.push_str(&format!("\n  missing[{}]: {}", cell.code, rapport::render::text::escape_controls(&cell.message)));
    }
    if n > summary.bad_cells_listed.len() as u64 {
        out.push_str(&format!("\n  … and {} more", n - summary.bad_cells_listed.len() as u64));
    }
    out
}

/// Run `rapport validate`.
pub fn run(args: &ValidateArgs) -> Result<(), CliError> {
    // Same checks as `report`, so validate is a faithful dry run of it.
    let (options, by_given) = input::load_options(&args.score)?;
    options.validate()?;
    let instrument = load_instrument(args.input.instrument.as_deref())?;
    let ingest = input::ingest_options(&args.input, &instrument)?;
    let sources = input::plan(&args.input.files, args.input.input_format, args.input.sheet.as_deref())?;
    let file = args.input.rejected.as_deref().map(|p| RejectedFile::create(p, &sources)).transpose()?;
    let progress = input::progress_for(&sources, args.input.quiet);
    let listing = Rc::new(RefCell::new(Listing {
        progress: progress.clone(),
        limit: if file.is_some() { REJECTED_SHOWN } else { usize::MAX },
        file,
        listed: 0,
        codes: BTreeSet::new(),
    }));

    let mut failed = false;
    let mut hints = BTreeSet::new();
    // The scorer `report` would use, so every check it makes is made here.
    let mut scorer = Scorer::new(&instrument, &options, ingest)?;
    let sink = Rc::clone(&listing);
    scorer.on_rejected(move |row| sink.borrow_mut().row(row));
    for source in &sources {
        listing.borrow_mut().listed = 0;
        let read = input::read_source(source, &progress, &mut scorer);
        if let Ok(summary) = &read
            && summary.bad_cells > 0
            && !args.input.quiet
        {
            progress.suspend(|| outln!("{}", bad_cell_lines(&source.name, summary)));
        }
        match read {
            Ok(summary) if summary.rejected == 0 => {
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
                let listing = listing.borrow();
                let more = summary.rejected.saturating_sub(listing.listed as u64);
                progress.suspend(|| {
                    if let (Some(file), true) = (&listing.file, more > 0) {
                        errln!("  … and {more} more (every rejected row is in {})", file.borrow().path().display());
                    }
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
    let listing = listing.borrow();
    if let Some(file) = &listing.file {
        file.borrow_mut().finish()?;
    }
    hints.extend(listing.codes.iter().filter_map(|code| hint_for_code(code)));
    // Waves that cannot be put in one time order: what `report` would stop at.
    if let Err(e) = scorer.check_waves() {
        failed = true;
        let e = CliError::from(e);
        if let Some(h) = e.hint() {
            hints.insert(h);
        }
        errln!("{}", rapport::render::text::escape_controls(&e.to_string()));
    }
    // A named break-down field the data does not have: what `report` would
    // stop at (an option error, exit 2).
    if by_given && !failed {
        scorer.check_by()?;
    }
    for h in hints {
        errln!("hint: {h}");
    }
    if failed { Err(CliError::Reported) } else { Ok(()) }
}
