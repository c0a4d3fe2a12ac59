//! `facts:` in a term profile's front matter (and in the home page's
//! `content/_index.md`, for facts of no operator): each key names one fact
//! a reader acts on (a code to dial, a hotline), with its status, the page
//! that states it and the day it was last checked.
//!
//! ```yaml
//! facts:
//!   balance: { value: "*888#", status: confirmed, source: https://…, checked: 2026-11-20, label: Check balance }
//! ```
//!
//! The default language's file holds what makes a fact trustworthy
//! (`status`, `source`, `checked`); a translation may only reword it
//! (`value`, `label`).

use std::ops::Range;

use jiff::civil::Date;
use serde_yaml::Value;

use crate::diagnostics::{Diagnostic, did_you_mean};
use crate::yaml::{Entry, YamlDoc, kind_of};

/// The fields a fact may have.
pub const FACT_FIELDS: &[&str] = &["value", "status", "source", "checked", "label"];
/// The fields only the default language's file may set.
const TRUST_FIELDS: &[&str] = &["status", "source", "checked"];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    Confirmed,
    Unconfirmed,
}

impl Status {
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Confirmed => "confirmed",
            Status::Unconfirmed => "unconfirmed",
        }
    }
}

/// One fact as written.
#[derive(Debug, Clone)]
pub struct Fact {
    pub key: String,
    /// `None` in a translation that rewords only the label.
    pub value: Option<String>,
    pub label: Option<String>,
    /// `None` in a translation (the default language's holds it).
    pub status: Option<Status>,
    pub source: Option<String>,
    pub checked: Option<Date>,
    /// Where the fact's key stands in the file.
    pub key_span: Range<usize>,
    /// Where its `checked:` value stands (the key's span without one).
    pub checked_span: Range<usize>,
}

/// The facts under `facts:`, each field checked; `translation` when the
/// file is not in the default language.
pub fn parse(yaml: &YamlDoc, translation: bool, errors: &mut Vec<Diagnostic>) -> Vec<Fact> {
    let (Some(raw), Some(entry)) = (yaml.raw("facts"), yaml.root.entry("facts")) else {
        return Vec::new();
    };
    let Value::Mapping(map) = raw else {
        errors.push(
            yaml.error_at_value("facts", format!("`facts` must be a mapping, found {}", kind_of(raw)))
                .label("expected `key: { value: …, status: … }` entries")
                .help("write `facts:` then one indented line per fact: `balance: { value: \"*888#\", status: unconfirmed }`"),
        );
        return Vec::new();
    };
    let mut out = Vec::new();
    for ((key, value), node) in map.iter().zip(entry.value.entries()) {
        let Some(key) = key.as_str().filter(|k| is_key(k)) else {
            errors.push(
                err(
                    yaml,
                    node.key.span.clone(),
                    "a fact's key must be lowercase letters, digits and `_`",
                )
                .label("not a fact key")
                .help("name it like `balance` or `top_up_other`: guides call it by this name"),
            );
            continue;
        };
        if let Some(fact) = one(yaml, key, value, node, translation, errors) {
            out.push(fact);
        }
    }
    out
}

fn is_key(key: &str) -> bool {
    !key.is_empty()
        && key
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
}

fn err(yaml: &YamlDoc, span: Range<usize>, message: impl Into<String>) -> Diagnostic {
    Diagnostic::error(yaml.file, message).at(yaml.source, span)
}

/// One fact's place in the file, for its errors.
struct At<'y, 'a> {
    yaml: &'y YamlDoc<'a>,
    key: &'y str,
    node: &'y Entry,
}

impl At<'_, '_> {
    /// Where `field`'s value stands, else the fact's key.
    fn span(&self, field: &str) -> Range<usize> {
        self.node
            .value
            .entry(field)
            .map_or(self.node.key.span.clone(), |e| e.value.span.clone())
    }

    fn err(&self, field: &str, message: String) -> Diagnostic {
        err(self.yaml, self.span(field), message)
    }

    /// A text field; a number reads as its digits.
    fn text(
        &self,
        fields: &serde_yaml::Mapping,
        field: &str,
        errors: &mut Vec<Diagnostic>,
    ) -> Option<String> {
        match fields.get(field) {
            None | Some(Value::Null) => None,
            Some(Value::String(s)) => Some(s.clone()),
            Some(Value::Number(n)) => Some(n.to_string()),
            Some(other) => {
                let key = self.key;
                errors.push(
                    self.err(
                        field,
                        format!(
                            "`{field}` of fact `{key}` must be text, found {}",
                            kind_of(other)
                        ),
                    )
                    .label("expected text"),
                );
                None
            }
        }
    }

