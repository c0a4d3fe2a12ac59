//! sitemap.xml with hreflang alternates; past SITEMAP_LIMIT URLs, a
//! sitemap index over numbered sitemaps.

use tera::Value;

use super::job::{Job, base_context};
use super::object::object;
use crate::model::Site;

/// Sitemaps hold at most this many URLs; past it, an index of sitemaps.
pub(crate) const SITEMAP_LIMIT: usize = 50_000;

pub(super) fn sitemaps(site: &Site) -> Vec<Job> {
    let entries = entries(site);
    debug_assert_eq!(entries.len(), entry_count(site));
    if entries.len() <= SITEMAP_LIMIT {
        return vec![sitemap(
            site,
            "sitemap.xml",
            entries,
            "rendering sitemap.xml",
        )];
    }
    let base = &site.config.base_url;
    let mut jobs = Vec::new();
    let mut names = Vec::new();
    for (n, chunk) in entries.chunks(SITEMAP_LIMIT).enumerate() {
        let name = format!("sitemap{}.xml", n + 1);
        names.push(Value::from(base.permalink(&name)));
        let what = format!("rendering {name}");
        jobs.push(sitemap(site, &name, chunk.to_vec(), &what));
    }
    let lang = &site.config.default_language;
    let mut context = base_context(site, lang, "sitemap.xml");
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

fn sitemap(site: &Site, output: &str, entries: Vec<Value>, what: &str) -> Job {
    let lang = &site.config.default_language;
    let mut context = base_context(site, lang, output);
    context.insert_value("entries", entries.into());
    Job {
        output: output.into(),
        template: "sitemap.xml".into(),
        context,
        what: what.into(),
        shows: Vec::new(),
    }
}

/// The (output, template) of each job `sitemaps` makes, without making
/// them: as many entries as `entries` makes.
pub(super) fn sitemap_outlines(site: &Site) -> Vec<(String, String)> {
    let count = entry_count(site);
    let file = |name: String| (name, "sitemap.xml".to_string());
    if count <= SITEMAP_LIMIT {
        return vec![file("sitemap.xml".into())];
    }
    let chunks = count.div_ceil(SITEMAP_LIMIT);
    let mut out: Vec<_> = (1..=chunks)
        .map(|n| file(format!("sitemap{n}.xml")))
        .collect();
    out.push(("sitemap.xml".into(), "sitemap_index.xml".into()));
    out
}

/// How many entries `entries` makes (checked there in debug builds).
fn entry_count(site: &Site) -> usize {
    let terms: usize = site.taxonomies.iter().map(|t| 1 + t.terms.len()).sum();
    site.sections.len() + site.pages.len() + terms
}

/// One entry per section, page, taxonomy overview and term, in that order.
fn entries(site: &Site) -> Vec<Value> {
    let mut entries = Vec::with_capacity(entry_count(site));
    // Most URLs have no translation: one empty list, shared.
    let none = Value::from(Vec::<Value>::new());
    let entry = |path: &str, lastmod: Option<String>, group: Vec<(&str, &str)>| {
        object(vec![
            ("loc", site.config.base_url.permalink(path).into()),
            ("lastmod", lastmod.into()),
            (
                "alternates",
                alternates(site, group).unwrap_or_else(|| none.clone()),
            ),
        ])
    };
    for section in &site.sections {
        let others = section.translations.iter().map(|&t| &site.sections[t]);
        let group = std::iter::once(section)
            .chain(others)
            .map(|s| (s.lang.as_str(), s.path.as_str()));
        entries.push(entry(&section.path, None, group.collect()));
    }
    for page in &site.pages {
        let others = page.translations.iter().map(|&t| &site.pages[t]);
        let group = std::iter::once(page)
            .chain(others)
            .map(|p| (p.file.lang.as_str(), p.path.as_str()));
        // An undated page has no `lastmod`.
        let lastmod = page
            .updated
            .or(page.date)
            .map(|d| crate::dates::ymd(d, &site.config.timezone));
        entries.push(entry(&page.path, lastmod, group.collect()));
    }
    // A taxonomy's overview and terms in other languages are translations too.
    for tax in &site.taxonomies {
        let languages = site.taxonomies.iter().filter(|o| o.name == tax.name);
        let group = languages
            .clone()
            .map(|o| (o.lang.as_str(), o.path.as_str()));
        entries.push(entry(&tax.path, None, group.collect()));
        for term in &tax.terms {
            let group = languages.clone().filter_map(|o| {
                let t = o.term(&term.slug)?;
                Some((o.lang.as_str(), t.path.as_str()))
            });
            entries.push(entry(&term.path, None, group.collect()));
        }
    }
    entries
}

/// hreflang links, once a URL has a translation (`None` before): one
/// per language, and `x-default` for the default language's; `group` is
/// (language, path) of the URL and its translations.
fn alternates(site: &Site, group: Vec<(&str, &str)>) -> Option<Value> {
    if group.len() < 2 {
        return None;
    }
    let base = &site.config.base_url;
    let link = |lang: &str, path: &str| {
        object(vec![
            ("lang", lang.into()),
            ("href", base.permalink(path).into()),
        ])
    };
    let mut out: Vec<Value> = group.iter().map(|&(lang, path)| link(lang, path)).collect();
    let default = &site.config.default_language;
    if let Some(&(_, path)) = group.iter().find(|(l, _)| l == default) {
        out.push(link("x-default", path));
    }
    Some(out.into())
}
