//! What changed between two builds' outputs, and what two writes did
//! together: the bookkeeping of a rebuild, apart from carrying it out.

use std::collections::HashSet;
use std::path::Path;

use rayon::prelude::*;

use crate::output::{Content, Outputs, WriteStats};
use crate::source::ThemeFile;

/// Outputs whose bytes differ between two builds, and those that went.
/// Copied files count as changed when their source is one of `touched`
/// (the session's root is absolute, so are their paths).
pub(super) fn diff(
    old: &Outputs,
    new: &Outputs,
    touched: &HashSet<&Path>,
) -> (Vec<String>, Vec<String>) {
    let changed = new
        .files
        .par_iter()
        .filter(|(path, content)| match (old.get(path), content) {
            (Some(Content::Bytes(a)), Content::Bytes(b)) => a != b,
            (Some(Content::File(a)), Content::File(b)) => a != b || touched.contains(b.as_path()),
            (Some(Content::Theme(ThemeFile::Disk(a))), Content::Theme(ThemeFile::Disk(b))) => {
                a != b || touched.contains(b.as_path())
            }
            (
                Some(Content::Theme(ThemeFile::Embedded(a))),
                Content::Theme(ThemeFile::Embedded(b)),
            ) => a != b,
            _ => true,
        })
        .map(|(path, _)| path.clone())
        .collect();
    let removed = old
        .files
        .keys()
        .filter(|path| new.get(path).is_none())
        .cloned()
        .collect();
    (changed, removed)
}

/// Adds up what two writes did.
pub(super) fn merge(a: Option<WriteStats>, b: Option<WriteStats>) -> Option<WriteStats> {
    match (a, b) {
        (Some(a), Some(b)) => Some(WriteStats {
            written: a.written + b.written,
            unchanged: a.unchanged + b.unchanged,
            removed: a.removed + b.removed,
        }),
        (a, b) => a.or(b),
    }
}
