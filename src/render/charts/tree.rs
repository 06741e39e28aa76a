//! Charts of the clustering: the dendrogram and the diagnostics of k.
//!
//! The dendrogram is drawn from the top of the tree the report holds (its leaves in an order
//! where no branch crosses another, its nodes with their heights): each link is coloured by
//! its cluster of the cut at k when all posts under it share one, grey otherwise, and every
//! leaf is labelled with its size and cluster number, so colour is never the only cue.

use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};
use plotters::style::FontTransform;

use super::axis::{draw_ticks, Axis, Ticks};
use super::{canvas, chart_error, finish, text, Canvas, DrawResult, INK, PALETTE, WIDTH};
use crate::cluster::tree::TopTree;
use crate::error::Result;

const CUT: RGBColor = RGBColor(200, 30, 30);
const MUTED: RGBColor = RGBColor(150, 150, 150);
/// Colours beyond the seven of the palette (Paul Tol's muted scheme).
const MORE: [RGBColor; 6] = [
    RGBColor(51, 34, 136),
    RGBColor(17, 119, 51),
    RGBColor(136, 34, 85),
    RGBColor(153, 153, 51),
    RGBColor(68, 170, 153),
    RGBColor(170, 68, 153),
];

fn cluster_colour(cluster: usize) -> RGBColor {
    let all: Vec<RGBColor> = PALETTE.iter().chain(MORE.iter()).copied().collect();
    all[(cluster.max(1) - 1) % all.len()]
}

/// The dendrogram above a level of the tree.
#[derive(Debug, Clone)]
pub struct Dendrogram {
    /// Written at the top of the chart; also its SVG `<title>` and its entry in the contents.
    pub title: String,
    /// The leaves and merges to draw, as `report.json` holds them (`clusters.dendrogram`).
    pub tree: TopTree,
    /// The height at which the tree is cut into `k` clusters.
    pub cut: Option<f64>,
    /// Clusters of the cut, written beside the cut line (`cut: k = 11`).
    pub k: usize,
    /// The source line at the foot of the chart; may be empty.
    pub source: String,
}

/// Merge height and mean silhouette width for a range of k.
#[derive(Debug, Clone)]
pub struct KDiagnostics {
    /// Written at the top of the chart; also its SVG `<title>` and its entry in the contents.
    pub title: String,
    /// `(k, height, silhouette)`.
    pub points: Vec<(usize, f64, f64)>,
    /// The configured k, marked.
    pub k: usize,
    /// The source line at the foot of the chart; may be empty.
    pub source: String,
}

/// Draws the dendrogram as an SVG document.
pub fn dendrogram(chart: &Dendrogram) -> Result<String> {
    let mut svg = String::new();
    draw_dendrogram(chart, &mut svg).map_err(chart_error(&chart.title))?;
    Ok(svg)
}

fn draw_dendrogram(chart: &Dendrogram, svg: &mut String) -> DrawResult {
    let height = 480i32;
    let root = canvas(svg, height, &chart.title, "Merge height (Ward)")?;
    let left_top = Pos::new(HPos::Left, VPos::Top);
    let (left, right, top, bottom) = (70i32, WIDTH as i32 - 20, 62i32, height - 120);
    let tree = &chart.tree;
    let max = tree.nodes.iter().map(|n| n.height).fold(0.0f64, f64::max);
    let ticks = Ticks::from_zero(max);
    let y_max = ticks.span;
    let y_of = |h: f64| bottom - ((h / y_max) * (bottom - top) as f64).round() as i32;
    draw_ticks(&root, &ticks, Axis::Up { left, right }, 11, y_of)?;
    let leaves = tree.leaves.len().max(1) as i32;
    let slot = (right - left) as f64 / leaves as f64;
    // Position, height and shared cluster of every leaf, then of every node in merge order.
    let mut points: Vec<(f64, f64, Option<usize>)> = tree
        .leaves
        .iter()
        .enumerate()
        .map(|(i, leaf)| {
            (
                left as f64 + (i as f64 + 0.5) * slot,
                0.0,
                Some(leaf.cluster),
            )
        })
        .collect();
    for node in &tree.nodes {
        let (a, b) = (points[node.left], points[node.right]);
        let shared = if a.2 == b.2 { a.2 } else { None };
        let colour = shared.map_or(MUTED, cluster_colour);
        let y = y_of(node.height);
        let style = ShapeStyle::from(colour).stroke_width(2);
        let (xa, xb) = (a.0.round() as i32, b.0.round() as i32);
        root.draw(&PathElement::new(
            vec![(xa, y_of(a.1)), (xa, y), (xb, y), (xb, y_of(b.1))],
            style,
        ))?;
        points.push(((a.0 + b.0) / 2.0, node.height, shared));
    }
    for (i, leaf) in tree.leaves.iter().enumerate() {
        let x = (left as f64 + (i as f64 + 0.5) * slot).round() as i32;
        let size = ("sans-serif", 10)
            .into_font()
            .transform(FontTransform::Rotate270)
            .color(&INK)
            .pos(Pos::new(HPos::Right, VPos::Center));
        root.draw(&Text::new(leaf.size.to_string(), (x, bottom + 6), size))?;
        let number = ("sans-serif", 10)
            .into_font()
            .color(&cluster_colour(leaf.cluster))
            .pos(Pos::new(HPos::Center, VPos::Top));
        root.draw(&Text::new(
            leaf.cluster.to_string(),
            (x, bottom + 44),
            number,
        ))?;
    }
    root.draw(&Text::new(
        "Leaves: groups of posts, labelled by their number of posts (above) and cluster (below)",
        (16, bottom + 64),
        text(11, left_top),
    ))?;
    if let Some(cut) = chart.cut {
        let y = y_of(cut);
        root.draw(&PathElement::new(
            vec![(left, y), (right, y)],
            ShapeStyle::from(CUT).stroke_width(1),
        ))?;
        let label = format!("cut: k = {}", chart.k);
        root.draw(&Text::new(
            label,
            (right - 4, y - 3),
            ("sans-serif", 11)
                .into_font()
                .color(&CUT)
                .pos(Pos::new(HPos::Right, VPos::Bottom)),
        ))?;
    }
    finish(&root, &chart.source, height)
}

