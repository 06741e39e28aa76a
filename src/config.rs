//! `report.yaml`: what a study is made of and how each analysis is tuned.
//!
//! The structs mirror the config file key for key, so that serde (with `deny_unknown_fields`)
//! rejects a misspelt key by naming it and the keys allowed at that place. Every field says
//! what it does and its default; `mobilize init` writes the same words as comments. Paths in
//! the file are relative to the file itself; [`Config::resolve`] turns them into real paths.

pub mod aliases;
pub mod files;
pub mod keyness;
pub mod locate;

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

pub use crate::model::narrative::Placement;
pub use aliases::{AliasEntry, AliasList};
pub use files::{DateFormat, Delimiter, FileFormat, NumberFormat, TextEncoding};

use crate::error::{Error, Result};

/// An input section of the config: the struct as written, plus the keys that every input
/// accepts for how its file is written ([`files`]), and `file_format` to resolve them. One
/// macro, so that the keys, their defaults and their documentation are the same everywhere
/// (serde cannot flatten a struct into one that denies unknown keys).
macro_rules! input_section {
    (
        $(#[$attr:meta])*
        pub struct $name:ident {
            $( $(#[$field_attr:meta])* pub $field:ident : $type:ty, )*
        }
    ) => {
        $(#[$attr])*
        pub struct $name {
            $( $(#[$field_attr])* pub $field: $type, )*
            /// The file's character encoding: a WHATWG label (`windows-1251`, `utf-16le`,
            /// `koi8-r`, ...), `latin-1` or `mac-roman`. Default: UTF-8, or what the file's
            /// byte-order mark says; a file that is not UTF-8 is refused with the likely
            /// encoding named.
            #[serde(default)]
            pub encoding: Option<TextEncoding>,
            /// The delimiter between fields: `","`, `";"`, `tab` or `"|"`. Default: detected
            /// from the header and the first rows.
            #[serde(default)]
            pub delimiter: Option<Delimiter>,
            /// `"1,234.5"` (a decimal point) or `"1.234,5"` (a decimal comma), for numbers
            /// such as `1.234` that read either way. Default: what the rest of the column
            /// shows, else such a number is refused.
            #[serde(default)]
            pub number_format: Option<NumberFormat>,
            /// `YYYY-MM-DD`, `DD.MM.YYYY` (or `DD/MM/YYYY`) or `MM/DD/YYYY`: how dates that
            /// do not start with the year are read. Default: `YYYY-MM-DD` (such dates are
            /// refused).
            #[serde(default)]
            pub date_format: DateFormat,
            /// A quoted field running over more lines than this is taken for a quote that
            /// is never closed. Default: 1000.
            #[serde(default = "default_max_field_lines")]
            pub max_field_lines: usize,
        }

        impl $name {
            /// How this section's file is written; messages name `key` as the place to
            /// change it.
            pub fn file_format(&self, key: &str) -> FileFormat {
                FileFormat {
                    key: key.to_string(),
                    encoding: self.encoding,
                    delimiter: self.delimiter,
                    number_format: self.number_format,
                    date_format: self.date_format,
                    max_field_lines: self.max_field_lines,
                }
            }

            /// The keys of how the file is written that this section sets.
            pub fn file_keys_set(&self) -> Vec<&'static str> {
                let set = [
                    ("encoding", self.encoding.is_some()),
                    ("delimiter", self.delimiter.is_some()),
                    ("number_format", self.number_format.is_some()),
                    ("date_format", self.date_format != DateFormat::Iso),
                    ("max_field_lines", self.max_field_lines != default_max_field_lines()),
                ];
                set.into_iter().filter(|(_, set)| *set).map(|(key, _)| key).collect()
            }
        }
    };
}

fn default_max_field_lines() -> usize {
    files::DEFAULT_MAX_FIELD_LINES
}

/// A whole study: its title, where the site goes, and each input and analysis.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    /// The report's title, shown on every page. Required.
    pub title: String,
    /// The folder the site is written to, relative to this file. Default: `site`.
    #[serde(default = "default_output")]
    pub output: PathBuf,
    /// The post corpus. Optional: without it there are no text or cluster sections.
    pub corpus: Option<CorpusConfig>,
    /// How posts are turned into terms. Default: every field's default.
    pub text: Option<TextConfig>,
    /// The term and n-gram tables (Tables 3 and 4).
    pub terms: Option<TermsConfig>,
    /// Word associations (Pearson r of count columns, as R's `tm::findAssocs`).
    pub associations: Option<AssociationsConfig>,
    /// The two-word terms that come with one keyword.
    pub collocations: Option<CollocationsConfig>,
    /// Keyness: the terms over- and under-used around events and between groups of posts
    /// (quanteda's `textstat_keyness`).
    pub keyness: Option<keyness::KeynessConfig>,
    /// Ward clustering of the posts (Table 5 and the dendrogram).
    pub clusters: Option<ClustersConfig>,
    /// Account statistics (Table 1) and the ratios derived from them.
    pub accounts: Option<AccountsConfig>,
    /// Video statistics (Figure 1).
    pub videos: Option<VideosConfig>,
    /// A channel's views over time (Figure 2).
    pub views: Option<ViewsConfig>,
    /// Protest events (Table 2).
    pub events: Option<EventsConfig>,
    /// Posts and listed terms per period, against the protest events; needs a corpus with
    /// dated posts. Optional: without it there is no timeline section.
    pub timeline: Option<TimelineConfig>,
    /// The published figures that the reproduction panel compares with.
    pub published: Option<PublishedConfig>,
    /// The study's own Markdown, placed at named points of the report.
    #[serde(default)]
    pub narrative: Vec<NarrativeConfig>,
    /// The sections of the pages, by id, in the order they are shown; a section left out is
    /// not shown (its figures stay in report.json and the CSV files), and one whose input is
    /// not configured is skipped. Ids: accounts (Table 1), events (Table 2), terms (Table 3),
    /// ngrams (Table 4), associations, collocations, keyness, clusters (Table 5), videos
    /// (Figure 1), views (Figure 2), timeline, posts, reproduction, inputs. Default: that list,
    /// the paper's order (keyness and timeline, which are not the paper's, beside the sections
    /// whose data they share: keyness after collocations, timeline after Figure 2, whose markers
    /// and peak rule it shares).
    pub sections: Option<Vec<String>>,
    /// Files for journals, written beside the site's own: each chart also as a PNG at 300
    /// dpi and as a PDF (`charts/x.png`, `charts/x.pdf`), each table also as a LaTeX booktabs
    /// table (`tables/x.tex`), each linked under its chart or table. Default: all three on;
    /// `exports: { png: false, pdf: false, latex: false }` makes a smaller site, built faster.
    #[serde(default)]
    pub exports: ExportsConfig,

    /// The folder holding the config file; every relative path is resolved against it.
    #[serde(skip)]
    pub base_dir: PathBuf,
    /// How errors name the config file, and the line of each of its keys, so that a problem
    /// found later names `report.yaml:LINE` ([`Config::locate`]).
    #[serde(skip)]
    pub source: (String, locate::KeyLines),
    /// How much memory the counting of n-grams may hold before it spills to disk: the
    /// command line's `--memory-budget`, not a key of the file.
    #[serde(skip)]
    pub memory_budget: crate::budget::MemoryBudget,
}

/// The ids of the pages' sections, in the paper's order: the default of `sections`.
pub const SECTION_IDS: [&str; 14] = [
    "accounts",
    "events",
    "terms",
    "ngrams",
    "associations",
    "collocations",
    "keyness",
    "clusters",
    "videos",
    "views",
    "timeline",
    "posts",
    "reproduction",
    "inputs",
];
/// `exports`: which files for journals the build writes beside the SVG charts and CSV tables.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ExportsConfig {
    /// Each chart as a PNG at 300 dpi (`charts/x.png`), drawn with the font built into
    /// mobilize (DejaVu Sans). Default: `true`.
    #[serde(default = "yes")]
    pub png: bool,
    /// Each chart as a PDF (`charts/x.pdf`), its text selectable in the built-in font.
    /// Default: `true`.
    #[serde(default = "yes")]
    pub pdf: bool,
    /// Each table as a LaTeX table (`tables/x.tex`) using the booktabs package, with the
    /// page's cells, caption and label. Default: `true`.
    #[serde(default = "yes")]
    pub latex: bool,
}

impl Default for ExportsConfig {
    fn default() -> Self {
        ExportsConfig {
            png: true,
            pdf: true,
            latex: true,
        }
    }
}

fn default_output() -> PathBuf {
    PathBuf::from("site")
}

input_section! {
/// `corpus`: the posts file, its format and which of its fields are id, text, date, author
/// and interactions.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CorpusConfig {
    /// The corpus file (or folder, for exports in parts). Required.
    pub path: PathBuf,
    /// `csv` | `jsonl` | `facebook` | `telegram` | `crowdtangle`. Default: `csv`.
    #[serde(default)]
    pub format: CorpusFormat,
    /// The column (or JSON field) holding each post's id (csv, jsonl; the export formats have
    /// fixed fields). Default: `id`.
    #[serde(default = "default_id")]
    pub id: String,
    /// The column holding the post's text, or a list of columns tried in order (the first
    /// that is not empty is the text); posts with empty text are counted and left out.
    /// Default: `text`; for CrowdTangle `[Message, Description]` (also `Image Text`, `Link
    /// Text`, `Title`).
    #[serde(default)]
    pub text: TextColumns,
    /// The column holding the post's date (`YYYY-MM-DD`, RFC 3339 or Unix seconds), or `~`
    /// when the posts have no date. Default: `date`.
    #[serde(default = "default_date")]
    pub date: Option<String>,
    /// The column holding the post's author (csv, jsonl), or `~` when there is none.
    /// Default: `~`. The export formats name their own author field.
    #[serde(default)]
    pub author: Option<String>,
    /// The column holding the post's interactions (likes, comments and shares together, a
    /// whole number), or `~`. Default: `~`. CrowdTangle's `Total Interactions` is read as it.
    #[serde(default)]
    pub interactions: Option<String>,
    /// `en` | `ru` | `kk`, or a list of them (`[ru, kk, en]`): the posts' language, which
    /// picks the stopword list and the stemmer (Kazakh words are not stemmed). With a list,
    /// each post's language is read from `language_column`, else detected among the listed
    /// ones; the first is the language of a post none can be told for. Default: `en`.
    #[serde(default)]
    pub language: Languages,
    /// The column (or JSON field) holding each post's language (`ru`, `kk`, `en`, `rus`,
    /// `ru-RU`, `Russian`, ...; csv and jsonl only), when `language` lists several: a post
    /// with an empty value, or `und`, is detected; another value is an error. Default: `~`
    /// (every post detected).
    #[serde(default)]
    pub language_column: Option<String>,
    /// What the corpus is, in a sentence or two, printed at the head of the text sections
    /// (e.g. that the posts are a synthetic stand-in). Optional.
    #[serde(default)]
    pub description: Option<String>,
}}

fn default_id() -> String {
    "id".into()
}
/// `corpus.text`: one column, or several tried in order. Empty means the format's own.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TextColumns(pub Vec<String>);

impl TextColumns {
    /// The columns, or `default` when the config names none.
    pub fn or<'a>(&'a self, default: &[&'a str]) -> Vec<&'a str> {
        if self.0.is_empty() {
            default.to_vec()
        } else {
            self.0.iter().map(String::as_str).collect()
        }
    }
}

impl<'de> Deserialize<'de> for TextColumns {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        #[serde(untagged, expecting = "a column name, or a list of column names")]
        enum OneOrMore {
            One(String),
            More(Vec<String>),
        }
        Ok(TextColumns(match OneOrMore::deserialize(deserializer)? {
            OneOrMore::One(column) => vec![column],
            OneOrMore::More(columns) => columns,
        }))
    }
}
fn default_date() -> Option<String> {
    Some("date".into())
}

/// `corpus.format`: how the corpus file is laid out, written in lowercase.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum CorpusFormat {
    /// A delimited file, one post a row, columns named by `corpus.id`, `corpus.text`, ...
    #[default]
    Csv,
    /// JSON Lines: one object a post, fields named by `corpus.id`, `corpus.text`, ...
    Jsonl,
    /// Facebook's "Download your information" export: a posts JSON file, or a folder above it.
    Facebook,
    /// Telegram Desktop's `result.json`: one chat, or a full export of many.
    Telegram,
    /// A CrowdTangle CSV download of Facebook, Instagram or Reddit posts.
    Crowdtangle,
}

/// The language of posts or video titles, which picks the stemmer and the built-in stopword
/// list; written `en`, `ru` or `kk`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Language {
    /// English.
    #[default]
    En,
    /// Russian; `ё` is read as `е` when matching stopwords.
    Ru,
    /// Kazakh: no Snowball stemmer exists, so words are counted as they are written
    /// (lowercased); `ё` is read as `е` as in Russian.
    Kk,
}

