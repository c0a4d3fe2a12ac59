//! The default theme on the repo's sample site: what a reader sees on the
//! home page, an operator's page and a guide; language alternates and the
//! switcher; fingerprinted stylesheets; theme strings in every language;
//! colour contrast.

mod common;

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use std::sync::OnceLock;

use common::{Site, mekong};

const REPO: &str = env!("CARGO_MANIFEST_DIR");

/// A copy of the sample site (site.yaml, content/, themes/) in a temp dir,
/// with its images already in the cache.
fn sample_site() -> Site {
    let site = copy_of_sample();
    for (rel, bytes) in image_cache() {
        site.write_bytes(&format!(".mekong-cache/{rel}"), bytes);
    }
    site
}

fn copy_of_sample() -> Site {
    let site = Site::empty();
    let repo = Path::new(REPO);
    std::fs::copy(repo.join("site.yaml"), site.path("site.yaml")).expect("copy site.yaml");
    for dir in ["content", "themes"] {
        common::copy_dir(&repo.join(dir), &site.path(dir));
    }
    site
}

/// The sample site's `.mekong-cache/`, made by one build: the guides'
/// diagrams take seconds to encode in a debug build, so they are encoded
/// once per run of these tests, not once per test.
fn image_cache() -> &'static BTreeMap<String, Vec<u8>> {
    static CACHE: OnceLock<BTreeMap<String, Vec<u8>>> = OnceLock::new();
    CACHE.get_or_init(|| {
        let site = copy_of_sample();
        site.build(&[]).assert_ok();
        common::file_tree(&site.path(".mekong-cache"))
    })
}

fn built_sample() -> Site {
    let site = sample_site();
    site.build(&[]).assert_ok();
    site
}

/// The sample site with one guide not translated into Khmer: every guide
/// of the sample has all three languages, and a reader of a site that is
/// still being translated must meet no dead end.
fn built_sample_without_khmer_esim() -> Site {
    let site = sample_site();
    std::fs::remove_file(site.path("content/guides/esim.km.md")).expect("remove esim.km.md");
    site.build(&[]).assert_ok();
    site
}

/// The part of `html` from the first `start` up to the next `end`.
fn between<'a>(html: &'a str, start: &str, end: &str) -> &'a str {
    let from = html
        .find(start)
        .unwrap_or_else(|| panic!("no `{start}` in the page"));
    let rest = &html[from..];
    &rest[..rest.find(end).unwrap_or(rest.len())]
}

/// Every `href="…"` in `html`, in order.
fn hrefs(html: &str) -> Vec<String> {
    html.split("href=\"")
        .skip(1)
        .filter_map(|s| s.split('"').next())
        .map(|s| s.replace("&amp;", "&"))
        .collect()
}

/// The output file a site-relative URL is served from.
fn served_file(url: &str) -> String {
    let path = url.trim_start_matches('/');
    let path = path.split('#').next().unwrap_or(path);
    if path.is_empty() || path.ends_with('/') {
        format!("{path}index.html")
    } else {
        path.to_string()
    }
}

fn html_pages(site: &Site) -> Vec<String> {
    site.outputs()
        .into_iter()
        .filter(|f| f.ends_with(".html"))
        .collect()
}

#[test]
fn home_shows_every_operator_with_its_colour_and_hotline() {
    let site = built_sample();
    let home = site.read("index.html");
    let grid = between(&home, "<ul class=\"op-grid\">", "</ul>\n</section>");
    for (name, colour, hotline) in [
        ("Smart", "#00a651", Some("888")),
        ("Metfone", "#e30613", Some("1777")),
        ("Cellcard", "#f58220", Some("812")),
        ("CooTel", "#0072bc", None),
        ("Seatel", "#0057b8", None),
    ] {
        let card = between(grid, &format!("style=\"--op:{colour}\""), "</li>");
        assert!(
            card.contains(&format!(">{name}</a>")),
            "{name} card: {card}"
        );
        match hotline {
            Some(number) => assert!(
                card.contains(&format!("href=\"tel:{number}\">{number}</a>")),
                "{name} hotline: {card}"
            ),
            // No hotline in the profile: said plainly, not left blank.
            None => assert!(card.contains("暂未核实"), "{name} without hotline: {card}"),
        }
    }
    // Unconfirmed hotlines are marked as such on the home page too.
    assert!(grid.contains("未核实"));
    let latest = between(&home, "id=\"latest-heading\"", "</section>");
    assert!(latest.contains("/guides/cancel-sim/"), "{latest}");
}

