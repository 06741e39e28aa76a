//! Text from the data stays text in HTML, Markdown and SVG.

mod common;

use common::{build_fixture, read};

fn built() -> tempfile::TempDir {
    build_fixture("hostile")
}

#[test]
fn html_escapes_every_data_text() {
    let study = built();
    let html = read(study.path().join("site/index.html"));
    assert!(!html.contains("<script"), "a script tag came through");
    assert!(!html.contains("<img src=x"), "an img tag came through");
    assert!(!html.contains("<b "), "a b tag came through");
    assert!(html.contains("&lt;script&gt;alert(1)&lt;&#x2F;script&gt; | *x*"));
    assert!(html.contains("&lt;img src=x onerror=alert(2)&gt;"));
    assert!(html.contains(
        "<title>&lt;script&gt;alert(&#x27;title&#x27;)&lt;&#x2F;script&gt; | *t*</title>"
    ));
}

#[test]
fn markdown_escapes_cells_so_no_markup_or_column_appears() {
    let study = built();
    let md = read(study.path().join("site/report.md"));
    assert!(
        md.contains("| \\<script\\>alert(1)\\</script\\> \\| \\*x\\* |"),
        "{md}"
    );
    assert!(md.contains("\\[link\\](javascript:alert(3))"));
    let bytes = md.as_bytes();
    for (at, _) in md.match_indices('<') {
        assert!(
            at > 0 && bytes[at - 1] == b'\\',
            "an unescaped < at byte {at}"
        );
    }
    // Every table row has as many unescaped cell separators as its header.
    let header = md
        .lines()
        .find(|l| l.starts_with("| Organization |"))
        .unwrap();
    let row = md.lines().find(|l| l.contains("alert(1)")).unwrap();
    let bars = |line: &str| line.replace("\\|", "").matches('|').count();
    assert_eq!(bars(header), bars(row));
}

#[test]
fn svg_escapes_labels() {
    let study = built();
    let svg = read(study.path().join("site/charts/table1-audience.svg"));
    assert!(!svg.contains("<script"));
    assert!(svg.contains("&lt;script&gt;alert(1)&lt;/script&gt; | *x*"));
}

#[test]
fn csv_keeps_the_text_as_data() {
    let study = built();
    let csv = read(study.path().join("site/tables/table1-accounts.csv"));
    assert!(csv.contains("<script>alert(1)</script> | *x*"));
}

#[test]
fn authors_and_top_posts_are_text() {
    let study = built();
    let html = read(study.path().join("site/index.html"));
    assert!(
        !html.contains("<b onmouseover"),
        "an author's markup came through"
    );
    assert!(
        !html.contains("<svg onload"),
        "a post's markup came through"
    );
    assert!(html.contains("<td>&lt;b onmouseover=alert(10)&gt;Page&lt;&#x2F;b&gt; | *a*</td>"));
    assert!(html.contains("<td>[me](javascript:alert(11))</td>"));
    let md = read(study.path().join("site/report.md"));
    assert!(
        md.contains("| \\<b onmouseover=alert(10)\\>Page\\</b\\> \\| \\*a\\* | 2 | 10 |"),
        "{md}"
    );
    assert!(md.contains("\\[me\\](javascript:alert(11))"), "{md}");
}

#[test]
fn keyword_in_context_lines_are_text() {
    let study = built();
    let html = read(study.path().join("site/index.html"));
    assert!(html
        .contains("<td> &lt;img src=x onerror=alert(1)&gt; now | *bold* [x](javascript:ale…</td>"));
    assert!(html.contains(
        "<th scope=\"row\" class=\"nowrap\">&lt;script&gt;alert(9)&lt;&#x2F;script&gt;</th>"
    ));
    assert!(!html.contains("<script>alert(5)"));
    let md = read(study.path().join("site/report.md"));
    assert!(md.contains(
        "| \\<script\\>alert(9)\\</script\\> | 2019-06-10 | Join the  | protest |  \\<img src=x onerror=alert(1)\\> now \\| \\*bold\\* \\[x\\](javascript:ale… |"
    ), "{md}");
}

