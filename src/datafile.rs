//! The site's data files: the lists that grow with the corpus, kept beside `report.json`.
//!
//! `report.json` holds only figures whose size does not depend on the number of posts; a list
//! with a row per post, per merge or per term is written to `data/NAME.jsonl.gz` and listed in
//! `report.json` with its row count and sha256 ([`DataFile`]). Every such file has one format,
//! gzip-compressed JSON Lines, one serde value per line, because the rows are the report's own
//! types (a term with its counts, a merge with an `f64` height, a post id that may hold any
//! character): JSON writes each exactly (`f64` in its shortest round-trip form, any string
//! escaped), the reader is the same serde type as `report.json`'s, and gzip makes ids and
//! stems five to ten times smaller. The tables' CSV files (`tables/`) are no substitute: they
//! are written for spreadsheets, with formula-like text prefixed by `'` and control
//! characters shown as codes, so they cannot be read back exactly.
//!
//! The bytes are deterministic: a fixed compression level, and a gzip header with no time and
//! no file name. A reader checks a file's sha256 against the listing before it reads a row
//! ([`Rows::open`]), and refuses a file that differs, naming it and both hashes; rows are then
//! read one at a time, so a reader's memory does not grow with the file.

use std::fs::File;
use std::io::{BufRead, BufReader, Read, Write};
use std::marker::PhantomData;
use std::path::{Component, Path, PathBuf};

use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::error::{Error, Result};

/// The folder of the site that holds the data files.
pub const FOLDER: &str = "data";

/// The gzip level: the fastest. On the lists of five million posts, level 6 (zlib's default)
/// makes files 8 to 13% smaller in two to four times the time.
const LEVEL: u32 = 1;

/// A data file as `report.json` lists it (`files: [...]`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DataFile {
    /// What the file holds (`terms`, `ngrams-2`, `cluster-assignments`).
    pub name: String,
    /// Its path relative to the site's root (`data/terms.jsonl.gz`).
    pub path: String,
    /// Its rows (lines of JSON).
    pub rows: u64,
    /// The sha256 of its bytes as written (compressed), in lowercase hex.
    pub sha256: String,
}

impl DataFile {
    /// The path of data file `name` in the site: `data/NAME.jsonl.gz`.
    pub fn path_of(name: &str) -> String {
        format!("{FOLDER}/{name}.jsonl.gz")
    }
}

/// The sha256 of `bytes` in lowercase hex.
pub fn sha256_hex(bytes: &[u8]) -> String {
    hex(&Sha256::digest(bytes))
}

