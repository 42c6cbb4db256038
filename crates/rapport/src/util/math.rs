//! Elementary functions that give the same bits on every target.
//!
//! `f64::ln`, `exp`, `powf`, `sin`, … are not IEEE operations: the standard
//! library hands them to the platform's C library (glibc natively), and on
//! `wasm32-unknown-unknown` to Rust's port of musl's libm, and the two differ
//! in the last bits now and then. That was enough for the browser module to
//! print t-interval bounds and p values 1–4 ulp away from the CLI's. Every
//! such function in the core goes through here instead, to the `libm` crate
//! (the same pure-Rust musl port on every target), so the CLI, Python and the
//! browser compute the same numbers. `crates/rapport/clippy.toml` bans the
//! `f64` methods in the core (tests may use them).
//!
//! IEEE operations (`+ − × ÷`, `sqrt`, `abs`, `floor`, `ceil`, `round`,
//! `mul_add`) are correctly rounded everywhere and stay as they are;
//! integer powers are written as products.

/// Natural logarithm.
#[inline]
pub(crate) fn ln(x: f64) -> f64 {
    libm::log(x)
}

/// `ln(1 + x)`, accurate for small `x`.
#[inline]
pub(crate) fn ln_1p(x: f64) -> f64 {
    libm::log1p(x)
}

/// Base-10 logarithm.
#[inline]
pub(crate) fn log10(x: f64) -> f64 {
    libm::log10(x)
}

/// `e^x`.
#[inline]
pub(crate) fn exp(x: f64) -> f64 {
    libm::exp(x)
}

/// `x^y`.
#[inline]
pub(crate) fn powf(x: f64, y: f64) -> f64 {
    libm::pow(x, y)
}

/// Sine (radians).
#[inline]
pub(crate) fn sin(x: f64) -> f64 {
    libm::sin(x)
}

/// Cosine (radians).
#[inline]
pub(crate) fn cos(x: f64) -> f64 {
    libm::cos(x)
}

/// Hyperbolic tangent.
#[inline]
pub(crate) fn tanh(x: f64) -> f64 {
    libm::tanh(x)
}

/// Inverse hyperbolic tangent.
#[inline]
pub(crate) fn atanh(x: f64) -> f64 {
    libm::atanh(x)
}

/// `ln |Γ(x)|`.
#[inline]
pub(crate) fn ln_gamma(x: f64) -> f64 {
    libm::lgamma_r(x).0
}

/// Complementary error function `1 − erf(x)`, accurate in the upper tail.
#[inline]
pub(crate) fn erfc(x: f64) -> f64 {
    libm::erfc(x)
}
