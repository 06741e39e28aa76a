//! The videos and views sections: Figure 1 (most-viewed videos by topic, topic shares), the
//! audit of every video's topic, the like velocity, and Figure 2 (views against protests).

use super::{ranked, raw, source_of, Chart, Section};
use crate::format::{real, thousands, utc};
use crate::load::InputKind;
use crate::media::videos::{Classified, Fast, TopVideo, TopicShare, VideosReport};
use crate::media::views::{Nearby, Peak, ViewsReport};
use crate::model::events::{Form, SizeClass};
use crate::model::media::Period;
use crate::render::charts::{
    ChartSpec, HorizontalBars, LabelledBar, TimeSeries, TopicBar, TopicBars,
};
use crate::render::table::{CsvTable, Table, TableSpec};
use crate::report::Report;

fn count(n: Option<u64>) -> String {
    n.map_or("not public".to_string(), thousands)
}

/// A length as a clock reads it: `4:13`, `1:02:03`.
fn clock(seconds: u32) -> String {
    let (hours, minutes, seconds) = (seconds / 3600, seconds / 60 % 60, seconds % 60);
    if hours > 0 {
        format!("{hours}:{minutes:02}:{seconds:02}")
    } else {
        format!("{minutes}:{seconds:02}")
    }
}

/// The videos section, when the report has videos.
pub(super) fn videos_section(report: &Report) -> Option<Section> {
    let videos = report.videos.as_ref()?;
    let source = source_of(report, InputKind::Videos);
    let timed = videos.top.iter().any(|v| v.duration.is_some());
    let top = TableSpec::<TopVideo>::new("tables/figure1-videos.csv")
        .text("Channel", "channel", |v| v.channel.clone())
        .csv_only("video_id", |v| v.video_id.clone())
        .text("Published", "published_at", |v| {
            v.published_at.date_naive().to_string()
        })
        .raw(|v| utc(v.published_at))
        .nowrap()
        .text("Title", "title", |v| v.title.clone())
        .number("Views", "views", |v| count(v.views))
        .raw(|v| raw(v.views))
        .number("Likes", "likes", |v| count(v.likes))
        .raw(|v| raw(v.likes))
        .number("Length", "duration_seconds", |v| {
            v.duration.map(clock).unwrap_or_default()
        })
        .raw(|v| raw(v.duration))
        .only_if(timed)
        .text("Topic", "topic", |v| v.topic.clone());
    let shares = TableSpec::<TopicShare>::new("tables/topic-shares.csv")
        .text("Topic", "topic", |t| t.topic.clone())
        .number("Videos", "videos", |t| t.videos.to_string())
        .number("Share", "share", |t| format!("{}%", real(t.share, 1)))
        .raw(|t| t.share.to_string());
    let audit = TableSpec::<Classified>::new("tables/topic-audit.csv")
        .text("Channel", "channel", |c| c.channel.clone())
        .csv_only("video_id", |c| c.video_id.clone())
        .text("Title", "title", |c| c.title.clone())
        .text("Topic", "topic", |c| c.topic.clone())
        .text("Keyword", "keyword", |c| c.keyword.clone())
        .text("Word in the title", "word", |c| c.word.clone());
    let top_caption = "The most-viewed videos of each channel, with their topics (the data of \
                       Figure 1)";
    let shares_caption = format!("Topics of the {} most-viewed videos", videos.top.len());
    let audit_caption = "Every video's topic, and the rule that gave it";
    let section = Section::new(
        "videos",
        "Videos",
        videos.description.iter().cloned().chain([
            "Each video's topic is the first topic rule of the config with a keyword in its title; titles and keywords are normalised and stemmed as the posts are, and a keyword matches a word whose stem begins with the keyword's stem. The audit table shows the keyword and the word that decided each video.".into(),
        ]).collect(),
    )
    .with_chart(figure1(videos, &source))
    .with_table(top.table("figure1", top_caption, &source, &videos.top))
    .with_csv(top.csv(&videos.top))
    .with_table(shares.table("topic-shares", shares_caption, &source, &videos.topics))
    .with_csv(shares.csv(&videos.topics))
    .with_chart(shares_chart(videos, &source))
    .with_table(audit.table("topic-audit", audit_caption, &source, &videos.classified))
    .with_csv(audit.csv(&videos.classified));
    Some(match velocity_table(videos, &source) {
        Some((table, csv)) => section.with_table(table).with_csv(csv),
        None => section,
    })
}

