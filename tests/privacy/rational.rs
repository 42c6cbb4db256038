//! Exact linear algebra for the attacker: rationals on `i128` (reduced by the
//! gcd after every operation, every operation checked so an overflow panics
//! instead of giving a wrong answer) and a row space kept in reduced row
//! echelon form, to which rows are added one at a time.
//!
//! `i128` is enough here: the matrices are 0/1 indicator rows of groups over
//! at most a few hundred cells, and their reduced forms have small entries.
//! A big-integer crate would only matter if that stopped being true, and the
//! checked arithmetic would say so loudly.

use std::collections::BTreeMap;
use std::fmt;

/// A reduced fraction with a positive denominator.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub struct Q {
    n: i128,
    d: i128,
}

fn checked<T>(v: Option<T>) -> T {
    v.expect("i128 overflow in exact elimination")
}

fn gcd(a: i128, b: i128) -> i128 {
    let (mut a, mut b) = (checked(a.checked_abs()), checked(b.checked_abs()));
    while b != 0 {
        (a, b) = (b, a % b);
    }
    a
}

impl Q {
    pub const ZERO: Q = Q { n: 0, d: 1 };
    pub const ONE: Q = Q { n: 1, d: 1 };

    pub fn int(v: i64) -> Q {
        Q { n: i128::from(v), d: 1 }
    }

    fn new(n: i128, d: i128) -> Q {
        assert!(d != 0, "division by zero");
        if n == 0 {
            return Q::ZERO;
        }
        let g = gcd(n, d);
        let (mut n, mut d) = (n / g, d / g);
        if d < 0 {
            n = checked(n.checked_neg());
            d = checked(d.checked_neg());
        }
        Q { n, d }
    }

    pub fn is_zero(self) -> bool {
        self.n == 0
    }

    /// The value as a whole number, when it is one.
    pub fn as_int(self) -> Option<i128> {
        (self.d == 1).then_some(self.n)
    }

    pub fn neg(self) -> Q {
        Q { n: checked(self.n.checked_neg()), d: self.d }
    }

    pub fn add(self, o: Q) -> Q {
        if self.d == 1 && o.d == 1 {
            return Q { n: checked(self.n.checked_add(o.n)), d: 1 };
        }
        let g = gcd(self.d, o.d);
        let d = checked((self.d / g).checked_mul(o.d));
        let n = checked(checked(self.n.checked_mul(o.d / g)).checked_add(checked(o.n.checked_mul(self.d / g))));
        Q::new(n, d)
    }

    pub fn sub(self, o: Q) -> Q {
        self.add(o.neg())
    }

    pub fn mul(self, o: Q) -> Q {
        if self.n == 0 || o.n == 0 {
            return Q::ZERO;
        }
        if self.d == 1 && o.d == 1 {
            return Q { n: checked(self.n.checked_mul(o.n)), d: 1 };
        }
        let g1 = gcd(self.n, o.d);
        let g2 = gcd(o.n, self.d);
        let n = checked((self.n / g1).checked_mul(o.n / g2));
        let d = checked((self.d / g2).checked_mul(o.d / g1));
        Q::new(n, d)
    }

    pub fn div(self, o: Q) -> Q {
        assert!(!o.is_zero(), "division by zero");
        self.mul(Q::new(o.d, o.n))
    }

    pub fn to_f64(self) -> f64 {
        self.n as f64 / self.d as f64
    }
}

impl fmt::Display for Q {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.d == 1 { write!(f, "{}", self.n) } else { write!(f, "{}/{}", self.n, self.d) }
    }
}

/// A combination of inserted rows: row number (in insertion order) → coefficient.
pub type Combination = BTreeMap<usize, Q>;

fn add_scaled(into: &mut Combination, from: &Combination, factor: Q) {
    for (&i, &c) in from {
        let v = into.get(&i).copied().unwrap_or(Q::ZERO).add(c.mul(factor));
        if v.is_zero() {
            into.remove(&i);
        } else {
            into.insert(i, v);
        }
    }
}

/// The span of the rows inserted so far, in reduced row echelon form. With
/// `tracking`, each basis row also remembers which combination of the
/// inserted rows it is, so that a vector in the span can be written as a
/// combination of the inserted rows ([`RowSpace::express`]).
#[derive(Clone, Debug)]
pub struct RowSpace {
    width: usize,
    rows: Vec<Vec<Q>>,
    pivots: Vec<usize>,
    combos: Option<Vec<Combination>>,
    inserted: usize,
}

impl RowSpace {
    pub fn new(width: usize) -> RowSpace {
        RowSpace { width, rows: Vec::new(), pivots: Vec::new(), combos: None, inserted: 0 }
    }

    pub fn tracking(width: usize) -> RowSpace {
        RowSpace { combos: Some(Vec::new()), ..RowSpace::new(width) }
    }

