//! `text.aliases` and `text.compounds` as the study writes them, and the checks that need no
//! corpus.
//!
//! An alias map is `term: [variant, ...]` (one variant may be written without the list), in
//! `report.yaml` or in a YAML file of its own that `text.aliases` names. The map keeps the
//! order it is written in, because the first alias that matches a word wins. What a variant
//! and a compound match, once normalised as the corpus's words are, is `crate::text::aliases`
//! and `crate::text::compounds`; here they are only read and checked for what is wrong in
//! any corpus: an empty term or variant, a `*` that does not end a word, a variant under two
//! terms, a compound of one word, a compound listed twice.

use std::path::PathBuf;

use serde::Deserialize;

use super::locate::KeyLines;
use crate::error::{Error, Result};
use crate::escape::quoted;

/// One term of `text.aliases` and the variants counted as it, as written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AliasEntry {
    /// The term the variants are counted as (the map's key), trimmed.
    pub term: String,
    /// The words, stems or prefixes (ending in `*`) counted as `term`, trimmed, in the
    /// order written.
    pub variants: Vec<String>,
}

/// `text.aliases`: the map written in the config, or the path of a YAML file holding it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AliasList {
    /// `text.aliases: { term: [variant, ...], ... }`, in the order written.
    Inline(Vec<AliasEntry>),
    /// `text.aliases: FILE`: a YAML file of the same map, relative to the config, read with
    /// the inputs (`load::read_inputs`) and parsed by [`parse_alias_file`].
    File(PathBuf),
}

impl<'de> Deserialize<'de> for AliasList {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct PathOrMap;
        impl<'de> serde::de::Visitor<'de> for PathOrMap {
            type Value = AliasList;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("the path of a YAML file, or a map of term: [variant, ...]")
            }
            fn visit_str<E: serde::de::Error>(self, path: &str) -> Result<AliasList, E> {
                Ok(AliasList::File(PathBuf::from(path)))
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                map: A,
            ) -> Result<AliasList, A::Error> {
                entries(map).map(AliasList::Inline)
            }
        }
        deserializer.deserialize_any(PathOrMap)
    }
}

/// The map's entries in the order written; terms and variants trimmed.
fn entries<'de, A: serde::de::MapAccess<'de>>(mut map: A) -> Result<Vec<AliasEntry>, A::Error> {
    let mut entries = Vec::new();
    while let Some(term) = map.next_key::<String>()? {
        let Variants(variants) = map.next_value()?;
        entries.push(AliasEntry {
            term: term.trim().to_string(),
            variants: variants.iter().map(|v| v.trim().to_string()).collect(),
        });
    }
    Ok(entries)
}

/// One variant, or a list of them; read by hand rather than as an untagged enum, which
/// would lose the line and column of a bad one.
struct Variants(Vec<String>);

impl<'de> Deserialize<'de> for Variants {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Visit;
        impl<'de> serde::de::Visitor<'de> for Visit {
            type Value = Variants;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a variant, or a list of variants")
            }
            fn visit_str<E: serde::de::Error>(self, variant: &str) -> Result<Variants, E> {
                Ok(Variants(vec![variant.to_string()]))
            }
            fn visit_seq<A: serde::de::SeqAccess<'de>>(
                self,
                mut seq: A,
            ) -> Result<Variants, A::Error> {
                let mut variants = Vec::new();
                while let Some(variant) = seq.next_element::<String>()? {
                    variants.push(variant);
                }
                Ok(Variants(variants))
            }
        }
        deserializer.deserialize_any(Visit)
    }
}

