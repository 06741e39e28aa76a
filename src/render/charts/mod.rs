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

/// Colour-blind-safe colours: Okabe and Ito's seven (black left out), then Paul Tol's muted
/// scheme, then four of his dark scheme and black: 21 colours, for series and for the
/// clusters of the dendrogram. The first seven are the series colours of every chart.
pub(crate) const PALETTE: [RGBColor; 21] = [
    RGBColor(0x00, 0x72, 0xB2),
    RGBColor(0xE6, 0x9F, 0x00),
    RGBColor(0x00, 0x9E, 0x73),
    RGBColor(0xCC, 0x79, 0xA7),
    RGBColor(0x56, 0xB4, 0xE9),
    RGBColor(0xD5, 0x5E, 0x00),
    RGBColor(0xF0, 0xE4, 0x42),
    RGBColor(0x33, 0x22, 0x88),
    RGBColor(0x11, 0x77, 0x33),
    RGBColor(0x88, 0x22, 0x55),
    RGBColor(0x99, 0x99, 0x33),
    RGBColor(0x44, 0xAA, 0x99),
    RGBColor(0xAA, 0x44, 0x99),
    RGBColor(0xCC, 0x66, 0x77),
    RGBColor(0xDD, 0xCC, 0x77),
    RGBColor(0x88, 0xCC, 0xEE),
    RGBColor(0x22, 0x22, 0x55),
    RGBColor(0x22, 0x55, 0x55),
    RGBColor(0x66, 0x33, 0x33),
    RGBColor(0x66, 0x66, 0x33),
    RGBColor(0x00, 0x00, 0x00),
];
pub(crate) const INK: RGBColor = RGBColor(34, 34, 34);
pub(crate) const GRID: RGBColor = RGBColor(221, 221, 221);
/// The canvas width: the width at which the page prints a chart (about 170 mm of an A4
/// page), and at which the screen shows it, so that a font size is the size read.
pub(crate) const WIDTH: u32 = 640;
/// The smallest text of any chart, in pixels at the width shown.
pub(crate) const SMALL: u32 = 12;
/// The size of a chart's title.
pub(crate) const TITLE: u32 = 16;
/// Height of a line of `SMALL` text.
pub(crate) const LINE: i32 = 15;
/// Plotters writes a font size divided by this; sizes are given times it, so the written
/// size is the one asked for (and `draw` writes it as a whole number).
const PLOTTERS_SCALE: f64 = 1.24;

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

/// The font of every chart, `size` pixels high as written in the SVG.
pub(crate) fn font(size: u32) -> FontDesc<'static> {
    ("sans-serif", size as f64 * PLOTTERS_SCALE).into_font()
}

/// Text in the chart's ink, `size` pixels high, anchored at `pos`.
pub(crate) fn text(size: u32, pos: Pos) -> TextStyle<'static> {
    font(size).color(&INK).pos(pos)
}

/// The width a reader's sans-serif gives `label` at `size`, estimated (0.6 em a character),
/// so that layout does not depend on the fonts of the building machine.
pub(crate) fn text_width(label: &str, size: u32) -> i32 {
    (label.chars().count() as f64 * size as f64 * 0.6).ceil() as i32
}

