//! Everything `report` and `validate` read: the instrument, the column
//! mapping, and the response files (format by extension or `--input-format`,
//! standard input for `-`; a workbook's sheet as CSV, see
//! [`crate::workbook`]), with a byte-based progress bar for large inputs.
//!
//! Files are planned before any is read, so a missing file or an unknown
//! extension stops the command before minutes of work. They are then read one
//! after another into the caller's sink, so memory does not grow with rows.

use crate::args::{BadCellsArg, InputArgs, InputFormat, WavePeriod};
use crate::error::{CliError, ConfigFile};
use indicatif::{ProgressBar, ProgressStyle};
use rapport::ingest::mapping::RoleFlags;
use rapport::ingest::profile::ImportFrom;
use rapport::ingest::time::Period;
use rapport::ingest::workbook;
use rapport::ingest::{BadCells, ColumnMapping, IngestOptions, SourceSummary};
use rapport::{Instrument, Scorer};
use std::fs::File;
use std::io::{self, IsTerminal, Read};
use std::path::{Path, PathBuf};

/// Inputs larger than this (in total) get a progress bar on a terminal.
const PROGRESS_THRESHOLD_BYTES: u64 = 5 * 1024 * 1024;

/// How standard input is named in messages and in the report.
pub const STDIN_NAME: &str = "<stdin>";

/// The built-in instrument, or the one in `path`.
pub fn load_instrument(path: Option<&Path>) -> Result<Instrument, CliError> {
    let Some(path) = path else { return Ok(Instrument::default()) };
    let text = std::fs::read_to_string(path).map_err(|e| CliError::io("cannot read instrument file", path, e))?;
    Instrument::from_json(&text).map_err(|error| CliError::Config {
        kind: ConfigFile::Instrument,
        path: path.display().to_string(),
        error: Box::new(error),
    })
}

/// Scoring options: the `--options` file (or the defaults) under the flags,
/// and whether the user named the `by` fields (`--by`, or `by` in the file):
/// then a field the data does not have is an error
/// ([`rapport::Scorer::check_by`]).
pub fn load_options(args: &crate::args::ScoreArgs) -> Result<(rapport::ScoreOptions, bool), CliError> {
    let (base, by_in_file) = options_file(args)?.unwrap_or_default();
    Ok((args.to_options_over(base), by_in_file || args.by.is_some()))
}

/// The `--options` file, if one was given (the flags not applied), and
/// whether it names the `by` fields.
pub fn options_file(args: &crate::args::ScoreArgs) -> Result<Option<(rapport::ScoreOptions, bool)>, CliError> {
    let Some(path) = &args.options else { return Ok(None) };
    let text = std::fs::read_to_string(path).map_err(|e| CliError::io("cannot read options file", path, e))?;
    let options = rapport::ScoreOptions::from_json(&text).map_err(|error| CliError::Config {
        kind: ConfigFile::Options,
        path: path.display().to_string(),
        error: Box::new(error),
    })?;
    Ok(Some((options, rapport::ScoreOptions::json_names(&text).iter().any(|n| n == "by"))))
}

/// The action log in `path`, if one was given.
pub fn load_action_log(path: Option<&Path>) -> Result<Option<rapport::ActionLog>, CliError> {
    let Some(path) = path else { return Ok(None) };
    let text = std::fs::read_to_string(path).map_err(|e| CliError::io("cannot read action log", path, e))?;
    rapport::ActionLog::from_json(&text).map(Some).map_err(|error| CliError::Config {
        kind: ConfigFile::ActionLog,
        path: path.display().to_string(),
        error: Box::new(error),
    })
}

/// The column mapping in `path`, if one was given.
pub fn load_mapping(path: Option<&Path>) -> Result<Option<ColumnMapping>, CliError> {
    let Some(path) = path else { return Ok(None) };
    let text = std::fs::read_to_string(path).map_err(|e| CliError::io("cannot read mapping file", path, e))?;
    ColumnMapping::from_json(&text).map(Some).map_err(|error| CliError::Config {
        kind: ConfigFile::Mapping,
        path: path.display().to_string(),
        error: Box::new(error),
    })
}