/// Figure 1: each channel's most-viewed videos, coloured and labelled by topic.
fn figure1(videos: &VideosReport, source: &str) -> Chart {
    let topics: Vec<String> = videos.topics.iter().map(|t| t.topic.clone()).collect();
    let topic_index = |t: &str| topics.iter().position(|x| x == t).unwrap_or(0);
    let mut groups: Vec<(String, Vec<TopicBar>)> = Vec::new();
    for v in &videos.top {
        if groups.last().is_none_or(|(c, _)| *c != v.channel) {
            groups.push((v.channel.clone(), Vec::new()));
        }
        let bar = TopicBar {
            label: v.title.clone(),
            value: v.views.unwrap_or(0) as f64,
            topic: topic_index(&v.topic),
            text: format!("{} · {}", count(v.views), v.topic),
        };
        groups.last_mut().expect("a group was pushed").1.push(bar);
    }
    Chart::new(
        "charts/figure1-videos.svg",
        "Small multiples: one panel per channel of horizontal bars of its most-viewed videos, each panel on its own scale, with each title above its bar, coloured and labelled by topic; a bar over ten times the next is drawn broken",
        ChartSpec::TopicBars(TopicBars {
            title: "Figure 1: the most-viewed videos of each channel".into(),
            x_label: "Views; bar colour and the text after it give the topic".into(),
            groups,
            topics,
            source: source.to_string(),
        }),
    )
    .paper(1, "The most-viewed videos of each channel, by topic")
}

/// The share of each topic among the most-viewed videos.
fn shares_chart(videos: &VideosReport, source: &str) -> Chart {
    Chart::new(
        "charts/topic-shares.svg",
        "Horizontal bar chart of the share of each topic among the most-viewed videos",
        ChartSpec::Horizontal(HorizontalBars {
            title: format!("Topics of the {} most-viewed videos", videos.top.len()),
            x_label: "Share of the videos (%)".into(),
            bars: videos
                .topics
                .iter()
                .map(|t| LabelledBar {
                    label: t.topic.clone(),
                    value: t.share,
                    text: format!("{}% ({})", real(t.share, 1), t.videos),
                })
                .collect(),
            source: source.to_string(),
        }),
    )
}

/// The videos fastest at receiving likes, when the report measured it.
fn velocity_table(videos: &VideosReport, source: &str) -> Option<(Table, CsvTable)> {
    let velocity = videos.velocity.as_ref()?;
    let how = match velocity.method.as_str() {
        "snapshots" => {
            "likes per hour from publication to the first snapshot at least 24 hours later"
        }
        _ => "likes per day from publication to the date of the data (videos.as_of)",
    };
    let spec = TableSpec::<(usize, &Fast)>::new("tables/like-velocity.csv")
        .number("Rank", "rank", |(rank, _)| rank.to_string())
        .text("Channel", "channel", |(_, f)| f.channel.clone())
        .csv_only("video_id", |(_, f)| f.video_id.clone())
        .text("Published", "published_at", |(_, f)| {
            f.published_at.date_naive().to_string()
        })
        .raw(|(_, f)| utc(f.published_at))
        .nowrap()
        .text("Title", "title", |(_, f)| f.title.clone())
        .number("Views", "views", |(_, f)| count(f.views))
        .raw(|(_, f)| raw(f.views))
        .count("Likes", "likes", |(_, f)| f.likes)
        .number("Rate", "rate", |(_, f)| real(f.rate, 1))
        .raw(|(_, f)| f.rate.to_string())
        .csv_only("unit", |_| velocity.unit.clone());
    let rows = ranked(&velocity.fastest);
    let caption = format!(
        "The {} videos fastest at receiving likes ({how})",
        velocity.fastest.len()
    );
    let table = Table {
        notes: vec![format!("Rate: {}.", velocity.unit)],
        ..spec.table("like-velocity", caption, source, &rows)
    };
    Some((table, spec.csv(&rows)))
}

/// A size class as the peaks table and the chart's markers say it: `under 100 participants`.
pub(super) fn size_words(size: SizeClass) -> String {
    match size {
        SizeClass::Unknown => "size unknown".to_string(),
        size => format!("{} participants", super::size_words(size)),
    }
}

pub(super) fn form_words(form: Form) -> &'static str {
    match form {
        Form::Strike => "strike",
        Form::Protest => "protest",
        Form::Picket => "picket",
    }
}

/// Where a day falls on the series' axis: months since the first period, with the day as a
/// fraction (weeks since the first week, Thursday at the whole number; days since the first
/// day, for a daily series).
pub(super) fn x_of(first: Period, day: chrono::NaiveDate) -> f64 {
    use chrono::Datelike;
    match first {
        Period::Month(year, month) => {
            let months = (day.year() - year) * 12 + day.month() as i32 - month as i32;
            let (start, end) = Period::Month(day.year(), day.month()).days();
            let length = (end - start).num_days() as f64 + 1.0;
            months as f64 + (day.day() as f64 - 1.0) / length - 0.5 + 0.5 / length
        }
        Period::Day(first_day) => (day - first_day).num_days() as f64,
        Period::Week(..) => ((day - first.days().0).num_days() as f64 - 3.0) / 7.0,
    }
}

