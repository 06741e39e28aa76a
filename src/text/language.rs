//! TEMPORARY: replaced by the detection module of branch i18-langid at merge.

use crate::config::Language;

/// The script of a word.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Script {
    /// Latin letters.
    Latin,
    /// Cyrillic letters.
    Cyrillic,
    /// Neither.
    Other,
}

/// The script of a word's first letter.
pub fn word_script(word: &str) -> Script {
    for c in word.chars().filter(|c| c.is_alphabetic()) {
        if c.is_ascii_alphabetic() || ('\u{00C0}'..='\u{024F}').contains(&c) {
            return Script::Latin;
        }
        if ('\u{0400}'..='\u{04FF}').contains(&c) {
            return Script::Cyrillic;
        }
        return Script::Other;
    }
    Script::Other
}

/// Whether a word has a letter only Kazakh has.
pub fn has_kazakh_letter(word: &str) -> bool {
    word.chars().any(|c| "әғқңөұүһіӘҒҚҢӨҰҮҺІ".contains(c))
}

/// Each text's language among `languages`.
pub fn detect(texts: &[&str], languages: &[Language]) -> Vec<Option<Language>> {
    texts.iter().map(|_| languages.first().copied()).collect()
}

impl Language {
    /// TEMPORARY.
    pub fn from_code(code: &str) -> Option<Language> {
        match code.trim().to_lowercase().as_str() {
            "en" => Some(Language::En),
            "ru" => Some(Language::Ru),
            "kk" => Some(Language::Kk),
            _ => None,
        }
    }
}
