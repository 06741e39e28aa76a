//! `mobilize diff`: what a data update changed, section by section, from two `report.json`.
//!
//! It reads only the two reports (built sites or the files themselves), so any two builds can
//! be compared, on any machine. Numbers are compared exactly; floats show both values.
//! Reproduction items whose status changed come first: a published figure that used to match
//! and now differs is the first thing a reader should see. Clusters are matched across the
//! two runs by the overlap of their posts, so a renumbering is not reported as a change.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use serde_json::Value;

use crate::error::{Error, Result};
use crate::escape::markdown as escape;

/// The one schema this version reads.
pub const SCHEMA: u64 = 1;

/// One section of the change report: its title and its lines (empty: no change).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Changes {
    pub title: String,
    pub lines: Vec<String>,
}

/// Reads `report.json` from a site folder or a file, refusing a schema it does not know.
pub fn read_report(path: &Path) -> Result<Value> {
    let file = if path.is_dir() {
        path.join("report.json")
    } else {
        path.to_path_buf()
    };
    let text = crate::read::text(&file)?;
    let value: Value = serde_json::from_str(&text).map_err(|err| {
        Error::Refused(format!(
            "{}: found invalid JSON ({err}), expected a report.json written by mobilize",
            file.display()
        ))
    })?;
    match value["schema"].as_u64() {
        Some(SCHEMA) => {}
        found => {
            return Err(Error::Refused(format!(
                "{}: found schema {}, expected schema {SCHEMA}; this version of mobilize \
                 cannot compare it",
                file.display(),
                found.map_or("none".to_string(), |s| s.to_string())
            )))
        }
    }
    match misshapen(&value) {
        Some(problem) => Err(Error::Refused(format!("{}: {problem}", file.display()))),
        None => Ok(value),
    }
}

/// What a section of the report must be, where it is present.
#[derive(Clone, Copy)]
enum Shape {
    Object,
    /// An array of objects.
    Records,
    /// An object whose values are arrays of objects (`ngrams`).
    RecordsBySize,
}

/// The sections `diff` reads, with their shapes: a report.json whose sections have other
/// types was not written by mobilize (or was damaged), and comparing it would report changes
/// that are not there.
const SHAPES: [(&str, Shape); 19] = [
    ("/inputs", Shape::Records),
    ("/corpus", Shape::Object),
    ("/text_settings", Shape::Object),
    ("/terms", Shape::Records),
    ("/ngrams", Shape::RecordsBySize),
    ("/associations", Shape::Records),
    ("/clusters", Shape::Object),
    ("/clusters/clusters", Shape::Records),
    ("/clusters/assignments", Shape::Records),
    ("/events", Shape::Object),
    ("/events/rows", Shape::Records),
    ("/events/list", Shape::Records),
    ("/accounts", Shape::Records),
    ("/ratios", Shape::Records),
    ("/videos", Shape::Object),
    ("/videos/top", Shape::Records),
    ("/views", Shape::Object),
    ("/reproduction", Shape::Records),
    ("/narrative", Shape::Records),
];

fn kind(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array that is not of objects",
        Value::Object(_) => "an object",
    }
}

/// The first section that does not have its shape, as a message.
fn misshapen(report: &Value) -> Option<String> {
    SHAPES.iter().find_map(|&(pointer, shape)| {
        let found = report.pointer(pointer)?;
        let records = |v: &Value| v.as_array().is_some_and(|a| a.iter().all(Value::is_object));
        let fits = match shape {
            Shape::Object => found.is_object(),
            Shape::Records => records(found),
            Shape::RecordsBySize => found.as_object().is_some_and(|o| o.values().all(records)),
        };
        let expected = match shape {
            Shape::Object => "an object",
            Shape::Records => "an array of objects",
            Shape::RecordsBySize => "an object of arrays of objects",
        };
        (!fits).then(|| {
            format!(
                "{}: found {}, expected {expected}; this is not a report.json as mobilize writes it",
                &pointer[1..].replace('/', "."),
                kind(found)
            )
        })
    })
}

