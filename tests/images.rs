//! Images for phone readers (issue 18), end to end: a bundle with a large
//! PNG screenshot, a phone photo turned by EXIF orientation and carrying a
//! GPS position, an animated GIF and an SVG. The tests read the HTML a
//! reader gets, the variants' sizes and formats, the published bytes (no
//! metadata anywhere), the errors for broken files, and the cache.

mod common;

use std::io::Cursor;

use common::{Running, Site, eventually, main_of};
use image::codecs::gif::{GifEncoder, Repeat};
use image::{Delay, DynamicImage, Frame, ImageFormat, Rgb, RgbImage, Rgba, RgbaImage};
use img_parts::jpeg::{Jpeg, JpegSegment, markers};
use img_parts::{Bytes, ImageEXIF};
use mekong::images::metadata::has_metadata;

const SIZES: &str = "(max-width: 44rem) calc(100vw - 2rem), 42rem";

/// A 2400×1080 screenshot of an app: a flat bar, lines of text-like
/// marks, and a photo-like area of gradients and grain.
fn screenshot_png() -> Vec<u8> {
    let image = RgbImage::from_fn(2400, 1080, |x, y| {
        let grain = ((x.wrapping_mul(2_654_435_761) ^ y.wrapping_mul(40_503)) % 24) as u8;
        if y < 120 {
            Rgb([20, 90, 160])
        } else if y > 500 {
            Rgb([
                (x / 12) as u8 / 2 + grain,
                (y / 5) as u8 / 2 + grain,
                90 + grain,
            ])
        } else if (y / 40) % 3 == 0 && (x / 7 + y) % 5 < 2 {
            Rgb([30, 30, 30])
        } else {
            Rgb([250, 250, 250])
        }
    });
    encode(DynamicImage::ImageRgb8(image), ImageFormat::Png)
}

fn encode(image: DynamicImage, format: ImageFormat) -> Vec<u8> {
    let mut out = Vec::new();
    image.write_to(&mut Cursor::new(&mut out), format).unwrap();
    out
}

/// EXIF (big-endian TIFF) with orientation 6 (turn 90° clockwise to view)
/// and a GPS IFD holding a latitude reference.
fn exif_orientation_6_with_gps() -> Vec<u8> {
    let mut tiff = b"MM\0\x2a\0\0\0\x08".to_vec();
    tiff.extend_from_slice(&[0, 2]); // IFD0: two entries
    tiff.extend_from_slice(&[0x01, 0x12, 0, 3, 0, 0, 0, 1, 0, 6, 0, 0]); // Orientation = 6
    tiff.extend_from_slice(&[0x88, 0x25, 0, 4, 0, 0, 0, 1, 0, 0, 0, 38]); // GPS IFD at 38
    tiff.extend_from_slice(&[0, 0, 0, 0]);
    tiff.extend_from_slice(&[0, 1]); // GPS IFD: one entry
    tiff.extend_from_slice(&[0x00, 0x01, 0, 2, 0, 0, 0, 2, b'N', 0, 0, 0]); // GPSLatitudeRef
    tiff.extend_from_slice(&[0, 0, 0, 0]);
    tiff
}

/// A 1200×800 JPEG as a phone stores it: sideways, with EXIF saying so.
fn phone_photo() -> Vec<u8> {
    let image = RgbImage::from_fn(1200, 800, |x, _| Rgb([(x % 256) as u8, 120, 60]));
    let plain = encode(DynamicImage::ImageRgb8(image), ImageFormat::Jpeg);
    let mut jpeg = Jpeg::from_bytes(Bytes::from(plain)).unwrap();
    jpeg.set_exif(Some(Bytes::from(exif_orientation_6_with_gps())));
    let mut xmp = b"http://ns.adobe.com/xap/1.0/\0<x:xmpmeta>owner</x:xmpmeta>".to_vec();
    xmp.push(0);
    jpeg.segments_mut().insert(
        1,
        JpegSegment::new_with_contents(markers::APP1, Bytes::from(xmp)),
    );
    jpeg.encoder().bytes().to_vec()
}

fn animated_gif() -> Vec<u8> {
    let mut out = Vec::new();
    {
        let mut encoder = GifEncoder::new(&mut out);
        encoder.set_repeat(Repeat::Infinite).unwrap();
        for i in 0..3u8 {
            let pixels = RgbaImage::from_pixel(600, 40, Rgba([i * 80, 0, 0, 255]));
            let delay = Delay::from_numer_denom_ms(200, 1);
            encoder
                .encode_frame(Frame::from_parts(pixels, 0, 0, delay))
                .unwrap();
        }
    }
    out
}

const SVG: &str = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"900\" height=\"90\"><rect width=\"900\" height=\"90\"/></svg>\n";

