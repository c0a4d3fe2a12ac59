//! Markdown bodies of pages and sections → HTML, with links rewritten to
//! output URLs; a link that leads nowhere becomes a diagnostic. The titles
//! Markdown writes itself (alerts, containers, footnote back-links) come
//! from the theme's i18n strings, in each page's language.

use std::collections::HashMap;
use std::path::Path;

use rayon::prelude::*;

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::markdown::{Body, Labels};
use crate::model::Site;

/// Labels by language code; a language without strings gets English.
pub(crate) struct SiteLabels {
    by_lang: HashMap<String, Labels>,
    english: Labels,
}

impl SiteLabels {
    /// The theme's and the site's i18n strings for the Markdown labels,
    /// resolved as `trans()` resolves them (a region reads its base
    /// language, a missing key the default language's). Errors in those
    /// files are reported by the template render, so here they only mean
    /// English.
    pub fn load(site: &Site, root: &Path) -> SiteLabels {
        let mut ignored = Diagnostics::default();
        let texts = super::templates::Theme::locate(root, &site.config)
            .map(|theme| {
                super::strings::load(root, &theme, &mut ignored).resolve(
                    root,
                    &site.config,
                    &mut ignored,
                )
            })
            .unwrap_or_default();
        let by_lang = site
            .config
            .languages
            .iter()
            .map(|lang| {
                let own = texts.get(&lang.code);
                let labels = Labels::from_strings(|key| own.and_then(|t| t.get(key)).cloned());
                (lang.code.clone(), labels)
            })
            .collect();
        SiteLabels {
            by_lang,
            english: Labels::default(),
        }
    }

    pub(crate) fn get(&self, lang: &str) -> &Labels {
        self.by_lang.get(lang).unwrap_or(&self.english)
    }
}

/// The Markdown of every page and section as HTML, indexed like
/// `Site::pages` and `Site::sections`. It lives beside the model, not in
/// it: the model says what the site means, this is what its text became.
#[derive(Default)]
pub struct Bodies {
    pub pages: Vec<Body>,
    pub sections: Vec<Body>,
}

impl Bodies {
    /// Frees the pages' heading ids and links, kept for `check`, for a
    /// build that will not look at them again.
    pub fn release_links(&mut self) {
        for page in &mut self.pages {
            page.ids = Vec::new();
            page.links = Vec::new();
        }
    }
}

/// Renders `Markdown` of every page and section, rewriting links; link
/// errors become diagnostics.
pub fn markdown(site: &Site, root: &Path, diagnostics: &mut Diagnostics) -> Bodies {
    let labels = SiteLabels::load(site, root);
    let results: Vec<(Body, Vec<Diagnostic>)> = site
        .pages
        .par_iter()
        .map(|page| page_markdown(site, page, &labels))
        .collect();
    let section_results: Vec<(Body, Vec<Diagnostic>)> = site
        .sections
        .par_iter()
        .map(|section| {
            let mut errors = Vec::new();
            let Some(source) = &section.source else {
                return (Default::default(), errors);
            };
            let labels = labels.get(&section.lang);
            let rendered = crate::markdown::render_with(source.text.body(), labels, &mut |link| {
                match crate::links::resolve(site, &section.lang, &section.dir, link) {
                    Ok(url) => url,
                    Err(why) => {
                        errors.push(crate::links::error(&source.file, &source.text, link, why));
                        None
                    }
                }
            });
            (rendered, errors)
        })
        .collect();
    // Term profiles are rendered with the template values (values.rs); here
    // only their links are checked, so a broken one fails like a page's.
    for profile in &site.profiles {
        crate::markdown::render(profile.text.body(), &mut |link| {
            let resolved = crate::links::resolve(site, &profile.file.lang, &profile.file.dir, link);
            if let Err(why) = resolved {
                diagnostics.push(crate::links::error(&profile.file, &profile.text, link, why));
            }
            None
        });
    }
    let mut bodies = Bodies {
        pages: Vec::with_capacity(results.len()),
        sections: Vec::with_capacity(section_results.len()),
    };
    for (rendered, errors) in results {
        bodies.pages.push(rendered);
        diagnostics.extend(errors);
    }
    for (rendered, errors) in section_results {
        bodies.sections.push(rendered);
        diagnostics.extend(errors);
    }
    bodies
}

/// One page's Markdown, its links rewritten; broken links as diagnostics.
pub(crate) fn page_markdown(
    site: &Site,
    page: &crate::model::Page,
    labels: &SiteLabels,
) -> (Body, Vec<Diagnostic>) {
    let mut errors = Vec::new();
    let lang = page.file.lang.clone();
    let dir = page.file.dir.clone();
    let mut resolve = |link: &crate::markdown::Link| {
        crate::links::resolve(site, &lang, &dir, link).unwrap_or_else(|why| {
            errors.push(crate::links::error(&page.file, &page.text, link, why));
            None
        })
    };
    let labels = labels.get(&page.file.lang);
    let rendered = crate::markdown::render_with(page.text.body(), labels, &mut resolve);
    (rendered, errors)
}
