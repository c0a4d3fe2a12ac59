//! Which file of a `srcset` a phone loads: a screen 390 CSS px wide at a
//! device pixel ratio of 2, as browsers choose. `sizes` gives the slot's
//! width (the first entry whose media condition holds; `px`, `vw`, `rem`,
//! `em` and `calc(a ± b)` understood); `w` descriptors are divided by it,
//! and the smallest candidate with a density of at least 2 wins (else the
//! densest). Pure string work.

/// The phone `check` weighs pages for.
pub const SCREEN_PX: f64 = 390.0;
pub const DPR: f64 = 2.0;
/// What 1rem (and 1em in a media query) is, in CSS px.
const REM_PX: f64 = 16.0;

/// The URL a browser on the phone fetches from `srcset` (with `sizes`),
/// or `src` when the set names none.
pub fn choose<'a>(
    src: Option<&'a str>,
    srcset: Option<&'a str>,
    sizes: Option<&str>,
) -> Option<&'a str> {
    let candidates = srcset.map(parse_srcset).unwrap_or_default();
    if candidates.is_empty() {
        return src.filter(|s| !s.trim().is_empty());
    }
    let slot = sizes.and_then(slot_width).unwrap_or(SCREEN_PX);
    let density = |c: &Candidate| match c.descriptor {
        Descriptor::Width(w) => w / slot,
        Descriptor::Density(x) => x,
    };
    let mut best: Option<(&Candidate, f64)> = None;
    for c in &candidates {
        let d = density(c);
        best = match best {
            None => Some((c, d)),
            Some((b, bd)) => {
                let better = if bd >= DPR {
                    d >= DPR && d < bd
                } else {
                    d > bd
                };
                Some(if better { (c, d) } else { (b, bd) })
            }
        };
    }
    best.map(|(c, _)| c.url)
}

#[derive(Debug)]
struct Candidate<'a> {
    url: &'a str,
    descriptor: Descriptor,
}

#[derive(Debug, Clone, Copy)]
enum Descriptor {
    Width(f64),
    Density(f64),
}

/// `a.webp 480w, b.webp 960w` → candidates; URLs in a srcset hold no
/// unescaped comma followed by a space (mekong escapes them).
fn parse_srcset(srcset: &str) -> Vec<Candidate<'_>> {
    srcset
        .split(',')
        .filter_map(|part| {
            let mut words = part.split_whitespace();
            let url = words.next()?;
            let descriptor = match words.next() {
                None => Descriptor::Density(1.0),
                Some(d) => {
                    if let Some(w) = d.strip_suffix('w') {
                        Descriptor::Width(w.parse().ok()?)
                    } else {
                        Descriptor::Density(d.strip_suffix('x')?.parse().ok()?)
                    }
                }
            };
            Some(Candidate { url, descriptor })
        })
        .collect()
}

/// The slot width `sizes` gives on the phone, in CSS px.
fn slot_width(sizes: &str) -> Option<f64> {
    for entry in split_top_level(sizes) {
        let entry = entry.trim();
        let (condition, length) = match entry.strip_prefix('(') {
            Some(rest) => {
                let close = rest.find(')')?;
                (Some(&rest[..close]), rest[close + 1..].trim())
            }
            None => (None, entry),
        };
        if condition.is_none_or(holds) {
            return length_px(length);
        }
    }
    None
}

/// `max-width: 44rem` / `min-width: 600px` on the phone's screen; any
/// other condition is taken not to hold.
fn holds(condition: &str) -> bool {
    let Some((feature, value)) = condition.split_once(':') else {
        return false;
    };
    let Some(px) = length_px(value.trim()) else {
        return false;
    };
    match feature.trim() {
        "max-width" => SCREEN_PX <= px,
        "min-width" => SCREEN_PX >= px,
        _ => false,
    }
}

/// A length in CSS px on the phone: `358px`, `100vw`, `42rem`,
/// `calc(100vw - 2rem)`.
fn length_px(length: &str) -> Option<f64> {
    let length = length.trim();
    if let Some(inner) = length
        .strip_prefix("calc(")
        .and_then(|l| l.strip_suffix(')'))
    {
        let (op, at) = [" - ", " + "]
            .iter()
            .find_map(|op| inner.find(op).map(|at| (*op, at)))?;
        let a = length_px(&inner[..at])?;
        let b = length_px(&inner[at + op.len()..])?;
        return Some(if op == " - " { a - b } else { a + b });
    }
    let number = |suffix: &str| length.strip_suffix(suffix)?.trim().parse::<f64>().ok();
    number("px")
        .or_else(|| number("vw").map(|n| n * SCREEN_PX / 100.0))
        .or_else(|| number("rem").map(|n| n * REM_PX))
        .or_else(|| number("em").map(|n| n * REM_PX))
        .or_else(|| (length == "0").then_some(0.0))
}

/// `sizes` split at the commas outside parentheses.
fn split_top_level(text: &str) -> Vec<&str> {
    let mut parts = Vec::new();
    let (mut depth, mut start) = (0usize, 0);
    for (i, c) in text.char_indices() {
        match c {
            '(' => depth += 1,
            ')' => depth = depth.saturating_sub(1),
            ',' if depth == 0 => {
                parts.push(&text[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    parts.push(&text[start..]);
    parts
}

#[cfg(test)]
mod tests {
    use super::*;

    const SET: &str = "a.480w.webp 480w, a.960w.webp 960w, a.1600w.webp 1600w";

    #[test]
    fn the_theme_column_on_a_phone_takes_the_960_variant() {
        // calc(390px - 32px) = 358 CSS px, 716 device px: 960w is the
        // smallest that covers it.
        let sizes = "(max-width: 44rem) calc(100vw - 2rem), 42rem";
        assert_eq!(
            choose(Some("a.png"), Some(SET), Some(sizes)),
            Some("a.960w.webp")
        );
        assert_eq!(slot_width(sizes), Some(358.0));
    }

    #[test]
    fn without_sizes_the_slot_is_the_screen() {
        assert_eq!(choose(None, Some(SET), None), Some("a.960w.webp"));
        assert_eq!(choose(None, Some("s.png 480w"), None), Some("s.png"));
        assert_eq!(choose(None, Some(SET), Some("100px")), Some("a.480w.webp"));
    }

    #[test]
    fn density_descriptors_and_plain_src() {
        assert_eq!(
            choose(None, Some("a.png, b.png 2x, c.png 3x"), None),
            Some("b.png")
        );
        assert_eq!(choose(Some("x.png"), None, None), Some("x.png"));
        assert_eq!(choose(Some(" "), Some(""), None), None);
    }

    #[test]
    fn media_conditions() {
        assert!(holds("max-width: 600px"));
        assert!(!holds("min-width: 600px"));
        assert!(!holds("orientation: landscape"));
        assert_eq!(slot_width("(min-width: 50em) 50vw, 100vw"), Some(390.0));
    }
}
