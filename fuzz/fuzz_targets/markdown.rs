//! Markdown → HTML with the real link rewriting (`links::resolve` against a
//! small site), then what `check` does with the result: scan the HTML for
//! links and ids, and resolve every link.
#![no_main]

use std::sync::{Arc, OnceLock};

use libfuzzer_sys::fuzz_target;
use mekong::check::{html, target};
use mekong::config::Config;
use mekong::content::raw::RawSite;
use mekong::diagnostics::Diagnostics;
use mekong::model::{Site, resolve::resolve};

fn site() -> &'static Site {
    static SITE: OnceLock<Site> = OnceLock::new();
    SITE.get_or_init(|| {
        let text: Arc<str> = Arc::from(
            "title: t\nbase_url: https://example.org/docs/\ndefault_language: zh\nlanguages: {en: {}}\n",
        );
        let config = match Config::parse(std::path::Path::new("site.yaml"), &text) {
            Ok(config) => config,
            Err(_) => std::process::abort(),
        };
        let date = jiff::civil::date(2026, 11, 26);
        resolve(config, RawSite::default(), date, false, &mut Diagnostics::default())
    })
}

fuzz_target!(|body: &str| {
    let site = site();
    let rendered = mekong::markdown::render(body, &mut |link| {
        assert!(link.span.end <= body.len());
        mekong::links::resolve(site, "en", "guides", link)
            .ok()
            .flatten()
    });
    for link in &rendered.links {
        assert!(link.span.start <= link.span.end && link.span.end <= body.len());
    }
    let scanned = html::scan(&rendered.html);
    for href in &scanned.hrefs {
        assert!(href.offset < rendered.html.len());
        let _ = target::resolve(&site.config.base_url, "guides/x/", &href.value);
    }
});
