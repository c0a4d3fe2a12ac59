//! A small HTML tokenizer for the search documents: start tags with their
//! attributes, end tags, text; comments and doctypes skipped; the content
//! of `script`, `style`, `title` and the like read as text up to their end
//! tag. It builds no tree (`digest` keeps the open elements) and never
//! fails: what is not a tag is text.

use super::digest::{RAW_TEXT, Reader, Tag};

/// Feeds `reader` the tags and text of `html`, in order.
pub(super) fn scan(html: &str, reader: &mut Reader) {
    let bytes = html.as_bytes();
    let mut pos = 0;
    let mut text_from = 0;
    while let Some(found) = memchr::memchr(b'<', &bytes[pos..]) {
        let lt = pos + found;
        let next = bytes.get(lt + 1).copied().unwrap_or(0);
        let after = match next {
            b'!' if html[lt..].starts_with("<!--") => {
                Some(find(html, lt + 4, "-->").map_or(html.len(), |end| end + 3))
            }
            b'!' | b'?' => Some(past_gt(bytes, lt)),
            b'/' if bytes.get(lt + 2).is_some_and(u8::is_ascii_alphabetic) => {
                reader_text(reader, html, text_from, lt);
                let (name, end) = name_at(html, lt + 2);
                reader.close(&name);
                text_from = past_gt(bytes, end);
                pos = text_from;
                continue;
            }
            b'/' => Some(past_gt(bytes, lt)),
            c if c.is_ascii_alphabetic() => {
                reader_text(reader, html, text_from, lt);
                let (tag, end) = start_tag(html, lt + 1);
                reader.open(&tag);
                text_from = end;
                if RAW_TEXT.contains(&tag.name.as_str()) && !tag.self_closing {
                    text_from = raw_text(html, end, &tag.name, reader);
                }
                pos = text_from;
                continue;
            }
            _ => None,
        };
        match after {
            Some(after) => {
                reader_text(reader, html, text_from, lt);
                text_from = after;
                pos = after;
            }
            // A lone `<` is text.
            None => pos = lt + 1,
        }
    }
    reader_text(reader, html, text_from, html.len());
}

fn reader_text(reader: &mut Reader, html: &str, from: usize, to: usize) {
    if from < to {
        reader.text(&html[from..to]);
    }
}

/// The content of a raw-text element, up to its end tag (which closes
/// it); returns where the text after it starts.
fn raw_text(html: &str, from: usize, name: &str, reader: &mut Reader) -> usize {
    let closing = format!("</{name}");
    let mut at = from;
    let end = loop {
        let Some(found) = find_ignore_case(html, at, &closing) else {
            break None;
        };
        let follow = html.as_bytes().get(found + closing.len()).copied();
        if follow.is_none_or(|c| c == b'>' || c == b'/' || c.is_ascii_whitespace()) {
            break Some(found);
        }
        at = found + closing.len();
    };
    let text_end = end.unwrap_or(html.len());
    reader_text(reader, html, from, text_end);
    reader.close(name);
    end.map_or(html.len(), |e| past_gt(html.as_bytes(), e))
}

fn find(html: &str, from: usize, needle: &str) -> Option<usize> {
    memchr::memmem::find(&html.as_bytes()[from..], needle.as_bytes()).map(|i| from + i)
}

fn find_ignore_case(html: &str, from: usize, needle: &str) -> Option<usize> {
    let bytes = html.as_bytes();
    let mut at = from;
    while let Some(i) = memchr::memchr(b'<', &bytes[at..]) {
        let start = at + i;
        let candidate = bytes.get(start..start + needle.len())?;
        if candidate.eq_ignore_ascii_case(needle.as_bytes()) {
            return Some(start);
        }
        at = start + 1;
    }
    None
}

/// Just after the next `>` from `from` (or the end).
fn past_gt(bytes: &[u8], from: usize) -> usize {
    memchr::memchr(b'>', &bytes[from..]).map_or(bytes.len(), |i| from + i + 1)
}

/// A tag or attribute name starting at `from`, in lower case, and where it ends.
fn name_at(html: &str, from: usize) -> (String, usize) {
    let bytes = html.as_bytes();
    let mut end = from;
    while end < bytes.len() && !matches!(bytes[end], b'>' | b'/' | b'=') {
        if bytes[end].is_ascii_whitespace() {
            break;
        }
        end += 1;
    }
    (html[from..end].to_ascii_lowercase(), end)
}

/// A start tag whose name begins at `from`; returns it and where its text
/// after `>` starts.
fn start_tag(html: &str, from: usize) -> (Tag<'_>, usize) {
    let bytes = html.as_bytes();
    let (name, mut at) = name_at(html, from);
    let mut tag = Tag {
        name,
        attributes: Vec::new(),
        self_closing: false,
    };
    loop {
        while at < bytes.len() && (bytes[at].is_ascii_whitespace() || bytes[at] == b'/') {
            tag.self_closing = bytes[at] == b'/';
            at += 1;
        }
        if at >= bytes.len() {
            return (tag, at);
        }
        if bytes[at] == b'>' {
            return (tag, at + 1);
        }
        tag.self_closing = false;
        let (attr, end) = name_at(html, at);
        // A stray `=` where a name should be: skip it.
        at = end.max(at + usize::from(end == at));
        while at < bytes.len() && bytes[at].is_ascii_whitespace() {
            at += 1;
        }
        let mut value = "";
        if bytes.get(at) == Some(&b'=') {
            at += 1;
            while at < bytes.len() && bytes[at].is_ascii_whitespace() {
                at += 1;
            }
            (value, at) = attribute_value(html, at);
        }
        if !attr.is_empty() && !tag.attributes.iter().any(|(n, _)| *n == attr) {
            tag.attributes.push((attr, value));
        }
    }
}

fn attribute_value(html: &str, at: usize) -> (&str, usize) {
    let bytes = html.as_bytes();
    match bytes.get(at) {
        Some(&quote @ (b'"' | b'\'')) => match memchr::memchr(quote, &bytes[at + 1..]) {
            Some(i) => (&html[at + 1..at + 1 + i], at + i + 2),
            None => (&html[at + 1..], html.len()),
        },
        _ => {
            let mut end = at;
            while end < bytes.len() && !bytes[end].is_ascii_whitespace() && bytes[end] != b'>' {
                end += 1;
            }
            (&html[at..end], end)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::digest::Reader;

    fn text(html: &str) -> String {
        Reader::read(&format!("<html><body>{html}</body></html>")).text
    }

    #[test]
    fn attributes_in_any_quoting_and_case() {
        let d = Reader::read(
            "<HTML LANG='km'><body><P ID=x title=\"a > b\" data-x=y/>t</P></body></html>",
        );
        assert_eq!(d.language, "km");
        assert_eq!(d.text, "___PAGEFIND_ANCHOR___p:0:x t.");
    }

    #[test]
    fn lone_brackets_are_text_and_raw_text_ends_at_its_own_tag() {
        assert_eq!(text("<p>a < b <> c</p>"), "a < b <> c.");
        assert_eq!(text("<style>p::after{content:'</p>'}</STYLE>x"), "x");
        assert_eq!(
            text("<textarea><b>not a tag</b></textarea>"),
            "<b>not a tag</b>"
        );
    }

    #[test]
    fn unclosed_things_do_not_lose_text() {
        // (Pagefind's parser may put the stops elsewhere in broken HTML;
        // no word is lost either way.)
        assert_eq!(text("<p>a <b>b"), "a b.");
        assert_eq!(text("<p>a</p><!-- never closed"), "a.");
        assert_eq!(text("<p>a</div>b</p>"), "ab.");
    }
}
