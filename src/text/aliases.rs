//! `text.aliases`: variants of a name counted as one term chosen by the study.
//!
//! A study of Kazakh politics counts `назарба` (the Russian stem of `Назарбаев`, `Назарбаева`,
//! `Назарбаеву`) and `nazarbayev` as one figure, and the terms table should say so in one row
//! under the name the study chose. An alias is that name (its `term`) and its variants, each
//! a word or a stem matched exactly, or a prefix written with a final `*` matched at the start:
//! a variant matches a corpus word when it equals the word or the word's stem, or, as a
//! prefix, begins either. The first alias in config order with a matching variant wins; in
//! it, the first matching variant is the one credited.
//!
//! Decisions:
//! - A variant is normalised as a corpus word is (the caller's closure: tokenising,
//!   lowercasing, `ё` folding as `text` says), the `*` set aside and put back. A variant that
//!   normalises to no word, or to several, is an error naming it: it could never match, and
//!   the study would rather hear so than read a notice after a long build. Two variants that
//!   normalise alike (`Назарбаев`, `назарбаев`) are an error as well, the config's own check
//!   having compared them only lowercased.
//! - The term is the study's as written, trimmed, and not lowercased or stemmed: it stands in
//!   the terms table for the stems it gathers, as the study's label (`Nazarbayev`). A study
//!   that wants it beside the stems writes it in lowercase.
//! - Matching is one hash look-up for each of word and stem, and one for each of their
//!   prefixes no longer than the longest prefix variant: [`Aliases::term_of`] is called once
//!   per distinct word, tens of thousands of times, whatever the number of variants.
//!
//! The audit ([`AliasAudit`]) lists each alias that matched with, for each variant, the
//! distinct words it caught; one that matched nothing is a notice ([`Aliases::audit`]).

use std::collections::BTreeSet;

use rustc_hash::FxHashMap as HashMap;
use serde::{Deserialize, Serialize};

use crate::config::AliasEntry;
use crate::error::{Error, Result};
use crate::escape::quoted;

/// The study's aliases, normalised for matching; aliases and their variants are numbered in
/// config order from 0.
#[derive(Debug, Clone, Default)]
pub struct Aliases {
    /// Each alias's term, trimmed, as written.
    terms: Vec<String>,
    /// Each alias's variants as written (trimmed, `*` kept).
    variants: Vec<Vec<String>>,
    /// Normalised exact variants and their (alias, variant).
    exact: HashMap<String, (u32, u32)>,
    /// Normalised prefix variants, without the `*`, and their (alias, variant).
    prefixes: HashMap<String, (u32, u32)>,
    /// The byte length of the longest key of `prefixes`.
    longest_prefix: usize,
}

impl Aliases {
    /// The aliases of `entries`, in their order. `normalise` turns one word as written into
    /// the word as the corpus's words are normalised (`None` when the text is not one word:
    /// empty, only digits or punctuation, or several words). A variant it turns into no word,
    /// and two variants that normalise alike, are errors at `text.aliases` naming them.
    pub fn new(entries: &[AliasEntry], normalise: &dyn Fn(&str) -> Option<String>) -> Result<Self> {
        let mut aliases = Aliases::default();
        for (a, entry) in entries.iter().enumerate() {
            for (v, variant) in entry.variants.iter().enumerate() {
                let (body, prefix) = split_glob(variant);
                let normal = normalise(body).filter(|n| !n.is_empty()).ok_or_else(|| {
                    Error::config(
                        "text.aliases",
                        format!(
                            "the variant {} of {}: found no word once normalised as the \
                             corpus is, expected one word with a letter",
                            quoted(variant),
                            quoted(&entry.term)
                        ),
                    )
                })?;
                let table = match prefix {
                    true => &mut aliases.prefixes,
                    false => &mut aliases.exact,
                };
                if let Some(&(a0, v0)) = table.get(&normal) {
                    let first = &entries[a0 as usize];
                    return Err(Error::config(
                        "text.aliases",
                        format!(
                            "the variant {} of {}: found {}, as the variant {} of {} is once \
                             normalised, expected each variant once",
                            quoted(variant),
                            quoted(&entry.term),
                            quoted(&normal),
                            quoted(&first.variants[v0 as usize]),
                            quoted(&first.term)
                        ),
                    ));
                }
                if prefix {
                    aliases.longest_prefix = aliases.longest_prefix.max(normal.len());
                }
                table.insert(normal, (a as u32, v as u32));
            }
            aliases.terms.push(entry.term.trim().to_string());
            aliases.variants.push(entry.variants.clone());
        }
        Ok(aliases)
    }

