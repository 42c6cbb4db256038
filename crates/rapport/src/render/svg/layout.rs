//! Where things go: values mapped onto axes, nice ticks, text widths,
//! wrapping and cutting, label spreading, and the waves' places on a time
//! axis with the runs of waves a line may join.

use crate::util::math::{log10, powf};

/// `v` if it is a finite number.
pub(super) fn finite(v: Option<f64>) -> Option<f64> {
    v.filter(|x| x.is_finite())
}

/// Value `i` of `values`, if it is there and finite.
pub(super) fn at(values: &[Option<f64>], i: usize) -> Option<f64> {
    finite(values.get(i).copied().flatten())
}

/// `v` held within `[lo, hi]`, and whether it had to be moved.
pub(super) fn clamp(v: f64, lo: f64, hi: f64) -> (f64, bool) {
    if v < lo {
        (lo, true)
    } else if v > hi {
        (hi, true)
    } else {
        (v, false)
    }
}

/// Maps `v` in `[lo, hi]` to `[p0, p1]`.
pub(super) fn lin(v: f64, lo: f64, hi: f64, p0: f64, p1: f64) -> f64 {
    p0 + (v - lo) / (hi - lo) * (p1 - p0)
}

/// Approximate advance width of `s` in a sans-serif face at `size` px.
pub(super) fn tw(s: &str, size: f64) -> f64 {
    let em: f64 = s
        .chars()
        .map(|c| match c {
            'i' | 'j' | 'l' | '.' | ',' | ':' | ';' | '\'' | '!' | '|' | 'I' => 0.3,
            'f' | 't' | 'r' | ' ' => 0.4,
            'm' | 'w' | 'M' | 'W' | '@' | '%' => 0.92,
            'A'..='Z' => 0.7,
            '0'..='9' => 0.64,
            c if c.is_ascii() => 0.6,
            _ => 0.7,
        })
        .sum();
    em * size
}

/// `s` cut with "…" to fit `max_w`.
pub(super) fn ellipsize(s: &str, max_w: f64, size: f64) -> String {
    if tw(s, size) <= max_w {
        return s.to_owned();
    }
    let mut out = String::new();
    for c in s.chars() {
        out.push(c);
        if tw(&out, size) + tw("…", size) > max_w {
            out.pop();
            break;
        }
    }
    let out = out.trim_end().to_owned();
    out + "…"
}

/// Greedy word wrap into at most `max_lines` lines of `max_w`, the last one
/// ellipsised if the text does not fit.
pub(super) fn wrap(s: &str, max_w: f64, size: f64, max_lines: usize) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    let mut cur = String::new();
    for word in s.split_whitespace() {
        let cand = if cur.is_empty() { word.to_owned() } else { format!("{cur} {word}") };
        if cur.is_empty() || tw(&cand, size) <= max_w {
            cur = cand;
        } else {
            lines.push(std::mem::take(&mut cur));
            cur = word.to_owned();
        }
    }
    if !cur.is_empty() {
        lines.push(cur);
    }
    let max_lines = max_lines.max(1);
    if lines.len() > max_lines {
        lines.truncate(max_lines);
        if let Some(last) = lines.last_mut() {
            *last = ellipsize(&format!("{last}…"), max_w, size);
        }
    }
    lines.into_iter().map(|l| ellipsize(&l, max_w, size)).collect()
}

/// "Nice" tick values covering `[lo, hi]` (about `target` steps); ends only
/// if a nice step would need more than one decimal.
pub(super) fn ticks(lo: f64, hi: f64, target: usize) -> Vec<f64> {
    let span = hi - lo;
    if span.is_nan() || span <= 0.0 || !span.is_finite() {
        return vec![lo];
    }
    let raw = span / target.max(1) as f64;
    let mag = powf(10.0, log10(raw).floor());
    let norm = raw / mag;
    let m = if norm <= 1.0 {
        1.0
    } else if norm <= 2.0 {
        2.0
    } else if norm <= 2.5 && mag >= 1.0 {
        2.5
    } else if norm <= 5.0 {
        5.0
    } else {
        10.0
    };
    let step = m * mag;
    if step < 0.1 {
        return vec![lo, hi];
    }
    let first = (lo / step - 1e-9).ceil() * step;
    let mut v = Vec::new();
    for i in 0..100 {
        let t = first + step * f64::from(i);
        if t > hi + step * 1e-9 {
            break;
        }
        v.push(t);
    }
    v
}

