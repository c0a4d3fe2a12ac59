//! Images for phone readers (issue 18), the parts past the pictures
//! themselves: the `figure` shortcode's responsive image, Open Graph
//! `og:image` (from `image:` or the first image), and `check`'s warnings
//! for an image without alt text and a page too heavy for a phone.

mod common;

use std::io::Cursor;

use common::{Site, main_of};
use image::{DynamicImage, ImageFormat, Rgb, RgbImage};

const SIZES: &str = "(max-width: 44rem) calc(100vw - 2rem), 42rem";

/// A `width`×`height` PNG: gradients with a little grain.
fn png(width: u32, height: u32) -> Vec<u8> {
    let image = RgbImage::from_fn(width, height, |x, y| {
        let grain = (x.wrapping_mul(2_654_435_761) ^ y.wrapping_mul(40_503)) % 8;
        Rgb([(x / 5) as u8 + grain as u8, (y / 3) as u8, 90])
    });
    let mut out = Vec::new();
    DynamicImage::ImageRgb8(image)
        .write_to(&mut Cursor::new(&mut out), ImageFormat::Png)
        .unwrap();
    out
}

fn site_with(page: &str) -> Site {
    let site = Site::with_config("");
    site.write("content/guides/menu/index.md", page);
    site.write_bytes("content/guides/menu/shot.png", &png(1200, 600));
    site.write_bytes("content/guides/menu/cover.png", &png(800, 400));
    site
}

#[test]
fn figure_is_a_responsive_picture_of_the_page_image() {
    let site = site_with(
        "---\ntitle: Menu\n---\nText.\n\n{{ figure(src=\"shot.png\", alt=\"The *222# menu\", caption=\"Dial it\") }}\n\n{{ figure(src=\"cover.png\", alt=\"A cover\", lazy=false) }}\n",
    );
    site.build(&[]).assert_ok();
    let html = site.read("guides/menu/index.html");
    let main = main_of(&html);
    let webp = "/guides/menu/shot.480w.webp 480w, /guides/menu/shot.960w.webp 960w, /guides/menu/shot.1200w.webp 1200w";
    let own = "/guides/menu/shot.480w.png 480w, /guides/menu/shot.960w.png 960w, /guides/menu/shot.png 1200w";
    let expected = format!(
        "<figure class=\"figure\">\n<picture><source type=\"image/webp\" srcset=\"{webp}\" sizes=\"{SIZES}\">\
         <img src=\"/guides/menu/shot.png\" srcset=\"{own}\" sizes=\"{SIZES}\" width=\"1200\" height=\"600\" \
         alt=\"The *222# menu\" loading=\"lazy\" decoding=\"async\"></picture>\n<figcaption>Dial it</figcaption>\n</figure>"
    );
    assert!(main.contains(&expected), "{main}");
    assert!(
        main.contains("width=\"800\" height=\"400\" alt=\"A cover\" decoding=\"async\">"),
        "lazy=false: {main}"
    );
    assert!(site.exists("guides/menu/shot.960w.webp"));
    // Without a Markdown image, the first figure's is the link preview's.
    assert!(
        html.contains(
            "<meta property=\"og:image\" content=\"https://example.org/guides/menu/shot.png\">"
        ),
        "{html}"
    );
    assert!(
        html.contains("<meta property=\"og:image:alt\" content=\"The *222# menu\">"),
        "{html}"
    );
}

#[test]
fn figure_of_a_missing_file_or_without_alt_is_an_error_at_the_call() {
    let site =
        site_with("---\ntitle: Menu\n---\nText.\n\n{{ figure(src=\"gone.png\", alt=\"x\") }}\n");
    let run = site.build(&[]);
    run.assert_fails();
    let stderr = run.stderr_in(&site);
    assert!(
        stderr.contains("no file content/guides/menu/gone.png"),
        "{stderr}"
    );
    assert!(stderr.contains("index.md:6:"), "{stderr}");
    site.write(
        "content/guides/menu/index.md",
        "---\ntitle: Menu\n---\n{{ figure(src=\"shot.png\") }}\n",
    );
    let run = site.build(&[]);
    run.assert_fails();
    assert!(
        run.stderr().contains("figure needs alt="),
        "{}",
        run.stderr()
    );
}

#[test]
fn og_image_comes_from_front_matter_with_an_absolute_url() {
    let site = site_with(
        "---\ntitle: Menu\nimage: cover.png\n---\n![The menu](shot.png)\n\n![A cover for sharing](cover.png)\n",
    );
    site.build(&[]).assert_ok();
    let html = site.read("guides/menu/index.html");
    assert!(
        html.contains(
            "<meta property=\"og:image\" content=\"https://example.org/guides/menu/cover.png\">"
        ),
        "{html}"
    );
    assert!(
        html.contains("<meta property=\"og:image:width\" content=\"800\">"),
        "{html}"
    );
    assert!(
        html.contains("<meta property=\"og:image:height\" content=\"400\">"),
        "{html}"
    );
    // The body uses the same image: its alt text describes it.
    assert!(
        html.contains("<meta property=\"og:image:alt\" content=\"A cover for sharing\">"),
        "{html}"
    );
}

