//! The one reader of delimited files: every CSV and TSV input goes through it, so each rule
//! about files as researchers save them holds everywhere at once.
//!
//! A file is read once: its bytes are decoded ([`super::decode`]), its delimiter taken from
//! the input's `delimiter` or guessed from the header ([`super::delimited::detect`]), and its
//! rows split with every field's physical line. The header is matched to the columns the
//! loader declares without regard to case, surrounding spaces or a byte-order mark; columns
//! the loader does not read are listed, never refused, since coding sheets always carry more.
//! Rows are then handed to the loader one by one with accessors that know their line and
//! column and read numbers and dates by [`super::values`]. Loaders collect problems instead of
//! stopping, so one pass reports everything wrong with a file.

use std::cell::RefCell;
use std::collections::btree_map::{BTreeMap, Entry};
use std::collections::HashMap;
use std::path::Path;

use sha2::{Digest, Sha256};

use super::decode::{decode, Decoded};
use super::delimited::{self, Candidate, Escape, Overrun, Records, Syntax, SyntaxError};
use super::values::{self, Timestamp};
use super::Loaded;
use crate::config::{Delimiter, FileFormat, NumberFormat};
use crate::error::{Problem, Result};

/// Reads the file at `path` and turns each row of the right width into a record with
/// `parse`, which pushes a problem for anything it rejects.
pub fn load_records<T>(
    path: &Path,
    format: &FileFormat,
    columns: &Columns,
    parse: impl FnMut(&Row<'_>, &mut Vec<Problem>) -> Option<T>,
) -> Result<Loaded<Vec<T>>> {
    load_records_as(path, format, columns, Dialect::DETECTED, parse)
}

/// As [`load_records`], for a format that fixes its syntax.
pub fn load_records_as<T>(
    path: &Path,
    format: &FileFormat,
    columns: &Columns,
    dialect: Dialect,
    parse: impl FnMut(&Row<'_>, &mut Vec<Problem>) -> Option<T>,
) -> Result<Loaded<Vec<T>>> {
    Ok(match CsvFile::read(path, format, columns, dialect)? {
        Ok(file) => records_of(file, parse),
        Err(problems) => Loaded::rejected(path, problems),
    })
}

/// The records `parse` makes of each row of `file` that has the header's width.
pub fn records_of<T>(
    file: CsvFile,
    mut parse: impl FnMut(&Row<'_>, &mut Vec<Problem>) -> Option<T>,
) -> Loaded<Vec<T>> {
    let mut problems = file.stray_problems();
    let mut records = Vec::new();
    for row in file.rows() {
        if let Some(problem) = row.width_problem() {
            problems.push(problem);
            continue;
        }
        records.extend(parse(&row, &mut problems));
    }
    problems.sort_by_key(|p| p.line);
    Loaded::new(file, records, problems)
}

/// What a format fixes about its files, before the input's own keys.
#[derive(Debug, Clone, Copy)]
pub struct Dialect {
    /// The format's delimiter, when it has one; the input's `delimiter` still wins.
    pub delimiter: Option<Delimiter>,
    /// Whether `"` quotes fields.
    pub quoting: bool,
    /// How a quote is written inside a quoted field.
    pub escape: Escape,
    /// For a format whose versions differ in quoting (YouTube Data Tools, Dataverse's `.tab`
    /// files), how to tell them apart: given the decoded text and its delimiter, the version.
    pub variant: Option<fn(&str, Delimiter) -> Variant>,
}

/// One version of a format's files: how it quotes, and its name for `check`'s listing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Variant {
    /// Put before the file's description in `check` (`Dataverse .tab, tab-separated ...`).
    pub name: &'static str,
    /// Whether `"` quotes fields in this version; overrides [`Dialect::quoting`].
    pub quoting: bool,
    /// How this version writes a quote inside a quoted field; overrides [`Dialect::escape`].
    pub escape: Escape,
}

impl Dialect {
    /// Quoted fields, the delimiter guessed from the header.
    pub const DETECTED: Dialect = Dialect {
        delimiter: None,
        quoting: true,
        escape: Escape::Doubled,
        variant: None,
    };
}

/// Accepts a column name that the data itself chooses, e.g. a year.
pub type OpenColumn = fn(&str) -> bool;

/// The columns a loader reads.
pub struct Columns<'a> {
    /// Columns the header must have, as the loader names them (matched in any case and
    /// spacing); each one missing is a problem at line 1 and the file is not read.
    pub required: &'a [&'a str],
    /// Columns read when present; an absent one reads as empty in every row.
    pub optional: &'a [&'a str],
    /// Columns named by the data itself (a year per column): which names are such columns.
    pub open: Option<OpenColumn>,
}

