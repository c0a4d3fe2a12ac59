//! `mekong init` and `mekong new`: a new site builds and checks at once, a
//! new guide has valid front matter for the site's taxonomies, and neither
//! command ever overwrites a file.

mod common;

use std::path::Path;

use common::{Mekong, Run, Site};

/// 2026-11-26 12:00 UTC: `new` and `init` read today from it.
const EPOCH: &str = "1795694400";
const TODAY: &str = "2026-11-26";

/// `mekong <args>` with today fixed by SOURCE_DATE_EPOCH.
fn mekong(args: &[&str]) -> Run {
    Mekong::new(args).env("SOURCE_DATE_EPOCH", EPOCH).run()
}

fn path_str(path: &Path) -> &str {
    path.to_str().expect("utf-8 temp path")
}

/// A site made by `mekong init` in a fresh temp dir.
fn init_site() -> Site {
    let site = Site::empty();
    mekong(&["init", path_str(site.root())]).assert_ok();
    site
}

fn new_guide(site: &Site, path: &str) -> Run {
    mekong(&["new", path, "--root", path_str(site.root())])
}

fn files_under(dir: &Path) -> Vec<String> {
    let mut files: Vec<String> = walkdir::WalkDir::new(dir)
        .into_iter()
        .flatten()
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            e.path()
                .strip_prefix(dir)
                .expect("inside")
                .to_string_lossy()
                .into_owned()
        })
        .collect();
    files.sort();
    files
}

#[test]
fn init_makes_a_site_that_passes_check_and_builds() {
    let site = Site::empty();
    let dir = site.path("my-site");
    let run = mekong(&["init", path_str(&dir)]);
    run.assert_ok();
    assert!(
        run.stdout().contains("created a new site in"),
        "{}",
        run.stdout()
    );

    let root = path_str(&dir);
    mekong(&["check", "--root", root, "--today", TODAY]).assert_ok();
    let run = mekong(&["build", "--root", root, "--today", TODAY]);
    run.assert_ok();
    assert!(run.stderr().is_empty(), "warnings: {}", run.stderr());

    let home = std::fs::read_to_string(dir.join("public/index.html")).expect("home page");
    assert!(home.contains("Example Mobile"), "operator grid: {home}");
    let guide = std::fs::read_to_string(dir.join("public/guides/check-balance/index.html"))
        .expect("example guide");
    assert!(guide.contains(&format!("<time datetime=\"{TODAY}\">")));
    assert!(guide.contains("href=\"/operators/example-mobile/\""));
    assert!(!guide.contains("notice-stale"));
    assert!(
        dir.join("public/operators/example-mobile/index.html")
            .exists()
    );
}

#[test]
fn init_copies_the_default_theme_to_adapt() {
    let site = init_site();
    let repo_theme = Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default");
    let copied = site.path("themes/default");
    let files = files_under(&repo_theme);
    assert!(files.contains(&"templates/base.html".to_string()));
    assert_eq!(files_under(&copied), files);
    for rel in &files {
        assert_eq!(
            std::fs::read(copied.join(rel)).expect("copied"),
            std::fs::read(repo_theme.join(rel)).expect("original"),
            "{rel} differs"
        );
    }
}

#[test]
fn init_writes_into_an_existing_empty_folder() {
    let site = Site::empty();
    init_in(site.root()).assert_ok();
    assert!(site.path("site.yaml").is_file());
}

fn init_in(dir: &Path) -> Run {
    mekong(&["init", path_str(dir)])
}

#[test]
fn init_refuses_a_folder_that_is_not_empty_and_changes_nothing() {
    let site = Site::empty();
    site.write("notes.txt", "mine\n");
    let run = init_in(site.root());
    run.assert_fails();
    insta::assert_snapshot!("init_not_empty", run.stderr_in(&site));
    assert_eq!(files_under(site.root()), vec!["notes.txt".to_string()]);
    assert_eq!(
        std::fs::read_to_string(site.path("notes.txt")).expect("kept"),
        "mine\n"
    );
}

#[test]
fn init_refuses_a_path_that_is_a_file() {
    let site = Site::empty();
    site.write("taken", "x");
    let run = init_in(&site.path("taken"));
    run.assert_fails();
    assert!(
        run.stderr().contains("exists and is not a folder"),
        "{}",
        run.stderr()
    );
}

