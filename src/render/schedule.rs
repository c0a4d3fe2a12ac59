//! The order units render in: the largest first, each thread taking the
//! next unit as soon as it is done with one, and a unit's jobs made by
//! the thread that renders them. After an edit a dozen units render, and
//! one list of ten thousand pages (a section's, the sitemap) can take as
//! long as the others together: made and rendered last, in a pass of
//! their own, it would keep one core busy alone at the end.

use std::sync::atomic::{AtomicUsize, Ordering};

use rayon::prelude::*;

use super::job::Unit;
use crate::model::Site;

/// How much a page weighs against one entry of a list: its whole
/// template and body against a link and a title.
const PAGE: usize = 32;

/// `each` of `units`, on every thread, the heaviest units first; the
/// results in the order of `units`.
pub(super) fn largest_first<T: Send>(
    site: &Site,
    units: &[Unit],
    each: impl Fn(Unit) -> Vec<T> + Sync,
) -> Vec<T> {
    let mut order: Vec<usize> = (0..units.len()).collect();
    // Stable: units of one weight keep their order.
    order.sort_by_key(|&i| std::cmp::Reverse(weight(site, units[i])));
    let next = AtomicUsize::new(0);
    let threads = rayon::current_num_threads().clamp(1, units.len().max(1));
    let done: Vec<Vec<(usize, Vec<T>)>> = (0..threads)
        .into_par_iter()
        .map(|_| {
            let mut mine = Vec::new();
            while let Some(&i) = order.get(next.fetch_add(1, Ordering::Relaxed)) {
                mine.push((i, each(units[i])));
            }
            mine
        })
        .collect();
    let mut all: Vec<(usize, Vec<T>)> = done.into_iter().flatten().collect();
    all.sort_unstable_by_key(|(i, _)| *i);
    all.into_iter().flat_map(|(_, list)| list).collect()
}

/// About how long `unit` takes to make and render, in list entries.
fn weight(site: &Site, unit: Unit) -> usize {
    match unit {
        Unit::Page(_) => PAGE,
        Unit::Section(s) => site.sections[s].pages.len(),
        Unit::Taxonomy(t) => site.taxonomies[t].terms.len(),
        Unit::Term(t, k) => {
            let pages = site.taxonomies[t].terms[k].pages.len();
            pages + site.config.feed_limit.min(pages) * PAGE
        }
        Unit::LanguageFeed(_) => site.config.feed_limit.min(site.pages.len()) * PAGE,
        Unit::Alias(_) | Unit::NotFound => 1,
        // The sitemap's entries are made, then rendered.
        Unit::SiteFiles => {
            let terms: usize = site.taxonomies.iter().map(|t| 1 + t.terms.len()).sum();
            2 * (site.pages.len() + site.sections.len() + terms)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn results_come_in_the_order_of_the_units() {
        let (site, _) = crate::model::testing::site(&[
            ("guides/a.md", "---\ntitle: A\n---\n"),
            ("guides/b.md", "---\ntitle: B\n---\n"),
        ]);
        let units = [
            Unit::Page(1),
            Unit::SiteFiles,
            Unit::Page(0),
            Unit::Section(0),
            Unit::NotFound,
        ];
        let made = largest_first(&site, &units, |unit| vec![unit, unit]);
        let twice: Vec<Unit> = units.iter().flat_map(|&u| [u, u]).collect();
        assert_eq!(made, twice);
        assert!(weight(&site, Unit::SiteFiles) > weight(&site, Unit::NotFound));
    }
}
