//! What `check` needs from a rendered HTML file: every URL it points at
//! (`href`, `src`) with its byte offset, and every fragment target it
//! offers (`id`, and `name` on `<a>`).
//!
//! Parsed with `tl`: no dependencies, about 1.5 s to compile in debug, and
//! about four times faster than the spec tokenizers (html5gum, lol_html) on
//! the sample site's pages; see docs/check.md. `tl` hands out attribute
//! values as written, so character references are decoded here.

use std::borrow::Cow;
use std::collections::HashSet;

/// A URL found in an attribute.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Href {
    /// The attribute value, character references decoded.
    pub value: String,
    /// Byte offset of the element in the document.
    pub offset: usize,
}

#[derive(Debug, Default)]
pub struct Scanned {
    pub hrefs: Vec<Href>,
    pub ids: HashSet<String>,
}

/// Attributes that hold a URL the browser loads or follows.
const URL_ATTRIBUTES: &[&str] = &["href", "src"];

pub fn scan(html: &str) -> Scanned {
    let mut out = Scanned::default();
    // tl only refuses documents longer than u32::MAX bytes; such a file
    // offers nothing to check.
    let Ok(dom) = tl::parse(html, tl::ParserOptions::default()) else {
        return out;
    };
    let parser = dom.parser();
    for node in dom.nodes() {
        let Some(tag) = node.as_tag() else { continue };
        let is_anchor = tag.name().as_utf8_str().eq_ignore_ascii_case("a");
        for (name, value) in tag.attributes().iter() {
            let Some(value) = value else { continue };
            if URL_ATTRIBUTES.iter().any(|a| name.eq_ignore_ascii_case(a)) {
                out.hrefs.push(Href {
                    value: decode_entities(&value).into_owned(),
                    offset: tag.boundaries(parser).0,
                });
            } else if name.eq_ignore_ascii_case("id") || (is_anchor && name == "name") {
                out.ids.insert(decode_entities(&value).into_owned());
            }
        }
    }
    out
}

/// Decodes the character references an HTML generator writes in attribute
/// values: `&amp;`, `&lt;`, `&gt;`, `&quot;`, `&apos;` and numeric ones.
/// Anything else is kept as written.
pub fn decode_entities(text: &str) -> Cow<'_, str> {
    if !text.contains('&') {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find('&') {
        out.push_str(&rest[..at]);
        rest = &rest[at..];
        match reference(rest) {
            Some((c, len)) => {
                out.push(c);
                rest = &rest[len..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    Cow::Owned(out)
}

/// The character a reference at the start of `text` stands for, and the
/// reference's length.
fn reference(text: &str) -> Option<(char, usize)> {
    // The longest reference decoded here is `&#x10FFFF;`; looking no
    // further keeps a line of stray `&`s linear.
    let end = text.bytes().take(12).position(|b| b == b';')?;
    let name = &text[1..end];
    let c = match name {
        "amp" => '&',
        "lt" => '<',
        "gt" => '>',
        "quot" => '"',
        "apos" => '\'',
        _ => {
            let number = name.strip_prefix('#')?;
            let code = match number.strip_prefix(['x', 'X']) {
                Some(hex) => u32::from_str_radix(hex, 16).ok()?,
                None => number.parse::<u32>().ok()?,
            };
            char::from_u32(code)?
        }
    };
    Some((c, end + 1))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_urls_and_ids() {
        let html = r##"<html><body><a href="/a/?x=1&amp;y=2#f">x</a>
<img src="p.jpg" alt=""><h2 id="费用">费用</h2><a name="old"></a><div name="no"></div>
<link rel="stylesheet" href="/style.css"><a>no href</a></body></html>"##;
        let scanned = scan(html);
        let hrefs: Vec<&str> = scanned.hrefs.iter().map(|h| h.value.as_str()).collect();
        assert_eq!(hrefs, ["/a/?x=1&y=2#f", "p.jpg", "/style.css"]);
        assert!(scanned.ids.contains("费用"));
        assert!(scanned.ids.contains("old"));
        assert!(!scanned.ids.contains("no"));
        assert_eq!(&html[scanned.hrefs[1].offset..][..4], "<img");
    }

    #[test]
    fn decodes_references_and_keeps_the_rest() {
        assert_eq!(decode_entities("a&amp;b&#x2F;c&#47;d"), "a&b/c/d");
        assert_eq!(decode_entities("&lt;&gt;&quot;&apos;"), "<>\"'");
        assert_eq!(
            decode_entities("AT&T &nbsp; &#xZZ; &"),
            "AT&T &nbsp; &#xZZ; &"
        );
        assert_eq!(decode_entities("&#1114112;"), "&#1114112;");
    }
}
