//! The command line: exit statuses, messages, and what each command writes.

mod common;

use common::{copy_default_study, copy_fixture, mobilize, read};
use predicates::str::contains;

#[test]
fn build_writes_the_site_and_exits_0() {
    let study = copy_default_study();
    mobilize(study.path())
        .args(["build", "--quiet"])
        .assert()
        .success();
    for file in [
        "index.html",
        "report.md",
        "report.json",
        "style.css",
        "charts/table1-audience.svg",
        "charts/table2-protests.svg",
        "tables/table1-accounts.csv",
        "tables/table2-protests.csv",
        "tables/ratios.csv",
        "tables/reproduction.csv",
    ] {
        assert!(
            study.path().join("site").join(file).is_file(),
            "missing {file}"
        );
    }
}

#[test]
fn check_names_the_line_of_a_broken_date_and_exits_1() {
    let study = copy_default_study();
    let path = study.path().join("data/events.csv");
    let mut lines: Vec<String> = read(&path).lines().map(String::from).collect();
    let fields: Vec<&str> = lines[6].splitn(3, ',').collect();
    lines[6] = format!("{},2019-13-45,{}", fields[0], fields[2]);
    std::fs::write(&path, lines.join("\n") + "\n").unwrap();
    mobilize(study.path())
        .arg("check")
        .assert()
        .code(1)
        .stdout(contains("events: data/events.csv (28 rows, 1 rejected)"))
        .stderr(contains(
            "data/events.csv:7:2: date: found \"2019-13-45\", expected a day of the calendar",
        ))
        .stderr(contains("error: 1 problem in the input data"));
    mobilize(study.path())
        .arg("build")
        .assert()
        .code(1)
        .stderr(contains("events.csv:7:2:"))
        .stderr(contains("nothing was written"));
    assert!(!study.path().join("site").exists());
}

#[test]
fn check_of_good_data_lists_the_inputs_and_exits_0() {
    let study = copy_default_study();
    mobilize(study.path())
        .arg("check")
        .assert()
        .success()
        .stdout(contains(
            "accounts: data/accounts.csv (20 rows, 0 rejected)",
        ))
        .stdout(contains(
            "published Table 2: data/paper/table2_protests.csv (7 rows, 0 rejected)",
        ));
    assert!(!study.path().join("site").exists(), "check writes nothing");
}

#[test]
fn usage_errors_exit_2() {
    let dir = tempfile::tempdir().unwrap();
    mobilize(dir.path()).assert().code(2);
    mobilize(dir.path())
        .args(["build", "--bogus"])
        .assert()
        .code(2);
    mobilize(dir.path()).args(["frobnicate"]).assert().code(2);
    for command in ["build", "check", "init"] {
        mobilize(dir.path())
            .args([command, "--help"])
            .assert()
            .success()
            .stdout(contains("Usage: mobilize"));
    }
}

#[test]
fn a_missing_config_is_an_error_naming_it() {
    let dir = tempfile::tempdir().unwrap();
    mobilize(dir.path())
        .args(["build", "-c", "nope.yaml"])
        .assert()
        .code(1)
        .stderr(contains("error: cannot read nope.yaml"))
        .stderr(contains("Caused by:"));
}

#[test]
fn an_unknown_config_key_names_the_key_and_the_allowed_ones() {
    let study = copy_fixture("small");
    let config = study.path().join("report.yaml");
    std::fs::write(
        &config,
        read(&config).replace("events:\n  path:", "events:\n  pth:"),
    )
    .unwrap();
    mobilize(study.path())
        .arg("build")
        .assert()
        .code(1)
        .stderr(contains(
        "report.yaml:9:3: events: unknown field `pth`, expected one of `path`, `format`, `forms`",
    ));
}

#[test]
fn a_ratio_naming_a_missing_account_is_a_config_error() {
    let study = copy_fixture("small");
    let config = study.path().join("report.yaml");
    std::fs::write(
        &config,
        read(&config).replace("organization: \"Party\"", "organization: \"Partei\""),
    )
    .unwrap();
    mobilize(study.path())
        .arg("check")
        .assert()
        .code(1)
        .stderr(contains(
        "accounts.ratios[0].denominator: found no accounts row for Partei / youtube / subscribers",
    ));
}

#[test]
fn init_writes_a_study_that_checks_and_builds() {
    let dir = tempfile::tempdir().unwrap();
    mobilize(dir.path())
        .args(["init", "study"])
        .assert()
        .success();
    let study = dir.path().join("study");
    for file in [
        "report.yaml",
        "data/accounts.csv",
        "data/events.csv",
        "data/README.md",
    ] {
        assert!(study.join(file).is_file(), "init did not write {file}");
    }
    mobilize(&study).arg("check").assert().success();
    mobilize(&study).args(["build", "-q"]).assert().success();
    assert!(study.join("site/index.html").is_file());
    mobilize(dir.path())
        .args(["init", "study"])
        .assert()
        .code(1)
        .stderr(contains("is not empty"));
}

