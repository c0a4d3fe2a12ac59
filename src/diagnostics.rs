//! Errors and warnings as values: each knows its file, its byte span in that
//! file's text, what was expected and, where one fits, a "did you mean".
//! The whole build collects them and reports every one at once, sorted.
//! Reporting is linear in their number (each file's lines are indexed once)
//! and nothing from a file reaches the terminal unescaped.

mod excerpt;
mod lines;
mod suggest;
mod volume;

use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use codespan_reporting::diagnostic::{Diagnostic as Report, Label, Severity as ReportSeverity};
use codespan_reporting::term::{self, Config};

use excerpt::Excerpt;
pub use excerpt::escape_name;
pub(crate) use excerpt::escape_text;
pub(crate) use lines::Positions;
pub(crate) use suggest::did_you_mean;
pub use volume::{Caps, render_volume};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
}

#[derive(Debug, Clone)]
pub struct Diagnostic {
    pub severity: Severity,
    /// Path shown to the user, relative to the site root where possible.
    pub file: PathBuf,
    /// The file's text, when it was readable as UTF-8; shared between the
    /// diagnostics of one file.
    pub source: Option<Arc<str>>,
    /// Byte range in `source` the diagnostic points at.
    pub span: Range<usize>,
    pub message: String,
    /// Short text under the caret.
    pub label: String,
    pub help: Option<String>,
    /// What kind of mistake this is ("unknown key", "broken link"), the
    /// same whatever the message says: summaries count by it. Empty when
    /// not set; [`Diagnostic::kind`] then falls back to the label.
    pub code: &'static str,
    /// What the mistake is about, when summaries count each apart (the key
    /// of an unknown key).
    pub subject: Option<String>,
}

impl Diagnostic {
    pub fn error(file: impl Into<PathBuf>, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Error,
            file: file.into(),
            source: None,
            span: 0..0,
            message: message.into(),
            label: String::new(),
            help: None,
            code: "",
            subject: None,
        }
    }

    pub(crate) fn warning(file: impl Into<PathBuf>, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(file, message)
        }
    }

    pub(crate) fn at(mut self, source: &Arc<str>, span: Range<usize>) -> Self {
        let end = span.end.min(source.len());
        let start = span.start.min(end);
        self.source = Some(Arc::clone(source));
        self.span = start..end;
        self
    }

    pub(crate) fn label(mut self, label: impl Into<String>) -> Self {
        self.label = label.into();
        self
    }

    pub fn help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    pub(crate) fn help_opt(mut self, help: Option<String>) -> Self {
        self.help = help;
        self
    }

    /// Sets the kind summaries count by; see [`Diagnostic::code`].
    pub(crate) fn code(mut self, code: &'static str) -> Self {
        self.code = code;
        self
    }

    /// Sets what summaries count apart within the kind.
    pub(crate) fn subject(mut self, subject: impl Into<String>) -> Self {
        self.subject = Some(subject.into());
        self
    }

    /// The kind this diagnostic is counted under: its code, or else the
    /// label under the caret, or else the message.
    pub fn kind(&self) -> &str {
        if !self.code.is_empty() {
            self.code
        } else if !self.label.is_empty() {
            &self.label
        } else {
            &self.message
        }
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// 1-based line and column (in characters) of the span start, or
    /// (0, 0) when the diagnostic has no position.
    pub(crate) fn line_column(&self) -> (usize, usize) {
        match &self.source {
            Some(text) => line_column(text, self.span.start),
            None => (0, 0),
        }
    }

    pub fn location(&self) -> String {
        match self.line_column() {
            (0, _) => self.file.display().to_string(),
            (line, col) => format!("{}:{}:{}", self.file.display(), line, col),
        }
    }

    /// rustc-style text: header, location, the offending line with a caret,
    /// and the help line. Indexes the file's lines for this one report:
    /// to render many, use [`render_volume`] or [`Diagnostic::render_with`].
    pub fn render(&self, color: bool) -> String {
        self.render_with(color, &mut Positions::default())
    }

    /// [`Diagnostic::render`], with the line indexes of `positions` (built
    /// there the first time a file is seen). Control characters in the
    /// message, file name, label, help and echoed line are escaped.
    pub(crate) fn render_with(&self, color: bool, positions: &mut Positions) -> String {
        let help = self
            .help
            .as_deref()
            .map(|h| format!("help: {}", escape_text(h)));
        self.render_with_help(color, positions, help)
    }

    /// [`Diagnostic::render_with`] with `help` (already escaped, "help: "
    /// included) in place of the diagnostic's own.
    pub(crate) fn render_with_help(
        &self,
        color: bool,
        positions: &mut Positions,
        help: Option<String>,
    ) -> String {
        let severity = match self.severity {
            Severity::Error => ReportSeverity::Error,
            Severity::Warning => ReportSeverity::Warning,
        };
        let mut report = Report::new(severity).with_message(escape_text(&self.message));
        let name = escape_name(&self.file.display().to_string()).into_owned();
        let excerpt = match &self.source {
            Some(source) => {
                let excerpt = Excerpt::new(name, positions.index(source), self.span.clone());
                report = report.with_labels(vec![
                    Label::primary((), excerpt.span.clone()).with_message(escape_text(&self.label)),
                ]);
                excerpt
            }
            None => {
                report = report.with_notes(vec![format!("in {name}")]);
                Excerpt::unplaced(name)
            }
        };
        if let Some(help) = help {
            report.notes.push(help);
        }
        emit(&report, &excerpt, color).unwrap_or_else(|| {
            let location = match positions.line_column(self) {
                (0, _) => self.file.display().to_string(),
                (line, col) => format!("{}:{line}:{col}", self.file.display()),
            };
            format!("{}: {}", escape_name(&location), escape_text(&self.message))
        })
    }
}

