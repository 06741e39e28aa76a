//! `text.compounds`: multi-word expressions joined into one token before counting.
//!
//! Party and place names are several words (`Nur Otan`, `Ак Орда`, `Демократический выбор
//! Казахстана`), and counted word by word they vanish into their commonest words. As
//! quanteda's `tokens_compound` does, each listed phrase found in a post is joined into one
//! token, which is then counted as one term: not stemmed, and never a stopword.
//!
//! Decisions:
//! - Phrases are matched over a document's normalised words (after tokenising, lowercasing
//!   and `ё` folding, before stopwords and stemming), so a phrase may hold a stopword
//!   (`за справедливый казахстан`). Each word of a phrase matches a word exactly, or, written
//!   with a final `*`, any word it begins.
//! - Matches do not overlap: the text is read left to right, and at each place the longest
//!   phrase that matches there is taken (ties: the first in config order), then reading goes
//!   on after it. So with `nur otan` and `nur otan party` listed, `nur otan party` is one
//!   token where the three words stand together, and `nur otan` elsewhere.
//! - The caller may put an empty word where a token was removed (a number, a web address),
//!   and no phrase matches across it.
//! - The joined token is the phrase's words as normalised, joined by `_`, without the `*`:
//!   `демократическ* выбор* казахстан*` gives `демократическ_выбор_казахстан`. The study
//!   chose the phrase, so its token reads as the study wrote it, whichever inflection the
//!   posts have. Two phrases that give the same token (`nur otan`, `nur* otan`) are an
//!   error: one term, one phrase, so that the audit says what made it.
//! - A word of a phrase that normalises to no word, or to several, is an error naming it.

use std::collections::BTreeSet;

use rustc_hash::FxHashMap as HashMap;
use serde::{Deserialize, Serialize};

use super::aliases::{prefixes, split_glob};
use crate::config::aliases::compound_words;
use crate::error::{Error, Result};
use crate::escape::quoted;

/// One word of a phrase, normalised.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Pattern {
    /// Matches this word only.
    Exact(String),
    /// Matches any word beginning with this (the word itself included).
    Prefix(String),
}

impl Pattern {
    fn matches(&self, word: &str) -> bool {
        match self {
            Pattern::Exact(exact) => word == exact,
            Pattern::Prefix(prefix) => word.starts_with(prefix.as_str()),
        }
    }
}

/// One phrase of `text.compounds`.
#[derive(Debug, Clone)]
struct Phrase {
    written: String,
    token: String,
    words: Vec<Pattern>,
}

/// The study's compounds, normalised for matching; numbered in config order from 0.
#[derive(Debug, Clone, Default)]
pub struct Compounds {
    phrases: Vec<Phrase>,
    /// The phrases whose first word is exact, by that word.
    by_first_word: HashMap<String, Vec<u32>>,
    /// The phrases whose first word is a prefix, by that prefix.
    by_first_prefix: HashMap<String, Vec<u32>>,
    /// The byte length of the longest key of `by_first_prefix`.
    longest_prefix: usize,
    /// Each compound by its token.
    by_token: HashMap<String, u32>,
}

/// A phrase found in a document: `len` words from `start` (indexes into the words given to
/// [`Compounds::find`]) make the compound `compound`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Match {
    /// The index of the first word.
    pub start: usize,
    /// How many words the phrase covers (two or more).
    pub len: usize,
    /// The compound, by its index in config order.
    pub compound: u32,
}

impl Compounds {
    /// The compounds of `phrases` (as written in `text.compounds`, checked by the config).
    /// `normalise` turns one word as written into the word as the corpus's words are
    /// normalised (`None` when it is not one word); a phrase's word it turns into no word is
    /// an error at `text.compounds[i]` naming it.
    pub fn new(phrases: &[String], normalise: &dyn Fn(&str) -> Option<String>) -> Result<Self> {
        let mut compounds = Compounds::default();
        for (index, written) in phrases.iter().enumerate() {
            let mut words = Vec::new();
            for word in compound_words(written) {
                let (body, prefix) = split_glob(word);
                let normal = normalise(body).filter(|n| !n.is_empty()).ok_or_else(|| {
                    Error::config(
                        format!("text.compounds[{index}]"),
                        format!(
                            "in {}: found {}, which is no word once normalised as the corpus \
                             is, expected a word with a letter",
                            quoted(written),
                            quoted(word)
                        ),
                    )
                })?;
                words.push(match prefix {
                    true => Pattern::Prefix(normal),
                    false => Pattern::Exact(normal),
                });
            }
            if let Some(first) = compounds.add(written, words) {
                return Err(Error::config(
                    format!("text.compounds[{index}]"),
                    format!(
                        "found {}, which joins into {} as {} does, expected each token once",
                        quoted(written),
                        quoted(compounds.token(first)),
                        quoted(compounds.phrase(first))
                    ),
                ));
            }
        }
        Ok(compounds)
    }

    /// The compound whose token is `token`.
    pub fn id_of_token(&self, token: &str) -> Option<u32> {
        self.by_token.get(token).copied()
    }

