//! `report.json` read back: every report mobilize writes parses into the typed `Report` and
//! serialises to the same bytes, so `diff` and any later reader see exactly what was written;
//! and the summary with its data files (`data/*.jsonl.gz`) reads back into the whole report,
//! which writes the same files again.

use std::path::{Path, PathBuf};

use mobilize::config::Config;
use mobilize::report::{self, Report};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The study configs under `dir`, sorted, leaving out the hostile ones (made to fail).
fn configs(dir: &Path, found: &mut Vec<PathBuf>) {
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    entries.sort();
    for path in entries {
        if path.is_dir() && !path.ends_with("hostile") {
            configs(&path, found);
        } else if path.extension().is_some_and(|e| e == "yaml") {
            found.push(path);
        }
    }
}

fn assert_round_trip(json: &[u8], what: &str) {
    let text = std::str::from_utf8(json).unwrap();
    let report = Report::from_json(text).unwrap_or_else(|e| panic!("{what}: {e}"));
    let again = report.to_json();
    assert!(
        again == json,
        "{what}: report.json changed on the round trip"
    );
}

/// The report written as `report.json` and its data files into a folder, read back with its
/// lists, and written again: the same bytes, file for file, and the same lists as in memory.
fn assert_whole_round_trip(report: &Report, what: &str) {
    let (files, json) = report.written();
    assert_round_trip(&json, what);
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("data")).unwrap();
    for (listed, bytes) in &files {
        std::fs::write(dir.path().join(&listed.path), bytes).unwrap();
    }
    let mut back = Report::from_json(std::str::from_utf8(&json).unwrap()).unwrap();
    back.read_data_files(dir.path())
        .unwrap_or_else(|e| panic!("{what}: {e}"));
    let (files_again, json_again) = back.written();
    assert!(json_again == json, "{what}: report.json changed");
    assert!(files_again == files, "{what}: a data file changed");
    if let (Some(text), Some(again)) = (&report.text, &back.text) {
        assert_eq!(again.terms, text.terms, "{what}");
        assert_eq!(again.ngrams, text.ngrams, "{what}");
        assert_eq!(again.corpus.empty_texts, text.corpus.empty_texts, "{what}");
        let pairs =
            |t: &mobilize::text::TextReport| t.collocations.as_ref().map(|c| c.pairs.clone());
        assert_eq!(pairs(again), pairs(text), "{what}");
    }
    if let (Some(clusters), Some(again)) = (&report.clusters, &back.clusters) {
        assert_eq!(again.merges, clusters.merges, "{what}");
        assert_eq!(again.excluded, clusters.excluded, "{what}");
        let mut sorted = clusters.assignments.clone();
        sorted.sort_by(|a, b| a.id.cmp(&b.id).then(a.cluster.cmp(&b.cluster)));
        assert_eq!(again.assignments, sorted, "{what}");
    }
}

#[test]
fn the_committed_site_report_round_trips() {
    let json = std::fs::read(root().join("site/report.json")).unwrap();
    assert_round_trip(&json, "site/report.json");
}

#[test]
fn every_fixture_study_report_round_trips() {
    let mut found = Vec::new();
    configs(&root().join("tests/fixtures"), &mut found);
    let mut built = Vec::new();
    for path in &found {
        let Ok(config) = Config::load(path) else {
            continue;
        };
        let Ok(reading) = mobilize::load::read_inputs(&config) else {
            continue;
        };
        if !reading.problems.is_empty() {
            continue;
        }
        let Ok(report) = report::analyse(&config, reading.inputs) else {
            continue;
        };
        assert_whole_round_trip(&report, &path.display().to_string());
        built.push(path.strip_prefix(root()).unwrap().display().to_string());
    }
    // The studies that build are the ones the other tests build; most of them must be here.
    eprintln!("{} studies: {built:?}", built.len());
    assert!(
        built.len() >= 25,
        "only {} studies built: {built:?}",
        built.len()
    );
    for study in [
        "tests/fixtures/narrated/report.yaml",
        "tests/fixtures/media/report.yaml",
        "tests/fixtures/russian/report.yaml",
        "tests/fixtures/formats/acled/current.yaml",
        "tests/fixtures/saved/excel-ru/report.yaml",
        "tests/fixtures/mixed/report.yaml",
        "tests/fixtures/timeline/report.yaml",
    ] {
        assert!(
            built.iter().any(|b| b == study),
            "{study} did not build: {built:?}"
        );
    }
}

mod values {
    //! The report's own value types read back from the text they write.
    use mobilize::model::events::{Cell, EventDate, RowId};
    use mobilize::model::media::Period;
    use proptest::prelude::*;

    /// Through JSON and back, and the text form parsed back to the same value.
    fn both_ways<T>(value: T, text: String, parse: fn(&str) -> Option<T>)
    where
        T: serde::Serialize + serde::de::DeserializeOwned + PartialEq + std::fmt::Debug,
    {
        let json = serde_json::to_string(&value).unwrap();
        assert_eq!(serde_json::from_str::<T>(&json).unwrap(), value, "{json}");
        assert_eq!(parse(&text), Some(value), "{text}");
    }

    proptest! {
        #[test]
        fn event_dates(year in 1000i32..=9999, month in proptest::option::of(1u32..=12), day in 1u32..=31) {
            let day = month.and_then(|m| chrono::NaiveDate::from_ymd_opt(year, m, day)).map(|_| day);
            let date = EventDate { year, month, day };
            both_ways(date, date.to_string(), EventDate::parse);
        }

        #[test]
        fn periods(year in 1000i32..=9999, month in 1u32..=12, day in 1u32..=28, monthly: bool) {
            let period = if monthly {
                Period::Month(year, month)
            } else {
                Period::Day(chrono::NaiveDate::from_ymd_opt(year, month, day).unwrap())
            };
            both_ways(period, period.to_string(), Period::parse);
        }

        #[test]
        fn cells(count: u64, at_least: bool) {
            let cell = Cell { count, at_least };
            both_ways(cell, cell.to_string(), Cell::parse);
        }
    }

    #[test]
    fn every_row_of_table_2() {
        for row in RowId::ALL {
            both_ways(row, row.as_str().to_string(), RowId::parse);
        }
    }

    #[test]
    fn text_that_is_no_value_is_refused() {
        for bad in [
            "\"2019-02-30\"",
            "\"19-05\"",
            "\"Strikes\"",
            "13",
            "\">-1\"",
        ] {
            assert!(serde_json::from_str::<EventDate>(bad).is_err(), "{bad}");
            assert!(serde_json::from_str::<RowId>(bad).is_err(), "{bad}");
        }
    }
}
