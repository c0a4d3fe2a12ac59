//! Markdown bodies of pages and sections → HTML, with links rewritten to
//! output URLs and shortcodes expanded; a link that leads nowhere or a
//! broken shortcode call becomes a diagnostic. The titles Markdown writes
//! itself come from `SiteLabels`, in each page's language.

use std::collections::BTreeSet;
use std::path::Path;

use rayon::prelude::*;

use super::deps::Dep;
use super::labels::SiteLabels;
use super::shortcodes::{Caller, Shortcodes};
use super::spill::Spill;
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
    /// The shortcodes the bodies were expanded with, and who called which
    /// (moved into the `Renderer`, for `watch`).
    pub shortcodes: Shortcodes,
    /// The theme strings, resolved once for the Markdown and handed on to
    /// the templates.
    pub(crate) texts: super::strings::Texts,
    /// A one-shot build's pages' HTML and tables of contents, when they
    /// were moved to a temporary file (`markdown_releasing`): the bodies'
    /// own are then empty.
    pub(crate) spill: Option<Spill>,
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

    /// Frees every body, for a build whose template values were made
    /// from them (the values hold their own copies: summaries, tables of
    /// contents) and that will not look at them again.
    pub fn release(&mut self) {
        self.pages = Vec::new();
        self.sections = Vec::new();
    }
}

/// Renders `Markdown` of every page and section, rewriting links and
/// expanding shortcodes; their errors become diagnostics.
pub fn markdown(root: &Path, site: &Site, diagnostics: &mut Diagnostics) -> Bodies {
    let setup = Setup::new(root, site, diagnostics);
    let results: Vec<PageMarkdown> = site
        .pages
        .par_iter()
        .map(|page| page_markdown(site, &setup.codes, &setup.labels, page))
        .collect();
    setup.finish(site, results, diagnostics)
}

/// Pages rendered at once by `markdown_releasing`: enough to keep both
/// cores busy, few enough that their HTML is small beside the model.
const CHUNK: usize = 1024;

/// `markdown` for a one-shot build, which never reads a page's source
/// text again: pages are rendered a chunk at a time, each chunk reads the
/// bodies the walk left on disk again and then lets go of its source text; with `spill`, its HTML and tables of contents go
/// to a temporary file (`Bodies::spill`) instead of staying in memory.
/// Source text and HTML, held together, were the build's other peak.
pub fn markdown_releasing(
    root: &Path,
    site: &mut Site,
    spill: bool,
    diagnostics: &mut Diagnostics,
) -> Bodies {
    let setup = Setup::new(root, site, diagnostics);
    let mut store = if spill { Spill::new() } else { None };
    let mut results = Vec::with_capacity(site.pages.len());
    // The chunk rendered last, its HTML not yet in the temporary file: it
    // is written while the next chunk renders (written between chunks,
    // the render threads waited for it, a third of this stage).
    let mut unspilled: Vec<PageMarkdown> = Vec::new();
    let mut start = 0;
    while start < site.pages.len() {
        let end = (start + CHUNK).min(site.pages.len());
        // The bodies the walk left on disk (`Text::defer`), read again.
        let changed: Vec<Diagnostic> = site.pages[start..end]
            .par_iter_mut()
            .filter_map(|page| page.text.restore(&page.file).err())
            .collect();
        diagnostics.extend(changed);
        let shared: &Site = site;
        let (spilled, chunk) = rayon::join(
            || spill_chunk(&mut store, &mut unspilled),
            || {
                shared.pages[start..end]
                    .par_iter()
                    .map(|page| page_markdown(shared, &setup.codes, &setup.labels, page))
                    .collect::<Vec<PageMarkdown>>()
            },
        );
        diagnostics.extend(spilled);
        for page in &mut site.pages[start..end] {
            page.text.release();
        }
        results.append(&mut unspilled);
        unspilled = chunk;
        start = end;
    }
    diagnostics.extend(spill_chunk(&mut store, &mut unspilled));
    results.append(&mut unspilled);
    if let Some(file) = &mut store {
        file.pushed_all();
    }
    let mut bodies = setup.finish(site, results, diagnostics);
    bodies.spill = store;
    bodies
}

/// Moves the HTML and tables of contents of `chunk` to the temporary
/// file, if the build has one. The error of a failed write, after which
/// it has none (the build fails: the pages before are in a file it lost).
fn spill_chunk(store: &mut Option<Spill>, chunk: &mut [PageMarkdown]) -> Option<Diagnostic> {
    let file = store.as_mut()?;
    let pages = chunk.iter().map(|(b, ..)| (b.html.as_str(), &b.toc[..]));
    let pushed = file.push(pages);
    for (body, ..) in chunk {
        body.html = String::new();
        body.toc = Vec::new();
    }
    let why = pushed.err()?;
    *store = None;
    let d = Diagnostic::error(
        "<temporary file>",
        format!("could not write the pages' HTML to a temporary file: {why}"),
    )
    .help("check that the temporary folder (TMPDIR) has room, then build again");
    Some(d)
}

/// What every page's Markdown is rendered with.
struct Setup {
    texts: super::strings::Texts,
    codes: Shortcodes,
    labels: SiteLabels,
}

impl Setup {
    fn new(root: &Path, site: &Site, diagnostics: &mut Diagnostics) -> Setup {
        let texts = super::strings::load_resolved(root, &site.config, diagnostics);
        let codes = Shortcodes::load(root, site, &texts, diagnostics);
        let labels = SiteLabels::from_texts(site, &texts);
        Setup {
            texts,
            codes,
            labels,
        }
    }

