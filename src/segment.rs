//! Khmer is written without spaces between words. ICU4X's dictionary
//! segmenter finds the word boundaries, for word counts and reading time.

use icu_segmenter::WordSegmenter;
use icu_segmenter::options::WordBreakInvariantOptions;

pub(crate) fn khmer_word_count(text: &str) -> usize {
    let mut count = 0;
    let mut start = 0;
    for (end, kind) in segmenter().segment_str(text).iter_with_word_type() {
        if end > start && kind.is_word_like() {
            count += 1;
        }
        start = end;
    }
    count
}

/// Built once: the dictionary segmenter borrows compiled-in data.
pub(crate) fn segmenter() -> icu_segmenter::WordSegmenterBorrowed<'static> {
    static SEGMENTER: std::sync::OnceLock<icu_segmenter::WordSegmenterBorrowed<'static>> =
        std::sync::OnceLock::new();
    *SEGMENTER.get_or_init(|| WordSegmenter::new_dictionary(WordBreakInvariantOptions::default()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn khmer_sentence_is_split_into_words() {
        // "How to cancel a phone card" — several words, no spaces.
        let text = "របៀបលុបចោលស៊ីមកាត";
        assert!(khmer_word_count(text) >= 3);
    }
}
