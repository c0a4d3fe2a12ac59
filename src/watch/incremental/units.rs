//! After the model was resolved again: whether it still has the same
//! pages, sections, terms and URLs (else the whole site renders), and
//! which units show what changed.
//!
//! A unit is rendered again when it holds a value that changed and its
//! templates read a changed field (`Kept::reading`): a page's own file, the
//! lists holding it (section pagers, terms, the feeds, whatever fetched
//! it), the pages and lists holding a changed section or term reference
//! (a page's `section`, its terms' `count`), a list whose order or members
//! changed whatever its fields, the sitemap when a date it prints moved,
//! and what called `fact()` for a saved profile's facts.

use std::collections::BTreeSet;

use crate::model::Site;
use crate::model::resolve::patch::Before;
use crate::render::Unit;
use crate::render::deps::Dep;
use crate::render::patch::Changed;
use crate::watch::kept::Kept;

/// Whether `new` has the pages, sections, terms, aliases and URLs of
/// `old`, each at the same place, so that every index kept stays true.
pub(super) fn same_shape(old: &Site, new: &Site) -> bool {
    let values = |list: &[crate::content::raw::Positioned<String>]| {
        list.iter().map(|p| p.value.clone()).collect::<Vec<_>>()
    };
    let pages = old.pages.len() == new.pages.len()
        && old.pages.iter().zip(&new.pages).all(|(a, b)| {
            a.file.rel == b.file.rel
                && a.path == b.path
                && a.section == b.section
                && a.translations == b.translations
                && a.template == b.template
                && a.assets == b.assets
                && a.image.as_ref().map(|i| &i.written.value)
                    == b.image.as_ref().map(|i| &i.written.value)
                && values(&a.aliases) == values(&b.aliases)
        });
    let sections = old.sections.len() == new.sections.len()
        && old.sections.iter().zip(&new.sections).all(|(a, b)| {
            a.dir == b.dir
                && a.lang == b.lang
                && a.path == b.path
                && a.paginate == b.paginate
                && a.template == b.template
                && a.parent == b.parent
                && a.subsections == b.subsections
                && a.translations == b.translations
                && values(&a.aliases) == values(&b.aliases)
        });
    let taxonomies = old.taxonomies.len() == new.taxonomies.len()
        && old.taxonomies.iter().zip(&new.taxonomies).all(|(a, b)| {
            a.name == b.name
                && a.lang == b.lang
                && a.terms.len() == b.terms.len()
                && a.terms
                    .iter()
                    .zip(&b.terms)
                    .all(|(x, y)| x.slug == y.slug && x.path == y.path && x.profile == y.profile)
        });
    let profiles = old.profiles.len() == new.profiles.len()
        && old
            .profiles
            .iter()
            .zip(&new.profiles)
            .all(|(a, b)| a.file.rel == b.file.rel);
    let aliases = old.aliases.len() == new.aliases.len()
        && old
            .aliases
            .iter()
            .zip(&new.aliases)
            .all(|(a, b)| a.output == b.output);
    pages
        && sections
        && taxonomies
        && profiles
        && aliases
        && old.assets.len() == new.assets.len()
        && old.draft_sources == new.draft_sources
}

/// The lists as they were before the edit: the model it replaced, or
/// what the patch that changed the kept model in place logged (a list not
/// logged did not change).
pub(super) enum Old<'a> {
    Site(&'a Site),
    Patched(&'a Before),
}

impl Old<'_> {
    fn site(&self) -> Option<&Site> {
        match self {
            Old::Site(old) => Some(old),
            Old::Patched(_) => None,
        }
    }

    fn section_pages<'a>(&'a self, site: &'a Site, s: usize) -> &'a [usize] {
        match self {
            Old::Site(old) => &old.sections[s].pages,
            Old::Patched(before) => before.sections.get(&s).unwrap_or(&site.sections[s].pages),
        }
    }

    fn term_pages<'a>(&'a self, site: &'a Site, t: usize, k: usize) -> &'a [usize] {
        match self {
            Old::Site(old) => &old.taxonomies[t].terms[k].pages,
            Old::Patched(before) => before
                .terms
                .get(&(t, k))
                .unwrap_or(&site.taxonomies[t].terms[k].pages),
        }
    }

    fn lastmod(&self, site: &Site, i: usize) -> Option<jiff::Timestamp> {
        match self {
            Old::Site(old) => lastmod(old, i),
            Old::Patched(before) => match before.lastmod.get(&i) {
                Some(&date) => date,
                None => lastmod(site, i),
            },
        }
    }
}

