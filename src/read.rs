//! Reading the study's files: only regular files, and text with its place named when it is not
//! UTF-8.
//!
//! A config may name anything: a folder where a file belongs, `/dev/zero` (read until memory
//! runs out), a FIFO (read forever). Every file of a study (the config, the inputs, the
//! narratives, a stopword list) is opened here, and anything but a regular file is refused
//! before a byte is read.

use std::path::Path;

use crate::error::{Error, Result};

/// The bytes of the regular file at `path`.
pub fn bytes(path: &Path) -> Result<Vec<u8>> {
    let metadata = std::fs::metadata(path).map_err(|source| Error::read(path, source))?;
    if metadata.is_dir() {
        return Err(not_a_file(path, "a folder"));
    }
    if !metadata.is_file() {
        return Err(not_a_file(path, "a device, pipe or socket"));
    }
    std::fs::read(path).map_err(|source| Error::read(path, source))
}

fn not_a_file(path: &Path, found: &str) -> Error {
    Error::config(
        path.display().to_string(),
        format!("found {found}, expected a file"),
    )
}

/// The largest file a person writes by hand that mobilize reads (a config, a narrative):
/// 1 MB, refused before it is read.
pub const BY_HAND: u64 = 1 << 20;

/// The text of the regular file at `path` when it is at most `limit` bytes.
pub fn text_at_most(path: &Path, limit: u64) -> Result<String> {
    let size = std::fs::metadata(path).map_or(0, |m| m.len());
    if size > limit {
        return Err(Error::config(
            path.display().to_string(),
            format!("found a file of {size} bytes, expected at most {limit} bytes"),
        ));
    }
    text(path)
}

/// The text of the regular file at `path`, which must be UTF-8 (a byte-order mark is
/// skipped); a byte that is not is named with its line.
pub fn text(path: &Path) -> Result<String> {
    let mut bytes = bytes(path)?;
    if bytes.starts_with(b"\xEF\xBB\xBF") {
        bytes.drain(..3);
    }
    String::from_utf8(bytes).map_err(|err| {
        let at = err.utf8_error().valid_up_to();
        let bytes = err.as_bytes();
        let before = std::str::from_utf8(&bytes[..at]).unwrap_or_default();
        let line_start = before.rfind('\n').map_or(0, |i| i + 1);
        Error::config(
            format!("{}:{}", path.display(), before.matches('\n').count() + 1),
            format!(
                "found a byte that is not UTF-8 (0x{:02X}) at byte {} of the line, expected \
                 UTF-8 text",
                bytes[at],
                at - line_start + 1
            ),
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_regular_files_are_read() {
        let dir = tempfile::tempdir().unwrap();
        let err = bytes(dir.path()).unwrap_err().to_string();
        assert!(err.ends_with(": found a folder, expected a file"), "{err}");
        let err = bytes(Path::new("/dev/zero")).unwrap_err().to_string();
        assert_eq!(
            err,
            "/dev/zero: found a device, pipe or socket, expected a file"
        );
    }

    #[test]
    fn text_that_is_not_utf8_names_its_line() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("report.yaml");
        std::fs::write(&path, b"title: x\ncorpus:\n  path: caf\xe9.csv\n").unwrap();
        let err = text(&path).unwrap_err().to_string();
        assert!(
            err.ends_with("report.yaml:3: found a byte that is not UTF-8 (0xE9) at byte 12 of the line, expected UTF-8 text"),
            "{err}"
        );
        std::fs::write(&path, "\u{feff}title: x\n").unwrap();
        assert_eq!(text(&path).unwrap(), "title: x\n");
    }
}
