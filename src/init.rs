//! `mobilize init DIR`: a starter study that builds as it is.
//!
//! It writes an annotated `report.yaml` (every key, its meaning and its default, as the config
//! structs document them) and the data layout with header-only CSV files, so that a researcher
//! fills in rows rather than guessing column names. It never writes into a folder that has
//! anything in it.

use std::fs;
use std::path::{Path, PathBuf};

use crate::error::{Error, Result};

const FILES: [(&str, &str); 4] = [
    ("report.yaml", include_str!("../templates/init/report.yaml")),
    ("data/accounts.csv", "organization,role,platform,metric,value,note\n"),
    (
        "data/events.csv",
        "event_id,date,form,participants,size_class,count,at_least,cities,detainees,location,source,notes\n",
    ),
    (
        "data/README.md",
        "# Data of this study\n\nSay here where each file comes from, under which licence, and how it was made.\n",
    ),
];

/// Writes the starter study into `dir`, which must be missing or empty.
pub fn init(dir: &Path) -> Result<Vec<PathBuf>> {
    if dir.exists() {
        let mut entries = fs::read_dir(dir).map_err(|e| Error::read(dir, e))?;
        if entries.next().is_some() {
            return Err(Error::Refused(format!(
                "{} is not empty: init writes only into a new or empty folder",
                dir.display()
            )));
        }
    }
    let mut written = Vec::new();
    for (name, text) in FILES {
        let path = dir.join(name);
        if let Some(parent) = path.parent() {
            fs::create_dir_all(parent).map_err(|e| Error::write(parent, e))?;
        }
        fs::write(&path, text).map_err(|e| Error::write(&path, e))?;
        written.push(path);
    }
    Ok(written)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Config;

    /// The commented examples of the starter config: each `# section:` at the start of a line
    /// and the indented `#   key: value` lines under it, uncommented.
    fn commented_examples(text: &str) -> Vec<String> {
        let mut blocks: Vec<String> = Vec::new();
        let mut open = false;
        for line in text.lines() {
            let body = line.strip_prefix("# ");
            let starts =
                body.is_some_and(|b| b.ends_with(':') && !b.starts_with(' ') && !b.contains(' '));
            if starts {
                blocks.push(format!("{}\n", body.unwrap_or_default()));
                open = true;
            } else if let (true, Some(body)) = (open, body.filter(|b| b.starts_with("  "))) {
                let last = blocks.last_mut().expect("a block is open");
                last.push_str(body);
                last.push('\n');
            } else {
                open = false;
            }
        }
        blocks
    }

    #[test]
    fn every_format_has_a_commented_example_that_parses() {
        let text = FILES[0].1;
        let mut formats = Vec::new();
        for block in commented_examples(text) {
            let config = Config::parse(&format!("title: x\n{block}"), "example")
                .unwrap_or_else(|err| panic!("{err}\n{block}"));
            if let Some(corpus) = config.corpus {
                formats.push(format!("corpus {:?}", corpus.format));
            }
            if let Some(videos) = config.videos {
                formats.push(format!("videos {:?}", videos.format));
            }
            if let Some(events) = config.events {
                formats.push(format!("events {:?}", events.format));
            }
        }
        for format in [
            "corpus Csv",
            "corpus Facebook",
            "corpus Telegram",
            "corpus Crowdtangle",
            "videos Csv",
            "videos Ytdt",
            "videos YoutubeApi",
            "events Acled",
            "events Mm",
        ] {
            assert!(
                formats.iter().any(|f| f == format),
                "{format} in {formats:?}"
            );
        }
        assert!(
            text.contains("format: ytdt"),
            "the channel list as accounts"
        );
    }

    #[test]
    fn the_starter_config_parses_and_documents_every_key() {
        let text = FILES[0].1;
        let config = Config::parse(text, "report.yaml").unwrap();
        assert!(config.accounts.is_some() && config.events.is_some());
        let all_keys = include_str!("../tests/fixtures/all_keys.yaml");
        for line in all_keys
            .lines()
            .filter(|l| !l.trim_start().starts_with('#'))
        {
            if let Some((key, _)) = line.trim_start().trim_start_matches("- { ").split_once(':') {
                if !key.contains(' ') && !key.is_empty() && !key.starts_with('{') {
                    assert!(
                        text.contains(&format!("{key}:")),
                        "init does not document `{key}`"
                    );
                }
            }
        }
    }
}
