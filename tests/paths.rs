//! Path identity (issue 13, items 4, 5, 6, 11, 12): what a build reads and
//! writes is decided by real locations, and every output path has exactly
//! one source. Each test is named after what broke; each failed before.

mod common;

use std::path::Path;

use common::{Site, file_tree, mekong};

const GUIDE: &str = "---\ntitle: Guide\ndate: 2026-01-01\n---\nA guide.\n";

fn guide_with(front_matter: &str) -> String {
    format!("---\ntitle: Guide\ndate: 2026-01-01\n{front_matter}---\nA guide.\n")
}

#[cfg(unix)]
fn symlink(target: &Path, link: &Path) {
    std::fs::create_dir_all(link.parent().expect("parent")).expect("mkdir");
    std::os::unix::fs::symlink(target, link).expect("symlink");
}

fn path_str(path: &Path) -> &str {
    path.to_str().expect("utf-8 temp path")
}

/// A folder beside the site, with a file that must never be published.
fn outside() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::create_dir_all(dir.path().join("static")).expect("mkdir");
    std::fs::create_dir_all(dir.path().join("templates")).expect("mkdir");
    std::fs::write(dir.path().join("static/secret.txt"), "private key").expect("write");
    std::fs::write(dir.path().join("secret.txt"), "private key").expect("write");
    std::fs::write(
        dir.path().join("templates/page.html"),
        "stolen template {{ page.title }}",
    )
    .expect("write");
    dir
}

fn published_anything_from(site: &Site, needle: &str) -> bool {
    file_tree(&site.path("public"))
        .values()
        .any(|bytes| String::from_utf8_lossy(bytes).contains(needle))
}

// Item 4: a content symlink into the output folder.

#[cfg(unix)]
#[test]
fn content_symlink_into_the_output_folder_is_not_copied_into_itself() {
    let site = Site::with_config("");
    site.write("content/guides/a.md", GUIDE);
    site.build(&[]).assert_ok();
    symlink(Path::new("../public"), &site.path("content/mirror"));
    for _ in 0..2 {
        let run = site.build(&[]);
        run.assert_ok();
        assert!(
            run.stderr().contains("content/mirror")
                && run
                    .stderr()
                    .contains("symlink leads into the output folder public; not followed"),
            "{}",
            run.stderr()
        );
    }
    let outputs = site.outputs();
    assert!(
        outputs.iter().all(|p| !p.starts_with("mirror/")),
        "the output was copied into itself: {outputs:?}"
    );
}

#[cfg(unix)]
#[test]
fn content_symlink_to_a_folder_holding_the_output_skips_the_output() {
    // content/build -> ../build, output build/public: the folder is inside
    // the site and is followed, but not into the output.
    let site = Site::with_config("");
    site.write("build/notes/n.txt", "a note");
    symlink(Path::new("../build"), &site.path("content/build"));
    let out = site.path("build/public");
    let out = path_str(&out);
    site.build(&["--output", out]).assert_ok();
    let run = site.build(&["--output", out]);
    run.assert_ok();
    assert!(
        run.stderr().contains("content/build/public"),
        "{}",
        run.stderr()
    );
    let files = file_tree(&site.path("build/public"));
    assert!(
        files.contains_key("build/notes/n.txt"),
        "{:?}",
        files.keys()
    );
    assert!(
        files.keys().all(|p| !p.starts_with("build/public")),
        "{:?}",
        files.keys()
    );
}

// Item 5: `mekong new` through a link that leaves content/.

#[cfg(unix)]
#[test]
fn new_refuses_a_folder_linked_outside_content() {
    let site = Site::with_config("");
    let away = tempfile::tempdir().expect("temp dir");
    symlink(away.path(), &site.path("content/link"));
    for wanted in ["link/x.md", "content/link/x.md", "link/deeper/x.md"] {
        let run = mekong(&["new", wanted, "--root", path_str(site.root())]);
        run.assert_fails();
        assert!(
            run.stderr().contains(&format!(
                "cannot create content/{}: content/link (a link to ",
                wanted.trim_start_matches("content/")
            )) && run.stderr().contains("leads outside content/"),
            "{}",
            run.stderr()
        );
    }
    assert!(
        std::fs::read_dir(away.path())
            .expect("read")
            .next()
            .is_none(),
        "new wrote outside the site"
    );
}

#[cfg(unix)]
#[test]
fn new_refuses_a_link_to_another_folder_of_the_site() {
    // Inside the site but outside content/: still not a guide's place.
    let site = Site::with_config("");
    std::fs::create_dir_all(site.path("static")).expect("mkdir");
    symlink(Path::new("../static"), &site.path("content/assets"));
    let run = mekong(&["new", "assets/x.md", "--root", path_str(site.root())]);
    run.assert_fails();
    assert!(
        run.stderr().contains("leads outside content/"),
        "{}",
        run.stderr()
    );
    assert!(!site.path("static/x.md").exists());
}

