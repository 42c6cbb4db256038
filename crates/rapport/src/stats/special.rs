//! Special functions behind the t and F distributions: the log-beta
//! function and the regularized incomplete beta function, on the
//! elementary functions of `util::math` (the `libm` crate), so that they
//! give the same bits on every target.
//!
//! * [`ln_beta`]: `ln B(a, b)`. Below 10, from `lgamma` (musl's); above, from
//!   Stirling's series, with the large terms combined before they are added
//!   (as R's `lbeta`): `lgamma(5e5) − lgamma(5e5 + ½)` would carry the
//!   rounding of two numbers near 6e6 (~1e-9) into `ln B(5e5, ½) ≈ −6.3`.
//! * [`beta_reg`]: `I_x(a, b)` and its complement, by the continued fraction
//!   of Didonato & Morris (ACM TOMS 18, 1992; `BFRAC` of their Algorithm 708,
//!   as Boost's `ibeta_fraction2`) evaluated with the modified Lentz method,
//!   on the side of the mean where it converges (`I_x(a, b) = 1 − I_{1−x}(b,
//!   a)` on the other). The prefactor `x^a (1 − x)^b / B(a, b)`
//!   ([`beta_power_terms`]) is computed around the mode when both parameters
//!   are large, where its logarithm is a small difference of large terms.

use crate::util::math::{exp, ln, ln_1p, ln_gamma};
use std::f64::consts::TAU;

/// `ln √(2π)`.
const LN_SQRT_2PI: f64 = 0.918_938_533_204_672_7;

/// Stirling's series remainder `ln Γ(x) − ((x − ½) ln x − x + ln √(2π))`
/// for `x ≥ 10`: `Σ B₂ₖ / (2k (2k − 1) x²ᵏ⁻¹)` for k = 1..8 (Abramowitz &
/// Stegun 6.1.40); the next term is below 2e-18 at x = 10.
fn stirling_tail(x: f64) -> f64 {
    const C: [f64; 8] = [
        1.0 / 12.0,
        -1.0 / 360.0,
        1.0 / 1260.0,
        -1.0 / 1680.0,
        1.0 / 1188.0,
        -691.0 / 360_360.0,
        1.0 / 156.0,
        -3617.0 / 122_400.0,
    ];
    let z = 1.0 / (x * x);
    C.iter().rev().fold(0.0, |acc, &c| acc * z + c) / x
}

/// `ln B(a, b) = ln Γ(a) + ln Γ(b) − ln Γ(a + b)` for `a, b > 0`.
pub(crate) fn ln_beta(a: f64, b: f64) -> f64 {
    let (p, q) = if a < b { (a, b) } else { (b, a) };
    let s = p + q;
    if p >= 10.0 {
        // Both large: Stirling for all three, the (x − ½) ln x terms gathered.
        let corr = stirling_tail(p) + stirling_tail(q) - stirling_tail(s);
        -0.5 * ln(q) + LN_SQRT_2PI + corr + (p - 0.5) * ln(p / s) + q * ln_1p(-p / s)
    } else if q >= 10.0 {
        // ln Γ(q) − ln Γ(p + q) by Stirling.
        let corr = stirling_tail(q) - stirling_tail(s);
        ln_gamma(p) + corr + p - p * ln(s) + (q - 0.5) * ln_1p(-p / s)
    } else {
        ln_gamma(p) + ln_gamma(q) - ln_gamma(s)
    }
}

