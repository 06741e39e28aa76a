//! The cost of the text stage on the default corpus and on a corpus ten times its size (the
//! default posts repeated with new ids). Run with `cargo bench --bench text`.
//!
//! Stages: `load` (read, decode, parse the CSV; `load_excel_ru` the same posts as
//! windows-1251 with semicolons and CRLF), `index` (tokenise, stopwords, stem each
//! distinct word once, count into the sparse matrix), and `text_stage` (index plus terms,
//! n-grams, associations and collocations: everything `build` does with the corpus), and
//! `keyness` (two comparisons over the matrix already built).
//! `detect_language`: each post's language among Russian, Kazakh and English for 10,000
//! mixed posts (the labelled texts of `tests/fixtures/langid/` cycled); before the benches
//! run, the first call in the process, which loads the three models, is timed and printed.

use std::path::{Path, PathBuf};

use mobilize::config::{Config, Language};

use mobilize::model::corpus::{Corpus, Post};
use mobilize::text;

fn main() {
    let texts = langid_texts(100);
    let start = std::time::Instant::now();
    text::language::detect(&as_strs(&texts), &THREE);
    println!(
        "detect_language: first call (loads the models) on 100 texts: {:.2?}",
        start.elapsed()
    );
    divan::main();
}

const THREE: [Language; 3] = [Language::Ru, Language::Kk, Language::En];

/// `n` texts of the language-detection fixture, cycled: ru, kk and en mixed.
fn langid_texts(n: usize) -> Vec<String> {
    let fixture = std::fs::read_to_string(root().join("tests/fixtures/langid/langid.tsv"))
        .expect("the langid fixture reads");
    let texts: Vec<String> = fixture
        .lines()
        .skip(1)
        .map(|line| line.split('\t').nth(1).unwrap().to_string())
        .collect();
    texts.iter().cycle().take(n).cloned().collect()
}

fn as_strs(texts: &[String]) -> Vec<&str> {
    texts.iter().map(String::as_str).collect()
}

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn config() -> Config {
    Config::load(&root().join("report.yaml")).expect("the default study's config")
}

fn default_corpus() -> Corpus {
    let config = config();
    let section = config
        .corpus
        .as_ref()
        .expect("the default study has a corpus");
    mobilize::load::load_corpus(&config.resolve(&section.path), section)
        .expect("the default corpus reads")
        .records
        .expect("the default corpus is valid")
}

/// The default corpus `times` over, each copy with new ids.
fn repeated(times: usize) -> Corpus {
    let base = default_corpus();
    let mut posts = Vec::with_capacity(base.posts.len() * times);
    for copy in 0..times {
        posts.extend(base.posts.iter().map(|p| Post {
            id: format!("{}-{copy}", p.id),
            ..p.clone()
        }));
    }
    Corpus {
        posts,
        empty: Vec::new(),
    }
}

/// The default corpus `times` over, new ids for each copy, written as CSV to a new folder:
/// UTF-8 with commas and LF, or as Russian Excel saves it (windows-1251, semicolons, CRLF).
fn saved(times: usize, excel: bool) -> (tempfile::TempDir, PathBuf) {
    let corpus = repeated(times);
    let (delimiter, terminator) = if excel {
        (b';', csv::Terminator::CRLF)
    } else {
        (b',', csv::Terminator::Any(b'\n'))
    };
    let mut writer = csv::WriterBuilder::new()
        .delimiter(delimiter)
        .terminator(terminator)
        .from_writer(Vec::new());
    writer.write_record(["id", "date", "text"]).unwrap();
    for post in &corpus.posts {
        let date = post.date.map(|d| d.to_string()).unwrap_or_default();
        writer
            .write_record([post.id.as_str(), &date, &post.text])
            .unwrap();
    }
    let text = String::from_utf8(writer.into_inner().unwrap()).unwrap();
    let bytes = if excel {
        encoding_rs::WINDOWS_1251.encode(&text).0.into_owned()
    } else {
        text.into_bytes()
    };
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("posts.csv");
    std::fs::write(&path, bytes).unwrap();
    (dir, path)
}

/// Reading, decoding and splitting the corpus file into posts: UTF-8 with commas, and
/// windows-1251 with semicolons and CRLF (the delimiter detected, the encoding named).
#[divan::bench(args = [1, 10])]
fn load(bencher: divan::Bencher, times: usize) {
    let section = config().corpus.unwrap();
    let (_dir, path) = saved(times, false);
    bencher.bench(|| mobilize::load::load_corpus(Path::new(&path), &section).unwrap());
}

#[divan::bench(args = [1, 10])]
fn load_excel_ru(bencher: divan::Bencher, times: usize) {
    let mut section = config().corpus.unwrap();
    section.encoding = mobilize::config::TextEncoding::for_label("windows-1251");
    let (_dir, path) = saved(times, true);
    bencher.bench(|| {
        let loaded = mobilize::load::load_corpus(Path::new(&path), &section).unwrap();
        assert!(loaded.problems.is_empty());
        loaded
    });
}

#[divan::bench(args = [1, 10])]
fn index(bencher: divan::Bencher, times: usize) {
    let config = config();
    let corpus = repeated(times);
    let texts: Vec<&str> = corpus.posts.iter().map(|p| p.text.as_str()).collect();
    let normaliser = text::normaliser(&config, None);
    bencher.bench(|| text::matrix::index(&texts, &normaliser));
}

#[divan::bench(args = [1, 10])]
fn text_stage(bencher: divan::Bencher, times: usize) {
    let config = config();
    let corpus = repeated(times);
    let normaliser = text::normaliser(&config, None);
    bencher.bench(|| text::analyse(&config, &corpus, &normaliser).unwrap());
}

/// Keyness on the matrix built once: a year against a year, and the seven days after a day
/// against the seven before, each summing its posts' rows and scoring every term.
#[divan::bench(args = [1, 10])]
fn keyness(bencher: divan::Bencher, times: usize) {
    let study = "title: x\nkeyness:\n  compare:\n    - name: years\n      target: { from: \
                 2018-01-01, to: 2018-12-31 }\n      reference: { from: 2017-01-01, to: \
                 2017-12-31 }\n    - name: week\n      target: { from: 2019-06-09, to: \
                 2019-06-15 }\n      reference: { from: 2019-06-02, to: 2019-06-08 }\n";
    let section = Config::parse(study, "bench").unwrap().keyness.unwrap();
    let config = config();
    let corpus = repeated(times);
    let texts: Vec<&str> = corpus.posts.iter().map(|p| p.text.as_str()).collect();
    let indexed = text::matrix::index(&texts, &text::normaliser(&config, None));
    bencher.bench(|| text::keyness::analyse(&section, &indexed, &corpus.posts, None).unwrap());
}

/// Each of 10,000 mixed posts' language among Russian, Kazakh and English (models loaded).
#[divan::bench]
fn detect_language(bencher: divan::Bencher) {
    let texts = langid_texts(10_000);
    let texts = as_strs(&texts);
    bencher.bench(|| text::language::detect(&texts, &THREE));
}
