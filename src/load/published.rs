//! The published figures: the paper's tables as transcribed CSV files in one folder.
//!
//! Each known file is read when present (`table1_accounts.csv` in the accounts format,
//! `table1_claims.csv`, `table2_protests.csv` with one column per year and cells such as
//! `>13`); files for analyses this version does not compute are left alone. The figures are
//! kept as printed, so the reproduction panel can show exactly what the paper says.

use std::collections::BTreeMap;
use std::path::Path;

use super::table::{load_records, Columns, CsvFile};
use super::{accounts, Loaded};
use crate::error::Result;
use crate::events::{Cell, ProtestTable, ROWS};

pub const ACCOUNTS_FILE: &str = "table1_accounts.csv";
pub const CLAIMS_FILE: &str = "table1_claims.csv";
pub const PROTESTS_FILE: &str = "table2_protests.csv";

/// A figure the paper's text derives, such as "138 times more subscribers".
#[derive(Debug, Clone, PartialEq)]
pub struct Claim {
    pub claim: String,
    pub value: f64,
    /// The value as printed, e.g. `138`.
    pub printed: String,
}

/// Reads `table1_claims.csv`: `claim,published_value[,how_to_compute]`.
pub fn load_claims(path: &Path) -> Result<Loaded<Vec<Claim>>> {
    const COLUMNS: Columns = Columns {
        required: &["claim", "published_value"],
        optional: &["how_to_compute"],
        open: None,
    };
    load_records(path, &COLUMNS, |row, problems| {
        let printed = row.get("published_value");
        if row.get("claim").is_empty() {
            problems.push(row.problem("claim", "the claim's name"));
            return None;
        }
        match printed.parse::<f64>() {
            Ok(value) if value.is_finite() => Some(Claim {
                claim: row.get("claim").to_string(),
                value,
                printed: printed.to_string(),
            }),
            _ => {
                problems.push(row.problem("published_value", "a number such as 138 or 63.5"));
                None
            }
        }
    })
}

/// Reads `table2_protests.csv`: `form,YEAR,YEAR,...` with the seven rows of Table 2.
pub fn load_protests(path: &Path) -> Result<Loaded<ProtestTable>> {
    const COLUMNS: Columns = Columns {
        required: &["form"],
        optional: &[],
        open: Some((is_year, "a year such as 2019")),
    };
    let file = match CsvFile::read(path, &COLUMNS)? {
        Ok(file) => file,
        Err(problems) => return Ok(Loaded::rejected(path, problems)),
    };
    let year_columns: Vec<&String> = file.header().iter().filter(|h| is_year(h)).collect();
    let years: Vec<i32> = year_columns.iter().filter_map(|h| h.parse().ok()).collect();
    let mut problems = Vec::new();
    let mut rows = Vec::new();
    let mut seen = BTreeMap::new();
    for row in file.rows() {
        if let Some(problem) = row.width_problem() {
            problems.push(problem);
            continue;
        }
        let form = row.get("form");
        if !ROWS.iter().any(|rule| rule.label == form) {
            let labels: Vec<&str> = ROWS.iter().map(|r| r.label).collect();
            problems.push(row.problem("form", &format!("one of: {}", labels.join("; "))));
            continue;
        }
        if let Some(line) = row.first_line_of(form.to_string(), &mut seen) {
            problems.push(row.problem_message(
                "form",
                format!(
                    "form: found \"{form}\" again, expected each row once (first on line {line})"
                ),
            ));
            continue;
        }
        let mut cells = Vec::new();
        for column in &year_columns {
            match Cell::parse(row.get(column)) {
                Some(cell) => cells.push(cell),
                None => problems
                    .push(row.problem(column, "a count such as 13, or >13 for more than 13")),
            }
        }
        if cells.len() == year_columns.len() {
            rows.push((form.to_string(), cells));
        }
    }
    Ok(Loaded::new(file, ProtestTable { years, rows }, problems))
}

fn is_year(name: &str) -> bool {
    name.len() == 4 && name.bytes().all(|b| b.is_ascii_digit())
}

/// Reads the published accounts, in the accounts format.
pub fn load_accounts(path: &Path) -> Result<Loaded<Vec<accounts::Account>>> {
    accounts::load(path)
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
        let loaded = load_protests(&path).unwrap();
        assert!(loaded.problems.is_empty());
        let table = loaded.records.unwrap();
        assert_eq!(table.years, vec![2018, 2019]);
        assert_eq!(
            table.cell("Protests total", 2019).unwrap().to_string(),
            ">18"
        );
        assert_eq!(table.cell("Single pickets", 2018).unwrap().to_string(), "8");
    }

    #[test]
    fn published_table_two_rejects_unknown_rows_and_cells() {
        let (_dir, path) = write(
            PROTESTS_FILE,
            "form,2019,total\nRiots,1,1\nSingle pickets,about 15,1\n",
        );
        let loaded = load_protests(&path).unwrap();
        let messages: Vec<String> = loaded.problems.iter().map(|p| p.to_string()).collect();
        assert_eq!(messages.len(), 1, "{messages:?}");
        assert!(messages[0].ends_with(":1:3: found an unknown column \"total\", expected one of: form, or a year such as 2019"));
        let (_dir, path) = write(
            PROTESTS_FILE,
            "form,2019\nRiots,1\nSingle pickets,about 15\n",
        );
        let messages: Vec<String> = load_protests(&path)
            .unwrap()
            .problems
            .iter()
            .map(|p| p.to_string())
            .collect();
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
        let loaded = load_protests(&path).unwrap();
        let messages: Vec<String> = loaded.problems.iter().map(|p| p.to_string()).collect();
        assert_eq!(messages.len(), 1, "{messages:?}");
        assert!(messages[0].ends_with(
            ":3:1: form: found \"Single pickets\" again, expected each row once (first on line 2)"
        ));
        assert_eq!(loaded.records.unwrap().rows.len(), 1);
    }

    #[test]
    fn claims_are_numbers_as_printed() {
        let (_dir, path) = write(
            CLAIMS_FILE,
            "claim,published_value,how_to_compute\nA vs B,138,276000 / 2200\nC,lots,\n",
        );
        let loaded = load_claims(&path).unwrap();
        assert_eq!(loaded.records.as_ref().unwrap()[0].value, 138.0);
        assert_eq!(loaded.problems.len(), 1);
        assert!(loaded.problems[0].to_string().ends_with(
            ":3:2: published_value: found \"lots\", expected a number such as 138 or 63.5"
        ));
    }
}
