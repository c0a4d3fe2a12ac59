//! One body's expansion: calls → placeholders → Markdown → each
//! placeholder replaced by what its template made.

use std::borrow::Cow;
use std::collections::BTreeSet;
use std::fmt::Write as _;

use tera::Value;

use super::Shortcodes;
use super::args::Problem;
use super::scan::{self, Call};
use crate::diagnostics::Diagnostic;
use crate::markdown::{Body, ImageHtml, Labels, Link};
use crate::model::{Page, Section, Site, SourceFile, Text};

/// Whose Markdown is being expanded.
pub(crate) enum Caller<'a> {
    Page(&'a Site, &'a Page),
    /// A section with its `_index.md` (its `source`).
    Section(&'a Site, &'a Section),
}

impl Caller<'_> {
    /// `page` in a shortcode template: the page's front matter (see
    /// `page_ref`), or a section's reference value.
    fn value(&self) -> Value {
        match self {
            Caller::Page(site, page) => super::page_ref(site, page),
            Caller::Section(site, section) => super::values::section_ref(site, section),
        }
    }

    fn lang(&self) -> &str {
        match self {
            Caller::Page(_, page) => &page.file.lang,
            Caller::Section(_, section) => &section.lang,
        }
    }

    fn source(&self) -> Option<(&SourceFile, &Text)> {
        match self {
            Caller::Page(_, page) => Some((&page.file, &page.text)),
            Caller::Section(_, section) => section.source.as_ref().map(|s| (&s.file, &s.text)),
        }
    }
}

/// Names a template sees that a call's arguments may not take.
const RESERVED: &[&str] = &["body", "page", "lang", "site"];

const OPEN: char = '\u{E000}';
const CLOSE: char = '\u{E001}';
/// Bytes of `OPEN` and `CLOSE` in UTF-8.
const MARKS: usize = 6;

pub(super) struct Run<'a, 'i> {
    codes: &'a Shortcodes,
    caller: &'a Caller<'a>,
    labels: &'a Labels,
    images: Option<&'a mut ImageHtml<'i>>,
    page: Value,
    resolve: &'a mut dyn FnMut(&Link) -> Option<String>,
    used: BTreeSet<String>,
    errors: Vec<Diagnostic>,
}

impl<'a, 'i> Run<'a, 'i> {
    pub fn new(
        codes: &'a Shortcodes,
        caller: &'a Caller<'a>,
        labels: &'a Labels,
        images: Option<&'a mut ImageHtml<'i>>,
        resolve: &'a mut dyn FnMut(&Link) -> Option<String>,
    ) -> Self {
        Run {
            codes,
            caller,
            labels,
            images,
            page: caller.value(),
            resolve,
            used: BTreeSet::new(),
            errors: Vec::new(),
        }
    }

    pub fn finish(self, body: Body) -> (Body, BTreeSet<String>, Vec<Diagnostic>) {
        (body, self.used, self.errors)
    }

    /// `text` (at byte `base` of the caller's body) as HTML, its calls and
    /// their bodies expanded.
    pub fn expand(&mut self, text: &str, base: usize) -> Body {
        let mut problems = Vec::new();
        let codes = self.codes;
        let calls = scan::calls(text, &|name| codes.is_name(name), &mut problems);
        for problem in problems {
            let d = self.problem(problem, base);
            self.errors.extend(d);
        }
        if calls.is_empty() {
            return self.markdown(text, base);
        }
        let marked: Cow<str> = Cow::Owned(placeholders(text, &calls));
        let mut body = self.markdown(&marked, base);
        let mut made = Vec::with_capacity(calls.len());
        for call in &calls {
            self.used.insert(call.name.clone());
            let inner = call.body.clone().map(|range| {
                let inner = self.expand(&text[range.clone()], base + range.start);
                body.links.extend(inner.links);
                body.ids.extend(inner.ids);
                body.word_count += inner.word_count;
                inner.html
            });
            made.push(self.call(call, inner, base));
        }
        body.html = substitute(&body.html, &made);
        body.summary = body.summary.map(|s| substitute(&s, &made));
        body
    }

