//! A corpus in Russian, Kazakh and English: the hand-written fixture `tests/fixtures/mixed/`
//! (363 posts, its README says what each holds), read as a study would read it.
//!
//! Each post's language, its stopwords and stems, the study's aliases and compounds, and the
//! Unicode repairs are checked against what the fixture's own script counted
//! (`expected.json`, made by `check_expected.py` from the posts as written) and against the
//! stopword lists themselves.

mod common;

use std::collections::{BTreeMap, BTreeSet};

use mobilize::config::{Config, Language};
use mobilize::report::Report;
use mobilize::text::language::detect;
use mobilize::text::{self, post_languages};

/// The fixture study with its `report.yaml` changed by `edit`, analysed by the library.
fn analysed(edit: impl Fn(String) -> String) -> Report {
    let study = common::copy_fixture("mixed");
    let path = study.path().join("report.yaml");
    let yaml = std::fs::read_to_string(&path).unwrap();
    std::fs::write(&path, edit(yaml)).unwrap();
    let config = Config::load(&path).unwrap();
    let reading = mobilize::load::read_inputs(&config).unwrap();
    assert!(reading.problems.is_empty(), "{:?}", reading.problems);
    mobilize::report::analyse(&config, reading.inputs).unwrap()
}

fn expected() -> serde_json::Value {
    let text = common::read(common::root().join("tests/fixtures/mixed/expected.json"));
    serde_json::from_str(&text).unwrap()
}

/// The posts of the fixture: the id, the `lang` label and the text.
fn labelled_posts() -> Vec<(String, Language, String)> {
    let path = common::root().join("tests/fixtures/mixed/posts.csv");
    let mut reader = csv::Reader::from_path(path).unwrap();
    reader
        .deserialize::<BTreeMap<String, String>>()
        .map(|row| {
            let row = row.unwrap();
            let language = Language::from_code(&row["lang"]).unwrap();
            (row["id"].clone(), language, row["text"].clone())
        })
        .collect()
}

/// Every word of every built-in list of `languages`.
fn stopwords(languages: &[&str]) -> BTreeSet<String> {
    languages
        .iter()
        .flat_map(|code| {
            let path = common::root().join(format!("data/stopwords/{code}.txt"));
            common::read(path)
                .lines()
                .map(|w| w.trim().to_lowercase().replace('ё', "е"))
                .collect::<Vec<_>>()
        })
        .collect()
}

fn posts_by_language(report: &Report) -> Vec<(Language, usize, usize, usize)> {
    let corpus = &report.text.as_ref().unwrap().corpus;
    corpus
        .languages
        .iter()
        .map(|l| (l.language, l.posts, l.given, l.detected))
        .collect()
}

#[test]
fn the_language_column_gives_each_posts_language() {
    let report = analysed(|yaml| {
        yaml.replace(
            "  author: author",
            "  author: author\n  language_column: lang",
        )
    });
    assert_eq!(
        posts_by_language(&report),
        [
            (Language::Ru, 124, 124, 0),
            (Language::Kk, 122, 122, 0),
            (Language::En, 117, 117, 0)
        ]
    );
    let languages = &expected()["languages"];
    assert_eq!(languages["ru"], 124);
    assert_eq!(languages["kk"], 122);
    assert_eq!(languages["en"], 117);
}

