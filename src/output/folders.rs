//! The new folders of a streamed write, made by a thread of their own
//! while the pages render.
//!
//! Pretty URLs give every page a folder, and `mkdir` in one parent folder
//! runs one at a time in the kernel: 10,000 of them took one thread a
//! third of a second while the other render threads waited for the first
//! folder (a page cannot be staged before its folder is there). Made by
//! the render threads themselves as their pages arrive, the two threads
//! fought over the parent folder's lock and the kernel time grew by a
//! third. So one thread makes them all, in order, and the pages rendered
//! meanwhile are held in memory, up to `HELD_MAX` bytes (then the render
//! threads wait), and staged by that thread once the folders are made.

use std::fs;
use std::io::{self, Write};
use std::path::PathBuf;
use std::sync::{Arc, Condvar, Mutex, MutexGuard, PoisonError};
use std::thread::JoinHandle;

use super::failpoint::Failpoint;

/// How many bytes of rendered pages may wait for their folders: about
/// 4,000 pages of the bench corpus, a third of the time the folders take.
pub(super) const HELD_MAX: usize = 32 << 20;

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
    made: Made,
    /// Files waiting for their folders: path in the output, stage, bytes.
    held: Vec<(String, PathBuf, Vec<u8>)>,
    held_bytes: usize,
}

#[derive(Default, Clone, Copy, PartialEq, Eq)]
enum Made {
    /// Not started, or still making folders.
    #[default]
    Pending,
    Done,
    Failed,
}

/// What the folders' thread did.
#[derive(Debug, Default)]
pub(super) struct Outcome {
    /// Folders that could not be made (the first stops the thread).
    pub folder_failures: Vec<(String, io::Error)>,
    /// Held files it staged, and those it could not.
    pub written: usize,
    pub write_failures: Vec<(String, io::Error)>,
}

/// What became of one file handed to `put`.
pub(super) enum Put {
    Staged(io::Result<()>),
    /// Held: the folders' thread stages it (`Outcome::written`).
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
                state: Mutex::new(State::default()),
                changed: Condvar::new(),
            }),
            thread: Mutex::new(None),
            held_max,
        }
    }

    /// Starts making `folders` (each path with its name in the output for
    /// errors), parents before children, one after the other.
    pub(super) fn start(&self, folders: Vec<(String, PathBuf)>) {
        let shared = Arc::clone(&self.shared);
        let thread = std::thread::spawn(move || make_then_stage(&shared, folders));
        *lock(&self.thread) = Some(thread);
    }

    /// Stages `bytes` at `stage` now if the folders are made; otherwise
    /// holds them for the folders' thread, or waits for the folders if
    /// holding them too would pass the limit.
    pub(super) fn put(&self, rel: &str, stage: PathBuf, bytes: &[u8]) -> Put {
        let mut state = lock(&self.shared.state);
        loop {
            match state.made {
                Made::Done => {
                    drop(state);
                    return Put::Staged(create(&stage, bytes));
                }
                Made::Failed => return Put::Refused,
                // A file too large to be held at all waits too.
                Made::Pending if state.held_bytes + bytes.len() <= self.held_max => {
                    state.held_bytes += bytes.len();
                    state.held.push((rel.to_string(), stage, bytes.to_vec()));
                    return Put::Held;
                }
                Made::Pending => {
                    state = self
                        .shared
                        .changed
                        .wait(state)
                        .unwrap_or_else(PoisonError::into_inner);
                }
            }
        }
    }

    /// Waits for the folders' thread to end; what it did (nothing if it
    /// never started). Call it before the stages are moved or removed.
    pub(super) fn finish(&self) -> Outcome {
        let Some(thread) = lock(&self.thread).take() else {
            return Outcome::default();
        };
        thread.join().unwrap_or_else(|_| Outcome {
            folder_failures: vec![(
                String::new(),
                io::Error::other("the thread making the new folders stopped"),
            )],
            ..Outcome::default()
        })
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
    }
    let made = match outcome.folder_failures.is_empty() {
        true => Made::Done,
        false => Made::Failed,
    };
    let held = {
        let mut state = lock(&shared.state);
        state.made = made;
        state.held_bytes = 0;
        std::mem::take(&mut state.held)
    };
    shared.changed.notify_all();
    if made == Made::Done {
        for (rel, stage, bytes) in held {
            match create(&stage, &bytes) {
                Ok(()) => outcome.written += 1,
                Err(e) => outcome.write_failures.push((rel, e)),
            }
        }
    }
    outcome
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
