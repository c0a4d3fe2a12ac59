//! Template functions. Tera functions take keyword arguments:
//! `url_for(path=…)`, `get_page(path=…)`, `get_section(path=…)`,
//! `get_taxonomy(name=…)`, `get_term(taxonomy=…, term=…)`, `trans(key=…)`.
//! Language-aware ones use the page's `lang` unless `lang=` is given.

use std::collections::HashMap;
use std::sync::Arc;

use tera::{Error, Kwargs, State, Tera, Value};

use super::values::{self, Values};
use crate::model::Site;

/// What the functions look things up in; built once per build.
#[derive(Clone)]
pub(crate) struct Lookup {
    pub base: crate::url::BaseUrl,
    pub default_language: String,
    pub pages: HashMap<String, Value>,
    pub sections: HashMap<(String, String), Value>,
    pub taxonomies: HashMap<(String, String), Value>,
    pub terms: HashMap<(String, String, String), Value>,
    pub strings: super::strings::Texts,
}

impl Lookup {
    pub fn build(site: &Site, values: &Values, strings: super::strings::Texts) -> Lookup {
        let pages = site
            .pages
            .iter()
            .enumerate()
            .map(|(i, p)| (p.file.rel.clone(), values.pages[i].clone()))
            .collect();
        let sections = site
            .sections
            .iter()
            .enumerate()
            .map(|(i, s)| {
                (
                    (s.dir.clone(), s.lang.clone()),
                    values::section_value(site, values, i),
                )
            })
            .collect();
        let mut taxonomies = HashMap::new();
        let mut terms = HashMap::new();
        for (i, tax) in site.taxonomies.iter().enumerate() {
            taxonomies.insert(
                (tax.name.clone(), tax.lang.clone()),
                values::taxonomy_value(site, values, i),
            );
            for (k, term) in tax.terms.iter().enumerate() {
                terms.insert(
                    (tax.name.clone(), term.slug.clone(), tax.lang.clone()),
                    values::term_value(values, i, k, term),
                );
            }
        }
        Lookup {
            base: site.config.base_url.clone(),
            default_language: site.config.default_language.clone(),
            pages,
            sections,
            taxonomies,
            terms,
            strings,
        }
    }

    /// A lookup with nothing in it, standing in for this one while it is
    /// patched after an edit (see `Renderer::update_page`).
    pub(crate) fn emptied(&self) -> Lookup {
        Lookup {
            base: self.base.clone(),
            default_language: self.default_language.clone(),
            pages: HashMap::new(),
            sections: HashMap::new(),
            taxonomies: HashMap::new(),
            terms: HashMap::new(),
            strings: HashMap::new(),
        }
    }

    fn lang(&self, kwargs: &Kwargs, state: &State) -> String {
        kwargs
            .get::<String>("lang")
            .ok()
            .flatten()
            .or_else(|| state.get::<String>("lang").ok().flatten())
            .unwrap_or_else(|| self.default_language.clone())
    }

    /// A string in `lang`, whose table `strings::resolve` already filled
    /// in from the other languages; the default language's for a language
    /// no file was loaded for.
    pub(crate) fn translate(&self, key: &str, lang: &str) -> Option<&str> {
        self.strings
            .get(lang)
            .and_then(|s| s.get(key))
            .or_else(|| {
                self.strings
                    .get(&self.default_language)
                    .and_then(|s| s.get(key))
            })
            .map(String::as_str)
    }
}

/// A page's URL in `lang`: its translation's where one exists, as links
/// written in Markdown resolve.
fn url_in_language(page: &Value, lang: &str) -> Value {
    let field = |v: &Value, key: &str| {
        v.as_map()
            .and_then(|m| m.get(&key.to_string().into()))
            .cloned()
    };
    let own = field(page, "url").unwrap_or_else(Value::none);
    if field(page, "lang").as_ref().and_then(Value::as_str) == Some(lang) {
        return own;
    }
    field(page, "translations")
        .as_ref()
        .and_then(|t| t.as_array())
        .and_then(|list| {
            list.iter()
                .find(|t| field(t, "lang").as_ref().and_then(Value::as_str) == Some(lang))
        })
        .and_then(|t| field(t, "url"))
        .unwrap_or(own)
}

pub(crate) fn register(tera: &mut Tera, lookup: Arc<Lookup>) {
    url_for(tera, Arc::clone(&lookup));
    get_page(tera, Arc::clone(&lookup));
    get_section(tera, Arc::clone(&lookup));
    get_taxonomy(tera, Arc::clone(&lookup));
    get_term(tera, Arc::clone(&lookup));
    trans(tera, lookup);
}

/// `url_for(path=…)`: a site path with the base URL; for `@/…`, a
/// content file's URL in the page's language.
fn url_for(tera: &mut Tera, l: Arc<Lookup>) {
    tera.register_function(
        "url_for",
        move |kwargs: Kwargs, state: &State| -> Result<Value, Error> {
            let path: String = kwargs.must_get("path")?;
            if let Some(source) = path.strip_prefix("@/") {
                let lang = l.lang(&kwargs, state);
                let value = l.pages.get(source).ok_or_else(|| {
                    Error::message(format!("url_for: no page at content/{source}"))
                })?;
                return Ok(url_in_language(value, &lang));
            }
            Ok(Value::from(l.base.url(&path)))
        },
    );
}

