//! Privacy: which groups and figures may be shown.
//!
//! Primary suppression hides every group (or figure) counted over fewer
//! respondents than the minimum reporting size, except empty ones (a count
//! of zero reveals nobody). Complementary suppression then hides further
//! groups wherever a parent total is shown beside its children (the wave
//! beside its sides, a side beside its departments, a department beside its
//! side × department cells), until no hidden group can be worked out by
//! subtracting the visible children from their parent, or by adding up the
//! children of a hidden parent.
//!
//! The rule applied to every relation `parent = child₁ + … + childₘ`, until
//! nothing changes:
//!
//! * parent shown: the hidden children must be none, or at least two whose
//!   combined count reaches the minimum (so neither one hidden child nor a
//!   small union of hidden children can be recovered); otherwise the
//!   smallest shown non-empty child is hidden too, or, when there is none,
//!   the parent;
//! * parent hidden: at least one non-empty child must be hidden (otherwise
//!   the parent is the sum of its children); otherwise the smallest shown
//!   non-empty child is hidden.
//!
//! This is the classic cell-suppression heuristic for hierarchical tables
//! (see Hundepool et al., *Statistical Disclosure Control*, Wiley 2012,
//! ch. 4); it guards against single-relation differencing, which is what a
//! reader of a scorecard can do with a calculator.

use serde::{Deserialize, Serialize};

/// Why a group or figure is not shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum SuppressionReason {
    /// Fewer respondents than the minimum reporting size.
    BelowMinimumSize,
    /// Hidden so that a smaller group cannot be worked out from the totals.
    Complementary,
    /// The group it belongs to is hidden.
    GroupSuppressed,
}

impl SuppressionReason {
    /// A sentence for people; `min` is the minimum reporting size.
    pub fn describe(self, min: u32) -> String {
        match self {
            SuppressionReason::BelowMinimumSize => format!("fewer than {min} respondents"),
            SuppressionReason::Complementary => {
                "hidden so that a smaller group cannot be worked out from the totals".into()
            }
            SuppressionReason::GroupSuppressed => "the group is hidden".into(),
        }
    }
}

/// A parent total and the disjoint children that add up to it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Relation {
    /// Index of the parent.
    pub parent: usize,
    /// Indices of the children.
    pub children: Vec<usize>,
}

/// Decide what is hidden. `counts[i]` is the respondent count behind entry
/// `i`; `forced[i]` marks entries already hidden for another reason (their
/// reason becomes [`SuppressionReason::GroupSuppressed`]). Returns, per
/// entry, `None` when it may be shown.
///
/// ```
/// use rapport::privacy::{suppress, Relation, SuppressionReason};
/// // A side of 30 with departments of 3, 12 and 15: the 3 is hidden, and the
/// // 12 with it, so the 3 cannot be found as 30 − 12 − 15.
/// let counts = [30, 3, 12, 15];
/// let rel = [Relation { parent: 0, children: vec![1, 2, 3] }];
/// let v = suppress(&counts, &[false; 4], &rel, 5);
/// assert_eq!(v, [None, Some(SuppressionReason::BelowMinimumSize), Some(SuppressionReason::Complementary), None]);
/// ```
pub fn suppress(counts: &[u64], forced: &[bool], relations: &[Relation], min: u32) -> Vec<Option<SuppressionReason>> {
    let min = u64::from(min);
    let mut out: Vec<Option<SuppressionReason>> = counts
        .iter()
        .zip(forced)
        .map(|(&n, &f)| {
            if f {
                Some(SuppressionReason::GroupSuppressed)
            } else if n > 0 && n < min {
                Some(SuppressionReason::BelowMinimumSize)
            } else {
                None
            }
        })
        .collect();
    // Each pass hides at least one more entry or stops, so this terminates
    // within counts.len() passes.
    loop {
        let mut changed = false;
        for rel in relations {
            let hidden: Vec<usize> =
                rel.children.iter().copied().filter(|&c| out[c].is_some() && counts[c] > 0).collect();
            let smallest_shown = rel
                .children
                .iter()
                .copied()
                .filter(|&c| out[c].is_none() && counts[c] > 0)
                .min_by_key(|&c| (counts[c], c));
            if out[rel.parent].is_none() {
                if hidden.is_empty() {
                    continue;
                }
                let hidden_total: u64 = hidden.iter().map(|&c| counts[c]).sum();
                if hidden.len() >= 2 && hidden_total >= min {
                    continue;
                }
                match smallest_shown {
                    Some(c) => out[c] = Some(SuppressionReason::Complementary),
                    None => out[rel.parent] = Some(SuppressionReason::Complementary),
                }
                changed = true;
            } else if hidden.is_empty()
                && let Some(c) = smallest_shown
            {
                out[c] = Some(SuppressionReason::Complementary);
                changed = true;
            }
        }
        if !changed {
            return out;
        }
    }
}