fn image_site() -> Site {
    let site = Site::with_config("");
    site.write(
        "content/guides/menu/index.md",
        "---\ntitle: The menu\ndate: 2026-01-02\n---\n![The *222# menu](shot.png)\n\n![A shop counter](photo.jpg \"Counter\")\n\n![Loading](spin.gif)\n\n![Steps](steps.svg)\n",
    );
    site.write_bytes("content/guides/menu/shot.png", &screenshot_png());
    site.write_bytes("content/guides/menu/photo.jpg", &phone_photo());
    site.write_bytes("content/guides/menu/spin.gif", &animated_gif());
    site.write("content/guides/menu/steps.svg", SVG);
    site
}

fn decoded(site: &Site, rel: &str) -> (u32, u32, ImageFormat) {
    let bytes = std::fs::read(site.path("public").join(rel)).unwrap();
    let format = image::guess_format(&bytes).unwrap();
    let image = image::load_from_memory(&bytes).unwrap();
    (image.width(), image.height(), format)
}

#[test]
fn a_reader_gets_responsive_pictures_with_sizes_and_no_layout_shift() {
    let site = image_site();
    site.build(&[]).assert_ok();
    let html = site.read("guides/menu/index.html");
    let main = main_of(&html);
    let webp = [480, 960, 1600, 2400]
        .map(|w| format!("/guides/menu/shot.{w}w.webp {w}w"))
        .join(", ");
    let png = "/guides/menu/shot.480w.png 480w, /guides/menu/shot.960w.png 960w, \
               /guides/menu/shot.1600w.png 1600w, /guides/menu/shot.png 2400w";
    let first = format!(
        "<picture><source type=\"image/webp\" srcset=\"{webp}\" sizes=\"{SIZES}\">\
         <img src=\"/guides/menu/shot.png\" srcset=\"{png}\" sizes=\"{SIZES}\" width=\"2400\" height=\"1080\" \
         alt=\"The *222# menu\" decoding=\"async\"></picture>"
    );
    assert!(main.contains(&first), "{main}");
    // The photo is upright: 800 wide, 1200 tall; later images load lazily.
    assert!(
        main.contains("<img src=\"/guides/menu/photo.jpg\" srcset=\"/guides/menu/photo.480w.jpg 480w, /guides/menu/photo.jpg 800w\""),
        "{main}"
    );
    assert!(
        main.contains("width=\"800\" height=\"1200\" alt=\"A shop counter\" title=\"Counter\" loading=\"lazy\" decoding=\"async\">"),
        "{main}"
    );
    // Animations and SVGs stay plain images, copied untouched.
    assert!(
        main.contains("<img src=\"/guides/menu/spin.gif\" alt=\"Loading\" />"),
        "{main}"
    );
    assert!(
        main.contains("<img src=\"/guides/menu/steps.svg\" alt=\"Steps\" />"),
        "{main}"
    );
    for (name, bytes) in [
        ("spin.gif", animated_gif()),
        ("steps.svg", SVG.as_bytes().to_vec()),
    ] {
        let published = std::fs::read(site.path("public/guides/menu").join(name)).unwrap();
        assert_eq!(published, bytes, "{name} is published byte for byte");
    }
}

#[test]
fn variants_have_their_sizes_and_formats_and_are_never_upscaled() {
    let site = image_site();
    site.build(&[]).assert_ok();
    for (rel, size) in [
        ("guides/menu/shot.480w.png", (480, 216, ImageFormat::Png)),
        ("guides/menu/shot.480w.webp", (480, 216, ImageFormat::WebP)),
        ("guides/menu/shot.960w.webp", (960, 432, ImageFormat::WebP)),
        ("guides/menu/shot.1600w.png", (1600, 720, ImageFormat::Png)),
        (
            "guides/menu/shot.2400w.webp",
            (2400, 1080, ImageFormat::WebP),
        ),
        ("guides/menu/shot.png", (2400, 1080, ImageFormat::Png)),
        ("guides/menu/photo.480w.jpg", (480, 720, ImageFormat::Jpeg)),
        ("guides/menu/photo.480w.webp", (480, 720, ImageFormat::WebP)),
        (
            "guides/menu/photo.800w.webp",
            (800, 1200, ImageFormat::WebP),
        ),
        ("guides/menu/photo.jpg", (800, 1200, ImageFormat::Jpeg)),
    ] {
        assert_eq!(decoded(&site, rel), size, "{rel}");
    }
    let outputs = site.outputs();
    assert!(
        !outputs.iter().any(|o| o.contains("photo.960w")),
        "{outputs:#?}"
    );
    // What a phone loads is a fraction of the screenshot.
    let len = |rel: &str| {
        std::fs::metadata(site.path("public").join(rel))
            .unwrap()
            .len()
    };
    assert!(len("guides/menu/shot.480w.webp") * 4 < len("guides/menu/shot.png"));
}

