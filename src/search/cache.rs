//! What a word makes in the index depends only on the word and the
//! page's language, and most words of a site come back on page after
//! page: each indexing thread remembers the words it has made, so each is
//! lower-cased, split and stemmed once per thread instead of once per use.

use rustc_hash::FxHashMap as HashMap;
use std::cell::RefCell;
use std::rc::Rc;

use super::words::Indexable;

/// Past this many words a thread forgets them all (bounds the memory a
/// long `watch` session keeps).
const MOST: usize = 100_000;

/// Longer "words" (a paragraph of Chinese in an English page, which has
/// no spaces) seldom come back: they are made each time, not kept.
const LONGEST: usize = 64;

/// Per language (and whether it is segmented): word → entries.
type Made = Vec<((String, bool), HashMap<String, Rc<[Indexable]>>)>;

thread_local! {
    static MADE: RefCell<Made> = const { RefCell::new(Vec::new()) };
}

/// The entries of `word` in `language`, from `make` the first time.
pub(crate) fn indexable(
    language: &str,
    word: &str,
    segment: bool,
    make: impl FnOnce() -> Vec<Indexable>,
) -> Rc<[Indexable]> {
    if word.len() > LONGEST {
        return make().into();
    }
    MADE.with(|made| {
        let mut made = made.borrow_mut();
        let at = match (made.iter()).position(|((l, s), _)| l == language && *s == segment) {
            Some(at) => at,
            None => {
                made.push(((language.to_string(), segment), HashMap::default()));
                made.len() - 1
            }
        };
        let words = &mut made[at].1;
        if let Some(found) = words.get(word) {
            return Rc::clone(found);
        }
        if words.len() >= MOST {
            words.clear();
        }
        let entries: Rc<[Indexable]> = make().into();
        words.insert(word.to_string(), Rc::clone(&entries));
        entries
    })
}

/// Forgets this thread's words (tests).
#[cfg(test)]
pub(crate) fn forget() {
    MADE.with(|made| made.borrow_mut().clear());
}
