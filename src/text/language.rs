//! Which language a post is in, when a corpus mixes Russian, Kazakh and English.
//!
//! A corpus from Kazakhstan mixes the three languages from post to post, and within a post
//! (a Russian sentence with an English hashtag, a Kazakh suffix on a Latin brand name). The
//! stemmer and the stopword list depend on the language, so the text stage needs one per post
//! and, inside a post, a hint per word:
//!
//! - [`detect`] gives each post's language among the ones the study lists, with the `lingua`
//!   crate (n-gram models compiled into the binary, no network, no randomness) restricted to
//!   them. Restricting matters: Kazakh and Russian share most of the Cyrillic alphabet, and a
//!   detector free to answer Ukrainian or Kyrgyz would.
//! - [`word_script`] and [`has_kazakh_letter`] look at one word's letters. A Latin-script word
//!   in a post is English when English is listed, and a Cyrillic word with a letter that only
//!   Kazakh uses among the three (`ә ғ қ ң ө ұ ү һ і`) is Kazakh when Kazakh is listed, whatever
//!   the post's language.
//! - [`Language::from_code`] reads a language column written by another tool (`ru`, `kaz`,
//!   `en-US`, `Russian`, ...).
//!
//! Labels are deterministic: `lingua` computes each text's label from that text alone, so the
//! thread count cannot change them. Its confidence values differ between processes in the last
//! digits (about 1e-17: it sums a `HashMap`'s values in the map's per-process order), which is
//! why no minimum distance between the first and second language is set (a threshold would
//! turn that noise into a label flipping between `Some` and `None` on a borderline text) and
//! why only labels, never confidences, leave this module. Its accuracy on the labelled set in
//! `tests/fixtures/langid/` is checked by `tests/language_detection.rs`.

use lingua::LanguageDetectorBuilder;
use rayon::prelude::*;

use crate::config::Language;

/// The language of each text among `languages`, in the order of `texts`.
///
/// With no language listed every text gets `None`; with one, every text gets it without
/// running the detector (there is nothing to choose). With two or more, `lingua` restricted to
/// them decides, in parallel (rayon); `None` where it cannot: a text with no letters, a text
/// whose letters belong to no listed language's alphabet (Latin text when only `ru` and `kk`
/// are listed), or an exact tie. The labels do not depend on the thread count. The detector's
/// models are loaded on the first call in a process and kept (`lingua` shares them between
/// detectors), so later calls only pay for detection.
pub fn detect(texts: &[&str], languages: &[Language]) -> Vec<Option<Language>> {
    let mut listed: Vec<Language> = Vec::with_capacity(languages.len());
    for &language in languages {
        if !listed.contains(&language) {
            listed.push(language);
        }
    }
    match listed.as_slice() {
        [] => vec![None; texts.len()],
        &[only] => vec![Some(only); texts.len()],
        _ => {
            let models: Vec<lingua::Language> = listed.iter().map(|&l| to_lingua(l)).collect();
            let detector = LanguageDetectorBuilder::from_languages(&models)
                .with_preloaded_language_models()
                .build();
            texts
                .par_iter()
                .map(|text| detector.detect_language_of(*text).map(from_lingua))
                .collect()
        }
    }
}

fn to_lingua(language: Language) -> lingua::Language {
    match language {
        Language::En => lingua::Language::English,
        Language::Ru => lingua::Language::Russian,
        Language::Kk => lingua::Language::Kazakh,
    }
}

fn from_lingua(language: lingua::Language) -> Language {
    match language {
        lingua::Language::English => Language::En,
        lingua::Language::Russian => Language::Ru,
        lingua::Language::Kazakh => Language::Kk,
        // The detector is built from the listed languages only, and only these three models
        // are compiled in.
        #[allow(unreachable_patterns)]
        other => unreachable!("lingua answered {other:?}, which was not asked for"),
    }
}