/// `corpus.language`: one language or several, in the config's order, each once.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Languages(Vec<Language>);

impl Default for Languages {
    fn default() -> Self {
        Languages(vec![Language::En])
    }
}

impl Languages {
    /// The listed languages, the first being the default for a post none can be told for.
    pub fn list(&self) -> &[Language] {
        &self.0
    }

    /// The first listed language.
    pub fn first(&self) -> Language {
        self.0[0]
    }

    /// Whether more than one language is listed (posts are then told apart).
    pub fn is_mixed(&self) -> bool {
        self.0.len() > 1
    }
}

impl<'de> Deserialize<'de> for Languages {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        #[serde(untagged, expecting = "a language (en, ru or kk), or a list of them")]
        enum OneOrMore {
            One(Language),
            More(Vec<Language>),
        }
        let list = match OneOrMore::deserialize(deserializer)? {
            OneOrMore::One(language) => vec![language],
            OneOrMore::More(list) => list,
        };
        if list.is_empty() {
            return Err(serde::de::Error::custom(
                "found an empty list, expected one language or more (en, ru, kk)",
            ));
        }
        for (index, language) in list.iter().enumerate() {
            if list[..index].contains(language) {
                return Err(serde::de::Error::custom(format!(
                    "found {} twice, expected each language once",
                    language.code()
                )));
            }
        }
        Ok(Languages(list))
    }
}

