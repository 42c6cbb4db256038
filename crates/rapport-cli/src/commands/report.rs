//! `rapport report`: read every input into one set of aggregates (streaming,
//! one file after another), build the report and print it as a terminal
//! scorecard, the versioned JSON form, the HTML report, or the core's tidy
//! tables as CSV ([`rapport::report::tables`]: one file per table, or one table).

use crate::args::{ReportArgs, ReportFormat};
use crate::error::CliError;
use crate::input::{self, load_instrument};
use crate::output::{text_width, use_color, write_text, write_with};
use crate::rejected::RejectedFile;
use rapport::render::text::{TextOptions, scorecard};
use rapport::{IngestSummary, RejectedRow, Report, Scorer};
use std::path::{Path, PathBuf};

/// How many rejected rows the lenient summary on stderr lists.
pub const REJECTED_SHOWN: usize = 5;

/// Run `rapport report`.
pub fn run(args: &ReportArgs) -> Result<(), CliError> {
    check_csv_flags(args)?;
    if args.aggregates {
        return from_aggregates(args);
    }
    let (options, by_given) = input::load_options(&args.score)?;
    options.validate()?;
    let instrument = load_instrument(args.input.instrument.as_deref())?;
    let (mut scorer, rejected_file) = read_all(&args.input, &instrument, &options)?;
    if by_given {
        scorer.require_by_fields();
    }
    let intake = scorer.intake();

    if args.input.lenient && !args.input.quiet {
        // A text scorecard on stdout lists the rejected rows itself; then
        // stderr gets only the counts, so the terminal does not show them twice.
        let scorecard_lists_them = args.format == ReportFormat::Text && args.output.is_none();
        let limit = if scorecard_lists_them { 0 } else { REJECTED_SHOWN };
        err!("{}", lenient_summary(intake, limit, rejected_file.as_deref()));
    }

    let report = scorer.report()?;
    let written = write_report(args, &instrument, report);
    // The aggregates (hundreds of thousands of groups in a large file) are
    // left for the process's exit to give back: freeing them one by one
    // took longer than anything left to do.
    std::mem::forget(scorer);
    written
}

/// `--aggregates`: the FILEs are saved parts (`rapport aggregate`), merged
/// in the order given. The instrument is theirs (`--instrument`, if given,
/// must be the same); the options are theirs under `--options` and the
/// flags, which may change how the report reads the aggregates but not what
/// was aggregated.
fn from_aggregates(args: &ReportArgs) -> Result<(), CliError> {
    let i = &args.input;
    let read_flags = [
        (i.mapping.is_some(), "--mapping"),
        (i.lenient, "--lenient"),
        (i.segments.is_some(), "--segments"),
        (i.side.is_some(), "--side"),
        (i.wave.is_some() || i.wave_period.is_some(), "--wave / --wave-period"),
        (i.input_format.is_some() || i.sheet.is_some(), "--input-format / --sheet"),
        (i.from != "auto", "--from"),
    ];
    if let Some((_, flag)) = read_flags.iter().find(|(given, _)| *given) {
        return Err(CliError::Usage {
            code: "invalid_option",
            message: format!("{flag} is for reading responses; the files given with --aggregates are already read"),
            hint: Some("give it to `rapport aggregate` when making the parts".into()),
        });
    }
    let mut saved = super::aggregate::read_parts(&i.files)?;
    let first = i.files[0].display().to_string();
    if let Some(path) = i.instrument.as_deref() {
        let asked = load_instrument(Some(path))?;
        let built = saved.aggregates.instrument();
        if &asked != built {
            return Err(rapport::Error::InvalidAggregates {
                file: Some(first),
                offset: None,
                message: format!(
                    "built with instrument {} {}, but --instrument {} is {} {}",
                    built.id(),
                    built.version(),
                    path.display(),
                    asked.id(),
                    asked.version()
                ),
            }
            .into());
        }
    }
    let file = input::options_file(&args.score)?;
    let by_given = args.score.by.is_some() || file.as_ref().is_some_and(|(_, by)| *by);
    let base = file.map_or_else(|| saved.aggregates.options().clone(), |(o, _)| o);
    let options = args.score.to_options_over(base);
    saved.set_options(&options, &first)?;
    if by_given {
        // As for files of responses: a named field the parts' data lacks is an error.
        saved.aggregates.check_by()?;
    }
    let instrument = saved.aggregates.instrument().clone();
    let report = Report::build(&saved.aggregates, saved.intake)?;
    write_report(args, &instrument, report)
}

