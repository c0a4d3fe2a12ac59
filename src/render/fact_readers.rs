//! Which templates may show a profile's `facts` list, read from their
//! text: `watch` renders those again after a fact edit (besides whatever
//! called `fact()` for the fact), and no other.
//!
//! A template reads the list when its text, a component it calls, or a
//! template it extends, includes or imports holds `.facts` (or `?.facts`,
//! `["facts"]`) on anything but `extra`: `page.extra.facts` is a page's own
//! list, whose registry facts come through `fact()`, which records itself.

use std::collections::{BTreeMap, BTreeSet};

/// The names of the templates (of `texts`: name → text) that may show a
/// profile's facts.
pub(crate) fn readers<'a>(texts: impl IntoIterator<Item = (&'a str, &'a str)>) -> BTreeSet<String> {
    let texts: BTreeMap<&str, &str> = texts.into_iter().collect();
    let components = components(texts.values().copied());
    // Components calling components: grow until nothing changes.
    let mut flagged: BTreeSet<&str> = components
        .iter()
        .filter(|(_, body)| reads_facts(body))
        .map(|(name, _)| *name)
        .collect();
    loop {
        let more: Vec<&str> = components
            .iter()
            .filter(|(name, body)| !flagged.contains(*name) && calls_any(body, &flagged))
            .map(|(name, _)| *name)
            .collect();
        if more.is_empty() {
            break;
        }
        flagged.extend(more);
    }
    let direct = |text: &str| reads_facts(text) || calls_any(text, &flagged);
    let mut readers: BTreeSet<&str> = texts
        .iter()
        .filter(|(_, text)| direct(text))
        .map(|(name, _)| *name)
        .collect();
    // Templates pulling in a reader by name: grow the same way.
    loop {
        let more: Vec<&str> = texts
            .iter()
            .filter(|(name, text)| {
                !readers.contains(*name) && readers.iter().any(|r| names(text, r))
            })
            .map(|(name, _)| *name)
            .collect();
        if more.is_empty() {
            break;
        }
        readers.extend(more);
    }
    readers.into_iter().map(str::to_string).collect()
}

/// Whether `text` reads `facts` off a value other than `extra`.
fn reads_facts(text: &str) -> bool {
    text.match_indices("facts").any(|(at, _)| {
        let head = &text[..at];
        let on = if let Some(dot) = head.strip_suffix('.') {
            dot.strip_suffix('?').unwrap_or(dot)
        } else if let Some(open) = head.strip_suffix("[\"").or_else(|| head.strip_suffix("['")) {
            open
        } else {
            return false;
        };
        !on.ends_with("extra")
    })
}

/// `{% component NAME(…) %}…{% endcomponent NAME %}` definitions: (name, body).
pub(super) fn components<'a>(texts: impl Iterator<Item = &'a str>) -> Vec<(&'a str, &'a str)> {
    let mut found = Vec::new();
    for text in texts {
        let mut rest = text;
        while let Some(at) = rest.find("component ") {
            let opens = rest[..at].trim_end().trim_end_matches('-').ends_with("{%");
            let after = &rest[at + "component ".len()..];
            let name_len = after
                .find(|c: char| !(c.is_alphanumeric() || c == '_'))
                .unwrap_or(after.len());
            let name = &after[..name_len];
            if !opens || name.is_empty() {
                rest = after;
                continue;
            }
            let end = after.find("endcomponent").unwrap_or(after.len());
            found.push((name, &after[..end]));
            rest = &after[end..];
        }
    }
    found
}

/// Whether `text` calls one of `components` (`<NAME …/>`).
fn calls_any(text: &str, components: &BTreeSet<&str>) -> bool {
    components.iter().any(|name| calls(text, name))
}

/// Whether `text` calls component `name`.
pub(super) fn calls(text: &str, name: &str) -> bool {
    text.match_indices(&format!("<{name}"))
        .any(|(at, m)| !text[at + m.len()..].starts_with(|c: char| c.is_alphanumeric() || c == '_'))
}

/// Whether `text` names template `name` in quotes (extends, include, import).
pub(super) fn names(text: &str, name: &str) -> bool {
    text.contains(&format!("\"{name}\"")) || text.contains(&format!("'{name}'"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_the_templates_that_show_a_profiles_facts() {
        let templates = [
            ("base.html", "{% block content %}{% endblock content %}"),
            (
                "components.html",
                "{% component card(op) %}{{ op.profile?.facts }}{% endcomponent card %}\n\
                 {% component grid(ops) %}{% for o in ops %}{{ <card op={o}/> }}{% endfor %}{% endcomponent grid %}\n\
                 {% component crumbs(x) %}{{ x }}{% endcomponent crumbs %}",
            ),
            (
                "term.html",
                "{% extends \"base.html\" %}{% set f = term.profile.facts %}",
            ),
            (
                "index.html",
                "{% extends \"base.html\" %}{{ <grid ops={x}/> }}",
            ),
            (
                "page.html",
                "{% extends \"base.html\" %}{% set facts = page.extra?.facts %}{{ <crumbs x={facts}/> }} class=\"facts\" {{ x.extra[\"facts\"] }}",
            ),
            ("section.html", "{% include \"list.html\" %}"),
            ("list.html", "{{ t[\"facts\"] }}"),
        ];
        let found = readers(templates);
        let found: Vec<&str> = found.iter().map(String::as_str).collect();
        // components.html counts too (it is never rendered itself).
        assert_eq!(
            found,
            [
                "components.html",
                "index.html",
                "list.html",
                "section.html",
                "term.html"
            ]
        );
    }
}
