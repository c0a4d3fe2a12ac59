//! One page's terms after its front matter was saved again (watch), worked
//! out against the terms as they are instead of building every taxonomy
//! again: the page's place in each term list it is or was in, and the
//! name of a term without a profile when its spellings moved. `None` when
//! the edit would make a term or take the last page of one (the terms
//! would move: the model is resolved again).

use std::collections::BTreeMap;

use super::{Taxonomy, WrittenTerms, terms, used};
use crate::config::Config;
use crate::diagnostics::Diagnostics;
use crate::model::{Page, Profile, sort};
use crate::url::slugify;

/// What changes in the taxonomies, to be taken in by the caller.
#[derive(Default)]
pub(crate) struct TermsPatch {
    /// The page's `Page::terms`.
    pub page_terms: Vec<(String, Vec<usize>)>,
    /// (taxonomy, term) → its page list now, for the lists that changed.
    pub lists: Vec<(usize, usize, Vec<usize>)>,
    /// (taxonomy, term) → its name now, for the names that changed.
    pub titles: Vec<(usize, usize, String)>,
    /// (taxonomy, term) → its spellings counted now (`Term::spellings`),
    /// for the counts that changed.
    pub spellings: Vec<(usize, usize, BTreeMap<String, usize>)>,
}

/// What the patch reads of the site as it is.
pub(crate) struct Now<'a> {
    pub config: &'a Config,
    pub taxonomies: &'a [Taxonomy],
    pub pages: &'a [Page],
    pub profiles: &'a [Profile],
}

impl<'a> Now<'a> {
    /// `site` as it is now.
    pub(crate) fn of(site: &'a crate::model::Site) -> Self {
        Now {
            config: &site.config,
            taxonomies: &site.taxonomies,
            pages: &site.pages,
            profiles: &site.profiles,
        }
    }
}

/// Page `i` as it is now (`new`, not yet in `now.pages`), with the terms
/// it writes now (`written`) and wrote before (`before`). Unknown terms of
/// a closed taxonomy are errors in `diagnostics`, as in a build.
pub(crate) fn page(
    now: &Now<'_>,
    i: usize,
    new: &Page,
    written: &WrittenTerms,
    before: &WrittenTerms,
    diagnostics: &mut Diagnostics,
) -> Option<TermsPatch> {
    let mut patch = TermsPatch::default();
    for tax in &now.config.taxonomies {
        let name = tax.name.as_str();
        let t = now
            .taxonomies
            .iter()
            .position(|x| x.name == name && x.lang == new.file.lang)?;
        let taxonomy = &now.taxonomies[t];
        let mut known: Vec<&str> = now
            .profiles
            .iter()
            .filter(|p| p.taxonomy == name)
            .map(|p| p.term.as_str())
            .collect();
        known.sort_unstable();
        known.dedup();
        let items = of(written, name);
        let mut listed = Vec::new();
        for item in items {
            let slug = slugify(&item.value);
            if let Err(d) = used::accept(tax, &known, new, item, &slug) {
                diagnostics.push(d);
                continue;
            }
            let k = taxonomy.terms.iter().position(|x| x.slug == slug)?;
            if !listed.contains(&k) {
                listed.push(k);
            }
        }
        let was: &[usize] = now.pages[i]
            .terms
            .iter()
            .find(|(n, _)| n == name)
            .map_or(&[], |(_, list)| list.as_slice());
        let mut touched: Vec<usize> = was.iter().chain(&listed).copied().collect();
        touched.sort_unstable();
        touched.dedup();
        for k in touched {
            let term = &taxonomy.terms[k];
            let mut list = term.pages.clone();
            list.retain(|&j| j != i);
            if listed.contains(&k) {
                place(&mut list, i, new, now.pages, tax.sort_by);
            }
            if list.is_empty() && !known.contains(&term.slug.as_str()) {
                return None;
            }
            let spelled = |w: &WrittenTerms| spellings(of(w, name), &term.slug);
            let (now_spelled, was_spelled) = (spelled(written), spelled(before));
            if now_spelled != was_spelled {
                let counts = recount(&term.spellings, &was_spelled, &now_spelled);
                if term.profile.is_none() {
                    let title = terms::most_used(&counts, &term.slug);
                    if title != term.title {
                        if !stays_in_order(taxonomy, k, &title) {
                            return None;
                        }
                        patch.titles.push((t, k, title));
                    }
                }
                patch.spellings.push((t, k, counts));
            }
            if list != term.pages {
                patch.lists.push((t, k, list));
            }
        }
        if !listed.is_empty() {
            patch.page_terms.push((name.to_string(), listed));
        }
    }
    Some(patch)
}

/// The terms written for taxonomy `name`.
fn of<'a>(written: &'a WrittenTerms, name: &str) -> &'a [crate::content::raw::Positioned<String>] {
    written
        .iter()
        .find(|(n, _)| n == name)
        .map_or(&[], |(_, items)| items.as_slice())
}

/// The spellings of term `slug` among `items`, sorted.
fn spellings(items: &[crate::content::raw::Positioned<String>], slug: &str) -> Vec<String> {
    let mut found: Vec<String> = items
        .iter()
        .filter(|item| slugify(&item.value) == slug)
        .map(|item| item.value.clone())
        .collect();
    found.sort_unstable();
    found
}

/// A term's spellings counted again with page `i`'s spellings of it as
/// they were (`was`) taken off and as they are (`now`) added: what
/// `used::collect` counts over its pages, without going through them (an
/// operator's term lists thousands).
fn recount(
    counts: &BTreeMap<String, usize>,
    was: &[String],
    now: &[String],
) -> BTreeMap<String, usize> {
    let mut counts = counts.clone();
    for spelling in was {
        if let Some(n) = counts.get_mut(spelling) {
            *n = n.saturating_sub(1);
            if *n == 0 {
                counts.remove(spelling);
            }
        }
    }
    for spelling in now {
        *counts.entry(spelling.clone()).or_default() += 1;
    }
    counts
}

/// Whether term `k` named `title` keeps its place among its neighbours.
fn stays_in_order(taxonomy: &Taxonomy, k: usize, title: &str) -> bool {
    let term = &taxonomy.terms[k];
    let before = |a: &super::Term, title_a: &str, b: &super::Term, title_b: &str| {
        sort::by_weight(a.weight, b.weight)
            .then_with(|| title_a.cmp(title_b))
            .then_with(|| a.slug.cmp(&b.slug))
            .is_lt()
    };
    let after_previous = k == 0 || {
        let p = &taxonomy.terms[k - 1];
        before(p, &p.title, term, title)
    };
    let before_next = taxonomy
        .terms
        .get(k + 1)
        .is_none_or(|n| before(term, title, n, &n.title));
    after_previous && before_next
}

/// Puts page `i` (as `new`) into the sorted `list`, which does not hold
/// it; every other page is compared as it is in `pages`.
pub(crate) fn place(list: &mut Vec<usize>, i: usize, new: &Page, pages: &[Page], by: sort::SortBy) {
    let at = list.partition_point(|&j| sort::compare(by, &pages[j], new).is_lt());
    list.insert(at, i);
}
