//! `mekong watch`: build into the output folder, then rebuild after every
//! save until Ctrl-C. A broken edit prints its errors and leaves the last
//! good build in place; the next good save recovers.

use std::path::{Path, PathBuf};
use std::sync::mpsc::Sender;

use mekong::watch::{
    self, Caught, Change, OnCaught, Outcome, Report, Scope, Session, Signal, SourceWatcher, Target,
};

use super::Print;
use crate::cli::WatchArgs;

pub fn run(args: &WatchArgs, color: bool) -> u8 {
    let mut options = args.site.options(args.output.clone());
    options.force_output = args.force_output;
    let Some(root) = site_root(&options.root) else {
        return 1;
    };
    let out = std::path::absolute(options.output_dir()).unwrap_or_else(|_| options.output_dir());
    options.root = root.clone();
    options.output = Some(out.clone());
    let Some(mut watcher) = start_watching(&root, args.poll) else {
        return 1;
    };
    let mut session = Session::new(options, None, Target::Disk(out.clone()));
    let print = Print::new(color, args.site.all_errors);
    session.on_search_caught(print_search(print));
    print_outcome(&root, &[], &session.rebuild_all(), print);
    println!("watching {} (Ctrl-C to stop)", root.display());
    watch::run(&mut session, &mut watcher, Some(&out), |_, report| {
        print_report(&root, &report, print);
    });
    println!("stopped");
    0
}

/// The site folder, absolute: events name absolute paths.
pub fn site_root(root: &Path) -> Option<PathBuf> {
    match root.canonicalize() {
        Ok(root) => Some(root),
        Err(e) => {
            eprintln!("error: cannot open the site folder {}: {e}", root.display());
            None
        }
    }
}

/// Starts the file watcher and makes Ctrl-C (and SIGTERM) end the watch
/// loop between rebuilds, so no write is cut short.
pub fn start_watching(root: &Path, poll: bool) -> Option<SourceWatcher> {
    match SourceWatcher::new(root, poll, watch::QUIET) {
        Ok((watcher, stop)) => {
            stop_on_ctrl_c(stop);
            Some(watcher)
        }
        Err(e) => {
            eprintln!("error: cannot watch {}: {e}", root.display());
            if !poll {
                eprintln!(
                    "help: try --poll, which looks at the files instead of waiting for events"
                );
            }
            None
        }
    }
}

fn stop_on_ctrl_c(stop: Sender<Signal>) {
    if let Err(e) = ctrlc::set_handler(move || {
        let _ = stop.send(Signal::Stop);
    }) {
        eprintln!("warning: Ctrl-C will end mekong without waiting for a rebuild to finish ({e})");
    }
}

pub fn print_report(root: &Path, report: &Report, print: Print) {
    match report {
        Report::Rebuilt { changes, outcome } => print_outcome(root, changes, outcome, print),
        Report::WatchError(e) => eprintln!("warning: file watcher: {e}"),
    }
}

/// One line each time the search index catches up with the edits (when
/// that changed a file), on stdout; why it could not, on stderr.
pub fn print_search(print: Print) -> OnCaught {
    Box::new(move |caught: &Caught| {
        let now = clock();
        if !caught.errors.is_empty() {
            super::report(caught.errors.clone(), print);
            println!("{now} search index failed; the last good index stays");
            return;
        }
        let Caught { swapped, .. } = caught;
        if swapped.written + swapped.removed == 0 {
            return;
        }
        println!(
            "{now} search index caught up: {} pages, {} read again, {} files written, {} removed ({:.0} ms)",
            caught.pages,
            caught.read,
            swapped.written,
            swapped.removed,
            caught.elapsed.as_secs_f64() * 1000.0
        );
    })
}

fn clock() -> String {
    jiff::tz::TimeZone::system()
        .to_datetime(jiff::Timestamp::now())
        .strftime("%H:%M:%S")
        .to_string()
}

/// One line per rebuild on stdout; diagnostics on stderr.
pub fn print_outcome(root: &Path, changes: &[Change], outcome: &Outcome, print: Print) {
    let what = describe(root, changes);
    let now = clock();
    match outcome {
        Ok(r) => {
            super::print_warnings(&r.warnings.clone().sorted(), print);
            let ms = r.elapsed.as_secs_f64() * 1000.0;
            match r.scope {
                Scope::Full if changes.is_empty() => match r.written {
                    Some(w) => println!(
                        "built {} pages ({} files: {} written, {} unchanged, {} removed) in {:.2} s",
                        r.pages,
                        r.changed.len(),
                        w.written,
                        w.unchanged,
                        w.removed,
                        ms / 1000.0
                    ),
                    None => println!(
                        "rendered {} pages ({} files) in {:.2} s",
                        r.pages,
                        r.changed.len(),
                        ms / 1000.0
                    ),
                },
                Scope::Full => println!(
                    "{now} {what}: rebuilt all {} pages, {} files changed, {} removed ({ms:.0} ms)",
                    r.pages,
                    r.changed.len(),
                    r.removed.len()
                ),
                Scope::Edits => println!(
                    "{now} {what}: re-rendered {} files, {} changed{} ({ms:.0} ms)",
                    r.rendered.len(),
                    r.changed.len(),
                    match r.removed.len() {
                        0 => String::new(),
                        n => format!(", {n} removed"),
                    }
                ),
                Scope::Nothing => println!("{now} {what}: nothing to rebuild"),
            }
        }
        Err(diagnostics) => {
            super::report(diagnostics.clone(), print);
            if !changes.is_empty() {
                println!("{now} {what}: build failed; the last good build stays");
            }
        }
    }
}

/// "content/guides/x.md", or "content/guides/x.md and 2 more"; a file
/// that is there now before one that came and went (an editor's temp file).
fn describe(root: &Path, changes: &[Change]) -> String {
    let Some(first) = changes
        .iter()
        .find(|c| c.path.exists())
        .or_else(|| changes.first())
    else {
        return "start-up".into();
    };
    // A file name is the one thing here that came from outside: escaped
    // like every file name in a diagnostic, so none can drive the terminal.
    let path = first.path.strip_prefix(root).unwrap_or(&first.path);
    let shown = mekong::diagnostics::escape_name(&path.display().to_string()).into_owned();
    match changes.len() {
        1 => shown.to_string(),
        n => format!("{shown} and {} more", n - 1),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_changed_file_name_is_printed_escaped() {
        let root = Path::new("/site");
        let change = Change {
            area: watch::Area::Content,
            rel: "e\u{1b}]0;x\u{7}.md".into(),
            path: root.join("content/e\u{1b}]0;x\u{7}.md"),
        };
        assert_eq!(
            describe(root, &[change.clone(), change]),
            "content/e\\u{1b}]0;x\\u{7}.md and 1 more"
        );
    }
}
