//! The timeline section (issue 19): posts per period against the protest events with their
//! peaks, the peaks' paired events, and the listed terms' shares of posts as small multiples
//! on one time axis, each panel on the same scale.

use super::media::{events_nearby, form_words, peak_event_rows, size_words, x_of};
use super::{raw, source_of, Chart, Section};
use crate::format::{real, thousands};
use crate::load::InputKind;
use crate::media::views::{DatedEvent, Nearby};
use crate::model::media::Period;
use crate::render::charts::{ChartSpec, TimeSeries};
use crate::render::table::TableSpec;
use crate::report::Report;
use crate::timeline::{PeriodPosts, TermPeriod, TermSeries, TimelinePeak, TimelineReport};

/// The timeline section; none without a timeline.
pub(super) fn timeline_section(report: &Report) -> Option<Section> {
    let timeline = report.timeline.as_ref()?;
    let source = source_of(report, InputKind::Corpus);
    let mut paragraphs = vec![format!(
        "Posts per {}{}, from the first dated post to the last; a period without posts shows \
         0. A peak is {}. Peaks with a protest event within {} days: {} of {}.",
        period_word(timeline),
        if timeline.period_from_span {
            " (chosen from the span of the posts)"
        } else {
            ""
        },
        timeline.rule,
        timeline.window_days,
        timeline
            .peaks
            .iter()
            .filter(|p| !p.events.is_empty())
            .count(),
        timeline.peaks.len()
    )];
    if timeline.undated > 0 {
        paragraphs.push(format!(
            "Posts without a date, left out: {}.",
            thousands(timeline.undated as u64)
        ));
    }
    if timeline.undated_events > 0 {
        paragraphs.push(format!(
            "Events whose date has no day, not placed on the charts or paired: {}.",
            thousands(timeline.undated_events as u64)
        ));
    }
    let posts = TableSpec::<&PeriodPosts>::new("tables/timeline-posts.csv")
        .text("Period", "period", |p| p.period.to_string())
        .nowrap()
        .text("First day", "start", |p| p.start.to_string())
        .nowrap()
        .count("Posts", "posts", |p| p.posts as u64);
    let rows: Vec<&PeriodPosts> = timeline.posts.iter().collect();
    let mut section = Section::new("timeline", "Posts and terms over time", paragraphs)
        .with_table(posts.table("timeline-posts", "Posts per period", &source, &rows))
        .with_csv(posts.csv(&rows))
        .with_chart(posts_chart(timeline, &source));
    let (table, csv) = peaks_table(timeline, &source);
    section = section.with_table(table).with_csv(csv);
    if !timeline.terms.is_empty() {
        let spec = TableSpec::<(&TermSeries, &TermPeriod)>::new("tables/timeline-terms.csv")
            .text("Term", "term", |(t, _)| t.term.clone())
            .text("As listed", "asked", |(t, _)| t.asked.clone())
            .text("Period", "period", |(_, p)| p.period.to_string())
            .nowrap()
            .count("Posts with it", "support", |(_, p)| p.support as u64)
            .number("Share of posts", "share", |(_, p)| {
                format!("{}%", real(p.share * 100.0, 1))
            })
            .raw(|(_, p)| raw(Some(p.share)));
        let rows: Vec<_> = timeline
            .terms
            .iter()
            .flat_map(|t| t.periods.iter().map(move |p| (t, p)))
            .collect();
        let caption = "Posts holding each listed term, per period";
        section = section
            .with_table(spec.table("timeline-terms", caption, &source, &rows))
            .with_csv(spec.csv(&rows));
        let top = timeline
            .terms
            .iter()
            .flat_map(|t| &t.periods)
            .map(|p| p.share * 100.0)
            .fold(0.0, f64::max);
        for (i, term) in timeline.terms.iter().enumerate() {
            section = section.with_chart(term_chart(timeline, i, term, top, &source));
        }
    }
    Some(section)
}

fn period_word(timeline: &TimelineReport) -> &'static str {
    match timeline.period {
        crate::config::TimelinePeriod::Day => "day",
        crate::config::TimelinePeriod::Week => "ISO week",
        crate::config::TimelinePeriod::Month => "month",
    }
}

