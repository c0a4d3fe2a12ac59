//! Hostile and tricky YAML, fed to the real binary (issue 14, items 1, 2
//! and 7). Each case must exit 1 with its message at the right file:line,
//! and finish: every run has a deadline (generous, for a debug build on a
//! busy machine) instead of a timing assertion. Before the event reader,
//! the alias cases took gigabytes and the deep ones up to a minute; spans
//! came from searching the text, so some pointed at the wrong line.

mod common;

use std::time::Duration;

use common::{Mekong, Site, TODAY};

/// Long enough for a debug build on a shared machine; the cases take well
/// under a second.
const DEADLINE: Duration = Duration::from_secs(60);

struct Outcome {
    code: i32,
    stderr: String,
}

impl Outcome {
    /// Stderr shortened for failure messages: some cases echo a 100 KB line.
    fn shown(&self) -> String {
        self.stderr.chars().take(3000).collect()
    }

    #[track_caller]
    fn fails_with(&self, message: &str, at: &str) {
        assert_eq!(self.code, 1, "expected exit 1:\n{}", self.shown());
        assert!(!self.stderr.contains("panicked"), "{}", self.shown());
        assert!(
            self.stderr.contains(message),
            "no `{message}` in:\n{}",
            self.shown()
        );
        assert!(self.stderr.contains(at), "no `{at}` in:\n{}", self.shown());
    }
}

/// `mekong build` on `site`, killed and failed if it outlives `DEADLINE`.
fn build(site: &Site) -> Outcome {
    let root = site.root().to_str().expect("UTF-8 temp path");
    let run = Mekong::new(&["build", "--root", root, "--today", TODAY])
        .deadline(DEADLINE)
        .run();
    Outcome {
        code: run.code(),
        stderr: run.stderr(),
    }
}

/// The valid `errors/base` site with one bad guide.
fn with_guide(front_matter: &str) -> Site {
    let site = Site::fixture("errors/base");
    site.write(
        "content/guides/bad.md",
        &format!("---\n{front_matter}\n---\nbody\n"),
    );
    site
}

const HEAD: &str = "title: 注销\ndate: 2025-05-13";

#[test]
fn one_100_kb_scalar_aliased_30000_times_is_refused_not_expanded() {
    // 190 KB of front matter that asked for 3 GB (7.3 GB peak RSS before).
    let front_matter = format!(
        "{HEAD}\nextra:\n  big: &a {}\n  many: [{}]",
        "x".repeat(100_000),
        vec!["*a"; 30_000].join(",")
    );
    build(&with_guide(&front_matter)).fails_with(
        "error: YAML aliases expand to more than",
        "content/guides/bad.md:6:",
    );
}

#[test]
fn four_hundred_aliases_of_a_1_mb_scalar_are_refused() {
    // Under the 1 MiB front-matter cap, so the alias budget must catch it
    // (870 MB peak before).
    let front_matter = format!(
        "{HEAD}\nextra:\n  big: &a {}\n  many: [{}]",
        "y".repeat(1_000_000),
        vec!["*a"; 400].join(", ")
    );
    build(&with_guide(&front_matter)).fails_with(
        "error: YAML aliases expand to more than",
        "content/guides/bad.md:6:",
    );
}

#[test]
fn nested_aliases_a_billion_laughs_are_refused() {
    let mut front_matter =
        format!("{HEAD}\nextra:\n  a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]");
    let names = ["a", "b", "c", "d", "e", "f", "g", "h", "i", "j"];
    for pair in names.windows(2) {
        let refs = vec![format!("*{}", pair[0]); 10].join(", ");
        front_matter.push_str(&format!("\n  {0}: &{0} [{refs}]", pair[1]));
    }
    build(&with_guide(&front_matter)).fails_with(
        "error: YAML aliases expand to more than",
        "content/guides/bad.md:",
    );
}

#[test]
fn deep_brackets_in_front_matter_are_refused_before_libyaml_scans_them() {
    // 100k took 38 s (release) to 64 s (debug) before: quadratic in
    // libyaml's scanner.
    for depth in [12_500, 50_000, 100_000] {
        let front_matter = format!("{HEAD}\nextra: {}", "[".repeat(depth));
        build(&with_guide(&front_matter)).fails_with(
            "error: front matter nests deeper than 64 levels",
            // The 65th bracket: `extra: ` is 7 columns.
            "content/guides/bad.md:4:72",
        );
    }
}