impl Language {
    /// The language a code or name stands for, as a language column of an export writes it:
    /// ISO 639-1 (`ru`, `kk`, `en`), ISO 639-2/3 (`rus`, `kaz`, `eng`), a BCP 47 or POSIX
    /// locale tag with a script or region (`ru-RU`, `kk_KZ`, `kk-Cyrl-KZ`, `en-US`, `en-GB`;
    /// only the first subtag counts), the English name (`Russian`, `Kazakh`, `English`) or the
    /// language's own (`русский`, `қазақ`, `қазақша`). Case does not matter and surrounding
    /// spaces are trimmed. `None` for anything else, including `und` (undetermined) and an
    /// empty cell.
    pub fn from_code(s: &str) -> Option<Language> {
        let lower = s.trim().to_lowercase();
        let primary = lower.split(['-', '_']).next().unwrap_or_default().trim();
        match primary {
            "en" | "eng" | "english" => Some(Language::En),
            "ru" | "rus" | "russian" | "русский" => Some(Language::Ru),
            "kk" | "kaz" | "kazakh" | "қазақ" | "қазақша" => Some(Language::Kk),
            _ => None,
        }
    }
}

/// The script a word is written in, as far as telling the three languages apart needs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Script {
    /// Latin letters and no Cyrillic one: English among the three languages.
    Latin,
    /// At least one Cyrillic letter: Russian or Kazakh.
    Cyrillic,
    /// Neither a Latin nor a Cyrillic letter: digits, punctuation, emoji, other scripts.
    Other,
}

/// The script of `word`: [`Script::Cyrillic`] if it has a Cyrillic letter, else
/// [`Script::Latin`] if it has a Latin letter, else [`Script::Other`].
///
/// Cyrillic wins over Latin so that a word mixing both stays Cyrillic: a Kazakh or Russian
/// ending on a Latin name (`Wi-Fi-дың`, `iPhone-ы`) or a Latin look-alike letter typed inside
/// a Cyrillic word (`пoлиция` with a Latin `o`). Letters are told by Unicode block: Latin is
/// Basic Latin, Latin-1, Latin Extended (A to E, Additional) and the fullwidth forms; Cyrillic
/// is Cyrillic, its Supplement and Extended A to C.
pub fn word_script(word: &str) -> Script {
    let mut latin = false;
    for c in word.chars() {
        if is_cyrillic_letter(c) {
            return Script::Cyrillic;
        }
        latin |= is_latin_letter(c);
    }
    if latin {
        Script::Latin
    } else {
        Script::Other
    }
}

/// Whether `word` has one of the Cyrillic letters that Kazakh uses and Russian does not:
/// `ә ғ қ ң ө ұ ү һ і`, in either case.
///
/// Such a letter makes a word Kazakh when the study's languages are Russian, Kazakh and
/// English. (Other Cyrillic languages use some of them too, `і` Ukrainian and Belarusian,
/// `ү ө` Kyrgyz and Tatar, so the rule is only as good as the list of languages.) Most Kazakh
/// words have none: `бар`, `мен`, `бала` are written as in Russian, so the absence of such a
/// letter says nothing.
pub fn has_kazakh_letter(word: &str) -> bool {
    word.chars().any(|c| {
        matches!(
            c,
            'ә' | 'Ә'
                | 'ғ'
                | 'Ғ'
                | 'қ'
                | 'Қ'
                | 'ң'
                | 'Ң'
                | 'ө'
                | 'Ө'
                | 'ұ'
                | 'Ұ'
                | 'ү'
                | 'Ү'
                | 'һ'
                | 'Һ'
                | 'і'
                | 'І'
        )
    })
}

fn is_cyrillic_letter(c: char) -> bool {
    matches!(c,
        '\u{0400}'..='\u{052F}'   // Cyrillic, Cyrillic Supplement
        | '\u{1C80}'..='\u{1C8F}' // Cyrillic Extended-C
        | '\u{2DE0}'..='\u{2DFF}' // Cyrillic Extended-A
        | '\u{A640}'..='\u{A69F}' // Cyrillic Extended-B
    ) && c.is_alphabetic()
}

fn is_latin_letter(c: char) -> bool {
    matches!(c,
        'a'..='z' | 'A'..='Z'
        | '\u{00C0}'..='\u{024F}' // Latin-1 letters, Latin Extended-A and -B
        | '\u{1E00}'..='\u{1EFF}' // Latin Extended Additional
        | '\u{2C60}'..='\u{2C7F}' // Latin Extended-C
        | '\u{A720}'..='\u{A7FF}' // Latin Extended-D
        | '\u{AB30}'..='\u{AB6F}' // Latin Extended-E
        | '\u{FF21}'..='\u{FF3A}' | '\u{FF41}'..='\u{FF5A}' // fullwidth A-Z, a-z
    ) && c.is_alphabetic()
}

#[cfg(test)]
mod tests {
    use super::*;
    use Language::{En, Kk, Ru};

