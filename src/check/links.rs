//! Broken internal links and missing anchors in the rendered site.
//!
//! Two passes. First every Markdown link, as the renderer recorded it (the
//! URL it emitted and the link's span in the Markdown), is checked and
//! reported at its Markdown line. Then every `href`/`src` of every rendered
//! HTML file is checked; a broken one whose target was already reported is
//! skipped, the rest came from raw HTML in Markdown (found by its literal
//! text in the content file) or from a template (reported against the
//! template, once per template and URL, with a count of the pages).

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;

use super::html::{self, Scanned};
use super::producers::{self, Producer};
use super::target::{Target, output_dir, resolve};
use crate::diagnostics::{Diagnostic, Diagnostics, did_you_mean};
use crate::markdown::EmittedLink;
use crate::model::Site;
use crate::output::{Content, Outputs};
use crate::render::templates::{Source, ThemeFile};

/// The rendered site, scanned once: every HTML file's links and ids.
pub struct Scan<'a> {
    root: &'a Path,
    site: &'a Site,
    outputs: &'a Outputs,
    html: HashMap<&'a str, Scanned>,
    /// Output HTML texts, for positions in copied HTML files.
    texts: HashMap<&'a str, Arc<str>>,
}

/// Why a link fails.
struct Problem {
    /// Identifies the broken target, so each is reported once.
    key: String,
    message: String,
    help: Option<String>,
}

impl<'a> Scan<'a> {
    pub fn new(root: &'a Path, site: &'a Site, outputs: &'a Outputs) -> Scan<'a> {
        let scanned: Vec<(&str, Arc<str>, Scanned)> = outputs
            .files
            .par_iter()
            .filter(|(path, _)| is_html(path))
            .filter_map(|(path, content)| {
                let bytes = content.bytes().ok()?;
                let text: Arc<str> = Arc::from(String::from_utf8_lossy(&bytes).as_ref());
                let scanned = html::scan(&text);
                Some((path.as_str(), text, scanned))
            })
            .collect();
        let mut html = HashMap::new();
        let mut texts = HashMap::new();
        for (path, text, scanned) in scanned {
            html.insert(path, scanned);
            texts.insert(path, text);
        }
        Scan {
            root,
            site,
            outputs,
            html,
            texts,
        }
    }

    pub fn html_files(&self) -> usize {
        self.html.len()
    }

    /// The output file a site path is served from, as a static host would.
    fn find_output(&self, path: &str) -> Option<&'a str> {
        let candidates = if path.is_empty() || path.ends_with('/') {
            vec![format!("{path}index.html")]
        } else {
            vec![path.to_string(), format!("{path}/index.html")]
        };
        candidates.into_iter().find_map(|c| {
            self.outputs
                .files
                .get_key_value(c.as_str())
                .map(|(k, _)| k.as_str())
        })
    }

    /// None when `href`, found in a file served from `dir`, leads somewhere.
    fn examine(&self, dir: &str, href: &str) -> Option<Problem> {
        match resolve(&self.site.config.base_url, dir, href) {
            Target::Skip => None,
            Target::OutsideBasePath => {
                let prefix = self.site.config.base_url.prefix();
                Some(Problem {
                    key: format!("{dir}|{href}"),
                    message: format!(
                        "broken link `{href}`: it lies outside the site's base path `{prefix}`"
                    ),
                    help: Some(format!(
                        "in Markdown write site paths without the prefix (`/guides/x/`), \
                         in templates use `url_for(path=…)`; both add `{prefix}`"
                    )),
                })
            }
            Target::AboveRoot => Some(Problem {
                key: format!("{dir}|{href}"),
                message: format!("broken link `{href}`: it climbs above the site root"),
                help: None,
            }),
            Target::Site { path, fragment } => {
                let Some(output) = self.find_output(&path) else {
                    return Some(self.missing_file(href, &path));
                };
                if fragment.is_empty() || fragment == "top" {
                    return None;
                }
                let ids = &self.html.get(output)?.ids;
                if ids.contains(&fragment) {
                    return None;
                }
                let hint = did_you_mean(&fragment, ids.iter().map(String::as_str));
                Some(Problem {
                    key: format!("{output}#{fragment}"),
                    message: format!(
                        "missing anchor `#{fragment}`: {} has no element with that id",
                        self.site.config.base_url.url(page_path(output))
                    ),
                    help: Some(match hint {
                        Some(h) => format!("did you mean `#{h}`?"),
                        None => "heading ids are made from the heading text, as on GitHub; \
                                 set one with `## Title {#id}`"
                            .into(),
                    }),
                })
            }
        }
    }