    /// Adds a phrase; returns the compound already giving its token, if one does.
    fn add(&mut self, written: &str, words: Vec<Pattern>) -> Option<u32> {
        let id = self.phrases.len() as u32;
        let bodies: Vec<&str> = words
            .iter()
            .map(|w| match w {
                Pattern::Exact(w) | Pattern::Prefix(w) => w.as_str(),
            })
            .collect();
        let token = bodies.join("_");
        if let Some(&first) = self.by_token.get(&token) {
            return Some(first);
        }
        self.by_token.insert(token.clone(), id);
        match &words[0] {
            Pattern::Exact(first) => self.by_first_word.entry(first.clone()).or_default(),
            Pattern::Prefix(first) => {
                self.longest_prefix = self.longest_prefix.max(first.len());
                self.by_first_prefix.entry(first.clone()).or_default()
            }
        }
        .push(id);
        self.phrases.push(Phrase {
            written: written.to_string(),
            token,
            words,
        });
        None
    }

    /// The phrases in `words` (a document's normalised words, in order; an empty word is a
    /// gap no phrase spans): non-overlapping, found left to right, the longest at each place
    /// (ties: the first in config order).
    pub fn find(&self, words: &[&str]) -> Vec<Match> {
        let mut found = Vec::new();
        let mut at = 0;
        while at < words.len() {
            match self.longest_at(words, at) {
                Some(m) => {
                    at += m.len;
                    found.push(m);
                }
                None => at += 1,
            }
        }
        found
    }

    /// The longest phrase starting at `words[at]`, the first in config order among equals.
    fn longest_at(&self, words: &[&str], at: usize) -> Option<Match> {
        let first = words[at];
        let exact = self.by_first_word.get(first).into_iter().flatten();
        let by_prefix = prefixes(first, self.longest_prefix)
            .filter_map(|p| self.by_first_prefix.get(p))
            .flatten();
        let mut best: Option<Match> = None;
        for &id in exact.chain(by_prefix) {
            let phrase = &self.phrases[id as usize];
            let len = phrase.words.len();
            let fits = words.len() - at >= len
                && phrase
                    .words
                    .iter()
                    .zip(&words[at..])
                    .all(|(p, w)| p.matches(w));
            let better = best.is_none_or(|b| len > b.len || (len == b.len && id < b.compound));
            if fits && better {
                best = Some(Match {
                    start: at,
                    len,
                    compound: id,
                });
            }
        }
        best
    }

    /// How many compounds there are.
    pub fn len(&self) -> usize {
        self.phrases.len()
    }

    /// Whether there is no compound.
    pub fn is_empty(&self) -> bool {
        self.phrases.is_empty()
    }

    /// The token compound `compound` is counted as: its words normalised, joined by `_`,
    /// without `*` (`nur_otan`).
    pub fn token(&self, compound: u32) -> &str {
        &self.phrases[compound as usize].token
    }

    /// The phrase as written in `text.compounds`.
    pub fn phrase(&self, compound: u32) -> &str {
        &self.phrases[compound as usize].written
    }

    /// The audit of each compound that matched, in config order, and a notice for each that
    /// matched nothing.
    pub fn audit(&self, tally: &CompoundTally) -> (Vec<CompoundAudit>, Vec<String>) {
        let mut audits = Vec::new();
        let mut notices = Vec::new();
        for (c, phrase) in self.phrases.iter().enumerate() {
            let count = tally.count.get(c).copied().unwrap_or(0);
            if count == 0 {
                notices.push(format!(
                    "text.compounds: {} matched no words of the corpus",
                    quoted(&phrase.written)
                ));
                continue;
            }
            audits.push(CompoundAudit {
                phrase: phrase.written.clone(),
                token: phrase.token.clone(),
                count,
                support: tally.documents.get(c).map_or(0, |d| d.len() as u64),
            });
        }
        (audits, notices)
    }
}

/// What the indexing saw of each compound, filled as the corpus is read; two tallies of
/// parts of the corpus add up with [`CompoundTally::merge`].
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CompoundTally {
    /// By compound: how many times it was found.
    pub count: Vec<u64>,
    /// By compound: the documents (by index) it was found in.
    pub documents: Vec<BTreeSet<u32>>,
}

impl CompoundTally {
    /// An empty tally with a slot for each compound.
    pub fn new(compounds: &Compounds) -> Self {
        CompoundTally {
            count: vec![0; compounds.len()],
            documents: vec![BTreeSet::new(); compounds.len()],
        }
    }

    /// One occurrence of `compound` in `document`.
    pub fn add(&mut self, compound: u32, document: u32) {
        self.count[compound as usize] += 1;
        self.documents[compound as usize].insert(document);
    }

    /// Adds `other`, a tally of other documents of the same compounds.
    pub fn merge(&mut self, other: CompoundTally) {
        for (mine, theirs) in self.count.iter_mut().zip(other.count) {
            *mine += theirs;
        }
        for (mine, theirs) in self.documents.iter_mut().zip(other.documents) {
            mine.extend(theirs);
        }
    }
}