impl Columns<'_> {
    fn declared(&self) -> impl Iterator<Item = &str> {
        self.required.iter().chain(self.optional).copied()
    }

    /// Whether a header name is one of these columns.
    fn knows(&self, name: &str) -> bool {
        let key = column_key(name);
        self.declared().any(|c| column_key(c) == key) || self.open.is_some_and(|open| open(name))
    }
}

/// How a header name is compared: trimmed, without a byte-order mark, spaces collapsed,
/// lowercased.
fn column_key(name: &str) -> String {
    name.trim_matches(|c: char| c.is_whitespace() || c == '\u{feff}')
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// How a file was read, for `check`'s listing.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ReadAs {
    /// `semicolon-separated (detected), windows-1251`.
    pub description: String,
    /// The header's columns that no analysis reads, as written.
    pub unused_columns: Vec<String>,
}

/// A delimited file read whole, with its header matched to the loader's columns.
pub struct CsvFile {
    /// How problems name the file (the path as the config resolved it).
    pub name: String,
    /// Lowercase hex SHA-256 of the file's bytes before decoding.
    pub sha256: String,
    /// Delimiter, encoding and unread columns, for `check`.
    pub read_as: ReadAs,
    /// Columns not read that look like a misspelling of one that is.
    pub near_misses: Vec<String>,
    /// The delimiter the file was read with.
    delimiter: Delimiter,
    records: Records,
    header: Vec<String>,
    /// Each declared or open column's index in the header, by the name the loader uses.
    index: HashMap<String, usize>,
    /// The `year` column, whatever the loader declares, to check dates against.
    year_column: Option<usize>,
    format: FileFormat,
    /// The number format each column shows, worked out when first needed.
    number_formats: RefCell<HashMap<usize, Option<NumberFormat>>>,
}

/// One data row, with the file to find fields by name.
pub struct Row<'a> {
    file: &'a CsvFile,
    /// The row's index among the file's records (0 is the header).
    index: usize,
}

impl CsvFile {
    /// Reads `path`; a file that cannot be read is an error, a file that cannot be split into
    /// rows or whose header does not fit `columns` is a list of problems.
    pub fn read(
        path: &Path,
        format: &FileFormat,
        columns: &Columns,
        dialect: Dialect,
    ) -> Result<Result<CsvFile, Vec<Problem>>> {
        let bytes = crate::read::bytes(path)?;
        let sha256 = format!("{:x}", Sha256::digest(&bytes));
        let name = path.display().to_string();
        let rows = decode(bytes, format, &name)
            .and_then(|decoded| split(decoded, &name, format, columns, dialect));
        Ok(match rows {
            Ok((records, read_as)) => {
                CsvFile::with_header(name, sha256, records, read_as, format, columns)
            }
            Err(problem) => Err(vec![problem]),
        })
    }

    fn with_header(
        name: String,
        sha256: String,
        records: Records,
        (delimiter, description): (Delimiter, String),
        format: &FileFormat,
        columns: &Columns,
    ) -> Result<CsvFile, Vec<Problem>> {
        let mut header: Vec<String> = records
            .fields_of_row(0)
            .map(|h| h.trim().to_string())
            .collect();
        if let Some(first) = header.first_mut() {
            *first = first.trim_start_matches('\u{feff}').trim().to_string();
        }
        let width = header
            .iter()
            .rposition(|h| !h.is_empty())
            .map_or(0, |i| i + 1);
        header.truncate(width);
        let mut file = CsvFile {
            name,
            sha256,
            read_as: ReadAs {
                description,
                unused_columns: Vec::new(),
            },
            near_misses: Vec::new(),
            delimiter,
            records,
            header,
            index: HashMap::new(),
            year_column: None,
            format: format.clone(),
            number_formats: RefCell::new(HashMap::new()),
        };
        let problems = file.match_header(columns);
        if problems.is_empty() {
            Ok(file)
        } else {
            Err(problems)
        }
    }