#[test]
fn no_published_raster_file_holds_metadata_and_the_source_is_untouched() {
    let site = image_site();
    let photo = phone_photo();
    assert!(has_metadata(&photo));
    site.build(&[]).assert_ok();
    let mut rasters = 0;
    for rel in site.outputs() {
        if [".png", ".jpg", ".webp", ".gif"]
            .iter()
            .any(|e| rel.ends_with(e))
        {
            let bytes = std::fs::read(site.path("public").join(&rel)).unwrap();
            assert!(!has_metadata(&bytes), "{rel} still holds metadata");
            assert!(!bytes.windows(5).any(|w| w == b"owner"), "{rel} holds XMP");
            rasters += 1;
        }
    }
    assert_eq!(rasters, 13, "{:#?}", site.outputs());
    assert_eq!(
        std::fs::read(site.path("content/guides/menu/photo.jpg")).unwrap(),
        photo
    );
}

#[test]
fn a_rebuild_encodes_nothing_and_the_cache_is_safe_to_delete() {
    let site = image_site();
    let first = site.build(&[]);
    first.assert_ok();
    assert!(
        first.stdout().contains("images: 12 encoded, 0 from cache"),
        "{}",
        first.stdout()
    );
    let second = site.build(&[]);
    second.assert_ok();
    assert!(
        second.stdout().contains("images: 0 encoded, 12 from cache"),
        "{}",
        second.stdout()
    );
    assert!(second.stdout().contains("0 written"), "{}", second.stdout());
    // An edited image is encoded again; the others come from the cache.
    site.write_bytes(
        "content/guides/menu/photo.jpg",
        &encode(DynamicImage::new_rgb8(500, 300), ImageFormat::Jpeg),
    );
    let third = site.build(&[]);
    assert!(
        third.stdout().contains("images: 4 encoded, 8 from cache"),
        "{}",
        third.stdout()
    );
    std::fs::remove_dir_all(site.path(".mekong-cache")).unwrap();
    let fourth = site.build(&[]);
    assert!(
        fourth.stdout().contains("images: 12 encoded, 0 from cache"),
        "{}",
        fourth.stdout()
    );
}

#[test]
fn broken_images_are_errors_naming_the_file_and_nothing_is_written() {
    let site = Site::with_config("");
    site.write(
        "content/a.md",
        "---\ntitle: A\ndate: 2026-01-02\n---\n![x](cut.png) ![y](bomb.png) ![z](old.png)\n",
    );
    let png = screenshot_png();
    site.write_bytes("content/cut.png", &png[..png.len() / 2]);
    // A valid PNG header claiming 100,000 × 100,000 pixels, and no pixels.
    let mut bomb = b"\x89PNG\r\n\x1a\n\0\0\0\x0dIHDR".to_vec();
    bomb.extend_from_slice(&100_000u32.to_be_bytes());
    bomb.extend_from_slice(&100_000u32.to_be_bytes());
    bomb.extend_from_slice(&[8, 2, 0, 0, 0]);
    let crc = crc32(&bomb[12..]);
    bomb.extend_from_slice(&crc.to_be_bytes());
    site.write_bytes("content/bomb.png", &bomb);
    // A BMP's header, named .png.
    site.write_bytes(
        "content/old.png",
        b"BM\x46\0\0\0\0\0\0\0\x36\0\0\0\x28\0\0\0",
    );
    // Used by no page: reported on its own.
    site.write_bytes("content/unused.png", &screenshot_png()[..100]);
    let run = site.build(&[]);
    run.assert_fails();
    let stderr = run.stderr();
    assert!(
        stderr.contains("image content/cut.png is corrupt or truncated"),
        "{stderr}"
    );
    assert!(stderr.contains("image content/bomb.png"), "{stderr}");
    assert!(stderr.contains("limit"), "{stderr}");
    assert!(
        stderr.contains("image content/old.png is a Bmp image"),
        "{stderr}"
    );
    // Each once, at the Markdown line that uses it.
    assert_eq!(stderr.matches("┌─ content/a.md:5:").count(), 3, "{stderr}");
    assert_eq!(
        stderr.matches("image content/cut.png").count(),
        1,
        "{stderr}"
    );
    assert!(stderr.contains("image content/unused.png is"), "{stderr}");
    assert!(stderr.contains("build failed with 4 errors"), "{stderr}");
    assert!(!site.path("public").exists(), "nothing is written");
}

/// The CRC of a PNG chunk (type and data).
fn crc32(bytes: &[u8]) -> u32 {
    let mut crc = 0xFFFF_FFFFu32;
    for &b in bytes {
        crc ^= u32::from(b);
        for _ in 0..8 {
            crc = if crc & 1 != 0 {
                (crc >> 1) ^ 0xEDB8_8320
            } else {
                crc >> 1
            };
        }
    }
    !crc
}

