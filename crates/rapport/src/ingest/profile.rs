//! Import profiles: survey-tool exports read as the tools write them.
//!
//! Each profile knows one tool's CSV export, from the tool's documentation
//! of its format: how many rows at the top are headers and how they name the
//! columns, which columns are the tool's own metadata (read past), which
//! holds the response id and which the time of the response, and the tool's
//! codes for "seen but not answered". A profile gives a [`ColumnMapping`]
//! that the user's mapping then completes or overrides, key by key.
//!
//! | tool | header rows | id | time | notes |
//! |---|---|---|---|---|
//! | Qualtrics | 3 (ids, question texts, `{"ImportId":…}`); legacy: 2 (`V1`… and texts) | `ResponseId` (legacy `ResponseID`) | `RecordedDate` (its time zone from the import-id row) | `-99` (seen, unanswered) is missing; previews, tests and spam left out ([`RowFilter`]) |
//! | Microsoft Forms | 1 | `ID` | `Completion time` | question texts as headers |
//! | Google Forms | 1 | none: rows are numbered | `Timestamp` | question texts as headers; grids as `Question [Row]` |
//! | SurveyMonkey | 2 (questions, then `Response` or the answer option / matrix row) | `Respondent ID` | `End Date` | a question over several columns names each by its row |
//! | LimeSurvey | 1 | `id` | `submitdate` | question codes or texts as headers |
//! | REDCap | 1 (raw or labels) | `record_id` / `Record ID` | the survey timestamp | the side is carried to a record's later event rows; rows without answers left out ([`RowFilter`]) |
//!
//! **Detection.** With [`ImportFrom::Auto`] (the default) a file is read with
//! a profile when its header carries that tool's signature columns (for
//! example `ResponseId` with `StartDate`, or `Respondent ID` with
//! `Collector ID`); a file in rapport's own layout never matches. What was
//! detected is said in the read's [`Import::note`].
//!
//! **Items by question text.** Columns are matched to items by their id (as
//! without a profile), by the mapping, or by the question text the tool
//! wrote: a header (or, for Qualtrics, the question-text row) that ends with
//! an item's wording, whatever the counterpart is called (`I can count on
//! the IT team to deliver what they commit to.` matches `I can count on
//! {counterpart} to deliver what they commit to.`).
//!
//! **Other columns** are read past (`other_columns: ignore`): a tool's export
//! holds many questions rapport does not score, often with repeated headers.
//! Name a segment column in the mapping's `segments` or with `--segments`.

use super::ColumnMapping;
use super::mapping::{MappingFile, OtherColumns, RespondentSource, RoleRule, RoleSpec, SideSource, WaveSource};
use crate::error::{Error, Result};
use crate::instrument::Instrument;
use crate::util::text::{Lower, echo};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// A survey tool whose export rapport reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "lowercase")]
pub enum Tool {
    /// Qualtrics (Data & Analysis → Export → CSV).
    Qualtrics,
    /// Microsoft Forms (Open results in Excel, saved as CSV).
    Msforms,
    /// Google Forms (Responses → Download responses, or the linked sheet as CSV).
    Googleforms,
    /// SurveyMonkey (Analyze → Save as → All individual responses, CSV).
    Surveymonkey,
    /// LimeSurvey (Responses → Export → CSV).
    Limesurvey,
    /// REDCap (Data Exports → CSV, raw or labels).
    Redcap,
}

impl Tool {
    /// Every tool, in the order detection tries them.
    pub const ALL: [Tool; 6] =
        [Tool::Qualtrics, Tool::Surveymonkey, Tool::Msforms, Tool::Googleforms, Tool::Limesurvey, Tool::Redcap];

    /// The name used on the command line (`--from`).
    pub fn id(self) -> &'static str {
        match self {
            Tool::Qualtrics => "qualtrics",
            Tool::Msforms => "msforms",
            Tool::Googleforms => "googleforms",
            Tool::Surveymonkey => "surveymonkey",
            Tool::Limesurvey => "limesurvey",
            Tool::Redcap => "redcap",
        }
    }

    /// The tool's name for people.
    pub fn name(self) -> &'static str {
        match self {
            Tool::Qualtrics => "Qualtrics",
            Tool::Msforms => "Microsoft Forms",
            Tool::Googleforms => "Google Forms",
            Tool::Surveymonkey => "SurveyMonkey",
            Tool::Limesurvey => "LimeSurvey",
            Tool::Redcap => "REDCap",
        }
    }
}

impl std::str::FromStr for Tool {
    type Err = Error;
    fn from_str(s: &str) -> Result<Tool> {
        let key: String = s.trim().lower().chars().filter(char::is_ascii_alphanumeric).collect();
        let alias = match key.as_str() {
            "microsoftforms" | "forms" | "msform" => "msforms",
            "google" | "googleform" | "gforms" => "googleforms",
            "monkey" | "sm" => "surveymonkey",
            "lime" => "limesurvey",
            other => other,
        };
        Tool::ALL.into_iter().find(|t| t.id() == alias).ok_or_else(|| Error::InvalidArgument {
            name: "from".into(),
            expected: format!(
                "one of {}, auto or rapport",
                Tool::ALL.iter().map(|t| t.id()).collect::<Vec<_>>().join(", ")
            ),
            found: s.trim().to_owned(),
        })
    }
}

/// Which import profile a read uses.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum ImportFrom {
    /// A tool's profile when its signature columns are found, else rapport's
    /// own layout.
    #[default]
    Auto,
    /// rapport's own layout, no profile.
    Rapport,
    /// This tool's profile.
    Tool(Tool),
}

