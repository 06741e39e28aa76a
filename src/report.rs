//! The `Report`: every computed figure of a study, and the only thing renderers read.
//!
//! It is serialised as `report.json` (schema 1, keys as the design notes fix them). A section
//! whose input the study lacks is `None` and left out of the JSON, the pages and the tables
//! alike. Lists are in a fixed order (input order, or sorted with explicit tie-breaks), so the
//! same inputs give the same bytes.

use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::cluster::{self, ClustersReport};
use crate::config::Config;
use crate::datafile::{self, DataFile};
use crate::error::Result;
use crate::load::{InputSummary, Inputs};
use crate::media::ratios::{self, Ratio};
use crate::media::videos::{self, Topics, VideosReport};
use crate::media::views::{self, ViewsReport};
use crate::memory;
use crate::model::accounts::Account;
use crate::narrative::{self, NarrativeText};
use crate::progress::{self, Progress, Unit};
use crate::protests::{self, EventsReport};
use crate::reproduce::{self, Computed, PairCorrelations, ReproductionItem};
use crate::text::associations::Association;
use crate::text::collocations::Collocations;
use crate::text::keyness::KeynessTable;
use crate::text::terms::{NgramStat, TermStat};
use crate::text::{self, CorpusStats, Ngrams, TextReport, TextSettings};
use crate::timeline::{self, TimelineReport};

/// The schema of `report.json` this version writes and reads: 2 since the lists that grow
/// with the corpus moved to the data files beside it.
pub const SCHEMA: u32 = 2;

/// Every figure of a study. In memory, after [`analyse`], it holds every list in full; it is
/// written as `report.json`, the summary ([`Summary`]: top lists, table cells, cluster
/// summaries, the top of the tree), and the data files beside it ([`Report::data_files`]: the
/// full term and n-gram lists, the collocation pairs, and every post's cluster, merge and
/// exclusion). Serialising a `Report` gives the summary; read back from `report.json` (through
/// `Wire`, which keeps the text sections at the top level, where the design notes put them) it
/// holds the summary only, until [`Report::read_data_files`] fills the lists in.
#[derive(Debug, Clone, Deserialize)]
#[serde(try_from = "Wire")]
pub struct Report {
    /// The version of `report.json`'s layout, [`SCHEMA`] when written; a report of another is
    /// refused when read.
    pub schema: u32,
    /// `mobilize` and the version that wrote the report, e.g. `mobilize 0.1.0`.
    pub generator: String,
    /// The config's `title`, shown on every page.
    pub title: String,
    /// Every file read, in reading order (accounts, corpus, videos, like snapshots, views, events,
    /// then the published tables).
    pub inputs: Vec<InputSummary>,
    /// Config sections accepted but not computed by this version, and similar remarks.
    pub notices: Vec<String>,
    /// Table 1's figures, in the accounts file's order; `None` (left out) without an `accounts`
    /// section.
    pub accounts: Option<Vec<Account>>,
    /// The ratios of `accounts.ratios`, in config order; `None` (left out) when none are
    /// configured.
    pub ratios: Option<Vec<Ratio>>,
    /// `corpus`, `terms`, `ngrams`, `associations`, `collocations`.
    pub text: Option<TextReport>,
    /// The keyness tables, each event's then each comparison's; `None` (left out) without a
    /// corpus and a `keyness` section.
    pub keyness: Option<Vec<KeynessTable>>,
    /// Table 5: the clusters of posts; `None` (left out) without a corpus and a `clusters` section.
    pub clusters: Option<ClustersReport>,
    /// Figure 1 and the videos' topics; `None` (left out) without a `videos` section.
    pub videos: Option<VideosReport>,
    /// Figure 2 and its peaks; `None` (left out) without a `views` section.
    pub views: Option<ViewsReport>,
    /// Table 2 and the events; `None` (left out) without an `events` section.
    pub events: Option<EventsReport>,
    /// Posts and listed terms per period; `None` (left out) without a `timeline` section, a
    /// corpus, or a dated post.
    pub timeline: Option<TimelineReport>,
    /// The reproduction panel: each published figure beside the computed one, then the narratives'
    /// `claim(...)`s; empty without either.
    pub reproduction: Vec<ReproductionItem>,
    /// The reproduction panel's items counted by published table and status, in the paper's
    /// order, then the totals (`All`); left out when there are no items.
    pub reproduction_summary: Vec<reproduce::SectionSummary>,
    /// The study's narratives with their figures filled in.
    pub narrative: Vec<NarrativeText>,
    /// Years where the published Table 2 contradicts itself (a total against its size classes).
    pub published_consistency: Vec<protests::Inconsistency>,
    /// The data files beside `report.json` (`files`), as listed when it was written; empty in a
    /// report just analysed, whose lists are in memory.
    pub files: Vec<DataFile>,
    /// The site folder the listed data files are in, for a report read from one
    /// ([`Report::read_data_files`], `diff`); `None` for a report just analysed.
    pub data_folder: Option<std::path::PathBuf>,
}

