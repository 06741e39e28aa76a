//! `mobilize diff`: what a data update changed, section by section, from two `report.json`.
//!
//! It reads only the two reports (built sites or the files themselves), read back into the
//! typed [`Report`], so any two builds can be compared, on any machine, and a report that is
//! not one mobilize writes is refused rather than read as "no change". Numbers are compared
//! exactly and shown as the pages show them (`2,200`, `125.45454545454544`). Reproduction items
//! whose status changed come first: a published figure that used to match and now differs is
//! the first thing a reader should see. Clusters are matched across the two runs by the
//! overlap of their posts, so a renumbering is not reported as a change.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use serde_json::Value;

use crate::cluster::stability::{DISSOLVED_AT, RECOVERED_ABOVE};
use crate::cluster::Assignment;
use crate::error::{Error, Result};
use crate::escape::markdown as escape;
use crate::format;
use crate::load::InputSummary;
use crate::model::events::RowId;
use crate::protests::CodedEvent;
use crate::report::{names, Report};
use crate::text::terms::{NgramStat, TermStat};
use crate::text::CorpusStats;

/// One section of the change report: its title and its lines (empty: no change).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Changes {
    /// The section's heading in the Markdown (`Reproduction`, `Inputs`, ..., `Narrative`).
    pub title: String,
    /// One Markdown list item per change, data text escaped and without the leading `- `; empty
    /// when nothing changed (`No change.`).
    pub lines: Vec<String>,
}

/// Reads `report.json` from a site folder or a file. A report of another schema, or one
/// whose fields are not those mobilize writes, is refused with the field where it differs.
pub fn read_report(path: &Path) -> Result<Report> {
    let file = if path.is_dir() {
        path.join("report.json")
    } else {
        path.to_path_buf()
    };
    let text = crate::read::text(&file)?;
    let mut report = Report::from_json(&text).map_err(|problem| {
        let why = if problem.starts_with("found schema") {
            "this version of mobilize cannot compare it"
        } else {
            "this is not a report.json as mobilize writes it"
        };
        Error::Refused(format!("{}: {problem}; {why}", file.display()))
    })?;
    let folder = file.parent().filter(|p| !p.as_os_str().is_empty());
    report.data_folder = Some(folder.unwrap_or(Path::new(".")).to_path_buf());
    Ok(report)
}

/// Every section's changes, in the report's order. The lists that grow with the corpus are
/// read from the data files of a report read from a site (each checked against its sha256),
/// a row at a time, and from memory for a report just analysed; a data file that is missing,
/// changed or unreadable is an error.
pub fn diff(old: &Report, new: &Report) -> Result<Vec<Changes>> {
    let section = |title: &str, lines: Vec<String>| Changes {
        title: title.to_string(),
        lines,
    };
    Ok(vec![
        section("Reproduction", reproduction(old, new)),
        section("Inputs", inputs(old, new)),
        section("Corpus", corpus(old, new)),
        section("Terms", terms(old, new)?),
        section("N-grams", ngrams(old, new)?),
        section("Associations", associations(old, new)),
        section("Keyness", keyness(old, new)),
        section("Clusters", clusters(old, new)?),
        section("Events", events(old, new)),
        section("Accounts and ratios", accounts(old, new)),
        section("Videos", videos(old, new)),
        section("Views", views(old, new)),
        section("Timeline", timeline(old, new)),
        section("Narrative", narrative(old, new)),
    ])
}

/// Whether anything changed.
pub fn changed(changes: &[Changes]) -> bool {
    changes.iter().any(|c| !c.lines.is_empty())
}

/// The change report as Markdown (data text escaped).
pub fn markdown(old_name: &str, new_name: &str, changes: &[Changes]) -> String {
    let mut out = format!(
        "# Changes from {} to {}\n\n",
        escape(old_name),
        escape(new_name)
    );
    if !changed(changes) {
        out.push_str("Nothing changed.\n");
        return out;
    }
    for c in changes {
        out.push_str(&format!("## {}\n\n", c.title));
        if c.lines.is_empty() {
            out.push_str("No change.\n\n");
        } else {
            for line in &c.lines {
                out.push_str(&format!("- {line}\n"));
            }
            out.push('\n');
        }
    }
    out
}

/// A figure of the report: a count or a real number.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Figure {
    Count(u64),
    Real(f64),
}

impl Figure {
    fn shown(self) -> String {
        match self {
            Figure::Count(n) => format::thousands(n),
            Figure::Real(x) => format::exact(x),
        }
    }

    fn real(self) -> f64 {
        match self {
            Figure::Count(n) => n as f64,
            Figure::Real(x) => x,
        }
    }
}

fn count(n: usize) -> Option<Figure> {
    Some(Figure::Count(n as u64))
}

fn shown(figure: Option<Figure>) -> String {
    figure.map_or("none".to_string(), Figure::shown)
}

/// `label: old → new (+x.x%)`, when the figure changed.
fn figure_change(label: &str, old: Option<Figure>, new: Option<Figure>) -> Option<String> {
    (old != new).then(|| {
        let relative = match (old, new) {
            (Some(a), Some(b)) if a.real() != 0.0 => {
                format!(" ({:+.1}%)", 100.0 * (b.real() - a.real()) / a.real())
            }
            _ => String::new(),
        };
        format!("{label}: {} → {}{relative}", shown(old), shown(new))
    })
}

/// A published or computed value of the reproduction panel, as the diff shows it.
fn value_text(value: &Value) -> String {
    match value {
        Value::String(s) => escape(s),
        Value::Null => "none".into(),
        Value::Number(n) => match n.as_u64() {
            Some(whole) => format::thousands(whole),
            None => n.as_f64().map_or_else(|| n.to_string(), format::exact),
        },
        other => escape(&other.to_string()),
    }
}

