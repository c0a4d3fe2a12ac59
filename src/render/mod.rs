//! Model → rendered files in memory. One job per output file, rendered in
//! parallel; every template error is collected, none stops the others.

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
use values::{Values, object};

/// Sitemaps hold at most this many URLs; past it, an index of sitemaps.
pub const SITEMAP_LIMIT: usize = 50_000;

struct Job {
    output: String,
    template: String,
    context: Context,
    what: String,
}

pub fn render(root: &Path, site: &Site, diagnostics: &mut Diagnostics) -> Outputs {
    let mut outputs = Outputs::default();
    let theme = match templates::Theme::locate(root, &site.config) {
        Ok(theme) => theme,
        Err(d) => {
            diagnostics.push(d);
            return outputs;
        }
    };
    let sources = match templates::sources(root, &theme) {
        Ok(sources) => sources,
        Err(errors) => {
            diagnostics.extend(errors);
            return outputs;
        }
    };
    let values = Values::build(site);
    let lookup = Arc::new(functions::Lookup::build(
        site,
        &values,
        functions::load_strings(root, &theme),
    ));
    // Tera 2 checks function names as it parses, so register them first.
    let mut tera = Tera::new();
    functions::register(&mut tera, Arc::clone(&lookup));
    let loaded = tera.add_raw_templates(
        sources
            .iter()
            .map(|(name, s)| (name.as_str(), s.text.as_ref())),
    );
    if let Err(err) = loaded {
        diagnostics.push(templates::diagnostic(&err, &sources, "loading templates"));
        return outputs;
    }
    tera.global_context()
        .insert_value("site", values.site.clone());
    tera.global_context()
        .insert("build_date", &site.build_date.to_string());

    let jobs = jobs(site, &values, &lookup, &tera);
    let rendered: Vec<Result<(String, String), Diagnostic>> = jobs
        .into_par_iter()
        .map(|job| {
            tera.render(&job.template, &job.context)
                .map(|text| (job.output, text))
                .map_err(|err| templates::diagnostic(&err, &sources, &job.what))
        })
        .collect();
    for result in rendered {
        match result {
            Ok((output, text)) => outputs.insert(output, Content::Bytes(text.into_bytes())),
            Err(d) => diagnostics.push(d),
        }
    }
    // Static files: theme first, the site's static/ wins, content assets last.
    for (rel, file) in theme.files("static") {
        outputs.insert(rel, Content::Theme(file));
    }
    let site_static = templates::Theme::Dir(root.to_path_buf());
    for (rel, file) in site_static.files("static") {
        outputs.insert(rel, Content::Theme(file));
    }
    for asset in &site.assets {
        outputs.insert(asset.output.clone(), Content::File(asset.source.clone()));
    }
    outputs
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

fn jobs(site: &Site, values: &Values, lookup: &functions::Lookup, tera: &Tera) -> Vec<Job> {
    let base = &site.config.base_url;
    let mut jobs = Vec::new();

    for (i, page) in site.pages.iter().enumerate() {
        let mut context = base_context(site, &page.raw.file.lang, &page.path);
        context.insert_value("page", values.pages[i].clone());
        context.insert_value("section", values.section_refs[page.section].clone());
        context.insert_value(
            "translations",
            translations(
                site,
                page.translations
                    .iter()
                    .map(|&t| (&site.pages[t].raw.file.lang, &site.pages[t].path)),
            ),
        );
        jobs.push(Job {
            output: format!("{}index.html", page.path),
            template: template_or(tera, page.raw.template.as_ref(), "page.html"),
            context,
            what: format!("rendering {}", page.raw.file.shown.display()),
        });
    }

    for (i, section) in site.sections.iter().enumerate() {
        let section_value = lookup
            .sections
            .get(&(section.dir.clone(), section.lang.clone()))
            .cloned()
            .unwrap_or_else(Value::none);
        let pages: Vec<Value> = section
            .pages
            .iter()
            .map(|&p| values.pages[p].clone())
            .collect();
        let fallback = if section.dir.is_empty() {
            "index.html"
        } else {
            "section.html"
        };
        let template = template_or(
            tera,
            section.raw.as_ref().and_then(|r| r.template.as_ref()),
            fallback,
        );
        let shown = section.raw.as_ref().map_or_else(
            || format!("content/{}", section.dir),
            |r| r.file.shown.display().to_string(),
        );
        for pager in paginate(&section.path, pages.len(), section.paginate) {
            let mut context = base_context(site, &section.lang, &pager.path);
            context.insert_value("section", section_value.clone());
            context.insert_value("paginator", paginator(site, &pager, &pages, &section.path));
            context.insert_value(
                "translations",
                translations(
                    site,
                    section
                        .translations
                        .iter()
                        .map(|&t| (&site.sections[t].lang, &site.sections[t].path)),
                ),
            );
            jobs.push(Job {
                output: format!("{}index.html", pager.path),
                template: template.clone(),
                context,
                what: format!("rendering {shown}"),
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
        let _ = i;
    }

    for (t, tax) in site.taxonomies.iter().enumerate() {
        let taxonomy_value = values::taxonomy_value(site, values, t);
        let others = site
            .taxonomies
            .iter()
            .filter(|o| o.name == tax.name && o.lang != tax.lang);
        let mut context = base_context(site, &tax.lang, &tax.path);
        context.insert_value("taxonomy", taxonomy_value.clone());
        context.insert_value(
            "translations",
            translations(site, others.map(|o| (&o.lang, &o.path))),
        );
        jobs.push(Job {
            output: format!("{}index.html", tax.path),
            template: "taxonomy.html".into(),
            context,
            what: format!("rendering taxonomy `{}`", tax.name),
        });
        for term in &tax.terms {
            let term_value = lookup
                .terms
                .get(&(tax.name.clone(), term.slug.clone(), tax.lang.clone()))
                .cloned()
                .unwrap_or_else(Value::none);
            let pages: Vec<Value> = term
                .pages
                .iter()
                .map(|&p| values.pages[p].clone())
                .collect();
            let others = site
                .taxonomies
                .iter()
                .filter(|o| o.name == tax.name && o.lang != tax.lang)
                .filter_map(|o| o.term(&term.slug).map(|ot| (&o.lang, &ot.path)));
            let translations = translations(site, others);
            for pager in paginate(&term.path, pages.len(), tax.config.paginate) {
                let mut context = base_context(site, &tax.lang, &pager.path);
                context.insert_value("taxonomy", taxonomy_value.clone());
                context.insert_value("term", term_value.clone());
                context.insert_value("paginator", paginator(site, &pager, &pages, &term.path));
                context.insert_value("translations", translations.clone());
                jobs.push(Job {
                    output: format!("{}index.html", pager.path),
                    template: "term.html".into(),
                    context,
                    what: format!("rendering {} term `{}`", tax.name, term.slug),
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
                    values,
                ));
            }
        }
    }

    if site.config.feeds {
        for language in &site.config.languages {
            let mut newest: Vec<usize> = (0..site.pages.len())
                .filter(|&i| site.pages[i].raw.file.lang == language.code)
                .collect();
            crate::model::sort_pages(&site.pages, &mut newest, SortBy::Date);
            let prefix = site.config.language_prefix(&language.code);
            jobs.push(feed(
                site,
                &language.code,
                &format!("{prefix}atom.xml"),
                &prefix,
                &language.title,
                &newest,
                values,
            ));
        }
    }

    for alias in &site.aliases {
        let page = &site.pages[alias.target];
        jobs.push(redirect(
            site,
            &alias.output,
            &page.path,
            &page.raw.file.lang,
        ));
    }

    let lang = site.config.default_language.clone();
    let mut context = base_context(site, &lang, "404.html");
    context.insert_value("translations", Value::from(Vec::<Value>::new()));
    jobs.push(Job {
        output: "404.html".into(),
        template: "404.html".into(),
        context,
        what: "rendering 404.html".into(),
    });
    jobs.extend(sitemaps(site));
    let mut context = base_context(site, &lang, "robots.txt");
    context.insert("sitemap_url", &base.permalink("sitemap.xml"));
    jobs.push(Job {
        output: "robots.txt".into(),
        template: "robots.txt".into(),
        context,
        what: "rendering robots.txt".into(),
    });
    jobs
}

fn translations<'a>(site: &Site, others: impl Iterator<Item = (&'a String, &'a String)>) -> Value {
    let base = &site.config.base_url;
    let list: Vec<Value> = others
        .map(|(lang, path)| {
            let title = site.config.language(lang).map_or("", |l| l.title.as_str());
            object(vec![
                ("lang", lang.as_str().into()),
                ("url", base.url(path).into()),
                ("permalink", base.permalink(path).into()),
                ("title", title.into()),
            ])
        })
        .collect();
    list.into()
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
    for tax in &site.taxonomies {
        add(&tax.path, None, Value::from(Vec::<Value>::new()));
        for term in &tax.terms {
            add(&term.path, None, Value::from(Vec::<Value>::new()));
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
        });
    }
    let mut context = base_context(site, &lang, "sitemap.xml");
    context.insert_value("sitemaps", names.into());
    jobs.push(Job {
        output: "sitemap.xml".into(),
        template: "sitemap_index.xml".into(),
        context,
        what: "rendering sitemap index".into(),
    });
    jobs
}

/// Renders `Markdown` of every page and section, rewriting links; link
/// errors become diagnostics.
pub fn markdown(site: &mut Site, diagnostics: &mut Diagnostics) {
    let results: Vec<(crate::markdown::Rendered, Vec<Diagnostic>)> = site
        .pages
        .par_iter()
        .map(|page| {
            let mut errors = Vec::new();
            let lang = page.raw.file.lang.clone();
            let dir = page.raw.file.dir.clone();
            let rendered = crate::markdown::render(page.raw.text.body(), &mut |link| {
                match crate::links::resolve(site, &lang, &dir, link) {
                    Ok(url) => url,
                    Err(why) => {
                        errors.push(crate::links::error(page, link, why));
                        None
                    }
                }
            });
            (rendered, errors)
        })
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
    for (page, (rendered, errors)) in site.pages.iter_mut().zip(results) {
        page.rendered = rendered;
        diagnostics.extend(errors);
    }
    for (section, (rendered, errors)) in site.sections.iter_mut().zip(section_results) {
        section.rendered = rendered;
        diagnostics.extend(errors);
    }
}

/// For the output layer: what a build produced, by output path.
pub type Rendered = BTreeMap<String, Content>;