    pub fn rank(&self) -> usize {
        self.rows.len()
    }

    /// Subtract from `v` its part in the span; `combo` collects the
    /// combination of inserted rows that was subtracted.
    fn reduce(&self, v: &mut [Q], mut combo: Option<&mut Combination>) {
        assert_eq!(v.len(), self.width);
        for (r, row) in self.rows.iter().enumerate() {
            let f = v[self.pivots[r]];
            if f.is_zero() {
                continue;
            }
            for (x, &y) in v.iter_mut().zip(row) {
                if !y.is_zero() {
                    *x = x.sub(f.mul(y));
                }
            }
            if let (Some(c), Some(combos)) = (combo.as_deref_mut(), &self.combos) {
                add_scaled(c, &combos[r], f);
            }
        }
    }

    /// Add a row; true when it was not already in the span.
    pub fn insert(&mut self, mut v: Vec<Q>) -> bool {
        let index = self.inserted;
        self.inserted += 1;
        let mut used = Combination::new();
        let tracking = self.combos.is_some();
        self.reduce(&mut v, tracking.then_some(&mut used));
        let Some(pivot) = v.iter().position(|x| !x.is_zero()) else {
            return false;
        };
        let scale = v[pivot];
        for x in &mut v {
            *x = x.div(scale);
        }
        // This row's combination: itself minus what was subtracted, scaled.
        let mut own = Combination::new();
        if tracking {
            own.insert(index, Q::ONE);
            add_scaled(&mut own, &used, Q::ONE.neg());
            for c in own.values_mut() {
                *c = c.div(scale);
            }
        }
        // Keep the form reduced: clear the new pivot column from older rows.
        for r in 0..self.rows.len() {
            let f = self.rows[r][pivot];
            if f.is_zero() {
                continue;
            }
            for (x, &y) in self.rows[r].iter_mut().zip(&v) {
                if !y.is_zero() {
                    *x = x.sub(f.mul(y));
                }
            }
            if let Some(combos) = &mut self.combos {
                let mut c = std::mem::take(&mut combos[r]);
                add_scaled(&mut c, &own, f.neg());
                combos[r] = c;
            }
        }
        self.rows.push(v);
        self.pivots.push(pivot);
        if let Some(combos) = &mut self.combos {
            combos.push(own);
        }
        true
    }

    /// Whether `v` is a linear combination of the inserted rows.
    pub fn contains(&self, v: &[Q]) -> bool {
        let mut v = v.to_vec();
        self.reduce(&mut v, None);
        v.iter().all(|x| x.is_zero())
    }

    /// `v` as a combination of the inserted rows (needs `tracking`).
    pub fn express(&self, v: &[Q]) -> Option<Combination> {
        assert!(self.combos.is_some(), "express needs a tracking row space");
        let mut v = v.to_vec();
        let mut combo = Combination::new();
        self.reduce(&mut v, Some(&mut combo));
        v.iter().all(|x| x.is_zero()).then_some(combo)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(xs: &[i64]) -> Vec<Q> {
        xs.iter().map(|&x| Q::int(x)).collect()
    }

    #[test]
    fn fractions_reduce_and_keep_the_sign_below() {
        let a = Q::new(6, -4);
        assert_eq!(a.to_string(), "-3/2");
        assert_eq!(a.add(Q::new(1, 2)), Q::int(-1));
        assert_eq!(a.mul(Q::new(-2, 3)), Q::ONE);
        assert_eq!(Q::int(3).div(Q::int(6)).to_string(), "1/2");
    }

    #[test]
    #[should_panic(expected = "overflow")]
    fn overflow_panics() {
        let big = Q::int(i64::MAX);
        let mut x = big;
        for _ in 0..4 {
            x = x.mul(big);
        }
    }

    #[test]
    fn span_membership_and_the_combination() {
        // total, D3 and R0 over the cells [D0R0, D1R0, D2R3, D3R1, D3R2].
        let mut s = RowSpace::tracking(5);
        assert!(s.insert(row(&[1, 1, 1, 1, 1])));
        assert!(s.insert(row(&[0, 0, 0, 1, 1])));
        assert!(s.insert(row(&[1, 1, 0, 0, 0])));
        assert!(!s.insert(row(&[1, 1, 1, 0, 0])));
        assert_eq!(s.rank(), 3);
        let victim = row(&[0, 0, 1, 0, 0]);
        assert!(s.contains(&victim));
        let c = s.express(&victim).unwrap();
        let written: Vec<(usize, String)> = c.iter().map(|(&i, q)| (i, q.to_string())).collect();
        assert_eq!(written, vec![(0, "1".into()), (1, "-1".into()), (2, "-1".into())]);
        assert!(!s.contains(&row(&[1, 0, 0, 0, 0])));
    }
}
