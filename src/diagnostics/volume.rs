//! Errors at volume: a site moved from another generator can hold thousands
//! of the same few mistakes (the Hugo docs gave 2,647 errors in 21,900
//! lines). Past a cap the rest are counted, not printed: one line per kind,
//! and per key for unknown keys, with how many files hold them. A help that
//! many diagnostics share is printed once, with their count. The first
//! diagnostic of every kind is among those shown, so a broken link is not
//! hidden behind a thousand unknown keys.

use std::collections::{HashMap, HashSet};
use std::path::Path;

use codespan_reporting::diagnostic::Diagnostic as Report;

use super::excerpt::Excerpt;
use super::{Diagnostic, Positions, Severity, emit, escape_text, thousands};

/// How many errors and warnings are printed in full before the rest are
/// summed up.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Caps {
    pub errors: usize,
    pub warnings: usize,
}

impl Caps {
    /// What a terminal shows by default.
    pub const DEFAULT: Caps = Caps {
        errors: 50,
        warnings: 20,
    };
    /// Every diagnostic, each with its own help (`--all-errors`).
    pub const ALL: Caps = Caps {
        errors: usize::MAX,
        warnings: usize::MAX,
    };

    /// `ALL` when `all` is set, else `DEFAULT`.
    pub fn new(all: bool) -> Caps {
        if all { Caps::ALL } else { Caps::DEFAULT }
    }
}

/// Kinds listed in a summary before the rest are one line.
const SUMMARY_LINES: usize = 30;

/// Renders `list` (sorted, as [`super::Diagnostics::sorted`] leaves it)
/// for a terminal, handing each piece to `out`: up to `caps` of each
/// severity in full, in list order, then a summary of the rest. Each piece
/// ends in one line break: printed with `println!`, one blank line parts
/// them.
pub fn render_volume(list: &[Diagnostic], color: bool, caps: Caps, out: impl FnMut(&str)) {
    let mut out = out;
    let mut out = |piece: &str| out(&(piece.trim_end_matches('\n').to_string() + "\n"));
    let mut positions = Positions::default();
    if caps == Caps::ALL {
        for d in list {
            out(&d.render_with(color, &mut positions));
        }
        return;
    }
    let mut shown = vec![false; list.len()];
    choose(list, Severity::Error, caps.errors, &mut shown);
    choose(list, Severity::Warning, caps.warnings, &mut shown);
    let mut helps: HashMap<&str, usize> = HashMap::new();
    for help in list.iter().filter_map(|d| d.help.as_deref()) {
        *helps.entry(help).or_default() += 1;
    }
    let mut helped: HashSet<&str> = HashSet::new();
    for (d, _) in list.iter().zip(&shown).filter(|(_, shown)| **shown) {
        let help = d.help.as_deref().and_then(|help| {
            let count = helps.get(help).copied().unwrap_or(1);
            if count == 1 {
                Some(format!("help: {}", escape_text(help)))
            } else if helped.insert(help) {
                Some(format!(
                    "help (×{}): {}",
                    thousands(count),
                    escape_text(help)
                ))
            } else {
                None
            }
        });
        out(&d.render_with_help(color, &mut positions, help));
    }
    for severity in [Severity::Error, Severity::Warning] {
        if let Some(summary) = summary(list, &shown, severity, color) {
            out(&summary);
        }
    }
}

/// Marks up to `cap` diagnostics of `severity` as shown: first the first
/// of each kind, then the rest in order.
fn choose(list: &[Diagnostic], severity: Severity, cap: usize, shown: &mut [bool]) {
    let mut count = 0;
    let mut kinds: HashSet<&str> = HashSet::new();
    for (i, d) in list.iter().enumerate() {
        if count < cap && d.severity == severity && kinds.insert(d.kind()) {
            shown[i] = true;
            count += 1;
        }
    }
    for (i, d) in list.iter().enumerate() {
        if count < cap && d.severity == severity && !shown[i] {
            shown[i] = true;
            count += 1;
        }
    }
}

/// One kind in a summary: how many, in how many files.
#[derive(Default)]
struct Group<'a> {
    count: usize,
    files: HashSet<&'a Path>,
}

