//! The clustering section: Table 5 both ways, typical posts, the dendrogram and the choice
//! of k, each with its CSV.

use super::{cell, columns, source_of, Chart, CsvTable, Section, Table, View};
use crate::cluster::words::ScoredWord;
use crate::cluster::ClustersReport;
use crate::config::{Normalize, Weighting};
use crate::format::{real, thousands};
use crate::render::charts::{ChartSpec, Dendrogram, KDiagnostics};
use crate::report::Report;

/// Adds the clustering section to the view.
pub(super) fn clusters_section(report: &Report, clusters: &ClustersReport, view: &mut View) {
    let source = source_of(report, "corpus");
    let mut section = Section {
        id: "clusters".into(),
        heading: "Clusters".into(),
        paragraphs: paragraphs(clusters),
        tables: vec![
            table5(clusters, &source, view),
            typical(clusters, &source, view),
        ],
        charts: Vec::new(),
    };
    section.tables.push(choice_table(clusters, &source, view));
    assignments_csv(clusters, view);
    section.charts.push(dendrogram(clusters, &source, view));
    section.charts.push(choice_chart(clusters, &source, view));
    view.page.sections.push(section);
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

fn table5(clusters: &ClustersReport, source: &str, view: &mut View) -> Table {
    let table = Table {
        id: "table5".into(),
        caption: format!(
            "Table 5: {} clusters of {} posts, with their top words",
            clusters.k,
            thousands(clusters.documents as u64)
        ),
        source: source.to_string(),
        columns: columns(&[
            ("Cluster", true),
            ("Size", true),
            ("Top words by mean weight", false),
            ("Distinctive words (log-odds z)", false),
        ]),
        rows: clusters
            .clusters
            .iter()
            .map(|c| {
                vec![
                    cell(c.id.to_string()),
                    cell(thousands(c.size as u64)),
                    cell(words(&c.by_mean)),
                    cell(words(&c.distinctive)),
                ]
            })
            .collect(),
        csv: "tables/table5-clusters.csv".into(),
        notes: Vec::new(),
    };
    let joined = |list: &[ScoredWord]| {
        list.iter()
            .map(|w| w.term.as_str())
            .collect::<Vec<_>>()
            .join(" ")
    };
    view.csv.push(CsvTable {
        file: table.csv.clone(),
        header: ["cluster", "size", "top_words", "distinctive_words"]
            .map(String::from)
            .to_vec(),
        rows: clusters
            .clusters
            .iter()
            .map(|c| {
                vec![
                    c.id.to_string(),
                    c.size.to_string(),
                    joined(&c.by_mean),
                    joined(&c.distinctive),
                ]
            })
            .collect(),
    });
    table
}

fn typical(clusters: &ClustersReport, source: &str, view: &mut View) -> Table {
    let rows: Vec<(usize, &str, &str)> = clusters
        .clusters
        .iter()
        .flat_map(|c| {
            c.typical
                .iter()
                .map(move |t| (c.id, t.id.as_str(), t.text.as_str()))
        })
        .collect();
    let table = Table {
        id: "typical-posts".into(),
        caption: "The most typical posts of each cluster (closest to its centroid)".into(),
        source: source.to_string(),
        columns: columns(&[("Cluster", true), ("Post", false), ("Text", false)]),
        rows: rows
            .iter()
            .map(|(c, id, text)| vec![cell(c.to_string()), cell(*id), cell(*text)])
            .collect(),
        csv: "tables/cluster-typical-posts.csv".into(),
        notes: Vec::new(),
    };
    view.csv.push(CsvTable {
        file: table.csv.clone(),
        header: ["cluster", "id", "text"].map(String::from).to_vec(),
        rows: rows
            .iter()
            .map(|(c, id, text)| vec![c.to_string(), id.to_string(), text.to_string()])
            .collect(),
    });
    table
}

fn choice_table(clusters: &ClustersReport, source: &str, view: &mut View) -> Table {
    let table = Table {
        id: "choice-of-k".into(),
        caption: "Choosing k: merge height and mean silhouette width of each cut".into(),
        source: source.to_string(),
        columns: columns(&[
            ("k", true),
            ("Height of the merge to k − 1", true),
            ("Mean silhouette", true),
            ("", false),
        ]),
        rows: clusters
            .choice_of_k
            .iter()
            .map(|c| {
                vec![
                    cell(c.k.to_string()),
                    cell(real(c.height, 3)),
                    cell(real(c.silhouette, 3)),
                    cell(if c.k == clusters.k {
                        "configured k"
                    } else {
                        ""
                    }),
                ]
            })
            .collect(),
        csv: "tables/choice-of-k.csv".into(),
        notes: vec![
            "The report keeps the configured k; a large gap in height before k, or a high \
             silhouette at k, supports it."
                .into(),
        ],
    };
    view.csv.push(CsvTable {
        file: table.csv.clone(),
        header: ["k", "height", "silhouette"].map(String::from).to_vec(),
        rows: clusters
            .choice_of_k
            .iter()
            .map(|c| {
                vec![
                    c.k.to_string(),
                    c.height.to_string(),
                    c.silhouette.to_string(),
                ]
            })
            .collect(),
    });
    table
}

fn assignments_csv(clusters: &ClustersReport, view: &mut View) {
    let mut rows: Vec<Vec<String>> = clusters
        .assignments
        .iter()
        .map(|a| vec![a.id.clone(), a.cluster.to_string()])
        .collect();
    rows.extend(
        clusters
            .excluded
            .iter()
            .map(|id| vec![id.clone(), "not clustered".into()]),
    );
    view.csv.push(CsvTable {
        file: "tables/cluster-assignments.csv".into(),
        header: ["id", "cluster"].map(String::from).to_vec(),
        rows,
    });
}

fn dendrogram(clusters: &ClustersReport, source: &str, view: &mut View) -> Chart {
    let file = "charts/dendrogram.svg".to_string();
    let cut = match (clusters.cut.height_kept, clusters.cut.height_cut) {
        (Some(kept), Some(cut)) => Some((kept + cut) / 2.0),
        _ => None,
    };
    view.charts.push((
        file.clone(),
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
    ));
    Chart {
        file,
        alt: format!(
            "Dendrogram of the Ward clustering; each leaf is a group of posts labelled by its \
             size, coloured by its cluster of the cut at k = {}",
            clusters.k
        ),
    }
}

fn choice_chart(clusters: &ClustersReport, source: &str, view: &mut View) -> Chart {
    let file = "charts/choice-of-k.svg".to_string();
    view.charts.push((
        file.clone(),
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
    ));
    Chart {
        file,
        alt: "Line charts of the merge height and the mean silhouette width for k from 2 to 20, \
              with the configured k marked"
            .into(),
    }
}
