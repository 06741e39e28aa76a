//! The reproduction panel: each published figure beside the one computed from the data.
//!
//! Figures are compared exactly, except a claim printed as a rounded number ("138 times"),
//! which matches when the computed value rounds to it at the printed precision. A published
//! cell that its own table contradicts (a total that differs from the sum of its size
//! classes) cannot be reproduced by any data, so it is `not comparable`, with the reason. A
//! published cluster matches only when the computed cluster paired with it has its size and
//! shares more than half of its top words ([`CLUSTER_RULE`]).
//!
//! The items are listed in the paper's order ([`PAPER_ORDER`]), each once: a narrative's
//! claim that restates a published figure is merged into that figure's item
//! ([`add_claims`]); [`summary`] counts them by published table.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::cluster::ClustersReport;
use crate::load::published::{Claim, PublishedCluster, PublishedCorrelation, PublishedTerm};
use crate::load::Published;
use crate::media::ratios::Ratio;
use crate::media::videos::VideosReport;
use crate::model::accounts::Account;
use crate::model::events::{Cell, ProtestTable};
use crate::protests::{consistency, EventsReport};
use crate::text::TextReport;

/// The correlation of each published word pair, keyed by the pair as printed.
pub type PairCorrelations = BTreeMap<(String, String), Option<f64>>;

/// How a published figure compares with the computed one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    /// `match`: the computed figure agrees: equal, equal when rounded as printed, within a claim's
    /// tolerance, or (a collocate) ranked within the footnote's count.
    Match,
    /// `differs`: a figure was computed (or a collocate looked for) and it does not match.
    Differs,
    /// `not comparable`: nothing to compare with (no such input, section or term), or the published
    /// table contradicts itself; the note says which.
    NotComparable,
}

impl Status {
    /// Each status and how `report.json` and the pages write it: the one mapping.
    const NAMES: [(Status, &'static str); 3] = [
        (Status::Match, "match"),
        (Status::Differs, "differs"),
        (Status::NotComparable, "not comparable"),
    ];

    /// `match`, `differs` or `not comparable`, as `report.json`, the pages and the diff write it.
    pub fn as_str(self) -> &'static str {
        crate::model::name_of(&Self::NAMES, self)
    }

    /// The status `as_str` writes, in any case and trimmed; `None` for any other text.
    pub fn parse(text: &str) -> Option<Status> {
        crate::model::value_of(&Self::NAMES, text)
    }
}

crate::model::by_name!(Status, "match, differs or not comparable");

/// One published figure and its computed counterpart. `published` and `computed` are numbers,
/// `null` for a figure not published (or not computed), or a string such as `">13"`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReproductionItem {
    /// Where the figure is published: `Table 1`, `Table 2`, ..., `Text`, `Footnote 2`, `Videos`, or
    /// `Narrative` for a claim.
    pub section: String,
    /// Which figure of the section, e.g. `Strikes total, 2019`; with `section`, the key by which
    /// `mobilize diff` matches items.
    pub item: String,
    /// The figure as published: a number, a string (`">13"`, `"listed"`, a date), or `null` when
    /// not published.
    pub published: Value,
    /// The figure computed from the data: a number, a string (`">13"`, a date), or `null` when
    /// nothing was computed.
    pub computed: Value,
    /// Whether the two agree; the page's Status column, and the row's class (`not-comparable`).
    pub status: Status,
    /// How it was compared or why it could not be, e.g. `276000 / 2200 = 125.45`; empty when there
    /// is nothing to add.
    pub note: String,
    /// The narratives' claims that state this same figure (their `item`s), merged into this
    /// item so that it is listed once; the page anchors the first claim's link here. Left out
    /// when empty.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub stated_in: Vec<String>,
}

/// The published tables and texts in the paper's order: the reproduction panel lists its
/// items and its summary in this order (any other section after them, by name).
pub const PAPER_ORDER: [&str; 9] = [
    "Table 1",
    "Table 2",
    "Table 3",
    "Table 4",
    "Text",
    "Footnote 2",
    "Table 5",
    "Videos",
    CLAIMS_SECTION,
];

