//! One content image → its published files, each from the cache when it
//! is there and encoded (then cached) when it is not. The source is read,
//! never written; its pixels are decoded only when something is missing.

use std::collections::HashMap;
use std::fs;
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::config::ImagesConfig;

use super::cache::{self, Cache, Size};
use super::decode::{self, Format};
use super::encode::encode;
use super::metadata;
use super::plan::{Make, Planned, plan};
use super::resize::{Op, Pixels, resize};
use super::{Image, Variant};

/// Quality of an original re-encoded upright: near the source, since it
/// is the largest file a reader may open.
const UPRIGHT_QUALITY: u8 = 90;

/// What processing one image did.
pub struct Done {
    pub image: Image,
    pub encoded: usize,
    pub cached: usize,
}

/// The published files of the image at `source` (published at `output`),
/// or `None` when it is not one to process (an animation, or bytes that
/// are no image at all); an error says
/// what is wrong with the file.
pub fn one(
    source: &Path,
    output: &str,
    config: &ImagesConfig,
    cache: &Cache,
) -> Result<Option<Done>, String> {
    let bytes = decode::read(source)?;
    let Some(format) = decode::sniff(&bytes)? else {
        return Ok(None);
    };
    if decode::is_animated(format, &bytes) {
        return Ok(None);
    }
    let hash = cache::hash(&bytes);
    let mut pixels: Option<Pixels> = None;
    let size = match cache.size(hash) {
        Some(size) => size,
        None => {
            let (decoded, turned) = decode::decode(&bytes, format)?;
            let size = Size {
                width: decoded.width(),
                height: decoded.height(),
                turned,
            };
            pixels = Some(Pixels::from_image(decoded));
            cache
                .put_size(hash, size)
                .map_err(|e| cache_error(cache, &e))?;
            size
        }
    };
    let planned = plan(
        output,
        hash,
        (size.width, size.height, size.turned),
        format,
        config,
    );
    let missing = planned.iter().any(|file| match &file.make {
        Make::Variant { cache: name } | Make::Clean { cache: name, .. } => !cache.has(name),
        Make::Source => false,
    });
    if missing && pixels.is_none() {
        pixels = Some(Pixels::from_image(decode::decode(&bytes, format)?.0));
    }
    let source_file = Source {
        path: source,
        bytes: &bytes,
        format,
        pixels: pixels.as_ref(),
    };
    // The files of one image in parallel: a single large photo (the
    // common case in `watch`) still uses every core.
    let made: Vec<Result<(Planned, PathBuf, bool), String>> = planned
        .into_par_iter()
        .map(|file| {
            let (path, encoded) = make(&file, &source_file, config, cache)?;
            Ok((file, path, encoded))
        })
        .collect();
    let mut done = Done {
        image: Image {
            width: size.width,
            height: size.height,
            format,
            original: None,
            variants: Vec::new(),
        },
        encoded: 0,
        cached: 0,
    };
    for result in made {
        let (file, path, encoded) = result?;
        if encoded {
            done.encoded += 1;
        } else if file.make != Make::Source {
            done.cached += 1;
        }
        if file.output == output {
            done.image.original = Some(path);
        } else {
            done.image.variants.push(Variant {
                output: file.output,
                width: file.width,
                height: file.height,
                format: file.format,
                file: path,
            });
        }
    }
    drop_bigger_webp(&mut done.image);
    Ok(Some(done))
}

/// Leaves out each WebP variant that is not smaller than the file of the
/// same width in the image's own format: lossy WebP of a flat-colour
/// diagram can be larger than its PNG, and the reader would pay for it.
fn drop_bigger_webp(image: &mut Image) {
    let len = |path: &Path| fs::metadata(path).map_or(0, |m| m.len());
    let own: HashMap<u32, u64> = image
        .variants
        .iter()
        .filter(|v| v.format != Format::WebP)
        .map(|v| (v.width, len(&v.file)))
        .chain(image.original.as_deref().map(|o| (image.width, len(o))))
        .collect();
    if image.format == Format::WebP {
        return;
    }
    image.variants.retain(|v| {
        v.format != Format::WebP || own.get(&v.width).is_none_or(|&n| len(&v.file) < n)
    });
}

/// An image being processed: its file, bytes and (when anything is to be
/// encoded) its upright pixels.
struct Source<'a> {
    path: &'a Path,
    bytes: &'a [u8],
    format: Format,
    pixels: Option<&'a Pixels>,
}

impl Source<'_> {
    fn pixels(&self) -> Result<&Pixels, String> {
        self.pixels.ok_or_else(|| "cannot be decoded".to_string())
    }
}

/// One planned file: where its bytes are, and whether it was encoded now
/// (rather than found in the cache).
fn make(
    file: &Planned,
    source: &Source,
    config: &ImagesConfig,
    cache: &Cache,
) -> Result<(PathBuf, bool), String> {
    let bytes = match &file.make {
        Make::Source => return Ok((source.path.to_path_buf(), false)),
        Make::Variant { cache: name } | Make::Clean { cache: name, .. } if cache.has(name) => {
            return Ok((cache.path(name), false));
        }
        Make::Variant { .. } => {
            let small = resize(source.pixels()?, file.width, file.height, Op::Scale)?;
            encode(&small, file.format, config.quality)?
        }
        Make::Clean { turned, .. } => match (*turned, metadata::strip(source.bytes, source.format))
        {
            (false, Some(clean)) => clean,
            _ => encode(
                source.pixels()?,
                source.format,
                config.quality.max(UPRIGHT_QUALITY),
            )?,
        },
    };
    let (Make::Variant { cache: name } | Make::Clean { cache: name, .. }) = &file.make else {
        return Ok((source.path.to_path_buf(), false));
    };
    let path = cache
        .put(name, &bytes)
        .map_err(|e| cache_error(cache, &e))?;
    Ok((path, true))
}

fn cache_error(cache: &Cache, error: &std::io::Error) -> String {
    format!(
        "cannot be processed: the image cache {} cannot be written ({error})",
        cache.dir().display()
    )
}

/// The file published at `output` for a processed image and its variants,
/// each with the file whose bytes it gets.
pub fn files(output: &str, image: &Image) -> Vec<(String, PathBuf)> {
    let mut out: Vec<(String, PathBuf)> = image
        .variants
        .iter()
        .map(|v| (v.output.clone(), v.file.clone()))
        .collect();
    if let Some(original) = &image.original {
        out.push((output.to_string(), original.clone()));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_webp_larger_than_its_png_is_left_out() {
        let dir = tempfile::tempdir().unwrap();
        let file = |name: &str, len: usize| {
            let path = dir.path().join(name);
            fs::write(&path, vec![0; len]).unwrap();
            path
        };
        let variant = |width: u32, format: Format, path: PathBuf| Variant {
            output: format!("a.{width}.{}", format.name()),
            width,
            height: 1,
            format,
            file: path,
        };
        let mut image = Image {
            width: 900,
            height: 1,
            format: Format::Png,
            original: Some(file("o.png", 100)),
            variants: vec![
                variant(480, Format::Png, file("1.png", 10)),
                variant(480, Format::WebP, file("1.webp", 20)),
                variant(900, Format::WebP, file("2.webp", 50)),
            ],
        };
        drop_bigger_webp(&mut image);
        let kept: Vec<&str> = image.variants.iter().map(|v| v.output.as_str()).collect();
        assert_eq!(kept, ["a.480.png", "a.900.webp"]);
    }
}
