//! Ward clustering of the posts: Table 5, the dendrogram and the choice of k.
//!
//! [`vectors`] weights and normalises the rows of the shared document-term matrix,
//! [`distances`] computes their condensed Euclidean distances from sparse dot products,
//! [`tree`] runs Ward's linkage (kodama) and cuts it, [`words`] says what each cluster is
//! about, and [`choice`] measures other cuts. [`analyse`] runs them in that order.
//!
//! Scale: the condensed matrix holds n(n − 1)/2 distances of 8 bytes (1.6 GB at 20,000
//! documents) and the linkage is quadratic in time. Above `clusters.max_documents`, a seeded
//! sample of that size is clustered, and every other document joins the cluster of the
//! nearest centroid; the report says so.

pub mod choice;
pub mod distances;
pub mod sensitivity;
pub mod stability;
pub mod tree;
pub mod vectors;
pub mod words;

use ndarray::Array2;
use serde::{Deserialize, Serialize};

use crate::config::{
    ClustersConfig, Normalize, Resampling, StabilityConfig, Weighting, STABILITY_DEFAULT_LIMIT,
};
use crate::text::matrix::Indexed;
use choice::KChoice;
use distances::Postings;
use sensitivity::VariantResult;
use stability::ClusterStability;
use tree::{Merge, TopTree};
use vectors::Vectors;
use words::ScoredWord;

/// Cuts measured for the choice of k: 2 to this.
pub const LARGEST_K: usize = 20;
/// Clusters drawn as leaves of the dendrogram.
pub const DENDROGRAM_LEAVES: usize = 50;
/// Typical posts shown per cluster.
pub const TYPICAL_POSTS: usize = 3;
/// Characters of a typical post shown.
const EXCERPT_CHARS: usize = 240;
/// The seed of the sample drawn above `max_documents`.
pub const SAMPLE_SEED: u64 = 0x5741_5244; // "WARD"

/// The `clusters` section of `report.json`: the Ward clustering of the posts, from which the
/// page's Clusters section, its tables and charts are drawn.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ClustersReport {
    /// Clusters of the cut: `clusters.k`, brought within 1 to the number of documents clustered.
    pub k: usize,
    /// The linkage, distance and library, as a phrase; always `Ward (ward.D2) on Euclidean
    /// distances, kodama` in this version.
    pub method: String,
    /// How the vectors were weighted: the config's `clusters.weighting` (`tf` or `tfidf`).
    pub weighting: Weighting,
    /// The config's `clusters.normalize`: `l2` (rows of unit length) or `none`.
    pub normalize: Normalize,
    /// The config's `clusters.min_support`: terms in fewer posts were dropped before clustering.
    pub min_support: usize,
    /// Terms that pass `min_support`.
    pub terms: usize,
    /// Documents clustered (or assigned, when sampled).
    pub documents: usize,
    /// Documents with no weight left, not clustered, by id in corpus order: the data file
    /// `cluster-excluded` beside `report.json`, not in it.
    #[serde(skip)]
    pub excluded: Vec<String>,
    /// How the clustered sample was drawn; absent when every document was clustered (the corpus is
    /// within `clusters.max_documents`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sample: Option<Sample>,
    /// Heights of the last merge kept and the first merge cut, and whether they tie.
    pub cut: Cut,
    /// Table 5's rows, one per cluster, by cluster number (1 to `k`).
    pub clusters: Vec<Cluster>,
    /// Every clustered document's cluster, in corpus order: the data file
    /// `cluster-assignments` beside `report.json` (sorted by post id there), not in it.
    #[serde(skip)]
    pub assignments: Vec<Assignment>,
    /// `[a, b, height, size]`, SciPy's convention, over the clustered documents in
    /// `assignments` order (the sample's, when sampled): the data file `cluster-merges` beside
    /// `report.json`, not in it.
    #[serde(skip)]
    pub merges: Vec<Merge>,
    /// Merge height and mean silhouette of each cut from k = 2 to [`LARGEST_K`] (at most n − 1),
    /// k ascending; empty under three documents. The choice-of-k table and chart.
    pub choice_of_k: Vec<KChoice>,
    /// The top of the tree, above [`DENDROGRAM_LEAVES`] groups, drawn as `charts/dendrogram.svg`.
    pub dendrogram: TopTree,
    /// How the stability of each cluster was measured; absent when it was not (off, or above
    /// the size at which it is on by default). Each cluster's figures are in its row.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stability: Option<StabilityRuns>,
    /// `clusters.sensitivity`: the partition under other preprocessing, each against this one.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sensitivity: Vec<VariantResult>,
}

