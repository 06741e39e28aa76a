//! Snapshots of the rendered Markdown, JSON and SVG of a small hand-made study.
//! Refresh with `cargo insta review` (or INSTA_UPDATE=always) after an intended change.

mod common;

use common::{build_fixture, read};

fn site() -> tempfile::TempDir {
    build_fixture("small")
}

#[test]
fn small_study_markdown() {
    let study = site();
    insta::assert_snapshot!("small_report_md", read(study.path().join("site/report.md")));
}

#[test]
fn small_study_json() {
    let study = site();
    insta::assert_snapshot!(
        "small_report_json",
        read(study.path().join("site/report.json"))
    );
}

#[test]
fn small_study_table2_chart() {
    let study = site();
    insta::assert_snapshot!(
        "small_table2_svg",
        read(study.path().join("site/charts/table2-protests.svg"))
    );
}

/// The text sections of a small Russian corpus: terms, bigrams, associations, collocations
/// and keyword-in-context lines, as Markdown, and the charts of terms and associations.
#[test]
fn russian_corpus_markdown_and_charts() {
    let study = build_fixture("russian");
    let site = study.path().join("site");
    insta::assert_snapshot!("russian_report_md", read(site.join("report.md")));
    insta::assert_snapshot!(
        "russian_terms_svg",
        read(site.join("charts/table3-terms.svg"))
    );
    insta::assert_snapshot!(
        "russian_associations_svg",
        read(site.join("charts/associations-1.svg"))
    );
    insta::assert_snapshot!(
        "russian_dendrogram_svg",
        read(site.join("charts/dendrogram.svg"))
    );
    insta::assert_snapshot!(
        "russian_choice_of_k_svg",
        read(site.join("charts/choice-of-k.svg"))
    );
}
