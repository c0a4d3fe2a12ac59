//! One word of a page's text → the entries it makes in the index, as
//! Pagefind 1.6 makes them, since its browser code looks a query up the
//! same way: lower case, letters and digits only, diacritics folded (the
//! original form kept as a variant), stemmed in the page's language; and
//! for a compound (`e-SIM`, `camelCase`, `a.b_c`) its parts too, weighted
//! down; emoji on their own; for Chinese, Japanese and Thai, each pair of
//! adjacent characters.

use std::collections::HashSet;
use std::sync::LazyLock;

use convert_case::{Case, Casing};
use pagefind_stem::{Algorithm, Stemmer};
use regex::Regex;
use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::{decompose_canonical, is_combining_mark};
use unicode_segmentation::UnicodeSegmentation;

/// Characters that count as letters: Unicode's connector punctuation
/// (Pagefind's default `include_characters`, listed in pagefind-entry.json).
pub(crate) const WORD_SYMBOLS: [char; 10] =
    ['_', '‿', '⁀', '⁔', '︳', '︴', '﹍', '﹎', '﹏', '＿'];

const MAX_KATAKANA_SUFFIX: usize = 16;
const MAX_DOTTED_TAIL: usize = 64;

#[allow(clippy::expect_used)] // a constant pattern, tested
static EMOJI: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"\p{Emoji}").expect("pattern"));

/// One entry a word makes in the index.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Indexable {
    pub stemmed: String,
    /// A part of a compound word (weighted down).
    pub part: bool,
    /// The word before its diacritics were folded, when they were.
    pub original: Option<String>,
}

/// The stemmer of a language ("en", "pt-br"), if Snowball has one.
pub(crate) fn stemmer(language: &str) -> Option<Stemmer> {
    use Algorithm::*;
    let algorithm = match language.split('-').next().unwrap_or_default() {
        "ar" => Arabic,
        "hy" => Armenian,
        "eu" => Basque,
        "ca" => Catalan,
        "da" => Danish,
        "nl" => Dutch,
        "en" => English,
        "eo" => Esperanto,
        "et" => Estonian,
        "fi" => Finnish,
        "fr" => French,
        "de" => German,
        "el" => Greek,
        "hi" => Hindi,
        "hu" => Hungarian,
        "id" => Indonesian,
        "ga" => Irish,
        "it" => Italian,
        "lt" => Lithuanian,
        "nb" | "nn" | "no" => Norwegian,
        "ne" => Nepali,
        "pt" => Portuguese,
        "ro" => Romanian,
        "ru" => Russian,
        "sr" => Serbian,
        "pl" => Polish,
        "es" => Spanish,
        "sv" => Swedish,
        "ta" => Tamil,
        "tr" => Turkish,
        "yi" => Yiddish,
        _ => return None,
    };
    Some(Stemmer::create(algorithm))
}

/// Every entry for `raw` (one whitespace-separated word, or one segment
/// of a segmented language), in Pagefind's order.
pub(crate) fn indexable(raw: &str, stemmer: Option<&Stemmer>, segmented: bool) -> Vec<Indexable> {
    let mut words = primary(raw, stemmer);
    let tails = dotted_tails(raw, stemmer, &words);
    words.extend(tails);
    if segmented {
        let mut seen: HashSet<String> = words.iter().map(|w| w.stemmed.clone()).collect();
        for pair in pairs(raw, None) {
            let pair = stem(&pair, stemmer, true);
            if seen.insert(pair.stemmed.clone()) {
                words.push(pair);
            }
        }
    }
    words
}

