//! Pixels → smaller pixels (SIMD, Lanczos3, alpha premultiplied), and the
//! sizes the three template operations ask for.

use fast_image_resize::images::{Image, ImageRef};
use fast_image_resize::{FilterType, PixelType, ResizeAlg, ResizeOptions, Resizer};
use image::DynamicImage;

/// 8-bit pixels, RGB or RGBA, row after row.
pub struct Pixels {
    pub width: u32,
    pub height: u32,
    pub alpha: bool,
    pub data: Vec<u8>,
}

impl Pixels {
    pub fn from_image(image: DynamicImage) -> Pixels {
        let (width, height) = (image.width(), image.height());
        if image.color().has_alpha() {
            Pixels {
                width,
                height,
                alpha: true,
                data: image.into_rgba8().into_raw(),
            }
        } else {
            Pixels {
                width,
                height,
                alpha: false,
                data: image.into_rgb8().into_raw(),
            }
        }
    }

    fn pixel_type(&self) -> PixelType {
        if self.alpha {
            PixelType::U8x4
        } else {
            PixelType::U8x3
        }
    }
}

/// How a template asks for a size (`op=` of `resize_image`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Op {
    /// Within width × height, keeping the ratio; never larger.
    Fit,
    /// Exactly width × height, cropped to the ratio around the centre.
    Fill,
    /// Exactly width × height, stretched.
    Scale,
}

impl Op {
    pub fn from_name(name: &str) -> Option<Op> {
        match name {
            "fit" => Some(Op::Fit),
            "fill" => Some(Op::Fill),
            "scale" => Some(Op::Scale),
            _ => None,
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Op::Fit => "fit",
            Op::Fill => "fill",
            Op::Scale => "scale",
        }
    }
}

/// The size of `source` resized by `op` into `width` × `height` (either may
/// be left out for `fit`: the ratio gives the other).
pub fn target(source: (u32, u32), op: Op, width: Option<u32>, height: Option<u32>) -> (u32, u32) {
    let (sw, sh) = (source.0.max(1) as f64, source.1.max(1) as f64);
    let (w, h) = match (width, height) {
        (Some(w), Some(h)) => (w, h),
        (Some(w), None) => (w, (sh * w as f64 / sw).round() as u32),
        (None, Some(h)) => ((sw * h as f64 / sh).round() as u32, h),
        (None, None) => source,
    };
    let size = match op {
        Op::Fill | Op::Scale => (w, h),
        Op::Fit => {
            let scale = (w as f64 / sw).min(h as f64 / sh).min(1.0);
            ((sw * scale).round() as u32, (sh * scale).round() as u32)
        }
    };
    (size.0.max(1), size.1.max(1))
}

/// `pixels` resized to `width` × `height`; for `Fill` the source is first
/// cropped, around its centre, to the ratio of the target.
pub fn resize(pixels: &Pixels, width: u32, height: u32, op: Op) -> Result<Pixels, String> {
    let pixel_type = pixel_type_of(pixels);
    let source = ImageRef::new(pixels.width, pixels.height, &pixels.data, pixel_type)
        .map_err(|e| format!("cannot be resized: {e}"))?;
    let mut out = Image::new(width, height, pixel_type);
    let mut options = ResizeOptions::new().resize_alg(ResizeAlg::Convolution(FilterType::Lanczos3));
    if op == Op::Fill {
        let (sw, sh) = (pixels.width as f64, pixels.height as f64);
        let ratio = width as f64 / height as f64;
        let (cw, ch) = if sw / sh > ratio {
            (sh * ratio, sh)
        } else {
            (sw, sw / ratio)
        };
        options = options.crop((sw - cw) / 2.0, (sh - ch) / 2.0, cw, ch);
    }
    Resizer::new()
        .resize(&source, &mut out, &options)
        .map_err(|e| format!("cannot be resized: {e}"))?;
    Ok(Pixels {
        width,
        height,
        alpha: pixels.alpha,
        data: out.into_vec(),
    })
}

fn pixel_type_of(pixels: &Pixels) -> PixelType {
    pixels.pixel_type()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_keep_the_ratio_and_never_grow_when_fitting() {
        assert_eq!(target((2400, 1080), Op::Fit, Some(480), None), (480, 216));
        assert_eq!(
            target((2400, 1080), Op::Fit, Some(4800), None),
            (2400, 1080)
        );
        assert_eq!(
            target((2400, 1080), Op::Fit, Some(480), Some(100)),
            (222, 100)
        );
        assert_eq!(
            target((2400, 1080), Op::Fill, Some(200), Some(200)),
            (200, 200)
        );
        assert_eq!(
            target((2400, 1080), Op::Scale, Some(10), Some(300)),
            (10, 300)
        );
    }

    #[test]
    fn resizes_and_crops() {
        let pixels = Pixels {
            width: 40,
            height: 20,
            alpha: true,
            data: vec![200; 40 * 20 * 4],
        };
        let small = resize(&pixels, 10, 5, Op::Fit).unwrap();
        assert_eq!((small.width, small.height, small.data.len()), (10, 5, 200));
        let square = resize(&pixels, 8, 8, Op::Fill).unwrap();
        assert_eq!(square.data.len(), 8 * 8 * 4);
    }
}
