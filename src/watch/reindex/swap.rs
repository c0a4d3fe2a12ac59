//! A new search index put in place of the old one so that no reader
//! ever sees a mix: Pagefind's files are named by their content's hash,
//! and only `pagefind-entry.json` names the others. The new files go
//! first (beside the old ones, which the old entry still names), then the
//! entry and the stamp (each moved into place by a rename, as every write
//! is), and only then do the files no longer named go. In memory
//! (`serve`) the three steps happen under one lock, so a request sees the
//! old index or the new one.

use std::collections::HashSet;
use std::path::Path;

use crate::diagnostics::Diagnostic;
use crate::output::{self, Content, Outputs};
use crate::search::{BUNDLE, indexer::ENTRY, stamp::STAMP};

/// What a swap changed.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Swapped {
    /// Files new or with other bytes (the entry and the stamp included).
    pub written: usize,
    /// Files of the old index the new one does not name.
    pub removed: usize,
}

/// Puts `files` (the bundle and the stamp) in place of the index in
/// `outputs`, and on disk when `out` is given. Nothing when `current`
/// says, once the outputs are held, that a newer rebuild came since.
pub(super) fn swap(
    outputs: &super::SharedOutputs,
    out: Option<&Path>,
    files: Vec<(String, Vec<u8>)>,
    current: impl Fn() -> bool,
) -> Result<Option<Swapped>, Vec<Diagnostic>> {
    let mut outputs = outputs.write().unwrap_or_else(|e| e.into_inner());
    if !current() {
        return Ok(None);
    }
    let names: HashSet<&str> = files.iter().map(|(rel, _)| rel.as_str()).collect();
    let gone: Vec<String> = (outputs.files.keys())
        .filter(|rel| is_index(rel) && !names.contains(rel.as_str()))
        .cloned()
        .collect();
    let entry = format!("{BUNDLE}{ENTRY}");
    let (last, first): (Vec<_>, Vec<_>) =
        (files.into_iter()).partition(|(rel, _)| *rel == entry || rel == STAMP);
    let first = put(&mut outputs, first);
    write(out, &outputs, &first, &[])?;
    let last = put(&mut outputs, last);
    write(out, &outputs, &last, &[])?;
    for rel in &gone {
        outputs.files.remove(rel);
    }
    write(out, &outputs, &[], &gone)?;
    Ok(Some(Swapped {
        written: first.len() + last.len(),
        removed: gone.len(),
    }))
}

/// Whether an output path is part of the search index.
pub(super) fn is_index(rel: &str) -> bool {
    rel.starts_with(BUNDLE) || rel == STAMP
}

/// Puts each file whose bytes differ; returns their paths.
fn put(outputs: &mut Outputs, files: Vec<(String, Vec<u8>)>) -> Vec<String> {
    let mut changed = Vec::new();
    for (rel, bytes) in files {
        let same = matches!(outputs.get(&rel), Some(Content::Bytes(b)) if *b == bytes);
        if !same {
            outputs.insert(rel.clone(), Content::Bytes(bytes));
            changed.push(rel);
        }
    }
    changed
}

fn write(
    out: Option<&Path>,
    outputs: &Outputs,
    changed: &[String],
    removed: &[String],
) -> Result<(), Vec<Diagnostic>> {
    match out {
        Some(out) if !changed.is_empty() || !removed.is_empty() => {
            output::write_some(out, outputs, changed, removed).map(|_| ())
        }
        _ => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn outputs(files: &[(&str, &str)]) -> super::super::SharedOutputs {
        let mut outputs = Outputs::default();
        for (rel, text) in files {
            outputs.insert(rel.to_string(), Content::Bytes(text.as_bytes().to_vec()));
        }
        std::sync::Arc::new(std::sync::RwLock::new(outputs))
    }

    fn files(list: &[(&str, &str)]) -> Vec<(String, Vec<u8>)> {
        (list.iter())
            .map(|(rel, text)| (rel.to_string(), text.as_bytes().to_vec()))
            .collect()
    }

    const OLD: &[(&str, &str)] = &[
        ("index.html", "page"),
        (".mekong-search", "stamp 1"),
        ("pagefind/pagefind-entry.json", "names a"),
        ("pagefind/pagefind.js", "js"),
        ("pagefind/index/a.pf_index", "a"),
    ];

    #[test]
    fn new_files_come_in_and_files_no_longer_named_go() {
        let shared = outputs(OLD);
        let new = files(&[
            (".mekong-search", "stamp 2"),
            ("pagefind/index/b.pf_index", "b"),
            ("pagefind/pagefind-entry.json", "names b"),
            ("pagefind/pagefind.js", "js"),
        ]);
        let swapped = swap(&shared, None, new.clone(), || true).unwrap();
        assert_eq!(
            swapped,
            Some(Swapped {
                written: 3,
                removed: 1
            })
        );
        let outputs = shared.read().unwrap();
        let index: Vec<(String, Vec<u8>)> = (outputs.files.iter())
            .filter(|(rel, _)| is_index(rel))
            .map(|(rel, c)| (rel.clone(), c.bytes().unwrap().into_owned()))
            .collect();
        let mut expected = new;
        expected.sort();
        assert_eq!(index, expected);
        assert!(outputs.get("index.html").is_some(), "pages stay");
    }

    #[test]
    fn a_swap_overtaken_by_a_rebuild_changes_nothing() {
        let shared = outputs(OLD);
        let new = files(&[("pagefind/pagefind-entry.json", "names b")]);
        assert_eq!(swap(&shared, None, new, || false).unwrap(), None);
        assert_eq!(shared.read().unwrap().len(), OLD.len());
    }
}