#[test]
fn deep_brackets_in_site_yaml_are_refused_before_libyaml_scans_them() {
    for depth in [12_500, 50_000, 100_000] {
        let site = Site::fixture("errors/base");
        site.write(
            "site.yaml",
            &format!("title: 错误示例\nextra: {}\n", "{a: ".repeat(depth)),
        );
        build(&site).fails_with(
            "error: site.yaml nests deeper than 64 levels",
            &format!("site.yaml:2:{}", 8 + 4 * 64),
        );
    }
}

#[test]
fn deep_block_nesting_is_refused() {
    // `- - - …` nests block lists without brackets, so the pre-scan does
    // not see it; the event reader stops at level 65 (the root mapping is
    // level 1, `extra:`'s list level 2).
    let front_matter = format!("{HEAD}\nextra:\n  {}x", "- ".repeat(100_000));
    build(&with_guide(&front_matter)).fails_with(
        "error: front matter nests deeper than 64 levels",
        &format!("content/guides/bad.md:5:{}", 3 + 2 * 63),
    );
}

#[test]
fn front_matter_over_1_mib_is_refused_at_its_first_line() {
    let front_matter = format!("{HEAD}\ndescription: {}", "长".repeat(400_000));
    build(&with_guide(&front_matter)).fails_with(
        "error: front matter is too large: 1200045 bytes, more than the limit of 1 MiB",
        "content/guides/bad.md:2:1",
    );
}

#[test]
fn a_hash_inside_a_quoted_value_is_not_a_comment() {
    // The value's span used to stop at " #", underlining `"Bad` only.
    let out = build(&with_guide(&format!("{HEAD}\nslug: \"Bad #Slug\"")));
    out.fails_with(
        "`Bad #Slug` is not a valid slug",
        "content/guides/bad.md:4:7",
    );
    let carets = out
        .stderr
        .lines()
        .find(|l| l.contains('^'))
        .map(|l| l.matches('^').count());
    assert_eq!(carets, Some("\"Bad #Slug\"".len()), "{}", out.shown());
}

#[test]
fn the_control_character_error_points_at_its_line() {
    // It pointed at the first line of the front matter (line 2) before.
    let out = build(&with_guide(&format!("{HEAD}\nauthor: 编辑\u{7}部")));
    out.fails_with(
        "error: invalid YAML: control characters are not allowed",
        "content/guides/bad.md:4:11",
    );
}

#[test]
fn two_taxonomies_with_the_same_bad_key_each_point_at_their_own_line() {
    // Text search found the first `closd` for both.
    let site = Site::fixture("errors/base");
    site.write(
        "site.yaml",
        "title: 错误示例\ntheme: default\ntaxonomies:\n  - name: operators\n    closd: true\n  - name: topics\n    closd: true\n",
    );
    let out = build(&site);
    out.fails_with("unknown taxonomy key `closd`", "site.yaml:5:5");
    assert!(out.stderr.contains("site.yaml:7:5"), "{}", out.shown());
}

#[test]
fn a_taxonomy_listed_twice_is_reported_at_the_second() {
    let site = Site::fixture("errors/base");
    site.write(
        "site.yaml",
        "title: 错误示例\ntheme: default\ntaxonomies:\n  - operators\n  - topics\n  - operators\n",
    );
    build(&site).fails_with("taxonomy `operators` is listed twice", "site.yaml:6:5");
}

#[test]
fn an_unknown_term_is_found_in_the_list_not_in_a_comment_above_it() {
    // Text search took the first `smrat` after the key: the comment's.
    let out = build(&with_guide(&format!(
        "{HEAD}\noperators: # smrat or smart?\n  - smrat"
    )));
    out.fails_with("smrat", "content/guides/bad.md:5:5");
    assert!(!out.stderr.contains("bad.md:4:"), "{}", out.shown());
}

#[test]
fn an_i18n_file_is_read_through_the_same_limits() {
    // Theme strings are input too: before, the renderer handed them to
    // serde_yaml unbounded.
    let site = Site::fixture("errors/base");
    site.write("i18n/en.yaml", &format!("title: {}\n", "[".repeat(100_000)));
    build(&site).fails_with("nests deeper than 64 levels", "i18n/en.yaml:1:");

    let site = Site::fixture("errors/base");
    let mut bomb = String::from("a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
    let names = ["a", "b", "c", "d", "e", "f", "g", "h", "i", "j"];
    for pair in names.windows(2) {
        let refs = vec![format!("*{}", pair[0]); 10].join(", ");
        bomb.push_str(&format!("{0}: &{0} [{refs}]\n", pair[1]));
    }
    site.write("i18n/en.yaml", &bomb);
    build(&site).fails_with("YAML aliases expand to more than", "i18n/en.yaml:");
}
