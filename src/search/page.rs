//! One page, read: its text as the excerpts show it, each word's entries
//! with their positions and weights, the anchors, and the fragment (the
//! JSON the browser loads for a result). Pagefind's reading, step by step,
//! so that positions, weights and excerpts match what its search expects.

use std::collections::BTreeMap;

use rustc_hash::FxHashMap as HashMap;

use pagefind_stem::Stemmer;
use serde::Serialize;
use unicode_segmentation::UnicodeSegmentation;

use super::digest::{Digest, normalize};
use super::words::{Indexable, cross_pair, indexable};

/// Where a word is on a page, and how much it weighs there (24 = 1).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Position {
    pub position: u32,
    pub weight: u8,
    pub original: Option<String>,
}

/// A word of a meta field (the title): field number and position in it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct MetaPosition {
    pub field: u16,
    pub position: u32,
    pub original: Option<String>,
}

/// A page ready to be merged into its language's index.
#[derive(Debug)]
pub(crate) struct Page {
    pub language: String,
    pub word_count: usize,
    pub words: HashMap<String, Vec<Position>>,
    pub meta_words: HashMap<String, Vec<MetaPosition>>,
    /// The names of `meta`, sorted: what `MetaPosition::field` counts.
    pub meta_fields: Vec<String>,
    /// The fragment's JSON.
    pub fragment: String,
}

#[derive(Serialize)]
struct Fragment<'a> {
    url: &'a str,
    content: &'a str,
    word_count: usize,
    filters: BTreeMap<String, Vec<String>>,
    meta: &'a BTreeMap<String, String>,
    anchors: &'a [Anchor],
}

#[derive(Serialize, Debug)]
struct Anchor {
    element: String,
    id: String,
    text: String,
    location: u32,
}

/// Languages whose text Pagefind splits into words with ICU.
fn segmented(language: &str) -> bool {
    matches!(language.split('-').next(), Some("zh" | "ja" | "th"))
}

/// Reads `digest` (of the page at `url`) into a page.
pub(crate) fn read(url: &str, digest: &Digest) -> Page {
    let stemmer = super::words::stemmer(&digest.language);
    let mut walk = Walk {
        digest,
        stemmer: stemmer.as_ref(),
        segmented: segmented(&digest.language),
        content: String::with_capacity(digest.text.len()),
        words: HashMap::default(),
        anchors: Vec::new(),
        weights: vec![24],
        index: 0,
        last: 0,
    };
    for chunk in digest.text.split_whitespace() {
        if chunk.starts_with("___") || !walk.segmented {
            walk.word(chunk, true, None, false);
            continue;
        }
        let mut segments = segments(chunk).peekable();
        let mut previous: Option<&str> = None;
        while let Some(segment) = segments.next() {
            walk.word(segment, segments.peek().is_none(), previous, true);
            previous = segment.graphemes(true).next_back();
        }
    }
    if walk.content.ends_with('\u{200B}') {
        walk.content.pop();
    }
    if walk.content.ends_with(' ') {
        walk.content.pop();
    }
    let word_count = walk.last + 1;
    let meta_fields: Vec<String> = digest.meta.keys().cloned().collect();
    let fragment = Fragment {
        url,
        content: &walk.content,
        word_count,
        filters: BTreeMap::new(),
        meta: &digest.meta,
        anchors: &walk.anchors,
    };
    let fragment = serde_json::to_string(&fragment).unwrap_or_default();
    Page {
        language: digest.language.clone(),
        word_count,
        words: walk.words,
        meta_words: meta_words(&digest.meta, stemmer.as_ref()),
        meta_fields,
        fragment,
    }
}

/// The words of the meta fields, by field (in name order) and position.
fn meta_words(
    meta: &BTreeMap<String, String>,
    stemmer: Option<&Stemmer>,
) -> HashMap<String, Vec<MetaPosition>> {
    let mut map: HashMap<String, Vec<MetaPosition>> = HashMap::default();
    for (field, value) in meta.values().enumerate() {
        for (position, word) in value.split_whitespace().enumerate() {
            for entry in super::words::primary(word, stemmer) {
                map.entry(entry.stemmed).or_default().push(MetaPosition {
                    field: field as u16,
                    position: position as u32,
                    original: entry.original,
                });
            }
        }
    }
    map
}

