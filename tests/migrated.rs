//! A site moved in as it was: tests/fixtures/migrated is shaped like the
//! Hugo docs and a VitePress site (pages without front matter, titles in a
//! `# heading`, unknown keys, no dates, `index.md` section pages, asset
//! folders, `:::` containers, `{{ count }}` in prose, a service worker).
//! The one change a mover makes is `front_matter: { unknown_keys: extra }`;
//! it must build, and every page must read as its writer meant.

mod common;

use common::{Site, text_of};
use std::collections::BTreeSet;

fn built() -> Site {
    let site = Site::fixture("migrated");
    site.build(&[]).assert_ok();
    site
}

fn pages(site: &Site) -> Vec<(String, String)> {
    site.outputs()
        .into_iter()
        .filter(|p| p.ends_with(".html"))
        .map(|p| {
            let html = site.read(&p);
            (p, html)
        })
        .collect()
}

/// Every key of the default theme's strings.
fn theme_keys() -> BTreeSet<String> {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/themes/default/i18n/en.yaml");
    std::fs::read_to_string(path)
        .expect("theme strings")
        .lines()
        .filter(|l| !l.starts_with('#') && !l.starts_with(' '))
        .filter_map(|l| l.split_once(':').map(|(k, _)| k.trim().to_string()))
        .filter(|k| !k.is_empty())
        .collect()
}

#[test]
fn builds_as_it_was_with_one_setting() {
    let site = built();
    let list = pages(&site);
    assert!(list.len() > 10, "too few pages: {:?}", site.outputs());
    let keys = theme_keys();
    for (path, html) in &list {
        if html.contains("http-equiv=\"refresh\"") {
            continue; // an alias's redirect page
        }
        let text = text_of(html);
        assert!(
            !text.contains(":::"),
            "{path}: a container fence stayed literal"
        );
        assert!(!text.contains("[!NOTE]"), "{path}: an alert stayed literal");
        let words: BTreeSet<&str> = text.split(' ').collect();
        let raw: Vec<&String> = keys
            .iter()
            .filter(|k| k.contains('_') && words.contains(k.as_str()))
            .collect();
        assert!(raw.is_empty(), "{path}: raw theme keys {raw:?}");
        assert_eq!(html.matches("<h1").count(), 1, "{path}: one title per page");
    }
}

#[test]
fn pages_without_front_matter_take_their_heading_as_title() {
    let site = built();
    let install = site.read("guide/install/index.html");
    assert!(install.contains("<title>安装"), "{install}");
    assert!(text_of(&install).contains("计数器的值是 {{ count }}"));
    assert!(install.contains("href=\"mailto:help@docs.example.org\""));
    let home = site.read("index.html");
    assert!(text_of(&home).contains("这是一个从 VitePress 迁移来的文档站"));
}

#[test]
fn a_regional_language_reads_its_base_languages_labels() {
    let site = built();
    let config = site.read("guide/config/index.html");
    assert!(
        config.contains("<p class=\"alert-title\">注意</p>"),
        "{config}"
    );
    assert!(config.contains("<dt>术语</dt>"));
    let guide = site.read("guide/index.html");
    assert!(
        guide.contains("<p class=\"alert-title\">注意</p>") || text_of(&guide).contains("注意")
    );
}

#[test]
fn index_md_is_its_folders_section_page_and_links_without_md_resolve() {
    let site = built();
    let guide = site.read("guide/index.html");
    assert!(text_of(&guide).contains("本节介绍怎样开始"));
    assert!(guide.contains("href=\"/guide/install/\""), "{guide}");
    let api = site.read("api/index.html");
    assert!(api.contains("href=\"/api/reactivity-core/\""), "{api}");
    assert!(!site.exists("api/index/index.html"));
}

#[test]
fn asset_folders_are_not_sections_and_keep_beside_their_page() {
    let site = built();
    assert!(site.exists("team/index.html"));
    assert!(site.exists("team/photo.png"));
    assert!(site.exists("public-images/logo.gif"));
    assert!(!site.exists("public-images/index.html"));
    assert!(!site.exists("examples/index.html"));
    let sitemap = site.read("sitemap.xml");
    assert!(!sitemap.contains("public-images"), "{sitemap}");
    assert!(!sitemap.contains("/examples/"), "{sitemap}");
}

#[test]
fn hugo_shaped_pages_keep_their_slugs_aliases_and_files() {
    let site = built();
    assert!(site.exists("functions/url_for/index.html"));
    assert!(site.exists("functions/trim-strings/index.html"));
    assert!(site.exists("funcs/index.html"), "section alias");
    assert!(
        site.exists("service-worker.js"),
        "static file keeps its name"
    );
}
