//! The command line: subcommands, flags and their help texts (clap derive).
//!
//! Parsing only; nothing here reads files or scores. Flag values that the
//! core validates (minimum group size, confidence, break-downs) are passed
//! through unchecked so that the core's own `invalid_option` message is the
//! one people see.

use clap::{Args, Parser, Subcommand, ValueEnum};
use rapport::sample::SampleOptions;
use std::path::PathBuf;

/// Exit codes, shared by every subcommand's help.
const EXIT_CODES: &str = "\
Exit codes:
  0  success
  1  bad input data: a response row or an input file's content is invalid
     (value outside the scale, unknown side, missing column, unreadable CSV/JSON,
     wave labels that cannot be ordered ...)
  2  usage or configuration: bad flags or option values, an input, instrument
     or mapping file that cannot be opened, an invalid instrument, mapping,
     options or action log file, groups that cannot be published safely as
     asked, an output file that cannot be written";

const ROOT_AFTER_HELP: &str = "\
Examples:
  rapport sample --waves 4 -o responses.csv      # realistic demo data
  rapport report responses.csv                   # scorecard in the terminal
  rapport report responses.csv --format json -o report.json
  rapport report responses.csv --format csv -o tables/   # one CSV per table
  rapport validate export.csv --mapping mapping.json --lenient
  rapport instrument --side it                   # the questions, as IT sees them

Exit codes: 0 success, 1 bad input data, 2 usage or configuration error.
Colour is used only on a terminal; set NO_COLOR or pass --no-color to turn it off.";

const REPORT_AFTER_HELP: &str = "\
Examples:
  rapport report responses.csv
  rapport report 2026-*.csv --by side,department,location
  rapport report export.csv --mapping mapping.json --lenient --format json -o report.json
  rapport report forms.xlsx --side business --wave-period quarter
  rapport report export.csv --lenient --rejected rejected.csv
  rapport sample | rapport report - --format json
  rapport report responses.csv --format csv -o tables/
  rapport report responses.csv --format csv --table dimensions > dimensions.csv

--format csv writes the report's tidy tables, one CSV file per table, into
the directory given with -o (created if needed): participation.csv,
dimensions.csv, items.csv, distributions.csv, gaps.csv, reliability.csv,
reliability_items.csv, changes.csv, trends.csv, trend_points.csv,
mirror.csv, blind_spots.csv, drivers.csv, priorities.csv, actions.csv
(every column is described in docs/tables.md). With --table NAME it writes
that one table, to standard output or to the file given with -o. Hidden
groups are rows whose
figures are empty, with status \"suppressed\" and the reason. A text cell
that a spreadsheet would run as a formula (starting with =, +, -, @, tab or
carriage return) is written with a leading ' ; numbers are written as numbers.

Input formats are chosen by extension: .csv, .json (an array of responses),
.jsonl / .ndjson (one response per line), workbooks .xlsx / .xlsm / .xlsb /
.xls / .ods (the first sheet, or --sheet NAME; its cells read as the CSV the
spreadsheet would save: whole numbers without \".0\", dates as
YYYY-MM-DD HH:MM:SS, rows numbered as in the sheet). \"-\" reads standard
input as CSV unless --input-format says otherwise.";

const VALIDATE_AFTER_HELP: &str = "\
Examples:
  rapport validate responses.csv
  rapport validate export.csv --mapping mapping.json --segments department,location
  rapport validate export.csv --lenient          # list every bad row, not just the first
  rapport validate export.csv --lenient --rejected rejected.csv

Every file is checked. Without --lenient the first error in each file is shown;
with --lenient every rejected row is listed (with --rejected FILE: the first 5
of each input, and every one in FILE, as CSV). Validate accepts the same
options as report, so a command line can be checked before it is scored.";

const PRIVACY_AFTER_HELP: &str = "\
Every report of a data set publishes a subset of one plan per wave, decided
over every break-down of side and the data's segment fields (whatever --by a
report asks for) and audited before anything is published. Reports mark every
hidden group the same way; this command tells the data owner why each is
hidden (small, or hidden so that a small one cannot be worked out) with exact
counts, and what the audit checked. Keep its output private.
The model is in docs/privacy.md.

