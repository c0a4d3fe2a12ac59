//! Bytes → pixels, within limits: the format is read from the bytes (not
//! the file name), the size from the header before any pixel is
//! allocated, and EXIF orientation is applied. A corrupt, truncated,
//! oversized or unknown file is an error in words, never a panic.

use std::io::Cursor;

use image::{DynamicImage, ImageDecoder, ImageFormat, ImageReader, Limits};

/// The most pixels an image may have: a 100-megapixel photo decodes to
/// 400 MB; a header claiming more is a decompression bomb.
pub const MAX_PIXELS: u64 = 100_000_000;
/// Bytes a decoder may hold at once (the decoded pixels included).
const MAX_ALLOC: u64 = 512 * 1024 * 1024;
/// No side longer than this, whatever the other is.
const MAX_SIDE: u32 = 30_000;

/// The largest image file read: more is no photo a guide needs, and the
/// whole file is held in memory while it is processed.
const MAX_FILE_BYTES: u64 = 200 * 1024 * 1024;

/// The bytes of the image file at `path`, refused past `MAX_FILE_BYTES`.
pub fn read(path: &std::path::Path) -> Result<Vec<u8>, String> {
    let len = std::fs::metadata(path)
        .map_err(|e| format!("cannot be read: {e}"))?
        .len();
    if len > MAX_FILE_BYTES {
        return Err(format!(
            "is {} MiB, more than the {} MiB mekong reads for an image",
            len / 1024 / 1024,
            MAX_FILE_BYTES / 1024 / 1024
        ));
    }
    std::fs::read(path).map_err(|e| format!("cannot be read: {e}"))
}

/// The raster formats mekong processes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Png,
    Jpeg,
    Gif,
    WebP,
}

impl Format {
    pub fn name(self) -> &'static str {
        match self {
            Format::Png => "png",
            Format::Jpeg => "jpeg",
            Format::Gif => "gif",
            Format::WebP => "webp",
        }
    }

    pub fn from_name(name: &str) -> Option<Format> {
        match name {
            "png" => Some(Format::Png),
            "jpeg" | "jpg" => Some(Format::Jpeg),
            "gif" => Some(Format::Gif),
            "webp" => Some(Format::WebP),
            _ => None,
        }
    }

    /// The format a file name says, by its extension; `None` for any file
    /// that is not a raster image mekong processes (SVG among them).
    pub fn of_path(path: &str) -> Option<Format> {
        let ext = path.rsplit_once('.')?.1.to_ascii_lowercase();
        Format::from_name(&ext)
    }

    fn of_image(format: ImageFormat) -> Option<Format> {
        match format {
            ImageFormat::Png => Some(Format::Png),
            ImageFormat::Jpeg => Some(Format::Jpeg),
            ImageFormat::Gif => Some(Format::Gif),
            ImageFormat::WebP => Some(Format::WebP),
            _ => None,
        }
    }

    pub fn mime(self) -> &'static str {
        match self {
            Format::Png => "image/png",
            Format::Jpeg => "image/jpeg",
            Format::Gif => "image/gif",
            Format::WebP => "image/webp",
        }
    }
}

/// What the bytes are, read from their header alone: `None` when they
/// start like no image at all (a placeholder text named `x.png` is copied
/// as it is), an error for an image in a format mekong does not process.
pub fn sniff(bytes: &[u8]) -> Result<Option<Format>, String> {
    let Ok(format) = image::guess_format(bytes) else {
        return Ok(None);
    };
    Format::of_image(format).map(Some).ok_or_else(|| {
        format!(
            "is a {format:?} image; mekong processes PNG, JPEG, GIF and WebP (convert it, or set `images: false`)"
        )
    })
}

/// Whether the image moves: an animated GIF, WebP or PNG (APNG) is
/// published untouched, since resizing would keep only its first frame.
pub fn is_animated(format: Format, bytes: &[u8]) -> bool {
    match format {
        Format::Gif => super::gif::frames(bytes) > 1,
        // VP8X's animation flag (RIFF header, chunk header, then flags).
        Format::WebP => {
            bytes.get(12..16) == Some(b"VP8X") && bytes.get(20).is_some_and(|f| f & 0x02 != 0)
        }
        Format::Png => img_parts::png::Png::from_bytes(bytes.to_vec().into())
            .is_ok_and(|png| png.chunk_by_type(*b"acTL").is_some()),
        Format::Jpeg => false,
    }
}

