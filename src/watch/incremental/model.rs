//! A front-matter edit (a page's, a section file's, a profile's): the
//! saved files replace theirs in the kept content, the model is resolved
//! again (in memory: no other file is read), and when it has the same
//! pages, sections, terms and URLs as before, the saved files' Markdown is
//! rendered again and the template values that changed are taken in;
//! `units` says which files show them. Anything that moves a page, a
//! section, a term or a URL (a slug, a new term, an alias, a template or
//! pagination change) renders the whole site; a draft toggled (one page
//! leaving or joining, nothing else moving) is taken in here too
//! (`moved`).

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use std::time::Instant;

use super::moved::Shape;
use super::units::Old;
use super::{Outcome, Session};
use crate::content::raw::{Loaded, RawItem, RawSite};
use crate::content::{front_matter, walk};
use crate::diagnostics::{Diagnostics, display_path};
use crate::model::{Site, resolve};
use crate::render::patch::Changed;
use crate::render::reshape::Moved;
use crate::render::{self, PageMarkdown, Unit};
use crate::watch::classify::Change;
use crate::watch::kept::Kept;

impl Session {
    pub(super) fn model(
        &mut self,
        files: &[String],
        changes: &BTreeSet<Change>,
        started: Instant,
    ) -> Outcome {
        let root = self.options.root.clone();
        let Some(kept) = self.kept.as_ref() else {
            return self.full(changes, started);
        };
        let items = load(&root, &kept.site, files)?;
        // Facts are read all over the site: those edits resolve again.
        if super::units::fact_owners(&kept.site, files).is_empty()
            && let Some(outcome) = self.in_place(files, &items, started)
        {
            return outcome;
        }
        let Some(kept) = self.kept.as_mut() else {
            return self.full(changes, started);
        };
        let Some((mut site, warnings)) = resolve_again(&kept.site, &kept.raw, &items)? else {
            return self.full(changes, started);
        };
        let old = &kept.site;
        // A draft toggled: one page left or joined, and nothing else moved.
        let (moved, linking) = match super::moved::shape(old, &site) {
            Shape::Same => (None, Vec::new()),
            // Alone in its batch: the fact calls kept are by old index.
            Shape::Toggled(m, rel, linking) if files.len() == 1 => (Some((m, rel)), linking),
            _ => return self.full(changes, started),
        };
        site.refused_sources = old.refused_sources.clone();
        // What Markdown to render again: the saved pages and sections, and
        // the pages calling a fact of a saved profile or home page.
        let owners = super::units::fact_owners(old, files);
        let codes = &kept.renderer.shortcodes;
        let calls = |d: &crate::render::deps::Dep| matches!(d, crate::render::deps::Dep::Fact(o, _) if owners.contains(o));
        if codes.section_facts.iter().any(calls) {
            return self.full(changes, started);
        }
        let mut pages: Vec<usize> = files
            .iter()
            .filter_map(|rel| site.page_by_source.get(rel).copied())
            .collect();
        pages.extend((0..codes.facts.len()).filter(|&i| codes.facts[i].iter().any(calls)));
        pages.extend(linking);
        pages.sort_unstable();
        pages.dedup();
        let sections: Vec<usize> = (0..site.sections.len())
            .filter(|&i| {
                let source = site.sections[i].source.as_ref();
                source.is_some_and(|s| files.contains(&s.file.rel))
            })
            .collect();
        if !owners.is_empty() {
            // Calls of their facts read the new registry.
            kept.renderer.shortcodes.refresh_facts(&site);
        }
        let (page_bodies, section_bodies, mut diagnostics) =
            markdown(&site, &kept.renderer, &pages, &sections);
        if diagnostics.has_errors() {
            self.trusted = owners.is_empty();
            return Err(diagnostics);
        }
        diagnostics.extend(warnings);
        // Taken in: from here a failure leaves the site half new.
        site.images = std::mem::take(&mut kept.site.images);
        let mut old = std::mem::replace(&mut kept.site, site);
        for item in items {
            put(&mut kept.raw, item);
        }
        let (removed, html) = take_moved(kept, &mut old, moved.as_ref().map(|m| m.0));
        let changed = take_bodies(
            kept,
            (&pages, page_bodies),
            (&sections, section_bodies),
            html,
        );
        let rounds = match &moved {
            Some((m, rel)) => moved_rounds(kept, &old, &changed, (*m, rel)),
            None => {
                let saved = (pages.as_slice(), files);
                super::units::select(kept, &Old::Site(&old), &changed, saved, &owners)
            }
        };
        std::thread::spawn(move || drop(old));
        let outcome = self.rendered(rounds, removed, diagnostics, started);
        if outcome.is_err() {
            self.trusted = false;
        }
        outcome
    }
}