fn reproduction(old: &Report, new: &Report) -> Vec<String> {
    let key = |section: &str, item: &str| format!("{section} · {item}");
    let before: BTreeMap<String, _> = old
        .reproduction
        .iter()
        .map(|i| (key(&i.section, &i.item), i))
        .collect();
    let mut lines = Vec::new();
    for item in &new.reproduction {
        let name = key(&item.section, &item.item);
        match before.get(&name) {
            Some(was) if was.status != item.status => lines.push(format!(
                "**{}**: {} → {} (computed {} → {})",
                escape(&name),
                was.status.as_str(),
                item.status.as_str(),
                value_text(&was.computed),
                value_text(&item.computed)
            )),
            None => lines.push(format!("{}: new, {}", escape(&name), item.status.as_str())),
            _ => {}
        }
    }
    // A published figure that used to match and now differs comes first.
    lines.sort_by_key(|l| !l.contains("match → differs"));
    lines
}

fn inputs(old: &Report, new: &Report) -> Vec<String> {
    fn by_name(r: &Report) -> BTreeMap<&'static str, &InputSummary> {
        r.inputs.iter().map(|i| (i.kind.as_str(), i)).collect()
    }
    let (a, b) = (by_name(old), by_name(new));
    let mut lines = Vec::new();
    for (name, input) in &b {
        let Some(was) = a.get(name) else {
            lines.push(format!("{name}: added ({})", escape(&input.path)));
            continue;
        };
        if was.sha256 != input.sha256 {
            lines.push(format!("{name} sha256: {} → {}", was.sha256, input.sha256));
        }
        for (field, x, y) in [
            ("rows", was.rows, input.rows),
            ("rejected", was.rejected, input.rejected),
        ] {
            lines.extend(figure_change(
                &format!("{name} {field}"),
                count(x),
                count(y),
            ));
        }
    }
    for name in a.keys().filter(|n| !b.contains_key(*n)) {
        lines.push(format!("{name}: removed"));
    }
    lines
}

fn corpus(old: &Report, new: &Report) -> Vec<String> {
    fn stats(r: &Report) -> Option<&CorpusStats> {
        r.text.as_ref().map(|t| &t.corpus)
    }
    let (a, b) = (stats(old), stats(new));
    let field = |r: Option<&CorpusStats>, which: usize| {
        r.map(|c| match which {
            0 => Figure::Count(c.documents as u64),
            1 => Figure::Count(c.tokens),
            _ => Figure::Count(c.vocabulary as u64),
        })
    };
    ["documents", "tokens", "vocabulary"]
        .iter()
        .enumerate()
        .filter_map(|(i, name)| figure_change(name, field(a, i), field(b, i)))
        .collect()
}

/// A ranked entry: term, count, support.
type Ranked = (String, u64, u64);

/// The number of rows the newer report ranks (the older one's, when the newer has no text).
fn top(old: &Report, new: &Report) -> Option<usize> {
    (new.text.as_ref())
        .or(old.text.as_ref())
        .map(|t| t.text_settings.top)
}

/// The first `n` rows of the ranked list `name` (`terms`, `ngrams-2`): from memory for a
/// report just analysed (`in_memory`), else from its data file, of which only those rows are
/// parsed; none when the report has no such list (`listed` is false).
fn first_rows<T: serde::de::DeserializeOwned>(
    report: &Report,
    name: &str,
    listed: bool,
    n: usize,
    in_memory: impl FnOnce() -> Vec<T>,
) -> Result<Vec<T>> {
    let Some(folder) = report.data_folder.as_deref().filter(|_| listed) else {
        let mut rows = if listed { in_memory() } else { Vec::new() };
        rows.truncate(n);
        return Ok(rows);
    };
    let file = data_file(report, folder, name)?;
    crate::datafile::Rows::open(folder, file)?.take(n).collect()
}

/// The listing of data file `name` in a report read from `folder`.
fn data_file<'r>(
    report: &'r Report,
    folder: &Path,
    name: &str,
) -> Result<&'r crate::datafile::DataFile> {
    report.data_file(name).ok_or_else(|| {
        Error::Refused(format!(
            "{}: report.json lists no data file {name}, expected one for its section",
            folder.display()
        ))
    })
}

fn terms(old: &Report, new: &Report) -> Result<Vec<String>> {
    let Some(n) = top(old, new) else {
        return Ok(Vec::new());
    };
    let list = |r: &Report| -> Result<Vec<Ranked>> {
        let rows: Vec<TermStat> = first_rows(r, names::TERMS, r.text.is_some(), n, || {
            r.text
                .iter()
                .flat_map(|t| t.terms.iter().take(n).cloned())
                .collect()
        })?;
        Ok(rows
            .into_iter()
            .map(|t| (t.term, t.count, t.support))
            .collect())
    };
    Ok(ranked(&list(old)?, &list(new)?, n))
}

