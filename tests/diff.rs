//! `mobilize diff`: the change report of a data update, its exit statuses, and its refusals.

mod common;

use common::{mobilize, read, root};
use predicates::str::contains;

/// v1 and v2 of the update fixture, each built into `<version>/site` of one temporary folder.
fn built_update() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for version in ["v1", "v2"] {
        let study = dir.path().join(version);
        common::copy_tree(&root().join("tests/fixtures/update").join(version), &study);
        mobilize(&study).args(["build", "-q"]).assert().success();
    }
    dir
}

#[test]
fn an_update_gives_the_change_report_and_exit_1() {
    let dir = built_update();
    let output = mobilize(dir.path())
        .args(["diff", "v1/site", "v2/site", "-o", "changes"])
        .assert()
        .code(1)
        .get_output()
        .stdout
        .clone();
    let text = String::from_utf8(output).unwrap();
    insta::assert_snapshot!("update_changes_md", text);
    // posts added and removed, one event recoded, one account figure changed
    assert!(text.contains("- documents: 10 → 11 (+10.0%)"));
    assert!(text.contains("- Protests \\>1000 participants, 2019: 1 → 2"));
    assert!(text.contains("- Party / youtube / subscribers: 2,200 → 2,500 (+13.6%)"));
    assert_eq!(read(dir.path().join("changes/changes.md")), text);
    let html = read(dir.path().join("changes/changes.html"));
    assert!(html.contains("<h2>Accounts and ratios</h2>"));
    assert!(html.contains("Protests &gt;1000 participants, 2019: 1 → 2"));
}

#[test]
fn a_site_against_itself_exits_0_and_says_nothing_changed() {
    mobilize(&root())
        .args(["diff", "site", "site"])
        .assert()
        .code(0)
        .stdout(contains("Nothing changed."));
    mobilize(&root())
        .args(["diff", "site/report.json", "site"])
        .assert()
        .code(0);
}

#[test]
fn sections_of_the_wrong_type_are_trouble_not_changes() {
    let dir = tempfile::tempdir().unwrap();
    let site = read(root().join("site/report.json"));
    let mut report: serde_json::Value = serde_json::from_str(&site).unwrap();
    report["terms"] = serde_json::json!("many");
    let written = report.to_string();
    // The reader stops at the closing quote of "many": its column, counted from 1.
    let column = written.find(r#""terms":"many""#).unwrap() + r#""terms":"many""#.len();
    std::fs::write(dir.path().join("new.json"), written).unwrap();
    mobilize(dir.path())
        .args([
            "diff",
            &root().join("site").display().to_string(),
            "new.json",
        ])
        .assert()
        .code(2)
        .stderr(contains(format!(
            "new.json: line 1, column {column}: terms: found string \"many\", expected a \
             sequence; this is not a report.json as mobilize writes it"
        )));
    report["terms"] = serde_json::json!([]);
    report["ngrams"]["2"] = serde_json::json!([1, 2]);
    std::fs::write(dir.path().join("new.json"), report.to_string()).unwrap();
    mobilize(dir.path())
        .args(["diff", "new.json", "new.json"])
        .assert()
        .code(2)
        .stderr(contains(
            "ngrams.2[0]: found integer `1`, expected struct NgramStat",
        ));
}

/// A field renamed by another program (or another version) is refused where it is, not
/// read as a section with no change.
#[test]
fn a_renamed_field_is_refused_not_read_as_no_change() {
    let dir = tempfile::tempdir().unwrap();
    let site = read(root().join("site/report.json"));
    let renamed = site.replacen("\"documents\":", "\"docs\":", 1);
    assert_ne!(renamed, site);
    std::fs::write(dir.path().join("new.json"), renamed).unwrap();
    mobilize(dir.path())
        .args(["diff", "new.json", &root().join("site").display().to_string()])
        .assert()
        .code(2)
        .stderr(contains("new.json: line "))
        .stderr(contains(
            "corpus.docs: found an unknown field `docs`, expected one of `description`, `documents`",
        ));
}

#[test]
fn an_unknown_schema_or_a_missing_report_is_trouble() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("new.json"), "{\"schema\": 7}").unwrap();
    mobilize(dir.path())
        .args(["diff", &root().join("site").display().to_string(), "new.json"])
        .assert()
        .code(2)
        .stderr(contains("new.json: found schema 7, expected schema 2; this version of mobilize cannot compare it"));
    mobilize(dir.path())
        .args(["diff", "missing", "new.json"])
        .assert()
        .code(2)
        .stderr(contains("error: cannot read missing"));
}

#[test]
fn build_since_adds_the_change_page_linked_from_the_index() {
    let dir = built_update();
    let v2 = dir.path().join("v2");
    mobilize(&v2)
        .args(["build", "-q", "--since", "../v1/site", "-o", "updated"])
        .assert()
        .success();
    let index = read(v2.join("updated/index.html"));
    assert!(index.contains("<a href=\"changes.html\">Changes since the last build</a>"));
    let changes = read(v2.join("updated/changes.md"));
    assert!(changes.starts_with("# Changes from ../v1/site to this build"));
    assert!(changes.contains("- Party / youtube / subscribers: 2,200 → 2,500 (+13.6%)"));
    assert!(read(v2.join("updated/changes.html")).contains("<h2>Events</h2>"));
    // Without --since there is no change page and no link.
    assert!(!read(v2.join("site/index.html")).contains("changes.html"));
}
