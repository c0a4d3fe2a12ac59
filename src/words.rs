//! Word counts and reading times. Each CJK character is a word; Khmer,
//! written without spaces, is segmented into words (ICU4X, see
//! `segment`); other text is split where a letter or digit run ends.
//!
//! The guides are half English, so ASCII is counted up to eight bytes at a
//! time (SWAR: one `u64` holds eight bytes, and each test sets the top bit
//! of the bytes that pass it). Byte by byte, the branch on each byte's
//! class was the hottest spot of a build; this has no per-byte branch. The
//! byte-by-byte rules live on in the tests, which check both agree.

/// Chinese is read at about 300 characters a minute, English at about 200
/// words; Khmer (counted in segmented words) like English.
pub(crate) const CJK_CHARS_PER_MINUTE: usize = 300;
pub(crate) const WORDS_PER_MINUTE: usize = 200;

/// (words, minutes to read, at least 1) of one text; the build feeds a
/// `WordCounter` piece by piece, the tests whole texts.
#[cfg(test)]
pub(crate) fn count_words(text: &str) -> (usize, usize) {
    let mut counter = WordCounter::default();
    counter.feed(text);
    counter.finish()
}

pub(crate) fn is_cjk(c: char) -> bool {
    matches!(c as u32,
        0x3040..=0x30FF | 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0xAC00..=0xD7AF | 0x20000..=0x2FFFF)
}

/// General punctuation (dashes, curly quotes) and the CJK and full-width
/// punctuation between Chinese words (，。、：；！？（）《》): none of it
/// is a letter, and `char::is_alphanumeric` is slow to say so.
fn is_punctuation(c: char) -> bool {
    matches!(c as u32,
        0x2000..=0x206F | 0x3000..=0x3004 | 0x3008..=0x3020 | 0xFF01..=0xFF0F | 0xFF1A..=0xFF20)
}

/// Khmer and Khmer Symbols blocks.
pub(crate) fn is_khmer(c: char) -> bool {
    matches!(c as u32, 0x1780..=0x17FF | 0x19E0..=0x19FF)
}

/// Counts words over the text pieces of a document, without copying them.
#[derive(Default)]
pub(crate) struct WordCounter {
    cjk: usize,
    words: usize,
}

impl WordCounter {
    pub(crate) fn feed(&mut self, text: &str) {
        let bytes = text.as_bytes();
        let mut words = 0;
        let mut in_word = false;
        let mut i = 0;
        while i < bytes.len() {
            // Sixteen bytes at a time where SSE2 is there (every x86-64).
            #[cfg(target_arch = "x86_64")]
            {
                // The last bytes of a text (most texts are short: the
                // words between two marks) padded with zeros, which are
                // past `len` and never counted.
                let rest = &bytes[i..];
                let (high, word, joiner, len) = match rest.first_chunk::<16>() {
                    Some(chunk) => {
                        let (high, word, joiner) = sse2::classify(chunk);
                        (high, word, joiner, 16)
                    }
                    None => {
                        let mut padded = [0u8; 16];
                        padded[..rest.len()].copy_from_slice(rest);
                        let (high, word, joiner) = sse2::classify(&padded);
                        (high, word, joiner, rest.len() as u32)
                    }
                };
                let ascii = high.trailing_zeros().min(len);
                if ascii > 0 {
                    let (ended, still_in_word) = ascii_bits(word, joiner, ascii, in_word);
                    words += ended;
                    in_word = still_in_word;
                    i += ascii as usize;
                    continue;
                }
            }
            // The ASCII bytes among the next eight, up to the first other one.
            let (eight, available) = load8(&bytes[i..]);
            let high = eight & HIGH;
            if high == 0 && available == 8 {
                // Eight ASCII bytes, the common case: no masks to apply.
                let (ended, still_in_word) = ascii_run(eight, 8, in_word);
                words += ended;
                in_word = still_in_word;
                i += 8;
                continue;
            }
            let ascii = (high.trailing_zeros() as usize / 8).min(available);
            if ascii > 0 {
                let (ended, still_in_word) = ascii_run(eight, ascii, in_word);
                words += ended;
                in_word = still_in_word;
                i += ascii;
                continue;
            }
            // A run of characters of the main CJK block (3 bytes, E4–E9
            // lead): each is a word.
            if (0xE4..=0xE9).contains(&bytes[i]) {
                words += usize::from(in_word);
                in_word = false;
                while i < bytes.len() && (0xE4..=0xE9).contains(&bytes[i]) {
                    self.cjk += 1;
                    i += 3;
                }
                continue;
            }
            // `i` is always at a character boundary: every step above moves
            // by whole characters.
            let Some(c) = text[i..].chars().next() else {
                break;
            };
            if is_khmer(c) {
                words += usize::from(in_word);
                in_word = false;
                let run = text[i..]
                    .find(|c: char| !is_khmer(c))
                    .map_or(text.len(), |n| i + n);
                words += crate::segment::khmer_word_count(&text[i..run]);
                i = run;
                continue;
            }
            // Accented letters (café) and ’ (don’t) go on with a word.
            let letter = if is_cjk(c) {
                self.cjk += 1;
                false
            } else {
                c == '’' || (!is_punctuation(c) && c.is_alphanumeric())
            };
            if !letter {
                words += usize::from(in_word);
            }
            in_word = letter;
            i += c.len_utf8();
        }
        // Text pieces end at markup: a word does not run across them.
        self.words += words + usize::from(in_word);
    }

