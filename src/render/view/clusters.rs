//! The clustering section: Table 5 both ways, typical posts, the dendrogram and the choice
//! of k, each with its CSV, and the cluster of every post.

use super::{Chart, Section};
use crate::cluster::choice::KChoice;
use crate::cluster::sensitivity::VariantResult;
use crate::cluster::words::ScoredWord;
use crate::cluster::{Cluster, ClustersReport};
use crate::config::{Normalize, Resampling, Weighting};
use crate::format::{real, thousands};
use crate::load::InputKind;
use crate::render::charts::{ChartSpec, Dendrogram, KDiagnostics};
use crate::render::table::{CsvTable, Table, TableSpec};
use crate::report::Report;

/// The mean silhouette under which Kaufman and Rousseeuw find no substantial structure.
const WELL_SEPARATED: f64 = 0.25;

/// The clustering section, when the report clustered the posts.
pub(super) fn clusters_section(report: &Report) -> Option<Section> {
    let clusters = report.clusters.as_ref()?;
    let source = super::source_of(report, InputKind::Corpus);
    let mut table5 = TableSpec::<Cluster>::new("tables/table5-clusters.csv")
        .number("Cluster", "cluster", |c| c.id.to_string())
        .count("Size", "size", |c| c.size as u64);
    if let Some(runs) = &clusters.stability {
        let of_runs = runs.runs;
        table5 = table5
            .number("Stability (mean Jaccard)", "stability", |c| {
                c.stability
                    .as_ref()
                    .map_or(String::new(), |s| real(s.mean_jaccard, 2))
            })
            .raw(|c| {
                c.stability
                    .as_ref()
                    .map_or(String::new(), |s| s.mean_jaccard.to_string())
            })
            .number("Dissolved (runs)", "dissolved", move |c| {
                c.stability
                    .as_ref()
                    .map_or(String::new(), |s| format!("{} of {of_runs}", s.dissolved))
            })
            .raw(|c| {
                c.stability
                    .as_ref()
                    .map_or(String::new(), |s| s.dissolved.to_string())
            });
    }
    let table5 = table5
        .text("Top words by mean weight", "top_words", |c| {
            words(&c.by_mean)
        })
        .raw(|c| joined(&c.by_mean))
        .text("Distinctive words (log-odds z)", "distinctive_words", |c| {
            words(&c.distinctive)
        })
        .raw(|c| joined(&c.distinctive));
    let table5_caption = format!(
        "{} clusters of {} posts, with their top words",
        clusters.k,
        thousands(clusters.documents as u64)
    );
    let typical: Vec<(usize, &str, &str)> = clusters
        .clusters
        .iter()
        .flat_map(|c| {
            c.typical
                .iter()
                .map(move |t| (c.id, t.id.as_str(), t.text.as_str()))
        })
        .collect();
    let typical_spec = TableSpec::<(usize, &str, &str)>::new("tables/cluster-typical-posts.csv")
        .number("Cluster", "cluster", |(c, _, _)| c.to_string())
        .text("Post", "id", |(_, id, _)| id.to_string())
        .nowrap()
        .text("Text", "text", |(_, _, text)| text.to_string());
    let typical_caption = "The most typical posts of each cluster (closest to its centroid)";
    let (choice, choice_csv) = choice_table(clusters, &source);
    let table5_table = table5.table("table5", table5_caption, &source, &clusters.clusters);
    let section = Section::new("clusters", "Clusters", paragraphs(clusters))
        .with_table(table5_table.paper(5))
        .with_csv(table5.csv(&clusters.clusters))
        .with_chart(dendrogram(clusters, &source))
        .with_table(typical_spec.table("typical-posts", typical_caption, &source, &typical))
        .with_csv(typical_spec.csv(&typical))
        .with_table(choice)
        .with_csv(choice_csv)
        .with_chart(choice_chart(clusters, &source));
    let section = match sensitivity_table(clusters, &source) {
        Some((table, csv)) => section.with_table(table).with_csv(csv),
        None => section,
    };
    Some(section.with_csv(assignments(clusters)))
}

