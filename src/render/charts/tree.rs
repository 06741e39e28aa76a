//! Charts of the clustering: the dendrogram and the diagnostics of k.
//!
//! The dendrogram is drawn on its side from the top of the tree the report holds (its leaves
//! top to bottom in an order where no branch crosses another, merge heights along the
//! bottom), so that every leaf has a row for its label at a legible size: each link is
//! coloured by its cluster of the cut at k when all posts under it share one (21 colour-blind
//! safe colours), grey above the cut, and every leaf is labelled with its size and every run
//! of leaves with its cluster in dark ink, so colour is never the only cue.

use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::axis::{draw_ticks, Axis, Ticks};
use super::{
    canvas, chart_error, finish, font, footer_height, header_height, text, text_width, Canvas,
    DrawResult, LINE, PALETTE, SMALL, WIDTH,
};
use crate::cluster::tree::TopTree;
use crate::error::Result;
use crate::format::thousands;

const CUT: RGBColor = RGBColor(200, 30, 30);
const MUTED: RGBColor = RGBColor(150, 150, 150);
/// The height of a leaf's row.
const LEAF: i32 = 14;

/// The colour of cluster `cluster` (1-based), from the 21 of the palette.
fn cluster_colour(cluster: usize) -> RGBColor {
    PALETTE[(cluster.max(1) - 1) % PALETTE.len()]
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
    let subtitle = "Merge height (Ward) along the bottom; each leaf a group of posts, with its number of posts and its cluster of the cut; links above the cut in grey";
    let tree = &chart.tree;
    let leaves = tree.leaves.len().max(1) as i32;
    let top = header_height(&chart.title, subtitle) + LINE + 6;
    let bottom = top + leaves * LEAF;
    let height = bottom + 6 + LINE + 8 + footer_height(&chart.source) + 8;
    let root = canvas(svg, height, &chart.title, subtitle)?;
    let widest_size = tree
        .leaves
        .iter()
        .map(|l| text_width(&thousands(l.size as u64), SMALL))
        .max()
        .unwrap_or(0);
    let widest_cluster = tree
        .leaves
        .iter()
        .map(|l| text_width(&format!("cluster {}", l.cluster), SMALL))
        .max()
        .unwrap_or(0);
    let swatch = 16 + widest_cluster + 6;
    let left = swatch + 6 + 8 + widest_size + 6;
    let right = WIDTH as i32 - 24;
    let max = tree.nodes.iter().map(|n| n.height).fold(0.0f64, f64::max);
    let ticks = Ticks::from_zero(max);
    let x_max = ticks.span;
    let x_of = |h: f64| left + ((h / x_max) * (right - left) as f64).round() as i32;
    let y_of_leaf = |i: usize| top as f64 + (i as f64 + 0.5) * LEAF as f64;
    draw_ticks(&root, &ticks, Axis::Along { top, bottom }, SMALL, x_of)?;
    // Position, height and shared cluster of every leaf, then of every node in merge order.
    let mut points: Vec<(f64, f64, Option<usize>)> = tree
        .leaves
        .iter()
        .enumerate()
        .map(|(i, leaf)| (y_of_leaf(i), 0.0, Some(leaf.cluster)))
        .collect();
    let stroke = |colour: RGBColor| ShapeStyle::from(colour).stroke_width(2);
    for node in &tree.nodes {
        let (a, b) = (points[node.left], points[node.right]);
        let shared = if a.2 == b.2 { a.2 } else { None };
        let x = x_of(node.height);
        let (ya, yb) = (a.0.round() as i32, b.0.round() as i32);
        // The merge itself: in the cluster's colour when both sides are one cluster.
        root.draw(&PathElement::new(
            vec![(x, ya), (x, yb)],
            stroke(shared.map_or(MUTED, cluster_colour)),
        ))?;
        // Each side's link up to the merge: a side that is one cluster keeps its colour up to
        // the cut (a cluster of one leaf is coloured too), and turns grey above it.
        for (y, (_, height, cluster)) in [(ya, a), (yb, b)] {
            let turn = match (cluster, chart.cut) {
                (Some(_), _) if shared.is_some() => node.height,
                (Some(_), Some(cut)) => cut.clamp(height, node.height),
                _ => height,
            };
            if let Some(c) = cluster.filter(|_| turn > height) {
                let part = vec![(x_of(height), y), (x_of(turn), y)];
                root.draw(&PathElement::new(part, stroke(cluster_colour(c))))?;
            }
            if turn < node.height {
                root.draw(&PathElement::new(
                    vec![(x_of(turn), y), (x, y)],
                    stroke(MUTED),
                ))?;
            }
        }
        points.push(((a.0 + b.0) / 2.0, node.height, shared));
    }
    let right_centre = Pos::new(HPos::Right, VPos::Center);
    let left_centre = Pos::new(HPos::Left, VPos::Center);
    let mut run_start = 0;
    for (i, leaf) in tree.leaves.iter().enumerate() {
        let y = y_of_leaf(i).round() as i32;
        root.draw(&Text::new(
            thousands(leaf.size as u64),
            (left - 6, y),
            text(SMALL, right_centre),
        ))?;
        let run_ends = tree
            .leaves
            .get(i + 1)
            .is_none_or(|next| next.cluster != leaf.cluster);
        if run_ends {
            let (y0, y1) = (top + run_start as i32 * LEAF, top + (i as i32 + 1) * LEAF);
            root.draw(&Rectangle::new(
                [(swatch, y0 + 1), (swatch + 6, y1 - 1)],
                cluster_colour(leaf.cluster).filled(),
            ))?;
            root.draw(&Text::new(
                format!("cluster {}", leaf.cluster),
                (16, (y0 + y1) / 2),
                text(SMALL, left_centre),
            ))?;
            run_start = i + 1;
        }
    }
    if let Some(cut) = chart.cut {
        let x = x_of(cut);
        root.draw(&PathElement::new(
            vec![(x, top - 4), (x, bottom)],
            ShapeStyle::from(CUT).stroke_width(1),
        ))?;
        let label = format!("cut k = {}", chart.k);
        let w = text_width(&label, SMALL);
        let (anchor, at) = if x + w / 2 > WIDTH as i32 - 6 {
            (HPos::Right, x)
        } else {
            (HPos::Center, x)
        };
        root.draw(&Text::new(
            label,
            (at, top - 6),
            font(SMALL).color(&CUT).pos(Pos::new(anchor, VPos::Bottom)),
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
    let top = header_height(&chart.title, "") + LINE;
    let height = top + 2 * (160 + 30 + LINE) + footer_height(&chart.source) + 8;
    let root = canvas(svg, height, &chart.title, "")?;
    let heights: Vec<(usize, f64)> = chart.points.iter().map(|p| (p.0, p.1)).collect();
    let widths: Vec<(usize, f64)> = chart.points.iter().map(|p| (p.0, p.2)).collect();
    panel(
        &root,
        chart,
        "Height of the merge to k − 1",
        &heights,
        (top, top + 160),
    )?;
    let second = top + 160 + 30 + LINE + LINE;
    panel(
        &root,
        chart,
        "Mean silhouette width",
        &widths,
        (second, second + 160),
    )?;
    finish(&root, &chart.source, height)
}

fn panel(
    root: &Canvas<'_>,
    chart: &KDiagnostics,
    label: &str,
    values: &[(usize, f64)],
    (top, bottom): (i32, i32),
) -> DrawResult {
    let (left, right) = (72i32, WIDTH as i32 - 24);
    root.draw(&Text::new(
        label.to_string(),
        (16, top - 6),
        text(SMALL, Pos::new(HPos::Left, VPos::Bottom)),
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
    draw_ticks(root, &ticks, Axis::Up { left, right }, SMALL, y_of)?;
    if (first.0..=last.0).contains(&chart.k) {
        let x = x_of(chart.k);
        root.draw(&PathElement::new(
            vec![(x, top), (x, bottom)],
            ShapeStyle::from(CUT).stroke_width(1),
        ))?;
        let at = (right, top - 6);
        let style = font(SMALL)
            .color(&CUT)
            .pos(Pos::new(HPos::Right, VPos::Bottom));
        let label = format!("configured k = {} (red line)", chart.k);
        root.draw(&Text::new(label, at, style))?;
    }
    let points: Vec<(i32, i32)> = values.iter().map(|&(k, v)| (x_of(k), y_of(v))).collect();
    root.draw(&PathElement::new(
        points.clone(),
        ShapeStyle::from(PALETTE[0]).stroke_width(2),
    ))?;
    for &(x, y) in &points {
        root.draw(&Circle::new((x, y), 3, PALETTE[0].filled()))?;
    }
    let mut last_end = i32::MIN;
    for &(k, _) in values {
        let label = k.to_string();
        let (x, half) = (x_of(k), text_width(&label, SMALL) / 2);
        if x - half > last_end + 6 {
            last_end = x + half;
            root.draw(&Text::new(
                label,
                (x, bottom + 4),
                text(SMALL, Pos::new(HPos::Center, VPos::Top)),
            ))?;
        }
    }
    Ok(())
}