    /// The alias and variant that count `word` (a normalised corpus word) whose stem is
    /// `stem`: the first alias, in config order, with a variant equal to the word or the
    /// stem, or, ending in `*`, beginning either; in it, the first such variant. `None` when
    /// no variant matches.
    pub fn term_of(&self, word: &str, stem: &str) -> Option<(u32, u32)> {
        let mut best: Option<(u32, u32)> = None;
        let mut consider = |found: Option<&(u32, u32)>| {
            if let Some(&found) = found {
                best = Some(best.map_or(found, |b| b.min(found)));
            }
        };
        let texts: &[&str] = if word == stem { &[word] } else { &[word, stem] };
        for text in texts {
            consider(self.exact.get(*text));
            if !self.prefixes.is_empty() {
                for start in prefixes(text, self.longest_prefix) {
                    consider(self.prefixes.get(start));
                }
            }
        }
        best
    }

    /// How many aliases there are.
    pub fn len(&self) -> usize {
        self.terms.len()
    }

    /// Whether there is no alias.
    pub fn is_empty(&self) -> bool {
        self.terms.is_empty()
    }

    /// The term alias `alias` counts its variants as: trimmed, as written.
    pub fn term(&self, alias: u32) -> &str {
        &self.terms[alias as usize]
    }

    /// The variants of alias `alias` as written (a prefix with its `*`).
    pub fn variants(&self, alias: u32) -> &[String] {
        &self.variants[alias as usize]
    }

    /// The audit of what each alias matched, in config order, leaving out the aliases that
    /// matched nothing; and a notice for each of those, and for each variant that matched
    /// nothing in an alias that matched.
    pub fn audit(&self, tally: &AliasTally) -> (Vec<AliasAudit>, Vec<String>) {
        let mut audits = Vec::new();
        let mut notices = Vec::new();
        for (a, term) in self.terms.iter().enumerate() {
            let variants: Vec<VariantAudit> = self.variants[a]
                .iter()
                .enumerate()
                .map(|(v, variant)| variant_audit(variant, tally.words(a as u32, v as u32)))
                .collect();
            let count: u64 = variants.iter().map(|v| v.count).sum();
            if count == 0 {
                let written: Vec<String> = self.variants[a].iter().map(|v| quoted(v)).collect();
                notices.push(format!(
                    "text.aliases: no variant of {} ({}) matched a word of the corpus",
                    quoted(term),
                    written.join(", ")
                ));
                continue;
            }
            for unmatched in variants.iter().filter(|v| v.count == 0) {
                notices.push(format!(
                    "text.aliases: the variant {} of {} matched no word of the corpus",
                    quoted(&unmatched.variant),
                    quoted(term)
                ));
            }
            audits.push(AliasAudit {
                term: term.clone(),
                variants,
                count,
                support: tally.documents.get(a).map_or(0, |d| d.len() as u64),
            });
        }
        (audits, notices)
    }
}

/// A variant's body and whether it is a prefix (written with a final `*`).
pub(crate) fn split_glob(written: &str) -> (&str, bool) {
    match written.strip_suffix('*') {
        Some(body) => (body, true),
        None => (written, false),
    }
}

/// The non-empty prefixes of `text` (whole characters) of at most `longest` bytes, shortest
/// first.
pub(crate) fn prefixes(text: &str, longest: usize) -> impl Iterator<Item = &str> {
    text.char_indices()
        .skip(1)
        .map(|(end, _)| end)
        .chain(std::iter::once(text.len()))
        .filter(move |&end| end > 0 && end <= longest)
        .map(move |end| &text[..end])
}

/// What the indexing saw of each alias, filled as the corpus is read: for each alias and
/// variant the words it caught with their occurrences, and for each alias the documents
/// holding one. Two tallies of parts of the corpus add up with [`AliasTally::merge`].
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AliasTally {
    /// By alias, by variant: each normalised word caught (the word, not its stem: what a
    /// reader checks) and how often it occurs.
    pub words: Vec<Vec<HashMap<String, u64>>>,
    /// By alias: the documents (by index) holding a word it caught.
    pub documents: Vec<BTreeSet<u32>>,
}

