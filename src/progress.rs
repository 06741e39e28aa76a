//! Progress of long work, told to whoever watches: the command line draws bars from it and
//! `--timings` times each stage with it; the library only says what it is doing.
//!
//! Stages call [`phase`] (the five steps of a build, from `lib.rs`) or [`start`] (a loop
//! inside one: posts tokenised, pairs of distances, merges) and [`Progress::advance`] as they
//! go; the handle finishes when dropped. Everything goes to one process-wide [`Sink`], so no
//! signature carries a progress argument. With no sink installed (library use, tests) a stage
//! costs one relaxed atomic load and each advance a branch.
//!
//! Progress never affects output: nothing here is read back by the analyses, and every event
//! is sent after the work it counts. Only one step is shown at a time: a step started while
//! another runs (the distances inside each stability run, in parallel) is silent, so the bar
//! counts what the outer step promised (runs, not their pairs). A sink hears a step's advances
//! at most every [`REPORT_EVERY`], from whichever thread crosses the moment.

use std::fmt::Write as _;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex, RwLock};
use std::time::{Duration, Instant};

/// The shortest interval between two advances a sink hears of one step.
pub const REPORT_EVERY: Duration = Duration::from_millis(50);

/// What a step counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unit {
    /// Nothing counted: a build's phase.
    None,
    /// Posts (documents, rows of the matrix).
    Posts,
    /// Distinct words.
    Words,
    /// Passes over the corpus.
    Passes,
    /// Association targets.
    Targets,
    /// Pairs of posts.
    Pairs,
    /// Merges of the tree.
    Merges,
    /// Resampling runs.
    Runs,
    /// Preprocessing variants.
    Variants,
    /// Charts drawn.
    Charts,
    /// Files written.
    Files,
    /// Rows of the data files beside `report.json`, or of the CSV tables.
    Rows,
    /// Sections of the page laid out.
    Sections,
}

impl Unit {
    /// The unit as bars and the timings table write it.
    pub fn as_str(self) -> &'static str {
        match self {
            Unit::None => "",
            Unit::Posts => "posts",
            Unit::Words => "words",
            Unit::Passes => "passes",
            Unit::Targets => "targets",
            Unit::Pairs => "pairs",
            Unit::Merges => "merges",
            Unit::Runs => "runs",
            Unit::Variants => "variants",
            Unit::Charts => "charts",
            Unit::Files => "files",
            Unit::Rows => "rows",
            Unit::Sections => "sections",
        }
    }
}

/// A phase of a build (config, load, analyse, render, write) or a step inside one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Level {
    /// One of `mobilize::STAGES`.
    Phase,
    /// A loop inside a phase.
    Step,
}

/// What happened to a stage.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// It began; `done` is 0.
    Start,
    /// It has done `done` of `total`.
    Advance,
    /// It ended, having done `done`.
    Finish,
}

/// One thing a sink hears.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Event {
    /// Start, advance or finish.
    pub kind: Kind,
    /// Phase or step.
    pub level: Level,
    /// The stage's name (`tokenise`, `distances`).
    pub name: &'static str,
    /// What `done` and `total` count.
    pub unit: Unit,
    /// Units done so far.
    pub done: u64,
    /// Units to do; 0 when not known beforehand.
    pub total: u64,
}

/// Where events go: bars, a timer, a test's log. Called from any thread, so it must be quick.
pub trait Sink: Send + Sync {
    /// Hears one event.
    fn event(&self, event: &Event);
}

static INSTALLED: AtomicBool = AtomicBool::new(false);
static SINK: RwLock<Option<Arc<dyn Sink>>> = RwLock::new(None);
static STEP_RUNNING: AtomicBool = AtomicBool::new(false);

/// Sends every later stage's events to `sink`, in place of any sink installed before.
pub fn install(sink: Arc<dyn Sink>) {
    *SINK.write().unwrap_or_else(|e| e.into_inner()) = Some(sink);
    INSTALLED.store(true, Ordering::Release);
}

/// Stops sending events; stages started before still finish into the old sink.
pub fn uninstall() {
    INSTALLED.store(false, Ordering::Release);
    *SINK.write().unwrap_or_else(|e| e.into_inner()) = None;
}

