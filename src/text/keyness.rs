//! Keyness: the terms a target group of posts uses more, or less, than a reference group,
//! with the signed measures of quanteda's `textstat_keyness`.
//!
//! For each term the two groups make a 2x2 table: `a` the term's count in the target, `b` in
//! the reference, `c` and `d` every other term's count in each (the group's total minus `a`
//! or `b`), `N = a + b + c + d`. The measures follow quanteda.textstats as read in its source
//! (`R/textstat_keyness.R`, which groups the dfm into target and reference and takes
//! p-values, and `src/keyness.cpp`, which computes the statistics):
//!
//! - **chi2** (the default): `N (|ad - bc| - N δ)² / ((a+b)(c+d)(a+c)(b+d))`.
//! - **lr**: `G² = 2 Σ o ln(o / e + 1e-9)` over the four cells, `e` each cell's expected
//!   count from the margins. quanteda adds the `1e-9` inside the logarithm (its `epsilon`,
//!   "the same value as R code"), which also makes a zero cell contribute `0 · ln(1e-9) = 0`;
//!   it is kept here so the figures match quanteda's to the last digits.
//! - **Yates's correction** (`correction: default`): `δ = 0.5` only when `|ad - bc| >= N/2`
//!   and one expected cell is under 5; otherwise `δ = 0`. For chi2 it is taken off the
//!   numerator as above; for G² the four cells are moved 0.5 towards independence (`a` and
//!   `d` down, `b` and `c` up when `ad > bc`; the other way round otherwise) before the sum.
//!   quanteda's R documentation says the default for `lr` is Williams's correction, but its
//!   C++ applies Yates's under `default` to both measures; the code is followed here.
//! - **Williams's correction** (`correction: williams`): `q = 1 + (N/(a+b) + N/(c+d) - 1)
//!   (N/(a+c) + N/(b+d) - 1) / (6N)`, or 1 when a cell is zero; the statistic is divided by
//!   `q`. quanteda's G² divides by `q` too, but its chi2 divides the denominator by `q`, which
//!   multiplies the statistic; its own test of that value (4.017626 for the 7/2 against 3/7
//!   table, commented out) expects the division, so the division is used for both here.
//! - **Sign**: positive when `a` exceeds its expected count `(a+b)(a+c)/N` (the target uses
//!   the term more), negative otherwise (a statistic of zero is written 0).
//! - **p**: the upper tail of the chi-squared distribution with one degree of freedom at
//!   `|statistic|` (quanteda's `1 - pchisq(abs(stat), 1)`; computed here as the tail itself,
//!   so very small p-values are not rounded to 0).
//!
//! quanteda counts occurrences; `keyness.count: support` counts posts holding the term
//! instead (the group totals are then the sums of the supports, as a boolean-weighted dfm's
//! would be). Terms under `keyness.min_count` in both groups are left out; the rest are
//! sorted by statistic, largest first, then by term in byte order (quanteda's order too).
//!
//! The comparison reads the document-term matrix built once for every text analysis: each
//! group is one pass over its documents' rows, with no re-tokenising.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::matrix::Indexed;
pub use crate::config::keyness::{Correction, Count, Measure};
use crate::config::keyness::{EventChoice, Group, KeynessConfig};
use crate::error::{Error, Result};
use crate::model::corpus::Post;
use crate::model::events::{Event, SizeClass};

/// quanteda's `epsilon`, added inside every logarithm of G².
const EPSILON: f64 = 1e-9;

/// One term's 2x2 table: `a`, `b` the term in the target and the reference, `c`, `d` the
/// other terms in each.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Table {
    /// The term in the target.
    pub a: f64,
    /// The term in the reference.
    pub b: f64,
    /// Every other term in the target.
    pub c: f64,
    /// Every other term in the reference.
    pub d: f64,
}

impl Table {
    fn n(&self) -> f64 {
        self.a + self.b + self.c + self.d
    }

