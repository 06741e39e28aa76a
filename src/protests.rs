//! Table 2: contentious collective actions by form, size and year.
//!
//! The seven rows are the paper's, each a rule over (form, size class); the years are every
//! year from the first event to the last, so a year without events shows zeros rather than
//! disappearing. A cell is a count plus a flag: when any row that feeds it is a lower bound,
//! the cell is one too and prints as `>N`, as the paper prints `>13`. The consistency check
//! works on any such table, computed or published, and flags a total that its size classes
//! contradict.

use serde::{Deserialize, Serialize};

use crate::model::events::{Cell, Event, EventDate, Form, ProtestTable, RowId, SizeClass};

/// Which totals must agree with which parts: (total, parts, whether the parts are all of it).
const CHECKS: [(RowId, [RowId; 2], bool); 2] = [
    (
        RowId::StrikesTotal,
        [RowId::StrikesUnder100, RowId::StrikesOver100],
        true,
    ),
    (
        RowId::ProtestsTotal,
        [RowId::ProtestsOver1000, RowId::Protests100To1000],
        false,
    ),
];

/// Counts the events into the seven rows, for every year from the first to the last.
pub fn protest_table(events: &[Event]) -> ProtestTable {
    let years: Vec<i32> = match (
        events.iter().map(|e| e.date.year).min(),
        events.iter().map(|e| e.date.year).max(),
    ) {
        (Some(first), Some(last)) => (first..=last).collect(),
        _ => Vec::new(),
    };
    let rows = RowId::ALL
        .iter()
        .map(|&row| {
            let cells = years
                .iter()
                .map(|&year| {
                    events
                        .iter()
                        .filter(|e| e.date.year == year && row.counts(e.form, e.size_class))
                        .fold(Cell::default(), |cell, e| {
                            cell + Cell {
                                count: e.count,
                                at_least: e.at_least,
                            }
                        })
                })
                .collect();
            (row, cells)
        })
        .collect();
    ProtestTable { years, rows }
}

/// A year in which a total and its size classes cannot both be right.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Inconsistency {
    /// The year whose cells disagree.
    pub year: i32,
    /// The total row contradicted, `Strikes total` or `Protests total`, written as its label.
    pub total: RowId,
    /// The contradiction in words, as the events page prints it: `Strikes total in 2019 is 2, but
    /// its size classes give 2 + 1 = 3`.
    pub message: String,
}

/// Flags every year where a total contradicts its size classes: strikes must equal the sum
/// of their two classes, protests must be at least the sum of their two larger classes.
pub fn consistency(table: &ProtestTable) -> Vec<Inconsistency> {
    let mut found = Vec::new();
    for (total_row, parts, exhaustive) in CHECKS {
        for &year in &table.years {
            let (Some(total), Some(a), Some(b)) = (
                table.cell(total_row, year),
                table.cell(parts[0], year),
                table.cell(parts[1], year),
            ) else {
                continue;
            };
            let sum = a + b;
            let contradicts = if exhaustive && !total.at_least && !sum.at_least {
                total.count != sum.count
            } else {
                !total.at_least && total.count < sum.count
            };
            if contradicts {
                let relation = if exhaustive { "" } else { "at least " };
                found.push(Inconsistency {
                    year,
                    total: total_row,
                    message: format!(
                        "{total_row} in {year} is {total}, but its size classes give {relation}{a} + {b} = {sum}"
                    ),
                });
            }
        }
    }
    found.sort_by(|x, y| (x.year, x.total.as_str()).cmp(&(y.year, y.total.as_str())));
    found
}

