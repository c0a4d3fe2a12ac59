//! What the renderer made: for every rendered file, the template it was
//! rendered with and the unit of the model it came from, from which its
//! content file and language follow; and for every page, section and term,
//! the units whose output shows it. `check` reports a broken link no
//! Markdown line wrote against the template and content file that made it;
//! `watch` and `serve` re-render after an edit exactly the units that show
//! what changed. (Search reads neither: it indexes the model's page text,
//! not rendered files, so a template edit leaves the index as it was.)
//!
//! Built for 10,000-page sites: one small record per rendered file, the
//! template name moved out of its job; the content file and the language
//! are looked up in the model on demand instead of copied.

use std::collections::HashMap;

use super::deps::{Dep, DepIndex};
use super::job::Unit;
use crate::model::{Site, SourceFile, Text};

/// One rendered file.
#[derive(Debug, Clone)]
pub struct Made {
    /// Output path ("guides/x/index.html").
    pub output: String,
    /// Template name ("page.html").
    pub template: String,
    pub unit: Unit,
    /// The language it was rendered in, by its place in `config.languages`.
    pub language: usize,
}

/// Every file of a render, in the order they were made, and what each
/// shows: `check` reads the first, `watch` and `serve` the second.
#[derive(Default)]
pub struct Manifest {
    pub made: Vec<Made>,
    /// Page, section and term → the units whose output shows it (their
    /// jobs' context, and what their templates fetched while rendering).
    pub(crate) shows: DepIndex,
}

impl Manifest {
    /// The units whose output shows any of `deps`: what to render again
    /// after they changed.
    pub(crate) fn units_showing(&self, deps: &[Dep]) -> Vec<Unit> {
        self.shows.units_showing(deps)
    }

    /// Output path → what made it.
    pub fn by_output(&self) -> HashMap<&str, &Made> {
        self.made.iter().map(|m| (m.output.as_str(), m)).collect()
    }
}

impl Made {
    /// The content file rendered through the template, if any: a page's
    /// (and its aliases'), a section's `_index.md`, a term's profile.
    pub fn content<'a>(&self, site: &'a Site) -> Option<(&'a SourceFile, &'a Text)> {
        match self.unit {
            Unit::Page(i) => Some((&site.pages[i].file, &site.pages[i].text)),
            Unit::Alias(a) => site.alias_owner(a).map(|owner| (owner.file, owner.text)),
            Unit::Section(i) => site.sections[i].source.as_ref().map(|r| (&r.file, &r.text)),
            Unit::Term(t, k) => {
                let profile = &site.profiles[site.taxonomies[t].terms[k].profile?];
                Some((&profile.file, &profile.text))
            }
            Unit::Taxonomy(_) | Unit::LanguageFeed(_) | Unit::NotFound | Unit::SiteFiles => None,
        }
    }

    /// The language's code ("en").
    pub fn lang<'a>(&self, site: &'a Site) -> &'a str {
        site.config
            .languages
            .get(self.language)
            .map_or(site.config.default_language.as_str(), |l| l.code.as_str())
    }
}

/// `lang`'s place in `config.languages` (the default language's when it
/// is not configured, which resolve does not let through).
pub(super) fn language_index(site: &Site, lang: &str) -> usize {
    let languages = &site.config.languages;
    languages
        .iter()
        .position(|l| l.code == lang)
        .or_else(|| {
            let default = &site.config.default_language;
            languages.iter().position(|l| &l.code == default)
        })
        .unwrap_or(0)
}
