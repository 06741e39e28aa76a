//! SVG charts, drawn with plotters' SVG backend.
//!
//! Charts are laid out by hand on a plotters drawing area (axis, ticks, bars, labels) rather
//! than through its chart builder, because grouped bars with a written value on every bar
//! and a category label under every group need exact positions. Every chart carries its own
//! title, legend and source line, so the SVG file reads well on its own. Text is escaped by
//! the backend; the font is the reader's `sans-serif`, and text widths are plotters' fixed
//! estimate, so the output does not depend on the fonts of the building machine.

mod axis;
mod media;
mod tree;

use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

pub use media::{TimeSeries, TopicBar, TopicBars};
pub use tree::{Dendrogram, KDiagnostics};

use crate::error::{Error, Result};
use axis::{draw_ticks, Axis, Ticks};

/// Colour-blind-safe series colours (Okabe and Ito).
pub(crate) const PALETTE: [RGBColor; 7] = [
    RGBColor(0, 114, 178),
    RGBColor(230, 159, 0),
    RGBColor(0, 158, 115),
    RGBColor(204, 121, 167),
    RGBColor(86, 180, 233),
    RGBColor(213, 94, 0),
    RGBColor(240, 228, 66),
];
pub(crate) const INK: RGBColor = RGBColor(34, 34, 34);
pub(crate) const GRID: RGBColor = RGBColor(221, 221, 221);
pub(crate) const WIDTH: u32 = 760;
const HEIGHT: u32 = 440;

/// One bar: its height and the text written above it (`276,000`, `>13`).
#[derive(Debug, Clone)]
pub struct Bar {
    /// The bar's height, on an axis from zero.
    pub value: f64,
    /// Written above the bar, as the pages write the figure.
    pub label: String,
}

/// One series of a grouped bar chart; `None` is a bar with no figure (written, not drawn).
#[derive(Debug, Clone)]
pub struct Series {
    /// The series' name in the legend under the chart (a platform, a kind of event).
    pub name: String,
    /// One per category, in the order of `categories`; `None` writes `missing` instead.
    pub bars: Vec<Option<Bar>>,
}

/// Bars grouped by category, one colour per series.
#[derive(Debug, Clone)]
pub struct GroupedBars {
    /// Written at the top of the chart; also its SVG `<title>` and its entry in the contents.
    pub title: String,
    /// What the bars count, written under the title (`Events (>N: at least N)`).
    pub y_label: String,
    /// The group labels under the axis, left to right (organisations, years).
    pub categories: Vec<String>,
    /// One colour each, in legend order and left to right within a group.
    pub series: Vec<Series>,
    /// Written under a missing bar, e.g. "not published".
    pub missing: String,
    /// The source line at the foot of the chart; may be empty.
    pub source: String,
}

pub(crate) type DrawResult = std::result::Result<(), DrawingAreaErrorKind<std::io::Error>>;
pub(crate) type Canvas<'a> = DrawingArea<SVGBackend<'a>, plotters::coord::Shift>;

/// Text in the chart's ink, `size` pixels high, anchored at `pos`.
pub(crate) fn text(size: u32, pos: Pos) -> TextStyle<'static> {
    ("sans-serif", size).into_font().color(&INK).pos(pos)
}

/// A drawing failure of the chart `name`, as the build reports it.
pub(crate) fn chart_error(
    name: &str,
) -> impl Fn(DrawingAreaErrorKind<std::io::Error>) -> Error + '_ {
    move |e| Error::Chart {
        name: name.to_string(),
        message: e.to_string(),
    }
}

/// Writes the source line at the foot of the chart and finishes the document.
pub(crate) fn finish(root: &Canvas<'_>, source: &str, height: i32) -> DrawResult {
    let left_top = Pos::new(HPos::Left, VPos::Top);
    root.draw(&Text::new(
        source.to_string(),
        (16, height - 20),
        text(10, left_top),
    ))?;
    root.present()
}

/// A white canvas of `height` with the chart's title and, under it, a subtitle.
pub(crate) fn canvas<'a>(
    svg: &'a mut String,
    height: i32,
    title: &str,
    subtitle: &str,
) -> Result<Canvas<'a>, DrawingAreaErrorKind<std::io::Error>> {
    let root = SVGBackend::with_string(svg, (WIDTH, height as u32)).into_drawing_area();
    root.fill(&WHITE)?;
    let left_top = Pos::new(HPos::Left, VPos::Top);
    root.draw(&Text::new(title.to_string(), (16, 12), text(17, left_top)))?;
    if !subtitle.is_empty() {
        root.draw(&Text::new(
            subtitle.to_string(),
            (16, 38),
            text(12, left_top),
        ))?;
    }
    Ok(root)
}