/// The section of the narratives' claims in the reproduction panel.
pub const CLAIMS_SECTION: &str = "Narrative";

/// When a published cluster of Table 5 counts as reproduced, as the page states it.
pub const CLUSTER_RULE: &str = "A published cluster is paired with the computed cluster that \
    shares most of its top words (stemmed as the corpus is); it matches only when that \
    cluster has its size and shares more than half of its top words, and differs otherwise.";

/// The items of one published table, by status: a row of the panel's summary.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SectionSummary {
    /// The published table (`Table 2`, `Text`, ...), or `All` for the row of totals.
    pub section: String,
    /// Its items.
    pub items: usize,
    /// Those that match.
    #[serde(rename = "match")]
    pub matched: usize,
    /// Those that differ.
    pub differs: usize,
    /// Those not comparable.
    pub not_comparable: usize,
}

fn paper_rank(section: &str) -> (usize, &str) {
    let rank = PAPER_ORDER.iter().position(|s| *s == section);
    (rank.unwrap_or(PAPER_ORDER.len()), section)
}

/// Adds the narratives' claims to `items` and puts them all in the paper's order (stable:
/// within a table, in the order found). A claim that states the same figure as a published
/// item (the same published number, the same computed number) is merged into it, with its
/// note, rather than listed again.
pub fn add_claims(items: &mut Vec<ReproductionItem>, claims: Vec<ReproductionItem>) {
    let number = |v: &Value| v.as_f64();
    for claim in claims {
        let same = items.iter_mut().find(|i| {
            i.section != claim.section
                && number(&i.published).is_some()
                && number(&i.published) == number(&claim.published)
                && match (number(&i.computed), number(&claim.computed)) {
                    (Some(a), Some(b)) => (a - b).abs() <= 1e-9 * a.abs().max(1.0),
                    _ => false,
                }
        });
        match same {
            Some(item) => {
                item.stated_in.push(claim.item.clone());
                let also = format!("also claimed as \"{}\", {}", claim.item, claim.note);
                item.note = if item.note.is_empty() {
                    also
                } else {
                    format!("{}; {also}", item.note)
                };
            }
            None => items.push(claim),
        }
    }
    items.sort_by(|a, b| paper_rank(&a.section).cmp(&paper_rank(&b.section)));
}

/// The items of each published table by status, in the order the items come (the paper's,
/// after [`add_claims`]), then a row `All` of the totals; empty when there are no items.
pub fn summary(items: &[ReproductionItem]) -> Vec<SectionSummary> {
    let mut rows: Vec<SectionSummary> = Vec::new();
    let blank = |section: &str| SectionSummary {
        section: section.to_string(),
        items: 0,
        matched: 0,
        differs: 0,
        not_comparable: 0,
    };
    let mut all = blank("All");
    for item in items {
        if rows.last().is_none_or(|r| r.section != item.section) {
            rows.push(blank(&item.section));
        }
        let row = rows.last_mut().expect("a row was pushed");
        for row in [row, &mut all] {
            row.items += 1;
            match item.status {
                Status::Match => row.matched += 1,
                Status::Differs => row.differs += 1,
                Status::NotComparable => row.not_comparable += 1,
            }
        }
    }
    if !items.is_empty() {
        rows.push(all);
    }
    rows
}

/// What was computed, for the comparison.
pub struct Computed<'a> {
    /// The accounts input, whose figures meet Table 1's by organization, platform and metric;
    /// `None` without one.
    pub accounts: Option<&'a [Account]>,
    /// The ratios of `accounts.ratios`, matched to the published claims by label; empty when none
    /// are configured.
    pub ratios: &'a [Ratio],
    /// Table 2 as computed, for the published Table 2's cells; `None` without events.
    pub events: Option<&'a EventsReport>,
    /// The text analyses, for Tables 3 and 4 and Footnote 2's collocates; `None` without a corpus.
    pub text: Option<&'a TextReport>,
    /// Turns a published term ("democratic choice") into the corpus's stems
    /// ("democrat choic"), as the corpus was normalised.
    pub stem: Option<&'a dyn Fn(&str) -> String>,
    /// The correlation of each published word pair in the corpus, by the pair as printed;
    /// `None` when a term is missing from the corpus or occurs in every post.
    pub pair_correlations: &'a PairCorrelations,
    /// Table 5 as computed, for the published clusters' sizes; `None` without a `clusters` section.
    pub clusters: Option<&'a ClustersReport>,
    /// The topics and the like velocity, for the text's video facts; `None` without a `videos`
    /// section.
    pub videos: Option<&'a VideosReport>,
}