fn ngrams(old: &Report, new: &Report) -> Result<Vec<String>> {
    let Some(n) = top(old, new) else {
        return Ok(Vec::new());
    };
    let sizes_of = |r: &Report| -> Vec<usize> {
        let lists = r.text.iter().flat_map(|t| &t.ngrams.0);
        lists.map(|(size, _)| *size).collect()
    };
    let list = |r: &Report, size: usize| -> Result<Vec<Ranked>> {
        let listed = sizes_of(r).contains(&size);
        let in_memory = || {
            let lists = r.text.iter().flat_map(|t| &t.ngrams.0);
            let list = lists
                .filter(|(s, _)| *s == size)
                .flat_map(|(_, l)| l.iter().take(n));
            list.cloned().collect()
        };
        let rows: Vec<NgramStat> = first_rows(r, &names::ngrams(size), listed, n, in_memory)?;
        Ok(rows
            .into_iter()
            .map(|g| (g.term, g.count, g.support))
            .collect())
    };
    let sizes: BTreeSet<usize> = sizes_of(old).into_iter().chain(sizes_of(new)).collect();
    let mut lines = Vec::new();
    for size in sizes {
        let changed = ranked(&list(old, size)?, &list(new, size)?, n);
        lines.extend(changed.into_iter().map(|l| format!("{size}-word: {l}")));
    }
    Ok(lines)
}

/// Entries entering and leaving the top `n`, rank moves, and count and support changes.
fn ranked(old: &[Ranked], new: &[Ranked], n: usize) -> Vec<String> {
    let (a, b) = (&old[..n.min(old.len())], &new[..n.min(new.len())]);
    let rank = |list: &[Ranked], term: &str| list.iter().position(|t| t.0 == term);
    let mut lines = Vec::new();
    for (i, (term, count, support)) in b.iter().enumerate() {
        let (term, count, support) = (term.as_str(), *count, *support);
        let Some(j) = rank(a, term) else {
            lines.push(format!(
                "{} enters the top {n} at {} (count {}, support {})",
                escape(term),
                i + 1,
                format::thousands(count),
                format::thousands(support)
            ));
            continue;
        };
        if i != j {
            lines.push(format!("{}: rank {} → {}", escape(term), j + 1, i + 1));
        }
        let (_, c0, s0) = &a[j];
        let (c0, s0) = (*c0, *s0);
        for (what, was, now) in [("count", c0, count), ("support", s0, support)] {
            let label = format!("{} {what}", escape(term));
            lines.extend(figure_change(
                &label,
                Some(Figure::Count(was)),
                Some(Figure::Count(now)),
            ));
        }
    }
    for (term, _, _) in a.iter().filter(|t| rank(b, &t.0).is_none()) {
        lines.push(format!("{} leaves the top {n}", escape(term)));
    }
    lines
}

fn associations(old: &Report, new: &Report) -> Vec<String> {
    let pairs = |r: &Report| -> BTreeMap<(String, String), f64> {
        let targets = r.text.iter().flat_map(|t| t.associations.iter().flatten());
        targets
            .flat_map(|a| {
                let pair = |x: &crate::text::associations::Related| {
                    ((a.term.clone(), x.term.clone()), x.r)
                };
                a.related.iter().map(pair)
            })
            .collect()
    };
    let (a, b) = (pairs(old), pairs(new));
    let r = |x: f64| format::exact(x);
    let mut lines = Vec::new();
    for ((t, u), now) in &b {
        match a.get(&(t.clone(), u.clone())) {
            None => lines.push(format!(
                "{} ~ {} appears (r = {})",
                escape(t),
                escape(u),
                r(*now)
            )),
            Some(was) if (was - now).abs() > 0.01 => lines.push(format!(
                "{} ~ {}: r {} → {}",
                escape(t),
                escape(u),
                r(*was),
                r(*now)
            )),
            _ => {}
        }
    }
    for (t, u) in a.keys().filter(|k| !b.contains_key(*k)) {
        lines.push(format!("{} ~ {} disappears", escape(t), escape(u)));
    }
    lines
}

/// Each keyness table's top terms on each side (target, reference), by table name.
fn keyness_sides(report: &Report) -> BTreeMap<&str, [BTreeSet<&str>; 2]> {
    let tables = report.keyness.iter().flatten();
    tables
        .map(|t| {
            let side = |positive: bool| {
                let terms = t.terms.iter().filter(|k| (k.statistic > 0.0) == positive);
                terms.map(|k| k.term.as_str()).collect()
            };
            (t.name.as_str(), [side(true), side(false)])
        })
        .collect()
}

/// Keyness tables that appear or disappear, and terms that enter or leave the top of a side.
fn keyness(old: &Report, new: &Report) -> Vec<String> {
    let (a, b) = (keyness_sides(old), keyness_sides(new));
    let mut lines = Vec::new();
    for name in a.keys().filter(|k| !b.contains_key(*k)) {
        lines.push(format!("the keyness table {} disappears", escape(name)));
    }
    for (name, now) in &b {
        let Some(was) = a.get(name) else {
            lines.push(format!("the keyness table {} appears", escape(name)));
            continue;
        };
        for (side, (was, now)) in ["target", "reference"].iter().zip(was.iter().zip(now)) {
            for term in now.difference(was) {
                lines.push(format!(
                    "{}: {} enters the top terms of the {side} side",
                    escape(name),
                    escape(term)
                ));
            }
            for term in was.difference(now) {
                lines.push(format!(
                    "{}: {} leaves the top terms of the {side} side",
                    escape(name),
                    escape(term)
                ));
            }
        }
    }
    lines
}

/// The top words of cluster `id`.
fn top_words(report: &Report, id: usize) -> BTreeSet<&str> {
    let clusters = report.clusters.iter().flat_map(|c| &c.clusters);
    let cluster = clusters.into_iter().find(|c| c.id == id);
    cluster
        .into_iter()
        .flat_map(|c| c.top_words.iter().map(String::as_str))
        .collect()
}

