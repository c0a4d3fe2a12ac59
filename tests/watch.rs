//! `mekong watch`: the real binary on a temp site, edited the ways editors
//! save (in place, temp file + rename, delete + recreate, new folders,
//! swap and backup files), and the incremental rebuild checked against a
//! fresh build.

mod common;

use common::{Pipe, Running, Site, eventually};
use mekong::build::{Options, render_site};
use mekong::output::Content;
use mekong::watch::{Area, Change, Scope, Session, Target};

const GUIDE: &str = "content/guides/top-up.md";
const GUIDE_OUT: &str = "guides/top-up/index.html";

fn output_contains(site: &Site, rel: &str, text: &str) -> Option<()> {
    let path = site.path("public").join(rel);
    std::fs::read_to_string(path)
        .ok()?
        .contains(text)
        .then_some(())
}

#[track_caller]
fn wait_for_text(site: &Site, rel: &str, text: &str) {
    eventually(&format!("{rel} to show {text:?}"), || {
        output_contains(site, rel, text)
    });
}

#[test]
fn an_edit_saved_in_place_is_rebuilt() {
    let site = Site::fixture("basic");
    let watch = Running::watch(site.root(), &[]);
    assert!(site.read(GUIDE_OUT).contains("第二段"));
    site.edit(GUIDE, "第二段。", "第二段：改过了。");
    wait_for_text(&site, GUIDE_OUT, "第二段：改过了。");
    let line = watch.line_with("re-rendered");
    assert!(line.contains("content/guides/top-up.md"), "{line}");
}

#[test]
fn a_temp_file_renamed_over_the_guide_is_rebuilt_and_never_published() {
    // vim (backupcopy=no), JetBrains and many others save this way.
    let site = Site::fixture("basic");
    let _watch = Running::watch(site.root(), &[]);
    let text = std::fs::read_to_string(site.path(GUIDE)).unwrap();
    for (i, temp) in ["top-up.md___jb_tmp___", ".top-up.md.tmp", "top-up.md.new"]
        .iter()
        .enumerate()
    {
        let temp_path = site.path("content/guides").join(temp);
        std::fs::write(&temp_path, text.replace("第二段", &format!("第{i}次保存"))).unwrap();
        std::fs::rename(&temp_path, site.path(GUIDE)).unwrap();
        wait_for_text(&site, GUIDE_OUT, &format!("第{i}次保存"));
    }
    let outputs = site.outputs();
    assert!(
        !outputs.iter().any(|o| o.contains("top-up.md")),
        "temp files were published: {outputs:?}"
    );
}

#[test]
fn a_guide_deleted_and_written_again_is_rebuilt() {
    let site = Site::fixture("basic");
    let _watch = Running::watch(site.root(), &[]);
    let text = std::fs::read_to_string(site.path(GUIDE)).unwrap();
    std::fs::remove_file(site.path(GUIDE)).unwrap();
    std::fs::write(site.path(GUIDE), text.replace("第二段", "重新写的")).unwrap();
    wait_for_text(&site, GUIDE_OUT, "重新写的");
}

#[test]
fn a_new_folder_with_a_guide_becomes_a_section_and_a_page() {
    let site = Site::fixture("basic");
    let _watch = Running::watch(site.root(), &[]);
    site.write(
        "content/esim/activate.md",
        "---\ntitle: 激活 eSIM\ndate: 2025-07-01\n---\n扫描二维码。\n",
    );
    wait_for_text(&site, "esim/activate/index.html", "扫描二维码。");
    wait_for_text(&site, "esim/index.html", "激活 eSIM");
}

/// A guide no other page links to, so it can go without breaking a link.
const LONE: &str = "content/guides/如何注销Smart电话卡.md";
const LONE_OUT: &str = "guides/ru-he-zhu-xiao-smart-dian-hua-ka/index.html";

#[test]
fn a_deleted_guide_leaves_the_output_and_its_lists() {
    let site = Site::fixture("basic");
    let _watch = Running::watch(site.root(), &[]);
    assert!(site.exists(LONE_OUT));
    assert!(
        site.read("operators/smart/index.html")
            .contains("/guides/ru-he-zhu-xiao-smart-dian-hua-ka/")
    );
    std::fs::remove_file(site.path(LONE)).unwrap();
    eventually("the page to be removed", || {
        (!site.exists(LONE_OUT)).then_some(())
    });
    let list = site.read("operators/smart/index.html");
    assert!(
        !list.contains("/guides/ru-he-zhu-xiao-smart-dian-hua-ka/"),
        "{list}"
    );
}

#[test]
fn a_renamed_guide_moves_to_its_new_url() {
    let site = Site::fixture("basic");
    let _watch = Running::watch(site.root(), &[]);
    std::fs::rename(site.path(LONE), site.path("content/guides/smart-cancel.md")).unwrap();
    wait_for_text(&site, "guides/smart-cancel/index.html", "带上护照");
    eventually("the old URL to go", || {
        (!site.exists(LONE_OUT)).then_some(())
    });
}

#[test]
fn editor_side_files_start_no_rebuild_and_are_not_published() {
    let site = Site::fixture("basic");
    let watch = Running::watch(site.root(), &[]);
    let before = watch.stdout_lines().len();
    for side in [
        ".top-up.md.swp",
        "top-up.md~",
        "4913",
        "#top-up.md#",
        ".#top-up.md",
    ] {
        site.write(&format!("content/guides/{side}"), "not content");
    }
    site.edit(GUIDE, "第二段。", "第二段：真的改了。");
    wait_for_text(&site, GUIDE_OUT, "第二段：真的改了。");
    let line = watch.line_with_after(before, "re-rendered");
    assert!(
        line.ends_with("ms)") && line.contains("content/guides/top-up.md: re-rendered"),
        "the rebuild was for the guide alone: {line}"
    );
    let rebuilds = watch.stdout_lines().len() - before;
    assert_eq!(rebuilds, 1, "{:?}", watch.stdout_lines());
    let outputs = site.outputs();
    assert!(
        !outputs
            .iter()
            .any(|o| o.contains("top-up.md") || o.ends_with("4913")),
        "{outputs:?}"
    );
}

