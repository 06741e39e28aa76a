//! Protest events and Table 2's grid: what the events loaders make, the config's form rules
//! name, the published Table 2 is read into, and the analysis counts.

use std::fmt;

use serde::{Deserialize, Serialize};

/// What kind of contentious action an event was.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Form {
    /// A strike (`strike`); Table 2 splits strikes into under and over 100 participants.
    Strike,
    /// A protest (`protest`); every ACLED and MM event is one unless an `events.forms` rule finds
    /// another form.
    Protest,
    /// A single picket (`picket`), counted in Table 2's `Single pickets` row whatever its size.
    Picket,
}

impl Form {
    /// Each form and how the files, the config and `report.json` write it: the one mapping.
    const NAMES: [(Form, &'static str); 3] = [
        (Form::Strike, "strike"),
        (Form::Protest, "protest"),
        (Form::Picket, "picket"),
    ];

    /// `strike`, `protest` or `picket`, as the files, the config and `report.json` write it.
    pub fn as_str(self) -> &'static str {
        super::name_of(&Self::NAMES, self)
    }

    /// The form of `text`, in any case.
    pub fn parse(text: &str) -> Option<Form> {
        super::value_of(&Self::NAMES, text)
    }
}

/// How many took part, in the paper's brackets.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum SizeClass {
    /// Fewer than 100 participants.
    Under100,
    /// 100 to 1,000 participants, both included.
    From100To1000,
    /// More than 1,000 participants.
    Over1000,
    /// The size is not known: neither participants nor a size class given, or (ACLED, MM) no size
    /// the source's text gives.
    Unknown,
}

impl SizeClass {
    /// Each class and how the files and `report.json` write it: the one mapping.
    const NAMES: [(SizeClass, &'static str); 4] = [
        (SizeClass::Under100, "lt100"),
        (SizeClass::From100To1000, "100to1000"),
        (SizeClass::Over1000, "gt1000"),
        (SizeClass::Unknown, "unknown"),
    ];

    /// The bracket of a participant count: <100, 100..=1000, >1000.
    pub fn of_participants(participants: u64) -> SizeClass {
        match participants {
            0..=99 => SizeClass::Under100,
            100..=1000 => SizeClass::From100To1000,
            _ => SizeClass::Over1000,
        }
    }

    /// The class of `text`, in any case.
    pub fn parse(text: &str) -> Option<SizeClass> {
        super::value_of(&Self::NAMES, text)
    }

    /// `lt100`, `100to1000`, `gt1000` or `unknown`, as the files and `report.json` write it.
    pub fn as_str(self) -> &'static str {
        super::name_of(&Self::NAMES, self)
    }
}

crate::model::by_name!(Form, "strike, protest or picket");
crate::model::by_name!(SizeClass, "lt100, 100to1000, gt1000 or unknown");
crate::model::by_name!(
    RowId,
    "a row of Table 2: Strikes total, Strikes <100 participants, Strikes >100 participants, \
     Protests total, Protests >1000 participants, Protests 100-1000 participants or Single pickets"
);

/// A date known to the year, the month or the day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct EventDate {
    /// The year, always known.
    pub year: i32,
    /// The month, 1 to 12; `None` when only the year is known.
    pub month: Option<u32>,
    /// The day of the month; `None` when only the year or the month is known (ACLED's
    /// `time_precision` 3).
    pub day: Option<u32>,
}

impl EventDate {
    /// The day, when the date has one.
    pub fn day_date(&self) -> Option<chrono::NaiveDate> {
        chrono::NaiveDate::from_ymd_opt(self.year, self.month?, self.day?)
    }

