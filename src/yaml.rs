//! YAML with positions. serde_yaml reports where syntax and type errors are,
//! but a parsed `Value` forgets where each key stood; every check done after
//! parsing (unknown keys, bad dates, unknown terms) still has to point at a
//! line and column. `YamlDoc` keeps the text beside the mapping and finds
//! top-level keys, their values and list items in it.

use std::collections::HashMap;
use std::ops::Range;
use std::path::Path;
use std::sync::Arc;

use serde::de::DeserializeOwned;
use serde_yaml::{Mapping, Value};

use crate::diagnostics::{Diagnostic, did_you_mean};

pub struct YamlDoc<'a> {
    pub file: &'a Path,
    pub source: &'a Arc<str>,
    /// Byte offset of the YAML text within `source`.
    offset: usize,
    text: &'a str,
    pub map: Mapping,
    keys: Vec<KeyLine>,
}

#[derive(Debug, Clone)]
struct KeyLine {
    name: String,
    /// Byte range of the key text, relative to the YAML text.
    key: Range<usize>,
    /// Byte range from the first character of the value to the start of the
    /// next top-level key: where the value and its nested lines live.
    region: Range<usize>,
}

impl<'a> YamlDoc<'a> {
    /// Parses the YAML at `range` of `source` (the whole file's text).
    pub fn parse(
        file: &'a Path,
        source: &'a Arc<str>,
        range: Range<usize>,
    ) -> Result<Self, Diagnostic> {
        let text = &source[range.clone()];
        let offset = range.start;
        let value: Value = match serde_yaml::from_str(text) {
            Ok(value) => value,
            Err(err) => {
                let at = err.location().map_or(0, |l| l.index()).min(text.len());
                let message = err.to_string();
                // serde_yaml appends " at line X column Y"; the position is
                // shown by the report itself, counted from the top of the file.
                // A ", while parsing a flow sequence at line L column C" tail
                // says where the unclosed thing began: keep it as help, with
                // L counted from the top of the file too.
                let (problem, context) = match message.split_once(", while ") {
                    Some((problem, context)) => (problem, Some(context)),
                    None => (message.as_str(), None),
                };
                let problem = problem.split(" at line ").next().unwrap_or(problem);
                let lines_before = source[..offset].matches('\n').count();
                let help = context.map(|context| context_help(context, lines_before));
                return Err(Diagnostic::error(file, format!("invalid YAML: {problem}"))
                    .at(source, offset + at..offset + at + 1)
                    .label("here")
                    .help_opt(help));
            }
        };
        let map = match value {
            Value::Mapping(map) => map,
            Value::Null => Mapping::new(),
            other => {
                return Err(Diagnostic::error(
                    file,
                    format!("expected `key: value` lines, found {}", kind_of(&other)),
                )
                .at(
                    source,
                    offset..offset + text.len().min(first_line_len(text)),
                )
                .label("not a mapping"));
            }
        };
        Ok(YamlDoc {
            file,
            source,
            offset,
            text,
            map,
            keys: scan_keys(text),
        })
    }

    fn key_line(&self, key: &str) -> Option<&KeyLine> {
        self.keys.iter().find(|k| k.name == key)
    }

    /// Span of the key itself, in file coordinates.
    pub fn key_span(&self, key: &str) -> Range<usize> {
        match self.key_line(key) {
            Some(k) => self.offset + k.key.start..self.offset + k.key.end,
            None => self.offset..self.offset,
        }
    }

    /// Span of the value on the key's line (or the key when the value is on
    /// the following lines).
    pub fn value_span(&self, key: &str) -> Range<usize> {
        let Some(k) = self.key_line(key) else {
            return self.key_span(key);
        };
        let region = &self.text[k.region.clone()];
        let first = region.lines().next().unwrap_or("");
        let trimmed = strip_comment(first).trim_end();
        if trimmed.is_empty() {
            return self.key_span(key);
        }
        self.offset + k.region.start..self.offset + k.region.start + trimmed.len()
    }

    /// Span of `item` (a scalar inside the key's value, e.g. a list entry).
    pub fn item_span(&self, key: &str, item: &str) -> Range<usize> {
        let Some(k) = self.key_line(key) else {
            return self.key_span(key);
        };
        let region = &self.text[k.region.clone()];
        match find_word(region, item) {
            Some(at) => {
                let start = self.offset + k.region.start + at;
                start..start + item.len()
            }
            None => self.value_span(key),
        }
    }

