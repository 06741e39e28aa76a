//! Narratives: every function over a fixture report, the errors of a wrong name, claims,
//! safety of raw HTML, links, heading attributes and footnote labels, what a narrative may ask
//! of Tera and the limits on it, the line of every error, placement on the pages, and the
//! default study's narrative.

mod common;

use common::{copy_default_study, copy_fixture, mobilize, read};
use mobilize::model::narrative::NarrativeSource;
use mobilize::narrative::fill;
use predicates::str::contains;
use serde_json::Value;

fn fixture_report() -> Value {
    let path = common::root().join("tests/fixtures/narrative/report.json");
    serde_json::from_str(&read(path)).unwrap()
}

fn source(text: &str) -> NarrativeSource {
    NarrativeSource {
        file: "text/findings.md".into(),
        at: mobilize::model::narrative::Placement::End,
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
        (r#"{{ term(term="countri").shown }} #{{ term(term="countri").rank }}"#, "country (countri) #2"),
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
        "\\[x\\](javascript:alert(1)) (\\<b\\>x\\</b\\>)"
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
        "text/findings.md:2: found the function rato, expected one of account, association, claim, cluster, collocate, corpus, events, keyness, ngram, peak, ratio, term, timeline_peak, topic"
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
    // `check` finds it as `build` does, and neither writes anything.
    for command in ["check", "build"] {
        mobilize(study.path())
            .args([command, "-q"])
            .assert()
            .code(1)
            .stderr(contains("error: report.yaml:13: narrative[0].at: found \"tabel1\" for text/findings.md, expected start, end or the id of a section, table or figure of this report: accounts, table1,"));
    }
    assert!(!study.path().join("site").exists());
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
    // Each claim states a figure the paper publishes too, so it is merged into that item and
    // listed once, with the claim's name kept for its anchor.
    let items = report["reproduction"].as_array().unwrap();
    assert!(items.iter().all(|r| r["section"] != "Narrative"));
    let claims: Vec<&Value> = items
        .iter()
        .filter(|r| r.get("stated_in").is_some())
        .collect();
    assert_eq!(claims.len(), 3);
    assert_eq!(
        claims[0]["status"], "differs",
        "the stated 138 against 125.45"
    );
    assert_eq!(
        claims[0]["stated_in"][0],
        "Leader vs ruling party, YouTube subscribers (narrative)"
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

/// The names a message lists after "expected one of".
const FUNCTIONS: &str =
    "account, association, claim, cluster, collocate, corpus, events, keyness, ngram, peak, ratio, term, timeline_peak, topic";
const ONLY: &str = "expected text, {{ ... }}, {# ... #}, {% if %} and {% raw %} only";

#[test]
fn tera_s_own_functions_and_tags_are_refused_before_rendering() {
    let function = |name: &str, line: usize| {
        format!("text/findings.md:{line}: found the function {name}, expected one of {FUNCTIONS}")
    };
    let statement =
        |name: &str, line: usize| format!("text/findings.md:{line}: found {{% {name} %}}, {ONLY}");
    let cases = [
        ("One.\n\nThe token: {{ get_env(name=\"GITHUB_TOKEN\") }}", function("get_env", 3)),
        ("{{ get_env(name=\"PATH\", default=\"x\") | upper }}", function("get_env", 1)),
        ("{{ now() }}", function("now", 1)),
        ("{{ get_random(start=1, end=9) }}", function("get_random", 1)),
        ("\n{{ range(end=3) | length }}", function("range", 2)),
        ("{{ throw(message=\"x\") }}", function("throw", 1)),
        ("{{ m::f() }}", function("m::f", 1)),
        ("{{ super() }}", function("super", 1)),
        ("{% if corpus().documents > 1 %}\n{{ term(rank=1).term ~ get_env(name=\"HOME\") }}{% endif %}", function("get_env", 2)),
        ("{% for i in range(end=100000000) %}x{% endfor %}", statement("for", 1)),
        ("a\n{% set x = 1 %}", statement("set", 2)),
        ("{% set_global x = 1 %}", statement("set_global", 1)),
        ("{% include \"report.md\" %}", statement("include", 1)),
        ("{% import \"m.md\" as m %}", statement("import", 1)),
        ("{% extends \"base.md\" %}", statement("extends", 1)),
        ("{% macro m() %}x{% endmacro %}", statement("macro", 1)),
        ("{% block b %}x{% endblock %}", statement("block", 1)),
        ("{% filter upper %}x{% endfilter %}", statement("filter", 1)),
        ("{% filter figures %}x{% endfilter %}", statement("filter", 1)),
        ("{% if true %}\n\n{%- break %}{% endif %}", statement("break", 3)),
    ];
    for (text, expected) in cases {
        assert_eq!(error(text), expected, "{text}");
    }
}

#[test]
fn only_formatting_filters_and_pure_tests_are_allowed() {
    let filters =
        "abs, capitalize, default, figures, first, float, int, last, length, lower, round, \
                   title, trim, truncate, upper, wordcount";
    let tests =
        "containing, defined, divisibleby, ending_with, even, iterable, number, object, odd, \
                 starting_with, string, undefined";
    for (text, name) in [
        ("{{ term(rank=3).shown | safe }}", "safe"),
        (
            "{{ term(rank=1).term | replace(from=\"a\", to=\"bbbbbbbb\") }}",
            "replace",
        ),
        ("{{ [\"a\", \"b\"] | join(sep=\"x\") }}", "join"),
        ("{{ corpus() | json_encode }}", "json_encode"),
        ("{{ term(rank=1).term|indent(width=1000) }}", "indent"),
    ] {
        assert_eq!(
            error(text),
            format!("text/findings.md:1: found the filter {name}, expected one of {filters}"),
            "{text}"
        );
    }
    assert_eq!(
        error("{% if term(rank=1).term is matching(\"(a+)+$\") %}x{% endif %}"),
        format!("text/findings.md:1: found the test matching, expected one of {tests}")
    );
    assert_eq!(
        error("{{ claim(published=1, computed=1) ~ term(rank=3).shown }}"),
        "text/findings.md:1: found claim(...) inside an expression, expected {{ claim(...) }} alone"
    );
    // A test reads a variable, and a narrative has none: `is defined` is false.
    let allowed = "{% if nothing is defined %}defined{% elif nothing is not defined and corpus().documents > 100 %}many\
                   {% else %}none{% endif %} {{ term(rank=1).term | upper | truncate(length=3) }} \
                   {# a note #}{% raw %}{{ get_env(name=\"HOME\") }}{% endraw %} \
                   {{ term(term=\"countri\").form | title }}";
    assert_eq!(
        filled(allowed),
        "many NAZ… {{ get_env(name=\"HOME\") }} Country"
    );
}

#[test]
fn the_parsed_template_is_checked_again() {
    // The scan and Tera agree here; the walk of Tera's tree refuses on its own what the scan
    // refused first, at the same place.
    for (text, expected) in [
        ("a\n{% for i in [1] %}{% endfor %}", format!("text/findings.md:2: found {{% for %}}, {ONLY}")),
        ("{{ 1 | safe }}", "text/findings.md:1: found the filter safe, expected one of abs, capitalize, default, figures, first, float, int, last, length, lower, round, title, trim, truncate, upper, wordcount".to_string()),
    ] {
        let pieces = mobilize::narrative::scan::pieces(text);
        let template = tera::Template::new("t", None, text).unwrap();
        let err = mobilize::narrative::template::allowed("text/findings.md", text, &pieces, &template.ast)
            .unwrap_err()
            .to_string();
        assert_eq!(err, expected, "{text}");
    }
}

#[test]
fn runaway_templates_are_refused_with_their_place() {
    let deep = format!("x\n{{{{ {}1{} }}}}", "(".repeat(5000), ")".repeat(5000));
    assert_eq!(
        error(&deep),
        "text/findings.md:2: found an expression nested 5000 deep, expected at most 32"
    );
    let brackets = format!(
        "{{% if {}1{} %}}{{% endif %}}",
        "[".repeat(40),
        "]".repeat(40)
    );
    assert_eq!(
        error(&brackets),
        "text/findings.md:1: found an expression nested 40 deep, expected at most 32"
    );
    let fine = format!("{{{{ {}1{} }}}}", "(".repeat(32), ")".repeat(32));
    assert_eq!(filled(&fine), "1");
    let long = format!("{{{{ 1{} }}}}", " + 1".repeat(10_000));
    assert_eq!(
        error(&long),
        "text/findings.md:1: found an expression with 10000 operators, expected at most 32"
    );
    let chain = format!("{{% if true{} %}}x{{% endif %}}", "\nand true".repeat(40));
    assert_eq!(
        error(&chain),
        "text/findings.md:34: found an expression with 40 operators, expected at most 32"
    );
    assert_eq!(filled(&format!("{{{{ 1{} }}}}", " + 1".repeat(32))), "33");
    let ifs = format!(
        "{}x{}",
        "{% if true %}\n".repeat(1000),
        "{% endif %}".repeat(1000)
    );
    assert_eq!(
        error(&ifs),
        "text/findings.md:33: found {% if %} nested 33 deep, expected at most 32"
    );
    let nested = format!(
        "{}x{}",
        "{% if true %}".repeat(32),
        "{% endif %}".repeat(32)
    );
    assert_eq!(filled(&nested), "x");
}

#[test]
fn a_narrative_or_its_filled_text_over_1_mb_is_refused() {
    let big = "a".repeat(1024 * 1024 + 1);
    assert_eq!(
        error(&big),
        "text/findings.md: found a narrative of 1048577 bytes, expected at most 1 MB (1048576 bytes)"
    );
    // 23 bytes print 41: "2019-06-09 (protest), 2019-06-12 (picket)".
    let growing = "{{peak(rank=1).events}}".repeat(30_000);
    assert!(growing.len() < 1024 * 1024);
    assert_eq!(
        error(&growing),
        "text/findings.md: found 1230000 bytes of filled text, expected at most 1 MB (1048576 bytes)"
    );
}

#[test]
fn every_error_while_rendering_has_its_line() {
    assert_eq!(
        error("One.\n{{ nothing }}"),
        "text/findings.md:2: Variable `nothing` not found in context while rendering 'text/findings.md'"
    );
    assert_eq!(
        error("One.\n\n{{ term(rank=1).term | round }}"),
        "text/findings.md:3: Filter `round` was called on an incorrect value: got `\"nazarbayev\"` but expected a f64"
    );
    assert_eq!(
        error("{% if false %}\nx\n{% elif term(rank=9).count > 1 %}y{% endif %}"),
        "text/findings.md:3: term: rank: found 9, expected 1 to 3 (3 terms)"
    );
    assert_eq!(
        error("A {{ claim(published=1,\n  computed=ratio(label=\"nope\")) }}"),
        "text/findings.md:1: ratio: found the label \"nope\", expected one of \"Leader vs Office\" or \"Leader vs Party\""
    );
    // A `-->` in an argument is not a position.
    assert_eq!(
        error("\n{{ term(term=\"a --> b\") }}"),
        "text/findings.md:2: term: found the term \"a --> b\", expected a stem of the top terms (terms.top) such as one of \"<b>x</b>\", \"countri\" or \"nazarbayev\""
    );
    let twice = "{{ claim(published=1, computed=1, item=\"x\") }}\n{{ claim(published=1, computed=1, item=\"x\") }}";
    assert_eq!(
        error(twice),
        "text/findings.md:2: claim: found the item \"x\" again, expected each claim to name its own"
    );
}

#[test]
fn long_values_in_messages_are_cut() {
    let long = "y".repeat(200);
    assert_eq!(
        error(&format!("{{{{ ratio(label=\"{long}\") }}}}")),
        format!(
            "text/findings.md:1: ratio: found the label \"{}…\", expected one of \"Leader vs Office\" or \"Leader vs Party\"",
            "y".repeat(80)
        )
    );
    assert_eq!(
        error(&format!("{{{{ \"{long}\" | round }}}}")),
        format!(
            "text/findings.md:1: Filter `round` was called on an incorrect value: got `\"{}…` but expected a f64",
            "y".repeat(79)
        )
    );
    let name = "z".repeat(200);
    assert_eq!(
        error(&format!("{{{{ {name}() }}}}")),
        format!(
            "text/findings.md:1: found the function {}…, expected one of {FUNCTIONS}",
            "z".repeat(80)
        )
    );
}

#[test]
fn control_characters_from_the_data_are_replaced() {
    let mut report = fixture_report();
    report["terms"][0]["term"] = "a\u{1b}[31mb\u{0}c\u{85}d\te\rf\u{7f}".into();
    let (texts, _) = fill(
        report,
        &[source("{{ term(rank=1).term }} {{ term(rank=1).shown }}")],
    )
    .unwrap();
    let printed = "a\u{fffd}\\[31mb\u{fffd}c\u{fffd}d\te f\u{fffd}";
    assert_eq!(
        texts[0].markdown,
        format!("{printed} nazarbayev ({printed})")
    );
}

#[test]
fn a_heading_id_survives_tera_and_reaches_both_pages() {
    assert_eq!(
        filled("## Findings {#findings}\n\n> ### Quoted {#Quoted .c}\n\nA {# comment #}.\n"),
        "## Findings {#findings}\n\n> ### Quoted {#Quoted .c}\n\nA .\n"
    );
    let study = study_with("## Findings {#findings}\n\nText.\n", "start");
    mobilize(study.path())
        .args(["build", "-q"])
        .assert()
        .success();
    let html = read(study.path().join("site/index.html"));
    assert!(html.contains("<h2 id=\"findings\">Findings</h2>"), "{html}");
    let md = read(study.path().join("site/report.md"));
    assert!(md.contains("## Findings {#findings}\n"), "{md}");
}

#[test]
fn heading_attributes_and_footnote_labels_stay_inert_in_both_pages() {
    let study = study_with(
        "## Findings {autofocus onfocus=alert(document.domain) tabindex=0}\n\n\
         ## Mine {#Mine .big style=color:red onclick=alert(1)}\n\n\
         A claim[^<script>alert(1)</script>] and <x@example.org>, [mail](mailto:x@example.org), \
         [call](tel:123).\n\n\
         [^<script>alert(1)</script>]: Its <i>source</i>.\n",
        "start",
    );
    mobilize(study.path())
        .args(["build", "-q"])
        .assert()
        .success();
    let html = read(study.path().join("site/index.html"));
    let md = read(study.path().join("site/report.md"));
    for page in [&html, &md] {
        for bad in [
            "onfocus",
            "autofocus",
            "tabindex",
            "style=color",
            "onclick",
            "<script",
            "<i>",
            "tel:",
        ] {
            assert!(!page.contains(bad), "{bad}: {page}");
        }
    }
    assert!(
        html.contains("<h2 id=\"findings-findings\">Findings</h2>"),
        "{html}"
    );
    assert!(html.contains("<h2 id=\"mine\">Mine</h2>"), "{html}");
    assert!(
        html.contains("href=\"#findings-script-alert-1-script\""),
        "{html}"
    );
    assert!(
        html.contains("id=\"findings-script-alert-1-script\""),
        "{html}"
    );
    assert!(
        html.contains("<a href=\"mailto:x@example.org\">x@example.org</a>"),
        "{html}"
    );
    assert!(
        html.contains("<a href=\"mailto:x@example.org\">mail</a>"),
        "{html}"
    );
    assert!(html.contains(", call."), "{html}");
    assert!(md.contains("## Findings\n"), "{md}");
    assert!(md.contains("## Mine {#mine}\n"), "{md}");
    assert!(md.contains("A claim[^script-alert-1-script] and <x@example.org>, [mail](mailto:x@example.org), call."), "{md}");
    assert!(
        md.contains("[^script-alert-1-script]: Its \\<i\\>source\\</i\\>."),
        "{md}"
    );
}

#[test]
fn whitespace_control_reaches_past_the_figures_filter() {
    assert_eq!(
        filled("a   {{- corpus().documents -}}   b {{ corpus().empty -}}\n c"),
        "a12,345b 2c"
    );
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(512))]
    /// Any text of template pieces fills or fails with a message at one of its lines; none
    /// panics, and none that fills has read the environment.
    #[test]
    fn any_text_fills_or_fails_at_a_line(
        parts in proptest::collection::vec(proptest::sample::select(vec![
            "{{", "}}", "{%", "%}", "{#", "#}", "-", " ", "\n", "\"", "'", "(", ")", "[", "]",
            "é", "Назарбаев", "if", "elif", "else", "endif", "raw", "endraw", "for", "in", "set",
            "x", "=", "|", "upper", "safe", "is", "not", "defined", "and", "+", "1",
            "term(rank=1).term", "claim(published=1, computed=1)", "get_env(name=\"HOME\")",
            "## H {#h .c}", "[^<b>]", "<script>", "\u{1b}",
        ]), 0..24)
    ) {
        let text = parts.concat();
        match fill(fixture_report(), &[source(&text)]) {
            Ok((texts, _)) => {
                let printed = &texts[0].markdown;
                let home = std::env::var("HOME").unwrap_or_else(|_| "/".into());
                proptest::prop_assert!(!printed.contains(&home), "{text:?} -> {printed:?}");
            }
            Err(err) => {
                let message = err.to_string();
                let line = message
                    .strip_prefix("text/findings.md:")
                    .and_then(|rest| rest.split(':').next())
                    .and_then(|n| n.parse::<usize>().ok());
                proptest::prop_assert!(
                    line.is_some_and(|n| n >= 1 && n <= text.split('\n').count()),
                    "{text:?}: {message}"
                );
            }
        }
    }
}
