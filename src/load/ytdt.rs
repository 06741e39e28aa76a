//! YouTube Data Tools (Bernhard Rieder's tool) tables: the video list and the channel list.
//!
//! The tool has written them four ways, and the reader tells them apart by the delimiter, the
//! header and the quoting, never by the file's name:
//!
//! - the PHP tool before May 2022: values joined by tabs, no quoting (a quote in a title is
//!   part of the title);
//! - the PHP tool since then, format "csv": PHP's `fputcsv` with commas; format "tab":
//!   `fputcsv` with tabs, so every field holding a space is quoted. `fputcsv` doubles a quote,
//!   except one after a backslash, which it writes as it is (`\"`), and PHP reads back with the
//!   backslash kept; the reader does the same;
//! - the Python tool (youtube-data-tools-v2, 2025-): Python's `csv.DictWriter`, with columns
//!   of its own added (`videoUrl`, `isShort`, `channelUrl`, ...), told by those columns. A
//!   video or channel the API did not return is a marker row, `[not found: ...]`, with no
//!   counts; such rows are left out and counted in a notice.
//!
//! Columns are read by name, so every version's column set loads. A video's length is read
//! from `duration` (ISO 8601, `PT1H2M3S`), never from `durationSec`, which the PHP tool
//! computed from the minutes and seconds only, so a one-hour video showed 123 seconds. The
//! channel list becomes accounts: each channel's subscribers, views and videos are three
//! figures of platform `youtube`, named by the channel's title (a hidden subscriber count,
//! empty or flagged by `hiddenSubscriberCount`, stays "not published").

use std::collections::BTreeMap;
use std::path::Path;

use super::delimited::Escape;
use super::media::duration_field;
use super::table::{load_records_as, Columns, Dialect, Row, Variant};
use super::Loaded;
use crate::config::{Delimiter, FileFormat};
use crate::error::{Problem, Result};
use crate::model::accounts::Account;
use crate::model::media::Video;

/// Every version of the tool's tables, told apart by [`version`].
const DIALECT: Dialect = Dialect {
    delimiter: None,
    quoting: true,
    escape: Escape::Doubled,
    variant: Some(version),
};

/// Columns only the Python tool writes.
const PYTHON_COLUMNS: [&str; 5] = [
    "videoUrl",
    "isShort",
    "channelUrl",
    "customUrl",
    "daysActive",
];

/// Which version of the tool wrote `text`, from its delimiter, header and quoting.
fn version(text: &str, delimiter: Delimiter) -> Variant {
    let header: Vec<&str> = text
        .lines()
        .next()
        .unwrap_or("")
        .split(delimiter.0 as char)
        .collect();
    let python = header
        .iter()
        .any(|h| PYTHON_COLUMNS.contains(&h.trim_matches('"').trim()));
    let variant = |name, quoting, escape| Variant {
        name,
        quoting,
        escape,
    };
    match delimiter.0 {
        b'\t' if quoted_with_spaces(text) => {
            variant("YouTube Data Tools, PHP 2022- (fputcsv)", true, Escape::Php)
        }
        b'\t' => variant(
            "YouTube Data Tools, PHP before 2022 (unquoted)",
            false,
            Escape::Doubled,
        ),
        _ if python => variant(
            "YouTube Data Tools v2, Python (csv.DictWriter)",
            true,
            Escape::Doubled,
        ),
        _ => variant("YouTube Data Tools, PHP 2022- (fputcsv)", true, Escape::Php),
    }
}

/// Whether the tab file's fields that hold a space are quoted, as `fputcsv` quotes them (in
/// the first rows; the files before 2022 quote nothing).
fn quoted_with_spaces(text: &str) -> bool {
    let fields: Vec<&str> = text
        .lines()
        .skip(1)
        .take(50)
        .flat_map(|line| line.split('\t'))
        .filter(|field| field.contains(' '))
        .collect();
    !fields.is_empty()
        && fields
            .iter()
            .all(|f| f.len() >= 2 && f.starts_with('"') && f.ends_with('"'))
}

/// A marker row of the Python tool for an id the API did not return.
fn not_found(row: &Row<'_>, title_column: &str) -> bool {
    row.get(title_column).starts_with("[not found: ")
}

fn not_found_notice(count: usize, what: &str) -> Option<String> {
    (count > 0).then(|| {
        let (what, them) = if count == 1 {
            (what.to_string(), "it")
        } else {
            (format!("{what}s"), "them")
        };
        format!(
            "{count} {what} marked [not found: ...] by YouTube Data Tools (the API did not \
             return {them}) left out"
        )
    })
}

