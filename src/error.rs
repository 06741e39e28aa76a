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
    pub file: String,
    pub line: u64,
    pub column: Option<usize>,
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
    Config { location: String, message: String },

    /// An input file could not be read at all.
    #[error("cannot read {}", path.display())]
    Read {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },

    /// Rows of the inputs were rejected; `check` lists them, `build` refuses to build.
    #[error("{} {} in the input data", problems.len(), if problems.len() == 1 { "problem" } else { "problems" })]
    Data { problems: Vec<Problem> },

    /// A template (built-in or the study's own) failed to parse or render.
    #[error("template {name}")]
    Template {
        name: String,
        #[source]
        source: tera::Error,
    },

    /// A chart could not be drawn.
    #[error("chart {name}: {message}")]
    Chart { name: String, message: String },

    /// The output folder could not be written or swapped into place.
    #[error("cannot write {}", path.display())]
    Write {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },

    /// The output folder is not one this tool may replace, or `init` found a non-empty folder.
    #[error("{0}")]
    Refused(String),
}

impl Error {
    pub fn config(location: impl Into<String>, message: impl Into<String>) -> Error {
        Error::Config {
            location: location.into(),
            message: message.into(),
        }
    }

    pub fn read(path: &Path, source: std::io::Error) -> Error {
        Error::Read {
            path: path.to_path_buf(),
            source,
        }
    }

    pub fn write(path: &Path, source: std::io::Error) -> Error {
        Error::Write {
            path: path.to_path_buf(),
            source,
        }
    }
}

pub type Result<T, E = Error> = std::result::Result<T, E>;
