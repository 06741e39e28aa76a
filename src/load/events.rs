//! The protest-event file in mobilize's own CSV columns.
//!
//! A row is either one dated event (the 2019 election-day protests) or a bundle standing for
//! `count` events that a source reports only in aggregate, possibly as a lower bound
//! (`at_least`, the paper's `>13`). Both kinds keep their `source`, so a table cell can always
//! be traced back to what it was built from. The size class is derived from `participants`
//! when it is not given, and must agree with it when both are.

use std::collections::BTreeMap;
use std::path::Path;

use super::table::{load_records, Columns, Row};
use super::Loaded;
use crate::config::FileFormat;
use crate::error::{Problem, Result};
use crate::model::events::{Event, EventDate, Form, SizeClass};

const COLUMNS: Columns = Columns {
    required: &["event_id", "date", "form"],
    optional: &[
        "participants",
        "size_class",
        "count",
        "at_least",
        "cities",
        "detainees",
        "location",
        "source",
        "notes",
    ],
    open: None,
};

/// Reads an events file; rejected rows come back as problems. The counts of all rows must
/// add up within 64 bits, so no cell of Table 2 can overflow: the row where the total would
/// is refused.
pub fn load(path: &Path, format: &FileFormat) -> Result<Loaded<Vec<Event>>> {
    let mut seen = BTreeMap::new();
    let mut total: u64 = 0;
    load_records(path, format, &COLUMNS, |row, problems| {
        let event = parse_row(row, problems)?;
        let Some(sum) = total.checked_add(event.count) else {
            let expected = format!(
                "a count that keeps the file's total within {} events",
                u64::MAX
            );
            problems.push(row.problem("count", &expected));
            return None;
        };
        total = sum;
        if let Some(line) = row.first_line_of(event.event_id.clone(), &mut seen) {
            problems.push(row.repeated("event_id", line, "event"));
            return None;
        }
        Some(event)
    })
}

fn parse_row(row: &Row<'_>, problems: &mut Vec<Problem>) -> Option<Event> {
    let before = problems.len();
    let event_id = row.get("event_id");
    if event_id.is_empty() {
        problems.push(row.problem("event_id", "an id for the row, unique in the file"));
    }
    let date = event_date(row, problems);
    let form = Form::parse(row.get("form"));
    if form.is_none() {
        problems.push(row.problem("form", "strike, protest or picket"));
    }
    let participants = row.whole_number("participants", problems);
    let size_class = size_class(row, participants, problems);
    let count = match row.whole_number("count", problems) {
        None if row.get("count").is_empty() => Some(1),
        Some(n) if n >= 1 => Some(n),
        Some(_) => {
            problems.push(row.problem("count", "how many events the row stands for, 1 or more"));
            None
        }
        None => None,
    };
    let at_least = match row.get("at_least").to_lowercase().as_str() {
        "" | "false" | "0" | "ложь" => Some(false),
        "true" | "1" | "истина" => Some(true),
        _ => {
            problems.push(row.problem(
                "at_least",
                "true or false (TRUE, FALSE, 1, 0, ИСТИНА, ЛОЖЬ as spreadsheets write them), or nothing",
            ));
            None
        }
    };
    let cities = row.whole_number("cities", problems);
    let detainees = row.whole_number("detainees", problems);
    if problems.len() > before {
        return None;
    }
    Some(Event {
        event_id: event_id.to_string(),
        date: date?,
        form: form?,
        participants,
        size_class: size_class?,
        count: count?,
        at_least: at_least?,
        cities,
        detainees,
        location: row.get("location").to_string(),
        source: row.get("source").to_string(),
        notes: row.get("notes").to_string(),
    })
}

/// `YYYY`, `YYYY-MM` or `YYYY-MM-DD`, or any date of [`super::values`] (its day), checked
/// against a `year` column.
fn event_date(row: &Row<'_>, problems: &mut Vec<Problem>) -> Option<EventDate> {
    let text = row.get("date");
    if let Some(date) = EventDate::parse(text) {
        return row.check_year("date", date.year, problems).then_some(date);
    }
    if text.is_empty() || text.len() <= 7 {
        problems.push(row.problem("date", "a date as YYYY, YYYY-MM or YYYY-MM-DD"));
        return None;
    }
    let day = row.timestamp("date", problems)?.local_date();
    Some(EventDate {
        year: chrono::Datelike::year(&day),
        month: Some(chrono::Datelike::month(&day)),
        day: Some(chrono::Datelike::day(&day)),
    })
}