impl std::str::FromStr for ImportFrom {
    type Err = Error;
    fn from_str(s: &str) -> Result<ImportFrom> {
        match s.trim().lower().as_str() {
            "auto" => Ok(ImportFrom::Auto),
            "rapport" | "none" => Ok(ImportFrom::Rapport),
            _ => s.parse().map(ImportFrom::Tool),
        }
    }
}

/// What a profile made of an export's header rows.
#[derive(Debug, Clone, PartialEq)]
pub struct Import {
    /// The tool.
    pub tool: Tool,
    /// Found by its signature (not named by the user).
    pub detected: bool,
    /// The layout: `current`, `legacy` …
    pub layout: &'static str,
    /// The column names the mapping refers to, one per column.
    pub headers: Vec<String>,
    /// The profile's mapping completed by the user's.
    pub mapping: ColumnMapping,
    /// The column the tool writes the time of a response in, if present.
    pub timestamp: Option<String>,
}

impl Import {
    /// One line for the report's intake: tool, layout, header rows, where
    /// ids and waves come from, how many columns were matched by question
    /// text.
    pub fn note(&self) -> String {
        let how = if self.detected { "detected from its columns" } else { "as asked" };
        let mut parts = vec![format!(
            "read as a {} export ({how}; {} layout, {} header row{})",
            self.tool.name(),
            self.layout,
            self.mapping.header_rows.unwrap_or(1),
            if self.mapping.header_rows.unwrap_or(1) == 1 { "" } else { "s" }
        )];
        match &self.mapping.respondent {
            Some(RespondentSource::RowNumber) => {
                parts.push("no respondent ids: each row is one respondent, repeated answers cannot be found".into())
            }
            Some(RespondentSource::Column(c)) => parts.push(format!("respondent ids from {}", echo(c))),
            None => {}
        }
        match &self.mapping.wave {
            Some(WaveSource::Value(w)) => parts.push(format!("wave {} for the whole file", echo(w))),
            Some(WaveSource::Time(t)) => {
                let by = match (&t.period, t.ranges.len()) {
                    (Some(p), _) => format!(
                        "by {}",
                        serde_json::to_value(p).ok().and_then(|v| v.as_str().map(str::to_owned)).unwrap_or_default()
                    ),
                    (None, n) => format!("by {n} named date range{}", if n == 1 { "" } else { "s" }),
                };
                let zone = match (&t.utc_offset, &t.time_zone, &t.export_time_zone) {
                    (Some(o), ..) => format!(", times moved to UTC{o}"),
                    (None, Some(z), Some(e)) => format!(", times converted from {e} (the export's) to {z}"),
                    (None, Some(z), None) => format!(", times in {z}"),
                    (None, None, Some(e)) => format!(", times as written in the export ({e})"),
                    (None, None, None) => ", times as written in the export".to_owned(),
                };
                parts.push(format!("waves from {} {by}{zone}", echo(&t.column)));
            }
            Some(WaveSource::Column(c)) => parts.push(format!("waves from {}", echo(c))),
            None => {}
        }
        if let Some(SideSource::Value(s)) = &self.mapping.side {
            parts.push(format!("side {s} for the whole file"));
        }
        parts.join("; ")
    }
}

/// Rows of an export that are not responses, and partial responses, found
/// row by row as the export is read. [`RowFilter::for_import`] builds one
/// for a profile:
///
/// - **Qualtrics**: a row whose `Status` (Response Type) is `Survey
///   Preview`, `Survey Test`, `Spam`, `Survey Preview Spam`, `Imported
///   Spam`, `Offline Survey Preview`, `EX Spam` or `Synthetic` (or their
///   numeric codes 1, 2, 8, 9, 12, 17, 40 and 256, as exports with numeric
///   values write them) is left out: the tool generated it, or flagged it as
///   spam. `IP Address` (0), `Imported` (4), `Offline` (16), `EX` (32) and
///   `EX Offline` (48) rows are responses. A row with `Finished` False (0) or
///   `Progress` under 100 is a partial answer: kept, and counted.
/// - **REDCap**: a row with no answer in any mapped item (an instrument
///   `[not completed]`, an event or repeat without the survey) is left out.
///
/// Left-out rows are neither accepted nor rejected: the read's note
/// ([`RowFilter::note`]) counts them by reason.
///
/// ```
/// use rapport::ingest::profile::{RowFilter, Tool};
/// let headers: Vec<String> = ["Status", "Progress", "Finished", "ResponseId"].map(String::from).into();
/// let mut f = RowFilter::for_import(Tool::Qualtrics, &headers);
/// assert!(f.keep(&["IP Address", "100", "True", "R_1"], || true));
/// assert!(!f.keep(&["Survey Preview", "100", "True", "R_2"], || true));
/// assert!(!f.keep(&["8", "100", "1", "R_3"], || true)); // 8: Spam
/// assert!(f.keep(&["0", "40", "0", "R_4"], || true)); // partial: kept
/// assert_eq!(
///     f.note().as_deref(),
///     Some("2 rows left out, not responses (Status: 1 Spam, 1 Survey Preview); 1 partial response kept (Finished false or Progress under 100)")
/// );
/// ```
#[derive(Debug, Clone, Default, PartialEq)]
pub struct RowFilter {
    /// Qualtrics' `Status` column.
    status: Option<usize>,
    /// Qualtrics' `Progress` column.
    progress: Option<usize>,
    /// Qualtrics' `Finished` column.
    finished: Option<usize>,
    /// Leave out rows without an answer in any mapped item (REDCap).
    unanswered: bool,
    /// Rows left out, by reason.
    left_out: BTreeMap<&'static str, u64>,
    /// Partial responses kept.
    partial: u64,
}

