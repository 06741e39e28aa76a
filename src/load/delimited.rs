//! The syntax of a delimited file: rows of fields, quoted as RFC 4180 and every spreadsheet
//! writes them, each field with the physical line it starts on.
//!
//! Written here rather than taken from the `csv` crate (which writes the site's tables), because
//! a reader of researchers' files must do three things that crate does not: tell the line a
//! field starts on whatever the line endings (`\n`, `\r\n`, a lone `\r`) and however many
//! quoted line breaks come before it; say that a quote was never closed, instead of reading
//! the rest of the file into one field; and guess the delimiter from the header. The scanner
//! works on the decoded text, byte by byte (delimiters, quotes and line breaks are ASCII, so
//! they never occur inside a multi-byte character), and keeps fields as spans of that text:
//! only a field with a doubled quote is copied.
//!
//! Blank lines, and rows whose fields are all empty (Excel's `;;;;` below a table), hold no
//! data and are skipped; their lines still count.

use memchr::memchr3;

use crate::config::Delimiter;

/// A quoted field may hold at most this many bytes; a longer one is taken for a quote that was
/// never closed.
pub const MAX_FIELD_BYTES: usize = 1 << 20;

/// How the file is split into fields.
#[derive(Debug, Clone, Copy)]
pub struct Syntax {
    /// The ASCII byte between fields: `,`, `;`, tab, `|`, or what an Excel `sep=` line names.
    pub delimiter: u8,
    /// Whether `"` opens a quoted field. YouTube Data Tools' first tab files have no quoting:
    /// a quote there is part of a title.
    pub quoting: bool,
    /// A quoted field running over more lines than this was never closed.
    pub max_field_lines: usize,
    /// How a quote is written inside a quoted field.
    pub escape: Escape,
}

/// How a writer puts a quote (and a line break) inside a quoted field.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Escape {
    /// Doubled (`""`), as RFC 4180, Excel, LibreOffice and Python's `csv` write it.
    Doubled,
    /// After a backslash (`\"`), as PHP's `fputcsv` writes a quote that follows a backslash
    /// (any other quote it doubles). As PHP's `fgetcsv` reads it, the backslash stays in the
    /// text.
    Php,
    /// Backslash escapes (`\\`, `\"`, `\t`, `\n`, `\r`), decoded, as Dataverse writes the
    /// text values of its `.tab` files.
    Backslash,
}

/// Why a file cannot be split into rows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SyntaxError {
    /// A quote opens a field at this line and column (the field's number) and is never
    /// closed, or runs on past the limits.
    Unclosed {
        /// 1-based line the opening quote is on.
        line: u64,
        /// 1-based number of the field in its row.
        column: usize,
        /// How the scan found that the quote was never closed.
        why: Overrun,
    },
    /// Offsets are kept in 32 bits.
    TooLarge,
}

/// How an unclosed quote showed itself.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Overrun {
    /// The file ended inside the field.
    EndOfFile,
    /// The field ran over more line breaks than this, the input's `max_field_lines`.
    Lines(usize),
    /// The field ran past [`MAX_FIELD_BYTES`] from its opening quote.
    Bytes,
    /// The field ran over line breaks to a quote on this line that is followed by text, not
    /// by a delimiter: the quote that opens a later field, taken as the closing one.
    ClosedBy(u64),
}

/// Text after a closing quote and before the next delimiter (`"a"b`): kept in the field, as
/// Python's `csv` keeps it, and reported, since it means a quote inside a quoted field was not
/// doubled.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StrayText {
    /// 1-based line the text is on.
    pub line: u64,
    /// 1-based number of the field in its row.
    pub column: usize,
    /// The text after the closing quote, up to the delimiter or the end of the line, as written.
    pub text: String,
}

#[derive(Debug, Clone, Copy)]
enum Cell {
    Span { line: u32, start: u32, end: u32 },
    Owned { line: u32, index: u32 },
}

#[derive(Debug, Clone, Copy)]
struct RowSpan {
    first: u32,
    count: u32,
}

