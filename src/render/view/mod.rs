//! From the `Report` to what the pages show: sections of captioned tables and charts.
//!
//! Templates receive this view, not the report: a list of sections, each with tables whose
//! cells are already formatted strings, in a fixed order. That keeps templates to layout
//! (no arithmetic, no number formatting, no maps) and lets the HTML and Markdown pages show
//! exactly the same cells. Each table also has a CSV file of raw values, written beside it.

use serde::Serialize;

mod clusters;
mod media;
mod text;

use super::charts::{Bar, ChartSpec, GroupedBars, Series};
use crate::error::{Error, Result};
use crate::format::{real, thousands};
use crate::model::accounts::Account;
use crate::report::Report;
use crate::reproduce::Status;

#[derive(Debug, Clone, Serialize)]
pub struct Page {
    pub title: String,
    pub generator: String,
    pub sections: Vec<Section>,
    pub notices: Vec<String>,
    /// The table of contents: each section with its tables and figures.
    pub contents: Vec<Contents>,
    /// Whether the site has a change report (`build --since`), linked from the index.
    pub changes: bool,
    /// Narratives before the first section and after the last.
    pub opening: Vec<Narrative>,
    pub closing: Vec<Narrative>,
    /// Narratives that follow a section, table or figure, named by its id; the templates
    /// print each after the element of that id.
    pub placed: Vec<Placed>,
}

