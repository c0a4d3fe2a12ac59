//! Planning a write: which files changed, which folders are needed, what
//! the last build wrote and no longer renders. Every input is read here,
//! before `commit::run` changes the first byte.

use std::borrow::Cow;
use std::collections::{BTreeMap, BTreeSet, HashSet};
use std::fs;
use std::io;
use std::path::Path;

use rayon::prelude::*;

use super::commit::{self, Job, Payload};
use super::journal::Journal;
use super::manifest::{self, MANIFEST};
use super::{Content, Outputs, is_contained};
use crate::diagnostics::Diagnostic;

/// The files the last build wrote (its manifest), borrowed.
type Listed<'a> = HashSet<&'a str>;

#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct WriteStats {
    pub written: usize,
    pub unchanged: usize,
    pub removed: usize,
}

/// Makes the output folder equal to `outputs`: changed files replaced,
/// the last build's orphans removed, nothing else touched. A folder with
/// no manifest is refused unless it is empty, holds only files this build
/// renders (an older mekong's output) or `force` adopts it.
pub fn write(out: &Path, outputs: &Outputs, force: bool) -> Result<WriteStats, Vec<Diagnostic>> {
    refuse_escapes(out, outputs.files.keys())?;
    fs::create_dir_all(out).map_err(|e| {
        vec![Diagnostic::error(
            out.to_path_buf(),
            format!("cannot create output directory: {e}"),
        )]
    })?;
    let _lock = commit::lock(out)?;
    write_locked(out, outputs, force)
}

fn write_locked(out: &Path, outputs: &Outputs, force: bool) -> Result<WriteStats, Vec<Diagnostic>> {
    commit::recover(out)?;
    let unreadable = |e: io::Error| {
        vec![Diagnostic::error(
            out.join(MANIFEST),
            format!("cannot read the manifest of the last build: {e}"),
        )]
    };
    let text = manifest::read(out).map_err(unreadable)?;
    let (adopted, stale) = match &text {
        Some(_) => (Vec::new(), Vec::new()),
        None => adopt(out, outputs, force)?,
    };
    let previous: Listed = match &text {
        // Each of these may be removed: each must stay inside.
        Some(text) => manifest::entries(text)
            .filter(|rel| is_contained(rel))
            .collect(),
        None => adopted.iter().map(String::as_str).collect(),
    };
    let files: Vec<(&str, &Content)> = outputs.files.iter().map(|(k, v)| (k.as_str(), v)).collect();
    let mut orphans: Vec<String> = previous
        .iter()
        .filter(|rel| !outputs.files.contains_key(**rel))
        .map(|rel| rel.to_string())
        .collect();
    orphans.sort();
    orphans.extend(stale);
    let listed = manifest::text(outputs.files.keys().map(String::as_str));
    apply(out, &files, &previous, orphans, Some(listed))
}

/// Writes the outputs named in `changed` (each only if its bytes differ)
/// and deletes those named in `removed` that the last build wrote: what
/// `watch` does after an edit, with the same staging and manifest as
/// `write`.
pub(crate) fn write_some(
    out: &Path,
    outputs: &Outputs,
    changed: &[String],
    removed: &[String],
) -> Result<WriteStats, Vec<Diagnostic>> {
    refuse_escapes(out, changed.iter().chain(removed))?;
    if !out.is_dir() {
        return write(out, outputs, false);
    }
    let _lock = commit::lock(out)?;
    commit::recover(out)?;
    let Some(text) = manifest::read(out).ok().flatten() else {
        // The manifest went: compare the whole site.
        return write_locked(out, outputs, false);
    };
    // Only looked up: what is removed comes from `removed`, checked above.
    let previous: Listed = manifest::entries(&text).collect();
    let files: Vec<(&str, &Content)> = changed
        .iter()
        .filter_map(|rel| outputs.files.get_key_value(rel.as_str()))
        .map(|(k, v)| (k.as_str(), v))
        .collect();
    let removed: BTreeSet<&str> = removed.iter().map(String::as_str).collect();
    let orphans: Vec<String> = removed
        .iter()
        .filter(|rel| previous.contains(*rel) && !outputs.files.contains_key(**rel))
        .map(|rel| rel.to_string())
        .collect();
    // An edit rewrites files the manifest lists already: it stays as it is.
    let same = orphans.is_empty() && files.iter().all(|(rel, _)| previous.contains(*rel));
    let listed = (!same).then(|| {
        let gone: HashSet<&str> = orphans.iter().map(String::as_str).collect();
        let listed: BTreeSet<&str> = previous
            .iter()
            .copied()
            .filter(|rel| !gone.contains(rel))
            .chain(files.iter().map(|(rel, _)| *rel))
            .collect();
        manifest::text(listed)
    });
    apply(out, &files, &previous, orphans, listed)
}