#[test]
fn a_broken_edit_keeps_the_last_good_output_and_the_next_save_recovers() {
    let site = Site::fixture("basic");
    let watch = Running::watch(site.root(), &[]);
    site.edit(GUIDE, "date: 2025-06-01", "date: 2025-13-45");
    watch.line_with("build failed");
    // The report goes to stderr, which may lag behind the stdout line:
    // wait until it is there instead of reading once.
    watch.wait_for(Pipe::Stderr, "content/guides/top-up.md:4:7");
    assert!(
        site.read(GUIDE_OUT).contains("2025"),
        "last good page stays"
    );
    site.edit(GUIDE, "date: 2025-13-45", "date: 2025-06-02");
    site.edit(GUIDE, "第二段。", "修好了。");
    wait_for_text(&site, GUIDE_OUT, "修好了。");
}

#[test]
fn a_file_caught_half_written_shows_no_error() {
    use std::io::Write;
    let site = Site::fixture("basic");
    let watch = Running::watch(site.root(), &[]);
    let text = std::fs::read_to_string(site.path(GUIDE))
        .unwrap()
        .replace("第二段。", "慢慢写完的。");
    let (head, tail) = text.split_at(text.find("date:").unwrap());
    // A slow writer: the first half alone has unclosed front matter. The
    // pause is the scenario (longer than the 15 ms debounce, shorter than
    // the 100 ms settle time), not a wait for a result.
    let mut file = std::fs::File::create(site.path(GUIDE)).unwrap();
    file.write_all(head.as_bytes()).unwrap();
    file.flush().unwrap();
    std::thread::sleep(std::time::Duration::from_millis(50));
    file.write_all(tail.as_bytes()).unwrap();
    drop(file);
    wait_for_text(&site, GUIDE_OUT, "慢慢写完的。");
    watch.line_with("re-rendered");
    assert!(
        !watch.stdout_lines().iter().any(|l| l.contains("failed")) && watch.stderr().is_empty(),
        "an error flashed:\n{}",
        watch.stderr()
    );
}

#[test]
fn a_site_broken_at_start_is_watched_until_it_is_fixed() {
    let site = Site::fixture("basic");
    site.edit("site.yaml", "title: 测试指南", "titel: 测试指南");
    let watch = Running::watch(site.root(), &[]);
    watch.wait_for(Pipe::Stderr, "site.yaml");
    assert!(!site.exists("index.html"));
    site.edit("site.yaml", "titel: 测试指南", "title: 测试指南");
    wait_for_text(&site, "index.html", "测试指南");
}

#[test]
fn a_template_edit_re_renders_the_pages_using_it() {
    let site = Site::fixture("basic");
    let _watch = Running::watch(site.root(), &[]);
    site.edit("templates/404.html", "</body>", "<p>模板改了</p></body>");
    wait_for_text(&site, "404.html", "模板改了");
}

#[test]
fn polling_finds_changes_where_no_events_come() {
    let site = Site::fixture("basic");
    let _watch = Running::watch(site.root(), &["--poll"]);
    site.edit(GUIDE, "第二段。", "轮询看到了。");
    wait_for_text(&site, GUIDE_OUT, "轮询看到了。");
}

#[test]
fn ctrl_c_stops_watch_cleanly() {
    let site = Site::fixture("basic");
    let mut watch = Running::watch(site.root(), &[]);
    let status = watch.interrupt();
    assert!(status.success(), "{status}");
    assert!(watch.stdout_lines().contains(&"stopped".to_string()));
}

// The incremental rebuild, through the library: how much it re-renders,
// and that it ends where a fresh build would.

fn options(site: &Site) -> Options {
    Options {
        root: site.root().canonicalize().unwrap(),
        today: Some(common::TODAY.into()),
        ..Options::default()
    }
}

fn content_change(site: &Site, rel: &str) -> Change {
    let root = site.root().canonicalize().unwrap();
    Change {
        area: Area::Content,
        rel: rel.into(),
        path: root.join("content").join(rel),
    }
}

/// Every output of a session, as bytes.
fn session_outputs(session: &Session) -> Vec<(String, Vec<u8>)> {
    let outputs = session.outputs();
    let outputs = outputs.read().unwrap();
    outputs
        .files
        .iter()
        .map(|(path, content)| (path.clone(), content.bytes().unwrap().into_owned()))
        .collect()
}

fn fresh_outputs(site: &Site) -> Vec<(String, Vec<u8>)> {
    let rendered = render_site(&options(site)).unwrap_or_else(|d| panic!("{d:?}"));
    rendered
        .outputs
        .files
        .iter()
        .map(|(path, content)| (path.clone(), content.bytes().unwrap().into_owned()))
        .collect()
}

#[test]
fn a_one_guide_body_edit_re_renders_only_what_shows_the_guide() {
    let site = Site::fixture("basic");
    let mut session = Session::new(options(&site), None, Target::Memory);
    let first = session.rebuild_all().unwrap();
    let total = first.changed.len();

    site.edit(GUIDE, "第二段。", "第二段：增量。");
    let rebuilt = session
        .apply(&[content_change(&site, "guides/top-up.md")])
        .unwrap();
    assert_eq!(rebuilt.scope, Scope::Edits);
    // top-up.md (zh, operators smart and metfone, no topics) shows on its
    // own page (rendered first), the home page (which lists the guides
    // section with get_section), the zh guides section (two pagers and the
    // /page/1/ redirect that comes with them), the terms smart and metfone,
    // and the zh feed: 8 of the site's 36 files (its stylesheet twice:
    // style.css and the fingerprinted copy the theme links).
    assert_eq!(
        rebuilt.rendered,
        [
            "guides/top-up/index.html",
            "index.html",
            "guides/index.html",
            "guides/page/2/index.html",
            "guides/page/1/index.html",
            "operators/smart/index.html",
            "operators/metfone/index.html",
            "atom.xml",
        ]
    );
    assert_eq!(total, 36);
    assert_eq!(rebuilt.changed, vec![GUIDE_OUT.to_string()]);
    assert_eq!(session_outputs(&session), fresh_outputs(&site));
}