/// Every published figure found, in the order of the published files.
pub fn reproduce(published: &Published, computed: &Computed<'_>) -> Vec<ReproductionItem> {
    let mut items = Vec::new();
    if let Some(accounts) = &published.accounts {
        items.extend(accounts.iter().map(|a| account_item(a, computed.accounts)));
    }
    if let Some(claims) = &published.claims {
        items.extend(claims.iter().map(|c| claim_item(c, computed.ratios)));
    }
    if let Some(table) = &published.protests {
        let grid = computed.events.map(EventsReport::table);
        items.extend(protest_items(table, grid.as_ref()));
    }
    if let Some(facts) = &published.facts {
        items.extend(association_items(&facts.associations, computed));
        items.extend(collocate_items(&facts.collocates, computed));
        items.extend(video_items(facts, computed.videos));
    }
    if let Some(published) = &published.clusters {
        items.extend(cluster_items(published, computed));
    }
    for (section, terms, n) in [
        ("Table 3", &published.terms, 1),
        ("Table 4", &published.bigrams, 2),
    ] {
        if let Some(terms) = terms {
            items.extend(term_items(section, terms, n, computed));
        }
    }
    items
}

/// A correlation the text states ("nazarbayev ~ billion 0.31") beside the computed r, which
/// matches when it rounds to the printed value.
fn association_items(
    published: &[PublishedCorrelation],
    computed: &Computed<'_>,
) -> Vec<ReproductionItem> {
    published
        .iter()
        .map(|fact| {
            let (a, b) = &fact.pair;
            let decimals = fact.printed.split_once('.').map_or(0, |(_, d)| d.len());
            let (computed_value, status, note) = match computed.pair_correlations.get(&fact.pair) {
                None => (
                    Value::Null,
                    Status::NotComparable,
                    "no corpus was analysed".to_string(),
                ),
                Some(None) => (
                    Value::Null,
                    Status::NotComparable,
                    "a term is missing from the corpus, or occurs in every post".to_string(),
                ),
                Some(&Some(r)) => {
                    let scale = 10f64.powi(decimals as i32);
                    let same = (r * scale).round() == (fact.value * scale).round();
                    let status = if same { Status::Match } else { Status::Differs };
                    (Value::from(r), status, format!("r = {r:.4}"))
                }
            };
            ReproductionItem {
                section: "Text".into(),
                item: format!("correlation of {a} and {b}"),
                published: Value::from(fact.value),
                computed: computed_value,
                status,
                note,
                stated_in: Vec::new(),
            }
        })
        .collect()
}

/// The collocates a footnote lists, in its order: each matches when it is among as many top
/// two-word terms with the keyword as the footnote lists.
fn collocate_items(published: &[String], computed: &Computed<'_>) -> Vec<ReproductionItem> {
    let pairs = computed
        .text
        .and_then(|t| t.collocations.as_ref())
        .map(|c| &c.pairs);
    published
        .iter()
        .map(|collocate| {
            let stem = computed.stem.map(|stem| stem(collocate));
            let rank = pairs
                .zip(stem.as_deref())
                .and_then(|(pairs, stem)| pairs.iter().position(|p| p.term == stem).map(|r| r + 1));
            let form = pairs
                .zip(rank)
                .map(|(pairs, rank)| &pairs[rank - 1])
                .filter(|p| !p.form.is_empty() && p.form != p.term)
                .map(|p| format!("{} ({})", p.form, p.term));
            let named = form.unwrap_or_else(|| format!("\"{collocate}\""));
            let (computed_value, status, note) = match (pairs, rank) {
                (None, _) => (
                    Value::Null,
                    Status::NotComparable,
                    "no collocations are configured".to_string(),
                ),
                (Some(_), None) => (Value::Null, Status::Differs, "not found".to_string()),
                (Some(_), Some(rank)) => {
                    let status = if rank <= published.len() {
                        Status::Match
                    } else {
                        Status::Differs
                    };
                    let note = format!(
                        "rank {rank} of the pairs; the footnote lists {}",
                        published.len()
                    );
                    (Value::from(rank as u64), status, note)
                }
            };
            ReproductionItem {
                section: "Footnote 2".into(),
                item: format!("collocate {named}: rank"),
                published: Value::from("listed"),
                computed: computed_value,
                status,
                note,
                stated_in: Vec::new(),
            }
        })
        .collect()
}

