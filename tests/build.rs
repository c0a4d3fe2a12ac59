//! `mekong build` end to end (issue 2): the real binary builds fixture sites
//! into temp dirs, and the tests read the HTML, feeds and sitemaps a reader
//! or a crawler would get.

mod common;

use common::{
    Site, attr_values, h1_of, links_under, main_of, parse_xml, text_of, xml_attrs, xml_texts,
};

/// The basic fixture, built with `args`; the build must succeed.
fn basic(args: &[&str]) -> Site {
    let site = Site::fixture("basic");
    site.build(args).assert_ok();
    site
}

// ---- Content loading -------------------------------------------------------

#[test]
fn pages_sections_bundles_and_assets_land_at_their_urls() {
    let site = basic(&[]);
    let outputs = site.outputs();
    for expected in [
        "index.html",
        "guides/index.html",
        "guides/cancel-sim/index.html",
        "guides/top-up/index.html",
        "guides/roaming/index.html",
        "guides/roaming/map.jpg",
        "guides/notes/index.html",
        "guides/notes/keep-number/index.html",
        "en/guides/cancel-sim/index.html",
        "files/price-list.txt",
        "operators/smart/index.html",
    ] {
        assert!(
            outputs.contains(&expected.to_string()),
            "missing {expected} in {outputs:#?}"
        );
    }
    assert!(main_of(&site.read("index.html")).contains("欢迎来到测试指南。"));
    // A bundle's files travel with its page, byte for byte.
    assert_eq!(
        std::fs::read(site.path("public/guides/roaming/map.jpg")).unwrap(),
        std::fs::read(site.path("content/guides/roaming/map.jpg")).unwrap()
    );
    assert_eq!(site.read("files/price-list.txt"), "price list\n");
    // The bundle is a page, not a section of its own.
    assert!(!site.exists("guides/roaming/index/index.html"));
}

#[test]
fn a_section_without_index_md_is_titled_by_its_folder() {
    let site = basic(&[]);
    let notes = site.read("guides/notes/index.html");
    assert_eq!(h1_of(&notes), "notes");
    assert_eq!(
        links_under(&notes, "/guides/notes/"),
        ["/guides/notes/keep-number/"]
    );
    // A page lives in its nearest section, not in the parent's list.
    assert!(
        !links_under(&site.read("guides/index.html"), "/guides/")
            .contains(&"/guides/notes/keep-number/".to_string())
    );
}

#[test]
fn sections_sort_by_date_title_or_weight_and_break_ties_by_title_then_path() {
    let site = Site::with_config("");
    let page = |rel: &str, front: &str| {
        site.write(rel, &format!("---\n{front}\n---\nText.\n"));
    };
    site.write("content/by-date/_index.md", "---\ntitle: By date\n---\n");
    page("content/by-date/a.md", "title: B\ndate: 2025-01-02");
    page("content/by-date/b.md", "title: A\ndate: 2025-01-02");
    page("content/by-date/c.md", "title: C\ndate: 2025-03-01");
    page("content/by-date/d.md", "title: A\ndate: 2025-01-02");
    site.write(
        "content/by-title/_index.md",
        "---\ntitle: By title\nsort_by: title\n---\n",
    );
    page("content/by-title/z.md", "title: Alpha\ndate: 2025-01-01");
    page("content/by-title/y.md", "title: Beta\ndate: 2025-09-01");
    page("content/by-title/x.md", "title: Alpha\ndate: 2025-01-01");
    site.write(
        "content/by-weight/_index.md",
        "---\ntitle: By weight\nsort_by: weight\n---\n",
    );
    page(
        "content/by-weight/p.md",
        "title: B\ndate: 2025-01-01\nweight: 2",
    );
    page(
        "content/by-weight/q.md",
        "title: Z\ndate: 2025-01-01\nweight: 1",
    );
    page(
        "content/by-weight/r.md",
        "title: A\ndate: 2025-01-01\nweight: 2",
    );
    page(
        "content/by-weight/s.md",
        "title: Unweighted\ndate: 2025-12-01",
    );
    page(
        "content/by-weight/t.md",
        "title: Light\ndate: 2025-01-01\nweight: -5",
    );
    site.build(&[]).assert_ok();

    let order = |section: &str| {
        let html = site.read(&format!("{section}/index.html"));
        links_under(&html, &format!("/{section}/"))
    };
    assert_eq!(
        order("by-date"),
        ["/by-date/c/", "/by-date/b/", "/by-date/d/", "/by-date/a/"]
    );
    assert_eq!(
        order("by-title"),
        ["/by-title/x/", "/by-title/z/", "/by-title/y/"]
    );
    // Lightest first; a page without a weight goes last, as in Hugo and Zola.
    assert_eq!(
        order("by-weight"),
        [
            "/by-weight/t/",
            "/by-weight/q/",
            "/by-weight/r/",
            "/by-weight/p/",
            "/by-weight/s/"
        ]
    );
}

