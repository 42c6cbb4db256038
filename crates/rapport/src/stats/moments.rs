//! Mergeable moments.
//!
//! [`Moments`] holds count, mean and the sum of squared deviations (M2),
//! updated with Welford's algorithm and combined with the pairwise formula of
//! Chan, Golub & LeVeque (1979), "Updating formulae and a pairwise algorithm
//! for computing sample variances". [`CoMoments`] extends this to a vector
//! (means and the co-moment matrix; rapport uses it for dimension scores and
//! the overall rating in driver analysis).
//!
//! Item answers are scale points, whole numbers, so their co-moments are
//! kept as plain sums instead: [`SumCoMoments`] (listwise) and
//! [`PairwiseCoMoments`] (one [`Bivariate`] per item pair, for
//! pairwise-complete covariance as pandas' `DataFrame.cov` computes it).
//! Their sums are exact integers, an update is a few additions (the hot loop
//! of scoring: no division), and [`centered`] turns them into co-moments
//! exactly in 128-bit integers.
//!
//! Merging two accumulators gives the same statistics as accumulating the
//! union (exactly for the sums of whole numbers, up to floating-point
//! rounding for the moments), which is what lets rapport score a file in
//! chunks, in parallel, or on several machines.

use serde::{Deserialize, Serialize};

/// Count, mean and sum of squared deviations of a stream of numbers.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize, Deserialize)]
pub struct Moments {
    /// Number of values.
    pub n: u64,
    /// Running mean.
    pub mean: f64,
    /// Sum of squared deviations from the mean.
    pub m2: f64,
}

impl Moments {
    /// Add one value (Welford).
    #[inline]
    pub fn push(&mut self, x: f64) {
        self.n += 1;
        let d = x - self.mean;
        self.mean += d / self.n as f64;
        self.m2 += d * (x - self.mean);
    }

    /// Combine with another accumulator (Chan et al.).
    pub fn merge(&mut self, o: &Moments) {
        if o.n == 0 {
            return;
        }
        if self.n == 0 {
            *self = *o;
            return;
        }
        let n = self.n + o.n;
        let d = o.mean - self.mean;
        let (na, nb) = (self.n as f64, o.n as f64);
        self.mean += d * nb / n as f64;
        self.m2 += o.m2 + d * d * na * nb / n as f64;
        self.n = n;
    }

    /// Sample variance (divisor n − 1); `None` when n < 2.
    pub fn variance(&self) -> Option<f64> {
        (self.n >= 2).then(|| (self.m2 / (self.n - 1) as f64).max(0.0))
    }

    /// Sample standard deviation (divisor n − 1); `None` when n < 2.
    pub fn sd(&self) -> Option<f64> {
        self.variance().map(f64::sqrt)
    }

    /// Mean; `None` when empty.
    pub fn mean(&self) -> Option<f64> {
        (self.n > 0).then_some(self.mean)
    }
}

/// Means and co-moments of k variables observed together (listwise).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct CoMoments {
    /// Number of complete observations.
    pub n: u64,
    /// Per-variable means.
    pub mean: Vec<f64>,
    /// Row-major k×k matrix of co-moments Σ(xᵢ − x̄ᵢ)(xⱼ − x̄ⱼ).
    pub c: Vec<f64>,
}

impl CoMoments {
    /// An empty accumulator for k variables.
    pub fn new(k: usize) -> Self {
        CoMoments { n: 0, mean: vec![0.0; k], c: vec![0.0; k * k] }
    }

    /// Number of variables.
    pub fn k(&self) -> usize {
        self.mean.len()
    }

    /// True when the parts have the sizes of `k` variables (a value read
    /// from JSON may not).
    pub fn well_formed(&self, k: usize) -> bool {
        self.mean.len() == k && self.c.len() == k * k
    }