/// The resampling behind each cluster's stability.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StabilityRuns {
    /// `subset` or `boot`.
    pub method: Resampling,
    /// Resampling runs.
    pub runs: usize,
    /// The seed of the draws.
    pub seed: u64,
    /// Posts drawn per run: half of the clustered posts for `subset`, all of them (with
    /// replacement) for `boot`.
    pub drawn: usize,
}

/// The sample clustered when the corpus has more than `clusters.max_documents` documents.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Sample {
    /// Documents clustered: the `max_documents` of smallest seeded hash of their id.
    pub size: usize,
    /// The seed of that hash; always [`SAMPLE_SEED`].
    pub seed: u64,
    /// Documents assigned to the nearest centroid rather than clustered.
    pub assigned: usize,
}

/// Where the tree is cut into `k` clusters, as the merge heights on either side of the cut.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Cut {
    /// Height of the last merge kept (the one that leaves `k` clusters); `None` when no merge is
    /// kept, with no more documents than `k`.
    pub height_kept: Option<f64>,
    /// Height of the first merge left out (it would join two of the `k` clusters); `None` when `k`
    /// is 1 or above the documents. The dendrogram draws the cut halfway between the two.
    pub height_cut: Option<f64>,
    /// Whether the two heights are equal (within 1e-9, relative), so that another tool may cut the
    /// tie the other way; the page then says so.
    pub tied: bool,
}

/// One cluster of the cut: a row of Table 5, with its typical posts.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Cluster {
    /// Cluster number, from 1, in the order of each cluster's first post in the corpus.
    pub id: usize,
    /// Posts in the cluster, counting those assigned to its centroid when a sample was clustered.
    pub size: usize,
    /// Stems of highest mean weight (the paper's list).
    pub top_words: Vec<String>,
    /// The `clusters.top_words` stems of highest mean weight (above 0), highest first, ties by
    /// stem; `score` is the mean weight.
    pub by_mean: Vec<ScoredWord>,
    /// Stems by the log-odds z-score against the rest of the corpus.
    pub distinctive: Vec<ScoredWord>,
    /// Up to [`TYPICAL_POSTS`] posts closest to the cluster's centroid, closest first.
    pub typical: Vec<Typical>,
    /// The cluster's stability under resampling; absent when not measured.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stability: Option<ClusterStability>,
}

/// A post shown as typical of its cluster, in the typical-posts table.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Typical {
    /// The post's id, as in the corpus.
    pub id: String,
    /// The post's text, white space made single spaces, cut to 240 characters with `…`.
    pub text: String,
}

/// A clustered document and its cluster: a row of `tables/cluster-assignments.csv`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Assignment {
    /// The post's id, as in the corpus.
    pub id: String,
    /// Its cluster number, from 1, as [`Cluster::id`].
    pub cluster: usize,
}

/// The stability runs a config asks for over `n` posts cut into `k` clusters:
/// `clusters.stability` as given, else the default up to [`STABILITY_DEFAULT_LIMIT`] posts;
/// none with `runs: 0`, or when a run would hold fewer than two posts per cluster.
pub fn stability_asked(config: &ClustersConfig, n: usize, k: usize) -> Option<StabilityConfig> {
    stability_skipped(config, n, k)
        .is_none()
        .then(|| config.stability.unwrap_or_default())
        .filter(|asked| asked.runs > 0)
}

