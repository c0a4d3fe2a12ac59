//! Slugs and URL joining: slugify gives a valid slug (or nothing), a
//! relative join never keeps `..`, and an accepted alias always maps to a
//! path inside the output directory.
#![no_main]

use libfuzzer_sys::fuzz_target;
use mekong::model::resolve::alias_output;
use mekong::output::is_contained;
use mekong::url::{is_slug, join_relative, percent_decode, slugify};

fuzz_target!(|input: (&str, &str)| {
    let (a, b) = input;
    let slug = slugify(a);
    assert!(slug.is_empty() || is_slug(&slug), "{a:?} → {slug:?}");
    if let Some(joined) = join_relative(a, b) {
        assert!(
            !joined.split('/').any(|s| s == ".." || s == "."),
            "{joined:?}"
        );
        assert!(!joined.starts_with('/') && !joined.ends_with('/'));
    }
    if let Ok(output) = alias_output(a) {
        assert!(is_contained(&output), "alias {a:?} → {output:?}");
    }
    let _ = percent_decode(b);
});
