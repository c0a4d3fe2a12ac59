//! The layering of ARCHITECTURE.md, held against the code: a module of
//! src/ may import only modules that come before it in `ORDER`. A new
//! `use crate::…` that points up a layer fails here, with the file and
//! the import, instead of growing into a cycle later.

use std::collections::BTreeSet;
use std::fs;
use std::path::Path;

/// src/'s top-level modules, lowest first. `output` sits below `config`:
/// it takes rendered files and knows nothing of what made them.
const ORDER: &[&str] = &[
    "diagnostics",
    "url",
    "dates",
    "html",
    "segment",
    "words",
    "source",
    "yaml",
    "output",
    "config",
    "content",
    "schema",
    "images",
    "markdown",
    "model",
    "links",
    "search",
    "render",
    "build",
    "check",
    "watch",
    "serve",
];

/// The top-level modules a file names through `crate::`, including those
/// inside a `use crate::{a, b::c}` group. Comments are left out: a doc
/// link names a module without depending on it.
fn imports(text: &str) -> BTreeSet<String> {
    let code: String = text
        .lines()
        .filter(|line| !line.trim_start().starts_with("//"))
        .collect::<Vec<_>>()
        .join("\n");
    let text = code.as_str();
    let mut found = BTreeSet::new();
    for (at, _) in text.match_indices("crate::") {
        let rest = &text[at + "crate::".len()..];
        if let Some(group) = rest.strip_prefix('{') {
            let group = &group[..group.find('}').unwrap_or(group.len())];
            for item in group.split(',') {
                found.insert(first_name(item.trim()));
            }
        } else {
            found.insert(first_name(rest));
        }
    }
    found.retain(|name| !name.is_empty());
    found
}

fn first_name(path: &str) -> String {
    path.chars()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
        .collect()
}

fn rust_files(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    for entry in fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

#[test]
fn no_module_imports_a_higher_layer() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    let mut wrong = Vec::new();
    let mut placed = 0;
    for file in &files {
        let rel = file.strip_prefix(&src).unwrap();
        let top = first_name(&rel.to_string_lossy());
        // The binary and the crate root sit above every layer.
        let Some(rank) = ORDER.iter().position(|m| *m == top) else {
            continue;
        };
        placed += 1;
        for name in imports(&fs::read_to_string(file).unwrap()) {
            let Some(other) = ORDER.iter().position(|m| *m == name) else {
                continue;
            };
            if other > rank {
                wrong.push(format!("{} imports crate::{name}", rel.display()));
            }
        }
    }
    assert!(
        placed > 50,
        "only {placed} files found under {}",
        src.display()
    );
    assert!(
        wrong.is_empty(),
        "imports up a layer:\n{}",
        wrong.join("\n")
    );
}

#[test]
fn every_top_level_module_has_a_layer() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let lib = fs::read_to_string(src.join("lib.rs")).unwrap();
    let missing: Vec<&str> = lib
        .lines()
        .filter_map(|line| line.trim().strip_suffix(';'))
        .filter_map(|line| line.rsplit_once("mod ").map(|(_, name)| name))
        .filter(|name| !ORDER.contains(name))
        .collect();
    assert!(
        missing.is_empty(),
        "give these a place in ORDER: {missing:?}"
    );
}
