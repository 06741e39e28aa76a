//! Cluster stability and sensitivity on the default study: Table 5's columns, the sensitivity
//! table, the settings that turn stability off or change it, and the notices.

mod common;

use common::{read, root};
use mobilize::config::Config;
use mobilize::report::Report;
use serde_json::Value;

/// The default study with its `clusters` section's stability and sensitivity lines replaced
/// by `lines` (and without its narrative on the clusters), analysed by the library.
fn analysed(lines: &str) -> Report {
    let study = common::copy_default_study();
    let path = study.path().join("report.yaml");
    let yaml = std::fs::read_to_string(&path).unwrap();
    let default_lines = "  stability: { runs: 20, method: subset, seed: 1 }\n  sensitivity: \
                         [no_stemming, min_support_plus_one, tf, without_top_terms]\n";
    assert!(yaml.contains(default_lines));
    // The study's words on the clusters read their stability: left out here.
    let narrative = "  - { file: text/clusters.md, at: table5 }\n";
    assert!(yaml.contains(narrative));
    let yaml = yaml.replace(default_lines, lines).replace(narrative, "");
    std::fs::write(&path, yaml).unwrap();
    let config = Config::load(&path).unwrap();
    let reading = mobilize::load::read_inputs(&config).unwrap();
    mobilize::report::analyse(&config, reading.inputs).unwrap()
}

#[test]
fn table5_gives_each_default_cluster_its_stability() {
    let report: Value = serde_json::from_str(&read(root().join("site/report.json"))).unwrap();
    let clusters = &report["clusters"];
    assert_eq!(
        clusters["stability"],
        serde_json::json!({"method": "subset", "runs": 20, "seed": 1, "drawn": 2836})
    );
    let rows = clusters["clusters"].as_array().unwrap();
    assert_eq!(rows.len(), 11);
    for row in rows {
        let s = &row["stability"];
        let mean = s["mean_jaccard"].as_f64().unwrap();
        assert!((0.0..=1.0).contains(&mean), "{row}");
        let (dissolved, recovered) = (
            s["dissolved"].as_u64().unwrap(),
            s["recovered"].as_u64().unwrap(),
        );
        assert!(dissolved + recovered <= 20, "{row}");
        // A mean above 0.75 needs a run above 0.75; a mean at 0.5 or below, one at or below.
        assert!(mean <= 0.75 || recovered > 0);
        assert!(mean > 0.5 || dissolved > 0);
    }
    // Cluster 8 (the planted succession topic, 23 posts) is the one that dissolves.
    assert_eq!(rows[7]["size"], 23);
    assert_eq!(rows[7]["stability"]["dissolved"], 9);
    let md = read(root().join("site/report.md"));
    assert!(md.contains(
        "| Cluster | Size | Stability (mean Jaccard) | Dissolved (runs) | Top words by mean weight |"
    ));
    assert!(
        md.contains("| 8 | 23 | 0.58 | 9 of 20 |"),
        "cluster 8's row"
    );
    assert!(md.contains("Here 10 of 11 clusters are above 0.75, 0 from 0.6 to 0.75, 1 from 0.5 to 0.6 and 0 at 0.5 or below."));
    assert!(md.contains("No k gives well-separated clusters"));
    let csv = read(root().join("site/tables/table5-clusters.csv"));
    assert!(
        csv.starts_with("cluster,size,stability,dissolved,top_words,"),
        "{csv}"
    );
}

#[test]
fn the_sensitivity_table_lists_each_variant() {
    let report: Value = serde_json::from_str(&read(root().join("site/report.json"))).unwrap();
    let variants = report["clusters"]["sensitivity"].as_array().unwrap();
    let names: Vec<&str> = variants
        .iter()
        .map(|v| v["variant"].as_str().unwrap())
        .collect();
    assert_eq!(
        names,
        [
            "no_stemming",
            "min_support_plus_one",
            "tf",
            "without_top_terms"
        ]
    );
    for v in variants {
        assert_eq!(v["compared"], 5672);
        let ari = v["adjusted_rand"].as_f64().unwrap();
        assert!((-1.0..=1.0).contains(&ari), "{v}");
    }
    // Every term of the default corpus kept at min_support 2 is in 3 posts or more (the
    // generator repeats its vocabulary), so the variant is the same partition.
    assert_eq!(variants[1]["change"], "min_support 3 instead of 2");
    assert_eq!(variants[1]["adjusted_rand"], 1.0);
    assert_eq!(variants[1]["surviving"].as_array().unwrap().len(), 11);
    assert_eq!(variants[2]["change"], "tf instead of tf-idf");
    let csv = read(root().join("site/tables/cluster-sensitivity.csv"));
    assert!(
        csv.starts_with("variant,compared,adjusted_rand,surviving,survivors\n"),
        "{csv}"
    );
}

#[test]
fn runs_zero_turns_stability_off_and_boot_is_another_resampling() {
    let off = analysed("  stability: { runs: 0 }\n");
    let clusters = off.clusters.as_ref().unwrap();
    assert!(clusters.stability.is_none() && clusters.sensitivity.is_empty());
    assert!(clusters.clusters.iter().all(|c| c.stability.is_none()));
    assert!(
        !off.notices.iter().any(|n| n.contains("stability")),
        "{:?}",
        off.notices
    );

    let boot = analysed("  stability: { runs: 3, method: boot, seed: 9 }\n");
    let clusters = boot.clusters.as_ref().unwrap();
    let runs = clusters.stability.as_ref().unwrap();
    assert_eq!((runs.runs, runs.seed, runs.drawn), (3, 9, 5672));
    for c in &clusters.clusters {
        let s = c.stability.as_ref().unwrap();
        assert!(s.dissolved + s.recovered <= 3);
    }
}