fn refuse_escapes<'a>(
    out: &Path,
    paths: impl Iterator<Item = &'a String>,
) -> Result<(), Vec<Diagnostic>> {
    let bad: Vec<Diagnostic> = paths
        .filter(|rel| !is_contained(rel))
        .map(|rel| {
            Diagnostic::error(
                out.to_path_buf(),
                format!(
                    "refusing to write `{rel}`: it is not a plain path inside the output directory"
                ),
            )
        })
        .collect();
    if bad.is_empty() { Ok(()) } else { Err(bad) }
}

/// What to do with an output folder that has no manifest: an empty one,
/// or one holding only files this build renders, is mekong's; anything
/// else needs `--force-output`, and even then nothing in it is an orphan.
/// Returns the files taken as mekong's and an older mekong's temp files.
#[allow(clippy::type_complexity)]
fn adopt(
    out: &Path,
    outputs: &Outputs,
    force: bool,
) -> Result<(Vec<String>, Vec<String>), Vec<Diagnostic>> {
    let survey = manifest::survey(out).map_err(|e| {
        vec![Diagnostic::error(
            out.to_path_buf(),
            format!("cannot look through the output folder: {e}"),
        )]
    })?;
    let foreign: Vec<&String> = survey
        .files
        .iter()
        .filter(|rel| !outputs.files.contains_key(*rel))
        .collect();
    if !foreign.is_empty() && !force {
        let n = foreign.len();
        let shown: Vec<String> = foreign.iter().take(3).map(|f| format!("`{f}`")).collect();
        return Err(vec![
            Diagnostic::error(
                out.to_path_buf(),
                format!(
                    "refusing to build into {}: it is not empty and has no mekong manifest ({MANIFEST}), and {} {} not one this build writes ({}{})",
                    out.display(),
                    n,
                    if n == 1 { "file is" } else { "files are" },
                    shown.join(", "),
                    if n > 3 { ", …" } else { "" }
                ),
            )
            .help("choose an empty or new folder with --output, or pass --force-output to build into this one anyway (mekong then deletes nothing it did not write)"),
        ]);
    }
    let previous = survey
        .files
        .into_iter()
        .filter(|rel| outputs.files.contains_key(rel))
        .collect();
    Ok((previous, survey.stale))
}