/// `report.json` as written: the text sections side by side with the others. Serde's
/// flattened `Option` would read a damaged text section as no text section at all, so the
/// parts are read one by one and put together by [`Report::try_from`], which refuses a text
/// section with a part missing.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Wire {
    schema: u32,
    generator: String,
    title: String,
    inputs: Vec<InputSummary>,
    notices: Vec<String>,
    accounts: Option<Vec<Account>>,
    ratios: Option<Vec<Ratio>>,
    text_settings: Option<TextSettings>,
    corpus: Option<CorpusStats>,
    terms: Option<Vec<TermStat>>,
    ngrams: Option<Ngrams>,
    associations: Option<Vec<Association>>,
    collocations: Option<Collocations>,
    #[serde(default)]
    aliases: Vec<crate::text::aliases::AliasAudit>,
    #[serde(default)]
    compounds: Vec<crate::text::compounds::CompoundAudit>,
    keyness: Option<Vec<KeynessTable>>,
    clusters: Option<ClustersReport>,
    videos: Option<VideosReport>,
    views: Option<ViewsReport>,
    events: Option<EventsReport>,
    #[serde(default)]
    timeline: Option<TimelineReport>,
    reproduction: Vec<ReproductionItem>,
    #[serde(default)]
    reproduction_summary: Vec<reproduce::SectionSummary>,
    #[serde(default)]
    narrative: Vec<NarrativeText>,
    #[serde(default)]
    published_consistency: Vec<protests::Inconsistency>,
    #[serde(default)]
    files: Vec<DataFile>,
}

impl TryFrom<Wire> for Report {
    type Error = String;

    fn try_from(wire: Wire) -> std::result::Result<Report, String> {
        if wire.schema != SCHEMA {
            return Err(format!(
                "found schema {}, expected schema {SCHEMA}",
                wire.schema
            ));
        }
        let text = match (wire.text_settings, wire.corpus, wire.terms, wire.ngrams) {
            (Some(text_settings), Some(corpus), Some(terms), Some(ngrams)) => Some(TextReport {
                text_settings,
                corpus,
                terms,
                ngrams,
                associations: wire.associations,
                collocations: wire.collocations,
                aliases: wire.aliases,
                compounds: wire.compounds,
            }),
            (None, None, None, None)
                if wire.associations.is_none() && wire.collocations.is_none() =>
            {
                None
            }
            _ => {
                return Err(
                    "found part of the text sections, expected text_settings, corpus, \
                            terms and ngrams together or none of them"
                        .into(),
                )
            }
        };
        Ok(Report {
            schema: wire.schema,
            generator: wire.generator,
            title: wire.title,
            inputs: wire.inputs,
            notices: wire.notices,
            accounts: wire.accounts,
            ratios: wire.ratios,
            text,
            keyness: wire.keyness,
            clusters: wire.clusters,
            videos: wire.videos,
            views: wire.views,
            events: wire.events,
            timeline: wire.timeline,
            reproduction: wire.reproduction,
            reproduction_summary: wire.reproduction_summary,
            narrative: wire.narrative,
            published_consistency: wire.published_consistency,
            files: wire.files,
            data_folder: None,
        })
    }
}

