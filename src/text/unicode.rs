//! Unicode as it is written in the wild: the per-word repairs that make two spellings of one
//! word, which look the same on screen, one token.
//!
//! Posts are typed on phones and keyboards with two layouts, pasted from PDFs and written to
//! slip past filters, so the same Russian or Kazakh word arrives in several byte sequences:
//!
//! - decomposed letters (`е` + U+0308 for `ё`, `и` + U+0306 for `й`), which [`nfc`] composes;
//! - stress marks (U+0301 acute, U+0300 grave) from dictionaries and textbooks, and the
//!   precomposed `ѐ`/`ѝ` that NFC makes of `е`/`и` + grave, which [`remove_stress_marks`]
//!   takes off Cyrillic letters;
//! - soft hyphens (U+00AD) from hyphenated layouts, which [`remove_soft_hyphens`] drops;
//! - Latin letters in a Cyrillic word (`cкорей` with a Latin `c`, Kazakh `бiр` with a Latin
//!   `i` for `і`) and Cyrillic ones in a Latin word (`Nazarbaеv`), which
//!   [`fold_mixed_scripts`] folds into the word's own script.
//!
//! Each function works on one word, as the segmenter (UAX #29) cut it: combining marks
//! (`Extend`) and soft hyphens (`Format`) never break a word, so cutting is the same before
//! and after these repairs, and the tokenizer can repair the word alone while its span still
//! points into the prepared text, which maps back to the post for keyword-in-context lines.
//! Each function borrows a word it does not change.
//!
//! # The look-alike table and the folding rule
//!
//! [`LOOK_ALIKES`] pairs a Latin letter with the Cyrillic letter drawn the same, in the case
//! written: upper case `A B C E H I K M O P T X Y` ↔ `А В С Е Н І К М О Р Т Х У`, lower case
//! `a c e i o p x y k` ↔ `а с е і о р х у к`. `I`/`i` pair with the Kazakh (and Ukrainian)
//! `І`/`і` (U+0406, U+0456), the letter that a Latin `i` stands in for when a Russian keyboard
//! has none. Case matters: `B`/`В` look alike, `b`/`в` do not, so a word is folded before it
//! is lowercased.
//!
//! A word is folded only when it has letters of both scripts (Latin: the Latin letters of
//! U+0041–U+024F and U+1E00–U+1EFF; Cyrillic: U+0400–U+052F, U+1C80–U+1C8F, U+A640–U+A69F;
//! other characters are not counted) and one script is plainly the word's own:
//!
//! - to Cyrillic when every Latin letter has a Cyrillic look-alike, and some Cyrillic letter
//!   has none or the Cyrillic letters are more than the Latin ones;
//! - to Latin when every Cyrillic letter has a Latin look-alike, and some Latin letter has
//!   none or the Latin letters are more than the Cyrillic ones.
//!
//! At most one of the two holds; otherwise (`Qazaqstanдағы`, or a tie of look-alikes only)
//! the word is left as written. A word in one script (`iPhone`, `COVID`, `Москва`) is never
//! touched.

use std::borrow::Cow;

use unicode_normalization::{is_nfc_quick, IsNormalized, UnicodeNormalization};

/// Latin and Cyrillic letters drawn alike, in each case: `(Latin, Cyrillic)`.
pub const LOOK_ALIKES: [(char, char); 22] = [
    ('A', 'А'),
    ('B', 'В'),
    ('C', 'С'),
    ('E', 'Е'),
    ('H', 'Н'),
    ('I', 'І'),
    ('K', 'К'),
    ('M', 'М'),
    ('O', 'О'),
    ('P', 'Р'),
    ('T', 'Т'),
    ('X', 'Х'),
    ('Y', 'У'),
    ('a', 'а'),
    ('c', 'с'),
    ('e', 'е'),
    ('i', 'і'),
    ('o', 'о'),
    ('p', 'р'),
    ('x', 'х'),
    ('y', 'у'),
    ('k', 'к'),
];

/// Tokens whose letters were folded into the other script, each way, counted as the words
/// are cut (before stopwords are removed). Summed over documents with `+=`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ScriptFolds {
    /// Tokens written mostly in Cyrillic whose Latin look-alikes became Cyrillic (`cкорей`).
    pub to_cyrillic: u64,
    /// Tokens written mostly in Latin whose Cyrillic look-alikes became Latin (`Nazarbaеv`).
    pub to_latin: u64,
}

