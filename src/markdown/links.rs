//! Links and images: each destination rewritten as the caller decides
//! (content files to their URLs) and recorded with where it was written.

use std::ops::Range;

use pulldown_cmark::{CowStr, Event, Tag};

/// A link as written, with its byte range in the Markdown body.
#[derive(Debug, Clone)]
pub struct Link<'a> {
    pub dest: &'a str,
    pub span: Range<usize>,
    pub is_image: bool,
}

/// A link's URL as emitted (after rewriting) and its byte range in the body.
#[derive(Debug, Clone)]
pub struct EmittedLink {
    pub href: String,
    pub span: Range<usize>,
    pub is_image: bool,
}

/// A link or image with its destination rewritten, recorded in `links`;
/// any other event as it is.
pub(super) fn rewrite_link<'a>(
    event: Event<'a>,
    span: Range<usize>,
    rewrite: &mut dyn FnMut(&Link) -> Option<String>,
    links: &mut Vec<EmittedLink>,
) -> Event<'a> {
    let mut emit = |dest_url: CowStr<'a>, is_image: bool| -> CowStr<'a> {
        let dest = rewrite(&Link {
            dest: &dest_url,
            span: span.clone(),
            is_image,
        });
        links.push(EmittedLink {
            href: dest.clone().unwrap_or_else(|| dest_url.to_string()),
            span: span.clone(),
            is_image,
        });
        dest.map_or(dest_url, CowStr::from)
    };
    match event {
        Event::Start(Tag::Link {
            link_type,
            dest_url,
            title,
            id,
        }) => Event::Start(Tag::Link {
            link_type,
            dest_url: emit(dest_url, false),
            title,
            id,
        }),
        Event::Start(Tag::Image {
            link_type,
            dest_url,
            title,
            id,
        }) => Event::Start(Tag::Image {
            link_type,
            dest_url: emit(dest_url, true),
            title,
            id,
        }),
        other => other,
    }
}