/// The rows of a file, in order, the header first.
#[derive(Debug)]
pub struct Records {
    text: String,
    cells: Vec<Cell>,
    owned: Vec<String>,
    rows: Vec<RowSpan>,
    /// Text found after closing quotes, in file order.
    pub stray: Vec<StrayText>,
}

impl Records {
    /// How many rows there are, the header included and blank rows not.
    pub fn len(&self) -> usize {
        self.rows.len()
    }

    /// Whether there is no row at all, not even a header.
    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }

    /// How many fields row `row` has.
    pub fn width(&self, row: usize) -> usize {
        self.rows[row].count as usize
    }

    /// The field `column` (0-based) of row `row`, as written (unquoted, not trimmed).
    pub fn field(&self, row: usize, column: usize) -> Option<&str> {
        let span = self.rows[row];
        if column >= span.count as usize {
            return None;
        }
        Some(match self.cells[span.first as usize + column] {
            Cell::Span { start, end, .. } => &self.text[start as usize..end as usize],
            Cell::Owned { index, .. } => &self.owned[index as usize],
        })
    }

    /// The line row `row` starts on.
    pub fn line(&self, row: usize) -> u64 {
        self.line_of(self.rows[row].first as usize)
    }

    /// The line field `column` of row `row` starts on (the row's line for a missing field).
    pub fn field_line(&self, row: usize, column: usize) -> u64 {
        let span = self.rows[row];
        let at = span.first as usize + column.min(span.count.saturating_sub(1) as usize);
        self.line_of(at)
    }

    fn line_of(&self, cell: usize) -> u64 {
        match self.cells[cell] {
            Cell::Span { line, .. } | Cell::Owned { line, .. } => u64::from(line),
        }
    }

    /// The fields of row `row`, as written.
    pub fn fields_of_row(&self, row: usize) -> impl Iterator<Item = &str> {
        (0..self.width(row)).filter_map(move |column| self.field(row, column))
    }
}

/// Splits `text` into rows. A first line `sep=;` (which Excel writes and reads to name the
/// delimiter) is skipped, its line counted.
pub fn parse(text: String, syntax: &Syntax) -> Result<Records, SyntaxError> {
    match scan(text, syntax, usize::MAX) {
        (records, None) => Ok(records),
        (_, Some(err)) => Err(err),
    }
}

/// The delimiter a first line `sep=X` names, if there is one.
pub fn excel_separator(text: &str) -> Option<u8> {
    let first = text.lines().next()?;
    match first.trim_end().strip_prefix("sep=")?.as_bytes() {
        [byte] => Some(*byte),
        _ => None,
    }
}

/// The rows up to `max_rows`, and the error that stopped the scan, if one did.
fn scan(text: String, syntax: &Syntax, max_rows: usize) -> (Records, Option<SyntaxError>) {
    let mut records = Records {
        text: String::new(),
        cells: Vec::new(),
        owned: Vec::new(),
        rows: Vec::new(),
        stray: Vec::new(),
    };
    if u32::try_from(text.len()).is_err() {
        records.text = text;
        return (records, Some(SyntaxError::TooLarge));
    }
    let mut scanner = Scanner {
        bytes: text.as_bytes(),
        syntax,
        pos: 0,
        line: 1,
    };
    if excel_separator(&text).is_some() {
        scanner.skip_line();
    }
    let mut error = None;
    while scanner.pos < scanner.bytes.len() && records.rows.len() < max_rows {
        let first = records.cells.len();
        let mut all_empty = true;
        loop {
            let column = records.cells.len() - first + 1;
            match scanner.field(column, &mut records) {
                Ok((cell, end)) => {
                    all_empty &= match cell {
                        Cell::Span { start, end, .. } => {
                            text[start as usize..end as usize].trim().is_empty()
                        }
                        Cell::Owned { index, .. } => {
                            records.owned[index as usize].trim().is_empty()
                        }
                    };
                    records.cells.push(cell);
                    if end != End::Delimiter {
                        break;
                    }
                }
                Err(err) => {
                    error = Some(err);
                    break;
                }
            }
        }
        if error.is_some() {
            records.cells.truncate(first);
            break;
        }
        if all_empty {
            records.cells.truncate(first);
        } else {
            records.rows.push(RowSpan {
                first: first as u32,
                count: (records.cells.len() - first) as u32,
            });
        }
    }
    records.text = text;
    (records, error)
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum End {
    Delimiter,
    Line,
    File,
}

struct Scanner<'a> {
    bytes: &'a [u8],
    syntax: &'a Syntax,
    pos: usize,
    line: u64,
}

