//! The units an edit renders, in two rounds (the page the author looks
//! at first, then what lists it), each round's files taken into the
//! outputs and written. A write reads and rewrites the output folder's
//! manifest (milliseconds at 10,000 pages): each round's files, and the
//! files of a page made a draft, are written while the next round renders.

use std::sync::atomic::{AtomicBool, Ordering};

use super::{Session, SharedOutputs, Target, merge};
use crate::diagnostics::Diagnostics;
use crate::output::{self, Content, WriteStats};
use crate::render::Unit;

/// What `render_in_turn` did: the paths rendered, those whose bytes
/// changed, and the writes' numbers.
pub(super) struct Written {
    pub rendered: Vec<String>,
    pub changed: Vec<String>,
    pub written: Option<WriteStats>,
}

/// Where a session writes, apart from the kept site (so that a round is
/// written while the next renders).
pub(super) struct Disk<'a> {
    pub target: &'a Target,
    pub outputs: &'a SharedOutputs,
    /// The session's `disk_behind`.
    pub behind: &'a AtomicBool,
    pub force: bool,
}

impl Disk<'_> {
    /// Writes what changed; the whole site instead (compared with the
    /// disk) at start-up, after a failed write, or when the folder went.
    pub fn write(
        &self,
        changed: &[String],
        removed: &[String],
    ) -> Result<Option<WriteStats>, Diagnostics> {
        let Target::Disk(out) = self.target else {
            return Ok(None);
        };
        let behind = self.behind.load(Ordering::Relaxed) || !out.is_dir();
        if !behind && changed.is_empty() && removed.is_empty() {
            // Not even the manifest is read (a round that changed nothing).
            return Ok(Some(WriteStats::default()));
        }
        let outputs = self.outputs.read().unwrap_or_else(|e| e.into_inner());
        let result = if behind {
            output::write(out, &outputs, self.force)
        } else {
            output::write_some(out, &outputs, changed, removed)
        };
        self.behind.store(result.is_err(), Ordering::Relaxed);
        result.map(Some).map_err(Diagnostics::from)
    }

    /// The error of a write whose thread stopped before it finished.
    fn stopped(&self) -> Diagnostics {
        self.behind.store(true, Ordering::Relaxed);
        let out = match self.target {
            Target::Disk(out) => out.clone(),
            Target::Memory => Default::default(),
        };
        crate::diagnostics::Diagnostic::error(out, "writing the output folder stopped unexpectedly")
            .help("save a file again to write the whole site, or run `mekong build`")
            .into()
    }
}

impl Session {
    /// Renders each round of units in turn and writes what changed: the
    /// files `removed` (already gone from the outputs) and each round's
    /// while the next round renders, so that the first round is on disk
    /// before the second is done. Returns the paths rendered, those whose
    /// bytes changed, and what was written.
    pub(super) fn render_in_turn(
        &mut self,
        removed: &[String],
        rounds: [Vec<Unit>; 2],
        diagnostics: &mut Diagnostics,
    ) -> Result<Written, Diagnostics> {
        let (mut rendered, mut changed, mut written) = (Vec::new(), Vec::new(), None);
        // Not yet written: the removed files, then the last round's.
        let (mut gone, mut pending) = (removed, Vec::new());
        for units in rounds.into_iter().filter(|units| !units.is_empty()) {
            let disk = Disk {
                target: &self.target,
                outputs: &self.outputs,
                behind: &self.disk_behind,
                force: self.options.force_output,
            };
            let Some(kept) = self.kept.as_mut() else {
                break;
            };
            let (texts, wrote) = std::thread::scope(|scope| {
                let write = scope.spawn(|| disk.write(&pending, gone));
                let texts = kept.renderer.render_units(&kept.site, &units, diagnostics);
                let wrote = write.join().unwrap_or_else(|_| Err(disk.stopped()));
                (texts, wrote)
            });
            written = merge(written, wrote?);
            if diagnostics.has_errors() {
                // The model holds the new bodies, some outputs the old ones.
                self.trusted = false;
                return Err(std::mem::take(diagnostics));
            }
            rendered.extend(texts.iter().map(|(path, _)| path.clone()));
            pending = take_in(&self.outputs, texts);
            changed.extend(pending.iter().cloned());
            gone = &[];
        }
        written = merge(written, self.write(&pending, gone)?);
        Ok(Written {
            rendered,
            changed,
            written,
        })
    }
}

/// Puts rendered texts into the outputs; returns the paths whose bytes
/// changed.
fn take_in(outputs: &SharedOutputs, texts: Vec<(String, Vec<u8>)>) -> Vec<String> {
    let mut outputs = outputs.write().unwrap_or_else(|e| e.into_inner());
    let mut changed = Vec::new();
    for (path, text) in texts {
        let same = matches!(outputs.get(&path), Some(Content::Bytes(b)) if *b == text);
        if !same {
            outputs.insert(path.clone(), Content::Bytes(text));
            changed.push(path);
        }
    }
    changed
}