    /// Plain Markdown at `base`: links are reported and kept at their
    /// place in the caller's body.
    fn markdown(&mut self, text: &str, base: usize) -> Body {
        let resolve = &mut *self.resolve;
        let mut shifted = |link: &Link| {
            let moved = Link {
                dest: link.dest,
                span: link.span.start + base..link.span.end + base,
                is_image: link.is_image,
            };
            resolve(&moved)
        };
        let images = self.images.as_deref_mut();
        let mut body = crate::markdown::render_with_images(text, self.labels, &mut shifted, images);
        for link in &mut body.links {
            link.span = link.span.start + base..link.span.end + base;
        }
        body
    }

    /// What the template of `call` makes; on an error, nothing (and the
    /// error is noted).
    fn call(&mut self, call: &Call, body: Option<String>, base: usize) -> String {
        let Some(tera) = &self.codes.tera else {
            return String::new();
        };
        let mut context = tera::Context::new();
        for (name, value) in &call.args {
            if RESERVED.contains(&name.as_str()) {
                let d = self.at(
                    call,
                    base,
                    format!("`{name}` cannot be a shortcode argument"),
                );
                self.errors.extend(d.map(|d| {
                    d.label("reserved name")
                        .help("`body`, `page`, `lang` and `site` are given to every shortcode template; pick another name")
                }));
                return String::new();
            }
            context.insert_value(name.clone(), value.clone());
        }
        if let Some(html) = body {
            context.insert_value("body", Value::safe_string(&html));
        }
        context.insert_value("page", self.page.clone());
        context.insert_value("lang", self.caller.lang().into());
        context.insert_value("site", self.codes.site.clone());
        let template = format!("{}{}.html", super::FOLDER, call.name);
        match tera.render(&template, &context) {
            // The template file's last line break is not part of the output.
            Ok(mut html) => {
                html.truncate(html.trim_end_matches(['\n', '\r']).len());
                html
            }
            Err(err) => {
                let file = self.codes.files.get(&call.name);
                let help = format!(
                    "{} is called with its arguments as variables, and `body`, `page`, `lang` and `site`",
                    file.map_or_else(|| template.clone(), |f| f.display().to_string())
                );
                let message = format!(
                    "the shortcode `{}` failed: {}",
                    call.name,
                    tera_message(&err)
                );
                let d = self.at(call, base, message);
                self.errors
                    .extend(d.map(|d| d.label("in this call").help(help)));
                String::new()
            }
        }
    }

    fn at(&self, call: &Call, base: usize, message: String) -> Option<Diagnostic> {
        let (file, text) = self.caller.source()?;
        let start = text.body.start + base;
        Some(
            Diagnostic::error(&file.shown, message)
                .at(&text.source, start + call.span.start..start + call.span.end),
        )
    }

    fn problem(&self, problem: Problem, base: usize) -> Option<Diagnostic> {
        let (file, text) = self.caller.source()?;
        let start = text.body.start + base;
        Some(
            Diagnostic::error(&file.shown, problem.message)
                .at(
                    &text.source,
                    start + problem.at.start..start + problem.at.end,
                )
                .label(problem.label)
                .help(problem.help),
        )
    }
}

/// A Tera error's own words, with its causes.
fn tera_message(err: &tera::Error) -> String {
    use std::error::Error as _;
    if let tera::ErrorKind::SyntaxError(r) | tera::ErrorKind::RenderingError(r) = err.kind() {
        return r.message().to_string();
    }
    let mut message = err.to_string();
    let mut cause = err.source();
    while let Some(c) = cause {
        message.push_str(&format!(": {c}"));
        cause = c.source();
    }
    message
}

/// `text` with each call replaced by a placeholder of the same length
/// (`OPEN`, the call's index padded with zeros, `CLOSE`), the call's line
/// breaks kept after it, so offsets and lines still match the file.
fn placeholders(text: &str, calls: &[Call]) -> String {
    let mut out = String::with_capacity(text.len() + MARKS);
    let mut last = 0;
    for (index, call) in calls.iter().enumerate() {
        out.push_str(&text[last..call.span.start]);
        let written = &text[call.span.clone()];
        let lines = written.matches('\n').count();
        let width = (written.len() - lines).saturating_sub(MARKS);
        out.push(OPEN);
        let _ = write!(out, "{index:0width$}");
        out.push(CLOSE);
        out.extend(std::iter::repeat_n('\n', lines));
        last = call.span.end;
    }
    out.push_str(&text[last..]);
    out
}

