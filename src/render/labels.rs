//! The titles Markdown writes itself (alerts, containers, footnote
//! back-links), in each language, from the theme's and the site's i18n
//! strings as `trans()` reads them.

use std::collections::HashMap;

use super::strings::Texts;
use crate::markdown::Labels;
use crate::model::Site;

/// Labels by language code; a language without strings gets English.
pub(crate) struct SiteLabels {
    by_lang: HashMap<String, Labels>,
    english: Labels,
}

impl SiteLabels {
    /// From strings already resolved as `trans()` resolves them (a region
    /// reads its base language, a missing key the default language's):
    /// `strings::load_resolved`, or the kept renderer's in `watch`.
    pub(crate) fn from_texts(site: &Site, texts: &Texts) -> SiteLabels {
        let by_lang = site
            .config
            .languages
            .iter()
            .map(|lang| {
                let own = texts.get(&lang.code);
                let labels = Labels::from_strings(|key| own.and_then(|t| t.get(key)).cloned());
                (lang.code.clone(), labels)
            })
            .collect();
        SiteLabels {
            by_lang,
            english: Labels::default(),
        }
    }

    pub(crate) fn get(&self, lang: &str) -> &Labels {
        self.by_lang.get(lang).unwrap_or(&self.english)
    }
}