/// The alias map of a YAML file (`text.aliases: FILE`), checked as the inline map is;
/// `name` is how errors refer to the file (`aliases.yaml:3:5: ...`).
pub fn parse_alias_file(text: &str, name: &str) -> Result<Vec<AliasEntry>> {
    struct Map(Vec<AliasEntry>);
    impl<'de> Deserialize<'de> for Map {
        fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
            struct Visit;
            impl<'de> serde::de::Visitor<'de> for Visit {
                type Value = Map;
                fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                    f.write_str("a map of term: [variant, ...]")
                }
                fn visit_map<A: serde::de::MapAccess<'de>>(self, map: A) -> Result<Map, A::Error> {
                    entries(map).map(Map)
                }
            }
            deserializer.deserialize_map(Visit)
        }
    }
    if text.trim().is_empty() || text.lines().all(|l| l.trim_start().starts_with('#')) {
        return Err(Error::config(
            name,
            "found no aliases, expected a map of term: [variant, ...]",
        ));
    }
    super::refuse_deep_nesting(text, name)?;
    let Map(entries) = yaml_serde::from_str(text).map_err(|err| match err.location() {
        Some(at) => Error::config(
            format!("{name}:{}:{}", at.line(), at.column()),
            super::strip_location(&err.to_string()),
        ),
        None => Error::config(name, err.to_string()),
    })?;
    check_aliases(&entries, "").map_err(|bad| bad.at(name, &KeyLines::of(text)))?;
    Ok(entries)
}

/// A problem found at a key path of the alias map or the compounds list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeyProblem {
    /// The key path (`text.aliases.nazarbayev[1]`, or `nazarbayev[1]` in an alias file),
    /// as the message names it and its line is looked up; empty for the file itself.
    pub key: String,
    /// The key path whose line is looked up, when it differs from `key` (an empty term's,
    /// `text.aliases.`, which a message would not name).
    pub line_of: Option<String>,
    /// What was found and what was expected.
    pub message: String,
}

impl KeyProblem {
    /// The problem as an error at the key's line of the file `name` whose lines are `lines`
    /// (`report.yaml:12: text.aliases.nur otan[0]: found ...`); at the file alone when the
    /// key is not found.
    pub fn at(self, name: &str, lines: &KeyLines) -> Error {
        let location = match lines.line(self.line_of.as_ref().unwrap_or(&self.key)) {
            Some(line) => format!("{name}:{line}"),
            None => name.to_string(),
        };
        match self.key.as_str() {
            "" => Error::config(location, self.message),
            key => Error::config(location, format!("{key}: {}", self.message)),
        }
    }
}

/// What a variant or a compound's word may be: letters, and at most a `*` at the end.
const EXPECTED_VARIANT: &str = "a word, a stem, or a prefix ending in *";

/// The alias map's problems that need no corpus: an empty term, a term listed twice or
/// without variants, an empty variant, a `*` other than at the end, a variant listed under
/// two terms (or twice under one; compared trimmed and lowercased). `prefix` opens each key
/// path (`text.aliases.` in the config, nothing in a file of its own).
pub fn check_aliases(entries: &[AliasEntry], prefix: &str) -> Result<(), KeyProblem> {
    let mut seen: Vec<(String, usize)> = Vec::new();
    for (index, entry) in entries.iter().enumerate() {
        let key = format!("{prefix}{}", entry.term);
        let problem = |key: String, message: String| {
            Err(KeyProblem {
                key,
                line_of: None,
                message,
            })
        };
        if entry.term.is_empty() {
            return Err(KeyProblem {
                key: prefix.trim_end_matches('.').to_string(),
                line_of: Some(key),
                message: format!(
                    "found an empty term (the {} of the map), expected the term its variants \
                     are counted as",
                    ordinal(index + 1)
                ),
            });
        }
        if let Some(first) = entries[..index].iter().find(|e| e.term == entry.term) {
            return problem(
                key,
                format!("found the term {} listed twice, expected each term once (put all its variants in one list)", quoted(&first.term)),
            );
        }
        if entry.variants.is_empty() {
            return problem(key, "found no variant, expected one or more".into());
        }
        for (v, variant) in entry.variants.iter().enumerate() {
            let key = format!("{key}[{v}]");
            if let Some(message) = word_problem(variant, EXPECTED_VARIANT) {
                return problem(key, message);
            }
            let folded = variant.to_lowercase();
            if let Some((_, owner)) = seen.iter().find(|(s, _)| *s == folded) {
                let message = if *owner == index {
                    format!(
                        "found {} listed twice, expected each variant once",
                        quoted(variant)
                    )
                } else {
                    format!(
                        "found {}, which is already a variant of {}, expected each variant under one term",
                        quoted(variant),
                        quoted(&entries[*owner].term)
                    )
                };
                return problem(key, message);
            }
            seen.push((folded, index));
        }
    }
    Ok(())
}