/// The given size class, or the one derived from the participants, or `unknown`.
fn size_class(
    row: &Row<'_>,
    participants: Option<u64>,
    problems: &mut Vec<Problem>,
) -> Option<SizeClass> {
    let given = row.get("size_class");
    let derived = participants.map(SizeClass::of_participants);
    if given.is_empty() {
        return Some(derived.unwrap_or(SizeClass::Unknown));
    }
    let Some(class) = SizeClass::parse(given) else {
        problems.push(row.problem("size_class", "lt100, 100to1000, gt1000, unknown or nothing"));
        return None;
    };
    match derived {
        Some(derived) if derived != class => {
            problems.push(row.problem(
                "size_class",
                &format!(
                    "{} as the participants ({}) give, or nothing",
                    derived.as_str(),
                    participants.unwrap_or_default()
                ),
            ));
            None
        }
        _ => Some(class),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const HEADER: &str = "event_id,date,form,participants,size_class,count,at_least,cities,detainees,location,source,notes\n";

    fn load_text(body: &str) -> Loaded<Vec<Event>> {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("events.csv");
        std::fs::write(&path, format!("{HEADER}{body}")).unwrap();
        load(&path, &FileFormat::detected("events")).unwrap()
    }

    fn messages(body: &str) -> Vec<String> {
        load_text(body)
            .problems
            .into_iter()
            .map(|mut p| {
                p.file = "events.csv".into();
                p.to_string()
            })
            .collect()
    }

    #[test]
    fn a_dated_event_and_a_bundle_load() {
        let loaded = load_text(
            "e1,2019-06-09,protest,5000,,,,5,4000,Almaty,paper,\n\
             r1,2019,picket,,,15,true,,,,paper Table 2 remainder,\n",
        );
        assert!(loaded.problems.is_empty(), "{:?}", loaded.problems);
        let events = loaded.records.unwrap();
        assert_eq!(events[0].size_class, SizeClass::Over1000);
        assert_eq!(events[0].count, 1);
        assert!(!events[0].at_least);
        assert_eq!(events[0].date.to_string(), "2019-06-09");
        assert_eq!(events[1].size_class, SizeClass::Unknown);
        assert_eq!((events[1].count, events[1].at_least), (15, true));
        assert_eq!(events[1].date.month, None);
    }

    #[test]
    fn size_class_brackets() {
        assert_eq!(SizeClass::of_participants(99), SizeClass::Under100);
        assert_eq!(SizeClass::of_participants(100), SizeClass::From100To1000);
        assert_eq!(SizeClass::of_participants(1000), SizeClass::From100To1000);
        assert_eq!(SizeClass::of_participants(1001), SizeClass::Over1000);
    }

    #[test]
    fn dates_are_checked_against_the_calendar() {
        assert!(EventDate::parse("2016").is_some());
        assert!(EventDate::parse("2016-02-29").is_some());
        assert!(EventDate::parse("2019-02-29").is_none());
        assert!(EventDate::parse("2019-13").is_none());
        assert!(EventDate::parse("19-06-09").is_none());
        assert!(EventDate::parse("2019/06/09").is_none());
    }

    #[test]
    fn every_bad_field_is_reported_with_its_column() {
        assert_eq!(
            messages("e1,2019-02-30,march,many,lt100,0,maybe,,,,,\n"),
            [
                "events.csv:2:2: date: found \"2019-02-30\", expected a day of the calendar",
                "events.csv:2:3: form: found \"march\", expected strike, protest or picket",
                "events.csv:2:4: participants: found \"many\", expected a whole number such as 5000, 5,000 or 5 000",
                "events.csv:2:6: count: found \"0\", expected how many events the row stands for, 1 or more",
                "events.csv:2:7: at_least: found \"maybe\", expected true or false (TRUE, FALSE, 1, 0, ИСТИНА, ЛОЖЬ as spreadsheets write them), or nothing",
            ]
        );
    }

    #[test]
    fn size_class_must_agree_with_participants() {
        assert_eq!(
            messages("e1,2019,strike,50,gt1000,,,,,,,\n"),
            ["events.csv:2:5: size_class: found \"gt1000\", expected lt100 as the participants (50) give, or nothing"]
        );
    }

    #[test]
    fn duplicate_ids_name_the_first_line() {
        assert_eq!(
            messages("e1,2019,strike,,,,,,,,,\ne1,2018,strike,,,,,,,,,\n"),
            ["events.csv:3:1: event_id: found \"e1\" again, first on line 2, expected each event once"]
        );
    }
}
