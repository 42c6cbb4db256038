//! Errors as the command shows them: `error[<code>]: <located message>` on
//! standard error, an optional one-line hint, and an exit code.
//!
//! Exit codes: 0 success, 1 bad input data, 2 usage or configuration (flags,
//! option values, instrument, mapping, options and action log files, data
//! that cannot be published safely as asked, files that cannot be opened or
//! written). The split follows the question "what must be fixed?", which is
//! the core's [`rapport::ErrorCategory`]: exit 1 means the survey data
//! (category `input`), exit 2 means the command line or its configuration
//! (every other category).

use std::fmt;
use std::io;
use std::path::Path;
use std::process::ExitCode;

/// Exit code for bad input data.
pub const EXIT_DATA: u8 = 1;
/// Exit code for usage and configuration errors.
pub const EXIT_USAGE: u8 = 2;

/// Which file a configuration error came from, when it came from one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ConfigFile {
    /// `--instrument`.
    Instrument,
    /// `--mapping`.
    Mapping,
    /// `--options`.
    Options,
    /// `--actions`.
    ActionLog,
    /// A survey tool's definition (`--qsf`, `--from-qsf`, `--redcap-dictionary` …).
    SurveyDefinition,
}

/// An error the command reports before exiting.
#[derive(Debug)]
pub enum CliError {
    /// An error from the core library (boxed: the core's error is large and
    /// this travels through every `Result` of the command).
    Core(Box<rapport::Error>),
    /// The core rejected an instrument or mapping file; `path` names it.
    Config {
        /// Which kind of file.
        kind: ConfigFile,
        /// The file as given on the command line.
        path: String,
        /// The core's error.
        error: Box<rapport::Error>,
    },
    /// A file could not be opened, read or written.
    Io {
        /// What was being done ("cannot read", "cannot write" …).
        action: &'static str,
        /// The file as given on the command line.
        path: String,
        /// The OS error.
        error: io::Error,
    },
    /// A usage problem found after parsing (e.g. an input whose format cannot be told).
    Usage {
        /// Stable code, like the core's.
        code: &'static str,
        /// What is wrong.
        message: String,
        /// How to fix it.
        hint: Option<String>,
    },
    /// Input data was invalid and every problem has already been printed.
    Reported,
}

impl From<rapport::Error> for CliError {
    fn from(e: rapport::Error) -> Self {
        CliError::Core(Box::new(e))
    }
}

impl CliError {
    /// A file operation failed.
    pub fn io(action: &'static str, path: &Path, error: io::Error) -> Self {
        CliError::Io { action, path: path.display().to_string(), error }
    }

    /// The process exit code for this error.
    pub fn exit_code(&self) -> u8 {
        match self {
            CliError::Core(e) | CliError::Config { error: e, .. } => core_exit_code(e),
            CliError::Io { .. } | CliError::Usage { .. } => EXIT_USAGE,
            CliError::Reported => EXIT_DATA,
        }
    }

    /// Print to standard error and turn into an exit code.
    pub fn report(self) -> ExitCode {
        if let CliError::Io { error, .. } = &self {
            // `rapport sample | head` closes the pipe early; that is not a failure.
            if error.kind() == io::ErrorKind::BrokenPipe {
                return ExitCode::SUCCESS;
            }
        }
        let code = self.exit_code();
        if !matches!(self, CliError::Reported) {
            // One line: a line feed from the data is escaped too.
            errln!("{}", rapport::render::text::escape_controls(&self.to_string()));
            if let Some(hint) = self.hint() {
                errln!("hint: {hint}");
            }
        }
        ExitCode::from(code)
    }

    /// One line on how to fix it, where there is something useful to say.
    pub fn hint(&self) -> Option<String> {
        match self {
            CliError::Core(e) => core_hint(e),
            CliError::Config { kind: ConfigFile::Instrument, .. } => {
                Some("`rapport instrument --format json` prints the built-in instrument as a starting point".into())
            }
            CliError::Config { kind: ConfigFile::Mapping | ConfigFile::Options, error, .. } => core_hint(error),
            CliError::Config { kind: ConfigFile::SurveyDefinition, .. } => {
                Some("a Qualtrics .qsf comes from Survey → Tools → Import/Export → Export survey; a REDCap data dictionary from Project Setup → Data Dictionary".into())
            }
            CliError::Config { kind: ConfigFile::ActionLog, .. } => Some(
                "an action log is a JSON array of {\"action\", \"owner\": \"it\"|\"business\"|\"both\", \"started\": \"<wave>\", \"target\"?}".into(),
            ),
            CliError::Usage { hint, .. } => hint.clone(),
            CliError::Io { .. } | CliError::Reported => None,
        }
    }
}

