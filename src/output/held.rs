//! The output folder held for one streamed write (`stream`): locked,
//! a killed build's write finished or undone, the last manifest read.

use std::fs;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use super::Outputs;
use super::commit::{self, Lock};
use super::manifest::{self, MANIFEST};
use super::write::refuse_escapes;
use crate::diagnostics::Diagnostic;

/// The output folder, locked for one write, with the last build's
/// manifest: what a `Stream` borrows. A folder that is not there yet is
/// created (and locked) only when the first file is staged, so that a
/// build that fails leaves no empty folder behind either.
pub struct Held {
    out: PathBuf,
    lock: OnceLock<Lock>,
    pub(super) manifest: Option<String>,
    pub(super) force: bool,
    pub(super) existed: bool,
}

/// Refuses paths that leave the output folder; for a folder that is
/// there, locks it, finishes or undoes a killed build's write and reads
/// the manifest.
pub fn hold(out: &Path, outputs: &Outputs, force: bool) -> Result<Held, Vec<Diagnostic>> {
    refuse_escapes(out, outputs.files.keys())?;
    let mut held = Held {
        out: out.to_path_buf(),
        lock: OnceLock::new(),
        manifest: None,
        force,
        existed: fs::symlink_metadata(out).is_ok(),
    };
    if !held.existed {
        return Ok(held);
    }
    let _ = held.lock.set(commit::lock(out)?);
    commit::recover(out)?;
    held.manifest = manifest::read(out).map_err(|e| {
        vec![Diagnostic::error(
            out.join(MANIFEST),
            format!("cannot read the manifest of the last build: {e}"),
        )]
    })?;
    Ok(held)
}

impl Held {
    pub(super) fn out(&self) -> &Path {
        &self.out
    }

    /// Creates and locks a folder that was not there.
    pub(super) fn create(&self) -> Result<(), Vec<Diagnostic>> {
        if self.existed {
            return Ok(());
        }
        fs::create_dir_all(&self.out).map_err(|e| {
            vec![Diagnostic::error(
                self.out.clone(),
                format!("cannot create output directory: {e}"),
            )]
        })?;
        let _ = self.lock.set(commit::lock(&self.out)?);
        Ok(())
    }

    /// Removes the folder this build created, if it is still empty: a
    /// failed first build leaves nothing.
    pub(super) fn remove_if_created(&self) {
        if !self.existed {
            let _ = fs::remove_dir(&self.out);
        }
    }
}
