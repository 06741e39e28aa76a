//! Text mining of the post corpus: terms, n-grams, associations and collocations.
//!
//! The stages follow the design notes' text semantics: [`tokenize`] cuts words (with the
//! Unicode repairs of [`unicode`]),
//! [`stopwords`] removes the listed ones, [`matrix`] stems and counts them once into the
//! sparse document-term matrix, and the analyses ([`terms`], [`associations`],
//! [`collocations`], [`keyness`]) read that matrix and the documents' stem sequences. [`analyse`] runs
//! them as the config asks and returns the report's text sections with the index, which the
//! clustering reuses.

pub mod aliases;
pub mod associations;
pub mod collocations;
pub mod compounds;
pub mod keyness;
pub mod language;
pub mod matrix;
pub mod ngram_runs;
pub mod post_languages;
pub mod stopwords;
pub mod terms;
pub mod tokenize;
pub mod unicode;

use serde::ser::{Serialize, SerializeMap, Serializer};

use crate::budget::MemoryBudget;
use crate::config::{Config, Language, StopwordList, TermSort, TermsConfig, TextConfig};
use crate::error::{Error, Result};
use crate::model::corpus::Corpus;
use crate::progress::{self, Unit};
use associations::Association;
use collocations::{Collocations, Document};
use matrix::{Indexed, LanguageRules, Normaliser};
use post_languages::LanguagePosts;
use stopwords::Stopwords;
use terms::{NgramStat, TermStat};
use tokenize::Tokenizer;
use unicode::ScriptFolds;

fn is_zero(n: &usize) -> bool {
    *n == 0
}

fn no_folds(folds: &ScriptFolds) -> bool {
    *folds == ScriptFolds::default()
}

/// The corpus's size after normalising.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CorpusStats {
    /// The config's `corpus.description`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Posts with text (the documents of every analysis).
    pub documents: usize,
    /// Kept tokens (after stopwords and letterless tokens are removed).
    pub tokens: u64,
    /// Distinct stems.
    pub vocabulary: usize,
    /// Posts left out because their text is empty.
    pub empty_posts: usize,
    /// Their ids, in corpus order: the data file `empty-texts` beside `report.json`, not in it
    /// (a list that grows with the corpus).
    #[serde(skip)]
    pub empty_texts: Vec<String>,
    /// Distinct words too long to stem (over 64 characters), kept as they are.
    #[serde(default, skip_serializing_if = "is_zero")]
    pub unstemmed_words: usize,
    /// The first language of the posts (`corpus.language`), which chose the stopwords and
    /// stemmer when it is the only one.
    pub language: Language,
    /// Posts per listed language, and how each post's language was known.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub languages: Vec<LanguagePosts>,
    /// Posts whose language could not be detected, read in the first listed language.
    #[serde(default, skip_serializing_if = "is_zero")]
    pub undetermined_language: usize,
    /// Words whose look-alike letters were folded into the other script
    /// (`text.fold_mixed_scripts`), each way; absent when none was.
    #[serde(default, skip_serializing_if = "no_folds")]
    pub script_folds: ScriptFolds,
    /// How many distinct n-grams of each size there are, and how many are listed.
    pub ngram_types: Vec<NgramTypes>,
    /// Posts per author, when the export names authors.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub authors: Vec<crate::authors::AuthorPosts>,
    /// The posts of most interactions, when the export counts them.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub top_posts: Vec<crate::authors::TopPost>,
}

/// How many n-grams of one size the corpus has, for the caption of that size's table.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NgramTypes {
    /// The size, in consecutive stems.
    pub n: usize,
    /// Distinct n-grams of that size, including those in one document only.
    pub distinct: usize,
    /// Those in at least two documents: the ones `report.json` and the CSV list.
    pub listed: usize,
}

/// The n-gram lists by size; serialised as `{"2": [...], "3": [...]}`.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Ngrams(pub Vec<(usize, Vec<NgramStat>)>);

impl Serialize for Ngrams {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(self.0.len()))?;
        for (n, list) in &self.0 {
            map.serialize_entry(&n.to_string(), list)?;
        }
        map.end()
    }
}

