//! Images a template asks for (`resize_image`, `image_meta`): one size and
//! format of one content image, made through the same cache as the
//! Markdown images' variants.

use std::io::Cursor;
use std::path::{Path, PathBuf};

use super::cache::{self, Cache};
use super::decode::{self, Format};
use super::encode::encode;
use super::resize::{Op, Pixels, resize, target};

/// One resized image: its cache file and what it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Resized {
    pub file: PathBuf,
    pub width: u32,
    pub height: u32,
    pub format: Format,
}

/// What a template asked for.
#[derive(Debug, Clone, Copy)]
pub struct Request {
    pub width: Option<u32>,
    pub height: Option<u32>,
    pub op: Op,
    /// `None`: the source's own format (a GIF's is PNG).
    pub format: Option<Format>,
    pub quality: u8,
}

/// `source` resized as `request` says, from the cache or encoded into it.
pub fn resized(cache_root: &Path, source: &Path, request: Request) -> Result<Resized, String> {
    let bytes = decode::read(source)?;
    let own = decode::sniff(&bytes)?.ok_or("is not a PNG, JPEG, GIF or WebP image")?;
    let format = request.format.unwrap_or(super::encode::fallback(own));
    let (w, h) = upright_size(&bytes, own)?;
    let (width, height) = target((w, h), request.op, request.width, request.height);
    decode::check_pixels(width, height)?;
    let cache = Cache::new(cache_root);
    let name = format!(
        "{:016x}-{}-{width}x{height}-q{}.{}",
        cache::hash(&bytes),
        request.op.name(),
        request.quality,
        format.name()
    );
    if !cache.has(&name) {
        let pixels = Pixels::from_image(decode::decode(&bytes, own)?.0);
        let small = resize(&pixels, width, height, request.op)?;
        let encoded = encode(&small, format, request.quality)?;
        cache
            .put(&name, &encoded)
            .map_err(|e| format!("cannot be cached in {}: {e}", cache.dir().display()))?;
    }
    Ok(Resized {
        file: cache.path(&name),
        width,
        height,
        format,
    })
}

/// Width, height and format of an image, from its header (turned as its
/// EXIF orientation says), without decoding its pixels.
pub fn meta(source: &Path) -> Result<(u32, u32, Format), String> {
    let bytes = decode::read(source)?;
    let format = decode::sniff(&bytes)?.ok_or("is not a PNG, JPEG, GIF or WebP image")?;
    let (width, height) = upright_size(&bytes, format)?;
    Ok((width, height, format))
}

fn upright_size(bytes: &[u8], format: Format) -> Result<(u32, u32), String> {
    use image::ImageDecoder;
    let reader = image::ImageReader::new(Cursor::new(bytes))
        .with_guessed_format()
        .map_err(|e| format!("cannot be read: {e}"))?;
    let mut decoder = reader
        .into_decoder()
        .map_err(|e| format!("is corrupt or truncated ({} header): {e}", format.name()))?;
    let (w, h) = decoder.dimensions();
    let turned = matches!(
        decoder.orientation(),
        Ok(image::metadata::Orientation::Rotate90
            | image::metadata::Orientation::Rotate270
            | image::metadata::Orientation::Rotate90FlipH
            | image::metadata::Orientation::Rotate270FlipH)
    );
    Ok(if turned { (h, w) } else { (w, h) })
}

#[cfg(test)]
mod tests {
    use super::*;
    use image::{DynamicImage, ImageFormat};

    #[test]
    fn resizes_once_then_reads_the_cache() {
        let dir = tempfile::tempdir().unwrap();
        let source = dir.path().join("a.png");
        DynamicImage::new_rgb8(300, 200)
            .save_with_format(&source, ImageFormat::Png)
            .unwrap();
        assert_eq!(meta(&source), Ok((300, 200, Format::Png)));
        let request = Request {
            width: Some(100),
            height: Some(100),
            op: Op::Fill,
            format: Some(Format::WebP),
            quality: 70,
        };
        let made = resized(dir.path(), &source, request).unwrap();
        assert_eq!(
            (made.width, made.height, made.format),
            (100, 100, Format::WebP)
        );
        let again = resized(dir.path(), &source, request).unwrap();
        assert_eq!(made, again);
    }
}
