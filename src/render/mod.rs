//! Model → rendered files in memory. One job per output file, rendered in
//! parallel; every template error is collected, none stops the others.

pub mod deps;
pub mod fingerprint;
pub mod functions;
pub mod templates;
pub mod values;

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::Arc;

use rayon::prelude::*;
use tera::{Context, Tera, Value};

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::model::paginate::{Pager, pager_path, paginate};
use crate::model::{Site, sort::SortBy};
use crate::output::{Content, Outputs};
use deps::{Dep, DepIndex};
use values::{LanguageLinks, Values, object};

/// Sitemaps hold at most this many URLs; past it, an index of sitemaps.
pub const SITEMAP_LIMIT: usize = 50_000;

struct Job {
    output: String,
    template: String,
    context: Context,
    what: String,
    /// The values in `context` that a body edit changes (see `deps`).
    shows: Vec<Dep>,
}

/// The jobs made from one thing of the model. `watch` and `serve`
/// re-render whole units after an edit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Unit {
    Page(usize),
    /// A section's pagers and its /page/1/ redirect.
    Section(usize),
    /// A taxonomy's overview of its terms.
    Taxonomy(usize),
    /// (taxonomy, term): the term's pagers, redirect and feed.
    Term(usize, usize),
    /// The feed of a language, by its place in `config.languages`.
    LanguageFeed(usize),
    Alias(usize),
    /// 404.html, the sitemaps and robots.txt.
    SiteFiles,
}

/// Templates, values and lookups of one render, kept by `watch` and `serve`
/// to re-render a few units after an edit instead of the whole site.
pub struct Renderer {
    tera: Tera,
    sources: BTreeMap<String, templates::Source>,
    values: Values,
    lookup: Arc<functions::Lookup>,
    index: DepIndex,
}

pub fn render(root: &Path, site: &mut Site, diagnostics: &mut Diagnostics) -> Outputs {
    render_keeping(root, site, diagnostics).0
}

/// `render`, also handing back the renderer (none when the templates could
/// not be loaded).
pub fn render_keeping(
    root: &Path,
    site: &mut Site,
    diagnostics: &mut Diagnostics,
) -> (Outputs, Option<Renderer>) {
    let mut outputs = Outputs::default();
    let theme = match templates::Theme::locate(root, &site.config) {
        Ok(theme) => theme,
        Err(d) => {
            diagnostics.push(d);
            return (outputs, None);
        }
    };
    let sources = match templates::sources(root, &theme) {
        Ok(sources) => sources,
        Err(errors) => {
            diagnostics.extend(errors);
            return (outputs, None);
        }
    };
    let contents = site
        .pages
        .iter_mut()
        .map(|p| std::mem::take(&mut p.rendered.html))
        .collect();
    let site: &Site = site;
    let values = Values::build(site, contents);
    let (static_files, static_errors) = fingerprint::StaticFiles::collect(root, &theme);
    diagnostics.extend(static_errors);
    let lookup = Arc::new(functions::Lookup::build(
        site,
        &values,
        functions::load_strings(root, &theme, diagnostics),
    ));
    // Tera 2 checks function names as it parses, so register them first.
    let mut tera = Tera::new();
    functions::register(&mut tera, Arc::clone(&lookup));
    fingerprint::register(
        &mut tera,
        static_files.output_names(),
        site.config.base_url.clone(),
    );
    let loaded = tera.add_raw_templates(
        sources
            .iter()
            .map(|(name, s)| (name.as_str(), s.text.as_ref())),
    );
    if let Err(err) = loaded {
        diagnostics.push(templates::diagnostic(&err, &sources, "loading templates"));
        return (outputs, None);
    }
    tera.global_context()
        .insert_value("site", values.site.clone());
    tera.global_context()
        .insert("build_date", &site.build_date.to_string());

    let mut renderer = Renderer {
        tera,
        sources,
        values,
        lookup,
        index: DepIndex::default(),
    };
    for (output, text) in renderer.render_units(site, &units(site), diagnostics) {
        outputs.insert(output, Content::Bytes(text.into_bytes()));
    }
    // Static files (the site's static/ over the theme's), content assets last.
    static_files.insert_into(&mut outputs);
    for asset in &site.assets {
        outputs.insert(asset.output.clone(), Content::File(asset.source.clone()));
    }
    (outputs, Some(renderer))
}