fn hex(digest: &[u8]) -> String {
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

/// The data file `name` holding `rows`, one JSON value a line, gzip-compressed; with its
/// listing for `report.json`.
pub fn write<T: Serialize>(name: &str, rows: impl IntoIterator<Item = T>) -> (DataFile, Vec<u8>) {
    let mut gzip = flate2::GzBuilder::new()
        .mtime(0)
        .operating_system(255)
        .write(Vec::new(), flate2::Compression::new(LEVEL));
    let mut count = 0u64;
    let mut line = Vec::new();
    for row in rows {
        line.clear();
        serde_json::to_writer(&mut line, &row).expect("a report row serialises");
        line.push(b'\n');
        gzip.write_all(&line).expect("writing to memory");
        count += 1;
    }
    let bytes = gzip.finish().expect("writing to memory");
    let listed = DataFile {
        name: name.to_string(),
        path: DataFile::path_of(name),
        rows: count,
        sha256: sha256_hex(&bytes),
    };
    (listed, bytes)
}

/// The rows of a listed data file, read one at a time; each is a `T` or an error naming the
/// file and line.
pub struct Rows<T> {
    path: PathBuf,
    lines: BufReader<flate2::read::GzDecoder<File>>,
    line: String,
    read: u64,
    listed: u64,
    row: PhantomData<T>,
}

impl<T: DeserializeOwned> Rows<T> {
    /// Opens `listed` in the site `folder`, once its bytes are checked against the listing's
    /// sha256 (read through once, in blocks). A path that leaves the folder, a missing file
    /// or one whose hash differs is refused.
    pub fn open(folder: &Path, listed: &DataFile) -> Result<Rows<T>> {
        let path = inside(folder, &listed.path)?;
        let found = file_sha256(&path)?;
        if found != listed.sha256 {
            return Err(Error::Refused(format!(
                "{}: found sha256 {found}, expected {} as report.json lists it; the file \
                 changed after the site was built",
                path.display(),
                listed.sha256
            )));
        }
        let file = File::open(&path).map_err(|e| Error::read(&path, e))?;
        Ok(Rows {
            path,
            lines: BufReader::new(flate2::read::GzDecoder::new(file)),
            line: String::new(),
            read: 0,
            listed: listed.rows,
            row: PhantomData,
        })
    }

    fn refused(&self, what: String) -> Error {
        Error::Refused(format!("{}: {what}", self.path.display()))
    }
}

impl<T: DeserializeOwned> Iterator for Rows<T> {
    type Item = Result<T>;

    fn next(&mut self) -> Option<Result<T>> {
        self.line.clear();
        let line = self.read + 1;
        match self.lines.read_line(&mut self.line) {
            Err(e) => Some(Err(self.refused(format!(
                "line {line}: found unreadable data ({e}), expected gzip-compressed JSON Lines"
            )))),
            Ok(0) if self.read != self.listed => {
                let (read, listed) = (self.read, self.listed);
                self.read = listed;
                Some(Err(self.refused(format!(
                    "found {read} rows, expected {listed} as report.json lists them"
                ))))
            }
            Ok(0) => None,
            Ok(_) => {
                self.read += 1;
                let text = self.line.trim_end_matches('\n');
                Some(serde_json::from_str(text).map_err(|e| {
                    self.refused(format!(
                        "line {line}: {e}; this is not a data file mobilize writes"
                    ))
                }))
            }
        }
    }
}

/// Every row of a listed data file, read into memory (for a reader that needs them all).
pub fn read_all<T: DeserializeOwned>(folder: &Path, listed: &DataFile) -> Result<Vec<T>> {
    Rows::open(folder, listed)?.collect()
}

/// `path` inside `folder`, when it is a relative path under the data folder with no `..`:
/// `report.json` is data, and must not send a reader elsewhere.
fn inside(folder: &Path, path: &str) -> Result<PathBuf> {
    let relative = Path::new(path);
    let plain = relative
        .components()
        .all(|c| matches!(c, Component::Normal(_)));
    if !plain || !relative.starts_with(FOLDER) || path.contains('\\') {
        return Err(Error::Refused(format!(
            "report.json lists the data file \"{}\", expected a path under {FOLDER}/",
            path.escape_debug()
        )));
    }
    Ok(folder.join(relative))
}

/// The sha256 of the file at `path`, read in blocks.
fn file_sha256(path: &Path) -> Result<String> {
    let mut file = File::open(path).map_err(|e| Error::read(path, e))?;
    let mut hasher = Sha256::new();
    let mut block = vec![0u8; 1 << 16];
    loop {
        let n = file.read(&mut block).map_err(|e| Error::read(path, e))?;
        if n == 0 {
            break;
        }
        hasher.update(&block[..n]);
    }
    Ok(hex(&hasher.finalize()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_are_written_as_json_lines_with_a_fixed_gzip_header() {
        let (listed, bytes) = write("pairs", [("a,b", 1.5), ("c\n", 0.1 + 0.2)]);
        assert_eq!(listed.path, "data/pairs.jsonl.gz");
        assert_eq!(listed.rows, 2);
        assert_eq!(listed.sha256, sha256_hex(&bytes));
        // Magic, deflate, no flags, mtime 0, fastest level, OS unknown.
        assert_eq!(&bytes[..10], [0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 4, 255]);
        let mut text = String::new();
        flate2::read::GzDecoder::new(&bytes[..])
            .read_to_string(&mut text)
            .unwrap();
        assert_eq!(text, "[\"a,b\",1.5]\n[\"c\\n\",0.30000000000000004]\n");
        assert_eq!(write("pairs", [("a,b", 1.5), ("c\n", 0.1 + 0.2)]).1, bytes);
    }

    #[test]
    fn a_file_is_read_back_exactly_and_a_changed_one_refused() {
        let dir = tempfile::tempdir().unwrap();
        let rows = vec![("x".to_string(), 0.1 + 0.2), ("é\"".to_string(), -1e-300)];
        let (listed, bytes) = write("pairs", &rows);
        std::fs::create_dir(dir.path().join("data")).unwrap();
        std::fs::write(dir.path().join(&listed.path), &bytes).unwrap();
        let back: Vec<(String, f64)> = read_all(dir.path(), &listed).unwrap();
        assert_eq!(back, rows);

        let (other, changed) = write("pairs", [("x", 0.3)]);
        std::fs::write(dir.path().join(&listed.path), &changed).unwrap();
        let error = read_all::<(String, f64)>(dir.path(), &listed)
            .unwrap_err()
            .to_string();
        let path = dir.path().join("data/pairs.jsonl.gz");
        assert_eq!(
            error,
            format!(
                "{}: found sha256 {}, expected {} as report.json lists it; the file changed \
                 after the site was built",
                path.display(),
                other.sha256,
                listed.sha256
            )
        );
    }

    #[test]
    fn a_listed_path_outside_the_data_folder_is_refused() {
        let listed = |path: &str| DataFile {
            name: "x".into(),
            path: path.into(),
            rows: 0,
            sha256: String::new(),
        };
        for path in [
            "../data/x.jsonl.gz",
            "/etc/passwd",
            "data/../../x",
            "tables/x.csv",
        ] {
            let error = Rows::<u8>::open(Path::new("."), &listed(path))
                .err()
                .unwrap();
            assert!(
                error.to_string().contains("expected a path under data/"),
                "{path}: {error}"
            );
        }
    }
}