impl<'de> serde::Deserialize<'de> for Ngrams {
    /// From `{"2": [...], "3": [...]}`, in the written order.
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct BySize;
        impl<'de> serde::de::Visitor<'de> for BySize {
            type Value = Ngrams;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("n-gram lists by size, as {\"2\": [...]}")
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                mut map: A,
            ) -> Result<Ngrams, A::Error> {
                let mut lists = Vec::new();
                while let Some(key) = map.next_key::<String>()? {
                    let n = key.parse().map_err(|_| {
                        serde::de::Error::custom(format!(
                            "found the key \"{}\", expected an n-gram size",
                            key.escape_debug()
                        ))
                    })?;
                    lists.push((n, map.next_value()?));
                }
                Ok(Ngrams(lists))
            }
        }
        deserializer.deserialize_map(BySize)
    }
}

/// The settings that shaped the text sections, so the pages show what the config asked for.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TextSettings {
    /// The order of the term and n-gram lists: `terms.sort` (`support` or `count` first).
    pub sort: TermSort,
    /// Rows of each term and n-gram table.
    pub top: usize,
    /// The smallest correlation listed (`associations.min_r`); `None` without an `associations`
    /// section.
    pub min_r: Option<f64>,
    /// Related terms shown for each association target.
    pub associations_top: Option<usize>,
    /// Pairs shown in the collocations table.
    pub collocations_top: Option<usize>,
}

/// The text sections of the report.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TextReport {
    /// The settings the sections were made with (`text_settings` in `report.json`).
    pub text_settings: TextSettings,
    /// The corpus's sizes, and its posts by author and by interactions (`corpus`).
    pub corpus: CorpusStats,
    /// Every stem, in the configured order.
    pub terms: Vec<TermStat>,
    /// The n-grams found in at least two documents, in the configured order.
    pub ngrams: Ngrams,
    /// One entry per target of `associations.terms`, in config order; `None` without an
    /// `associations` section.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub associations: Option<Vec<Association>>,
    /// The pairs and context lines of `collocations.keyword`; `None` without a `collocations`
    /// section.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub collocations: Option<Collocations>,
    /// What each of `text.aliases` that matched caught, in config order.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub aliases: Vec<aliases::AliasAudit>,
    /// Where each of `text.compounds` that matched was found, in config order.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub compounds: Vec<compounds::CompoundAudit>,
}

/// The normaliser the config describes for the posts, with the rules of each of their
/// languages; `stopword_file` is the text of `text.stopwords` when that names a file.
pub fn normaliser(config: &Config, stopword_file: Option<&str>) -> Normaliser {
    let text = config.text.clone().unwrap_or_default();
    let languages = config.corpus_languages();
    let tokenizer = tokenizer(&text, languages.list());
    let rules = languages
        .list()
        .iter()
        .map(|&language| language_rules(&text, language, &tokenizer, stopword_file))
        .collect();
    Normaliser {
        tokenizer,
        languages: rules,
        compounds: compounds::Compounds::default(),
        aliases: aliases::Aliases::default(),
    }
}

/// The config's normaliser for texts in `language` (video titles may differ from the posts).
pub fn normaliser_in(
    config: &Config,
    language: Language,
    stopword_file: Option<&str>,
) -> Normaliser {
    let text = config.text.clone().unwrap_or_default();
    let tokenizer = tokenizer(&text, &[language]);
    let rules = language_rules(&text, language, &tokenizer, stopword_file);
    Normaliser::single(tokenizer, rules)
}

/// The stopwords and stemmer of `language` as the config's `text` section sets them, the
/// stopwords normalised as `tokenizer` reads words.
fn language_rules(
    text: &TextConfig,
    language: Language,
    tokenizer: &Tokenizer,
    stopword_file: Option<&str>,
) -> LanguageRules {
    let mut stopwords = match (&text.stopwords, stopword_file) {
        (StopwordList::None, _) => Stopwords::default(),
        (StopwordList::File(_), Some(file)) => Stopwords::from_lines_for(file, tokenizer),
        _ => Stopwords::builtin_for(language, tokenizer),
    };
    for word in &text.extra_stopwords {
        stopwords.insert_for(word, tokenizer);
    }
    LanguageRules {
        language,
        stopwords,
        stemmer: match language {
            Language::En if text.stem => Some(rust_stemmers::Algorithm::English),
            Language::Ru if text.stem => Some(rust_stemmers::Algorithm::Russian),
            _ => None,
        },
    }
}

