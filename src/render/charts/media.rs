//! Charts of the videos and views: Figure 1 (small multiples, one panel of bars per channel
//! on its own scale, coloured and labelled by topic) and Figure 2 (a views series with the protest events marked).

use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::axis::{draw_ticks, Axis, Ticks};
use super::{
    canvas, chars_in, chart_error, finish, font, footer_height, header_height, text, text_width,
    ticks_room, titled_rect, with_elements, wrap, DrawResult, INK, LINE, PALETTE, SMALL, WIDTH,
};
use crate::error::Result;

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
    /// The video's title, written above its bar in up to two lines, and whole in the bar's
    /// `<title>`.
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
    /// What the line, circles and red marks are, written under the chart.
    pub legend: String,
    /// The top of the value axis when charts share a scale (small multiples); `None` to
    /// fit the values.
    pub y_max: Option<f64>,
    /// The x of the last period when charts share a time axis; `None` for the last point's.
    pub x_span: Option<f64>,
    /// The source line at the foot of the chart; may be empty.
    pub source: String,
}

pub fn topic_bars(chart: &TopicBars) -> Result<String> {
    let mut svg = String::new();
    let elements = draw_topic_bars(chart, &mut svg).map_err(chart_error(&chart.title))?;
    Ok(with_elements(&svg, &elements))
}

/// A panel's scale: the value that reaches the right edge, and whether the largest bar is
/// over ten times the next and so drawn broken, past the edge.
fn panel_scale(bars: &[TopicBar]) -> (f64, bool) {
    let mut values: Vec<f64> = bars.iter().map(|b| b.value.max(0.0)).collect();
    values.sort_by(|a, b| b.total_cmp(a));
    match values.as_slice() {
        [first, second, ..] if *second > 0.0 && *first > 10.0 * second => (second * 1.25, true),
        [first, ..] if *first > 0.0 => (*first, false),
        _ => (1.0, false),
    }
}

const BAR: i32 = 12;
/// The lines of a video's title: two at most, the second cut with `…` when the title runs on.
fn title_lines(label: &str) -> Vec<String> {
    wrap(label, chars_in(WIDTH as i32 - 32, SMALL), 2)
}

fn draw_topic_bars(
    chart: &TopicBars,
    svg: &mut String,
) -> Result<Vec<String>, DrawingAreaErrorKind<std::io::Error>> {
    let broken = chart.groups.iter().any(|(_, bars)| panel_scale(bars).1);
    let mut subtitle = format!("{}; each channel on its own scale", chart.x_label);
    if broken {
        subtitle.push_str(
            "; a bar broken by a white gap is over ten times the next and runs past the edge",
        );
    }
    let top = header_height(&chart.title, &subtitle);
    let legend = chart.topics.len() as i32;
    let rows: i32 = chart
        .groups
        .iter()
        .map(|(_, bars)| {
            22 + bars
                .iter()
                .map(|b| title_lines(&b.label).len() as i32 * LINE + BAR + 10)
                .sum::<i32>()
                + 8
        })
        .sum();
    let height = top + rows + 8 + legend * LINE + footer_height(&chart.source) + 8;
    let root = canvas(svg, height, &chart.title, &subtitle)?;
    let left = 16;
    let after = chart
        .groups
        .iter()
        .flat_map(|(_, bars)| bars.iter().map(|b| text_width(&b.text, SMALL)))
        .max()
        .unwrap_or(0);
    let right = WIDTH as i32 - 16 - after.clamp(60, 300) - 6;
    let left_top = Pos::new(HPos::Left, VPos::Top);
    let mut elements = Vec::new();
    let mut y = top;
    for (channel, bars) in &chart.groups {
        root.draw(&Text::new(
            channel.clone(),
            (16, y),
            font(14).style(FontStyle::Bold).color(&INK).pos(left_top),
        ))?;
        y += 22;
        let (scale, broken) = panel_scale(bars);
        let x_of =
            |v: f64| left + ((v.max(0.0) / scale).min(1.0) * (right - left) as f64).round() as i32;
        for bar in bars {
            for line in title_lines(&bar.label) {
                root.draw(&Text::new(line, (16, y), text(SMALL, left_top)))?;
                y += LINE;
            }
            let colour = PALETTE[bar.topic % PALETTE.len()];
            let end = x_of(bar.value).max(left + 1);
            elements.push(titled_rect(
                (left, y),
                (end, y + BAR),
                colour,
                &format!("{}: {}", bar.label, bar.text),
            ));
            root.draw(&Text::new(
                bar.text.clone(),
                (end + 6, y + BAR / 2),
                text(SMALL, Pos::new(HPos::Left, VPos::Center)),
            ))?;
            if broken && bar.value > scale {
                let x = end - 14;
                elements.push(format!(
                    "<polygon points=\"{},{} {},{} {},{} {},{}\" fill=\"#FFFFFF\"/>",
                    x,
                    y + BAR + 1,
                    x + 4,
                    y - 1,
                    x + 8,
                    y - 1,
                    x + 4,
                    y + BAR + 1
                ));
            }
            y += BAR + 10;
        }
        y += 8;
    }
    y += 8;
    for (i, topic) in chart.topics.iter().enumerate() {
        let colour = PALETTE[i % PALETTE.len()];
        root.draw(&Rectangle::new([(16, y), (28, y + 12)], colour.filled()))?;
        root.draw(&Text::new(topic.clone(), (34, y), text(SMALL, left_top)))?;
        y += LINE;
    }
    finish(&root, &chart.source, height)?;
    Ok(elements)
}

