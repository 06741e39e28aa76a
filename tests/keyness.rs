//! Keyness on the default study: events chosen by id and by size, a comparison of two date
//! ranges, the errors for people, the page's files, the narrative function and `diff`.

mod common;

use std::collections::BTreeMap;

use mobilize::config::Config;
use mobilize::report::Report;

const ELECTION: &str = "kz-2019-06-09-election";

/// The default study's own keyness section and the narrative that reads it.
const DEFAULT_SECTION: &str = "keyness:\n  events: [kz-2019-06-09-election]\n  window_days: 7\n";
const DEFAULT_NARRATIVE: &str = "  - { file: text/keyness.md, at: keyness }\n";

/// The default study with `section` in place of its `keyness` section (and `narrative` entries
/// in place of its keyness narrative), analysed by the library; the error when it fails.
fn analysed(section: &str, narrative: &str) -> Result<Report, String> {
    let study = common::copy_default_study();
    let path = study.path().join("report.yaml");
    let yaml = std::fs::read_to_string(&path).unwrap();
    assert!(yaml.contains(DEFAULT_SECTION) && yaml.contains(DEFAULT_NARRATIVE));
    let yaml = yaml
        .replace(DEFAULT_SECTION, "")
        .replace(DEFAULT_NARRATIVE, "");
    let yaml = yaml.replace("narrative:\n", &format!("narrative:\n{narrative}"));
    std::fs::write(&path, format!("{yaml}\nkeyness:\n{section}")).unwrap();
    std::fs::write(
        study.path().join("text/keyness.md"),
        "First: {{ keyness(event=\"kz-2019-06-09-election\", rank=1, side=\"target\").term }}; \
         last: {{ keyness(event=\"kz-2019-06-09-election\", rank=1, side=\"reference\").term }}.\n",
    )
    .unwrap();
    let config = Config::load(&path).map_err(|e| e.to_string())?;
    let reading = mobilize::load::read_inputs(&config).map_err(|e| e.to_string())?;
    mobilize::report::analyse(&config, reading.inputs).map_err(|e| e.to_string())
}

/// The posts of the default study per day.
fn posts_per_day() -> BTreeMap<String, usize> {
    let path = common::root().join("data/corpus/posts.csv");
    let mut reader = csv::Reader::from_path(path).unwrap();
    let mut days = BTreeMap::new();
    for row in reader.deserialize::<BTreeMap<String, String>>() {
        *days.entry(row.unwrap()["date"].clone()).or_insert(0) += 1;
    }
    days
}

fn posts_between(from: &str, to: &str) -> usize {
    let days = posts_per_day();
    days.range(from.to_string()..=to.to_string())
        .map(|(_, n)| n)
        .sum()
}

#[test]
fn an_event_and_a_comparison_of_dates() {
    let section = format!(
        "  events: [{ELECTION}]\n  compare:\n    - name: y2018\n      target: {{ from: 2018-01-01, \
         to: 2018-12-31 }}\n      reference: {{ from: 2017-01-01, to: 2017-12-31 }}\n"
    );
    let report = analysed(&section, "").unwrap();
    let tables = report.keyness.as_ref().unwrap();
    assert_eq!(tables.len(), 2);
    let (event, years) = (&tables[0], &tables[1]);
    assert_eq!(event.name, ELECTION);
    assert_eq!(event.event.as_deref(), Some(ELECTION));
    // Seven days from the event day on, against the seven before.
    assert_eq!(
        event.target.documents,
        posts_between("2019-06-09", "2019-06-15")
    );
    assert_eq!(
        event.reference.documents,
        posts_between("2019-06-02", "2019-06-08")
    );
    assert_eq!(
        event.target.description,
        "posts from 2019-06-09 to 2019-06-15"
    );
    assert_eq!(
        years.target.documents,
        posts_between("2018-01-01", "2018-12-31")
    );
    assert_eq!(years.event, None);
    for table in tables {
        assert_eq!(table.listed, table.all_terms.len());
        assert!(table.terms.len() <= 20);
        // Sorted by statistic, then term; every term at 5 or over in a group.
        for pair in table.all_terms.windows(2) {
            let (x, y) = (&pair[0], &pair[1]);
            assert!(x.statistic > y.statistic || (x.statistic == y.statistic && x.term < y.term));
        }
        assert!(table
            .all_terms
            .iter()
            .all(|t| t.target >= 5 || t.reference >= 5));
        assert!(table.all_terms.iter().all(|t| (0.0..=1.0).contains(&t.p)));
        let positive = table.terms.iter().filter(|t| t.statistic > 0.0).count();
        assert!(positive <= 10 && table.terms.len() - positive <= 10);
    }
    // A year against a year has terms on both sides.
    assert!(years.terms.iter().any(|t| t.statistic > 0.0));
    assert!(years.terms.iter().any(|t| t.statistic < 0.0));
    // report.json keeps the top terms only, and reads back.
    let json = String::from_utf8(report.to_json()).unwrap();
    let back = Report::from_json(&json).unwrap();
    assert_eq!(back.keyness.as_ref().unwrap()[1].terms, years.terms);
    assert!(back.keyness.as_ref().unwrap()[1].all_terms.is_empty());
}