/// ICU's dictionary segments of one run of text, never splitting a
/// character from its marks.
fn segments(run: &str) -> impl Iterator<Item = &str> {
    let mut clusters = run.grapheme_indices(true).map(|(i, _)| i).peekable();
    let mut start = 0;
    crate::segment::segmenter()
        .segment_str(run)
        .skip(1)
        .filter(move |&end| {
            while clusters.next_if(|&g| g < end).is_some() {}
            end == run.len() || clusters.peek() == Some(&end)
        })
        .map(move |end| {
            let word = &run[start..end];
            start = end;
            word
        })
}

struct Walk<'a> {
    digest: &'a Digest,
    stemmer: Option<&'a Stemmer>,
    segmented: bool,
    content: String,
    words: HashMap<String, Vec<Position>>,
    anchors: Vec<Anchor>,
    weights: Vec<u8>,
    /// The position of the next word; `last`, of the last one.
    index: usize,
    last: usize,
}

impl Walk<'_> {
    /// A marker, else a word at the next position.
    fn word(&mut self, word: &str, space_after: bool, previous: Option<&str>, segment: bool) {
        if word.starts_with('_') && self.marker(word) {
            return;
        }
        let word = match word.contains('\u{200B}') {
            true => std::borrow::Cow::Owned(word.replace('\u{200B}', "")),
            false => std::borrow::Cow::Borrowed(word),
        };
        if word.is_empty() {
            return;
        }
        self.content.push_str(&word);
        if space_after {
            self.content.push(' ');
        }
        if self.segmented {
            self.content.push('\u{200B}');
        }
        let weight = self.weights.last().copied().unwrap_or(1);
        let entries = super::cache::indexable(&self.digest.language, &word, segment, || {
            indexable(&word, self.stemmer, segment)
        });
        let cross = previous.and_then(|p| cross_pair(&word, Some(p), self.stemmer, &entries));
        let parts = entries.iter().filter(|w| w.part).count() + usize::from(cross.is_some());
        let part_weight = if parts > 0 && weight > 0 {
            (weight / u8::try_from(parts).unwrap_or(u8::MAX)).max(1)
        } else {
            0
        };
        let position = self.index as u32;
        for entry in entries.iter() {
            self.add(
                entry,
                position,
                if entry.part { part_weight } else { weight },
            );
        }
        if let (Some(pair), Some(before)) = (cross, self.index.checked_sub(1)) {
            let at = self.words.entry(pair.stemmed).or_default();
            if !at.iter().any(|p| p.position == before as u32) {
                at.push(Position {
                    position: before as u32,
                    weight: part_weight,
                    original: pair.original,
                });
            }
        }
        self.last = self.index;
        self.index += 1;
    }

    fn add(&mut self, entry: &Indexable, position: u32, weight: u8) {
        let at = Position {
            position,
            weight,
            original: entry.original.clone(),
        };
        match self.words.get_mut(&entry.stemmed) {
            Some(list) => list.push(at),
            None => {
                self.words.insert(entry.stemmed.clone(), vec![at]);
            }
        }
    }

    /// Handles one of the markers `digest` wrote; false if `word` is none.
    fn marker(&mut self, word: &str) -> bool {
        let value = |prefix: &str| word.replace(prefix, "").parse::<f32>().unwrap_or(1.0);
        let scaled = |w: f32| (w.clamp(0.0, 10.0) * 24.0) as u8;
        if word.starts_with("___PAGEFIND_ANCHOR___") {
            let rest = word.replace("___PAGEFIND_ANCHOR___", "");
            if let Some((element, anchor)) = rest.split_once(':') {
                let text = (self.digest.anchor_text.get(anchor))
                    .map(|t| normalize(t))
                    .unwrap_or_default();
                if let Some((_, id)) = anchor.split_once(':') {
                    self.anchors.push(Anchor {
                        element: element.to_string(),
                        id: id.to_string(),
                        text: normalize(&text),
                        location: self.index as u32,
                    });
                }
            }
        } else if word.starts_with("___PAGEFIND_WEIGHT___") {
            let weight = value("___PAGEFIND_WEIGHT___");
            let weight = if weight <= 0.0 {
                0
            } else {
                scaled(weight).max(1)
            };
            self.weights.push(weight);
        } else if word.starts_with("___PAGEFIND_AUTO_WEIGHT___") {
            let weight = match self.weights.len() {
                1 => scaled(value("___PAGEFIND_AUTO_WEIGHT___")),
                _ => self.weights.last().copied().unwrap_or_default(),
            };
            self.weights.push(weight);
        } else if word.starts_with("___END_PAGEFIND_WEIGHT___") {
            self.weights.pop();
        } else {
            return false;
        }
        true
    }
}
