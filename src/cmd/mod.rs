//! One module per subcommand, each with a `run` returning the exit code.

pub mod build;
pub mod check;
pub mod init;
pub mod new;
pub mod schema;
pub mod serve;
pub mod watch;

use mekong::diagnostics::{Diagnostic, Diagnostics, render_list};

/// Prints every diagnostic, sorted, then a count line.
pub fn report(diagnostics: Diagnostics, color: bool) {
    // Count after sorting: `sorted` merges repeats (one template error hit
    // by every page), and the count must match what is printed.
    let list = diagnostics.sorted();
    let errors = list.iter().filter(|d| d.is_error()).count();
    render_list(&list, color, |text| eprintln!("{text}"));
    let warnings = list.len() - errors;
    if errors > 0 {
        let changed = list.iter().any(mekong::output::left_changes);
        eprintln!("{}", summary_line(errors, warnings, changed));
    }
}

/// "1 error", "2 errors".
pub fn plural(n: usize, word: &str) -> String {
    if n == 1 {
        format!("{n} {word}")
    } else {
        format!("{n} {word}s")
    }
}

/// The count line; "nothing was written" only when that is true (a write
/// that could not be undone says so in its own error).
fn summary_line(errors: usize, warnings: usize, changed: bool) -> String {
    let outcome = if changed {
        "the output folder was changed (see above)"
    } else {
        "nothing was written"
    };
    if warnings > 0 {
        format!(
            "error: build failed with {} and {}; {outcome}",
            plural(errors, "error"),
            plural(warnings, "warning")
        )
    } else {
        format!(
            "error: build failed with {}; {outcome}",
            plural(errors, "error")
        )
    }
}

pub fn print_warnings(list: &[Diagnostic], color: bool) {
    render_list(list, color, |text| eprintln!("{text}"));
}