Examples:
  rapport privacy responses.csv
  rapport privacy responses.csv --min-group 7 --format json -o plan.json";

const INSTRUMENT_AFTER_HELP: &str = "\
Examples:
  rapport instrument                               # as business respondents see it
  rapport instrument --side it                     # as IT respondents see it
  rapport instrument --format json > instrument.json   # a starting point for your own
  rapport instrument --instrument mine.json        # check and show a custom instrument
  rapport instrument --from-qsf survey.qsf -o mine.json   # from a Qualtrics survey
  rapport instrument --from-redcap-dictionary dictionary.csv -o mine.json

--from-qsf and --from-redcap-dictionary build an instrument from a survey
not made from rapport's questionnaire: a starting point (one dimension per
matrix question, items named by their export columns) to edit before
scoring with it.";

const AGGREGATE_AFTER_HELP: &str = "\
Examples:
  rapport aggregate 2026-01.csv -o 2026-01.agg
  rapport aggregate east/*.csv --by side,department,location -o east.agg
  rapport report --aggregates east.agg west.agg --by side,department,location --format json

A .agg file holds the instrument and the scoring options it was built under,
exact sums per finest group (no response, no respondent id), the counts the
privacy plan needs, the intake counts, and a 64-bit hash of every accepted
(wave, respondent). Parts merge exactly and in any order: `rapport report
--aggregates` gives the JSON `rapport report` gives for the same files read
in the same order. It refuses parts built under another instrument or other
options that decide what is aggregated (--by, --wave-order, --scale, the
answered share), and a respondent who answered one wave in two parts (split
the data by wave and respondent, as `rapport report` would refuse the same
files). Report options (--min-group, --confidence, --favourable, --deletion,
thresholds in --options) may differ when reporting.";

const SAMPLE_AFTER_HELP: &str = "\
Examples:
  rapport sample > responses.csv
  rapport sample --seed 7 --waves 6 --respondents 200 -o responses.csv
  rapport sample --format json -o responses.json
  rapport sample --instrument mine.json | rapport report - --instrument mine.json

The same seed and options always give the same bytes.";

/// Relationship-health scorecards for IT and the business, from survey exports.
#[derive(Debug, Parser)]
#[command(name = "rapport", version, after_help = ROOT_AFTER_HELP)]
#[command(propagate_version = true, arg_required_else_help = true)]
pub struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// What an answer that breaks its item's rule does to its response.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum BadCellsArg {
    /// The response is a bad row (rejected with --lenient).
    Reject,
    /// The answer is read as missing, counted and listed; the response is kept.
    Missing,
}

/// The period of a wave taken from a timestamp.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum WavePeriod {
    /// 2025-06.
    Month,
    /// 2025-Q2.
    Quarter,
    /// 2025-H1.
    Half,
    /// 2025.
    Year,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Score survey responses and print the scorecard (text or JSON).
    #[command(after_help = REPORT_AFTER_HELP, after_long_help = format!("{REPORT_AFTER_HELP}\n\n{EXIT_CODES}"))]
    Report(ReportArgs),
    /// Save the aggregates of responses (exact sums per group, intake counts,
    /// respondent keys) as a .agg file, to merge with other parts into one
    /// report (`rapport report --aggregates`).
    #[command(after_help = AGGREGATE_AFTER_HELP, after_long_help = format!("{AGGREGATE_AFTER_HELP}\n\n{EXIT_CODES}"))]
    Aggregate(AggregateArgs),
    /// Check survey responses against the instrument without scoring them.
    #[command(after_help = VALIDATE_AFTER_HELP, after_long_help = format!("{VALIDATE_AFTER_HELP}\n\n{EXIT_CODES}"))]
    Validate(ValidateArgs),
    /// Show the survey instrument: dimensions, questions, scales, bands, playbook.
    #[command(after_help = INSTRUMENT_AFTER_HELP, after_long_help = format!("{INSTRUMENT_AFTER_HELP}\n\n{EXIT_CODES}"))]
    Instrument(InstrumentArgs),
    /// For the data owner: which groups every report hides, and why (exact
    /// counts of small groups: never publish this output).
    #[command(after_help = PRIVACY_AFTER_HELP, after_long_help = format!("{PRIVACY_AFTER_HELP}\n\n{EXIT_CODES}"))]
    Privacy(PrivacyArgs),
    /// Write a starter column mapping for a survey tool's export (items
    /// guessed from the question texts, every guess noted) to review.
    #[command(after_help = MAPPING_AFTER_HELP, after_long_help = format!("{MAPPING_AFTER_HELP}\n\n{EXIT_CODES}"))]
    Mapping(MappingArgs),
    /// Write realistic, seeded sample responses (CSV or JSON).
    #[command(after_help = SAMPLE_AFTER_HELP, after_long_help = format!("{SAMPLE_AFTER_HELP}\n\n{EXIT_CODES}"))]
    Sample(SampleArgs),
}

/// `rapport mapping`.
#[derive(Debug, Args)]
pub struct MappingArgs {
    /// The export (CSV, or a workbook: .xlsx, .xlsm, .xlsb, .xls, .ods) whose
    /// header the mapping is for.
    #[arg(value_name = "FILE")]
    pub file: PathBuf,
    /// The sheet of a workbook to read (default: the first).
    #[arg(long, value_name = "NAME")]
    pub sheet: Option<String>,
    /// The survey tool that wrote the export ("auto" detects it).
    #[arg(long, value_name = "TOOL", default_value = "auto", value_parser = [
        "auto", "rapport", "qualtrics", "msforms", "googleforms", "surveymonkey", "limesurvey", "redcap"])]
    pub from: String,
    /// Custom instrument JSON (default: the built-in instrument).
    #[arg(long, value_name = "FILE")]
    pub instrument: Option<PathBuf>,
    /// The Qualtrics survey definition (.qsf) of the export: its columns
    /// mapped to items by their statements, and its recode values to scale
    /// points.
    #[arg(long, value_name = "FILE", conflicts_with = "redcap_dictionary")]
    pub qsf: Option<PathBuf>,
    /// The REDCap data dictionary (CSV) of the export: its fields mapped to
    /// items by their labels, and their choice codes to scale points.
    #[arg(long, value_name = "FILE")]
    pub redcap_dictionary: Option<PathBuf>,
    /// Write the mapping to this file instead of standard output.
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
}

const MAPPING_AFTER_HELP: &str = "\
Examples:
  rapport mapping export.csv -o mapping.json
  rapport mapping export.csv --qsf survey.qsf -o mapping.json
  rapport mapping export.csv --redcap-dictionary dictionary.csv -o mapping.json
  rapport validate export.csv --mapping mapping.json
  rapport report export.csv --mapping mapping.json --format html -o report.html

Items are matched by id or by question text (whatever the counterpart is
called); a side or wave column is used when there is one, else the notes say
what to add; every other column is listed under \"ignore\" (move a break-down
such as a department column to \"segments\"). The notes are not read back.

With the survey's definition (--qsf, --redcap-dictionary) the columns it
names are mapped by their statements and the answer codes the tool exports
(Qualtrics recode values, REDCap choice codes) by their labels or their
position to scale points; \"don't know\" answers become \"na\".";

/// How to read input files (shared by `report` and `validate`).
#[derive(Debug, Args)]
#[command(next_help_heading = "Input")]
pub struct InputArgs {
    /// Response files (.csv, .json, .jsonl, .ndjson, .xlsx, .xlsm, .xlsb, .xls,
    /// .ods); "-" reads standard input.
    #[arg(value_name = "FILE", required = true, help_heading = "Arguments")]
    pub files: Vec<PathBuf>,
    /// Read every input as this format instead of guessing from the extension.
    #[arg(long, value_enum, value_name = "FORMAT")]
    pub input_format: Option<InputFormat>,
    /// The sheet of a workbook to read (default: the first).
    #[arg(long, value_name = "NAME")]
    pub sheet: Option<String>,
    /// Custom instrument JSON (default: the built-in instrument).
    #[arg(long, value_name = "FILE")]
    pub instrument: Option<PathBuf>,
    /// Column mapping JSON, for exports whose headers are not item ids.
    #[arg(long, value_name = "FILE")]
    pub mapping: Option<PathBuf>,
    /// Declared segment columns (comma-separated); any other column must then
    /// be a role or item column.
    #[arg(long, value_name = "COLUMNS", value_delimiter = ',')]
    pub segments: Option<Vec<String>>,
    /// Read CSV as this survey tool's export (header rows, metadata columns,
    /// id and time columns, its missing codes); "auto" detects the tool from
    /// the header, "rapport" reads rapport's own layout.
    #[arg(long, value_name = "TOOL", default_value = "auto", value_parser = [
        "auto", "rapport", "qualtrics", "msforms", "googleforms", "surveymonkey", "limesurvey", "redcap"])]
    pub from: String,
    /// One wave label for every row of the input (e.g. 2025-Q3), for exports
    /// without a wave column.
    #[arg(long, value_name = "LABEL", conflicts_with = "wave_period")]
    pub wave: Option<String>,
    /// Take each row's wave from its timestamp, by this period (the survey
    /// tool's time column, or --wave-column).
    #[arg(long, value_enum, value_name = "PERIOD")]
    pub wave_period: Option<WavePeriod>,
    /// The timestamp column waves are taken from (with --wave-period).
    #[arg(long, value_name = "COLUMN", requires = "wave_period")]
    pub wave_column: Option<String>,
    /// Timestamps with slashes are day/month/year (default month/day/year).
    #[arg(long, requires = "wave_period")]
    pub day_first: bool,
    /// One side for every row of the input, for an export of one side's form.
    #[arg(long, value_enum, value_name = "SIDE")]
    pub side: Option<SideArg>,
    /// Skip bad rows and list them instead of stopping at the first.
    #[arg(long)]
    pub lenient: bool,
    /// An answer that breaks its item's rule (out of the scale, not one of
    /// its labels, N/A where the item has none): `reject` its response (the
    /// default), or read it as `missing` and keep the response; each such
    /// answer is counted and listed (validate, the report's intake).
    #[arg(long, value_enum, value_name = "WHAT", default_value = "reject")]
    pub bad_cells: BadCellsArg,
    /// With --lenient: write every rejected row to this CSV file (file, row,
    /// column, item, code, message, value), as it is found; a report lists
    /// the first 100 and counts them all by code.
    #[arg(long, value_name = "FILE", requires = "lenient")]
    pub rejected: Option<PathBuf>,
    /// Print only errors (no summaries, no progress bar).
    #[arg(short, long)]
    pub quiet: bool,
}

/// Scoring options (shared by `report` and `validate`).
#[derive(Debug, Args)]
#[command(next_help_heading = "Scoring")]
pub struct ScoreArgs {
    /// Break-downs inside each wave: "side" and/or segment names, comma-separated
    /// ("" for none). Default: side,department.
    #[arg(long, value_name = "FIELDS")]
    pub by: Option<String>,
    /// Minimum reporting size: smaller groups are suppressed (at least 3)
    /// [default: 5].
    #[arg(long = "min-group", value_name = "N")]
    pub min_group: Option<u32>,
    /// How a dimension's favourable % is counted [default: answers].
    #[arg(long, value_enum, value_name = "BASIS")]
    pub favourable: Option<Favourable>,
    /// How scale means map to 0–100 [default: min-max].
    #[arg(long, value_enum, value_name = "SCALE")]
    pub scale: Option<Hundred>,
    /// Which responses reliability uses when some items are unanswered
    /// [default: listwise].
    #[arg(long, value_enum, value_name = "ROWS")]
    pub deletion: Option<Deletion>,
    /// Confidence level of every interval, between 0 and 1 [default: 0.95].
    #[arg(long, value_name = "LEVEL")]
    pub confidence: Option<f64>,
    /// Wave labels in time order, comma-separated, for labels that are not
    /// months (2026-03), quarters (2026-Q1), halves (2026-H1) or dates.
    #[arg(long, value_name = "WAVES", value_delimiter = ',')]
    pub wave_order: Option<Vec<String>>,
    /// Scoring options as JSON (the report's `options` form: thresholds,
    /// populations for response rates …); flags given here win over the file.
    #[arg(long, value_name = "FILE")]
    pub options: Option<PathBuf>,
}

/// `rapport aggregate`.
#[derive(Debug, Args)]
pub struct AggregateArgs {
    #[command(flatten)]
    pub input: InputArgs,
    #[command(flatten)]
    pub score: ScoreArgs,
    /// The .agg file to write.
    #[arg(short, long, value_name = "FILE", required = true, help_heading = "Output")]
    pub output: PathBuf,
}

/// `rapport report`.
#[derive(Debug, Args)]
pub struct ReportArgs {
    #[command(flatten)]
    pub input: InputArgs,
    #[command(flatten)]
    pub score: ScoreArgs,
    /// The FILEs are saved aggregates (`rapport aggregate … -o part.agg`),
    /// merged exactly in the order given into one report; their instrument
    /// and options are used, report options may be changed with the flags.
    #[arg(long, help_heading = "Input")]
    pub aggregates: bool,
    /// Output format.
    #[arg(long, value_enum, default_value_t = ReportFormat::Text, help_heading = "Output")]
    pub format: ReportFormat,
    /// Write the report to this file instead of standard output (with
    /// --format csv: the directory for the tables' CSV files, or the file
    /// for the one --table).
    #[arg(short, long, value_name = "FILE", help_heading = "Output")]
    pub output: Option<PathBuf>,
    /// With --format csv: write only this table (to standard output, or to
    /// the file given with -o).
    #[arg(long, value_name = "NAME", help_heading = "Output",
          value_parser = clap::builder::PossibleValuesParser::new(rapport::report::tables::NAMES))]
    pub table: Option<String>,
    /// No ANSI colour (also when NO_COLOR is set or output is not a terminal).
    #[arg(long, help_heading = "Output")]
    pub no_color: bool,
    /// Action log JSON (what the team committed to): the report follows up
    /// each action with before/after scores.
    #[arg(long, value_name = "FILE", help_heading = "Scoring")]
    pub actions: Option<PathBuf>,
}

/// `rapport validate`.
#[derive(Debug, Args)]
pub struct ValidateArgs {
    #[command(flatten)]
    pub input: InputArgs,
    #[command(flatten)]
    pub score: ScoreArgs,
}

/// `rapport privacy`.
#[derive(Debug, Args)]
pub struct PrivacyArgs {
    #[command(flatten)]
    pub input: InputArgs,
    #[command(flatten)]
    pub score: ScoreArgs,
    /// Output format.
    #[arg(long, value_enum, default_value_t = PrivacyFormat::Text, help_heading = "Output")]
    pub format: PrivacyFormat,
    /// Write to this file instead of standard output.
    #[arg(short, long, value_name = "FILE", help_heading = "Output")]
    pub output: Option<PathBuf>,
}

/// Output formats of `rapport privacy`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum PrivacyFormat {
    /// A readable listing per wave.
    Text,
    /// The plan as JSON.
    Json,
}

/// `rapport instrument`.
#[derive(Debug, Args)]
pub struct InstrumentArgs {
    /// Custom instrument JSON (default: the built-in instrument).
    #[arg(long, value_name = "FILE", conflicts_with_all = ["from_qsf", "from_redcap_dictionary"])]
    pub instrument: Option<PathBuf>,
    /// Build an instrument from a Qualtrics survey definition (.qsf): one
    /// dimension per matrix question, its statements as items, its answers
    /// as the scale. A starting point to edit; written as JSON.
    #[arg(long, value_name = "FILE", conflicts_with = "from_redcap_dictionary")]
    pub from_qsf: Option<PathBuf>,
    /// Build an instrument from a REDCap data dictionary (CSV): one
    /// dimension per matrix group, its fields as items, its choices as the
    /// scale. A starting point to edit; written as JSON.
    #[arg(long, value_name = "FILE")]
    pub from_redcap_dictionary: Option<PathBuf>,
    /// Output format: a readable listing (default), or the instrument JSON
    /// itself (default with --from-qsf or --from-redcap-dictionary).
    #[arg(long, value_enum)]
    pub format: Option<InstrumentFormat>,
    /// Whose wording to show: "{counterpart}" is filled in for this side.
    #[arg(long, value_enum, default_value_t = SideArg::Business)]
    pub side: SideArg,
    /// Write to this file instead of standard output.
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
}

/// `rapport sample`.
#[derive(Debug, Args)]
pub struct SampleArgs {
    /// Custom instrument JSON (default: the built-in instrument).
    #[arg(long, value_name = "FILE")]
    pub instrument: Option<PathBuf>,
    /// Random seed; the same seed and options give the same bytes.
    #[arg(long, value_name = "N", default_value_t = SampleOptions::default().seed)]
    pub seed: u64,
    /// Number of waves.
    #[arg(long, value_name = "N", default_value_t = SampleOptions::default().waves)]
    pub waves: u32,
    /// Respondents in a typical wave, both sides together (each wave varies by up to ±15%).
    #[arg(long, value_name = "N", default_value_t = SampleOptions::default().respondents_per_wave)]
    pub respondents: u32,
    /// Label of the first wave; later ones count on from it: 2025-04 (monthly),
    /// 2025-Q2 (quarterly), 2025-04-15, or any label ending in a number ("Wave 1").
    #[arg(long, value_name = "WAVE", default_value_t = SampleOptions::default().first_wave)]
    pub first_wave: String,
    /// Output format.
    #[arg(long, value_enum, default_value_t = SampleFormat::Csv)]
    pub format: SampleFormat,
    /// Write to this file instead of standard output.
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
}

/// Input file formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum InputFormat {
    /// Wide CSV: one row per response.
    Csv,
    /// JSON: an array of responses, or one response per line.
    Json,
    /// Excel workbook (.xlsx, .xlsm): one sheet read as CSV would be.
    Xlsx,
    /// Excel binary workbook (.xlsb).
    Xlsb,
    /// Excel 97-2003 workbook (.xls).
    Xls,
    /// OpenDocument spreadsheet (.ods).
    Ods,
}

/// Report output formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ReportFormat {
    /// A scorecard for the terminal.
    Text,
    /// The full report in its versioned JSON form.
    Json,
    /// One standalone HTML file (inline CSS and SVG charts; opens offline, prints well).
    Html,
    /// The report's tidy tables as CSV: one file per table into the -o
    /// directory, or the one --table.
    Csv,
}

/// Instrument output formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum InstrumentFormat {
    /// A readable listing.
    Text,
    /// The instrument JSON (the form --instrument reads).
    Json,
}

/// Sample output formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum SampleFormat {
    /// Wide CSV, the form `report` reads by default.
    Csv,
    /// A JSON array of responses, one per line.
    Json,
}

/// `--side`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum SideArg {
    /// The IT side.
    It,
    /// The business side.
    Business,
}

impl From<SideArg> for rapport::Side {
    fn from(s: SideArg) -> Self {
        match s {
            SideArg::It => rapport::Side::It,
            SideArg::Business => rapport::Side::Business,
        }
    }
}

/// `--favourable`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Favourable {
    /// Favourable answers ÷ all answers to the dimension's items.
    Answers,
    /// Share of respondents whose dimension mean is favourable.
    Respondents,
}

/// `--scale`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Hundred {
    /// (mean − min) / (max − min) · 100: the lowest point is 0.
    MinMax,
    /// mean / max · 100.
    RatioToMax,
}

/// `--deletion`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Deletion {
    /// Only respondents who answered every item of the dimension.
    Listwise,
    /// Each covariance from the respondents who answered both items.
    Pairwise,
}

impl ScoreArgs {
    /// The scoring options these flags describe on top of `base` (the
    /// options file, or the defaults); not yet validated. Every flag given
    /// wins over the file, also when it gives the default value; a flag not
    /// given keeps the file's value.
    pub fn to_options_over(&self, base: rapport::ScoreOptions) -> rapport::ScoreOptions {
        let mut opts = base;
        if let Some(w) = &self.wave_order {
            opts.wave_order = w.iter().map(|s| s.trim().to_owned()).filter(|s| !s.is_empty()).collect();
        }
        if let Some(by) = &self.by {
            opts.by = by.split(',').map(str::trim).filter(|s| !s.is_empty()).map(str::to_owned).collect();
        }
        if let Some(n) = self.min_group {
            opts.min_group_size = n;
        }
        if let Some(f) = self.favourable {
            opts.favourable_basis = match f {
                Favourable::Answers => rapport::FavourableBasis::Answers,
                Favourable::Respondents => rapport::FavourableBasis::Respondents,
            };
        }
        if let Some(s) = self.scale {
            opts.hundred_scale = match s {
                Hundred::MinMax => rapport::HundredScale::MinMax,
                Hundred::RatioToMax => rapport::HundredScale::RatioToMax,
            };
        }
        if let Some(d) = self.deletion {
            opts.reliability_deletion = match d {
                Deletion::Listwise => rapport::Deletion::Listwise,
                Deletion::Pairwise => rapport::Deletion::Pairwise,
            };
        }
        if let Some(c) = self.confidence {
            opts.confidence = c;
        }
        opts
    }

    /// The scoring options these flags describe over the defaults (not yet validated).
    #[cfg(test)]
    pub fn to_options(&self) -> rapport::ScoreOptions {
        self.to_options_over(rapport::ScoreOptions::default())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn command_definition_is_consistent() {
        Cli::command().debug_assert();
    }

    #[test]
    fn by_splits_and_trims_and_empty_means_none() {
        let cli = Cli::parse_from(["rapport", "report", "x.csv", "--by", "side, location"]);
        let Command::Report(r) = cli.command else { panic!("parsed as report") };
        assert_eq!(r.score.to_options().by, vec!["side".to_owned(), "location".to_owned()]);
        let cli = Cli::parse_from(["rapport", "report", "x.csv", "--by", ""]);
        let Command::Report(r) = cli.command else { panic!("parsed as report") };
        assert!(r.score.to_options().by.is_empty());
        let cli = Cli::parse_from(["rapport", "report", "x.csv"]);
        let Command::Report(r) = cli.command else { panic!("parsed as report") };
        assert_eq!(r.score.to_options(), rapport::ScoreOptions::default());
    }

    fn score_args(flags: &[&str]) -> ScoreArgs {
        let cli = Cli::parse_from(["rapport", "report", "x.csv"].iter().chain(flags));
        let Command::Report(r) = cli.command else { panic!("parsed as report") };
        r.score
    }

    #[test]
    fn a_flag_given_wins_over_the_file_even_at_its_default() {
        let file = rapport::ScoreOptions {
            min_group_size: 10,
            confidence: 0.8,
            favourable_basis: rapport::FavourableBasis::Respondents,
            hundred_scale: rapport::HundredScale::RatioToMax,
            reliability_deletion: rapport::Deletion::Pairwise,
            by: vec!["side".into()],
            wave_order: vec!["a".into(), "b".into()],
            ..Default::default()
        };
        // Every flag at the default value: the flags win.
        let flags = [
            "--min-group=5",
            "--confidence=0.95",
            "--favourable=answers",
            "--scale=min-max",
            "--deletion=listwise",
            "--by=side,department",
            "--wave-order=",
        ];
        assert_eq!(score_args(&flags).to_options_over(file.clone()), rapport::ScoreOptions::default());
        // No flag: the file's values.
        assert_eq!(score_args(&[]).to_options_over(file.clone()), file);
        // One flag: only that one changes.
        let want = rapport::ScoreOptions { min_group_size: 5, ..file.clone() };
        assert_eq!(score_args(&["--min-group", "5"]).to_options_over(file), want);
    }

    #[test]
    fn the_help_gives_the_cores_defaults() {
        let d = rapport::ScoreOptions::default();
        let help = Cli::command().find_subcommand_mut("report").unwrap().render_long_help().to_string();
        for want in [
            format!("[default: {}]", d.min_group_size),
            format!("[default: {}]", d.confidence),
            "[default: answers]".to_owned(),
            "[default: min-max]".to_owned(),
            "[default: listwise]".to_owned(),
        ] {
            assert!(help.contains(&want), "{want} in {help}");
        }
        assert_eq!(d.favourable_basis, rapport::FavourableBasis::Answers);
        assert_eq!(d.hundred_scale, rapport::HundredScale::MinMax);
        assert_eq!(d.reliability_deletion, rapport::Deletion::Listwise);
    }
}
