//! The YouTube Data API's `videos.list` responses, saved as JSON: one page or a folder of them.
//!
//! Each page has `items`, each item a video with `id`, `snippet.publishedAt`, `snippet.title`,
//! `snippet.channelTitle`, `statistics.viewCount` (and `likeCount`, `commentCount`) and
//! `contentDetails.duration`. The API writes counts as JSON strings (`"1138351"`) and leaves a
//! count out when the channel hides it, which stays "not public" here. A folder is read page by
//! page in natural order of the file names (`page_2.json` before `page_10.json`); a video found
//! on two pages is a problem naming both.

use std::collections::BTreeMap;
use std::path::Path;

use serde_json::Value;

use super::json::{self, JsonPath};
use super::media::{parse_duration, parse_time};
use super::Loaded;
use crate::error::{Problem, Result};
use crate::model::media::Video;

/// Reads the page at `path`, or every `.json` page in the folder `path`.
pub fn load(path: &Path) -> Result<Loaded<Vec<Video>>> {
    let expected = (".json file", "the pages of videos.list");
    let files = match json::read_parts(path, |name| name.ends_with(".json"), expected)? {
        Ok(files) => files,
        Err(problem) => return Ok(Loaded::rejected(path, vec![problem])),
    };
    let mut videos = Vec::new();
    let mut problems = Vec::new();
    let mut seen: BTreeMap<String, String> = BTreeMap::new();
    let mut rows = 0;
    for file in &files {
        let items_at = JsonPath::root().key("items");
        let Some(items) = file.value.get("items").and_then(Value::as_array) else {
            let found = file.value.get("items");
            problems.push(items_at.problem(&file.name, found, "an array of videos"));
            continue;
        };
        for (index, item) in items.iter().enumerate() {
            rows += 1;
            let at = items_at.index(index);
            match video(item, &at, &file.name) {
                Err(problem) => problems.push(problem),
                Ok(video) => {
                    let here = format!("{} {at}", file.name);
                    if let Some(first) = seen.get(&video.video_id) {
                        problems.push(Problem {
                            file: file.name.clone(),
                            line: 0,
                            column: None,
                            message: format!(
                                "{at}.id: found the video \"{}\" again, first at {first}, \
                                 expected each video once",
                                video.video_id
                            ),
                        });
                        continue;
                    }
                    seen.insert(video.video_id.clone(), here);
                    videos.push(video);
                }
            }
        }
    }
    let rejected = problems.len();
    Ok(json::loaded(
        json::summary(path, &files, rows, rejected),
        videos,
        problems,
    ))
}

fn video(item: &Value, at: &JsonPath, file: &str) -> std::result::Result<Video, Problem> {
    // videos.list gives the id as a string; search.list as {"videoId": ...}.
    let id = match item.get("id") {
        Some(Value::String(s)) if !s.is_empty() => s.clone(),
        Some(Value::Object(o)) => match o.get("videoId") {
            Some(Value::String(s)) if !s.is_empty() => s.clone(),
            other => {
                return Err(at
                    .key("id")
                    .key("videoId")
                    .problem(file, other, "the video's id"))
            }
        },
        other => return Err(at.key("id").problem(file, other, "the video's id")),
    };
    let snippet = at.key("snippet");
    let text = |key: &str, what: &str| -> std::result::Result<String, Problem> {
        match item.get("snippet").and_then(|s| s.get(key)) {
            Some(Value::String(s)) => Ok(s.clone()),
            other => Err(snippet.key(key).problem(file, other, what)),
        }
    };
    let published = text("publishedAt", "a time such as \"2019-06-24T09:30:00Z\"")?;
    let published_at = parse_time(&published).ok_or_else(|| {
        let found = Value::String(published.clone());
        snippet.key("publishedAt").problem(
            file,
            Some(&found),
            "a time such as \"2019-06-24T09:30:00Z\"",
        )
    })?;
    let title = text("title", "the video's title")?;
    let channel = text("channelTitle", "the channel's title")?;
    let statistics = at.key("statistics");
    let count = |key: &str| -> std::result::Result<Option<u64>, Problem> {
        let found = item.get("statistics").and_then(|s| s.get(key));
        json::count(found).map_err(|()| {
            statistics.key(key).problem(
                file,
                found,
                "a count as a string of digits, such as \"1138351\"",
            )
        })
    };
    let views = count("viewCount")?;
    let likes = count("likeCount")?;
    let comments = count("commentCount")?;
    let duration = match item.get("contentDetails").and_then(|c| c.get("duration")) {
        None | Some(Value::Null) => None,
        Some(Value::String(s)) if parse_duration(s).is_some() => parse_duration(s),
        other => {
            let expected = "an ISO 8601 duration such as \"PT1H2M3S\"";
            return Err(at
                .key("contentDetails")
                .key("duration")
                .problem(file, other, expected));
        }
    };
    Ok(Video {
        channel,
        video_id: id,
        published_at,
        title,
        views,
        likes,
        comments,
        duration,
    })
}
