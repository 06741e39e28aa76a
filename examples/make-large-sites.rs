//! Writes two large sites, `OUT/a` and `OUT/b`, for measuring `mobilize diff` at millions of
//! posts: each is the default study's report (`site/`, read back with its data files) with its
//! per-post lists blown up to N posts, written by the same code as `mobilize build`
//! (`Report::written`: the summary `report.json` and `data/*.jsonl.gz`).
//!
//! Run it with `cargo run --release --example make-large-sites -- OUT N` (N = 5000000 for the
//! figure in the README), then `/usr/bin/time -v mobilize diff OUT/a OUT/b`.
//!
//! Why it is shaped so: building a site of 5 million posts takes minutes and gigabytes of its
//! own, while `diff` reads only `report.json` and the data files. So the default report keeps
//! its summary (pages, tables, the top lists), and only the lists that grow with the corpus
//! are replaced: N posts in 11 clusters (`post-0000001`, ...), N − 1 merges, N / 5 terms and
//! N / 2 bigrams. Site b moves every 1,000th post to the next cluster and changes the counts of
//! the first bigram and of every 10th one, so the change report has something to say. Only
//! the pages are not rebuilt: `diff` does not read them.

use std::path::{Path, PathBuf};

use mobilize::cluster::tree::Merge;
use mobilize::cluster::Assignment;
use mobilize::report::Report;
use mobilize::text::terms::{NgramStat, TermStat};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().collect();
    let (Some(out), Some(n)) = (args.get(1), args.get(2)) else {
        return Err("usage: make-large-sites OUT N".into());
    };
    let (out, n): (PathBuf, usize) = (PathBuf::from(out), n.parse()?);
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(root.join("site/report.json"))?;
    let mut report = Report::from_json(&text)?;
    report.read_data_files(&root.join("site"))?;
    for (name, moved) in [("a", false), ("b", true)] {
        grow(&mut report, n, moved);
        let site = out.join(name);
        std::fs::create_dir_all(site.join("data"))?;
        let (files, json) = report.written();
        for (listed, bytes) in files {
            std::fs::write(site.join(&listed.path), bytes)?;
        }
        std::fs::write(site.join("report.json"), json)?;
        eprintln!("wrote {}", site.display());
    }
    Ok(())
}

/// The report's lists at `n` posts; `moved` shifts every 1,000th post to the next cluster
/// and changes some bigram counts.
fn grow(report: &mut Report, n: usize, moved: bool) {
    let clusters = report
        .clusters
        .as_mut()
        .expect("the default study clusters");
    let k = clusters.k;
    clusters.assignments = (0..n)
        .map(|i| {
            let shift = usize::from(moved && i % 1000 == 0);
            Assignment {
                id: format!("post-{i:07}"),
                cluster: (i + shift) % k + 1,
            }
        })
        .collect();
    clusters.merges = (1..n)
        .map(|s| Merge {
            a: s - 1,
            b: n + s - 1,
            height: s as f64 / n as f64,
            size: s + 1,
        })
        .collect();
    let text = report
        .text
        .as_mut()
        .expect("the default study has a corpus");
    text.terms = (0..n / 5)
        .map(|i| TermStat {
            term: format!("term{i}"),
            form: format!("form{i}"),
            count: (n - i) as u64,
            support: (n - i) as u64 / 2,
            language: None,
        })
        .collect();
    for (size, list) in &mut text.ngrams.0 {
        if *size != 2 {
            continue;
        }
        *list = (0..n / 2)
            .map(|i| {
                let changed = moved && i % 10 == 0;
                NgramStat {
                    term: format!("stem{i} stem{}", i + 1),
                    form: format!("word{i} word{}", i + 1),
                    count: (n - i) as u64 + u64::from(changed),
                    support: (n - i) as u64 / 2,
                }
            })
            .collect();
    }
}
