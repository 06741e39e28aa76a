//! The `mobilize` command line: parse the arguments, call the library, report the outcome.
//!
//! Exit statuses: 0 success; 1 bad data or config, or a refused output folder (the message
//! names the file, line, column or field); 2 bad usage (from clap). Progress bars go to
//! stderr only when it is a terminal and `--quiet` is not given: a bar over the build's
//! phases and, below it, one for the step under way, both drawn from the library's
//! `progress` events. `--timings` prints each stage's time and the peak memory after the
//! work, to stderr, whether or not it is a terminal. A closed stdout or stderr
//! (`mobilize check 2>&1 | head -1`) is not an error: what cannot be written is dropped and
//! the command ends with the status it would have had.

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::{Arc, Mutex};

use clap::{Parser, Subcommand};
use indicatif::{MultiProgress, ProgressBar, ProgressDrawTarget, ProgressStyle};
use mobilize::progress::{self, Event, Kind, Level, Sink, Timings};

/// How many data problems `check` and `build` print before summarising the rest.
const PROBLEM_LIMIT: usize = 50;

#[derive(Parser)]
#[command(
    name = "mobilize",
    version,
    about = "Static reports for research on political mobilization through social media"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
    /// Print nothing but errors: no progress bars, no notices, no summary.
    #[arg(long, short, global = true)]
    quiet: bool,
}

