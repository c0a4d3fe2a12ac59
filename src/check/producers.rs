//! Which template (and which content file) produced each rendered file, so
//! a broken link that no Markdown line wrote is reported against the
//! template that wrote it. Links built by template expressions leave no
//! literal in the template; the literal is looked for in the template and
//! the templates it extends or includes, and without one the report names
//! the template without a line.

use std::collections::{BTreeMap, HashMap};
use std::ops::Range;
use std::path::PathBuf;
use std::sync::Arc;

use crate::model::Site;
use crate::model::paginate::paginate;
use crate::render::templates::Source;

/// What made one output file.
#[derive(Debug, Clone)]
pub struct Producer {
    /// Template name ("page.html").
    pub template: String,
    /// The content file rendered through it, if any.
    pub content: Option<ContentFile>,
}

#[derive(Debug, Clone)]
pub struct ContentFile {
    pub shown: PathBuf,
    pub source: Arc<str>,
}

/// Output path → producer, for every file the renderer writes from a
/// template. Copied files (static, assets) have none.
pub fn producers(site: &Site) -> HashMap<String, Producer> {
    let mut out = HashMap::new();
    let mut add = |output: String, template: &str, content: Option<ContentFile>| {
        out.insert(
            output,
            Producer {
                template: template.to_string(),
                content,
            },
        );
    };
    for page in &site.pages {
        let content = ContentFile {
            shown: page.raw.file.shown.clone(),
            source: Arc::clone(&page.raw.text.source),
        };
        let template = page.raw.template.as_deref().unwrap_or("page.html");
        add(format!("{}index.html", page.path), template, Some(content));
    }
    for alias in &site.aliases {
        let page = &site.pages[alias.target];
        let content = ContentFile {
            shown: page.raw.file.shown.clone(),
            source: Arc::clone(&page.raw.text.source),
        };
        add(alias.output.clone(), "alias.html", Some(content));
    }
    for section in &site.sections {
        let fallback = if section.dir.is_empty() {
            "index.html"
        } else {
            "section.html"
        };
        let template = section
            .raw
            .as_ref()
            .and_then(|r| r.template.as_deref())
            .unwrap_or(fallback);
        let content = section.raw.as_ref().map(|r| ContentFile {
            shown: r.file.shown.clone(),
            source: Arc::clone(&r.text.source),
        });
        for pager in paginate(&section.path, section.pages.len(), section.paginate) {
            add(
                format!("{}index.html", pager.path),
                template,
                content.clone(),
            );
        }
    }
    for tax in &site.taxonomies {
        add(format!("{}index.html", tax.path), "taxonomy.html", None);
        for term in &tax.terms {
            let content = term.profile.map(|p| ContentFile {
                shown: site.profiles[p].file.shown.clone(),
                source: Arc::clone(&site.profiles[p].text.source),
            });
            for pager in paginate(&term.path, term.pages.len(), tax.config.paginate) {
                add(
                    format!("{}index.html", pager.path),
                    "term.html",
                    content.clone(),
                );
            }
        }
    }
    add("404.html".into(), "404.html", None);
    out
}

/// `name` and every template it extends, includes or imports, nearest
/// first, each once.
pub fn template_chain<'a>(name: &str, templates: &'a BTreeMap<String, Source>) -> Vec<&'a str> {
    let mut chain: Vec<&'a str> = Vec::new();
    let mut queue: Vec<&str> = vec![name];
    let mut next = 0;
    while let Some(&wanted) = queue.get(next) {
        next += 1;
        let Some((key, source)) = templates.get_key_value(wanted) else {
            continue;
        };
        if chain.contains(&key.as_str()) {
            continue;
        }
        chain.push(key.as_str());
        queue.extend(referenced(&source.text));
    }
    chain
}

/// Names after `extends`, `include` and `import` in a template's text.
fn referenced(text: &str) -> Vec<&str> {
    let mut names = Vec::new();
    for keyword in ["extends", "include", "import"] {
        let mut rest = text;
        while let Some(at) = rest.find(keyword) {
            rest = &rest[at + keyword.len()..];
            let trimmed = rest.trim_start();
            let Some(quote) = trimmed.chars().next().filter(|c| *c == '"' || *c == '\'') else {
                continue;
            };
            if let Some(end) = trimmed[1..].find(quote) {
                names.push(&trimmed[1..1 + end]);
            }
        }
    }
    names
}

/// The first place in `templates` (in order) whose text holds one of
/// `needles`: (template name, byte range).
pub fn find_literal<'a>(
    chain: &[&'a str],
    templates: &BTreeMap<String, Source>,
    needles: &[&str],
) -> Option<(&'a str, Range<usize>)> {
    for needle in needles.iter().filter(|n| n.len() >= 2) {
        for &name in chain {
            let Some(source) = templates.get(name) else {
                continue;
            };
            if let Some(at) = source.text.find(needle) {
                return Some((name, at..at + needle.len()));
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn templates(list: &[(&str, &str)]) -> BTreeMap<String, Source> {
        list.iter()
            .map(|(name, text)| {
                (
                    name.to_string(),
                    Source {
                        shown: PathBuf::from(format!("templates/{name}")),
                        text: Arc::from(*text),
                    },
                )
            })
            .collect()
    }

    #[test]
    fn follows_extends_and_includes_once() {
        let t = templates(&[
            (
                "page.html",
                r#"{% extends "base.html" %}{% include 'list.html' %}"#,
            ),
            (
                "base.html",
                r#"<a href="/contact/">{% include "list.html" %}"#,
            ),
            ("list.html", "<ul></ul>"),
        ]);
        assert_eq!(
            template_chain("page.html", &t),
            ["page.html", "base.html", "list.html"]
        );
        let (name, span) =
            find_literal(&template_chain("page.html", &t), &t, &["/contact/"]).unwrap();
        assert_eq!(name, "base.html");
        assert_eq!(&t["base.html"].text[span], "/contact/");
        assert!(find_literal(&["page.html"], &t, &["/"]).is_none());
    }
}