/// Table 2 as `report.json` holds it: one entry per (row, year), plus the dated events.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EventsReport {
    /// Every year from the first event's to the last's, ascending, including years without events;
    /// empty without events.
    pub years: Vec<i32>,
    /// The cells of Table 2: the seven rows in the paper's order, each with one cell per year of
    /// `years`, in order.
    pub rows: Vec<EventCell>,
    /// Years where the computed table contradicts itself, by year, then by the total's label.
    pub consistency: Vec<Inconsistency>,
    /// Events known to the day and standing for one event each, in date order.
    pub dated: Vec<DatedEvent>,
    /// Every row of the events file as it was coded, by date then id, so that a later build
    /// can tell which events were added, removed or recoded.
    pub list: Vec<CodedEvent>,
    /// Rows of the events file in all, and events they stand for.
    pub rows_read: usize,
}

/// One cell of Table 2 as `report.json` writes it.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EventCell {
    /// The row, written as its label.
    pub form: RowId,
    /// The year of the cell's column.
    pub year: i32,
    /// Events counted; when `at_least`, the lower bound.
    pub count: u64,
    /// Whether an event row feeding the cell is a lower bound; the table prints it `>N`.
    pub at_least: bool,
}

/// An event of the table "Events named individually": known to the day, one event, not a lower
/// bound.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DatedEvent {
    /// The event's id in the events file; in the CSV only, not on the page.
    pub event_id: String,
    /// The day, always with its month and day.
    pub date: EventDate,
    /// `strike`, `protest` or `picket`, the page's Form column.
    pub form: Form,
    /// `lt100`, `100to1000`, `gt1000` or `unknown`, the page's Size column.
    pub size_class: SizeClass,
    /// How many took part, when the source gives a number; empty on the page when `None`.
    pub participants: Option<u64>,
    /// In how many cities it took place, when given; empty on the page when `None`.
    pub cities: Option<u64>,
    /// How many people were detained, when given; empty on the page when `None`.
    pub detainees: Option<u64>,
    /// Where, as the source writes it; may be empty.
    pub location: String,
    /// What reported it, as the events file writes it; may be empty.
    pub source: String,
    /// The notes of the events file; in the CSV only, not on the page.
    pub notes: String,
}

/// One row of the events file as coded: what `mobilize diff` follows by id.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CodedEvent {
    /// The row's id in the events file, by which the diff matches the two builds.
    pub event_id: String,
    /// When it happened, to the year, month or day known; a change between builds is a recoding.
    pub date: EventDate,
    /// `strike`, `protest` or `picket`; a change between builds is a recoding.
    pub form: Form,
    /// `lt100`, `100to1000`, `gt1000` or `unknown`; a change between builds is a recoding.
    pub size_class: SizeClass,
    /// How many events the row stands for (1 for a single event).
    pub count: u64,
    /// Whether `count` is only a lower bound (the paper's `>13`).
    pub at_least: bool,
}

/// Everything the report says about the events.
pub fn analyse(events: &[Event]) -> EventsReport {
    let table = protest_table(events);
    let rows = table
        .rows
        .iter()
        .flat_map(|(form, cells)| {
            table
                .years
                .iter()
                .zip(cells)
                .map(move |(&year, cell)| EventCell {
                    form: *form,
                    year,
                    count: cell.count,
                    at_least: cell.at_least,
                })
        })
        .collect();
    let mut dated: Vec<DatedEvent> = events
        .iter()
        .filter(|e| e.date.day.is_some() && e.count == 1 && !e.at_least)
        .map(|e| DatedEvent {
            event_id: e.event_id.clone(),
            date: e.date,
            form: e.form,
            size_class: e.size_class,
            participants: e.participants,
            cities: e.cities,
            detainees: e.detainees,
            location: e.location.clone(),
            source: e.source.clone(),
            notes: e.notes.clone(),
        })
        .collect();
    dated.sort_by(|a, b| (a.date, &a.event_id).cmp(&(b.date, &b.event_id)));
    let mut list: Vec<CodedEvent> = events
        .iter()
        .map(|e| CodedEvent {
            event_id: e.event_id.clone(),
            date: e.date,
            form: e.form,
            size_class: e.size_class,
            count: e.count,
            at_least: e.at_least,
        })
        .collect();
    list.sort_by(|a, b| (a.date, &a.event_id).cmp(&(b.date, &b.event_id)));
    EventsReport {
        years: table.years.clone(),
        rows,
        consistency: consistency(&table),
        dated,
        list,
        rows_read: events.len(),
    }
}

