//! YAML with positions. serde_yaml's `Value` forgets where each key stood,
//! but every check done after parsing (unknown keys, bad dates, unknown
//! terms) has to point at a line and column. `YamlDoc` reads libyaml's
//! events once (tree.rs) into the `Value` serde_yaml would give and a tree
//! of byte ranges beside it, refusing hostile input on the way (limits.rs).
//! The plain YAML most front matter is made of is read without libyaml
//! (plain/), to the same `Value` and tree.

mod events;
mod limits;
mod plain;
mod problem;
mod scalar;
mod spans;
mod tree;

use std::ops::Range;
use std::path::Path;
use std::sync::Arc;

use serde::de::DeserializeOwned;
use serde_yaml::{Mapping, Value};

use crate::diagnostics::{Diagnostic, did_you_mean};
pub use limits::Limits;
pub(crate) use limits::MAX_DEPTH;
#[doc(hidden)]
pub use plain::compare_readers;
pub use tree::Node;
pub use tree::{Entry, Shape};

pub struct YamlDoc<'a> {
    pub file: &'a Path,
    pub source: &'a Arc<str>,
    /// Byte offset of the YAML text within `source`.
    offset: usize,
    pub map: Mapping,
    /// Where everything in `map` stands.
    pub root: Node,
}

impl<'a> YamlDoc<'a> {
    /// Parses the YAML at `range` of `source` (the whole file's text),
    /// within `limits`.
    pub fn parse(
        file: &'a Path,
        source: &'a Arc<str>,
        range: Range<usize>,
        limits: &Limits,
    ) -> Result<Self, Diagnostic> {
        let text = &source[range.clone()];
        let offset = range.start;
        let first_line = offset..offset + first_line_len(text);
        if text.len() > limits.max_bytes {
            return Err(Diagnostic::error(
                file,
                format!(
                    "{} is too large: {} bytes, more than the limit of {}",
                    limits.what,
                    text.len(),
                    human_bytes(limits.max_bytes)
                ),
            )
            .at(source, first_line)
            .label("starts here")
            .help(format!(
                "mekong reads at most {} of {}; keep large data in a file of its own",
                human_bytes(limits.max_bytes),
                limits.what
            )));
        }
        // Before libyaml sees the text: its scanner is quadratic in flow
        // depth, so 100,000 `[` must be refused without scanning them.
        let brackets = memchr::memchr2(b'[', b'{', text.as_bytes()).is_some();
        let too_deep = if brackets {
            limits::flow_too_deep(text, MAX_DEPTH)
        } else {
            None
        };
        let parsed = match too_deep {
            Some(at) => Err(problem::too_deep(limits, offset + at)),
            // Plain front matter is read without libyaml; anything else,
            // and every error, is libyaml's to read.
            None => match plain::build(text, offset) {
                Some(tree) => Ok(tree),
                None => tree::build(text, offset, limits),
            },
        };
        let tree = parsed.map_err(|problem| {
            let help = problem.help.or_else(|| {
                problem.context.map(|(context, at)| match at {
                    Some((line, column)) => {
                        let lines_before = source[..offset].matches('\n').count();
                        format!(
                            "{context} that starts at line {}, column {}",
                            line + 1 + lines_before,
                            column + 1
                        )
                    }
                    None => context,
                })
            });
            Diagnostic::error(file, problem.message)
                .at(source, spans::whole_chars(source, problem.span))
                .label(problem.label)
                .help_opt(help)
        })?;
        let map = match tree.value {
            Value::Mapping(map) => map,
            Value::Null => Mapping::new(),
            other => {
                return Err(Diagnostic::error(
                    file,
                    format!("expected `key: value` lines, found {}", kind_of(&other)),
                )
                .at(source, first_line)
                .label("not a mapping"));
            }
        };
        Ok(YamlDoc {
            file,
            source,
            offset,
            map,
            root: tree.root,
        })
    }

    pub(crate) fn error_at_value(&self, key: &str, message: impl Into<String>) -> Diagnostic {
        Diagnostic::error(self.file, message).at(self.source, self.value_span(key))
    }

