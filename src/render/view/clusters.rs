//! The clustering section: Table 5 both ways, typical posts, the dendrogram and the choice
//! of k, each with its CSV, and the cluster of every post.

use super::{Chart, Section};
use crate::cluster::choice::KChoice;
use crate::cluster::words::ScoredWord;
use crate::cluster::{Cluster, ClustersReport};
use crate::config::{Normalize, Weighting};
use crate::format::{real, thousands};
use crate::load::InputKind;
use crate::render::charts::{ChartSpec, Dendrogram, KDiagnostics};
use crate::render::table::{CsvTable, Table, TableSpec};
use crate::report::Report;

/// The clustering section, when the report clustered the posts.
pub(super) fn clusters_section(report: &Report) -> Option<Section> {
    let clusters = report.clusters.as_ref()?;
    let source = super::source_of(report, InputKind::Corpus);
    let table5 = TableSpec::<Cluster>::new("tables/table5-clusters.csv")
        .number("Cluster", "cluster", |c| c.id.to_string())
        .count("Size", "size", |c| c.size as u64)
        .text("Top words by mean weight", "top_words", |c| {
            words(&c.by_mean)
        })
        .raw(|c| joined(&c.by_mean))
        .text("Distinctive words (log-odds z)", "distinctive_words", |c| {
            words(&c.distinctive)
        })
        .raw(|c| joined(&c.distinctive));
    let table5_caption = format!(
        "Table 5: {} clusters of {} posts, with their top words",
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
        .text("Text", "text", |(_, _, text)| text.to_string());
    let typical_caption = "The most typical posts of each cluster (closest to its centroid)";
    let (choice, choice_csv) = choice_table(clusters, &source);
    let section = Section::new("clusters", "Clusters", paragraphs(clusters))
        .with_table(table5.table("table5", table5_caption, &source, &clusters.clusters))
        .with_csv(table5.csv(&clusters.clusters))
        .with_table(typical_spec.table("typical-posts", typical_caption, &source, &typical))
        .with_csv(typical_spec.csv(&typical))
        .with_table(choice)
        .with_csv(choice_csv)
        .with_csv(assignments(clusters))
        .with_chart(dendrogram(clusters, &source))
        .with_chart(choice_chart(clusters, &source));
    Some(section)
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
        .map(|w| {
            if w.form.is_empty() || w.form == w.term {
                w.term.clone()
            } else {
                format!("{} ({})", w.term, w.form)
            }
        })
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
        .text("", "", move |c| {
            if c.k == k { "configured k" } else { "" }.to_string()
        })
        .page_only();
    let caption = "Choosing k: merge height and mean silhouette width of each cut";
    let table = Table {
        notes: vec![
            "The report keeps the configured k; a large gap in height before k, or a high \
             silhouette at k, supports it."
                .into(),
        ],
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
    Chart {
        file: "charts/dendrogram.svg".into(),
        alt: format!(
            "Dendrogram of the Ward clustering; each leaf is a group of posts labelled by its \
             size, coloured by its cluster of the cut at k = {}",
            clusters.k
        ),
        downloads: Vec::new(),
        spec: ChartSpec::Dendrogram(Dendrogram {
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
    }
}

fn choice_chart(clusters: &ClustersReport, source: &str) -> Chart {
    Chart {
        file: "charts/choice-of-k.svg".into(),
        alt: "Line charts of the merge height and the mean silhouette width for k from 2 to 20, \
              with the configured k marked"
            .into(),
        downloads: Vec::new(),
        spec: ChartSpec::KDiagnostics(KDiagnostics {
            title: "Choosing k: merge height and mean silhouette".into(),
            points: clusters
                .choice_of_k
                .iter()
                .map(|c| (c.k, c.height, c.silhouette))
                .collect(),
            k: clusters.k,
            source: source.to_string(),
        }),
    }
}