/// Why a Qualtrics `Status` (label or numeric code) is not a response.
fn qualtrics_not_a_response(status: &str) -> Option<&'static str> {
    Some(match status.trim().lower().as_str() {
        "survey preview" | "1" => "Survey Preview",
        "survey test" | "2" => "Survey Test",
        "spam" | "8" => "Spam",
        "survey preview spam" | "preview spam" | "9" => "Survey Preview Spam",
        "imported spam" | "12" => "Imported Spam",
        "offline survey preview" | "17" => "Offline Survey Preview",
        "ex spam" | "40" => "EX Spam",
        "synthetic" | "256" => "Synthetic",
        _ => return None,
    })
}

/// The reason [`RowFilter`] gives for a REDCap row without answers.
const UNANSWERED: &str = "no answer to any mapped item";

impl RowFilter {
    /// The filter of `tool`'s profile, given the export's column names (as
    /// [`Import::headers`]).
    pub fn for_import(tool: Tool, headers: &[String]) -> RowFilter {
        let at = |name: &str| headers.iter().position(|h| h.trim().eq_ignore_ascii_case(name));
        match tool {
            Tool::Qualtrics => RowFilter {
                status: at("Status"),
                progress: at("Progress"),
                finished: at("Finished"),
                ..RowFilter::default()
            },
            Tool::Redcap => RowFilter { unanswered: true, ..RowFilter::default() },
            _ => RowFilter::default(),
        }
    }

    /// Whether a row (its fields, one per column) is a response to read:
    /// `false` when it is left out, which is counted. `answered` says
    /// whether any mapped item holds an answer (asked only when it matters).
    pub fn keep(&mut self, fields: &[&str], answered: impl FnOnce() -> bool) -> bool {
        let field = |c: Option<usize>| c.and_then(|c| fields.get(c)).map_or("", |f| f.trim());
        let reason = qualtrics_not_a_response(field(self.status))
            .or_else(|| (self.unanswered && !answered()).then_some(UNANSWERED));
        if let Some(reason) = reason {
            *self.left_out.entry(reason).or_default() += 1;
            return false;
        }
        let unfinished = matches!(field(self.finished).lower().as_str(), "false" | "0");
        let progress = field(self.progress);
        // The crate's own number parser: the standard one costs the browser
        // modules ~20 KB.
        let in_progress = !progress.is_empty() && crate::util::float::parse_f64(progress).is_some_and(|p| p < 100.0);
        if unfinished || in_progress {
            self.partial += 1;
        }
        true
    }

    /// Rows left out (every reason).
    pub fn left_out(&self) -> u64 {
        self.left_out.values().sum()
    }

    /// What was left out and how many partial responses were kept, for the
    /// read's note; `None` when nothing was.
    pub fn note(&self) -> Option<String> {
        let plural = |n: u64, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
        let mut parts = Vec::new();
        let n = self.left_out();
        if n > 0 {
            let rows = plural(n, "row", "rows");
            // One tool's filter gives Status reasons or the unanswered one, never both.
            let status: Vec<String> =
                self.left_out.iter().filter(|(r, _)| **r != UNANSWERED).map(|(r, k)| format!("{k} {r}")).collect();
            let why = if status.is_empty() { UNANSWERED.to_owned() } else { format!("Status: {}", status.join(", ")) };
            parts.push(format!("{rows} left out, not responses ({why})"));
        }
        if self.partial > 0 {
            parts.push(format!(
                "{} kept (Finished false or Progress under 100)",
                plural(self.partial, "partial response", "partial responses")
            ));
        }
        (!parts.is_empty()).then(|| parts.join("; "))
    }
}

/// Lowercase letters and digits, words separated by one space.
pub(crate) fn normalize(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for w in text.lower().split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()) {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(w);
    }
    out
}

/// The slot whose wording `text` ends with (the counterpart's name may be
/// anything up to 40 characters), when exactly one slot matches.
pub(crate) fn slot_by_text(text: &str, instrument: &Instrument) -> Option<usize> {
    let t = normalize(text);
    if t.is_empty() {
        return None;
    }
    let texts = instrument
        .items()
        .iter()
        .map(|i| (i.id.as_str(), i.text.as_str()))
        .chain(instrument.outcomes().iter().map(|o| (o.id.as_str(), o.text.as_str())));
    let mut found = None;
    for (id, wording) in texts {
        let (before, after) = wording.split_once("{counterpart}").unwrap_or((wording, ""));
        let (before, after) = (normalize(before), normalize(after));
        let matches = if after.is_empty() && !wording.contains("{counterpart}") {
            t == before || t.ends_with(&format!(" {before}"))
        } else {
            t.ends_with(after.as_str()) && {
                let head = &t[..t.len() - after.len()];
                head.rfind(before.as_str()).is_some_and(|i| {
                    let starts_word = i == 0 || head.as_bytes()[i - 1] == b' ';
                    starts_word && head.len() - (i + before.len()) <= 42
                })
            }
        };
        if matches {
            if found.is_some() {
                return None;
            }
            found = instrument.slot_index(id);
        }
    }
    found
}

fn has(headers: &[String], name: &str) -> bool {
    headers.iter().any(|h| h.trim().eq_ignore_ascii_case(name))
}

fn find(headers: &[String], names: &[&str]) -> Option<String> {
    names.iter().find_map(|n| headers.iter().find(|h| h.trim().eq_ignore_ascii_case(n)).map(|h| h.trim().to_owned()))
}

