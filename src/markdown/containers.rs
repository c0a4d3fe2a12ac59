//! `:::` containers as VitePress and Docusaurus write them (`:::tip`,
//! `::: warning 注意`, `::: details Click`, `::: code-group`), turned into
//! HTML block lines before pulldown-cmark reads the text.
//!
//! One linear scan over the lines; code fences are skipped, so a ``` block
//! that shows `:::` keeps it. An opening line becomes an HTML block (an
//! `<aside>` for tip, info, note, warning, danger, important and caution; a
//! `<details>` for details; a `<div class="container KIND">` otherwise),
//! followed by a blank line so the Markdown after it is read as Markdown; a
//! closing `:::` becomes the closing tag. Each keeps the fence line's
//! indentation, so a container inside a list item stays in that item, and a
//! closing line at the margin ends the list instead of landing in its last
//! item. Containers nest: a closing line closes the innermost one. A body
//! without a `:::` is returned as it is, with no allocation.

use std::borrow::Cow;
use std::ops::Range;

use super::labels::Labels;
use crate::html::escape;

/// The text pulldown-cmark reads, and how to find the source again.
pub(super) struct Prepared<'a> {
    pub text: Cow<'a, str>,
    /// Each replaced fence line: its range in `text`, its range in the body.
    edits: Vec<(Range<usize>, Range<usize>)>,
    /// Where a container opens (+1) or closes (-1), as offsets in `text`.
    pub marks: Vec<(usize, i8)>,
}

impl Prepared<'_> {
    /// `span` (in `text`) as a range in the body as written, so a link's
    /// line and column are those the writer sees.
    #[inline]
    pub fn original(&self, span: Range<usize>) -> Range<usize> {
        if self.edits.is_empty() {
            return span;
        }
        self.map(span.start)..self.map(span.end)
    }

    #[inline(never)]
    fn map(&self, at: usize) -> usize {
        let i = self.edits.partition_point(|(new, _)| new.start <= at);
        let Some((new, old)) = i.checked_sub(1).map(|i| &self.edits[i]) else {
            return at;
        };
        if at >= new.end {
            at - new.end + old.end
        } else {
            old.start + (at - new.start).min(old.len())
        }
    }
}

/// One fence line, read.
#[derive(Debug, PartialEq)]
enum Fence<'a> {
    Open { kind: &'a str, title: &'a str },
    Close,
}

/// How an open container is closed.
struct Open {
    indent: String,
    close: &'static str,
}

/// Rewrites the `:::` lines of `body` as HTML block lines.
pub(super) fn prepare<'a>(body: &'a str, labels: &Labels) -> Prepared<'a> {
    let mut prepared = Prepared {
        text: Cow::Borrowed(body),
        edits: Vec::new(),
        marks: Vec::new(),
    };
    if memchr::memmem::find(body.as_bytes(), b":::").is_none() {
        return prepared;
    }
    let mut out = String::new();
    let mut copied = 0;
    let mut code: Option<(u8, usize)> = None;
    let mut open: Vec<Open> = Vec::new();
    let mut at = 0;
    for line in body.split_inclusive('\n') {
        let start = at;
        at += line.len();
        let content = line.trim_end_matches(['\n', '\r']);
        // Indentation and blockquote markers: kept on every line written.
        let trimmed = content.trim_start_matches([' ', '\t', '>']);
        if let Some((ch, n, rest)) = code_fence(trimmed) {
            code = match code {
                None => Some((ch, n)),
                Some((c, m)) if c == ch && n >= m && rest.trim().is_empty() => None,
                still => still,
            };
            continue;
        }
        if code.is_some() {
            continue;
        }
        let Some(fence) = container_fence(trimmed) else {
            continue;
        };
        let indent = &content[..content.len() - trimmed.len()];
        out.push_str(&body[copied..start]);
        let new_start = out.len();
        match fence {
            Fence::Open { kind, title } => {
                prepared.marks.push((new_start, 1));
                let close = open_tag(&mut out, indent, kind, title, labels);
                let indent = indent.to_string();
                open.push(Open { indent, close });
            }
            Fence::Close => match open.pop() {
                Some(container) => {
                    prepared.marks.push((new_start, -1));
                    close_tag(&mut out, &container);
                }
                // A stray closing line: dropped, never left as text.
                None => {
                    out.push_str(indent.trim_end());
                    out.push('\n');
                }
            },
        }
        prepared.edits.push((new_start..out.len(), start..at));
        copied = at;
    }
    if prepared.edits.is_empty() {
        return prepared;
    }
    out.push_str(&body[copied..]);
    while let Some(container) = open.pop() {
        if !out.ends_with('\n') {
            out.push('\n');
        }
        prepared.marks.push((out.len(), -1));
        close_tag(&mut out, &container);
    }
    prepared.text = Cow::Owned(out);
    prepared
}

