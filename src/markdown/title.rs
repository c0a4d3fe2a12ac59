//! A page's title as its Markdown writes it: the text of the first level-1
//! heading (`# Title`, or `Title` underlined with `===`), for pages whose
//! front matter gives none. Headings inside code blocks do not count.

use pulldown_cmark::{Event, HeadingLevel, Parser, Tag, TagEnd};

/// The plain text of the body's first `# heading`, trimmed; `None` when
/// there is none or it is empty.
pub fn first_heading(body: &str) -> Option<String> {
    let mut inside = false;
    let mut title = String::new();
    for event in Parser::new_ext(body, super::options()) {
        match event {
            Event::Start(Tag::Heading {
                level: HeadingLevel::H1,
                ..
            }) => inside = true,
            Event::End(TagEnd::Heading(HeadingLevel::H1)) => {
                let title = title.trim();
                if !title.is_empty() {
                    return Some(title.to_string());
                }
                inside = false;
            }
            Event::Text(text) | Event::Code(text) if inside => title.push_str(&text),
            Event::SoftBreak | Event::HardBreak if inside => title.push(' '),
            _ => {}
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn atx_and_setext_headings_give_a_title() {
        assert_eq!(
            first_heading("intro\n\n# The *title* `x` {#id}\n").as_deref(),
            Some("The title x")
        );
        assert_eq!(
            first_heading("反应性\n======\n\ntext\n").as_deref(),
            Some("反应性")
        );
        assert_eq!(first_heading("## Not level one\n").as_deref(), None);
        assert_eq!(first_heading("```sh\n# comment\n```\n").as_deref(), None);
        assert_eq!(first_heading("#\n\n# Second\n").as_deref(), Some("Second"));
    }
}
