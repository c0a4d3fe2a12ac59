//! `image:` in a page's front matter: a path relative to the page's
//! folder, as a Markdown image link is written (or `@/` and a content
//! path), names a file under content/; one that names no file is an error
//! at its line, and so is a file that is not a PNG, JPEG, WebP or GIF
//! (link previews show no SVG). A URL (`https://…`) is taken as it is.

use std::collections::HashMap;

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::model::Page;
use crate::url::{is_external, join_relative, percent_decode};

pub(super) fn resolve(
    pages: &mut [Page],
    asset_by_source: &HashMap<String, String>,
    diagnostics: &mut Diagnostics,
) {
    for page in pages {
        let Some(image) = &mut page.image else {
            continue;
        };
        let written = image.written.value.trim();
        if is_external(written) {
            continue;
        }
        let target = match written.strip_prefix("@/") {
            Some(path) => Some(percent_decode(path)),
            None if written.starts_with('/') => None,
            None => join_relative(&page.file.dir, &percent_decode(written)),
        };
        image.output = target
            .as_ref()
            .and_then(|t| asset_by_source.get(t))
            .cloned();
        if let Some(output) = &image.output
            && crate::images::Format::of_path(output).is_none()
        {
            diagnostics.push(
                Diagnostic::error(
                    &page.file.shown,
                    format!("`image:` names {output}, which is not a PNG, JPEG, WebP or GIF"),
                )
                .at(&page.text.source, image.written.span.clone())
                .label("not a picture previews can show")
                .code("missing image")
                .help("link previews (og:image) show PNG, JPEG, WebP and GIF images; export the picture as one of those"),
            );
            image.output = None;
            continue;
        }
        if image.output.is_none() {
            let named = target.map_or_else(|| format!("`{written}`"), |t| format!("content/{t}"));
            diagnostics.push(
                Diagnostic::error(
                    &page.file.shown,
                    format!("`image:` names {named}, which does not exist"),
                )
                .at(&page.text.source, image.written.span.clone())
                .label("no such file")
                .code("missing image")
                .help("write the image's path relative to the page's folder, as in a Markdown image link (`image: shot.png` for a file beside the page), or a full https:// URL"),
            );
        }
    }
}