/// Every section's changes, in the report's order.
pub fn diff(old: &Value, new: &Value) -> Vec<Changes> {
    let section = |title: &str, lines: Vec<String>| Changes {
        title: title.to_string(),
        lines,
    };
    vec![
        section("Reproduction", reproduction(old, new)),
        section("Inputs", inputs(old, new)),
        section("Corpus", corpus(old, new)),
        section("Terms", ranked(&old["terms"], &new["terms"], top(new))),
        section("N-grams", ngrams(old, new)),
        section("Associations", associations(old, new)),
        section("Clusters", clusters(old, new)),
        section("Events", events(old, new)),
        section("Accounts and ratios", accounts(old, new)),
        section("Videos", videos(old, new)),
        section("Views", views(old, new)),
        section("Narrative", narrative(old, new)),
    ]
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

fn top(report: &Value) -> usize {
    report["text_settings"]["top"].as_u64().unwrap_or(30) as usize
}

fn text(v: &Value) -> String {
    match v {
        Value::String(s) => escape(s),
        Value::Null => "none".into(),
        other => escape(&other.to_string()),
    }
}

fn number_change(label: &str, old: &Value, new: &Value) -> Option<String> {
    (old != new).then(|| {
        let relative = match (old.as_f64(), new.as_f64()) {
            (Some(a), Some(b)) if a != 0.0 => format!(" ({:+.1}%)", 100.0 * (b - a) / a),
            _ => String::new(),
        };
        format!("{label}: {} → {}{relative}", text(old), text(new))
    })
}

fn reproduction(old: &Value, new: &Value) -> Vec<String> {
    let key = |i: &Value| {
        format!(
            "{} · {}",
            i["section"].as_str().unwrap_or(""),
            i["item"].as_str().unwrap_or("")
        )
    };
    let before: BTreeMap<String, &Value> = list(old, "reproduction")
        .iter()
        .map(|i| (key(i), i))
        .collect();
    let mut lines = Vec::new();
    for item in list(new, "reproduction") {
        let name = key(item);
        match before.get(&name) {
            Some(was) if was["status"] != item["status"] => lines.push(format!(
                "**{}**: {} → {} (computed {} → {})",
                escape(&name),
                text(&was["status"]),
                text(&item["status"]),
                text(&was["computed"]),
                text(&item["computed"])
            )),
            None => lines.push(format!("{}: new, {}", escape(&name), text(&item["status"]))),
            _ => {}
        }
    }
    // A published figure that used to match and now differs comes first.
    lines.sort_by_key(|l| !l.contains("match → differs"));
    lines
}

fn list<'a>(report: &'a Value, key: &str) -> &'a [Value] {
    report[key].as_array().map_or(&[], Vec::as_slice)
}

fn inputs(old: &Value, new: &Value) -> Vec<String> {
    let by_name = |r: &Value| -> BTreeMap<String, Value> {
        list(r, "inputs")
            .iter()
            .map(|i| (i["name"].as_str().unwrap_or("").to_string(), i.clone()))
            .collect()
    };
    let (a, b) = (by_name(old), by_name(new));
    let mut lines = Vec::new();
    for (name, input) in &b {
        match a.get(name) {
            None => lines.push(format!(
                "{}: added ({})",
                escape(name),
                text(&input["path"])
            )),
            Some(was) => {
                for field in ["sha256", "rows", "rejected"] {
                    if let Some(l) = number_change(
                        &format!("{} {field}", escape(name)),
                        &was[field],
                        &input[field],
                    ) {
                        lines.push(l);
                    }
                }
            }
        }
    }
    for name in a.keys().filter(|n| !b.contains_key(*n)) {
        lines.push(format!("{}: removed", escape(name)));
    }
    lines
}

fn corpus(old: &Value, new: &Value) -> Vec<String> {
    ["documents", "tokens", "vocabulary"]
        .iter()
        .filter_map(|f| number_change(f, &old["corpus"][f], &new["corpus"][f]))
        .collect()
}

/// Entries entering and leaving the top `n`, rank moves, and count and support changes.
fn ranked(old: &Value, new: &Value, n: usize) -> Vec<String> {
    let top = |v: &Value| -> Vec<(String, Value, Value)> {
        v.as_array()
            .map_or(&[][..], Vec::as_slice)
            .iter()
            .take(n)
            .map(|t| {
                (
                    t["term"].as_str().unwrap_or("").to_string(),
                    t["count"].clone(),
                    t["support"].clone(),
                )
            })
            .collect()
    };
    let (a, b) = (top(old), top(new));
    let rank = |list: &[(String, Value, Value)], term: &str| list.iter().position(|t| t.0 == term);
    let mut lines = Vec::new();
    for (i, (term, count, support)) in b.iter().enumerate() {
        match rank(&a, term) {
            None => lines.push(format!(
                "{} enters the top {n} at {} (count {}, support {})",
                escape(term),
                i + 1,
                text(count),
                text(support)
            )),
            Some(j) => {
                if i != j {
                    lines.push(format!("{}: rank {} → {}", escape(term), j + 1, i + 1));
                }
                let (_, c0, s0) = &a[j];
                for (what, was, now) in [("count", c0, count), ("support", s0, support)] {
                    if let Some(l) = number_change(&format!("{} {what}", escape(term)), was, now) {
                        lines.push(l);
                    }
                }
            }
        }
    }
    for (term, _, _) in a.iter().filter(|t| rank(&b, &t.0).is_none()) {
        lines.push(format!("{} leaves the top {n}", escape(term)));
    }
    lines
}

