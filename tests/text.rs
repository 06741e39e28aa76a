//! The text stage through the command line: corpus formats and encodings, Russian, errors
//! for people, and the same bytes whatever the thread count.

mod common;

use common::{copy_fixture, mobilize, read};
use predicates::str::contains;
use serde_json::Value;

fn report_json(dir: &std::path::Path) -> Value {
    common::site_report(&dir.join("site"))
}

#[test]
fn russian_posts_in_json_lines() {
    let study = copy_fixture("russian");
    mobilize(study.path())
        .args(["build"])
        .assert()
        .success()
        .stderr(contains(
            "1 post has no text and is left out of the analyses (4)",
        ))
        .stderr(contains("the term \"режим\" does not occur"));
    let report = report_json(study.path());
    assert_eq!(report["corpus"]["documents"], 4);
    assert_eq!(report["corpus"]["empty_texts"], serde_json::json!(["4"]));
    let terms: Vec<(&str, &str, u64, u64)> = report["terms"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| {
            (
                t["term"].as_str().unwrap(),
                t["form"].as_str().unwrap(),
                t["count"].as_u64().unwrap(),
                t["support"].as_u64().unwrap(),
            )
        })
        .collect();
    // Russian stems of Cyrillic tokens; stopwords (на, и, в, но, а, не, к, один) gone.
    assert_eq!(terms[0], ("протест", "протест", 4, 4));
    assert!(terms.contains(&("мирн", "мирные", 2, 2)));
    // ё folded before stemming: ЁЛКА and елка are one term; ушёл reads ушел.
    assert!(terms.contains(&("елк", "елка", 2, 1)));
    assert!(terms.contains(&("ушел", "ушел", 1, 1)));
    assert!(terms.contains(&("@ablyazov", "@ablyazov", 1, 1)));
    assert!(!terms
        .iter()
        .any(|t| ["на", "и", "один", "еще"].contains(&t.0)));
    // Dates in the three forms: RFC 3339 keeps its own day, Unix seconds are UTC.
    let contexts = report["collocations"]["contexts"].as_array().unwrap();
    let dates: Vec<Option<&str>> = contexts.iter().map(|c| c["date"].as_str()).collect();
    assert_eq!(
        dates,
        [
            Some("2019-06-09"),
            Some("2019-06-10"),
            Some("2019-06-12"),
            None
        ]
    );
    assert_eq!(contexts[2]["keyword"], "протесты");
    assert_eq!(report["collocations"]["stem"], "протест");
    let related = &report["associations"][0]["related"][0];
    assert_eq!(
        (related["term"].as_str(), related["r"].as_f64()),
        (Some("реж"), Some(1.0))
    );
}

#[test]
fn bytes_that_are_not_utf8_are_located() {
    let study = copy_fixture("russian");
    std::fs::write(
        study.path().join("posts.csv"),
        b"id,date,text\n1,2019-06-10,ok\n2,2019-06-11,caf\xe9 protest\n",
    )
    .unwrap();
    let config = read(study.path().join("report.yaml"))
        .replace("posts.jsonl", "posts.csv")
        .replace("format: jsonl", "format: csv");
    std::fs::write(study.path().join("report.yaml"), &config).unwrap();
    mobilize(study.path())
        .args(["build"])
        .assert()
        .code(1)
        .stderr(contains(
            "posts.csv:3: found a byte that is not UTF-8 (0xE9) at byte 17 of the line (byte \
             offset 45 of the file), expected UTF-8 text; the file looks like windows-1252 \
             (Western European; mac-roman, from an old Mac, is also common): set \
             `encoding: windows-1252` in `corpus`",
        ));
    assert!(!study.path().join("site").exists(), "nothing is written");
    let config = config.replace("language: ru", "language: ru\n  encoding: windows-1252");
    std::fs::write(study.path().join("report.yaml"), config).unwrap();
    mobilize(study.path()).args(["build"]).assert().success();
    let report = report_json(study.path());
    let forms: Vec<&str> = report["terms"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["form"].as_str().unwrap())
        .collect();
    assert!(forms.contains(&"café"), "{forms:?}");
}

