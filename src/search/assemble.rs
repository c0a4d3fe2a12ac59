//! One language's index, built page by page in site order: every word's
//! pages and positions (kept compact: one list of numbers per word), the
//! fragments, then the words sorted and cut into chunks and the meta file
//! that names them, laid out as Pagefind 1.6 lays them out.

use std::collections::HashSet;

use rayon::prelude::*;
use rustc_hash::FxHashMap as HashMap;

use super::encode::{
    MetaChunk, MetaIndex, MetaPage, PackedPage, PackedVariant, PackedWord, WordIndex, cbor, gzip,
    sha1_hex,
};
use super::pack::Packed;

/// Pagefind's default chunk size, in positions.
const CHUNK_SIZE: usize = 20_000;

/// The files of one language, by path inside the bundle.
pub(crate) struct Language {
    /// The meta file's name part ("en_1a2b3c4d5e").
    pub hash: String,
    pub page_count: usize,
    pub files: Vec<(String, Vec<u8>)>,
}

/// A word's pages, each as `page, n, n locs, m, m meta locs` (meta
/// field markers numbering the builder's `fields`, in the order first seen).
#[derive(Default)]
struct Postings {
    pages: Vec<i32>,
    variants: Vec<(String, Vec<i32>)>,
}

/// A language's index while its pages come in.
pub(crate) struct Builder {
    language: String,
    words: HashMap<String, Postings>,
    fields: Vec<String>,
    pages: Vec<MetaPage>,
    taken: HashSet<String>,
    files: Vec<(String, Vec<u8>)>,
}

impl Builder {
    pub(crate) fn new(language: &str) -> Builder {
        Builder {
            language: language.to_string(),
            words: HashMap::default(),
            fields: Vec::new(),
            pages: Vec::new(),
            taken: HashSet::new(),
            files: Vec::new(),
        }
    }

    pub(crate) fn page_count(&self) -> usize {
        self.pages.len()
    }

    /// Adds the next page.
    pub(crate) fn add(&mut self, page: Packed) {
        let number = self.pages.len() as i32;
        let fields: Vec<i32> = (page.meta_fields.iter())
            .map(|name| match self.fields.iter().position(|f| f == name) {
                Some(at) => at as i32,
                None => {
                    self.fields.push(name.clone());
                    self.fields.len() as i32 - 1
                }
            })
            .collect();
        for word in page.words {
            let postings = self.words.entry(word.word).or_default();
            for p in &word.pages {
                append(&mut postings.pages, number, p, &fields);
            }
            for variant in word.variants {
                let at = match postings.variants.iter().position(|v| v.0 == variant.form) {
                    Some(at) => at,
                    None => {
                        postings.variants.push((variant.form, Vec::new()));
                        postings.variants.len() - 1
                    }
                };
                let list = &mut postings.variants[at].1;
                for p in &variant.pages {
                    append(list, number, p, &fields);
                }
            }
        }
        let len = self.language.len() + 8;
        let full_hash = format!("{}_{}", self.language, page.sha1);
        let hash = unique(&full_hash, len, 1, |h| self.taken.contains(h));
        self.taken.insert(hash.clone());
        self.files
            .push((format!("fragment/{hash}.pf_fragment"), page.fragment));
        self.pages.push(MetaPage {
            hash,
            word_count: page.word_count as u32,
            group_hash: String::new(),
        });
    }

    /// The language's files.
    pub(crate) fn finish(self, version: &str) -> Language {
        let language = self.language;
        let mut sorted = self.fields.clone();
        sorted.sort();
        let field_ids: Vec<i32> = (self.fields.iter())
            .map(|f| sorted.iter().position(|s| s == f).unwrap_or_default() as i32)
            .collect();
        let chunks = chunks(self.words);
        let mut names = chunk_names(&chunks);
        // Each chunk is compressed as soon as it is encoded and hashed, so
        // the uncompressed index is never held whole.
        let encoded: Vec<(Vec<u8>, String)> = chunks
            .into_par_iter()
            .map(|words| {
                let words = words.into_iter().map(|w| unpack(w, &field_ids)).collect();
                let bytes = cbor(&WordIndex { words });
                let hash = format!("{language}_{}", sha1_hex(&bytes));
                (gzip(&bytes), hash)
            })
            .collect();
        let mut files = self.files;
        let mut taken: HashSet<String> = HashSet::new();
        let mut chunk_files = Vec::with_capacity(encoded.len());
        for ((bytes, hash), name) in encoded.into_iter().zip(&mut names) {
            let short = unique(&hash, language.len() + 8, 2, |h| taken.contains(h));
            taken.insert(short.clone());
            name.hash = short.clone();
            chunk_files.push((format!("index/{short}.pf_index"), bytes));
        }
        files.extend(chunk_files);
        let page_count = self.pages.len();
        let meta = cbor(&MetaIndex {
            version: version.to_string(),
            pages: self.pages,
            chunks: names,
            filters: Vec::new(),
            sorts: Vec::new(),
            meta_fields: sorted,
        });
        let hash = format!(
            "{language}_{}",
            prefix(&sha1_hex(&meta), language.len() + 8)
        );
        files.push((format!("pagefind.{hash}.pf_meta"), gzip(&meta)));
        Language {
            hash,
            page_count,
            files,
        }
    }
}