/// Each published cluster's size beside the size of the computed cluster that shares most
/// of its top words (stemmed as the corpus is). Pairs are matched greedily, most shared words
/// first (ties: lower numbers first), each computed cluster at most once.
fn cluster_items(published: &[PublishedCluster], computed: &Computed<'_>) -> Vec<ReproductionItem> {
    let Some(clusters) = computed.clusters else {
        return published
            .iter()
            .map(|p| ReproductionItem {
                section: "Table 5".into(),
                item: format!("cluster {}: size", p.id),
                published: Value::from(p.size),
                computed: Value::Null,
                status: Status::NotComparable,
                note: "no clusters are configured".into(),
                stated_in: Vec::new(),
            })
            .collect();
    };
    let stem = |w: &str| computed.stem.map_or(w.to_string(), |stem| stem(w));
    let mut pairs: Vec<(usize, usize, usize)> = Vec::new();
    for (p, cluster) in published.iter().enumerate() {
        let words: Vec<String> = cluster.top_words.iter().map(|w| stem(w)).collect();
        for (c, ours) in clusters.clusters.iter().enumerate() {
            let shared = words.iter().filter(|w| ours.top_words.contains(w)).count();
            pairs.push((shared, p, c));
        }
    }
    pairs.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)).then(a.2.cmp(&b.2)));
    let mut matched: Vec<Option<(usize, usize)>> = vec![None; published.len()];
    let mut taken = vec![false; clusters.clusters.len()];
    for (shared, p, c) in pairs {
        if shared > 0 && matched[p].is_none() && !taken[c] {
            matched[p] = Some((c, shared));
            taken[c] = true;
        }
    }
    published
        .iter()
        .zip(matched)
        .map(|(p, found)| {
            let (computed_value, status, note) = match found {
                None => (
                    Value::Null,
                    Status::NotComparable,
                    "no computed cluster shares a top word".to_string(),
                ),
                Some((c, shared)) => {
                    let ours = &clusters.clusters[c];
                    let most = 2 * shared > p.top_words.len();
                    let status =
                        cluster_status(p.size, ours.size as u64, shared, p.top_words.len());
                    let note = format!(
                        "computed cluster {}, sharing {shared} of {} top words{}",
                        ours.id,
                        p.top_words.len(),
                        if most { "" } else { " (not more than half)" }
                    );
                    (Value::from(ours.size as u64), status, note)
                }
            };
            ReproductionItem {
                section: "Table 5".into(),
                item: format!(
                    "cluster {} ({}): size",
                    p.id,
                    p.top_words[..3.min(p.top_words.len())].join(", ")
                ),
                published: Value::from(p.size),
                computed: computed_value,
                status,
                note,
                stated_in: Vec::new(),
            }
        })
        .collect()
}

/// [`CLUSTER_RULE`]: a match when the sizes are equal and more than half of the published
/// top words are shared.
fn cluster_status(published: u64, computed: u64, shared: usize, words: usize) -> Status {
    if published == computed && 2 * shared > words {
        Status::Match
    } else {
        Status::Differs
    }
}

