//! Findings as JSON for editors and CI: one object per finding with file,
//! line, column (1-based; null when the finding is about a whole file),
//! severity, message and help. Every finding is listed (no summing up as
//! on the terminal), and control characters in the text fields are written
//! as `\u{1b}` before JSON escaping, so a consumer that prints a message
//! prints no escape sequence.

use std::borrow::Cow;

use serde::Serialize;

use crate::diagnostics::{Diagnostic, Positions, Severity, escape_name, escape_text};

#[derive(Serialize)]
struct Finding<'a> {
    file: String,
    line: Option<usize>,
    column: Option<usize>,
    severity: Severity,
    message: Cow<'a, str>,
    help: Option<Cow<'a, str>>,
}

/// A JSON array of `findings`, in the order given.
pub fn to_json(findings: &[Diagnostic]) -> String {
    // One line index per file, not a scan from the top per finding.
    let mut positions = Positions::default();
    let list: Vec<Finding> = findings
        .iter()
        .map(|d| {
            let (line, column) = match positions.line_column(d) {
                (0, _) => (None, None),
                (line, column) => (Some(line), Some(column)),
            };
            Finding {
                file: escape_name(&d.file.display().to_string()).into_owned(),
                line,
                column,
                severity: d.severity,
                message: escape_text(&d.message),
                help: d.help.as_deref().map(escape_text),
            }
        })
        .collect();
    serde_json::to_string_pretty(&list).unwrap_or_else(|_| "[]".into())
}
