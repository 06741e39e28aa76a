//! The text sections of the pages: terms (Table 3), n-grams (Table 4), associations and
//! collocations, each with its CSV and chart.
//!
//! Tables show the configured top rows; CSV files hold the full lists of `report.json`.
//! Terms are written as `countri (country)`: the stem, with the word it most often stands for.

use super::{cell, columns, source_of, Chart, CsvTable, Section, Table, View};
use crate::config::TermSort;
use crate::format::{real, thousands};
use crate::render::charts::{ChartSpec, HorizontalBars, LabelledBar};
use crate::report::Report;
use crate::text::associations::Association;
use crate::text::collocations::Collocations;
use crate::text::terms::NgramStat;
use crate::text::TextReport;

/// Adds the text sections to the view.
pub(super) fn text_sections(report: &Report, text: &TextReport, view: &mut View) {
    let source = source_of(report, "corpus");
    terms_section(text, &source, view);
    ngrams_section(text, &source, view);
    if let Some(associations) = &text.associations {
        associations_section(text, associations, &source, view);
    }
    if let Some(collocations) = &text.collocations {
        collocations_section(text, collocations, &source, view);
    }
    posts_section(text, &source, view);
}

/// How many authors the page lists; the CSV lists them all.
const AUTHORS_SHOWN: usize = 20;

/// Posts per author and the posts of most interactions, when the export has them.
fn posts_section(text: &TextReport, source: &str, view: &mut View) {
    let corpus = &text.corpus;
    let mut tables = Vec::new();
    if !corpus.authors.is_empty() {
        tables.push(authors_table(corpus, source, view));
    }
    if !corpus.top_posts.is_empty() {
        tables.push(top_posts_table(corpus, source, view));
    }
    if tables.is_empty() {
        return;
    }
    view.page.sections.push(Section {
        id: "posts".into(),
        heading: "Authors and interactions".into(),
        paragraphs: vec![
            "Posts with text, by the author the export names; interactions are the export's \
             own count (for CrowdTangle, Total Interactions: reactions, comments and shares)."
                .into(),
        ],
        tables,
        charts: Vec::new(),
    });
}

/// Posts (and interactions, when counted) per author: the top ones on the page, all in the CSV.
fn authors_table(corpus: &crate::text::CorpusStats, source: &str, view: &mut View) -> Table {
    let counted = corpus.authors.iter().any(|a| a.interactions.is_some());
    let mut headings = vec![("Author", false), ("Posts", true)];
    if counted {
        headings.push(("Interactions", true));
    }
    let shown = &corpus.authors[..corpus.authors.len().min(AUTHORS_SHOWN)];
    let table = Table {
        id: "authors".into(),
        caption: format!(
            "Posts by author (top {} of {})",
            shown.len(),
            thousands(corpus.authors.len() as u64)
        ),
        source: source.to_string(),
        columns: columns(&headings),
        rows: shown
            .iter()
            .map(|a| {
                let mut row = vec![cell(a.author.clone()), cell(thousands(a.posts))];
                if counted {
                    row.push(cell(a.interactions.map(thousands).unwrap_or_default()));
                }
                row
            })
            .collect(),
        csv: "tables/authors.csv".into(),
        notes: Vec::new(),
    };
    view.csv.push(CsvTable {
        file: table.csv.clone(),
        header: ["author", "posts", "interactions"]
            .map(String::from)
            .to_vec(),
        rows: corpus
            .authors
            .iter()
            .map(|a| {
                let interactions = a.interactions.map(|n| n.to_string());
                vec![
                    a.author.clone(),
                    a.posts.to_string(),
                    interactions.unwrap_or_default(),
                ]
            })
            .collect(),
    });
    table
}

/// The posts of most interactions, with the start of their text.
fn top_posts_table(corpus: &crate::text::CorpusStats, source: &str, view: &mut View) -> Table {
    let table = Table {
        id: "top-posts".into(),
        caption: format!("The {} posts of most interactions", corpus.top_posts.len()),
        source: source.to_string(),
        columns: columns(&[
            ("Date", false),
            ("Author", false),
            ("Interactions", true),
            ("Post", false),
        ]),
        rows: corpus
            .top_posts
            .iter()
            .map(|p| {
                vec![
                    cell(p.date.clone().unwrap_or_default()),
                    cell(p.author.clone().unwrap_or_default()),
                    cell(thousands(p.interactions)),
                    cell(p.excerpt.clone()),
                ]
            })
            .collect(),
        csv: "tables/top-posts.csv".into(),
        notes: Vec::new(),
    };
    view.csv.push(CsvTable {
        file: table.csv.clone(),
        header: ["id", "date", "author", "interactions", "excerpt"]
            .map(String::from)
            .to_vec(),
        rows: corpus
            .top_posts
            .iter()
            .map(|p| {
                vec![
                    p.id.clone(),
                    p.date.clone().unwrap_or_default(),
                    p.author.clone().unwrap_or_default(),
                    p.interactions.to_string(),
                    p.excerpt.clone(),
                ]
            })
            .collect(),
    });
    table
}