#[test]
fn operator_page_puts_the_profile_card_with_unconfirmed_marks_above_the_guides() {
    let site = built_sample();
    let page = site.read("operators/smart/index.html");
    let card = between(&page, "<article class=\"profile\"", "</article>");
    assert!(card.contains("<h1 id=\"term-heading\">"), "{card}");
    assert!(card.contains("href=\"tel:888\">888</a>"));
    assert!(
        card.contains(
            "<a href=\"https://www.smart.com.kh/\" rel=\"external\">www.smart.com.kh</a>"
        )
    );
    assert!(card.contains("<code>*888#</code>"));
    // The hotline and the balance code are unconfirmed (no stored Smart
    // page names them): each badge links to the official website. The
    // top-up codes are confirmed by Smart's top-up page.
    let check_link = "<a class=\"fact-site\" href=\"https://www.smart.com.kh/\" rel=\"external\">请向运营商确认</a>";
    assert_eq!(card.matches(check_link).count(), 2, "{card}");
    assert_eq!(
        card.matches("class=\"fact-badge fact-unconfirmed\" tabindex=\"0\">未核实<")
            .count(),
        2,
        "{card}"
    );
    assert_eq!(card.matches("fact-confirmed").count(), 3, "{card}");
    // Then the guides for Smart.
    let guides = &page[page.find("</article>").expect("card ends")..];
    assert!(guides.contains("Smart 相关指南"));
    assert!(guides.contains("href=\"/guides/check-balance/\""));
}

#[test]
fn operator_profiles_without_hotline_website_or_codes_say_so() {
    let site = built_sample();
    // Seatel's profile has no website, hotline or codes.
    let page = site.read("operators/seatel/index.html");
    let card = between(&page, "<article class=\"profile\"", "</article>");
    assert!(card.contains("暂未核实"), "{card}");
    assert!(card.contains("请到官方门店确认"), "{card}");
    assert!(card.contains("本站暂未核实这家运营商的常用代码"), "{card}");
    assert!(!card.contains("href=\"tel:"), "{card}");
    // CooTel has a website but no codes: the mark links to it.
    let page = site.read("en/operators/cootel/index.html");
    assert!(page.contains(
        "<a class=\"mark mark-check\" href=\"https://www.cootel.com.kh/\" rel=\"external\">check with the operator</a>"
    ));
}

#[test]
fn guide_page_shows_badges_contents_review_date_and_facts() {
    let site = built_sample();
    let page = site.read("guides/cancel-sim/index.html");
    let badges = between(&page, "<ul class=\"badges\"", "</ul>");
    for op in ["smart", "metfone", "cellcard", "cootel", "seatel"] {
        assert!(
            badges.contains(&format!("href=\"/operators/{op}/\"")),
            "{op}: {badges}"
        );
    }
    assert!(page.contains("页面最后检查 <time datetime=\"2026-11-29\">2026年11月29日</time>"));
    // The contents list links to headings that exist on the page.
    let toc = between(&page, "<nav class=\"toc\"", "</nav>");
    let anchors: Vec<String> = hrefs(toc);
    assert!(anchors.len() >= 4, "{toc}");
    for anchor in &anchors {
        let id = anchor.trim_start_matches('#');
        assert!(page.contains(&format!("id=\"{id}\"")), "no heading {id}");
    }
    let facts = between(&page, "<aside class=\"facts\"", "</aside>");
    assert!(facts.contains("<dt>注销所需证件</dt>"));
    assert_eq!(facts.matches("请向运营商确认").count(), 4, "{facts}");
    // The facts box ends with the official websites of the operators.
    assert!(facts.contains("<a href=\"https://www.smart.com.kh/\" rel=\"external\">Smart</a>"));
    assert!(!page.contains("notice-stale"));
}

#[test]
fn a_fact_about_one_operator_links_to_that_operators_website() {
    let site = built_sample();
    let page = site.read("en/guides/check-balance/index.html");
    let facts = between(&page, "<aside class=\"facts\"", "</aside>");
    let smart = between(facts, "<dt>Smart balance code</dt>", "</div>");
    assert!(
        smart.contains(
            "href=\"https://www.smart.com.kh/\" rel=\"external\">check with the operator</a>"
        ),
        "{smart}"
    );
    let cellcard = between(facts, "<dt>Cellcard balance code</dt>", "</div>");
    assert!(
        cellcard.contains("fact-confirmed\" tabindex=\"0\">confirmed<"),
        "{cellcard}"
    );
}