/// `label` in lines of at most `max` characters, broken between words (a word longer than
/// a line is broken inside); at most `lines` lines, the last cut with `…` when more is left.
pub(crate) fn wrap(label: &str, max: usize, lines: usize) -> Vec<String> {
    let max = max.max(2);
    let mut out: Vec<String> = Vec::new();
    let mut line = String::new();
    for word in label.split_whitespace() {
        let mut word: Vec<char> = word.chars().collect();
        loop {
            let used = line.chars().count();
            let room = if used == 0 {
                max
            } else {
                max.saturating_sub(used + 1)
            };
            if word.len() <= room {
                if used > 0 {
                    line.push(' ');
                }
                line.extend(word.iter());
                break;
            }
            if used == 0 {
                line.extend(word.drain(..max));
            }
            out.push(std::mem::take(&mut line));
        }
    }
    if !line.is_empty() || out.is_empty() {
        out.push(line);
    }
    if out.len() > lines {
        let mut last: Vec<char> = out[lines - 1].chars().collect();
        last.truncate(max - 1);
        out.truncate(lines - 1);
        out.push(last.into_iter().collect::<String>() + "…");
    }
    out
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

/// The room the source line takes at the foot of a chart.
pub(crate) fn footer_height(source: &str) -> i32 {
    8 + LINE * source_lines(source).len() as i32
}

fn source_lines(source: &str) -> Vec<String> {
    if source.is_empty() {
        return Vec::new();
    }
    wrap(source, chars_in(WIDTH as i32 - 32, SMALL), 4)
}

/// How many characters of `size` fit in `width` pixels.
pub(crate) fn chars_in(width: i32, size: u32) -> usize {
    (width.max(0) as f64 / (size as f64 * 0.6)).floor() as usize
}

/// Writes the source line at the foot of the chart and finishes the document.
pub(crate) fn finish(root: &Canvas<'_>, source: &str, height: i32) -> DrawResult {
    let left_top = Pos::new(HPos::Left, VPos::Top);
    let lines = source_lines(source);
    let mut y = height - footer_height(source) + 2;
    for line in lines {
        root.draw(&Text::new(line, (16, y), text(SMALL, left_top)))?;
        y += LINE;
    }
    root.present()
}

fn header_lines(title: &str, subtitle: &str) -> (Vec<String>, Vec<String>) {
    let title = wrap(title, chars_in(WIDTH as i32 - 32, TITLE), 3);
    let subtitle = if subtitle.is_empty() {
        Vec::new()
    } else {
        wrap(subtitle, chars_in(WIDTH as i32 - 32, SMALL), 4)
    };
    (title, subtitle)
}

/// Where the chart's own drawing may begin, under the title and subtitle.
pub(crate) fn header_height(title: &str, subtitle: &str) -> i32 {
    let (title, subtitle) = header_lines(title, subtitle);
    12 + 20 * title.len() as i32 + LINE * subtitle.len() as i32 + 10
}

/// A white canvas of `height` with the chart's title and, under it, a subtitle, each wrapped
/// to the width; [`header_height`] says where they end.
pub(crate) fn canvas<'a>(
    svg: &'a mut String,
    height: i32,
    title: &str,
    subtitle: &str,
) -> Result<Canvas<'a>, DrawingAreaErrorKind<std::io::Error>> {
    let root = SVGBackend::with_string(svg, (WIDTH, height as u32)).into_drawing_area();
    root.fill(&WHITE)?;
    let left_top = Pos::new(HPos::Left, VPos::Top);
    let (title, subtitle) = header_lines(title, subtitle);
    let mut y = 12;
    for line in title {
        root.draw(&Text::new(line, (16, y), text(TITLE, left_top)))?;
        y += 20;
    }
    for line in subtitle {
        root.draw(&Text::new(line, (16, y), text(SMALL, left_top)))?;
        y += LINE;
    }
    Ok(root)
}

/// Elements plotters cannot draw (a shape with its own `<title>`), inserted before the end
/// of the document, so on top of what plotters drew.
pub(crate) fn with_elements(svg: &str, elements: &[String]) -> String {
    match svg.rfind("</svg>") {
        Some(at) => format!("{}{}\n{}", &svg[..at], elements.join("\n"), &svg[at..]),
        None => svg.to_string(),
    }
}

/// A filled rectangle with a tooltip (`<title>`), escaped.
pub(crate) fn titled_rect(
    (x0, y0): (i32, i32),
    (x1, y1): (i32, i32),
    fill: RGBColor,
    title: &str,
) -> String {
    format!(
        "<g><title>{}</title><rect x=\"{x0}\" y=\"{y0}\" width=\"{}\" height=\"{}\" fill=\"#{:02X}{:02X}{:02X}\"/></g>",
        crate::escape::html(title),
        (x1 - x0).max(0),
        (y1 - y0).max(0),
        fill.0,
        fill.1,
        fill.2
    )
}