#[test]
fn control_characters_are_shown_as_codes_everywhere_but_report_json() {
    let study = built();
    let site = study.path().join("site");
    for (name, bytes) in common::tree(&site) {
        if name.ends_with(".png") || name.ends_with(".pdf") || name.ends_with(".gz") {
            continue;
        }
        let text = String::from_utf8(bytes).unwrap();
        if name == "report.json" {
            assert!(text.contains("ctrl \\u001b[31mred\\u0007 \\b nel\u{85} rlo\u{202e}evil"));
            continue;
        }
        assert!(
            !text.chars().any(mobilize::escape::is_hidden),
            "a control character in {name}"
        );
        if name.ends_with(".svg") {
            roxmltree::Document::parse(&text).unwrap_or_else(|e| panic!("{name}: {e}"));
        }
    }
    let html = read(site.join("index.html"));
    assert!(html.contains("ctrl \\u{1b}[31mred\\u{7} \\u{8} nel\\u{85} rlo\\u{202e}evil"));
}

/// Every backslash of a LaTeX table starts one of the commands the writer uses or escapes a
/// special character: no text of the hostile study becomes a command.
#[test]
fn latex_tables_hold_no_command_from_the_data() {
    let study = built();
    let known = [
        "begin",
        "end",
        "centering",
        "caption",
        "label",
        "toprule",
        "midrule",
        "bottomrule",
        "par",
        "smallskip",
        "footnotesize",
        "textbackslash",
        "textasciicircum",
        "textasciitilde",
        "textless",
        "textgreater",
        "textbar",
        "usepackage",
    ];
    let mut tables = 0;
    for (name, bytes) in common::tree(&study.path().join("site")) {
        if !name.ends_with(".tex") {
            continue;
        }
        tables += 1;
        let text = String::from_utf8(bytes).unwrap();
        assert!(!text.chars().any(mobilize::escape::is_hidden), "{name}");
        for line in text.lines() {
            let mut rest = line;
            while let Some(at) = rest.find('\\') {
                rest = &rest[at + 1..];
                let word: String = rest.chars().take_while(char::is_ascii_alphabetic).collect();
                let escaped = rest.starts_with(['\\', '{', '}', '$', '&', '#', '_', '%']);
                assert!(known.contains(&word.as_str()) || escaped, "{name}: {line}");
                if rest.starts_with('\\') {
                    rest = &rest[1..];
                }
            }
        }
    }
    assert!(tables > 0);
}

#[test]
fn formula_cells_are_quoted_for_spreadsheets_and_exact_in_report_json() {
    let study = built();
    let csv = read(study.path().join("site/tables/table1-accounts.csv"));
    assert!(
        csv.contains("\"'=HYPERLINK(\"\"http://evil.example\"\",\"\"click\"\")\""),
        "{csv}"
    );
    let json = read(study.path().join("site/report.json"));
    assert!(json
        .contains("\"organization\": \"=HYPERLINK(\\\"http://evil.example\\\",\\\"click\\\")\""));
    assert_eq!(mobilize::render::spreadsheet_cell("-0.31"), "-0.31");
    assert_eq!(mobilize::render::spreadsheet_cell("@SUM(A1)"), "'@SUM(A1)");
    assert_eq!(
        mobilize::render::spreadsheet_cell("+7 701 000"),
        "'+7 701 000"
    );
}

#[test]
fn messages_show_control_characters_as_codes() {
    let study = common::copy_fixture("hostile");
    let events = study.path().join("data/events.csv");
    let text = read(&events).replace("2019-06-09", "\u{1b}]0;pwned\u{7}");
    std::fs::write(&events, text).unwrap();
    let output = common::mobilize(study.path())
        .arg("check")
        .output()
        .unwrap();
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(
        stderr.contains("date: found \"\\u{1b}]0;pwned\\u{7}\""),
        "{stderr}"
    );
    assert!(!stderr.chars().any(mobilize::escape::is_hidden));
}
