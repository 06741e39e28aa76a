//! Choosing k: for each k in a range, the height at which the tree goes from k clusters to
//! k − 1, and the mean silhouette width of the cut at k.
//!
//! Silhouettes need every distance again (the condensed matrix was consumed by the linkage),
//! so each row's distances are recomputed once, in parallel, and summed by cluster of the cut
//! at the largest k. Every smaller cut is a union of those clusters, so one pass serves every
//! k: the sums of a k-cluster are the sums of its parts.

use ndarray::{Array2, Axis};
use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use super::distances::{squared, Postings};
use super::tree::{cut, Merge};
use super::vectors::Vectors;
use crate::progress::{self, Unit};

/// The diagnostics of one k.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct KChoice {
    /// Clusters in the cut, from 2.
    pub k: usize,
    /// The height of the merge that joins the last two of k clusters.
    pub height: f64,
    /// The mean silhouette width of the cut at k (−1 to 1; higher is better separated).
    pub silhouette: f64,
}

/// Diagnostics for k = 2 to `largest` (at most n − 1).
pub fn choice_of_k(
    vectors: &Vectors,
    postings: &Postings,
    merges: &[Merge],
    largest: usize,
) -> Vec<KChoice> {
    let n = vectors.len();
    let largest = largest.min(n.saturating_sub(1));
    if largest < 2 {
        return Vec::new();
    }
    let finest = cut(merges, n, largest);
    let sums = distance_sums(vectors, postings, &finest, largest);
    (2..=largest)
        .map(|k| {
            let labels = cut(merges, n, k);
            let mut part_of = vec![0usize; largest];
            for (&fine, &label) in finest.iter().zip(&labels) {
                part_of[fine] = label;
            }
            KChoice {
                k,
                height: merges[n - k].height,
                silhouette: mean_silhouette(&sums, &labels, &part_of, k),
            }
        })
        .collect()
}

/// An n × k table: for each row, the sum of its distances to the rows of each cluster of
/// `labels` (0-based, below `k`).
fn distance_sums(
    vectors: &Vectors,
    postings: &Postings,
    labels: &[usize],
    k: usize,
) -> Array2<f64> {
    let n = vectors.len();
    let mut sums = Array2::<f64>::zeros((n, k));
    let step = progress::start("choice of k", Unit::Posts, n as u64);
    sums.axis_iter_mut(Axis(0))
        .into_par_iter()
        .enumerate()
        .for_each_init(
            || vec![0.0f64; n],
            |dots, (i, mut row)| {
                dots.iter_mut().for_each(|d| *d = 0.0);
                postings.dots(vectors, i, true, dots);
                for j in (0..n).filter(|&j| j != i) {
                    row[labels[j]] += squared(vectors, i, j, dots[j]).max(0.0).sqrt();
                }
                step.advance(1);
            },
        );
    sums
}

/// The mean silhouette width of the cut at k, from the distance sums to the finer clusters
/// of `sums`; `part_of` maps each finer cluster to its cluster at k.
fn mean_silhouette(sums: &Array2<f64>, labels: &[usize], part_of: &[usize], k: usize) -> f64 {
    let mut sizes = vec![0usize; k];
    for &label in labels {
        sizes[label] += 1;
    }
    let total: f64 = sums
        .axis_iter(Axis(0))
        .zip(labels)
        .map(|(row, &own)| {
            let mut by_cluster = vec![0.0f64; k];
            for (fine, &sum) in row.iter().enumerate() {
                by_cluster[part_of[fine]] += sum;
            }
            if sizes[own] < 2 {
                return 0.0;
            }
            let a = by_cluster[own] / (sizes[own] - 1) as f64;
            let b = (0..k)
                .filter(|&c| c != own)
                .map(|c| by_cluster[c] / sizes[c] as f64)
                .fold(f64::INFINITY, f64::min);
            let spread = a.max(b);
            if spread > 0.0 {
                (b - a) / spread
            } else {
                0.0
            }
        })
        .sum();
    total / labels.len() as f64
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cluster::distances::condensed;
    use crate::cluster::tree::ward;
    use crate::cluster::vectors::vectors;
    use crate::config::{Normalize, Weighting};
    use crate::text::matrix::{english, index};

    /// Two tight groups: silhouette near 1 at k = 2, by hand.
    #[test]
    fn two_groups_have_a_high_silhouette_at_two() {
        let texts = ["vote", "vote", "march", "march"];
        let corpus = index(&texts, &english(false));
        let v = vectors(&corpus, Weighting::Tf, Normalize::None, 1);
        let postings = Postings::new(&v);
        let mut d = condensed(&v, &postings);
        let merges = ward(&mut d, v.len());
        let choices = choice_of_k(&v, &postings, &merges, 20);
        // k = 2: a = 0 for every row, b = sqrt(2): s = 1.
        assert_eq!(choices[0].k, 2);
        assert_eq!(choices[0].silhouette, 1.0);
        // k = 3: one group split into singletons (s = 0), the other whole (s = 1): mean 0.5.
        assert_eq!(choices[1].k, 3);
        assert_eq!(choices[1].silhouette, 0.5);
        assert_eq!(choices.len(), 2, "k stops at n − 1");
    }
}
