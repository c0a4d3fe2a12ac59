//! A write whose files arrive one at a time, as a one-shot build renders
//! them: each is compared with the file in place and, if its bytes
//! changed, staged at once, so that no rendered file waits in memory for
//! the others (at 10,000 pages they were a quarter of the peak).
//!
//! The guarantees are `write`'s: every path is known, and checked against
//! the others, before the stream opens; the journal is on disk before the
//! first stage; nothing moves into place before every file is staged and
//! the build holds no error; a failure, or a kill, throws every stage away
//! and leaves the old site whole. Files whose bytes did not change are
//! not touched, and a build that changes nothing writes nothing at all,
//! not even the journal.

use std::collections::{HashMap, HashSet};
use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Mutex, OnceLock};

use super::commit;
use super::failpoint::Failpoint;
use super::folders::{Folders, Put};
use super::held::Held;
use super::journal::Journal;
use super::manifest::{self, MANIFEST};
use super::moves::Fresh;
use super::on_disk::{Listed, needs_writing, plan_folders};
use super::report::{UNCHANGED, grouped, with_leftovers};
use super::write::{WriteStats, adopt, new_trees, orphans};
use super::{Content, Outputs, is_contained};
use crate::diagnostics::Diagnostic;

/// One write in progress; `put` from any thread, then `finish` (or drop
/// it after an error elsewhere: `abandon`).
pub struct Stream<'a> {
    held: &'a Held,
    out: &'a Path,
    outputs: &'a Outputs,
    previous: Listed<'a>,
    orphans: Vec<String>,
    /// New folders, parents first; `trees` are those staged whole.
    folders: Vec<String>,
    /// Makes the folders inside the trees while the files arrive.
    making: Folders,
    trees: Vec<String>,
    tree_set: HashSet<String>,
    /// The journal on disk until `finish` writes the final one: every
    /// file that may be staged beside its destination.
    begun: OnceLock<Option<Journal>>,
    staged: Mutex<Vec<String>>,
    written: AtomicUsize,
    unchanged: AtomicUsize,
    failed: AtomicBool,
    failures: Mutex<Vec<(String, io::Error)>>,
    errors: Mutex<Vec<Diagnostic>>,
}

impl Held {
    /// Opens the stream for `outputs` (every path of the build; rendered
    /// files may come as `Content::Pending`, and are `put` as they come).
    pub fn stream<'a>(&'a self, outputs: &'a Outputs) -> Result<Stream<'a>, Vec<Diagnostic>> {
        let out = self.out();
        let (adopted, stale) = match &self.manifest {
            None if self.existed => adopt(out, outputs, self.force)?,
            _ => (Vec::new(), Vec::new()),
        };
        let previous: Listed = match &self.manifest {
            // Each of these may be removed: each must stay inside.
            Some(text) => manifest::entries(text)
                .filter(|rel| is_contained(rel))
                .collect(),
            None => adopted
                .iter()
                .filter_map(|rel| outputs.files.get_key_value(rel.as_str()))
                .map(|(rel, _)| rel.as_str())
                .collect(),
        };
        let mut orphans = orphans(&previous, outputs, stale);
        let files: Vec<(&str, &Content)> =
            outputs.files.iter().map(|(k, v)| (k.as_str(), v)).collect();
        let (folders, displaced) = plan_folders(out, &files, &previous)?;
        orphans.retain(|rel| !displaced.contains(rel));
        let trees: Vec<String> = new_trees(&folders)
            .into_iter()
            .map(str::to_string)
            .collect();
        Ok(Stream {
            held: self,
            out,
            outputs,
            previous,
            orphans,
            tree_set: trees.iter().cloned().collect(),
            trees,
            folders,
            making: Folders::new(),
            begun: OnceLock::new(),
            staged: Mutex::new(Vec::new()),
            written: AtomicUsize::new(0),
            unchanged: AtomicUsize::new(0),
            failed: AtomicBool::new(false),
            failures: Mutex::new(Vec::new()),
            errors: Mutex::new(Vec::new()),
        })
    }
}

