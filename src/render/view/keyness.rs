//! The keyness section: for each comparison, a two-sided bar chart of the terms most over-
//! and under-used in the target (target-heavy terms positive), the table of those terms, and
//! a CSV of every term at `keyness.min_count` or over.
//!
//! The figures are the report's; the CSV lists `all_terms` when the report was just computed
//! and the top terms of `report.json` otherwise.

use super::{source_of, term_shown, Chart, Section};
use crate::format::{real, thousands};
use crate::load::InputKind;
use crate::render::charts::{ChartSpec, HorizontalBars, LabelledBar};
use crate::render::table::TableSpec;
use crate::report::Report;
use crate::text::keyness::{Correction, Count, KeyTerm, KeynessTable, Measure};

/// The keyness section; none without keyness tables.
pub(super) fn keyness_section(report: &Report) -> Option<Section> {
    let tables = report.keyness.as_ref()?;
    let source = source_of(report, InputKind::Corpus);
    let mut section = Section::new("keyness", "Keyness", vec![method(tables)]);
    for (index, table) in tables.iter().enumerate() {
        section = comparison(section, index + 1, table, &source);
    }
    Some(section)
}

/// What the statistic is, from the tables' settings (one `keyness` section sets them all).
fn method(tables: &[KeynessTable]) -> String {
    let Some(first) = tables.first() else {
        return String::new();
    };
    let measure = match first.measure {
        Measure::Chi2 => "signed chi-squared",
        Measure::Lr => "the signed likelihood ratio G²",
    };
    let correction = match first.correction {
        Correction::Default => {
            "with Yates's correction where |ad − bc| ≥ N/2 and an expected count is under 5"
        }
        Correction::Williams => "with Williams's correction",
        Correction::None => "without correction",
    };
    format!(
        "For each comparison, the terms a target group of posts uses more (positive) or less \
         (negative) than a reference group, scored as quanteda's textstat_keyness does: \
         {measure} {correction}, with the chi-squared p-value of one degree of freedom. The \
         tables and charts show the strongest terms on each side; the CSV lists every term \
         counted at least the minimum in one group."
    )
}

/// One comparison's table, chart and CSV, added to `section`.
fn comparison(section: Section, number: usize, table: &KeynessTable, source: &str) -> Section {
    let statistic = match table.measure {
        Measure::Chi2 => "chi2",
        Measure::Lr => "G2",
    };
    let counted = match table.count {
        Count::Occurrences => "occurrences",
        Count::Support => "posts",
    };
    let spec = TableSpec::<KeyTerm>::new(format!("tables/keyness-{number}.csv"))
        .csv_only("term", |t| t.term.clone())
        .text("Term", "form", |t| term_shown(&t.term, &t.form))
        .raw(|t| t.form.clone())
        .number("Target", "target", |t| thousands(t.target))
        .raw(|t| t.target.to_string())
        .number("Reference", "reference", |t| thousands(t.reference))
        .raw(|t| t.reference.to_string())
        .number(statistic, "statistic", |t| real(t.statistic, 2))
        .raw(|t| t.statistic.to_string())
        .number("p", "p", |t| p_shown(t.p))
        .raw(|t| t.p.to_string());
    let heading = match &table.event {
        Some(id) => format!("event {id}"),
        None => table.name.clone(),
    };
    let caption = format!(
        "Keyness, {heading}: {} ({} posts) against {} ({} posts), {counted}",
        table.target.description,
        thousands(table.target.documents as u64),
        table.reference.description,
        thousands(table.reference.documents as u64),
    );
    let id = format!("keyness-{number}");
    let all = if table.all_terms.is_empty() {
        &table.terms
    } else {
        &table.all_terms
    };
    let mut section = section
        .with_table(spec.table(id, caption.clone(), source, &table.terms))
        .with_csv(spec.csv(all));
    if !table.terms.is_empty() {
        let bars = table
            .terms
            .iter()
            .map(|t| LabelledBar {
                label: term_shown(&t.term, &t.form),
                value: t.statistic,
                text: real(t.statistic, 1),
            })
            .collect();
        section = section.with_chart(Chart::new(
            format!("charts/keyness-{number}.svg"),
            format!(
                "Two-sided horizontal bar chart of the terms most over-used (right) and \
                 under-used (left) in the target, {heading}"
            ),
            ChartSpec::Horizontal(HorizontalBars {
                title: caption,
                x_label: format!("signed {statistic}: target-heavy right, reference-heavy left"),
                bars,
                source: source.to_string(),
            }),
        ));
    }
    section
}

/// A p-value on the page: four decimals, or `< 0.0001`.
fn p_shown(p: f64) -> String {
    if p < 0.0001 {
        "< 0.0001".to_string()
    } else {
        real(p, 4)
    }
}
