//! Error messages are part of the interface: one snapshot per kind of
//! mistake a writer makes. Each build starts from the valid fixture
//! `errors/base`, adds one bad file, and must exit 1 without creating
//! public/. Snapshots show stderr with the temp path replaced by `<site>`.

mod common;

use common::Site;

/// Builds `errors/base` with `files` written over it; the build must fail
/// and write nothing. Returns what the writer reads on stderr.
fn failing_build(files: &[(&str, &[u8])]) -> String {
    let site = Site::fixture("errors/base");
    for (rel, bytes) in files {
        site.write_bytes(rel, bytes);
    }
    let run = site.build(&[]);
    run.assert_fails();
    assert!(run.stdout().is_empty(), "stdout: {}", run.stdout());
    assert!(!site.exists(""), "a failed build created public/");
    run.stderr_in(&site)
}

/// One bad guide at content/guides/bad.md.
fn failing_guide(text: &str) -> String {
    failing_build(&[("content/guides/bad.md", text.as_bytes())])
}

#[test]
fn unknown_front_matter_key_suggests_the_nearest() {
    let stderr = failing_guide("---\ntitle: 注销\ndate: 2025-05-13\nweigth: 3\n---\n");
    assert!(stderr.contains("content/guides/bad.md:4:1"), "{stderr}");
    insta::assert_snapshot!(stderr);
}

#[test]
fn unknown_site_yaml_key_suggests_the_nearest() {
    let site_yaml = "title: 错误示例\nbase_url: https://example.org/\ntheme: default\nfeed_limt: 10\ntaxonomies: [operators]\n";
    let stderr = failing_build(&[("site.yaml", site_yaml.as_bytes())]);
    assert!(
        stderr.contains("site.yaml:4:1") && stderr.contains("feed_limit"),
        "{stderr}"
    );
    insta::assert_snapshot!(stderr);
}

#[test]
fn impossible_date() {
    insta::assert_snapshot!(failing_guide("---\ntitle: 注销\ndate: 2025-02-30\n---\n"));
}

#[test]
fn date_that_is_not_a_date() {
    insta::assert_snapshot!(failing_guide("---\ntitle: 注销\ndate: 13/05/2025\n---\n"));
}

// A missing `title` or `date` is no error (the title comes from the first
// `# heading` or the file name; an undated page shows no date): see
// tests/migration_front_matter.rs. An empty title still is one.
#[test]
fn empty_title() {
    insta::assert_snapshot!(failing_guide(
        "---\ntitle: \"\"\ndate: 2025-05-13\n---\n正文。\n"
    ));
}

#[test]
fn unclosed_front_matter() {
    insta::assert_snapshot!(failing_guide(
        "---\ntitle: 注销\ndate: 2025-05-13\n\n正文忘了上面的分隔线。\n"
    ));
}

#[test]
fn invalid_yaml() {
    insta::assert_snapshot!(failing_guide(
        "---\ntitle: 注销\ndate: 2025-05-13\noperators: [smart, metfone\n---\n"
    ));
}

#[test]
fn wrong_type_for_weight() {
    insta::assert_snapshot!(failing_guide(
        "---\ntitle: 注销\ndate: 2025-05-13\nweight: heavy\n---\n"
    ));
}

#[test]
fn list_item_that_is_a_mapping() {
    insta::assert_snapshot!(failing_guide(
        "---\ntitle: 注销\ndate: 2025-05-13\noperators:\n  - smart\n  - name: metfone\n---\n"
    ));
}

#[test]
fn file_that_is_not_utf8() {
    let stderr = failing_build(&[(
        "content/guides/bad.md",
        b"---\ntitle: \xd7\xa2\xcf\xfa\ndate: 2025-05-13\n---\n",
    )]);
    assert!(stderr.contains("content/guides/bad.md"), "{stderr}");
    insta::assert_snapshot!(stderr);
}

#[test]
fn slug_that_is_not_one_url_segment() {
    insta::assert_snapshot!(failing_guide(
        "---\ntitle: 注销\ndate: 2025-05-13\nslug: Cancel/SIM\n---\n"
    ));
}

#[test]
fn alias_that_climbs_out_of_the_site() {
    insta::assert_snapshot!(failing_guide(
        "---\ntitle: 注销\ndate: 2025-05-13\naliases: [/old/, /../../etc/cron.d/]\n---\n"
    ));
}

#[test]
fn two_pages_on_one_url() {
    let page = |title: &str| format!("---\ntitle: {title}\ndate: 2025-05-13\n---\n");
    let stderr = failing_build(&[
        ("content/guides/充值.md", page("充值").as_bytes()),
        ("content/guides/冲值.md", page("冲值").as_bytes()),
    ]);
    assert!(
        stderr.contains("content/guides/充值.md") && stderr.contains("content/guides/冲值.md"),
        "{stderr}"
    );
    insta::assert_snapshot!(stderr);
}

#[test]
fn broken_link() {
    let stderr = failing_guide(
        "---\ntitle: 注销\ndate: 2025-05-13\n---\n先[充值](top-up.md)。\n\n再看[漫游](roaming.md#费用)。\n",
    );
    assert!(stderr.contains("content/guides/bad.md:7:"), "{stderr}");
    insta::assert_snapshot!(stderr);
}