impl Renderer {
    /// Renders the jobs of `units` in parallel, collecting every template
    /// error, and notes what each job showed.
    pub fn render_units(
        &mut self,
        site: &Site,
        units: &[Unit],
        diagnostics: &mut Diagnostics,
    ) -> Vec<(String, String)> {
        let scope = Scope {
            site,
            values: &self.values,
            lookup: &self.lookup,
            tera: &self.tera,
        };
        let jobs: Vec<(Unit, Job)> = units
            .par_iter()
            .flat_map_iter(|&unit| scope.jobs(unit).into_iter().map(move |job| (unit, job)))
            .collect();
        let (tera, sources) = (&self.tera, &self.sources);
        let rendered: Vec<_> = jobs
            .into_par_iter()
            .map(|(unit, job)| {
                let (result, fetched) =
                    deps::recording(|| tera.render(&job.template, &job.context));
                let result = result
                    .map(|mut text| {
                        // Held until the whole site has rendered: don't keep
                        // the growth slack of the render buffer.
                        text.shrink_to_fit();
                        (job.output, text)
                    })
                    .map_err(|err| templates::diagnostic(&err, sources, &job.what));
                let mut shows = job.shows;
                shows.extend(fetched);
                (unit, result, shows)
            })
            .collect();
        let mut out = Vec::with_capacity(rendered.len());
        for (unit, result, shows) in rendered {
            self.index.add(unit, shows);
            match result {
                Ok(pair) => out.push(pair),
                Err(d) => diagnostics.push(d),
            }
        }
        out
    }

    /// The units whose output shows any of `deps`.
    pub fn units_showing(&self, deps: &[Dep]) -> Vec<Unit> {
        self.index.units_showing(deps)
    }

    /// Takes in page `index` after an edit of its body alone (its front
    /// matter, and so every list it is in, stays as it was): `html` is its
    /// new HTML body, `site.pages[index].rendered` the rest. The values that
    /// hold the page (its section's, its terms', the lookups) are remade;
    /// jobs are made afresh from them when their units are re-rendered.
    pub fn update_page(&mut self, site: &Site, index: usize, html: String) {
        let page = &site.pages[index];
        let value = values::page_value(site, page, html, &self.values.term_refs);
        self.values.pages[index] = value.clone();
        // The template functions let go of the lookup first, so that it is
        // patched in place instead of copied (milliseconds at 10,000 pages).
        functions::register(&mut self.tera, Arc::new(self.lookup.emptied()));
        let lookup = Arc::make_mut(&mut self.lookup);
        lookup.pages.insert(page.raw.file.rel.clone(), value);
        let section = &site.sections[page.section];
        lookup.sections.insert(
            (section.dir.clone(), section.lang.clone()),
            values::section_value(site, &self.values, page.section),
        );
        for (name, terms) in &page.terms {
            let Some(t) = Values::taxonomy_index(site, name, &page.raw.file.lang) else {
                continue;
            };
            let tax = &site.taxonomies[t];
            for &k in terms {
                let term = &tax.terms[k];
                lookup.terms.insert(
                    (tax.name.clone(), term.slug.clone(), tax.lang.clone()),
                    values::term_value(&self.values, t, term),
                );
            }
        }
        // The template functions hold the lookup they were given.
        functions::register(&mut self.tera, Arc::clone(&self.lookup));
    }
}

fn base_context(site: &Site, lang: &str, path: &str) -> Context {
    let mut context = Context::new();
    context.insert("lang", lang);
    context.insert("current_path", &site.config.base_url.url(path));
    context.insert("current_url", &site.config.base_url.permalink(path));
    context
}

fn template_or(tera: &Tera, wanted: Option<&String>, fallback: &str) -> String {
    match wanted {
        Some(name) if tera.contains_template(name) => name.clone(),
        Some(name) => name.clone(), // rendering reports the missing template
        None => fallback.to_string(),
    }
}

/// Every unit of the site, in the order the outputs were always made.
pub fn units(site: &Site) -> Vec<Unit> {
    let mut units: Vec<Unit> = (0..site.pages.len()).map(Unit::Page).collect();
    units.extend((0..site.sections.len()).map(Unit::Section));
    for (t, tax) in site.taxonomies.iter().enumerate() {
        units.push(Unit::Taxonomy(t));
        units.extend((0..tax.terms.len()).map(|k| Unit::Term(t, k)));
    }
    if site.config.feeds {
        units.extend((0..site.config.languages.len()).map(Unit::LanguageFeed));
    }
    units.extend((0..site.aliases.len()).map(Unit::Alias));
    units.push(Unit::SiteFiles);
    units
}

