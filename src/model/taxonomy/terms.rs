//! Terms from their uses: each term's name, weight, profile and sorted
//! pages, and the order of the terms.

use std::collections::BTreeMap;

use super::used::Uses;
use super::{SitePath, Term};
use crate::config::TaxonomyConfig;
use crate::model::{Page, Profile, sort, sort_pages};

/// `base`: the taxonomy's site path; `profile_for`: a term's profile, in
/// this language where a translation exists.
pub(crate) fn make(
    tax: &TaxonomyConfig,
    base: &SitePath,
    found: BTreeMap<String, Uses>,
    pages: &[Page],
    profiles: &[Profile],
    profile_for: impl Fn(&str) -> Option<usize>,
) -> Vec<Term> {
    let mut terms: Vec<Term> = found
        .into_iter()
        .map(|(slug, uses)| {
            let profile = profile_for(&slug);
            let mut list = uses.pages;
            sort_pages(pages, &mut list, tax.sort_by);
            Term {
                path: base.child(&slug),
                weight: profile.map_or(0, |p| profiles[p].weight),
                title: profile.map_or_else(
                    || most_used(&uses.spellings, &slug),
                    |p| profiles[p].title.clone(),
                ),
                slug,
                pages: list,
                profile,
                spellings: uses.spellings,
            }
        })
        .collect();
    terms.sort_by(|a, b| {
        sort::by_weight(a.weight, b.weight)
            .then_with(|| a.title.cmp(&b.title))
            .then_with(|| a.slug.cmp(&b.slug))
    });
    terms
}

/// The most used spelling names the term; ties go to the first in sort
/// order, so the name is stable.
pub(super) fn most_used(spellings: &BTreeMap<String, usize>, slug: &str) -> String {
    spellings
        .iter()
        .max_by(|a, b| a.1.cmp(b.1).then_with(|| b.0.cmp(a.0)))
        .map_or_else(|| slug.to_string(), |(s, _)| s.clone())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_most_used_spelling_wins_and_ties_go_to_the_first() {
        let counts = |pairs: &[(&str, usize)]| -> BTreeMap<String, usize> {
            pairs.iter().map(|(s, n)| (s.to_string(), *n)).collect()
        };
        assert_eq!(
            most_used(&counts(&[("Smart", 1), ("smart", 2)]), "smart"),
            "smart"
        );
        assert_eq!(
            most_used(&counts(&[("Smart", 1), ("smart", 1)]), "smart"),
            "Smart"
        );
        assert_eq!(most_used(&counts(&[]), "smart"), "smart");
    }
}
