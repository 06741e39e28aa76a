//! One published figure of one account (Table 1's cells), and how account names compare.

use serde::{Deserialize, Serialize};

/// One figure of one account, e.g. Nur Otan's YouTube subscribers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Account {
    pub organization: String,
    pub role: String,
    pub platform: String,
    pub metric: String,
    /// `None` when the figure was not published.
    pub value: Option<u64>,
    pub note: String,
}

/// How names are compared: trimmed, inner spaces collapsed, lowercased.
pub fn name_key(name: &str) -> String {
    name.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}
