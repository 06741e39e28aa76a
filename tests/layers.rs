//! The layers of the crate: each module may use only the modules below it (and itself), so
//! the pipeline reads one way and no circle can form. `ARCHITECTURE.md` explains the order;
//! this test holds the code to it by reading every `crate::` path of every source file.

use std::collections::BTreeSet;
use std::path::Path;

/// The crate's top-level modules, lowest first.
const LAYERS: [&str; 25] = [
    "escape",
    "error",
    "format",
    "budget",
    "memory",
    "progress",
    "read",
    "datafile",
    "sparse",
    "model",
    "config",
    "load",
    "authors",
    "text",
    "cluster",
    "protests",
    "media",
    "timeline",
    "reproduce",
    "narrative",
    "report",
    "render",
    "diff",
    "output",
    "init",
];

/// The top-level module a source file belongs to (`src/load/table.rs` -> `load`).
fn module_of(path: &Path, src: &Path) -> Option<String> {
    let relative = path.strip_prefix(src).ok()?;
    let first = relative
        .components()
        .next()?
        .as_os_str()
        .to_string_lossy()
        .into_owned();
    Some(first.trim_end_matches(".rs").to_string())
}

/// Every top-level module named by a `crate::` path in `text`, outside comments.
fn used(text: &str) -> BTreeSet<String> {
    let mut found = BTreeSet::new();
    for line in text.lines() {
        let code = line.split("//").next().unwrap_or("");
        for (at, _) in code.match_indices("crate::") {
            let before = code[..at].chars().next_back();
            if before.is_some_and(|c| c.is_alphanumeric() || c == '_') {
                continue;
            }
            let name: String = code[at + "crate::".len()..]
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_')
                .collect();
            found.insert(name);
        }
        if let Some(rest) = code.trim_start().strip_prefix("use crate::{") {
            for part in rest.split([',', '}']) {
                let name = part.trim().split("::").next().unwrap_or("").to_string();
                if !name.is_empty() {
                    found.insert(name);
                }
            }
        }
    }
    found
}

fn files(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

#[test]
fn no_module_uses_a_module_above_it() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut sources = Vec::new();
    files(&src, &mut sources);
    sources.sort();
    let rank = |name: &str| LAYERS.iter().position(|l| *l == name);
    let mut backwards = Vec::new();
    for path in &sources {
        let Some(module) = module_of(path, &src) else {
            continue;
        };
        if module == "lib" || module == "main" {
            continue;
        }
        let own = rank(&module).unwrap_or_else(|| {
            panic!(
                "{}: the module {module} is not in the layer list",
                path.display()
            )
        });
        let text = std::fs::read_to_string(path).unwrap();
        for name in used(&text) {
            let Some(theirs) = rank(&name) else { continue };
            if theirs > own {
                let file = path.strip_prefix(&src).unwrap().display();
                backwards.push(format!(
                    "src/{file}: {module} uses {name}, which is above it"
                ));
            }
        }
    }
    assert!(
        backwards.is_empty(),
        "imports that run backwards:\n{}",
        backwards.join("\n")
    );
}

#[test]
fn every_module_is_in_the_layer_list() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    for entry in std::fs::read_dir(&src).unwrap() {
        let name = entry
            .unwrap()
            .file_name()
            .to_string_lossy()
            .trim_end_matches(".rs")
            .to_string();
        if name != "lib" && name != "main" {
            assert!(
                LAYERS.contains(&name.as_str()),
                "{name} is not in the layer list"
            );
        }
    }
}
