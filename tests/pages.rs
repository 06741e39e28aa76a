//! The pages as a paper lays them out: sections in the paper's order (or the config's
//! `sections`), every table and figure numbered once, the paper's numbers kept, each chart
//! right after its table, long tables folded, and no empty header cell.

mod common;

use common::{copy_fixture, mobilize, read, root};

/// The ids of the `<section>`s of a page, in order.
fn section_ids(html: &str) -> Vec<&str> {
    html.split("<section id=\"")
        .skip(1)
        .map(|rest| &rest[..rest.find('"').unwrap()])
        .collect()
}

/// The `## ` headings of a Markdown page, in order.
fn headings(md: &str) -> Vec<&str> {
    md.lines().filter_map(|l| l.strip_prefix("## ")).collect()
}

/// Every label of a caption or figure caption (`Table 3`, `Figure 1`), in page order.
fn labels(html: &str) -> Vec<String> {
    html.split("<span class=\"label\">")
        .skip(1)
        .map(|rest| {
            rest[..rest.find('<').unwrap()]
                .trim_end_matches(':')
                .to_string()
        })
        .collect()
}

#[test]
fn the_default_study_follows_the_papers_order() {
    let html = read(root().join("site/index.html"));
    assert_eq!(
        section_ids(&html),
        [
            "accounts",
            "events",
            "terms",
            "ngrams",
            "associations",
            "collocations",
            "keyness",
            "clusters",
            "videos",
            "views",
            "timeline",
            "reproduction",
            "inputs"
        ]
    );
    let md = read(root().join("site/report.md"));
    assert_eq!(
        headings(&md),
        [
            "About this report",
            "Accounts",
            "Protest events",
            "Terms",
            "Multi-word terms",
            "Word associations",
            "Collocations of protest",
            "Keyness",
            "Clusters",
            "Videos",
            "Views over time",
            "Posts and terms over time",
            "Reproduction",
            "Inputs"
        ]
    );
}

#[test]
fn every_table_and_figure_is_numbered_once_with_the_papers_numbers() {
    let html = read(root().join("site/index.html"));
    let all = labels(&html);
    // A folded table's continuation repeats its label; every other label is unique.
    let continued = html.matches(", continued</caption>").count();
    let mut unique = all.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(unique.len() + continued, all.len(), "{all:?}");
    let tables = unique.iter().filter(|l| l.starts_with("Table ")).count();
    let figures = unique.iter().filter(|l| l.starts_with("Figure ")).count();
    for n in 1..=tables {
        assert!(
            unique.contains(&format!("Table {n}")),
            "Table {n} in {all:?}"
        );
    }
    for n in 1..=figures {
        assert!(
            unique.contains(&format!("Figure {n}")),
            "Figure {n} in {all:?}"
        );
    }
    let captioned = |id: &str| {
        let at = html.find(&format!("id=\"{id}\"")).unwrap();
        let rest = &html[at..];
        let label = rest.find("<span class=\"label\">").unwrap() + 20;
        rest[label..label + rest[label..].find('<').unwrap()].to_string()
    };
    assert_eq!(captioned("table1"), "Table 1:");
    assert_eq!(captioned("table2"), "Table 2:");
    assert_eq!(captioned("table3"), "Table 3:");
    assert_eq!(captioned("ngrams-2"), "Table 4:");
    assert_eq!(captioned("table5"), "Table 5:");
    assert_eq!(captioned("chart-figure1-videos"), "Figure 1:");
    assert_eq!(captioned("chart-figure2-views-1"), "Figure 2:");
    // The data table of Figure 1 is a table, numbered as one, and comes after its chart.
    assert!(captioned("figure1").starts_with("Table "));
    let chart = html.find("id=\"chart-figure1-videos\"").unwrap();
    assert!(chart < html.find("id=\"figure1\"").unwrap());
    // Each figure's screen-reader text is its image's alt; the caption links no repeat of it.
    assert!(!html.contains("<figcaption><a"));
    let md = read(root().join("site/report.md"));
    assert!(md.contains("**Figure 1: The most-viewed videos of each channel, by topic**"));
    assert!(md.contains("**Table 4: Most frequent two-word terms"));
}

