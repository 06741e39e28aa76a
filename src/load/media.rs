//! Video statistics, views series and like snapshots: the generic CSV formats.
//!
//! Counts that a platform does not make public are empty in the exports and stay `None`
//! here, never 0. Times are kept in UTC (a time with an offset is converted, one without is
//! taken as UTC, a bare date is its midnight), so publication and snapshot times can be
//! subtracted.

use std::collections::BTreeMap;
use std::path::Path;

use chrono::NaiveDateTime;

use super::table::{load_records, Columns, Row};
use super::Loaded;
use crate::config::FileFormat;
use crate::error::{Problem, Result};
use crate::model::media::{Period, Snapshot, Video, ViewsPoint};

/// A time in UTC, as [`super::values::timestamp`] reads ISO 8601 (a date alone is its
/// midnight).
pub fn parse_time(text: &str) -> Option<NaiveDateTime> {
    super::values::timestamp(text, crate::config::DateFormat::Iso)
        .ok()
        .map(|t| t.utc())
}

/// The UTC time of a required time column.
fn time(row: &Row<'_>, column: &str, problems: &mut Vec<Problem>) -> Option<NaiveDateTime> {
    if row.get(column).is_empty() {
        problems.push(row.problem(column, "a time such as 2019-06-24T15:30:00Z or 2019-06-24"));
        return None;
    }
    row.timestamp(column, problems).map(|t| t.utc())
}

fn required(row: &Row<'_>, column: &str, what: &str, problems: &mut Vec<Problem>) -> bool {
    let present = !row.get(column).is_empty();
    if !present {
        problems.push(row.problem(column, what));
    }
    present
}

/// Reads the videos file: `channel,video_id,published_at,title,views,likes,comments` and,
/// optionally, `duration` (ISO 8601 such as `PT1H2M3S`, or whole seconds).
pub fn load_videos(path: &Path, format: &FileFormat) -> Result<Loaded<Vec<Video>>> {
    const COLUMNS: Columns = Columns {
        required: &["channel", "video_id", "published_at", "title", "views"],
        optional: &["likes", "comments", "duration"],
        open: None,
    };
    let mut seen = BTreeMap::new();
    load_records(path, format, &COLUMNS, |row, problems| {
        let before = problems.len();
        required(row, "channel", "the channel's name", problems);
        required(row, "video_id", "the video's id", problems);
        let published_at = time(row, "published_at", problems);
        let views = row.whole_number("views", problems);
        let likes = row.whole_number("likes", problems);
        let comments = row.whole_number("comments", problems);
        let duration = duration_field(row, "duration", problems);
        if problems.len() > before {
            return None;
        }
        let id = row.get("video_id").to_string();
        if let Some(first) = row.first_line_of(id.clone(), &mut seen) {
            problems.push(row.repeated("video_id", first, "video"));
            return None;
        }
        Some(Video {
            channel: row.get("channel").to_string(),
            video_id: id,
            published_at: published_at?,
            title: row.get("title").to_string(),
            views,
            likes,
            comments,
            duration,
        })
    })
}

/// A `duration` field: ISO 8601 or whole seconds; empty is `None`.
pub(crate) fn duration_field(
    row: &Row<'_>,
    column: &str,
    problems: &mut Vec<Problem>,
) -> Option<u32> {
    let field = row.get(column);
    if field.is_empty() {
        return None;
    }
    let found = parse_duration(field).or_else(|| field.parse().ok());
    if found.is_none() {
        problems.push(row.problem(
            column,
            "an ISO 8601 duration such as PT1H2M3S, or whole seconds",
        ));
    }
    found
}

/// An ISO 8601 duration as YouTube writes them, `PT1H2M3S`, `PT45S`, `P1DT2H`, `P0D`, in
/// seconds.
pub fn parse_duration(text: &str) -> Option<u32> {
    let rest = text.strip_prefix('P')?;
    let (days, time) = match rest.split_once('T') {
        Some((days, time)) => (days, Some(time)),
        None => (rest, None),
    };
    let mut seconds: u64 = 0;
    let mut read = |part: &str, units: &[(char, u64)]| -> Option<()> {
        let mut number = String::new();
        let mut next_unit = 0;
        for c in part.chars() {
            if c.is_ascii_digit() {
                number.push(c);
                continue;
            }
            let at = units[next_unit..].iter().position(|(u, _)| *u == c)? + next_unit;
            let part = number.parse::<u64>().ok()?.checked_mul(units[at].1)?;
            seconds = seconds.checked_add(part)?;
            number.clear();
            next_unit = at + 1;
        }
        number.is_empty().then_some(())
    };
    read(days, &[('W', 604_800), ('D', 86_400)])?;
    if let Some(time) = time {
        if time.is_empty() {
            return None;
        }
        read(time, &[('H', 3600), ('M', 60), ('S', 1)])?;
    } else if days.is_empty() {
        return None;
    }
    u32::try_from(seconds).ok()
}

/// Reads a views series: `channel,period,views`.
pub fn load_views(path: &Path, format: &FileFormat) -> Result<Loaded<Vec<ViewsPoint>>> {
    const COLUMNS: Columns = Columns {
        required: &["channel", "period", "views"],
        optional: &[],
        open: None,
    };
    let mut seen = BTreeMap::new();
    load_records(path, format, &COLUMNS, |row, problems| {
        let before = problems.len();
        required(row, "channel", "the channel's name", problems);
        let period = period(row, problems);
        let views = row.whole_number("views", problems);
        if views.is_none() && row.get("views").is_empty() {
            problems.push(row.problem("views", "the period's views"));
        }
        if problems.len() > before {
            return None;
        }
        let point = ViewsPoint {
            channel: row.get("channel").to_string(),
            period: period?,
            views: views?,
        };
        let key = format!("{}\u{1f}{}", point.channel, point.period);
        if let Some(first) = row.first_line_of(key, &mut seen) {
            let message = format!(
                "period: found {} of {} again, first on line {first}, expected each period once",
                point.period, point.channel
            );
            problems.push(row.problem_message("period", message));
            return None;
        }
        Some(point)
    })
}