/// Hennig's reading of the stability figures, and how many clusters fall in each band.
fn stability_paragraph(clusters: &ClustersReport) -> Option<String> {
    let runs = clusters.stability.as_ref()?;
    let how = match runs.method {
        Resampling::Subset => format!(
            "{} posts drawn without replacement (half of those clustered)",
            thousands(runs.drawn as u64)
        ),
        Resampling::Boot => format!(
            "a bootstrap sample of {} draws, each post counted once",
            thousands(runs.drawn as u64)
        ),
    };
    let means: Vec<f64> = clusters
        .clusters
        .iter()
        .filter_map(|c| c.stability.as_ref().map(|s| s.mean_jaccard))
        .collect();
    let band = |low: f64, high: f64| means.iter().filter(|&&m| m > low && m <= high).count();
    Some(format!(
        "Stability: the posts were clustered again {} times (seed {}), each time {how}, with \
         the same vectors, linkage and k; each cluster's stability is the mean over the runs \
         of its best Jaccard similarity with a cluster of the run, on the posts the run holds \
         (clusterwise Jaccard, Hennig 2007, as R's fpc::clusterboot computes it), and a run \
         in which it is 0.5 or below counts as a dissolution. Hennig's reading, a rule of \
         thumb rather than a test: above 0.75 a stable cluster, 0.6 to 0.75 a pattern worth \
         noting but not to be trusted alone, below 0.6 doubtful, 0.5 or below dissolved. \
         Here {} of {} clusters are above 0.75, {} from 0.6 to 0.75, {} from 0.5 to 0.6 and \
         {} at 0.5 or below.",
        runs.runs,
        runs.seed,
        band(0.75, f64::INFINITY),
        means.len(),
        band(0.6, 0.75),
        band(0.5, 0.6),
        band(f64::NEG_INFINITY, 0.5),
    ))
}

/// The sensitivity table, when `clusters.sensitivity` lists variants.
fn sensitivity_table(clusters: &ClustersReport, source: &str) -> Option<(Table, CsvTable)> {
    if clusters.sensitivity.is_empty() {
        return None;
    }
    let k = clusters.k;
    let spec = TableSpec::<VariantResult>::new("tables/cluster-sensitivity.csv")
        .text("Variant", "variant", |v| v.change.clone())
        .count("Posts compared", "compared", |v| v.compared as u64)
        .number("Adjusted Rand index", "adjusted_rand", |v| {
            real(v.adjusted_rand, 3)
        })
        .raw(|v| v.adjusted_rand.to_string())
        .number("Clusters found again", "surviving", move |v| {
            format!("{} of {k}", v.surviving.len())
        })
        .raw(|v| v.surviving.len().to_string())
        .text("Those clusters (size in the variant)", "survivors", |v| {
            v.surviving
                .iter()
                .map(|s| format!("{} ({})", s.cluster, thousands(s.size as u64)))
                .collect::<Vec<_>>()
                .join(", ")
        })
        .raw(|v| {
            v.surviving
                .iter()
                .map(|s| format!("{}:{}", s.cluster, s.size))
                .collect::<Vec<_>>()
                .join(" ")
        });
    let caption = "Sensitivity: the clusters under other preprocessing";
    let rows = &clusters.sensitivity;
    let table = Table {
        notes: vec![
            "Each variant clusters the same posts again with one choice changed and the same k. \
             The adjusted Rand index compares the two partitions over the posts both cluster \
             (1: the same; about 0: no more alike than chance). A cluster is found again when \
             its best Jaccard similarity with a cluster of the variant is above 0.75."
                .into(),
        ],
        ..spec.table("cluster-sensitivity", caption, source, rows)
    };
    Some((table, spec.csv(rows)))
}

/// What the choice-of-k table says of the configured k, in plain words.
fn choice_note(choices: &[KChoice], k: usize) -> String {
    let best_silhouette = choices
        .iter()
        .max_by(|a, b| a.silhouette.total_cmp(&b.silhouette).then(b.k.cmp(&a.k)));
    // The largest jump in height: going from k to k − 1 clusters costs much more than from
    // k + 1 to k. Needs the next k, so the largest k measured has no gap.
    let best_gap = choices
        .windows(2)
        .max_by(|a, b| {
            let (gap_a, gap_b) = (a[0].height - a[1].height, b[0].height - b[1].height);
            gap_a.total_cmp(&gap_b).then(b[0].k.cmp(&a[0].k))
        })
        .map(|w| (w[0].k, w[1].height, w[0].height));
    let mut out = Vec::new();
    if let Some(best) = best_silhouette {
        if best.silhouette < WELL_SEPARATED {
            out.push(format!(
                "No k gives well-separated clusters: the highest mean silhouette is {} (k = {}), \
                 below {WELL_SEPARATED}, under which Kaufman and Rousseeuw (1990) find no \
                 substantial structure.",
                real(best.silhouette, 3),
                best.k
            ));
        }
    }
    if let Some((g, below, above)) = best_gap {
        out.push(format!(
            "The largest jump between successive merge heights is at k = {g} (from {} to {}).",
            real(below, 3),
            real(above, 3)
        ));
    }
    match (best_silhouette, best_gap) {
        (Some(s), Some((g, _, _))) if s.k != k && g != k => out.push(format!(
            "The configured k = {k} is the best by neither measure."
        )),
        (Some(s), Some((g, _, _))) => out.push(format!(
            "The configured k = {k} is {}.",
            match (s.k == k, g == k) {
                (true, true) => "the best by both measures",
                (true, false) => "the best by silhouette, not by the jump in height",
                _ => "the best by the jump in height, not by silhouette",
            }
        )),
        _ => {}
    }
    out.push("The report keeps the configured k.".into());
    out.join(" ")
}

