//! What the JSON exports (Facebook, Telegram, the YouTube Data API) share: reading a file or a
//! folder of parts, locating a value by its JSON path, and saying what was found there.
//!
//! These exports are written whole by their tools, so they are read whole into a
//! `serde_json::Value`. A value is located by its path (`messages[3].date_unixtime`), which a
//! reader can follow in any JSON viewer; a file that is not JSON at all is located by the line
//! and column serde_json reports.

use std::cmp::Ordering;
use std::fmt;
use std::path::{Path, PathBuf};

use serde_json::Value;
use sha2::{Digest, Sha256};

use super::{FileSummary, Loaded};
use crate::error::{Error, Problem, Result};

/// One JSON file read and parsed.
pub struct JsonFile {
    /// How problems name the file.
    pub name: String,
    /// Lowercase hex SHA-256 of the file's bytes, byte-order mark included.
    pub sha256: String,
    /// The whole document, parsed after any UTF-8 byte-order mark.
    pub value: Value,
}

/// Reads and parses `path`; a file that is not JSON is a problem at its line and column.
pub fn read(path: &Path) -> Result<std::result::Result<JsonFile, Problem>> {
    let bytes = crate::read::bytes(path)?;
    let name = path.display().to_string();
    let sha256 = format!("{:x}", Sha256::digest(&bytes));
    let text = bytes.strip_prefix("\u{FEFF}".as_bytes()).unwrap_or(&bytes);
    Ok(match serde_json::from_slice(text) {
        Ok(value) => Ok(JsonFile {
            name,
            sha256,
            value,
        }),
        Err(err) => Err(Problem {
            file: name,
            line: err.line() as u64,
            column: Some(err.column()),
            message: format!("found invalid JSON ({err}), expected the export's JSON"),
        }),
    })
}

/// The files of an input given as one file or as a folder of parts: a folder gives its files
/// that `is_part` accepts, in natural order (`page_2` before `page_10`). An empty list means
/// the folder holds no part.
pub fn parts(path: &Path, is_part: fn(&str) -> bool) -> Result<Vec<PathBuf>> {
    if !path.is_dir() {
        return Ok(vec![path.to_path_buf()]);
    }
    let entries = std::fs::read_dir(path).map_err(|source| Error::read(path, source))?;
    let mut found = Vec::new();
    for entry in entries {
        let entry = entry.map_err(|source| Error::read(path, source))?;
        let name = entry.file_name().to_string_lossy().into_owned();
        if entry.path().is_file() && is_part(&name) {
            found.push((name, entry.path()));
        }
    }
    found.sort_by(|a, b| natural_order(&a.0, &b.0));
    Ok(found.into_iter().map(|(_, path)| path).collect())
}

/// Reads and parses every part of `path` (see [`parts`]); a folder without a part, or a part
/// that is not JSON, is the one problem returned. `part` names a part (`posts file`) and
/// `expected` says what the folder should hold.
pub fn read_parts(
    path: &Path,
    is_part: fn(&str) -> bool,
    (part, expected): (&str, &str),
) -> Result<std::result::Result<Vec<JsonFile>, Problem>> {
    let parts = parts(path, is_part)?;
    if parts.is_empty() {
        return Ok(Err(Problem {
            file: path.display().to_string(),
            line: 0,
            column: None,
            message: format!("found no {part} in the folder, expected {expected}"),
        }));
    }
    let mut files = Vec::new();
    for part in &parts {
        match read(part)? {
            Ok(file) => files.push(file),
            Err(problem) => return Ok(Err(problem)),
        }
    }
    Ok(Ok(files))
}

/// Orders names with their digit runs compared as numbers, then byte by byte.
pub fn natural_order(a: &str, b: &str) -> Ordering {
    fn chunks(s: &str) -> Vec<(bool, &str)> {
        let mut out = Vec::new();
        let mut start = 0;
        let bytes = s.as_bytes();
        for i in 1..=bytes.len() {
            if i == bytes.len() || bytes[i].is_ascii_digit() != bytes[start].is_ascii_digit() {
                out.push((bytes[start].is_ascii_digit(), &s[start..i]));
                start = i;
            }
        }
        out
    }
    let key = |s: &str| -> Vec<(u8, u128, String)> {
        chunks(s)
            .into_iter()
            .map(|(digits, text)| match digits {
                true => (0, text.parse().unwrap_or(u128::MAX), String::new()),
                false => (1, 0, text.to_string()),
            })
            .collect()
    };
    key(a).cmp(&key(b)).then_with(|| a.cmp(b))
}

