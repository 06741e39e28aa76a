//! The published figures: the paper's tables as transcribed CSV files in one folder.
//!
//! Each known file is read when present (`table1_accounts.csv` in the accounts format,
//! `table1_claims.csv`, `table2_protests.csv` with one column per year and cells such as
//! `>13`); files for analyses this version does not compute are left alone. The figures are
//! kept as printed, so the reproduction panel can show exactly what the paper says.

use std::collections::BTreeMap;
use std::path::Path;

use super::table::{load_records, records_of, Columns, CsvFile, Dialect};
use super::{accounts, Loaded};
use crate::config::FileFormat;
use crate::error::Result;
use crate::model::events::{Cell, ProtestTable, RowId};

/// Table 1's figures in `published.dir`, in the accounts file's columns.
pub const ACCOUNTS_FILE: &str = "table1_accounts.csv";
/// The text's derived figures in `published.dir`: `claim,published_value[,how_to_compute]`.
pub const CLAIMS_FILE: &str = "table1_claims.csv";
/// Table 2 in `published.dir`: `form,YEAR,YEAR,...`.
pub const PROTESTS_FILE: &str = "table2_protests.csv";
/// Table 3 in `published.dir`: `rank,term,count,support`.
pub const TERMS_FILE: &str = "table3_terms.csv";
/// Table 4 in `published.dir`: `term,count,support`.
pub const BIGRAMS_FILE: &str = "table4_bigrams.csv";
/// The facts the text states, in `published.dir`: `fact,value,source_section`.
pub const FACTS_FILE: &str = "text_facts.csv";
/// Table 5 in `published.dir`: `cluster,size,top_words`.
pub const CLUSTERS_FILE: &str = "table5_clusters.csv";

/// A published cluster (Table 5): its number, size and top words as printed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PublishedCluster {
    /// The cluster's number as printed (column `cluster`).
    pub id: u64,
    /// Posts in the cluster (column `size`), compared with the matched computed cluster's size.
    pub size: u64,
    /// The words of column `top_words`, split at commas and trimmed, in the printed order;
    /// never empty. Stemmed when matched to a computed cluster.
    pub top_words: Vec<String>,
}

/// A correlation the text states: `nazarbayev ~ billion, correlation 0.31`.
#[derive(Debug, Clone, PartialEq)]
pub struct PublishedCorrelation {
    /// The two terms, as printed.
    pub pair: (String, String),
    /// The coefficient as printed ("0.31"), whose decimals say how closely to compare.
    pub printed: String,
    /// The printed coefficient as a number.
    pub value: f64,
}

/// Facts the paper states in its text that this version can compare.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct TextFacts {
    /// The correlations the text states, in its order.
    pub associations: Vec<PublishedCorrelation>,
    /// The collocates of the keyword, as printed ("go protest"), in the printed order.
    pub collocates: Vec<String>,
    /// The share of the leading topic among the most-viewed videos, in percent.
    pub topic_share: Option<f64>,
    /// The videos the text names as fastest at receiving likes: rank, date, views if given.
    pub top_videos: Vec<(usize, String, Option<u64>)>,
}

/// A published term (Table 3) or two-word term (Table 4), as printed (not necessarily
/// stemmed: the paper prints "people" beside "countri").
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PublishedTerm {
    /// The term as printed (column `term`); unique in its file.
    pub term: String,
    /// Occurrences in the corpus (column `count`).
    pub count: u64,
    /// Documents holding the term (column `support`).
    pub support: u64,
}

/// A figure the paper's text derives, such as "138 times more subscribers".
#[derive(Debug, Clone, PartialEq)]
pub struct Claim {
    /// The claim's name (column `claim`): the `label` of the `accounts.ratios` entry it is
    /// compared with, and the item's name in the reproduction panel.
    pub claim: String,
    /// `printed` read as a number (`63,5` is 63.5).
    pub value: f64,
    /// The value as printed, e.g. `138`.
    pub printed: String,
}

/// Reads `table1_claims.csv`: `claim,published_value[,how_to_compute]`.
pub fn load_claims(path: &Path, format: &FileFormat) -> Result<Loaded<Vec<Claim>>> {
    const COLUMNS: Columns = Columns {
        required: &["claim", "published_value"],
        optional: &["how_to_compute"],
        open: None,
    };
    load_records(path, format, &COLUMNS, |row, problems| {
        let printed = row.get("published_value");
        if row.get("claim").is_empty() {
            problems.push(row.problem("claim", "the claim's name"));
            return None;
        }
        if printed.is_empty() {
            problems.push(row.problem("published_value", "a number such as 138 or 63.5"));
            return None;
        }
        let value = row.decimal("published_value", problems)?;
        Some(Claim {
            claim: row.get("claim").to_string(),
            value,
            printed: printed.to_string(),
        })
    })
}

