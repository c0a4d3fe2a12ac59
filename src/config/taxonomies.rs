//! `taxonomies:` of site.yaml: each item a name (`- topics`) or a mapping
//! (`- name: operators` with `closed`, `feed`, `paginate`, `sort_by`).
//! Every wrong item is reported at its own place and left out; the others
//! still load, so one typo shows every error at once.

use std::ops::Range;

use serde::Serialize;
use serde_yaml::{Mapping, Value};

use super::SortBy;
use crate::diagnostics::{Diagnostic, did_you_mean};
use crate::yaml::{Entry, Node, YamlDoc, kind_of};

pub(crate) const TAXONOMY_KEYS: &[&str] = &["name", "closed", "feed", "paginate", "sort_by"];

#[derive(Debug, Clone, Serialize)]
pub struct TaxonomyConfig {
    pub name: String,
    pub closed: bool,
    pub feed: bool,
    pub paginate: usize,
    pub sort_by: SortBy,
}

pub(super) fn taxonomies(yaml: &YamlDoc, errors: &mut Vec<Diagnostic>) -> Vec<TaxonomyConfig> {
    let mut out: Vec<TaxonomyConfig> = Vec::new();
    let items = match yaml.raw("taxonomies") {
        None | Some(Value::Null) => return out,
        Some(Value::Sequence(items)) => items,
        Some(other) => {
            errors.push(
                yaml.error_at_value(
                    "taxonomies",
                    format!("`taxonomies` must be a list, found {}", kind_of(other)),
                )
                .help("write `taxonomies: [operators, topics]`"),
            );
            return out;
        }
    };
    // Places of the items, in order (none when the list is an alias: then
    // errors point at the alias).
    let places = yaml.node("taxonomies").map_or(&[][..], Node::items);
    let fallback = yaml.value_span("taxonomies");
    for (i, item) in items.iter().enumerate() {
        let place = places.get(i);
        let item_span = place.map_or(fallback.clone(), |node| yaml.first_line(node));
        // Where the name stands: the item itself, or its `name:` value.
        let name_span = place
            .and_then(|node| node.entry("name"))
            .map_or(item_span.clone(), |e: &Entry| yaml.value_or_key(e));
        let Some(taxonomy) = item_taxonomy(yaml, item, place, &item_span, errors) else {
            continue;
        };
        match name_problem(&taxonomy.name, &out) {
            Some(message) => {
                errors.push(Diagnostic::error(yaml.file, message).at(yaml.source, name_span))
            }
            None => out.push(taxonomy),
        }
    }
    out
}

/// One item of the list, as written; `None` when it is neither a name nor
/// a mapping.
fn item_taxonomy(
    yaml: &YamlDoc,
    item: &Value,
    place: Option<&Node>,
    item_span: &Range<usize>,
    errors: &mut Vec<Diagnostic>,
) -> Option<TaxonomyConfig> {
    let mut taxonomy = TaxonomyConfig {
        name: String::new(),
        closed: false,
        feed: false,
        paginate: 0,
        sort_by: SortBy::Date,
    };
    match item {
        Value::String(name) => taxonomy.name = name.clone(),
        Value::Mapping(map) => settings(yaml, map, place, item_span, &mut taxonomy, errors),
        other => {
            errors.push(
                Diagnostic::error(
                    yaml.file,
                    format!(
                        "a taxonomy must be a name or a mapping, found {}",
                        kind_of(other)
                    ),
                )
                .at(yaml.source, item_span.clone()),
            );
            return None;
        }
    }
    Some(taxonomy)
}

/// The keys of a taxonomy written as a mapping, each checked at its place.
fn settings(
    yaml: &YamlDoc,
    map: &Mapping,
    place: Option<&Node>,
    item_span: &Range<usize>,
    taxonomy: &mut TaxonomyConfig,
    errors: &mut Vec<Diagnostic>,
) {
    let entries = place.map_or(&[][..], Node::entries);
    for (j, (key, value)) in map.iter().enumerate() {
        let key = key.as_str().unwrap_or("");
        let entry = entries.get(j);
        let key_span = entry.map_or(item_span.clone(), |e| e.key.span.clone());
        let wrong = |what: &str| {
            Diagnostic::error(
                yaml.file,
                format!("taxonomy `{key}` must be {what}, found {}", kind_of(value)),
            )
            .at(
                yaml.source,
                entry.map_or(item_span.clone(), |e| yaml.value_or_key(e)),
            )
        };
        match key {
            "name" => match value.as_str() {
                Some(s) => taxonomy.name = s.to_string(),
                None => errors.push(wrong("text")),
            },
            "closed" | "feed" => match value.as_bool() {
                Some(b) if key == "closed" => taxonomy.closed = b,
                Some(b) => taxonomy.feed = b,
                None => errors.push(wrong("true or false")),
            },
            "paginate" => match value.as_u64() {
                Some(n) => taxonomy.paginate = n as usize,
                None => errors.push(wrong("a whole number")),
            },
            "sort_by" => match value.as_str().and_then(SortBy::parse) {
                Some(s) => taxonomy.sort_by = s,
                None => errors.push(
                    wrong("one of date, title, weight").help("sort_by: date | title | weight"),
                ),
            },
            _ => errors.push(
                Diagnostic::error(yaml.file, format!("unknown taxonomy key `{key}`"))
                    .at(yaml.source, key_span)
                    .help(match did_you_mean(key, TAXONOMY_KEYS.iter().copied()) {
                        Some(h) => format!("did you mean `{h}`?"),
                        None => format!("known keys: {}", TAXONOMY_KEYS.join(", ")),
                    }),
            ),
        }
    }
}

/// Why a taxonomy's name cannot be used, if it cannot: it names a folder
/// of the output, and two taxonomies cannot share one.
fn name_problem(name: &str, earlier: &[TaxonomyConfig]) -> Option<String> {
    if !crate::url::is_slug(name) {
        Some(format!(
            "taxonomy name `{name}` must be a slug (a-z, 0-9, -)"
        ))
    } else if earlier.iter().any(|t| t.name == name) {
        Some(format!("taxonomy `{name}` is listed twice"))
    } else {
        None
    }
}