    /// (words, minutes to read, at least 1).
    pub(crate) fn finish(self) -> (usize, usize) {
        let minutes = (self.cjk as f64 / CJK_CHARS_PER_MINUTE as f64
            + self.words as f64 / WORDS_PER_MINUTE as f64)
            .ceil() as usize;
        (self.cjk + self.words, minutes.max(1))
    }
}

/// `ascii_run` on bit masks (bit `i` for byte `i`) of the first `len`
/// bytes (1 to 16, all ASCII) of a chunk: the letters and digits in
/// `word`, the joiners in `joiner`.
#[cfg(target_arch = "x86_64")]
#[inline(always)]
fn ascii_bits(word: u32, joiner: u32, len: u32, in_word: bool) -> (usize, bool) {
    let valid = (1u32 << len) - 1;
    let (word, joiner) = (word & valid, joiner & valid);
    let separator = valid & !(word | joiner);
    let carry = u32::from(in_word);
    let mut open = word | (((word << 1) | carry) & joiner);
    if joiner & (joiner << 1) != 0 {
        loop {
            let spread = open | (((open << 1) | carry) & joiner);
            if spread == open {
                break;
            }
            open = spread;
        }
    }
    let open_before = (open << 1) | carry;
    let ended = (separator & open_before).count_ones() as usize;
    (ended, open & (1 << (len - 1)) != 0)
}

/// Sixteen bytes classified at once with SSE2, which every x86-64 has.
#[cfg(target_arch = "x86_64")]
mod sse2 {
    use std::arch::x86_64::{
        __m128i, _mm_and_si128, _mm_cmpeq_epi8, _mm_cmpgt_epi8, _mm_cmplt_epi8, _mm_loadu_si128,
        _mm_movemask_epi8, _mm_or_si128, _mm_set1_epi8,
    };

    /// The bytes in `lo..=hi` (both ASCII); a non-ASCII byte is negative
    /// as a signed byte and never in range.
    #[inline(always)]
    fn in_range(x: __m128i, lo: u8, hi: u8) -> __m128i {
        // SAFETY: SSE2 is part of x86-64, always there.
        unsafe {
            let above = _mm_cmpgt_epi8(x, _mm_set1_epi8(lo as i8 - 1));
            let below = _mm_cmplt_epi8(x, _mm_set1_epi8(hi as i8 + 1));
            _mm_and_si128(above, below)
        }
    }

    /// For the first sixteen bytes of `chunk`, bit `i` for byte `i`: (the
    /// non-ASCII bytes, the letters and digits, the joiners `'` `,` `-` `.`).
    #[inline(always)]
    pub(super) fn classify(chunk: &[u8]) -> (u32, u32, u32) {
        assert!(chunk.len() >= 16);
        // SAFETY: sixteen bytes are there to read (the assert above) and
        // `loadu` needs no alignment; SSE2 is part of x86-64.
        unsafe {
            let x = _mm_loadu_si128(chunk.as_ptr().cast::<__m128i>());
            // Setting bit 5 folds `A`–`Z` onto `a`–`z` and nothing else onto them.
            let folded = _mm_or_si128(x, _mm_set1_epi8(0x20));
            let word = _mm_or_si128(in_range(folded, b'a', b'z'), in_range(x, b'0', b'9'));
            let joiner = _mm_or_si128(
                in_range(x, b',', b'.'),
                _mm_cmpeq_epi8(x, _mm_set1_epi8(b'\'' as i8)),
            );
            (
                _mm_movemask_epi8(x) as u32,
                _mm_movemask_epi8(word) as u32,
                _mm_movemask_epi8(joiner) as u32,
            )
        }
    }
}