/// A narrative ready for the page: its HTML and its Markdown, both made safe.
#[derive(Debug, Clone, Serialize)]
pub struct Narrative {
    pub id: String,
    pub html: String,
    pub markdown: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct Placed {
    pub after: String,
    pub narrative: Narrative,
}

/// One section of the table of contents.
#[derive(Debug, Clone, Serialize)]
pub struct Contents {
    pub id: String,
    pub heading: String,
    /// `(anchor, label)` of each table and figure, in page order.
    pub entries: Vec<(String, String)>,
}

/// The anchor of a chart's figure: `charts/table3-terms.svg` -> `chart-table3-terms`.
pub fn chart_anchor(file: &str) -> String {
    let name = file.trim_start_matches("charts/").trim_end_matches(".svg");
    format!("chart-{name}")
}

#[derive(Debug, Clone, Serialize)]
pub struct Section {
    pub id: String,
    pub heading: String,
    pub paragraphs: Vec<String>,
    pub tables: Vec<Table>,
    pub charts: Vec<Chart>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Table {
    pub id: String,
    pub caption: String,
    pub source: String,
    pub columns: Vec<Column>,
    pub rows: Vec<Vec<TableCell>>,
    /// The CSV file of this table, relative to the site's root.
    pub csv: String,
    pub notes: Vec<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Column {
    pub label: String,
    pub numeric: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct TableCell {
    pub text: String,
    /// A CSS class for the cell (`match`, `differs`, `not-comparable`), or empty.
    pub class: String,
    /// An anchor on the cell (a claim's row in the reproduction panel), or empty.
    pub id: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct Chart {
    pub file: String,
    pub alt: String,
}

/// A CSV file: header and raw (unformatted) values.
#[derive(Debug, Clone)]
pub struct CsvTable {
    pub file: String,
    pub header: Vec<String>,
    pub rows: Vec<Vec<String>>,
}

/// Everything the renderers draw from one report.
pub struct View {
    pub page: Page,
    pub csv: Vec<CsvTable>,
    pub charts: Vec<(String, ChartSpec)>,
}

/// Builds the view of a report; a narrative placed after an id the page does not have is a
/// config error.
pub fn view(report: &Report) -> Result<View> {
    let mut view = View {
        page: Page {
            title: report.title.clone(),
            generator: report.generator.clone(),
            sections: Vec::new(),
            notices: report.notices.clone(),
            contents: Vec::new(),
            changes: false,
            opening: Vec::new(),
            closing: Vec::new(),
            placed: Vec::new(),
        },
        csv: Vec::new(),
        charts: Vec::new(),
    };
    if let Some(accounts) = &report.accounts {
        accounts_section(report, accounts, &mut view);
    }
    if let Some(text) = &report.text {
        text::text_sections(report, text, &mut view);
    }
    if let Some(clusters) = &report.clusters {
        clusters::clusters_section(report, clusters, &mut view);
    }
    if let Some(videos) = &report.videos {
        media::videos_section(report, videos, &mut view);
    }
    if let Some(views) = &report.views {
        media::views_section(report, views, &mut view);
    }
    if report.events.is_some() {
        events_section(report, &mut view);
    }
    if !report.reproduction.is_empty() {
        reproduction_section(report, &mut view);
    }
    inputs_section(report, &mut view);
    view.page.contents = contents(&view);
    place_narratives(report, &mut view)?;
    Ok(view)
}

/// Puts each narrative where its `at` says, made safe and rendered.
fn place_narratives(report: &Report, view: &mut View) -> Result<()> {
    let mut ids: Vec<String> = Vec::new();
    for section in &view.page.sections {
        ids.push(section.id.clone());
        ids.extend(section.tables.iter().map(|t| t.id.clone()));
        ids.extend(section.charts.iter().map(|c| chart_anchor(&c.file)));
    }
    for (index, text) in report.narrative.iter().enumerate() {
        let stem = std::path::Path::new(&text.file).file_stem().map_or_else(
            || format!("narrative-{}", index + 1),
            |s| s.to_string_lossy().into_owned(),
        );
        let prefix = crate::narrative::markdown::slug(&stem);
        let markdown = crate::narrative::markdown::sanitize(&text.markdown);
        let narrative = Narrative {
            id: format!("narrative-{prefix}"),
            html: crate::narrative::markdown::html(&markdown, &prefix),
            markdown,
        };
        match text.at.as_str() {
            "start" => view.page.opening.push(narrative),
            "end" => view.page.closing.push(narrative),
            at if ids.iter().any(|id| id == at) => view.page.placed.push(Placed {
                after: at.to_string(),
                narrative,
            }),
            at => {
                return Err(Error::config(
                    format!("narrative[{index}].at"),
                    format!(
                        "found {} for {}, expected start, end or the id of a section, table or \
                         figure of this report: {}",
                        crate::escape::quoted(at),
                        text.file,
                        ids.join(", ")
                    ),
                ))
            }
        }
    }
    Ok(())
}

fn contents(view: &View) -> Vec<Contents> {
    view.page
        .sections
        .iter()
        .map(|section| {
            let tables = section
                .tables
                .iter()
                .map(|t| (t.id.clone(), t.caption.clone()));
            let charts = section.charts.iter().map(|c| {
                let title = view
                    .charts
                    .iter()
                    .find(|(file, _)| *file == c.file)
                    .map_or(c.alt.clone(), |(_, spec)| spec.title().to_string());
                (chart_anchor(&c.file), title)
            });
            Contents {
                id: section.id.clone(),
                heading: section.heading.clone(),
                entries: tables.chain(charts).collect(),
            }
        })
        .collect()
}

pub(super) fn cell(text: impl Into<String>) -> TableCell {
    TableCell {
        text: text.into(),
        class: String::new(),
        id: String::new(),
    }
}

pub(super) fn columns(labels: &[(&str, bool)]) -> Vec<Column> {
    labels
        .iter()
        .map(|(label, numeric)| Column {
            label: label.to_string(),
            numeric: *numeric,
        })
        .collect()
}

pub(super) fn source_of(report: &Report, name: &str) -> String {
    match report.inputs.iter().find(|i| i.name == name) {
        Some(input) => format!(
            "Source: {} ({} rows).",
            input.path,
            thousands(input.rows as u64)
        ),
        None => String::new(),
    }
}

/// `youtube` (in any case) -> `YouTube`; unknown platforms are shown as written.
fn platform_name(platform: &str) -> String {
    match platform.to_lowercase().as_str() {
        "facebook" => "Facebook".into(),
        "youtube" => "YouTube".into(),
        "instagram" => "Instagram".into(),
        "telegram" => "Telegram".into(),
        "twitter" => "Twitter".into(),
        "vkontakte" => "VKontakte".into(),
        "vk" => "VK".into(),
        "tiktok" => "TikTok".into(),
        _ => platform.into(),
    }
}

/// Distinct values in order of first appearance.
fn first_seen<'a>(values: impl Iterator<Item = &'a str>) -> Vec<&'a str> {
    let mut seen: Vec<&str> = Vec::new();
    for v in values {
        if !seen.contains(&v) {
            seen.push(v);
        }
    }
    seen
}

fn accounts_section(report: &Report, accounts: &[Account], view: &mut View) {
    let organizations = first_seen(accounts.iter().map(|a| a.organization.as_str()));
    let platforms = first_seen(accounts.iter().map(|a| a.platform.as_str()));
    let mut labels: Vec<(String, bool)> = vec![
        ("Organization".into(), false),
        ("Description".into(), false),
    ];
    labels.extend(platforms.iter().map(|p| (platform_name(p), false)));
    let rows = organizations
        .iter()
        .map(|org| {
            let of_org: Vec<&Account> =
                accounts.iter().filter(|a| a.organization == *org).collect();
            let mut row = vec![cell(*org), cell(of_org[0].role.clone())];
            for platform in &platforms {
                let figures: Vec<String> = of_org
                    .iter()
                    .filter(|a| a.platform == *platform)
                    .map(|a| match a.value {
                        Some(v) => format!("{} {}", thousands(v), a.metric),
                        None if a.note.is_empty() => format!("{}: not published", a.metric),
                        None => format!("{}: not published ({})", a.metric, a.note),
                    })
                    .collect();
                row.push(cell(if figures.is_empty() {
                    "—".to_string()
                } else {
                    figures.join(", ")
                }));
            }
            row
        })
        .collect();
    let table1 = Table {
        id: "table1".into(),
        caption: "Table 1: Social media accounts by organization and platform".into(),
        source: source_of(report, "accounts"),
        columns: labels
            .into_iter()
            .map(|(label, numeric)| Column { label, numeric })
            .collect(),
        rows,
        csv: "tables/table1-accounts.csv".into(),
        notes: Vec::new(),
    };
    view.csv.push(CsvTable {
        file: table1.csv.clone(),
        header: [
            "organization",
            "role",
            "platform",
            "metric",
            "value",
            "note",
        ]
        .map(String::from)
        .to_vec(),
        rows: accounts
            .iter()
            .map(|a| {
                vec![
                    a.organization.clone(),
                    a.role.clone(),
                    a.platform.clone(),
                    a.metric.clone(),
                    a.value.map(|v| v.to_string()).unwrap_or_default(),
                    a.note.clone(),
                ]
            })
            .collect(),
    });
    let mut section = Section {
        id: "accounts".into(),
        heading: "Accounts".into(),
        paragraphs: Vec::new(),
        tables: vec![table1],
        charts: Vec::new(),
    };
    audience_chart(
        accounts,
        &organizations,
        &platforms,
        &source_of(report, "accounts"),
        view,
        &mut section,
    );
    if let Some(ratios) = report.ratios.as_ref().filter(|r| !r.is_empty()) {
        let describe = |t: &crate::media::ratios::RatioTerm| {
            let value = t.value.map_or("not published".to_string(), thousands);
            format!(
                "{}, {} {}: {}",
                t.organization,
                platform_name(&t.platform),
                t.metric,
                value
            )
        };
        section.tables.push(Table {
            id: "ratios".into(),
            caption: "Ratios of account figures".into(),
            source: source_of(report, "accounts"),
            columns: columns(&[
                ("Ratio", false),
                ("Numerator", false),
                ("Denominator", false),
                ("Value", true),
            ]),
            rows: ratios
                .iter()
                .map(|r| {
                    vec![
                        cell(r.label.clone()),
                        cell(describe(&r.numerator)),
                        cell(describe(&r.denominator)),
                        cell(r.value.map_or("—".to_string(), |v| real(v, 1))),
                    ]
                })
                .collect(),
            csv: "tables/ratios.csv".into(),
            notes: Vec::new(),
        });
        view.csv.push(CsvTable {
            file: "tables/ratios.csv".into(),
            header: ["label", "numerator", "denominator", "value"]
                .map(String::from)
                .to_vec(),
            rows: ratios
                .iter()
                .map(|r| {
                    let raw = |t: &crate::media::ratios::RatioTerm| {
                        t.value.map(|v| v.to_string()).unwrap_or_default()
                    };
                    vec![
                        r.label.clone(),
                        raw(&r.numerator),
                        raw(&r.denominator),
                        r.value.map(|v| v.to_string()).unwrap_or_default(),
                    ]
                })
                .collect(),
        });
    }
    view.page.sections.push(section);
}

/// The audience of each organization on each platform: followers or subscribers.
fn audience_chart(
    accounts: &[Account],
    organizations: &[&str],
    platforms: &[&str],
    source: &str,
    view: &mut View,
    section: &mut Section,
) {
    let audience = |a: &&Account| {
        a.metric.eq_ignore_ascii_case("followers") || a.metric.eq_ignore_ascii_case("subscribers")
    };
    let platforms: Vec<&str> = platforms
        .iter()
        .copied()
        .filter(|p| accounts.iter().filter(audience).any(|a| a.platform == *p))
        .collect();
    if platforms.is_empty() {
        return;
    }
    let series = platforms
        .iter()
        .map(|platform| Series {
            name: platform_name(platform),
            bars: organizations
                .iter()
                .map(|org| {
                    accounts
                        .iter()
                        .filter(audience)
                        .find(|a| a.organization == *org && a.platform == *platform)
                        .and_then(|a| a.value)
                        .map(|v| Bar {
                            value: v as f64,
                            label: thousands(v),
                        })
                })
                .collect(),
        })
        .collect();
    let file = "charts/table1-audience.svg".to_string();
    view.charts.push((
        file.clone(),
        ChartSpec::Grouped(GroupedBars {
            title: "Audience by platform: followers (Facebook) or subscribers".into(),
            y_label: "Followers or subscribers".into(),
            categories: organizations.iter().map(|o| o.to_string()).collect(),
            series,
            missing: "not published".into(),
            source: source.into(),
        }),
    ));
    section.charts.push(Chart {
        file,
        alt: "Bar chart of each organization's followers or subscribers on each platform, from Table 1".into(),
    });
}

fn events_section(report: &Report, view: &mut View) {
    let events = report.events.as_ref().expect("checked by the caller");
    let table = events.table();
    let source = source_of(report, "events");
    let mut labels = vec![Column {
        label: "Form of collective action".into(),
        numeric: false,
    }];
    labels.extend(table.years.iter().map(|y| Column {
        label: y.to_string(),
        numeric: true,
    }));
    let table2 = Table {
        id: "table2".into(),
        caption: "Table 2: Forms of contentious collective action by year".into(),
        source: source.clone(),
        columns: labels,
        rows: table
            .rows
            .iter()
            .map(|(form, cells)| {
                let mut row = vec![cell(form.clone())];
                row.extend(cells.iter().map(|c| cell(c.to_string())));
                row
            })
            .collect(),
        csv: "tables/table2-protests.csv".into(),
        notes: vec![
            "A cell written >N counts N events and more that the source did not count.".into(),
        ],
    };
    let mut header = vec!["form".to_string()];
    header.extend(table.years.iter().map(|y| y.to_string()));
    view.csv.push(CsvTable {
        file: table2.csv.clone(),
        header,
        rows: table
            .rows
            .iter()
            .map(|(form, cells)| {
                let mut row = vec![form.clone()];
                row.extend(cells.iter().map(|c| c.to_string()));
                row
            })
            .collect(),
    });
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
    let mut section = Section {
        id: "events".into(),
        heading: "Protest events".into(),
        paragraphs,
        tables: vec![table2],
        charts: Vec::new(),
    };
    let totals = ["Strikes total", "Protests total", "Single pickets"];
    let series = totals
        .iter()
        .map(|form| Series {
            name: form.to_string(),
            bars: table
                .years
                .iter()
                .map(|&y| {
                    table.cell(form, y).map(|c| Bar {
                        value: c.count as f64,
                        label: c.to_string(),
                    })
                })
                .collect(),
        })
        .collect();
    let file = "charts/table2-protests.svg".to_string();
    view.charts.push((
        file.clone(),
        ChartSpec::Grouped(GroupedBars {
            title: "Strikes, protests and single pickets by year".into(),
            y_label: "Events (>N: at least N)".into(),
            categories: table.years.iter().map(|y| y.to_string()).collect(),
            series,
            missing: String::new(),
            source,
        }),
    ));
    section.charts.push(Chart {
        file,
        alt: "Bar chart of strikes, protests and single pickets in each year, from Table 2".into(),
    });
    if !events.dated.is_empty() {
        section.tables.push(dated_events_table(report, view));
    }
    view.page.sections.push(section);
}

fn dated_events_table(report: &Report, view: &mut View) -> Table {
    let events = report.events.as_ref().expect("checked by the caller");
    let optional = |v: Option<u64>| v.map(thousands).unwrap_or_default();
    let table = Table {
        id: "dated-events".into(),
        caption: "Events named individually".into(),
        source: source_of(report, "events"),
        columns: columns(&[
            ("Date", false),
            ("Form", false),
            ("Size", false),
            ("Participants", true),
            ("Cities", true),
            ("Detainees", true),
            ("Location", false),
            ("Source", false),
        ]),
        rows: events
            .dated
            .iter()
            .map(|e| {
                vec![
                    cell(e.date.to_string()),
                    cell(format!("{:?}", e.form).to_lowercase()),
                    cell(e.size_class.as_str()),
                    cell(optional(e.participants)),
                    cell(optional(e.cities)),
                    cell(optional(e.detainees)),
                    cell(e.location.clone()),
                    cell(e.source.clone()),
                ]
            })
            .collect(),
        csv: "tables/dated-events.csv".into(),
        notes: Vec::new(),
    };
    let raw = |v: Option<u64>| v.map(|n| n.to_string()).unwrap_or_default();
    view.csv.push(CsvTable {
        file: table.csv.clone(),
        header: [
            "event_id",
            "date",
            "form",
            "size_class",
            "participants",
            "cities",
            "detainees",
            "location",
            "source",
            "notes",
        ]
        .map(String::from)
        .to_vec(),
        rows: events
            .dated
            .iter()
            .map(|e| {
                vec![
                    e.event_id.clone(),
                    e.date.to_string(),
                    format!("{:?}", e.form).to_lowercase(),
                    e.size_class.as_str().into(),
                    raw(e.participants),
                    raw(e.cities),
                    raw(e.detainees),
                    e.location.clone(),
                    e.source.clone(),
                    e.notes.clone(),
                ]
            })
            .collect(),
    });
    table
}

fn figure(value: &serde_json::Value) -> String {
    match value {
        serde_json::Value::Null => "—".into(),
        serde_json::Value::Number(n) => match (n.as_u64(), n.as_f64()) {
            (Some(whole), _) => thousands(whole),
            (None, Some(f)) if f.fract() == 0.0 && f >= 0.0 => thousands(f as u64),
            (None, f) => real(f.unwrap_or_default(), 2),
        },
        serde_json::Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

fn reproduction_section(report: &Report, view: &mut View) {
    let count = |status: Status| {
        report
            .reproduction
            .iter()
            .filter(|i| i.status == status)
            .count()
    };
    let differ = count(Status::Differs);
    let summary = format!(
        "{} published figures: {} match, {} {}, {} not comparable.",
        report.reproduction.len(),
        count(Status::Match),
        differ,
        if differ == 1 { "differs" } else { "differ" },
        count(Status::NotComparable)
    );
    let class = |status: Status| status.as_str().replace(' ', "-");
    let table = Table {
        id: "reproduction-table".into(),
        caption: "Published figures beside the computed ones".into(),
        source: published_sources(report),
        columns: columns(&[
            ("Table", false),
            ("Figure", false),
            ("Published", true),
            ("Computed", true),
            ("Status", false),
            ("Note", false),
        ]),
        rows: report
            .reproduction
            .iter()
            .map(|i| {
                let mut section = cell(i.section.clone());
                if i.section == crate::narrative::CLAIMS_SECTION {
                    section.id = crate::narrative::claim_anchor(&i.item);
                }
                vec![
                    section,
                    cell(i.item.clone()),
                    cell(figure(&i.published)),
                    cell(figure(&i.computed)),
                    TableCell {
                        text: i.status.as_str().into(),
                        class: class(i.status),
                        id: String::new(),
                    },
                    cell(i.note.clone()),
                ]
            })
            .collect(),
        csv: "tables/reproduction.csv".into(),
        notes: Vec::new(),
    };
    let raw = |v: &serde_json::Value| match v {
        serde_json::Value::Null => String::new(),
        serde_json::Value::String(s) => s.clone(),
        other => other.to_string(),
    };
    view.csv.push(CsvTable {
        file: table.csv.clone(),
        header: ["section", "item", "published", "computed", "status", "note"]
            .map(String::from)
            .to_vec(),
        rows: report
            .reproduction
            .iter()
            .map(|i| {
                vec![
                    i.section.clone(),
                    i.item.clone(),
                    raw(&i.published),
                    raw(&i.computed),
                    i.status.as_str().into(),
                    i.note.clone(),
                ]
            })
            .collect(),
    });
    let mut paragraphs = vec![summary];
    paragraphs.extend(
        report
            .reproduction
            .iter()
            .filter(|i| i.status == Status::Differs)
            .map(|i| {
                format!(
                    "Differs: {} ({}): published {}, computed {}.",
                    i.item,
                    i.section,
                    figure(&i.published),
                    figure(&i.computed)
                )
            }),
    );
    view.page.sections.push(Section {
        id: "reproduction".into(),
        heading: "Reproduction".into(),
        paragraphs,
        tables: vec![table],
        charts: Vec::new(),
    });
}

/// "Published figures: a.csv, b.csv." from the inputs whose name starts with "published".
fn published_sources(report: &Report) -> String {
    let paths: Vec<&str> = report
        .inputs
        .iter()
        .filter(|i| i.name.starts_with("published"))
        .map(|i| i.path.as_str())
        .collect();
    if paths.is_empty() {
        String::new()
    } else {
        format!("Published figures: {}.", paths.join(", "))
    }
}

fn inputs_section(report: &Report, view: &mut View) {
    let table = Table {
        id: "inputs-table".into(),
        caption: "Inputs of this report".into(),
        source: String::new(),
        columns: columns(&[
            ("Input", false),
            ("Path", false),
            ("Rows", true),
            ("Rejected", true),
            ("SHA-256", false),
        ]),
        rows: report
            .inputs
            .iter()
            .map(|i| {
                vec![
                    cell(i.name.clone()),
                    cell(i.path.clone()),
                    cell(thousands(i.rows as u64)),
                    cell(thousands(i.rejected as u64)),
                    cell(i.sha256.clone()),
                ]
            })
            .collect(),
        csv: "tables/inputs.csv".into(),
        notes: Vec::new(),
    };
    view.csv.push(CsvTable {
        file: table.csv.clone(),
        header: ["name", "path", "rows", "rejected", "sha256"]
            .map(String::from)
            .to_vec(),
        rows: report
            .inputs
            .iter()
            .map(|i| {
                vec![
                    i.name.clone(),
                    i.path.clone(),
                    i.rows.to_string(),
                    i.rejected.to_string(),
                    i.sha256.clone(),
                ]
            })
            .collect(),
    });
    view.page.sections.push(Section {
        id: "inputs".into(),
        heading: "Inputs".into(),
        paragraphs: vec!["Every file this report was built from, with its SHA-256 digest.".into()],
        tables: vec![table],
        charts: Vec::new(),
    });
}
