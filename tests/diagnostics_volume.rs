//! Hostile numbers and bytes in content, against the real binary (issue
//! 14, items 3 and 4). Many errors in one file are reported in linear time
//! and summed up past 100 of one kind; control characters in a content line
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

/// Checks the shape of a summed-up report: 100 shown, one note for the
/// rest, all counted in the closing line.
#[track_caller]
fn assert_summed_up(stderr: &str, header: &str, closing: &str) {
    assert_eq!(stderr.matches(header).count(), 100, "{header}");
    assert_eq!(
        stderr
            .matches("note: … and 99,900 more errors like this in content/guides/many.md")
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
    assert!(stderr.contains("content/guides/many.md:203:1\n"));
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
    assert_eq!(echoed.len(), 100);
    for l in &echoed {
        assert!(
            l.chars().count() < 320,
            "a megabyte line echoed whole: {l:.400}"
        );
    }
    // The 100th link starts at column 1 + the 99 links and spaces before it.
    let column = line[..99].iter().map(|l| l.len() + 1).sum::<usize>() + 1;
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