#[test]
fn stale_notice_appears_only_once_a_guide_is_past_its_review_age() {
    let site = sample_site();
    let root = site.root().to_str().expect("utf-8 path").to_string();
    mekong(&["build", "--root", &root, "--today", "2030-01-01"]).assert_ok();
    let page = site.read("guides/cancel-sim/index.html");
    let notice = between(&page, "<div class=\"notice notice-stale\"", "</div>");
    // Reviewed 2026-11-29; 2030-01-01 is 1129 days later.
    assert!(notice.contains("本指南的信息可能已过时"), "{notice}");
    assert!(notice.contains("已有 1129 天未核实"), "{notice}");
    let en = site.read("en/guides/cancel-sim/index.html");
    assert!(en.contains("Its facts were last checked 1129 days ago"));
    assert!(site.read("guides/index.html").contains("可能已过时"));

    // Built today, no guide is stale.
    site.build(&[]).assert_ok();
    for page in html_pages(&site) {
        assert!(
            !site.read(&page).contains("notice-stale"),
            "{page} is marked stale"
        );
    }
}

#[test]
fn a_translation_marked_unchecked_says_so_in_its_own_language() {
    let site = built_sample();
    let km = site.read("km/guides/roaming/index.html");
    let notice = between(
        &km,
        "<div class=\"notice notice-translation\" role=\"note\">",
        "</div>",
    );
    assert!(
        notice.contains("អត្ថបទខ្មែរនេះមិនទាន់បានពិនិត្យនៅឡើយទេ។"),
        "{notice}"
    );
    // Above the facts box, so a reader meets it before any fact.
    assert!(km.find("notice-translation") < km.find("<aside class=\"facts\""));
    // The Chinese original and the English translation carry no such mark.
    for page in ["guides/roaming/index.html", "en/guides/roaming/index.html"] {
        assert!(!site.read(page).contains("notice-translation"), "{page}");
    }
    // Every Khmer guide of the sample is marked until a native speaker reads it.
    let unmarked: Vec<String> = html_pages(&site)
        .into_iter()
        .filter(|p| p.starts_with("km/guides/") && p != "km/guides/index.html")
        .filter(|p| !site.read(p).contains("notice-translation"))
        .collect();
    assert!(unmarked.is_empty(), "{unmarked:?}");
}

#[test]
fn stylesheet_is_fingerprinted_linked_and_present() {
    let site = built_sample();
    let home = site.read("index.html");
    let href = hrefs(&home)
        .into_iter()
        .find(|h| h.ends_with(".css"))
        .expect("a stylesheet link");
    let theme_css = std::fs::read(Path::new(REPO).join("themes/default/static/style.css"))
        .expect("theme stylesheet");
    let expected = mekong::render::fingerprint::fingerprinted_name("style.css", &theme_css);
    assert_eq!(href, format!("/{expected}"));
    let name = href.trim_start_matches('/');
    let hash = name
        .strip_prefix("style.")
        .and_then(|r| r.strip_suffix(".css"))
        .expect("style.<hash>.css");
    assert!(hash.len() == 8 && hash.chars().all(|c| c.is_ascii_hexdigit()));
    assert_eq!(
        std::fs::read(site.path("public").join(name)).expect("css"),
        theme_css
    );
    assert_eq!(
        std::fs::read(site.path("public/style.css")).expect("css"),
        theme_css,
        "the file is also published under its own name"
    );
    // Every page links the same file.
    for page in html_pages(&site) {
        let text = site.read(&page);
        if text.contains("rel=\"stylesheet\"") {
            assert!(text.contains(&format!("href=\"{href}\"")), "{page}");
        }
    }
}

#[test]
fn a_sites_own_stylesheet_replaces_the_themes_under_a_new_name() {
    let site = sample_site();
    site.write("static/style.css", "body{color:#000}\n");
    site.build(&["--base-url", "https://example.org/docs/"])
        .assert_ok();
    let name = mekong::render::fingerprint::fingerprinted_name("style.css", b"body{color:#000}\n");
    assert!(
        site.read("index.html")
            .contains(&format!("href=\"/docs/{name}\""))
    );
    assert_eq!(site.read(&name), "body{color:#000}\n");
}

