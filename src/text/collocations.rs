//! Collocations of a keyword: the two-word terms that contain it, and the keyword in context.
//!
//! The pairs are counted as Table 4's bigrams are (so they agree with it to the unit), over
//! the windows that hold the keyword only.
//! Context lines are cut from the original text of the first documents, in corpus order,
//! that hold the keyword's stem: the text is shown as written, with runs of white space
//! made one space, and is escaped by the renderers like every other text from the data.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::matrix::{Indexed, Normaliser};
use super::terms::NgramStat;
use super::tokenize::original_span;

/// How many context lines the report shows.
pub const CONTEXT_LINES: usize = 10;
/// Characters of context on each side of the keyword.
const CONTEXT_CHARS: usize = 60;

/// The `collocations` section of `report.json`: the two-word terms holding the configured
/// keyword, and the keyword in context.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Collocations {
    /// The keyword as configured.
    pub keyword: String,
    /// Its stem, which the pairs contain.
    pub stem: String,
    /// Every bigram holding the stem, in the configured order.
    pub pairs: Vec<NgramStat>,
    /// Lines from the first [`CONTEXT_LINES`] documents holding the stem, in corpus order; fewer
    /// when the keyword cannot be found again in a document's text.
    pub contexts: Vec<Context>,
}

/// One keyword-in-context line.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Context {
    /// The post's id.
    pub id: String,
    /// The post's date; `None` when the export gives none (an empty cell in the CSV).
    pub date: Option<NaiveDate>,
    /// Up to 60 characters of the text before the keyword, white space squeezed, `…` where cut.
    pub before: String,
    /// The keyword as the post writes it.
    pub keyword: String,
    /// Up to 60 characters of the text after the keyword, likewise.
    pub after: String,
}

/// A document for context lines: id, date and text.
pub struct Document<'a> {
    /// The post's id.
    pub id: &'a str,
    /// The post's date, when the export gives one.
    pub date: Option<NaiveDate>,
    /// The post's text as written, from which the line is cut.
    pub text: &'a str,
}

/// The stem a configured keyword stands for: normalised and stemmed as the corpus was.
pub fn keyword_stem(keyword: &str, normaliser: &Normaliser) -> Option<String> {
    match normaliser.stems(keyword).as_slice() {
        [stem] => Some(stem.clone()),
        _ => None,
    }
}

/// The pairs holding `stem` (sorted), with up to [`CONTEXT_LINES`] lines of context.
pub fn collocations(
    keyword: &str,
    stem: &str,
    pairs: Vec<NgramStat>,
    indexed: &Indexed,
    documents: &[Document<'_>],
    normaliser: &Normaliser,
) -> Collocations {
    let contexts = match indexed.vocabulary.stems.iter().position(|s| s == stem) {
        Some(id) => contexts(id as u32, stem, indexed, documents, normaliser),
        None => Vec::new(),
    };
    Collocations {
        keyword: keyword.to_string(),
        stem: stem.to_string(),
        pairs,
        contexts,
    }
}

fn contexts(
    id: u32,
    stem: &str,
    indexed: &Indexed,
    documents: &[Document<'_>],
    normaliser: &Normaliser,
) -> Vec<Context> {
    let holding = (0..documents.len()).filter(|&d| indexed.sequences[d].contains(&id));
    holding
        .take(CONTEXT_LINES)
        .filter_map(|d| {
            let document = &documents[d];
            let (prepared, at) = normaliser.tokenizer.prepare(document.text);
            let word = normaliser
                .tokenizer
                .words_of_prepared(&prepared, at)
                .into_iter()
                .find(|w| {
                    let language = indexed.document_languages[d];
                    normaliser.term(&w.text, language).as_deref() == Some(stem)
                })?;
            let (start, end) = original_span(document.text, &prepared, word.start, word.end);
            Some(Context {
                id: document.id.to_string(),
                date: document.date,
                before: tail(&document.text[..start]),
                keyword: document.text[start..end].to_string(),
                after: head(&document.text[end..]),
            })
        })
        .collect()
}

fn squeeze(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The last characters of `text`, white space squeezed, `…` where it was cut, and the space
/// that separated it from the keyword kept.
fn tail(text: &str) -> String {
    let spaced = text.ends_with(char::is_whitespace);
    let text = squeeze(text);
    let count = text.chars().count();
    let mut cut = if count > CONTEXT_CHARS {
        let kept: String = text.chars().skip(count - CONTEXT_CHARS).collect();
        format!("…{kept}")
    } else {
        text
    };
    if spaced && !cut.is_empty() {
        cut.push(' ');
    }
    cut
}

/// The first characters of `text`, likewise.
fn head(text: &str) -> String {
    let spaced = text.starts_with(char::is_whitespace);
    let text = squeeze(text);
    let mut cut: String = text.chars().take(CONTEXT_CHARS).collect();
    if text.chars().count() > CONTEXT_CHARS {
        cut.push('…');
    }
    if spaced && !cut.is_empty() {
        cut.insert(0, ' ');
    }
    cut
}
