//! A front-matter edit taken into the kept model in place
//! (`model::resolve::patch`): a page's title, date, weight, terms (of
//! terms that exist), description or extra, a section's title &c. The
//! model is not resolved again, so the edit costs what shows it, not the
//! size of the site. The rest is as after resolving again (`model`): the
//! saved files' Markdown rendered again, the values that changed taken
//! in, and `units` says which files show them, comparing with the lists
//! as the patch logged them.

use std::collections::BTreeMap;
use std::time::Instant;

use super::model::{markdown, put, take_bodies};
use super::units::{self, Old};
use super::{Outcome, Session};
use crate::content::raw::RawItem;
use crate::diagnostics::Diagnostics;
use crate::model::resolve::patch::{self, Patch};

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
        let mut pages: Vec<usize> = files
            .iter()
            .filter_map(|rel| site.page_by_source.get(rel).copied())
            .collect();
        pages.sort_unstable();
        pages.dedup();
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
        let mut html = BTreeMap::new();
        take_bodies(
            kept,
            &pages,
            page_bodies,
            &sections,
            section_bodies,
            &mut html,
        );
        let changed = kept
            .renderer
            .model_edited(&kept.site, &kept.bodies, html, &sections);
        let rounds = units::select(kept, &Old::Patched(&undo.before), &changed, &pages, &[]);
        let outcome = self.rendered(rounds, Vec::new(), diagnostics, started);
        if outcome.is_err() {
            self.trusted = false;
        }
        Some(outcome)
    }
}