/// Every `font-size` written as the whole number it stands for (plotters writes `12` as
/// `12.000000000000002` for some sizes).
fn whole_font_sizes(svg: &str) -> String {
    let key = "font-size=\"";
    let mut out = String::with_capacity(svg.len());
    let mut rest = svg;
    while let Some(at) = rest.find(key) {
        let start = at + key.len();
        let Some(len) = rest[start..].find('"') else {
            break;
        };
        out.push_str(&rest[..start]);
        let value = &rest[start..start + len];
        match value.parse::<f64>() {
            Ok(size) => out.push_str(&format!("{}", size.round() as i64)),
            Err(_) => out.push_str(value),
        }
        rest = &rest[start + len..];
    }
    out.push_str(rest);
    out
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
    let svg = whole_font_sizes(&draw_body(chart)?);
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
    let top = header_height(&chart.title, &chart.x_label);
    let height = top + rows * ROW + 24 + footer_height(&chart.source) + 8;
    let root = canvas(svg, height, &chart.title, &chart.x_label)?;
    let longest = chart
        .bars
        .iter()
        .map(|b| text_width(&b.label, SMALL))
        .max()
        .unwrap_or(0);
    let left = (longest + 24).clamp(90, 260);
    let after = chart
        .bars
        .iter()
        .map(|b| text_width(&b.text, SMALL))
        .max()
        .unwrap_or(0);
    let right = WIDTH as i32 - 16 - after.clamp(24, 200) - 8;
    let max = chart.bars.iter().map(|b| b.value).fold(0.0f64, f64::max);
    let min = chart.bars.iter().map(|b| b.value).fold(0.0f64, f64::min);
    // Bars of either sign (keyness) run both ways from a zero in the middle.
    let ticks = if min < 0.0 {
        Ticks::symmetric(max.max(-min))
    } else {
        Ticks::from_zero(max)
    };
    let x_of = |v: f64| {
        let share = (v.max(ticks.low) - ticks.low) / ticks.span;
        left + (share * (right - left) as f64).round() as i32
    };
    let zero = x_of(0.0);
    let bottom = top + rows * ROW;
    draw_ticks(&root, &ticks, Axis::Along { top, bottom }, SMALL, x_of)?;
    for (i, bar) in chart.bars.iter().enumerate() {
        let y = top + i as i32 * ROW;
        let middle = y + ROW / 2;
        let label = wrap(&bar.label, chars_in(left - 22, SMALL), 1).remove(0);
        root.draw(&Text::new(
            label,
            (left - 6, middle),
            text(SMALL, Pos::new(HPos::Right, VPos::Center)),
        ))?;
        let end = x_of(bar.value);
        let (from, to, colour, figure_at) = if bar.value < 0.0 {
            (end, zero, PALETTE[1], zero + 4)
        } else {
            (zero, end.max(zero + 1), PALETTE[0], end.max(zero + 1) + 4)
        };
        root.draw(&Rectangle::new(
            [(from, y + 3), (to, y + ROW - 3)],
            colour.filled(),
        ))?;
        root.draw(&Text::new(
            bar.text.clone(),
            (figure_at, middle),
            text(SMALL, Pos::new(HPos::Left, VPos::Center)),
        ))?;
    }
    root.draw(&PathElement::new(vec![(zero, top), (zero, bottom)], INK))?;
    finish(&root, &chart.source, height)
}

