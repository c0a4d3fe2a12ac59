//! Carrying out a planned write, all or nothing: journal, every changed
//! file staged beside its destination (a new folder staged whole, with
//! its files inside), `commit`, then the moves into place. A failed stage
//! throws every stage away; a failed move puts back every file already
//! moved. A kill at any point leaves the journal, and the next build
//! finishes or undoes the write (`recover`).

use std::borrow::Cow;
use std::collections::{BTreeMap, BTreeSet, HashSet};
use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use super::Content;
use super::failpoint::Failpoint;
use super::journal::{Journal, backup_path, stage_path};
use super::manifest::{self, MANIFEST};
use super::moves::{Fresh, move_into_place, remove_empty_parents, undo, write_whole};
use super::report::{CHANGED, UNCHANGED, grouped, with_leftovers};
use crate::diagnostics::Diagnostic;

/// A file to stage: its path in the output folder, the new folder it is
/// staged inside (if any), its bytes.
pub(crate) struct Job<'a> {
    pub rel: &'a str,
    pub tree: Option<&'a str>,
    pub bytes: Payload<'a>,
}

pub(crate) enum Payload<'a> {
    Bytes(Cow<'a, [u8]>),
    /// A large file, read and hashed while planning, read again to stage:
    /// a site's videos are never all in memory at once. Should it change
    /// between the two reads, the write is abandoned.
    Reread {
        content: &'a Content,
        len: usize,
        hash: u64,
    },
}

impl Payload<'_> {
    /// Files larger than this are read twice rather than held.
    pub(crate) const HOLD: usize = 1 << 20;

    fn bytes(&self) -> io::Result<Cow<'_, [u8]>> {
        match self {
            Payload::Bytes(bytes) => Ok(Cow::Borrowed(bytes)),
            Payload::Reread { content, len, hash } => {
                let bytes = content.bytes()?;
                if bytes.len() != *len || xxhash_rust::xxh3::xxh3_64(&bytes) != *hash {
                    return Err(io::Error::other(
                        "its source file changed while this build ran",
                    ));
                }
                Ok(bytes)
            }
        }
    }
}

/// Where a job's bytes go before the move: beside its destination, or
/// inside the staged copy of its new folder.
pub(super) fn staged_at(out: &Path, rel: &str, tree: Option<&str>) -> PathBuf {
    match tree {
        Some(tree) => stage_path(out, tree).join(&rel[tree.len() + 1..]),
        None => stage_path(out, rel),
    }
}

/// Journals, stages and moves `files` into place, then removes the
/// journal's orphans. `folders` are the folders inside the journal's
/// trees, parents first. Returns how many orphans were removed.
pub fn run(
    out: &Path,
    mut journal: Journal,
    folders: &[&str],
    files: Vec<Job<'_>>,
) -> Result<usize, Vec<Diagnostic>> {
    let folder_error = |what: &str, e: io::Error| {
        vec![Diagnostic::error(out.to_path_buf(), format!("cannot {what}: {e}")).help(UNCHANGED)]
    };
    journal
        .write(out)
        .map_err(|e| folder_error("write the journal of this build", e))?;
    if let Err(failures) = make_trees(out, &journal, folders) {
        let leftovers = abandon(out, &journal);
        return Err(with_leftovers(
            grouped("cannot create the folder", out, failures, UNCHANGED),
            leftovers,
        ));
    }

    let failpoint = Failpoint::from_env();
    let half = files.len() / 2;
    let failures: Vec<(String, io::Error)> = files
        .into_par_iter()
        .enumerate()
        .filter_map(|(i, job)| {
            if i == half {
                failpoint.reached(Failpoint::Stage);
            }
            // Nothing can be in the way: the journal claimed this name,
            // and a leftover would have been cleared by `recover`.
            let written = (|| {
                let mut file = fs::File::create_new(staged_at(out, job.rel, job.tree))?;
                file.write_all(&job.bytes.bytes()?)
            })();
            written.err().map(|e| (job.rel.to_string(), e))
        })
        .collect();
    if !failures.is_empty() {
        let leftovers = abandon(out, &journal);
        return Err(with_leftovers(
            grouped("cannot write", out, failures, UNCHANGED),
            leftovers,
        ));
    }
    if let Err(e) = journal.commit(out) {
        let leftovers = abandon(out, &journal);
        return Err(with_leftovers(
            folder_error("mark the journal of this build complete", e),
            leftovers,
        ));
    }
    finish(out, &journal, failpoint, Fresh::Yes)
}