/// What making a unit's jobs reads.
struct Scope<'a> {
    site: &'a Site,
    values: &'a Values,
    lookup: &'a functions::Lookup,
    tera: &'a Tera,
}

impl Scope<'_> {
    fn jobs(&self, unit: Unit) -> Vec<Job> {
        match unit {
            Unit::Page(i) => vec![self.page(i)],
            Unit::Section(i) => self.section(i),
            Unit::Taxonomy(t) => vec![self.taxonomy(t)],
            Unit::Term(t, k) => self.term(t, k),
            Unit::LanguageFeed(l) => vec![self.language_feed(l)],
            Unit::Alias(a) => {
                let (site, alias) = (self.site, &self.site.aliases[a]);
                let page = &site.pages[alias.target];
                vec![redirect(
                    site,
                    &alias.output,
                    &page.path,
                    &page.raw.file.lang,
                )]
            }
            Unit::SiteFiles => self.site_files(),
        }
    }

    fn page(&self, i: usize) -> Job {
        let (site, page) = (self.site, &self.site.pages[i]);
        let mut context = base_context(site, &page.raw.file.lang, &page.path);
        context.insert_value("page", self.values.pages[i].clone());
        context.insert_value("section", self.values.section_refs[page.section].clone());
        LanguageLinks::new(
            site,
            &page.raw.file.lang,
            &page.path,
            page.translations
                .iter()
                .map(|&t| (&site.pages[t].raw.file.lang, &site.pages[t].path)),
        )
        .insert_into(&mut context);
        Job {
            output: format!("{}index.html", page.path),
            template: template_or(self.tera, page.raw.template.as_ref(), "page.html"),
            context,
            what: format!("rendering {}", page.raw.file.shown.display()),
            shows: vec![Dep::Page(page.raw.file.rel.clone())],
        }
    }

    fn section(&self, i: usize) -> Vec<Job> {
        let (site, section) = (self.site, &self.site.sections[i]);
        let key = (section.dir.clone(), section.lang.clone());
        let section_value = self
            .lookup
            .sections
            .get(&key)
            .cloned()
            .unwrap_or_else(Value::none);
        let pages: Vec<Value> = section
            .pages
            .iter()
            .map(|&p| self.values.pages[p].clone())
            .collect();
        let fallback = if section.dir.is_empty() {
            "index.html"
        } else {
            "section.html"
        };
        let template = template_or(
            self.tera,
            section.raw.as_ref().and_then(|r| r.template.as_ref()),
            fallback,
        );
        let shown = section.raw.as_ref().map_or_else(
            || format!("content/{}", section.dir),
            |r| r.file.shown.display().to_string(),
        );
        let mut jobs = Vec::new();
        for pager in paginate(&section.path, pages.len(), section.paginate) {
            let mut context = base_context(site, &section.lang, &pager.path);
            context.insert_value("section", section_value.clone());
            context.insert_value("paginator", paginator(site, &pager, &pages, &section.path));
            LanguageLinks::new(
                site,
                &section.lang,
                &section.path,
                section
                    .translations
                    .iter()
                    .map(|&t| (&site.sections[t].lang, &site.sections[t].path)),
            )
            .insert_into(&mut context);
            jobs.push(Job {
                output: format!("{}index.html", pager.path),
                template: template.clone(),
                context,
                what: format!("rendering {shown}"),
                shows: vec![Dep::Section(key.0.clone(), key.1.clone())],
            });
        }
        if section.paginate > 0 {
            jobs.push(redirect(
                site,
                &format!(
                    "{}index.html",
                    pager_path(&format!("{}page/1/", section.path), 1)
                ),
                &section.path,
                &section.lang,
            ));
        }
        jobs
    }

    fn taxonomy_value(&self, t: usize) -> Value {
        let tax = &self.site.taxonomies[t];
        self.lookup
            .taxonomies
            .get(&(tax.name.clone(), tax.lang.clone()))
            .cloned()
            .unwrap_or_else(|| values::taxonomy_value(self.site, self.values, t))
    }

    fn taxonomy(&self, t: usize) -> Job {
        let (site, tax) = (self.site, &self.site.taxonomies[t]);
        let others = site
            .taxonomies
            .iter()
            .filter(|o| o.name == tax.name && o.lang != tax.lang);
        let mut context = base_context(site, &tax.lang, &tax.path);
        context.insert_value("taxonomy", self.taxonomy_value(t));
        LanguageLinks::new(
            site,
            &tax.lang,
            &tax.path,
            others.map(|o| (&o.lang, &o.path)),
        )
        .insert_into(&mut context);
        Job {
            output: format!("{}index.html", tax.path),
            template: "taxonomy.html".into(),
            context,
            what: format!("rendering taxonomy `{}`", tax.name),
            shows: Vec::new(),
        }
    }

    fn term(&self, t: usize, k: usize) -> Vec<Job> {
        let (site, tax) = (self.site, &self.site.taxonomies[t]);
        let term = &tax.terms[k];
        let taxonomy_value = self.taxonomy_value(t);
        let key = (tax.name.clone(), term.slug.clone(), tax.lang.clone());
        let term_value = self
            .lookup
            .terms
            .get(&key)
            .cloned()
            .unwrap_or_else(Value::none);
        let pages: Vec<Value> = term
            .pages
            .iter()
            .map(|&p| self.values.pages[p].clone())
            .collect();
        let others = site
            .taxonomies
            .iter()
            .filter(|o| o.name == tax.name && o.lang != tax.lang)
            .filter_map(|o| o.term(&term.slug).map(|ot| (&o.lang, &ot.path)));
        let language_links = LanguageLinks::new(site, &tax.lang, &term.path, others);
        let mut jobs = Vec::new();
        for pager in paginate(&term.path, pages.len(), tax.config.paginate) {
            let mut context = base_context(site, &tax.lang, &pager.path);
            context.insert_value("taxonomy", taxonomy_value.clone());
            context.insert_value("term", term_value.clone());
            context.insert_value("paginator", paginator(site, &pager, &pages, &term.path));
            language_links.insert_into(&mut context);
            jobs.push(Job {
                output: format!("{}index.html", pager.path),
                template: "term.html".into(),
                context,
                what: format!("rendering {} term `{}`", tax.name, term.slug),
                shows: vec![Dep::Term(key.0.clone(), key.1.clone(), key.2.clone())],
            });
        }
        if tax.config.paginate > 0 {
            jobs.push(redirect(
                site,
                &format!("{}page/1/index.html", term.path),
                &term.path,
                &tax.lang,
            ));
        }
        if tax.config.feed {
            let title = format!(
                "{} – {}",
                term.title,
                site.config
                    .language(&tax.lang)
                    .map_or(&site.config.title, |l| &l.title)
            );
            jobs.push(feed(
                site,
                &tax.lang,
                &format!("{}atom.xml", term.path),
                &term.path,
                &title,
                &term.pages,
                self.values,
            ));
        }
        jobs
    }

    fn language_feed(&self, l: usize) -> Job {
        let site = self.site;
        let language = &site.config.languages[l];
        let mut newest: Vec<usize> = (0..site.pages.len())
            .filter(|&i| site.pages[i].raw.file.lang == language.code)
            .collect();
        crate::model::sort_pages(&site.pages, &mut newest, SortBy::Date);
        let prefix = site.config.language_prefix(&language.code);
        feed(
            site,
            &language.code,
            &format!("{prefix}atom.xml"),
            &prefix,
            &language.title,
            &newest,
            self.values,
        )
    }

    fn site_files(&self) -> Vec<Job> {
        let site = self.site;
        let lang = site.config.default_language.clone();
        let mut context = base_context(site, &lang, "404.html");
        LanguageLinks::new(site, &lang, "", std::iter::empty()).insert_into(&mut context);
        let mut jobs = vec![Job {
            output: "404.html".into(),
            template: "404.html".into(),
            context,
            what: "rendering 404.html".into(),
            shows: Vec::new(),
        }];
        jobs.extend(sitemaps(site));
        let mut context = base_context(site, &lang, "robots.txt");
        context.insert(
            "sitemap_url",
            &site.config.base_url.permalink("sitemap.xml"),
        );
        jobs.push(Job {
            output: "robots.txt".into(),
            template: "robots.txt".into(),
            context,
            what: "rendering robots.txt".into(),
            shows: Vec::new(),
        });
        if site.config.search {
            let languages = &site.config.languages;
            jobs.extend(languages.iter().map(|l| search_page(site, &l.code)));
        }
        jobs
    }
}

