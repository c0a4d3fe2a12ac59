//! `mekong schema`: the four files it writes are JSON Schemas (draft
//! 2020-12) that the sample site's own site.yaml and front matter satisfy,
//! with the site's taxonomies as page keys; and that a typo does not.
//! A small validator below covers the parts of JSON Schema the files use.

mod common;

use std::path::Path;

use common::{Site, mekong};
use serde_json::Value;

const FILES: [&str; 4] = [
    "site.schema.json",
    "page.schema.json",
    "section.schema.json",
    "profile.schema.json",
];

fn written(root: &Path) -> (tempfile::TempDir, Vec<Value>) {
    let out = tempfile::tempdir().expect("temp dir");
    let dir = out.path().join("schemas");
    let run = mekong(&[
        "schema",
        "--root",
        root.to_str().expect("utf-8"),
        "--out",
        dir.to_str().expect("utf-8"),
    ]);
    run.assert_ok();
    let schemas = FILES
        .iter()
        .map(|file| {
            let text = std::fs::read_to_string(dir.join(file)).expect("schema written");
            serde_json::from_str(&text).unwrap_or_else(|e| panic!("{file} is not JSON: {e}"))
        })
        .collect();
    (out, schemas)
}

fn is_type(value: &Value, ty: &str) -> bool {
    match ty {
        "string" => value.is_string(),
        "boolean" => value.is_boolean(),
        "integer" => value.is_i64() || value.is_u64(),
        "array" => value.is_array(),
        "object" => value.is_object(),
        _ => panic!("type {ty} not covered by this validator"),
    }
}

/// What in `doc` breaks `schema`, one line each; empty when it is valid.
fn violations(doc: &Value, schema: &Value, at: &str) -> Vec<String> {
    let mut out = Vec::new();
    if let Some(ty) = schema["type"].as_str()
        && !is_type(doc, ty)
    {
        return vec![format!("{at}: not {ty}")];
    }
    if let Some(allowed) = schema["enum"].as_array()
        && !allowed.contains(doc)
    {
        out.push(format!("{at}: {doc} not one of {allowed:?}"));
    }
    if let Some(any) = schema["anyOf"].as_array()
        && any.iter().all(|s| !violations(doc, s, at).is_empty())
    {
        out.push(format!("{at}: matches none of anyOf"));
    }
    if let (Some(items), Some(list)) = (schema.get("items"), doc.as_array()) {
        for (i, item) in list.iter().enumerate() {
            out.extend(violations(item, items, &format!("{at}[{i}]")));
        }
    }
    if let Some(map) = doc.as_object() {
        for key in schema["required"].as_array().into_iter().flatten() {
            let key = key.as_str().expect("key");
            if !map.contains_key(key) {
                out.push(format!("{at}: `{key}` is required"));
            }
        }
        for (key, value) in map {
            let place = format!("{at}.{key}");
            match (
                schema["properties"].get(key),
                schema.get("additionalProperties"),
            ) {
                (Some(sub), _) => out.extend(violations(value, sub, &place)),
                (None, Some(Value::Bool(false))) => out.push(format!("{place}: unknown key")),
                (None, Some(sub)) if sub.is_object() => out.extend(violations(value, sub, &place)),
                _ => {}
            }
        }
    }
    out
}