fn cell(rows: &[Vec<String>], r: usize, c: usize) -> &str {
    rows.get(r).and_then(|row| row.get(c)).map_or("", |s| s.trim())
}

/// `V1`, `V2` … (Qualtrics' legacy metadata names).
fn is_legacy_v(h: &str) -> bool {
    h.strip_prefix('V').is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
}

/// The tool whose signature the first header row (`rows[0]`) carries.
pub fn detect(rows: &[Vec<String>]) -> Option<Tool> {
    let h = rows.first()?;
    let all = |names: &[&str]| names.iter().all(|n| has(h, n));
    // Legacy Qualtrics: V1 … V10 (ResponseID, ResponseSet … named in row 2).
    let legacy_qualtrics = (1..=10).all(|n| h.get(n - 1).is_some_and(|x| x.trim() == format!("V{n}")));
    if all(&["ResponseId", "StartDate"]) || all(&["ResponseId", "RecordedDate"]) || legacy_qualtrics {
        Some(Tool::Qualtrics)
    } else if all(&["Respondent ID", "Collector ID"]) {
        Some(Tool::Surveymonkey)
    } else if all(&["ID", "Start time", "Completion time"]) {
        Some(Tool::Msforms)
    } else if h.first().is_some_and(|x| x.trim().eq_ignore_ascii_case("Timestamp")) && !has(h, "respondent") {
        Some(Tool::Googleforms)
    } else if all(&["id", "submitdate", "lastpage"]) || all(&["Response ID", "Date submitted", "Last page"]) {
        Some(Tool::Limesurvey)
    } else if (has(h, "record_id") && h.iter().any(|x| x.starts_with("redcap_") || x.ends_with("_complete")))
        || (has(h, "Record ID") && h.iter().any(|x| x.trim() == "Complete?" || x.trim() == "Event Name"))
    {
        Some(Tool::Redcap)
    } else {
        None
    }
}

/// The `timeZone` of a Qualtrics import-id cell
/// (`{"ImportId":"recordedDate","timeZone":"America/Denver"}`).
fn import_id_zone(text: &str) -> Option<String> {
    let v: serde_json::Value = serde_json::from_str(text).ok()?;
    v.get("timeZone")?.as_str().map(str::trim).filter(|z| !z.is_empty()).map(str::to_owned)
}

/// The number of header rows of a Qualtrics export and its layout.
fn qualtrics_rows(rows: &[Vec<String>]) -> (u32, &'static str) {
    let legacy = rows.first().is_some_and(|h| h.iter().take(10).filter(|x| is_legacy_v(x.trim())).count() >= 5);
    if legacy {
        return (2, "legacy");
    }
    let import_ids = rows.get(2).is_some_and(|r| r.iter().any(|x| x.trim_start().starts_with("{\"ImportId\"")));
    let texts = rows.get(1).is_some_and(|r| {
        r.iter().any(|x| matches!(x.trim(), "Response ID" | "Start Date" | "Recorded Date" | "Response Type"))
    });
    match (texts, import_ids) {
        (_, true) => (3, "current"),
        (true, false) => (2, "current without import ids"),
        _ => (1, "one header row"),
    }
}

/// Column names and header-row count for a tool, from the first rows.
fn names(tool: Tool, rows: &[Vec<String>]) -> (Vec<String>, u32, &'static str) {
    let first: Vec<String> = rows.first().map(|r| r.iter().map(|x| x.trim().to_owned()).collect()).unwrap_or_default();
    match tool {
        Tool::Qualtrics => {
            let (n, layout) = qualtrics_rows(rows);
            let names = if layout == "legacy" {
                // V1…V10 are named by the text row (ResponseID, StartDate …).
                first
                    .iter()
                    .enumerate()
                    .map(|(c, h)| {
                        if is_legacy_v(h) && !cell(rows, 1, c).is_empty() {
                            cell(rows, 1, c).to_owned()
                        } else {
                            h.clone()
                        }
                    })
                    .collect()
            } else {
                first
            };
            (names, n, layout)
        }
        Tool::Surveymonkey => {
            let second = rows.get(1);
            let is_second_header =
                second.is_some_and(|r| r.iter().any(|x| matches!(x.trim(), "Response" | "Open-Ended Response")));
            if !is_second_header {
                return (first, 1, "one header row");
            }
            let mut question = String::new();
            let names = first
                .iter()
                .enumerate()
                .map(|(c, h)| {
                    if !h.is_empty() {
                        question = h.clone();
                    }
                    match cell(rows, 1, c) {
                        "" | "Response" | "Open-Ended Response" => question.clone(),
                        sub if h.is_empty() || !question.is_empty() => format!("{question} - {sub}"),
                        sub => sub.to_owned(),
                    }
                })
                .collect();
            (names, 2, "question and answer-option rows")
        }
        Tool::Redcap => {
            let layout = if has(&first, "record_id") { "raw" } else { "labels" };
            (first, 1, layout)
        }
        Tool::Limesurvey => {
            let layout = if has(&first, "submitdate") { "question codes" } else { "question texts" };
            (first, 1, layout)
        }
        Tool::Msforms | Tool::Googleforms => (first, 1, "question texts"),
    }
}

