//! The one-line pieces of the plain subset: which characters libyaml
//! accepts, plain and quoted scalars, and `[a, b]` lists of them. Every
//! function answers `None` for anything it does not read exactly as
//! libyaml does, and the whole text then goes to libyaml.

use serde_yaml::Value;

use super::super::events::ScalarStyle;
use super::super::scalar;

/// A scalar read from one line: its byte range and its value.
pub(super) struct Scalar {
    pub start: usize,
    pub end: usize,
    pub value: Value,
}

/// Whether every character is one libyaml reads without complaint and
/// without a meaning of its own: printable, no tab, no carriage return, no
/// byte order mark, none of the Unicode line breaks (NEL, LS, PS).
pub(super) fn chars_ok(text: &str) -> bool {
    let bytes = text.as_bytes();
    let mut i = 0;
    let mut checked = 0;
    while i < bytes.len() {
        // Eight printable ASCII bytes at a time; a word with a line break,
        // a control character or a non-ASCII byte is looked at bytewise.
        if i >= checked
            && let Some(word) = bytes.get(i..i + 8)
        {
            let mut eight = [0; 8];
            eight.copy_from_slice(word);
            if printable_ascii(u64::from_le_bytes(eight)) {
                i += 8;
                continue;
            }
            checked = i + 8;
        }
        let b = bytes[i];
        if b < 0x80 {
            if (b < 0x20 && b != b'\n') || b == 0x7f {
                return false;
            }
            i += 1;
            continue;
        }
        let Some(c) = text[i..].chars().next() else {
            return false;
        };
        let u = c as u32;
        if u < 0xa0 || matches!(u, 0x2028 | 0x2029 | 0xfeff | 0xfffe | 0xffff) {
            return false;
        }
        i += c.len_utf8();
    }
    true
}

/// Whether all eight bytes of `word` are in `0x20..0x7f`.
fn printable_ascii(word: u64) -> bool {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    // A byte below 0x20 borrows into its high bit when 0x20 is taken away.
    let below_space = word.wrapping_sub(ONES * 0x20) & !word & HIGH;
    let del = word ^ (ONES * 0x7f);
    let is_del = del.wrapping_sub(ONES) & !del & HIGH;
    (word & HIGH) | below_space | is_del == 0
}

/// Index of the first byte at or after `i` (up to `eol`) that is not a space.
pub(super) fn skip_spaces(bytes: &[u8], mut i: usize, eol: usize) -> usize {
    while i < eol && bytes[i] == b' ' {
        i += 1;
    }
    i
}

/// Whether the line holds nothing more from `i` on: spaces, then the end
/// of the line or a comment after at least one space.
pub(super) fn rest_is_empty(bytes: &[u8], i: usize, eol: usize) -> bool {
    let j = skip_spaces(bytes, i, eol);
    j == eol || (j > i && bytes[j] == b'#')
}

fn blank_or_end(bytes: &[u8], i: usize, eol: usize) -> bool {
    i >= eol || bytes[i] == b' '
}

/// A plain scalar starting at `start`: where it ends (after its last
/// non-blank byte) and where scanning stopped (a `: `, a comment, the end
/// of the line, or in a flow list a `,` or bracket).
pub(super) fn plain(bytes: &[u8], start: usize, eol: usize, flow: bool) -> Option<(usize, usize)> {
    if start >= eol {
        return None;
    }
    match bytes[start] {
        b'-' if blank_or_end(bytes, start + 1, eol) => return None,
        b'?' | b':' if flow || blank_or_end(bytes, start + 1, eol) => return None,
        b' ' | b',' | b'[' | b']' | b'{' | b'}' | b'#' | b'&' | b'*' | b'!' | b'|' | b'>'
        | b'\'' | b'"' | b'%' | b'@' | b'`' => return None,
        _ => {}
    }
    let mut i = start;
    loop {
        while i < eol && bytes[i] != b' ' {
            let c = bytes[i];
            if c == b':' {
                if blank_or_end(bytes, i + 1, eol) {
                    return Some((stop_end(bytes, start, i), i));
                }
                // libyaml refuses `:` before a flow indicator in a list.
                if flow && matches!(bytes[i + 1], b',' | b'?' | b'[' | b']' | b'{' | b'}') {
                    return None;
                }
            } else if flow && matches!(c, b',' | b'[' | b']' | b'{' | b'}') {
                return Some((stop_end(bytes, start, i), i));
            }
            i += 1;
        }
        let end = i;
        i = skip_spaces(bytes, i, eol);
        if i == eol || bytes[i] == b'#' {
            return Some((end, i));
        }
    }
}

/// The end of a plain scalar stopped at `stop`: the spaces before it are
/// not part of it.
fn stop_end(bytes: &[u8], start: usize, stop: usize) -> usize {
    let mut end = stop;
    while end > start && bytes[end - 1] == b' ' {
        end -= 1;
    }
    end
}

