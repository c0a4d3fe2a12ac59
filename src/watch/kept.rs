//! The last good site kept between edits, what it knows about the paths
//! under content/ (for `plan`), and a look at what the disk holds now at
//! each changed path.

use std::collections::{BTreeMap, BTreeSet, HashSet};
use std::path::Path;

use rustc_hash::FxHashMap;

use super::classify::{Area, Change};
use super::plan::{self, Kind, Known, Seen};
use crate::content::raw::RawSite;
use crate::content::walk;
use crate::diagnostics::Diagnostics;
use crate::diagnostics::display_path;
use crate::model::moved::Moved;
use crate::model::resolve::{self, Saved};
use crate::model::{Site, Text};
use crate::render::shortcodes::Shortcodes;
use crate::render::{Bodies, Renderer, Unit, template_words};

/// The last good site and what renders it.
pub struct Kept {
    pub site: Site,
    pub renderer: Renderer,
    /// Every folder under content/ the site knows, for telling a new one.
    pub dirs: HashSet<String>,
    /// The content as loaded, which the model is resolved again from.
    pub raw: RawSite,
    /// The pages' and sections' rendered Markdown (the pages' HTML is in
    /// their template values).
    pub bodies: Bodies,
    /// Template → the words it may read (`render::template_words`).
    pub words: BTreeMap<String, BTreeSet<String>>,
    /// Unit → the templates its files were rendered with.
    pub templates: UnitTemplates,
    /// Whether a template may read a term's `count` off a page's
    /// `taxonomies` (`Renderer::model_edited`).
    pub counts_read: bool,
}

impl Kept {
    pub fn new(site: Site, renderer: Renderer, raw: RawSite, bodies: Bodies) -> Kept {
        let dirs = content_dirs(&site);
        let (_, sources) = renderer.templates();
        let words = template_words::words(
            sources
                .iter()
                .map(|(name, s)| (name.as_str(), s.text.as_ref())),
        );
        let mut templates = UnitTemplates::default();
        for made in &renderer.manifest().made {
            templates.add(made.unit, &made.template);
        }
        let counts_read = counts_read(&words, &templates, &raw);
        Kept {
            site,
            renderer,
            dirs,
            raw,
            bodies,
            words,
            templates,
            counts_read,
        }
    }

    /// Keeps page `index`'s new body (its HTML is in its value) and its
    /// text, for the model to be resolved from later.
    pub fn took_body(&mut self, index: usize, body: crate::markdown::Body) {
        if let Some(slot) = self.bodies.pages.get_mut(index) {
            *slot = body;
        }
        let page = &self.site.pages[index];
        if let Some(raw) = self
            .raw
            .pages
            .iter_mut()
            .find(|p| p.file.rel == page.file.rel)
        {
            raw.text = page.text.clone();
        }
    }

    /// Whether a file of a unit may show a field named in `fields` (with
    /// `var`: read off the context variable `var`, as `var.field`), for
    /// many units at once (a section's ten thousand pages): each
    /// template's words are looked at once.
    pub fn reading<'a>(
        &'a self,
        var: Option<&str>,
        fields: &BTreeSet<String>,
    ) -> impl FnMut(Unit) -> bool + 'a {
        let names: Vec<String> = fields
            .iter()
            .map(|f| match var {
                Some(v) if !f.contains('.') => format!("{v}.{f}"),
                _ => f.clone(),
            })
            .collect();
        let mut known: FxHashMap<&'a str, bool> = FxHashMap::default();
        move |unit| {
            let Some(templates) = self.templates.get(unit) else {
                return true;
            };
            templates.iter().any(|t| {
                *known
                    .entry(t.as_str())
                    .or_insert_with(|| match self.words.get(t) {
                        Some(words) => names.iter().any(|n| words.contains(n)),
                        None => true,
                    })
            })
        }
    }
}

/// Unit → the templates its files were rendered with: a page's by its
/// index, so that a draft toggled moves them as the pages move (instead
/// of every unit being hashed into a map anew), the other units' by unit.
#[derive(Default)]
pub struct UnitTemplates {
    pages: Vec<Vec<String>>,
    other: FxHashMap<Unit, Vec<String>>,
}

impl UnitTemplates {
    fn add(&mut self, unit: Unit, template: &str) {
        let list = match unit {
            Unit::Page(i) => {
                if self.pages.len() <= i {
                    self.pages.resize_with(i + 1, Vec::new);
                }
                &mut self.pages[i]
            }
            other => self.other.entry(other).or_default(),
        };
        if !list.iter().any(|t| t == template) {
            list.push(template.to_string());
        }
    }

    /// `None` for a unit that rendered nothing (a page joined since).
    pub fn get(&self, unit: Unit) -> Option<&[String]> {
        match unit {
            Unit::Page(i) => self.pages.get(i).filter(|list| !list.is_empty()),
            other => self.other.get(&other),
        }
        .map(Vec::as_slice)
    }

    fn all(&self) -> impl Iterator<Item = &String> {
        self.pages.iter().chain(self.other.values()).flatten()
    }

    /// The pages' templates moved past the page that left or joined.
    pub fn moved(&mut self, m: Moved) {
        match m {
            Moved::Left(d) if d < self.pages.len() => drop(self.pages.remove(d)),
            Moved::Joined(n) if n <= self.pages.len() => self.pages.insert(n, Vec::new()),
            _ => {}
        }
    }
}