    /// Add one complete observation (`x.len() == k`).
    pub fn push(&mut self, x: &[f64]) {
        let k = self.k();
        debug_assert_eq!(x.len(), k);
        self.n += 1;
        let n = self.n as f64;
        // d_old = x − mean_old; mean_new = mean_old + d_old/n;
        // C_ij += d_old_i · (x_j − mean_new_j)
        let mut d_old = [0.0f64; 32];
        let d_old: &mut [f64] = if k <= 32 { &mut d_old[..k] } else { &mut vec![0.0; k][..] };
        for ((d, &xi), m) in d_old.iter_mut().zip(x).zip(self.mean.iter_mut()) {
            *d = xi - *m;
            *m += *d / n;
        }
        for (row, &di) in self.c.chunks_exact_mut(k).zip(d_old.iter()) {
            for ((c, &xj), &mj) in row.iter_mut().zip(x).zip(&self.mean) {
                *c += di * (xj - mj);
            }
        }
    }

    /// Combine with another accumulator over the same variables.
    pub fn merge(&mut self, o: &CoMoments) {
        if o.n == 0 {
            return;
        }
        if self.n == 0 {
            *self = o.clone();
            return;
        }
        let k = self.k();
        let (na, nb) = (self.n as f64, o.n as f64);
        let n = na + nb;
        for i in 0..k {
            for j in 0..k {
                let di = o.mean[i] - self.mean[i];
                let dj = o.mean[j] - self.mean[j];
                self.c[i * k + j] += o.c[i * k + j] + di * dj * na * nb / n;
            }
        }
        for i in 0..k {
            self.mean[i] += (o.mean[i] - self.mean[i]) * nb / n;
        }
        self.n += o.n;
    }

    /// Sample covariance matrix (divisor n − 1), row-major; `None` when n < 2.
    pub fn covariance(&self) -> Option<Vec<f64>> {
        (self.n >= 2).then(|| self.c.iter().map(|c| c / (self.n - 1) as f64).collect())
    }
}

/// Co-moments of k variables observed together (listwise), kept as plain
/// sums: n, Σxᵢ and Σxᵢxⱼ (upper triangle). For whole-number data — item
/// answers are scale points — every sum is an exact integer (below 2^53, so
/// up to billions of answers), adding an observation is a handful of
/// additions (no division, unlike Welford's update), merging is exact and
/// order-independent, and the co-moments are computed at the end in 128-bit
/// integer arithmetic with one rounding (see [`centered`]). For other data
/// the sums are ordinary floating-point sums (fine for bounded scales, but
/// prefer [`CoMoments`] for unbounded values).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct SumCoMoments {
    /// Number of complete observations.
    pub n: u64,
    /// Σxᵢ per variable.
    pub sum: Vec<f64>,
    /// Σxᵢxⱼ, upper triangle including the diagonal, row-major ((i, j), i ≤ j).
    pub sum_products: Vec<f64>,
}

impl SumCoMoments {
    /// An empty accumulator for k variables.
    pub fn new(k: usize) -> Self {
        SumCoMoments { n: 0, sum: vec![0.0; k], sum_products: vec![0.0; k * (k + 1) / 2] }
    }

    /// Number of variables.
    pub fn k(&self) -> usize {
        self.sum.len()
    }

    /// True when the parts have the sizes of `k` variables.
    pub fn well_formed(&self, k: usize) -> bool {
        self.sum.len() == k && self.sum_products.len() == k * (k + 1) / 2
    }

    /// Add one complete observation (`x.len() == k`).
    #[inline]
    pub fn push(&mut self, x: &[f64]) {
        debug_assert_eq!(x.len(), self.k());
        self.n += 1;
        let mut p = 0;
        for (i, &xi) in x.iter().enumerate() {
            self.sum[i] += xi;
            for (s, &xj) in self.sum_products[p..p + x.len() - i].iter_mut().zip(&x[i..]) {
                *s += xi * xj;
            }
            p += x.len() - i;
        }
    }

    /// Combine with another accumulator over the same variables (exact for
    /// whole-number data).
    pub fn merge(&mut self, o: &SumCoMoments) {
        self.n += o.n;
        self.sum.iter_mut().zip(&o.sum).for_each(|(a, b)| *a += b);
        self.sum_products.iter_mut().zip(&o.sum_products).for_each(|(a, b)| *a += b);
    }

    /// Mean of variable i; `None` when empty.
    pub fn mean(&self, i: usize) -> Option<f64> {
        (self.n > 0).then(|| self.sum[i] / self.n as f64)
    }