    /// 1 when the target uses the term more than expected, else -1.
    fn sign(&self) -> f64 {
        let expected = (self.a + self.b) * (self.a + self.c) / self.n();
        if self.a > expected {
            1.0
        } else {
            -1.0
        }
    }

    /// True when a margin is zero, where neither statistic is defined (taken as 0).
    fn degenerate(&self) -> bool {
        let Table { a, b, c, d } = *self;
        a + b == 0.0 || c + d == 0.0 || a + c == 0.0 || b + d == 0.0
    }
}

/// Yates's δ under quanteda's conditions: 0.5 when `|ad - bc| >= N/2` and an expected cell is
/// under 5, else 0.
pub fn yates_delta(t: Table) -> f64 {
    let Table { a, b, c, d } = t;
    let n = t.n();
    let expected = [
        (a + b) * (a + c) / n,
        (a + b) * (b + d) / n,
        (a + c) * (c + d) / n,
        (c + d) * (b + d) / n,
    ];
    if (a * d - b * c).abs() >= n / 2.0 && expected.iter().any(|&e| e < 5.0) {
        0.5
    } else {
        0.0
    }
}

/// Williams's q; 1 when a cell is zero.
pub fn williams_q(t: Table) -> f64 {
    let Table { a, b, c, d } = t;
    if a * b * c * d == 0.0 {
        return 1.0;
    }
    let n = t.n();
    1.0 + (n / (a + b) + n / (c + d) - 1.0) * (n / (a + c) + n / (b + d) - 1.0) / (6.0 * n)
}

/// The signed chi-squared statistic of `t`.
pub fn chi2(t: Table, correction: Correction) -> f64 {
    if t.degenerate() {
        return 0.0;
    }
    let Table { a, b, c, d } = t;
    let n = t.n();
    let delta = match correction {
        Correction::Default => yates_delta(t),
        _ => 0.0,
    };
    let value =
        n * ((a * d - b * c).abs() - n * delta).powi(2) / ((a + b) * (c + d) * (a + c) * (b + d));
    let value = match correction {
        Correction::Williams => value / williams_q(t),
        _ => value,
    };
    signed(value, t)
}

/// The signed likelihood ratio G² of `t`.
pub fn g2(t: Table, correction: Correction) -> f64 {
    if t.degenerate() {
        return 0.0;
    }
    let n = t.n();
    let Table { a, b, c, d } = match correction {
        Correction::Default => {
            let delta = yates_delta(t);
            let towards = if t.a * t.d - t.b * t.c > 0.0 {
                -delta
            } else {
                delta
            };
            Table {
                a: t.a + towards,
                b: t.b - towards,
                c: t.c - towards,
                d: t.d + towards,
            }
        }
        _ => t,
    };
    let cell = |o: f64, row: f64, column: f64| o * (o / (row * column / n) + EPSILON).ln();
    let sum = cell(a, a + b, a + c)
        + cell(b, a + b, b + d)
        + cell(c, a + c, c + d)
        + cell(d, b + d, c + d);
    let value = match correction {
        Correction::Williams => 2.0 * sum / williams_q(t),
        _ => 2.0 * sum,
    };
    signed(value, t)
}

/// `value` with the sign of `t`'s direction; zero is written 0, never -0.
fn signed(value: f64, t: Table) -> f64 {
    if value == 0.0 {
        0.0
    } else {
        value * t.sign()
    }
}

/// The statistic `measure` gives `t`.
pub fn statistic(t: Table, measure: Measure, correction: Correction) -> f64 {
    match measure {
        Measure::Chi2 => chi2(t, correction),
        Measure::Lr => g2(t, correction),
    }
}

