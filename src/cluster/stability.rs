//! How stable each cluster of the cut is when the posts are resampled: the clusterwise Jaccard
//! stability of Hennig (2007), as R's `fpc::clusterboot` computes it.
//!
//! Each run draws a resample of the clustered posts (`subset`: half of them without
//! replacement, `floor(n / 2)`; `boot`: n draws with replacement, each post kept once, in the
//! order first drawn), clusters it with the same vectors, Ward and k, and scores each original
//! cluster by its best Jaccard similarity with a cluster of the run, counted on the posts the
//! run holds (0 when neither holds any). A cluster's stability is the mean over runs; it is
//! dissolved in a run at 0.5 or below and recovered above 0.75, clusterboot's defaults.
//!
//! The resamples come from a seeded splitmix64 generator written here, so that they are the
//! same on every machine and version, and can be handed to R for the parity test
//! (`tests/fixtures/clusterboot/`). Runs are independent and run in parallel; each reuses the
//! document vectors and builds only its own distances, so its memory is that of a clustering
//! of the resample.

use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use super::distances::{self, Postings};
use super::tree;
use super::vectors::Vectors;
use crate::config::Resampling;
use crate::progress::{self, Unit};

/// A run's best Jaccard at or below this dissolves the cluster in that run (clusterboot's
/// `dissolution`).
pub const DISSOLVED_AT: f64 = 0.5;
/// A run's best Jaccard above this recovers the cluster in that run (clusterboot's `recover`).
pub const RECOVERED_ABOVE: f64 = 0.75;

/// The stability of one cluster of the cut.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ClusterStability {
    /// The mean over runs of the cluster's best Jaccard similarity with a cluster of the run.
    pub mean_jaccard: f64,
    /// Runs in which that best Jaccard was at most [`DISSOLVED_AT`].
    pub dissolved: usize,
    /// Runs in which it was above [`RECOVERED_ABOVE`].
    pub recovered: usize,
}

/// The resamples of `runs` runs over `n` posts: each the row numbers drawn, in the order
/// drawn (with repeats for `boot`; see [`points`]).
pub fn draw(n: usize, method: Resampling, runs: usize, seed: u64) -> Vec<Vec<usize>> {
    let mut generator = SplitMix64::new(seed);
    (0..runs)
        .map(|_| match method {
            Resampling::Subset => generator.without_replacement(n, n / 2),
            Resampling::Boot => (0..n).map(|_| generator.below(n)).collect(),
        })
        .collect()
}

/// The posts a run clusters: the draw with each post kept once, where first drawn (as R's
/// `unique`).
pub fn points(drawn: &[usize], n: usize) -> Vec<usize> {
    let mut seen = vec![false; n];
    drawn
        .iter()
        .copied()
        .filter(|&i| !std::mem::replace(&mut seen[i], true))
        .collect()
}

/// Each original cluster's best Jaccard in each run: `[cluster][run]`. `labels` is the cut of
/// all of `vectors` into `k` clusters (0-based); `draws` as [`draw`] gives them.
pub fn jaccards(
    vectors: &Vectors,
    labels: &[usize],
    k: usize,
    draws: &[Vec<usize>],
) -> Vec<Vec<f64>> {
    let n = vectors.len();
    let step = progress::start("stability", Unit::Runs, draws.len() as u64);
    let by_run: Vec<Vec<f64>> = draws
        .par_iter()
        .map(|drawn| {
            let rows = points(drawn, n);
            let run_labels = cluster_rows(vectors, &rows, k);
            let original: Vec<usize> = rows.iter().map(|&row| labels[row]).collect();
            step.advance(1);
            best_jaccards(&original, k, &run_labels)
        })
        .collect();
    drop(step);
    (0..k)
        .map(|c| by_run.iter().map(|run| run[c]).collect())
        .collect()
}

/// Mean, dissolutions and recoveries of each cluster, from [`jaccards`].
pub fn summarise(jaccards: &[Vec<f64>]) -> Vec<ClusterStability> {
    jaccards
        .iter()
        .map(|runs| ClusterStability {
            mean_jaccard: runs.iter().sum::<f64>() / runs.len().max(1) as f64,
            dissolved: runs.iter().filter(|&&j| j <= DISSOLVED_AT).count(),
            recovered: runs.iter().filter(|&&j| j > RECOVERED_ABOVE).count(),
        })
        .collect()
}

/// Ward on the rows `rows` of `vectors`, cut into `k` clusters (at most the rows).
fn cluster_rows(vectors: &Vectors, rows: &[usize], k: usize) -> Vec<usize> {
    let chosen = vectors.select(rows);
    let mut condensed = distances::condensed(&chosen, &Postings::new(&chosen));
    let merges = tree::ward(&mut condensed, chosen.len());
    tree::cut(&merges, chosen.len(), k)
}

