//! The words each template may read, from its text: its own, those of the
//! templates it names in quotes (extends, include, import) and those of
//! the components it calls (`<NAME …/>`), each followed to the end. After
//! an edit that changes some fields of a value (a list's page titles, a
//! term's count), `watch` re-renders a file holding that value only when
//! its template's words name one of them: a page template that never says
//! `count` does not show how many guides a term has.
//!
//! A word is a name (`[A-Za-z_][A-Za-z0-9_]*`); a template reading a field
//! by a computed name (`p[key]`) is beyond this, and is the one way to
//! fool it.

use std::collections::{BTreeMap, BTreeSet};

/// Template name → every word it and what it pulls in may read.
pub(crate) fn words<'a>(
    texts: impl IntoIterator<Item = (&'a str, &'a str)>,
) -> BTreeMap<String, BTreeSet<String>> {
    let texts: BTreeMap<&str, &str> = texts.into_iter().collect();
    let components = super::fact_readers::components(texts.values().copied());
    let own: BTreeMap<&str, BTreeSet<String>> = texts
        .iter()
        .map(|(name, text)| (*name, split(text)))
        .collect();
    // What each template and component pulls in directly.
    let mut pulls: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for (name, text) in &texts {
        let mut set: BTreeSet<String> = texts
            .keys()
            .filter(|other| *other != name && super::fact_readers::names(text, other))
            .map(|other| (*other).to_string())
            .collect();
        set.extend(called(text, &components));
        pulls.insert((*name).to_string(), set);
    }
    for (name, body) in &components {
        pulls
            .entry(component_key(name))
            .or_default()
            .extend(called(body, &components));
    }
    let mut words_of: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for (name, set) in &own {
        words_of.insert((*name).to_string(), set.clone());
    }
    for (name, body) in &components {
        words_of
            .entry(component_key(name))
            .or_default()
            .extend(split(body));
    }
    texts
        .keys()
        .map(|name| {
            let mut all = BTreeSet::new();
            let mut seen = BTreeSet::new();
            let mut todo = vec![(*name).to_string()];
            while let Some(next) = todo.pop() {
                if !seen.insert(next.clone()) {
                    continue;
                }
                all.extend(words_of.get(&next).into_iter().flatten().cloned());
                todo.extend(pulls.get(&next).into_iter().flatten().cloned());
            }
            ((*name).to_string(), all)
        })
        .collect()
}

fn component_key(name: &str) -> String {
    format!("<{name}>")
}

/// The components `text` calls, as keys.
fn called(text: &str, components: &[(&str, &str)]) -> Vec<String> {
    components
        .iter()
        .filter(|(name, _)| super::fact_readers::calls(text, name))
        .map(|(name, _)| component_key(name))
        .collect()
}

/// Every name in `text`, and every `name.field` (also written
/// `name?.field`), so that a field read off one variable can be told from
/// the same field read off another.
fn split(text: &str) -> BTreeSet<String> {
    let mut words = BTreeSet::new();
    let mut last: Option<&str> = None;
    let mut rest = text;
    while !rest.is_empty() {
        let start = rest
            .find(|c: char| c.is_ascii_alphabetic() || c == '_')
            .unwrap_or(rest.len());
        let between = &rest[..start];
        rest = &rest[start..];
        let end = rest
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
            .unwrap_or(rest.len());
        let word = &rest[..end];
        if word.is_empty() {
            break;
        }
        let joined = between == "." || between == "?.";
        if let (Some(before), true) = (last, joined) {
            words.insert(format!("{before}.{word}"));
        }
        words.insert(word.to_string());
        last = Some(word);
        rest = &rest[end..];
    }
    words
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn follows_extends_includes_and_components() {
        let found = words([
            (
                "base.html",
                "{{ site.title }}{% block content %}{% endblock content %}",
            ),
            (
                "components.html",
                "{% component card(op) %}{{ op.count }}{% endcomponent card %}",
            ),
            (
                "term.html",
                "{% extends \"base.html\" %}{{ <card op={t}/> }}",
            ),
            ("page.html", "{% extends \"base.html\" %}{{ page.date }}"),
        ]);
        assert!(found["term.html"].contains("count") && found["term.html"].contains("site"));
        assert!(found["page.html"].contains("date") && found["page.html"].contains("title"));
        assert!(!found["page.html"].contains("count"));
        assert!(
            found["page.html"].contains("page.date") && !found["page.html"].contains("site.date")
        );
        assert!(split("{{ a?.b.c }}").contains("a.b") && split("a?.b.c").contains("b.c"));
    }
}
