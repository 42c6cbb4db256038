//! `rapport mapping`: a starter column mapping for a survey tool's export,
//! written from its header rows for the user to review
//! ([`rapport::ingest::profile::starter`]): items guessed from the
//! instrument's question texts, the tool's id and time columns, every other
//! column ignored, and each guess explained in `notes`.

use crate::args::MappingArgs;
use crate::error::CliError;
use crate::input::load_instrument;
use crate::output::write_with;
use crate::workbook;
use rapport::ingest::profile::{ImportFrom, starter};

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
    let mapping = starter(&rows, &instrument, from);
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
