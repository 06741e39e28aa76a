//! CrowdTangle's Facebook CSV export ("Download" on a saved search or list).
//!
//! One row a post. The post's text is `Message`, else `Description` (link posts often carry
//! only the link's description); the author is `Page Name`, else `User Name`; the id is the
//! post's `URL`, the one stable identifier in the export. `Post Created` is a local time with
//! its zone's abbreviation (`2019-06-10 19:31:22 EDT`); its day is taken as written, as for
//! any time with an offset. `Total Interactions` is printed with thousands separators
//! (`1,234`), which is read as the number it shows. The export's many other columns (each
//! reaction, page details, sponsor fields) are accepted and not read.

use std::collections::BTreeMap;
use std::path::Path;

use chrono::NaiveDate;

use super::corpus::{Corpus, Post};
use super::table::{load_records, Columns, Row};
use super::Loaded;
use crate::config::{DateFormat, FileFormat, NumberFormat};
use crate::error::{Problem, Result};

const COLUMNS: Columns = Columns {
    required: &["Page Name", "Post Created", "Message", "URL"],
    optional: &["User Name", "Description", "Total Interactions"],
    open: None,
};

/// Reads a CrowdTangle CSV; its numbers are written the English way unless the input says
/// otherwise.
pub fn load(path: &Path, format: &FileFormat) -> Result<Loaded<Corpus>> {
    let mut format = format.clone();
    format
        .number_format
        .get_or_insert(NumberFormat::DecimalPoint);
    let mut seen = BTreeMap::new();
    let loaded = load_records(path, &format, &COLUMNS, |row, problems| {
        post(row, problems, &mut seen)
    })?;
    Ok(loaded.map(Corpus::from_posts))
}

fn post(
    row: &Row<'_>,
    problems: &mut Vec<Problem>,
    seen: &mut BTreeMap<String, u64>,
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
    let text = [row.get("Message"), row.get("Description")]
        .into_iter()
        .find(|t| !t.is_empty())
        .unwrap_or("");
    let author = [row.get("Page Name"), row.get("User Name")]
        .into_iter()
        .find(|a| !a.is_empty())
        .map(str::to_string);
    Some(Post {
        id: url.to_string(),
        date,
        author,
        interactions,
        text: text.to_string(),
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
