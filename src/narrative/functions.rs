//! The functions a narrative may call, each a read of `report.json`.
//!
//! `report.json` is the summary, so these read only what does not grow with the corpus:
//! `term`, `ngram` and `collocate` find the top of their lists (`terms.top`,
//! `collocations.top` rows, as the pages show them), not the full lists of the data files.
//!
//! They are the whole interface between prose and data: a narrative never sees the report's
//! internals, only these names and the fields they return, so a sentence reads a figure the
//! way a reader of `report.json` would find it. A wrong name fails with what was found and
//! the names that exist. Every function takes named arguments and refuses unknown ones, so a
//! misspelt argument is an error rather than a silently different figure.

use std::collections::HashMap;
use std::sync::Arc;

use serde_json::{json, Value};

use super::cut;

/// The function names, for the error of an unknown one.
pub const NAMES: [&str; 14] = [
    "account",
    "association",
    "claim",
    "cluster",
    "collocate",
    "corpus",
    "events",
    "keyness",
    "ngram",
    "peak",
    "ratio",
    "term",
    "timeline_peak",
    "topic",
];

type Args = HashMap<String, Value>;
type Found = std::result::Result<Value, String>;
/// A function of a narrative: the report and the call's arguments to a value or a message.
type Read = fn(&Value, &Args) -> Found;

/// Registers every function but `claim` (which needs the file) over `report`.
pub fn register(tera: &mut tera::Tera, report: Arc<Value>) {
    let table: [(&'static str, Read); 13] = [
        ("account", account),
        ("association", association),
        ("cluster", cluster),
        ("collocate", collocate),
        ("corpus", corpus),
        ("events", events),
        ("keyness", keyness),
        ("ngram", ngram),
        ("peak", peak),
        ("ratio", ratio),
        ("term", term),
        ("timeline_peak", timeline_peak),
        ("topic", topic),
    ];
    for (name, function) in table {
        let report = Arc::clone(&report);
        tera.register_function(name, move |args: &Args| {
            let mut args = args.clone();
            let field = args.remove(FIELD);
            function(&report, &args)
                .and_then(|value| select(value, field.as_ref()))
                .map_err(|message| tera::Error::msg(format!("{name}: {message}")))
        });
    }
}

/// The argument that carries `.field` of `name(args).field` (see [`rewrite_tag`]).
const FIELD: &str = "__field";

/// The field a call asked for, or the whole value.
fn select(value: Value, field: Option<&Value>) -> Found {
    let Some(field) = field.and_then(Value::as_str) else {
        return Ok(value);
    };
    match value.get(field) {
        Some(found) => Ok(found.clone()),
        None => {
            let names = value
                .as_object()
                .map(|o| o.keys().map(String::as_str).collect::<Vec<_>>());
            Err(match names {
                Some(names) => format!(
                    "found the field .{}, expected {}",
                    cut(field),
                    list(names.into_iter())
                ),
                None => format!(
                    "found the field .{}, but the value has no fields",
                    cut(field)
                ),
            })
        }
    }
}

/// Tera cannot read a field of a call's result, so `term(rank=1).shown` in a tag is rewritten
/// to `term(rank=1, __field="shown")` before parsing. Strings in the arguments may hold
/// parentheses; nothing else changes, so lines stay where they were.
pub(super) fn rewrite_tag(tag: &str) -> String {
    let bytes = tag.as_bytes();
    let ident = |c: u8| c.is_ascii_alphanumeric() || c == b'_';
    let mut out = String::with_capacity(tag.len() + 16);
    let mut copied = 0;
    let mut quote: Option<u8> = None;
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        match quote {
            Some(q) => {
                if b == q {
                    quote = None;
                }
                i += 1;
                continue;
            }
            None if matches!(b, b'"' | b'\'' | b'`') => {
                quote = Some(b);
                i += 1;
                continue;
            }
            None => {}
        }
        let starts_name =
            b.is_ascii_alphabetic() && (i == 0 || !(ident(bytes[i - 1]) || bytes[i - 1] == b'.'));
        if !starts_name {
            i += 1;
            continue;
        }
        let name_end = i + bytes[i..].iter().take_while(|c| ident(**c)).count();
        let call = NAMES.contains(&&tag[i..name_end]) && bytes.get(name_end) == Some(&b'(');
        let close = if call {
            matching_paren(tag, name_end)
        } else {
            None
        };
        let field = close.and_then(|close| {
            let rest = tag[close + 1..].strip_prefix('.')?;
            let len = rest.bytes().take_while(|c| ident(*c)).count();
            (len > 0).then(|| (close, &rest[..len]))
        });
        if let Some((close, field)) = field {
            let args = tag[name_end + 1..close].trim();
            let comma = if args.is_empty() { "" } else { ", " };
            out.push_str(&tag[copied..i]);
            out.push_str(&format!(
                "{}({args}{comma}{FIELD}=\"{field}\")",
                &tag[i..name_end]
            ));
            copied = close + 2 + field.len();
            i = copied;
        } else {
            i = name_end;
        }
    }
    out.push_str(&tag[copied..]);
    out
}