/// `moved::rounds` for the page that left `old` or joined the kept site.
fn moved_rounds(kept: &Kept, old: &Site, changed: &Changed, (m, rel): (Moved, &str)) -> Rounds {
    let lang = match m {
        Moved::Left(d) => &old.pages[d].file.lang,
        Moved::Joined(n) => &kept.site.pages[n].file.lang,
    };
    super::moved::rounds(kept, &Old::Site(old), changed, (m, rel, lang))
}

/// The saved `files` as they are now; their errors, when they have any.
fn load(root: &Path, old: &Site, files: &[String]) -> Result<Vec<RawItem>, Diagnostics> {
    let mut errors = Diagnostics::default();
    let mut items = Vec::new();
    for rel in files {
        let abs = root.join(walk::CONTENT_DIR).join(rel);
        let shown = display_path(root, &abs);
        let (file, kind) = walk::classify(rel, &abs, shown, &old.config);
        let Loaded { item, diagnostics } = front_matter::load(&file, kind, &old.config);
        errors.extend(diagnostics);
        items.extend(item);
    }
    if errors.has_errors() {
        return Err(errors);
    }
    Ok(items)
}

/// The model resolved again from `raw` with `items` (the saved files) in
/// place of theirs, and the warnings; `None` when a file is no longer
/// what it was.
fn resolve_again(
    old: &Site,
    raw: &RawSite,
    items: &[RawItem],
) -> Result<Option<(Site, Diagnostics)>, Diagnostics> {
    let mut raw = raw.clone();
    for item in items {
        if !put(&mut raw, item.clone()) {
            return Ok(None);
        }
    }
    let mut warnings = Diagnostics::default();
    let site = resolve::resolve(
        old.config.clone(),
        raw,
        old.build_date,
        old.drafts,
        &mut warnings,
    );
    if warnings.has_errors() {
        return Err(warnings);
    }
    Ok(Some((site, warnings)))
}

/// The Markdown of `pages` and `sections` rendered against `site`, and
/// its errors and warnings.
pub(super) fn markdown(
    site: &Site,
    renderer: &render::Renderer,
    pages: &[usize],
    sections: &[usize],
) -> (Vec<PageMarkdown>, Vec<PageMarkdown>, Diagnostics) {
    let codes = &renderer.shortcodes;
    let labels = render::SiteLabels::from_texts(site, renderer.strings());
    let mut diagnostics = Diagnostics::default();
    let page_bodies: Vec<_> = pages
        .iter()
        .map(|&i| render::page_markdown(site, codes, &labels, &site.pages[i]))
        .collect();
    let section_bodies: Vec<_> = sections
        .iter()
        .map(|&i| render::section_markdown(site, codes, &labels, &site.sections[i]))
        .collect();
    for (_, _, _, list) in page_bodies.iter().chain(&section_bodies) {
        diagnostics.extend(list.iter().cloned());
    }
    (page_bodies, section_bodies, diagnostics)
}

