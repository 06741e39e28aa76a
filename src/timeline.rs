//! Posts and terms over time (issue 19): posts per period against the protest events, the
//! periods where posts peak and the events near each, and the share of posts per period that
//! hold each term the config lists.
//!
//! Why a stage of its own: Figure 2 shows views over time; this is the same question asked of
//! the corpus itself, so it shares Figure 2's peak rule ([`crate::media::views::find_peaks`])
//! and pairing ([`crate::media::views::nearby`]). Periods are days, ISO weeks or months,
//! zero-filled from the first dated post to the last, so a quiet period shows as 0 rather
//! than vanishing. Term counts are read from the document-term matrix built once by the text
//! stage (n-grams from its stem sequences): nothing is tokenised again.

use chrono::{Datelike, NaiveDate};
use rustc_hash::FxHashMap as HashMap;
use serde::{Deserialize, Serialize};

use crate::config::{PeakRule, TimelinePeriod};
use crate::media::views::{self, DatedEvent, Nearby};
use crate::model::events::Event;
use crate::model::media::Period;
use crate::text::matrix::{Indexed, Normaliser};

/// The `timeline` section of `report.json`:
///
/// ```json
/// {"period": "week", "period_from_span": true, "rule": "...", "window_days": 7,
///  "posts": [{"period": "2019-W23", "start": "2019-06-03", "posts": 12}],
///  "undated": 3,
///  "peaks": [{"period": "2019-W23", "posts": 12, "baseline": 4.0, "events": [...]}],
///  "events": [...], "undated_events": 0,
///  "terms": [{"asked": "rally", "term": "ralli", "found": true,
///             "periods": [{"period": "2019-W23", "support": 3, "share": 0.25}]}]}
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TimelineReport {
    /// The length of the periods: `day`, `week` or `month`.
    pub period: TimelinePeriod,
    /// True when `timeline.period` was not set and the span of the posts chose it.
    pub period_from_span: bool,
    /// The peak rule in words, as the page states it.
    pub rule: String,
    /// `timeline.window_days`: events this many days or fewer from a peak are paired with it.
    pub window_days: u32,
    /// Posts per period, every period from the first dated post's to the last's, in order.
    pub posts: Vec<PeriodPosts>,
    /// Posts (with text) that have no date, left out of every period.
    pub undated: usize,
    /// The periods the rule picks, in period order.
    pub peaks: Vec<TimelinePeak>,
    /// The protest events dated to the day within the timeline's span, for the charts.
    pub events: Vec<DatedEvent>,
    /// Events left out of the charts and the pairing because their date has no day.
    pub undated_events: usize,
    /// One entry per `timeline.terms`, in config order.
    pub terms: Vec<TermSeries>,
}

/// The posts of one period.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PeriodPosts {
    /// The period: `2019-06-09`, `2019-W23` or `2019-06`.
    pub period: Period,
    /// Its first day.
    pub start: NaiveDate,
    /// Dated posts (with text) in it; 0 for a period without any.
    pub posts: usize,
}

/// A period of many posts by the peak rule, with the protest events near it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TimelinePeak {
    /// The period.
    pub period: Period,
    /// Its posts.
    pub posts: usize,
    /// What the rule compared the posts with (the rolling median), when it has one.
    pub baseline: Option<f64>,
    /// The events dated to the day within `window_days` of the period, by date then id.
    pub events: Vec<Nearby>,
}

/// One listed term's share of posts per period.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TermSeries {
    /// The term as `timeline.terms` writes it.
    pub asked: String,
    /// The corpus's term it stands for: its stem (or alias), or the stems of an n-gram joined
    /// by a space; empty when every word of it is a stopword.
    pub term: String,
    /// False when no dated post holds the term: a notice says so.
    pub found: bool,
    /// Every period of [`TimelineReport::posts`], in the same order.
    pub periods: Vec<TermPeriod>,
}

/// A term in one period.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TermPeriod {
    /// The period.
    pub period: Period,
    /// Posts of the period holding the term.
    pub support: usize,
    /// `support` / posts of the period; 0 when the period has no posts.
    pub share: f64,
}

/// What the stage is asked: the config's `timeline` keys, resolved.
#[derive(Debug, Clone)]
pub struct Settings {
    /// `timeline.period`; `None` to choose from the span ([`period_for_span`]).
    pub period: Option<TimelinePeriod>,
    /// `timeline.window_days`.
    pub window_days: u32,
    /// `timeline.peaks`.
    pub peaks: PeakRule,
    /// `timeline.terms`, as written.
    pub terms: Vec<String>,
}