/// `report.json` as written: the report's fields by reference, each list that grows with the
/// corpus cut to the top the pages show (terms and n-grams to `terms.top`, collocation pairs
/// to `collocations.top`) or left out (the clusters' assignments, merges and exclusions and
/// the ids of empty posts, skipped by their own types), and the listing of the data files
/// that hold them in full.
#[derive(Serialize)]
struct Summary<'a> {
    schema: u32,
    generator: &'a str,
    title: &'a str,
    inputs: &'a [InputSummary],
    notices: &'a [String],
    #[serde(skip_serializing_if = "Option::is_none")]
    accounts: Option<&'a Vec<Account>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    ratios: Option<&'a Vec<Ratio>>,
    #[serde(flatten)]
    text: Option<TextSummary<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    keyness: Option<&'a Vec<KeynessTable>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    clusters: Option<&'a ClustersReport>,
    #[serde(skip_serializing_if = "Option::is_none")]
    videos: Option<&'a VideosReport>,
    #[serde(skip_serializing_if = "Option::is_none")]
    views: Option<&'a ViewsReport>,
    #[serde(skip_serializing_if = "Option::is_none")]
    events: Option<&'a EventsReport>,
    #[serde(skip_serializing_if = "Option::is_none")]
    timeline: Option<&'a TimelineReport>,
    reproduction: &'a [ReproductionItem],
    #[serde(skip_serializing_if = "<[_]>::is_empty")]
    reproduction_summary: &'a [reproduce::SectionSummary],
    #[serde(skip_serializing_if = "<[_]>::is_empty")]
    narrative: &'a [NarrativeText],
    #[serde(skip_serializing_if = "<[_]>::is_empty")]
    published_consistency: &'a [protests::Inconsistency],
    #[serde(skip_serializing_if = "<[_]>::is_empty")]
    files: &'a [DataFile],
}

/// The text sections as `report.json` holds them: [`TextReport`] with its long lists cut.
#[derive(Serialize)]
struct TextSummary<'a> {
    text_settings: &'a TextSettings,
    corpus: &'a CorpusStats,
    terms: &'a [TermStat],
    ngrams: NgramsTop<'a>,
    #[serde(skip_serializing_if = "Option::is_none")]
    associations: Option<&'a Vec<Association>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    collocations: Option<CollocationsTop<'a>>,
    #[serde(skip_serializing_if = "<[_]>::is_empty")]
    aliases: &'a [crate::text::aliases::AliasAudit],
    #[serde(skip_serializing_if = "<[_]>::is_empty")]
    compounds: &'a [crate::text::compounds::CompoundAudit],
}

/// The top of each n-gram list, as `{"2": [...], "3": [...]}`.
struct NgramsTop<'a>(Vec<(usize, &'a [NgramStat])>);

impl Serialize for NgramsTop<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let mut map = serializer.serialize_map(Some(self.0.len()))?;
        for (n, list) in &self.0 {
            map.serialize_entry(&n.to_string(), list)?;
        }
        map.end()
    }
}

/// [`Collocations`] with the top of its pairs.
#[derive(Serialize)]
struct CollocationsTop<'a> {
    keyword: &'a str,
    stem: &'a str,
    pairs: &'a [NgramStat],
    contexts: &'a [crate::text::collocations::Context],
}

/// The first `n` of `list`.
fn first<T>(list: &[T], n: usize) -> &[T] {
    &list[..n.min(list.len())]
}

impl<'a> TextSummary<'a> {
    fn of(text: &'a TextReport) -> TextSummary<'a> {
        let top = text.text_settings.top;
        let ngrams = text.ngrams.0.iter();
        TextSummary {
            text_settings: &text.text_settings,
            corpus: &text.corpus,
            terms: first(&text.terms, top),
            ngrams: NgramsTop(ngrams.map(|(n, list)| (*n, first(list, top))).collect()),
            associations: text.associations.as_ref(),
            collocations: text.collocations.as_ref().map(|c| CollocationsTop {
                keyword: &c.keyword,
                stem: &c.stem,
                pairs: first(&c.pairs, text.text_settings.collocations_top.unwrap_or(0)),
                contexts: &c.contexts,
            }),
            aliases: &text.aliases,
            compounds: &text.compounds,
        }
    }
}

impl<'a> Summary<'a> {
    fn of(report: &'a Report, files: &'a [DataFile]) -> Summary<'a> {
        Summary {
            schema: report.schema,
            generator: &report.generator,
            title: &report.title,
            inputs: &report.inputs,
            notices: &report.notices,
            accounts: report.accounts.as_ref(),
            ratios: report.ratios.as_ref(),
            text: report.text.as_ref().map(TextSummary::of),
            keyness: report.keyness.as_ref(),
            clusters: report.clusters.as_ref(),
            videos: report.videos.as_ref(),
            views: report.views.as_ref(),
            events: report.events.as_ref(),
            timeline: report.timeline.as_ref(),
            reproduction: &report.reproduction,
            reproduction_summary: &report.reproduction_summary,
            narrative: &report.narrative,
            published_consistency: &report.published_consistency,
            files,
        }
    }
}

