//! A reader for the plain YAML that front matter is made of, far cheaper
//! than libyaml's scanner and parser (which cost some 200 instructions per
//! byte): block mappings of one-line scalars, nested block mappings, block
//! lists (indented or not) of scalars, `[a, b]` lists and `{a: b}`
//! mappings of scalars, comments and blank lines. It builds exactly the
//! `Value` and the `Node` tree that tree.rs builds from libyaml's events,
//! and answers `None` for anything else (anchors, tags, block scalars,
//! nested flow, scalars over several lines, tabs, odd indentation, a key
//! given twice, any error), which libyaml then reads, so meanings,
//! positions and messages never depend on which reader ran. `compare_readers` holds the
//! two against each other in tests and in the fuzz target.

mod scan;

use serde_yaml::{Mapping, Value};

use super::limits::Limits;
use super::tree::{self, Entry, Node, Shape, Tree};
use scan::{Scalar, chars_ok, flow_list, flow_map, rest_is_empty, scalar, skip_spaces};

/// Far below `MAX_DEPTH`: deeper texts go to libyaml, which refuses them.
const MAX_NESTING: usize = 16;

/// Reads `text`, which starts at byte `base` of its file, or answers
/// `None` when it is not in the plain subset.
pub(crate) fn build(text: &str, base: usize) -> Option<Tree> {
    if !chars_ok(text) {
        return None;
    }
    let mut reader = Reader {
        text,
        bytes: text.as_bytes(),
        base,
        pos: 0,
        refused: false,
        peeked: None,
    };
    let tree = match reader.peek() {
        None => Tree {
            value: Value::Null,
            root: node(base..base, Shape::Scalar),
        },
        Some(line) => {
            let (value, root) = reader.mapping(line.indent, 1)?;
            // A line left over stands left of the first key.
            if reader.peek().is_some() {
                return None;
            }
            Tree { value, root }
        }
    };
    (!reader.refused).then_some(tree)
}

/// Both readers on `text`: `Ok(true)` when the plain reader read it and
/// gave exactly what libyaml's events give, `Ok(false)` when it left the
/// text to libyaml, `Err` with the difference otherwise. For the
/// differential tests and the fuzz target.
#[doc(hidden)]
pub fn compare_readers(text: &str) -> Result<bool, String> {
    let Some(fast) = build(text, 3) else {
        return Ok(false);
    };
    let full = tree::build(text, 3, &Limits::FILE)
        .map_err(|p| format!("libyaml refused what the plain reader read: {}", p.message))?;
    // Debug text, so that NaN compares equal to NaN.
    let (ours, theirs) = (format!("{:?}", fast.value), format!("{:?}", full.value));
    if ours != theirs {
        return Err(format!(
            "values differ:\nplain:   {ours}\nlibyaml: {theirs}"
        ));
    }
    if fast.root != full.root {
        return Err(format!(
            "positions differ:\nplain:   {:?}\nlibyaml: {:?}",
            fast.root, full.root
        ));
    }
    Ok(true)
}

/// A line with something on it: where its content starts, its
/// indentation, and where it ends (its `\n`, or the end of the text).
#[derive(Clone, Copy)]
struct Line {
    start: usize,
    indent: usize,
    eol: usize,
}

struct Reader<'a> {
    text: &'a str,
    bytes: &'a [u8],
    base: usize,
    /// Start of the first line not read yet.
    pos: usize,
    /// Set when a line was met that only libyaml may read (`---`, `...`).
    refused: bool,
    /// The last line `peek` found, and its `pos` (the start of that line).
    peeked: Option<(usize, Line)>,
}

fn node(span: std::ops::Range<usize>, shape: Shape) -> Node {
    Node { span, shape }
}

