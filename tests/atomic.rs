//! A build that fails leaves the previous site exactly as it was.

mod common;

use common::{copy_fixture, mobilize, tree};

#[test]
fn a_failed_build_leaves_the_previous_site_untouched() {
    let study = copy_fixture("small");
    mobilize(study.path())
        .args(["build", "-q"])
        .assert()
        .success();
    let before = tree(&study.path().join("site"));
    let entries_before = std::fs::read_dir(study.path()).unwrap().count();

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
        std::fs::read_dir(study.path()).unwrap().count(),
        entries_before,
        "a temporary folder was left behind"
    );
}

#[test]
fn a_folder_that_is_not_a_site_is_never_replaced() {
    let study = copy_fixture("small");
    std::fs::create_dir(study.path().join("notes")).unwrap();
    std::fs::write(study.path().join("notes/thesis.md"), "precious").unwrap();
    mobilize(study.path())
        .args(["build", "-o", "notes"])
        .assert()
        .code(1)
        .stderr(predicates::str::contains("refusing to replace notes"));
    assert_eq!(
        std::fs::read_to_string(study.path().join("notes/thesis.md")).unwrap(),
        "precious"
    );
}
