//! The data files beside `report.json` (`data/*.jsonl.gz`): their contents on a tiny study,
//! checked by hand; their listing (rows and sha256) in `report.json`; `diff` reading them
//! (a moved post and a changed n-gram count found through them alone); and a changed file
//! refused with its name and both hashes.

mod common;

use std::path::Path;

use common::{data_rows, mobilize, read, root};
use mobilize::report::Report;
use predicates::str::contains;
use serde_json::{json, Value};
use sha2::Digest;

/// The update fixture's first version, built into `a/site` of a new temporary folder.
fn built_tiny() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let study = dir.path().join("a");
    common::copy_tree(&root().join("tests/fixtures/update/v1"), &study);
    mobilize(&study).args(["build", "-q"]).assert().success();
    dir
}

fn report_of(site: &Path) -> Value {
    serde_json::from_str(&read(site.join("report.json"))).unwrap()
}

#[test]
fn a_tiny_study_s_data_files_hold_its_lists_and_report_json_their_hashes() {
    let dir = built_tiny();
    let site = dir.path().join("a/site");
    let report = report_of(&site);
    // Ten posts (tests/fixtures/update/v1/posts.csv), stopwords removed, Snowball stems.
    let terms = data_rows(&site.join("data/terms.jsonl.gz"));
    assert_eq!(terms.len(), 31, "every stem, not only the top 10");
    assert_eq!(
        terms[..3],
        [
            // p01, p02, p07, p08, p09
            json!({"term": "protest", "form": "protest", "count": 5, "support": 5}),
            // p01, p02, p08, p09
            json!({"term": "almati", "form": "almaty", "count": 4, "support": 4}),
            // p03, p04, p10
            json!({"term": "bank", "form": "bank", "count": 3, "support": 3}),
        ]
    );
    assert_eq!(report["terms"].as_array().unwrap()[..], terms[..10]);
    assert_eq!(
        data_rows(&site.join("data/ngrams-2.jsonl.gz")),
        [
            // "a peaceful protest" in p01, p02 and p07
            json!({"term": "peac protest", "form": "peaceful protest", "count": 3, "support": 3}),
            // "protest in Almaty" in p01 and p08
            json!({"term": "protest almati", "form": "protest almaty", "count": 2, "support": 2}),
            // "salaries fall" in p03 and p10
            json!({"term": "salari fall", "form": "salaries fall", "count": 2, "support": 2}),
        ]
    );
    // Every post's cluster, sorted by post id: the table's rows (in corpus order, which is
    // the id order here).
    let assigned: Vec<String> = data_rows(&site.join("data/cluster-assignments.jsonl.gz"))
        .iter()
        .map(|a| format!("{},{}", a["id"].as_str().unwrap(), a["cluster"]))
        .collect();
    let table = read(site.join("tables/cluster-assignments.csv"));
    assert_eq!(assigned, table.lines().skip(1).collect::<Vec<_>>());
    let merges = data_rows(&site.join("data/cluster-merges.jsonl.gz"));
    assert_eq!(merges.len(), 9, "ten posts, nine merges");
    assert_eq!(merges[8][3], 10, "the last merge joins every post");
    assert_eq!(
        data_rows(&site.join("data/cluster-excluded.jsonl.gz")),
        [] as [Value; 0]
    );
    assert_eq!(
        data_rows(&site.join("data/empty-texts.jsonl.gz")),
        [] as [Value; 0]
    );
    // report.json keeps no per-post list, and lists each file with its rows and hash.
    assert!(report["clusters"].get("assignments").is_none());
    assert!(report["clusters"].get("merges").is_none());
    assert_eq!(report["corpus"]["empty_posts"], 0);
    let listed: Vec<&str> = report["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["name"].as_str().unwrap())
        .collect();
    assert_eq!(
        listed,
        [
            "terms",
            "ngrams-2",
            "empty-texts",
            "cluster-assignments",
            "cluster-merges",
            "cluster-excluded"
        ]
    );
    for file in report["files"].as_array().unwrap() {
        let path = site.join(file["path"].as_str().unwrap());
        let bytes = std::fs::read(&path).unwrap();
        let hash: String = sha2::Sha256::digest(&bytes)
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        assert_eq!(file["sha256"], hash, "{}", path.display());
        assert_eq!(file["rows"], data_rows(&path).len(), "{}", path.display());
    }
}

/// Site b: site a with post p03 moved from cluster 2 to cluster 1 and the count of the first
/// bigram raised from 3 to 4, written by the build's own writer; its `report.json` then gets
/// a's top lists back, so only the data files say what changed.
fn moved_site(a: &Path, b: &Path) {
    let mut report = Report::from_json(&read(a.join("report.json"))).unwrap();
    report.read_data_files(a).unwrap();
    let clusters = report.clusters.as_mut().unwrap();
    let p03 = clusters
        .assignments
        .iter_mut()
        .find(|x| x.id == "p03")
        .unwrap();
    assert_eq!(p03.cluster, 2);
    p03.cluster = 1;
    let text = report.text.as_mut().unwrap();
    text.ngrams.0[0].1[0].count = 4;
    let (files, json) = report.written();
    std::fs::create_dir_all(b.join("data")).unwrap();
    for (listed, bytes) in files {
        std::fs::write(b.join(&listed.path), bytes).unwrap();
    }
    let mut json: Value = serde_json::from_slice(&json).unwrap();
    json["ngrams"] = report_of(a)["ngrams"].clone();
    assert_eq!(json["ngrams"]["2"][0]["count"], 3);
    std::fs::write(b.join("report.json"), json.to_string()).unwrap();
}

#[test]
fn diff_finds_a_moved_post_and_a_changed_count_through_the_data_files() {
    let dir = built_tiny();
    let a = dir.path().join("a/site");
    moved_site(&a, &dir.path().join("b"));
    let output = mobilize(dir.path())
        .args(["diff", "a/site", "b"])
        .assert()
        .code(1)
        .get_output()
        .stdout
        .clone();
    let text = String::from_utf8(output).unwrap();
    // Cluster 1 had p01, p02, p07, p08, p09 and gains p03: 5 shared of 6, overlap 0.83;
    // cluster 2 had p03, p04, p10 and keeps two of them, overlap 0.67.
    assert!(
        text.contains(
            "## Clusters\n\n- cluster 1 (overlap 0.83): +1 posts (5 → 6)\n\
             - cluster 2 (overlap 0.67): -1 posts (3 → 2)\n\n"
        ),
        "{text}"
    );
    assert!(
        text.contains("## N-grams\n\n- 2-word: peac protest count: 3 → 4 (+33.3%)\n\n"),
        "{text}"
    );
    // The same through report.json's path.
    mobilize(dir.path())
        .args(["diff", "a/site/report.json", "b/report.json"])
        .assert()
        .code(1)
        .stdout(contains("peac protest count: 3 → 4"));
}

#[test]
fn a_data_file_that_changed_after_the_build_is_refused() {
    let dir = built_tiny();
    let a = dir.path().join("a/site");
    let copy = dir.path().join("c");
    common::copy_tree(&a, &copy);
    let path = copy.join("data/ngrams-2.jsonl.gz");
    let mut bytes = std::fs::read(&path).unwrap();
    bytes.push(0);
    std::fs::write(&path, &bytes).unwrap();
    let listed = report_of(&a)["files"][1].clone();
    assert_eq!(listed["name"], "ngrams-2");
    let found: String = sha2::Sha256::digest(&bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    mobilize(dir.path())
        .args(["diff", "a/site", "c"])
        .assert()
        .code(2)
        .stderr(contains(format!(
            "c/data/ngrams-2.jsonl.gz: found sha256 {found}, expected {} as report.json lists \
             it; the file changed after the site was built",
            listed["sha256"].as_str().unwrap()
        )));
    std::fs::remove_file(&path).unwrap();
    mobilize(dir.path())
        .args(["diff", "a/site", "c"])
        .assert()
        .code(2)
        .stderr(contains("c/data/ngrams-2.jsonl.gz"));
}