/// The tokenizer of texts in `languages`: a key left out takes the default of the first
/// Cyrillic language listed, else of English ([`Tokenizer::defaults`]): the repairs of Cyrillic
/// writing (stress marks, soft hyphens, look-alike letters) then apply to every post, which
/// does no harm to the English words of a mixed corpus.
fn tokenizer(text: &TextConfig, languages: &[Language]) -> Tokenizer {
    let cyrillic = languages
        .iter()
        .find(|l| matches!(l, Language::Ru | Language::Kk));
    let defaults = Tokenizer::defaults(cyrillic.copied().unwrap_or(Language::En));
    Tokenizer {
        remove_urls: text.remove_urls,
        lowercase: text.lowercase,
        remove_numbers: text.remove_numbers,
        nfc: text.nfc,
        remove_stress_marks: text
            .remove_stress_marks
            .unwrap_or(defaults.remove_stress_marks),
        remove_soft_hyphens: text
            .remove_soft_hyphens
            .unwrap_or(defaults.remove_soft_hyphens),
        fold_mixed_scripts: text
            .fold_mixed_scripts
            .unwrap_or(defaults.fold_mixed_scripts),
        ..defaults
    }
}

/// The text sections, the index the clustering reuses, and what a reader should know.
pub struct Analysis {
    /// The report's text sections.
    pub report: TextReport,
    /// The indexed corpus.
    pub indexed: Indexed,
    /// Notices: posts' languages outside the list or undetermined, aliases and compounds that
    /// matched nothing.
    pub notices: Vec<String>,
}

/// Indexes the corpus and runs the text analyses the config asks for.
pub fn analyse(config: &Config, corpus: &Corpus, normaliser: &Normaliser) -> Result<Analysis> {
    let text_bytes = corpus.posts.iter().map(|p| p.text.len() as u64).sum();
    ids_fit(corpus.posts.len() as u64, text_bytes)?;
    let texts: Vec<&str> = corpus.posts.iter().map(|p| p.text.as_str()).collect();
    let languages = post_languages::assign(
        &corpus.posts,
        &config.corpus_languages(),
        &normaliser.tokenizer,
    );
    let indexed = matrix::index_in(&texts, &languages.of_post, normaliser);
    let settings = config.terms.clone().unwrap_or_default();
    let sums = &indexed.sums;
    let terms = terms::term_stats(&indexed, settings.sort);
    let (ngrams, ngram_types) = ngrams(&indexed, &settings, config.memory_budget)?;
    let associations = config.associations.as_ref().map(|section| {
        let step = progress::start("associations", Unit::Targets, section.terms.len() as u64);
        section
            .terms
            .iter()
            .map(|t| {
                let found = associations::associations(&indexed, t, section.min_r);
                step.advance(1);
                found
            })
            .collect()
    });
    let collocations = match &config.collocations {
        Some(section) => Some(keyword_collocations(
            &section.keyword,
            settings.sort,
            &indexed,
            corpus,
            normaliser,
        )?),
        None => None,
    };
    let (alias_audit, alias_notices) = normaliser.aliases.audit(&indexed.aliases);
    let (compound_audit, compound_notices) = normaliser.compounds.audit(&indexed.compounds);
    let report = TextReport {
        text_settings: TextSettings {
            sort: settings.sort,
            top: settings.top,
            min_r: config.associations.as_ref().map(|a| a.min_r),
            associations_top: config.associations.as_ref().map(|a| a.top),
            collocations_top: config.collocations.as_ref().map(|c| c.top),
        },
        corpus: CorpusStats {
            description: config.corpus.as_ref().and_then(|c| c.description.clone()),
            documents: corpus.posts.len(),
            tokens: sums.count.iter().sum(),
            vocabulary: indexed.vocabulary.stems.len(),
            empty_posts: corpus.empty.len(),
            empty_texts: corpus.empty.clone(),
            unstemmed_words: indexed.unstemmed,
            language: config.corpus_language(),
            languages: languages.counts,
            undetermined_language: languages.undetermined,
            script_folds: indexed.script_folds,
            ngram_types,
            authors: crate::authors::authors(corpus),
            top_posts: crate::authors::top_posts(corpus),
        },
        terms,
        ngrams,
        associations,
        collocations,
        aliases: alias_audit,
        compounds: compound_audit,
    };
    let mut notices = languages.notices;
    notices.extend(alias_notices);
    notices.extend(compound_notices);
    Ok(Analysis {
        report,
        indexed,
        notices,
    })
}

