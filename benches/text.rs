//! The cost of the text stage on the default corpus and on a corpus ten times its size (the
//! default posts repeated with new ids). Run with `cargo bench --bench text`.
//!
//! Stages: `load` (read, decode, parse the CSV), `index` (tokenise, stopwords, stem each
//! distinct word once, count into the sparse matrix), and `text_stage` (index plus terms,
//! n-grams, associations and collocations: everything `build` does with the corpus).

use std::path::{Path, PathBuf};

use mobilize::config::Config;
use mobilize::load::corpus::{self, Corpus, Post};
use mobilize::text;

fn main() {
    divan::main();
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
    corpus::load(&config.resolve(&section.path), section)
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

#[divan::bench]
fn load(bencher: divan::Bencher) {
    let config = config();
    let section = config.corpus.clone().unwrap();
    let path = config.resolve(&section.path);
    bencher.bench(|| corpus::load(Path::new(&path), &section).unwrap());
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
