//! ACLED's exports (Armed Conflict Location & Event Data), read as protest events.
//!
//! One reader takes every layout ACLED has published and the copies researchers keep of them:
//!
//! - the current export and API layout (`event_id_cnty`, `event_date`, `year`,
//!   `time_precision`, `disorder_type`, `event_type`, `sub_event_type`, ..., `notes`,
//!   `fatalities`, `tags`, `timestamp`), whose `inter1` and `interaction` are text labels in
//!   newer files (`Protesters`, `Protesters-State forces`) and whose crowd size is the `crowd
//!   size=` tag of `tags`;
//! - the 2019-2023 layout (`data_id`, `iso`, `event_id_cnty`, `event_id_no_cnty`, ...,
//!   `timestamp`, `iso3`), without `tags`: the size is a `[size=...]` in the notes;
//! - the layout before 2017 (`GWNO`, `EVENT_ID_CNTY`, `EVENT_DATE`, `YEAR`, `EVENT_TYPE`,
//!   `ACTOR1`, `INTER1`, `INTERACTION`, `NOTES`, ...), upper case, with one event type
//!   `Riots/Protests` and no sub-event type.
//!
//! Rows of event type `Protests`, `Riots` or `Riots/Protests` (in any case) are events of form
//! `protest`, or of the form an `events.forms` rule finds in the sub-event type or the notes;
//! rows of the other event types (battles, explosions, violence against civilians, strategic
//! developments) are left out, counted in a notice.
//!
//! A row without a sub-event type (every row before 2017) gets the one of the present coding
//! that its `interaction` comes closest to, so that `events.forms` rules meet comparable text.
//! ACLED's actor codes are 1 state forces, 2 rebels, 3 political militias, 4 identity militias,
//! 5 rioters, 6 protesters, 7 civilians, 8 external or other forces; an interaction names the
//! two actors (`16`, or `Protesters-State forces`), or one (`60`, `Protesters only`). The
//! match is an approximation: the old codes say who met whom, not what happened.
//!
//! | interaction | sub-event type |
//! | --- | --- |
//! | protesters alone, with protesters or with civilians (60, 66, 67) | Peaceful protest |
//! | protesters with an armed actor (16, 26, 36, 46, 68) | Protest with intervention |
//! | rioters alone, with rioters, protesters or an armed actor (50, 55, 56, 15, 25, 35, 45, 58) | Violent demonstration |
//! | rioters with civilians (57) | Mob violence |
//! | anything else | none |
//!
//! `event_date` is `2025-05-16`, `16 May 2025` (ACLED's own exports), or as a spreadsheet saved
//! it: `16-May-2025`, `9-May-20`, `5/9/2020` and the other day-first and month-first dates of
//! the shared reader, which are read only under the input's `date_format`, since `5/9/2020` is
//! 5 September or 9 May. A two-digit year is the year of the row's `year` column that ends in
//! those digits; without a `year` column it is refused. Every date is checked against the `year`
//! column. A `time_precision` of 3 (the month is all that is known) keeps only the month.
//!
//! The size class comes from the `crowd size=` tag or the `[size=...]` of the notes, by the rule
//! of [`super::coding`]; the events it leaves without one are counted by reason in a notice.
//! `event_id_cnty` is the event's id, so that `mobilize diff` follows an event ACLED recodes
//! between two exports.

use std::collections::BTreeMap;
use std::path::Path;

use chrono::{Datelike, NaiveDate};

use super::coding::{acled_size_text, form_of, read_size, UnsizedCount};
use super::table::{records_of, Columns, CsvFile, Dialect, Row};
use super::values::{self, DateProblem};
use super::Loaded;
use crate::config::{DateFormat, FileFormat, FormRule};
use crate::error::{Problem, Result};
use crate::model::events::{Event, EventDate, SizeClass};

