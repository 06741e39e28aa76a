//! Hostile and malformed inputs: bounded memory and time, special files, overflow, values no
//! analysis can mean, and `check` finding every problem `build` would.

mod common;

use std::path::Path;
use std::time::{Duration, Instant};

use common::{copy_default_study, copy_fixture, mobilize, read};
use predicates::str::contains;

/// A study in a new folder with `files` and `report.yaml` holding `sections`.
fn study(files: &[(&str, &[u8])], sections: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for (name, bytes) in files {
        let path = dir.path().join(name);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, bytes).unwrap();
    }
    std::fs::write(
        dir.path().join("report.yaml"),
        format!("title: t\n{sections}"),
    )
    .unwrap();
    dir
}

fn check_errors(dir: &Path) -> String {
    let output = mobilize(dir).arg("check").output().unwrap();
    assert_eq!(output.status.code(), Some(1), "{output:?}");
    String::from_utf8(output.stderr)
        .unwrap()
        .replace(&format!("{}/", dir.display()), "")
}

/// One very wide first row, then ordinary rows: memory must follow the file's size, not its
/// widest row times its rows (which once took 4.1 GB for 481 KB). The check runs under a
/// 1 GB address-space limit.
#[test]
fn a_wide_row_does_not_multiply_memory() {
    let mut text = String::from("event_id,date,form\n");
    text.push_str(&"x,".repeat(200_000));
    text.push('\n');
    for i in 0..20_000 {
        text.push_str(&format!("e{i},2019,protest\n"));
    }
    let dir = study(
        &[("events.csv", text.as_bytes())],
        "events: { path: events.csv }\n",
    );
    let binary = assert_cmd::cargo::cargo_bin("mobilize");
    let output = std::process::Command::new("bash")
        .arg("-c")
        .arg(format!("ulimit -v 1000000; '{}' check", binary.display()))
        .current_dir(dir.path())
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("events.csv:2: found 200000 fields, expected 3 as in the header"),
        "{stderr}"
    );
}

/// A run of one letter is not a word, and the English stemmer is quadratic in its length: it
/// is kept unstemmed, the report says so, and indexing stays fast (a generous bound).
#[test]
fn a_megabyte_run_of_one_letter_is_not_stemmed() {
    let post = format!(
        "id,date,text\n1,2019-06-09,protest {}\n2,2019-06-10,protest now\n",
        "y".repeat(1 << 20)
    );
    let dir = study(
        &[("posts.csv", post.as_bytes())],
        "corpus: { path: posts.csv }\nterms: { top: 5, ngrams: [2] }\n",
    );
    let started = Instant::now();
    mobilize(dir.path())
        .args(["build"])
        .assert()
        .success()
        .stderr(contains(
            "notice: corpus: 1 distinct word over 64 characters is kept unstemmed",
        ));
    assert!(
        started.elapsed() < Duration::from_secs(20),
        "{:?}",
        started.elapsed()
    );
    let report: serde_json::Value =
        serde_json::from_str(&read(dir.path().join("site/report.json"))).unwrap();
    assert_eq!(report["corpus"]["unstemmed_words"], 1);
}

#[test]
fn only_regular_files_are_read() {
    let dir = study(&[], "events: { path: /dev/zero }\n");
    assert!(check_errors(dir.path())
        .contains("error: /dev/zero: found a device, pipe or socket, expected a file"));
    let dir = study(&[("data/x", b"")], "events: { path: data }\n");
    assert!(check_errors(dir.path()).contains("error: data: found a folder, expected a file"));
    let dir = study(&[], "events: { path: fifo.csv }\n");
    let fifo = dir.path().join("fifo.csv");
    assert!(std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .unwrap()
        .success());
    let started = Instant::now();
    assert!(check_errors(dir.path()).contains("fifo.csv: found a device, pipe or socket"));
    assert!(started.elapsed() < Duration::from_secs(10));
    let dir = study(
        &[("text/a.md", b"caf\xe9\n")],
        "narrative: [{ file: text/a.md, at: start }]\n",
    );
    assert!(check_errors(dir.path()).contains(
        "error: text/a.md:1: found a byte that is not UTF-8 (0xE9) at byte 4 of the line, expected UTF-8 text"
    ));
}