#[test]
fn incremental_rebuilds_end_where_a_fresh_build_would() {
    let site = Site::fixture("basic");
    let mut session = Session::new(options(&site), None, Target::Memory);
    session.rebuild_all().unwrap();
    // Body edits of two pages at once (one with a summary marker, which
    // feeds and lists show), then a front-matter edit, then a new page.
    site.edit(GUIDE, "第二段。", "新的摘要\n\n<!-- more -->\n\n第二段。");
    site.edit(
        "content/guides/cancel-sim.md",
        "然后带护照去门店办理。",
        "然后带护照去门店办理。\n\n## 新的小节\n\n内容。",
    );
    let both = [
        content_change(&site, "guides/top-up.md"),
        content_change(&site, "guides/cancel-sim.md"),
    ];
    assert_eq!(session.apply(&both).unwrap().scope, Scope::Edits);
    assert_eq!(session_outputs(&session), fresh_outputs(&site));

    // A title is resolved again, in memory; a new page renders the site.
    site.edit(GUIDE, "title: 充值", "title: 如何充值");
    let rebuilt = session
        .apply(&[content_change(&site, "guides/top-up.md")])
        .unwrap();
    assert_eq!(rebuilt.scope, Scope::Edits);
    assert_eq!(session_outputs(&session), fresh_outputs(&site));

    site.write(
        "content/guides/new.md",
        "---\ntitle: 新的\ndate: 2026-01-01\n---\n新。\n",
    );
    let rebuilt = session
        .apply(&[content_change(&site, "guides/new.md")])
        .unwrap();
    assert_eq!(rebuilt.scope, Scope::Full);
    assert!(
        rebuilt
            .changed
            .contains(&"guides/new/index.html".to_string())
    );
    assert_eq!(session_outputs(&session), fresh_outputs(&site));
}

#[test]
fn a_failed_rebuild_changes_nothing_and_its_edits_come_with_the_fix() {
    let site = Site::fixture("basic");
    let mut session = Session::new(options(&site), None, Target::Memory);
    session.rebuild_all().unwrap();
    let before = session_outputs(&session);
    // One good body edit and one broken link in another guide, saved together.
    site.edit(GUIDE, "第二段。", "一起保存的。");
    site.edit(
        "content/guides/cancel-sim.md",
        "然后带护照去门店办理。",
        "[坏链接](nope.md)",
    );
    let both = [
        content_change(&site, "guides/top-up.md"),
        content_change(&site, "guides/cancel-sim.md"),
    ];
    let errors = session.apply(&both).unwrap_err();
    assert!(
        errors
            .iter()
            .any(|d| d.location().starts_with("content/guides/cancel-sim.md:")),
        "{errors:?}"
    );
    assert_eq!(session_outputs(&session), before);
    // The fix alone brings in the other edit too.
    site.edit("content/guides/cancel-sim.md", "[坏链接](nope.md)", "好了");
    session
        .apply(&[content_change(&site, "guides/cancel-sim.md")])
        .unwrap();
    let page = session_outputs(&session)
        .into_iter()
        .find(|(p, _)| p == GUIDE_OUT)
        .unwrap();
    assert!(String::from_utf8(page.1).unwrap().contains("一起保存的。"));
    assert_eq!(session_outputs(&session), fresh_outputs(&site));
}

#[test]
fn an_edited_asset_is_copied_again() {
    let site = Site::fixture("basic");
    let out = site.path("public");
    let mut session = Session::new(options(&site), None, Target::Disk(out.clone()));
    session.rebuild_all().unwrap();
    site.write("content/files/price-list.txt", "新的价格表\n");
    let rebuilt = session
        .apply(&[content_change(&site, "files/price-list.txt")])
        .unwrap();
    assert_eq!(rebuilt.scope, Scope::Edits);
    assert!(rebuilt.rendered.is_empty());
    let copied = std::fs::read_to_string(out.join("files/price-list.txt")).unwrap();
    assert_eq!(copied, "新的价格表\n");
    assert!(matches!(
        session
            .outputs()
            .read()
            .unwrap()
            .get("files/price-list.txt"),
        Some(Content::File(_))
    ));
}

fn template_change(site: &Site, rel: &str) -> Change {
    let root = site.root().canonicalize().unwrap();
    Change {
        area: Area::Template,
        rel: rel.into(),
        path: root.join("templates").join(rel),
    }
}

#[test]
fn a_shortcode_template_edit_re_renders_only_the_pages_calling_it() {
    let site = Site::fixture("shortcodes");
    let mut session = Session::new(options(&site), None, Target::Memory);
    session.rebuild_all().unwrap();

    site.edit(
        "templates/shortcodes/steps.html",
        "class=\"steps\"",
        "class=\"steps edited\"",
    );
    let rebuilt = session
        .apply(&[template_change(&site, "shortcodes/steps.html")])
        .unwrap();
    assert_eq!(rebuilt.scope, Scope::Edits);
    // Only top-up.md calls `steps`: its page first, then what lists it.
    assert_eq!(rebuilt.rendered[0], "guides/top-up/index.html");
    assert!(
        !rebuilt
            .rendered
            .contains(&"guides/plain/index.html".to_string()),
        "{:?}",
        rebuilt.rendered
    );
    assert_eq!(
        rebuilt.changed,
        vec!["guides/top-up/index.html".to_string()]
    );
    assert_eq!(session_outputs(&session), fresh_outputs(&site));

    // A shortcode a section calls (the home page calls `badge`), and a new
    // shortcode, rebuild the whole site.
    site.edit(
        "templates/shortcodes/badge.html",
        "class=\"badge\"",
        "class=\"badge b\"",
    );
    let rebuilt = session
        .apply(&[template_change(&site, "shortcodes/badge.html")])
        .unwrap();
    assert_eq!(rebuilt.scope, Scope::Full);
    site.write("templates/shortcodes/new.html", "new");
    let rebuilt = session
        .apply(&[template_change(&site, "shortcodes/new.html")])
        .unwrap();
    assert_eq!(rebuilt.scope, Scope::Full);
    assert_eq!(session_outputs(&session), fresh_outputs(&site));
}

#[test]
fn a_broken_shortcode_template_edit_keeps_the_last_good_site() {
    let site = Site::fixture("shortcodes");
    let mut session = Session::new(options(&site), None, Target::Memory);
    session.rebuild_all().unwrap();
    let before = session_outputs(&session);
    site.write("templates/shortcodes/steps.html", "{{ items | nope }}");
    let failed = session.apply(&[template_change(&site, "shortcodes/steps.html")]);
    assert!(failed.is_err());
    assert_eq!(session_outputs(&session), before);
    site.write(
        "templates/shortcodes/steps.html",
        "<p>fixed {{ items | length }}</p>",
    );
    let rebuilt = session
        .apply(&[template_change(&site, "shortcodes/steps.html")])
        .unwrap();
    assert!(session_outputs(&session) != before);
    assert_eq!(rebuilt.scope, Scope::Edits);
    assert_eq!(session_outputs(&session), fresh_outputs(&site));
}