#[test]
fn all_dated_events_of_a_size_and_over() {
    let report = analysed(
        "  events: all_dated\n  min_size: gt1000\n  measure: lr\n",
        "",
    )
    .unwrap();
    let names: Vec<&str> = report
        .keyness
        .as_ref()
        .unwrap()
        .iter()
        .map(|t| t.name.as_str())
        .collect();
    // 2016-04-15 (gt1000) and the election (5000 participants); events of unknown size left out.
    assert_eq!(names, ["kz-2016-04-land-reform", ELECTION]);
    let land = &report.keyness.as_ref().unwrap()[0];
    assert_eq!((land.target.documents, land.terms.len()), (0, 0));
}

#[test]
fn an_unknown_event_is_named_with_the_ids_there_are() {
    let err = analysed("  events: [kz-1999-nothing]\n", "").unwrap_err();
    assert!(err.contains("keyness.events[0]"), "{err}");
    assert!(
        err.contains("kz-1999-nothing") && err.contains(ELECTION),
        "{err}"
    );
    let err = analysed("  events: all_dated\n  min_size: unknown\n", "").unwrap_err();
    assert!(err.contains("keyness.min_size"), "{err}");
    let shape = "  compare:\n    - { name: x, target: { language: ru, authors: [a] }, \
                 reference: { language: en } }\n";
    let err = analysed(shape, "").unwrap_err();
    assert!(err.contains("keyness.compare[0].target"), "{err}");
}

#[test]
fn the_narrative_function_reads_each_side() {
    let entry = "  - { file: text/keyness.md, at: keyness }\n";
    let report = analysed(&format!("  events: [{ELECTION}]\n"), entry).unwrap();
    let table = &report.keyness.as_ref().unwrap()[0];
    let first = table.terms.iter().find(|t| t.statistic > 0.0).unwrap();
    let last = table.terms.iter().find(|t| t.statistic < 0.0).unwrap();
    let text = &report
        .narrative
        .iter()
        .find(|n| n.file.ends_with("keyness.md"))
        .unwrap();
    let expected = format!("First: {}; last: {}.", first.term, last.term);
    assert!(text.markdown.contains(&expected), "{}", text.markdown);
}

#[test]
fn the_page_draws_each_table_and_lists_every_term() {
    let report = analysed(&format!("  events: [{ELECTION}]\n  top: 5\n"), "").unwrap();
    let exports = serde_json::from_str(r#"{"png": false, "pdf": false, "latex": false}"#);
    let files = mobilize::render::render(
        &report,
        None,
        false,
        &mobilize::config::SECTION_IDS,
        exports.unwrap(),
    )
    .unwrap();
    let file = |path: &str| files.iter().find(|f| f.path == path).map(|f| &f.bytes);
    let csv = String::from_utf8(file("tables/keyness-1.csv").unwrap().clone()).unwrap();
    let table = &report.keyness.as_ref().unwrap()[0];
    assert_eq!(csv.lines().count(), table.listed + 1);
    assert!(
        csv.starts_with("term,form,target,reference,statistic,p\n"),
        "{csv}"
    );
    let svg = String::from_utf8(file("charts/keyness-1.svg").unwrap().clone()).unwrap();
    assert!(svg.contains(&table.terms[0].form));
}

#[test]
fn diff_names_terms_entering_and_leaving_the_top() {
    let section = |top: usize| format!("  events: [{ELECTION}]\n  top: {top}\n");
    let (few, more) = (
        analysed(&section(3), "").unwrap(),
        analysed(&section(5), "").unwrap(),
    );
    let changes = mobilize::diff::diff(&few, &more).unwrap();
    let keyness = changes.iter().find(|c| c.title == "Keyness").unwrap();
    let entering = keyness
        .lines
        .iter()
        .filter(|l| l.contains("enters"))
        .count();
    assert_eq!(entering, 4, "{:?}", keyness.lines);
    let back = mobilize::diff::diff(&more, &few).unwrap();
    let keyness = back.iter().find(|c| c.title == "Keyness").unwrap();
    assert!(keyness.lines.iter().all(|l| l.contains("leaves")));
}