/// The share of the first topic among the most-viewed videos, and the fastest videos' dates
/// and views.
fn video_items(
    facts: &crate::load::published::TextFacts,
    videos: Option<&VideosReport>,
) -> Vec<ReproductionItem> {
    let mut items = Vec::new();
    let item =
        |item: String, published: Value, computed: Value, same: Option<bool>, note: String| {
            let status = match same {
                None => Status::NotComparable,
                Some(true) => Status::Match,
                Some(false) => Status::Differs,
            };
            ReproductionItem {
                section: "Videos".into(),
                item,
                published,
                computed,
                status,
                note,
                stated_in: Vec::new(),
            }
        };
    if let Some(share) = facts.topic_share {
        let first = videos.and_then(|v| v.topics.first().filter(|t| t.topic != "other"));
        items.push(match first {
            Some(topic) => item(
                "share of the first topic among the most-viewed videos (%)".into(),
                Value::from(share),
                Value::from(topic.share),
                Some(topic.share.round() == share.round()),
                format!(
                    "topic \"{}\": {} of the top videos",
                    topic.topic, topic.videos
                ),
            ),
            None => item(
                "share of the first topic among the most-viewed videos (%)".into(),
                Value::from(share),
                Value::Null,
                None,
                "no videos or no topic rules are configured".into(),
            ),
        });
    }
    let fastest = videos.and_then(|v| v.velocity.as_ref()).map(|v| &v.fastest);
    for (rank, date, views) in &facts.top_videos {
        let found = fastest.and_then(|f| f.get(rank - 1));
        let computed_date = found.map(|f| f.published_at.date_naive().to_string());
        items.push(item(
            format!("video {rank} by speed of likes: date"),
            Value::from(date.clone()),
            computed_date.clone().map_or(Value::Null, Value::from),
            computed_date.as_ref().map(|d| d == date),
            found.map_or("no like velocity is computed".into(), |f| f.title.clone()),
        ));
        if let Some(views) = views {
            let computed = found.and_then(|f| f.views);
            items.push(item(
                format!("video {rank} by speed of likes: views"),
                Value::from(*views),
                computed.map_or(Value::Null, Value::from),
                found.map(|_| computed == Some(*views)),
                String::new(),
            ));
        }
    }
    items
}

/// A published term's rank, count and support beside the computed ones. The published term
/// is stemmed as the corpus was, so "people" meets the stem "peopl".
fn term_items(
    section: &str,
    published: &[PublishedTerm],
    n: usize,
    computed: &Computed<'_>,
) -> Vec<ReproductionItem> {
    let mut items = Vec::new();
    for (index, term) in published.iter().enumerate() {
        let stem = computed.stem.map(|stem| stem(&term.term));
        let found = computed.text.zip(stem.as_deref()).and_then(|(text, stem)| {
            let list: Vec<(&str, u64, u64)> = if n == 1 {
                text.terms
                    .iter()
                    .map(|t| (t.term.as_str(), t.count, t.support))
                    .collect()
            } else {
                let (_, list) = text.ngrams.0.iter().find(|(size, _)| *size == n)?;
                list.iter()
                    .map(|t| (t.term.as_str(), t.count, t.support))
                    .collect()
            };
            list.iter()
                .position(|(t, _, _)| *t == stem)
                .map(|rank| (rank + 1, list[rank].1, list[rank].2))
        });
        let form = computed.text.zip(stem.as_deref()).and_then(|(text, stem)| {
            if n == 1 {
                let t = text.terms.iter().find(|t| t.term == stem)?;
                Some(t.form.clone())
            } else {
                let (_, list) = text.ngrams.0.iter().find(|(size, _)| *size == n)?;
                Some(list.iter().find(|t| t.term == stem)?.form.clone())
            }
        });
        let shown = match (stem.as_deref(), form.as_deref()) {
            (Some(stem), Some(form)) if !form.is_empty() && form != stem => {
                format!("{form} ({stem})")
            }
            (Some(stem), _) if stem != term.term => format!("{} ({stem})", term.term),
            _ => term.term.clone(),
        };
        let published_values = [(index + 1) as u64, term.count, term.support];
        for (what, position) in [("rank", 0), ("count", 1), ("support", 2)] {
            let (computed_value, status, note) = match found {
                None => (
                    Value::Null,
                    Status::NotComparable,
                    "the corpus does not have this term (or not in two documents)",
                ),
                Some((rank, count, support)) => {
                    let value = [rank as u64, count, support][position];
                    let status = if value == published_values[position] {
                        Status::Match
                    } else {
                        Status::Differs
                    };
                    (Value::from(value), status, "")
                }
            };
            items.push(ReproductionItem {
                section: section.to_string(),
                item: format!("{shown}: {what}"),
                published: Value::from(published_values[position]),
                computed: computed_value,
                status,
                note: note.to_string(),
                stated_in: Vec::new(),
            });
        }
    }
    items
}

