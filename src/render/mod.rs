//! Model → rendered files in memory. One job per output file, rendered in
//! parallel; every template error is collected, none stops the others.

mod bodies;
pub(crate) mod collisions;
pub(crate) mod deps;
mod fact_readers;
mod facts;
mod feed;
pub mod fingerprint;
pub(crate) mod functions;
mod image_functions;
mod job;
mod jobs;
mod labels;
mod language_links;
pub mod manifest;
mod object;
mod own_fields;
mod page_image;
mod page_value;
pub(crate) mod patch;
pub(crate) mod picture;
mod picture_function;
mod refresh;
pub(crate) mod reshape;
mod schedule;
pub(crate) mod shortcodes;
mod sitemap;
mod spill;
pub(crate) mod stream;
pub(crate) mod strings;
pub(crate) mod template_words;
pub mod templates;
pub(crate) mod values;

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::Arc;

use rustc_hash::FxHashMap;
use tera::Tera;

use crate::diagnostics::Diagnostics;
use crate::model::Site;
use crate::output::{Claims, Content, Origin};
use values::Values;

pub use bodies::{Bodies, markdown, markdown_releasing};
pub(crate) use bodies::{PageMarkdown, page_markdown, section_markdown};
use job::Job;
pub use job::Unit;
use jobs::{Scope, units};
pub(crate) use labels::SiteLabels;
pub use manifest::Made;
pub use manifest::Manifest;

/// Templates, values and lookups of one render, kept by `watch` and `serve`
/// to re-render a few units after an edit instead of the whole site; `check`
/// reads from it what the render loaded and made, instead of working it
/// out again.
pub struct Renderer {
    tera: Tera,
    sources: BTreeMap<String, templates::Source>,
    values: Values,
    lookup: Arc<functions::Lookup>,
    manifest: Manifest,
    theme: templates::Theme,
    /// The shortcodes the bodies were expanded with, and who calls which.
    pub(crate) shortcodes: shortcodes::Shortcodes,
    /// Output → its length as last rendered, for the files longer than
    /// the first buffer (lists, the sitemap): their buffer when rendered
    /// again, instead of one doubled a dozen times.
    sizes: FxHashMap<String, usize>,
}

/// Renders every file of the site and claims it, with the static files and
/// content assets (checked against each other by `Claims::settle`); also
/// hands back the renderer (none when the templates could not be loaded).
pub(crate) fn render_keeping(
    root: &Path,
    site: &Site,
    bodies: &mut Bodies,
    diagnostics: &mut Diagnostics,
) -> (Claims, Option<Renderer>) {
    let mut outputs = Claims::default();
    let Some((mut renderer, static_files, asset_names)) = prepare(root, site, bodies, diagnostics)
    else {
        return (outputs, None);
    };
    renderer.render_all(site, &mut outputs, diagnostics);
    claim_images(site, &mut outputs);
    // Static files (the site's static/ over the theme's), with copies of
    // those the templates just asked for; content assets last.
    static_files.claim_into(&mut outputs, &asset_names);
    claim_assets(site, &mut outputs);
    (outputs, Some(renderer))
}

/// The renderer of `site` (templates loaded, values built, the pages'
/// HTML moved into them), its static files and the names `asset_url`
/// hands out; `None` when the templates could not be loaded.
fn prepare(
    root: &Path,
    site: &Site,
    bodies: &mut Bodies,
    diagnostics: &mut Diagnostics,
) -> Option<(Renderer, fingerprint::StaticFiles, fingerprint::AssetNames)> {
    let located = templates::Theme::locate(root, &site.config)
        .and_then(|theme| Ok((templates::sources(root, &theme)?, theme)));
    let (sources, theme) = match located {
        Ok(found) => found,
        Err(errors) => {
            diagnostics.extend(errors);
            return None;
        }
    };
    let contents = match bodies.spill.take() {
        Some(spill) => {
            let lean = own_fields::own_only(sources.values().map(|s| &*s.text));
            values::Contents::Spilled(spill, lean)
        }
        // The pages' HTML moves into their values, so that each exists once.
        None => values::Contents::Held(
            bodies
                .pages
                .iter_mut()
                .map(|b| std::mem::take(&mut b.html))
                .collect(),
        ),
    };
    let values = match Values::build(site, bodies, contents) {
        Ok(values) => values,
        Err(why) => {
            diagnostics.push(spill::unreadable(&why));
            return None;
        }
    };
    let (static_files, static_errors) = fingerprint::StaticFiles::collect(root, &theme);
    diagnostics.extend(static_errors);
    // Loaded (and any problem reported) before the Markdown was rendered.
    let texts = std::mem::take(&mut bodies.texts);
    let lookup = Arc::new(functions::Lookup::build(site, &values, texts));
    let asset_names = static_files.asset_names();
    let tera = match load_templates(site, &sources, &values, &lookup, &asset_names) {
        Ok(tera) => tera,
        Err(d) => {
            diagnostics.push(d);
            return None;
        }
    };
    let renderer = Renderer {
        tera,
        sources,
        values,
        lookup,
        manifest: Manifest::default(),
        theme,
        shortcodes: std::mem::take(&mut bodies.shortcodes),
        sizes: FxHashMap::default(),
    };
    Some((renderer, static_files, asset_names))
}