    /// `YYYY`, `YYYY-MM` or `YYYY-MM-DD`, checked against the calendar.
    pub fn parse(text: &str) -> Option<EventDate> {
        let parts: Vec<&str> = text.split('-').collect();
        let digits = |s: &str, n: usize| s.len() == n && s.bytes().all(|b| b.is_ascii_digit());
        let ok = match parts.as_slice() {
            [y] => digits(y, 4),
            [y, m] => digits(y, 4) && digits(m, 2),
            [y, m, d] => digits(y, 4) && digits(m, 2) && digits(d, 2),
            _ => false,
        };
        if !ok {
            return None;
        }
        let year: i32 = parts[0].parse().ok()?;
        let month: Option<u32> = parts.get(1).map(|m| m.parse().ok()).unwrap_or(None);
        let day: Option<u32> = parts.get(2).map(|d| d.parse().ok()).unwrap_or(None);
        let valid = match (month, day) {
            (None, _) => true,
            (Some(m), None) => (1..=12).contains(&m),
            (Some(m), Some(d)) => chrono::NaiveDate::from_ymd_opt(year, m, d).is_some(),
        };
        valid.then_some(EventDate { year, month, day })
    }
}

impl fmt::Display for EventDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}", self.year)?;
        if let Some(month) = self.month {
            write!(f, "-{month:02}")?;
        }
        if let Some(day) = self.day {
            write!(f, "-{day:02}")?;
        }
        Ok(())
    }
}

impl Serialize for EventDate {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> serde::Deserialize<'de> for EventDate {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        super::from_text(
            deserializer,
            "a date YYYY, YYYY-MM or YYYY-MM-DD",
            EventDate::parse,
        )
    }
}

/// One row of the events file: one event, or `count` events reported together.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Event {
    /// The row's id, unique in the file (`event_id`, ACLED's `event_id_cnty`, MM's `id`), by which
    /// `mobilize diff` follows it.
    pub event_id: String,
    /// When it happened, to the year, month or day the source gives.
    pub date: EventDate,
    /// The `form` column; for ACLED and MM, the first `events.forms` rule whose keyword the text
    /// holds, else `protest`.
    pub form: Form,
    /// How many took part, when the source gives a number (`participants`); `None` otherwise, and
    /// always for ACLED.
    pub participants: Option<u64>,
    /// The `size_class` column, or the class `participants` gives, or (ACLED, MM) the one their
    /// size fields give; else `unknown`.
    pub size_class: SizeClass,
    /// How many events the row stands for: 1 for one event (always for ACLED and MM), more for a
    /// bundle; `count`, default 1.
    pub count: u64,
    /// Whether `count` is only a lower bound, the paper's `>13` (the `at_least` column; false when
    /// empty).
    pub at_least: bool,
    /// In how many cities it took place (the `cities` column); `None` when not given, and always
    /// for ACLED and MM.
    pub cities: Option<u64>,
    /// How many people were detained (the `detainees` column); `None` when not given, and always
    /// for ACLED and MM.
    pub detainees: Option<u64>,
    /// Where, as the source writes it (ACLED: `location, admin1`); may be empty.
    pub location: String,
    /// What reported it: the `source` column (MM: `sources`, else `Mass Mobilization`), so a cell
    /// can be traced; may be empty.
    pub source: String,
    /// The `notes` column as written (ACLED's and MM's notes); may be empty.
    pub notes: String,
}

/// A count, possibly known only as a lower bound.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Cell {
    /// Events counted; when `at_least`, the lower bound.
    pub count: u64,
    /// Whether `count` is only a lower bound; the cell prints as `>N`.
    pub at_least: bool,
}

impl Cell {
    /// `13` or `>13`; nothing else is a cell.
    pub fn parse(text: &str) -> Option<Cell> {
        let (at_least, digits) = match text.strip_prefix('>') {
            Some(rest) => (true, rest),
            None => (false, text),
        };
        if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        Some(Cell {
            count: digits.parse().ok()?,
            at_least,
        })
    }
}

/// Two cells added: the counts summed, a lower bound if either is one.
impl std::ops::Add for Cell {
    type Output = Cell;

    fn add(self, other: Cell) -> Cell {
        Cell {
            count: self.count + other.count,
            at_least: self.at_least || other.at_least,
        }
    }
}

impl fmt::Display for Cell {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.at_least {
            write!(f, ">{}", self.count)
        } else {
            write!(f, "{}", self.count)
        }
    }
}

