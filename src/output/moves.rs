//! One stage moved into place, and undone: the steps that make a move
//! reversible whether this process or a killed one began it.

use std::fs;
use std::io;
use std::path::Path;

use super::journal::{backup_path, stage_path};

/// Moves one stage (a file, or a new folder) over its destination,
/// keeping what was there as a backup so the move can be undone: a hard
/// link to the old file (a copy where links are refused), so the old file
/// stays readable until the rename replaces it at once; a folder of
/// mekong's files or a symlink is moved aside whole. Does nothing for a
/// stage already moved.
pub(crate) fn move_into_place(out: &Path, rel: &str, fresh: Fresh) -> io::Result<()> {
    let stage = stage_path(out, rel);
    if fresh == Fresh::Yes {
        // Just staged by this process, no backup yet: a link (of a file or
        // a symlink) and a rename, two calls, where most files change.
        let dest = out.join(rel);
        match fs::hard_link(&dest, backup_path(out, rel)) {
            Ok(()) => return fs::rename(&stage, &dest),
            Err(e) if e.kind() == io::ErrorKind::NotFound => return fs::rename(&stage, &dest),
            Err(_) => {} // a folder, or links refused: the careful path
        }
    }
    let Ok(staged) = fs::symlink_metadata(&stage) else {
        return Ok(()); // moved by the build that was killed
    };
    let dest = out.join(rel);
    let backup = backup_path(out, rel);
    let backed_up = fs::symlink_metadata(&backup).is_ok();
    match fs::symlink_metadata(&dest) {
        Ok(_) if backed_up => {}
        Ok(meta) if meta.is_file() && !staged.is_dir() => {
            if fs::hard_link(&dest, &backup).is_err() {
                fs::copy(&dest, &backup)?;
            }
        }
        Ok(_) => fs::rename(&dest, &backup)?,
        Err(e) if e.kind() == io::ErrorKind::NotFound => {}
        Err(e) => return Err(e),
    }
    fs::rename(&stage, &dest)
}

/// Whether a stage was just written by this process (no backup can be
/// there yet), or left by a killed build (anything may be half done).
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Fresh {
    Yes,
    No,
}

/// Puts back what `move_into_place` changed, whether or not it got to
/// the move itself.
pub(crate) fn undo(out: &Path, rel: &str) -> io::Result<()> {
    let stage = stage_path(out, rel);
    let dest = out.join(rel);
    let backup = backup_path(out, rel);
    let moved = match fs::symlink_metadata(&stage) {
        Ok(meta) if meta.is_dir() => fs::remove_dir_all(&stage).map(|()| false)?,
        Ok(_) => fs::remove_file(&stage).map(|()| false)?,
        Err(_) => true,
    };
    let dest_meta = fs::symlink_metadata(&dest).ok();
    match fs::symlink_metadata(&backup) {
        // Not moved, and the old file still in place: the backup is its
        // spare hard link.
        Ok(_) if !moved && dest_meta.is_some() => fs::remove_file(&backup),
        Ok(old) => {
            // A rename puts a file back over a file at once; a folder
            // cannot replace a file (or the reverse) that way.
            if let Some(new) = dest_meta.filter(|new| new.is_dir() || old.is_dir()) {
                remove(&dest, &new)?;
            }
            fs::rename(&backup, &dest)
        }
        // Nothing was there before: what was moved in goes.
        Err(_) => match dest_meta {
            Some(new) if moved => remove(&dest, &new),
            _ => Ok(()),
        },
    }
}

fn remove(path: &Path, meta: &fs::Metadata) -> io::Result<()> {
    if meta.is_dir() {
        fs::remove_dir_all(path)
    } else {
        fs::remove_file(path)
    }
}

/// Removes the folders an orphan leaves empty, up to the output folder.
pub(crate) fn remove_empty_parents(out: &Path, rel: &str) {
    let mut dir = Path::new(rel).parent();
    while let Some(d) = dir.filter(|d| !d.as_os_str().is_empty()) {
        if fs::remove_dir(out.join(d)).is_err() {
            break; // not empty, or already gone
        }
        dir = d.parent();
    }
}

/// Writes a file whole: temp file + rename.
pub(crate) fn write_whole(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let temp = path.with_extension("mekong-tmp");
    fs::write(&temp, bytes)?;
    fs::rename(&temp, path)
}