#[cfg(unix)]
#[test]
fn new_follows_a_link_that_stays_inside_content() {
    let site = Site::with_config("");
    std::fs::create_dir_all(site.path("content/guides")).expect("mkdir");
    symlink(Path::new("guides"), &site.path("content/g"));
    mekong(&["new", "g/x.md", "--root", path_str(site.root())]).assert_ok();
    assert!(site.path("content/guides/x.md").is_file());
}

// Item 6: `theme:` is one folder name under themes/; nothing outside the
// site is loaded or published.

fn site_with_theme(theme: &str) -> Site {
    let site = Site::empty();
    site.write(
        "site.yaml",
        &format!("title: Test site\nbase_url: https://example.org/\ntheme: {theme}\n"),
    );
    site.write("content/_index.md", "---\ntitle: Home\n---\nWelcome.\n");
    site.write("content/guides/a.md", GUIDE);
    site
}

#[test]
fn theme_that_is_a_path_is_an_error_at_its_line_in_site_yaml() {
    let away = outside();
    let absolute = path_str(away.path()).to_string();
    for theme in ["../../elsewhere", absolute.as_str(), "a/b", ".."] {
        let site = site_with_theme(theme);
        let run = site.build(&[]);
        run.assert_fails();
        let stderr = run.stderr();
        assert!(stderr.contains("site.yaml:3:8"), "{theme}: {stderr}");
        assert!(
            stderr.contains(&format!("theme `{theme}` ")),
            "{theme}: {stderr}"
        );
        assert!(!site.exists(""), "{theme}: a failed build created public/");
    }
}

#[cfg(unix)]
#[test]
fn theme_folder_linked_outside_the_site_is_refused() {
    let away = outside();
    let site = site_with_theme("x");
    symlink(away.path(), &site.path("themes/x"));
    let run = site.build(&[]);
    run.assert_fails();
    assert!(
        run.stderr().contains("themes/x leads outside the site"),
        "{}",
        run.stderr()
    );
    assert!(!site.exists(""), "a failed build created public/");
}

#[cfg(unix)]
#[test]
fn links_inside_a_theme_or_the_site_leading_outside_are_refused() {
    let away = outside();
    for (link, target) in [
        ("themes/x/static/secret.txt", "secret.txt"),
        ("themes/x/static/leak", "static"),
        ("themes/x/templates/page.html", "templates/page.html"),
        ("themes/x/templates", "templates"),
        ("static/secret.txt", "secret.txt"),
        ("templates/page.html", "templates/page.html"),
    ] {
        let site = site_with_theme("x");
        common::copy_dir(
            &Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default/templates"),
            &site.path("themes/x/templates"),
        );
        if link == "themes/x/templates" {
            std::fs::remove_dir_all(site.path(link)).expect("rm");
        } else {
            let _ = std::fs::remove_file(site.path(link));
        }
        symlink(&away.path().join(target), &site.path(link));
        let run = site.build(&[]);
        run.assert_fails();
        assert!(
            run.stderr()
                .contains(&format!("{link} leads outside the site")),
            "{link}: {}",
            run.stderr()
        );
        assert!(!site.exists(""), "{link}: a failed build created public/");
    }
}

#[cfg(unix)]
#[test]
fn a_theme_link_that_stays_inside_the_site_is_read() {
    let site = site_with_theme("x");
    common::copy_dir(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default"),
        &site.path("shared/theme"),
    );
    symlink(Path::new("../shared/theme"), &site.path("themes/x"));
    site.write("shared/logo.txt", "logo");
    symlink(
        Path::new("../shared/logo.txt"),
        &site.path("static/logo.txt"),
    );
    site.build(&[]).assert_ok();
    assert_eq!(site.read("logo.txt"), "logo");
    assert!(!published_anything_from(&site, "private key"));
}

// Item 11: a root content/index.md: once an error, now the home page
// (docs/content.md, "Folders"), its files beside it at their own paths.

#[test]
fn root_index_md_is_the_home_page_and_its_files_stay_assets() {
    for asset in ["a.png", "é.png", "图片/照片.png"] {
        let site = Site::empty();
        site.write(
            "site.yaml",
            "title: T\nbase_url: https://example.org/\ntheme: default\n",
        );
        site.write("content/index.md", "---\ntitle: Home\n---\nHome text.\n");
        site.write(&format!("content/{asset}"), "png");
        site.build(&[]).assert_ok();
        assert!(site.read("index.html").contains("Home text."), "{asset}");
        assert_eq!(site.read(asset), "png");
        assert!(!site.exists("index/index.html"), "{asset}");
    }
}

