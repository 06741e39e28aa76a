//! The study's own words: Markdown files with live figures, placed among the tables.
//!
//! A narrative is a Tera template over `report.json`: its `{{ ... }}` call the functions of
//! [`functions`] (`ratio`, `term`, `events`, ...) and print what they return, so a data update
//! changes the prose on the next build, as inline code does in R Markdown. Filling runs after
//! the analyses, on the serialised report, so a sentence can only say what `report.json`
//! says; the filled Markdown goes back into the report (`narrative`), where `diff` finds the
//! sentences whose figures moved. Printed values are escaped as Markdown text, and a number is
//! printed with thousands separators, as the tables print it (years are strings, so they are
//! not separated). `claim(...)` compares a figure the study states with the computed one and
//! adds it to the reproduction panel. [`markdown`] makes the filled text safe and renders it.

pub mod functions;
pub mod markdown;

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use serde::Serialize;
use serde_json::Value;

use crate::error::{Error, Result};
use crate::render::format;
use crate::reproduce::{ReproductionItem, Status};

/// A narrative file as the config places it, with its text.
#[derive(Debug, Clone)]
pub struct NarrativeSource {
    /// The path as the config writes it.
    pub file: String,
    /// `start`, `end`, or the id of a section, table or figure it follows.
    pub at: String,
    pub text: String,
}

/// A narrative with its figures filled in, as `report.json` keeps it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct NarrativeText {
    pub file: String,
    pub at: String,
    pub markdown: String,
}

/// The section name of claims in the reproduction panel.
pub const CLAIMS_SECTION: &str = "Narrative";

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
        let found = Arc::new(Mutex::new(Vec::new()));
        let mut tera = tera::Tera::default();
        tera.autoescape_on(vec![".md"]);
        tera.set_escape_fn(format::markdown);
        tera.register_filter("figures", figures);
        functions::register(&mut tera, Arc::clone(&report));
        tera.register_function(
            "claim",
            Claim {
                file: source.file.clone(),
                found: Arc::clone(&found),
            },
        );
        let name = "narrative.md";
        tera.add_raw_template(name, &functions::rewrite_fields(&source.text))
            .map_err(|err| template_error(source, &err))?;
        let markdown = tera
            .render(name, &tera::Context::new())
            .map_err(|err| template_error(source, &err))?;
        let found = std::mem::take(&mut *found.lock().expect("claims are collected"));
        for claim in found {
            if claims.iter().any(|c| c.item == claim.item) {
                return Err(Error::config(
                    &source.file,
                    format!(
                        "claim: found the item \"{}\" again, expected each claim to name its own",
                        claim.item
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

/// The `figures` filter around each `{{ ... }}`: a printed number gets thousands separators,
/// as the tables print it (text was already escaped as Markdown by the autoescape).
fn figures(value: &Value, _: &HashMap<String, Value>) -> tera::Result<Value> {
    let text = match value {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    };
    Ok(Value::String(printed(&text)))
}

/// `1182747` as `1,182,747` and `-1234.5` as `-1,234.5`; anything else as it is.
fn printed(text: &str) -> String {
    let digits = text.strip_prefix('-').unwrap_or(text);
    let (whole, fraction) = digits.split_once('.').unwrap_or((digits, ""));
    let numeric = !whole.is_empty()
        && whole.bytes().all(|b| b.is_ascii_digit())
        && fraction.bytes().all(|b| b.is_ascii_digit());
    match (numeric, whole.parse::<u64>()) {
        (true, Ok(n)) => {
            let sign = if digits.len() < text.len() { "-" } else { "" };
            let fraction = if fraction.is_empty() {
                String::new()
            } else {
                format!(".{fraction}")
            };
            format!("{sign}{}{fraction}", format::thousands(n))
        }
        _ => text.to_string(),
    }
}

/// A template or function error, located at `file:line` as far as it can be.
fn template_error(source: &NarrativeSource, err: &tera::Error) -> Error {
    let mut messages = Vec::new();
    let mut cause: Option<&dyn std::error::Error> = Some(err);
    while let Some(e) = cause {
        messages.push(e.to_string());
        cause = e.source();
    }
    let innermost = messages.last().cloned().unwrap_or_default();
    // A syntax error carries its own position (` --> 3:9`).
    if let Some(at) = innermost.find("--> ") {
        let position: String = innermost[at + 4..]
            .chars()
            .take_while(|c| c.is_ascii_digit() || *c == ':')
            .collect();
        let first = innermost.lines().last().unwrap_or("").trim().to_string();
        let message = innermost
            .lines()
            .filter(|l| l.trim_start().starts_with('='))
            .map(|l| l.trim_start_matches([' ', '=']).to_string())
            .next()
            .unwrap_or(first);
        return Error::config(format!("{}:{position}", source.file), message);
    }
    let unknown = innermost
        .strip_prefix("Function '")
        .and_then(|rest| rest.split_once('\''))
        .map(|(name, _)| name.to_string());
    let (message, function) = match unknown {
        Some(name) => (
            format!(
                "found the function {name}, expected one of {}",
                functions::NAMES.join(", ")
            ),
            name,
        ),
        None => {
            let function = innermost.split(':').next().unwrap_or("").to_string();
            (innermost.clone(), function)
        }
    };
    let quoted = message.split('"').nth(1).unwrap_or("");
    let call = format!("{function}(");
    let line = source
        .text
        .lines()
        .position(|l| l.contains(&call) && l.contains(quoted))
        .or_else(|| source.text.lines().position(|l| l.contains(&call)));
    let location = match line {
        Some(index) => format!("{}:{}", source.file, index + 1),
        None => source.file.clone(),
    };
    Error::config(location, message)
}

/// `claim(published, computed, tolerance, item)`: prints the computed value at the published
/// figure's precision and, when the two differ, a marker linking to the claim's row in the
/// reproduction panel. Without `tolerance`, the computed value must round to the published
/// one; with it, it may differ by that fraction of the published value.
struct Claim {
    file: String,
    found: Arc<Mutex<Vec<ReproductionItem>>>,
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
            Some(value) => value
                .as_f64()
                .ok_or_else(|| format!("{key}: found {value}, expected a number")),
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
        found.push(ReproductionItem {
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
        });
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
    fn a_field_of_a_call_is_rewritten_inside_tags_only() {
        assert_eq!(
            functions::rewrite_fields(
                "term(rank=1).term {{ term(rank=1).shown }} {% set c = cluster(rank=1).size %}\n\
                 {{ ratio(label=\"A (B). c\") | round }} {{ corpus().documents }} {{ x.y(1).z }}"
            ),
            "term(rank=1).term {% filter figures %}{{ term(rank=1, __field=\"shown\") }}{% endfilter %} \
             {% set c = cluster(rank=1, __field=\"size\") %}\n\
             {% filter figures %}{{ ratio(label=\"A (B). c\") | round }}{% endfilter %} \
             {% filter figures %}{{ corpus(__field=\"documents\") }}{% endfilter %} \
             {% filter figures %}{{ x.y(1).z }}{% endfilter %}"
        );
    }

    #[test]
    fn numbers_print_with_separators() {
        assert_eq!(printed("1182747"), "1,182,747");
        assert_eq!(printed("125.45"), "125.45");
        assert_eq!(printed("-1234.5"), "-1,234.5");
        assert_eq!(printed("2019-06"), "2019-06");
        assert_eq!(printed("\\>13"), "\\>13");
    }
}
