//! The site's source files as a build reads them, below every stage that
//! reads them: the source folders, UTF-8 text with errors that name the
//! file, and theme files that are either on disk or built into the binary.
//! A leaf, so that config, content, render and output can share these
//! without importing each other.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::diagnostics::Diagnostic;

/// The folders of a site a build reads. `watch` watches them; `output`
/// refuses to write inside (or around) any of them, which would overwrite
/// or delete the site.
pub(crate) const SOURCE_DIRS: [&str; 5] = ["content", "static", "templates", "themes", "i18n"];

/// A theme's file: on disk, or one of the default theme's, compiled in.
pub enum ThemeFile {
    Disk(PathBuf),
    Embedded(&'static [u8]),
}

impl ThemeFile {
    pub fn read(&self) -> std::io::Result<Vec<u8>> {
        match self {
            ThemeFile::Disk(path) => std::fs::read(path),
            ThemeFile::Embedded(bytes) => Ok(bytes.to_vec()),
        }
    }
}

/// Reads a UTF-8 text file; any failure names the file.
pub(crate) fn read_text(path: &Path, shown: &Path) -> Result<Arc<str>, Diagnostic> {
    let bytes = std::fs::read(path)
        .map_err(|e| Diagnostic::error(shown, format!("cannot read file: {e}")))?;
    // Guides are mostly Chinese, where the standard library's check goes
    // byte by byte (2.7% of a build's instructions); simdutf8 reports the
    // same position.
    match simdutf8::compat::from_utf8(&bytes) {
        Ok(text) => Ok(Arc::from(text)),
        Err(e) => {
            let valid = e.valid_up_to();
            let line = bytes[..valid].iter().filter(|&&b| b == b'\n').count() + 1;
            Err(Diagnostic::error(
                shown,
                format!(
                    "file is not UTF-8 text (invalid byte 0x{:02x} on line {line})",
                    bytes[valid]
                ),
            )
            .help("save the file as UTF-8"))
        }
    }
}
