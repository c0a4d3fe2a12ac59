//! Markdown bodies of pages and sections → HTML, with links rewritten to
//! output URLs; a link that leads nowhere becomes a diagnostic.

use rayon::prelude::*;

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::model::Site;

/// Renders `Markdown` of every page and section, rewriting links; link
/// errors become diagnostics.
pub fn markdown(site: &mut Site, diagnostics: &mut Diagnostics) {
    let results: Vec<(crate::markdown::Rendered, Vec<Diagnostic>)> = site
        .pages
        .par_iter()
        .map(|page| page_markdown(site, page))
        .collect();
    let section_results: Vec<(crate::markdown::Rendered, Vec<Diagnostic>)> = site
        .sections
        .par_iter()
        .map(|section| {
            let mut errors = Vec::new();
            let Some(raw) = &section.raw else {
                return (Default::default(), errors);
            };
            let rendered =
                crate::markdown::render(raw.text.body(), &mut |link| match crate::links::resolve(
                    site,
                    &section.lang,
                    &section.dir,
                    link,
                ) {
                    Ok(url) => url,
                    Err(why) => {
                        errors.push(crate::links::error(&raw.file, &raw.text, link, why));
                        None
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
    for (page, (rendered, errors)) in site.pages.iter_mut().zip(results) {
        page.rendered = rendered;
        diagnostics.extend(errors);
    }
    for (section, (rendered, errors)) in site.sections.iter_mut().zip(section_results) {
        section.rendered = rendered;
        diagnostics.extend(errors);
    }
}

/// One page's Markdown, its links rewritten; broken links as diagnostics.
pub(crate) fn page_markdown(
    site: &Site,
    page: &crate::model::Page,
) -> (crate::markdown::Rendered, Vec<Diagnostic>) {
    let mut errors = Vec::new();
    let lang = page.raw.file.lang.clone();
    let dir = page.raw.file.dir.clone();
    let mut resolve = |link: &crate::markdown::Link| {
        crate::links::resolve(site, &lang, &dir, link).unwrap_or_else(|why| {
            errors.push(crate::links::error(
                &page.raw.file,
                &page.raw.text,
                link,
                why,
            ));
            None
        })
    };
    let rendered = crate::markdown::render(page.raw.text.body(), &mut resolve);
    (rendered, errors)
}