/// `html` with each placeholder replaced by `made[index]`; a placeholder
/// alone in a paragraph replaces the paragraph.
fn substitute(html: &str, made: &[String]) -> String {
    let extra: usize = made.iter().map(String::len).sum();
    let mut out = String::with_capacity(html.len() + extra);
    let mut rest = html;
    while let Some(i) = rest.find(OPEN) {
        let after = &rest[i + OPEN.len_utf8()..];
        let index = after
            .find(CLOSE)
            .and_then(|j| Some((after[..j].parse::<usize>().ok()?, j)))
            .filter(|&(k, _)| k < made.len());
        let Some((index, j)) = index else {
            out.push_str(&rest[..i + OPEN.len_utf8()]);
            rest = after;
            continue;
        };
        let mut before = &rest[..i];
        let mut tail = &after[j + CLOSE.len_utf8()..];
        if let (Some(b), Some(t)) = (before.strip_suffix("<p>"), tail.strip_prefix("</p>")) {
            (before, tail) = (b, t);
        }
        out.push_str(before);
        if inside_tag(&out) {
            // In an attribute (a task's checkbox is named by its item's
            // text): the call's text, never its markup.
            out.push_str(&plain_text(&made[index]));
        } else {
            out.push_str(&made[index]);
        }
        rest = tail;
    }
    out.push_str(rest);
    out
}

/// Whether the end of `html` is inside a tag (between `<` and `>`).
fn inside_tag(html: &str) -> bool {
    match (html.rfind('<'), html.rfind('>')) {
        (Some(open), Some(close)) => open > close,
        (open, _) => open.is_some(),
    }
}

/// `html`'s text for an attribute value: tags dropped, white space
/// collapsed, quotes escaped (its entities are escaped already).
fn plain_text(html: &str) -> String {
    let mut text = String::with_capacity(html.len());
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => {
                in_tag = false;
                text.push(' ');
            }
            _ if in_tag => {}
            '"' => text.push_str("&quot;"),
            _ => text.push(c),
        }
    }
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_call_in_an_attribute_leaves_its_text_only() {
        // A task-list item calling a shortcode: its checkbox's name is the
        // item's plain text, the item itself shows the call's markup.
        let item = crate::markdown::render("- [ ] Dial \u{E000}0\u{E001} now\n", &mut |_| None);
        let made =
            vec!["<strong class=\"fact\">*888#</strong> <span>unconfirmed</span>".to_string()];
        let html = substitute(&item.html, &made);
        assert!(
            html.contains("aria-label=\"Dial *888# unconfirmed now\"/>"),
            "{html}"
        );
        assert!(
            html.contains("Dial <strong class=\"fact\">*888#</strong>"),
            "{html}"
        );
        assert_eq!(plain_text("<b>a\"b</b>\n c"), "a&quot;b c");
        assert!(inside_tag("<p>x <input aria-label=\"") && !inside_tag("<p>x"));
    }

    #[test]
    fn placeholders_keep_length_and_lines() {
        let text = "a {{ x() }} b\n{% y() %}\nbody\n{% end %}\nc";
        let calls = vec![
            Call {
                name: "x".into(),
                args: vec![],
                span: 2..11,
                body: None,
            },
            Call {
                name: "y".into(),
                args: vec![],
                span: 14..37,
                body: Some(23..29),
            },
        ];
        let marked = placeholders(text, &calls);
        assert_eq!(marked.len(), text.len());
        assert_eq!(marked.matches('\n').count(), text.matches('\n').count());
        assert!(marked.starts_with("a \u{E000}000\u{E001} b\n\u{E000}"));
    }

    #[test]
    fn a_placeholder_alone_in_a_paragraph_replaces_it() {
        let made = vec!["<b>x</b>".to_string(), "<div>\n\n  y\n</div>".to_string()];
        let html =
            "<p>a \u{E000}00\u{E001} b</p>\n<p>\u{E000}1\u{E001}</p>\n<p>\u{E000}7\u{E001}</p>";
        assert_eq!(
            substitute(html, &made),
            "<p>a <b>x</b> b</p>\n<div>\n\n  y\n</div>\n<p>\u{E000}7\u{E001}</p>"
        );
    }
}
