//! From the `Report` to what the pages show: sections of captioned tables and charts.
//!
//! Templates receive this view, not the report: a list of sections, each with tables whose
//! cells are already formatted strings, in a fixed order. That keeps templates to layout
//! (no arithmetic, no number formatting, no maps) and lets the HTML and Markdown pages show
//! exactly the same cells. Each section is built by a function of its own that returns it
//! whole, with the CSV files of its tables (made from the same descriptions as the tables, see
//! [`super::table`]) and the specs of its charts, so `view` only puts the sections in the
//! page's order and nothing is matched up afterwards.

use serde::Serialize;

mod accounts;
mod clusters;
mod events;
mod media;
mod provenance;
mod text;

use super::charts::ChartSpec;
use super::table::{CsvTable, Download, Table};
use crate::error::{Error, Result};
use crate::format::thousands;
use crate::load::InputKind;
use crate::report::Report;

/// The page as the templates read it, its parts in the order they appear.
#[derive(Debug, Clone, Serialize)]
pub struct Page {
    /// The program and its version (`mobilize` and the crate version), in the page's footer.
    pub generator: String,
    /// The study's title (the config's `title`): the page's `<title>` and first heading.
    pub title: String,
    /// The sections, linked from the head of the page and then shown in full.
    pub sections: Vec<Section>,
    /// Whether the site has a change report (`build --since`), linked from the index.
    pub changes: bool,
    /// The table of contents: each section with its tables and figures.
    pub contents: Vec<Contents>,
    /// Narratives before the first section (`at: start`), in config order.
    pub opening: Vec<Narrative>,
    /// Narratives after the last section (`at: end`), in config order.
    pub closing: Vec<Narrative>,
    /// Narratives that follow a section, table or figure, named by its id; the templates
    /// print each after the element of that id.
    pub placed: Vec<Placed>,
    /// Remarks on the build (config sections accepted but not computed, ...), listed under
    /// Notices at the end of the page; no such section when empty.
    pub notices: Vec<String>,
}

/// A narrative ready for the page: its HTML and its Markdown, both made safe.
#[derive(Debug, Clone, Serialize)]
pub struct Narrative {
    /// The anchor of the narrative's block: `narrative-` and the slug of its file's stem.
    pub id: String,
    /// For `index.html`: the sanitised Markdown through [`crate::narrative::markdown::html`].
    pub html: String,
    /// For `report.md`: the sanitised Markdown, copied as it is.
    pub markdown: String,
}

/// A narrative to print after a section, table or figure of the page.
#[derive(Debug, Clone, Serialize)]
pub struct Placed {
    /// The id of that element; a figure's is the [`chart_anchor`] of its file.
    pub after: String,
    /// The narrative to print there.
    pub narrative: Narrative,
}

/// One section of the table of contents.
#[derive(Debug, Clone, Serialize)]
pub struct Contents {
    /// The section's anchor, which the entry links to.
    pub id: String,
    /// The section's heading, the text of the link.
    pub heading: String,
    /// `(anchor, label)` of each table and figure, in page order.
    pub entries: Vec<(String, String)>,
}

/// The anchor of a chart's figure: `charts/table3-terms.svg` -> `chart-table3-terms`.
pub fn chart_anchor(file: &str) -> String {
    let name = file.trim_start_matches("charts/").trim_end_matches(".svg");
    format!("chart-{name}")
}

/// A section of the page: heading and paragraphs, then its tables, then its charts.
#[derive(Debug, Clone, Serialize)]
pub struct Section {
    /// The section's anchor (`terms`, `clusters`), which a narrative's `at` may name.
    pub id: String,
    /// Its `<h2>` heading, also its link at the head of the page.
    pub heading: String,
    /// Plain-text paragraphs under the heading, escaped by the templates.
    pub paragraphs: Vec<String>,
    /// Its tables, in page order, after the paragraphs.
    pub tables: Vec<Table>,
    /// Its figures, in page order, after the tables.
    pub charts: Vec<Chart>,
    /// The CSV files of the section's tables (and of lists it has no table for), in order.
    #[serde(skip)]
    pub csv: Vec<CsvTable>,
}

