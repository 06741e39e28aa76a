//! How much the partition owes to preprocessing: the posts clustered again under other
//! choices (no stemming, a higher `min_support`, the other weighting, without the most
//! frequent terms), each compared with the configured partition.
//!
//! The comparison is the adjusted Rand index (Hubert and Arabie 1985) over the posts both
//! partitions cluster, and, for each configured cluster, its best Jaccard similarity with a
//! cluster of the variant: above 0.75 (Hennig's "stable") it survives, with the size it has
//! there. Each variant clusters the same posts as the configured run (the sample, when the
//! corpus was sampled), with the same k.

use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use super::stability::{jaccard, RECOVERED_ABOVE};
use super::vectors::{vectors_without, Vectors};
use super::{distances, tree};
use crate::config::{ClustersConfig, Variant, Weighting, STABILITY_DEFAULT_LIMIT};
use crate::progress::{self, Unit};
use crate::text::matrix::Indexed;

/// The share of terms dropped by `without_top_terms`: the most frequent 1%.
const TOP_SHARE: f64 = 0.01;

/// One variant against the configured partition: a row of the sensitivity table.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct VariantResult {
    /// The variant, as the config names it.
    pub variant: Variant,
    /// What was changed, in words (`tf-idf instead of tf` when the config already uses tf).
    pub change: String,
    /// Posts clustered by both the configured run and the variant, over which it is compared.
    pub compared: usize,
    /// The adjusted Rand index of the two partitions over those posts (1: the same partition;
    /// about 0: no more alike than chance).
    pub adjusted_rand: f64,
    /// Each configured cluster (by id, ascending) whose best Jaccard with a cluster of the
    /// variant is above 0.75.
    pub surviving: Vec<Survivor>,
}

/// A configured cluster found again in a variant.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Survivor {
    /// The configured cluster's id (Table 5's number).
    pub cluster: usize,
    /// The Jaccard similarity with its best match in the variant.
    pub jaccard: f64,
    /// The size of that match in the variant, among the compared posts.
    pub size: usize,
}

/// What a variant is run on: the corpus index, and the unstemmed one for `no_stemming`.
pub struct Inputs<'a> {
    /// The corpus as the study indexes it.
    pub indexed: &'a Indexed,
    /// The corpus indexed without stemming; `None` when `no_stemming` is not asked for.
    pub unstemmed: Option<&'a Indexed>,
    /// The corpus documents clustered by the configured run (its sample, when sampled).
    pub documents: &'a [usize],
    /// Their clusters in the configured run (0-based), in the same order.
    pub labels: &'a [usize],
    /// The clusters of the configured cut.
    pub k: usize,
}

/// Each variant of `config.sensitivity`, clustered and compared, in the order listed. Up to
/// [`STABILITY_DEFAULT_LIMIT`] posts the variants run side by side; above, one at a time, so
/// that one distance matrix is held at once.
pub fn compare(inputs: &Inputs, config: &ClustersConfig) -> Vec<VariantResult> {
    let step = progress::start(
        "sensitivity",
        Unit::Variants,
        config.sensitivity.len() as u64,
    );
    let one = |&variant: &Variant| {
        let found = compare_one(inputs, config, variant);
        step.advance(1);
        found
    };
    if inputs.documents.len() <= STABILITY_DEFAULT_LIMIT {
        config.sensitivity.par_iter().map(one).collect()
    } else {
        config.sensitivity.iter().map(one).collect()
    }
}

fn compare_one(inputs: &Inputs, config: &ClustersConfig, variant: Variant) -> VariantResult {
    let (vectors, change) = variant_vectors(inputs, config, variant);
    let rows = rows_of(&vectors, inputs.documents);
    let chosen = vectors.select(&rows.iter().map(|&(row, _)| row).collect::<Vec<_>>());
    let mut condensed = distances::condensed(&chosen, &distances::Postings::new(&chosen));
    let merges = tree::ward(&mut condensed, chosen.len());
    drop(condensed);
    let theirs = tree::cut(&merges, chosen.len(), inputs.k);
    let ours: Vec<usize> = rows.iter().map(|&(_, at)| inputs.labels[at]).collect();
    VariantResult {
        variant,
        change,
        compared: ours.len(),
        adjusted_rand: adjusted_rand(&ours, &theirs),
        surviving: survivors(&ours, inputs.k, &theirs),
    }
}

/// The variant's vectors, and what it changed, in words.
fn variant_vectors(
    inputs: &Inputs,
    config: &ClustersConfig,
    variant: Variant,
) -> (Vectors, String) {
    let (mut indexed, mut weighting) = (inputs.indexed, config.weighting);
    let (mut min_support, mut dropped) = (config.min_support, Vec::new());
    let change = match variant {
        Variant::NoStemming => {
            indexed = inputs.unstemmed.unwrap_or(inputs.indexed);
            "no stemming".to_string()
        }
        Variant::MinSupportPlusOne => {
            min_support += 1;
            format!(
                "min_support {min_support} instead of {}",
                config.min_support
            )
        }
        Variant::Tf => match config.weighting {
            Weighting::Tfidf => {
                weighting = Weighting::Tf;
                "tf instead of tf-idf".to_string()
            }
            Weighting::Tf => {
                weighting = Weighting::Tfidf;
                "tf-idf instead of tf".to_string()
            }
        },
        Variant::WithoutTopTerms => {
            dropped = most_frequent(indexed, config.min_support);
            format!("without the {} most frequent terms (1%)", dropped.len())
        }
    };
    let vectors = vectors_without(indexed, weighting, config.normalize, min_support, &dropped);
    (vectors, change)
}