#[test]
fn asset_url_of_a_missing_file_is_an_error_naming_it() {
    let site = Site::with_config("");
    site.write(
        "templates/index.html",
        "<link rel=\"stylesheet\" href=\"{{ asset_url(path='missing.css') }}\">",
    );
    let run = site.build(&[]);
    run.assert_fails();
    assert!(
        run.stderr().contains("no file `missing.css` in static/"),
        "{}",
        run.stderr()
    );
}

#[test]
fn hreflang_alternates_name_every_translation_itself_and_x_default() {
    let site = built_sample_without_khmer_esim();
    let zh = site.read("guides/cancel-sim/index.html");
    let head = between(&zh, "<head>", "</head>");
    for (lang, url) in [
        ("zh", "http://localhost:1111/guides/cancel-sim/"),
        ("en", "http://localhost:1111/en/guides/cancel-sim/"),
        ("km", "http://localhost:1111/km/guides/cancel-sim/"),
        ("x-default", "http://localhost:1111/guides/cancel-sim/"),
    ] {
        assert!(
            head.contains(&format!(
                "<link rel=\"alternate\" hreflang=\"{lang}\" href=\"{url}\">"
            )),
            "{lang} in {head}"
        );
    }
    // From a translation, x-default is still the default-language page.
    let en = site.read("en/guides/cancel-sim/index.html");
    assert!(en.contains("<html lang=\"en\">"));
    assert!(en.contains(
        "<link rel=\"alternate\" hreflang=\"x-default\" href=\"http://localhost:1111/guides/cancel-sim/\">"
    ));
    // No Khmer eSIM guide: no Khmer alternate.
    let esim = site.read("guides/esim/index.html");
    assert!(esim.contains("hreflang=\"en\""));
    assert!(!esim.contains("<link rel=\"alternate\" hreflang=\"km\""));
}

#[test]
fn every_switcher_and_menu_link_leads_to_a_built_page() {
    let site = built_sample_without_khmer_esim();
    let pages = html_pages(&site);
    let mut checked = 0;
    for page in &pages {
        let html = site.read(page);
        if !html.contains("<header class=\"site-header\">") {
            continue; // redirects
        }
        let header = between(&html, "<header class=\"site-header\">", "</header>");
        for href in hrefs(header) {
            assert!(
                site.exists(&served_file(&href)),
                "{page}: header link {href} leads nowhere"
            );
            checked += 1;
        }
    }
    assert!(checked > pages.len() * 3, "only {checked} links checked");
    // The switcher goes to the same guide in the other language…
    let zh = site.read("guides/cancel-sim/index.html");
    let switcher = between(&zh, "<nav class=\"lang-switch\"", "</nav>");
    assert!(switcher.contains("href=\"/en/guides/cancel-sim/\" hreflang=\"en\""));
    // …or to that language's home when the guide is not translated.
    let esim = site.read("guides/esim/index.html");
    let switcher = between(&esim, "<nav class=\"lang-switch\"", "</nav>");
    assert!(
        switcher.contains("href=\"/km/\" hreflang=\"km\""),
        "{switcher}"
    );
}

#[test]
fn every_page_has_landmarks_a_skip_link_and_one_title() {
    let site = built_sample();
    for page in html_pages(&site) {
        let html = site.read(&page);
        if html.contains("http-equiv=\"refresh\"") {
            continue;
        }
        assert!(html.starts_with("<!DOCTYPE html>"), "{page}");
        assert!(
            html.contains("<a class=\"skip-link\" href=\"#main\">"),
            "{page}"
        );
        assert!(html.contains("<main id=\"main\""), "{page}");
        assert!(html.contains("<header class=\"site-header\">"), "{page}");
        assert!(html.contains("<footer class=\"site-footer\">"), "{page}");
        assert_eq!(html.matches("<h1").count(), 1, "{page}");
        for img in html.split("<img").skip(1) {
            let tag = img.split('>').next().unwrap_or_default();
            assert!(
                tag.contains(" alt="),
                "{page}: image without alt: <img{tag}>"
            );
        }
    }
}

