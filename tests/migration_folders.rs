//! Folders as VitePress and Docusaurus sites lay them out (issue 17,
//! "Folders"): an `index.md` beside other Markdown is its folder's section
//! page, `content/index.md` the home page, a lone `index.md` with its files
//! a bundle, and a folder with no Markdown below it only assets. The
//! fixture tests/fixtures/folders is such a site, built as it is.

mod common;

use common::{Site, attr_values, h1_of, links_under, main_of, parse_xml, text_of, xml_texts};
use mekong::build::{Options, render_site};
use mekong::output::Outputs;
use mekong::watch::{Area, Change, Scope, Session, Target};

fn folders() -> Site {
    let site = Site::fixture("folders");
    site.build(&[]).assert_ok();
    site
}

#[test]
fn an_index_md_beside_pages_is_the_section_page_listing_them() {
    let site = folders();
    let api = site.read("api/index.html");
    assert_eq!(h1_of(&api), "API Reference");
    assert!(text_of(main_of(&api)).contains("Every public function of Widget"));
    // `sort_by: title` came from api/index.md's front matter.
    assert_eq!(
        links_under(&api, "/api/"),
        ["/api/reactivity-core/", "/api/reactivity-utilities/"]
    );
    let guide = site.read("guide/index.html");
    assert_eq!(h1_of(&guide), "Guide");
    let listed = links_under(&guide, "/guide/");
    assert!(
        listed.contains(&"/guide/introduction/".to_string()),
        "{listed:?}"
    );
    assert!(
        listed.contains(&"/guide/essentials/".to_string()),
        "{listed:?}"
    );
    // The section page is not also a page of its own.
    assert!(!site.exists("api/index/index.html"));
    let utilities = site.read("api/reactivity-utilities/index.html");
    assert!(attr_values(main_of(&utilities), "href").contains(&"/api/reactivity-core/".into()));
}

#[test]
fn content_index_md_is_the_home_page() {
    let site = folders();
    let home = main_of(&site.read("index.html")).to_string();
    assert!(
        text_of(&home).contains("Widgets are small, composable pieces"),
        "{home}"
    );
    // Links to a section's index.md lead to the section.
    let links = attr_values(&home, "href");
    assert!(
        links.contains(&"/guide/".into()) && links.contains(&"/api/".into()),
        "{links:?}"
    );
    let intro = site.read("guide/introduction/index.html");
    let links = attr_values(main_of(&intro), "href");
    assert!(links.contains(&"/guide/".into()), "{links:?}");
    assert!(links.contains(&"/examples/counter.js".into()), "{links:?}");
    assert!(attr_values(main_of(&intro), "src").contains(&"/guide/images/logo.png".into()));
}

#[test]
fn a_lone_index_md_with_its_files_stays_a_bundle() {
    let site = folders();
    let tutorial = site.read("tutorial/index.html");
    assert_eq!(h1_of(&tutorial), "Tutorial");
    assert!(attr_values(main_of(&tutorial), "src").contains(&"/tutorial/step-1.png".into()));
    assert_eq!(site.read("tutorial/step-1.png"), "PNG step 1\n");
}

#[test]
fn folders_without_markdown_are_assets_not_sections() {
    let site = folders();
    for (file, text) in [
        ("images/hero.png", "PNG hero\n"),
        (
            "images/icons/star.svg",
            "<svg xmlns=\"http://www.w3.org/2000/svg\"/>\n",
        ),
        ("examples/counter.js", "export const count = 0;\n"),
        ("examples/todo/app.js", "export const todos = [];\n"),
        ("guide/images/logo.png", "PNG logo\n"),
    ] {
        assert_eq!(site.read(file), text, "{file}");
    }
    for folder in [
        "images",
        "images/icons",
        "examples",
        "examples/todo",
        "guide/images",
    ] {
        assert!(!site.exists(&format!("{folder}/index.html")), "{folder}");
    }
    let sitemap = site.read("sitemap.xml");
    let locs = xml_texts(&parse_xml("sitemap.xml", &sitemap), "loc");
    let paths: Vec<&str> = locs
        .iter()
        .map(|l| l.trim_start_matches("https://example.org"))
        .collect();
    assert_eq!(
        paths,
        [
            "/",
            "/api/",
            "/guide/",
            "/guide/essentials/",
            "/api/reactivity-core/",
            "/api/reactivity-utilities/",
            "/guide/essentials/application/",
            "/guide/introduction/",
            "/team/",
            "/tutorial/",
        ]
    );
    // Nor in the home page's lists.
    let home = site.read("index.html");
    for folder in ["/images/", "/examples/", "/team/TeamMember.vue"] {
        assert!(
            !attr_values(&home, "href").contains(&folder.to_string()),
            "{folder}"
        );
    }
}

#[test]
fn a_page_and_its_same_named_asset_folder_live_together() {
    let site = folders();
    let team = site.read("team/index.html");
    assert_eq!(h1_of(&team), "Meet the Team");
    assert!(attr_values(main_of(&team), "href").contains(&"/team/members.json".into()));
    assert_eq!(site.read("team/members.json"), "[{\"name\": \"Ana\"}]\n");
    assert!(
        site.read("team/TeamMember.vue")
            .contains("class=\"member\"")
    );
}

