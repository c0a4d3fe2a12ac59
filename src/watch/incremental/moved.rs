//! A draft toggled (`draft: true` set or taken off): one page leaves the
//! site or joins it, and nothing else moves. `toggled` finds that page;
//! the model edit then takes it in like a front-matter edit, its indices
//! moved (`render::reshape`), and renders only what lists it.

use std::collections::{BTreeMap, BTreeSet};

use crate::model::Site;
use crate::render::Unit;
use crate::render::deps::Dep;
use crate::render::patch::Changed;
use crate::render::reshape::Moved;
use crate::watch::kept::Kept;

use super::units::Old;

/// How the model resolved again differs from the kept one.
pub(super) enum Shape {
    /// The same pages, sections, terms and URLs.
    Same,
    /// A draft toggled: the page that moved, its source path, and the
    /// pages whose Markdown may link to it (`linking`).
    Toggled(Moved, String, Vec<usize>),
    /// Anything else: the whole site renders.
    Other,
}

pub(super) fn shape(old: &Site, new: &Site) -> Shape {
    if super::units::same_shape(old, new) {
        return Shape::Same;
    }
    let Some((moved, rel)) = toggled(old, new) else {
        return Shape::Other;
    };
    match linking(new, &rel) {
        Some(linking) => Shape::Toggled(moved, rel, linking),
        None => Shape::Other,
    }
}

/// The page that left `old` or joined `new`, when that is the only change
/// of shape: the same sections with as many pagers, the same terms, URLs,
/// aliases and assets, every other page where it was. `None` otherwise
/// (with search on, the index catches up after, as after any edit).
fn toggled(old: &Site, new: &Site) -> Option<(Moved, String)> {
    let moved = if new.pages.len() + 1 == old.pages.len() {
        let d = (0..old.pages.len()).find(|&i| {
            new.pages
                .get(i)
                .is_none_or(|p| p.file.rel != old.pages[i].file.rel)
        })?;
        (Moved::Left(d), old.pages[d].file.rel.clone())
    } else if new.pages.len() == old.pages.len() + 1 {
        let n = (0..new.pages.len()).find(|&i| {
            old.pages
                .get(i)
                .is_none_or(|p| p.file.rel != new.pages[i].file.rel)
        })?;
        (Moved::Joined(n), new.pages[n].file.rel.clone())
    } else {
        return None;
    };
    let m = moved.0;
    let pages = old.pages.iter().enumerate().all(|(i, a)| {
        let Some(j) = m.index(i) else {
            return true;
        };
        let b = &new.pages[j];
        let translations: Vec<_> = a.translations.iter().filter_map(|&t| m.index(t)).collect();
        let new_translations: Vec<_> = b
            .translations
            .iter()
            .copied()
            .filter(|&t| m != Moved::Joined(t))
            .collect();
        a.file.rel == b.file.rel
            && a.path == b.path
            && a.section == b.section
            && translations == new_translations
            && a.template == b.template
            && a.assets == b.assets
    });
    let pagers = |len: usize, per: usize| {
        if per == 0 {
            1
        } else {
            len.div_ceil(per).max(1)
        }
    };
    let sections = old.sections.len() == new.sections.len()
        && old.sections.iter().zip(&new.sections).all(|(a, b)| {
            a.path == b.path
                && a.paginate == b.paginate
                && a.subsections == b.subsections
                && a.translations == b.translations
                && pagers(a.pages.len(), a.paginate) == pagers(b.pages.len(), b.paginate)
        });
    let taxonomies = old.taxonomies.len() == new.taxonomies.len()
        && old.taxonomies.iter().zip(&new.taxonomies).all(|(a, b)| {
            let per = a.config.paginate;
            a.name == b.name
                && a.terms.len() == b.terms.len()
                && a.terms.iter().zip(&b.terms).all(|(x, y)| {
                    x.slug == y.slug
                        && x.profile == y.profile
                        && pagers(x.pages.len(), per) == pagers(y.pages.len(), per)
                })
        });
    let aliases = old.aliases.len() == new.aliases.len()
        && old
            .aliases
            .iter()
            .zip(&new.aliases)
            .all(|(a, b)| a.output == b.output);
    let same = pages
        && sections
        && taxonomies
        && aliases
        && old.profiles.len() == new.profiles.len()
        && old.assets.len() == new.assets.len();
    same.then_some(moved)
}

