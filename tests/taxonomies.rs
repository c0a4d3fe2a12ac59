//! Taxonomies and operator indexes (issue 3), on the `taxonomies` fixture:
//! a closed `operators` taxonomy with profiles, a feed per term and two
//! guides per page, and an open `topics` taxonomy written in Chinese. The
//! base_url has a path prefix (/kh/), so every URL checked here carries it.
//!
//! | guide       | date       | title          | weight | operators      |
//! |-------------|------------|----------------|--------|----------------|
//! | smart-sim   | 2025-01-10 | B 买 Smart 卡   | 3      | smart          |
//! | both-topup  | 2025-02-15 | A 两家都能充值   | 2      | metfone, smart |
//! | smart-data  | 2025-03-20 | C Smart 流量包  | 1      | smart          |
//! | metfone-sim | 2025-04-01 | D Metfone 开卡  | 5      | metfone        |
//! | cellcard    | 2025-05-05 | E Cellcard 漫游 | 4      | cellcard       |
//! | seatel-new  | 2025-06-06 | F Seatel 新卡   | 6      | seatel (draft) |
//!
//! cootel has a profile and no guide.

mod common;

use common::{
    Site, h1_of, link_text, links_under, main_of, parse_xml, text_of, xml_attrs, xml_texts,
};

const SMART: &str = "/kh/operators/smart/";

fn built(args: &[&str]) -> Site {
    let site = Site::fixture("taxonomies");
    site.build(args).assert_ok();
    site
}

/// The guides listed on one output page, in order.
fn guides_on(site: &Site, page: &str) -> Vec<String> {
    links_under(&site.read(&format!("{page}index.html")), "/kh/guides/")
}

/// Every guide listed on a term's pages, following page/2/, page/3/, …
fn listed(site: &Site, term: &str) -> Vec<String> {
    let mut all = guides_on(site, term);
    for n in 2.. {
        let page = format!("{term}page/{n}/");
        if !site.exists(&format!("{page}index.html")) {
            break;
        }
        all.extend(guides_on(site, &page));
    }
    all
}

fn guides(slugs: &[&str]) -> Vec<String> {
    slugs.iter().map(|s| format!("/kh/guides/{s}/")).collect()
}

/// Whole numbers in `text`, so "3 篇指南" or "(3)" both read as 3.
fn numbers_in(text: &str) -> Vec<u64> {
    text.split(|c: char| !c.is_ascii_digit())
        .filter_map(|n| n.parse().ok())
        .collect()
}

#[test]
fn the_overview_lists_every_term_with_its_guide_count() {
    let site = built(&[]);
    let html = site.read("operators/index.html");
    let main = main_of(&html);
    let terms = links_under(&html, "/kh/operators/");
    // In profile weight order, with the profile's display name.
    let expected = [
        ("smart", "Smart", 3),
        ("metfone", "Metfone", 2),
        ("cellcard", "Cellcard", 1),
        ("cootel", "CooTel", 0),
        ("seatel", "Seatel", 0),
    ];
    assert_eq!(
        terms,
        expected
            .iter()
            .map(|(slug, _, _)| format!("/kh/operators/{slug}/"))
            .collect::<Vec<_>>()
    );
    for (i, (slug, name, count)) in expected.iter().enumerate() {
        let href = format!("href=\"/kh/operators/{slug}/\"");
        let start = main.find(&href).unwrap();
        let end = expected.get(i + 1).map_or(main.len(), |(next, _, _)| {
            main.find(&format!("href=\"/kh/operators/{next}/\""))
                .unwrap()
        });
        let entry = text_of(&main[start..end]);
        assert_eq!(
            link_text(main, &format!("/kh/operators/{slug}/")).as_deref(),
            Some(*name)
        );
        assert!(
            numbers_in(&entry).contains(count),
            "{slug} should show {count} guides: {entry}"
        );
    }
}

#[test]
fn a_term_page_lists_exactly_its_guides_newest_first() {
    let site = built(&[]);
    assert_eq!(
        listed(&site, "operators/smart/"),
        guides(&["smart-data", "both-topup", "smart-sim"])
    );
    assert_eq!(
        listed(&site, "operators/metfone/"),
        guides(&["metfone-sim", "both-topup"])
    );
    assert_eq!(listed(&site, "operators/cellcard/"), guides(&["cellcard"]));
    assert_eq!(listed(&site, "operators/cootel/"), Vec::<String>::new());
    assert_eq!(h1_of(&site.read("operators/smart/index.html")), "Smart");
}

#[test]
fn a_taxonomy_can_sort_its_terms_guides_by_title_or_weight() {
    let site = Site::fixture("taxonomies");
    site.edit(
        "site.yaml",
        "    paginate: 2\n",
        "    paginate: 2\n    sort_by: title\n",
    );
    site.build(&[]).assert_ok();
    assert_eq!(
        listed(&site, "operators/smart/"),
        guides(&["both-topup", "smart-sim", "smart-data"])
    );

    site.edit("site.yaml", "sort_by: title", "sort_by: weight");
    site.build(&[]).assert_ok();
    assert_eq!(
        listed(&site, "operators/smart/"),
        guides(&["smart-data", "both-topup", "smart-sim"])
    );
    assert_eq!(
        listed(&site, "operators/metfone/"),
        guides(&["both-topup", "metfone-sim"])
    );
}

