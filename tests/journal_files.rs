//! The files for journals: each chart also as PNG at 300 dpi and PDF, each table also as
//! LaTeX, and the config's `exports` key that turns them off.

mod common;

use common::{build_fixture, copy_fixture, mobilize, tree};

/// The `width` of an SVG's root element, in CSS pixels.
fn svg_width(svg: &str) -> f32 {
    let at = svg.find("width=\"").unwrap() + "width=\"".len();
    let end = at + svg[at..].find('"').unwrap();
    svg[at..end].parse().unwrap()
}

#[test]
fn every_chart_has_its_png_and_pdf_and_every_table_its_latex() {
    let study = build_fixture("small");
    let site = tree(&study.path().join("site"));
    let svgs: Vec<&String> = site.keys().filter(|k| k.ends_with(".svg")).collect();
    assert!(!svgs.is_empty());
    for svg in svgs {
        let stem = svg.trim_end_matches(".svg");
        let png = &site[&format!("{stem}.png")];
        let decoder = png::Decoder::new(std::io::Cursor::new(png));
        let mut reader = decoder.read_info().unwrap();
        let width = svg_width(std::str::from_utf8(&site[svg]).unwrap());
        assert_eq!(
            reader.info().width,
            (width * 300.0 / 96.0).ceil() as u32,
            "{svg}"
        );
        let mut pixels = vec![0; reader.output_buffer_size()];
        reader.next_frame(&mut pixels).unwrap();
        let pdf = &site[&format!("{stem}.pdf")];
        assert!(pdf.starts_with(b"%PDF-"), "{stem}.pdf");
        let text = String::from_utf8_lossy(pdf);
        assert!(
            text.contains("+DejaVuSans"),
            "{stem}.pdf has the font subset"
        );
        assert!(!text.contains("CreationDate"));
    }
    let latex = String::from_utf8(site["tables/table2-protests.tex"].clone()).unwrap();
    assert!(latex.contains("\\toprule") && latex.contains("\\bottomrule"));
    assert!(latex.contains("\\label{tab:table2}"), "{latex}");
    let page = String::from_utf8(site["report.json"].clone()).unwrap();
    assert!(
        !page.contains(".tex"),
        "report.json holds figures, not files"
    );
}

#[test]
fn the_exports_key_turns_the_extra_files_off() {
    let study = copy_fixture("small");
    let config = study.path().join("report.yaml");
    let mut text = std::fs::read_to_string(&config).unwrap();
    text.push_str("exports: { png: false, pdf: false, latex: false }\n");
    std::fs::write(&config, text).unwrap();
    mobilize(study.path())
        .args(["build", "-q"])
        .assert()
        .success();
    let site = tree(&study.path().join("site"));
    assert!(site.keys().any(|k| k.ends_with(".svg")));
    assert!(site.keys().any(|k| k.ends_with(".csv")));
    let extra: Vec<&String> = site
        .keys()
        .filter(|k| k.ends_with(".png") || k.ends_with(".pdf") || k.ends_with(".tex"))
        .collect();
    assert!(extra.is_empty(), "{extra:?}");
}

#[test]
fn one_key_alone_turns_one_kind_off() {
    let study = copy_fixture("small");
    let config = study.path().join("report.yaml");
    let mut text = std::fs::read_to_string(&config).unwrap();
    text.push_str("exports:\n  pdf: false\n");
    std::fs::write(&config, text).unwrap();
    mobilize(study.path())
        .args(["build", "-q"])
        .assert()
        .success();
    let site = tree(&study.path().join("site"));
    assert!(site.keys().any(|k| k.ends_with(".png")));
    assert!(site.keys().any(|k| k.ends_with(".tex")));
    assert!(!site.keys().any(|k| k.ends_with(".pdf")));
}

#[test]
fn a_misspelt_exports_key_is_named() {
    let study = copy_fixture("small");
    let config = study.path().join("report.yaml");
    let mut text = std::fs::read_to_string(&config).unwrap();
    text.push_str("exports: { svg: false }\n");
    std::fs::write(&config, text).unwrap();
    let out = mobilize(study.path())
        .args(["build", "-q"])
        .assert()
        .code(1);
    let stderr = String::from_utf8_lossy(&out.get_output().stderr).into_owned();
    assert!(stderr.contains("svg"), "{stderr}");
}
