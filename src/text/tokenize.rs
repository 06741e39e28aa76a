//! Tokenising: from a post's text to its words, as the design notes' text semantics say.
//!
//! Words are cut by Unicode word boundaries (UAX #29, the `unicode-segmentation` crate) with
//! the two tailorings of the ICU 72 root rules that R's `tokenizers` applies: `@` is a letter
//! (so `@BarackObama` and `foo@bar.com` stay whole) and a colon does not join letters
//! (`note:this` is two words); and the cedilla, a letter in the crate's Unicode 17 tables,
//! breaks words as in ICU 72's Unicode 15.0. All three are done by substitution before segmenting, which keeps
//! the segmenter itself untouched: `@` becomes a rare letter that the segmenter treats like
//! any other and is put back in the words, and a colon becomes a character that always breaks.
//!
//! Web addresses are blanked before segmenting, typographic apostrophes folded to `'`. Every
//! substitution replaces one character by one character, so a word's span in the prepared
//! text maps back to the original ([`original_span`]) for keyword-in-context lines. An
//! address is one with a scheme or `www.` (`https://t.co/x`, `www.x.org`), or a host name
//! ending in one of the top-level domains of [`TLDS`] followed by `/` (`t.me/channel`,
//! `vk.com/id1`, `пример.рф/путь`); a host alone (`tengrinews.kz`) is a word.
//!
//! The Unicode repairs of [`super::unicode`] (NFC, stress marks, soft hyphens, mixed
//! scripts) change the number of characters, so they are not done on the text but on each
//! word once it is cut: the segmenter keeps combining marks and soft hyphens inside a word,
//! so the cut is the same, and the word's span still points into the prepared text. A word
//! is normalised in this order: `@` put back, NFC, stress marks and soft hyphens removed,
//! look-alike letters folded into the word's script (on the case as written, since `B` and
//! `В` look alike but `b` and `в` do not), lowercased, `ё` folded to `е` (after NFC, so a
//! decomposed `ё` is folded too).

use std::borrow::Cow;
use std::sync::LazyLock;

use regex::Regex;
use unicode_segmentation::UnicodeSegmentation;

use super::unicode::{self, ScriptFolds};
use crate::config::Language;

/// Letters that stand in for `@` while segmenting: `Word_Break=ALetter`, without case, and
/// practically never in posts. The first one absent from a text is used.
const AT_STAND_INS: [char; 4] = ['\u{A78F}', '\u{A7F7}', '\u{A7FB}', '\u{A7FC}'];
/// Characters that break words in ICU 72 but not in `unicode-segmentation`: the colons ICU 72
/// no longer counts as `MidLetter` (CLDR-15910), and U+00B8 CEDILLA, `Word_Break=Other` in
/// Unicode 15.0 (ICU 72) and `ALetter` in Unicode 17 (the crate's tables). The cedilla shows
/// up in mojibake: a double-encoded emoji variation selector reads `ï¸`.
const BREAKING: [char; 4] = [':', '\u{FE55}', '\u{FF1A}', '\u{B8}'];
/// Stands in for a breaking character: `Word_Break=Other`, so it never joins two words.
const BREAK: char = '\u{0}';

/// One of the per-word repairs of [`super::unicode`]; a word it leaves alone is borrowed.
type Repair = for<'a> fn(&'a str) -> Cow<'a, str>;

static URL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:(?:https?|ftp)://|www\.)[^\s<>]+").expect("the URL pattern is valid")
});
/// The top-level domains that make a host name without a scheme a web address when a `/`
/// follows it: the common generic ones, the region's (Kazakhstan, Russia, the other former
/// Soviet republics, neighbours), and the country codes that link shorteners and platforms
/// use (`t.me`, `youtu.be`, `bit.ly`, `goo.gl`, `ok.ru`). A host is labels of Latin or Cyrillic
/// letters, digits and inner hyphens joined by dots; matching ignores case.
pub const TLDS: [&str; 59] = [
    "com", "org", "net", "edu", "gov", "mil", "int", "info", "biz", "name", "pro", "app", "dev",
    "news", "online", "site", "xyz", "top", "club", "live", "blog", "media", "link", "kz", "қаз",
    "ru", "рф", "su", "рус", "by", "бел", "ua", "укр", "uz", "kg", "tj", "tm", "am", "az", "ge",
    "md", "mn", "cn", "tr", "de", "uk", "us", "eu", "me", "be", "ly", "co", "io", "tv", "gl", "gg",
    "cc", "fm", "to",
];