/// The format of one input.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// Wide CSV.
    Csv,
    /// JSON array of responses, or JSON lines.
    Json,
    /// A spreadsheet workbook: one sheet, read as CSV.
    Workbook(workbook::Kind),
}

impl Format {
    fn from_forced(f: InputFormat) -> Self {
        match f {
            InputFormat::Csv => Format::Csv,
            InputFormat::Json => Format::Json,
            InputFormat::Xlsx => Format::Workbook(workbook::Kind::Xlsx),
            InputFormat::Xlsb => Format::Workbook(workbook::Kind::Xlsb),
            InputFormat::Xls => Format::Workbook(workbook::Kind::Xls),
            InputFormat::Ods => Format::Workbook(workbook::Kind::Ods),
        }
    }
}

/// One input, checked and ready to read.
#[derive(Debug, Clone)]
pub struct Source {
    /// The path, or `None` for standard input.
    pub path: Option<PathBuf>,
    /// Name used in messages and in the report.
    pub name: String,
    /// How to read it.
    pub format: Format,
    /// Size in bytes, when known (regular files).
    pub size: Option<u64>,
    /// The sheet to read from a workbook (default: the first).
    pub sheet: Option<String>,
}

/// Check every input exists and has a known format, before reading any;
/// `sheet` is the sheet read from every workbook (`--sheet`), which needs a
/// workbook among the inputs.
pub fn plan(files: &[PathBuf], forced: Option<InputFormat>, sheet: Option<&str>) -> Result<Vec<Source>, CliError> {
    let sources = plan_files(files, forced)?;
    let Some(sheet) = sheet else { return Ok(sources) };
    if !sources.iter().any(|s| matches!(s.format, Format::Workbook(_))) {
        return Err(CliError::Usage {
            code: "usage",
            message: format!("--sheet {sheet:?} names a sheet, but no input is a workbook"),
            hint: Some("--sheet chooses the sheet of .xlsx, .xlsm, .xlsb, .xls and .ods files".into()),
        });
    }
    Ok(sources.into_iter().map(|s| Source { sheet: Some(sheet.to_owned()), ..s }).collect())
}

fn plan_files(files: &[PathBuf], forced: Option<InputFormat>) -> Result<Vec<Source>, CliError> {
    let mut sources = Vec::with_capacity(files.len());
    let mut stdin_seen = false;
    // The same file twice would count every respondent twice.
    let mut seen = std::collections::HashMap::new();
    for path in files {
        if path.as_os_str() == "-" {
            if stdin_seen {
                return Err(CliError::Usage {
                    code: "usage",
                    message: "standard input (\"-\") is named more than once".into(),
                    hint: None,
                });
            }
            stdin_seen = true;
            sources.push(Source {
                path: None,
                name: STDIN_NAME.into(),
                format: forced.map_or(Format::Csv, Format::from_forced),
                size: None,
                sheet: None,
            });
            continue;
        }
        let meta = std::fs::metadata(path).map_err(|e| CliError::io("cannot read", path, e))?;
        if meta.is_dir() {
            return Err(CliError::Usage {
                code: "usage",
                message: format!("{} is a directory, not a response file", path.display()),
                hint: Some(format!("to read every CSV in it: rapport report {}/*.csv", path.display())),
            });
        }
        if let Ok(canonical) = std::fs::canonicalize(path)
            && let Some(first) = seen.insert(canonical, path.display().to_string())
        {
            return Err(CliError::Usage {
                code: "usage",
                message: format!("{} and {first} are the same file", path.display()),
                hint: Some("name each input once; every response would otherwise be counted twice".into()),
            });
        }
        let format = match forced {
            Some(f) => Format::from_forced(f),
            None => format_from_extension(path)?,
        };
        sources.push(Source {
            path: Some(path.clone()),
            name: path.display().to_string(),
            format,
            size: Some(meta.len()),
            sheet: None,
        });
    }
    Ok(sources)
}

