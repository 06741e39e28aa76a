//! The `Report`: every computed figure of a study, and the only thing renderers read.
//!
//! It is serialised as `report.json` (schema 1, keys as the design notes fix them). A section
//! whose input the study lacks is `None` and left out of the JSON, the pages and the tables
//! alike. Lists are in a fixed order (input order, or sorted with explicit tie-breaks), so the
//! same inputs give the same bytes.

use serde::Serialize;

use crate::cluster::{self, ClustersReport};
use crate::config::Config;
use crate::error::Result;
use crate::load::{InputSummary, Inputs};
use crate::media::ratios::{self, Ratio};
use crate::media::videos::{self, Topics, VideosReport};
use crate::media::views::{self, ViewsReport};
use crate::model::accounts::Account;
use crate::narrative::{self, NarrativeText};
use crate::protests::{self, EventsReport};
use crate::reproduce::{self, Computed, PairCorrelations, ReproductionItem};
use crate::text::{self, TextReport};

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
    /// `corpus`, `terms`, `ngrams`, `associations`, `collocations`.
    #[serde(flatten, skip_serializing_if = "Option::is_none")]
    pub text: Option<TextReport>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub clusters: Option<ClustersReport>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub videos: Option<VideosReport>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub views: Option<ViewsReport>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub events: Option<EventsReport>,
    pub reproduction: Vec<ReproductionItem>,
    /// The study's narratives with their figures filled in.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub narrative: Vec<NarrativeText>,
    /// Years where the published Table 2 contradicts itself (a total against its size classes).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub published_consistency: Vec<protests::Inconsistency>,
}

/// Runs every analysis the config asks for on the loaded inputs.
pub fn analyse(config: &Config, inputs: Inputs) -> Result<Report> {
    let ratios = match (&inputs.accounts, &config.accounts) {
        (Some(accounts), Some(section)) if !section.ratios.is_empty() => {
            Some(ratios::ratios(accounts, &section.ratios)?)
        }
        _ => None,
    };
    let events = inputs.events.as_deref().map(protests::analyse);
    let mut notices = config.skipped_sections();
    notices.extend(inputs.notices.iter().cloned());
    let normaliser = text::normaliser(config, inputs.stopwords.as_deref());
    let stem = |term: &str| normaliser.stems(term).join(" ");
    let mut pair_correlations = PairCorrelations::new();
    let mut clusters = None;
    let text = match &inputs.corpus {
        Some(corpus) => {
            let (report, indexed) = text::analyse(config, corpus, &normaliser)?;
            if let Some(section) = &config.clusters {
                let ids: Vec<&str> = corpus.posts.iter().map(|p| p.id.as_str()).collect();
                let texts: Vec<&str> = corpus.posts.iter().map(|p| p.text.as_str()).collect();
                let found = cluster::analyse(&indexed, &ids, &texts, section);
                if found.documents < 2 {
                    notices.push(format!(
                        "clusters: {} posts have a term found in {} posts or more; there is \
                         nothing to cluster",
                        found.documents, section.min_support
                    ));
                } else if found.k < section.k {
                    notices.push(format!(
                        "clusters.k: {} clusters asked for, but only {} posts are clustered; \
                         cut into {} clusters",
                        section.k, found.documents, found.k
                    ));
                }
                clusters = Some(found);
            }
            notices.extend(text_notices(&report));
            for fact in inputs.published.facts.iter().flat_map(|f| &f.associations) {
                let (a, b) = &fact.pair;
                let r = text::associations::correlation(&indexed, &stem(a), &stem(b));
                pair_correlations.insert(fact.pair.clone(), r);
            }
            Some(report)
        }
        None => None,
    };
    let published_consistency = inputs
        .published
        .protests
        .as_ref()
        .map(protests::consistency)
        .unwrap_or_default();
    let videos = match (&inputs.videos, &config.videos) {
        (Some(list), Some(section)) => {
            Some(videos_report(config, section, list, &inputs, &mut notices)?)
        }
        _ => None,
    };
    let views = match (&inputs.views, &config.views) {
        (Some(points), Some(section)) => Some(ViewsReport {
            description: section.description.clone(),
            ..views::analyse(
                points,
                inputs.events.as_deref().unwrap_or_default(),
                section.peaks,
                section.window_days,
            )
        }),
        _ => None,
    };
    let reproduction = reproduce::reproduce(
        &inputs.published,
        &Computed {
            accounts: inputs.accounts.as_deref(),
            ratios: ratios.as_deref().unwrap_or_default(),
            events: events.as_ref(),
            text: text.as_ref(),
            stem: Some(&stem),
            pair_correlations: &pair_correlations,
            clusters: clusters.as_ref(),
            videos: videos.as_ref(),
        },
    );
    let mut report = Report {
        schema: SCHEMA,
        generator: format!("mobilize {}", env!("CARGO_PKG_VERSION")),
        title: config.title.clone(),
        inputs: inputs.summaries,
        notices,
        accounts: inputs.accounts,
        ratios,
        text,
        clusters,
        videos,
        views,
        events,
        reproduction,
        narrative: Vec::new(),
        published_consistency,
    };
    if !inputs.narratives.is_empty() {
        let value = serde_json::to_value(&report).expect("the report serialises to JSON");
        let (texts, claims) = narrative::fill(value, &inputs.narratives)?;
        report.narrative = texts;
        report.reproduction.extend(claims);
    }
    Ok(report)
}