impl AliasTally {
    /// An empty tally with a slot for each alias and variant.
    pub fn new(aliases: &Aliases) -> Self {
        AliasTally {
            words: aliases
                .variants
                .iter()
                .map(|v| vec![HashMap::default(); v.len()])
                .collect(),
            documents: vec![BTreeSet::new(); aliases.len()],
        }
    }

    /// One occurrence of `word` in `document`, counted under `(alias, variant)` as
    /// [`Aliases::term_of`] returned it.
    pub fn add(&mut self, (alias, variant): (u32, u32), word: &str, document: u32) {
        let words = &mut self.words[alias as usize][variant as usize];
        match words.get_mut(word) {
            Some(count) => *count += 1,
            None => {
                words.insert(word.to_string(), 1);
            }
        }
        self.documents[alias as usize].insert(document);
    }

    /// Adds `other`, a tally of other documents of the same aliases.
    pub fn merge(&mut self, other: AliasTally) {
        for (mine, theirs) in self.words.iter_mut().zip(other.words) {
            for (mine, theirs) in mine.iter_mut().zip(theirs) {
                for (word, count) in theirs {
                    *mine.entry(word).or_default() += count;
                }
            }
        }
        for (mine, theirs) in self.documents.iter_mut().zip(other.documents) {
            mine.extend(theirs);
        }
    }

    fn words(&self, alias: u32, variant: u32) -> Option<&HashMap<String, u64>> {
        self.words.get(alias as usize)?.get(variant as usize)
    }
}

fn variant_audit(variant: &str, words: Option<&HashMap<String, u64>>) -> VariantAudit {
    let mut matched: Vec<(&String, u64)> =
        words.into_iter().flatten().map(|(w, &c)| (w, c)).collect();
    matched.sort_unstable_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(b.0)));
    VariantAudit {
        variant: variant.to_string(),
        count: matched.iter().map(|(_, c)| c).sum(),
        matched: matched.into_iter().map(|(w, _)| w.clone()).collect(),
    }
}

/// One alias that matched: its term, what each variant caught, and the totals.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AliasAudit {
    /// The term, as written in the config.
    pub term: String,
    /// Each variant, in config order, those that matched nothing included (count 0).
    pub variants: Vec<VariantAudit>,
    /// Occurrences counted as the term: the variants' counts added.
    pub count: u64,
    /// Documents holding a word counted as the term.
    pub support: u64,
}

