//! Markdown → HTML with pulldown-cmark: GitHub-style heading ids, a table of
//! contents, a summary, word counts that treat each CJK character as a word,
//! and relative links to content files rewritten to their output URLs. Also
//! what documentation sites write: GitHub alerts, `:::` containers,
//! definition lists, e-mail autolinks, footnotes with unique ids, and
//! task-list checkboxes with names.

mod alerts;
mod containers;
mod footnotes;
mod headings;
mod images;
mod labels;
mod links;
mod tasks;
mod title;

use std::sync::LazyLock;

use pulldown_cmark::{Event, HeadingLevel, Options, Parser, Tag, TagEnd, html};

pub use headings::Heading;
use headings::number_headings;
pub use images::{Image, ImageHtml};
pub use labels::Labels;
use links::rewrite_link;
pub use links::{EmittedLink, Link};
pub use title::first_heading;

use crate::words::WordCounter;

/// One Markdown body as HTML, with what was noted while rendering it.
#[derive(Debug, Clone, Default)]
pub struct Body {
    pub html: String,
    pub summary: Option<String>,
    pub toc: Vec<Heading>,
    pub word_count: usize,
    pub reading_time: usize,
    /// Every id in the HTML (headings, footnotes), for anchor checks.
    pub ids: Vec<String>,
    /// Every link and image as emitted, with where it was written, so
    /// `check` can report a broken one at its Markdown line.
    pub links: Vec<EmittedLink>,
    /// Whether the text opens with a `# heading`: the page's title is
    /// then in its body, and a theme prints no second one.
    pub opens_with_title: bool,
    /// The output path and alt text of each image of the body that is a
    /// content image, in order; Markdown knows no files, so the caller
    /// (render's image hook) fills it in.
    pub images: Vec<(String, String)>,
}

pub(crate) fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_HEADING_ATTRIBUTES
        | Options::ENABLE_DEFINITION_LIST
        | Options::ENABLE_GFM
}

static ENGLISH: LazyLock<Labels> = LazyLock::new(Labels::default);

/// Renders `body` with English labels (see [`render_with`]).
pub fn render(body: &str, rewrite: &mut dyn FnMut(&Link) -> Option<String>) -> Body {
    render_with(body, &ENGLISH, rewrite)
}

/// Renders `body`, the titles of its alerts and containers in `labels`.
/// `rewrite` turns a link destination into the URL to emit, or reports why
/// it cannot (the caller turns that into a diagnostic).
pub fn render_with(
    body: &str,
    labels: &Labels,
    rewrite: &mut dyn FnMut(&Link) -> Option<String>,
) -> Body {
    render_with_images(body, labels, rewrite, None)
}

/// `render_with`, and `image_html` writes the HTML of each image it
/// chooses (a processed content image's `<picture>`).
pub fn render_with_images(
    body: &str,
    labels: &Labels,
    rewrite: &mut dyn FnMut(&Link) -> Option<String>,
    image_html: Option<&mut ImageHtml>,
) -> Body {
    let prepared = containers::prepare(body, labels);
    let mut collected = Collected::new(body.len());
    let mut images = images::Images::new(image_html);
    let mut marks = prepared.marks.iter().peekable();
    for (mut event, span) in Parser::new_ext(&prepared.text, options()).into_offset_iter() {
        if let Event::Html(_) = event {
            while let Some(&(_, step)) = marks.next_if(|(at, _)| *at < span.end) {
                collected.containers = collected.containers.saturating_add_signed(step.into());
            }
        }
        let span = prepared.original(span);
        // Most events are neither images nor alerts: one cheap test each
        // keeps the hooks out of the hot loop.
        let image = matches!(
            event,
            Event::Start(Tag::Image { .. }) | Event::End(TagEnd::Image)
        );
        if image {
            images.start(&event, &span, collected.events.len());
        }
        rewrite_link(&mut event, span, rewrite, &mut collected.links);
        collected.note(&event);
        if collected.alerts {
            alerts::convert(&mut event, labels);
        }
        collected.events.push(event);
        if image {
            images.end(&mut collected.events);
        }
    }
    let Collected {
        mut events,
        headings,
        summary_end,
        first_paragraph_end,
        words,
        links,
        footnotes,
        tasks,
        ..
    } = collected;
    let opens_with_title = matches!(
        events.first(),
        Some(Event::Start(Tag::Heading {
            level: HeadingLevel::H1,
            ..
        }))
    );
    let toc = number_headings(&mut events, &headings);
    let mut ids: Vec<String> = toc.iter().map(|h| h.id.clone()).collect();
    if footnotes {
        ids.extend(footnotes::number_footnotes(&mut events, &ids, labels));
    }
    if tasks {
        tasks::label_tasks(&mut events);
    }
    let summary = summary_end.or(first_paragraph_end).map(|end| {
        let mut html = String::new();
        html::push_html(&mut html, events[..end].iter().cloned());
        html
    });
    let mut out = String::with_capacity(body.len() * 3 / 2);
    html::push_html(&mut out, events.into_iter());
    let (word_count, reading_time) = words.finish();
    Body {
        html: out,
        summary,
        toc,
        word_count,
        reading_time,
        ids,
        links,
        opens_with_title,
        images: Vec::new(),
    }
}

