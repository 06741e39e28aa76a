//! Videos, views series and like snapshots, as every video format loads them.

use chrono::{NaiveDate, NaiveDateTime};
use serde::{Deserialize, Serialize};

/// One video and its public counts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Video {
    /// The channel's name as the export writes it (`channel`, YouTube Data Tools' `channelTitle`,
    /// the API's `snippet.channelTitle`).
    pub channel: String,
    /// YouTube's id of the video, unique in the input.
    pub video_id: String,
    /// UTC.
    pub published_at: NaiveDateTime,
    /// The title as published, in which the topic rules look for keywords.
    pub title: String,
    /// Views when the statistics were collected; `None` when the export leaves them out (not
    /// public), never 0.
    pub views: Option<u64>,
    /// Likes when the statistics were collected; `None` when the channel hides them, never 0.
    pub likes: Option<u64>,
    /// Comments when the statistics were collected; `None` when not public, never 0.
    pub comments: Option<u64>,
    /// Length in seconds, when the export gives it.
    pub duration: Option<u32>,
}

/// A period of a views series (a month or a day) or of the posts' timeline (a day, an ISO
/// week or a month).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Period {
    /// A calendar month: the year and the month (1 to 12), written `YYYY-MM`.
    Month(i32, u32),
    /// One day, written `YYYY-MM-DD`.
    Day(NaiveDate),
    /// An ISO 8601 week, Monday to Sunday: the ISO year and the week (1 to 53), written
    /// `YYYY-Www` (`2019-W23`). The timeline's only; a views file has months or days.
    Week(i32, u32),
}

impl Period {
    /// A month `YYYY-MM` or a day `YYYY-MM-DD`, checked against the calendar; anything else is
    /// `None`.
    pub fn parse(text: &str) -> Option<Period> {
        if text.len() == 7 {
            let date = NaiveDate::parse_from_str(&format!("{text}-01"), "%Y-%m-%d").ok()?;
            return Some(Period::Month(
                chrono::Datelike::year(&date),
                chrono::Datelike::month(&date),
            ));
        }
        if text.len() == 10 {
            return NaiveDate::parse_from_str(text, "%Y-%m-%d")
                .ok()
                .map(Period::Day);
        }
        None
    }

    /// A month, a day or an ISO week `YYYY-Www`, as `report.json` writes them; anything else
    /// is `None`.
    pub fn parse_any(text: &str) -> Option<Period> {
        if let Some((year, week)) = text.split_once("-W") {
            let (year, week) = (year.parse().ok()?, week.parse().ok()?);
            let valid = text.len() == 8
                && NaiveDate::from_isoywd_opt(year, week, chrono::Weekday::Mon).is_some();
            return valid.then_some(Period::Week(year, week));
        }
        Period::parse(text)
    }

    /// The first and last day of the period.
    pub fn days(&self) -> (NaiveDate, NaiveDate) {
        match *self {
            Period::Day(day) => (day, day),
            Period::Week(year, week) => {
                let monday = NaiveDate::from_isoywd_opt(year, week, chrono::Weekday::Mon)
                    .expect("a week within the calendar");
                (monday, monday + chrono::Days::new(6))
            }
            Period::Month(year, month) => {
                let first = NaiveDate::from_ymd_opt(year, month, 1).expect("a parsed month");
                let next = first
                    .checked_add_months(chrono::Months::new(1))
                    .expect("a month within the calendar");
                (first, next.pred_opt().expect("a day before the next month"))
            }
        }
    }
}

impl std::fmt::Display for Period {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Period::Month(year, month) => write!(f, "{year:04}-{month:02}"),
            Period::Day(day) => write!(f, "{day}"),
            Period::Week(year, week) => write!(f, "{year:04}-W{week:02}"),
        }
    }
}

impl Serialize for Period {
    fn serialize<S: serde::Serializer>(
        &self,
        serializer: S,
    ) -> std::result::Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.to_string())
    }
}

impl<'de> serde::Deserialize<'de> for Period {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        super::from_text(
            deserializer,
            "a period YYYY-MM, YYYY-MM-DD or YYYY-Www",
            Period::parse_any,
        )
    }
}

/// Views of one channel in one period.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ViewsPoint {
    /// The channel's name, as the views file writes it.
    pub channel: String,
    /// The month or day the views were counted over.
    pub period: Period,
    /// The views of the channel in that period (the `views` column).
    pub views: u64,
}

/// Counts of one video observed at one time.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Snapshot {
    /// The video observed, by the id of the videos file.
    pub video_id: String,
    /// When the counts were read, in UTC.
    pub observed_at: NaiveDateTime,
    /// Views at that time; `None` when the `views` column is absent or empty.
    pub views: Option<u64>,
    /// Likes at that time; `None` when the field is empty, and then the snapshot gives no like
    /// velocity.
    pub likes: Option<u64>,
}
