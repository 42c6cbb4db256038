//! Waves from time: the timestamps survey tools write, and the wave a
//! timestamp falls in.
//!
//! No survey tool writes a wave label; every one writes when a response was
//! started or submitted. A [`WaveFromTime`] rule (the mapping's `wave` key
//! given as an object with a `period` or `ranges`) turns that timestamp
//! into a wave label of rapport's schemes ([`crate::waves`]): `2025-06`
//! (month), `2025-Q2` (quarter), `2025-H1` (half), `2025` (year), or the name
//! of a date range the user lists.
//!
//! **Formats read** ([`Timestamp::parse`]), each with or without seconds,
//! fractions of a second and a trailing `Z` or UTC offset (`+02:00`):
//!
//! | written as | tools |
//! |---|---|
//! | `2025-06-24 14:27:08`, `2025-06-24T14:27:08Z`, `2025-06-24` | Qualtrics, LimeSurvey, REDCap |
//! | `6/24/2025 2:27:08 PM`, `06/24/2025 14:27` (month first) | Microsoft Forms, Google Forms and SurveyMonkey in US English |
//! | `6/24/25 2:27 PM` (two-digit year) | Microsoft Forms in some locales |
//! | `24/06/2025 14:27:08` (day first, with `day_first: true`) | the same tools in other locales |
//! | `24.06.2025 14:27` (day first) | German locales |
//! | `2025/06/24 2:27:08 PM GMT+1` | Google Forms' own CSV download |
//! | `45832.6021` (days since 1899-12-30) | dates in Excel workbooks |
//!
//! A slash date is read month first unless the rule says `day_first`; a
//! month above 12 is then an error whose hint names `day_first`, never a
//! silent swap. A two-digit year (after a slash or a dot) is read as POSIX
//! `strptime`'s `%y` reads it: 00–68 are 2000–2068, 69–99 are 1969–1999.
//!
//! **Time zones.** A timestamp is placed in a period by the wall-clock time
//! written in the export, which is the time zone the tool exported in
//! (Qualtrics states it in its third header row). A timestamp that carries an
//! offset is moved to the rule's `utc_offset` when one is given, so exports
//! in UTC can be bucketed in local time; the report's intake says which
//! column, period and offset were used.
//!
//! With `time_zone` (an IANA name such as `America/Denver`) waves are
//! counted in that zone's local time, daylight saving included: a timestamp
//! carrying an offset is converted to it, and one written without an offset
//! is taken as a local time of `export_time_zone` (which the Qualtrics
//! profile reads from the export's third header row when it is there) and
//! converted, or, when no export zone is known, as already in `time_zone`.
//! Zones are looked up in the system's time-zone database (bundled on
//! Windows) through the `jiff` crate, in builds with rapport's `tz` feature
//! (the command line and the Python package); elsewhere (the browser
//! modules) a `time_zone` is an `invalid_mapping` error saying so.

use crate::error::{Error, Location, Result};
#[cfg(feature = "import")]
use crate::util::text::echo;
use serde::{Deserialize, Serialize};

/// A calendar date and time of day, as written (wall clock), with the offset
/// from UTC in minutes when the text gave one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Timestamp {
    /// Year (four digits).
    pub year: i32,
    /// Month, 1–12.
    pub month: u32,
    /// Day of the month, 1–31.
    pub day: u32,
    /// Seconds since midnight.
    pub seconds: u32,
    /// Minutes east of UTC, when written (`Z` is 0).
    pub offset_minutes: Option<i32>,
}