/// The index of the `)` closing the `(` at `open`, skipping strings and nested brackets.
fn matching_paren(text: &str, open: usize) -> Option<usize> {
    let mut depth = 0;
    let mut quote: Option<u8> = None;
    for (i, b) in text.bytes().enumerate().skip(open) {
        match quote {
            Some(q) if b == q => quote = None,
            Some(_) => {}
            None => match b {
                b'"' | b'\'' | b'`' => quote = Some(b),
                b'(' | b'[' => depth += 1,
                b')' | b']' => {
                    depth -= 1;
                    if depth == 0 {
                        return (b == b')').then_some(i);
                    }
                }
                _ => {}
            },
        }
    }
    None
}

/// Refuses arguments other than `allowed`.
pub(super) fn only(args: &Args, allowed: &[&str]) -> std::result::Result<(), String> {
    let mut names: Vec<&String> = args.keys().collect();
    names.sort();
    match names.into_iter().find(|k| !allowed.contains(&k.as_str())) {
        Some(unknown) => Err(format!(
            "found the argument {}, expected {}",
            cut(unknown),
            list(allowed.iter().copied())
        )),
        None => Ok(()),
    }
}

pub(super) fn text<'a>(args: &'a Args, key: &str) -> std::result::Result<&'a str, String> {
    match args.get(key) {
        Some(Value::String(s)) => Ok(s),
        Some(other) => Err(format!(
            "{key}: found {}, expected a string",
            cut(&other.to_string())
        )),
        None => Err(format!("missing the argument {key}")),
    }
}

fn whole(args: &Args, key: &str) -> std::result::Result<Option<u64>, String> {
    match args.get(key) {
        None => Ok(None),
        Some(value) => value.as_u64().map(Some).ok_or_else(|| {
            format!(
                "{key}: found {}, expected a whole number",
                cut(&value.to_string())
            )
        }),
    }
}

/// `rank` (1 for the first) as an index into a list of `len`.
fn ranked(rank: u64, len: usize, what: &str) -> std::result::Result<usize, String> {
    if rank >= 1 && rank as usize <= len {
        Ok(rank as usize - 1)
    } else {
        Err(format!(
            "rank: found {rank}, expected 1 to {len} ({len} {what})"
        ))
    }
}

/// `"a", "b" or "c"`, sorted, at most 30 shown.
fn list<'a>(names: impl Iterator<Item = &'a str>) -> String {
    let mut names: Vec<&str> = names.collect();
    names.sort_unstable();
    names.dedup();
    let shown: Vec<String> = names
        .iter()
        .take(30)
        .map(|n| format!("\"{}\"", cut(n)))
        .collect();
    let more = names.len().saturating_sub(30);
    let mut out = match shown.as_slice() {
        [] => "nothing (the report has none)".to_string(),
        [one] => one.clone(),
        [rest @ .., last] => format!("one of {} or {last}", rest.join(", ")),
    };
    if more > 0 {
        out.push_str(&format!(" ({more} more in report.json)"));
    }
    out
}

