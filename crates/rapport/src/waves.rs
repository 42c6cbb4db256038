//! Waves in time order.
//!
//! Trends need the waves in order, and sorting labels as text is a guess
//! (`2026-Q10` is not a quarter; `2026-3` sorts after `2026-10`). rapport
//! parses every label under one scheme — `YYYY-MM`, `YYYY-Qn`, `YYYY-Hn`,
//! an ISO date `YYYY-MM-DD`, a year, or one text with a counter (`Wave 1`,
//! `Wave 2` …) — or follows an explicit order given in the
//! options ([`crate::ScoreOptions::wave_order`]). Labels that fit no scheme,
//! labels of different schemes, and two labels for one point in time are
//! errors that name the label, never a silent guess.
//!
//! **Bad labels are data errors, found while reading.** Whatever the other
//! waves are, a label is bad when ([`label_problem`]):
//!
//! * it is shaped like a date — two or three groups of digits joined by
//!   `-`, `/` or `.`, one of them a four-digit year, the group after the year
//!   perhaps `Qn` or `Hn` — but is not a real month, quarter, half-year or
//!   ISO date: `2026-13`, `2026-00`, `2026-Q5`, `2026-H3`, `2026-02-30`,
//!   `2026-3-15`, `03/2026`, `2026.03`. Such a label can never be ordered
//!   with another wave, so even a single wave with it is refused;
//! * the options give a `wave_order` and the label is not in it.
//!
//! The readers check every row's label ([`check_wave_label`]) and report a
//! bad one as an `invalid_wave` row error at its file, row and column, which
//! lenient mode skips and lists. What can only be judged over the whole data
//! set — labels of different kinds (`2026-03` next to `2026-Q1`), labels
//! that fit no scheme (`pilot` next to `2026-01`), two labels for one point
//! in time (`2026-03` and `2026-3`) — is checked once every input is read
//! ([`WaveLabels::check`]): a `wave_conflict` error naming both labels and
//! the first row of each. A single wave needs no order, so any label that is
//! not shaped like a date is accepted then.
//!
//! The scheme also places each wave on a time axis ([`wave_positions`]):
//! calendar steps for dated labels (`2025-03` and `2025-05` are two months
//! apart), the counter for numbered labels, the place in `wave_order` for an
//! explicit order. Trend slopes are per step of this axis
//! ([`WaveScheme::step`]), and a wave that is missing from a series leaves a
//! hole instead of moving the later waves up.

use crate::error::{Error, Location, Result};
use crate::util::text::{Lower, echo};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

/// How the waves were put in order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum WaveScheme {
    /// `YYYY-MM`.
    Month,
    /// `YYYY-Qn`.
    Quarter,
    /// `YYYY-Hn`.
    Half,
    /// ISO date `YYYY-MM-DD`.
    Date,
    /// A year `YYYY`.
    Year,
    /// One text followed by a counter: `Wave 1`, `Wave 2` … or `W07`, `W08`
    /// (a label that is the text alone, like `baseline` before `baseline 2`,
    /// counts as 1).
    Numbered,
    /// The order given in the options.
    Explicit,
    /// Only one wave: nothing to order.
    Single,
    /// No waves at all.
    None,
}

impl WaveScheme {
    /// One step of the scheme's time axis, the unit of trend slopes: `month`,
    /// `quarter`, `half-year`, `day` (ISO dates), `year`, or `wave` (numbered
    /// labels: one step of the counter; an explicit order: one place in
    /// `wave_order`).
    ///
    /// ```
    /// use rapport::waves::WaveScheme;
    /// assert_eq!(WaveScheme::Quarter.step(), "quarter");
    /// assert_eq!(WaveScheme::Numbered.step(), "wave");
    /// ```
    pub fn step(self) -> &'static str {
        match self {
            WaveScheme::Month => "month",
            WaveScheme::Quarter => "quarter",
            WaveScheme::Half => "half-year",
            WaveScheme::Date => "day",
            WaveScheme::Year => "year",
            WaveScheme::Numbered | WaveScheme::Explicit | WaveScheme::Single | WaveScheme::None => "wave",
        }
    }

    fn describe(self) -> &'static str {
        match self {
            WaveScheme::Month => "a month like 2026-03 (YYYY-MM), as the other waves",
            WaveScheme::Quarter => "a quarter like 2026-Q3 (YYYY-Qn), as the other waves",
            WaveScheme::Half => "a half-year like 2026-H1 (YYYY-Hn), as the other waves",
            WaveScheme::Date => "an ISO date like 2026-03-15 (YYYY-MM-DD), as the other waves",
            WaveScheme::Year => "a year like 2026, as the other waves",
            WaveScheme::Numbered => "the same text followed by a number (Wave 1, Wave 2 …), as the other waves",
            _ => {
                "one kind of label for every wave: YYYY-MM, YYYY-Qn, YYYY-Hn, an ISO date YYYY-MM-DD, a year \
                 YYYY, or one text followed by a number (Wave 1, Wave 2 …); or the order given in wave_order"
            }
        }
    }
}