#[test]
fn broken_link_and_image_in_a_section_index() {
    // Sections report broken links as pages do: at the line, image or link.
    let stderr = failing_build(&[(
        "content/guides/_index.md",
        "---\ntitle: 指南\n---\n见[漫游](roaming.md)。\n\n![图](missing.png)\n".as_bytes(),
    )]);
    assert!(stderr.contains("content/guides/_index.md:4:"), "{stderr}");
    assert!(stderr.contains("content/guides/_index.md:6:"), "{stderr}");
    assert!(stderr.contains("broken link"), "{stderr}");
    assert!(stderr.contains("broken image"), "{stderr}");
    assert!(
        stderr.contains("links are relative to this file"),
        "{stderr}"
    );
}

#[test]
fn link_to_a_draft() {
    let stderr = failing_build(&[
        (
            "content/guides/draft.md",
            b"---\ntitle: Draft\ndate: 2025-05-13\ndraft: true\n---\n",
        ),
        (
            "content/guides/bad.md",
            "---\ntitle: 注销\ndate: 2025-05-13\n---\n看[草稿](draft.md)。\n".as_bytes(),
        ),
    ]);
    insta::assert_snapshot!(stderr);
}

#[test]
fn unknown_term_of_a_closed_taxonomy() {
    let stderr =
        failing_guide("---\ntitle: 注销\ndate: 2025-05-13\noperators: [metfone, smrat]\n---\n");
    assert!(stderr.contains("did you mean `smart`?"), "{stderr}");
    insta::assert_snapshot!(stderr);
}

#[test]
fn several_errors_in_several_files_are_reported_together_sorted_by_file_and_line() {
    let stderr = failing_build(&[
        (
            "content/guides/b.md",
            b"---\ntitle: B\ndate: 2025-05-13\nweight: heavy\nslug: B/C\n---\n",
        ),
        (
            "content/guides/a.md",
            b"---\ntitle: A\ndate: 2025-05-13\n---\n[x](missing.md)\n",
        ),
        ("content/guides/c.md", b"---\ntitle: \"\"\n---\n"),
    ]);
    let order: Vec<usize> = [
        "guides/a.md:5",
        "guides/b.md:4",
        "guides/b.md:5",
        "guides/c.md",
    ]
    .iter()
    .map(|at| {
        stderr
            .find(at)
            .unwrap_or_else(|| panic!("no {at} in:\n{stderr}"))
    })
    .collect();
    assert!(order.is_sorted(), "not sorted by file and line:\n{stderr}");
    assert!(stderr.contains("build failed with 4 errors"), "{stderr}");
    insta::assert_snapshot!(stderr);
}

#[test]
fn syntax_error_in_a_site_template() {
    let stderr = failing_build(&[("templates/page.html", b"<h1>{{ page.title }</h1>\n")]);
    assert!(stderr.contains("templates/page.html"), "{stderr}");
    insta::assert_snapshot!(stderr);
}

#[test]
fn unknown_variable_in_a_site_template_names_the_page_being_rendered() {
    let stderr = failing_build(&[(
        "templates/page.html",
        b"<h1>{{ page.title }}</h1>\n{{ page.no_such_field }}\n",
    )]);
    assert!(stderr.contains("templates/page.html"), "{stderr}");
    insta::assert_snapshot!(stderr);
}

#[test]
fn files_that_want_one_output_path_are_named_together() {
    let stderr = failing_build(&[
        ("static/robots.txt", b"User-agent: *\n"),
        ("content/index.html", b"<p>home</p>\n"),
        (
            "content/guides/bad.md",
            "---\ntitle: 注销\ndate: 2025-05-13\naliases: [/sitemap.xml]\n---\n".as_bytes(),
        ),
    ]);
    assert!(stderr.contains("templates/robots.txt"), "{stderr}");
    insta::assert_snapshot!(stderr);
}

#[test]
fn theme_that_is_a_path_instead_of_a_name() {
    let site_yaml = "title: 错误示例\nbase_url: https://example.org/\ntheme: ../../elsewhere\n";
    let stderr = failing_build(&[("site.yaml", site_yaml.as_bytes())]);
    assert!(stderr.contains("site.yaml:3:8"), "{stderr}");
    insta::assert_snapshot!(stderr);
}

#[test]
fn both_spellings_of_the_home_page() {
    // The base fixture has content/_index.md; content/index.md says the same.
    let stderr = failing_build(&[("content/index.md", "---\ntitle: 首页\n---\n".as_bytes())]);
    assert!(stderr.contains("content/index.md:1:1"), "{stderr}");
    assert!(
        stderr.contains("content/_index.md and content/index.md"),
        "{stderr}"
    );
    insta::assert_snapshot!(stderr);
}

#[test]
fn image_front_matter_naming_no_file() {
    let stderr = failing_guide("---\ntitle: 注销\nimage: shots/menu.png\n---\nText.\n");
    assert!(stderr.contains("content/guides/bad.md:3:8"), "{stderr}");
    insta::assert_snapshot!(stderr);
}
