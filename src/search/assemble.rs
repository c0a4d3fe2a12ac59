//! One language's pages → its index: every word's pages and positions,
//! sorted and cut into chunks, the fragments, and the meta file that
//! names them, laid out as Pagefind 1.6 lays them out.

use std::collections::{BTreeMap, HashMap, HashSet};

use rayon::prelude::*;

use super::encode::{
    MetaChunk, MetaIndex, MetaPage, PackedPage, PackedVariant, PackedWord, WordIndex, cbor, gzip,
    sha1_hex,
};
use super::page::{MetaPosition, Page, Position};

/// Pagefind's default chunk size, in positions.
const CHUNK_SIZE: usize = 20_000;

/// The files of one language, by path inside the bundle.
pub(crate) struct Language {
    /// The meta file's name part ("en_1a2b3c4d5e").
    pub hash: String,
    pub page_count: usize,
    pub files: Vec<(String, Vec<u8>)>,
}

/// A page after its own share of the work: its words packed, its
/// fragment compressed and hashed.
struct Packed {
    words: Vec<PackedWord>,
    full_hash: String,
    fragment: Vec<u8>,
    word_count: usize,
}

/// Builds the index of `language` from its pages, in site order.
pub(crate) fn language(language: &str, pages: Vec<Page>, version: &str) -> Language {
    let mut fields: Vec<String> = pages.iter().flat_map(|p| p.meta_fields.clone()).collect();
    fields.sort();
    fields.dedup();
    let packed: Vec<Packed> = pages
        .into_par_iter()
        .enumerate()
        .map(|(number, page)| pack(language, number, page, &fields))
        .collect();
    let mut files = Vec::new();
    let mut words: HashMap<String, PackedWord> = HashMap::new();
    let mut taken: HashSet<String> = HashSet::new();
    let mut meta_pages = Vec::with_capacity(packed.len());
    for page in packed {
        merge(&mut words, page.words);
        let hash = unique(&page.full_hash, language.len() + 8, 1, |h| taken.contains(h));
        taken.insert(hash.clone());
        files.push((format!("fragment/{hash}.pf_fragment"), page.fragment));
        meta_pages.push(MetaPage {
            hash,
            word_count: page.word_count as u32,
            group_hash: String::new(),
        });
    }
    let page_count = meta_pages.len();
    let chunks = chunks(words);
    let mut names = chunk_names(&chunks);
    let encoded: Vec<(Vec<u8>, String)> = chunks
        .into_par_iter()
        .map(|words| {
            let bytes = cbor(&WordIndex { words: delta(words) });
            let hash = format!("{language}_{}", sha1_hex(&bytes));
            (bytes, hash)
        })
        .collect();
    let mut chunk_hashes: HashSet<String> = HashSet::new();
    let mut chunk_files = Vec::with_capacity(encoded.len());
    for ((bytes, hash), name) in encoded.into_iter().zip(&mut names) {
        let short = unique(&hash, language.len() + 8, 2, |h| chunk_hashes.contains(h));
        chunk_hashes.insert(short.clone());
        name.hash = short.clone();
        chunk_files.push((format!("index/{short}.pf_index"), bytes));
    }
    files.extend(
        chunk_files
            .into_par_iter()
            .map(|(path, bytes)| (path, gzip(&bytes)))
            .collect::<Vec<_>>(),
    );
    let meta = cbor(&MetaIndex {
        version: version.to_string(),
        pages: meta_pages,
        chunks: names,
        filters: Vec::new(),
        sorts: Vec::new(),
        meta_fields: fields,
    });
    let hash = format!("{language}_{}", prefix(&sha1_hex(&meta), language.len() + 8));
    files.push((format!("pagefind.{hash}.pf_meta"), gzip(&meta)));
    Language {
        hash,
        page_count,
        files,
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

/// One page's words as packed entries, and its fragment gzipped.
fn pack(language: &str, number: usize, page: Page, fields: &[String]) -> Packed {
    let mut local: HashMap<String, PackedWord> = HashMap::with_capacity(page.words.len());
    for (word, positions) in page.words {
        let (plain, variants) = split_variants(positions, |p| p.original.take());
        let mut packed = PackedWord {
            word: word.clone(),
            pages: Vec::new(),
            variants: Vec::new(),
        };
        if !plain.is_empty() {
            packed.pages.push(packed_page(plain, number));
        }
        for (form, positions) in variants {
            packed.variants.push(PackedVariant {
                form,
                pages: vec![packed_page(positions, number)],
            });
        }
        local.insert(word, packed);
    }
    let field_ids: Vec<u16> = (page.meta_fields.iter())
        .map(|name| fields.iter().position(|f| f == name).unwrap_or_default() as u16)
        .collect();
    for (word, mut positions) in page.meta_words {
        for p in &mut positions {
            p.field = field_ids.get(p.field as usize).copied().unwrap_or_default();
        }
        let packed = local.entry(word.clone()).or_insert_with(|| PackedWord {
            word,
            pages: Vec::new(),
            variants: Vec::new(),
        });
        let (plain, variants) = split_variants(positions, |p| p.original.take());
        if !plain.is_empty() {
            set_meta(&mut packed.pages, number, meta_locs(plain));
        }
        for (form, positions) in variants {
            let locs = meta_locs(positions);
            match packed.variants.iter_mut().find(|v| v.form == form) {
                Some(variant) => set_meta(&mut variant.pages, number, locs),
                None => packed.variants.push(PackedVariant {
                    form,
                    pages: vec![PackedPage {
                        page: number,
                        locs: Vec::new(),
                        meta_locs: locs,
                    }],
                }),
            }
        }
    }
    let full_hash = format!("{language}_{}", sha1_hex(page.fragment.as_bytes()));
    Packed {
        words: local.into_values().collect(),
        full_hash,
        fragment: gzip(page.fragment.as_bytes()),
        word_count: page.word_count,
    }
}

/// Positions with the word as it is, and by other form (sorted).
fn split_variants<T>(
    positions: Vec<T>,
    mut original: impl FnMut(&mut T) -> Option<String>,
) -> (Vec<T>, BTreeMap<String, Vec<T>>) {
    let mut plain = Vec::new();
    let mut variants: BTreeMap<String, Vec<T>> = BTreeMap::new();
    for mut p in positions {
        match original(&mut p) {
            Some(form) => variants.entry(form).or_default().push(p),
            None => plain.push(p),
        }
    }
    (plain, variants)
}

fn set_meta(pages: &mut Vec<PackedPage>, number: usize, meta_locs: Vec<i32>) {
    match pages.iter_mut().find(|p| p.page == number) {
        Some(page) => page.meta_locs = meta_locs,
        None => pages.push(PackedPage {
            page: number,
            locs: Vec::new(),
            meta_locs,
        }),
    }
}

/// Body positions: weight 1 (24) first, then by position; a weight change
/// is `-(weight + 1)` and an absolute position, else deltas.
fn packed_page(mut positions: Vec<Position>, page: usize) -> PackedPage {
    positions.sort_by_key(|p| (if p.weight == 25 { 0 } else { p.weight }, p.position));
    let mut weight = 25;
    let mut last = 0;
    let mut locs = Vec::with_capacity(positions.len());
    for p in positions {
        if p.weight != weight {
            locs.push(-(p.weight as i32) - 1);
            locs.push(p.position as i32);
            weight = p.weight;
        } else {
            locs.push((p.position - last) as i32);
        }
        last = p.position;
    }
    PackedPage {
        page,
        locs,
        meta_locs: Vec::new(),
    }
}

/// Meta positions: `-(field + 1)` when the field changes, then deltas.
fn meta_locs(mut positions: Vec<MetaPosition>) -> Vec<i32> {
    positions.sort_by_key(|p| (p.field, p.position));
    let mut field = None;
    let mut last = 0;
    let mut locs = Vec::with_capacity(positions.len() + 2);
    for p in positions {
        if Some(p.field) != field {
            locs.push(-(p.field as i32) - 1);
            field = Some(p.field);
            last = 0;
        }
        locs.push((p.position - last) as i32);
        last = p.position;
    }
    locs
}

/// Adds one page's words (pages come in order, so lists stay sorted).
fn merge(words: &mut HashMap<String, PackedWord>, page: Vec<PackedWord>) {
    for packed in page {
        let Some(existing) = words.get_mut(&packed.word) else {
            words.insert(packed.word.clone(), packed);
            continue;
        };
        existing.pages.extend(packed.pages);
        for variant in packed.variants {
            match existing.variants.iter_mut().find(|v| v.form == variant.form) {
                Some(known) => known.pages.extend(variant.pages),
                None => existing.variants.push(variant),
            }
        }
    }
}

/// The words in order, cut after each `CHUNK_SIZE` positions.
fn chunks(words: HashMap<String, PackedWord>) -> Vec<Vec<PackedWord>> {
    let mut words: Vec<PackedWord> = words.into_values().collect();
    words.sort_unstable_by(|a, b| a.word.cmp(&b.word));
    let mut chunks = Vec::new();
    let mut chunk = Vec::new();
    let mut size = 0;
    for word in words {
        let pages = word.pages.iter().chain(word.variants.iter().flat_map(|v| &v.pages));
        size += pages.map(|p| p.locs.len() + p.meta_locs.len() + 1).sum::<usize>()
            + word.variants.len();
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
fn chunk_names(chunks: &[Vec<PackedWord>]) -> Vec<MetaChunk> {
    let mut names: Vec<MetaChunk> = (chunks.iter())
        .map(|c| MetaChunk {
            from: c.first().map(|w| w.word.clone()).unwrap_or_default(),
            to: c.last().map(|w| w.word.clone()).unwrap_or_default(),
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

/// Page numbers as differences from the one before, per list.
fn delta(mut words: Vec<PackedWord>) -> Vec<PackedWord> {
    let encode = |pages: &mut Vec<PackedPage>| {
        let mut last = 0;
        for page in pages {
            let number = page.page;
            page.page = number - last;
            last = number;
        }
    };
    for word in &mut words {
        encode(&mut word.pages);
        for variant in &mut word.variants {
            encode(&mut variant.pages);
        }
    }
    words
}
