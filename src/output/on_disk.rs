//! What stands in the output folder now, read before anything is
//! changed: the folders the new files need and which are missing, and
//! whether a file must be written (missing, different, or a folder of
//! mekong's files where the file goes).

use std::collections::{BTreeMap, BTreeSet, HashSet};
use std::fs;
use std::io;
use std::path::Path;

use rayon::prelude::*;

use super::Content;
use crate::diagnostics::Diagnostic;

/// The files the last build wrote (its manifest), borrowed.
pub(super) type Listed<'a> = HashSet<&'a str>;

/// The folders the files need that are not there, parents first, and of
/// those, the ones where a file or symlink of mekong's stands now (moved
/// aside when the new folder moves in).
pub(super) fn plan_folders(
    out: &Path,
    files: &[(&str, &Content)],
    previous: &Listed,
) -> Result<(Vec<String>, Vec<String>), Vec<Diagnostic>> {
    let mut by_depth: BTreeMap<usize, BTreeSet<&str>> = BTreeMap::new();
    for (rel, _) in files {
        let mut end = 0;
        while let Some(next) = rel[end..].find('/').map(|i| end + i) {
            let dir = &rel[..next];
            by_depth
                .entry(dir.matches('/').count())
                .or_default()
                .insert(dir);
            end = next + 1;
        }
    }
    let mut missing: HashSet<&str> = HashSet::new();
    let mut dirs = Vec::new();
    let mut displaced = Vec::new();
    let mut errors = Vec::new();
    for level in by_depth.into_values() {
        let level: Vec<&str> = level.into_iter().collect();
        let found: Vec<(&str, Result<Folder, Diagnostic>)> = level
            .par_iter()
            .map(|&dir| {
                let parent = dir.rsplit_once('/').map_or("", |(p, _)| p);
                if missing.contains(parent) {
                    return (dir, Ok(Folder::Missing));
                }
                (dir, folder_state(out, dir, previous))
            })
            .collect();
        for (dir, state) in found {
            match state {
                Ok(Folder::There) => {}
                Ok(Folder::Missing) => {
                    missing.insert(dir);
                    dirs.push(dir.to_string());
                }
                Ok(Folder::Displace) => {
                    missing.insert(dir);
                    dirs.push(dir.to_string());
                    displaced.push(dir.to_string());
                }
                Err(d) => errors.push(d),
            }
        }
    }
    if errors.is_empty() {
        Ok((dirs, displaced))
    } else {
        Err(errors)
    }
}

enum Folder {
    There,
    Missing,
    /// A file or symlink mekong wrote (or a symlink in one of its
    /// folders' places), to be moved aside for the folder.
    Displace,
}

fn folder_state(out: &Path, dir: &str, previous: &Listed) -> Result<Folder, Diagnostic> {
    match fs::symlink_metadata(out.join(dir)) {
        Ok(meta) if meta.is_dir() => Ok(Folder::There),
        Ok(_) if owned(previous, dir) => Ok(Folder::Displace),
        Ok(_) => Err(Diagnostic::error(
            out.join(dir),
            format!("cannot write into `{dir}/`: a file mekong did not write is there, and the site needs a folder"),
        )
        .help("move the file away; nothing in the output folder was changed")),
        Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(Folder::Missing),
        Err(e) => Err(
            Diagnostic::error(out.join(dir), format!("cannot look at `{dir}/`: {e}"))
                .help("nothing in the output folder was changed"),
        ),
    }
}

/// Whether mekong wrote `rel`, or files inside it.
fn owned(previous: &Listed, rel: &str) -> bool {
    // Rare (a file where a folder must go): a scan is fine.
    previous.contains(rel)
        || previous.iter().any(|entry| {
            entry
                .strip_prefix(rel)
                .is_some_and(|rest| rest.starts_with('/'))
        })
}

/// Whether `rel` must be written: missing, different, a symlink, or a
/// folder of mekong's files where the file must go. A folder holding
/// anything else (a dot-file, a file mekong did not write) is an error:
/// it is never removed.
pub(super) fn needs_writing(
    out: &Path,
    rel: &str,
    bytes: &[u8],
    previous: &Listed,
) -> Result<bool, String> {
    let path = out.join(rel);
    match fs::symlink_metadata(&path) {
        Ok(meta) if meta.is_file() => {
            if meta.len() != bytes.len() as u64 {
                return Ok(true);
            }
            let old = fs::read(&path).map_err(|e| format!("cannot read `{rel}`: {e}"))?;
            Ok(old != bytes)
        }
        Ok(meta) if meta.is_dir() => match foreign_inside(&path, rel, previous) {
            Ok(None) => Ok(true),
            Ok(Some(other)) => Err(format!(
                "cannot write `{rel}`: a folder is there holding `{other}`, which mekong did not write"
            )),
            Err(e) => Err(format!("cannot look through `{rel}/`: {e}")),
        },
        Ok(_) => Ok(true),
        Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(true),
        Err(e) => Err(format!("cannot look at `{rel}`: {e}")),
    }
}

/// The first entry under a folder that is not a file of mekong's: a
/// dot-file or dot-folder, or a file the manifest does not list.
fn foreign_inside(path: &Path, rel: &str, previous: &Listed) -> io::Result<Option<String>> {
    for entry in walkdir::WalkDir::new(path).min_depth(1) {
        let entry = entry.map_err(io::Error::other)?;
        let inner = entry
            .path()
            .strip_prefix(path)
            .map_err(io::Error::other)?
            .to_string_lossy()
            .replace('\\', "/");
        let full = format!("{rel}/{inner}");
        let dot = entry.file_name().to_string_lossy().starts_with('.');
        if dot || (!entry.file_type().is_dir() && !previous.contains(full.as_str())) {
            return Ok(Some(full));
        }
    }
    Ok(None)
}