/// `old`'s page lists with their indices moved, the page that left
/// standing as `usize::MAX`: a list holding it (or, with a page joined,
/// the new one) compares unequal.
pub(super) fn move_lists(old: &mut Site, moved: Moved) {
    let shift = |list: &mut Vec<usize>| {
        for i in list.iter_mut() {
            *i = moved.index(*i).unwrap_or(usize::MAX);
        }
    };
    for section in &mut old.sections {
        shift(&mut section.pages);
    }
    for tax in &mut old.taxonomies {
        for term in &mut tax.terms {
            shift(&mut term.pages);
        }
    }
}

/// What to render after page `rel` left or joined: the page itself when
/// it joined, then what listed it or lists it now (`units::select` with
/// `old`'s lists moved), what fetched it, its language's feed and the
/// sitemap.
/// `lang`: the page's language.
pub(super) fn rounds(
    kept: &Kept,
    old: &Old,
    changed: &Changed,
    (m, rel, lang): (Moved, &str, &str),
) -> [Vec<Unit>; 2] {
    let [first, rest] = super::units::select(kept, old, changed, (&[], &[]), &[]);
    let mut units: BTreeSet<Unit> = first.into_iter().chain(rest).collect();
    let manifest = kept.renderer.manifest();
    units.extend(manifest.units_showing(&[Dep::Page(rel.to_string())]));
    units.insert(Unit::SiteFiles);
    let own = match m {
        Moved::Left(_) => Vec::new(),
        Moved::Joined(n) => vec![Unit::Page(n)],
    };
    let config = &kept.site.config;
    if config.feeds
        && let Some(l) = config.languages.iter().position(|c| c.code == lang)
    {
        units.insert(Unit::LanguageFeed(l));
    }
    let rest = units.into_iter().filter(|u| !own.contains(u)).collect();
    [own, rest]
}

/// The pages of `site` whose Markdown may link to the page at `rel` (or,
/// through it, to a translation): those naming its file or folder. Their
/// links resolve anew. `None` when a section file or profile names it
/// (their Markdown renders with the whole site).
pub(super) fn linking(site: &Site, rel: &str) -> Option<Vec<usize>> {
    let name = rel.rsplit('/').next().unwrap_or(rel);
    let name = name.strip_suffix(".md").unwrap_or(name);
    let stem = match name.split('.').next().unwrap_or(name) {
        "index" | "_index" => rel.rsplit('/').nth(1).unwrap_or(name),
        stem => stem,
    };
    // Every page's Markdown is searched (52 MB at 10,000 guides): one
    // SIMD finder, on both cores, instead of `str::contains` page by page.
    let finder = memchr::memmem::Finder::new(stem.as_bytes());
    let names = |text: &crate::model::Text| finder.find(text.body().as_bytes()).is_some();
    let elsewhere = site
        .sections
        .iter()
        .filter_map(|s| s.source.as_ref())
        .any(|s| names(&s.text))
        || site.profiles.iter().any(|p| names(&p.text));
    if elsewhere {
        return None;
    }
    use rayon::prelude::*;
    Some(
        (0..site.pages.len())
            .into_par_iter()
            .filter(|&i| names(&site.pages[i].text))
            .collect(),
    )
}

/// Moves the kept bodies, templates and renderer past the page that left
/// or joined: `gone` the source path of the page that left, `whole` the
/// pages (new indices) to make whole again (its translations, which
/// listed it). Returns the output paths of the page that left, and the
/// HTML of `whole`.
pub(super) fn move_kept(
    kept: &mut Kept,
    m: Moved,
    gone: Option<&str>,
    whole: &[usize],
) -> (Vec<String>, BTreeMap<usize, String>) {
    match m {
        Moved::Left(d) => drop(kept.bodies.pages.remove(d)),
        Moved::Joined(n) => kept.bodies.pages.insert(n, Default::default()),
    }
    kept.templates.moved(m);
    kept.renderer.page_moved(m, gone, whole)
}
