//! A site moved from another generator, as it was (issue 17): the
//! `migration` fixture sets `front_matter: { unknown_keys: extra }` and
//! holds every shape of front matter such a site brings.
//!
//! | file (content/docs/) | front matter            | title from  | date       |
//! |----------------------|-------------------------|-------------|------------|
//! | _index.md            | linkTitle, aliases      | `title:`    |            |
//! | plain.md             | none                    | `# heading` | none       |
//! | setext.md            | `outline: deep` only    | `===` line  | none       |
//! | no-title.md          | none, and no heading    | file name   | none       |
//! | dated.md             | keywords, params        | `title:`    | 2025-05-13 |
//! | older.md             | keywords                | `title:`    | 2024-01-02 |
//! | snake.md             | `slug: Hugo_Pipes`      | `title:`    | 2023-03-04 |
//!
//! content/guide/_index.md has no front matter and a `# heading`;
//! guide/start.md has only `outline: deep`.

mod common;

use common::{Site, h1_of, links_under, main_of};

fn built() -> (Site, String) {
    let site = Site::fixture("migration");
    let run = site.build(&[]);
    run.assert_ok();
    let stderr = run.stderr_in(&site);
    (site, stderr)
}

#[test]
fn pages_without_front_matter_or_title_are_titled_once() {
    let (site, _) = built();
    for (page, title) in [
        ("docs/plain/", "Plain heading"),
        ("docs/setext/", "Setext title"),
        ("docs/no-title/", "no-title"),
        ("docs/dated/", "Dated page"),
        ("guide/", "The guide"),
        ("guide/start/", "Getting started"),
        ("docs/", "Docs"),
    ] {
        let html = site.read(&format!("{page}index.html"));
        assert_eq!(html.matches("<h1").count(), 1, "{page}:\n{html}");
        assert_eq!(h1_of(&html), title, "{page}");
        assert!(
            html.contains(&format!("<title>{title} | Moved docs</title>")),
            "{page}"
        );
    }
}

#[test]
fn undated_pages_show_no_date_sort_last_and_stay_out_of_the_feed() {
    let (site, _) = built();
    let plain = site.read("docs/plain/index.html");
    assert!(
        !plain.contains("<time"),
        "a date on an undated page:\n{plain}"
    );
    assert!(!plain.contains("Published"), "{plain}");
    let dated = site.read("docs/dated/index.html");
    assert!(dated.contains("<time datetime=\"2025-05-13\">13 May 2025</time>"));

    // Newest first, then the undated ones by title (bytes: upper case first).
    let listed = links_under(&site.read("docs/index.html"), "/docs/");
    let expected = [
        "dated",
        "older",
        "hugo_pipes",
        "plain",
        "setext",
        "no-title",
    ]
    .map(|s| format!("/docs/{s}/"));
    assert_eq!(listed, expected);
    let home = links_under(&site.read("index.html"), "/docs/");
    assert_eq!(home, expected, "the home page's latest list");

    let feed = site.read("atom.xml");
    assert_eq!(feed.matches("<entry").count(), 3, "{feed}");
    for undated in ["plain", "setext", "no-title"] {
        assert!(!feed.contains(&format!("/docs/{undated}/")), "{feed}");
    }
    let sitemap = site.read("sitemap.xml");
    assert_eq!(sitemap.matches("<lastmod>").count(), 3, "{sitemap}");
}

#[test]
fn unknown_keys_are_kept_under_extra_with_one_warning() {
    let (site, stderr) = built();
    let dated = site.read("docs/dated/index.html");
    assert!(
        main_of(&dated).contains("keywords: install,setup; toc: true"),
        "{dated}"
    );
    assert_eq!(
        stderr.matches("unknown front-matter keys").count(),
        1,
        "{stderr}"
    );
    assert!(
        stderr.contains(
            "warning: unknown front-matter keys kept under page.extra / section.extra: \
             keywords ×2, outline ×2, linkTitle ×1, params ×1"
        ),
        "{stderr}"
    );
    assert!(!stderr.contains("error:"), "{stderr}");
}

#[test]
fn a_title_from_the_file_name_and_a_lowered_slug_are_warnings_naming_the_file() {
    let (site, stderr) = built();
    assert!(
        stderr.contains("warning: no title: the page is titled `no-title` after its file name")
            && stderr.contains("content/docs/no-title.md"),
        "{stderr}"
    );
    assert!(
        stderr.contains("warning: slug `Hugo_Pipes` has upper-case letters")
            && stderr.contains("content/docs/snake.md:4:7"),
        "{stderr}"
    );
    assert!(site.exists("docs/hugo_pipes/index.html"));
}

#[test]
fn a_section_alias_redirects_to_the_section() {
    let (site, _) = built();
    let redirect = site.read("old-docs/index.html");
    assert!(
        redirect.contains("<link rel=\"canonical\" href=\"https://example.org/docs/\">"),
        "{redirect}"
    );
}

#[test]
fn a_section_alias_on_a_taken_url_is_a_collision_naming_both() {
    let site = Site::with_config("");
    site.write(
        "content/docs/_index.md",
        "---\ntitle: Docs\naliases: [/docs/a/]\n---\n",
    );
    site.write("content/docs/a.md", "# A\n");
    let run = site.build(&[]);
    run.assert_fails();
    let stderr = run.stderr_in(&site);
    assert!(
        stderr.contains("content/docs/_index.md") && stderr.contains("content/docs/a.md"),
        "{stderr}"
    );
}

#[test]
fn in_error_mode_unknown_keys_fail_and_links_of_the_same_file_are_checked() {
    let site = Site::with_config("");
    site.write(
        "content/docs/a.md",
        "---\ntitle: A\nkeywords: [x]\n---\nSee [the missing page](missing.md).\n",
    );
    let run = site.build(&[]);
    run.assert_fails();
    let stderr = run.stderr_in(&site);
    assert!(
        stderr.contains("unknown front matter key `keywords`")
            && stderr.contains("content/docs/a.md:3:1"),
        "{stderr}"
    );
    assert!(
        stderr.contains("link target `missing.md` does not exist")
            && stderr.contains("content/docs/a.md:5:5"),
        "{stderr}"
    );
    assert!(stderr.contains("build failed with 2 errors"), "{stderr}");
    assert!(!site.exists(""), "a failed build wrote public/");
}

#[test]
fn a_slug_still_has_to_be_one_path_segment() {
    let site = Site::with_config("");
    site.write("content/a.md", "---\ntitle: A\nslug: Docs/Intro\n---\n");
    let run = site.build(&[]);
    run.assert_fails();
    let stderr = run.stderr_in(&site);
    assert!(
        stderr.contains("`Docs/Intro` is not a valid slug")
            && stderr.contains("try `slug: docs-intro`"),
        "{stderr}"
    );
}
