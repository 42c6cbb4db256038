//! Waves in time order.
//!
//! Trends need the waves in order, and sorting labels as text is a guess
//! (`2026-Q10` is not a quarter; `2026-3` sorts after `2026-10`). rapport
//! parses every label under one scheme — `YYYY-MM`, `YYYY-Qn`, `YYYY-Hn`,
//! an ISO date `YYYY-MM-DD`, a year, or one text with a counter (`Wave 1`,
//! `Wave 2` …) — or follows an explicit order given in the
//! options ([`crate::ScoreOptions::wave_order`]). Labels that fit no scheme,
//! labels of different schemes, and two labels for one point in time are
//! errors that name the label, never a silent guess. A single wave needs no
//! order, so any label is accepted then.
//!
//! The scheme also places each wave on a time axis ([`wave_positions`]):
//! calendar steps for dated labels (`2025-03` and `2025-05` are two months
//! apart), the counter for numbered labels, the place in `wave_order` for an
//! explicit order. Trend slopes are per step of this axis
//! ([`WaveScheme::step`]), and a wave that is missing from a series leaves a
//! hole instead of moving the later waves up.

use crate::error::{Error, Result};
use crate::util::text::Lower;
use serde::{Deserialize, Serialize};

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
            _ => "YYYY-MM, YYYY-Qn, YYYY-Hn, an ISO date YYYY-MM-DD, or an explicit wave_order",
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
    let parts: Vec<&str> = t.split('-').collect();
    let year = parts.first().filter(|p| p.len() == 4).and_then(|p| digits(p))?;
    match parts.as_slice() {
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

/// Put wave labels in time order. `explicit` (when not empty) is the order
/// to follow; otherwise every label must parse under one scheme.
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
    if !explicit.is_empty() {
        let mut out: Vec<(usize, &str)> = Vec::with_capacity(labels.len());
        for l in &labels {
            match explicit.iter().position(|e| e == l) {
                Some(p) => out.push((p, l)),
                None => {
                    return Err(Error::WaveLabel {
                        wave: (*l).to_owned(),
                        expected: format!("one of the waves listed in wave_order ({})", explicit.join(", ")),
                    });
                }
            }
        }
        crate::util::sort::sort(&mut out);
        return Ok((out.into_iter().map(|(_, l)| l.to_owned()).collect(), WaveScheme::Explicit));
    }
    match labels.len() {
        0 => return Ok((Vec::new(), WaveScheme::None)),
        1 => return Ok((vec![labels[0].to_owned()], WaveScheme::Single)),
        _ => {}
    }
    if let Some(order) = numbered(&labels)? {
        return Ok((order, WaveScheme::Numbered));
    }
    let mut parsed: Vec<((u32, u32, u32), &str)> = Vec::with_capacity(labels.len());
    let mut scheme: Option<(WaveScheme, &str)> = None;
    for l in &labels {
        let Some((s, key)) = parse_wave(l) else {
            return Err(Error::WaveLabel {
                wave: (*l).to_owned(),
                expected: match scheme {
                    Some((s, first)) => format!("{} (wave {first:?} is one)", s.describe()),
                    None => WaveScheme::None.describe().to_owned(),
                },
            });
        };
        match scheme {
            None => scheme = Some((s, l)),
            Some((first, first_label)) if first != s => {
                return Err(Error::WaveLabel {
                    wave: (*l).to_owned(),
                    expected: format!(
                        "{} (wave {first_label:?} is one); mixed label kinds cannot be ordered",
                        first.describe()
                    ),
                });
            }
            _ => {}
        }
        parsed.push((key, l));
    }
    crate::util::sort::sort(&mut parsed);
    for w in parsed.windows(2) {
        if w[0].0 == w[1].0 {
            return Err(Error::AmbiguousWaves { first: w[0].1.to_owned(), second: w[1].1.to_owned() });
        }
    }
    let scheme = scheme.map_or(WaveScheme::None, |(s, _)| s);
    Ok((parsed.into_iter().map(|(_, l)| l.to_owned()).collect(), scheme))
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
fn numbered(labels: &[&str]) -> Result<Option<Vec<String>>> {
    if labels.iter().all(|l| parse_wave(l).is_some()) {
        return Ok(None);
    }
    let mut parsed = Vec::with_capacity(labels.len());
    for l in labels {
        match counter(l) {
            Some(c) => parsed.push((c, *l)),
            None => return Ok(None),
        }
    }
    if parsed.iter().any(|((text, _), _)| *text != parsed[0].0.0) {
        return Ok(None);
    }
    crate::util::sort::sort(&mut parsed);
    for w in parsed.windows(2) {
        if w[0].0 == w[1].0 {
            return Err(Error::AmbiguousWaves { first: w[0].1.to_owned(), second: w[1].1.to_owned() });
        }
    }
    Ok(Some(parsed.into_iter().map(|(_, l)| l.to_owned()).collect()))
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
}