/// Checks that the corpus can be numbered in 32 bits: documents, and words and stems (at
/// most one new word every two bytes of text, a letter and a separator), so that the
/// document-term matrix and the sequences keep `u32` ids and counts. A corpus too large is
/// refused with its size rather than numbered wrong.
pub fn ids_fit(documents: u64, text_bytes: u64) -> Result<()> {
    let most = u64::from(u32::MAX);
    if documents > most {
        return Err(Error::config(
            "corpus",
            format!(
                "found {documents} posts with text, expected at most {most}: posts are numbered \
                 with 32-bit ids"
            ),
        ));
    }
    if text_bytes / 2 > most {
        return Err(Error::config(
            "corpus",
            format!(
                "found {text_bytes} bytes of post text, expected at most {} bytes: words are \
                 numbered with 32-bit ids",
                2 * most + 1
            ),
        ));
    }
    Ok(())
}

/// The listed n-grams of each configured size (those in two documents or more), and how many
/// distinct ones there are.
fn ngrams(
    indexed: &Indexed,
    settings: &TermsConfig,
    budget: MemoryBudget,
) -> Result<(Ngrams, Vec<NgramTypes>)> {
    let mut lists = Vec::new();
    let mut types = Vec::new();
    let mut sizes = settings.ngrams.clone();
    sizes.sort_unstable();
    sizes.dedup();
    let step = progress::start("n-grams", Unit::Passes, sizes.len() as u64);
    for n in sizes {
        let list = terms::ngram_stats_within(indexed, n, settings.sort, 2, budget)?;
        step.advance(1);
        types.push(NgramTypes {
            n,
            distinct: list.distinct,
            listed: list.stats.len(),
        });
        lists.push((n, list.stats));
    }
    Ok((Ngrams(lists), types))
}

fn keyword_collocations(
    keyword: &str,
    sort: TermSort,
    indexed: &Indexed,
    corpus: &Corpus,
    normaliser: &Normaliser,
) -> Result<Collocations> {
    let stem = collocations::keyword_stem(keyword, normaliser).ok_or_else(|| {
        Error::config(
            "collocations.keyword",
            format!(
                "found \"{}\", expected one word that is not a stopword",
                keyword.escape_debug()
            ),
        )
    })?;
    let documents: Vec<Document<'_>> = corpus
        .posts
        .iter()
        .map(|p| Document {
            id: &p.id,
            date: p.date,
            text: &p.text,
        })
        .collect();
    let pairs = match indexed.vocabulary.stems.iter().position(|s| *s == stem) {
        Some(id) => terms::pairs_with(indexed, id as u32, sort)?,
        None => Vec::new(),
    };
    Ok(collocations::collocations(
        keyword, &stem, pairs, indexed, &documents, normaliser,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unicode_repairs_default_by_language_and_keys_override() {
        let mut text = TextConfig::default();
        let english = tokenizer(&text, &[Language::En]);
        assert!(english.nfc && !english.remove_stress_marks && !english.fold_mixed_scripts);
        let kazakh = tokenizer(&text, &[Language::Kk]);
        assert!(kazakh.remove_stress_marks && kazakh.remove_soft_hyphens);
        assert!(kazakh.fold_mixed_scripts && kazakh.fold_yo);
        text.nfc = false;
        text.fold_mixed_scripts = Some(false);
        text.remove_soft_hyphens = Some(true);
        let set = tokenizer(&text, &[Language::Ru]);
        assert!(!set.nfc && !set.fold_mixed_scripts && set.remove_soft_hyphens);
        let set = tokenizer(&text, &[Language::En]);
        assert!(set.remove_soft_hyphens && !set.remove_stress_marks);
    }

    #[test]
    fn a_corpus_past_32_bit_ids_is_refused_with_its_size() {
        let most = u64::from(u32::MAX);
        assert!(ids_fit(most, 2 * most + 1).is_ok());
        let err = ids_fit(most + 1, 10).unwrap_err().to_string();
        assert!(
            err.ends_with(
                "corpus: found 4294967296 posts with text, expected at most 4294967295: posts \
                 are numbered with 32-bit ids"
            ),
            "{err}"
        );
        let err = ids_fit(1, 2 * most + 2).unwrap_err().to_string();
        assert!(
            err.ends_with(
                "corpus: found 8589934592 bytes of post text, expected at most 8589934591 \
                 bytes: words are numbered with 32-bit ids"
            ),
            "{err}"
        );
    }
}