/// Why stability is not measured, when it is on but cannot or should not be: a notice.
pub fn stability_skipped(config: &ClustersConfig, n: usize, k: usize) -> Option<String> {
    let asked = config.stability.unwrap_or_default();
    let drawn = match asked.method {
        Resampling::Subset => n / 2,
        Resampling::Boot => n,
    };
    if asked.runs == 0 || n < 2 {
        None
    } else if drawn < 2 * k {
        Some(format!(
            "clusters.stability: a resample holds {drawn} posts, fewer than two for each of the \
             {k} clusters; stability is not measured"
        ))
    } else if config.stability.is_none() && n > STABILITY_DEFAULT_LIMIT {
        Some(format!(
            "clusters.stability: {n} posts are clustered, above the {STABILITY_DEFAULT_LIMIT} \
             at which stability is measured by default; it is not measured (set \
             clusters.stability to measure it: each run clusters half the posts)"
        ))
    } else {
        None
    }
}

/// Clusters the documents of `indexed`; `ids` and `texts` are the documents' ids and texts;
/// `unstemmed` is the corpus indexed without stemming, for the `no_stemming` variant.
pub fn analyse(
    indexed: &Indexed,
    unstemmed: Option<&Indexed>,
    ids: &[&str],
    texts: &[&str],
    config: &ClustersConfig,
) -> ClustersReport {
    let weigh = || {
        vectors::vectors(
            indexed,
            config.weighting,
            config.normalize,
            config.min_support,
        )
    };
    let all = weigh();
    let sampled = sample_rows(all.len(), config.max_documents, ids, &all);
    let (clustered, all) = match &sampled {
        // Every post's vector is weighed again after the linkage rather than held beside
        // the distance matrix: at millions of posts the two together are what fills memory.
        Some(rows) => {
            let chosen = all.select(rows);
            drop(all);
            (chosen, None)
        }
        None => (all.clone(), Some(all)),
    };
    let n = clustered.len();
    let postings = Postings::new(&clustered);
    let mut condensed = distances::condensed(&clustered, &postings);
    let merges = tree::ward(&mut condensed, n);
    drop(condensed);
    let all = all.unwrap_or_else(weigh);
    let k = config.k.clamp(1, n.max(1));
    let labels = tree::cut(&merges, n, k);
    let choice_of_k = choice::choice_of_k(&clustered, &postings, &merges, LARGEST_K);
    let dendrogram = tree::top_tree(&merges, n, DENDROGRAM_LEAVES, &labels);
    let all_labels = match &sampled {
        Some(rows) => {
            let centroids = words::centroids(&clustered, &labels, k);
            let mut nearest = nearest_centroid(&all, &centroids);
            for (&row, &label) in rows.iter().zip(&labels) {
                nearest[row] = label;
            }
            nearest
        }
        None => labels.clone(),
    };
    let mut clusters = describe(indexed, &all, &all_labels, k, config, ids, texts);
    let asked = stability_asked(config, n, k);
    if let Some(asked) = asked {
        let draws = stability::draw(n, asked.method, asked.runs, asked.seed);
        let found = stability::summarise(&stability::jaccards(&clustered, &labels, k, &draws));
        for (cluster, found) in clusters.iter_mut().zip(found) {
            cluster.stability = Some(found);
        }
    }
    let sensitivity = sensitivity::compare(
        &sensitivity::Inputs {
            indexed,
            unstemmed,
            documents: &clustered.documents,
            labels: &labels,
            k,
        },
        config,
    );
    ClustersReport {
        k,
        method: "Ward (ward.D2) on Euclidean distances, kodama".into(),
        weighting: config.weighting,
        normalize: config.normalize,
        min_support: config.min_support,
        terms: all.kept_terms,
        documents: all.len(),
        excluded: all.excluded.iter().map(|&d| ids[d].to_string()).collect(),
        sample: sampled.map(|rows| Sample {
            size: rows.len(),
            seed: SAMPLE_SEED,
            assigned: all.len() - rows.len(),
        }),
        cut: Cut {
            height_kept: (n > k).then(|| merges[n - k - 1].height),
            height_cut: (k > 1 && n >= k).then(|| merges[n - k].height),
            tied: tree::tied_at_cut(&merges, n, k),
        },
        clusters,
        assignments: all
            .documents
            .iter()
            .zip(&all_labels)
            .map(|(&d, &label)| Assignment {
                id: ids[d].to_string(),
                cluster: label + 1,
            })
            .collect(),
        merges,
        choice_of_k,
        dendrogram,
        stability: asked.map(|asked| StabilityRuns {
            method: asked.method,
            runs: asked.runs,
            seed: asked.seed,
            drawn: match asked.method {
                Resampling::Subset => n / 2,
                Resampling::Boot => n,
            },
        }),
        sensitivity,
    }
}

