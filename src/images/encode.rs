//! Pixels → file bytes: lossy WebP through libwebp, PNG and JPEG through
//! the `image` crate. Encoders write pixels only, so no metadata of the
//! source reaches a variant.

use image::codecs::jpeg::JpegEncoder;
use image::codecs::png::{CompressionType, FilterType, PngEncoder};
use image::{ExtendedColorType, ImageEncoder};

use super::decode::Format;
use super::resize::Pixels;

/// The widest or tallest image WebP can hold.
pub const WEBP_MAX_SIDE: u32 = 16383;

/// `pixels` as a file of `format` (a GIF's variants are PNG: still GIFs
/// are diagrams, which PNG keeps exact in fewer bytes).
pub fn encode(pixels: &Pixels, format: Format, quality: u8) -> Result<Vec<u8>, String> {
    match format {
        Format::WebP => webp(pixels, quality),
        Format::Jpeg => jpeg(pixels, quality),
        Format::Png | Format::Gif => png(pixels),
    }
}

/// The format a variant of a `source` image is written in, beside WebP.
pub fn fallback(source: Format) -> Format {
    match source {
        Format::Gif => Format::Png,
        other => other,
    }
}

fn webp(pixels: &Pixels, quality: u8) -> Result<Vec<u8>, String> {
    if pixels.width > WEBP_MAX_SIDE || pixels.height > WEBP_MAX_SIDE {
        return Err(format!(
            "is too large for WebP (at most {WEBP_MAX_SIDE} pixels a side)"
        ));
    }
    let encoder = if pixels.alpha {
        webp::Encoder::from_rgba(&pixels.data, pixels.width, pixels.height)
    } else {
        webp::Encoder::from_rgb(&pixels.data, pixels.width, pixels.height)
    };
    let mut config =
        webp::WebPConfig::new().map_err(|()| "cannot set up the WebP encoder".to_string())?;
    config.quality = f32::from(quality);
    config.alpha_compression = 1;
    let memory = encoder
        .encode_advanced(&config)
        .map_err(|e| format!("cannot be encoded as WebP: {e:?}"))?;
    Ok(memory.to_vec())
}

fn jpeg(pixels: &Pixels, quality: u8) -> Result<Vec<u8>, String> {
    let mut out = Vec::new();
    let rgb;
    // JPEG has no alpha: a JPEG source never has it, but stay total.
    let data = if pixels.alpha {
        rgb = pixels
            .data
            .chunks_exact(4)
            .flat_map(|p| [p[0], p[1], p[2]])
            .collect::<Vec<u8>>();
        &rgb
    } else {
        &pixels.data
    };
    JpegEncoder::new_with_quality(&mut out, quality)
        .write_image(data, pixels.width, pixels.height, ExtendedColorType::Rgb8)
        .map_err(|e| format!("cannot be encoded as JPEG: {e}"))?;
    Ok(out)
}

fn png(pixels: &Pixels) -> Result<Vec<u8>, String> {
    let mut out = Vec::new();
    let color = if pixels.alpha {
        ExtendedColorType::Rgba8
    } else {
        ExtendedColorType::Rgb8
    };
    PngEncoder::new_with_quality(&mut out, CompressionType::Default, FilterType::Adaptive)
        .write_image(&pixels.data, pixels.width, pixels.height, color)
        .map_err(|e| format!("cannot be encoded as PNG: {e}"))?;
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::images::decode::{decode, sniff};

    #[test]
    fn each_format_round_trips() {
        let pixels = Pixels {
            width: 30,
            height: 20,
            alpha: false,
            data: vec![90; 30 * 20 * 3],
        };
        for format in [Format::WebP, Format::Jpeg, Format::Png] {
            let bytes = encode(&pixels, format, 80).unwrap();
            assert_eq!(sniff(&bytes), Ok(Some(format)));
            let (back, _) = decode(&bytes, format).unwrap();
            assert_eq!((back.width(), back.height()), (30, 20));
        }
        assert_eq!(fallback(Format::Gif), Format::Png);
    }
}
