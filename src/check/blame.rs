//! Where a broken link in a rendered file was written, when no Markdown
//! link accounts for it: raw HTML in the content file the page was
//! rendered from (found by its literal text), a template (the literal is
//! looked for in the template that made the file and the templates it
//! extends or includes; links built by expressions leave none, and the
//! report then names the template without a line), or an HTML file
//! copied as is.

use std::collections::{BTreeMap, HashMap};
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::html;
use super::target::Problem;
use crate::diagnostics::Diagnostic;
use crate::model::{Site, SourceFile, Text};
use crate::output::Content;
use crate::render::Made;
use crate::render::templates::Source;
use crate::source::ThemeFile;

/// Raw HTML in a Markdown file: the URL is there as written.
pub(super) fn in_content<'a>(
    content: Option<(&'a SourceFile, &'a Text)>,
    href: &str,
    problem: &Problem,
    values: &mut AttributeValues<'a>,
) -> Option<Diagnostic> {
    let (file, text) = content?;
    if href.len() < 2 {
        return None;
    }
    let at = values.find(&text.source, href)?;
    Some(
        Diagnostic::error(&file.shown, problem.message.clone())
            .at(&text.source, at..at + href.len())
            .label("broken link in HTML")
            .help_opt(problem.help.clone()),
    )
}

/// Where each attribute value first stands in a content file, found in one
/// pass the first time the file is asked about. Searching the text from the
/// top for every broken raw-HTML link was quadratic: 40,000 of them in one
/// file took 21 s (debug build).
#[derive(Default)]
pub(super) struct AttributeValues<'a> {
    /// Keyed by the text's address; the texts outlive this map.
    by_text: HashMap<usize, HashMap<&'a str, usize>>,
}

impl<'a> AttributeValues<'a> {
    /// Byte offset of `href` in `text`: where it first stands as an
    /// attribute value, else (an entity-encoded or oddly written URL)
    /// where it first appears at all.
    fn find(&mut self, text: &'a str, href: &str) -> Option<usize> {
        let values = self
            .by_text
            .entry(text.as_ptr() as usize)
            .or_insert_with(|| attribute_values(text));
        values.get(href).copied().or_else(|| text.find(href))
    }
}

/// The first offset of every value written after `=`, quoted (`="…"`,
/// `='…'`) or not (up to a space or `>`). A value is skipped whole, so the
/// pass is linear however many `=` it holds.
fn attribute_values(text: &str) -> HashMap<&str, usize> {
    let bytes = text.as_bytes();
    let mut out = HashMap::new();
    let mut from = 0;
    while let Some(found) = bytes[from..].iter().position(|&b| b == b'=') {
        let mut start = from + found + 1;
        while bytes.get(start).is_some_and(|b| *b == b' ' || *b == b'\t') {
            start += 1;
        }
        let end = match bytes.get(start) {
            Some(&quote @ (b'"' | b'\'')) => {
                start += 1;
                bytes[start..]
                    .iter()
                    .position(|&b| b == quote)
                    .map_or(bytes.len(), |i| start + i)
            }
            _ => bytes[start..]
                .iter()
                .position(|b| b.is_ascii_whitespace() || *b == b'>')
                .map_or(bytes.len(), |i| start + i),
        };
        out.entry(&text[start..end]).or_insert(start);
        from = end.max(from + found + 1);
    }
    out
}

pub(super) fn in_template(
    made: &Made,
    templates: &BTreeMap<String, Source>,
    href: &str,
    problem: &Problem,
    site: &Site,
) -> Diagnostic {
    let chain = template_chain(&made.template, templates);
    let prefix = site.config.base_url.prefix();
    let without_prefix = href.strip_prefix(prefix).unwrap_or(href);
    let without_fragment = href.split('#').next().unwrap_or(href);
    let needles = [href, without_prefix, without_fragment];
    let message = format!("{} (in a template)", problem.message);
    match find_literal(&chain, templates, &needles) {
        Some((name, span)) => {
            let source = &templates[name];
            Diagnostic::error(&source.shown, message)
                .at(&source.text, span)
                .label("this link is broken")
                .help_opt(problem.help.clone())
        }
        None => {
            let shown = templates
                .get(&made.template)
                .map_or_else(|| PathBuf::from(&made.template), |s| s.shown.clone());
            let from = made
                .content(site)
                .map(|(file, _)| format!(" while rendering {}", file.shown.display()))
                .unwrap_or_default();
            Diagnostic::error(shown, message).help(format!(
                "the URL is built by an expression in `{}` or a template it uses{from}",
                made.template
            ))
        }
    }
}

