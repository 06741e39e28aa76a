//! Charts for print: each SVG chart also as a PNG at 300 dpi and as a PDF.
//!
//! Journals ask for figures as high-resolution raster images or as vector PDF. Both are made
//! from the chart's SVG as the site writes it (control characters already shown as codes), so
//! the three files draw the same thing: usvg parses the SVG once, resvg rasterises it, svg2pdf
//! writes it as PDF with its text selectable and the glyphs it uses embedded as a subset.
//!
//! The bytes must be the same on every machine, so text never meets a system font: the one
//! font database holds only DejaVu Sans (its regular face: Latin, Cyrillic and Greek), compiled
//! into the binary from `assets/fonts/`, and every generic family (`sans-serif`, `serif`,
//! `monospace`, ...) and the default family resolve to it. A family the database lacks falls
//! back to it as well, since it is the only font there is. Images referenced by an SVG are
//! never loaded (the charts have none), so parsing reads no file. The PDF carries a title and
//! the creator, and no date or file identifier.
//!
//! svg2pdf 0.13 keeps a chart's fonts and each resource dictionary in hash maps, so two runs
//! can write the fonts, or the entries of a dictionary, in different orders. So the database
//! holds one face (a chart's bold text is drawn in the regular face in the PNG and PDF), and
//! the dictionaries' entries (one per line, outside streams) are sorted in place, which moves
//! no byte offset: the PDF is the same bytes every time.

use std::collections::BTreeMap;
use std::sync::{Arc, OnceLock};

use pdf_writer::{Finish, Name, Pdf, Rect, Ref, TextStr};
use resvg::tiny_skia;
use resvg::usvg;

use crate::error::{Error, Result};

/// The family every text of a chart is drawn in, whatever its SVG names.
pub const FONT_FAMILY: &str = "DejaVu Sans";

/// The font compiled in: DejaVu Sans (see `assets/fonts/README.md`). One face only: with two,
/// svg2pdf would write them in either order.
const FONT: &[u8] = include_bytes!("../../assets/fonts/DejaVuSans.ttf");

/// The resolution of the PNG files, in pixels per inch.
pub const PNG_DPI: f32 = 300.0;

/// The resolution an SVG's width and height are given in (CSS pixels).
const SVG_DPI: f32 = 96.0;

/// The font database: the compiled-in fonts alone, built once.
fn fonts() -> Arc<usvg::fontdb::Database> {
    static DATABASE: OnceLock<Arc<usvg::fontdb::Database>> = OnceLock::new();
    DATABASE
        .get_or_init(|| {
            let mut db = usvg::fontdb::Database::new();
            db.load_font_data(FONT.to_vec());
            db.set_sans_serif_family(FONT_FAMILY);
            db.set_serif_family(FONT_FAMILY);
            db.set_monospace_family(FONT_FAMILY);
            db.set_cursive_family(FONT_FAMILY);
            db.set_fantasy_family(FONT_FAMILY);
            Arc::new(db)
        })
        .clone()
}

/// A chart's SVG parsed with the compiled-in fonts and nothing from outside.
fn parse(name: &str, svg: &str) -> Result<usvg::Tree> {
    let options = usvg::Options {
        font_family: FONT_FAMILY.to_string(),
        fontdb: fonts(),
        image_href_resolver: usvg::ImageHrefResolver {
            resolve_data: Box::new(|_, _, _| None),
            resolve_string: Box::new(|_, _| None),
        },
        ..usvg::Options::default()
    };
    usvg::Tree::from_str(svg, &options).map_err(|e| chart_error(name, format!("its SVG: {e}")))
}

fn chart_error(name: &str, message: String) -> Error {
    Error::Chart {
        name: name.to_string(),
        message,
    }
}

/// The print files of one chart.
#[derive(Debug, Default)]
pub struct Figures {
    /// The PNG, when asked for.
    pub png: Option<Vec<u8>>,
    /// The PDF, when asked for.
    pub pdf: Option<Vec<u8>>,
}

/// The most characters of one text of a chart that the PNG and PDF draw: shaping and drawing
/// grow with the text, and a label from hostile data may be a megabyte long.
const MAX_TEXT_CHARS: usize = 300;

