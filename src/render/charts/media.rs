//! Charts of the videos and views: Figure 1 (bars grouped by channel, coloured and labelled
//! by topic) and Figure 2 (a views series with the protest events marked).

use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::axis::{draw_ticks, Axis, Ticks};
use super::{canvas, chart_error, finish, text, DrawResult, INK, PALETTE, WIDTH};
use crate::error::Result;

const ROW: i32 = 18;
const EVENT: RGBColor = RGBColor(200, 30, 30);
const PEAK: RGBColor = RGBColor(230, 159, 0);

/// Figure 1: one bar per video, grouped under a heading per channel.
#[derive(Debug, Clone)]
pub struct TopicBars {
    /// Written at the top of the chart; also its SVG `<title>` and its entry in the contents.
    pub title: String,
    /// What the bars measure, written under the title.
    pub x_label: String,
    /// `(channel, bars)`.
    pub groups: Vec<(String, Vec<TopicBar>)>,
    /// Topic names by index, for the legend.
    pub topics: Vec<String>,
    /// The source line at the foot of the chart; may be empty.
    pub source: String,
}

/// One video's bar: its label, value, topic (an index of the legend) and the text after it.
#[derive(Debug, Clone)]
pub struct TopicBar {
    /// The video's title, written left of the bar, cut with `…` to fit.
    pub label: String,
    /// The bar's length, on an axis from zero: the video's views (0 when unknown).
    pub value: f64,
    /// The topic's index in [`TopicBars::topics`], which gives the bar's colour.
    pub topic: usize,
    /// Written after the bar (views and topic: `12,345 · topic`).
    pub text: String,
}

/// Figure 2: views by period, protest events as marked lines, peaks highlighted.
#[derive(Debug, Clone)]
pub struct TimeSeries {
    /// Written at the top of the chart; also its SVG `<title>` and its entry in the contents.
    pub title: String,
    /// What the values are, written under the title (`Views per period`).
    pub y_label: String,
    /// `(x, label, value, is_peak)`, x in period units from the first period.
    pub points: Vec<(f64, String, f64, bool)>,
    /// `(x, label)` of each event.
    pub markers: Vec<(f64, String)>,
    /// The source line at the foot of the chart; may be empty.
    pub source: String,
}

/// A label cut to `max` characters (characters, not bytes: Cyrillic takes two a letter).
fn shorten(label: &str, max: usize) -> String {
    if label.chars().count() <= max {
        label.to_string()
    } else {
        let cut: String = label.chars().take(max - 1).collect();
        format!("{cut}…")
    }
}

pub fn topic_bars(chart: &TopicBars) -> Result<String> {
    let mut svg = String::new();
    draw_topic_bars(chart, &mut svg).map_err(chart_error(&chart.title))?;
    Ok(svg)
}

fn draw_topic_bars(chart: &TopicBars, svg: &mut String) -> DrawResult {
    let rows: i32 = chart
        .groups
        .iter()
        .map(|(_, bars)| bars.len() as i32 + 1)
        .sum();
    let legend_rows = chart.topics.len() as i32;
    let height = 110 + rows * ROW + legend_rows * 16;
    let root = canvas(svg, height, &chart.title, &chart.x_label)?;
    let (left, right, top) = (300i32, WIDTH as i32 - 150, 62i32);
    let max = chart
        .groups
        .iter()
        .flat_map(|(_, bars)| bars.iter().map(|b| b.value))
        .fold(0.0f64, f64::max);
    let ticks = Ticks::from_zero(max);
    let x_max = ticks.span;
    let x_of = |v: f64| left + ((v.max(0.0) / x_max) * (right - left) as f64).round() as i32;
    let bottom = top + rows * ROW;
    draw_ticks(&root, &ticks, Axis::Along { top, bottom }, 10, x_of)?;
    let mut y = top;
    for (channel, bars) in &chart.groups {
        root.draw(&Text::new(
            channel.clone(),
            (16, y + ROW / 2),
            ("sans-serif", 12)
                .into_font()
                .style(FontStyle::Bold)
                .color(&INK)
                .pos(Pos::new(HPos::Left, VPos::Center)),
        ))?;
        y += ROW;
        for TopicBar {
            label,
            value,
            topic,
            text: written,
        } in bars
        {
            let middle = y + ROW / 2;
            let label = shorten(label, ((left - 30) / 6) as usize);
            root.draw(&Text::new(
                label,
                (left - 6, middle),
                text(10, Pos::new(HPos::Right, VPos::Center)),
            ))?;
            let colour = PALETTE[topic % PALETTE.len()];
            let end = x_of(*value).max(left + 1);
            root.draw(&Rectangle::new(
                [(left, y + 3), (end, y + ROW - 3)],
                colour.filled(),
            ))?;
            root.draw(&Text::new(
                written.clone(),
                (end + 4, middle),
                text(9, Pos::new(HPos::Left, VPos::Center)),
            ))?;
            y += ROW;
        }
    }
    let mut legend_y = bottom + 24;
    for (i, topic) in chart.topics.iter().enumerate() {
        let colour = PALETTE[i % PALETTE.len()];
        root.draw(&Rectangle::new(
            [(16, legend_y), (28, legend_y + 12)],
            colour.filled(),
        ))?;
        root.draw(&Text::new(
            topic.clone(),
            (34, legend_y),
            text(11, Pos::new(HPos::Left, VPos::Top)),
        ))?;
        legend_y += 16;
    }
    finish(&root, &chart.source, height)
}

