//! `mekong check`: render in memory (write nothing) and report findings,
//! rustc-style on stderr with a summary line on stdout, or as JSON on
//! stdout. Exit 1 when any finding (or build error) is an error.

use super::plural;
use crate::cli::{CheckArgs, Format};
use mekong::diagnostics::Diagnostic;

pub fn run(args: &CheckArgs, color: bool) -> u8 {
    let options = args.site.options(None);
    let (findings, summary) = match mekong::check::check(&options) {
        Ok(report) => {
            let summary = format!(
                "checked {} pages ({} HTML files): {}, {}",
                report.pages,
                report.html_files,
                plural(report.errors(), "error"),
                plural(report.warnings(), "warning"),
            );
            (report.findings, summary)
        }
        Err(diagnostics) => {
            let errors = diagnostics.error_count();
            let summary = format!(
                "check stopped: the site does not build ({})",
                plural(errors, "error")
            );
            (diagnostics.sorted(), summary)
        }
    };
    match args.format {
        Format::Json => println!("{}", mekong::check::json::to_json(&findings)),
        Format::Human => {
            super::Print::new(color, args.site.all_errors).list(&findings);
            println!("{summary}");
        }
    }
    u8::from(findings.iter().any(Diagnostic::is_error))
}