/// Keeps the new bodies of `pages` and `sections` and the shortcodes they
/// call, then compares the template values made anew (the pages' HTML
/// with `html`, the pages made whole again) with those kept: what changed.
pub(super) fn take_bodies(
    kept: &mut Kept,
    (pages, page_bodies): (&[usize], Vec<PageMarkdown>),
    (sections, section_bodies): (&[usize], Vec<PageMarkdown>),
    mut html: BTreeMap<usize, String>,
) -> Changed {
    for (&i, (mut body, used, facts, _)) in pages.iter().zip(page_bodies) {
        html.insert(i, std::mem::take(&mut body.html));
        kept.bodies.pages[i] = body;
        kept.renderer.shortcodes.uses[i] = used;
        kept.renderer.shortcodes.facts[i] = facts;
    }
    for (&i, (body, used, facts, _)) in sections.iter().zip(section_bodies) {
        kept.bodies.sections[i] = body;
        kept.renderer.shortcodes.section_uses.extend(used);
        kept.renderer.shortcodes.section_facts.extend(facts);
    }
    let counts_read = kept.counts_read;
    kept.renderer
        .model_edited(&kept.site, &kept.bodies, html, sections, counts_read)
}

/// With a page moved, moves the kept bodies, templates and renderer past
/// the page that left or joined (`old`'s lists too, for comparing); the
/// output paths of the page that left, and the HTML of the pages to make
/// whole again (its translations, which listed it).
fn take_moved(
    kept: &mut Kept,
    old: &mut Site,
    m: Option<Moved>,
) -> (Vec<String>, BTreeMap<usize, String>) {
    let Some(m) = m else {
        return Default::default();
    };
    let (whole, gone): (Vec<usize>, _) = match m {
        Moved::Left(d) => (
            old.pages[d]
                .translations
                .iter()
                .filter_map(|&t| m.index(t))
                .collect(),
            Some(old.pages[d].file.rel.as_str()),
        ),
        Moved::Joined(_) => (Vec::new(), None),
    };
    let taken = super::moved::move_kept(kept, m, gone, &whole);
    super::moved::move_lists(old, m);
    taken
}

/// Puts `item` in `raw` in place of the file's old item; false when the
/// file held no item of that kind.
pub(super) fn put(raw: &mut RawSite, item: RawItem) -> bool {
    match item {
        RawItem::Page(page) => match raw.pages.iter_mut().find(|p| p.file.rel == page.file.rel) {
            Some(slot) => *slot = *page,
            None => return false,
        },
        RawItem::Section(section) => {
            match raw
                .sections
                .iter_mut()
                .find(|s| s.file.rel == section.file.rel)
            {
                Some(slot) => *slot = *section,
                None => return false,
            }
        }
        RawItem::Profile(profile) => {
            match raw
                .profiles
                .iter_mut()
                .find(|p| p.file.rel == profile.file.rel)
            {
                Some(slot) => *slot = *profile,
                None => return false,
            }
        }
    }
    true
}

/// The units rendered in two rounds: the saved pages first.
pub(super) type Rounds = [Vec<Unit>; 2];

impl Session {
    /// Renders `rounds` and reports them as an edit.
    pub(super) fn rendered(
        &mut self,
        rounds: Rounds,
        removed: Vec<String>,
        mut diagnostics: Diagnostics,
        started: Instant,
    ) -> Outcome {
        // The files of a page made a draft go first, before the lists that
        // showed it are rendered: the page the author looks at is the one
        // that changes first.
        let mut gone = None;
        if !removed.is_empty() {
            let mut outputs = self.outputs.write().unwrap_or_else(|e| e.into_inner());
            for path in &removed {
                outputs.files.remove(path);
            }
            drop(outputs);
            gone = self.write(&[], &removed)?;
        }
        let super::Written {
            rendered,
            changed,
            written,
        } = self.render_in_turn(rounds, &mut diagnostics)?;
        let written = super::merge(gone, written);
        Ok(super::Rebuilt {
            scope: if rendered.is_empty() && removed.is_empty() {
                super::Scope::Nothing
            } else {
                super::Scope::Edits
            },
            pages: self.kept.as_ref().map_or(0, |k| k.site.pages.len()),
            rendered,
            changed,
            removed,
            written,
            elapsed: started.elapsed(),
            warnings: diagnostics,
        })
    }
}