/// Reads `table2_protests.csv`: `form,YEAR,YEAR,...` with the seven rows of Table 2.
pub fn load_protests(path: &Path, format: &FileFormat) -> Result<Loaded<ProtestTable>> {
    const COLUMNS: Columns = Columns {
        required: &["form"],
        optional: &[],
        open: Some(is_year),
    };
    let file = match CsvFile::read(path, format, &COLUMNS, Dialect::DETECTED)? {
        Ok(file) => file,
        Err(problems) => return Ok(Loaded::rejected(path, problems)),
    };
    let year_columns: Vec<String> = file
        .header()
        .iter()
        .filter(|h| is_year(h))
        .cloned()
        .collect();
    let years: Vec<i32> = year_columns.iter().filter_map(|h| h.parse().ok()).collect();
    let mut seen = BTreeMap::new();
    let loaded = records_of(file, |row, problems| {
        let Some(form) = RowId::parse(row.get("form")) else {
            let labels: Vec<&str> = RowId::labels().collect();
            problems.push(row.problem("form", &format!("one of: {}", labels.join("; "))));
            return None;
        };
        if let Some(line) = row.first_line_of(form, &mut seen) {
            problems.push(row.repeated("form", line, "row"));
            return None;
        }
        let mut cells = Vec::new();
        for column in &year_columns {
            match Cell::parse(row.get(column)) {
                Some(cell) => cells.push(cell),
                None => problems
                    .push(row.problem(column, "a count such as 13, or >13 for more than 13")),
            }
        }
        (cells.len() == year_columns.len()).then_some((form, cells))
    });
    Ok(loaded.map(|rows| ProtestTable { years, rows }))
}

fn is_year(name: &str) -> bool {
    name.len() == 4 && name.bytes().all(|b| b.is_ascii_digit())
}

/// Reads `table3_terms.csv` (`rank,term,count,support`) or `table4_bigrams.csv`
/// (`term,count,support`); rows are in the published order.
pub fn load_terms(path: &Path, format: &FileFormat) -> Result<Loaded<Vec<PublishedTerm>>> {
    const COLUMNS: Columns = Columns {
        required: &["term", "count", "support"],
        optional: &["rank"],
        open: None,
    };
    let mut seen = BTreeMap::new();
    load_records(path, format, &COLUMNS, |row, problems| {
        let term = row.get("term");
        if term.is_empty() {
            problems.push(row.problem("term", "the term as printed"));
            return None;
        }
        if let Some(first) = row.first_line_of(term.to_string(), &mut seen) {
            problems.push(row.repeated("term", first, "term"));
            return None;
        }
        let count = row.whole_number("count", problems);
        let support = row.whole_number("support", problems);
        row.whole_number("rank", problems);
        match (count, support) {
            (Some(count), Some(support)) => Some(PublishedTerm {
                term: term.to_string(),
                count,
                support,
            }),
            (None, _) if row.get("count").is_empty() => {
                problems.push(row.problem("count", "the published count"));
                None
            }
            (_, None) if row.get("support").is_empty() => {
                problems.push(row.problem("support", "the published support"));
                None
            }
            _ => None,
        }
    })
}

/// Reads `text_facts.csv` (`fact,value,source_section`). Rows of facts this version does not
/// compare are skipped; an `association` must read `TERM ~ TERM, correlation R`.
pub fn load_facts(path: &Path, format: &FileFormat) -> Result<Loaded<TextFacts>> {
    const COLUMNS: Columns = Columns {
        required: &["fact", "value"],
        optional: &["source_section"],
        open: None,
    };
    let mut facts = TextFacts::default();
    let loaded = load_records(path, format, &COLUMNS, |row, problems| {
        let value = row.get("value");
        match row.get("fact") {
            "association" => match parse_association(value) {
                Some(found) => facts.associations.push(found),
                None => problems.push(row.problem("value", "TERM ~ TERM, correlation R")),
            },
            "topic_share" => match value
                .split('%')
                .next()
                .and_then(|v| v.rsplit([' ', ':']).next())
                .and_then(|v| v.parse().ok())
            {
                Some(share) if value.contains('%') => facts.topic_share = Some(share),
                _ => problems.push(row.problem("value", "a share such as \"...: 57% of ...\"")),
            },
            fact if fact.starts_with("top_video_") => match parse_top_video(fact, value) {
                Some(video) => facts.top_videos.push(video),
                None => problems
                    .push(row.problem("value", "YYYY-MM-DD: what the video shows[; N views]")),
            },
            "protest_collocates" => facts.collocates.extend(
                value
                    .split(';')
                    .map(|c| c.trim().to_string())
                    .filter(|c| !c.is_empty()),
            ),
            _ => {}
        }
        Some(())
    })?;
    Ok(loaded.map(|_| facts))
}

fn parse_top_video(fact: &str, value: &str) -> Option<(usize, String, Option<u64>)> {
    let rank: usize = fact.strip_prefix("top_video_")?.parse().ok()?;
    let date = value.get(..10)?;
    crate::load::media::parse_time(date)?;
    let views = value
        .strip_suffix(" views")
        .and_then(|v| v.rsplit(' ').next())
        .and_then(|v| v.parse().ok());
    Some((rank, date.to_string(), views))
}

