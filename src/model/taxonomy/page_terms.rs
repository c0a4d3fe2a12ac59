//! `Page::terms`: for each taxonomy, the indexes of a page's terms in its
//! language's taxonomy, in the order its front matter lists them.

use super::WrittenTerms;
use super::{Taxonomy, Term};
use crate::model::Page;
use crate::url::slugify;

/// Adds term `i` of `terms` to each of its pages.
pub(crate) fn add(pages: &mut [Page], taxonomy: &str, terms: &[Term]) {
    for (term_index, term) in terms.iter().enumerate() {
        for &page in &term.pages {
            let entry = &mut pages[page].terms;
            match entry.iter_mut().find(|(name, _)| *name == taxonomy) {
                Some((_, list)) => list.push(term_index),
                None => entry.push((taxonomy.to_string(), vec![term_index])),
            }
        }
    }
}

/// Puts each page's terms back in the order its front matter lists them
/// (they were added in term order).
pub(crate) fn order(pages: &mut [Page], written: &[WrittenTerms], taxonomies: &[Taxonomy]) {
    for (page, terms) in pages.iter_mut().zip(written) {
        for (name, list) in page.terms.iter_mut() {
            let Some(tax) = taxonomies
                .iter()
                .find(|t| &t.name == name && t.lang == page.file.lang)
            else {
                continue;
            };
            let written: Vec<String> = terms
                .iter()
                .find(|(n, _)| n == name)
                .map(|(_, items)| items.iter().map(|i| slugify(&i.value)).collect())
                .unwrap_or_default();
            list.sort_by_key(|&t| {
                written
                    .iter()
                    .position(|s| *s == tax.terms[t].slug)
                    .unwrap_or(usize::MAX)
            });
            list.dedup();
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::model::testing::site;

    #[test]
    fn a_pages_terms_keep_the_order_written() {
        let (site, _) = site(&[(
            "a.md",
            "---\ntitle: A\ntopics: [zebra, apple, zebra]\n---\n",
        )]);
        let topics = site.taxonomy("topics", "zh").unwrap();
        let (name, list) = &site.pages[0].terms[0];
        assert_eq!(name, "topics");
        let slugs: Vec<&str> = list
            .iter()
            .map(|&t| topics.terms[t].slug.as_str())
            .collect();
        assert_eq!(slugs, ["zebra", "apple"]);
    }
}
