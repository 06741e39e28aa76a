//! Videos and views through the command line, on a small hand-made fixture with Cyrillic and
//! hostile titles: topics, Figure 1, like velocity, peaks and nearby events, and the charts.

mod common;

use common::{build_fixture, read};
use serde_json::Value;

fn report(dir: &std::path::Path) -> Value {
    serde_json::from_str(&read(dir.join("site/report.json"))).unwrap()
}

#[test]
fn topics_velocity_and_peaks_by_hand() {
    let study = build_fixture("media");
    let json = report(study.path());
    let topics: Vec<(&str, &str, &str)> = json["videos"]["classified"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            (
                c["topic"].as_str().unwrap(),
                c["keyword"].as_str().unwrap(),
                c["word"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        topics,
        [
            ("other", "", ""),
            ("Назарбаев", "назарбаев", "назарбаева"),
            ("Протесты", "митинг", "митинг"),
            ("Назарбаев", "назарбаев", "назарбаеву"),
            ("other", "", ""),
        ]
    );
    let shares = &json["videos"]["topics"];
    assert_eq!(shares[0]["share"], 50.0);
    // v1: 9,600 likes 24 h after publication; v3 (published 02:00 UTC): the 22 h snapshot is
    // too early, 500 likes at 48 h; v4: 96 likes at 48 h; v5's only snapshot is at 12 h.
    let fastest: Vec<(&str, f64)> = json["videos"]["velocity"]["fastest"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| (f["video_id"].as_str().unwrap(), f["rate"].as_f64().unwrap()))
        .collect();
    assert_eq!(fastest, [("v1", 400.0), ("v3", 500.0 / 48.0), ("v4", 2.0)]);
    // May 2018: 400 > 1.5 × median(100, 400, 110); the 2018-05-10 protest is inside it and
    // the 2018-06-20 picket 20 days after it; the strike of 2018 has no day.
    let peaks = json["views"]["peaks"].as_array().unwrap();
    assert_eq!(peaks.len(), 1);
    assert_eq!(peaks[0]["period"], "2018-05");
    let nearby: Vec<(&str, i64)> = peaks[0]["events_nearby"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| (e["event_id"].as_str().unwrap(), e["days"].as_i64().unwrap()))
        .collect();
    assert_eq!(nearby, [("e1", 0), ("e2", 20)]);
    assert_eq!(json["views"]["undated_events"], 1);
}

#[test]
fn media_markdown_and_charts() {
    let study = build_fixture("media");
    let site = study.path().join("site");
    insta::assert_snapshot!("media_report_md", read(site.join("report.md")));
    insta::assert_snapshot!(
        "media_figure1_svg",
        read(site.join("charts/figure1-videos.svg"))
    );
    insta::assert_snapshot!(
        "media_figure2_svg",
        read(site.join("charts/figure2-views-1.svg"))
    );
    let svg = read(site.join("charts/figure1-videos.svg"));
    assert!(svg.contains("Назарбаеву поставили памятник &amp; &lt;script&gt;"));
    assert!(!svg.contains("<script"));
}

/// Every chart of the default site is well-formed XML with a title and a description.
#[test]
fn every_chart_parses_as_xml_with_title_and_desc() {
    let charts = common::root().join("site/charts");
    let mut seen = 0;
    for entry in std::fs::read_dir(charts).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e != "svg") {
            continue; // the chart's PNG and PDF, for journals
        }
        let text = read(&path);
        let doc = roxmltree::Document::parse(&text)
            .unwrap_or_else(|e| panic!("{} is not XML: {e}", path.display()));
        let children: Vec<&str> = doc
            .root_element()
            .children()
            .filter(|n| n.is_element())
            .take(2)
            .map(|n| n.tag_name().name())
            .collect();
        assert_eq!(children, ["title", "desc"], "{}", path.display());
        seen += 1;
    }
    assert!(seen >= 10, "only {seen} charts");
}
