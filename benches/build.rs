//! The cost of a whole build (read, text stages, clustering, render, write) at the size of
//! the issue's corpus: 21,091 posts drawn from the default study's with a fixed seed, each
//! with a fresh id, written as CSV by the `csv` crate into a temporary folder. One study runs
//! the default study's text stages; the other also clusters the posts as the default study
//! does (k = 11, tf-idf, l2; above 20,000 posts a sample of 20,000 is clustered), without
//! stability runs and sensitivity variants. Run with `cargo bench --bench build`; each sample
//! is one build, and divan reports the median of five.
//!
//! `scripts/bench-build` times the same builds through the release binary, with peak memory.

use std::path::{Path, PathBuf};

use mobilize::config::Config;
use mobilize::model::corpus::Post;

/// The issue's corpus size: 21,091 paragraphs.
const POSTS: usize = 21_091;

/// The study of a generated corpus, shared with `scripts/make-big-corpus.py`.
const TEXT_STUDY: &str = include_str!("../scripts/big-corpus-study.yaml");

const CLUSTERS: &str = r#"clusters:
  k: 11
  weighting: tfidf
  normalize: l2
  min_support: 2
  top_words: 10
"#;

fn main() {
    divan::main();
}

/// The default study's posts.
fn default_posts() -> Vec<Post> {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let config = Config::load(&root.join("report.yaml")).expect("the default study's config");
    let section = config.corpus.clone().expect("a corpus");
    mobilize::load::load_corpus(&config.resolve(&section.path), &section)
        .expect("the default corpus reads")
        .records
        .expect("the default corpus is valid")
        .posts
}

/// splitmix64: a fixed, portable sequence for the draw.
fn next(state: &mut u64) -> u64 {
    *state = state.wrapping_add(0x9e37_79b9_7f4a_7c15);
    let mut z = *state;
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

/// A study folder holding `POSTS` drawn posts and `study` as its report.yaml.
fn study(dir: &Path, study: &str) -> PathBuf {
    let posts = default_posts();
    let mut writer = csv::Writer::from_path(dir.join("posts.csv")).expect("posts.csv opens");
    writer.write_record(["id", "date", "text"]).expect("header");
    let mut state = 21;
    for i in 0..POSTS {
        let post = &posts[(next(&mut state) % posts.len() as u64) as usize];
        let date = post.date.map(|d| d.to_string()).unwrap_or_default();
        let id = format!("post-{:08}", i + 1);
        writer
            .write_record([id.as_str(), date.as_str(), post.text.as_str()])
            .expect("a post is written");
    }
    writer.flush().expect("posts.csv is written");
    let config = dir.join("report.yaml");
    let study = study.replace("{posts}", &POSTS.to_string());
    std::fs::write(&config, study).expect("report.yaml is written");
    config
}

fn time_builds(bencher: divan::Bencher, text: &str) {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let config = study(dir.path(), text);
    bencher.bench_local(|| {
        mobilize::build(&config, None, &mut |_| {}).expect("the study builds");
    });
}

#[divan::bench(sample_count = 5, sample_size = 1)]
fn text_stages(bencher: divan::Bencher) {
    time_builds(bencher, TEXT_STUDY);
}

#[divan::bench(sample_count = 5, sample_size = 1)]
fn with_clustering(bencher: divan::Bencher) {
    time_builds(bencher, &format!("{TEXT_STUDY}{CLUSTERS}"));
}
