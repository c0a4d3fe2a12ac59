//! A Chinese-first site with English and Khmer translations
//! (tests/fixtures/languages, with its own templates): URLs, hreflang links
//! both ways, the language switcher, per-language lists, taxonomies, profiles,
//! feeds and sitemap, links between translations, `trans`, dates, and word
//! counts for Chinese and Khmer.

mod common;

use std::collections::BTreeMap;

use common::Site;

const ORIGIN: &str = "https://example.org/";

fn built() -> Site {
    let site = Site::fixture("languages");
    site.build(&[]).assert_ok();
    site
}

/// The value of `name="…"` in one tag.
fn attr<'a>(tag: &'a str, name: &str) -> Option<&'a str> {
    let key = format!(" {name}=\"");
    let start = tag.find(&key)? + key.len();
    let end = start + tag[start..].find('"')?;
    Some(&tag[start..end])
}

/// Every tag that starts with `start`, up to its `>`.
fn tags<'a>(html: &'a str, start: &str) -> Vec<&'a str> {
    html.match_indices(start)
        .map(|(i, _)| {
            let end = html[i..].find('>').map_or(html.len(), |e| i + e + 1);
            &html[i..end]
        })
        .collect()
}

/// The part of `html` from `open` to the next `close`.
fn block<'a>(html: &'a str, open: &str, close: &str) -> &'a str {
    let start = html
        .find(open)
        .unwrap_or_else(|| panic!("no {open} in\n{html}"));
    let end = start + html[start..].find(close).expect("closed");
    &html[start..end]
}

/// hreflang → href of the `<link rel="alternate" hreflang>` tags in the head.
fn alternates(html: &str) -> BTreeMap<String, String> {
    tags(html, "<link rel=\"alternate\" hreflang=")
        .into_iter()
        .map(|t| {
            let lang = attr(t, "hreflang").expect("hreflang");
            (lang.to_string(), attr(t, "href").expect("href").to_string())
        })
        .collect()
}

/// (language, target) of each link in the language switcher.
fn switcher(html: &str) -> Vec<(String, String)> {
    tags(block(html, "<nav class=\"switcher\">", "</nav>"), "<a ")
        .into_iter()
        .map(|t| {
            let lang = attr(t, "hreflang").expect("hreflang");
            (lang.to_string(), attr(t, "href").expect("href").to_string())
        })
        .collect()
}

/// The links of the `<ul class="…">` list, in order.
fn list(html: &str, class: &str) -> Vec<String> {
    let open = format!("<ul class=\"{class}\">");
    tags(block(html, &open, "</ul>"), "<a ")
        .into_iter()
        .map(|t| attr(t, "href").expect("href").to_string())
        .collect()
}

fn text_of<'a>(html: &'a str, open: &str) -> &'a str {
    let start = html.find(open).unwrap_or_else(|| panic!("no {open}")) + open.len();
    let end = start + html[start..].find('<').expect("closed");
    &html[start..end]
}

fn html_lang(html: &str) -> &str {
    attr(tags(html, "<html")[0], "lang").expect("<html lang>")
}

/// "https://example.org/en/guides/x/" → "en/guides/x/index.html".
fn output_of(permalink: &str) -> String {
    let path = permalink.strip_prefix(ORIGIN).expect("a URL of this site");
    format!("{path}index.html")
}

fn pairs(list: &[(&str, &str)]) -> BTreeMap<String, String> {
    list.iter()
        .map(|(l, u)| (l.to_string(), u.to_string()))
        .collect()
}

fn strings(list: &[&str]) -> Vec<String> {
    list.iter().map(|s| s.to_string()).collect()
}

#[test]
fn urls_put_each_translation_under_its_language() {
    let site = built();
    for output in [
        "guides/cancel-sim/index.html",
        "en/guides/cancel-sim/index.html",
        "km/guides/cancel-sim/index.html",
        "en/guides/tourist-sim/index.html",
        "guides/lost-sim/index.html",
        "en/index.html",
        "km/index.html",
        "en/guides/index.html",
        "km/guides/index.html",
    ] {
        assert!(site.exists(output), "missing {output}");
    }
    // A page lives only in the languages it was written in.
    for output in [
        "guides/tourist-sim/index.html",
        "km/guides/tourist-sim/index.html",
        "en/guides/lost-sim/index.html",
        "km/guides/top-up/index.html",
        "guides/esim/index.html",
    ] {
        assert!(!site.exists(output), "unexpected {output}");
    }
}

