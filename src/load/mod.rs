//! Loading: every input the config names, read into typed records with their provenance.
//!
//! One module per input format. Each loader reads its whole file and returns the records
//! together with every rejected row, so that `check` can list all problems at once and
//! `build` can refuse to build on any. Provenance (path as configured, SHA-256, rows read,
//! rows rejected) goes into the report, so a reader can tell which data a page was built from.

pub mod accounts;
pub mod acled;
pub mod coding;
pub mod corpus;
pub mod crowdtangle;
pub mod decode;
pub mod delimited;
pub mod events;
pub mod facebook;
pub mod json;
pub mod layouts;
pub mod media;
pub mod mm;
pub mod published;
pub mod table;
pub mod telegram;
pub mod values;
pub mod youtube_api;
pub mod ytdt;

use std::path::Path;

use serde::Serialize;

use crate::config::{AccountsFormat, Config, EventsFormat, SnapshotsConfig, VideosFormat};
use crate::error::{Problem, Result};
use crate::events::ProtestTable;
use accounts::Account;
use events::Event;
use published::Claim;
use table::CsvFile;

/// Where an input came from and how much of it was used.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct InputSummary {
    pub name: String,
    /// The path as written in the config (relative to it), so reports do not depend on the
    /// folder they were built in.
    pub path: String,
    pub sha256: String,
    pub rows: usize,
    pub rejected: usize,
    /// How a delimited file was read (delimiter, encoding, columns not read), for `check`;
    /// not part of `report.json`, so a file saved another way builds the same report.
    #[serde(skip)]
    pub read_as: Option<table::ReadAs>,
}

/// One input read: its summary, its records (absent when the file itself was unusable), its
/// problems and what reading it noticed.
pub struct Loaded<T> {
    pub summary: InputSummary,
    pub records: Option<T>,
    pub problems: Vec<Problem>,
    pub notices: Vec<String>,
}

impl<T> Loaded<T> {
    pub(crate) fn new(file: CsvFile, records: T, problems: Vec<Problem>) -> Self {
        let mut lines: Vec<u64> = problems.iter().map(|p| p.line).collect();
        lines.sort_unstable();
        lines.dedup();
        Loaded {
            summary: InputSummary {
                name: String::new(),
                path: file.name.clone(),
                sha256: file.sha256.clone(),
                rows: file.row_count(),
                rejected: lines.len(),
                read_as: Some(file.read_as.clone()),
            },
            records: Some(records),
            problems,
            notices: file.near_misses.clone(),
        }
    }

    /// The same input with its records turned into another form.
    pub(crate) fn map<U>(self, f: impl FnOnce(T) -> U) -> Loaded<U> {
        Loaded {
            summary: self.summary,
            records: self.records.map(f),
            problems: self.problems,
            notices: self.notices,
        }
    }

    pub(crate) fn rejected(path: &Path, problems: Vec<Problem>) -> Self {
        Loaded {
            summary: InputSummary {
                name: String::new(),
                path: path.display().to_string(),
                sha256: String::new(),
                rows: 0,
                rejected: 0,
                read_as: None,
            },
            records: None,
            problems,
            notices: Vec::new(),
        }
    }
}

/// The published figures found in `published.dir`.
#[derive(Debug, Default)]
pub struct Published {
    pub accounts: Option<Vec<Account>>,
    pub claims: Option<Vec<Claim>>,
    pub protests: Option<ProtestTable>,
    pub terms: Option<Vec<published::PublishedTerm>>,
    pub bigrams: Option<Vec<published::PublishedTerm>>,
    pub facts: Option<published::TextFacts>,
    pub clusters: Option<Vec<published::PublishedCluster>>,
}

/// Everything the analyses need, read and validated.
#[derive(Debug, Default)]
pub struct Inputs {
    pub accounts: Option<Vec<Account>>,
    pub events: Option<Vec<Event>>,
    pub corpus: Option<corpus::Corpus>,
    pub videos: Option<Vec<media::Video>>,
    pub views: Option<Vec<media::ViewsPoint>>,
    pub snapshots: Option<Vec<media::Snapshot>>,
    /// The study's stopword file (`text.stopwords` naming a file), as text.
    pub stopwords: Option<String>,
    pub published: Published,
    pub summaries: Vec<InputSummary>,
    /// What reading left out on purpose (rows that are not events), for the notices.
    pub notices: Vec<String>,
    /// The study's narrative files, in config order.
    pub narratives: Vec<crate::narrative::NarrativeSource>,
}

/// The inputs with every problem found while reading them.
pub struct Reading {
    pub inputs: Inputs,
    pub problems: Vec<Problem>,
}