    fn status(&self, raw: Option<&str>, errors: &mut Vec<Diagnostic>) -> Option<Status> {
        let key = self.key;
        match raw {
            Some("confirmed") => Some(Status::Confirmed),
            Some("unconfirmed") => Some(Status::Unconfirmed),
            Some(other) => {
                errors.push(
                    self.err(
                        "status",
                        format!("unknown status `{other}` of fact `{key}`"),
                    )
                    .label("expected confirmed or unconfirmed")
                    .help_opt(
                        did_you_mean(other, ["confirmed", "unconfirmed"])
                            .map(|h| format!("did you mean `{h}`?")),
                    ),
                );
                None
            }
            None => {
                errors.push(
                    err(
                        self.yaml,
                        self.node.key.span.clone(),
                        format!("fact `{key}` has no `status`"),
                    )
                    .label("add `status: confirmed` or `status: unconfirmed`")
                    .help("a fact nobody has checked against its source is `unconfirmed`"),
                );
                None
            }
        }
    }

    fn source(&self, source: &Option<String>, errors: &mut Vec<Diagnostic>) {
        if let Some(source) = source
            && !(source.starts_with("https://") || source.starts_with("http://"))
        {
            let key = self.key;
            errors.push(
                self.err(
                    "source",
                    format!("the source of fact `{key}` is not a web address"),
                )
                .label("expected https://…")
                .help("give the address of the page that states the fact"),
            );
        }
    }

    fn checked(&self, raw: Option<String>, errors: &mut Vec<Diagnostic>) -> Option<Date> {
        let key = self.key;
        raw.and_then(|raw| match crate::dates::parse_date(&raw) {
            Ok(date) => Some(date),
            Err(why) => {
                errors.push(
                    self.err(
                        "checked",
                        format!("bad `checked` date of fact `{key}`: {why}"),
                    )
                    .label("not a date")
                    .code("bad date"),
                );
                None
            }
        })
    }
}

fn one(
    yaml: &YamlDoc,
    key: &str,
    value: &Value,
    node: &Entry,
    translation: bool,
    errors: &mut Vec<Diagnostic>,
) -> Option<Fact> {
    let Value::Mapping(fields) = value else {
        errors.push(
            err(
                yaml,
                node.value.span.clone(),
                format!("fact `{key}` must be a mapping, found {}", kind_of(value)),
            )
            .label("expected `{ value: …, status: … }`")
            .help(format!(
                "write `{key}: {{ value: \"…\", status: unconfirmed }}`"
            )),
        );
        return None;
    };
    let at = At { yaml, key, node };
    unknown_fields(yaml, key, fields, node, translation, errors);
    let fact_value = at.text(fields, "value", errors);
    let label = at.text(fields, "label", errors);
    let source = at.text(fields, "source", errors);
    let status = at.text(fields, "status", errors);
    let checked = at.text(fields, "checked", errors);
    if fields.get("value").is_none() && !translation {
        errors.push(
            err(
                yaml,
                node.key.span.clone(),
                format!("fact `{key}` has no `value`"),
            )
            .label("add `value: …`")
            .code("missing field")
            .subject("value"),
        );
    }
    let status = if translation {
        None
    } else {
        at.status(status.as_deref(), errors)
    };
    at.source(&source, errors);
    let checked = at.checked(checked, errors);
    if status == Some(Status::Confirmed) {
        let no_date = fields.get("checked").is_none();
        confirmed_needs(yaml, key, node, source.is_none(), no_date, errors);
    }
    // A fact with a mistake is kept (its errors stop the build anyway), so
    // that the calls of it are not reported as unknown on top.
    (fact_value.is_some() || translation).then(|| Fact {
        key: key.to_string(),
        value: fact_value,
        label,
        status,
        source,
        checked,
        key_span: node.key.span.clone(),
        checked_span: at.span("checked"),
    })
}

