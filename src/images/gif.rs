//! How many frames a GIF holds, read from its block structure without
//! decoding a pixel: an animated GIF is published untouched.

/// The number of image descriptors in `bytes`, counting to 2 at most (one
/// is a still image, more is an animation). A malformed file counts what
/// was read before the damage; decoding it reports the damage.
pub fn frames(bytes: &[u8]) -> usize {
    let mut at = 13; // "GIF89a" and the logical screen descriptor
    let Some(&packed) = bytes.get(10) else {
        return 0;
    };
    at += color_table(packed);
    let mut frames = 0;
    while let Some(&block) = bytes.get(at) {
        match block {
            0x21 => at = skip_sub_blocks(bytes, at + 2),
            0x2C => {
                frames += 1;
                if frames > 1 {
                    break;
                }
                let Some(&packed) = bytes.get(at + 9) else {
                    break;
                };
                // Descriptor, local color table, LZW code size, then data.
                at = skip_sub_blocks(bytes, at + 10 + color_table(packed) + 1);
            }
            _ => break, // the trailer (0x3B), or damage
        }
    }
    frames
}

/// Bytes of the color table a packed field announces.
fn color_table(packed: u8) -> usize {
    if packed & 0x80 == 0 {
        0
    } else {
        3 << ((packed & 0x07) + 1)
    }
}

/// The offset after a chain of sub-blocks starting at `at`.
fn skip_sub_blocks(bytes: &[u8], mut at: usize) -> usize {
    while let Some(&len) = bytes.get(at) {
        at += 1 + usize::from(len);
        if len == 0 {
            return at;
        }
    }
    bytes.len()
}

#[cfg(test)]
mod tests {
    use super::*;
    use image::codecs::gif::{GifEncoder, Repeat};
    use image::{Delay, Frame, RgbaImage};

    fn gif(frames: usize) -> Vec<u8> {
        let mut out = Vec::new();
        {
            let mut encoder = GifEncoder::new(&mut out);
            encoder.set_repeat(Repeat::Infinite).unwrap();
            for i in 0..frames {
                let pixels = RgbaImage::from_pixel(8, 8, image::Rgba([i as u8 * 80, 0, 0, 255]));
                let frame = Frame::from_parts(pixels, 0, 0, Delay::from_numer_denom_ms(100, 1));
                encoder.encode_frame(frame).unwrap();
            }
        }
        out
    }

    #[test]
    fn counts_frames_to_two() {
        assert_eq!(frames(&gif(1)), 1);
        assert_eq!(frames(&gif(3)), 2);
        assert_eq!(frames(b"GIF89a"), 0);
        let bytes = gif(3);
        assert!(frames(&bytes[..40]) <= 2);
    }
}
