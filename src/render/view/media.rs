//! The videos and views sections: Figure 1 (most-viewed videos by topic, topic shares), the
//! audit of every video's topic, the like velocity, and Figure 2 (views against protests).

use super::{cell, columns, source_of, Chart, CsvTable, Section, Table, View};
use crate::format::{real, thousands};
use crate::media::videos::VideosReport;
use crate::media::views::ViewsReport;
use crate::model::events::{Form, SizeClass};
use crate::model::media::Period;
use crate::render::charts::{
    ChartSpec, HorizontalBars, LabelledBar, TimeSeries, TopicBar, TopicBars,
};
use crate::report::Report;

fn count(n: Option<u64>) -> String {
    n.map_or("not public".to_string(), thousands)
}

fn raw(n: Option<u64>) -> String {
    n.map(|n| n.to_string()).unwrap_or_default()
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

fn chart(view: &mut View, file: &str, spec: ChartSpec, alt: String) -> Chart {
    view.charts.push((file.to_string(), spec));
    Chart {
        file: file.to_string(),
        alt,
    }
}

/// Adds the videos section.
pub(super) fn videos_section(report: &Report, videos: &VideosReport, view: &mut View) {
    let source = source_of(report, "videos");
    let topics: Vec<String> = videos.topics.iter().map(|t| t.topic.clone()).collect();
    let topic_index = |t: &str| topics.iter().position(|x| x == t).unwrap_or(0);
    let timed = videos.top.iter().any(|v| v.duration.is_some());
    let mut headings = vec![
        ("Channel", false),
        ("Published", false),
        ("Title", false),
        ("Views", true),
        ("Likes", true),
    ];
    if timed {
        headings.push(("Length", true));
    }
    headings.push(("Topic", false));
    let top = Table {
        id: "figure1".into(),
        caption: "Figure 1: the most-viewed videos of each channel, with their topics".into(),
        source: source.clone(),
        columns: columns(&headings),
        rows: videos
            .top
            .iter()
            .map(|v| {
                let mut row = vec![
                    cell(v.channel.clone()),
                    cell(v.published_at[..10].to_string()),
                    cell(v.title.clone()),
                    cell(count(v.views)),
                    cell(count(v.likes)),
                ];
                if timed {
                    row.push(cell(v.duration.map(clock).unwrap_or_default()));
                }
                row.push(cell(v.topic.clone()));
                row
            })
            .collect(),
        csv: "tables/figure1-videos.csv".into(),
        notes: Vec::new(),
    };
    let mut header = vec![
        "channel",
        "video_id",
        "published_at",
        "title",
        "views",
        "likes",
    ];
    if timed {
        header.push("duration_seconds");
    }
    header.push("topic");
    view.csv.push(CsvTable {
        file: top.csv.clone(),
        header: header.into_iter().map(String::from).collect(),
        rows: videos
            .top
            .iter()
            .map(|v| {
                let mut row = vec![
                    v.channel.clone(),
                    v.video_id.clone(),
                    v.published_at.clone(),
                    v.title.clone(),
                    raw(v.views),
                    raw(v.likes),
                ];
                if timed {
                    row.push(raw(v.duration.map(u64::from)));
                }
                row.push(v.topic.clone());
                row
            })
            .collect(),
    });
    let shares = Table {
        id: "topic-shares".into(),
        caption: format!("Topics of the {} most-viewed videos", videos.top.len()),
        source: source.clone(),
        columns: columns(&[("Topic", false), ("Videos", true), ("Share", true)]),
        rows: videos
            .topics
            .iter()
            .map(|t| {
                vec![
                    cell(t.topic.clone()),
                    cell(t.videos.to_string()),
                    cell(format!("{}%", real(t.share, 1))),
                ]
            })
            .collect(),
        csv: "tables/topic-shares.csv".into(),
        notes: Vec::new(),
    };
    view.csv.push(CsvTable {
        file: shares.csv.clone(),
        header: ["topic", "videos", "share"].map(String::from).to_vec(),
        rows: videos
            .topics
            .iter()
            .map(|t| vec![t.topic.clone(), t.videos.to_string(), t.share.to_string()])
            .collect(),
    });
    let audit = audit_table(videos, &source, view);
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
    let figure = chart(
        view,
        "charts/figure1-videos.svg",
        ChartSpec::TopicBars(TopicBars {
            title: "Figure 1: the most-viewed videos of each channel".into(),
            x_label: "Views; bar colour and the text after it give the topic".into(),
            groups,
            topics: topics.clone(),
            source: source.clone(),
        }),
        "Horizontal bar chart of the most-viewed videos of each channel, grouped by channel, coloured and labelled by topic".into(),
    );
    let share_chart = chart(
        view,
        "charts/topic-shares.svg",
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
            source: source.clone(),
        }),
        "Horizontal bar chart of the share of each topic among the most-viewed videos".into(),
    );
    let mut tables = vec![top, shares, audit];
    tables.extend(velocity_table(videos, &source, view));
    view.page.sections.push(Section {
        id: "videos".into(),
        heading: "Videos".into(),
        paragraphs: videos.description.iter().cloned().chain([
            "Each video's topic is the first topic rule of the config with a keyword in its title; titles and keywords are normalised and stemmed as the posts are, and a keyword matches a word whose stem begins with the keyword's stem. The audit table shows the keyword and the word that decided each video.".into(),
        ]).collect(),
        tables,
        charts: vec![figure, share_chart],
    });
}

