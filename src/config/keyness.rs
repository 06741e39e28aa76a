//! The `keyness` section: which groups of posts are compared, and how the terms are scored.
//!
//! Each event named (or every dated event of a size class and over) gives one comparison of
//! the posts in the `window_days` from the event day on against the posts of as many days
//! before it; each entry of `compare` gives one more, of two date ranges, two lists of authors
//! or two languages. The measures are quanteda's (see `text::keyness`).

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::Language;
use crate::error::{Error, Result};
use crate::model::events::SizeClass;

/// `keyness`: the keyness tables of the report; absent, there are none.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct KeynessConfig {
    /// The events whose posts after are compared with the posts before: a list of event ids
    /// (`[E12, E15]`), or `all_dated` for every event dated to the day. Default: none.
    #[serde(default)]
    pub events: EventChoice,
    /// With `events: all_dated`, only events of this size class or larger: `lt100`,
    /// `100to1000` or `gt1000` (events of unknown size are then left out). Default: every
    /// dated event.
    #[serde(default)]
    pub min_size: Option<SizeClass>,
    /// Days on each side of an event: the target is the event day and the `window_days - 1`
    /// days after it, the reference the `window_days` days before it. Default: 7.
    #[serde(default = "default_window_days")]
    pub window_days: u32,
    /// Named comparisons: `{name, target, reference}`, each group `{from: YYYY-MM-DD, to:
    /// YYYY-MM-DD}` (both days included), `{authors: [name, ...]}` or `{language: ru}`.
    /// Default: none.
    #[serde(default)]
    pub compare: Vec<Comparison>,
    /// `chi2` (signed chi-squared) or `lr` (signed likelihood ratio G²). Default: `chi2`.
    #[serde(default)]
    pub measure: Measure,
    /// `default` (Yates's, when `|ad - bc| >= N/2` and an expected cell is under 5, as
    /// quanteda), `williams` or `none`. Default: `default`.
    #[serde(default)]
    pub correction: Correction,
    /// `occurrences` (as quanteda) or `support` (posts holding the term). Default:
    /// `occurrences`.
    #[serde(default)]
    pub count: Count,
    /// Terms counted fewer times than this in both groups are left out (0 is read as 1: a
    /// term in neither group has no table). Default: 5.
    #[serde(default = "default_min_count")]
    pub min_count: u64,
    /// Terms shown on each side (target-heavy, reference-heavy) in the chart, the table and
    /// `report.json`; the CSV lists every term. Default: 10.
    #[serde(default = "default_top")]
    pub top: usize,
}

fn default_window_days() -> u32 {
    7
}
fn default_min_count() -> u64 {
    5
}
fn default_top() -> usize {
    10
}

/// `keyness.events`: event ids, or every dated event.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub enum EventChoice {
    /// These events, in this order.
    Ids(Vec<String>),
    /// Every event dated to the day, in date order (then id).
    AllDated,
    /// None.
    #[default]
    None,
}

impl<'de> Deserialize<'de> for EventChoice {
    fn deserialize<D: serde::Deserializer<'de>>(
        deserializer: D,
    ) -> std::result::Result<Self, D::Error> {
        struct Choice;
        impl<'de> serde::de::Visitor<'de> for Choice {
            type Value = EventChoice;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a list of event ids or all_dated")
            }
            fn visit_str<E: serde::de::Error>(
                self,
                text: &str,
            ) -> std::result::Result<EventChoice, E> {
                match text {
                    "all_dated" => Ok(EventChoice::AllDated),
                    _ => Err(E::custom(format!(
                        "found \"{}\", expected a list of event ids or all_dated",
                        text.escape_debug()
                    ))),
                }
            }
            fn visit_seq<A: serde::de::SeqAccess<'de>>(
                self,
                mut seq: A,
            ) -> std::result::Result<EventChoice, A::Error> {
                let mut ids = Vec::new();
                while let Some(id) = seq.next_element::<String>()? {
                    ids.push(id);
                }
                Ok(EventChoice::Ids(ids))
            }
        }
        deserializer.deserialize_any(Choice)
    }
}

