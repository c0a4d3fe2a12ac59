//! `mekong check`: what a site author sees for each kind of finding, the
//! exit code, the JSON form, and that checking writes nothing.

mod common;

use common::{Site, mekong};

fn root_of_repo() -> String {
    env!("CARGO_MANIFEST_DIR").to_string()
}

#[test]
fn the_sample_site_passes() {
    let run = mekong(&["check", "--root", &root_of_repo(), "--today", common::TODAY]);
    run.assert_ok();
    assert!(!run.stderr().contains("error"), "{}", run.stderr());
    assert!(run.stdout().contains(": 0 errors,"), "{}", run.stdout());
}

#[test]
fn a_clean_site_passes_with_a_summary_on_stdout() {
    let site = Site::fixture("check-clean");
    let run = site.check(&[]);
    run.assert_ok();
    assert_eq!(
        run.stdout().trim(),
        "checked 2 pages (5 HTML files): 0 errors, 0 warnings"
    );
    assert_eq!(run.stderr(), "");
}

#[test]
fn every_kind_of_finding_is_reported_at_its_file_and_line() {
    let site = Site::fixture("check-broken");
    let run = site.check(&[]);
    run.assert_fails();
    insta::assert_snapshot!("check_broken_human", run.stderr_in(&site));
    assert!(
        run.stdout().contains(": 10 errors, 4 warnings"),
        "{}",
        run.stdout()
    );
}

#[test]
fn checking_writes_nothing() {
    let site = Site::fixture("check-broken");
    site.check(&[]).assert_fails();
    let clean = Site::fixture("check-clean");
    clean.check(&[]).assert_ok();
    assert!(!site.path("public").exists());
    assert!(!clean.path("public").exists());
}

#[test]
fn json_lists_findings_with_positions_on_stdout() {
    let site = Site::fixture("check-broken");
    let run = site.check(&["--format", "json"]);
    run.assert_fails();
    assert_eq!(run.stderr(), "", "JSON mode keeps stderr quiet");
    let findings: serde_json::Value = serde_json::from_str(&run.stdout()).expect("valid JSON");
    let list = findings.as_array().expect("an array");
    assert_eq!(list.len(), 14);
    let anchor = list
        .iter()
        .find(|f| {
            f["message"]
                .as_str()
                .unwrap_or("")
                .contains("#no-such-heading")
        })
        .expect("the missing anchor");
    assert_eq!(anchor["file"], "content/guides/cancel-sim.md");
    assert_eq!(anchor["line"], 8);
    assert_eq!(anchor["column"], 1);
    assert_eq!(anchor["severity"], "error");
    assert!(anchor["help"].as_str().is_some());
    let unused = list
        .iter()
        .find(|f| f["file"] == "content/operators/metfone.md")
        .expect("the unused profile");
    assert_eq!(unused["severity"], "warning");
    assert!(unused["line"].is_null());
    insta::assert_snapshot!("check_broken_json", run.stdout());
}

#[test]
fn staleness_is_measured_against_the_build_date() {
    let site = Site::fixture("check-broken");
    let root = site.root().to_str().expect("utf-8").to_string();
    // cancel-sim.md was reviewed 2025-01-01; stale_after_days is 365.
    let on = |today: &str| {
        let run = mekong(&["check", "--root", &root, "--today", today]);
        run.stderr()
    };
    assert!(!on("2026-01-01").contains("stale guide"));
    assert!(on("2026-01-02").contains(
        "stale guide: facts last reviewed 2025-01-01, 366 days before the build date 2026-01-02"
    ));
}

#[test]
fn a_site_that_does_not_build_fails_the_check_with_the_build_errors() {
    let site = Site::with_config("");
    site.write(
        "content/guides/a.md",
        "---\ntitle: A\ndate: 2026-01-01\n---\nSee [b](b.md).\n",
    );
    let run = site.check(&[]);
    run.assert_fails();
    assert!(
        run.stderr().contains("content/guides/a.md:5:5"),
        "{}",
        run.stderr()
    );
    assert!(run.stdout().contains("the site does not build (1 error)"));
    let json = site.check(&["--format", "json"]);
    json.assert_fails();
    let list: serde_json::Value = serde_json::from_str(&json.stdout()).expect("valid JSON");
    assert_eq!(list[0]["line"], 5);
    assert!(!site.path("public").exists());
}

#[test]
fn links_under_a_base_path_must_carry_it() {
    let site = Site::with_config("");
    site.write(
        "site.yaml",
        "title: T\nbase_url: https://example.org/docs/\ntheme: default\n",
    );
    site.write(
        "content/guides/a.md",
        "---\ntitle: A\ndate: 2026-01-01\n---\n<a href=\"/guides/a/\">raw, without /docs/</a>\n",
    );
    let run = site.check(&[]);
    run.assert_fails();
    assert!(
        run.stderr()
            .contains("broken link `/guides/a/`: it lies outside the site's base path `/docs/`"),
        "{}",
        run.stderr()
    );
}

#[test]
fn html_files_copied_as_they_are_are_checked_at_their_line() {
    let site = Site::with_config("");
    site.write(
        "static/legacy.html",
        "<!DOCTYPE html>\n<p>Old page.</p>\n<p><a href=\"/gone/\">gone</a> <a href=\"/\">home</a></p>\n",
    );
    let run = site.check(&[]);
    run.assert_fails();
    assert!(
        run.stderr()
            .contains("broken link `/gone/`: nothing is built at /gone/"),
        "{}",
        run.stderr()
    );
    assert!(
        run.stderr().contains("static/legacy.html:3:4"),
        "{}",
        run.stderr()
    );
}

#[test]
fn a_broken_link_on_the_search_page_is_reported_in_its_template() {
    let site = Site::with_config("search: true\n");
    site.write(
        "templates/search.html",
        "<!DOCTYPE html>\n<html lang=\"{{ lang }}\"><body>\n<a href=\"/nowhere/\">x</a>\n</body></html>\n",
    );
    let run = site.check(&[]);
    run.assert_fails();
    assert!(
        run.stderr().contains("templates/search.html:3:10"),
        "{}",
        run.stderr()
    );
}

#[test]
fn i18n_values_yaml_reads_as_numbers_are_used_not_reported_as_ignored() {
    // The renderer reads `count: 10` as the text "10"; check once warned
    // that it dropped the file.
    let site = Site::with_config("");
    site.write("i18n/en.yaml", "count: 10\n");
    let run = site.check(&[]);
    run.assert_ok();
    assert!(!run.stderr().contains("ignored"), "{}", run.stderr());
}
