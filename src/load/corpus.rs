//! Loading the post corpus: CSV or JSON Lines, in the character encoding the config names.
//!
//! The id, text and date fields are the ones the config names; other fields are ignored, as
//! exports carry many. Bytes are decoded first (UTF-8 is checked, not repaired: a bad byte is
//! reported with its line and offset), so the CSV and JSON readers only ever see text. A post
//! with empty text is kept out of the analyses and listed, not rejected: exports hold such
//! posts (photos, shares) and a researcher should see how many.

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::path::Path;

use chrono::{DateTime, NaiveDate};
use serde_json::Value;
use sha2::{Digest, Sha256};

use super::table::{records_of, Columns, CsvFile, Row};
use super::{InputSummary, Loaded};
use crate::config::{CorpusConfig, CorpusFormat};
use crate::error::{Error, Problem, Result};

/// One post with text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Post {
    pub id: String,
    pub date: Option<NaiveDate>,
    /// Who posted it, as the export names them (a page, a channel, a user), when it does.
    pub author: Option<String>,
    /// Likes, comments and shares together, when the export counts them.
    pub interactions: Option<u64>,
    pub text: String,
}

impl Post {
    /// A post with only an id, a date and a text.
    pub fn new(id: impl Into<String>, date: Option<NaiveDate>, text: impl Into<String>) -> Post {
        Post {
            id: id.into(),
            date,
            author: None,
            interactions: None,
            text: text.into(),
        }
    }
}

/// The posts of a corpus, in file order, and the ids of those without text.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Corpus {
    pub posts: Vec<Post>,
    pub empty: Vec<String>,
}

impl Corpus {
    /// The corpus of `posts`, in order, those without text counted apart.
    pub fn from_posts(posts: Vec<Post>) -> Corpus {
        let mut corpus = Corpus::default();
        for post in posts {
            corpus.push(post);
        }
        corpus
    }

    /// Adds `post` with its text trimmed, or only its id to `empty` when it has no text.
    pub fn push(&mut self, mut post: Post) {
        let trimmed = post.text.trim();
        if trimmed.is_empty() {
            self.empty.push(post.id);
            return;
        }
        if trimmed.len() != post.text.len() {
            post.text = trimmed.to_string();
        }
        self.posts.push(post);
    }
}

const DATE_EXPECTED: &str = "a date as YYYY-MM-DD, an RFC 3339 time or Unix seconds";

/// Reads the corpus at `path` as `section` describes it.
pub fn load(path: &Path, section: &CorpusConfig) -> Result<Loaded<Corpus>> {
    match section.format {
        CorpusFormat::Facebook => return super::facebook::load(path),
        CorpusFormat::Telegram => return super::telegram::load(path),
        _ => {}
    }
    let bytes = std::fs::read(path).map_err(|source| Error::read(path, source))?;
    let name = path.display().to_string();
    let sha256 = format!("{:x}", Sha256::digest(&bytes));
    let text = match decode(&bytes, &section.encoding, &name)? {
        Ok(text) => text,
        Err(problem) => return Ok(Loaded::rejected(path, vec![problem])),
    };
    let text = text.strip_prefix('\u{FEFF}').unwrap_or(&text);
    Ok(match section.format {
        CorpusFormat::Jsonl => load_jsonl(name, sha256, text, section),
        CorpusFormat::Crowdtangle => super::crowdtangle::load_text(name, sha256, text),
        _ => load_csv(name, sha256, text, section),
    })
}

/// Decodes `bytes`; a byte sequence that is not valid in the encoding is a problem.
fn decode<'a>(
    bytes: &'a [u8],
    encoding: &str,
    name: &str,
) -> Result<std::result::Result<Cow<'a, str>, Problem>> {
    let label = encoding.trim().to_ascii_lowercase();
    let decoded = match label.as_str() {
        "utf-8" | "utf8" => {
            return Ok(std::str::from_utf8(bytes)
                .map(Cow::Borrowed)
                .map_err(|err| not_utf8(bytes, err.valid_up_to(), name)));
        }
        // WHATWG maps these labels to windows-1252; ISO 8859-1 proper is the first 256 code
        // points, byte for byte.
        "latin-1" | "latin1" | "iso-8859-1" | "iso8859-1" => {
            return Ok(Ok(encoding_rs::mem::decode_latin1(bytes)));
        }
        "mac-roman" | "macroman" | "mac_roman" => {
            encoding_rs::MACINTOSH.decode_without_bom_handling(bytes)
        }
        other => match encoding_rs::Encoding::for_label(other.as_bytes()) {
            Some(found) => found.decode_without_bom_handling(bytes),
            None => {
                return Err(Error::config(
                    "corpus.encoding",
                    format!(
                        "found \"{}\", expected utf-8, windows-1252, latin-1, mac-roman or \
                         another WHATWG encoding label",
                        encoding.escape_debug()
                    ),
                ))
            }
        },
    };
    let (text, had_errors) = decoded;
    Ok(if had_errors {
        Err(Problem {
            file: name.to_string(),
            line: 0,
            column: None,
            message: format!("found bytes that are not valid {encoding}, expected {encoding} text"),
        })
    } else {
        Ok(text)
    })
}

