//! Hostile numbers and bytes in content, against the real binary (issue
//! 14, items 3 and 4). Many errors in one file are reported in linear time
//! and summed up past 50 (issue 17: a site moved from Hugo, each of its
//! 800 pages wrong in the same few ways, reads in under 600 lines with
//! every kind of error shown once, links included, and `--all-errors`
//! prints them all); control characters in a content line
//! or a file name never reach the terminal raw, in any output mode.
//!
//! The time bounds are generous (a debug build, two shared cores): before,
//! 20,000 broken links took 114 s and 100,000 never finished.

mod common;

use std::time::{Duration, Instant};

use common::Site;

const MANY: usize = 100_000;
const BOUND: Duration = Duration::from_secs(60);

/// `errors/base` with content/guides/many.md made of `body`.
fn site_with(front_matter: &str, body: &str) -> Site {
    let site = Site::fixture("errors/base");
    site.write(
        "content/guides/many.md",
        &format!("---\ntitle: 多\ndate: 2025-05-13\n{front_matter}---\n{body}"),
    );
    site
}

/// Runs `run` and fails when it took longer than `BOUND`.
fn timed<T>(what: &str, run: impl FnOnce() -> T) -> T {
    let started = Instant::now();
    let out = run();
    let took = started.elapsed();
    assert!(took < BOUND, "{what} took {took:?}");
    out
}

/// Checks the shape of a summed-up report: 50 shown, one note for the
/// rest, all counted in the closing line.
#[track_caller]
fn assert_summed_up(stderr: &str, header: &str, closing: &str) {
    assert_eq!(stderr.matches(header).count(), 50, "{header}");
    assert_eq!(
        stderr
            .matches("note: 99,950 more errors are not shown; `--all-errors` prints every one")
            .count(),
        1,
        "{}",
        &stderr[stderr.len().saturating_sub(2000)..]
    );
    assert!(stderr.contains(closing), "{closing}");
}

#[test]
fn a_hundred_thousand_broken_links_in_one_file_are_summed_up() {
    let body: String = (0..MANY)
        .map(|i| format!("[x{i}](gone-{i}.md)\n\n"))
        .collect();
    let site = site_with("", &body);
    let run = timed("build", || site.build(&[]));
    run.assert_fails();
    let stderr = run.stderr();
    assert_summed_up(
        &stderr,
        "error: link target `gone-",
        "error: build failed with 100000 errors; nothing was written",
    );
    // The first ones are shown as they always were, line and column right.
    assert!(
        stderr.contains("content/guides/many.md:5:1\n"),
        "{stderr:.600}"
    );
    assert!(stderr.contains("content/guides/many.md:103:1\n"));
    assert!(!stderr.contains("content/guides/many.md:105:1\n"));
    assert!(stderr.contains("  99,950 × broken link in 1 file\n"));
}

#[test]
fn a_hundred_thousand_broken_links_on_one_line_show_a_window_of_it() {
    let line: Vec<String> = (0..MANY).map(|i| format!("[x{i}](gone-{i}.md)")).collect();
    let site = site_with("", &(line.join(" ") + "\n"));
    let run = timed("build", || site.build(&[]));
    run.assert_fails();
    let stderr = run.stderr();
    assert_summed_up(
        &stderr,
        "error: link target `gone-",
        "error: build failed with 100000 errors; nothing was written",
    );
    let echoed: Vec<&str> = stderr.lines().filter(|l| l.starts_with("5 │ ")).collect();
    assert_eq!(echoed.len(), 50);
    for l in &echoed {
        assert!(
            l.chars().count() < 320,
            "a megabyte line echoed whole: {l:.400}"
        );
    }
    // The 50th link starts at column 1 + the 49 links and spaces before it.
    let column = line[..49].iter().map(|l| l.len() + 1).sum::<usize>() + 1;
    assert!(stderr.contains(&format!("content/guides/many.md:5:{column}\n")));
}

#[test]
fn a_hundred_thousand_unknown_front_matter_keys_are_summed_up() {
    // Short keys: 100,000 of them must stay under the 1 MiB front-matter cap.
    let keys: String = (0..MANY).map(|i| format!("k{i}: x\n")).collect();
    assert!(keys.len() < 1024 * 1024);
    let site = site_with(&keys, "正文。\n");
    let run = timed("build", || site.build(&[]));
    run.assert_fails();
    assert_summed_up(
        &run.stderr(),
        "error: unknown front matter key `k",
        "error: build failed with 100000 errors; nothing was written",
    );
}