/// Inode and modification time of every file of the output folder.
fn stamps_of(
    out: &std::path::Path,
) -> std::collections::BTreeMap<String, (u64, std::time::SystemTime)> {
    use std::os::unix::fs::MetadataExt;
    common::file_tree(out)
        .into_keys()
        .map(|rel| {
            let meta = std::fs::metadata(out.join(&rel)).unwrap();
            (rel, (meta.ino(), meta.modified().unwrap()))
        })
        .collect()
}

/// The files whose inode or modification time changed between two looks.
fn touched(
    before: &std::collections::BTreeMap<String, (u64, std::time::SystemTime)>,
    after: &std::collections::BTreeMap<String, (u64, std::time::SystemTime)>,
) -> Vec<String> {
    after
        .iter()
        .filter(|(rel, stamp)| before.get(*rel) != Some(stamp))
        .map(|(rel, _)| rel.clone())
        .collect()
}

/// A facts site watched to disk: its session, output folder and stamps.
fn facts_session(site: &Site) -> (Session, std::path::PathBuf) {
    let out = site.path("public");
    let mut session = Session::new(options(site), None, Target::Disk(out.clone()));
    session.rebuild_all().unwrap();
    // Later writes must show in the modification time.
    std::thread::sleep(std::time::Duration::from_millis(20));
    (session, out)
}

#[test]
fn a_profile_fact_edit_re_renders_only_what_shows_the_fact() {
    let site = Site::fixture("facts");
    let (mut session, out) = facts_session(&site);
    let before = stamps_of(&out);
    site.edit(
        "content/operators/smart.md",
        "value: \"*888#\"",
        "value: \"*999#\"",
    );
    let rebuilt = session
        .apply(&[content_change(&site, "operators/smart.md")])
        .unwrap();
    assert_eq!(rebuilt.scope, Scope::Edits);
    // The guide whose Markdown calls fact(smart, balance), then what lists
    // it (home, guides, the cellcard term, the feed); the pages whose
    // templates show smart's profile facts (its term pages, the operator
    // cards of the home and taxonomy pages), in both languages.
    assert_eq!(
        rebuilt.rendered,
        [
            "guides/balance/index.html",
            "index.html",
            "guides/index.html",
            "km/index.html",
            "operators/index.html",
            "km/operators/index.html",
            "operators/cellcard/index.html",
            "operators/smart/index.html",
            "km/operators/smart/index.html",
            "atom.xml",
        ]
    );
    // Written: only what now reads differently (the feed holds the guide).
    let changed = [
        "atom.xml",
        "guides/balance/index.html",
        "km/operators/smart/index.html",
        "operators/smart/index.html",
    ];
    assert_eq!(touched(&before, &stamps_of(&out)), changed);
    for shows in [
        "guides/balance/index.html",
        "operators/smart/index.html",
        "km/operators/smart/index.html",
    ] {
        assert!(site.read(shows).contains("*999#"), "{shows}");
    }
    assert_eq!(session_outputs(&session), fresh_outputs(&site));

    // Its status and checked date: the badge on the guide and term pages.
    let before = stamps_of(&out);
    site.edit(
        "content/operators/smart.md",
        "value: \"*999#\", status: unconfirmed,",
        "value: \"*999#\", status: confirmed, source: https://operator.example/balance, checked: 2026-11-20,",
    );
    let rebuilt = session
        .apply(&[content_change(&site, "operators/smart.md")])
        .unwrap();
    assert_eq!(rebuilt.scope, Scope::Edits);
    assert_eq!(touched(&before, &stamps_of(&out)), changed);
    assert!(
        site.read("guides/balance/index.html")
            .contains("operator.example/balance")
    );
    assert_eq!(session_outputs(&session), fresh_outputs(&site));
}

#[test]
fn a_site_fact_edit_re_renders_the_pages_calling_it() {
    let site = Site::fixture("facts");
    let (mut session, out) = facts_session(&site);
    let before = stamps_of(&out);
    site.edit("content/_index.md", "value: \"117\"", "value: \"119\"");
    let rebuilt = session
        .apply(&[content_change(&site, "_index.md")])
        .unwrap();
    assert_eq!(rebuilt.scope, Scope::Edits);
    // Only balance.md calls fact(key="police"); no template shows a list
    // of the site's facts.
    assert_eq!(
        rebuilt.rendered,
        [
            "guides/balance/index.html",
            "index.html",
            "guides/index.html",
            "operators/cellcard/index.html",
            "operators/smart/index.html",
            "atom.xml",
        ]
    );
    assert_eq!(
        touched(&before, &stamps_of(&out)),
        ["guides/balance/index.html"]
    );
    assert!(site.read("guides/balance/index.html").contains("119"));
    assert_eq!(session_outputs(&session), fresh_outputs(&site));
}

#[test]
fn a_profile_edit_beyond_its_facts_renders_what_shows_the_profile() {
    let site = Site::fixture("facts");
    let (mut session, _) = facts_session(&site);
    site.edit(
        "content/operators/smart.md",
        "Smart's profile.",
        "Smart's new profile.",
    );
    let rebuilt = session
        .apply(&[content_change(&site, "operators/smart.md")])
        .unwrap();
    // Its term pages (the profile's text), not a guide that shows none of it.
    assert_eq!(rebuilt.scope, Scope::Edits);
    assert!(
        rebuilt
            .rendered
            .contains(&"operators/smart/index.html".to_string())
            && !rebuilt
                .rendered
                .contains(&"guides/plain/index.html".to_string()),
        "{:?}",
        rebuilt.rendered
    );
    assert!(
        site.read("operators/smart/index.html")
            .contains("Smart's new profile.")
    );
    assert_eq!(session_outputs(&session), fresh_outputs(&site));
    // A saved file with nothing changed renders nothing.
    let rebuilt = session
        .apply(&[content_change(&site, "operators/cellcard.md")])
        .unwrap();
    assert_eq!(rebuilt.scope, Scope::Nothing);
    // A fact removed that a guide still calls: an error, the last good
    // output kept; put back, the site is whole again.
    site.edit("content/operators/cellcard.md", "  balance:", "  balanse:");
    assert!(
        session
            .apply(&[content_change(&site, "operators/cellcard.md")])
            .is_err()
    );
    site.edit("content/operators/cellcard.md", "  balanse:", "  balance:");
    session
        .apply(&[content_change(&site, "operators/cellcard.md")])
        .unwrap();
    assert_eq!(session_outputs(&session), fresh_outputs(&site));
}