/// `report` as codespan writes it, or None when it cannot.
pub(crate) fn emit(report: &Report<()>, excerpt: &Excerpt, color: bool) -> Option<String> {
    let mut buffer = if color {
        term::termcolor::Buffer::ansi()
    } else {
        term::termcolor::Buffer::no_color()
    };
    term::emit_to_write_style(&mut buffer, &Config::default(), excerpt, report).ok()?;
    Some(String::from_utf8_lossy(buffer.as_slice()).into_owned())
}

/// Errors the `serve` overlay lists by place before one line tells the
/// rest.
pub(crate) const OVERLAY_LIST: usize = 100;

/// 19900 → "19,900".
pub(crate) fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, digit) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(digit);
    }
    out
}

pub(crate) fn line_column(text: &str, offset: usize) -> (usize, usize) {
    let offset = offset.min(text.len());
    let before = &text[..floor_char_boundary(text, offset)];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let column = before[line_start..].chars().count() + 1;
    (line, column)
}

pub(crate) fn floor_char_boundary(text: &str, mut offset: usize) -> usize {
    while offset > 0 && !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

/// Byte offset of the start of 1-based `line`, `column` (in characters);
/// the tests' inverse of `line_col`.
#[cfg(test)]
pub(crate) fn offset_of(text: &str, line: usize, column: usize) -> usize {
    let mut offset = 0;
    for (index, piece) in text.split_inclusive('\n').enumerate() {
        if index + 1 == line {
            let within: usize = piece
                .chars()
                .take(column.saturating_sub(1))
                .map(char::len_utf8)
                .sum();
            return offset + within;
        }
        offset += piece.len();
    }
    text.len()
}

/// Every diagnostic of one build, kept in report order.
#[derive(Debug, Default, Clone)]
pub struct Diagnostics(Vec<Diagnostic>);

impl Diagnostics {
    pub fn push(&mut self, diagnostic: Diagnostic) {
        self.0.push(diagnostic);
    }

    pub(crate) fn extend(&mut self, other: impl IntoIterator<Item = Diagnostic>) {
        self.0.extend(other);
    }

    pub(crate) fn has_errors(&self) -> bool {
        self.0.iter().any(Diagnostic::is_error)
    }

    pub fn error_count(&self) -> usize {
        self.0.iter().filter(|d| d.is_error()).count()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }

    pub fn iter(&self) -> impl Iterator<Item = &Diagnostic> {
        self.0.iter()
    }

    /// Sorted by file, then position, then message: the order a user reads
    /// them in, and the same on every run.
    /// Each position is found once, through one line index per file: the
    /// sort compares them without rescanning any text.
    pub fn sorted(self) -> Vec<Diagnostic> {
        let mut positions = Positions::default();
        let mut keyed: Vec<((usize, usize), Diagnostic)> = self
            .0
            .into_iter()
            .map(|d| (positions.line_column(&d), d))
            .collect();
        keyed.sort_by(|(at_a, a), (at_b, b)| {
            (&a.file, at_a, &a.message).cmp(&(&b.file, at_b, &b.message))
        });
        let mut list: Vec<Diagnostic> = keyed.into_iter().map(|(_, d)| d).collect();
        list.dedup_by(|a, b| a.file == b.file && a.span == b.span && a.message == b.message);
        list
    }
}

impl IntoIterator for Diagnostics {
    type Item = Diagnostic;
    type IntoIter = std::vec::IntoIter<Diagnostic>;
    fn into_iter(self) -> Self::IntoIter {
        self.0.into_iter()
    }
}

impl From<Diagnostic> for Diagnostics {
    fn from(d: Diagnostic) -> Self {
        Diagnostics(vec![d])
    }
}

/// For the stages that return a plain list of errors.
impl From<Vec<Diagnostic>> for Diagnostics {
    fn from(list: Vec<Diagnostic>) -> Self {
        Diagnostics(list)
    }
}

/// Shows `path` relative to `root` when it lies inside it.
pub(crate) fn display_path(root: &Path, path: &Path) -> PathBuf {
    path.strip_prefix(root)
        .map(Path::to_path_buf)
        .unwrap_or_else(|_| path.to_path_buf())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_and_column_count_characters_from_the_top() {
        let text = "---\ntitle: 注销\nbad: x\n";
        let offset = text.find("bad").unwrap();
        assert_eq!(line_column(text, offset), (3, 1));
        let offset = text.find("销").unwrap();
        assert_eq!(line_column(text, offset), (2, 9));
        assert_eq!(offset_of(text, 2, 9), text.find("销").unwrap());
    }

    #[test]
    fn suggests_the_nearest_candidate_only_when_close() {
        assert_eq!(did_you_mean("titel", ["title", "date"]), Some("title"));
        assert_eq!(did_you_mean("smrt", ["smart", "metfone"]), Some("smart"));
        assert_eq!(did_you_mean("zzzz", ["title", "date"]), None);
    }

    #[test]
    fn renders_file_line_column_and_caret() {
        let text: Arc<str> = Arc::from("---\ntitel: x\n---\n");
        let d = Diagnostic::error("content/a.md", "unknown key `titel`")
            .at(&text, 4..9)
            .label("not a front matter key")
            .help("did you mean `title`?");
        let out = d.render(false);
        assert!(out.contains("content/a.md:2:1"), "{out}");
        assert!(out.contains("^^^^^"), "{out}");
        assert!(out.contains("did you mean `title`?"), "{out}");
    }
    #[test]
    fn nothing_from_the_file_reaches_the_terminal_raw_in_colour_or_not() {
        let text: Arc<str> = Arc::from("---\nt\u{1b}]0;x\u{7}: \u{9b}2J\r\n---\n");
        let d = Diagnostic::error("a\u{1b}[2J.md", "unknown key `t\u{1b}]0;x\u{7}`")
            .at(&text, 4..13)
            .label("not \u{7f} known")
            .help("try\u{1b}c");
        for color in [false, true] {
            let out = d.render(color);
            for raw in [
                "\u{1b}]",
                "\u{1b}[2J",
                "\u{1b}c",
                "\u{7}",
                "\u{9b}",
                "\u{7f}",
                "\r",
            ] {
                assert!(!out.contains(raw), "{raw:?} in {out}");
            }
            assert!(out.contains("a\\u{1b}[2J.md:2:1"), "{out}");
        }
        let plain = d.render(false);
        assert!(
            plain.contains("2 │ t\\u{1b}]0;x\\u{7}: \\u{9b}2J\n"),
            "{plain}"
        );
        assert!(
            plain.contains("  │ ^^^^^^^^^^^^^^^^^^ not \\u{7f} known"),
            "{plain}"
        );
    }

    /// What codespan printed from the whole file before excerpts: for text
    /// with nothing to escape or cut, the excerpt must print the same bytes,
    /// multi-line spans and spans at the end of the file included.
    #[test]
    fn an_excerpt_prints_what_the_whole_file_printed() {
        use codespan_reporting::files::SimpleFile;
        let text: String = (0..40)
            .map(|i| match i % 4 {
                0 => format!("line {i} 注销\n"),
                1 => "\n".to_string(),
                2 => format!("\tindented {i}\n"),
                _ => format!("- item {i}: value\n"),
            })
            .collect();
        let source: Arc<str> = Arc::from(text.as_str());
        let boundaries: Vec<usize> = (0..=text.len())
            .filter(|&i| text.is_char_boundary(i))
            .collect();
        let mut seed = 7u64;
        let mut next = |n: usize| {
            seed = seed
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            (seed >> 33) as usize % n
        };
        for round in 0..400 {
            let a = boundaries[next(boundaries.len())];
            let reach = if round % 3 == 0 { 400 } else { 30 };
            let b = boundaries
                [(boundaries.partition_point(|&x| x < a) + next(reach)).min(boundaries.len() - 1)];
            let d = Diagnostic::error("a.md", "m")
                .at(&source, a..b)
                .label("here")
                .help("h");
            let mut old = Report::error()
                .with_message("m")
                .with_labels(vec![Label::primary((), a..b).with_message("here")]);
            old.notes.push("help: h".into());
            let mut buffer = term::termcolor::Buffer::no_color();
            let file = SimpleFile::new("a.md", text.as_str());
            term::emit_to_write_style(&mut buffer, &Config::default(), &file, &old).unwrap();
            let expected = String::from_utf8(buffer.into_inner()).unwrap();
            assert_eq!(d.render(false), expected, "span {a}..{b}");
        }
    }

    #[test]
    fn counts_are_grouped_by_thousands() {
        assert_eq!(thousands(0), "0");
        assert_eq!(thousands(999), "999");
        assert_eq!(thousands(1000), "1,000");
        assert_eq!(thousands(99_900), "99,900");
        assert_eq!(thousands(1_234_567), "1,234,567");
    }
}
