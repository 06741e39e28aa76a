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

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::config::{
    AccountsConfig, AccountsFormat, AliasEntry, AliasList, Config, CorpusConfig, CorpusFormat,
    EventsConfig, EventsFormat, PublishedConfig, SnapshotsConfig, StopwordList, VideosConfig,
    VideosFormat,
};
use crate::error::{Problem, Result};
use crate::model::accounts::Account;
use crate::model::corpus::Corpus;
use crate::model::events::Event;
use crate::model::events::ProtestTable;
use crate::model::media::Video;
use crate::model::narrative::NarrativeSource;
use published::Claim;
use table::CsvFile;

/// What an input is to the study: how the report, the pages and `check` find it. The text is
/// the input's name in `report.json` and on the pages.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum InputKind {
    /// The file of `accounts.path`; named `accounts`.
    Accounts,
    /// The file or folder of `corpus.path`; named `corpus`.
    Corpus,
    /// The file or folder of `videos.path`; named `videos`.
    Videos,
    /// The file of `videos.snapshots`; named `like snapshots`.
    LikeSnapshots,
    /// The file of `views.path`; named `views`.
    Views,
    /// The file of `events.path`; named `events`.
    Events,
    /// `table1_accounts.csv` in `published.dir`; named `published Table 1`.
    PublishedAccounts,
    /// `table1_claims.csv` in `published.dir`; named `published claims`.
    PublishedClaims,
    /// `table2_protests.csv` in `published.dir`; named `published Table 2`.
    PublishedProtests,
    /// `table3_terms.csv` in `published.dir`; named `published Table 3`.
    PublishedTerms,
    /// `table4_bigrams.csv` in `published.dir`; named `published Table 4`.
    PublishedBigrams,
    /// `text_facts.csv` in `published.dir`; named `published facts`.
    PublishedFacts,
    /// `table5_clusters.csv` in `published.dir`; named `published Table 5`.
    PublishedClusters,
}

impl InputKind {
    const NAMES: [(InputKind, &'static str); 13] = [
        (InputKind::Accounts, "accounts"),
        (InputKind::Corpus, "corpus"),
        (InputKind::Videos, "videos"),
        (InputKind::LikeSnapshots, "like snapshots"),
        (InputKind::Views, "views"),
        (InputKind::Events, "events"),
        (InputKind::PublishedAccounts, "published Table 1"),
        (InputKind::PublishedClaims, "published claims"),
        (InputKind::PublishedProtests, "published Table 2"),
        (InputKind::PublishedTerms, "published Table 3"),
        (InputKind::PublishedBigrams, "published Table 4"),
        (InputKind::PublishedFacts, "published facts"),
        (InputKind::PublishedClusters, "published Table 5"),
    ];

    /// The input's name in `report.json` and on the pages.
    pub fn as_str(self) -> &'static str {
        crate::model::name_of(&Self::NAMES, self)
    }

    /// The kind of a name, in any case.
    pub fn parse(text: &str) -> Option<InputKind> {
        crate::model::value_of(&Self::NAMES, text)
    }

    /// Whether the input is one of the paper's published tables.
    pub fn is_published(self) -> bool {
        self >= InputKind::PublishedAccounts
    }
}

crate::model::by_name!(
    InputKind,
    "an input: accounts, corpus, videos, like snapshots, views, events or a published table"
);

/// Where an input came from and how much of it was used.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct InputSummary {
    /// What the input is; written as its name.
    #[serde(rename = "name")]
    pub kind: InputKind,
    /// The path as written in the config (relative to it), so reports do not depend on the
    /// folder they were built in.
    pub path: String,
    /// Lowercase hex SHA-256 of the file's bytes as read (for a folder of JSON parts, of each
    /// part's name and hash); empty when the file could not be read as a table at all.
    pub sha256: String,
    /// Records read: data rows of a delimited file (the header not counted) or records of a
    /// JSON export, accepted or not.
    pub rows: usize,
    /// How many of `rows` have at least one problem and were left out.
    pub rejected: usize,
    /// How a delimited file was read (delimiter, encoding, columns not read), for `check`;
    /// not part of `report.json`, so a file saved another way builds the same report.
    #[serde(skip)]
    pub read_as: Option<table::ReadAs>,
}

/// What a loader knows of the file it read; the dispatcher below adds what the file is to
/// the study and makes it an [`InputSummary`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileSummary {
    /// The path as opened.
    pub path: String,
    /// As [`InputSummary::sha256`].
    pub sha256: String,
    /// As [`InputSummary::rows`].
    pub rows: usize,
    /// As [`InputSummary::rejected`].
    pub rejected: usize,
    /// How the file was read, for `check`; `None` for a JSON export other than Facebook's
    /// (which lists its parts here) and for a file that could not be read as a table.
    pub read_as: Option<table::ReadAs>,
}

