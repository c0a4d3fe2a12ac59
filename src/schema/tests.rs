use std::path::PathBuf;
use std::sync::Arc;

use super::*;
use crate::config::{Config, SortBy};
use crate::content::front_matter;
use crate::content::raw::{FileKind, SourceFile};

fn facts(taxonomies: &[&str], keeps_unknown_keys: bool) -> SiteFacts {
    SiteFacts {
        taxonomies: taxonomies.iter().map(|t| t.to_string()).collect(),
        keeps_unknown_keys,
    }
}

fn by_name(facts: &SiteFacts) -> Map<String, Value> {
    of_site(facts)
        .into_iter()
        .map(|s| (s.file.to_string(), s.json))
        .collect()
}

fn property_names(schema: &Value) -> Vec<String> {
    let mut names: Vec<String> = schema["properties"]
        .as_object()
        .expect("properties")
        .keys()
        .cloned()
        .collect();
    names.sort();
    names
}

fn sorted(keys: &[&str]) -> Vec<String> {
    let mut keys: Vec<String> = keys.iter().map(|k| k.to_string()).collect();
    keys.sort();
    keys
}

#[test]
fn every_known_key_is_described_in_the_schema() {
    let site_keys = [
        (
            KNOWN_KEYS,
            "site.yaml",
            &keys::site as &dyn Fn(&str) -> Option<Value>,
        ),
        (LANGUAGE_KEYS, "a language", &keys::language),
        (TAXONOMY_KEYS, "a taxonomy", &keys::taxonomy),
        (PAGE_KEYS, "a page", &|k| keys::front_matter(k, false)),
        (SECTION_KEYS, "a section", &|k| keys::front_matter(k, true)),
        (PROFILE_KEYS, "a profile", &|k| keys::front_matter(k, false)),
    ];
    for (list, what, table) in site_keys {
        for key in list {
            let described = table(key);
            assert!(
                described
                    .as_ref()
                    .is_some_and(|v| v["description"].is_string()),
                "{what}'s key `{key}` has no entry in schema/keys.rs"
            );
        }
    }
    let schemas = by_name(&facts(&[], false));
    let site = &schemas["site.schema.json"];
    assert_eq!(property_names(site), sorted(KNOWN_KEYS));
    let language = &site["properties"]["languages"]["additionalProperties"];
    assert_eq!(property_names(language), sorted(LANGUAGE_KEYS));
    let taxonomy = &site["properties"]["taxonomies"]["items"]["anyOf"][1];
    assert_eq!(property_names(taxonomy), sorted(TAXONOMY_KEYS));
    assert_eq!(
        property_names(&schemas["page.schema.json"]),
        sorted(PAGE_KEYS)
    );
    assert_eq!(
        property_names(&schemas["section.schema.json"]),
        sorted(SECTION_KEYS)
    );
    assert_eq!(
        property_names(&schemas["profile.schema.json"]),
        sorted(PROFILE_KEYS)
    );
}

#[test]
fn taxonomies_are_page_keys_and_unknown_keys_opens_pages_and_sections() {
    let schemas = by_name(&facts(&["operators", "topics"], false));
    let page = &schemas["page.schema.json"];
    assert_eq!(page["$schema"], DIALECT);
    assert_eq!(page["properties"]["topics"]["type"], "array");
    assert_eq!(page["properties"]["topics"]["items"]["type"], "string");
    assert_eq!(page["additionalProperties"], false);
    let open = by_name(&facts(&[], true));
    assert_eq!(open["page.schema.json"]["additionalProperties"], true);
    assert_eq!(open["section.schema.json"]["additionalProperties"], true);
    assert_eq!(open["site.schema.json"]["additionalProperties"], false);
}

#[test]
fn sort_by_lists_every_order_the_parser_takes() {
    let schemas = by_name(&facts(&[], false));
    let listed = &schemas["section.schema.json"]["properties"]["sort_by"]["enum"];
    let listed: Vec<&str> = listed
        .as_array()
        .expect("enum")
        .iter()
        .filter_map(Value::as_str)
        .collect();
    assert_eq!(listed, ["date", "title", "weight"]);
    assert!(listed.iter().all(|name| SortBy::parse(name).is_some()));
}

/// Whether the real front-matter parser takes `yaml` for a file of `kind`.
fn parses(kind: FileKind, yaml: &str) -> bool {
    let config = Config::parse(
        std::path::Path::new("site.yaml"),
        &Arc::from("title: t\nbase_url: https://example.org/\n"),
    )
    .expect("config");
    let (dir, stem) = match kind {
        FileKind::Profile => ("operators", "smart"),
        _ => ("guides", "a"),
    };
    let file = SourceFile {
        rel: format!("{dir}/{stem}.md"),
        shown: PathBuf::from(format!("content/{dir}/{stem}.md")),
        abs: PathBuf::from(format!("/nowhere/content/{dir}/{stem}.md")),
        lang: "en".into(),
        dir: dir.into(),
        stem: stem.into(),
    };
    let text = format!("---\n{yaml}---\nBody.\n");
    !front_matter::parse(&file, kind, Arc::from(text), &config).has_errors()
}

#[test]
fn required_keys_are_what_the_parser_requires() {
    let values = [("title", "title: T\n"), ("date", "date: 2025-05-13\n")];
    for (kind, required) in [
        (FileKind::Page, PAGE_REQUIRED),
        (FileKind::Profile, PROFILE_REQUIRED),
    ] {
        let with = |keys: &[&str]| -> String {
            values
                .iter()
                .filter(|(k, _)| keys.contains(k))
                .map(|(_, line)| *line)
                .collect()
        };
        assert!(parses(kind, &with(required)), "{kind:?} with {required:?}");
        for dropped in required {
            let rest: Vec<&str> = required.iter().copied().filter(|k| k != dropped).collect();
            assert!(
                !parses(kind, &with(&rest)),
                "{kind:?} without `{dropped}` parses: take it out of the schema's required keys"
            );
        }
    }
}

#[test]
fn images_lists_every_key_the_parser_takes() {
    let schemas = by_name(&facts(&[], false));
    let images = &schemas["site.schema.json"]["properties"]["images"]["oneOf"][1];
    assert_eq!(property_names(images), sorted(crate::config::images_keys()));
}