/// A row of Table 2. Rows are found by this id; the label is what the paper prints and
/// what the files and `report.json` write.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum RowId {
    /// `Strikes total`: every strike, of any size class, `unknown` included.
    StrikesTotal,
    /// `Strikes <100 participants`: strikes of class `lt100`.
    StrikesUnder100,
    /// `Strikes >100 participants`: strikes of class `100to1000` or `gt1000`.
    StrikesOver100,
    /// `Protests total`: every protest, of any size class, `unknown` included.
    ProtestsTotal,
    /// `Protests >1000 participants`: protests of class `gt1000`.
    ProtestsOver1000,
    /// `Protests 100-1000 participants`: protests of class `100to1000`.
    Protests100To1000,
    /// `Single pickets`: every picket, of any size class.
    SinglePickets,
}

impl RowId {
    /// The paper's seven rows, in the paper's order.
    pub const ALL: [RowId; 7] = [
        RowId::StrikesTotal,
        RowId::StrikesUnder100,
        RowId::StrikesOver100,
        RowId::ProtestsTotal,
        RowId::ProtestsOver1000,
        RowId::Protests100To1000,
        RowId::SinglePickets,
    ];

    /// Each row and its label: the one mapping.
    const NAMES: [(RowId, &'static str); 7] = [
        (RowId::StrikesTotal, "Strikes total"),
        (RowId::StrikesUnder100, "Strikes <100 participants"),
        (RowId::StrikesOver100, "Strikes >100 participants"),
        (RowId::ProtestsTotal, "Protests total"),
        (RowId::ProtestsOver1000, "Protests >1000 participants"),
        (RowId::Protests100To1000, "Protests 100-1000 participants"),
        (RowId::SinglePickets, "Single pickets"),
    ];

    /// The label the paper prints.
    pub fn as_str(self) -> &'static str {
        super::name_of(&Self::NAMES, self)
    }

    /// The row of a label, in any case.
    pub fn parse(text: &str) -> Option<RowId> {
        super::value_of(&Self::NAMES, text)
    }

    /// Every label, in the paper's order.
    pub fn labels() -> impl Iterator<Item = &'static str> {
        Self::NAMES.iter().map(|(_, label)| *label)
    }

    /// The form of action the row counts.
    pub fn form(self) -> Form {
        match self {
            RowId::StrikesTotal | RowId::StrikesUnder100 | RowId::StrikesOver100 => Form::Strike,
            RowId::ProtestsTotal | RowId::ProtestsOver1000 | RowId::Protests100To1000 => {
                Form::Protest
            }
            RowId::SinglePickets => Form::Picket,
        }
    }

    /// The size classes the row counts; all of them when empty.
    pub fn classes(self) -> &'static [SizeClass] {
        match self {
            RowId::StrikesUnder100 => &[SizeClass::Under100],
            RowId::StrikesOver100 => &[SizeClass::From100To1000, SizeClass::Over1000],
            RowId::ProtestsOver1000 => &[SizeClass::Over1000],
            RowId::Protests100To1000 => &[SizeClass::From100To1000],
            RowId::StrikesTotal | RowId::ProtestsTotal | RowId::SinglePickets => &[],
        }
    }

    /// Whether the row counts an event of this form and class.
    pub fn counts(self, form: Form, class: SizeClass) -> bool {
        self.form() == form && (self.classes().is_empty() || self.classes().contains(&class))
    }
}

impl fmt::Display for RowId {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Table 2 as a grid: one row per rule, one cell per year.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProtestTable {
    /// The years of the columns: computed, every year from the first event's to the last's;
    /// published, the year columns of `table2_protests.csv` in file order.
    pub years: Vec<i32>,
    /// Each row with one cell per entry of `years`: computed, all seven rows in the paper's order;
    /// published, the file's rows in file order.
    pub rows: Vec<(RowId, Vec<Cell>)>,
}

impl ProtestTable {
    /// The cell of a row in a year, if the table has both.
    pub fn cell(&self, row: RowId, year: i32) -> Option<Cell> {
        let column = self.years.iter().position(|&y| y == year)?;
        let (_, cells) = self.rows.iter().find(|(id, _)| *id == row)?;
        cells.get(column).copied()
    }
}