fn paragraphs(clusters: &ClustersReport) -> Vec<String> {
    let weighting = match clusters.weighting {
        Weighting::Tf => "term counts",
        Weighting::Tfidf => "tf-idf weights (count × ln(N / support))",
    };
    let normalize = match clusters.normalize {
        Normalize::L2 => ", rows of unit length",
        Normalize::None => "",
    };
    let mut out = vec![format!(
        "Agglomerative clustering by Ward's method on Euclidean distances between the posts' \
         vectors of {weighting}{normalize}, over the {} terms found in at least {} posts; the \
         tree is cut into k = {} clusters, numbered in the order of their first post. Top words \
         are shown two ways: by mean weight in the cluster (as the paper lists them) and by \
         distinctiveness, the z-score of the log-odds ratio with an informative Dirichlet prior \
         (Monroe, Colaresi and Quinn 2008), which favours what sets a cluster apart.",
        thousands(clusters.terms as u64),
        clusters.min_support,
        clusters.k
    )];
    let excluded = clusters.excluded.len();
    out.push(format!(
        "{} posts are clustered.{}",
        thousands(clusters.documents as u64),
        if excluded == 0 {
            String::new()
        } else {
            format!(
                " {} {} no term left after weighting and {} not clustered; {} listed in \
                 tables/cluster-assignments.csv.",
                thousands(excluded as u64),
                if excluded == 1 {
                    "post has"
                } else {
                    "posts have"
                },
                if excluded == 1 { "is" } else { "are" },
                if excluded == 1 { "it is" } else { "they are" },
            )
        }
    ));
    if let Some(sample) = &clusters.sample {
        out.push(format!(
            "The corpus is larger than clusters.max_documents: a seeded sample of {} posts \
             (seed {}) was clustered, and the other {} posts were each assigned to the cluster \
             with the nearest centroid. Merges and the dendrogram are those of the sample.",
            thousands(sample.size as u64),
            sample.seed,
            thousands(sample.assigned as u64)
        ));
    }
    out.extend(stability_paragraph(clusters));
    if let (Some(kept), Some(cut)) = (clusters.cut.height_kept, clusters.cut.height_cut) {
        out.push(format!(
            "The cut lies between merge heights {} and {}{}",
            real(kept, 3),
            real(cut, 3),
            if clusters.cut.tied {
                ": these are tied, so another tool may cut the tie the other way and give \
                 different clusters."
            } else {
                "."
            }
        ));
    }
    out
}