/// The processed images' files (variants and cleaned originals).
fn claim_images(site: &Site, outputs: &mut Claims) {
    for (output, (file, i)) in site.images.take_made() {
        outputs.claim(output, Content::File(file), Origin::Asset(i));
    }
}

/// The content assets; a processed image is its variants and its cleaned
/// original.
fn claim_assets(site: &Site, outputs: &mut Claims) {
    for (i, asset) in site.assets.iter().enumerate() {
        let files = site.images.files(&asset.output);
        for (output, file) in
            files.unwrap_or_else(|| vec![(asset.output.clone(), asset.source.clone())])
        {
            outputs.claim(output, Content::File(file), Origin::Asset(i));
        }
    }
}

/// Tera with mekong's filters and functions and every template parsed,
/// the site and build date in its global context.
fn load_templates(
    site: &Site,
    sources: &BTreeMap<String, templates::Source>,
    values: &Values,
    lookup: &Arc<functions::Lookup>,
    asset_names: &fingerprint::AssetNames,
) -> Result<Tera, crate::diagnostics::Diagnostic> {
    // Tera 2 checks function names as it parses, so register them first.
    let mut tera = Tera::new();
    // Feeds escape every entry's summary; Tera's own `escape_xml` goes one
    // character at a time (3% of a build). Same escapes, `'` as `&#39;`.
    tera.register_filter(
        "escape_xml",
        |text: &str, _: tera::Kwargs, _: &tera::State| crate::html::escape(text),
    );
    functions::register(&mut tera, Arc::clone(lookup));
    image_functions::register(&mut tera, site);
    picture_function::register(&mut tera, site);
    facts::register(&mut tera, site);
    fingerprint::register(
        &mut tera,
        Arc::clone(asset_names),
        site.config.base_url.clone(),
    );
    let texts = sources
        .iter()
        .map(|(name, s)| (name.as_str(), s.text.as_ref()));
    tera.add_raw_templates(texts)
        .map_err(|err| templates::diagnostic(&err, sources, "loading templates"))?;
    tera.global_context()
        .insert_value("site", values.site.clone());
    tera.global_context()
        .insert("build_date", &site.build_date.to_string());
    Ok(tera)
}

/// Bytes reserved for each rendered file up front: the sample site's guide
/// pages are 8–10 KB, the benchmark's 7 KB; longer lists grow the buffer.
const RENDER_BUFFER: usize = 16 * 1024;

impl Renderer {
    /// Renders every unit of the site, claims each file and notes in the
    /// manifest what made it.
    fn render_all(&mut self, site: &Site, outputs: &mut Claims, diagnostics: &mut Diagnostics) {
        let rendered = self.render_claims(site, &units(site), diagnostics);
        self.manifest.made.reserve_exact(rendered.len());
        for (made, bytes) in rendered {
            let origin = Origin::Made(self.manifest.made.len());
            outputs.claim(made.output.clone(), Content::Bytes(bytes), origin);
            self.manifest.made.push(made);
        }
    }

    /// Renders the jobs of `units` in parallel, collecting every template
    /// error, and notes what each job showed.
    pub(crate) fn render_units(
        &mut self,
        site: &Site,
        units: &[Unit],
        diagnostics: &mut Diagnostics,
    ) -> Vec<(String, Vec<u8>)> {
        let rendered = self.render_claims(site, units, diagnostics);
        // A unit new to the site (a draft published) joins the manifest:
        // one look over it for the few units rendered.
        let mut these: Vec<Unit> = rendered.iter().map(|(made, _)| made.unit).collect();
        these.sort_unstable();
        these.dedup();
        let mut known = vec![false; these.len()];
        for made in &self.manifest.made {
            if let Ok(k) = these.binary_search(&made.unit) {
                known[k] = true;
            }
        }
        let mut out = Vec::with_capacity(rendered.len());
        for (made, bytes) in rendered {
            out.push((made.output.clone(), bytes));
            let k = these.binary_search(&made.unit);
            if k.is_ok_and(|k| !known[k]) {
                self.manifest.made.push(made);
            }
        }
        out
    }

    /// What the full render made. Re-rendering units after a body edit
    /// makes the same files with the same templates, so it stays true.
    pub fn manifest(&self) -> &Manifest {
        &self.manifest
    }

    /// The theme the site renders with, and every template by name.
    pub(crate) fn templates(&self) -> (&templates::Theme, &BTreeMap<String, templates::Source>) {
        (&self.theme, &self.sources)
    }

    /// The theme strings `trans()` reads (lang → key → text), every
    /// language's filled in from the others.
    pub(crate) fn strings(&self) -> &strings::Texts {
        &self.lookup.strings
    }