/// Holds the output folder for one write: a second mekong writing to the
/// same folder (a `build` beside a `watch`) would otherwise take this
/// one's journal for a killed build's and undo it mid-write.
pub(crate) struct Lock(#[allow(dead_code, reason = "held, not read")] Option<fs::File>);

pub(crate) fn lock(out: &Path) -> Result<Lock, Vec<Diagnostic>> {
    // Unix lets a folder be opened and locked; elsewhere, no lock.
    let Some(folder) = fs::File::open(out).ok().filter(|_| cfg!(unix)) else {
        return Ok(Lock(None));
    };
    match folder.try_lock() {
        Ok(()) => Ok(Lock(Some(folder))),
        Err(fs::TryLockError::WouldBlock) => Err(vec![
            Diagnostic::error(
                out.to_path_buf(),
                format!("another mekong is writing to {}", out.display()),
            )
            .help("wait for it to finish (or stop the `mekong watch` that writes there); nothing was changed"),
        ]),
        // A file system without locks: go on, as before locks.
        Err(fs::TryLockError::Error(_)) => Ok(Lock(None)),
    }
}

/// Finishes or undoes a write a killed build left behind, before this
/// build plans its own. Errors when the folder cannot be made whole.
pub(crate) fn recover(out: &Path) -> Result<(), Vec<Diagnostic>> {
    let journal = Journal::read(out).map_err(|e| {
        vec![
            Diagnostic::error(
                out.join(super::journal::JOURNAL),
                format!("cannot read the journal of an interrupted build: {e}"),
            )
            .help("move the file away and look through the output folder, or build into a new one"),
        ]
    })?;
    let Some(journal) = journal else {
        return Ok(());
    };
    if journal.committed {
        finish(out, &journal, Failpoint::None, Fresh::No).map(|_| ())
    } else {
        let leftovers = abandon(out, &journal);
        if leftovers.is_empty() {
            Ok(())
        } else {
            Err(with_leftovers(Vec::new(), leftovers))
        }
    }
}

/// Creates the staged copy of each new folder and the folders inside it,
/// one depth at a time (siblings in parallel).
pub(super) fn make_trees(
    out: &Path,
    journal: &Journal,
    folders: &[&str],
) -> Result<(), Vec<(String, io::Error)>> {
    let roots = journal
        .trees
        .iter()
        .map(|tree| (tree.as_str(), stage_path(out, tree)))
        .collect();
    let inside = folders_in_trees(out, journal, folders).into_values();
    for level in std::iter::once(roots).chain(inside) {
        let failures: Vec<(String, io::Error)> = level
            .par_iter()
            .filter_map(|(dir, path)| fs::create_dir(path).err().map(|e| (dir.to_string(), e)))
            .collect();
        if !failures.is_empty() {
            return Err(failures);
        }
    }
    Ok(())
}

/// The `folders` that lie inside the journal's trees (the trees left
/// out), each with where it is staged, by depth below its tree.
pub(super) fn folders_in_trees<'a>(
    out: &Path,
    journal: &Journal,
    folders: &[&'a str],
) -> BTreeMap<usize, Vec<(&'a str, PathBuf)>> {
    let trees: HashSet<&str> = journal.trees.iter().map(String::as_str).collect();
    let mut by_depth: BTreeMap<usize, Vec<(&str, PathBuf)>> = BTreeMap::new();
    for dir in folders {
        let Some(tree) = tree_of(&trees, dir) else {
            continue;
        };
        if tree != *dir {
            by_depth
                .entry(dir[tree.len()..].matches('/').count())
                .or_default()
                .push((dir, staged_at(out, dir, Some(tree))));
        }
    }
    by_depth
}

/// The tree (new folder) that `dir` is or lies in.
pub(crate) fn tree_of<'a>(trees: &HashSet<&str>, dir: &'a str) -> Option<&'a str> {
    let mut best = None;
    let mut end = 0;
    loop {
        let next = dir[end..].find('/').map_or(dir.len(), |i| end + i);
        if trees.contains(&dir[..next]) {
            best = Some(&dir[..next]);
            break; // trees never nest: the outermost one holds the rest
        }
        if next == dir.len() {
            break;
        }
        end = next + 1;
    }
    best
}

/// Throws an uncommitted write away: stages and staged folders go.
/// Returns what could not be removed.
pub(super) fn abandon(out: &Path, journal: &Journal) -> Vec<String> {
    let mut problems = Vec::new();
    for rel in journal.staged.iter().chain(&journal.trees) {
        let stage = stage_path(out, rel);
        let gone = match fs::symlink_metadata(&stage) {
            Ok(meta) if meta.is_dir() => fs::remove_dir_all(&stage),
            Ok(_) => fs::remove_file(&stage),
            Err(_) => Ok(()),
        };
        if let Err(e) = gone {
            problems.push(format!("`{}`: {e}", stage.display()));
        }
    }
    if problems.is_empty()
        && let Err(e) = Journal::remove(out)
    {
        problems.push(format!("`{}`: {e}", super::journal::JOURNAL));
    }
    problems
}