impl Section {
    /// A section with its heading and paragraphs, and no table or chart yet.
    fn new(id: &str, heading: impl Into<String>, paragraphs: Vec<String>) -> Section {
        Section {
            id: id.to_string(),
            heading: heading.into(),
            paragraphs,
            tables: Vec::new(),
            charts: Vec::new(),
            csv: Vec::new(),
        }
    }

    fn with_table(mut self, table: Table) -> Section {
        self.tables.push(table);
        self
    }

    fn with_csv(mut self, csv: CsvTable) -> Section {
        self.csv.push(csv);
        self
    }

    fn with_chart(mut self, chart: Chart) -> Section {
        self.charts.push(chart);
        self
    }
}

/// A figure: its SVG file, its caption (also the SVG's description) and what it draws.
#[derive(Debug, Clone, Serialize)]
pub struct Chart {
    /// Path of the SVG relative to the site's root (`charts/dendrogram.svg`).
    pub file: String,
    /// The `<img>` alt text and the `<figcaption>`, also the SVG's `<desc>`.
    pub alt: String,
    /// Other files of this figure to link beside its SVG (its PNG at 300 dpi and its PDF), in
    /// order; empty when the config's `exports` turns them off.
    pub downloads: Vec<Download>,
    /// What the SVG draws; not serialised, since the templates only link the file.
    #[serde(skip)]
    pub spec: ChartSpec,
}

/// Everything the renderers draw from one report: the page, whose sections carry their
/// charts and CSV files.
pub struct View {
    /// The page, whose sections carry their charts and CSV files.
    pub page: Page,
}

impl View {
    /// Every chart, in page order.
    pub fn charts(&self) -> impl Iterator<Item = &Chart> {
        self.page.sections.iter().flat_map(|s| &s.charts)
    }

    /// Every CSV file, in page order.
    pub fn csv(&self) -> impl Iterator<Item = &CsvTable> {
        self.page.sections.iter().flat_map(|s| &s.csv)
    }
}

/// Builds the view of a report; a narrative placed after an id the page does not have is a
/// config error.
pub fn view(report: &Report) -> Result<View> {
    let mut sections = Vec::new();
    sections.extend(accounts::accounts_section(report));
    sections.extend(text::text_sections(report));
    sections.extend(clusters::clusters_section(report));
    sections.extend(media::videos_section(report));
    sections.extend(media::views_section(report));
    sections.extend(events::events_section(report));
    sections.extend(provenance::reproduction_section(report));
    sections.push(provenance::inputs_section(report));
    let mut view = View {
        page: Page {
            generator: report.generator.clone(),
            title: report.title.clone(),
            contents: contents(&sections),
            sections,
            changes: false,
            opening: Vec::new(),
            closing: Vec::new(),
            placed: Vec::new(),
            notices: report.notices.clone(),
        },
    };
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

fn contents(sections: &[Section]) -> Vec<Contents> {
    sections
        .iter()
        .map(|section| {
            let tables = section
                .tables
                .iter()
                .map(|t| (t.id.clone(), t.caption.clone()));
            let charts = section
                .charts
                .iter()
                .map(|c| (chart_anchor(&c.file), c.spec.title().to_string()));
            Contents {
                id: section.id.clone(),
                heading: section.heading.clone(),
                entries: tables.chain(charts).collect(),
            }
        })
        .collect()
}

/// "Source: path (N rows)." for the input of that kind, or nothing when there is none.
fn source_of(report: &Report, kind: InputKind) -> String {
    match report.inputs.iter().find(|i| i.kind == kind) {
        Some(input) => format!(
            "Source: {} ({} rows).",
            input.path,
            thousands(input.rows as u64)
        ),
        None => String::new(),
    }
}

/// A value as the CSV writes it, empty when there is none.
fn raw(value: Option<impl ToString>) -> String {
    value.map(|v| v.to_string()).unwrap_or_default()
}

/// A count as the page writes it, empty when there is none.
fn optional(count: Option<u64>) -> String {
    count.map(thousands).unwrap_or_default()
}

/// `(rank, item)` of each item of a ranked list, from 1.
fn ranked<T>(list: &[T]) -> Vec<(usize, &T)> {
    list.iter().enumerate().map(|(i, t)| (i + 1, t)).collect()
}
