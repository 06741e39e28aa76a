//! Writing the site so that a reader never sees half of it, and so that nothing but a site is
//! ever replaced.
//!
//! The files are written to a temporary folder beside the output folder (`.NAME.new-PID`),
//! then swapped in with two renames (the old site is moved aside as `.NAME.old-PID`, the new
//! one moved in, the old one deleted). A build that fails at any point before the swap leaves
//! the previous site exactly as it was.
//!
//! Since the swap deletes the whole old folder, every site holds a marker, `.mobilize`: a
//! first line naming its format (`mobilize site 1`), then every file the build wrote, sorted,
//! one per line, so the same files give the same bytes. A non-empty folder is replaced only if
//! it holds the marker and no file the marker does not list: `-o .` cannot wipe a project,
//! and a note saved into a site is not deleted with it.
//!
//! Two builds into one folder at once would rename into each other's way, so a build holds an
//! exclusive lock on `.NAME.lock` beside the output (created once, then left in place) from
//! its check of the folder to the end of the swap, so that it never checks or replaces a
//! folder another build is swapping; a second build waits for the first. A build killed while
//! writing leaves its temporary folders behind, but the system releases its lock: the next
//! build, once it holds the lock, knows that no other build of this output is running and
//! removes every `.NAME.new-DIGITS` and `.NAME.old-DIGITS`.

use std::collections::BTreeSet;
use std::fs::{self, File};
use std::path::{Path, PathBuf};

use crate::error::{Error, Result};
use crate::progress::{self, Unit};
use crate::render::OutputFile;

/// The file, in every site, that lists the files of the site.
const MARKER: &str = ".mobilize";

/// The marker's first line: its format and the format's version.
const MARKER_FORMAT: &str = "mobilize site 1";

/// Writes `files`, and the marker listing them, as the folder `output`, replacing what was
/// there only once all are written.
pub fn write_site(output: &Path, files: &[OutputFile]) -> Result<()> {
    let (parent, name) = place(output)?;
    fs::create_dir_all(&parent).map_err(|e| Error::write(&parent, e))?;
    let _lock = lock(&parent.join(format!(".{name}.lock")))?;
    check_folder(output)?;
    remove_leftovers(&parent, &name)?;
    let staging = parent.join(format!(".{name}.new-{}", std::process::id()));
    let retired = parent.join(format!(".{name}.old-{}", std::process::id()));
    let result = write_all(&staging, files).and_then(|()| swap(&staging, output, &retired));
    if result.is_err() {
        let _ = fs::remove_dir_all(&staging);
    }
    result
}

/// Refuses, as [`write_site`] would, an `output` that has no folder name, that is a file, or
/// that is a non-empty folder without a `.mobilize` marker or with a file the marker does not
/// list. A missing or empty folder is fine.
pub fn check_replaceable(output: &Path) -> Result<()> {
    place(output)?;
    check_folder(output)
}

/// The folder that holds `output`, and the name of `output` in it.
fn place(output: &Path) -> Result<(PathBuf, String)> {
    let name = output.file_name().ok_or_else(|| {
        Error::Refused(format!(
            "{} is not a folder name for the site",
            output.display()
        ))
    })?;
    let parent = match output.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    Ok((parent, name.to_string_lossy().into_owned()))
}

/// Waits until no other build holds the lock file `path` (created if missing), then holds it
/// until the returned file is dropped.
fn lock(path: &Path) -> Result<File> {
    let file = File::options()
        .write(true)
        .create(true)
        .truncate(false)
        .open(path)
        .map_err(|e| Error::write(path, e))?;
    file.lock().map_err(|e| Error::write(path, e))?;
    Ok(file)
}

/// [`check_replaceable`] without the check of the name.
fn check_folder(output: &Path) -> Result<()> {
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
    if empty {
        return Ok(());
    }
    let listed = read_marker(output)?;
    let found = files_below(output)?;
    match found.iter().find(|f| *f != MARKER && !listed.contains(*f)) {
        Some(stray) => Err(refuse(
            output,
            &format!("it holds {stray}, which mobilize did not write"),
        )),
        None => Ok(()),
    }
}

