//! Where each key of `report.yaml` is, so that a problem found after the config was read (a
//! ratio naming no account, a narrative placed after an id the page lacks, `k` above the number
//! of posts) names its line as well as its key.
//!
//! yaml_serde turns the file into the config structs and keeps no positions. yaml-rust2's
//! event parser gives each event's line, and one walk over the events records the line of
//! every key path (`accounts.ratios[0].denominator`).

use std::collections::BTreeMap;

use yaml_rust2::parser::{Event, MarkedEventReceiver, Parser};
use yaml_rust2::scanner::Marker;

/// The line of each key path of a YAML file.
#[derive(Debug, Clone, Default)]
pub struct KeyLines(BTreeMap<String, usize>);

impl KeyLines {
    /// The key lines of `text`; empty when it is not YAML (yaml_serde reports that).
    pub fn of(text: &str) -> KeyLines {
        let mut walk = Walk::default();
        match Parser::new_from_str(text).load(&mut walk, false) {
            Ok(()) => KeyLines(walk.lines),
            Err(_) => KeyLines::default(),
        }
    }

    /// The line of `path`, or of the nearest key above it that the file writes.
    pub fn line(&self, path: &str) -> Option<usize> {
        let mut path = path;
        loop {
            if let Some(&line) = self.0.get(path) {
                return Some(line);
            }
            path = &path[..path.rfind(['.', '['])?];
        }
    }
}

/// An open mapping (with the key whose value comes next) or sequence (with the index of the
/// next item), and its path.
enum Frame {
    Mapping { path: String, key: Option<String> },
    Sequence { path: String, next: usize },
}

#[derive(Default)]
struct Walk {
    frames: Vec<Frame>,
    lines: BTreeMap<String, usize>,
}

impl Walk {
    /// The path of the value that comes next in the innermost open collection.
    fn child(&self) -> String {
        match self.frames.last() {
            Some(Frame::Mapping {
                path,
                key: Some(key),
            }) if path.is_empty() => key.clone(),
            Some(Frame::Mapping {
                path,
                key: Some(key),
            }) => format!("{path}.{key}"),
            Some(Frame::Sequence { path, next }) => format!("{path}[{next}]"),
            _ => String::new(),
        }
    }

    /// A value is done: the mapping waits for its next key, the sequence for its next item.
    fn value_done(&mut self) {
        match self.frames.last_mut() {
            Some(Frame::Mapping { key, .. }) => *key = None,
            Some(Frame::Sequence { next, .. }) => *next += 1,
            None => {}
        }
    }
}

impl MarkedEventReceiver for Walk {
    fn on_event(&mut self, event: Event, mark: Marker) {
        match event {
            Event::MappingStart(..) => {
                let path = self.child();
                self.frames.push(Frame::Mapping { path, key: None });
            }
            Event::SequenceStart(..) => {
                let path = self.child();
                self.frames.push(Frame::Sequence { path, next: 0 });
            }
            Event::MappingEnd | Event::SequenceEnd => {
                self.frames.pop();
                self.value_done();
            }
            Event::Scalar(text, ..) => {
                if let Some(Frame::Mapping {
                    key: key @ None, ..
                }) = self.frames.last_mut()
                {
                    *key = Some(text);
                    let path = self.child();
                    self.lines.entry(path).or_insert(mark.line());
                } else {
                    if let Some(Frame::Sequence { .. }) = self.frames.last() {
                        let path = self.child();
                        self.lines.entry(path).or_insert(mark.line());
                    }
                    self.value_done();
                }
            }
            Event::Alias(_) => self.value_done(),
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_key_path_has_its_line() {
        let text = "title: x\naccounts:\n  path: a.csv\n  ratios:\n    - label: r\n      \
                    numerator: { organization: A, platform: youtube }\n      \
                    denominator:\n        organization: B\nnarrative:\n  - { file: a.md, at: t9 }\n";
        let lines = KeyLines::of(text);
        assert_eq!(lines.line("accounts.ratios[0].numerator.platform"), Some(6));
        assert_eq!(lines.line("accounts.ratios[0].denominator"), Some(7));
        assert_eq!(lines.line("accounts.ratios[0].denominator.metric"), Some(7));
        assert_eq!(lines.line("narrative[0].at"), Some(10));
        let items = KeyLines::of("title: x\nsections:\n  - terms\n  - table9\n");
        assert_eq!(
            items.line("sections[1]"),
            Some(4),
            "a scalar item has its own line"
        );
        assert_eq!(lines.line("clusters.k"), None);
        assert_eq!(KeyLines::of("[unclosed").line("title"), None);
    }
}