/// The upper tail of the chi-squared distribution with one degree of freedom at `|x|`: the
/// regularised upper incomplete gamma function Q(1/2, |x|/2), by its series below 1.5 and its
/// continued fraction above (both to double precision).
pub fn p_value(x: f64) -> f64 {
    let y = x.abs() / 2.0;
    if y == 0.0 {
        return 1.0;
    }
    let ln_gamma_half = 0.5 * std::f64::consts::PI.ln();
    let front = (-y + 0.5 * y.ln() - ln_gamma_half).exp();
    if y < 1.5 {
        // P(1/2, y) = front * Σ y^k / (1/2 (1/2+1) ... (1/2+k)).
        let (mut term, mut sum, mut a) = (2.0, 2.0, 0.5);
        for _ in 0..500 {
            a += 1.0;
            term *= y / a;
            sum += term;
            if term.abs() < sum.abs() * 1e-17 {
                break;
            }
        }
        (1.0 - front * sum).max(0.0)
    } else {
        // Modified Lentz's method for the continued fraction of Q(1/2, y).
        let tiny = 1e-300;
        let mut b = y + 0.5;
        let mut c = 1.0 / tiny;
        let mut d = 1.0 / b;
        let mut h = d;
        for i in 1..500 {
            let an = -(i as f64) * (i as f64 - 0.5);
            b += 2.0;
            d = an * d + b;
            if d.abs() < tiny {
                d = tiny;
            }
            c = b + an / c;
            if c.abs() < tiny {
                c = tiny;
            }
            d = 1.0 / d;
            let step = d * c;
            h *= step;
            if (step - 1.0).abs() < 1e-16 {
                break;
            }
        }
        front * h
    }
}

/// How the comparison is made (from the `keyness` section).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Settings {
    /// The statistic.
    pub measure: Measure,
    /// Its correction.
    pub correction: Correction,
    /// Occurrences or posts.
    pub count: Count,
    /// Terms under this count in both groups are left out.
    pub min_count: u64,
}

/// One term's keyness: its counts in each group and its statistic.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct KeyTerm {
    /// The stem.
    pub term: String,
    /// The word the stem most often stands for.
    pub form: String,
    /// Its count (occurrences or posts) in the target.
    pub target: u64,
    /// Its count in the reference.
    pub reference: u64,
    /// The signed statistic: positive when the target uses the term more.
    pub statistic: f64,
    /// The p-value (chi-squared, one degree of freedom).
    pub p: f64,
}

/// Each term's count in `documents`, and their total: one pass over their matrix rows.
pub fn group_counts(indexed: &Indexed, documents: &[usize], count: Count) -> (Vec<u64>, u64) {
    let mut counts = vec![0u64; indexed.vocabulary.stems.len()];
    let mut total = 0;
    for &document in documents {
        let (columns, values) = indexed.matrix.row(document);
        for (&column, &value) in columns.iter().zip(values) {
            let value = match count {
                Count::Occurrences => u64::from(value),
                Count::Support => 1,
            };
            counts[column as usize] += value;
            total += value;
        }
    }
    (counts, total)
}

/// Every term at `min_count` or over in either group, scored, largest statistic first (then
/// term in byte order).
pub fn compare(
    indexed: &Indexed,
    target: &[usize],
    reference: &[usize],
    settings: &Settings,
) -> Vec<KeyTerm> {
    let (in_target, target_total) = group_counts(indexed, target, settings.count);
    let (in_reference, reference_total) = group_counts(indexed, reference, settings.count);
    let minimum = settings.min_count.max(1);
    let mut terms: Vec<KeyTerm> = (0..in_target.len())
        .filter(|&i| in_target[i] >= minimum || in_reference[i] >= minimum)
        .map(|i| {
            let (a, b) = (in_target[i], in_reference[i]);
            let table = Table {
                a: a as f64,
                b: b as f64,
                c: (target_total - a) as f64,
                d: (reference_total - b) as f64,
            };
            let statistic = statistic(table, settings.measure, settings.correction);
            KeyTerm {
                term: indexed.vocabulary.stems[i].clone(),
                form: indexed.vocabulary.forms[i].clone(),
                target: a,
                reference: b,
                statistic,
                p: p_value(statistic),
            }
        })
        .collect();
    terms.sort_by(|x, y| {
        y.statistic
            .total_cmp(&x.statistic)
            .then_with(|| x.term.cmp(&y.term))
    });
    terms
}

