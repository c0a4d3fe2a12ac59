//! `images:` of site.yaml: which widths content images are resized to, at
//! what quality, in which extra formats, and whether their metadata and
//! originals are kept. `images: false` copies images byte for byte. Every
//! wrong setting is reported at its own place; the others still apply.

use std::ops::Range;

use serde::Serialize;
use serde_yaml::Value;

use crate::diagnostics::{Diagnostic, did_you_mean};
use crate::yaml::{Node, YamlDoc, kind_of};

pub(crate) const IMAGE_KEYS: &[&str] = &[
    "widths",
    "quality",
    "formats",
    "keep_metadata",
    "keep_original",
];

/// The formats a variant can be made in beside the original's own.
const FORMATS: &[&str] = &["webp"];

/// Wider than this is no screen's image, and a typo (16000 for 1600).
const MAX_WIDTH: u64 = 8192;

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ImagesConfig {
    /// False for `images: false`: every image is copied untouched.
    pub enabled: bool,
    /// Widths of the variants, smallest first, without repeats.
    pub widths: Vec<u32>,
    /// Lossy quality of WebP and JPEG variants, 1–100.
    pub quality: u8,
    /// Whether each variant is also made in WebP.
    pub webp: bool,
    /// Keep EXIF, XMP and IPTC in published files (off: they are removed).
    pub keep_metadata: bool,
    /// Publish the original at its own URL (metadata removed) beside the
    /// variants; when false only the variants are published.
    pub keep_original: bool,
}

impl Default for ImagesConfig {
    fn default() -> Self {
        ImagesConfig {
            enabled: true,
            widths: vec![480, 960, 1600],
            quality: 80,
            webp: true,
            keep_metadata: false,
            keep_original: true,
        }
    }
}

/// `images:` as written, or the defaults when it is left out.
pub(super) fn images(yaml: &YamlDoc, errors: &mut Vec<Diagnostic>) -> ImagesConfig {
    let mut config = ImagesConfig::default();
    match yaml.raw("images") {
        None | Some(Value::Null) | Some(Value::Bool(true)) => {}
        Some(Value::Bool(false)) => config.enabled = false,
        Some(Value::Mapping(_)) => {
            let entries = yaml.node("images").map_or(&[][..], Node::entries);
            let fallback = yaml.value_span("images");
            let map = yaml.raw("images").and_then(Value::as_mapping);
            for (j, (key, value)) in map.into_iter().flatten().enumerate() {
                let key = key.as_str().unwrap_or("");
                let entry = entries.get(j);
                let key_span = entry.map_or(fallback.clone(), |e| e.key.span.clone());
                let value_span = entry.map_or(fallback.clone(), |e| yaml.value_or_key(e));
                let items = entry.map_or(&[][..], |e| e.value.items());
                let place = Place {
                    yaml,
                    key,
                    value_span,
                };
                setting(&place, key_span, value, items, &mut config, errors);
            }
        }
        Some(other) => errors.push(
            yaml.error_at_value(
                "images",
                format!("`images` must be a mapping or false, found {}", kind_of(other)),
            )
            .label("expected a mapping or false")
            .help("write `images: { widths: [480, 960, 1600], quality: 80 }`, or `images: false` to copy images untouched"),
        ),
    }
    config
}

/// Where one setting of `images:` stands, for its errors.
struct Place<'y, 'a> {
    yaml: &'y YamlDoc<'a>,
    key: &'y str,
    value_span: Range<usize>,
}

impl Place<'_, '_> {
    fn error(&self, message: String, span: Range<usize>) -> Diagnostic {
        Diagnostic::error(self.yaml.file, message).at(self.yaml.source, span)
    }

    fn wrong(&self, expected: &str, value: &Value) -> Diagnostic {
        self.error(
            format!(
                "images `{}` must be {expected}, found {}",
                self.key,
                kind_of(value)
            ),
            self.value_span.clone(),
        )
        .label(format!("expected {expected}"))
    }
}

