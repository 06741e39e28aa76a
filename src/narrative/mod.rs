//! The study's own words: Markdown files with live figures, placed among the tables.
//!
//! A narrative is a Tera template over `report.json`: its `{{ ... }}` call the functions of
//! [`functions`] (`ratio`, `term`, `events`, ...) and print what they return, so a data update
//! changes the prose on the next build, as inline code does in R Markdown. A narrative may come
//! from a co-author, so before Tera runs, [`template`] checks that it uses only those
//! functions, a few formatting filters and tests, `{% if %}` and `{% raw %}`, within limits of
//! size and nesting, and refuses anything else at its file and line. Filling runs after the
//! analyses, on the serialised report, so a sentence can only say what `report.json` says;
//! the filled Markdown goes back into the report (`narrative`), where `diff` finds the
//! sentences whose figures moved. Printed values are escaped as Markdown text, control
//! characters in them become U+FFFD, and a number is printed with thousands separators, as
//! the tables print it (years are strings, so they are not separated). `claim(...)` compares a
//! figure the study states with the computed one and adds it to the reproduction panel. Every
//! error names the file and the line (of the tag being rendered, for an error while
//! rendering). [`markdown`] makes the filled text safe and renders it.

pub mod functions;
pub mod markdown;
pub mod scan;
pub mod template;

use std::collections::HashMap;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::error::{Error, Result};
use crate::format;
use crate::model::narrative::{NarrativeSource, Placement};
use crate::reproduce::{ReproductionItem, Status};

/// A narrative with its figures filled in, as `report.json` keeps it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NarrativeText {
    /// The narrative's path as the config writes it, `/`-separated; its file stem names the
    /// narrative's anchors on the page.
    pub file: String,
    /// Where it goes on the page: `start`, `end`, or the id of the section, table or figure it
    /// follows.
    pub at: Placement,
    /// The Markdown with its figures filled in, not yet made safe (the pages do that); `diff`
    /// compares it between builds.
    pub markdown: String,
}

/// The section name of claims in the reproduction panel.
pub const CLAIMS_SECTION: &str = crate::reproduce::CLAIMS_SECTION;

/// The anchor of a claim's row in the reproduction panel.
pub fn claim_anchor(item: &str) -> String {
    format!("claim-{}", markdown::slug(item))
}

/// Fills every narrative from `report` (the report as `report.json` holds it) and returns
/// them with the claims they state.
pub fn fill(
    report: Value,
    sources: &[NarrativeSource],
) -> Result<(Vec<NarrativeText>, Vec<ReproductionItem>)> {
    let report = Arc::new(report);
    let mut texts = Vec::new();
    let mut claims: Vec<ReproductionItem> = Vec::new();
    for source in sources {
        let (markdown, found) = fill_one(&report, source)?;
        for (line, claim) in found {
            if claims.iter().any(|c| c.item == claim.item) {
                return Err(Error::config(
                    format!("{}:{line}", source.file),
                    format!(
                        "claim: found the item \"{}\" again, expected each claim to name its own",
                        cut(&claim.item)
                    ),
                ));
            }
            claims.push(claim);
        }
        texts.push(NarrativeText {
            file: source.file.clone(),
            at: source.at.clone(),
            markdown,
        });
    }
    Ok((texts, claims))
}

/// The name of a narrative's template: `.md`, so that Tera escapes what it prints.
const TEMPLATE: &str = "narrative.md";

/// Claims as a narrative states them, each with its line.
type Found = Arc<Mutex<Vec<(usize, ReproductionItem)>>>;

/// One narrative filled, checked before it runs (see [`template`]), with its claims.
fn fill_one(
    report: &Arc<Value>,
    source: &NarrativeSource,
) -> Result<(String, Vec<(usize, ReproductionItem)>)> {
    let file = source.file.as_str();
    let (prepared, pieces) = template::prepare(file, &source.text)?;
    let line = Arc::new(AtomicUsize::new(1));
    let found: Found = Arc::default();
    let mut tera = engine(report, file, &line, &found);
    tera.add_raw_template(TEMPLATE, &prepared)
        .map_err(|err| syntax_error(file, &err))?;
    let ast = &tera.templates[TEMPLATE].ast;
    template::allowed(file, &source.text, &pieces, ast)?;
    let markdown = tera
        .render(TEMPLATE, &tera::Context::new())
        .map_err(|err| render_error(file, line.load(Ordering::Relaxed), &err))?;
    if markdown.len() > template::MAX_BYTES {
        return Err(Error::config(
            file,
            format!(
                "found {} bytes of filled text, expected at most 1 MB ({} bytes)",
                markdown.len(),
                template::MAX_BYTES
            ),
        ));
    }
    let found = std::mem::take(&mut *found.lock().expect("claims are collected"));
    Ok((markdown, found))
}

