//! The static search index (`search: true`): a Pagefind bundle with one
//! index per language and a search page per language when on; nothing when
//! off; rebuilt only when the indexed text changes; the same bytes from
//! the same input. What a reader finds with it is tested in the browser
//! (tests/browser/search.mjs).

mod common;

use std::collections::BTreeMap;
use std::io::Read;

use common::{Site, file_tree};

const CONFIG: &str = "default_language: zh\n\
languages:\n  en: { title: SIM Guides }\n  km: { title: មគ្គុទ្ទេសក៍ស៊ីម }\n\
search: true\n";

/// A three-language site with search on: two Chinese guides, one English,
/// one Khmer.
fn site() -> Site {
    let site = Site::with_config(CONFIG);
    site.write(
        "content/guides/top-up.md",
        "---\ntitle: 如何充值\ndate: 2026-01-02\n---\n在便利店买充值卡，刮开涂层后拨打充值代码。\n",
    )
    .write(
        "content/guides/cancel-sim.md",
        "---\ntitle: 如何注销电话卡\ndate: 2026-01-01\n---\n带上护照去营业厅办理注销。\n",
    )
    .write(
        "content/guides/cancel-sim.en.md",
        "---\ntitle: How to cancel a SIM\ndate: 2026-01-01\n---\nTake your passport to an official shop.\n",
    )
    .write(
        "content/guides/cancel-sim.km.md",
        "---\ntitle: របៀបបិទស៊ីមកាត\ndate: 2026-01-01\n---\nយកលិខិតឆ្លងដែនទៅហាងផ្លូវការ។\n",
    );
    site
}

/// The bundle and the stamp: every file under public/pagefind/, and
/// public/.mekong-search.
fn index_files(site: &Site) -> BTreeMap<String, Vec<u8>> {
    file_tree(&site.path("public"))
        .into_iter()
        .filter(|(rel, _)| rel.starts_with("pagefind/") || rel == ".mekong-search")
        .collect()
}

/// What `--timings` says the search stage did.
fn search_stage(run: &common::Run) -> String {
    run.stderr()
        .lines()
        .find(|l| l.contains("search index"))
        .map(|l| l.split("  ").last().unwrap_or_default().trim().to_string())
        .unwrap_or_default()
}

/// The text Pagefind keeps for each page (its "fragment"), by URL.
fn indexed_text(site: &Site) -> BTreeMap<String, String> {
    let mut texts = BTreeMap::new();
    for (rel, bytes) in index_files(site) {
        if !rel.ends_with(".pf_fragment") {
            continue;
        }
        let mut json = String::new();
        flate2::read::GzDecoder::new(&bytes[..])
            .read_to_string(&mut json)
            .expect("gzip");
        let json = json.strip_prefix("pagefind_dcd").expect("fragment header");
        let fragment: serde_json::Value = serde_json::from_str(json).expect("fragment json");
        texts.insert(
            fragment["url"].as_str().expect("url").to_string(),
            fragment["content"].as_str().expect("content").to_string(),
        );
    }
    texts
}

#[test]
fn search_on_indexes_each_language_and_renders_a_search_page_for_each() {
    let site = site();
    site.build(&[]).assert_ok();

    let entry: serde_json::Value =
        serde_json::from_str(&site.read("pagefind/pagefind-entry.json")).expect("entry json");
    let languages = entry["languages"].as_object().expect("languages");
    let counts: Vec<(&str, u64)> = languages
        .iter()
        .map(|(lang, meta)| (lang.as_str(), meta["page_count"].as_u64().unwrap_or(0)))
        .collect();
    assert_eq!(counts, [("en", 1), ("km", 1), ("zh", 2)]);
    for lang in ["en", "km", "zh"] {
        let meta = format!("pagefind/pagefind.{lang}_");
        assert!(
            site.outputs().iter().any(|f| f.starts_with(&meta)),
            "no index for {lang}: {:?}",
            site.outputs()
        );
    }
    assert!(site.exists("pagefind/pagefind.js"));
    // The theme has its own search UI; Pagefind's are not shipped.
    assert!(!site.exists("pagefind/pagefind-ui.js"));

    for (path, lang) in [
        ("search/index.html", "zh"),
        ("en/search/index.html", "en"),
        ("km/search/index.html", "km"),
    ] {
        let html = site.read(path);
        assert!(html.contains(&format!("<html lang=\"{lang}\">")), "{path}");
        assert!(
            html.contains("data-bundle=\"/pagefind/pagefind.js\""),
            "{path} does not load the bundle"
        );
    }
    // Every page has the box, sending its language's search page the words.
    let guide = site.read("en/guides/cancel-sim/index.html");
    assert!(
        guide.contains(
            "<form class=\"site-search needs-js\" role=\"search\" action=\"/en/search/\">"
        )
    );
    assert!(guide.contains("name=\"q\""));
}