/// A chart of the site, of one of the kinds below.
#[derive(Debug, Clone)]
pub enum ChartSpec {
    /// Vertical bars grouped by category: Table 1's audiences, Table 2's yearly totals.
    Grouped(GroupedBars),
    /// A ranked list, one bar per row: terms, bigrams, correlations, topic shares.
    Horizontal(HorizontalBars),
    /// The top of the Ward tree, with the cut at k.
    Dendrogram(Dendrogram),
    /// Merge height and mean silhouette against k, in two panels.
    KDiagnostics(KDiagnostics),
    /// Figure 1: the most-viewed videos by channel, coloured by topic.
    TopicBars(TopicBars),
    /// Figure 2: one channel's views by period, with protest events marked.
    TimeSeries(TimeSeries),
}

/// Draws any chart as an SVG document, with a `<title>` and a `<desc>` (`description`) so
/// that the file reads well on its own and to a screen reader.
pub fn draw(chart: &ChartSpec, description: &str) -> Result<String> {
    let svg = draw_body(chart)?;
    Ok(with_title(&svg, chart.title(), description))
}

impl ChartSpec {
    /// The chart's title: drawn at its top, its SVG `<title>` and its entry in the contents.
    pub fn title(&self) -> &str {
        match self {
            ChartSpec::Grouped(c) => &c.title,
            ChartSpec::Horizontal(c) => &c.title,
            ChartSpec::Dendrogram(c) => &c.title,
            ChartSpec::KDiagnostics(c) => &c.title,
            ChartSpec::TopicBars(c) => &c.title,
            ChartSpec::TimeSeries(c) => &c.title,
        }
    }
}

/// Inserts the title and description as the first children of the `<svg>` element.
fn with_title(svg: &str, title: &str, description: &str) -> String {
    let escape = crate::escape::html;
    match svg
        .find("<svg")
        .and_then(|at| svg[at..].find('>').map(|end| at + end + 1))
    {
        Some(at) => format!(
            "{}\n<title>{}</title>\n<desc>{}</desc>{}",
            &svg[..at],
            escape(title),
            escape(description),
            &svg[at..]
        ),
        None => svg.to_string(),
    }
}

fn draw_body(chart: &ChartSpec) -> Result<String> {
    match chart {
        ChartSpec::Grouped(chart) => grouped_bars(chart),
        ChartSpec::Horizontal(chart) => horizontal_bars(chart),
        ChartSpec::Dendrogram(chart) => tree::dendrogram(chart),
        ChartSpec::KDiagnostics(chart) => tree::k_diagnostics(chart),
        ChartSpec::TopicBars(chart) => media::topic_bars(chart),
        ChartSpec::TimeSeries(chart) => media::time_series(chart),
    }
}

/// One labelled bar of a horizontal bar chart, with the text written after it.
#[derive(Debug, Clone)]
pub struct LabelledBar {
    /// Written left of the bar (a term as `stem (form)`).
    pub label: String,
    /// The bar's length, on an axis from zero; a negative value draws as zero.
    pub value: f64,
    /// Written after the bar: the value as the pages write it (`1,234`, `0.31`).
    pub text: String,
}

/// Bars laid out top to bottom, one per row: for ranked lists (terms, correlations).
#[derive(Debug, Clone)]
pub struct HorizontalBars {
    /// Written at the top of the chart; also its SVG `<title>` and its entry in the contents.
    pub title: String,
    /// What the bars measure, written under the title (`Pearson r of counts per post`).
    pub x_label: String,
    /// Drawn top to bottom in this order.
    pub bars: Vec<LabelledBar>,
    /// The source line at the foot of the chart; may be empty.
    pub source: String,
}

const ROW: i32 = 20;

/// Draws a horizontal bar chart as an SVG document; its height follows the number of bars.
pub fn horizontal_bars(chart: &HorizontalBars) -> Result<String> {
    let mut svg = String::new();
    draw_horizontal_bars(chart, &mut svg).map_err(chart_error(&chart.title))?;
    Ok(svg)
}

fn draw_horizontal_bars(
    chart: &HorizontalBars,
    svg: &mut String,
) -> Result<(), DrawingAreaErrorKind<std::io::Error>> {
    let rows = chart.bars.len().max(1) as i32;
    let height = 112 + rows * ROW;
    let root = canvas(svg, height, &chart.title, &chart.x_label)?;
    let longest = chart
        .bars
        .iter()
        .map(|b| b.label.chars().count())
        .max()
        .unwrap_or(0);
    let left = (24 + 6 * longest as i32).clamp(90, 300);
    let (right, top) = (WIDTH as i32 - 70, 62);
    let max = chart.bars.iter().map(|b| b.value).fold(0.0f64, f64::max);
    let ticks = Ticks::from_zero(max);
    let x_max = ticks.span;
    let x_of = |v: f64| left + ((v.max(0.0) / x_max) * (right - left) as f64).round() as i32;
    let bottom = top + rows * ROW;
    draw_ticks(&root, &ticks, Axis::Along { top, bottom }, 11, x_of)?;
    for (i, bar) in chart.bars.iter().enumerate() {
        let y = top + i as i32 * ROW;
        let middle = y + ROW / 2;
        root.draw(&Text::new(
            bar.label.clone(),
            (left - 6, middle),
            text(11, Pos::new(HPos::Right, VPos::Center)),
        ))?;
        let end = x_of(bar.value);
        root.draw(&Rectangle::new(
            [(left, y + 3), (end.max(left + 1), y + ROW - 3)],
            PALETTE[0].filled(),
        ))?;
        root.draw(&Text::new(
            bar.text.clone(),
            (end + 4, middle),
            text(10, Pos::new(HPos::Left, VPos::Center)),
        ))?;
    }
    root.draw(&PathElement::new(vec![(left, top), (left, bottom)], INK))?;
    finish(&root, &chart.source, height)
}

