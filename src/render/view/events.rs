//! The events section: Table 2 (forms of collective action by year), its chart, and the events
//! named individually.

use super::{optional, raw, source_of, Chart, Section};
use crate::format::thousands;
use crate::load::InputKind;
use crate::model::events::{Cell, ProtestTable, RowId};
use crate::protests::{DatedEvent, EventsReport};
use crate::render::charts::{Bar, ChartSpec, GroupedBars, Series};
use crate::render::table::{Table, TableSpec};
use crate::report::Report;

/// The events section: Table 2 and its chart, and the dated events when there are any; none
/// without events.
pub(super) fn events_section(report: &Report) -> Option<Section> {
    let events = report.events.as_ref()?;
    let table = events.table();
    let source = source_of(report, InputKind::Events);
    let mut spec = TableSpec::<(RowId, Vec<Cell>)>::new("tables/table2-protests.csv").text(
        "Form of collective action",
        "form",
        |(row, _)| row.as_str().into(),
    );
    for (column, year) in table.years.iter().enumerate() {
        let year = year.to_string();
        spec = spec.number(&year, &year, move |(_, cells)| {
            cells.get(column).map(Cell::to_string).unwrap_or_default()
        });
    }
    let caption = "Table 2: Forms of contentious collective action by year";
    let table2 = Table {
        notes: vec![
            "A cell written >N counts N events and more that the source did not count.".into(),
        ],
        ..spec.table("table2", caption, &source, &table.rows)
    };
    let section = Section::new("events", "Protest events", paragraphs(report, events))
        .with_table(table2)
        .with_csv(spec.csv(&table.rows))
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
    Chart {
        file: "charts/table2-protests.svg".into(),
        alt: "Bar chart of strikes, protests and single pickets in each year, from Table 2".into(),
        downloads: Vec::new(),
        spec: ChartSpec::Grouped(GroupedBars {
            title: "Strikes, protests and single pickets by year".into(),
            y_label: "Events (>N: at least N)".into(),
            categories: table.years.iter().map(|y| y.to_string()).collect(),
            series,
            missing: String::new(),
            source: source.to_string(),
        }),
    }
}

fn dated_spec() -> TableSpec<'static, DatedEvent> {
    TableSpec::new("tables/dated-events.csv")
        .csv_only("event_id", |e: &DatedEvent| e.event_id.clone())
        .text("Date", "date", |e| e.date.to_string())
        .text("Form", "form", |e| e.form.as_str().into())
        .text("Size", "size_class", |e| e.size_class.as_str().into())
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