    pub fn error_at_key(&self, key: &str, message: impl Into<String>) -> Diagnostic {
        Diagnostic::error(self.file, message).at(self.source, self.key_span(key))
    }

    pub fn error_at_value(&self, key: &str, message: impl Into<String>) -> Diagnostic {
        Diagnostic::error(self.file, message).at(self.source, self.value_span(key))
    }

    /// Every key not in `known`, with the nearest known key as a hint.
    pub fn unknown_keys(&self, known: &[&str], what: &str) -> Vec<Diagnostic> {
        // Each key's line, looked up by name: a front matter of 100,000
        // unknown keys searched the list once per key (50 s for 20,000).
        let mut lines: HashMap<&str, &KeyLine> = HashMap::with_capacity(self.keys.len());
        for k in &self.keys {
            lines.entry(k.name.as_str()).or_insert(k);
        }
        let key_span = |key: &str| match lines.get(key) {
            Some(k) => self.offset + k.key.start..self.offset + k.key.end,
            None => self.offset..self.offset,
        };
        let mut out = Vec::new();
        for key in self.map.keys() {
            let name = match key {
                Value::String(s) => s.clone(),
                other => {
                    out.push(
                        Diagnostic::error(
                            self.file,
                            format!("{what} keys must be text, found {}", kind_of(other)),
                        )
                        .at(self.source, self.offset..self.offset),
                    );
                    continue;
                }
            };
            if known.contains(&name.as_str()) {
                continue;
            }
            let hint = did_you_mean(&name, known.iter().copied());
            out.push(
                Diagnostic::error(self.file, format!("unknown {what} key `{name}`"))
                    .at(self.source, key_span(&name))
                    .label("not a known key")
                    .help(match hint {
                        Some(h) => format!("did you mean `{h}`?"),
                        None => format!("known keys: {}", known.join(", ")),
                    }),
            );
        }
        out
    }

    pub fn raw(&self, key: &str) -> Option<&Value> {
        self.map.get(key)
    }

    /// The value of `key` converted to `T`; a wrong type is reported at the
    /// value with what was expected.
    pub fn get<T: DeserializeOwned>(
        &self,
        key: &str,
        expected: &str,
        errors: &mut Vec<Diagnostic>,
    ) -> Option<T> {
        let value = self.map.get(key)?;
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
                    .label(format!("expected {expected}"));
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
        self.get::<String>(key, "text", errors)
    }

    /// A list of text items, each wrong item reported where it stands.
    pub fn string_list(&self, key: &str, errors: &mut Vec<Diagnostic>) -> Vec<String> {
        let Some(value) = self.map.get(key) else {
            return Vec::new();
        };
        match value {
            Value::Null => Vec::new(),
            Value::Sequence(items) => {
                let mut out = Vec::new();
                for item in items {
                    match item {
                        Value::String(s) => out.push(s.clone()),
                        Value::Number(_) | Value::Bool(_) => out.push(scalar_text(item)),
                        other => {
                            let shown = serde_yaml::to_string(other).unwrap_or_default();
                            let first = shown
                                .lines()
                                .next()
                                .unwrap_or("")
                                .trim_start_matches("- ")
                                .to_string();
                            errors.push(
                                Diagnostic::error(
                                    self.file,
                                    format!(
                                        "every item of `{key}` must be text, found {}",
                                        kind_of(other)
                                    ),
                                )
                                .at(self.source, self.item_span(key, first.trim()))
                                .label("expected text"),
                            );
                        }
                    }
                }
                out
            }
            Value::String(s) => {
                errors.push(
                    self.error_at_value(key, format!("`{key}` must be a list"))
                        .label("expected a list")
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
                    .label("expected a list"),
                );
                Vec::new()
            }
        }
    }
}

pub fn kind_of(value: &Value) -> &'static str {
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

fn strip_comment(line: &str) -> &str {
    match line.find(" #") {
        Some(i) => &line[..i],
        None if line.starts_with('#') => "",
        None => line,
    }
}

/// Top-level `key:` lines (no indentation) of a block mapping.
fn scan_keys(text: &str) -> Vec<KeyLine> {
    let mut keys: Vec<KeyLine> = Vec::new();
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let start = offset;
        offset += line.len();
        let first = line.chars().next().unwrap_or(' ');
        if first.is_whitespace() || matches!(first, '#' | '-' | '{' | '[' | '}' | ']') {
            continue;
        }
        let Some(colon) = key_colon(line) else {
            continue;
        };
        let raw = line[..colon].trim_end();
        let name = raw.trim_matches(|c| c == '"' || c == '\'').to_string();
        let mut value_start = colon + 1;
        value_start +=
            line[value_start..].len() - line[value_start..].trim_start_matches([' ', '\t']).len();
        if let Some(last) = keys.last_mut() {
            last.region.end = start;
        }
        keys.push(KeyLine {
            name,
            key: start..start + raw.len(),
            region: start + value_start..text.len(),
        });
    }
    keys
}

