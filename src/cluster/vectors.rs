//! Document vectors for clustering: the rows of the document-term matrix, weighted and
//! normalised as the config says, kept sparse.
//!
//! Terms in fewer than `min_support` documents are dropped (they cannot make two documents
//! alike). The weight is the count (`tf`) or `count · ln(N / support)` (`tfidf`, N = every
//! document of the corpus). A document left with no weight is not clustered; it is listed,
//! not hidden.

use crate::config::{Normalize, Weighting};
use crate::sparse::Csr;
use crate::text::matrix::Indexed;

/// Sparse weighted rows of the clustered documents.
#[derive(Debug, Clone, Default)]
pub struct Vectors {
    /// Corpus index of each clustered document, ascending.
    pub documents: Vec<usize>,
    /// Corpus indexes of the documents without any weight.
    pub excluded: Vec<usize>,
    /// Row `i`: the term ids (ascending) and weights of the `i`-th clustered document.
    pub rows: Csr<f64>,
    /// Squared norm of each row.
    pub squares: Vec<f64>,
    /// The vocabulary size (term ids are those of the index).
    pub vocabulary: usize,
    /// How many terms pass `min_support`.
    pub kept_terms: usize,
}

impl Vectors {
    /// Clustered documents: the number of rows.
    pub fn len(&self) -> usize {
        self.documents.len()
    }

    /// Whether no document has any weight left to cluster.
    pub fn is_empty(&self) -> bool {
        self.documents.is_empty()
    }

    /// Row `i` (a clustered document): term ids ascending, and their weights.
    pub fn row(&self, i: usize) -> (&[u32], &[f64]) {
        self.rows.row(i)
    }

    /// The rows `rows`, as a new set of vectors (for clustering a sample).
    pub fn select(&self, rows: &[usize]) -> Vectors {
        Vectors {
            documents: rows.iter().map(|&i| self.documents[i]).collect(),
            excluded: Vec::new(),
            rows: self.rows.select(rows),
            squares: rows.iter().map(|&i| self.squares[i]).collect(),
            vocabulary: self.vocabulary,
            kept_terms: self.kept_terms,
        }
    }
}

/// The weighted (and, with `l2`, unit-length) rows of every document with a kept term.
pub fn vectors(
    indexed: &Indexed,
    weighting: Weighting,
    normalize: Normalize,
    min_support: usize,
) -> Vectors {
    vectors_without(indexed, weighting, normalize, min_support, &[])
}

/// As [`vectors`], with the terms `dropped` (term ids) left out as well.
pub fn vectors_without(
    indexed: &Indexed,
    weighting: Weighting,
    normalize: Normalize,
    min_support: usize,
    dropped: &[u32],
) -> Vectors {
    let matrix = &indexed.matrix;
    let sums = &indexed.sums;
    let n = matrix.rows() as f64;
    let mut kept: Vec<bool> = sums
        .support
        .iter()
        .map(|&s| s >= min_support as u64)
        .collect();
    for &term in dropped {
        kept[term as usize] = false;
    }
    let mut out = Vectors {
        vocabulary: matrix.width(),
        kept_terms: kept.iter().filter(|&&k| k).count(),
        rows: Csr::new(matrix.width()),
        ..Vectors::default()
    };
    for document in 0..matrix.rows() {
        let (columns, counts) = matrix.row(document);
        let mut row: Vec<(u32, f64)> = columns
            .iter()
            .zip(counts)
            .filter(|(&term, _)| kept[term as usize])
            .map(|(&term, &count)| {
                let weight = match weighting {
                    Weighting::Tf => f64::from(count),
                    Weighting::Tfidf => {
                        f64::from(count) * (n / sums.support[term as usize] as f64).ln()
                    }
                };
                (term, weight)
            })
            .filter(|&(_, weight)| weight != 0.0)
            .collect();
        if row.is_empty() {
            out.excluded.push(document);
            continue;
        }
        let square: f64 = row.iter().map(|(_, w)| w * w).sum();
        if normalize == Normalize::L2 {
            let norm = square.sqrt();
            row.iter_mut().for_each(|(_, w)| *w /= norm);
            out.squares.push(row.iter().map(|(_, w)| w * w).sum());
        } else {
            out.squares.push(square);
        }
        out.rows.push_row(row);
        out.documents.push(document);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::matrix::{english, index};

    #[test]
    fn weights_by_hand() {
        // vote: support 2 of N = 3; rally: support 1 (dropped at min_support 2); march: 2.
        let corpus = index(&["vote vote rally", "vote march", "march"], &english(false));
        let v = vectors(&corpus, Weighting::Tfidf, Normalize::None, 2);
        assert_eq!(v.documents, [0, 1, 2]);
        let idf = (3.0f64 / 2.0).ln();
        assert_eq!(v.row(0).1, [2.0 * idf]);
        assert_eq!(v.row(1).1, [idf, idf]);
        let unit = vectors(&corpus, Weighting::Tfidf, Normalize::L2, 2);
        assert_eq!(unit.row(0).1, [1.0]);
        assert!((unit.row(1).1[0] - 0.5f64.sqrt()).abs() < 1e-15);
    }

    #[test]
    fn documents_without_weight_are_excluded() {
        let corpus = index(&["vote", "vote", "rally"], &english(false));
        // vote is in 2 of 3 documents; rally in 1 (dropped): document 2 has nothing left.
        let v = vectors(&corpus, Weighting::Tf, Normalize::L2, 2);
        assert_eq!(v.documents, [0, 1]);
        assert_eq!(v.excluded, [2]);
        // A term in every document has idf 0: with tf-idf, only rally is left.
        let corpus = index(&["vote", "vote rally", "vote"], &english(false));
        let idf = vectors(&corpus, Weighting::Tfidf, Normalize::L2, 1);
        assert_eq!(idf.documents, [1]);
        assert_eq!(idf.excluded, [0, 2]);
    }
}