/// Draws a grouped bar chart as an SVG document.
///
/// The groups share the plot's width, and every bar is at least 3 pixels wide for up to
/// 40 groups of three series. The figure of a bar is written above it when it fits across
/// the bar, turned upright when it fits only that way, and left to the table past
/// [`MOST_BARS_WITH_FIGURES`] bars (the subtitle then says so). Category labels are
/// written under every group, or every second, fifth… when they would touch.
pub fn grouped_bars(chart: &GroupedBars) -> Result<String> {
    let mut svg = String::new();
    draw_grouped_bars(chart, &mut svg).map_err(chart_error(&chart.title))?;
    Ok(svg)
}

/// A grouped bar chart of more bars than this leaves their figures to the table: its bars
/// are then narrower than the text is high (14 px at 30 bars, 3 px at 120).
pub const MOST_BARS_WITH_FIGURES: usize = 30;

/// How the figures of a grouped bar chart are written: across, upright or not at all.
#[derive(Clone, Copy, PartialEq)]
enum Figures {
    Across,
    Upright,
    None,
}

/// The layout of the bars: the left edge of group `g`'s first bar and every bar's width.
pub(crate) struct BarLayout {
    pub left: f64,
    pub group_width: f64,
    pub gap: f64,
    pub bar_width: i32,
}

impl BarLayout {
    pub fn new(left: i32, right: i32, groups: usize, bars_in_group: usize) -> BarLayout {
        let group_width = (right - left) as f64 / groups.max(1) as f64;
        let gap = (group_width * 0.2).clamp(2.0, 24.0);
        let bar_width = ((group_width - gap) / bars_in_group.max(1) as f64).floor() as i32;
        BarLayout {
            left: left as f64,
            group_width,
            gap,
            bar_width: bar_width.min(60),
        }
    }

    /// The left edge of bar `s` of group `g`.
    pub fn x(&self, g: usize, s: usize) -> i32 {
        let group_left = self.left + g as f64 * self.group_width + self.gap / 2.0;
        (group_left + (self.bar_width * s as i32) as f64).round() as i32
    }
}