#[test]
fn every_html_page_declares_its_language() {
    let site = built();
    let pages: Vec<String> = site
        .outputs()
        .into_iter()
        .filter(|o| o.ends_with(".html"))
        .collect();
    assert!(pages.len() >= 30, "{pages:?}");
    for output in pages {
        let expected = match output.split('/').next() {
            Some("en") => "en",
            Some("km") => "km",
            _ => "zh",
        };
        assert_eq!(html_lang(&site.read(&output)), expected, "{output}");
    }
}

#[test]
fn translations_link_to_each_other_with_x_default() {
    let site = built();
    let cancel = pairs(&[
        ("zh", "https://example.org/guides/cancel-sim/"),
        ("en", "https://example.org/en/guides/cancel-sim/"),
        ("km", "https://example.org/km/guides/cancel-sim/"),
        ("x-default", "https://example.org/guides/cancel-sim/"),
    ]);
    for output in [
        "guides/cancel-sim/index.html",
        "en/guides/cancel-sim/index.html",
        "km/guides/cancel-sim/index.html",
    ] {
        assert_eq!(alternates(&site.read(output)), cancel, "{output}");
    }
    let top_up = pairs(&[
        ("zh", "https://example.org/guides/top-up/"),
        ("en", "https://example.org/en/guides/top-up/"),
        ("x-default", "https://example.org/guides/top-up/"),
    ]);
    assert_eq!(
        alternates(&site.read("en/guides/top-up/index.html")),
        top_up
    );
    // No Chinese version, so no x-default: it would name a page that is not there.
    let esim = pairs(&[
        ("en", "https://example.org/en/guides/esim/"),
        ("km", "https://example.org/km/guides/esim/"),
    ]);
    assert_eq!(alternates(&site.read("km/guides/esim/index.html")), esim);
    // A page in one language only has no alternates at all.
    assert!(alternates(&site.read("en/guides/tourist-sim/index.html")).is_empty());
    assert!(alternates(&site.read("guides/lost-sim/index.html")).is_empty());
    // Sections, taxonomy overviews and terms are translated too.
    assert_eq!(
        alternates(&site.read("km/operators/smart/index.html")),
        pairs(&[
            ("zh", "https://example.org/operators/smart/"),
            ("en", "https://example.org/en/operators/smart/"),
            ("km", "https://example.org/km/operators/smart/"),
            ("x-default", "https://example.org/operators/smart/"),
        ])
    );
    assert_eq!(
        alternates(&site.read("en/index.html"))["x-default"],
        "https://example.org/"
    );
}

/// Over the whole site: a page that names a translation is named back by
/// it with the same set of alternates, and names itself.
#[test]
fn hreflang_links_agree_in_both_directions_everywhere() {
    let site = built();
    let mut checked = 0;
    for output in site.outputs().iter().filter(|o| o.ends_with("index.html")) {
        let own = alternates(&site.read(output));
        if own.is_empty() {
            continue;
        }
        let own_url = format!("{ORIGIN}{}", output.trim_end_matches("index.html"));
        assert!(
            own.values().any(|u| *u == own_url),
            "{output} omits itself: {own:?}"
        );
        for (lang, url) in own.iter().filter(|(l, _)| *l != "x-default") {
            let other = output_of(url);
            assert_eq!(html_lang(&site.read(&other)), lang, "{other}");
            assert_eq!(alternates(&site.read(&other)), own, "{output} ↔ {other}");
            checked += 1;
        }
    }
    assert!(checked > 40, "only {checked} links checked");
}