/// The peaks table: each peak with its paired events on the page, a row per pair in the CSV.
fn peaks_table(
    timeline: &TimelineReport,
    source: &str,
) -> (crate::render::table::Table, crate::render::table::CsvTable) {
    let spec = TableSpec::<(&TimelinePeak, Option<&Nearby>)>::new("tables/timeline-peaks.csv")
        .text("Period", "period", |(p, _)| p.period.to_string())
        .nowrap()
        .count("Posts", "posts", |(p, _)| p.posts as u64)
        .number("Baseline", "baseline", |(p, _)| {
            p.baseline.map_or("—".to_string(), |b| real(b, 1))
        })
        .raw(|(p, _)| raw(p.baseline))
        .text("Protest events nearby", "", |(p, _)| {
            events_nearby(&p.events)
        })
        .page_only()
        .csv_only("event_id", |(_, e)| raw(e.map(|e| &e.event_id)))
        .csv_only("event_date", |(_, e)| raw(e.map(|e| &e.date)))
        .csv_only("form", |(_, e)| raw(e.map(|e| e.form.as_str())))
        .csv_only("days", |(_, e)| raw(e.map(|e| e.days)));
    let peaks: Vec<_> = timeline.peaks.iter().map(|p| (p, None)).collect();
    let pairs = peak_event_rows(&timeline.peaks, |p| &p.events);
    let caption = format!(
        "Peaks of posts and the protest events within {} days",
        timeline.window_days
    );
    (
        spec.table("timeline-peaks", caption, source, &peaks),
        spec.csv(&pairs),
    )
}

/// Where each period and event falls on the shared time axis.
fn axis(timeline: &TimelineReport) -> (Period, f64, Vec<(f64, String)>) {
    let first = timeline.posts[0].period;
    let span = x_of(first, timeline.posts[timeline.posts.len() - 1].start).round();
    let markers = timeline
        .events
        .iter()
        .map(|e: &DatedEvent| {
            let words = format!(
                "{} {} {}",
                e.date,
                form_words(e.form),
                size_words(e.size_class)
            );
            (x_of(first, e.date), words)
        })
        .collect();
    (first, span, markers)
}

fn posts_chart(timeline: &TimelineReport, source: &str) -> Chart {
    let (first, span, markers) = axis(timeline);
    let points = timeline
        .posts
        .iter()
        .map(|p| {
            let peak = timeline.peaks.iter().any(|k| k.period == p.period);
            let x = x_of(first, p.start).round().max(0.0);
            (x, p.period.to_string(), p.posts as f64, peak)
        })
        .collect();
    Chart::new(
        "charts/timeline-posts.svg",
        "Line chart of the posts per period, with peaks circled and each dated protest event marked by a red line labelled with its date, form and size",
        ChartSpec::TimeSeries(TimeSeries {
            title: "Posts per period against protest events".into(),
            y_label: format!("Posts per {}", period_word(timeline)),
            points,
            markers,
            legend: "Line: posts per period. Circled: a peak by the report's rule. Red: a \
                     protest event (date, form, size), its label under the axis."
                .into(),
            y_max: None,
            x_span: Some(span),
            source: source.to_string(),
        }),
    )
}

/// The `i`th panel of the small multiples: one term's share of posts per period, on the
/// scale (`top`, in percent) and time axis that every panel shares.
fn term_chart(
    timeline: &TimelineReport,
    i: usize,
    term: &TermSeries,
    top: f64,
    source: &str,
) -> Chart {
    let (first, span, markers) = axis(timeline);
    let points = term
        .periods
        .iter()
        .zip(&timeline.posts)
        .map(|(p, posts)| {
            let x = x_of(first, posts.start).round().max(0.0);
            (x, p.period.to_string(), p.share * 100.0, false)
        })
        .collect();
    Chart::new(
        format!("charts/timeline-term-{}.svg", i + 1),
        format!(
            "Line chart of the share of posts per period holding the term {}, on the scale and time axis of the other terms' panels, with each dated protest event marked by a red line",
            term.term
        ),
        ChartSpec::TimeSeries(TimeSeries {
            title: format!("Share of posts with “{}” ({})", term.term, term.asked),
            y_label: "Share of the period's posts (%)".into(),
            points,
            markers,
            legend: "Line: the share of the period's posts holding the term, on the scale \
                     every term's panel shares. Red: a protest event."
                .into(),
            y_max: Some(top),
            x_span: Some(span),
            source: source.to_string(),
        }),
    )
}