impl fmt::Display for CliError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CliError::Core(e) => write!(f, "error[{}]: {e}", e.code()),
            CliError::Config { kind, path, error } => {
                let what = match kind {
                    ConfigFile::Instrument => "instrument file",
                    ConfigFile::Mapping => "mapping file",
                    ConfigFile::Options => "options file",
                    ConfigFile::ActionLog => "action log",
                    ConfigFile::SurveyDefinition => "survey definition",
                };
                write!(f, "error[{}]: {what} {path}: {error}", error.code())
            }
            CliError::Io { action, path, error } => write!(f, "error[io]: {action} {path}: {error}"),
            CliError::Usage { code, message, .. } => {
                write!(f, "error[{code}]: {message}")
            }
            CliError::Reported => f.write_str("input data is invalid"),
        }
    }
}

/// Everything about the data itself exits 1, configuration problems exit 2:
/// the error's category decides ([`rapport::ErrorCategory::Input`] is the
/// data; instrument, mapping, options, action log, privacy, I/O and
/// document errors are configuration), which also holds for codes and
/// categories added later.
pub fn core_exit_code(e: &rapport::Error) -> u8 {
    match e.category() {
        rapport::ErrorCategory::Input => EXIT_DATA,
        _ => EXIT_USAGE,
    }
}

/// The hint for a core error.
pub fn core_hint(e: &rapport::Error) -> Option<String> {
    if let rapport::Error::InvalidOption { name, .. } = e
        && let Some(flag) = flag_for_option(name)
    {
        return Some(format!("set with {flag} (--help lists the allowed values)"));
    }
    let hint = hint_for_code(e.code());
    if e.is_row_error() && e.location().and_then(|l| l.row).is_some() {
        // Only strict mode stops at a row error, so the way out is worth naming.
        let lenient = "--lenient skips bad rows and lists every one";
        return Some(hint.map_or_else(|| lenient.to_owned(), |h| format!("{h}; {lenient}")));
    }
    hint
}

/// The command-line flag that sets a core option.
fn flag_for_option(name: &str) -> Option<&'static str> {
    Some(match name {
        "min_group_size" => "--min-group",
        "confidence" => "--confidence",
        "by" => "--by",
        "favourable_basis" => "--favourable",
        "hundred_scale" => "--scale",
        "reliability_deletion" => "--deletion",
        "waves" => "--waves",
        "respondents_per_wave" => "--respondents",
        "first_wave" => "--first-wave",
        "sheet" => "--sheet",
        _ => return None,
    })
}