/// The views section: Figure 2 for each channel, and the peaks table; none without views.
pub(super) fn views_section(report: &Report) -> Option<Section> {
    let views = report.views.as_ref()?;
    let source = source_of(report, InputKind::Views);
    let mut paragraphs: Vec<String> = views.description.iter().cloned().collect();
    let with_events = views
        .peaks
        .iter()
        .filter(|p| !p.events_nearby.is_empty())
        .count();
    paragraphs.push(format!(
        "A peak is {}. Peaks with a protest event within {} days: {} of {}.",
        views.rule,
        views.window_days,
        with_events,
        views.peaks.len()
    ));
    if views.undated_events > 0 {
        paragraphs.push(format!(
            "Events whose date has no day, not placed on the chart or paired: {}.",
            thousands(views.undated_events as u64)
        ));
    }
    let spec = TableSpec::<(&Peak, Option<&Nearby>)>::new("tables/views-peaks.csv")
        .text("Channel", "channel", |(p, _)| p.channel.clone())
        .text("Period", "period", |(p, _)| p.period.to_string())
        .nowrap()
        .count("Views", "views", |(p, _)| p.views)
        .number("Baseline", "baseline", |(p, _)| {
            p.baseline.map_or("—".to_string(), |b| real(b, 0))
        })
        .raw(|(p, _)| raw(p.baseline))
        .text("Protest events nearby", "", |(p, _)| {
            events_nearby(&p.events_nearby)
        })
        .page_only()
        .csv_only("event_id", |(_, e)| raw(e.map(|e| &e.event_id)))
        .csv_only("event_date", |(_, e)| raw(e.map(|e| &e.date)))
        .csv_only("days", |(_, e)| raw(e.map(|e| e.days)));
    let peaks: Vec<_> = views.peaks.iter().map(|p| (p, None)).collect();
    let pairs = peak_event_rows(&views.peaks, |p| &p.events_nearby);
    let caption = format!(
        "Peaks of views and the protest events within {} days",
        views.window_days
    );
    let mut section = Section::new("views", "Views over time", paragraphs);
    let mut channels: Vec<&str> = views.series.iter().map(|p| p.channel.as_str()).collect();
    channels.dedup();
    for (c, channel) in channels.iter().enumerate() {
        if let Some(chart) = figure2(views, c, channel, &source) {
            section = section.with_chart(chart);
        }
    }
    Some(
        section
            .with_table(spec.table("views-peaks", caption, &source, &peaks))
            .with_csv(spec.csv(&pairs)),
    )
}

/// The events near a peak, as the page lists them: `2019-03-04 protest over 1,000
/// participants (2 days)`.
/// The protest events near a peak, as the peaks tables write them; `none` when there are none.
pub(super) fn events_nearby(events: &[Nearby]) -> String {
    let shown: Vec<String> = events
        .iter()
        .map(|e| {
            format!(
                "{} {} {} ({} days)",
                e.date,
                form_words(e.form),
                size_words(e.size_class),
                e.days
            )
        })
        .collect();
    if shown.is_empty() {
        "none".to_string()
    } else {
        shown.join("; ")
    }
}

/// A peaks table's CSV rows: each peak once per event near it, or once with none.
pub(super) fn peak_event_rows<'a, P>(
    peaks: &'a [P],
    events: impl Fn(&'a P) -> &'a [Nearby],
) -> Vec<(&'a P, Option<&'a Nearby>)> {
    peaks
        .iter()
        .flat_map(|p| match events(p) {
            [] => vec![(p, None)],
            near => near.iter().map(|e| (p, Some(e))).collect(),
        })
        .collect()
}

/// Figure 2 for the `c`th channel: its views by period, peaks circled and events marked; none
/// when the channel has no period.
fn figure2(views: &ViewsReport, c: usize, channel: &str, source: &str) -> Option<Chart> {
    let series: Vec<_> = views
        .series
        .iter()
        .filter(|p| p.channel == *channel)
        .collect();
    let first = series.first().map(|p| p.period)?;
    let is_peak = |period: Period| {
        views
            .peaks
            .iter()
            .any(|p| p.channel == *channel && p.period == period)
    };
    let points = series
        .iter()
        .map(|p| {
            (
                x_of(first, p.period.days().0).round().max(0.0),
                p.period.to_string(),
                p.views as f64,
                is_peak(p.period),
            )
        })
        .collect();
    let markers = views
        .events
        .iter()
        .map(|e| {
            let words = format!(
                "{} {} {}",
                e.date,
                form_words(e.form),
                size_words(e.size_class)
            );
            (x_of(first, e.date), words)
        })
        .collect();
    let chart = Chart::new(
        format!("charts/figure2-views-{}.svg", c + 1),
        format!("Line chart of the views of {channel} by period, with peaks circled and each dated protest event marked by a red line labelled with its date, form and size"),
        ChartSpec::TimeSeries(TimeSeries {
            title: if c == 0 {
                format!("Figure 2: views of {channel} against protest events")
            } else {
                format!("Views of {channel} against protest events")
            },
            y_label: "Views per period".into(),
            points,
            markers,
            legend: "Line: views per period. Circled: a peak by the report's rule. Red: a \
                     protest event (date, form, size), its label under the axis."
                .into(),
            y_max: None,
            x_span: None,
            source: source.to_string(),
        }),
    );
    let caption = format!("Views of {channel} against protest events");
    Some(if c == 0 {
        chart.paper(2, caption)
    } else {
        Chart { caption, ..chart }
    })
}