fn array<'a>(value: &'a Value, what: &str) -> std::result::Result<&'a Vec<Value>, String> {
    value
        .as_array()
        .ok_or_else(|| format!("the report has no {what}"))
}

fn str_of<'a>(value: &'a Value, key: &str) -> &'a str {
    value[key].as_str().unwrap_or("")
}

/// `ratio(label)`: the value of a ratio of account figures.
fn ratio(report: &Value, args: &Args) -> Found {
    only(args, &["label"])?;
    let label = text(args, "label")?;
    let ratios = array(&report["ratios"], "ratios (accounts.ratios)")?;
    ratios
        .iter()
        .find(|r| str_of(r, "label") == label)
        .map(|r| r["value"].clone())
        .ok_or_else(|| {
            let names = ratios.iter().map(|r| str_of(r, "label"));
            format!(
                "found the label \"{}\", expected {}",
                cut(label),
                list(names)
            )
        })
}

/// `account(organization, platform, metric)`: one figure of the accounts file.
fn account(report: &Value, args: &Args) -> Found {
    only(args, &["organization", "platform", "metric"])?;
    let (organization, platform, metric) = (
        text(args, "organization")?,
        text(args, "platform")?,
        text(args, "metric")?,
    );
    let accounts = array(&report["accounts"], "accounts")?;
    let found = accounts.iter().find(|a| {
        str_of(a, "organization") == organization
            && str_of(a, "platform") == platform
            && str_of(a, "metric") == metric
    });
    match found {
        Some(a) if a["value"].is_null() => Err(format!(
            "{}: not published, so there is no figure to print",
            cut(&format!("{organization}, {platform} {metric}"))
        )),
        Some(a) => Ok(a["value"].clone()),
        None => {
            let names: Vec<String> = accounts
                .iter()
                .map(|a| {
                    format!(
                        "{} / {} / {}",
                        str_of(a, "organization"),
                        str_of(a, "platform"),
                        str_of(a, "metric")
                    )
                })
                .collect();
            Err(format!(
                "found \"{}\", expected {}",
                cut(&format!("{organization} / {platform} / {metric}")),
                list(names.iter().map(String::as_str))
            ))
        }
    }
}

/// `term(rank)` or `term(term)`: a term of Table 3 (its top `terms.top`, as `report.json`
/// holds it) with its rank, form, count and support; `shown` is how the tables print it,
/// `countri (country)`.
fn term(report: &Value, args: &Args) -> Found {
    only(args, &["rank", "term"])?;
    let terms = array(&report["terms"], "terms (a corpus with terms)")?;
    let index = match (whole(args, "rank")?, args.get("term")) {
        (Some(rank), None) => ranked(rank, terms.len(), "terms")?,
        (None, Some(_)) => {
            let wanted = text(args, "term")?;
            terms
                .iter()
                .position(|t| str_of(t, "term") == wanted)
                .ok_or_else(|| {
                    let top = terms.iter().take(30).map(|t| str_of(t, "term"));
                    format!(
                        "found the term \"{}\", expected a stem of the top terms (terms.top) such as {}",
                        cut(wanted),
                        list(top)
                    )
                })?
        }
        _ => return Err("expected either rank or term".into()),
    };
    let t = &terms[index];
    let (stem, form) = (str_of(t, "term"), str_of(t, "form"));
    Ok(
        json!({"rank": index + 1, "term": stem, "form": form, "shown": shown(stem, form),
              "count": t["count"], "support": t["support"]}),
    )
}

/// A stem or n-gram as the pages show it: `country (countri)`, the words it most often stands
/// for with the stem beside them; the stem alone when it has no other form.
fn shown(stem: &str, form: &str) -> String {
    if form.is_empty() || stem == form {
        stem.to_string()
    } else {
        format!("{form} ({stem})")
    }
}