fn audit_table(videos: &VideosReport, source: &str, view: &mut View) -> Table {
    let table = Table {
        id: "topic-audit".into(),
        caption: "Every video's topic, and the rule that gave it".into(),
        source: source.to_string(),
        columns: columns(&[
            ("Channel", false),
            ("Title", false),
            ("Topic", false),
            ("Keyword", false),
            ("Word in the title", false),
        ]),
        rows: videos
            .classified
            .iter()
            .map(|c| {
                vec![
                    cell(c.channel.clone()),
                    cell(c.title.clone()),
                    cell(c.topic.clone()),
                    cell(c.keyword.clone()),
                    cell(c.word.clone()),
                ]
            })
            .collect(),
        csv: "tables/topic-audit.csv".into(),
        notes: Vec::new(),
    };
    view.csv.push(CsvTable {
        file: table.csv.clone(),
        header: ["channel", "video_id", "title", "topic", "keyword", "word"]
            .map(String::from)
            .to_vec(),
        rows: videos
            .classified
            .iter()
            .map(|c| {
                vec![
                    c.channel.clone(),
                    c.video_id.clone(),
                    c.title.clone(),
                    c.topic.clone(),
                    c.keyword.clone(),
                    c.word.clone(),
                ]
            })
            .collect(),
    });
    table
}

fn velocity_table(videos: &VideosReport, source: &str, view: &mut View) -> Option<Table> {
    let velocity = videos.velocity.as_ref()?;
    let how = match velocity.method.as_str() {
        "snapshots" => {
            "likes per hour from publication to the first snapshot at least 24 hours later"
        }
        _ => "likes per day from publication to the date of the data (videos.as_of)",
    };
    let table = Table {
        id: "like-velocity".into(),
        caption: format!(
            "The {} videos fastest at receiving likes ({how})",
            velocity.fastest.len()
        ),
        source: source.to_string(),
        columns: columns(&[
            ("Rank", true),
            ("Channel", false),
            ("Published", false),
            ("Title", false),
            ("Views", true),
            ("Likes", true),
            ("Rate", true),
        ]),
        rows: velocity
            .fastest
            .iter()
            .enumerate()
            .map(|(i, f)| {
                vec![
                    cell((i + 1).to_string()),
                    cell(f.channel.clone()),
                    cell(f.published_at[..10].to_string()),
                    cell(f.title.clone()),
                    cell(count(f.views)),
                    cell(thousands(f.likes)),
                    cell(real(f.rate, 1)),
                ]
            })
            .collect(),
        csv: "tables/like-velocity.csv".into(),
        notes: vec![format!("Rate: {}.", velocity.unit)],
    };
    view.csv.push(CsvTable {
        file: table.csv.clone(),
        header: [
            "rank",
            "channel",
            "video_id",
            "published_at",
            "title",
            "views",
            "likes",
            "rate",
            "unit",
        ]
        .map(String::from)
        .to_vec(),
        rows: velocity
            .fastest
            .iter()
            .enumerate()
            .map(|(i, f)| {
                vec![
                    (i + 1).to_string(),
                    f.channel.clone(),
                    f.video_id.clone(),
                    f.published_at.clone(),
                    f.title.clone(),
                    raw(f.views),
                    f.likes.to_string(),
                    f.rate.to_string(),
                    velocity.unit.clone(),
                ]
            })
            .collect(),
    });
    Some(table)
}

fn size_words(size: SizeClass) -> &'static str {
    match size {
        SizeClass::Under100 => "<100",
        SizeClass::From100To1000 => "100-1000",
        SizeClass::Over1000 => ">1000",
        SizeClass::Unknown => "size unknown",
    }
}