/// "note: 2,597 more errors are not shown …" and a line per kind, or None
/// when every diagnostic of `severity` was shown.
fn summary(list: &[Diagnostic], shown: &[bool], severity: Severity, color: bool) -> Option<String> {
    let mut groups: HashMap<(&str, Option<&str>), Group> = HashMap::new();
    for (d, _) in list
        .iter()
        .zip(shown)
        .filter(|(d, shown)| !**shown && d.severity == severity)
    {
        let group = groups.entry((d.kind(), d.subject.as_deref())).or_default();
        group.count += 1;
        group.files.insert(&d.file);
    }
    let total: usize = groups.values().map(|g| g.count).sum();
    if total == 0 {
        return None;
    }
    let mut groups: Vec<_> = groups.into_iter().collect();
    groups.sort_by(|(a_key, a), (b_key, b)| b.count.cmp(&a.count).then(a_key.cmp(b_key)));
    let (one, many) = match severity {
        Severity::Error => ("error", "errors"),
        Severity::Warning => ("warning", "warnings"),
    };
    let message = if total == 1 {
        format!("1 more {one} is not shown; `--all-errors` prints every one")
    } else {
        format!(
            "{} more {many} are not shown; `--all-errors` prints every one",
            thousands(total)
        )
    };
    let report = Report::note().with_message(message.clone());
    let mut text = emit(&report, &Excerpt::unplaced(String::new()), color)
        .map(|t| t.trim_end().to_string() + "\n")
        .unwrap_or_else(|| format!("note: {message}\n"));
    for ((kind, subject), group) in groups.iter().take(SUMMARY_LINES) {
        let name = match subject {
            Some(subject) => format!("{kind} `{subject}`"),
            None => kind.to_string(),
        };
        let files = match group.files.len() {
            1 => "1 file".to_string(),
            n => format!("{} files", thousands(n)),
        };
        text.push_str(&format!(
            "  {:>6} × {} in {files}\n",
            thousands(group.count),
            escape_text(&name)
        ));
    }
    if groups.len() > SUMMARY_LINES {
        let rest = &groups[SUMMARY_LINES..];
        let count: usize = rest.iter().map(|(_, g)| g.count).sum();
        text.push_str(&format!(
            "  … and {} of {} other kinds\n",
            thousands(count),
            thousands(rest.len())
        ));
    }
    Some(text)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostics::Diagnostics;
    use std::sync::Arc;

    fn unknown(file: &str, key: &str, text: &Arc<str>) -> Diagnostic {
        Diagnostic::error(file, format!("unknown page key `{key}`"))
            .at(text, 4..5)
            .label("not a known key")
            .help("known keys: title, date")
            .code("unknown key")
            .subject(key)
    }

    fn volume() -> Vec<Diagnostic> {
        let text: Arc<str> = Arc::from("---\nk: x\n---\n[a](b.md)\n");
        let mut list = Diagnostics::default();
        for i in 0..300 {
            let file = format!("content/p{i:03}.md");
            list.push(unknown(&file, "keywords", &text));
            if i % 2 == 0 {
                list.push(unknown(&file, "params", &text));
            }
            if i % 10 == 0 {
                list.push(
                    Diagnostic::warning(&file, "odd")
                        .at(&text, 4..5)
                        .label("odd"),
                );
            }
        }
        list.push(
            Diagnostic::error("content/z.md", "link target `b.md` does not exist")
                .at(&text, 13..22)
                .label("broken link")
                .code("broken link"),
        );
        list.sorted()
    }

    fn render(list: &[Diagnostic], caps: Caps) -> String {
        let mut all = String::new();
        render_volume(list, false, caps, |piece| {
            all.push_str(piece);
            all.push('\n');
        });
        all
    }

    #[test]
    fn past_the_cap_the_rest_are_counted_per_key_and_kind() {
        let list = volume();
        let out = render(&list, Caps::DEFAULT);
        assert_eq!(out.matches("error: ").count(), 50, "{out}");
        assert_eq!(out.matches("warning: ").count(), 20, "{out}");
        assert!(
            out.contains("note: 401 more errors are not shown; `--all-errors` prints every one"),
            "{out}"
        );
        assert!(
            out.contains("   267 × unknown key `keywords` in 267 files"),
            "{out}"
        );
        assert!(
            out.contains("   134 × unknown key `params` in 134 files"),
            "{out}"
        );
        assert!(
            out.contains("note: 10 more warnings are not shown"),
            "{out}"
        );
        assert!(out.contains("      10 × odd in 10 files"), "{out}");
        // The one broken link is shown though it sorts last.
        assert!(out.contains("content/z.md:4:1"), "{out}");
    }

    #[test]
    fn a_shared_help_is_printed_once_with_its_count() {
        let out = render(&volume(), Caps::DEFAULT);
        assert_eq!(out.matches("known keys: title, date").count(), 1, "{out}");
        assert!(
            out.contains("= help (×450): known keys: title, date"),
            "{out}"
        );
        assert_eq!(out.matches("help:").count(), 0, "{out}");
    }

    #[test]
    fn all_prints_every_diagnostic_with_its_help() {
        let list = volume();
        let out = render(&list, Caps::ALL);
        assert_eq!(out.matches("error: ").count(), 451);
        assert_eq!(out.matches("warning: ").count(), 30);
        assert_eq!(out.matches("= help: known keys").count(), 450);
        assert!(!out.contains("not shown"));
    }

    #[test]
    fn under_the_cap_nothing_is_summed_up() {
        let list: Vec<Diagnostic> = volume().into_iter().take(5).collect();
        let out = render(&list, Caps::DEFAULT);
        assert!(!out.contains("not shown"), "{out}");
    }
}