    /// Finds each declared and open column in the header, and lists the rest.
    fn match_header(&mut self, columns: &Columns) -> Vec<Problem> {
        let keys: Vec<String> = self.header.iter().map(|h| column_key(h)).collect();
        let mut used = vec![false; keys.len()];
        let mut problems = Vec::new();
        for declared in columns.declared() {
            let key = column_key(declared);
            let found: Vec<usize> = (0..keys.len()).filter(|&i| keys[i] == key).collect();
            if let Some(&first) = found.first() {
                self.index.insert(declared.to_string(), first);
                used[first] = true;
            }
            if let [first, .., again] = found.as_slice() {
                let message = format!(
                    "found the column \"{}\" again (first as \"{}\" in column {}), expected \
                     each column once: columns are matched without regard to case and spaces",
                    self.header[*again].escape_debug(),
                    self.header[*first].escape_debug(),
                    first + 1
                );
                problems.push(self.problem_at(self.header_line(), Some(again + 1), message));
            }
        }
        if let Some(open) = columns.open {
            for (at, name) in self.header.clone().into_iter().enumerate() {
                if used[at] || !open(&name) {
                    continue;
                }
                if let Some(&first) = self.index.get(&name) {
                    let message = format!(
                        "found the column \"{name}\" again (first in column {}), expected each \
                         column once",
                        first + 1
                    );
                    problems.push(self.problem_at(self.header_line(), Some(at + 1), message));
                    continue;
                }
                self.index.insert(name, at);
                used[at] = true;
            }
        }
        problems.extend(self.missing(columns));
        self.year_column = keys.iter().position(|k| k == "year");
        if let Some(at) = self.year_column {
            used[at] = true;
        }
        self.list_unused(&used, columns);
        problems
    }

    /// A problem for each required column the header lacks, showing what it has.
    fn missing(&self, columns: &Columns) -> Vec<Problem> {
        let found: Vec<String> = self
            .header
            .iter()
            .take(12)
            .map(|h| crate::escape::quoted(h))
            .collect();
        let hints: String = self
            .header_hints()
            .iter()
            .map(|h| format!("; {h}"))
            .collect();
        columns
            .required
            .iter()
            .filter(|required| !self.index.contains_key(**required))
            .map(|required| {
                let message = format!(
                    "the header has no column \"{required}\", expected the columns: {}; found: \
                     {}{hints}",
                    columns.required.join(", "),
                    found.join(", ")
                );
                self.problem_at(self.header_line(), None, message)
            })
            .collect()
    }

    /// What the header says of a file that lacks columns: the layout it has, or another
    /// delimiter inside its names.
    fn header_hints(&self) -> Vec<String> {
        let keys: Vec<String> = self.header.iter().map(|h| column_key(h)).collect();
        let mut hints: Vec<String> = super::layouts::recognise(&keys).into_iter().collect();
        let inside = Delimiter::CANDIDATES
            .into_iter()
            .filter(|&d| d != self.delimiter)
            .find(|d| self.header.iter().any(|h| h.as_bytes().contains(&d.0)));
        if let Some(other) = inside {
            hints.push(format!(
                "its header names hold {} characters: the file may be {}-separated, and \
                 mobilize read it as {}-separated; set `delimiter: {}` in `{}`",
                other.name(),
                other.name(),
                self.delimiter.name(),
                other.yaml(),
                self.format.key
            ));
        }
        hints
    }

    /// Records the columns no loader reads, and a notice for each that looks like a
    /// misspelling of a declared column the header lacks.
    fn list_unused(&mut self, used: &[bool], columns: &Columns) {
        let missing: Vec<&str> = columns
            .declared()
            .filter(|c| !self.index.contains_key(*c))
            .collect();
        for (at, name) in self.header.iter().enumerate() {
            if used[at] {
                continue;
            }
            if name.is_empty() {
                self.read_as
                    .unused_columns
                    .push(format!("(column {}, unnamed)", at + 1));
                continue;
            }
            let shown = name.escape_debug().to_string();
            self.read_as.unused_columns.push(shown);
            let key = column_key(name);
            if let Some(meant) = missing.iter().find(|m| near(&key, &column_key(m))) {
                self.near_misses.push(format!(
                    "the column \"{}\" is not read; did you mean \"{meant}\"?",
                    name.escape_debug()
                ));
            }
        }
    }

