//! Decimal text → `f64` for answer cells, small in the browser module.
//!
//! [`parse_f64`] is `s.parse::<f64>().ok()`: the same grammar (optional
//! sign, digits with an optional `.` and exponent, `inf`, `infinity`, `nan`
//! in any case) and the same correctly rounded value (round half to even,
//! overflow to infinity, underflow to zero or a subnormal).
//!
//! Why a hand-written parser: the standard library's (Eisel–Lemire with a
//! table of 1,302 128-bit powers of five) costs ~18 KB of the `.wasm`, and
//! as random bits the table does not compress: ~14 KB of the gzipped
//! module. On `wasm32` this module parses instead
//! with Clinger's fast path (numbers of up to 15 digits with a decimal
//! exponent within ±22 are one exact IEEE multiplication or division) and,
//! for everything else, exact big-integer arithmetic, which is slow but
//! needs no tables; answer cells are small numbers, so it is rarely taken.
//! Elsewhere `parse_f64` calls the standard library. The tests check both
//! paths against `str::parse` on random, exact, halfway and near-halfway
//! inputs.

/// `s.parse::<f64>().ok()` (see the module docs).
pub(crate) fn parse_f64(s: &str) -> Option<f64> {
    #[cfg(not(target_arch = "wasm32"))]
    return s.parse().ok();
    #[cfg(target_arch = "wasm32")]
    return parse_compact(s);
}

/// Significant digits kept; further digits only count as "not zero". A
/// double or a halfway point between two doubles has at most 767
/// significant digits, so a number cut after 800 digits with a non-zero
/// digit appended is on the same side of every rounding boundary.
const MAX_DIGITS: usize = 800;

/// The wasm32 path of [`parse_f64`]; compiled everywhere so that native tests cover it.
#[cfg_attr(not(target_arch = "wasm32"), allow(dead_code))]
pub(crate) fn parse_compact(s: &str) -> Option<f64> {
    let b = s.as_bytes();
    let (negative, b) = match b.first() {
        Some(b'-') => (true, &b[1..]),
        Some(b'+') => (false, &b[1..]),
        _ => (false, b),
    };
    let v = match decimal(b) {
        Some(v) => v,
        None if b.eq_ignore_ascii_case(b"nan") => f64::NAN,
        None if b.eq_ignore_ascii_case(b"inf") || b.eq_ignore_ascii_case(b"infinity") => f64::INFINITY,
        None => return None,
    };
    Some(if negative { -v } else { v })
}

/// An unsigned decimal number (`12`, `1.5`, `.5`, `5.`, `1e-3` …).
fn decimal(b: &[u8]) -> Option<f64> {
    // The value is `digits` (as an integer) × 10^exp.
    let mut digits: Vec<u8> = Vec::new();
    let mut exp: i64 = 0;
    let mut seen = 0usize;
    let mut truncated = false;
    let mut i = 0;
    let mut after_dot = false;
    loop {
        match b.get(i) {
            Some(&c) if c.is_ascii_digit() => {
                let d = c - b'0';
                seen += 1;
                if digits.len() < MAX_DIGITS {
                    if !digits.is_empty() || d != 0 {
                        digits.push(d);
                    }
                    exp -= i64::from(after_dot);
                } else {
                    truncated |= d != 0;
                    exp += i64::from(!after_dot);
                }
            }
            Some(b'.') if !after_dot => after_dot = true,
            _ => break,
        }
        i += 1;
    }
    if seen == 0 {
        return None;
    }
    if let Some(c) = b.get(i)
        && (*c | 0x20) == b'e'
    {
        i += 1;
        let negative = b.get(i) == Some(&b'-');
        i += usize::from(matches!(b.get(i), Some(b'-' | b'+')));
        let start = i;
        let mut e: i64 = 0;
        while let Some(&c) = b.get(i).filter(|c| c.is_ascii_digit()) {
            // Saturates: beyond ±2^40 every value is infinite or zero anyway.
            if e < 1 << 40 {
                e = e * 10 + i64::from(c - b'0');
            }
            i += 1;
        }
        if i == start {
            return None;
        }
        exp += if negative { -e } else { e };
    }
    if i != b.len() {
        return None;
    }
    if truncated {
        digits.push(1);
        exp -= 1;
    }
    let n = digits.len() as i64;
    // value ∈ [10^(n+exp-1), 10^(n+exp)): the largest double is below 1e309,
    // and anything below 1e-324 is under half the smallest subnormal.
    if n == 0 || n + exp <= -324 {
        return Some(0.0);
    }
    if n + exp >= 310 {
        return Some(f64::INFINITY);
    }
    if n <= 15 && exp.abs() <= 22 {
        // Clinger's fast path: both operands are exact, so the one rounding
        // of the multiplication or division is the correct rounding.
        let m = digits.iter().fold(0u64, |m, &d| m * 10 + u64::from(d)) as f64;
        let p = (0..exp.abs()).fold(1.0f64, |p, _| p * 10.0); // exact up to 1e22
        return Some(if exp >= 0 { m * p } else { m / p });
    }
    Some(exact(&digits, exp))
}