/// Table 5's rows: size, words both ways, typical posts.
fn describe(
    indexed: &Indexed,
    all: &Vectors,
    labels: &[usize],
    k: usize,
    config: &ClustersConfig,
    ids: &[&str],
    texts: &[&str],
) -> Vec<Cluster> {
    let centroids = words::centroids(all, labels, k);
    let distinctive = words::distinctive(all, indexed, labels, k, config.top_words);
    let typical = words::typical(all, labels, &centroids, TYPICAL_POSTS);
    (0..k)
        .map(|c| {
            let by_mean = words::top_by_mean(centroids.row(c), indexed, config.top_words);
            Cluster {
                id: c + 1,
                size: labels.iter().filter(|&&label| label == c).count(),
                top_words: by_mean.iter().map(|w| w.term.clone()).collect(),
                by_mean,
                distinctive: distinctive[c].clone(),
                typical: typical[c]
                    .iter()
                    .map(|&i| Typical {
                        id: ids[all.documents[i]].to_string(),
                        text: excerpt(texts[all.documents[i]]),
                    })
                    .collect(),
                stability: None,
            }
        })
        .collect()
}

fn excerpt(text: &str) -> String {
    let squeezed = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if squeezed.chars().count() <= EXCERPT_CHARS {
        squeezed
    } else {
        let cut: String = squeezed.chars().take(EXCERPT_CHARS).collect();
        format!("{cut}…")
    }
}

/// Above `max` rows, the `max` rows of smallest seeded hash of their document id, in corpus
/// order: the same documents whatever the thread count or the order of the file.
fn sample_rows(n: usize, max: usize, ids: &[&str], vectors: &Vectors) -> Option<Vec<usize>> {
    if n <= max || max < 2 {
        return None;
    }
    let mut keyed: Vec<(u64, usize)> = (0..n)
        .map(|i| (seeded_hash(ids[vectors.documents[i]]), i))
        .collect();
    keyed.sort_unstable();
    let mut rows: Vec<usize> = keyed[..max].iter().map(|&(_, i)| i).collect();
    rows.sort_unstable();
    Some(rows)
}

/// FNV-1a of the id, finished with the splitmix64 mixer and the sample seed.
fn seeded_hash(id: &str) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325 ^ SAMPLE_SEED;
    for b in id.bytes() {
        h = (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
    }
    h = (h ^ (h >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    h = (h ^ (h >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    h ^ (h >> 31)
}

/// The cluster (0-based) of the nearest centroid for every row.
fn nearest_centroid(all: &Vectors, centroids: &Array2<f64>) -> Vec<usize> {
    use rayon::prelude::*;
    let squares = words::squared_norms(centroids);
    (0..all.len())
        .into_par_iter()
        .map(|i| {
            let (terms, weights) = all.row(i);
            let distance = |c: usize| {
                let centroid = centroids.row(c);
                let dot: f64 = terms
                    .iter()
                    .zip(weights)
                    .map(|(&t, &w)| w * centroid[t as usize])
                    .sum();
                all.squares[i] - 2.0 * dot + squares[c]
            };
            (0..centroids.nrows())
                .map(|c| (distance(c), c))
                .min_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)))
                .map_or(0, |(_, c)| c)
        })
        .collect()
}
