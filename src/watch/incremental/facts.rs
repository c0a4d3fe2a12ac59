//! A facts edit (a profile or the home page saved with only its `facts:`
//! changed): the registry and the values holding the profile are taken
//! in, then exactly what shows the changed facts is rendered again:
//!
//! - the units whose templates called `fact()` for one of them;
//! - the pages whose Markdown called it (through a shortcode): their
//!   bodies, and what shows those pages, as after a body edit;
//! - for a profile, the units rendered with a template that reads a
//!   profile's `facts` list (`render::fact_readers`), a term's page only
//!   for the profile's own term (or one that fetched it with `get_term`).
//!
//! Any other change to the file renders the whole site.

use std::collections::{BTreeSet, HashSet};
use std::time::Instant;

use super::{Outcome, Session};
use crate::render::Unit;
use crate::render::deps::Dep;
use crate::watch::classify::Change;
use crate::watch::facts::{self as edit, FactEdit};
use crate::watch::kept::Kept;

impl Session {
    pub(super) fn facts(
        &mut self,
        files: &[String],
        changes: &BTreeSet<Change>,
        started: Instant,
    ) -> Outcome {
        let Some(kept) = self.kept.as_mut() else {
            return self.full(changes, started);
        };
        let mut edits = Vec::new();
        for rel in files {
            match edit::take_in(&self.options.root, kept, rel) {
                Ok(Some(found)) => edits.push(found),
                // More than facts changed: resolved again (the whole site
                // when the files before took their facts in already).
                Ok(None) if edits.is_empty() => return self.model(files, changes, started),
                Ok(None) => return self.full(changes, started),
                Err(errors) => {
                    self.trusted = edits.is_empty();
                    return Err(errors);
                }
            }
        }
        let Some((pages, units)) = plan(kept, &edits) else {
            return self.full(changes, started);
        };
        let pages = pages
            .into_iter()
            .map(|i| (i, kept.site.pages[i].text.clone()))
            .collect();
        let outcome = self.edits(pages, Vec::new(), &[], units, started);
        // A failure leaves the model with the new facts and some outputs
        // with the old: the next rebuild starts from scratch.
        if outcome.is_err() {
            self.trusted = false;
        }
        outcome
    }
}

/// Takes the edits into the renderer; the pages whose bodies show a
/// changed fact and the other units that do. `None` when a section's body
/// shows one (section bodies are rendered with the whole site).
fn plan(kept: &mut Kept, edits: &[FactEdit]) -> Option<(Vec<usize>, Vec<Unit>)> {
    let deps: HashSet<Dep> = edits
        .iter()
        .flat_map(|e| {
            let owner = e.owner.as_ref().map(|(_, term)| term.clone());
            e.keys
                .iter()
                .map(move |k| Dep::Fact(owner.clone(), k.clone()))
        })
        .collect();
    let codes = &kept.renderer.shortcodes;
    if deps.iter().any(|d| codes.section_facts.contains(d)) {
        return None;
    }
    for e in edits {
        let owner = e.owner.as_ref().map(|(t, k)| (t.as_str(), k.as_str()));
        kept.renderer.facts_edited(&kept.site, owner);
    }
    let codes = &kept.renderer.shortcodes;
    let pages: Vec<usize> = (0..codes.facts.len())
        .filter(|&i| codes.facts[i].iter().any(|d| deps.contains(d)))
        .collect();
    let deps: Vec<Dep> = deps.into_iter().collect();
    let manifest = kept.renderer.manifest();
    let mut units = manifest.units_showing(&deps);
    let readers = kept.renderer.fact_readers();
    for e in edits.iter().filter(|e| !e.keys.is_empty()) {
        let Some((taxonomy, term)) = &e.owner else {
            continue;
        };
        let fetched = manifest.units_showing(
            &kept
                .site
                .taxonomies
                .iter()
                .filter(|t| &t.name == taxonomy)
                .map(|t| Dep::Term(t.name.clone(), term.clone(), t.lang.clone()))
                .collect::<Vec<_>>(),
        );
        let shows = |unit: Unit| match unit {
            Unit::Term(t, k) => {
                let tax = &kept.site.taxonomies[t];
                (&tax.name == taxonomy && &tax.terms[k].slug == term) || fetched.contains(&unit)
            }
            _ => true,
        };
        units.extend(
            manifest
                .made
                .iter()
                .filter(|m| readers.contains(&m.template) && shows(m.unit))
                .map(|m| m.unit),
        );
    }
    units.sort();
    units.dedup();
    Some((pages, units))
}