/// One save on the basic site, watched in memory: what it rendered, which
/// must be `expected`, and the whole output, which must be a fresh build's.
#[track_caller]
fn one_edit(
    site: &Site,
    session: &mut Session,
    rel: &str,
    (from, to): (&str, &str),
    expected: &[&str],
) {
    site.edit(&format!("content/{rel}"), from, to);
    let rebuilt = session.apply(&[content_change(site, rel)]).unwrap();
    assert_eq!(
        session_outputs(session),
        fresh_outputs(site),
        "{rel}: {from} → {to}"
    );
    assert_eq!(rebuilt.scope, Scope::Edits, "{rel}");
    assert_eq!(rebuilt.rendered, expected, "{rel}: {from} → {to}");
}

#[test]
fn every_kind_of_content_edit_renders_what_shows_it() {
    let site = Site::fixture("basic");
    let mut session = Session::new(options(&site), None, Target::Memory);
    session.rebuild_all().unwrap();
    let s = &mut session;
    // A title: the page, the lists showing it (home, the guides pagers,
    // its terms), the feed.
    one_edit(
        &site,
        s,
        "guides/top-up.md",
        ("title: 充值", "title: 如何充值"),
        &[
            "guides/top-up/index.html",
            "index.html",
            "guides/index.html",
            "guides/page/2/index.html",
            "guides/page/1/index.html",
            "operators/smart/index.html",
            "operators/metfone/index.html",
            "atom.xml",
        ],
    );
    // A date: the same, and the sitemap (its lastmod) with robots.txt.
    one_edit(
        &site,
        s,
        "guides/top-up.md",
        ("date: 2025-06-01", "date: 2024-01-01"),
        &[
            "guides/top-up/index.html",
            "index.html",
            "guides/index.html",
            "guides/page/2/index.html",
            "guides/page/1/index.html",
            "operators/smart/index.html",
            "operators/metfone/index.html",
            "atom.xml",
            "sitemap.xml",
            "robots.txt",
        ],
    );
    // A term removed: the lists of both terms, and the lists showing the
    // terms' counts (the operator cards of the taxonomy pages and guide lists).
    one_edit(
        &site,
        s,
        "guides/top-up.md",
        ("operators: [smart, metfone]", "operators: [smart]"),
        &[
            "guides/top-up/index.html",
            "index.html",
            "guides/index.html",
            "guides/page/2/index.html",
            "guides/page/1/index.html",
            "guides/notes/index.html",
            "operators/index.html",
            "topics/index.html",
            "operators/smart/index.html",
            "operators/metfone/index.html",
            "atom.xml",
        ],
    );
    // And added back.
    one_edit(
        &site,
        s,
        "guides/top-up.md",
        ("operators: [smart]", "operators: [smart, metfone]"),
        &[
            "guides/top-up/index.html",
            "index.html",
            "guides/index.html",
            "guides/page/2/index.html",
            "guides/page/1/index.html",
            "guides/notes/index.html",
            "operators/index.html",
            "topics/index.html",
            "operators/smart/index.html",
            "operators/metfone/index.html",
            "atom.xml",
        ],
    );
    // A title of a translated page: its translation shows it too.
    one_edit(
        &site,
        s,
        "guides/cancel-sim.md",
        ("title: 如何注销电话卡", "title: 注销电话卡"),
        &[
            "guides/cancel-sim/index.html",
            "en/guides/cancel-sim/index.html",
            "index.html",
            "guides/index.html",
            "guides/page/2/index.html",
            "guides/page/1/index.html",
            "en/index.html",
            "en/guides/index.html",
            "operators/smart/index.html",
            "en/operators/smart/index.html",
            "topics/zhu-xiao/index.html",
            "atom.xml",
            "en/atom.xml",
        ],
    );
    // A description: no translation shows it.
    one_edit(
        &site,
        s,
        "guides/cancel-sim.md",
        ("description: 三种注销方式", "description: 三种方式"),
        &[
            "guides/cancel-sim/index.html",
            "index.html",
            "guides/index.html",
            "guides/page/2/index.html",
            "guides/page/1/index.html",
            "operators/smart/index.html",
            "topics/zhu-xiao/index.html",
            "atom.xml",
        ],
    );
    // A section's description: the pages whose templates read a field of
    // that name off a section value (the default theme's base.html fetches
    // the home section, whose subsections hold this one).
    one_edit(
        &site,
        s,
        "guides/_index.md",
        ("description: 所有指南，最新的在前", "description: 所有指南"),
        &[
            "guides/index.html",
            "guides/page/2/index.html",
            "guides/page/1/index.html",
            "guides/cancel-sim/index.html",
            "guides/my-own-url/index.html",
            "guides/notes/keep-number/index.html",
            "guides/roaming/index.html",
            "guides/top-up/index.html",
            "guides/ru-he-zhu-xiao-smart-dian-hua-ka/index.html",
            "index.html",
            "guides/notes/index.html",
            "operators/index.html",
            "topics/index.html",
            "operators/smart/index.html",
            "operators/metfone/index.html",
            "topics/zhu-xiao/index.html",
        ],
    );
    // Its title.
    one_edit(
        &site,
        s,
        "guides/_index.md",
        ("title: 全部指南", "title: 指南"),
        &[
            "guides/index.html",
            "guides/page/2/index.html",
            "guides/page/1/index.html",
            "guides/cancel-sim/index.html",
            "guides/my-own-url/index.html",
            "guides/notes/keep-number/index.html",
            "guides/roaming/index.html",
            "guides/top-up/index.html",
            "guides/ru-he-zhu-xiao-smart-dian-hua-ka/index.html",
            "index.html",
            "guides/notes/index.html",
            "operators/index.html",
            "topics/index.html",
            "operators/smart/index.html",
            "operators/metfone/index.html",
            "topics/zhu-xiao/index.html",
        ],
    );
    // The home page's text: what fetched the home section.
    one_edit(
        &site,
        s,
        "_index.md",
        ("欢迎来到测试指南。", "欢迎。"),
        &[
            "index.html",
            "guides/cancel-sim/index.html",
            "guides/my-own-url/index.html",
            "guides/notes/keep-number/index.html",
            "guides/roaming/index.html",
            "guides/top-up/index.html",
            "guides/ru-he-zhu-xiao-smart-dian-hua-ka/index.html",
            "guides/index.html",
            "guides/page/2/index.html",
            "guides/page/1/index.html",
            "guides/notes/index.html",
            "operators/index.html",
            "topics/index.html",
            "operators/smart/index.html",
            "operators/metfone/index.html",
            "topics/zhu-xiao/index.html",
        ],
    );
    // A profile's description: the term pages (term.html reads
    // `profile.description`; those listing a guide of the term hold it too)
    // and the feeds, in both languages; no guide shows it.
    one_edit(
        &site,
        s,
        "operators/smart.md",
        ("description: Smart Axiata", "description: Smart"),
        &[
            "operators/smart/index.html",
            "en/operators/smart/index.html",
            "operators/metfone/index.html",
            "en/operators/metfone/index.html",
            "topics/zhu-xiao/index.html",
            "atom.xml",
            "en/atom.xml",
        ],
    );
    // Its title: every page showing the term's title (the guides' operator
    // badges), the lists, the taxonomy pages.
    one_edit(
        &site,
        s,
        "operators/smart.md",
        ("title: Smart", "title: Smart Axiata"),
        &[
            "operators/smart/index.html",
            "en/operators/smart/index.html",
            "en/guides/cancel-sim/index.html",
            "guides/cancel-sim/index.html",
            "guides/my-own-url/index.html",
            "guides/notes/keep-number/index.html",
            "guides/roaming/index.html",
            "guides/top-up/index.html",
            "guides/ru-he-zhu-xiao-smart-dian-hua-ka/index.html",
            "index.html",
            "guides/index.html",
            "guides/page/2/index.html",
            "guides/page/1/index.html",
            "guides/notes/index.html",
            "en/index.html",
            "en/guides/index.html",
            "operators/index.html",
            "en/operators/index.html",
            "topics/index.html",
            "en/topics/index.html",
            "operators/metfone/index.html",
            "en/operators/metfone/index.html",
            "topics/zhu-xiao/index.html",
            "atom.xml",
            "en/atom.xml",
        ],
    );
}