impl EventsReport {
    /// The grid back from the flat rows, in the seven rules' order.
    pub fn table(&self) -> ProtestTable {
        let rows = RowId::ALL
            .iter()
            .map(|&row| {
                let cells = self
                    .years
                    .iter()
                    .map(|&year| {
                        self.rows
                            .iter()
                            .find(|c| c.form == row && c.year == year)
                            .map(|c| Cell {
                                count: c.count,
                                at_least: c.at_least,
                            })
                            .unwrap_or_default()
                    })
                    .collect();
                (row, cells)
            })
            .collect();
        ProtestTable {
            years: self.years.clone(),
            rows,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn event(
        id: &str,
        date: &str,
        form: Form,
        class: SizeClass,
        count: u64,
        at_least: bool,
    ) -> Event {
        Event {
            event_id: id.into(),
            date: EventDate::parse(date).unwrap(),
            form,
            participants: None,
            size_class: class,
            count,
            at_least,
            cities: None,
            detainees: None,
            location: String::new(),
            source: String::new(),
            notes: String::new(),
        }
    }

    /// A hand-counted fixture: 2017 has strikes 1 (<100) + 2 (>1000), one protest of
    /// 100-1000 and a bundle of 5 "at least" protests; 2018 has nothing; 2019 has 3 pickets.
    fn fixture() -> Vec<Event> {
        use Form::*;
        use SizeClass::*;
        vec![
            event("s1", "2017-03-01", Strike, Under100, 1, false),
            event("s2", "2017-04", Strike, Over1000, 2, false),
            event("p1", "2017-05-09", Protest, From100To1000, 1, false),
            event("p2", "2017", Protest, Unknown, 5, true),
            event("k1", "2019", Picket, Unknown, 3, false),
        ]
    }

    #[test]
    fn table_two_on_a_hand_computed_fixture() {
        let table = protest_table(&fixture());
        assert_eq!(table.years, vec![2017, 2018, 2019]);
        let show = |form: &str| -> Vec<String> {
            table
                .years
                .iter()
                .map(|&y| {
                    table
                        .cell(RowId::parse(form).unwrap(), y)
                        .unwrap()
                        .to_string()
                })
                .collect()
        };
        assert_eq!(show("Strikes total"), ["3", "0", "0"]);
        assert_eq!(show("Strikes <100 participants"), ["1", "0", "0"]);
        assert_eq!(show("Strikes >100 participants"), ["2", "0", "0"]);
        assert_eq!(show("Protests total"), [">6", "0", "0"]);
        assert_eq!(show("Protests >1000 participants"), ["0", "0", "0"]);
        assert_eq!(show("Protests 100-1000 participants"), ["1", "0", "0"]);
        assert_eq!(show("Single pickets"), ["0", "0", "3"]);
        assert!(consistency(&table).is_empty());
    }

    #[test]
    fn cells_parse_as_printed() {
        assert_eq!(
            Cell::parse(">13"),
            Some(Cell {
                count: 13,
                at_least: true
            })
        );
        assert_eq!(
            Cell::parse("2"),
            Some(Cell {
                count: 2,
                at_least: false
            })
        );
        assert_eq!(Cell::parse("> 13"), None);
        assert_eq!(Cell::parse("-1"), None);
        assert_eq!(Cell::parse(""), None);
    }

    #[test]
    fn the_papers_2019_strikes_are_flagged() {
        let cells = |v: &[&str]| {
            v.iter()
                .map(|t| Cell::parse(t).unwrap())
                .collect::<Vec<_>>()
        };
        let published = ProtestTable {
            years: vec![2018, 2019],
            rows: vec![
                (RowId::StrikesTotal, cells(&["2", "2"])),
                (RowId::StrikesUnder100, cells(&["2", "2"])),
                (RowId::StrikesOver100, cells(&["0", "1"])),
                (RowId::ProtestsTotal, cells(&[">13", "3"])),
                (RowId::ProtestsOver1000, cells(&["0", "1"])),
                (RowId::Protests100To1000, cells(&["4", "8"])),
            ],
        };
        let found = consistency(&published);
        let messages: Vec<&str> = found.iter().map(|i| i.message.as_str()).collect();
        assert_eq!(
            messages,
            [
                "Protests total in 2019 is 3, but its size classes give at least 1 + 8 = 9",
                "Strikes total in 2019 is 2, but its size classes give 2 + 1 = 3",
            ]
        );
    }

    #[test]
    fn unknown_size_strikes_break_the_strike_total() {
        let events = vec![event(
            "s",
            "2015",
            Form::Strike,
            SizeClass::Unknown,
            2,
            false,
        )];
        let found = consistency(&protest_table(&events));
        assert_eq!(found.len(), 1);
        assert_eq!(
            found[0].message,
            "Strikes total in 2015 is 2, but its size classes give 0 + 0 = 0"
        );
    }

    #[test]
    fn report_rows_round_trip_to_the_grid() {
        let report = analyse(&fixture());
        assert_eq!(report.rows.len(), 7 * 3);
        assert_eq!(report.table(), protest_table(&fixture()));
        let ids: Vec<&str> = report.dated.iter().map(|d| d.event_id.as_str()).collect();
        assert_eq!(ids, ["s1", "p1"]);
    }

    mod properties {
        use super::*;
        use proptest::prelude::*;

        fn any_event() -> impl Strategy<Value = Event> {
            let form = prop_oneof![Just(Form::Strike), Just(Form::Protest), Just(Form::Picket)];
            let class = prop_oneof![
                Just(SizeClass::Under100),
                Just(SizeClass::From100To1000),
                Just(SizeClass::Over1000),
                Just(SizeClass::Unknown),
            ];
            (2010i32..2016, form, class, 1u64..20, any::<bool>()).prop_map(
                |(year, form, class, count, at_least)| {
                    event("e", &year.to_string(), form, class, count, at_least)
                },
            )
        }

        proptest! {
            /// Every event is counted once in its form's total, in its own year, and a cell
            /// is a lower bound exactly when a lower-bound row feeds it.
            #[test]
            fn totals_are_the_sums_of_the_rows(events in proptest::collection::vec(any_event(), 0..40)) {
                let table = protest_table(&events);
                let totals = [(RowId::StrikesTotal, Form::Strike), (RowId::ProtestsTotal, Form::Protest), (RowId::SinglePickets, Form::Picket)];
                for &year in &table.years {
                    for (label, form) in totals {
                        let feeding: Vec<&Event> = events.iter().filter(|e| e.date.year == year && e.form == form).collect();
                        let cell = table.cell(label, year).unwrap();
                        prop_assert_eq!(cell.count, feeding.iter().map(|e| e.count).sum::<u64>());
                        prop_assert_eq!(cell.at_least, feeding.iter().any(|e| e.at_least));
                    }
                }
                let all: u64 = table.rows.iter().filter(|(l, _)| totals.iter().any(|(t, _)| t == l))
                    .flat_map(|(_, cells)| cells.iter().map(|c| c.count)).sum();
                prop_assert_eq!(all, events.iter().map(|e| e.count).sum::<u64>());
            }

            /// A table computed from events never contradicts itself unless strikes of
            /// unknown size make the strike total exceed its classes.
            #[test]
            fn computed_tables_are_consistent(events in proptest::collection::vec(any_event(), 0..40)) {
                let unknown_strikes = events.iter().any(|e| e.form == Form::Strike && e.size_class == SizeClass::Unknown);
                let found = consistency(&protest_table(&events));
                prop_assert!(found.iter().all(|i| i.total == RowId::StrikesTotal));
                if !unknown_strikes {
                    prop_assert!(found.is_empty());
                }
            }
        }
    }
}