    /// `render_units`, each file with what made it.
    fn render_claims(
        &mut self,
        site: &Site,
        units: &[Unit],
        diagnostics: &mut Diagnostics,
    ) -> Vec<(Made, Vec<u8>)> {
        let scope = Scope {
            site,
            values: &self.values,
            lookup: &self.lookup,
            tera: &self.tera,
        };
        let rendered = schedule::largest_first(site, units, |unit| {
            let jobs = scope.jobs(unit).into_iter();
            jobs.map(|job| self.render_job(site, unit, job)).collect()
        });
        let mut out = Vec::with_capacity(rendered.len());
        for (unit, result, shows) in rendered {
            self.manifest.shows.add(unit, shows);
            match result {
                Ok((made, bytes)) => {
                    if bytes.len() > RENDER_BUFFER {
                        self.sizes.insert(made.output.clone(), bytes.len());
                    }
                    out.push((made, bytes));
                }
                Err(d) => diagnostics.push(d),
            }
        }
        out
    }

    /// Renders one job: the file with what made it (or the template's
    /// error), and what it showed.
    fn render_job(&self, site: &Site, unit: Unit, mut job: Job) -> RenderedJob {
        if let Unit::Page(i) = unit {
            match self.values.own_page(site, i) {
                Ok(Some(page)) => job.context.insert_value("page", page),
                Ok(None) => {}
                Err(why) => return (unit, Err(spill::unreadable(&why)), job.shows),
            }
        }
        // Most pages fit in the first buffer; Tera's own `render` would
        // start small, grow it several times, then check the bytes it
        // wrote are UTF-8, which they are by construction.
        let last = self.sizes.get(&job.output).map_or(0, |&n| n + n / 16);
        let mut bytes = Vec::with_capacity(last.max(RENDER_BUFFER));
        let (result, fetched) =
            deps::recording(|| self.tera.render_to(&job.template, &job.context, &mut bytes));
        let result = result
            .map(|()| {
                // Held until the whole site has rendered: don't keep the
                // slack of the render buffer (a few percent of a buffer
                // sized by the last render is kept rather than copied).
                if bytes.capacity() - bytes.len() > bytes.len() / 8 {
                    bytes.shrink_to_fit();
                }
                let made = Made {
                    output: job.output,
                    template: job.template,
                    unit,
                    language: manifest::language_index(site, lang(&job.context)),
                };
                (made, bytes)
            })
            .map_err(|err| templates::diagnostic(&err, &self.sources, &job.what));
        let mut shows = job.shows;
        shows.extend(fetched);
        (unit, result, shows)
    }

    /// Page `index`'s HTML body as its template value holds it (what the
    /// search index reads under `watch`).
    pub(crate) fn page_html(&self, index: usize) -> Option<&str> {
        self.values
            .pages
            .get(index)?
            .get_from_path("content")?
            .as_str()
    }

    /// Takes in page `index` after an edit of its body alone (its front
    /// matter, and so every list it is in, stays as it was): `html` is its
    /// new HTML body, `body` the rest of its rendered Markdown. The values that
    /// hold the page (its section's, its terms', the lookups) are remade;
    /// jobs are made afresh from them when their units are re-rendered.
    pub(crate) fn update_page(
        &mut self,
        site: &Site,
        index: usize,
        body: &crate::markdown::Body,
        html: String,
    ) {
        let page = &site.pages[index];
        let value = values::page_value(site, page, body, html, &self.values.term_refs);
        self.values.pages[index] = value.clone();
        // The template functions let go of the lookup first, so that it is
        // patched in place instead of copied (milliseconds at 10,000 pages).
        functions::register(&mut self.tera, Arc::new(self.lookup.emptied()));
        let lookup = Arc::make_mut(&mut self.lookup);
        lookup.pages.insert(page.file.rel.clone(), value);
        let section = &site.sections[page.section];
        lookup.sections.insert(
            (section.dir.clone(), section.lang.clone()),
            values::section_value(site, &self.values, page.section),
        );
        for (name, terms) in &page.terms {
            let Some(t) = site.taxonomy_index(name, &page.file.lang) else {
                continue;
            };
            let tax = &site.taxonomies[t];
            for &k in terms {
                let term = &tax.terms[k];
                lookup.terms.insert(
                    (tax.name.clone(), term.slug.clone(), tax.lang.clone()),
                    values::term_value(&self.values, t, k, term),
                );
            }
        }
        // The template functions hold the lookup they were given.
        functions::register(&mut self.tera, Arc::clone(&self.lookup));
    }
}

/// A job's unit, its file with what made it (or the template's error),
/// and what it showed.
type RenderedJob = (
    Unit,
    Result<(Made, Vec<u8>), crate::diagnostics::Diagnostic>,
    Vec<job::Dep>,
);

/// The language a job rendered in, as `base_context` gave it.
fn lang(context: &tera::Context) -> &str {
    context
        .get("lang")
        .and_then(tera::Value::as_str)
        .unwrap_or("")
}