/// Regression: weight 0 sorted last for pages but first for sections and
/// terms. One rule now: 0 is "no weight" and comes after weighted items.
#[test]
fn sections_and_terms_put_unweighted_last_like_pages() {
    let site = Site::with_config("taxonomies:\n  - topics\n");
    let section = |dir: &str, front: &str| {
        site.write(
            &format!("content/g/{dir}/_index.md"),
            &format!("---\n{front}\n---\n"),
        );
        site.write(
            &format!("content/g/{dir}/p.md"),
            "---\ntitle: P\ndate: 2025-01-01\ntopics: [a, b, c]\n---\n",
        );
    };
    section("a", "title: A");
    section("b", "title: B\nweight: 2");
    section("c", "title: C\nweight: 1");
    site.write("content/topics/a.md", "---\ntitle: A\n---\n");
    site.write("content/topics/b.md", "---\ntitle: B\nweight: 2\n---\n");
    site.write("content/topics/c.md", "---\ntitle: C\nweight: 1\n---\n");
    site.build(&[]).assert_ok();
    let g = site.read("g/index.html");
    let subsections: Vec<String> = links_under(&g, "/g/")
        .into_iter()
        .filter(|l| !l.ends_with("/p/"))
        .collect();
    assert_eq!(subsections, ["/g/c/", "/g/b/", "/g/a/"]);
    let topics = links_under(&site.read("topics/index.html"), "/topics/");
    assert_eq!(topics, ["/topics/c/", "/topics/b/", "/topics/a/"]);
}

#[test]
fn paginate_splits_a_section_and_page_one_redirects_to_the_section() {
    let site = basic(&[]);
    // The subsection link (guides/notes/) is not one of the listed pages.
    let guides = |html: &str| {
        let mut list = links_under(html, "/guides/");
        list.retain(|url| url != "/guides/notes/");
        list
    };
    let first = site.read("guides/index.html");
    assert_eq!(
        guides(&first),
        [
            "/guides/top-up/",
            "/guides/cancel-sim/",
            "/guides/roaming/",
            "/guides/ru-he-zhu-xiao-smart-dian-hua-ka/"
        ]
    );
    assert!(
        attr_values(main_of(&first), "href").contains(&"/guides/page/2/".to_string()),
        "no link to page 2:\n{first}"
    );
    let second = site.read("guides/page/2/index.html");
    assert_eq!(guides(&second), ["/guides/my-own-url/"]);
    assert!(
        attr_values(main_of(&second), "href").contains(&"/guides/".to_string()),
        "no link back to page 1:\n{second}"
    );
    assert!(!site.exists("guides/page/3/index.html"));
    let redirect = site.read("guides/page/1/index.html");
    assert!(
        redirect.contains(
            r#"<meta http-equiv="refresh" content="0; url=https://example.org/guides/">"#
        ),
        "{redirect}"
    );
}

#[test]
fn static_files_are_copied_and_the_sites_file_wins_over_the_themes() {
    let site = basic(&[]);
    assert_eq!(site.read("favicon.ico"), "site favicon\n");
    assert_eq!(site.read("humans.txt"), "User-agent: nobody\n");

    // A theme on disk: its static files are copied unless the site has one
    // of the same name.
    let site = Site::with_config("");
    site.edit("site.yaml", "theme: default", "theme: plain");
    for name in mekong::render::templates::REQUIRED {
        site.write(
            &format!("themes/plain/templates/{name}"),
            "<!DOCTYPE html>\n<p>plain theme</p>\n",
        );
    }
    site.write("themes/plain/static/theme-only.txt", "theme only\n");
    site.write("themes/plain/static/img/logo.svg", "<svg>theme</svg>\n");
    site.write("static/img/logo.svg", "<svg>site</svg>\n");
    site.build(&[]).assert_ok();
    assert_eq!(site.read("theme-only.txt"), "theme only\n");
    assert_eq!(site.read("img/logo.svg"), "<svg>site</svg>\n");
    assert!(site.read("index.html").contains("plain theme"));
}

#[test]
fn the_default_theme_is_built_in_and_brings_its_static_files() {
    let site = Site::with_config("");
    site.build(&[]).assert_ok();
    // Whatever the theme calls its stylesheet, the page links one that exists.
    let home = site.read("index.html");
    let stylesheet = home
        .split("<link rel=\"stylesheet\" href=\"")
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .unwrap_or_else(|| panic!("no stylesheet in:\n{home}"));
    let css = site.read(stylesheet.trim_start_matches('/'));
    assert!(css.contains('{'), "{stylesheet} is not CSS:\n{css}");
}