/// Follow up the action log, then write the report in the asked format.
fn write_report(args: &ReportArgs, instrument: &rapport::Instrument, mut report: Report) -> Result<(), CliError> {
    if let Some(log) = input::load_action_log(args.actions.as_deref())? {
        report.follow_up(instrument, &log).map_err(|error| CliError::Config {
            kind: crate::error::ConfigFile::ActionLog,
            path: args.actions.as_deref().map(|p| p.display().to_string()).unwrap_or_default(),
            error: Box::new(error),
        })?;
    }
    if args.format == ReportFormat::Csv {
        return write_tables(args, &report);
    }
    match args.format {
        ReportFormat::Text => {
            let color = use_color(args.no_color, args.output.as_deref());
            write_text(args.output.as_deref(), &scorecard(&report, &TextOptions { color, width: text_width() }))?;
        }
        // Written as it is serialized: the JSON of thousands of waves is
        // hundreds of megabytes.
        ReportFormat::Json => write_with(args.output.as_deref(), |w| {
            report.write_json(w)?;
            w.write_all(b"\n")
        })?,
        ReportFormat::Html => write_text(args.output.as_deref(), &rapport::render::html::report(&report))?,
        ReportFormat::Csv => unreachable!("written above"),
    }
    if let Some(path) = &args.output
        && !args.input.quiet
    {
        errln!("wrote {}", path.display());
    }
    Ok(())
}

/// `--table` goes with `--format csv`, and every table at once needs a
/// directory: checked before any input is read.
fn check_csv_flags(args: &ReportArgs) -> Result<(), CliError> {
    if args.table.is_some() && args.format != ReportFormat::Csv {
        return Err(CliError::Usage {
            code: "invalid_option",
            message: "--table selects one table of --format csv".into(),
            hint: Some("add --format csv".into()),
        });
    }
    if args.format == ReportFormat::Csv && args.table.is_none() && args.output.is_none() {
        return Err(CliError::Usage {
            code: "invalid_option",
            message: "--format csv writes one file per table and needs a directory".into(),
            hint: Some("give -o DIR, or --table NAME for one table on standard output".into()),
        });
    }
    Ok(())
}

/// `--format csv`: the one `--table` to standard output or `-o FILE`, or
/// every table as `<name>.csv` in the `-o` directory (created if needed).
fn write_tables(args: &ReportArgs, report: &Report) -> Result<(), CliError> {
    if let Some(name) = &args.table {
        // The name was checked by the argument parser against the same list.
        let table = report.table(name).ok_or_else(|| CliError::Usage {
            code: "invalid_option",
            message: format!("no table {name:?}"),
            hint: Some(format!("one of {}", rapport::report::tables::NAMES.join(", "))),
        })?;
        write_with(args.output.as_deref(), |w| table.write_csv(w))?;
        if let Some(path) = &args.output
            && !args.input.quiet
        {
            errln!("wrote {}", path.display());
        }
        return Ok(());
    }
    let Some(dir) = args.output.as_deref() else {
        return check_csv_flags(args);
    };
    std::fs::create_dir_all(dir).map_err(|e| CliError::io("cannot create the directory", dir, e))?;
    for table in report.tables() {
        let path = dir.join(format!("{}.csv", table.name));
        write_with(Some(&path), |w| table.write_csv(w))?;
    }
    if !args.input.quiet {
        errln!("wrote {} tables into {}", rapport::report::tables::NAMES.len(), dir.display());
    }
    Ok(())
}

/// Read every input into one scorer (streaming, one file after another; one
/// duplicate check across all of them), writing every rejected row to the
/// `--rejected` file as it is found (its path is returned with the scorer).
/// Fails, at a row, when the wave labels of all the inputs cannot be put in
/// one time order.
pub fn read_all(
    args: &crate::args::InputArgs,
    instrument: &rapport::Instrument,
    options: &rapport::ScoreOptions,
) -> Result<(Scorer<'static>, Option<PathBuf>), CliError> {
    read_all_keeping(args, instrument, options, false)
}