fn draw_grouped_bars(
    chart: &GroupedBars,
    svg: &mut String,
) -> Result<(), DrawingAreaErrorKind<std::io::Error>> {
    let max = chart
        .series
        .iter()
        .flat_map(|s| s.bars.iter().flatten())
        .map(|b| b.value)
        .fold(0.0f64, f64::max);
    let ticks = Ticks::from_zero(max);
    let left = 16 + ticks_room(&ticks, SMALL) + 8;
    let right = WIDTH as i32 - 16;
    let groups = chart.categories.len().max(1);
    let series = chart.series.len().max(1);
    let layout = BarLayout::new(left, right, groups, series);
    let widest = chart
        .series
        .iter()
        .flat_map(|s| s.bars.iter())
        .map(|b| match b {
            Some(bar) => text_width(&bar.label, SMALL),
            None => text_width(&chart.missing, SMALL),
        })
        .max()
        .unwrap_or(0);
    let figures = if groups * series > MOST_BARS_WITH_FIGURES {
        Figures::None
    } else if widest + 2 <= layout.bar_width {
        Figures::Across
    } else if SMALL as i32 + 2 <= layout.bar_width {
        Figures::Upright
    } else {
        Figures::None
    };
    let mut subtitle = chart.y_label.clone();
    if figures == Figures::None {
        subtitle.push_str("; bars too narrow to write on: the figures are in the table");
    }
    let legend = legend_rows(&chart.series, right - 16);
    let top = header_height(&chart.title, &subtitle)
        + match figures {
            Figures::Upright => widest + 6,
            _ => LINE,
        };
    let plot = 240;
    let bottom = top + plot;
    let height =
        bottom + 8 + LINE + 12 + legend.len() as i32 * LINE + footer_height(&chart.source) + 8;
    let root = canvas(svg, height, &chart.title, &subtitle)?;
    let y_max = ticks.span;
    let y_of = |v: f64| bottom - ((v / y_max) * (bottom - top) as f64).round() as i32;
    draw_ticks(&root, &ticks, Axis::Up { left, right }, SMALL, y_of)?;
    root.draw(&PathElement::new(
        vec![(left, bottom), (right, bottom)],
        INK,
    ))?;
    let centre_top = Pos::new(HPos::Center, VPos::Top);
    for g in 0..chart.categories.len() {
        for (s, series) in chart.series.iter().enumerate() {
            let x0 = layout.x(g, s);
            let x1 = x0 + layout.bar_width;
            let x_mid = (x0 + x1) / 2;
            let (label, from) = match series.bars.get(g).cloned().flatten() {
                Some(bar) => {
                    let colour = PALETTE[s % 7];
                    let y = y_of(bar.value);
                    root.draw(&Rectangle::new([(x0, y), (x1, bottom)], colour.filled()))?;
                    (bar.label, y)
                }
                None => (chart.missing.clone(), bottom),
            };
            if label.is_empty() {
                continue;
            }
            match figures {
                Figures::Across => {
                    let at = (x_mid, from - 3);
                    let style = text(SMALL, Pos::new(HPos::Center, VPos::Bottom));
                    root.draw(&Text::new(label, at, style))?;
                }
                Figures::Upright => {
                    let style = font(SMALL)
                        .transform(plotters::style::FontTransform::Rotate270)
                        .color(&INK)
                        .pos(Pos::new(HPos::Left, VPos::Center));
                    root.draw(&Text::new(label, (x_mid, from - 3), style))?;
                }
                Figures::None => {}
            }
        }
    }
    let every = label_step(
        chart
            .categories
            .iter()
            .map(|c| text_width(c, SMALL))
            .max()
            .unwrap_or(0)
            + 8,
        layout.group_width,
    );
    for (g, category) in chart.categories.iter().enumerate() {
        if g % every == 0 {
            let at = (
                (layout.left + (g as f64 + 0.5) * layout.group_width).round() as i32,
                bottom + 6,
            );
            root.draw(&Text::new(category.clone(), at, text(SMALL, centre_top)))?;
        }
    }
    let left_top = Pos::new(HPos::Left, VPos::Top);
    let mut legend_y = bottom + 8 + LINE + 12;
    for row in legend {
        let mut x = 16;
        for (s, name) in row {
            let colour = PALETTE[s % 7];
            root.draw(&Rectangle::new(
                [(x, legend_y), (x + 12, legend_y + 12)],
                colour.filled(),
            ))?;
            root.draw(&Text::new(
                name.clone(),
                (x + 17, legend_y),
                text(SMALL, left_top),
            ))?;
            x += 17 + text_width(&name, SMALL) + 16;
        }
        legend_y += LINE;
    }
    finish(&root, &chart.source, height)
}

/// The legend's entries `(series, name)` in rows that fit in `width`.
fn legend_rows(series: &[Series], width: i32) -> Vec<Vec<(usize, String)>> {
    let mut rows: Vec<Vec<(usize, String)>> = Vec::new();
    let mut used = width;
    for (s, series) in series.iter().enumerate() {
        let w = 17 + text_width(&series.name, SMALL) + 16;
        if used + w > width {
            rows.push(Vec::new());
            used = 0;
        }
        used += w;
        rows.last_mut()
            .expect("a row")
            .push((s, series.name.clone()));
    }
    rows
}

/// Label every n-th of evenly spaced positions `pitch` apart, n from 1, 2, 5, 10, 20… so
/// that labels `width` wide do not touch.
pub(crate) fn label_step(width: i32, pitch: f64) -> usize {
    let mut power = 1usize;
    loop {
        for m in [1, 2, 5] {
            let step = m * power;
            if step as f64 * pitch >= width as f64 || step > 100_000 {
                return step;
            }
        }
        power *= 10;
    }
}

/// The room the labels of a value axis need left of it.
pub(crate) fn ticks_room(ticks: &Ticks, size: u32) -> i32 {
    ticks
        .values
        .iter()
        .map(|&v| text_width(&crate::format::real(v, ticks.decimals), size))
        .max()
        .unwrap_or(0)
        + 6
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
