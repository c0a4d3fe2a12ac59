//! Facts you can trust: one registry (operator profiles' `facts:`, the
//! home page's for the site's own), the `fact` shortcode, what `check`
//! says about facts, staff cards, and watch after a fact changes.

mod common;

use common::{Site, main_of};
use mekong::build::{Options, render_site};
use mekong::watch::{Area, Change, Session, Target};

fn built() -> Site {
    let site = Site::fixture("facts");
    site.build(&[]).assert_ok();
    site
}

#[test]
fn the_fact_shortcode_shows_value_badge_source_and_date() {
    let site = built();
    let main = main_of(&site.read("guides/balance/index.html")).to_string();
    // Unconfirmed, no source: the badge links the operator's website.
    assert!(
        main.contains(r#"On Smart dial <span class="fact-call"><strong class="fact-value">*888#</strong> <span class="fact-badge fact-unconfirmed" tabindex="0">unconfirmed<span class="fact-note"> <a class="fact-site" href="https://operator.example/" rel="external">check with the operator</a></span></span></span> and press call."#),
        "{main}"
    );
    // Confirmed: its source and the day it was checked.
    assert!(
        main.contains(r#"<strong class="fact-value">#124#</strong> <span class="fact-badge fact-confirmed" tabindex="0">confirmed<span class="fact-note"> Source: <a href="https://cellcard.example/faq" rel="external">cellcard.example/faq</a> · checked <time datetime="2026-11-01">2026-11-01</time></span></span>"#),
        "{main}"
    );
    // A site-wide fact: no operator, no website to point to.
    assert!(
        main.contains(r#"<strong class="fact-value">117</strong> <span class="fact-badge fact-unconfirmed" tabindex="0">unconfirmed<span class="fact-note"> no source yet</span>"#),
        "{main}"
    );
}

#[test]
fn the_operator_page_shows_the_same_facts() {
    let site = built();
    let main = main_of(&site.read("operators/smart/index.html")).to_string();
    assert!(
        main.contains(r#"<a class="tel" href="tel:888">888</a>"#),
        "{main}"
    );
    assert!(main.contains("<dt>Check balance</dt>"), "{main}");
    assert!(
        main.contains("<code>*888*PIN#</code> <span class=\"fact-badge fact-confirmed\""),
        "{main}"
    );
    let cellcard = main_of(&site.read("operators/cellcard/index.html")).to_string();
    assert!(
        cellcard.contains(r#"<time datetime="2026-11-01">2026-11-01</time>"#),
        "{cellcard}"
    );
}

#[test]
fn a_translation_rewords_a_fact_and_keeps_its_status_and_source() {
    let site = built();
    let km = main_of(&site.read("km/operators/smart/index.html")).to_string();
    assert!(km.contains("<dt>ពិនិត្យសមតុល្យ</dt>"), "{km}");
    // Reworded value, the default language's label where the translation
    // gives none, and the status, source and date of the default file.
    assert!(
        km.contains("<dt>Top up</dt>\n      <dd><code>*888*លេខកូដ#</code> <span class=\"fact-badge fact-confirmed\""),
        "{km}"
    );
    assert!(
        km.contains("href=\"https://operator.example/top-up\""),
        "{km}"
    );
    // The hotline the translation leaves out keeps the default wording.
    assert!(km.contains("href=\"tel:888\">888</a>"), "{km}");
}

#[test]
fn a_staff_card_is_khmer_first_with_the_readers_language_beneath() {
    let site = built();
    let main = main_of(&site.read("guides/cancel/index.html")).to_string();
    let expected = "<section class=\"staff-card\" aria-label=\"Show this to the staff\">\n<p class=\"staff-title\">Show this to the staff</p>\n<div class=\"staff-phrase\">\n<p class=\"staff-km\" lang=\"km\">ខ្ញុំចង់បិទស៊ីមកាតនេះ។</p>\n<p class=\"staff-own\">I want to cancel this SIM card.</p>\n<p class=\"staff-unsure\">This Khmer has not been checked by a native speaker yet: please check with one before relying on it.</p>\n</div>\n<div class=\"staff-phrase\">\n<p class=\"staff-km\" lang=\"km\">សូមអរគុណ។</p>\n<p class=\"staff-own\">Thank you.</p>\n</div>";
    assert!(main.contains(expected), "{main}");
    // On a Khmer page the phrase is the reader's own: no translation.
    let km = main_of(&site.read("km/guides/cancel/index.html")).to_string();
    assert!(km.contains("lang=\"km\">ខ្ញុំចង់បិទស៊ីមកាតនេះ។</p>"), "{km}");
    assert!(
        !km.contains("unused") && km.contains("staff-unsure"),
        "{km}"
    );
}

#[test]
fn check_finds_stale_facts_under_today_and_values_written_by_hand() {
    let site = Site::fixture("facts");
    site.write(
        "content/guides/plain.md",
        "---\ntitle: Plain\ndate: 2026-11-03\nreviewed: 2026-11-01\n---\nDial *888# (or `*888#`), not *888*11#; call 117.\n",
    );
    let run = site.check(&[]);
    run.assert_ok();
    let stderr = run.stderr_in(&site);
    assert!(
        stderr.contains("stale fact `top_up` of operator `smart`: checked 2025-01-02, 693 days before the build date 2026-11-26"),
        "{stderr}"
    );
    assert!(stderr.contains("content/guides/plain.md:6:6"), "{stderr}");
    assert!(
        stderr.contains(r#"write {{ fact(operator="smart", key="balance") }} instead"#),
        "{stderr}"
    );
    assert!(
        stderr.contains(r#"write {{ fact(key="police") }} instead"#),
        "{stderr}"
    );
    insta::assert_snapshot!(stderr);
    // The same site a year and a half earlier: nothing is stale.
    let earlier = site.check(&["--today", "2025-06-01"]);
    assert!(
        !earlier.stderr().contains("stale fact"),
        "{}",
        earlier.stderr()
    );
}

#[test]
fn registry_mistakes_are_errors_at_their_place() {
    let site = Site::fixture("facts");
    site.write(
        "content/operators/smart.md",
        "---\ntitle: Smart\nfacts:\n  balance: { value: \"*888#\", status: confimed }\n  top_up: { value: x, status: confirmed, checked: 2026-02-30 }\n  Bad: { value: x, status: unconfirmed }\n  hotline: { value: \"888\", colour: red, status: unconfirmed }\n---\n",
    );
    site.write(
        "content/operators/cellcard.km.md",
        "---\ntitle: Cellcard\nfacts:\n  balance: { value: \"#124#\", status: confirmed }\n---\n",
    );
    let run = site.build(&[]);
    run.assert_fails();
    let stderr = run.stderr_in(&site);
    assert!(
        stderr.contains("content/operators/smart.md:4:38"),
        "{stderr}"
    );
    assert!(!stderr.contains("unknown fact"), "{stderr}");
    assert!(stderr.contains("did you mean `confirmed`?"), "{stderr}");
    assert!(
        stderr.contains("confirmed fact `top_up` has no source"),
        "{stderr}"
    );
    insta::assert_snapshot!(stderr);
}

#[test]
fn an_unknown_fact_key_is_an_error_at_the_call_with_a_hint() {
    let site = Site::fixture("facts");
    site.edit(
        "content/guides/balance.md",
        "key=\"balance\") }} and",
        "key=\"balanse\") }} and",
    );
    site.edit(
        "content/guides/balance.md",
        "fact(key=\"police\")",
        "fact(operator=\"smrt\", key=\"x\")",
    );
    let run = site.build(&[]);
    run.assert_fails();
    let stderr = run.stderr_in(&site);
    assert!(
        stderr.contains("content/guides/balance.md:7:15"),
        "{stderr}"
    );
    assert!(
        stderr.contains("unknown fact `balanse` of operator `smart`: did you mean `balance`?"),
        "{stderr}"
    );
    assert!(stderr.contains("did you mean `smart`?"), "{stderr}");
    insta::assert_snapshot!(stderr);
}

#[test]
fn a_translated_fact_the_default_file_lacks_is_an_error_of_check() {
    let site = Site::fixture("facts");
    site.write(
        "content/operators/smart.km.md",
        "---\ntitle: Smart\nfacts:\n  balanse: { label: x }\n---\n",
    );
    let run = site.check(&[]);
    run.assert_fails();
    let stderr = run.stderr_in(&site);
    assert!(
        stderr.contains("unknown fact `balanse` of operator `smart`"),
        "{stderr}"
    );
    assert!(
        stderr.contains("content/operators/smart.km.md:4:3"),
        "{stderr}"
    );
    assert!(stderr.contains("did you mean `balance`?"), "{stderr}");
}

fn options(site: &Site) -> Options {
    Options {
        root: site.root().canonicalize().unwrap(),
        today: Some(common::TODAY.into()),
        ..Options::default()
    }
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

fn session_outputs(session: &Session) -> Vec<(String, Vec<u8>)> {
    let outputs = session.outputs();
    let outputs = outputs.read().unwrap();
    outputs
        .files
        .iter()
        .map(|(path, content)| (path.clone(), content.bytes().unwrap().into_owned()))
        .collect()
}

#[test]
fn watch_changes_exactly_the_pages_showing_a_changed_fact() {
    let site = Site::fixture("facts");
    let mut session = Session::new(options(&site), None, Target::Memory);
    session.rebuild_all().unwrap();
    site.edit(
        "content/operators/smart.md",
        "value: \"*888#\"",
        "value: \"*999#\"",
    );
    let root = site.root().canonicalize().unwrap();
    let change = Change {
        area: Area::Content,
        rel: "operators/smart.md".into(),
        path: root.join("content/operators/smart.md"),
    };
    let rebuilt = session.apply(&[change]).unwrap();
    // The guide that calls the fact, the feed that carries its text, and
    // the operator's page in both languages (the Khmer profile rewords
    // only the label); not the guide that names Smart without the fact,
    // nor the plain one.
    let mut changed = rebuilt.changed.clone();
    changed.sort();
    assert_eq!(
        changed,
        [
            "atom.xml",
            "guides/balance/index.html",
            "km/operators/smart/index.html",
            "operators/smart/index.html"
        ],
    );
    assert_eq!(session_outputs(&session), fresh_outputs(&site));
    let balance = session_outputs(&session)
        .into_iter()
        .find(|(p, _)| p == "guides/balance/index.html")
        .map(|(_, b)| String::from_utf8(b).unwrap())
        .unwrap();
    assert!(balance.contains("*999#") && !balance.contains("*888#"));
}
