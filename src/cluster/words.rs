//! What each cluster is about: its top words by mean weight, its distinctive words, and its
//! most typical posts.
//!
//! The mean weight of a term over a cluster's documents is the cluster's centroid, and is what
//! the paper's Table 5 lists. It favours words frequent everywhere, so beside it stands the
//! log-odds ratio with an informative Dirichlet prior (Monroe, Colaresi and Quinn 2008,
//! "Fightin' Words"): a z-score of how much more a cluster uses a word than the rest of the
//! corpus, shrunk towards the corpus's own rates so rare words do not top the list by chance.

use ndarray::{Array2, ArrayView1, Axis};
use serde::{Deserialize, Serialize};

use super::vectors::Vectors;
use crate::text::matrix::Indexed;

/// The weight of the prior, in words: α_w = PRIOR_WORDS · (corpus rate of w). Monroe et al.
/// leave the scale to the analyst; 500 words lets a few hundred occurrences in a cluster
/// outweigh it.
pub const PRIOR_WORDS: f64 = 500.0;

/// A word of a cluster, with its surface form and score.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ScoredWord {
    /// The stem, as in the vocabulary (what `top_words` and the CSV list).
    pub term: String,
    /// The word the stem most often stands for, shown in brackets after it in Table 5.
    pub form: String,
    /// The mean weight over the cluster (`by_mean`) or the log-odds z-score (`distinctive`);
    /// lists run from the highest.
    pub score: f64,
}

/// Each cluster's centroid, a row of a k × V table: the mean weight of every term over the
/// cluster's rows. `labels` are 0-based.
pub fn centroids(vectors: &Vectors, labels: &[usize], k: usize) -> Array2<f64> {
    let mut sums = Array2::<f64>::zeros((k, vectors.vocabulary));
    let mut sizes = vec![0usize; k];
    for (i, &label) in labels.iter().enumerate() {
        let (terms, weights) = vectors.row(i);
        sizes[label] += 1;
        for (&t, &w) in terms.iter().zip(weights) {
            sums[[label, t as usize]] += w;
        }
    }
    for (mut sum, &size) in sums.axis_iter_mut(Axis(0)).zip(&sizes) {
        sum /= size.max(1) as f64;
    }
    sums
}

/// The `top` terms of highest mean weight (above 0; ties by term).
pub fn top_by_mean(centroid: ArrayView1<f64>, indexed: &Indexed, top: usize) -> Vec<ScoredWord> {
    best(centroid, indexed, top, |w| w > 0.0)
}

fn best(
    scores: ArrayView1<f64>,
    indexed: &Indexed,
    top: usize,
    keep: impl Fn(f64) -> bool,
) -> Vec<ScoredWord> {
    let stems = &indexed.vocabulary.stems;
    let mut ranked: Vec<usize> = (0..scores.len()).filter(|&t| keep(scores[t])).collect();
    ranked.sort_by(|&a, &b| {
        scores[b]
            .total_cmp(&scores[a])
            .then_with(|| stems[a].cmp(&stems[b]))
    });
    ranked
        .into_iter()
        .take(top)
        .map(|t| ScoredWord {
            term: stems[t].clone(),
            form: indexed.vocabulary.forms[t].clone(),
            score: scores[t],
        })
        .collect()
}

/// The `top` words of each cluster by the z-score of the log-odds ratio (cluster against the
/// rest), on raw counts of the clustering's terms.
pub fn distinctive(
    vectors: &Vectors,
    indexed: &Indexed,
    labels: &[usize],
    k: usize,
    top: usize,
) -> Vec<Vec<ScoredWord>> {
    let counts = cluster_counts(vectors, indexed, labels, k);
    // Summed in row order, term by term: ndarray's own sums pair terms up, which would move
    // the last bits of every score.
    let mut total = vec![0.0f64; vectors.vocabulary];
    for cluster in counts.axis_iter(Axis(0)) {
        total.iter_mut().zip(cluster).for_each(|(t, c)| *t += c);
    }
    let all: f64 = total.iter().sum();
    counts
        .axis_iter(Axis(0))
        .map(|cluster| {
            let n_c: f64 = cluster.iter().sum();
            let n_r = all - n_c;
            let z: ndarray::Array1<f64> = (0..vectors.vocabulary)
                .map(|t| {
                    if total[t] == 0.0 {
                        return f64::NEG_INFINITY;
                    }
                    let alpha = PRIOR_WORDS * total[t] / all;
                    let (y_c, y_r) = (cluster[t], total[t] - cluster[t]);
                    let odds = |y: f64, n: f64| ((y + alpha) / (n + PRIOR_WORDS - y - alpha)).ln();
                    let delta = odds(y_c, n_c) - odds(y_r, n_r);
                    delta / (1.0 / (y_c + alpha) + 1.0 / (y_r + alpha)).sqrt()
                })
                .collect();
            best(z.view(), indexed, top, |s| s > 0.0)
        })
        .collect()
}

/// Raw counts of the clustering's terms, summed by cluster: a k × V table.
fn cluster_counts(vectors: &Vectors, indexed: &Indexed, labels: &[usize], k: usize) -> Array2<f64> {
    let mut counts = Array2::<f64>::zeros((k, vectors.vocabulary));
    for (i, &label) in labels.iter().enumerate() {
        let (kept, _) = vectors.row(i);
        let (terms, raw) = indexed.matrix.row(vectors.documents[i]);
        for (&t, &c) in terms.iter().zip(raw) {
            if kept.binary_search(&t).is_ok() {
                counts[[label, t as usize]] += f64::from(c);
            }
        }
    }
    counts
}

/// The rows closest to their cluster's centroid, `per_cluster` of each, by cluster.
pub fn typical(
    vectors: &Vectors,
    labels: &[usize],
    centroids: &Array2<f64>,
    per_cluster: usize,
) -> Vec<Vec<usize>> {
    let squares = squared_norms(centroids);
    let mut ranked: Vec<Vec<(f64, usize)>> = vec![Vec::new(); centroids.nrows()];
    for (i, &label) in labels.iter().enumerate() {
        let (terms, weights) = vectors.row(i);
        let centroid = centroids.row(label);
        let dot: f64 = terms
            .iter()
            .zip(weights)
            .map(|(&t, &w)| w * centroid[t as usize])
            .sum();
        let d2 = vectors.squares[i] - 2.0 * dot + squares[label];
        ranked[label].push((d2, i));
    }
    ranked
        .into_iter()
        .map(|mut rows| {
            rows.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
            rows.into_iter().take(per_cluster).map(|(_, i)| i).collect()
        })
        .collect()
}

/// The squared length of each row of a table.
pub fn squared_norms(table: &Array2<f64>) -> Vec<f64> {
    table
        .axis_iter(Axis(0))
        .map(|row| row.iter().map(|w| w * w).sum())
        .collect()
}
