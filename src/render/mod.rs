//! Rendering: the report as files (HTML and Markdown pages, SVG charts, CSV tables, JSON),
//! and, for journals, each chart as PNG and PDF ([`figures`]) and each table as LaTeX
//! ([`table::Table::latex`]), as the config's `exports` asks.
//!
//! Rendering only formats: every figure comes from the `Report`, through the view. Templates
//! are compiled into the binary and can be replaced, one by one, by a file of the same name in
//! a `templates/` folder beside the study's config (as zola does). HTML is autoescaped by
//! Tera; Markdown templates use the Markdown escaper as their autoescape function, so a value
//! from the data can never become markup in either.

pub mod charts;
pub mod figures;
pub mod table;
pub mod view;

use std::path::Path;

use rayon::prelude::*;

use crate::config::ExportsConfig;
use crate::error::{Error, Result};
use crate::progress::{self, Unit};
use crate::report::Report;

/// One file of the site: its path relative to the site's root, and its bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutputFile {
    /// Path relative to the site's root, `/`-separated (`index.html`, `charts/dendrogram.svg`).
    pub path: String,
    /// The file's contents: UTF-8 text, but for the PNG and PDF charts and the gzip-compressed
    /// data files ([`is_binary`]).
    pub bytes: Vec<u8>,
}

impl OutputFile {
    /// Whether the file is a PNG or PDF chart or a compressed data file rather than text.
    pub fn is_binary(&self) -> bool {
        self.path.ends_with(".png") || self.path.ends_with(".pdf") || self.path.ends_with(".gz")
    }
}

/// The built-in templates, by name.
const TEMPLATES: [(&str, &str); 5] = [
    ("report.html", include_str!("../../templates/report.html")),
    (
        "partials/table.html",
        include_str!("../../templates/partials/table.html"),
    ),
    ("report.md", include_str!("../../templates/report.md")),
    (
        "partials/table.md",
        include_str!("../../templates/partials/table.md"),
    ),
    ("style.css", include_str!("../../templates/style.css")),
];

/// A template's text: the study's own `templates/NAME` when present, else the built-in one.
fn template_text(name: &str, override_dir: Option<&Path>) -> Result<String> {
    if let Some(path) = override_dir
        .map(|dir| dir.join(name))
        .filter(|p| p.is_file())
    {
        return crate::read::text(&path);
    }
    let (_, text) = TEMPLATES
        .iter()
        .find(|(n, _)| *n == name)
        .expect("a built-in template");
    Ok(text.to_string())
}

fn engine(names: &[&str], override_dir: Option<&Path>) -> Result<tera::Tera> {
    let mut tera = tera::Tera::default();
    for name in names {
        let text = template_text(name, override_dir)?;
        tera.add_raw_template(name, &text)
            .map_err(|source| Error::Template {
                name: name.to_string(),
                source,
            })?;
    }
    Ok(tera)
}

fn render_page(tera: &tera::Tera, name: &str, page: &view::Page) -> Result<Vec<u8>> {
    let mut context = tera::Context::new();
    context.insert("page", page);
    let text = tera
        .render(name, &context)
        .map_err(|source| Error::Template {
            name: name.to_string(),
            source,
        })?;
    Ok(text.into_bytes())
}