/// The word itself, katakana suffixes, compound parts and emoji.
pub(crate) fn primary(raw: &str, stemmer: Option<&Stemmer>) -> Vec<Indexable> {
    let mut results = Vec::new();
    let normalized = normalize_word(raw);
    if !normalized.is_empty() {
        results.push(stem(&normalized, stemmer, false));
    }
    for suffix in katakana_suffixes(raw) {
        let folded = fold_diacritics(suffix);
        results.push(Indexable {
            original: folded.as_ref().map(|_| suffix.to_string()),
            stemmed: folded.unwrap_or_else(|| suffix.to_string()),
            part: true,
        });
    }
    let compound =
        raw.chars().any(|c| !c.is_alphanumeric()) || raw.chars().skip(1).any(char::is_uppercase);
    if !compound {
        return results;
    }
    let parts = raw
        .replace(|c: char| c.is_ascii_punctuation(), " ")
        .to_case(Case::Lower)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    if !normalized.is_empty()
        && (parts.contains(char::is_whitespace) || !normalized.starts_with(&parts))
    {
        for part in parts.split_whitespace().filter(|w| w.len() > 1) {
            let folded = fold_diacritics(part);
            let base = folded.as_deref().unwrap_or(part);
            let stemmed = match stemmer {
                Some(stemmer) => stemmer.stem(base).into_owned(),
                None => base.to_string(),
            };
            results.push(Indexable {
                stemmed,
                original: folded.map(|_| part.to_string()),
                part: true,
            });
        }
    }
    if EMOJI.is_match(raw) {
        for grapheme in raw.graphemes(true) {
            if emojis::get(grapheme).is_some() {
                results.push(Indexable {
                    stemmed: grapheme.to_string(),
                    original: None,
                    part: false,
                });
            }
        }
    }
    results
}

/// `is_python_build` from `sysconfig.is_python_build`: each tail after a
/// dot that is itself compound, unless already indexed.
fn dotted_tails(raw: &str, stemmer: Option<&Stemmer>, existing: &[Indexable]) -> Vec<Indexable> {
    let mut tails: Vec<Indexable> = Vec::new();
    if !raw.contains('.') {
        return tails;
    }
    for (i, _) in raw.match_indices('.') {
        let rest = &raw[i + 1..];
        let tail = match rest.char_indices().nth(MAX_DOTTED_TAIL) {
            Some((end, _)) => &rest[..end],
            None => rest,
        };
        let compound = tail.chars().any(|c| !c.is_alphanumeric())
            || tail.chars().skip(1).any(char::is_uppercase);
        if !compound {
            continue;
        }
        let normalized = normalize_word(tail);
        if normalized.chars().count() < 2 {
            continue;
        }
        let word = stem(&normalized, stemmer, true);
        let known = existing
            .iter()
            .chain(&tails)
            .any(|w| w.stemmed == word.stemmed);
        if !known {
            tails.push(word);
        }
    }
    tails
}

/// The pair of clusters across the boundary between the previous segment
/// (its last cluster) and `raw`, unless `existing` has it.
pub(crate) fn cross_pair(
    raw: &str,
    previous: Option<&str>,
    stemmer: Option<&Stemmer>,
    existing: &[Indexable],
) -> Option<Indexable> {
    let pair = stem(&joined_pair(raw, previous)?, stemmer, true);
    (!existing.iter().any(|w| w.stemmed == pair.stemmed)).then_some(pair)
}

/// Letters, digits and connector punctuation, in lower case.
fn normalize_word(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len());
    for mut c in raw.chars() {
        if c.is_alphanumeric() || WORD_SYMBOLS.contains(&c) {
            c.make_ascii_lowercase();
            if c.is_uppercase() {
                out.extend(c.to_lowercase());
            } else {
                out.push(c);
            }
        }
    }
    out
}

fn stem(normalized: &str, stemmer: Option<&Stemmer>, part: bool) -> Indexable {
    let folded = fold_diacritics(normalized);
    let base = folded.as_deref().unwrap_or(normalized);
    Indexable {
        stemmed: match stemmer {
            Some(stemmer) => stemmer.stem(base).into_owned(),
            None => base.to_string(),
        },
        original: folded.map(|_| normalized.to_string()),
        part,
    }
}

/// Chinese, Japanese, Thai, Lao, Burmese, Khmer: scripts that are split
/// into segments, whose adjacent clusters are indexed in pairs.
fn segmented_cluster(cluster: &str) -> bool {
    matches!(
        cluster.chars().next().map(u32::from),
        Some(
            0x3400..=0x4DBF
            | 0x4E00..=0x9FFF
            | 0xF900..=0xFAFF
            | 0x20000..=0x2FA1F
            | 0x30000..=0x323AF
            | 0x3041..=0x30FF
            | 0x31F0..=0x31FF
            | 0xFF66..=0xFF9F
            | 0x0E00..=0x0EFF
            | 0x1000..=0x109F
            | 0x1780..=0x17FF,
        )
    )
}

