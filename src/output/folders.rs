//! The new folders of a streamed write, made by a thread of their own
//! while the pages render.
//!
//! Pretty URLs give every page a folder, and `mkdir` in one parent folder
//! runs one at a time in the kernel: 10,000 of them take one thread a
//! third of a second. Made by the render threads themselves as their
//! pages arrive, the two threads fought over the parent folder's lock and
//! the kernel time grew by a third. So one thread makes them all, in
//! order, and says after each how many are made. A page whose folder is
//! made is staged at once by the thread that rendered it; one whose
//! folder is not yet made is held in memory, up to `HELD_MAX` bytes (then
//! the render threads wait), and staged by the next render thread that
//! finds its folder made, or by the folders' thread at its end. The render
//! follows the folders' order, so few wait: when held pages waited for
//! the last folder, the render threads stood idle and the folders' thread
//! staged 4,000 pages alone.

use std::collections::{BTreeMap, HashMap};
use std::fs;
use std::io::{self, Write};
use std::path::PathBuf;
use std::sync::{Arc, Condvar, Mutex, MutexGuard, PoisonError};
use std::thread::JoinHandle;

use super::failpoint::Failpoint;

/// How many bytes of rendered pages may wait for their folders: about
/// 300 pages of the bench corpus. Past it a render thread waits, and the
/// folders' thread, the longest of the build, has a core to itself: with
/// 32 MiB the render threads ran ahead, the folders came later, and the
/// build took 10% longer and 20 MiB more (`farm-bench`, 10,000 pages).
pub(super) const HELD_MAX: usize = 2 << 20;

/// The folders' thread, from `start` until `finish`.
pub(super) struct Folders {
    shared: Arc<Shared>,
    thread: Mutex<Option<JoinHandle<Outcome>>>,
    held_max: usize,
}

struct Shared {
    state: Mutex<State>,
    changed: Condvar,
}

#[derive(Default)]
struct State {
    progress: Progress,
    /// Where each folder comes in the order they are made; `None` until
    /// `start`. A folder not listed was there before.
    order: Option<Arc<HashMap<String, usize>>>,
    /// How many folders of the order are made.
    made: usize,
    /// Files waiting for their folders, by the folder's place in the order.
    held: BTreeMap<usize, Vec<HeldFile>>,
    held_bytes: usize,
    /// Render threads waiting for a folder, and the first folder one of
    /// them waits for: told once it is made, not after every folder.
    waiting: usize,
    wanted: usize,
    /// Held files the render threads staged.
    written: usize,
    write_failures: Vec<(String, io::Error)>,
}

/// A file waiting for its folder: its path in the output, stage, bytes.
struct HeldFile {
    rel: String,
    stage: PathBuf,
    bytes: Vec<u8>,
}

#[derive(Default, Clone, Copy, PartialEq, Eq)]
enum Progress {
    /// Not started, or still making folders.
    #[default]
    Making,
    Done,
    Failed,
}

impl State {
    /// The place in the order of the folder `rel` still waits for; `None`
    /// once it is made, or if it was there before. Before `start`, every
    /// file waits.
    fn waits_for(&self, rel: &str) -> Option<usize> {
        let Some(order) = &self.order else {
            return Some(usize::MAX);
        };
        let folder = rel.rsplit_once('/').map_or("", |(dir, _)| dir);
        order.get(folder).copied().filter(|&at| at >= self.made)
    }

    /// The held files whose folders are made.
    fn take_ready(&mut self) -> Vec<HeldFile> {
        let later = self.held.split_off(&self.made);
        let ready: Vec<HeldFile> = std::mem::replace(&mut self.held, later)
            .into_values()
            .flatten()
            .collect();
        self.held_bytes -= ready.iter().map(|file| file.bytes.len()).sum::<usize>();
        ready
    }
}

