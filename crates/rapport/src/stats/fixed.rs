//! Exact, order-free moments of real values on a fixed grid.
//!
//! [`Moments`] and [`CoMoments`] update a running mean (Welford; Chan et
//! al. to merge): fast and accurate, but the last bits of the result depend
//! on the order of the values and on how they were split into chunks. The
//! accumulators here give the same bits whatever the order and whatever the
//! merges: each value is put on a grid of 2⁻⁴⁸ (rounded to the nearest grid
//! point once, on the way in — about 3.6·10⁻¹⁵, below the spacing of
//! doubles above 32) and only integers are added: n, ΣX (128 bits) and
//! ΣXᵢXⱼ (192 bits, [`Wide`]). Integer addition is associative, so scoring
//! a file in one pass, in parallel chunks, or in parts on several machines
//! merged in any order and grouping gives identical sums, and identical
//! [`Moments`] (derived by [`FixedMoments::moments`] with one rounding for the
//! mean and one for M2, from an exact centred sum).
//!
//! Values must lie within ±[`FixedMoments::LIMIT`] (2¹⁵); rapport's values
//! are scores on 0–100 (at most ±10,100 on a ratio-to-maximum scale) and
//! rating points above their scale's minimum (0–100). A value outside is
//! clamped to the limit, and a NaN counts as 0.
//!
//! ```
//! use rapport::stats::FixedMoments;
//! let xs = [50.0, 62.5, 33.3, 87.25, 12.0];
//! let mut all = FixedMoments::default();
//! xs.iter().for_each(|&x| all.push(x));
//! let (mut a, mut b) = (FixedMoments::default(), FixedMoments::default());
//! xs[..2].iter().rev().for_each(|&x| a.push(x));
//! xs[2..].iter().for_each(|&x| b.push(x));
//! b.merge(&a);
//! assert_eq!(b, all); // the same integers, so the same bits below
//! let m = all.moments();
//! assert_eq!(m.n, 5);
//! assert!((m.mean - 49.01).abs() < 1e-12);
//! ```

use super::moments::{CoMoments, Moments};
use serde::{Deserialize, Serialize};

/// Grid points per unit: values are kept as whole multiples of 2⁻⁴⁸.
const SCALE: f64 = 281_474_976_710_656.0; // 2^48
/// The largest magnitude on the grid, in grid points (just below 2^63).
const MAX_POINTS: f64 = 9_223_372_036_854_774_784.0; // 2^63 − 1024, the largest double below 2^63

/// A value's grid point: nearest, halves away from zero; clamped to the
/// range, NaN to 0 (a saturating cast).
#[inline]
fn to_grid(x: f64) -> i64 {
    let y = (x * SCALE).clamp(-MAX_POINTS, MAX_POINTS);
    (y + 0.5f64.copysign(y)) as i64
}

/// A signed 192-bit integer with wrapping arithmetic: sums of products of
/// grid points (each below 2¹²⁶ in magnitude) over up to 2⁶⁵ values.
/// Stored as the low 128 bits and the high 64 bits (two's complement); its
/// JSON form is 48 hexadecimal digits, high word first (JSON numbers are
/// not read reliably beyond 64 bits).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Wide {
    /// Low 128 bits.
    pub lo: u128,
    /// High 64 bits (the sign is this word's top bit).
    pub hi: u64,
}

impl Wide {
    /// Sign-extend a 128-bit integer.
    #[inline]
    pub fn from_i128(v: i128) -> Wide {
        Wide { lo: v as u128, hi: if v < 0 { u64::MAX } else { 0 } }
    }

    /// Add a 128-bit integer (wrapping).
    #[inline]
    pub fn add_i128(&mut self, v: i128) {
        let (lo, carry) = self.lo.overflowing_add(v as u128);
        self.lo = lo;
        self.hi = self.hi.wrapping_add(u64::from(carry)).wrapping_add(if v < 0 { u64::MAX } else { 0 });
    }

    /// Add (wrapping).
    #[inline]
    pub fn add(&mut self, o: Wide) {
        let (lo, carry) = self.lo.overflowing_add(o.lo);
        self.lo = lo;
        self.hi = self.hi.wrapping_add(o.hi).wrapping_add(u64::from(carry));
    }

    /// Two's complement negation (wrapping).
    fn neg(self) -> Wide {
        let mut r = Wide { lo: !self.lo, hi: !self.hi };
        r.add_i128(1);
        r
    }