/// A quoted scalar opening at `start` and closing on the same line: its
/// text and the index just past the closing quote.
pub(super) fn quoted(text: &str, start: usize, eol: usize) -> Option<(String, usize)> {
    let bytes = text.as_bytes();
    let quote = bytes[start];
    let mut out = String::new();
    let mut run = start + 1;
    let mut i = run;
    loop {
        let at = i + bytes[i..eol]
            .iter()
            .position(|&b| b == quote || (quote == b'"' && b == b'\\'))?;
        out.push_str(&text[run..at]);
        if quote == b'\'' {
            // `''` is one quote; a single one closes.
            if bytes.get(at + 1) == Some(&b'\'') && at + 1 < eol {
                out.push('\'');
                i = at + 2;
                run = i;
                continue;
            }
            return Some((out, at + 1));
        }
        if bytes[at] == b'"' {
            return Some((out, at + 1));
        }
        if at + 1 >= eol {
            return None;
        }
        out.push(escape(bytes[at + 1])?);
        i = at + 2;
        run = i;
    }
}

/// The character a one-letter escape of a double-quoted scalar stands for
/// (`\x41`, `\u…` and the rest go to libyaml).
fn escape(letter: u8) -> Option<char> {
    Some(match letter {
        b'0' => '\0',
        b'a' => '\u{7}',
        b'b' => '\u{8}',
        b't' => '\t',
        b'n' => '\n',
        b'v' => '\u{b}',
        b'f' => '\u{c}',
        b'r' => '\r',
        b'e' => '\u{1b}',
        b' ' => ' ',
        b'"' => '"',
        b'/' => '/',
        b'\\' => '\\',
        b'N' => '\u{85}',
        b'_' => '\u{a0}',
        b'L' => '\u{2028}',
        b'P' => '\u{2029}',
        _ => return None,
    })
}

/// A plain or quoted scalar at `start`, and where scanning stopped.
pub(super) fn scalar(text: &str, start: usize, eol: usize, flow: bool) -> Option<(Scalar, usize)> {
    let bytes = text.as_bytes();
    if matches!(bytes.get(start), Some(b'\'' | b'"')) {
        let (value, end) = quoted(text, start, eol)?;
        let scalar = Scalar {
            start,
            end,
            value: Value::String(value),
        };
        return Some((scalar, end));
    }
    let (end, stop) = plain(bytes, start, eol, flow)?;
    let value = scalar::resolve(&text[start..end], None, ScalarStyle::Plain).ok()?;
    Some((Scalar { start, end, value }, stop))
}

/// A flow list `[a, 'b', "c"]` of scalars opening at `start` and closing
/// on the same line: its items and the index just past the `]`.
pub(super) fn flow_list(text: &str, start: usize, eol: usize) -> Option<(Vec<Scalar>, usize)> {
    let bytes = text.as_bytes();
    let mut items = Vec::new();
    let mut i = skip_spaces(bytes, start + 1, eol);
    if i < eol && bytes[i] == b']' {
        return Some((items, i + 1));
    }
    loop {
        let (item, stop) = scalar(text, i, eol, true)?;
        items.push(item);
        i = skip_spaces(bytes, stop, eol);
        match bytes.get(i) {
            Some(b']') if i < eol => return Some((items, i + 1)),
            Some(b',') if i < eol => {
                i = skip_spaces(bytes, i + 1, eol);
                if i < eol && bytes[i] == b']' {
                    return Some((items, i + 1));
                }
            }
            _ => return None,
        }
    }
}

/// A flow mapping `{a: b, 'c': "d"}` of scalars opening at `start` and
/// closing on the same line: its keys and values and the index just past
/// the `}`. Each `:` must be followed by a space, and each key by a value.
pub(super) fn flow_map(
    text: &str,
    start: usize,
    eol: usize,
) -> Option<(Vec<(Scalar, Scalar)>, usize)> {
    let bytes = text.as_bytes();
    let mut entries = Vec::new();
    let mut i = skip_spaces(bytes, start + 1, eol);
    if i < eol && bytes[i] == b'}' {
        return Some((entries, i + 1));
    }
    loop {
        let (key, stop) = scalar(text, i, eol, true)?;
        let colon = skip_spaces(bytes, stop, eol);
        // libyaml gives up on a key of more than 1024 bytes.
        if colon + 1 >= eol || bytes[colon] != b':' || bytes[colon + 1] != b' ' || colon - i > 1000
        {
            return None;
        }
        let (value, stop) = scalar(text, skip_spaces(bytes, colon + 1, eol), eol, true)?;
        entries.push((key, value));
        i = skip_spaces(bytes, stop, eol);
        match bytes.get(i) {
            Some(b'}') if i < eol => return Some((entries, i + 1)),
            Some(b',') if i < eol => {
                i = skip_spaces(bytes, i + 1, eol);
                if i < eol && bytes[i] == b'}' {
                    return Some((entries, i + 1));
                }
            }
            _ => return None,
        }
    }
}
