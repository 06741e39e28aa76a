//! One published figure of one account (Table 1's cells), and how account names compare.

use serde::{Deserialize, Serialize};

/// One figure of one account, e.g. Nur Otan's YouTube subscribers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Account {
    /// Who holds the account, as the accounts file writes it (YouTube Data Tools: the channel's
    /// title); names differing only in case or spacing are kept apart.
    pub organization: String,
    /// What the organization is (the `role` column, e.g. `party`), shown as Table 1's Description;
    /// empty when not given.
    pub role: String,
    /// Where the account is, e.g. `youtube`; compared without regard to case or spacing, and every
    /// row takes the file's first spelling.
    pub platform: String,
    /// What the figure counts, e.g. `subscribers` or `followers`; compared and spelled as
    /// `platform` is.
    pub metric: String,
    /// `None` when the figure was not published.
    pub value: Option<u64>,
    /// The `note` column (`January 2020`, `private account`), shown beside a figure that is not
    /// published; empty when none.
    pub note: String,
}

/// How names are compared: trimmed, inner spaces collapsed, lowercased.
pub fn name_key(name: &str) -> String {
    name.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}
