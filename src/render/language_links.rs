//! The links from one page (or section, taxonomy, term) to its other
//! languages, as every template's context holds them.

use serde::ser::{Serialize, SerializeStruct, Serializer};
use tera::Value;

use crate::model::Site;

/// What a theme needs to link one page (or section, taxonomy, term) to its
/// other languages, ready made, because Tera has no easy way to look one up:
/// `translations` (the other versions), `x_default` (the default-language
/// version, for `hreflang="x-default"`; none when the page has no
/// translations or none in the default language) and `language_links` (one
/// per site language, for a switcher: the same page in that language, else
/// that language's home page).
pub(crate) struct LanguageLinks {
    translations: Value,
    x_default: Value,
    language_links: Value,
}

impl LanguageLinks {
    /// `lang` and `path` are the page's own; `others` its translations as
    /// (language, site path).
    pub fn new<'a>(
        site: &Site,
        lang: &str,
        path: &str,
        others: impl Iterator<Item = (&'a String, &'a String)>,
    ) -> LanguageLinks {
        let others: Vec<(&String, &String)> = others.collect();
        let default = site.config.default_language.as_str();
        let default_path = if lang == default {
            Some(path)
        } else {
            others
                .iter()
                .find(|(l, _)| l.as_str() == default)
                .map(|(_, p)| p.as_str())
        };
        let x_default = match default_path {
            Some(p) if !others.is_empty() => value(&Link::new(site, default, p)),
            _ => Value::none(),
        };
        let language_links: Vec<Link> = site
            .config
            .languages
            .iter()
            .map(|language| {
                let code = language.code.as_str();
                let translation = if code == lang {
                    Some(path)
                } else {
                    others
                        .iter()
                        .find(|(l, _)| l.as_str() == code)
                        .map(|(_, p)| p.as_str())
                };
                let home = site.config.language_prefix(code);
                let mut link = Link::new(site, code, translation.unwrap_or(&home));
                link.state = Some((code == lang, translation.is_some()));
                link
            })
            .collect();
        let translations: Vec<Link> = others.iter().map(|(l, p)| Link::new(site, l, p)).collect();
        LanguageLinks {
            translations: value(&translations),
            x_default,
            language_links: value(&language_links),
        }
    }

    pub(crate) fn insert_into(&self, context: &mut tera::Context) {
        context.insert_value("translations", self.translations.clone());
        context.insert_value("x_default", self.x_default.clone());
        context.insert_value("language_links", self.language_links.clone());
    }
}

/// One link to a language version: `lang`, `url`, `permalink`, `title`
/// (the language's), and for the switcher `current` and `translated`.
/// Serialized straight into the template value, a map per link (Tera
/// passes a `Value` field through at twice the cost).
struct Link<'a> {
    lang: &'a str,
    url: String,
    permalink: String,
    title: &'a str,
    state: Option<(bool, bool)>,
}

impl<'a> Link<'a> {
    fn new(site: &'a Site, code: &'a str, path: &str) -> Link<'a> {
        let base = &site.config.base_url;
        Link {
            lang: code,
            url: base.url(path),
            permalink: base.permalink(path),
            title: site.config.language(code).map_or("", |l| l.title.as_str()),
            state: None,
        }
    }
}

impl Serialize for Link<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let len = if self.state.is_some() { 6 } else { 4 };
        let mut map = serializer.serialize_struct("link", len)?;
        map.serialize_field("lang", self.lang)?;
        map.serialize_field("url", &self.url)?;
        map.serialize_field("permalink", &self.permalink)?;
        map.serialize_field("title", self.title)?;
        if let Some((current, translated)) = self.state {
            map.serialize_field("current", &current)?;
            map.serialize_field("translated", &translated)?;
        }
        map.end()
    }
}

/// `x` as a template value (links and lists of them always serialize).
fn value(x: &impl Serialize) -> Value {
    Value::try_from_serializable(x).unwrap_or_else(|_| Value::none())
}