fn not_utf8(bytes: &[u8], offset: usize, name: &str) -> Problem {
    let before = &bytes[..offset];
    let line = before.iter().filter(|&&b| b == b'\n').count() as u64 + 1;
    let line_start = before
        .iter()
        .rposition(|&b| b == b'\n')
        .map_or(0, |i| i + 1);
    Problem {
        file: name.to_string(),
        line,
        column: None,
        message: format!(
            "found a byte that is not UTF-8 (0x{:02X}) at byte offset {offset} of the file \
             (byte {} of the line), expected UTF-8 text; if the file is in another encoding, \
             name it in corpus.encoding (windows-1252, latin-1, mac-roman)",
            bytes[offset],
            offset - line_start + 1
        ),
    }
}

fn load_csv(name: String, sha256: String, text: &str, section: &CorpusConfig) -> Loaded<Corpus> {
    let mut required = vec![section.id.as_str(), section.text.as_str()];
    required.extend(section.date.as_deref());
    required.extend(section.author.as_deref());
    required.extend(section.interactions.as_deref());
    let columns = Columns {
        required: &required,
        optional: &[],
        open: Some((|_| true, "any other column")),
    };
    let file = match CsvFile::parse(name.clone(), sha256, text.as_bytes(), &columns) {
        Ok(file) => file,
        Err(problems) => return Loaded::rejected(Path::new(&name), problems),
    };
    let mut seen = BTreeMap::new();
    records_of(file, |row, problems| {
        csv_post(row, problems, &mut seen, section)
    })
    .map(Corpus::from_posts)
}

fn csv_post(
    row: &Row<'_>,
    problems: &mut Vec<Problem>,
    seen: &mut BTreeMap<String, u64>,
    section: &CorpusConfig,
) -> Option<Post> {
    let id = row.get(&section.id);
    if id.is_empty() {
        problems.push(row.problem(&section.id, "a post id"));
        return None;
    }
    if let Some(first) = row.first_line_of(id.to_string(), seen) {
        let message = format!(
            "{}: found the id \"{id}\" again, first on line {first}, expected each post once",
            section.id
        );
        problems.push(row.problem_message(&section.id, message));
        return None;
    }
    let date = match &section.date {
        Some(column) => match csv_date(row, column) {
            Ok(date) => date,
            Err(problem) => {
                problems.push(problem);
                return None;
            }
        },
        None => None,
    };
    let before = problems.len();
    let interactions = section
        .interactions
        .as_deref()
        .and_then(|column| row.whole_number(column, problems));
    if problems.len() > before {
        return None;
    }
    let author = section.author.as_deref().map(|c| row.get(c));
    Some(Post {
        id: id.to_string(),
        date,
        author: author.filter(|a| !a.is_empty()).map(str::to_string),
        interactions,
        text: row.get(&section.text).to_string(),
    })
}

fn csv_date(row: &Row<'_>, column: &str) -> std::result::Result<Option<NaiveDate>, Problem> {
    let field = row.get(column);
    if field.is_empty() {
        return Ok(None);
    }
    parse_date(field)
        .map(Some)
        .ok_or_else(|| row.problem(column, DATE_EXPECTED))
}

/// `YYYY-MM-DD`, an RFC 3339 time (its date as written, in its own offset), or Unix seconds
/// (the UTC date).
pub fn parse_date(field: &str) -> Option<NaiveDate> {
    if field.len() == 10 {
        if let Ok(date) = NaiveDate::parse_from_str(field, "%Y-%m-%d") {
            return Some(date);
        }
    }
    if let Ok(time) = DateTime::parse_from_rfc3339(field) {
        return Some(time.date_naive());
    }
    let digits = field.strip_prefix('-').unwrap_or(field);
    if !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()) {
        let seconds: i64 = field.parse().ok()?;
        return DateTime::from_timestamp(seconds, 0).map(|t| t.date_naive());
    }
    None
}

