//! A packed page as `pages` keeps it between indexes: its words' text in
//! one string and every number in one list, instead of a string and three
//! lists per word. At 10,000 pages that is the difference between about a
//! gigabyte held by `watch` and a tenth of it; unpacking gives back the
//! same `Packed`, word for word.

use super::encode::{PackedPage, PackedVariant, PackedWord};
use super::pack::Packed;

/// `Packed` with its words packed flat.
pub(crate) struct Compact {
    language: String,
    meta_fields: Vec<String>,
    sha1: String,
    fragment: Vec<u8>,
    word_count: usize,
    /// Every word and variant form, one after another.
    text: String,
    /// Per word: its length in `text`, its pages, its variants (each: the
    /// form's length, its pages); pages as a count, then each page's
    /// number, locs and meta locs (each list as its length, then it).
    numbers: Vec<i32>,
}

impl Compact {
    pub(crate) fn new(page: Packed) -> Compact {
        let mut text = String::new();
        let mut numbers = vec![page.words.len() as i32];
        for word in &page.words {
            text.push_str(&word.word);
            numbers.push(word.word.len() as i32);
            put_pages(&mut numbers, &word.pages);
            numbers.push(word.variants.len() as i32);
            for variant in &word.variants {
                text.push_str(&variant.form);
                numbers.push(variant.form.len() as i32);
                put_pages(&mut numbers, &variant.pages);
            }
        }
        text.shrink_to_fit();
        numbers.shrink_to_fit();
        Compact {
            language: page.language,
            meta_fields: page.meta_fields,
            sha1: page.sha1,
            fragment: page.fragment,
            word_count: page.word_count,
            text,
            numbers,
        }
    }

    /// The page as it was packed.
    pub(crate) fn unpack(&self) -> Packed {
        let mut numbers = self.numbers.iter().map(|&n| n as usize);
        let mut next = move || numbers.next().unwrap_or_default();
        let mut at = 0;
        let mut take = |len: usize| {
            let text = self.text.get(at..at + len).unwrap_or_default().to_string();
            at += len;
            text
        };
        let count = next();
        let mut words = Vec::with_capacity(count);
        for _ in 0..count {
            let word = take(next());
            let pages = take_pages(&mut next);
            let variants = (0..next())
                .map(|_| PackedVariant {
                    form: take(next()),
                    pages: take_pages(&mut next),
                })
                .collect();
            words.push(PackedWord {
                word,
                pages,
                variants,
            });
        }
        Packed {
            language: self.language.clone(),
            words,
            meta_fields: self.meta_fields.clone(),
            sha1: self.sha1.clone(),
            fragment: self.fragment.clone(),
            word_count: self.word_count,
        }
    }
}

fn put_pages(numbers: &mut Vec<i32>, pages: &[PackedPage]) {
    numbers.push(pages.len() as i32);
    for page in pages {
        numbers.push(page.page as i32);
        numbers.push(page.locs.len() as i32);
        numbers.extend_from_slice(&page.locs);
        numbers.push(page.meta_locs.len() as i32);
        numbers.extend_from_slice(&page.meta_locs);
    }
}

/// Pages as `put_pages` wrote them; `next` gives the numbers (locs may be
/// negative: weight and field markers, read back through `as`).
fn take_pages(next: &mut impl FnMut() -> usize) -> Vec<PackedPage> {
    (0..next())
        .map(|_| {
            let page = next();
            let locs = (0..next()).map(|_| next() as i32).collect();
            let meta_locs = (0..next()).map(|_| next() as i32).collect();
            PackedPage {
                page,
                locs,
                meta_locs,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unpacks_to_the_page_it_was() {
        let page = |n| PackedPage {
            page: n,
            locs: vec![-26, 3, 1, 2],
            meta_locs: vec![-1, 0, 4],
        };
        let packed = Packed {
            language: "en".into(),
            words: vec![
                PackedWord {
                    word: "cafe".into(),
                    pages: vec![page(0)],
                    variants: vec![PackedVariant {
                        form: "café".into(),
                        pages: vec![page(0), page(2)],
                    }],
                },
                PackedWord {
                    word: "充值".into(),
                    pages: Vec::new(),
                    variants: Vec::new(),
                },
            ],
            meta_fields: vec!["title".into()],
            sha1: "abc".into(),
            fragment: vec![1, 2, 3],
            word_count: 7,
        };
        let unpacked = Compact::new(packed.clone()).unpack();
        assert_eq!(unpacked.words, packed.words);
        assert_eq!(
            (unpacked.language, unpacked.sha1, unpacked.fragment),
            ("en".to_string(), "abc".to_string(), vec![1, 2, 3])
        );
        assert_eq!(unpacked.meta_fields, packed.meta_fields);
        assert_eq!(unpacked.word_count, 7);
    }
}
