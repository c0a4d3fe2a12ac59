//! A search document's HTML → the text Pagefind would index, read the way
//! Pagefind 1.6 reads a page, so that the bundle we write is the one its
//! browser code expects:
//! - block elements (`p`, `li`, `h1`…`h6`, `td`, `div`, …) end a sentence:
//!   a space, and a full stop unless the text already ends in punctuation;
//! - headings carry weights (h1 7 … h6 2), written into the text as
//!   markers that `page` turns into weights;
//! - an element with an `id` leaves an anchor marker where it starts, and
//!   the text of it (and of its inline children) is kept for the anchor;
//! - `head`, `script`, `style`, `nav`, `footer`, `form`, `svg` and the
//!   like, and anything marked `data-pagefind-ignore`, are left out;
//! - the first `h1` is the title (else `<title>`), the first `img` after
//!   it the image.
//!
//! The text keeps its entities until the end, where `normalize` decodes
//! them and folds whitespace, as Pagefind does.

use std::collections::BTreeMap;
use std::sync::LazyLock;

use regex::Regex;

/// What a page gives the index before it is split into words.
#[derive(Debug, Default, PartialEq)]
pub(crate) struct Digest {
    /// The indexed text with Pagefind's markers, normalized.
    pub text: String,
    /// `<html lang>`, lower case; "unknown" when missing.
    pub language: String,
    /// title, image, image_alt, when found.
    pub meta: BTreeMap<String, String>,
    /// The raw text of each anchor ("3:some-id"), not yet normalized.
    pub anchor_text: BTreeMap<String, String>,
}

const SENTENCE: &[&str] = &[
    "h1", "h2", "h3", "h4", "h5", "h6", "p", "td", "div", "ul", "li", "article", "section",
];
const INLINE: &[&str] = &[
    "a", "abbr", "acronym", "b", "bdo", "big", "br", "button", "cite", "code", "dfn", "em", "i",
    "img", "input", "kbd", "label", "map", "object", "output", "q", "samp", "script", "select",
    "small", "span", "strong", "sub", "sup", "textarea", "time", "tt", "var",
];
const REMOVED: &[&str] = &[
    "head", "style", "script", "noscript", "label", "form", "svg", "footer", "nav", "iframe",
    "template",
];
const VOID: &[&str] = &[
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source",
    "track", "wbr",
];
/// Elements whose content is text up to their end tag, never markup.
pub(super) const RAW_TEXT: &[&str] = &[
    "script", "style", "textarea", "title", "xmp", "iframe", "noembed", "noframes",
];

