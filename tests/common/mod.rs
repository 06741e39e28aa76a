//! Helpers shared by the integration tests: the binary, fixture studies, folder snapshots.
#![allow(dead_code)]

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use assert_cmd::Command;

pub mod svg;

/// The `mobilize` binary, run in `dir`.
pub fn mobilize(dir: &Path) -> Command {
    let mut cmd = Command::cargo_bin("mobilize").unwrap();
    cmd.current_dir(dir);
    cmd
}

/// The repository's root (the default study).
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// A fixture study copied into a new temporary folder.
pub fn copy_fixture(name: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    copy_tree(&root().join("tests/fixtures").join(name), dir.path());
    dir
}

/// A fixture study copied into a new temporary folder and built there (into `site/`).
pub fn build_fixture(name: &str) -> tempfile::TempDir {
    let study = copy_fixture(name);
    mobilize(study.path())
        .args(["build", "-q"])
        .assert()
        .success();
    study
}

/// The default study (report.yaml, data/ and text/) copied into a new temporary folder.
pub fn copy_default_study() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(root().join("report.yaml"), dir.path().join("report.yaml")).unwrap();
    copy_tree(&root().join("data"), &dir.path().join("data"));
    copy_tree(&root().join("text"), &dir.path().join("text"));
    dir
}

pub fn copy_tree(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_tree(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}

/// Every file below `dir`, by relative path, with its bytes.
pub fn tree(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut files = BTreeMap::new();
    collect(dir, dir, &mut files);
    files
}

fn collect(base: &Path, dir: &Path, files: &mut BTreeMap<String, Vec<u8>>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            collect(base, &path, files);
        } else {
            let name = path
                .strip_prefix(base)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/");
            files.insert(name, std::fs::read(&path).unwrap());
        }
    }
}

pub fn read(path: impl AsRef<Path>) -> String {
    std::fs::read_to_string(path).unwrap()
}

/// The rows of the data file at `path` (gzip-compressed JSON Lines), each parsed.
pub fn data_rows(path: &Path) -> Vec<serde_json::Value> {
    use std::io::Read;
    let mut text = String::new();
    flate2::read::GzDecoder::new(std::fs::File::open(path).unwrap())
        .read_to_string(&mut text)
        .unwrap();
    text.lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

/// A built site's `report.json` with the lists its data files hold put back where the whole
/// report keeps them (`terms`, `ngrams.N`, `collocations.pairs`, `corpus.empty_texts`,
/// `clusters.assignments` by post id, `clusters.merges`, `clusters.excluded`), for tests that
/// read a list beyond its top.
pub fn site_report(site: &Path) -> serde_json::Value {
    let mut report: serde_json::Value =
        serde_json::from_str(&read(site.join("report.json"))).unwrap();
    let files = report["files"].as_array().cloned().unwrap_or_default();
    for file in files {
        let rows = serde_json::Value::Array(data_rows(&site.join(file["path"].as_str().unwrap())));
        let name = file["name"].as_str().unwrap();
        let place = match name {
            "terms" => &mut report["terms"],
            "collocations" => &mut report["collocations"]["pairs"],
            "empty-texts" => &mut report["corpus"]["empty_texts"],
            "cluster-assignments" => &mut report["clusters"]["assignments"],
            "cluster-merges" => &mut report["clusters"]["merges"],
            "cluster-excluded" => &mut report["clusters"]["excluded"],
            other => {
                let n = other.strip_prefix("ngrams-").unwrap();
                &mut report["ngrams"][n]
            }
        };
        *place = rows;
    }
    report
}