#[test]
fn the_index_holds_each_pages_own_words_with_khmer_words_apart() {
    let site = site();
    site.build(&[]).assert_ok();
    let texts = indexed_text(&site);
    assert_eq!(
        texts.keys().collect::<Vec<_>>(),
        [
            "/en/guides/cancel-sim/",
            "/guides/cancel-sim/",
            "/guides/top-up/",
            "/km/guides/cancel-sim/"
        ]
    );
    let en = &texts["/en/guides/cancel-sim/"];
    assert!(en.contains("How to cancel a SIM"), "{en}");
    assert!(
        en.contains("Take your passport to an official shop."),
        "{en}"
    );
    // Not the header, navigation or footer of the rendered page.
    assert!(!en.contains("SIM Guides"), "{en}");
    // Khmer: a word joiner and a space between words, nothing else changed.
    let km = &texts["/km/guides/cancel-sim/"];
    assert!(km.contains("\u{2060} "), "{km:?}");
    let joined = km.replace("\u{2060} ", "");
    assert!(joined.contains("យកលិខិតឆ្លងដែនទៅហាងផ្លូវការ។"), "{joined}");
    assert!(!texts["/guides/cancel-sim/"].contains('\u{2060}'));
}

#[test]
fn search_off_builds_no_index_no_search_page_and_no_box() {
    let site = Site::with_config("languages:\n  km: { title: K }\n");
    site.write(
        "content/guides/a.md",
        "---\ntitle: A\ndate: 2026-01-01\n---\nText.\n",
    );
    site.build(&[]).assert_ok();
    let outputs = site.outputs();
    assert!(
        !outputs
            .iter()
            .any(|f| f.starts_with("pagefind/") || f.contains("search/") || f == ".mekong-search"),
        "{outputs:?}"
    );
    assert!(!site.read("guides/a/index.html").contains("site-search"));
}

#[test]
fn turning_search_off_removes_the_index_and_the_search_pages() {
    let site = site();
    site.build(&[]).assert_ok();
    site.edit("site.yaml", "search: true", "search: false");
    site.build(&[]).assert_ok();
    let outputs = site.outputs();
    assert!(
        !outputs
            .iter()
            .any(|f| f.starts_with("pagefind/") || f.contains("search/")),
        "{outputs:?}"
    );
    assert!(!site.path("public/pagefind").exists());
}

#[test]
fn a_build_with_unchanged_text_neither_reindexes_nor_writes() {
    let site = site();
    let first = site.build(&["--timings"]);
    first.assert_ok();
    assert_eq!(search_stage(&first), "search index (Pagefind)");
    let before = file_tree(&site.path("public"));

    let again = site.build(&["--timings"]);
    again.assert_ok();
    assert!(again.stdout().contains(" 0 written,"), "{}", again.stdout());
    assert_eq!(
        search_stage(&again),
        "search index (kept: the indexed text is unchanged)"
    );
    assert_eq!(file_tree(&site.path("public")), before);

    // A template edit changes every page, not the indexed text.
    site.write(
        "templates/page.html",
        "{% extends \"base.html\" %}{% block content %}<article>{{ page.content }}</article>{% endblock content %}",
    );
    let template = site.build(&["--timings"]);
    template.assert_ok();
    assert_eq!(
        search_stage(&template),
        "search index (kept: the indexed text is unchanged)"
    );
    assert!(site.read("guides/top-up/index.html").contains("<article>"));
}

#[test]
fn an_edited_page_is_reindexed() {
    let site = site();
    site.build(&[]).assert_ok();
    let before = index_files(&site);
    site.edit("content/guides/top-up.md", "便利店", "超市");
    let run = site.build(&["--timings"]);
    run.assert_ok();
    assert_eq!(search_stage(&run), "search index (Pagefind)");
    assert_ne!(index_files(&site), before);
    assert!(indexed_text(&site)["/guides/top-up/"].contains("超市"));
}

#[test]
fn a_damaged_index_is_rebuilt_not_reused() {
    let site = site();
    site.build(&[]).assert_ok();
    let good = index_files(&site);
    let fragment = good
        .keys()
        .find(|rel| rel.ends_with(".pf_fragment"))
        .expect("a fragment")
        .clone();
    site.write(&format!("public/{fragment}"), "damaged");
    std::fs::remove_file(site.path("public/pagefind/pagefind-entry.json")).expect("remove");

    let run = site.build(&["--timings"]);
    run.assert_ok();
    assert_eq!(search_stage(&run), "search index (Pagefind)");
    assert_eq!(index_files(&site), good);
}

#[test]
fn the_index_is_the_same_bytes_from_the_same_input() {
    let site = site();
    let (one, two) = (site.path("one"), site.path("two"));
    site.build(&["--output", one.to_str().expect("utf-8")])
        .assert_ok();
    site.build(&["--output", two.to_str().expect("utf-8")])
        .assert_ok();
    let (one, two) = (file_tree(&one), file_tree(&two));
    assert!(one.keys().any(|rel| rel.ends_with(".pf_index")));
    assert_eq!(one, two);
}