impl std::ops::AddAssign for ScriptFolds {
    fn add_assign(&mut self, other: ScriptFolds) {
        self.to_cyrillic += other.to_cyrillic;
        self.to_latin += other.to_latin;
    }
}

/// The script a mixed word was folded into.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Script {
    /// Its Latin look-alikes became Cyrillic.
    Cyrillic,
    /// Its Cyrillic look-alikes became Latin.
    Latin,
}

impl ScriptFolds {
    /// Counts one token folded into `script`.
    pub fn count(&mut self, script: Script) {
        match script {
            Script::Cyrillic => self.to_cyrillic += 1,
            Script::Latin => self.to_latin += 1,
        }
    }
}

/// The word in Normalisation Form C (composed letters: `е` + U+0308 becomes `ё`).
pub fn nfc(word: &str) -> Cow<'_, str> {
    if is_nfc_quick(word.chars()) == IsNormalized::Yes {
        Cow::Borrowed(word)
    } else {
        Cow::Owned(word.nfc().collect())
    }
}

const GRAVE: char = '\u{300}';
const ACUTE: char = '\u{301}';

/// The word without stress marks on Cyrillic letters: an acute (U+0301) or grave (U+0300)
/// whose nearest preceding character outside the combining diacritics (U+0300–U+036F) is a
/// Cyrillic letter is removed (`за́мок` → `замок`), and the precomposed `ѐ Ѐ ѝ Ѝ` become
/// `е Е и И`. On Latin letters the marks stay (`café`).
pub fn remove_stress_marks(word: &str) -> Cow<'_, str> {
    if !word.contains([GRAVE, ACUTE, 'ѐ', 'Ѐ', 'ѝ', 'Ѝ']) {
        return Cow::Borrowed(word);
    }
    let mut out = String::with_capacity(word.len());
    let mut after_cyrillic = false;
    for c in word.chars() {
        match c {
            GRAVE | ACUTE if after_cyrillic => continue,
            '\u{300}'..='\u{36F}' => {}
            c => after_cyrillic = is_cyrillic(c),
        }
        out.push(match c {
            'ѐ' => 'е',
            'Ѐ' => 'Е',
            'ѝ' => 'и',
            'Ѝ' => 'И',
            c => c,
        });
    }
    Cow::Owned(out)
}

/// The word without soft hyphens (U+00AD): `про\u{AD}тест` → `протест`.
pub fn remove_soft_hyphens(word: &str) -> Cow<'_, str> {
    if word.contains('\u{AD}') {
        Cow::Owned(word.replace('\u{AD}', ""))
    } else {
        Cow::Borrowed(word)
    }
}

/// Whether `c` is a Cyrillic letter (Cyrillic, Supplement, Extended-C and -B blocks).
pub fn is_cyrillic(c: char) -> bool {
    matches!(c, '\u{400}'..='\u{52F}' | '\u{1C80}'..='\u{1C8F}' | '\u{A640}'..='\u{A69F}')
        && c.is_alphabetic()
}

/// Whether `c` is a Latin letter (Basic Latin, Latin-1, Extended-A and -B, Extended
/// Additional).
pub fn is_latin(c: char) -> bool {
    c.is_ascii_alphabetic()
        || (matches!(c, '\u{C0}'..='\u{24F}' | '\u{1E00}'..='\u{1EFF}') && c.is_alphabetic())
}

fn cyrillic_of(c: char) -> Option<char> {
    LOOK_ALIKES.iter().find(|(l, _)| *l == c).map(|(_, k)| *k)
}

fn latin_of(c: char) -> Option<char> {
    LOOK_ALIKES.iter().find(|(_, k)| *k == c).map(|(l, _)| *l)
}

/// Letters of each script in a word, and whether each script has a letter without a
/// look-alike in the other.
#[derive(Default)]
struct Census {
    latin: usize,
    cyrillic: usize,
    latin_unlike: bool,
    cyrillic_unlike: bool,
}

/// The script `word` should be folded into, by the rule of the module's doc.
fn fold_target(word: &str) -> Option<Script> {
    let mut census = Census::default();
    for c in word.chars() {
        if is_latin(c) {
            census.latin += 1;
            census.latin_unlike |= cyrillic_of(c).is_none();
        } else if is_cyrillic(c) {
            census.cyrillic += 1;
            census.cyrillic_unlike |= latin_of(c).is_none();
        }
    }
    if census.latin == 0 || census.cyrillic == 0 {
        None
    } else if !census.latin_unlike && (census.cyrillic_unlike || census.cyrillic > census.latin) {
        Some(Script::Cyrillic)
    } else if !census.cyrillic_unlike && (census.latin_unlike || census.latin > census.cyrillic) {
        Some(Script::Latin)
    } else {
        None
    }
}

