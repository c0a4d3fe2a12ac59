//! Findings as JSON for editors and CI: one object per finding with file,
//! line, column (1-based; null when the finding is about a whole file),
//! severity, message and help.

use serde::Serialize;

use crate::diagnostics::{Diagnostic, Severity};

#[derive(Serialize)]
struct Finding<'a> {
    file: String,
    line: Option<usize>,
    column: Option<usize>,
    severity: Severity,
    message: &'a str,
    help: Option<&'a str>,
}

/// A JSON array of `findings`, in the order given.
pub fn to_json(findings: &[Diagnostic]) -> String {
    let list: Vec<Finding> = findings
        .iter()
        .map(|d| {
            let (line, column) = match d.line_column() {
                (0, _) => (None, None),
                (line, column) => (Some(line), Some(column)),
            };
            Finding {
                file: d.file.display().to_string(),
                line,
                column,
                severity: d.severity,
                message: &d.message,
                help: d.help.as_deref(),
            }
        })
        .collect();
    serde_json::to_string_pretty(&list).unwrap_or_else(|_| "[]".into())
}
