//! Clustering through the command line: the sample above `max_documents`, and a corpus with
//! nothing to cluster.

mod common;

use common::{copy_fixture, mobilize, read};
use predicates::str::contains;
use serde_json::Value;

fn clusters_of(dir: &std::path::Path) -> Value {
    common::site_report(&dir.join("site"))["clusters"].clone()
}

#[test]
fn above_max_documents_a_seeded_sample_is_clustered_and_the_rest_assigned() {
    let study = copy_fixture("russian");
    let config = study.path().join("report.yaml");
    std::fs::write(&config, read(&config) + "  max_documents: 3\n").unwrap();
    mobilize(study.path())
        .args(["build", "-q"])
        .assert()
        .success();
    let clusters = clusters_of(study.path());
    assert_eq!(clusters["sample"]["size"], 3);
    assert_eq!(clusters["sample"]["assigned"], 1);
    assert_eq!(
        clusters["merges"].as_array().unwrap().len(),
        2,
        "merges of the sample"
    );
    let assigned = clusters["assignments"].as_array().unwrap();
    assert_eq!(assigned.len(), 4, "every clustered post has a cluster");
    let sizes: u64 = clusters["clusters"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["size"].as_u64().unwrap())
        .sum();
    assert_eq!(sizes, 4);
    let md = read(study.path().join("site/report.md"));
    assert!(md.contains("a seeded sample of 3 posts"), "{md}");
    // The same sample again.
    mobilize(study.path())
        .args(["build", "-q"])
        .assert()
        .success();
    assert_eq!(clusters_of(study.path()), clusters);
}

#[test]
fn a_corpus_with_nothing_to_cluster_says_so() {
    let study = copy_fixture("russian");
    let config = study.path().join("report.yaml");
    let text = read(&config).replace("min_support: 2", "min_support: 50");
    std::fs::write(&config, text).unwrap();
    mobilize(study.path())
        .args(["build"])
        .assert()
        .success()
        .stderr(contains(
            "clusters: 0 posts have a term found in 50 posts or more",
        ));
    let clusters = clusters_of(study.path());
    assert_eq!(clusters["documents"], 0);
    assert_eq!(clusters["excluded"].as_array().unwrap().len(), 4);
}
