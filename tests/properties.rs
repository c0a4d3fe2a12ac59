//! Property tests over the functions that take user text apart: the
//! front-matter splitter and YAML positions, Markdown with link rewriting,
//! slugs, URL joining, aliases, output containment and `check`'s link
//! resolution. The same functions are fuzzed in fuzz/ (docs/fuzzing.md);
//! these run on every `cargo test` with proptest's default case count.

use std::path::Path;
use std::sync::Arc;

use mekong::check::html::decode_entities;
use mekong::check::target::{Target, output_dir, resolve};
use mekong::content::front_matter::split;
use mekong::model::resolve::alias_output;
use mekong::output::is_contained;
use mekong::url::{BaseUrl, is_slug, join_relative, percent_decode, slugify};
use mekong::yaml::{Limits, YamlDoc};
use proptest::prelude::*;

/// Path-like text: segments of letters, dots, `%`, unicode, separated by `/`.
fn path_text() -> impl Strategy<Value = String> {
    proptest::collection::vec(
        prop_oneof![
            Just("..".to_string()),
            Just(".".to_string()),
            Just(String::new()),
            "[a-z0-9%.\\\\-]{1,6}",
            "\\PC{1,3}",
        ],
        0..6,
    )
    .prop_map(|parts| parts.join("/"))
}

fn clean_dir() -> impl Strategy<Value = String> {
    proptest::collection::vec("[a-z0-9-]{1,5}", 0..4)
        .prop_map(|parts| parts.iter().map(|p| format!("{p}/")).collect::<String>())
}

proptest! {
    #[test]
    fn split_hands_out_ranges_inside_the_text(text in "\\PC*(\n---\n)?\\PC*") {
        match split(&text) {
            Ok(parts) => {
                prop_assert!(parts.yaml.end <= parts.body.start);
                prop_assert_eq!(parts.body.end, text.len());
                prop_assert!(text.is_char_boundary(parts.yaml.start));
                prop_assert!(text.is_char_boundary(parts.body.start));
            }
            Err(fence) => prop_assert!(fence.end <= text.len()),
        }
    }

    #[test]
    fn split_finds_what_was_written(
        keys in proptest::collection::vec("[a-z]{1,8}", 0..5),
        body in "[^-]\\PC*",
    ) {
        let yaml: String = keys.iter().map(|k| format!("{k}: value\n")).collect();
        let text = format!("---\n{yaml}---\n{body}");
        let parts = split(&text).expect("closed");
        prop_assert!(parts.has_front_matter);
        prop_assert_eq!(&text[parts.yaml.clone()], yaml.as_str());
        prop_assert_eq!(&text[parts.body.clone()], body.as_str());
    }

    #[test]
    fn yaml_positions_stay_inside_the_file(text in "([a-z\"' ]{0,6}:[ -~]{0,12}\n){0,6}") {
        let source: Arc<str> = Arc::from(text.as_str());
        if let Ok(doc) = YamlDoc::parse(Path::new("a.md"), &source, 0..source.len(), &Limits::FRONT_MATTER) {
            let keys: Vec<String> =
                doc.map.keys().filter_map(|k| k.as_str().map(str::to_string)).collect();
            for key in keys {
                let items = doc.string_list(&key, &mut Vec::new());
                let spans = [doc.key_span(&key), doc.value_span(&key)]
                    .into_iter()
                    .chain(items.into_iter().map(|(_, span)| span));
                for span in spans {
                    prop_assert!(span.start <= span.end && span.end <= source.len());
                    prop_assert!(source.get(span).is_some());
                }
            }
        }
    }

    #[test]
    fn markdown_links_are_rewritten_and_recorded_at_their_span(
        before in "[a-z]{0,10}",
        dest in "[a-z]{1,8}\\.md(#[a-z]{1,5})?",
        after in "\\PC{0,20}",
    ) {
        let body = format!("{before}[text]({dest}){after}");
        let rendered = mekong::markdown::render(&body, &mut |link| {
            Some(format!("/out/{}", link.dest))
        });
        let first = rendered.links.first().expect("the link is recorded");
        prop_assert_eq!(&first.href, &format!("/out/{dest}"));
        prop_assert_eq!(&body[first.span.clone()], &format!("[text]({dest})"));
        for link in &rendered.links {
            prop_assert!(link.span.end <= body.len());
        }
    }

    #[test]
    fn markdown_never_panics_and_spans_stay_inside(body in "\\PC{0,200}") {
        let rendered = mekong::markdown::render(&body, &mut |link| Some(link.dest.to_string()));
        for link in &rendered.links {
            prop_assert!(link.span.start <= link.span.end && link.span.end <= body.len());
        }
    }

    #[test]
    fn slugs_are_valid_and_stable(text in "\\PC{0,30}") {
        let slug = slugify(&text);
        prop_assert!(slug.is_empty() || is_slug(&slug), "{:?} → {:?}", text, slug);
        prop_assert_eq!(slugify(&slug), slug.clone());
    }

    #[test]
    fn relative_joins_keep_no_dots(base in path_text(), link in path_text()) {
        if let Some(joined) = join_relative(&base, &link) {
            prop_assert!(!joined.split('/').any(|s| s == ".." || s == "."), "{:?}", joined);
            prop_assert!(!joined.starts_with('/') && !joined.ends_with('/'));
        }
    }

    #[test]
    fn accepted_aliases_stay_inside_the_output(alias in path_text()) {
        let alias = format!("/{alias}");
        if let Ok(output) = alias_output(&alias) {
            prop_assert!(is_contained(&output), "{:?} → {:?}", alias, output);
        }
    }

    #[test]
    fn contained_paths_never_climb(path in path_text()) {
        if is_contained(&path) {
            prop_assert!(!path.split(['/', '\\']).any(|s| s == ".."));
            prop_assert!(!path.starts_with('/'));
        }
    }

    #[test]
    fn check_resolves_links_to_plain_site_paths(dir in clean_dir(), href in path_text(), prefixed in any::<bool>()) {
        let base = BaseUrl::parse(if prefixed { "https://example.org/docs/" } else { "https://example.org/" })
            .expect("base url");
        for href in [href.clone(), format!("/{href}"), format!("/docs/{href}"), format!("{href}#x")] {
            if let Target::Site { path, .. } = resolve(&base, &dir, &href) {
                prop_assert!(!path.starts_with('/'), "{:?} + {:?} → {:?}", dir, href, path);
                prop_assert!(!path.split('/').any(|s| s == ".." || s == "."), "{:?} + {:?} → {:?}", dir, href, path);
            }
        }
    }

    #[test]
    fn output_folders_are_prefixes(path in "[a-z/]{0,20}") {
        prop_assert!(path.starts_with(output_dir(&path)));
    }

    #[test]
    fn escaped_attribute_text_decodes_back(text in "\\PC{0,30}") {
        let escaped = text
            .replace('&', "&amp;")
            .replace('<', "&lt;")
            .replace('"', "&quot;")
            .replace('\'', "&#39;");
        prop_assert_eq!(decode_entities(&escaped), text);
    }

    #[test]
    fn percent_encoding_decodes_back(text in "\\PC{0,20}") {
        let encoded: String = text.bytes().map(|b| format!("%{b:02X}")).collect();
        prop_assert_eq!(percent_decode(&encoded), text);
    }
}