/// The owners of the facts in `files`: a profile's term, `None` for a
/// home page's `_index.md`.
pub(super) fn fact_owners(site: &Site, files: &[String]) -> Vec<Option<String>> {
    let mut owners = Vec::new();
    for p in site.profiles.iter().filter(|p| files.contains(&p.file.rel)) {
        owners.push(Some(p.term.clone()));
    }
    let home = |s: &&crate::model::Section| {
        s.dir.is_empty()
            && s.source
                .as_ref()
                .is_some_and(|r| files.contains(&r.file.rel))
    };
    if site.sections.iter().any(|s| home(&s)) {
        owners.push(None);
    }
    owners
}

/// The units to render again: the saved pages' own, and the files of the
/// saved section files and profiles (a section's pagers, a term's pages),
/// then the rest.
pub(super) fn select(
    kept: &Kept,
    old: &Old,
    changed: &Changed,
    (pages, files): (&[usize], &[String]),
    owners: &[Option<String>],
) -> [Vec<Unit>; 2] {
    let site = &kept.site;
    let manifest = kept.renderer.manifest();
    let fields_of = Fields::of(site, changed);
    let mut units = BTreeSet::new();
    let mut add = |list: Vec<Unit>, var: Option<&str>, fields: Option<&BTreeSet<String>>| {
        let Some(fields) = fields else {
            units.extend(list);
            return;
        };
        let mut reads = kept.reading(var, fields);
        units.extend(list.into_iter().filter(|&unit| reads(unit)));
    };
    for (&i, fields) in &changed.pages {
        let dep = Dep::Page(site.pages[i].file.rel.clone());
        add(manifest.units_showing(&[dep]), None, Some(fields));
        // A moved date may take the page into (or out of) its feed.
        if site.config.feeds {
            let lang = &site.pages[i].file.lang;
            let l = site.config.languages.iter().position(|c| &c.code == lang);
            add(l.map(Unit::LanguageFeed).into_iter().collect(), None, None);
        }
    }
    for s in 0..site.sections.len() {
        let fields = section_fields(old, site, (changed, &fields_of), s);
        if !fields.is_empty() {
            add(
                manifest.units_showing(&[section_dep(site, s)]),
                None,
                Some(&fields),
            );
        }
    }
    for (&s, fields) in &changed.section_refs {
        let own = site.sections[s]
            .pages
            .iter()
            .map(|&p| Unit::Page(p))
            .collect();
        add(own, Some("section"), Some(fields));
    }
    for (t, tax) in site.taxonomies.iter().enumerate() {
        let mut in_taxonomy = BTreeSet::new();
        for (k, term) in tax.terms.iter().enumerate() {
            let mut fields = listed(&fields_of, old.term_pages(site, t, k), &term.pages);
            if let Some(own) = changed.term_refs.get(&(t, k)) {
                fields.extend(own.iter().cloned());
                in_taxonomy.extend(own.iter().cloned());
            }
            if !fields.is_empty() {
                let dep = Dep::Term(tax.name.clone(), term.slug.clone(), tax.lang.clone());
                add(manifest.units_showing(&[dep]), None, Some(&fields));
            }
        }
        if !in_taxonomy.is_empty() {
            let dep = Dep::Taxonomy(tax.name.clone(), tax.lang.clone());
            add(manifest.units_showing(&[dep]), None, Some(&in_taxonomy));
        }
    }
    if pages
        .iter()
        .any(|&i| old.lastmod(site, i) != lastmod(site, i))
    {
        add(vec![Unit::SiteFiles], None, None);
    }
    add(
        manifest.units_showing(&fact_deps(old.site().unwrap_or(site), site, owners)),
        None,
        None,
    );
    let mut own: Vec<Unit> = pages
        .iter()
        .map(|&i| Unit::Page(i))
        .filter(|u| units.contains(u))
        .collect();
    own.extend(units.iter().copied().filter(|&u| of_files(site, files, u)));
    let rest = units.into_iter().filter(|u| !own.contains(u)).collect();
    [own, rest]
}

