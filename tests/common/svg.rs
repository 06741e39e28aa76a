//! Reading the charts' SVG back as geometry: every text label as a box, every drawn line as
//! segments, the canvas width; and the checks of issue 17 over them (legible sizes, whole
//! font sizes, contrast against white, no overlapping labels, no label across a line).
//!
//! The boxes are estimates, as a reader's browser would lay the text out in a sans-serif
//! font: width = characters × font size × 0.6, height = the font size, placed by
//! `text-anchor` and the vertical offset plotters writes (`dy`), turned by `rotate(…)`.
#![allow(dead_code)]

/// The width at which the page shows a chart on screen: the body's content box
/// (`max-width: 64rem` less `1.5rem` of padding each side, in templates/style.css), since
/// `figure.chart img` has `max-width: 100%` and is never enlarged.
pub const SCREEN_CONTENT: f64 = 1024.0 - 2.0 * 24.0;
/// The width at which a chart prints: the content of an A4 page (about 170 mm), in CSS
/// pixels; print styles set `figure.chart img { width: 100% }`.
pub const PRINT_CONTENT: f64 = 640.0;
/// The smallest text a reader should have to read, in CSS pixels.
pub const MIN_PX: f64 = 12.0;

/// One `<text>` of a chart, as a box.
#[derive(Debug, Clone)]
pub struct Label {
    pub text: String,
    pub size: f64,
    pub size_attr: String,
    pub fill: String,
    /// `(x0, y0, x1, y1)` in the SVG's user units.
    pub bounds: (f64, f64, f64, f64),
}

/// A drawn straight segment, with its stroke colour.
#[derive(Debug, Clone)]
pub struct Segment {
    pub stroke: String,
    pub from: (f64, f64),
    pub to: (f64, f64),
}

/// A chart read back.
#[derive(Debug, Clone)]
pub struct Chart {
    pub name: String,
    pub width: f64,
    pub view_width: f64,
    pub labels: Vec<Label>,
    pub segments: Vec<Segment>,
}

fn attr<'a>(tag: &'a str, name: &str) -> Option<&'a str> {
    let key = format!(" {name}=\"");
    let start = tag.find(&key)? + key.len();
    let end = tag[start..].find('"')? + start;
    Some(&tag[start..end])
}

fn unescape(text: &str) -> String {
    text.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&apos;", "'")
        .replace("&amp;", "&")
}

/// Reads an SVG document written by the charts.
pub fn parse(name: &str, svg: &str) -> Chart {
    let open = &svg[svg.find("<svg").expect("an <svg> element")..];
    let open = &open[..open.find('>').unwrap()];
    let width: f64 = attr(open, "width").expect("a width").parse().unwrap();
    let view_width = attr(open, "viewBox")
        .map(|v| v.split_whitespace().nth(2).unwrap().parse().unwrap())
        .unwrap_or(width);
    let mut labels = Vec::new();
    let mut rest = svg;
    while let Some(at) = rest.find("<text") {
        let tag_end = at + rest[at..].find('>').unwrap();
        let tag = &rest[at..tag_end];
        let close = tag_end + rest[tag_end..].find("</text>").unwrap();
        let text = unescape(rest[tag_end + 1..close].trim());
        rest = &rest[close..];
        let size_attr = attr(tag, "font-size").unwrap_or("16").to_string();
        let size: f64 = size_attr.parse().unwrap();
        let x: f64 = attr(tag, "x").unwrap_or("0").parse().unwrap();
        let y: f64 = attr(tag, "y").unwrap_or("0").parse().unwrap();
        let w = text.chars().count() as f64 * size * 0.6;
        let x0 = match attr(tag, "text-anchor").unwrap_or("start") {
            "middle" => -w / 2.0,
            "end" => -w,
            _ => 0.0,
        };
        let y0 = match attr(tag, "dy").unwrap_or("") {
            "0.76em" => 0.0,
            "0.5ex" => -size / 2.0,
            _ => -size,
        };
        let (dx0, dy0, dx1, dy1) = (x0, y0, x0 + w, y0 + size);
        let bounds = match attr(tag, "transform") {
            Some(t) if t.starts_with("rotate(270") => (x + dy0, y - dx1, x + dy1, y - dx0),
            Some(t) if t.starts_with("rotate(90") => (x - dy1, y + dx0, x - dy0, y + dx1),
            _ => (x + dx0, y + dy0, x + dx1, y + dy1),
        };
        labels.push(Label {
            text,
            size,
            size_attr,
            fill: attr(tag, "fill").unwrap_or("#000000").to_string(),
            bounds,
        });
    }
    let mut segments = Vec::new();
    let mut rest = svg;
    while let Some(at) = rest.find("<polyline") {
        let end = at + rest[at..].find('>').unwrap();
        let tag = &rest[at..end];
        rest = &rest[end..];
        let stroke = attr(tag, "stroke").unwrap_or("none").to_string();
        let points: Vec<(f64, f64)> = attr(tag, "points")
            .unwrap_or("")
            .split_whitespace()
            .map(|p| {
                let (x, y) = p.split_once(',').unwrap();
                (x.parse().unwrap(), y.parse().unwrap())
            })
            .collect();
        for pair in points.windows(2) {
            segments.push(Segment {
                stroke: stroke.clone(),
                from: pair[0],
                to: pair[1],
            });
        }
    }
    Chart {
        name: name.to_string(),
        width,
        view_width,
        labels,
        segments,
    }
}

