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
mod keyness;
mod media;
mod provenance;
mod text;
mod timeline;

use super::charts::ChartSpec;
use super::table::{CsvTable, Download, Table};
pub use crate::config::SECTION_IDS;
use crate::error::{Error, Result};
use crate::format::thousands;
use crate::load::InputKind;
use crate::progress::{self, Unit};
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

/// A section of the page: heading and paragraphs, then its tables and charts in page order.
#[derive(Debug, Clone, Serialize)]
pub struct Section {
    /// The section's anchor (`terms`, `clusters`), which a narrative's `at` may name, and
    /// its id in the config's `sections`.
    pub id: String,
    /// Its `<h2>` heading, also its link at the head of the page.
    pub heading: String,
    /// Plain-text paragraphs under the heading, escaped by the templates.
    pub paragraphs: Vec<String>,
    /// Its tables and charts, in page order, after the paragraphs: each chart right after
    /// the table it draws (or first, when it is the section's figure).
    pub parts: Vec<Part>,
    /// The CSV files of the section's tables (and of lists it has no table for), in order.
    #[serde(skip)]
    pub csv: Vec<CsvTable>,
}

/// One table or one chart of a section; exactly one of the two is set.
#[derive(Debug, Clone, Serialize)]
pub struct Part {
    /// The table, when this part is one.
    pub table: Option<Table>,
    /// The chart, when this part is one.
    pub chart: Option<Chart>,
}

impl Section {
    /// A section with its heading and paragraphs, and no table or chart yet.
    fn new(id: &str, heading: impl Into<String>, paragraphs: Vec<String>) -> Section {
        Section {
            id: id.to_string(),
            heading: heading.into(),
            paragraphs,
            parts: Vec::new(),
            csv: Vec::new(),
        }
    }

    fn with_table(mut self, table: Table) -> Section {
        self.parts.push(Part {
            table: Some(table),
            chart: None,
        });
        self
    }

    fn with_csv(mut self, csv: CsvTable) -> Section {
        self.csv.push(csv);
        self
    }

    fn with_chart(mut self, chart: Chart) -> Section {
        self.parts.push(Part {
            table: None,
            chart: Some(chart),
        });
        self
    }

    /// The section's tables, in page order.
    pub fn tables(&self) -> impl Iterator<Item = &Table> {
        self.parts.iter().filter_map(|p| p.table.as_ref())
    }

    /// The section's charts, in page order.
    pub fn charts(&self) -> impl Iterator<Item = &Chart> {
        self.parts.iter().filter_map(|p| p.chart.as_ref())
    }
}

/// A figure: its SVG file, its number and caption, its description and what it draws.
#[derive(Debug, Clone, Serialize)]
pub struct Chart {
    /// Path of the SVG relative to the site's root (`charts/dendrogram.svg`).
    pub file: String,
    /// The figure's anchor, [`chart_anchor`] of its file (`chart-dendrogram`).
    pub id: String,
    /// Its number on the page, `Figure 3`: the paper's for the paper's figures, the next free
    /// one after them for the others.
    pub label: String,
    /// The paper's number of this figure, kept whatever the order of the sections.
    #[serde(skip)]
    pub paper: Option<u32>,
    /// The `<figcaption>` after the label, also the figure's entry in the page's contents.
    pub caption: String,
    /// What a screen reader says of the image: the `<img>` alt text, also the SVG's `<desc>`.
    pub alt: String,
    /// Other files of this figure to link beside its SVG (its PNG at 300 dpi and its PDF), in
    /// order; empty when the config's `exports` turns them off.
    pub downloads: Vec<Download>,
    /// What the SVG draws; not serialised, since the templates only link the file.
    #[serde(skip)]
    pub spec: ChartSpec,
}

impl Chart {
    /// A figure of `file`, captioned by its chart's title.
    fn new(file: impl Into<String>, alt: impl Into<String>, spec: ChartSpec) -> Chart {
        let file = file.into();
        Chart {
            id: chart_anchor(&file),
            file,
            label: String::new(),
            paper: None,
            caption: spec.title().to_string(),
            alt: alt.into(),
            downloads: Vec::new(),
            spec,
        }
    }

    /// The figure as the paper numbers it, with its own caption (the chart's title may say
    /// `Figure 1:` already, for the SVG read on its own).
    fn paper(mut self, number: u32, caption: impl Into<String>) -> Chart {
        self.paper = Some(number);
        self.caption = caption.into();
        self
    }
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
        self.page.sections.iter().flat_map(|s| s.charts())
    }

    /// Every CSV file, in page order.
    pub fn csv(&self) -> impl Iterator<Item = &CsvTable> {
        self.page.sections.iter().flat_map(|s| &s.csv)
    }
}