/// The `top` terms of each side of a sorted list: the most target-heavy (positive) first, then
/// the most reference-heavy (negative), strongest first.
pub fn top_each_side(terms: &[KeyTerm], top: usize) -> Vec<KeyTerm> {
    let target = terms.iter().filter(|t| t.statistic > 0.0).take(top);
    let reference = terms.iter().rev().filter(|t| t.statistic < 0.0).take(top);
    target.chain(reference).cloned().collect()
}

/// A group of a comparison, as the report describes it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GroupSummary {
    /// What the group is: `posts from 2022-01-05 to 2022-01-11`, `posts by a, b`, `posts in ru`.
    pub description: String,
    /// How many posts it holds.
    pub documents: usize,
}

/// One keyness table: a comparison, its groups and its strongest terms.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct KeynessTable {
    /// The comparison's name: the event's id, or the name in `keyness.compare`.
    pub name: String,
    /// The event's id, for an event's comparison.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub event: Option<String>,
    /// The posts whose over-used terms are positive.
    pub target: GroupSummary,
    /// The posts they are compared with.
    pub reference: GroupSummary,
    /// The statistic.
    pub measure: Measure,
    /// Its correction.
    pub correction: Correction,
    /// What the counts count.
    pub count: Count,
    /// Terms at `min_count` or over in either group: the rows of the CSV.
    pub listed: usize,
    /// The `top` most target-heavy terms, then the `top` most reference-heavy, strongest
    /// first. `report.json` keeps only these, so it does not grow with the corpus.
    pub terms: Vec<KeyTerm>,
    /// Every listed term, in order; for the CSV of the build that computed them, and not
    /// written to `report.json` (empty when read back from it).
    #[serde(skip)]
    pub all_terms: Vec<KeyTerm>,
}

/// The keyness tables `section` asks for: each event's, then each comparison's, in config
/// order. `posts` are the corpus's posts in matrix row order; `events` the study's, if any.
pub fn analyse(
    section: &KeynessConfig,
    indexed: &Indexed,
    posts: &[Post],
    events: Option<&[Event]>,
) -> Result<Vec<KeynessTable>> {
    let settings = Settings {
        measure: section.measure,
        correction: section.correction,
        count: section.count,
        min_count: section.min_count,
    };
    let mut groups = Vec::new();
    let days = u64::from(section.window_days.max(1));
    for (event, day) in chosen_events(section, events)? {
        let after = Group::Dates(day, day + chrono::Days::new(days - 1));
        let before = Group::Dates(day - chrono::Days::new(days), day - chrono::Days::new(1));
        groups.push((
            event.event_id.clone(),
            Some(event.event_id.clone()),
            after,
            before,
        ));
    }
    for (comparison, (target, reference)) in section.compare.iter().zip(section.groups()?) {
        groups.push((comparison.name.clone(), None, target, reference));
    }
    Ok(groups
        .into_iter()
        .map(|(name, event, target, reference)| {
            let target_documents = members(&target, indexed, posts);
            let reference_documents = members(&reference, indexed, posts);
            let all_terms = compare(indexed, &target_documents, &reference_documents, &settings);
            KeynessTable {
                name,
                event,
                target: summary(&target, target_documents.len()),
                reference: summary(&reference, reference_documents.len()),
                measure: settings.measure,
                correction: settings.correction,
                count: settings.count,
                listed: all_terms.len(),
                terms: top_each_side(&all_terms, section.top),
                all_terms,
            }
        })
        .collect())
}

