//! Taking in a model resolved again after a front-matter edit (`watch`),
//! when it has the same pages, sections, terms and URLs as before: the
//! template values that hold what changed are made again, and each is
//! compared with the one it replaces, so that `watch` re-renders only the
//! files holding a value that changed, and knows which fields did.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

use rayon::prelude::*;
use tera::Value;

use super::{Bodies, Renderer, facts, functions, values};
use crate::model::Site;

/// What changed in the values, each with the names of its changed fields.
#[derive(Debug, Default)]
pub(crate) struct Changed {
    pub pages: BTreeMap<usize, BTreeSet<String>>,
    pub section_refs: BTreeMap<usize, BTreeSet<String>>,
    /// (taxonomy, term) → fields.
    pub term_refs: BTreeMap<(usize, usize), BTreeSet<String>>,
    /// A section's own Markdown: `content`, `toc`, `title_in_body`.
    pub section_bodies: BTreeMap<usize, BTreeSet<String>>,
}

impl Renderer {
    /// Takes in `site`, resolved again, with `bodies` for its pages and
    /// sections (the HTML of `edited` pages in `html`, by page; the other
    /// pages' HTML is kept from their values). `counts_read`: whether a
    /// template may read a term's `count` off a page's `taxonomies`; when
    /// none does, a term whose count alone changed is not taken into the
    /// values of its pages (thousands, for an operator), which then hold
    /// the count as it was: nothing renders it, and a template edit
    /// renders the whole site from new values.
    pub(crate) fn model_edited(
        &mut self,
        site: &Site,
        bodies: &Bodies,
        mut html: BTreeMap<usize, String>,
        sections: &[usize],
        counts_read: bool,
    ) -> Changed {
        let mut changed = Changed::default();
        let profiles = values::profile_values(site);
        for (t, tax) in site.taxonomies.iter().enumerate() {
            for (k, term) in tax.terms.iter().enumerate() {
                let now = values::term_ref(site, tax, term, &profiles);
                let slot = &mut self.values.term_refs[t][k];
                let fields = differ(slot, &now);
                if !fields.is_empty() {
                    changed.term_refs.insert((t, k), fields);
                    *slot = now;
                }
            }
        }
        for (i, section) in site.sections.iter().enumerate() {
            let now = values::section_ref(site, section);
            let fields = differ(&self.values.section_refs[i], &now);
            if !fields.is_empty() {
                changed.section_refs.insert(i, fields);
                self.values.section_refs[i] = now;
            }
        }
        for &i in sections {
            let now = values::section_body(&bodies.sections[i]);
            let old = &self.values.section_bodies[i];
            let names = [
                ("content", old.0 != now.0),
                ("toc", old.1 != now.1),
                ("title_in_body", old.2 != now.2),
            ];
            let fields: BTreeSet<String> = names
                .iter()
                .filter(|(_, differs)| *differs)
                .map(|(name, _)| (*name).to_string())
                .collect();
            if !fields.is_empty() {
                changed.section_bodies.insert(i, fields);
            }
            self.values.section_bodies[i] = now;
        }
        // The edited pages and their translations (which list their
        // titles) are made whole; the pages of a changed term reference
        // only take it in.
        let mut whole: BTreeSet<usize> = html.keys().copied().collect();
        for &i in html.keys() {
            whole.extend(site.pages[i].translations.iter().copied());
        }
        for &i in &whole {
            let content = html.remove(&i).unwrap_or_else(|| {
                let old = self.values.pages[i]
                    .as_map()
                    .and_then(|m| m.get(&"content".into()));
                old.and_then(Value::as_str).unwrap_or_default().to_string()
            });
            let page = &site.pages[i];
            let now = values::page_value(
                site,
                page,
                &bodies.pages[i],
                content,
                &self.values.term_refs,
            );
            self.take_page(&mut changed, i, now);
        }
        let held: BTreeSet<usize> = changed
            .term_refs
            .iter()
            .filter(|(_, fields)| counts_read || fields.iter().any(|f| f != "count"))
            .map(|(key, _)| key)
            .flat_map(|&(t, k)| site.taxonomies[t].terms[k].pages.iter().copied())
            .filter(|i| !whole.contains(i))
            .collect();
        let mut gone = self.retag(site, held, &mut changed);
        gone.extend(self.relist(site, &changed));
        // Values no longer held are freed off the path to the first write.
        std::thread::spawn(move || drop(gone));
        changed
    }

    /// The pages of a term whose reference changed (its `count`) take it
    /// in: only their `taxonomies` is made again and compared (named as
    /// `differ` names it), in parallel; a thousand pages are not each
    /// compared whole. Returns the values they replace.
    fn retag(&mut self, site: &Site, held: BTreeSet<usize>, changed: &mut Changed) -> Vec<Value> {
        let none = Value::none();
        let (values, term_refs) = (&self.values.pages, &self.values.term_refs);
        let held: Vec<usize> = held.into_iter().collect();
        let made: Vec<(usize, BTreeSet<String>, Value)> = held
            .par_iter()
            .filter_map(|&i| {
                let terms = values::page_taxonomies(site, &site.pages[i], term_refs);
                let old = values[i].as_map();
                let was = old
                    .and_then(|m| m.get(&"taxonomies".into()))
                    .unwrap_or(&none);
                let mut fields = BTreeSet::new();
                walk(was, &terms, (None, "taxonomies"), &mut fields);
                if fields.is_empty() {
                    return None;
                }
                let mut map = old.cloned().unwrap_or_default();
                map.insert("taxonomies".into(), terms);
                Some((i, fields, Value::from(map)))
            })
            .collect();
        let mut gone = Vec::with_capacity(made.len());
        for (i, fields, value) in made {
            changed.pages.insert(i, fields);
            gone.push(std::mem::replace(&mut self.values.pages[i], value));
        }
        gone
    }

