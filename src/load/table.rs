//! Reading a CSV file by column name, with every problem located as `FILE:LINE:COLUMN`.
//!
//! Each loader declares the columns it requires and the ones it accepts; the header is checked
//! against both (a missing or unknown column is reported on line 1), then rows are handed out
//! one by one with accessors that know the line and column of each field. Loaders collect
//! problems instead of stopping, so one pass reports everything wrong with a file.

use std::collections::btree_map::{BTreeMap, Entry};
use std::path::Path;

use sha2::{Digest, Sha256};

use super::Loaded;
use crate::error::{Error, Problem, Result};

/// Reads `path` and turns each row of the right width into a record with `parse`, which
/// pushes a problem for anything it rejects.
pub fn load_records<T>(
    path: &Path,
    columns: &Columns,
    parse: impl FnMut(&Row<'_>, &mut Vec<Problem>) -> Option<T>,
) -> Result<Loaded<Vec<T>>> {
    load_records_as(path, columns, Dialect::Csv, parse)
}

/// As [`load_records`], for a file in `dialect`.
pub fn load_records_as<T>(
    path: &Path,
    columns: &Columns,
    dialect: Dialect,
    parse: impl FnMut(&Row<'_>, &mut Vec<Problem>) -> Option<T>,
) -> Result<Loaded<Vec<T>>> {
    Ok(match CsvFile::read_as(path, columns, dialect)? {
        Ok(file) => records_of(file, parse),
        Err(problems) => Loaded::rejected(path, problems),
    })
}

/// The records `parse` makes of each row of `file` that has the header's width.
pub fn records_of<T>(
    file: CsvFile,
    mut parse: impl FnMut(&Row<'_>, &mut Vec<Problem>) -> Option<T>,
) -> Loaded<Vec<T>> {
    let mut problems = Vec::new();
    let mut records = Vec::new();
    for row in file.rows() {
        if let Some(problem) = row.width_problem() {
            problems.push(problem);
            continue;
        }
        records.extend(parse(&row, &mut problems));
    }
    Loaded::new(file, records, problems)
}

/// How fields are separated: commas with RFC 4180 quoting, or tabs with no quoting (as
/// YouTube Data Tools writes its tables: a quote in a title is part of the title).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Dialect {
    Csv,
    Tsv,
}

/// Accepts a column name that the data itself chooses, e.g. a year.
pub type OpenColumn = fn(&str) -> bool;

/// The columns a loader understands.
pub struct Columns<'a> {
    pub required: &'a [&'a str],
    pub optional: &'a [&'a str],
    /// Columns named by the data itself (a year per column), with what they must look like.
    pub open: Option<(OpenColumn, &'static str)>,
}

/// A CSV file read whole, with its header checked.
pub struct CsvFile {
    /// How problems name the file (the path as the config resolved it).
    pub name: String,
    pub sha256: String,
    header: Vec<String>,
    records: Vec<csv::StringRecord>,
    lines: Vec<u64>,
}

/// One data row, with the header to find fields by name.
pub struct Row<'a> {
    file: &'a CsvFile,
    index: usize,
}

impl CsvFile {
    /// Reads `path`; a file that cannot be read or is not CSV is an error, a header that does
    /// not fit `columns` is a list of problems.
    pub fn read(path: &Path, columns: &Columns) -> Result<Result<CsvFile, Vec<Problem>>> {
        Self::read_as(path, columns, Dialect::Csv)
    }

    /// As [`CsvFile::read`], for a file in `dialect`.
    pub fn read_as(
        path: &Path,
        columns: &Columns,
        dialect: Dialect,
    ) -> Result<Result<CsvFile, Vec<Problem>>> {
        let bytes = std::fs::read(path).map_err(|source| Error::read(path, source))?;
        let sha256 = format!("{:x}", Sha256::digest(&bytes));
        let name = path.display().to_string();
        Ok(Self::parse_as(name, sha256, &bytes, columns, dialect))
    }