/// `svg` with every text content longer than [`MAX_TEXT_CHARS`] cut there and ended with `…`
/// (never inside an entity such as `&amp;`); borrowed when none is.
fn cut_long_texts(svg: &str) -> std::borrow::Cow<'_, str> {
    let mut out = String::new();
    let mut done = 0;
    let mut from = 0;
    while let Some(end) = svg[from..].find("</text>").map(|at| from + at) {
        let start = svg[..end].rfind('>').map_or(end, |at| at + 1);
        let text = &svg[start..end];
        if let Some((cut, _)) = text.char_indices().nth(MAX_TEXT_CHARS) {
            let mut kept = &text[..cut];
            if let Some(amp) = kept.rfind('&').filter(|&a| !kept[a..].contains(';')) {
                kept = &kept[..amp];
            }
            out.push_str(&svg[done..start]);
            out.push_str(kept);
            out.push('…');
            done = end;
        }
        from = end + "</text>".len();
    }
    if done == 0 {
        return std::borrow::Cow::Borrowed(svg);
    }
    out.push_str(&svg[done..]);
    std::borrow::Cow::Owned(out)
}

/// The PNG and PDF (each when asked for) of the chart `svg`, whose title is `title` (the
/// PDF's title, and the name errors give); a text over [`MAX_TEXT_CHARS`] is cut there.
pub fn figures(title: &str, svg: &str, png: bool, pdf: bool) -> Result<Figures> {
    if !png && !pdf {
        return Ok(Figures::default());
    }
    let tree = parse(title, &cut_long_texts(svg))?;
    Ok(Figures {
        png: png.then(|| png_bytes(title, &tree)).transpose()?,
        pdf: pdf.then(|| pdf_bytes(title, &tree)).transpose()?,
    })
}

/// The pixel size of a PNG at 300 dpi of an SVG `width` × `height` CSS pixels: each side
/// scaled by 300/96 and rounded up, so nothing is cut.
pub fn png_size(width: f32, height: f32) -> (u32, u32) {
    let scale = PNG_DPI / SVG_DPI;
    (
        (width * scale).ceil() as u32,
        (height * scale).ceil() as u32,
    )
}

/// The chart as an opaque RGB PNG at 300 dpi (the resolution recorded in its `pHYs` chunk),
/// on white.
fn png_bytes(name: &str, tree: &usvg::Tree) -> Result<Vec<u8>> {
    let size = tree.size();
    let (width, height) = png_size(size.width(), size.height());
    let mut pixmap = tiny_skia::Pixmap::new(width, height)
        .ok_or_else(|| chart_error(name, format!("no {width} × {height} image can be made")))?;
    pixmap.fill(tiny_skia::Color::WHITE);
    let scale = PNG_DPI / SVG_DPI;
    resvg::render(
        tree,
        tiny_skia::Transform::from_scale(scale, scale),
        &mut pixmap.as_mut(),
    );
    // Every pixel is opaque (drawn on white), so its premultiplied colour is its colour.
    let rgb: Vec<u8> = pixmap
        .data()
        .chunks_exact(4)
        .flat_map(|p| [p[0], p[1], p[2]])
        .collect();
    let mut out = Vec::new();
    let mut encoder = png::Encoder::new(&mut out, width, height);
    encoder.set_color(png::ColorType::Rgb);
    encoder.set_depth(png::BitDepth::Eight);
    // 300 dpi is 11,811 pixels per metre.
    let per_metre = (PNG_DPI / 0.0254).round() as u32;
    encoder.set_pixel_dims(Some(png::PixelDimensions {
        xppu: per_metre,
        yppu: per_metre,
        unit: png::Unit::Meter,
    }));
    let png_error = |e: png::EncodingError| chart_error(name, format!("its PNG: {e}"));
    let mut writer = encoder.write_header().map_err(png_error)?;
    writer.write_image_data(&rgb).map_err(png_error)?;
    writer.finish().map_err(png_error)?;
    Ok(out)
}

