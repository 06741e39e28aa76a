//! Cluster stability against R's `fpc::clusterboot`, on the same distances and resamples.
//!
//! `tests/fixtures/clusterboot/` holds 322 real tweets and a study clustering them into 4
//! clusters. This test computes their distances, the full partition and the resamples
//! mobilize draws; `MOBILIZE_WRITE_FIXTURE=1 cargo test --release --test clusterboot_parity`
//! writes them there (`distances.csv`, `resamples.csv`, `settings.csv`) for `clusterboot.R`,
//! which runs fpc's own clusterboot on them and writes `partition.csv`, `clusterboot.csv` and
//! `runs.csv`. The test then checks that the fixture's inputs are still the ones mobilize
//! computes and that every run's Jaccard, each cluster's mean, dissolutions and recoveries
//! are R's, to 1e-9, for both `subset` and `boot`.

mod common;

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::PathBuf;

use mobilize::cluster::stability::{self, ClusterStability};
use mobilize::cluster::vectors::{self, Vectors};
use mobilize::cluster::{distances, tree};
use mobilize::config::{Config, Resampling};

const K: usize = 4;
const RUNS: usize = 20;
const SEED: u64 = 2007;

fn fixture() -> PathBuf {
    common::root().join("tests/fixtures/clusterboot")
}

/// The fixture study's document vectors and post ids, as a build computes them.
fn study_vectors() -> (Vectors, Vec<String>) {
    let config = Config::load(&fixture().join("report.yaml")).unwrap();
    let section = config.clusters.clone().unwrap();
    assert_eq!(section.k, K);
    let inputs = mobilize::load::read_inputs(&config).unwrap().inputs;
    let normaliser = mobilize::text::normaliser(&config, None);
    let corpus = inputs.corpus.as_ref().unwrap();
    let analysis = mobilize::text::analyse(&config, corpus, &normaliser).unwrap();
    let v = vectors::vectors(
        &analysis.indexed,
        section.weighting,
        section.normalize,
        section.min_support,
    );
    let ids = v
        .documents
        .iter()
        .map(|&d| corpus.posts[d].id.clone())
        .collect();
    (v, ids)
}

/// The full square distance matrix, row by row.
fn square(v: &Vectors) -> Vec<Vec<f64>> {
    let n = v.len();
    let condensed = distances::condensed(v, &distances::Postings::new(v));
    (0..n)
        .map(|i| {
            (0..n)
                .map(|j| match i.cmp(&j) {
                    std::cmp::Ordering::Equal => 0.0,
                    std::cmp::Ordering::Less => condensed[distances::condensed_index(n, i, j)],
                    std::cmp::Ordering::Greater => condensed[distances::condensed_index(n, j, i)],
                })
                .collect()
        })
        .collect()
}

fn methods() -> [(Resampling, &'static str); 2] {
    [(Resampling::Subset, "subset"), (Resampling::Boot, "boot")]
}

/// The three input files of `clusterboot.R`, as text.
fn r_inputs(v: &Vectors, ids: &[String]) -> [(&'static str, String); 3] {
    let mut matrix = format!("id,{}\n", ids.join(","));
    for (id, row) in ids.iter().zip(square(v)) {
        let cells: Vec<String> = row.iter().map(|d| format!("{d:e}")).collect();
        writeln!(matrix, "{id},{}", cells.join(",")).unwrap();
    }
    let mut draws = String::from("method,run,draw,index\n");
    for (method, name) in methods() {
        for (run, drawn) in stability::draw(v.len(), method, RUNS, SEED)
            .iter()
            .enumerate()
        {
            for (at, index) in drawn.iter().enumerate() {
                writeln!(draws, "{name},{},{},{}", run + 1, at + 1, index + 1).unwrap();
            }
        }
    }
    [
        ("distances.csv", matrix),
        ("resamples.csv", draws),
        ("settings.csv", format!("k,runs\n{K},{RUNS}\n")),
    ]
}

fn rows(file: &str) -> Vec<BTreeMap<String, String>> {
    let mut reader = csv::Reader::from_path(fixture().join(file)).unwrap();
    reader.deserialize().map(Result::unwrap).collect()
}

fn number(row: &BTreeMap<String, String>, key: &str) -> f64 {
    row[key].trim().parse().unwrap()
}

fn close(found: f64, expected: f64, what: &str) {
    assert!(
        (found - expected).abs() <= 1e-9,
        "{what}: mobilize {found}, R {expected}"
    );
}

#[test]
fn stability_matches_fpc_clusterboot_on_the_same_resamples() {
    let (v, ids) = study_vectors();
    assert!(v.len() > 250, "{} posts clustered", v.len());
    let inputs = r_inputs(&v, &ids);
    if std::env::var_os("MOBILIZE_WRITE_FIXTURE").is_some() {
        for (file, text) in &inputs {
            std::fs::write(fixture().join(file), text).unwrap();
        }
    }
    // R read exactly these inputs (`{:e}` prints the shortest text that reads back exactly).
    for (file, text) in &inputs {
        let committed = std::fs::read_to_string(fixture().join(file)).unwrap();
        assert!(
            committed == *text,
            "{file} is not what mobilize computes now"
        );
    }

    let mut condensed = distances::condensed(&v, &distances::Postings::new(&v));
    let merges = tree::ward(&mut condensed, v.len());
    let labels = tree::cut(&merges, v.len(), K);
    let partition: Vec<usize> = rows("partition.csv")
        .iter()
        .map(|r| r["cluster"].parse::<usize>().unwrap() - 1)
        .collect();
    assert_eq!(labels, partition, "the full partition is R's cutree");

    for (method, name) in methods() {
        let draws = stability::draw(v.len(), method, RUNS, SEED);
        let jaccards = stability::jaccards(&v, &labels, K, &draws);
        for row in rows("runs.csv").iter().filter(|r| r["method"] == name) {
            let (run, cluster) = (number(row, "run") as usize, number(row, "cluster") as usize);
            let what = format!("{name} run {run} cluster {cluster}");
            close(
                jaccards[cluster - 1][run - 1],
                number(row, "jaccard"),
                &what,
            );
        }
        let summary = stability::summarise(&jaccards);
        let expected: Vec<_> = rows("clusterboot.csv")
            .into_iter()
            .filter(|r| r["method"] == name)
            .collect();
        assert_eq!(expected.len(), K);
        for (row, found) in expected.iter().zip(&summary) {
            let ClusterStability {
                mean_jaccard,
                dissolved,
                recovered,
            } = found;
            close(*mean_jaccard, number(row, "mean"), &format!("{name} mean"));
            assert_eq!(*dissolved as f64, number(row, "dissolved"), "{name}");
            assert_eq!(*recovered as f64, number(row, "recovered"), "{name}");
        }
    }
}
