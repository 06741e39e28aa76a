//! Stopword lists: the built-in Snowball lists, a file of the study's own, and extra words.
//!
//! The built-in lists are the files in `data/stopwords/` (see the README there for their
//! source), compiled in so the binary needs no data folder. Every word is normalised as
//! tokens are (lowercase, apostrophes folded, `ё` folded for Russian), so `don’t` in a post
//! meets `don't` in the list.

use rustc_hash::FxHashSet as HashSet;

use crate::config::Language;

const ENGLISH: &str = include_str!("../../data/stopwords/en.txt");
const RUSSIAN: &str = include_str!("../../data/stopwords/ru.txt");
const KAZAKH: &str = include_str!("../../data/stopwords/kk.txt");

/// A set of normalised stopwords.
#[derive(Debug, Clone, Default)]
pub struct Stopwords {
    words: HashSet<String>,
}

impl Stopwords {
    /// The built-in list of `language`.
    pub fn builtin(language: Language) -> Self {
        let list = match language {
            Language::En => ENGLISH,
            Language::Ru => RUSSIAN,
            Language::Kk => KAZAKH,
        };
        Self::from_lines(list, language)
    }

    /// One word a line; blank lines and lines starting with `#` are ignored.
    pub fn from_lines(text: &str, language: Language) -> Self {
        let mut stopwords = Stopwords::default();
        for line in text.lines() {
            let word = line.trim();
            if !word.is_empty() && !word.starts_with('#') {
                stopwords.insert(word, language);
            }
        }
        stopwords
    }

    /// Adds `word`, normalised for `language` as tokens are.
    pub fn insert(&mut self, word: &str, language: Language) {
        self.words.insert(normalise(word, language));
    }

    /// Whether `word`, already normalised as tokens are, is a stopword.
    pub fn contains(&self, word: &str) -> bool {
        self.words.contains(word)
    }

    /// Distinct words in the list, once normalised.
    pub fn len(&self) -> usize {
        self.words.len()
    }

    /// Whether the list has no word (`text.stopwords: none` and no extra words).
    pub fn is_empty(&self) -> bool {
        self.words.is_empty()
    }
}

fn normalise(word: &str, language: Language) -> String {
    let word = word.to_lowercase().replace(['\u{2019}', '\u{02BC}'], "'");
    match language {
        Language::Ru | Language::Kk => word.replace('ё', "е"),
        Language::En => word,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_builtin_lists_are_the_snowball_ones() {
        let english = Stopwords::builtin(Language::En);
        assert_eq!(english.len(), 174);
        assert!(english.contains("don't") && english.contains("the"));
        assert!(!english.contains("will"), "tm's English list keeps `will`");
        let russian = Stopwords::builtin(Language::Ru);
        assert!(russian.contains("и") && russian.contains("все"));
        assert!(
            russian.contains("еще"),
            "ё is folded in the list as in the text"
        );
    }

    #[test]
    fn study_lists_are_normalised() {
        let list = Stopwords::from_lines("# mine\nRT\n\nDon\u{2019}t\n", Language::En);
        assert_eq!(list.len(), 2);
        assert!(list.contains("rt") && list.contains("don't"));
    }
}
