//! Accuracy of per-post language detection among Russian, Kazakh and English, on the labelled
//! set in `tests/fixtures/langid/` (GNOME user-interface strings, see its `SOURCE.md`).
//!
//! Three measurements on the same rows: the whole strings (20 to 200 characters, an easy set),
//! each string cut to its first three words, closer to a short post, and its first word alone
//! (the hardest: `Файл` is Russian and Kazakh, and a Cyrillic string may start with a Latin
//! brand such as `GNOME`). Each prints its
//! confusion table (run with `--nocapture` to see it) and asserts floors a little below the
//! accuracy measured when the fixture was built, so a regression in the detector or its models
//! fails here while a one-row change in either direction does not.

use std::path::PathBuf;
use std::time::Instant;

use mobilize::config::Language;
use mobilize::text::language::detect;

const LANGUAGES: [Language; 3] = [Language::Ru, Language::Kk, Language::En];

/// The labelled rows: the language and the text.
fn fixture() -> Vec<(Language, String)> {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/langid/langid.tsv");
    let text = std::fs::read_to_string(&path).expect("the langid fixture reads");
    let mut lines = text.lines();
    assert_eq!(lines.next(), Some("language\ttext\tsource"));
    lines
        .map(|line| {
            let mut fields = line.split('\t');
            let (code, text, source) = (fields.next(), fields.next(), fields.next());
            let language = code.and_then(Language::from_code).expect("a language code");
            assert!(source.is_some() && fields.next().is_none(), "{line:?}");
            (language, text.expect("a text").to_string())
        })
        .collect()
}

/// The first `n` whitespace-separated words of `text`.
fn first_words(text: &str, n: usize) -> String {
    text.split_whitespace()
        .take(n)
        .collect::<Vec<_>>()
        .join(" ")
}

fn code(language: Option<Language>) -> &'static str {
    match language {
        Some(Language::Ru) => "ru",
        Some(Language::Kk) => "kk",
        Some(Language::En) => "en",
        None => "none",
    }
}

/// Prints the confusion table (rows: the label, columns: the detected language) and returns
/// the accuracy per language in `LANGUAGES` order, then overall, in percent. `None` counts as
/// wrong.
fn score(title: &str, labels: &[Language], detected: &[Option<Language>]) -> [f64; 4] {
    let columns = [
        Some(Language::Ru),
        Some(Language::Kk),
        Some(Language::En),
        None,
    ];
    println!("\n{title}\nlabel \\ detected      ru      kk      en    none    accuracy");
    let mut accuracy = [0.0; 4];
    let (mut right_all, mut all) = (0, 0);
    for (i, &language) in LANGUAGES.iter().enumerate() {
        let counts = columns.map(|column| {
            labels
                .iter()
                .zip(detected)
                .filter(|&(&l, &d)| l == language && d == column)
                .count()
        });
        let total: usize = counts.iter().sum();
        let right = counts[i];
        accuracy[i] = 100.0 * right as f64 / total as f64;
        right_all += right;
        all += total;
        println!(
            "{:<16}{:>8}{:>8}{:>8}{:>8}    {right}/{total} = {:.2}%",
            code(Some(language)),
            counts[0],
            counts[1],
            counts[2],
            counts[3],
            accuracy[i]
        );
    }
    accuracy[3] = 100.0 * right_all as f64 / all as f64;
    println!("overall {right_all}/{all} = {:.2}%", accuracy[3]);
    accuracy
}

fn assert_floors(title: &str, accuracy: [f64; 4], floors: [f64; 4]) {
    for (name, (a, f)) in ["ru", "kk", "en", "overall"]
        .iter()
        .zip(accuracy.iter().zip(floors))
    {
        assert!(
            a >= &f,
            "{title}: {name} accuracy {a:.2}% is below its floor {f}%"
        );
    }
}

#[test]
fn accuracy_on_whole_strings_and_three_word_cuts() {
    let rows = fixture();
    let labels: Vec<Language> = rows.iter().map(|(l, _)| *l).collect();
    for language in LANGUAGES {
        let n = labels.iter().filter(|&&l| l == language).count();
        assert!(n >= 500, "{language:?} has {n} rows");
    }

    let start = Instant::now();
    let whole: Vec<&str> = rows.iter().map(|(_, t)| t.as_str()).collect();
    let detected = detect(&whole, &LANGUAGES);
    let accuracy = score("Whole strings", &labels, &detected);
    assert_floors("whole strings", accuracy, [99.0, 99.0, 99.0, 99.0]);

    let cuts: Vec<String> = whole.iter().map(|t| first_words(t, 3)).collect();
    let cuts: Vec<&str> = cuts.iter().map(String::as_str).collect();
    let detected = detect(&cuts, &LANGUAGES);
    let accuracy = score("First three words", &labels, &detected);
    assert_floors("first three words", accuracy, [98.0, 98.0, 98.0, 98.5]);

    let firsts: Vec<&str> = whole
        .iter()
        .map(|t| t.split_whitespace().next().unwrap_or_default())
        .collect();
    let detected = detect(&firsts, &LANGUAGES);
    let accuracy = score("First word only", &labels, &detected);
    assert_floors("first word", accuracy, [95.0, 87.0, 99.0, 94.0]);
    println!(
        "\n{} texts detected three times in {:.2?}",
        rows.len(),
        start.elapsed()
    );
}

#[test]
fn same_labels_on_one_thread() {
    let rows = fixture();
    let mut texts: Vec<String> = rows.iter().map(|(_, t)| t.clone()).collect();
    texts.extend(rows.iter().map(|(_, t)| first_words(t, 3)));
    let texts: Vec<&str> = texts.iter().map(String::as_str).collect();
    let one = rayon::ThreadPoolBuilder::new()
        .num_threads(1)
        .build()
        .expect("a one-thread pool");
    let alone = one.install(|| detect(&texts, &LANGUAGES));
    assert_eq!(alone, detect(&texts, &LANGUAGES));
}