/// Days from 1970-01-01 to a civil date (proleptic Gregorian; H. Hinnant's
/// `days_from_civil`).
fn days_from_civil(y: i32, m: u32, d: u32) -> i64 {
    let y = i64::from(y) - i64::from(m <= 2);
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let m = i64::from(m);
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(d) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The civil date of a day count from 1970-01-01 (inverse of
/// [`days_from_civil`]).
fn civil_from_days(z: i64) -> (i32, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let y = yoe + era * 400 + i64::from(m <= 2);
    (y as i32, m, d)
}

fn days_in_month(y: i32, m: u32) -> u32 {
    match m {
        2 if (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Why a text is not a timestamp (the `expected` of the error).
const EXPECTED: &str = "a date and time such as 2025-06-24 14:27:08, 6/24/2025 2:27:08 PM or an Excel date number";

/// A parse failure: what was expected, and a hint.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TimestampProblem {
    /// What the text should have been.
    pub expected: String,
}

fn problem(expected: impl Into<String>) -> TimestampProblem {
    TimestampProblem { expected: expected.into() }
}

/// A two-digit year as POSIX `strptime`'s `%y` reads it: 00–68 are
/// 2000–2068, 69–99 are 1969–1999; a longer year is kept.
fn full_year(y: u32) -> u32 {
    match y {
        0..=68 => 2000 + y,
        69..=99 => 1900 + y,
        _ => y,
    }
}

fn number(s: &str, max_len: usize) -> Option<u32> {
    (!s.is_empty() && s.len() <= max_len && s.bytes().all(|b| b.is_ascii_digit())).then(|| s.parse().ok()).flatten()
}

/// `hh:mm[:ss[.fff]]` with an optional `AM`/`PM` → seconds since midnight.
fn time_of_day(text: &str) -> Option<u32> {
    let t = text.trim();
    let (clock, meridiem) = match t.len().checked_sub(2).map(|i| (t.get(..i), t.get(i..))) {
        Some((Some(c), Some(m))) if m.eq_ignore_ascii_case("am") || m.eq_ignore_ascii_case("pm") => {
            (c.trim_end(), Some(m.eq_ignore_ascii_case("pm")))
        }
        _ => (t, None),
    };
    let mut parts = clock.split(':');
    let h = number(parts.next()?, 2)?;
    let m = number(parts.next()?, 2)?;
    let s = match parts.next() {
        Some(sec) => number(sec.split('.').next()?, 2)?,
        None => 0,
    };
    if parts.next().is_some() || m > 59 || s > 60 {
        return None;
    }
    let h = match meridiem {
        Some(pm) if (1..=12).contains(&h) => (h % 12) + if pm { 12 } else { 0 },
        Some(_) => return None,
        None if h <= 24 => h,
        None => return None,
    };
    Some((h * 3600 + m * 60 + s.min(59)).min(86_399))
}

/// A trailing `Z` or `±hh:mm` / `±hhmm` offset, split off.
fn split_offset(text: &str) -> (&str, Option<i32>) {
    if let Some(rest) =
        text.strip_suffix('Z').or_else(|| text.strip_suffix(" UTC")).or_else(|| text.strip_suffix(" GMT"))
    {
        return (rest, Some(0));
    }
    // Google Forms: `2025/06/24 2:27:08 PM GMT+1`, `GMT-05:30`.
    if let Some(i) = text.rfind(" GMT") {
        let rest = &text[i + 4..];
        let (sign, digits) = match rest.as_bytes().first() {
            Some(b'+') => (1, &rest[1..]),
            Some(b'-') => (-1, &rest[1..]),
            _ => (0, ""),
        };
        let (h, m) = digits.split_once(':').unwrap_or((digits, "0"));
        if let (Some(h), Some(m)) = (number(h, 2), number(m, 2))
            && sign != 0
            && h <= 14
            && m < 60
        {
            return (text[..i].trim_end(), Some(sign * (h * 60 + m) as i32));
        }
    }
    // An offset follows the time (after a ':' was seen); a date's '-' is not one.
    if let Some(i) = text.rfind(['+', '-']).filter(|&i| text[..i].contains(':')) {
        let off = text[i + 1..].replace(':', "");
        if let (4, Some(v)) = (off.len(), number(&off, 4)) {
            let minutes = (v / 100 * 60 + v % 100) as i32;
            return (text[..i].trim_end(), Some(if text.as_bytes()[i] == b'-' { -minutes } else { minutes }));
        }
    }
    (text, None)
}

impl Timestamp {
    /// Read a timestamp in one of the formats of the [module docs](self).
    /// `day_first` reads slash dates as day/month/year.
    ///
    /// ```
    /// use rapport::ingest::time::Timestamp;
    /// let t = Timestamp::parse("6/24/2025 2:27:08 PM", false).unwrap();
    /// assert_eq!((t.year, t.month, t.day, t.seconds), (2025, 6, 24, 14 * 3600 + 27 * 60 + 8));
    /// let t = Timestamp::parse("2025-06-24T14:27:08+02:00", false).unwrap();
    /// assert_eq!(t.offset_minutes, Some(120));
    /// assert!(Timestamp::parse("24/06/2025", false).is_err()); // month 24: needs day_first
    /// assert_eq!(Timestamp::parse("24/06/2025", true).unwrap().month, 6);
    /// ```
    pub fn parse(text: &str, day_first: bool) -> std::result::Result<Timestamp, TimestampProblem> {
        let t = text.trim();
        if let Some(ts) = Self::excel_serial(t) {
            return Ok(ts);
        }
        let (body, offset) = split_offset(t);
        let (date, time) = match body.find(['T', ' ']) {
            Some(i) => (&body[..i], Some(body[i + 1..].trim())),
            None => (body, None),
        };
        let fields: Vec<&str> = date.split(['-', '/', '.']).collect();
        let sep = date.bytes().find(|b| matches!(b, b'-' | b'/' | b'.'));
        let [a, b, c] = fields[..] else { return Err(problem(EXPECTED)) };
        let (y, m, d) = if a.len() == 4 {
            (number(a, 4), number(b, 2), number(c, 2))
        } else if c.len() == 4 || (c.len() == 2 && matches!(sep, Some(b'/' | b'.'))) {
            // Dots are a day-first convention; slashes and dashes follow the rule.
            let day_first = day_first || sep == Some(b'.');
            let (m, d) = if day_first { (b, a) } else { (a, b) };
            (number(c, 4).map(full_year), number(m, 2), number(d, 2))
        } else {
            (None, None, None)
        };
        let (Some(y), Some(m), Some(d)) = (y, m, d) else { return Err(problem(EXPECTED)) };
        if !(1..=12).contains(&m) {
            let hint = if day_first || a.len() == 4 {
                String::new()
            } else {
                " (this date has no month 1–12 in first place: if dates are written day first, set \"day_first\": true)"
                    .to_owned()
            };
            return Err(problem(format!("a real date with a month from 1 to 12{hint}")));
        }
        let y = y as i32;
        if d == 0 || d > days_in_month(y, m) {
            return Err(problem(format!("a real date ({y}-{m:02} has {} days)", days_in_month(y, m))));
        }
        let seconds = match time.filter(|t| !t.is_empty()) {
            Some(t) => time_of_day(t).ok_or_else(|| problem(EXPECTED))?,
            None => 0,
        };
        Ok(Timestamp { year: y, month: m, day: d, seconds, offset_minutes: offset })
    }

    /// An Excel date number (days since 1899-12-30, the fraction the time of
    /// day), for dates from 1950 to 2149.
    fn excel_serial(t: &str) -> Option<Timestamp> {
        if !t.bytes().all(|b| b.is_ascii_digit() || b == b'.') {
            return None;
        }
        // `parse_f64` is `str::parse` without its table of powers of five
        // in the browser module.
        let v = crate::util::float::parse_f64(t)?;
        if !(18_264.0..91_311.0).contains(&v) {
            return None;
        }
        let days = v.floor();
        let seconds = (((v - days) * 86_400.0).round() as u32).min(86_399);
        let (year, month, day) = civil_from_days(days as i64 + days_from_civil(1899, 12, 30));
        Some(Timestamp { year, month, day, seconds, offset_minutes: None })
    }

    /// The same instant at another offset from UTC (a timestamp without an
    /// offset is taken as already being in it).
    pub fn at_offset(self, offset_minutes: i32) -> Timestamp {
        let Some(from) = self.offset_minutes else { return self };
        let total = days_from_civil(self.year, self.month, self.day) * 86_400 + i64::from(self.seconds)
            - i64::from(from) * 60
            + i64::from(offset_minutes) * 60;
        let (year, month, day) = civil_from_days(total.div_euclid(86_400));
        Timestamp { year, month, day, seconds: total.rem_euclid(86_400) as u32, offset_minutes: Some(offset_minutes) }
    }

    /// The date as `YYYY-MM-DD`.
    pub fn date(&self) -> String {
        format!("{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

/// The period a wave spans when waves are taken from time.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum Period {
    /// `2025-06`.
    Month,
    /// `2025-Q2`.
    Quarter,
    /// `2025-H1`.
    Half,
    /// `2025`.
    Year,
}

impl std::str::FromStr for Period {
    type Err = Error;
    /// `month`, `quarter`, `half` or `year` (any case).
    fn from_str(s: &str) -> Result<Period> {
        match s.trim().to_ascii_lowercase().as_str() {
            "month" => Ok(Period::Month),
            "quarter" => Ok(Period::Quarter),
            "half" => Ok(Period::Half),
            "year" => Ok(Period::Year),
            _ => Err(Error::InvalidArgument {
                name: "wave_period".into(),
                expected: "month, quarter, half or year".into(),
                found: s.trim().to_owned(),
            }),
        }
    }
}

/// A named date range: responses dated `from` to `to` (both days included)
/// belong to wave `wave`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct WaveRange {
    /// The wave label given to the range.
    pub wave: String,
    /// First day, `YYYY-MM-DD`.
    pub from: String,
    /// Last day, `YYYY-MM-DD` (included).
    pub to: String,
}

/// How a wave is taken from a timestamp column: by calendar period, or by
/// named date ranges.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(default, deny_unknown_fields)]
pub struct WaveFromTime {
    /// Header of the timestamp column.
    pub column: String,
    /// Calendar period of each wave (one of `period`, `ranges`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub period: Option<Period>,
    /// Named date ranges (one of `period`, `ranges`); ranges must not overlap.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub ranges: Vec<WaveRange>,
    /// Read slash dates as day/month/year (default month first).
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub day_first: bool,
    /// Offset from UTC (`+02:00`, `-05:00`, `UTC`) that timestamps carrying
    /// an offset are moved to before bucketing; timestamps written without
    /// one are bucketed as written.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub utc_offset: Option<String>,
    /// IANA time zone (`America/Denver`) waves are counted in: timestamps
    /// are converted to its local time before bucketing (see the [module
    /// docs](self)). Not with `utc_offset`; needs the `tz` feature.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub time_zone: Option<String>,
    /// IANA time zone the export writes timestamps without an offset in,
    /// converted from when `time_zone` is given (the Qualtrics profile takes
    /// it from the export's third header row).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub export_time_zone: Option<String>,
}

/// Time zones by name, from the system's database (the `tz` feature).
#[cfg(feature = "tz")]
mod zone {
    use super::{Timestamp, days_from_civil};
    use crate::util::text::echo;
    pub(crate) use jiff::tz::TimeZone as Zone;

    /// The zone named `name`, or why there is none.
    pub(crate) fn get(key: &str, name: &str) -> Result<Zone, String> {
        Zone::get(name.trim()).map_err(|e| {
            format!(
                "wave.{key} {} is not a time zone of the IANA database, such as America/Denver or Europe/Paris ({e})",
                echo(name)
            )
        })
    }

    /// `t` as a wall-clock time of `zone`: from its offset when it carries
    /// one, else from `export` when known, else `t` as it is.
    pub(crate) fn convert(t: Timestamp, zone: &Zone, export: Option<&Zone>) -> Option<Timestamp> {
        let seconds = match (t.offset_minutes, export) {
            (Some(o), _) => days_from_civil(t.year, t.month, t.day) * 86_400 + i64::from(t.seconds) - i64::from(o) * 60,
            (None, Some(export)) => {
                let s = t.seconds;
                let local = jiff::civil::DateTime::new(
                    i16::try_from(t.year).ok()?,
                    t.month as i8,
                    t.day as i8,
                    (s / 3600) as i8,
                    (s / 60 % 60) as i8,
                    (s % 60) as i8,
                    0,
                )
                .ok()?;
                // A time skipped or repeated by a clock change is read as
                // the clocks before the change show it (RFC 5545).
                export.to_ambiguous_timestamp(local).compatible().ok()?.as_second()
            }
            (None, None) => return Some(t),
        };
        let dt = zone.to_datetime(jiff::Timestamp::from_second(seconds).ok()?);
        let offset = zone.to_offset(jiff::Timestamp::from_second(seconds).ok()?).seconds() / 60;
        Some(Timestamp {
            year: i32::from(dt.year()),
            month: dt.month() as u32,
            day: dt.day() as u32,
            seconds: dt.hour() as u32 * 3600 + dt.minute() as u32 * 60 + dt.second() as u32,
            offset_minutes: Some(offset),
        })
    }
}

/// A checked [`WaveFromTime`], ready to bucket rows.
#[cfg(feature = "import")]
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct WaveClock {
    period: Option<Period>,
    /// (first day, last day, label), day numbers from 1970-01-01, sorted.
    ranges: Vec<(i64, i64, String)>,
    day_first: bool,
    offset: Option<i32>,
    /// The zone waves are counted in, and the export's.
    #[cfg(feature = "tz")]
    zones: Option<(zone::Zone, Option<zone::Zone>)>,
}

#[cfg(feature = "import")]
fn parse_offset(text: &str) -> Option<i32> {
    let t = text.trim();
    if t.eq_ignore_ascii_case("utc") || t == "Z" {
        return Some(0);
    }
    let (sign, rest) = match t.as_bytes().first()? {
        b'+' => (1, &t[1..]),
        b'-' => (-1, &t[1..]),
        _ => return None,
    };
    let digits = rest.replace(':', "");
    let v = (digits.len() == 4).then(|| number(&digits, 4)).flatten()?;
    (v % 100 < 60 && v / 100 <= 14).then(|| sign * (v / 100 * 60 + v % 100) as i32)
}

#[cfg(feature = "import")]
fn day_of(text: &str) -> Option<i64> {
    let t = Timestamp::parse(text, false).ok()?;
    (text.trim().len() == 10 && text.as_bytes()[4] == b'-').then(|| days_from_civil(t.year, t.month, t.day))
}

/// Without the `import` feature no rule becomes a clock: the readers take
/// no wave from a timestamp (an uninhabited type, so none of that code is
/// built).
#[cfg(not(feature = "import"))]
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum WaveClock {}

#[cfg(not(feature = "import"))]
impl WaveFromTime {
    /// Always an error: this build reads no waves from timestamps.
    pub(crate) fn clock(&self) -> std::result::Result<WaveClock, String> {
        Err("waves from a timestamp column are not read by this build of rapport (built without its `import` \
             feature)"
            .into())
    }
}

#[cfg(not(feature = "import"))]
impl WaveClock {
    pub(crate) fn wave(&self, _: &str, _: impl Fn() -> Location) -> Result<String> {
        match *self {}
    }
}

#[cfg(feature = "import")]
impl WaveFromTime {
    /// Check the rule: exactly one of `period` and `ranges`, real dates,
    /// ranges in order without overlap, a valid offset.
    pub(crate) fn clock(&self) -> std::result::Result<WaveClock, String> {
        if self.column.trim().is_empty() {
            return Err("wave.column must name the timestamp column".into());
        }
        if self.period.is_some() != self.ranges.is_empty() {
            return Err("wave needs exactly one of \"period\" (month, quarter, half, year) and \"ranges\"".into());
        }
        let offset = match &self.utc_offset {
            Some(o) => Some(parse_offset(o).ok_or_else(|| {
                format!("wave.utc_offset {} is not an offset such as +02:00, -05:00 or UTC", echo(o))
            })?),
            None => None,
        };
        if offset.is_some() && self.time_zone.is_some() {
            return Err("wave takes one of \"utc_offset\" and \"time_zone\", not both".into());
        }
        #[cfg(feature = "tz")]
        let zones = match &self.time_zone {
            Some(z) => Some((
                zone::get("time_zone", z)?,
                self.export_time_zone.as_deref().map(|e| zone::get("export_time_zone", e)).transpose()?,
            )),
            None => None,
        };
        #[cfg(not(feature = "tz"))]
        if let Some(z) = &self.time_zone {
            return Err(format!(
                "wave.time_zone {} names a time zone, which this build of rapport cannot look up (built without its \
                 `tz` feature, as the browser modules are): read the export with the command line or the Python \
                 package, or give \"utc_offset\" (such as -06:00) instead",
                echo(z)
            ));
        }
        let mut ranges = Vec::with_capacity(self.ranges.len());
        for (i, r) in self.ranges.iter().enumerate() {
            let at = |what: &str, v: &str| format!("wave.ranges[{i}].{what} {} is not a date YYYY-MM-DD", echo(v));
            let from = day_of(&r.from).ok_or_else(|| at("from", &r.from))?;
            let to = day_of(&r.to).ok_or_else(|| at("to", &r.to))?;
            if to < from {
                return Err(format!("wave.ranges[{i}] ends ({}) before it starts ({})", r.to, r.from));
            }
            if r.wave.trim().is_empty() {
                return Err(format!("wave.ranges[{i}].wave is empty"));
            }
            ranges.push((from, to, r.wave.trim().to_owned()));
        }
        crate::util::sort::sort_by_key(&mut ranges, |r| r.0);
        for w in ranges.windows(2) {
            if w[1].0 <= w[0].1 {
                return Err(format!("wave ranges {} and {} overlap", echo(&w[0].2), echo(&w[1].2)));
            }
        }
        Ok(WaveClock {
            period: self.period,
            ranges,
            day_first: self.day_first,
            offset,
            #[cfg(feature = "tz")]
            zones,
        })
    }
}

#[cfg(feature = "import")]
impl WaveClock {
    /// The wave of one timestamp cell, or a located `invalid_timestamp` error.
    pub(crate) fn wave(&self, text: &str, loc: impl Fn() -> Location) -> Result<String> {
        let bad =
            |expected: String| Error::InvalidTimestamp { location: loc(), found: text.trim().to_owned(), expected };
        let mut t = Timestamp::parse(text, self.day_first).map_err(|p| bad(p.expected))?;
        if let Some(o) = self.offset {
            t = t.at_offset(o);
        }
        #[cfg(feature = "tz")]
        if let Some((zone, export)) = &self.zones {
            t = zone::convert(t, zone, export.as_ref()).ok_or_else(|| {
                bad(format!("a time that exists in the time zone {}", zone.iana_name().unwrap_or("?")))
            })?;
        }
        Ok(match self.period {
            Some(Period::Month) => format!("{:04}-{:02}", t.year, t.month),
            Some(Period::Quarter) => format!("{:04}-Q{}", t.year, (t.month - 1) / 3 + 1),
            Some(Period::Half) => format!("{:04}-H{}", t.year, (t.month - 1) / 6 + 1),
            Some(Period::Year) => format!("{:04}", t.year),
            None => {
                let day = days_from_civil(t.year, t.month, t.day);
                let i = self.ranges.partition_point(|r| r.0 <= day);
                match i.checked_sub(1).map(|i| &self.ranges[i]).filter(|r| day <= r.1) {
                    Some(r) => r.2.clone(),
                    None => {
                        let listed: Vec<String> = self
                            .ranges
                            .iter()
                            .map(|(f, to, w)| {
                                let d = |n: i64| {
                                    let (y, m, dd) = civil_from_days(n);
                                    format!("{y:04}-{m:02}-{dd:02}")
                                };
                                format!("{w}: {} to {}", d(*f), d(*to))
                            })
                            .collect();
                        return Err(bad(format!(
                            "a date inside one of the wave ranges ({}); {} is outside all of them",
                            listed.join("; "),
                            t.date()
                        )));
                    }
                }
            }
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ymdhms(t: &str, day_first: bool) -> (i32, u32, u32, u32) {
        let t = Timestamp::parse(t, day_first).unwrap_or_else(|e| panic!("{t}: {e:?}"));
        (t.year, t.month, t.day, t.seconds)
    }

    #[test]
    fn reads_the_formats_survey_tools_write() {
        let s = |h: u32, m: u32, s: u32| h * 3600 + m * 60 + s;
        assert_eq!(ymdhms("2025-06-24 14:27:08", false), (2025, 6, 24, s(14, 27, 8)));
        assert_eq!(ymdhms("2025-06-24T14:27:08.123Z", false), (2025, 6, 24, s(14, 27, 8)));
        assert_eq!(ymdhms("2025-06-24", false), (2025, 6, 24, 0));
        assert_eq!(ymdhms("6/24/2025 2:27:08 PM", false), (2025, 6, 24, s(14, 27, 8)));
        assert_eq!(ymdhms("6/24/2025 12:05:00 AM", false), (2025, 6, 24, s(0, 5, 0)));
        assert_eq!(ymdhms("6/24/2025 12:05 PM", false), (2025, 6, 24, s(12, 5, 0)));
        assert_eq!(ymdhms("06/24/2025 14:27", false), (2025, 6, 24, s(14, 27, 0)));
        assert_eq!(ymdhms("24/06/2025 14:27:08", true), (2025, 6, 24, s(14, 27, 8)));
        assert_eq!(ymdhms("24.06.2025 14:27", false), (2025, 6, 24, s(14, 27, 0)));
        assert_eq!(ymdhms("06-24-2025 14:27", false), (2025, 6, 24, s(14, 27, 0)));
        assert_eq!(ymdhms("2025/06/24 2:27:08 PM GMT+1", false), (2025, 6, 24, s(14, 27, 8)));
        assert_eq!(Timestamp::parse("2025/06/24 2:27:08 PM GMT-05:30", false).unwrap().offset_minutes, Some(-330));
        assert_eq!(Timestamp::parse("2025/06/24 2:27:08 PM GMT", false).unwrap().offset_minutes, Some(0));
        // Excel: 45832 is 2025-06-24 (1899-12-30 + 45832 days); .5 is noon.
        assert_eq!(ymdhms("45832.5", false), (2025, 6, 24, s(12, 0, 0)));
        assert_eq!(ymdhms("45832", false), (2025, 6, 24, 0));
    }

    #[test]
    fn two_digit_years_follow_posix_strptime() {
        let s = |h: u32, m: u32| h * 3600 + m * 60;
        // Microsoft Forms in some locales: month first, 12-hour clock.
        assert_eq!(ymdhms("6/24/25 2:27 PM", false), (2025, 6, 24, s(14, 27)));
        assert_eq!(ymdhms("24/06/25 14:27", true), (2025, 6, 24, s(14, 27)));
        assert_eq!(ymdhms("24.06.25", false), (2025, 6, 24, 0));
        // 00-68 are 2000-2068, 69-99 are 1969-1999.
        assert_eq!(ymdhms("1/1/00", false).0, 2000);
        assert_eq!(ymdhms("1/1/68", false).0, 2068);
        assert_eq!(ymdhms("1/1/69", false).0, 1969);
        assert_eq!(ymdhms("12/31/99", false).0, 1999);
        // 2/29/24 is a leap day (2024); 2/29/25 is not a date (2025).
        assert_eq!(ymdhms("2/29/24", false).2, 29);
        assert!(Timestamp::parse("2/29/25", false).is_err());
        // One or three digits is no year; a dash date with two is ambiguous.
        for bad in ["6/24/5", "6/24/025", "06-24-25"] {
            assert!(Timestamp::parse(bad, false).is_err(), "{bad}");
        }
    }

    #[test]
    fn refuses_what_is_not_a_real_timestamp() {
        for bad in
            ["", "yesterday", "2025-02-29", "2025-13-01", "13/13/2025", "25-06-24", "2025-06-24 25:00", "1:00 PM"]
        {
            assert!(Timestamp::parse(bad, false).is_err(), "{bad}");
        }
        let e = Timestamp::parse("24/06/2025", false).unwrap_err();
        assert!(e.expected.contains("day_first"), "{e:?}");
        assert_eq!(ymdhms("2024-02-29", false).2, 29);
    }

    #[test]
    fn offsets_move_the_instant_across_midnight_and_year_end() {
        let t = Timestamp::parse("2025-12-31T23:30:00Z", false).unwrap().at_offset(120);
        assert_eq!((t.year, t.month, t.day, t.seconds), (2026, 1, 1, 5400));
        let t = Timestamp::parse("2026-01-01 00:30:00+01:00", false).unwrap().at_offset(-300);
        assert_eq!((t.year, t.month, t.day, t.seconds), (2025, 12, 31, 18 * 3600 + 1800));
        // Without an offset the wall clock is kept.
        let t = Timestamp::parse("2026-01-01 00:30:00", false).unwrap().at_offset(-300);
        assert_eq!((t.year, t.day), (2026, 1));
    }

    #[test]
    fn civil_day_counts_round_trip() {
        assert_eq!(days_from_civil(1970, 1, 1), 0);
        assert_eq!(days_from_civil(2000, 3, 1), 11_017);
        for z in (-800_000..800_000).step_by(997) {
            let (y, m, d) = civil_from_days(z);
            assert_eq!(days_from_civil(y, m, d), z);
        }
    }

    fn rule(period: Option<Period>, ranges: &[(&str, &str, &str)]) -> WaveClock {
        WaveFromTime {
            column: "StartDate".into(),
            period,
            ranges: ranges
                .iter()
                .map(|(w, f, t)| WaveRange { wave: (*w).into(), from: (*f).into(), to: (*t).into() })
                .collect(),
            ..Default::default()
        }
        .clock()
        .unwrap()
    }

    #[test]
    fn periods_give_labels_of_the_wave_schemes() {
        let loc = Location::default;
        let wave = |p, t| rule(Some(p), &[]).wave(t, loc).unwrap();
        assert_eq!(wave(Period::Month, "2025-06-24 14:27:08"), "2025-06");
        assert_eq!(wave(Period::Quarter, "6/30/2025 11:59:59 PM"), "2025-Q2");
        assert_eq!(wave(Period::Quarter, "7/1/2025 0:00"), "2025-Q3");
        assert_eq!(wave(Period::Half, "2025-07-01"), "2025-H2");
        assert_eq!(wave(Period::Year, "45832.5"), "2025");
        for label in ["2025-06", "2025-Q2", "2025-H2", "2025"] {
            assert!(crate::waves::label_problem(label, &[]).is_none(), "{label}");
        }
    }

    #[test]
    fn ranges_name_waves_and_a_date_outside_them_is_a_located_error() {
        let clock = rule(None, &[("Spring pulse", "2025-03-01", "2025-04-15"), ("Autumn", "2025-09-15", "2025-10-31")]);
        let loc = || Location::file(Some("x.csv")).with_row(7).with_column("StartDate".to_owned());
        assert_eq!(clock.wave("2025-04-15 23:59", loc).unwrap(), "Spring pulse");
        assert_eq!(clock.wave("3/1/2025 0:00", loc).unwrap(), "Spring pulse");
        assert_eq!(clock.wave("2025-10-31", loc).unwrap(), "Autumn");
        let e = clock.wave("2025-05-02 10:00", loc).unwrap_err();
        assert_eq!(e.code(), "invalid_timestamp");
        let text = e.to_string();
        assert!(
            text.contains("x.csv") && text.contains("row 7") && text.contains("Spring pulse: 2025-03-01 to 2025-04-15"),
            "{text}"
        );
    }

    #[cfg(feature = "tz")]
    fn zoned(time_zone: &str, export: Option<&str>) -> WaveClock {
        WaveFromTime {
            column: "T".into(),
            period: Some(Period::Month),
            time_zone: Some(time_zone.into()),
            export_time_zone: export.map(str::to_owned),
            ..Default::default()
        }
        .clock()
        .unwrap()
    }

    #[cfg(feature = "tz")]
    #[test]
    fn time_zones_convert_timestamps_before_they_are_bucketed() {
        let loc = Location::default;
        // 2025-07-01 03:30 UTC is 2025-06-30 21:30 in Denver (MDT, UTC-6):
        // June there, July as written.
        assert_eq!(zoned("America/Denver", None).wave("2025-07-01T03:30:00Z", loc).unwrap(), "2025-06");
        assert_eq!(rule(Some(Period::Month), &[]).wave("2025-07-01T03:30:00Z", loc).unwrap(), "2025-07");
        // Google Forms' GMT+1 (a British summer time): 2025-07-01 00:30 is
        // 2025-06-30 23:30 UTC, 17:30 in Denver.
        assert_eq!(zoned("America/Denver", None).wave("2025/07/01 12:30:00 AM GMT+1", loc).unwrap(), "2025-06");
        // Without an offset and without an export zone: taken as Denver's time.
        assert_eq!(zoned("America/Denver", None).wave("2025-07-01 00:10:00", loc).unwrap(), "2025-07");
        // Written in Denver, counted in Paris: 2025-06-30 23:59:59 MDT is
        // 2025-07-01 05:59:59 UTC, 07:59:59 CEST (UTC+2).
        let paris = zoned("Europe/Paris", Some("America/Denver"));
        assert_eq!(paris.wave("2025-06-30 23:59:59", loc).unwrap(), "2025-07");
        // … and 16:49 in Denver on June 5 is 00:49 on June 6 in Paris: still June.
        assert_eq!(paris.wave("2025-06-05 16:49:01", loc).unwrap(), "2025-06");
        // Winter: New York is UTC-5 (EST), 2025-12-31 20:00 is 2026-01-01 01:00 UTC.
        let utc = zoned("UTC", Some("America/New_York"));
        assert_eq!(utc.wave("2025-12-31 20:00:00", loc).unwrap(), "2026-01");
        assert_eq!(utc.wave("2025-12-31 18:59:59", loc).unwrap(), "2025-12");
    }

    #[cfg(feature = "tz")]
    #[test]
    fn clock_changes_are_read_as_the_clocks_before_them() {
        let denver = zone::get("time_zone", "America/Denver").unwrap();
        let utc = zone::get("time_zone", "UTC").unwrap();
        let at = |text: &str| {
            let t = zone::convert(Timestamp::parse(text, false).unwrap(), &utc, Some(&denver)).unwrap();
            (t.day, t.seconds / 60)
        };
        // 2025-03-09 02:30 does not exist in Denver (02:00 MST jumps to 03:00
        // MDT): read at MST (UTC-7), 09:30 UTC.
        assert_eq!(at("2025-03-09 02:30:00"), (9, 9 * 60 + 30));
        // 2025-11-02 01:30 happens twice: the first, MDT (UTC-6), 07:30 UTC.
        assert_eq!(at("2025-11-02 01:30:00"), (2, 7 * 60 + 30));
        // An ordinary winter time: MST, 2025-01-15 10:00 is 17:00 UTC.
        assert_eq!(at("2025-01-15 10:00:00"), (15, 17 * 60));
    }

    #[test]
    fn a_time_zone_is_checked_with_the_rule() {
        let base = WaveFromTime { column: "T".into(), period: Some(Period::Quarter), ..Default::default() };
        let both =
            WaveFromTime { utc_offset: Some("+02:00".into()), time_zone: Some("Europe/Paris".into()), ..base.clone() };
        assert!(both.clock().unwrap_err().contains("not both"));
        let bad = WaveFromTime { time_zone: Some("Mars/Olympus_Mons".into()), ..base.clone() };
        let e = bad.clock().unwrap_err();
        #[cfg(feature = "tz")]
        assert!(e.contains("\"Mars/Olympus_Mons\" is not a time zone of the IANA database"), "{e}");
        #[cfg(not(feature = "tz"))]
        assert!(e.contains("command line or the Python package"), "{e}");
        // An export zone alone changes nothing (times are bucketed as written).
        let export = WaveFromTime { export_time_zone: Some("America/Denver".into()), ..base };
        assert_eq!(export.clock().unwrap().wave("2025-06-30 23:59:59", Location::default).unwrap(), "2025-Q2");
    }

    #[test]
    fn a_bad_rule_is_refused_with_its_reason() {
        let base = WaveFromTime { column: "T".into(), ..Default::default() };
        assert!(base.clock().unwrap_err().contains("exactly one"));
        let both = WaveFromTime {
            period: Some(Period::Month),
            ranges: vec![WaveRange { wave: "a".into(), from: "2025-01-01".into(), to: "2025-01-31".into() }],
            ..base.clone()
        };
        assert!(both.clock().is_err());
        let overlap = WaveFromTime {
            ranges: vec![
                WaveRange { wave: "a".into(), from: "2025-01-01".into(), to: "2025-02-01".into() },
                WaveRange { wave: "b".into(), from: "2025-02-01".into(), to: "2025-03-01".into() },
            ],
            ..base.clone()
        };
        assert!(overlap.clock().unwrap_err().contains("overlap"));
        let offset = WaveFromTime { period: Some(Period::Month), utc_offset: Some("Europe/Paris".into()), ..base };
        assert!(offset.clock().unwrap_err().contains("utc_offset"));
    }
}