/// digits × 10^exp, correctly rounded, by exact integer arithmetic: find s
/// with 2^52 ≤ q = ⌊num · 2^s / den⌋ < 2^53 (or s = 1074 for subnormals),
/// then round q half to even with the remainder; the value is q · 2^-s.
fn exact(digits: &[u8], exp: i64) -> f64 {
    let mut num = Big(vec![0]);
    for &d in digits {
        num.mul_add(10, u32::from(d));
    }
    let mut den = Big(vec![1]);
    let scale = if exp >= 0 { &mut num } else { &mut den };
    for _ in 0..exp.unsigned_abs() {
        scale.mul_add(10, 0);
    }
    let mut s = (52 + den.bits() - num.bits()).min(1074);
    let (q, round_up) = loop {
        let (n, d) = if s >= 0 { (num.shl(s as u64), den.clone()) } else { (num.clone(), den.shl(s.unsigned_abs())) };
        let (q, r) = n.div_small_quotient(&d);
        if q >= 1 << 53 {
            s -= 1;
        } else if q < 1 << 52 && s < 1074 {
            s += 1;
        } else {
            let twice = r.shl(1);
            let half = twice.cmp(&d);
            break (q, half.is_gt() || (half.is_eq() && q & 1 == 1));
        }
    };
    let mut q = q + u64::from(round_up);
    if q == 1 << 53 {
        q >>= 1;
        s -= 1;
    }
    // q · 2^-s with the hidden bit in q: biased exponent 1075 − s (1 for subnormals, q < 2^52).
    if s <= -972 {
        return f64::INFINITY;
    }
    f64::from_bits((((1074 - s) as u64) << 52) + q)
}

/// A non-negative big integer, 32-bit limbs, least significant first, no
/// leading zero limbs (except the single limb of zero).
#[derive(Clone)]
struct Big(Vec<u32>);

impl Big {
    fn trim(mut self) -> Self {
        while self.0.len() > 1 && self.0.last() == Some(&0) {
            self.0.pop();
        }
        self
    }

    /// self = self · m + a (no leading zero limb appears: the carry is pushed only when non-zero).
    fn mul_add(&mut self, m: u32, a: u32) {
        let mut carry = u64::from(a);
        for x in &mut self.0 {
            let t = u64::from(*x) * u64::from(m) + carry;
            *x = t as u32;
            carry = t >> 32;
        }
        if carry > 0 {
            self.0.push(carry as u32);
        }
    }

    fn bits(&self) -> i64 {
        let top = *self.0.last().unwrap_or(&0);
        (self.0.len() as i64 - 1) * 32 + i64::from(32 - top.leading_zeros())
    }

