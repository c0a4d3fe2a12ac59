//! The links from one page (or section, taxonomy, term) to its other
//! languages, as every template's context holds them.

use tera::Value;

use super::object::object;
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
        let base = &site.config.base_url;
        let others: Vec<(&String, &String)> = others.collect();
        let link = |code: &str, path: &str| {
            let title = site.config.language(code).map_or("", |l| l.title.as_str());
            vec![
                ("lang", code.into()),
                ("url", base.url(path).into()),
                ("permalink", base.permalink(path).into()),
                ("title", title.into()),
            ]
        };
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
            Some(p) if !others.is_empty() => object(link(default, p)),
            _ => Value::none(),
        };
        let language_links: Vec<Value> = site
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
                let mut fields = link(code, translation.unwrap_or(&home));
                fields.push(("current", (code == lang).into()));
                fields.push(("translated", translation.is_some().into()));
                object(fields)
            })
            .collect();
        LanguageLinks {
            translations: others
                .iter()
                .map(|(l, p)| object(link(l, p)))
                .collect::<Vec<_>>()
                .into(),
            x_default,
            language_links: language_links.into(),
        }
    }

    pub(crate) fn insert_into(&self, context: &mut tera::Context) {
        context.insert_value("translations", self.translations.clone());
        context.insert_value("x_default", self.x_default.clone());
        context.insert_value("language_links", self.language_links.clone());
    }
}