const COLUMNS: Columns = Columns {
    required: &["event_id_cnty", "event_date", "event_type"],
    optional: &[
        "year",
        "sub_event_type",
        "interaction",
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

/// What an event date that does not read is expected to be.
const DATE_EXPECTED: &str = "a date such as 2025-05-16 or 16 May 2025";

/// Reads an ACLED file; returns the protest events and the number of other rows left out.
/// The events left without a size class are counted by reason in a notice.
pub fn load(
    path: &Path,
    format: &FileFormat,
    forms: &[FormRule],
) -> Result<(Loaded<Vec<Event>>, usize)> {
    let file = match CsvFile::read(path, format, &COLUMNS, Dialect::DETECTED)? {
        Ok(file) => file,
        Err(problems) => return Ok((Loaded::rejected(path, problems), 0)),
    };
    let year_column = file
        .header()
        .iter()
        .any(|name| name.trim().eq_ignore_ascii_case("year"));
    let mut seen = BTreeMap::new();
    let mut other_types = 0;
    let mut sizeless = UnsizedCount::default();
    let mut loaded = records_of(file, |row, problems| {
        let event_type = row.get("event_type");
        if !is_protest_type(event_type) {
            if event_type.is_empty() {
                problems.push(row.problem("event_type", "ACLED's event type, such as Protests"));
            } else {
                other_types += 1;
            }
            return None;
        }
        let event = event(row, year_column, forms, problems)?;
        if let Some(first) = row.first_line_of(event.event_id.clone(), &mut seen) {
            problems.push(row.repeated("event_id_cnty", first, "event"));
            return None;
        }
        let size_text = acled_size_text(row.get("tags"), row.get("notes"));
        if let Err(why) = read_size(size_text) {
            sizeless.add(why, size_text);
        }
        Some(event)
    });
    loaded.notices.extend(sizeless.notice());
    Ok((loaded, other_types))
}

/// `Protests`, `Riots`, or the one type of both before 2017, `Riots/Protests`, in any case.
fn is_protest_type(text: &str) -> bool {
    let key: String = text
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect::<String>()
        .to_lowercase();
    matches!(key.as_str(), "protests" | "riots" | "riots/protests")
}

fn event(
    row: &Row<'_>,
    year_column: bool,
    forms: &[FormRule],
    problems: &mut Vec<Problem>,
) -> Option<Event> {
    let before = problems.len();
    let id = row.get("event_id_cnty");
    if id.is_empty() {
        problems.push(row.problem("event_id_cnty", "ACLED's event id, such as KAZ1234"));
    }
    let year = row.get("year");
    let year_read =
        year.is_empty() || (year.len() == 4 && year.bytes().all(|b| b.is_ascii_digit()));
    if !year_read {
        problems.push(row.problem("year", "the event's year, such as 2020"));
    }
    let day = event_day(row, year_column && year_read, problems);
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
    let sub_event = match row.get("sub_event_type") {
        "" => sub_event_of_interaction(row.get("interaction")),
        given => given,
    };
    let size_class = read_size(acled_size_text(row.get("tags"), notes));
    Some(Event {
        event_id: id.to_string(),
        date,
        form: form_of(forms, &[sub_event, notes]),
        participants: None,
        size_class: size_class.unwrap_or(SizeClass::Unknown),
        count: 1,
        at_least: false,
        cities: None,
        detainees: None,
        location,
        source: row.get("source").to_string(),
        notes: notes.to_string(),
    })
}

/// The day of `event_date`, checked against the `year` column; `year_column` says whether the
/// file has one to read two-digit years by (and it is readable on this row).
fn event_day(row: &Row<'_>, year_column: bool, problems: &mut Vec<Problem>) -> Option<NaiveDate> {
    let text = row.get("event_date");
    let order = row.format().date_format;
    let written = match (named_month(text), short_year(text)) {
        (Some(written), _) => written,
        (None, Some(numbers)) => match numbers.in_order(order) {
            Some(written) => written,
            None => {
                let expected = DateProblem::NeedsFormat.expected(&row.format().key);
                problems.push(row.problem("event_date", &expected));
                return None;
            }
        },
        (None, None) => {
            return match values::timestamp(text, order) {
                Err(DateProblem::Malformed) => {
                    problems.push(row.problem("event_date", DATE_EXPECTED));
                    None
                }
                _ => row
                    .timestamp("event_date", problems)
                    .map(|t| t.local_date()),
            };
        }
    };
    let year = match written.year {
        Year::Full(year) => year,
        Year::Short(digits) => full_year(row, digits, year_column, problems)?,
    };
    let Some(day) = NaiveDate::from_ymd_opt(year, written.month, written.day) else {
        problems.push(row.problem("event_date", "a day of the calendar"));
        return None;
    };
    row.check_year("event_date", year, problems).then_some(day)
}

/// A date as written: the year in full or by its last two digits.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Written {
    day: u32,
    month: u32,
    year: Year,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Year {
    Full(i32),
    Short(i32),
}

/// `16 May 2025`, `16 May. 2025`, `16-May-2025`, `9-May-20`, `16 Sept 2025`: the day, the
/// month's English name or its abbreviation, and a year of four or two digits.
fn named_month(text: &str) -> Option<Written> {
    let cleaned = text.replace(['.', ','], " ");
    let parts: Vec<&str> = cleaned
        .split([' ', '-', '/'])
        .filter(|p| !p.is_empty())
        .collect();
    let [day, month, year] = parts.as_slice() else {
        return None;
    };
    let digits = |s: &str, lengths: &[usize]| {
        lengths.contains(&s.len()) && s.bytes().all(|b| b.is_ascii_digit())
    };
    if !digits(day, &[1, 2]) || !digits(year, &[2, 4]) {
        return None;
    }
    const MONTHS: [&str; 12] = [
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
    ];
    let month = month.to_ascii_lowercase();
    let number = MONTHS
        .iter()
        .position(|name| month.len() >= 3 && name.starts_with(month.as_str()))?;
    let value: i32 = year.parse().ok()?;
    Some(Written {
        day: day.parse().ok()?,
        month: number as u32 + 1,
        year: if year.len() == 4 {
            Year::Full(value)
        } else {
            Year::Short(value)
        },
    })
}

/// Two numbers of one or two digits and a two-digit year, between the same `/`, `.` or `-`
/// (`5/9/20`, `09.05.20`): which number is the day only the input's `date_format` says.
struct ShortYear {
    first: u32,
    second: u32,
    year: i32,
}

impl ShortYear {
    fn in_order(&self, order: DateFormat) -> Option<Written> {
        let (day, month) = match order {
            DateFormat::DayFirst => (self.first, self.second),
            DateFormat::MonthFirst => (self.second, self.first),
            DateFormat::Iso => return None,
        };
        Some(Written {
            day,
            month,
            year: Year::Short(self.year),
        })
    }
}

fn short_year(text: &str) -> Option<ShortYear> {
    let separator = text.chars().find(|c| matches!(c, '/' | '.' | '-'))?;
    let parts: Vec<&str> = text.split(separator).collect();
    let [first, second, year] = parts.as_slice() else {
        return None;
    };
    let digits = |s: &str, lengths: &[usize]| {
        lengths.contains(&s.len()) && s.bytes().all(|b| b.is_ascii_digit())
    };
    if !digits(first, &[1, 2]) || !digits(second, &[1, 2]) || !digits(year, &[2]) {
        return None;
    }
    Some(ShortYear {
        first: first.parse().ok()?,
        second: second.parse().ok()?,
        year: year.parse().ok()?,
    })
}

/// The year of the row's `year` column when it ends in `digits`; when it ends otherwise, the
/// year of its century that does, for the check against the column to refuse.
fn full_year(
    row: &Row<'_>,
    digits: i32,
    year_column: bool,
    problems: &mut Vec<Problem>,
) -> Option<i32> {
    let stated = row.get("year");
    if !year_column {
        if stated.is_empty() {
            let expected = format!(
                "a date with a four-digit year: \"{digits:02}\" could be 19{digits:02} or \
                 20{digits:02}, and the file has no year column to tell"
            );
            problems.push(row.problem("event_date", &expected));
        }
        return None;
    }
    let Ok(stated) = stated.parse::<i32>() else {
        let expected = format!(
            "a date with a four-digit year, or a year in the row's \"year\" column to tell the \
             century of \"{digits:02}\""
        );
        problems.push(row.problem("event_date", &expected));
        return None;
    };
    Some(stated - stated.rem_euclid(100) + digits)
}

/// The sub-event type of the present coding that an interaction comes closest to, by the table
/// of the module's head; empty when none does.
fn sub_event_of_interaction(interaction: &str) -> &'static str {
    let Some((one, other)) = actors(interaction) else {
        return "";
    };
    let with = |code: u8| one == code || other == code;
    let armed = |code: u8| matches!(code, 1 | 2 | 3 | 4 | 8);
    if with(5) {
        let partner = if one == 5 { other } else { one };
        if partner == 7 {
            "Mob violence"
        } else {
            "Violent demonstration"
        }
    } else if with(6) {
        if armed(one) || armed(other) {
            "Protest with intervention"
        } else {
            "Peaceful protest"
        }
    } else {
        ""
    }
}

/// The two actor codes of an interaction (0 for none): `16`, `60`, `60.0`, `Protesters only`,
/// `Protesters-State forces`.
fn actors(interaction: &str) -> Option<(u8, u8)> {
    let text = interaction.trim();
    let digits = text.strip_suffix(".0").unwrap_or(text);
    if !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()) {
        let code: u8 = digits.parse().ok()?;
        return (code < 90).then_some((code / 10, code % 10));
    }
    let text = text.to_lowercase();
    let (one, other) = match text.strip_suffix(" only") {
        Some(alone) => (alone, None),
        None => {
            let (one, other) = text.split_once('-')?;
            (one, Some(other))
        }
    };
    Some((actor(one)?, other.map_or(Some(0), actor)?))
}