fn channel(c: u8) -> f64 {
    let c = c as f64 / 255.0;
    if c <= 0.03928 {
        c / 12.92
    } else {
        ((c + 0.055) / 1.055).powf(2.4)
    }
}

/// The WCAG contrast ratio of a `#RRGGBB` colour against white.
pub fn contrast_on_white(hex: &str) -> f64 {
    let hex = hex.trim_start_matches('#');
    let byte = |i: usize| u8::from_str_radix(&hex[i..i + 2], 16).unwrap();
    let l = 0.2126 * channel(byte(0)) + 0.7152 * channel(byte(2)) + 0.0722 * channel(byte(4));
    1.05 / (l + 0.05)
}

fn overlap(a: (f64, f64, f64, f64), b: (f64, f64, f64, f64)) -> bool {
    // Half a pixel of slack: boxes that touch do not overlap.
    let e = 0.5;
    a.0 + e < b.2 && b.0 + e < a.2 && a.1 + e < b.3 && b.1 + e < a.3
}

fn crosses(b: (f64, f64, f64, f64), s: &Segment) -> bool {
    // Shrink the box by half a pixel, then clip the segment to it (Liang-Barsky).
    let (x0, y0, x1, y1) = (b.0 + 0.5, b.1 + 0.5, b.2 - 0.5, b.3 - 0.5);
    let (dx, dy) = (s.to.0 - s.from.0, s.to.1 - s.from.1);
    let (mut t0, mut t1) = (0.0f64, 1.0f64);
    for (p, q) in [
        (-dx, s.from.0 - x0),
        (dx, x1 - s.from.0),
        (-dy, s.from.1 - y0),
        (dy, y1 - s.from.1),
    ] {
        if p == 0.0 {
            if q < 0.0 {
                return false;
            }
        } else {
            let r = q / p;
            if p < 0.0 {
                t0 = t0.max(r);
            } else {
                t1 = t1.min(r);
            }
        }
    }
    t0 <= t1
}

/// Grey grid lines may run behind text; every other line may not.
pub const GRID: &str = "#DDDDDD";

/// Every failure of the checks of issue 17 in one chart, as sentences.
pub fn problems(chart: &Chart) -> Vec<String> {
    let mut found = Vec::new();
    let name = &chart.name;
    let screen = chart.width.min(SCREEN_CONTENT) / chart.view_width;
    let print = PRINT_CONTENT / chart.view_width;
    for l in &chart.labels {
        if l.size_attr.parse::<u32>().is_err() {
            found.push(format!(
                "{name}: font-size=\"{}\" of {:?} is not a whole number",
                l.size_attr, l.text
            ));
        }
        for (width, scale) in [("screen", screen), ("print", print)] {
            if l.size * scale < MIN_PX - 1e-9 {
                found.push(format!(
                    "{name}: {:?} renders at {:.1} px on {width}",
                    l.text,
                    l.size * scale
                ));
            }
        }
        let contrast = contrast_on_white(&l.fill);
        if contrast < 4.5 {
            found.push(format!(
                "{name}: {:?} in {} has contrast {contrast:.2} against white",
                l.text, l.fill
            ));
        }
        if l.bounds.0 < -0.5 || l.bounds.2 > chart.view_width + 0.5 {
            found.push(format!(
                "{name}: {:?} runs off the canvas ({:.0}..{:.0})",
                l.text, l.bounds.0, l.bounds.2
            ));
        }
    }
    for (i, a) in chart.labels.iter().enumerate() {
        for b in &chart.labels[i + 1..] {
            if overlap(a.bounds, b.bounds) {
                found.push(format!(
                    "{name}: {:?} {:?} overlaps {:?} {:?}",
                    a.text, a.bounds, b.text, b.bounds
                ));
            }
        }
        for s in chart.segments.iter().filter(|s| s.stroke != GRID) {
            if crosses(a.bounds, s) {
                found.push(format!(
                    "{name}: {:?} {:?} crosses a {} line {:?}–{:?}",
                    a.text, a.bounds, s.stroke, s.from, s.to
                ));
            }
        }
    }
    found
}