#[test]
fn translated_index_files_follow_the_same_rules_per_language() {
    let site = Site::with_config("default_language: en\nlanguages: {zh: {title: 文档}}\n");
    let page = |title: &str| format!("---\ntitle: {title}\ndate: 2026-01-01\n---\n");
    site.write(
        "content/api/index.md",
        "---\ntitle: API\n---\nAll functions.\n",
    );
    site.write(
        "content/api/index.zh.md",
        "---\ntitle: 接口\n---\n所有函数。\n",
    );
    site.write("content/api/core.md", &page("Core"));
    site.write("content/api/core.zh.md", &page("核心"));
    site.write("content/trip/index.md", &page("Trip"));
    site.write("content/trip/index.zh.md", &page("旅行"));
    site.write("content/trip/map.png", "png");
    site.build(&[]).assert_ok();
    let zh = site.read("zh/api/index.html");
    assert_eq!(h1_of(&zh), "接口");
    assert!(text_of(main_of(&zh)).contains("所有函数。"));
    assert_eq!(links_under(&zh, "/zh/api/"), ["/zh/api/core/"]);
    assert_eq!(h1_of(&site.read("api/index.html")), "API");
    // Both languages of a lone index.md stay one bundle; its files sit
    // beside the default language's page.
    assert_eq!(h1_of(&site.read("zh/trip/index.html")), "旅行");
    assert_eq!(site.read("trip/map.png"), "png");
}

#[test]
fn both_spellings_of_one_folders_page_are_an_error_naming_both() {
    // with_config writes content/_index.md.
    let site = Site::with_config("");
    site.write("content/index.md", "---\ntitle: Home again\n---\n");
    site.write("content/guide/_index.md", "---\ntitle: Guide\n---\n");
    site.write("content/guide/index.md", "# Guide\n");
    site.write(
        "content/guide/a.md",
        "---\ntitle: A\ndate: 2026-01-01\n---\n",
    );
    let run = site.build(&[]);
    run.assert_fails();
    let stderr = run.stderr_in(&site);
    for expected in [
        "two files hold the section page of content/ (the home page): \
         content/_index.md and content/index.md",
        "content/index.md:1:1",
        "two files hold the section page of content/guide/: \
         content/guide/_index.md and content/guide/index.md",
        "content/guide/index.md:1:1",
        "help: keep one of the two: move what content/guide/index.md says into \
         content/guide/_index.md and delete it (or the other way round)",
    ] {
        assert!(stderr.contains(expected), "{expected}\n{stderr}");
    }
    assert!(!site.exists(""), "a failed build created public/");
}

// ---- Watch -------------------------------------------------------------------

fn options(site: &Site) -> Options {
    Options {
        root: site.root().canonicalize().unwrap(),
        today: Some(common::TODAY.into()),
        ..Options::default()
    }
}

fn change(site: &Site, rel: &str) -> Change {
    let root = site.root().canonicalize().unwrap();
    Change {
        area: Area::Content,
        rel: rel.into(),
        path: root.join("content").join(rel),
    }
}

fn text_at(session: &Session, rel: &str) -> String {
    let outputs = session.outputs();
    let outputs = outputs.read().unwrap();
    let content = outputs.get(rel).unwrap_or_else(|| panic!("no {rel}"));
    String::from_utf8(content.bytes().unwrap().into_owned()).unwrap()
}

fn session_outputs(session: &Session) -> Vec<(String, Vec<u8>)> {
    let outputs = session.outputs();
    let outputs = outputs.read().unwrap();
    bytes_of(&outputs)
}

fn fresh_outputs(site: &Site) -> Vec<(String, Vec<u8>)> {
    let rendered = render_site(&options(site)).unwrap_or_else(|d| panic!("{d:?}"));
    bytes_of(&rendered.outputs)
}

fn bytes_of(outputs: &Outputs) -> Vec<(String, Vec<u8>)> {
    outputs
        .files
        .iter()
        .map(|(path, content)| (path.clone(), content.bytes().unwrap().into_owned()))
        .collect()
}

#[test]
fn watch_turns_a_bundle_into_a_section_and_back_as_pages_come_and_go() {
    let site = Site::fixture("folders");
    let mut session = Session::new(options(&site), None, Target::Memory);
    session.rebuild_all().unwrap();
    assert_eq!(h1_of(&text_at(&session, "tutorial/index.html")), "Tutorial");
    let bundle = std::fs::read_to_string(site.path("content/tutorial/index.md")).unwrap();

    // A page beside the bundle's index.md: the folder becomes a section, and
    // index.md (now without a page's `date`) its section page.
    site.write(
        "content/tutorial/index.md",
        "---\ntitle: Tutorial\n---\nIn steps.\n",
    );
    site.write(
        "content/tutorial/step-2.md",
        "---\ntitle: Step Two\ndate: 2026-01-16\n---\nThen this.\n",
    );
    let rebuilt = session
        .apply(&[
            change(&site, "tutorial/index.md"),
            change(&site, "tutorial/step-2.md"),
        ])
        .unwrap();
    assert_eq!(rebuilt.scope, Scope::Full);
    let section = text_at(&session, "tutorial/index.html");
    assert_eq!(links_under(&section, "/tutorial/"), ["/tutorial/step-2/"]);
    assert!(text_of(main_of(&section)).contains("In steps."));
    assert_eq!(session_outputs(&session), fresh_outputs(&site));

    // The page goes again: back to a bundle.
    std::fs::remove_file(site.path("content/tutorial/step-2.md")).unwrap();
    site.write("content/tutorial/index.md", &bundle);
    let rebuilt = session
        .apply(&[
            change(&site, "tutorial/index.md"),
            change(&site, "tutorial/step-2.md"),
        ])
        .unwrap();
    assert_eq!(rebuilt.scope, Scope::Full);
    assert!(
        session
            .outputs()
            .read()
            .unwrap()
            .get("tutorial/step-2/index.html")
            .is_none()
    );
    assert_eq!(session_outputs(&session), fresh_outputs(&site));
}
