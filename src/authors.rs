//! Who posted, and which posts drew the most interactions.
//!
//! Exports that name each post's author (Telegram, CrowdTangle, a `corpus.author` column) or
//! count its interactions (CrowdTangle's `Total Interactions`, a `corpus.interactions` column)
//! get two small tables: posts per author, and the posts of most interactions. A corpus
//! without either gets neither, so these lists are empty and left out of `report.json`.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::model::corpus::Corpus;

/// How many of the most-interacted posts are listed.
pub const TOP_POSTS: usize = 10;
/// How many characters of a post's text an excerpt keeps.
const EXCERPT_CHARS: usize = 160;

/// One author's posts (with text) and their interactions, when counted.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AuthorPosts {
    /// The author as the export names them (a page, a channel, a user).
    pub author: String,
    /// How many of the author's posts have text (posts without text are not counted).
    pub posts: u64,
    /// The sum of the interactions of the author's posts that count them; `None` when none does.
    pub interactions: Option<u64>,
}

/// A post of many interactions, with the start of its text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TopPost {
    /// The post's id (CrowdTangle: its URL); in the CSV only, not on the page.
    pub id: String,
    /// The day it was posted, as written; `None` (blank on the page) when the corpus has no date.
    pub date: Option<NaiveDate>,
    /// Who posted it, as the export names them; `None` when it does not.
    pub author: Option<String>,
    /// The export's count of interactions (CrowdTangle: `Total Interactions`).
    pub interactions: u64,
    /// The first 160 characters of the text, whitespace folded, ending in `…` when cut.
    pub excerpt: String,
}

/// Authors by posts (then interactions, then name), when any post has an author.
pub fn authors(corpus: &Corpus) -> Vec<AuthorPosts> {
    let mut found: Vec<AuthorPosts> = Vec::new();
    let mut index = std::collections::BTreeMap::new();
    for post in &corpus.posts {
        let Some(author) = &post.author else { continue };
        let at = *index.entry(author.clone()).or_insert_with(|| {
            found.push(AuthorPosts {
                author: author.clone(),
                posts: 0,
                interactions: None,
            });
            found.len() - 1
        });
        let entry = &mut found[at];
        entry.posts += 1;
        if let Some(n) = post.interactions {
            entry.interactions = Some(entry.interactions.unwrap_or(0) + n);
        }
    }
    found.sort_by(|a, b| {
        (b.posts, b.interactions, &a.author).cmp(&(a.posts, a.interactions, &b.author))
    });
    found
}

/// The posts of most interactions (ties by id), when any post counts them.
pub fn top_posts(corpus: &Corpus) -> Vec<TopPost> {
    let mut counted: Vec<(u64, &crate::model::corpus::Post)> = corpus
        .posts
        .iter()
        .filter_map(|p| p.interactions.map(|n| (n, p)))
        .collect();
    counted.sort_by(|a, b| b.0.cmp(&a.0).then_with(|| a.1.id.cmp(&b.1.id)));
    counted
        .into_iter()
        .take(TOP_POSTS)
        .map(|(interactions, post)| TopPost {
            id: post.id.clone(),
            date: post.date,
            author: post.author.clone(),
            interactions,
            excerpt: excerpt(&post.text),
        })
        .collect()
}

/// The text's first words, whitespace folded, cut at a character with `…`.
pub fn excerpt(text: &str) -> String {
    let folded = text.split_whitespace().collect::<Vec<_>>().join(" ");
    match folded.char_indices().nth(EXCERPT_CHARS) {
        Some((cut, _)) => format!("{}…", folded[..cut].trim_end()),
        None => folded,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::corpus::Post;

    fn post(id: &str, author: Option<&str>, interactions: Option<u64>) -> Post {
        Post {
            author: author.map(str::to_string),
            interactions,
            ..Post::new(id, None, format!("text of {id}"))
        }
    }

    #[test]
    fn authors_by_posts_then_interactions_then_name() {
        let corpus = Corpus {
            posts: vec![
                post("1", Some("B"), Some(5)),
                post("2", Some("A"), Some(1)),
                post("3", Some("B"), None),
                post("4", Some("C"), Some(9)),
                post("5", None, Some(100)),
            ],
            empty: Vec::new(),
        };
        let found: Vec<(String, u64, Option<u64>)> = authors(&corpus)
            .into_iter()
            .map(|a| (a.author, a.posts, a.interactions))
            .collect();
        assert_eq!(
            found,
            [
                ("B".into(), 2, Some(5)),
                ("C".into(), 1, Some(9)),
                ("A".into(), 1, Some(1)),
            ]
        );
        let top: Vec<(String, u64)> = top_posts(&corpus)
            .into_iter()
            .map(|p| (p.id, p.interactions))
            .collect();
        assert_eq!(
            top,
            [
                ("5".into(), 100),
                ("4".into(), 9),
                ("1".into(), 5),
                ("2".into(), 1)
            ]
        );
    }

    #[test]
    fn excerpts_fold_space_and_cut_at_characters() {
        assert_eq!(excerpt("a\n\n b\tc"), "a b c");
        let long = "Жанаозен ".repeat(30);
        let cut = excerpt(&long);
        assert_eq!(cut.chars().count(), 161);
        assert!(cut.ends_with("Жанаозен Жанаозе…"), "{cut}");
    }
}
