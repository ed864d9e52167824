//! The house rules of `src/`, checked on every test run: the library reads
//! in layers (docs/architecture.md), no module imports one above it, no
//! two top-level modules import each other round about, and no file grows
//! past 400 lines (tests left out).
//!
//! References are read from the source text: every `crate::NAME` path
//! (in `use` lines and inline) names the top-level module `NAME`.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// Each top-level module's layer, low to high; a module may use its own
/// layer and those below.
const LAYERS: &[(&str, u8)] = &[
    ("model", 0),
    ("error", 0),
    ("yaml", 0),
    ("bytes", 0),
    ("failpoint", 0),
    ("config", 1),
    ("gate", 1),
    ("graph", 1),
    ("store", 2),
    ("op", 3),
    ("queue", 3),
    ("vote", 3),
    ("learn", 3),
    ("plan", 3),
    ("remote", 3),
    ("view", 4),
    ("serve", 5),
];

const MAX_FILE_LINES: usize = 400;

fn layer(module: &str) -> Option<u8> {
    LAYERS.iter().find(|(m, _)| *m == module).map(|(_, l)| *l)
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("read src").flatten() {
        let path = entry.path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The text of a file without its `#[cfg(test)]` module (which, by the
/// convention of this code base, comes last).
fn without_tests(text: &str) -> &str {
    text.find("#[cfg(test)]\nmod tests")
        .or_else(|| text.find("#[cfg(test)]\npub(crate) mod tests"))
        .map_or(text, |at| &text[..at])
}

/// The top-level modules a file names with `crate::`.
fn references(text: &str) -> BTreeSet<String> {
    let mut found = BTreeSet::new();
    let mut rest = text;
    while let Some(at) = rest.find("crate::") {
        let after = &rest[at + "crate::".len()..];
        let name: String = after
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
            .collect();
        let before = rest[..at].chars().last();
        // `fed::crate::x` does not occur; skip identifiers ending in "crate".
        if !before.is_some_and(|c| c.is_ascii_alphanumeric() || c == '_') && !name.is_empty() {
            found.insert(name);
        }
        rest = after;
    }
    found
}

/// The top-level module a file belongs to (`src/store/txn.rs` -> `store`).
fn module_of(src: &Path, file: &Path) -> String {
    let rel = file.strip_prefix(src).expect("under src");
    let first = rel.components().next().expect("a component");
    let first = first.as_os_str().to_string_lossy();
    first.strip_suffix(".rs").unwrap_or(&first).to_string()
}

#[test]
fn layers_hold_and_files_stay_small() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    files.sort();
    let mut problems = Vec::new();
    let mut graph: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for file in &files {
        let module = module_of(&src, file);
        let text = std::fs::read_to_string(file).expect("read a source file");
        let code = without_tests(&text);
        let lines = code.lines().count();
        if lines > MAX_FILE_LINES {
            problems.push(format!("{}: {lines} lines", file.display()));
        }
        let Some(own) = layer(&module) else {
            continue; // lib.rs, main.rs and the command line sit on top
        };
        for used in references(code) {
            if used == module {
                continue;
            }
            graph
                .entry(module.clone())
                .or_default()
                .insert(used.clone());
            match layer(&used) {
                Some(l) if l > own => problems.push(format!(
                    "{} (layer {own}) uses crate::{used} (layer {l})",
                    file.display()
                )),
                None => problems.push(format!(
                    "{} uses crate::{used}, which has no layer in tests/integration/layers.rs",
                    file.display()
                )),
                _ => {}
            }
        }
    }
    for (a, uses) in &graph {
        for b in uses {
            if graph.get(b).is_some_and(|back| reaches(&graph, back, a)) {
                problems.push(format!("modules {a} and {b} use each other"));
            }
        }
    }
    assert!(
        problems.is_empty(),
        "house rules broken:\n{}",
        problems.join("\n")
    );
}

/// Whether any of `from` reaches `target` in `graph`.
fn reaches(
    graph: &BTreeMap<String, BTreeSet<String>>,
    from: &BTreeSet<String>,
    target: &str,
) -> bool {
    let mut seen = BTreeSet::new();
    let mut todo: Vec<&String> = from.iter().collect();
    while let Some(next) = todo.pop() {
        if next == target {
            return true;
        }
        if seen.insert(next.clone())
            && let Some(more) = graph.get(next)
        {
            todo.extend(more);
        }
    }
    false
}

#[test]
fn references_are_read_from_paths() {
    let found = references("use crate::store::Store;\nlet x = crate::model::id::f();\nmy_crate::z");
    assert_eq!(
        found,
        ["model", "store"].iter().map(|s| s.to_string()).collect()
    );
    assert_eq!(without_tests("a\n#[cfg(test)]\nmod tests {}\n"), "a\n");
}