/// `ngram(n, rank)`: the n-gram of that rank among the n-word terms.
fn ngram(report: &Value, args: &Args) -> Found {
    only(args, &["n", "rank"])?;
    let n = whole(args, "n")?.ok_or("missing the argument n")?;
    let lists = report["ngrams"]
        .as_object()
        .ok_or("the report has no n-grams (terms.ngrams)")?;
    let Some(grams) = lists.get(&n.to_string()).and_then(Value::as_array) else {
        return Err(format!(
            "n: found {n}, expected {}",
            list(lists.keys().map(String::as_str))
        ));
    };
    let rank = whole(args, "rank")?.ok_or("missing the argument rank")?;
    let g = &grams[ranked(rank, grams.len(), "n-grams")?];
    let (term, form) = (str_of(g, "term"), str_of(g, "form"));
    Ok(
        json!({"rank": rank, "term": term, "form": form, "shown": shown(term, form),
              "count": g["count"], "support": g["support"]}),
    )
}

/// `association(term, with)`: r of two terms; `association(term, rank)`: the associated term
/// of that rank, with its r.
fn association(report: &Value, args: &Args) -> Found {
    only(args, &["term", "with", "rank"])?;
    let wanted = text(args, "term")?;
    let all = array(&report["associations"], "associations")?;
    let entry = all
        .iter()
        .find(|a| str_of(a, "term") == wanted)
        .ok_or_else(|| {
            format!(
                "found the term \"{}\", expected {}",
                cut(wanted),
                list(all.iter().map(|a| str_of(a, "term")))
            )
        })?;
    let related = array(&entry["related"], "related terms")?;
    match (args.get("with"), whole(args, "rank")?) {
        (Some(_), None) => {
            let with = text(args, "with")?;
            related
                .iter()
                .find(|r| str_of(r, "term") == with)
                .map(|r| r["r"].clone())
                .ok_or_else(|| {
                    let names = related.iter().map(|r| str_of(r, "term"));
                    format!(
                        "found with=\"{}\", expected a term listed with {}: {}",
                        cut(with),
                        cut(wanted),
                        list(names)
                    )
                })
        }
        (None, Some(rank)) => {
            let r = &related[ranked(rank, related.len(), "associated terms")?];
            Ok(json!({"term": r["term"], "form": r["form"], "r": r["r"]}))
        }
        _ => Err("expected either with or rank".into()),
    }
}

/// `collocate(rank)`: the two-word term of that rank among the keyword's collocations.
fn collocate(report: &Value, args: &Args) -> Found {
    only(args, &["rank"])?;
    let pairs = array(&report["collocations"]["pairs"], "collocations")?;
    let rank = whole(args, "rank")?.ok_or("missing the argument rank")?;
    let p = &pairs[ranked(rank, pairs.len(), "collocations")?];
    Ok(json!({"rank": rank, "term": p["term"], "count": p["count"], "support": p["support"]}))
}

/// `keyness(event, rank, side)`: the term of that rank on one side of a keyness table, with
/// its counts, statistic and p-value. `event` names the table (an event's id, or a
/// comparison's name); `side` is `target` (the terms the target uses more) or `reference`
/// (the terms it uses less), each strongest first.
fn keyness(report: &Value, args: &Args) -> Found {
    only(args, &["event", "rank", "side"])?;
    let wanted = text(args, "event")?;
    let tables = array(&report["keyness"], "keyness tables (a keyness section)")?;
    let table = tables
        .iter()
        .find(|t| str_of(t, "name") == wanted)
        .ok_or_else(|| {
            let names = tables.iter().map(|t| str_of(t, "name"));
            format!("event: found \"{}\", expected {}", cut(wanted), list(names))
        })?;
    let positive = match text(args, "side")? {
        "target" => true,
        "reference" => false,
        other => {
            return Err(format!(
                "side: found \"{}\", expected \"target\" or \"reference\"",
                cut(other)
            ))
        }
    };
    let side: Vec<&Value> = array(&table["terms"], "keyness terms")?
        .iter()
        .filter(|t| (t["statistic"].as_f64().unwrap_or(0.0) > 0.0) == positive)
        .collect();
    let rank = whole(args, "rank")?.ok_or("missing the argument rank")?;
    let t = side[ranked(rank, side.len(), "terms on that side")?];
    let (term, form) = (str_of(t, "term"), str_of(t, "form"));
    Ok(
        json!({"rank": rank, "term": term, "form": form, "shown": shown(term, form),
              "target": t["target"], "reference": t["reference"],
              "statistic": t["statistic"], "p": t["p"]}),
    )
}

