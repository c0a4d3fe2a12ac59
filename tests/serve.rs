//! `mekong serve`: the real binary on a temp site and a free port, asked
//! over raw HTTP (request paths exactly as written, as an attacker would
//! send them), with live-reload events read off the wire.

mod common;

use common::Site;
use common::{Events, eventually, get, request, serve};

const GUIDE: &str = "content/guides/top-up.md";

#[test]
fn serves_the_site_from_memory_and_never_writes_public() {
    let site = Site::fixture("basic");
    let (_serve, addr) = serve(site.root(), &[]);
    let home = get(&addr, "/");
    assert_eq!(home.status, 200);
    assert_eq!(
        home.header("Content-Type"),
        Some("text/html; charset=utf-8")
    );
    assert_eq!(home.header("Cache-Control"), Some("no-store"));
    let html = home.text();
    assert!(html.contains("测试指南"));
    assert!(html.contains("/__mekong/events"), "live reload script");
    // Links use this server as the base URL.
    assert!(html.contains(&format!("http://{addr}/")), "{html}");
    assert!(!site.path("public").exists(), "serve wrote public/");
}

#[test]
fn build_output_never_carries_the_reload_script() {
    let site = Site::fixture("basic");
    site.build(&[]).assert_ok();
    for rel in site.outputs() {
        let bytes = std::fs::read(site.path("public").join(&rel)).unwrap();
        let text = String::from_utf8_lossy(&bytes);
        assert!(!text.contains("__mekong"), "{rel}");
    }
}

#[test]
fn each_file_gets_its_content_type() {
    let site = Site::fixture("basic");
    site.write("content/files/价格表.txt", "一美元\n");
    let (_serve, addr) = serve(site.root(), &[]);
    let html = get(&addr, "/").text();
    let css = common::attr_values(&html, "href")
        .into_iter()
        .find(|h| h.ends_with(".css"))
        .expect("a stylesheet link");
    let css = css.trim_start_matches(&format!("http://{addr}"));
    let cases = [
        (css, "text/css; charset=utf-8"),
        ("/atom.xml", "text/xml; charset=utf-8"),
        ("/sitemap.xml", "text/xml; charset=utf-8"),
        ("/robots.txt", "text/plain; charset=utf-8"),
        ("/guides/roaming/map.jpg", "image/jpeg"),
        ("/favicon.ico", "image/x-icon"),
    ];
    for (path, wanted) in cases {
        let response = get(&addr, path);
        assert_eq!(response.status, 200, "{path}");
        assert_eq!(response.header("Content-Type"), Some(wanted), "{path}");
        assert!(!response.text().contains("__mekong"), "{path}: injected");
    }
    // A Chinese file name, percent-encoded as browsers send it.
    let response = get(&addr, "/files/%E4%BB%B7%E6%A0%BC%E8%A1%A8.txt");
    assert_eq!(response.status, 200);
    assert_eq!(response.text(), "一美元\n");
}

#[test]
fn a_missing_page_gets_the_sites_404_page_with_status_404() {
    let site = Site::fixture("basic");
    let (_serve, addr) = serve(site.root(), &[]);
    let response = get(&addr, "/no/such/page/");
    assert_eq!(response.status, 404);
    assert_eq!(
        response.header("Content-Type"),
        Some("text/html; charset=utf-8")
    );
    let expected = common::h1_of(&get(&addr, "/404.html").text());
    assert_eq!(common::h1_of(&response.text()), expected);
    assert!(response.text().contains("/__mekong/events"));
}

#[test]
fn a_folder_without_its_slash_is_redirected() {
    let site = Site::fixture("basic");
    let (_serve, addr) = serve(site.root(), &[]);
    let response = get(&addr, "/guides/top-up");
    assert_eq!(response.status, 301);
    assert_eq!(response.header("Location"), Some("/guides/top-up/"));
}

#[test]
fn head_answers_without_a_body_and_other_methods_are_refused() {
    let site = Site::fixture("basic");
    let (_serve, addr) = serve(site.root(), &[]);
    let head = request(&addr, "HEAD", "/");
    assert_eq!(head.status, 200);
    assert!(head.body.is_empty());
    assert_eq!(request(&addr, "POST", "/").status, 405);
    assert_eq!(request(&addr, "DELETE", "/guides/top-up/").status, 405);
}

#[test]
fn path_traversal_in_any_encoding_never_leaves_the_rendered_site() {
    let site = Site::fixture("basic");
    // A file beside the site, and the site's own sources: none may be served.
    let outside = site
        .root()
        .parent()
        .unwrap()
        .join("mekong-serve-secret.txt");
    std::fs::write(&outside, "TOP-SECRET-OUTSIDE").unwrap();
    let (_serve, addr) = serve(site.root(), &[]);
    let attacks = [
        "/../site.yaml",
        "/../../../../etc/passwd",
        "/guides/../../site.yaml",
        "/%2e%2e/site.yaml",
        "/%2E%2E/%2E%2E/etc/passwd",
        "/..%2fsite.yaml",
        "/%2e%2e%2fsite.yaml",
        "/%252e%252e/site.yaml",
        "/%252e%252e%252fsite.yaml",
        "/..%252fsite.yaml",
        "/..\\site.yaml",
        "/%5c..%5csite.yaml",
        "/..%5c..%5cetc%5cpasswd",
        "/%c0%ae%c0%ae/site.yaml",
        "/./site.yaml",
        "//etc/passwd",
        "/%2fetc%2fpasswd",
        "/guides/%00../site.yaml",
        "/../mekong-serve-secret.txt",
        "/%2e%2e/mekong-serve-secret.txt",
        "/content/guides/top-up.md",
        "/site.yaml",
        "/templates/404.html",
        "http://evil.example/../site.yaml",
    ];
    for attack in attacks {
        let response = get(&addr, attack);
        assert!(
            matches!(response.status, 400 | 404),
            "{attack}: status {}",
            response.status
        );
        let text = response.text();
        assert!(
            !text.contains("TOP-SECRET") && !text.contains("base_url:") && !text.contains("root:"),
            "{attack} leaked:\n{text}"
        );
    }
    std::fs::remove_file(outside).unwrap();
}