fn form_words(form: Form) -> &'static str {
    match form {
        Form::Strike => "strike",
        Form::Protest => "protest",
        Form::Picket => "picket",
    }
}

/// Where a day falls on the series' axis: months since the first period, with the day as a
/// fraction (or days since the first day, for a daily series).
fn x_of(first: Period, day: chrono::NaiveDate) -> f64 {
    use chrono::Datelike;
    match first {
        Period::Month(year, month) => {
            let months = (day.year() - year) * 12 + day.month() as i32 - month as i32;
            let (start, end) = Period::Month(day.year(), day.month()).days();
            let length = (end - start).num_days() as f64 + 1.0;
            months as f64 + (day.day() as f64 - 1.0) / length - 0.5 + 0.5 / length
        }
        Period::Day(first_day) => (day - first_day).num_days() as f64,
    }
}

/// Adds the views section (Figure 2 and the peaks table).
pub(super) fn views_section(report: &Report, views: &ViewsReport, view: &mut View) {
    let source = source_of(report, "views");
    let mut charts = Vec::new();
    let mut channels: Vec<&str> = views.series.iter().map(|p| p.channel.as_str()).collect();
    channels.dedup();
    for (c, channel) in channels.iter().enumerate() {
        let series: Vec<_> = views
            .series
            .iter()
            .filter(|p| p.channel == *channel)
            .collect();
        let Some(first) = series.first().map(|p| p.period) else {
            continue;
        };
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
            .filter_map(|e| {
                let day = chrono::NaiveDate::parse_from_str(&e.date, "%Y-%m-%d").ok()?;
                Some((
                    x_of(first, day),
                    format!(
                        "{} {} {}",
                        e.date,
                        form_words(e.form),
                        size_words(e.size_class)
                    ),
                ))
            })
            .collect();
        charts.push(chart(
            view,
            &format!("charts/figure2-views-{}.svg", c + 1),
            ChartSpec::TimeSeries(TimeSeries {
                title: format!("Figure 2: views of {channel} against protest events"),
                y_label: "Views per period".into(),
                points,
                markers,
                source: source.clone(),
            }),
            format!("Line chart of the views of {channel} by period, with peaks circled and each dated protest event marked by a red line labelled with its date, form and size"),
        ));
    }
    let table = Table {
        id: "views-peaks".into(),
        caption: format!(
            "Peaks of views and the protest events within {} days",
            views.window_days
        ),
        source: source.clone(),
        columns: columns(&[
            ("Channel", false),
            ("Period", false),
            ("Views", true),
            ("Baseline", true),
            ("Protest events nearby", false),
        ]),
        rows: views
            .peaks
            .iter()
            .map(|p| {
                let events: Vec<String> = p
                    .events_nearby
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
                vec![
                    cell(p.channel.clone()),
                    cell(p.period.to_string()),
                    cell(thousands(p.views)),
                    cell(p.baseline.map_or("—".to_string(), |b| real(b, 0))),
                    cell(if events.is_empty() {
                        "none".to_string()
                    } else {
                        events.join("; ")
                    }),
                ]
            })
            .collect(),
        csv: "tables/views-peaks.csv".into(),
        notes: Vec::new(),
    };
    view.csv.push(CsvTable {
        file: table.csv.clone(),
        header: [
            "channel",
            "period",
            "views",
            "baseline",
            "event_id",
            "event_date",
            "days",
        ]
        .map(String::from)
        .to_vec(),
        rows: views
            .peaks
            .iter()
            .flat_map(|p| {
                let base = vec![
                    p.channel.clone(),
                    p.period.to_string(),
                    p.views.to_string(),
                    p.baseline.map(|b| b.to_string()).unwrap_or_default(),
                ];
                if p.events_nearby.is_empty() {
                    vec![[base, vec![String::new(), String::new(), String::new()]].concat()]
                } else {
                    p.events_nearby
                        .iter()
                        .map(|e| {
                            [
                                base.clone(),
                                vec![e.event_id.clone(), e.date.clone(), e.days.to_string()],
                            ]
                            .concat()
                        })
                        .collect()
                }
            })
            .collect(),
    });
    let with_events = views
        .peaks
        .iter()
        .filter(|p| !p.events_nearby.is_empty())
        .count();
    let mut paragraphs: Vec<String> = views.description.iter().cloned().collect();
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
    view.page.sections.push(Section {
        id: "views".into(),
        heading: "Views over time".into(),
        paragraphs,
        tables: vec![table],
        charts,
    });
}
