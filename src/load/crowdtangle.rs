//! CrowdTangle's CSV exports ("Download" on a saved search or list), of Facebook, Instagram
//! and Reddit posts.
//!
//! One row a post. The id is the post's `URL`, the one stable identifier in every export. The
//! author is the first of `Page Name` (Facebook), `Account` (Instagram), `Subreddit` (Reddit)
//! and `User Name` that is not empty. The text is the first non-empty of the columns
//! `corpus.text` lists, by default `Message` then `Description` (link posts often carry only
//! the link's description; Instagram's caption is its `Description`); `Image Text`, `Link
//! Text` and `Title` may be listed too. `Post Created` is a local time with its zone's
//! abbreviation (`2019-06-10 19:31:22 EDT`); its day is taken as written.
//!
//! Counts (`Total Interactions` and the reaction columns) are whole, and CrowdTangle prints
//! them with the thousands separator of the locale of whoever downloaded the file: `1,234` in
//! English, `1.234` or `1 234` in most others. Since a count has no decimals, the separator
//! the file's count columns show decides how `407.137` reads, unless the input's
//! `number_format` says; a file whose counts show both is refused at the value. The export's
//! many other columns (page details, sponsor fields) are accepted and not read.

use std::collections::BTreeMap;
use std::path::Path;

use chrono::NaiveDate;

use super::corpus::first_text;
use super::table::{records_of, Columns, CsvFile, Dialect, Row};
use super::Loaded;
use crate::config::{CorpusConfig, DateFormat, NumberFormat};
use crate::error::{Problem, Result};
use crate::model::corpus::{Corpus, Post};

/// The columns that may name a post's author, in the order they are tried.
const AUTHORS: [&str; 4] = ["Page Name", "Account", "Subreddit", "User Name"];

/// The columns that may hold a post's text.
const TEXTS: [&str; 5] = ["Message", "Description", "Image Text", "Link Text", "Title"];

/// The count columns of the three exports, whose separators tell the file's locale.
const COUNTS: [&str; 16] = [
    "Total Interactions",
    "Likes",
    "Comments",
    "Shares",
    "Love",
    "Wow",
    "Haha",
    "Sad",
    "Angry",
    "Care",
    "Views",
    "Post Views",
    "Total Views",
    "Likes at Posting",
    "Followers at Posting",
    "Subreddit Subscribers",
];

/// Reads a CrowdTangle CSV as `section` says.
pub fn load(path: &Path, section: &CorpusConfig) -> Result<Loaded<Corpus>> {
    let format = section.file_format("corpus");
    let texts = section.text.or(&["Message", "Description"]);
    let texts = texts.as_slice();
    let mut optional: Vec<&str> = AUTHORS.to_vec();
    optional.extend(TEXTS);
    optional.extend(COUNTS);
    let columns = Columns {
        required: &["Post Created", "URL"],
        optional: &optional,
        open: None,
    };
    let mut file = match CsvFile::read(path, &format, &columns, Dialect::DETECTED)? {
        Ok(file) => file,
        Err(problems) => return Ok(Loaded::rejected(path, problems)),
    };
    if let Some(problem) = lacking(&file, texts) {
        return Ok(Loaded::rejected(path, vec![problem]));
    }
    if format.number_format.is_none() {
        if let Some(grouping) = grouping_of_counts(&file) {
            file.set_number_format(grouping);
        }
    }
    let mut seen = BTreeMap::new();
    let loaded = records_of(file, |row, problems| post(row, problems, &mut seen, texts));
    Ok(loaded.map(Corpus::from_posts))
}

/// A problem when the header has none of the author columns or none of the text columns.
fn lacking(file: &CsvFile, texts: &[&str]) -> Option<Problem> {
    let lacks = |names: &[&str]| !names.iter().any(|n| file.has_column(n));
    let (what, names): (&str, &[&str]) = if lacks(&AUTHORS) {
        ("author column", &AUTHORS)
    } else if lacks(texts) {
        ("text column", texts)
    } else {
        return None;
    };
    Some(Problem {
        file: file.name.clone(),
        line: 1,
        column: None,
        message: format!(
            "the header has no {what}, expected one of: {}",
            names.join(", ")
        ),
    })
}

/// The number format the count columns show beyond doubt: a count written `1.234`, `407.137`
/// or `1.234.567` groups thousands with dots, one written `1,234` with commas. `None` when
/// the counts show neither, or both.
fn grouping_of_counts(file: &CsvFile) -> Option<NumberFormat> {
    let mut dots = false;
    let mut commas = false;
    for column in COUNTS {
        for value in file.values(column) {
            let digits_after = |mark: char| {
                value.rsplit_once(mark).is_some_and(|(_, last)| {
                    last.len() == 3 && last.bytes().all(|b| b.is_ascii_digit())
                })
            };
            dots |= digits_after('.') && !value.contains(',');
            commas |= digits_after(',') && !value.contains('.');
        }
    }
    match (dots, commas) {
        (true, false) => Some(NumberFormat::DecimalComma),
        (false, true) => Some(NumberFormat::DecimalPoint),
        _ => None,
    }
}

fn post(
    row: &Row<'_>,
    problems: &mut Vec<Problem>,
    seen: &mut BTreeMap<String, u64>,
    texts: &[&str],
) -> Option<Post> {
    let before = problems.len();
    let url = row.get("URL");
    if url.is_empty() {
        problems.push(row.problem("URL", "the post's address, its id"));
    }
    let date = created_day(row.get("Post Created"));
    if date.is_none() {
        problems.push(row.problem("Post Created", "a time such as 2019-06-10 19:31:22 EDT"));
    }
    let interactions = row.whole_number("Total Interactions", problems);
    if problems.len() > before {
        return None;
    }
    if let Some(first) = row.first_line_of(url.to_string(), seen) {
        problems.push(row.repeated("URL", first, "post"));
        return None;
    }
    let author = Some(first_text(row, &AUTHORS)).filter(|a| !a.is_empty());
    Some(Post {
        id: url.to_string(),
        date,
        author: author.map(str::to_string),
        interactions,
        text: first_text(row, texts).to_string(),
        language: None,
    })
}

/// The day of `2019-06-10 19:31:22 EDT` as written (the zone, one word of letters, may be
/// absent).
fn created_day(field: &str) -> Option<NaiveDate> {
    let time = match field.rsplit_once(' ') {
        Some((time, zone)) if zone.bytes().all(|b| b.is_ascii_alphabetic()) => time,
        _ => field,
    };
    super::values::timestamp(time, DateFormat::Iso)
        .ok()
        .filter(|t| t.time.is_some())
        .map(|t| t.local_date())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn created_times_keep_their_written_day() {
        let day = NaiveDate::from_ymd_opt(2019, 6, 10);
        assert_eq!(created_day("2019-06-10 23:31:22 EDT"), day);
        assert_eq!(created_day("2019-06-10 23:31:22"), day);
        assert_eq!(created_day("06/10/2019 23:31"), None);
    }
}
