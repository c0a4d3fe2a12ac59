//! Escaping text for the few places that write HTML by hand (search
//! documents, the serve error overlay) and for the `escape_xml` filter;
//! templates otherwise escape through Tera.

/// Text → HTML or XML text (`&`, `<`, `>`, `"`, `'` escaped), with
/// pulldown-cmark's SIMD escaper, the one the Markdown output already goes
/// through.
pub(crate) fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 8);
    // Writing into a String cannot fail; were it ever to, emit nothing
    // rather than unescaped text.
    if pulldown_cmark_escape::escape_html(&mut out, text).is_err() {
        out.clear();
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markup_and_quotes() {
        assert_eq!(escape(r#"<b> & "q""#), "&lt;b&gt; &amp; &quot;q&quot;");
        assert_eq!(escape("注销 Smart"), "注销 Smart");
        assert_eq!(escape("Tom's"), "Tom&#39;s");
    }
}