/// A page made a draft, then published: it leaves the output and its
/// lists, then comes back, and only what lists it is rendered.
#[test]
fn a_front_matter_edit_that_moves_a_page_across_pagers_renders_both() {
    let site = Site::fixture("basic");
    let mut session = Session::new(options(&site), None, Target::Memory);
    session.rebuild_all().unwrap();
    let s = &mut session;
    let pager = |s: &Session, n: u8| {
        let outputs = session_outputs(s);
        let path = match n {
            1 => "guides/index.html".to_string(),
            n => format!("guides/page/{n}/index.html"),
        };
        let (_, bytes) = outputs.into_iter().find(|(p, _)| *p == path).unwrap();
        String::from_utf8(bytes).unwrap()
    };
    // Four guides a pager, newest first: the oldest, on pager 2, becomes
    // the newest and pushes the fourth to pager 2.
    assert!(pager(s, 2).contains("自定义地址") && pager(s, 1).contains("如何注销 Smart 电话卡"));
    one_edit(
        &site,
        s,
        "guides/custom.md",
        ("date: 2025-02-01", "date: 2025-12-01"),
        &EXPECTED_MOVED,
    );
    assert!(pager(s, 1).contains("自定义地址") && pager(s, 2).contains("如何注销 Smart 电话卡"));
    // A guide with no terms takes one of the site's.
    one_edit(
        &site,
        s,
        "guides/custom.md",
        ("slug: my-own-url", "slug: my-own-url\noperators: [metfone]"),
        &EXPECTED_TERM,
    );
    // Two guides saved at once, one with a broken link: nothing changes,
    // and the fix brings both in.
    let before = session_outputs(s);
    site.edit(
        "content/guides/custom.md",
        "date: 2025-12-01",
        "date: 2025-02-01",
    );
    site.edit("content/guides/top-up.md", "title: 充值", "title: 坏");
    site.edit("content/guides/top-up.md", "第二段。", "[坏链接](nope.md)");
    let both = [
        content_change(&site, "guides/custom.md"),
        content_change(&site, "guides/top-up.md"),
    ];
    assert!(s.apply(&both).is_err());
    assert_eq!(session_outputs(s), before);
    site.edit("content/guides/top-up.md", "[坏链接](nope.md)", "好了");
    let rebuilt = s
        .apply(&[content_change(&site, "guides/top-up.md")])
        .unwrap();
    assert_eq!(rebuilt.scope, Scope::Edits);
    assert_eq!(session_outputs(s), fresh_outputs(&site));
}

#[test]
fn a_draft_toggled_renders_only_what_lists_the_page() {
    let site = Site::fixture("basic");
    let mut session = Session::new(options(&site), None, Target::Memory);
    session.rebuild_all().unwrap();
    let rel = "guides/secret.md";
    let (on, off) = ("draft: true", "operators: [smart]");
    site.edit(&format!("content/{rel}"), on, off);
    let rebuilt = session.apply(&[content_change(&site, rel)]).unwrap();
    assert_eq!(session_outputs(&session), fresh_outputs(&site), "draft off");
    assert_eq!(rebuilt.scope, Scope::Edits);
    assert!(rebuilt.removed.is_empty());
    // The page, the lists it joined (home, the guides pagers, the notes
    // section and both overviews show guides; its term's page, the feed),
    // and the sitemap files.
    let lists = [
        "index.html",
        "guides/index.html",
        "guides/page/2/index.html",
        "guides/page/1/index.html",
        "guides/notes/index.html",
        "operators/index.html",
        "topics/index.html",
        "operators/smart/index.html",
        "atom.xml",
        "sitemap.xml",
        "robots.txt",
    ];
    let mut expected = vec!["guides/secret/index.html"];
    expected.extend(lists);
    assert_eq!(rebuilt.rendered, expected, "draft off");
    site.edit(&format!("content/{rel}"), off, on);
    let rebuilt = session.apply(&[content_change(&site, rel)]).unwrap();
    assert_eq!(session_outputs(&session), fresh_outputs(&site), "draft on");
    assert_eq!(rebuilt.scope, Scope::Edits);
    assert_eq!(rebuilt.removed, ["guides/secret/index.html"]);
    assert_eq!(rebuilt.rendered, lists, "draft on");
    // A translation made a draft: the page it translated loses the link.
    let rel = "guides/top-up.en.md";
    site.write(
        &format!("content/{rel}"),
        "---\ntitle: Top up\ndate: 2025-06-01\n---\nDial *123#.\n",
    );
    session.apply(&[content_change(&site, rel)]).unwrap();
    site.edit(&format!("content/{rel}"), "title:", "draft: true\ntitle:");
    let rebuilt = session.apply(&[content_change(&site, rel)]).unwrap();
    assert_eq!(
        session_outputs(&session),
        fresh_outputs(&site),
        "translated"
    );
    assert_eq!(rebuilt.scope, Scope::Edits);
    assert_eq!(rebuilt.removed, ["en/guides/top-up/index.html"]);
    // The English page linking to it (its link now goes to the Chinese
    // page), the Chinese page (its language links), what lists either,
    // and the sitemap files.
    let expected = [
        "en/guides/cancel-sim/index.html",
        "guides/top-up/index.html",
        "index.html",
        "guides/index.html",
        "guides/page/2/index.html",
        "guides/page/1/index.html",
        "en/index.html",
        "en/guides/index.html",
        "operators/smart/index.html",
        "operators/metfone/index.html",
        "en/operators/smart/index.html",
        "atom.xml",
        "en/atom.xml",
        "sitemap.xml",
        "robots.txt",
    ];
    assert_eq!(rebuilt.rendered, expected, "translated");
}