#[test]
fn detection_places_most_posts_in_their_labelled_language() {
    let labels: BTreeMap<String, Language> = labelled_posts()
        .into_iter()
        .map(|(id, language, _)| (id, language))
        .collect();
    let config = Config::load(&common::root().join("tests/fixtures/mixed/report.yaml")).unwrap();
    let reading = mobilize::load::read_inputs(&config).unwrap();
    let corpus = reading.inputs.corpus.as_ref().unwrap();
    let normaliser = text::normaliser(&config, None);
    let listed = config.corpus_languages();
    let found = post_languages::assign(&corpus.posts, &listed, &normaliser.tokenizer);
    let mut missed = Vec::new();
    for (post, &language) in corpus.posts.iter().zip(&found.of_post) {
        let language = listed.list()[language as usize];
        if labels[&post.id] != language {
            missed.push(format!(
                "{} {:?} as {language:?}",
                post.id, labels[&post.id]
            ));
        }
    }
    // Measured: 360 of 363. The misses are posts of the README's "hard to detect" list: of
    // the three posts of emoji and a link (no letter once the link is gone: undetermined, so
    // read as Russian, the first listed), the Kazakh and the English one; and a Russian post
    // that opens with a quoted Kazakh sentence.
    assert_eq!(found.undetermined, 3);
    assert!(missed.len() <= 4, "{} missed: {missed:?}", missed.len());
    // Detection reads the text without its links: on the raw text, a Kazakh post with a
    // youtu.be link is English.
    let raw: Vec<&str> = corpus.posts.iter().map(|p| p.text.as_str()).collect();
    let on_raw = detect(&raw, listed.list());
    let raw_missed = corpus
        .posts
        .iter()
        .zip(&on_raw)
        .filter(|(post, found)| Some(labels[&post.id]) != **found)
        .count();
    assert!(
        raw_missed > missed.len(),
        "{raw_missed} vs {}",
        missed.len()
    );
}

#[test]
fn no_stopword_of_a_listed_language_is_a_term() {
    let report = analysed(|yaml| yaml);
    let text = report.text.as_ref().unwrap();
    let all = stopwords(&["ru", "kk", "en"]);
    let top: Vec<&str> = text
        .terms
        .iter()
        .take(30)
        .map(|t| t.form.as_str())
        .collect();
    for form in &top {
        assert!(
            !all.contains(*form),
            "{form} is a stopword among the top 30: {top:?}"
        );
    }
    // Every English stopword is gone from the whole term list, wherever it was written:
    // a Latin word is read as English in a Russian or Kazakh post.
    let english = stopwords(&["en"]);
    for term in &text.terms {
        assert!(
            !english.contains(&term.form),
            "{} ({})",
            term.term,
            term.form
        );
    }
    // Kazakh function words, the top terms of a corpus read as Russian alone, are gone.
    let forms: BTreeSet<&str> = text.terms.iter().map(|t| t.form.as_str()).collect();
    for word in ["мен", "үшін", "деп", "және", "бұл", "емес"] {
        assert!(!forms.contains(word), "{word} is a term");
    }
}

#[test]
fn a_russian_and_english_corpus_keeps_no_english_stopword() {
    let report = analysed(|yaml| yaml.replace("[ru, kk, en]", "[ru, en]"));
    let text = report.text.as_ref().unwrap();
    let english = stopwords(&["en"]);
    assert!(text.terms.iter().all(|t| !english.contains(&t.form)));
    assert_eq!(text.corpus.languages.len(), 2);
    // Read as Russian alone, as before: `the` is the top English word.
    let russian = analysed(|yaml| yaml.replace("[ru, kk, en]", "ru"));
    let terms = &russian.text.as_ref().unwrap().terms;
    let the = terms.iter().position(|t| t.term == "the").unwrap();
    assert!(the < 5, "`the` ranks {the} in a corpus read as Russian");
}

#[test]
fn aliases_count_each_names_inflected_forms_as_one_term() {
    let report = analysed(|yaml| yaml.replace("  compounds:", "  # compounds:"));
    let text = report.text.as_ref().unwrap();
    let expected = expected();
    for alias in [
        "nazarbayev",
        "tokayev",
        "ablyazov",
        "kazakhstan",
        "zhanaozen",
    ] {
        let term = text.terms.iter().find(|t| t.term == alias).unwrap();
        let audit = text.aliases.iter().find(|a| a.term == alias).unwrap();
        assert_eq!(term.support, expected["aliases"][alias]["posts"], "{alias}");
        assert_eq!((audit.count, audit.support), (term.count, term.support));
    }
    let nazarbayev = text
        .aliases
        .iter()
        .find(|a| a.term == "nazarbayev")
        .unwrap();
    let russian = &nazarbayev.variants[0];
    assert_eq!(russian.variant, "назарбаев*");
    for form in ["назарбаев", "назарбаева", "назарбаеву", "назарбаевтың"]
    {
        assert!(russian.matched.iter().any(|m| m == form), "{form}");
    }
    // No stem of the names is left outside its alias.
    for stem in ["назарба", "назарбаев", "токаев", "аблязов", "казахста"]
    {
        assert!(
            text.terms.iter().all(|t| t.term != stem),
            "{stem} is a term"
        );
    }
    let unmatched = "text.aliases: no variant of \"nazarbayeva_dariga\" (\"дарига*\") matched a \
                     word of the corpus";
    assert!(
        report.notices.iter().any(|n| n == unmatched),
        "{:?}",
        report.notices
    );
}