/// `pdf` with the entries of each dictionary written one per line as `/name REF` (the fonts,
/// forms, graphics states, ... of a resource dictionary) sorted, outside streams. Lines only
/// trade places within their block, so every object keeps its byte offset.
fn canonical(mut pdf: Vec<u8>) -> Vec<u8> {
    let is_entry = |line: &[u8]| {
        let text = String::from_utf8_lossy(line);
        let text = text.trim_start();
        let mut words = text.split(' ');
        text.starts_with('/')
            && !text.starts_with("/Type")
            && text.ends_with(" 0 R")
            && words.next().is_some_and(|w| w.len() > 1)
            && words
                .next()
                .is_some_and(|w| w.bytes().all(|b| b.is_ascii_digit()))
            && text.split(' ').count() == 4
    };
    // The lines of the file, as (start, end) without the line break, streams left out.
    let mut lines = Vec::new();
    let mut at = 0;
    let mut in_stream = false;
    while at < pdf.len() {
        let end = pdf[at..]
            .iter()
            .position(|&b| b == b'\n')
            .map_or(pdf.len(), |p| at + p);
        let line = &pdf[at..end];
        if in_stream {
            in_stream = line != b"endstream";
        } else if line == b"stream" {
            in_stream = true;
        } else {
            lines.push((at, end));
        }
        at = end + 1;
    }
    let mut block: Vec<(usize, usize)> = Vec::new();
    let mut blocks = Vec::new();
    for &(start, end) in &lines {
        let next_to_last = block.last().is_some_and(|&(_, last)| last + 1 == start);
        if is_entry(&pdf[start..end]) && (block.is_empty() || next_to_last) {
            block.push((start, end));
        } else {
            blocks.push(std::mem::take(&mut block));
            if is_entry(&pdf[start..end]) {
                block.push((start, end));
            }
        }
    }
    blocks.push(block);
    for block in blocks.into_iter().filter(|b| b.len() > 1) {
        let (from, to) = (block[0].0, block[block.len() - 1].1);
        let mut entries: Vec<Vec<u8>> = block.iter().map(|&(s, e)| pdf[s..e].to_vec()).collect();
        entries.sort();
        let sorted = entries.join(&b'\n');
        pdf[from..to].copy_from_slice(&sorted);
    }
    pdf
}

/// The chart as a one-page PDF the size of the SVG (96 CSS pixels to the inch), its text
/// selectable in a subset of the compiled-in font; titled `title`, with no date.
fn pdf_bytes(title: &str, tree: &usvg::Tree) -> Result<Vec<u8>> {
    let (chunk, chart) = svg2pdf::to_chunk(tree, svg2pdf::ConversionOptions::default())
        .map_err(|e| chart_error(title, format!("its PDF: {e}")))?;
    let mut next = Ref::new(1);
    let catalog = next.bump();
    let pages = next.bump();
    let page = next.bump();
    let content = next.bump();
    let info = next.bump();
    let mut renumbered = BTreeMap::new();
    let chunk = chunk.renumber(|old| *renumbered.entry(old).or_insert_with(|| next.bump()));
    let chart = renumbered[&chart];

    let points = 72.0 / SVG_DPI;
    let (width, height) = (tree.size().width() * points, tree.size().height() * points);
    let mut pdf = Pdf::new();
    pdf.catalog(catalog).pages(pages);
    pdf.pages(pages).kids([page]).count(1);
    let mut page_writer = pdf.page(page);
    page_writer
        .media_box(Rect::new(0.0, 0.0, width, height))
        .parent(pages)
        .contents(content);
    page_writer
        .resources()
        .x_objects()
        .pair(Name(b"Chart"), chart);
    page_writer.finish();
    let mut drawing = pdf_writer::Content::new();
    // The chart is a form of 1 × 1 unit: scaled to the page.
    drawing
        .transform([width, 0.0, 0.0, height, 0.0, 0.0])
        .x_object(Name(b"Chart"));
    pdf.stream(content, &drawing.finish());
    pdf.document_info(info)
        .title(TextStr(title))
        .creator(TextStr("mobilize"))
        .producer(TextStr("mobilize (svg2pdf)"));
    pdf.extend(&chunk);
    Ok(canonical(pdf.finish()))
}

#[cfg(test)]
mod tests {
    use super::*;

    const SVG: &str = r##"<svg width="760" height="100" viewBox="0 0 760 100" xmlns="http://www.w3.org/2000/svg">
<rect x="0" y="0" width="760" height="100" fill="#FFFFFF"/>
<text x="16" y="40" font-family="sans-serif" font-size="14" fill="#222222">Протесты in Kazakhstan</text>
<text x="16" y="80" font-family="Helvetica, Arial" font-weight="bold" font-size="14">Жаңаөзен</text>
</svg>"##;

