//! `mekong schema`: JSON Schemas (draft 2020-12) of site.yaml and of the
//! front matter of pages, sections and term profiles, for editors that
//! check YAML and complete keys while one types (docs/editors.md).
//!
//! The keys come from the lists the parsers check against
//! (`config::KNOWN_KEYS`, `content::front_matter::PAGE_KEYS`, …) and the
//! site's own taxonomies; `keys.rs` only says what each holds.

mod keys;
mod site_facts;

use std::path::Path;

use serde_json::{Map, Value, json};

use crate::config::{KNOWN_KEYS, LANGUAGE_KEYS, TAXONOMY_KEYS};
use crate::content::front_matter::{PAGE_KEYS, PROFILE_KEYS, SECTION_KEYS};
use crate::diagnostics::Diagnostic;
use site_facts::SiteFacts;

/// The `$schema` of every file written: JSON Schema draft 2020-12.
pub const DIALECT: &str = "https://json-schema.org/draft/2020-12/schema";

/// Keys a page's front matter must have, as `content::front_matter`
/// requires them (a unit test below holds the two together).
const PAGE_REQUIRED: &[&str] = &[];
/// Keys a term profile must have.
const PROFILE_REQUIRED: &[&str] = &["title"];
/// Keys site.yaml must have.
const SITE_REQUIRED: &[&str] = &["title"];

/// One schema file: its name and its JSON.
pub struct Schema {
    pub file: &'static str,
    pub json: Value,
}

/// The four schemas of the site at `root`.
pub fn schemas(root: &Path) -> Result<Vec<Schema>, Diagnostic> {
    let facts = site_facts::read(root)?;
    Ok(of_site(&facts))
}

fn of_site(facts: &SiteFacts) -> Vec<Schema> {
    let open = facts.keeps_unknown_keys;
    vec![
        Schema {
            file: "site.schema.json",
            json: site(),
        },
        Schema {
            file: "page.schema.json",
            json: page(facts, open),
        },
        Schema {
            file: "section.schema.json",
            json: document(
                "mekong section (_index.md) front matter",
                properties(SECTION_KEYS, |k| keys::front_matter(k, true)),
                &[],
                open,
            ),
        },
        Schema {
            file: "profile.schema.json",
            json: document(
                "mekong term profile (content/<taxonomy>/<term>.md) front matter",
                properties(PROFILE_KEYS, |k| keys::front_matter(k, false)),
                PROFILE_REQUIRED,
                false,
            ),
        },
    ]
}

fn site() -> Value {
    let mut props = properties(KNOWN_KEYS, keys::site);
    let language = closed(properties(LANGUAGE_KEYS, keys::language));
    if let Some(languages) = props.get_mut("languages") {
        languages["additionalProperties"] = language;
    }
    let mut taxonomy = closed(properties(TAXONOMY_KEYS, keys::taxonomy));
    taxonomy["required"] = json!(["name"]);
    if let Some(taxonomies) = props.get_mut("taxonomies") {
        taxonomies["items"] = json!({ "anyOf": [{ "type": "string" }, taxonomy] });
    }
    document("mekong site.yaml", props, SITE_REQUIRED, false)
}

fn page(facts: &SiteFacts, open: bool) -> Value {
    let mut props = properties(PAGE_KEYS, |k| keys::front_matter(k, false));
    for name in &facts.taxonomies {
        props
            .entry(name.clone())
            .or_insert_with(|| keys::terms(name));
    }
    document("mekong page front matter", props, PAGE_REQUIRED, open)
}

/// Each of `keys` with what `table` says it holds; a key the table does
/// not know may hold anything (the unit tests make sure there is none).
fn properties(keys: &[&str], table: impl Fn(&str) -> Option<Value>) -> Map<String, Value> {
    keys.iter()
        .map(|key| (key.to_string(), table(key).unwrap_or_else(|| json!({}))))
        .collect()
}

/// An object of exactly these properties.
fn closed(props: Map<String, Value>) -> Value {
    json!({ "type": "object", "properties": props, "additionalProperties": false })
}

fn document(title: &str, props: Map<String, Value>, required: &[&str], open: bool) -> Value {
    json!({
        "$schema": DIALECT,
        "title": title,
        "type": "object",
        "properties": props,
        "required": required,
        "additionalProperties": open,
    })
}

#[cfg(test)]
mod tests;
