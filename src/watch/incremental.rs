//! A watch session: the site kept in memory between edits, and carrying
//! out the plan for each batch of changes (`plan` says what the plan is,
//! and why):
//!
//! - Edits: the edited pages' Markdown is rendered again, then only the
//!   units that show those pages: their own, their sections' pagers, their
//!   terms' pagers and feeds, the language feed, and whatever fetched them
//!   with `get_section` &c. (the home page, usually). `render::deps` knows
//!   which. Edited content assets are written again.
//!   An edited shortcode template re-renders the pages that call it.
//! - Full: the whole site is rendered again in memory; only files whose
//!   bytes changed are written.
//!
//! With search on, the index catches up after each rebuild on a thread
//! of its own (`reindex`).
//!
//! A failed rebuild changes nothing on disk or in memory: the last good
//! site stays, and its changes are kept for the next try, so the save that
//! fixes the error brings in every edit made meanwhile.
//!
//! A rebuild that rendered but could not write (a full disk) keeps the new
//! site in memory and marks the disk as behind: the next rebuild, whatever
//! its cause, compares the whole site with the disk, so the output folder
//! ends where a fresh `build` would.

use std::collections::{BTreeSet, HashSet};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, RwLock};
use std::time::{Duration, Instant};

mod facts;
mod in_place;
mod model;
mod moved;
mod search;
mod units;

use rayon::prelude::*;

use super::changes::{diff, merge};
use super::classify::Change;
use super::kept::{self, Kept};
use super::plan::{self, Plan};
use super::reindex::Reindex;
use crate::build::{self, Options};
use crate::config::Config;
use crate::diagnostics::Diagnostics;
use crate::model::Text;
use crate::output::{self, Content, Outputs, WriteStats};
use crate::render::{self, Unit, deps};

/// Where a session's site goes.
#[derive(Debug, Clone)]
pub enum Target {
    /// `watch`: written to this folder.
    Disk(PathBuf),
    /// `serve`: kept in memory only.
    Memory,
}

/// How a rebuild went about it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    /// Loaded and rendered the whole site.
    Full,
    /// Re-rendered what shows the edited pages; copied edited assets.
    Edits,
    /// The changes touched nothing the site is made from.
    Nothing,
}

/// A successful rebuild.
#[derive(Debug)]
pub struct Rebuilt {
    pub scope: Scope,
    /// Pages in the site.
    pub pages: usize,
    /// Output paths rendered by templates this time (after an edit: what
    /// shows the edited pages), changed or not.
    pub rendered: Vec<String>,
    /// Output paths whose bytes changed (or may have: copied files).
    pub changed: Vec<String>,
    /// Output paths the site no longer has.
    pub removed: Vec<String>,
    /// What reached the disk; `None` for `Target::Memory`.
    pub written: Option<WriteStats>,
    pub elapsed: Duration,
    pub warnings: Diagnostics,
}

pub type Outcome = Result<Rebuilt, Diagnostics>;

/// Every output of the last good build, shared with the HTTP server.
pub(crate) type SharedOutputs = Arc<RwLock<Outputs>>;

pub struct Session {
    options: Options,
    /// For `serve`: the base URL's origin (http://127.0.0.1:1111); its path
    /// prefix comes from site.yaml at every full rebuild.
    origin: Option<String>,
    target: Target,
    outputs: SharedOutputs,
    kept: Option<Kept>,
    /// Changes not yet in the kept site (their rebuild failed).
    pending: BTreeSet<Change>,
    /// False when a failure came after the kept model took in part of an
    /// edit: the next rebuild then starts from scratch.
    trusted: bool,
    /// True when the output folder may not hold the kept outputs (a write
    /// failed): the next write compares the whole site with the disk.
    disk_behind: Arc<AtomicBool>,
    reindex: Reindex,
}

impl Session {
    /// A session that has not built yet; `rebuild_all` builds it.
    pub fn new(options: Options, origin: Option<String>, target: Target) -> Session {
        let outputs = SharedOutputs::default();
        let disk_behind = Arc::new(AtomicBool::new(true));
        let out = match &target {
            Target::Disk(out) => Some(out.clone()),
            Target::Memory => None,
        };
        let reindex = Reindex::new(Arc::clone(&outputs), out, Arc::clone(&disk_behind));
        Session {
            options,
            origin,
            target,
            outputs,
            kept: None,
            pending: BTreeSet::new(),
            trusted: true,
            disk_behind,
            reindex,
        }
    }

    /// The outputs of the last good build, for serving.
    pub fn outputs(&self) -> SharedOutputs {
        Arc::clone(&self.outputs)
    }

    /// The kept site's base URL path prefix ("/" or "/docs/").
    pub fn prefix(&self) -> Option<String> {
        self.kept
            .as_ref()
            .map(|k| k.site.config.base_url.prefix().to_string())
    }

    /// Loads and renders everything, as at start-up.
    pub fn rebuild_all(&mut self) -> Outcome {
        let started = Instant::now();
        self.reindex.hold();
        let changes = std::mem::take(&mut self.pending);
        let outcome = self.full(&changes, started);
        self.settle(outcome, changes)
    }