    fn missing_file(&self, href: &str, path: &str) -> Problem {
        let base = &self.site.config.base_url;
        Problem {
            key: path.to_string(),
            message: format!(
                "broken link `{href}`: nothing is built at {}",
                base.url(path)
            ),
            help: self
                .nearest_page(path)
                .map(|p| format!("did you mean `{}`?", base.url(p))),
        }
    }

    /// The page whose last path segment is closest to the wanted one's
    /// (`keep-numbr` → guides/keep-number/), preferring the same language.
    fn nearest_page(&self, wanted: &str) -> Option<&'a str> {
        let pages: Vec<&'a str> = self
            .outputs
            .files
            .keys()
            .filter_map(|k| k.strip_suffix("index.html"))
            .collect();
        let wanted_name = last_name(wanted);
        let name = last_name;
        let best = did_you_mean(wanted_name, pages.iter().map(|p| name(p)))?;
        let first_segment = |p: &str| p.split('/').next().unwrap_or("").to_string();
        let wanted_first = first_segment(wanted);
        let matching: Vec<&'a str> = pages.into_iter().filter(|p| name(p) == best).collect();
        matching
            .iter()
            .copied()
            .find(|p| first_segment(p) == wanted_first)
            .or_else(|| matching.first().copied())
    }
}

/// The site path a reader sees for an output file: "guides/x/" for
/// "guides/x/index.html", "404.html" for itself.
fn page_path(output: &str) -> &str {
    output.strip_suffix("index.html").unwrap_or(output)
}

/// "guides/keep-number.md" → "keep-number"; "en/guides/x/" → "x".
fn last_name(path: &str) -> &str {
    let path = path.trim_end_matches('/');
    let last = path.rsplit('/').next().unwrap_or(path);
    last.strip_suffix(".md")
        .or_else(|| last.strip_suffix(".html"))
        .unwrap_or(last)
}

fn is_html(path: &str) -> bool {
    path.ends_with(".html") || path.ends_with(".htm")
}

/// A Markdown file whose links were recorded while rendering.
struct Document<'a> {
    shown: &'a Path,
    source: &'a Arc<str>,
    body_start: usize,
    /// Folder of the page it is shown on.
    dir: String,
    links: Vec<EmittedLink>,
}

pub fn check(scan: &Scan, templates: &BTreeMap<String, Source>, findings: &mut Diagnostics) {
    let mut reported: HashSet<String> = HashSet::new();
    for doc in documents(scan.site) {
        for link in &doc.links {
            let Some(problem) = scan.examine(&doc.dir, &link.href) else {
                continue;
            };
            let span = doc.body_start + link.span.start..doc.body_start + link.span.end;
            findings.push(
                Diagnostic::error(doc.shown, problem.message)
                    .at(doc.source, span)
                    .label(if link.is_image {
                        "broken image"
                    } else {
                        "broken link"
                    })
                    .help_opt(problem.help),
            );
            reported.insert(problem.key);
        }
    }
    rendered_links(scan, templates, &mut reported, findings);
}

fn documents(site: &Site) -> Vec<Document<'_>> {
    let mut docs = Vec::new();
    for page in &site.pages {
        docs.push(Document {
            shown: &page.raw.file.shown,
            source: &page.raw.text.source,
            body_start: page.raw.text.body.start,
            dir: page.path.to_string(),
            links: page.rendered.links.clone(),
        });
    }
    for section in &site.sections {
        if let Some(raw) = &section.raw {
            docs.push(Document {
                shown: &raw.file.shown,
                source: &raw.text.source,
                body_start: raw.text.body.start,
                dir: section.path.to_string(),
                links: section.rendered.links.clone(),
            });
        }
    }
    // Profiles are rendered inside their term's page (values.rs keeps no
    // record of their links, so render them again the same way).
    for tax in &site.taxonomies {
        for term in &tax.terms {
            let Some(p) = term.profile else { continue };
            let profile = &site.profiles[p];
            if profile.file.lang != tax.lang {
                continue;
            }
            let (lang, dir) = (&profile.file.lang, &profile.file.dir);
            let rendered = crate::markdown::render(profile.text.body(), &mut |link| {
                crate::links::resolve(site, lang, dir, link).ok().flatten()
            });
            docs.push(Document {
                shown: &profile.file.shown,
                source: &profile.text.source,
                body_start: profile.text.body.start,
                dir: term.path.to_string(),
                links: rendered.links,
            });
        }
    }
    docs
}