/// How the posts of two runs fall into their clusters: each cluster's posts, and, over the
/// posts present in both runs, the posts each pair of clusters shares. Made in one pass over
/// both runs' assignments in post-id order, so that its memory is that of the clusters, not
/// of the posts.
#[derive(Debug, Default, PartialEq)]
struct Crossing {
    /// Posts of each cluster of the older run, by its number.
    old_sizes: BTreeMap<usize, usize>,
    /// Posts of each cluster of the newer run, by its number.
    new_sizes: BTreeMap<usize, usize>,
    /// Posts present in both runs, by (older cluster, newer cluster).
    shared: BTreeMap<(usize, usize), usize>,
    /// Posts present in both runs, by older cluster.
    old_in_both: BTreeMap<usize, usize>,
    /// Posts present in both runs, by newer cluster.
    new_in_both: BTreeMap<usize, usize>,
}

/// A post and its cluster, in post-id order.
type Assigned = Result<(String, usize)>;

/// A report's assignments in post-id order (then cluster): sorted in memory for a report just
/// analysed, else read a row at a time from its data file, which is refused if out of order.
fn assignments(report: &Report) -> Result<Box<dyn Iterator<Item = Assigned> + '_>> {
    let Some(clusters) = &report.clusters else {
        return Ok(Box::new(std::iter::empty()));
    };
    let Some(folder) = report.data_folder.as_deref() else {
        let mut sorted: Vec<&Assignment> = clusters.assignments.iter().collect();
        sorted.sort_by(|a, b| a.id.cmp(&b.id).then(a.cluster.cmp(&b.cluster)));
        return Ok(Box::new(
            sorted.into_iter().map(|a| Ok((a.id.clone(), a.cluster))),
        ));
    };
    let file = data_file(report, folder, names::ASSIGNMENTS)?;
    let path = folder.join(&file.path);
    let rows = crate::datafile::Rows::<Assignment>::open(folder, file)?;
    let mut last: Option<String> = None;
    Ok(Box::new(rows.enumerate().map(move |(i, row)| {
        let row = row?;
        if last.as_ref().is_some_and(|l| *l > row.id) {
            return Err(Error::Refused(format!(
                "{}: line {}: found the post \"{}\" after \"{}\", expected the rows sorted \
                 by post id",
                path.display(),
                i + 1,
                row.id.escape_debug(),
                last.as_deref().unwrap_or_default().escape_debug()
            )));
        }
        last = Some(row.id.clone());
        Ok((row.id, row.cluster))
    })))
}

/// A run's assignments read post by post: each id with all its clusters (one, but for an id
/// listed twice), holding the row read ahead.
struct Posts<'a> {
    rows: Box<dyn Iterator<Item = Assigned> + 'a>,
    ahead: Option<(String, usize)>,
}

impl Posts<'_> {
    fn next_post(&mut self) -> Result<Option<(String, Vec<usize>)>> {
        let (id, cluster) = match self.ahead.take() {
            Some(row) => row,
            None => match self.rows.next() {
                Some(row) => row?,
                None => return Ok(None),
            },
        };
        let mut clusters = vec![cluster];
        for row in self.rows.by_ref() {
            let (next, cluster) = row?;
            if next != id {
                self.ahead = Some((next, cluster));
                break;
            }
            if !clusters.contains(&cluster) {
                clusters.push(cluster);
            }
        }
        Ok(Some((id, clusters)))
    }
}

/// The crossing of two runs' assignments, merged in post-id order.
fn crossing(old: &Report, new: &Report) -> Result<Crossing> {
    let posts = |report| -> Result<Posts<'_>> {
        Ok(Posts {
            rows: assignments(report)?,
            ahead: None,
        })
    };
    let (mut a, mut b) = (posts(old)?, posts(new)?);
    let mut found = Crossing::default();
    let (mut x, mut y) = (a.next_post()?, b.next_post()?);
    loop {
        let order = match (&x, &y) {
            (None, None) => break,
            (Some(_), None) => std::cmp::Ordering::Less,
            (None, Some(_)) => std::cmp::Ordering::Greater,
            (Some((i, _)), Some((j, _))) => i.cmp(j),
        };
        if order.is_le() {
            for c in &x.as_ref().expect("an older post").1 {
                *found.old_sizes.entry(*c).or_default() += 1;
            }
        }
        if order.is_ge() {
            for c in &y.as_ref().expect("a newer post").1 {
                *found.new_sizes.entry(*c).or_default() += 1;
            }
        }
        if order.is_eq() {
            let (was, is) = (&x.as_ref().expect("both").1, &y.as_ref().expect("both").1);
            for c in was {
                *found.old_in_both.entry(*c).or_default() += 1;
                for d in is {
                    *found.shared.entry((*c, *d)).or_default() += 1;
                }
            }
            for d in is {
                *found.new_in_both.entry(*d).or_default() += 1;
            }
        }
        if order.is_le() {
            x = a.next_post()?;
        }
        if order.is_ge() {
            y = b.next_post()?;
        }
    }
    Ok(found)
}

/// Clusters matched by the Jaccard overlap of their posts (on posts present in both runs).
fn clusters(old: &Report, new: &Report) -> Result<Vec<String>> {
    let crossing = crossing(old, new)?;
    Ok(cluster_lines(old, new, &crossing))
}

