//! Word associations, as R's `tm::findAssocs` computes them: the Pearson correlation of one
//! term's count column with every other term's, over all documents.
//!
//! Sums are exact integers (`Σx`, `Σx²` and `Σxy` from the sparse rows), and
//! `r = (N Σxy − Σx Σy) / (sqrt(N Σx² − (Σx)²) · sqrt(N Σy² − (Σy)²))` is evaluated once in
//! floating point, so the result does not depend on the order of summation. Only the rows
//! holding the target are visited for `Σxy`; the other sums come from the column totals.

use serde::{Deserialize, Serialize};

use super::matrix::Indexed;

/// The terms correlated with one target.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Association {
    /// The target stem, as `associations.terms` names it.
    pub term: String,
    /// The word the target most often stands for; empty when it is not found.
    pub form: String,
    /// Whether the target occurs in the corpus at all.
    pub found: bool,
    /// The terms at r ≥ `min_r`, by r descending then term; empty when the target is not found
    /// or has the same count in every document.
    pub related: Vec<Related>,
}

/// A term correlated with an association's target.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Related {
    /// The related stem.
    pub term: String,
    /// The word that stem most often stands for.
    pub form: String,
    /// Unrounded.
    pub r: f64,
}

/// The terms whose correlation with `target` (a stem) is at least `min_r`, by r descending
/// then term.
pub fn associations(indexed: &Indexed, target: &str, min_r: f64) -> Association {
    let sums = &indexed.sums;
    let vocabulary = &indexed.vocabulary;
    let Some(t) = vocabulary.stems.iter().position(|s| s == target) else {
        return Association {
            term: target.to_string(),
            form: String::new(),
            found: false,
            related: Vec::new(),
        };
    };
    let cross = cross_products(indexed, t as u32);
    let n = indexed.matrix.rows() as i128;
    let spread = |j: usize| n * sums.squares[j] as i128 - (sums.count[j] as i128).pow(2);
    let target_spread = spread(t);
    let mut related: Vec<Related> = Vec::new();
    for (j, &xy) in cross.iter().enumerate() {
        if j == t || target_spread == 0 {
            continue;
        }
        let other_spread = spread(j);
        if other_spread == 0 {
            continue;
        }
        let numerator = n * xy as i128 - sums.count[t] as i128 * sums.count[j] as i128;
        let r = numerator as f64 / ((target_spread as f64).sqrt() * (other_spread as f64).sqrt());
        if r >= min_r {
            related.push(Related {
                term: vocabulary.stems[j].clone(),
                form: vocabulary.forms[j].clone(),
                r,
            });
        }
    }
    related.sort_by(|a, b| b.r.total_cmp(&a.r).then_with(|| a.term.cmp(&b.term)));
    Association {
        term: target.to_string(),
        form: vocabulary.forms[t].clone(),
        found: true,
        related,
    }
}

/// The correlation of two stems' columns; `None` when either is absent or constant.
pub fn correlation(indexed: &Indexed, a: &str, b: &str) -> Option<f64> {
    let found = associations(indexed, a, f64::NEG_INFINITY);
    found.related.iter().find(|r| r.term == b).map(|r| r.r)
}

/// `Σ_d x_d y_d` for the target column x and every column y.
fn cross_products(indexed: &Indexed, target: u32) -> Vec<u64> {
    let matrix = &indexed.matrix;
    let mut cross = vec![0u64; matrix.width()];
    for document in 0..matrix.rows() {
        let x = matrix.get(document, target).unwrap_or(0);
        if x == 0 {
            continue;
        }
        let (columns, counts) = matrix.row(document);
        for (&column, &y) in columns.iter().zip(counts) {
            cross[column as usize] += u64::from(x) * u64::from(y);
        }
    }
    cross
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::matrix::{english, index};

    /// No stopwords, no stems: the words as written.
    fn indexed(texts: &[&str]) -> Indexed {
        index(texts, &english(false))
    }

    /// x = billion counts, y = bank counts over four documents:
    /// x = [2, 1, 0, 0], y = [1, 1, 0, 1]; N = 4, Σx = 3, Σx² = 5, Σy = 3, Σy² = 3, Σxy = 3.
    /// r = (4·3 − 3·3) / (sqrt(4·5 − 9) · sqrt(4·3 − 9)) = 3 / sqrt(33).
    #[test]
    fn pearson_r_by_hand() {
        let corpus = indexed(&["billion billion bank", "billion bank", "tax", "bank"]);
        let found = associations(&corpus, "billion", -1.0);
        let bank = found.related.iter().find(|r| r.term == "bank").unwrap();
        assert_eq!(bank.r, 3.0 / 33f64.sqrt());
        // tax: y = [0, 0, 1, 0], Σy = 1, Σy² = 1, Σxy = 0: r = −3 / (sqrt(11) sqrt(3)).
        let tax = found.related.iter().find(|r| r.term == "tax").unwrap();
        assert_eq!(tax.r, -3.0 / (11f64.sqrt() * 3f64.sqrt()));
        assert_eq!(found.related[0].term, "bank", "sorted by r descending");
    }

    #[test]
    fn min_r_filters_and_missing_targets_are_flagged() {
        let corpus = indexed(&["billion billion bank", "billion bank", "tax", "bank"]);
        let found = associations(&corpus, "billion", 0.2);
        let terms: Vec<&str> = found.related.iter().map(|r| r.term.as_str()).collect();
        assert_eq!(terms, ["bank"]);
        let missing = associations(&corpus, "elixir", 0.2);
        assert!(!missing.found && missing.related.is_empty());
    }

    #[test]
    fn a_constant_column_has_no_correlation() {
        let corpus = indexed(&["vote rally", "vote", "vote rally"]);
        assert!(associations(&corpus, "vote", -1.0).related.is_empty());
        let rally = associations(&corpus, "rally", -1.0);
        assert!(rally.related.is_empty(), "vote is in every document");
    }

    proptest::proptest! {
        /// r lies in [-1, 1] and is symmetric.
        #[test]
        fn r_is_bounded_and_symmetric(
            docs in proptest::collection::vec(
                proptest::collection::vec(proptest::sample::select(vec!["vote", "rally", "strike", "march"]), 0..6),
                2..10,
            )
        ) {
            let texts: Vec<String> = docs.iter().map(|d| d.join(" ")).collect();
            let refs: Vec<&str> = texts.iter().map(String::as_str).collect();
            let corpus = indexed(&refs);
            for a in &corpus.vocabulary.stems {
                for related in associations(&corpus, a, -1.0).related {
                    proptest::prop_assert!((-1.0 - 1e-12..=1.0 + 1e-12).contains(&related.r));
                    let back = correlation(&corpus, &related.term, a).unwrap();
                    proptest::prop_assert!((back - related.r).abs() < 1e-12);
                }
            }
        }
    }
}