    /// Parses CSV text already read (and decoded) from the file `name`.
    pub fn parse(
        name: String,
        sha256: String,
        bytes: &[u8],
        columns: &Columns,
    ) -> Result<CsvFile, Vec<Problem>> {
        Self::parse_as(name, sha256, bytes, columns, Dialect::Csv)
    }

    fn parse_as(
        name: String,
        sha256: String,
        bytes: &[u8],
        columns: &Columns,
        dialect: Dialect,
    ) -> Result<CsvFile, Vec<Problem>> {
        let bytes = bytes.strip_prefix("\u{FEFF}".as_bytes()).unwrap_or(bytes);
        let mut builder = csv::ReaderBuilder::new();
        builder.has_headers(false).flexible(true);
        if dialect == Dialect::Tsv {
            builder.delimiter(b'\t').quoting(false);
        }
        let mut reader = builder.from_reader(bytes);
        let mut rows = Vec::new();
        let mut lines = Vec::new();
        for record in reader.records() {
            match record {
                Ok(record) => {
                    lines.push(record.position().map_or(0, |p| p.line()));
                    rows.push(record);
                }
                Err(err) => return Err(vec![csv_problem(&name, &err)]),
            }
        }
        if rows.is_empty() {
            let expected = columns.required.join(",");
            return Err(vec![Problem {
                file: name,
                line: 1,
                column: None,
                message: format!("found an empty file, expected a header line: {expected}"),
            }]);
        }
        let header: Vec<String> = rows
            .remove(0)
            .iter()
            .map(|h| h.trim().to_string())
            .collect();
        lines.remove(0);
        let file = CsvFile {
            name,
            sha256,
            header,
            records: rows,
            lines,
        };
        let problems = file.check_header(columns);
        if problems.is_empty() {
            Ok(file)
        } else {
            Err(problems)
        }
    }

    fn check_header(&self, columns: &Columns) -> Vec<Problem> {
        let mut problems = Vec::new();
        let allowed: Vec<&str> = columns
            .required
            .iter()
            .chain(columns.optional)
            .copied()
            .collect();
        for (index, name) in self.header.iter().enumerate() {
            let open = columns.open.is_some_and(|(accepts, _)| accepts(name));
            if !allowed.contains(&name.as_str()) && !open {
                let open_too = columns
                    .open
                    .map_or(String::new(), |(_, what)| format!(", or {what}"));
                problems.push(self.problem_at(
                    1,
                    Some(index + 1),
                    format!(
                        "found an unknown column \"{}\", expected one of: {}{open_too}",
                        name.escape_debug(),
                        allowed.join(", ")
                    ),
                ));
            } else if self.header[..index].contains(name) {
                problems.push(self.problem_at(
                    1,
                    Some(index + 1),
                    format!("found the column \"{name}\" twice, expected it once"),
                ));
            }
        }
        for required in columns.required {
            if !self.header.iter().any(|h| h == required) {
                problems.push(self.problem_at(
                    1,
                    None,
                    format!(
                        "the header has no column \"{required}\", expected the columns: {}",
                        columns.required.join(", ")
                    ),
                ));
            }
        }
        problems
    }

    /// The data rows, in file order.
    pub fn rows(&self) -> impl Iterator<Item = Row<'_>> {
        (0..self.records.len()).map(move |index| Row { file: self, index })
    }

    /// The column names, trimmed, in file order.
    pub fn header(&self) -> &[String] {
        &self.header
    }

    pub fn row_count(&self) -> usize {
        self.records.len()
    }

    fn column_index(&self, name: &str) -> Option<usize> {
        self.header.iter().position(|h| h == name)
    }

    fn problem_at(&self, line: u64, column: Option<usize>, message: String) -> Problem {
        Problem {
            file: self.name.clone(),
            line,
            column,
            message,
        }
    }
}