/// `x^a y^b / B(a, b)` with `y = 1 − x` given separately: whichever of the
/// two is smaller carries more digits of both (at ν = 10⁶ the t
/// distribution's x = ν/(ν + t²) is 1 − 4e-6, and `a ln x` from x itself
/// would be off by a·1e-16 = 5e-11), so logarithms and differences near 1
/// are taken from the other one.
pub(crate) fn beta_power_terms(a: f64, b: f64, x: f64, y: f64) -> f64 {
    if a >= 10.0 && b >= 10.0 {
        // Around the mode x₀ = a/(a+b): x^a y^b / B(a, b) =
        // √(ab / (2π(a+b))) · exp(a ln(x/x₀) + b ln(y/y₀) − corr), the
        // Stirling form of ln B with a ln x₀ + b ln y₀ cancelled exactly.
        // x₀ + y₀ = 1 exactly (the larger one divided, the other its exact
        // complement): a ln(x/x₀) + b ln(y/y₀) is stationary at the mode, so
        // a rounded x₀ moves it only to second order, while two roundings
        // of their own would move it by ~(a + b)·1e-16.
        let s = a + b;
        let (x0, y0) = if a >= b {
            let x0 = a / s;
            (x0, 1.0 - x0)
        } else {
            let y0 = b / s;
            (1.0 - y0, y0)
        };
        // d = x − x₀ = y₀ − y, from the smaller of x and y.
        let d = if x <= y { x - x0 } else { y0 - y };
        let ln_x = if x < 0.5 * x0 { ln(x / x0) } else { ln_1p(d / x0) };
        let ln_y = if y < 0.5 * y0 { ln(y / y0) } else { ln_1p(-d / y0) };
        let corr = stirling_tail(a) + stirling_tail(b) - stirling_tail(s);
        exp(a * ln_x + b * ln_y - corr) * (a * b / s / TAU).sqrt()
    } else {
        let ln_x = if x > 0.5 { ln_1p(-y) } else { ln(x) };
        let ln_y = if y > 0.5 { ln_1p(-x) } else { ln(y) };
        exp(a * ln_x + b * ln_y - ln_beta(a, b))
    }
}

/// The continued fraction of Didonato & Morris (1992; TOMS 708's
/// `BFRAC`): `I_x(a, b) = x^a y^b / B(a, b) / f` with
/// `f = b₀ + a₁/(b₁ + a₂/(b₂ + …))`, for `a y − b x ≥ 0` (x at or below the
/// mean). Its terms use `a y − b x` directly, which keeps their digits where
/// Numerical Recipes' fraction (6.4.5) subtracts `(a + b) x/(a + 1)` from 1:
/// at ν = 10⁶ that cost the t distribution's tails ten digits. Evaluated by
/// the modified Lentz method; converges in `O(√min(a, b))` terms at worst
/// (near the mean), a few dozen for the t and F tails.
fn beta_frac(a: f64, b: f64, x: f64, y: f64) -> f64 {
    const TINY: f64 = 1e-300;
    const MAX_TERMS: u32 = 1_000_000;
    let guard = |v: f64| if v.abs() < TINY { TINY } else { v };
    let lambda = a * y - b * x;
    // (a_m, b_m) for m ≥ 1.
    let term = |m: f64| {
        let den = a + 2.0 * m - 1.0;
        let am = (a + m - 1.0) * (a + b + m - 1.0) * m * (b - m) * x * x / (den * den);
        let bm = m + m * (b - m) * x / den + (a + m) * (lambda + 1.0 + m * (1.0 + y)) / (a + 2.0 * m + 1.0);
        (am, bm)
    };
    let mut f = guard(a * (lambda + 1.0) / (a + 1.0));
    let (mut c, mut d) = (f, 0.0);
    for m in 1..=MAX_TERMS {
        let (am, bm) = term(f64::from(m));
        d = 1.0 / guard(bm + am * d);
        c = guard(bm + am / c);
        let delta = c * d;
        f *= delta;
        if (delta - 1.0).abs() <= f64::EPSILON {
            break;
        }
    }
    f
}