/// Watched to disk: a published draft's file is written and listed in
/// the output manifest; made a draft again, both go.
#[test]
fn a_draft_toggled_on_disk_writes_and_removes_its_file() {
    let site = Site::fixture("basic");
    let out = site.path("public");
    let mut session = Session::new(options(&site), None, Target::Disk(out.clone()));
    session.rebuild_all().unwrap();
    let rel = "guides/secret.md";
    let page = out.join("guides/secret/index.html");
    let listed = || {
        let manifest = std::fs::read_to_string(out.join(".mekong-manifest")).unwrap();
        manifest
            .lines()
            .any(|l| l.contains("guides/secret/index.html"))
    };
    assert!(!page.exists() && !listed());
    site.edit(&format!("content/{rel}"), "draft: true", "draft: false");
    let rebuilt = session.apply(&[content_change(&site, rel)]).unwrap();
    assert_eq!(rebuilt.scope, Scope::Edits);
    assert!(std::fs::read_to_string(&page).unwrap().contains("草稿指南"));
    assert!(listed());
    assert!(
        std::fs::read_to_string(out.join("sitemap.xml"))
            .unwrap()
            .contains("/guides/secret/")
    );
    site.edit(&format!("content/{rel}"), "draft: false", "draft: true");
    let rebuilt = session.apply(&[content_change(&site, rel)]).unwrap();
    assert_eq!(rebuilt.removed, ["guides/secret/index.html"]);
    assert!(!page.exists() && !listed());
    assert!(
        !std::fs::read_to_string(out.join("sitemap.xml"))
            .unwrap()
            .contains("/guides/secret/")
    );
    assert_eq!(session_outputs(&session), fresh_outputs(&site));
}

#[test]
fn a_drafts_edits_render_nothing() {
    let site = Site::fixture("basic");
    let mut session = Session::new(options(&site), None, Target::Memory);
    session.rebuild_all().unwrap();
    let rel = "guides/secret.md";
    // Its body, then its title and date: a draft shows nowhere.
    let edits = [
        ("还没写完。", "还没写完,快了。"),
        ("title: 草稿指南", "title: 新的草稿指南"),
        ("date: 2025-07-01", "date: 2025-07-02"),
    ];
    for (from, to) in edits {
        site.edit(&format!("content/{rel}"), from, to);
        let rebuilt = session.apply(&[content_change(&site, rel)]).unwrap();
        assert_eq!(rebuilt.scope, Scope::Nothing, "{to}");
        assert!(rebuilt.rendered.is_empty(), "{to}: {:?}", rebuilt.rendered);
        assert!(rebuilt.removed.is_empty(), "{to}: {:?}", rebuilt.removed);
        assert_eq!(session_outputs(&session), fresh_outputs(&site), "{to}");
    }
}

#[test]
fn an_edit_that_moves_urls_or_terms_renders_the_whole_site() {
    let site = Site::fixture("basic");
    let mut session = Session::new(options(&site), None, Target::Memory);
    session.rebuild_all().unwrap();
    let edits = [
        // Made a draft, its section loses a pager.
        (
            "guides/如何注销Smart电话卡.md",
            "date: 2025-03-01",
            "date: 2025-03-01\ndraft: true",
        ),
        // A new slug: a new URL.
        (
            "guides/top-up.md",
            "date: 2025-06-01",
            "date: 2025-06-01\nslug: top-up-now",
        ),
        // A term no page had: a new term page.
        (
            "guides/top-up.md",
            "operators: [smart, metfone]",
            "operators: [smart, metfone]\ntopics: [新的]",
        ),
        // Pagination: pagers come or go.
        ("guides/_index.md", "paginate: 4", "paginate: 2"),
    ];
    for (rel, from, to) in edits {
        site.edit(&format!("content/{rel}"), from, to);
        let rebuilt = session.apply(&[content_change(&site, rel)]).unwrap();
        assert_eq!(rebuilt.scope, Scope::Full, "{rel}: {to}");
        assert_eq!(
            session_outputs(&session),
            fresh_outputs(&site),
            "{rel}: {to}"
        );
    }
}

#[test]
fn a_front_matter_edit_after_body_edits_keeps_them() {
    let site = Site::fixture("basic");
    let mut session = Session::new(options(&site), None, Target::Memory);
    session.rebuild_all().unwrap();
    // A body edit (a new heading, a new summary) of a translated page, then
    // a title edit of its translation, which lists it: the body stays.
    site.edit(
        "content/guides/cancel-sim.md",
        "注销之前先用完余额。",
        "新的摘要。\n\n## 新的小节\n\n注销之前先用完余额。",
    );
    let rebuilt = session
        .apply(&[content_change(&site, "guides/cancel-sim.md")])
        .unwrap();
    assert_eq!(rebuilt.scope, Scope::Edits);
    site.edit(
        "content/guides/cancel-sim.en.md",
        "title: How to cancel a SIM",
        "title: Cancel a SIM",
    );
    let rebuilt = session
        .apply(&[content_change(&site, "guides/cancel-sim.en.md")])
        .unwrap();
    assert_eq!(rebuilt.scope, Scope::Edits);
    assert!(
        rebuilt
            .rendered
            .contains(&"guides/cancel-sim/index.html".to_string())
    );
    assert_eq!(session_outputs(&session), fresh_outputs(&site));
    // And a fact edit, then a front-matter edit of the same profile.
    site.edit("content/operators/smart.md", "weight: 1", "weight: 2");
    session
        .apply(&[content_change(&site, "operators/smart.md")])
        .unwrap();
    assert_eq!(session_outputs(&session), fresh_outputs(&site));
}