/// A broken link no Markdown link accounts for, grouped by where it is
/// reported.
struct Group {
    diagnostic: Diagnostic,
    pages: usize,
    first_output: String,
}

fn rendered_links(
    scan: &Scan,
    templates: &BTreeMap<String, Source>,
    reported: &mut HashSet<String>,
    findings: &mut Diagnostics,
) {
    let producers = producers::producers(scan.site);
    let mut outputs: Vec<&&str> = scan.html.keys().collect();
    outputs.sort();
    let mut groups: BTreeMap<(PathBuf, String), Group> = BTreeMap::new();
    // Absolute URLs found good once need no second look: a link does not
    // depend on the page it is on unless it is relative (`//host` is
    // external, and external links are always fine here).
    let site_root = scan.site.config.base_url.permalink("");
    let mut fine_anywhere: HashSet<&str> = HashSet::new();
    let mut values = AttributeValues::default();
    for &&output in &outputs {
        let Some(scanned) = scan.html.get(output) else {
            continue;
        };
        let dir = output_dir(output);
        let mut seen_here: HashSet<&str> = HashSet::new();
        for href in &scanned.hrefs {
            if !seen_here.insert(&href.value) || fine_anywhere.contains(href.value.as_str()) {
                continue;
            }
            let Some(problem) = scan.examine(dir, &href.value) else {
                // The same on every page: the theme's navigation, say.
                if href.value.starts_with('/') || href.value.starts_with(&site_root) {
                    fine_anywhere.insert(&href.value);
                }
                continue;
            };
            if reported.contains(&problem.key) {
                continue;
            }
            let producer = producers.get(output);
            if let Some(d) = in_content(producer, &href.value, &problem, &mut values) {
                reported.insert(problem.key);
                findings.push(d);
                continue;
            }
            let diagnostic = match producer {
                Some(p) => in_template(p, templates, &href.value, &problem, scan),
                None => in_copied_file(scan, output, href, &problem),
            };
            let key = (diagnostic.file.clone(), diagnostic.message.clone());
            groups
                .entry(key)
                .and_modify(|g| g.pages += 1)
                .or_insert(Group {
                    diagnostic,
                    pages: 1,
                    first_output: output.to_string(),
                });
        }
    }
    for group in groups.into_values() {
        let mut d = group.diagnostic;
        let seen = if group.pages == 1 {
            format!("seen in {}", group.first_output)
        } else {
            format!(
                "seen in {} rendered files, first {}",
                group.pages, group.first_output
            )
        };
        d.help = Some(match d.help.take() {
            Some(help) => format!("{help}; {seen}"),
            None => seen,
        });
        findings.push(d);
    }
}

/// Raw HTML in a Markdown file: the URL is there as written.
fn in_content<'a>(
    producer: Option<&'a Producer>,
    href: &str,
    problem: &Problem,
    values: &mut AttributeValues<'a>,
) -> Option<Diagnostic> {
    let content = producer?.content.as_ref()?;
    if href.len() < 2 {
        return None;
    }
    let at = values.find(&content.source, href)?;
    Some(
        Diagnostic::error(&content.shown, problem.message.clone())
            .at(&content.source, at..at + href.len())
            .label("broken link in HTML")
            .help_opt(problem.help.clone()),
    )
}

/// Where each attribute value first stands in a content file, found in one
/// pass the first time the file is asked about. Searching the text from the
/// top for every broken raw-HTML link was quadratic: 40,000 of them in one
/// file took 21 s (debug build).
#[derive(Default)]
struct AttributeValues<'a> {
    /// Keyed by the text's address; the texts outlive this map.
    by_text: HashMap<usize, HashMap<&'a str, usize>>,
}

