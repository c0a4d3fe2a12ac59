//! Translations: pages with the same key, and sections of the same folder,
//! are each other's translations, listed in language order.

use std::collections::{BTreeMap, HashMap};

use crate::config::Config;
use crate::model::{Page, Section};

/// Translation key → the pages with that key, in source-path order.
pub(crate) type ByKey = BTreeMap<String, Vec<usize>>;

/// Links page translations; returns the pages by source path and by key.
pub(crate) fn link_pages(config: &Config, pages: &mut [Page]) -> (HashMap<String, usize>, ByKey) {
    let mut by_source = HashMap::with_capacity(pages.len());
    let mut by_key = ByKey::new();
    for (i, page) in pages.iter().enumerate() {
        by_source.insert(page.file.rel.clone(), i);
        by_key.entry(page.key.clone()).or_default().push(i);
    }
    let order = |lang: &str| {
        config
            .languages
            .iter()
            .position(|l| l.code == lang)
            .unwrap_or(usize::MAX)
    };
    for group in by_key.values() {
        let mut group = group.clone();
        group.sort_by_key(|&i| order(&pages[i].file.lang));
        for &i in &group {
            pages[i].translations = group.iter().copied().filter(|&j| j != i).collect();
        }
    }
    (by_source, by_key)
}

/// Sections are already in language order, so a folder's group is too.
pub(crate) fn link_sections(sections: &mut [Section]) {
    let mut groups: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    for (i, s) in sections.iter().enumerate() {
        groups.entry(s.dir.as_str()).or_default().push(i);
    }
    let groups: Vec<Vec<usize>> = groups.into_values().collect();
    for group in groups {
        for &i in &group {
            sections[i].translations = group.iter().copied().filter(|&j| j != i).collect();
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::model::testing::site;

    const PAGE: &str = "---\ntitle: T\n---\n";

    #[test]
    fn same_key_pages_and_same_folder_sections_are_translations() {
        let (site, _) = site(&[
            ("a.en.md", PAGE),
            ("a.md", PAGE),
            ("b.md", PAGE),
            ("g/c.en.md", PAGE),
        ]);
        let at = |rel: &str| site.page_by_source[rel];
        assert_eq!(site.pages[at("a.md")].translations, [at("a.en.md")]);
        assert_eq!(site.pages[at("a.en.md")].translations, [at("a.md")]);
        assert!(site.pages[at("b.md")].translations.is_empty());
        let home_en = site.section_by_dir[&(String::new(), "en".to_string())];
        assert_eq!(site.sections[0].translations, [home_en]);
    }
}