/// The events of `keyness.events`, each dated to the day; an id not found, or an event not
/// dated to the day, is an error naming it.
fn chosen_events<'a>(
    section: &KeynessConfig,
    events: Option<&'a [Event]>,
) -> Result<Vec<(&'a Event, NaiveDate)>> {
    let listed = match (&section.events, events) {
        (EventChoice::None, _) => return Ok(Vec::new()),
        (_, Some(events)) => events,
        (_, None) => {
            return Err(Error::config(
                "keyness.events",
                "found events to compare around, expected an events section to read them from",
            ))
        }
    };
    match &section.events {
        EventChoice::Ids(ids) => ids
            .iter()
            .enumerate()
            .map(|(i, id)| {
                let key = format!("keyness.events[{i}]");
                let event = listed.iter().find(|e| e.event_id == *id).ok_or_else(|| {
                    let known: Vec<&str> = listed
                        .iter()
                        .take(20)
                        .map(|e| e.event_id.as_str())
                        .collect();
                    let more = if listed.len() > 20 { ", ..." } else { "" };
                    Error::config(
                        &key,
                        format!(
                            "found \"{}\", expected the id of an event: {}{more}",
                            id.escape_debug(),
                            known.join(", ")
                        ),
                    )
                })?;
                match event.date.day_date() {
                    Some(day) => Ok((event, day)),
                    None => Err(Error::config(
                        &key,
                        format!(
                            "found \"{}\", an event not dated to the day, expected one that is",
                            id.escape_debug()
                        ),
                    )),
                }
            })
            .collect(),
        _ => {
            let mut chosen: Vec<(&Event, NaiveDate)> = listed
                .iter()
                .filter_map(|e| e.date.day_date().map(|day| (e, day)))
                .filter(|(e, _)| match section.min_size {
                    Some(min) => e.size_class != SizeClass::Unknown && e.size_class >= min,
                    None => true,
                })
                .collect();
            chosen.sort_by(|(x, a), (y, b)| a.cmp(b).then_with(|| x.event_id.cmp(&y.event_id)));
            Ok(chosen)
        }
    }
}

/// The rows of the posts in `group`, ascending.
fn members(group: &Group, indexed: &Indexed, posts: &[Post]) -> Vec<usize> {
    let language = |d: usize| {
        let index = usize::from(indexed.document_languages.get(d).copied().unwrap_or(0));
        indexed.languages.get(index).copied()
    };
    (0..posts.len().min(indexed.matrix.rows()))
        .filter(|&d| match group {
            Group::Dates(from, to) => posts[d].date.is_some_and(|day| *from <= day && day <= *to),
            Group::Authors(names) => posts[d].author.as_ref().is_some_and(|a| names.contains(a)),
            Group::Language(wanted) => language(d) == Some(*wanted),
        })
        .collect()
}

