//! A default language with a region tag (`zh-CN`) on a theme that only has
//! `zh.yaml`, and a second language (`pt-BR`) with a few strings of its
//! own: every page shows text, never a raw theme key, and each missing key
//! is reported once per language, by the build and by `check`.

mod common;

use std::path::Path;

use common::Site;

/// Every key of the default theme's English strings.
fn theme_keys() -> Vec<String> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default/i18n/en.yaml");
    let text = std::fs::read_to_string(path).expect("en.yaml");
    text.lines()
        .filter(|l| !l.starts_with('#'))
        .filter_map(|l| l.split_once(':').map(|(k, _)| k.trim().to_string()))
        .filter(|k| !k.is_empty())
        .collect()
}

/// Raw keys that show in `html`: a key with `_` anywhere, or any key
/// opening a text node (`<span>published <time…`) or as an attribute value.
fn raw_keys(html: &str) -> Vec<String> {
    theme_keys()
        .into_iter()
        .filter(|key| {
            let opens_text = [" ", "<", ":"]
                .iter()
                .any(|after| html.contains(&format!(">{key}{after}")));
            (key.contains('_') && html.contains(key.as_str()))
                || opens_text
                || html.contains(&format!("=\"{key}\""))
        })
        .collect()
}

#[test]
fn no_page_shows_a_raw_theme_key() {
    let site = Site::fixture("region");
    site.build(&[]).assert_ok();
    let pages: Vec<String> = site
        .outputs()
        .into_iter()
        .filter(|p| p.ends_with(".html"))
        .collect();
    assert!(pages.len() >= 4, "{pages:?}");
    for page in &pages {
        let raw = raw_keys(&site.read(page));
        assert!(raw.is_empty(), "{page} shows raw keys {raw:?}");
    }
}

#[test]
fn a_region_uses_its_base_languages_strings() {
    let site = Site::fixture("region");
    site.build(&[]).assert_ok();
    let zh = site.read("guides/top-up/index.html");
    assert!(zh.contains("发布于"), "zh-CN shows zh's `published`");
    assert!(
        zh.contains("约 1 分钟读完"),
        "zh-CN shows zh's `reading_time`"
    );
    let pt = site.read("pt-BR/guides/top-up/index.html");
    assert!(
        pt.contains("Publicado em"),
        "pt-BR shows the site's pt.yaml"
    );
    assert!(
        pt.contains("约 1 分钟读完"),
        "a key pt lacks shows the default language's text"
    );
}

#[test]
fn a_missing_key_is_reported_once_per_language_by_build_and_check() {
    let site = Site::fixture("region");
    // pt.yaml has every key but one, so the warning stands alone (many
    // warnings at once would be summarised).
    let en = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default/i18n/en.yaml"),
    )
    .expect("en.yaml");
    let pt: String = en
        .lines()
        .filter(|l| !l.starts_with("reading_time:"))
        .map(|l| format!("{l}\n"))
        .collect();
    site.write("i18n/pt.yaml", &pt);
    let run = site.build(&[]);
    run.assert_ok();
    let stderr = run.stderr_in(&site);
    let missing = "warning: i18n key `reading_time` is missing in `pt-BR`";
    assert_eq!(stderr.matches(missing).count(), 1, "{stderr}");
    assert!(
        stderr.contains(
            "pages in `pt-BR` show the `zh-CN` text; add `reading_time: …` to i18n/pt-BR.yaml"
        ),
        "{stderr}"
    );
    assert!(!stderr.contains("missing in `zh-CN`"), "{stderr}");
    let check = site.check(&[]);
    check.assert_ok();
    assert!(check.stderr_in(&site).contains("is missing in `pt-BR`"));
}
