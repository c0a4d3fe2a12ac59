//! What a failed write tells the user: which files, which cause, and
//! whether the output folder is as it was.

use std::collections::BTreeMap;
use std::io;
use std::path::Path;

use crate::diagnostics::Diagnostic;

/// Label of a diagnostic after which the output folder is not what it was
/// before the build: the summary must not say "nothing was written".
pub(crate) const CHANGED: &str = "the output folder was changed";

/// Whether a diagnostic reports a write that left the output changed.
pub fn left_changes(d: &Diagnostic) -> bool {
    d.label == CHANGED
}

pub(crate) const UNCHANGED: &str = "nothing in the output folder was changed: every staged file was removed and the previous build is whole";

/// One diagnostic per cause (a full disk fails every file the same way),
/// naming the first few files and how many there were.
pub(crate) fn grouped(
    what: &str,
    out: &Path,
    failures: Vec<(String, io::Error)>,
    help: &str,
) -> Vec<Diagnostic> {
    let mut by_cause: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for (rel, e) in failures {
        by_cause.entry(e.to_string()).or_default().push(rel);
    }
    by_cause
        .into_iter()
        .map(|(cause, mut files)| {
            files.sort();
            let file = out.join(&files[0]);
            let message = match files.len() {
                1 => format!("{what} `{}`: {cause}", files[0]),
                n => format!(
                    "{what} {n} files (`{}`, …): {cause}",
                    files[..n.min(3)].join("`, `")
                ),
            };
            Diagnostic::error(file, message).help(help)
        })
        .collect()
}

/// Adds what could not be undone: the output folder is then changed.
pub(crate) fn with_leftovers(
    mut diagnostics: Vec<Diagnostic>,
    leftovers: Vec<String>,
) -> Vec<Diagnostic> {
    if leftovers.is_empty() {
        return diagnostics;
    }
    for d in &mut diagnostics {
        d.help = Some(
            "the output folder could not be fully restored (see the next error); the next build finishes or undoes this write".into(),
        );
    }
    diagnostics.push(
        Diagnostic::error(
            leftovers.first().cloned().unwrap_or_default(),
            format!(
                "cannot undo the interrupted write: {}",
                leftovers.join("; ")
            ),
        )
        .label(CHANGED)
        .help(
            "the journal .mekong-journal stays in the output folder; fix the cause and build again",
        ),
    );
    diagnostics
}
