//! Narratives: every function over a fixture report, the errors of a wrong name, claims,
//! safety of raw HTML and links, placement on the pages, and the default study's narrative.

mod common;

use common::{copy_default_study, copy_fixture, mobilize, read};
use mobilize::narrative::{fill, NarrativeSource};
use predicates::str::contains;
use serde_json::Value;

fn fixture_report() -> Value {
    let path = common::root().join("tests/fixtures/narrative/report.json");
    serde_json::from_str(&read(path)).unwrap()
}

fn source(text: &str) -> NarrativeSource {
    NarrativeSource {
        file: "text/findings.md".into(),
        at: "end".into(),
        text: text.into(),
    }
}

/// The filled Markdown of `text` over the fixture report.
fn filled(text: &str) -> String {
    let (texts, _) = fill(fixture_report(), &[source(text)]).unwrap();
    texts[0].markdown.clone()
}

/// The error of `text` over the fixture report.
fn error(text: &str) -> String {
    fill(fixture_report(), &[source(text)])
        .unwrap_err()
        .to_string()
}

#[test]
fn every_function_reads_the_report() {
    let cases = [
        (r#"{{ ratio(label="Leader vs Party") | round(precision=1) }}"#, "125.5"),
        (r#"{{ account(organization="Leader", platform="youtube", metric="subscribers") }}"#, "276,000"),
        ("{{ corpus().documents }} posts, {{ corpus().empty }} empty", "12,345 posts, 2 empty"),
        ("{{ term(rank=1).shown }}: {{ term(rank=1).count }}", "nazarbayev: 1,469"),
        (r#"{{ term(term="countri").shown }} #{{ term(term="countri").rank }}"#, "countri (country) #2"),
        ("{{ ngram(n=2, rank=2).term }} {{ ngram(n=2, rank=2).support }}", "right peopl 11"),
        (r#"{{ association(term="nazarbayev", with="billion") | round(precision=2) }}"#, "0.31"),
        (r#"{{ association(term="nazarbayev", rank=2).term }}"#, "bank"),
        ("{{ collocate(rank=1).term }} ({{ collocate(rank=1).count }})", "go protest (61)"),
        (r#"{{ events(form="Protests total", year=2018).display }}"#, "\\>13"),
        (r#"{{ events(form="Protests total", year=2019).display }}"#, "1,200"),
        (r#"{{ events(form="Protests total", year=2019).count }}"#, "1,200"),
        (r#"{{ events(form="Protests total", from=2018, to=2019).display }}"#, "\\>1,213"),
        (r#"{{ events(form=["Protests total", "Single pickets"], year=2018).display }}"#, "\\>21"),
        ("{{ cluster(rank=1).id }}: {{ cluster(rank=1).size }}, {{ cluster(rank=1).share }}% of {{ cluster(rank=1).of }}", "2: 70, 70% of 3"),
        ("{{ cluster(id=3).words }}", "f"),
        (r#"{{ topic(name="Nazarbayev").share | round }}% ({{ topic(name="Nazarbayev").videos }})"#, "57% (40)"),
        ("{{ peak(rank=1).period }}: {{ peak(rank=1).views }}; {{ peak(rank=1).events }}", "2019-06: 7,856,985; 2019-06-09 (protest), 2019-06-12 (picket)"),
        (r#"{{ peak(rank=2, channel="Leader").period }}"#, "2018-05"),
    ];
    for (template, expected) in cases {
        assert_eq!(filled(template), expected, "{template}");
    }
}

#[test]
fn data_text_is_escaped_as_markdown() {
    assert_eq!(
        filled("{{ term(rank=3).shown }}"),
        "\\<b\\>x\\</b\\> (\\[x\\](javascript:alert(1)))"
    );
}

#[test]
fn a_wrong_name_gives_file_line_and_the_valid_names() {
    assert_eq!(
        error("Intro.\n\nThe ratio is {{ ratio(label=\"Leader vs Prty\") }}.\n"),
        "text/findings.md:3: ratio: found the label \"Leader vs Prty\", expected one of \"Leader vs Office\" or \"Leader vs Party\""
    );
    assert_eq!(
        error("One.\n{{ rato(label=\"x\") }}\n"),
        "text/findings.md:2: found the function rato, expected one of account, association, claim, cluster, collocate, corpus, events, ngram, peak, ratio, term, topic"
    );
    assert_eq!(
        error("{{ events(form=\"Protests total\", year=2017).display }}"),
        "text/findings.md:1: events: year: found 2017, expected a year of Table 2: 2018, 2019"
    );
    assert_eq!(
        error("\n{{ term(rank=1, lable=2) }}"),
        "text/findings.md:2: term: found the argument lable, expected one of \"rank\" or \"term\""
    );
    assert_eq!(
        error("{{ term(rank=9).term }}"),
        "text/findings.md:1: term: rank: found 9, expected 1 to 3 (3 terms)"
    );
    assert_eq!(
        error("{{ account(organization=\"Party\", platform=\"facebook\", metric=\"followers\") }}"),
        "text/findings.md:1: account: Party, facebook followers: not published, so there is no figure to print"
    );
    let syntax = error("Fine.\n\nBroken {{ ratio(label=) }}\n");
    assert!(syntax.starts_with("text/findings.md:3:"), "{syntax}");
}

#[test]
fn claims_print_the_computed_figure_and_mark_a_difference() {
    let text = r#"A {{ claim(published=138, computed=ratio(label="Leader vs Party"), tolerance=0.01) }}; B {{ claim(published=63, computed=ratio(label="Leader vs Office")) }}; C {{ claim(published=125.5, computed=ratio(label="Leader vs Party"), item="the lead") }}."#;
    let (texts, claims) = fill(fixture_report(), &[source(text)]).unwrap();
    assert_eq!(
        texts[0].markdown,
        "A 125 [(≠ 138 stated)](#claim-text-findings-md-claim-1); B 63; C 125.5."
    );
    let rows: Vec<(String, String, String)> = claims
        .iter()
        .map(|c| {
            (
                c.item.clone(),
                c.published.to_string(),
                c.status.as_str().to_string(),
            )
        })
        .collect();
    assert_eq!(
        rows,
        [
            (
                "text/findings.md, claim 1".into(),
                "138".into(),
                "differs".into()
            ),
            (
                "text/findings.md, claim 2".into(),
                "63".into(),
                "match".into()
            ),
            ("the lead".into(), "125.5".into(), "match".into()),
        ]
    );
    assert!(claims.iter().all(|c| c.section == "Narrative"));
    let twice = r#"{{ claim(published=1, computed=1, item="x") }} {{ claim(published=1, computed=1, item="x") }}"#;
    assert!(fill(fixture_report(), &[source(twice)])
        .unwrap_err()
        .to_string()
        .contains("found the item \"x\" again"));
}

/// The `small` fixture study with one narrative file placed at `at`.
fn study_with(text: &str, at: &str) -> tempfile::TempDir {
    let study = copy_fixture("small");
    std::fs::create_dir_all(study.path().join("text")).unwrap();
    std::fs::write(study.path().join("text/findings.md"), text).unwrap();
    let config = study.path().join("report.yaml");
    let extra = format!("narrative:\n  - {{ file: text/findings.md, at: {at} }}\n");
    std::fs::write(&config, read(&config) + &extra).unwrap();
    study
}

#[test]
fn raw_html_and_script_links_in_a_narrative_stay_text() {
    let study = study_with(
        "## Findings\n\nSee <script>alert(1)</script> and <img src=x onerror=alert(2)>.\n\n\
         [click](javascript:alert(3)) [ok](https://example.org) [panel](#reproduction)\n\n\
         <div onclick=\"alert(4)\">block</div>\n",
        "start",
    );
    mobilize(study.path())
        .args(["build", "-q"])
        .assert()
        .success();
    let html = read(study.path().join("site/index.html"));
    assert!(!html.contains("<script>alert"), "a script came through");
    assert!(!html.contains("<img src=x"), "an img came through");
    assert!(!html.contains("<div onclick"), "a div came through");
    assert!(
        !html.contains("javascript:"),
        "a javascript: link came through"
    );
    assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
    assert!(html.contains("<a href=\"https://example.org\">ok</a>"));
    assert!(html.contains("<a href=\"#reproduction\">panel</a>"));
    assert!(html.contains("<h2 id=\"findings-findings\">Findings</h2>"));
    let md = read(study.path().join("site/report.md"));
    assert!(
        !md.contains("<script>") && !md.contains("(javascript:"),
        "{md}"
    );
    assert!(md.contains("click [ok](https://example.org)"), "{md}");
}

#[test]
fn a_narrative_follows_the_table_it_names_in_both_pages() {
    let study = study_with(
        "The lead: {{ ratio(label=\"Leader vs Party, YouTube subscribers\") }} times, of {{ account(organization=\"Leader\", platform=\"youtube\", metric=\"subscribers\") }}.",
        "table1",
    );
    mobilize(study.path())
        .args(["build", "-q"])
        .assert()
        .success();
    let html = read(study.path().join("site/index.html"));
    let table = html.find("<div class=\"table\" id=\"table1\">").unwrap();
    let narrative = html
        .find("<div class=\"narrative\" id=\"narrative-findings\">")
        .unwrap();
    let next = html[table..].find("</div>").unwrap() + table;
    assert!(narrative > next, "after Table 1");
    assert!(html[narrative..].starts_with(
        "<div class=\"narrative\" id=\"narrative-findings\">\n<p>The lead: 25 times, of 25,000.</p>"
    ));
    let md = read(study.path().join("site/report.md"));
    let after = md.find("CSV: tables/table1-accounts.csv").unwrap();
    assert!(md[after..].contains("The lead: 25 times, of 25,000."));
    let report: Value = serde_json::from_str(&read(study.path().join("site/report.json"))).unwrap();
    assert_eq!(
        report["narrative"][0]["markdown"],
        "The lead: 25 times, of 25,000."
    );
}

#[test]
fn a_place_the_page_lacks_is_an_error_naming_the_places() {
    let study = study_with("x", "tabel1");
    mobilize(study.path())
        .args(["build", "-q"])
        .assert()
        .code(1)
        .stderr(contains("narrative text/findings.md: at: found \"tabel1\", expected start, end or the id of a section, table or figure of this report: accounts, table1,"));
}

#[test]
fn the_default_narrative() {
    let report: Value =
        serde_json::from_str(&read(common::root().join("site/report.json"))).unwrap();
    let narratives = report["narrative"].as_array().unwrap();
    let text: Vec<String> = narratives
        .iter()
        .map(|n| {
            format!(
                "<!-- {} at {} -->\n{}",
                n["file"].as_str().unwrap(),
                n["at"].as_str().unwrap(),
                n["markdown"].as_str().unwrap()
            )
        })
        .collect();
    insta::assert_snapshot!("default_narrative", text.join("\n"));
    let claims: Vec<&Value> = report["reproduction"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["section"] == "Narrative")
        .collect();
    assert_eq!(claims.len(), 3);
    assert_eq!(
        claims[0]["status"], "differs",
        "the stated 138 against 125.45"
    );
}

#[test]
fn changing_the_accounts_changes_the_sentence_and_diff_shows_it() {
    let study = copy_default_study();
    mobilize(study.path())
        .args(["build", "-q", "-o", "before"])
        .assert()
        .success();
    let accounts = study.path().join("data/accounts.csv");
    let text = read(&accounts);
    let line = text
        .lines()
        .find(|l| l.starts_with("Nur Otan,") && l.contains(",youtube,subscribers,"))
        .unwrap()
        .to_string();
    std::fs::write(
        &accounts,
        text.replace(&line, &line.replace(",2200,", ",2000,")),
    )
    .unwrap();
    mobilize(study.path())
        .args(["build", "-q", "-o", "after"])
        .assert()
        .success();
    let sentence = |site: &str| {
        let report: Value =
            serde_json::from_str(&read(study.path().join(site).join("report.json"))).unwrap();
        report["narrative"][1]["markdown"]
            .as_str()
            .unwrap()
            .to_string()
    };
    assert!(sentence("before").contains("subscribers against 2,200\nfor the ruling party: 125"));
    assert!(sentence("after").contains("subscribers against 2,000\nfor the ruling party: 138"));
    mobilize(study.path())
        .args(["diff", "before", "after"])
        .assert()
        .code(1)
        .stdout(contains("text/accounts.md: \"\\*\\*Audiences.\\*\\* On YouTube the exiled leader's channel has 276,000 subscribers against 2,000 for the ruling party: 138 times as many.\" (2,200 → 2,000, 125 → 138)"));
}
