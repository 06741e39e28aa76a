//! Facebook's "Download your information" export, in JSON: the posts files.
//!
//! Researchers unzip the export and name the folder, so the loader looks for the posts below
//! it. The posts are split into numbered parts whose names and folders changed over the years:
//!
//! - `posts/your_posts_1.json` (exports up to about 2021);
//! - `your_activity_across_facebook/posts/your_posts__check_ins__photos_and_videos_1.json`
//!   (about 2022);
//! - `your_facebook_activity/posts/your_posts__check_ins__photos_and_videos_1.json` (since
//!   about 2023);
//! - `profile_posts_1.json` in a Page's export (`this_profile's_activity_across_facebook/posts/`,
//!   or `posts/` in older ones).
//!
//! The config names one part, the folder holding the parts, or any folder above them up to
//! [`SEARCH_DEPTH`] levels (the export's root, or the folder it was unzipped into). Folders are
//! searched in natural order (`page_2` before `page_10`) and every other file (comments,
//! messages, photos, `posts_on_other_pages_and_profiles.json`) is passed over. The parts of one
//! export sit in one folder and share a name; parts found in two folders, or under two names,
//! are two exports (or an export and a copy), which is an error naming both rather than a
//! corpus of both. `check` lists the parts read.
//!
//! Each file is an array of posts with a `timestamp` (Unix seconds) and `data: [{"post":
//! ...}]`; a post's `title` ("X updated their status") is Facebook's caption, not the post, and
//! is not read, nor are its `attachments` (links, photos, places).
//!
//! Facebook writes every UTF-8 byte of a text as its own `\u00XX` escape, so "Привет" arrives
//! as "ÐŸÑ€Ð¸Ð²ÐµÑ‚". [`repair_mojibake`] undoes it where it can be told apart from real
//! Latin-1 text. The export has no post ids; a post's id is `fb-` and its timestamp, stable
//! across exports (a later export adds posts, it does not renumber them), with `-2`, `-3` for
//! posts sharing a second.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use chrono::DateTime;
use serde_json::Value;

use super::json::{self, JsonFile, JsonPath};
use super::table::ReadAs;
use super::Loaded;
use crate::error::{Error, Problem, Result};
use crate::model::corpus::{Corpus, Post};

/// How many folder levels below the configured folder the posts are looked for: the export's
/// root holds them two levels down, and the folder it was unzipped into adds one more.
pub const SEARCH_DEPTH: usize = 4;

/// The names of the posts parts, before their number: `your_posts_1.json`.
const PART_NAMES: [&str; 3] = [
    "your_posts_",
    "your_posts__check_ins__photos_and_videos_",
    "profile_posts_",
];

/// The name a posts part is numbered under (`your_posts_` for `your_posts_2.json`), if `name`
/// is one.
fn part_name(name: &str) -> Option<&'static str> {
    let stem = name.strip_suffix(".json")?;
    PART_NAMES.iter().copied().find(|prefix| {
        stem.strip_prefix(prefix)
            .is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
    })
}