/// The files for journals that `exports` asks for, listed on each chart and table of the
/// page: a chart's PNG and PDF beside its SVG (`charts/x.png`, `charts/x.pdf`), a table's
/// LaTeX beside its CSV (`tables/x.tex`). Tables that share one CSV (the associations of each
/// term) each get their own LaTeX file, numbered in page order (`tables/x-1.tex`, ...).
fn list_downloads(page: &mut view::Page, exports: ExportsConfig) {
    let mut sharing: std::collections::BTreeMap<String, usize> = Default::default();
    for table in page.sections.iter().flat_map(|s| s.tables()) {
        *sharing.entry(table.csv.clone()).or_default() += 1;
    }
    let mut seen: std::collections::BTreeMap<String, usize> = Default::default();
    for section in &mut page.sections {
        for chart in section.parts.iter_mut().filter_map(|p| p.chart.as_mut()) {
            let stem = chart.file.strip_suffix(".svg").unwrap_or(&chart.file);
            let mut downloads = Vec::new();
            if exports.png {
                downloads.push(table::Download {
                    label: "PNG, 300 dpi".into(),
                    path: format!("{stem}.png"),
                });
            }
            if exports.pdf {
                downloads.push(table::Download {
                    label: "PDF".into(),
                    path: format!("{stem}.pdf"),
                });
            }
            chart.downloads = downloads;
        }
        for table in section.parts.iter_mut().filter_map(|p| p.table.as_mut()) {
            table.downloads = Vec::new();
            if exports.latex {
                let stem = table.csv.strip_suffix(".csv").unwrap_or(&table.csv);
                let path = if sharing[&table.csv] > 1 {
                    let n = seen.entry(table.csv.clone()).or_default();
                    *n += 1;
                    format!("{stem}-{n}.tex")
                } else {
                    format!("{stem}.tex")
                };
                table.downloads.push(table::Download {
                    label: "LaTeX".into(),
                    path,
                });
            }
        }
    }
}

/// Renders every file of the site, in a fixed order: the pages, `style.css`, `report.json`,
/// the data files it lists (`data/*.jsonl.gz`), then each chart (its SVG, then its PNG and PDF when `exports` asks), then each CSV, then
/// each table's LaTeX when `exports` asks (at the path its download names). The charts are
/// drawn in parallel, each into its own place in that order. The page's sections are in
/// `order` (the config's `sections`, or [`view::SECTION_IDS`]).
pub fn render(
    report: &Report,
    override_dir: Option<&Path>,
    with_changes: bool,
    order: &[&str],
    exports: ExportsConfig,
) -> Result<Vec<OutputFile>> {
    let mut view = view::view(report, order)?;
    view.page.changes = with_changes;
    list_downloads(&mut view.page, exports);
    let mut html = engine(&["partials/table.html", "report.html"], override_dir)?;
    html.autoescape_on(vec![".html"]);
    let mut markdown = engine(&["partials/table.md", "report.md"], override_dir)?;
    markdown.autoescape_on(vec![".md"]);
    markdown.set_escape_fn(crate::escape::markdown);

    let mut files = vec![
        OutputFile {
            path: "index.html".into(),
            bytes: render_page(&html, "report.html", &view.page)?,
        },
        OutputFile {
            path: "report.md".into(),
            bytes: render_page(&markdown, "report.md", &view.page)?,
        },
        OutputFile {
            path: "style.css".into(),
            bytes: template_text("style.css", override_dir)?.into_bytes(),
        },
    ];
    let (data_files, json) = report.written();
    files.push(OutputFile {
        path: "report.json".into(),
        bytes: json,
    });
    for (listed, bytes) in data_files {
        files.push(OutputFile {
            path: listed.path,
            bytes,
        });
    }
    let charts: Vec<&view::Chart> = view.charts().collect();
    let step = progress::start("charts", Unit::Charts, charts.len() as u64);
    let drawn: Vec<Result<Vec<OutputFile>>> = charts
        .par_iter()
        .map(|chart| {
            let files = chart_files(chart, exports);
            step.advance(1);
            files
        })
        .collect();
    drop(step);
    for chart in drawn {
        files.extend(chart?);
    }
    // A table with a row per post (the clusters' assignments) is millions of rows at scale.
    let rows = view.csv().map(|table| table.rows.len() as u64).sum();
    let step = progress::start("tables", Unit::Rows, rows);
    for table in view.csv() {
        files.push(OutputFile {
            path: table.file.clone(),
            bytes: csv_bytes(table, &step),
        });
    }
    drop(step);
    // Each table's LaTeX, at the path its download names (none when `exports` turns it off).
    for table in view.page.sections.iter().flat_map(|s| s.tables()) {
        for download in table.downloads.iter().filter(|d| d.path.ends_with(".tex")) {
            files.push(OutputFile {
                path: download.path.clone(),
                bytes: table.latex().into_bytes(),
            });
        }
    }
    Ok(files)
}