/// The provenance of an input read from several files: the folder as configured and one
/// SHA-256 over each part's name and SHA-256, so that a changed part changes it.
pub fn summary(path: &Path, files: &[JsonFile], rows: usize, rejected: usize) -> FileSummary {
    let sha256 = match files {
        [one] => one.sha256.clone(),
        _ => {
            let mut hasher = Sha256::new();
            for file in files {
                let name = Path::new(&file.name)
                    .file_name()
                    .map(|n| n.to_string_lossy().into_owned())
                    .unwrap_or_default();
                hasher.update(format!("{name}\t{}\n", file.sha256));
            }
            format!("{:x}", hasher.finalize())
        }
    };
    FileSummary {
        path: path.display().to_string(),
        sha256,
        rows,
        rejected,
        read_as: None,
    }
}

/// Records read from JSON, with one problem for each rejected record.
pub fn loaded<T>(summary: FileSummary, records: T, problems: Vec<Problem>) -> Loaded<T> {
    Loaded {
        summary,
        records: Some(records),
        problems,
        notices: Vec::new(),
    }
}

/// Where a value sits in a JSON document: `messages[3].text`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct JsonPath(String);

impl JsonPath {
    /// The whole document; problems at it say `(the whole file)`.
    pub fn root() -> JsonPath {
        JsonPath(String::new())
    }

    /// The member `key` of the object here: `messages`, `messages[3].text`.
    pub fn key(&self, key: &str) -> JsonPath {
        if self.0.is_empty() {
            JsonPath(key.to_string())
        } else {
            JsonPath(format!("{}.{key}", self.0))
        }
    }

    /// The element `index` (0-based) of the array here: `messages[3]`, or `[3]` at the root.
    pub fn index(&self, index: usize) -> JsonPath {
        JsonPath(format!("{}[{index}]", self.0))
    }

    /// A problem with the value at this path of `file`.
    pub fn problem(&self, file: &str, found: Option<&Value>, expected: &str) -> Problem {
        let at = if self.0.is_empty() {
            "(the whole file)"
        } else {
            &self.0
        };
        Problem {
            file: file.to_string(),
            line: 0,
            column: None,
            message: format!("{at}: found {}, expected {expected}", describe(found)),
        }
    }
}

impl fmt::Display for JsonPath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// What a problem says was found: the value itself when it is short, else its kind.
pub fn describe(found: Option<&Value>) -> String {
    match found {
        None => "no such field".into(),
        Some(Value::String(s)) if s.chars().count() <= 60 => format!("\"{}\"", s.escape_debug()),
        Some(Value::String(_)) => "a long string".into(),
        Some(value @ (Value::Number(_) | Value::Bool(_))) => value.to_string(),
        Some(value) => kind(value).into(),
    }
}

/// The value's JSON type in a message's words: `null`, `a string`, `an object`, ...
pub fn kind(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

/// A count the YouTube Data API writes as a JSON string (`"1138351"`); a number is accepted
/// too. Absent or null is `None` (the count is hidden).
pub(crate) fn count(value: Option<&Value>) -> std::result::Result<Option<u64>, ()> {
    match value {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) => s.trim().parse().map(Some).map_err(|_| ()),
        Some(Value::Number(n)) => n.as_u64().map(Some).ok_or(()),
        Some(_) => Err(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_read_as_written() {
        let at = JsonPath::root().key("messages").index(3).key("text");
        assert_eq!(at.to_string(), "messages[3].text");
        let problem = at.problem("result.json", Some(&Value::Bool(true)), "a string");
        assert_eq!(
            problem.to_string(),
            "result.json: messages[3].text: found true, expected a string"
        );
    }

    #[test]
    fn parts_sort_naturally() {
        let mut names = vec!["page_10.json", "page_2.json", "page_1.json", "a.json"];
        names.sort_by(|a, b| natural_order(a, b));
        assert_eq!(
            names,
            ["a.json", "page_1.json", "page_2.json", "page_10.json"]
        );
    }

    #[test]
    fn counts_are_strings_or_numbers() {
        assert_eq!(count(Some(&Value::from("12"))), Ok(Some(12)));
        assert_eq!(count(Some(&Value::from(12))), Ok(Some(12)));
        assert_eq!(count(None), Ok(None));
        assert_eq!(count(Some(&Value::from("1,2"))), Err(()));
    }
}