    /// Takes in a batch of changes with the least work that stays correct.
    pub fn apply(&mut self, changes: &[Change]) -> Outcome {
        let started = Instant::now();
        self.reindex.hold();
        let mut all = std::mem::take(&mut self.pending);
        all.extend(changes.iter().cloned());
        let planned = match self.kept.as_ref().filter(|_| self.trusted) {
            // Lazy: the planner stops looking at the disk at the first
            // change that asks for the whole site.
            Some(kept) => plan::plan(
                Some(kept),
                all.iter()
                    .map(|change| (change, kept::look(&self.options.root, kept, change))),
            ),
            None => Ok(Plan::Full),
        };
        let outcome = match planned {
            Ok(Plan::Full) => self.full(&all, started),
            Ok(Plan::Edits {
                pages,
                assets,
                shortcodes,
            }) => {
                let pages = pages
                    .into_iter()
                    .map(|(i, saved)| (i, saved.text))
                    .collect();
                self.edits(pages, assets, &shortcodes, Vec::new(), started)
            }
            Ok(Plan::Facts(files)) => {
                self.reindex.reshaped();
                self.facts(&files, &all, started)
            }
            Ok(Plan::Model(files)) => {
                self.reindex.reshaped();
                self.model(&files, &all, started)
            }
            Err(diagnostics) => Err(diagnostics),
        };
        self.settle(outcome, all)
    }

    /// Keeps the changes of a failed rebuild for the next one; the search
    /// index catches up with what the rebuild left.
    fn settle(&mut self, outcome: Outcome, changes: BTreeSet<Change>) -> Outcome {
        if outcome.is_err() {
            self.pending = changes;
        }
        self.reindex.catch_up(self.kept.as_ref());
        outcome
    }

    /// `more`: units to render again besides those showing the pages.
    fn edits(
        &mut self,
        mut pages: Vec<(usize, Text)>,
        assets: Vec<String>,
        shortcodes: &[String],
        more: Vec<Unit>,
        started: Instant,
    ) -> Outcome {
        // `plan` makes edits only for a kept site.
        let Some(kept) = self.kept.as_mut() else {
            return Err(Diagnostics::default());
        };
        let root = &self.options.root;
        let fresh = (!shortcodes.is_empty())
            .then(|| kept.shortcodes_edited(root, shortcodes, &mut pages))
            .transpose()?;
        // New bodies, rendered against the unchanged model; on a broken
        // link the old text goes back and nothing has changed.
        let mut old = Vec::with_capacity(pages.len());
        for (index, text) in pages {
            old.push((
                index,
                std::mem::replace(&mut kept.site.pages[index].text, text),
            ));
        }
        let site = &kept.site;
        let codes = fresh.as_ref().unwrap_or(&kept.renderer.shortcodes);
        let labels = render::SiteLabels::from_texts(site, kept.renderer.strings());
        let bodies: Vec<_> = old
            .par_iter()
            .map(|&(index, _)| render::page_markdown(site, codes, &labels, &site.pages[index]))
            .collect();
        let mut diagnostics = Diagnostics::default();
        for (_, _, _, errors) in &bodies {
            diagnostics.extend(errors.iter().cloned());
        }
        if diagnostics.has_errors() {
            for (index, text) in old {
                kept.site.pages[index].text = text;
            }
            return Err(diagnostics);
        }
        if let Some(fresh) = fresh {
            kept.renderer.shortcodes.take_over(fresh);
        }
        let mut shown = Vec::new();
        let mut own = Vec::new();
        for ((index, _), (mut body, used, facts, _)) in old.iter().zip(bodies) {
            let codes = &mut kept.renderer.shortcodes;
            if let Some(slot) = codes.uses.get_mut(*index) {
                *slot = used;
            }
            if let Some(slot) = codes.facts.get_mut(*index) {
                *slot = facts;
            }
            let html = std::mem::take(&mut body.html);
            kept.renderer.update_page(&kept.site, *index, &body, html);
            kept.took_body(*index, body);
            self.reindex.edited(*index);
            shown.extend(deps::of_page(&kept.site, *index));
            own.push(Unit::Page(*index));
        }
        // The edited pages first: the page the author is looking at is
        // written before the lists that show it are re-rendered.
        let mut lists: Vec<Unit> = kept.renderer.manifest().units_showing(&shown);
        lists.extend(more);
        lists.sort();
        lists.dedup();
        lists.retain(|unit| !own.contains(unit));
        let Written {
            rendered,
            mut changed,
            mut written,
        } = self.render_in_turn([own, lists], &mut diagnostics)?;
        written = merge(written, self.write(&assets, &[])?);
        changed.extend(assets);
        Ok(Rebuilt {
            scope: if changed.is_empty() && rendered.is_empty() {
                Scope::Nothing
            } else {
                Scope::Edits
            },
            pages: self.kept.as_ref().map_or(0, |k| k.site.pages.len()),
            rendered,
            changed,
            removed: Vec::new(),
            written,
            elapsed: started.elapsed(),
            warnings: diagnostics,
        })
    }

