//! Path normalisation: output paths and links resolved by `check`. A path
//! `is_contained` accepts never climbs, and a link resolved from a page
//! inside the output folder is a plain relative path without `..`.
#![no_main]

use libfuzzer_sys::fuzz_target;
use mekong::check::target::{Target, output_dir, resolve};
use mekong::output::is_contained;
use mekong::url::BaseUrl;

fuzz_target!(|input: (&str, &str)| {
    let (output, href) = input;
    let _ = mekong::check::html::decode_entities(href);
    if !is_contained(output) {
        return;
    }
    assert!(!output.split(['/', '\\']).any(|s| s == ".."), "{output:?}");
    assert!(!output.starts_with('/'));
    let dir = output_dir(output);
    for base in ["https://example.org/", "https://example.org/docs/"] {
        let Ok(base) = BaseUrl::parse(base) else {
            return;
        };
        if let Target::Site { path, .. } = resolve(&base, dir, href) {
            assert!(!path.starts_with('/'), "{dir:?} + {href:?} → {path:?}");
            let climbs = path.split('/').any(|s| s == ".." || s == ".");
            assert!(
                !climbs || dir.split('/').any(|s| s == "."),
                "{dir:?} + {href:?} → {path:?}"
            );
        }
    }
});