fn installed() -> Option<Arc<dyn Sink>> {
    if !INSTALLED.load(Ordering::Relaxed) {
        return None;
    }
    SINK.read().unwrap_or_else(|e| e.into_inner()).clone()
}

/// A stage under way; it finishes when dropped. Share it by reference with rayon's threads.
pub struct Progress {
    live: Option<Live>,
}

struct Live {
    sink: Arc<dyn Sink>,
    level: Level,
    name: &'static str,
    unit: Unit,
    total: u64,
    /// How many units between two looks at the clock (about a thousand looks per step).
    stride: u64,
    done: AtomicU64,
    started: Instant,
    /// Nanoseconds after `started` before which no advance is sent.
    quiet_until: AtomicU64,
}

impl Live {
    fn send(&self, kind: Kind, done: u64) {
        self.sink.event(&Event {
            kind,
            level: self.level,
            name: self.name,
            unit: self.unit,
            done,
            total: self.total,
        });
    }
}

/// Begins a phase of a build: `config`, `load`, `analyse`, `render` or `write`.
pub fn phase(name: &'static str) -> Progress {
    begin(Level::Phase, name, Unit::None, 0)
}

/// Begins a step that will count `total` units (0 when not known); silent when another step
/// is under way.
pub fn start(name: &'static str, unit: Unit, total: u64) -> Progress {
    begin(Level::Step, name, unit, total)
}

fn begin(level: Level, name: &'static str, unit: Unit, total: u64) -> Progress {
    let Some(sink) = installed() else {
        return Progress { live: None };
    };
    if level == Level::Step
        && STEP_RUNNING
            .compare_exchange(false, true, Ordering::AcqRel, Ordering::Relaxed)
            .is_err()
    {
        return Progress { live: None };
    }
    let live = Live {
        sink,
        level,
        name,
        unit,
        total,
        stride: (total / 1000).max(1),
        done: AtomicU64::new(0),
        started: Instant::now(),
        quiet_until: AtomicU64::new(REPORT_EVERY.as_nanos() as u64),
    };
    live.send(Kind::Start, 0);
    Progress { live: Some(live) }
}

impl Progress {
    /// Counts `n` more units done.
    pub fn advance(&self, n: u64) {
        let Some(live) = &self.live else {
            return;
        };
        let before = live.done.fetch_add(n, Ordering::Relaxed);
        let done = before + n;
        if before / live.stride == done / live.stride {
            return;
        }
        let now = live.started.elapsed().as_nanos() as u64;
        let until = live.quiet_until.load(Ordering::Relaxed);
        if now >= until
            && live
                .quiet_until
                .compare_exchange(
                    until,
                    now + REPORT_EVERY.as_nanos() as u64,
                    Ordering::Relaxed,
                    Ordering::Relaxed,
                )
                .is_ok()
        {
            live.send(Kind::Advance, done);
        }
    }
}

impl Drop for Progress {
    fn drop(&mut self) {
        if let Some(live) = &self.live {
            live.send(Kind::Finish, live.done.load(Ordering::Relaxed));
            if live.level == Level::Step {
                STEP_RUNNING.store(false, Ordering::Release);
            }
        }
    }
}

/// The process's peak resident memory so far in bytes (`VmHWM`), where the system says it
/// (Linux); `None` elsewhere.
pub fn peak_memory() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kib: u64 = line["VmHWM:".len()..]
        .trim()
        .trim_end_matches("kB")
        .trim()
        .parse()
        .ok()?;
    Some(kib * 1024)
}

/// One finished stage, as [`Timings`] records it.
#[derive(Debug, Clone, PartialEq)]
pub struct Timed {
    /// Phase or step.
    pub level: Level,
    /// The stage's name.
    pub name: &'static str,
    /// What it counted, and how many.
    pub unit: Unit,
    /// Units done.
    pub done: u64,
    /// From start to finish.
    pub wall: Duration,
    /// The process's peak resident memory when it finished; `None` where unknown.
    pub peak: Option<u64>,
}

