//! Mass Mobilization's CSV (Clark and Regan, Harvard Dataverse), read as protest events.
//!
//! MM has one row per protest and one placeholder row (`protest` 0) per country-year without
//! any; placeholders are not events and are left out, counted in a notice. A missing value is
//! `.` or empty. The date is `startyear`/`startmonth`/`startday`, as far as it is known. The
//! size class comes from `participants_category` (coded from 2014 on): `50-99` is `lt100`,
//! `100-999` is `100to1000`, and `1000-1999`, `2000-4999`, `5000-10000` and `>10000` are
//! `gt1000` (the 1,000 that `1000-1999` shares with the paper's middle bracket is not told
//! apart). Without a category, the free-text `participants` (`10000`, `100s`, `Thousands`) is
//! read by the rule of [`super::coding`]; `participants` is kept as a number only where it is
//! one. MM codes every event as a protest; `events.forms` rules may find strikes or pickets
//! in `notes` and `protesteridentity`.

use std::collections::BTreeMap;
use std::path::Path;

use super::coding::{form_of, number, size_of_text};
use super::events::{Event, EventDate, SizeClass};
use super::table::{load_records, Columns, Row};
use super::Loaded;
use crate::config::{FileFormat, FormRule};
use crate::error::{Problem, Result};

const COLUMNS: Columns = Columns {
    required: &[
        "id",
        "year",
        "protest",
        "startyear",
        "startmonth",
        "startday",
    ],
    optional: &[
        "location",
        "participants_category",
        "participants",
        "protesteridentity",
        "sources",
        "notes",
    ],
    open: None,
};

/// Reads an MM file; returns the events and the number of placeholder rows left out.
pub fn load(
    path: &Path,
    format: &FileFormat,
    forms: &[FormRule],
) -> Result<(Loaded<Vec<Event>>, usize)> {
    let mut seen = BTreeMap::new();
    let mut placeholders = 0;
    let loaded = load_records(path, format, &COLUMNS, |row, problems| {
        match field(row, "protest") {
            "1" => {}
            "0" => {
                placeholders += 1;
                return None;
            }
            _ => {
                problems.push(row.problem("protest", "1 (a protest) or 0 (a placeholder row)"));
                return None;
            }
        }
        let event = event(row, forms, problems)?;
        if let Some(first) = row.first_line_of(event.event_id.clone(), &mut seen) {
            problems.push(row.repeated("id", first, "event"));
            return None;
        }
        Some(event)
    })?;
    Ok((loaded, placeholders))
}

/// A field with MM's `.` read as missing.
fn field<'a>(row: &Row<'a>, column: &str) -> &'a str {
    match row.get(column) {
        "." => "",
        value => value,
    }
}

fn event(row: &Row<'_>, forms: &[FormRule], problems: &mut Vec<Problem>) -> Option<Event> {
    let before = problems.len();
    let id = field(row, "id");
    if id.is_empty() {
        problems.push(row.problem("id", "the event's MM id"));
    }
    let date = date(row, problems);
    let size_class = size_class(row, problems);
    if problems.len() > before {
        return None;
    }
    let participants = field(row, "participants");
    let notes = field(row, "notes");
    Some(Event {
        event_id: id.to_string(),
        date: date?,
        form: form_of(forms, &[notes, field(row, "protesteridentity")]),
        participants: number(participants),
        size_class: size_class?,
        count: 1,
        at_least: false,
        cities: None,
        detainees: None,
        location: field(row, "location").to_string(),
        source: match field(row, "sources") {
            "" => "Mass Mobilization".to_string(),
            sources => sources.to_string(),
        },
        notes: notes.to_string(),
    })
}

/// The start date as far as it is known; the year falls back to `year`.
fn date(row: &Row<'_>, problems: &mut Vec<Problem>) -> Option<EventDate> {
    let part = |column: &str, range: std::ops::RangeInclusive<u32>, problems: &mut Vec<Problem>| {
        let text = field(row, column);
        if text.is_empty() {
            return Ok(None);
        }
        match text.parse::<u32>() {
            Ok(n) if range.contains(&n) => Ok(Some(n)),
            _ => {
                let expected = format!("a number from {} to {}, or .", range.start(), range.end());
                problems.push(row.problem(column, &expected));
                Err(())
            }
        }
    };
    let year_column = if field(row, "startyear").is_empty() {
        "year"
    } else {
        "startyear"
    };
    let year = part(year_column, 1900..=2100, problems).ok()?;
    let month = part("startmonth", 1..=12, problems).ok()?;
    let day = part("startday", 1..=31, problems).ok()?;
    let Some(year) = year else {
        problems.push(row.problem("year", "the event's year"));
        return None;
    };
    if !row.check_year(year_column, year as i32, problems) {
        return None;
    }
    let text = match (month, day) {
        (Some(m), Some(d)) => format!("{year:04}-{m:02}-{d:02}"),
        (Some(m), None) => format!("{year:04}-{m:02}"),
        _ => format!("{year:04}"),
    };
    let parsed = EventDate::parse(&text);
    if parsed.is_none() {
        problems.push(row.problem("startday", &format!("a day of the month, not {text}")));
    }
    parsed
}

fn size_class(row: &Row<'_>, problems: &mut Vec<Problem>) -> Option<SizeClass> {
    let class = match field(row, "participants_category") {
        "" => size_of_text(field(row, "participants")),
        "50-99" => SizeClass::Under100,
        "100-999" => SizeClass::From100To1000,
        "1000-1999" | "2000-4999" | "5000-10000" | ">10000" => SizeClass::Over1000,
        _ => {
            problems.push(row.problem(
                "participants_category",
                "50-99, 100-999, 1000-1999, 2000-4999, 5000-10000, >10000 or .",
            ));
            return None;
        }
    };
    Some(class)
}