#[derive(Subcommand)]
enum Command {
    /// Build the site (HTML, Markdown, SVG, CSV, report.json) from the study's config.
    Build {
        /// The study's config file.
        #[arg(short, long, default_value = "report.yaml")]
        config: PathBuf,
        /// The output folder (default: the config's `output`, relative to the config).
        #[arg(short, long)]
        output: Option<PathBuf>,
        /// An earlier site (or its report.json): add the changes since it as a page.
        #[arg(long)]
        since: Option<PathBuf>,
        /// After the build, print each stage's wall time and the peak memory to stderr.
        #[arg(long)]
        timings: bool,
        /// Memory the counting of n-grams may hold before it spills sorted runs to disk, as
        /// 4G, 512M or bytes.
        #[arg(long, value_name = "SIZE", default_value_t = mobilize::MemoryBudget::DEFAULT)]
        memory_budget: mobilize::MemoryBudget,
    },
    /// Load and validate every input; print what was read and rejected; write nothing.
    Check {
        /// The study's config file.
        #[arg(short, long, default_value = "report.yaml")]
        config: PathBuf,
        /// After the check, print each stage's wall time and the peak memory to stderr.
        #[arg(long)]
        timings: bool,
        /// Memory the counting of n-grams may hold before it spills sorted runs to disk, as
        /// 4G, 512M or bytes.
        #[arg(long, value_name = "SIZE", default_value_t = mobilize::MemoryBudget::DEFAULT)]
        memory_budget: mobilize::MemoryBudget,
    },
    /// Compare two built sites (or two report.json files): print what changed, as Markdown.
    /// Exit 0 when nothing changed, 1 when something did, 2 on trouble.
    Diff {
        /// The earlier site (or its report.json).
        old: PathBuf,
        /// The later site (or its report.json).
        new: PathBuf,
        /// Also write changes.md and changes.html into this folder.
        #[arg(short, long)]
        output: Option<PathBuf>,
    },
    /// Write a starter report.yaml, with every key commented, and an empty data layout.
    Init {
        /// The folder of the new study; it must be missing or empty.
        dir: PathBuf,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let outcome = match &cli.command {
        Command::Build {
            config,
            output,
            since,
            timings,
            memory_budget,
        } => watched(cli.quiet, *timings, || {
            build(
                config,
                output.as_deref(),
                since.as_deref(),
                *memory_budget,
                cli.quiet,
            )
        }),
        Command::Check {
            config,
            timings,
            memory_budget,
        } => watched(cli.quiet, *timings, || {
            check(config, *memory_budget, cli.quiet)
        }),
        Command::Init { dir } => init(dir, cli.quiet),
        Command::Diff { old, new, output } => {
            return match diff(old, new, output.as_deref()) {
                Ok(code) => code,
                Err(err) => {
                    report_error(&err);
                    ExitCode::from(2)
                }
            };
        }
    };
    match outcome {
        Ok(code) => code,
        Err(err) => {
            report_error(&err);
            ExitCode::from(1)
        }
    }
}

fn diff(old: &Path, new: &Path, output: Option<&Path>) -> mobilize::Result<ExitCode> {
    use mobilize::diff;
    let changes = diff::diff(&diff::read_report(old)?, &diff::read_report(new)?)?;
    let text = diff::markdown(
        &old.display().to_string(),
        &new.display().to_string(),
        &changes,
    );
    let text = mobilize::escape::controls(&text).into_owned();
    if let Some(dir) = output {
        std::fs::create_dir_all(dir).map_err(|source| mobilize::Error::write(dir, source))?;
        let write = |name: &str, bytes: &[u8]| {
            let path = dir.join(name);
            std::fs::write(&path, bytes).map_err(|source| mobilize::Error::write(&path, source))
        };
        write("changes.md", text.as_bytes())?;
        write(
            "changes.html",
            mobilize::render::changes_html(&text).as_bytes(),
        )?;
    }
    let _ = std::io::stdout().lock().write_all(text.as_bytes());
    Ok(ExitCode::from(if diff::changed(&changes) { 1 } else { 0 }))
}

fn build(
    config: &Path,
    output: Option<&Path>,
    since: Option<&Path>,
    budget: mobilize::MemoryBudget,
    quiet: bool,
) -> mobilize::Result<ExitCode> {
    let built = mobilize::build_since(config, output, since, budget, &mut |_| {})?;
    if !quiet {
        for notice in &built.notices {
            say(format!("notice: {notice}"));
        }
        say(format!(
            "built {} ({} files)",
            built.output.display(),
            built.files
        ));
    }
    Ok(ExitCode::SUCCESS)
}

/// Runs `work` with the progress sinks it needs installed: bars when stderr is a terminal
/// and `quiet` is off, a timer with `timings` (its table printed after the work, even when
/// it failed, since the table says how far it got).
fn watched(
    quiet: bool,
    timings: bool,
    work: impl FnOnce() -> mobilize::Result<ExitCode>,
) -> mobilize::Result<ExitCode> {
    let bars = (!quiet && std::io::stderr().is_terminal()).then(Bars::new);
    let timer = timings.then(|| Arc::new(Timings::default()));
    if bars.is_some() || timer.is_some() {
        progress::install(Arc::new(Watchers {
            bars,
            timer: timer.clone(),
        }));
    }
    let outcome = work();
    progress::uninstall();
    if let Some(timer) = timer {
        let table = progress::timings_table(&timer.stages());
        let _ = std::io::stderr().lock().write_all(table.as_bytes());
    }
    outcome
}

/// The sinks of one command: bars, a timer, or both.
struct Watchers {
    bars: Option<Bars>,
    timer: Option<Arc<Timings>>,
}

impl Sink for Watchers {
    fn event(&self, event: &Event) {
        if let Some(bars) = &self.bars {
            bars.event(event);
        }
        if let Some(timer) = &self.timer {
            timer.event(event);
        }
    }
}

/// A bar over the build's phases and, under it, one for the step under way; each is cleared
/// when its stage finishes, so nothing is left on the terminal when the work is done.
struct Bars {
    lines: MultiProgress,
    shown: Mutex<Shown>,
}

#[derive(Default)]
struct Shown {
    phases_begun: u64,
    phase: Option<ProgressBar>,
    step: Option<ProgressBar>,
}

impl Bars {
    fn new() -> Bars {
        Bars {
            lines: MultiProgress::with_draw_target(ProgressDrawTarget::stderr()),
            shown: Mutex::new(Shown::default()),
        }
    }

    fn bar(&self, total: u64, template: &str) -> ProgressBar {
        let bar = self.lines.add(ProgressBar::new(total));
        if let Ok(style) = ProgressStyle::with_template(template) {
            bar.set_style(style);
        }
        bar
    }