impl<'a> AttributeValues<'a> {
    /// Byte offset of `href` in `text`: where it first stands as an
    /// attribute value, else (an entity-encoded or oddly written URL)
    /// where it first appears at all.
    fn find(&mut self, text: &'a str, href: &str) -> Option<usize> {
        let values = self
            .by_text
            .entry(text.as_ptr() as usize)
            .or_insert_with(|| attribute_values(text));
        values.get(href).copied().or_else(|| text.find(href))
    }
}

/// The first offset of every value written after `=`, quoted (`="…"`,
/// `='…'`) or not (up to a space or `>`). A value is skipped whole, so the
/// pass is linear however many `=` it holds.
fn attribute_values(text: &str) -> HashMap<&str, usize> {
    let bytes = text.as_bytes();
    let mut out = HashMap::new();
    let mut from = 0;
    while let Some(found) = bytes[from..].iter().position(|&b| b == b'=') {
        let mut start = from + found + 1;
        while bytes.get(start).is_some_and(|b| *b == b' ' || *b == b'\t') {
            start += 1;
        }
        let end = match bytes.get(start) {
            Some(&quote @ (b'"' | b'\'')) => {
                start += 1;
                bytes[start..]
                    .iter()
                    .position(|&b| b == quote)
                    .map_or(bytes.len(), |i| start + i)
            }
            _ => bytes[start..]
                .iter()
                .position(|b| b.is_ascii_whitespace() || *b == b'>')
                .map_or(bytes.len(), |i| start + i),
        };
        out.entry(&text[start..end]).or_insert(start);
        from = end.max(from + found + 1);
    }
    out
}

fn in_template(
    producer: &Producer,
    templates: &BTreeMap<String, Source>,
    href: &str,
    problem: &Problem,
    scan: &Scan,
) -> Diagnostic {
    let chain = producers::template_chain(&producer.template, templates);
    let prefix = scan.site.config.base_url.prefix();
    let without_prefix = href.strip_prefix(prefix).unwrap_or(href);
    let without_fragment = href.split('#').next().unwrap_or(href);
    let needles = [href, without_prefix, without_fragment];
    let message = format!("{} (in a template)", problem.message);
    match producers::find_literal(&chain, templates, &needles) {
        Some((name, span)) => {
            let source = &templates[name];
            Diagnostic::error(&source.shown, message)
                .at(&source.text, span)
                .label("this link is broken")
                .help_opt(problem.help.clone())
        }
        None => {
            let shown = templates
                .get(&producer.template)
                .map_or_else(|| PathBuf::from(&producer.template), |s| s.shown.clone());
            let from = producer
                .content
                .as_ref()
                .map(|c| format!(" while rendering {}", c.shown.display()))
                .unwrap_or_default();
            Diagnostic::error(shown, message).help(format!(
                "the URL is built by an expression in `{}` or a template it uses{from}",
                producer.template
            ))
        }
    }
}

/// An HTML file copied as is (static/, content assets): point into it.
fn in_copied_file(scan: &Scan, output: &str, href: &html::Href, problem: &Problem) -> Diagnostic {
    let shown = match scan.outputs.get(output) {
        Some(Content::File(path) | Content::Theme(ThemeFile::Disk(path))) => {
            crate::diagnostics::display_path(scan.root, path)
        }
        _ => PathBuf::from(output),
    };
    let mut d = Diagnostic::error(shown, problem.message.clone()).help_opt(problem.help.clone());
    if let Some(text) = scan.texts.get(output)
        && let Some(element) = text.get(href.offset..)
    {
        let end = element
            .find('>')
            .map_or(text.len(), |i| href.offset + i + 1);
        d = d.at(text, href.offset..end).label("broken link");
    }
    d
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn attribute_values_are_found_where_they_first_stand() {
        let text = "don't <a href=\"/a/?x=1\">a</a> <img src='/b.png'> <a href=/c/>c</a> <a href=\"/a/?x=1\">";
        let values = attribute_values(text);
        assert_eq!(values["/a/?x=1"], text.find("/a/?x=1").unwrap());
        assert_eq!(values["/b.png"], text.find("/b.png").unwrap());
        assert_eq!(values["/c/"], text.find("/c/").unwrap());
        // A value is not searched for `=` again: `x=1` is no value.
        assert!(!values.contains_key("1\""));
        let mut found = AttributeValues::default();
        assert_eq!(found.find(text, "don"), Some(0));
        assert_eq!(found.find(text, "/c/"), text.find("/c/"));
    }
}