#[test]
fn pagination_boundaries_with_two_guides_a_page() {
    let site = built(&[]);
    // 0 guides: one empty page, so the term's URL still works.
    assert!(site.exists("operators/cootel/index.html"));
    assert!(!site.exists("operators/cootel/page/2/index.html"));
    // 1 and exactly 2: one page.
    assert_eq!(guides_on(&site, "operators/cellcard/").len(), 1);
    assert!(!site.exists("operators/cellcard/page/2/index.html"));
    assert_eq!(guides_on(&site, "operators/metfone/").len(), 2);
    assert!(!site.exists("operators/metfone/page/2/index.html"));
    // 3: a second page with the third guide, and no third page.
    assert_eq!(
        guides_on(&site, "operators/smart/"),
        guides(&["smart-data", "both-topup"])
    );
    assert_eq!(
        guides_on(&site, "operators/smart/page/2/"),
        guides(&["smart-sim"])
    );
    assert!(!site.exists("operators/smart/page/3/index.html"));
    let first = site.read("operators/smart/index.html");
    assert!(
        common::attr_values(main_of(&first), "href").contains(&format!("{SMART}page/2/")),
        "no link to page 2:\n{first}"
    );
    let second = site.read("operators/smart/page/2/index.html");
    assert!(
        common::attr_values(main_of(&second), "href").contains(&SMART.to_string()),
        "no link back:\n{second}"
    );
    // /page/1/ is the term page itself.
    let redirect = site.read("operators/smart/page/1/index.html");
    assert!(
        redirect.contains("url=https://example.org/kh/operators/smart/"),
        "{redirect}"
    );
}

#[test]
fn the_profile_renders_at_the_top_of_the_term_page() {
    let site = built(&[]);
    let html = site.read("operators/smart/index.html");
    let main = main_of(&html);
    let text = text_of(main);
    let profile = text
        .find("Smart 是用户最多的运营商。")
        .unwrap_or_else(|| panic!("no profile body: {text}"));
    let first_guide = text.find("C Smart 流量包").expect("the newest guide");
    assert!(
        profile < first_guide,
        "the profile should come before the guides: {text}"
    );
    assert!(
        text.contains("888"),
        "the hotline from the profile's facts is not shown: {text}"
    );
    assert!(
        html.contains("href=\"https://www.smart.com.kh/\""),
        "the website from extra is not linked"
    );
    assert!(
        html.contains("<meta name=\"description\" content=\"Smart Axiata\">"),
        "{html}"
    );
    // A term without guides still shows its profile.
    assert!(
        text_of(main_of(&site.read("operators/cootel/index.html")))
            .contains("CooTel 暂时没有指南。")
    );
}

#[test]
fn a_guide_shows_the_display_names_of_its_operators_linked() {
    let site = built(&[]);
    let html = site.read("guides/both-topup/index.html");
    let main = main_of(&html);
    assert_eq!(
        links_under(&html, "/kh/operators/"),
        ["/kh/operators/metfone/", SMART],
        "in front-matter order"
    );
    assert_eq!(
        link_text(main, "/kh/operators/metfone/").as_deref(),
        Some("Metfone")
    );
    assert_eq!(link_text(main, SMART).as_deref(), Some("Smart"));
}

#[test]
fn per_term_feeds_are_xml_with_the_terms_guides_at_absolute_urls() {
    let site = built(&[]);
    let feed = site.read("operators/smart/atom.xml");
    let doc = parse_xml("operators/smart/atom.xml", &feed);
    let entry_links: Vec<String> = doc
        .descendants()
        .filter(|n| n.has_tag_name("entry"))
        .filter_map(|e| {
            e.children()
                .find(|c| c.has_tag_name("link"))
                .and_then(|l| l.attribute("href"))
                .map(str::to_string)
        })
        .collect();
    let expected: Vec<String> = guides(&["smart-data", "both-topup", "smart-sim"])
        .iter()
        .map(|p| format!("https://example.org{p}"))
        .collect();
    assert_eq!(entry_links, expected);
    for url in xml_attrs(&doc, "link", "href")
        .into_iter()
        .chain(xml_texts(&doc, "id"))
    {
        assert!(
            url.starts_with("https://example.org/kh/"),
            "{url} is not under base_url"
        );
    }
    assert!(
        xml_attrs(&doc, "link", "href")
            .contains(&"https://example.org/kh/operators/smart/atom.xml".to_string())
    );
    assert!(xml_texts(&doc, "title")[0].contains("Smart"));

    // A term without guides has a valid, empty feed.
    let empty = site.read("operators/cootel/atom.xml");
    let doc = parse_xml("operators/cootel/atom.xml", &empty);
    assert_eq!(
        doc.descendants()
            .filter(|n| n.has_tag_name("entry"))
            .count(),
        0
    );
    // `topics` has no `feed: true`.
    assert!(!site.exists("topics/zhu-xiao/atom.xml"));
}