/// Compares, plans and carries out one write; `listed` is the new
/// manifest (`None`: the same as before).
fn apply<'a>(
    out: &Path,
    files: &[(&'a str, &'a Content)],
    previous: &Listed,
    orphans: Vec<String>,
    listed: Option<Vec<u8>>,
) -> Result<WriteStats, Vec<Diagnostic>> {
    let (missing, displaced) = plan_folders(out, files, previous)?;
    let missing_set: HashSet<&str> = missing.iter().map(String::as_str).collect();
    // A new folder is staged whole: one rename puts it in place, however
    // many files it holds (a first build moves a dozen folders, not
    // 10,000 files).
    let trees: Vec<&str> = missing
        .iter()
        .map(String::as_str)
        .filter(|dir| {
            dir.rsplit_once('/')
                .is_none_or(|(parent, _)| !missing_set.contains(parent))
        })
        .collect();
    let tree_set: HashSet<&str> = trees.iter().copied().collect();
    fn tree_of<'a>(
        missing: &HashSet<&str>,
        trees: &HashSet<&str>,
        rel: &'a str,
    ) -> Option<&'a str> {
        rel.rsplit_once('/')
            .filter(|(dir, _)| missing.contains(dir))
            .and_then(|(dir, _)| commit::tree_of(trees, dir))
    }
    let tree_of = |rel| tree_of(&missing_set, &tree_set, rel);
    let planned: Vec<Result<Option<Job>, Diagnostic>> = files
        .par_iter()
        .map(|&(rel, content)| {
            let bytes = content.bytes().map_err(|e| {
                let from = match content {
                    Content::File(p) => format!(" from {}", p.display()),
                    _ => String::new(),
                };
                Diagnostic::error(
                    out.join(rel),
                    format!("cannot read the source of `{rel}`{from}: {e}"),
                )
                .help("nothing in the output folder was changed")
            })?;
            // Large files are not held until staged: read again then.
            let hold = |bytes: Cow<'a, [u8]>| match bytes {
                Cow::Owned(b) if b.len() > Payload::HOLD => Payload::Reread {
                    content,
                    len: b.len(),
                    hash: xxhash_rust::xxh3::xxh3_64(&b),
                },
                bytes => Payload::Bytes(bytes),
            };
            if let Some(tree) = tree_of(rel) {
                return Ok(Some(Job {
                    rel,
                    tree: Some(tree),
                    bytes: hold(bytes),
                }));
            }
            match needs_writing(out, rel, &bytes, previous) {
                Ok(true) => Ok(Some(Job {
                    rel,
                    tree: None,
                    bytes: hold(bytes),
                })),
                Ok(false) => Ok(None),
                Err(e) => Err(Diagnostic::error(out.join(rel), e)
                    .help("nothing in the output folder was changed")),
            }
        })
        .collect();
    let mut jobs = Vec::new();
    let mut errors = Vec::new();
    let mut unchanged = 0;
    for result in planned {
        match result {
            Ok(Some(job)) => jobs.push(job),
            Ok(None) => unchanged += 1,
            Err(d) => errors.push(d),
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    let written = jobs.len();
    let orphans: Vec<String> = orphans
        .into_iter()
        .filter(|rel| !displaced.contains(rel))
        .collect();
    let listed = listed.filter(|new| fs::read(out.join(MANIFEST)).map_or(true, |old| old != *new));
    if jobs.is_empty() && orphans.is_empty() && listed.is_none() {
        return Ok(WriteStats {
            written,
            unchanged,
            removed: 0,
        });
    }
    if let Some(listed) = listed {
        jobs.push(Job {
            rel: MANIFEST,
            tree: None,
            bytes: Payload::Bytes(Cow::Owned(listed)),
        });
    }
    let counted = orphans
        .iter()
        .filter(|rel| !rel.rsplit('/').next().unwrap_or("").starts_with('.'))
        .count();
    let journal = Journal {
        trees: trees.iter().map(|t| t.to_string()).collect(),
        staged: jobs
            .iter()
            .filter(|job| job.tree.is_none())
            .map(|job| job.rel.to_string())
            .collect(),
        orphans,
        committed: false,
    };
    let folders: Vec<&str> = missing.iter().map(String::as_str).collect();
    let removed = commit::run(out, journal, &folders, jobs)?;
    Ok(WriteStats {
        written,
        unchanged,
        removed: removed.min(counted),
    })
}

/// The folders the files need that are not there, parents first, and of
/// those, the ones where a file or symlink of mekong's stands now (moved
/// aside when the new folder moves in).
fn plan_folders(
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
fn needs_writing(out: &Path, rel: &str, bytes: &[u8], previous: &Listed) -> Result<bool, String> {
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