fn format_from_extension(path: &Path) -> Result<Format, CliError> {
    if let Some(kind) = workbook::Kind::of_path(path) {
        return Ok(Format::Workbook(kind));
    }
    let ext = path.extension().and_then(|e| e.to_str()).map(str::to_ascii_lowercase);
    match ext.as_deref() {
        Some("csv") => Ok(Format::Csv),
        Some("json" | "jsonl" | "ndjson") => Ok(Format::Json),
        _ => Err(CliError::Usage {
            code: "unknown_input_format",
            message: format!(
                "cannot tell the format of {} from its extension (expected .csv, .json, .jsonl, .ndjson, \
                 .xlsx, .xlsm, .xlsb, .xls or .ods)",
                path.display()
            ),
            hint: Some("use --input-format csv, json, xlsx, xlsb, xls or ods".into()),
        }),
    }
}

/// The ingest options the flags describe (the scorer adds the scoring
/// options' wave order). Reads the mapping file and checks it against the
/// instrument, so a bad mapping is reported as such (exit 2) before any data
/// is read.
pub fn ingest_options(args: &InputArgs, instrument: &Instrument) -> Result<IngestOptions, CliError> {
    let segments = args
        .segments
        .as_ref()
        .map(|s| s.iter().map(|c| c.trim()).filter(|c| !c.is_empty()).map(str::to_owned).collect::<Vec<_>>());
    let mapping = load_mapping(args.mapping.as_deref())?;
    if let (Some(m), Some(path)) = (&mapping, &args.mapping) {
        m.check(instrument).map_err(|error| CliError::Config {
            kind: ConfigFile::Mapping,
            path: path.display().to_string(),
            error: Box::new(error),
        })?;
    }
    let from: ImportFrom = args.from.parse()?;
    let mapping = with_flags(mapping, args);
    let bad_cells = match args.bad_cells {
        BadCellsArg::Reject => BadCells::Reject,
        BadCellsArg::Missing => BadCells::Missing,
    };
    Ok(IngestOptions { lenient: args.lenient, mapping, segments, from, bad_cells, ..IngestOptions::default() })
}

/// The mapping completed by `--wave`, `--wave-period` and `--side`, which
/// win over the mapping file's keys.
fn with_flags(mapping: Option<ColumnMapping>, args: &InputArgs) -> Option<ColumnMapping> {
    let flags = RoleFlags {
        side: args.side.map(Into::into),
        wave: args.wave.clone(),
        wave_period: args.wave_period.map(|p| match p {
            WavePeriod::Month => Period::Month,
            WavePeriod::Quarter => Period::Quarter,
            WavePeriod::Half => Period::Half,
            WavePeriod::Year => Period::Year,
        }),
        wave_column: args.wave_column.clone(),
        day_first: args.day_first,
    };
    flags.apply(mapping)
}

