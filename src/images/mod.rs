//! Content images for phone readers: each PNG, JPEG, WebP and still GIF
//! under content/ is published with resized variants (never upscaled) in
//! its own format and in WebP, its original with EXIF/XMP/IPTC removed and
//! turned upright. Animations and SVGs are copied untouched; the source
//! file is only ever read. Encoded files live in a cache in the site
//! folder, so a rebuild encodes only what changed.
//!
//! `decode` reads bytes within limits, `resize` makes smaller pixels,
//! `encode` writes them, `metadata` strips a copied original, `plan` says
//! which files an image becomes, `process` makes them, `cache` keeps them.

mod cache;
pub mod decode;
mod encode;
mod gif;
pub mod metadata;
pub mod on_demand;
mod plan;
mod process;
pub mod resize;

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};

use rayon::prelude::*;

use crate::config::ImagesConfig;
use crate::diagnostics::Diagnostic;

pub use cache::CACHE_DIR;
pub use decode::Format;

/// A processed content image.
#[derive(Debug, Clone)]
pub struct Image {
    /// Its size once upright.
    pub width: u32,
    pub height: u32,
    pub format: Format,
    /// The file published at the image's own path; `None` when site.yaml
    /// publishes only its variants.
    pub original: Option<PathBuf>,
    /// Smallest first, in each format.
    pub variants: Vec<Variant>,
}

#[derive(Debug, Clone)]
pub struct Variant {
    pub output: String,
    pub width: u32,
    pub height: u32,
    pub format: Format,
    /// The cache file that holds it.
    pub file: PathBuf,
}

/// Every processed image of a build, by the output path of its original.
#[derive(Debug, Default)]
pub struct Processed {
    images: HashMap<String, Image>,
    /// Files encoded by this build.
    pub encoded: usize,
    /// Files taken from the cache.
    pub cached: usize,
    /// The site folder, whose cache templates' images go through too.
    pub root: PathBuf,
    /// Images that could not be processed, by output path.
    failed: HashMap<String, Failure>,
    /// Files made for templates (`resize_image`) while rendering: output
    /// path → (cache file, index of the asset they were made from).
    pub made: Arc<Mutex<BTreeMap<String, (PathBuf, usize)>>>,
}

impl Processed {
    /// The processed image published at `output`, if it is one.
    pub fn get(&self, output: &str) -> Option<&Image> {
        self.images.get(output)
    }

    /// The files an asset published at `output` becomes, each with the
    /// file that holds its bytes; `None` for an asset copied as it is.
    pub fn files(&self, output: &str) -> Option<Vec<(String, PathBuf)>> {
        self.get(output).map(|image| process::files(output, image))
    }

    /// Every processed image, by output path (for template functions,
    /// which outlive a borrow of the site).
    pub fn all(&self) -> &HashMap<String, Image> {
        &self.images
    }

    pub fn is_empty(&self) -> bool {
        self.images.is_empty()
    }

    /// The error of an image that could not be processed, to be reported
    /// where Markdown uses it: the image's path and why. Once asked for,
    /// `unreported` leaves it out.
    pub fn failure(&self, output: &str) -> Option<(&Path, &str)> {
        let failure = self.failed.get(output)?;
        failure.reported.store(true, Ordering::Relaxed);
        Some((&failure.shown, &failure.why))
    }

    /// An error for each image that could not be processed and that no
    /// Markdown reported at its line.
    pub fn unreported(&self) -> Vec<Diagnostic> {
        let mut out: Vec<Diagnostic> = self
            .failed
            .values()
            .filter(|f| !f.reported.load(Ordering::Relaxed))
            .map(|f| error(&f.shown, &f.why))
            .collect();
        out.sort_by(|a, b| a.file.cmp(&b.file));
        out
    }

    /// The files templates asked for, taken out to be published.
    pub fn take_made(&self) -> BTreeMap<String, (PathBuf, usize)> {
        self.made
            .lock()
            .map(|mut made| std::mem::take(&mut *made))
            .unwrap_or_default()
    }
}

/// Why an image could not be processed, and whether a Markdown file that
/// uses it has reported it at its line.
#[derive(Debug)]
struct Failure {
    shown: PathBuf,
    why: String,
    reported: AtomicBool,
}

/// One file of content/ that may be an image: where it is, and where it
/// is published.
pub struct Asset<'a> {
    pub source: &'a Path,
    pub output: &'a str,
    /// How the file is named in messages ("content/guides/x/shot.png").
    pub shown: PathBuf,
}

/// Processes every raster image among `assets`, in parallel, each once.
/// A file that cannot be processed is kept as a failure, to be reported
/// where Markdown uses it (`failure`) or else on its own (`unreported`).
pub fn process(root: &Path, config: &ImagesConfig, assets: &[Asset]) -> Processed {
    let mut processed = Processed {
        root: root.to_path_buf(),
        ..Processed::default()
    };
    if !config.enabled {
        return processed;
    }
    let cache = cache::Cache::new(root);
    let results: Vec<_> = assets
        .par_iter()
        .filter(|a| Format::of_path(a.output).is_some())
        .map(|a| (a, process::one(a.source, a.output, config, &cache)))
        .collect();
    for (asset, result) in results {
        match result {
            Ok(Some(done)) => {
                processed.encoded += done.encoded;
                processed.cached += done.cached;
                processed
                    .images
                    .insert(asset.output.to_string(), done.image);
            }
            Ok(None) => {}
            Err(why) => {
                let failure = Failure {
                    shown: asset.shown.clone(),
                    why,
                    reported: AtomicBool::new(false),
                };
                processed.failed.insert(asset.output.to_string(), failure);
            }
        }
    }
    processed
}

fn error(shown: &Path, why: &str) -> Diagnostic {
    Diagnostic::error(shown, format!("image {} {why}", shown.display())).help(HELP)
}

/// What to do about an image that cannot be processed.
pub const HELP: &str = "replace the file with a PNG, JPEG, WebP or GIF that opens in an image viewer, or set `images: false` in site.yaml to copy images untouched";