impl Scanner<'_> {
    /// Reads the field at `pos` and what ends it.
    fn field(&mut self, column: usize, records: &mut Records) -> Result<(Cell, End), SyntaxError> {
        let line = self.line as u32;
        if self.syntax.quoting && self.bytes.get(self.pos) == Some(&b'"') {
            return self.quoted(column, records);
        }
        let start = self.pos;
        let end = self.until_field_end();
        let cell = Cell::Span {
            line,
            start: start as u32,
            end: self.pos as u32,
        };
        Ok((cell, self.consume(end)))
    }

    /// Moves to the next delimiter or line break (or the end) and says which it is.
    fn until_field_end(&mut self) -> End {
        let rest = &self.bytes[self.pos..];
        match memchr3(self.syntax.delimiter, b'\n', b'\r', rest) {
            Some(offset) => {
                self.pos += offset;
                if rest[offset] == self.syntax.delimiter {
                    End::Delimiter
                } else {
                    End::Line
                }
            }
            None => {
                self.pos = self.bytes.len();
                End::File
            }
        }
    }

    /// Steps over the delimiter or line break at `pos`.
    fn consume(&mut self, end: End) -> End {
        match end {
            End::Delimiter => self.pos += 1,
            End::Line => self.line_break(),
            End::File => {}
        }
        end
    }

    /// Steps over the line break at `pos` (`\r\n` is one).
    fn line_break(&mut self) {
        let crlf = self.bytes[self.pos] == b'\r' && self.bytes.get(self.pos + 1) == Some(&b'\n');
        self.pos += if crlf { 2 } else { 1 };
        self.line += 1;
    }

    /// The offset in `rest` of the next byte a quoted field must look at.
    fn next_special(&self, rest: &[u8]) -> Option<usize> {
        match self.syntax.escape {
            Escape::Doubled => memchr3(b'"', b'\n', b'\r', rest),
            Escape::Php | Escape::Backslash => rest
                .iter()
                .position(|b| matches!(b, b'"' | b'\n' | b'\r' | b'\\')),
        }
    }

    /// Steps over the backslash at `pos` and what it escapes; returns where the text kept as
    /// written starts again.
    fn escaped(&mut self, segment: usize, unescaped: &mut Option<String>) -> usize {
        let next = self.bytes.get(self.pos + 1).copied();
        if self.syntax.escape == Escape::Php {
            self.pos += if next == Some(b'"') { 2 } else { 1 };
            return segment;
        }
        let decoded = match next {
            Some(b'\\') => '\\',
            Some(b'"') => '"',
            Some(b't') => '\t',
            Some(b'n') => '\n',
            Some(b'r') => '\r',
            _ => {
                self.pos += 1;
                return segment;
            }
        };
        let kept = unescaped.get_or_insert_with(String::new);
        kept.push_str(text_of(self.bytes, segment, self.pos));
        kept.push(decoded);
        self.pos += 2;
        self.pos
    }

    fn skip_line(&mut self) {
        match memchr::memchr2(b'\n', b'\r', self.bytes) {
            Some(at) => {
                self.pos = at;
                self.line_break();
            }
            None => self.pos = self.bytes.len(),
        }
    }

    fn quoted(&mut self, column: usize, records: &mut Records) -> Result<(Cell, End), SyntaxError> {
        let (open_line, open_pos) = (self.line, self.pos);
        let unclosed = |why| SyntaxError::Unclosed {
            line: open_line,
            column,
            why,
        };
        self.pos += 1;
        let mut segment = self.pos;
        let mut unescaped: Option<String> = None;
        let mut lines = 0;
        let close = loop {
            let rest = &self.bytes[self.pos..];
            let Some(offset) = self.next_special(rest) else {
                return Err(unclosed(Overrun::EndOfFile));
            };
            self.pos += offset;
            if self.pos - open_pos > MAX_FIELD_BYTES {
                return Err(unclosed(Overrun::Bytes));
            }
            if rest[offset] == b'\\' {
                segment = self.escaped(segment, &mut unescaped);
            } else if rest[offset] != b'"' {
                self.line_break();
                lines += 1;
                if lines > self.syntax.max_field_lines {
                    return Err(unclosed(Overrun::Lines(self.syntax.max_field_lines)));
                }
            } else if self.bytes.get(self.pos + 1) == Some(&b'"') {
                let kept = unescaped.get_or_insert_with(String::new);
                kept.push_str(text_of(self.bytes, segment, self.pos + 1));
                self.pos += 2;
                segment = self.pos;
            } else {
                let close = self.pos;
                self.pos += 1;
                break close;
            }
        };
        let end = self.until_field_end();
        let stray = (self.pos > close + 1).then(|| text_of(self.bytes, close + 1, self.pos));
        if stray.is_some() && lines > 0 {
            return Err(unclosed(Overrun::ClosedBy(self.line)));
        }
        let line = open_line as u32;
        let cell = if unescaped.is_none() && stray.is_none() {
            Cell::Span {
                line,
                start: segment as u32,
                end: close as u32,
            }
        } else {
            let mut kept = unescaped.unwrap_or_default();
            kept.push_str(text_of(self.bytes, segment, close));
            if let Some(stray) = stray {
                kept.push_str(stray);
                records.stray.push(StrayText {
                    line: self.line,
                    column,
                    text: stray.to_string(),
                });
            }
            records.owned.push(kept);
            Cell::Owned {
                line,
                index: (records.owned.len() - 1) as u32,
            }
        };
        Ok((cell, self.consume(end)))
    }
}