/// The 1% (at least one) of the terms kept at `min_support` with the highest count in the
/// corpus, ties by stem.
fn most_frequent(indexed: &Indexed, min_support: usize) -> Vec<u32> {
    let sums = &indexed.sums;
    let mut kept: Vec<u32> = (0..sums.count.len() as u32)
        .filter(|&t| sums.support[t as usize] >= min_support as u64)
        .collect();
    let stems = &indexed.vocabulary.stems;
    kept.sort_by(|&a, &b| {
        let (a, b) = (a as usize, b as usize);
        sums.count[b]
            .cmp(&sums.count[a])
            .then(stems[a].cmp(&stems[b]))
    });
    let take = ((kept.len() as f64 * TOP_SHARE).ceil() as usize)
        .max(1)
        .min(kept.len());
    kept.truncate(take);
    kept
}

/// The rows of `vectors` whose corpus document is in `documents`, each with its position in
/// `documents`, in `documents` order.
fn rows_of(vectors: &Vectors, documents: &[usize]) -> Vec<(usize, usize)> {
    let mut row_of = std::collections::HashMap::with_capacity(vectors.len());
    for (row, &document) in vectors.documents.iter().enumerate() {
        row_of.insert(document, row);
    }
    documents
        .iter()
        .enumerate()
        .filter_map(|(at, document)| row_of.get(document).map(|&row| (row, at)))
        .collect()
}

/// Configured clusters whose best Jaccard with a cluster of `theirs` is above 0.75.
fn survivors(ours: &[usize], k: usize, theirs: &[usize]) -> Vec<Survivor> {
    let their_k = theirs.iter().max().map_or(0, |&m| m + 1);
    let table = contingency(ours, k, theirs, their_k);
    let sizes: Vec<usize> = (0..k).map(|a| table[a].iter().sum()).collect();
    let their_sizes: Vec<usize> = (0..their_k)
        .map(|b| table.iter().map(|row| row[b]).sum())
        .collect();
    (0..k)
        .filter_map(|a| {
            let (best, b) = (0..their_k)
                .map(|b| (jaccard(table[a][b], sizes[a], their_sizes[b]), b))
                .fold(
                    (0.0, 0),
                    |best, next| if next.0 > best.0 { next } else { best },
                );
            (best > RECOVERED_ABOVE).then(|| Survivor {
                cluster: a + 1,
                jaccard: best,
                size: their_sizes[b],
            })
        })
        .collect()
}

fn contingency(ours: &[usize], k: usize, theirs: &[usize], their_k: usize) -> Vec<Vec<usize>> {
    let mut table = vec![vec![0usize; their_k]; k];
    for (&a, &b) in ours.iter().zip(theirs) {
        table[a][b] += 1;
    }
    table
}

/// The adjusted Rand index of two partitions of the same points (0-based labels): Hubert and
/// Arabie's `(index − expected) / (max − expected)` over pairs; 1 when both partitions are
/// the same single cluster or all singletons, or there are fewer than two points (the formula
/// is 0/0 there).
pub fn adjusted_rand(a: &[usize], b: &[usize]) -> f64 {
    if a.len() < 2 {
        return 1.0; // no pair to disagree on
    }
    let pairs = |m: usize| (m * m.saturating_sub(1) / 2) as f64;
    let (ka, kb) = (
        a.iter().max().map_or(0, |&m| m + 1),
        b.iter().max().map_or(0, |&m| m + 1),
    );
    let table = contingency(a, ka, b, kb);
    let index: f64 = table.iter().flatten().map(|&m| pairs(m)).sum();
    let rows: f64 = table.iter().map(|row| pairs(row.iter().sum())).sum();
    let columns: f64 = (0..kb)
        .map(|j| pairs(table.iter().map(|row| row[j]).sum()))
        .sum();
    let expected = rows * columns / pairs(a.len());
    let max = (rows + columns) / 2.0;
    if max == expected {
        1.0
    } else {
        (index - expected) / (max - expected)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn adjusted_rand_by_hand() {
        // Pairs: index 1, rows 2, columns 1, all 6: expected 1/3, max 3/2: (2/3) / (7/6).
        let ari = adjusted_rand(&[0, 0, 1, 1], &[0, 0, 1, 2]);
        assert!((ari - 4.0 / 7.0).abs() < 1e-15, "{ari}");
        assert_eq!(adjusted_rand(&[0, 0, 1, 1], &[1, 1, 0, 0]), 1.0);
        // Crossed halves: index 0, rows 2, columns 2, expected 2/3, max 2: −1/2.
        let crossed = adjusted_rand(&[0, 0, 1, 1], &[0, 1, 0, 1]);
        assert!((crossed + 0.5).abs() < 1e-15, "{crossed}");
        assert_eq!(adjusted_rand(&[0, 0, 0], &[0, 0, 0]), 1.0);
        assert_eq!(adjusted_rand(&[0], &[0]), 1.0);
        assert_eq!(adjusted_rand(&[], &[]), 1.0);
    }

    #[test]
    fn survivors_by_hand() {
        // Ours {0,1,2,3} {4,5}; theirs {0,1,2} {3,4,5}: cluster 1 at 3/4 (not above 0.75),
        // cluster 2 at 2/3.
        assert!(survivors(&[0, 0, 0, 0, 1, 1], 2, &[0, 0, 0, 1, 1, 1]).is_empty());
        // Theirs {0,1,2,3,4} {5}: cluster 1 at 4/5 survives with size 5.
        let found = survivors(&[0, 0, 0, 0, 1, 1], 2, &[0, 0, 0, 0, 0, 1]);
        assert_eq!(
            found,
            [Survivor {
                cluster: 1,
                jaccard: 0.8,
                size: 5
            }]
        );
    }
}