/// Appends page `number`'s entry to `list`, meta field markers renumbered
/// by `fields` (the page's own field numbers → the builder's).
fn append(list: &mut Vec<i32>, number: i32, page: &PackedPage, fields: &[i32]) {
    list.push(number);
    list.push(page.locs.len() as i32);
    list.extend_from_slice(&page.locs);
    list.push(page.meta_locs.len() as i32);
    list.extend(page.meta_locs.iter().map(|&l| match l {
        l if l < 0 => -fields.get((-l - 1) as usize).copied().unwrap_or_default() - 1,
        l => l,
    }));
}

/// The pages of a compact list, page numbers as differences from the one
/// before, meta field markers renumbered by `ids`.
fn pages_of(list: &[i32], ids: &[i32]) -> Vec<PackedPage> {
    let mut pages = Vec::new();
    let (mut at, mut last) = (0, 0);
    while at + 1 < list.len() {
        let number = list[at] as usize;
        let locs_len = list[at + 1] as usize;
        let locs = list[at + 2..at + 2 + locs_len].to_vec();
        at += 2 + locs_len;
        let meta_len = list[at] as usize;
        let meta_locs = (list[at + 1..at + 1 + meta_len].iter())
            .map(|&l| match l {
                l if l < 0 => -ids.get((-l - 1) as usize).copied().unwrap_or_default() - 1,
                l => l,
            })
            .collect();
        at += 1 + meta_len;
        pages.push(PackedPage {
            page: number - last,
            locs,
            meta_locs,
        });
        last = number;
    }
    pages
}

/// The number of pages in a compact list, and of their positions.
fn sizes(list: &[i32]) -> (usize, usize) {
    let (mut at, mut pages, mut positions) = (0, 0, 0);
    while at + 1 < list.len() {
        let locs = list[at + 1] as usize;
        let meta = list[at + 2 + locs] as usize;
        pages += 1;
        positions += locs + meta;
        at += 3 + locs + meta;
    }
    (pages, positions)
}

fn unpack((word, postings): (String, Postings), ids: &[i32]) -> PackedWord {
    PackedWord {
        word,
        pages: pages_of(&postings.pages, ids),
        variants: (postings.variants.iter())
            .map(|(form, list)| PackedVariant {
                form: form.clone(),
                pages: pages_of(list, ids),
            })
            .collect(),
    }
}

/// The first `len` characters of `hash`, longer by `step` while `taken`
/// (a collision), up to all of it.
fn unique(hash: &str, len: usize, step: usize, taken: impl Fn(&str) -> bool) -> String {
    let mut len = len.min(hash.len());
    while taken(&hash[..len]) && len < hash.len() {
        len = (len + step).min(hash.len());
    }
    hash[..len].to_string()
}

fn prefix(text: &str, len: usize) -> &str {
    &text[..len.min(text.len())]
}

/// The words in order, cut after each `CHUNK_SIZE` positions.
fn chunks(words: HashMap<String, Postings>) -> Vec<Vec<(String, Postings)>> {
    let mut words: Vec<(String, Postings)> = words.into_iter().collect();
    words.sort_unstable_by(|a, b| a.0.cmp(&b.0));
    let mut chunks = Vec::new();
    let mut chunk = Vec::new();
    let mut size = 0;
    for word in words {
        let lists = std::iter::once(&word.1.pages).chain(word.1.variants.iter().map(|v| &v.1));
        size += lists
            .map(|list| {
                let (pages, positions) = sizes(list);
                pages + positions
            })
            .sum::<usize>()
            + word.1.variants.len();
        chunk.push(word);
        if size >= CHUNK_SIZE {
            chunks.push(std::mem::take(&mut chunk));
            size = 0;
        }
    }
    if !chunk.is_empty() {
        chunks.push(chunk);
    }
    chunks
}

/// Each chunk's first and last word, cut to the shortest prefixes that
/// still tell neighbouring chunks apart.
fn chunk_names(chunks: &[Vec<(String, Postings)>]) -> Vec<MetaChunk> {
    let mut names: Vec<MetaChunk> = (chunks.iter())
        .map(|c| MetaChunk {
            from: c.first().map(|w| w.0.clone()).unwrap_or_default(),
            to: c.last().map(|w| w.0.clone()).unwrap_or_default(),
            hash: String::new(),
        })
        .collect();
    for i in 1..names.len() {
        let (a, b) = (names[i - 1].to.clone(), names[i].from.clone());
        let common = b.chars().zip(a.chars()).take_while(|(x, y)| x == y).count();
        let a_prefix: String = a.chars().take(common + 1).collect();
        if a_prefix >= names[i - 1].from {
            names[i - 1].to = a_prefix;
        }
        names[i].from = b.chars().take(common + 1).collect();
    }
    names
}