fn account_item(published: &Account, computed: Option<&[Account]>) -> ReproductionItem {
    let item = format!(
        "{}, {} {}",
        published.organization, published.platform, published.metric
    );
    let found = computed.and_then(|accounts| {
        accounts.iter().find(|a| {
            a.organization == published.organization
                && a.platform == published.platform
                && a.metric == published.metric
        })
    });
    let (computed_value, status, note) = match found {
        None => (
            Value::Null,
            Status::NotComparable,
            "the accounts input has no such figure",
        ),
        Some(a) if a.value == published.value => (a.value.into(), Status::Match, ""),
        Some(a) => (a.value.into(), Status::Differs, ""),
    };
    ReproductionItem {
        section: "Table 1".into(),
        item,
        published: published.value.into(),
        computed: computed_value,
        status,
        note: note.into(),
        stated_in: Vec::new(),
    }
}

fn claim_item(claim: &Claim, ratios: &[Ratio]) -> ReproductionItem {
    let decimals = claim.printed.split_once('.').map_or(0, |(_, d)| d.len());
    let ratio = ratios.iter().find(|r| r.label == claim.claim);
    let (computed, status, note) = match ratio.and_then(|r| r.value) {
        None if ratio.is_none() => (
            Value::Null,
            Status::NotComparable,
            "no ratio of this label is configured (accounts.ratios)".to_string(),
        ),
        None => (
            Value::Null,
            Status::NotComparable,
            "a figure of the ratio is not published".to_string(),
        ),
        Some(value) => {
            let scale = 10f64.powi(decimals as i32);
            let same = (value * scale).round() == (claim.value * scale).round();
            let ratio = ratio.expect("a value comes from a ratio");
            let note = format!(
                "{} / {} = {:.*}",
                ratio.numerator.value.unwrap_or_default(),
                ratio.denominator.value.unwrap_or_default(),
                decimals.max(2),
                value
            );
            let status = if same { Status::Match } else { Status::Differs };
            (Value::from(value), status, note)
        }
    };
    ReproductionItem {
        section: "Text".into(),
        item: claim.claim.clone(),
        published: Value::from(claim.value),
        computed,
        status,
        note,
        stated_in: Vec::new(),
    }
}

fn protest_items(
    published: &ProtestTable,
    computed: Option<&ProtestTable>,
) -> Vec<ReproductionItem> {
    let contradictions = consistency(published);
    let mut items = Vec::new();
    for (form, cells) in &published.rows {
        for (&year, cell) in published.years.iter().zip(cells) {
            let theirs = computed.and_then(|t| t.cell(*form, year));
            let contradiction = contradictions
                .iter()
                .find(|c| c.year == year && c.total == *form);
            let (status, note) = match (theirs, contradiction) {
                (None, _) => (
                    Status::NotComparable,
                    "no events of that year in the events input".to_string(),
                ),
                (Some(_), Some(c)) => (
                    Status::NotComparable,
                    format!("the published table contradicts itself: {}", c.message),
                ),
                (Some(t), None) if t == *cell => (Status::Match, String::new()),
                (Some(_), None) => (Status::Differs, String::new()),
            };
            items.push(ReproductionItem {
                section: "Table 2".into(),
                item: format!("{form}, {year}"),
                published: cell_value(*cell),
                computed: theirs.map_or(Value::Null, cell_value),
                status,
                note,
                stated_in: Vec::new(),
            });
        }
    }
    items
}