#[test]
fn a_save_reloads_the_page_that_shows_it() {
    let site = Site::fixture("basic");
    let (_serve, addr) = serve(site.root(), &[]);
    let mut events = Events::open(&addr);
    site.edit(GUIDE, "第二段。", "第二段：实时刷新。");
    let data = events.until("reload");
    assert!(data.contains("\"guides/top-up/index.html\""), "{data}");
    assert!(
        get(&addr, "/guides/top-up/")
            .text()
            .contains("第二段：实时刷新。")
    );
}

#[test]
fn a_build_error_shows_as_an_overlay_over_the_last_good_page_until_fixed() {
    let site = Site::fixture("basic");
    let (serve, addr) = serve(site.root(), &[]);
    let mut events = Events::open(&addr);
    site.edit(GUIDE, "date: 2025-06-01", "date: 2025-06-01T99");
    let overlay = events.until("overlay");
    assert!(
        overlay.contains("content/guides/top-up.md:4:7"),
        "{overlay}"
    );
    // A reload, or a new tab, shows the overlay too, over the last good page.
    let page = get(&addr, "/guides/top-up/");
    assert_eq!(page.status, 200);
    let html = page.text();
    assert!(html.contains("mekong-error-overlay"));
    assert!(
        html.contains(">content/guides/top-up.md:4:7</code>"),
        "{html}"
    );
    assert!(html.contains("第二段。"), "the last good content stays");
    assert!(
        get(&addr, "/")
            .text()
            .contains(">content/guides/top-up.md:4:7</code>")
    );
    serve.line_with("build failed");
    // The fix clears it.
    site.edit(GUIDE, "date: 2025-06-01T99", "date: 2025-06-01");
    site.edit(GUIDE, "第二段。", "修好了。");
    events.until("reload");
    let html = eventually("the fixed page", || {
        let html = get(&addr, "/guides/top-up/").text();
        html.contains("修好了。").then_some(html)
    });
    assert!(!html.contains("<div id=\"mekong-error-overlay\""), "{html}");
}

#[test]
fn a_site_broken_at_start_is_served_as_an_error_page_until_fixed() {
    let site = Site::fixture("basic");
    site.edit("site.yaml", "title: 测试指南", "titel: 测试指南");
    let (_serve, addr) = serve(site.root(), &[]);
    let response = get(&addr, "/");
    assert_eq!(response.status, 500);
    assert!(
        response.text().contains(">site.yaml:1:1</code>"),
        "{}",
        response.text()
    );
    site.edit("site.yaml", "titel: 测试指南", "title: 测试指南");
    eventually("the site", || (get(&addr, "/").status == 200).then_some(()));
}

#[test]
fn the_site_is_served_under_base_urls_path_prefix() {
    let site = Site::fixture("basic");
    site.edit(
        "site.yaml",
        "base_url: https://example.org/",
        "base_url: https://example.org/docs/",
    );
    let (serve, addr) = serve(site.root(), &[]);
    assert!(
        serve
            .line_with("serving")
            .ends_with("/docs/ (Ctrl-C to stop)")
    );
    let root = get(&addr, "/");
    assert_eq!(root.status, 301);
    assert_eq!(root.header("Location"), Some("/docs/"));
    let page = get(&addr, "/docs/guides/top-up/");
    assert_eq!(page.status, 200);
    assert!(page.text().contains(&format!("http://{addr}/docs/")));
    assert_eq!(get(&addr, "/guides/top-up/").status, 404);
}

#[test]
fn base_url_option_wins() {
    let site = Site::fixture("basic");
    let (_serve, addr) = serve(site.root(), &["--base-url", "https://preview.example/x/"]);
    let page = get(&addr, "/x/guides/top-up/");
    assert_eq!(page.status, 200);
    assert!(page.text().contains("https://preview.example/x/"));
}

#[test]
fn a_busy_port_is_a_clear_error() {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port().to_string();
    let site = Site::fixture("basic");
    let root = site.root().to_str().unwrap();
    let run = common::mekong(&["serve", "--root", root, "--port", &port]);
    assert_eq!(run.code(), 2, "{}", run.stderr());
    assert!(
        run.stderr()
            .contains(&format!("cannot listen on 127.0.0.1:{port}"))
    );
}

#[test]
fn ctrl_c_stops_serve_cleanly() {
    let site = Site::fixture("basic");
    let (mut serve, _addr) = serve(site.root(), &[]);
    let status = serve.interrupt();
    assert!(status.success(), "{status}");
    assert!(serve.stdout_lines().contains(&"stopped".to_string()));
}