/// One variant of an alias and what it caught.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct VariantAudit {
    /// The variant as written (a prefix with its `*`).
    pub variant: String,
    /// The distinct normalised words it caught, most occurrences first, ties in byte order.
    pub matched: Vec<String>,
    /// Occurrences of those words credited to this variant.
    pub count: u64,
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Lowercases one word, as the tokenizer would; none for an empty or letterless one or
    /// for several words.
    fn lower(word: &str) -> Option<String> {
        let ok = word.chars().any(char::is_alphabetic) && !word.contains(char::is_whitespace);
        ok.then(|| word.to_lowercase().replace('ё', "е"))
    }

    fn entry(term: &str, variants: &[&str]) -> AliasEntry {
        AliasEntry {
            term: term.into(),
            variants: variants.iter().map(|v| v.to_string()).collect(),
        }
    }

    fn nazarbayev() -> Aliases {
        let entries = [
            entry("Nazarbayev", &["назарбаев*", "назарба", "Nazarbayev"]),
            entry("Nur Otan", &["нуротан", "nur_otan"]),
        ];
        Aliases::new(&entries, &lower).unwrap()
    }

    #[test]
    fn russian_inflections_by_prefix_and_stem_and_a_latin_spelling() {
        let aliases = nazarbayev();
        // Russian Snowball: назарбаева -> назарба, назарбаеву -> назарба.
        assert_eq!(aliases.term_of("назарбаева", "назарба"), Some((0, 0)));
        assert_eq!(aliases.term_of("назарбаеву", "назарба"), Some((0, 0)));
        assert_eq!(aliases.term_of("назарбаев", "назарба"), Some((0, 0)));
        // A word the prefix misses whose stem is the exact variant.
        assert_eq!(aliases.term_of("назарбая", "назарба"), Some((0, 1)));
        assert_eq!(aliases.term_of("nazarbayev", "nazarbayev"), Some((0, 2)));
        assert_eq!(aliases.term_of("nazarbayevs", "nazarbayev"), Some((0, 2)));
        assert_eq!(
            aliases.term_of("назар", "назар"),
            None,
            "shorter than the prefix"
        );
        assert_eq!(aliases.term_of("nur_otan", "nur_otan"), Some((1, 1)));
        assert_eq!(aliases.term(0), "Nazarbayev");
        assert_eq!(aliases.variants(1), ["нуротан", "nur_otan"]);
    }

    #[test]
    fn the_first_alias_in_config_order_wins_then_the_first_variant() {
        let entries = [
            entry("president", &["президент*"]),
            entry("elbasy", &["elbas*", "президента"]),
            entry("state", &["государств", "гос*"]),
        ];
        let aliases = Aliases::new(&entries, &lower).unwrap();
        // Both the first alias (by prefix) and the second (exactly) match: the first wins.
        assert_eq!(aliases.term_of("президента", "президент"), Some((0, 0)));
        assert_eq!(aliases.term_of("elbasy", "elbasi"), Some((1, 0)));
        // The stem matches the first variant exactly and the word the second by prefix.
        assert_eq!(aliases.term_of("государства", "государств"), Some((2, 0)));
        assert_eq!(aliases.term_of("госдума", "госдум"), Some((2, 1)));
    }

    #[test]
    fn variants_that_normalise_to_nothing_or_alike_are_errors() {
        let err = Aliases::new(&[entry("year", &["1986"])], &lower)
            .unwrap_err()
            .to_string();
        assert_eq!(
            err,
            "text.aliases: the variant \"1986\" of \"year\": found no word once normalised as \
             the corpus is, expected one word with a letter"
        );
        let entries = [entry("a", &["Ёлка"]), entry("b", &["елка"])];
        let err = Aliases::new(&entries, &lower).unwrap_err().to_string();
        assert_eq!(
            err,
            "text.aliases: the variant \"елка\" of \"b\": found \"елка\", as the variant \"Ёлка\" \
             of \"a\" is once normalised, expected each variant once"
        );
        let entries = [entry("a", &["елка*"]), entry("b", &["елка"])];
        assert!(
            Aliases::new(&entries, &lower).is_ok(),
            "a prefix and a word"
        );
    }

    #[test]
    fn the_audit_lists_what_matched_and_notices_what_did_not() {
        let aliases = nazarbayev();
        let mut tally = AliasTally::new(&aliases);
        for (word, stem, document) in [
            ("назарбаева", "назарба", 0),
            ("назарбаеву", "назарба", 0),
            ("назарбаеву", "назарба", 1),
            ("назарбая", "назарба", 2),
            ("назарбаев", "назарбаев", 2),
        ] {
            let found = aliases.term_of(word, stem).unwrap();
            tally.add(found, word, document);
        }
        let mut other = AliasTally::new(&aliases);
        other.add((0, 0), "назарбаева", 3);
        tally.merge(other);
        let (audits, notices) = aliases.audit(&tally);
        assert_eq!(
            audits,
            [AliasAudit {
                term: "Nazarbayev".into(),
                variants: vec![
                    VariantAudit {
                        variant: "назарбаев*".into(),
                        matched: vec!["назарбаева".into(), "назарбаеву".into(), "назарбаев".into()],
                        count: 5,
                    },
                    VariantAudit {
                        variant: "назарба".into(),
                        matched: vec!["назарбая".into()],
                        count: 1,
                    },
                    VariantAudit {
                        variant: "Nazarbayev".into(),
                        matched: vec![],
                        count: 0,
                    },
                ],
                count: 6,
                support: 4,
            }]
        );
        assert_eq!(
            notices,
            [
                "text.aliases: the variant \"Nazarbayev\" of \"Nazarbayev\" matched no word of the corpus",
                "text.aliases: no variant of \"Nur Otan\" (\"нуротан\", \"nur_otan\") matched a word of the corpus",
            ]
        );
        let json = serde_json::to_string(&audits).unwrap();
        assert_eq!(
            serde_json::from_str::<Vec<AliasAudit>>(&json).unwrap(),
            audits
        );
    }

    #[test]
    fn prefixes_are_whole_characters_up_to_the_longest() {
        let found: Vec<&str> = prefixes("назар", 6).collect();
        assert_eq!(found, ["н", "на", "наз"]);
        assert_eq!(prefixes("ab", 10).collect::<Vec<_>>(), ["a", "ab"]);
        assert_eq!(prefixes("", 10).count(), 0);
    }
}