/// The events of one body, and what was noted while they went by.
struct Collected<'a> {
    events: Vec<Event<'a>>,
    /// (start, end) event indexes of each heading.
    headings: Vec<(usize, usize)>,
    open_heading: Option<usize>,
    /// Where `<!-- more -->` stands.
    summary_end: Option<usize>,
    first_paragraph_end: Option<usize>,
    /// How many tags are open, to tell a top-level paragraph.
    depth: usize,
    /// How many `:::` containers are open (their HTML is not a tag here).
    containers: usize,
    /// Whether the body has footnotes, task-list items, GitHub alerts: the
    /// passes that rewrite them run only then.
    footnotes: bool,
    tasks: bool,
    alerts: bool,
    words: WordCounter,
    links: Vec<EmittedLink>,
}

impl<'a> Collected<'a> {
    fn new(body_len: usize) -> Self {
        Collected {
            // About one event per eight bytes of a typical guide: sized once
            // instead of grown a dozen times.
            events: Vec::with_capacity(body_len / 8),
            headings: Vec::new(),
            open_heading: None,
            summary_end: None,
            first_paragraph_end: None,
            depth: 0,
            containers: 0,
            footnotes: false,
            tasks: false,
            alerts: false,
            words: WordCounter::default(),
            links: Vec::new(),
        }
    }