    /// The co-moment Σ(xᵢ − x̄ᵢ)(xⱼ − x̄ⱼ).
    pub fn comoment(&self, i: usize, j: usize) -> f64 {
        let (i, j) = if i <= j { (i, j) } else { (j, i) };
        let k = self.k();
        let p = i * k - i * (i + 1) / 2 + j;
        centered(self.n, self.sum[i], self.sum[j], self.sum_products[p])
    }

    /// Sample covariance matrix (divisor n − 1), row-major; `None` when n < 2.
    pub fn covariance(&self) -> Option<Vec<f64>> {
        let k = self.k();
        (self.n >= 2).then(|| {
            let d = (self.n - 1) as f64;
            (0..k * k).map(|ij| self.comoment(ij / k, ij % k) / d).collect()
        })
    }
}

/// Σ(x − x̄)(y − ȳ) from plain sums n, Σx, Σy, Σxy: (n·Σxy − Σx·Σy) / n.
/// When the sums are whole numbers below 2^53 (always so for scale points)
/// the numerator is computed exactly in 128-bit integers and the result is
/// rounded once; otherwise in floating point as Σxy − Σx·Σy/n.
#[inline]
pub fn centered(n: u64, sum_x: f64, sum_y: f64, sum_xy: f64) -> f64 {
    if n == 0 {
        return 0.0;
    }
    const EXACT: f64 = 9_007_199_254_740_992.0; // 2^53
    let whole = |v: f64| v.fract() == 0.0 && v.abs() < EXACT;
    if whole(sum_x) && whole(sum_y) && whole(sum_xy) {
        let num = i128::from(n) * (sum_xy as i128) - (sum_x as i128) * (sum_y as i128);
        num as f64 / n as f64
    } else {
        sum_xy - sum_x * sum_y / n as f64
    }
}

/// One bivariate accumulator per pair of k variables, each fed only when
/// both variables are observed (pairwise-complete deletion). The diagonal
/// pairs (i, i) accumulate every observation of variable i.
///
/// The pairs are allocated by the first observation: an accumulator that
/// has seen none (in a survey where most respondents answer every item,
/// most groups' incomplete-response accumulators) holds no memory, and
/// compares, serializes and reads as one of zeros.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct PairwiseCoMoments {
    k: usize,
    /// Upper triangle including the diagonal, row-major: (i, j) with i ≤ j;
    /// empty while every pair is zero.
    pairs: Vec<Bivariate>,
}

/// The pair every pair of an accumulator without observations reads as.
static ZERO_PAIR: Bivariate = Bivariate { n: 0, sum_x: 0.0, sum_y: 0.0, sum_xx: 0.0, sum_yy: 0.0, sum_xy: 0.0 };

impl PartialEq for PairwiseCoMoments {
    fn eq(&self, o: &PairwiseCoMoments) -> bool {
        let zero = |p: &[Bivariate]| p.iter().all(|b| *b == ZERO_PAIR);
        self.k == o.k
            && match (self.pairs.is_empty(), o.pairs.is_empty()) {
                (false, false) => self.pairs == o.pairs,
                (true, true) => true,
                (true, false) => zero(&o.pairs),
                (false, true) => zero(&self.pairs),
            }
    }
}

impl Serialize for PairwiseCoMoments {
    fn serialize<S: serde::Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut st = s.serialize_struct("PairwiseCoMoments", 2)?;
        st.serialize_field("k", &self.k)?;
        if self.pairs.is_empty() {
            st.serialize_field("pairs", &vec![ZERO_PAIR; self.k * (self.k + 1) / 2])?;
        } else {
            st.serialize_field("pairs", &self.pairs)?;
        }
        st.end()
    }
}

/// Plain sums of a pair of variables over the observations where both are
/// present: exact and order-independent for whole-number data, like
/// [`SumCoMoments`]; means, M2s and the co-moment are derived on demand.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize, Deserialize)]
pub struct Bivariate {
    /// Observations where both were present.
    pub n: u64,
    /// Σx over those observations.
    pub sum_x: f64,
    /// Σy over those observations.
    pub sum_y: f64,
    /// Σx²
    pub sum_xx: f64,
    /// Σy²
    pub sum_yy: f64,
    /// Σxy
    pub sum_xy: f64,
}