    /// Every key not in `known`, with the nearest known key as a hint,
    /// each at its own key.
    pub fn unknown_keys(&self, known: &[&str], what: &str) -> Vec<Diagnostic> {
        let mut out = Vec::new();
        for (key, entry) in self.map.keys().zip(self.root.entries()) {
            let Value::String(name) = key else {
                out.push(
                    Diagnostic::error(
                        self.file,
                        format!("{what} keys must be text, found {}", kind_of(key)),
                    )
                    .at(self.source, entry.key.span.clone()),
                );
                continue;
            };
            if known.contains(&name.as_str()) {
                continue;
            }
            let hint = did_you_mean(name, known.iter().copied());
            out.push(
                Diagnostic::error(self.file, format!("unknown {what} key `{name}`"))
                    .at(self.source, entry.key.span.clone())
                    .label("not a known key")
                    .code("unknown key")
                    .subject(name.as_str())
                    .help(match hint {
                        Some(h) => format!("did you mean `{h}`?"),
                        None => format!("known keys: {}", known.join(", ")),
                    }),
            );
        }
        out
    }

    pub fn raw(&self, key: &str) -> Option<&Value> {
        lookup(&self.map, key)
    }

    /// The value of `key` converted to `T`; a wrong type is reported at the
    /// value with what was expected.
    pub fn get<T: DeserializeOwned>(
        &self,
        key: &str,
        expected: &str,
        errors: &mut Vec<Diagnostic>,
    ) -> Option<T> {
        let value = lookup(&self.map, key)?;
        if value.is_null() {
            return None;
        }
        match serde_yaml::from_value::<T>(value.clone()) {
            Ok(v) => Some(v),
            Err(_) => {
                let mut d = self
                    .error_at_value(
                        key,
                        format!("`{key}` must be {expected}, found {}", kind_of(value)),
                    )
                    .label(format!("expected {expected}"))
                    .code("wrong type")
                    .subject(key);
                if expected.contains("text") && matches!(value, Value::Number(_) | Value::Bool(_)) {
                    d = d.help(format!(
                        "put the value in quotes: {key}: \"{}\"",
                        scalar_text(value)
                    ));
                }
                errors.push(d);
                None
            }
        }
    }

    pub fn string(&self, key: &str, errors: &mut Vec<Diagnostic>) -> Option<String> {
        // Text is most values: taken as it is, not cloned into
        // serde_yaml's deserializer (which gives the same string).
        match lookup(&self.map, key) {
            Some(Value::String(text)) => Some(text.clone()),
            _ => self.get::<String>(key, "text", errors),
        }
    }

    /// A list of text items with where each stands; each wrong item is
    /// reported at its place.
    pub fn string_list(
        &self,
        key: &str,
        errors: &mut Vec<Diagnostic>,
    ) -> Vec<(String, Range<usize>)> {
        let Some(value) = lookup(&self.map, key) else {
            return Vec::new();
        };
        match value {
            Value::Null => Vec::new(),
            Value::Sequence(items) => {
                let nodes = self.node(key).map_or(&[][..], Node::items);
                let mut out = Vec::new();
                for (i, item) in items.iter().enumerate() {
                    // An aliased list has no item nodes: point at the alias.
                    let span = match nodes.get(i) {
                        Some(node) => self.first_line(node),
                        None => self.value_span(key),
                    };
                    match item {
                        Value::String(s) => out.push((s.clone(), span)),
                        Value::Number(_) | Value::Bool(_) => out.push((scalar_text(item), span)),
                        other => errors.push(
                            Diagnostic::error(
                                self.file,
                                format!(
                                    "every item of `{key}` must be text, found {}",
                                    kind_of(other)
                                ),
                            )
                            .at(self.source, span)
                            .label("expected text")
                            .code("wrong type")
                            .subject(key),
                        ),
                    }
                }
                out
            }
            Value::String(s) => {
                errors.push(
                    self.error_at_value(key, format!("`{key}` must be a list"))
                        .label("expected a list")
                        .code("wrong type")
                        .subject(key)
                        .help(format!("write `{key}: [{s}]`")),
                );
                Vec::new()
            }
            other => {
                errors.push(
                    self.error_at_value(
                        key,
                        format!("`{key}` must be a list of text, found {}", kind_of(other)),
                    )
                    .label("expected a list")
                    .code("wrong type")
                    .subject(key),
                );
                Vec::new()
            }
        }
    }
}

