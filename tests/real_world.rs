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

    timeline_and_keyness_match_the_tweets(&json);
}

/// The tweets' dates and authors, read from the CSV here rather than by mobilize.
fn tweets() -> Vec<(String, String)> {
    let path = root().join("studies/real-world/data/posts.csv");
    let mut reader = csv::Reader::from_path(path).unwrap();
    reader
        .deserialize::<std::collections::BTreeMap<String, String>>()
        .map(|row| {
            let row = row.unwrap();
            (row["date"].clone(), row["author"].clone())
        })
        .collect()
}

/// Posts per month and the groups of each keyness table, against counts of the CSV itself.
fn timeline_and_keyness_match_the_tweets(json: &Value) {
    let tweets = tweets();
    let mut months = std::collections::BTreeMap::new();
    for (date, _) in &tweets {
        *months.entry(date[..7].to_string()).or_insert(0u64) += 1;
    }
    let timeline = &json["timeline"];
    assert_eq!(timeline["period"], "month");
    let shown: Vec<(String, u64)> = timeline["posts"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|p| p["posts"].as_u64().unwrap() > 0)
        .map(|p| {
            (
                p["period"].as_str().unwrap().to_string(),
                p["posts"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(shown, months.into_iter().collect::<Vec<_>>());
    // The busiest month is October 2016, the last month of the US campaign.
    assert_eq!(timeline["peaks"][2]["period"], "2016-10");
    assert_eq!(timeline["peaks"][2]["posts"], 626);

    let between = |from: &str, to: &str| {
        let n = tweets
            .iter()
            .filter(|(d, _)| d.as_str() >= from && d.as_str() <= to);
        n.count() as u64
    };
    let by = |author: &str| tweets.iter().filter(|(_, a)| a == author).count() as u64;
    let groups: Vec<(&str, u64, u64)> = json["keyness"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| {
            (
                t["name"].as_str().unwrap(),
                t["target"]["documents"].as_u64().unwrap(),
                t["reference"]["documents"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        groups,
        [
            (
                "7052016001",
                between("2016-04-15", "2016-04-21"),
                between("2016-04-08", "2016-04-14")
            ),
            (
                "after the 2016 election",
                between("2016-11-09", "2017-01-19"),
                between("2016-08-01", "2016-11-08")
            ),
            ("obama against trump", by("obama"), by("trump")),
        ]
    );
    assert_eq!(groups[2], ("obama against trump", 3207, 3232));
    // "#ActOnClimate" is Obama's and never Trump's; "Hillary" the reverse.
    let obama = &json["keyness"][2]["terms"];
    let find = |term: &str| {
        let terms = obama.as_array().unwrap();
        terms.iter().find(|t| t["term"] == term).cloned().unwrap()
    };
    assert_eq!(
        (
            find("actonclim")["target"].as_u64(),
            find("actonclim")["reference"].as_u64()
        ),
        (Some(302), Some(0))
    );
    assert_eq!(find("hillari")["target"], 0);
    assert!(find("hillari")["statistic"].as_f64().unwrap() < 0.0);
}