    /// Renders each round of units in turn and writes what changed, so
    /// the first round is on disk before the second is rendered. Returns
    /// the paths rendered, those whose bytes changed, and what was written.
    fn render_in_turn(
        &mut self,
        rounds: [Vec<Unit>; 2],
        diagnostics: &mut Diagnostics,
    ) -> Result<Written, Diagnostics> {
        let (mut rendered, mut changed, mut written) = (Vec::new(), Vec::new(), None);
        for units in rounds {
            let Some(kept) = self.kept.as_mut() else {
                break;
            };
            let texts = kept.renderer.render_units(&kept.site, &units, diagnostics);
            if diagnostics.has_errors() {
                // The model holds the new bodies, some outputs the old ones.
                self.trusted = false;
                return Err(std::mem::take(diagnostics));
            }
            rendered.extend(texts.iter().map(|(path, _)| path.clone()));
            let now = self.take_in(texts);
            written = merge(written, self.write(&now, &[])?);
            changed.extend(now);
        }
        Ok(Written {
            rendered,
            changed,
            written,
        })
    }

    /// Puts rendered texts into the outputs; returns the paths whose bytes
    /// changed.
    fn take_in(&self, texts: Vec<(String, Vec<u8>)>) -> Vec<String> {
        let mut outputs = self.outputs.write().unwrap_or_else(|e| e.into_inner());
        let mut changed = Vec::new();
        for (path, text) in texts {
            let same = matches!(outputs.get(&path), Some(Content::Bytes(b)) if *b == text);
            if !same {
                outputs.insert(path.clone(), Content::Bytes(text));
                changed.push(path);
            }
        }
        changed
    }

    fn full(&mut self, changes: &BTreeSet<Change>, started: Instant) -> Outcome {
        let options = self.options_now();
        if let Target::Disk(out) = &self.target {
            output::check_output_dir(&options.root, out).map_err(Diagnostics::from)?;
        }
        // The last build's search index is kept when the page text is unchanged.
        let last = self.outputs.read().unwrap_or_else(|e| e.into_inner());
        let (rendered, renderer) = build::render_site_after(&options, &last)?;
        drop(last);
        let build::Built {
            site,
            outputs: new,
            warnings,
            raw,
            bodies,
            ..
        } = rendered;
        let first = self.kept.is_none();
        self.reindex.reshaped();
        let touched: HashSet<&Path> = changes.iter().map(|c| c.path.as_path()).collect();
        let (changed, removed) = {
            let mut outputs = self.outputs.write().unwrap_or_else(|e| e.into_inner());
            let (changed, removed) = if first {
                (new.files.keys().cloned().collect(), Vec::new())
            } else {
                diff(&outputs, &new, &touched)
            };
            let old = std::mem::replace(&mut *outputs, new);
            // Freeing a large site takes measurable time; nobody waits for it.
            std::thread::spawn(move || drop(old));
            (changed, removed)
        };
        let pages = site.pages.len();
        let kept = Kept::new(site, renderer, raw.unwrap_or_default(), bodies);
        let replaced = self.kept.replace(kept);
        std::thread::spawn(move || drop(replaced));
        self.trusted = true;
        // The site is kept even when the write fails: the disk is then
        // marked behind, and the next rebuild writes it whole.
        let written = self.write(&changed, &removed)?;
        Ok(Rebuilt {
            scope: Scope::Full,
            pages,
            rendered: Vec::new(),
            changed,
            removed,
            written,
            elapsed: started.elapsed(),
            warnings,
        })
    }

    /// The build options, with serve's base URL made from site.yaml's
    /// prefix as it is now.
    fn options_now(&self) -> Options {
        let mut options = self.options.clone();
        if let (Some(origin), None) = (&self.origin, &options.base_url) {
            let prefix = Config::load(&options.root)
                .map(|c| c.base_url.prefix().to_string())
                .unwrap_or_else(|_| "/".into());
            options.base_url = Some(format!("{origin}{prefix}"));
        }
        options
    }

    /// Writes what changed; the whole site instead (compared with the disk)
    /// at start-up, after a failed write, or when the folder went.
    fn write(
        &self,
        changed: &[String],
        removed: &[String],
    ) -> Result<Option<WriteStats>, Diagnostics> {
        match &self.target {
            Target::Memory => Ok(None),
            Target::Disk(out) => {
                let behind = self.disk_behind.load(Ordering::Relaxed) || !out.is_dir();
                if !behind && changed.is_empty() && removed.is_empty() {
                    // Not even the manifest is read (a round that changed nothing).
                    return Ok(Some(WriteStats::default()));
                }
                let outputs = self.outputs.read().unwrap_or_else(|e| e.into_inner());
                let result = if behind {
                    output::write(out, &outputs, self.options.force_output)
                } else {
                    output::write_some(out, &outputs, changed, removed)
                };
                self.disk_behind.store(result.is_err(), Ordering::Relaxed);
                result.map(Some).map_err(Diagnostics::from)
            }
        }
    }
}

/// What `render_in_turn` did: the paths rendered, those whose bytes
/// changed, and the write's numbers.
struct Written {
    rendered: Vec<String>,
    changed: Vec<String>,
    written: Option<WriteStats>,
}
