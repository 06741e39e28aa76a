//! The text sections of the pages: terms (Table 3), n-grams (Table 4), associations and
//! collocations, each with its CSV and chart, and the posts by author and by interactions.
//!
//! Tables show the configured top rows; CSV files hold the full lists of `report.json`.
//! Terms and n-grams are written as `country (countri)`: the words they most often stand for,
//! with the stem beside them.

use super::{optional, raw, source_of, Chart, Section};
use crate::authors::{AuthorPosts, TopPost};
use crate::config::{Language, TermSort};
use crate::format::{real, thousands};
use crate::load::InputKind;
use crate::render::charts::{ChartSpec, HorizontalBars, LabelledBar};
use crate::render::table::{Table, TableSpec};
use crate::report::Report;
use crate::text::associations::{Association, Related};
use crate::text::collocations::{Collocations, Context};
use crate::text::{CorpusStats, TextReport};

/// The text sections, in page order; none without a corpus.
pub(super) fn text_sections(report: &Report) -> Vec<Section> {
    let Some(text) = &report.text else {
        return Vec::new();
    };
    let source = source_of(report, InputKind::Corpus);
    let mut sections = vec![terms_section(text, &source), ngrams_section(text, &source)];
    if let Some(associations) = &text.associations {
        sections.push(associations_section(text, associations, &source));
    }
    if let Some(collocations) = &text.collocations {
        sections.push(collocations_section(text, collocations, &source));
    }
    sections.extend(posts_section(&text.corpus, &source));
    sections
}

/// How many authors the page lists; the CSV lists them all.
const AUTHORS_SHOWN: usize = 20;

/// Posts per author and the posts of most interactions, when the export has them.
fn posts_section(corpus: &CorpusStats, source: &str) -> Option<Section> {
    if corpus.authors.is_empty() && corpus.top_posts.is_empty() {
        return None;
    }
    let mut section = Section::new(
        "posts",
        "Authors and interactions",
        vec![
            "Posts with text, by the author the export names; interactions are the export's \
             own count (for CrowdTangle, Total Interactions: reactions, comments and shares)."
                .into(),
        ],
    );
    if !corpus.authors.is_empty() {
        let counted = corpus.authors.iter().any(|a| a.interactions.is_some());
        let spec = TableSpec::<AuthorPosts>::new("tables/authors.csv")
            .text("Author", "author", |a| a.author.clone())
            .count("Posts", "posts", |a| a.posts)
            .number("Interactions", "interactions", |a| optional(a.interactions))
            .raw(|a| raw(a.interactions))
            .on_page(counted);
        let shown = &corpus.authors[..corpus.authors.len().min(AUTHORS_SHOWN)];
        let caption = format!(
            "Posts by author (top {} of {})",
            shown.len(),
            thousands(corpus.authors.len() as u64)
        );
        section = section
            .with_table(spec.table("authors", caption, source, shown))
            .with_csv(spec.csv(&corpus.authors));
    }
    if !corpus.top_posts.is_empty() {
        let spec = TableSpec::<TopPost>::new("tables/top-posts.csv")
            .csv_only("id", |p| p.id.clone())
            .text("Date", "date", |p| raw(p.date))
            .nowrap()
            .text("Author", "author", |p| p.author.clone().unwrap_or_default())
            .count("Interactions", "interactions", |p| p.interactions)
            .text("Post", "excerpt", |p| p.excerpt.clone());
        let caption = format!("The {} posts of most interactions", corpus.top_posts.len());
        section = section
            .with_table(spec.table("top-posts", caption, source, &corpus.top_posts))
            .with_csv(spec.csv(&corpus.top_posts));
    }
    Some(section)
}

fn shown(term: &str, form: &str) -> String {
    super::term_shown(term, form)
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

/// A row of a ranked list of terms (Table 3, Table 4, the collocations), with the words it
/// most often stands for.
struct RankedTerm<'a> {
    rank: usize,
    term: &'a str,
    form: &'a str,
    count: u64,
    support: u64,
}

/// The rows of a ranked list; `fields` gives each item's term, form, count and support.
fn ranked_terms<'a, T>(
    list: &'a [T],
    fields: impl Fn(&'a T) -> (&'a str, &'a str, u64, u64),
) -> Vec<RankedTerm<'a>> {
    list.iter()
        .enumerate()
        .map(|(i, item)| {
            let (term, form, count, support) = fields(item);
            RankedTerm {
                rank: i + 1,
                term,
                form,
                count,
                support,
            }
        })
        .collect()
}