/// The guide moved across pagers: its page, both pagers (and page 1's
/// redirect), the home page and feed listing the newest, the sitemap.
const EXPECTED_MOVED: [&str; 8] = [
    "guides/my-own-url/index.html",
    "index.html",
    "guides/index.html",
    "guides/page/2/index.html",
    "guides/page/1/index.html",
    "atom.xml",
    "sitemap.xml",
    "robots.txt",
];
/// The guide joined a term: its page, the lists showing it, the term's
/// list, and those showing the term's count.
const EXPECTED_TERM: [&str; 10] = [
    "guides/my-own-url/index.html",
    "index.html",
    "guides/index.html",
    "guides/page/2/index.html",
    "guides/page/1/index.html",
    "guides/notes/index.html",
    "operators/index.html",
    "topics/index.html",
    "operators/metfone/index.html",
    "atom.xml",
];

/// The bench's templates (no `count` anywhere): a guide joining a term
/// changes the term's `count`, which the term's other guides hold in
/// their `taxonomies`; none is rendered again, and the output is a fresh
/// build's. Then a page template that prints the count (a full rebuild,
/// as after any template edit): the term's guides are rendered too.
#[test]
fn a_terms_count_renders_the_guides_holding_it_only_when_a_template_reads_it() {
    let site = Site::fixture("basic");
    let bench = [
        ("index.html", include_str!("../bench/templates/index.html")),
        ("page.html", include_str!("../bench/templates/page.html")),
        (
            "section.html",
            include_str!("../bench/templates/section.html"),
        ),
        (
            "taxonomy.html",
            include_str!("../bench/templates/taxonomy.html"),
        ),
        ("term.html", include_str!("../bench/templates/term.html")),
    ];
    // Guides without operators here: an empty list for them.
    let some = |text: &str| text.replace(".operators %}", ".operators | default(value=[]) %}");
    for (name, text) in bench {
        site.write(&format!("templates/{name}"), &some(text));
    }
    let mut session = Session::new(options(&site), None, Target::Memory);
    session.rebuild_all().unwrap();
    let s = &mut session;
    let term = ("slug: my-own-url", "slug: my-own-url\noperators: [metfone]");
    one_edit(
        &site,
        s,
        "guides/custom.md",
        term,
        // The lists print no term: the guide, its term's page, the feed.
        &[
            "guides/my-own-url/index.html",
            "operators/metfone/index.html",
            "atom.xml",
        ],
    );
    let page = some(include_str!("../bench/templates/page.html"));
    let counted = page.replace("{{ t.title }}", "{{ t.title }} ({{ t.count }})");
    site.write("templates/page.html", &counted);
    let rebuilt = s.apply(&[template_change(&site, "page.html")]).unwrap();
    assert_eq!(rebuilt.scope, Scope::Full);
    assert!(site_output(s, "guides/top-up/index.html").contains("Metfone (3)"));
    one_edit(
        &site,
        s,
        "guides/custom.md",
        (term.1, term.0),
        &[
            "guides/my-own-url/index.html",
            "guides/roaming/index.html",
            "guides/top-up/index.html",
            "operators/metfone/index.html",
            "atom.xml",
        ],
    );
    assert!(site_output(s, "guides/top-up/index.html").contains("Metfone (2)"));
}

fn site_output(session: &Session, rel: &str) -> String {
    let (_, bytes) = session_outputs(session)
        .into_iter()
        .find(|(path, _)| path == rel)
        .unwrap();
    String::from_utf8(bytes).unwrap()
}

/// A draft made public with a broken link: nothing changes (the model
/// taken back as it was), the next edit elsewhere is as if it never
/// happened, and the fix brings the page in.
#[test]
fn a_draft_made_public_with_a_broken_link_changes_nothing() {
    let site = Site::fixture("basic");
    let mut session = Session::new(options(&site), None, Target::Memory);
    session.rebuild_all().unwrap();
    let rel = "guides/secret.md";
    let before = session_outputs(&session);
    site.edit(&format!("content/{rel}"), "draft: true", "draft: false");
    site.edit(&format!("content/{rel}"), "还没写完。", "[坏链接](nope.md)");
    assert!(session.apply(&[content_change(&site, rel)]).is_err());
    assert_eq!(session_outputs(&session), before);
    site.edit(&format!("content/{rel}"), "draft: false", "draft: true");
    let rebuilt = session.apply(&[content_change(&site, rel)]).unwrap();
    assert_eq!(rebuilt.scope, Scope::Nothing);
    let edit = ("title: 充值", "title: 如何充值");
    site.edit("content/guides/top-up.md", edit.0, edit.1);
    let rebuilt = session
        .apply(&[content_change(&site, "guides/top-up.md")])
        .unwrap();
    assert_eq!(rebuilt.scope, Scope::Edits);
    assert_eq!(session_outputs(&session), fresh_outputs(&site));
    site.edit(&format!("content/{rel}"), "draft: true", "draft: false");
    site.edit(&format!("content/{rel}"), "[坏链接](nope.md)", "写完了。");
    let rebuilt = session.apply(&[content_change(&site, rel)]).unwrap();
    assert_eq!(rebuilt.scope, Scope::Edits);
    assert_eq!(rebuilt.rendered[0], "guides/secret/index.html");
    assert_eq!(session_outputs(&session), fresh_outputs(&site));
}

/// A 404 page whose menu fetches a section: the section's new title
/// renders 404.html again, and no sitemap (which lists every page and
/// shows no title).
#[test]
fn a_section_title_in_the_404_menu_renders_404_html_alone_of_the_site_files() {
    let site = Site::fixture("basic");
    site.write(
        "templates/404.html",
        "{% set guides = get_section(path=\"guides\") %}<nav>{{ guides.title }}</nav>\n",
    );
    let mut session = Session::new(options(&site), None, Target::Memory);
    session.rebuild_all().unwrap();
    site.edit("content/guides/_index.md", "title: 全部指南", "title: 指南");
    let rebuilt = session
        .apply(&[content_change(&site, "guides/_index.md")])
        .unwrap();
    assert_eq!(session_outputs(&session), fresh_outputs(&site));
    assert!(rebuilt.rendered.contains(&"404.html".to_string()));
    assert!(!rebuilt.rendered.iter().any(|p| p.starts_with("sitemap")));
    assert!(site_output(&session, "404.html").contains("<nav>指南</nav>"));
}
