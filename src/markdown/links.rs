//! Links and images: each destination rewritten as the caller decides
//! (content files to their URLs) and recorded with where it was written.

use std::ops::Range;

use pulldown_cmark::{CowStr, Event, LinkType, Tag};

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

/// Rewrites the destination of a link or image in place and records it in
/// `links`; any other event stays as it is. An e-mail autolink
/// (`<hello@example.org>`) is recorded as its `mailto:` URL, not rewritten.
pub(super) fn rewrite_link(
    event: &mut Event,
    span: Range<usize>,
    rewrite: &mut dyn FnMut(&Link) -> Option<String>,
    links: &mut Vec<EmittedLink>,
) {
    let (dest_url, is_image) = match event {
        Event::Start(Tag::Link {
            link_type: LinkType::Email,
            dest_url,
            ..
        }) => {
            links.push(EmittedLink {
                href: format!("mailto:{dest_url}"),
                span,
                is_image: false,
            });
            return;
        }
        Event::Start(Tag::Link { dest_url, .. }) => (dest_url, false),
        Event::Start(Tag::Image { dest_url, .. }) => (dest_url, true),
        _ => return,
    };
    let dest = rewrite(&Link {
        dest: dest_url,
        span: span.clone(),
        is_image,
    });
    links.push(EmittedLink {
        href: dest.clone().unwrap_or_else(|| dest_url.to_string()),
        span,
        is_image,
    });
    if let Some(dest) = dest {
        *dest_url = CowStr::from(dest);
    }
}