impl Stream<'_> {
    /// How many paths the write covers.
    pub fn len(&self) -> usize {
        self.outputs.len()
    }

    pub fn is_empty(&self) -> bool {
        self.outputs.is_empty()
    }

    /// Stages every file whose content is at hand (static files, assets,
    /// the search index): all but the `Pending` ones.
    pub fn put_files(&self) {
        use rayon::prelude::*;
        let files: Vec<(&String, &Content)> = self
            .outputs
            .files
            .iter()
            .filter(|(_, content)| !matches!(content, Content::Pending))
            .collect();
        files.par_iter().for_each(|(rel, content)| {
            match content.bytes() {
                Ok(bytes) => self.put(rel, &bytes),
                Err(e) => {
                    let from = match content {
                        Content::File(p) => format!(" from {}", p.display()),
                        _ => String::new(),
                    };
                    self.error(
                        Diagnostic::error(
                            self.out.join(rel),
                            format!("cannot read the source of `{rel}`{from}: {e}"),
                        )
                        .help("nothing in the output folder was changed"),
                    );
                }
            };
        });
    }

    /// Compares `bytes` with the file at `rel` and stages them if they
    /// differ. Problems are kept for `finish`; after the first, nothing
    /// more is staged.
    pub fn put(&self, rel: &str, bytes: &[u8]) {
        let tree = rel
            .rsplit_once('/')
            .and_then(|(dir, _)| self.tree_of(dir))
            .map(str::to_string);
        if tree.is_none() {
            match needs_writing(self.out, rel, bytes, &self.previous) {
                Ok(true) => {}
                Ok(false) => {
                    self.unchanged.fetch_add(1, Ordering::Relaxed);
                    return;
                }
                Err(e) => {
                    let d = Diagnostic::error(self.out.join(rel), e)
                        .help("nothing in the output folder was changed");
                    return self.error(d);
                }
            }
        }
        // After a problem, files are still compared (so that every
        // problem is reported at once) but no longer staged.
        if self.failed.load(Ordering::Relaxed) || self.begin().is_none() {
            return;
        }
        let at = commit::staged_at(self.out, rel, tree.as_deref());
        let staged = match tree {
            None => fs::File::create_new(at).and_then(|mut file| file.write_all(bytes)),
            Some(_) => match self.making.put(rel, at, bytes) {
                Put::Staged(staged) => staged,
                Put::Held => return,
                Put::Refused => return self.failed.store(true, Ordering::Relaxed),
            },
        };
        match staged {
            Ok(()) => {
                self.written.fetch_add(1, Ordering::Relaxed);
                if tree.is_none() {
                    lock(&self.staged).push(rel.to_string());
                }
            }
            Err(e) => {
                self.failed.store(true, Ordering::Relaxed);
                lock(&self.failures).push((rel.to_string(), e));
            }
        }
    }

    fn error(&self, d: Diagnostic) {
        self.failed.store(true, Ordering::Relaxed);
        lock(&self.errors).push(d);
    }

    /// The new folder that `dir` is or lies in.
    fn tree_of<'d>(&self, dir: &'d str) -> Option<&'d str> {
        if self.tree_set.is_empty() {
            return None;
        }
        let mut end = 0;
        loop {
            let next = dir[end..].find('/').map_or(dir.len(), |i| end + i);
            if self.tree_set.contains(&dir[..next]) {
                return Some(&dir[..next]); // trees never nest
            }
            if next == dir.len() {
                return None;
            }
            end = next + 1;
        }
    }

    /// Before the first stage: the journal, naming every stage this write
    /// may make (so a kill from here on is undone by the next build), and
    /// the staged copies of the new folders. `None` once that failed (the
    /// error is kept, and what it created is gone).
    fn begin(&self) -> Option<&Journal> {
        self.begun.get_or_init(|| self.begin_now()).as_ref()
    }

    fn begin_now(&self) -> Option<Journal> {
        if let Err(errors) = self.held.create() {
            self.failed.store(true, Ordering::Relaxed);
            lock(&self.errors).extend(errors);
            return None;
        }
        let journal = Journal {
            trees: self.trees.clone(),
            staged: self
                .outputs
                .files
                .keys()
                .filter(|rel| {
                    rel.rsplit_once('/')
                        .is_none_or(|(dir, _)| self.tree_of(dir).is_none())
                })
                .cloned()
                .chain([MANIFEST.to_string()])
                .collect(),
            orphans: Vec::new(),
            committed: false,
        };
        if let Err(e) = journal.write(self.out) {
            let d = Diagnostic::error(
                self.out.to_path_buf(),
                format!("cannot write the journal of this build: {e}"),
            )
            .help(UNCHANGED);
            self.error(d);
            return None;
        }
        // The trees' own folders now; those inside them on their own
        // thread, while the files render (`folders` says why).
        if let Err(failures) = commit::make_trees(self.out, &journal, &[]) {
            let leftovers = self.throw_away(&journal);
            let found = grouped("cannot create the folder", self.out, failures, UNCHANGED);
            self.failed.store(true, Ordering::Relaxed);
            lock(&self.errors).extend(with_leftovers(found, leftovers));
            return None;
        }
        let folders: Vec<&str> = self.folders.iter().map(String::as_str).collect();
        let inside = commit::folders_in_trees(self.out, &journal, &folders).into_values();
        self.making
            .start(inside.flat_map(fewest_siblings_first).collect());
        Some(journal)
    }

    /// Once every file was put: the manifest, the final journal, the
    /// commit, the moves, the orphans. A problem any `put` kept fails the
    /// write, every stage thrown away. `not_made` are paths claimed when
    /// the stream opened that the build did not make after all (a copy no
    /// template asked for): not listed, and removed if the last build made
    /// them.
    pub fn finish(mut self, not_made: &[String]) -> Result<WriteStats, Vec<Diagnostic>> {
        let out = self.out;
        let made = self.making.finish();
        self.written.fetch_add(made.written, Ordering::Relaxed);
        let mut errors = std::mem::take(&mut *lock(&self.errors));
        if !made.folder_failures.is_empty() {
            let failures = made.folder_failures;
            errors.extend(grouped(
                "cannot create the folder",
                out,
                failures,
                UNCHANGED,
            ));
        }
        let mut failures = std::mem::take(&mut *lock(&self.failures));
        failures.extend(made.write_failures);
        if !failures.is_empty() {
            errors.extend(grouped("cannot write", out, failures, UNCHANGED));
        }
        if !errors.is_empty() {
            let leftovers = match self.begun.get() {
                Some(Some(journal)) => self.throw_away(journal),
                _ => {
                    self.held.remove_if_created();
                    Vec::new()
                }
            };
            return Err(with_leftovers(errors, leftovers));
        }
        let written = self.written.load(Ordering::Relaxed);
        let unchanged = self.unchanged.load(Ordering::Relaxed);
        let not_made: HashSet<&str> = not_made.iter().map(String::as_str).collect();
        let made = self.outputs.files.keys().map(String::as_str);
        let listed = manifest::text(made.filter(|rel| !not_made.contains(rel)));
        // Only what the last manifest lists: a folder adopted without one
        // may hold a file of the user's on the name of a copy.
        let previous = &self.previous;
        let listed_before = self.held.manifest.is_some();
        self.orphans.extend(
            not_made
                .iter()
                .filter(|rel| listed_before && previous.contains(*rel))
                .map(|rel| rel.to_string()),
        );
        let listed = fs::read(out.join(MANIFEST))
            .map_or(true, |old| old != listed)
            .then_some(listed);
        if self.begun.get().is_none() && self.orphans.is_empty() && listed.is_none() {
            return Ok(WriteStats {
                written,
                unchanged,
                removed: 0,
            });
        }
        let Some(begun) = self.begin() else {
            return Err(std::mem::take(&mut *lock(&self.errors)));
        };
        let mut staged = std::mem::take(&mut *lock(&self.staged));
        staged.sort();
        if let Some(listed) = listed {
            let at = super::journal::stage_path(out, MANIFEST);
            let made = fs::File::create_new(at).and_then(|mut file| file.write_all(&listed));
            if let Err(e) = made {
                let found = grouped("cannot write", out, vec![(MANIFEST.into(), e)], UNCHANGED);
                return Err(with_leftovers(found, self.throw_away(begun)));
            }
            staged.push(MANIFEST.to_string());
        }
        let failpoint = Failpoint::from_env();
        failpoint.reached(Failpoint::Stage);
        let counted = self
            .orphans
            .iter()
            .filter(|rel| !rel.rsplit('/').next().unwrap_or("").starts_with('.'))
            .count();
        let mut journal = Journal {
            trees: self.trees.clone(),
            staged,
            orphans: self.orphans.clone(),
            committed: false,
        };
        let done = journal.write(out).map_err(|e| (begun, e));
        let done = done.and_then(|()| journal.commit(out).map_err(|e| (&journal, e)));
        if let Err((written_down, e)) = done {
            let d = Diagnostic::error(
                out.to_path_buf(),
                format!("cannot write the journal of this build: {e}"),
            )
            .help(UNCHANGED);
            return Err(with_leftovers(vec![d], self.throw_away(written_down)));
        }
        let removed = commit::finish(out, &journal, failpoint, Fresh::Yes)?;
        Ok(WriteStats {
            written,
            unchanged,
            removed: removed.min(counted),
        })
    }

    /// `commit::abandon`, and the folder too if this build created it
    /// and nothing else is left in it.
    fn throw_away(&self, journal: &Journal) -> Vec<String> {
        // Nothing may be staged while the stages are removed.
        self.making.finish();
        let leftovers = commit::abandon(self.out, journal);
        if leftovers.is_empty() {
            self.held.remove_if_created();
        }
        leftovers
    }

    /// Throws every stage away, for a build that failed elsewhere: what
    /// could not be removed, as diagnostics.
    pub fn abandon(self) -> Vec<Diagnostic> {
        match self.begun.get() {
            Some(Some(journal)) => with_leftovers(Vec::new(), self.throw_away(journal)),
            _ => {
                self.held.remove_if_created();
                Vec::new()
            }
        }
    }
}

/// One depth of folders, those with the fewest siblings first: the
/// folders of lists (a taxonomy's few terms) before those of pages
/// (thousands in one section), which the render reaches later.
fn fewest_siblings_first(level: Vec<(&str, PathBuf)>) -> Vec<(String, PathBuf)> {
    let parent = |dir: &str| {
        dir.rsplit_once('/')
            .map_or("", |(parent, _)| parent)
            .to_string()
    };
    let mut siblings: HashMap<String, usize> = HashMap::new();
    for (dir, _) in &level {
        *siblings.entry(parent(dir)).or_default() += 1;
    }
    let mut level: Vec<(String, PathBuf)> = level
        .into_iter()
        .map(|(dir, at)| (dir.to_string(), at))
        .collect();
    level.sort_by_cached_key(|(dir, _)| siblings[&parent(dir)]);
    level
}

fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}