#[test]
fn a_study_without_events_builds_without_its_section() {
    let study = copy_fixture("small");
    let config = study.path().join("report.yaml");
    std::fs::write(
        &config,
        read(&config).replace("events:\n  path: data/events.csv\n", ""),
    )
    .unwrap();
    mobilize(study.path())
        .args(["build", "-q"])
        .assert()
        .success();
    let site = study.path().join("site");
    assert!(!site.join("tables/table2-protests.csv").exists());
    let json: serde_json::Value = serde_json::from_str(&read(site.join("report.json"))).unwrap();
    assert!(json.get("events").is_none());
    assert!(json.get("accounts").is_some());
    assert!(!read(site.join("report.md")).contains("Table 2: Forms"));
}

#[test]
fn a_missing_narrative_file_is_named_and_nothing_is_written() {
    let study = copy_fixture("small");
    let config = study.path().join("report.yaml");
    let extra = "narrative:\n  - { file: text/intro.md, at: start }\n";
    std::fs::write(&config, read(&config) + extra).unwrap();
    mobilize(study.path())
        .arg("build")
        .assert()
        .code(1)
        .stderr(contains("error: cannot read text/intro.md"));
    assert!(!study.path().join("site").exists());
}

#[test]
fn output_flag_and_quiet() {
    let study = copy_fixture("small");
    mobilize(study.path())
        .args(["build", "-q", "-o", "elsewhere"])
        .assert()
        .success()
        .stderr("");
    assert!(study.path().join("elsewhere/report.json").is_file());
    assert!(!study.path().join("site").exists());
}

/// `--timings` prints, after the build, one line per phase and step with its wall time, the
/// peak memory so far and its count; off a terminal no bar is drawn (no carriage return, no
/// escape code, nothing but notices, the summary and the table); the site is the one built
/// without it.
#[test]
fn build_timings_table_and_no_bar_off_a_terminal() {
    let study = copy_default_study();
    let output = mobilize(study.path())
        .args(["build", "--timings", "-o", "timed"])
        .assert()
        .success()
        .get_output()
        .clone();
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(!stderr.contains(['\r', '\x1b']), "{stderr}");
    let mut lines = stderr.lines().skip_while(|l| l.starts_with("notice: "));
    assert!(lines.next().unwrap().starts_with("built timed ("));
    let table: Vec<&str> = lines.collect();
    assert_eq!(
        table[0],
        "stage                      wall         peak  done"
    );
    let names: Vec<&str> = table[1..].iter().map(|l| l[..20].trim_end()).collect();
    assert_eq!(
        names,
        [
            "config",
            "load",
            "  read",
            "analyse",
            "  tokenise",
            "  stem",
            "  count",
            "  n-grams",
            "  associations",
            "  tokenise",
            "  stem",
            "  count",
            "  distances",
            "  linkage",
            "  choice of k",
            "  stability",
            "  sensitivity",
            "render",
            "  sections",
            "  data files",
            "  charts",
            "  tables",
            "write",
            "  files",
        ]
    );
    for line in &table[1..] {
        let (seconds, rest) = line[20..].trim_start().split_once(" s ").unwrap();
        assert!(seconds.parse::<f64>().is_ok(), "{line}");
        let peak = rest.trim_start();
        assert!(
            peak.starts_with("n/a") || peak.split_once(" MiB").is_some(),
            "{line}"
        );
    }
    assert!(table[5].ends_with("5,672 posts"), "{}", table[5]);
    assert!(table[13].ends_with("16,082,956 pairs"), "{}", table[13]);
    assert_eq!(
        common::tree(&study.path().join("timed")),
        common::tree(&common::root().join("site")),
        "--timings leaves the site as it is"
    );
}

#[test]
fn check_timings_lists_the_stages_but_write() {
    let study = copy_fixture("small");
    let output = mobilize(study.path())
        .args(["check", "-q", "--timings"])
        .assert()
        .success()
        .get_output()
        .clone();
    let stderr = String::from_utf8(output.stderr).unwrap();
    let names: Vec<&str> = stderr.lines().map(|l| l[..20].trim_end()).collect();
    assert_eq!(
        names,
        [
            "stage",
            "config",
            "load",
            "analyse",
            "render",
            "  sections",
            "  data files",
            "  charts",
            "  tables"
        ]
    );
    assert!(!study.path().join("site").exists());
}
