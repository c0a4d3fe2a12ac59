//! The search index under `watch` and `serve`: an edit goes the same way
//! as with search off (only what shows the edited pages is rendered and
//! written), then the index catches up on a thread of its own.
//!
//! The session keeps one document per page (what the index is made from)
//! and, after each rebuild, makes again those of the pages it rendered
//! again. The indexing thread makes the index from a snapshot of them,
//! reading only the pages it has not read before (`search::pages`), and
//! puts it in place of the old one (`swap`). A rebuild that starts while
//! it works overtakes it: the thread drops that run at its next look, and
//! the next run is of the documents as the rebuild left them; runs asked
//! for meanwhile come together into one. A full rebuild makes its own
//! index, as `build` does; the thread then reads the pages once, so that
//! the edits after it read only what they change.

mod swap;

use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Condvar, Mutex, MutexGuard, RwLock};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use rayon::prelude::*;

use super::kept::Kept;
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::output::Outputs;
use crate::search::documents::{self, Document};
use crate::search::pages::{self, Packs};

pub use swap::Swapped;

/// The session's outputs (`incremental::SharedOutputs`).
type SharedOutputs = Arc<RwLock<Outputs>>;

/// One run of the indexing thread, as it ended.
#[derive(Debug, Clone)]
pub struct Caught {
    /// Pages in the index.
    pub pages: usize,
    /// Pages read afresh (the others were kept from the run before).
    pub read: usize,
    /// What changed in the outputs (on disk for `watch`).
    pub swapped: Swapped,
    pub elapsed: Duration,
    /// Why the index could not be made or written; the last good one stays.
    pub errors: Diagnostics,
}

/// Told of every run that put an index in place (or failed to).
pub type OnCaught = Box<dyn Fn(&Caught) + Send>;

/// The session's side: the documents, and the thread.
pub(crate) struct Reindex {
    shared: Arc<Shared>,
    documents: Vec<Arc<Document>>,
    /// Pages whose documents are to be made again; `None`: every page.
    edited: Option<Vec<usize>>,
    worker: Option<JoinHandle<()>>,
}

struct Shared {
    state: Mutex<State>,
    wake: Condvar,
    outputs: SharedOutputs,
    /// The output folder of `watch`.
    out: Option<PathBuf>,
    disk_behind: Arc<AtomicBool>,
    report: Mutex<Option<OnCaught>>,
}

#[derive(Default)]
struct State {
    /// Grows with every rebuild: a run of an older one is overtaken.
    generation: u64,
    next: Option<Job>,
    running: bool,
    /// The index in the outputs is made from the documents as they are.
    caught: bool,
    stop: bool,
    last: Option<Caught>,
}

struct Job {
    generation: u64,
    documents: Vec<Arc<Document>>,
}

impl Reindex {
    pub(crate) fn new(
        outputs: SharedOutputs,
        out: Option<PathBuf>,
        disk_behind: Arc<AtomicBool>,
    ) -> Reindex {
        let shared = Shared {
            state: Mutex::new(State::default()),
            wake: Condvar::new(),
            outputs,
            out,
            disk_behind,
            report: Mutex::new(None),
        };
        Reindex {
            shared: Arc::new(shared),
            documents: Vec::new(),
            edited: None,
            worker: None,
        }
    }

    pub(crate) fn on_caught(&self, report: OnCaught) {
        *lock(&self.shared.report) = Some(report);
    }

    /// A rebuild begins: a run in progress or waiting is overtaken.
    pub(crate) fn hold(&self) {
        let mut state = self.shared.state();
        state.generation += 1;
        if state.running || state.next.take().is_some() {
            state.caught = false;
        }
    }

    /// Page `index`'s body was rendered again.
    pub(crate) fn edited(&mut self, index: usize) {
        if let Some(edited) = &mut self.edited {
            edited.push(index);
        }
    }

    /// Pages may have left, joined or changed titles: every document is
    /// made again.
    pub(crate) fn reshaped(&mut self) {
        self.edited = None;
    }