/// Hints for the errors people most often meet with real exports, by the
/// core's error code (rejected rows carry only the code).
pub fn hint_for_code(code: &str) -> Option<String> {
    let hint = match code {
        "unknown_item_column" => {
            "use --mapping to map export headers to item ids, or --segments to declare extra columns"
        }
        "missing_column" => {
            "responses need side and wave columns and respondent ids: name the columns with --mapping, or give \
             --side, --wave or --wave-period for an export that has none (survey tools: see --from)"
        }
        "invalid_mapping" => "a mapping file is JSON that maps the export's headers to rapport's columns and item ids",
        "invalid_utf8" => "in Excel: Save As → \"CSV UTF-8\"; in Google Sheets: File → Download → CSV",
        "unknown_side" => "the side column must say \"it\" or \"business\"; use --mapping to translate other labels",
        "duplicate_respondent" => "each respondent may answer a wave once; remove the repeated row or fix its wave",
        "value_out_of_scale" | "invalid_value" | "not_applicable_not_allowed" => {
            "`rapport instrument` shows each item's scale and options; a survey tool's own labels, codes or N/A \
             codes are translated by the mapping's \"values\" (e.g. {\"agreement\": {\"Neutral\": 3, \"-99\": \"na\"}})"
        }
        "ragged_row" | "csv" => "check the row's quoting and separators",
        "invalid_wave" => {
            "wave labels are YYYY-MM, YYYY-Qn, YYYY-Hn, YYYY-MM-DD, a year, or one text and a number (Wave 1); \
             with --options, those listed in wave_order"
        }
        "invalid_timestamp" => {
            "timestamps are read as 2025-06-24 14:27:08, 6/24/2025 2:27:08 PM or an Excel date number; for dates \
             written day first, add \"day_first\": true to the mapping's wave; with wave ranges, widen or add a range"
        }
        "wave_conflict" => {
            "label every wave the same way (2026-03, 2026-04 …), or list the waves in time order in the options' wave_order"
        }
        "invalid_option" => "--help lists the allowed values",
        "invalid_workbook" => {
            "a workbook is read by its extension (.xlsx, .xlsm, .xlsb, .xls, .ods) or --input-format, a CSV file \
             needs .csv (or --input-format csv); one that will not open is saved again from the spreadsheet or the \
             survey tool"
        }
        _ => return None,
    };
    Some(hint.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;
    use rapport::{Error, Location};

    #[test]
    fn data_errors_exit_1_and_configuration_errors_exit_2() {
        let data =
            Error::ValueOutOfScale { location: Location::default().with_row(2), min: 1, max: 5, found: "9".into() };
        assert_eq!(CliError::from(data).exit_code(), 1);
        let option =
            Error::InvalidOption { name: "min_group_size".into(), expected: "at least 3".into(), found: "2".into() };
        assert_eq!(CliError::from(option).exit_code(), 2);
        let mapping = Error::InvalidMapping { reason: "x".into() };
        assert_eq!(CliError::from(mapping).exit_code(), 2);
        let instrument = Error::InstrumentSyntax { message: "x".into(), line: 1, column: 1 };
        assert_eq!(CliError::from(instrument).exit_code(), 2);
        let unreadable = Error::Io { path: "a.csv".into(), message: "gone".into() };
        assert_eq!(CliError::from(unreadable).exit_code(), 2);
        let empty = Error::EmptyInput { location: Location::file(Some("a.csv")) };
        assert_eq!(CliError::from(empty).exit_code(), 1);
        assert_eq!(CliError::Reported.exit_code(), 1);
        // Wave labels are the data's, though no row is named.
        let waves = Error::AmbiguousWaves { first: "2026-03".into(), second: "2026-3".into() };
        assert_eq!(CliError::from(waves).exit_code(), 1);
        let privacy = Error::Privacy { message: "too many fields".into() };
        assert_eq!(CliError::from(privacy).exit_code(), 2);
        let options_file = rapport::ScoreOptions::from_json("{ nope").unwrap_err();
        assert_eq!(options_file.code(), "invalid_json");
        let config =
            CliError::Config { kind: ConfigFile::Options, path: "o.json".into(), error: Box::new(options_file) };
        assert_eq!(config.exit_code(), 2);
    }

    #[test]
    fn lenient_is_suggested_only_for_row_errors() {
        let at = |row| Location::file(Some("a.csv")).with_row(row).with_column("department");
        let row = Error::InvalidUtf8 { location: at(3), byte_offset: 2 };
        assert!(core_hint(&row).is_some_and(|h| h.contains("--lenient")));
        // A header that is not UTF-8 stops lenient mode too.
        let header = Error::InvalidUtf8 { location: at(1), byte_offset: 2 };
        assert!(core_hint(&header).is_some_and(|h| !h.contains("--lenient") && h.contains("UTF-8")));
    }

    #[test]
    fn display_starts_with_the_code_and_keeps_the_location() {
        let e = Error::ValueOutOfScale {
            location: Location::file(Some("bad.csv")).with_row(3).with_column("trust_1").with_item("trust_1"),
            min: 1,
            max: 5,
            found: "9".into(),
        };
        let shown = CliError::from(e).to_string();
        assert!(shown.starts_with("error[value_out_of_scale]: bad.csv, row 3, column \"trust_1\""), "{shown}");
    }
}