/// Moves every stage into place (the manifest last), then removes the
/// orphans and the old files kept for undoing. Should a move fail, every
/// file already moved is put back and the write is abandoned.
pub(super) fn finish(
    out: &Path,
    journal: &Journal,
    failpoint: Failpoint,
    fresh: Fresh,
) -> Result<usize, Vec<Diagnostic>> {
    move_all(out, journal, failpoint, fresh)?;
    // The new site is in place; what follows only tidies up.
    let (removed, mut diagnostics) = remove_orphans(out, journal);
    remove_backups(out, journal, &mut diagnostics);
    let _ = Journal::remove(out);
    if diagnostics.is_empty() {
        Ok(removed)
    } else {
        Err(diagnostics)
    }
}

/// Moves the new folders and staged files into place, the manifest last;
/// on a failure, puts back every file already moved.
fn move_all(
    out: &Path,
    journal: &Journal,
    failpoint: Failpoint,
    fresh: Fresh,
) -> Result<(), Vec<Diagnostic>> {
    let (last, files) = match journal.staged.split_last() {
        Some((last, files)) if last == MANIFEST => (Some(last), files),
        _ => (None, journal.staged.as_slice()),
    };
    // New folders take the careful path; files just staged, the quick one.
    let files: Vec<(&String, Fresh)> = journal
        .trees
        .iter()
        .map(|tree| (tree, Fresh::No))
        .chain(files.iter().map(|file| (file, fresh)))
        .collect();
    let half = files.len() / 2;
    let mut failures: Vec<(String, io::Error)> = files
        .par_iter()
        .enumerate()
        .filter_map(|(i, (rel, fresh))| {
            if i == half {
                failpoint.reached(Failpoint::Move);
            }
            move_into_place(out, rel, *fresh)
                .err()
                .map(|e| (rel.to_string(), e))
        })
        .collect();
    if failures.is_empty()
        && let Some(rel) = last
        && let Err(e) = move_into_place(out, rel, fresh)
    {
        failures.push((rel.clone(), e));
    }
    if !failures.is_empty() {
        let mut problems: Vec<String> = journal
            .staged
            .par_iter()
            .chain(&journal.trees)
            .filter_map(|rel| undo(out, rel).err().map(|e| format!("`{rel}`: {e}")))
            .collect();
        if problems.is_empty() {
            problems = abandon(out, journal);
        }
        let help = if problems.is_empty() {
            "every file already moved was put back: the output folder holds the previous build, unchanged"
        } else {
            "some files could not be put back (below); the journal stays, and the next build finishes or undoes this one"
        };
        return Err(with_leftovers(
            grouped("cannot replace", out, failures, help),
            problems,
        ));
    }
    Ok(())
}

/// Removes the last build's orphans: how many went, and an error for those
/// that stay (listed again in the manifest, so the next build retries).
fn remove_orphans(out: &Path, journal: &Journal) -> (usize, Vec<Diagnostic>) {
    let mut kept = Vec::new();
    let mut removed = 0;
    for rel in &journal.orphans {
        match fs::remove_file(out.join(rel)) {
            Ok(()) => {
                removed += 1;
                remove_empty_parents(out, rel);
            }
            // Gone already, or its folder became a file of this build
            // (and the old folder went with the backups).
            Err(e)
                if matches!(
                    e.kind(),
                    io::ErrorKind::NotFound | io::ErrorKind::NotADirectory
                ) => {}
            Err(e) => kept.push((rel.clone(), e)),
        }
    }
    let mut diagnostics = Vec::new();
    if !kept.is_empty() {
        // Still mekong's: listed again, so the next build tries again.
        let manifest = manifest::read(out).ok().flatten().unwrap_or_default();
        let all: BTreeSet<&str> = manifest::entries(&manifest)
            .chain(kept.iter().map(|(rel, _)| rel.as_str()))
            .collect();
        let _ = write_whole(&out.join(MANIFEST), &manifest::text(all));
        diagnostics.extend(
            grouped(
                "cannot remove the old file",
                out,
                kept,
                "the new build is in place; these files of the previous build stay listed in the manifest, and the next build removes them",
            )
            .into_iter()
            .map(|d| d.label(CHANGED)),
        );
    }
    (removed, diagnostics)
}

/// Removes the old copies kept for undoing, in parallel: unlinking an old
/// file's last link frees it, which is most of the time an edit that
/// changed thousands of files spends writing them.
fn remove_backups(out: &Path, journal: &Journal, diagnostics: &mut Vec<Diagnostic>) {
    let rels: Vec<&String> = journal.staged.iter().chain(&journal.trees).collect();
    let failed: Vec<Diagnostic> = rels
        .par_iter()
        .filter_map(|rel| {
            let backup = backup_path(out, rel);
            // Most backups are hard links: one unlink, no look first.
            let gone = match fs::remove_file(&backup) {
                Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(()),
                Err(_) if backup.is_dir() => fs::remove_dir_all(&backup),
                other => other,
            };
            let e = gone.err()?;
            Some(
                Diagnostic::error(backup, format!("cannot remove the old copy: {e}"))
                    .label(CHANGED)
                    .help("the new build is in place; remove this file by hand"),
            )
        })
        .collect();
    diagnostics.extend(failed);
}