impl Language {
    /// The code the config writes: `en`, `ru` or `kk`.
    pub fn code(self) -> &'static str {
        match self {
            Language::En => "en",
            Language::Ru => "ru",
            Language::Kk => "kk",
        }
    }

    /// The language's English name.
    pub fn name(self) -> &'static str {
        match self {
            Language::En => "English",
            Language::Ru => "Russian",
            Language::Kk => "Kazakh",
        }
    }
}

/// `text`: how posts (and video titles, for the topic rules) become terms; absent, every
/// default.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TextConfig {
    /// Lowercase every word. Default: `true`.
    #[serde(default = "yes")]
    pub lowercase: bool,
    /// Remove web addresses before splitting into words. Default: `true`.
    #[serde(default = "yes")]
    pub remove_urls: bool,
    /// Drop tokens with no letter. Default: `true`.
    #[serde(default = "yes")]
    pub remove_numbers: bool,
    /// `builtin` (the Snowball list of the corpus language), `none`, or a file of one word a
    /// line, relative to this file. Default: `builtin`.
    #[serde(default)]
    pub stopwords: StopwordList,
    /// More stopwords, removed as well. Default: none.
    #[serde(default)]
    pub extra_stopwords: Vec<String>,
    /// Stem the remaining words with the Snowball stemmer. Default: `true`.
    #[serde(default = "yes")]
    pub stem: bool,
    /// Put each word in Unicode Normalisation Form C, so a letter typed as a base and a
    /// combining mark (`е` + U+0308) is the composed letter (`ё`). Default: `true`.
    #[serde(default = "yes")]
    pub nfc: bool,
    /// Remove stress marks (combining acute and grave, and the precomposed `ѐ`, `ѝ`) from
    /// Cyrillic letters: `за́мок` is `замок`; Latin letters keep theirs (`café`). Default: on
    /// for `ru` and `kk`, off for `en`.
    #[serde(default)]
    pub remove_stress_marks: Option<bool>,
    /// Remove soft hyphens (U+00AD) inside words. Default: on for `ru` and `kk`, off for `en`.
    #[serde(default)]
    pub remove_soft_hyphens: Option<bool>,
    /// Fold look-alike letters of the other script into a word's own: a Latin `c` in
    /// `cкорей` becomes Cyrillic, a Cyrillic `е` in `Nazarbaеv` Latin; words in one script
    /// are never touched. Default: on for `ru` and `kk`, off for `en`.
    #[serde(default)]
    pub fold_mixed_scripts: Option<bool>,
    /// Variants counted as one term chosen by the study: a map `term: [variant, ...]` (one
    /// variant may stand alone), or the path of a YAML file holding that map, relative to
    /// this file. A variant is a word or a stem, matched exactly against a word or its
    /// stem, or a prefix ending in `*` (`назарбаев*`), matched at the start of either. The
    /// first term in the written order whose variant matches wins. Each variant is
    /// normalised as the corpus's words are; every term and variant that matched is listed
    /// with its counts, and one that matched nothing is a notice. Default: none.
    #[serde(default)]
    pub aliases: Option<AliasList>,
    /// Phrases of two words or more joined into one term before counting (`nur otan`
    /// becomes `nur_otan`), as quanteda's `tokens_compound`: matched over each post's words
    /// before stopwords and stemming, leftmost first and the longest at a place; a word
    /// ending in `*` matches any word it begins. The joined term is not stemmed and is
    /// never a stopword. Default: none.
    #[serde(default)]
    pub compounds: Vec<String>,
}

impl Default for TextConfig {
    fn default() -> Self {
        TextConfig {
            lowercase: true,
            remove_urls: true,
            remove_numbers: true,
            stopwords: StopwordList::Builtin,
            extra_stopwords: Vec::new(),
            stem: true,
            nfc: true,
            remove_stress_marks: None,
            remove_soft_hyphens: None,
            fold_mixed_scripts: None,
            aliases: None,
            compounds: Vec::new(),
        }
    }
}

fn yes() -> bool {
    true
}
/// A `YYYY-MM-DD` day, refused with its line and column when it is not one.
fn iso_day<'de, D: serde::Deserializer<'de>>(
    deserializer: D,
) -> Result<Option<chrono::NaiveDate>, D::Error> {
    let text = String::deserialize(deserializer)?;
    chrono::NaiveDate::parse_from_str(&text, "%Y-%m-%d")
        .map(Some)
        .map_err(|_| {
            serde::de::Error::custom(format!(
                "found \"{}\", expected a date as YYYY-MM-DD",
                text.escape_debug()
            ))
        })
}

/// `text.stopwords`, resolved when the config is read.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub enum StopwordList {
    /// The Snowball list of the corpus language.
    #[default]
    Builtin,
    /// No stopwords.
    None,
    /// A file of one word a line, relative to the config.
    File(PathBuf),
}

impl<'de> Deserialize<'de> for StopwordList {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        Ok(match text.as_str() {
            "builtin" => StopwordList::Builtin,
            "none" => StopwordList::None,
            path => StopwordList::File(PathBuf::from(path)),
        })
    }
}

/// `terms`: how long the term and n-gram tables are and how they are sorted; absent, the
/// defaults.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TermsConfig {
    /// How many terms each table shows. Default: 30.
    #[serde(default = "default_top_terms")]
    pub top: usize,
    /// The n-gram sizes to count. Default: `[2, 3, 5]`.
    #[serde(default = "default_ngrams")]
    pub ngrams: Vec<usize>,
    /// `support` (then count, then term) or `count` (then support, then term). Default: `support`.
    #[serde(default)]
    pub sort: TermSort,
}

impl Default for TermsConfig {
    fn default() -> Self {
        TermsConfig {
            top: default_top_terms(),
            ngrams: default_ngrams(),
            sort: TermSort::Support,
        }
    }
}

fn default_top_terms() -> usize {
    30
}
fn default_ngrams() -> Vec<usize> {
    vec![2, 3, 5]
}

/// `terms.sort`: which figure orders the term, n-gram and collocation lists, largest first.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum TermSort {
    /// Posts holding the term, then occurrences, then the term in byte order.
    #[default]
    Support,
    /// Occurrences, then posts holding the term, then the term in byte order.
    Count,
}

/// `associations`: the terms whose most correlated terms are listed; absent, none are.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AssociationsConfig {
    /// The terms (stemmed forms) whose associations are listed. Required.
    pub terms: Vec<String>,
    /// The smallest correlation listed. Default: 0.2.
    #[serde(default = "default_min_r")]
    pub min_r: f64,
    /// At most this many associations a term. Default: 10.
    #[serde(default = "default_top_associations")]
    pub top: usize,
}