    #[test]
    fn codes_names_and_tags() {
        for (code, language) in [
            ("ru", Some(Ru)),
            ("kk", Some(Kk)),
            ("en", Some(En)),
            ("rus", Some(Ru)),
            ("kaz", Some(Kk)),
            ("eng", Some(En)),
            ("ru-RU", Some(Ru)),
            ("kk_KZ", Some(Kk)),
            ("kk-Cyrl-KZ", Some(Kk)),
            ("en-US", Some(En)),
            ("en-GB", Some(En)),
            ("ru_RU.UTF-8", Some(Ru)),
            ("Russian", Some(Ru)),
            ("KAZAKH", Some(Kk)),
            ("english", Some(En)),
            ("  En \t", Some(En)),
            ("Русский", Some(Ru)),
            ("Қазақша", Some(Kk)),
            ("und", None),
            ("", None),
            ("   ", None),
            ("de", None),
            ("uk", None),
            ("ky", None),
            ("e", None),
            ("-ru", None),
            ("englishman", None),
        ] {
            assert_eq!(Language::from_code(code), language, "{code:?}");
        }
    }

    #[test]
    fn scripts() {
        assert_eq!(word_script("protest"), Script::Latin);
        assert_eq!(word_script("#Almaty2022"), Script::Latin);
        assert_eq!(word_script("Qazaqstan"), Script::Latin);
        assert_eq!(word_script("Ürümqi"), Script::Latin);
        assert_eq!(word_script("ｑａｚ"), Script::Latin);
        assert_eq!(word_script("митинг"), Script::Cyrillic);
        assert_eq!(word_script("ЖАҢАӨЗЕН"), Script::Cyrillic);
        assert_eq!(word_script("Wi-Fi-дың"), Script::Cyrillic);
        assert_eq!(word_script("пoлиция"), Script::Cyrillic); // Latin o inside
        assert_eq!(word_script("2022"), Script::Other);
        assert_eq!(word_script("!!!"), Script::Other);
        assert_eq!(word_script("🔥"), Script::Other);
        assert_eq!(word_script("ελλάδα"), Script::Other);
        assert_eq!(word_script("قازاق"), Script::Other);
        assert_eq!(word_script(""), Script::Other);
        // Combining marks and modifier letters are not letters of either script.
        assert_eq!(word_script("\u{0483}\u{0301}"), Script::Other);
    }

    #[test]
    fn kazakh_letters() {
        for word in [
            "әке",
            "Әке",
            "ағаш",
            "қала",
            "ҚАЗАҚ",
            "жаңа",
            "өмір",
            "ұлт",
            "үй",
            "Үкімет",
            "шаһар",
            "іс",
            "Іле",
            "Wi-Fi-дың",
        ] {
            assert!(has_kazakh_letter(word), "{word}");
        }
        // Kazakh words written as in Russian, Russian words, Latin look-alikes (Latin i, y, h).
        for word in [
            "бар",
            "мен",
            "бала",
            "митинг",
            "ёлка",
            "i",
            "y",
            "h",
            "ai",
            "",
        ] {
            assert!(!has_kazakh_letter(word), "{word}");
        }
    }

    #[test]
    fn zero_or_one_language_needs_no_detector() {
        let texts = [
            "Жаңаөзендегі ереуіл",
            "Митинг на площади",
            "Protest today",
            "123",
        ];
        assert_eq!(detect(&texts, &[]), vec![None; 4]);
        assert_eq!(detect(&texts, &[Ru]), vec![Some(Ru); 4]);
        assert_eq!(detect(&texts, &[Kk, Kk]), vec![Some(Kk); 4]);
        assert_eq!(detect(&[], &[Ru, Kk, En]), Vec::<Option<Language>>::new());
    }

    #[test]
    fn three_languages() {
        let texts = [
            "Жаңаөзендегі мұнайшылардың ереуілі жалғасуда",
            "Митинг на площади Республики собрал тысячи людей",
            "Thousands gathered in the square for the protest",
            "12345 !!! 🔥",
            "",
        ];
        assert_eq!(
            detect(&texts, &[Ru, Kk, En]),
            vec![Some(Kk), Some(Ru), Some(En), None, None]
        );
        // Latin text with only Cyrillic languages listed: no answer rather than a wrong one.
        assert_eq!(detect(&["protest today"], &[Ru, Kk]), vec![None]);
    }
}
