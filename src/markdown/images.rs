//! Images whose HTML the caller writes: `![alt](shot.png)` is handed to a
//! caller-supplied function with its destination as written and its alt
//! text, and whatever HTML that returns replaces pulldown-cmark's `<img>`.
//! Markdown knows nothing of image files; the caller (render) does.

use std::ops::Range;

use pulldown_cmark::{CowStr, Event, Tag, TagEnd};

/// An image as written, with its alt text as plain text.
#[derive(Debug, Clone)]
pub struct Image<'a> {
    /// The destination as written (`shot.png`).
    pub dest: &'a str,
    /// The URL the link rewriting made of it.
    pub url: &'a str,
    pub alt: &'a str,
    pub title: &'a str,
    /// Byte range in the Markdown body.
    pub span: Range<usize>,
}

/// Decides the HTML of an image; `None` keeps the usual `<img>`.
pub type ImageHtml<'h> = dyn FnMut(&Image) -> Option<String> + 'h;

/// Tracks the image being read, for one body.
pub(super) struct Images<'h, 'f> {
    hook: Option<&'h mut ImageHtml<'f>>,
    /// The outermost open image: its event index, destination as written
    /// and span; images in alt text nest inside it.
    open: Option<(usize, String, Range<usize>)>,
    depth: usize,
}

impl<'h, 'f> Images<'h, 'f> {
    pub(super) fn new(hook: Option<&'h mut ImageHtml<'f>>) -> Self {
        Images {
            hook,
            open: None,
            depth: 0,
        }
    }

    /// Notes an image's start (before its destination is rewritten), to be
    /// pushed at index `at`.
    #[inline(never)]
    pub(super) fn start(&mut self, event: &Event, span: &Range<usize>, at: usize) {
        if self.hook.is_none() {
            return;
        }
        if let Event::Start(Tag::Image { dest_url, .. }) = event {
            if self.depth == 0 {
                self.open = Some((at, dest_url.to_string(), span.clone()));
            }
            self.depth += 1;
        }
    }

    /// After an image's end was pushed: asks the hook for its HTML, and if
    /// it gives some, the image's events become that HTML (the rest empty
    /// text, so every index noted so far stays true).
    #[inline(never)]
    pub(super) fn end(&mut self, events: &mut [Event]) {
        if !matches!(events.last(), Some(Event::End(TagEnd::Image))) || self.depth == 0 {
            return;
        }
        self.depth -= 1;
        let (Some(hook), 0, Some((start, dest, span))) =
            (&mut self.hook, self.depth, self.open.take())
        else {
            return;
        };
        let Some(Event::Start(Tag::Image {
            dest_url, title, ..
        })) = events.get(start)
        else {
            return;
        };
        let alt = alt_text(&events[start + 1..events.len() - 1]);
        let image = Image {
            dest: &dest,
            url: dest_url,
            alt: &alt,
            title,
            span,
        };
        let Some(html) = hook(&image) else { return };
        events[start] = Event::InlineHtml(CowStr::from(html));
        for event in &mut events[start + 1..] {
            *event = Event::Text(CowStr::Borrowed(""));
        }
    }
}

/// The plain text of an image's alt events.
fn alt_text(events: &[Event]) -> String {
    let mut alt = String::new();
    for event in events {
        match event {
            Event::Text(text) | Event::Code(text) => alt.push_str(text),
            Event::SoftBreak | Event::HardBreak => alt.push(' '),
            _ => {}
        }
    }
    alt
}

#[cfg(test)]
mod tests {
    use crate::markdown::render_with_images;

    #[test]
    fn the_hook_writes_an_image_or_leaves_it() {
        let body = "# T\n\nSee ![a *b* `c`](x.png \"t\") and ![d](y.png).\n";
        let mut seen = Vec::new();
        let r = render_with_images(
            body,
            &crate::markdown::Labels::default(),
            &mut |l| Some(format!("/out/{}", l.dest)),
            Some(&mut |image: &super::Image| {
                seen.push((
                    image.dest.to_string(),
                    image.url.to_string(),
                    image.alt.to_string(),
                    image.title.to_string(),
                ));
                (image.dest == "x.png").then(|| "<picture>X</picture>".to_string())
            }),
        );
        assert!(
            r.html
                .contains("See <picture>X</picture> and <img src=\"/out/y.png\" alt=\"d\" />"),
            "{}",
            r.html
        );
        assert_eq!(
            seen[0],
            (
                "x.png".into(),
                "/out/x.png".into(),
                "a b c".into(),
                "t".into()
            )
        );
        assert_eq!(r.word_count, 7, "alt text still counts");
    }
}