/// A language's search page (`search: true`); the other languages'
/// search pages are its translations.
fn search_page(site: &Site, lang: &str) -> Job {
    let page_path = |code: &str| crate::search::page_path(&site.config, code);
    let path = page_path(lang);
    let mut context = base_context(site, lang, &path);
    let languages = site.config.languages.iter();
    let others: Vec<(String, String)> = languages
        .filter(|l| l.code != lang)
        .map(|l| (l.code.clone(), page_path(&l.code)))
        .collect();
    LanguageLinks::new(site, lang, &path, others.iter().map(|(l, p)| (l, p)))
        .insert_into(&mut context);
    Job {
        output: format!("{path}index.html"),
        template: "search.html".into(),
        context,
        what: format!("rendering the search page /{path}"),
        shows: Vec::new(),
    }
}

fn paginator(site: &Site, pager: &Pager, pages: &[Value], base_path: &str) -> Value {
    let base = &site.config.base_url;
    let url = |index: usize| Value::from(base.url(&pager_path(base_path, index)));
    object(vec![
        ("pages", pages[pager.range.clone()].to_vec().into()),
        ("current_index", pager.index.into()),
        ("total_pages", pager.total.into()),
        ("number_pagers", pager.total.into()),
        ("total_items", pages.len().into()),
        ("first", url(1)),
        ("last", url(pager.total)),
        (
            "previous",
            if pager.index > 1 {
                url(pager.index - 1)
            } else {
                Value::none()
            },
        ),
        (
            "next",
            if pager.index < pager.total {
                url(pager.index + 1)
            } else {
                Value::none()
            },
        ),
    ])
}