pub fn time_series(chart: &TimeSeries) -> Result<String> {
    let mut svg = String::new();
    draw_time_series(chart, &mut svg).map_err(chart_error(&chart.title))?;
    Ok(svg)
}

/// An event's label placed under the plot: its row, its extent, and the event's x.
struct Placed {
    row: i32,
    x0: i32,
    x1: i32,
    px: i32,
}

/// Places each event's label `(px, width)` in the first row where it touches no other label,
/// crosses no other event's leader line and has no leader crossing it, beside its event on
/// one side or the other, or as near as the canvas allows; within `0..width`. Events are
/// taken from the right and from the left, labels tried right first and left first; the
/// placement of fewest rows wins. The result is in the order of `events`.
fn place_labels(events: &[(i32, i32)], width: i32) -> Vec<Placed> {
    let mut best: Option<(bool, i32, Vec<Placed>)> = None;
    for (from_right, right_first) in [(true, true), (false, false), (true, false), (false, true)] {
        let (ok, placed) = place_labels_once(events, width, from_right, right_first);
        let rows = placed.iter().map(|p| p.row).max().unwrap_or(0);
        let better = match &best {
            None => true,
            Some((best_ok, best_rows, _)) => (ok, -rows) > (*best_ok, -best_rows),
        };
        if better {
            best = Some((ok, rows, placed));
        }
    }
    best.map(|b| b.2).unwrap_or_default()
}

/// One greedy placement; false when some label had to be placed with a conflict.
fn place_labels_once(
    events: &[(i32, i32)],
    width: i32,
    from_right: bool,
    right_first: bool,
) -> (bool, Vec<Placed>) {
    let mut order: Vec<usize> = (0..events.len()).collect();
    if from_right {
        order.sort_by_key(|&i| (std::cmp::Reverse(events[i].0), i));
    } else {
        order.sort_by_key(|&i| (events[i].0, i));
    }
    let cap = events.len() as i32 + 1;
    let mut ok = true;
    let mut placed: Vec<(usize, Placed)> = Vec::new();
    for i in order {
        let (px, w) = events[i];
        let (first, last) = (4, (width - 4 - w).max(4));
        let (right, left) = (px + 4, px - 4 - w);
        let sides = if right_first {
            [right, left, right.clamp(first, last)]
        } else {
            [left, right, left.clamp(first, last)]
        };
        let mut row = 0;
        let spot = loop {
            let free = sides.iter().map(|&x0| (x0, x0 + w)).find(|&(x0, x1)| {
                x0 >= first
                    && x0 <= last
                    && (row > cap
                        || placed.iter().all(|(_, p)| {
                            let apart = x1 + 6 <= p.x0 || p.x1 + 6 <= x0;
                            let same_row = p.row != row || apart;
                            let our_leader = p.row >= row || px + 2 < p.x0 || px - 2 > p.x1;
                            let their_leader = p.row <= row || p.px + 2 < x0 || p.px - 2 > x1;
                            same_row && our_leader && their_leader
                        }))
            });
            if let Some((x0, x1)) = free {
                ok &= row <= cap;
                break Placed { row, x0, x1, px };
            }
            row += 1;
        };
        placed.push((i, spot));
    }
    placed.sort_by_key(|(i, _)| *i);
    (ok, placed.into_iter().map(|(_, p)| p).collect())
}