/// One input read: its summary, its records (absent when the file itself was unusable), its
/// problems and what reading it noticed.
pub struct Loaded<T> {
    /// Provenance and row counts of the file.
    pub summary: FileSummary,
    /// The records of the accepted rows; `None` when the file could not be read as a table
    /// at all (not decodable, not JSON, a header without the required columns), the reasons
    /// in `problems`.
    pub records: Option<T>,
    /// Every rejected value; for a delimited file, in line order.
    pub problems: Vec<Problem>,
    /// Remarks that are not problems (a column that looks misspelt, rows left out on purpose),
    /// without the input's name, which [`read_inputs`] puts before each.
    pub notices: Vec<String>,
}

impl<T> Loaded<T> {
    pub(crate) fn new(file: CsvFile, records: T, problems: Vec<Problem>) -> Self {
        let mut lines: Vec<u64> = problems.iter().map(|p| p.line).collect();
        lines.sort_unstable();
        lines.dedup();
        Loaded {
            summary: FileSummary {
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
            summary: FileSummary {
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
    /// Table 1 from `table1_accounts.csv`, in file order; `None` when the file is absent.
    pub accounts: Option<Vec<Account>>,
    /// The text's derived figures from `table1_claims.csv`, in file order; `None` when absent.
    pub claims: Option<Vec<Claim>>,
    /// Table 2 from `table2_protests.csv`; `None` when the file is absent.
    pub protests: Option<ProtestTable>,
    /// Table 3 from `table3_terms.csv`, in the published order; `None` when absent.
    pub terms: Option<Vec<published::PublishedTerm>>,
    /// Table 4 from `table4_bigrams.csv`, in the published order; `None` when absent.
    pub bigrams: Option<Vec<published::PublishedTerm>>,
    /// The facts stated in the text, from `text_facts.csv`; `None` when the file is absent.
    pub facts: Option<published::TextFacts>,
    /// Table 5 from `table5_clusters.csv`, in file order; `None` when the file is absent.
    pub clusters: Option<Vec<published::PublishedCluster>>,
}

/// Everything the analyses need, read and validated.
#[derive(Debug, Default)]
pub struct Inputs {
    /// The rows of `accounts.path`; `None` without an `accounts` section.
    pub accounts: Option<Vec<Account>>,
    /// The events of `events.path`; `None` without an `events` section.
    pub events: Option<Vec<Event>>,
    /// The posts of `corpus.path`; `None` without a `corpus` section.
    pub corpus: Option<crate::model::corpus::Corpus>,
    /// The videos of `videos.path`; `None` without a `videos` section.
    pub videos: Option<Vec<crate::model::media::Video>>,
    /// The points of the series in `views.path`; `None` without a `views` section.
    pub views: Option<Vec<crate::model::media::ViewsPoint>>,
    /// The like snapshots of `videos.snapshots`; `None` when that key is not set.
    pub snapshots: Option<Vec<crate::model::media::Snapshot>>,
    /// The study's stopword file (`text.stopwords` naming a file), as text.
    pub stopwords: Option<String>,
    /// The study's aliases (`text.aliases`), from the config or read from the file it names,
    /// in the order written and checked as the config's own; `None` without that key.
    pub aliases: Option<Vec<AliasEntry>>,
    /// The published tables found in `published.dir`; all `None` without a `published`
    /// section.
    pub published: Published,
    /// One per input read, in reading order (accounts, corpus, videos, like snapshots, views,
    /// events, then the published tables); the report's `inputs`.
    pub summaries: Vec<InputSummary>,
    /// What reading left out on purpose (rows that are not events), for the notices.
    pub notices: Vec<String>,
    /// The study's narrative files, in config order.
    pub narratives: Vec<crate::model::narrative::NarrativeSource>,
}

/// The inputs with every problem found while reading them.
pub struct Reading {
    /// The records read; an input whose file could not be read as a table at all is `None`.
    pub inputs: Inputs,
    /// Every rejected value of every input, in reading order; empty when all are valid.
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
        let loaded = load_accounts(&config.resolve(&section.path), section)?;
        reading.inputs.accounts = reading.take(InputKind::Accounts, &section.path, loaded);
    }
    if let Some(section) = &config.corpus {
        let read = crate::progress::start("read", crate::progress::Unit::Posts, 0);
        let loaded = load_corpus(&config.resolve(&section.path), section)?;
        read.advance(loaded.records.as_ref().map_or(0, |c| c.posts.len()) as u64);
        drop(read);
        reading.inputs.corpus = reading.take(InputKind::Corpus, &section.path, loaded);
        reading.inputs.stopwords = read_stopwords(config)?;
        reading.inputs.aliases = read_aliases(config)?;
    }
    if let Some(section) = &config.videos {
        let loaded = load_videos(&config.resolve(&section.path), section)?;
        reading.inputs.videos = reading.take(InputKind::Videos, &section.path, loaded);
        if let Some(SnapshotsConfig(snapshots)) = &section.snapshots {
            let format = snapshots.file_format("videos.snapshots");
            let loaded = media::load_snapshots(&config.resolve(&snapshots.path), &format)?;
            reading.inputs.snapshots =
                reading.take(InputKind::LikeSnapshots, &snapshots.path, loaded);
        }
    }
    if let Some(section) = &config.views {
        let format = section.file_format("views");
        let loaded = media::load_views(&config.resolve(&section.path), &format)?;
        reading.inputs.views = reading.take(InputKind::Views, &section.path, loaded);
    }
    if let Some(section) = &config.events {
        let loaded = load_events(&config.resolve(&section.path), section)?;
        reading.inputs.events = reading.take(InputKind::Events, &section.path, loaded);
    }
    for entry in &config.narrative {
        let path = config.resolve(&entry.file);
        let text = crate::read::text_at_most(&path, crate::read::BY_HAND)?;
        reading.inputs.narratives.push(NarrativeSource {
            file: entry.file.to_string_lossy().replace('\\', "/"),
            at: entry.at.clone(),
            text,
        });
    }
    if let Some(section) = &config.published {
        read_published(config, section, &mut reading)?;
    }
    Ok(reading)
}

/// The accounts, by the section's format.
pub fn load_accounts(path: &Path, section: &AccountsConfig) -> Result<Loaded<Vec<Account>>> {
    let format = section.file_format("accounts");
    match section.format {
        AccountsFormat::Csv => accounts::load(path, &format),
        AccountsFormat::Ytdt => ytdt::load_channels(path, &format),
    }
}

/// The corpus, by the section's format; interactions whose total would overflow are a
/// problem at the post where it would.
pub fn load_corpus(path: &Path, section: &CorpusConfig) -> Result<Loaded<Corpus>> {
    let mut loaded = match section.format {
        CorpusFormat::Csv => corpus::load_csv(path, section)?,
        CorpusFormat::Jsonl => corpus::load_jsonl(path, section)?,
        CorpusFormat::Facebook => facebook::load(path)?,
        CorpusFormat::Telegram => telegram::load(path)?,
        CorpusFormat::Crowdtangle => crowdtangle::load(path, section)?,
    };
    let overflow = loaded
        .records
        .as_ref()
        .and_then(Corpus::interactions_overflow);
    if let Some(post) = overflow {
        let message = format!(
            "post {}: interactions: found {}, which takes the corpus's total past {}, expected \
             counts that add up within it",
            crate::escape::quoted(&post.id),
            post.interactions.unwrap_or(0),
            u64::MAX
        );
        let problem = Problem {
            file: loaded.summary.path.clone(),
            line: 0,
            column: None,
            message,
        };
        loaded.problems.push(problem);
    }
    Ok(loaded)
}

/// The videos, by the section's format.
pub fn load_videos(path: &Path, section: &VideosConfig) -> Result<Loaded<Vec<Video>>> {
    let format = section.file_format("videos");
    match section.format {
        VideosFormat::Csv => media::load_videos(path, &format),
        VideosFormat::Ytdt => ytdt::load_videos(path, &format),
        VideosFormat::YoutubeApi => youtube_api::load(path),
    }
}

/// The events, by the section's format; rows that are not events are counted in a notice.
pub fn load_events(path: &Path, section: &EventsConfig) -> Result<Loaded<Vec<Event>>> {
    let format = section.file_format("events");
    let (mut loaded, left_out) = match section.format {
        EventsFormat::Csv => return events::load(path, &format),
        EventsFormat::Acled => {
            let (loaded, others) = acled::load(path, &format, &section.forms)?;
            let left_out = rows(others, "ACLED row").map(|rows| {
                format!("{rows} of event types other than Protests and Riots left out")
            });
            (loaded, left_out)
        }
        EventsFormat::Mm => {
            let (loaded, placeholders) = mm::load(path, &format, &section.forms)?;
            let left_out = rows(placeholders, "Mass Mobilization placeholder row").map(|rows| {
                format!("{rows} (protest 0, a country-year without protests) left out")
            });
            (loaded, left_out)
        }
    };
    loaded.notices.splice(0..0, left_out);
    Ok(loaded)
}

/// Each published table present in the folder, read into `reading`.
fn read_published(config: &Config, section: &PublishedConfig, reading: &mut Reading) -> Result<()> {
    let format = section.file_format("published");
    let dir = config.resolve(&section.dir);
    let table = |file: &str| (section.dir.join(file), dir.join(file));
    let found = &mut Published::default();
    found.accounts = published_table(
        reading,
        table(published::ACCOUNTS_FILE),
        InputKind::PublishedAccounts,
        |p| published::load_accounts(p, &format),
    )?;
    found.claims = published_table(
        reading,
        table(published::CLAIMS_FILE),
        InputKind::PublishedClaims,
        |p| published::load_claims(p, &format),
    )?;
    found.protests = published_table(
        reading,
        table(published::PROTESTS_FILE),
        InputKind::PublishedProtests,
        |p| published::load_protests(p, &format),
    )?;
    found.terms = published_table(
        reading,
        table(published::TERMS_FILE),
        InputKind::PublishedTerms,
        |p| published::load_terms(p, &format),
    )?;
    found.bigrams = published_table(
        reading,
        table(published::BIGRAMS_FILE),
        InputKind::PublishedBigrams,
        |p| published::load_terms(p, &format),
    )?;
    found.facts = published_table(
        reading,
        table(published::FACTS_FILE),
        InputKind::PublishedFacts,
        |p| published::load_facts(p, &format),
    )?;
    found.clusters = published_table(
        reading,
        table(published::CLUSTERS_FILE),
        InputKind::PublishedClusters,
        |p| published::load_clusters(p, &format),
    )?;
    reading.inputs.published = std::mem::take(found);
    Ok(())
}

/// A published table, when its file is in the folder: `(shown, path)` are its path as the
/// config writes it and as it is opened.
fn published_table<T>(
    reading: &mut Reading,
    (shown, path): (PathBuf, PathBuf),
    kind: InputKind,
    load: impl Fn(&Path) -> Result<Loaded<T>>,
) -> Result<Option<T>> {
    if !path.is_file() {
        return Ok(None);
    }
    let loaded = load(&path)?;
    Ok(reading.take(kind, &shown, loaded))
}

/// `1 ACLED row`, `2 ACLED rows`; nothing for none.
fn rows(n: usize, what: &str) -> Option<String> {
    match n {
        0 => None,
        1 => Some(format!("1 {what}")),
        n => Some(format!("{n} {what}s")),
    }
}

/// The text of `text.stopwords` when it names a file rather than `builtin` or `none`.
fn read_stopwords(config: &Config) -> Result<Option<String>> {
    match config.text.as_ref().map(|t| &t.stopwords) {
        Some(StopwordList::File(path)) => crate::read::text(&config.resolve(path)).map(Some),
        _ => Ok(None),
    }
}

/// The aliases of `text.aliases`: the config's map, or the file it names read and checked
/// (errors name the file, its line and column).
fn read_aliases(config: &Config) -> Result<Option<Vec<AliasEntry>>> {
    match config.text.as_ref().and_then(|t| t.aliases.as_ref()) {
        Some(AliasList::Inline(entries)) => Ok(Some(entries.clone())),
        Some(AliasList::File(path)) => {
            let path = config.resolve(path);
            let text = crate::read::text_at_most(&path, crate::read::BY_HAND)?;
            crate::config::aliases::parse_alias_file(&text, &path.display().to_string()).map(Some)
        }
        None => Ok(None),
    }
}

impl Reading {
    fn take<T>(&mut self, kind: InputKind, configured: &Path, loaded: Loaded<T>) -> Option<T> {
        let file = loaded.summary;
        self.inputs.summaries.push(InputSummary {
            kind,
            path: configured.to_string_lossy().replace('\\', "/"),
            sha256: file.sha256,
            rows: file.rows,
            rejected: file.rejected,
            read_as: file.read_as,
        });
        self.problems.extend(loaded.problems);
        let name = kind.as_str();
        let notices = loaded.notices.into_iter().map(|n| format!("{name}: {n}"));
        self.inputs.notices.extend(notices);
        loaded.records
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_alias_file_is_read_with_the_inputs_and_a_bad_line_named() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join("posts.csv"),
            "id,text,date\n1,a,2020-01-01\n",
        )
        .unwrap();
        let yaml = "title: x\ncorpus: { path: posts.csv }\ntext: { aliases: aliases.yaml }\n";
        std::fs::write(dir.path().join("report.yaml"), yaml).unwrap();
        let aliases = dir.path().join("aliases.yaml");
        std::fs::write(&aliases, "Nazarbayev: [назарбаев*, nazarbayev]\n").unwrap();
        let config = Config::load(&dir.path().join("report.yaml")).unwrap();
        let reading = read_inputs(&config).unwrap();
        let entries = reading.inputs.aliases.unwrap();
        assert_eq!(entries[0].variants, ["назарбаев*", "nazarbayev"]);
        std::fs::write(&aliases, "a: [x]\nb: [y, 'на*зар']\n").unwrap();
        let err = read_inputs(&config).err().unwrap().to_string();
        assert_eq!(
            err,
            format!(
                "{}:2: b[1]: found \"на*зар\", expected a word, a stem, or a prefix ending in * \
                 (* only at the end)",
                aliases.display()
            )
        );
    }
}
