//! Where things stand, for diagnostics: a key, its value, a node cut to
//! the one line a caret can underline. Everything comes from the tree's
//! byte ranges; nothing searches the text.

use std::ops::Range;

use super::YamlDoc;
use super::tree::{Entry, Node, Shape};

impl YamlDoc<'_> {
    pub(super) fn entry(&self, key: &str) -> Option<&Entry> {
        self.root.entry(key)
    }

    /// Where `key`'s value stands, when the key is there.
    pub fn node(&self, key: &str) -> Option<&Node> {
        self.entry(key).map(|e| &e.value)
    }

    /// Span of the key itself, in file coordinates (the start of the YAML
    /// when the key is absent).
    pub fn key_span(&self, key: &str) -> Range<usize> {
        match self.entry(key) {
            Some(e) => e.key.span.clone(),
            None => self.offset..self.offset,
        }
    }

    /// Span of the key's value on its first line; the key itself when the
    /// value is empty or a list or mapping on the lines below.
    pub fn value_span(&self, key: &str) -> Range<usize> {
        match self.entry(key) {
            Some(e) => self.value_or_key(e),
            None => self.key_span(key),
        }
    }

    /// The value of an entry, or its key when the value has no text of its
    /// own to point at.
    pub fn value_or_key(&self, entry: &Entry) -> Range<usize> {
        if entry.value.span.is_empty() || entry.value.is_block() {
            entry.key.span.clone()
        } else {
            self.first_line(&entry.value)
        }
    }

    /// A node's span cut to its first line: what a one-line caret can
    /// show. A block list or mapping ends with the last node on that line,
    /// so a trailing comment is never underlined.
    pub fn first_line(&self, node: &Node) -> Range<usize> {
        let start = node.span.start;
        let end = match &node.shape {
            Shape::Map {
                flow: false,
                entries,
            } => entries.first().map(|e| {
                let value = self.first_line(&e.value);
                if !e.value.span.is_empty() && self.same_line(start, value.start) {
                    value.end
                } else {
                    e.key.span.end
                }
            }),
            Shape::Seq { flow: false, items } => items.first().map(|i| self.first_line(i).end),
            _ => None,
        };
        let end = end.unwrap_or(node.span.end).max(start);
        let line_end = self.source[start..end]
            .find('\n')
            .map_or(end, |n| start + n);
        start..self.source[start..line_end].trim_end().len() + start
    }

    fn same_line(&self, a: usize, b: usize) -> bool {
        a <= b && !self.source[a..b].contains('\n')
    }
}

/// `span` widened to whole characters: libyaml's one-byte error spans
/// (`at..at + 1`) may start a multi-byte character.
pub(super) fn whole_chars(source: &str, span: Range<usize>) -> Range<usize> {
    let mut start = span.start.min(source.len());
    while !source.is_char_boundary(start) {
        start -= 1;
    }
    let mut end = span.end.clamp(start, source.len());
    while !source.is_char_boundary(end) {
        end += 1;
    }
    start..end
}
