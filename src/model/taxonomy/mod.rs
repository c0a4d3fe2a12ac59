//! Taxonomies (operators, topics, …): terms from the pages' front matter,
//! their profiles, and per-language page lists. A closed taxonomy only
//! accepts terms that have a profile file.

mod page_terms;
pub(crate) mod patch;
mod terms;
mod used;

use std::collections::{BTreeMap, HashMap};

use super::{Page, Profile, SitePath};
use crate::config::{Config, TaxonomyConfig};
use crate::diagnostics::Diagnostics;

/// A page's terms as written: (taxonomy name, terms with their spans).
/// The pages pass hands them over; only this pass reads them, and the
/// model keeps the resolved terms.
pub(crate) type WrittenTerms = Vec<(String, Vec<crate::content::raw::Positioned<String>>)>;

pub struct Taxonomy {
    pub name: String,
    pub lang: String,
    pub config: TaxonomyConfig,
    /// Site path of the overview: "en/operators/".
    pub path: SitePath,
    /// Sorted by profile weight (unweighted last), then title, then slug.
    pub terms: Vec<Term>,
}

pub struct Term {
    pub slug: String,
    pub title: String,
    pub path: SitePath,
    pub weight: i64,
    /// Sorted by the taxonomy's `sort_by`.
    pub pages: Vec<usize>,
    /// Index into `Site::profiles`, in this language where a translation exists.
    pub profile: Option<usize>,
    /// Each spelling its pages write → how many times (the most used
    /// names a term without a profile), kept so that `watch` names it
    /// again after an edit without reading every page of the term.
    pub spellings: BTreeMap<String, usize>,
}

impl Taxonomy {
    pub(crate) fn term(&self, slug: &str) -> Option<&Term> {
        self.terms.iter().find(|t| t.slug == slug)
    }
}

/// Builds every taxonomy in every language and fills in `Page::terms`.
pub fn build(
    config: &Config,
    pages: &mut [Page],
    written: &[WrittenTerms],
    profiles: &[Profile],
    diagnostics: &mut Diagnostics,
) -> Vec<Taxonomy> {
    let profile_index: HashMap<(&str, &str, &str), usize> = profiles
        .iter()
        .enumerate()
        .map(|(i, p)| {
            (
                (p.taxonomy.as_str(), p.term.as_str(), p.file.lang.as_str()),
                i,
            )
        })
        .collect();
    let mut out = Vec::new();
    for tax in &config.taxonomies {
        let mut known: Vec<&str> = profiles
            .iter()
            .filter(|p| p.taxonomy == tax.name)
            .map(|p| p.term.as_str())
            .collect();
        known.sort_unstable();
        known.dedup();
        for language in &config.languages {
            let lang = language.code.as_str();
            let profile_for = |slug: &str| {
                let at = |lang: &str| profile_index.get(&(tax.name.as_str(), slug, lang)).copied();
                at(lang).or_else(|| at(&config.default_language))
            };
            let found = used::collect(tax, lang, &known, pages, written, diagnostics);
            let path = SitePath::new(config.language_prefix(lang)).child(&tax.name);
            let terms = terms::make(tax, &path, found, pages, profiles, profile_for);
            page_terms::add(pages, &tax.name, &terms);
            out.push(Taxonomy {
                name: tax.name.clone(),
                lang: lang.to_string(),
                config: tax.clone(),
                path,
                terms,
            });
        }
    }
    page_terms::order(pages, written, &out);
    out
}

#[cfg(test)]
mod tests {
    use crate::model::testing::site;

    #[test]
    fn profiles_name_terms_in_every_language_and_fall_back_to_the_default() {
        let (site, _) = site(&[
            ("operators/smart.md", "---\ntitle: 斯马特\n---\n"),
            ("operators/smart.en.md", "---\ntitle: Smart\n---\n"),
            ("operators/metfone.md", "---\ntitle: Metfone\n---\n"),
            ("a.en.md", "---\ntitle: A\noperators: [smart]\n---\n"),
        ]);
        let zh = site.taxonomy("operators", "zh").unwrap();
        let en = site.taxonomy("operators", "en").unwrap();
        assert_eq!(
            (zh.path.as_str(), en.path.as_str()),
            ("operators/", "en/operators/")
        );
        let titles = |t: &super::Taxonomy| -> Vec<String> {
            t.terms.iter().map(|t| t.title.clone()).collect()
        };
        assert_eq!(titles(zh), ["Metfone", "斯马特"]);
        assert_eq!(titles(en), ["Metfone", "Smart"]);
        let smart = en.term("smart").unwrap();
        assert_eq!(smart.path, "en/operators/smart/");
        assert_eq!(smart.pages, [0]);
        assert!(zh.term("smart").unwrap().pages.is_empty());
    }

    #[test]
    fn unweighted_terms_follow_weighted_ones() {
        let (site, _) = site(&[
            ("operators/a.md", "---\ntitle: A\n---\n"),
            ("operators/b.md", "---\ntitle: B\nweight: 2\n---\n"),
            ("operators/c.md", "---\ntitle: C\nweight: 1\n---\n"),
        ]);
        let zh = site.taxonomy("operators", "zh").unwrap();
        let slugs: Vec<&str> = zh.terms.iter().map(|t| t.slug.as_str()).collect();
        assert_eq!(slugs, ["c", "b", "a"]);
    }
}