fn parse_association(value: &str) -> Option<PublishedCorrelation> {
    let (pair, r) = value.split_once(", correlation ")?;
    let (a, b) = pair.split_once('~')?;
    let printed = r.trim();
    Some(PublishedCorrelation {
        pair: (a.trim().to_string(), b.trim().to_string()),
        printed: printed.to_string(),
        value: printed.parse().ok().filter(|r: &f64| r.is_finite())?,
    })
}

/// Reads `table5_clusters.csv`: `cluster,size,top_words` (words separated by commas).
pub fn load_clusters(path: &Path, format: &FileFormat) -> Result<Loaded<Vec<PublishedCluster>>> {
    const COLUMNS: Columns = Columns {
        required: &["cluster", "size", "top_words"],
        optional: &[],
        open: None,
    };
    load_records(path, format, &COLUMNS, |row, problems| {
        let id = row.whole_number("cluster", problems);
        let size = row.whole_number("size", problems);
        let top_words: Vec<String> = row
            .get("top_words")
            .split(',')
            .map(|w| w.trim().to_string())
            .filter(|w| !w.is_empty())
            .collect();
        if top_words.is_empty() {
            problems.push(row.problem("top_words", "the cluster's top words, separated by commas"));
        }
        match (id, size) {
            (Some(id), Some(size)) if !top_words.is_empty() => Some(PublishedCluster {
                id,
                size,
                top_words,
            }),
            (None, _) if row.get("cluster").is_empty() => {
                problems.push(row.problem("cluster", "the cluster's number"));
                None
            }
            (_, None) if row.get("size").is_empty() => {
                problems.push(row.problem("size", "the cluster's size"));
                None
            }
            _ => None,
        }
    })
}

/// Reads the published accounts, in the accounts format.
pub fn load_accounts(
    path: &Path,
    format: &FileFormat,
) -> Result<Loaded<Vec<crate::model::accounts::Account>>> {
    accounts::load(path, format)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn write(name: &str, text: &str) -> (tempfile::TempDir, std::path::PathBuf) {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(name);
        std::fs::write(&path, text).unwrap();
        (dir, path)
    }

    #[test]
    fn published_table_two_keeps_lower_bounds() {
        let (_dir, path) = write(
            PROTESTS_FILE,
            "form,2018,2019\nProtests total,>13,>18\nSingle pickets,8,>15\n",
        );
        let loaded = load_protests(&path, &FileFormat::detected("published")).unwrap();
        assert!(loaded.problems.is_empty());
        let table = loaded.records.unwrap();
        assert_eq!(table.years, vec![2018, 2019]);
        assert_eq!(
            table.cell(RowId::ProtestsTotal, 2019).unwrap().to_string(),
            ">18"
        );
        assert_eq!(
            table.cell(RowId::SinglePickets, 2018).unwrap().to_string(),
            "8"
        );
    }

    #[test]
    fn published_table_two_rejects_unknown_rows_and_cells() {
        let (_dir, path) = write(
            PROTESTS_FILE,
            "form,2019,total\nRiots,1,1\nSingle pickets,about 15,1\n",
        );
        let loaded = load_protests(&path, &FileFormat::detected("published")).unwrap();
        assert_eq!(
            loaded.summary.read_as.unwrap().unused_columns,
            ["total"],
            "a column that is not a year is listed, not refused"
        );
        let messages: Vec<String> = loaded.problems.iter().map(|p| p.to_string()).collect();
        assert!(
            messages[0].contains(":2:1: form: found \"Riots\", expected one of: Strikes total;")
        );
        assert!(messages[1].ends_with(
            ":3:2: 2019: found \"about 15\", expected a count such as 13, or >13 for more than 13"
        ));
    }

    #[test]
    fn published_table_two_rejects_a_repeated_row() {
        let (_dir, path) = write(
            PROTESTS_FILE,
            "form,2019\nSingle pickets,1\nSingle pickets,2\n",
        );
        let loaded = load_protests(&path, &FileFormat::detected("published")).unwrap();
        let messages: Vec<String> = loaded.problems.iter().map(|p| p.to_string()).collect();
        assert_eq!(messages.len(), 1, "{messages:?}");
        assert!(messages[0].ends_with(
            ":3:1: form: found \"Single pickets\" again, first on line 2, expected each row once"
        ));
        assert_eq!(loaded.records.unwrap().rows.len(), 1);
    }

    #[test]
    fn claims_are_numbers_as_printed() {
        let (_dir, path) = write(
            CLAIMS_FILE,
            "claim,published_value,how_to_compute\nA vs B,138,276000 / 2200\nC,lots,\nD,\"63,5\",\n",
        );
        let loaded = load_claims(&path, &FileFormat::detected("published")).unwrap();
        let claims = loaded.records.as_ref().unwrap();
        assert_eq!(claims[0].value, 138.0);
        assert_eq!(
            (claims[1].value, claims[1].printed.as_str()),
            (63.5, "63,5")
        );
        assert_eq!(loaded.problems.len(), 1);
        assert!(loaded.problems[0].to_string().ends_with(
            ":3:2: published_value: found \"lots\", expected a number such as 138, 63.5 or 63,5"
        ));
    }
}
