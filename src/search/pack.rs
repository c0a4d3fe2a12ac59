//! One page, packed: its words as the index stores them (positions as
//! deltas, weight changes as markers, other diacritics as variants), and
//! its fragment compressed and hashed. This is the part of the work done
//! for each page in parallel; `assemble` then adds the pages in order.

use std::collections::BTreeMap;

use rustc_hash::FxHashMap as HashMap;

use super::encode::{PackedPage, PackedVariant, PackedWord, gzip, sha1_hex};
use super::page::{MetaPosition, Page, Position};

/// A page after its own share of the work.
#[derive(Clone)]
pub(crate) struct Packed {
    pub language: String,
    /// Page number 0 throughout; meta positions count the fields of
    /// `meta_fields`.
    pub words: Vec<PackedWord>,
    pub meta_fields: Vec<String>,
    /// The SHA-1 of the fragment, in hex.
    pub sha1: String,
    /// gzipped.
    pub fragment: Vec<u8>,
    pub word_count: usize,
}

/// One page's words as packed entries (page number 0: the language's
/// builder numbers them), and its fragment gzipped and hashed.
pub(crate) fn pack(page: Page) -> Packed {
    let number = 0;
    let mut local: HashMap<String, PackedWord> = HashMap::default();
    local.reserve(page.words.len());
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
    for (word, positions) in page.meta_words {
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
    Packed {
        sha1: sha1_hex(page.fragment.as_bytes()),
        words: local.into_values().collect(),
        fragment: gzip(page.fragment.as_bytes()),
        word_count: page.word_count,
        language: page.language,
        meta_fields: page.meta_fields,
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
