//! One page gone from the site or come into it (a draft toggled, under
//! `watch`), by its index, and every page index the model holds moved
//! past it.

use super::{AliasTarget, Site};

/// One page gone from the site or come into it, by its index.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Moved {
    /// The page at this old index left.
    Left(usize),
    /// A page joined at this new index.
    Joined(usize),
}

impl Moved {
    /// An old page index's new one; `None` for the page that left.
    pub(crate) fn index(self, old: usize) -> Option<usize> {
        match self {
            Moved::Left(d) if old == d => None,
            Moved::Left(d) if old > d => Some(old - 1),
            Moved::Joined(n) if old >= n => Some(old + 1),
            _ => Some(old),
        }
    }
}

/// Every page index held in `site`'s lists (sections, terms,
/// translations, aliases, `page_by_source`) moved by `m`. The page that
/// left must be in none of them any more (nor, for a page joining, the
/// new one yet): `site.pages` itself is the caller's.
pub(crate) fn shift(site: &mut Site, m: Moved) {
    let list = |list: &mut Vec<usize>| {
        for i in list.iter_mut() {
            *i = m.index(*i).unwrap_or(usize::MAX);
        }
    };
    for section in &mut site.sections {
        list(&mut section.pages);
    }
    for tax in &mut site.taxonomies {
        for term in &mut tax.terms {
            list(&mut term.pages);
        }
    }
    for page in &mut site.pages {
        list(&mut page.translations);
    }
    for alias in &mut site.aliases {
        if let AliasTarget::Page(i) = &mut alias.target {
            *i = m.index(*i).unwrap_or(usize::MAX);
        }
    }
    for i in site.page_by_source.values_mut() {
        *i = m.index(*i).unwrap_or(usize::MAX);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn indices_move_past_the_page() {
        let left = Moved::Left(2);
        let moved: Vec<_> = (0..4).map(|i| left.index(i)).collect();
        assert_eq!(moved, [Some(0), Some(1), None, Some(2)]);
        let joined = Moved::Joined(1);
        let moved: Vec<_> = (0..3).map(|i| joined.index(i)).collect();
        assert_eq!(moved, [Some(0), Some(2), Some(3)]);
    }
}