/// `corpus()`: posts with text, tokens, vocabulary and posts without text.
fn corpus(report: &Value, args: &Args) -> Found {
    only(args, &[])?;
    let c = &report["corpus"];
    if c.is_null() {
        return Err("the report has no corpus".into());
    }
    Ok(json!({"documents": c["documents"], "tokens": c["tokens"],
              "vocabulary": c["vocabulary"], "empty": c["empty_posts"]}))
}

/// `events(form, year)` or `events(form, from, to)`: the count of a Table 2 row (or of a list
/// of rows, summed) in a year or a span of years; `display` prints a lower bound as `>13`, as
/// the table does.
fn events(report: &Value, args: &Args) -> Found {
    only(args, &["form", "year", "from", "to"])?;
    let forms: Vec<&str> = match args.get("form") {
        Some(Value::Array(list)) => list.iter().filter_map(Value::as_str).collect(),
        _ => vec![text(args, "form")?],
    };
    let rows = array(&report["events"]["rows"], "events")?;
    for form in &forms {
        if !rows.iter().any(|r| str_of(r, "form") == *form) {
            let names = rows.iter().map(|r| str_of(r, "form"));
            return Err(format!(
                "found the form \"{}\", expected {}",
                cut(form),
                list(names)
            ));
        }
    }
    let (from, to) = match (
        whole(args, "year")?,
        whole(args, "from")?,
        whole(args, "to")?,
    ) {
        (Some(year), None, None) => (year, year),
        (None, Some(from), Some(to)) if from <= to => (from, to),
        _ => return Err("expected year, or from and to (from <= to)".into()),
    };
    let years: Vec<u64> = report["events"]["years"]
        .as_array()
        .map(|y| y.iter().filter_map(Value::as_u64).collect())
        .unwrap_or_default();
    if let Some(missing) = (from..=to).find(|y| !years.contains(y)) {
        let shown: Vec<String> = years.iter().map(u64::to_string).collect();
        return Err(format!(
            "year: found {missing}, expected a year of Table 2: {}",
            shown.join(", ")
        ));
    }
    let (mut count, mut at_least) = (0, false);
    let counted = rows.iter().filter(|r| {
        forms.contains(&str_of(r, "form"))
            && r["year"].as_u64().is_some_and(|y| (from..=to).contains(&y))
    });
    for r in counted {
        count += r["count"].as_u64().unwrap_or(0);
        at_least |= r["at_least"].as_bool().unwrap_or(false);
    }
    let display = format!(
        "{}{}",
        if at_least { ">" } else { "" },
        crate::format::thousands(count)
    );
    Ok(json!({"count": count, "at_least": at_least, "display": display}))
}

