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
//! text maps back to the original ([`original_span`]) for keyword-in-context lines.

use std::borrow::Cow;
use std::sync::LazyLock;

use regex::Regex;
use unicode_segmentation::UnicodeSegmentation;

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

static URL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:(?:https?|ftp)://|www\.)[^\s<>]+").expect("the URL pattern is valid")
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
    /// The text as the segmenter sees it: addresses blanked, apostrophes folded, and `@` and
    /// breaking characters replaced by their stand-ins. Returns the stand-in used for `@`.
    /// A text with nothing to replace is borrowed, not copied.
    pub fn prepare<'a>(&self, text: &'a str) -> (Cow<'a, str>, char) {
        let text: Cow<'a, str> = if self.remove_urls && URL.is_match(text) {
            Cow::Owned(blank_urls(text))
        } else {
            Cow::Borrowed(text)
        };
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

    /// The words of `text`, in order, with their spans in the prepared text.
    pub fn words(&self, text: &str) -> Vec<Word> {
        let (prepared, at) = self.prepare(text);
        self.words_of_prepared(&prepared, at)
    }

    /// The words of a text already through [`Tokenizer::prepare`].
    pub fn words_of_prepared(&self, prepared: &str, at: char) -> Vec<Word> {
        let mut words = Vec::new();
        self.visit_prepared(prepared, at, &mut |word, start, end| {
            words.push(Word {
                text: word.to_string(),
                start,
                end,
            })
        });
        words
    }

    /// Calls `visit` with each word of `text` (normalised, in a buffer reused from word to
    /// word) and its span in the prepared text: the allocation-free path of indexing.
    pub fn visit_words(&self, text: &str, visit: &mut dyn FnMut(&str, usize, usize)) {
        let (prepared, at) = self.prepare(text);
        self.visit_prepared(&prepared, at, visit);
    }

    fn visit_prepared(&self, prepared: &str, at: char, visit: &mut dyn FnMut(&str, usize, usize)) {
        let mut buffer = String::new();
        for (start, segment) in prepared.split_word_bound_indices() {
            if !segment.chars().any(|c| c.is_alphanumeric() || c == at) {
                continue;
            }
            buffer.clear();
            if self.lowercase && segment.is_ascii() {
                buffer.extend(segment.chars().map(|c| c.to_ascii_lowercase()));
            } else if self.lowercase {
                // Whole-word lowercasing, so a final sigma becomes ς as in ICU.
                buffer.push_str(&segment.to_lowercase());
            } else {
                buffer.push_str(segment);
            }
            if buffer.contains(at) {
                buffer = buffer.replace(at, "@");
            }
            if self.fold_yo && buffer.contains(['ё', 'Ё']) {
                buffer = buffer.replace(['ё', 'Ё'], "е");
            }
            if self.remove_numbers && !has_letter(&buffer) {
                continue;
            }
            visit(&buffer, start, start + segment.len());
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

/// Replaces each character of a web address by a space. Closing
/// punctuation at the end of an address (`example.org/x).`) is left in the text.
fn blank_urls(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut last = 0;
    for found in URL.find_iter(text) {
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

    #[test]
    fn a_stand_in_already_in_the_text_is_not_confused_with_at() {
        let text = format!("{}x @y", AT_STAND_INS[0]);
        assert_eq!(
            words(LIKE_R, &text),
            [format!("{}x", AT_STAND_INS[0]), "@y".into()]
        );
    }
}
