//! One pass over libyaml's events builds two things side by side: the
//! `Value` serde_yaml would have built, and a tree of byte ranges with the
//! same shape, so every key, value and list item can be pointed at exactly
//! (no searching the text for a word, which found the first taxonomy's key
//! for the second's error). The same pass refuses what would make a build
//! hang or eat memory: nesting past `MAX_DEPTH` and aliases expanding past
//! the budget, counted as they are resolved, before anything is copied.

use std::collections::HashMap;
use std::ops::Range;

use serde_yaml::{Mapping, Value};

use super::events::{Event, Located, Parser, SyntaxError};
use super::limits::{Limits, MAX_DEPTH};
use super::problem::{Problem, duplicate, too_deep, unbalanced};
use super::scalar;

/// Where a node stands in the file, and the places of its parts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Node {
    /// Byte range in the file (front matter offset included).
    pub span: Range<usize>,
    pub shape: Shape,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Shape {
    Scalar,
    /// `*name`: the value is a copy of the anchored one; its parts are
    /// pointed at through the alias itself.
    Alias,
    Seq {
        flow: bool,
        items: Vec<Node>,
    },
    Map {
        flow: bool,
        entries: Vec<Entry>,
    },
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    /// The key as text, when it is text.
    pub name: Option<String>,
    pub key: Node,
    pub value: Node,
}

impl Node {
    pub fn entries(&self) -> &[Entry] {
        match &self.shape {
            Shape::Map { entries, .. } => entries,
            _ => &[],
        }
    }

    pub fn items(&self) -> &[Node] {
        match &self.shape {
            Shape::Seq { items, .. } => items,
            _ => &[],
        }
    }

    pub fn entry(&self, name: &str) -> Option<&Entry> {
        self.entries()
            .iter()
            .find(|e| e.name.as_deref() == Some(name))
    }

    /// A list or mapping written over several lines (not `[a, b]`).
    pub(crate) fn is_block(&self) -> bool {
        matches!(
            self.shape,
            Shape::Seq { flow: false, .. } | Shape::Map { flow: false, .. }
        )
    }
}

pub(crate) struct Tree {
    pub value: Value,
    pub root: Node,
}

/// A finished node: its value, its place, and its weight (how many bytes
/// and nodes it stands for once aliases are expanded).
struct Done {
    value: Value,
    node: Node,
    weight: usize,
}

struct Frame {
    start: usize,
    /// The anchor's name and the number of its definition.
    anchor: Option<(String, u64)>,
    tag: Option<String>,
    flow: bool,
    weight: usize,
    kind: FrameKind,
}

enum FrameKind {
    Seq {
        values: Vec<Value>,
        nodes: Vec<Node>,
    },
    Map {
        map: Mapping,
        entries: Vec<Entry>,
        key: Option<Done>,
    },
}

/// Reads `text`, which starts at byte `base` of its file.
pub fn build(text: &str, base: usize, limits: &Limits) -> Result<Tree, Problem> {
    Builder {
        parser: Parser::new(text),
        base,
        stack: Vec::new(),
        anchors: HashMap::new(),
        latest: HashMap::new(),
        defined: 0,
        spent: 0,
        budget: Limits::alias_budget(text.len()),
        limits,
    }
    .run()
}

struct Builder<'a> {
    parser: Parser<'a>,
    base: usize,
    stack: Vec<Frame>,
    anchors: HashMap<String, (Value, usize)>,
    /// The number of the latest definition of each anchor name. An alias
    /// names the anchor defined last *before* it in the text, as in
    /// serde_yaml: `&x [&x a]` then `*x` is `a`, not the list that ends
    /// later.
    latest: HashMap<String, u64>,
    defined: u64,
    /// Bytes and nodes copied for anchors and aliases so far.
    spent: usize,
    budget: usize,
    limits: &'a Limits,
}

