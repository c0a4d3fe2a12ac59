//! What to render: one job per output file, made from one unit of the
//! model (a page, a section, a term …), with the template and context it
//! renders with and the pages it shows.

use tera::{Tera, Value};

use super::feed::feed;
use super::functions;
use super::job::{Dep, Job, Unit, base_context};
use super::language_links::LanguageLinks;
use super::sitemap::{sitemap_outlines, sitemaps};
use super::values::{self, Values, object};
use crate::model::Site;
use crate::model::paginate::{Pager, pager_path, paginate};

fn template_or(tera: &Tera, wanted: Option<&String>, fallback: &str) -> String {
    match wanted {
        Some(name) if tera.contains_template(name) => name.clone(),
        Some(name) => name.clone(), // rendering reports the missing template
        None => fallback.to_string(),
    }
}

/// Every unit of the site, in the order the outputs were always made.
pub(crate) fn units(site: &Site) -> Vec<Unit> {
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
    units.push(Unit::NotFound);
    units.push(Unit::SiteFiles);
    units
}

/// What making a unit's jobs reads.
pub(super) struct Scope<'a> {
    pub(super) site: &'a Site,
    pub(super) values: &'a Values,
    pub(super) lookup: &'a functions::Lookup,
    pub(super) tera: &'a Tera,
}