/// What the folders' thread did.
#[derive(Debug, Default)]
pub(super) struct Outcome {
    /// Folders that could not be made (the first stops the thread).
    pub folder_failures: Vec<(String, io::Error)>,
    /// Held files staged, and those that could not be.
    pub written: usize,
    pub write_failures: Vec<(String, io::Error)>,
}

/// What became of one file handed to `put`.
pub(super) enum Put {
    Staged(io::Result<()>),
    /// Held: staged later (`Outcome::written`).
    Held,
    /// Not staged: a folder could not be made (`Outcome::folder_failures`).
    Refused,
}

impl Folders {
    pub(super) fn new() -> Folders {
        Folders::with_limit(HELD_MAX)
    }

    fn with_limit(held_max: usize) -> Folders {
        Folders {
            shared: Arc::new(Shared {
                state: Mutex::new(State {
                    wanted: usize::MAX,
                    ..State::default()
                }),
                changed: Condvar::new(),
            }),
            thread: Mutex::new(None),
            held_max,
        }
    }

    /// Starts making `folders` (each path with its name in the output for
    /// errors), parents before children, one after the other.
    pub(super) fn start(&self, folders: Vec<(String, PathBuf)>) {
        let order: HashMap<String, usize> = folders
            .iter()
            .enumerate()
            .map(|(position, (rel, _))| (rel.clone(), position))
            .collect();
        lock(&self.shared.state).order = Some(Arc::new(order));
        let shared = Arc::clone(&self.shared);
        let thread = std::thread::spawn(move || make_then_stage(&shared, folders));
        *lock(&self.thread) = Some(thread);
    }

    /// Stages `bytes` at `stage` now if its folder is made (and the held
    /// files whose folders are made by now); otherwise holds them, or
    /// waits for the folder if holding them too would pass the limit.
    pub(super) fn put(&self, rel: &str, stage: PathBuf, bytes: &[u8]) -> Put {
        let mut state = lock(&self.shared.state);
        loop {
            let waits_for = match state.progress {
                Progress::Failed => return Put::Refused,
                Progress::Done => None,
                Progress::Making => state.waits_for(rel),
            };
            let Some(position) = waits_for else {
                let ready = state.take_ready();
                drop(state);
                let staged = create(&stage, bytes);
                self.stage_held(ready);
                return Put::Staged(staged);
            };
            // A file too large to be held at all waits too.
            if state.held_bytes + bytes.len() <= self.held_max {
                state.held_bytes += bytes.len();
                state.held.entry(position).or_default().push(HeldFile {
                    rel: rel.to_string(),
                    stage,
                    bytes: bytes.to_vec(),
                });
                return Put::Held;
            }
            state.waiting += 1;
            state.wanted = state.wanted.min(position);
            state = self
                .shared
                .changed
                .wait(state)
                .unwrap_or_else(PoisonError::into_inner);
            state.waiting -= 1;
        }
    }

    /// Stages held files on this thread, and counts them for `finish`.
    fn stage_held(&self, ready: Vec<HeldFile>) {
        if ready.is_empty() {
            return;
        }
        let (written, failures) = stage_all(ready);
        let mut state = lock(&self.shared.state);
        state.written += written;
        state.write_failures.extend(failures);
    }

    /// Waits for the folders' thread to end; what it did (nothing if it
    /// never started). Call it before the stages are moved or removed.
    pub(super) fn finish(&self) -> Outcome {
        let thread = lock(&self.thread).take();
        let mut outcome = match thread.map(JoinHandle::join) {
            None => Outcome::default(),
            Some(Ok(outcome)) => outcome,
            Some(Err(_)) => Outcome {
                folder_failures: vec![(
                    String::new(),
                    io::Error::other("the thread making the new folders stopped"),
                )],
                ..Outcome::default()
            },
        };
        let mut state = lock(&self.shared.state);
        outcome.written += std::mem::take(&mut state.written);
        outcome.write_failures.append(&mut state.write_failures);
        outcome
    }
}

