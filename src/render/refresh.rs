//! Taking in a fact edit without rendering the site again: the registry
//! that `fact()` reads, and every template value that holds the edited
//! profile (its term references, the pages of its terms, and the lists
//! holding those). `watch` then re-renders the units that show the facts.

use std::collections::BTreeSet;
use std::sync::Arc;

use super::{Renderer, facts, functions, values};
use crate::model::Site;

impl Renderer {
    /// Takes in the facts of `site` after an edit of the facts of `owner`
    /// (a profile's term; `None` for the site's own, which only `fact()`
    /// shows).
    pub(crate) fn facts_edited(&mut self, site: &Site, owner: Option<(&str, &str)>) {
        facts::register(&mut self.tera, site);
        self.shortcodes.refresh_facts(site);
        let Some((taxonomy, term)) = owner else {
            return;
        };
        let profiles = values::profile_values(site);
        let mut pages = BTreeSet::new();
        for (t, tax) in site.taxonomies.iter().enumerate() {
            if tax.name != taxonomy {
                continue;
            }
            for (k, held) in tax.terms.iter().enumerate() {
                if held.slug == term || held.profile.is_some_and(|p| site.profiles[p].term == term)
                {
                    self.values.term_refs[t][k] = values::term_ref(site, tax, held, &profiles);
                    pages.extend(held.pages.iter().copied());
                }
            }
        }
        for &i in &pages {
            let page = &site.pages[i];
            let mut map = self.values.pages[i].as_map().cloned().unwrap_or_default();
            map.insert(
                "taxonomies".into(),
                values::page_taxonomies(site, page, &self.values.term_refs),
            );
            self.values.pages[i] = tera::Value::from(map);
        }
        // The template functions let go of the lookup first, so that it is
        // patched in place instead of copied.
        functions::register(&mut self.tera, Arc::new(self.lookup.emptied()));
        let lookup = Arc::make_mut(&mut self.lookup);
        for &i in &pages {
            let rel = site.pages[i].file.rel.clone();
            lookup.pages.insert(rel, self.values.pages[i].clone());
        }
        // The lists holding those pages, and the taxonomies holding the
        // term: remade whole (a clone of each page value is a pointer).
        for (i, section) in site.sections.iter().enumerate() {
            if section.pages.iter().any(|p| pages.contains(p)) {
                let key = (section.dir.clone(), section.lang.clone());
                lookup
                    .sections
                    .insert(key, values::section_value(site, &self.values, i));
            }
        }
        for (t, tax) in site.taxonomies.iter().enumerate() {
            for (k, held) in tax.terms.iter().enumerate() {
                let key = (tax.name.clone(), held.slug.clone(), tax.lang.clone());
                lookup
                    .terms
                    .insert(key, values::term_value(&self.values, t, k, held));
            }
            let key = (tax.name.clone(), tax.lang.clone());
            lookup
                .taxonomies
                .insert(key, values::taxonomy_value(site, &self.values, t));
        }
        functions::register(&mut self.tera, Arc::clone(&self.lookup));
    }

    /// The templates that may show a profile's `facts` list.
    pub(crate) fn fact_readers(&self) -> BTreeSet<String> {
        super::fact_readers::readers(
            self.sources
                .iter()
                .map(|(name, s)| (name.as_str(), s.text.as_ref())),
        )
    }
}