/// A host name ending in one of [`TLDS`], then `/` and the rest of the address (group 1). The
/// character before it must not continue a word, a host or a path (group 0 may hold it).
static BARE_URL: LazyLock<Regex> = LazyLock::new(|| {
    let label =
        r"[0-9\p{Latin}\p{Cyrillic}](?:[0-9\p{Latin}\p{Cyrillic}-]*[0-9\p{Latin}\p{Cyrillic}])?";
    Regex::new(&format!(
        r"(?i)(?:^|[^\p{{L}}\p{{N}}\p{{M}}._@/-])((?:{label}\.)+(?:{})/[^\s<>]*)",
        TLDS.join("|")
    ))
    .expect("the bare address pattern is valid")
});
static LETTER: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\p{L}").expect("the letter pattern is valid"));

/// How to tokenise: the `text` section of the config, as far as words are concerned.
#[derive(Debug, Clone, Copy)]
pub struct Tokenizer {
    /// Blank web addresses (`http://`, `https://`, `ftp://`, `www.`) before cutting words.
    pub remove_urls: bool,
    /// Lowercase each word (whole words, so a final sigma becomes ς).
    pub lowercase: bool,
    /// Drop words without a letter (`2,000`, `9/11`).
    pub remove_numbers: bool,
    /// Fold `ё` to `е` (Russian).
    pub fold_yo: bool,
    /// Put each word in Normalisation Form C (`е` + U+0308 becomes `ё`).
    pub nfc: bool,
    /// Remove stress marks from Cyrillic letters (`за́мок` → `замок`).
    pub remove_stress_marks: bool,
    /// Remove soft hyphens (U+00AD) from words.
    pub remove_soft_hyphens: bool,
    /// Fold look-alike letters of the other script into a word's own (`cкорей` with a Latin
    /// `c` → `скорей`).
    pub fold_mixed_scripts: bool,
}

/// One word of a text: its normalised form and its byte span in the prepared text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Word {
    /// The word as normalised: apostrophes folded, and lowercased and `ё` folded as configured.
    pub text: String,
    /// Byte offset of its first byte in the prepared text (see [`original_span`]).
    pub start: usize,
    /// Byte offset just past its last byte in the prepared text.
    pub end: usize,
}

impl Tokenizer {
    /// The tokenizer of the config's defaults for `language`: addresses removed, words
    /// lowercased, letterless words dropped, NFC; for `ru` and `kk` also `ё` folded, stress
    /// marks and soft hyphens removed and mixed scripts folded.
    pub const fn defaults(language: Language) -> Tokenizer {
        let cyrillic = matches!(language, Language::Ru | Language::Kk);
        Tokenizer {
            remove_urls: true,
            lowercase: true,
            remove_numbers: true,
            fold_yo: cyrillic,
            nfc: true,
            remove_stress_marks: cyrillic,
            remove_soft_hyphens: cyrillic,
            fold_mixed_scripts: cyrillic,
        }
    }