impl Bivariate {
    #[inline]
    fn push(&mut self, x: f64, y: f64) {
        self.n += 1;
        self.sum_x += x;
        self.sum_y += y;
        self.sum_xx += x * x;
        self.sum_yy += y * y;
        self.sum_xy += x * y;
    }

    fn merge(&mut self, o: &Bivariate) {
        self.n += o.n;
        self.sum_x += o.sum_x;
        self.sum_y += o.sum_y;
        self.sum_xx += o.sum_xx;
        self.sum_yy += o.sum_yy;
        self.sum_xy += o.sum_xy;
    }

    /// Mean of x; `None` when empty.
    pub fn mean_x(&self) -> Option<f64> {
        (self.n > 0).then(|| self.sum_x / self.n as f64)
    }
    /// Mean of y; `None` when empty.
    pub fn mean_y(&self) -> Option<f64> {
        (self.n > 0).then(|| self.sum_y / self.n as f64)
    }
    /// Σ(x − x̄)²
    pub fn m2_x(&self) -> f64 {
        centered(self.n, self.sum_x, self.sum_x, self.sum_xx)
    }
    /// Σ(y − ȳ)²
    pub fn m2_y(&self) -> f64 {
        centered(self.n, self.sum_y, self.sum_y, self.sum_yy)
    }
    /// Σ(x − x̄)(y − ȳ)
    pub fn c(&self) -> f64 {
        centered(self.n, self.sum_x, self.sum_y, self.sum_xy)
    }

    /// Sample covariance over the pair's complete observations.
    pub fn covariance(&self) -> Option<f64> {
        (self.n >= 2).then(|| self.c() / (self.n - 1) as f64)
    }
}

impl PairwiseCoMoments {
    /// True when the parts have the sizes of `k` variables.
    pub fn well_formed(&self, k: usize) -> bool {
        self.k == k && (self.pairs.is_empty() || self.pairs.len() == k * (k + 1) / 2)
    }

    /// Every pair's sums, upper triangle including the diagonal, row-major
    /// ((i, j), i ≤ j): for writing and reading saved aggregates.
    pub fn pairs_mut(&mut self) -> &mut [Bivariate] {
        self.allocate();
        &mut self.pairs
    }

    /// Every pair, zeros included, ready to be fed.
    fn allocate(&mut self) {
        if self.pairs.is_empty() {
            self.pairs = vec![Bivariate::default(); self.k * (self.k + 1) / 2];
        }
    }

    /// An empty accumulator for k variables.
    pub fn new(k: usize) -> Self {
        PairwiseCoMoments { k, pairs: Vec::new() }
    }

    /// The largest count of any pair (0 when empty).
    pub fn max_n(&self) -> u64 {
        self.pairs.iter().map(|p| p.n).max().unwrap_or(0)
    }

    /// Number of variables.
    pub fn k(&self) -> usize {
        self.k
    }

    fn idx(&self, i: usize, j: usize) -> usize {
        let (i, j) = if i <= j { (i, j) } else { (j, i) };
        // Row i of the upper triangle starts after i rows of lengths k, k−1, …
        i * self.k - i * (i + 1) / 2 + j
    }

    /// Add one observation; `None` entries are missing.
    pub fn push(&mut self, x: &[Option<f64>]) {
        debug_assert_eq!(x.len(), self.k);
        self.allocate();
        // Pairs are stored row by row (i, i..k), so walk them in that order.
        let mut p = 0;
        for (i, xi) in x.iter().enumerate() {
            let row = self.k - i;
            if let Some(xi) = *xi {
                for (pair, xj) in self.pairs[p..p + row].iter_mut().zip(&x[i..]) {
                    if let Some(xj) = *xj {
                        pair.push(xi, xj);
                    }
                }
            }
            p += row;
        }
    }

    /// Add the sums of complete observations (every variable present) to
    /// every pair.
    pub fn add_complete(&mut self, l: &SumCoMoments) {
        debug_assert_eq!(l.k(), self.k);
        if l.n == 0 {
            return;
        }
        self.allocate();
        let k = self.k;
        let diag = |i: usize| i * k - i * (i + 1) / 2 + i;
        let mut p = 0;
        for i in 0..k {
            for j in i..k {
                let pair = &mut self.pairs[p];
                pair.n += l.n;
                pair.sum_x += l.sum[i];
                pair.sum_y += l.sum[j];
                pair.sum_xx += l.sum_products[diag(i)];
                pair.sum_yy += l.sum_products[diag(j)];
                pair.sum_xy += l.sum_products[p];
                p += 1;
            }
        }
    }