/// The tool's metadata columns (never items or segments) and its id and
/// time columns.
fn conventions(tool: Tool, names: &[String]) -> (Vec<String>, Option<RespondentSource>, Option<String>) {
    let meta: &[&str] = match tool {
        Tool::Qualtrics => &[
            "StartDate",
            "EndDate",
            "Status",
            "IPAddress",
            "Progress",
            "Duration (in seconds)",
            "Finished",
            "RecordedDate",
            "RecipientLastName",
            "RecipientFirstName",
            "RecipientEmail",
            "ExternalReference",
            "ExternalDataReference",
            "LocationLatitude",
            "LocationLongitude",
            "LocationAccuracy",
            "DistributionChannel",
            "UserLanguage",
            "ResponseSet",
            "Name",
            "EmailAddress",
            "Q_RecaptchaScore",
            "Q_RelevantIDDuplicate",
            "Q_RelevantIDDuplicateScore",
            "Q_RelevantIDFraudScore",
            "Q_RelevantIDLastStartDate",
            "Q_BallotBoxStuffing",
        ],
        Tool::Msforms => &["Start time", "Completion time", "Email", "Name", "Last modified time"],
        Tool::Googleforms => &["Timestamp", "Email Address", "Email address", "Score"],
        Tool::Surveymonkey => &[
            "Collector ID",
            "Start Date",
            "End Date",
            "IP Address",
            "Email Address",
            "First Name",
            "Last Name",
            "Custom Data 1",
            "Custom Data",
        ],
        Tool::Limesurvey => &[
            "submitdate",
            "lastpage",
            "startlanguage",
            "seed",
            "startdate",
            "datestamp",
            "ipaddr",
            "refurl",
            "token",
            "Date submitted",
            "Last page",
            "Start language",
            "Seed",
            "Date started",
            "Date last action",
            "IP address",
            "Referrer URL",
        ],
        Tool::Redcap => &[
            "redcap_repeat_instrument",
            "redcap_repeat_instance",
            "redcap_data_access_group",
            "redcap_survey_identifier",
            "Repeat Instrument",
            "Repeat Instance",
            "Data Access Group",
            "Survey Identifier",
            "Survey Timestamp",
            "Complete?",
        ],
    };
    let mut ignore: Vec<String> =
        names.iter().filter(|h| meta.iter().any(|m| h.eq_ignore_ascii_case(m))).cloned().collect();
    if tool == Tool::Redcap {
        ignore.extend(names.iter().filter(|h| h.ends_with("_complete") || h.ends_with("_timestamp")).cloned());
    }
    crate::util::sort::sort(&mut ignore);
    ignore.dedup();
    let (id, time): (Option<RespondentSource>, &[&str]) = match tool {
        Tool::Qualtrics => {
            (find(names, &["ResponseId", "ResponseID"]).map(RespondentSource::Column), &["RecordedDate", "EndDate"])
        }
        Tool::Msforms => (find(names, &["ID"]).map(RespondentSource::Column), &["Completion time", "Start time"]),
        Tool::Googleforms => (Some(RespondentSource::RowNumber), &["Timestamp"]),
        Tool::Surveymonkey => {
            (find(names, &["Respondent ID"]).map(RespondentSource::Column), &["End Date", "Start Date"])
        }
        Tool::Limesurvey => {
            (find(names, &["id", "Response ID"]).map(RespondentSource::Column), &["submitdate", "Date submitted"])
        }
        Tool::Redcap => (find(names, &["record_id", "Record ID"]).map(RespondentSource::Column), &[]),
    };
    let time = find(names, time).or_else(|| {
        (tool == Tool::Redcap)
            .then(|| names.iter().find(|h| h.ends_with("_timestamp") || h.as_str() == "Survey Timestamp").cloned())
            .flatten()
    });
    (ignore, id, time)
}

/// Apply `tool`'s profile to the first rows of an export (the header rows
/// and what follows them), completing it with the user's `mapping`: the
/// user's keys win; item matches by question text fill in the rest.
pub fn import(
    tool: Tool,
    detected: bool,
    rows: &[Vec<String>],
    mapping: Option<&ColumnMapping>,
    instrument: &Instrument,
) -> Import {
    let (headers, header_rows, layout) = names(tool, rows);
    let (ignore, respondent, timestamp) = conventions(tool, &headers);
    let user = mapping.cloned().unwrap_or_default();
    let mut m = user.clone();
    m.header_rows = user.header_rows.or(Some(header_rows));
    m.other_columns = user.other_columns.or(Some(OtherColumns::Ignore));
    if m.respondent.is_none() {
        m.respondent = respondent;
    }
    // A wave period without a column takes the tool's time column.
    if let Some(WaveSource::Time(t)) = &mut m.wave
        && t.column.trim().is_empty()
        && let Some(ts) = &timestamp
    {
        t.column = ts.clone();
    }
    // Qualtrics states the time zone of its dates in the import-id row.
    if tool == Tool::Qualtrics
        && header_rows >= 3
        && let Some(WaveSource::Time(t)) = &mut m.wave
        && t.export_time_zone.is_none()
        && let Some(c) = headers.iter().position(|h| h.eq_ignore_ascii_case(t.column.trim()))
    {
        t.export_time_zone = import_id_zone(cell(rows, 2, c));
    }
    if tool == Tool::Redcap
        && let Some(SideSource::Column { carry, .. }) = &mut m.side
    {
        *carry = true;
    }
    if tool == Tool::Qualtrics {
        let mut missing = m.missing_values.clone().unwrap_or_default();
        if !missing.iter().any(|v| v.trim() == "-99") {
            missing.push("-99".into());
        }
        m.missing_values = Some(missing);
    }
    let claimed = |h: &str, m: &ColumnMapping| {
        let key = h.trim().lower();
        let role = [m.respondent_header(), m.side_header(), m.wave_header()]
            .into_iter()
            .flatten()
            .any(|r| r.trim().lower() == key);
        role || m.items.keys().chain(m.segments.keys()).chain(&m.ignore).any(|x| x.trim().lower() == key)
    };
    for h in &ignore {
        if !claimed(h, &m) {
            m.ignore.push(h.clone());
        }
    }
    // Items by id stay as they are; others by the question text.
    let taken: Vec<usize> = headers.iter().filter_map(|h| instrument.slot_index(h.trim())).collect();
    let mut by_text: BTreeMap<String, String> = BTreeMap::new();
    for (c, h) in headers.iter().enumerate() {
        if h.is_empty() || claimed(h, &m) || instrument.slot_index(h.trim()).is_some() || ignore.contains(h) {
            continue;
        }
        let text_row = if tool == Tool::Qualtrics && header_rows >= 2 { cell(rows, 1, c) } else { "" };
        let slot = slot_by_text(h, instrument).or_else(|| slot_by_text(text_row, instrument));
        if let Some(slot) = slot.filter(|s| !taken.contains(s)) {
            by_text.insert(h.clone(), instrument.slot_id(slot).to_owned());
        }
    }
    // A wording matched by two columns is left for the mapping.
    let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
    for id in by_text.values() {
        *counts.entry(id).or_default() += 1;
    }
    let single: Vec<(String, String)> =
        by_text.iter().filter(|(_, id)| counts[id.as_str()] == 1).map(|(h, id)| (h.clone(), id.clone())).collect();
    let mapped_items: Vec<String> = m.items.values().cloned().collect();
    for (h, id) in single {
        if !mapped_items.contains(&id) {
            m.items.insert(h, id);
        }
    }
    Import { tool, detected, layout, headers, mapping: m, timestamp }
}