/// Literal keys of `trans(key="…")` in the theme's templates.
fn keys_used_by_templates() -> BTreeSet<String> {
    let mut keys = BTreeSet::new();
    let dir = Path::new(REPO).join("themes/default/templates");
    for entry in walkdir::WalkDir::new(dir).into_iter().flatten() {
        if !entry.file_type().is_file() {
            continue;
        }
        let text = std::fs::read_to_string(entry.path()).expect("template");
        for quote in ['"', '\''] {
            let start = format!("trans(key={quote}");
            for rest in text.split(start.as_str()).skip(1) {
                keys.insert(rest.split(quote).next().expect("key").to_string());
            }
        }
    }
    // Taxonomy names are looked up by value: `trans(key=taxonomy.name)`.
    keys.extend(["operators".to_string(), "topics".to_string()]);
    // Titles Markdown writes itself (src/markdown/labels.rs): alerts,
    // containers, details, footnote back-links.
    keys.extend(
        [
            "alert_note",
            "alert_tip",
            "alert_important",
            "alert_warning",
            "alert_caution",
            "alert_info",
            "alert_danger",
            "details",
            "footnote_back",
        ]
        .map(String::from),
    );
    keys
}

#[test]
fn every_theme_string_exists_in_chinese_english_and_khmer() {
    let used = keys_used_by_templates();
    assert!(used.len() > 30, "{used:?}");
    for lang in ["zh", "en", "km"] {
        let path = Path::new(REPO).join(format!("themes/default/i18n/{lang}.yaml"));
        let text = std::fs::read_to_string(&path).expect("i18n file");
        let strings: std::collections::BTreeMap<String, String> =
            serde_yaml::from_str(&text).expect("key: text lines");
        for key in &used {
            let value = strings
                .get(key)
                .unwrap_or_else(|| panic!("{lang}.yaml has no `{key}`"));
            assert!(!value.trim().is_empty(), "{lang}.yaml: `{key}` is empty");
        }
        let unused: Vec<&String> = strings.keys().filter(|k| !used.contains(*k)).collect();
        assert!(unused.is_empty(), "{lang}.yaml: unused keys {unused:?}");
    }
}

/// `--name: #rrggbb;` declarations of one `:root { … }` block.
fn colours(block: &str) -> std::collections::HashMap<String, String> {
    let body = block.split_once('{').map_or(block, |(_, body)| body);
    body.split(';')
        .filter_map(|decl| {
            let (name, value) = decl.split_once(':')?;
            let value = value.trim();
            (name.trim().starts_with("--") && value.starts_with('#') && value.len() == 7)
                .then(|| (name.trim().to_string(), value.to_string()))
        })
        .collect()
}

fn contrast(a: &str, b: &str) -> f64 {
    let luminance = |hex: &str| {
        let channel = |i: usize| {
            let c = f64::from(u8::from_str_radix(&hex[i..i + 2], 16).expect("hex")) / 255.0;
            if c <= 0.03928 {
                c / 12.92
            } else {
                ((c + 0.055) / 1.055).powf(2.4)
            }
        };
        0.2126 * channel(1) + 0.7152 * channel(3) + 0.0722 * channel(5)
    };
    let (la, lb) = (luminance(a), luminance(b));
    (la.max(lb) + 0.05) / (la.min(lb) + 0.05)
}

#[test]
fn text_colours_meet_wcag_aa_in_light_and_dark_mode() {
    let css = std::fs::read_to_string(Path::new(REPO).join("themes/default/static/style.css"))
        .expect("stylesheet");
    let light = colours(between(&css, ":root {", "}"));
    let dark_block = between(&css, "@media (prefers-color-scheme: dark)", "}\n}");
    let dark = colours(between(dark_block, ":root {", "}"));
    // Text colour on each background it is used on.
    let pairs = [
        ("--fg", "--bg"),
        ("--fg", "--soft"),
        ("--muted", "--bg"),
        ("--muted", "--soft"),
        ("--accent", "--bg"),
        ("--accent", "--soft"),
        ("--accent", "--accent-soft"),
        ("--warn-fg", "--warn-bg"),
        ("--ok-fg", "--ok-bg"),
    ];
    for (mode, vars) in [("light", &light), ("dark", &dark)] {
        for (text, background) in pairs {
            let (a, b) = (&vars[text], &vars[background]);
            let ratio = contrast(a, b);
            assert!(
                ratio >= 4.5,
                "{mode}: {text} {a} on {background} {b} is {ratio:.2}:1"
            );
        }
    }
}