#[test]
fn bad_rows_name_file_line_and_field() {
    let study = copy_fixture("russian");
    std::fs::write(
        study.path().join("posts.jsonl"),
        "{\"id\": 1, \"date\": \"10/06/2019\", \"text\": \"a\"}\n{\"id\": 1, \"text\": \"b\"}\n[1]\n{\"id\": 2, \"text\": 5}\n{oops\n",
    )
    .unwrap();
    mobilize(study.path())
        .args(["check"])
        .assert()
        .code(1)
        .stderr(contains(
            "posts.jsonl:1: date: found \"10/06/2019\", expected a date such as 2019-12-31, 2019-12-31 14:22, 2019-12-31T14:22:00+06:00 or Unix seconds; a date written day first or month first reads two ways, so set `date_format: DD.MM.YYYY` (or DD/MM/YYYY, or MM/DD/YYYY) in `corpus`",
        ))
        .stderr(contains("posts.jsonl:3: found an array, expected a JSON object"))
        .stderr(contains("posts.jsonl:4: text: found 5, expected the post's text as a string"))
        .stderr(contains("posts.jsonl:5: found invalid JSON"));
}

#[test]
fn a_csv_corpus_with_a_missing_column_says_which() {
    let study = copy_fixture("russian");
    std::fs::write(study.path().join("posts.csv"), "id,body\n1,x\n").unwrap();
    let config = read(study.path().join("report.yaml"))
        .replace("posts.jsonl", "posts.csv")
        .replace("format: jsonl", "format: csv");
    std::fs::write(study.path().join("report.yaml"), config).unwrap();
    mobilize(study.path())
        .args(["check"])
        .assert()
        .code(1)
        .stderr(contains("posts.csv:1: the header has no column \"text\""));
}

/// The first 40 tweets of Obama's file as FiveThirtyEight published them (Mac Roman bytes)
/// decode to the same text as the UTF-8 reference corpus, which Python's `mac_roman` made.
#[test]
fn mac_roman_decodes_as_the_reference_did() {
    let study = tempfile::tempdir().unwrap();
    let fixtures = common::root().join("tests/fixtures");
    std::fs::copy(
        fixtures.join("encodings/obama-head.csv"),
        study.path().join("obama.csv"),
    )
    .unwrap();
    std::fs::write(
        study.path().join("report.yaml"),
        "title: t\ncorpus:\n  path: obama.csv\n  id: url\n  date: ~\n  encoding: mac-roman\n",
    )
    .unwrap();
    mobilize(study.path()).args(["build"]).assert().success();
    let report = report_json(study.path());
    let reference = common::root().join("tests/fixtures/tweets/corpus.csv");
    let mut texts = csv::Reader::from_path(reference).unwrap();
    let expected: Vec<String> = texts
        .records()
        .take(40)
        .map(|r| r.unwrap()[3].to_string())
        .collect();
    assert_eq!(report["corpus"]["documents"], 40);
    let decoded = mobilize_texts(study.path());
    assert_eq!(decoded, expected);
}

/// The texts as mobilize read them, through the library.
fn mobilize_texts(dir: &std::path::Path) -> Vec<String> {
    let config = mobilize::Config::load(&dir.join("report.yaml")).unwrap();
    let reading = mobilize::load::read_inputs(&config).unwrap();
    reading
        .inputs
        .corpus
        .unwrap()
        .posts
        .into_iter()
        .map(|p| p.text)
        .collect()
}

#[test]
fn one_thread_or_four_give_the_same_bytes() {
    let study = common::copy_fixture("tweets");
    let mut outputs = Vec::new();
    for threads in ["1", "4"] {
        let out = format!("site-{threads}");
        mobilize(study.path())
            .env("RAYON_NUM_THREADS", threads)
            .args(["build", "-q", "-o", &out])
            .assert()
            .success();
        outputs.push(common::tree(&study.path().join(out)));
    }
    assert!(outputs[0].len() > 10);
    assert!(
        outputs[0] == outputs[1],
        "the sites differ between 1 and 4 threads"
    );
}