static SENTENCE_END: LazyLock<Regex> = LazyLock::new(|| regex(r#"[\w'"\)\$\*]"#));

#[allow(clippy::expect_used)] // constant patterns, tested
fn regex(pattern: &str) -> Regex {
    Regex::new(pattern).expect("a valid pattern")
}

/// Entities decoded, surrounding whitespace gone, and each run of
/// whitespace one space, except a single space, tab or the like, which
/// stays as it is (Pagefind's three regular expressions, in one pass).
pub(crate) fn normalize(text: &str) -> String {
    let text = html_escape::decode_html_entities(text);
    let text = text.trim();
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(start) = rest.find(char::is_whitespace) {
        out.push_str(&rest[..start]);
        let run = &rest[start..];
        let len = run.find(|c: char| !c.is_whitespace()).unwrap_or(run.len());
        let run = &run[..len];
        // A line break (`\n` or `\r\n`, repeated) counts as one space.
        let (mut chars, mut single, mut i) = (0, ' ', 0);
        while i < run.len() {
            let breaks = line_breaks(&run[i..]);
            chars += 1;
            if breaks > 0 {
                single = ' ';
                i += breaks;
            } else {
                single = run[i..].chars().next().unwrap_or(' ');
                i += single.len_utf8();
            }
        }
        out.push(if chars == 1 { single } else { ' ' });
        rest = &rest[start + len..];
    }
    out.push_str(rest);
    out
}

/// The length of the `\n` and `\r\n` at the start of `text`.
fn line_breaks(text: &str) -> usize {
    let bytes = text.as_bytes();
    let mut i = 0;
    loop {
        match (bytes.get(i), bytes.get(i + 1)) {
            (Some(b'\n'), _) => i += 1,
            (Some(b'\r'), Some(b'\n')) => i += 2,
            _ => return i,
        }
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Status {
    Indexing,
    Ignored,
    Excluded,
}

struct Node {
    tag: String,
    value: String,
    status: Status,
    weight: Option<String>,
    /// The anchors this node's own text belongs to.
    anchors: Vec<String>,
}

impl Node {
    fn new(tag: &str, status: Status) -> Node {
        Node {
            tag: tag.to_string(),
            value: String::new(),
            status,
            weight: None,
            anchors: Vec::new(),
        }
    }
}

/// One tag as the scanner found it.
pub(super) struct Tag<'a> {
    pub name: String,
    pub attributes: Vec<(String, &'a str)>,
    pub self_closing: bool,
}

impl Tag<'_> {
    fn get(&self, name: &str) -> Option<&str> {
        let found = self.attributes.iter().find(|(n, _)| n == name);
        found.map(|(_, v)| *v)
    }
}

/// Walks the tags and text of one document.
pub(crate) struct Reader {
    stack: Vec<Node>,
    digest: Digest,
    anchors: usize,
    auto_title: Option<String>,
    page_title: Option<String>,
    image: Option<(String, Option<String>)>,
}

impl Reader {
    pub(crate) fn read(html: &str) -> Digest {
        let mut reader = Reader {
            stack: vec![Node::new("", Status::Indexing)],
            digest: Digest::default(),
            anchors: 0,
            auto_title: None,
            page_title: None,
            image: None,
        };
        super::scan::scan(html, &mut reader);
        reader.finish()
    }

    fn top(&mut self) -> &mut Node {
        let last = self.stack.len() - 1;
        &mut self.stack[last]
    }

    pub(super) fn text(&mut self, text: &str) {
        let node = self.top();
        node.value.push_str(text);
        if node.status == Status::Indexing && !node.anchors.is_empty() {
            let anchors = node.anchors.clone();
            for id in anchors {
                self.digest
                    .anchor_text
                    .entry(id)
                    .or_default()
                    .push_str(text);
            }
        }
    }

    pub(super) fn open(&mut self, tag: &Tag) {
        let name = tag.name.as_str();
        if name == "html"
            && let Some(lang) = tag.get("lang")
        {
            self.digest.language = lang.to_lowercase();
        }
        let status = match tag.get("data-pagefind-ignore") {
            Some(v) if v.eq_ignore_ascii_case("all") => Status::Excluded,
            Some(v) if ["", "index", "true"].contains(&v.to_ascii_lowercase().as_str()) => {
                Status::Ignored
            }
            Some(_) => Status::Excluded,
            None => Status::Indexing,
        };
        let mut anchor = None;
        if status == Status::Indexing
            && let Some(id) = tag.get("id")
        {
            let id: String = id.chars().filter(|c| !c.is_whitespace()).collect();
            let marker = format!(" ___PAGEFIND_ANCHOR___{name}:{}:{id} ", self.anchors);
            self.top().value.push_str(&marker);
            anchor = Some(format!("{}:{id}", self.anchors));
            self.anchors += 1;
        }
        if status != Status::Excluded && name == "br" {
            self.top().value.push(' ');
        }
        let parent = self.top();
        let mut node = Node::new(
            name,
            match parent.status {
                Status::Excluded => Status::Excluded,
                _ => status,
            },
        );
        if !parent.anchors.is_empty() && INLINE.contains(&name) {
            node.anchors = parent.anchors.clone();
        }
        node.anchors.extend(anchor);
        node.weight = tag.get("data-pagefind-weight").map(str::to_string);
        if REMOVED.contains(&name) && node.status != Status::Excluded {
            node.status = Status::Ignored;
        }
        let void = VOID.contains(&name) || (tag.self_closing && self.in_foreign());
        if void {
            self.void(node, tag);
        } else {
            self.stack.push(node);
        }
    }

    /// Inside `svg` or `math`, where `<x/>` closes itself.
    fn in_foreign(&self) -> bool {
        (self.stack.iter()).any(|n| n.tag == "svg" || n.tag == "math")
    }

    /// An element without content (`<img>`): only what it says about the page.
    fn void(&mut self, node: Node, tag: &Tag) {
        if node.status == Status::Excluded || node.tag != "img" || self.image.is_some() {
            return;
        }
        // Pagefind takes the first image after the first h1, not after <title>.
        if self.auto_title.is_some()
            && let Some(src) = tag.get("src")
        {
            self.image = Some((normalize(src), tag.get("alt").map(normalize)));
        }
    }

    pub(super) fn close(&mut self, name: &str) {
        let Some(depth) = self.stack.iter().rposition(|n| n.tag == name) else {
            return;
        };
        if depth == 0 {
            return;
        }
        while self.stack.len() > depth {
            let node = self
                .stack
                .pop()
                .unwrap_or_else(|| Node::new("", Status::Ignored));
            self.end(node);
        }
    }

    /// The end of an element: its text, finished, joins its parent's.
    fn end(&mut self, mut node: Node) {
        if node.status == Status::Excluded {
            return;
        }
        if node.tag == "h1" && self.auto_title.is_none() && !node.value.trim().is_empty() {
            self.auto_title = Some(normalize(&node.value));
        }
        if node.tag == "title" && self.page_title.is_none() {
            self.page_title = Some(normalize(&node.value));
        }
        if node.status == Status::Ignored {
            return;
        }
        if SENTENCE.contains(&node.tag.as_str()) {
            node.value.insert(0, ' ');
            let ends_a_word = (node.value.chars().last())
                .is_some_and(|c| SENTENCE_END.is_match(c.encode_utf8(&mut [0; 4])));
            if ends_a_word {
                node.value.push('.');
            }
            node.value.push(' ');
        }
        let marker = match (&node.weight, node.tag.as_str()) {
            (Some(weight), _) => Some(format!(" ___PAGEFIND_WEIGHT___{weight} ")),
            (None, h) if h.len() == 2 && h.starts_with('h') => match h.as_bytes()[1] {
                level @ b'1'..=b'6' => Some(format!(
                    " ___PAGEFIND_AUTO_WEIGHT___{} ",
                    8 - (level - b'0')
                )),
                _ => None,
            },
            _ => None,
        };
        let parent = self.top();
        if let Some(marker) = marker {
            parent.value.push_str(&marker);
            parent.value.push_str(&node.value);
            parent.value.push_str(" ___END_PAGEFIND_WEIGHT___ ");
        } else {
            parent.value.push_str(&node.value);
        }
    }

    fn finish(mut self) -> Digest {
        // Elements never closed: their text joins their parents' as it is.
        while self.stack.len() > 1 {
            let node = self
                .stack
                .pop()
                .unwrap_or_else(|| Node::new("", Status::Ignored));
            if node.status == Status::Indexing {
                self.top().value.push_str(&node.value);
            }
        }
        let mut digest = self.digest;
        digest.text = normalize(&self.stack[0].value);
        if digest.language.is_empty() {
            digest.language = "unknown".into();
        }
        if let Some((image, alt)) = self.image {
            digest.meta.insert("image".into(), image);
            digest
                .meta
                .insert("image_alt".into(), alt.unwrap_or_default());
        }
        if let Some(title) = self.auto_title.or(self.page_title) {
            digest.meta.insert("title".into(), title);
        }
        digest
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn body(html: &str) -> Digest {
        Reader::read(&format!("<html lang=\"EN\"><body>{html}</body></html>"))
    }

    #[test]
    fn normalize_is_pagefinds_three_expressions() {
        let slow = |text: &str| {
            let text = html_escape::decode_html_entities(text);
            let text = regex(r"^[\n\r\s]+|[\n\r\s]+$").replace_all(&text, "");
            let text = regex("(\n|\r\n)+").replace_all(&text, " ");
            regex(r"\s{2,}").replace_all(&text, " ").into_owned()
        };
        for text in [
            "",
            " ",
            "\n a \n",
            "a\tb",
            "a\nb",
            "a\r\nb",
            "a\rb",
            "a\r\r\nb",
            "a\n\r\n\nb",
            "a \nb",
            "a\u{a0}b",
            "a&nbsp;b",
            "a&nbsp; b",
            "x\u{3000}\u{3000}y",
            "&amp;lt; &#x41;",
            "a\n\rb",
            " \t\r\n 注销\r\n\r\n卡 ",
        ] {
            assert_eq!(normalize(text), slow(text), "{text:?}");
        }
    }

    #[test]
    fn blocks_end_sentences_and_inline_tags_do_not() {
        let d = body(
            "<p>Sentences should have periods</p><p>Unless one exists.</p>\
             <div>Or it ends with punctuation:</div><p>Inline <b>bol</b>d and n<i>o</i>t</p>",
        );
        assert_eq!(
            d.text,
            "Sentences should have periods. Unless one exists. \
             Or it ends with punctuation: Inline bold and not."
        );
        assert_eq!(d.language, "en");
    }

    #[test]
    fn headings_weigh_and_ids_anchor() {
        let d = body("<h1>Title &amp; more</h1><h2 id=\"a b\">Part <code>x</code></h2><p>t</p>");
        assert_eq!(
            d.text,
            "___PAGEFIND_AUTO_WEIGHT___7 Title & more. ___END_PAGEFIND_WEIGHT___ \
             ___PAGEFIND_ANCHOR___h2:0:ab ___PAGEFIND_AUTO_WEIGHT___6 Part x. \
             ___END_PAGEFIND_WEIGHT___ t."
        );
        assert_eq!(d.meta["title"], "Title & more");
        assert_eq!(d.anchor_text["0:ab"], "Part x");
    }

    #[test]
    fn removed_and_ignored_elements_leave_nothing() {
        let d = body(
            "<p>Elements like:</p><form>Should <b>not</b> be</form><p>forms</p>\
             <script>var x = '<p>';</script><div> As well as <div data-pagefind-ignore>\
             Manually <p>ignored</p></div>*crickets*</div><!-- <p>comment</p> -->",
        );
        assert_eq!(d.text, "Elements like: forms. As well as *crickets*.");
    }

    #[test]
    fn title_is_the_first_h1_else_the_title_element_and_images_follow_it() {
        let d = Reader::read(
            "<html><head><title>T &lt;1&gt;</title></head><body>\
             <img src=\"/a.png\"><h1>H</h1><img src=\"/b.png?x=1&amp;y=2\" alt=\"B\">\
             <br/>x</body></html>",
        );
        assert_eq!(d.meta["title"], "H");
        assert_eq!(d.meta["image"], "/b.png?x=1&y=2");
        assert_eq!(d.meta["image_alt"], "B");
        assert_eq!(d.language, "unknown");
        assert_eq!(
            d.text,
            "___PAGEFIND_AUTO_WEIGHT___7 H. ___END_PAGEFIND_WEIGHT___ x"
        );
        let d = Reader::read("<html><head><title>T &lt;1&gt;</title></head><body>x</body></html>");
        assert_eq!(d.meta["title"], "T <1>");
    }
}
