//! What a diagnostic shows of its file, made safe for a terminal: only the
//! lines its span touches (not the whole file, which codespan's
//! `SimpleFile` re-indexed for every diagnostic), control characters
//! written as `\u{1b}` so no escape sequence in a content file reaches the
//! terminal, and a line too long to read cut to a window around the span.
//! The real line and column numbers are kept.

use std::borrow::Cow;
use std::ops::Range;

use codespan_reporting::files::{Error, Files};

use super::lines::LineIndex;

/// Characters of one echoed line at most; a longer line is cut around the
/// span, with `…` where it was cut. Minified HTML and one-line Markdown
/// files have megabyte lines, which would otherwise be echoed whole for
/// every error on them.
const MAX_SHOWN: usize = 300;

/// Characters before the span kept when a long line is cut.
const CONTEXT: usize = 60;

/// Lines of a multi-line span codespan may echo: the first five and the
/// last three (its context settings are 3 after the start and 1 before
/// the end, and it echoes one line more to fill a one-line gap).
const HEAD: usize = 5;
const TAIL: usize = 3;

/// `text` with every control character (C0, DEL, C1) except those in
/// `keep` written as Rust writes it, `\u{1b}`: what is printed can no
/// longer move the cursor, set the title or clear the screen.
pub(crate) fn escape_controls<'a>(text: &'a str, keep: &[char]) -> Cow<'a, str> {
    let escaped = |c: char| c.is_control() && !keep.contains(&c);
    if !text.chars().any(escaped) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if escaped(c) {
            out.extend(c.escape_unicode());
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// Message, label and help text: line breaks and tabs are layout, every
/// other control character is escaped.
pub(crate) fn escape_text(text: &str) -> Cow<'_, str> {
    escape_controls(text, &['\n', '\t'])
}

/// A file name: nothing is layout, every control character is escaped.
pub fn escape_name(text: &str) -> Cow<'_, str> {
    escape_controls(text, &[])
}

/// In a source line, a tab stays (codespan expands it to the next tab stop,
/// so carets stay aligned) and every other control character is escaped.
fn escaped_in_line(c: char) -> bool {
    c.is_control() && c != '\t'
}

/// Characters `c` takes once shown.
fn shown_len(c: char) -> usize {
    if escaped_in_line(c) {
        c.escape_unicode().count()
    } else {
        1
    }
}

/// The shown lines of one diagnostic, as a codespan file of its own.
pub(crate) struct Excerpt {
    name: String,
    text: String,
    /// 0-based line number in the real file and byte range in `text`
    /// (line break included) of each shown line, in order.
    lines: Vec<(usize, Range<usize>)>,
    /// 1-based column of the span start in the real file.
    column: usize,
    /// The diagnostic's span in `text`.
    pub span: Range<usize>,
}

impl Excerpt {
    /// For a diagnostic without a position: a name and nothing to show.
    pub(crate) fn unplaced(name: String) -> Excerpt {
        Excerpt {
            name,
            text: String::new(),
            lines: Vec::new(),
            column: 0,
            span: 0..0,
        }
    }

    /// The lines `span` of the indexed text touches.
    pub fn new(name: String, index: &LineIndex, span: Range<usize>) -> Excerpt {
        let source: &str = index.text();
        let start = super::floor_char_boundary(source, span.start.min(source.len()));
        let end = ceil_char_boundary(source, span.end.min(source.len())).max(start);
        let (_, column) = index.line_column(start);
        let first = index.line_of(start);
        let last = index.line_of(end);
        let mut excerpt = Excerpt {
            name,
            text: String::new(),
            lines: Vec::new(),
            column,
            span: 0..0,
        };
        let shown = (first..=last.min(first + HEAD - 1))
            .chain((last + 1).saturating_sub(TAIL).max(first + HEAD)..=last);
        for line in shown {
            let range = index.line_range(line);
            let content = without_break(&source[range.clone()]);
            let within = |offset: usize| offset.saturating_sub(range.start).min(content.len());
            // The window of a long line goes where the span starts on the
            // first line and where it ends on the last.
            let focus = match line {
                _ if line == first => within(start),
                _ if line == last => within(end),
                _ => 0,
            };
            let begin = excerpt.text.len();
            let [at_start, at_end] = shape(
                content,
                focus,
                [within(start), within(end)],
                &mut excerpt.text,
            );
            if line == first {
                excerpt.span.start = begin + at_start;
            }
            if line == last {
                excerpt.span.end = begin + at_end;
            }
            excerpt.text.push('\n');
            excerpt.lines.push((line, begin..excerpt.text.len()));
        }
        excerpt
    }

    fn shown_line(&self, line: usize) -> Option<&Range<usize>> {
        self.lines
            .binary_search_by_key(&line, |(number, _)| *number)
            .ok()
            .map(|i| &self.lines[i].1)
    }
}

impl<'a> Files<'a> for Excerpt {
    type FileId = ();
    type Name = &'a str;
    type Source = &'a str;