fn ngrams(old: &Value, new: &Value) -> Vec<String> {
    let sizes: BTreeSet<String> = [old, new]
        .iter()
        .filter_map(|r| r["ngrams"].as_object())
        .flat_map(|m| m.keys().cloned())
        .collect();
    sizes
        .iter()
        .flat_map(|n| {
            ranked(&old["ngrams"][n], &new["ngrams"][n], top(new))
                .into_iter()
                .map(move |l| format!("{n}-word: {l}"))
        })
        .collect()
}

fn associations(old: &Value, new: &Value) -> Vec<String> {
    let pairs = |r: &Value| -> BTreeMap<(String, String), f64> {
        list(r, "associations")
            .iter()
            .flat_map(|a| {
                let term = a["term"].as_str().unwrap_or("").to_string();
                list(a, "related").iter().map(move |x| {
                    (
                        (term.clone(), x["term"].as_str().unwrap_or("").to_string()),
                        x["r"].as_f64().unwrap_or(f64::NAN),
                    )
                })
            })
            .collect()
    };
    let (a, b) = (pairs(old), pairs(new));
    let mut lines = Vec::new();
    for ((t, u), r) in &b {
        match a.get(&(t.clone(), u.clone())) {
            None => lines.push(format!("{} ~ {} appears (r = {r})", escape(t), escape(u))),
            Some(was) if (was - r).abs() > 0.01 => {
                lines.push(format!("{} ~ {}: r {was} → {r}", escape(t), escape(u)))
            }
            _ => {}
        }
    }
    for (t, u) in a.keys().filter(|k| !b.contains_key(*k)) {
        lines.push(format!("{} ~ {} disappears", escape(t), escape(u)));
    }
    lines
}

/// Clusters matched by the Jaccard overlap of their posts (on posts present in both runs).
fn clusters(old: &Value, new: &Value) -> Vec<String> {
    let members = |r: &Value| -> BTreeMap<u64, BTreeSet<String>> {
        let mut m: BTreeMap<u64, BTreeSet<String>> = BTreeMap::new();
        for a in list(&r["clusters"], "assignments") {
            m.entry(a["cluster"].as_u64().unwrap_or(0))
                .or_default()
                .insert(a["id"].as_str().unwrap_or("").to_string());
        }
        m
    };
    let (a, b) = (members(old), members(new));
    if a.is_empty() && b.is_empty() {
        return Vec::new();
    }
    let both: BTreeSet<&String> = a
        .values()
        .flatten()
        .filter(|id| b.values().any(|s| s.contains(*id)))
        .collect();
    let words = |r: &Value, id: u64| -> BTreeSet<String> {
        list(&r["clusters"], "clusters")
            .iter()
            .find(|c| c["id"].as_u64() == Some(id))
            .map(|c| {
                list(c, "top_words")
                    .iter()
                    .filter_map(|w| w.as_str().map(String::from))
                    .collect()
            })
            .unwrap_or_default()
    };
    let mut lines = Vec::new();
    for (id, posts) in &b {
        let best = a
            .iter()
            .map(|(old_id, old_posts)| {
                let x: BTreeSet<&String> = old_posts.iter().filter(|p| both.contains(p)).collect();
                let y: BTreeSet<&String> = posts.iter().filter(|p| both.contains(p)).collect();
                let union = x.union(&y).count().max(1);
                (x.intersection(&y).count() as f64 / union as f64, *old_id)
            })
            .max_by(|p, q| p.0.total_cmp(&q.0).then(q.1.cmp(&p.1)));
        match best {
            Some((jaccard, old_id)) if jaccard > 0.0 => {
                let size = posts.len() as i64 - a[&old_id].len() as i64;
                let renamed = if old_id == *id {
                    format!("cluster {id}")
                } else {
                    format!("cluster {old_id} is now cluster {id}")
                };
                let (w0, w1) = (words(old, old_id), words(new, *id));
                let gained: Vec<&String> = w1.difference(&w0).collect();
                let lost: Vec<&String> = w0.difference(&w1).collect();
                if old_id != *id || size != 0 || !gained.is_empty() || !lost.is_empty() {
                    lines.push(format!(
                        "{renamed} (overlap {jaccard:.2}): {size:+} posts ({} → {}){}{}",
                        a[&old_id].len(),
                        posts.len(),
                        if gained.is_empty() {
                            String::new()
                        } else {
                            format!("; top words gained: {}", escape(&join(&gained)))
                        },
                        if lost.is_empty() {
                            String::new()
                        } else {
                            format!("; lost: {}", escape(&join(&lost)))
                        },
                    ));
                }
            }
            _ => lines.push(format!("cluster {id} is new ({} posts)", posts.len())),
        }
    }
    lines
}