fn summary(group: &Group, documents: usize) -> GroupSummary {
    let description = match group {
        Group::Dates(from, to) => format!("posts from {from} to {to}"),
        Group::Authors(names) => format!("posts by {}", names.join(", ")),
        Group::Language(language) => format!("posts in {}", language.name()),
    };
    GroupSummary {
        description,
        documents,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn table(a: f64, b: f64, c: f64, d: f64) -> Table {
        Table { a, b, c, d }
    }

    fn close(x: f64, y: f64) {
        assert!((x - y).abs() < 1e-9 * y.abs().max(1.0), "{x} != {y}");
    }

    #[test]
    fn chi2_without_yates_when_the_difference_is_under_half_n() {
        // a=10 b=10 c=90 d=91: N=201, ad-bc=10 < 100.5, so δ=0 though no cell is small.
        let t = table(10.0, 10.0, 90.0, 91.0);
        assert_eq!(yates_delta(t), 0.0);
        let hand = 201.0 * 100.0 / (20.0 * 181.0 * 100.0 * 101.0);
        close(chi2(t, Correction::Default), hand);
        close(chi2(t, Correction::None), hand);
    }

    #[test]
    fn chi2_with_yates_when_an_expected_cell_is_small() {
        // a=7 b=2 c=3 d=7 (quanteda's own test table): N=19, |ad-bc|=43 >= 9.5 and
        // E(a)=9*10/19 < 5 is false, but E(b)=9*9/19=4.26 < 5, so δ=0.5.
        let t = table(7.0, 2.0, 3.0, 7.0);
        assert_eq!(yates_delta(t), 0.5);
        let den = 9.0 * 10.0 * 10.0 * 9.0;
        close(
            chi2(t, Correction::Default),
            19.0 * (43.0_f64 - 9.5).powi(2) / den,
        );
        close(chi2(t, Correction::None), 19.0 * 43.0 * 43.0 / den);
        // Williams divides by q = 1 + (19/9 + 19/10 - 1)^2 / 114 (quanteda's commented test).
        assert!((chi2(t, Correction::Williams) - 4.017626).abs() < 1e-6);
        // The reference-heavy term of the same table is negative.
        assert!(chi2(table(3.0, 7.0, 7.0, 2.0), Correction::None) < 0.0);
    }

    #[test]
    fn yates_needs_both_conditions() {
        // Large cells, large difference: no expected cell under 5.
        assert_eq!(yates_delta(table(50.0, 10.0, 50.0, 90.0)), 0.0);
        // A small expected cell but |ad-bc| = 0 < N/2.
        assert_eq!(yates_delta(table(1.0, 1.0, 100.0, 100.0)), 0.0);
    }

    #[test]
    fn a_zero_cell() {
        // a=5 b=0 c=45 d=50: N=100, ad-bc=250 >= 50 and E(b)=2.5 < 5, so δ=0.5.
        let t = table(5.0, 0.0, 45.0, 50.0);
        assert_eq!(yates_delta(t), 0.5);
        close(
            chi2(t, Correction::Default),
            100.0 * (250.0_f64 - 50.0).powi(2) / (5.0 * 95.0 * 50.0 * 50.0),
        );
        // G² without correction: the zero cell adds nothing.
        let e = |o: f64, r: f64, c: f64| o * (o / (r * c / 100.0) + EPSILON).ln();
        let hand = 2.0 * (e(5.0, 5.0, 50.0) + e(45.0, 95.0, 50.0) + e(50.0, 95.0, 50.0));
        close(g2(t, Correction::None), hand);
        // With Yates the cells move 0.5 towards independence: 4.5, 0.5, 45.5, 49.5.
        let hand = 2.0
            * (e(4.5, 5.0, 50.0) + e(0.5, 5.0, 50.0) + e(45.5, 95.0, 50.0) + e(49.5, 95.0, 50.0));
        close(g2(t, Correction::Default), hand);
        // Williams's q is 1 with a zero cell.
        assert_eq!(williams_q(t), 1.0);
        close(g2(t, Correction::Williams), g2(t, Correction::None));
    }

    #[test]
    fn g2_williams_divides_by_q() {
        let t = table(7.0, 2.0, 3.0, 7.0);
        let q = 1.0 + (19.0_f64 / 9.0 + 1.9 - 1.0).powi(2) / 114.0;
        close(williams_q(t), q);
        close(g2(t, Correction::Williams), g2(t, Correction::None) / q);
    }

    #[test]
    fn p_values_of_known_quantiles() {
        close(p_value(0.0), 1.0);
        close(p_value(3.841_458_820_694_124), 0.05);
        close(p_value(-3.841_458_820_694_124), 0.05);
        close(p_value(6.634_896_601_021_214), 0.01);
        close(p_value(1.0), 0.317_310_507_862_914_1);
        assert!(p_value(1000.0) > 0.0 && p_value(1000.0) < 1e-200);
    }

    #[test]
    fn a_margin_of_zero_scores_zero() {
        assert_eq!(chi2(table(0.0, 0.0, 5.0, 5.0), Correction::Default), 0.0);
        assert!(g2(table(3.0, 0.0, 0.0, 5.0), Correction::None).is_finite());
    }
}
