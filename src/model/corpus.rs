//! The posts of a corpus, as every corpus format loads them.

use chrono::NaiveDate;

/// One post with text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Post {
    /// The post's id, unique in the corpus: the `corpus.id` field, CrowdTangle's `URL`, Telegram's
    /// `chat/message`, Facebook's `fb-SECONDS`.
    pub id: String,
    /// The day it was posted, as the export writes it (Unix seconds: the UTC day); `None` when the
    /// corpus has no date field or it is empty.
    pub date: Option<NaiveDate>,
    /// Who posted it, as the export names them (a page, a channel, a user), when it does.
    pub author: Option<String>,
    /// Likes, comments and shares together, when the export counts them.
    pub interactions: Option<u64>,
    /// The post's text (CSV and JSON Lines: the first non-empty `corpus.text` field);
    /// [`Corpus::push`] trims it.
    pub text: String,
    /// The post's language as the `corpus.language_column` field writes it (trimmed), when
    /// the config names one; read into a language by the text stage.
    pub language: Option<String>,
}

impl Post {
    /// A post with only an id, a date and a text.
    pub fn new(id: impl Into<String>, date: Option<NaiveDate>, text: impl Into<String>) -> Post {
        Post {
            id: id.into(),
            date,
            author: None,
            interactions: None,
            text: text.into(),
            language: None,
        }
    }
}

/// The posts of a corpus, in file order, and the ids of those without text.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Corpus {
    /// The posts with text, in file order: the documents of every analysis.
    pub posts: Vec<Post>,
    /// Ids of the posts whose text is empty or only whitespace, in file order; left out of the
    /// analyses and named in a notice.
    pub empty: Vec<String>,
}

impl Corpus {
    /// The first post at which the interactions of all posts so far no longer add up within
    /// 64 bits, so that the sums by author cannot overflow.
    pub fn interactions_overflow(&self) -> Option<&Post> {
        let mut total: u64 = 0;
        self.posts.iter().find(
            |post| match total.checked_add(post.interactions.unwrap_or(0)) {
                Some(sum) => {
                    total = sum;
                    false
                }
                None => true,
            },
        )
    }

    /// The corpus of `posts`, in order, those without text counted apart.
    pub fn from_posts(posts: Vec<Post>) -> Corpus {
        let mut corpus = Corpus::default();
        for post in posts {
            corpus.push(post);
        }
        corpus
    }

    /// Adds `post` with its text trimmed, or only its id to `empty` when it has no text.
    pub fn push(&mut self, mut post: Post) {
        let trimmed = post.text.trim();
        if trimmed.is_empty() {
            self.empty.push(post.id);
            return;
        }
        if trimmed.len() != post.text.len() {
            post.text = trimmed.to_string();
        }
        self.posts.push(post);
    }
}
