//! YouTube Data Tools (Bernhard Rieder's web tool) tables: the video list and the channel list.
//!
//! Both are tab-separated with a header, written without quoting. The video list's columns
//! changed over the tool's versions (columns were added, `dislikeCount` went when YouTube hid
//! dislikes); the loader reads the columns it needs by name and accepts any others, so both
//! sets load. A video's length is read from `duration` (ISO 8601, `PT1H2M3S`), never from
//! `durationSec`, which the first version computed from the minutes and seconds only, so a
//! one-hour video showed 123 seconds. The channel list becomes accounts: each channel's
//! subscribers, views and videos are three figures of platform `youtube`, named by the
//! channel's title (a hidden subscriber count stays "not published").

use std::collections::BTreeMap;
use std::path::Path;

use super::accounts::Account;
use super::media::{duration_field, Video};
use super::table::{load_records_as, Columns, Dialect, Row};
use super::Loaded;
use crate::config::FileFormat;
use crate::error::{Problem, Result};

/// Reads a video list (`videolist` or `channel info` tab file).
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
    load_records_as(
        path,
        format,
        &COLUMNS,
        Dialect::UNQUOTED_TABS,
        |row, problems| {
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
        },
    )
}

/// Reads a channel list as accounts: three figures a channel.
pub fn load_channels(path: &Path, format: &FileFormat) -> Result<Loaded<Vec<Account>>> {
    const COLUMNS: Columns = Columns {
        required: &["id", "title", "viewCount", "subscriberCount", "videoCount"],
        optional: &["hiddenSubscriberCount"],
        open: None,
    };
    let mut seen = BTreeMap::new();
    let loaded = load_records_as(
        path,
        format,
        &COLUMNS,
        Dialect::UNQUOTED_TABS,
        |row, problems| channel(row, problems, &mut seen),
    )?;
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
