//! Watching a site and rebuilding it after each save, for `watch` (to
//! disk) and `serve` (in memory).
//!
//! `events` turns file-system events into one batch per save, `classify`
//! says what each changed path belongs to, `plan` says how much each batch
//! asks for (a pure function of the changes and the kept site, `kept`),
//! `incremental` keeps the site in memory and carries the plan out. `run` ties them
//! together: a broken edit never ends it, and never replaces the last good
//! output.

mod changes;
pub(crate) mod classify;
pub(crate) mod events;
mod facts;
pub(crate) mod incremental;
mod kept;
pub(crate) mod plan;
mod reindex;

use std::path::Path;
use std::time::{Duration, SystemTime};

pub use classify::{Area, Change};
pub use events::Batch;
pub use events::{Signal, SourceWatcher};
pub(crate) use incremental::SharedOutputs;
pub use incremental::{Outcome, Rebuilt, Scope, Session, Target};
pub use reindex::{Caught, OnCaught, Swapped};

/// Quiet time that closes a batch: short, so a save shows at once, and
/// long enough to keep an editor's write-rename-delete together.
pub const QUIET: Duration = Duration::from_millis(15);

/// How long a failed rebuild waits for more writes before it is reported:
/// a file caught half-written is complete by then, and is read again.
pub(crate) const SETTLE: Duration = Duration::from_millis(100);

/// What `run` tells its caller after each batch.
pub enum Report<'a> {
    Rebuilt {
        /// What changed, for the summary line ("guides/x.md").
        changes: &'a [Change],
        outcome: &'a Outcome,
    },
    /// The watcher itself failed (too many folders for inotify, say).
    WatchError(String),
}

/// Rebuilds after every batch of changes until `Signal::Stop`.
pub fn run(
    session: &mut Session,
    watcher: &mut SourceWatcher,
    output: Option<&Path>,
    mut report: impl FnMut(&Session, Report),
) {
    let root = watcher.root().to_path_buf();
    while let Some(batch) = watcher.next() {
        if let Err(err) = watcher.refresh() {
            report(session, Report::WatchError(err.to_string()));
        }
        for error in &batch.errors {
            report(session, Report::WatchError(error.clone()));
        }
        let mut changes = changes_of(&root, output, &batch);
        if changes.is_empty() && !batch.rescan {
            continue;
        }
        let stamps = stamps(&changes);
        let mut outcome = if batch.rescan {
            session.rebuild_all()
        } else {
            session.apply(&changes)
        };
        if outcome.is_err() {
            // Perhaps a file was read half-written: once the writes settle,
            // read again before showing an error that is not there.
            let Some(more) = watcher.next_within(SETTLE) else {
                return;
            };
            let more = changes_of(&root, output, &more);
            if !more.is_empty() || stamps != self::stamps(&changes) {
                outcome = session.apply(&more);
                changes.extend(more);
            }
        }
        report(
            session,
            Report::Rebuilt {
                changes: &changes,
                outcome: &outcome,
            },
        );
    }
}

/// The changes of a batch that matter to the site, each once.
pub(crate) fn changes_of(root: &Path, output: Option<&Path>, batch: &Batch) -> Vec<Change> {
    batch
        .paths
        .iter()
        .filter_map(|path| classify::classify(root, output, path))
        .collect()
}

/// Length and modification time of each changed file, to tell whether it
/// was written again.
fn stamps(changes: &[Change]) -> Vec<Option<(u64, SystemTime)>> {
    changes
        .iter()
        .map(|c| {
            let meta = std::fs::metadata(&c.path).ok()?;
            Some((meta.len(), meta.modified().ok()?))
        })
        .collect()
}