    /// After a rebuild (good or not): the documents brought up to date
    /// with `kept`, and a run asked for unless the index is of them.
    pub(crate) fn catch_up(&mut self, kept: Option<&Kept>) {
        let edited = self.edited.replace(Vec::new());
        let Some(kept) = kept.filter(|k| k.site.config.search) else {
            self.documents.clear();
            self.edited = None;
            return;
        };
        let pages = &kept.site.pages;
        let made = |i: usize| {
            let html = kept.renderer.page_html(i).unwrap_or_default();
            Arc::new(documents::document(&pages[i], html))
        };
        let changed = match edited {
            Some(edited) if self.documents.len() == pages.len() => {
                for &i in &edited {
                    if let Some(slot) = self.documents.get_mut(i) {
                        *slot = made(i);
                    }
                }
                !edited.is_empty()
            }
            _ => {
                self.documents = (0..pages.len()).into_par_iter().map(made).collect();
                true
            }
        };
        let mut state = self.shared.state();
        if changed {
            state.caught = false;
        }
        if state.caught {
            return;
        }
        state.next = Some(Job {
            generation: state.generation,
            documents: self.documents.clone(),
        });
        drop(state);
        self.shared.wake.notify_all();
        if self.worker.is_none() {
            let shared = Arc::clone(&self.shared);
            self.worker = std::thread::Builder::new()
                .name("mekong-search".into())
                .spawn(move || work(&shared))
                .ok();
            if self.worker.is_none() {
                // No thread to be had: the index stays as the last full
                // rebuild made it, and nobody waits for a run.
                self.shared.state().next = None;
            }
        }
    }

    /// Waits until the index is of the documents as they are, or the
    /// last run failed; `None` when no run was asked for.
    pub(crate) fn wait(&self) -> Option<Caught> {
        let mut state = self.shared.state();
        while state.running || state.next.is_some() {
            state = (self.shared.wake.wait(state)).unwrap_or_else(|e| e.into_inner());
        }
        state.last.clone()
    }
}

impl Drop for Reindex {
    /// Stops the thread at its next look (a swap under way finishes).
    fn drop(&mut self) {
        self.shared.state().stop = true;
        self.shared.wake.notify_all();
        if let Some(worker) = self.worker.take() {
            let _ = worker.join();
        }
    }
}

impl Shared {
    fn state(&self) -> MutexGuard<'_, State> {
        lock(&self.state)
    }

    /// Whether a run of `generation` is still wanted.
    fn current(&self, generation: u64) -> bool {
        let state = self.state();
        !state.stop && state.generation == generation
    }
}

fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(|e| e.into_inner())
}

/// The indexing thread: one run after another until told to stop. Its
/// own small pool of threads leaves rayon's for the rebuilds.
fn work(shared: &Shared) {
    let threads = std::thread::available_parallelism().map_or(1, |n| (n.get() / 2).max(1));
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .thread_name(|i| format!("mekong-search-{i}"))
        .build()
        .ok();
    let mut packs = Packs::default();
    loop {
        let job = {
            let mut state = shared.state();
            while state.next.is_none() && !state.stop {
                state = shared.wake.wait(state).unwrap_or_else(|e| e.into_inner());
            }
            if state.stop {
                return;
            }
            state.running = true;
            state.next.take()
        };
        let caught = job.and_then(|job| match &pool {
            Some(pool) => pool.install(|| run(shared, job, &mut packs)),
            None => run(shared, job, &mut packs),
        });
        let report = caught.is_some();
        let mut state = shared.state();
        state.running = false;
        if let Some(caught) = caught {
            state.caught = caught.errors.is_empty() && state.next.is_none();
            state.last = Some(caught);
        }
        let last = state.last.clone();
        drop(state);
        shared.wake.notify_all();
        if let (true, Some(last), Some(report)) = (report, last, lock(&shared.report).as_ref()) {
            report(&last);
        }
    }
}

/// One run: the index made and put in place; `None` when overtaken.
fn run(shared: &Shared, job: Job, packs: &mut Packs) -> Option<Caught> {
    let started = Instant::now();
    let generation = job.generation;
    let stop = || !shared.current(generation);
    let failed = |errors: Vec<Diagnostic>| Caught {
        pages: job.documents.len(),
        read: 0,
        swapped: Swapped::default(),
        elapsed: started.elapsed(),
        errors: Diagnostics::from(errors),
    };
    let (files, read) = match pages::index(&job.documents, packs, &stop) {
        Ok(Some(made)) => made,
        Ok(None) => return None,
        Err(why) => {
            let why = Diagnostic::error("site.yaml", format!("search index: {why}"));
            return Some(failed(vec![why]));
        }
    };
    let out = shared.out.as_deref();
    match swap::swap(&shared.outputs, out, files, || shared.current(generation)) {
        Ok(Some(swapped)) => Some(Caught {
            pages: job.documents.len(),
            read: read.fresh,
            swapped,
            elapsed: started.elapsed(),
            errors: Diagnostics::default(),
        }),
        Ok(None) => None,
        Err(errors) => {
            // The next write compares the whole site with the disk.
            shared.disk_behind.store(true, Ordering::Relaxed);
            Some(failed(errors))
        }
    }
}