    /// `a · b` exactly (wrapping past 192 bits).
    pub fn mul(a: i128, b: i64) -> Wide {
        let (ua, ub) = (a.unsigned_abs(), u128::from(b.unsigned_abs()));
        let low = (ua & u128::from(u64::MAX)) * ub; // < 2^128
        let high = (ua >> 64) * ub; // < 2^128, weighs 2^64
        let mut r = Wide { lo: low, hi: 0 };
        r.add(Wide { lo: high << 64, hi: (high >> 64) as u64 });
        if (a < 0) != (b < 0) { r.neg() } else { r }
    }

    /// The nearest double (rounded twice: the high and low parts apart).
    pub fn to_f64(self) -> f64 {
        let neg = (self.hi as i64) < 0;
        let m = if neg { self.neg() } else { self };
        let v = m.hi as f64 * 340_282_366_920_938_463_463_374_607_431_768_211_456.0 + m.lo as f64; // 2^128
        if neg { -v } else { v }
    }
}

impl Serialize for Wide {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&format!("{:016x}{:032x}", self.hi, self.lo))
    }
}

impl<'de> Deserialize<'de> for Wide {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Wide, D::Error> {
        let s = String::deserialize(d)?;
        let bad = || serde::de::Error::custom("expected 48 hexadecimal digits");
        if s.len() != 48 || !s.bytes().all(|b| b.is_ascii_hexdigit()) {
            return Err(bad());
        }
        let hi = u64::from_str_radix(&s[..16], 16).map_err(|_| bad())?;
        let lo = u128::from_str_radix(&s[16..], 16).map_err(|_| bad())?;
        Ok(Wide { lo, hi })
    }
}

/// 128-bit sums in JSON as decimal text (JSON numbers are not read reliably
/// beyond 64 bits).
mod text {
    use serde::{Deserialize, Deserializer, Serializer};
    pub fn serialize<S: Serializer>(v: &i128, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&v.to_string())
    }
    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<i128, D::Error> {
        String::deserialize(d)?.parse().map_err(serde::de::Error::custom)
    }
}

/// [`text`] for a list.
mod text_list {
    use serde::{Deserialize, Deserializer, Serializer};
    pub fn serialize<S: Serializer>(v: &[i128], s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(v.iter().map(i128::to_string))
    }
    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<i128>, D::Error> {
        Vec::<String>::deserialize(d)?.iter().map(|t| t.parse().map_err(serde::de::Error::custom)).collect()
    }
}

/// Count, ΣX and ΣX² of values on the grid (see the module docs).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct FixedMoments {
    /// Number of values.
    pub n: u64,
    /// Σ of the grid points.
    #[serde(with = "text")]
    pub sum: i128,
    /// Σ of the squared grid points.
    pub sum_sq: Wide,
}

impl FixedMoments {
    /// The largest magnitude kept exactly.
    pub const LIMIT: f64 = 32_768.0;

    /// Add one value.
    #[inline]
    pub fn push(&mut self, x: f64) {
        let g = to_grid(x);
        self.n += 1;
        self.sum += i128::from(g);
        self.sum_sq.add_i128(i128::from(g) * i128::from(g));
    }

    /// Combine with another accumulator (exact).
    pub fn merge(&mut self, o: &FixedMoments) {
        // Wrapping: sums read from a damaged file must not panic.
        self.n = self.n.wrapping_add(o.n);
        self.sum = self.sum.wrapping_add(o.sum);
        self.sum_sq.add(o.sum_sq);
    }

    /// Count, mean and M2: the mean rounded once from the exact sum, M2 from
    /// the exact centred sum of squares (rounded once, up to a term below n
    /// grid units squared).
    pub fn moments(&self) -> Moments {
        if self.n == 0 {
            return Moments::default();
        }
        let mean = self.sum as f64 / self.n as f64 / SCALE;
        let m2 = centred(self.n, self.sum, self.sum, self.sum_sq).max(0.0);
        Moments { n: self.n, mean, m2 }
    }
}

