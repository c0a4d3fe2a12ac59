//! `.mekong-cache/images/` in the site folder: every encoded file, named
//! by the hash of its source's bytes and the settings that made it, so a
//! rebuild with unchanged images encodes nothing. Outside the output, safe
//! to delete (the next build encodes again), and ignored by git (`init`
//! writes the line). Files are written whole under a temporary name and
//! then renamed, so a build killed midway leaves no half file behind.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

/// The cache folder, relative to the site folder.
pub const CACHE_DIR: &str = ".mekong-cache/images";

pub struct Cache {
    dir: PathBuf,
}

impl Cache {
    pub fn new(root: &Path) -> Cache {
        Cache {
            dir: root.join(CACHE_DIR),
        }
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// The path of cache entry `name` (whether it exists or not).
    pub fn path(&self, name: &str) -> PathBuf {
        self.dir.join(name)
    }

    pub fn has(&self, name: &str) -> bool {
        self.path(name).is_file()
    }

    /// Writes entry `name` whole, or not at all.
    pub fn put(&self, name: &str, bytes: &[u8]) -> io::Result<PathBuf> {
        fs::create_dir_all(&self.dir)?;
        let path = self.path(name);
        let temp = self.dir.join(format!(
            ".{name}.{}.{:?}.tmp",
            std::process::id(),
            std::thread::current().id()
        ));
        fs::write(&temp, bytes)?;
        fs::rename(&temp, &path).inspect_err(|_| {
            let _ = fs::remove_file(&temp);
        })?;
        Ok(path)
    }

    /// The size of the upright source `hash` was found to have, as
    /// `put_size` wrote it.
    pub fn size(&self, hash: u64) -> Option<Size> {
        let text = fs::read_to_string(self.path(&size_name(hash))).ok()?;
        let mut parts = text.split_whitespace();
        let width = parts.next()?.parse().ok()?;
        let height = parts.next()?.parse().ok()?;
        let turned = parts.next()? == "turned";
        Some(Size {
            width,
            height,
            turned,
        })
    }

    pub fn put_size(&self, hash: u64, size: Size) -> io::Result<()> {
        let turned = if size.turned { "turned" } else { "upright" };
        let text = format!("{} {} {turned}\n", size.width, size.height);
        self.put(&size_name(hash), text.as_bytes()).map(|_| ())
    }
}

/// An image's size once upright, and whether its EXIF orientation turned
/// it (then its original is re-encoded rather than copied).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Size {
    pub width: u32,
    pub height: u32,
    pub turned: bool,
}

fn size_name(hash: u64) -> String {
    format!("{hash:016x}.size")
}

/// The hash a source's cache entries are named by.
pub fn hash(bytes: &[u8]) -> u64 {
    xxhash_rust::xxh3::xxh3_64(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entries_are_written_whole_and_sizes_read_back() {
        let root = tempfile::tempdir().unwrap();
        let cache = Cache::new(root.path());
        assert!(!cache.has("a.png"));
        let path = cache.put("a.png", b"bytes").unwrap();
        assert_eq!(fs::read(path).unwrap(), b"bytes");
        let size = Size {
            width: 3,
            height: 4,
            turned: true,
        };
        cache.put_size(7, size).unwrap();
        assert_eq!(cache.size(7), Some(size));
        assert_eq!(cache.size(8), None);
        let names: Vec<_> = fs::read_dir(cache.dir()).unwrap().collect();
        assert_eq!(names.len(), 2, "no temporary file is left");
    }
}