/// An actor's code from its label in newer files.
fn actor(label: &str) -> Option<u8> {
    Some(match label.trim() {
        "state forces" => 1,
        "rebel group" | "rebel groups" => 2,
        "political militia" | "political militias" => 3,
        "identity militia" | "identity militias" => 4,
        "rioters" => 5,
        "protesters" => 6,
        "civilians" => 7,
        "external/other forces" | "external/other force" => 8,
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn written(day: u32, month: u32, year: Year) -> Option<Written> {
        Some(Written { day, month, year })
    }

    #[test]
    fn dates_with_the_month_named() {
        assert_eq!(named_month("16 May 2025"), written(16, 5, Year::Full(2025)));
        assert_eq!(
            named_month("16 May. 2025"),
            written(16, 5, Year::Full(2025))
        );
        assert_eq!(
            named_month("16 September 2025"),
            written(16, 9, Year::Full(2025))
        );
        assert_eq!(
            named_month("16 Sept 2025"),
            written(16, 9, Year::Full(2025))
        );
        assert_eq!(named_month("16-May-2025"), written(16, 5, Year::Full(2025)));
        assert_eq!(named_month("09 May 2020"), written(9, 5, Year::Full(2020)));
        assert_eq!(named_month("9-May-20"), written(9, 5, Year::Short(20)));
        assert_eq!(named_month("9-MAY-20"), written(9, 5, Year::Short(20)));
        assert_eq!(named_month("2025-05-16"), None);
        assert_eq!(named_month("05/16/2025"), None);
        assert_eq!(named_month("May 16 2025"), None);
        assert_eq!(named_month("16 Ma 2025"), None);
        assert_eq!(named_month("16 May 202"), None);
    }

    #[test]
    fn two_digit_years_in_numbers_need_the_order() {
        let short = short_year("5/9/20").unwrap();
        assert_eq!(short.in_order(DateFormat::Iso), None);
        assert_eq!(
            short.in_order(DateFormat::MonthFirst),
            written(9, 5, Year::Short(20))
        );
        assert_eq!(
            short.in_order(DateFormat::DayFirst),
            written(5, 9, Year::Short(20))
        );
        assert!(short_year("09.05.20").is_some());
        assert!(short_year("5/9/2020").is_none());
        assert!(short_year("5/9.20").is_none());
        assert!(short_year("2020-05-09").is_none());
    }

    #[test]
    fn protest_types_old_and_new_in_any_case() {
        for text in [
            "Protests",
            "Riots",
            "Riots/Protests",
            "RIOTS/PROTESTS",
            "riots / protests",
        ] {
            assert!(is_protest_type(text), "{text}");
        }
        for text in [
            "Battles",
            "Strategic developments",
            "Protest",
            "Riots/Protests/Other",
            "",
        ] {
            assert!(!is_protest_type(text), "{text}");
        }
    }

    #[test]
    fn interactions_as_the_nearest_sub_event_type() {
        for (interaction, sub_event) in [
            ("60", "Peaceful protest"),
            ("66", "Peaceful protest"),
            ("67", "Peaceful protest"),
            ("16", "Protest with intervention"),
            ("36", "Protest with intervention"),
            ("68", "Protest with intervention"),
            ("50", "Violent demonstration"),
            ("55", "Violent demonstration"),
            ("15", "Violent demonstration"),
            ("56", "Violent demonstration"),
            ("57", "Mob violence"),
            ("60.0", "Peaceful protest"),
            ("Protesters only", "Peaceful protest"),
            ("Protesters-State forces", "Protest with intervention"),
            ("State forces-Protesters", "Protest with intervention"),
            ("Rioters-Civilians", "Mob violence"),
            ("Rioters only", "Violent demonstration"),
            ("10", ""),
            ("12", ""),
            ("", ""),
            ("sixty", ""),
            ("Protesters-Aliens", ""),
        ] {
            assert_eq!(
                sub_event_of_interaction(interaction),
                sub_event,
                "{interaction}"
            );
        }
    }
}