/// The default period for posts from `first` to `last`: `day` when they are under 90 days
/// apart, `week` under two years (730 days), else `month`.
pub fn period_for_span(first: NaiveDate, last: NaiveDate) -> TimelinePeriod {
    let days = (last - first).num_days();
    if days < 90 {
        TimelinePeriod::Day
    } else if days < 730 {
        TimelinePeriod::Week
    } else {
        TimelinePeriod::Month
    }
}

/// The period of `kind` holding `day`.
pub fn period_of(day: NaiveDate, kind: TimelinePeriod) -> Period {
    match kind {
        TimelinePeriod::Day => Period::Day(day),
        TimelinePeriod::Week => {
            let week = day.iso_week();
            Period::Week(week.year(), week.week())
        }
        TimelinePeriod::Month => Period::Month(day.year(), day.month()),
    }
}

/// Every period of `kind` from the one holding `first` to the one holding `last`.
pub fn periods(first: NaiveDate, last: NaiveDate, kind: TimelinePeriod) -> Vec<Period> {
    let mut all = Vec::new();
    let mut day = first;
    while day <= last {
        let period = period_of(day, kind);
        all.push(period);
        match period.days().1.succ_opt() {
            Some(next) => day = next,
            None => break,
        }
    }
    all
}

/// The timeline of the posts dated `dates` (one per row of `indexed`, in corpus order) against
/// `events`; `None` when no post has a date. `normaliser` turns each listed term into the
/// corpus's term.
pub fn analyse(
    dates: &[Option<NaiveDate>],
    indexed: &Indexed,
    normaliser: &Normaliser,
    events: &[Event],
    settings: &Settings,
) -> Option<TimelineReport> {
    let first = dates.iter().flatten().min().copied()?;
    let last = dates.iter().flatten().max().copied()?;
    let kind = settings.period.unwrap_or(period_for_span(first, last));
    let all = periods(first, last, kind);
    let index: HashMap<Period, usize> = all.iter().enumerate().map(|(i, p)| (*p, i)).collect();
    let slot: Vec<Option<usize>> = dates
        .iter()
        .map(|d| d.map(|d| index[&period_of(d, kind)]))
        .collect();
    let mut counts = vec![0usize; all.len()];
    for s in slot.iter().flatten() {
        counts[*s] += 1;
    }
    let dated: Vec<(NaiveDate, &Event)> = events
        .iter()
        .filter_map(|e| Some((e.date.day_date()?, e)))
        .collect();
    let values: Vec<u64> = counts.iter().map(|&c| c as u64).collect();
    let peaks = views::find_peaks(&values, settings.peaks)
        .into_iter()
        .map(|(i, baseline)| TimelinePeak {
            period: all[i],
            posts: counts[i],
            baseline,
            events: views::nearby(all[i], &dated, settings.window_days),
        })
        .collect();
    let (span_first, span_last) = (all[0].days().0, all[all.len() - 1].days().1);
    let asked: Vec<Vec<String>> = settings.terms.iter().map(|t| normaliser.stems(t)).collect();
    let supports = term_supports(indexed, &slot, all.len(), &asked);
    let terms = settings
        .terms
        .iter()
        .zip(&asked)
        .zip(supports)
        .map(|((written, stems), support)| TermSeries {
            asked: written.clone(),
            term: stems.join(" "),
            found: support.iter().any(|&s| s > 0),
            periods: all
                .iter()
                .zip(&support)
                .zip(&counts)
                .map(|((period, &support), &posts)| TermPeriod {
                    period: *period,
                    support,
                    share: if posts == 0 {
                        0.0
                    } else {
                        support as f64 / posts as f64
                    },
                })
                .collect(),
        })
        .collect();
    Some(TimelineReport {
        period: kind,
        period_from_span: settings.period.is_none(),
        rule: views::describe(settings.peaks).replace("views", "posts"),
        window_days: settings.window_days,
        posts: all
            .iter()
            .zip(&counts)
            .map(|(period, &posts)| PeriodPosts {
                period: *period,
                start: period.days().0,
                posts,
            })
            .collect(),
        undated: dates.iter().filter(|d| d.is_none()).count(),
        peaks,
        events: dated
            .iter()
            .filter(|(day, _)| (span_first..=span_last).contains(day))
            .map(|(day, e)| DatedEvent {
                event_id: e.event_id.clone(),
                date: *day,
                form: e.form,
                size_class: e.size_class,
                location: e.location.clone(),
            })
            .collect(),
        undated_events: events.len() - dated.len(),
        terms,
    })
}

