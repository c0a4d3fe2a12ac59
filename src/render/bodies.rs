//! Markdown bodies of pages and sections → HTML, with links rewritten to
//! output URLs; a link that leads nowhere becomes a diagnostic.

use rayon::prelude::*;

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::markdown::Body;
use crate::model::{Site, SourceFile, Text};

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
pub fn markdown(site: &Site, diagnostics: &mut Diagnostics) -> Bodies {
    let results: Vec<(Body, Vec<Diagnostic>)> = site
        .pages
        .par_iter()
        .map(|page| page_markdown(site, page))
        .collect();
    let section_results: Vec<(Body, Vec<Diagnostic>)> = site
        .sections
        .par_iter()
        .map(|section| {
            let mut errors = Vec::new();
            let Some(source) = &section.source else {
                return (Default::default(), errors);
            };
            let mut resolve = |link: &crate::markdown::Link| match crate::links::resolve(
                site,
                &section.lang,
                &section.dir,
                link,
            ) {
                Ok(url) => url,
                Err(why) => {
                    errors.push(crate::links::error(&source.file, &source.text, link, why));
                    None
                }
            };
            let mut broken = Vec::new();
            let mut pictures = pictures(
                site,
                &section.dir,
                (&source.file, &source.text),
                &mut broken,
            );
            let rendered = crate::markdown::render_with_images(
                source.text.body(),
                &mut resolve,
                Some(&mut pictures),
            );
            drop(pictures);
            errors.extend(broken);
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
pub(crate) fn page_markdown(site: &Site, page: &crate::model::Page) -> (Body, Vec<Diagnostic>) {
    let mut errors = Vec::new();
    let lang = page.file.lang.clone();
    let dir = page.file.dir.clone();
    let mut resolve = |link: &crate::markdown::Link| {
        crate::links::resolve(site, &lang, &dir, link).unwrap_or_else(|why| {
            errors.push(crate::links::error(&page.file, &page.text, link, why));
            None
        })
    };
    let mut broken = Vec::new();
    let mut pictures = pictures(site, &dir, (&page.file, &page.text), &mut broken);
    let rendered =
        crate::markdown::render_with_images(page.text.body(), &mut resolve, Some(&mut pictures));
    drop(pictures);
    errors.extend(broken);
    (rendered, errors)
}

/// Writes the `<picture>` of each processed image of one body in folder
/// `dir`; the body's first image is not lazy (it is likely on screen).
/// An image that could not be processed is reported at its line into
/// `broken`, and left a plain `<img>`.
fn pictures<'s>(
    site: &'s Site,
    dir: &'s str,
    source: (&'s SourceFile, &'s Text),
    broken: &'s mut Vec<Diagnostic>,
) -> impl FnMut(&crate::markdown::Image) -> Option<String> + 's {
    let mut first = true;
    move |image| {
        broken.extend(super::picture::broken(site, dir, image, source));
        let html = super::picture::html(site, dir, image, first);
        first = false;
        html
    }
}
