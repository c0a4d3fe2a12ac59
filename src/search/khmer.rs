//! Khmer word boundaries for the search index.
//!
//! Pagefind splits text into words at whitespace and segments only
//! Chinese, Japanese and Thai itself (its `extended` feature). Khmer is
//! written without spaces between words, so a whole phrase would be one
//! "word" and a query for one word of it would find nothing. Before a page
//! is handed to Pagefind, each boundary that ICU4X's dictionary segmenter
//! finds between two Khmer words becomes [`BOUNDARY`]: a WORD JOINER and a
//! space. The space splits the words for Pagefind; the joiner is not a
//! letter, so Pagefind leaves it out of the indexed word, but it stays in
//! the excerpt text, where it tells the search page which spaces are ours
//! and can be taken out again. The search page segments a Khmer query the
//! same way (the browser's `Intl.Segmenter`, also ICU) before searching.

use std::borrow::Cow;

/// Put between two Khmer words that had nothing between them.
pub(crate) const BOUNDARY: &str = "\u{2060} ";

use crate::words::is_khmer;

/// `html` with [`BOUNDARY`] between adjacent Khmer words of its text;
/// tags and their attributes are left as they are.
pub(crate) fn separate_words_in_html(html: &str) -> Cow<'_, str> {
    if !html.chars().any(is_khmer) {
        return Cow::Borrowed(html);
    }
    let mut out = String::with_capacity(html.len() + html.len() / 4);
    let mut rest = html;
    while let Some(open) = rest.find('<') {
        out.push_str(&separate_words(&rest[..open]));
        let tag_end = rest[open..].find('>').map_or(rest.len(), |i| open + i + 1);
        out.push_str(&rest[open..tag_end]);
        rest = &rest[tag_end..];
    }
    out.push_str(&separate_words(rest));
    Cow::Owned(out)
}

/// `text` with [`BOUNDARY`] between adjacent Khmer words.
pub(crate) fn separate_words(text: &str) -> Cow<'_, str> {
    if !text.chars().any(is_khmer) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + text.len() / 4);
    let mut start = 0;
    let mut after_khmer_word = false;
    for (end, kind) in crate::segment::segmenter()
        .segment_str(text)
        .iter_with_word_type()
    {
        if end <= start {
            continue;
        }
        let piece = &text[start..end];
        let khmer_word = kind.is_word_like() && piece.starts_with(is_khmer);
        if khmer_word && after_khmer_word {
            out.push_str(BOUNDARY);
        }
        out.push_str(piece);
        after_khmer_word = khmer_word;
        start = end;
    }
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn khmer_words_are_separated_and_nothing_is_lost() {
        // "How to cancel a SIM card", no spaces between the words.
        let text = "របៀបបោះបង់ស៊ីមកាត";
        let separated = separate_words(text);
        assert!(separated.matches(BOUNDARY).count() >= 2, "{separated}");
        assert_eq!(separated.replace(BOUNDARY, ""), text);
    }

    #[test]
    fn existing_spaces_and_punctuation_get_no_boundary() {
        let separated = separate_words("ស៊ីមកាត ថ្មី។ Smart");
        assert!(!separated.contains(&format!("{BOUNDARY} ")), "{separated}");
        assert!(!separated.contains(&format!("{BOUNDARY}។")), "{separated}");
        assert!(separated.ends_with("ថ្មី។ Smart"), "{separated}");
    }

    #[test]
    fn other_scripts_are_untouched() {
        for text in ["如何注销电话卡", "How to cancel a SIM", ""] {
            assert!(matches!(separate_words(text), Cow::Borrowed(_)));
        }
    }

    #[test]
    fn tags_and_attributes_are_left_alone() {
        let html = r#"<h2 id="ស៊ីមកាត" title="ស៊ីមកាត">ស៊ីមកាត</h2><p>a &amp; b</p>"#;
        let separated = separate_words_in_html(html);
        assert!(
            separated.starts_with(r#"<h2 id="ស៊ីមកាត" title="ស៊ីមកាត">"#),
            "{separated}"
        );
        assert!(separated.contains(BOUNDARY), "{separated}");
        assert!(separated.ends_with("</h2><p>a &amp; b</p>"), "{separated}");
    }
}