fn words(list: &[ScoredWord]) -> String {
    list.iter()
        .map(|w| super::term_shown(&w.term, &w.form))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The terms of a list, as the CSV writes them: space-separated, without their forms.
fn joined(list: &[ScoredWord]) -> String {
    list.iter()
        .map(|w| w.term.as_str())
        .collect::<Vec<_>>()
        .join(" ")
}

fn choice_table(clusters: &ClustersReport, source: &str) -> (Table, CsvTable) {
    let k = clusters.k;
    let spec = TableSpec::<KChoice>::new("tables/choice-of-k.csv")
        .number("k", "k", |c| c.k.to_string())
        .number("Height of the merge to k − 1", "height", |c| {
            real(c.height, 3)
        })
        .raw(|c| c.height.to_string())
        .number("Mean silhouette", "silhouette", |c| real(c.silhouette, 3))
        .raw(|c| c.silhouette.to_string())
        .text("Note", "", move |c| {
            if c.k == k { "configured k" } else { "" }.to_string()
        })
        .page_only();
    let caption = "Choosing k: merge height and mean silhouette width of each cut";
    let table = Table {
        notes: vec![choice_note(&clusters.choice_of_k, clusters.k)],
        ..spec.table("choice-of-k", caption, source, &clusters.choice_of_k)
    };
    (table, spec.csv(&clusters.choice_of_k))
}

/// The cluster of every post, and the posts not clustered: a CSV with no table on the page.
fn assignments(clusters: &ClustersReport) -> CsvTable {
    let mut rows: Vec<(&str, String)> = clusters
        .assignments
        .iter()
        .map(|a| (a.id.as_str(), a.cluster.to_string()))
        .collect();
    rows.extend(
        clusters
            .excluded
            .iter()
            .map(|id| (id.as_str(), "not clustered".to_string())),
    );
    TableSpec::<(&str, String)>::new("tables/cluster-assignments.csv")
        .csv_only("id", |(id, _)| id.to_string())
        .csv_only("cluster", |(_, cluster)| cluster.clone())
        .csv(&rows)
}

fn dendrogram(clusters: &ClustersReport, source: &str) -> Chart {
    let cut = match (clusters.cut.height_kept, clusters.cut.height_cut) {
        (Some(kept), Some(cut)) => Some((kept + cut) / 2.0),
        _ => None,
    };
    Chart::new(
        "charts/dendrogram.svg",
        format!(
            "Dendrogram of the Ward clustering, drawn on its side with merge heights along the \
             bottom; each leaf is a group of posts labelled by its size and its cluster, \
             coloured by its cluster of the cut at k = {} (links above the cut in grey)",
            clusters.k
        ),
        ChartSpec::Dendrogram(Dendrogram {
            title: format!(
                "Ward dendrogram of {} posts, above the {}-cluster level",
                thousands(clusters.documents as u64),
                clusters.dendrogram.leaves.len()
            ),
            tree: clusters.dendrogram.clone(),
            cut,
            k: clusters.k,
            source: source.to_string(),
        }),
    )
}

fn choice_chart(clusters: &ClustersReport, source: &str) -> Chart {
    Chart::new(
        "charts/choice-of-k.svg",
        "Line charts of the merge height and the mean silhouette width for k from 2 to 20, with \
         the configured k marked",
        ChartSpec::KDiagnostics(KDiagnostics {
            title: "Choosing k: merge height and mean silhouette".into(),
            points: clusters
                .choice_of_k
                .iter()
                .map(|c| (c.k, c.height, c.silhouette))
                .collect(),
            k: clusters.k,
            source: source.to_string(),
        }),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn choices(rows: &[(usize, f64, f64)]) -> Vec<KChoice> {
        rows.iter()
            .map(|&(k, height, silhouette)| KChoice {
                k,
                height,
                silhouette,
            })
            .collect()
    }

    #[test]
    fn the_choice_of_k_is_said_plainly() {
        // Jumps: k = 2: 1.0, k = 3: 3.0 (the largest), k = 4: 0.5; silhouettes best at 4.
        let low = choices(&[
            (2, 9.0, 0.02),
            (3, 8.0, 0.03),
            (4, 5.0, 0.05),
            (5, 4.5, 0.01),
        ]);
        assert_eq!(
            choice_note(&low, 2),
            "No k gives well-separated clusters: the highest mean silhouette is 0.050 (k = 4), \
             below 0.25, under which Kaufman and Rousseeuw (1990) find no substantial \
             structure. The largest jump between successive merge heights is at k = 3 (from \
             5.000 to 8.000). The configured k = 2 is the best by neither measure. The report \
             keeps the configured k."
        );
        let high = choices(&[
            (2, 9.0, 0.30),
            (3, 8.0, 0.60),
            (4, 5.0, 0.40),
            (5, 4.5, 0.1),
        ]);
        assert_eq!(
            choice_note(&high, 3),
            "The largest jump between successive merge heights is at k = 3 (from 5.000 to \
             8.000). The configured k = 3 is the best by both measures. The report keeps the \
             configured k."
        );
        assert!(choice_note(&high, 4).contains("k = 4 is the best by neither measure"));
        let by_silhouette = choices(&[(2, 9.0, 0.1), (3, 8.0, 0.3), (4, 7.5, 0.2)]);
        assert!(choice_note(&by_silhouette, 3)
            .contains("k = 3 is the best by silhouette, not by the jump in height"));
    }
}
