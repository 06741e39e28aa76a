//! Stopword lists: the built-in Snowball lists, a file of the study's own, and extra words.
//!
//! The built-in lists are the files in `data/stopwords/` (see the README there for their
//! source), compiled in so the binary needs no data folder. Every word is normalised by the
//! tokenizer's word rules ([`Tokenizer::normalise_word`]: apostrophes folded, NFC, stress
//! marks and soft hyphens removed, scripts folded, `ё` folded, as configured) and always
//! lowercased, so `don’t` in a post meets `don't` in the list, and `за́мок` or a decomposed
//! `ещё` in a study's list meet `замок` and `еще` in the text. The functions taking a
//! [`Language`] use that language's default rules ([`Tokenizer::defaults`]); those ending in
//! `_for` take the tokenizer the text is cut with.

use rustc_hash::FxHashSet as HashSet;

use super::tokenize::Tokenizer;
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
    /// The built-in list of `language`, normalised by the language's default rules.
    pub fn builtin(language: Language) -> Self {
        Self::builtin_for(language, &Tokenizer::defaults(language))
    }

    /// The built-in list of `language`, normalised as `tokenizer` normalises words.
    pub fn builtin_for(language: Language, tokenizer: &Tokenizer) -> Self {
        let list = match language {
            Language::En => ENGLISH,
            Language::Ru => RUSSIAN,
            Language::Kk => KAZAKH,
        };
        Self::from_lines_for(list, tokenizer)
    }

    /// One word a line, normalised by `language`'s default rules; blank lines and lines
    /// starting with `#` are ignored.
    pub fn from_lines(text: &str, language: Language) -> Self {
        Self::from_lines_for(text, &Tokenizer::defaults(language))
    }

    /// One word a line, normalised as `tokenizer` normalises words; blank lines and lines
    /// starting with `#` are ignored.
    pub fn from_lines_for(text: &str, tokenizer: &Tokenizer) -> Self {
        let mut stopwords = Stopwords::default();
        for line in text.lines() {
            let word = line.trim();
            if !word.is_empty() && !word.starts_with('#') {
                stopwords.insert_for(word, tokenizer);
            }
        }
        stopwords
    }

    /// Adds `word`, normalised by `language`'s default rules.
    pub fn insert(&mut self, word: &str, language: Language) {
        self.insert_for(word, &Tokenizer::defaults(language));
    }

    /// Adds `word`, normalised as `tokenizer` normalises words, and lowercased.
    pub fn insert_for(&mut self, word: &str, tokenizer: &Tokenizer) {
        let lowercase = Tokenizer {
            lowercase: true,
            ..*tokenizer
        };
        self.words.insert(lowercase.normalise_word(word));
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
    fn lists_are_normalised_as_the_text() {
        let list = Stopwords::from_lines(
            "за\u{301}мок\nеще\u{308}\nпро\u{AD}тест\ncкорей\n",
            Language::Ru,
        );
        let russian = Tokenizer::defaults(Language::Ru);
        for word in ["замок", "еще", "протест", "скорей"] {
            assert!(list.contains(word), "{word}");
        }
        // A decomposed ещё in a Russian text is a stopword of the built-in list.
        let builtin = Stopwords::builtin_for(Language::Ru, &russian);
        let words = russian.words("Ещ\u{435}\u{308} раз");
        assert!(builtin.contains(&words[0].text), "{:?}", words[0]);
        // The rules of the tokenizer, not of the language: stress marks kept when it keeps them.
        let stressed = Tokenizer {
            remove_stress_marks: false,
            ..russian
        };
        let mut kept = Stopwords::default();
        kept.insert_for("За\u{301}мок", &stressed);
        assert!(kept.contains("за\u{301}мок") && !kept.contains("замок"));
    }

    #[test]
    fn study_lists_are_normalised() {
        let list = Stopwords::from_lines("# mine\nRT\n\nDon\u{2019}t\n", Language::En);
        assert_eq!(list.len(), 2);
        assert!(list.contains("rt") && list.contains("don't"));
    }
}