    /// The text as the segmenter sees it: addresses blanked, apostrophes folded, and `@` and
    /// breaking characters replaced by their stand-ins. Returns the stand-in used for `@`.
    /// A text with nothing to replace is borrowed, not copied.
    pub fn prepare<'a>(&self, text: &'a str) -> (Cow<'a, str>, char) {
        let text = self.without_links(text);
        let at = if text.contains('@') {
            AT_STAND_INS
                .into_iter()
                .find(|c| !text.contains(*c))
                .unwrap_or(AT_STAND_INS[0])
        } else {
            AT_STAND_INS[0]
        };
        if !text.chars().any(|c| substitute(c, at) != c) {
            return (text, at);
        }
        (
            Cow::Owned(text.chars().map(|c| substitute(c, at)).collect()),
            at,
        )
    }

    /// The text with its web addresses blanked when `remove_urls` is on (what language
    /// detection reads: the letters of a link are no language's).
    pub fn without_links<'a>(&self, text: &'a str) -> Cow<'a, str> {
        if self.remove_urls && has_url(text) {
            Cow::Owned(blank_urls(text))
        } else {
            Cow::Borrowed(text)
        }
    }

    /// The words of `text`, in order, with their spans in the prepared text.
    pub fn words(&self, text: &str) -> Vec<Word> {
        let (prepared, at) = self.prepare(text);
        self.words_of_prepared(&prepared, at)
    }

    /// The words of a text already through [`Tokenizer::prepare`].
    pub fn words_of_prepared(&self, prepared: &str, at: char) -> Vec<Word> {
        let mut words = Vec::new();
        self.visit_prepared(
            prepared,
            at,
            &mut ScriptFolds::default(),
            &mut |word, start, end| {
                words.push(Word {
                    text: word.to_string(),
                    start,
                    end,
                })
            },
        );
        words
    }

    /// Calls `visit` with each word of `text` (normalised, in a buffer reused from word to
    /// word) and its span in the prepared text: the allocation-free path of indexing.
    pub fn visit_words(&self, text: &str, visit: &mut dyn FnMut(&str, usize, usize)) {
        self.visit_words_counting(text, &mut ScriptFolds::default(), visit);
    }

    /// As [`Tokenizer::visit_words`], and adds to `folds` the words of `text` whose letters
    /// were folded into the other script (all of them, stopwords too).
    pub fn visit_words_counting(
        &self,
        text: &str,
        folds: &mut ScriptFolds,
        visit: &mut dyn FnMut(&str, usize, usize),
    ) {
        let (prepared, at) = self.prepare(text);
        self.visit_prepared(&prepared, at, folds, visit);
    }

    fn visit_prepared(
        &self,
        prepared: &str,
        at: char,
        folds: &mut ScriptFolds,
        visit: &mut dyn FnMut(&str, usize, usize),
    ) {
        let mut buffer = String::new();
        for (start, segment) in prepared.split_word_bound_indices() {
            if !segment.chars().any(|c| c.is_alphanumeric() || c == at) {
                continue;
            }
            self.normalise_into(segment, at, &mut buffer, folds);
            if self.remove_numbers && !has_letter(&buffer) {
                continue;
            }
            visit(&buffer, start, start + segment.len());
        }
    }

    /// One word as a token: apostrophes folded, then the word rules of the module's doc. A
    /// stopword list is normalised by this, so that its words meet the text's.
    pub fn normalise_word(&self, word: &str) -> String {
        let word = word.replace(['\u{2019}', '\u{02BC}'], "'");
        let mut buffer = String::new();
        self.normalise_into(&word, '@', &mut buffer, &mut ScriptFolds::default());
        buffer
    }

    /// Writes the normalised `segment` into `buffer`, counting a fold of scripts in `folds`.
    fn normalise_into(
        &self,
        segment: &str,
        at: char,
        buffer: &mut String,
        folds: &mut ScriptFolds,
    ) {
        buffer.clear();
        if segment.is_ascii() {
            // Nothing for the Unicode repairs to do: the common path, kept short.
            match self.lowercase {
                true => buffer.extend(segment.chars().map(|c| c.to_ascii_lowercase())),
                false => buffer.push_str(segment),
            }
            return;
        }
        let mut word = Cow::Borrowed(segment);
        if word.contains(at) {
            word = Cow::Owned(word.replace(at, "@"));
        }
        let steps: [(bool, Repair); 3] = [
            (self.nfc, unicode::nfc),
            (self.remove_stress_marks, unicode::remove_stress_marks),
            (self.remove_soft_hyphens, unicode::remove_soft_hyphens),
        ];
        for (_, step) in steps.into_iter().filter(|(on, _)| *on) {
            if let Cow::Owned(changed) = step(&word) {
                word = Cow::Owned(changed);
            }
        }
        if self.fold_mixed_scripts {
            if let (Cow::Owned(folded), Some(script)) = unicode::fold_mixed_scripts(&word) {
                folds.count(script);
                word = Cow::Owned(folded);
            }
        }
        if self.lowercase {
            // Whole-word lowercasing, so a final sigma becomes ς as in ICU.
            buffer.push_str(&word.to_lowercase());
        } else {
            buffer.push_str(&word);
        }
        if self.fold_yo && buffer.contains(['ё', 'Ё']) {
            *buffer = buffer.replace(['ё', 'Ё'], "е");
        }
    }
}