#[test]
fn images_false_copies_every_image_untouched() {
    let site = image_site();
    site.write(
        "site.yaml",
        "title: T\nbase_url: https://example.org/\ntheme: default\nimages: false\n",
    );
    let run = site.build(&[]);
    run.assert_ok();
    assert!(!run.stdout().contains("images:"), "{}", run.stdout());
    let published = std::fs::read(site.path("public/guides/menu/photo.jpg")).unwrap();
    assert_eq!(published, phone_photo());
    assert!(!site.exists("guides/menu/shot.480w.png"));
    let html = site.read("guides/menu/index.html");
    assert!(
        html.contains("<img src=\"/guides/menu/shot.png\" alt=\"The *222# menu\" />"),
        "{html}"
    );
    assert!(!site.path(".mekong-cache").exists());
}

#[test]
fn a_bad_images_setting_is_reported_at_its_line() {
    let site = Site::with_config("images:\n  widths: [480, wide]\n  quality: 0\n");
    let run = site.build(&[]);
    run.assert_fails();
    let stderr = run.stderr();
    assert!(stderr.contains("site.yaml:5:"), "{stderr}");
    assert!(stderr.contains("site.yaml:6:"), "{stderr}");
    assert!(stderr.contains("from 1 to 100"), "{stderr}");
}

#[test]
fn templates_resize_images_and_read_their_size() {
    let site = image_site();
    site.write(
        "templates/page.html",
        "{% set t = resize_image(path=\"guides/menu/shot.png\", width=300, height=300, op=\"fill\", format=\"webp\") %}\
         {% set f = resize_image(path=\"@/guides/menu/photo.jpg\", width=400) %}\
         {% set m = image_meta(path=\"guides/menu/photo.jpg\") %}\
         <p>{{ t.url }} {{ t.width }}x{{ t.height }}|{{ f.url }} {{ f.width }}x{{ f.height }}|{{ m.width }}x{{ m.height }} {{ m.format }}</p>",
    );
    site.build(&[]).assert_ok();
    let html = site.read("guides/menu/index.html");
    assert!(
        html.contains("<p>/guides/menu/shot.fill-300x300.webp 300x300|/guides/menu/photo.fit-400x600.jpg 400x600|800x1200 jpeg</p>"),
        "{html}"
    );
    assert_eq!(
        decoded(&site, "guides/menu/shot.fill-300x300.webp"),
        (300, 300, ImageFormat::WebP)
    );
    assert_eq!(
        decoded(&site, "guides/menu/photo.fit-400x600.jpg"),
        (400, 600, ImageFormat::Jpeg)
    );
    let bytes = std::fs::read(site.path("public/guides/menu/photo.fit-400x600.jpg")).unwrap();
    assert!(!has_metadata(&bytes));

    site.write(
        "templates/page.html",
        "{{ resize_image(path=\"guides/menu/shot.png\", width=10, op=\"crop\") }}",
    );
    let run = site.build(&[]);
    run.assert_fails();
    assert!(
        run.stderr()
            .contains("op `crop` is not one of fit, fill, scale"),
        "{}",
        run.stderr()
    );
}

#[test]
fn watch_encodes_only_the_image_that_changed() {
    let site = image_site();
    let cache_files = || {
        std::fs::read_dir(site.path(".mekong-cache/images"))
            .unwrap()
            .count()
    };
    let _watch = Running::watch(site.root(), &[]);
    let before = cache_files();
    // Renamed into place, as editors save: a file written in place can be
    // seen half-written by a rebuild, whose size probe reads its header
    // and caches an entry of its own (a flaky count on a loaded machine).
    site.write_bytes(
        "photo.jpg.new",
        &encode(DynamicImage::new_rgb8(500, 300), ImageFormat::Jpeg),
    );
    std::fs::rename(
        site.path("photo.jpg.new"),
        site.path("content/guides/menu/photo.jpg"),
    )
    .unwrap();
    eventually("the page to show the new photo's size", || {
        let html = std::fs::read_to_string(site.path("public/guides/menu/index.html")).ok()?;
        html.contains("width=\"500\" height=\"300\"").then_some(())
    });
    // The page moves into place before the old photo's sizes are removed:
    // the write is over when its journal is gone.
    eventually("the write to finish", || {
        (!site.exists(".mekong-journal")).then_some(())
    });
    // The new photo's size, its 480w JPEG and WebP, its 500w WebP and its
    // clean original; nothing of the screenshot.
    assert_eq!(cache_files(), before + 5);
    assert_eq!(
        decoded(&site, "guides/menu/photo.480w.jpg"),
        (480, 288, ImageFormat::Jpeg)
    );
    assert!(
        !site.exists("guides/menu/photo.800w.webp"),
        "{:#?}",
        site.outputs()
    );
}
