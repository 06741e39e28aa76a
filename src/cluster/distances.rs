//! Euclidean distances between document vectors, from sparse dot products.
//!
//! `d² = |x|² + |y|² − 2 x·y`, with the dot products of one row against all later rows
//! gathered through an inverted index (term -> rows holding it), rows in parallel. Where that
//! gives `d² < 1e-3` the square is recomputed exactly as `Σ(x − y)²`, so duplicate documents
//! are at distance exactly 0, as in the R reference. The result is the condensed upper
//! triangle (row-major, `i < j`) that kodama and SciPy take: n(n − 1)/2 values, 8 bytes each,
//! which is what limits how many documents can be clustered at once. The matrix asks for huge
//! pages ([`memory::prefer_huge_pages`]): kodama walks it down its columns.

use rayon::prelude::*;

use super::vectors::Vectors;
use crate::memory;
use crate::progress::{self, Unit};
use crate::sparse::Csr;

/// Below this squared distance, the distance is recomputed term by term.
const REFINE_BELOW: f64 = 1e-3;

/// Rows holding each term, with their weights, rows ascending.
pub struct Postings {
    /// Row `t`: the rows holding term `t` (ascending) and their weights.
    lists: Csr<f64>,
}

impl Postings {
    /// The postings of `vectors`: the transpose of its rows.
    pub fn new(vectors: &Vectors) -> Postings {
        Postings {
            lists: vectors.rows.transpose(),
        }
    }

    /// Adds `x_i · x_j` into `dots[j]` for every row `j > i` (or every row, with `all`).
    pub fn dots(&self, vectors: &Vectors, i: usize, all: bool, dots: &mut [f64]) {
        let (terms, weights) = vectors.row(i);
        for (&t, &w) in terms.iter().zip(weights) {
            let (rows, values) = self.lists.row(t as usize);
            let from = if all {
                0
            } else {
                rows.partition_point(|&j| j as usize <= i)
            };
            for (&j, &v) in rows[from..].iter().zip(&values[from..]) {
                dots[j as usize] += w * v;
            }
        }
    }
}

/// The squared distance of rows `i` and `j` given their dot product.
pub fn squared(vectors: &Vectors, i: usize, j: usize, dot: f64) -> f64 {
    let d2 = vectors.squares[i] + vectors.squares[j] - 2.0 * dot;
    if d2 < REFINE_BELOW {
        exact_squared(vectors, i, j)
    } else {
        d2
    }
}

/// `Σ(x − y)²` over the union of the two rows' terms.
fn exact_squared(vectors: &Vectors, i: usize, j: usize) -> f64 {
    let (ta, wa) = vectors.row(i);
    let (tb, wb) = vectors.row(j);
    let (mut a, mut b, mut sum) = (0, 0, 0.0);
    while a < ta.len() || b < tb.len() {
        let (x, y) = match (ta.get(a), tb.get(b)) {
            (Some(p), Some(q)) if p == q => {
                a += 1;
                b += 1;
                (wa[a - 1], wb[b - 1])
            }
            (Some(p), Some(q)) if p < q => {
                a += 1;
                (wa[a - 1], 0.0)
            }
            (Some(_), None) => {
                a += 1;
                (wa[a - 1], 0.0)
            }
            _ => {
                b += 1;
                (0.0, wb[b - 1])
            }
        };
        sum += (x - y) * (x - y);
    }
    sum
}

/// The condensed distance matrix of all rows.
pub fn condensed(vectors: &Vectors, postings: &Postings) -> Vec<f64> {
    let n = vectors.len();
    let mut matrix = vec![0.0f64; n * n.saturating_sub(1) / 2];
    memory::prefer_huge_pages(&mut matrix);
    let mut rows: Vec<(usize, &mut [f64])> = Vec::with_capacity(n);
    let mut rest: &mut [f64] = &mut matrix;
    for i in 0..n.saturating_sub(1) {
        let (row, tail) = rest.split_at_mut(n - i - 1);
        rows.push((i, row));
        rest = tail;
    }
    let step = progress::start(
        "distances",
        Unit::Pairs,
        (n * n.saturating_sub(1) / 2) as u64,
    );
    rows.into_par_iter().for_each_init(
        || vec![0.0f64; n],
        |dots, (i, row)| {
            dots[i + 1..].iter_mut().for_each(|d| *d = 0.0);
            postings.dots(vectors, i, false, dots);
            for (offset, cell) in row.iter_mut().enumerate() {
                let j = i + 1 + offset;
                *cell = squared(vectors, i, j, dots[j]).max(0.0).sqrt();
            }
            step.advance(row.len() as u64);
        },
    );
    drop(step);
    matrix
}

/// Where the pair `i < j` sits in a condensed matrix of `n` rows.
pub fn condensed_index(n: usize, i: usize, j: usize) -> usize {
    n * i - i * (i + 1) / 2 + (j - i - 1)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::{Normalize, Weighting};
    use crate::text::matrix::{english, index};

    #[test]
    fn distances_by_hand_and_duplicates_at_zero() {
        // Rows (tf, no normalising): a = (1, 0), b = (0, 2), c = (1, 0) over terms vote, march.
        let corpus = index(&["vote", "march march", "vote"], &english(false));
        let v = super::super::vectors::vectors(&corpus, Weighting::Tf, Normalize::None, 1);
        let d = condensed(&v, &Postings::new(&v));
        assert_eq!(d.len(), 3);
        assert_eq!(d[condensed_index(3, 0, 1)], 5f64.sqrt());
        assert_eq!(d[condensed_index(3, 0, 2)], 0.0);
        assert_eq!(d[condensed_index(3, 1, 2)], 5f64.sqrt());
    }
}
