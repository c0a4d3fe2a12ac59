//! Loading: the files of a site as written, before any meaning is given to
//! them. `walk` finds and classifies files, `front_matter` splits and checks
//! them, `raw` holds the result.

pub mod front_matter;
pub mod raw;
pub mod walk;

use std::path::Path;
use std::sync::Arc;

use crate::diagnostics::Diagnostic;

/// Reads a UTF-8 text file; any failure names the file.
pub fn read_text(path: &Path, shown: &Path) -> Result<Arc<str>, Diagnostic> {
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