/// A code fence line: its character, its length and the rest of the line.
fn code_fence(trimmed: &str) -> Option<(u8, usize, &str)> {
    let ch = *trimmed.as_bytes().first()?;
    if ch != b'`' && ch != b'~' {
        return None;
    }
    let n = trimmed.bytes().take_while(|&b| b == ch).count();
    (n >= 3).then(|| (ch, n, &trimmed[n..]))
}

/// A container's opening or closing line: three or more colons, then an
/// optional kind and title (`:::tip`, `::: warning 注意`, `:::tip[Title]`).
fn container_fence(trimmed: &str) -> Option<Fence<'_>> {
    let colons = trimmed.bytes().take_while(|&b| b == b':').count();
    if colons < 3 {
        return None;
    }
    let rest = trimmed[colons..].trim();
    if rest.is_empty() {
        return Some(Fence::Close);
    }
    let kind_len = rest
        .find(|c: char| !(c.is_ascii_alphanumeric() || c == '-' || c == '_'))
        .unwrap_or(rest.len());
    let (kind, title) = rest.split_at(kind_len);
    let title = title.trim();
    let title = title
        .strip_prefix('[')
        .and_then(|t| t.strip_suffix(']'))
        .unwrap_or(title)
        .trim();
    Some(Fence::Open { kind, title })
}

/// Writes the HTML that opens a container; returns its closing tag.
fn open_tag(
    out: &mut String,
    indent: &str,
    kind: &str,
    title: &str,
    labels: &Labels,
) -> &'static str {
    let kind = kind.to_ascii_lowercase();
    let given = (!title.is_empty()).then(|| escape(title));
    // The blank line that ends the HTML block, inside a blockquote a `>`.
    let blank = indent.trim_end();
    out.push_str(indent);
    if let Some(label) = labels.aside(&kind) {
        let title = given.unwrap_or_else(|| escape(label));
        out.push_str(&format!(
            "<aside class=\"alert alert-{kind}\" role=\"note\">\n{indent}<p class=\"alert-title\">{title}</p>\n{blank}\n"
        ));
        "</aside>"
    } else if kind == "details" {
        let title = given.unwrap_or_else(|| escape(&labels.details));
        out.push_str(&format!(
            "<details class=\"details\"><summary>{title}</summary>\n{blank}\n"
        ));
        "</details>"
    } else {
        let class = escape(&kind);
        let space = if class.is_empty() { "" } else { " " };
        out.push_str(&format!(
            "<div class=\"container{space}{class}\">\n{blank}\n"
        ));
        "</div>"
    }
}