const ONES: u64 = 0x0101_0101_0101_0101;
const HIGH: u64 = 0x8080_8080_8080_8080;

/// The top bit of each byte of `x` (all ASCII) that lies in `lo..=hi`.
/// No byte carries into the next: each sum stays below 0x100.
const fn in_range(x: u64, lo: u8, hi: u8) -> u64 {
    let at_least_lo = x + (0x80 - lo as u64) * ONES;
    let above_hi = x + (0x7F - hi as u64) * ONES;
    at_least_lo & !above_hi & HIGH
}

/// The top bit of each byte of `x` (all ASCII) equal to `c`.
const fn equal(x: u64, c: u8) -> u64 {
    let diff = x ^ (c as u64 * ONES);
    !((diff + 0x7F * ONES) | diff) & HIGH
}

/// Up to eight bytes of `bytes` in one `u64`, first byte lowest, zeros
/// after the end; and how many there were.
fn load8(bytes: &[u8]) -> (u64, usize) {
    match bytes.first_chunk::<8>() {
        Some(eight) => (u64::from_le_bytes(*eight), 8),
        None => {
            let mut padded = [0u8; 8];
            padded[..bytes.len()].copy_from_slice(bytes);
            (u64::from_le_bytes(padded), bytes.len())
        }
    }
}