    fn name(&'a self, (): ()) -> Result<&'a str, Error> {
        Ok(&self.name)
    }

    fn source(&'a self, (): ()) -> Result<&'a str, Error> {
        Ok(&self.text)
    }

    fn line_index(&'a self, (): (), byte_index: usize) -> Result<usize, Error> {
        let after = self
            .lines
            .partition_point(|(_, range)| range.start <= byte_index);
        Ok(self
            .lines
            .get(after.saturating_sub(1))
            .map_or(0, |(line, _)| *line))
    }

    fn column_number(&'a self, (): (), line: usize, byte_index: usize) -> Result<usize, Error> {
        if byte_index == self.span.start {
            return Ok(self.column);
        }
        // Not asked for by codespan today (it only locates the span start);
        // a column within the shown text is the best answer left.
        let start = self.shown_line(line).map_or(0, |r| r.start);
        let end = byte_index.clamp(start, self.text.len());
        Ok(self.text.get(start..end).map_or(0, |s| s.chars().count()) + 1)
    }

    fn line_range(&'a self, (): (), line: usize) -> Result<Range<usize>, Error> {
        // The middle of a long multi-line span is never echoed: an empty
        // line stands in for it.
        Ok(self.shown_line(line).cloned().unwrap_or(0..0))
    }
}

fn ceil_char_boundary(text: &str, mut offset: usize) -> usize {
    while offset < text.len() && !text.is_char_boundary(offset) {
        offset += 1;
    }
    offset
}

/// A line without its `\n` or `\r\n`.
fn without_break(line: &str) -> &str {
    let line = line.strip_suffix('\n').unwrap_or(line);
    line.strip_suffix('\r').unwrap_or(line)
}

/// Appends `line` to `out` as shown (escaped, cut to a window around
/// `focus` when too long) and returns where the two `targets` (byte offsets
/// in `line`, on character boundaries) landed, relative to the line's start
/// in `out`. A target cut off lands at the nearest cut.
fn shape(line: &str, focus: usize, targets: [usize; 2], out: &mut String) -> [usize; 2] {
    let base = out.len();
    let (from, to) = window(line, focus);
    let mut landed = [None; 2];
    let mut land = |before: usize, out: &String| {
        for (slot, target) in landed.iter_mut().zip(targets) {
            if slot.is_none() && target <= before {
                *slot = Some(out.len() - base);
            }
        }
    };
    if from > 0 {
        out.push('…');
    }
    for (at, c) in line[from..to].char_indices() {
        land(from + at, out);
        if escaped_in_line(c) {
            out.extend(c.escape_unicode());
        } else {
            out.push(c);
        }
    }
    land(to, out);
    if to < line.len() {
        out.push('…');
    }
    let end = out.len() - base;
    landed.map(|slot| slot.unwrap_or(end))
}

/// The byte range of `line` to show: all of it when it fits in
/// `MAX_SHOWN` characters, else `MAX_SHOWN` characters starting `CONTEXT`
/// characters before `focus`. Looks at no more than that many characters.
fn window(line: &str, focus: usize) -> (usize, usize) {
    let mut width = 0;
    let fits = line.chars().all(|c| {
        width += shown_len(c);
        width <= MAX_SHOWN
    });
    if fits {
        return (0, line.len());
    }
    let from = line[..focus]
        .char_indices()
        .rev()
        .take(CONTEXT)
        .last()
        .map_or(focus, |(at, _)| at);
    let mut width = 0;
    let to = line[from..]
        .char_indices()
        .find(|&(_, c)| {
            width += shown_len(c);
            width > MAX_SHOWN
        })
        .map_or(line.len(), |(at, _)| from + at);
    (from, to)
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use super::*;

    fn excerpt(text: &str, span: Range<usize>) -> Excerpt {
        Excerpt::new("a.md".into(), &LineIndex::new(Arc::from(text)), span)
    }

    #[test]
    fn escapes_controls_and_keeps_what_is_asked() {
        assert_eq!(
            escape_controls("a\u{1b}]0;t\u{7}b", &[]),
            "a\\u{1b}]0;t\\u{7}b"
        );
        assert_eq!(escape_controls("\u{7f}\u{9b}x", &[]), "\\u{7f}\\u{9b}x");
        assert_eq!(escape_text("a\n\tb\r"), "a\n\tb\\u{d}");
        assert_eq!(escape_name("a\nb"), "a\\u{a}b");
        assert!(matches!(escape_text("注销 plain"), Cow::Borrowed(_)));
    }

    #[test]
    fn shows_only_the_spanned_line_escaped_with_the_span_moved() {
        let text = "one\nx \u{1b}[2J [y](z.md)\r\nthree\n";
        let start = text.find("[y]").unwrap();
        let e = excerpt(text, start..start + 9);
        assert_eq!(e.text, "x \\u{1b}[2J [y](z.md)\n");
        assert_eq!(&e.text[e.span.clone()], "[y](z.md)");
        assert_eq!(e.lines, vec![(1, 0..e.text.len())]);
        assert_eq!(e.column, 8);
        assert_eq!(e.line_index((), e.span.start).unwrap(), 1);
    }

    #[test]
    fn cuts_a_long_line_around_the_span() {
        let text = format!("{}[y](z.md){}\n", "注".repeat(10_000), "b".repeat(10_000));
        let start = text.find("[y]").unwrap();
        let e = excerpt(&text, start..start + 9);
        assert!(
            e.text.starts_with('…') && e.text.ends_with("…\n"),
            "{}",
            e.text
        );
        assert!(e.text.chars().count() <= MAX_SHOWN + 3);
        assert_eq!(&e.text[e.span.clone()], "[y](z.md)");
        assert_eq!(e.column, 10_001);
    }

    #[test]
    fn a_long_span_keeps_its_first_and_last_lines() {
        let text: String = (0..100).map(|i| format!("line {i}\n")).collect();
        let start = text.find("line 10").unwrap();
        let end = text.find("line 90").unwrap() + 4;
        let e = excerpt(&text, start..end);
        let numbers: Vec<usize> = e.lines.iter().map(|(n, _)| *n).collect();
        assert_eq!(numbers, vec![10, 11, 12, 13, 14, 88, 89, 90]);
        assert_eq!(e.line_range((), 50).unwrap(), 0..0);
        assert_eq!(e.line_index((), e.span.end).unwrap(), 90);
        assert!(e.text[e.span.clone()].starts_with("line 10"));
    }
}
