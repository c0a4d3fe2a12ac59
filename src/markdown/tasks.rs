//! Task-list checkboxes named by their item's text (`aria-label`), so a
//! screen reader says what is done and what is not.

use pulldown_cmark::{CowStr, Event, Tag, TagEnd};

use crate::html::escape;

/// Rewrites each task marker in `events` as a checkbox with a name.
pub(super) fn label_tasks(events: &mut [Event]) {
    for i in 0..events.len() {
        let Event::TaskListMarker(checked) = events[i] else {
            continue;
        };
        let mut text = String::new();
        for event in &events[i + 1..] {
            match event {
                Event::Text(t) | Event::Code(t) => text.push_str(t),
                Event::SoftBreak | Event::HardBreak => text.push(' '),
                Event::End(TagEnd::Paragraph | TagEnd::Item)
                | Event::Start(Tag::List(_) | Tag::Paragraph) => break,
                _ => {}
            }
        }
        let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
        let label = if text.is_empty() {
            String::new()
        } else {
            format!(" aria-label=\"{}\"", escape(&text))
        };
        let checked = if checked { " checked=\"\"" } else { "" };
        events[i] = Event::InlineHtml(CowStr::from(format!(
            "<input disabled=\"\" type=\"checkbox\"{checked}{label}/>\n"
        )));
    }
}

#[cfg(test)]
mod tests {
    use super::super::render;

    #[test]
    fn checkboxes_are_named_by_their_item() {
        let r = render(
            "- [x] Buy a *SIM* card\n- [ ] Top up `*888#`\n  - nested\n",
            &mut |_| None,
        );
        assert!(r.html.contains("<input disabled=\"\" type=\"checkbox\" checked=\"\" aria-label=\"Buy a SIM card\"/>"), "{}", r.html);
        assert!(
            r.html.contains("aria-label=\"Top up *888#\"/>"),
            "{}",
            r.html
        );
    }
}
