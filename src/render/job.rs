//! The types every kind of job shares: what a job is, which unit of the
//! model it comes from, and what it shows. A leaf: the modules that make
//! jobs (`jobs`, `feed`, `sitemap`) and the one that indexes what they
//! show (`deps`) import it, it imports none of them.

use tera::Context;

use crate::model::Site;

/// One output file to render.
pub(super) struct Job {
    pub(super) output: String,
    pub(super) template: String,
    pub(super) context: Context,
    pub(super) what: String,
    /// The values in `context` that a body edit changes (see `deps`).
    pub(super) shows: Vec<Dep>,
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
    /// 404.html: a theme page that lists nothing of the site, but may
    /// fetch what its menus show; apart from the sitemaps, so that a
    /// section's title shown in a menu does not render a sitemap of every
    /// page again.
    NotFound,
    /// The sitemaps, robots.txt and the search pages.
    SiteFiles,
}

/// A value a template can see whose contents a body edit changes.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(crate) enum Dep {
    /// A page's value (content, summary, table of contents…), by source
    /// path relative to content/.
    Page(String),
    /// A section's value with its page list: (folder, language).
    Section(String, String),
    /// A term's value with its page list: (taxonomy, term slug, language).
    Term(String, String, String),
    /// A fact of the registry: (operator, key); no operator for the site's.
    Fact(Option<String>, String),
    /// A taxonomy's value with its term references: (name, language).
    Taxonomy(String, String),
}

/// What every template sees, whatever it renders.
pub(super) fn base_context(site: &Site, lang: &str, path: &str) -> Context {
    let mut context = Context::new();
    context.insert("lang", lang);
    context.insert("current_path", &site.config.base_url.url(path));
    context.insert("current_url", &site.config.base_url.permalink(path));
    context
}