fn load_jsonl(name: String, sha256: String, text: &str, section: &CorpusConfig) -> Loaded<Corpus> {
    let mut problems = Vec::new();
    let mut corpus = Corpus::default();
    let mut seen: BTreeMap<String, u64> = BTreeMap::new();
    let mut rows = 0;
    for (index, line) in text.lines().enumerate() {
        let line_number = index as u64 + 1;
        if line.trim().is_empty() {
            continue;
        }
        rows += 1;
        let problem = |message: String| Problem {
            file: name.clone(),
            line: line_number,
            column: None,
            message,
        };
        match json_post(line, section) {
            Err(message) => problems.push(problem(message)),
            Ok(post) => match seen.get(&post.id) {
                Some(first) => problems.push(problem(format!(
                    "{}: found the id \"{}\" again, first on line {first}, expected each post once",
                    section.id, post.id
                ))),
                None => {
                    seen.insert(post.id.clone(), line_number);
                    corpus.push(post);
                }
            },
        }
    }
    let rejected = problems.len();
    Loaded {
        summary: InputSummary {
            name: String::new(),
            path: name,
            sha256,
            rows,
            rejected,
        },
        records: Some(corpus),
        problems,
    }
}

fn json_post(line: &str, section: &CorpusConfig) -> std::result::Result<Post, String> {
    let value: Value = serde_json::from_str(line)
        .map_err(|err| format!("found invalid JSON ({err}), expected one JSON object per line"))?;
    let Value::Object(object) = &value else {
        return Err(format!(
            "found {}, expected a JSON object",
            super::json::kind(&value)
        ));
    };
    let id = match object.get(&section.id) {
        Some(Value::String(s)) if !s.trim().is_empty() => s.trim().to_string(),
        Some(Value::Number(n)) => n.to_string(),
        other => {
            return Err(field_problem(
                &section.id,
                other,
                "a post id (string or number)",
            ))
        }
    };
    let text = match object.get(&section.text) {
        Some(Value::String(s)) => s.clone(),
        Some(Value::Null) => String::new(),
        other => {
            return Err(field_problem(
                &section.text,
                other,
                "the post's text as a string",
            ))
        }
    };
    let date = match &section.date {
        None => None,
        Some(field) => match object.get(field) {
            None | Some(Value::Null) => None,
            Some(Value::String(s)) if s.is_empty() => None,
            Some(Value::String(s)) => Some(
                parse_date(s.trim())
                    .ok_or_else(|| field_problem(field, object.get(field), DATE_EXPECTED))?,
            ),
            Some(Value::Number(n)) => Some(
                n.as_i64()
                    .and_then(|s| DateTime::from_timestamp(s, 0))
                    .map(|t| t.date_naive())
                    .ok_or_else(|| field_problem(field, object.get(field), DATE_EXPECTED))?,
            ),
            other => return Err(field_problem(field, other, DATE_EXPECTED)),
        },
    };
    let author = match section.author.as_deref().map(|f| (f, object.get(f))) {
        None | Some((_, None | Some(Value::Null))) => None,
        Some((_, Some(Value::String(s)))) => Some(s.trim().to_string()).filter(|s| !s.is_empty()),
        Some((_, Some(Value::Number(n)))) => Some(n.to_string()),
        Some((field, other)) => return Err(field_problem(field, other, "the author's name")),
    };
    let interactions = match section.interactions.as_deref() {
        None => None,
        Some(field) => super::json::count(object.get(field))
            .map_err(|()| field_problem(field, object.get(field), "a whole number"))?,
    };
    Ok(Post {
        id,
        date,
        author,
        interactions,
        text,
    })
}

fn field_problem(field: &str, found: Option<&Value>, expected: &str) -> String {
    format!(
        "{field}: found {}, expected {expected}",
        super::json::describe(found)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_in_the_three_forms() {
        let day = NaiveDate::from_ymd_opt(2019, 6, 10).unwrap();
        assert_eq!(parse_date("2019-06-10"), Some(day));
        assert_eq!(parse_date("2019-06-10T23:30:00+06:00"), Some(day));
        assert_eq!(parse_date("2019-06-10T01:00:00Z"), Some(day));
        assert_eq!(parse_date("1560128400"), Some(day));
        assert_eq!(parse_date("10/06/2019"), None);
        assert_eq!(parse_date("2019-6-10"), None);
    }

    #[test]
    fn bad_utf8_names_line_and_offset() {
        let bytes = b"id,text\n1,caf\xe9\n";
        let problem = decode(bytes, "utf-8", "posts.csv").unwrap().unwrap_err();
        assert_eq!(problem.line, 2);
        assert!(
            problem.message.contains("byte offset 13"),
            "{}",
            problem.message
        );
        assert!(problem.message.contains("0xE9"), "{}", problem.message);
    }

    #[test]
    fn other_encodings_decode_through_encoding_rs() {
        let text =
            |bytes: &[u8], encoding| decode(bytes, encoding, "f").unwrap().unwrap().into_owned();
        assert_eq!(text(b"caf\xe9 \x93q\x94", "windows-1252"), "café “q”");
        assert_eq!(text(b"caf\xe9 \x93", "latin-1"), "café \u{93}");
        assert_eq!(text(b"caf\x8e \xd2q\xd3 \xc9", "mac-roman"), "café “q” …");
        assert!(decode(b"x", "klingon", "f").is_err());
    }
}