fn joined_pair(raw: &str, previous: Option<&str>) -> Option<String> {
    let previous = previous.filter(|c| segmented_cluster(c))?;
    let first = raw
        .graphemes(true)
        .next()
        .filter(|c| segmented_cluster(c))?;
    Some(format!("{previous}{first}"))
}

fn pairs(raw: &str, previous: Option<&str>) -> Vec<String> {
    let mut pairs: Vec<String> = joined_pair(raw, previous).into_iter().collect();
    let mut last: Option<&str> = None;
    for cluster in raw.graphemes(true) {
        if !segmented_cluster(cluster) {
            last = None;
            continue;
        }
        if let Some(last) = last {
            pairs.push(format!("{last}{cluster}"));
        }
        last = Some(cluster);
    }
    pairs
}

fn katakana(c: char) -> bool {
    matches!(c as u32, 0x30A1..=0x30FA | 0x30FC..=0x30FF | 0x31F0..=0x31FF | 0xFF66..=0xFF9F)
}

/// Every suffix of an all-katakana word (ICU's dictionary has none).
fn katakana_suffixes(word: &str) -> Vec<&str> {
    if word.chars().count() < 3 || !word.chars().all(katakana) {
        return Vec::new();
    }
    let mut suffixes: Vec<&str> = Vec::new();
    for (i, _) in word.char_indices().skip(1) {
        let rest = &word[i..];
        let suffix = match rest.char_indices().nth(MAX_KATAKANA_SUFFIX) {
            Some((end, _)) => &rest[..end],
            None => rest,
        };
        if suffix.chars().count() >= 2 && !suffixes.contains(&suffix) {
            suffixes.push(suffix);
        }
    }
    suffixes
}

/// `café` → `cafe`; nothing when there is nothing to fold. The kana voicing
/// marks stay (they tell words apart), composed again.
fn fold_diacritics(word: &str) -> Option<String> {
    let decomposes = |c: char| {
        let mut differs = false;
        decompose_canonical(c, |part| differs |= part != c);
        is_combining_mark(c) || differs
    };
    if word.is_ascii() || !word.chars().any(decomposes) {
        return None;
    }
    let voicing = |c: char| matches!(c, '\u{3099}' | '\u{309A}');
    let stripped: String = word
        .nfd()
        .filter(|&c| !is_combining_mark(c) || voicing(c))
        .collect();
    let folded = if stripped.chars().any(voicing) {
        stripped.nfc().collect()
    } else {
        stripped
    };
    (folded != word).then_some(folded)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn stems(raw: &str, language: &str) -> Vec<(String, bool)> {
        let stemmer = stemmer(language);
        let segmented = matches!(language, "zh" | "ja" | "th");
        (indexable(raw, stemmer.as_ref(), segmented).into_iter())
            .map(|w| (w.stemmed, w.part))
            .collect()
    }

    #[test]
    fn english_is_lower_cased_stemmed_and_split_at_hyphens() {
        assert_eq!(stems("Cancelled,", "en"), [("cancel".to_string(), false)]);
        assert_eq!(
            stems("e-SIM", "en"),
            [("esim".into(), false), ("sim".into(), true)]
        );
        assert_eq!(
            stems("sysconfig.is_python_build", "en"),
            [
                ("sysconfig.is_python_build".replace('.', ""), false),
                ("sysconfig".into(), true),
                ("is".into(), true),
                ("python".into(), true),
                ("build".into(), true),
                ("is_python_build".into(), true),
            ]
        );
    }

    #[test]
    fn diacritics_are_folded_and_the_original_kept() {
        let words = indexable("Café", stemmer("fr").as_ref(), false);
        assert_eq!(words[0].original.as_deref(), Some("café"));
        assert_eq!(fold_diacritics("ストア"), None);
        assert_eq!(fold_diacritics("ハンド"), None);
    }

    #[test]
    fn chinese_segments_get_their_pairs() {
        assert_eq!(
            stems("电话卡", "zh"),
            [
                ("电话卡".to_string(), false),
                ("电话".into(), true),
                ("话卡".into(), true)
            ]
        );
    }
}