/// For each of the `k` clusters of `original` (0-based labels of the same points as
/// `other`), its largest Jaccard similarity with a cluster of `other`; 0 when the cluster
/// has no point here (clusterboot's `zerobyzero = 0`).
pub fn best_jaccards(original: &[usize], k: usize, other: &[usize]) -> Vec<f64> {
    let other_k = other.iter().max().map_or(0, |&m| m + 1);
    let mut both = vec![0usize; k * other_k];
    let (mut sizes, mut other_sizes) = (vec![0usize; k], vec![0usize; other_k]);
    for (&a, &b) in original.iter().zip(other) {
        both[a * other_k + b] += 1;
        sizes[a] += 1;
        other_sizes[b] += 1;
    }
    (0..k)
        .map(|a| {
            (0..other_k)
                .map(|b| jaccard(both[a * other_k + b], sizes[a], other_sizes[b]))
                .fold(0.0, f64::max)
        })
        .collect()
}

/// `|A ∩ B| / |A ∪ B|`, 0 when both are empty.
pub fn jaccard(both: usize, a: usize, b: usize) -> f64 {
    let union = a + b - both;
    if union == 0 {
        0.0
    } else {
        both as f64 / union as f64
    }
}

/// Steele, Lea and Flood's splitmix64: a small generator whose stream is fixed by its seed.
struct SplitMix64(u64);

impl SplitMix64 {
    fn new(seed: u64) -> Self {
        SplitMix64(seed)
    }

    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// A uniform integer below `n` (> 0), without modulo bias (Lemire's method).
    fn below(&mut self, n: usize) -> usize {
        let n = n as u64;
        let threshold = n.wrapping_neg() % n;
        loop {
            let product = u128::from(self.next()) * u128::from(n);
            if (product as u64) >= threshold {
                return (product >> 64) as usize;
            }
        }
    }

    /// `m` distinct integers below `n`, in the order drawn (a partial Fisher-Yates shuffle).
    fn without_replacement(&mut self, n: usize, m: usize) -> Vec<usize> {
        let mut pool: Vec<usize> = (0..n).collect();
        for i in 0..m.min(n) {
            let j = i + self.below(n - i);
            pool.swap(i, j);
        }
        pool.truncate(m.min(n));
        pool
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cluster::vectors::vectors;
    use crate::config::{Normalize, Weighting};
    use crate::text::matrix::{english, index};

    #[test]
    fn jaccard_by_hand() {
        // Original clusters {0, 1, 2} and {3}; the run's {0, 1} and {2, 3}.
        let best = best_jaccards(&[0, 0, 0, 1], 2, &[0, 0, 1, 1]);
        // Cluster 0: with {0, 1} 2/3, with {2, 3} 1/4: 2/3. Cluster 1: with {2, 3} 1/2.
        assert_eq!(best, [2.0 / 3.0, 0.5]);
        // A cluster without a point in the run scores 0.
        assert_eq!(best_jaccards(&[0, 0], 2, &[0, 0]), [1.0, 0.0]);
        assert_eq!(jaccard(0, 0, 0), 0.0);
    }

    #[test]
    fn draws_are_fixed_by_the_seed() {
        let a = draw(10, Resampling::Subset, 3, 7);
        assert_eq!(a, draw(10, Resampling::Subset, 3, 7));
        assert_ne!(a, draw(10, Resampling::Subset, 3, 8));
        for run in &a {
            assert_eq!(run.len(), 5);
            let mut sorted = run.clone();
            sorted.sort_unstable();
            sorted.dedup();
            assert_eq!(sorted.len(), 5, "{run:?}");
        }
        let boot = draw(10, Resampling::Boot, 2, 7);
        assert!(boot
            .iter()
            .all(|run| run.len() == 10 && run.iter().all(|&i| i < 10)));
        assert_eq!(points(&[3, 1, 3, 0, 1], 5), [3, 1, 0]);
    }

    #[test]
    fn the_generator_is_splitmix64() {
        // The first outputs of splitmix64 seeded with 1234567 (Vigna's reference code).
        let mut g = SplitMix64::new(1_234_567);
        assert_eq!(g.next(), 6_457_827_717_110_365_317);
        assert_eq!(g.next(), 3_203_168_211_198_807_973);
    }

    #[test]
    fn two_far_groups_are_stable_in_every_run() {
        let texts: Vec<&str> = (0..40)
            .map(|i| {
                if i % 2 == 0 {
                    "vote ballot"
                } else {
                    "march rally"
                }
            })
            .collect();
        let corpus = index(&texts, &english(false));
        let v = vectors(&corpus, Weighting::Tf, Normalize::L2, 1);
        let labels: Vec<usize> = (0..40).map(|i| i % 2).collect();
        let draws = draw(v.len(), Resampling::Subset, 5, 1);
        let found = summarise(&jaccards(&v, &labels, 2, &draws));
        for cluster in found {
            assert_eq!(cluster.mean_jaccard, 1.0);
            assert_eq!((cluster.dissolved, cluster.recovered), (0, 5));
        }
    }
}