    /// Notes `event`, about to be pushed at `self.events.len()`.
    fn note(&mut self, event: &Event<'a>) {
        let at = self.events.len();
        match event {
            Event::Start(Tag::Heading { .. }) => self.open_heading = Some(at),
            Event::End(TagEnd::Heading(_)) => {
                if let Some(start) = self.open_heading.take() {
                    self.headings.push((start, at));
                }
            }
            Event::Html(html) | Event::InlineHtml(html)
                if html.trim() == "<!-- more -->" && self.summary_end.is_none() =>
            {
                self.summary_end = Some(at);
            }
            Event::Text(text) | Event::Code(text) => self.words.feed(text),
            Event::FootnoteReference(_) | Event::Start(Tag::FootnoteDefinition(_)) => {
                self.footnotes = true;
            }
            Event::TaskListMarker(_) => self.tasks = true,
            Event::Start(Tag::BlockQuote(Some(_))) => self.alerts = true,
            _ => {}
        }
        match event {
            Event::Start(_) => self.depth += 1,
            Event::End(end) => {
                self.depth = self.depth.saturating_sub(1);
                let top_paragraph =
                    self.depth == 0 && self.containers == 0 && matches!(end, TagEnd::Paragraph);
                if top_paragraph && self.first_paragraph_end.is_none() {
                    self.first_paragraph_end = Some(at + 1);
                }
            }
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn plain(body: &str) -> Body {
        render(body, &mut |_| None)
    }

    #[test]
    fn github_heading_ids_unique_per_page() {
        let r = plain("## 费用\n\n## Before you start!\n\n## 费用\n\n## Fees {#fees}\n");
        let ids: Vec<&str> = r.toc.iter().map(|h| h.id.as_str()).collect();
        assert_eq!(ids, ["费用", "before-you-start", "费用-1", "fees"]);
        assert!(r.html.contains(r#"<h2 id="费用">费用</h2>"#), "{}", r.html);
    }

    #[test]
    fn heading_ids_stay_unique_on_a_page_of_many_headings() {
        let r = plain(&"## Fees\n\n## Fees-1\n\n".repeat(40));
        let ids: Vec<&str> = r.toc.iter().map(|h| h.id.as_str()).collect();
        assert_eq!(&ids[..4], ["fees", "fees-1", "fees-2", "fees-1-1"]);
        let unique: std::collections::HashSet<&str> = ids.iter().copied().collect();
        assert_eq!(unique.len(), 80);
    }

    #[test]
    fn extensions_are_on() {
        let r = plain(
            "| a | b |\n|---|---|\n| 1 | 2 |\n\n~~x~~\n\n- [x] done\n\nNote[^1]\n\n[^1]: foot\n",
        );
        assert!(r.html.contains("<table>"));
        assert!(r.html.contains("<del>x</del>"));
        assert!(r.html.contains("checkbox"));
        assert!(r.html.contains("footnote"));
    }

    #[test]
    fn summary_is_first_paragraph_or_before_more() {
        assert_eq!(
            plain("First.\n\nSecond.\n").summary.as_deref(),
            Some("<p>First.</p>\n")
        );
        let r = plain("One.\n\nTwo.\n\n<!-- more -->\n\nThree.\n");
        assert!(r.summary.as_deref().unwrap().contains("Two."));
        assert!(!r.summary.as_deref().unwrap().contains("Three."));
    }

    #[test]
    fn links_are_rewritten_with_their_span() {
        let body = "See [x](a.md#fees) and ![i](p.jpg).";
        let mut seen = Vec::new();
        let r = render(body, &mut |l| {
            seen.push((l.dest.to_string(), l.span.clone(), l.is_image));
            Some(format!("/out/{}", l.dest))
        });
        assert!(r.html.contains(r#"href="/out/a.md#fees""#));
        assert!(r.html.contains(r#"src="/out/p.jpg""#));
        assert_eq!(&body[seen[0].1.clone()], "[x](a.md#fees)");
        assert!(seen[1].2);
    }

    #[test]
    fn containers_alerts_and_definition_lists_render() {
        let r = plain(
            "Intro.\n\n- one\n  ::: tip\n  inside **item**\n  :::\n- two\n\n::: warning\n- a\n- b\n:::\n\n> [!NOTE]\n> Read.\n\nTerm\n: Meaning\n\nMail <hello@example.org>.\n",
        );
        let html = &r.html;
        assert!(!html.contains(":::") && !html.contains("[!NOTE]"), "{html}");
        assert!(
            html.contains(
                "<aside class=\"alert alert-tip\" role=\"note\">\n<p class=\"alert-title\">Tip</p>"
            ),
            "{html}"
        );
        assert!(html.contains("<strong>item</strong>"), "{html}");
        assert!(html.contains("<li>b</li>\n</ul>\n</aside>"), "{html}");
        assert!(
            html.contains("<p class=\"alert-title\">Note</p>\n<p>Read.</p>\n</aside>"),
            "{html}"
        );
        assert!(
            html.contains("<dl>\n<dt>Term</dt>\n<dd>Meaning</dd>\n</dl>"),
            "{html}"
        );
        assert!(
            html.contains("<a href=\"mailto:hello@example.org\">"),
            "{html}"
        );
        assert_eq!(r.links[0].href, "mailto:hello@example.org");
        assert_eq!(r.summary.as_deref(), Some("<p>Intro.</p>\n"));
    }

    #[test]
    fn a_container_in_a_blockquote_stays_in_it() {
        let r = plain("> Quote.\n> ::: warning\n> Careful.\n> :::\n> End.\n");
        assert_eq!(
            r.html,
            "<blockquote>\n<p>Quote.</p>\n<aside class=\"alert alert-warning\" role=\"note\">\n<p class=\"alert-title\">Warning</p>\n<p>Careful.</p>\n</aside>\n<p>End.</p>\n</blockquote>\n"
        );
    }

    #[test]
    fn a_summary_never_ends_inside_a_container() {
        let r = plain("::: tip\nInside.\n:::\n\nAfter.\n");
        let summary = r.summary.unwrap_or_default();
        assert!(summary.ends_with("</aside>\n<p>After.</p>\n"), "{summary}");
    }
}
