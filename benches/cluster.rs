//! The cost of the clustering stage (vectors, distances, Ward linkage, cut, top words,
//! typical posts, silhouettes for k = 2..20) on the default corpus and on 20,000 documents
//! (the default posts repeated with new ids: the largest corpus clustered without sampling by
//! default), without stability and sensitivity; then the 20 stability runs and the four
//! sensitivity variants on the default corpus, each alone. Run with `cargo bench --bench
//! cluster`.

use std::path::PathBuf;

use mobilize::cluster::vectors::{self, Vectors};
use mobilize::cluster::{distances, sensitivity, stability, tree};
use mobilize::config::{ClustersConfig, Config, Resampling, StabilityConfig};

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

/// The default corpus repeated to `documents` posts, indexed, with the default study's
/// clusters section.
fn corpus(documents: usize) -> (Vec<Post>, text::matrix::Indexed, ClustersConfig) {
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
    let indexed = text::matrix::index(&texts, &text::normaliser(&config, None));
    let section = config.clusters.clone().expect("the default study clusters");
    (posts, indexed, section)
}

#[divan::bench(args = [5672, 20000], sample_count = 3, sample_size = 1)]
fn cluster_stage(bencher: divan::Bencher, documents: usize) {
    let (posts, indexed, mut section) = corpus(documents);
    section.stability = Some(StabilityConfig {
        runs: 0,
        ..StabilityConfig::default()
    });
    section.sensitivity.clear();
    let texts: Vec<&str> = posts.iter().map(|p| p.text.as_str()).collect();
    let ids: Vec<&str> = posts.iter().map(|p| p.id.as_str()).collect();
    bencher.bench(|| cluster::analyse(&indexed, None, &ids, &texts, &section));
}

/// The default corpus indexed, its clusters section, its vectors and their cut at k.
fn default_cut() -> (text::matrix::Indexed, ClustersConfig, Vectors, Vec<usize>) {
    let (_, indexed, section) = corpus(5672);
    let v = vectors::vectors(
        &indexed,
        section.weighting,
        section.normalize,
        section.min_support,
    );
    let mut condensed = distances::condensed(&v, &distances::Postings::new(&v));
    let labels = tree::cut(&tree::ward(&mut condensed, v.len()), v.len(), section.k);
    (indexed, section, v, labels)
}

/// 20 `subset` runs over the default corpus's vectors, from the draws to the summary.
#[divan::bench(sample_count = 3, sample_size = 1)]
fn stability_runs(bencher: divan::Bencher) {
    let (_, section, v, labels) = default_cut();
    bencher.bench(|| {
        let draws = stability::draw(v.len(), Resampling::Subset, 20, 1);
        stability::summarise(&stability::jaccards(&v, &labels, section.k, &draws))
    });
}

/// The four sensitivity variants on the default corpus (`no_stemming` on the stemmed index,
/// so this is the clustering cost, not the re-indexing).
#[divan::bench(sample_count = 3, sample_size = 1)]
fn sensitivity_variants(bencher: divan::Bencher) {
    let (indexed, section, v, labels) = default_cut();
    let inputs = sensitivity::Inputs {
        indexed: &indexed,
        unstemmed: Some(&indexed),
        documents: &v.documents,
        labels: &labels,
        k: section.k,
    };
    bencher.bench(|| sensitivity::compare(&inputs, &section));
}
