//! Loading the post corpus: CSV or JSON Lines, in the character encoding the config names.
//!
//! The id, text and date fields are the ones the config names; other fields are ignored, as
//! exports carry many. Bytes are decoded first (UTF-8 is checked, not repaired: a bad byte is
//! reported with its line and offset), so the CSV and JSON readers only ever see text. A post
//! with empty text is kept out of the analyses and listed, not rejected: exports hold such
//! posts (photos, shares) and a researcher should see how many.

use std::collections::BTreeMap;
use std::path::Path;

use chrono::DateTime;
use serde_json::Value;
use sha2::{Digest, Sha256};

use super::decode::decode;
use super::table::{load_records, Columns, Row};
use super::values;
use super::{FileSummary, Loaded};
use crate::config::{CorpusConfig, DateFormat};
use crate::error::{Problem, Result};
use crate::model::corpus::{Corpus, Post};

const JSON_DATE: &str = "a date such as 2019-12-31 or 2019-12-31T14:22:00+06:00, or Unix seconds";

/// A generic CSV corpus: the columns `section` names.
pub fn load_csv(path: &Path, section: &CorpusConfig) -> Result<Loaded<Corpus>> {
    let format = &section.file_format("corpus");
    let mut required = vec![section.id.as_str()];
    required.extend(section.text.or(&["text"]));
    required.extend(section.date.as_deref());
    required.extend(section.author.as_deref());
    required.extend(section.interactions.as_deref());
    required.extend(language_column(section));
    let columns = Columns {
        required: &required,
        optional: &[],
        open: None,
    };
    let mut seen = BTreeMap::new();
    let loaded = load_records(path, format, &columns, |row, problems| {
        csv_post(row, problems, &mut seen, section)
    })?;
    Ok(loaded.map(Corpus::from_posts))
}

/// The first of `columns` whose field is not empty, or nothing.
pub(crate) fn first_text<'a>(row: &Row<'a>, columns: &[&str]) -> &'a str {
    columns
        .iter()
        .map(|column| row.get(column))
        .find(|text| !text.is_empty())
        .unwrap_or("")
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
        problems.push(row.repeated(&section.id, first, "post"));
        return None;
    }
    let before = problems.len();
    let date = section
        .date
        .as_deref()
        .and_then(|column| row.timestamp(column, problems))
        .map(|t| t.local_date());
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
        text: first_text(row, &section.text.or(&["text"])).to_string(),
        language: language_column(section).map(|c| row.get(c).trim().to_string()),
    })
}

/// The language column, read only when several languages are listed.
fn language_column(section: &CorpusConfig) -> Option<&str> {
    section
        .language_column
        .as_deref()
        .filter(|_| section.language.is_mixed())
}

/// JSON Lines: one object a line, decoded as the input says; blank lines are skipped.
pub fn load_jsonl(path: &Path, section: &CorpusConfig) -> Result<Loaded<Corpus>> {
    let format = &section.file_format("corpus");
    let bytes = crate::read::bytes(path)?;
    let name = path.display().to_string();
    let sha256 = format!("{:x}", Sha256::digest(&bytes));
    let text = match decode(bytes, format, &name) {
        Ok(decoded) => decoded.text,
        Err(problem) => return Ok(Loaded::rejected(path, vec![problem])),
    };
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
        match json_post(line, section, format.date_format) {
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
    Ok(Loaded {
        summary: FileSummary {
            path: name,
            sha256,
            rows,
            rejected,
            read_as: None,
        },
        records: Some(corpus),
        problems,
        notices: Vec::new(),
    })
}

fn json_post(
    line: &str,
    section: &CorpusConfig,
    date_format: DateFormat,
) -> std::result::Result<Post, String> {
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
    let mut text = String::new();
    for field in section.text.or(&["text"]) {
        match object.get(field) {
            Some(Value::String(s)) if text.trim().is_empty() => text = s.clone(),
            None | Some(Value::Null | Value::String(_)) => {}
            other => return Err(field_problem(field, other, "the post's text as a string")),
        }
    }
    let date = match &section.date {
        None => None,
        Some(field) => match object.get(field) {
            None | Some(Value::Null) => None,
            Some(Value::String(s)) if s.is_empty() => None,
            Some(Value::String(s)) => Some(
                values::timestamp(s, date_format)
                    .map_err(|err| {
                        field_problem(field, object.get(field), &err.expected("corpus"))
                    })?
                    .local_date(),
            ),
            Some(Value::Number(n)) => Some(
                n.as_i64()
                    .and_then(|s| DateTime::from_timestamp(s, 0))
                    .map(|t| t.date_naive())
                    .ok_or_else(|| field_problem(field, object.get(field), JSON_DATE))?,
            ),
            other => return Err(field_problem(field, other, JSON_DATE)),
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
    let language = match language_column(section).map(|f| (f, object.get(f))) {
        None => None,
        Some((_, None | Some(Value::Null))) => Some(String::new()),
        Some((_, Some(Value::String(s)))) => Some(s.trim().to_string()),
        Some((field, other)) => {
            return Err(field_problem(field, other, "a language code such as ru"))
        }
    };
    Ok(Post {
        id,
        date,
        author,
        interactions,
        text,
        language,
    })
}

fn field_problem(field: &str, found: Option<&Value>, expected: &str) -> String {
    format!(
        "{field}: found {}, expected {expected}",
        super::json::describe(found)
    )
}