/// Adds `key` to `map`, hashing it once; `None` when it is there already
/// (libyaml's path then reports the duplicate).
fn insert_new(map: &mut Mapping, key: Value, value: Value) -> Option<()> {
    match map.entry(key) {
        serde_yaml::mapping::Entry::Occupied(_) => None,
        serde_yaml::mapping::Entry::Vacant(slot) => {
            slot.insert(value);
            Some(())
        }
    }
}

impl Reader<'_> {
    /// The next line with content, skipping blank and comment lines for
    /// good; `None` at the end of the text.
    fn peek(&mut self) -> Option<Line> {
        if let Some((pos, line)) = self.peeked
            && pos == self.pos
        {
            return Some(line);
        }
        let bytes = self.bytes;
        while self.pos < bytes.len() {
            let eol =
                memchr::memchr(b'\n', &bytes[self.pos..]).map_or(bytes.len(), |n| self.pos + n);
            let start = skip_spaces(bytes, self.pos, eol);
            if start == eol || bytes[start] == b'#' {
                self.pos = eol + 1;
                continue;
            }
            let indent = start - self.pos;
            if indent == 0
                && (bytes[start..].starts_with(b"---") || bytes[start..].starts_with(b"..."))
            {
                self.refused = true;
                return None;
            }
            let line = Line { start, indent, eol };
            self.peeked = Some((self.pos, line));
            return Some(line);
        }
        None
    }

    fn next_line(&mut self, line: &Line) {
        self.pos = line.eol + 1;
    }

    /// A block mapping whose keys stand at column `col`, the first on the
    /// next line.
    fn mapping(&mut self, col: usize, depth: usize) -> Option<(Value, Node)> {
        if depth > MAX_NESTING {
            return None;
        }
        let mut map = Mapping::new();
        let mut entries = Vec::with_capacity(8);
        let first = self.peek()?.start;
        let end = loop {
            let Some(line) = self.peek() else {
                break self.text.len();
            };
            if line.indent < col {
                break line.start;
            }
            if line.indent > col || self.is_item(&line) {
                return None;
            }
            let (key, colon) = self.key(&line)?;
            let (value, value_node) = self.value(&line, colon, col, depth)?;
            let name = key.value.as_str().map(str::to_string);
            let key_node = self.scalar_node(&key);
            insert_new(&mut map, key.value, value)?;
            entries.push(Entry {
                name,
                key: key_node,
                value: value_node,
            });
        };
        let span = self.base + first..self.base + end.max(first);
        let shape = Shape::Map {
            flow: false,
            entries,
        };
        Some((Value::Mapping(map), node(span, shape)))
    }

    /// The key at the start of `line` and the index of its `:`.
    fn key(&self, line: &Line) -> Option<(Scalar, usize)> {
        let (key, stop) = scalar(self.text, line.start, line.eol, false)?;
        let colon = skip_spaces(self.bytes, stop, line.eol);
        // libyaml gives up on a key of more than 1024 bytes.
        let fits = colon - line.start < 1000;
        let is_colon = colon < line.eol && self.bytes[colon] == b':';
        let then_blank = colon + 1 >= line.eol || self.bytes[colon + 1] == b' ';
        (fits && is_colon && then_blank).then_some((key, colon))
    }

    /// The value after the `:` at `colon`: on the same line, or below it.
    fn value(
        &mut self,
        line: &Line,
        colon: usize,
        col: usize,
        depth: usize,
    ) -> Option<(Value, Node)> {
        let (bytes, eol) = (self.bytes, line.eol);
        let at = skip_spaces(bytes, colon + 1, eol);
        self.next_line(line);
        if at < eol && bytes[at] != b'#' {
            return self.inline(at, eol);
        }
        let after = self.base + colon + 1;
        let empty = || Some((Value::Null, node(after..after, Shape::Scalar)));
        let Some(next) = self.peek() else {
            return empty();
        };
        match (next.indent.cmp(&col), self.is_item(&next)) {
            (std::cmp::Ordering::Less, _) | (std::cmp::Ordering::Equal, false) => empty(),
            (_, true) => self.list(next.indent, next.indent == col, depth + 1),
            (std::cmp::Ordering::Greater, false) => self.mapping(next.indent, depth + 1),
        }
    }

    /// A value standing on its key's line or after its `-`: a scalar, or
    /// a flow list or mapping of scalars, with nothing but a comment after.
    fn inline(&self, at: usize, eol: usize) -> Option<(Value, Node)> {
        let (value, node, end) = match self.bytes[at] {
            b'[' => {
                let (items, end) = flow_list(self.text, at, eol)?;
                let (value, node) = self.list_of(items, at..end, true);
                (value, node, end)
            }
            b'{' => {
                let (pairs, end) = flow_map(self.text, at, eol)?;
                let (value, node) = self.map_of(pairs, at..end)?;
                (value, node, end)
            }
            _ => {
                let (item, _) = scalar(self.text, at, eol, false)?;
                let node = self.scalar_node(&item);
                (item.value, node, item.end)
            }
        };
        rest_is_empty(self.bytes, end, eol).then_some((value, node))
    }

    /// The value and node of a flow mapping; `None` for a key given twice.
    fn map_of(
        &self,
        pairs: Vec<(Scalar, Scalar)>,
        span: std::ops::Range<usize>,
    ) -> Option<(Value, Node)> {
        let mut map = Mapping::new();
        let mut entries = Vec::with_capacity(pairs.len());
        for (key, value) in pairs {
            entries.push(Entry {
                name: key.value.as_str().map(str::to_string),
                key: self.scalar_node(&key),
                value: self.scalar_node(&value),
            });
            insert_new(&mut map, key.value, value.value)?;
        }
        let span = self.base + span.start..self.base + span.end;
        let shape = Shape::Map {
            flow: true,
            entries,
        };
        Some((Value::Mapping(map), node(span, shape)))
    }

    /// Whether `line` is a list item (`- ` or a lone `-`).
    fn is_item(&self, line: &Line) -> bool {
        self.bytes[line.start] == b'-'
            && (line.start + 1 == line.eol || self.bytes[line.start + 1] == b' ')
    }

    /// A block list whose `-` stand at column `col`; `indentless` when it
    /// shares that column with its key (it then ends at the next key).
    fn list(&mut self, col: usize, indentless: bool, depth: usize) -> Option<(Value, Node)> {
        if depth > MAX_NESTING {
            return None;
        }
        let first = self.peek()?.start;
        let (mut values, mut nodes) = (Vec::new(), Vec::new());
        let end = loop {
            let Some(line) = self.peek() else {
                break self.text.len();
            };
            if line.indent < col || (indentless && line.indent == col && !self.is_item(&line)) {
                break line.start;
            }
            if line.indent > col || !self.is_item(&line) {
                return None;
            }
            let at = skip_spaces(self.bytes, line.start + 1, line.eol);
            if at == line.eol {
                return None;
            }
            let (value, node) = self.inline(at, line.eol)?;
            self.next_line(&line);
            values.push(value);
            nodes.push(node);
        };
        let span = self.base + first..self.base + end.max(first);
        let shape = Shape::Seq {
            flow: false,
            items: nodes,
        };
        Some((Value::Sequence(values), node(span, shape)))
    }

    fn list_of(
        &self,
        items: Vec<Scalar>,
        span: std::ops::Range<usize>,
        flow: bool,
    ) -> (Value, Node) {
        let nodes = items.iter().map(|i| self.scalar_node(i)).collect();
        let values = items.into_iter().map(|i| i.value).collect();
        let span = self.base + span.start..self.base + span.end;
        (
            Value::Sequence(values),
            node(span, Shape::Seq { flow, items: nodes }),
        )
    }

    fn scalar_node(&self, scalar: &Scalar) -> Node {
        node(
            self.base + scalar.start..self.base + scalar.end,
            Shape::Scalar,
        )
    }
}

#[cfg(test)]
mod tests;