/// The posts parts found below a folder, and the other JSON files passed over.
#[derive(Debug, Default)]
struct Found {
    /// The parts by folder (relative to the one searched) and name, each in natural order.
    exports: BTreeMap<(String, &'static str), Vec<(String, PathBuf)>>,
    /// Other JSON files, relative to the folder searched, in the order found.
    others: Vec<String>,
    /// Posts parts of an export in HTML (`your_posts_1.html`), which is not read.
    html: Vec<String>,
}

/// Looks for posts parts in `dir` and the folders below it, down to [`SEARCH_DEPTH`] levels.
/// Folders reached by a symbolic link are not entered, so a link cannot make the search loop.
fn search(dir: &Path) -> Result<Found> {
    let mut found = Found::default();
    let mut pending = vec![(dir.to_path_buf(), String::new(), 0)];
    while let Some((folder, relative, depth)) = pending.pop() {
        let entries = std::fs::read_dir(&folder).map_err(|source| Error::read(&folder, source))?;
        let mut files = Vec::new();
        let mut folders = Vec::new();
        for entry in entries {
            let entry = entry.map_err(|source| Error::read(&folder, source))?;
            let name = entry.file_name().to_string_lossy().into_owned();
            let kind = entry
                .file_type()
                .map_err(|source| Error::read(&entry.path(), source))?;
            if kind.is_dir() {
                folders.push((name, entry.path()));
            } else if entry.path().is_file() {
                files.push((name, entry.path()));
            }
        }
        files.sort_by(|a, b| json::natural_order(&a.0, &b.0));
        for (name, path) in files {
            let shown = format!("{relative}{name}");
            let html = name
                .strip_suffix(".html")
                .is_some_and(|stem| part_name(&format!("{stem}.json")).is_some());
            match part_name(&name) {
                Some(part) => found
                    .exports
                    .entry((relative.clone(), part))
                    .or_default()
                    .push((shown, path)),
                None if html => found.html.push(shown),
                None if name.to_ascii_lowercase().ends_with(".json") => found.others.push(shown),
                None => {}
            }
        }
        if depth < SEARCH_DEPTH {
            // Pushed last to first, so that the first folder is searched first.
            folders.sort_by(|a, b| json::natural_order(&b.0, &a.0));
            for (name, path) in folders {
                pending.push((path, format!("{relative}{name}/"), depth + 1));
            }
        }
    }
    Ok(found)
}

/// The parts to read for `path`: the file itself, or the parts of the one export below the
/// folder, each with the name `check` shows it by. A folder without posts, or with the posts
/// of two exports, is the one problem returned.
fn parts(path: &Path) -> Result<std::result::Result<Vec<(String, PathBuf)>, Problem>> {
    if !path.is_dir() {
        let name = path.file_name().map_or_else(
            || path.display().to_string(),
            |n| n.to_string_lossy().into(),
        );
        return Ok(Ok(vec![(name, path.to_path_buf())]));
    }
    let found = search(path)?;
    let problem = |message: String| Problem {
        file: path.display().to_string(),
        line: 0,
        column: None,
        message,
    };
    let mut exports: Vec<Vec<(String, PathBuf)>> = found.exports.into_values().collect();
    exports.sort_by(|a, b| json::natural_order(&a[0].0, &b[0].0));
    match exports.len() {
        0 => {
            let mut message = format!(
                "found no posts file in the folder or the {SEARCH_DEPTH} levels of folders \
                 below it, expected Facebook's export in JSON with your_posts_1.json, \
                 your_posts__check_ins__photos_and_videos_1.json or profile_posts_1.json (and \
                 their numbered parts)"
            );
            if let Some(first) = found.html.first() {
                message.push_str(&format!(
                    "; the posts found are in HTML ({first}), which is not read: download the \
                     export again with the format JSON"
                ));
            }
            if !found.others.is_empty() {
                let shown: Vec<&str> = found.others.iter().take(3).map(String::as_str).collect();
                let more = if found.others.len() > 3 { ", ..." } else { "" };
                message.push_str(&format!(
                    "; the JSON files found hold other data: {}{more}",
                    shown.join(", ")
                ));
            }
            Ok(Err(problem(message)))
        }
        1 => Ok(Ok(exports.remove(0))),
        _ => {
            let shown: Vec<String> = exports.iter().map(|parts| describe(parts)).collect();
            let (last, first) = shown.split_last().expect("two or more exports");
            Ok(Err(problem(format!(
                "found the posts of more than one export, {} and {last}, expected the posts \
                 of one: set `corpus.path` to the folder of the export to read",
                first.join(", ")
            ))))
        }
    }
}

/// One export's parts as messages show them: `posts/your_posts_1.json (2 parts)`.
fn describe(parts: &[(String, PathBuf)]) -> String {
    match parts {
        [one] => one.0.clone(),
        _ => format!("{} ({} parts)", parts[0].0, parts.len()),
    }
}

/// How `check` lists the parts read: all of them, or the first two and the last.
fn listing(parts: &[(String, PathBuf)]) -> String {
    let names: Vec<&str> = parts.iter().map(|(name, _)| name.as_str()).collect();
    let shown = match names.as_slice() {
        [first, second, .., last] if names.len() > 4 => {
            format!("{first}, {second}, ..., {last} ({} files)", names.len())
        }
        _ => names.join(", "),
    };
    format!("Facebook JSON export, posts from {shown}")
}

/// Reads the posts file at `path`, or the posts parts of the export in or below the folder
/// `path`.
pub fn load(path: &Path) -> Result<Loaded<Corpus>> {
    let parts = match parts(path)? {
        Ok(parts) => parts,
        Err(problem) => return Ok(Loaded::rejected(path, vec![problem])),
    };
    let mut files = Vec::new();
    for (_, part) in &parts {
        match json::read(part)? {
            Ok(file) => files.push(file),
            Err(problem) => return Ok(Loaded::rejected(path, vec![problem])),
        }
    }
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
    let mut summary = json::summary(path, &files, rows, rejected);
    summary.read_as = Some(ReadAs {
        description: listing(&parts),
        unused_columns: Vec::new(),
    });
    Ok(json::loaded(summary, corpus, problems))
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
    fn long_listings_show_the_first_parts_and_the_last() {
        let parts: Vec<(String, PathBuf)> = (1..=12)
            .map(|n| (format!("posts/your_posts_{n}.json"), PathBuf::new()))
            .collect();
        assert_eq!(
            listing(&parts),
            "Facebook JSON export, posts from posts/your_posts_1.json, posts/your_posts_2.json, \
             ..., posts/your_posts_12.json (12 files)"
        );
        assert_eq!(
            listing(&parts[..2]),
            "Facebook JSON export, posts from posts/your_posts_1.json, posts/your_posts_2.json"
        );
    }

    #[test]
    fn part_names() {
        assert_eq!(part_name("your_posts_1.json"), Some("your_posts_"));
        assert_eq!(
            part_name("your_posts__check_ins__photos_and_videos_12.json"),
            Some("your_posts__check_ins__photos_and_videos_")
        );
        assert_eq!(part_name("profile_posts_3.json"), Some("profile_posts_"));
        assert_eq!(part_name("your_posts_.json"), None);
        assert_eq!(part_name("your_posts_1.json.bak"), None);
        assert_eq!(part_name("comments.json"), None);
        assert_eq!(part_name("posts_on_other_pages_and_profiles.json"), None);
    }
}
