//! Writing the outputs to disk: only changed files, orphans removed.

use std::collections::{BTreeMap, HashSet};
use std::fs;
use std::io::{self, Write};
use std::path::Path;

use rayon::prelude::*;

use super::{Content, Outputs, is_contained};
use crate::diagnostics::Diagnostic;

#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct WriteStats {
    pub written: usize,
    pub unchanged: usize,
    pub removed: usize,
}

pub fn write(out: &Path, outputs: &Outputs) -> Result<WriteStats, Vec<Diagnostic>> {
    let bad: Vec<Diagnostic> = outputs
        .files
        .keys()
        .filter(|rel| !is_contained(rel))
        .map(|rel| {
            Diagnostic::error(
                out.to_path_buf(),
                format!(
                    "refusing to write `{rel}`: it is not a plain path inside the output directory"
                ),
            )
        })
        .collect();
    if !bad.is_empty() {
        return Err(bad);
    }
    // An output folder that is new or empty holds nothing to compare with,
    // replace or clean up.
    let out_was_empty = fs::read_dir(out).map_or(true, |mut entries| entries.next().is_none());
    fs::create_dir_all(out).map_err(|e| {
        vec![Diagnostic::error(
            out.to_path_buf(),
            format!("cannot create output directory: {e}"),
        )]
    })?;

    // Folders first, one depth at a time (parents exist before children,
    // siblings in parallel), so a symlink planted in the output is
    // replaced by a real folder rather than followed.
    let mut dirs: Vec<&str> = outputs
        .files
        .keys()
        .filter_map(|rel| rel.rsplit_once('/').map(|(d, _)| d))
        .collect();
    let mut all: HashSet<&str> = HashSet::new();
    for dir in dirs.drain(..) {
        let mut end = 0;
        while let Some(next) = dir[end..].find('/').map(|i| end + i) {
            all.insert(&dir[..next]);
            end = next + 1;
        }
        all.insert(dir);
    }
    let mut by_depth: BTreeMap<usize, Vec<&str>> = BTreeMap::new();
    for dir in all {
        by_depth
            .entry(dir.matches('/').count())
            .or_default()
            .push(dir);
    }
    // Folders this build created hold nothing yet: their files need no
    // comparison and no temp-file dance, since no reader can be halfway
    // through a file that did not exist.
    let mut fresh: HashSet<&str> = HashSet::new();
    if out_was_empty {
        fresh.insert("");
    }
    for level in by_depth.into_values() {
        let created: Vec<(&str, bool)> = level
            .par_iter()
            .map(|dir| {
                let parent = dir.rsplit_once('/').map_or("", |(p, _)| p);
                let made = if fresh.contains(parent) {
                    // Nothing can be in a folder this build just made.
                    fs::create_dir(out.join(dir)).map(|()| true)
                } else {
                    ensure_real_dir(&out.join(dir))
                };
                made.map(|created| (*dir, created)).map_err(|e| {
                    Diagnostic::error(out.join(dir), format!("cannot create folder: {e}"))
                })
            })
            .collect::<Result<_, _>>()
            .map_err(|d| vec![d])?;
        fresh.extend(
            created
                .into_iter()
                .filter(|(_, created)| *created)
                .map(|(dir, _)| dir),
        );
    }

    let (mut stats, errors) = write_each(out, outputs.files.par_iter(), |rel| {
        let parent = rel.rsplit_once('/').map_or("", |(dir, _)| dir);
        fresh.contains(parent)
    });
    if !errors.is_empty() {
        return Err(errors);
    }
    if out_was_empty {
        return Ok(stats);
    }
    stats.removed = remove_orphans(out, outputs).map_err(|e| {
        vec![Diagnostic::error(
            out.to_path_buf(),
            format!("cannot clean output directory: {e}"),
        )]
    })?;
    Ok(stats)
}

/// Writes the outputs named in `changed` (each only if its bytes differ)
/// and deletes the files named in `removed`, with the folders they leave
/// empty: what `watch` does after an edit, instead of comparing the whole
/// site with the disk as `write` does.
pub fn write_some(
    out: &Path,
    outputs: &Outputs,
    changed: &[String],
    removed: &[String],
) -> Result<WriteStats, Vec<Diagnostic>> {
    let refuse = |rel: &String| {
        Diagnostic::error(
            out.to_path_buf(),
            format!(
                "refusing to write `{rel}`: it is not a plain path inside the output directory"
            ),
        )
    };
    let bad: Vec<Diagnostic> = changed
        .iter()
        .chain(removed)
        .filter(|rel| !is_contained(rel))
        .map(refuse)
        .collect();
    if !bad.is_empty() {
        return Err(bad);
    }
    let mut made: HashSet<&str> = HashSet::new();
    for rel in changed {
        let mut end = 0;
        while let Some(next) = rel[end..].find('/').map(|i| end + i) {
            let dir = &rel[..next];
            if made.insert(dir) {
                ensure_real_dir(&out.join(dir)).map_err(|e| {
                    vec![Diagnostic::error(
                        out.join(dir),
                        format!("cannot create folder: {e}"),
                    )]
                })?;
            }
            end = next + 1;
        }
    }
    let named = changed
        .par_iter()
        .filter_map(|rel| outputs.files.get_key_value(rel.as_str()));
    let (mut stats, mut errors) = write_each(out, named, |_| false);
    for rel in removed {
        let path = out.join(rel);
        match fs::remove_file(&path) {
            Ok(()) => stats.removed += 1,
            Err(e) if e.kind() == io::ErrorKind::NotFound => {}
            Err(e) => errors.push(Diagnostic::error(path, format!("cannot remove: {e}"))),
        }
        // Folders left empty go too, up to the output directory.
        let mut dir = Path::new(rel).parent();
        while let Some(d) = dir.filter(|d| !d.as_os_str().is_empty()) {
            if fs::remove_dir(out.join(d)).is_err() {
                break; // not empty, or already gone
            }
            dir = d.parent();
        }
    }
    if errors.is_empty() {
        Ok(stats)
    } else {
        Err(errors)
    }
}