    /// Combine with another accumulator over the same variables.
    pub fn merge(&mut self, o: &PairwiseCoMoments) {
        if o.pairs.is_empty() {
            return;
        }
        if self.pairs.is_empty() {
            self.pairs.clone_from(&o.pairs);
            return;
        }
        for (a, b) in self.pairs.iter_mut().zip(&o.pairs) {
            a.merge(b);
        }
    }

    /// The accumulator of pair (i, j).
    pub fn pair(&self, i: usize, j: usize) -> &Bivariate {
        if self.pairs.is_empty() {
            return &ZERO_PAIR;
        }
        &self.pairs[self.idx(i, j)]
    }

    /// Pairwise-complete sample covariance matrix (row-major); each entry uses
    /// the observations where both variables are present, the diagonal every
    /// observation of that variable (as pandas `DataFrame.cov`). `None` when
    /// some pair has fewer than 2 joint observations.
    pub fn covariance(&self) -> Option<Vec<f64>> {
        let k = self.k;
        let mut out = vec![0.0; k * k];
        for i in 0..k {
            for j in 0..k {
                out[i * k + j] = self.pair(i, j).covariance()?;
            }
        }
        Some(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn moments_match_hand_calculation() {
        // 2, 4, 4, 4, 5, 5, 7, 9: mean 5, Σ(x−5)² = 32, sample variance 32/7.
        let mut m = Moments::default();
        for x in [2.0, 4.0, 4.0, 4.0, 5.0, 5.0, 7.0, 9.0] {
            m.push(x);
        }
        assert_eq!(m.n, 8);
        assert!((m.mean - 5.0).abs() < 1e-15);
        assert!((m.variance().unwrap() - 32.0 / 7.0).abs() < 1e-12);
        assert_eq!(Moments::default().variance(), None);
    }

    #[test]
    fn merge_equals_union() {
        let xs: Vec<f64> = (0..50).map(|i| ((i * 37) % 11) as f64 * 0.7 + 1.0).collect();
        let mut all = Moments::default();
        xs.iter().for_each(|&x| all.push(x));
        let (a, b) = xs.split_at(17);
        let mut ma = Moments::default();
        a.iter().for_each(|&x| ma.push(x));
        let mut mb = Moments::default();
        b.iter().for_each(|&x| mb.push(x));
        ma.merge(&mb);
        assert_eq!(ma.n, all.n);
        assert!((ma.mean - all.mean).abs() < 1e-12);
        assert!((ma.m2 - all.m2).abs() < 1e-9);
    }

    #[test]
    fn comoments_covariance_matches_hand_calculation() {
        // x = 1,2,3,4 ; y = 2,4,5,9: cov = Σ(x−2.5)(y−5)/3 = (3+1.5+0+6)/3 = 3.5... computed:
        // (−1.5)(−3) + (−0.5)(−1) + (0.5)(0) + (1.5)(4) = 4.5 + 0.5 + 0 + 6 = 11 → 11/3
        let mut c = CoMoments::new(2);
        for (x, y) in [(1.0, 2.0), (2.0, 4.0), (3.0, 5.0), (4.0, 9.0)] {
            c.push(&[x, y]);
        }
        let cov = c.covariance().unwrap();
        assert!((cov[1] - 11.0 / 3.0).abs() < 1e-12);
        assert!((cov[2] - 11.0 / 3.0).abs() < 1e-12);
        assert!((cov[0] - 5.0 / 3.0).abs() < 1e-12);
        let mut a = CoMoments::new(2);
        a.push(&[1.0, 2.0]);
        let mut b = CoMoments::new(2);
        for (x, y) in [(2.0, 4.0), (3.0, 5.0), (4.0, 9.0)] {
            b.push(&[x, y]);
        }
        a.merge(&b);
        for (p, q) in a.c.iter().zip(&c.c) {
            assert!((p - q).abs() < 1e-12);
        }
    }

    #[test]
    fn pairwise_uses_pairwise_complete_rows() {
        let mut p = PairwiseCoMoments::new(2);
        p.push(&[Some(1.0), Some(2.0)]);
        p.push(&[Some(2.0), None]);
        p.push(&[Some(3.0), Some(6.0)]);
        p.push(&[None, Some(4.0)]);
        assert_eq!(p.pair(0, 0).n, 3);
        assert_eq!(p.pair(1, 1).n, 3);
        assert_eq!(p.pair(0, 1).n, 2);
        assert_eq!(p.pair(0, 1).mean_y(), Some(4.0));
        // var(x over 1,2,3) = 1; cov over rows (1,2),(3,6) = (−1)(−2)+(1)(2) = 4 / 1 = 4
        let cov = p.covariance().unwrap();
        assert!((cov[0] - 1.0).abs() < 1e-12);
        assert!((cov[1] - 4.0).abs() < 1e-12);
    }

    #[test]
    fn pairwise_without_observations_holds_nothing_and_reads_as_zeros() {
        let empty = PairwiseCoMoments::new(3);
        assert!(empty.pairs.is_empty());
        let mut zeros = PairwiseCoMoments::new(3);
        zeros.pairs_mut();
        assert_eq!(zeros.pairs.len(), 6);
        assert_eq!(empty, zeros);
        assert_eq!(serde_json::to_string(&empty).unwrap(), serde_json::to_string(&zeros).unwrap());
        assert!(empty.well_formed(3) && zeros.well_formed(3) && !empty.well_formed(2));
        assert_eq!(empty.pair(2, 1), &Bivariate::default());
        // Merging into an empty accumulator, or an empty one into another,
        // gives the sums of the one with observations.
        let mut fed = PairwiseCoMoments::new(3);
        fed.push(&[Some(1.0), None, Some(3.0)]);
        let mut a = PairwiseCoMoments::new(3);
        a.merge(&fed);
        assert_eq!(a, fed);
        a.merge(&empty);
        assert_eq!(a, fed);
        assert_ne!(a, empty);
        let back: PairwiseCoMoments = serde_json::from_str(&serde_json::to_string(&empty).unwrap()).unwrap();
        assert_eq!(back, empty);
    }

    #[test]
    fn sums_give_exact_comoments_for_whole_numbers_in_any_order() {
        // 1..=5 and their keyed reverse: Σ(x−3)² = 10, Σ(x−3)(y−3) = −10.
        let rows: Vec<[f64; 2]> = (1..=5).map(|x| [f64::from(x), f64::from(6 - x)]).collect();
        let mut all = SumCoMoments::new(2);
        rows.iter().for_each(|r| all.push(r));
        assert_eq!(all.comoment(0, 0), 10.0);
        assert_eq!(all.comoment(0, 1), -10.0);
        assert_eq!(all.comoment(1, 0), -10.0);
        assert_eq!(all.covariance().unwrap(), vec![2.5, -2.5, -2.5, 2.5]);
        assert_eq!(all.mean(1), Some(3.0));
        // Merging in another order gives the same sums, bit for bit.
        let mut a = SumCoMoments::new(2);
        rows[3..].iter().for_each(|r| a.push(r));
        let mut b = SumCoMoments::new(2);
        rows[..3].iter().for_each(|r| b.push(r));
        a.merge(&b);
        assert_eq!(a, all);
        // The Welford accumulator agrees.
        let mut w = CoMoments::new(2);
        rows.iter().for_each(|r| w.push(r));
        for (p, q) in w.covariance().unwrap().iter().zip(all.covariance().unwrap()) {
            assert!((p - q).abs() < 1e-12);
        }
    }

    #[test]
    fn centered_is_exact_where_the_float_formula_cancels() {
        // A million answers of 4 and 5 alternating: Σ(x − 4.5)² = 250 000 exactly.
        let n = 1_000_000u64;
        let (sx, sxx) = (4.5 * n as f64, (16.0 + 25.0) / 2.0 * n as f64);
        assert_eq!(centered(n, sx, sx, sxx), 250_000.0);
        // Non-integer sums take the floating-point formula.
        assert!((centered(2, 0.5, 0.5, 0.25) - 0.125).abs() < 1e-15);
        assert_eq!(centered(0, 0.0, 0.0, 0.0), 0.0);
    }
}
