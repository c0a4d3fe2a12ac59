//! One module per subcommand, each with a `run` returning the exit code.

pub mod build;
pub mod check;
pub mod init;
pub mod new;
pub mod schema;
pub mod serve;
pub mod watch;

use mekong::diagnostics::{Caps, Diagnostic, Diagnostics, render_volume};

/// How diagnostics reach the terminal: in colour or not, and all of them
/// (`--all-errors`) or the first 50 errors and 20 warnings, the rest
/// summed up per kind.
#[derive(Debug, Clone, Copy)]
pub struct Print {
    pub color: bool,
    pub caps: Caps,
}

impl Print {
    pub fn new(color: bool, all_errors: bool) -> Print {
        Print {
            color,
            caps: Caps::new(all_errors),
        }
    }

    /// Prints `list` (sorted) to stderr.
    pub fn list(self, list: &[Diagnostic]) {
        render_volume(list, self.color, self.caps, |text| eprintln!("{text}"));
    }
}

/// Prints every diagnostic, sorted, then a count line.
pub fn report(diagnostics: Diagnostics, print: Print) {
    // Count after sorting: `sorted` merges repeats (one template error hit
    // by every page), and the count must match what is printed.
    let list = diagnostics.sorted();
    let errors = list.iter().filter(|d| d.is_error()).count();
    print.list(&list);
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

pub fn print_warnings(list: &[Diagnostic], print: Print) {
    print.list(list);
}