fn cell_value(cell: Cell) -> Value {
    if cell.at_least {
        Value::from(cell.to_string())
    } else {
        Value::from(cell.count)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::media::ratios::RatioTerm;
    use crate::model::events::RowId;

    fn ratio(label: &str, n: u64, d: u64) -> Ratio {
        let side = |value| RatioTerm {
            organization: String::new(),
            platform: String::new(),
            metric: String::new(),
            value: Some(value),
        };
        Ratio {
            label: label.into(),
            numerator: side(n),
            denominator: side(d),
            value: Some(n as f64 / d as f64),
        }
    }

    fn claim(name: &str, printed: &str) -> Claim {
        Claim {
            claim: name.into(),
            value: printed.parse().unwrap(),
            printed: printed.into(),
        }
    }

    #[test]
    fn the_138_claim_differs_and_the_63_claim_matches() {
        let ratios = [
            ratio("vs Nur Otan", 276_000, 2200),
            ratio("vs Ak Orda", 276_000, 4380),
        ];
        let a = claim_item(&claim("vs Nur Otan", "138"), &ratios);
        assert_eq!(a.status, Status::Differs);
        assert_eq!(a.note, "276000 / 2200 = 125.45");
        let b = claim_item(&claim("vs Ak Orda", "63"), &ratios);
        assert_eq!(b.status, Status::Match);
        let c = claim_item(&claim("vs Ak Orda", "63.1"), &ratios);
        assert_eq!(c.status, Status::Differs, "63.01 does not round to 63.1");
        let d = claim_item(&claim("unknown", "1"), &ratios);
        assert_eq!(d.status, Status::NotComparable);
    }

    fn correlation(a: &str, b: &str, printed: &str) -> PublishedCorrelation {
        PublishedCorrelation {
            pair: (a.into(), b.into()),
            printed: printed.into(),
            value: printed.parse().unwrap(),
        }
    }

    /// Each published pair finds its own r whatever the order of the facts: the second fact
    /// is the first pair of the map, and a pair missing from the map has no corpus behind it.
    #[test]
    fn published_correlations_are_matched_by_pair() {
        let published = [
            correlation("nazarbayev", "billion", "0.31"),
            correlation("akorda", "decree", "0.5"),
            correlation("tokayev", "reform", "0.2"),
            correlation("unknown", "word", "0.1"),
        ];
        let pairs = PairCorrelations::from([
            (("akorda".into(), "decree".into()), Some(0.46)),
            (("nazarbayev".into(), "billion".into()), Some(0.3149)),
            (("tokayev".into(), "reform".into()), Some(0.25)),
            (("unknown".into(), "word".into()), None),
        ]);
        let computed = Computed {
            accounts: None,
            ratios: &[],
            events: None,
            text: None,
            stem: None,
            pair_correlations: &pairs,
            clusters: None,
            videos: None,
        };
        let items = association_items(&published, &computed);
        let found: Vec<(Status, &Value)> = items.iter().map(|i| (i.status, &i.computed)).collect();
        assert_eq!(found[0], (Status::Match, &Value::from(0.3149)));
        assert_eq!(
            found[1],
            (Status::Match, &Value::from(0.46)),
            "0.46 rounds to 0.5"
        );
        assert_eq!(
            found[2],
            (Status::Differs, &Value::from(0.25)),
            "0.25 rounds to 0.3"
        );
        assert_eq!(found[3], (Status::NotComparable, &Value::Null));
        let none = PairCorrelations::new();
        let alone = association_items(
            &published[..1],
            &Computed {
                pair_correlations: &none,
                ..computed
            },
        );
        assert_eq!(alone[0].note, "no corpus was analysed");
    }

    #[test]
    fn a_self_contradicting_published_total_is_not_comparable() {
        let cells = |v: &[&str]| {
            v.iter()
                .map(|t| Cell::parse(t).unwrap())
                .collect::<Vec<_>>()
        };
        let published = ProtestTable {
            years: vec![2019],
            rows: vec![
                (RowId::StrikesTotal, cells(&["2"])),
                (RowId::StrikesUnder100, cells(&["2"])),
                (RowId::StrikesOver100, cells(&["1"])),
                (RowId::ProtestsTotal, cells(&[">18"])),
            ],
        };
        let computed = ProtestTable {
            years: vec![2019],
            rows: vec![
                (RowId::StrikesTotal, cells(&["3"])),
                (RowId::StrikesUnder100, cells(&["2"])),
                (RowId::StrikesOver100, cells(&["1"])),
                (RowId::ProtestsTotal, cells(&["18"])),
            ],
        };
        let items = protest_items(&published, Some(&computed));
        let statuses: Vec<Status> = items.iter().map(|i| i.status).collect();
        assert_eq!(
            statuses,
            [
                Status::NotComparable,
                Status::Match,
                Status::Match,
                Status::Differs
            ]
        );
        assert_eq!(items[0].published, Value::from(2));
        assert_eq!(items[0].computed, Value::from(3));
        assert_eq!(items[3].published, Value::from(">18"));
    }

    fn item(
        section: &str,
        name: &str,
        published: f64,
        computed: f64,
        status: Status,
    ) -> ReproductionItem {
        ReproductionItem {
            section: section.into(),
            item: name.into(),
            published: Value::from(published),
            computed: Value::from(computed),
            status,
            note: String::new(),
            stated_in: Vec::new(),
        }
    }

    /// A claim restating a published figure is merged into it; the others are kept; all are
    /// put in the paper's order and counted by table, with a row of totals.
    #[test]
    fn claims_are_listed_once_in_the_papers_order_and_counted() {
        let mut items = vec![
            item("Table 3", "will: rank", 3.0, 3.0, Status::Match),
            item("Text", "vs Nur Otan", 138.0, 125.45, Status::Differs),
            item(
                "Table 1",
                "Nur Otan, youtube subscribers",
                2200.0,
                2200.0,
                Status::Match,
            ),
            item(
                "Table 2",
                "Strikes total, 2019",
                2.0,
                3.0,
                Status::NotComparable,
            ),
        ];
        let claims = vec![
            item(
                CLAIMS_SECTION,
                "Leader vs ruling party",
                138.0,
                125.45,
                Status::Differs,
            ),
            item(CLAIMS_SECTION, "Share", 57.0, 57.14, Status::Match),
        ];
        add_claims(&mut items, claims);
        let sections: Vec<&str> = items.iter().map(|i| i.section.as_str()).collect();
        assert_eq!(
            sections,
            ["Table 1", "Table 2", "Table 3", "Text", CLAIMS_SECTION]
        );
        assert_eq!(items[3].stated_in, ["Leader vs ruling party"]);
        assert!(
            items[3].note.contains("Leader vs ruling party"),
            "{}",
            items[3].note
        );
        assert_eq!(items[4].item, "Share");
        let rows = summary(&items);
        let counts: Vec<(&str, usize, usize, usize, usize)> = rows
            .iter()
            .map(|r| {
                (
                    r.section.as_str(),
                    r.items,
                    r.matched,
                    r.differs,
                    r.not_comparable,
                )
            })
            .collect();
        assert_eq!(
            counts,
            [
                ("Table 1", 1, 1, 0, 0),
                ("Table 2", 1, 0, 0, 1),
                ("Table 3", 1, 1, 0, 0),
                ("Text", 1, 0, 1, 0),
                (CLAIMS_SECTION, 1, 1, 0, 0),
                ("All", 5, 3, 1, 1),
            ]
        );
        assert!(summary(&[]).is_empty());
    }

    /// A cluster of the published size matches only when more than half of its top words are
    /// shared: 6 of 10 matches, 5 of 10 or 2 of 10 differs, and a wrong size differs whatever
    /// is shared.
    #[test]
    fn a_cluster_matches_on_size_and_most_of_its_top_words() {
        assert_eq!(cluster_status(45, 45, 6, 10), Status::Match);
        assert_eq!(cluster_status(45, 45, 5, 10), Status::Differs);
        assert_eq!(cluster_status(45, 45, 2, 10), Status::Differs);
        assert_eq!(cluster_status(23, 23, 5, 9), Status::Match);
        assert_eq!(cluster_status(61, 72, 10, 10), Status::Differs);
        assert!(CLUSTER_RULE.contains("more than half"));
    }
}