fn redirect(site: &Site, output: &str, target_path: &str, lang: &str) -> Job {
    let mut context = base_context(site, lang, output);
    context.insert("redirect_url", &site.config.base_url.permalink(target_path));
    Job {
        output: output.to_string(),
        template: "alias.html".into(),
        context,
        what: format!("rendering redirect {output}"),
        shows: Vec::new(),
    }
}

fn feed(
    site: &Site,
    lang: &str,
    output: &str,
    html_path: &str,
    title: &str,
    pages: &[usize],
    values: &Values,
) -> Job {
    let base = &site.config.base_url;
    let newest: Vec<usize> = {
        let mut list = pages.to_vec();
        crate::model::sort_pages(&site.pages, &mut list, SortBy::Date);
        list.truncate(site.config.feed_limit);
        list
    };
    let updated = newest
        .iter()
        .map(|&i| site.pages[i].raw.updated.unwrap_or(site.pages[i].raw.date))
        .max()
        .map_or_else(
            || crate::dates::rfc3339(jiff::Timestamp::UNIX_EPOCH),
            crate::dates::rfc3339,
        );
    let author = site
        .config
        .author
        .clone()
        .unwrap_or_else(|| site.config.title.clone());
    let mut context = base_context(site, lang, output);
    context.insert_value(
        "feed",
        object(vec![
            ("title", title.into()),
            (
                "subtitle",
                site.config
                    .language(lang)
                    .map(|l| l.description.clone())
                    .filter(|d| !d.is_empty())
                    .into(),
            ),
            ("feed_url", base.permalink(output).into()),
            ("html_url", base.permalink(html_path).into()),
            ("updated", updated.into()),
            ("author", author.into()),
            (
                "pages",
                newest
                    .iter()
                    .map(|&i| values.pages[i].clone())
                    .collect::<Vec<_>>()
                    .into(),
            ),
        ]),
    );
    Job {
        output: output.to_string(),
        template: "atom.xml".into(),
        context,
        what: format!("rendering feed {output}"),
        shows: newest
            .iter()
            .map(|&i| Dep::Page(site.pages[i].raw.file.rel.clone()))
            .collect(),
    }
}

