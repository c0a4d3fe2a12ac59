//! The guard that keeps the search index from being rebuilt when the
//! indexed text has not changed: a dot-file beside the output, written
//! with the bundle, holding the hash of the documents it was made from
//! and a hash of each of its files. A later build whose documents hash
//! the same reuses those files, after checking that each is still there
//! with the same bytes; anything missing or edited means a fresh index.
//!
//! Dot-files in the output folder are never removed by a build, so the
//! stamp outlives a build with search turned off; its file list is what
//! tells that the bundle itself has gone since.

use std::borrow::Cow;
use std::fs;
use std::path::PathBuf;

use xxhash_rust::xxh3::xxh3_128;

use crate::output::Outputs;

/// Relative to the output folder.
pub(crate) const STAMP: &str = ".mekong-search";

const HEADER: &str = "mekong search index: rebuilt only when the indexed text changes";

/// Where the files of the last build can be read back.
pub(crate) trait Previous {
    fn read(&self, rel: &str) -> Option<Cow<'_, [u8]>>;
}

/// The output folder of `build` and `watch`.
impl Previous for PathBuf {
    fn read(&self, rel: &str) -> Option<Cow<'_, [u8]>> {
        let path = self.join(rel);
        // A regular file only: a symlink planted in the output is not followed.
        let meta = fs::symlink_metadata(&path).ok()?;
        if !meta.is_file() {
            return None;
        }
        fs::read(path).ok().map(Cow::Owned)
    }
}

/// A build kept in memory (`serve`).
impl Previous for Outputs {
    fn read(&self, rel: &str) -> Option<Cow<'_, [u8]>> {
        self.get(rel)?.bytes().ok()
    }
}

/// The first of two places that has a file: the last build in memory,
/// then the output folder. (Mixing the two is safe: every file is checked
/// against the stamp's hash.)
pub(crate) struct Either<'a>(pub &'a dyn Previous, pub &'a dyn Previous);

impl Previous for Either<'_> {
    fn read(&self, rel: &str) -> Option<Cow<'_, [u8]>> {
        self.0.read(rel).or_else(|| self.1.read(rel))
    }
}

/// No previous build: always index.
#[cfg(test)]
pub(crate) struct Nothing;

#[cfg(test)]
impl Previous for Nothing {
    fn read(&self, _: &str) -> Option<Cow<'_, [u8]>> {
        None
    }
}

/// The stamp for `files` made from documents hashing to `documents`.
pub fn render(documents: &str, files: &[(String, Vec<u8>)]) -> Vec<u8> {
    let mut text = format!("{HEADER}\ndocuments {documents}\n");
    for (rel, bytes) in files {
        text.push_str(&format!("{:032x} {rel}\n", xxh3_128(bytes)));
    }
    text.into_bytes()
}

/// The files of the previous bundle, when its stamp names `documents` and
/// every file it lists is there unchanged.
pub(crate) fn reuse(previous: &dyn Previous, documents: &str) -> Option<Vec<(String, Vec<u8>)>> {
    let stamp = previous.read(STAMP)?;
    let text = std::str::from_utf8(&stamp).ok()?;
    let mut lines = text.lines();
    if lines.next()? != HEADER || lines.next()? != format!("documents {documents}") {
        return None;
    }
    let mut files = Vec::new();
    for line in lines {
        let (hash, rel) = line.split_once(' ')?;
        // Whatever the stamp says, only files of the bundle are read.
        if !rel.starts_with(super::BUNDLE) || !crate::output::is_contained(rel) {
            return None;
        }
        let bytes = previous.read(rel)?;
        if format!("{:032x}", xxh3_128(&bytes)) != hash {
            return None;
        }
        files.push((rel.to_string(), bytes.into_owned()));
    }
    // A stamp that lists nothing is not a bundle.
    (!files.is_empty()).then_some(files)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::output::Content;

    fn outputs(files: &[(String, Vec<u8>)], stamp: Vec<u8>) -> Outputs {
        let mut out = Outputs::default();
        for (rel, bytes) in files {
            out.insert(rel.clone(), Content::Bytes(bytes.clone()));
        }
        out.insert(STAMP.into(), Content::Bytes(stamp));
        out
    }

    fn bundle() -> Vec<(String, Vec<u8>)> {
        vec![
            ("pagefind/pagefind.js".into(), b"js".to_vec()),
            ("pagefind/index/a.pf_index".into(), b"index".to_vec()),
        ]
    }

    #[test]
    fn same_documents_reuse_the_files() {
        let files = bundle();
        let previous = outputs(&files, render("abc", &files));
        assert_eq!(reuse(&previous, "abc"), Some(files));
    }

    #[test]
    fn other_documents_do_not() {
        let files = bundle();
        let previous = outputs(&files, render("abc", &files));
        assert_eq!(reuse(&previous, "abd"), None);
    }

    #[test]
    fn a_missing_or_edited_file_means_a_fresh_index() {
        let files = bundle();
        let mut previous = outputs(&files[..1], render("abc", &files));
        assert_eq!(reuse(&previous, "abc"), None);
        previous.insert(files[1].0.clone(), Content::Bytes(b"edited".to_vec()));
        assert_eq!(reuse(&previous, "abc"), None);
    }

    #[test]
    fn a_stamp_naming_files_outside_the_bundle_is_ignored() {
        let files = vec![("pagefind/../secret".to_string(), b"x".to_vec())];
        let previous = outputs(&files, render("abc", &files));
        assert_eq!(reuse(&previous, "abc"), None);
    }

    #[test]
    fn no_stamp_or_a_foreign_one_means_a_fresh_index() {
        assert_eq!(reuse(&Nothing, "abc"), None);
        let previous = outputs(&bundle(), b"something else\n".to_vec());
        assert_eq!(reuse(&previous, "abc"), None);
    }
}