/// A report serialises as its summary, `report.json`'s content, with the data files it lists.
impl Serialize for Report {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        Summary::of(self, &self.files).serialize(serializer)
    }
}

/// The names of the data files (`data/NAME.jsonl.gz`), in the order `report.json` lists them;
/// the n-grams of each size have their own, [`names::ngrams`].
pub mod names {
    /// Every stem, in the configured order (`TermStat` rows).
    pub const TERMS: &str = "terms";
    /// Every bigram holding the collocation keyword, in the configured order.
    pub const COLLOCATIONS: &str = "collocations";
    /// The ids of the posts with no text, in corpus order.
    pub const EMPTY_TEXTS: &str = "empty-texts";
    /// Every clustered post's `{id, cluster}`, sorted by id, then cluster.
    pub const ASSIGNMENTS: &str = "cluster-assignments";
    /// Every merge of the tree, `[a, b, height, size]`, in merge order.
    pub const MERGES: &str = "cluster-merges";
    /// The ids of the posts left out of the clustering, in corpus order.
    pub const EXCLUDED: &str = "cluster-excluded";

    /// `ngrams-N`: every `n`-word n-gram in two posts or more, in the configured order.
    pub fn ngrams(n: usize) -> String {
        format!("ngrams-{n}")
    }
}

impl Report {
    /// `report.json`: the summary, pretty-printed with a final newline so it diffs line by
    /// line, listing the data files as [`Report::files`] holds them.
    pub fn to_json(&self) -> Vec<u8> {
        self.to_json_listing(&self.files)
    }

    fn to_json_listing(&self, files: &[DataFile]) -> Vec<u8> {
        let summary = Summary::of(self, files);
        let mut bytes = serde_json::to_vec_pretty(&summary).expect("the report serialises");
        bytes.push(b'\n');
        bytes
    }

    /// The report as files: each data file (its listing and bytes, in listing order), then
    /// `report.json`, which lists them. Rows keep the report's order (the configured order
    /// of the ranked lists, merge order) except the clusters' assignments, sorted by post id
    /// (then cluster), so that two sites can be compared by one pass over both files.
    pub fn written(&self) -> (Vec<(DataFile, Vec<u8>)>, Vec<u8>) {
        let files = self.data_files();
        let listing: Vec<DataFile> = files.iter().map(|(d, _)| d.clone()).collect();
        let json = self.to_json_listing(&listing);
        (files, json)
    }

    /// The data files of this report: the lists in memory, gzip-compressed JSON Lines, each
    /// compressed on its own thread and returned in listing order. At millions of posts this
    /// is seconds of work, so it is a step that counts the rows written.
    fn data_files(&self) -> Vec<(DataFile, Vec<u8>)> {
        use rayon::prelude::*;
        type Job<'r> = Box<dyn Fn(&Progress) -> (DataFile, Vec<u8>) + Send + Sync + 'r>;
        fn counted<'a, T>(rows: &'a [T], step: &'a Progress) -> impl Iterator<Item = &'a T> {
            rows.iter().inspect(move |_| step.advance(1))
        }
        let mut jobs: Vec<Job<'_>> = Vec::new();
        let mut rows = 0;
        if let Some(text) = &self.text {
            jobs.push(Box::new(|step| {
                datafile::write(names::TERMS, counted(&text.terms, step))
            }));
            rows += text.terms.len();
            for (n, list) in &text.ngrams.0 {
                jobs.push(Box::new(move |step| {
                    datafile::write(&names::ngrams(*n), counted(list, step))
                }));
                rows += list.len();
            }
            if let Some(collocations) = &text.collocations {
                let pairs = &collocations.pairs;
                jobs.push(Box::new(move |step| {
                    datafile::write(names::COLLOCATIONS, counted(pairs, step))
                }));
                rows += pairs.len();
            }
            let empty = &text.corpus.empty_texts;
            jobs.push(Box::new(move |step| {
                datafile::write(names::EMPTY_TEXTS, counted(empty, step))
            }));
            rows += empty.len();
        }
        if let Some(clusters) = &self.clusters {
            jobs.push(Box::new(|step| {
                let mut sorted: Vec<&cluster::Assignment> = clusters.assignments.iter().collect();
                sorted.sort_by(|a, b| a.id.cmp(&b.id).then(a.cluster.cmp(&b.cluster)));
                datafile::write(names::ASSIGNMENTS, counted(&sorted, step))
            }));
            jobs.push(Box::new(|step| {
                datafile::write(names::MERGES, counted(&clusters.merges, step))
            }));
            jobs.push(Box::new(|step| {
                datafile::write(names::EXCLUDED, counted(&clusters.excluded, step))
            }));
            rows += clusters.assignments.len() + clusters.merges.len() + clusters.excluded.len();
        }
        let step = progress::start("data files", Unit::Rows, rows as u64);
        jobs.par_iter().map(|job| job(&step)).collect()
    }