#[test]
fn a_path_prefix_reaches_the_search_page_not_the_index() {
    let site = site();
    site.build(&[]).assert_ok();
    let plain = index_files(&site);
    let run = site.build(&["--base-url", "https://example.org/docs/", "--timings"]);
    run.assert_ok();
    // Result URLs are stored without the prefix; the page's script adds
    // the prefix it loaded the bundle from.
    assert_eq!(
        search_stage(&run),
        "search index (kept: the indexed text is unchanged)"
    );
    assert_eq!(index_files(&site), plain);
    let page = site.read("en/search/index.html");
    assert!(page.contains("data-bundle=\"/docs/pagefind/pagefind.js\""));
    let guide = site.read("guides/top-up/index.html");
    assert!(guide.contains("action=\"/docs/search/\""));
}

#[test]
fn a_page_where_the_search_page_goes_is_an_error_and_nothing_is_written() {
    let site = site();
    site.write(
        "content/search.md",
        "---\ntitle: 搜索\ndate: 2026-01-01\n---\nMy own search page.\n",
    );
    let run = site.build(&[]);
    run.assert_fails();
    let stderr = run.stderr();
    assert!(stderr.contains("content/search.md"), "{stderr}");
    assert!(
        stderr.contains("the page content/search.md and the search page (`search: true`)"),
        "{stderr}"
    );
    assert!(stderr.contains("slug"), "{stderr}");
    assert!(!site.path("public").exists());
}

#[test]
fn a_rebuild_in_memory_reuses_the_index_of_the_build_before() {
    // What `serve` does: nothing on disk, the last build kept in memory.
    let site = site();
    let options = mekong::build::Options {
        root: site.root().to_path_buf(),
        today: Some(common::TODAY.to_string()),
        ..Default::default()
    };
    let stage = |rendered: &mekong::build::Built| {
        let stages = &rendered.timings.stages;
        let found = stages
            .iter()
            .find(|(name, _)| name.starts_with("search index"));
        found.map(|(name, _)| name.to_string()).unwrap_or_default()
    };
    let nothing = mekong::output::Outputs::default();
    let Ok((first, _)) = mekong::build::render_site_after(&options, &nothing) else {
        panic!("first build failed");
    };
    assert_eq!(stage(&first), "search index (Pagefind)");
    let Ok((second, _)) = mekong::build::render_site_after(&options, &first.outputs) else {
        panic!("second build failed");
    };
    assert_eq!(
        stage(&second),
        "search index (kept: the indexed text is unchanged)"
    );
    assert!(!site.path("public").exists());
    let bundle = |rendered: &mekong::build::Built| -> BTreeMap<String, Vec<u8>> {
        (rendered.outputs.files.iter())
            .filter(|(rel, _)| rel.starts_with("pagefind/"))
            .map(|(rel, content)| (rel.clone(), content.bytes().expect("bytes").into_owned()))
            .collect()
    };
    assert_eq!(bundle(&first), bundle(&second));
}

#[test]
fn serve_reindexes_after_a_body_edit_and_keeps_the_index_after_a_style_edit() {
    use mekong::watch::{Area, Change, Scope, Session, Target};
    let site = site();
    let options = mekong::build::Options {
        root: site.root().to_path_buf(),
        today: Some(common::TODAY.to_string()),
        ..Default::default()
    };
    let root = site.root().canonicalize().expect("root");
    let change = |area, rel: &str, under: &str| Change {
        area,
        rel: rel.into(),
        path: root.join(under).join(rel),
    };
    let mut session = Session::new(options, None, Target::Memory);
    session.rebuild_all().expect("first build");
    // The first run after start-up reads every page once.
    session.wait_for_search();

    // A body edit: the page is rendered as with search off, then the
    // index catches up and the new word is in the index the server serves.
    site.edit("content/guides/top-up.md", "便利店", "超市");
    let rebuilt = session
        .apply(&[change(Area::Content, "guides/top-up.md", "content")])
        .expect("rebuild");
    assert_eq!(rebuilt.scope, Scope::Edits);
    let caught = session.wait_for_search().expect("the index caught up");
    assert_eq!(caught.read, 1, "only the edited page is read again");
    let outputs = session.outputs();
    let fragments: Vec<String> = (outputs.read().expect("outputs").files.iter())
        .filter(|(rel, _)| rel.ends_with(".pf_fragment"))
        .map(|(_, content)| {
            let mut text = String::new();
            let bytes = content.bytes().expect("bytes");
            flate2::read::GzDecoder::new(&bytes[..])
                .read_to_string(&mut text)
                .expect("gzip");
            text
        })
        .collect();
    assert!(
        fragments.iter().any(|f| f.contains("超市")),
        "{fragments:?}"
    );

    // A stylesheet edit: pages change, the index does not.
    site.write("static/style.css", "body { color: red; }");
    let rebuilt = session
        .apply(&[change(Area::Static, "style.css", "static")])
        .expect("rebuild");
    assert!(
        !rebuilt
            .changed
            .iter()
            .any(|rel| rel.starts_with("pagefind/")),
        "{:?}",
        rebuilt.changed
    );
}