    /// Text after closing quotes, each a problem.
    fn stray_problems(&self) -> Vec<Problem> {
        self.records
            .stray
            .iter()
            .map(|stray| {
                self.problem_at(
                    stray.line,
                    Some(stray.column),
                    format!(
                        "found text after a closing quote (\"{}\"), expected the delimiter or the \
                         end of the line: a quote inside a quoted field is written twice (\"\")",
                        stray
                            .text
                            .chars()
                            .take(40)
                            .collect::<String>()
                            .escape_debug()
                    ),
                )
            })
            .collect()
    }

    /// Whether the header has the declared column `name`.
    pub fn has_column(&self, name: &str) -> bool {
        self.index.contains_key(name)
    }

    /// The values of the declared column `name`, trimmed, in file order (none when the
    /// header lacks it).
    pub fn values<'a>(&'a self, name: &str) -> impl Iterator<Item = &'a str> + 'a {
        let at = self.column_index(name);
        (1..self.records.len())
            .filter_map(move |row| at.and_then(|at| self.records.field(row, at)))
            .map(str::trim)
    }

    /// Reads the file's numbers by `format`, where the format knows what the input's keys do
    /// not (a CrowdTangle export's counts are whole).
    pub fn set_number_format(&mut self, format: NumberFormat) {
        self.format.number_format = Some(format);
    }

    /// The data rows, in file order.
    pub fn rows(&self) -> impl Iterator<Item = Row<'_>> {
        (1..self.records.len()).map(move |index| Row { file: self, index })
    }

    /// The column names, trimmed, in file order.
    pub fn header(&self) -> &[String] {
        &self.header
    }

    /// How many data rows the file has, the header not counted (blank rows are skipped).
    pub fn row_count(&self) -> usize {
        self.records.len() - 1
    }

    fn column_index(&self, name: &str) -> Option<usize> {
        self.index.get(name).copied()
    }

    /// The number format column `at` shows: the input's `number_format`, else the one its
    /// values show beyond doubt when they all agree.
    fn number_format(&self, at: usize) -> Option<NumberFormat> {
        if let Some(format) = self.format.number_format {
            return Some(format);
        }
        *self
            .number_formats
            .borrow_mut()
            .entry(at)
            .or_insert_with(|| {
                let mut shown = (1..self.records.len())
                    .filter_map(|row| self.records.field(row, at))
                    .filter_map(values::evidence);
                let first = shown.next()?;
                shown.all(|f| f == first).then_some(first)
            })
    }

    /// The line of the header: 1, or 2 after an Excel `sep=` line.
    fn header_line(&self) -> u64 {
        if self.records.is_empty() {
            1
        } else {
            self.records.field_line(0, 0)
        }
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

/// The rows of a decoded file and how it was read (`semicolon-separated (detected),
/// windows-1251`); a file that cannot be split into rows is one problem.
fn split(
    decoded: Decoded,
    name: &str,
    format: &FileFormat,
    columns: &Columns,
    dialect: Dialect,
) -> Result<(Records, (Delimiter, String)), Problem> {
    let problem = |line, column, message| Problem {
        file: name.to_string(),
        line,
        column,
        message,
    };
    let (delimiter, detected) = match format.delimiter.or(dialect.delimiter) {
        Some(delimiter) => (delimiter, false),
        None => delimited::detect(&decoded.text, dialect.quoting, &|h| columns.knows(h))
            .map(|delimiter| (delimiter, true))
            .map_err(|tied| problem(1, None, ambiguous(&tied, format)))?,
    };
    let variant = dialect
        .variant
        .map(|variant| variant(&decoded.text, delimiter));
    let syntax = Syntax {
        delimiter: delimiter.0,
        quoting: variant.map_or(dialect.quoting, |v| v.quoting),
        max_field_lines: format.max_field_lines,
        escape: variant.map_or(dialect.escape, |v| v.escape),
    };
    let records = delimited::parse(decoded.text, &syntax).map_err(|err| match err {
        SyntaxError::Unclosed { line, column, why } => {
            problem(line, Some(column), unclosed(why, format))
        }
        SyntaxError::TooLarge => problem(
            1,
            None,
            "found a file of 4 GB or more, expected a smaller file".to_string(),
        ),
    })?;
    if records.is_empty() {
        let expected = columns.required.join(",");
        let message = format!("found an empty file, expected a header line: {expected}");
        return Err(problem(1, None, message));
    }
    let detected = if detected { " (detected)" } else { "" };
    let mut description = format!(
        "{}-separated{detected}, {}",
        delimiter.name(),
        decoded.encoding
    );
    if let Some(variant) = variant {
        description = format!("{}, {description}", variant.name);
    }
    Ok((records, (delimiter, description)))
}

/// Two column names a typing slip apart: at most one edit in names up to 6 letters, two above.
fn near(a: &str, b: &str) -> bool {
    let (a, b): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
    let limit = if a.len().min(b.len()) > 6 { 2 } else { 1 };
    if a.len().abs_diff(b.len()) > limit || a.len() < 3 {
        return false;
    }
    let mut previous: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.iter().enumerate() {
        let mut current = vec![i + 1];
        for (j, cb) in b.iter().enumerate() {
            let substitution = previous[j] + usize::from(ca != cb);
            current.push(substitution.min(previous[j + 1] + 1).min(current[j] + 1));
        }
        previous = current;
    }
    previous[b.len()] <= limit
}

fn ambiguous(tied: &[Candidate], format: &FileFormat) -> String {
    let readings: Vec<String> = tied
        .iter()
        .map(|c| {
            let names: Vec<String> = c.header.iter().map(|h| crate::escape::quoted(h)).collect();
            format!("{} gives {}", c.delimiter.yaml(), names.join(", "))
        })
        .collect();
    let keys: Vec<String> = tied
        .iter()
        .map(|c| format!("`delimiter: {}`", c.delimiter.yaml()))
        .collect();
    format!(
        "found a header that splits into known columns with more than one delimiter ({}), \
         expected one; set {} in `{}`",
        readings.join("; "),
        keys.join(" or "),
        format.key
    )
}

fn unclosed(why: Overrun, format: &FileFormat) -> String {
    let how = match why {
        Overrun::EndOfFile => "it runs to the end of the file".to_string(),
        Overrun::Lines(lines) => format!(
            "the field runs over {lines} lines (raise `max_field_lines` in `{}` if it is meant to)",
            format.key
        ),
        Overrun::Bytes => "the field runs past 1 MB".to_string(),
        Overrun::ClosedBy(line) => format!(
            "the field runs on to line {line}, where a quote that opens a later field ends it"
        ),
    };
    format!("a quote opened here is never closed: {how}")
}

impl<'a> Row<'a> {
    /// Records this row's `key` as seen; when it was seen before, returns the first line.
    pub fn first_line_of<K: Ord>(&self, key: K, seen: &mut BTreeMap<K, u64>) -> Option<u64> {
        match seen.entry(key) {
            Entry::Occupied(first) => Some(*first.get()),
            Entry::Vacant(slot) => {
                slot.insert(self.line());
                None
            }
        }
    }

    /// The physical line the row starts on (1-based, counting the header).
    pub fn line(&self) -> u64 {
        self.file.records.line(self.index)
    }

    /// A row with more or fewer fields than the header, reported once for the whole row.
    /// Empty fields past the header's width (a spreadsheet's padding) are not counted.
    pub fn width_problem(&self) -> Option<Problem> {
        let records = &self.file.records;
        let expected = self.file.header.len();
        let found = (0..records.width(self.index))
            .rposition(|c| {
                records
                    .field(self.index, c)
                    .is_some_and(|f| !f.trim().is_empty())
            })
            .map_or(0, |last| last + 1)
            .max(records.width(self.index).min(expected));
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
            .and_then(|at| self.file.records.field(self.index, at))
            .map(str::trim)
            .unwrap_or("")
    }

    /// A problem with the field of column `name`: `name: found "...", expected ...`.
    pub fn problem(&self, name: &str, expected: &str) -> Problem {
        let found = self.get(name);
        let found = if found.is_empty() {
            "nothing".to_string()
        } else {
            crate::escape::quoted(found)
        };
        self.problem_message(name, format!("{name}: found {found}, expected {expected}"))
    }

    /// The value of column `name` seen again: `name: found "x" again, first on line 3,
    /// expected each post once`.
    pub fn repeated(&self, name: &str, first: u64, each: &str) -> Problem {
        let found = crate::escape::quoted(self.get(name));
        let message = format!(
            "{name}: found {found} again, first on line {first}, expected each {each} once"
        );
        self.problem_message(name, message)
    }

    /// A problem located at the field of column `name`, with a message of the caller's own.
    pub fn problem_message(&self, name: &str, message: String) -> Problem {
        match self.file.column_index(name) {
            Some(at) => self.file.problem_at(
                self.file.records.field_line(self.index, at),
                Some(at + 1),
                message,
            ),
            None => self.file.problem_at(self.line(), None, message),
        }
    }

    /// A count: a whole number, grouped as people write them; empty gives `None`.
    pub fn whole_number(&self, name: &str, problems: &mut Vec<Problem>) -> Option<u64> {
        let example = "a whole number such as 5000, 5,000 or 5 000";
        self.number(name, problems, values::whole, example)
    }

    /// A number that may have decimals; empty gives `None`.
    pub fn decimal(&self, name: &str, problems: &mut Vec<Problem>) -> Option<f64> {
        let example = "a number such as 138, 63.5 or 63,5";
        self.number(name, problems, values::decimal, example)
    }

    /// The field of column `name` read by `read` in the column's number format; `example`
    /// says what was expected of a field that is not a number at all.
    fn number<T>(
        &self,
        name: &str,
        problems: &mut Vec<Problem>,
        read: fn(&str, Option<NumberFormat>) -> Result<T, values::NumberProblem>,
        example: &str,
    ) -> Option<T> {
        let field = self.get(name);
        if field.is_empty() {
            return None;
        }
        let format = self
            .file
            .column_index(name)
            .and_then(|at| self.file.number_format(at));
        read(field, format)
            .map_err(|err| {
                let expected = match err {
                    values::NumberProblem::Malformed => example.to_string(),
                    other => other.expected(field, &self.file.format.key),
                };
                problems.push(self.problem(name, &expected));
            })
            .ok()
    }

    /// A date, perhaps with a time, by the input's `date_format`, checked against the file's
    /// `year` column; empty gives `None`.
    pub fn timestamp(&self, name: &str, problems: &mut Vec<Problem>) -> Option<Timestamp> {
        let field = self.get(name);
        if field.is_empty() {
            return None;
        }
        match values::timestamp(field, self.file.format.date_format) {
            Ok(time) => {
                let year = chrono::Datelike::year(&time.local_date());
                self.check_year(name, year, problems).then_some(time)
            }
            Err(err) => {
                problems.push(self.problem(name, &err.expected(&self.file.format.key)));
                None
            }
        }
    }

    /// Whether `year`, read from column `name`, agrees with the file's `year` column (when
    /// it has one and it holds a year); a problem when not.
    pub fn check_year(&self, name: &str, year: i32, problems: &mut Vec<Problem>) -> bool {
        let Some(at) = self.file.year_column else {
            return true;
        };
        if self.file.column_index(name) == Some(at) {
            return true;
        }
        let cell = self
            .file
            .records
            .field(self.index, at)
            .map_or("", str::trim);
        if cell.is_empty() {
            return true;
        }
        let column = format!(
            "the year in column {} ({})",
            at + 1,
            crate::escape::quoted(&self.file.header[at])
        );
        match values::whole(cell, None) {
            Ok(stated) if stated == u64::try_from(year).unwrap_or(u64::MAX) => true,
            Ok(stated) => {
                problems.push(self.problem(name, &format!("a date in {stated}, {column}")));
                false
            }
            Err(_) => {
                let message = format!(
                    "{}: found {}, expected a year to check the date in column {} against",
                    self.file.header[at],
                    crate::escape::quoted(cell),
                    self.file.column_index(name).map_or(0, |c| c + 1)
                );
                problems.push(self.file.problem_at(self.line(), Some(at + 1), message));
                false
            }
        }
    }

    /// The input's settings (its section key, its formats), for messages of a loader's own.
    pub fn format(&self) -> &FileFormat {
        &self.file.format
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn column_names_match_without_case_or_spaces() {
        assert_eq!(column_key(" Event_ID "), "event_id");
        assert_eq!(column_key("\u{feff}Page  Name"), "page name");
    }

    use proptest::prelude::*;

    /// The physical line of byte `offset`: 1 + the line breaks before it (`\r\n` is one).
    fn line_at(bytes: &[u8], offset: usize) -> u64 {
        crate::load::decode::line_of(std::str::from_utf8(&bytes[..offset]).unwrap())
    }

    /// A table written by the `csv` crate's writer, as a Rust or Python program writes one,
    /// with the count of row `bad` replaced by a marker that is not a number.
    fn written(
        rows: &[(u32, String)],
        order: &[usize],
        delimiter: u8,
        terminator: csv::Terminator,
        style: csv::QuoteStyle,
        bad: usize,
    ) -> Vec<u8> {
        let mut writer = csv::WriterBuilder::new()
            .delimiter(delimiter)
            .terminator(terminator)
            .quote_style(style)
            .from_writer(Vec::new());
        let header = ["id", "n", "text"];
        writer
            .write_record(order.iter().map(|&c| header[c]))
            .unwrap();
        for (i, (n, text)) in rows.iter().enumerate() {
            let n = if i == bad {
                "#bad#".to_string()
            } else {
                n.to_string()
            };
            let fields = [format!("r{i}"), n, text.clone()];
            writer
                .write_record(order.iter().map(|&c| &fields[c]))
                .unwrap();
        }
        writer.into_inner().unwrap()
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(96))]
        #[test]
        fn tables_read_back_as_written_and_problems_sit_on_their_lines(
            rows in proptest::collection::vec(
                (any::<u32>(), "[a-zа-яё ,;|\t\"'\n\r«»—🙂0-9.]{0,40}"),
                1..25,
            ),
            order in Just(vec![0usize, 1, 2]).prop_shuffle(),
            delimiter in proptest::sample::select(vec![b',', b';', b'\t', b'|']),
            terminator in proptest::sample::select(vec![
                csv::Terminator::Any(b'\n'),
                csv::Terminator::CRLF,
                csv::Terminator::Any(b'\r'),
            ]),
            style in proptest::sample::select(vec![
                csv::QuoteStyle::Necessary,
                csv::QuoteStyle::Always,
                csv::QuoteStyle::NonNumeric,
            ]),
            bad in any::<prop::sample::Index>(),
        ) {
            let bad = bad.index(rows.len());
            let bytes = written(&rows, &order, delimiter, terminator, style, bad);
            let dir = tempfile::tempdir().unwrap();
            let path = dir.path().join("t.csv");
            std::fs::write(&path, &bytes).unwrap();
            let columns = Columns { required: &["id", "n", "text"], optional: &[], open: None };
            let loaded = load_records(&path, &FileFormat::detected("t"), &columns, |row, problems| {
                let n = row.whole_number("n", problems)?;
                Some((row.get("id").to_string(), n, row.get("text").to_string()))
            })
            .unwrap();
            let expected: Vec<(String, u64, String)> = rows
                .iter()
                .enumerate()
                .filter(|(i, _)| *i != bad)
                .map(|(i, (n, text))| (format!("r{i}"), u64::from(*n), text.trim().to_string()))
                .collect();
            prop_assert_eq!(loaded.records.unwrap(), expected);
            let marker = bytes.windows(5).position(|w| w == b"#bad#").unwrap();
            let quoted = usize::from(bytes[marker - 1] == b'"');
            prop_assert_eq!(loaded.problems.len(), 1);
            let problem = &loaded.problems[0];
            prop_assert_eq!(problem.line, line_at(&bytes, marker - quoted));
            let column = order.iter().position(|&c| c == 1).unwrap() + 1;
            prop_assert_eq!(problem.column, Some(column));
        }
    }

    #[test]
    fn near_misses_are_a_slip_apart() {
        assert!(near("participnts", "participants"));
        assert!(near("dte", "date"));
        assert!(!near("url", "source"));
        assert!(!near("coder", "count"));
        assert!(!near("id", "ie"));
    }
}