/// A starter mapping for an export, from its first rows (the header rows
/// and a few more): what `rapport mapping FILE` writes for the user to
/// review. The tool's profile (named, or detected) supplies header rows,
/// the id column and the time column; items are matched by id or question
/// text; a `side` or `wave` column is used when there is one; every other
/// column is listed under `ignore`. Each guess is explained in `notes`,
/// keyed by the column (or `side` / `wave`), and what is still needed too.
///
/// ```
/// use rapport::Instrument;
/// use rapport::ingest::profile::{ImportFrom, starter};
/// let rows = vec![vec!["Timestamp".to_owned(), "I can count on IT to deliver what they commit to.".to_owned(), "Team".to_owned()]];
/// let m = starter(&rows, &Instrument::default(), ImportFrom::Auto);
/// assert_eq!(m.items.values().next().map(String::as_str), Some("trust_1"));
/// assert_eq!(m.ignore, ["Team"]);
/// assert!(m.notes["side"].contains("no side column"));
/// ```
pub fn starter(rows: &[Vec<String>], instrument: &Instrument, from: ImportFrom) -> MappingFile {
    let tool = match from {
        ImportFrom::Tool(t) => Some((t, false)),
        ImportFrom::Auto => detect(rows).map(|t| (t, true)),
        ImportFrom::Rapport => None,
    };
    let first: Vec<String> = rows.first().map(|r| r.iter().map(|x| x.trim().to_owned()).collect()).unwrap_or_default();
    let mut notes = BTreeMap::new();
    let (headers, mapping, timestamp) = match tool {
        Some((t, detected)) => {
            let i = import(t, detected, rows, None, instrument);
            notes.insert("from".to_owned(), i.note());
            (i.headers, i.mapping, i.timestamp)
        }
        None => {
            let mut m = ColumnMapping::default();
            for h in &first {
                if instrument.slot_index(h).is_none()
                    && let Some(slot) = slot_by_text(h, instrument)
                {
                    m.items.insert(h.clone(), instrument.slot_id(slot).to_owned());
                }
            }
            (first.clone(), m, None)
        }
    };
    let mut file = MappingFile::from(&mapping);
    file.other_columns = Some(OtherColumns::Ignore);
    let role = |name: &str| headers.iter().find(|h| h.eq_ignore_ascii_case(name)).cloned();
    if file.respondent.is_none()
        && let Some(r) = role("respondent")
    {
        file.respondent = Some(RoleSpec::Header(r));
    }
    match (role("side"), headers.iter().find(|h| h.lower().contains("side"))) {
        (Some(s), _) => file.side = Some(RoleSpec::Header(s)),
        (None, Some(q)) => {
            file.side = Some(RoleSpec::Header(q.clone()));
            notes.insert(
                "side".into(),
                format!("guessed: the column {} asks the side; map its answers to it/business in side_values", echo(q)),
            );
        }
        (None, None) => {
            notes.insert(
                "side".into(),
                "no side column: add \"side\": {\"value\": \"it\"} (or \"business\") when the file holds one side"
                    .into(),
            );
        }
    }
    // REDCap writes the side only on a record's first event row.
    if matches!(tool, Some((Tool::Redcap, _)))
        && role("redcap_event_name").is_some()
        && let Some(RoleSpec::Header(column)) = &file.side
    {
        let column = column.clone();
        file.side = Some(RoleSpec::Rule(RoleRule { column: Some(column), carry: true, ..RoleRule::default() }));
    }
    match (role("wave"), &timestamp) {
        (Some(w), _) => file.wave = Some(RoleSpec::Header(w)),
        (None, Some(ts)) => {
            file.wave = Some(RoleSpec::Rule(RoleRule {
                column: Some(ts.clone()),
                period: Some(super::time::Period::Quarter),
                ..RoleRule::default()
            }));
            notes.insert(
                "wave".into(),
                format!(
                    "guessed: waves by quarter of {}; use month, half or year, named \"ranges\", or {{\"value\": LABEL}}",
                    echo(ts)
                ),
            );
        }
        (None, None) => {
            notes.insert(
                "wave".into(),
                "no wave column: add \"wave\": {\"value\": \"2025-Q3\"} for the whole file".into(),
            );
        }
    }
    for (h, id) in &file.items {
        notes.insert(h.clone(), format!("guessed: item {id}, by its question text"));
    }
    // A metadata column the roles now read is no longer ignored.
    let role_columns: Vec<String> = [&file.respondent, &file.side, &file.wave]
        .into_iter()
        .flatten()
        .filter_map(|r| match r {
            RoleSpec::Header(x) => Some(x.lower()),
            RoleSpec::Rule(rule) => rule.column.as_ref().map(|x| x.lower()),
        })
        .collect();
    file.ignore.retain(|h| !role_columns.contains(&h.lower()));
    let claimed = |h: &str, f: &MappingFile| {
        let roles = [&f.respondent, &f.side, &f.wave].into_iter().flatten().any(|r| match r {
            RoleSpec::Header(x) => x.eq_ignore_ascii_case(h),
            RoleSpec::Rule(rule) => rule.column.as_deref().is_some_and(|x| x.eq_ignore_ascii_case(h)),
        });
        roles || f.items.contains_key(h) || instrument.slot_index(h).is_some() || f.ignore.iter().any(|x| x == h)
    };
    let mut extra = Vec::new();
    for h in &headers {
        if !h.is_empty() && !claimed(h, &file) && !extra.contains(h) {
            extra.push(h.clone());
        }
    }
    if !extra.is_empty() {
        notes.insert(
            "ignore".into(),
            "columns rapport does not score; move a break-down (department, location …) to \"segments\"".into(),
        );
    }
    file.ignore.extend(extra);
    file.notes = notes;
    file
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rows(lines: &[&[&str]]) -> Vec<Vec<String>> {
        lines.iter().map(|l| l.iter().map(|s| (*s).to_owned()).collect()).collect()
    }

    #[test]
    fn detects_each_tool_by_its_signature_and_never_rapports_own_layout() {
        let cases: [(&[&str], Option<Tool>); 8] = [
            (&["StartDate", "EndDate", "Status", "ResponseId", "Q1"], Some(Tool::Qualtrics)),
            (&["Respondent ID", "Collector ID", "Start Date", "Q"], Some(Tool::Surveymonkey)),
            (&["ID", "Start time", "Completion time", "Email", "Name", "Q"], Some(Tool::Msforms)),
            (&["Timestamp", "Email Address", "Q"], Some(Tool::Googleforms)),
            (&["id", "submitdate", "lastpage", "startlanguage", "Q1"], Some(Tool::Limesurvey)),
            (&["record_id", "redcap_event_name", "q1", "survey_complete"], Some(Tool::Redcap)),
            (&["Record ID", "Event Name", "Q1", "Complete?"], Some(Tool::Redcap)),
            (&["respondent", "side", "wave", "trust_1", "department"], None),
        ];
        for (header, want) in cases {
            assert_eq!(detect(&rows(&[header])), want, "{header:?}");
        }
        let legacy = rows(&[
            &["V1", "V2", "V3", "V4", "V5", "V6", "V7", "V8", "V9", "V10", "Q1"],
            &[
                "ResponseID",
                "ResponseSet",
                "Name",
                "ExternalDataReference",
                "EmailAddress",
                "IPAddress",
                "Status",
                "StartDate",
                "EndDate",
                "Finished",
                "text",
            ],
        ]);
        assert_eq!(detect(&legacy), Some(Tool::Qualtrics));
    }

    #[test]
    fn question_texts_find_items_whatever_the_counterpart_is_called() {
        let inst = Instrument::default();
        let slot = |t: &str| slot_by_text(t, &inst).map(|s| inst.slot_id(s).to_owned());
        assert_eq!(slot("I can count on IT to deliver what they commit to."), Some("trust_1".into()));
        assert_eq!(slot("i can count on the business  to deliver what they commit to"), Some("trust_1".into()));
        assert_eq!(
            slot("How much do you agree? - I can count on the IT team to deliver what they commit to."),
            Some("trust_1".into())
        );
        assert_eq!(slot("Please rate [I can count on IT to deliver what they commit to.]"), Some("trust_1".into()));
        assert_eq!(slot("Which department are you in?"), None);
        assert_eq!(slot(""), None);
    }

    #[test]
    fn qualtrics_current_and_legacy_layouts() {
        let inst = Instrument::default();
        let current = rows(&[
            &["StartDate", "RecordedDate", "ResponseId", "Q1_1", "Q1_2", "Q7", "Q7"],
            &[
                "Start Date",
                "Recorded Date",
                "Response ID",
                "Agree? - I can count on IT to deliver what they commit to.",
                "Agree? - We celebrate joint successes with IT.",
                "Comments",
                "Comments",
            ],
            &[
                "{\"ImportId\":\"startDate\",\"timeZone\":\"America/Denver\"}",
                "{\"ImportId\":\"recordedDate\"}",
                "{\"ImportId\":\"_recordId\"}",
                "{\"ImportId\":\"QID1_1\"}",
                "{\"ImportId\":\"QID1_2\"}",
                "{\"ImportId\":\"QID7_TEXT\"}",
                "{\"ImportId\":\"QID8_TEXT\"}",
            ],
        ]);
        let i = import(Tool::Qualtrics, true, &current, None, &inst);
        assert_eq!((i.layout, i.mapping.header_rows), ("current", Some(3)));
        assert_eq!(i.mapping.respondent, Some(RespondentSource::Column("ResponseId".into())));
        assert_eq!(i.timestamp.as_deref(), Some("RecordedDate"));
        assert_eq!(i.mapping.items.get("Q1_1").map(String::as_str), Some("trust_1"));
        assert_eq!(i.mapping.items.get("Q1_2").map(String::as_str), Some("trust_4"));
        assert!(i.mapping.ignore.contains(&"StartDate".to_owned()));
        assert_eq!(i.mapping.missing_values.as_deref(), Some(&["-99".to_owned()][..]));
        assert!(
            i.note().contains("Qualtrics export (detected from its columns; current layout, 3 header rows"),
            "{}",
            i.note()
        );

        let legacy = rows(&[
            &["V1", "V2", "V3", "V4", "V5", "V6", "V7", "V8", "V9", "V10", "trust_1"],
            &[
                "ResponseID",
                "ResponseSet",
                "Name",
                "ExternalDataReference",
                "EmailAddress",
                "IPAddress",
                "Status",
                "StartDate",
                "EndDate",
                "Finished",
                "I can count on IT…",
            ],
        ]);
        let i = import(Tool::Qualtrics, false, &legacy, None, &inst);
        assert_eq!((i.layout, i.mapping.header_rows), ("legacy", Some(2)));
        assert_eq!(i.headers[0], "ResponseID");
        assert_eq!(i.mapping.respondent, Some(RespondentSource::Column("ResponseID".into())));
        assert_eq!(i.timestamp.as_deref(), Some("EndDate"));
    }

    #[test]
    fn surveymonkey_names_matrix_columns_by_their_rows() {
        let inst = Instrument::default();
        let r = rows(&[
            &["Respondent ID", "Collector ID", "End Date", "How much do you agree?", "", "Department"],
            &[
                "",
                "",
                "",
                "I can count on IT to deliver what they commit to.",
                "We celebrate joint successes with IT.",
                "Response",
            ],
        ]);
        let i = import(Tool::Surveymonkey, true, &r, None, &inst);
        assert_eq!(i.mapping.header_rows, Some(2));
        assert_eq!(i.headers[4], "How much do you agree? - We celebrate joint successes with IT.");
        assert_eq!(i.headers[5], "Department");
        assert_eq!(i.mapping.items.values().cloned().collect::<Vec<_>>(), ["trust_1", "trust_4"]);
    }

    #[test]
    fn the_users_mapping_wins_and_a_wave_period_takes_the_tools_time_column() {
        let inst = Instrument::default();
        let user = ColumnMapping::from_json(
            r#"{"respondent": "Email", "wave": {"column": "", "period": "quarter"}, "items": {"Q9": "trust_1"}}"#,
        );
        // An empty column is refused when read on its own …
        assert!(user.is_err());
        // … so the CLI builds it in code.
        let mut user = ColumnMapping {
            wave: Some(WaveSource::Time(crate::ingest::time::WaveFromTime {
                column: String::new(),
                period: Some(crate::ingest::time::Period::Quarter),
                ..Default::default()
            })),
            ..Default::default()
        };
        user.items.insert("Q9".into(), "trust_1".into());
        let r = rows(&[&["Timestamp", "Q9", "I can count on IT to deliver what they commit to."]]);
        let i = import(Tool::Googleforms, true, &r, Some(&user), &inst);
        let Some(WaveSource::Time(t)) = &i.mapping.wave else { panic!() };
        assert_eq!(t.column, "Timestamp");
        // trust_1 is the user's Q9; the text column is not taken for it too.
        assert_eq!(i.mapping.items.len(), 1);
        assert_eq!(i.mapping.respondent, Some(RespondentSource::RowNumber));
        assert!(i.note().contains("no respondent ids"), "{}", i.note());
    }

    #[test]
    fn a_starter_mapping_reads_the_export_it_was_made_from() {
        let inst = Instrument::default();
        let text =
            std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../../tests/imports/surveymonkey.csv"))
                .unwrap();
        let rows: Vec<Vec<String>> = text.lines().take(3).map(|l| l.split(',').map(str::to_owned).collect()).collect();
        let m = starter(&rows, &inst, ImportFrom::Auto);
        assert!(m.notes["from"].contains("SurveyMonkey"), "{:?}", m.notes);
        assert_eq!(m.items.len(), 2);
        assert!(m.ignore.iter().any(|h| h == "What is your department?"), "{:?}", m.ignore);
        let Some(RoleSpec::Rule(w)) = &m.wave else { panic!("{:?}", m.wave) };
        assert_eq!(w.column.as_deref(), Some("End Date"));
        // The JSON round-trips into a mapping that checks against the instrument.
        let json = serde_json::to_string_pretty(&m).unwrap();
        let back = ColumnMapping::from_json(&json).unwrap();
        back.check(&inst).unwrap();
    }

    #[test]
    fn tool_names_parse_with_aliases_and_errors_list_them() {
        assert_eq!("Qualtrics".parse::<Tool>().unwrap(), Tool::Qualtrics);
        assert_eq!("Microsoft Forms".parse::<Tool>().unwrap(), Tool::Msforms);
        assert_eq!("google-forms".parse::<Tool>().unwrap(), Tool::Googleforms);
        assert_eq!("auto".parse::<ImportFrom>().unwrap(), ImportFrom::Auto);
        let e = "typeform".parse::<ImportFrom>().unwrap_err();
        assert!(e.to_string().contains("qualtrics, surveymonkey, msforms"), "{e}");
    }
}