/// The first `len` bytes of `x` (1 to 8, all ASCII, first byte lowest)
/// after a text whose last byte left `in_word`: (words ended in them,
/// whether a word is open after them). Letters and digits make words;
/// joiners (`'` `-` `.` `,`: don't, well-known, 1,000) keep one going;
/// anything else ends it.
#[inline(always)]
fn ascii_run(x: u64, len: usize, in_word: bool) -> (usize, bool) {
    let valid = u64::MAX >> (64 - 8 * len);
    // Zero the bytes after `len` (they may not be ASCII, and the tests
    // below add to every byte).
    let x = x & valid;
    // Setting bit 5 folds `A`–`Z` onto `a`–`z` and nothing else onto them.
    let word = in_range(x | (0x20 * ONES), b'a', b'z') | in_range(x, b'0', b'9');
    // `,` `-` `.` are adjacent in ASCII.
    let joiner = in_range(x, b',', b'.') | equal(x, b'\'');
    let (word, joiner) = (word & valid, joiner & valid);
    let separator = HIGH & valid & !(word | joiner);
    // `open`: after which bytes a word is open. A joiner keeps the state of
    // the byte before it, so spread the state rightwards through joiner
    // runs (one byte per round; runs are short).
    let carry = if in_word { 0x80 } else { 0 };
    let mut open = word | (((word << 8) | carry) & joiner);
    // One round is enough unless two joiners stand side by side (`--`,
    // `...`), the rare case.
    if joiner & (joiner << 8) != 0 {
        loop {
            let spread = open | (((open << 8) | carry) & joiner);
            if spread == open {
                break;
            }
            open = spread;
        }
    }
    let open_before = (open << 8) | carry;
    // Count the set top bits: shifted down to bit 0 of each byte, the
    // multiply adds all eight bytes into the top one (baseline x86-64 has
    // no popcount instruction).
    let ended = (((separator & open_before) >> 7).wrapping_mul(ONES) >> 56) as usize;
    (ended, open & (1 << (8 * len - 1)) != 0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    const SEPARATOR: u8 = 0;
    const WORD: u8 = 1;
    const JOINER: u8 = 2;

    /// How each ASCII byte affects word counting: letters and digits make
    /// words, joiners keep a word going, anything else ends it.
    const ASCII_CLASS: [u8; 128] = {
        let mut table = [SEPARATOR; 128];
        let mut b = 0;
        while b < 128 {
            let c = b as u8;
            if c.is_ascii_alphanumeric() {
                table[b] = WORD;
            } else if matches!(c, b'\'' | b'-' | b'.' | b',') {
                table[b] = JOINER;
            }
            b += 1;
        }
        table
    };

    /// The rules byte by byte: what the eight-byte path must agree with.
    fn ascii_byte_by_byte(text: &[u8], mut in_word: bool) -> (usize, bool) {
        let mut ended = 0;
        for &b in text {
            match ASCII_CLASS[b as usize] {
                WORD => in_word = true,
                SEPARATOR => {
                    ended += usize::from(in_word);
                    in_word = false;
                }
                _ => {}
            }
        }
        (ended, in_word)
    }

    #[test]
    fn chinese_counts_by_character() {
        let (words, minutes) = count_words("注销电话卡之前，先把余额用完。Then cancel it.");
        assert_eq!(words, 13 + 3);
        assert_eq!(minutes, 1);
        assert_eq!(count_words(&"字".repeat(900)).1, 3);
    }

    #[test]
    fn punctuation_blocks_hold_no_letters() {
        for code in (0x2000..=0x206F)
            .chain(0x3000..=0x3020)
            .chain(0xFF01..=0xFF20)
        {
            let Some(c) = char::from_u32(code) else {
                continue;
            };
            if is_punctuation(c) {
                assert!(!c.is_alphanumeric(), "{c:?} is a letter or digit");
            }
        }
        assert_eq!(
            count_words("先充值，再注销。“Top up” — then cancel！").0,
            6 + 4
        );
    }

    #[test]
    fn accented_letters_and_curly_apostrophes_stay_in_their_word() {
        assert_eq!(count_words("café crème, don’t").0, 3);
    }

    #[test]
    fn joiners_keep_a_word_together() {
        assert_eq!(count_words("don't stop: 1,000 well-known e.g. things").0, 6);
        // A joiner after a separator does not start a word by itself.
        assert_eq!(count_words("a -- b ... 'c' --- d").0, 4);
        assert_eq!(count_words("Top up at *101# or ask at a shop.").0, 9);
    }

    #[test]
    fn every_ascii_byte_in_every_position_matches_the_rules() {
        for b in 0u8..128 {
            for at in 0..8 {
                for in_word in [false, true] {
                    let mut chunk = *b"ab -x.yz";
                    chunk[at] = b;
                    let x = u64::from_le_bytes(chunk);
                    assert_eq!(
                        ascii_run(x, 8, in_word),
                        ascii_byte_by_byte(&chunk, in_word),
                        "byte {b:#04x} at {at}, in word {in_word}"
                    );
                }
            }
        }
    }

    proptest! {
        #[test]
        fn up_to_eight_bytes_at_a_time_match_byte_by_byte(
            chunk in proptest::collection::vec(
                prop_oneof![Just(b' '), Just(b'a'), Just(b'Z'), Just(b'7'), Just(b'-'),
                            Just(b'.'), Just(b','), Just(b'\''), Just(b'#'), 0u8..128],
                8,
            ),
            len in 1usize..=8,
            in_word: bool,
        ) {
            let x = u64::from_le_bytes(chunk.clone().try_into().unwrap());
            prop_assert_eq!(
                ascii_run(x, len, in_word),
                ascii_byte_by_byte(&chunk[..len], in_word)
            );
        }

        #[cfg(target_arch = "x86_64")]
        #[test]
        fn sixteen_bytes_at_a_time_match_byte_by_byte(
            chunk in proptest::collection::vec(
                prop_oneof![Just(b' '), Just(b'a'), Just(b'Z'), Just(b'7'), Just(b'-'),
                            Just(b'.'), Just(b','), Just(b'\''), Just(b'#'), 0u8..128],
                16,
            ),
            len in 1u32..=16,
            in_word: bool,
        ) {
            let (high, word, joiner) = sse2::classify(&chunk);
            prop_assert_eq!(high, 0);
            prop_assert_eq!(
                ascii_bits(word, joiner, len, in_word),
                ascii_byte_by_byte(&chunk[..len as usize], in_word)
            );
        }

        #[test]
        fn long_texts_count_as_byte_by_byte(
            text in "[a-zA-Z0-9 ,.'\\-#:]{0,80}",
        ) {
            let mut counter = WordCounter::default();
            counter.feed(&text);
            let (ended, open) = ascii_byte_by_byte(text.as_bytes(), false);
            prop_assert_eq!(counter.words, ended + usize::from(open));
        }

        #[test]
        fn mixed_text_counts_do_not_depend_on_alignment(
            text in "[a-z0-9 ,.'\\-#]{0,40}(费用|ស៊ីម|é)?[a-z ,.]{0,20}",
            pad in 0usize..8,
        ) {
            // Shifting the text by `pad` spaces moves every chunk boundary.
            let padded = format!("{}{text}", " ".repeat(pad));
            prop_assert_eq!(count_words(&text), count_words(&padded));
        }
    }
}