fn draw_time_series(chart: &TimeSeries, svg: &mut String) -> DrawResult {
    let top = header_height(&chart.title, &chart.y_label) + 8;
    let max = chart
        .points
        .iter()
        .map(|p| p.2)
        .fold(chart.y_max.unwrap_or(0.0), f64::max);
    let ticks = Ticks::from_zero(max);
    let (left, right) = (16 + ticks_room(&ticks, SMALL) + 8, WIDTH as i32 - 24);
    let bottom = top + 220;
    let last = chart.points.last().map_or(1.0, |p| p.0);
    let span = chart.x_span.unwrap_or(last).max(1.0);
    let x_of = |x: f64| left + ((x / span) * (right - left) as f64).round() as i32;
    let events: Vec<(i32, i32)> = chart
        .markers
        .iter()
        .map(|(x, label)| (x_of(*x), text_width(label, SMALL)))
        .collect();
    let placed = place_labels(&events, WIDTH as i32);
    let rows = placed.iter().map(|p| p.row + 1).max().unwrap_or(0);
    let legend = wrap(&chart.legend, chars_in(WIDTH as i32 - 32, SMALL), 4);
    let first_row = bottom + 6 + LINE + 10;
    let legend_y = first_row + rows * (LINE + 3) + 10;
    let height = legend_y + legend.len() as i32 * LINE + 8 + footer_height(&chart.source) + 8;
    let root = canvas(svg, height, &chart.title, &chart.y_label)?;
    let y_max = ticks.span;
    let y_of = |v: f64| bottom - ((v / y_max) * (bottom - top) as f64).round() as i32;
    draw_ticks(&root, &ticks, Axis::Up { left, right }, SMALL, y_of)?;
    root.draw(&PathElement::new(
        vec![(left, bottom), (right, bottom)],
        INK,
    ))?;
    let mut last_end = i32::MIN;
    for (x, label, _, _) in &chart.points {
        let px = x_of(*x);
        let half = text_width(label, SMALL) / 2;
        if px - half > last_end + 8 && px + half <= WIDTH as i32 - 4 {
            last_end = px + half;
            root.draw(&PathElement::new(vec![(px, bottom), (px, bottom + 4)], INK))?;
            root.draw(&Text::new(
                label.clone(),
                (px, bottom + 6),
                text(SMALL, Pos::new(HPos::Center, VPos::Top)),
            ))?;
        }
    }
    let line: Vec<(i32, i32)> = chart
        .points
        .iter()
        .map(|p| (x_of(p.0), y_of(p.2)))
        .collect();
    for ((_, label), p) in chart.markers.iter().zip(&placed) {
        root.draw(&PathElement::new(
            vec![(p.px, top), (p.px, bottom)],
            ShapeStyle::from(EVENT).stroke_width(1),
        ))?;
        root.draw(&TriangleMarker::new((p.px, top), 5, EVENT.filled()))?;
        let row_y = first_row + p.row * (LINE + 3);
        root.draw(&PathElement::new(
            vec![(p.px, first_row - 6), (p.px, row_y + 6)],
            ShapeStyle::from(EVENT).stroke_width(1),
        ))?;
        let on_right = p.x0 > p.px;
        let (anchor, x) = if on_right {
            (HPos::Left, p.x0)
        } else {
            (HPos::Right, p.x1)
        };
        root.draw(&Text::new(
            label.clone(),
            (x, row_y + 6),
            font(SMALL)
                .color(&EVENT)
                .pos(Pos::new(anchor, VPos::Center)),
        ))?;
    }
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
    let mut y = legend_y;
    for line in legend {
        root.draw(&Text::new(
            line,
            (16, y),
            text(SMALL, Pos::new(HPos::Left, VPos::Top)),
        ))?;
        y += LINE;
    }
    finish(&root, &chart.source, height)
}