/// Makes `path` a real folder; returns whether it had to be created.
fn ensure_real_dir(path: &Path) -> io::Result<bool> {
    match fs::symlink_metadata(path) {
        Ok(meta) if meta.is_dir() => Ok(false),
        Ok(_) => {
            fs::remove_file(path)?;
            fs::create_dir(path).map(|()| true)
        }
        Err(e) if e.kind() == io::ErrorKind::NotFound => fs::create_dir(path).map(|()| true),
        Err(e) => Err(e),
    }
}

/// Writes a file in a folder created by this build; refuses to replace
/// anything, so a race with another writer is an error, not a clobber.
fn write_new(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let mut file = fs::File::create_new(path)?;
    file.write_all(bytes)
}

/// Writes each output, in parallel; `is_fresh` says whether its folder was
/// created by this build (nothing to compare, no temp file needed).
fn write_each<'a>(
    out: &Path,
    files: impl ParallelIterator<Item = (&'a String, &'a Content)>,
    is_fresh: impl Fn(&str) -> bool + Sync,
) -> (WriteStats, Vec<Diagnostic>) {
    let results: Vec<Result<bool, Diagnostic>> = files
        .map(|(rel, content)| {
            let path = out.join(rel);
            let bytes = content.bytes().map_err(|e| {
                Diagnostic::error(path.clone(), format!("cannot read source for `{rel}`: {e}"))
            })?;
            let written = if is_fresh(rel) {
                write_new(&path, &bytes).map(|()| true)
            } else {
                write_if_changed(&path, &bytes)
            };
            written.map_err(|e| Diagnostic::error(path.clone(), format!("cannot write: {e}")))
        })
        .collect();
    let mut stats = WriteStats::default();
    let mut errors = Vec::new();
    for result in results {
        match result {
            Ok(true) => stats.written += 1,
            Ok(false) => stats.unchanged += 1,
            Err(d) => errors.push(d),
        }
    }
    (stats, errors)
}

/// Writes `bytes` unless the file already holds exactly them. Returns
/// whether it wrote.
pub fn write_if_changed(path: &Path, bytes: &[u8]) -> io::Result<bool> {
    match fs::symlink_metadata(path) {
        Ok(meta)
            if meta.is_file() && meta.len() == bytes.len() as u64 && fs::read(path)? == bytes =>
        {
            return Ok(false);
        }
        Ok(meta) if meta.is_dir() => fs::remove_dir_all(path)?,
        Ok(meta) if meta.file_type().is_symlink() => fs::remove_file(path)?,
        _ => {}
    }
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let temp = path.with_file_name(format!(".{name}.mekong-{}.tmp", std::process::id()));
    let result = (|| {
        let mut file = fs::File::create(&temp)?;
        file.write_all(bytes)?;
        file.flush()?;
        drop(file);
        fs::rename(&temp, path)
    })();
    if result.is_err() {
        let _ = fs::remove_file(&temp);
    }
    result.map(|()| true)
}

/// Deletes files the build did not produce; dot-files and anything under
/// a dot-folder are left alone. Empty folders left behind go too.
fn remove_orphans(out: &Path, outputs: &Outputs) -> io::Result<usize> {
    let mut removed = 0;
    let mut dirs = Vec::new();
    let walker = walkdir::WalkDir::new(out)
        .follow_links(false)
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !e.file_name().to_string_lossy().starts_with('.'));
    for entry in walker {
        let entry = entry.map_err(io::Error::other)?;
        if entry.depth() == 0 {
            continue;
        }
        let Ok(rel) = entry.path().strip_prefix(out) else {
            continue;
        };
        let rel = rel.to_string_lossy().replace('\\', "/");
        if entry.file_type().is_dir() {
            dirs.push(entry.path().to_path_buf());
        } else if !outputs.files.contains_key(&rel) {
            fs::remove_file(entry.path())?;
            removed += 1;
        }
    }
    for dir in dirs.iter().rev() {
        if fs::read_dir(dir)?.next().is_none() {
            fs::remove_dir(dir)?;
        }
    }
    Ok(removed)
}