impl Kept {
    /// The shortcodes loaded again after an edit of the templates of
    /// `names`; the pages that call them join `pages`, with their text as
    /// it is.
    pub fn shortcodes_edited(
        &self,
        root: &Path,
        names: &[String],
        pages: &mut Vec<(usize, Text)>,
    ) -> Result<Shortcodes, Diagnostics> {
        let mut errors = Diagnostics::default();
        // The theme strings are as the last full build resolved them: an
        // i18n edit rebuilds the whole site.
        let texts = self.renderer.strings();
        let fresh = Shortcodes::load(root, &self.site, texts, &mut errors);
        if errors.has_errors() {
            return Err(errors);
        }
        for (index, used) in self.renderer.shortcodes.uses.iter().enumerate() {
            let calls = names.iter().any(|name| used.contains(name));
            if calls && !pages.iter().any(|(i, _)| *i == index) {
                pages.push((index, self.site.pages[index].text.clone()));
            }
        }
        Ok(fresh)
    }
}

impl plan::Saved for Saved {
    fn front_matter(&self) -> &str {
        &self.text.source[..self.text.body.start]
    }
    fn draft(&self) -> bool {
        self.draft
    }
    fn title_from_body(&self) -> bool {
        self.title_from_body
    }
}

impl Known for Kept {
    fn page(&self, rel: &str) -> Option<(usize, &str)> {
        let &index = self.site.page_by_source.get(rel)?;
        let text = &self.site.pages[index].text;
        Some((index, &text.source[..text.body.start]))
    }
    fn draft(&self, rel: &str) -> bool {
        self.site.draft_sources.iter().any(|d| d == rel)
    }
    fn asset(&self, rel: &str) -> Option<&str> {
        // An edited image is processed again by a full build (the cache
        // keeps every other image from being encoded again).
        let output = self.site.asset_by_source.get(rel).map(String::as_str);
        output.filter(|out| self.site.images.get(out).is_none())
    }
    fn dir(&self, rel: &str) -> bool {
        self.dirs.contains(rel)
    }
    fn other_source(&self, rel: &str) -> bool {
        self.site
            .sections
            .iter()
            .filter_map(|s| s.source.as_ref())
            .any(|r| r.file.rel == rel)
            || self.site.profiles.iter().any(|p| p.file.rel == rel)
    }
    fn shortcode(&self, name: &str) -> bool {
        let codes = &self.renderer.shortcodes;
        codes.is_name(name) && !codes.section_uses.contains(name)
    }
    fn facts_file(&self, rel: &str) -> bool {
        self.site.profiles.iter().any(|p| p.file.rel == rel)
            || self
                .site
                .sections
                .iter()
                .any(|s| s.dir.is_empty() && s.source.as_ref().is_some_and(|r| r.file.rel == rel))
    }
}

/// What is at a changed path now; a page's or a draft's text is read again.
pub fn look(root: &Path, kept: &Kept, change: &Change) -> Seen<Saved> {
    let rel = change.rel.as_str();
    let abs = match change.area {
        Area::Content => root.join(walk::CONTENT_DIR).join(rel),
        // A template (a shortcode's): where the event said.
        _ => change.path.clone(),
    };
    let kind = if abs.is_file() {
        Kind::File
    } else if abs.is_dir() {
        Kind::Dir
    } else if abs.exists() {
        Kind::Other
    } else {
        Kind::Gone
    };
    // A page is read only when it is still a file (else the whole site
    // renders anyway); a draft always, as before the planner was split off.
    let content = change.area == Area::Content;
    let page = kept.site.page_by_source.contains_key(rel) && kind == Kind::File;
    let text =
        (content && (page || kept.draft(rel))).then(|| reread(root, &kept.site.config, &abs, rel));
    Seen { kind, text }
}

/// A page's file as saved now.
fn reread(
    root: &Path,
    config: &crate::config::Config,
    abs: &Path,
    rel: &str,
) -> Result<Saved, Vec<crate::diagnostics::Diagnostic>> {
    resolve::reread(config, rel, abs, display_path(root, abs))
}

/// Whether a template that renders a file may read a term's `count` off
/// a page's value: one whose words (with what it pulls in) name
/// `taxonomies` and `count`, or a filter that reads every field of a map
/// (`values`, `pairs`). The templates that render files: those that did
/// (`templates`), `page.html`, and those the content names (drafts too:
/// one made public renders with its own).
fn counts_read(
    words: &BTreeMap<String, BTreeSet<String>>,
    templates: &UnitTemplates,
    raw: &RawSite,
) -> bool {
    let mut used: BTreeSet<&str> = templates.all().map(String::as_str).collect();
    used.insert("page.html");
    used.extend(raw.pages.iter().filter_map(|p| p.template.as_deref()));
    used.extend(raw.sections.iter().filter_map(|s| s.template.as_deref()));
    used.iter().any(|name| {
        words.get(*name).is_none_or(|w| {
            w.contains("taxonomies") && ["count", "values", "pairs"].iter().any(|x| w.contains(*x))
        })
    })
}

/// Every folder holding (or above) a page, section, profile or asset.
fn content_dirs(site: &Site) -> HashSet<String> {
    let mut dirs = HashSet::new();
    let mut add = |rel: &str| {
        let mut dir = rel;
        while let Some((parent, _)) = dir.rsplit_once('/') {
            if !dirs.insert(parent.to_string()) {
                break;
            }
            dir = parent;
        }
    };
    for page in &site.pages {
        add(&page.file.rel);
    }
    for draft in &site.draft_sources {
        add(draft);
    }
    for source in site.asset_by_source.keys() {
        add(source);
    }
    for profile in &site.profiles {
        add(&profile.file.rel);
    }
    for section in &site.sections {
        dirs.insert(section.dir.clone());
    }
    dirs
}