    fn take_page(&mut self, changed: &mut Changed, i: usize, now: Value) {
        let fields = differ(&self.values.pages[i], &now);
        if !fields.is_empty() {
            changed.pages.insert(i, fields);
            self.values.pages[i] = now;
        }
    }

    /// The lookups of the template functions, and the fact registry, made
    /// again from the values.
    /// Returns the values it replaced.
    fn relist(&mut self, site: &Site, changed: &Changed) -> Vec<Value> {
        facts::register(&mut self.tera, site);
        self.shortcodes.refresh_facts(site);
        // The template functions let go of the lookup first, so that it is
        // patched in place instead of copied.
        functions::register(&mut self.tera, Arc::new(self.lookup.emptied()));
        let lookup = Arc::make_mut(&mut self.lookup);
        let mut gone = Vec::new();
        for &i in changed.pages.keys() {
            let rel = site.pages[i].file.rel.clone();
            gone.extend(lookup.pages.insert(rel, self.values.pages[i].clone()));
        }
        // Every list, whole: a page value's clone is a pointer.
        for (i, section) in site.sections.iter().enumerate() {
            let key = (section.dir.clone(), section.lang.clone());
            let value = values::section_value(site, &self.values, i);
            gone.extend(lookup.sections.insert(key, value));
        }
        for (t, tax) in site.taxonomies.iter().enumerate() {
            for (k, term) in tax.terms.iter().enumerate() {
                let key = (tax.name.clone(), term.slug.clone(), tax.lang.clone());
                lookup
                    .terms
                    .insert(key, values::term_value(&self.values, t, k, term));
            }
            let key = (tax.name.clone(), tax.lang.clone());
            let value = values::taxonomy_value(site, &self.values, t);
            lookup.taxonomies.insert(key, value);
        }
        functions::register(&mut self.tera, Arc::clone(&self.lookup));
        gone
    }
}

/// The names of the fields that differ between two values (a list's
/// changed length counts as its own name). A field of a map held under a
/// key is named with it, `profile.content`, as templates write it; a
/// field of a list's item by itself (`count`: the item has the loop's name).
pub(crate) fn differ(old: &Value, new: &Value) -> BTreeSet<String> {
    let mut fields = BTreeSet::new();
    walk(old, new, (None, ""), &mut fields);
    fields
}

/// `at`: the key holding the map `old` and `new` are in (none at the top
/// or in a list), and their own key.
fn walk(old: &Value, new: &Value, at: (Option<&str>, &str), fields: &mut BTreeSet<String>) {
    if old == new {
        return;
    }
    let (parent, name) = at;
    let qualified = || match parent {
        Some(parent) => format!("{parent}.{name}"),
        None => name.to_string(),
    };
    match (old.as_map(), new.as_map(), old.as_array(), new.as_array()) {
        (Some(a), Some(b), _, _) => {
            let none = Value::none();
            let holder = (!name.is_empty()).then_some(name);
            let keys = a.keys().chain(b.keys().filter(|k| !a.contains_key(*k)));
            for key in keys {
                let x = a.get(key).unwrap_or(&none);
                let y = b.get(key).unwrap_or(&none);
                walk(x, y, (holder, key.as_str().unwrap_or_default()), fields);
            }
        }
        (_, _, Some(a), Some(b)) if a.len() == b.len() => {
            for (x, y) in a.iter().zip(b) {
                if x.as_map().is_some() && y.as_map().is_some() {
                    // A list's item: read through the loop's own name.
                    walk(x, y, (None, ""), fields);
                } else if x != y {
                    fields.insert(qualified());
                }
            }
        }
        _ => {
            fields.insert(qualified());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::values::object;

    #[test]
    fn names_the_fields_that_differ() {
        let a = object(vec![
            ("title", "A".into()),
            ("terms", vec![object(vec![("count", 1.into())])].into()),
            ("tags", vec![Value::from("x")].into()),
        ]);
        let b = object(vec![
            ("title", "A".into()),
            ("terms", vec![object(vec![("count", 2.into())])].into()),
            ("tags", vec![Value::from("x"), Value::from("y")].into()),
        ]);
        let fields: Vec<String> = differ(&a, &b).into_iter().collect();
        assert_eq!(fields, ["count", "tags"]);
        let c = object(vec![("profile", object(vec![("content", "x".into())]))]);
        let d = object(vec![("profile", object(vec![("content", "y".into())]))]);
        let fields: Vec<String> = differ(&c, &d).into_iter().collect();
        assert_eq!(fields, ["profile.content"]);
        assert!(differ(&a, &a).is_empty());
    }
}
