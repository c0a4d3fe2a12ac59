//! A front-matter edit taken into the kept model in place
//! (`model::resolve::patch`): a page's title, date, weight, terms (of
//! terms that exist), description or extra, a section's title &c., and a
//! draft toggled (the page leaves or joins, every index past it moved).
//! The model is not resolved again, so the edit costs what shows it, not
//! the size of the site. The rest is as after resolving again (`model`):
//! the saved files' Markdown rendered again, the values that changed
//! taken in, and `units` says which files show them, comparing with the
//! lists as the patch logged them.

use std::collections::BTreeMap;
use std::time::Instant;

use super::model::{markdown, put, take_bodies};
use super::units::{self, Old};
use super::{Outcome, Session};
use crate::content::raw::RawItem;
use crate::diagnostics::Diagnostics;
use crate::model::Site;
use crate::model::moved::Moved;
use crate::model::resolve::patch::{self, Patch, Toggled};

impl Session {
    /// `None` when the edit is not one the model takes in place (nothing
    /// has changed then).
    pub(super) fn in_place(
        &mut self,
        files: &[String],
        items: &[RawItem],
        started: Instant,
    ) -> Option<Outcome> {
        let kept = self.kept.as_mut()?;
        let mut diagnostics = Diagnostics::default();
        let undo = match patch::patch(&mut kept.site, &kept.raw, items, &mut diagnostics) {
            Patch::InPlace(undo) => undo,
            Patch::NotInPlace => return None,
            Patch::Failed => return Some(Err(diagnostics)),
        };
        let site = &kept.site;
        let Some(pages) = to_render(site, files, undo.toggled.as_ref()) else {
            undo.undo(&mut kept.site);
            return None;
        };
        let sections: Vec<usize> = (0..site.sections.len())
            .filter(|&i| {
                let source = site.sections[i].source.as_ref();
                source.is_some_and(|s| files.contains(&s.file.rel))
            })
            .collect();
        let (page_bodies, section_bodies, errors) =
            markdown(site, &kept.renderer, &pages, &sections);
        if errors.has_errors() {
            undo.undo(&mut kept.site);
            return Some(Err(errors));
        }
        diagnostics.extend(errors);
        for item in items {
            put(&mut kept.raw, item.clone());
        }
        let (removed, html) = match &undo.toggled {
            Some(t) => {
                let gone = matches!(t.moved, Moved::Left(_)).then_some(t.rel.as_str());
                super::moved::move_kept(kept, t.moved, gone, &t.translations)
            }
            None => (Vec::new(), BTreeMap::new()),
        };
        let changed = take_bodies(
            kept,
            (&pages, page_bodies),
            (&sections, section_bodies),
            html,
        );
        let old = Old::Patched(&undo.before);
        let rounds = match &undo.toggled {
            Some(t) => {
                let moved = (t.moved, t.rel.as_str(), t.lang.as_str());
                super::moved::rounds(kept, &old, &changed, moved)
            }
            None => units::select(kept, &old, &changed, (&pages, files), &[]),
        };
        let outcome = self.rendered(rounds, removed, diagnostics, started);
        if outcome.is_err() {
            self.trusted = false;
        }
        Some(outcome)
    }
}

/// The pages whose Markdown renders again: the saved ones, and with a
/// draft toggled the pages whose links may name it; `None` when a
/// section file or profile may (the whole site renders then).
fn to_render(site: &Site, files: &[String], toggled: Option<&Toggled>) -> Option<Vec<usize>> {
    let mut pages: Vec<usize> = files
        .iter()
        .filter_map(|rel| site.page_by_source.get(rel).copied())
        .collect();
    if let Some(t) = toggled {
        pages.extend(super::moved::linking(site, &t.rel)?);
    }
    pages.sort_unstable();
    pages.dedup();
    Some(pages)
}