pub fn time_series(chart: &TimeSeries) -> Result<String> {
    let mut svg = String::new();
    draw_time_series(chart, &mut svg).map_err(chart_error(&chart.title))?;
    Ok(svg)
}

fn draw_time_series(chart: &TimeSeries, svg: &mut String) -> DrawResult {
    let height = 520i32;
    let root = canvas(svg, height, &chart.title, &chart.y_label)?;
    let (left, right, top, bottom) = (80i32, WIDTH as i32 - 20, 70i32, height - 170);
    let max = chart.points.iter().map(|p| p.2).fold(0.0f64, f64::max);
    let ticks = Ticks::from_zero(max);
    let y_max = ticks.span;
    let y_of = |v: f64| bottom - ((v / y_max) * (bottom - top) as f64).round() as i32;
    let span = chart.points.last().map_or(1.0, |p| p.0).max(1.0);
    let x_of = |x: f64| left + ((x / span) * (right - left) as f64).round() as i32;
    draw_ticks(&root, &ticks, Axis::Up { left, right }, 10, y_of)?;
    for (i, (x, label, _, _)) in chart.points.iter().enumerate() {
        if i % 3 == 0 || i + 1 == chart.points.len() {
            let at = (x_of(*x), bottom + 4);
            root.draw(&Text::new(
                label.clone(),
                at,
                text(9, Pos::new(HPos::Center, VPos::Top)),
            ))?;
        }
    }
    for (i, (x, label)) in chart.markers.iter().enumerate() {
        let px = x_of(*x);
        root.draw(&PathElement::new(
            vec![(px, top), (px, bottom)],
            ShapeStyle::from(EVENT).stroke_width(1),
        ))?;
        root.draw(&TriangleMarker::new((px, top), 5, EVENT.filled()))?;
        let row = bottom + 24 + (i as i32 % 8) * 14;
        root.draw(&PathElement::new(
            vec![(px, bottom), (px, row)],
            ShapeStyle::from(EVENT.mix(0.4)).stroke_width(1),
        ))?;
        let on_right = px > (left + right) / 2;
        let anchor = if on_right { HPos::Right } else { HPos::Left };
        let at = (if on_right { px - 3 } else { px + 3 }, row);
        root.draw(&Text::new(
            label.clone(),
            at,
            ("sans-serif", 9)
                .into_font()
                .color(&EVENT)
                .pos(Pos::new(anchor, VPos::Center)),
        ))?;
    }
    let line: Vec<(i32, i32)> = chart
        .points
        .iter()
        .map(|p| (x_of(p.0), y_of(p.2)))
        .collect();
    root.draw(&PathElement::new(
        line.clone(),
        ShapeStyle::from(PALETTE[0]).stroke_width(2),
    ))?;
    for (p, &(x, y)) in chart.points.iter().zip(&line) {
        if p.3 {
            root.draw(&Circle::new(
                (x, y),
                6,
                ShapeStyle::from(PEAK).stroke_width(2),
            ))?;
        } else {
            root.draw(&Circle::new((x, y), 2, PALETTE[0].filled()))?;
        }
    }
    let legend = "Line: views per period. Circled: a peak by the report's rule. Red: a protest event (date, form, size).";
    root.draw(&Text::new(
        legend,
        (16, height - 40),
        text(10, Pos::new(HPos::Left, VPos::Top)),
    ))?;
    finish(&root, &chart.source, height)
}
