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
pub struct Lookup {
    pub base: crate::url::BaseUrl,
    pub default_language: String,
    pub pages: HashMap<String, Value>,
    pub sections: HashMap<(String, String), Value>,
    pub taxonomies: HashMap<(String, String), Value>,
    pub terms: HashMap<(String, String, String), Value>,
    /// lang → key → text.
    pub strings: HashMap<String, HashMap<String, String>>,
}

impl Lookup {
    pub fn build(
        site: &Site,
        values: &Values,
        strings: HashMap<String, HashMap<String, String>>,
    ) -> Lookup {
        let pages = site
            .pages
            .iter()
            .enumerate()
            .map(|(i, p)| (p.raw.file.rel.clone(), values.pages[i].clone()))
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
            for term in &tax.terms {
                terms.insert(
                    (tax.name.clone(), term.slug.clone(), tax.lang.clone()),
                    values::term_value(values, i, term),
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

    fn lang(&self, kwargs: &Kwargs, state: &State) -> String {
        kwargs
            .get::<String>("lang")
            .ok()
            .flatten()
            .or_else(|| state.get::<String>("lang").ok().flatten())
            .unwrap_or_else(|| self.default_language.clone())
    }

    pub fn translate(&self, key: &str, lang: &str) -> Option<&str> {
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

pub fn register(tera: &mut Tera, lookup: Arc<Lookup>) {
    let l = Arc::clone(&lookup);
    tera.register_function(
        "url_for",
        move |kwargs: Kwargs, state: &State| -> Result<Value, Error> {
            let path: String = kwargs.must_get("path")?;
            if let Some(source) = path.strip_prefix("@/") {
                let lang = l.lang(&kwargs, state);
                let value = l.pages.get(source).ok_or_else(|| {
                    Error::message(format!("url_for: no page at content/{source}"))
                })?;
                let url = value
                    .as_map()
                    .and_then(|m| m.get(&"url".into()))
                    .cloned()
                    .unwrap_or_else(Value::none);
                let _ = lang;
                return Ok(url);
            }
            Ok(Value::from(l.base.url(&path)))
        },
    );
    let l = Arc::clone(&lookup);
    tera.register_function(
        "get_page",
        move |kwargs: Kwargs, _: &State| -> Result<Value, Error> {
            let path: String = kwargs.must_get("path")?;
            let path = path.trim_start_matches("@/").to_string();
            l.pages
                .get(&path)
                .cloned()
                .ok_or_else(|| Error::message(format!("get_page: no page at content/{path}")))
        },
    );
    let l = Arc::clone(&lookup);
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
            l.sections
                .get(&(dir.clone(), lang))
                .or_else(|| l.sections.get(&(dir.clone(), l.default_language.clone())))
                .cloned()
                .ok_or_else(|| Error::message(format!("get_section: no section at content/{dir}")))
        },
    );
    let l = Arc::clone(&lookup);
    tera.register_function(
        "get_taxonomy",
        move |kwargs: Kwargs, state: &State| -> Result<Value, Error> {
            let name: String = kwargs.must_get("name")?;
            let lang = l.lang(&kwargs, state);
            l.taxonomies
                .get(&(name.clone(), lang))
                .cloned()
                .ok_or_else(|| {
                    Error::message(format!("get_taxonomy: no taxonomy `{name}` in site.yaml"))
                })
        },
    );
    let l = Arc::clone(&lookup);
    tera.register_function(
        "get_term",
        move |kwargs: Kwargs, state: &State| -> Result<Value, Error> {
            let taxonomy: String = kwargs.must_get("taxonomy")?;
            let term: String = kwargs.must_get("term")?;
            let lang = l.lang(&kwargs, state);
            l.terms
                .get(&(taxonomy.clone(), term.clone(), lang))
                .cloned()
                .ok_or_else(|| {
                    Error::message(format!(
                        "get_term: no term `{term}` in taxonomy `{taxonomy}`"
                    ))
                })
        },
    );
    let l = lookup;
    tera.register_function(
        "trans",
        move |kwargs: Kwargs, state: &State| -> Result<Value, Error> {
            let key: String = kwargs.must_get("key")?;
            let lang = l.lang(&kwargs, state);
            Ok(Value::from(l.translate(&key, &lang).unwrap_or(&key)))
        },
    );
}

/// Theme strings: `i18n/<lang>.yaml` of the theme, then of the site.
pub fn load_strings(
    root: &std::path::Path,
    theme: &super::templates::Theme,
) -> HashMap<String, HashMap<String, String>> {
    let mut out: HashMap<String, HashMap<String, String>> = HashMap::new();
    let mut add = |lang: &str, bytes: &[u8]| {
        if let Ok(map) = serde_yaml::from_slice::<HashMap<String, String>>(bytes) {
            out.entry(lang.to_string()).or_default().extend(map);
        }
    };
    for (rel, file) in theme.files("i18n") {
        if let (Some(lang), Ok(bytes)) = (rel.strip_suffix(".yaml"), file.read()) {
            add(lang, &bytes);
        }
    }
    if let Ok(entries) = std::fs::read_dir(root.join("i18n")) {
        let mut entries: Vec<_> = entries.flatten().collect();
        entries.sort_by_key(|e| e.file_name());
        for entry in entries {
            let name = entry.file_name().to_string_lossy().into_owned();
            if let (Some(lang), Ok(bytes)) =
                (name.strip_suffix(".yaml"), std::fs::read(entry.path()))
            {
                add(lang, &bytes);
            }
        }
    }
    out
}