/// `get_page(path=…)`: a page's value, by content path.
fn get_page(tera: &mut Tera, l: Arc<Lookup>) {
    tera.register_function(
        "get_page",
        move |kwargs: Kwargs, _: &State| -> Result<Value, Error> {
            let path: String = kwargs.must_get("path")?;
            let path = path.trim_start_matches("@/").to_string();
            let page = l.pages.get(&path).cloned();
            if page.is_some() {
                super::deps::fetched(super::deps::Dep::Page(path.clone()));
            }
            page.ok_or_else(|| Error::message(format!("get_page: no page at content/{path}")))
        },
    );
}

/// `get_section(path=…)`: a section's value in the page's language,
/// else the default language's.
fn get_section(tera: &mut Tera, l: Arc<Lookup>) {
    tera.register_function(
        "get_section",
        move |kwargs: Kwargs, state: &State| -> Result<Value, Error> {
            let path: String = kwargs.must_get("path")?;
            let dir = path
                .trim_start_matches("@/")
                .trim_end_matches("_index.md")
                .trim_matches('/')
                .to_string();
            let lang = l.lang(&kwargs, state);
            let found = l.sections.get_key_value(&(dir.clone(), lang)).or_else(|| {
                l.sections
                    .get_key_value(&(dir.clone(), l.default_language.clone()))
            });
            if let Some(((dir, lang), _)) = found {
                super::deps::fetched(super::deps::Dep::Section(dir.clone(), lang.clone()));
            }
            found
                .map(|(_, section)| section.clone())
                .ok_or_else(|| Error::message(format!("get_section: no section at content/{dir}")))
        },
    );
}

/// `get_taxonomy(name=…)`: a taxonomy's value in the page's language.
fn get_taxonomy(tera: &mut Tera, l: Arc<Lookup>) {
    tera.register_function(
        "get_taxonomy",
        move |kwargs: Kwargs, state: &State| -> Result<Value, Error> {
            let name: String = kwargs.must_get("name")?;
            let lang = l.lang(&kwargs, state);
            super::deps::fetched(super::deps::Dep::Taxonomy(name.clone(), lang.clone()));
            l.taxonomies
                .get(&(name.clone(), lang))
                .cloned()
                .ok_or_else(|| {
                    Error::message(format!("get_taxonomy: no taxonomy `{name}` in site.yaml"))
                })
        },
    );
}

/// `get_term(taxonomy=…, term=…)`: a term's value in the page's language.
fn get_term(tera: &mut Tera, l: Arc<Lookup>) {
    tera.register_function(
        "get_term",
        move |kwargs: Kwargs, state: &State| -> Result<Value, Error> {
            let taxonomy: String = kwargs.must_get("taxonomy")?;
            let term: String = kwargs.must_get("term")?;
            let lang = l.lang(&kwargs, state);
            let key = (taxonomy.clone(), term.clone(), lang);
            let found = l.terms.get(&key).cloned();
            if found.is_some() {
                super::deps::fetched(super::deps::Dep::Term(key.0, key.1, key.2));
            }
            found.ok_or_else(|| {
                Error::message(format!(
                    "get_term: no term `{term}` in taxonomy `{taxonomy}`"
                ))
            })
        },
    );
}

/// `trans(key=…)`: a theme string in the page's language, else its base
/// language's, the default language's, English, any other language's,
/// else (no language has it) the key itself.
fn trans(tera: &mut Tera, l: Arc<Lookup>) {
    tera.register_function(
        "trans",
        move |kwargs: Kwargs, state: &State| -> Result<Value, Error> {
            // The hottest function of a theme: no allocation but the result.
            let key: &str = kwargs.must_get("key")?;
            let lang = kwargs
                .get::<Value>("lang")
                .ok()
                .flatten()
                .or_else(|| state.get::<Value>("lang").ok().flatten());
            let lang = lang
                .as_ref()
                .and_then(Value::as_str)
                .unwrap_or(&l.default_language);
            Ok(Value::from(l.translate(key, lang).unwrap_or(key)))
        },
    );
}

#[cfg(test)]
mod url_tests {
    use super::*;
    use crate::render::values::object;

    #[test]
    fn url_for_content_path_follows_the_language() {
        let translation = object(vec![("lang", "en".into()), ("url", "/en/guides/x/".into())]);
        let page = object(vec![
            ("lang", "zh".into()),
            ("url", "/guides/x/".into()),
            ("translations", vec![translation].into()),
        ]);
        assert_eq!(url_in_language(&page, "zh").as_str(), Some("/guides/x/"));
        assert_eq!(url_in_language(&page, "en").as_str(), Some("/en/guides/x/"));
        assert_eq!(url_in_language(&page, "km").as_str(), Some("/guides/x/"));
    }
}