fn default_min_r() -> f64 {
    0.2
}
fn default_top_associations() -> usize {
    10
}

/// `collocations`: the keyword whose two-word terms are listed; absent, none are.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CollocationsConfig {
    /// The keyword: one word, normalised and stemmed as the corpus is. Required.
    pub keyword: String,
    /// At most this many two-word terms. Default: 20.
    #[serde(default = "default_top_collocations")]
    pub top: usize,
}

fn default_top_collocations() -> usize {
    20
}

/// `clusters`: how posts are weighted, filtered and cut into clusters; absent, no clustering.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ClustersConfig {
    /// The number of clusters the tree is cut into. Default: 11.
    #[serde(default = "default_k")]
    pub k: usize,
    /// `tf` or `tfidf` (tf * ln(N / df)). Default: `tfidf`.
    #[serde(default)]
    pub weighting: Weighting,
    /// `l2` (unit rows) or `none`. Default: `l2`.
    #[serde(default)]
    pub normalize: Normalize,
    /// Terms in fewer documents are dropped before clustering. Default: 2.
    #[serde(default = "default_min_support")]
    pub min_support: usize,
    /// Top words listed per cluster. Default: 10.
    #[serde(default = "default_top_words")]
    pub top_words: usize,
    /// Above this many documents, a seeded sample of this size is clustered and the other
    /// documents join the nearest centroid: the distance matrix takes 4·n² bytes (1.6 GB at
    /// 20,000). Default: 20000.
    #[serde(default = "default_max_documents")]
    pub max_documents: usize,
    /// How stable each cluster is when the posts are resampled (fpc::clusterboot's clusterwise
    /// Jaccard). Default: 20 `subset` runs with seed 1, computed when at most
    /// [`STABILITY_DEFAULT_LIMIT`] posts are clustered (with a notice above it); `runs: 0`
    /// turns it off. Given explicitly, it is computed at any size.
    pub stability: Option<StabilityConfig>,
    /// Other preprocessing, each clustered again and compared with the configured partition
    /// by the adjusted Rand index: `no_stemming`, `min_support_plus_one`, `tf`,
    /// `without_top_terms` (the 1% most frequent terms dropped). Default: none.
    #[serde(default)]
    pub sensitivity: Vec<Variant>,
}

/// Above this many clustered posts, stability is off unless `clusters.stability` is given:
/// on 20,000 posts (runs of 10,000) the 20 runs add about 17 s on two cores.
pub const STABILITY_DEFAULT_LIMIT: usize = 10_000;

/// `clusters.stability`: the resampling runs of the stability measure.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct StabilityConfig {
    /// Resampling runs; 0 turns stability off. Default: 20.
    #[serde(default = "default_stability_runs")]
    pub runs: usize,
    /// `subset` (half of the posts, drawn without replacement) or `boot` (a bootstrap
    /// sample, each post once). Default: `subset`.
    #[serde(default)]
    pub method: Resampling,
    /// The seed of the draws. Default: 1.
    #[serde(default = "default_stability_seed")]
    pub seed: u64,
}

impl Default for StabilityConfig {
    fn default() -> Self {
        StabilityConfig {
            runs: default_stability_runs(),
            method: Resampling::default(),
            seed: default_stability_seed(),
        }
    }
}

fn default_stability_runs() -> usize {
    20
}
fn default_stability_seed() -> u64 {
    1
}

/// `clusters.stability.method`: how each run resamples the posts.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Resampling {
    /// `floor(n / 2)` posts drawn without replacement (clusterboot's subsetting).
    #[default]
    Subset,
    /// n posts drawn with replacement, each kept once (clusterboot's bootstrap).
    Boot,
}

/// `clusters.sensitivity`: one variant of the preprocessing.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Deserialize, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Variant {
    /// Words counted as written (lowercased), not stemmed.
    NoStemming,
    /// `min_support` one higher.
    MinSupportPlusOne,
    /// Counts instead of tf-idf weights.
    Tf,
    /// Without the 1% most frequent terms (by count in the corpus, at least one term).
    WithoutTopTerms,
}

impl Variant {
    /// As the page and the config name it.
    pub fn describe(self) -> &'static str {
        match self {
            Variant::NoStemming => "no stemming",
            Variant::MinSupportPlusOne => "min_support one higher",
            Variant::Tf => "tf instead of tf-idf",
            Variant::WithoutTopTerms => "without the 1% most frequent terms",
        }
    }
}

fn default_k() -> usize {
    11
}
fn default_min_support() -> usize {
    2
}
fn default_top_words() -> usize {
    10
}
fn default_max_documents() -> usize {
    20_000
}

/// `clusters.weighting`: the weight of a term in a post's vector.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Weighting {
    /// The term's count in the post.
    Tf,
    /// The count times ln(N / support), N the posts indexed and support those holding the term.
    #[default]
    Tfidf,
}

/// `clusters.normalize`: whether post vectors are scaled before distances are taken.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Normalize {
    /// Each post's vector divided by its Euclidean (L2) length.
    #[default]
    L2,
    /// Vectors left as `weighting` gives them, unscaled.
    None,
}

input_section! {
/// `accounts`: the file of account figures behind Table 1, and the ratios computed from it.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AccountsConfig {
    /// A long CSV: `organization,role,platform,metric,value,note`, or a YouTube Data Tools
    /// channel list. Required.
    pub path: PathBuf,
    /// `csv` | `ytdt` (YouTube Data Tools' channel list: each channel's subscribers, views and
    /// videos become three figures of platform `youtube`). Default: `csv`.
    #[serde(default)]
    pub format: AccountsFormat,
    /// Ratios of two account figures, shown under Table 1. Default: none.
    #[serde(default)]
    pub ratios: Vec<RatioConfig>,
}}

/// `accounts.format`: how the accounts file is laid out.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum AccountsFormat {
    /// The long CSV, `organization,role,platform,metric,value,note`, one figure a row.
    #[default]
    Csv,
    /// YouTube Data Tools' channel list, three figures a channel.
    Ytdt,
}

/// `numerator / denominator`, each naming one row of the accounts file.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RatioConfig {
    /// The ratio's name; a published claim of the same name is compared with it.
    pub label: String,
    /// The figure divided.
    pub numerator: AccountRef,
    /// The figure divided by; a zero or unpublished one gives no ratio (`value: null`).
    pub denominator: AccountRef,
}

/// One figure of the accounts file: organization, platform and metric, as written there.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AccountRef {
    /// Matched exactly against the accounts file's `organization`.
    pub organization: String,
    /// Matched against `platform` in any case and spacing.
    pub platform: String,
    /// Matched against `metric` in any case and spacing.
    pub metric: String,
}

