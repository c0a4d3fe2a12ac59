//! `page.image`: the picture a link preview shows for a page (Open Graph
//! `og:image` in the default theme): the front matter's `image:`, else the
//! page's first Markdown image that is a content image. `{url, permalink,
//! width, height, alt}`; width, height and alt are none when not known.

use tera::Value;

use super::values::object;
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