    /// The listed data file `name`, if `report.json` lists one.
    pub fn data_file(&self, name: &str) -> Option<&DataFile> {
        self.files.iter().find(|f| f.name == name)
    }

    /// Fills the lists of a report read from `report.json` from the data files it lists, in
    /// the site `folder`, each checked against its sha256: the whole report, as built. The
    /// clusters' assignments come back in corpus order only when the corpus was in post-id
    /// order; they are read in the file's order (by post id).
    pub fn read_data_files(&mut self, folder: &Path) -> Result<()> {
        let files = self.files.clone();
        let find = |name: &str| {
            files.iter().find(|f| f.name == name).ok_or_else(|| {
                crate::Error::Refused(format!(
                    "{}: report.json lists no data file {name}, expected one for its section",
                    folder.display()
                ))
            })
        };
        if let Some(text) = &mut self.text {
            text.terms = datafile::read_all(folder, find(names::TERMS)?)?;
            for (n, list) in &mut text.ngrams.0 {
                *list = datafile::read_all(folder, find(&names::ngrams(*n))?)?;
            }
            if let Some(collocations) = &mut text.collocations {
                collocations.pairs = datafile::read_all(folder, find(names::COLLOCATIONS)?)?;
            }
            text.corpus.empty_texts = datafile::read_all(folder, find(names::EMPTY_TEXTS)?)?;
        }
        if let Some(clusters) = &mut self.clusters {
            clusters.assignments = datafile::read_all(folder, find(names::ASSIGNMENTS)?)?;
            clusters.merges = datafile::read_all(folder, find(names::MERGES)?)?;
            clusters.excluded = datafile::read_all(folder, find(names::EXCLUDED)?)?;
        }
        Ok(())
    }

    /// Reads `report.json`. A report of another schema is refused before anything else is
    /// read; any other mismatch names the field where it is (`events.rows[3].count`).
    pub fn from_json(text: &str) -> std::result::Result<Report, String> {
        #[derive(Deserialize)]
        struct Schema {
            schema: Option<serde_json::Value>,
        }
        let found: Schema = serde_json::from_str(text)
            .map_err(|err| format!("found invalid JSON ({err}), expected a report.json"))?;
        match found.schema {
            Some(serde_json::Value::Number(n)) if n.as_u64() == Some(u64::from(SCHEMA)) => {}
            other => {
                let shown = other.map_or("none".to_string(), |v| v.to_string());
                return Err(format!("found schema {shown}, expected schema {SCHEMA}"));
            }
        }
        let mut reader = serde_json::Deserializer::from_str(text);
        serde_path_to_error::deserialize(&mut reader).map_err(|err| {
            let path = err.path().to_string();
            let inner = err.into_inner();
            let place = format!("line {}, column {}", inner.line(), inner.column());
            let found = found_expected(&inner.to_string());
            if path == "." {
                format!("{place}: {found}")
            } else {
                format!("{place}: {path}: {found}")
            }
        })
    }
}

