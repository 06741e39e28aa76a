//! The ratios of account figures (Table 1 and the text's "138 times").
//!
//! A ratio names its two figures by organization, platform and metric as the accounts file
//! writes them (platform and metric in any case, as the accounts file compares them); a name
//! that matches no row is a config error listing what there is, since a silently missing
//! ratio would look like a result. A figure that was not published gives no
//! ratio (`value: null`), never a ratio of zero.

use serde::{Deserialize, Serialize};

use crate::config::{AccountRef, RatioConfig};
use crate::error::{Error, Result};
use crate::model::accounts::{name_key, Account};

/// One side of a ratio, with the figure it found.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RatioTerm {
    /// The organization, as both the config and the accounts file write it (matched exactly).
    pub organization: String,
    /// The platform as the accounts file spells it, which may differ in case or spacing from the
    /// config's.
    pub platform: String,
    /// The metric as the accounts file spells it, which may differ in case or spacing from the
    /// config's.
    pub metric: String,
    /// The figure; `None` (`null`) when it was not published.
    pub value: Option<u64>,
}

/// `numerator / denominator`, unrounded; `None` when either figure is unpublished or the
/// denominator is zero.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Ratio {
    /// The name in `accounts.ratios[].label`; a published claim of the same name is compared with
    /// it.
    pub label: String,
    /// The figure divided (`accounts.ratios[].numerator`).
    pub numerator: RatioTerm,
    /// The figure divided by (`accounts.ratios[].denominator`).
    pub denominator: RatioTerm,
    /// The quotient, unrounded; `None` (`null`) when a figure is not published or the denominator
    /// is 0.
    pub value: Option<f64>,
}

/// Computes every configured ratio over the accounts.
pub fn ratios(accounts: &[Account], configs: &[RatioConfig]) -> Result<Vec<Ratio>> {
    configs
        .iter()
        .enumerate()
        .map(|(index, config)| {
            let numerator = term(accounts, &config.numerator, index, "numerator")?;
            let denominator = term(accounts, &config.denominator, index, "denominator")?;
            let value = match (numerator.value, denominator.value) {
                (Some(n), Some(d)) if d > 0 => Some(n as f64 / d as f64),
                _ => None,
            };
            Ok(Ratio {
                label: config.label.clone(),
                numerator,
                denominator,
                value,
            })
        })
        .collect()
}

fn term(accounts: &[Account], wanted: &AccountRef, index: usize, side: &str) -> Result<RatioTerm> {
    let found = accounts.iter().find(|a| {
        a.organization == wanted.organization
            && name_key(&a.platform) == name_key(&wanted.platform)
            && name_key(&a.metric) == name_key(&wanted.metric)
    });
    match found {
        Some(account) => Ok(RatioTerm {
            organization: account.organization.clone(),
            platform: account.platform.clone(),
            metric: account.metric.clone(),
            value: account.value,
        }),
        None => {
            let mut known: Vec<String> = accounts
                .iter()
                .map(|a| format!("{} / {} / {}", a.organization, a.platform, a.metric))
                .collect();
            known.dedup();
            Err(Error::config(
                format!("accounts.ratios[{index}].{side}"),
                format!(
                    "found no accounts row for {} / {} / {}, expected one of: {}",
                    wanted.organization,
                    wanted.platform,
                    wanted.metric,
                    known.join("; ")
                ),
            ))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn account(org: &str, platform: &str, metric: &str, value: Option<u64>) -> Account {
        Account {
            organization: org.into(),
            role: String::new(),
            platform: platform.into(),
            metric: metric.into(),
            value,
            note: String::new(),
        }
    }

    fn side(org: &str) -> AccountRef {
        AccountRef {
            organization: org.into(),
            platform: "youtube".into(),
            metric: "subscribers".into(),
        }
    }

    fn ratio(label: &str, n: &str, d: &str) -> RatioConfig {
        RatioConfig {
            label: label.into(),
            numerator: side(n),
            denominator: side(d),
        }
    }

    #[test]
    fn the_papers_two_ratios() {
        let accounts = vec![
            account("Nur Otan", "youtube", "subscribers", Some(2200)),
            account("Ak Orda", "youtube", "subscribers", Some(4380)),
            account("DCK", "youtube", "subscribers", Some(276_000)),
        ];
        let found = ratios(
            &accounts,
            &[
                ratio("vs Nur Otan", "DCK", "Nur Otan"),
                ratio("vs Ak Orda", "DCK", "Ak Orda"),
            ],
        )
        .unwrap();
        // 276000 / 2200 = 125.4545..., 276000 / 4380 = 63.0137...
        assert!((found[0].value.unwrap() - 125.454_545_454_5).abs() < 1e-9);
        assert!((found[1].value.unwrap() - 63.013_698_630_1).abs() < 1e-9);
        assert_eq!(found[0].denominator.value, Some(2200));
    }

    #[test]
    fn unpublished_or_zero_gives_no_ratio() {
        let accounts = vec![
            account("A", "youtube", "subscribers", None),
            account("B", "youtube", "subscribers", Some(0)),
            account("C", "youtube", "subscribers", Some(10)),
        ];
        let found = ratios(&accounts, &[ratio("a", "A", "C"), ratio("b", "C", "B")]).unwrap();
        assert_eq!(found[0].value, None);
        assert_eq!(found[1].value, None);
    }

    #[test]
    fn a_ratio_naming_no_row_is_a_config_error() {
        let accounts = vec![account("A", "youtube", "subscribers", Some(1))];
        let err = ratios(&accounts, &[ratio("x", "A", "Nur Otan")])
            .unwrap_err()
            .to_string();
        assert_eq!(
            err,
            "accounts.ratios[0].denominator: found no accounts row for Nur Otan / youtube / subscribers, \
             expected one of: A / youtube / subscribers"
        );
    }
}