/// Draws the diagnostics of k as an SVG document: two panels sharing the k axis.
pub fn k_diagnostics(chart: &KDiagnostics) -> Result<String> {
    let mut svg = String::new();
    draw_k_diagnostics(chart, &mut svg).map_err(chart_error(&chart.title))?;
    Ok(svg)
}

fn draw_k_diagnostics(chart: &KDiagnostics, svg: &mut String) -> DrawResult {
    let height = 460i32;
    let root = canvas(svg, height, &chart.title, "")?;
    let heights: Vec<(usize, f64)> = chart.points.iter().map(|p| (p.0, p.1)).collect();
    let widths: Vec<(usize, f64)> = chart.points.iter().map(|p| (p.0, p.2)).collect();
    panel(
        &root,
        chart,
        "Height of the merge to k − 1",
        &heights,
        (50, 210),
    )?;
    panel(&root, chart, "Mean silhouette width", &widths, (250, 410))?;
    finish(&root, &chart.source, height)
}

fn panel(
    root: &Canvas<'_>,
    chart: &KDiagnostics,
    label: &str,
    values: &[(usize, f64)],
    (top, bottom): (i32, i32),
) -> DrawResult {
    let (left, right) = (70i32, WIDTH as i32 - 30);
    root.draw(&Text::new(
        label.to_string(),
        (16, top - 4),
        text(12, Pos::new(HPos::Left, VPos::Bottom)),
    ))?;
    let (Some(first), Some(last)) = (values.first(), values.last()) else {
        return Ok(());
    };
    let low = values.iter().map(|v| v.1).fold(0.0f64, f64::min);
    let high = values.iter().map(|v| v.1).fold(0.0f64, f64::max);
    let ticks = Ticks::covering(low, high);
    let (base, span) = (ticks.low, ticks.span);
    let y_of = |v: f64| bottom - (((v - base) / span) * (bottom - top) as f64).round() as i32;
    let x_span = (last.0 - first.0).max(1) as f64;
    let x_of =
        |k: usize| left + (((k - first.0) as f64 / x_span) * (right - left) as f64).round() as i32;
    draw_ticks(root, &ticks, Axis::Up { left, right }, 10, y_of)?;
    if (first.0..=last.0).contains(&chart.k) {
        let x = x_of(chart.k);
        root.draw(&PathElement::new(
            vec![(x, top), (x, bottom)],
            ShapeStyle::from(CUT).stroke_width(1),
        ))?;
        let at = (x + 4, top + 2);
        let style = ("sans-serif", 11)
            .into_font()
            .color(&CUT)
            .pos(Pos::new(HPos::Left, VPos::Top));
        root.draw(&Text::new(format!("configured k = {}", chart.k), at, style))?;
    }
    let points: Vec<(i32, i32)> = values.iter().map(|&(k, v)| (x_of(k), y_of(v))).collect();
    root.draw(&PathElement::new(
        points.clone(),
        ShapeStyle::from(PALETTE[0]).stroke_width(2),
    ))?;
    for &(x, y) in &points {
        root.draw(&Circle::new((x, y), 3, PALETTE[0].filled()))?;
    }
    for &(k, _) in values {
        root.draw(&Text::new(
            k.to_string(),
            (x_of(k), bottom + 4),
            text(10, Pos::new(HPos::Center, VPos::Top)),
        ))?;
    }
    Ok(())
}