#[test]
fn switcher_goes_to_the_same_page_or_that_languages_home() {
    let site = built();
    assert_eq!(
        switcher(&site.read("en/guides/cancel-sim/index.html")),
        [
            ("zh".to_string(), "/guides/cancel-sim/".to_string()),
            ("km".to_string(), "/km/guides/cancel-sim/".to_string()),
        ]
    );
    assert_eq!(
        switcher(&site.read("guides/top-up/index.html")),
        [
            ("en".to_string(), "/en/guides/top-up/".to_string()),
            ("km".to_string(), "/km/".to_string()),
        ]
    );
    assert_eq!(
        switcher(&site.read("en/guides/tourist-sim/index.html")),
        [
            ("zh".to_string(), "/".to_string()),
            ("km".to_string(), "/km/".to_string()),
        ]
    );
    // An open-taxonomy term used in English only.
    assert_eq!(
        switcher(&site.read("en/topics/cancellation/index.html")),
        [
            ("zh".to_string(), "/".to_string()),
            ("km".to_string(), "/km/".to_string()),
        ]
    );
    assert_eq!(
        switcher(&site.read("km/guides/index.html")),
        [
            ("zh".to_string(), "/guides/".to_string()),
            ("en".to_string(), "/en/guides/".to_string()),
        ]
    );
}

#[test]
fn sections_and_home_pages_list_only_their_languages_pages() {
    let site = built();
    let zh = strings(&[
        "/guides/cancel-sim/",
        "/guides/top-up/",
        "/guides/lost-sim/",
    ]);
    let en = strings(&[
        "/en/guides/tourist-sim/",
        "/en/guides/cancel-sim/",
        "/en/guides/top-up/",
        "/en/guides/esim/",
    ]);
    let km = strings(&["/km/guides/cancel-sim/", "/km/guides/esim/"]);
    assert_eq!(list(&site.read("guides/index.html"), "pages"), zh);
    assert_eq!(list(&site.read("index.html"), "pages"), zh);
    assert_eq!(list(&site.read("en/guides/index.html"), "pages"), en);
    assert_eq!(list(&site.read("en/index.html"), "pages"), en);
    assert_eq!(list(&site.read("km/guides/index.html"), "pages"), km);
    assert_eq!(list(&site.read("km/index.html"), "pages"), km);
}

#[test]
fn taxonomies_and_terms_are_per_language() {
    let site = built();
    assert_eq!(
        list(&site.read("operators/smart/index.html"), "pages"),
        strings(&["/guides/cancel-sim/", "/guides/lost-sim/"])
    );
    // The English guides are listed on the English term page only.
    assert_eq!(
        list(&site.read("en/operators/smart/index.html"), "pages"),
        strings(&["/en/guides/tourist-sim/", "/en/guides/cancel-sim/"])
    );
    assert_eq!(
        list(&site.read("km/operators/smart/index.html"), "pages"),
        strings(&["/km/guides/cancel-sim/"])
    );
    assert_eq!(
        list(&site.read("en/operators/metfone/index.html"), "pages"),
        strings(&["/en/guides/top-up/"])
    );
    // A closed taxonomy's terms exist in every language, even with no guide.
    assert_eq!(
        list(&site.read("km/operators/metfone/index.html"), "pages"),
        Vec::<String>::new()
    );
    let overview = site.read("en/operators/index.html");
    assert_eq!(
        list(&overview, "terms"),
        strings(&["/en/operators/metfone/", "/en/operators/smart/"])
    );
    assert!(
        overview.contains(">Smart</a> <span class=\"count\">2</span>"),
        "{overview}"
    );
    assert!(
        overview.contains(">Metfone</a> <span class=\"count\">1</span>"),
        "{overview}"
    );
    // Open-taxonomy terms come from each language's own pages.
    assert_eq!(
        list(&site.read("topics/index.html"), "terms"),
        strings(&["/topics/zhu-xiao/"])
    );
    assert_eq!(
        list(&site.read("en/topics/index.html"), "terms"),
        strings(&["/en/topics/cancellation/"])
    );
    assert_eq!(
        list(&site.read("km/topics/index.html"), "terms"),
        Vec::<String>::new()
    );
    assert!(!site.exists("topics/cancellation/index.html"));
    assert!(!site.exists("en/topics/zhu-xiao/index.html"));
}

