//! Planning a write: which files changed, which folders are needed, what
//! the last build wrote and no longer renders. Every input is read here,
//! before `commit::run` changes the first byte.

use std::borrow::Cow;
use std::collections::{BTreeSet, HashSet};
use std::fs;
use std::io;
use std::path::Path;

use rayon::prelude::*;

use super::commit::{self, Job, Payload};
use super::journal::Journal;
use super::manifest::{self, MANIFEST};
use super::on_disk::{Listed, needs_writing, plan_folders};
use super::{Content, Outputs, is_contained};
use crate::diagnostics::Diagnostic;

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
    let orphans = orphans(&previous, outputs, stale);
    let listed = manifest::text(outputs.files.keys().map(String::as_str));
    apply(out, &files, &previous, orphans, Some(listed))
}

/// Writes the outputs named in `changed` (each only if its bytes differ)
/// and deletes those named in `removed` that the last build wrote: what
/// `watch` does after an edit, with the same staging and manifest as
/// `write`.
pub fn write_some(
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

/// What the last build listed and this one does not make, in order, then
/// the stale files an adopted folder held: the files a build removes.
pub(super) fn orphans(previous: &Listed, outputs: &Outputs, stale: Vec<String>) -> Vec<String> {
    let mut orphans: Vec<String> = previous
        .iter()
        .filter(|rel| !outputs.files.contains_key(**rel))
        .map(|rel| rel.to_string())
        .collect();
    orphans.sort();
    orphans.extend(stale);
    orphans
}

pub(super) fn refuse_escapes<'a>(
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
pub(super) fn adopt(
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
    let trees = new_trees(&missing);
    let (mut jobs, unchanged) = plan_jobs(out, files, previous, &missing, &trees)?;
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
    let journal = journal(&trees, &jobs, orphans);
    let folders: Vec<&str> = missing.iter().map(String::as_str).collect();
    let removed = commit::run(out, journal, &folders, jobs)?;
    Ok(WriteStats {
        written,
        unchanged,
        removed: removed.min(counted),
    })
}

/// The new folders that are staged whole, those whose parent is not new
/// itself: one rename puts each in place, however many files it holds (a
/// first build moves a dozen folders, not 10,000 files).
pub(super) fn new_trees(missing: &[String]) -> Vec<&str> {
    let missing_set: HashSet<&str> = missing.iter().map(String::as_str).collect();
    missing
        .iter()
        .map(String::as_str)
        .filter(|dir| {
            dir.rsplit_once('/')
                .is_none_or(|(parent, _)| !missing_set.contains(parent))
        })
        .collect()
}

/// The files to stage, in parallel, and how many are unchanged; every
/// file that cannot be read or compared is an error, and then nothing is
/// written.
fn plan_jobs<'a>(
    out: &Path,
    files: &[(&'a str, &'a Content)],
    previous: &Listed,
    missing: &[String],
    trees: &[&str],
) -> Result<(Vec<Job<'a>>, usize), Vec<Diagnostic>> {
    let missing: HashSet<&str> = missing.iter().map(String::as_str).collect();
    let trees: HashSet<&str> = trees.iter().copied().collect();
    // The new folder a file is staged inside, if its folder is new.
    let tree_of = |rel: &'a str| {
        rel.rsplit_once('/')
            .filter(|(dir, _)| missing.contains(dir))
            .and_then(|(dir, _)| commit::tree_of(&trees, dir))
    };
    let planned: Vec<Result<Option<Job>, Diagnostic>> = files
        .par_iter()
        .map(|&(rel, content)| plan_job(out, rel, content, previous, tree_of(rel)))
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
    if errors.is_empty() {
        Ok((jobs, unchanged))
    } else {
        Err(errors)
    }
}

/// One file's job: staged inside its new folder `tree`, or written where
/// it stands if its bytes differ (`None`: unchanged).
fn plan_job<'a>(
    out: &Path,
    rel: &'a str,
    content: &'a Content,
    previous: &Listed,
    tree: Option<&'a str>,
) -> Result<Option<Job<'a>>, Diagnostic> {
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
    if tree.is_some() {
        return Ok(Some(Job {
            rel,
            tree,
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
        Err(e) => {
            Err(Diagnostic::error(out.join(rel), e)
                .help("nothing in the output folder was changed"))
        }
    }
}

/// What the journal records before the first move, so that an
/// interrupted write is finished or undone at the next one.
fn journal(trees: &[&str], jobs: &[Job], orphans: Vec<String>) -> Journal {
    Journal {
        trees: trees.iter().map(|t| t.to_string()).collect(),
        staged: jobs
            .iter()
            .filter(|job| job.tree.is_none())
            .map(|job| job.rel.to_string())
            .collect(),
        orphans,
        committed: false,
    }
}
