//! Johnson's relative weights: each predictor's share of the explained
//! variance R² of a linear model, fair under correlated predictors.
//!
//! Johnson, J. W. (2000), "A heuristic method for estimating the relative
//! weight of predictor variables in multiple regression", *Multivariate
//! Behavioral Research* 35(1). With R_xx = QΛQᵀ (eigendecomposition of the
//! predictors' correlation matrix), Λ½ = QΛ^{1/2}Qᵀ and β = Λ½⁻¹ r_xy, the raw
//! weight of predictor j is Σ_k Λ½\[j,k\]² β_k²; the raw weights sum to R².
//! The eigendecomposition is cyclic Jacobi (exact enough for the handful of
//! dimensions an instrument has).

use crate::estimate::NotEstimable;

/// Relative weights of k predictors.
#[derive(Debug, Clone, PartialEq)]
pub struct RelativeWeights {
    /// R² of the full linear model.
    pub r_squared: f64,
    /// Raw weight per predictor (sums to `r_squared`).
    pub raw: Vec<f64>,
    /// Share of R² per predictor (sums to 1).
    pub share: Vec<f64>,
}

/// Eigenvalues and eigenvectors (columns of `v`, row-major k×k) of a
/// symmetric matrix by cyclic Jacobi rotations.
pub fn symmetric_eigen(a: &[f64], k: usize) -> (Vec<f64>, Vec<f64>) {
    let mut a = a.to_vec();
    let mut v = vec![0.0; k * k];
    for i in 0..k {
        v[i * k + i] = 1.0;
    }
    for _sweep in 0..100 {
        let off: f64 = (0..k)
            .flat_map(|i| (0..k).filter(move |&j| j != i).map(move |j| (i, j)))
            .map(|(i, j)| a[i * k + j] * a[i * k + j])
            .sum();
        if off < 1e-30 {
            break;
        }
        for p in 0..k {
            for q in p + 1..k {
                let apq = a[p * k + q];
                if apq.abs() < 1e-300 {
                    continue;
                }
                let theta = (a[q * k + q] - a[p * k + p]) / (2.0 * apq);
                let t = theta.signum() / (theta.abs() + (theta * theta + 1.0).sqrt());
                let t = if theta == 0.0 { 1.0 } else { t };
                let c = 1.0 / (t * t + 1.0).sqrt();
                let s = t * c;
                for r in 0..k {
                    let (arp, arq) = (a[r * k + p], a[r * k + q]);
                    a[r * k + p] = c * arp - s * arq;
                    a[r * k + q] = s * arp + c * arq;
                }
                for r in 0..k {
                    let (apr, aqr) = (a[p * k + r], a[q * k + r]);
                    a[p * k + r] = c * apr - s * aqr;
                    a[q * k + r] = s * apr + c * aqr;
                }
                for r in 0..k {
                    let (vrp, vrq) = (v[r * k + p], v[r * k + q]);
                    v[r * k + p] = c * vrp - s * vrq;
                    v[r * k + q] = s * vrp + c * vrq;
                }
            }
        }
    }
    ((0..k).map(|i| a[i * k + i]).collect(), v)
}

/// Relative weights from the predictors' correlation matrix `rxx`
/// (row-major k×k) and their correlations with the outcome `rxy`.
///
/// A (near-)singular correlation matrix (a predictor that is a linear
/// combination of others) gives `SingularCorrelation`.
///
/// ```
/// use rapport::stats::relative_weights::relative_weights;
/// // Uncorrelated predictors: raw weights are the squared correlations.
/// let rw = relative_weights(&[1.0, 0.0, 0.0, 1.0], &[0.6, 0.3]).unwrap();
/// assert!((rw.raw[0] - 0.36).abs() < 1e-12 && (rw.raw[1] - 0.09).abs() < 1e-12);
/// assert!((rw.r_squared - 0.45).abs() < 1e-12);
/// ```
pub fn relative_weights(rxx: &[f64], rxy: &[f64]) -> Result<RelativeWeights, NotEstimable> {
    let k = rxy.len();
    if k == 0 || rxx.len() != k * k || rxx.iter().chain(rxy).any(|x| !x.is_finite()) {
        return Err(NotEstimable::NotFinite);
    }
    let (vals, vecs) = symmetric_eigen(rxx, k);
    if vals.iter().any(|&l| l <= 1e-10) {
        return Err(NotEstimable::SingularCorrelation);
    }
    // Λ½ = Q diag(√λ) Qᵀ and its inverse Q diag(1/√λ) Qᵀ.
    let build = |f: &dyn Fn(f64) -> f64| -> Vec<f64> {
        let mut m = vec![0.0; k * k];
        for i in 0..k {
            for j in 0..k {
                m[i * k + j] = (0..k).map(|e| vecs[i * k + e] * f(vals[e]) * vecs[j * k + e]).sum();
            }
        }
        m
    };
    let half = build(&|l| l.sqrt());
    let inv_half = build(&|l| 1.0 / l.sqrt());
    let beta: Vec<f64> = (0..k).map(|i| (0..k).map(|j| inv_half[i * k + j] * rxy[j]).sum()).collect();
    let raw: Vec<f64> =
        (0..k).map(|j| (0..k).map(|e| (half[j * k + e] * half[j * k + e]) * (beta[e] * beta[e])).sum()).collect();
    let r_squared: f64 = raw.iter().sum();
    if r_squared.partial_cmp(&0.0) != Some(std::cmp::Ordering::Greater) {
        return Err(NotEstimable::ZeroVariance);
    }
    let share = raw.iter().map(|r| r / r_squared).collect();
    Ok(RelativeWeights { r_squared, raw, share })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn raw_weights_sum_to_r_squared_of_the_regression() {
        // Two predictors with r12 = 0.5, r1y = 0.6, r2y = 0.4:
        // R² = (r1y² + r2y² − 2 r1y r2y r12) / (1 − r12²) = (0.36 + 0.16 − 0.24)/0.75.
        let rw = relative_weights(&[1.0, 0.5, 0.5, 1.0], &[0.6, 0.4]).unwrap();
        assert!((rw.r_squared - 0.28 / 0.75).abs() < 1e-12);
        assert!((rw.share.iter().sum::<f64>() - 1.0).abs() < 1e-12);
        assert!(rw.raw[0] > rw.raw[1]);
    }

    #[test]
    fn collinear_predictors_are_typed() {
        assert_eq!(relative_weights(&[1.0, 1.0, 1.0, 1.0], &[0.5, 0.5]), Err(NotEstimable::SingularCorrelation));
    }

    #[test]
    fn jacobi_diagonalises() {
        let a = [4.0, 1.0, 2.0, 1.0, 3.0, 0.5, 2.0, 0.5, 5.0];
        let (vals, v) = symmetric_eigen(&a, 3);
        // A v_e = λ_e v_e for every eigenpair.
        for e in 0..3 {
            for i in 0..3 {
                let av: f64 = (0..3).map(|j| a[i * 3 + j] * v[j * 3 + e]).sum();
                assert!((av - vals[e] * v[i * 3 + e]).abs() < 1e-10);
            }
        }
    }
}
