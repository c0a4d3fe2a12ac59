//! File-system events → batches of changed paths, one batch per save.
//!
//! The debounce is ours, on top of notify, because neither debouncer crate
//! fits: notify's inotify backend reports every file *opened*, and
//! notify-debouncer-mini drops the event kind, so the rebuild's own reads
//! would start the next rebuild, forever; notify-debouncer-full keeps kinds
//! but times each path on its own, so one editor save (write a temp file,
//! move the old one away, rename the temp file over it) can arrive split
//! across two batches, and the first would build a site without the page.
//! Here a batch closes when no event has come for `quiet` (15 ms by
//! default), which keeps a save together and still keeps latency low.
//!
//! Only the site's sources are watched: site.yaml (through the root folder,
//! not recursively) and content/, templates/, static/, i18n/ and themes/,
//! each recursively, including those created later.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::mpsc::{Receiver, RecvTimeoutError, Sender, channel};
use std::time::{Duration, Instant};

use notify::{Event, EventKind, PollWatcher, RecommendedWatcher, RecursiveMode, Watcher};

use crate::source::SOURCE_DIRS;

/// How often `--poll` looks at every file.
pub(crate) const POLL_INTERVAL: Duration = Duration::from_millis(300);

/// A batch never waits longer than this for quiet, so a file written
/// without pause (a log, a long copy) still gets rebuilt now and then.
const LONGEST_BATCH: Duration = Duration::from_secs(1);

/// What the watching thread hears.
pub enum Signal {
    Fs(notify::Result<Event>),
    /// Ctrl-C, or the end of the session.
    Stop,
}

/// Changed paths, or an instruction to look at everything.
#[derive(Debug, Default)]
pub struct Batch {
    pub paths: BTreeSet<PathBuf>,
    /// The system lost events (its queue overflowed): rebuild everything.
    pub rescan: bool,
    /// Errors the watcher reported.
    pub errors: Vec<String>,
}

impl Batch {
    pub fn is_empty(&self) -> bool {
        self.paths.is_empty() && !self.rescan && self.errors.is_empty()
    }

    fn add(&mut self, event: notify::Result<Event>) -> bool {
        match event {
            Ok(event) if event.need_rescan() => self.rescan = true,
            // Opening or reading a file changes nothing; every rebuild does it.
            Ok(Event {
                kind: EventKind::Access(_),
                ..
            }) => return false,
            Ok(event) => self.paths.extend(event.paths),
            Err(err) => self.errors.push(err.to_string()),
        }
        true
    }
}

pub struct SourceWatcher {
    root: PathBuf,
    watcher: Box<dyn Watcher + Send>,
    watching: BTreeSet<PathBuf>,
    signals: Receiver<Signal>,
    quiet: Duration,
}

impl SourceWatcher {
    /// Watches the site at `root` (absolute); `poll` uses notify's
    /// PollWatcher, for file systems that send no events (network mounts,
    /// some containers). Returns the watcher and a sender for `Stop`.
    pub fn new(root: &Path, poll: bool, quiet: Duration) -> notify::Result<(Self, Sender<Signal>)> {
        let (tx, signals) = channel();
        let events = tx.clone();
        let handler = move |event: notify::Result<Event>| {
            let _ = events.send(Signal::Fs(event));
        };
        let watcher: Box<dyn Watcher + Send> = if poll {
            // notify's PollWatcher keeps modification times to the second,
            // so two saves within one second would look like one: it has
            // to compare contents (hashes of every source file, each look).
            let config = notify::Config::default()
                .with_poll_interval(POLL_INTERVAL)
                .with_compare_contents(true);
            Box::new(PollWatcher::new(handler, config)?)
        } else {
            Box::new(RecommendedWatcher::new(handler, notify::Config::default())?)
        };
        let mut this = SourceWatcher {
            root: root.to_path_buf(),
            watcher,
            watching: BTreeSet::new(),
            signals,
            quiet,
        };
        this.watcher.watch(root, RecursiveMode::NonRecursive)?;
        this.refresh()?;
        Ok((this, tx))
    }

    pub fn root(&self) -> &Path {
        &self.root
    }

    /// Starts watching source folders that appeared since the last look
    /// (a `mkdir content` after start-up) and forgets those that went.
    pub(crate) fn refresh(&mut self) -> notify::Result<()> {
        for name in SOURCE_DIRS {
            let dir = self.root.join(name);
            let exists = dir.is_dir();
            let watched = self.watching.contains(&dir);
            if exists && !watched {
                self.watcher.watch(&dir, RecursiveMode::Recursive)?;
                self.watching.insert(dir);
            } else if !exists && watched {
                let _ = self.watcher.unwatch(&dir);
                self.watching.remove(&dir);
            }
        }
        Ok(())
    }

    /// Waits for the next batch; `None` on `Stop`.
    pub(crate) fn next(&self) -> Option<Batch> {
        loop {
            let mut batch = Batch::default();
            match self.signals.recv() {
                Ok(Signal::Fs(event)) => {
                    if batch.add(event) {
                        return self.rest_of(batch);
                    }
                }
                Ok(Signal::Stop) | Err(_) => return None,
            }
        }
    }

    /// The next batch if one starts within `wait`; `Some(empty)` if none
    /// does, `None` on `Stop`.
    pub(crate) fn next_within(&self, wait: Duration) -> Option<Batch> {
        let deadline = Instant::now() + wait;
        loop {
            let mut batch = Batch::default();
            let left = deadline.saturating_duration_since(Instant::now());
            match self.signals.recv_timeout(left) {
                Ok(Signal::Fs(event)) => {
                    if batch.add(event) {
                        return self.rest_of(batch);
                    }
                }
                Err(RecvTimeoutError::Timeout) => return Some(Batch::default()),
                Ok(Signal::Stop) | Err(RecvTimeoutError::Disconnected) => return None,
            }
        }
    }

    /// Adds events to `batch` until none has come for `quiet`.
    fn rest_of(&self, mut batch: Batch) -> Option<Batch> {
        let started = Instant::now();
        let mut last = Instant::now();
        loop {
            let quiet_until = last + self.quiet;
            let now = Instant::now();
            if now >= quiet_until || now - started >= LONGEST_BATCH {
                return Some(batch);
            }
            match self.signals.recv_timeout(quiet_until - now) {
                Ok(Signal::Fs(event)) => {
                    if batch.add(event) {
                        last = Instant::now();
                    }
                }
                Err(RecvTimeoutError::Timeout) => return Some(batch),
                Ok(Signal::Stop) | Err(RecvTimeoutError::Disconnected) => return None,
            }
        }
    }
}
