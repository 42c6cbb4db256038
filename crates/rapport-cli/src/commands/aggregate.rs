//! `rapport aggregate`: read inputs as `rapport report` reads them and save
//! the scorer's state (aggregates, intake, respondent keys) as a `.agg`
//! file; `rapport report --aggregates` merges such parts into one report.

use crate::args::AggregateArgs;
use crate::error::CliError;
use crate::input::{self, load_instrument};
use std::path::{Path, PathBuf};

/// Run `rapport aggregate`.
pub fn run(args: &AggregateArgs) -> Result<(), CliError> {
    let (options, by_given) = input::load_options(&args.score)?;
    options.validate()?;
    let instrument = load_instrument(args.input.instrument.as_deref())?;
    let (scorer, rejected_file) = super::report::read_all_keeping(&args.input, &instrument, &options, true)?;
    if by_given {
        // As `rapport report` would at the end: a named field the data lacks.
        scorer.check_by()?;
    }
    if args.input.lenient && !args.input.quiet {
        err!(
            "{}",
            super::report::lenient_summary(scorer.intake(), super::report::REJECTED_SHOWN, rejected_file.as_deref())
        );
    }
    let bytes = scorer.save();
    std::fs::write(&args.output, &bytes).map_err(|e| CliError::io("cannot write", &args.output, e))?;
    if !args.input.quiet {
        errln!("wrote {} ({} respondents, {} bytes)", args.output.display(), scorer.respondents(), bytes.len());
    }
    Ok(())
}

/// Read saved parts and merge them (in the order given), each named by its path.
pub fn read_parts(paths: &[PathBuf]) -> Result<rapport::SavedAggregates, CliError> {
    let mut merged: Option<rapport::SavedAggregates> = None;
    for path in paths {
        let name = path.display().to_string();
        let part = read_part(path, &name)?;
        match &mut merged {
            None => merged = Some(part),
            Some(m) => m.merge(part, &name)?,
        }
    }
    merged.ok_or_else(|| CliError::Usage {
        code: "invalid_option",
        message: "--aggregates needs at least one .agg file".into(),
        hint: Some("make them with `rapport aggregate FILE… -o part.agg`".into()),
    })
}

fn read_part(path: &Path, name: &str) -> Result<rapport::SavedAggregates, CliError> {
    let bytes = if path == Path::new("-") {
        let mut b = Vec::new();
        std::io::Read::read_to_end(&mut std::io::stdin(), &mut b).map_err(|e| CliError::io("cannot read", path, e))?;
        b
    } else {
        std::fs::read(path).map_err(|e| CliError::io("cannot read", path, e))?
    };
    Ok(rapport::SavedAggregates::from_bytes(&bytes, Some(name))?)
}