/// A name that is a file or folder name on disk: often non-ASCII, often a
/// multi-byte first character.
fn file_name() -> impl Strategy<Value = String> {
    prop_oneof![
        "[a-z]{1,4}",
        "[\u{4e00}-\u{4e20}]{1,3}",
        "[é\u{1780}-\u{17a0}😀a-z]{1,4}",
    ]
}

proptest! {
    /// Sites with any names (issue 13, item 11): resolving never panics,
    /// and no asset's output loses part of its file name.
    #[test]
    fn resolving_keeps_every_asset_name_whole(
        files in proptest::collection::vec(
            (proptest::collection::vec(file_name(), 0..3), file_name(), 0u8..6),
            1..12,
        ),
    ) {
        use mekong::content::walk::load_texts;
        use mekong::diagnostics::Diagnostics;
        const PAGE: &str = "---\ntitle: T\ndate: 2026-01-01\n---\nBody.\n";
        let config = mekong::config::Config::parse(
            Path::new("site.yaml"),
            &Arc::from("title: T\ndefault_language: zh\nlanguages: {en: {}}\n"),
        )
        .expect("config");
        let mut texts: Vec<(String, Arc<str>)> = Vec::new();
        for (folders, name, kind) in &files {
            let dir: String = folders.iter().map(|f| format!("{f}/")).collect();
            let rel = match kind {
                0 => format!("{dir}{name}.md"),
                1 => format!("{dir}index.md"),
                2 => format!("{dir}_index.md"),
                3 => format!("{dir}{name}.en.md"),
                4 => format!("{dir}index.en.md"),
                _ => format!("{dir}{name}.png"),
            };
            if !texts.iter().any(|(r, _)| *r == rel) {
                texts.push((rel, Arc::from(PAGE)));
            }
        }
        let mut diagnostics = Diagnostics::default();
        let raw = load_texts(&texts, &config, &mut diagnostics);
        let names: Vec<(String, String)> =
            raw.assets.iter().map(|a| (a.rel.clone(), a.stem.clone())).collect();
        let site = mekong::model::resolve::resolve(
            config,
            raw,
            jiff::civil::date(2026, 11, 26),
            false,
            &mut diagnostics,
        );
        for asset in &site.assets {
            let source = asset.source.to_string_lossy();
            let rel = source.trim_start_matches("content/");
            let name = &names.iter().find(|(r, _)| r == rel).expect("an asset's file").1;
            prop_assert!(asset.output.ends_with(name.as_str()), "{} → {}", rel, asset.output);
            prop_assert!(is_contained(&asset.output), "{}", asset.output);
        }
    }
}
