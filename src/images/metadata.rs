//! EXIF, XMP and IPTC taken out of a copy of an original, without
//! re-encoding it: a phone photo's GPS position, device and owner never
//! reach the site. What a picture needs to show right (its ICC colour
//! profile, JFIF and Adobe colour markers, PNG colour chunks) stays.

use img_parts::jpeg::{Jpeg, markers};
use img_parts::png::Png;
use img_parts::webp::WebP;
use img_parts::{Bytes, ImageEXIF};

use super::decode::Format;

/// PNG chunks a picture needs; every other one (tEXt, zTXt, iTXt with
/// XMP, eXIf, tIME…) is left out.
const PNG_KEEP: &[&[u8; 4]] = &[
    b"IHDR", b"PLTE", b"IDAT", b"IEND", b"tRNS", b"cHRM", b"gAMA", b"iCCP", b"sBIT", b"sRGB",
    b"cICP", b"mDCv", b"cLLi", b"bKGD", b"pHYs", b"acTL", b"fcTL", b"fdAT",
];

/// `bytes` without their metadata; `None` when the file cannot be taken
/// apart (the caller re-encodes its pixels instead) or is a GIF (whose
/// blocks hold no EXIF).
pub fn strip(bytes: &[u8], format: Format) -> Option<Vec<u8>> {
    let bytes = Bytes::copy_from_slice(bytes);
    let out = match format {
        Format::Jpeg => {
            let mut jpeg = Jpeg::from_bytes(bytes).ok()?;
            jpeg.segments_mut()
                .retain(|s| keep_segment(s.marker(), s.contents()));
            jpeg.encoder().bytes()
        }
        Format::Png => {
            let mut png = Png::from_bytes(bytes).ok()?;
            png.chunks_mut().retain(|c| PNG_KEEP.contains(&&c.kind()));
            png.encoder().bytes()
        }
        Format::WebP => {
            let mut webp = WebP::from_bytes(bytes).ok()?;
            webp.remove_chunks_by_id(*b"XMP ");
            // Also clears the EXIF and XMP flags of the VP8X header.
            webp.set_exif(None);
            webp.encoder().bytes()
        }
        Format::Gif => return None,
    };
    Some(out.to_vec())
}

/// JPEG segments to keep: everything but APP1 (EXIF, XMP), APP13 (IPTC)
/// and the other application and comment segments, save JFIF (APP0), an
/// ICC profile (APP2) and Adobe's colour transform (APP14).
fn keep_segment(marker: u8, contents: &Bytes) -> bool {
    match marker {
        markers::APP0 | markers::APP14 => true,
        markers::APP2 => contents.starts_with(b"ICC_PROFILE\0"),
        markers::APP1..=markers::APP15 | markers::COM => false,
        _ => true,
    }
}

/// Whether `bytes` still hold EXIF or XMP: for tests and `check`.
pub fn has_metadata(bytes: &[u8]) -> bool {
    let find = |needle: &[u8]| bytes.windows(needle.len()).any(|w| w == needle);
    find(b"Exif\0\0") || find(b"eXIf") || find(b"http://ns.adobe.com/xap") || find(b"Photoshop 3.0")
}

#[cfg(test)]
mod tests {
    use super::*;
    use image::{DynamicImage, ImageFormat};
    use img_parts::jpeg::JpegSegment;

    fn jpeg_with_exif() -> Vec<u8> {
        let mut plain = Vec::new();
        DynamicImage::new_rgb8(16, 8)
            .write_to(&mut std::io::Cursor::new(&mut plain), ImageFormat::Jpeg)
            .unwrap();
        let mut jpeg = Jpeg::from_bytes(Bytes::from(plain)).unwrap();
        let mut exif = b"Exif\0\0MM\0\x2a\0\0\0\x08\0\0".to_vec();
        exif.extend_from_slice(&[0; 4]);
        jpeg.segments_mut().insert(
            1,
            JpegSegment::new_with_contents(markers::APP1, Bytes::from(exif)),
        );
        jpeg.segments_mut().insert(
            1,
            JpegSegment::new_with_contents(markers::COM, Bytes::from_static(b"owner")),
        );
        jpeg.encoder().bytes().to_vec()
    }

    #[test]
    fn jpeg_loses_exif_and_comments_and_keeps_its_pixels() {
        let bytes = jpeg_with_exif();
        assert!(has_metadata(&bytes));
        let stripped = strip(&bytes, Format::Jpeg).unwrap();
        assert!(!has_metadata(&stripped));
        assert!(!stripped.windows(5).any(|w| w == b"owner"));
        let image = image::load_from_memory(&stripped).unwrap();
        assert_eq!((image.width(), image.height()), (16, 8));
    }

    #[test]
    fn png_keeps_only_picture_chunks() {
        let mut plain = Vec::new();
        DynamicImage::new_rgba8(4, 4)
            .write_to(&mut std::io::Cursor::new(&mut plain), ImageFormat::Png)
            .unwrap();
        let mut png = Png::from_bytes(Bytes::from(plain)).unwrap();
        let at = png.chunks().len() - 1;
        png.chunks_mut().insert(
            at,
            img_parts::png::PngChunk::new(*b"tEXt", Bytes::from_static(b"GPS\0here")),
        );
        let bytes = png.encoder().bytes().to_vec();
        let stripped = strip(&bytes, Format::Png).unwrap();
        assert!(!stripped.windows(4).any(|w| w == b"tEXt"));
        assert!(image::load_from_memory(&stripped).is_ok());
        assert_eq!(strip(b"not a png", Format::Png), None);
    }
}