#[test]
fn a_hundred_thousand_broken_raw_html_links_are_summed_up_by_check() {
    let body: String = (0..MANY)
        .map(|i| format!("<p><a href=\"/gone-{i}/\">x</a></p>\n\n"))
        .collect();
    let site = site_with("", &body);
    let run = timed("check", || site.check(&[]));
    run.assert_fails();
    assert_summed_up(&run.stderr(), "error: broken link `/gone-", "");
    assert!(
        run.stdout().contains(": 100000 errors,"),
        "{}",
        run.stdout()
    );
}

#[test]
fn check_json_lists_every_one_of_a_hundred_thousand_findings() {
    let body: String = (0..MANY)
        .map(|i| format!("[x{i}](gone-{i}.md)\n\n"))
        .collect();
    let site = site_with("", &body);
    let run = timed("check --format json", || site.check(&["--format", "json"]));
    run.assert_fails();
    let json: serde_json::Value = serde_json::from_str(&run.stdout()).expect("valid JSON");
    let list = json.as_array().expect("an array");
    assert_eq!(list.len(), MANY);
    assert_eq!(list[MANY - 1]["line"], 5 + 2 * (MANY - 1));
}

/// A content line with an OSC title, a clear screen and a colour, a C1 CSI
/// and DEL, a link whose target holds an escape, in a file whose name holds
/// one too.
const EVIL_NAME: &str = "content/guides/e\u{1b}[31mvil.md";
const EVIL_LINE: &str =
    "注销 \u{1b}]0;pwned\u{7} \u{1b}[2J\u{1b}[31m red [x](<gone\u{1b}[2J.md>) \u{9b} \u{7f}\n";

fn evil_site() -> Site {
    let site = Site::fixture("errors/base");
    site.write(
        EVIL_NAME,
        &format!("---\ntitle: t\ndate: 2025-05-13\n---\n{EVIL_LINE}"),
    );
    site
}

/// Terminal-moving bytes: ESC, BEL, C1 CSI (UTF-8 C2 9B), DEL.
#[track_caller]
fn assert_no_raw_controls(text: &str) {
    for c in ['\u{1b}', '\u{7}', '\u{9b}', '\u{7f}', '\r'] {
        assert!(!text.contains(c), "raw {c:?} in:\n{text}");
    }
}

/// Display width as a terminal counts it, for the text of this test.
fn width(text: &str) -> usize {
    text.chars()
        .map(|c| {
            if ('\u{4e00}'..='\u{9fff}').contains(&c) {
                2
            } else {
                1
            }
        })
        .sum()
}

#[track_caller]
fn assert_escaped_and_aligned(stderr: &str) {
    let shown = "注销 \\u{1b}]0;pwned\\u{7} \\u{1b}[2J\\u{1b}[31m red [x](<gone\\u{1b}[2J.md>) \\u{9b} \\u{7f}";
    assert!(stderr.contains(&format!("5 │ {shown}\n")), "{stderr}");
    assert!(stderr.contains("e\\u{1b}[31mvil.md:5:"), "{stderr}");
    assert!(stderr.contains("`gone\\u{1b}[2J.md`"), "{stderr}");
    // The carets stand under the link, counted in terminal columns.
    let carets = stderr
        .lines()
        .find(|l| l.contains("^ broken link"))
        .expect("a caret line");
    let before_carets = &carets[..carets.find('^').expect("carets")];
    let before_link = &shown[..shown.find("[x]").expect("link")];
    assert_eq!(
        width(before_carets),
        width("5 │ ") + width(before_link),
        "{stderr}"
    );
}

#[test]
fn escape_sequences_in_a_content_line_are_shown_escaped_without_colour() {
    let site = evil_site();
    for args in [&[][..], &["--no-color"][..]] {
        let run = site.build(args);
        run.assert_fails();
        let stderr = run.stderr();
        assert_no_raw_controls(&stderr);
        assert_escaped_and_aligned(&stderr);
    }
}