impl Scope<'_> {
    pub(super) fn jobs(&self, unit: Unit) -> Vec<Job> {
        match unit {
            Unit::Page(i) => vec![self.page(i)],
            Unit::Section(i) => self.section(i),
            Unit::Taxonomy(t) => vec![self.taxonomy(t)],
            Unit::Term(t, k) => self.term(t, k),
            Unit::LanguageFeed(l) => vec![self.language_feed(l)],
            Unit::Alias(a) => {
                let site = self.site;
                let alias = &site.aliases[a];
                site.alias_owner(a)
                    .map(|owner| redirect(site, &alias.output, owner.path, owner.lang))
                    .into_iter()
                    .collect()
            }
            Unit::NotFound => vec![self.not_found()],
            Unit::SiteFiles => self.site_files(),
        }
    }

    /// Each job of `unit` as (output, template, language): what `plan`
    /// claims before anything renders. A page's and the site files' are
    /// taken without making their jobs (a page's context, the sitemap's
    /// entries: most of their cost, which `plan` would throw away); other
    /// units' jobs are made, and are few. Debug builds (the tests) check
    /// each against the jobs.
    pub(super) fn outline(&self, unit: Unit) -> Vec<(String, String, String)> {
        let site = self.site;
        let outline = match unit {
            Unit::Page(i) => {
                let page = &site.pages[i];
                let (output, template) = self.page_target(page);
                vec![(output, template, page.file.lang.clone())]
            }
            Unit::SiteFiles => {
                let files = sitemap_outlines(site)
                    .into_iter()
                    .chain([("robots.txt".into(), "robots.txt".into())]);
                let lang = &site.config.default_language;
                let mut files: Vec<_> = files.map(|(o, t)| (o, t, lang.clone())).collect();
                if site.config.search {
                    // One a language, cheap: made.
                    let languages = site.config.languages.iter();
                    let search = languages.map(|l| search_page(site, &l.code));
                    files.extend(search.map(|job| {
                        let lang = super::lang(&job.context).to_string();
                        (job.output, job.template, lang)
                    }));
                }
                files
            }
            _ => return self.made(unit),
        };
        debug_assert_eq!(outline, self.made(unit), "the outline of {unit:?}");
        outline
    }

    /// Each job of `unit`, made, as (output, template, language).
    fn made(&self, unit: Unit) -> Vec<(String, String, String)> {
        self.jobs(unit)
            .into_iter()
            .map(|job| {
                let lang = super::lang(&job.context).to_string();
                (job.output, job.template, lang)
            })
            .collect()
    }

    /// A page's output file and template.
    fn page_target(&self, page: &crate::model::Page) -> (String, String) {
        let template = template_or(self.tera, page.template.as_ref(), "page.html");
        (page.path.index_file(), template)
    }

    fn page(&self, i: usize) -> Job {
        let (site, page) = (self.site, &self.site.pages[i]);
        let (output, template) = self.page_target(page);
        let mut context = base_context(site, &page.file.lang, &page.path);
        context.insert_value("page", self.values.pages[i].clone());
        context.insert_value("section", self.values.section_refs[page.section].clone());
        LanguageLinks::new(
            site,
            &page.file.lang,
            &page.path,
            page.translations
                .iter()
                .map(|&t| (&site.pages[t].file.lang, site.pages[t].path.as_string())),
        )
        .insert_into(&mut context);
        Job {
            output,
            template,
            context,
            what: format!("rendering {}", page.file.shown.display()),
            shows: vec![Dep::Page(page.file.rel.clone())],
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
        let pages = self.values.pages_of(&section.pages);
        let fallback = if section.dir.is_empty() {
            "index.html"
        } else {
            "section.html"
        };
        let template = template_or(self.tera, section.template.as_ref(), fallback);
        let shown = section.source.as_ref().map_or_else(
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
                    .map(|&t| (&site.sections[t].lang, site.sections[t].path.as_string())),
            )
            .insert_into(&mut context);
            jobs.push(Job {
                output: pager.path.index_file(),
                template: template.clone(),
                context,
                what: format!("rendering {shown}"),
                shows: vec![Dep::Section(key.0.clone(), key.1.clone())],
            });
        }
        if section.paginate > 0 {
            jobs.push(redirect(
                site,
                &section.path.child("page/1").index_file(),
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
            others.map(|o| (&o.lang, o.path.as_string())),
        )
        .insert_into(&mut context);
        Job {
            output: tax.path.index_file(),
            template: "taxonomy.html".into(),
            context,
            what: format!("rendering taxonomy `{}`", tax.name),
            shows: vec![Dep::Taxonomy(tax.name.clone(), tax.lang.clone())],
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
        let pages = self.values.pages_of(&term.pages);
        let others = site
            .taxonomies
            .iter()
            .filter(|o| o.name == tax.name && o.lang != tax.lang)
            .filter_map(|o| o.term(&term.slug).map(|ot| (&o.lang, ot.path.as_string())));
        let language_links = LanguageLinks::new(site, &tax.lang, &term.path, others);
        let mut jobs = Vec::new();
        for pager in paginate(&term.path, pages.len(), tax.config.paginate) {
            let mut context = base_context(site, &tax.lang, &pager.path);
            context.insert_value("taxonomy", taxonomy_value.clone());
            context.insert_value("term", term_value.clone());
            context.insert_value("paginator", paginator(site, &pager, &pages, &term.path));
            language_links.insert_into(&mut context);
            jobs.push(Job {
                output: pager.path.index_file(),
                template: "term.html".into(),
                context,
                what: format!("rendering {} term `{}`", tax.name, term.slug),
                shows: vec![
                    Dep::Term(key.0.clone(), key.1.clone(), key.2.clone()),
                    Dep::Taxonomy(key.0.clone(), key.2.clone()),
                ],
            });
        }
        if tax.config.paginate > 0 {
            jobs.push(redirect(
                site,
                &term.path.child("page/1").index_file(),
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
        // `feed` picks the newest.
        let pages: Vec<usize> = (0..site.pages.len())
            .filter(|&i| site.pages[i].file.lang == language.code)
            .collect();
        let prefix = site.config.language_prefix(&language.code);
        feed(
            site,
            &language.code,
            &format!("{prefix}atom.xml"),
            &prefix,
            &language.title,
            &pages,
            self.values,
        )
    }

    fn not_found(&self) -> Job {
        let site = self.site;
        let lang = &site.config.default_language;
        let mut context = base_context(site, lang, "404.html");
        LanguageLinks::new(site, lang, "", std::iter::empty()).insert_into(&mut context);
        Job {
            output: "404.html".into(),
            template: "404.html".into(),
            context,
            what: "rendering 404.html".into(),
            shows: Vec::new(),
        }
    }

    fn site_files(&self) -> Vec<Job> {
        let site = self.site;
        let lang = site.config.default_language.clone();
        let mut jobs = sitemaps(site);
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
        output: crate::url::index_file(&path),
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
