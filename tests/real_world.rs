//! The real-data study (`studies/real-world/`) builds, and its report holds figures checked by
//! hand against the source datasets (see `studies/real-world/data/SOURCE.md`).

mod common;

use common::{copy_tree, mobilize, read, root};
use serde_json::Value;

/// The study's config and data in a new temporary folder, built there into `site/`; the
/// parsed `site/report.json`.
fn build_real_world() -> (tempfile::TempDir, Value) {
    let study = tempfile::tempdir().unwrap();
    let source = root().join("studies/real-world");
    std::fs::copy(source.join("report.yaml"), study.path().join("report.yaml")).unwrap();
    copy_tree(&source.join("data"), &study.path().join("data"));
    mobilize(study.path())
        .args(["build", "-q"])
        .assert()
        .success();
    let json = serde_json::from_str(&read(study.path().join("site/report.json"))).unwrap();
    (study, json)
}

/// The count of one row of Table 2 in one year.
fn events_cell(json: &Value, form: &str, year: i64) -> (u64, bool) {
    let cell = json["events"]["rows"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["form"] == form && c["year"] == year)
        .unwrap_or_else(|| panic!("no cell {form} {year} in events.rows"));
    (
        cell["count"].as_u64().unwrap(),
        cell["at_least"].as_bool().unwrap(),
    )
}

#[test]
fn the_real_world_study_builds_with_the_source_figures() {
    let (_study, json) = build_real_world();

    // Every input read whole: 6,439 tweets (3,207 Obama + 3,232 Trump), 228 videos (247 rows
    // less 16 without YouTube statistics and 3 repeats), 88 events (79 + 9).
    let inputs: Vec<(&str, u64, u64)> = json["inputs"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| {
            (
                i["name"].as_str().unwrap(),
                i["rows"].as_u64().unwrap(),
                i["rejected"].as_u64().unwrap(),
            )
        })
        .collect();
    assert!(inputs.contains(&("corpus", 6439, 0)), "{inputs:?}");
    assert!(inputs.contains(&("videos", 228, 0)), "{inputs:?}");
    assert!(inputs.contains(&("events", 88, 0)), "{inputs:?}");
    assert_eq!(json["corpus"]["documents"], 6439);

    // The top term, as the R reference gives it (tests/fixtures/tweets/terms.csv: `obama`,
    // count 1219, support 1214; first there after the URL pieces that remove_urls drops).
    let top = &json["terms"][0];
    assert_eq!(top["term"], "obama");
    assert_eq!(top["count"], 1219);
    assert_eq!(top["support"], 1214);

    // Mass Mobilization, counted by hand in the source files: 11 events in 1997 and 5 in 2011
    // (mm_kazakhstan_1990_2017.csv, protest = 1), none in 2015, the 2016 land-reform protests
    // (category 2000-4999, so over 1,000); 5 in 2019 (mm_v5_derived_kazakhstan_1990_2020.csv).
    assert_eq!(events_cell(&json, "Protests total", 1997), (11, false));
    assert_eq!(events_cell(&json, "Protests total", 2011), (5, false));
    assert_eq!(events_cell(&json, "Protests total", 2015), (0, false));
    assert_eq!(events_cell(&json, "Protests total", 2016), (1, false));
    assert_eq!(
        events_cell(&json, "Protests >1000 participants", 2016),
        (1, false)
    );
    assert_eq!(events_cell(&json, "Protests total", 2019), (5, false));
    // No MM field here says strike: every event is a protest.
    assert_eq!(events_cell(&json, "Strikes total", 2011), (0, false));
    let years = json["events"]["years"].as_array().unwrap();
    assert_eq!(
        (years.first().unwrap(), years.last().unwrap()),
        (&Value::from(1990), &Value::from(2020))
    );
}