input_section! {
/// `videos`: the video statistics behind Figure 1, their topic rules and like snapshots.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct VideosConfig {
    /// The video statistics file (or, for `youtube-api`, a folder of response pages).
    /// Required.
    pub path: PathBuf,
    /// `csv` | `ytdt` (YouTube Data Tools' video list) | `youtube-api` (the JSON of the
    /// Data API's `videos.list`). Default: `csv`.
    #[serde(default)]
    pub format: VideosFormat,
    /// Videos listed per channel in Figure 1. Default: 10.
    #[serde(default = "default_top_per_channel")]
    pub top_per_channel: usize,
    /// Snapshots of likes after publication, `video_id,observed_at,views,likes`, for the like
    /// velocity: a path, or `{ path, encoding, delimiter, ... }`. Optional.
    #[serde(default)]
    pub snapshots: Option<SnapshotsConfig>,
    /// The date the statistics were collected (`YYYY-MM-DD`): without snapshots, likes per day
    /// run from publication to this date. Optional.
    #[serde(default, deserialize_with = "iso_day")]
    pub as_of: Option<chrono::NaiveDate>,
    /// `en` | `ru`: how titles are normalised and stemmed for the topic rules. Default: the
    /// corpus language, else `en`.
    #[serde(default)]
    pub language: Option<Language>,
    /// Topic rules, tried in order; a video's topic is the first rule with a keyword in its
    /// title, else `other`. Default: none.
    #[serde(default)]
    pub topics: Vec<TopicRule>,
    /// What the video statistics are, printed at the head of their section. Optional.
    #[serde(default)]
    pub description: Option<String>,
}}

/// A topic and the keywords that put a video in it. A keyword matches a title word whose stem
/// begins with the keyword's stem (so `назарбаев` matches `Назарбаева` and `Назарбаеву`).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TopicRule {
    /// The topic as Figure 1 and the topic shares table show it (`videos.topics[].topic` in
    /// report.json).
    pub name: String,
    /// Words or phrases found in a title stem by stem (each title stem beginning with the
    /// keyword's); one that normalises to no stem (only stopwords) is dropped.
    pub keywords: Vec<String>,
}

input_section! {
/// `videos.snapshots` written as a section: the file's path and how the file is written.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SnapshotsFile {
    /// The like snapshots file. Required.
    pub path: PathBuf,
}
}

/// `videos.snapshots`: written as the file's path alone, or as a section with the keys of
/// how the file is written.
#[derive(Debug, Clone)]
pub struct SnapshotsConfig(pub SnapshotsFile);

impl<'de> Deserialize<'de> for SnapshotsConfig {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct PathOrSection;
        impl<'de> serde::de::Visitor<'de> for PathOrSection {
            type Value = SnapshotsFile;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a path, or a section with `path`")
            }
            fn visit_str<E: serde::de::Error>(self, path: &str) -> Result<SnapshotsFile, E> {
                Ok(SnapshotsFile {
                    path: PathBuf::from(path),
                    encoding: None,
                    delimiter: None,
                    number_format: None,
                    date_format: DateFormat::Iso,
                    max_field_lines: default_max_field_lines(),
                })
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                map: A,
            ) -> Result<SnapshotsFile, A::Error> {
                SnapshotsFile::deserialize(serde::de::value::MapAccessDeserializer::new(map))
            }
        }
        deserializer
            .deserialize_any(PathOrSection)
            .map(SnapshotsConfig)
    }
}

/// `videos.format`: how the video statistics are laid out.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum VideosFormat {
    /// `channel,video_id,published_at,title,views`, and optionally `likes,comments,duration`.
    #[default]
    Csv,
    /// YouTube Data Tools' video list, in any of the tool's versions.
    Ytdt,
    /// `youtube-api`: the Data API's `videos.list` responses as JSON, one page or a folder.
    YoutubeApi,
}
fn default_top_per_channel() -> usize {
    10
}

input_section! {
/// `views`: a views series per channel (Figure 2), how its peaks are found and how near an
/// event must be to count.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ViewsConfig {
    /// The views series: `channel,period,views`, `period` a month `YYYY-MM` or a day. Required.
    pub path: PathBuf,
    /// How peaks are found. Default: `{ rule: median, factor: 1.5, window: 5 }`.
    #[serde(default)]
    pub peaks: PeakRule,
    /// Protest events this many days or fewer from a peak period are paired with it.
    /// Default: 31.
    #[serde(default = "default_window_days")]
    pub window_days: u32,
    /// What the series is, printed at the head of its section. Optional.
    #[serde(default)]
    pub description: Option<String>,
}}

fn default_window_days() -> u32 {
    31
}

/// `timeline`: posts per period and the share of posts holding each listed term, with the
/// protest events marked; absent, no timeline (`timeline: {}` takes every default).
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TimelineConfig {
    /// `day`, `week` (ISO 8601, Monday to Sunday) or `month`. Default: from the span of the
    /// dated posts: `day` under 90 days, `week` under two years (730 days), `month` above.
    #[serde(default)]
    pub period: Option<TimelinePeriod>,
    /// Protest events this many days or fewer from a peak period are paired with it.
    /// Default: 7.
    #[serde(default = "default_timeline_window_days")]
    pub window_days: u32,
    /// How peaks of posts per period are found, as `views.peaks`. Default:
    /// `{ rule: median, factor: 1.5, window: 5 }`.
    #[serde(default)]
    pub peaks: PeakRule,
    /// Terms whose share of posts per period is drawn: each a word, stem, alias or n-gram
    /// (several words), normalised and stemmed as the corpus is. Default: none.
    #[serde(default)]
    pub terms: Vec<String>,
}

fn default_timeline_window_days() -> u32 {
    7
}

/// `timeline.period`: the length of the timeline's periods.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum TimelinePeriod {
    /// Calendar days, written `2019-06-09`.
    Day,
    /// ISO 8601 weeks, Monday to Sunday, written `2019-W23`.
    Week,
    /// Calendar months, written `2019-06`.
    Month,
}

/// The rule that finds peaks in a views series.
#[derive(Debug, Clone, Copy, PartialEq, Deserialize, Serialize)]
#[serde(tag = "rule", rename_all = "lowercase", deny_unknown_fields)]
pub enum PeakRule {
    /// A period whose views exceed `factor` times the median of the `window` periods centred
    /// on it.
    Median {
        /// How many times the median a period's views must exceed (strictly).
        factor: f64,
        /// Periods in the window, the period itself included; cut short at the series' ends,
        /// and an even number takes one more.
        window: usize,
    },
    /// The `n` periods of most views.
    Top {
        /// Peaks per channel; ties go to the earlier period.
        n: usize,
    },
}

impl Default for PeakRule {
    fn default() -> Self {
        PeakRule::Median {
            factor: 1.5,
            window: 5,
        }
    }
}