/// A Tera with the narrative functions, the `figures` filter and the line marker, which sets
/// `line`; Tera's own functions are replaced by ones that fail.
fn engine(report: &Arc<Value>, file: &str, line: &Arc<AtomicUsize>, found: &Found) -> tera::Tera {
    let mut tera = tera::Tera::default();
    tera.autoescape_on(vec![".md"]);
    tera.set_escape_fn(crate::escape::markdown);
    tera.register_filter(template::FIGURES, figures);
    for name in ["get_env", "range", "throw", "now", "get_random"] {
        tera.register_function(name, move |_: &HashMap<String, Value>| {
            Err(tera::Error::msg(format!(
                "{name}: not available to a narrative"
            )))
        });
    }
    let at = Arc::clone(line);
    tera.register_function(template::LINE, move |args: &HashMap<String, Value>| {
        if let Some(n) = args.get("n").and_then(Value::as_u64) {
            at.store(n as usize, Ordering::Relaxed);
        }
        Ok(Value::Bool(false))
    });
    functions::register(&mut tera, Arc::clone(report));
    tera.register_function(
        "claim",
        Claim {
            file: file.to_string(),
            line: Arc::clone(line),
            found: Arc::clone(found),
        },
    );
    tera
}

/// The `figures` filter around each `{{ ... }}`: a printed number gets thousands separators,
/// as the tables print it (text was already escaped as Markdown by the autoescape), and a
/// control character other than a tab or a line break becomes U+FFFD, so none from the data
/// reaches a page.
fn figures(value: &Value, _: &HashMap<String, Value>) -> tera::Result<Value> {
    let text = match value {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    };
    Ok(Value::String(visible(&format::grouped(&text))))
}

/// `text` with control characters (U+0000 to U+001F but tab and line feed, U+007F to U+009F)
/// replaced by U+FFFD.
fn visible(text: &str) -> String {
    text.chars()
        .map(|c| {
            if c.is_control() && c != '\t' && c != '\n' {
                char::REPLACEMENT_CHARACTER
            } else {
                c
            }
        })
        .collect()
}

/// At most [`CUT`] characters of a value echoed in a message, with `…` when cut.
fn cut(text: &str) -> String {
    match text.char_indices().nth(CUT) {
        Some((at, _)) => format!("{}…", &text[..at]),
        None => text.to_string(),
    }
}

/// How many characters of a value a message echoes.
const CUT: usize = 80;

/// The innermost message of a Tera error.
fn innermost(err: &tera::Error) -> String {
    let mut message = err.to_string();
    let mut cause = std::error::Error::source(err);
    while let Some(e) = cause {
        message = e.to_string();
        cause = e.source();
    }
    message
}

/// A syntax error of the prepared template, at the line Tera gives in its own format
/// (` --> 3:9` on the first line; the prepared template has the narrative's lines).
fn syntax_error(file: &str, err: &tera::Error) -> Error {
    let message = innermost(err);
    let line = message
        .lines()
        .next()
        .and_then(|first| first.trim_start().strip_prefix("--> "))
        .and_then(|position| position.split(':').next())
        .and_then(|line| line.parse::<usize>().ok());
    let reason = message
        .lines()
        .find_map(|l| l.trim_start().strip_prefix("= "))
        .unwrap_or_else(|| message.lines().last().unwrap_or(""));
    Error::config(
        format!("{file}:{}", line.unwrap_or(1)),
        cut_quoted(reason.trim()),
    )
}

/// An error while rendering, at the line of the tag being rendered.
fn render_error(file: &str, line: usize, err: &tera::Error) -> Error {
    let message = innermost(err).replace(&format!("'{TEMPLATE}'"), &format!("'{file}'"));
    Error::config(format!("{file}:{line}"), cut_quoted(&message))
}

/// A message with each `` `...` `` or `"..."` longer than [`CUT`] characters cut.
fn cut_quoted(message: &str) -> String {
    let mut out = String::with_capacity(message.len().min(4096));
    let mut rest = message;
    while let Some(open) = rest.find(['`', '"']) {
        let quote = &rest[open..open + 1];
        let Some(close) = rest[open + 1..].find(quote) else {
            break;
        };
        out.push_str(&rest[..=open]);
        out.push_str(&cut(&rest[open + 1..open + 1 + close]));
        out.push_str(quote);
        rest = &rest[open + 2 + close..];
    }
    out.push_str(rest);
    out
}