fn front_matter(path: &Path) -> Value {
    let text = std::fs::read_to_string(path).expect("markdown");
    let yaml = text
        .strip_prefix("---\n")
        .and_then(|rest| rest.split_once("\n---"))
        .map_or("{}", |(yaml, _)| yaml);
    serde_yaml::from_str(yaml).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

#[test]
fn the_sample_site_satisfies_its_schemas() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let (_out, schemas) = written(root);
    for schema in &schemas {
        assert_eq!(
            schema["$schema"],
            "https://json-schema.org/draft/2020-12/schema"
        );
        assert_eq!(schema["type"], "object");
    }
    let [site, page, section, profile] = &schemas[..] else {
        unreachable!()
    };
    let config: Value =
        serde_yaml::from_str(&std::fs::read_to_string(root.join("site.yaml")).expect("site.yaml"))
            .expect("yaml");
    assert_eq!(violations(&config, site, "site.yaml"), Vec::<String>::new());
    // The site's taxonomies are page keys: lists of strings.
    for taxonomy in ["operators", "topics"] {
        assert_eq!(page["properties"][taxonomy]["type"], "array");
        assert_eq!(page["properties"][taxonomy]["items"]["type"], "string");
    }
    let mut checked = 0;
    for entry in walkdir::WalkDir::new(root.join("content"))
        .into_iter()
        .flatten()
    {
        let path = entry.path();
        if path.extension().is_none_or(|e| e != "md") {
            continue;
        }
        let name = path.file_name().expect("name").to_string_lossy();
        let schema = if name.starts_with("_index") {
            section
        } else if path.parent().is_some_and(|p| p.ends_with("operators")) {
            profile
        } else {
            page
        };
        let shown = path
            .strip_prefix(root)
            .expect("inside")
            .display()
            .to_string();
        assert_eq!(
            violations(&front_matter(path), schema, &shown),
            Vec::<String>::new()
        );
        checked += 1;
    }
    assert!(checked > 20, "only {checked} files checked");
}

#[test]
fn a_typo_breaks_the_schema() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let (_out, schemas) = written(root);
    let [site, page, section, profile] = &schemas[..] else {
        unreachable!()
    };
    let bad_page = serde_json::json!({ "title": "T", "date": "2025-05-13", "tag": ["x"] });
    assert_eq!(violations(&bad_page, page, "p"), ["p.tag: unknown key"]);
    let untitled = serde_json::json!({ "weight": 1 });
    assert_eq!(
        violations(&untitled, profile, "o"),
        ["o: `title` is required"]
    );
    let bad_section = serde_json::json!({ "sort_by": "newest" });
    assert_eq!(violations(&bad_section, section, "s").len(), 1);
    let bad_site = serde_json::json!({
        "title": "T",
        "taxonomies": [{ "name": "tags", "sort": "date" }],
        "languages": { "en": { "titel": "x" } },
    });
    let found = violations(&bad_site, site, "site");
    assert!(
        found.contains(&"site.taxonomies[0]: matches none of anyOf".to_string()),
        "{found:?}"
    );
    assert!(
        found.contains(&"site.languages.en.titel: unknown key".to_string()),
        "{found:?}"
    );
}

#[test]
fn unknown_keys_extra_lets_pages_and_sections_have_other_keys() {
    let site = Site::with_config("taxonomies: [tags]\nfront_matter: { unknown_keys: extra }\n");
    let (_out, schemas) = written(site.root());
    assert_eq!(schemas[1]["additionalProperties"], true);
    assert_eq!(schemas[2]["additionalProperties"], true);
    assert_eq!(schemas[0]["additionalProperties"], false);
    assert_eq!(schemas[1]["properties"]["tags"]["type"], "array");
}

#[test]
fn without_a_site_yaml_it_is_an_error_and_writes_nothing() {
    let site = Site::empty();
    let out = site.path("schemas");
    let run = mekong(&[
        "schema",
        "--root",
        site.root().to_str().expect("utf-8"),
        "--out",
        out.to_str().expect("utf-8"),
    ]);
    run.assert_fails();
    assert!(run.stderr().contains("no site.yaml in"), "{}", run.stderr());
    assert!(!out.exists());
}

#[test]
fn an_out_that_is_a_file_is_an_error() {
    let site = Site::with_config("");
    site.write("schemas", "not a folder");
    let run = mekong(&[
        "schema",
        "--root",
        site.root().to_str().expect("utf-8"),
        "--out",
        site.path("schemas").to_str().expect("utf-8"),
    ]);
    run.assert_fails();
    assert!(
        run.stderr().contains("cannot write schema"),
        "{}",
        run.stderr()
    );
    assert_eq!(
        std::fs::read_to_string(site.path("schemas")).expect("file"),
        "not a folder"
    );
}