fn make_then_stage(shared: &Shared, folders: Vec<(String, PathBuf)>) -> Outcome {
    let mut outcome = Outcome::default();
    let failpoint = Failpoint::from_env();
    let half = folders.len() / 2;
    for (i, (rel, path)) in folders.into_iter().enumerate() {
        if i == half {
            failpoint.reached(Failpoint::Folders);
        }
        if let Err(e) = fs::create_dir(&path) {
            outcome.folder_failures.push((rel, e));
            break;
        }
        let mut state = lock(&shared.state);
        state.made = i + 1;
        if state.waiting > 0 && state.made > state.wanted {
            state.wanted = usize::MAX;
            shared.changed.notify_all();
        }
    }
    let progress = match outcome.folder_failures.is_empty() {
        true => Progress::Done,
        false => Progress::Failed,
    };
    let held = {
        let mut state = lock(&shared.state);
        state.progress = progress;
        state.held_bytes = 0;
        std::mem::take(&mut state.held)
    };
    shared.changed.notify_all();
    if progress == Progress::Done {
        let (written, failures) = stage_all(held.into_values().flatten());
        outcome.written += written;
        outcome.write_failures.extend(failures);
    }
    outcome
}

/// Stages each file: how many were, and the failures.
fn stage_all(files: impl IntoIterator<Item = HeldFile>) -> (usize, Vec<(String, io::Error)>) {
    let mut written = 0;
    let mut failures = Vec::new();
    for file in files {
        match create(&file.stage, &file.bytes) {
            Ok(()) => written += 1,
            Err(e) => failures.push((file.rel, e)),
        }
    }
    (written, failures)
}

fn create(stage: &std::path::Path, bytes: &[u8]) -> io::Result<()> {
    fs::File::create_new(stage).and_then(|mut file| file.write_all(bytes))
}

fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn folders_under(root: &std::path::Path, names: &[&str]) -> Vec<(String, PathBuf)> {
        names
            .iter()
            .map(|name| (name.to_string(), root.join(name)))
            .collect()
    }

    #[test]
    fn files_put_before_their_folders_are_made_are_staged_by_the_folders_thread() {
        let dir = tempfile::tempdir().unwrap();
        let folders = Folders::new();
        // Held: the thread has not started, so no folder is made yet.
        let put = folders.put("a/b/index.html", dir.path().join("a/b/index.html"), b"<p>b");
        assert!(matches!(put, Put::Held));
        folders.start(folders_under(dir.path(), &["a", "a/b", "c"]));
        let outcome = folders.finish();
        assert_eq!(outcome.written, 1);
        assert!(outcome.folder_failures.is_empty() && outcome.write_failures.is_empty());
        assert_eq!(
            fs::read(dir.path().join("a/b/index.html")).unwrap(),
            b"<p>b"
        );
        assert!(dir.path().join("c").is_dir());
        // Once the folders are made, a file is staged by its own put.
        let put = folders.put("c/index.html", dir.path().join("c/index.html"), b"<p>c");
        assert!(matches!(put, Put::Staged(Ok(()))));
        assert_eq!(fs::read(dir.path().join("c/index.html")).unwrap(), b"<p>c");
    }

    #[test]
    fn a_file_is_staged_as_soon_as_its_own_folder_is_made_and_takes_the_held_ones_along() {
        let dir = tempfile::tempdir().unwrap();
        for name in ["a", "b"] {
            fs::create_dir(dir.path().join(name)).unwrap();
        }
        let folders = Folders::new();
        // As the folders' thread leaves it after making "a" of a, b, c.
        {
            let mut state = lock(&folders.shared.state);
            let order = [("a", 0), ("b", 1), ("c", 2)].map(|(f, i)| (f.to_string(), i));
            state.order = Some(Arc::new(order.into_iter().collect()));
            state.made = 1;
        }
        let path = |rel: &str| dir.path().join(rel);
        let held = folders.put("b/index.html", path("b/index.html"), b"b");
        assert!(matches!(held, Put::Held), "b is not made yet");
        let put = folders.put("a/index.html", path("a/index.html"), b"a");
        assert!(matches!(put, Put::Staged(Ok(()))));
        let outside = folders.put("index.html", path("index.html"), b"home");
        assert!(
            matches!(outside, Put::Staged(Ok(()))),
            "its folder was there"
        );
        assert!(!path("b/index.html").exists(), "held until b is made");
        lock(&folders.shared.state).made = 2;
        let put = folders.put("a/x.html", path("a/x.html"), b"x");
        assert!(matches!(put, Put::Staged(Ok(()))));
        assert_eq!(
            fs::read(path("b/index.html")).unwrap(),
            b"b",
            "staged by that put"
        );
        let state = lock(&folders.shared.state);
        assert_eq!(
            (state.written, state.held_bytes, state.held.len()),
            (1, 0, 0)
        );
        drop(state);
        assert_eq!(folders.finish().written, 1);
    }

    #[test]
    fn a_held_file_a_render_thread_cannot_stage_is_a_failure_of_the_write() {
        let dir = tempfile::tempdir().unwrap();
        fs::create_dir(dir.path().join("a")).unwrap();
        let folders = Folders::new();
        {
            let mut state = lock(&folders.shared.state);
            let order = [("a", 0), ("b", 1)].map(|(f, i)| (f.to_string(), i));
            state.order = Some(Arc::new(order.into_iter().collect()));
        }
        let path = |rel: &str| dir.path().join(rel);
        let held = folders.put("b/index.html", path("b/index.html"), b"b");
        assert!(matches!(held, Put::Held));
        // Said to be made, but gone (removed behind the build's back).
        lock(&folders.shared.state).made = 2;
        let put = folders.put("a/index.html", path("a/index.html"), b"a");
        assert!(matches!(put, Put::Staged(Ok(()))), "its own file is staged");
        let outcome = folders.finish();
        assert_eq!(outcome.written, 0);
        assert_eq!(outcome.write_failures.len(), 1, "{outcome:?}");
        assert_eq!(outcome.write_failures[0].0, "b/index.html");
    }

    #[test]
    fn a_put_over_the_limit_waits_for_the_folders() {
        let dir = tempfile::tempdir().unwrap();
        let folders = Folders::with_limit(5);
        let first = folders.put("a/1.html", dir.path().join("a/1.html"), b"12345");
        assert!(matches!(first, Put::Held));
        std::thread::scope(|scope| {
            let waiting =
                scope.spawn(|| folders.put("a/2.html", dir.path().join("a/2.html"), b"2"));
            std::thread::sleep(std::time::Duration::from_millis(50));
            assert!(
                !waiting.is_finished(),
                "5 bytes held of 5: the second put waits"
            );
            folders.start(folders_under(dir.path(), &["a"]));
            assert!(matches!(waiting.join().unwrap(), Put::Staged(Ok(()))));
        });
        assert_eq!(folders.finish().written, 1);
        assert_eq!(fs::read(dir.path().join("a/1.html")).unwrap(), b"12345");
        assert_eq!(fs::read(dir.path().join("a/2.html")).unwrap(), b"2");
    }

    #[test]
    fn a_folder_that_cannot_be_made_refuses_every_file_and_stages_none() {
        let dir = tempfile::tempdir().unwrap();
        fs::write(dir.path().join("a"), "a file where the folder goes").unwrap();
        let folders = Folders::new();
        let held = folders.put("a/b/index.html", dir.path().join("a/b/index.html"), b"b");
        assert!(matches!(held, Put::Held));
        folders.start(folders_under(dir.path(), &["a", "a/b"]));
        let outcome = folders.finish();
        assert_eq!(outcome.folder_failures.len(), 1, "{outcome:?}");
        assert_eq!(outcome.folder_failures[0].0, "a");
        assert_eq!(outcome.written, 0);
        let later = folders.put("a/c.html", dir.path().join("a/c.html"), b"c");
        assert!(matches!(later, Put::Refused));
        assert!(!dir.path().join("a/b").exists());
    }
}
