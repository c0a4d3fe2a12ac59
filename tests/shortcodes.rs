//! Shortcodes: templates in templates/shortcodes/ (the site's and the
//! default theme's) called from Markdown, as a reader sees them; calls
//! only outside code; errors at the Markdown line of the call.

mod common;

use common::{Site, main_of};

const GUIDE: &str = "guides/top-up/index.html";

fn built() -> Site {
    let site = Site::fixture("shortcodes");
    site.build(&[]).assert_ok();
    site
}

#[test]
fn inline_calls_become_their_templates_html() {
    let html = built().read(GUIDE);
    let main = main_of(&html);
    assert!(
        main.contains(r#"<span class="badge" data-n="3" data-lang="en" data-page="Top up" data-site="Shortcodes">new &amp; &lt;b&gt;</span> is a badge."#),
        "{main}"
    );
    assert!(main.contains(r#"<img src="/img/card.png" width="640" height="480" alt="A SIM card" loading="lazy" decoding="async">"#), "{main}");
    assert!(main.contains("<figcaption>The card</figcaption>"), "{main}");
    // The figure stood alone in its paragraph: no <p> around it.
    assert!(!main.contains("<p><figure"), "{main}");
}

#[test]
fn block_output_is_kept_as_the_template_wrote_it() {
    let main = main_of(&built().read(GUIDE)).to_string();
    let expected = "<section class=\"steps\" data-count=\"3\">\n\n  <ol>\n    <li>Dial</li>\n    <li>Wait</li>\n    <li>Done</li>\n  </ol>\n\n</section>";
    assert!(main.contains(expected), "{main}");
}

#[test]
fn bodies_are_markdown_with_links_and_nested_shortcodes() {
    let main = main_of(&built().read(GUIDE)).to_string();
    let outer = main.find("callout callout-warning").expect("outer callout");
    let inner = main.find("callout callout-tip").expect("inner callout");
    assert!(outer < inner, "{main}");
    assert!(
        main.contains("<p class=\"callout-title\">Warning</p>"),
        "{main}"
    );
    assert!(
        main.contains("<p class=\"callout-title\">Inner</p>"),
        "{main}"
    );
    assert!(
        main.contains(r#"<a href="/guides/plain/">the plain guide</a>"#),
        "{main}"
    );
    assert!(
        main.contains("Nested <strong>body</strong> with <span class=\"badge\" data-n=\"2.5\""),
        "{main}"
    );
    assert!(main.contains("role=\"note\""), "{main}");
}

#[test]
fn unregistered_names_and_code_stay_literal() {
    let site = built();
    let main = main_of(&site.read(GUIDE)).to_string();
    assert!(main.contains("Counter: {{ count }} stays"), "{main}");
    assert!(
        main.contains(r#"<code>{{ badge(text="x", n=1) }}</code>"#),
        "{main}"
    );
    assert!(
        main.contains("{{ figure(src=\"a\", alt=\"b\") }}\n</code></pre>"),
        "{main}"
    );
    assert!(main.contains("{% callout() %}indented{% end %}"), "{main}");
    let plain = site.read("guides/plain/index.html");
    assert!(
        main_of(&plain).contains("{{ count }} and {% raw %}."),
        "{plain}"
    );
}

#[test]
fn sections_call_shortcodes_too() {
    let home = built().read("index.html");
    assert!(
        home.contains(r#"<span class="badge" data-n="0" data-lang="en" data-page="Home""#),
        "{home}"
    );
}

/// The fixture with `guide` as content/guides/bad.md; the build must fail.
fn failing(guide: &str) -> String {
    let site = Site::fixture("shortcodes");
    site.write("content/guides/bad.md", guide);
    let run = site.build(&[]);
    run.assert_fails();
    assert!(!site.exists(""), "a failed build created public/");
    run.stderr_in(&site)
}

const FM: &str = "---\ntitle: Bad\ndate: 2025-05-03\n---\n";

#[test]
fn a_missing_alt_is_an_error_at_the_call() {
    let stderr = failing(&format!("{FM}Text.\n\n{{{{ figure(src=\"/a.png\") }}}}\n"));
    assert!(stderr.contains("content/guides/bad.md:7:1"), "{stderr}");
    insta::assert_snapshot!(stderr);
}

#[test]
fn malformed_calls_are_all_reported_at_once() {
    let text = format!(
        "{FM}{{{{ badge(text=plain) }}}}\n\n{{{{ figure }}}}\n\n{{% callout(kind=\"tip\") %}}\nnever closed\n\n{{{{ badge(text=\"a\" n=1) }}}}\n"
    );
    let stderr = failing(&text);
    for at in ["bad.md:5:15", "bad.md:7:1", "bad.md:9:1", "bad.md:12:19"] {
        assert!(stderr.contains(at), "{at} missing in {stderr}");
    }
    insta::assert_snapshot!(stderr);
}

#[test]
fn an_error_in_a_shortcode_template_names_the_call() {
    let site_text = format!(
        "{FM}{{% callout(kind=\"danger\") %}}\nx\n{{% end %}}\n\n{{{{ badge(text=\"t\") }}}}\n"
    );
    let stderr = failing(&site_text);
    assert!(
        stderr.contains("bad.md:5:1") && stderr.contains("bad.md:9:1"),
        "{stderr}"
    );
    insta::assert_snapshot!(stderr);
}

#[test]
fn errors_inside_a_body_are_at_their_own_line() {
    let text = format!(
        "{FM}{{% callout() %}}\nFirst.\n\n{{% callout(kind=\"tip\") %}}\nSee [nowhere](missing.md) and {{{{ badge(text=x) }}}}.\n{{% end %}}\n{{% end %}}\n"
    );
    let stderr = failing(&text);
    assert!(stderr.contains("content/guides/bad.md:9:5"), "{stderr}");
    assert!(stderr.contains("content/guides/bad.md:9:45"), "{stderr}");
}