fn unknown_fields(
    yaml: &YamlDoc,
    key: &str,
    fields: &serde_yaml::Mapping,
    node: &Entry,
    translation: bool,
    errors: &mut Vec<Diagnostic>,
) {
    for (name, entry) in fields.keys().zip(node.value.entries()) {
        let name = name.as_str().unwrap_or("");
        if !FACT_FIELDS.contains(&name) {
            errors.push(
                err(
                    yaml,
                    entry.key.span.clone(),
                    format!("unknown field `{name}` in fact `{key}`"),
                )
                .label("not a fact field")
                .help_opt(match did_you_mean(name, FACT_FIELDS.iter().copied()) {
                    Some(h) => Some(format!("did you mean `{h}`?")),
                    None => Some(format!("a fact has {}", FACT_FIELDS.join(", "))),
                }),
            );
        } else if translation && TRUST_FIELDS.contains(&name) {
            errors.push(
                err(
                    yaml,
                    entry.key.span.clone(),
                    format!("`{name}` of fact `{key}` set in a translation"),
                )
                .label("only `value` and `label` may be translated")
                .help("set status, source and checked once, in the default language's file"),
            );
        }
    }
}

/// A confirmed fact says where and when: without a source a reader
/// cannot check it, without a date nobody knows when to check it again.
fn confirmed_needs(
    yaml: &YamlDoc,
    key: &str,
    node: &Entry,
    no_source: bool,
    no_date: bool,
    errors: &mut Vec<Diagnostic>,
) {
    let status = node
        .value
        .entry("status")
        .map_or(node.key.span.clone(), |e| e.value.span.clone());
    if no_source {
        errors.push(
            err(yaml, status.clone(), format!("confirmed fact `{key}` has no source"))
                .label("confirmed by what?")
                .help("add `source: https://…` (the page that states it), or mark it `status: unconfirmed`")
                .code("fact without source"),
        );
    }
    if no_date {
        errors.push(
            err(
                yaml,
                status,
                format!("confirmed fact `{key}` has no `checked` date"),
            )
            .label("confirmed when?")
            .help("add `checked: YYYY-MM-DD`, the day you compared it with its source"),
        );
    }
}

#[cfg(test)]
mod tests {
    use std::path::Path;
    use std::sync::Arc;

    use super::*;
    use crate::yaml::Limits;

    fn parse_text(yaml: &str, translation: bool) -> (Vec<Fact>, Vec<String>) {
        let source: Arc<str> = Arc::from(yaml);
        let doc = YamlDoc::parse(
            Path::new("p.md"),
            &source,
            0..yaml.len(),
            &Limits::FRONT_MATTER,
        )
        .expect("yaml");
        let mut errors = Vec::new();
        let facts = parse(&doc, translation, &mut errors);
        (facts, errors.into_iter().map(|e| e.message).collect())
    }

    #[test]
    fn reads_a_confirmed_and_an_unconfirmed_fact() {
        let (facts, errors) = parse_text(
            "facts:\n  balance: { value: \"*888#\", status: confirmed, source: https://x.test/, checked: 2026-11-20 }\n  hotline: { value: 888, status: unconfirmed, label: Hotline }\n",
            false,
        );
        assert!(errors.is_empty(), "{errors:?}");
        assert_eq!(facts.len(), 2);
        assert_eq!(facts[0].status, Some(Status::Confirmed));
        assert_eq!(facts[1].value.as_deref(), Some("888"));
        assert_eq!(facts[1].label.as_deref(), Some("Hotline"));
    }

    #[test]
    fn refuses_bad_status_date_and_a_confirmed_fact_without_source() {
        let (facts, errors) = parse_text(
            "facts:\n  a: { value: x, status: confimed }\n  b: { value: x, status: unconfirmed, checked: 2026-13-01 }\n  c: { value: x, status: confirmed }\n  d: { value: x, status: unconfirmed, colour: red }\n",
            false,
        );
        assert_eq!(facts.len(), 4, "kept, for their calls");
        assert_eq!(errors.len(), 5, "{errors:?}");
        assert!(errors[0].contains("unknown status `confimed`"));
        assert!(errors[1].contains("bad `checked` date"));
        assert!(errors[2].contains("confirmed fact `c` has no source"));
        assert!(errors[4].contains("unknown field `colour`"));
    }

    #[test]
    fn a_translation_rewords_but_does_not_confirm() {
        let (facts, errors) = parse_text(
            "facts:\n  a: { value: x, label: y }\n  b: { label: z }\n",
            true,
        );
        assert!(errors.is_empty() && facts[0].status.is_none(), "{errors:?}");
        assert!(facts[1].value.is_none());
        let (_, errors) = parse_text("facts:\n  a: { value: x, status: confirmed }\n", true);
        assert!(errors[0].contains("set in a translation"));
    }
}
