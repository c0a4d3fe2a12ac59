//! sitemap.xml with hreflang alternates; past SITEMAP_LIMIT URLs, a
//! sitemap index over numbered sitemaps.

use tera::Value;

use super::job::{Job, base_context};
use super::values::object;
use crate::model::Site;

/// Sitemaps hold at most this many URLs; past it, an index of sitemaps.
pub const SITEMAP_LIMIT: usize = 50_000;

pub(super) fn sitemaps(site: &Site) -> Vec<Job> {
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
