//! Taxonomies (operators, topics, …): terms from the pages' front matter,
//! their profiles, and per-language page lists. A closed taxonomy only
//! accepts terms that have a profile file.

use std::collections::{BTreeMap, HashMap};

use super::Page;
use crate::config::{Config, TaxonomyConfig};
use crate::content::raw::RawProfile;
use crate::diagnostics::{Diagnostic, Diagnostics, did_you_mean};
use crate::url::slugify;

pub struct Taxonomy {
    pub name: String,
    pub lang: String,
    pub config: TaxonomyConfig,
    /// Site path of the overview: "en/operators/".
    pub path: String,
    /// Sorted by profile weight, then title, then slug.
    pub terms: Vec<Term>,
}

pub struct Term {
    pub slug: String,
    pub title: String,
    pub path: String,
    pub weight: i64,
    /// Sorted by the taxonomy's `sort_by`.
    pub pages: Vec<usize>,
    /// Index into `Site::profiles`, in this language where a translation exists.
    pub profile: Option<usize>,
}

impl Taxonomy {
    pub fn term(&self, slug: &str) -> Option<&Term> {
        self.terms.iter().find(|t| t.slug == slug)
    }
}

/// Builds every taxonomy in every language and fills in `Page::terms`.
pub fn build(
    config: &Config,
    pages: &mut [Page],
    profiles: &[RawProfile],
    diagnostics: &mut Diagnostics,
) -> Vec<Taxonomy> {
    let mut profile_index: HashMap<(&str, &str, &str), usize> = HashMap::new();
    for (i, p) in profiles.iter().enumerate() {
        profile_index.insert(
            (p.taxonomy.as_str(), p.term.as_str(), p.file.lang.as_str()),
            i,
        );
    }
    let mut out = Vec::new();
    for tax in &config.taxonomies {
        let known: Vec<&str> = {
            let mut v: Vec<&str> = profiles
                .iter()
                .filter(|p| p.taxonomy == tax.name)
                .map(|p| p.term.as_str())
                .collect();
            v.sort_unstable();
            v.dedup();
            v
        };
        for language in &config.languages {
            let lang = language.code.as_str();
            let profile_for = |slug: &str| {
                profile_index
                    .get(&(tax.name.as_str(), slug, lang))
                    .or_else(|| {
                        profile_index.get(&(
                            tax.name.as_str(),
                            slug,
                            config.default_language.as_str(),
                        ))
                    })
                    .copied()
            };
            // slug → (spelling → uses) and pages
            let mut found: BTreeMap<String, (BTreeMap<String, usize>, Vec<usize>)> =
                BTreeMap::new();
            for slug in &known {
                found.entry(slug.to_string()).or_default();
            }
            for (index, page) in pages.iter().enumerate() {
                if page.raw.file.lang != lang {
                    continue;
                }
                let Some((_, items)) = page.raw.terms.iter().find(|(name, _)| *name == tax.name)
                else {
                    continue;
                };
                for item in items {
                    let slug = slugify(&item.value);
                    if slug.is_empty() {
                        diagnostics.push(
                            Diagnostic::error(
                                &page.raw.file.shown,
                                format!(
                                    "term `{}` has no letters or digits to make a URL from",
                                    item.value
                                ),
                            )
                            .at(&page.raw.text.source, item.span.clone())
                            .label("empty slug"),
                        );
                        continue;
                    }
                    if tax.closed && !known.contains(&slug.as_str()) {
                        let hint = did_you_mean(&slug, known.iter().copied());
                        diagnostics.push(
                            Diagnostic::error(
                                &page.raw.file.shown,
                                format!("unknown {} term `{}`", tax.name, item.value),
                            )
                            .at(&page.raw.text.source, item.span.clone())
                            .label(format!("no profile content/{}/{slug}.md", tax.name))
                            .help(match hint {
                                Some(h) => format!("did you mean `{h}`?"),
                                None if known.is_empty() => format!(
                                    "`{}` is closed: add content/{}/{slug}.md to create the term",
                                    tax.name, tax.name
                                ),
                                None => format!("known {}: {}", tax.name, known.join(", ")),
                            }),
                        );
                        continue;
                    }
                    let entry = found.entry(slug).or_default();
                    *entry.0.entry(item.value.clone()).or_default() += 1;
                    if entry.1.last() != Some(&index) {
                        entry.1.push(index);
                    }
                }
            }
            let prefix = config.language_prefix(lang);
            let path = format!("{prefix}{}/", tax.name);
            let mut terms: Vec<Term> = found
                .into_iter()
                .map(|(slug, (spellings, mut list))| {
                    let profile = profile_for(&slug);
                    // The most used spelling names the term; ties go to the
                    // first in sort order, so the name is stable.
                    let spelled = spellings
                        .iter()
                        .max_by(|a, b| a.1.cmp(b.1).then_with(|| b.0.cmp(a.0)))
                        .map(|(s, _)| s.clone())
                        .unwrap_or_else(|| slug.clone());
                    let title = profile.map_or(spelled, |p| profiles[p].title.clone());
                    super::sort_pages(pages, &mut list, tax.sort_by);
                    Term {
                        path: format!("{path}{slug}/"),
                        weight: profile.map_or(0, |p| profiles[p].weight),
                        slug,
                        title,
                        pages: list,
                        profile,
                    }
                })
                .collect();
            terms.sort_by(|a, b| (a.weight, &a.title, &a.slug).cmp(&(b.weight, &b.title, &b.slug)));
            for (term_index, term) in terms.iter().enumerate() {
                for &page in &term.pages {
                    let entry = &mut pages[page].terms;
                    match entry.iter_mut().find(|(name, _)| *name == tax.name) {
                        Some((_, list)) => list.push(term_index),
                        None => entry.push((tax.name.clone(), vec![term_index])),
                    }
                }
            }
            out.push(Taxonomy {
                name: tax.name.clone(),
                lang: lang.to_string(),
                config: tax.clone(),
                path,
                terms,
            });
        }
    }
    // Keep each page's terms in the order the front matter lists them.
    for page in pages.iter_mut() {
        for (name, list) in page.terms.iter_mut() {
            let Some(tax) = out
                .iter()
                .find(|t| &t.name == name && t.lang == page.raw.file.lang)
            else {
                continue;
            };
            let order: Vec<String> = page
                .raw
                .terms
                .iter()
                .find(|(n, _)| n == name)
                .map(|(_, items)| items.iter().map(|i| slugify(&i.value)).collect())
                .unwrap_or_default();
            list.sort_by_key(|&t| {
                order
                    .iter()
                    .position(|s| *s == tax.terms[t].slug)
                    .unwrap_or(usize::MAX)
            });
            list.dedup();
        }
    }
    out
}