/// The files listed by the marker of the folder `output`; refuses a folder without a marker
/// of this format.
fn read_marker(output: &Path) -> Result<BTreeSet<String>> {
    let path = output.join(MARKER);
    if !path.is_file() {
        return Err(refuse(
            output,
            "it holds no .mobilize marker, so it is not a site built by mobilize \
             (a site built by an older version of mobilize has none: delete it by hand)",
        ));
    }
    let bytes = fs::read(&path).map_err(|e| Error::read(&path, e))?;
    let text = String::from_utf8_lossy(&bytes);
    let mut lines = text.lines();
    if lines.next() != Some(MARKER_FORMAT) {
        return Err(refuse(
            output,
            &format!(
                "its .mobilize marker does not start with \"{MARKER_FORMAT}\", \
                 so this version of mobilize cannot tell which files it wrote"
            ),
        ));
    }
    Ok(lines.map(str::to_owned).collect())
}

fn refuse(output: &Path, reason: &str) -> Error {
    Error::Refused(format!(
        "refusing to replace {}: {reason}; choose another output folder",
        output.display()
    ))
}

/// Every file below `dir`, by its path from `dir` with `/` between folders. A symbolic link
/// counts as a file and is not followed.
fn files_below(dir: &Path) -> Result<BTreeSet<String>> {
    let mut found = BTreeSet::new();
    collect_files(dir, "", &mut found)?;
    Ok(found)
}

fn collect_files(dir: &Path, prefix: &str, found: &mut BTreeSet<String>) -> Result<()> {
    for entry in fs::read_dir(dir).map_err(|e| Error::read(dir, e))? {
        let entry = entry.map_err(|e| Error::read(dir, e))?;
        let path = format!("{prefix}{}", entry.file_name().to_string_lossy());
        let kind = entry
            .file_type()
            .map_err(|e| Error::read(&entry.path(), e))?;
        if kind.is_dir() {
            collect_files(&entry.path(), &format!("{path}/"), found)?;
        } else {
            found.insert(path);
        }
    }
    Ok(())
}

/// Removes the temporary folders that builds of the site `name` killed while writing left in
/// `parent`. Called with the lock held, so none of those builds is still running.
fn remove_leftovers(parent: &Path, name: &str) -> Result<()> {
    for entry in fs::read_dir(parent).map_err(|e| Error::read(parent, e))? {
        let entry = entry.map_err(|e| Error::read(parent, e))?;
        let is_dir = entry.file_type().is_ok_and(|kind| kind.is_dir());
        let file_name = entry.file_name();
        if is_dir && file_name.to_str().is_some_and(|f| is_leftover(f, name)) {
            let path = entry.path();
            fs::remove_dir_all(&path).map_err(|e| Error::write(&path, e))?;
        }
    }
    Ok(())
}

/// Whether `file_name` is `.NAME.new-DIGITS` or `.NAME.old-DIGITS` for the site `name`.
fn is_leftover(file_name: &str, name: &str) -> bool {
    let rest = file_name
        .strip_prefix('.')
        .and_then(|f| f.strip_prefix(name))
        .and_then(|f| f.strip_prefix('.'));
    let pid = rest.and_then(|r| r.strip_prefix("new-").or_else(|| r.strip_prefix("old-")));
    pid.is_some_and(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()))
}

/// The marker of a site of `files`: the format line, then each file's path, sorted, one per
/// line.
fn marker(files: &[OutputFile]) -> String {
    let paths: BTreeSet<&str> = files.iter().map(|f| f.path.as_str()).collect();
    let mut text = format!("{MARKER_FORMAT}\n");
    for path in paths {
        text.push_str(path);
        text.push('\n');
    }
    text
}

