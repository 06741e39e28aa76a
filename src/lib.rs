//! mobilize: from a study's exports (posts, account and video statistics, protest events) to
//! a static, diffable report.
//!
//! The pipeline reads top to bottom, each stage a plain function over the previous stage's
//! value: [`Config::load`] -> [`load::read_inputs`] -> [`report::analyse`] ->
//! [`render::render`] -> [`output::write_site`]. Analyses never read files and renderers
//! never compute figures: a number on a page is a number in `report.json`.

#![deny(missing_docs)]

pub mod authors;
pub mod budget;
pub mod cluster;
pub mod config;
pub mod datafile;
pub mod diff;
pub mod error;
pub mod escape;
pub mod format;
pub mod init;
pub mod load;
pub mod media;
pub mod memory;
pub mod model;
pub mod narrative;
pub mod output;
pub mod progress;
pub mod protests;
pub mod read;
pub mod render;
pub mod report;
pub mod reproduce;
pub mod sparse;
pub mod text;
pub mod timeline;

use std::path::{Path, PathBuf};

pub use budget::MemoryBudget;
pub use config::Config;
pub use error::{Error, Problem, Result};
use load::InputSummary;
pub use report::Report;

/// The stages of a build, in order, as progress reports name them.
pub const STAGES: [&str; 5] = ["config", "load", "analyse", "render", "write"];

/// What a finished build wrote.
#[derive(Debug)]
pub struct Built {
    /// Folder the site was written to: `-o` when given, else the config's `output` resolved
    /// against the config's folder.
    pub output: PathBuf,
    /// Number of rendered files written, `changes.html`/`changes.md` included and the
    /// `.mobilize` marker not.
    pub files: usize,
    /// The report's notices (skipped config keys, input remarks, analysis remarks), as in
    /// report.json; `build` prints each as `notice: ...`.
    pub notices: Vec<String>,
}

/// Builds the site of the study `config_path` into `output` (default: the config's
/// `output`). `stage` is told the name of each stage as it starts.
pub fn build(
    config_path: &Path,
    output: Option<&Path>,
    stage: &mut dyn FnMut(&str),
) -> Result<Built> {
    build_since(config_path, output, None, MemoryBudget::DEFAULT, stage)
}

/// As [`build`], and with `since` (an earlier site or its report.json) the change report
/// from it to this build is added to the site as `changes.html` and `changes.md`, linked from
/// the index. The counting of n-grams holds at most `budget` in memory and spills the rest
/// to disk.
pub fn build_since(
    config_path: &Path,
    output: Option<&Path>,
    since: Option<&Path>,
    budget: MemoryBudget,
    stage: &mut dyn FnMut(&str),
) -> Result<Built> {
    let mut stages = Stages::new(stage);
    stages.enter("config");
    let config = Config {
        memory_budget: budget,
        ..Config::load(config_path)?
    };
    let earlier = since.map(diff::read_report).transpose()?;
    stages.enter("load");
    let reading = load::read_inputs(&config)?;
    if !reading.problems.is_empty() {
        return Err(Error::Data {
            problems: reading.problems,
        });
    }
    let earlier = earlier.as_ref().zip(since);
    let (files, notices) = site(&config, reading.inputs, earlier, &mut stages)?;
    stages.enter("write");
    let output = output.map_or_else(|| config.resolve(&config.output), Path::to_path_buf);
    output::write_site(&output, &files)?;
    Ok(Built {
        output,
        files: files.len(),
        notices,
    })
}

/// The phases of a build as they begin: each told to the caller's callback and, as a
/// [`progress::phase`], to the progress sink; the one under way ends when the next begins.
struct Stages<'a> {
    tell: &'a mut dyn FnMut(&str),
    current: Option<progress::Progress>,
}

impl<'a> Stages<'a> {
    fn new(tell: &'a mut dyn FnMut(&str)) -> Self {
        Stages {
            tell,
            current: None,
        }
    }

    fn enter(&mut self, name: &'static str) {
        self.current = None;
        (self.tell)(name);
        self.current = Some(progress::phase(name));
    }
}

/// Every file of the site, rendered in memory, and the notices of the analyses: all that a
/// build does but writing, so that `check` finds every problem `build` would. An error at a
/// key of the config names its line.
fn site(
    config: &Config,
    inputs: load::Inputs,
    earlier: Option<(&report::Report, &Path)>,
    stages: &mut Stages,
) -> Result<(Vec<render::OutputFile>, Vec<String>)> {
    stages.enter("analyse");
    let report = report::analyse(config, inputs).map_err(|e| config.locate(e))?;
    stages.enter("render");
    let templates = config.resolve(Path::new("templates"));
    let mut files = render::render(
        &report,
        Some(&templates),
        earlier.is_some(),
        &config.section_order(),
        config.exports,
    )
    .map_err(|e| config.locate(e))?;
    if let Some((earlier, since)) = earlier {
        let changes = diff::diff(earlier, &report)?;
        let text = diff::markdown(&since.display().to_string(), "this build", &changes);
        files.push(render::OutputFile {
            path: "changes.html".into(),
            bytes: render::changes_html(&text).into_bytes(),
        });
        files.push(render::OutputFile {
            path: "changes.md".into(),
            bytes: text.into_bytes(),
        });
    }
    render::make_inert(&mut files);
    Ok((files, report.notices))
}

/// What `check` found: every input read, every problem, and the sections skipped.
#[derive(Debug)]
pub struct Checked {
    /// One summary per input file read (path, rows, rejected rows, layout), in reading order.
    pub inputs: Vec<InputSummary>,
    /// Every rejected value of every input, in reading order; empty when the inputs are valid.
    pub problems: Vec<Problem>,
    /// Config and input notices; the analyses' notices too, but only when `problems` is empty
    /// (the analyses are not run otherwise).
    pub notices: Vec<String>,
}

/// Loads and validates every input of the study and, when they are valid, computes and
/// renders the site in memory and checks that its output folder may be replaced: every
/// problem `build` would find, without writing anything.
pub fn check(config_path: &Path) -> Result<Checked> {
    check_within(config_path, MemoryBudget::DEFAULT)
}

/// As [`check`], the counting of n-grams holding at most `budget` in memory.
pub fn check_within(config_path: &Path, budget: MemoryBudget) -> Result<Checked> {
    let mut silent = |_: &str| {};
    let mut stages = Stages::new(&mut silent);
    stages.enter("config");
    let config = Config {
        memory_budget: budget,
        ..Config::load(config_path)?
    };
    stages.enter("load");
    let reading = load::read_inputs(&config)?;
    let inputs = reading.inputs.summaries.clone();
    let mut notices = config.skipped_sections();
    notices.extend(reading.inputs.notices.iter().cloned());
    if reading.problems.is_empty() {
        // The analyses' notices hold the config's and the inputs' as well.
        (_, notices) = site(&config, reading.inputs, None, &mut stages)?;
        output::check_replaceable(&config.resolve(&config.output))?;
    }
    Ok(Checked {
        inputs,
        problems: reading.problems,
        notices,
    })
}
