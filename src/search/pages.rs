//! The index made again from a site that changed a little, for `watch`
//! and `serve`: each page's share of the work (read as Pagefind reads it,
//! packed: `indexer::read`) depends on its document alone, so it is kept
//! by the document's hash, and only new or edited documents are read.
//! The languages' indexes are then assembled from every page, in site
//! order, as a fresh build assembles them: the same files, byte for byte.

use std::collections::HashSet;
use std::sync::Arc;

use rayon::prelude::*;
use rustc_hash::FxHashMap as HashMap;
use xxhash_rust::xxh3::Xxh3;

use super::compact::Compact;
use super::documents::{Document, hash_of};
use super::indexer::{self, Bundle};
use super::{BUNDLE, INDEXED_BY, stamp};

/// Documents read at a time between two looks at `stop`.
const BATCH: usize = 256;

/// Output paths and their bytes.
type Files = Vec<(String, Vec<u8>)>;

/// Each document's packed page (`None`: a page without a word), by the
/// hash of its URL and HTML, kept `compact`.
#[derive(Default)]
pub(crate) struct Packs {
    packed: HashMap<u128, Option<Compact>>,
}

impl Packs {
    /// Pages kept.
    #[cfg(test)]
    pub(crate) fn len(&self) -> usize {
        self.packed.len()
    }
}

/// What indexing `documents` read afresh and took from `packs`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct Read {
    pub fresh: usize,
    pub kept: usize,
}

/// The files a build with search on adds for `documents` (the bundle
/// under `pagefind/` and the stamp), reading only the documents `packs`
/// does not hold; afterwards `packs` holds exactly those of `documents`.
/// `None` when `stop` said so between two batches of pages (what was read
/// by then stays in `packs`).
pub(crate) fn index(
    documents: &[Arc<Document>],
    packs: &mut Packs,
    stop: &dyn Fn() -> bool,
) -> Result<Option<(Files, Read)>, String> {
    let keys: Vec<u128> = documents.par_iter().map(|doc| key(doc)).collect();
    let mut seen = HashSet::with_capacity(keys.len());
    let missing: Vec<usize> = (0..keys.len())
        .filter(|&i| !packs.packed.contains_key(&keys[i]) && seen.insert(keys[i]))
        .collect();
    for batch in missing.chunks(BATCH) {
        if stop() {
            return Ok(None);
        }
        let read: Vec<(u128, Option<Compact>)> = batch
            .par_iter()
            .map(|&i| (keys[i], indexer::read(&documents[i]).map(Compact::new)))
            .collect();
        packs.packed.extend(read);
    }
    if stop() {
        return Ok(None);
    }
    let mut bundle = Bundle::default();
    for key in &keys {
        if let Some(Some(page)) = packs.packed.get(key) {
            bundle.add(page.unpack());
        }
    }
    let files = bundle.finish()?;
    let wanted: HashSet<u128> = keys.iter().copied().collect();
    packs.packed.retain(|key, _| wanted.contains(key));
    let read = Read {
        fresh: missing.len(),
        kept: keys.len() - missing.len(),
    };
    let hash = hash_of(documents.iter().map(|doc| &**doc), INDEXED_BY);
    Ok(Some((with_stamp(&hash, files), read)))
}

/// The bundle's files under `pagefind/`, and the stamp that names them,
/// first (as `add_index` claims them).
pub(crate) fn with_stamp(hash: &str, files: Vec<(String, Vec<u8>)>) -> Vec<(String, Vec<u8>)> {
    let files = without_stamp(files);
    let mut all = Vec::with_capacity(files.len() + 1);
    all.push((stamp::STAMP.to_string(), stamp::render(hash, &files)));
    all.extend(files);
    all
}

/// The bundle's files by their paths in the output ("pagefind/…").
pub(crate) fn without_stamp(files: Vec<(String, Vec<u8>)>) -> Vec<(String, Vec<u8>)> {
    (files.into_iter())
        .map(|(rel, bytes)| (format!("{BUNDLE}{rel}"), bytes))
        .collect()
}

fn key(doc: &Document) -> u128 {
    let mut hasher = Xxh3::new();
    for part in [doc.url.as_bytes(), doc.html.as_bytes()] {
        hasher.update(&(part.len() as u64).to_le_bytes());
        hasher.update(part);
    }
    hasher.digest128()
}

#[cfg(test)]
mod tests {
    use super::super::documents::Documents;
    use super::*;

    fn doc(url: &str, lang: &str, body: &str) -> Arc<Document> {
        Arc::new(Document {
            url: url.into(),
            html: format!(
                "<!DOCTYPE html><html lang=\"{lang}\"><head><title>T</title></head>\
                 <body><h1>T</h1>{body}</body></html>"
            ),
        })
    }

    fn fresh(documents: &[Arc<Document>]) -> Vec<(String, Vec<u8>)> {
        let list = Documents {
            list: documents.iter().map(|d| (**d).clone()).collect(),
        };
        let hash = list.hash(INDEXED_BY);
        let mut files = with_stamp(&hash, indexer::index(list).unwrap());
        files.sort();
        files
    }

    fn sorted(mut files: Vec<(String, Vec<u8>)>) -> Vec<(String, Vec<u8>)> {
        files.sort();
        files
    }

    #[test]
    fn reads_only_what_changed_and_makes_what_a_fresh_index_makes() {
        let mut documents: Vec<Arc<Document>> = (0..300)
            .map(|i| doc(&format!("/p/{i}/"), "en", &format!("<p>word{i} common</p>")))
            .collect();
        documents.push(doc("/km/", "km", "<p>ស៊ីមកាត</p>"));
        documents.push(doc("/empty/", "en", ""));
        let mut packs = Packs::default();
        let never = || false;
        let (first, read) = index(&documents, &mut packs, &never).unwrap().unwrap();
        assert_eq!(read.kept, 0);
        assert_eq!(sorted(first), fresh(&documents));

        documents[7] = doc("/p/7/", "en", "<p>mangosteen common</p>");
        documents.remove(3);
        let (second, read) = index(&documents, &mut packs, &never).unwrap().unwrap();
        assert_eq!(read.fresh, 1, "only the edited page is read again");
        assert_eq!(read.kept, documents.len() - 1);
        assert_eq!(sorted(second), fresh(&documents));
        assert_eq!(packs.len(), documents.len(), "the page that left is let go");
    }

    #[test]
    fn a_stop_keeps_what_was_read() {
        let documents: Vec<Arc<Document>> = (0..600)
            .map(|i| doc(&format!("/p/{i}/"), "en", &format!("<p>word{i}</p>")))
            .collect();
        let mut packs = Packs::default();
        let looks = std::cell::Cell::new(0);
        let stop = || {
            looks.set(looks.get() + 1);
            looks.get() > 1
        };
        assert!(index(&documents, &mut packs, &stop).unwrap().is_none());
        assert_eq!(packs.len(), BATCH);
        let (files, read) = index(&documents, &mut packs, &|| false).unwrap().unwrap();
        assert_eq!(read.kept, BATCH);
        assert_eq!(sorted(files), fresh(&documents));
    }
}
