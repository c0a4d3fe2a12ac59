//! What documentation sites write (tests/fixtures/constructs): GitHub
//! alerts and `:::` containers as asides titled in the page's language,
//! details, definition lists, e-mail autolinks, footnotes with unique ids,
//! named task checkboxes, and links without an extension; and the errors a
//! writer gets when such a link leads nowhere.

mod common;

use std::collections::HashSet;

use common::{Site, attr_values, main_of};

fn built() -> Site {
    let site = Site::fixture("constructs");
    site.build(&[]).assert_ok();
    site
}

/// The article's Markdown, as the reader gets it.
fn prose(html: &str) -> &str {
    let main = main_of(html);
    let start = main.find("<div class=\"prose\">").expect("prose");
    &main[start..]
}

/// The text between the first `open` after `from` and the next `close`.
fn after<'a>(html: &'a str, from: &str, close: &str) -> &'a str {
    let start = html
        .find(from)
        .unwrap_or_else(|| panic!("no {from} in\n{html}"));
    let end = start + html[start..].find(close).expect("closed");
    &html[start..end]
}

#[test]
fn alerts_and_containers_are_asides_titled_in_chinese() {
    let site = built();
    let html = site.read("docs/constructs/index.html");
    let body = prose(&html);
    for literal in [
        ":::tip",
        "::: tip\n<",
        "[!NOTE]",
        "[!WARNING]",
        ":::warning",
    ] {
        assert!(!body.contains(literal), "literal {literal:?} in\n{body}");
    }
    // Outside the code block, not one fence line is left.
    let code = after(body, "<pre><code class=\"language-md\">", "</pre>");
    assert_eq!(body.matches(":::").count(), code.matches(":::").count());
    assert!(
        code.contains("::: tip\n代码块里的冒号保持原样。\n:::"),
        "{code}"
    );

    for (kind, title, text) in [
        ("note", "注意", "办卡要带护照。"),
        ("warning", "警告", "余额不会退还。"),
        ("tip", "提示", "不加空格也可以"),
        ("warning", "注意", "出国前先开通漫游。"),
        ("danger", "危险", "不要把 PIN 码"),
    ] {
        let open = format!(
            "<aside class=\"alert alert-{kind}\" role=\"note\">\n<p class=\"alert-title\">{title}</p>\n<p>{text}"
        );
        assert!(body.contains(&open), "no {open} in\n{body}");
    }
    assert!(body.contains(
        "<details class=\"details\"><summary>点击展开</summary>\n<p>这里是<strong>隐藏</strong>的内容。</p>\n</details>"
    ));
    assert!(body.contains("<details class=\"details\"><summary>详细信息</summary>"));
    assert!(body.contains(
        "<div class=\"container code-group\">\n<pre><code class=\"language-sh\">*888#\n</code></pre>\n</div>"
    ));
    assert_eq!(
        body.matches("<aside").count(),
        body.matches("</aside>").count()
    );
}

#[test]
fn containers_nest_in_each_other_and_in_lists() {
    let site = built();
    let html = site.read("docs/constructs/index.html");
    let body = prose(&html);
    let nested = after(body, "<aside class=\"alert alert-info\"", "<ol>");
    assert!(
        nested.contains("<p>外层。</p>\n<aside class=\"alert alert-note\" role=\"note\">\n<p class=\"alert-title\">里面</p>\n<p>内层。</p>\n</aside>\n</aside>"),
        "{nested}"
    );
    // A container indented under a list item stays in that item.
    let list = after(body, "<ol>", "</ol>");
    let first = after(list, "<li>", "</li>");
    assert!(first.contains("<aside class=\"alert alert-tip\""), "{list}");
    assert!(first.contains("href=\"/docs/computed/\""), "{list}");
    assert!(list.contains("第二步"));
    // A list inside a container ends with it: the closing line is not
    // the last item's text.
    assert!(
        body.contains("<li>列表最后一项</li>\n</ul>\n</aside>\n<p>列表之后的段落。</p>"),
        "{body}"
    );
}