/// What the segmenter sees in place of `c`.
fn substitute(c: char, at: char) -> char {
    match c {
        '\u{2019}' | '\u{02BC}' => '\'',
        '@' => at,
        c if BREAKING.contains(&c) => BREAK,
        c => c,
    }
}

/// Whether `word` holds a letter (`\p{L}`, as R's check does; `@` is not one).
pub fn has_letter(word: &str) -> bool {
    word.bytes().any(|b| b.is_ascii_alphabetic()) || (!word.is_ascii() && LETTER.is_match(word))
}

/// The span in `original` of the span `start..end` of its prepared text (one character of
/// the prepared text for each character of the original).
pub fn original_span(original: &str, prepared: &str, start: usize, end: usize) -> (usize, usize) {
    let mut span = (original.len(), original.len());
    for ((o, _), (p, _)) in original.char_indices().zip(prepared.char_indices()) {
        if p == start {
            span.0 = o;
        }
        if p == end {
            span.1 = o;
            break;
        }
    }
    span
}

/// Whether `text` may hold a web address, with a scheme or `www.` or a bare host and `/`.
fn has_url(text: &str) -> bool {
    URL.is_match(text) || (text.contains('/') && BARE_URL.is_match(text))
}

/// Replaces each character of a web address (with a scheme or `www.`, then bare hosts with a
/// path) by a space. Closing punctuation at the end of an address (`example.org/x).`) is left
/// in the text.
fn blank_urls(text: &str) -> String {
    let text = blank(text, &URL, 0);
    if text.contains('/') {
        blank(&text, &BARE_URL, 1)
    } else {
        text
    }
}