#[test]
fn term_profiles_are_translated_or_fall_back_to_the_default_language() {
    let site = built();
    let en_smart = site.read("en/operators/smart/index.html");
    assert!(en_smart.contains("<h1>Smart</h1>"), "{en_smart}");
    assert!(en_smart.contains("<div class=\"profile\" lang=\"en\">"));
    assert!(en_smart.contains("Smart is one of Cambodia's largest operators."));
    // No smart.km.md and no metfone.en.md: the Chinese profile stands in,
    // marked with its language so a theme can say so.
    let km_smart = site.read("km/operators/smart/index.html");
    assert!(km_smart.contains("<h1>Smart（智能）</h1>"), "{km_smart}");
    assert!(km_smart.contains("<div class=\"profile\" lang=\"zh\">"));
    assert!(km_smart.contains("Smart 是柬埔寨最大的运营商之一。"));
    let en_metfone = site.read("en/operators/metfone/index.html");
    assert!(
        en_metfone.contains("Metfone 在农村地区的覆盖较好。"),
        "{en_metfone}"
    );
    // The term's name follows the profile too.
    assert!(
        site.read("en/guides/cancel-sim/index.html")
            .contains(">Smart</a>")
    );
    assert!(
        site.read("guides/cancel-sim/index.html")
            .contains(">Smart（智能）</a>")
    );
}

/// (feed's xml:lang, entry ids) of an Atom feed.
fn feed(site: &Site, output: &str) -> (String, Vec<String>) {
    let text = site.read(output);
    let doc = roxmltree::Document::parse(&text).unwrap_or_else(|e| panic!("{output}: {e}"));
    let root = doc.root_element();
    let lang = root
        .attribute(("http://www.w3.org/XML/1998/namespace", "lang"))
        .expect("xml:lang")
        .to_string();
    let ids = root
        .children()
        .filter(|n| n.has_tag_name("entry"))
        .map(|e| {
            let id = e.children().find(|n| n.has_tag_name("id")).expect("id");
            id.text().unwrap_or("").to_string()
        })
        .collect();
    (lang, ids)
}

fn urls(paths: &[&str]) -> Vec<String> {
    paths.iter().map(|p| format!("{ORIGIN}{p}")).collect()
}

#[test]
fn feeds_hold_exactly_their_languages_entries() {
    let site = built();
    let expected: [(&str, &str, &[&str]); 7] = [
        (
            "atom.xml",
            "zh",
            &["guides/cancel-sim/", "guides/top-up/", "guides/lost-sim/"],
        ),
        (
            "en/atom.xml",
            "en",
            &[
                "en/guides/tourist-sim/",
                "en/guides/cancel-sim/",
                "en/guides/top-up/",
                "en/guides/esim/",
            ],
        ),
        (
            "km/atom.xml",
            "km",
            &["km/guides/cancel-sim/", "km/guides/esim/"],
        ),
        (
            "operators/smart/atom.xml",
            "zh",
            &["guides/cancel-sim/", "guides/lost-sim/"],
        ),
        (
            "en/operators/smart/atom.xml",
            "en",
            &["en/guides/tourist-sim/", "en/guides/cancel-sim/"],
        ),
        (
            "km/operators/smart/atom.xml",
            "km",
            &["km/guides/cancel-sim/"],
        ),
        ("km/operators/metfone/atom.xml", "km", &[]),
    ];
    for (output, lang, entries) in expected {
        assert_eq!(
            feed(&site, output),
            (lang.to_string(), urls(entries)),
            "{output}"
        );
    }
    // Only taxonomies with `feed: true` get term feeds.
    assert!(!site.exists("en/topics/cancellation/atom.xml"));
}

#[test]
fn one_sitemap_lists_every_page_with_its_alternates() {
    let site = built();
    let text = site.read("sitemap.xml");
    let doc = roxmltree::Document::parse(&text).expect("sitemap is XML");
    let mut listed: Vec<String> = Vec::new();
    for url in doc
        .root_element()
        .children()
        .filter(|n| n.has_tag_name("url"))
    {
        let loc = url
            .children()
            .find(|n| n.has_tag_name("loc"))
            .and_then(|n| n.text())
            .expect("loc")
            .to_string();
        let alternates: BTreeMap<String, String> = url
            .children()
            .filter(|n| n.has_tag_name(("http://www.w3.org/1999/xhtml", "link")))
            .map(|n| {
                let lang = n.attribute("hreflang").expect("hreflang").to_string();
                (lang, n.attribute("href").expect("href").to_string())
            })
            .collect();
        // The sitemap and the page's own head say the same.
        assert_eq!(
            alternates,
            self::alternates(&site.read(&output_of(&loc))),
            "{loc}"
        );
        listed.push(output_of(&loc));
    }
    listed.sort();
    let mut pages: Vec<String> = site
        .outputs()
        .into_iter()
        .filter(|o| o.ends_with("index.html"))
        .collect();
    pages.sort();
    assert_eq!(listed, pages);
    assert!(!site.exists("en/sitemap.xml"));
    insta::assert_snapshot!("sitemap", text);
}