#[test]
fn new_writes_a_guide_with_its_front_matter_filled_in() {
    let site = init_site();
    let run = new_guide(&site, "guides/top-up.md");
    run.assert_ok();
    assert_eq!(run.stdout(), "created content/guides/top-up.md\n");
    let text = std::fs::read_to_string(site.path("content/guides/top-up.md")).expect("guide");
    insta::assert_snapshot!("new_guide", text);

    let root = path_str(site.root());
    mekong(&["check", "--root", root, "--today", TODAY]).assert_ok();
    mekong(&["build", "--root", root, "--today", TODAY]).assert_ok();
    let page = site.read("guides/top-up/index.html");
    assert!(page.contains("<h1>Top up</h1>"));
}

#[test]
fn new_accepts_a_path_starting_with_content_and_makes_folders() {
    let site = init_site();
    new_guide(&site, "content/guides/travel/roaming.md").assert_ok();
    let text = std::fs::read_to_string(site.path("content/guides/travel/roaming.md"))
        .expect("guide in a new folder");
    assert!(text.starts_with("---\ntitle: Roaming\n"), "{text}");
}

#[test]
fn new_lists_exactly_the_sites_taxonomies() {
    let site = Site::with_config("taxonomies: [tags]\n");
    new_guide(&site, "notes/first-note.md").assert_ok();
    let text = std::fs::read_to_string(site.path("content/notes/first-note.md")).expect("guide");
    assert!(text.contains("\ntags: []\n"), "{text}");
    assert!(!text.contains("operators"), "{text}");
    site.check(&[]).assert_ok();

    let bare = Site::with_config("");
    new_guide(&bare, "guides/a.md").assert_ok();
    let text = std::fs::read_to_string(bare.path("content/guides/a.md")).expect("guide");
    assert!(!text.contains("[]"), "{text}");
    bare.check(&[]).assert_ok();
}

#[test]
fn new_titles_a_translation_without_its_language_suffix() {
    let site = init_site();
    let yaml = std::fs::read_to_string(site.path("site.yaml")).expect("site.yaml");
    site.write(
        "site.yaml",
        &yaml.replace(
            "# languages:\n#   zh: { title: 电话卡指南 }",
            "languages:\n  zh: { title: 电话卡指南 }",
        ),
    );
    new_guide(&site, "guides/check-balance.zh.md").assert_ok();
    let text =
        std::fs::read_to_string(site.path("content/guides/check-balance.zh.md")).expect("guide");
    assert!(text.starts_with("---\ntitle: Check balance\n"), "{text}");
    mekong(&["check", "--root", path_str(site.root()), "--today", TODAY]).assert_ok();
}

#[test]
fn new_never_overwrites_a_guide() {
    let site = init_site();
    let before = std::fs::read_to_string(site.path("content/guides/check-balance.md"))
        .expect("example guide");
    let run = new_guide(&site, "guides/check-balance.md");
    run.assert_fails();
    insta::assert_snapshot!("new_exists", run.stderr_in(&site));
    assert_eq!(
        std::fs::read_to_string(site.path("content/guides/check-balance.md")).expect("kept"),
        before
    );
}

#[test]
fn new_refuses_paths_that_are_not_guides_inside_content() {
    let site = init_site();
    let before = files_under(site.root());
    for (path, why) in [
        ("../outside.md", "must stay inside content/"),
        ("/tmp/abs.md", "must stay inside content/"),
        ("guides/notes.txt", "ending in .md"),
        ("guides/_index.md", "section files"),
        (
            "operators/new-op.md",
            "holds the profiles of the `operators` taxonomy",
        ),
    ] {
        let run = new_guide(&site, path);
        run.assert_fails();
        assert!(run.stderr().contains(why), "{path}: {}", run.stderr());
    }
    assert_eq!(files_under(site.root()), before, "something was written");
}

#[test]
fn new_outside_a_site_says_where_site_yaml_is_missing() {
    let site = Site::empty();
    let run = new_guide(&site, "guides/a.md");
    run.assert_fails();
    assert!(run.stderr().contains("no site.yaml"), "{}", run.stderr());
    assert!(files_under(site.root()).is_empty());
}

#[test]
fn new_without_a_path_is_a_usage_error() {
    let run = mekong(&["new"]);
    assert_eq!(run.code(), 2, "{}", run.stderr());
}