/// `map.get(key)`. A page's front matter is a handful of keys, looked up
/// about twenty times: comparing them is cheaper than SipHashing `key`
/// (as `Mapping::get` does) for each lookup. A mapping holds each key
/// once, so both find the same entry.
fn lookup<'m>(map: &'m Mapping, key: &str) -> Option<&'m Value> {
    const SCAN: usize = 16;
    if map.len() > SCAN {
        return map.get(key);
    }
    // Exactly the keys `get` matches: plain strings, not tagged ones.
    map.iter()
        .find(|(k, _)| matches!(k, Value::String(k) if k == key))
        .map(|(_, value)| value)
}

pub(crate) fn kind_of(value: &Value) -> &'static str {
    match value {
        Value::Null => "nothing",
        Value::Bool(_) => "a true/false value",
        Value::Number(_) => "a number",
        Value::String(_) => "text",
        Value::Sequence(_) => "a list",
        Value::Mapping(_) => "a mapping",
        Value::Tagged(_) => "a tagged value",
    }
}

fn scalar_text(value: &Value) -> String {
    match value {
        Value::Bool(b) => b.to_string(),
        Value::Number(n) => n.to_string(),
        Value::String(s) => s.clone(),
        _ => String::new(),
    }
}

fn first_line_len(text: &str) -> usize {
    text.find('\n').unwrap_or(text.len())
}