/// Draws a grouped bar chart as an SVG document.
pub fn grouped_bars(chart: &GroupedBars) -> Result<String> {
    let mut svg = String::new();
    draw_grouped_bars(chart, &mut svg).map_err(chart_error(&chart.title))?;
    Ok(svg)
}

fn draw_grouped_bars(
    chart: &GroupedBars,
    svg: &mut String,
) -> Result<(), DrawingAreaErrorKind<std::io::Error>> {
    let root = SVGBackend::with_string(svg, (WIDTH, HEIGHT)).into_drawing_area();
    root.fill(&WHITE)?;
    let (left, right, top, bottom) = (78i32, WIDTH as i32 - 20, 62i32, HEIGHT as i32 - 78);
    let text = |size: u32, pos: Pos| ("sans-serif", size).into_font().color(&INK).pos(pos);
    let left_top = Pos::new(HPos::Left, VPos::Top);
    let centre_top = Pos::new(HPos::Center, VPos::Top);
    root.draw(&Text::new(
        chart.title.clone(),
        (16, 12),
        text(17, left_top),
    ))?;

    let max = chart
        .series
        .iter()
        .flat_map(|s| s.bars.iter().flatten())
        .map(|b| b.value)
        .fold(0.0f64, f64::max);
    let ticks = Ticks::from_zero(max);
    let y_max = ticks.span;
    let y_of = |v: f64| bottom - ((v / y_max) * (bottom - top) as f64).round() as i32;
    draw_ticks(&root, &ticks, Axis::Up { left, right }, 11, y_of)?;
    root.draw(&PathElement::new(
        vec![(left, bottom), (right, bottom)],
        INK,
    ))?;
    root.draw(&Text::new(
        chart.y_label.clone(),
        (16, 40),
        text(12, left_top),
    ))?;

    let groups = chart.categories.len().max(1) as i32;
    let group_width = (right - left) / groups;
    let bars_in_group = chart.series.len().max(1) as i32;
    let bar_width = ((group_width - 16) / bars_in_group).max(2);
    for (g, category) in chart.categories.iter().enumerate() {
        let group_left = left + g as i32 * group_width + 8;
        for (s, series) in chart.series.iter().enumerate() {
            let x0 = group_left + s as i32 * bar_width;
            let x_mid = x0 + bar_width / 2;
            match series.bars.get(g).cloned().flatten() {
                Some(bar) => {
                    let colour = PALETTE[s % PALETTE.len()];
                    root.draw(&Rectangle::new(
                        [(x0 + 1, y_of(bar.value)), (x0 + bar_width - 1, bottom)],
                        colour.filled(),
                    ))?;
                    let at = (x_mid, y_of(bar.value) - 3);
                    root.draw(&Text::new(
                        bar.label,
                        at,
                        text(10, Pos::new(HPos::Center, VPos::Bottom)),
                    ))?;
                }
                None => {
                    let at = (x_mid, bottom - 3);
                    root.draw(&Text::new(
                        chart.missing.clone(),
                        at,
                        text(9, Pos::new(HPos::Center, VPos::Bottom)),
                    ))?;
                }
            }
        }
        let at = (left + g as i32 * group_width + group_width / 2, bottom + 6);
        root.draw(&Text::new(category.clone(), at, text(11, centre_top)))?;
    }

    let mut x = left;
    let legend_y = HEIGHT as i32 - 44;
    for (s, series) in chart.series.iter().enumerate() {
        let colour = PALETTE[s % PALETTE.len()];
        root.draw(&Rectangle::new(
            [(x, legend_y), (x + 12, legend_y + 12)],
            colour.filled(),
        ))?;
        root.draw(&Text::new(
            series.name.clone(),
            (x + 17, legend_y),
            text(11, left_top),
        ))?;
        x += 30 + 7 * series.name.chars().count() as i32;
    }
    finish(&root, &chart.source, HEIGHT as i32)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_in_charts_is_escaped() {
        let chart = GroupedBars {
            title: "<script>alert(1)</script>".into(),
            y_label: "n".into(),
            categories: vec!["a & <b>".into()],
            series: vec![Series {
                name: "s".into(),
                bars: vec![Some(Bar {
                    value: 1.0,
                    label: "1".into(),
                })],
            }],
            missing: "n/p".into(),
            source: "src".into(),
        };
        let svg = grouped_bars(&chart).unwrap();
        assert!(!svg.contains("<script"));
        assert!(svg.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
        assert!(svg.contains("a &amp; &lt;b&gt;"));
    }
}