#[test]
fn escape_sequences_in_a_content_line_are_shown_escaped_in_check_json() {
    let site = evil_site();
    let run = site.check(&["--format", "json"]);
    run.assert_fails();
    let stdout = run.stdout();
    assert!(!stdout.as_bytes().contains(&0x1b), "raw ESC in JSON");
    let json: serde_json::Value = serde_json::from_str(&stdout).expect("valid JSON");
    let finding = json
        .as_array()
        .and_then(|list| list.iter().find(|f| f["line"] == 5))
        .expect("the broken link");
    // What a consumer prints once JSON is decoded is escaped too.
    for field in ["file", "message"] {
        let text = finding[field].as_str().expect("text");
        assert_no_raw_controls(text);
        assert!(text.contains("\\u{1b}"), "{field}: {text}");
    }
}

/// Colour is only used on a terminal: run under `script`, which gives the
/// binary a pseudo-terminal. The colour codes are mekong's own; what came
/// from the file is escaped.
#[test]
fn escape_sequences_in_a_content_line_are_shown_escaped_in_colour() {
    let script = std::path::Path::new("/usr/bin/script");
    if !script.exists() {
        eprintln!("skipped: no /usr/bin/script to give the binary a terminal");
        return;
    }
    let site = evil_site();
    let command = format!(
        "'{}' build --root '{}' --today {}",
        env!("CARGO_BIN_EXE_mekong"),
        site.root().display(),
        common::TODAY
    );
    let mut script = std::process::Command::new(script);
    script
        .args(["-qec", &command, "/dev/null"])
        .env_remove("NO_COLOR");
    let text = common::Mekong::through(script).run().stdout();
    assert!(text.contains("\u{1b}[0m"), "no colour: {text}");
    for raw in [
        "\u{1b}]",
        "\u{1b}[2J",
        "\u{1b}[31m red",
        "\u{7}",
        "\u{9b}",
        "\u{7f}",
    ] {
        assert!(!text.contains(raw), "raw {raw:?} in:\n{text}");
    }
    assert!(
        text.contains("\\u{1b}]0;pwned\\u{7} \\u{1b}[2J\\u{1b}[31m red"),
        "{text}"
    );
}

/// Pages in a moved site: every one with the generator's own keys, some
/// with a bad date, a bad slug or a broken link; one whose front matter
/// is not YAML, linked from another page; and a few near and far misses.
const PAGES: usize = 800;
const BAD_DATES: usize = 12;
const BAD_SLUGS: usize = 7;
const BROKEN_LINKS: usize = 5;
/// The pages that link to missing.md, then the one that links to broken.md.
const LINKING: [usize; 6] = [3, 103, 203, 303, 403, 4];

fn moved_site() -> Site {
    let site = Site::with_config("");
    site.write("content/guides/_index.md", "---\ntitle: Guides\n---\n");
    for i in 0..PAGES {
        let date = if i % (PAGES / BAD_DATES) == 0 && i / (PAGES / BAD_DATES) < BAD_DATES {
            "2024-13-45"
        } else {
            "2024-05-13"
        };
        let mut front = format!("title: Page {i}\ndate: {date}\n");
        // The pages with links to check are otherwise clean: a page with
        // errors in its front matter is left out of the build before its
        // links are read.
        if !LINKING.contains(&i) {
            front.push_str(&format!("keywords: [a, b]\nlinkTitle: P{i}\n"));
        }
        if i % 2 == 0 && !LINKING.contains(&i) {
            front.push_str("params:\n  x: 1\n");
        }
        if i % 100 == 1 && i / 100 < BAD_SLUGS {
            front.push_str("slug: \"bad slug!\"\n");
        }
        let link = match i {
            3 | 103 | 203 | 303 | 403 => "See [the gone page](missing.md).".to_string(),
            4 => "See [the broken page](broken.md).".to_string(),
            _ => format!("See [the next page](p{:04}.md).", (i + 1) % PAGES),
        };
        site.write(
            &format!("content/guides/p{i:04}.md"),
            &format!("---\n{front}---\nBody of page {i}. {link}\n"),
        );
    }
    site.write(
        "content/guides/broken.md",
        "---\ntitle: [not closed\n---\nBody.\n",
    );
    site.write(
        "content/guides/misses.md",
        "---\ntitle: Misses\ndate: 2024-05-13\ntitel: x\nexpiryDate: 2025-01-01\ndetails: y\n---\nBody.\n",
    );
    site
}

/// How many pages have `params`.
fn with_params() -> usize {
    (0..PAGES)
        .filter(|i| i % 2 == 0 && !LINKING.contains(i))
        .count()
}

