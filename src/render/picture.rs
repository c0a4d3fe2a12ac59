//! The HTML of a Markdown image that is a processed content image: a
//! `<picture>` whose WebP `<source>` and fallback `<img>` list the
//! variants with their widths, `sizes` fitted to the theme's column, and
//! `width`/`height` so the page does not shift as images arrive.

use crate::diagnostics::Diagnostic;
use crate::html::escape;
use crate::images::{Format, Image};
use crate::markdown;
use crate::model::{Site, SourceFile, Text};
use crate::url::{BaseUrl, is_external, join_relative, percent_decode};

/// The default theme's text column: `--measure: 42rem` inside 1rem of
/// padding each side (themes/default/static/style.css).
pub const SIZES: &str = "(max-width: 44rem) calc(100vw - 2rem), 42rem";

/// Where the content asset a Markdown image in folder `dir` points to is
/// published, if it points to one.
pub(crate) fn asset_output<'s>(site: &'s Site, dir: &str, dest: &str) -> Option<&'s str> {
    site.asset_by_source
        .get(&content_path(dir, dest)?)
        .map(String::as_str)
}

/// The content path ("guides/menu/shot.png") a relative image destination
/// written in folder `dir` names; `None` for an external, absolute or
/// fragment-only one. `@/guides/menu/shot.png` names a content path as is.
pub(crate) fn content_path(dir: &str, dest: &str) -> Option<String> {
    let dest = dest.trim();
    if let Some(path) = dest.strip_prefix("@/") {
        return Some(percent_decode(path));
    }
    if dest.is_empty() || is_external(dest) || dest.starts_with(['/', '#']) {
        return None;
    }
    let path = dest.split(['#', '?']).next().unwrap_or(dest);
    join_relative(dir, &percent_decode(path))
}

/// The processed image a Markdown image in folder `dir` points to, with
/// where it is published.
pub(crate) fn lookup<'s>(site: &'s Site, dir: &str, dest: &str) -> Option<(&'s str, &'s Image)> {
    let output = asset_output(site, dir, dest)?;
    Some((output, site.images.get(output)?))
}

/// The error of an image that could not be processed, at the Markdown
/// image (in `file`, whose text is `text`) that uses it.
pub(crate) fn broken(
    site: &Site,
    dir: &str,
    image: &markdown::Image,
    (file, text): (&SourceFile, &Text),
) -> Option<Diagnostic> {
    let (shown, why) = site.images.failure(asset_output(site, dir, image.dest)?)?;
    let offset = text.body.start;
    let span = offset + image.span.start..offset + image.span.end;
    Some(
        Diagnostic::error(&file.shown, format!("image {} {why}", shown.display()))
            .at(&text.source, span)
            .label("this image")
            .help(crate::images::HELP),
    )
}

/// The `<picture>` of `image` (from `![alt](…)` in folder `dir`); `None`
/// when it is not a processed content image. `eager` for the first image
/// of a page, which is likely on screen at once.
pub(crate) fn html(site: &Site, dir: &str, image: &markdown::Image, eager: bool) -> Option<String> {
    let (output, processed) = lookup(site, dir, image.dest)?;
    let written = Written {
        alt: image.alt,
        title: image.title,
        eager,
    };
    Some(markup(&site.config.base_url, output, processed, &written))
}

/// What a writer says of an image besides where it is.
pub(crate) struct Written<'a> {
    pub alt: &'a str,
    pub title: &'a str,
    /// Not lazy: the image is likely on screen at once.
    pub eager: bool,
}

/// The `<picture>` (or lone `<img>`) of the processed image published at
/// `output`.
pub(crate) fn markup(base: &BaseUrl, output: &str, processed: &Image, image: &Written) -> String {
    let url = |path: &str| srcset_safe(&base.url_with(path, ""));
    // The variants in the image's own format (a GIF's are PNG).
    let own = match processed.format {
        Format::Gif => Format::Png,
        format => format,
    };
    let srcset = |format: Format| -> String {
        let mut list: Vec<String> = processed
            .variants
            .iter()
            .filter(|v| v.format == format)
            .map(|v| format!("{} {}w", url(&v.output), v.width))
            .collect();
        if format == own && processed.original.is_some() {
            list.push(format!("{} {}w", url(output), processed.width));
        }
        list.join(", ")
    };
    let fallback = processed.variants.iter().rfind(|v| v.format == own);
    let src = match (&processed.original, fallback) {
        (Some(_), _) => url(output),
        (None, Some(v)) => url(&v.output),
        (None, None) => url(output),
    };
    let mut img = format!("<img src=\"{}\"", escape(&src));
    let fallback_set = srcset(own);
    if fallback_set.contains(',') {
        img += &format!(" srcset=\"{}\" sizes=\"{SIZES}\"", escape(&fallback_set));
    }
    img += &format!(
        " width=\"{}\" height=\"{}\" alt=\"{}\"",
        processed.width,
        processed.height,
        escape(image.alt)
    );
    if !image.title.is_empty() {
        img += &format!(" title=\"{}\"", escape(image.title));
    }
    img += if image.eager {
        " decoding=\"async\">"
    } else {
        " loading=\"lazy\" decoding=\"async\">"
    };
    let webp_set = srcset(Format::WebP);
    if webp_set.is_empty() || own == Format::WebP {
        return img;
    }
    format!(
        "<picture><source type=\"image/webp\" srcset=\"{}\" sizes=\"{SIZES}\">{img}</picture>",
        escape(&webp_set)
    )
}

/// A URL that can stand in a `srcset`, where a space or comma would split it.
fn srcset_safe(url: &str) -> String {
    url.replace(' ', "%20").replace(',', "%2C")
}
