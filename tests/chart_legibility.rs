//! Issue 17's checks over every chart of the default study and of the real-data study: text
//! legible at the width the page shows it and at A4 print width, whole font sizes, every text
//! fill at 4.5:1 against white, no label over another label or across a drawn line.

mod common;

use std::path::Path;

use common::svg::{parse, problems};
use common::{copy_default_study, copy_tree, mobilize, root};

fn build(study: &Path) {
    mobilize(study).args(["build", "-q"]).assert().success();
}

fn check_site(site: &Path) -> Vec<String> {
    let mut found = Vec::new();
    let mut files: Vec<_> = std::fs::read_dir(site.join("charts"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "svg"))
        .collect();
    files.sort();
    assert!(!files.is_empty(), "no charts in {}", site.display());
    for file in files {
        let svg = std::fs::read_to_string(&file).unwrap();
        let name = file.file_name().unwrap().to_string_lossy().to_string();
        found.extend(problems(&parse(&name, &svg)));
    }
    found
}

#[test]
fn the_stylesheet_still_shows_charts_at_the_widths_the_checks_assume() {
    let css = std::fs::read_to_string(root().join("templates/style.css")).unwrap();
    assert!(
        css.contains("max-width: 64rem; padding: 1.5rem;"),
        "body width changed"
    );
    assert!(css.contains("figure.chart img { max-width: 100%;"));
    assert!(css.contains("figure.chart img { width: 100%; max-width: 100%;"));
}

#[test]
fn every_chart_of_the_default_study_is_legible() {
    let study = copy_default_study();
    build(study.path());
    let found = check_site(&study.path().join("site"));
    assert!(
        found.is_empty(),
        "{} problems:\n{}",
        found.len(),
        found.join("\n")
    );
}

#[test]
fn every_chart_of_the_real_data_study_is_legible() {
    let study = tempfile::tempdir().unwrap();
    let source = root().join("studies/real-world");
    std::fs::copy(source.join("report.yaml"), study.path().join("report.yaml")).unwrap();
    copy_tree(&source.join("data"), &study.path().join("data"));
    build(study.path());
    let found = check_site(&study.path().join("site"));
    assert!(
        found.is_empty(),
        "{} problems:\n{}",
        found.len(),
        found.join("\n")
    );
}