/// The lines of [`clusters`], from the crossing of the two runs.
fn cluster_lines(old: &Report, new: &Report, crossing: &Crossing) -> Vec<String> {
    let count = |m: &BTreeMap<usize, usize>, k: usize| m.get(&k).copied().unwrap_or(0);
    let mut lines = Vec::new();
    for (&id, &posts) in &crossing.new_sizes {
        let overlap = |old_id: usize| {
            let shared = crossing.shared.get(&(old_id, id)).copied().unwrap_or(0);
            let x = count(&crossing.old_in_both, old_id);
            let y = count(&crossing.new_in_both, id);
            let union = (x + y - shared).max(1);
            shared as f64 / union as f64
        };
        let best = crossing
            .old_sizes
            .keys()
            .map(|&old_id| (overlap(old_id), old_id))
            .max_by(|p, q| p.0.total_cmp(&q.0).then(q.1.cmp(&p.1)));
        let Some((jaccard, old_id)) = best.filter(|(j, _)| *j > 0.0) else {
            lines.push(format!("cluster {id} is new ({posts} posts)"));
            continue;
        };
        let old_posts = crossing.old_sizes[&old_id];
        let size = posts as i64 - old_posts as i64;
        let (w0, w1) = (top_words(old, old_id), top_words(new, id));
        let gained: Vec<&str> = w1.difference(&w0).copied().collect();
        let lost: Vec<&str> = w0.difference(&w1).copied().collect();
        let crossed = stability_crossed(stability_of(old, old_id), stability_of(new, id));
        if old_id == id && size == 0 && gained.is_empty() && lost.is_empty() && crossed.is_none() {
            continue;
        }
        let renamed = if old_id == id {
            format!("cluster {id}")
        } else {
            format!("cluster {old_id} is now cluster {id}")
        };
        let words = |label: &str, list: &[&str]| {
            if list.is_empty() {
                String::new()
            } else {
                format!("; {label}: {}", escape(&list.join(", ")))
            }
        };
        lines.push(format!(
            "{renamed} (overlap {jaccard:.2}): {size:+} posts ({old_posts} → {posts}){}{}{}",
            words("top words gained", &gained),
            words("lost", &lost),
            crossed.unwrap_or_default(),
        ));
    }
    lines
}

/// The mean Jaccard stability of cluster `id`, when measured.
fn stability_of(report: &Report, id: usize) -> Option<f64> {
    let clusters = report.clusters.iter().flat_map(|c| &c.clusters);
    let cluster = clusters.into_iter().find(|c| c.id == id)?;
    cluster.stability.as_ref().map(|s| s.mean_jaccard)
}

/// `; stability 0.81 → 0.62, below 0.75` when the stability crosses 0.75 or 0.5 (Hennig's
/// stable and dissolved marks) either way; `None` otherwise or when either is unmeasured.
fn stability_crossed(old: Option<f64>, new: Option<f64>) -> Option<String> {
    let (old, new) = (old?, new?);
    let marks = [RECOVERED_ABOVE, DISSOLVED_AT];
    let mut crossed = marks
        .into_iter()
        .filter(|&mark| (old > mark) != (new > mark));
    // The farthest mark passed: 0.5 for a fall through both, 0.75 for a rise through both.
    let crossed = if new < old {
        crossed.next_back()?
    } else {
        crossed.next()?
    };
    let side = if new > crossed {
        "above"
    } else {
        "at or below"
    };
    Some(format!(
        "; stability {old:.2} → {new:.2}, now {side} {crossed}"
    ))
}

fn events(old: &Report, new: &Report) -> Vec<String> {
    let cells = |r: &Report| -> BTreeMap<(RowId, i32), String> {
        let rows = r.events.iter().flat_map(|e| &e.rows);
        rows.map(|c| {
            let at_least = if c.at_least { ">" } else { "" };
            let shown = format!("{at_least}{}", format::thousands(c.count));
            ((c.form, c.year), shown)
        })
        .collect()
    };
    let (a, b) = (cells(old), cells(new));
    let keys: BTreeSet<&(RowId, i32)> = a.keys().chain(b.keys()).collect();
    let mut lines: Vec<String> = keys
        .into_iter()
        .filter_map(|k| {
            let (x, y) = (a.get(k), b.get(k));
            (x != y).then(|| {
                format!(
                    "{}, {}: {} → {}",
                    escape(k.0.as_str()),
                    k.1,
                    x.map_or("none", |s| s),
                    y.map_or("none", |s| s)
                )
            })
        })
        .collect();
    lines.extend(recoded_events(old, new));
    lines
}