/// `1st`, `2nd`, `3rd`, `4th`, ... `11th`, `21st`.
fn ordinal(n: usize) -> String {
    let suffix = match (n % 10, n % 100) {
        (_, 11..=13) => "th",
        (1, _) => "st",
        (2, _) => "nd",
        (3, _) => "rd",
        _ => "th",
    };
    format!("{n}{suffix}")
}

/// Why `word` cannot be a variant or a word of a compound: empty, a lone `*`, or a `*`
/// before its end; `None` when it can.
fn word_problem(word: &str, expected: &str) -> Option<String> {
    let body = word.strip_suffix('*').unwrap_or(word);
    if word.is_empty() {
        Some(format!("found an empty variant, expected {expected}"))
    } else if body.is_empty() {
        Some(format!(
            "found \"*\" alone, which would match every word, expected {expected}"
        ))
    } else if body.contains('*') {
        Some(format!(
            "found {}, expected {expected} (* only at the end)",
            quoted(word)
        ))
    } else if body.chars().any(char::is_whitespace) {
        Some(format!(
            "found {}, expected one word (text.compounds joins several into one)",
            quoted(word)
        ))
    } else {
        None
    }
}

/// The words of a compound as written: split at white space.
pub fn compound_words(phrase: &str) -> Vec<&str> {
    phrase.split_whitespace().collect()
}