/// A sink that times every stage and notes the peak memory at its end, for `--timings`.
#[derive(Default)]
pub struct Timings {
    /// Stages in order of start, with when each began (until it finishes).
    stages: Mutex<Vec<(Timed, Option<Instant>)>>,
}

impl Timings {
    /// The stages heard so far, in order of start; one still running has no wall time yet.
    pub fn stages(&self) -> Vec<Timed> {
        let stages = self.stages.lock().unwrap_or_else(|e| e.into_inner());
        stages.iter().map(|(timed, _)| timed.clone()).collect()
    }
}

impl Sink for Timings {
    fn event(&self, event: &Event) {
        let mut stages = self.stages.lock().unwrap_or_else(|e| e.into_inner());
        match event.kind {
            Kind::Start => stages.push((
                Timed {
                    level: event.level,
                    name: event.name,
                    unit: event.unit,
                    done: 0,
                    wall: Duration::ZERO,
                    peak: None,
                },
                Some(Instant::now()),
            )),
            Kind::Advance => {}
            Kind::Finish => {
                let open = stages.iter().rposition(|(t, began)| {
                    began.is_some() && t.name == event.name && t.level == event.level
                });
                let Some(at) = open else {
                    return;
                };
                // The kernel syncs its counters lazily, so a later reading may be a little
                // lower: the peak so far is the largest reading so far.
                let peak = stages.iter().filter_map(|(t, _)| t.peak).max();
                let (timed, began) = &mut stages[at];
                timed.wall = began.take().map_or(Duration::ZERO, |b| b.elapsed());
                timed.done = event.done;
                timed.peak = peak_memory().map(|now| peak.map_or(now, |p| p.max(now)));
            }
        }
    }
}

/// The timings table: one line per stage in order of start, steps indented under their
/// phase, with the wall time in seconds, the peak resident memory so far in MiB (`n/a` where
/// the system does not say) and what the stage counted.
pub fn timings_table(stages: &[Timed]) -> String {
    let mut table = format!(
        "{:<20} {:>10} {:>12}  {}\n",
        "stage", "wall", "peak", "done"
    );
    for stage in stages {
        let name = match stage.level {
            Level::Phase => stage.name.to_string(),
            Level::Step => format!("  {}", stage.name),
        };
        let peak = stage.peak.map_or_else(
            || "n/a".to_string(),
            |bytes| format!("{:.1} MiB", bytes as f64 / (1024.0 * 1024.0)),
        );
        let done = match stage.unit {
            Unit::None => String::new(),
            unit => format!("{} {}", crate::format::thousands(stage.done), unit.as_str()),
        };
        let line = format!(
            "{name:<20} {:>8.3} s {peak:>12}  {done}",
            stage.wall.as_secs_f64()
        );
        let _ = writeln!(table, "{}", line.trim_end());
    }
    table
}

#[cfg(test)]
mod tests {
    use super::*;

    fn timed(level: Level, name: &'static str, unit: Unit, done: u64, ms: u64) -> Timed {
        Timed {
            level,
            name,
            unit,
            done,
            wall: Duration::from_millis(ms),
            peak: Some(512 * 1024 * 1024 + 300 * 1024),
        }
    }

    #[test]
    fn the_table_indents_steps_and_writes_units() {
        let stages = [
            timed(Level::Phase, "analyse", Unit::None, 0, 1234),
            timed(Level::Step, "tokenise", Unit::Posts, 5672, 80),
            Timed {
                peak: None,
                ..timed(Level::Step, "distances", Unit::Pairs, 16_082_956, 2)
            },
        ];
        assert_eq!(
            timings_table(&stages),
            "stage                      wall         peak  done\n\
             analyse                 1.234 s    512.3 MiB\n\
             \x20 tokenise              0.080 s    512.3 MiB  5,672 posts\n\
             \x20 distances             0.002 s          n/a  16,082,956 pairs\n"
        );
    }

    #[test]
    fn peak_memory_is_read_on_linux() {
        if cfg!(target_os = "linux") {
            assert!(peak_memory().is_some_and(|bytes| bytes > 0));
        }
    }
}