fn shown(term: &str, form: &str) -> String {
    if form.is_empty() || form == term {
        term.to_string()
    } else {
        format!("{term} ({form})")
    }
}

fn order_words(sort: TermSort) -> &'static str {
    match sort {
        TermSort::Support => "by support, then count, then term",
        TermSort::Count => "by count, then support, then term",
    }
}

fn sort_value(sort: TermSort, count: u64, support: u64) -> u64 {
    match sort {
        TermSort::Support => support,
        TermSort::Count => count,
    }
}

fn terms_section(text: &TextReport, source: &str, view: &mut View) {
    let settings = &text.text_settings;
    let corpus = &text.corpus;
    let mut paragraphs: Vec<String> = corpus.description.iter().cloned().collect();
    paragraphs.push(format!(
        "The corpus has {} posts with text; after stopwords and tokens without a letter are \
         removed, {} tokens remain, of {} distinct stems (language: {}).",
        thousands(corpus.documents as u64),
        thousands(corpus.tokens),
        thousands(corpus.vocabulary as u64),
        match corpus.language {
            crate::config::Language::En => "English",
            crate::config::Language::Ru => "Russian",
        }
    ));
    if !corpus.empty_texts.is_empty() {
        let empty = corpus.empty_texts.len();
        paragraphs.push(format!(
            "{} {} no text and {} left out of every analysis (their ids are in report.json).",
            thousands(empty as u64),
            if empty == 1 { "post has" } else { "posts have" },
            if empty == 1 { "is" } else { "are" },
        ));
    }
    paragraphs.push(format!(
        "A term is a stem, shown with the word it most often stands for, as in countri \
         (country). Count: occurrences in the corpus; support: posts containing the term. \
         Sorted {}.",
        order_words(settings.sort)
    ));
    let top = &text.terms[..text.terms.len().min(settings.top)];
    let table = Table {
        id: "table3".into(),
        caption: format!(
            "Table 3: Most frequent terms (top {} of {})",
            top.len(),
            thousands(text.terms.len() as u64)
        ),
        source: source.to_string(),
        columns: columns(&[
            ("Rank", true),
            ("Term", false),
            ("Count", true),
            ("Support", true),
        ]),
        rows: top
            .iter()
            .enumerate()
            .map(|(i, t)| {
                vec![
                    cell((i + 1).to_string()),
                    cell(shown(&t.term, &t.form)),
                    cell(thousands(t.count)),
                    cell(thousands(t.support)),
                ]
            })
            .collect(),
        csv: "tables/table3-terms.csv".into(),
        notes: Vec::new(),
    };
    view.csv.push(CsvTable {
        file: table.csv.clone(),
        header: ["rank", "term", "form", "count", "support"]
            .map(String::from)
            .to_vec(),
        rows: text
            .terms
            .iter()
            .enumerate()
            .map(|(i, t)| {
                vec![
                    (i + 1).to_string(),
                    t.term.clone(),
                    t.form.clone(),
                    t.count.to_string(),
                    t.support.to_string(),
                ]
            })
            .collect(),
    });
    let chart = top_chart(
        view,
        ("charts/table3-terms.svg", "terms", "Table 3"),
        top.iter()
            .map(|t| (shown(&t.term, &t.form), t.count, t.support))
            .collect(),
        settings.sort,
        source,
    );
    view.page.sections.push(Section {
        id: "terms".into(),
        heading: "Terms".into(),
        paragraphs,
        tables: vec![table],
        charts: vec![chart],
    });
}

/// A bar chart of a top list by its sort key; `(file, what, table)` name it.
fn top_chart(
    view: &mut View,
    (file, what, table): (&str, &str, &str),
    rows: Vec<(String, u64, u64)>,
    sort: TermSort,
    source: &str,
) -> Chart {
    let title = format!("The {} most frequent {what}", rows.len());
    let bars = rows
        .into_iter()
        .map(|(label, count, support)| LabelledBar {
            label,
            value: sort_value(sort, count, support) as f64,
            text: thousands(sort_value(sort, count, support)),
        })
        .collect();
    let chart = HorizontalBars {
        title,
        x_label: metric_label(sort).into(),
        bars,
        source: source.to_string(),
    };
    let alt = format!("Horizontal bar chart of the most frequent {what}, from {table}");
    bar_chart(view, file, chart, &alt)
}