/// Rank, term, count and support; the CSV also has the words each term stands for.
fn ranked_spec<'r>(file: impl Into<String>) -> TableSpec<'static, RankedTerm<'r>> {
    TableSpec::new(file)
        .number("Rank", "rank", |t: &RankedTerm<'r>| t.rank.to_string())
        .text("Term", "term", |t| shown(t.term, t.form))
        .raw(|t| t.term.to_string())
        .csv_only("form", |t| t.form.to_string())
        .count("Count", "count", |t| t.count)
        .count("Support", "support", |t| t.support)
}

/// The corpus's languages: `language: English`, or the posts per language and how each
/// post's language was known.
fn languages_said(corpus: &CorpusStats) -> String {
    if corpus.languages.len() < 2 {
        return format!("language: {}", corpus.language.name());
    }
    let parts: Vec<String> = corpus
        .languages
        .iter()
        .map(|l| {
            let mut how = Vec::new();
            if l.given > 0 {
                how.push(format!(
                    "{} by the language column",
                    thousands(l.given as u64)
                ));
            }
            if l.detected > 0 {
                how.push(format!("{} detected", thousands(l.detected as u64)));
            }
            let how = if how.is_empty() {
                String::new()
            } else {
                format!(": {}", how.join(", "))
            };
            format!("{} {}{how}", thousands(l.posts as u64), l.language.name())
        })
        .collect();
    let mut said = format!("posts by language: {}", parts.join("; "));
    if corpus.undetermined_language > 0 {
        said.push_str(&format!(
            "; {} could not be told apart and are read as {}",
            thousands(corpus.undetermined_language as u64),
            corpus.language.name()
        ));
    }
    said
}

/// How words of each language become terms, when the corpus is not in one stemmed language.
fn language_rules_said(corpus: &CorpusStats) -> Vec<String> {
    let listed: Vec<Language> = corpus.languages.iter().map(|l| l.language).collect();
    let mut said = Vec::new();
    if listed.len() > 1 {
        said.push(
            "Each post is read in its own language: its stopwords are removed and its words \
             stemmed by that language's rules. Within a post, a word in Latin letters is read \
             as English and a Cyrillic word with a letter only Kazakh has (ә ғ қ ң ө ұ ү һ і) \
             as Kazakh, when those languages are listed; the language column of the terms CSV \
             gives the language each term's words are most often read in."
                .to_string(),
        );
    }
    let folds = corpus.script_folds;
    if folds.to_cyrillic + folds.to_latin > 0 {
        said.push(format!(
            "{} words written with look-alike letters of the other script were read in their \
             own script ({} into Cyrillic, as a Latin c in скорей; {} into Latin).",
            thousands(folds.to_cyrillic + folds.to_latin),
            thousands(folds.to_cyrillic),
            thousands(folds.to_latin)
        ));
    }
    if listed.contains(&Language::Kk) || corpus.language == Language::Kk {
        said.push(
            "Kazakh words are not stemmed: Snowball has no Kazakh stemmer, so they are counted \
             as written, lowercased, and each inflected form (Қазақстан, Қазақстанның) is a \
             term of its own unless the study's aliases join them."
                .to_string(),
        );
    }
    said
}

fn terms_section(text: &TextReport, source: &str) -> Section {
    let settings = &text.text_settings;
    let corpus = &text.corpus;
    let mut paragraphs: Vec<String> = corpus.description.iter().cloned().collect();
    paragraphs.push(format!(
        "The corpus has {} posts with text; after stopwords and tokens without a letter are \
         removed, {} tokens remain, of {} distinct {} ({}).",
        thousands(corpus.documents as u64),
        thousands(corpus.tokens),
        thousands(corpus.vocabulary as u64),
        if corpus.language == Language::Kk && corpus.languages.len() < 2 {
            "words"
        } else {
            "stems"
        },
        languages_said(corpus)
    ));
    paragraphs.extend(language_rules_said(corpus));
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
        "A term is a stem, shown after the word it most often stands for, as in country \
         (countri). Count: occurrences in the corpus; support: posts containing the term. \
         Sorted {}.",
        order_words(settings.sort)
    ));
    let rows = ranked_terms(&text.terms, |t| (&t.term, &t.form, t.count, t.support));
    let top = &rows[..rows.len().min(settings.top)];
    let caption = format!(
        "Most frequent terms (top {} of {})",
        top.len(),
        thousands(rows.len() as u64)
    );
    let mut spec = ranked_spec("tables/table3-terms.csv");
    if corpus.languages.len() > 1 {
        spec = spec.csv_only("language", |t| {
            text.terms[t.rank - 1]
                .language
                .map_or("", |l| l.code())
                .to_string()
        });
    }
    let name = ("charts/table3-terms.svg", "terms", "Table 3");
    let section = Section::new("terms", "Terms", paragraphs)
        .with_table(spec.table("table3", caption, source, top).paper(3))
        .with_csv(spec.csv(&rows))
        .with_chart(top_chart(name, top, settings.sort, source));
    with_study_terms(section, text, source)
}