/// An HTML file of the output that no template made.
pub(super) struct CopiedFile<'a> {
    pub(super) root: &'a Path,
    pub(super) output: &'a str,
    pub(super) content: Option<&'a Content>,
    pub(super) text: Option<&'a Arc<str>>,
}

/// An HTML file copied as is (static/, content assets): point into it.
pub(super) fn in_copied_file(
    copied: &CopiedFile,
    href: &html::Href,
    problem: &Problem,
) -> Diagnostic {
    let shown = match copied.content {
        Some(Content::File(path) | Content::Theme(ThemeFile::Disk(path))) => {
            crate::diagnostics::display_path(copied.root, path)
        }
        _ => PathBuf::from(copied.output),
    };
    let mut d = Diagnostic::error(shown, problem.message.clone()).help_opt(problem.help.clone());
    if let Some(text) = copied.text
        && let Some(element) = text.get(href.offset..)
    {
        let end = element
            .find('>')
            .map_or(text.len(), |i| href.offset + i + 1);
        d = d.at(text, href.offset..end).label("broken link");
    }
    d
}

/// `name` and every template it extends, includes or imports, nearest
/// first, each once.
fn template_chain<'a>(name: &str, templates: &'a BTreeMap<String, Source>) -> Vec<&'a str> {
    let mut chain: Vec<&'a str> = Vec::new();
    let mut queue: Vec<&str> = vec![name];
    let mut next = 0;
    while let Some(&wanted) = queue.get(next) {
        next += 1;
        let Some((key, source)) = templates.get_key_value(wanted) else {
            continue;
        };
        if chain.contains(&key.as_str()) {
            continue;
        }
        chain.push(key.as_str());
        queue.extend(referenced(&source.text));
    }
    chain
}

/// Names after `extends`, `include` and `import` in a template's text.
fn referenced(text: &str) -> Vec<&str> {
    let mut names = Vec::new();
    for keyword in ["extends", "include", "import"] {
        let mut rest = text;
        while let Some(at) = rest.find(keyword) {
            rest = &rest[at + keyword.len()..];
            let trimmed = rest.trim_start();
            let Some(quote) = trimmed.chars().next().filter(|c| *c == '"' || *c == '\'') else {
                continue;
            };
            if let Some(end) = trimmed[1..].find(quote) {
                names.push(&trimmed[1..1 + end]);
            }
        }
    }
    names
}

/// The first place in `templates` (in order) whose text holds one of
/// `needles`: (template name, byte range).
fn find_literal<'a>(
    chain: &[&'a str],
    templates: &BTreeMap<String, Source>,
    needles: &[&str],
) -> Option<(&'a str, Range<usize>)> {
    for needle in needles.iter().filter(|n| n.len() >= 2) {
        for &name in chain {
            let Some(source) = templates.get(name) else {
                continue;
            };
            if let Some(at) = source.text.find(needle) {
                return Some((name, at..at + needle.len()));
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn templates(list: &[(&str, &str)]) -> BTreeMap<String, Source> {
        list.iter()
            .map(|(name, text)| {
                (
                    name.to_string(),
                    Source {
                        shown: PathBuf::from(format!("templates/{name}")),
                        text: Arc::from(*text),
                    },
                )
            })
            .collect()
    }

    #[test]
    fn follows_extends_and_includes_once() {
        let t = templates(&[
            (
                "page.html",
                r#"{% extends "base.html" %}{% include 'list.html' %}"#,
            ),
            (
                "base.html",
                r#"<a href="/contact/">{% include "list.html" %}"#,
            ),
            ("list.html", "<ul></ul>"),
        ]);
        assert_eq!(
            template_chain("page.html", &t),
            ["page.html", "base.html", "list.html"]
        );
        let (name, span) =
            find_literal(&template_chain("page.html", &t), &t, &["/contact/"]).unwrap();
        assert_eq!(name, "base.html");
        assert_eq!(&t["base.html"].text[span], "/contact/");
        assert!(find_literal(&["page.html"], &t, &["/"]).is_none());
    }

    #[test]
    fn attribute_values_are_found_where_they_first_stand() {
        let text = "don't <a href=\"/a/?x=1\">a</a> <img src='/b.png'> <a href=/c/>c</a> <a href=\"/a/?x=1\">";
        let values = attribute_values(text);
        assert_eq!(values["/a/?x=1"], text.find("/a/?x=1").unwrap());
        assert_eq!(values["/b.png"], text.find("/b.png").unwrap());
        assert_eq!(values["/c/"], text.find("/c/").unwrap());
        // A value is not searched for `=` again: `x=1` is no value.
        assert!(!values.contains_key("1\""));
        let mut found = AttributeValues::default();
        assert_eq!(found.find(text, "don"), Some(0));
        assert_eq!(found.find(text, "/c/"), text.find("/c/"));
    }
}
