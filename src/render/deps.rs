//! What each rendered file shows, so that after an edit `watch` and
//! `serve` re-render only the files that show what changed.
//!
//! A render job depends on the page, section and term values its context
//! holds (declared when the job is made) and on those its template fetched
//! with `get_page`, `get_section` or `get_term` (recorded while it renders:
//! a template may fetch anything, so only the render itself can tell).

use std::cell::RefCell;
use std::collections::{HashMap, HashSet};

pub(crate) use super::job::Dep;
use super::job::Unit;
use crate::model::Site;

thread_local! {
    /// What the job rendering on this thread fetched so far; `None` when no
    /// job is recording. A job renders on one thread from start to end
    /// (Tera's render is synchronous), so a thread-local is exact.
    static FETCHED: RefCell<Option<Vec<Dep>>> = const { RefCell::new(None) };
}

/// Called by the template functions for each value they hand out.
pub(crate) fn fetched(dep: Dep) {
    FETCHED.with(|f| {
        if let Some(list) = f.borrow_mut().as_mut() {
            list.push(dep);
        }
    });
}

/// Runs `render`, returning its result and what it fetched.
pub(crate) fn recording<T>(render: impl FnOnce() -> T) -> (T, Vec<Dep>) {
    FETCHED.with(|f| *f.borrow_mut() = Some(Vec::new()));
    let result = render();
    let list = FETCHED.with(|f| f.borrow_mut().take()).unwrap_or_default();
    (result, list)
}

/// What shows page `index` of `site`: the page itself, its section's page
/// list and its terms' page lists.
pub(crate) fn of_page(site: &Site, index: usize) -> Vec<Dep> {
    let page = &site.pages[index];
    let section = &site.sections[page.section];
    let mut deps = vec![
        Dep::Page(page.file.rel.clone()),
        Dep::Section(section.dir.clone(), section.lang.clone()),
    ];
    for (name, terms) in &page.terms {
        let Some(t) = site.taxonomy_index(name, &page.file.lang) else {
            continue;
        };
        let tax = &site.taxonomies[t];
        deps.extend(terms.iter().map(|&k| {
            Dep::Term(
                tax.name.clone(),
                tax.terms[k].slug.clone(),
                tax.lang.clone(),
            )
        }));
    }
    deps
}

/// Dep → the units whose output shows it.
///
/// Entries are only added between full renders: when a re-rendered unit
/// stops showing something, its old entry stays, which costs a needless
/// re-render later, never a missed one.
#[derive(Default)]
pub(crate) struct DepIndex {
    units: HashMap<Dep, Vec<Unit>>,
}

impl DepIndex {
    pub(crate) fn add(&mut self, unit: Unit, deps: impl IntoIterator<Item = Dep>) {
        for dep in deps {
            let list = self.units.entry(dep).or_default();
            // A unit's jobs are added one after another, so a repeat is
            // almost always the last entry.
            if list.last() != Some(&unit) {
                list.push(unit);
            }
        }
    }

    /// Every unit moved by `moved`; those it maps to `None` dropped.
    pub(crate) fn moved(&mut self, moved: impl Fn(Unit) -> Option<Unit>) {
        for list in self.units.values_mut() {
            list.retain_mut(|unit| match moved(*unit) {
                Some(now) => {
                    *unit = now;
                    true
                }
                None => false,
            });
        }
    }

    /// Every unit showing any of `deps`, each once, in a stable order.
    pub(crate) fn units_showing<'a>(&self, deps: impl IntoIterator<Item = &'a Dep>) -> Vec<Unit> {
        let mut seen = HashSet::new();
        let mut out = Vec::new();
        for dep in deps {
            for &unit in self.units.get(dep).into_iter().flatten() {
                if seen.insert(unit) {
                    out.push(unit);
                }
            }
        }
        out.sort();
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn records_only_while_recording() {
        fetched(Dep::Page("ignored.md".into()));
        let ((), list) = recording(|| {
            fetched(Dep::Page("a.md".into()));
            fetched(Dep::Section("guides".into(), "en".into()));
        });
        assert_eq!(
            list,
            vec![
                Dep::Page("a.md".into()),
                Dep::Section("guides".into(), "en".into())
            ]
        );
        let ((), list) = recording(|| ());
        assert!(list.is_empty());
    }

    #[test]
    fn finds_each_unit_once() {
        let mut index = DepIndex::default();
        let a = Dep::Page("a.md".into());
        let s = Dep::Section("guides".into(), "en".into());
        index.add(Unit::Page(0), [a.clone()]);
        index.add(Unit::Section(1), [s.clone(), a.clone()]);
        index.add(Unit::Section(1), [s.clone()]);
        assert_eq!(
            index.units_showing([&a, &s]),
            vec![Unit::Page(0), Unit::Section(1)]
        );
        assert!(index.units_showing([&Dep::Page("b.md".into())]).is_empty());
    }
}