fn digits(s: &str) -> Option<u32> {
    (!s.is_empty() && s.len() <= 4 && s.bytes().all(|b| b.is_ascii_digit())).then(|| s.parse().ok()).flatten()
}

fn days_in_month(year: u32, month: u32) -> u32 {
    match month {
        2 if (year.is_multiple_of(4) && !year.is_multiple_of(100)) || year.is_multiple_of(400) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Parse one label: its scheme and a sort key.
pub fn parse_wave(label: &str) -> Option<(WaveScheme, (u32, u32, u32))> {
    let t = label.trim();
    if t.len() == 4 && t.bytes().all(|b| b.is_ascii_digit()) {
        return digits(t).map(|y| (WaveScheme::Year, (y, 0, 0)));
    }
    // At most three parts, without allocating (every row's label is checked).
    let mut split = [""; 3];
    let mut n = 0;
    for p in t.split('-') {
        *split.get_mut(n)? = p;
        n += 1;
    }
    let parts = &split[..n];
    let year = parts.first().filter(|p| p.len() == 4).and_then(|p| digits(p))?;
    match parts {
        [_, p] if p.len() == 2 && (p.starts_with('Q') || p.starts_with('q')) => {
            let q = digits(&p[1..])?;
            (1..=4).contains(&q).then_some((WaveScheme::Quarter, (year, q, 0)))
        }
        [_, p] if p.len() == 2 && (p.starts_with('H') || p.starts_with('h')) => {
            let h = digits(&p[1..])?;
            (1..=2).contains(&h).then_some((WaveScheme::Half, (year, h, 0)))
        }
        [_, m] if m.len() <= 2 => {
            let m = digits(m)?;
            (1..=12).contains(&m).then_some((WaveScheme::Month, (year, m, 0)))
        }
        [_, m, d] if m.len() == 2 && d.len() == 2 => {
            let (m, d) = (digits(m)?, digits(d)?);
            ((1..=12).contains(&m) && d >= 1 && d <= days_in_month(year, m)).then_some((WaveScheme::Date, (year, m, d)))
        }
        _ => None,
    }
}

/// Days from 1970-01-01 to a valid date of the proleptic Gregorian calendar
/// (H. Hinnant's `days_from_civil`).
fn days_from_civil(year: u32, month: u32, day: u32) -> i64 {
    let y = i64::from(year) - i64::from(month <= 2);
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let m = i64::from(month);
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(day) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// A label's place on the scheme's time axis (`None` when it does not fit).
fn position(label: &str, scheme: WaveScheme, explicit: &[String]) -> Option<i64> {
    let parsed = || parse_wave(label).filter(|(s, _)| *s == scheme).map(|(_, k)| k);
    match scheme {
        WaveScheme::Month => parsed().map(|(y, m, _)| i64::from(y) * 12 + i64::from(m) - 1),
        WaveScheme::Quarter => parsed().map(|(y, q, _)| i64::from(y) * 4 + i64::from(q) - 1),
        WaveScheme::Half => parsed().map(|(y, h, _)| i64::from(y) * 2 + i64::from(h) - 1),
        WaveScheme::Year => parsed().map(|(y, _, _)| i64::from(y)),
        WaveScheme::Date => parsed().map(|(y, m, d)| days_from_civil(y, m, d)),
        WaveScheme::Numbered => counter(label).and_then(|(_, k)| i64::try_from(k).ok()),
        WaveScheme::Explicit => explicit.iter().position(|e| e == label).and_then(|p| i64::try_from(p).ok()),
        WaveScheme::Single | WaveScheme::None => None,
    }
}

/// Each wave's place on the time axis of its scheme, in steps of
/// [`WaveScheme::step`], counted from the first label (0): months for
/// `YYYY-MM`, quarters, half-years, days for ISO dates, years; the counter for
/// numbered labels; the place in `explicit` (the options' `wave_order`) for
/// an explicit order. `labels` are in time order, as [`order_waves`] gives
/// them with `scheme`, and the positions increase. Labels that are not (one
/// that does not fit the scheme, or two out of order) are placed by their
/// index instead.
///
/// ```
/// use rapport::waves::{wave_positions, WaveScheme};
/// // No survey in March: April is three months after January.
/// assert_eq!(wave_positions(&["2025-01", "2025-02", "2025-04"], WaveScheme::Month, &[]), [0, 1, 3]);
/// assert_eq!(wave_positions(&["2024-Q4", "2025-Q2"], WaveScheme::Quarter, &[]), [0, 2]);
/// assert_eq!(wave_positions(&["Wave 2", "Wave 5"], WaveScheme::Numbered, &[]), [0, 3]);
/// ```
pub fn wave_positions<S: AsRef<str>>(labels: &[S], scheme: WaveScheme, explicit: &[String]) -> Vec<u64> {
    let at: Option<Vec<i64>> = labels.iter().map(|l| position(l.as_ref(), scheme, explicit)).collect();
    match at {
        Some(at) if at.windows(2).all(|w| w[0] < w[1]) => {
            let first = at.first().copied().unwrap_or(0);
            at.iter().map(|p| (p - first).unsigned_abs()).collect()
        }
        _ => (0..labels.len() as u64).collect(),
    }
}

/// Why a set of labels cannot be put in time order.
#[derive(Debug)]
enum Clash<'a> {
    /// `wave` is not listed in the explicit order.
    NotListed { wave: &'a str },
    /// `wave` fits no scheme; `other` is a label of the scheme the first
    /// labels follow (`scheme`), or any other label when none does.
    NoScheme { wave: &'a str, other: &'a str, scheme: Option<WaveScheme> },
    /// `wave` follows another scheme than `other`, an earlier label.
    Mixed { wave: &'a str, other: &'a str, scheme: WaveScheme },
    /// `first` and `second` are one point in time.
    SameTime { first: &'a str, second: &'a str },
}

/// Put labels in time order (see [`order_waves`]), or say which labels clash.
fn order<'a>(labels: &[&'a str], explicit: &[String]) -> std::result::Result<(Vec<&'a str>, WaveScheme), Clash<'a>> {
    if !explicit.is_empty() {
        let mut out: Vec<(usize, &str)> = Vec::with_capacity(labels.len());
        for &l in labels {
            match explicit.iter().position(|e| e == l) {
                Some(p) => out.push((p, l)),
                None => return Err(Clash::NotListed { wave: l }),
            }
        }
        crate::util::sort::sort(&mut out);
        return Ok((out.into_iter().map(|(_, l)| l).collect(), WaveScheme::Explicit));
    }
    match labels {
        [] => return Ok((Vec::new(), WaveScheme::None)),
        [one] => return Ok((vec![*one], WaveScheme::Single)),
        _ => {}
    }
    if let Some(order) = numbered(labels)? {
        return Ok((order, WaveScheme::Numbered));
    }
    let mut parsed: Vec<((u32, u32, u32), &str)> = Vec::with_capacity(labels.len());
    let mut scheme: Option<(WaveScheme, &str)> = None;
    for (i, &l) in labels.iter().enumerate() {
        let Some((s, key)) = parse_wave(l) else {
            // Every earlier label parsed, so with no scheme yet this is the first.
            let (other, scheme) = match scheme {
                Some((s, first)) => (first, Some(s)),
                None => (labels[usize::from(i == 0)], None),
            };
            return Err(Clash::NoScheme { wave: l, other, scheme });
        };
        match scheme {
            None => scheme = Some((s, l)),
            Some((first, other)) if first != s => return Err(Clash::Mixed { wave: l, other, scheme: first }),
            _ => {}
        }
        parsed.push((key, l));
    }
    crate::util::sort::sort(&mut parsed);
    for w in parsed.windows(2) {
        if w[0].0 == w[1].0 {
            return Err(Clash::SameTime { first: w[0].1, second: w[1].1 });
        }
    }
    let scheme = scheme.map_or(WaveScheme::None, |(s, _)| s);
    Ok((parsed.into_iter().map(|(_, l)| l).collect(), scheme))
}

/// What an explicit order accepts, in words.
fn listed(explicit: &[String]) -> String {
    let waves: Vec<String> = explicit.iter().map(|w| crate::util::text::echo_bare(w).into_owned()).collect();
    format!("one of the waves listed in wave_order ({})", waves.join(", "))
}

/// Put wave labels in time order. `explicit` (when not empty) is the order
/// to follow; otherwise every label must parse under one scheme.
///
/// The errors name labels but not rows: [`WaveLabels::check`] makes the
/// same judgement over the labels of read inputs and says where each is.
///
/// ```
/// use rapport::waves::{order_waves, WaveScheme};
/// let (order, scheme) = order_waves(&["2026-Q1", "2025-Q4", "2025-Q3"], &[]).unwrap();
/// assert_eq!(order, ["2025-Q3", "2025-Q4", "2026-Q1"]);
/// assert_eq!(scheme, WaveScheme::Quarter);
/// let err = order_waves(&["2026-03", "2026-Q1"], &[]).unwrap_err();
/// assert_eq!(err.code(), "wave_label");
/// ```
pub fn order_waves<S: AsRef<str>>(labels: &[S], explicit: &[String]) -> Result<(Vec<String>, WaveScheme)> {
    let labels: Vec<&str> = labels.iter().map(AsRef::as_ref).collect();
    match order(&labels, explicit) {
        Ok((order, scheme)) => Ok((order.into_iter().map(str::to_owned).collect(), scheme)),
        Err(clash) => Err(match clash {
            Clash::NotListed { wave } => Error::WaveLabel { wave: wave.to_owned(), expected: listed(explicit) },
            Clash::NoScheme { wave, other, scheme: Some(s) } => Error::WaveLabel {
                wave: wave.to_owned(),
                expected: format!("{} (wave {} is one)", s.describe(), echo(other)),
            },
            Clash::NoScheme { wave, scheme: None, .. } => {
                Error::WaveLabel { wave: wave.to_owned(), expected: WaveScheme::None.describe().to_owned() }
            }
            Clash::Mixed { wave, other, scheme } => Error::WaveLabel {
                wave: wave.to_owned(),
                expected: format!(
                    "{} (wave {} is one); mixed label kinds cannot be ordered",
                    scheme.describe(),
                    echo(other)
                ),
            },
            Clash::SameTime { first, second } => {
                Error::AmbiguousWaves { first: first.to_owned(), second: second.to_owned() }
            }
        }),
    }
}

/// Two or three groups of digits joined by `-`, `/` or `.`, one of them a
/// four-digit year; with two groups, the one after the first may be `Qn`
/// or `Hn`.
fn looks_dated(label: &str) -> bool {
    let digits = |g: &str| !g.is_empty() && g.bytes().all(|b| b.is_ascii_digit());
    let period = |g: &str| g.len() >= 2 && matches!(g.as_bytes()[0], b'Q' | b'q' | b'H' | b'h') && digits(&g[1..]);
    let (mut groups, mut year, mut second_is_period) = (0, false, false);
    for g in label.split(['-', '/', '.']) {
        groups += 1;
        if groups > 3 {
            return false;
        }
        if digits(g) {
            year |= g.len() == 4;
        } else if groups == 2 && period(g) {
            second_is_period = true;
        } else {
            return false;
        }
    }
    (2..=3).contains(&groups) && year && !(second_is_period && groups == 3)
}

/// Why `label` cannot be a wave whatever the other waves are, as the
/// expected form; `None` when it can (see the [module docs](self)). With an
/// explicit order (`explicit`, the options' `wave_order`, when not empty)
/// the label must be listed in it; otherwise a label shaped like a date must
/// be a real month, quarter, half-year or ISO date. A label that is not
/// shaped like a date (`pilot`, `Wave 3`) is never a problem on its own.
///
/// ```
/// use rapport::waves::label_problem;
/// assert_eq!(label_problem("2026-03", &[]), None);
/// assert_eq!(label_problem("pilot", &[]), None);
/// assert!(label_problem("2026-13", &[]).unwrap().contains("a month from 01 to 12"));
/// assert!(label_problem("2026-Q5", &[]).unwrap().contains("a quarter from 1 to 4"));
/// assert!(label_problem("2026-02-30", &[]).unwrap().contains("a real date"));
/// let order = ["pilot".to_owned(), "main".to_owned()];
/// assert_eq!(label_problem("main", &order), None);
/// assert!(label_problem("2026-03", &order).unwrap().contains("wave_order"));
/// ```
pub fn label_problem(label: &str, explicit: &[String]) -> Option<String> {
    if !explicit.is_empty() {
        return (!explicit.iter().any(|e| e == label)).then(|| listed(explicit));
    }
    let t = label.trim();
    if !looks_dated(t) || parse_wave(t).is_some() {
        return None;
    }
    let groups: Vec<&str> = t.split('-').collect();
    let year_first = groups[0].len() == 4 && groups[0].bytes().all(|b| b.is_ascii_digit());
    let expected = match groups.as_slice() {
        [_, p] if year_first && p.starts_with(['Q', 'q']) => "a quarter from 1 to 4, written YYYY-Qn (like 2026-Q3)",
        [_, p] if year_first && p.starts_with(['H', 'h']) => "a half-year, 1 or 2, written YYYY-Hn (like 2026-H1)",
        [_, _] if year_first => "a month from 01 to 12, written YYYY-MM (like 2026-03)",
        [_, m, d] if year_first && m.len() == 2 && d.len() == 2 => {
            "a real date, written YYYY-MM-DD (like 2026-03-15): a month from 01 to 12 and a day of that month"
        }
        [_, _, _] if year_first => "an ISO date with a two-digit month and day, written YYYY-MM-DD (like 2026-03-05)",
        _ => {
            "a date written year first with dashes: YYYY-MM (like 2026-03), YYYY-Qn, YYYY-Hn or YYYY-MM-DD \
             (like 2026-03-15)"
        }
    };
    Some(expected.to_owned())
}

/// [`label_problem`] as a located row error: `Err(`[`Error::InvalidWave`]`)`
/// at `at()` when `label` cannot be a wave. The readers call it on every
/// row's wave label.
///
/// ```
/// use rapport::{Location, waves::check_wave_label};
/// let at = || Location::file(Some("a.csv")).with_row(3).with_column("wave");
/// assert!(check_wave_label("2026-03", &[], at).is_ok());
/// let e = check_wave_label("2026-13", &[], at).unwrap_err();
/// assert_eq!((e.code(), e.is_row_error()), ("invalid_wave", true));
/// assert!(e.to_string().starts_with("a.csv, row 3, column \"wave\": wave \"2026-13\""), "{e}");
/// ```
pub fn check_wave_label(label: &str, explicit: &[String], at: impl FnOnce() -> Location) -> Result<()> {
    match label_problem(label, explicit) {
        None => Ok(()),
        Some(expected) => Err(Error::InvalidWave { location: at(), found: label.to_owned(), expected }),
    }
}

/// The wave labels of a data set in the order they first appear, each with
/// where it first appears (file, row, column), so that what can only be
/// judged over all the waves — labels of different kinds, labels that fit no
/// scheme, two labels for one point in time — is reported at rows of the
/// data before a report is built. A [`crate::ingest::DuplicateGuard`] keeps
/// one for every input read through it ([`crate::ingest::DuplicateGuard::waves`]).
///
/// ```
/// use rapport::{Location, waves::WaveLabels};
/// let mut waves = WaveLabels::new();
/// waves.note("2026-03", || Location::file(Some("a.csv")).with_row(2));
/// waves.note("2026-Q1", || Location::file(Some("b.csv")).with_row(5));
/// let e = waves.check(&[]).unwrap_err();
/// assert_eq!(e.code(), "wave_conflict");
/// assert!(e.to_string().starts_with("b.csv, row 5: wave \"2026-Q1\" cannot be put in time order with wave \"2026-03\" (a.csv, row 2)"), "{e}");
/// ```
#[derive(Debug, Clone, Default, PartialEq)]
pub struct WaveLabels {
    /// (label, where it first appears, and that place as (input, row) of a
    /// guard; `(usize::MAX, u64::MAX)` for labels noted by [`Self::note`]).
    seen: Vec<(String, Location, (usize, u64))>,
    index: HashMap<String, usize>,
    /// The label noted last (rows of one wave usually come together).
    last: Option<usize>,
}

impl WaveLabels {
    /// No labels yet.
    pub fn new() -> Self {
        Self::default()
    }

    /// Note a label and, the first time it is seen, where (`at` is called
    /// only then).
    pub fn note(&mut self, label: &str, at: impl FnOnce() -> Location) {
        self.note_in(usize::MAX, u64::MAX, label, at);
    }

    /// [`Self::note`] for `row` of input number `input` of a guard. Rows
    /// may come out of order (a held-back row is accepted late): the
    /// earliest place is kept.
    pub(crate) fn note_in(&mut self, input: usize, row: u64, label: &str, at: impl FnOnce() -> Location) {
        let place = (input, row);
        if self.last.is_some_and(|k| self.seen[k].0 == label && self.seen[k].2 <= place) {
            return;
        }
        let k = match self.index.get(label) {
            Some(&k) => {
                if place < self.seen[k].2 {
                    self.seen[k].1 = at();
                    self.seen[k].2 = place;
                }
                k
            }
            None => {
                self.index.insert(label.to_owned(), self.seen.len());
                self.seen.push((label.to_owned(), at(), place));
                self.seen.len() - 1
            }
        };
        self.last = Some(k);
    }

    /// Forget the labels first noted in input number `input` or later.
    pub(crate) fn forget_from(&mut self, input: usize) {
        self.seen.retain(|(_, _, (i, _))| *i < input || *i == usize::MAX);
        self.index = self.seen.iter().enumerate().map(|(k, (l, ..))| (l.clone(), k)).collect();
        self.last = None;
    }

    /// How many distinct labels.
    pub fn len(&self) -> usize {
        self.seen.len()
    }

    /// Whether no label was noted.
    pub fn is_empty(&self) -> bool {
        self.seen.is_empty()
    }

    /// The labels in the order they first appear in the data, with where.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &Location)> {
        self.ordered().into_iter().map(|k| (self.seen[k].0.as_str(), &self.seen[k].1))
    }

    /// Indices of `seen` in the order the labels first appear (labels noted
    /// by [`Self::note`] in the order they were noted).
    fn ordered(&self) -> Vec<usize> {
        let mut order: Vec<usize> = (0..self.seen.len()).collect();
        crate::util::sort::sort_by_key(&mut order, |&k| self.seen[k].2);
        order
    }

    /// Whether the labels can be put in one time order (as a report will,
    /// see [`order_waves`]), with `explicit` the options' `wave_order`.
    /// `Err` is [`Error::WaveConflict`] at the first row of one label, naming
    /// the other label and its first row (or [`Error::InvalidWave`] for a
    /// label an explicit order does not list).
    pub fn check(&self, explicit: &[String]) -> Result<()> {
        let labels: Vec<&str> = self.ordered().into_iter().map(|k| self.seen[k].0.as_str()).collect();
        let at = |label: &str| self.index.get(label).map(|&k| self.seen[k].1.clone()).unwrap_or_default();
        let conflict = |wave: &str, other: &str, reason: String| Error::WaveConflict {
            location: at(wave),
            wave: wave.to_owned(),
            other: other.to_owned(),
            other_location: at(other),
            reason,
        };
        const MIX: &str = "labels of different kinds can be ordered only by the options' wave_order";
        match order(&labels, explicit) {
            Ok(_) => Ok(()),
            Err(Clash::NotListed { wave }) => {
                Err(Error::InvalidWave { location: at(wave), found: wave.to_owned(), expected: listed(explicit) })
            }
            Err(Clash::NoScheme { wave, other, scheme: Some(s) }) => {
                Err(conflict(wave, other, format!("expected {}; {MIX}", s.describe())))
            }
            Err(Clash::NoScheme { wave, other, scheme: None }) => {
                Err(conflict(wave, other, format!("expected {}", WaveScheme::None.describe())))
            }
            Err(Clash::Mixed { wave, other, scheme }) => {
                Err(conflict(wave, other, format!("expected {}; {MIX}", scheme.describe())))
            }
            Err(Clash::SameTime { first, second }) => {
                // Located at the label that appears later in the data.
                let place = |l: &str| (self.seen[self.index[l]].2, self.index[l]);
                let (wave, other) = if place(first) < place(second) { (second, first) } else { (first, second) };
                Err(conflict(wave, other, "both are the same point in time; use one label per wave".to_owned()))
            }
        }
    }
}

/// Split `Wave 12` into (`wave`, 12): the text before a trailing counter
/// (lower-cased, trailing spaces trimmed) and the counter.
fn counter(label: &str) -> Option<(String, u64)> {
    let t = label.trim();
    let digits_at = t.len() - t.bytes().rev().take_while(u8::is_ascii_digit).count();
    let (text, num) = t.split_at(digits_at);
    let text = text.trim_end().lower();
    // `2026-13` is a bad month, not "2026-" number 13.
    if text.bytes().any(|b| b.is_ascii_digit()) {
        return None;
    }
    if num.is_empty() {
        return (!text.is_empty()).then_some((text, 1));
    }
    if num.len() > 9 || text.is_empty() {
        return None;
    }
    Some((text, num.parse().ok()?))
}

/// Order labels that share one text and differ by a counter (`None` when
/// they do not all fit that shape, so the date schemes are tried).
fn numbered<'a>(labels: &[&'a str]) -> std::result::Result<Option<Vec<&'a str>>, Clash<'a>> {
    if labels.iter().all(|l| parse_wave(l).is_some()) {
        return Ok(None);
    }
    let mut parsed = Vec::with_capacity(labels.len());
    for &l in labels {
        match counter(l) {
            Some(c) => parsed.push((c, l)),
            None => return Ok(None),
        }
    }
    if parsed.iter().any(|((text, _), _)| *text != parsed[0].0.0) {
        return Ok(None);
    }
    crate::util::sort::sort(&mut parsed);
    for w in parsed.windows(2) {
        if w[0].0 == w[1].0 {
            return Err(Clash::SameTime { first: w[0].1, second: w[1].1 });
        }
    }
    Ok(Some(parsed.into_iter().map(|(_, l)| l).collect()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn months_sort_by_time_not_text() {
        let (o, s) = order_waves(&["2026-10", "2026-9", "2025-12"], &[]).unwrap();
        assert_eq!(o, ["2025-12", "2026-9", "2026-10"]);
        assert_eq!(s, WaveScheme::Month);
    }

    #[test]
    fn halves_dates_and_explicit() {
        assert_eq!(order_waves(&["2026-H1", "2025-H2"], &[]).unwrap().0, ["2025-H2", "2026-H1"]);
        assert_eq!(order_waves(&["2026-02-28", "2026-01-31"], &[]).unwrap().0, ["2026-01-31", "2026-02-28"]);
        let explicit = vec!["pilot".to_owned(), "spring".to_owned(), "autumn".to_owned()];
        let (o, s) = order_waves(&["autumn", "pilot"], &explicit).unwrap();
        assert_eq!((o, s), (vec!["pilot".to_owned(), "autumn".to_owned()], WaveScheme::Explicit));
        let e = order_waves(&["winter"], &explicit).unwrap_err();
        assert_eq!(e.code(), "wave_label");
        assert!(e.to_string().contains("winter"));
    }

    #[test]
    fn bad_mixed_and_duplicate_labels_are_errors() {
        for bad in ["2026-13", "2026-Q5", "2026-H3", "2026-02-30", "26-03", "spring"] {
            let e = order_waves(&["2026-01", bad], &[]).unwrap_err();
            assert_eq!(e.code(), "wave_label", "{bad}");
        }
        let e = order_waves(&["2026-Q1", "2026-03"], &[]).unwrap_err();
        assert!(e.to_string().contains("2026-03") && e.to_string().contains("quarter"), "{e}");
        let e = order_waves(&["2026-03", "2026-3"], &[]).unwrap_err();
        assert_eq!(e.code(), "ambiguous_waves");
        // Counters after one text; years.
        let (o, s) = order_waves(&["Wave 10", "Wave 9", "wave 11"], &[]).unwrap();
        assert_eq!(
            (o, s),
            (vec!["Wave 9".to_owned(), "Wave 10".to_owned(), "wave 11".to_owned()], WaveScheme::Numbered)
        );
        assert_eq!(order_waves(&["baseline 2", "baseline"], &[]).unwrap().0, ["baseline", "baseline 2"]);
        assert_eq!(order_waves(&["W010", "W009"], &[]).unwrap().0, ["W009", "W010"]);
        assert_eq!(
            order_waves(&["2027", "2026"], &[]).unwrap(),
            (vec!["2026".to_owned(), "2027".to_owned()], WaveScheme::Year)
        );
        assert_eq!(order_waves(&["Wave 1", "Round 2"], &[]).unwrap_err().code(), "wave_label");
        assert_eq!(order_waves(&["Wave 1", "Wave 01"], &[]).unwrap_err().code(), "ambiguous_waves");
        // One wave needs no order.
        assert_eq!(order_waves(&["pilot"], &[]).unwrap().1, WaveScheme::Single);
    }

    #[test]
    fn positions_follow_the_calendar_counter_or_explicit_order() {
        let months = ["2024-11", "2024-12", "2025-01", "2025-02", "2025-04"];
        assert_eq!(wave_positions(&months, WaveScheme::Month, &[]), [0, 1, 2, 3, 5]);
        assert_eq!(wave_positions(&["2024-Q3", "2025-Q1", "2025-Q2"], WaveScheme::Quarter, &[]), [0, 2, 3]);
        assert_eq!(wave_positions(&["2023-H2", "2025-H1"], WaveScheme::Half, &[]), [0, 3]);
        assert_eq!(wave_positions(&["2020", "2021", "2024"], WaveScheme::Year, &[]), [0, 1, 4]);
        // 2024 is a leap year: 29 days in February, 366 days to 2025-02-28.
        assert_eq!(wave_positions(&["2024-02-28", "2024-03-01", "2025-02-28"], WaveScheme::Date, &[]), [0, 2, 366]);
        assert_eq!(days_from_civil(1970, 1, 1), 0);
        assert_eq!(days_from_civil(2000, 3, 1), 11_017);
        assert_eq!(wave_positions(&["baseline", "Baseline 2", "baseline 4"], WaveScheme::Numbered, &[]), [0, 1, 3]);
        let explicit: Vec<String> = ["pilot", "spring", "summer", "autumn"].map(String::from).to_vec();
        assert_eq!(wave_positions(&["spring", "autumn"], WaveScheme::Explicit, &explicit), [0, 2]);
        assert_eq!(wave_positions(&["pilot"], WaveScheme::Single, &[]), [0]);
        assert!(wave_positions::<&str>(&[], WaveScheme::None, &[]).is_empty());
        // Labels that do not fit, or are out of order: by index.
        assert_eq!(wave_positions(&["2025-01", "2025-Q2", "2025-09"], WaveScheme::Month, &[]), [0, 1, 2]);
        assert_eq!(wave_positions(&["2025-05", "2025-01"], WaveScheme::Month, &[]), [0, 1]);
        // What order_waves gives, wave_positions places.
        let (order, scheme) = order_waves(&["2026-3", "2025-12", "2026-10"], &[]).unwrap();
        assert_eq!(wave_positions(&order, scheme, &[]), [0, 3, 10]);
    }

    #[test]
    fn labels_shaped_like_dates_must_be_real_ones() {
        for good in ["2026-03", "2026-3", "2026-Q1", "2026-h2", "2026-02-28", "2024-02-29", "2026", " 2026-03 "] {
            assert_eq!(label_problem(good, &[]), None, "{good}");
        }
        // Not shaped like a date: fine on their own, judged with the other waves.
        for other in ["pilot", "Wave 3", "W07", "1", "1.2", "26-03", "FY2026 Q1", "2026-spring", "2026-W07", "20261"] {
            assert_eq!(label_problem(other, &[]), None, "{other}");
        }
        let cases = [
            ("2026-13", "a month from 01 to 12"),
            ("2026-00", "a month from 01 to 12"),
            ("2026-123", "a month from 01 to 12"),
            ("2026-Q5", "a quarter from 1 to 4"),
            ("2026-q0", "a quarter from 1 to 4"),
            ("2026-H3", "a half-year"),
            ("2026-02-30", "a real date"),
            ("2025-02-29", "a real date"),
            ("2026-13-01", "a real date"),
            ("2026-3-15", "two-digit month and day"),
            ("03/2026", "year first with dashes"),
            ("2026/03", "year first with dashes"),
            ("2026.03", "year first with dashes"),
            ("15.03.2026", "year first with dashes"),
        ];
        for (bad, expected) in cases {
            let problem = label_problem(bad, &[]).unwrap_or_else(|| panic!("{bad} is bad"));
            assert!(problem.contains(expected), "{bad}: {problem}");
            // Such a label never orders with another wave either.
            assert!(order_waves(&["2026-01", bad], &[]).is_err(), "{bad}");
        }
        // An explicit order decides alone: listed labels, however they look.
        let explicit = vec!["2026-13".to_owned(), "spring".to_owned()];
        assert_eq!(label_problem("2026-13", &explicit), None);
        assert!(label_problem("2026-03", &explicit).unwrap().contains("wave_order (2026-13, spring)"));
        let at = || Location::file(Some("a.csv")).with_row(4).with_column("Survey");
        let e = check_wave_label("2026-Q5", &[], at).unwrap_err();
        assert_eq!((e.code(), e.is_row_error(), e.location().and_then(|l| l.row)), ("invalid_wave", true, Some(4)));
        assert_eq!(
            e.to_string(),
            "a.csv, row 4, column \"Survey\": wave \"2026-Q5\" cannot be placed in time: expected a quarter from 1 \
             to 4, written YYYY-Qn (like 2026-Q3)"
        );
    }

    #[test]
    fn wave_labels_of_a_data_set_are_checked_together_and_located() {
        let at = |file: &str, row: u64| Location::file(Some(file)).with_row(row).with_column("wave");
        let labels = |list: &[(&str, &str, u64)]| {
            let mut w = WaveLabels::new();
            for &(label, file, row) in list {
                w.note(label, || at(file, row));
            }
            w
        };
        // First appearances only; order follows the data.
        let w = labels(&[("2026-03", "a.csv", 2), ("2026-03", "a.csv", 3), ("2026-04", "b.csv", 2)]);
        assert_eq!(w.len(), 2);
        assert_eq!(
            w.iter().map(|(l, at)| (l, at.row)).collect::<Vec<_>>(),
            [("2026-03", Some(2)), ("2026-04", Some(2))]
        );
        assert!(w.check(&[]).is_ok());
        // Mixed kinds: at the first label of the other kind, naming the first label.
        let w = labels(&[("2026-03", "a.csv", 2), ("2026-04", "a.csv", 9), ("2026-Q2", "b.csv", 4)]);
        let e = w.check(&[]).unwrap_err();
        assert_eq!((e.code(), e.is_row_error()), ("wave_conflict", false));
        assert_eq!(e.location(), Some(&at("b.csv", 4)));
        let shown = e.to_string();
        assert!(
            shown.starts_with(
                "b.csv, row 4, column \"wave\": wave \"2026-Q2\" cannot be put in time order with wave \"2026-03\" \
                 (a.csv, row 2, column \"wave\"): expected a month like 2026-03"
            ),
            "{shown}"
        );
        assert!(shown.contains("wave_order"), "{shown}");
        // A label that fits no scheme, first or later.
        let e = labels(&[("pilot", "a.csv", 2), ("2026-01", "b.csv", 2)]).check(&[]).unwrap_err();
        assert!(matches!(&e, Error::WaveConflict { wave, other, .. } if wave == "pilot" && other == "2026-01"), "{e}");
        let e = labels(&[("2026-01", "a.csv", 2), ("2026 spring", "a.csv", 7)]).check(&[]).unwrap_err();
        assert_eq!(e.location().and_then(|l| l.row), Some(7));
        // One point in time: at the label that appears later.
        let e = labels(&[("2026-3", "a.csv", 5), ("2026-03", "b.csv", 2)]).check(&[]).unwrap_err();
        assert!(
            matches!(&e, Error::WaveConflict { wave, other_location, .. }
            if wave == "2026-03" && other_location.row == Some(5)),
            "{e}"
        );
        assert!(e.to_string().contains("same point in time"), "{e}");
        let e = labels(&[("Wave 1", "a.csv", 2), ("Wave 01", "a.csv", 3)]).check(&[]).unwrap_err();
        assert_eq!(e.location().and_then(|l| l.row), Some(3));
        // Any single label, numbered labels, and an explicit order that lists them.
        assert!(labels(&[("pilot", "a.csv", 2)]).check(&[]).is_ok());
        assert!(labels(&[("Wave 2", "a.csv", 2), ("wave 10", "a.csv", 3)]).check(&[]).is_ok());
        let explicit = vec!["pilot".to_owned(), "2026-01".to_owned()];
        assert!(labels(&[("2026-01", "a.csv", 2), ("pilot", "a.csv", 3)]).check(&explicit).is_ok());
        let e = labels(&[("2026-02", "a.csv", 2)]).check(&explicit).unwrap_err();
        assert_eq!((e.code(), e.location().and_then(|l| l.row)), ("invalid_wave", Some(2)));
        // The check agrees with the report's ordering on success and failure.
        for set in
            [&["2026-03", "2026-Q1"][..], &["a", "b"], &["2026", "2027"], &["2026-03", "2026-3"], &["x 1", "x 2"]]
        {
            let mut w = WaveLabels::new();
            set.iter().for_each(|l| w.note(l, Location::default));
            assert_eq!(w.check(&[]).is_ok(), order_waves(set, &[]).is_ok(), "{set:?}");
        }
        let mut w = labels(&[("2026-01", "a.csv", 2)]);
        w.note_in(1, 2, "2026-Q1", || at("b.csv", 2));
        assert!(w.check(&[]).is_err());
        w.forget_from(1);
        assert!(w.check(&[]).is_ok());
        assert_eq!(w.len(), 1);
        // A row accepted late (held back, then released) moves a label's first place back.
        let mut w = WaveLabels::new();
        w.note_in(0, 9, "2026-04", || at("a.csv", 9));
        w.note_in(0, 3, "2026-Q1", || at("a.csv", 3));
        w.note_in(0, 2, "2026-04", || at("a.csv", 2));
        let places = |w: &WaveLabels| w.iter().map(|(l, at)| (l.to_owned(), at.row)).collect::<Vec<_>>();
        assert_eq!(places(&w), [("2026-04".to_owned(), Some(2)), ("2026-Q1".to_owned(), Some(3))]);
        w.note_in(0, 1, "2026-Q1", || at("a.csv", 1));
        assert_eq!(places(&w), [("2026-Q1".to_owned(), Some(1)), ("2026-04".to_owned(), Some(2))]);
        let e = w.check(&[]).unwrap_err();
        assert!(matches!(&e, Error::WaveConflict { wave, .. } if wave == "2026-04"), "{e}");
    }
}
