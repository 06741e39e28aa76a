//! The mutation suite: every input kind, mutated at random and salted with hostile payloads,
//! must give `check` a result or an error, never a panic. CI runs a bounded number of cases
//! per target (`MUTATION_CASES`, default 24); `scripts/fuzz` runs many more for a stated time.
//!
//! Each target is a small real study; a case copies it, applies one to four edits to one of
//! its files (a byte changed, a payload inserted, a range deleted, a line repeated, the file
//! cut short) and runs `mobilize::check` on it, which loads, analyses and renders in memory.

mod common;

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::Path;

use proptest::prelude::*;
use proptest::sample::Index;
use proptest::test_runner::{Config, TestRunner};

/// What an edit may insert: syntax of every input language, numbers at the edges of their
/// types, control characters, and the narrative payloads that once escaped.
const PAYLOADS: [&str; 34] = [
    "\"",
    "\"\"",
    ",",
    ";",
    "\t",
    "|",
    "\r\n",
    "\r",
    "\n",
    "\u{0}",
    "\u{1b}[31m",
    "\u{feff}",
    "\u{85}",
    "18446744073709551615",
    "18446744073709551616",
    "-1",
    "1e309",
    "NaN",
    "1.234,5",
    "31.12.2019",
    "9999-99-99T99:99",
    "PT5124095576030432H",
    "{{ get_env(name=\"HOME\") }}",
    "{% for i in range(end=100000000) %}x{% endfor %}",
    "{{ term(rank=999999999999).shown }}",
    "((((((((((((((((((((((((((((((((((((((((",
    "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[",
    "{#",
    "## h {onfocus=alert(1)}",
    "[^<script>]",
    "=HYPERLINK(\"x\")",
    "Біз 🙂 Жаңаөзен",
    "---\n",
    "*&a [*a, *a, *a]",
];

/// One edit: what to do, and where (and with what), as indexes into the file and payloads.
type Edit = (u8, Index, Index);

fn apply(bytes: &mut Vec<u8>, (kind, at, what): &Edit) {
    let at = if bytes.is_empty() {
        0
    } else {
        at.index(bytes.len() + 1)
    };
    match kind % 6 {
        0 if !bytes.is_empty() => {
            let at = at.min(bytes.len() - 1);
            bytes[at] = what.index(256) as u8;
        }
        1 | 2 => {
            let payload = PAYLOADS[what.index(PAYLOADS.len())].as_bytes();
            bytes.splice(at..at, payload.iter().copied());
        }
        3 => {
            let end = (at + what.index(64)).min(bytes.len());
            bytes.drain(at..end);
        }
        4 => {
            let start = bytes[..at]
                .iter()
                .rposition(|&b| b == b'\n')
                .map_or(0, |i| i + 1);
            let end = bytes[at..]
                .iter()
                .position(|&b| b == b'\n')
                .map_or(bytes.len(), |i| at + i + 1);
            let line = bytes[start..end].to_vec();
            bytes.splice(
                start..start,
                line.into_iter().cycle().take((end - start) * 3),
            );
        }
        _ => bytes.truncate(at),
    }
}

/// Runs `cases` mutations of `file` in the study `fixture` (a folder under tests/fixtures),
/// each through `check`.
fn mutate(fixture: &str, file: &str, cases: u32) {
    let cases = std::env::var("MUTATION_CASES")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(cases);
    let original = common::root().join("tests/fixtures").join(fixture);
    let original_bytes = std::fs::read(original.join(file)).unwrap();
    let mut runner = TestRunner::new(Config {
        cases,
        failure_persistence: None,
        ..Config::default()
    });
    let edits = proptest::collection::vec((any::<u8>(), any::<Index>(), any::<Index>()), 1..5);
    let result = runner.run(&edits, |edits| {
        let study = common::copy_fixture(fixture);
        let mut bytes = original_bytes.clone();
        for edit in &edits {
            apply(&mut bytes, edit);
        }
        std::fs::write(study.path().join(file), &bytes).unwrap();
        let outcome = catch_unwind(AssertUnwindSafe(|| {
            let _ = mobilize::check(&study.path().join("report.yaml"));
        }));
        prop_assert!(
            outcome.is_ok(),
            "check panicked on {file} mutated by {edits:?}:\n{}",
            String::from_utf8_lossy(&bytes)
        );
        Ok(())
    });
    if let Err(failure) = result {
        panic!("{failure}");
    }
}

fn exists(fixture: &str, file: &str) -> bool {
    Path::new(
        &common::root()
            .join("tests/fixtures")
            .join(fixture)
            .join(file),
    )
    .is_file()
}

#[test]
fn config() {
    mutate("small", "report.yaml", 24);
}

#[test]
fn events_and_accounts() {
    mutate("small", "data/events.csv", 24);
    mutate("small", "data/accounts.csv", 24);
}

#[test]
fn published_tables() {
    mutate("small", "data/paper/table2_protests.csv", 16);
    mutate("small", "data/paper/table1_claims.csv", 16);
}

#[test]
fn videos_views_and_snapshots() {
    mutate("media", "videos.csv", 16);
    mutate("media", "views.csv", 16);
    mutate("media", "likes.csv", 16);
}

#[test]
fn corpora() {
    mutate("russian", "posts.jsonl", 16);
    mutate("hostile", "data/posts.csv", 16);
}

#[test]
fn export_formats() {
    for (fixture, file) in [
        ("formats/telegram", "result.json"),
        ("formats/facebook", "posts/your_posts_1.json"),
        ("formats/crowdtangle", "posts.csv"),
        ("formats/ytdt", "channels.tab"),
        ("formats/acled", "acled.csv"),
        ("formats/mm", "mm.csv"),
        ("formats/youtube-api", "pages/page_1.json"),
    ] {
        assert!(exists(fixture, file), "{fixture}/{file}");
        mutate(fixture, file, 8);
    }
}

#[test]
fn narrative() {
    mutate("narrated", "text/notes.md", 32);
}