/// The word with its look-alikes folded into its own script, and that script when it was
/// folded (see the module's doc for the table and the rule). Run before lowercasing.
pub fn fold_mixed_scripts(word: &str) -> (Cow<'_, str>, Option<Script>) {
    if word.is_ascii() {
        return (Cow::Borrowed(word), None);
    }
    let Some(script) = fold_target(word) else {
        return (Cow::Borrowed(word), None);
    };
    let folded = word
        .chars()
        .map(|c| match script {
            Script::Cyrillic => cyrillic_of(c).unwrap_or(c),
            Script::Latin => latin_of(c).unwrap_or(c),
        })
        .collect();
    (Cow::Owned(folded), Some(script))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nfc_composes_yo_and_short_i() {
        assert_eq!(nfc("ещ\u{435}\u{308}"), "ещё");
        assert_eq!(nfc("и\u{306}ога"), "йога");
        assert!(matches!(nfc("ещё"), Cow::Borrowed(_)));
    }

    #[test]
    fn stress_marks_leave_cyrillic_letters_only() {
        assert_eq!(remove_stress_marks("за\u{301}мок"), "замок");
        assert_eq!(remove_stress_marks("ЗА\u{300}МОК"), "ЗАМОК");
        // NFC makes е + grave the precomposed ѐ, and и + grave ѝ.
        assert_eq!(remove_stress_marks(&nfc("все\u{300}")), "все");
        assert_eq!(remove_stress_marks("ѝ Ѝ Ѐ"), "и И Е");
        // A mark after another mark on a Cyrillic letter goes too.
        assert_eq!(remove_stress_marks("е\u{308}\u{301}ж"), "е\u{308}ж");
        assert_eq!(remove_stress_marks("cafe\u{301}"), "cafe\u{301}");
        assert_eq!(remove_stress_marks("café"), "café");
    }

    #[test]
    fn soft_hyphens_are_dropped() {
        assert_eq!(remove_soft_hyphens("про\u{AD}тест"), "протест");
        assert!(matches!(remove_soft_hyphens("протест"), Cow::Borrowed(_)));
    }

    fn folded(word: &str) -> (String, Option<Script>) {
        let (text, script) = fold_mixed_scripts(word);
        (text.into_owned(), script)
    }

    #[test]
    fn latin_look_alikes_in_a_cyrillic_word_become_cyrillic() {
        assert_eq!(folded("cкорей"), ("скорей".into(), Some(Script::Cyrillic)));
        assert_eq!(folded("бiр"), ("б\u{456}р".into(), Some(Script::Cyrillic)));
        assert_eq!(folded("Mосква"), ("Москва".into(), Some(Script::Cyrillic)));
        // Look-alikes only on both sides: the majority decides.
        assert_eq!(folded("CОСО"), ("СОСО".into(), Some(Script::Cyrillic)));
    }

    #[test]
    fn cyrillic_look_alikes_in_a_latin_word_become_latin() {
        assert_eq!(
            folded("Nazarba\u{435}v"),
            ("Nazarbaev".into(), Some(Script::Latin))
        );
        assert_eq!(folded("\u{421}OVID"), ("COVID".into(), Some(Script::Latin)));
    }

    #[test]
    fn words_of_one_script_or_of_no_clear_script_stay() {
        for word in [
            "iPhone",
            "COVID",
            "Москва",
            "бір",
            "Qazaqstanдағы",
            "Cо",
            "bв",
        ] {
            assert_eq!(folded(word), (word.into(), None), "{word}");
        }
        // Lowercase b and в do not look alike: the Latin b has no Cyrillic twin.
        assert_eq!(folded("bыть"), ("bыть".into(), None));
    }

    #[test]
    fn folds_add_up() {
        let mut total = ScriptFolds::default();
        let mut one = ScriptFolds::default();
        one.count(Script::Cyrillic);
        one.count(Script::Cyrillic);
        one.count(Script::Latin);
        total += one;
        total += one;
        assert_eq!(
            total,
            ScriptFolds {
                to_cyrillic: 4,
                to_latin: 2
            }
        );
    }
}