    fn clear(&self, bar: Option<ProgressBar>) {
        if let Some(bar) = bar {
            bar.finish_and_clear();
            self.lines.remove(&bar);
        }
    }
}

impl Sink for Bars {
    fn event(&self, event: &Event) {
        let mut shown = self.shown.lock().unwrap_or_else(|e| e.into_inner());
        match (event.level, event.kind) {
            (Level::Phase, Kind::Start) => {
                shown.phases_begun += 1;
                let bar = self.bar(mobilize::STAGES.len() as u64, "{bar:30} {pos}/{len} {msg}");
                bar.set_position(shown.phases_begun);
                bar.set_message(event.name);
                shown.phase = Some(bar);
            }
            (Level::Phase, Kind::Finish) => self.clear(shown.phase.take()),
            (Level::Step, Kind::Start) => {
                let bar = if event.total == 0 {
                    // No total to fill: the spinner turns on its own, so that a long step
                    // with nothing to count yet (the linkage) still shows it is at work.
                    let bar = self.bar(0, "  {msg:<13} {spinner} {human_pos} {prefix} ({elapsed})");
                    bar.enable_steady_tick(std::time::Duration::from_millis(120));
                    bar
                } else {
                    self.bar(
                        event.total,
                        "  {msg:<13} {bar:28} {human_pos}/{human_len} {prefix} ({elapsed}, {eta} left)",
                    )
                };
                bar.set_prefix(event.unit.as_str());
                bar.set_message(event.name);
                shown.step = Some(bar);
            }
            (Level::Step, Kind::Advance) => {
                if let Some(bar) = &shown.step {
                    bar.set_position(event.done);
                }
            }
            (Level::Step, Kind::Finish) => self.clear(shown.step.take()),
            (Level::Phase, Kind::Advance) => {}
        }
    }
}

fn check(config: &Path, budget: mobilize::MemoryBudget, quiet: bool) -> mobilize::Result<ExitCode> {
    let checked = mobilize::check_within(config, budget)?;
    let mut out = std::io::stdout().lock();
    let mut lines = Vec::new();
    for input in &checked.inputs {
        lines.push(format!(
            "{}: {} ({} rows, {} rejected)",
            input.kind.as_str(),
            input.path,
            input.rows,
            input.rejected
        ));
        if let Some(read_as) = &input.read_as {
            lines.push(format!("  read as {}", read_as.description));
            if !read_as.unused_columns.is_empty() {
                lines.push(format!("  not read: {}", read_as.unused_columns.join(", ")));
            }
        }
    }
    if !quiet {
        lines.extend(checked.notices.iter().map(|n| format!("notice: {n}")));
    }
    for line in lines {
        if writeln!(out, "{}", mobilize::escape::controls(&line)).is_err() {
            break;
        }
    }
    if checked.problems.is_empty() {
        return Ok(ExitCode::SUCCESS);
    }
    print_problems(&checked.problems);
    Ok(ExitCode::from(1))
}

fn init(dir: &Path, quiet: bool) -> mobilize::Result<ExitCode> {
    let written = mobilize::init::init(dir)?;
    if !quiet {
        for path in written {
            say(format!("wrote {}", path.display()));
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// Writes a line to stderr, control characters from the data shown as their codes; a closed
/// stderr drops it.
fn say(line: impl std::fmt::Display) {
    let line = line.to_string();
    let _ = writeln!(
        std::io::stderr().lock(),
        "{}",
        mobilize::escape::controls(&line)
    );
}

fn print_problems(problems: &[mobilize::Problem]) {
    for problem in problems.iter().take(PROBLEM_LIMIT) {
        say(problem);
    }
    if problems.len() > PROBLEM_LIMIT {
        say(format!(
            "... and {} more problems",
            problems.len() - PROBLEM_LIMIT
        ));
    }
    let noun = if problems.len() == 1 {
        "problem"
    } else {
        "problems"
    };
    say(format!(
        "error: {} {noun} in the input data",
        problems.len()
    ));
}

/// Prints the error, then each cause on its own `Caused by:` line.
fn report_error(err: &mobilize::Error) {
    if let mobilize::Error::Data { problems } = err {
        print_problems(problems);
        say("nothing was written");
        return;
    }
    say(format!("error: {err}"));
    let mut source = std::error::Error::source(err);
    while let Some(cause) = source {
        say(format!("Caused by: {cause}"));
        source = cause.source();
    }
}
