//! A build that fails leaves the previous site exactly as it was; a build replaces only a
//! folder that mobilize built; builds into one folder, at once or after a killed build, all
//! succeed and leave nothing but the site and its lock file.

mod common;

use std::path::Path;

use common::{copy_fixture, mobilize, tree};

/// The names in `dir`, sorted.
fn names(dir: &Path) -> Vec<String> {
    let mut names: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

/// `names` with `more` added, sorted.
fn with(names: &[String], more: &[&str]) -> Vec<String> {
    let mut all = names.to_vec();
    all.extend(more.iter().map(|m| m.to_string()));
    all.sort();
    all
}

#[test]
fn a_failed_build_leaves_the_previous_site_untouched() {
    let study = copy_fixture("small");
    mobilize(study.path())
        .args(["build", "-q"])
        .assert()
        .success();
    let before = tree(&study.path().join("site"));
    let entries_before = names(study.path());

    // A bad row in the last input read: the published Table 2.
    let last = study.path().join("data/paper/table2_protests.csv");
    let text = std::fs::read_to_string(&last).unwrap() + "Single pickets,many,3\n";
    std::fs::write(&last, text).unwrap();
    // And a change to an earlier input, which a partial write would show.
    let accounts = study.path().join("data/accounts.csv");
    let text = std::fs::read_to_string(&accounts)
        .unwrap()
        .replace("25000", "26000");
    std::fs::write(&accounts, text).unwrap();

    mobilize(study.path()).arg("build").assert().code(1);
    assert_eq!(tree(&study.path().join("site")), before);
    assert_eq!(
        names(study.path()),
        entries_before,
        "a temporary folder was left behind"
    );
}

#[test]
fn a_folder_that_is_not_a_site_is_never_replaced() {
    let study = copy_fixture("small");
    let notes = study.path().join("notes");
    std::fs::create_dir(&notes).unwrap();
    std::fs::write(notes.join("thesis.md"), "precious").unwrap();
    std::fs::write(notes.join("report.json"), "{}").unwrap();
    let before = tree(&notes);
    mobilize(study.path())
        .args(["build", "-o", "notes"])
        .assert()
        .code(1)
        .stderr(
            "error: refusing to replace notes: it holds no .mobilize marker, so it is not a site \
             built by mobilize (a site built by an older version of mobilize has none: delete it \
             by hand); choose another output folder\n",
        );
    assert_eq!(tree(&notes), before);
    assert_eq!(names(&notes), ["report.json", "thesis.md"]);
}

#[test]
fn a_file_added_to_a_site_is_never_deleted() {
    let study = copy_fixture("small");
    mobilize(study.path())
        .args(["build", "-q"])
        .assert()
        .success();
    let site = study.path().join("site");
    std::fs::write(site.join("thesis.md"), "precious").unwrap();
    let before = tree(&site);
    mobilize(study.path())
        .args(["build", "-q"])
        .assert()
        .code(1)
        .stderr(
            "error: refusing to replace site: it holds thesis.md, which mobilize did not write; \
             choose another output folder\n",
        );
    assert_eq!(tree(&site), before);
}

#[test]
fn a_site_lists_every_file_it_holds_in_its_marker() {
    let study = copy_fixture("small");
    mobilize(study.path())
        .args(["build", "-q"])
        .assert()
        .success();
    let site = tree(&study.path().join("site"));
    let mut expected = String::from("mobilize site 1\n");
    for name in site.keys().filter(|name| *name != ".mobilize") {
        expected.push_str(name);
        expected.push('\n');
    }
    assert_eq!(String::from_utf8_lossy(&site[".mobilize"]), expected);
    assert!(site.contains_key("report.json"), "{:?}", site.keys());
}

#[test]
fn a_build_removes_the_leftovers_of_killed_builds() {
    let study = copy_fixture("small");
    let before = names(study.path());
    let new = study.path().join(".site.new-999999");
    let old = study.path().join(".site.old-999999");
    std::fs::create_dir_all(new.join("charts")).unwrap();
    std::fs::write(new.join("charts/a.svg"), "<svg/>").unwrap();
    std::fs::create_dir_all(&old).unwrap();
    std::fs::write(old.join("report.json"), "{}").unwrap();
    mobilize(study.path())
        .args(["build", "-q"])
        .assert()
        .success();
    assert_eq!(names(study.path()), with(&before, &[".site.lock", "site"]));
}

#[test]
fn concurrent_builds_into_one_folder_all_succeed() {
    let study = copy_fixture("small");
    mobilize(study.path())
        .args(["build", "-q", "-o", "expected"])
        .assert()
        .success();
    let expected = tree(&study.path().join("expected"));
    let before = names(study.path());
    for _round in 0..30 {
        std::thread::scope(|scope| {
            for _build in 0..4 {
                scope.spawn(|| {
                    mobilize(study.path())
                        .args(["build", "-q"])
                        .assert()
                        .success()
                        .stderr("");
                });
            }
        });
        assert_eq!(tree(&study.path().join("site")), expected);
        assert_eq!(names(study.path()), with(&before, &[".site.lock", "site"]));
    }
}