    /// The sections' Markdown, the profiles' links checked, and the pages'
    /// `results` taken in.
    fn finish(
        self,
        site: &Site,
        results: Vec<PageMarkdown>,
        diagnostics: &mut Diagnostics,
    ) -> Bodies {
        let Setup {
            texts,
            codes: mut shortcodes,
            labels,
        } = self;
        let codes = &shortcodes;
        let section_results: Vec<PageMarkdown> = site
            .sections
            .par_iter()
            .map(|section| section_markdown(site, codes, &labels, section))
            .collect();
        // Term profiles are rendered with the template values (values.rs);
        // here only their links are checked, so a broken one fails like a
        // page's.
        for profile in &site.profiles {
            crate::markdown::render(profile.text.body(), &mut |link| {
                let resolved =
                    crate::links::resolve(site, &profile.file.lang, &profile.file.dir, link);
                if let Err(why) = resolved {
                    diagnostics.push(crate::links::error(&profile.file, &profile.text, link, why));
                }
                None
            });
        }
        let mut bodies = Bodies {
            pages: Vec::with_capacity(results.len()),
            sections: Vec::with_capacity(section_results.len()),
            shortcodes: Shortcodes::default(),
            texts,
            spill: None,
        };
        shortcodes.uses = Vec::with_capacity(results.len());
        shortcodes.facts = Vec::with_capacity(results.len());
        for (rendered, used, facts, errors) in results {
            bodies.pages.push(rendered);
            shortcodes.uses.push(used);
            shortcodes.facts.push(facts);
            diagnostics.extend(errors);
        }
        for (rendered, used, facts, errors) in section_results {
            bodies.sections.push(rendered);
            shortcodes.section_uses.extend(used);
            shortcodes.section_facts.extend(facts);
            diagnostics.extend(errors);
        }
        bodies.shortcodes = shortcodes;
        bodies
    }
}

/// One section's Markdown (none without an `_index.md`), as for a page.
pub(crate) fn section_markdown(
    site: &Site,
    codes: &Shortcodes,
    labels: &SiteLabels,
    section: &crate::model::Section,
) -> PageMarkdown {
    let mut errors = Vec::new();
    let Some(source) = &section.source else {
        return Default::default();
    };
    let mut broken = Vec::new();
    let mut images = Vec::new();
    let mut pictures = pictures(
        site,
        &section.dir,
        (&source.file, &source.text),
        (&mut broken, &mut images),
    );
    let ((rendered, used, more), facts) = super::deps::recording(|| {
        codes.render(
            &Caller::Section(site, section),
            source.text.body(),
            labels.get(&section.lang),
            Some(&mut pictures),
            &mut |link| match crate::links::resolve(site, &section.lang, &section.dir, link) {
                Ok(url) => url,
                Err(why) => {
                    errors.push(crate::links::error(&source.file, &source.text, link, why));
                    None
                }
            },
        )
    });
    drop(pictures);
    errors.extend(broken);
    errors.extend(more);
    (rendered, used, facts, errors)
}

/// One page's rendered Markdown: the body, the shortcodes it called, the
/// facts they fetched (`watch` renders the body again when one changes),
/// its errors.
pub(crate) type PageMarkdown = (Body, BTreeSet<String>, Vec<Dep>, Vec<Diagnostic>);

/// One page's Markdown, its links rewritten and shortcodes expanded.
pub(crate) fn page_markdown(
    site: &Site,
    shortcodes: &Shortcodes,
    labels: &SiteLabels,
    page: &crate::model::Page,
) -> PageMarkdown {
    let mut errors = Vec::new();
    let lang = page.file.lang.clone();
    let dir = page.file.dir.clone();
    let mut resolve = |link: &crate::markdown::Link| {
        crate::links::resolve(site, &lang, &dir, link).unwrap_or_else(|why| {
            errors.push(crate::links::error(&page.file, &page.text, link, why));
            None
        })
    };
    let caller = Caller::Page(site, page);
    let labels = labels.get(&page.file.lang);
    let mut broken = Vec::new();
    let mut images = Vec::new();
    let mut pictures = pictures(
        site,
        &page.file.dir,
        (&page.file, &page.text),
        (&mut broken, &mut images),
    );
    let ((mut rendered, used, more), facts) = super::deps::recording(|| {
        shortcodes.render(
            &caller,
            page.text.body(),
            labels,
            Some(&mut pictures),
            &mut resolve,
        )
    });
    drop(pictures);
    rendered.images = images;
    if rendered.images.is_empty() && !used.is_empty() {
        // A figure's image: shortcodes write their HTML after the Markdown
        // (a page that called none has no other <img> to look for).
        rendered
            .images
            .extend(super::page_image::first_in_html(site, &rendered.html));
    }
    errors.extend(broken);
    errors.extend(more);
    (rendered, used, facts, errors)
}

/// Writes the `<picture>` of each processed image of one body in folder
/// `dir`; the body's first image is not lazy (it is likely on screen).
/// An image that could not be processed is reported at its line into
/// `broken`, and left a plain `<img>`. Each image that is a content image
/// goes into `images` (output path, alt text), for `page.image`.
fn pictures<'s>(
    site: &'s Site,
    dir: &'s str,
    source: (&'s SourceFile, &'s Text),
    (broken, images): (&'s mut Vec<Diagnostic>, &'s mut Vec<(String, String)>),
) -> impl FnMut(&crate::markdown::Image) -> Option<String> + 's {
    let mut first = true;
    move |image| {
        broken.extend(super::picture::broken(site, dir, image, source));
        if let Some(output) = super::picture::asset_output(site, dir, image.dest)
            && crate::images::Format::of_path(output).is_some()
        {
            images.push((output.to_string(), image.alt.to_string()));
        }
        let html = super::picture::html(site, dir, image, first);
        first = false;
        html
    }
}