#[test]
fn md_links_prefer_the_translation_in_the_same_language() {
    let site = built();
    let en = site.read("en/guides/cancel-sim/index.html");
    // top-up.md has an English translation.
    assert!(
        en.contains(r#"<a href="/en/guides/top-up/">top up</a>"#),
        "{en}"
    );
    // lost-sim.md has none: the original, anchor kept.
    assert!(
        en.contains(
            r#"<a href="/guides/lost-sim/#%E8%A1%A5%E5%8D%A1">what to do about a lost SIM</a>"#
        ),
        "{en}"
    );
    assert!(
        en.contains(r#"<a href="/en/guides/">all guides</a>"#),
        "{en}"
    );
    assert!(en.contains(r#"<a href="/en/">home page</a>"#), "{en}");
    // The same file name from a Chinese page stays Chinese.
    let zh = site.read("guides/top-up/index.html");
    assert!(
        zh.contains(r#"<a href="/guides/cancel-sim/">注销</a>"#),
        "{zh}"
    );
    let en_top_up = site.read("en/guides/top-up/index.html");
    assert!(
        en_top_up.contains(r#"<a href="/en/guides/cancel-sim/">cancel the SIM</a>"#),
        "{en_top_up}"
    );
}

#[test]
fn trans_falls_back_to_the_default_language_then_to_the_key() {
    let site = built();
    let en = site.read("en/guides/cancel-sim/index.html");
    assert!(en.contains("<p class=\"home\">Home</p>"));
    assert!(
        en.contains("<p class=\"strings\">只有中文|no_such_key</p>"),
        "{en}"
    );
    let km = site.read("km/guides/cancel-sim/index.html");
    assert!(km.contains("<p class=\"home\">ទំព័រដើម</p>"));
    // km.yaml has no `minutes`: the Chinese string stands in.
    assert!(km.contains("</span> 分钟</p>"), "{km}");
    assert!(
        site.read("guides/cancel-sim/index.html")
            .contains("<p class=\"home\">首页</p>")
    );
}

#[test]
fn dates_read_naturally_in_each_language() {
    let site = built();
    for (output, time) in [
        ("guides/cancel-sim/index.html", "2025-05-13\">2025年5月13日"),
        (
            "en/guides/cancel-sim/index.html",
            "2025-05-13\">13 May 2025",
        ),
        (
            "km/guides/cancel-sim/index.html",
            "2025-05-13\">13 ឧសភា 2025",
        ),
        (
            "en/guides/tourist-sim/index.html",
            "2025-06-01\">1 June 2025",
        ),
    ] {
        let html = site.read(output);
        assert!(
            html.contains(&format!("<time datetime=\"{time}</time>")),
            "{output}"
        );
    }
}

/// (word count, reading minutes) as the page shows them.
fn counts(site: &Site, output: &str) -> (usize, usize) {
    let html = site.read(output);
    let number = |open| text_of(&html, open).parse().expect("a number");
    (
        number("<span class=\"words\">"),
        number("<span class=\"minutes\">"),
    )
}

#[test]
fn chinese_is_counted_by_character_english_and_khmer_by_word() {
    let site = built();
    // The Chinese guide's body has exactly 600 Chinese characters (punctuation
    // not counted): 600 / 300 a minute.
    assert_eq!(counts(&site, "guides/cancel-sim/index.html"), (600, 2));
    // 234 words / 200 a minute, rounded up.
    assert_eq!(counts(&site, "en/guides/cancel-sim/index.html"), (234, 2));
    // The Khmer body has 1,419 Khmer characters in 68 space-separated runs.
    // Counted by ICU4X's dictionary word segmenter it is about 300 words
    // (311 with the data of icu_segmenter 2.4), so 2 minutes at 200 a
    // minute; counting characters or runs would be far off either way.
    let (words, minutes) = counts(&site, "km/guides/cancel-sim/index.html");
    assert!((280..=340).contains(&words), "{words} Khmer words");
    assert_eq!(minutes, 2);
    // "ទូរស័ព្ទខ្លះអាចប្រើអ៊ីស៊ីមបាន។" ("some phones can use an eSIM"): one run
    // of 30 characters and six words.
    let (words, _) = counts(&site, "km/guides/esim/index.html");
    assert!((4..=9).contains(&words), "{words} Khmer words");
}

#[test]
fn profile_links_resolve_in_the_profiles_language_and_are_checked() {
    let site = Site::fixture("languages");
    site.write(
        "content/operators/smart.en.md",
        "---\ntitle: Smart\n---\n\
         See [topping up](../guides/top-up.md) and [lost SIMs](../guides/lost-sim.md).\n",
    );
    site.build(&[]).assert_ok();
    let html = site.read("en/operators/smart/index.html");
    assert!(
        html.contains(r#"<a href="/en/guides/top-up/">topping up</a>"#),
        "{html}"
    );
    assert!(
        html.contains(r#"<a href="/guides/lost-sim/">lost SIMs</a>"#),
        "{html}"
    );

    site.write(
        "content/operators/metfone.md",
        "---\ntitle: Metfone\n---\n见[充值](../guides/chong-zhi.md)。\n",
    );
    let run = site.build(&[]);
    run.assert_fails();
    insta::assert_snapshot!("profile_broken_link", run.stderr_in(&site));
}

#[test]
fn an_i18n_file_that_is_not_key_text_lines_is_an_error() {
    let site = built();
    let before = site.read("en/guides/cancel-sim/index.html");
    site.write("i18n/en.yaml", "home: Home\nminutes:\n  - min\n");
    let run = site.build(&[]);
    run.assert_fails();
    insta::assert_snapshot!("i18n_not_text", run.stderr_in(&site));
    // A failed build leaves the last good output alone.
    assert_eq!(site.read("en/guides/cancel-sim/index.html"), before);
}

#[test]
fn a_default_language_suffix_beside_the_plain_file_is_a_clash() {
    let site = Site::fixture("languages");
    site.write(
        "content/guides/lost-sim.zh.md",
        "---\ntitle: 又一个\ndate: 2025-01-01\n---\n正文\n",
    );
    let run = site.build(&[]);
    run.assert_fails();
    let stderr = run.stderr_in(&site);
    assert!(stderr.contains("content/guides/lost-sim.md"), "{stderr}");
    assert!(stderr.contains("content/guides/lost-sim.zh.md"), "{stderr}");
    assert!(!site.exists("index.html"));
}

/// The repo root is the sample site: it builds, and its English and Khmer
/// home pages exist and link to guides in their own language.
#[test]
fn sample_site_has_english_and_khmer_home_pages() {
    let root = env!("CARGO_MANIFEST_DIR");
    let out = tempfile::tempdir().expect("temp dir");
    let out_path = out.path().to_str().expect("utf-8");
    common::mekong(&[
        "build",
        "--root",
        root,
        "--output",
        out_path,
        "--today",
        common::TODAY,
    ])
    .assert_ok();
    let read = |rel: &str| std::fs::read_to_string(out.path().join(rel)).expect(rel);
    for lang in ["en", "km"] {
        let home = read(&format!("{lang}/index.html"));
        assert_eq!(html_lang(&home), lang);
        let guides: Vec<&str> = tags(&home, "<a ")
            .into_iter()
            .filter_map(|t| attr(t, "href"))
            .filter(|h| h.contains("/guides/") && *h != format!("/{lang}/guides/"))
            .collect();
        assert!(!guides.is_empty(), "/{lang}/ lists no guides");
        for href in guides {
            assert!(
                href.starts_with(&format!("/{lang}/guides/")),
                "/{lang}/ links {href}"
            );
        }
        // Every guide written in that language is on its section page.
        let section = read(&format!("{lang}/guides/index.html"));
        let suffix = format!(".{lang}.md");
        for entry in std::fs::read_dir(format!("{root}/content/guides")).expect("guides") {
            let name = entry
                .expect("entry")
                .file_name()
                .to_string_lossy()
                .into_owned();
            if let Some(stem) = name.strip_suffix(&suffix).filter(|s| *s != "_index") {
                let href = format!("href=\"/{lang}/guides/{stem}/\"");
                assert!(section.contains(&href), "/{lang}/guides/ lacks {stem}");
            }
        }
    }
}
