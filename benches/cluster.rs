//! The cost of the clustering stage (vectors, distances, Ward linkage, cut, top words,
//! typical posts, silhouettes for k = 2..20) on the default corpus and on 20,000 documents
//! (the default posts repeated with new ids: the largest corpus clustered without sampling by
//! default). Run with `cargo bench --bench cluster`.

use std::path::PathBuf;

use mobilize::config::Config;

use mobilize::model::corpus::Post;
use mobilize::{cluster, text};

fn main() {
    divan::main();
}

fn study() -> (Config, Vec<Post>) {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let config = Config::load(&root.join("report.yaml")).expect("the default study's config");
    let section = config.corpus.clone().expect("a corpus");
    let posts = mobilize::load::load_corpus(&config.resolve(&section.path), &section)
        .expect("the default corpus reads")
        .records
        .expect("the default corpus is valid")
        .posts;
    (config, posts)
}

#[divan::bench(args = [5672, 20000], sample_count = 3, sample_size = 1)]
fn cluster_stage(bencher: divan::Bencher, documents: usize) {
    let (config, base) = study();
    let posts: Vec<Post> = (0..documents)
        .map(|i| {
            let post = &base[i % base.len()];
            Post {
                id: format!("{}-{}", post.id, i / base.len()),
                ..post.clone()
            }
        })
        .collect();
    let texts: Vec<&str> = posts.iter().map(|p| p.text.as_str()).collect();
    let ids: Vec<&str> = posts.iter().map(|p| p.id.as_str()).collect();
    let indexed = text::matrix::index(&texts, &text::normaliser(&config, None));
    let section = config.clusters.clone().expect("the default study clusters");
    bencher.bench(|| cluster::analyse(&indexed, &ids, &texts, &section));
}