fn sitemaps(site: &Site) -> Vec<Job> {
    let base = &site.config.base_url;
    let mut entries: Vec<Value> = Vec::new();
    let alternates = |list: Vec<(String, String)>| -> Value {
        if list.len() < 2 {
            return Value::from(Vec::<Value>::new());
        }
        let mut out: Vec<Value> = list
            .iter()
            .map(|(lang, path)| {
                object(vec![
                    ("lang", lang.as_str().into()),
                    ("href", base.permalink(path).into()),
                ])
            })
            .collect();
        if let Some((_, path)) = list
            .iter()
            .find(|(l, _)| *l == site.config.default_language)
        {
            out.push(object(vec![
                ("lang", "x-default".into()),
                ("href", base.permalink(path).into()),
            ]));
        }
        out.into()
    };
    let mut add = |path: &str, lastmod: Option<String>, alts: Value| {
        entries.push(object(vec![
            ("loc", base.permalink(path).into()),
            ("lastmod", lastmod.into()),
            ("alternates", alts),
        ]));
    };
    for section in &site.sections {
        let mut group: Vec<(String, String)> = vec![(section.lang.clone(), section.path.clone())];
        group.extend(
            section
                .translations
                .iter()
                .map(|&t| (site.sections[t].lang.clone(), site.sections[t].path.clone())),
        );
        add(&section.path, None, alternates(group));
    }
    for page in &site.pages {
        let mut group: Vec<(String, String)> =
            vec![(page.raw.file.lang.clone(), page.path.clone())];
        group.extend(page.translations.iter().map(|&t| {
            (
                site.pages[t].raw.file.lang.clone(),
                site.pages[t].path.clone(),
            )
        }));
        let lastmod = crate::dates::ymd(
            page.raw.updated.unwrap_or(page.raw.date),
            &site.config.timezone,
        );
        add(&page.path, Some(lastmod), alternates(group));
    }
    // A taxonomy's overview and terms in other languages are translations too.
    for tax in &site.taxonomies {
        let languages = site.taxonomies.iter().filter(|o| o.name == tax.name);
        let group = languages
            .clone()
            .map(|o| (o.lang.clone(), o.path.clone()))
            .collect();
        add(&tax.path, None, alternates(group));
        for term in &tax.terms {
            let group = languages
                .clone()
                .filter_map(|o| o.term(&term.slug).map(|t| (o.lang.clone(), t.path.clone())))
                .collect();
            add(&term.path, None, alternates(group));
        }
    }
    let lang = site.config.default_language.clone();
    if entries.len() <= SITEMAP_LIMIT {
        let mut context = base_context(site, &lang, "sitemap.xml");
        context.insert_value("entries", entries.into());
        return vec![Job {
            output: "sitemap.xml".into(),
            template: "sitemap.xml".into(),
            context,
            what: "rendering sitemap.xml".into(),
            shows: Vec::new(),
        }];
    }
    let mut jobs = Vec::new();
    let mut names = Vec::new();
    for (n, chunk) in entries.chunks(SITEMAP_LIMIT).enumerate() {
        let name = format!("sitemap{}.xml", n + 1);
        let mut context = base_context(site, &lang, &name);
        context.insert_value("entries", chunk.to_vec().into());
        names.push(Value::from(base.permalink(&name)));
        jobs.push(Job {
            output: name.clone(),
            template: "sitemap.xml".into(),
            context,
            what: format!("rendering {name}"),
            shows: Vec::new(),
        });
    }
    let mut context = base_context(site, &lang, "sitemap.xml");
    context.insert_value("sitemaps", names.into());
    jobs.push(Job {
        output: "sitemap.xml".into(),
        template: "sitemap_index.xml".into(),
        context,
        what: "rendering sitemap index".into(),
        shows: Vec::new(),
    });
    jobs
}

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
                        let offset = raw.text.body.start;
                        errors.push(
                            Diagnostic::error(&raw.file.shown, why)
                                .at(
                                    &raw.text.source,
                                    offset + link.span.start..offset + link.span.end,
                                )
                                .label("broken link"),
                        );
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
                let offset = profile.text.body.start;
                diagnostics.push(
                    Diagnostic::error(&profile.file.shown, why)
                        .at(
                            &profile.text.source,
                            offset + link.span.start..offset + link.span.end,
                        )
                        .label("broken link"),
                );
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
pub fn page_markdown(
    site: &Site,
    page: &crate::model::Page,
) -> (crate::markdown::Rendered, Vec<Diagnostic>) {
    let mut errors = Vec::new();
    let lang = page.raw.file.lang.clone();
    let dir = page.raw.file.dir.clone();
    let mut resolve = |link: &crate::markdown::Link| {
        crate::links::resolve(site, &lang, &dir, link).unwrap_or_else(|why| {
            errors.push(crate::links::error(page, link, why));
            None
        })
    };
    let rendered = crate::markdown::render(page.raw.text.body(), &mut resolve);
    (rendered, errors)
}

/// For the output layer: what a build produced, by output path.
pub type Rendered = BTreeMap<String, Content>;