/// [`read_all`], keeping the respondents' keys for saving when `keys`.
pub fn read_all_keeping(
    args: &crate::args::InputArgs,
    instrument: &rapport::Instrument,
    options: &rapport::ScoreOptions,
    keys: bool,
) -> Result<(Scorer<'static>, Option<PathBuf>), CliError> {
    let ingest = input::ingest_options(args, instrument)?;
    let sources = input::plan(&args.files, args.input_format, args.sheet.as_deref())?;
    let mut scorer = Scorer::new(instrument, options, ingest)?;
    if keys {
        scorer = scorer.keeping_keys();
    }
    let rejected = args.rejected.as_deref().map(|p| RejectedFile::create(p, &sources)).transpose()?;
    if let Some(file) = &rejected {
        crate::rejected::attach(&mut scorer, file);
    }
    let progress = input::progress_for(&sources, args.quiet);
    let read = sources.iter().try_for_each(|source| input::read_source(source, &progress, &mut scorer).map(drop));
    progress.finish_and_clear();
    // The rows rejected before a failed read are written too.
    let written = rejected.as_ref().map(|f| f.borrow_mut().finish()).transpose();
    read?;
    written?;
    // Before the report orders the waves: a located data error, not a bare label.
    scorer.check_waves()?;
    Ok((scorer, rejected.map(|f| f.borrow().path().to_path_buf())))
}

/// "read N rows, accepted A, rejected R", the first `limit` rejected rows,
/// and where the others are.
pub fn lenient_summary(intake: &IngestSummary, limit: usize, rejected_file: Option<&Path>) -> String {
    let mut s = format!("read {} rows, accepted {}, rejected {}\n", intake.rows_in, intake.accepted, intake.rejected);
    if limit == 0 || intake.rejected == 0 {
        return s;
    }
    s.push_str(&rejected_lines(&intake.rejected_rows, limit));
    let shown = intake.rejected_rows.len().min(limit) as u64;
    if intake.rejected > shown {
        let rest = intake.rejected - shown;
        match rejected_file {
            Some(path) => s.push_str(&format!("  … and {rest} more (every rejected row is in {})\n", path.display())),
            None => s.push_str(&format!(
                "  … and {rest} more (the JSON report lists the first {} under intake.rejected_rows and counts \
                 them all by code; --rejected FILE writes every one)\n",
                rapport::ingest::REJECTED_ROWS_LISTED
            )),
        }
    }
    s
}

/// One `error[code]: located message` line per rejected row, up to `limit`.
pub fn rejected_lines(rows: &[RejectedRow], limit: usize) -> String {
    // One line each: a line feed from the data is escaped too.
    rows.iter()
        .take(limit)
        .map(|r| format!("  error[{}]: {}\n", r.code, rapport::render::text::escape_controls(&r.message)))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rejected(row: u64) -> RejectedRow {
        RejectedRow {
            file: Some("a.csv".into()),
            row,
            code: "value_out_of_scale".into(),
            message: format!("a.csv, row {row}, column \"trust_1\": value 9 is outside the scale"),
            column: Some("trust_1".into()),
            item: Some("trust_1".into()),
            value: Some("9".into()),
        }
    }

    #[test]
    fn summary_counts_and_lists_the_first_rows_only() {
        let intake = IngestSummary {
            rows_in: 10,
            accepted: 3,
            rejected: 7,
            rejected_rows: (2..9).map(rejected).collect(),
            ..IngestSummary::default()
        };
        let s = lenient_summary(&intake, 5, None);
        assert!(s.starts_with("read 10 rows, accepted 3, rejected 7\n"), "{s}");
        assert_eq!(s.matches("error[value_out_of_scale]").count(), 5);
        assert!(s.contains("… and 2 more (the JSON report lists the first 100"), "{s}");
        assert_eq!(lenient_summary(&intake, 0, None), "read 10 rows, accepted 3, rejected 7\n");
        // More rejected than listed: the count comes from the total.
        let many = IngestSummary { rejected: 1_000, ..intake };
        let s = lenient_summary(&many, 5, Some(Path::new("bad.csv")));
        assert!(s.contains("… and 995 more (every rejected row is in bad.csv)"), "{s}");
    }
}