/// Whether `unit` is the page of a section file or profile among `files`:
/// the page the author of that file looks at.
fn of_files(site: &Site, files: &[String], unit: Unit) -> bool {
    let saved = |rel: &str| files.iter().any(|f| f == rel);
    match unit {
        Unit::Section(s) => {
            let source = site.sections[s].source.as_ref();
            source.is_some_and(|r| saved(&r.file.rel))
        }
        Unit::Term(t, k) => {
            let profile = site.taxonomies[t].terms[k].profile;
            profile.is_some_and(|p| saved(&site.profiles[p].file.rel))
        }
        _ => false,
    }
}

/// The changed fields of each page (`Changed::pages`) by index, looked up
/// for every page of every list (tens of thousands after a draft toggle).
struct Fields<'a>(Vec<Option<&'a BTreeSet<String>>>);

impl<'a> Fields<'a> {
    fn of(site: &Site, changed: &'a Changed) -> Self {
        let mut by_page = vec![None; site.pages.len()];
        for (&i, fields) in &changed.pages {
            if let Some(slot) = by_page.get_mut(i) {
                *slot = Some(fields);
            }
        }
        Fields(by_page)
    }
}

/// The fields of a list value that changed: `pages` when its members or
/// their order did, and the changed fields of the pages it lists.
fn listed(changed: &Fields, old: &[usize], new: &[usize]) -> BTreeSet<String> {
    let mut fields = BTreeSet::new();
    if old != new {
        fields.insert("pages".to_string());
    }
    for &i in new {
        if let Some(Some(own)) = changed.0.get(i) {
            fields.extend(own.iter().cloned());
        }
    }
    fields
}

/// The fields of section `s`'s value (`get_section`, a section's pagers)
/// that changed.
fn section_fields(
    old: &Old,
    site: &Site,
    (changed, by_page): (&Changed, &Fields),
    s: usize,
) -> BTreeSet<String> {
    let section = &site.sections[s];
    let mut fields = listed(by_page, old.section_pages(site, s), &section.pages);
    for own in [changed.section_refs.get(&s), changed.section_bodies.get(&s)] {
        fields.extend(own.into_iter().flatten().cloned());
    }
    for sub in &section.subsections {
        fields.extend(changed.section_refs.get(sub).into_iter().flatten().cloned());
    }
    fields
}

fn section_dep(site: &Site, s: usize) -> Dep {
    let section = &site.sections[s];
    Dep::Section(section.dir.clone(), section.lang.clone())
}

/// The date the sitemap prints for page `i`.
fn lastmod(site: &Site, i: usize) -> Option<jiff::Timestamp> {
    let page = &site.pages[i];
    page.updated.or(page.date)
}

/// Every fact of `owners`, before and after.
fn fact_deps(old: &Site, new: &Site, owners: &[Option<String>]) -> Vec<Dep> {
    let mut found = Vec::new();
    for site in [old, new] {
        for (owner, fact) in crate::model::facts::all(site) {
            let owner = owner.map(str::to_string);
            if owners.contains(&owner) {
                found.push(Dep::Fact(owner, fact.key.clone()));
            }
        }
    }
    found
}
