//! Mass Mobilization (Clark and Regan, Harvard Dataverse), read as protest events.
//!
//! MM comes two ways with the same columns: the CSV, and the tab-separated `.tab` file that
//! Dataverse derives from an ingested data file. The two quote differently. The CSV doubles a
//! quote inside a quoted field, as RFC 4180 does; Dataverse puts every string value in quotes
//! and writes a backslash, a quote, a tab, a line feed and a carriage return inside it as
//! `\\`, `\"`, `\t`, `\n` and `\r`, and leaves numbers unquoted and missing values empty.
//! The delimiter tells them apart (`distribution`): a tab-separated file is read with
//! Dataverse's escapes, any other with doubled quotes, so `C:\new` in a CSV stays as written
//! and `\"` in a `.tab` is a quote. Dataverse writes a number stored as a double as Java
//! does, `29.0` or `7.051990001E9`; a whole number so written is read as the whole number, in
//! the id and the day, month, year and protest columns alike, so a `.tab` loads the records
//! of the CSV it was made from.
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
use super::delimited::Escape;
use super::table::{load_records_as, Columns, Dialect, Row, Variant};
use super::Loaded;
use crate::config::{Delimiter, FileFormat, FormRule};
use crate::error::{Problem, Result};
use crate::model::events::{Event, EventDate, SizeClass};

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

/// MM's CSV and Dataverse's `.tab`, told apart by [`distribution`].
const DIALECT: Dialect = Dialect {
    delimiter: None,
    quoting: true,
    escape: Escape::Doubled,
    variant: Some(distribution),
};

/// Which of MM's files `delimiter` shows: tabs are Dataverse's `.tab`, with its backslash
/// escapes; anything else is the CSV (or a spreadsheet's save of it), with doubled quotes.
fn distribution(_text: &str, delimiter: Delimiter) -> Variant {
    match delimiter.0 {
        b'\t' => Variant {
            name: "Dataverse .tab",
            quoting: true,
            escape: Escape::Backslash,
        },
        _ => Variant {
            name: "CSV",
            quoting: true,
            escape: Escape::Doubled,
        },
    }
}

/// Reads an MM file; returns the events and the number of placeholder rows left out.
pub fn load(
    path: &Path,
    format: &FileFormat,
    forms: &[FormRule],
) -> Result<(Loaded<Vec<Event>>, usize)> {
    let mut seen = BTreeMap::new();
    let mut placeholders = 0;
    let loaded = load_records_as(path, format, &COLUMNS, DIALECT, |row, problems| {
        match whole(field(row, "protest")) {
            Some(1) => {}
            Some(0) => {
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

/// A whole number as MM's files write it: `9`, or `9.0` and `7.051990001E9` as Dataverse
/// writes a number stored as a double. A fraction other than zero, a sign or anything else is
/// not one.
fn whole(text: &str) -> Option<u64> {
    if !text.is_empty() && text.bytes().all(|b| b.is_ascii_digit()) {
        return text.parse().ok();
    }
    if !text.contains(['.', 'E', 'e']) || !text.bytes().next()?.is_ascii_digit() {
        return None;
    }
    let value: f64 = text.parse().ok()?;
    // Up to 2^53 every whole number is exact in a double, so the digits are the ones stored.
    (value.fract() == 0.0 && value < 9_007_199_254_740_992.0).then_some(value as u64)
}

/// The event's id as written, or as a whole number when Dataverse wrote it as a double.
fn event_id(text: &str) -> String {
    match whole(text) {
        Some(n) if !text.bytes().all(|b| b.is_ascii_digit()) => n.to_string(),
        _ => text.to_string(),
    }
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
    let id = event_id(field(row, "id"));
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
        event_id: id,
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
        match whole(text).and_then(|n| u32::try_from(n).ok()) {
            Some(n) if range.contains(&n) => Ok(Some(n)),
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn whole_numbers_as_dataverse_writes_doubles() {
        assert_eq!(whole("9"), Some(9));
        assert_eq!(whole("9.0"), Some(9));
        assert_eq!(whole("1990.0"), Some(1990));
        assert_eq!(whole("7.051990001E9"), Some(7_051_990_001));
        assert_eq!(whole("7.051991E9"), Some(7_051_991_000));
        for not_whole in [
            "", ".", "9.5", "-1", "-1.0", "1e99", "NaN", "Inf", "1,0", " 9",
        ] {
            assert_eq!(whole(not_whole), None, "{not_whole}");
        }
    }

    #[test]
    fn ids_written_as_doubles_become_whole_numbers() {
        assert_eq!(event_id("7.051990001E9"), "7051990001");
        assert_eq!(event_id("7051990001"), "7051990001");
        assert_eq!(event_id("0705"), "0705", "an id as written is kept");
        assert_eq!(event_id("KAZ-1"), "KAZ-1");
        assert_eq!(event_id("1.5"), "1.5");
    }

    #[test]
    fn tabs_are_dataverse_and_commas_the_csv() {
        let tab = distribution("", Delimiter(b'\t'));
        assert_eq!(
            (tab.name, tab.escape),
            ("Dataverse .tab", Escape::Backslash)
        );
        let csv = distribution("", Delimiter(b','));
        assert_eq!((csv.name, csv.escape), ("CSV", Escape::Doubled));
        assert_eq!(distribution("", Delimiter(b';')).escape, Escape::Doubled);
    }
}