/// How many tables and figures the paper numbers: its own keep their numbers (Table 1 to
/// Table 5, Figure 1 and Figure 2) and the others are numbered after them.
const PAPER_TABLES: u32 = 5;
/// See [`PAPER_TABLES`].
const PAPER_FIGURES: u32 = 2;

/// Builds the view of a report with its sections in `order` (ids of
/// [`crate::config::SECTION_IDS`]; a section the report lacks is skipped); a narrative placed
/// after an id the page does not have is a config error.
pub fn view(report: &Report, order: &[&str]) -> Result<View> {
    type Builder = fn(&Report) -> Vec<Section>;
    let builders: [Builder; 10] = [
        |r| accounts::accounts_section(r).into_iter().collect(),
        text::text_sections,
        |r| keyness::keyness_section(r).into_iter().collect(),
        |r| clusters::clusters_section(r).into_iter().collect(),
        |r| media::videos_section(r).into_iter().collect(),
        |r| media::views_section(r).into_iter().collect(),
        |r| timeline::timeline_section(r).into_iter().collect(),
        |r| events::events_section(r).into_iter().collect(),
        |r| provenance::reproduction_section(r).into_iter().collect(),
        |r| vec![provenance::inputs_section(r)],
    ];
    // At millions of posts a section holding a row per post (the clusters' assignments, the
    // terms) takes seconds to lay out, so the builders are a counted step.
    let step = progress::start("sections", Unit::Sections, builders.len() as u64);
    let mut built: Vec<Section> = Vec::new();
    for build in builders {
        built.extend(build(report));
        step.advance(1);
    }
    drop(step);
    let mut sections: Vec<Section> = Vec::new();
    for id in order {
        if let Some(at) = built.iter().position(|s| s.id == *id) {
            sections.push(built.remove(at));
        }
    }
    number(&mut sections);
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
        for part in &section.parts {
            ids.extend(part.table.iter().map(|t| t.id.clone()));
            ids.extend(part.chart.iter().map(|c| c.id.clone()));
        }
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

/// Numbers the tables and figures in page order: the paper's keep their numbers, the others
/// take the next free ones after the paper's; long tables are folded.
fn number(sections: &mut [Section]) {
    let (mut table, mut figure) = (PAPER_TABLES, PAPER_FIGURES);
    let next = |counter: &mut u32| {
        *counter += 1;
        *counter
    };
    for part in sections.iter_mut().flat_map(|s| s.parts.iter_mut()) {
        if let Some(t) = &mut part.table {
            let n = t.paper.unwrap_or_else(|| next(&mut table));
            t.label = format!("Table {n}");
            t.fold();
        }
        if let Some(c) = &mut part.chart {
            let n = c.paper.unwrap_or_else(|| next(&mut figure));
            c.label = format!("Figure {n}");
        }
    }
}

fn contents(sections: &[Section]) -> Vec<Contents> {
    sections
        .iter()
        .map(|section| Contents {
            id: section.id.clone(),
            heading: section.heading.clone(),
            entries: section
                .parts
                .iter()
                .flat_map(|part| {
                    let table = part.table.iter().map(|t| (&t.id, &t.label, &t.caption));
                    let chart = part.chart.iter().map(|c| (&c.id, &c.label, &c.caption));
                    table.chain(chart)
                })
                .map(|(id, label, caption)| (id.clone(), format!("{label}: {caption}")))
                .collect(),
        })
        .collect()
}

/// A size class as the pages say it: `under 100`, `100 to 1,000`, `over 1,000`, `unknown`
/// (the CSV files keep the codes).
fn size_words(size: crate::model::events::SizeClass) -> &'static str {
    use crate::model::events::SizeClass;
    match size {
        SizeClass::Under100 => "under 100",
        SizeClass::From100To1000 => "100 to 1,000",
        SizeClass::Over1000 => "over 1,000",
        SizeClass::Unknown => "unknown",
    }
}

/// A stem or n-gram as every page shows it: the words it most often stands for, with the
/// stem beside them (`peaceful protest (peac protest)`); the stem alone when it has no
/// other form.
fn term_shown(term: &str, form: &str) -> String {
    if form.is_empty() || form == term {
        term.to_string()
    } else {
        format!("{form} ({term})")
    }
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn size_classes_and_terms_are_written_in_words() {
        use crate::model::events::SizeClass;
        let words: Vec<_> = [
            SizeClass::Under100,
            SizeClass::From100To1000,
            SizeClass::Over1000,
            SizeClass::Unknown,
        ]
        .into_iter()
        .map(size_words)
        .collect();
        assert_eq!(
            words,
            ["under 100", "100 to 1,000", "over 1,000", "unknown"]
        );
        assert_eq!(
            term_shown("peac protest", "peaceful protest"),
            "peaceful protest (peac protest)"
        );
        assert_eq!(term_shown("countri", "country"), "country (countri)");
        assert_eq!(term_shown("dck", "dck"), "dck");
        assert_eq!(term_shown("dck", ""), "dck");
    }
}
