//! Line and column of a byte offset, found in constant time after one pass
//! over the text. A file with 100,000 errors used to be scanned from the top
//! for each of them (20,000 broken links took 114 s in a debug build); now
//! the text is indexed once and every position is a binary search.

use std::collections::HashMap;
use std::ops::Range;
use std::sync::Arc;

/// Bytes between two character-count checkpoints: a column is counted over
/// at most this many bytes, however long the line (minified HTML or a
/// one-line Markdown file can be megabytes on one line).
const BLOCK: usize = 256;

/// One text with where each of its lines starts.
#[derive(Debug)]
pub(crate) struct LineIndex {
    text: Arc<str>,
    /// Byte offset of the start of every line; the first is 0, and a text
    /// ending in `\n` has an empty last line starting at its length.
    starts: Vec<usize>,
    /// Characters before byte `i * BLOCK`, for every block and one past.
    chars_before: Vec<usize>,
}

impl LineIndex {
    pub fn new(text: Arc<str>) -> LineIndex {
        let bytes = text.as_bytes();
        let mut starts = vec![0];
        starts.extend(
            bytes
                .iter()
                .enumerate()
                .filter(|(_, b)| **b == b'\n')
                .map(|(i, _)| i + 1),
        );
        let mut chars_before = Vec::with_capacity(bytes.len() / BLOCK + 2);
        let mut count = 0;
        chars_before.push(0);
        for block in bytes.chunks(BLOCK) {
            count += chars_in(block);
            chars_before.push(count);
        }
        LineIndex {
            text,
            starts,
            chars_before,
        }
    }

    pub fn text(&self) -> &Arc<str> {
        &self.text
    }

    /// 0-based index of the line `offset` is on.
    pub(crate) fn line_of(&self, offset: usize) -> usize {
        self.starts.partition_point(|&s| s <= offset) - 1
    }

    /// Byte range of 0-based `line`, its line break included; empty past
    /// the last line.
    pub(crate) fn line_range(&self, line: usize) -> Range<usize> {
        let len = self.text.len();
        let start = self.starts.get(line).copied().unwrap_or(len);
        let end = self.starts.get(line + 1).copied().unwrap_or(len);
        start..end
    }

    /// 1-based line and column (in characters) of `offset`, as
    /// [`super::line_column`] counts them.
    pub(crate) fn line_column(&self, offset: usize) -> (usize, usize) {
        let offset = super::floor_char_boundary(&self.text, offset.min(self.text.len()));
        let line = self.line_of(offset);
        let column = self.chars_before(offset) - self.chars_before(self.starts[line]);
        (line + 1, column + 1)
    }

    /// Characters before `offset`, a character boundary.
    fn chars_before(&self, offset: usize) -> usize {
        let block = offset / BLOCK;
        self.chars_before[block] + chars_in(&self.text.as_bytes()[block * BLOCK..offset])
    }
}

/// Characters that start in `bytes`: every byte but UTF-8 continuations.
fn chars_in(bytes: &[u8]) -> usize {
    bytes.iter().filter(|&&b| (b & 0xC0) != 0x80).count()
}

/// The line index of every text a list of diagnostics points into, each
/// built the first time it is asked for.
#[derive(Debug, Default)]
pub(crate) struct Positions {
    /// Keyed by the text's address and length: the diagnostics of one file
    /// share one `Arc`. The index holds a clone of that `Arc`, so the
    /// address cannot be reused by another text while the key exists.
    by_text: HashMap<(usize, usize), LineIndex>,
}

impl Positions {
    pub fn index(&mut self, text: &Arc<str>) -> &LineIndex {
        let key = (text.as_ptr() as usize, text.len());
        self.by_text
            .entry(key)
            .or_insert_with(|| LineIndex::new(Arc::clone(text)))
    }

    /// 1-based line and column of `d`, or (0, 0) when it has no position.
    pub(crate) fn line_column(&mut self, d: &super::Diagnostic) -> (usize, usize) {
        match &d.source {
            Some(text) => self.index(text).line_column(d.span.start),
            None => (0, 0),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The index agrees with the scan from the top at every offset,
    /// including offsets inside a character and past the end.
    #[test]
    fn agrees_with_the_scan_from_the_top() {
        let long = "注".repeat(300) + "\u{1b}x\r\n";
        for text in [
            "",
            "\n",
            "a\nb",
            "---\ntitle: 注销\nbad: x\n",
            long.as_str(),
        ] {
            let index = LineIndex::new(Arc::from(text));
            for offset in 0..=text.len() + 2 {
                assert_eq!(
                    index.line_column(offset),
                    super::super::line_column(text, offset),
                    "{text:?} at {offset}"
                );
            }
        }
    }

    #[test]
    fn line_ranges_include_the_break_and_end_empty() {
        let index = LineIndex::new(Arc::from("ab\ncd\n"));
        assert_eq!(index.line_range(0), 0..3);
        assert_eq!(index.line_range(1), 3..6);
        assert_eq!(index.line_range(2), 6..6);
        assert_eq!(index.line_range(9), 6..6);
        assert_eq!(index.line_of(6), 2);
    }

    #[test]
    fn one_index_per_text() {
        let text: Arc<str> = Arc::from("a\nb\n");
        let mut positions = Positions::default();
        let first = positions.index(&text) as *const LineIndex;
        let again = positions.index(&Arc::clone(&text)) as *const LineIndex;
        assert_eq!(first, again);
        assert_eq!(positions.by_text.len(), 1);
    }
}