/// The regularized incomplete beta function: `(I_x(a, b), 1 − I_x(a, b))`
/// for `a, b > 0`, `0 ≤ x ≤ 1` and `y = 1 − x` given separately, with
/// `x^a y^b / B(a, b)` third (which the quantile solvers need as a slope).
/// The fraction is evaluated on the side of the mean where it converges
/// (`I_x(a, b) = 1 − I_y(b, a)`), which is also the smaller of the two, up to
/// a little: the other is its complement. NaN in, NaN out.
pub(crate) fn beta_reg(a: f64, b: f64, x: f64, y: f64) -> (f64, f64, f64) {
    if x.is_nan() || y.is_nan() {
        return (f64::NAN, f64::NAN, f64::NAN);
    }
    if x <= 0.0 {
        return (0.0, 1.0, 0.0);
    }
    if y <= 0.0 {
        return (1.0, 0.0, 0.0);
    }
    let terms = beta_power_terms(a, b, x, y);
    if a * y - b * x >= 0.0 {
        let v = terms / beta_frac(a, b, x, y);
        (v, 1.0 - v, terms)
    } else {
        let v = terms / beta_frac(b, a, y, x);
        (1.0 - v, v, terms)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::f64::consts::PI;

    fn close(got: f64, want: f64, rel: f64) {
        assert!((got - want).abs() <= rel * want.abs(), "got {got:e}, want {want:e}");
    }

    #[test]
    fn ln_beta_closed_forms() {
        // B(1, 1) = 1, B(½, ½) = π, B(a, 1) = 1/a, B(2, 3) = 1!·2!/4! = 1/12
        // (Abramowitz & Stegun 6.2.2).
        assert_eq!(ln_beta(1.0, 1.0), 0.0);
        close(ln_beta(0.5, 0.5), PI.ln(), 1e-15);
        close(ln_beta(7.0, 1.0), -(7.0f64.ln()), 1e-15);
        close(ln_beta(2.0, 3.0), -(12.0f64.ln()), 1e-15);
        // Large arguments, by Stirling (mpmath 1.3.0 log(beta(a, b)), 40 digits).
        close(ln_beta(50.0, 60.0), -76.522_723_353_350_51, 1e-15);
        close(ln_beta(0.5, 500.0), -2.534_689_106_328_062_4, 1e-14);
        close(ln_beta(12.5, 3.0), -7.109_419_798_619_222, 1e-14);
        close(ln_beta(1e6, 2.5e6), -2_093_949.380_628_934_8, 1e-15);
        // Symmetric.
        assert_eq!(ln_beta(3.5, 40.0), ln_beta(40.0, 3.5));
    }

    #[test]
    fn incomplete_beta_closed_forms() {
        // I_x(a, 1) = x^a, I_x(1, b) = 1 − (1 − x)^b, I_x(½, ½) = (2/π) asin √x
        // (arcsine distribution), I_½(a, a) = ½ (symmetry); A&S 26.5.
        for &x in &[1e-6, 0.01, 0.2, 0.5, 0.75, 0.999] {
            let y = 1.0 - x;
            close(beta_reg(3.0, 1.0, x, y).0, x * x * x, 1e-14);
            close(beta_reg(1.0, 4.0, x, y).1, y * y * y * y, 1e-13);
            close(beta_reg(0.5, 0.5, x, y).0, 2.0 / PI * x.sqrt().asin(), 1e-14);
            let (i, c, _) = beta_reg(2.5, 7.0, x, y);
            let (j, d, _) = beta_reg(7.0, 2.5, y, x);
            close(i, d, 1e-14);
            close(c, j, 1e-14);
        }
        for &a in &[0.5, 1.0, 3.0, 20.0, 250.0, 1e5] {
            close(beta_reg(a, a, 0.5, 0.5).0, 0.5, 1e-14);
        }
        assert_eq!(beta_reg(2.0, 3.0, 0.0, 1.0).0, 0.0);
        assert_eq!(beta_reg(2.0, 3.0, 1.0, 0.0).0, 1.0);
        assert!(beta_reg(2.0, 3.0, f64::NAN, 0.5).0.is_nan());
    }

    #[test]
    fn incomplete_beta_against_mpmath() {
        // mpmath 1.3.0 betainc(a, b, 0, x, regularized=True), 40 digits.
        let cases = [
            (100.0, 300.0, 0.2, 0.007_994_530_866_879_339),
            (2.0, 300.0, 0.001, 0.037_080_858_197_070_694),
            (500.0, 0.5, 0.996, 0.045_338_095_197_252_036),
            (0.1, 0.2, 0.3, 0.622_843_354_720_317_4),
        ];
        for (a, b, x, want) in cases {
            close(beta_reg(a, b, x, 1.0 - x).0, want, 1e-13);
        }
    }
}