/// The text between two offsets that lie on character boundaries (next to ASCII bytes).
fn text_of(bytes: &[u8], start: usize, end: usize) -> &str {
    std::str::from_utf8(&bytes[start..end]).expect("ASCII delimiters fall on char boundaries")
}

/// Rows read for guessing the delimiter.
const SAMPLE_ROWS: usize = 50;

/// What the header and the first rows say about each candidate delimiter.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Candidate {
    /// One of [`Delimiter::CANDIDATES`], the one this candidate splits by.
    pub delimiter: Delimiter,
    /// The header's names, as this delimiter splits them.
    pub header: Vec<String>,
    /// How many of them are columns the loader knows.
    pub known: usize,
    /// Whether every sampled row is as wide as the header.
    pub consistent: bool,
}

/// The delimiter of `text`: the candidate whose header holds the most known columns (ties
/// broken by rows as wide as the header); without any known column, the first candidate that
/// splits every sampled row as wide as a header of two or more columns. `Err` gives the tied
/// candidates.
pub fn detect(
    text: &str,
    quoting: bool,
    known: &dyn Fn(&str) -> bool,
) -> Result<Delimiter, Vec<Candidate>> {
    if let Some(byte) = excel_separator(text) {
        return Ok(Delimiter(byte));
    }
    let sample_end = sample_end(text);
    let candidates: Vec<Candidate> = Delimiter::CANDIDATES
        .iter()
        .map(|&delimiter| candidate(&text[..sample_end], delimiter, quoting, known))
        .collect();
    let best = candidates.iter().map(|c| c.known).max().unwrap_or(0);
    if best > 0 {
        let top: Vec<&Candidate> = candidates.iter().filter(|c| c.known == best).collect();
        let consistent: Vec<&Candidate> = top.iter().copied().filter(|c| c.consistent).collect();
        return match (top.as_slice(), consistent.as_slice()) {
            ([only], _) | (_, [only]) => Ok(only.delimiter),
            _ => Err(top.into_iter().cloned().collect()),
        };
    }
    Ok(candidates
        .iter()
        .filter(|c| c.consistent && c.header.len() >= 2)
        .max_by_key(|c| (c.header.len(), std::cmp::Reverse(rank(c.delimiter))))
        .map_or(Delimiter(b','), |c| c.delimiter))
}

