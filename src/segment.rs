//! Khmer is written without spaces between words. ICU4X's dictionary
//! segmenter finds the word boundaries, for word counts and reading time.

use icu_segmenter::WordSegmenter;
use icu_segmenter::options::WordBreakInvariantOptions;

/// The words of `text` (any script; Khmer is segmented by dictionary).
pub fn words(text: &str) -> Vec<&str> {
    let segmenter = WordSegmenter::new_dictionary(WordBreakInvariantOptions::default());
    let mut out = Vec::new();
    let mut start = 0;
    for (end, kind) in segmenter.segment_str(text).iter_with_word_type() {
        if end > start && kind.is_word_like() {
            out.push(&text[start..end]);
        }
        start = end;
    }
    out
}

pub fn khmer_word_count(text: &str) -> usize {
    words(text).len()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn khmer_sentence_is_split_into_words() {
        // "How to cancel a phone card" — several words, no spaces.
        let text = "របៀបលុបចោលស៊ីមកាត";
        let found = words(text);
        assert!(found.len() >= 3, "{found:?}");
        assert_eq!(found.concat(), text);
    }
}