input_section! {
/// `events`: the protest-event file behind Table 2, its format and the form rules for ACLED
/// and MM.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EventsConfig {
    /// The protest-event file. Required.
    pub path: PathBuf,
    /// `csv` (mobilize's own columns) | `acled` | `mm`. Default: `csv`.
    #[serde(default)]
    pub format: EventsFormat,
    /// For `acled` and `mm`, which have no strikes or pickets: rules tried in order; an event
    /// whose notes (or ACLED sub-event type) hold a keyword takes the rule's form, else it is
    /// a `protest`. A keyword matches at the start of a word, ignoring case (`strike` matches
    /// "strikers"). Default: none.
    #[serde(default)]
    pub forms: Vec<FormRule>,
}}

/// A form of action and the keywords that give an event that form.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FormRule {
    /// `strike`, `protest` or `picket`: the form an event takes when a keyword matches.
    pub form: crate::model::events::Form,
    /// Matched, trimmed and in any case, at the start of a word of the event's notes (or
    /// ACLED sub-event type).
    pub keywords: Vec<String>,
}

/// `events.format`: how the protest-event file is laid out.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum EventsFormat {
    /// mobilize's own columns: `event_id,date,form`, then optional ones such as `participants`.
    #[default]
    Csv,
    /// An ACLED export, in any of its layouts; event types other than Protests and Riots are
    /// left out.
    Acled,
    /// Mass Mobilization, as CSV or Dataverse's `.tab`; its placeholder rows (protest 0) are
    /// left out.
    Mm,
}

input_section! {
/// `published`: the folder of the paper's tables, transcribed, for the reproduction panel;
/// the keys of how a file is written apply to every table in it.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PublishedConfig {
    /// A folder of published tables (`table1_accounts.csv`, `table1_claims.csv`,
    /// `table2_protests.csv`, ...). Required.
    pub dir: PathBuf,
}}

/// One entry of `narrative`: a Markdown file and where in the report it goes.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NarrativeConfig {
    /// A Markdown file of the study. Required.
    pub file: PathBuf,
    /// Where it goes: `start` (before the first section), `end` (after the last), or the id
    /// of a table (`table3`), a figure (`chart-table3-terms`) or a section (`terms`) it
    /// follows. Required.
    pub at: Placement,
}

impl Config {
    /// The first language of the posts: `corpus.language`, else English.
    pub fn corpus_language(&self) -> Language {
        self.corpus_languages().first()
    }

    /// The languages of the posts: `corpus.language`, else English.
    pub fn corpus_languages(&self) -> Languages {
        self.corpus
            .as_ref()
            .map(|c| c.language.clone())
            .unwrap_or_default()
    }

    /// The language of the video titles: `videos.language`, else the posts'.
    pub fn titles_language(&self) -> Language {
        self.videos
            .as_ref()
            .and_then(|v| v.language)
            .unwrap_or_else(|| self.corpus_language())
    }

    /// Reads and validates `path`. Errors name the file, line and column.
    pub fn load(path: &Path) -> Result<Config> {
        let text = crate::read::text_at_most(path, crate::read::BY_HAND)?;
        let mut config = Config::parse(&text, &path.display().to_string())?;
        config.base_dir = path.parent().map(Path::to_path_buf).unwrap_or_default();
        Ok(config)
    }

    /// Parses config text; `name` is how errors refer to the file.
    pub fn parse(text: &str, name: &str) -> Result<Config> {
        refuse_deep_nesting(text, name)?;
        let config: Config = yaml_serde::from_str(text).map_err(|err| {
            let location = match (err.location(), second_document(text)) {
                (Some(at), _) => format!("{name}:{}:{}", at.line(), at.column()),
                (None, Some(line)) => {
                    return Error::config(
                        format!("{name}:{line}"),
                        "found a second YAML document (---), expected one",
                    )
                }
                (None, None) => name.to_string(),
            };
            Error::config(location, strip_location(&err.to_string()))
        })?;
        if config.title.trim().is_empty() {
            return Err(Error::config(
                name,
                "title: found an empty title, expected the report's title",
            ));
        }
        let mut config = config;
        config.source = (name.to_string(), locate::KeyLines::of(text));
        config.refuse_meaningless_values()?;
        Ok(config)
    }

    /// The pages' sections in the order the config gives (`sections`), or the paper's.
    pub fn section_order(&self) -> Vec<&str> {
        match &self.sections {
            Some(ids) => ids.iter().map(String::as_str).collect(),
            None => SECTION_IDS.to_vec(),
        }
    }

    /// `sections`: each id one of [`SECTION_IDS`], and each once.
    fn refuse_unknown_sections(&self) -> Result<()> {
        let ids = self.sections.as_deref().unwrap_or_default();
        for (index, id) in ids.iter().enumerate() {
            let problem = if !SECTION_IDS.contains(&id.as_str()) {
                "expected one of"
            } else if ids[..index].contains(id) {
                "listed twice; expected each once, of"
            } else {
                continue;
            };
            let err = Error::config(
                format!("sections[{index}]"),
                format!(
                    "found {}, {problem} {}",
                    crate::escape::quoted(id),
                    SECTION_IDS.join(", ")
                ),
            );
            return Err(self.locate(err));
        }
        Ok(())
    }

    /// Values the types allow but no analysis can mean, each an error at its key's line.
    fn refuse_meaningless_values(&self) -> Result<()> {
        self.refuse_unknown_sections()?;
        if let Some(corpus) = &self.corpus {
            let generic = matches!(corpus.format, CorpusFormat::Csv | CorpusFormat::Jsonl);
            if corpus.language_column.is_some() && !generic {
                let err = Error::config(
                    "corpus.language_column",
                    "found a column for an export format, expected it with csv or jsonl only \
                     (the exports' posts are detected)",
                );
                return Err(self.locate(err));
            }
        }
        if let Some(k) = self.clusters.as_ref().map(|c| c.k).filter(|&k| k < 2) {
            let err = Error::config(
                "clusters.k",
                format!("found {k}, expected 2 clusters or more"),
            );
            return Err(self.locate(err));
        }
        if let Some(section) = &self.keyness {
            section.check().map_err(|err| self.locate(err))?;
        }
        if let Some(text) = &self.text {
            let (name, lines) = &self.source;
            if let Some(AliasList::Inline(entries)) = &text.aliases {
                aliases::check_aliases(entries, "text.aliases.")
                    .map_err(|bad| bad.at(name, lines))?;
            }
            aliases::check_compounds(&text.compounds).map_err(|bad| bad.at(name, lines))?;
        }
        Ok(())
    }

    /// An error located at a key of the config (`accounts.ratios[0].denominator`) located
    /// at its line as well: `report.yaml:12: accounts.ratios[0].denominator: ...`. Any other
    /// error is returned as it is.
    pub fn locate(&self, err: Error) -> Error {
        let (name, lines) = &self.source;
        match err {
            Error::Config { location, message } => {
                let key = !location.contains([':', '/', ' ']);
                match lines.line(&location).filter(|_| key) {
                    Some(line) => {
                        Error::config(format!("{name}:{line}"), format!("{location}: {message}"))
                    }
                    None => Error::Config { location, message },
                }
            }
            other => other,
        }
    }