/// For each term (its stems; one stem a column of the matrix, several an n-gram of the
/// sequences), the documents holding it in each of `periods` slots: one pass over the rows of
/// the matrix. A term with a stem the vocabulary lacks, or with none, is held by no document.
fn term_supports(
    indexed: &Indexed,
    slot: &[Option<usize>],
    periods: usize,
    terms: &[Vec<String>],
) -> Vec<Vec<usize>> {
    let ids: HashMap<&str, u32> = indexed
        .vocabulary
        .stems
        .iter()
        .enumerate()
        .map(|(i, s)| (s.as_str(), i as u32))
        .collect();
    let resolved: Vec<Option<Vec<u32>>> = terms
        .iter()
        .map(|stems| {
            let found: Option<Vec<u32>> =
                stems.iter().map(|s| ids.get(s.as_str()).copied()).collect();
            found.filter(|f| !f.is_empty())
        })
        .collect();
    // The single-stem terms by column, to test each row's entries against.
    let mut by_column: HashMap<u32, Vec<usize>> = HashMap::default();
    for (t, ids) in resolved.iter().enumerate() {
        if let Some([id]) = ids.as_deref() {
            by_column.entry(*id).or_default().push(t);
        }
    }
    let mut support = vec![vec![0usize; periods]; terms.len()];
    for (d, s) in slot.iter().enumerate() {
        let Some(s) = *s else { continue };
        if !by_column.is_empty() {
            for column in indexed.matrix.row(d).0 {
                for &t in by_column.get(column).into_iter().flatten() {
                    support[t][s] += 1;
                }
            }
        }
        for (t, ids) in resolved.iter().enumerate() {
            if let Some(ngram) = ids.as_deref().filter(|ids| ids.len() > 1) {
                if indexed.sequences[d]
                    .windows(ngram.len())
                    .any(|w| w == ngram)
                {
                    support[t][s] += 1;
                }
            }
        }
    }
    support
}

