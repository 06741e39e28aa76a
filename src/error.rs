//! The errors a build or check can end with.
//!
//! Every error is meant for a person at a terminal: it says which file (and where in it),
//! what was found and what was expected. Data problems are collected rather than returned at
//! the first one, so that `check` can list them all in one pass.

use std::fmt;
use std::path::{Path, PathBuf};

/// One rejected value in an input file, located as `FILE:LINE:COLUMN`.
///
/// `column` is the 1-based CSV column (field) number; it is absent when the problem concerns
/// the whole row or file. `line` is 0 for a problem located by a JSON path, which then opens
/// the message (`FILE: messages[3].date_unixtime: found ...`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// The input file's path as the loader opened it (resolved against the config's folder).
    pub file: String,
    /// 1-based physical line the rejected row or field starts on; 0 when the problem is
    /// located by a JSON path instead.
    pub line: u64,
    /// 1-based field number in the row (for a file that is not JSON, serde_json's character
    /// column); `None` for a problem with the whole row or file.
    pub column: Option<usize>,
    /// What was found and what was expected (`FIELD: found ..., expected ...` when one field
    /// or JSON path is at fault), unescaped: [`Display`](fmt::Display) escapes it.
    pub message: String,
}

/// The problem as a person reads it, with any control character from the data shown as its
/// code ([`crate::escape::controls`]), so a message cannot drive the terminal.
impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let file = crate::escape::controls(&self.file);
        let message = crate::escape::controls(&self.message);
        match self.column {
            Some(column) => write!(f, "{file}:{}:{column}: {message}", self.line),
            None if self.line == 0 => write!(f, "{file}: {message}"),
            None => write!(f, "{file}:{}: {message}", self.line),
        }
    }
}

/// Why a command failed.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The config file is missing, malformed, or names something that does not exist.
    #[error("{location}: {message}")]
    Config {
        /// Printed before the message: `FILE:LINE[:COLUMN]`, a file alone, or a config key
        /// (`clusters.k`) that [`crate::Config::locate`] turns into `report.yaml:LINE`.
        location: String,
        /// What was found and what was expected there.
        message: String,
    },

    /// An input file could not be read at all.
    #[error("cannot read {}", path.display())]
    Read {
        /// The file or folder as opened, resolved against the config's folder.
        path: PathBuf,
        /// The operating system's reason (not found, permission denied, ...).
        #[source]
        source: std::io::Error,
    },

    /// Rows of the inputs were rejected; `check` lists them, `build` refuses to build.
    #[error("{} {} in the input data", problems.len(), if problems.len() == 1 { "problem" } else { "problems" })]
    Data {
        /// Every rejected value of every input, in reading order; never empty.
        problems: Vec<Problem>,
    },

    /// A template (built-in or the study's own) failed to parse or render.
    #[error("template {name}")]
    Template {
        /// The template's name, e.g. `report.html` or `partials/table.md`; a study's own copy
        /// of it is `templates/NAME` beside the config.
        name: String,
        /// Tera's parse or render error, with the line in the template.
        #[source]
        source: tera::Error,
    },

    /// A chart could not be drawn.
    #[error("chart {name}: {message}")]
    Chart {
        /// The chart's title.
        name: String,
        /// The drawing backend's error, as text.
        message: String,
    },

    /// The output folder could not be written or swapped into place.
    #[error("cannot write {}", path.display())]
    Write {
        /// The file, folder or lock file that could not be created, written or renamed.
        path: PathBuf,
        /// The operating system's reason.
        #[source]
        source: std::io::Error,
    },

    /// The output folder is not one this tool may replace, or `init` found a non-empty folder.
    #[error("{0}")]
    Refused(String),
}

impl Error {
    /// An [`Error::Config`] at `location` (a `FILE:LINE`, a file, or a config key such as
    /// `accounts.ratios[0].numerator`).
    pub fn config(location: impl Into<String>, message: impl Into<String>) -> Error {
        Error::Config {
            location: location.into(),
            message: message.into(),
        }
    }

    /// An [`Error::Read`] of `path`, which is kept as given.
    pub fn read(path: &Path, source: std::io::Error) -> Error {
        Error::Read {
            path: path.to_path_buf(),
            source,
        }
    }

    /// An [`Error::Write`] of `path`, which is kept as given.
    pub fn write(path: &Path, source: std::io::Error) -> Error {
        Error::Write {
            path: path.to_path_buf(),
            source,
        }
    }
}

/// A result whose error defaults to this crate's [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;
