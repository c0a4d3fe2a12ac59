//! What `check` reads from a rendered page: raw HTML from Markdown reaches
//! the output verbatim, so the scanner (`tl` plus our entity decoding) must
//! take any text. Every link offset must point into the document.
#![no_main]

use libfuzzer_sys::fuzz_target;
use mekong::check::html::scan;

fuzz_target!(|html: &str| {
    let scanned = scan(html);
    for href in &scanned.hrefs {
        assert!(href.offset < html.len().max(1));
        assert!(html.is_char_boundary(href.offset));
    }
});