/// `claim(published, computed, tolerance, item)`: prints the computed value at the published
/// figure's precision and, when the two differ, a marker linking to the claim's row in the
/// reproduction panel. Without `tolerance`, the computed value must round to the published
/// one; with it, it may differ by that fraction of the published value.
struct Claim {
    file: String,
    /// The line being rendered.
    line: Arc<AtomicUsize>,
    found: Found,
}

impl tera::Function for Claim {
    fn call(&self, args: &HashMap<String, Value>) -> tera::Result<Value> {
        self.claim(args)
            .map_err(|message| tera::Error::msg(format!("claim: {message}")))
    }

    /// The output is built here from numbers and an anchor only, and holds a Markdown link.
    fn is_safe(&self) -> bool {
        true
    }
}

impl Claim {
    fn claim(&self, args: &HashMap<String, Value>) -> std::result::Result<Value, String> {
        functions::only(args, &["published", "computed", "tolerance", "item"])?;
        let number = |key: &str| match args.get(key) {
            Some(value) => value.as_f64().ok_or_else(|| {
                format!(
                    "{key}: found {}, expected a number",
                    cut(&value.to_string())
                )
            }),
            None => Err(format!("missing the argument {key}")),
        };
        let (published, computed) = (number("published")?, number("computed")?);
        let tolerance = match args.get("tolerance") {
            Some(_) => Some(number("tolerance")?),
            None => None,
        };
        let decimals = args["published"]
            .to_string()
            .split_once('.')
            .map_or(0, |(_, f)| f.len());
        let shown = format::real(computed, decimals);
        let matches = match tolerance {
            Some(t) => (computed - published).abs() <= t * published.abs(),
            None => shown == format::real(published, decimals),
        };
        let mut found = self.found.lock().expect("claims are collected");
        let item = match args.get("item") {
            Some(_) => functions::text(args, "item")?.to_string(),
            None => format!("{}, claim {}", self.file, found.len() + 1),
        };
        let note = match tolerance {
            Some(t) => format!(
                "stated in {}; within {}% counts as a match",
                self.file,
                t * 100.0
            ),
            None => format!(
                "stated in {}; a match rounds to the stated figure",
                self.file
            ),
        };
        let line = self.line.load(Ordering::Relaxed);
        found.push((
            line,
            ReproductionItem {
                section: CLAIMS_SECTION.into(),
                item: item.clone(),
                published: args["published"].clone(),
                computed: Value::from(computed),
                status: if matches {
                    Status::Match
                } else {
                    Status::Differs
                },
                note,
                stated_in: Vec::new(),
            },
        ));
        Ok(Value::String(if matches {
            shown
        } else {
            format!(
                "{shown} [(≠ {} stated)](#{})",
                format::real(published, decimals),
                claim_anchor(&item)
            )
        }))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_field_of_a_call_is_rewritten_outside_strings() {
        assert_eq!(
            functions::rewrite_tag(
                "{{ ratio(label=\"A (B). c\") | round }} {{ corpus().documents }} {{ x.y(1).z }}"
            ),
            "{{ ratio(label=\"A (B). c\") | round }} {{ corpus(__field=\"documents\") }} \
             {{ x.y(1).z }}"
        );
    }

    #[test]
    fn control_characters_print_as_replacement_characters() {
        assert_eq!(
            visible("a\u{0}b\tc\nd\re\u{1b}[31m\u{7f}\u{85}\u{9f}\u{a0}é"),
            "a\u{fffd}b\tc\nd\u{fffd}e\u{fffd}[31m\u{fffd}\u{fffd}\u{fffd}\u{a0}é"
        );
    }

    #[test]
    fn long_values_are_cut_in_messages() {
        let long = "x".repeat(100);
        assert_eq!(cut(&long), format!("{}…", "x".repeat(80)));
        assert_eq!(cut("short"), "short");
        assert_eq!(
            cut_quoted(&format!("got `\"{long}\"` and \"ok\"")),
            format!("got `\"{}…` and \"ok\"", "x".repeat(79))
        );
    }

    #[test]
    fn numbers_print_with_separators() {
        assert_eq!(format::grouped("1182747"), "1,182,747");
        assert_eq!(format::grouped("125.45"), "125.45");
        assert_eq!(format::grouped("-1234.5"), "-1,234.5");
        assert_eq!(format::grouped("2019-06"), "2019-06");
        assert_eq!(format::grouped("\\>13"), "\\>13");
    }
}
