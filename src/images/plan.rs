//! Which files one content image becomes: a variant at each configured
//! width below its own (never upscaled) in its own format and in WebP, a
//! full-width WebP, and the original with its metadata removed. Pure:
//! sizes and settings in, names out.

use crate::config::ImagesConfig;

use super::decode::Format;
use super::encode::{WEBP_MAX_SIDE, fallback};

/// One file to publish.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Planned {
    /// Where it is published, relative to the output folder.
    pub output: String,
    pub width: u32,
    pub height: u32,
    pub format: Format,
    pub make: Make,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Make {
    /// Resized and encoded; `cache` names its cache entry.
    Variant { cache: String },
    /// The original, metadata removed; re-encoded upright when `turned`.
    Clean { cache: String, turned: bool },
    /// The original as it is (metadata kept, or a GIF).
    Source,
}

/// The files of an image published at `output`, `width` × `height` once
/// upright, whose bytes hash to `hash`.
pub fn plan(
    output: &str,
    hash: u64,
    (width, height, turned): (u32, u32, bool),
    format: Format,
    config: &ImagesConfig,
) -> Vec<Planned> {
    let (stem, ext) = output.rsplit_once('.').unwrap_or((output, ""));
    let fallback = fallback(format);
    let fallback_ext = if fallback == format {
        ext.to_ascii_lowercase()
    } else {
        fallback.name().to_string()
    };
    let q = config.quality;
    let mut out = Vec::new();
    let mut variant = |w: u32, h: u32, format: Format, ext: &str| {
        let quality = if format == Format::Png {
            String::new()
        } else {
            format!("-q{q}")
        };
        out.push(Planned {
            output: format!("{stem}.{w}w.{ext}"),
            width: w,
            height: h,
            format,
            make: Make::Variant {
                cache: format!("{hash:016x}-{w}x{h}{quality}.{}", format.name()),
            },
        });
    };
    let widths: Vec<u32> = config
        .widths
        .iter()
        .copied()
        .filter(|&w| w < width)
        .collect();
    let webp = config.webp && format != Format::WebP;
    for &w in &widths {
        let h = ((u64::from(height) * u64::from(w) + u64::from(width) / 2) / u64::from(width))
            .max(1) as u32;
        variant(w, h, fallback, &fallback_ext);
        if webp {
            variant(w, h, Format::WebP, "webp");
        }
    }
    if webp && width <= WEBP_MAX_SIDE && height <= WEBP_MAX_SIDE {
        variant(width, height, Format::WebP, "webp");
    }
    if config.keep_original || widths.is_empty() {
        let make = if format == Format::Gif || (config.keep_metadata && !turned) {
            Make::Source
        } else {
            let how = if turned {
                format!("upright-q{q}")
            } else {
                "clean".into()
            };
            Make::Clean {
                cache: format!("{hash:016x}-{how}.{}", format.name()),
                turned,
            }
        };
        out.push(Planned {
            output: output.to_string(),
            width,
            height,
            format,
            make,
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn outputs(planned: &[Planned]) -> Vec<String> {
        planned
            .iter()
            .map(|p| format!("{} {}x{}", p.output, p.width, p.height))
            .collect()
    }

    #[test]
    fn widths_below_the_image_in_two_formats_and_the_original() {
        let config = ImagesConfig::default();
        let planned = plan("g/shot.PNG", 1, (2400, 1080, false), Format::Png, &config);
        assert_eq!(
            outputs(&planned),
            [
                "g/shot.480w.png 480x216",
                "g/shot.480w.webp 480x216",
                "g/shot.960w.png 960x432",
                "g/shot.960w.webp 960x432",
                "g/shot.1600w.png 1600x720",
                "g/shot.1600w.webp 1600x720",
                "g/shot.2400w.webp 2400x1080",
                "g/shot.PNG 2400x1080",
            ]
        );
        assert!(matches!(
            &planned[7].make,
            Make::Clean { turned: false, .. }
        ));
    }

    #[test]
    fn small_images_gifs_and_kept_metadata() {
        let mut config = ImagesConfig {
            keep_original: false,
            ..ImagesConfig::default()
        };
        let planned = plan("a.gif", 1, (300, 200, false), Format::Gif, &config);
        assert_eq!(outputs(&planned), ["a.300w.webp 300x200", "a.gif 300x200"]);
        assert_eq!(planned[1].make, Make::Source);
        let planned = plan("a.jpg", 1, (600, 800, true), Format::Jpeg, &config);
        assert_eq!(
            outputs(&planned),
            [
                "a.480w.jpg 480x640",
                "a.480w.webp 480x640",
                "a.600w.webp 600x800"
            ]
        );
        config.keep_original = true;
        config.keep_metadata = true;
        let planned = plan("a.jpg", 1, (600, 800, true), Format::Jpeg, &config);
        assert!(matches!(planned[3].make, Make::Clean { turned: true, .. }));
    }
}
