//! The journal: what a write is about to do to the output folder, on disk
//! before the first change, so that a build killed at any point can be
//! finished or undone by the next one.
//!
//! It lists the new folders the write stages whole (one rename puts a
//! folder of any size in place), the files it stages one by one and the
//! orphans it removes. The line `commit`, appended once every stage is complete, is
//! the point of no return: before it the next build throws the stages
//! away; after it the next build moves them into place (or, should a move
//! fail, puts every old file back).

use std::fs::{self, OpenOptions};
use std::io::{self, Write};
use std::path::{Path, PathBuf};

/// The journal's name in the output folder.
pub(crate) const JOURNAL: &str = ".mekong-journal";
const HEADER: &str =
    "# mekong journal 1: a write in progress; the next build finishes or undoes it";
const COMMIT: &str = "commit";

/// Suffix of a staged file: the new bytes beside the file they replace.
pub(crate) const STAGE_SUFFIX: &str = ".mekong-new";
/// Suffix of the old file (or folder) kept until the write is over.
pub(crate) const BACKUP_SUFFIX: &str = ".mekong-old";

#[derive(Debug, Default, PartialEq, Eq)]
pub(crate) struct Journal {
    /// New folders, each staged whole as `<rel>.mekong-new/` with its
    /// files inside (where a file or symlink of mekong's stands now, it is
    /// moved aside when the folder moves in).
    pub trees: Vec<String>,
    /// Files staged as `<rel>.mekong-new`; the manifest last.
    pub staged: Vec<String>,
    /// Files of the last build this one no longer renders.
    pub orphans: Vec<String>,
    pub committed: bool,
}

pub(crate) fn stage_path(out: &Path, rel: &str) -> PathBuf {
    beside(out, rel, STAGE_SUFFIX)
}

pub(crate) fn backup_path(out: &Path, rel: &str) -> PathBuf {
    beside(out, rel, BACKUP_SUFFIX)
}

/// Most file systems allow 255 bytes per name.
const NAME_MAX: usize = 255;

/// `<rel><suffix>`; for a name too long to take the suffix, a short name
/// made from a hash of it (FNV-1a: the same in every mekong version, so
/// the next build finds what this one left).
fn beside(out: &Path, rel: &str, suffix: &str) -> PathBuf {
    let (dir, name) = rel.rsplit_once('/').unwrap_or(("", rel));
    if name.len() + suffix.len() <= NAME_MAX {
        return out.join(format!("{rel}{suffix}"));
    }
    let hash = name.bytes().fold(0xcbf2_9ce4_8422_2325_u64, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    });
    out.join(dir).join(format!("{hash:016x}{suffix}"))
}

impl Journal {
    /// Writes the journal whole (temp file + rename): a kill leaves either
    /// no journal or all of it.
    pub fn write(&self, out: &Path) -> io::Result<()> {
        let mut text = String::with_capacity(64 * (self.staged.len() + self.orphans.len() + 1));
        text.push_str(HEADER);
        text.push('\n');
        for (kind, list) in [
            ("tree", &self.trees),
            ("stage", &self.staged),
            ("orphan", &self.orphans),
        ] {
            for rel in list {
                text.push_str(kind);
                text.push('\t');
                text.push_str(rel);
                text.push('\n');
            }
        }
        let temp = out.join(format!("{JOURNAL}.tmp"));
        fs::write(&temp, text)?;
        fs::rename(&temp, out.join(JOURNAL))
    }

    /// Marks every stage complete. One short appended write: a kill leaves
    /// the line whole or not there, and a torn line is not `commit`.
    pub(crate) fn commit(&mut self, out: &Path) -> io::Result<()> {
        let mut file = OpenOptions::new().append(true).open(out.join(JOURNAL))?;
        file.write_all(format!("{COMMIT}\n").as_bytes())?;
        self.committed = true;
        Ok(())
    }

    /// The journal a killed write left, if any.
    pub fn read(out: &Path) -> io::Result<Option<Journal>> {
        // A temp journal never renamed into place: nothing was changed yet.
        let _ = fs::remove_file(out.join(format!("{JOURNAL}.tmp")));
        let text = match fs::read_to_string(out.join(JOURNAL)) {
            Ok(text) => text,
            Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(None),
            Err(e) => return Err(e),
        };
        let mut lines = text.lines();
        if lines.next() != Some(HEADER) {
            return Err(io::Error::other(format!(
                "{JOURNAL} is not a mekong journal"
            )));
        }
        let mut journal = Journal::default();
        for line in lines {
            if line == COMMIT {
                journal.committed = true;
                continue;
            }
            let Some((kind, rel)) = line.split_once('\t') else {
                continue; // a torn last line
            };
            if !super::is_contained(rel) {
                return Err(io::Error::other(format!(
                    "{JOURNAL} names `{rel}`, which is not inside the output folder"
                )));
            }
            let list = match kind {
                "tree" => &mut journal.trees,
                "stage" => &mut journal.staged,
                "orphan" => &mut journal.orphans,
                _ => continue,
            };
            list.push(rel.to_string());
        }
        Ok(Some(journal))
    }

    pub(crate) fn remove(out: &Path) -> io::Result<()> {
        match fs::remove_file(out.join(JOURNAL)) {
            Err(e) if e.kind() != io::ErrorKind::NotFound => Err(e),
            _ => Ok(()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_long_name_is_staged_under_a_short_one() {
        let out = Path::new("/out");
        assert_eq!(
            stage_path(out, "a/b.html"),
            Path::new("/out/a/b.html.mekong-new")
        );
        let long = format!("a/{}", "x".repeat(250));
        let staged = stage_path(out, &long);
        assert_eq!(staged.parent(), Some(Path::new("/out/a")));
        assert_eq!(staged.file_name().unwrap().len(), 16 + STAGE_SUFFIX.len());
        assert_ne!(staged, backup_path(out, &long));
    }

    #[test]
    fn a_journal_reads_back_and_commit_is_seen() {
        let dir = tempfile::tempdir().unwrap();
        let mut journal = Journal {
            trees: vec!["a".into(), "b/c".into()],
            staged: vec!["a/b/index.html".into(), ".mekong-manifest".into()],
            orphans: vec!["old.html".into()],
            committed: false,
        };
        journal.write(dir.path()).unwrap();
        assert_eq!(Journal::read(dir.path()).unwrap().as_ref(), Some(&journal));
        journal.commit(dir.path()).unwrap();
        assert_eq!(Journal::read(dir.path()).unwrap(), Some(journal));
        Journal::remove(dir.path()).unwrap();
        assert_eq!(Journal::read(dir.path()).unwrap(), None);
    }
}