fn rank(delimiter: Delimiter) -> usize {
    Delimiter::CANDIDATES
        .iter()
        .position(|&d| d == delimiter)
        .unwrap_or(usize::MAX)
}

/// Where the sample for guessing ends: a little past the first 64 KB, at a line break.
fn sample_end(text: &str) -> usize {
    const SAMPLE_BYTES: usize = 64 * 1024;
    if text.len() <= SAMPLE_BYTES {
        return text.len();
    }
    match memchr::memchr(b'\n', &text.as_bytes()[SAMPLE_BYTES..]) {
        Some(at) => SAMPLE_BYTES + at + 1,
        None => text.len(),
    }
}

fn candidate(
    sample: &str,
    delimiter: Delimiter,
    quoting: bool,
    known: &dyn Fn(&str) -> bool,
) -> Candidate {
    let syntax = Syntax {
        delimiter: delimiter.0,
        quoting,
        max_field_lines: usize::MAX,
        escape: Escape::Doubled,
    };
    let (records, _) = scan(sample.to_string(), &syntax, SAMPLE_ROWS + 1);
    if records.is_empty() {
        return Candidate {
            delimiter,
            header: Vec::new(),
            known: 0,
            consistent: false,
        };
    }
    let header: Vec<String> = records
        .fields_of_row(0)
        .map(|h| h.trim().to_string())
        .collect();
    let width = header
        .iter()
        .rposition(|h| !h.is_empty())
        .map_or(0, |i| i + 1);
    let consistent = (1..records.len()).all(|row| {
        let fields: Vec<&str> = records.fields_of_row(row).collect();
        fields.len() >= width && fields[width..].iter().all(|f| f.trim().is_empty())
    });
    Candidate {
        delimiter,
        known: header.iter().filter(|h| known(h)).count(),
        header,
        consistent,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn syntax(delimiter: u8, quoting: bool, max_field_lines: usize) -> Syntax {
        Syntax {
            delimiter,
            quoting,
            max_field_lines,
            escape: Escape::Doubled,
        }
    }

    #[test]
    fn backslash_escapes_as_php_and_dataverse_write_them() {
        let php = Syntax {
            escape: Escape::Php,
            ..syntax(b',', true, 10)
        };
        let records = parse(
            r#"a,b
"say \"hi\" now","it ""works"""
"#
            .to_string(),
            &php,
        )
        .unwrap();
        assert_eq!(records.field(1, 0), Some(r#"say \"hi\" now"#));
        assert_eq!(records.field(1, 1), Some(r#"it "works""#));
        let dataverse = Syntax {
            escape: Escape::Backslash,
            ..syntax(b'\t', true, 10)
        };
        let records = parse(
            "id\ttext\n1\t\"a \\\"quote\\\" and\\ttab\\\\\"\n2\t\"\"\n".to_string(),
            &dataverse,
        )
        .unwrap();
        assert_eq!(records.field(1, 1), Some("a \"quote\" and\ttab\\"));
        assert_eq!(records.field(2, 1), Some(""));
    }

    fn rows(text: &str) -> Vec<(u64, Vec<String>)> {
        let syntax = syntax(b',', true, 1000);
        let records = parse(text.to_string(), &syntax).unwrap();
        (0..records.len())
            .map(|r| {
                (
                    records.line(r),
                    records.fields_of_row(r).map(str::to_string).collect(),
                )
            })
            .collect()
    }

    fn unclosed(text: &str, max_field_lines: usize) -> SyntaxError {
        let syntax = syntax(b',', true, max_field_lines);
        parse(text.to_string(), &syntax).unwrap_err()
    }

    #[test]
    fn every_line_ending_counts_one_line() {
        let lines: Vec<u64> = rows("a,b\r\n1,2\n3,4\r5,6\r\n\r\n7,8")
            .into_iter()
            .map(|(line, _)| line)
            .collect();
        assert_eq!(lines, [1, 2, 3, 4, 6]);
    }

    #[test]
    fn quoted_line_breaks_and_doubled_quotes() {
        assert_eq!(
            rows("id,text\r\n1,\"two\r\nlines, \"\"quoted\"\"\"\r\n2,x\r\n"),
            [
                (1, vec!["id".to_string(), "text".into()]),
                (2, vec!["1".into(), "two\r\nlines, \"quoted\"".into()]),
                (4, vec!["2".into(), "x".into()]),
            ]
        );
    }

    #[test]
    fn empty_fields_and_empty_rows() {
        assert_eq!(
            rows("a,b,\n,,\n\"\",\n1,,\n"),
            [
                (1, vec!["a".to_string(), "b".into(), "".into()]),
                (4, vec!["1".into(), "".into(), "".into()]),
            ]
        );
    }

    #[test]
    fn an_unclosed_quote_is_reported_where_it_opens() {
        assert_eq!(
            unclosed("id,text\n1,ok\n2,\"never closed\n3,x\n", 1000),
            SyntaxError::Unclosed {
                line: 3,
                column: 2,
                why: Overrun::EndOfFile
            }
        );
        assert_eq!(
            unclosed("id,text\n1,\"a\nb\nc\nd\"\n", 2),
            SyntaxError::Unclosed {
                line: 2,
                column: 2,
                why: Overrun::Lines(2)
            }
        );
    }

    #[test]
    fn a_quote_that_runs_into_a_later_field_is_unclosed_where_it_opens() {
        assert_eq!(
            unclosed("id,text\n1,\"opened\n2,\"quoted, as written\"\n", 1000),
            SyntaxError::Unclosed {
                line: 2,
                column: 2,
                why: Overrun::ClosedBy(3)
            }
        );
    }

    #[test]
    fn text_after_a_closing_quote_is_kept_and_reported() {
        let syntax = syntax(b',', true, 10);
        let records = parse("a,b\n1,\"He said \"hi\" there\"\n".to_string(), &syntax).unwrap();
        assert_eq!(records.field(1, 1), Some("He said hi\" there\""));
        assert_eq!(
            records.stray,
            [StrayText {
                line: 2,
                column: 2,
                text: "hi\" there\"".into()
            }]
        );
    }

    #[test]
    fn without_quoting_a_quote_is_text() {
        let syntax = syntax(b'\t', false, 10);
        let records = parse("a\tb\n\"x\t y\"z\n".to_string(), &syntax).unwrap();
        assert_eq!(records.field(1, 0), Some("\"x"));
        assert_eq!(records.field(1, 1), Some(" y\"z"));
    }

    #[test]
    fn excel_sep_line_names_the_delimiter_and_is_skipped() {
        let text = "sep=;\r\nid;text\r\n1;a,b\r\n";
        assert_eq!(detect(text, true, &|_| false), Ok(Delimiter(b';')));
        let syntax = syntax(b';', true, 10);
        let records = parse(text.to_string(), &syntax).unwrap();
        assert_eq!(records.line(0), 2);
        assert_eq!(records.field(1, 1), Some("a,b"));
    }

    #[test]
    fn the_delimiter_is_the_one_that_finds_known_columns() {
        let known = |name: &str| ["event_id", "date", "form"].contains(&name);
        let semicolons = "event_id;date;form\ne1;2019;protest, large\n";
        assert_eq!(detect(semicolons, true, &known), Ok(Delimiter(b';')));
        let tabs = "event_id\tdate\tform\ne1\t2019\tprotest; large\n";
        assert_eq!(detect(tabs, true, &known), Ok(Delimiter(b'\t')));
        let unknown = "a|b|c\n1|2|3\n";
        assert_eq!(detect(unknown, true, &known), Ok(Delimiter(b'|')));
        let tied = detect("event_id,date;form\n1,2;3\n", true, &known).unwrap_err();
        let tied: Vec<u8> = tied.iter().map(|c| c.delimiter.0).collect();
        assert_eq!(tied, [b',', b';']);
    }
}