    /// A path from the config, resolved against the config file's folder.
    pub fn resolve(&self, path: &Path) -> PathBuf {
        if path.is_absolute() || self.base_dir.as_os_str().is_empty() {
            path.to_path_buf()
        } else {
            self.base_dir.join(path)
        }
    }

    /// Keys that have nothing to act on (text settings without a corpus, form rules on a csv
    /// events file, a delimiter for a JSON export), each with a notice.
    pub fn skipped_sections(&self) -> Vec<String> {
        let mut notices = self.file_keys_without_a_file();
        if let Some(events) = &self.events {
            if events.format == EventsFormat::Csv && !events.forms.is_empty() {
                notices.push(
                    "events.forms: applies to acled and mm files only; the csv file names each \
                     event's form"
                        .into(),
                );
            }
        }
        if self.corpus.is_none() {
            for (present, key) in [
                (self.text.is_some(), "text"),
                (self.terms.is_some(), "terms"),
                (self.associations.is_some(), "associations"),
                (self.collocations.is_some(), "collocations"),
                (self.keyness.is_some(), "keyness"),
                (self.clusters.is_some(), "clusters"),
                (self.timeline.is_some(), "timeline"),
            ] {
                if present {
                    notices.push(format!("{key}: there is no corpus to analyse; skipped"));
                }
            }
        }
        notices
    }
}

impl Config {
    /// A notice for each key of how a file is written that the section's format does not
    /// read: JSON exports are UTF-8 with typed values, and JSON Lines has no delimiter.
    fn file_keys_without_a_file(&self) -> Vec<String> {
        let mut ignored: Vec<(String, Vec<&str>, &str)> = Vec::new();
        if let Some(corpus) = &self.corpus {
            let keys = corpus.file_keys_set();
            match corpus.format {
                CorpusFormat::Facebook | CorpusFormat::Telegram => ignored.push((
                    "corpus".into(),
                    keys,
                    "the export is JSON, read as it is written",
                )),
                CorpusFormat::Jsonl => ignored.push((
                    "corpus".into(),
                    keys.into_iter()
                        .filter(|k| !matches!(*k, "encoding" | "date_format"))
                        .collect(),
                    "JSON Lines has no delimiter and typed numbers",
                )),
                CorpusFormat::Csv | CorpusFormat::Crowdtangle => {}
            }
        }
        if let Some(videos) = self
            .videos
            .as_ref()
            .filter(|v| v.format == VideosFormat::YoutubeApi)
        {
            ignored.push((
                "videos".into(),
                videos.file_keys_set(),
                "the pages are JSON, read as they are written",
            ));
        }
        ignored
            .into_iter()
            .flat_map(|(section, keys, why)| {
                keys.into_iter().map(move |key| {
                    format!("{section}.{key}: does not apply here ({why}); ignored")
                })
            })
            .collect()
    }
}

/// How deep `[...]` and `{...}` may nest in the config: far beyond any real study, and far
/// below the depth at which the YAML parser slows to seconds (20,000 levels took 16 s).
const MAX_NESTING: usize = 64;

/// Refuses flow collections nested deeper than [`MAX_NESTING`], before the YAML parser sees
/// them. Quoted scalars and comments are skipped.
fn refuse_deep_nesting(text: &str, name: &str) -> Result<()> {
    let mut depth = 0usize;
    let mut quote: Option<char> = None;
    let mut previous = '\n';
    let (mut line, mut column) = (1, 0);
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        column += 1;
        match (quote, c) {
            (_, '\n') => {
                (line, column) = (line + 1, 0);
                if quote == Some('#') {
                    quote = None;
                }
            }
            (Some('"'), '\\') => {
                chars.next();
            }
            (Some(q), c) if q == c && q != '#' => quote = None,
            (Some(_), _) => {}
            (None, '"' | '\'') => quote = Some(c),
            (None, '#') if previous.is_whitespace() => quote = Some('#'),
            (None, '[' | '{') => {
                depth += 1;
                if depth > MAX_NESTING {
                    return Err(Error::config(
                        format!("{name}:{line}:{column}"),
                        format!(
                            "found lists or maps nested more than {MAX_NESTING} deep, expected \
                             a study's config"
                        ),
                    ));
                }
            }
            (None, ']' | '}') => depth = depth.saturating_sub(1),
            _ => {}
        }
        previous = c;
    }
    Ok(())
}

/// The line of a second document's `---`, when the text holds one.
fn second_document(text: &str) -> Option<usize> {
    let mut content = false;
    for (index, line) in text.lines().enumerate() {
        let marker = line == "---" || line.starts_with("--- ");
        if marker && content {
            return Some(index + 1);
        }
        content |= !marker && !line.trim().is_empty() && !line.trim_start().starts_with('#');
    }
    None
}

