//! The committed `site/` is exactly what the code and data build, and builds are repeatable.

mod common;

use common::{mobilize, root, tree};

#[test]
fn committed_site_equals_a_fresh_build() {
    let out = tempfile::tempdir().unwrap();
    let target = out.path().join("site");
    mobilize(&root())
        .args(["build", "-q", "-o"])
        .arg(&target)
        .assert()
        .success();
    let fresh = tree(&target);
    let committed = tree(&root().join("site"));
    let names =
        |t: &std::collections::BTreeMap<String, Vec<u8>>| t.keys().cloned().collect::<Vec<_>>();
    assert_eq!(
        names(&fresh),
        names(&committed),
        "the site's files differ: rebuild and commit site/"
    );
    for (name, bytes) in &fresh {
        assert!(
            committed[name] == *bytes,
            "site/{name} differs from a fresh build: run `cargo run --release -- build` and commit site/"
        );
    }
}

#[test]
fn two_builds_give_the_same_bytes() {
    let study = common::copy_fixture("small");
    mobilize(study.path())
        .args(["build", "-q", "-o", "a"])
        .assert()
        .success();
    mobilize(study.path())
        .args(["build", "-q", "-o", "b"])
        .assert()
        .success();
    assert_eq!(tree(&study.path().join("a")), tree(&study.path().join("b")));
}

/// The synthetic default corpus was generated so that the paper's Tables 3 and 4, its
/// footnote 2 and its two correlations come out: every such item of the reproduction panel
/// matches (a check of the pipeline, not of the paper).
#[test]
fn the_default_study_reproduces_the_text_figures() {
    let json: serde_json::Value =
        serde_json::from_str(&common::read(root().join("site/report.json"))).unwrap();
    let items = json["reproduction"].as_array().unwrap();
    let text_items: Vec<&serde_json::Value> = items
        .iter()
        .filter(|i| {
            let section = i["section"].as_str().unwrap();
            ["Table 3", "Table 4", "Footnote 2"].contains(&section)
                || i["item"].as_str().unwrap().starts_with("correlation of")
        })
        .collect();
    assert_eq!(text_items.len(), 5 * 3 + 10 * 3 + 10 + 2);
    for item in text_items {
        assert_eq!(item["status"], "match", "{item}");
    }
    assert_eq!(json["corpus"]["documents"], 5672);
    assert_eq!(json["terms"][0]["term"], "nazarbayev");
    assert_eq!(json["ngrams"]["2"][0]["term"], "nazarbayev regim");
}

/// The default study, built with one thread and with four, gives the same bytes in every file.
#[test]
fn the_default_study_is_the_same_with_one_and_four_threads() {
    let study = common::copy_default_study();
    let mut sites = Vec::new();
    for threads in ["1", "4"] {
        let out = format!("site-{threads}");
        mobilize(study.path())
            .env("RAYON_NUM_THREADS", threads)
            .args(["build", "-q", "-o", &out])
            .assert()
            .success();
        sites.push(tree(&study.path().join(out)));
    }
    assert!(sites[0].len() > 30);
    for (name, bytes) in &sites[0] {
        assert!(
            sites[1][name] == *bytes,
            "{name} differs between 1 and 4 threads"
        );
    }
    assert_eq!(sites[0].len(), sites[1].len());
}

/// The table of contents reaches every table and figure: ids are unique and every `#anchor`
/// of the page exists.
#[test]
fn every_anchor_of_the_index_resolves_to_one_element() {
    let html = common::read(root().join("site/index.html"));
    let values = |attribute: &str| -> Vec<String> {
        html.split(attribute)
            .skip(1)
            .map(|rest| rest.split('"').next().unwrap_or_default().to_string())
            .collect()
    };
    let ids = values(" id=\"");
    let mut unique = ids.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(unique.len(), ids.len(), "repeated ids in index.html");
    let anchors = values("href=\"#");
    assert!(anchors.len() > 20);
    for anchor in anchors {
        assert!(ids.contains(&anchor), "#{anchor} has no element");
    }
    for figure in [
        "chart-table3-terms",
        "chart-dendrogram",
        "chart-figure1-videos",
        "chart-figure2-views-1",
    ] {
        assert!(ids.iter().any(|id| id == figure), "{figure}");
    }
}