/// The problems of `text.compounds` that need no corpus: a phrase of fewer than two words, a
/// word with a `*` other than at its end (or a lone `*`), a phrase listed twice (compared
/// word by word, lowercased).
pub fn check_compounds(phrases: &[String]) -> Result<(), KeyProblem> {
    const EXPECTED: &str = "a word, or a prefix ending in *";
    for (index, phrase) in phrases.iter().enumerate() {
        let key = format!("text.compounds[{index}]");
        let problem = |message: String| {
            Err(KeyProblem {
                key: key.clone(),
                line_of: None,
                message,
            })
        };
        let words = compound_words(phrase);
        if words.len() < 2 {
            return problem(format!(
                "found {}, expected two words or more (a compound joins words into one term)",
                quoted(phrase)
            ));
        }
        for word in &words {
            if let Some(message) = word_problem(word, EXPECTED) {
                return problem(format!("in {}: {message}", quoted(phrase)));
            }
        }
        let folded = |p: &str| compound_words(p).join(" ").to_lowercase();
        if let Some(first) = phrases[..index]
            .iter()
            .position(|p| folded(p) == folded(phrase))
        {
            return problem(format!(
                "found {}, already listed as text.compounds[{first}], expected each compound once",
                quoted(phrase)
            ));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Config;

    fn err(text: &str) -> String {
        Config::parse(text, "r.yaml").unwrap_err().to_string()
    }

    #[test]
    fn an_inline_map_keeps_its_order_and_takes_one_variant_alone() {
        let text = "title: x\ntext:\n  aliases:\n    Nazarbayev: [назарбаев*, ' назарба ', nazarbayev]\n    \
                    nur otan: nurotan\n  compounds: [nur otan, демократическ* выбор* казахстан*]\n";
        let config = Config::parse(text, "r.yaml").unwrap();
        let section = config.text.unwrap();
        assert_eq!(
            section.aliases,
            Some(AliasList::Inline(vec![
                AliasEntry {
                    term: "Nazarbayev".into(),
                    variants: vec!["назарбаев*".into(), "назарба".into(), "nazarbayev".into()],
                },
                AliasEntry {
                    term: "nur otan".into(),
                    variants: vec!["nurotan".into()],
                },
            ]))
        );
        assert_eq!(section.compounds.len(), 2);
        let file = Config::parse(
            "title: x\ntext: { aliases: study/aliases.yaml }\n",
            "r.yaml",
        );
        assert_eq!(
            file.unwrap().text.unwrap().aliases,
            Some(AliasList::File(PathBuf::from("study/aliases.yaml")))
        );
    }

    #[test]
    fn each_bad_alias_is_named_at_its_line() {
        let cases = [
            (
                "title: x\ntext:\n  aliases:\n    a: [x]\n    '': [y]\n",
                "r.yaml:5: text.aliases: found an empty term (the 2nd of the map), expected the term its variants are counted as",
            ),
            (
                "title: x\ntext:\n  aliases:\n    a: [x, '']\n",
                "r.yaml:4: text.aliases.a[1]: found an empty variant, expected a word, a stem, or a prefix ending in *",
            ),
            (
                "title: x\ntext:\n  aliases:\n    a: [x]\n    b:\n      - y\n      - на*зар\n",
                "r.yaml:7: text.aliases.b[1]: found \"на*зар\", expected a word, a stem, or a prefix ending in * (* only at the end)",
            ),
            (
                "title: x\ntext:\n  aliases:\n    a: [x, Назарбаев]\n    b: [назарбаев]\n",
                "r.yaml:5: text.aliases.b[0]: found \"назарбаев\", which is already a variant of \"a\", expected each variant under one term",
            ),
            (
                "title: x\ntext:\n  aliases:\n    a: ['*']\n",
                "r.yaml:4: text.aliases.a[0]: found \"*\" alone, which would match every word, expected a word, a stem, or a prefix ending in *",
            ),
            (
                "title: x\ntext:\n  aliases:\n    a: []\n",
                "r.yaml:4: text.aliases.a: found no variant, expected one or more",
            ),
        ];
        for (text, expected) in cases {
            assert_eq!(err(text), expected);
        }
        assert!(err("title: x\ntext: { aliases: [a, b] }\n")
            .contains("expected the path of a YAML file, or a map of term: [variant, ...]"));
    }

    #[test]
    fn each_bad_compound_is_named_at_its_line() {
        let cases = [
            (
                "title: x\ntext:\n  compounds:\n    - nur otan\n    - nur\n",
                "r.yaml:5: text.compounds[1]: found \"nur\", expected two words or more (a compound joins words into one term)",
            ),
            (
                "title: x\ntext:\n  compounds:\n    - n*ur otan\n",
                "r.yaml:4: text.compounds[0]: in \"n*ur otan\": found \"n*ur\", expected a word, or a prefix ending in * (* only at the end)",
            ),
            (
                "title: x\ntext:\n  compounds:\n    - nur otan\n    - Nur  Otan\n",
                "r.yaml:5: text.compounds[1]: found \"Nur  Otan\", already listed as text.compounds[0], expected each compound once",
            ),
        ];
        for (text, expected) in cases {
            assert_eq!(err(text), expected);
        }
    }

    #[test]
    fn an_alias_file_names_its_line_and_column() {
        let good = "# the study's aliases\nNazarbayev:\n  - назарбаев*\n  - nazarbayev\nnur otan: nurotan\n";
        let entries = parse_alias_file(good, "aliases.yaml").unwrap();
        assert_eq!(entries.len(), 2);
        assert_eq!(entries[1].variants, ["nurotan"]);
        let err = parse_alias_file("a: x\nnur otan: нур отан\n", "aliases.yaml");
        assert_eq!(
            err.unwrap_err().to_string(),
            "aliases.yaml:2: nur otan[0]: found \"нур отан\", expected one word (text.compounds \
             joins several into one)"
        );
        let bad = "Nazarbayev:\n  - назарбаев*\n  - { x: 1 }\n";
        let err = parse_alias_file(bad, "aliases.yaml")
            .unwrap_err()
            .to_string();
        assert_eq!(
            err,
            "aliases.yaml:3:5: Nazarbayev[1]: invalid type: map, expected a string"
        );
        let twice = "a: [x]\nb:\n  - y\n  - X\n";
        let err = parse_alias_file(twice, "aliases.yaml")
            .unwrap_err()
            .to_string();
        assert_eq!(
            err,
            "aliases.yaml:4: b[1]: found \"X\", which is already a variant of \"a\", expected each variant under one term"
        );
        let err = parse_alias_file("- a\n- b\n", "aliases.yaml")
            .unwrap_err()
            .to_string();
        assert!(err.starts_with("aliases.yaml:1:1: "), "{err}");
        assert!(
            err.contains("expected a map of term: [variant, ...]"),
            "{err}"
        );
        let err = parse_alias_file("# none yet\n", "aliases.yaml")
            .unwrap_err()
            .to_string();
        assert_eq!(
            err,
            "aliases.yaml: found no aliases, expected a map of term: [variant, ...]"
        );
    }
}
