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

use super::blame::{self, AttributeValues, CopiedFile};
use super::html::{self, Scanned};
use super::target::{Problem, Target, output_dir, resolve};
use crate::diagnostics::{Diagnostic, Diagnostics, did_you_mean};
use crate::markdown::EmittedLink;
use crate::model::Site;
use crate::output::Outputs;
use crate::render::templates::Source;
use crate::render::{Bodies, Manifest};

/// The rendered site, scanned once: every HTML file's links and ids.
pub(crate) struct Scan<'a> {
    root: &'a Path,
    site: &'a Site,
    outputs: &'a Outputs,
    html: HashMap<&'a str, Scanned>,
    /// Output HTML texts, for positions in copied HTML files.
    texts: HashMap<&'a str, Arc<str>>,
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

    /// An output file no template made, for blaming a link in it.
    fn copied<'s>(&'s self, output: &'s str) -> CopiedFile<'s> {
        CopiedFile {
            root: self.root,
            output,
            content: self.outputs.get(output),
            text: self.texts.get(output),
        }
    }

    pub(crate) fn html_files(&self) -> usize {
        self.html.len()
    }

    /// The output file a site path is served from, as a static host would.
    fn find_output(&self, path: &str) -> Option<&'a str> {
        let candidates = if path.is_empty() || path.ends_with('/') {
            vec![crate::url::index_file(path)]
        } else {
            vec![path.to_string(), crate::url::index_file(path)]
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

pub fn check(
    scan: &Scan,
    bodies: &Bodies,
    manifest: &Manifest,
    templates: &BTreeMap<String, Source>,
    findings: &mut Diagnostics,
) {
    let mut reported: HashSet<String> = HashSet::new();
    for doc in documents(scan.site, bodies) {
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
    rendered_links(scan, manifest, templates, &mut reported, findings);
}

fn documents<'a>(site: &'a Site, bodies: &Bodies) -> Vec<Document<'a>> {
    let mut docs = Vec::new();
    for (page, body) in site.pages.iter().zip(&bodies.pages) {
        docs.push(Document {
            shown: &page.file.shown,
            source: &page.text.source,
            body_start: page.text.body.start,
            dir: page.path.to_string(),
            links: body.links.clone(),
        });
    }
    for (section, body) in site.sections.iter().zip(&bodies.sections) {
        if let Some(source) = &section.source {
            docs.push(Document {
                shown: &source.file.shown,
                source: &source.text.source,
                body_start: source.text.body.start,
                dir: section.path.to_string(),
                links: body.links.clone(),
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
    manifest: &Manifest,
    templates: &BTreeMap<String, Source>,
    reported: &mut HashSet<String>,
    findings: &mut Diagnostics,
) {
    let made_by = manifest.by_output();
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
            let made = made_by.get(output).copied();
            let content = made.and_then(|m| m.content(scan.site));
            if let Some(d) = blame::in_content(content, &href.value, &problem, &mut values) {
                reported.insert(problem.key);
                findings.push(d);
                continue;
            }
            let diagnostic = match made {
                Some(m) => blame::in_template(m, templates, &href.value, &problem, scan.site),
                None => blame::in_copied_file(&scan.copied(output), href, &problem),
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
    findings.extend(groups.into_values().map(Group::into_diagnostic));
}

impl Group {
    /// The diagnostic, saying where it was seen.
    fn into_diagnostic(self) -> Diagnostic {
        let mut d = self.diagnostic;
        let seen = if self.pages == 1 {
            format!("seen in {}", self.first_output)
        } else {
            format!(
                "seen in {} rendered files, first {}",
                self.pages, self.first_output
            )
        };
        d.help = Some(match d.help.take() {
            Some(help) => format!("{help}; {seen}"),
            None => seen,
        });
        d
    }
}