/// What a reader of the text sections should know: posts left out, targets not found.
fn text_notices(report: &TextReport) -> Vec<String> {
    let mut notices = Vec::new();
    let empty = &report.corpus.empty_texts;
    if !empty.is_empty() {
        let shown: Vec<&str> = empty.iter().take(10).map(String::as_str).collect();
        let more = if empty.len() > 10 { ", ..." } else { "" };
        notices.push(format!(
            "corpus: {} {} no text and {} left out of the analyses ({}{more})",
            empty.len(),
            if empty.len() == 1 {
                "post has"
            } else {
                "posts have"
            },
            if empty.len() == 1 { "is" } else { "are" },
            shown.join(", ")
        ));
    }
    let long = report.corpus.unstemmed_words;
    if long > 0 {
        notices.push(format!(
            "corpus: {long} distinct {} over {} characters {} kept unstemmed (no word of a \
             language is so long; stemming one takes time that grows with its square)",
            if long == 1 { "word" } else { "words" },
            crate::text::matrix::MAX_STEMMED_CHARS,
            if long == 1 { "is" } else { "are" },
        ));
    }
    for association in report.associations.iter().flatten() {
        if !association.found {
            notices.push(format!(
                "associations: the term \"{}\" does not occur in the corpus (terms are stems, \
                 such as \"countri\")",
                association.term
            ));
        }
    }
    notices
}

/// Topics, Figure 1 and the like velocity, by snapshots when there are some, else to the
/// data's date when the config gives one.
fn videos_report(
    config: &Config,
    section: &crate::config::VideosConfig,
    list: &[crate::model::media::Video],
    inputs: &Inputs,
    notices: &mut Vec<String>,
) -> Result<VideosReport> {
    let language = config.titles_language();
    let normaliser = text::normaliser_in(config, language, None);
    let topics = Topics::new(&section.topics, &normaliser);
    let velocity = match (&inputs.snapshots, &section.as_of) {
        (Some(snapshots), _) => Some(videos::velocity_from_snapshots(list, snapshots)),
        (None, Some(day)) => {
            let as_of = day.and_time(chrono::NaiveTime::MIN);
            Some(videos::velocity_to_date(list, as_of))
        }
        (None, None) => {
            notices.push(
                "videos: no like snapshots (videos.snapshots) and no date of the data \
                 (videos.as_of): the like velocity is not computed"
                    .into(),
            );
            None
        }
    };
    Ok(VideosReport {
        description: section.description.clone(),
        ..videos::analyse(list, &topics, section.top_per_channel, velocity)
    })
}
