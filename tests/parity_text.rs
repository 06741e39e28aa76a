//! Parity of the text stage with the established R tools (`tokenizers` on ICU 72, `tm`'s
//! stopwords, `SnowballC`) on a real corpus: 6,439 tweets and the reference outputs in
//! `tests/fixtures/tweets/` (see its README for the exact settings and tool versions).
//!
//! The full term list, the top 200 2-, 3- and 5-word terms and the associations of three
//! targets must agree. No token is exempt: the two places where a plain UAX #29 segmenter
//! differs from ICU 72 (`@` is a letter, `:` does not join letters) are reproduced by the
//! tokenizer, and the tests below would name any term that still differs.

mod common;

use std::path::Path;

use mobilize::config::Config;
use mobilize::text::{self, matrix::Indexed, terms, TextReport};

fn analysed() -> (TextReport, Indexed) {
    let config = Config::load(&common::root().join("tests/fixtures/tweets/report.yaml")).unwrap();
    let reading = mobilize::load::read_inputs(&config).unwrap();
    assert!(reading.problems.is_empty(), "{:?}", reading.problems);
    let corpus = reading.inputs.corpus.as_ref().unwrap();
    let normaliser = text::normaliser(&config, None);
    let analysis = text::analyse(&config, corpus, &normaliser).unwrap();
    (analysis.report, analysis.indexed)
}

fn reference(name: &str) -> Vec<Vec<String>> {
    let path = common::root().join("tests/fixtures/tweets").join(name);
    let mut reader = csv::Reader::from_path(Path::new(&path)).unwrap();
    reader
        .records()
        .map(|r| r.unwrap().iter().map(str::to_string).collect())
        .collect()
}

#[test]
fn the_corpus_counts_match() {
    let (report, _) = analysed();
    assert_eq!(report.corpus.documents, 6439);
    assert_eq!(report.corpus.tokens, 81_750);
    assert_eq!(report.corpus.vocabulary, 11_083);
}

#[test]
fn every_term_has_the_reference_count_support_and_form() {
    let (report, _) = analysed();
    let expected = reference("terms.csv");
    let computed: Vec<Vec<String>> = report
        .terms
        .iter()
        .map(|t| {
            vec![
                t.term.clone(),
                t.form.clone(),
                t.count.to_string(),
                t.support.to_string(),
            ]
        })
        .collect();
    let differing: Vec<_> = expected
        .iter()
        .zip(&computed)
        .filter(|(e, c)| e != c)
        .take(10)
        .collect();
    assert!(
        differing.is_empty(),
        "first rows that differ (reference, mobilize): {differing:#?}"
    );
    assert_eq!(computed.len(), expected.len());
}

#[test]
fn the_top_200_ngrams_match() {
    let (_, indexed) = analysed();
    for n in [2, 3, 5] {
        let expected = reference(&format!("ngrams_{n}.csv"));
        assert_eq!(expected.len(), 200);
        let all = terms::ngram_stats(&indexed, n, mobilize::config::TermSort::Support, 1).unwrap();
        let computed: Vec<Vec<String>> = all
            .stats
            .iter()
            .take(200)
            .map(|g| vec![g.term.clone(), g.count.to_string(), g.support.to_string()])
            .collect();
        let differing: Vec<_> = expected
            .iter()
            .zip(&computed)
            .filter(|(e, c)| e != c)
            .take(10)
            .collect();
        assert!(
            differing.is_empty(),
            "{n}-grams differ (reference, mobilize): {differing:#?}"
        );
    }
}

#[test]
fn associations_match_within_1e_9() {
    let (report, _) = analysed();
    let path = common::root().join("tests/fixtures/tweets/associations.json");
    let json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    let expected = json["associations"].as_array().unwrap();
    let computed = report.associations.as_ref().unwrap();
    assert_eq!(computed.len(), expected.len());
    for (c, e) in computed.iter().zip(expected) {
        assert_eq!(c.term, e["term"].as_str().unwrap());
        let related = e["related"].as_array().unwrap();
        let names: Vec<&str> = c.related.iter().map(|r| r.term.as_str()).collect();
        let expected_names: Vec<&str> = related
            .iter()
            .map(|r| r["term"].as_str().unwrap())
            .collect();
        assert_eq!(names, expected_names, "terms related to {}", c.term);
        for (r, e) in c.related.iter().zip(related) {
            let want = e["r"].as_f64().unwrap();
            assert!(
                (r.r - want).abs() < 1e-9,
                "{} ~ {}: {} vs {want}",
                c.term,
                r.term,
                r.r
            );
        }
    }
    assert_eq!(
        computed[0].related.len(),
        9,
        "presid has nine related terms"
    );
    assert!(computed[1].related.is_empty() && computed[2].related.is_empty());
}