#[test]
fn compounds_are_counted_as_one_term() {
    let report = analysed(|yaml| yaml);
    let text = report.text.as_ref().unwrap();
    let expected = expected();
    for compound in &text.compounds {
        let posts = &expected["compounds"][&compound.phrase]["posts"];
        assert_eq!(compound.support, *posts, "{}", compound.phrase);
        let term = text
            .terms
            .iter()
            .find(|t| t.term == compound.token)
            .unwrap();
        assert_eq!(term.count, compound.count);
    }
    let tokens: Vec<&str> = text.compounds.iter().map(|c| c.token.as_str()).collect();
    assert_eq!(
        tokens,
        [
            "nur_otan",
            "нур_отан",
            "нұр_отан",
            "ак_орда",
            "ақ_орда",
            "демократическ_выбор_казахстан",
            "democratic_choice_of_kazakhstan"
        ]
    );
}

#[test]
fn unicode_as_written_in_the_wild_is_repaired() {
    let report = analysed(|yaml| yaml);
    let text = report.text.as_ref().unwrap();
    let marks = ['\u{301}', '\u{300}', '\u{AD}', '\u{308}', '\u{306}'];
    for term in &text.terms {
        assert!(!term.form.contains(marks), "{:?}", term.form);
        assert!(!term.term.contains(marks), "{:?}", term.term);
    }
    let forms: BTreeSet<&str> = text.terms.iter().map(|t| t.form.as_str()).collect();
    // Links without a scheme are gone; a host name without a path is a word.
    for host in ["vk.com", "t.me", "youtu.be", "instagram.com", "bit.ly"] {
        assert!(!forms.contains(host), "{host} is a term");
    }
    assert!(forms.contains("tengrinews.kz"));
    // Look-alike letters were folded both ways, and counted.
    let folds = text.corpus.script_folds;
    assert!(folds.to_cyrillic >= 7 && folds.to_latin >= 5, "{folds:?}");
    assert!(forms.contains("бір"), "бiр with a Latin i reads as бір");
    for term in &text.terms {
        let cyrillic = term
            .form
            .chars()
            .any(|c| ('\u{400}'..='\u{4FF}').contains(&c));
        let latin = term.form.chars().any(|c| c.is_ascii_alphabetic());
        assert!(!(cyrillic && latin), "{} mixes scripts", term.form);
    }
}

#[test]
fn the_page_and_files_say_what_each_language_became() {
    let study = common::build_fixture("mixed");
    let site = study.path().join("site");
    let terms = common::read(site.join("tables/table3-terms.csv"));
    let mut lines = terms.lines();
    assert_eq!(lines.next(), Some("rank,term,form,count,support,language"));
    assert_eq!(lines.next(), Some("1,kazakhstan,kazakhstan,53,52,en"));
    let audit = common::read(site.join("tables/study-terms.csv"));
    assert!(audit.starts_with("term,kind,written,matched,count,support\n"));
    assert!(
        audit.contains("\nnur_otan,compound,nur otan,,6,6\n"),
        "{audit}"
    );
    let page = common::read(site.join("index.html"));
    for said in [
        "Kazakh words are not stemmed",
        "posts by language:",
        "Each post is read in its own language",
        "The study&#x27;s aliases and compounds, and what they caught",
    ] {
        assert!(page.contains(said), "{said}");
    }
}
