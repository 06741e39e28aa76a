//! Videos, views series and like snapshots, as every video format loads them.

use chrono::{NaiveDate, NaiveDateTime};
use serde::{Deserialize, Serialize};

/// One video and its public counts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Video {
    pub channel: String,
    pub video_id: String,
    /// UTC.
    pub published_at: NaiveDateTime,
    pub title: String,
    pub views: Option<u64>,
    pub likes: Option<u64>,
    pub comments: Option<u64>,
    /// Length in seconds, when the export gives it.
    pub duration: Option<u32>,
}

/// A period of a views series: a month or a day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Period {
    Month(i32, u32),
    Day(NaiveDate),
}

impl Period {
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

    /// The first and last day of the period.
    pub fn days(&self) -> (NaiveDate, NaiveDate) {
        match *self {
            Period::Day(day) => (day, day),
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
            "a period YYYY-MM or YYYY-MM-DD",
            Period::parse,
        )
    }
}

/// Views of one channel in one period.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ViewsPoint {
    pub channel: String,
    pub period: Period,
    pub views: u64,
}

/// Counts of one video observed at one time.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Snapshot {
    pub video_id: String,
    pub observed_at: NaiveDateTime,
    pub views: Option<u64>,
    pub likes: Option<u64>,
}