fn metric_label(sort: TermSort) -> &'static str {
    match sort {
        TermSort::Support => "Support: posts containing the term",
        TermSort::Count => "Count: occurrences in the corpus",
    }
}

fn bar_chart(view: &mut View, file: &str, chart: HorizontalBars, alt: &str) -> Chart {
    view.charts
        .push((file.to_string(), ChartSpec::Horizontal(chart)));
    Chart {
        file: file.to_string(),
        alt: alt.to_string(),
    }
}

fn words_of(n: usize) -> String {
    match n {
        1 => "One-word".into(),
        2 => "Two-word".into(),
        3 => "Three-word".into(),
        4 => "Four-word".into(),
        5 => "Five-word".into(),
        6 => "Six-word".into(),
        n => format!("{n}-word"),
    }
}

fn ngrams_section(text: &TextReport, source: &str, view: &mut View) {
    let settings = &text.text_settings;
    let mut section = Section {
        id: "ngrams".into(),
        heading: "Multi-word terms".into(),
        paragraphs: vec![format!(
            "An n-word term is n consecutive stems of one post, once stopwords are removed \
             (so \"human rights of people\" gives \"human right\" and \"right peopl\"). Count \
             and support as for terms; sorted {}. Terms found in only one post are counted but \
             not listed.",
            order_words(settings.sort)
        )],
        tables: Vec::new(),
        charts: Vec::new(),
    };
    for (n, list) in &text.ngrams.0 {
        let types = text.corpus.ngram_types.iter().find(|t| t.n == *n);
        let distinct = types.map_or(list.len(), |t| t.distinct);
        let top = &list[..list.len().min(settings.top)];
        let name = if *n == 2 {
            "Table 4: Most frequent two-word terms".to_string()
        } else {
            format!("Most frequent {} terms", words_of(*n).to_lowercase())
        };
        let csv = format!("tables/ngrams-{n}.csv");
        section.tables.push(Table {
            id: format!("ngrams-{n}"),
            caption: format!(
                "{name} (top {} of {} in two posts or more; {} in all)",
                top.len(),
                thousands(list.len() as u64),
                thousands(distinct as u64)
            ),
            source: source.to_string(),
            columns: columns(&[
                ("Rank", true),
                ("Term", false),
                ("Count", true),
                ("Support", true),
            ]),
            rows: ranked_rows(top),
            csv: csv.clone(),
            notes: Vec::new(),
        });
        view.csv.push(ngram_csv(&csv, list));
        if *n == 2 && !top.is_empty() {
            section.charts.push(top_chart(
                view,
                ("charts/table4-bigrams.svg", "two-word terms", "Table 4"),
                top.iter()
                    .map(|t| (t.term.clone(), t.count, t.support))
                    .collect(),
                settings.sort,
                source,
            ));
        }
    }
    view.page.sections.push(section);
}

fn ranked_rows(list: &[NgramStat]) -> Vec<Vec<super::TableCell>> {
    list.iter()
        .enumerate()
        .map(|(i, t)| {
            vec![
                cell((i + 1).to_string()),
                cell(t.term.clone()),
                cell(thousands(t.count)),
                cell(thousands(t.support)),
            ]
        })
        .collect()
}

fn ngram_csv(file: &str, list: &[NgramStat]) -> CsvTable {
    CsvTable {
        file: file.to_string(),
        header: ["rank", "term", "count", "support"]
            .map(String::from)
            .to_vec(),
        rows: list
            .iter()
            .enumerate()
            .map(|(i, t)| {
                vec![
                    (i + 1).to_string(),
                    t.term.clone(),
                    t.count.to_string(),
                    t.support.to_string(),
                ]
            })
            .collect(),
    }
}

