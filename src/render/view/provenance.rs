//! The closing sections, what a reader checks the report against: the published figures beside
//! the computed ones, and every input with its digest.

use super::Section;
use crate::format::{real, thousands};
use crate::load::InputSummary;
use crate::narrative::{claim_anchor, CLAIMS_SECTION};
use crate::render::table::TableSpec;
use crate::report::Report;
use crate::reproduce::{ReproductionItem, SectionSummary, CLUSTER_RULE};

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

/// The reproduction section: the rules of comparison, a summary table (items by status for
/// each published table, from `report.json`), then one table per published table in the
/// paper's order, each item once; none when no published figure was compared.
pub(super) fn reproduction_section(report: &Report) -> Option<Section> {
    if report.reproduction.is_empty() {
        return None;
    }
    let paragraphs = vec![
        "Each figure the paper publishes, beside the one computed from the data. Figures are \
         compared exactly, except a figure printed rounded (\"138 times\", r = 0.31), which \
         matches when the computed one rounds to it, and a claim with a stated tolerance. A \
         published cell that its own table contradicts is not comparable."
            .to_string(),
        CLUSTER_RULE.to_string(),
    ];
    let source = published_sources(report);
    let summary_spec = TableSpec::<SectionSummary>::new("tables/reproduction-summary.csv")
        .text("Published", "section", |r| r.section.clone())
        .count("Items", "items", |r| r.items as u64)
        .count("Match", "match", |r| r.matched as u64)
        .count("Differs", "differs", |r| r.differs as u64)
        .count("Not comparable", "not_comparable", |r| {
            r.not_comparable as u64
        });
    let summary = &report.reproduction_summary;
    let mut section = Section::new("reproduction", "Reproduction", paragraphs)
        .with_table(summary_spec.table(
            "reproduction-summary",
            "Published figures reproduced, by published table",
            &source,
            summary,
        ))
        .with_csv(summary_spec.csv(summary));
    let spec = TableSpec::<ReproductionItem>::new("tables/reproduction.csv")
        .csv_only("section", |i| i.section.clone())
        .text("Figure", "item", |i| i.item.clone())
        .anchor(|i| {
            if i.section == CLAIMS_SECTION {
                claim_anchor(&i.item)
            } else {
                i.stated_in
                    .first()
                    .map(|c| claim_anchor(c))
                    .unwrap_or_default()
            }
        })
        .number("Published", "published", |i| figure(&i.published))
        .raw(|i| raw_figure(&i.published))
        .number("Computed", "computed", |i| figure(&i.computed))
        .raw(|i| raw_figure(&i.computed))
        .text("Status", "status", |i| i.status.as_str().into())
        .class(|i| i.status.as_str().replace(' ', "-"))
        .nowrap()
        .text("Note", "note", |i| i.note.clone());
    let items = &report.reproduction;
    let mut start = 0;
    while start < items.len() {
        let name = &items[start].section;
        let end = start
            + items[start..]
                .iter()
                .take_while(|i| i.section == *name)
                .count();
        let caption = if name == CLAIMS_SECTION {
            "Claims of this report's narratives, checked against the computed figures".to_string()
        } else {
            format!("{name} of the paper: published figures beside the computed ones")
        };
        let id = format!("reproduction-{}", crate::narrative::markdown::slug(name));
        section = section.with_table(spec.table(id, caption, "", &items[start..end]));
        start = end;
    }
    Some(section.with_csv(spec.csv(items)))
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
        .text("SHA-256", "sha256", |i| i.sha256.chars().take(12).collect())
        .raw(|i| i.sha256.clone())
        .title(|i| i.sha256.clone())
        .nowrap();
    let paragraphs = vec![
        "Every file this report was built from, with its SHA-256 digest: the page shows its \
         first 12 hexadecimal digits (the whole digest is the cell's title, and is in the \
         Markdown, the CSV and report.json)."
            .into(),
    ];
    Section::new("inputs", "Inputs", paragraphs)
        .with_table(spec.table("inputs-table", "Inputs of this report", "", &report.inputs))
        .with_csv(spec.csv(&report.inputs))
}