/// Reads a video list, of any version of the tool.
pub fn load_videos(path: &Path, format: &FileFormat) -> Result<Loaded<Vec<Video>>> {
    const COLUMNS: Columns = Columns {
        required: &[
            "channelTitle",
            "videoId",
            "publishedAt",
            "videoTitle",
            "viewCount",
        ],
        optional: &["likeCount", "commentCount", "duration"],
        open: None,
    };
    let mut seen = BTreeMap::new();
    let mut missing = 0;
    let mut loaded = load_records_as(path, format, &COLUMNS, DIALECT, |row, problems| {
        if not_found(row, "videoTitle") {
            missing += 1;
            return None;
        }
        let before = problems.len();
        for (column, what) in [
            ("channelTitle", "the channel's title"),
            ("videoId", "the video's id"),
        ] {
            if row.get(column).is_empty() {
                problems.push(row.problem(column, what));
            }
        }
        if row.get("publishedAt").is_empty() {
            problems.push(row.problem("publishedAt", "a time such as 2019-06-24T09:30:00Z"));
        }
        let published_at = row.timestamp("publishedAt", problems).map(|t| t.utc());
        let views = row.whole_number("viewCount", problems);
        let likes = row.whole_number("likeCount", problems);
        let comments = row.whole_number("commentCount", problems);
        let duration = duration_field(row, "duration", problems);
        if problems.len() > before {
            return None;
        }
        let id = row.get("videoId").to_string();
        if let Some(first) = row.first_line_of(id.clone(), &mut seen) {
            problems.push(row.repeated("videoId", first, "video"));
            return None;
        }
        Some(Video {
            channel: row.get("channelTitle").to_string(),
            video_id: id,
            published_at: published_at?,
            title: row.get("videoTitle").to_string(),
            views,
            likes,
            comments,
            duration,
        })
    })?;
    loaded.notices.extend(not_found_notice(missing, "video"));
    Ok(loaded)
}

/// Reads a channel list, of any version of the tool, as accounts: three figures a channel.
pub fn load_channels(path: &Path, format: &FileFormat) -> Result<Loaded<Vec<Account>>> {
    const COLUMNS: Columns = Columns {
        required: &["id", "title", "viewCount", "subscriberCount", "videoCount"],
        optional: &["hiddenSubscriberCount"],
        open: None,
    };
    let mut seen = BTreeMap::new();
    let mut missing = 0;
    let mut loaded = load_records_as(path, format, &COLUMNS, DIALECT, |row, problems| {
        if not_found(row, "title") {
            missing += 1;
            return None;
        }
        channel(row, problems, &mut seen)
    })?;
    loaded.notices.extend(not_found_notice(missing, "channel"));
    Ok(loaded.map(|channels| channels.into_iter().flatten().collect()))
}

fn channel(
    row: &Row<'_>,
    problems: &mut Vec<Problem>,
    seen: &mut BTreeMap<String, u64>,
) -> Option<Vec<Account>> {
    let before = problems.len();
    let title = row.get("title");
    if title.is_empty() {
        problems.push(row.problem("title", "the channel's title"));
    }
    let hidden = match row.get("hiddenSubscriberCount").to_lowercase().as_str() {
        "" | "0" | "false" => false,
        "1" | "true" => true,
        _ => {
            problems.push(row.problem("hiddenSubscriberCount", "1, 0, true, false or nothing"));
            false
        }
    };
    let subscribers = row.whole_number("subscriberCount", problems);
    let views = row.whole_number("viewCount", problems);
    let videos = row.whole_number("videoCount", problems);
    if problems.len() > before {
        return None;
    }
    if let Some(first) = row.first_line_of(title.to_string(), seen) {
        let message = format!(
            "title: found the channel \"{title}\" again, first on line {first}, expected each \
             channel once"
        );
        problems.push(row.problem_message("title", message));
        return None;
    }
    let note = format!("YouTube channel {}", row.get("id"));
    let figure = |metric: &str, value: Option<u64>| Account {
        organization: title.to_string(),
        role: String::new(),
        platform: "youtube".into(),
        metric: metric.into(),
        value,
        note: note.clone(),
    };
    Some(vec![
        figure("subscribers", subscribers.filter(|_| !hidden)),
        figure("views", views),
        figure("videos", videos),
    ])
}