/// One entry of `keyness.compare`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Comparison {
    /// The comparison's name, shown as its heading and used by `diff`. Required.
    pub name: String,
    /// The posts whose over-used terms are positive. Required.
    pub target: GroupConfig,
    /// The posts they are compared with. Required.
    pub reference: GroupConfig,
}

/// A group of posts as written: exactly one of a date range, authors or a language.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GroupConfig {
    /// The first day, included.
    #[serde(default)]
    pub from: Option<NaiveDate>,
    /// The last day, included.
    #[serde(default)]
    pub to: Option<NaiveDate>,
    /// Posts by any of these authors (as the corpus names them).
    #[serde(default)]
    pub authors: Option<Vec<String>>,
    /// Posts in this language.
    #[serde(default)]
    pub language: Option<Language>,
}

/// A group of posts, resolved.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Group {
    /// Posts dated from the first day to the last, both included.
    Dates(NaiveDate, NaiveDate),
    /// Posts by any of these authors.
    Authors(Vec<String>),
    /// Posts in this language.
    Language(Language),
}

impl GroupConfig {
    /// The group, or an error naming `key` when the shape is not exactly one of the three.
    pub fn resolve(&self, key: &str) -> Result<Group> {
        let expected = "expected one of {from, to}, {authors: [...]} or {language: ...}";
        match (self.from, self.to, &self.authors, self.language) {
            (Some(from), Some(to), None, None) if from <= to => Ok(Group::Dates(from, to)),
            (Some(from), Some(to), None, None) => Err(Error::config(
                format!("{key}.to"),
                format!("found {to}, before {key}.from ({from}); expected a later day"),
            )),
            (None, None, Some(authors), None) if !authors.is_empty() => {
                Ok(Group::Authors(authors.clone()))
            }
            (None, None, None, Some(language)) => Ok(Group::Language(language)),
            _ => Err(Error::config(
                key,
                format!("found another shape, {expected}"),
            )),
        }
    }
}

impl KeynessConfig {
    /// The comparisons' groups resolved, or the first error, naming its key.
    pub fn groups(&self) -> Result<Vec<(Group, Group)>> {
        self.compare
            .iter()
            .enumerate()
            .map(|(i, c)| {
                let key = format!("keyness.compare[{i}]");
                Ok((
                    c.target.resolve(&format!("{key}.target"))?,
                    c.reference.resolve(&format!("{key}.reference"))?,
                ))
            })
            .collect()
    }

    /// Refuses what cannot be meant: a window of no days, `min_size` without `all_dated`,
    /// `unknown` as `min_size`, a comparison's group of another shape, two comparisons of
    /// one name.
    pub fn check(&self) -> Result<()> {
        if self.window_days == 0 {
            return Err(Error::config(
                "keyness.window_days",
                "found 0, expected 1 day or more",
            ));
        }
        match (self.min_size, &self.events) {
            (Some(SizeClass::Unknown), _) => {
                return Err(Error::config(
                    "keyness.min_size",
                    "found unknown, expected lt100, 100to1000 or gt1000",
                ))
            }
            (Some(_), EventChoice::Ids(_) | EventChoice::None) => {
                return Err(Error::config(
                    "keyness.min_size",
                    "found a size with no events: all_dated, expected it with all_dated only",
                ))
            }
            _ => {}
        }
        self.groups()?;
        for (i, c) in self.compare.iter().enumerate() {
            if self.compare[..i].iter().any(|other| other.name == c.name) {
                return Err(Error::config(
                    format!("keyness.compare[{i}].name"),
                    format!(
                        "found \"{}\" a second time, expected each name once",
                        c.name.escape_debug()
                    ),
                ));
            }
        }
        Ok(())
    }
}

/// Which statistic scores a term (`keyness.measure`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Measure {
    /// Pearson's chi-squared, signed.
    #[default]
    Chi2,
    /// The likelihood ratio G², signed.
    Lr,
}

/// The correction applied to the statistic (`keyness.correction`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Correction {
    /// Yates's, under quanteda's conditions.
    #[default]
    Default,
    /// Williams's.
    Williams,
    /// None.
    None,
}

/// What a term's figure in a group counts (`keyness.count`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Count {
    /// Occurrences, as quanteda.
    #[default]
    Occurrences,
    /// Posts holding the term.
    Support,
}
