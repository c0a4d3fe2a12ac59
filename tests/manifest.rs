//! The renderer's manifest: for every rendered file, the template that made
//! it, the content file rendered through it and its language (what `check`
//! blames a broken link on, and what `search` and `watch` may read).

mod common;

use std::path::Path;

use common::Site;
use mekong::build::{Options, render_site_keeping};

#[test]
fn every_rendered_page_is_in_the_manifest_with_its_template_file_and_language() {
    let site = Site::fixture("languages");
    let config = std::fs::read_to_string(site.path("site.yaml")).unwrap();
    site.write("site.yaml", &format!("{config}search: true\n"));
    site.write(
        "templates/search.html",
        "<html lang=\"{{ lang }}\"><body>search</body></html>\n",
    );
    let options = Options {
        root: site.root().canonicalize().unwrap(),
        today: Some(common::TODAY.into()),
        ..Options::default()
    };
    let (rendered, renderer) = render_site_keeping(&options).unwrap_or_else(|d| panic!("{d:?}"));
    let (site, made) = (&rendered.site, renderer.manifest().by_output());
    let pages = rendered.outputs.files.keys();
    for output in pages.filter(|o| o.ends_with("index.html")) {
        assert!(made.contains_key(output.as_str()), "{output} is not in it");
    }
    let shown = |output: &str| {
        made[output]
            .content(site)
            .map(|(file, _)| file.shown.clone())
    };

    // The search pages, once missed by check.
    let search = made["km/search/index.html"];
    assert_eq!(
        (search.template.as_str(), search.lang(site)),
        ("search.html", "km")
    );
    assert_eq!(shown("km/search/index.html"), None);

    let page = made["en/guides/esim/index.html"];
    assert_eq!(
        (page.template.as_str(), page.lang(site)),
        ("page.html", "en")
    );
    let esim = Path::new("content/guides/esim.en.md");
    assert_eq!(shown("en/guides/esim/index.html").as_deref(), Some(esim));

    let term = made["en/operators/smart/index.html"];
    assert_eq!(
        (term.template.as_str(), term.lang(site)),
        ("term.html", "en")
    );
    let profile = Path::new("content/operators/smart.en.md");
    assert_eq!(
        shown("en/operators/smart/index.html").as_deref(),
        Some(profile)
    );

    let section = made["guides/index.html"];
    assert_eq!(section.lang(site), "zh");
    let index = Path::new("content/guides/_index.md");
    assert_eq!(shown("guides/index.html").as_deref(), Some(index));
}