/// A row of the audit of the study's aliases and compounds.
struct StudyTerm {
    term: String,
    kind: &'static str,
    written: String,
    matched: String,
    count: u64,
    support: u64,
}

/// The words each matched variant caught, at most this many shown per variant.
const MATCHED_SHOWN: usize = 8;

/// The audit table of `text.aliases` and `text.compounds`, when the study has either: what
/// each variant and phrase caught and how often, so a reader can check the study's choices.
fn with_study_terms(section: Section, text: &TextReport, source: &str) -> Section {
    if text.aliases.is_empty() && text.compounds.is_empty() {
        return section;
    }
    let mut rows: Vec<StudyTerm> = text
        .aliases
        .iter()
        .map(|alias| {
            let caught: Vec<String> = alias
                .variants
                .iter()
                .filter(|v| v.count > 0)
                .map(|v| {
                    let mut words: Vec<&str> = v
                        .matched
                        .iter()
                        .take(MATCHED_SHOWN)
                        .map(String::as_str)
                        .collect();
                    if v.matched.len() > MATCHED_SHOWN {
                        words.push("…");
                    }
                    format!("{}: {}", v.variant, words.join(", "))
                })
                .collect();
            let written: Vec<&str> = alias.variants.iter().map(|v| v.variant.as_str()).collect();
            StudyTerm {
                term: alias.term.clone(),
                kind: "alias",
                written: written.join(", "),
                matched: caught.join("; "),
                count: alias.count,
                support: alias.support,
            }
        })
        .collect();
    rows.extend(text.compounds.iter().map(|compound| StudyTerm {
        term: compound.token.clone(),
        kind: "compound",
        written: compound.phrase.clone(),
        matched: String::new(),
        count: compound.count,
        support: compound.support,
    }));
    let spec = TableSpec::<StudyTerm>::new("tables/study-terms.csv")
        .text("Term", "term", |t| t.term.clone())
        .text("Kind", "kind", |t| t.kind.to_string())
        .text("Written as", "written", |t| t.written.clone())
        .text("Words caught", "matched", |t| t.matched.clone())
        .count("Count", "count", |t| t.count)
        .count("Support", "support", |t| t.support);
    let caption = "The study's aliases and compounds, and what they caught";
    let mut section = section;
    section.paragraphs.push(
        "An alias counts its variants (words, stems, or prefixes written with *) as one \
             term of the study's choosing, after stemming; a compound joins a phrase into one \
             term before stopwords and stemming. Those that matched nothing are listed in the \
             notices."
            .into(),
    );
    section
        .with_table(spec.table("study-terms", caption, source, &rows))
        .with_csv(spec.csv(&rows))
}

/// A bar chart of a top list by its sort key; `(file, what, table)` name it.
fn top_chart(
    (file, what, table): (&str, &str, &str),
    rows: &[RankedTerm],
    sort: TermSort,
    source: &str,
) -> Chart {
    let bars = rows
        .iter()
        .map(|t| LabelledBar {
            label: shown(t.term, t.form),
            value: sort_value(sort, t.count, t.support) as f64,
            text: thousands(sort_value(sort, t.count, t.support)),
        })
        .collect();
    bar_chart(
        file.to_string(),
        format!("Horizontal bar chart of the most frequent {what}, from {table}"),
        HorizontalBars {
            title: format!("The {} most frequent {what}", rows.len()),
            x_label: metric_label(sort).into(),
            bars,
            source: source.to_string(),
        },
    )
}

fn metric_label(sort: TermSort) -> &'static str {
    match sort {
        TermSort::Support => "Support: posts containing the term",
        TermSort::Count => "Count: occurrences in the corpus",
    }
}