#[test]
fn term_profiles_are_not_pages() {
    let site = basic(&[]);
    // smart.md has no date, which a page would need: it built as a profile.
    let feed = site.read("atom.xml");
    let doc = parse_xml("atom.xml", &feed);
    assert!(!xml_texts(&doc, "title").contains(&"Smart".to_string()));
    let sitemap = site.read("sitemap.xml");
    let doc = parse_xml("sitemap.xml", &sitemap);
    let locs = xml_texts(&doc, "loc");
    assert_eq!(
        locs.iter()
            .filter(|l| *l == "https://example.org/operators/smart/")
            .count(),
        1
    );
    // Its text shows on the term page instead.
    assert!(
        text_of(main_of(&site.read("operators/smart/index.html")))
            .contains("Smart 是柬埔寨最大的运营商之一。")
    );
}

// ---- Front matter ------------------------------------------------------------

#[test]
fn a_byte_order_mark_and_crlf_line_ends_are_tolerated() {
    let site = Site::with_config("");
    site.write(
        "content/windows.md",
        "\u{feff}---\r\ntitle: 记事本保存的指南\r\ndate: 2025-05-13\r\ndescription: 用 Windows 记事本写的\r\n---\r\n第一段。\r\n\r\n## 费用\r\n",
    );
    site.build(&[]).assert_ok();
    let html = site.read("windows/index.html");
    assert!(html.contains("<title>记事本保存的指南"), "{html}");
    assert!(html.contains(r#"<meta name="description" content="用 Windows 记事本写的">"#));
    assert!(html.contains("<p>第一段。</p>"));
    assert!(html.contains(r#"<h2 id="费用">费用</h2>"#));
    assert!(!html.contains('\u{feff}'));
}

#[test]
fn the_language_comes_from_the_file_name() {
    let site = basic(&[]);
    let en = site.read("en/guides/cancel-sim/index.html");
    assert!(en.contains(r#"<html lang="en""#));
    assert_eq!(h1_of(&en), "How to cancel a SIM");
    assert!(
        en.contains(
            r#"<link rel="alternate" hreflang="zh" href="https://example.org/guides/cancel-sim/">"#
        ),
        "{en}"
    );
    let zh = site.read("guides/cancel-sim/index.html");
    assert!(zh.contains(r#"<html lang="zh""#));
    assert!(zh.contains(
        r#"<link rel="alternate" hreflang="en" href="https://example.org/en/guides/cancel-sim/">"#
    ));
    // An English page links to a guide that has no English translation: the
    // link falls back to the page that exists.
    assert!(
        en.contains(r#"<a href="/guides/top-up/">top up</a>"#),
        "{en}"
    );
}

// ---- Markdown ----------------------------------------------------------------

#[test]
fn tables_footnotes_strikethrough_task_lists_and_heading_ids_render() {
    let site = basic(&[]);
    let html = site.read("guides/cancel-sim/index.html");
    assert!(
        html.contains("<table><thead><tr><th>方式</th><th>费用</th></tr></thead>"),
        "{html}"
    );
    assert!(html.contains("<del>旧价格</del>"));
    // Checkboxes are named by their item; footnote ids are `fn-`/`fnref-`.
    assert!(
        html.contains(r#"<input disabled="" type="checkbox" checked="" aria-label="带护照"/>"#)
    );
    assert!(html.contains(r#"<div class="footnote-definition" id="fn-1">"#));
    assert!(html.contains(r##"id="fnref-1"><a href="#fn-1">1</a>"##));
    // `{#fees}` sets the id; otherwise GitHub's rule keeps Chinese letters,
    // and a repeated heading gets -1.
    let ids: Vec<String> = attr_values(&html, "id")
        .into_iter()
        .filter(|id| ["fees", "费用"].iter().any(|h| id.starts_with(h)))
        .collect();
    assert_eq!(ids, ["fees", "费用", "费用-1"]);
    assert!(html.contains(r#"<h2 id="fees">费用</h2>"#), "{html}");
}

#[test]
fn the_summary_is_the_text_before_more_or_the_first_paragraph_and_shows_in_the_feed() {
    let site = basic(&[]);
    let feed = site.read("atom.xml");
    let doc = parse_xml("atom.xml", &feed);
    let summary_of = |title: &str| -> String {
        let entry = doc
            .descendants()
            .filter(|n| n.has_tag_name("entry"))
            .find(|e| {
                e.children()
                    .any(|c| c.has_tag_name("title") && c.text() == Some(title))
            })
            .unwrap_or_else(|| panic!("no entry {title} in {feed}"));
        let summary = entry
            .children()
            .find(|c| c.has_tag_name("summary"))
            .expect("a summary");
        assert_eq!(summary.attribute("type"), Some("html"));
        summary.text().unwrap_or("").to_string()
    };
    // Before `<!-- more -->`: both paragraphs, nothing after.
    let cancel = summary_of("如何注销电话卡");
    assert!(cancel.contains("<p>注销之前先用完余额。</p>"), "{cancel}");
    assert!(cancel.contains("<p>然后带护照去门店办理。</p>"), "{cancel}");
    assert!(!cancel.contains("充值"), "{cancel}");
    // No marker: the first paragraph.
    assert_eq!(
        summary_of("充值").trim(),
        "<p>买一张充值卡，刮开涂层，拨打充值代码。</p>"
    );
}

#[test]
fn chinese_text_counts_each_character_as_a_word_for_reading_time() {
    let site = Site::with_config("");
    site.write(
        "templates/page.html",
        "words={{ page.word_count }} minutes={{ page.reading_time }}",
    );
    site.write(
        "content/long.md",
        &format!(
            "---\ntitle: 长文\ndate: 2025-01-01\n---\n{}\n",
            "注销电话卡之前先用完余额。".repeat(60)
        ),
    );
    site.write(
        "content/short.md",
        "---\ntitle: 短文\ndate: 2025-01-01\n---\n先充值，再注销。Then cancel it.\n",
    );
    site.build(&[]).assert_ok();
    // 12 characters × 60 = 720 characters at 300 a minute: 3 minutes.
    assert_eq!(site.read("long/index.html"), "words=720 minutes=3");
    assert_eq!(site.read("short/index.html"), "words=9 minutes=1");
}

// ---- Links -------------------------------------------------------------------

#[test]
fn relative_links_to_content_files_become_output_urls() {
    let site = basic(&[]);
    let cancel = site.read("guides/cancel-sim/index.html");
    let links = attr_values(main_of(&cancel), "href");
    for expected in [
        "/guides/top-up/",
        "/guides/roaming/#fees",
        "/",
        "/guides/notes/",
        "/files/price-list.txt",
        "/guides/notes/keep-number/",
    ] {
        assert!(
            links.contains(&expected.to_string()),
            "no link to {expected} in {links:?}"
        );
    }
    assert!(
        !cancel.contains(".md\""),
        "a .md link was left as written:\n{cancel}"
    );
    let notes = site.read("guides/notes/keep-number/index.html");
    assert!(
        notes.contains(r#"<a href="/guides/roaming/#fees">漫游费用</a>"#),
        "{notes}"
    );
    let roaming = site.read("guides/roaming/index.html");
    assert!(
        roaming.contains(r#"<img src="/guides/roaming/map.jpg" alt="漫游地图" />"#),
        "{roaming}"
    );
}

#[test]
fn a_link_to_a_missing_file_or_a_draft_fails_naming_file_and_line() {
    let site = basic(&[]);
    site.write("content/guides/links.md", "---\ntitle: 链接\ndate: 2025-01-01\n---\n第一行。\n\n看[不存在的](nowhere.md)。\n\n看[草稿](secret.md)。\n");
    let run = site.build(&[]);
    run.assert_fails();
    let stderr = run.stderr();
    assert!(stderr.contains("content/guides/links.md:7:"), "{stderr}");
    assert!(stderr.contains("nowhere.md"), "{stderr}");
    assert!(stderr.contains("content/guides/links.md:9:"), "{stderr}");
    assert!(stderr.contains("draft"), "{stderr}");
    // With --drafts the draft is built and the link to it is fine.
    site.edit("content/guides/links.md", "看[不存在的](nowhere.md)。", "");
    site.build(&[]).assert_fails();
    site.build(&["--drafts"]).assert_ok();
    assert!(
        site.read("guides/links/index.html")
            .contains(r#"<a href="/guides/secret/">草稿</a>"#)
    );
}

// ---- URLs --------------------------------------------------------------------

#[test]
fn a_base_url_with_a_path_prefix_is_honoured_everywhere() {
    let site = basic(&["--base-url", "https://example.org/docs/"]);
    for file in site.outputs() {
        let text =
            String::from_utf8_lossy(&std::fs::read(site.path("public").join(&file)).unwrap())
                .into_owned();
        if file.ends_with(".html") {
            for url in attr_values(&text, "href")
                .into_iter()
                .chain(attr_values(&text, "src"))
            {
                let internal = url.starts_with('/') || url.starts_with("https://example.org");
                if internal {
                    assert!(
                        url.starts_with("/docs/") || url.starts_with("https://example.org/docs/"),
                        "{file} links to {url} without the /docs/ prefix"
                    );
                }
            }
        }
        if file.ends_with(".xml") {
            let doc = parse_xml(&file, &text);
            let urls = xml_texts(&doc, "loc")
                .into_iter()
                .chain(xml_attrs(&doc, "link", "href"))
                .chain(xml_texts(&doc, "id"));
            for url in urls {
                assert!(
                    url.starts_with("https://example.org/docs/"),
                    "{file} has {url}"
                );
            }
        }
    }
    let page = site.read("guides/cancel-sim/index.html");
    assert!(
        page.contains(
            r#"<link rel="canonical" href="https://example.org/docs/guides/cancel-sim/">"#
        ),
        "{page}"
    );
    assert!(page.contains(r#"<a href="/docs/guides/top-up/">充值</a>"#));
    // A site path written in Markdown gets the prefix too.
    assert!(page.contains(r#"<a href="/docs/guides/notes/keep-number/">保号</a>"#));
    assert!(
        site.read("robots.txt")
            .contains("Sitemap: https://example.org/docs/sitemap.xml")
    );
    assert!(
        site.read("old/cancel/index.html")
            .contains("url=https://example.org/docs/guides/cancel-sim/")
    );
}

#[test]
fn chinese_file_names_become_pinyin_slugs_and_slug_overrides_the_name() {
    let site = basic(&[]);
    let html = site.read("guides/ru-he-zhu-xiao-smart-dian-hua-ka/index.html");
    assert_eq!(h1_of(&html), "如何注销 Smart 电话卡");
    assert_eq!(
        h1_of(&site.read("guides/my-own-url/index.html")),
        "自定义地址"
    );
    assert!(!site.exists("guides/custom/index.html"));
}

#[test]
fn two_pages_on_one_url_fail_naming_both_files() {
    let site = Site::with_config("");
    // 冲值, a common misspelling of 充值, has the same pinyin: chong-zhi.
    site.write(
        "content/充值.md",
        "---\ntitle: 充值\ndate: 2025-01-01\n---\n",
    );
    site.write(
        "content/冲值.md",
        "---\ntitle: 冲值\ndate: 2025-01-01\n---\n",
    );
    let run = site.build(&[]);
    run.assert_fails();
    let stderr = run.stderr();
    assert!(
        stderr.contains("content/充值.md") && stderr.contains("content/冲值.md"),
        "{stderr}"
    );
    assert!(
        stderr.contains("/chong-zhi/") && stderr.contains("slug:"),
        "{stderr}"
    );
    assert!(!site.exists(""));

    let site = Site::with_config("");
    site.write(
        "content/a.md",
        "---\ntitle: A\ndate: 2025-01-01\nslug: same\n---\n",
    );
    site.write(
        "content/b.md",
        "---\ntitle: B\ndate: 2025-01-01\nslug: same\n---\n",
    );
    let run = site.build(&[]);
    run.assert_fails();
    assert!(
        run.stderr().contains("content/a.md") && run.stderr().contains("content/b.md"),
        "{}",
        run.stderr()
    );
}

// ---- Templates ---------------------------------------------------------------

#[test]
fn site_templates_override_the_themes_by_name() {
    let site = basic(&[]);
    let not_found = site.read("404.html");
    assert!(
        not_found.contains("这里什么也没有（站点自己的 404 模板）"),
        "{not_found}"
    );
    // The theme's base.html still wraps it.
    assert!(not_found.starts_with("<!DOCTYPE html>"));
}

#[test]
fn every_page_is_html5_with_lang_title_description_and_canonical() {
    let site = basic(&[]);
    let pages: Vec<String> = site
        .outputs()
        .into_iter()
        .filter(|f| {
            f.ends_with("index.html") && !f.starts_with("old/") && !f.ends_with("page/1/index.html")
        })
        .collect();
    assert!(pages.len() > 15, "{pages:?}");
    for file in pages {
        let html = site.read(&file);
        let path = file.trim_end_matches("index.html");
        assert!(html.starts_with("<!DOCTYPE html>\n"), "{file}");
        let lang = if path.starts_with("en/") { "en" } else { "zh" };
        assert!(html.contains(&format!("<html lang=\"{lang}\"")), "{file}");
        assert!(html.contains("<meta charset=\"utf-8\">"), "{file}");
        let title = html
            .split("<title>")
            .nth(1)
            .and_then(|t| t.split("</title>").next())
            .unwrap_or("");
        assert!(!title.trim().is_empty(), "{file} has no title");
        let description = attr_values(&html, "content");
        assert!(
            html.contains("<meta name=\"description\" content=\"")
                && !description.iter().any(String::is_empty),
            "{file}"
        );
        assert!(
            html.contains(&format!(
                "<link rel=\"canonical\" href=\"https://example.org/{path}\">"
            )),
            "{file}"
        );
        assert!(html.trim_end().ends_with("</html>"), "{file}");
    }
    let page = site.read("guides/top-up/index.html");
    assert!(page.contains("<title>充值"), "{page}");
    assert!(page.contains(r#"<meta name="description" content="用充值卡或App充值">"#));
}

// ---- Outputs -----------------------------------------------------------------

#[test]
fn feed_summaries_are_escaped_html_that_reads_back_as_the_page_summary() {
    // The summary is HTML inside XML: `escape_xml` must escape markup,
    // ampersands and both quotes, so an XML reader gets the HTML back.
    let site = Site::with_config("");
    site.write(
        "content/quotes.md",
        "---\ntitle: Quotes\ndate: 2025-05-01\n---\nTom's \"SIM\" & <b>PUK</b> *code*.\n\nMore.\n",
    );
    site.build(&[]).assert_ok();
    let feed = site.read("atom.xml");
    assert!(
        feed.contains("Tom&#39;s &quot;SIM&quot; &amp;amp; &lt;b&gt;PUK&lt;/b&gt;"),
        "{feed}"
    );
    let doc = parse_xml("atom.xml", &feed);
    assert_eq!(
        xml_texts(&doc, "summary"),
        ["<p>Tom's \"SIM\" &amp; <b>PUK</b> <em>code</em>.</p>\n"]
    );
}

#[test]
fn the_atom_feed_is_xml_with_authors_and_the_newest_entries() {
    let site = basic(&[]);
    let feed = site.read("atom.xml");
    let doc = parse_xml("atom.xml", &feed);
    let root = doc.root_element();
    assert_eq!(
        root.tag_name().namespace(),
        Some("http://www.w3.org/2005/Atom")
    );
    let entries: Vec<_> = root
        .children()
        .filter(|n| n.has_tag_name("entry"))
        .collect();
    let titles: Vec<&str> = entries
        .iter()
        .map(|e| {
            e.children()
                .find(|c| c.has_tag_name("title"))
                .and_then(|t| t.text())
                .unwrap_or("")
        })
        .collect();
    // feed_limit: 3, newest first; the draft (2025-07-01) and the English
    // page stay out of the Chinese feed.
    assert_eq!(titles, ["充值", "如何注销电话卡", "出国漫游"]);
    let feed_author = root
        .children()
        .find(|c| c.has_tag_name("author"))
        .and_then(|a| a.first_element_child())
        .and_then(|n| n.text());
    assert_eq!(feed_author, Some("测试编辑部"));
    // Each entry names its author: the page's, else the site's.
    let authors: Vec<&str> = entries
        .iter()
        .map(|e| {
            e.descendants()
                .find(|c| c.has_tag_name("name"))
                .and_then(|n| n.text())
                .unwrap_or("")
        })
        .collect();
    assert_eq!(authors, ["测试编辑部", "小王", "测试编辑部"]);
    let links = xml_attrs(&doc, "link", "href");
    assert!(
        links.contains(&"https://example.org/guides/top-up/".to_string()),
        "{links:?}"
    );
    assert_eq!(
        xml_texts(&doc, "updated")[0],
        "2025-05-31T17:00:00Z",
        "the newest date, midnight in Phnom Penh"
    );

    let en = site.read("en/atom.xml");
    let doc = parse_xml("en/atom.xml", &en);
    assert_eq!(xml_texts(&doc, "title")[1..], ["How to cancel a SIM"]);
}

#[test]
fn the_sitemap_lists_every_page_section_and_term_but_no_draft_or_redirect() {
    let site = basic(&[]);
    let sitemap = site.read("sitemap.xml");
    let doc = parse_xml("sitemap.xml", &sitemap);
    let locs = xml_texts(&doc, "loc");
    for path in [
        "",
        "guides/",
        "guides/cancel-sim/",
        "guides/roaming/",
        "guides/ru-he-zhu-xiao-smart-dian-hua-ka/",
        "guides/notes/keep-number/",
        "en/guides/cancel-sim/",
        "operators/",
        "operators/smart/",
        "topics/zhu-xiao/",
    ] {
        let url = format!("https://example.org/{path}");
        assert!(locs.contains(&url), "sitemap lacks {url}: {locs:#?}");
    }
    for absent in ["guides/secret/", "old/cancel/", "guides/page/1/"] {
        assert!(
            !locs.contains(&format!("https://example.org/{absent}")),
            "sitemap lists {absent}"
        );
    }
    let mut unique = locs.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(unique.len(), locs.len(), "a URL is listed twice");
}

#[test]
fn robots_txt_and_404_html_are_always_written() {
    let site = Site::with_config("");
    site.build(&[]).assert_ok();
    assert_eq!(
        site.read("robots.txt").trim(),
        "User-agent: *\nAllow: /\nSitemap: https://example.org/sitemap.xml"
    );
    let not_found = site.read("404.html");
    assert!(not_found.contains("<html lang=\"en\">"), "{not_found}");
    assert!(!h1_of(&not_found).is_empty(), "{not_found}");
}

#[test]
fn an_alias_is_a_redirect_page_to_the_permalink() {
    let site = basic(&[]);
    let alias = site.read("old/cancel/index.html");
    let target = "https://example.org/guides/cancel-sim/";
    assert!(
        alias.contains(&format!(
            r#"<meta http-equiv="refresh" content="0; url={target}">"#
        )),
        "{alias}"
    );
    assert!(alias.contains(&format!(r#"<link rel="canonical" href="{target}">"#)));
    assert!(alias.contains(r#"<meta name="robots" content="noindex">"#));
}

// ---- Command line ------------------------------------------------------------

#[test]
fn root_and_output_choose_where_to_read_and_write() {
    let site = Site::fixture("basic");
    let out = tempfile::tempdir().unwrap();
    let target = out.path().join("site");
    let run = site.build(&["--output", target.to_str().unwrap()]);
    run.assert_ok();
    assert!(target.join("guides/cancel-sim/index.html").is_file());
    assert!(
        !site.exists(""),
        "public/ was created although --output said elsewhere"
    );
    // A relative --root is read from the working directory.
    let run = common::mekong(&[
        "build",
        "--root",
        "tests/fixtures/basic",
        "--output",
        out.path().join("rel").to_str().unwrap(),
        "--today",
        common::TODAY,
    ]);
    run.assert_ok();
    assert!(out.path().join("rel/index.html").is_file());
}

#[test]
fn drafts_build_only_with_the_drafts_flag() {
    let site = basic(&[]);
    assert!(!site.exists("guides/secret/index.html"));
    site.build(&["--drafts"]).assert_ok();
    assert_eq!(h1_of(&site.read("guides/secret/index.html")), "草稿指南");
    assert!(
        links_under(&site.read("guides/index.html"), "/guides/")
            .contains(&"/guides/secret/".to_string())
    );
    // Dropping the flag again removes it.
    site.build(&[]).assert_ok();
    assert!(!site.exists("guides/secret/index.html"));
}

#[test]
fn today_sets_the_build_date_used_for_staleness() {
    let site = Site::with_config("stale_after_days: 30\n");
    site.write(
        "templates/page.html",
        "stale={{ page.stale }} today={{ build_date }}",
    );
    site.write(
        "content/fees.md",
        "---\ntitle: 资费\ndate: 2026-01-01\nreviewed: 2026-01-01\n---\n资费。\n",
    );
    site.build_with_env(&["--today", "2026-01-20"], &[])
        .assert_ok();
    assert_eq!(site.read("fees/index.html"), "stale=false today=2026-01-20");
    site.build_with_env(&["--today", "2026-03-01"], &[])
        .assert_ok();
    assert_eq!(site.read("fees/index.html"), "stale=true today=2026-03-01");
    // A malformed flag value is a usage error: exit 2, clap's message.
    let run = site.build_with_env(&["--today", "next tuesday"], &[]);
    assert_eq!(run.code(), 2, "{}", run.stderr());
    assert!(run.stderr().contains("--today"), "{}", run.stderr());
    assert!(!site.exists("index.html") || site.read("fees/index.html").contains("2026-03-01"));
}

#[test]
fn exit_codes_streams_and_the_summary_line() {
    let site = Site::fixture("basic");
    let ok = site.build(&[]);
    ok.assert_ok();
    let stdout = ok.stdout();
    assert_eq!(stdout.lines().count(), 1, "{stdout}");
    assert!(stdout.starts_with("built 7 pages ("), "{stdout}");
    assert!(ok.stderr().is_empty(), "{}", ok.stderr());

    let usage = site.build(&["--no-such-flag"]);
    assert_eq!(usage.code(), 2);
    assert!(
        usage.stderr().contains("--no-such-flag"),
        "{}",
        usage.stderr()
    );
    assert!(usage.stdout().is_empty());
    assert_eq!(common::mekong(&["frobnicate"]).code(), 2);
    assert_eq!(common::mekong(&["build", "--root"]).code(), 2);

    // A missing date is no error any more; an unknown key still is.
    site.write(
        "content/guides/broken.md",
        "---\ntitle: 坏\nweigth: 1\n---\n",
    );
    let failed = site.build(&[]);
    failed.assert_fails();
    assert!(failed.stdout().is_empty(), "{}", failed.stdout());
    assert!(failed.stderr().contains("content/guides/broken.md"));

    assert_eq!(common::mekong(&["--help"]).code(), 0);
}

// ---- Page HTML kept out of memory (issue 21) ---------------------------------

#[test]
fn a_page_shows_its_own_html_contents_and_translations() {
    // A one-shot build keeps the pages' HTML in a temporary file and hands
    // each page's job its own; the default theme reads no other page's.
    let site = Site::with_config("languages:\n  en: { title: English }\n  km: { title: ខ្មែរ }\n");
    let long = "Text.\n\n## Top up\n\nOne.\n\n## Check the balance\n\nTwo.\n\n## Keep the number\n\nThree.\n";
    site.write(
        "content/guides/a.md",
        &format!("---\ntitle: A guide\n---\n{long}"),
    );
    site.write("content/guides/a.km.md", "---\ntitle: មគ្គុទ្ទេសក៍\n---\nអត្ថបទ។\n");
    site.build(&[]).assert_ok();
    let html = site.read("guides/a/index.html");
    assert!(html.contains(r#"<h2 id="top-up">Top up</h2>"#), "{html}");
    assert!(html.contains(r##"href="#check-the-balance""##), "{html}");
    assert!(html.contains(r#"hreflang="km""#), "{html}");
    let km = site.read("km/guides/a/index.html");
    assert!(km.contains("<p>អត្ថបទ។</p>"), "{km}");
}

#[test]
fn a_template_that_shows_other_pages_html_still_gets_it() {
    let site = Site::with_config("");
    site.write(
        "templates/section.html",
        "{% for p in section.pages %}<div>{{ p.content }}</div>{% for h in p.toc %}<i>{{ h.title }}</i>{% endfor %}{% endfor %}",
    );
    site.write("content/guides/_index.md", "---\ntitle: Guides\n---\n");
    site.write(
        "content/guides/a.md",
        "---\ntitle: A\n---\n## Alpha\n\nBody of A.\n",
    );
    site.write(
        "content/guides/b.md",
        "---\ntitle: B\n---\n## Beta\n\nBody of B.\n",
    );
    site.build(&[]).assert_ok();
    let list = site.read("guides/index.html");
    for shown in [
        "<p>Body of A.</p>",
        "<i>Alpha</i>",
        "<p>Body of B.</p>",
        "<i>Beta</i>",
    ] {
        assert!(list.contains(shown), "{shown} missing from {list}");
    }
    assert!(
        site.read("guides/a/index.html")
            .contains("<p>Body of A.</p>")
    );
}

#[test]
fn a_build_with_no_usable_temporary_folder_keeps_the_html_in_memory_and_writes_the_same_site() {
    let site = Site::with_config("");
    site.write(
        "content/guides/a.md",
        "---\ntitle: A\n---\n## Alpha\n\nBody of A.\n",
    );
    site.write(
        "content/guides/b.md",
        "---\ntitle: B\n---\n## Beta\n\nBody of B.\n",
    );
    let out_normal = site.path("normal");
    let out_fallback = site.path("fallback");
    let normal = out_normal.to_str().expect("utf-8 temp path");
    let fallback = out_fallback.to_str().expect("utf-8 temp path");
    site.build_with_env(&["--today", "2026-11-26", "--output", normal], &[])
        .assert_ok();
    // A TMPDIR that does not exist: the temporary file cannot be made.
    let missing = site.path("no-such-folder");
    site.build_with_env(
        &["--today", "2026-11-26", "--output", fallback],
        &[("TMPDIR", missing.to_str().expect("utf-8 temp path"))],
    )
    .assert_ok();
    let made = common::file_tree(&out_fallback);
    assert!(String::from_utf8_lossy(&made["guides/a/index.html"]).contains("<p>Body of A.</p>"));
    let strip = |tree: std::collections::BTreeMap<String, Vec<u8>>| {
        tree.into_iter()
            .filter(|(path, _)| !path.starts_with(".mekong"))
            .collect::<Vec<_>>()
    };
    assert_eq!(strip(made), strip(common::file_tree(&out_normal)));
    assert!(!missing.exists());
}
