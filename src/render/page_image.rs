//! `page.image`: the picture a link preview shows for a page (Open Graph
//! `og:image` in the default theme): the front matter's `image:`, else the
//! page's first Markdown image that is a content image, else the first
//! `<img>` of its HTML that shows one (a `figure`). `{url, permalink,
//! width, height, alt}`; width, height and alt are none when not known.

use tera::Value;

use super::object::object;
use crate::images::Format;
use crate::markdown::Body;
use crate::model::{Page, Site};

pub(crate) fn value(site: &Site, page: &Page, body: &Body) -> Value {
    let first = body.images.first();
    let (output, alt) = match &page.image {
        Some(image) => match &image.output {
            Some(output) => {
                // The alt text of the same image in the body, if it is there.
                let same = body.images.iter().find(|(o, _)| o == output);
                (output.as_str(), same.map(|(_, a)| a.as_str()))
            }
            None => {
                let url = image.written.value.trim();
                return object(vec![
                    ("url", url.into()),
                    ("permalink", url.into()),
                    ("width", Value::none()),
                    ("height", Value::none()),
                    ("alt", Value::none()),
                ]);
            }
        },
        None => match first {
            Some((output, alt)) => (output.as_str(), Some(alt.as_str())),
            None => return Value::none(),
        },
    };
    let (published, width, height) = published(site, output);
    let base = &site.config.base_url;
    object(vec![
        ("url", base.url(&published).into()),
        ("permalink", base.permalink(&published).into()),
        ("width", width.into()),
        ("height", height.into()),
        ("alt", alt.filter(|a| !a.trim().is_empty()).into()),
    ])
}

/// The file a preview should fetch for the image published at `output`,
/// and its size when known: the original, or its largest variant in its
/// own format when site.yaml publishes no originals.
fn published(site: &Site, output: &str) -> (String, Option<u32>, Option<u32>) {
    let Some(image) = site.images.get(output) else {
        return (output.to_string(), None, None);
    };
    if image.original.is_some() {
        return (output.to_string(), Some(image.width), Some(image.height));
    }
    let largest = image
        .variants
        .iter()
        .rfind(|v| v.format != Format::WebP)
        .or(image.variants.last());
    match largest {
        Some(v) => (v.output.clone(), Some(v.width), Some(v.height)),
        None => (output.to_string(), Some(image.width), Some(image.height)),
    }
}

/// The output path and alt text of the first `<img>` in a body's `html`
/// that shows a content image (as `picture` and shortcodes write them:
/// double-quoted attributes, `src` from the base URL's path).
pub(crate) fn first_in_html(site: &Site, html: &str) -> Option<(String, String)> {
    let prefix = site.config.base_url.prefix();
    let mut rest = html;
    while let Some(at) = memchr::memmem::find(rest.as_bytes(), b"<img ") {
        let tag = &rest[at..];
        let tag = &tag[..tag.find('>').unwrap_or(tag.len())];
        rest = &rest[at + tag.len()..];
        let Some(path) = attribute(tag, "src").and_then(|src| {
            let src = unescape(&src);
            src.strip_prefix(prefix).map(str::to_string)
        }) else {
            continue;
        };
        let is_content = site.images.get(&path).is_some()
            || (Format::of_path(&path).is_some() && site.assets.iter().any(|a| a.output == path));
        if is_content {
            let alt = attribute(tag, "alt")
                .map(|a| unescape(&a))
                .unwrap_or_default();
            return Some((path, alt));
        }
    }
    None
}

/// The value of `name="…"` in an HTML tag.
fn attribute(tag: &str, name: &str) -> Option<String> {
    let key = format!(" {name}=\"");
    let start = tag.find(&key)? + key.len();
    let end = tag[start..].find('"')?;
    Some(tag[start..start + end].to_string())
}

/// Undoes `html::escape`.
fn unescape(text: &str) -> String {
    text.replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn attributes_are_read_and_unescaped() {
        let tag = "<img src=\"/a/b.png\" width=\"3\" alt=\"Tom &amp; &quot;Jerry&quot;\"";
        assert_eq!(attribute(tag, "src").as_deref(), Some("/a/b.png"));
        assert_eq!(attribute(tag, "title"), None);
        let alt = attribute(tag, "alt").unwrap();
        assert_eq!(unescape(&alt), "Tom & \"Jerry\"");
    }
}
