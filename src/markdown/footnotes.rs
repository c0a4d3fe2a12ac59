//! Footnotes with ids that are valid and unique within the page:
//! `fn-LABEL` for the note, `fnref-LABEL` (then `fnref-LABEL-2`, …) for
//! each place it is cited, and a link back from the note to each of them.
//! Numbers are given in order of first appearance, as pulldown-cmark does.

use std::collections::{HashMap, HashSet};

use pulldown_cmark::{CowStr, Event, Tag, TagEnd};

use super::headings::heading_id;
use super::labels::Labels;
use crate::html::escape;

/// One footnote: its number, the slug of its ids, how often it is cited.
struct Note {
    number: usize,
    slug: String,
    cited: usize,
}

/// Rewrites the footnote events of `events` as HTML with unique ids (none
/// equal to one in `taken`, the headings'); returns the ids it wrote.
pub(super) fn number_footnotes(
    events: &mut [Event],
    taken: &[String],
    labels: &Labels,
) -> Vec<String> {
    let mut notes: HashMap<String, Note> = HashMap::new();
    let mut order: Vec<String> = Vec::new();
    for event in events.iter() {
        let (name, cites) = match event {
            Event::FootnoteReference(name) => (name, 1),
            Event::Start(Tag::FootnoteDefinition(name)) => (name, 0),
            _ => continue,
        };
        let next = notes.len() + 1;
        let note = notes.entry(name.to_string()).or_insert_with(|| {
            order.push(name.to_string());
            Note {
                number: next,
                slug: String::new(),
                cited: 0,
            }
        });
        note.cited += cites;
    }
    if notes.is_empty() {
        return Vec::new();
    }
    let mut used: HashSet<String> = taken.iter().cloned().collect();
    let mut ids = Vec::new();
    for name in &order {
        let Some(note) = notes.get_mut(name) else {
            continue;
        };
        note.slug = free_slug(name, note, &used);
        for id in note_ids(&note.slug, note.cited) {
            used.insert(id.clone());
            ids.push(id);
        }
    }
    rewrite(events, &notes, labels);
    ids
}

/// The slug for `name` whose ids are all free.
fn free_slug(name: &str, note: &Note, used: &HashSet<String>) -> String {
    let base = match heading_id(name) {
        slug if slug.is_empty() => note.number.to_string(),
        slug => slug,
    };
    let mut slug = base.clone();
    let mut n = 1;
    while note_ids(&slug, note.cited)
        .iter()
        .any(|id| used.contains(id))
    {
        slug = format!("{base}-{n}");
        n += 1;
    }
    slug
}

/// The note's id, then one per citation.
fn note_ids(slug: &str, cited: usize) -> Vec<String> {
    let mut ids = vec![format!("fn-{slug}")];
    ids.extend((1..=cited).map(|k| ref_id(slug, k)));
    ids
}

fn ref_id(slug: &str, k: usize) -> String {
    if k == 1 {
        format!("fnref-{slug}")
    } else {
        format!("fnref-{slug}-{k}")
    }
}

fn rewrite(events: &mut [Event], notes: &HashMap<String, Note>, labels: &Labels) {
    let mut seen: HashMap<&str, usize> = HashMap::new();
    let mut open: Option<&Note> = None;
    let back = escape(&labels.footnote_back);
    for event in events.iter_mut() {
        let html = match event {
            Event::FootnoteReference(name) => {
                let Some(note) = notes.get(name.as_ref()) else {
                    continue;
                };
                let k = seen.entry(note.slug.as_str()).or_insert(0);
                *k += 1;
                let (slug, number) = (&note.slug, note.number);
                let id = ref_id(slug, *k);
                *event = Event::InlineHtml(CowStr::from(format!(
                    "<sup class=\"footnote-reference\" id=\"{id}\"><a href=\"#fn-{slug}\">{number}</a></sup>"
                )));
                continue;
            }
            Event::Start(Tag::FootnoteDefinition(name)) => {
                let Some(note) = notes.get(name.as_ref()) else {
                    continue;
                };
                open = Some(note);
                format!(
                    "<div class=\"footnote-definition\" id=\"fn-{}\"><sup class=\"footnote-definition-label\">{}</sup>",
                    note.slug, note.number
                )
            }
            Event::End(TagEnd::FootnoteDefinition) => {
                let Some(note) = open.take() else {
                    continue;
                };
                let mut html = String::new();
                for k in 1..=note.cited {
                    let nth = if note.cited > 1 {
                        format!(" ({k})")
                    } else {
                        String::new()
                    };
                    html.push_str(&format!(
                        "<a href=\"#{}\" class=\"footnote-backref\" aria-label=\"{back}{nth}\">↩</a>",
                        ref_id(&note.slug, k)
                    ));
                }
                html.push_str("</div>\n");
                html
            }
            _ => continue,
        };
        *event = Event::Html(CowStr::from(html));
    }
}

#[cfg(test)]
mod tests {
    use super::super::render;

    #[test]
    fn ids_are_unique_valid_and_linked_both_ways() {
        let r = render(
            "# fn-a\n\nOne[^a], again[^a], two[^b 2].\n\n[^a]: First.\n\n[^b 2]: Second.\n",
            &mut |_| None,
        );
        let html = &r.html;
        assert!(
            html.contains(
                "<sup class=\"footnote-reference\" id=\"fnref-a-1\"><a href=\"#fn-a-1\">1</a></sup>"
            ),
            "{html}"
        );
        assert!(html.contains("id=\"fnref-a-1-2\""), "{html}");
        assert!(
            html.contains("<div class=\"footnote-definition\" id=\"fn-a-1\">"),
            "{html}"
        );
        assert!(html.contains("href=\"#fnref-a-1-2\""), "{html}");
        assert!(html.contains("id=\"fn-b-2\""), "{html}");
        assert!(!html.contains("id=\"a\""), "{html}");
        let mut ids = r.ids.clone();
        ids.sort();
        ids.dedup();
        assert_eq!(ids.len(), r.ids.len(), "{:?}", r.ids);
        assert!(r.ids.iter().all(|id| !id.contains(' ')));
    }
}