/// Moves label centres (sorted by y) apart by at least `gap`, within `[lo, hi]`.
pub(super) fn spread(ys: &mut [(f64, usize)], gap: f64, lo: f64, hi: f64) {
    ys.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
    for i in 1..ys.len() {
        if ys[i].0 < ys[i - 1].0 + gap {
            ys[i].0 = ys[i - 1].0 + gap;
        }
    }
    if let Some(last) = ys.last().map(|l| l.0)
        && last > hi
    {
        let shift = last - hi;
        for y in ys.iter_mut() {
            y.0 -= shift;
        }
        for i in (0..ys.len().saturating_sub(1)).rev() {
            if ys[i].0 > ys[i + 1].0 - gap {
                ys[i].0 = ys[i + 1].0 - gap;
            }
        }
    }
    for y in ys.iter_mut() {
        y.0 = y.0.max(lo);
    }
}

/// Where `n` waves go on a time axis, and before which of them a wave is
/// missing: `(x, missing_before)`.
///
/// `positions` (one per wave, finite and increasing: months or quarters since
/// the first wave, a counter …) spaces the waves by time; otherwise (empty, or
/// not of that form) they are evenly spaced, x = 0, 1, …. A step of at least
/// twice the shortest step between two waves leaves room for a wave that is
/// not there (`2025-01, 2025-02, 2025-04`: March is missing), and no line is
/// drawn across it, as across a hidden wave.
///
/// ```
/// use rapport::render::svg::wave_x;
/// let (x, missing) = wave_x(&[0.0, 1.0, 3.0, 4.0], 4);
/// assert_eq!(x, [0.0, 1.0, 3.0, 4.0]);
/// assert_eq!(missing, [false, false, true, false]);
/// // Quarterly waves labelled by month: three months apart is the cadence.
/// assert_eq!(wave_x(&[0.0, 3.0, 6.0], 3).1, [false; 3]);
/// assert_eq!(wave_x(&[], 3), (vec![0.0, 1.0, 2.0], vec![false; 3]));
/// ```
pub fn wave_x(positions: &[f64], n: usize) -> (Vec<f64>, Vec<bool>) {
    let ok = positions.len() == n
        && positions.iter().all(|p| p.is_finite())
        && positions.windows(2).all(|w| w[0] < w[1] && (w[1] - w[0]).is_finite());
    if !ok {
        return ((0..n).map(|i| i as f64).collect(), vec![false; n]);
    }
    let shortest = positions.windows(2).map(|w| w[1] - w[0]).fold(f64::INFINITY, f64::min);
    let missing = (0..n).map(|i| i > 0 && positions[i] - positions[i - 1] >= 2.0 * shortest).collect();
    (positions.to_vec(), missing)
}

/// Runs of consecutive indices in `0..n` where `present(i)`, cut at `brk`
/// and before every index where `cut(i)`.
pub(super) fn runs(n: usize, brk: Option<usize>, cut: &[bool], present: impl Fn(usize) -> bool) -> Vec<Vec<usize>> {
    let mut out: Vec<Vec<usize>> = Vec::new();
    let mut cur: Vec<usize> = Vec::new();
    for i in 0..n {
        if (!present(i) || brk == Some(i) || cut.get(i).copied().unwrap_or(false)) && !cur.is_empty() {
            out.push(std::mem::take(&mut cur));
        }
        if present(i) {
            cur.push(i);
        }
    }
    if !cur.is_empty() {
        out.push(cur);
    }
    out
}