/// Serde's message in the found/expected form of the other errors, without its position
/// (given apart): `invalid type: string "many", expected a sequence at line 1 column 9` is
/// `found string "many", expected a sequence`.
fn found_expected(message: &str) -> String {
    let message = match message.rfind(" at line ") {
        Some(at) => &message[..at],
        None => message,
    };
    for prefix in ["invalid type: ", "invalid value: ", "invalid length "] {
        if let Some(rest) = message.strip_prefix(prefix) {
            return format!("found {rest}");
        }
    }
    if let Some(field) = message.strip_prefix("missing field ") {
        return format!("found no field {field}, expected one");
    }
    if let Some(rest) = message.strip_prefix("unknown field ") {
        return format!("found an unknown field {rest}");
    }
    message.to_string()
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
    let compounds = config.text.as_ref().map(|t| t.compounds.clone());
    let normaliser = text::normaliser(config, inputs.stopwords.as_deref())
        .with_study_terms(
            inputs.aliases.as_deref().unwrap_or_default(),
            &compounds.unwrap_or_default(),
        )
        .map_err(|err| config.locate(err))?;
    let stem = |term: &str| normaliser.stems(term).join(" ");
    let mut pair_correlations = PairCorrelations::new();
    let mut clusters = None;
    let mut keyness = None;
    let mut timeline = None;
    let text = match &inputs.corpus {
        Some(corpus) => {
            let text::Analysis {
                report,
                mut indexed,
                notices: text_found,
            } = text::analyse(config, corpus, &normaliser)?;
            notices.extend(text_found);
            let clusters_notices_at = notices.len();
            if let Some(section) = &config.keyness {
                let tables = text::keyness::analyse(
                    section,
                    &indexed,
                    &corpus.posts,
                    inputs.events.as_deref(),
                )
                .map_err(|err| config.locate(err))?;
                keyness = Some(tables);
            }
            notices.extend(text_notices(&report));
            if let Some(section) = &config.timeline {
                let dates: Vec<_> = corpus.posts.iter().map(|p| p.date).collect();
                let settings = timeline::Settings {
                    period: section.period,
                    window_days: section.window_days,
                    peaks: section.peaks,
                    terms: section.terms.clone(),
                };
                let events = inputs.events.as_deref().unwrap_or_default();
                timeline = timeline::analyse(&dates, &indexed, &normaliser, events, &settings);
                match &timeline {
                    Some(found) => notices.extend(timeline::notices(found)),
                    None => notices
                        .push("timeline: no post has a date; there is no timeline".to_string()),
                }
            }
            for fact in inputs.published.facts.iter().flat_map(|f| &f.associations) {
                let (a, b) = &fact.pair;
                let r = text::associations::correlation(&indexed, &stem(a), &stem(b));
                pair_correlations.insert(fact.pair.clone(), r);
            }
            // The posts' token sequences serve the n-grams, collocations and the timeline,
            // all done by now; clustering reads only the matrix, and at millions of posts the
            // sequences would sit beside the distance matrix. The allocator keeps their
            // memory unless told to give it back.
            indexed.sequences = Vec::new();
            indexed.word_sequences = Vec::new();
            memory::release_freed();
            if let Some(section) = &config.clusters {
                let mut cluster_notices = Vec::new();
                let ids: Vec<&str> = corpus.posts.iter().map(|p| p.id.as_str()).collect();
                let texts: Vec<&str> = corpus.posts.iter().map(|p| p.text.as_str()).collect();
                let unstemmed = section
                    .sensitivity
                    .contains(&crate::config::Variant::NoStemming)
                    .then(|| {
                        text::matrix::index_in(
                            &texts,
                            &indexed.document_languages,
                            &normaliser.unstemmed(),
                        )
                    });
                let found = cluster::analyse(&indexed, unstemmed.as_ref(), &ids, &texts, section);
                let clustered = found.sample.as_ref().map_or(found.documents, |s| s.size);
                cluster_notices.extend(cluster::stability_skipped(section, clustered, found.k));
                if found.documents < 2 {
                    cluster_notices.push(format!(
                        "clusters: {} posts have a term found in {} posts or more; there is \
                         nothing to cluster",
                        found.documents, section.min_support
                    ));
                } else if found.k < section.k {
                    cluster_notices.push(format!(
                        "clusters.k: {} clusters asked for, but only {} posts are clustered; \
                         cut into {} clusters",
                        section.k, found.documents, found.k
                    ));
                }
                notices.splice(clusters_notices_at..clusters_notices_at, cluster_notices);
                clusters = Some(found);
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
        keyness,
        clusters,
        videos,
        views,
        events,
        timeline,
        reproduction,
        reproduction_summary: Vec::new(),
        narrative: Vec::new(),
        published_consistency,
        files: Vec::new(),
        data_folder: None,
    };
    if !inputs.narratives.is_empty() {
        let value = serde_json::to_value(&report).expect("the report serialises to JSON");
        let (texts, claims) = narrative::fill(value, &inputs.narratives)?;
        report.narrative = texts;
        reproduce::add_claims(&mut report.reproduction, claims);
    } else {
        reproduce::add_claims(&mut report.reproduction, Vec::new());
    }
    report.reproduction_summary = reproduce::summary(&report.reproduction);
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
