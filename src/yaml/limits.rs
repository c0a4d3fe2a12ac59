//! How much YAML mekong agrees to read. Guide sites take contributions, so
//! front matter is input from strangers: each limit turns a way to make a
//! build run for minutes or take gigabytes into a plain error at a line.
//! The figures are documented in docs/content.md and docs/configuration.md.

/// Deepest nesting of lists and mappings. Real front matter nests two or
/// three levels; libyaml's scanner slows down quadratically with depth
/// (100,000 `[` took 38 s), and serde_yaml gives up at 128 anyway.
pub(crate) const MAX_DEPTH: usize = 64;

/// Aliases may add this many times the YAML text's size (plus
/// `ALIAS_ALLOWANCE`) before the file is refused: enough for any honest
/// reuse of an anchor, far too little for a "billion laughs" (one 100 KB
/// value aliased 30,000 times asked for 3 GB).
pub(crate) const ALIAS_FACTOR: usize = 4;
/// Lets small files reuse anchors freely, whatever their size.
pub(crate) const ALIAS_ALLOWANCE: usize = 64 * 1024;

const MIB: usize = 1024 * 1024;

#[derive(Debug, Clone, Copy)]
pub struct Limits {
    /// Largest YAML text read, in bytes.
    pub max_bytes: usize,
    /// What the text is, for messages ("front matter", "YAML file").
    pub what: &'static str,
}

impl Limits {
    /// A page's, section's or profile's front matter: 1 MiB, a thousand
    /// times the largest front matter of the sample site.
    pub const FRONT_MATTER: Limits = Limits {
        max_bytes: MIB,
        what: "front matter",
    };
    /// site.yaml and i18n files: 4 MiB, room for a large `extra`.
    pub const FILE: Limits = Limits {
        max_bytes: 4 * MIB,
        what: "YAML file",
    };

    /// How many bytes aliases may add to a text of `len` bytes.
    pub(crate) fn alias_budget(len: usize) -> usize {
        len.saturating_mul(ALIAS_FACTOR)
            .saturating_add(ALIAS_ALLOWANCE)
    }
}

/// Byte offset of the first `[` or `{` that opens a flow collection deeper
/// than `max`, found in one linear pass before libyaml sees the text (its
/// scanner is quadratic in flow depth). Quoted scalars and comments are
/// skipped as YAML reads them. Block nesting is not counted here: it costs
/// libyaml linear time, and the tree builder refuses it by depth.
///
/// An estimate that errs high: inside a block scalar (`|`) a line of 65
/// open brackets would count, which no real page has.
pub(crate) fn flow_too_deep(text: &str, max: usize) -> Option<usize> {
    let bytes = text.as_bytes();
    let mut depth = 0usize;
    let mut prev = b'\n';
    let mut i = 0;
    while i < bytes.len() {
        let c = bytes[i];
        // A scalar can start after a blank, at a line start, or (in flow
        // context) after a flow indicator or `:`; quotes elsewhere are
        // ordinary characters of a plain scalar (`it's`).
        let at_token_start = matches!(prev, b' ' | b'\t' | b'\n' | b'\r')
            || (depth > 0 && matches!(prev, b'[' | b'{' | b',' | b':'));
        match c {
            b'#' if matches!(prev, b' ' | b'\t' | b'\n' | b'\r') => {
                i = line_end(bytes, i);
                prev = b'\n';
                continue;
            }
            b'"' | b'\'' if at_token_start => {
                i = quoted_end(bytes, i);
                prev = c;
                continue;
            }
            // In block context a bracket opens a flow collection only where
            // a node starts; in flow context every bracket is structure
            // (flow plain scalars cannot contain one).
            b'[' | b'{' if depth > 0 || at_token_start => {
                depth += 1;
                if depth > max {
                    return Some(i);
                }
            }
            b']' | b'}' if depth > 0 => depth -= 1,
            _ => {}
        }
        prev = c;
        i += 1;
    }
    None
}

fn line_end(bytes: &[u8], from: usize) -> usize {
    bytes[from..]
        .iter()
        .position(|&b| b == b'\n')
        .map_or(bytes.len(), |n| from + n)
}

/// Index just past the quote that closes the one at `open`; the end of the
/// text when it never closes (libyaml then reports the error).
fn quoted_end(bytes: &[u8], open: usize) -> usize {
    let quote = bytes[open];
    let mut i = open + 1;
    while i < bytes.len() {
        match bytes[i] {
            b'\\' if quote == b'"' => i += 2,
            // '' is an escaped quote inside a single-quoted scalar.
            b'\'' if quote == b'\'' && bytes.get(i + 1) == Some(&b'\'') => i += 2,
            b if b == quote => return i + 1,
            _ => i += 1,
        }
    }
    bytes.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_flow_depth_and_reports_the_first_bracket_too_deep() {
        assert_eq!(flow_too_deep("a: [[b]]", 2), None);
        assert_eq!(flow_too_deep("a: [[[b]]]", 2), Some(5));
        assert_eq!(flow_too_deep("a: [{b: [c]}]", 2), Some(8));
        let deep = format!("x: {}", "[".repeat(100_000));
        assert_eq!(flow_too_deep(&deep, MAX_DEPTH), Some(3 + MAX_DEPTH));
    }

    #[test]
    fn brackets_in_quotes_comments_and_block_text_do_not_count() {
        assert_eq!(flow_too_deep("a: \"[[[[\" # [[[[", 2), None);
        assert_eq!(flow_too_deep("a: '[[''[[' ", 2), None);
        assert_eq!(flow_too_deep("a: \"\\\"[[[[\"", 2), None);
        // In block context a bracket inside a plain scalar is text.
        assert_eq!(flow_too_deep("title: a[[[[b\n", 2), None);
        // An apostrophe inside a plain scalar opens no quote.
        assert_eq!(flow_too_deep("t: it's\nx: [[[b]]]\n", 2), Some(13));
    }

    #[test]
    fn the_alias_budget_grows_with_the_text() {
        assert_eq!(Limits::alias_budget(0), ALIAS_ALLOWANCE);
        assert_eq!(Limits::alias_budget(1000), 4000 + ALIAS_ALLOWANCE);
    }
}
