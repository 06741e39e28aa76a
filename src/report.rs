//! The `Report`: every computed figure of a study, and the only thing renderers read.
//!
//! It is serialised as `report.json` (schema 1, keys as the design notes fix them). A section
//! whose input the study lacks is `None` and left out of the JSON, the pages and the tables
//! alike. Lists are in a fixed order (input order, or sorted with explicit tie-breaks), so the
//! same inputs give the same bytes.

use serde::Serialize;

use crate::config::Config;
use crate::error::Result;
use crate::events::{self, EventsReport};
use crate::load::accounts::Account;
use crate::load::{InputSummary, Inputs};
use crate::media::{self, Ratio};
use crate::reproduce::{self, Computed, ReproductionItem};

pub const SCHEMA: u32 = 1;

#[derive(Debug, Clone, Serialize)]
pub struct Report {
    pub schema: u32,
    pub generator: String,
    pub title: String,
    pub inputs: Vec<InputSummary>,
    /// Config sections accepted but not computed by this version, and similar remarks.
    pub notices: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub accounts: Option<Vec<Account>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ratios: Option<Vec<Ratio>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub events: Option<EventsReport>,
    pub reproduction: Vec<ReproductionItem>,
    /// Years where the published Table 2 contradicts itself (a total against its size classes).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub published_consistency: Vec<events::Inconsistency>,
}

/// Runs every analysis the config asks for on the loaded inputs.
pub fn analyse(config: &Config, inputs: Inputs) -> Result<Report> {
    let ratios = match (&inputs.accounts, &config.accounts) {
        (Some(accounts), Some(section)) if !section.ratios.is_empty() => {
            Some(media::ratios(accounts, &section.ratios)?)
        }
        _ => None,
    };
    let events = inputs.events.as_deref().map(events::analyse);
    let published_consistency = inputs
        .published
        .protests
        .as_ref()
        .map(events::consistency)
        .unwrap_or_default();
    let reproduction = reproduce::reproduce(
        &inputs.published,
        &Computed {
            accounts: inputs.accounts.as_deref(),
            ratios: ratios.as_deref().unwrap_or_default(),
            events: events.as_ref(),
        },
    );
    Ok(Report {
        schema: SCHEMA,
        generator: format!("mobilize {}", env!("CARGO_PKG_VERSION")),
        title: config.title.clone(),
        inputs: inputs.summaries,
        notices: config.skipped_sections(),
        accounts: inputs.accounts,
        ratios,
        events,
        reproduction,
        published_consistency,
    })
}