#[test]
fn sums_that_would_overflow_are_refused_at_their_row() {
    let events = format!(
        "event_id,date,form,count\na,2015,strike,3\nb,2015,strike,{}\nc,2015,strike,2\n",
        u64::MAX - 1
    );
    let dir = study(
        &[("events.csv", events.as_bytes())],
        "events: { path: events.csv }\n",
    );
    assert!(check_errors(dir.path()).contains(&format!(
        "events.csv:3:4: count: found \"{}\", expected a count that keeps the file's total within {} events",
        u64::MAX - 1,
        u64::MAX
    )));
    let videos = "channel,video_id,published_at,title,views,duration\n\
                  A,v1,2019-06-01,t,5,PT5124095576030432H\n";
    let dir = study(
        &[("videos.csv", videos.as_bytes())],
        "videos: { path: videos.csv }\n",
    );
    assert!(check_errors(dir.path()).contains(
        "videos.csv:2:6: duration: found \"PT5124095576030432H\", expected an ISO 8601 duration"
    ));
    let posts = format!("id,text,n\np1,protest,{}\np2,protest,{}\n", u64::MAX, 1);
    let dir = study(
        &[("posts.csv", posts.as_bytes())],
        "corpus: { path: posts.csv, date: ~, interactions: n }\n",
    );
    assert!(check_errors(dir.path()).contains(&format!(
        "posts.csv: post \"p2\": interactions: found 1, which takes the corpus's total past {}",
        u64::MAX
    )));
}

#[test]
fn a_flat_series_near_the_top_of_u64_has_no_peak() {
    let big = u64::MAX - 10;
    let views: String = (1..=6).map(|m| format!("A,2019-0{m},{big}\n")).collect();
    let dir = study(
        &[(
            "views.csv",
            format!("channel,period,views\n{views}").as_bytes(),
        )],
        "views: { path: views.csv }\n",
    );
    mobilize(dir.path())
        .args(["build", "-q"])
        .assert()
        .success();
    let report: serde_json::Value =
        serde_json::from_str(&read(dir.path().join("site/report.json"))).unwrap();
    assert_eq!(report["views"]["peaks"], serde_json::json!([]));
}

#[test]
fn k_below_two_is_refused_and_k_above_the_posts_is_noticed() {
    let posts = "id,text\n1,protest now\n2,protest again\n3,strike now\n";
    let dir = study(
        &[("posts.csv", posts.as_bytes())],
        "corpus: { path: posts.csv, date: ~ }\nclusters:\n  k: 0\n  min_support: 1\n",
    );
    assert!(check_errors(dir.path())
        .contains("error: report.yaml:4: clusters.k: found 0, expected 2 clusters or more"));
    let dir = study(
        &[("posts.csv", posts.as_bytes())],
        "corpus: { path: posts.csv, date: ~ }\nclusters:\n  k: 500\n  min_support: 1\n",
    );
    mobilize(dir.path())
        .arg("build")
        .assert()
        .success()
        .stderr(contains(
            "notice: clusters.k: 500 clusters asked for, but only 3 posts are clustered; cut into 3 clusters",
        ));
}

/// `check` runs everything `build` does but writing: a narrative placed after an id the page
/// lacks, and an output folder `build` would refuse, fail both alike, naming the config line.
#[test]
fn check_finds_what_build_would() {
    let study = copy_default_study();
    let config = read(study.path().join("report.yaml")).replacen("at: start", "at: table9", 1);
    std::fs::write(study.path().join("report.yaml"), config).unwrap();
    for command in ["check", "build"] {
        mobilize(study.path())
            .arg(command)
            .assert()
            .code(1)
            .stderr(contains(
                "narrative[0].at: found \"table9\" for text/introduction.md",
            ));
    }
    let study = copy_fixture("small");
    std::fs::create_dir(study.path().join("site")).unwrap();
    std::fs::write(study.path().join("site/thesis.md"), "precious").unwrap();
    for command in ["check", "build"] {
        mobilize(study.path())
            .arg(command)
            .assert()
            .code(1)
            .stderr(contains("refusing to replace"));
    }
    assert_eq!(read(study.path().join("site/thesis.md")), "precious");
}

#[test]
fn a_problem_at_a_config_key_names_its_line() {
    let study = copy_fixture("small");
    let config = read(study.path().join("report.yaml")).replace(
        "denominator: { organization: \"Party\"",
        "denominator: { organization: \"Nobody\"",
    );
    std::fs::write(study.path().join("report.yaml"), config).unwrap();
    mobilize(study.path())
        .arg("check")
        .assert()
        .code(1)
        .stderr(contains(
            "error: report.yaml:7: accounts.ratios[0].denominator: found no accounts row for Nobody / youtube / subscribers",
        ));
}

/// Twenty bad cells of a megabyte each once printed 21 MB; each echoed value is now cut to
/// 80 characters.
#[test]
fn a_bad_megabyte_cell_is_echoed_cut() {
    let cell = "x".repeat(1 << 20);
    let rows: String = (0..20).map(|i| format!("e{i},{cell},protest\n")).collect();
    let events = format!("event_id,date,form\n{rows}");
    let dir = study(
        &[("events.csv", events.as_bytes())],
        "events: { path: events.csv }\n",
    );
    let stderr = check_errors(dir.path());
    assert!(
        stderr.len() < 20 * 400,
        "{} bytes of messages",
        stderr.len()
    );
    assert!(stderr.contains(&format!(
        "events.csv:2:2: date: found \"{}…\", expected",
        "x".repeat(80)
    )));
}
