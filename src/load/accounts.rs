//! The accounts file: one published figure of one account a row.
//!
//! Long format (`organization,role,platform,metric,value,note`) because platforms publish
//! different metrics, and a figure that was not published (a private account) must stay
//! distinguishable from zero: an empty `value` is "not published", never 0.
//!
//! Platform and metric names are compared as people mean them, without regard to case or
//! spacing (`Facebook` and `facebook ` are one platform), and every row takes the spelling the
//! file uses first, so Table 1 has one column per platform. Organizations are not merged, since
//! a name is the researcher's to choose, but two that differ only in case or spacing are
//! noticed.

use std::collections::BTreeMap;
use std::path::Path;

use super::table::{load_records, Columns};
use super::Loaded;
use crate::config::FileFormat;
use crate::error::Result;
use crate::model::accounts::{name_key, Account};

const COLUMNS: Columns = Columns {
    required: &["organization", "platform", "metric", "value"],
    optional: &["role", "note"],
    open: None,
};

/// Reads an accounts file; rejected rows come back as problems.
pub fn load(path: &Path, format: &FileFormat) -> Result<Loaded<Vec<Account>>> {
    let mut seen = BTreeMap::new();
    let mut loaded = load_records(path, format, &COLUMNS, |row, problems| {
        let before = problems.len();
        for name in ["organization", "platform", "metric"] {
            if row.get(name).is_empty() {
                problems.push(row.problem(name, &format!("the {name}'s name")));
            }
        }
        let value = row.whole_number("value", problems);
        if problems.len() > before {
            return None;
        }
        let account = Account {
            organization: row.get("organization").to_string(),
            role: row.get("role").to_string(),
            platform: row.get("platform").to_string(),
            metric: row.get("metric").to_string(),
            value,
            note: row.get("note").to_string(),
        };
        let key = format!(
            "{}\u{1f}{}\u{1f}{}",
            account.organization,
            name_key(&account.platform),
            name_key(&account.metric)
        );
        if let Some(line) = row.first_line_of(key, &mut seen) {
            problems.push(row.problem_message(
                "metric",
                format!(
                    "found {} {} of {} again, expected each figure once (first on line {line})",
                    account.platform, account.metric, account.organization
                ),
            ));
            return None;
        }
        Some(account)
    })?;
    if let Some(accounts) = &mut loaded.records {
        one_spelling(accounts, |a| &mut a.platform);
        one_spelling(accounts, |a| &mut a.metric);
        loaded.notices.extend(organizations_alike(accounts));
    }
    Ok(loaded)
}

/// Gives every account the first spelling of its name among those that compare equal.
fn one_spelling(accounts: &mut [Account], name: fn(&mut Account) -> &mut String) {
    let mut first: BTreeMap<String, String> = BTreeMap::new();
    for account in accounts {
        let spelling = name(account);
        let canonical = first
            .entry(name_key(spelling))
            .or_insert_with(|| spelling.trim().to_string());
        if spelling != canonical {
            *spelling = canonical.clone();
        }
    }
}

/// A notice for each organization written two ways that differ only in case or spacing.
fn organizations_alike(accounts: &[Account]) -> Vec<String> {
    let mut spellings: BTreeMap<String, Vec<&str>> = BTreeMap::new();
    for account in accounts {
        let found = spellings
            .entry(name_key(&account.organization))
            .or_default();
        if !found.contains(&account.organization.as_str()) {
            found.push(&account.organization);
        }
    }
    spellings
        .into_values()
        .filter(|s| s.len() > 1)
        .map(|s| {
            let quoted: Vec<String> = s.iter().map(|o| crate::escape::quoted(o)).collect();
            format!(
                "the organizations {} differ only in case or spacing, and are kept apart; \
                 write them alike if they are one",
                quoted.join(" and ")
            )
        })
        .collect()
}

/// Problems of an accounts file, for tests of the exact messages.
#[cfg(test)]
pub(crate) fn problems_of(text: &str) -> Vec<crate::error::Problem> {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("accounts.csv");
    std::fs::write(&path, text).unwrap();
    load(&path, &FileFormat::detected("accounts"))
        .unwrap()
        .problems
        .into_iter()
        .map(|mut p| {
            p.file = "accounts.csv".into();
            p
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    const HEADER: &str = "organization,role,platform,metric,value,note\n";

    fn messages(body: &str) -> Vec<String> {
        problems_of(&format!("{HEADER}{body}"))
            .iter()
            .map(ToString::to_string)
            .collect()
    }

    #[test]
    fn good_rows_load_and_empty_value_is_not_published() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.csv");
        let body = "Nur Otan,party,youtube,subscribers,2200,January 2020\n\
                    DCK,leader,facebook,followers,,private account\n";
        std::fs::write(&path, format!("{HEADER}{body}")).unwrap();
        let loaded = load(&path, &FileFormat::detected("accounts")).unwrap();
        assert!(loaded.problems.is_empty());
        let accounts = loaded.records.unwrap();
        assert_eq!(accounts[0].value, Some(2200));
        assert_eq!(accounts[1].value, None);
        assert_eq!(accounts[1].note, "private account");
        assert_eq!(loaded.summary.rows, 2);
    }

    #[test]
    fn bad_value_names_line_column_found_and_expected() {
        assert_eq!(
            messages("Nur Otan,party,youtube,subscribers,\"2,20\",\n"),
            ["accounts.csv:2:5: value: found \"2,20\", expected a whole number, not 2.20 (counts are never rounded)"]
        );
    }

    #[test]
    fn missing_names_and_duplicates_are_rejected() {
        assert_eq!(
            messages(",party,youtube,subscribers,1,\nA,,youtube,views,1,\nA,,youtube,views,2,\n"),
            [
                "accounts.csv:2:1: organization: found nothing, expected the organization's name",
                "accounts.csv:4:4: found youtube views of A again, expected each figure once (first on line 3)",
            ]
        );
    }

    #[test]
    fn header_problems_are_on_line_one() {
        let problems: Vec<String> = problems_of("organisation,platform,metric,value\n")
            .iter()
            .map(ToString::to_string)
            .collect();
        assert_eq!(
            problems,
            [
                "accounts.csv:1: the header has no column \"organization\", expected the columns: organization, platform, metric, value; found: \"organisation\", \"platform\", \"metric\", \"value\"",
            ]
        );
    }

    #[test]
    fn short_rows_are_reported_once() {
        assert_eq!(
            messages("A,role,youtube\n"),
            ["accounts.csv:2: found 3 fields, expected 6 as in the header"]
        );
    }
}