#[test]
fn bundle_assets_with_multi_byte_names_keep_every_character() {
    let site = Site::with_config("");
    site.write("content/guides/图/index.md", GUIDE);
    site.write("content/guides/图/é照片.png", "png");
    site.write("content/é.png", "png");
    site.build(&[]).assert_ok();
    assert_eq!(site.read("guides/tu/é照片.png"), "png");
    assert_eq!(site.read("é.png"), "png");
}

// Item 12: one output path, one source.

/// Builds and expects exit 1 with `message` and `help`, and no public/.
#[track_caller]
fn collides(site: &Site, message: &str, help: &str) {
    let run = site.build(&[]);
    run.assert_fails();
    let stderr = run.stderr_in(site);
    assert!(
        stderr.contains(message),
        "expected `{message}` in:\n{stderr}"
    );
    assert!(stderr.contains(help), "expected `{help}` in:\n{stderr}");
    assert!(!site.exists(""), "a failed build created public/");
}

#[test]
fn alias_on_robots_txt_is_an_error_not_a_race() {
    let site = Site::with_config("");
    site.write(
        "content/guides/a.md",
        &guide_with("aliases: [/robots.txt]\n"),
    );
    collides(
        &site,
        "/robots.txt is written as a file for the generated robots.txt, but the alias \
         `/robots.txt` in content/guides/a.md needs it as a folder (for /robots.txt/index.html)",
        "choose another path for the alias",
    );
}

#[test]
fn static_or_content_file_over_a_generated_file_is_an_error_naming_the_template() {
    for (file, name) in [
        ("static/robots.txt", "robots.txt"),
        ("content/sitemap.xml", "sitemap.xml"),
        ("static/atom.xml", "atom.xml"),
        ("static/404.html", "404.html"),
    ] {
        let site = Site::with_config("");
        site.write(file, "mine");
        let kind = if file.starts_with("static") {
            "static"
        } else {
            "content"
        };
        collides(
            &site,
            &format!(
                "two sources for one output file /{name}: the generated {name} and the {kind} file {file}"
            ),
            &format!(
                "to replace the generated {name}, write the template templates/{name} and remove {file}"
            ),
        );
    }
}

#[test]
fn content_index_html_over_the_home_page_is_an_error() {
    let site = Site::with_config("");
    site.write("content/index.html", "<p>mine</p>");
    collides(
        &site,
        "two sources for one output file /index.html: the section content/_index.md and the \
         content file content/index.html",
        "rename or move one of them",
    );
}

#[test]
fn static_page_over_a_rendered_page_is_an_error() {
    let site = Site::with_config("");
    site.write("content/guides/x.md", GUIDE);
    site.write("static/guides/x/index.html", "<p>mine</p>");
    collides(
        &site,
        "two sources for one output file /guides/x/index.html: the page content/guides/x.md and \
         the static file static/guides/x/index.html",
        "rename or move one of them",
    );
}

#[test]
fn static_file_where_a_rendered_folder_goes_is_an_error() {
    let site = Site::with_config("");
    site.write("content/guides/x.md", GUIDE);
    site.write("static/guides", "a file, not a folder");
    collides(
        &site,
        "/guides is written as a file for the static file static/guides, but the section content/guides \
         needs it as a folder (for /guides/index.html)",
        "rename or move one of them",
    );
}

#[test]
fn the_site_static_over_the_theme_static_stays_silent() {
    let site = Site::with_config("");
    site.write("static/favicon.svg", "<svg>mine</svg>");
    let run = site.build(&[]);
    run.assert_ok();
    assert!(run.stderr().is_empty(), "{}", run.stderr());
    assert_eq!(site.read("favicon.svg"), "<svg>mine</svg>");
}

#[test]
fn a_template_replaces_a_generated_file_without_collision() {
    let site = Site::with_config("");
    site.write("templates/robots.txt", "User-agent: *\nDisallow: /\n");
    site.build(&[]).assert_ok();
    assert_eq!(site.read("robots.txt"), "User-agent: *\nDisallow: /\n");
}

#[test]
fn search_files_collide_with_a_static_file_of_the_same_path() {
    let site = Site::with_config("search: true\n");
    site.write("content/guides/x.md", GUIDE);
    site.write("static/pagefind/pagefind-entry.json", "mine");
    collides(
        &site,
        "two sources for one output file /pagefind/pagefind-entry.json",
        "rename or move one of them",
    );
    let stderr = site.build(&[]).stderr();
    assert!(
        stderr.contains("the search index (`search: true`)")
            && stderr.contains("static/pagefind/pagefind-entry.json"),
        "{stderr}"
    );
}

#[test]
fn a_folder_where_the_search_page_goes_is_an_error() {
    // content/search/ without _index.md is a section at /search/: the search
    // page replaced its list silently.
    let site = Site::with_config("search: true\n");
    site.write("content/search/x.md", GUIDE);
    collides(
        &site,
        "two sources for one output file /search/index.html: the section content/search and \
         the search page (`search: true`)",
        "or set `search: false` in site.yaml",
    );
}
