//! `rapport mapping`: a starter column mapping for a survey tool's export,
//! written from its header rows for the user to review
//! ([`rapport::ingest::definition::starter_mapping`]): items guessed from the
//! instrument's question texts, the tool's id and time columns, every other
//! column ignored, and each guess explained in `notes`.

use crate::args::MappingArgs;
use crate::error::{CliError, ConfigFile};
use crate::input::load_instrument;
use crate::output::write_with;
use rapport::Instrument;
use rapport::ingest::definition::{SurveyMapping, starter_mapping};
use rapport::ingest::profile::ImportFrom;
use rapport::ingest::workbook;

/// Run `rapport mapping`.
pub fn run(args: &MappingArgs) -> Result<(), CliError> {
    let instrument = load_instrument(args.instrument.as_deref())?;
    let from: ImportFrom = args.from.parse()?;
    let name = args.file.display().to_string();
    let rows = match workbook::Kind::of_path(&args.file) {
        Some(kind) => {
            let bytes = std::fs::read(&args.file).map_err(|e| CliError::io("cannot read export", &args.file, e))?;
            let csv = workbook::to_csv(bytes, kind, args.sheet.as_deref(), &name)?;
            rapport::ingest::csv::head_rows(csv.as_slice(), 3)
        }
        None => {
            let file =
                std::fs::File::open(&args.file).map_err(|e| CliError::io("cannot read export", &args.file, e))?;
            rapport::ingest::csv::head_rows(std::io::BufReader::new(file), 3)
        }
    }
    .map_err(|e| e.in_file(&name))?;
    let mapping = starter_mapping(&rows, &instrument, from, definition(args, &instrument)?.as_ref());
    // A mapping of strings, maps and numbers always serializes.
    let json = serde_json::to_string_pretty(&mapping).unwrap_or_default();
    write_with(args.output.as_deref(), |w| {
        w.write_all(json.as_bytes())?;
        w.write_all(b"\n")
    })?;
    if let Some(path) = &args.output {
        errln!(
            "wrote a starter mapping for {} to {} ({} items guessed): review its notes, then read with --mapping {}",
            name,
            path.display(),
            mapping.items.len(),
            path.display()
        );
    }
    Ok(())
}

/// The mapping the survey's definition gives, when one is named.
fn definition(args: &MappingArgs, instrument: &Instrument) -> Result<Option<SurveyMapping>, CliError> {
    let (path, build): (_, fn(&str, &Instrument) -> rapport::Result<SurveyMapping>) =
        match (&args.qsf, &args.redcap_dictionary) {
            (Some(p), _) => (p, rapport::ingest::qsf::mapping),
            (None, Some(p)) => (p, rapport::ingest::redcap::mapping),
            (None, None) => return Ok(None),
        };
    let text = std::fs::read_to_string(path).map_err(|e| CliError::io("cannot read survey definition", path, e))?;
    build(&text, instrument).map(Some).map_err(|error| CliError::Config {
        kind: ConfigFile::SurveyDefinition,
        path: path.display().to_string(),
        error: Box::new(error),
    })
}
