//! Parity of the clustering with R (`fastcluster::hclust(method = "ward.D2")`, `cutree`) and
//! SciPy on the 6,439 tweets of `tests/fixtures/tweets/` (settings in its README): the same
//! excluded document, the same cluster sizes and top words, every document in the same
//! cluster, and merge heights within 1e-9.

mod common;

use serde_json::Value;

fn built() -> (Value, Value) {
    let study = common::copy_fixture("tweets");
    common::mobilize(study.path())
        .args(["build", "-q"])
        .assert()
        .success();
    let ours = common::site_report(&study.path().join("site"));
    let reference: Value = serde_json::from_str(&common::read(
        common::root().join("tests/fixtures/tweets/clusters.json"),
    ))
    .unwrap();
    (ours["clusters"].clone(), reference)
}

#[test]
fn clusters_assignments_and_merges_match_r() {
    let (ours, reference) = built();
    assert_eq!(ours["excluded"], reference["excluded_ids"]);
    assert_eq!(ours["terms"], reference["n_terms"]);
    assert_eq!(ours["documents"], reference["n_clustered"]);
    let clusters = |v: &Value, key: &str| -> Vec<(u64, Value)> {
        v[key]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| (c["size"].as_u64().unwrap(), c["top_words"].clone()))
            .collect()
    };
    assert_eq!(
        clusters(&ours, "clusters"),
        clusters(&reference, "clusters")
    );
    assert_eq!(ours["assignments"], reference["assignments"]);

    let merges = ours["merges"].as_array().unwrap();
    assert_eq!(merges.len(), 6437);
    let first = reference["merges"]["first"].as_array().unwrap();
    let last = reference["merges"]["last"].as_array().unwrap();
    let height = |m: &Value| m[2].as_f64().unwrap();
    // The first merges join duplicate documents at height 0; which tied merge comes first is
    // implementation-defined, so only their heights are compared.
    for (o, r) in merges.iter().zip(first) {
        assert_eq!(height(o), height(r));
    }
    for (o, r) in merges[merges.len() - last.len()..].iter().zip(last) {
        assert!((height(o) - height(r)).abs() < 1e-9, "{o} vs {r}");
        assert_eq!((&o[0], &o[1], &o[3]), (&r[0], &r[1], &r[3]), "{o} vs {r}");
    }
    let cut = &reference["cut"];
    assert!(
        (ours["cut"]["height_kept"].as_f64().unwrap()
            - cut["height_of_last_merge_kept"].as_f64().unwrap())
        .abs()
            < 1e-9
    );
    assert!(
        (ours["cut"]["height_cut"].as_f64().unwrap()
            - cut["height_of_first_merge_cut"].as_f64().unwrap())
        .abs()
            < 1e-9
    );
    assert_eq!(ours["cut"]["tied"], cut["ties_near_cut"]);
    let zero = merges.iter().filter(|m| height(m) == 0.0).count();
    assert_eq!(zero as u64, cut["zero_height_merges"].as_u64().unwrap());
}

#[test]
fn the_choice_of_k_reads_the_same_tree() {
    let (ours, _) = built();
    let choices = ours["choice_of_k"].as_array().unwrap();
    assert_eq!(choices.len(), 19);
    let merges = ours["merges"].as_array().unwrap();
    let n = merges.len() + 1;
    for choice in choices {
        let k = choice["k"].as_u64().unwrap() as usize;
        assert_eq!(choice["height"], merges[n - k][2], "k = {k}");
        let s = choice["silhouette"].as_f64().unwrap();
        assert!((-1.0..=1.0).contains(&s));
    }
}