/// `cluster(id)` or `cluster(rank)` (1 the largest, ties by id): size, share of the clustered
/// posts in percent, top words (`words`, joined with commas) and the number of clusters
/// (`of`).
fn cluster(report: &Value, args: &Args) -> Found {
    only(args, &["id", "rank"])?;
    let clusters = array(&report["clusters"]["clusters"], "clusters")?;
    let total: u64 = clusters.iter().filter_map(|c| c["size"].as_u64()).sum();
    let c = match (whole(args, "id")?, whole(args, "rank")?) {
        (Some(id), None) => clusters
            .iter()
            .find(|c| c["id"].as_u64() == Some(id))
            .ok_or_else(|| format!("id: found {id}, expected 1 to {}", clusters.len()))?,
        (None, Some(rank)) => {
            let mut by_size: Vec<&Value> = clusters.iter().collect();
            by_size.sort_by_key(|c| (std::cmp::Reverse(c["size"].as_u64()), c["id"].as_u64()));
            by_size[ranked(rank, by_size.len(), "clusters")?]
        }
        _ => return Err("expected either id or rank".into()),
    };
    let size = c["size"].as_u64().unwrap_or(0);
    let words: Vec<&str> = c["top_words"]
        .as_array()
        .map(|w| w.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default();
    let share = if total == 0 {
        0.0
    } else {
        100.0 * size as f64 / total as f64
    };
    let mut found = json!({"id": c["id"], "size": size, "share": share,
                           "words": words.join(", "), "of": clusters.len()});
    if let Some(stability) = c.get("stability") {
        found["stability"] = stability["mean_jaccard"].clone();
        found["dissolved"] = stability["dissolved"].clone();
    }
    Ok(found)
}

/// `topic(name)`: a topic's videos among the most-viewed and their share in percent.
fn topic(report: &Value, args: &Args) -> Found {
    only(args, &["name"])?;
    let name = text(args, "name")?;
    let topics = array(&report["videos"]["topics"], "video topics")?;
    topics
        .iter()
        .find(|t| str_of(t, "topic") == name)
        .map(|t| json!({"topic": t["topic"], "videos": t["videos"], "share": t["share"]}))
        .ok_or_else(|| {
            format!(
                "found the topic \"{}\", expected {}",
                cut(name),
                list(topics.iter().map(|t| str_of(t, "topic")))
            )
        })
}

/// `peak(rank, channel)`: a channel's peak of views by rank (1 the most viewed; the channel
/// may be left out when the series has one), with the protest events near it.
fn peak(report: &Value, args: &Args) -> Found {
    only(args, &["rank", "channel"])?;
    let peaks = array(&report["views"]["peaks"], "peaks of views")?;
    let channels: Vec<&str> = {
        let mut c: Vec<&str> = peaks.iter().map(|p| str_of(p, "channel")).collect();
        c.dedup();
        c
    };
    let channel = match args.get("channel") {
        Some(_) => text(args, "channel")?,
        None if channels.len() == 1 => channels[0],
        None => {
            return Err(format!(
                "expected channel, one of {}",
                list(channels.into_iter())
            ))
        }
    };
    let own: Vec<&Value> = peaks
        .iter()
        .filter(|p| str_of(p, "channel") == channel)
        .collect();
    if own.is_empty() {
        return Err(format!(
            "found the channel \"{}\", expected {}",
            cut(channel),
            list(channels.into_iter())
        ));
    }
    let (p, nearby) = ranked_peak(own, "views", "events_nearby", args)?;
    Ok(
        json!({"channel": channel, "period": p["period"], "views": p["views"],
              "events": nearby.join(", "), "events_count": nearby.len()}),
    )
}

/// The peak of rank `args.rank` among `peaks` (1 the largest `size`; ties the earlier
/// period), and its events (`events`) as `date (form)`.
fn ranked_peak<'a>(
    mut peaks: Vec<&'a Value>,
    size: &str,
    events: &str,
    args: &Args,
) -> std::result::Result<(&'a Value, Vec<String>), String> {
    peaks.sort_by_key(|p| {
        (
            std::cmp::Reverse(p[size].as_u64()),
            str_of(p, "period").to_string(),
        )
    });
    let rank = whole(args, "rank")?.ok_or("missing the argument rank")?;
    let p = peaks[ranked(rank, peaks.len(), "peaks")?];
    let nearby = p[events]
        .as_array()
        .map(|e| {
            e.iter()
                .map(|e| format!("{} ({})", str_of(e, "date"), str_of(e, "form")))
                .collect()
        })
        .unwrap_or_default();
    Ok((p, nearby))
}

/// `timeline_peak(rank)`: a peak of posts per period by rank (1 the period of most posts; ties
/// the earlier), with the protest events paired with it.
fn timeline_peak(report: &Value, args: &Args) -> Found {
    only(args, &["rank"])?;
    let peaks = array(&report["timeline"]["peaks"], "peaks of posts")?;
    let (p, nearby) = ranked_peak(peaks.iter().collect(), "posts", "events", args)?;
    Ok(json!({"period": p["period"], "posts": p["posts"],
              "events": nearby.join(", "), "events_count": nearby.len()}))
}
