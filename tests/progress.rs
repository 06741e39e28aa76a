//! The progress events of a build of the default study: which stages tell their progress,
//! what each counted by its end, and that neither the thread count nor a listening sink
//! changes them or the site.
//!
//! The sink is process-wide, so this file holds a single test.

mod common;

use std::sync::{Arc, Mutex};

use common::{copy_default_study, root, tree};
use mobilize::progress::{self, Event, Kind, Level, Sink, Unit};

/// Every event heard, in order.
#[derive(Default)]
struct Log(Mutex<Vec<Event>>);

impl Sink for Log {
    fn event(&self, event: &Event) {
        self.0.lock().unwrap().push(*event);
    }
}

/// A stage as it finished: level, name, unit, units done, units promised.
type Finished = (Level, &'static str, Unit, u64, u64);

/// Builds the default study on `threads` threads with a logging sink installed; returns the
/// events, the number of files built, and the site.
fn logged_build(threads: usize) -> (Vec<Event>, usize, tempfile::TempDir) {
    let study = copy_default_study();
    let log = Arc::new(Log::default());
    progress::install(log.clone());
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .unwrap();
    let built = pool
        .install(|| mobilize::build(&study.path().join("report.yaml"), None, &mut |_| {}))
        .unwrap();
    progress::uninstall();
    let events = log.0.lock().unwrap().clone();
    (events, built.files, study)
}

fn finished(events: &[Event]) -> Vec<Finished> {
    events
        .iter()
        .filter(|e| e.kind == Kind::Finish)
        .map(|e| (e.level, e.name, e.unit, e.done, e.total))
        .collect()
}

#[test]
fn stages_report_their_counts_whatever_the_threads() {
    let report: serde_json::Value =
        serde_json::from_str(&common::read(root().join("site/report.json"))).unwrap();
    let posts = report["corpus"]["documents"].as_u64().unwrap();
    let clustered = report["clusters"]["documents"].as_u64().unwrap();
    assert!(
        report["clusters"].get("sample").is_none(),
        "every post clustered"
    );
    let n = clustered;
    let merges = report["files"]
        .as_array()
        .unwrap()
        .iter()
        .find(|file| file["name"] == "cluster-merges")
        .and_then(|file| file["rows"].as_u64())
        .expect("the merges' data file is listed");
    let rows: u64 = report["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|file| file["rows"].as_u64().unwrap())
        .sum();
    let table_rows: u64 = tree(&root().join("site"))
        .iter()
        .filter(|(name, _)| name.starts_with("tables/") && name.ends_with(".csv"))
        .map(|(_, bytes)| csv::Reader::from_reader(bytes.as_slice()).records().count() as u64)
        .sum();
    let targets = report["associations"].as_array().unwrap().len() as u64;
    let runs = report["clusters"]["stability"]["runs"].as_u64().unwrap();
    let variants = report["clusters"]["sensitivity"].as_array().unwrap().len() as u64;
    let charts = tree(&root().join("site"))
        .keys()
        .filter(|name| name.ends_with(".svg"))
        .count() as u64;

    let (one, files, study) = logged_build(1);
    assert_eq!(tree(&study.path().join("site")), tree(&root().join("site")));
    let (four, _, _) = logged_build(4);
    assert_eq!(
        finished(&one),
        finished(&four),
        "the same stages and counts"
    );

    use Level::{Phase, Step};
    let phase = |name| (Phase, name, Unit::None, 0, 0);
    let done = |name, unit, count| (Step, name, unit, count, count);
    let stems = finished(&one)
        .iter()
        .find(|s| s.1 == "stem")
        .map_or(0, |s| s.3);
    let unstemmed_words = finished(&one)
        .iter()
        .filter(|s| s.1 == "stem")
        .nth(1)
        .map_or(0, |s| s.3);
    let expected = vec![
        phase("config"),
        (Step, "read", Unit::Posts, posts, 0),
        phase("load"),
        done("tokenise", Unit::Posts, posts),
        done("stem", Unit::Words, stems),
        done("count", Unit::Posts, posts),
        done("n-grams", Unit::Passes, 3),
        done("associations", Unit::Targets, targets),
        // The corpus again, unstemmed, for the `no_stemming` variant.
        done("tokenise", Unit::Posts, posts),
        done("stem", Unit::Words, unstemmed_words),
        done("count", Unit::Posts, posts),
        done("distances", Unit::Pairs, n * (n - 1) / 2),
        // kodama tells nothing until the tree is done: a count without a total.
        (Step, "linkage", Unit::Merges, merges, 0),
        done("choice of k", Unit::Posts, n),
        done("stability", Unit::Runs, runs),
        done("sensitivity", Unit::Variants, variants),
        phase("analyse"),
        done("sections", Unit::Sections, 10),
        done("data files", Unit::Rows, rows),
        done("charts", Unit::Charts, charts),
        done("tables", Unit::Rows, table_rows),
        phase("render"),
        done("files", Unit::Files, files as u64 + 1),
        phase("write"),
    ];
    assert_eq!(finished(&one), expected);
    let vocabulary = report["corpus"]["vocabulary"].as_u64().unwrap();
    assert!(stems >= vocabulary && unstemmed_words >= stems);
    assert_eq!(posts, 5672);
    assert_eq!((n, merges, runs, variants), (5672, 5671, 20, 4));

    for events in [&one, &four] {
        let starts = events.iter().filter(|e| e.kind == Kind::Start).count();
        assert_eq!(starts, expected.len(), "each stage starts once");
        for event in events.iter().filter(|e| e.kind == Kind::Advance) {
            assert!(event.total == 0 || event.done <= event.total, "{event:?}");
        }
    }
}