#[test]
fn og_image_falls_back_to_the_first_image_and_is_absent_without_one() {
    let site = site_with(
        "---\ntitle: Menu\n---\nText.\n\n![The menu](shot.png)\n\n![A cover](cover.png)\n",
    );
    site.write(
        "content/guides/plain.md",
        "---\ntitle: Plain\n---\nNo pictures.\n",
    );
    site.build(&[]).assert_ok();
    let html = site.read("guides/menu/index.html");
    assert!(
        html.contains(
            "<meta property=\"og:image\" content=\"https://example.org/guides/menu/shot.png\">"
        ),
        "{html}"
    );
    assert!(
        html.contains("<meta property=\"og:image:width\" content=\"1200\">"),
        "{html}"
    );
    assert!(
        html.contains("<meta property=\"og:image:alt\" content=\"The menu\">"),
        "{html}"
    );
    assert!(!site.read("guides/plain/index.html").contains("og:image"));
}

#[test]
fn image_front_matter_naming_a_missing_file_is_an_error_at_its_line() {
    let site = site_with("---\ntitle: Menu\nimage: nope.png\n---\nText.\n");
    let run = site.build(&[]);
    run.assert_fails();
    let stderr = run.stderr_in(&site);
    assert!(
        stderr.contains("`image:` names content/guides/menu/nope.png, which does not exist"),
        "{stderr}"
    );
    assert!(stderr.contains("index.md:3:8"), "{stderr}");
    assert!(!site.exists("guides/menu/index.html"), "nothing is written");
    site.write(
        "content/guides/menu/steps.svg",
        "<svg xmlns=\"http://www.w3.org/2000/svg\"/>",
    );
    site.write(
        "content/guides/menu/index.md",
        "---\ntitle: Menu\nimage: steps.svg\n---\nText.\n",
    );
    let run = site.build(&[]);
    run.assert_fails();
    assert!(
        run.stderr().contains(
            "`image:` names guides/menu/steps.svg, which is not a PNG, JPEG, WebP or GIF"
        ),
        "{}",
        run.stderr()
    );
    // A URL is taken as written.
    site.write(
        "content/guides/menu/index.md",
        "---\ntitle: Menu\nimage: https://cdn.example.com/card.jpg\n---\nText.\n",
    );
    site.build(&[]).assert_ok();
    let html = site.read("guides/menu/index.html");
    assert!(
        html.contains("<meta property=\"og:image\" content=\"https://cdn.example.com/card.jpg\">"),
        "{html}"
    );
    assert!(!html.contains("og:image:width"), "{html}");
}

#[test]
fn check_warns_about_an_image_without_alt_text_at_its_line() {
    let site =
        site_with("---\ntitle: Menu\n---\nText.\n\n![](shot.png)\n\n![Described](cover.png)\n");
    let run = site.check(&[]);
    let out = format!("{}{}", run.stdout(), run.stderr_in(&site));
    assert_eq!(run.code(), 0, "a warning does not fail check: {out}");
    assert!(out.contains("image without alt text"), "{out}");
    assert!(out.contains("index.md:6:1"), "{out}");
    assert_eq!(out.matches("image without alt text").count(), 1, "{out}");
}

#[test]
fn check_warns_about_a_page_over_the_weight_budget_listing_its_biggest_files() {
    let site = site_with(
        "---\ntitle: Menu\n---\nText.\n\n![The menu](shot.png)\n\n![A cover](cover.png)\n",
    );
    let run = site.check(&[]);
    let out = format!("{}{}", run.stdout(), run.stderr_in(&site));
    assert!(
        !out.contains("page weighs"),
        "within the default 500 kB: {out}"
    );
    site.write(
        "site.yaml",
        "title: Test site\nbase_url: https://example.org/\ntheme: default\npage_weight_budget: 1\n",
    );
    let run = site.check(&[]);
    let out = format!("{}{}", run.stdout(), run.stderr_in(&site));
    assert!(out.contains("over the 1 kB budget"), "{out}");
    // A 390 px phone at DPR 2 takes the 960w WebP of each image (the theme
    // column is 358 CSS px), never the full-size PNG.
    assert!(out.contains("guides/menu/shot.960w.webp ("), "{out}");
    assert!(
        out.contains("guides/menu/cover.webp (") || out.contains("guides/menu/cover.800w.webp ("),
        "{out}"
    );
    assert!(!out.contains("guides/menu/shot.png ("), "{out}");
    assert!(out.contains("guides/menu/index.html ("), "{out}");
    assert!(out.contains("page_weight_budget"), "{out}");
}
