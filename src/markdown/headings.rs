//! Heading ids, as GitHub makes them (so links written for GitHub keep
//! working), unique within a page, and the table of contents they make.

use std::collections::HashSet;

use pulldown_cmark::{CowStr, Event, HeadingLevel, Tag};

/// One entry of a page's table of contents.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Heading {
    pub level: u8,
    pub id: String,
    pub title: String,
}

/// Gives every heading its id (written `{#id}`, else made from its text),
/// unique within the page, and lists them as the table of contents.
pub(super) fn number_headings(events: &mut [Event], headings: &[(usize, usize)]) -> Vec<Heading> {
    let mut used = Used::default();
    let mut toc = Vec::with_capacity(headings.len());
    for &(start, end) in headings {
        let title: String = events[start + 1..end]
            .iter()
            .filter_map(|e| match e {
                Event::Text(t) | Event::Code(t) => Some(t.as_ref()),
                _ => None,
            })
            .collect();
        let Event::Start(Tag::Heading {
            level,
            id,
            classes,
            attrs,
        }) = &events[start]
        else {
            continue;
        };
        let wanted = id
            .as_ref()
            .map_or_else(|| heading_id(&title), |i| i.to_string());
        let unique = unique_id(&wanted, &mut used);
        toc.push(Heading {
            level: level_number(*level),
            id: unique.clone(),
            title: title.trim().to_string(),
        });
        events[start] = Event::Start(Tag::Heading {
            level: *level,
            id: Some(CowStr::from(unique)),
            classes: classes.clone(),
            attrs: attrs.clone(),
        });
    }
    toc
}

fn level_number(level: HeadingLevel) -> u8 {
    level as u8
}

/// GitHub's rule: lowercase, drop punctuation, spaces to hyphens; letters
/// and digits of every script are kept (`## 费用` → `费用`).
pub(crate) fn heading_id(title: &str) -> String {
    let mut id = String::with_capacity(title.len());
    for c in title.trim().chars() {
        // ASCII, most headings: the same rules without Unicode tables.
        if c.is_ascii() {
            if c.is_ascii_alphanumeric() || c == '_' || c == '-' {
                id.push(c.to_ascii_lowercase());
            } else if c == ' ' {
                id.push('-');
            }
            continue;
        }
        // CJK ideographs, most of a Chinese heading: letters without
        // case, kept as they are (without Unicode's tables).
        if ('\u{4E00}'..='\u{9FFF}').contains(&c) {
            id.push(c);
            continue;
        }
        if c.is_alphanumeric() || c == '_' || c == '-' {
            id.extend(c.to_lowercase());
        } else if c == ' ' {
            id.push('-');
        } else if is_mark(c) {
            // Khmer and other scripts write vowels as combining marks.
            id.push(c);
        }
    }
    id
}

fn is_mark(c: char) -> bool {
    matches!(c as u32, 0x0300..=0x036F | 0x17B4..=0x17D3 | 0x17DD | 0x0900..=0x0DFF)
        && !c.is_whitespace()
        && !c.is_ascii_punctuation()
}

/// The ids given so far on a page. Pages have a few headings: a list
/// searched in order is cheaper than hashing every id, and a page with
/// very many switches to a set.
#[derive(Default)]
struct Used {
    list: Vec<String>,
    set: Option<HashSet<String>>,
}

impl Used {
    const LIST_MAX: usize = 32;

    fn contains(&self, id: &str) -> bool {
        match &self.set {
            Some(set) => set.contains(id),
            None => self.list.iter().any(|used| used == id),
        }
    }

    fn insert(&mut self, id: String) {
        match &mut self.set {
            Some(set) => {
                set.insert(id);
            }
            None if self.list.len() < Self::LIST_MAX => self.list.push(id),
            None => {
                let mut set: HashSet<String> = self.list.drain(..).collect();
                set.insert(id);
                self.set = Some(set);
            }
        }
    }
}

fn unique_id(wanted: &str, used: &mut Used) -> String {
    let base = if wanted.is_empty() { "section" } else { wanted };
    let mut candidate = base.to_string();
    let mut n = 1;
    while used.contains(&candidate) {
        candidate = format!("{base}-{n}");
        n += 1;
    }
    used.insert(candidate.clone());
    candidate
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The shortcut for CJK ideographs gives what the general rule gives.
    #[test]
    fn cjk_ideographs_are_letters_without_case() {
        for c in '\u{4E00}'..='\u{9FFF}' {
            assert!(c.is_alphanumeric(), "{c:?}");
            assert!(c.to_lowercase().eq([c]), "{c:?}");
        }
        assert_eq!(heading_id("话费 Top-Up 查询"), "话费-top-up-查询");
    }
}
