//! The closing sections, what a reader checks the report against: the published figures beside
//! the computed ones, and every input with its digest.

use super::Section;
use crate::format::{real, thousands};
use crate::load::InputSummary;
use crate::narrative::{claim_anchor, CLAIMS_SECTION};
use crate::render::table::TableSpec;
use crate::report::Report;
use crate::reproduce::{ReproductionItem, Status};

/// A published or computed figure as the page writes it.
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

/// A published or computed figure as the CSV writes it.
fn raw_figure(value: &serde_json::Value) -> String {
    match value {
        serde_json::Value::Null => String::new(),
        serde_json::Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// The reproduction section: a summary, each figure that differs, and the table of them all;
/// none when no published figure was compared.
pub(super) fn reproduction_section(report: &Report) -> Option<Section> {
    if report.reproduction.is_empty() {
        return None;
    }
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
    let spec = TableSpec::<ReproductionItem>::new("tables/reproduction.csv")
        .text("Table", "section", |i| i.section.clone())
        .anchor(|i| {
            if i.section == CLAIMS_SECTION {
                claim_anchor(&i.item)
            } else {
                String::new()
            }
        })
        .text("Figure", "item", |i| i.item.clone())
        .number("Published", "published", |i| figure(&i.published))
        .raw(|i| raw_figure(&i.published))
        .number("Computed", "computed", |i| figure(&i.computed))
        .raw(|i| raw_figure(&i.computed))
        .text("Status", "status", |i| i.status.as_str().into())
        .class(|i| i.status.as_str().replace(' ', "-"))
        .text("Note", "note", |i| i.note.clone());
    let caption = "Published figures beside the computed ones";
    let items = &report.reproduction;
    let source = published_sources(report);
    let section = Section::new("reproduction", "Reproduction", paragraphs)
        .with_table(spec.table("reproduction-table", caption, &source, items))
        .with_csv(spec.csv(items));
    Some(section)
}

/// "Published figures: a.csv, b.csv." from the inputs whose name starts with "published".
fn published_sources(report: &Report) -> String {
    let paths: Vec<&str> = report
        .inputs
        .iter()
        .filter(|i| i.kind.is_published())
        .map(|i| i.path.as_str())
        .collect();
    if paths.is_empty() {
        String::new()
    } else {
        format!("Published figures: {}.", paths.join(", "))
    }
}

/// The inputs section: every file the report was built from, with its SHA-256 digest.
pub(super) fn inputs_section(report: &Report) -> Section {
    let spec = TableSpec::<InputSummary>::new("tables/inputs.csv")
        .text("Input", "name", |i| i.kind.as_str().into())
        .text("Path", "path", |i| i.path.clone())
        .count("Rows", "rows", |i| i.rows as u64)
        .count("Rejected", "rejected", |i| i.rejected as u64)
        .text("SHA-256", "sha256", |i| i.sha256.clone());
    let paragraphs = vec!["Every file this report was built from, with its SHA-256 digest.".into()];
    Section::new("inputs", "Inputs", paragraphs)
        .with_table(spec.table("inputs-table", "Inputs of this report", "", &report.inputs))
        .with_csv(spec.csv(&report.inputs))
}
