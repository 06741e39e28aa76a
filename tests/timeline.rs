//! The timeline (issue 19) of a hand-made study, built end to end: posts per ISO week across
//! a year boundary with a quiet gap, the peak and its event, the terms' shares, the notices,
//! and the section, charts and CSV files on the site.

use std::path::PathBuf;

use mobilize::config::{Config, TimelinePeriod};
use mobilize::report::{self, Report};

fn study() -> (Config, Report) {
    let path =
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/timeline/report.yaml");
    let config = Config::load(&path).unwrap();
    let reading = mobilize::load::read_inputs(&config).unwrap();
    assert!(reading.problems.is_empty(), "{:?}", reading.problems);
    let report = report::analyse(&config, reading.inputs).unwrap();
    (config, report)
}

#[test]
fn weeks_peaks_and_term_shares_by_hand() {
    let (_, report) = study();
    let timeline = report.timeline.as_ref().expect("a timeline");
    assert_eq!(timeline.period, TimelinePeriod::Week);
    assert!(!timeline.period_from_span);
    // 2019-12-30 is the Monday of 2020-W01; the weeks of 6 and 13 January have no post.
    let posts: Vec<(String, String, usize)> = timeline
        .posts
        .iter()
        .map(|p| (p.period.to_string(), p.start.to_string(), p.posts))
        .collect();
    let expected = [
        ("2019-W52", "2019-12-23", 2),
        ("2020-W01", "2019-12-30", 5),
        ("2020-W02", "2020-01-06", 0),
        ("2020-W03", "2020-01-13", 0),
        ("2020-W04", "2020-01-20", 2),
    ];
    let expected: Vec<(String, String, usize)> = expected
        .iter()
        .map(|(p, s, n)| (p.to_string(), s.to_string(), *n))
        .collect();
    assert_eq!(posts, expected);
    assert_eq!(timeline.undated, 1);
    // Top 1: 2020-W01, with e1 (Saturday 4 January, inside the week); e2 is 25 days after
    // the last week, e3 has no day.
    assert_eq!(timeline.peaks.len(), 1);
    assert_eq!(timeline.peaks[0].period.to_string(), "2020-W01");
    let near: Vec<(&str, i64)> = timeline.peaks[0]
        .events
        .iter()
        .map(|e| (e.event_id.as_str(), e.days))
        .collect();
    assert_eq!(near, [("e1", 0)]);
    assert_eq!(timeline.undated_events, 1);
    assert_eq!(timeline.events.len(), 1);
    let shares = |t: usize| -> Vec<(usize, f64)> {
        timeline.terms[t]
            .periods
            .iter()
            .map(|p| (p.support, p.share))
            .collect()
    };
    assert_eq!(timeline.terms[0].term, "ralli");
    assert_eq!(
        shares(0),
        [(1, 0.5), (4, 0.8), (0, 0.0), (0, 0.0), (1, 0.5)]
    );
    assert_eq!(timeline.terms[1].term, "ralli squar");
    assert_eq!(
        shares(1),
        [(1, 0.5), (2, 0.4), (0, 0.0), (0, 0.0), (0, 0.0)]
    );
    assert!(!timeline.terms[2].found);
    assert!(report
        .notices
        .contains(&"timeline: 1 post has no date and is left out of the timeline".to_string()));
    assert!(report.notices.contains(
        &"timeline.terms: \"zebra\" (term \"zebra\") does not occur in the dated posts".to_string()
    ));
}

#[test]
fn the_narrative_reads_the_first_peak() {
    let (_, report) = study();
    assert_eq!(
        report.narrative[0].markdown.trim(),
        "The busiest week is 2020-W01, with 5 posts; events: 2020-01-04 (protest)."
    );
}

#[test]
fn the_page_has_the_section_charts_and_csv() {
    let (config, report) = study();
    let files = mobilize::render::render(
        &report,
        None,
        false,
        &config.section_order(),
        mobilize::config::ExportsConfig {
            png: false,
            pdf: false,
            latex: false,
        },
    )
    .unwrap();
    let file = |path: &str| {
        let found = files.iter().find(|f| f.path == path);
        String::from_utf8(found.unwrap_or_else(|| panic!("{path}")).bytes.clone()).unwrap()
    };
    let page = file("index.html");
    assert!(page.contains("id=\"timeline\""), "no timeline section");
    assert!(page.contains("Posts without a date, left out: 1."));
    assert_eq!(
        file("tables/timeline-posts.csv").lines().nth(2),
        Some("2020-W01,2019-12-30,5")
    );
    let peaks = file("tables/timeline-peaks.csv");
    assert!(
        peaks.contains("2020-W01,5,,e1,2020-01-04,protest,0"),
        "{peaks}"
    );
    let terms = file("tables/timeline-terms.csv");
    assert!(terms.contains("ralli,rally,2020-W01,4,0.8"), "{terms}");
    for chart in ["charts/timeline-posts.svg", "charts/timeline-term-1.svg"] {
        assert!(file(chart).contains("<svg"));
    }
}
