//! Static files keep their names; a stylesheet or script also gets a
//! fingerprinted copy exactly when a rendered template asked for it with
//! `asset_url`.

mod common;

use common::Site;

fn hashed_copies(site: &Site, stem: &str, ext: &str) -> Vec<String> {
    site.outputs()
        .into_iter()
        .filter(|p| {
            p.strip_prefix(stem)
                .and_then(|rest| rest.strip_suffix(ext))
                .is_some_and(|hash| hash.len() == 9 && hash.starts_with('.'))
        })
        .collect()
}

#[test]
fn a_service_worker_keeps_its_name_and_gets_no_copy() {
    let site = Site::with_config("");
    site.write(
        "static/service-worker.js",
        "self.addEventListener('fetch', () => {});\n",
    );
    site.build(&[]).assert_ok();
    assert_eq!(
        site.read("service-worker.js"),
        "self.addEventListener('fetch', () => {});\n"
    );
    assert_eq!(
        hashed_copies(&site, "service-worker", ".js"),
        Vec::<String>::new()
    );
    // The theme's stylesheet, which its templates link, has both.
    assert!(site.exists("style.css"));
    assert_eq!(hashed_copies(&site, "style", ".css").len(), 1);
}

#[test]
fn only_what_a_rendered_template_asked_for_is_fingerprinted() {
    let site = Site::with_config("");
    site.write("static/js/app.js", "console.log('app');\n");
    site.write("static/js/unused.js", "console.log('unused');\n");
    site.write("static/js/branch.js", "console.log('branch');\n");
    site.write("static/logo.svg", "<svg/>\n");
    // branch.js is named in a template, but on a branch no page takes.
    site.write(
        "templates/index.html",
        "<script src=\"{{ asset_url(path='js/app.js') }}\"></script>\
         <img src=\"{{ asset_url(path='/logo.svg') }}\">\
         {% if false %}{{ asset_url(path='js/branch.js') }}{% endif %}",
    );
    site.build(&[]).assert_ok();
    let app =
        mekong::render::fingerprint::fingerprinted_name("js/app.js", b"console.log('app');\n");
    let home = site.read("index.html");
    assert!(home.contains(&format!("src=\"/{app}\"")), "{home}");
    assert!(
        home.contains("src=\"/logo.svg\""),
        "an image keeps its name: {home}"
    );
    assert_eq!(site.read(&app), "console.log('app');\n");
    assert_eq!(hashed_copies(&site, "js/app", ".js"), [app]);
    for own in ["js/app.js", "js/unused.js", "js/branch.js", "logo.svg"] {
        assert!(site.exists(own), "{own} is published under its own name");
    }
    assert!(hashed_copies(&site, "js/unused", ".js").is_empty());
    assert!(hashed_copies(&site, "js/branch", ".js").is_empty());
    assert!(hashed_copies(&site, "logo", ".svg").is_empty());
}

#[test]
fn a_copy_no_template_asks_for_any_more_is_removed_and_unlisted() {
    let site = Site::with_config("");
    site.write("static/js/app.js", "console.log('app');\n");
    site.write(
        "templates/index.html",
        "<script src=\"{{ asset_url(path='js/app.js') }}\"></script>",
    );
    site.build(&[]).assert_ok();
    let app =
        mekong::render::fingerprint::fingerprinted_name("js/app.js", b"console.log('app');\n");
    assert!(site.exists(&app));
    // The copy was claimed before the render; once no template asks for
    // it, the build removes it and its manifest no longer lists it.
    site.write("templates/index.html", "<p>no script</p>");
    site.build(&[]).assert_ok();
    assert!(!site.exists(&app), "{app} should be gone");
    assert!(site.exists("js/app.js"));
    let manifest = site.read(mekong::output::MANIFEST);
    assert!(!manifest.contains(&app), "{manifest}");
    assert!(manifest.contains("js/app.js"), "{manifest}");
}

#[test]
fn a_static_file_on_the_name_of_a_copy_collides_only_when_the_copy_is_asked_for() {
    let site = Site::with_config("");
    site.write("static/js/app.js", "console.log('app');\n");
    let app =
        mekong::render::fingerprint::fingerprinted_name("js/app.js", b"console.log('app');\n");
    site.write(&format!("static/{app}"), "another file\n");
    site.write("templates/index.html", "<p>no script</p>");
    site.build(&[]).assert_ok();
    assert_eq!(site.read(&app), "another file\n");

    site.write(
        "templates/index.html",
        "<script src=\"{{ asset_url(path='js/app.js') }}\"></script>",
    );
    let run = site.build(&[]);
    run.assert_fails();
    assert!(run.stderr().contains(app.as_str()), "{}", run.stderr());
    assert_eq!(site.read(&app), "another file\n");
}