/// Σ(Xᵢ − X̄ᵢ)(Xⱼ − X̄ⱼ) in units of the grid squared, from n, ΣXᵢ, ΣXⱼ and
/// ΣXᵢXⱼ. With qᵢ = ⌊ΣXᵢ/n⌋ and rᵢ = ΣXᵢ − n·qᵢ (0 ≤ rᵢ < n), the centred sum
/// is Σ(Xᵢ − qᵢ)(Xⱼ − qⱼ) − rᵢrⱼ/n; the first term is an integer computed
/// exactly in wrapping 192-bit arithmetic (its value is small, so the wraps
/// of the large intermediate terms cancel), the second is below n.
fn centred(n: u64, sum_i: i128, sum_j: i128, products: Wide) -> f64 {
    let n128 = i128::from(n);
    let (qi, qj) = (sum_i.div_euclid(n128), sum_j.div_euclid(n128));
    let (ri, rj) = (sum_i - qi * n128, sum_j - qj * n128);
    // The means of values on the grid are grid points: they fit in 64 bits.
    let (qi64, qj64) = (qi as i64, qj as i64);
    let mut c = products;
    c.add(Wide::mul(sum_i, qj64).neg());
    c.add(Wide::mul(sum_j, qi64).neg());
    c.add(Wide::mul(i128::from(qi64) * i128::from(qj64), n as i64));
    (c.to_f64() - ri as f64 * rj as f64 / n as f64) / SCALE / SCALE
}

/// Count, ΣXᵢ and ΣXᵢXⱼ of k variables observed together (listwise), on
/// the grid: the exact, order-free counterpart of [`CoMoments`].
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct FixedCoMoments {
    /// Number of complete observations.
    pub n: u64,
    /// ΣXᵢ per variable.
    #[serde(with = "text_list")]
    pub sum: Vec<i128>,
    /// ΣXᵢXⱼ, upper triangle including the diagonal, row-major ((i, j), i ≤ j).
    pub products: Vec<Wide>,
}

impl FixedCoMoments {
    /// An empty accumulator for k variables.
    pub fn new(k: usize) -> Self {
        FixedCoMoments { n: 0, sum: vec![0; k], products: vec![Wide::default(); k * (k + 1) / 2] }
    }

    /// Number of variables.
    pub fn k(&self) -> usize {
        self.sum.len()
    }

    /// True when the parts have the sizes of `k` variables (a value read
    /// from a file may not).
    pub fn well_formed(&self, k: usize) -> bool {
        self.sum.len() == k && self.products.len() == k * (k + 1) / 2
    }

    /// Add one complete observation (`x.len() == k`).
    pub fn push(&mut self, x: &[f64]) {
        debug_assert_eq!(x.len(), self.k());
        let mut buf = [0i64; 33];
        let mut heap;
        let g: &mut [i64] = if x.len() <= buf.len() {
            &mut buf[..x.len()]
        } else {
            heap = vec![0; x.len()];
            &mut heap
        };
        for (g, &v) in g.iter_mut().zip(x) {
            *g = to_grid(v);
        }
        self.n += 1;
        let mut p = 0;
        for (i, &gi) in g.iter().enumerate() {
            self.sum[i] += i128::from(gi);
            for (s, &gj) in self.products[p..p + g.len() - i].iter_mut().zip(&g[i..]) {
                s.add_i128(i128::from(gi) * i128::from(gj));
            }
            p += g.len() - i;
        }
    }

    /// Combine with another accumulator over the same variables (exact).
    pub fn merge(&mut self, o: &FixedCoMoments) {
        self.n = self.n.wrapping_add(o.n);
        self.sum.iter_mut().zip(&o.sum).for_each(|(a, b)| *a = a.wrapping_add(*b));
        self.products.iter_mut().zip(&o.products).for_each(|(a, b)| a.add(*b));
    }