    fn shl(&self, n: u64) -> Big {
        let (limbs, bits) = ((n / 32) as usize, (n % 32) as u32);
        let mut out = vec![0u32; limbs];
        let mut carry = 0u32;
        for &x in &self.0 {
            out.push(if bits == 0 { x } else { (x << bits) | carry });
            carry = if bits == 0 { 0 } else { x >> (32 - bits) };
        }
        out.push(carry);
        Big(out).trim()
    }

    fn cmp(&self, other: &Big) -> std::cmp::Ordering {
        self.0.len().cmp(&other.0.len()).then_with(|| self.0.iter().rev().cmp(other.0.iter().rev()))
    }

    /// self − other (self ≥ other).
    fn sub(&self, other: &Big) -> Big {
        let mut out = Vec::with_capacity(self.0.len());
        let mut borrow = 0i64;
        for (i, &x) in self.0.iter().enumerate() {
            let t = i64::from(x) - i64::from(*other.0.get(i).unwrap_or(&0)) - borrow;
            borrow = i64::from(t < 0);
            out.push((t + (borrow << 32)) as u32);
        }
        Big(out).trim()
    }

    /// (⌊self / d⌋, self mod d) for a quotient below 2^55, by binary long division.
    fn div_small_quotient(&self, d: &Big) -> (u64, Big) {
        let mut r = self.clone();
        let mut q = 0u64;
        for i in (0..55).rev() {
            let t = d.shl(i);
            if r.cmp(&t).is_ge() {
                r = r.sub(&t);
                q |= 1 << i;
            }
        }
        (q, r)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn check(s: &str) {
        let want: Option<f64> = s.parse().ok();
        let got = parse_compact(s);
        assert_eq!(got.map(f64::to_bits), want.map(f64::to_bits), "{s:?}: got {got:?}, want {want:?}");
        assert_eq!(parse_f64(s).map(f64::to_bits), want.map(f64::to_bits), "{s:?}");
    }

    /// The exact decimal expansion of (2m + 1) · 2^(q − 1): the point halfway
    /// between the doubles m · 2^q and (m + 1) · 2^q.
    fn halfway(m: u64, q: i32) -> String {
        // Decimal digits, most significant first, and the count of digits after the point.
        let mut digits: Vec<u8> = (2 * m + 1).to_string().bytes().map(|b| b - b'0').collect();
        let mut frac = 0usize;
        let e = q - 1;
        // Multiply or divide by 2^k, k ≤ 8 at a time (2^-k has k decimal digits).
        let mut up = e.max(0);
        while up > 0 {
            let k = up.min(8);
            up -= k;
            let mut carry = 0u32;
            for d in digits.iter_mut().rev() {
                let t = u32::from(*d) * (1 << k) + carry;
                *d = (t % 10) as u8;
                carry = t / 10;
            }
            while carry > 0 {
                digits.insert(0, (carry % 10) as u8);
                carry /= 10;
            }
        }
        let mut down = (-e).max(0);
        while down > 0 {
            let k = down.min(8);
            down -= k;
            digits.extend(std::iter::repeat_n(0, k as usize));
            frac += k as usize;
            let mut rem = 0u32;
            for d in digits.iter_mut() {
                let t = rem * 10 + u32::from(*d);
                *d = (t >> k) as u8;
                rem = t & ((1 << k) - 1);
            }
        }
        let text: String = digits.iter().map(|d| char::from(b'0' + d)).collect();
        let (int, fr) = text.split_at(text.len() - frac);
        let int = int.trim_start_matches('0');
        let int = if int.is_empty() { "0" } else { int };
        if fr.is_empty() { int.to_owned() } else { format!("{int}.{fr}") }
    }

    #[test]
    fn grammar_and_special_values() {
        for s in [
            "",
            "+",
            "-",
            ".",
            "e",
            "e1",
            ".e1",
            "1e",
            "1e+",
            "1e-",
            "1.",
            ".5",
            "-.5",
            "+1",
            "++1",
            "+-1",
            "1..2",
            "1.2.3",
            "1e5",
            "1E5",
            "1e+5",
            "1e-5",
            "1e5.0",
            " 1",
            "1 ",
            "1_000",
            "0x10",
            "inf",
            "-INF",
            "+Infinity",
            "infinit",
            "infinityy",
            "nan",
            "NaN",
            "-nan",
            "nan1",
            "0",
            "-0",
            "0.0",
            "-0.0e10",
            "00012.5000",
            "1e400",
            "-1e400",
            "1e-400",
            "0e999999999999999999999",
            "1e99999999999999999999999",
            "1e-99999999999999999",
            "4",
            "4.0",
            "4.5",
            "3.9999999999999999999",
            "4.0000000000000000001",
            "0.1",
            "0.3",
            "123456789012345678",
            "9007199254740993",
            "9007199254740992.5",
            "1.7976931348623157e308",
            "1.7976931348623158e308",
            "1.7976931348623159e308",
            "2.2250738585072011e-308",
            "2.2250738585072012e-308",
            "4.9e-324",
            "2.4e-324",
            "2.5e-324",
            "2.4703282292062327e-324",
            "2.4703282292062328e-324",
            "1e23",
            "8.589973e9",
            "1e22",
            "1e-22",
            "123456789012345e-22",
            "1234567890123456e-22",
            "٣",
        ] {
            check(s);
        }
        check(&format!("0.{}1", "0".repeat(400)));
        check(&format!("1{}e-1000", "0".repeat(1000)));
        check(&format!("{}.5", "9".repeat(900)));
    }

    #[test]
    fn halfway_points_and_their_neighbours() {
        let cases = [
            (1u64 << 52, 0),
            ((1 << 53) - 1, 0),
            (1 << 52, -1074),
            (1, -1074),
            (12345, -1074),
            ((1 << 52) - 1, -1074),
            ((1 << 53) - 1, 971),
            (4_503_599_627_370_497, -52),
            (6_755_399_441_055_744, -60),
            (9_007_199_254_740_991, 10),
        ];
        for (m, q) in cases {
            let h = halfway(m, q);
            check(&h);
            check(&format!("{h}0000000000000000000000000001"));
            // Just below: the last digit one lower (halfway points end in 5 unless they are whole numbers).
            let (head, last) = h.split_at(h.len() - 1);
            if let Some(d) = last.bytes().next().filter(u8::is_ascii_digit) {
                check(&format!("{head}{}", (d - b'0').saturating_sub(1)));
            }
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(1000))]

        #[test]
        fn random_doubles_written_shortest_exactly_and_halfway(bits in any::<u64>(), cut in 1usize..40) {
            let x = f64::from_bits(bits);
            check(&x.to_string());
            check(&format!("{x:e}"));
            check(&format!("{x:.30e}"));
            if x.is_finite() && x != 0.0 {
                let exact = format!("{:.1100e}", x.abs());
                check(&exact);
                let (mantissa, e) = exact.split_once('e').unwrap();
                check(&format!("{}e{e}", &mantissa[..(cut + 1).min(mantissa.len())]));
                // The halfway point above |x|.
                let b = x.abs().to_bits();
                let (biased, frac) = ((b >> 52) as i32, b & ((1 << 52) - 1));
                let (m, q) = if biased == 0 { (frac, -1074) } else { (frac | 1 << 52, biased - 1075) };
                let h = halfway(m, q);
                check(&h);
                check(&format!("{h}1"));
            }
        }

        #[test]
        fn random_decimal_text(
            int in "[0-9]{0,25}",
            frac in proptest::option::of("[0-9]{0,25}"),
            exp in proptest::option::of(-350i32..350),
            sign in proptest::option::of("[+-]"),
        ) {
            let mut s = sign.unwrap_or_default();
            s.push_str(&int);
            if let Some(f) = frac {
                s.push('.');
                s.push_str(&f);
            }
            if let Some(e) = exp {
                s.push_str(&format!("e{e}"));
            }
            check(&s);
        }
    }
}
