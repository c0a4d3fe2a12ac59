//! Shortcodes: templates in `templates/shortcodes/NAME.html` (the site's
//! over the theme's) called from Markdown as `{{ NAME(key=value) }}` or
//! `{% NAME(key=value) %}Markdown{% end %}`.
//!
//! Expansion is a pass around the Markdown renderer: each call is replaced
//! by a placeholder of the same length (so link positions still point into
//! the file), the text is rendered, then each placeholder is replaced by
//! what its template made; a placeholder alone in a paragraph replaces the
//! whole `<p>`, so block output comes out as the template wrote it.

mod args;
mod expand;
mod scan;

use std::collections::{BTreeMap, BTreeSet, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use tera::{Tera, Value};

use super::templates::{self, Theme};
use super::{functions, strings, values};
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::markdown::{Body, ImageHtml, Labels, Link};
use crate::model::{Page, Site};

pub(crate) use expand::Caller;

/// The shortcodes a site can call, and which pages call which.
pub struct Shortcodes {
    /// `None` when the site and theme have no shortcode.
    tera: Option<Tera>,
    /// Name → the template file, as shown in diagnostics.
    files: BTreeMap<String, PathBuf>,
    site: Value,
    /// Per page (indexed like `Site::pages`): the shortcodes it calls.
    pub(crate) uses: Vec<BTreeSet<String>>,
    /// The shortcodes any section calls (a section edit rebuilds all).
    pub(crate) section_uses: BTreeSet<String>,
    /// Per page (indexed like `Site::pages`): the facts its calls fetched,
    /// so that a fact edit renders again the bodies that show it.
    pub(crate) facts: Vec<Vec<super::deps::Dep>>,
    /// The facts any section's calls fetched.
    pub(crate) section_facts: HashSet<super::deps::Dep>,
}

const FOLDER: &str = "shortcodes/";

impl Default for Shortcodes {
    fn default() -> Self {
        Shortcodes {
            tera: None,
            files: BTreeMap::new(),
            site: Value::none(),
            uses: Vec::new(),
            section_uses: BTreeSet::new(),
            facts: Vec::new(),
            section_facts: HashSet::new(),
        }
    }
}

impl Shortcodes {
    /// The shortcode templates of the site and its theme, parsed. Errors
    /// of the theme itself are left to the template stage, which reports
    /// them; a shortcode template that does not parse is reported here.
    pub(crate) fn load(
        root: &Path,
        site: &Site,
        texts: &strings::Texts,
        diagnostics: &mut Diagnostics,
    ) -> Shortcodes {
        let Ok(theme) = Theme::locate(root, &site.config) else {
            return Shortcodes::default();
        };
        let Ok(sources) = templates::sources(root, &theme) else {
            return Shortcodes::default();
        };
        let files: BTreeMap<String, PathBuf> = sources
            .iter()
            .filter_map(|(name, source)| {
                let short = name.strip_prefix(FOLDER)?.strip_suffix(".html")?;
                Some((short.to_string(), source.shown.clone()))
            })
            .collect();
        if files.is_empty() {
            return Shortcodes::default();
        }
        let mut tera = Tera::new();
        // Parsing checks function names: register them, with what is known
        // before any page is rendered (`trans` and `url_for` with a plain
        // path work; `get_page` and friends find nothing yet).
        functions::register(&mut tera, Arc::new(early_lookup(site, texts)));
        super::image_functions::register(&mut tera, site);
        super::picture_function::register(&mut tera, site);
        super::facts::register(&mut tera, site);
        tera.register_function(
            "asset_url",
            |_: tera::Kwargs, _: &tera::State| -> Result<Value, tera::Error> {
                Err(tera::Error::message(
                    "asset_url is not available in shortcode templates (static files are named after the pages render); write the URL, or use it in a page template",
                ))
            },
        );
        let texts = sources
            .iter()
            .filter(|(name, _)| name.starts_with(FOLDER))
            .map(|(name, s)| (name.as_str(), s.text.as_ref()));
        if let Err(err) = tera.add_raw_templates(texts) {
            diagnostics.push(templates::diagnostic(&err, &sources, "loading shortcodes"));
            return Shortcodes::default();
        }
        Shortcodes {
            tera: Some(tera),
            files,
            site: values::site_value(site),
            uses: Vec::new(),
            section_uses: BTreeSet::new(),
            facts: Vec::new(),
            section_facts: HashSet::new(),
        }
    }

    /// Takes `fresh`'s templates (loaded again after an edit), keeping
    /// the record of who calls which.
    pub(crate) fn take_over(&mut self, fresh: Shortcodes) {
        self.tera = fresh.tera;
        self.files = fresh.files;
        self.site = fresh.site;
    }

    /// Takes in the facts of `site` after a fact edit: calls made from
    /// now on fetch the new values.
    pub(crate) fn refresh_facts(&mut self, site: &Site) {
        if let Some(tera) = self.tera.as_mut() {
            super::facts::register(tera, site);
        }
    }

    pub(crate) fn is_name(&self, name: &str) -> bool {
        self.files.contains_key(name)
    }

    /// Renders the Markdown `text` of `caller` (a page's or section's
    /// body), expanding its calls: the Body, the names it called, and its
    /// errors (broken links come from `resolve`, like any page's).
    pub(crate) fn render(
        &self,
        caller: &Caller,
        text: &str,
        labels: &Labels,
        images: Option<&mut ImageHtml>,
        resolve: &mut dyn FnMut(&Link) -> Option<String>,
    ) -> (Body, BTreeSet<String>, Vec<Diagnostic>) {
        if self.tera.is_none() || !scan::may_call(text) {
            return (
                crate::markdown::render_with_images(text, labels, resolve, images),
                BTreeSet::new(),
                Vec::new(),
            );
        }
        let mut run = expand::Run::new(self, caller, labels, images, resolve);
        let body = run.expand(text, 0);
        run.finish(body)
    }
}

/// The template functions' lookup before any body is rendered: no pages,
/// sections or terms yet, only the theme strings and the base URL.
fn early_lookup(site: &Site, texts: &strings::Texts) -> functions::Lookup {
    let strings = texts.clone();
    functions::Lookup {
        base: site.config.base_url.clone(),
        default_language: site.config.default_language.clone(),
        pages: Default::default(),
        sections: Default::default(),
        taxonomies: Default::default(),
        terms: Default::default(),
        strings,
    }
}

/// What a shortcode template sees as `page`: the page's front matter and
/// URLs, without its content (which is being rendered).
pub(crate) fn page_ref(site: &Site, page: &Page) -> Value {
    let base = &site.config.base_url;
    let tz = &site.config.timezone;
    values::object(vec![
        ("title", page.title.as_str().into()),
        ("description", page.description.clone().into()),
        ("date", page.date.map(|d| crate::dates::ymd(d, tz)).into()),
        ("author", page.author.clone().into()),
        ("slug", page.slug.as_str().into()),
        ("url", base.url(&page.path).into()),
        ("permalink", base.permalink(&page.path).into()),
        ("path", page.file.rel.as_str().into()),
        ("lang", page.file.lang.as_str().into()),
        ("draft", page.draft.into()),
        ("weight", page.weight.into()),
        ("extra", values::yaml(&page.extra)),
        ("section", site.sections[page.section].dir.as_str().into()),
    ])
}