fn setting(
    place: &Place,
    key_span: Range<usize>,
    value: &Value,
    items: &[Node],
    config: &mut ImagesConfig,
    errors: &mut Vec<Diagnostic>,
) {
    match (place.key, value) {
        ("keep_metadata", Value::Bool(b)) => config.keep_metadata = *b,
        ("keep_original", Value::Bool(b)) => config.keep_original = *b,
        ("keep_metadata" | "keep_original", other) => {
            errors.push(place.wrong("true or false", other))
        }
        ("quality", other) => match other.as_u64().filter(|q| (1..=100).contains(q)) {
            Some(q) => config.quality = q as u8,
            None => errors.push(
                place
                    .wrong("a whole number from 1 to 100", other)
                    .help("80 keeps screenshots sharp at a quarter of their size"),
            ),
        },
        ("widths", Value::Sequence(list)) => config.widths = widths(place, list, items, errors),
        ("formats", Value::Sequence(list)) => config.webp = formats(place, list, items, errors),
        ("widths" | "formats", other) => errors.push(place.wrong("a list", other)),
        (key, _) => errors.push(
            place
                .error(format!("unknown images key `{key}`"), key_span)
                .label("not a known key")
                .help(match did_you_mean(key, IMAGE_KEYS.iter().copied()) {
                    Some(h) => format!("did you mean `{h}`?"),
                    None => format!("known keys: {}", IMAGE_KEYS.join(", ")),
                }),
        ),
    }
}

fn item_span(place: &Place, items: &[Node], i: usize) -> Range<usize> {
    items
        .get(i)
        .map_or(place.value_span.clone(), |n| place.yaml.first_line(n))
}

fn widths(place: &Place, list: &[Value], items: &[Node], errors: &mut Vec<Diagnostic>) -> Vec<u32> {
    let mut out = Vec::new();
    for (i, item) in list.iter().enumerate() {
        match item.as_u64().filter(|w| (1..=MAX_WIDTH).contains(w)) {
            Some(w) => out.push(w as u32),
            None => errors.push(
                place
                    .error(
                        format!(
                            "every width must be a whole number of pixels from 1 to {MAX_WIDTH}"
                        ),
                        item_span(place, items, i),
                    )
                    .label("not a width")
                    .help("write `widths: [480, 960, 1600]`"),
            ),
        }
    }
    out.sort_unstable();
    out.dedup();
    out
}

fn formats(place: &Place, list: &[Value], items: &[Node], errors: &mut Vec<Diagnostic>) -> bool {
    let mut webp = false;
    for (i, item) in list.iter().enumerate() {
        match item.as_str() {
            Some("webp") => webp = true,
            _ => errors.push(
                place
                    .error(
                        format!(
                            "unknown image format {}",
                            item.as_str()
                                .map_or_else(|| kind_of(item).to_string(), |s| format!("`{s}`"))
                        ),
                        item_span(place, items, i),
                    )
                    .label("not a format mekong makes")
                    .help(format!(
                        "formats made beside the original's own: {}",
                        FORMATS.join(", ")
                    )),
            ),
        }
    }
    webp
}

#[cfg(test)]
mod tests {
    use std::path::Path;
    use std::sync::Arc;

    use crate::config::Config;

    fn parse(text: &str) -> Result<Config, Vec<crate::diagnostics::Diagnostic>> {
        Config::parse(Path::new("site.yaml"), &Arc::from(text))
    }

    #[test]
    fn defaults_false_and_a_mapping() {
        let config = parse("title: x\n").unwrap();
        assert_eq!(config.images.widths, [480, 960, 1600]);
        assert!(config.images.enabled && config.images.webp && config.images.keep_original);
        assert!(!parse("title: x\nimages: false\n").unwrap().images.enabled);
        let config = parse(
            "title: x\nimages:\n  widths: [960, 320, 960]\n  quality: 60\n  formats: []\n  keep_metadata: true\n",
        )
        .unwrap();
        assert_eq!(config.images.widths, [320, 960]);
        assert_eq!(config.images.quality, 60);
        assert!(!config.images.webp && config.images.keep_metadata);
    }

    #[test]
    fn bad_values_are_reported_at_their_line() {
        let errors = parse(
            "title: x\nimages:\n  widths: [480, big]\n  quality: 120\n  formats: [avif]\n  keep_orignal: false\n",
        )
        .unwrap_err();
        let lines: Vec<usize> = errors.iter().map(|e| e.line_column().0).collect();
        assert_eq!(lines, [3, 4, 5, 6], "{errors:?}");
        assert_eq!(
            errors[3].help.as_deref(),
            Some("did you mean `keep_original`?")
        );
        let errors = parse("title: x\nimages: yes please\n").unwrap_err();
        assert_eq!(errors[0].line_column(), (2, 9));
    }
}