/// Blanks the matches of `pattern`'s capture `group`, trailing punctuation trimmed.
fn blank(text: &str, pattern: &Regex, group: usize) -> String {
    let mut out = String::with_capacity(text.len());
    let mut last = 0;
    for found in pattern.captures_iter(text).filter_map(|c| c.get(group)) {
        let url = found
            .as_str()
            .trim_end_matches(['.', ',', ';', ':', '!', '?', ')', ']', '}', '\'', '"']);
        out.push_str(&text[last..found.start()]);
        out.extend(url.chars().map(|_| ' '));
        last = found.start() + url.len();
    }
    out.push_str(&text[last..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const LIKE_R: Tokenizer = Tokenizer {
        remove_urls: false,
        lowercase: true,
        remove_numbers: true,
        fold_yo: false,
        nfc: true,
        remove_stress_marks: false,
        remove_soft_hyphens: false,
        fold_mixed_scripts: false,
    };

    fn words(tokenizer: Tokenizer, text: &str) -> Vec<String> {
        tokenizer.words(text).into_iter().map(|w| w.text).collect()
    }

    /// The reference's table of tokenizer behaviour (`reference/tweets/README.md`), tokens
    /// after the letter filter.
    #[test]
    fn tokens_follow_the_icu_word_breaker_as_r_uses_it() {
        let cases: &[(&str, &[&str])] = &[
            ("https://t.co/abc", &["https", "t.co", "abc"]),
            ("#MAGA", &["maga"]),
            ("@BarackObama", &["@barackobama"]),
            ("@POTUS44's", &["@potus44", "s"]),
            ("don't", &["don't"]),
            ("don\u{2019}t", &["don't"]),
            ("Obama's", &["obama's"]),
            ("students'", &["students"]),
            ("U.S.", &["u.s"]),
            ("U.S.A.", &["u.s.a"]),
            ("2,000", &[]),
            ("1,000th", &["1,000th"]),
            ("3.5%", &[]),
            ("401(k)", &["k"]),
            ("9/11", &[]),
            ("e-mail", &["e", "mail"]),
            ("5:30 p.m.", &["p.m"]),
            ("note:this", &["note", "this"]),
            ("&amp;", &["amp"]),
            ("RT @OFA: hi", &["rt", "@ofa", "hi"]),
            ("foo@bar.com", &["foo@bar.com"]),
            ("www.whitehouse.gov", &["www.whitehouse.gov"]),
            ("snake_case", &["snake_case"]),
            (
                "a\u{2030}\u{DB}\u{D3}President",
                &["a", "\u{FB}\u{F3}president"],
            ),
            ("a @ b", &["a", "b"]),
            ("'tis", &["tis"]),
            ("\u{EF}\u{B8}\u{E8}https", &["\u{EF}", "\u{E8}https"]),
        ];
        for (text, expected) in cases {
            assert_eq!(words(LIKE_R, text), *expected, "tokens of {text:?}");
        }
    }

    #[test]
    fn numbers_stay_when_asked() {
        let keep = Tokenizer {
            remove_numbers: false,
            ..LIKE_R
        };
        assert_eq!(words(keep, "9/11 2,000"), ["9", "11", "2,000"]);
    }

    #[test]
    fn addresses_are_removed_and_offsets_kept() {
        let tokenizer = Tokenizer {
            remove_urls: true,
            ..LIKE_R
        };
        let text = "see https://t.co/abc, and www.x.org/a).";
        let found = tokenizer.words(text);
        let texts: Vec<&str> = found.iter().map(|w| w.text.as_str()).collect();
        assert_eq!(texts, ["see", "and"]);
        assert_eq!(&text[found[1].start..found[1].end], "and");
    }

    #[test]
    fn spans_map_back_to_the_original_text() {
        let text = "Don\u{2019}t see https://пример.рф/x, @Ablyazov: protest";
        let (prepared, at) = Tokenizer {
            remove_urls: true,
            ..LIKE_R
        }
        .prepare(text);
        let words = LIKE_R.words_of_prepared(&prepared, at);
        let shown: Vec<&str> = words
            .iter()
            .map(|w| {
                let (start, end) = original_span(text, &prepared, w.start, w.end);
                &text[start..end]
            })
            .collect();
        assert_eq!(shown, ["Don\u{2019}t", "see", "@Ablyazov", "protest"]);
    }

    #[test]
    fn russian_words_fold_yo_and_keep_cyrillic() {
        let russian = Tokenizer {
            fold_yo: true,
            ..LIKE_R
        };
        assert_eq!(
            words(russian, "Ещё ЁЛКА, «Назарбаев»!"),
            ["еще", "елка", "назарбаев"]
        );
    }

    fn russian_words(text: &str) -> Vec<String> {
        words(Tokenizer::defaults(Language::Ru), text)
    }

    #[test]
    fn decomposed_letters_are_composed() {
        // ещё and й typed as a base letter and a combining mark.
        assert_eq!(
            russian_words("Ещ\u{435}\u{308} и\u{306}ога"),
            ["еще", "йога"]
        );
        let english = Tokenizer::defaults(Language::En);
        assert_eq!(words(english, "cafe\u{301}"), ["café"]);
        let raw = Tokenizer {
            nfc: false,
            ..english
        };
        assert_eq!(words(raw, "cafe\u{301}"), ["cafe\u{301}"]);
    }

    #[test]
    fn a_decomposed_yo_meets_the_russian_stopword() {
        let russian = Tokenizer::defaults(Language::Ru);
        let stopwords = super::super::stopwords::Stopwords::builtin_for(Language::Ru, &russian);
        let kept: Vec<String> = words(russian, "ещ\u{435}\u{308} митинг")
            .into_iter()
            .filter(|w| !stopwords.contains(w))
            .collect();
        assert_eq!(kept, ["митинг"]);
    }

    #[test]
    fn stress_marks_and_soft_hyphens_go_in_russian_only() {
        assert_eq!(
            russian_words("За\u{301}мок, все\u{300}, про\u{AD}тест"),
            ["замок", "все", "протест"]
        );
        let english = Tokenizer::defaults(Language::En);
        assert_eq!(
            words(english, "за\u{301}мок про\u{AD}тест café"),
            ["за\u{301}мок", "про\u{AD}тест", "café"]
        );
        // The word's span still covers the marks in the text.
        let text = "за\u{301}мок";
        let found = Tokenizer::defaults(Language::Ru).words(text);
        assert_eq!((found[0].start, found[0].end), (0, text.len()));
    }

    #[test]
    fn mixed_scripts_fold_into_the_words_own() {
        assert_eq!(
            russian_words("cкорей бiр Nazarba\u{435}v Mосква"),
            ["скорей", "б\u{456}р", "nazarbaev", "москва"]
        );
        assert_eq!(
            russian_words("iPhone COVID Москва Qazaqstanдағы"),
            ["iphone", "covid", "москва", "qazaqstanдағы"]
        );
        let english = Tokenizer::defaults(Language::En);
        assert_eq!(words(english, "cкорей"), ["cкорей"]);
    }

    #[test]
    fn folds_are_counted_per_text() {
        let russian = Tokenizer::defaults(Language::Ru);
        let mut folds = ScriptFolds::default();
        let mut seen = Vec::new();
        russian.visit_words_counting(
            "cкорей и cкорей, Nazarba\u{435}v, iPhone Москва",
            &mut folds,
            &mut |word, _, _| seen.push(word.to_string()),
        );
        assert_eq!(
            seen,
            ["скорей", "и", "скорей", "nazarbaev", "iphone", "москва"]
        );
        assert_eq!(
            folds,
            ScriptFolds {
                to_cyrillic: 2,
                to_latin: 1
            }
        );
        russian.visit_words_counting("Mосква", &mut folds, &mut |_, _, _| {});
        assert_eq!(folds.to_cyrillic, 3);
    }

    #[test]
    fn addresses_without_a_scheme_are_removed() {
        let tokenizer = Tokenizer {
            remove_urls: true,
            ..LIKE_R
        };
        let text = "vk.com/id123 t.me/channel, youtu.be/xyz instagram.com/p/abc/ (bit.ly/x) \
                    facebook.com/groups/1?a=b пример.рф/путь nur.kz/news/1. Nur.KZ/a!";
        assert_eq!(words(tokenizer, text), Vec::<String>::new());
        let (prepared, _) = tokenizer.prepare(text);
        assert_eq!(prepared.chars().count(), text.chars().count());
        assert!(prepared.contains(", ") && prepared.contains("(") && prepared.ends_with(" !"));
    }

    #[test]
    fn words_with_dots_and_slashes_are_not_addresses() {
        let tokenizer = Tokenizer {
            remove_urls: true,
            remove_numbers: false,
            ..LIKE_R
        };
        assert_eq!(
            words(
                tokenizer,
                "e.g. т.д. 3.5/10 and/or tengrinews.kz, x@mail.ru/a a.b/c"
            ),
            [
                "e.g",
                "т.д",
                "3.5",
                "10",
                "and",
                "or",
                "tengrinews.kz",
                "x@mail.ru",
                "a",
                "a.b",
                "c"
            ]
        );
    }

    #[test]
    fn a_stand_in_already_in_the_text_is_not_confused_with_at() {
        let text = format!("{}x @y", AT_STAND_INS[0]);
        assert_eq!(
            words(LIKE_R, &text),
            [format!("{}x", AT_STAND_INS[0]), "@y".into()]
        );
    }
}