fn bar_chart(file: String, alt: String, chart: HorizontalBars) -> Chart {
    Chart::new(file, alt, ChartSpec::Horizontal(chart))
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

fn ngrams_section(text: &TextReport, source: &str) -> Section {
    let settings = &text.text_settings;
    let mut section = Section::new(
        "ngrams",
        "Multi-word terms",
        vec![format!(
            "An n-word term is n consecutive stems of one post, once stopwords are removed \
             (so \"human rights of people\" gives \"human right\" and \"right peopl\"), shown \
             after the words it most often stands for. Count and support as for terms; sorted {}. Terms found in only one post are counted but \
             not listed.",
            order_words(settings.sort)
        )],
    );
    for (n, list) in &text.ngrams.0 {
        let types = text.corpus.ngram_types.iter().find(|t| t.n == *n);
        let distinct = types.map_or(list.len(), |t| t.distinct);
        let rows = ranked_terms(list, |t| (&t.term, &t.form, t.count, t.support));
        let top = &rows[..rows.len().min(settings.top)];
        let name = if *n == 2 {
            "Most frequent two-word terms".to_string()
        } else {
            format!("Most frequent {} terms", words_of(*n).to_lowercase())
        };
        let caption = format!(
            "{name} (top {} of {} in two posts or more; {} in all)",
            top.len(),
            thousands(list.len() as u64),
            thousands(distinct as u64)
        );
        let spec = ranked_spec(format!("tables/ngrams-{n}.csv"));
        let table = spec.table(format!("ngrams-{n}"), caption, source, top);
        section = section
            .with_table(if *n == 2 { table.paper(4) } else { table })
            .with_csv(spec.csv(&rows));
        if *n == 2 && !top.is_empty() {
            let name = ("charts/table4-bigrams.svg", "two-word terms", "Table 4");
            section = section.with_chart(top_chart(name, top, settings.sort, source));
        }
    }
    section
}

fn associations_section(text: &TextReport, associations: &[Association], source: &str) -> Section {
    let settings = &text.text_settings;
    let top = settings.associations_top.unwrap_or(10);
    let min_r = settings.min_r.unwrap_or(0.0);
    let mut section = Section::new(
        "associations",
        "Word associations",
        vec![format!(
            "For each term, the Pearson correlation of its count in each post with every other \
             term's, over all {} posts (as R's tm::findAssocs): the terms at r ≥ {} are listed, \
             at most {top} here, r to two decimals (unrounded in report.json and the CSV).",
            thousands(text.corpus.documents as u64),
            real(min_r, 2)
        )],
    );
    let spec = TableSpec::<(&Association, &Related)>::new("tables/associations.csv")
        .csv_only("term", |(a, _)| a.term.clone())
        .text("Term", "related", |(_, r)| shown(&r.term, &r.form))
        .raw(|(_, r)| r.term.clone())
        .csv_only("form", |(_, r)| r.form.clone())
        .number("r", "r", |(_, r)| real(r.r, 2))
        .raw(|(_, r)| r.r.to_string());
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
        let rows: Vec<_> = listed.iter().map(|r| (association, r)).collect();
        let id = format!("associations-{}", index + 1);
        let caption = format!("Terms associated with {shown_target}");
        section = section.with_table(Table {
            notes,
            ..spec.table(id, caption, source, &rows)
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
            section = section.with_chart(bar_chart(
                format!("charts/associations-{}.svg", index + 1),
                format!("Horizontal bar chart of the terms correlated with {shown_target}"),
                HorizontalBars {
                    title: format!("Terms associated with {shown_target}"),
                    x_label: "Pearson r of counts per post".into(),
                    bars,
                    source: source.to_string(),
                },
            ));
        }
    }
    let all: Vec<_> = associations
        .iter()
        .flat_map(|a| a.related.iter().map(move |r| (a, r)))
        .collect();
    section.with_csv(spec.csv(&all))
}

fn collocations_section(text: &TextReport, collocations: &Collocations, source: &str) -> Section {
    let top = text.text_settings.collocations_top.unwrap_or(20);
    let rows = ranked_terms(&collocations.pairs, |t| {
        (&t.term, &t.form, t.count, t.support)
    });
    let pairs = &rows[..rows.len().min(top)];
    let keyword = if collocations.stem == collocations.keyword {
        collocations.keyword.clone()
    } else {
        format!("{} (stem {})", collocations.keyword, collocations.stem)
    };
    let pairs_caption = format!(
        "Two-word terms with {keyword}: top {} of {}",
        pairs.len(),
        thousands(collocations.pairs.len() as u64)
    );
    let pairs_spec = ranked_spec("tables/collocations.csv");
    let contexts = &collocations.contexts;
    let context_caption = format!(
        "{keyword} in context: the first {} posts that use it",
        contexts.len()
    );
    let context_spec = TableSpec::<Context>::new("tables/keyword-in-context.csv")
        .text("Post", "id", |c| c.id.clone())
        .nowrap()
        .text("Date", "date", |c| raw(c.date))
        .nowrap()
        .number("Before", "before", |c| c.before.clone())
        .text("Keyword", "keyword", |c| c.keyword.clone())
        .text("After", "after", |c| c.after.clone());
    Section::new(
        "collocations",
        format!("Collocations of {}", collocations.keyword),
        vec![format!(
            "Every two-word term that contains {keyword}, with count and support as in Table 4, \
             and the keyword in the words of the posts (shown as written, white space made one \
             space)."
        )],
    )
    .with_table(pairs_spec.table("collocation-pairs", pairs_caption, source, pairs))
    .with_csv(pairs_spec.csv(&rows))
    .with_table(context_spec.table("keyword-in-context", context_caption, source, contexts))
    .with_csv(context_spec.csv(contexts))
}