/// One compound that matched: the phrase, its token and how often and where it was found.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CompoundAudit {
    /// The phrase as written in the config.
    pub phrase: String,
    /// The token it was counted as (`nur_otan`).
    pub token: String,
    /// Times it was found.
    pub count: u64,
    /// Documents it was found in.
    pub support: u64,
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Lowercases one word, as the tokenizer would; none for a letterless one.
    fn lower(word: &str) -> Option<String> {
        let ok = word.chars().any(char::is_alphabetic) && !word.contains(char::is_whitespace);
        ok.then(|| word.to_lowercase())
    }

    fn compounds(phrases: &[&str]) -> Compounds {
        let phrases: Vec<String> = phrases.iter().map(|p| p.to_string()).collect();
        Compounds::new(&phrases, &lower).unwrap()
    }

    fn tokens(compounds: &Compounds, text: &str) -> Vec<(usize, usize, u32)> {
        let words: Vec<&str> = text.split(' ').collect();
        compounds
            .find(&words)
            .into_iter()
            .map(|m| (m.start, m.len, m.compound))
            .collect()
    }

    #[test]
    fn leftmost_then_longest_without_overlap() {
        let found = compounds(&["nur otan", "Nur Otan party", "otan party congress"]);
        assert_eq!(found.token(1), "nur_otan_party");
        // 0     1   2    3     4   5    6     7
        let text = "the nur otan party congress nur otan met";
        // At 1 the longest is `nur otan party` (1); `otan party congress` at 2 overlaps it
        // and is not taken; `nur otan` (0) at 5.
        assert_eq!(tokens(&found, text), [(1, 3, 1), (5, 2, 0)]);
        // Leftmost first: `otan party congress` at 0 is taken, before `nur otan` could be.
        assert_eq!(tokens(&found, "otan party congress nur"), [(0, 3, 2)]);
        assert_eq!(tokens(&found, "nur otan"), [(0, 2, 0)]);
        assert_eq!(tokens(&found, "nur"), []);
    }

    #[test]
    fn a_glob_phrase_matches_inflections_and_reads_as_written() {
        let found = compounds(&["Демократическ* выбор* казахстан*", "ак орда"]);
        assert_eq!(found.token(0), "демократическ_выбор_казахстан");
        assert_eq!(found.phrase(0), "Демократическ* выбор* казахстан*");
        let text = "партия демократического выбора казахстана и ак орда";
        assert_eq!(tokens(&found, text), [(1, 3, 0), (5, 2, 1)]);
        assert_eq!(
            tokens(&found, "демократический выбор казахстан"),
            [(0, 3, 0)]
        );
        assert_eq!(
            tokens(&found, "ак ордасы"),
            [],
            "an exact word is not a prefix"
        );
    }

    #[test]
    fn no_match_across_a_gap_or_another_word() {
        let found = compounds(&["nur otan"]);
        assert_eq!(tokens(&found, "nur  otan"), [], "an empty word is a gap");
        assert_eq!(tokens(&found, "nur and otan"), []);
        assert_eq!(tokens(&found, "otan nur"), []);
    }

    #[test]
    fn equal_lengths_go_to_the_first_listed() {
        let found = compounds(&["nur* otan", "nurly otan"]);
        assert_eq!(tokens(&found, "nurly otan"), [(0, 2, 0)]);
        let found = compounds(&["nurly otan", "nur* otan"]);
        assert_eq!(tokens(&found, "nurly otan"), [(0, 2, 0)]);
        assert_eq!(tokens(&found, "nur otan"), [(0, 2, 1)]);
    }

    #[test]
    fn two_phrases_of_one_token_are_an_error() {
        let phrases = vec!["nur* otan".to_string(), "nur otan".to_string()];
        let err = Compounds::new(&phrases, &lower).unwrap_err().to_string();
        assert_eq!(
            err,
            "text.compounds[1]: found \"nur otan\", which joins into \"nur_otan\" as \"nur* \
             otan\" does, expected each token once"
        );
    }

    #[test]
    fn a_word_that_normalises_to_nothing_is_an_error() {
        let phrases = vec!["nur otan".to_string(), "выборы 2019".to_string()];
        let err = Compounds::new(&phrases, &lower).unwrap_err().to_string();
        assert_eq!(
            err,
            "text.compounds[1]: in \"выборы 2019\": found \"2019\", which is no word once \
             normalised as the corpus is, expected a word with a letter"
        );
    }

    #[test]
    fn the_audit_counts_matches_and_notices_phrases_never_found() {
        let found = compounds(&["nur otan", "ак орда"]);
        let mut tally = CompoundTally::new(&found);
        for (document, text) in ["nur otan nur otan", "x nur otan"].iter().enumerate() {
            let words: Vec<&str> = text.split(' ').collect();
            for m in found.find(&words) {
                tally.add(m.compound, document as u32);
            }
        }
        let (audits, notices) = found.audit(&tally);
        assert_eq!(
            audits,
            [CompoundAudit {
                phrase: "nur otan".into(),
                token: "nur_otan".into(),
                count: 3,
                support: 2,
            }]
        );
        assert_eq!(
            notices,
            ["text.compounds: \"ак орда\" matched no words of the corpus"]
        );
    }
}
