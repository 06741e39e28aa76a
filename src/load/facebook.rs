//! Facebook's "Download your information" export, in JSON: the posts files.
//!
//! The posts are in `your_posts_1.json` (and `your_posts__check_ins__photos_and_videos_1.json`
//! in newer exports), split into numbered parts; the config names one part or the folder that
//! holds them, and a folder is read part by part in order. Each file is an array of posts with
//! a `timestamp` (Unix seconds) and `data: [{"post": ...}]`; a post's `title` ("X updated
//! their status") is Facebook's caption, not the post, and is not read.
//!
//! Facebook writes every UTF-8 byte of a text as its own `\u00XX` escape, so "Привет" arrives
//! as "ÐŸÑ€Ð¸Ð²ÐµÑ‚". [`repair_mojibake`] undoes it where it can be told apart from real
//! Latin-1 text. The export has no post ids; a post's id is `fb-` and its timestamp, stable
//! across exports (a later export adds posts, it does not renumber them), with `-2`, `-3` for
//! posts sharing a second.

use std::collections::BTreeMap;
use std::path::Path;

use chrono::DateTime;
use serde_json::Value;

use super::corpus::{Corpus, Post};
use super::json::{self, JsonFile, JsonPath};
use super::Loaded;
use crate::error::{Problem, Result};

/// Whether a file name is a part of the posts export.
fn is_posts_part(name: &str) -> bool {
    let Some(stem) = name.strip_suffix(".json") else {
        return false;
    };
    let numbered = |prefix: &str| {
        stem.strip_prefix(prefix)
            .is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
    };
    numbered("your_posts_") || numbered("your_posts__check_ins__photos_and_videos_")
}

/// Reads the posts file at `path`, or every posts part in the folder `path`.
pub fn load(path: &Path) -> Result<Loaded<Corpus>> {
    let expected = (
        "posts file",
        "your_posts_1.json (or your_posts__check_ins__photos_and_videos_1.json) and its \
         numbered parts",
    );
    let files = match json::read_parts(path, is_posts_part, expected)? {
        Ok(files) => files,
        Err(problem) => return Ok(Loaded::rejected(path, vec![problem])),
    };
    let mut corpus = Corpus::default();
    let mut problems = Vec::new();
    let mut per_second: BTreeMap<i64, u32> = BTreeMap::new();
    let mut rows = 0;
    for file in &files {
        let Some(posts) = posts_array(file) else {
            problems.push(JsonPath::root().problem(
                &file.name,
                Some(&file.value),
                "an array of posts, each with a timestamp and data",
            ));
            continue;
        };
        for (index, value) in posts.iter().enumerate() {
            rows += 1;
            let at = JsonPath::root().index(index);
            match post(value, &at, &file.name, &mut per_second) {
                Ok(post) => corpus.push(post),
                Err(problem) => problems.push(problem),
            }
        }
    }
    let rejected = problems.len();
    Ok(json::loaded(
        json::summary(path, &files, rows, rejected),
        corpus,
        problems,
    ))
}

/// The posts of a file: the array itself, or the one array an older export wraps it in.
fn posts_array(file: &JsonFile) -> Option<&Vec<Value>> {
    match &file.value {
        Value::Array(posts) => Some(posts),
        Value::Object(object) => {
            let arrays: Vec<&Vec<Value>> = object.values().filter_map(Value::as_array).collect();
            match arrays.as_slice() {
                [posts] => Some(posts),
                _ => None,
            }
        }
        _ => None,
    }
}

fn post(
    value: &Value,
    at: &JsonPath,
    file: &str,
    per_second: &mut BTreeMap<i64, u32>,
) -> std::result::Result<Post, Problem> {
    let Value::Object(object) = value else {
        return Err(at.problem(file, Some(value), "a post (a JSON object)"));
    };
    let timestamp = object.get("timestamp");
    let date = timestamp
        .and_then(Value::as_i64)
        .and_then(|s| DateTime::from_timestamp(s, 0).map(|t| (s, t.date_naive())));
    let Some((seconds, date)) = date else {
        return Err(at.key("timestamp").problem(file, timestamp, "Unix seconds"));
    };
    let mut texts = Vec::new();
    match object.get("data") {
        None | Some(Value::Null) => {}
        Some(Value::Array(items)) => {
            for (i, item) in items.iter().enumerate() {
                match item.get("post") {
                    None | Some(Value::Null) => {}
                    Some(Value::String(text)) => texts.push(repair_mojibake(text)),
                    other => {
                        let path = at.key("data").index(i).key("post");
                        return Err(path.problem(file, other, "the post's text as a string"));
                    }
                }
            }
        }
        other => return Err(at.key("data").problem(file, other, "an array")),
    }
    let count = per_second.entry(seconds).or_insert(0);
    *count += 1;
    let id = match *count {
        1 => format!("fb-{seconds}"),
        n => format!("fb-{seconds}-{n}"),
    };
    Ok(Post::new(id, Some(date), texts.join("\n\n")))
}

/// Undoes Facebook's byte-per-character escaping: when every character of `text` is below
/// U+0100 and, taken as bytes, they form valid UTF-8, the UTF-8 decoding of those bytes;
/// otherwise `text` as it is (real Latin-1 text such as "café" is not valid UTF-8 as bytes).
pub fn repair_mojibake(text: &str) -> String {
    if text.is_ascii() {
        return text.to_string();
    }
    let bytes: Option<Vec<u8>> = text.chars().map(|c| u8::try_from(c).ok()).collect();
    match bytes.map(String::from_utf8) {
        Some(Ok(repaired)) => repaired,
        _ => text.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escaped_utf8_bytes_become_cyrillic() {
        let escaped: String = "Привет, Алматы!".bytes().map(char::from).collect();
        assert_eq!(escaped.chars().next(), Some('Ð'));
        assert_eq!(repair_mojibake(&escaped), "Привет, Алматы!");
    }

    #[test]
    fn real_latin1_and_wide_text_are_kept() {
        assert_eq!(repair_mojibake("café"), "café");
        assert_eq!(repair_mojibake("Привет"), "Привет");
        assert_eq!(repair_mojibake("plain"), "plain");
    }

    #[test]
    fn part_names() {
        assert!(is_posts_part("your_posts_1.json"));
        assert!(is_posts_part(
            "your_posts__check_ins__photos_and_videos_12.json"
        ));
        assert!(!is_posts_part("your_posts_.json"));
        assert!(!is_posts_part("comments.json"));
    }
}
