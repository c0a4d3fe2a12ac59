//! The manifest: a dot-file in the output folder listing, one per line,
//! every file mekong wrote there. It is what makes "mekong deletes only
//! what it wrote" checkable: an orphan is a file in the last manifest that
//! this build no longer renders, and nothing else is ever removed.

use std::fs;
use std::io;
use std::path::Path;

/// The manifest's name in the output folder; a dot-file, so never
/// deployed as a page and never taken for an orphan.
pub const MANIFEST: &str = ".mekong-manifest";

const HEADER: &str =
    "# mekong manifest 1: the files mekong wrote in this folder (it deletes only these)";

/// The last build's manifest, or `None` where there is none; its files
/// are `entries(&text)`. Kept as text: `watch` reads it at every save, and
/// a set borrowing the text costs a fraction of one owning 10,000 strings.
pub fn read(out: &Path) -> io::Result<Option<String>> {
    let text = match fs::read_to_string(out.join(MANIFEST)) {
        Ok(text) => text,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(e),
    };
    if text.lines().next() != Some(HEADER) {
        return Err(io::Error::other(format!(
            "{MANIFEST} is not a mekong manifest (its first line is not `{HEADER}`)"
        )));
    }
    Ok(Some(text))
}

/// The files a manifest lists (unchecked: a path that is about to be
/// removed must still pass `is_contained`).
pub fn entries(text: &str) -> impl Iterator<Item = &str> {
    text.lines().skip(1).filter(|line| !line.is_empty())
}

/// The manifest's bytes for `files` (sorted, so rebuilding the same site
/// leaves it unchanged and unwritten).
pub fn text<'a>(files: impl IntoIterator<Item = &'a str>) -> Vec<u8> {
    let mut text = String::from(HEADER);
    text.push('\n');
    for file in files {
        text.push_str(file);
        text.push('\n');
    }
    text.into_bytes()
}

/// What a folder without a manifest holds.
#[derive(Debug, Default)]
pub(crate) struct Survey {
    /// Every file outside dot-files and dot-folders, relative.
    pub files: Vec<String>,
    /// Temp files an older mekong left when it was killed mid-write
    /// (`.index.html.mekong-1234.tmp`).
    pub stale: Vec<String>,
}

/// Looks through a folder that has no manifest, leaving dot-folders out.
pub(crate) fn survey(out: &Path) -> io::Result<Survey> {
    let mut survey = Survey::default();
    let walker = walkdir::WalkDir::new(out)
        .follow_links(false)
        .into_iter()
        .filter_entry(|e| {
            e.depth() == 0 || e.file_type().is_file() || !is_dot(&e.file_name().to_string_lossy())
        });
    for entry in walker {
        let entry = match entry {
            Ok(entry) => entry,
            Err(e)
                if e.depth() == 0
                    && e.io_error().map(io::Error::kind) == Some(io::ErrorKind::NotFound) =>
            {
                return Ok(survey);
            }
            Err(e) => return Err(io::Error::other(e)),
        };
        if entry.depth() == 0 || entry.file_type().is_dir() {
            continue;
        }
        let rel = entry
            .path()
            .strip_prefix(out)
            .map_err(io::Error::other)?
            .to_string_lossy()
            .replace('\\', "/");
        let name = entry.file_name().to_string_lossy();
        if is_old_temp(&name) {
            survey.stale.push(rel);
        } else if !is_dot(&name) {
            survey.files.push(rel);
        }
    }
    Ok(survey)
}

fn is_dot(name: &str) -> bool {
    name.starts_with('.')
}

/// `.NAME.mekong-PID.tmp`, the temp name of mekong before manifests.
fn is_old_temp(name: &str) -> bool {
    let Some(rest) = name.strip_prefix('.').and_then(|n| n.strip_suffix(".tmp")) else {
        return false;
    };
    rest.rsplit_once(".mekong-").is_some_and(|(file, pid)| {
        !file.is_empty() && !pid.is_empty() && pid.bytes().all(|b| b.is_ascii_digit())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn old_temp_names_are_recognised() {
        assert!(is_old_temp(".index.html.mekong-1234.tmp"));
        assert!(!is_old_temp(".index.html.mekong-.tmp"));
        assert!(!is_old_temp("index.html.mekong-12.tmp"));
        assert!(!is_old_temp(".mekong-manifest"));
    }

    #[test]
    fn a_manifest_reads_back_what_was_written() {
        let dir = tempfile::tempdir().unwrap();
        assert_eq!(read(dir.path()).unwrap(), None);
        fs::write(dir.path().join(MANIFEST), text(["a.html", "b/index.html"])).unwrap();
        let text = read(dir.path()).unwrap().unwrap();
        assert_eq!(
            entries(&text).collect::<Vec<_>>(),
            ["a.html", "b/index.html"]
        );
        fs::write(dir.path().join(MANIFEST), "something else\n").unwrap();
        assert!(read(dir.path()).is_err());
    }
}