fn close_tag(out: &mut String, container: &Open) {
    out.push_str(&container.indent);
    out.push_str(container.close);
    out.push('\n');
    out.push_str(container.indent.trim_end());
    out.push('\n');
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(body: &str) -> String {
        prepare(body, &Labels::default()).text.into_owned()
    }

    #[test]
    fn a_body_without_fences_is_borrowed() {
        let p = prepare("# Title\n\nA ratio 1:::2 in text.\n", &Labels::default());
        assert!(matches!(p.text, Cow::Borrowed(_)));
        let p = prepare("no colons\n", &Labels::default());
        assert!(matches!(p.text, Cow::Borrowed(_)));
        assert!(p.marks.is_empty());
    }

    #[test]
    fn fence_lines_are_read_with_or_without_space_and_title() {
        assert_eq!(
            container_fence(":::tip"),
            Some(Fence::Open {
                kind: "tip",
                title: ""
            })
        );
        assert_eq!(
            container_fence("::: warning 注意"),
            Some(Fence::Open {
                kind: "warning",
                title: "注意"
            })
        );
        assert_eq!(
            container_fence(":::tip[Read this]"),
            Some(Fence::Open {
                kind: "tip",
                title: "Read this"
            })
        );
        assert_eq!(container_fence("::::"), Some(Fence::Close));
        assert_eq!(container_fence(":: tip"), None);
    }

    #[test]
    fn kinds_become_asides_details_or_divs() {
        let t = text("::: warning 注意\nBody\n:::\n");
        assert!(t.starts_with("<aside class=\"alert alert-warning\" role=\"note\">\n<p class=\"alert-title\">注意</p>\n\nBody\n</aside>\n\n"), "{t}");
        let t = text(":::details\nx\n:::\n");
        assert!(
            t.starts_with(
                "<details class=\"details\"><summary>Details</summary>\n\nx\n</details>\n"
            ),
            "{t}"
        );
        let t = text("::: code-group\nx\n:::\n");
        assert!(
            t.starts_with("<div class=\"container code-group\">\n\nx\n</div>\n"),
            "{t}"
        );
        let t = text(":::tip <b>&\n:::\n");
        assert!(t.contains("&lt;b&gt;&amp;"), "{t}");
    }

    #[test]
    fn code_fences_keep_their_colons() {
        let body = "```md\n::: tip\n:::\n```\n\n~~~~\n:::\n~~~~\n";
        assert_eq!(text(body), body);
    }

    #[test]
    fn containers_nest_and_unclosed_ones_are_closed() {
        let t = text(":::: code-group\n::: tip\nx\n:::\n::::\n");
        assert_eq!(t.matches("</aside>").count(), 1);
        assert!(t.find("</aside>") < t.find("</div>"), "{t}");
        let t = text("::: tip\n::: details\nx");
        assert!(t.ends_with("x\n</details>\n\n</aside>\n\n"), "{t}");
        // A stray closing line is dropped.
        assert_eq!(text("a\n:::\nb\n"), "a\n\nb\n");
    }

    #[test]
    fn indentation_is_kept_for_list_items() {
        let t = text("- item\n  ::: tip\n  text\n  :::\n- next\n");
        assert!(t.contains("\n  <aside"), "{t}");
        assert!(t.contains("\n  <p class=\"alert-title\">"), "{t}");
        assert!(t.contains("\n  </aside>\n\n- next"), "{t}");
    }

    #[test]
    fn containers_inside_blockquotes_keep_the_markers() {
        let t = text("> ::: tip\n> text\n> :::\n");
        assert_eq!(
            t,
            "> <aside class=\"alert alert-tip\" role=\"note\">\n> <p class=\"alert-title\">Tip</p>\n>\n> text\n> </aside>\n>\n"
        );
    }

    #[test]
    fn spans_map_back_to_the_body() {
        let body = ":::tip\n[x](a.md)\n:::\nafter [y](b.md)\n";
        let p = prepare(body, &Labels::default());
        let new = p.text.find("[x]").unwrap();
        let old = p.original(new..new + 9);
        assert_eq!(&body[old], "[x](a.md)");
        let new = p.text.find("[y]").unwrap();
        let old = p.original(new..new + 9);
        assert_eq!(&body[old], "[y](b.md)");
        assert_eq!(p.marks.iter().map(|m| m.1).collect::<Vec<_>>(), [1, -1]);
    }
}