/// yaml_serde appends " at line L column C" to its messages; the location is printed first.
fn strip_location(message: &str) -> String {
    match message.rfind(" at line ") {
        Some(at) => message[..at].to_string(),
        None => message.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sections_reorder_and_unknown_ids_are_errors_at_their_line() {
        let config = Config::parse("title: t\n", "report.yaml").unwrap();
        assert_eq!(config.section_order(), SECTION_IDS);
        assert_eq!(&SECTION_IDS[..4], ["accounts", "events", "terms", "ngrams"]);
        let config =
            Config::parse("title: t\nsections: [videos, accounts]\n", "report.yaml").unwrap();
        assert_eq!(config.section_order(), ["videos", "accounts"]);
        let err = Config::parse(
            "title: t\nsections:\n  - terms\n  - table9\n",
            "report.yaml",
        )
        .unwrap_err()
        .to_string();
        assert!(err.contains("report.yaml:4"), "{err}");
        assert!(err.contains("sections[1]"), "{err}");
        assert!(err.contains("found \"table9\""), "{err}");
        assert!(err.contains("accounts, events, terms, ngrams"), "{err}");
        let err = Config::parse("title: t\nsections: [terms, terms]\n", "report.yaml")
            .unwrap_err()
            .to_string();
        assert!(err.contains("listed twice"), "{err}");
    }

    #[test]
    fn unknown_key_names_the_key_and_the_allowed_ones() {
        let err = Config::parse(
            "title: x\nevents:\n  path: e.csv\n  fromat: csv\n",
            "report.yaml",
        )
        .unwrap_err()
        .to_string();
        assert!(err.starts_with("report.yaml:4:3: "), "{err}");
        assert!(err.contains("unknown field `fromat`"), "{err}");
        assert!(
            err.contains("expected one of `path`, `format`, `forms`"),
            "{err}"
        );
    }

    #[test]
    fn unknown_top_level_key_lists_every_section() {
        let err = Config::parse("title: x\nevent: {path: e.csv}\n", "r.yaml")
            .unwrap_err()
            .to_string();
        assert!(err.contains("unknown field `event`"), "{err}");
        for key in ["corpus", "accounts", "events", "published", "narrative"] {
            assert!(
                err.contains(&format!("`{key}`")),
                "{key} missing from: {err}"
            );
        }
    }

    #[test]
    fn every_design_key_is_accepted_and_computed() {
        let text = include_str!("../tests/fixtures/all_keys.yaml");
        let config = Config::parse(text, "all_keys.yaml").unwrap();
        assert_eq!(config.clusters.as_ref().unwrap().k, 11);
        assert_eq!(config.terms.as_ref().unwrap().ngrams, vec![2, 3, 5]);
        assert_eq!(config.narrative[0].at, Placement::Start);
        assert_eq!(config.skipped_sections(), Vec::<String>::new());
        let words = config.text.as_ref().unwrap();
        assert!(words.nfc);
        assert_eq!(words.remove_stress_marks, Some(true));
        assert_eq!(words.fold_mixed_scripts, Some(false));
    }

    #[test]
    fn form_rules_on_a_csv_events_file_are_noticed() {
        let text =
            "title: x\nevents:\n  path: e.csv\n  forms: [{ form: strike, keywords: [strike] }]\n";
        let config = Config::parse(text, "r.yaml").unwrap();
        assert_eq!(
            config.skipped_sections(),
            ["events.forms: applies to acled and mm files only; the csv file names each event's form"]
        );
        let bad = "title: x\nevents:\n  path: e.csv\n  forms: [{ form: march, keywords: [x] }]\n";
        let err = Config::parse(bad, "r.yaml").unwrap_err().to_string();
        assert!(
            err.contains(
                "events.forms[0].form: found \"march\", expected strike, protest or picket"
            ),
            "{err}"
        );
    }

    #[test]
    fn every_input_says_how_its_file_is_written() {
        let text = "title: x\nevents:\n  path: e.csv\n  encoding: CP1251\n  delimiter: \";\"\n  \
                    number_format: \"1.234,5\"\n  date_format: DD.MM.YYYY\n  max_field_lines: 50\n\
                    videos:\n  path: v.csv\n  snapshots: { path: s.csv, delimiter: tab }\n";
        let config = Config::parse(text, "r.yaml").unwrap();
        let events = config.events.as_ref().unwrap().file_format("events");
        assert_eq!(
            events.encoding.map(TextEncoding::name),
            Some("windows-1251")
        );
        assert_eq!(events.delimiter, Some(Delimiter(b';')));
        assert_eq!(events.number_format, Some(NumberFormat::DecimalComma));
        assert_eq!(events.date_format, DateFormat::DayFirst);
        assert_eq!(events.max_field_lines, 50);
        let SnapshotsConfig(snapshots) = config.videos.unwrap().snapshots.unwrap();
        assert_eq!(
            snapshots.file_format("videos.snapshots").delimiter,
            Some(Delimiter(b'\t'))
        );
        let plain = Config::parse(
            "title: x\nvideos: { path: v.csv, snapshots: s.csv }\n",
            "r.yaml",
        )
        .unwrap();
        let SnapshotsConfig(snapshots) = plain.videos.unwrap().snapshots.unwrap();
        assert_eq!(snapshots.path, PathBuf::from("s.csv"));
        assert_eq!(
            snapshots.file_format("videos.snapshots"),
            FileFormat::detected("videos.snapshots")
        );
    }

    #[test]
    fn a_bad_file_key_names_its_place_and_the_values_allowed() {
        let err = |text: &str| Config::parse(text, "r.yaml").unwrap_err().to_string();
        assert_eq!(
            err("title: x\naccounts:\n  path: a.csv\n  delimiter: \"::\"\n"),
            "r.yaml:4:14: accounts.delimiter: found the delimiter \"::\", expected \",\", \";\", tab or \"|\""
        );
        assert!(
            err("title: x\ncorpus: { path: p.csv, encoding: klingon }\n")
                .contains("found the encoding \"klingon\", expected utf-8, windows-1251")
        );
        assert!(
            err("title: x\nevents: { path: e.csv, date_format: DD-MM-YY }\n")
                .contains("expected YYYY-MM-DD, DD.MM.YYYY, DD/MM/YYYY or MM/DD/YYYY")
        );
    }

    #[test]
    fn file_keys_on_json_exports_are_noticed() {
        let text = "title: x\ncorpus: { path: r.json, format: telegram, delimiter: \";\" }\n\
                    videos: { path: p, format: youtube-api, encoding: cp1251 }\n";
        let config = Config::parse(text, "r.yaml").unwrap();
        assert_eq!(
            config.skipped_sections(),
            [
                "corpus.delimiter: does not apply here (the export is JSON, read as it is written); ignored",
                "videos.encoding: does not apply here (the pages are JSON, read as they are written); ignored",
            ]
        );
    }

    #[test]
    fn deep_nesting_and_second_documents_are_refused_with_their_place() {
        let deep = format!("title: x\nnarrative: {}\n", "[".repeat(20_000));
        let started = std::time::Instant::now();
        let err = Config::parse(&deep, "r.yaml").unwrap_err().to_string();
        assert!(started.elapsed().as_secs() < 2);
        assert_eq!(
            err,
            "r.yaml:2:76: found lists or maps nested more than 64 deep, expected a study's config"
        );
        let quoted = format!("title: \"{}\" # {}\n", "[".repeat(100), "{".repeat(100));
        assert!(Config::parse(&quoted, "r.yaml").is_ok());
        let err = Config::parse("# a study\ntitle: x\n---\ntitle: y\n", "r.yaml")
            .unwrap_err()
            .to_string();
        assert_eq!(
            err,
            "r.yaml:3: found a second YAML document (---), expected one"
        );
    }

    #[test]
    fn a_problem_at_a_key_names_its_line() {
        let text = "title: x\naccounts:\n  path: a.csv\n  ratios:\n    - label: r\n      \
                    numerator: { organization: A, platform: youtube, metric: views }\n      \
                    denominator: { organization: B, platform: youtube, metric: views }\n";
        let config = Config::parse(text, "r.yaml").unwrap();
        let err = config.locate(Error::config(
            "accounts.ratios[0].denominator",
            "found no row",
        ));
        assert_eq!(
            err.to_string(),
            "r.yaml:7: accounts.ratios[0].denominator: found no row"
        );
        let other = config.locate(Error::config("text/a.md:3", "found x"));
        assert_eq!(other.to_string(), "text/a.md:3: found x");
    }

    #[test]
    fn paths_are_relative_to_the_config_file() {
        let mut config = Config::parse("title: x\n", "r.yaml").unwrap();
        config.base_dir = PathBuf::from("studies/kz");
        assert_eq!(
            config.resolve(Path::new("data/events.csv")),
            PathBuf::from("studies/kz/data/events.csv")
        );
        assert_eq!(config.output, PathBuf::from("site"));
    }

    #[test]
    fn empty_title_is_refused() {
        let err = Config::parse("title: ''\n", "r.yaml")
            .unwrap_err()
            .to_string();
        assert!(err.contains("title"), "{err}");
    }
}
