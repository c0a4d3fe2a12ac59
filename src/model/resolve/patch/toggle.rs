//! A draft toggled, taken into the model in place: the page leaves the
//! site (`draft: true`) or joins it, and every page index past it moves
//! (`model::moved::shift`) instead of the whole model being resolved
//! again. Only when nothing else moves with it: its section and terms keep
//! as many pagers, no term is made or loses its last page, the page has
//! no aliases and is no bundle, and (joining) it is in no draft section
//! and wants no URL something else has. Anything else is
//! `Patch::NotInPlace`.

use rustc_hash::FxHashSet;

use super::super::{page_image, pages, under};
use super::{Step, Toggled, Undo};
use crate::content::raw::{RawPage, RawSite};
use crate::diagnostics::Diagnostics;
use crate::model::moved::{Moved, shift};
use crate::model::taxonomy::{WrittenTerms, patch as terms};
use crate::model::{Page, Site};

/// Whether saving `new` toggles its page's draft state in this build.
pub(super) fn is_toggle(site: &Site, raw: &RawSite, new: &RawPage) -> bool {
    let rel = new.file.rel.as_str();
    let was = raw.pages.iter().find(|p| p.file.rel == rel);
    !site.drafts && was.is_some_and(|old| old.draft != new.draft)
}

/// Takes the toggle of `new` in; false when it is not one this module
/// takes (the caller undoes what was done).
pub(super) fn page(
    site: &mut Site,
    raw: &RawSite,
    new: &RawPage,
    undo: &mut Undo,
    diagnostics: &mut Diagnostics,
) -> bool {
    if new.is_bundle || !new.aliases.is_empty() {
        return false;
    }
    let rel = new.file.rel.as_str();
    if !sections_stay(site, new) {
        return false;
    }
    let done = match (site.page_by_source.get(rel).copied(), new.draft) {
        (Some(d), true) => left(site, raw, d, undo, diagnostics),
        (None, false) => joined(site, raw, new, undo, diagnostics),
        _ => false,
    };
    if !done {
        return false;
    }
    // `Before` is read with the new indices; the page that left is none.
    // (A page joining logged its lists with them already.)
    let Some(m @ Moved::Left(_)) = undo.toggled.as_ref().map(|t| t.moved) else {
        return true;
    };
    let moved = |list: &mut Vec<usize>| {
        for i in list.iter_mut() {
            *i = m.index(*i).unwrap_or(usize::MAX);
        }
    };
    undo.before.sections.values_mut().for_each(&moved);
    undo.before.terms.values_mut().for_each(&moved);
    true
}

/// Whether the sections stay as they are with `new`'s page in the site or
/// out of it: in a language other than the default, a folder is a section
/// only while it (or one below it) holds a page of that language.
fn sections_stay(site: &Site, new: &RawPage) -> bool {
    let (rel, lang, dir) = (&new.file.rel, &new.file.lang, &new.file.dir);
    *lang == site.config.default_language
        || site
            .pages
            .iter()
            .any(|p| p.file.rel != *rel && p.file.lang == *lang && under(&p.file.dir, dir))
}

/// Page `d` made a draft.
fn left(
    site: &mut Site,
    raw: &RawSite,
    d: usize,
    undo: &mut Undo,
    diagnostics: &mut Diagnostics,
) -> bool {
    let page = &site.pages[d];
    let Some(old_raw) = raw.pages.iter().find(|p| p.file.rel == page.file.rel) else {
        return false;
    };
    if !page.aliases.is_empty() || !page.assets.is_empty() {
        return false;
    }
    let now = terms::Now::of(site);
    let none = WrittenTerms::new();
    let Some(patch) = terms::page(&now, d, page, &none, &old_raw.terms, diagnostics) else {
        return false;
    };
    let s = page.section;
    let mut list = site.sections[s].pages.clone();
    list.retain(|&j| j != d);
    undo.section_pages(site, s, list);
    undo.take_terms(site, patch);
    for t in site.pages[d].translations.clone() {
        let mut list = site.pages[t].translations.clone();
        list.retain(|&j| j != d);
        let old = std::mem::replace(&mut site.pages[t].translations, list);
        undo.steps.push(Step::Translations(t, old));
    }
    let m = Moved::Left(d);
    let page = site.pages.remove(d);
    site.page_by_source.remove(&page.file.rel);
    shift(site, m);
    undo.toggled = Some(Toggled {
        moved: m,
        rel: page.file.rel.clone(),
        lang: page.file.lang.clone(),
        translations: page
            .translations
            .iter()
            .filter_map(|&t| m.index(t))
            .collect(),
    });
    undo.steps.push(Step::Left(d, Box::new(page)));
    drafts(site, raw, undo);
    same_pagers(site, undo)
}