/// Check the guarantee of [`suppress`] on a result: for every relation with
/// a shown parent, the hidden non-empty children are none, or at least two
/// with a combined count of at least `min`; for every hidden parent with a
/// non-empty child, some non-empty child is hidden. Used by tests and
/// available to callers who build their own tables.
pub fn is_protected(counts: &[u64], hidden: &[bool], relations: &[Relation], min: u32) -> bool {
    let min = u64::from(min);
    let primary_ok = counts.iter().zip(hidden).all(|(&n, &h)| h || n == 0 || n >= min);
    primary_ok
        && relations.iter().all(|rel| {
            let hid: Vec<u64> =
                rel.children.iter().filter(|&&c| hidden[c] && counts[c] > 0).map(|&c| counts[c]).collect();
            if hidden[rel.parent] {
                let nonempty = rel.children.iter().any(|&c| counts[c] > 0);
                !nonempty || !hid.is_empty()
            } else {
                hid.is_empty() || (hid.len() >= 2 && hid.iter().sum::<u64>() >= min)
            }
        })
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn hidden(v: &[Option<SuppressionReason>]) -> Vec<bool> {
        v.iter().map(Option::is_some).collect()
    }

    #[test]
    fn nothing_hidden_when_all_large() {
        let counts = [30, 10, 20];
        let rel = [Relation { parent: 0, children: vec![1, 2] }];
        assert_eq!(suppress(&counts, &[false; 3], &rel, 5), [None, None, None]);
    }

    #[test]
    fn two_small_children_that_sum_below_minimum_hide_a_third() {
        // 2 + 2 = 4 < 5: the pair's union would be recoverable, so hide 8 as well.
        let counts = [40, 2, 2, 8, 28];
        let rel = [Relation { parent: 0, children: vec![1, 2, 3, 4] }];
        let v = suppress(&counts, &[false; 5], &rel, 5);
        assert_eq!(hidden(&v), [false, true, true, true, false]);
        assert_eq!(v[3], Some(SuppressionReason::Complementary));
    }

    #[test]
    fn a_lone_child_takes_its_parent_with_it() {
        // A side whose only department is small: the side equals the department.
        let counts = [20, 3, 17, 3, 17];
        // total = it + business; it = it·Legal; business = business·Sales
        let rel = [
            Relation { parent: 0, children: vec![1, 2] },
            Relation { parent: 1, children: vec![3] },
            Relation { parent: 2, children: vec![4] },
        ];
        let v = suppress(&counts, &[false; 5], &rel, 5);
        assert!(is_protected(&counts, &hidden(&v), &rel, 5));
        assert!(v[1].is_some() && v[3].is_some());
        // business must go too, otherwise it = total − business.
        assert!(v[2].is_some());
    }

    #[test]
    fn hidden_parent_with_all_children_shown_is_fixed() {
        // Parent forced hidden (e.g. its group is hidden elsewhere), children visible.
        let counts = [12, 6, 6];
        let rel = [Relation { parent: 0, children: vec![1, 2] }];
        let v = suppress(&counts, &[true, false, false], &rel, 5);
        assert!(is_protected(&counts, &hidden(&v), &rel, 5));
    }

    #[test]
    fn empty_children_are_not_sensitive() {
        let counts = [10, 0, 10];
        let rel = [Relation { parent: 0, children: vec![1, 2] }];
        assert_eq!(suppress(&counts, &[false; 3], &rel, 5), [None, None, None]);
    }

    /// A random two-way table: total, row margins, column margins and cells.
    fn table(cells: &[Vec<u64>]) -> (Vec<u64>, Vec<Relation>) {
        let r = cells.len();
        let c = cells[0].len();
        let mut counts = vec![cells.iter().flatten().sum::<u64>()];
        let rows0 = counts.len();
        for row in cells {
            counts.push(row.iter().sum());
        }
        let cols0 = counts.len();
        for j in 0..c {
            counts.push(cells.iter().map(|row| row[j]).sum());
        }
        let cells0 = counts.len();
        for row in cells {
            counts.extend(row.iter().copied());
        }
        let mut rel = vec![
            Relation { parent: 0, children: (rows0..rows0 + r).collect() },
            Relation { parent: 0, children: (cols0..cols0 + c).collect() },
        ];
        for i in 0..r {
            rel.push(Relation { parent: rows0 + i, children: (0..c).map(|j| cells0 + i * c + j).collect() });
        }
        for j in 0..c {
            rel.push(Relation { parent: cols0 + j, children: (0..r).map(|i| cells0 + i * c + j).collect() });
        }
        (counts, rel)
    }

    proptest! {
        #[test]
        fn every_random_two_way_table_is_protected(
            cells in prop::collection::vec(prop::collection::vec(0u64..12, 1..5), 1..5),
            min in 3u32..8,
        ) {
            let c = cells[0].len();
            let cells: Vec<Vec<u64>> = cells.into_iter().map(|mut r| { r.resize(c, 1); r }).collect();
            let (counts, rel) = table(&cells);
            let v = suppress(&counts, &vec![false; counts.len()], &rel, min);
            prop_assert!(is_protected(&counts, &hidden(&v), &rel, min));
            // Nothing under the minimum is ever shown.
            for (n, s) in counts.iter().zip(&v) {
                prop_assert!(*n == 0 || *n >= u64::from(min) || s.is_some());
            }
        }
    }
}