/// A views period: a month `YYYY-MM`, or a day in any form of [`super::values`].
fn period(row: &Row<'_>, problems: &mut Vec<Problem>) -> Option<Period> {
    let text = row.get("period");
    if let Some(period) = Period::parse(text) {
        return Some(period);
    }
    if text.len() <= 7 {
        problems.push(row.problem("period", "a month YYYY-MM or a day YYYY-MM-DD"));
        return None;
    }
    row.timestamp("period", problems)
        .map(|t| Period::Day(t.local_date()))
}

/// Reads like snapshots: `video_id,observed_at,views,likes`.
pub fn load_snapshots(path: &Path, format: &FileFormat) -> Result<Loaded<Vec<Snapshot>>> {
    const COLUMNS: Columns = Columns {
        required: &["video_id", "observed_at", "likes"],
        optional: &["views"],
        open: None,
    };
    load_records(path, format, &COLUMNS, |row, problems| {
        let before = problems.len();
        required(row, "video_id", "the video's id", problems);
        let observed_at = time(row, "observed_at", problems);
        let views = row.whole_number("views", problems);
        let likes = row.whole_number("likes", problems);
        if problems.len() > before {
            return None;
        }
        Some(Snapshot {
            video_id: row.get("video_id").to_string(),
            observed_at: observed_at?,
            views,
            likes,
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    fn write(text: &str) -> (tempfile::TempDir, std::path::PathBuf) {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("f.csv");
        std::fs::write(&path, text).unwrap();
        (dir, path)
    }

    #[test]
    fn videos_keep_missing_counts_and_locate_errors() {
        let (_dir, path) = write(
            "channel,video_id,published_at,title,views,likes,comments\n\
             BASE,a1,2019-06-24T15:30:00+06:00,Взрыв,1138351,,3\n\
             BASE,a2,24/06/2019,x,12,1,1\n\
             BASE,a1,2019-06-25,y,1,1,1\n",
        );
        let loaded = load_videos(&path, &FileFormat::detected("videos")).unwrap();
        let videos = loaded.records.unwrap();
        assert_eq!(videos.len(), 1);
        assert_eq!(videos[0].likes, None);
        assert_eq!(videos[0].published_at.to_string(), "2019-06-24 09:30:00");
        let messages: Vec<String> = loaded.problems.iter().map(|p| p.to_string()).collect();
        assert!(messages[0].ends_with(":3:3: published_at: found \"24/06/2019\", expected a date such as 2019-12-31, 2019-12-31 14:22, 2019-12-31T14:22:00+06:00 or Unix seconds; a date written day first or month first reads two ways, so set `date_format: DD.MM.YYYY` (or DD/MM/YYYY, or MM/DD/YYYY) in `videos`"), "{messages:?}");
        assert!(
            messages[1].contains(":4:2: video_id: found \"a1\" again, first on line 2"),
            "{messages:?}"
        );
    }

    #[test]
    fn iso_durations() {
        assert_eq!(parse_duration("PT1H2M3S"), Some(3723));
        assert_eq!(parse_duration("PT45S"), Some(45));
        assert_eq!(parse_duration("PT4M"), Some(240));
        assert_eq!(parse_duration("P1DT2H"), Some(93_600));
        assert_eq!(parse_duration("P0D"), Some(0));
        assert_eq!(parse_duration("PT"), None);
        assert_eq!(parse_duration("P"), None);
        assert_eq!(parse_duration("PT3S2M"), None);
        assert_eq!(parse_duration("1:02:03"), None);
        assert_eq!(parse_duration("PT1.5S"), None);
        assert_eq!(parse_duration("PT5124095576030432H"), None, "it overflows");
        assert_eq!(parse_duration("PT1193046H28M16S"), None, "over u32 seconds");
    }

    #[test]
    fn periods_are_months_or_days() {
        assert_eq!(Period::parse("2019-06"), Some(Period::Month(2019, 6)));
        assert_eq!(Period::parse("2019-13"), None);
        let day = NaiveDate::from_ymd_opt(2019, 6, 9).unwrap();
        assert_eq!(Period::parse("2019-06-09"), Some(Period::Day(day)));
        let (first, last) = Period::Month(2019, 2).days();
        assert_eq!(
            (first.to_string(), last.to_string()),
            ("2019-02-01".into(), "2019-02-28".into())
        );
        let (_dir, path) = write("channel,period,views\nA,2019-06,5\nA,2019-06,6\nA,June,1\n");
        let loaded = load_views(&path, &FileFormat::detected("views")).unwrap();
        assert_eq!(loaded.records.unwrap().len(), 1);
        let messages: Vec<String> = loaded.problems.iter().map(|p| p.to_string()).collect();
        assert!(
            messages[0].contains(":3:2: period: found 2019-06 of A again, first on line 2"),
            "{messages:?}"
        );
        assert!(
            messages[1].contains(":4:2: period: found \"June\", expected a month YYYY-MM"),
            "{messages:?}"
        );
    }
}