/// The pixels of `bytes`, turned upright as their EXIF orientation says,
/// and whether that orientation changed them.
pub fn decode(bytes: &[u8], format: Format) -> Result<(DynamicImage, bool), String> {
    let image_format = match format {
        Format::Png => ImageFormat::Png,
        Format::Jpeg => ImageFormat::Jpeg,
        Format::Gif => ImageFormat::Gif,
        Format::WebP => ImageFormat::WebP,
    };
    let mut reader = ImageReader::with_format(Cursor::new(bytes), image_format);
    let mut limits = Limits::default();
    limits.max_image_width = Some(MAX_SIDE);
    limits.max_image_height = Some(MAX_SIDE);
    limits.max_alloc = Some(MAX_ALLOC);
    reader.limits(limits);
    let mut decoder = reader.into_decoder().map_err(|e| why(&e))?;
    let (width, height) = decoder.dimensions();
    check_pixels(width, height)?;
    let orientation = decoder
        .orientation()
        .unwrap_or(image::metadata::Orientation::NoTransforms);
    let mut image = DynamicImage::from_decoder(decoder).map_err(|e| why(&e))?;
    image.apply_orientation(orientation);
    Ok((
        image,
        orientation != image::metadata::Orientation::NoTransforms,
    ))
}

/// Refuses a size whose pixels would not fit the memory a build may use.
pub fn check_pixels(width: u32, height: u32) -> Result<(), String> {
    let pixels = u64::from(width) * u64::from(height);
    if pixels > MAX_PIXELS {
        return Err(format!(
            "is {width}×{height} pixels ({} megapixels), more than the limit of {} megapixels (a decompression bomb, or a photo to scale down before adding it)",
            pixels / 1_000_000,
            MAX_PIXELS / 1_000_000
        ));
    }
    Ok(())
}

/// An image error in words for the writer.
fn why(error: &image::ImageError) -> String {
    use image::ImageError as E;
    match error {
        E::Limits(_) => format!(
            "is over the size limit mekong decodes: at most {MAX_SIDE} pixels a side, {} megapixels and {} MiB of pixels (a decompression bomb, or a photo to scale down before adding it)",
            MAX_PIXELS / 1_000_000,
            MAX_ALLOC / 1024 / 1024
        ),
        E::Unsupported(e) => format!("uses a feature mekong cannot read: {e}"),
        E::Decoding(e) => format!("is corrupt or truncated: {e}"),
        E::IoError(e) => format!("is corrupt or truncated: {e}"),
        other => format!("cannot be read: {other}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn png(width: u32, height: u32) -> Vec<u8> {
        let mut out = Vec::new();
        DynamicImage::new_rgb8(width, height)
            .write_to(&mut Cursor::new(&mut out), ImageFormat::Png)
            .unwrap();
        out
    }

    #[test]
    fn formats_come_from_the_bytes() {
        assert_eq!(sniff(&png(2, 2)), Ok(Some(Format::Png)));
        assert_eq!(sniff(b"<svg/>"), Ok(None));
        assert!(sniff(b"BM\0\0\0\0").unwrap_err().contains("Bmp"));
        assert_eq!(Format::of_path("a/Shot.JPG"), Some(Format::Jpeg));
        assert_eq!(Format::of_path("a/x.svg"), None);
    }

    #[test]
    fn truncated_and_huge_images_are_errors() {
        let bytes = png(40, 30);
        assert_eq!(decode(&bytes, Format::Png).unwrap().0.width(), 40);
        let cut = &bytes[..bytes.len() - 20];
        assert!(decode(cut, Format::Png).is_err());
        assert!(
            check_pixels(100_000, 100_000)
                .unwrap_err()
                .contains("megapixels")
        );
    }
}