/// Reads every input of the config. Only a file that cannot be read at all is an `Err`;
/// rejected rows are collected in `problems`.
pub fn read_inputs(config: &Config) -> Result<Reading> {
    let mut reading = Reading {
        inputs: Inputs::default(),
        problems: Vec::new(),
    };
    if let Some(section) = &config.accounts {
        let path = config.resolve(&section.path);
        let format = section.file_format("accounts");
        let loaded = match section.format {
            AccountsFormat::Csv => accounts::load(&path, &format)?,
            AccountsFormat::Ytdt => ytdt::load_channels(&path, &format)?,
        };
        reading.inputs.accounts = reading.take("accounts", &section.path, loaded);
    }
    if let Some(section) = &config.corpus {
        let mut loaded = corpus::load(&config.resolve(&section.path), section)?;
        if let Some(post) = loaded
            .records
            .as_ref()
            .and_then(|c| c.interactions_overflow())
        {
            loaded.problems.push(Problem {
                file: loaded.summary.path.clone(),
                line: 0,
                column: None,
                message: format!(
                    "post {}: interactions: found {}, which takes the corpus's total past {}, \
                     expected counts that add up within it",
                    crate::escape::quoted(&post.id),
                    post.interactions.unwrap_or(0),
                    u64::MAX
                ),
            });
        }
        reading.inputs.corpus = reading.take("corpus", &section.path, loaded);
        reading.inputs.stopwords = read_stopwords(config)?;
    }
    if let Some(section) = &config.videos {
        let path = config.resolve(&section.path);
        let format = section.file_format("videos");
        let loaded = match section.format {
            VideosFormat::Csv => media::load_videos(&path, &format)?,
            VideosFormat::Ytdt => ytdt::load_videos(&path, &format)?,
            VideosFormat::YoutubeApi => youtube_api::load(&path)?,
        };
        reading.inputs.videos = reading.take("videos", &section.path, loaded);
        if let Some(SnapshotsConfig(snapshots)) = &section.snapshots {
            let format = snapshots.file_format("videos.snapshots");
            let loaded = media::load_snapshots(&config.resolve(&snapshots.path), &format)?;
            reading.inputs.snapshots = reading.take("like snapshots", &snapshots.path, loaded);
        }
    }
    if let Some(section) = &config.views {
        let format = section.file_format("views");
        let loaded = media::load_views(&config.resolve(&section.path), &format)?;
        reading.inputs.views = reading.take("views", &section.path, loaded);
    }
    if let Some(section) = &config.events {
        let path = config.resolve(&section.path);
        let format = section.file_format("events");
        let loaded = match section.format {
            EventsFormat::Csv => events::load(&path, &format)?,
            EventsFormat::Acled => {
                let (loaded, others) = acled::load(&path, &format, &section.forms)?;
                if others > 0 {
                    reading.inputs.notices.push(format!(
                        "events: {} of event types other than Protests and Riots left out",
                        rows(others, "ACLED row")
                    ));
                }
                loaded
            }
            EventsFormat::Mm => {
                let (loaded, placeholders) = mm::load(&path, &format, &section.forms)?;
                if placeholders > 0 {
                    reading.inputs.notices.push(format!(
                        "events: {} (protest 0, a country-year without protests) left out",
                        rows(placeholders, "Mass Mobilization placeholder row")
                    ));
                }
                loaded
            }
        };
        reading.inputs.events = reading.take("events", &section.path, loaded);
    }
    for entry in &config.narrative {
        let path = config.resolve(&entry.file);
        let text = crate::read::text_at_most(&path, crate::read::BY_HAND)?;
        reading
            .inputs
            .narratives
            .push(crate::narrative::NarrativeSource {
                file: entry.file.to_string_lossy().replace('\\', "/"),
                at: entry.at.clone(),
                text,
            });
    }
    if let Some(section) = &config.published {
        let dir = config.resolve(&section.dir);
        let format = section.file_format("published");
        let named = |file: &str| (section.dir.join(file), dir.join(file));
        let (shown, path) = named(published::ACCOUNTS_FILE);
        if path.is_file() {
            let loaded = published::load_accounts(&path, &format)?;
            reading.inputs.published.accounts = reading.take("published Table 1", &shown, loaded);
        }
        let (shown, path) = named(published::CLAIMS_FILE);
        if path.is_file() {
            let loaded = published::load_claims(&path, &format)?;
            reading.inputs.published.claims = reading.take("published claims", &shown, loaded);
        }
        let (shown, path) = named(published::PROTESTS_FILE);
        if path.is_file() {
            let loaded = published::load_protests(&path, &format)?;
            reading.inputs.published.protests = reading.take("published Table 2", &shown, loaded);
        }
        let (shown, path) = named(published::TERMS_FILE);
        if path.is_file() {
            let loaded = published::load_terms(&path, &format)?;
            reading.inputs.published.terms = reading.take("published Table 3", &shown, loaded);
        }
        let (shown, path) = named(published::BIGRAMS_FILE);
        if path.is_file() {
            let loaded = published::load_terms(&path, &format)?;
            reading.inputs.published.bigrams = reading.take("published Table 4", &shown, loaded);
        }
        let (shown, path) = named(published::FACTS_FILE);
        if path.is_file() {
            let loaded = published::load_facts(&path, &format)?;
            reading.inputs.published.facts = reading.take("published facts", &shown, loaded);
        }
        let (shown, path) = named(published::CLUSTERS_FILE);
        if path.is_file() {
            let loaded = published::load_clusters(&path, &format)?;
            reading.inputs.published.clusters = reading.take("published Table 5", &shown, loaded);
        }
    }
    Ok(reading)
}

/// `1 ACLED row`, `2 ACLED rows`.
fn rows(n: usize, what: &str) -> String {
    if n == 1 {
        format!("1 {what}")
    } else {
        format!("{n} {what}s")
    }
}

/// The text of `text.stopwords` when it names a file rather than `builtin` or `none`.
fn read_stopwords(config: &Config) -> Result<Option<String>> {
    let Some(name) = config.text.as_ref().map(|t| t.stopwords.as_str()) else {
        return Ok(None);
    };
    if matches!(name, "builtin" | "none") {
        return Ok(None);
    }
    let path = config.resolve(Path::new(name));
    crate::read::text(&path).map(Some)
}

impl Reading {
    fn take<T>(&mut self, name: &str, configured: &Path, loaded: Loaded<T>) -> Option<T> {
        let mut summary = loaded.summary;
        summary.name = name.to_string();
        summary.path = configured.to_string_lossy().replace('\\', "/");
        self.inputs.summaries.push(summary);
        self.problems.extend(loaded.problems);
        let notices = loaded.notices.into_iter().map(|n| format!("{name}: {n}"));
        self.inputs.notices.extend(notices);
        loaded.records
    }
}