/// "1 MiB" rather than 1048576.
fn human_bytes(n: usize) -> String {
    const MIB: usize = 1024 * 1024;
    if n.is_multiple_of(MIB) {
        format!("{} MiB", n / MIB)
    } else {
        format!("{n} bytes")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostics::line_column;

    fn parse(text: &str) -> (Arc<str>, Result<(Mapping, Node), Diagnostic>) {
        let source: Arc<str> = Arc::from(text);
        let parsed = YamlDoc::parse(Path::new("a.md"), &source, 0..text.len(), &Limits::FILE)
            .map(|d| (d.map, d.root));
        (source, parsed)
    }

    /// Runs `check` on the document read from `text`.
    fn with_doc(text: &str, check: impl FnOnce(&YamlDoc, &Arc<str>)) {
        let source: Arc<str> = Arc::from(text);
        let yaml =
            YamlDoc::parse(Path::new("a.md"), &source, 0..text.len(), &Limits::FILE).unwrap();
        check(&yaml, &source);
    }

    fn error(text: &str) -> Diagnostic {
        parse(text).1.expect_err("an error")
    }

    /// The scan of a small mapping finds what `Mapping::get` finds: plain
    /// string keys only (not tagged, numeric or boolean ones), small and
    /// past the scan's size.
    #[test]
    fn lookup_finds_what_mapping_get_finds() {
        let mut keys: Vec<String> = ["title", "!t title", "1", "true", "tags", "x"]
            .map(String::from)
            .to_vec();
        for size in [keys.len(), 40] {
            let mut text = String::new();
            for i in keys.len()..size {
                keys.push(format!("k{i}"));
            }
            for (i, key) in keys.iter().enumerate() {
                text.push_str(&format!("{key}: {i}\n"));
            }
            let map: Mapping = serde_yaml::from_str(&text).unwrap();
            assert_eq!(map.len(), keys.len(), "{text}");
            for key in keys
                .iter()
                .map(String::as_str)
                .chain(["t", "1.0", "k7", "!t"])
            {
                assert_eq!(lookup(&map, key), map.get(key), "{key} in {text}");
            }
        }
    }

    #[test]
    fn finds_keys_values_and_items() {
        with_doc(
            "title: Hello\noperators:\n  - smart\n  - metfon\ndate: 2025-01-01\n",
            |yaml, source| {
                assert_eq!(line_column(source, yaml.key_span("date").start), (5, 1));
                assert_eq!(&source[yaml.value_span("date")], "2025-01-01");
                let items = yaml.string_list("operators", &mut Vec::new());
                assert_eq!(items[1].0, "metfon");
                assert_eq!(line_column(source, items[1].1.start), (4, 5));
                assert_eq!(&source[yaml.value_span("title")], "Hello");
                // A block list's value span is its key.
                assert_eq!(&source[yaml.value_span("operators")], "operators");
            },
        );
    }

    #[test]
    fn flow_lists_and_comments() {
        with_doc("operators: [smart, metfone] # two\n", |yaml, source| {
            let items = yaml.string_list("operators", &mut Vec::new());
            assert_eq!(line_column(source, items[1].1.start), (1, 20));
            assert_eq!(&source[yaml.value_span("operators")], "[smart, metfone]");
        });
    }

    #[test]
    fn a_hash_inside_quotes_is_not_a_comment() {
        with_doc("title: \"C# and F# #1\" # note\n", |yaml, source| {
            assert_eq!(&source[yaml.value_span("title")], "\"C# and F# #1\"");
            assert_eq!(yaml.map["title"], Value::String("C# and F# #1".into()));
        });
    }

    #[test]
    fn an_item_is_found_where_it_stands_not_where_its_word_first_appears() {
        // Old text search found `smart` inside the title first.
        with_doc(
            "title: smart guide\nops: [metfone, smart]\n",
            |yaml, source| {
                let items = yaml.string_list("ops", &mut Vec::new());
                assert_eq!(line_column(source, items[1].1.start), (2, 16));
            },
        );
    }

    #[test]
    fn nested_keys_each_have_their_own_place() {
        let text = "taxonomies:\n  - name: a\n    closd: true\n  - name: b\n    closd: true\n";
        with_doc(text, |yaml, source| {
            let items = yaml.node("taxonomies").unwrap().items();
            let lines: Vec<usize> = items
                .iter()
                .map(|i| line_column(source, i.entry("closd").unwrap().key.span.start).0)
                .collect();
            assert_eq!(lines, [3, 5]);
        });
    }

    #[test]
    fn values_are_what_serde_yaml_reads() {
        let text = "a: 1\nb: [x, 2.5, ~, true]\nc: {d: \"e\"}\nf: &x [1, 2]\ng: *x\nh: !t 3\ni: |\n  two\n  lines\n";
        let expected: Value = serde_yaml::from_str(text).unwrap();
        let (_, parsed) = parse(text);
        assert_eq!(Value::Mapping(parsed.unwrap().0), expected);
    }

    #[test]
    fn an_empty_document_is_an_empty_mapping() {
        for text in ["", "\n", "# only a comment\n"] {
            let (_, parsed) = parse(text);
            assert!(parsed.unwrap().0.is_empty(), "{text:?}");
        }
    }

    #[test]
    fn syntax_errors_point_into_the_file() {
        let text = "---\ntitle: [unclosed\n---\n";
        let source: Arc<str> = Arc::from(text);
        let err = YamlDoc::parse(Path::new("a.md"), &source, 4..20, &Limits::FRONT_MATTER)
            .err()
            .unwrap();
        assert!(err.message.starts_with("invalid YAML"));
        assert!(err.line_column().0 >= 2);
        assert_eq!(
            err.help.as_deref(),
            Some("while parsing a flow sequence that starts at line 2, column 8")
        );
    }

    #[test]
    fn a_control_character_is_reported_on_its_own_line() {
        let text = "---\ntitle: 注销\ndate: 2025-05-13\nnote: a\u{1b}b\n---\n";
        let source: Arc<str> = Arc::from(text);
        let err = YamlDoc::parse(
            Path::new("a.md"),
            &source,
            4..text.len() - 4,
            &Limits::FRONT_MATTER,
        )
        .err()
        .unwrap();
        assert_eq!(
            err.message,
            "invalid YAML: control characters are not allowed"
        );
        assert_eq!(err.line_column(), (4, 8));
    }

    #[test]
    fn an_error_at_a_multibyte_character_underlines_the_whole_character() {
        // libyaml stops at `注`, the first character that cannot follow.
        let text = "a: [b\n注: c\n";
        let err = error(text);
        let span = err.span.clone();
        assert!(text.is_char_boundary(span.start) && text.is_char_boundary(span.end));
        let _ = err.render(false);
    }

    #[test]
    fn duplicate_keys_are_refused_at_the_second() {
        let err = error("a: 1\nb: 2\na: 3\n");
        assert_eq!(err.message, "invalid YAML: duplicate entry with key \"a\"");
        assert_eq!(err.line_column(), (3, 1));
    }

    #[test]
    fn unknown_keys_suggest_the_nearest() {
        with_doc("titel: x\n", |yaml, _| {
            let errs = yaml.unknown_keys(&["title", "date"], "front matter");
            assert_eq!(errs.len(), 1);
            assert_eq!(errs[0].help.as_deref(), Some("did you mean `title`?"));
        });
    }

    #[test]
    fn too_large_is_refused_at_the_first_line() {
        let text = format!("a: {}\n", "x".repeat(Limits::FRONT_MATTER.max_bytes));
        let source: Arc<str> = Arc::from(text.as_str());
        let err = YamlDoc::parse(
            Path::new("a.md"),
            &source,
            0..text.len(),
            &Limits::FRONT_MATTER,
        )
        .err()
        .unwrap();
        assert!(
            err.message.starts_with("front matter is too large"),
            "{}",
            err.message
        );
        assert_eq!(err.line_column(), (1, 1));
    }

    #[test]
    fn deep_nesting_is_refused_at_the_level_past_the_limit() {
        // Flow: caught by the pre-scan.
        let err = error(&format!("a: 1\nb: {}\n", "[".repeat(100_000)));
        assert_eq!(err.message, "YAML file nests deeper than 64 levels");
        assert_eq!(err.line_column(), (2, 4 + MAX_DEPTH));
        // Block: caught while building.
        let err = error(&format!("a: 1\nb:\n  {}x\n", "- ".repeat(100_000)));
        assert_eq!(err.message, "YAML file nests deeper than 64 levels");
        // The root mapping is the first level, so the 64th `-` is one too many.
        assert_eq!(err.line_column(), (3, 3 + 2 * (MAX_DEPTH - 1)));
        // 64 levels are fine.
        let ok = format!("a: {}{}\n", "[".repeat(63), "]".repeat(63));
        assert!(parse(&ok).1.is_ok());
    }

    #[test]
    fn aliases_are_refused_past_the_budget() {
        let big = "x".repeat(100_000);
        let text = format!("a: &a {big}\nb: [{}]\n", vec!["*a"; 30_000].join(","));
        let err = error(&text);
        assert!(
            err.message.starts_with("YAML aliases expand to more than"),
            "{}",
            err.message
        );
        assert_eq!(err.line_column().0, 2);
        // Nested "billion laughs" is caught as well, long before it grows.
        let mut laughs = String::from("a: &a [x, x, x, x, x, x, x, x, x, x]\n");
        for (i, name) in ["b", "c", "d", "e", "f", "g", "h", "i", "j"]
            .iter()
            .enumerate()
        {
            let prev = ["a", "b", "c", "d", "e", "f", "g", "h", "i"][i];
            laughs.push_str(&format!(
                "{name}: &{name} [{}]\n",
                vec![format!("*{prev}"); 10].join(", ")
            ));
        }
        assert!(error(&laughs).message.starts_with("YAML aliases expand"));
        // Honest reuse is fine.
        assert!(parse("a: &a [1, 2]\nb: *a\nc: *a\n").1.is_ok());
    }

    #[test]
    fn an_alias_names_the_anchor_defined_last_before_it() {
        // Found by the yaml_events fuzz target: the inner `&x` starts later,
        // so it wins, though the outer list ends later.
        let text = "a: &x [1, &x inner]\nb: *x\n";
        let (_, parsed) = parse(text);
        let expected: Value = serde_yaml::from_str(text).unwrap();
        assert_eq!(Value::Mapping(parsed.unwrap().0), expected);
        // serde_yaml 0.9 gets this one wrong (3: its anchor ids collide on
        // a name's third definition); YAML says the latest before `*x`.
        let (_, parsed) = parse("a: &x 1\nb: &x 2\nc: *x\nd: &x 3\n");
        assert_eq!(parsed.unwrap().0["c"], Value::Number(2u64.into()));
        // An alias inside its own anchor cannot be expanded.
        assert_eq!(
            error("a: &x [1]\nb: &x [*x]\n").message,
            "invalid YAML: unknown anchor"
        );
    }

    #[test]
    fn unknown_anchors_and_second_documents_are_errors() {
        assert_eq!(error("a: *nope\n").message, "invalid YAML: unknown anchor");
        assert!(
            error("a: 1\n---\nb: 2\n")
                .message
                .contains("more than one document")
        );
    }
}
