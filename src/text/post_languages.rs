//! Which language each post is read in: the one the config lists, the one the language column
//! gives, or the one detected among those listed.
//!
//! A corpus of one language reads every post in it. With several, a post's language comes
//! from `corpus.language_column` when the export names it, else from detection
//! ([`super::language::detect`], on the text without its web addresses, whose letters are no
//! language's: a Kazakh post with a `youtu.be/...` link read as English otherwise); a post detection cannot place (no letters, a word or two
//! shared by the languages) is read in the first listed language. Each way is counted, and a
//! column value that names no listed language is a notice, not a silent guess.

use std::borrow::Cow;
use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::config::{Language, Languages};
use crate::model::corpus::Post;

use super::tokenize::Tokenizer;

/// How many posts were read in one language, and how their language was known.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LanguagePosts {
    /// The language.
    pub language: Language,
    /// Posts read in it.
    pub posts: usize,
    /// Of those, the posts whose language column named it.
    #[serde(default)]
    pub given: usize,
    /// Of those, the posts detected as in it.
    #[serde(default)]
    pub detected: usize,
}

/// Each post's language and the counts the report gives.
#[derive(Debug, Clone, Default)]
pub struct PostLanguages {
    /// Each post's language, an index into the listed languages.
    pub of_post: Vec<u8>,
    /// Posts per listed language, in the config's order.
    pub counts: Vec<LanguagePosts>,
    /// Posts detection could not place, read in the first listed language.
    pub undetermined: usize,
    /// What a reader should know: column values outside the list, undetermined posts.
    pub notices: Vec<String>,
}

/// The language of each of `posts` among `languages`; detection reads each text as
/// `tokenizer` prepares it, without its web addresses when `remove_urls` is on.
pub fn assign(posts: &[Post], languages: &Languages, tokenizer: &Tokenizer) -> PostLanguages {
    let listed = languages.list();
    let mut counts: Vec<LanguagePosts> = listed
        .iter()
        .map(|&language| LanguagePosts {
            language,
            posts: 0,
            given: 0,
            detected: 0,
        })
        .collect();
    if !languages.is_mixed() {
        counts[0].posts = posts.len();
        return PostLanguages {
            of_post: vec![0; posts.len()],
            counts,
            ..PostLanguages::default()
        };
    }
    let index_of = |language: Language| listed.iter().position(|&l| l == language);
    let mut of_post: Vec<Option<u8>> = vec![None; posts.len()];
    let mut outside: BTreeMap<String, usize> = BTreeMap::new();
    for (post, slot) in posts.iter().zip(&mut of_post) {
        let Some(code) = post.language.as_deref() else {
            continue;
        };
        if code.is_empty() || code.eq_ignore_ascii_case("und") {
            continue;
        }
        match Language::from_code(code).and_then(index_of) {
            Some(index) => {
                *slot = Some(index as u8);
                counts[index].given += 1;
            }
            None => *outside.entry(code.to_string()).or_default() += 1,
        }
    }
    let unknown: Vec<usize> = (0..posts.len()).filter(|&p| of_post[p].is_none()).collect();
    let prepared: Vec<Cow<'_, str>> = unknown
        .iter()
        .map(|&p| tokenizer.without_links(&posts[p].text))
        .collect();
    let texts: Vec<&str> = prepared.iter().map(|t| t.as_ref()).collect();
    let mut undetermined = 0;
    for (&post, found) in unknown.iter().zip(super::language::detect(&texts, listed)) {
        let index = match found.and_then(index_of) {
            Some(index) => {
                counts[index].detected += 1;
                index
            }
            None => {
                undetermined += 1;
                0
            }
        };
        of_post[post] = Some(index as u8);
    }
    let of_post: Vec<u8> = of_post.into_iter().map(|l| l.unwrap_or(0)).collect();
    for &index in &of_post {
        counts[index as usize].posts += 1;
    }
    let mut notices = Vec::new();
    if !outside.is_empty() {
        notices.push(outside_notice(&outside, listed));
    }
    if undetermined > 0 {
        notices.push(format!(
            "corpus.language: {undetermined} {} could not be told apart among {} (no letters, \
             or too few words); read as {}",
            if undetermined == 1 { "post" } else { "posts" },
            codes(listed),
            listed[0].name()
        ));
    }
    PostLanguages {
        of_post,
        counts,
        undetermined,
        notices,
    }
}

fn codes(listed: &[Language]) -> String {
    listed
        .iter()
        .map(|l| l.code())
        .collect::<Vec<_>>()
        .join(", ")
}

/// The notice for language column values that name no listed language, the most frequent
/// first (ties: in byte order), at most five named.
fn outside_notice(outside: &BTreeMap<String, usize>, listed: &[Language]) -> String {
    let total: usize = outside.values().sum();
    let mut values: Vec<(&String, &usize)> = outside.iter().collect();
    values.sort_by(|a, b| b.1.cmp(a.1).then_with(|| a.0.cmp(b.0)));
    let named: Vec<String> = values
        .iter()
        .take(5)
        .map(|(value, n)| format!("{} ({n})", crate::escape::quoted(value)))
        .collect();
    let more = if values.len() > 5 { ", ..." } else { "" };
    format!(
        "corpus.language_column: {total} {} a language outside {} ({}{more}); detected among \
         the listed languages instead",
        if total == 1 {
            "post gives"
        } else {
            "posts give"
        },
        codes(listed),
        named.join(", ")
    )
}
