//! How the renderers write figures for people — the text scorecard, the
//! HTML report and the browser's scorecard alike: one decimal, signed gaps,
//! "—" for no value, and an interval's level from the report's confidence.
//! A figure that rounds to zero is "0.0", never "-0.0".

use crate::stats::stable;

/// Written where a figure has no value.
pub(crate) const NO_VALUE: &str = "—";

/// One decimal ("60.4"); "0.0" for anything that rounds to zero.
pub(crate) fn one(x: f64) -> String {
    let x = stable(x);
    if x.abs() < 0.05 { "0.0".to_owned() } else { format!("{x:.1}") }
}

/// [`one`], or [`NO_VALUE`].
pub(crate) fn one_or_none(x: Option<f64>) -> String {
    x.map_or_else(|| NO_VALUE.to_owned(), one)
}

/// A signed figure with one decimal ("+1.2", "-0.4"; "0.0" for anything
/// that rounds to zero).
pub(crate) fn signed(x: f64) -> String {
    crate::stats::signed1(x)
}

/// The level of an interval at `confidence` (0.95 → "95%", 0.8 → "80%",
/// 0.975 → "97.5%").
pub(crate) fn level(confidence: f64) -> String {
    let p = format!("{:.2}", stable(confidence * 100.0));
    format!("{}%", p.trim_end_matches('0').trim_end_matches('.'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_negative_zero_and_levels_from_the_confidence() {
        assert_eq!(
            [one(-0.01), one(-0.049), one(0.04), one(-0.05), one(60.44), one(59.96)],
            ["0.0", "0.0", "0.0", "-0.1", "60.4", "60.0"]
        );
        assert_eq!([signed(-0.01), signed(0.04), signed(1.26), signed(-3.0)], ["0.0", "0.0", "+1.3", "-3.0"]);
        assert_eq!(one_or_none(None), "—");
        assert_eq!([level(0.95), level(0.8), level(0.975), level(0.5)], ["95%", "80%", "97.5%", "50%"]);
    }
}
