//! ACLED's CSV export (Armed Conflict Location & Event Data), read as protest events.
//!
//! Rows of event type `Protests` and `Riots` are events of form `protest` (or the form an
//! `events.forms` rule finds in the sub-event type or the notes); rows of the other event types
//! (battles, explosions, violence against civilians, strategic developments) are not protest
//! events and are left out, counted in a notice. The size class comes from the `crowd size=`
//! tag of `tags` or, in older rows, a `[size=...]` in the notes, by the rule of
//! [`super::coding`]; without either it is `unknown`. `event_date` is `YYYY-MM-DD` or, as
//! ACLED's own exports print it, `16 May 2025`; a `time_precision` of 3 (the month is all that
//! is known) keeps only the month. `event_id_cnty` is the event's id, so that `mobilize diff`
//! follows an event ACLED recodes between two exports.

use std::collections::BTreeMap;
use std::path::Path;

use chrono::{Datelike, NaiveDate};

use super::coding::{form_of, size_of_text};
use super::events::{Event, EventDate};
use super::table::{load_records, Columns, Row};
use super::values::{self, DateProblem};
use super::Loaded;
use crate::config::{FileFormat, FormRule};
use crate::error::{Problem, Result};

const COLUMNS: Columns = Columns {
    required: &["event_id_cnty", "event_date", "event_type"],
    optional: &[
        "sub_event_type",
        "time_precision",
        "admin1",
        "location",
        "notes",
        "tags",
        "source",
        "fatalities",
    ],
    open: None,
};

const PROTEST_TYPES: [&str; 2] = ["Protests", "Riots"];

/// Reads an ACLED file; returns the protest events and the number of other rows left out.
pub fn load(
    path: &Path,
    format: &FileFormat,
    forms: &[FormRule],
) -> Result<(Loaded<Vec<Event>>, usize)> {
    let mut seen = BTreeMap::new();
    let mut other_types = 0;
    let loaded = load_records(path, format, &COLUMNS, |row, problems| {
        if !PROTEST_TYPES.contains(&row.get("event_type")) {
            if row.get("event_type").is_empty() {
                problems.push(row.problem("event_type", "ACLED's event type, such as Protests"));
            } else {
                other_types += 1;
            }
            return None;
        }
        let event = event(row, forms, problems)?;
        if let Some(first) = row.first_line_of(event.event_id.clone(), &mut seen) {
            problems.push(row.repeated("event_id_cnty", first, "event"));
            return None;
        }
        Some(event)
    })?;
    Ok((loaded, other_types))
}

fn event(row: &Row<'_>, forms: &[FormRule], problems: &mut Vec<Problem>) -> Option<Event> {
    let before = problems.len();
    let id = row.get("event_id_cnty");
    if id.is_empty() {
        problems.push(row.problem("event_id_cnty", "ACLED's event id, such as KAZ1234"));
    }
    let day = match parse_day(row.get("event_date")) {
        Some(day) if row.check_year("event_date", day.year(), problems) => Some(day),
        Some(_) => None,
        None => match values::timestamp(row.get("event_date"), row.format().date_format) {
            Ok(_) | Err(DateProblem::NeedsFormat) => row
                .timestamp("event_date", problems)
                .map(|t| t.local_date()),
            Err(_) => {
                let expected = "a date such as 2025-05-16 or 16 May 2025";
                problems.push(row.problem("event_date", expected));
                None
            }
        },
    };
    let month_only = match row.get("time_precision") {
        "" | "1" | "2" => false,
        "3" => true,
        _ => {
            problems.push(row.problem("time_precision", "1, 2 or 3"));
            false
        }
    };
    if problems.len() > before {
        return None;
    }
    let day = day?;
    let date = EventDate {
        year: day.year(),
        month: Some(day.month()),
        day: (!month_only).then_some(day.day()),
    };
    let notes = row.get("notes");
    let location = match (row.get("location"), row.get("admin1")) {
        (place, region) if region.is_empty() || place == region => place.to_string(),
        ("", region) => region.to_string(),
        (place, region) => format!("{place}, {region}"),
    };
    Some(Event {
        event_id: id.to_string(),
        date,
        form: form_of(forms, &[row.get("sub_event_type"), notes]),
        participants: None,
        size_class: size_of_text(crowd_size(row.get("tags"), notes)),
        count: 1,
        at_least: false,
        cities: None,
        detainees: None,
        location,
        source: row.get("source").to_string(),
        notes: notes.to_string(),
    })
}

/// `2025-05-16`, `16 May 2025`, `16 May. 2025` or `16-May-2025`.
fn parse_day(text: &str) -> Option<NaiveDate> {
    let text = text.replace('.', "");
    ["%Y-%m-%d", "%d %B %Y", "%d %b %Y", "%d-%b-%Y", "%d-%B-%Y"]
        .iter()
        .find_map(|format| NaiveDate::parse_from_str(&text, format).ok())
}

/// The crowd size text: the `crowd size=` tag (tags are separated by `;`), else the
/// `[size=...]` of older notes, else nothing.
fn crowd_size<'a>(tags: &'a str, notes: &'a str) -> &'a str {
    let tagged = tags
        .split(';')
        .find_map(|tag| tag.trim().strip_prefix("crowd size="));
    if let Some(size) = tagged {
        return size.trim();
    }
    notes
        .find("[size=")
        .and_then(|at| {
            let rest = &notes[at + "[size=".len()..];
            rest.find(']').map(|end| rest[..end].trim())
        })
        .unwrap_or("")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_date_forms() {
        let day = NaiveDate::from_ymd_opt(2025, 5, 16);
        assert_eq!(parse_day("2025-05-16"), day);
        assert_eq!(parse_day("16 May 2025"), day);
        assert_eq!(parse_day("16 September 2025").map(|d| d.month()), Some(9));
        assert_eq!(parse_day("16-May-2025"), day);
        assert_eq!(parse_day("05/16/2025"), None);
    }

    #[test]
    fn crowd_size_from_tags_then_notes() {
        assert_eq!(
            crowd_size("crowd size=between 200 and 300; women targeted: girls", ""),
            "between 200 and 300"
        );
        assert_eq!(
            crowd_size("", "[size=around 100] On 3 May, ..."),
            "around 100"
        );
        assert_eq!(crowd_size("", "On 3 May, ..."), "");
    }
}