    /// Means and the co-moment matrix, each derived exactly and rounded once.
    pub fn comoments(&self) -> CoMoments {
        let k = self.k();
        let mut out = CoMoments::new(k);
        if self.n == 0 {
            return out;
        }
        out.n = self.n;
        for i in 0..k {
            out.mean[i] = self.sum[i] as f64 / self.n as f64 / SCALE;
        }
        let mut p = 0;
        for i in 0..k {
            for j in i..k {
                let c = centred(self.n, self.sum[i], self.sum[j], self.products[p]);
                let c = if i == j { c.max(0.0) } else { c };
                out.c[i * k + j] = c;
                out.c[j * k + i] = c;
                p += 1;
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_json_form_round_trips_through_a_json_value() {
        let mut f = FixedMoments::default();
        [99.5, 3.25, 77.0].iter().for_each(|&x| f.push(x));
        let v = serde_json::to_value(f).unwrap();
        assert_eq!(serde_json::from_value::<FixedMoments>(v).unwrap(), f);
        let mut c = FixedCoMoments::new(2);
        c.push(&[-5.0, 100.0]);
        let v = serde_json::to_value(&c).unwrap();
        assert_eq!(serde_json::from_value::<FixedCoMoments>(v).unwrap(), c);
        assert!(serde_json::from_str::<Wide>("\"12\"").is_err());
    }

    #[test]
    fn wide_products_and_sums_match_128_bit_arithmetic_where_it_fits() {
        for (a, b) in [(3i128, 5i64), (-7, 11), (1 << 100, -3), (-(1 << 90), -(1 << 30)), (0, -1)] {
            let w = Wide::mul(a, b);
            if let Some(p) = a.checked_mul(i128::from(b)) {
                assert_eq!(w, Wide::from_i128(p), "{a}·{b}");
            }
        }
        // 2^126 · 2^40 = 2^166 does not fit 128 bits: hi holds 2^38.
        let w = Wide::mul(1 << 126, 1 << 40);
        assert_eq!((w.lo, w.hi), (0, 1 << 38));
        assert_eq!(w.to_f64(), 2f64.powi(166));
        assert_eq!(w.neg().to_f64(), -(2f64.powi(166)));
        let mut s = Wide::from_i128(-5);
        s.add_i128(3);
        assert_eq!(s, Wide::from_i128(-2));
    }

    #[test]
    fn moments_match_a_two_pass_calculation_and_do_not_depend_on_order() {
        // Scores of the form k/7·100: not on the grid, so every value is rounded.
        let xs: Vec<f64> = (0..1000).map(|i| f64::from((i * 37) % 29) / 7.0 * 100.0 / 4.0).collect();
        let mean = xs.iter().sum::<f64>() / xs.len() as f64;
        let m2: f64 = xs.iter().map(|x| (x - mean).powi(2)).sum();
        let mut f = FixedMoments::default();
        xs.iter().for_each(|&x| f.push(x));
        let m = f.moments();
        assert_eq!(m.n, 1000);
        assert!((m.mean - mean).abs() < 1e-12 * mean, "{} {mean}", m.mean);
        assert!((m.m2 - m2).abs() < 1e-10 * m2, "{} {m2}", m.m2);
        let mut parts = [FixedMoments::default(); 3];
        for (i, &x) in xs.iter().enumerate().rev() {
            parts[i % 3].push(x);
        }
        let mut merged = parts[2];
        merged.merge(&parts[0]);
        merged.merge(&parts[1]);
        assert_eq!(merged, f);
        assert_eq!(merged.moments(), m);
    }

    #[test]
    fn a_constant_has_no_variance_and_large_values_stay_exact() {
        let mut f = FixedMoments::default();
        for _ in 0..10_000 {
            f.push(10_100.0);
        }
        let m = f.moments();
        assert_eq!((m.n, m.mean, m.m2), (10_000, 10_100.0, 0.0));
        // Beyond the limit: clamped, never wrapped.
        let mut g = FixedMoments::default();
        g.push(1e300);
        g.push(f64::NAN);
        assert_eq!(g.moments().mean, MAX_POINTS / SCALE / 2.0);
    }

    #[test]
    fn comoments_match_welford_and_are_order_free() {
        let rows: Vec<[f64; 3]> = (0..500)
            .map(|i| [f64::from(i % 17) * 6.25, f64::from((i * 7) % 13) / 3.0 * 25.0, f64::from(i % 5)])
            .collect();
        let mut welford = CoMoments::new(3);
        let mut fixed = FixedCoMoments::new(3);
        let mut parts = [FixedCoMoments::new(3), FixedCoMoments::new(3)];
        for (i, r) in rows.iter().enumerate() {
            welford.push(r);
            fixed.push(r);
            parts[i % 2].push(r);
        }
        let [mut a, b] = parts;
        a.merge(&b);
        assert_eq!(a, fixed);
        let c = fixed.comoments();
        assert_eq!(c.n, 500);
        for (x, y) in c.c.iter().zip(&welford.c).chain(c.mean.iter().zip(&welford.mean)) {
            assert!((x - y).abs() < 1e-9 * (1.0 + y.abs()), "{x} {y}");
        }
        assert_eq!(c.c[1], c.c[3]);
    }
}
