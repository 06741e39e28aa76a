//! The committed `site/` is exactly what the code and data build, and builds are repeatable.

mod common;

use common::{mobilize, root, tree};

#[test]
fn committed_site_equals_a_fresh_build() {
    let out = tempfile::tempdir().unwrap();
    let target = out.path().join("site");
    mobilize(&root())
        .args(["build", "-q", "-o"])
        .arg(&target)
        .assert()
        .success();
    let fresh = tree(&target);
    let committed = tree(&root().join("site"));
    let names =
        |t: &std::collections::BTreeMap<String, Vec<u8>>| t.keys().cloned().collect::<Vec<_>>();
    assert_eq!(
        names(&fresh),
        names(&committed),
        "the site's files differ: rebuild and commit site/"
    );
    for (name, bytes) in &fresh {
        assert!(
            committed[name] == *bytes,
            "site/{name} differs from a fresh build: run `cargo run --release -- build` and commit site/"
        );
    }
}

#[test]
fn two_builds_give_the_same_bytes() {
    let study = common::copy_fixture("small");
    mobilize(study.path())
        .args(["build", "-q", "-o", "a"])
        .assert()
        .success();
    mobilize(study.path())
        .args(["build", "-q", "-o", "b"])
        .assert()
        .success();
    assert_eq!(tree(&study.path().join("a")), tree(&study.path().join("b")));
}
