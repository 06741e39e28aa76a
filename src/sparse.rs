//! Compressed sparse rows: the one sparse-matrix type of the crate.
//!
//! The document-term matrix (counts), the clustering vectors (weights) and their postings
//! lists (the transpose: for each term, the documents holding it) are all rows of a few
//! `(column, value)` pairs out of a wide vocabulary. One type keeps them, with the row access,
//! selection and transpose each analysis needs, so the layout and its invariants (columns
//! ascending within a row; `starts` one longer than the rows) are written once.

/// A matrix of `rows() × width()` kept as its nonzero entries, row by row.
#[derive(Debug, Clone, PartialEq)]
pub struct Csr<T> {
    /// Row `i` is `columns[starts[i]..starts[i + 1]]`, with `values` beside them.
    starts: Vec<usize>,
    columns: Vec<u32>,
    values: Vec<T>,
    width: usize,
}

impl<T: Copy> Default for Csr<T> {
    fn default() -> Self {
        Csr::new(0)
    }
}

impl<T: Copy> Csr<T> {
    /// An empty matrix of `width` columns, to be filled with [`Csr::push_row`].
    pub fn new(width: usize) -> Csr<T> {
        Csr {
            starts: vec![0],
            columns: Vec::new(),
            values: Vec::new(),
            width,
        }
    }

    /// Adds a row of `(column, value)` pairs, columns ascending.
    pub fn push_row(&mut self, row: impl IntoIterator<Item = (u32, T)>) {
        for (column, value) in row {
            debug_assert!((column as usize) < self.width);
            self.columns.push(column);
            self.values.push(value);
        }
        self.starts.push(self.columns.len());
    }

    /// Number of rows, empty ones included.
    pub fn rows(&self) -> usize {
        self.starts.len() - 1
    }

    /// Number of columns (a transpose's is the original's row count); every column id is below it.
    pub fn width(&self) -> usize {
        self.width
    }

    /// Row `i`: its columns (ascending) and their values.
    pub fn row(&self, i: usize) -> (&[u32], &[T]) {
        let span = self.starts[i]..self.starts[i + 1];
        (&self.columns[span.clone()], &self.values[span])
    }

    /// The value at `(i, column)`, when it is kept.
    pub fn get(&self, i: usize, column: u32) -> Option<T> {
        let (columns, values) = self.row(i);
        columns.binary_search(&column).ok().map(|at| values[at])
    }

    /// Every kept entry as `(column, value)`, row by row.
    pub fn entries(&self) -> impl Iterator<Item = (u32, T)> + '_ {
        self.columns
            .iter()
            .copied()
            .zip(self.values.iter().copied())
    }

    /// The rows `rows`, in that order, as a new matrix.
    pub fn select(&self, rows: &[usize]) -> Csr<T> {
        let mut out = Csr::new(self.width);
        for &i in rows {
            let (columns, values) = self.row(i);
            out.push_row(columns.iter().copied().zip(values.iter().copied()));
        }
        out
    }

    /// The transpose: row `c` of the result lists, for column `c`, the rows holding it
    /// (ascending) and their values.
    pub fn transpose(&self) -> Csr<T> {
        let mut counts = vec![0usize; self.width + 1];
        for &column in &self.columns {
            counts[column as usize + 1] += 1;
        }
        for c in 0..self.width {
            counts[c + 1] += counts[c];
        }
        let starts = counts.clone();
        let mut next = counts;
        let mut columns = vec![0u32; self.columns.len()];
        let mut values: Vec<Option<T>> = vec![None; self.values.len()];
        for i in 0..self.rows() {
            let (row_columns, row_values) = self.row(i);
            for (&column, &value) in row_columns.iter().zip(row_values) {
                let at = next[column as usize];
                columns[at] = i as u32;
                values[at] = Some(value);
                next[column as usize] += 1;
            }
        }
        Csr {
            starts,
            columns,
            values: values
                .into_iter()
                .map(|v| v.expect("every slot is filled"))
                .collect(),
            width: self.rows(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn example() -> Csr<u32> {
        let mut m = Csr::new(4);
        m.push_row([(0, 2), (3, 1)]);
        m.push_row([]);
        m.push_row([(1, 5), (3, 7)]);
        m
    }

    #[test]
    fn rows_and_entries() {
        let m = example();
        assert_eq!((m.rows(), m.width()), (3, 4));
        assert_eq!(m.row(2), (&[1, 3][..], &[5, 7][..]));
        assert_eq!(m.get(0, 3), Some(1));
        assert_eq!(m.get(1, 0), None);
        assert_eq!(m.entries().count(), 4);
        assert_eq!(m.select(&[2, 0]).row(1), (&[0, 3][..], &[2, 1][..]));
    }

    #[test]
    fn the_transpose_lists_each_column_s_rows() {
        let t = example().transpose();
        assert_eq!((t.rows(), t.width()), (4, 3));
        assert_eq!(t.row(3), (&[0, 2][..], &[1, 7][..]));
        assert_eq!(t.row(2), (&[][..], &[][..]));
        assert_eq!(t.transpose(), example());
    }
}