/// The fields of a coded event the diff follows, by name, as the diff shows them.
fn coded_fields(e: &CodedEvent) -> [(&'static str, String); 5] {
    [
        ("date", e.date.to_string()),
        ("form", e.form.as_str().to_string()),
        ("size_class", e.size_class.as_str().to_string()),
        ("count", format::thousands(e.count)),
        ("at_least", e.at_least.to_string()),
    ]
}

/// Events followed by id: recoded (date, form, size or count changed), added and removed.
fn recoded_events(old: &Report, new: &Report) -> Vec<String> {
    fn by_id(r: &Report) -> BTreeMap<&str, [(&'static str, String); 5]> {
        let list = r.events.iter().flat_map(|e| &e.list);
        list.map(|e| (e.event_id.as_str(), coded_fields(e)))
            .collect()
    }
    let (a, b) = (by_id(old), by_id(new));
    let coded = |fields: &[(&str, String); 5]| {
        let shown: Vec<String> = fields[..3].iter().map(|(_, v)| escape(v)).collect();
        shown.join(", ")
    };
    let mut recoded = Vec::new();
    let mut added = Vec::new();
    for (id, event) in &b {
        let Some(before) = a.get(id) else {
            added.push(format!("event {} added ({})", escape(id), coded(event)));
            continue;
        };
        let changes: Vec<String> = before
            .iter()
            .zip(event)
            .filter(|(x, y)| x.1 != y.1)
            .map(|((field, x), (_, y))| format!("{field} {} → {}", escape(x), escape(y)))
            .collect();
        if !changes.is_empty() {
            recoded.push(format!(
                "event {} recoded: {}",
                escape(id),
                changes.join(", ")
            ));
        }
    }
    let removed = a
        .iter()
        .filter(|(id, _)| !b.contains_key(*id))
        .map(|(id, e)| format!("event {} removed (was {})", escape(id), coded(e)));
    let mut lines = capped(recoded);
    lines.extend(capped(added));
    lines.extend(capped(removed.collect()));
    lines
}

fn accounts(old: &Report, new: &Report) -> Vec<String> {
    let figures = |r: &Report| -> BTreeMap<String, Option<Figure>> {
        let accounts = r.accounts.iter().flatten().map(|a| {
            let key = format!("{} / {} / {}", a.organization, a.platform, a.metric);
            (key, a.value.map(Figure::Count))
        });
        let ratios = r
            .ratios
            .iter()
            .flatten()
            .map(|x| (format!("ratio {}", x.label), x.value.map(Figure::Real)));
        accounts.chain(ratios).collect()
    };
    changed_figures(&figures(old), &figures(new))
}

/// Figures that changed, appeared or went, by label; a label on one side only reads `none`
/// on the other.
fn changed_figures(
    a: &BTreeMap<String, Option<Figure>>,
    b: &BTreeMap<String, Option<Figure>>,
) -> Vec<String> {
    let keys: BTreeSet<&String> = a.keys().chain(b.keys()).collect();
    let figure = |m: &BTreeMap<String, Option<Figure>>, k: &String| m.get(k).copied().flatten();
    keys.into_iter()
        .filter_map(|k| figure_change(&escape(k), figure(a, k), figure(b, k)))
        .collect()
}

fn videos(old: &Report, new: &Report) -> Vec<String> {
    let shares = |r: &Report| -> BTreeMap<String, Option<Figure>> {
        let topics = r.videos.iter().flat_map(|v| &v.topics);
        topics
            .map(|t| {
                (
                    format!("share of {} (%)", t.topic),
                    Some(Figure::Real(t.share)),
                )
            })
            .collect()
    };
    fn tops(r: &Report) -> BTreeSet<&str> {
        let top = r.videos.iter().flat_map(|v| &v.top);
        top.map(|v| v.video_id.as_str()).collect()
    }
    let mut lines = changed_figures(&shares(old), &shares(new));
    let (a, b) = (tops(old), tops(new));
    lines.extend(
        b.difference(&a)
            .map(|v| format!("video {} enters the most viewed", escape(v))),
    );
    lines.extend(
        a.difference(&b)
            .map(|v| format!("video {} leaves the most viewed", escape(v))),
    );
    lines
}

fn views(old: &Report, new: &Report) -> Vec<String> {
    let peaks = |r: &Report| -> BTreeMap<String, Option<Figure>> {
        let peaks = r.views.iter().flat_map(|v| &v.peaks);
        peaks
            .map(|p| {
                let key = format!("peak {} {}", p.channel, p.period);
                (key, Some(Figure::Count(p.views)))
            })
            .collect()
    };
    changed_figures(&peaks(old), &peaks(new))
}

/// Peaks of posts per period that appear, go, move (a peak gone and one come within the new
/// report's `window_days` of it) or change their posts; and a change of period length.
fn timeline(old: &Report, new: &Report) -> Vec<String> {
    use crate::model::media::Period;
    use crate::timeline::TimelinePeak;
    let (Some(a), Some(b)) = (&old.timeline, &new.timeline) else {
        return match (&old.timeline, &new.timeline) {
            (None, Some(_)) => vec!["the timeline appears".to_string()],
            (Some(_), None) => vec!["the timeline goes".to_string()],
            _ => Vec::new(),
        };
    };
    if a.period != b.period {
        return vec![format!(
            "the timeline's period changes from {:?} to {:?}; its peaks are not compared",
            a.period, b.period
        )
        .to_lowercase()];
    }
    let by_period = |peaks: &[TimelinePeak]| -> BTreeMap<Period, usize> {
        peaks.iter().map(|p| (p.period, p.posts)).collect()
    };
    let (was, is) = (by_period(&a.peaks), by_period(&b.peaks));
    let mut lines = Vec::new();
    for (period, posts) in &was {
        if let Some(now) = is.get(period) {
            let count = |n: usize| Some(Figure::Count(n as u64));
            let label = format!("posts of timeline peak {period}");
            lines.extend(figure_change(&label, count(*posts), count(*now)));
        }
    }
    let mut came: Vec<Period> = is
        .keys()
        .filter(|p| !was.contains_key(p))
        .copied()
        .collect();
    let gap = |x: Period, y: Period| {
        let ((x0, x1), (y0, y1)) = (x.days(), y.days());
        (y0 - x1).num_days().max((x0 - y1).num_days()).max(0)
    };
    for gone in was.keys().filter(|p| !is.contains_key(p)) {
        let nearest = (0..came.len())
            .filter(|&i| gap(*gone, came[i]) <= i64::from(b.window_days))
            .min_by_key(|&i| (gap(*gone, came[i]), came[i]));
        match nearest {
            Some(i) => {
                let to = came.remove(i);
                lines.push(format!("timeline peak moves from {gone} to {to}"));
            }
            None => lines.push(format!("timeline peak {gone} goes")),
        }
    }
    lines.extend(came.iter().map(|p| {
        format!(
            "timeline peak {p} appears ({} posts)",
            format::thousands(is[p] as u64)
        )
    }));
    lines
}

/// Narrative sentences whose figures changed: sentences are matched by their words (every
/// number masked), and a matched pair whose numbers differ is listed with the old and new
/// figures.
fn narrative(old: &Report, new: &Report) -> Vec<String> {
    let by_file = |r: &Report| -> BTreeMap<String, String> {
        let texts = r.narrative.iter();
        texts
            .map(|n| (n.file.clone(), n.markdown.clone()))
            .collect()
    };
    let (a, b) = (by_file(old), by_file(new));
    let mut lines = Vec::new();
    for (file, after) in &b {
        let Some(before) = a.get(file) else { continue };
        let mut earlier: Vec<(String, Vec<String>)> =
            sentences(before).iter().map(|s| masked(s)).collect();
        for sentence in sentences(after) {
            let (words, figures) = masked(&sentence);
            let Some(at) = earlier.iter().position(|(w, _)| *w == words) else {
                continue;
            };
            let (_, was) = earlier.remove(at);
            if was != figures {
                let moved: Vec<String> = was
                    .iter()
                    .zip(&figures)
                    .filter(|(x, y)| x != y)
                    .map(|(x, y)| format!("{x} → {y}"))
                    .collect();
                lines.push(format!(
                    "{}: \"{}\" ({})",
                    escape(file),
                    escape(&sentence),
                    moved.join(", ")
                ));
            }
        }
    }
    capped(lines)
}

/// The sentences of a Markdown text: split at `.`, `!` or `?` before a space or a line end,
/// and at blank lines. A claim's marker (`[(≠ 138 stated)](#claim-...)`) is left out, so a
/// claim that comes to match is the same sentence with another figure.
fn sentences(text: &str) -> Vec<String> {
    let marker = regex::Regex::new(r"\s*\[\(≠ [^\]]*\)\]\(#claim-[^)]*\)")
        .expect("the claim marker pattern is valid");
    let text = marker.replace_all(text, "");
    let mut out = Vec::new();
    for paragraph in text.split("\n\n") {
        let flat = paragraph.split_whitespace().collect::<Vec<_>>().join(" ");
        let mut start = 0;
        let bytes = flat.as_bytes();
        for i in 0..bytes.len() {
            let ends = matches!(bytes[i], b'.' | b'!' | b'?')
                && (i + 1 == bytes.len() || bytes[i + 1] == b' ');
            if ends {
                out.push(flat[start..=i].trim().to_string());
                start = i + 1;
            }
        }
        if !flat[start..].trim().is_empty() {
            out.push(flat[start..].trim().to_string());
        }
    }
    out
}

/// A sentence with each number replaced by `#`, and the numbers in order.
fn masked(sentence: &str) -> (String, Vec<String>) {
    let mut words = String::new();
    let mut figures = Vec::new();
    let mut chars = sentence.char_indices().peekable();
    while let Some((at, c)) = chars.next() {
        if !c.is_ascii_digit() {
            words.push(c);
            continue;
        }
        let mut end = at + c.len_utf8();
        while let Some(&(i, next)) = chars.peek() {
            let inside = next.is_ascii_digit()
                || (matches!(next, ',' | '.')
                    && sentence[i + 1..].starts_with(|d: char| d.is_ascii_digit()));
            if !inside {
                break;
            }
            end = i + next.len_utf8();
            chars.next();
        }
        figures.push(sentence[at..end].to_string());
        words.push('#');
    }
    (words, figures)
}

/// At most 20 lines of one kind, then how many more there are.
fn capped(mut lines: Vec<String>) -> Vec<String> {
    const SHOWN: usize = 20;
    if lines.len() > SHOWN {
        let more = lines.len() - SHOWN;
        lines.truncate(SHOWN);
        lines.push(format!("… and {more} more"));
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cluster::Assignment;

    #[test]
    fn stability_crossing_either_mark_is_said() {
        assert_eq!(
            stability_crossed(Some(0.8), Some(0.7)).as_deref(),
            Some("; stability 0.80 → 0.70, now at or below 0.75")
        );
        assert_eq!(
            stability_crossed(Some(0.55), Some(0.4)).as_deref(),
            Some("; stability 0.55 → 0.40, now at or below 0.5")
        );
        assert_eq!(
            stability_crossed(Some(0.3), Some(0.9)).as_deref(),
            Some("; stability 0.30 → 0.90, now above 0.75")
        );
        assert_eq!(
            stability_crossed(Some(0.8), Some(0.4)).as_deref(),
            Some("; stability 0.80 → 0.40, now at or below 0.5")
        );
        assert_eq!(stability_crossed(Some(0.9), Some(0.8)), None);
        assert_eq!(stability_crossed(None, Some(0.8)), None);
    }
    use crate::model::events::{EventDate, Form, SizeClass};
    use crate::narrative::NarrativeText;
    use crate::reproduce::{ReproductionItem, Status};

    /// The default study's report, as committed: a real report to change field by field.
    fn base() -> Report {
        Report::from_json(include_str!("../site/report.json")).expect("the site's report reads")
    }

    #[test]
    fn a_report_against_itself_has_no_change() {
        let r = base();
        assert!(!changed(&diff(&r, &r).unwrap()));
        assert!(markdown("a", "a", &diff(&r, &r).unwrap()).contains("Nothing changed."));
    }

    #[test]
    fn renumbered_clusters_are_matched_by_their_posts() {
        let with = |assigned: &[(&str, usize)]| {
            let mut r = base();
            let clusters = r.clusters.as_mut().expect("the default study clusters");
            clusters.clusters.clear();
            clusters.assignments = assigned
                .iter()
                .map(|&(id, cluster)| Assignment {
                    id: id.into(),
                    cluster,
                })
                .collect();
            r
        };
        let old = with(&[("p1", 1), ("p2", 1), ("p3", 2)]);
        let new = with(&[("p1", 2), ("p2", 2), ("p4", 2), ("p3", 1)]);
        assert_eq!(
            clusters(&old, &new).unwrap(),
            [
                "cluster 2 is now cluster 1 (overlap 1.00): +0 posts (1 → 1)",
                "cluster 1 is now cluster 2 (overlap 1.00): +1 posts (2 → 3)",
            ]
        );
    }

    #[test]
    fn narrative_sentences_with_moved_figures() {
        let text = |ratio: &str, protests: &str| {
            let mut r = base();
            r.narrative = vec![NarrativeText {
                file: "text/findings.md".into(),
                at: r.narrative[0].at.clone(),
                markdown: format!("## Findings\n\nThe leader has {ratio} times the party's subscribers. Protests rose to {protests} in 2019.\n\nNothing else moved: 3 terms.\n"),
            }];
            r
        };
        let lines = narrative(&text("125.45", "18"), &text("1,254.5", "18"));
        assert_eq!(
            lines,
            ["text/findings.md: \"The leader has 1,254.5 times the party's subscribers.\" (125.45 → 1,254.5)"]
        );
        assert!(narrative(&text("125.45", "18"), &text("125.45", "18")).is_empty());
        assert_eq!(
            masked("Protests rose from >13 to 2,018.5 in 2019."),
            (
                "Protests rose from ># to # in #.".to_string(),
                vec!["13".to_string(), "2,018.5".to_string(), "2019".to_string()]
            )
        );
    }

    #[test]
    fn events_are_followed_by_id() {
        let event = |id: &str, form: Form, size: SizeClass| CodedEvent {
            event_id: id.into(),
            date: EventDate::parse("2025-05-16").expect("a date"),
            form,
            size_class: size,
            count: 1,
            at_least: false,
        };
        let with = |list: Vec<CodedEvent>| {
            let mut r = base();
            r.events
                .as_mut()
                .expect("the default study has events")
                .list = list;
            r
        };
        let old = with(vec![
            event("KAZ1", Form::Protest, SizeClass::Unknown),
            event("KAZ2", Form::Protest, SizeClass::Under100),
        ]);
        let new = with(vec![
            event("KAZ1", Form::Strike, SizeClass::From100To1000),
            event("KAZ3", Form::Picket, SizeClass::Under100),
        ]);
        assert_eq!(
            recoded_events(&old, &new),
            [
                "event KAZ1 recoded: form protest → strike, size_class unknown → 100to1000",
                "event KAZ3 added (2025-05-16, picket, lt100)",
                "event KAZ2 removed (was 2025-05-16, protest, lt100)",
            ]
        );
        let many = (0..25)
            .map(|i| event(&format!("E{i:02}"), Form::Protest, SizeClass::Under100))
            .collect();
        let lines = recoded_events(&with(Vec::new()), &with(many));
        assert_eq!(lines.len(), 21);
        assert_eq!(lines[20], "… and 5 more");
    }

    #[test]
    fn a_match_that_now_differs_comes_first() {
        let item = |item: &str, status: Status, computed: u64| ReproductionItem {
            section: "T".into(),
            item: item.into(),
            published: Value::Null,
            computed: computed.into(),
            status,
            note: String::new(),
            stated_in: Vec::new(),
        };
        let mut old = base();
        old.reproduction = vec![item("a", Status::Differs, 1), item("b", Status::Match, 2)];
        let mut new = base();
        new.reproduction = vec![
            item("a", Status::Match, 2),
            item("b", Status::Differs, 3_400),
        ];
        assert_eq!(
            reproduction(&old, &new),
            [
                "**T · b**: match → differs (computed 2 → 3,400)",
                "**T · a**: differs → match (computed 1 → 2)",
            ]
        );
    }

    #[test]
    fn counts_and_reals_are_shown_as_the_pages_show_them() {
        let line = figure_change("x", Some(Figure::Count(2_200)), Some(Figure::Count(2_500)));
        assert_eq!(line.as_deref(), Some("x: 2,200 → 2,500 (+13.6%)"));
        let line = figure_change("r", Some(Figure::Real(125.454_545)), None);
        assert_eq!(line.as_deref(), Some("r: 125.454545 → none"));
        assert_eq!(
            figure_change("same", Some(Figure::Count(1)), Some(Figure::Count(1))),
            None
        );
    }

    #[test]
    fn timeline_peaks_that_appear_go_move_or_change() {
        use crate::config::TimelinePeriod;
        use crate::model::media::Period;
        use crate::timeline::{TimelinePeak, TimelineReport};
        let with = |peaks: &[(u32, usize)]| {
            let mut r = base();
            r.timeline = Some(TimelineReport {
                period: TimelinePeriod::Week,
                period_from_span: true,
                rule: String::new(),
                window_days: 7,
                posts: Vec::new(),
                undated: 0,
                peaks: peaks
                    .iter()
                    .map(|&(week, posts)| TimelinePeak {
                        period: Period::Week(2019, week),
                        posts,
                        baseline: None,
                        events: Vec::new(),
                    })
                    .collect(),
                events: Vec::new(),
                undated_events: 0,
                terms: Vec::new(),
            });
            r
        };
        let old = with(&[(10, 50), (20, 40), (30, 30)]);
        let new = with(&[(10, 55), (21, 40), (40, 20)]);
        let lines = timeline(&old, &new);
        assert_eq!(lines.len(), 4, "{lines:?}");
        assert!(lines[0].starts_with("posts of timeline peak 2019-W10"));
        assert_eq!(lines[1], "timeline peak moves from 2019-W20 to 2019-W21");
        assert_eq!(lines[2], "timeline peak 2019-W30 goes");
        assert_eq!(lines[3], "timeline peak 2019-W40 appears (20 posts)");
        assert!(timeline(&old, &old).is_empty());
    }
}