/// The count in "error: build failed with N errors".
fn failed_with(stderr: &str) -> usize {
    let line = stderr
        .lines()
        .find(|l| l.starts_with("error: build failed with "))
        .expect("a closing line");
    line["error: build failed with ".len()..]
        .split(' ')
        .next()
        .and_then(|n| n.parse().ok())
        .expect("a count")
}

#[test]
fn a_moved_site_with_thousands_of_errors_reads_in_under_600_lines() {
    let site = moved_site();
    let run = site.build(&[]);
    run.assert_fails();
    let stderr = run.stderr();
    let errors = failed_with(&stderr);
    assert!(errors > 2 * PAGES, "{errors}");
    assert!(
        stderr.lines().count() < 600,
        "{} lines",
        stderr.lines().count()
    );
    assert_eq!(stderr.matches("\nerror: ").count() + 1, 50 + 1, "{stderr}");
    // Unknown keys are counted per key, page and section keys together.
    for key in ["keywords", "linkTitle", "params"] {
        let line = stderr
            .lines()
            .find(|l| l.contains(&format!("× unknown key `{key}` in ")))
            .unwrap_or_else(|| panic!("no summary line for {key}:\n{stderr}"));
        assert!(line.ends_with(" files"), "{line}");
    }
    assert!(stderr.contains("× unknown key `keywords` in 7"), "{stderr}");
    // The help they share is printed once, with how many it helps.
    let helps: Vec<&str> = stderr
        .lines()
        .filter(|l| l.contains("known keys:"))
        .collect();
    assert_eq!(helps.len(), 1, "{stderr}");
    // keywords and linkTitle, params, and misses.md's two far misses.
    let count = 2 * (PAGES - LINKING.len()) + with_params() + 2;
    assert!(
        helps[0].starts_with(&format!(
            "  = help (×{},{:03}): known keys: ",
            count / 1000,
            count % 1000
        )),
        "{}",
        helps[0]
    );
    // Links are checked in the same run, and every other kind is shown once.
    assert!(
        stderr.contains("link target `missing.md` does not exist"),
        "{stderr}"
    );
    assert!(stderr.contains("× broken link in 4 files"), "{stderr}");
    assert!(stderr.contains("bad `date`"), "{stderr}");
    assert!(
        stderr.contains("`bad slug!` is not a valid slug"),
        "{stderr}"
    );
    assert!(!site.exists("public"), "nothing is written");
    let summary = &stderr[stderr.find("note: ").expect("a summary")..];
    insta::assert_snapshot!(summary);
}

#[test]
fn all_errors_prints_every_one_and_no_cascade_or_wrong_hint() {
    let site = moved_site();
    let run = site.build(&["--all-errors"]);
    run.assert_fails();
    let stderr = run.stderr();
    let errors = failed_with(&stderr);
    assert_eq!(stderr.matches("\nerror: ").count() + 1, errors + 1);
    assert!(!stderr.contains("not shown"));
    let keyed = PAGES - LINKING.len();
    assert_eq!(
        stderr
            .matches("unknown front matter key `keywords`")
            .count(),
        keyed
    );
    assert_eq!(
        stderr.matches("unknown front matter key `params`").count(),
        with_params()
    );
    assert_eq!(
        stderr.matches("link target `missing.md`").count(),
        BROKEN_LINKS
    );
    assert_eq!(stderr.matches("bad `date`").count(), BAD_DATES);
    assert_eq!(stderr.matches("is not a valid slug").count(), BAD_SLUGS);
    // broken.md's own error is reported; the link to it is not, again.
    assert!(
        stderr.contains("content/guides/broken.md:"),
        "{stderr:.3000}"
    );
    assert!(!stderr.contains("link target `broken.md`"));
    // A hint only where the key is a likely typo.
    assert!(stderr.contains("did you mean `title`?"));
    assert!(!stderr.contains("did you mean `extra`?"));
    assert!(!stderr.contains("did you mean `date`?"));
    assert!(!site.exists("public"));
}

#[test]
fn check_sums_up_and_prints_all_on_request() {
    let site = moved_site();
    let summed = site.check(&[]);
    summed.assert_fails();
    let stderr = summed.stderr();
    assert!(
        stderr.lines().count() < 600,
        "{} lines",
        stderr.lines().count()
    );
    assert!(
        stderr.contains("more errors are not shown"),
        "{stderr:.2000}"
    );
    let all = site.check(&["--all-errors"]);
    assert!(!all.stderr().contains("not shown"));
    assert!(all.stderr().lines().count() > 5 * PAGES);
}
