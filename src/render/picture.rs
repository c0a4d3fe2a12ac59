//! The HTML of a Markdown image that is a processed content image: a
//! `<picture>` whose WebP `<source>` and fallback `<img>` list the
//! variants with their widths, `sizes` fitted to the theme's column, and
//! `width`/`height` so the page does not shift as images arrive.

use crate::diagnostics::Diagnostic;
use crate::html::escape;
use crate::images::{Format, Image};
use crate::markdown;
use crate::model::{Site, SourceFile, Text};
use crate::url::{is_external, join_relative, percent_decode};

/// The default theme's text column: `--measure: 42rem` inside 1rem of
/// padding each side (themes/default/static/style.css).
pub const SIZES: &str = "(max-width: 44rem) calc(100vw - 2rem), 42rem";

/// Where the content asset a Markdown image in folder `dir` points to is
/// published, if it points to one.
fn asset_output<'s>(site: &'s Site, dir: &str, dest: &str) -> Option<&'s str> {
    let dest = dest.trim();
    if dest.is_empty() || is_external(dest) || dest.starts_with(['/', '#']) {
        return None;
    }
    let path = dest.split(['#', '?']).next().unwrap_or(dest);
    let target = join_relative(dir, &percent_decode(path))?;
    site.asset_by_source.get(&target).map(String::as_str)
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
    let url = |path: &str| srcset_safe(&site.config.base_url.url_with(path, ""));
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
    img += if eager {
        " decoding=\"async\">"
    } else {
        " loading=\"lazy\" decoding=\"async\">"
    };
    let webp_set = srcset(Format::WebP);
    if webp_set.is_empty() || own == Format::WebP {
        return Some(img);
    }
    Some(format!(
        "<picture><source type=\"image/webp\" srcset=\"{}\" sizes=\"{SIZES}\">{img}</picture>",
        escape(&webp_set)
    ))
}

/// A URL that can stand in a `srcset`, where a space or comma would split it.
fn srcset_safe(url: &str) -> String {
    url.replace(' ', "%20").replace(',', "%2C")
}
