//! Writing the site so that a reader never sees half of it.
//!
//! The files are written to a temporary folder beside the output folder, then swapped in with
//! two renames (the old site is moved aside, the new one moved in, the old one deleted). A
//! build that fails at any point before the swap leaves the previous site exactly as it was.
//! Since the swap replaces the whole folder, it refuses to replace a non-empty folder that is
//! not a mobilize site (no `report.json`), so `-o .` cannot wipe a project.

use std::fs;
use std::path::{Path, PathBuf};

use crate::error::{Error, Result};
use crate::render::OutputFile;

/// Writes `files` as the folder `output`, replacing what was there only once all are written.
pub fn write_site(output: &Path, files: &[OutputFile]) -> Result<()> {
    check_replaceable(output)?;
    let parent = match output.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    fs::create_dir_all(&parent).map_err(|e| Error::write(&parent, e))?;
    let name = output
        .file_name()
        .ok_or_else(|| {
            Error::Refused(format!(
                "{} is not a folder name for the site",
                output.display()
            ))
        })?
        .to_string_lossy()
        .into_owned();
    let staging = parent.join(format!(".{name}.new-{}", std::process::id()));
    let retired = parent.join(format!(".{name}.old-{}", std::process::id()));
    let result = write_all(&staging, files).and_then(|()| swap(&staging, output, &retired));
    if result.is_err() {
        let _ = fs::remove_dir_all(&staging);
    }
    result
}

fn check_replaceable(output: &Path) -> Result<()> {
    if !output.exists() {
        return Ok(());
    }
    if !output.is_dir() {
        return Err(Error::Refused(format!(
            "refusing to replace {}: it is a file, expected a folder for the site",
            output.display()
        )));
    }
    let empty = fs::read_dir(output)
        .map_err(|e| Error::read(output, e))?
        .next()
        .is_none();
    if !empty && !output.join("report.json").is_file() {
        return Err(Error::Refused(format!(
            "refusing to replace {}: it holds files but no report.json, so it is not a site built by mobilize; \
             choose another output folder",
            output.display()
        )));
    }
    Ok(())
}

fn write_all(staging: &Path, files: &[OutputFile]) -> Result<()> {
    if staging.exists() {
        fs::remove_dir_all(staging).map_err(|e| Error::write(staging, e))?;
    }
    for file in files {
        let path = staging.join(&file.path);
        if let Some(dir) = path.parent() {
            fs::create_dir_all(dir).map_err(|e| Error::write(dir, e))?;
        }
        fs::write(&path, &file.bytes).map_err(|e| Error::write(&path, e))?;
    }
    Ok(())
}

fn swap(staging: &Path, output: &Path, retired: &Path) -> Result<()> {
    let had_site = output.exists();
    if had_site {
        fs::rename(output, retired).map_err(|e| Error::write(output, e))?;
    }
    if let Err(e) = fs::rename(staging, output) {
        if had_site {
            let _ = fs::rename(retired, output);
        }
        return Err(Error::write(output, e));
    }
    if had_site {
        fs::remove_dir_all(retired).map_err(|e| Error::write(retired, e))?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(path: &str, text: &str) -> OutputFile {
        OutputFile {
            path: path.into(),
            bytes: text.as_bytes().to_vec(),
        }
    }

    #[test]
    fn replaces_a_site_and_leaves_no_temporary_folder() {
        let dir = tempfile::tempdir().unwrap();
        let site = dir.path().join("site");
        write_site(&site, &[file("report.json", "1"), file("old.txt", "x")]).unwrap();
        write_site(
            &site,
            &[file("report.json", "2"), file("charts/a.svg", "<svg/>")],
        )
        .unwrap();
        assert_eq!(fs::read_to_string(site.join("report.json")).unwrap(), "2");
        assert!(!site.join("old.txt").exists());
        assert!(site.join("charts/a.svg").exists());
        let names: Vec<_> = fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names, vec![std::ffi::OsString::from("site")]);
    }

    #[test]
    fn refuses_a_folder_that_is_not_a_site() {
        let dir = tempfile::tempdir().unwrap();
        fs::write(dir.path().join("Cargo.toml"), "x").unwrap();
        let err = write_site(dir.path(), &[file("report.json", "1")])
            .unwrap_err()
            .to_string();
        assert!(err.contains("no report.json"), "{err}");
        assert_eq!(
            fs::read_to_string(dir.path().join("Cargo.toml")).unwrap(),
            "x"
        );
    }
}