    #[test]
    fn the_png_is_300_dpi_and_decodes() {
        let figures = figures("t", SVG, true, false).unwrap();
        assert!(figures.pdf.is_none());
        let png = figures.png.unwrap();
        let decoder = png::Decoder::new(std::io::Cursor::new(&png));
        let reader = decoder.read_info().unwrap();
        let info = reader.info();
        assert_eq!((info.width, info.height), (2375, 313));
        let dims = info.pixel_dims.unwrap();
        assert_eq!((dims.xppu, dims.unit), (11811, png::Unit::Meter));
        let pixmap = tiny_skia::Pixmap::decode_png(&png).unwrap();
        // Text was drawn: some pixel is dark.
        assert!(pixmap.pixels().iter().any(|p| p.red() < 100));
    }

    #[test]
    fn the_pdf_embeds_a_subset_of_the_built_in_font_and_no_date() {
        let pdf = figures("Протесты", SVG, false, true).unwrap().pdf.unwrap();
        assert!(pdf.starts_with(b"%PDF-"));
        let text = String::from_utf8_lossy(&pdf);
        assert!(text.contains("DejaVuSans"), "the font is embedded");
        assert!(text.contains("/FontFile2"), "as a TrueType font file");
        assert!(!text.contains("CreationDate") && !text.contains("ModDate"));
        assert!(text.contains("/Creator (mobilize)"));
    }

    /// Several graphics states: what svg2pdf may write in either order.
    #[test]
    fn the_same_chart_gives_the_same_bytes() {
        let svg = SVG.replace(
            "</svg>",
            r##"<rect x="1" y="1" width="9" height="9" fill="#FF0000" fill-opacity="0.4"/>
<rect x="1" y="1" width="9" height="9" fill="#00FF00" fill-opacity="0.6"/>
<rect x="1" y="1" width="9" height="9" stroke="#0000FF" stroke-opacity="0.2"/></svg>"##,
        );
        let first = figures("t", &svg, true, true).unwrap();
        let text = String::from_utf8_lossy(first.pdf.as_ref().unwrap()).into_owned();
        assert!(text.contains("/gs2 "));
        for _ in 0..20 {
            let again = figures("t", &svg, true, true).unwrap();
            assert!(first.png == again.png, "the PNG differs");
            if first.pdf != again.pdf {
                std::fs::write("/tmp/dbg-a.pdf", first.pdf.as_ref().unwrap()).unwrap();
                std::fs::write("/tmp/dbg-b.pdf", again.pdf.as_ref().unwrap()).unwrap();
                panic!("the PDF differs");
            }
        }
    }

    #[test]
    fn dictionary_entries_are_sorted_in_place() {
        let pdf = b"<<\n  /gs2 11 0 R\n  /gs0 6 0 R\n>>\nstream\n/b 2 0 R\n/a 1 0 R\nendstream\n/Type 1 0 R\n".to_vec();
        let sorted = canonical(pdf.clone());
        assert_eq!(sorted.len(), pdf.len());
        assert_eq!(
            sorted,
            b"<<\n  /gs0 6 0 R\n  /gs2 11 0 R\n>>\nstream\n/b 2 0 R\n/a 1 0 R\nendstream\n/Type 1 0 R\n"
        );
    }

    #[test]
    fn long_texts_are_cut_outside_entities() {
        let long = format!(
            "<text x=\"1\">{}&amp;b</text><text>ok</text>",
            "a".repeat(299)
        );
        assert_eq!(
            cut_long_texts(&long),
            format!("<text x=\"1\">{}…</text><text>ok</text>", "a".repeat(299))
        );
        assert_eq!(cut_long_texts("<text>ok</text>"), "<text>ok</text>");
        let svg = SVG.replace("Жаңаөзен", &"y".repeat(1 << 20));
        let started = std::time::Instant::now();
        figures("t", &svg, true, true).unwrap();
        assert!(started.elapsed() < std::time::Duration::from_secs(10));
    }

    #[test]
    fn sizes_scale_by_300_over_96() {
        assert_eq!(png_size(760.0, 712.0), (2375, 2225));
        assert_eq!(png_size(760.0, 713.0), (2375, 2229));
    }
}