/// The colon that ends a plain or quoted key: followed by a space or the end
/// of the line.
fn key_colon(line: &str) -> Option<usize> {
    let bytes = line.as_bytes();
    let mut quote = None;
    for (i, &b) in bytes.iter().enumerate() {
        match (quote, b) {
            (None, b'"') | (None, b'\'') if i == 0 => quote = Some(b),
            (Some(q), c) if c == q => quote = None,
            (None, b':') => {
                let next = bytes.get(i + 1).copied();
                if matches!(
                    next,
                    None | Some(b' ') | Some(b'\t') | Some(b'\n') | Some(b'\r')
                ) {
                    return Some(i);
                }
            }
            _ => {}
        }
    }
    None
}

/// First occurrence of `word` in `text` not inside a longer word.
fn find_word(text: &str, word: &str) -> Option<usize> {
    if word.is_empty() {
        return None;
    }
    let is_word = |c: char| c.is_alphanumeric() || c == '_' || c == '-';
    let mut from = 0;
    while let Some(found) = text[from..].find(word) {
        let at = from + found;
        let before = text[..at].chars().next_back();
        let after = text[at + word.len()..].chars().next();
        if !before.is_some_and(is_word) && !after.is_some_and(is_word) {
            return Some(at);
        }
        from = at + word.len();
    }
    None
}

/// serde_yaml's "parsing a flow sequence at line 3 column 12" (lines of
/// the YAML text) → "while parsing a flow sequence that starts at line 4,
/// column 12" (lines of the file, `lines_before` the YAML text).
fn context_help(context: &str, lines_before: usize) -> String {
    let located = context.split_once(" at line ").and_then(|(what, at)| {
        let (line, column) = at.split_once(" column ")?;
        let line = line.parse::<usize>().ok()? + lines_before;
        Some(format!(
            "while {what} that starts at line {line}, column {column}"
        ))
    });
    located.unwrap_or_else(|| format!("while {context}"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostics::line_column;

    fn doc(text: &str) -> (Arc<str>, usize) {
        (Arc::from(text), text.len())
    }

    #[test]
    fn finds_keys_values_and_items() {
        let (source, len) =
            doc("title: Hello\noperators:\n  - smart\n  - metfon\ndate: 2025-01-01\n");
        let path = Path::new("a.md");
        let yaml = YamlDoc::parse(path, &source, 0..len).unwrap();
        assert_eq!(line_column(&source, yaml.key_span("date").start), (5, 1));
        assert_eq!(&source[yaml.value_span("date")], "2025-01-01");
        assert_eq!(
            line_column(&source, yaml.item_span("operators", "metfon").start),
            (4, 5)
        );
        assert_eq!(&source[yaml.value_span("title")], "Hello");
    }

    #[test]
    fn flow_lists_and_comments() {
        let (source, len) = doc("operators: [smart, metfone] # two\n");
        let yaml = YamlDoc::parse(Path::new("a.md"), &source, 0..len).unwrap();
        assert_eq!(
            line_column(&source, yaml.item_span("operators", "metfone").start),
            (1, 20)
        );
        assert_eq!(&source[yaml.value_span("operators")], "[smart, metfone]");
    }

    #[test]
    fn syntax_errors_point_into_the_file() {
        let text = "---\ntitle: [unclosed\n---\n";
        let source: Arc<str> = Arc::from(text);
        let err = YamlDoc::parse(Path::new("a.md"), &source, 4..20)
            .err()
            .unwrap();
        assert!(err.message.starts_with("invalid YAML"));
        assert!(err.line_column().0 >= 2);
    }

    #[test]
    fn unknown_keys_suggest_the_nearest() {
        let (source, len) = doc("titel: x\n");
        let yaml = YamlDoc::parse(Path::new("a.md"), &source, 0..len).unwrap();
        let errs = yaml.unknown_keys(&["title", "date"], "front matter");
        assert_eq!(errs.len(), 1);
        assert_eq!(errs[0].help.as_deref(), Some("did you mean `title`?"));
    }
}