/// A chart's SVG and, as `exports` asks, its PNG and PDF, drawn from the SVG with the control
/// characters of the data already shown as codes (as [`make_inert`] will write the SVG).
fn chart_files(chart: &view::Chart, exports: ExportsConfig) -> Result<Vec<OutputFile>> {
    let svg = charts::draw(&chart.spec, &chart.alt)?;
    let shown = crate::escape::controls(&svg);
    let figures = figures::figures(chart.spec.title(), &shown, exports.png, exports.pdf)?;
    let stem = chart.file.strip_suffix(".svg").unwrap_or(&chart.file);
    let mut files = vec![OutputFile {
        path: chart.file.clone(),
        bytes: svg.into_bytes(),
    }];
    for (bytes, extension) in [(figures.png, "png"), (figures.pdf, "pdf")] {
        if let Some(bytes) = bytes {
            files.push(OutputFile {
                path: format!("{stem}.{extension}"),
                bytes,
            });
        }
    }
    Ok(files)
}

/// Every file but `report.json` with the control characters of the data shown as their codes
/// ([`crate::escape::controls`]): an SVG holding one would not be XML, a page would hide it.
/// `report.json` keeps the exact values, which JSON escapes.
pub fn make_inert(files: &mut [OutputFile]) {
    for file in files
        .iter_mut()
        .filter(|f| f.path != "report.json" && !f.is_binary())
    {
        if let Ok(text) = std::str::from_utf8(&file.bytes) {
            if let std::borrow::Cow::Owned(shown) = crate::escape::controls(text) {
                file.bytes = shown.into_bytes();
            }
        }
    }
}

fn csv_bytes(table: &table::CsvTable, step: &progress::Progress) -> Vec<u8> {
    let mut writer = csv::Writer::from_writer(Vec::new());
    writer
        .write_record(&table.header)
        .expect("writing to memory");
    for row in &table.rows {
        let cells = row.iter().map(|cell| spreadsheet_cell(cell).into_owned());
        writer.write_record(cells).expect("writing to memory");
        step.advance(1);
    }
    writer.into_inner().expect("writing to memory")
}

/// A cell as a spreadsheet may open it: text starting with `=`, `+`, `-`, `@`, a tab or a
/// carriage return would be run as a formula by Excel (`=HYPERLINK(...)`), so it gets a
/// leading `'`, as OWASP advises against CSV injection. Numbers (`-0.31`) are left as they
/// are; `report.json` keeps every value exact.
pub fn spreadsheet_cell(cell: &str) -> std::borrow::Cow<'_, str> {
    let formula = cell.starts_with(['=', '+', '-', '@', '\t', '\r']);
    if formula && cell.trim().parse::<f64>().is_err() {
        std::borrow::Cow::Owned(format!("'{cell}"))
    } else {
        std::borrow::Cow::Borrowed(cell)
    }
}

/// The change report as an HTML page: its Markdown rendered by pulldown-cmark, with any raw
/// HTML turned into text, so nothing from the data can become markup.
pub fn changes_html(markdown: &str) -> String {
    use pulldown_cmark::{html, Event, Parser};
    let events = Parser::new(markdown).map(|event| match event {
        Event::Html(text) | Event::InlineHtml(text) => Event::Text(text),
        other => other,
    });
    let mut body = String::new();
    html::push_html(&mut body, events);
    format!(
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>Changes</title>\n<link rel=\"stylesheet\" href=\"style.css\">\n</head>\n\
         <body>\n<main>\n{body}</main>\n</body>\n</html>\n"
    )
}