/// A progress bar over all inputs when they are large, stderr is a terminal
/// and the user did not ask for quiet; otherwise a hidden one.
pub fn progress_for(sources: &[Source], quiet: bool) -> ProgressBar {
    let total: u64 = sources.iter().filter_map(|s| s.size).sum();
    if quiet || total <= PROGRESS_THRESHOLD_BYTES || !io::stderr().is_terminal() {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::new(total);
    if let Ok(style) = ProgressStyle::with_template("[{bar:24}] {bytes}/{total_bytes} ({eta} left) {wide_msg}") {
        bar.set_style(style.progress_chars("=> "));
    }
    bar
}

/// Read one source into the scorer, with a progress bar for large files.
/// Errors name the source; a failed read leaves the scorer as it was.
///
/// CSV files go through the core's path reader, which streams in memory
/// independent of the file's length (duplicates are caught with a bounded
/// filter and one re-scan); standard input cannot be re-read, so it uses the
/// plain reader. JSON is parsed in memory. The scorer's one duplicate check
/// spans every source, so a respondent who answered the same wave in two
/// files is caught too.
pub fn read_source(
    source: &Source,
    progress: &ProgressBar,
    scorer: &mut Scorer<'static>,
) -> Result<SourceSummary, CliError> {
    progress.set_message(source.name.clone());
    let before = progress.position();
    let name = Some(source.name.as_str());
    let result = match (source.format, &source.path) {
        (Format::Csv, Some(path)) => {
            let mut hook = |bytes: u64| progress.set_position(before + bytes);
            scorer.read_csv_path(path, Some(&mut hook))
        }
        (Format::Csv, None) => {
            announce_terminal_stdin();
            scorer.read_csv(io::stdin().lock(), name)
        }
        (Format::Json, _) => {
            let text = read_text(source, progress)?;
            scorer.read_json(&text, name)
        }
        (Format::Workbook(kind), _) => {
            let csv = workbook::to_csv(read_bytes(source, progress)?, kind, source.sheet.as_deref(), &source.name)?;
            scorer.read_csv(csv.as_slice(), name)
        }
    };
    if let Some(size) = source.size {
        progress.set_position(before + size);
    }
    result.map_err(|e| CliError::from(e.in_file(&source.name)))
}

/// Someone who typed `-` at a terminal would otherwise face a silent wait.
fn announce_terminal_stdin() {
    if io::stdin().is_terminal() {
        errln!("reading responses from standard input (end with Ctrl-D)");
    }
}

/// The whole of a source as bytes.
fn read_bytes(source: &Source, progress: &ProgressBar) -> Result<Vec<u8>, CliError> {
    let mut bytes = Vec::new();
    let read = match &source.path {
        Some(path) => File::open(path).and_then(|f| progress.wrap_read(f).read_to_end(&mut bytes)),
        None => {
            announce_terminal_stdin();
            io::stdin().lock().read_to_end(&mut bytes)
        }
    };
    read.map_err(|e| CliError::io("cannot read", source.path.as_deref().unwrap_or(Path::new(STDIN_NAME)), e))?;
    Ok(bytes)
}

/// The whole of a (JSON) source as text.
fn read_text(source: &Source, progress: &ProgressBar) -> Result<String, CliError> {
    String::from_utf8(read_bytes(source, progress)?).map_err(|e| {
        CliError::from(rapport::Error::InvalidUtf8 {
            location: rapport::Location::file(Some(&source.name)),
            byte_offset: e.utf8_error().valid_up_to() as u64,
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn extension_decides_the_format_case_insensitively() {
        assert_eq!(format_from_extension(Path::new("a/b.CSV")).ok(), Some(Format::Csv));
        assert_eq!(format_from_extension(Path::new("x.ndjson")).ok(), Some(Format::Json));
        assert_eq!(format_from_extension(Path::new("Form.XLSX")).ok(), Some(Format::Workbook(workbook::Kind::Xlsx)));
        assert_eq!(format_from_extension(Path::new("old.xls")).ok(), Some(Format::Workbook(workbook::Kind::Xls)));
        assert_eq!(format_from_extension(Path::new("calc.ods")).ok(), Some(Format::Workbook(workbook::Kind::Ods)));
        let err = format_from_extension(Path::new("export.txt")).err();
        assert!(matches!(err, Some(CliError::Usage { code: "unknown_input_format", .. })));
    }

    #[test]
    fn stdin_is_csv_unless_forced() {
        let plan_csv = plan(&[PathBuf::from("-")], None, None).ok().unwrap_or_default();
        assert_eq!(plan_csv.first().map(|s| s.format), Some(Format::Csv));
        let plan_json = plan(&[PathBuf::from("-")], Some(InputFormat::Json), None).ok().unwrap_or_default();
        assert_eq!(plan_json.first().map(|s| s.format), Some(Format::Json));
    }
}