/// Draft `new` made public.
fn joined(
    site: &mut Site,
    raw: &RawSite,
    new: &RawPage,
    undo: &mut Undo,
    diagnostics: &mut Diagnostics,
) -> bool {
    let in_draft =
        |s: &&crate::content::raw::RawSection| s.draft && under(&new.file.dir, &s.file.dir);
    if raw.sections.iter().any(|s| in_draft(&s)) {
        return false;
    }
    let (mut made, written_now) =
        pages::page(&site.config, new.clone(), &site.section_by_dir, diagnostics);
    page_image::resolve(
        std::slice::from_mut(&mut made),
        &site.asset_by_source,
        diagnostics,
    );
    made.terms = Vec::new();
    if taken(site, &made) {
        return false;
    }
    let n = site.pages.partition_point(|p| p.file.rel < made.file.rel);
    let m = Moved::Joined(n);
    shift(site, m);
    site.page_by_source.insert(made.file.rel.clone(), n);
    undo.toggled = Some(Toggled {
        moved: m,
        rel: made.file.rel.clone(),
        lang: made.file.lang.clone(),
        translations: Vec::new(),
    });
    site.pages.insert(n, made);
    undo.steps.push(Step::Joined(n));
    drafts(site, raw, undo);
    translations(site, n, undo);
    let now = terms::Now::of(site);
    let none = WrittenTerms::new();
    let page = &site.pages[n];
    let Some(mut patch) = terms::page(&now, n, page, &written_now, &none, diagnostics) else {
        return false;
    };
    let s = page.section;
    let mut list = site.sections[s].pages.clone();
    terms::place(&mut list, n, page, &site.pages, site.sections[s].sort_by);
    undo.section_pages(site, s, list);
    site.pages[n].terms = std::mem::take(&mut patch.page_terms);
    undo.take_terms(site, patch);
    same_pagers(site, undo)
}

/// Whether another page, a section, a taxonomy or an alias has `page`'s
/// URL (the collision a build reports).
fn taken(site: &Site, page: &Page) -> bool {
    let path = &page.path;
    site.pages.iter().any(|p| p.path == *path)
        || site.sections.iter().any(|s| s.path == *path)
        || site.taxonomies.iter().any(|t| t.path == *path)
        || site.aliases.iter().any(|a| a.output == path.index_file())
}

/// Page `n` (just joined) and the pages of its key, each listing the
/// others in language order.
fn translations(site: &mut Site, n: usize, undo: &mut Undo) {
    let key = &site.pages[n].key;
    let order = |lang: &str| {
        let languages = &site.config.languages;
        languages
            .iter()
            .position(|l| l.code == lang)
            .unwrap_or(usize::MAX)
    };
    let mut group: Vec<usize> = (0..site.pages.len())
        .filter(|&i| site.pages[i].key == *key)
        .collect();
    group.sort_by_key(|&i| order(&site.pages[i].file.lang));
    for &i in &group {
        let list = group.iter().copied().filter(|&j| j != i).collect();
        let old = std::mem::replace(&mut site.pages[i].translations, list);
        if i != n {
            undo.steps.push(Step::Translations(i, old));
        }
    }
}

/// `site.draft_sources` as a build lists them: in the content's order.
fn drafts(site: &mut Site, raw: &RawSite, undo: &mut Undo) {
    let Some(toggled) = &undo.toggled else {
        return;
    };
    let mut set: FxHashSet<&str> = site.draft_sources.iter().map(String::as_str).collect();
    match toggled.moved {
        Moved::Left(_) => set.insert(&toggled.rel),
        Moved::Joined(_) => set.remove(toggled.rel.as_str()),
    };
    let list = raw
        .pages
        .iter()
        .filter(|p| set.contains(p.file.rel.as_str()))
        .map(|p| p.file.rel.clone())
        .collect();
    let old = std::mem::replace(&mut site.draft_sources, list);
    undo.steps.push(Step::Drafts(old));
}

/// Whether every list that changed keeps its number of pagers.
fn same_pagers(site: &Site, undo: &Undo) -> bool {
    let pagers = |len: usize, per: usize| {
        if per == 0 {
            1
        } else {
            len.div_ceil(per).max(1)
        }
    };
    let sections = undo.before.sections.iter().all(|(&s, old)| {
        let section = &site.sections[s];
        pagers(old.len(), section.paginate) == pagers(section.pages.len(), section.paginate)
    });
    let terms = undo.before.terms.iter().all(|(&(t, k), old)| {
        let per = site.taxonomies[t].config.paginate;
        pagers(old.len(), per) == pagers(site.taxonomies[t].terms[k].pages.len(), per)
    });
    sections && terms
}