impl<'a> Row<'a> {
    /// Records this row's `key` as seen; when it was seen before, returns the first line.
    pub fn first_line_of(&self, key: String, seen: &mut BTreeMap<String, u64>) -> Option<u64> {
        match seen.entry(key) {
            Entry::Occupied(first) => Some(*first.get()),
            Entry::Vacant(slot) => {
                slot.insert(self.line());
                None
            }
        }
    }

    /// The line the row starts on (1-based, counting the header).
    pub fn line(&self) -> u64 {
        self.file.lines[self.index]
    }

    /// A row with more or fewer fields than the header, reported once for the whole row.
    pub fn width_problem(&self) -> Option<Problem> {
        let found = self.file.records[self.index].len();
        let expected = self.file.header.len();
        (found != expected).then(|| {
            self.file.problem_at(
                self.line(),
                None,
                format!("found {found} fields, expected {expected} as in the header"),
            )
        })
    }

    /// The field of column `name`, trimmed; empty when the column is absent or the row short.
    pub fn get(&self, name: &str) -> &'a str {
        self.file
            .column_index(name)
            .and_then(|i| self.file.records[self.index].get(i))
            .map(str::trim)
            .unwrap_or("")
    }

    /// A problem with the field of column `name`: `name: found "...", expected ...`.
    pub fn problem(&self, name: &str, expected: &str) -> Problem {
        let found = self.get(name);
        let found = if found.is_empty() {
            "nothing".to_string()
        } else {
            format!("\"{}\"", found.escape_debug())
        };
        self.problem_message(name, format!("{name}: found {found}, expected {expected}"))
    }

    /// A problem located at column `name` with a message of the caller's own.
    pub fn problem_message(&self, name: &str, message: String) -> Problem {
        let column = self.file.column_index(name).map(|i| i + 1);
        self.file.problem_at(self.line(), column, message)
    }

    /// A field that must be a whole number (no sign, no separators); empty gives `None`.
    pub fn whole_number(&self, name: &str, problems: &mut Vec<Problem>) -> Option<u64> {
        let field = self.get(name);
        if field.is_empty() {
            return None;
        }
        match field.parse::<u64>() {
            Ok(n) => Some(n),
            Err(_) => {
                problems.push(self.problem(name, "a whole number such as 5000, or nothing"));
                None
            }
        }
    }
}

/// `1,234,567` (groups of three after the first) or plain digits.
pub fn parse_thousands(field: &str) -> Option<u64> {
    let groups: Vec<&str> = field.split(',').collect();
    let digits = |g: &str| !g.is_empty() && g.bytes().all(|b| b.is_ascii_digit());
    let well_formed = groups.iter().all(|g| digits(g))
        && (groups.len() == 1
            || (groups[0].len() <= 3 && groups[1..].iter().all(|g| g.len() == 3)));
    if !well_formed {
        return None;
    }
    groups.concat().parse().ok()
}

fn csv_problem(name: &str, err: &csv::Error) -> Problem {
    let line = err.position().map_or(0, |p| p.line());
    let message = match err.kind() {
        csv::ErrorKind::Utf8 { err, .. } => format!(
            "found bytes that are not UTF-8 in field {}, expected UTF-8 text",
            err.field() + 1
        ),
        _ => format!("found a line that is not valid CSV ({err}), expected comma-separated fields"),
    };
    Problem {
        file: name.to_string(),
        line,
        column: None,
        message,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn thousands_separators() {
        assert_eq!(parse_thousands("1,234"), Some(1234));
        assert_eq!(parse_thousands("12,345,678"), Some(12_345_678));
        assert_eq!(parse_thousands("987"), Some(987));
        assert_eq!(parse_thousands("1,23"), None);
        assert_eq!(parse_thousands("1234,567"), None);
        assert_eq!(parse_thousands("-5"), None);
        assert_eq!(parse_thousands(""), None);
    }
}