fn join(words: &[&String]) -> String {
    words
        .iter()
        .map(|w| w.as_str())
        .collect::<Vec<_>>()
        .join(", ")
}

fn events(old: &Value, new: &Value) -> Vec<String> {
    let cells = |r: &Value| -> BTreeMap<(String, u64), String> {
        list(&r["events"], "rows")
            .iter()
            .map(|c| {
                let shown = format!(
                    "{}{}",
                    if c["at_least"].as_bool() == Some(true) {
                        ">"
                    } else {
                        ""
                    },
                    c["count"]
                );
                (
                    (
                        c["form"].as_str().unwrap_or("").to_string(),
                        c["year"].as_u64().unwrap_or(0),
                    ),
                    shown,
                )
            })
            .collect()
    };
    let (a, b) = (cells(old), cells(new));
    let keys: BTreeSet<&(String, u64)> = a.keys().chain(b.keys()).collect();
    let mut lines: Vec<String> = keys
        .into_iter()
        .filter_map(|k| {
            let (x, y) = (a.get(k), b.get(k));
            (x != y).then(|| {
                format!(
                    "{}, {}: {} → {}",
                    escape(&k.0),
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

/// Events followed by id: recoded (date, form, size or count changed), added and removed.
fn recoded_events(old: &Value, new: &Value) -> Vec<String> {
    const FIELDS: [&str; 5] = ["date", "form", "size_class", "count", "at_least"];
    let by_id = |r: &Value| -> BTreeMap<String, Value> {
        list(&r["events"], "list")
            .iter()
            .map(|e| (e["event_id"].as_str().unwrap_or("").to_string(), e.clone()))
            .collect()
    };
    let (a, b) = (by_id(old), by_id(new));
    let shown = |v: &Value| match v {
        Value::String(s) => escape(s),
        other => other.to_string(),
    };
    let coded = |e: &Value| {
        FIELDS[..3]
            .iter()
            .map(|f| shown(&e[*f]))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let mut recoded = Vec::new();
    let mut added = Vec::new();
    for (id, event) in &b {
        match a.get(id) {
            None => added.push(format!("event {} added ({})", escape(id), coded(event))),
            Some(before) => {
                let changes: Vec<String> = FIELDS
                    .iter()
                    .filter(|f| before[**f] != event[**f])
                    .map(|f| format!("{f} {} → {}", shown(&before[*f]), shown(&event[*f])))
                    .collect();
                if !changes.is_empty() {
                    recoded.push(format!(
                        "event {} recoded: {}",
                        escape(id),
                        changes.join(", ")
                    ));
                }
            }
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

/// Narrative sentences whose figures changed: sentences are matched by their words (every
/// number masked), and a matched pair whose numbers differ is listed with the old and new
/// figures.
fn narrative(old: &Value, new: &Value) -> Vec<String> {
    let by_file = |r: &Value| -> BTreeMap<String, String> {
        list(r, "narrative")
            .iter()
            .map(|n| {
                let file = n["file"].as_str().unwrap_or("").to_string();
                (file, n["markdown"].as_str().unwrap_or("").to_string())
            })
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

fn accounts(old: &Value, new: &Value) -> Vec<String> {
    let figures = |r: &Value| -> BTreeMap<String, Value> {
        let accounts = list(r, "accounts").iter().map(|a| {
            (
                format!(
                    "{} / {} / {}",
                    a["organization"].as_str().unwrap_or(""),
                    a["platform"].as_str().unwrap_or(""),
                    a["metric"].as_str().unwrap_or("")
                ),
                a["value"].clone(),
            )
        });
        let ratios = list(r, "ratios").iter().map(|x| {
            (
                format!("ratio {}", x["label"].as_str().unwrap_or("")),
                x["value"].clone(),
            )
        });
        accounts.chain(ratios).collect()
    };
    changed_values(&figures(old), &figures(new))
}

fn changed_values(a: &BTreeMap<String, Value>, b: &BTreeMap<String, Value>) -> Vec<String> {
    let keys: BTreeSet<&String> = a.keys().chain(b.keys()).collect();
    keys.into_iter()
        .filter_map(|k| {
            number_change(
                &escape(k),
                a.get(k).unwrap_or(&Value::Null),
                b.get(k).unwrap_or(&Value::Null),
            )
        })
        .collect()
}

fn videos(old: &Value, new: &Value) -> Vec<String> {
    let shares = |r: &Value| -> BTreeMap<String, Value> {
        list(&r["videos"], "topics")
            .iter()
            .map(|t| {
                (
                    format!("share of {} (%)", t["topic"].as_str().unwrap_or("")),
                    t["share"].clone(),
                )
            })
            .collect()
    };
    let tops = |r: &Value| -> BTreeSet<String> {
        list(&r["videos"], "top")
            .iter()
            .filter_map(|v| v["video_id"].as_str().map(String::from))
            .collect()
    };
    let mut lines = changed_values(&shares(old), &shares(new));
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

fn views(old: &Value, new: &Value) -> Vec<String> {
    let peaks = |r: &Value| -> BTreeMap<String, Value> {
        list(&r["views"], "peaks")
            .iter()
            .map(|p| {
                (
                    format!(
                        "peak {} {}",
                        p["channel"].as_str().unwrap_or(""),
                        p["period"].as_str().unwrap_or("")
                    ),
                    p["views"].clone(),
                )
            })
            .collect()
    };
    changed_values(&peaks(old), &peaks(new))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn a_report_against_itself_has_no_change() {
        let r = json!({"schema": 1, "terms": [{"term": "a", "count": 1, "support": 1}]});
        assert!(!changed(&diff(&r, &r)));
        assert!(markdown("a", "a", &diff(&r, &r)).contains("Nothing changed."));
    }

    #[test]
    fn renumbered_clusters_are_matched_by_their_posts() {
        let old = json!({"clusters": {"assignments": [
            {"id": "p1", "cluster": 1}, {"id": "p2", "cluster": 1}, {"id": "p3", "cluster": 2}]}});
        let new = json!({"clusters": {"assignments": [
            {"id": "p1", "cluster": 2}, {"id": "p2", "cluster": 2}, {"id": "p4", "cluster": 2},
            {"id": "p3", "cluster": 1}]}});
        let lines = clusters(&old, &new);
        assert!(
            lines.contains(
                &"cluster 2 is now cluster 1 (overlap 1.00): +0 posts (1 → 1)".to_string()
            ),
            "{lines:?}"
        );
        assert!(
            lines.contains(
                &"cluster 1 is now cluster 2 (overlap 1.00): +1 posts (2 → 3)".to_string()
            ),
            "{lines:?}"
        );
    }

    #[test]
    fn narrative_sentences_with_moved_figures() {
        let text = |ratio: &str, protests: &str| {
            json!({"narrative": [{"file": "text/findings.md", "at": "end", "markdown": format!(
                "## Findings\n\nThe leader has {ratio} times the party's subscribers. Protests rose to {protests} in 2019.\n\nNothing else moved: 3 terms.\n")}]})
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
        let event = |id: &str, form: &str, size: &str| json!({"event_id": id, "date": "2025-05-16", "form": form, "size_class": size, "count": 1, "at_least": false});
        let old = json!({"events": {"list": [event("KAZ1", "protest", "unknown"), event("KAZ2", "protest", "lt100")]}});
        let new = json!({"events": {"list": [event("KAZ1", "strike", "100to1000"), event("KAZ3", "picket", "lt100")]}});
        assert_eq!(
            recoded_events(&old, &new),
            [
                "event KAZ1 recoded: form protest → strike, size_class unknown → 100to1000",
                "event KAZ3 added (2025-05-16, picket, lt100)",
                "event KAZ2 removed (was 2025-05-16, protest, lt100)",
            ]
        );
        let many: Vec<Value> = (0..25)
            .map(|i| event(&format!("E{i:02}"), "protest", "lt100"))
            .collect();
        let lines = recoded_events(&json!({}), &json!({"events": {"list": many}}));
        assert_eq!(lines.len(), 21);
        assert_eq!(lines[20], "… and 5 more");
    }

    #[test]
    fn a_match_that_now_differs_comes_first() {
        let item = |item: &str, status: &str, computed: u64| json!({"section": "T", "item": item, "status": status, "computed": computed});
        let old = json!({"reproduction": [item("a", "differs", 1), item("b", "match", 2)]});
        let new = json!({"reproduction": [item("a", "match", 2), item("b", "differs", 3)]});
        let lines = reproduction(&old, &new);
        assert!(
            lines[0].starts_with("**T · b**: match → differs"),
            "{lines:?}"
        );
    }
}
