//! The events section: Table 2 (forms of collective action by year), its chart, and the events
//! named individually.
//!
//! Table 2 is printed with a row per year and a column per form, the paper's table turned on
//! its side: seven columns fit any page and any print, however many years the events span
//! (31 in a real-world study), where a column per year was hidden behind a scroll on screen
//! and cut off in print. The CSV is written the same way.

use super::{optional, raw, source_of, Chart, Section};
use crate::format::thousands;
use crate::load::InputKind;
use crate::model::events::{ProtestTable, RowId};
use crate::protests::{DatedEvent, EventsReport};
use crate::render::charts::{Bar, ChartSpec, GroupedBars, Series, MOST_BARS_WITH_FIGURES};
use crate::render::table::{Table, TableSpec};
use crate::report::Report;

/// The events section: Table 2 and its chart, and the dated events when there are any; none
/// without events.
pub(super) fn events_section(report: &Report) -> Option<Section> {
    let events = report.events.as_ref()?;
    let table = events.table();
    let source = source_of(report, InputKind::Events);
    let grid = &table;
    let mut spec = TableSpec::<i32>::new("tables/table2-protests.csv")
        .number("Year", "year", |year| year.to_string())
        .nowrap();
    for (row, _) in &table.rows {
        let row = *row;
        spec = spec.number(row_words(row), row.as_str(), move |&year| {
            grid.cell(row, year)
                .map(|c| c.to_string())
                .unwrap_or_default()
        });
    }
    let caption = "Forms of contentious collective action by year";
    let table2 = Table {
        notes: vec![
            "A cell written >N counts N events and more that the source did not count.".into(),
        ],
        ..spec
            .table("table2", caption, &source, &table.years)
            .paper(2)
    };
    let section = Section::new("events", "Protest events", paragraphs(report, events))
        .with_table(table2)
        .with_csv(spec.csv(&table.years))
        .with_chart(totals_chart(&table, &source));
    if events.dated.is_empty() {
        return Some(section);
    }
    let spec = dated_spec();
    let caption = "Events named individually";
    let section = section
        .with_table(spec.table("dated-events", caption, &source, &events.dated))
        .with_csv(spec.csv(&events.dated));
    Some(section)
}

/// A row of Table 2 as a column heading, its size class in words.
fn row_words(row: RowId) -> &'static str {
    match row {
        RowId::StrikesTotal => "Strikes, total",
        RowId::StrikesUnder100 => "Strikes, under 100 participants",
        RowId::StrikesOver100 => "Strikes, over 100 participants",
        RowId::ProtestsTotal => "Protests, total",
        RowId::ProtestsOver1000 => "Protests, over 1,000 participants",
        RowId::Protests100To1000 => "Protests, 100 to 1,000 participants",
        RowId::SinglePickets => "Single pickets",
    }
}

fn paragraphs(report: &Report, events: &EventsReport) -> Vec<String> {
    let mut paragraphs = vec![format!(
        "{} rows of the events file; sizes are in participants: under 100, 100 to 1,000, over 1,000.",
        thousands(events.rows_read as u64)
    )];
    if events.consistency.is_empty() {
        paragraphs.push(
            "Consistency check of this table: every total agrees with its size classes.".into(),
        );
    } else {
        paragraphs.extend(
            events
                .consistency
                .iter()
                .map(|c| format!("Consistency check of this table: {}.", c.message)),
        );
    }
    paragraphs.extend(
        report
            .published_consistency
            .iter()
            .map(|c| format!("Consistency check of the published Table 2: {}.", c.message)),
    );
    paragraphs
}

/// Strikes, protests and single pickets in each year, from Table 2.
fn totals_chart(table: &ProtestTable, source: &str) -> Chart {
    let totals = [
        RowId::StrikesTotal,
        RowId::ProtestsTotal,
        RowId::SinglePickets,
    ];
    let series = totals
        .iter()
        .map(|&row| Series {
            name: row.to_string(),
            bars: table
                .years
                .iter()
                .map(|&y| {
                    table.cell(row, y).map(|c| Bar {
                        value: c.count as f64,
                        label: c.to_string(),
                    })
                })
                .collect(),
        })
        .collect();
    Chart::new(
        "charts/table2-protests.svg",
        // Past ten years of three series the bars are too narrow to carry their figures.
        format!(
            "Bar chart of strikes, protests and single pickets in each year, from Table 2{}",
            if table.years.len() * totals.len() > MOST_BARS_WITH_FIGURES {
                "; the bars are too narrow to carry their figures, which are in the table"
            } else {
                ""
            }
        ),
        ChartSpec::Grouped(GroupedBars {
            title: "Strikes, protests and single pickets by year".into(),
            y_label: "Events (>N: at least N)".into(),
            categories: table.years.iter().map(|y| y.to_string()).collect(),
            series,
            missing: String::new(),
            source: source.to_string(),
        }),
    )
}

fn dated_spec() -> TableSpec<'static, DatedEvent> {
    TableSpec::new("tables/dated-events.csv")
        .csv_only("event_id", |e: &DatedEvent| e.event_id.clone())
        .text("Date", "date", |e| e.date.to_string())
        .nowrap()
        .text("Form", "form", |e| e.form.as_str().into())
        .text("Size", "size_class", |e| {
            super::size_words(e.size_class).into()
        })
        .raw(|e| e.size_class.as_str().into())
        .number("Participants", "participants", |e| optional(e.participants))
        .raw(|e| raw(e.participants))
        .number("Cities", "cities", |e| optional(e.cities))
        .raw(|e| raw(e.cities))
        .number("Detainees", "detainees", |e| optional(e.detainees))
        .raw(|e| raw(e.detainees))
        .text("Location", "location", |e| e.location.clone())
        .text("Source", "source", |e| e.source.clone())
        .csv_only("notes", |e| e.notes.clone())
}