fn associations_section(
    text: &TextReport,
    associations: &[Association],
    source: &str,
    view: &mut View,
) {
    let settings = &text.text_settings;
    let top = settings.associations_top.unwrap_or(10);
    let min_r = settings.min_r.unwrap_or(0.0);
    let mut section = Section {
        id: "associations".into(),
        heading: "Word associations".into(),
        paragraphs: vec![format!(
            "For each term, the Pearson correlation of its count in each post with every other \
             term's, over all {} posts (as R's tm::findAssocs): the terms at r ≥ {} are listed, \
             at most {top} here, r to two decimals (unrounded in report.json and the CSV).",
            thousands(text.corpus.documents as u64),
            real(min_r, 2)
        )],
        tables: Vec::new(),
        charts: Vec::new(),
    };
    for (index, association) in associations.iter().enumerate() {
        let shown_target = shown(&association.term, &association.form);
        let listed = &association.related[..association.related.len().min(top)];
        let mut notes = Vec::new();
        if !association.found {
            notes.push(format!(
                "The term {} does not occur in the corpus.",
                association.term
            ));
        } else if listed.is_empty() {
            notes.push(format!("No term reaches r = {}.", real(min_r, 2)));
        }
        section.tables.push(Table {
            id: format!("associations-{}", index + 1),
            caption: format!("Terms associated with {shown_target}"),
            source: source.to_string(),
            columns: columns(&[("Term", false), ("r", true)]),
            rows: listed
                .iter()
                .map(|r| vec![cell(shown(&r.term, &r.form)), cell(real(r.r, 2))])
                .collect(),
            csv: "tables/associations.csv".into(),
            notes,
        });
        if !listed.is_empty() {
            let bars = listed
                .iter()
                .map(|r| LabelledBar {
                    label: shown(&r.term, &r.form),
                    value: r.r,
                    text: real(r.r, 2),
                })
                .collect();
            section.charts.push(bar_chart(
                view,
                &format!("charts/associations-{}.svg", index + 1),
                HorizontalBars {
                    title: format!("Terms associated with {shown_target}"),
                    x_label: "Pearson r of counts per post".into(),
                    bars,
                    source: source.to_string(),
                },
                &format!("Horizontal bar chart of the terms correlated with {shown_target}"),
            ));
        }
    }
    view.csv.push(CsvTable {
        file: "tables/associations.csv".into(),
        header: ["term", "related", "form", "r"].map(String::from).to_vec(),
        rows: associations
            .iter()
            .flat_map(|a| {
                a.related.iter().map(|r| {
                    vec![
                        a.term.clone(),
                        r.term.clone(),
                        r.form.clone(),
                        r.r.to_string(),
                    ]
                })
            })
            .collect(),
    });
    view.page.sections.push(section);
}

fn collocations_section(
    text: &TextReport,
    collocations: &Collocations,
    source: &str,
    view: &mut View,
) {
    let top = text.text_settings.collocations_top.unwrap_or(20);
    let pairs = &collocations.pairs[..collocations.pairs.len().min(top)];
    let keyword = if collocations.stem == collocations.keyword {
        collocations.keyword.clone()
    } else {
        format!("{} (stem {})", collocations.keyword, collocations.stem)
    };
    let pairs_table = Table {
        id: "collocation-pairs".into(),
        caption: format!(
            "Two-word terms with {keyword}: top {} of {}",
            pairs.len(),
            thousands(collocations.pairs.len() as u64)
        ),
        source: source.to_string(),
        columns: columns(&[
            ("Rank", true),
            ("Term", false),
            ("Count", true),
            ("Support", true),
        ]),
        rows: ranked_rows(pairs),
        csv: "tables/collocations.csv".into(),
        notes: Vec::new(),
    };
    view.csv
        .push(ngram_csv("tables/collocations.csv", &collocations.pairs));
    let context_table = Table {
        id: "keyword-in-context".into(),
        caption: format!(
            "{keyword} in context: the first {} posts that use it",
            collocations.contexts.len()
        ),
        source: source.to_string(),
        columns: columns(&[
            ("Post", false),
            ("Date", false),
            ("Before", true),
            ("Keyword", false),
            ("After", false),
        ]),
        rows: collocations
            .contexts
            .iter()
            .map(|c| {
                vec![
                    cell(c.id.clone()),
                    cell(c.date.clone().unwrap_or_default()),
                    cell(c.before.clone()),
                    cell(c.keyword.clone()),
                    cell(c.after.clone()),
                ]
            })
            .collect(),
        csv: "tables/keyword-in-context.csv".into(),
        notes: Vec::new(),
    };
    view.csv.push(CsvTable {
        file: "tables/keyword-in-context.csv".into(),
        header: ["id", "date", "before", "keyword", "after"]
            .map(String::from)
            .to_vec(),
        rows: collocations
            .contexts
            .iter()
            .map(|c| {
                vec![
                    c.id.clone(),
                    c.date.clone().unwrap_or_default(),
                    c.before.clone(),
                    c.keyword.clone(),
                    c.after.clone(),
                ]
            })
            .collect(),
    });
    view.page.sections.push(Section {
        id: "collocations".into(),
        heading: format!("Collocations of {}", collocations.keyword),
        paragraphs: vec![format!(
            "Every two-word term that contains {keyword}, with count and support as in Table 4, \
             and the keyword in the words of the posts (shown as written, white space made one \
             space)."
        )],
        tables: vec![pairs_table, context_table],
        charts: Vec::new(),
    });
}