#[test]
fn titles_follow_the_page_language() {
    let site = built();
    let en = site.read("en/docs/constructs/index.html");
    let en = prose(&en);
    for title in ["Tip", "Important", "Caution", "Info"] {
        assert!(
            en.contains(&format!("<p class=\"alert-title\">{title}</p>")),
            "{title} in\n{en}"
        );
    }
    assert!(en.contains("<summary>Details</summary>"), "{en}");
    let km = site.read("km/docs/constructs/index.html");
    let km = prose(&km);
    assert!(km.contains("<p class=\"alert-title\">ចំណាំ</p>"), "{km}");
    assert!(km.contains("<p class=\"alert-title\">ការព្រមាន</p>"), "{km}");
    assert!(km.contains("<summary>ព័ត៌មានលម្អិត</summary>"), "{km}");
}

#[test]
fn definition_lists_mailto_and_named_checkboxes() {
    let site = built();
    let html = site.read("docs/constructs/index.html");
    let body = prose(&html);
    assert!(body.contains(
        "<dl>\n<dt>余额</dt>\n<dd>卡里剩下的钱。</dd>\n<dt>流量</dt>\n<dd>可以上网的数据量。</dd>\n</dl>"
    ));
    assert!(body.contains("<a href=\"mailto:hello@example.org\">hello@example.org</a>"));
    assert!(
        body.contains("<input disabled=\"\" type=\"checkbox\" checked=\"\" aria-label=\"买卡\"/>")
    );
    assert!(body.contains("<input disabled=\"\" type=\"checkbox\" aria-label=\"充值\"/>"));
    let en = site.read("en/docs/constructs/index.html");
    assert!(en.contains("aria-label=\"Buy a SIM\""));
    assert!(en.contains("href=\"mailto:hello@example.org\""));
}

#[test]
fn footnote_ids_are_valid_unique_and_linked_both_ways() {
    let site = built();
    let html = site.read("docs/constructs/index.html");
    let ids = attr_values(&html, "id");
    let unique: HashSet<&String> = ids.iter().collect();
    assert_eq!(unique.len(), ids.len(), "duplicate ids: {ids:?}");
    for id in &ids {
        assert!(
            !id.is_empty() && !id.contains(char::is_whitespace),
            "{id:?}"
        );
        assert!(
            !id.chars().all(|c| c.is_ascii_digit()),
            "bare number {id:?}"
        );
    }
    // The heading `## fn-pin` keeps its id; the footnote moves aside.
    assert!(html.contains("<h2 id=\"fn-pin\">fn-pin</h2>"));
    let body = prose(&html);
    assert!(
        body.contains("id=\"fnref-pin-1\"><a href=\"#fn-pin-1\">1</a>"),
        "{body}"
    );
    assert!(
        body.contains("id=\"fnref-pin-1-2\"><a href=\"#fn-pin-1\">1</a>"),
        "{body}"
    );
    assert!(
        body.contains("id=\"fnref-2\"><a href=\"#fn-2\">2</a>"),
        "{body}"
    );
    assert!(body.contains("<div class=\"footnote-definition\" id=\"fn-pin-1\">"));
    assert!(body.contains(
        "<a href=\"#fnref-pin-1-2\" class=\"footnote-backref\" aria-label=\"返回正文 (2)\">"
    ));
    let en = site.read("en/docs/constructs/index.html");
    assert!(en.contains("aria-label=\"Back to the text\""));
}

#[test]
fn links_without_an_extension_find_the_page_or_the_folder() {
    let site = built();
    let html = site.read("docs/constructs/index.html");
    let body = prose(&html);
    assert!(body.contains("<a href=\"/docs/computed/\">计算属性</a>"));
    assert!(body.contains("<a href=\"/docs/computed/#caching\">缓存</a>"));
    assert!(body.contains("<a href=\"/api/ssr/\">服务端渲染</a>"));
    // In the page's language where there is a translation.
    let en = site.read("en/docs/constructs/index.html");
    assert!(en.contains("<a href=\"/en/docs/computed/#caching\">caching</a>"));
    assert!(
        site.read("index.html")
            .contains("href=\"/docs/constructs/\"")
    );
}

#[test]
fn a_page_wins_over_a_folder_of_the_same_name() {
    let site = Site::fixture("constructs");
    site.write(
        "content/docs/computed/index.md",
        "---\ntitle: 文件夹\ndate: 2026-11-20\nslug: folder-page\n---\n文件夹。\n",
    );
    site.write(
        "content/docs/computed.md",
        "---\ntitle: 计算属性\ndate: 2026-11-20\nslug: file-page\n---\n文件。\n",
    );
    site.build(&[]).assert_ok();
    let html = site.read("docs/constructs/index.html");
    assert!(
        html.contains("<a href=\"/docs/file-page/\">计算属性</a>"),
        "{}",
        prose(&html)
    );
}