/// What a reader of the timeline should know: posts without a date, terms the posts lack.
pub fn notices(report: &TimelineReport) -> Vec<String> {
    let mut notices = Vec::new();
    if report.undated > 0 {
        notices.push(format!(
            "timeline: {} {} no date and {} left out of the timeline",
            report.undated,
            if report.undated == 1 {
                "post has"
            } else {
                "posts have"
            },
            if report.undated == 1 { "is" } else { "are" },
        ));
    }
    for term in report.terms.iter().filter(|t| !t.found) {
        let what = if term.term.is_empty() {
            "has no word that is not a stopword".to_string()
        } else {
            format!(
                "(term {}) does not occur in the dated posts",
                crate::escape::quoted(&term.term)
            )
        };
        notices.push(format!(
            "timeline.terms: {} {what}",
            crate::escape::quoted(&term.asked)
        ));
    }
    notices
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::events::{EventDate, Form, SizeClass};
    use crate::text::matrix::{english, index};

    fn day(text: &str) -> NaiveDate {
        NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap()
    }

    fn event(id: &str, date: &str) -> Event {
        Event {
            event_id: id.into(),
            date: EventDate::parse(date).unwrap(),
            form: Form::Protest,
            participants: None,
            size_class: SizeClass::Unknown,
            count: 1,
            at_least: false,
            cities: None,
            detainees: None,
            location: String::new(),
            source: String::new(),
            notes: String::new(),
        }
    }

    fn settings(period: Option<TimelinePeriod>, terms: &[&str]) -> Settings {
        Settings {
            period,
            window_days: 7,
            peaks: PeakRule::Top { n: 1 },
            terms: terms.iter().map(|t| t.to_string()).collect(),
        }
    }

    #[test]
    fn default_period_at_89_and_90_days_and_two_years() {
        let first = day("2019-01-01");
        let after = |days: u64| first + chrono::Days::new(days);
        assert_eq!(period_for_span(first, after(89)), TimelinePeriod::Day);
        assert_eq!(period_for_span(first, after(90)), TimelinePeriod::Week);
        assert_eq!(period_for_span(first, after(729)), TimelinePeriod::Week);
        assert_eq!(period_for_span(first, after(730)), TimelinePeriod::Month);
    }

    #[test]
    fn iso_weeks_across_a_year_boundary() {
        // 2019-12-30 is the Monday of 2020-W01; 2021-01-03 is the Sunday of 2020-W53.
        assert_eq!(
            period_of(day("2019-12-30"), TimelinePeriod::Week).to_string(),
            "2020-W01"
        );
        assert_eq!(
            period_of(day("2021-01-03"), TimelinePeriod::Week).to_string(),
            "2020-W53"
        );
        let weeks: Vec<String> =
            periods(day("2019-12-25"), day("2020-01-06"), TimelinePeriod::Week)
                .iter()
                .map(Period::to_string)
                .collect();
        assert_eq!(weeks, ["2019-W52", "2020-W01", "2020-W02"]);
        assert_eq!(Period::parse_any("2020-W53"), Some(Period::Week(2020, 53)));
        assert_eq!(Period::parse_any("2019-W53"), None);
        assert_eq!(Period::Week(2020, 1).days().0, day("2019-12-30"));
    }

    #[test]
    fn gaps_are_zero_and_undated_posts_counted() {
        let texts = ["rally today", "rally again", "quiet", "no date"];
        let normaliser = english(true);
        let indexed = index(&texts, &normaliser);
        let dates = [
            Some(day("2019-06-01")),
            Some(day("2019-06-01")),
            Some(day("2019-06-04")),
            None,
        ];
        let events = [
            event("e1", "2019-06-05"),
            event("e2", "2019-06-20"),
            event("y", "2019"),
        ];
        let report = analyse(&dates, &indexed, &normaliser, &events, &settings(None, &[])).unwrap();
        assert_eq!(report.period, TimelinePeriod::Day);
        assert!(report.period_from_span);
        let posts: Vec<(String, usize)> = report
            .posts
            .iter()
            .map(|p| (p.period.to_string(), p.posts))
            .collect();
        assert_eq!(
            posts,
            [
                ("2019-06-01".into(), 2),
                ("2019-06-02".into(), 0),
                ("2019-06-03".into(), 0),
                ("2019-06-04".into(), 1)
            ]
        );
        assert_eq!(report.undated, 1);
        // Top 1: 2019-06-01; e1 is 4 days after (within 7), e2 19 days (not).
        assert_eq!(report.peaks.len(), 1);
        assert_eq!(report.peaks[0].period.to_string(), "2019-06-01");
        let near: Vec<(&str, i64)> = report.peaks[0]
            .events
            .iter()
            .map(|e| (e.event_id.as_str(), e.days))
            .collect();
        assert_eq!(near, [("e1", 4)]);
        assert_eq!(report.undated_events, 1);
        // e1 is paired but, after the last post, not on the chart (as Figure 2).
        assert!(report.events.is_empty());
        assert_eq!(
            notices(&report),
            ["timeline: 1 post has no date and is left out of the timeline"]
        );
    }

    #[test]
    fn term_shares_by_hand_with_ngrams_and_absent_terms() {
        let texts = [
            "rallies in the square",
            "a rally at the square",
            "square dance",
            "rally square",
            "the weather",
        ];
        let normaliser = english(true);
        let indexed = index(&texts, &normaliser);
        let dates = [
            Some(day("2019-01-01")),
            Some(day("2019-01-20")),
            Some(day("2019-02-02")),
            Some(day("2019-03-03")),
            Some(day("2019-03-04")),
        ];
        let asked = settings(
            Some(TimelinePeriod::Month),
            &["rallying", "rally square", "zebra", "the"],
        );
        let report = analyse(&dates, &indexed, &normaliser, &[], &asked).unwrap();
        let shares = |t: usize| -> Vec<(usize, f64)> {
            report.terms[t]
                .periods
                .iter()
                .map(|p| (p.support, p.share))
                .collect()
        };
        // Jan: 2 posts, both with "ralli"; Feb: 1 post, none; Mar: 2 posts, one.
        assert_eq!(report.terms[0].term, "ralli");
        assert_eq!(shares(0), [(2, 1.0), (0, 0.0), (1, 0.5)]);
        // "ralli squar" in the kept stems (stopwords out, as the n-grams are counted): posts
        // 1, 2 and 4; not post 3.
        assert_eq!(report.terms[1].term, "ralli squar");
        assert_eq!(shares(1), [(2, 1.0), (0, 0.0), (1, 0.5)]);
        assert!(!report.terms[2].found && report.terms[3].term.is_empty());
        assert_eq!(
            notices(&report),
            [
                "timeline.terms: \"zebra\" (term \"zebra\") does not occur in the dated posts",
                "timeline.terms: \"the\" has no word that is not a stopword"
            ]
        );
    }

    #[test]
    fn no_dated_post_no_timeline() {
        let normaliser = english(true);
        let indexed = index(&["a post"], &normaliser);
        assert!(analyse(&[None], &indexed, &normaliser, &[], &settings(None, &[])).is_none());
    }
}