#[test]
fn term_pages_are_in_the_sitemap() {
    let site = built(&[]);
    let sitemap = site.read("sitemap.xml");
    let doc = parse_xml("sitemap.xml", &sitemap);
    let locs = xml_texts(&doc, "loc");
    for path in [
        "operators/",
        "operators/smart/",
        "operators/cootel/",
        "topics/",
        "topics/zhu-xiao/",
        "topics/man-you/",
    ] {
        let url = format!("https://example.org/kh/{path}");
        assert!(locs.contains(&url), "sitemap lacks {url}");
    }
}

#[test]
fn a_site_template_can_use_get_taxonomy_and_get_term() {
    let site = built(&[]);
    let home = site.read("index.html");
    assert_eq!(link_text(&home, SMART).as_deref(), Some("Smart"));
    assert!(home.contains("<p>热线 888</p>"), "{home}");
    let featured = &home[home.find("<section id=\"featured\">").unwrap()..];
    assert_eq!(
        common::attr_values(&featured[..featured.find("</section>").unwrap()], "href")[1..],
        guides(&["smart-data", "both-topup", "smart-sim"])
    );
    let topics = &home[home.find("<ul id=\"topics\">").unwrap()..];
    assert!(
        topics.contains(r#"<li><a href="/kh/topics/zhu-xiao/">注销</a> (3)</li>"#),
        "{topics}"
    );
    assert!(
        topics.contains(r#"<li><a href="/kh/topics/liu-liang/">流量</a> (1)</li>"#),
        "{topics}"
    );
}

#[test]
fn drafts_never_appear_in_term_lists_or_feeds_unless_built_with_drafts() {
    let entries = |site: &Site, feed: &str| -> Vec<String> {
        let text = site.read(feed);
        let doc = parse_xml(feed, &text);
        doc.descendants()
            .filter(|n| n.has_tag_name("entry"))
            .filter_map(|e| {
                e.children()
                    .find(|c| c.has_tag_name("title"))
                    .and_then(|t| t.text())
                    .map(str::to_string)
            })
            .collect()
    };
    let site = built(&[]);
    assert_eq!(listed(&site, "operators/seatel/"), Vec::<String>::new());
    assert_eq!(
        entries(&site, "operators/seatel/atom.xml"),
        Vec::<String>::new()
    );
    assert_eq!(listed(&site, "topics/liu-liang/"), guides(&["smart-data"]));
    assert!(!entries(&site, "atom.xml").contains(&"F Seatel 新卡".to_string()));

    site.build(&["--drafts"]).assert_ok();
    assert_eq!(listed(&site, "operators/seatel/"), guides(&["seatel-new"]));
    assert_eq!(
        entries(&site, "operators/seatel/atom.xml"),
        ["F Seatel 新卡"]
    );
    assert_eq!(
        listed(&site, "topics/liu-liang/"),
        guides(&["seatel-new", "smart-data"])
    );
    assert_eq!(entries(&site, "atom.xml")[0], "F Seatel 新卡");
}

#[test]
fn a_typo_in_a_closed_taxonomy_suggests_the_term() {
    let site = Site::fixture("taxonomies");
    site.edit(
        "content/guides/smart-sim.md",
        "operators: [smart]",
        "operators: [smrat]",
    );
    let run = site.build(&[]);
    run.assert_fails();
    assert!(!site.exists(""), "a failed build created public/");
    let stderr = run.stderr_in(&site);
    assert!(
        stderr.contains("content/guides/smart-sim.md:5:13")
            && stderr.contains("did you mean `smart`?"),
        "{stderr}"
    );
    insta::assert_snapshot!(stderr);
}

#[test]
fn open_taxonomy_terms_in_chinese_get_pinyin_urls_and_spellings_merge() {
    let site = built(&[]);
    // 注销 (twice) and the traditional 註銷 (once) are both zhu-xiao: one
    // term, named by its most used spelling.
    assert_eq!(
        listed(&site, "topics/zhu-xiao/"),
        guides(&["metfone-sim", "both-topup", "smart-sim"])
    );
    assert_eq!(h1_of(&site.read("topics/zhu-xiao/index.html")), "注销");
    // One guide with both spellings of 漫游: listed once; the tie goes to
    // the first spelling in sort order, whatever order the file gives.
    assert_eq!(listed(&site, "topics/man-you/"), guides(&["cellcard"]));
    assert_eq!(h1_of(&site.read("topics/man-you/index.html")), "漫游");
    site.edit(
        "content/guides/cellcard.md",
        "topics: [漫遊, 漫游]",
        "topics: [漫游, 漫遊]",
    );
    site.build(&[]).assert_ok();
    assert_eq!(h1_of(&site.read("topics/man-you/index.html")), "漫游");
    let overview = site.read("topics/index.html");
    assert_eq!(links_under(&overview, "/kh/topics/").len(), 3, "{overview}");
}