#[test]
fn long_tables_fold_and_headers_are_never_empty() {
    let html = read(root().join("site/index.html"));
    assert!(!html.contains("<th scope=\"col\"></th>"));
    let table3 = &html[html.find("id=\"table3\"").unwrap()..];
    let table3 = &table3[..table3.find("</div>").unwrap()];
    let shown = &table3[..table3.find("<details>").unwrap()];
    assert_eq!(
        shown.matches("<tr>").count(),
        26,
        "a header row and 25 rows"
    );
    assert!(table3.contains("<summary>Rows 26 to 30 of Table 3</summary>"));
    let csv = read(root().join("site/tables/table3-terms.csv"));
    assert_eq!(csv.lines().count(), 592, "every term stays in the CSV");
    assert!(
        html.contains("<td class=\"nowrap\">2016-04-15</td>")
            || html.contains("<th scope=\"row\" class=\"nowrap\">2016-04-15</th>")
    );
}

#[test]
fn terms_sizes_and_digests_are_written_for_readers() {
    let md = read(root().join("site/report.md"));
    assert!(md.contains("| 2 | country (countri) |"), "Table 3");
    assert!(
        md.contains("| 1 | nazarbayev regime (nazarbayev regim) |"),
        "Table 4"
    );
    assert!(
        md.contains("peaceful protest (peac protest)"),
        "collocations"
    );
    assert!(
        md.contains("| protest | over 1,000 |"),
        "size classes in words"
    );
    assert!(!md.contains("gt1000"));
    let csv = read(root().join("site/tables/dated-events.csv"));
    assert!(csv.contains(",gt1000,"), "the CSV keeps the codes");
    let html = read(root().join("site/index.html"));
    let inputs = &html[html.find("id=\"inputs-table\"").unwrap()..];
    assert!(
        inputs.contains("<td class=\"nowrap\" title=\""),
        "the whole digest as a title"
    );
}

#[test]
fn the_reproduction_panel_sums_up_first_then_follows_the_paper() {
    let html = read(root().join("site/index.html"));
    let panel = &html[html.find("<section id=\"reproduction\"").unwrap()..];
    let ids: Vec<&str> = panel
        .split("<div class=\"table\" id=\"")
        .skip(1)
        .map(|rest| &rest[..rest.find('"').unwrap()])
        .take_while(|id| id.starts_with("reproduction"))
        .collect();
    assert_eq!(
        ids,
        [
            "reproduction-summary",
            "reproduction-table-1",
            "reproduction-table-2",
            "reproduction-table-3",
            "reproduction-table-4",
            "reproduction-text",
            "reproduction-footnote-2",
            "reproduction-table-5",
            "reproduction-videos"
        ]
    );
    assert!(panel.contains("more than half of its top words"));
    // The stated 138 is listed once, anchored for the narrative's link.
    assert_eq!(panel.matches(">138<").count(), 1);
    assert!(panel.contains("id=\"claim-leader-vs-ruling-party-youtube-subscribers-narrative\""));
}

#[test]
fn sections_reorder_and_leave_out_and_unknown_ids_are_refused() {
    let study = copy_fixture("small");
    let config = study.path().join("report.yaml");
    let text = read(&config);
    std::fs::write(&config, format!("{text}sections: [reproduction, events]\n")).unwrap();
    mobilize(study.path())
        .args(["build", "-q"])
        .assert()
        .success();
    let html = read(study.path().join("site/index.html"));
    assert_eq!(section_ids(&html), ["reproduction", "events"]);
    let md = read(study.path().join("site/report.md"));
    assert_eq!(headings(&md), ["Reproduction", "Protest events"]);
    // The paper's numbers stay; the others are numbered after them in page order.
    assert!(html.contains("<span class=\"label\">Table 6:</span> Published figures reproduced"));
    assert!(html.contains("<span class=\"label\">Table 2:</span> Forms of contentious"));
    std::fs::write(
        &config,
        format!("{text}sections:\n  - events\n  - tables\n"),
    )
    .unwrap();
    let out = mobilize(study.path())
        .args(["build", "-q"])
        .assert()
        .code(1);
    let err = String::from_utf8_lossy(&out.get_output().stderr).to_string();
    assert!(err.contains("report.yaml:"), "{err}");
    assert!(
        err.contains("sections[1]: found \"tables\", expected one of accounts"),
        "{err}"
    );
}