#[test]
fn a_near_miss_gets_a_did_you_mean_at_its_line_inside_a_container() {
    let site = Site::fixture("constructs");
    site.write(
        "content/docs/broken.md",
        "---\ntitle: 坏链接\ndate: 2026-11-20\n---\n::: tip\n- item\n  ::: warning\n  see [x](./computd) and [y](Computed.md#caching)\n  :::\n:::\n\n[z](nowhere-at-all) [s](../api/sr)\n",
    );
    let run = site.build(&[]);
    run.assert_fails();
    let err = run.stderr();
    assert!(
        err.contains("link target `./computd` does not exist (looked for content/docs/computd); did you mean `./computed.md`?"),
        "{err}"
    );
    assert!(err.contains("content/docs/broken.md:8:7"), "{err}");
    assert!(err.contains("did you mean `computed.md#caching`?"), "{err}");
    assert!(err.contains("content/docs/broken.md:8:26"), "{err}");
    // Far from every file: no guess.
    let far = err
        .lines()
        .find(|l| l.contains("`nowhere-at-all`"))
        .expect("reported");
    assert!(!far.contains("did you mean"), "{far}");
    assert!(err.contains("content/docs/broken.md:12:1"), "{err}");
    // A folder with pages is a near miss too.
    assert!(err.contains("did you mean `../api/ssr/`?"), "{err}");
}

#[test]
fn check_reports_no_broken_anchor_for_footnotes() {
    let site = built();
    let run = site.check(&[]);
    let out = format!("{}{}", run.stdout(), run.stderr());
    assert!(!out.contains("fnref") && !out.contains("#fn-"), "{out}");
}

/// WCAG relative luminance of `#rrggbb`.
fn luminance(hex: &str) -> f64 {
    let channel = |i: usize| {
        let c = f64::from(u8::from_str_radix(&hex[i..i + 2], 16).expect("hex")) / 255.0;
        if c <= 0.03928 {
            c / 12.92
        } else {
            ((c + 0.055) / 1.055).powf(2.4)
        }
    };
    0.2126 * channel(1) + 0.7152 * channel(3) + 0.0722 * channel(5)
}

#[test]
fn every_alert_title_colour_meets_aa_on_its_tint() {
    let css = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default/static/style.css"),
    )
    .expect("stylesheet");
    let value = |rule: &str, name: &str| -> Option<String> {
        let start = rule.find(name)? + name.len() + 1;
        Some(rule[start..].trim_start()[..7].to_string())
    };
    let mut kinds = 0;
    for rule in css.split('}').filter(|r| r.contains("--k-fg:")) {
        let (fg, bg) = (
            value(rule, "--k-fg").unwrap(),
            value(rule, "--k-bg").unwrap(),
        );
        let (a, b) = (luminance(&fg), luminance(&bg));
        let ratio = (a.max(b) + 0.05) / (a.min(b) + 0.05);
        assert!(ratio >= 4.5, "{fg} on {bg}: {ratio:.2} in {rule}");
        kinds += 1;
    }
    // A default and five kinds, light and dark.
    assert_eq!(kinds, 12);
}

#[test]
fn a_sites_own_strings_rename_the_titles() {
    let site = Site::fixture("constructs");
    site.write("i18n/zh.yaml", "alert_tip: 小贴士\ndetails: 展开看看\n");
    site.build(&[]).assert_ok();
    let html = site.read("docs/constructs/index.html");
    let body = prose(&html);
    assert!(
        body.contains("<p class=\"alert-title\">小贴士</p>"),
        "{body}"
    );
    assert!(body.contains("<summary>展开看看</summary>"), "{body}");
    // A title written in the file still wins; other kinds keep the theme's.
    assert!(body.contains("<summary>点击展开</summary>"));
    assert!(body.contains("<p class=\"alert-title\">危险</p>"));
    let en = site.read("en/docs/constructs/index.html");
    assert!(en.contains("<p class=\"alert-title\">Tip</p>"));
}