impl Builder<'_> {
    fn run(mut self) -> Result<Tree, Problem> {
        let mut root: Option<Done> = None;
        let mut documents = 0;
        loop {
            let Located { event, span } = self.parser.next_event().map_err(|e| self.syntax(e))?;
            let span = self.base + span.start..self.base + span.end;
            let done = match event {
                Event::StreamStart | Event::DocumentEnd => continue,
                Event::StreamEnd => break,
                Event::DocumentStart => {
                    documents += 1;
                    if documents > 1 {
                        return Err(Problem::at(
                            span.start..span.start + 3,
                            "invalid YAML: deserializing from YAML containing more than one document is not supported",
                            "a second document starts here",
                        ));
                    }
                    continue;
                }
                Event::Alias { anchor } => {
                    let Some(weight) = self.anchors.get(&anchor).map(|(_, w)| *w) else {
                        return Err(Problem::at(span, "invalid YAML: unknown anchor", "here"));
                    };
                    // Counted before the copy is made: a refused expansion
                    // costs nothing.
                    self.spend(weight, &span)?;
                    Done {
                        value: self.anchors[&anchor].0.clone(),
                        node: Node {
                            span,
                            shape: Shape::Alias,
                        },
                        weight,
                    }
                }
                Event::Scalar {
                    anchor,
                    tag,
                    value,
                    style,
                } => {
                    let weight = value.len() + 1;
                    let value = scalar::resolve(&value, tag.as_deref(), style).map_err(|why| {
                        Problem::at(span.clone(), format!("invalid YAML: {why}"), "here")
                    })?;
                    let done = Done {
                        value,
                        node: Node {
                            span,
                            shape: Shape::Scalar,
                        },
                        weight,
                    };
                    let anchor = anchor.map(|name| self.define(name));
                    self.anchor(anchor, done)?
                }
                Event::SequenceStart { anchor, tag, flow } => {
                    self.open(span.start, anchor, tag, flow, true)?;
                    continue;
                }
                Event::MappingStart { anchor, tag, flow } => {
                    self.open(span.start, anchor, tag, flow, false)?;
                    continue;
                }
                Event::SequenceEnd | Event::MappingEnd => {
                    // libyaml balances collection events; an end without
                    // a start would be its bug, reported rather than a panic.
                    let Some(mut frame) = self.stack.pop() else {
                        return Err(unbalanced(span));
                    };
                    let anchor = frame.anchor.take();
                    let done = close(frame, span.end);
                    self.anchor(anchor, done)?
                }
            };
            let done = match self.stack.last_mut() {
                Some(_) => {
                    self.push(done)?;
                    continue;
                }
                None => done,
            };
            root = Some(done);
        }
        Ok(match root {
            Some(done) => Tree {
                value: done.value,
                root: done.node,
            },
            None => Tree {
                value: Value::Null,
                root: Node {
                    span: self.base..self.base,
                    shape: Shape::Scalar,
                },
            },
        })
    }

    fn syntax(&self, e: SyntaxError) -> Problem {
        let at = self.base + e.at;
        Problem {
            message: format!("invalid YAML: {}", e.problem),
            span: at..at + 1,
            label: "here",
            help: None,
            context: e.context.map(|c| (c, e.context_at)),
        }
    }

    fn open(
        &mut self,
        start: usize,
        anchor: Option<String>,
        tag: Option<String>,
        flow: bool,
        seq: bool,
    ) -> Result<(), Problem> {
        if self.stack.len() >= MAX_DEPTH {
            return Err(too_deep(self.limits, start));
        }
        let kind = if seq {
            FrameKind::Seq {
                values: Vec::new(),
                nodes: Vec::new(),
            }
        } else {
            FrameKind::Map {
                map: Mapping::new(),
                entries: Vec::new(),
                key: None,
            }
        };
        // Defined where it starts: until the collection ends, an alias to
        // it (from inside itself) is unknown, as it cannot be expanded.
        let anchor = anchor.map(|name| self.define(name));
        self.stack.push(Frame {
            start,
            anchor,
            tag,
            flow,
            weight: 1,
            kind,
        });
        Ok(())
    }

    /// Adds a finished node to the collection being read.
    fn push(&mut self, done: Done) -> Result<(), Problem> {
        let Some(frame) = self.stack.last_mut() else {
            return Err(unbalanced(done.node.span));
        };
        frame.weight = frame.weight.saturating_add(done.weight);
        match &mut frame.kind {
            FrameKind::Seq { values, nodes } => {
                values.push(done.value);
                nodes.push(done.node);
            }
            FrameKind::Map { map, entries, key } => match key.take() {
                None => *key = Some(done),
                Some(k) => {
                    if map.contains_key(&k.value) {
                        return Err(Problem::at(
                            k.node.span,
                            format!("invalid YAML: {}", duplicate(&k.value)),
                            "here",
                        ));
                    }
                    entries.push(Entry {
                        name: k.value.as_str().map(str::to_string),
                        key: k.node,
                        value: done.node,
                    });
                    map.insert(k.value, done.value);
                }
            },
        }
        Ok(())
    }

    /// Remembers an anchored node for later aliases; the copy counts
    /// against the budget like an expansion.
    fn anchor(&mut self, anchor: Option<(String, u64)>, done: Done) -> Result<Done, Problem> {
        if let Some((name, number)) = anchor
            && self.latest.get(&name) == Some(&number)
        {
            self.spend(done.weight, &done.node.span)?;
            self.anchors.insert(name, (done.value.clone(), done.weight));
        }
        Ok(done)
    }

    /// Starts a definition of anchor `name`, hiding any earlier one.
    fn define(&mut self, name: String) -> (String, u64) {
        self.defined += 1;
        self.anchors.remove(&name);
        self.latest.insert(name.clone(), self.defined);
        (name, self.defined)
    }

    fn spend(&mut self, weight: usize, span: &Range<usize>) -> Result<(), Problem> {
        self.spent = self.spent.saturating_add(weight);
        if self.spent > self.budget {
            return Err(Problem::at(
                span.clone(),
                format!(
                    "YAML aliases expand to more than {} bytes",
                    self.budget
                ),
                "this alias goes over the limit",
            )
            .help(format!(
                "aliases may add at most {} times the size of the YAML text (plus 64 KiB); write the value out once instead of repeating it",
                super::limits::ALIAS_FACTOR,
            )));
        }
        Ok(())
    }
}

fn close(frame: Frame, end: usize) -> Done {
    let span = frame.start..end.max(frame.start);
    let (value, shape) = match frame.kind {
        FrameKind::Seq { values, nodes } => (
            Value::Sequence(values),
            Shape::Seq {
                flow: frame.flow,
                items: nodes,
            },
        ),
        FrameKind::Map { map, entries, .. } => (
            Value::Mapping(map),
            Shape::Map {
                flow: frame.flow,
                entries,
            },
        ),
    };
    // serde_yaml turns a local tag on a collection into a tagged value and
    // ignores standard ones (`!!map`).
    let value = match frame.tag.as_deref().and_then(scalar::local_tag) {
        Some(name) => scalar::tagged(name, value),
        None => value,
    };
    Done {
        value,
        node: Node { span, shape },
        weight: frame.weight,
    }
}