/// Writes `files`, and the marker listing them, into the new folder `staging`.
fn write_all(staging: &Path, files: &[OutputFile]) -> Result<()> {
    let marker = OutputFile {
        path: MARKER.into(),
        bytes: marker(files).into_bytes(),
    };
    let step = progress::start("files", Unit::Files, files.len() as u64 + 1);
    for file in files.iter().chain([&marker]) {
        let path = staging.join(&file.path);
        if let Some(dir) = path.parent() {
            fs::create_dir_all(dir).map_err(|e| Error::write(dir, e))?;
        }
        fs::write(&path, &file.bytes).map_err(|e| Error::write(&path, e))?;
        step.advance(1);
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
    use std::thread;
    use std::time::Duration;

    fn file(path: &str, text: &str) -> OutputFile {
        OutputFile {
            path: path.into(),
            bytes: text.as_bytes().to_vec(),
        }
    }

    /// Every file below `dir` with its text, by path.
    fn contents(dir: &Path) -> Vec<(String, String)> {
        files_below(dir)
            .unwrap()
            .into_iter()
            .map(|f| (f.clone(), fs::read_to_string(dir.join(&f)).unwrap()))
            .collect()
    }

    /// The names in `dir`, sorted.
    fn names(dir: &Path) -> Vec<String> {
        let mut names: Vec<_> = fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    }

    fn pairs(items: &[(&str, &str)]) -> Vec<(String, String)> {
        items
            .iter()
            .map(|(a, b)| (a.to_string(), b.to_string()))
            .collect()
    }

    #[test]
    fn replaces_a_site_and_leaves_only_the_lock_beside_it() {
        let dir = tempfile::tempdir().unwrap();
        let site = dir.path().join("site");
        write_site(&site, &[file("report.json", "1"), file("old.txt", "x")]).unwrap();
        write_site(
            &site,
            &[file("report.json", "2"), file("charts/a.svg", "<svg/>")],
        )
        .unwrap();
        assert_eq!(
            contents(&site),
            pairs(&[
                (".mobilize", "mobilize site 1\ncharts/a.svg\nreport.json\n"),
                ("charts/a.svg", "<svg/>"),
                ("report.json", "2"),
            ])
        );
        assert_eq!(names(dir.path()), [".site.lock", "site"]);
    }

    #[test]
    fn the_marker_has_the_same_bytes_for_the_same_files() {
        let one = marker(&[file("b.svg", "1"), file("a/c.csv", "2")]);
        let other = marker(&[file("a/c.csv", "3"), file("b.svg", "4")]);
        assert_eq!(one, "mobilize site 1\na/c.csv\nb.svg\n");
        assert_eq!(one, other);
    }

    #[test]
    fn replaces_an_empty_folder() {
        let dir = tempfile::tempdir().unwrap();
        let site = dir.path().join("site");
        fs::create_dir(&site).unwrap();
        write_site(&site, &[file("report.json", "1")]).unwrap();
        assert_eq!(
            contents(&site),
            pairs(&[
                (".mobilize", "mobilize site 1\nreport.json\n"),
                ("report.json", "1"),
            ])
        );
    }

    #[test]
    fn refuses_a_folder_without_a_marker_even_with_a_report_json() {
        let dir = tempfile::tempdir().unwrap();
        let project = dir.path().join("project");
        fs::create_dir(&project).unwrap();
        fs::write(project.join("thesis.md"), "precious").unwrap();
        fs::write(project.join("report.json"), "{}").unwrap();
        let err = write_site(&project, &[file("report.json", "1")]).unwrap_err();
        assert_eq!(
            err.to_string(),
            format!(
                "refusing to replace {}: it holds no .mobilize marker, so it is not a site built \
                 by mobilize (a site built by an older version of mobilize has none: delete it \
                 by hand); choose another output folder",
                project.display()
            )
        );
        assert_eq!(
            check_replaceable(&project).unwrap_err().to_string(),
            err.to_string()
        );
        assert_eq!(
            contents(&project),
            pairs(&[("report.json", "{}"), ("thesis.md", "precious")])
        );
    }

    #[test]
    fn refuses_a_site_holding_a_file_mobilize_did_not_write() {
        let dir = tempfile::tempdir().unwrap();
        let site = dir.path().join("site");
        write_site(
            &site,
            &[file("report.json", "1"), file("charts/a.svg", "s")],
        )
        .unwrap();
        fs::write(site.join("thesis.md"), "precious").unwrap();
        fs::write(site.join("charts/notes.md"), "mine").unwrap();
        let err = write_site(&site, &[file("report.json", "2")]).unwrap_err();
        assert_eq!(
            err.to_string(),
            format!(
                "refusing to replace {}: it holds charts/notes.md, which mobilize did not write; \
                 choose another output folder",
                site.display()
            )
        );
        assert_eq!(
            contents(&site),
            pairs(&[
                (".mobilize", "mobilize site 1\ncharts/a.svg\nreport.json\n"),
                ("charts/a.svg", "s"),
                ("charts/notes.md", "mine"),
                ("report.json", "1"),
                ("thesis.md", "precious"),
            ])
        );
    }

    #[test]
    fn refuses_a_marker_of_another_format() {
        let dir = tempfile::tempdir().unwrap();
        let site = dir.path().join("site");
        fs::create_dir(&site).unwrap();
        fs::write(site.join(".mobilize"), "mobilize site 2\nreport.json\n").unwrap();
        fs::write(site.join("report.json"), "1").unwrap();
        let err = check_replaceable(&site).unwrap_err().to_string();
        assert_eq!(
            err,
            format!(
                "refusing to replace {}: its .mobilize marker does not start with \
                 \"mobilize site 1\", so this version of mobilize cannot tell which files it \
                 wrote; choose another output folder",
                site.display()
            )
        );
    }

    #[test]
    fn refuses_a_file_where_the_site_goes() {
        let dir = tempfile::tempdir().unwrap();
        let site = dir.path().join("site");
        fs::write(&site, "x").unwrap();
        let err = write_site(&site, &[file("report.json", "1")]).unwrap_err();
        assert_eq!(
            err.to_string(),
            format!(
                "refusing to replace {}: it is a file, expected a folder for the site",
                site.display()
            )
        );
        assert_eq!(fs::read_to_string(&site).unwrap(), "x");
    }

    #[test]
    fn removes_the_leftovers_of_killed_builds_of_this_site_only() {
        let dir = tempfile::tempdir().unwrap();
        for name in [
            ".site.new-999999/charts",
            ".site.old-999999",
            ".site.new-",
            ".site.new-12a",
            ".other.new-1",
            ".sites.old-1",
        ] {
            fs::create_dir_all(dir.path().join(name)).unwrap();
        }
        fs::write(dir.path().join(".site.old-999999/report.json"), "0").unwrap();
        fs::write(dir.path().join(".site.new-7"), "a file").unwrap();
        write_site(&dir.path().join("site"), &[file("report.json", "1")]).unwrap();
        assert_eq!(
            names(dir.path()),
            [
                ".other.new-1",
                ".site.lock",
                ".site.new-",
                ".site.new-12a",
                ".site.new-7",
                ".sites.old-1",
                "site"
            ]
        );
    }

    #[test]
    fn waits_for_a_running_build_before_touching_anything() {
        let dir = tempfile::tempdir().unwrap();
        let site = dir.path().join("site");
        let running = lock(&dir.path().join(".site.lock")).unwrap();
        fs::create_dir(dir.path().join(".site.new-999999")).unwrap();
        let waiting = {
            let site = site.clone();
            thread::spawn(move || write_site(&site, &[file("report.json", "1")]))
        };
        thread::sleep(Duration::from_millis(300));
        assert_eq!(names(dir.path()), [".site.lock", ".site.new-999999"]);
        drop(running);
        waiting.join().unwrap().unwrap();
        assert_eq!(names(dir.path()), [".site.lock", "site"]);
    }

    #[test]
    fn concurrent_writes_into_one_folder_all_succeed() {
        let dir = tempfile::tempdir().unwrap();
        let site = dir.path().join("site");
        for _round in 0..30 {
            let writers: Vec<_> = (0..4)
                .map(|n| {
                    let site = site.clone();
                    let text = n.to_string();
                    thread::spawn(move || {
                        write_site(&site, &[file("a.txt", &text), file("b/c.txt", &text)])
                    })
                })
                .collect();
            for writer in writers {
                writer.join().unwrap().unwrap();
            }
            let text = fs::read_to_string(site.join("a.txt")).unwrap();
            assert_eq!(
                contents(&site),
                pairs(&[
                    (".mobilize", "mobilize site 1\na.txt\nb/c.txt\n"),
                    ("a.txt", &text),
                    ("b/c.txt", &text),
                ])
            );
            assert_eq!(names(dir.path()), [".site.lock", "site"]);
        }
    }
}
