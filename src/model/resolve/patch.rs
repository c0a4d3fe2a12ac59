//! Saved page and section files taken into the resolved model in place
//! (watch), instead of resolving all of it again: the page's or section's
//! fields made anew by the same code a build uses, the page moved within
//! its section's and terms' sorted lists, a section within its parent's.
//! Only for edits that leave every other page, section, term and URL where
//! it was: a slug, alias, template, `paginate`, a new term or a term's last
//! page gone, a profile, the home page's `_index.md` (its facts) are not
//! taken in here (`Patch::NotInPlace`: resolve again). A draft toggled,
//! alone in its batch, is (`toggle`): the page leaves or joins, and every
//! page index past it moves.
//!
//! Every change is logged, so that `Undo::undo` puts the model back as it
//! was (a Markdown error found after the patch, or a later file of the
//! batch that cannot be patched), and so that `Before` says what the lists
//! were.

mod toggle;

use std::collections::BTreeMap;

use jiff::Timestamp;

use super::{pages, sections};
use crate::content::raw::{Positioned, RawItem, RawPage, RawSection, RawSite};
use crate::diagnostics::Diagnostics;
use crate::model::moved::{Moved, shift};
use crate::model::taxonomy::patch as terms;
use crate::model::{Page, Section, Site, sort_pages};

/// How a batch of saved files went into the model.
pub enum Patch {
    /// Taken in; the log to undo it.
    InPlace(Undo),
    /// Not a change this module takes in; the model is as it was.
    NotInPlace,
    /// Errors (in the diagnostics); the model is as it was.
    Failed,
}

/// The lists as they were before the patch, for the lists that changed.
#[derive(Default)]
pub struct Before {
    /// Section → its page list.
    pub sections: BTreeMap<usize, Vec<usize>>,
    /// (taxonomy, term) → its page list.
    pub terms: BTreeMap<(usize, usize), Vec<usize>>,
    /// Patched page → the date the sitemap printed for it.
    pub lastmod: BTreeMap<usize, Option<Timestamp>>,
}

/// What the patch replaced, newest last.
#[derive(Default)]
pub struct Undo {
    steps: Vec<Step>,
    pub before: Before,
    /// A draft toggled: the page that left or joined.
    pub(crate) toggled: Option<Toggled>,
}

/// The page a draft toggle took out of the site or into it.
pub(crate) struct Toggled {
    pub moved: Moved,
    /// Its source path and language.
    pub rel: String,
    pub lang: String,
    /// The pages it was a translation of (new indices), when it left.
    pub translations: Vec<usize>,
}

enum Step {
    Page(usize, Box<Page>),
    Section(usize, Box<Section>),
    Subsections(usize, Vec<usize>),
    Pages(usize, Vec<usize>),
    TermPages(usize, usize, Vec<usize>),
    TermTitle(usize, usize, String),
    TermSpellings(usize, usize, BTreeMap<String, usize>),
    Translations(usize, Vec<usize>),
    /// The page that left, from this index.
    Left(usize, Box<Page>),
    /// A page joined at this index.
    Joined(usize),
    Drafts(Vec<String>),
}

impl Undo {
    /// Takes in the term lists, names and spellings a `TermsPatch` made
    /// (its `page_terms` are the caller's), each replaced value kept to
    /// be put back.
    fn take_terms(&mut self, site: &mut Site, patch: terms::TermsPatch) {
        for (t, k, list) in patch.lists {
            let old = std::mem::replace(&mut site.taxonomies[t].terms[k].pages, list);
            self.before
                .terms
                .entry((t, k))
                .or_insert_with(|| old.clone());
            self.steps.push(Step::TermPages(t, k, old));
        }
        for (t, k, title) in patch.titles {
            let old = std::mem::replace(&mut site.taxonomies[t].terms[k].title, title);
            self.steps.push(Step::TermTitle(t, k, old));
        }
        for (t, k, counts) in patch.spellings {
            let old = std::mem::replace(&mut site.taxonomies[t].terms[k].spellings, counts);
            self.steps.push(Step::TermSpellings(t, k, old));
        }
    }

    /// Puts `site` back as it was before the patch.
    pub fn undo(self, site: &mut Site) {
        for step in self.steps.into_iter().rev() {
            match step {
                Step::Page(i, page) => site.pages[i] = *page,
                Step::Section(s, section) => site.sections[s] = *section,
                Step::Subsections(s, list) => site.sections[s].subsections = list,
                Step::Pages(s, list) => site.sections[s].pages = list,
                Step::TermPages(t, k, list) => site.taxonomies[t].terms[k].pages = list,
                Step::TermTitle(t, k, title) => site.taxonomies[t].terms[k].title = title,
                Step::TermSpellings(t, k, counts) => {
                    site.taxonomies[t].terms[k].spellings = counts;
                }
                Step::Translations(i, list) => site.pages[i].translations = list,
                Step::Left(d, page) => {
                    shift(site, Moved::Joined(d));
                    site.page_by_source.insert(page.file.rel.clone(), d);
                    site.pages.insert(d, *page);
                }
                Step::Joined(n) => {
                    let page = site.pages.remove(n);
                    site.page_by_source.remove(&page.file.rel);
                    shift(site, Moved::Left(n));
                }
                Step::Drafts(list) => site.draft_sources = list,
            }
        }
    }

    fn section_pages(&mut self, site: &mut Site, s: usize, list: Vec<usize>) {
        let old = std::mem::replace(&mut site.sections[s].pages, list);
        self.before.sections.entry(s).or_insert_with(|| old.clone());
        self.steps.push(Step::Pages(s, old));
    }
}

/// Takes `items` (the saved files, as loaded) into `site`; `raw` is the
/// content as kept (before the save). Warnings and errors go to
/// `diagnostics`.
pub fn patch(
    site: &mut Site,
    raw: &RawSite,
    items: &[RawItem],
    diagnostics: &mut Diagnostics,
) -> Patch {
    let mut undo = Undo::default();
    let mut errors = Diagnostics::default();
    for item in items {
        let done = match item {
            // A draft toggled: alone in its batch.
            RawItem::Page(new) if toggle::is_toggle(site, raw, new) => {
                items.len() == 1 && toggle::page(site, raw, new, &mut undo, &mut errors)
            }
            RawItem::Page(new) => page(site, raw, new, &mut undo, &mut errors),
            RawItem::Section(new) => section(site, new, &mut undo),
            RawItem::Profile(_) => false,
        };
        if !done {
            undo.undo(site);
            return Patch::NotInPlace;
        }
    }
    let failed = errors.has_errors();
    diagnostics.extend(errors);
    if failed {
        undo.undo(site);
        return Patch::Failed;
    }
    Patch::InPlace(undo)
}

fn values(list: &[Positioned<String>]) -> Vec<&str> {
    list.iter().map(|p| p.value.as_str()).collect()
}

/// Page `new.file.rel` made anew; false when it is not in the site, or
/// its URL, section, aliases, template, image or draft state moved.
fn page(
    site: &mut Site,
    raw: &RawSite,
    new: &RawPage,
    undo: &mut Undo,
    diagnostics: &mut Diagnostics,
) -> bool {
    let Some(&i) = site.page_by_source.get(&new.file.rel) else {
        return false;
    };
    let Some(old_raw) = raw.pages.iter().find(|p| p.file.rel == new.file.rel) else {
        return false;
    };
    let image = |p: &RawPage| p.image.as_ref().map(|i| i.value.clone());
    let same = (new.draft == old_raw.draft || site.drafts)
        && new.slug == old_raw.slug
        && new.is_bundle == old_raw.is_bundle
        && new.template == old_raw.template
        && image(new) == image(old_raw)
        && values(&new.aliases) == values(&old_raw.aliases);
    if !same {
        return false;
    }
    let (mut made, written_now) =
        pages::page(&site.config, new.clone(), &site.section_by_dir, diagnostics);
    let old = &site.pages[i];
    if made.path != old.path || made.section != old.section || made.key != old.key {
        return false;
    }
    made.translations = old.translations.clone();
    made.assets = old.assets.clone();
    if let (Some(now), Some(was)) = (made.image.as_mut(), old.image.as_ref()) {
        now.output = was.output.clone();
    }
    let now = terms::Now::of(site);
    let Some(mut patch) = terms::page(&now, i, &made, &written_now, &old_raw.terms, diagnostics)
    else {
        return false;
    };
    made.terms = std::mem::take(&mut patch.page_terms);
    let s = made.section;
    let mut list = site.sections[s].pages.clone();
    list.retain(|&j| j != i);
    terms::place(&mut list, i, &made, &site.pages, site.sections[s].sort_by);
    if list != site.sections[s].pages {
        undo.section_pages(site, s, list);
    }
    undo.take_terms(site, patch);
    let old = std::mem::replace(&mut site.pages[i], made);
    undo.before
        .lastmod
        .entry(i)
        .or_insert(old.updated.or(old.date));
    undo.steps.push(Step::Page(i, Box::new(old)));
    true
}

/// Section file `new` made anew; false when it is the home page's (its
/// facts), or its URL, `paginate`, template, aliases or draft state moved.
fn section(site: &mut Site, new: &RawSection, undo: &mut Undo) -> bool {
    let of_file = |s: &Section| {
        s.source
            .as_ref()
            .is_some_and(|r| r.file.rel == new.file.rel)
    };
    let Some(s) = site.sections.iter().position(of_file) else {
        return false;
    };
    let old = &site.sections[s];
    let Some(order) = site
        .config
        .languages
        .iter()
        .position(|l| l.code == old.lang)
    else {
        return false;
    };
    if old.dir.is_empty() || (new.draft && !site.drafts) {
        return false;
    }
    let mut made = sections::section(
        &site.config,
        order,
        old.dir.clone(),
        old.lang.clone(),
        Some(new.clone()),
    );
    let same = made.path == old.path
        && made.paginate == old.paginate
        && made.template == old.template
        && values(&made.aliases) == values(&old.aliases);
    if !same {
        return false;
    }
    made.parent = old.parent;
    made.subsections = old.subsections.clone();
    made.translations = old.translations.clone();
    made.pages = old.pages.clone();
    if made.sort_by != old.sort_by {
        sort_pages(&site.pages, &mut made.pages, made.sort_by);
        undo.before
            .sections
            .entry(s)
            .or_insert_with(|| old.pages.clone());
    }
    let old = std::mem::replace(&mut site.sections[s], made);
    undo.steps.push(Step::Section(s, Box::new(old)));
    if let Some(p) = site.sections[s].parent {
        let mut list = site.sections[p].subsections.clone();
        sections::order_subsections(&site.sections, &mut list);
        if list != site.sections[p].subsections {
            let old = std::mem::replace(&mut site.sections[p].subsections, list);
            undo.steps.push(Step::Subsections(p, old));
        }
    }
    true
}

#[cfg(test)]
mod tests {
    use std::fmt::Write;

    use super::*;
    use crate::model::testing::raw;

    fn resolved(files: &[(&str, &str)]) -> (Site, RawSite) {
        let (config, raw) = raw(files);
        let mut diagnostics = Diagnostics::default();
        let date = jiff::civil::date(2026, 11, 26);
        let site = super::super::resolve(config, raw.clone(), date, false, &mut diagnostics);
        (site, raw)
    }

    /// What the patch must get right, as text.
    fn shape(site: &Site) -> String {
        let mut out = String::new();
        for p in &site.pages {
            let fields = (&p.title, p.date, p.weight, &p.terms, &p.description);
            writeln!(out, "{} {fields:?} {}", p.file.rel, p.text.body()).unwrap();
            writeln!(out, "  {:?} {}", p.translations, p.path).unwrap();
        }
        let mut by_source: Vec<_> = site.page_by_source.iter().collect();
        by_source.sort();
        writeln!(out, "{by_source:?} {:?}", site.draft_sources).unwrap();
        for s in &site.sections {
            let fields = (&s.title, s.weight, &s.pages, &s.subsections, s.sort_by);
            writeln!(out, "{} {fields:?}", s.dir).unwrap();
        }
        for t in &site.taxonomies {
            for term in &t.terms {
                let fields = (&term.title, &term.pages, term.profile, &term.spellings);
                writeln!(out, "{} {} {} {fields:?}", t.name, t.lang, term.slug).unwrap();
            }
        }
        out
    }

    fn item(raw: &RawSite, rel: &str) -> RawItem {
        if let Some(page) = raw.pages.iter().find(|p| p.file.rel == rel) {
            return RawItem::Page(Box::new(page.clone()));
        }
        let section = raw.sections.iter().find(|s| s.file.rel == rel);
        RawItem::Section(Box::new(section.expect("a page or section").clone()))
    }

    /// `files` with `rel` saved as `text`, patched in: `Some` (with the
    /// diagnostics) when in place, after checking that the model equals
    /// the one resolved afresh, and that undoing gives back the first.
    fn saved(files: &[(&str, &str)], rel: &str, text: &str) -> Option<Diagnostics> {
        let (mut site, before) = resolved(files);
        let edited: Vec<(&str, &str)> = files
            .iter()
            .map(|&(r, t)| if r == rel { (r, text) } else { (r, t) })
            .collect();
        let (fresh, after) = resolved(&edited);
        let original = shape(&site);
        let mut diagnostics = Diagnostics::default();
        match patch(&mut site, &before, &[item(&after, rel)], &mut diagnostics) {
            Patch::InPlace(undo) => {
                assert_eq!(shape(&site), shape(&fresh), "{rel} → {text}");
                undo.undo(&mut site);
                assert_eq!(shape(&site), original);
                Some(diagnostics)
            }
            Patch::NotInPlace => {
                assert_eq!(shape(&site), original);
                None
            }
            Patch::Failed => {
                assert_eq!(shape(&site), original);
                assert!(diagnostics.has_errors());
                Some(diagnostics)
            }
        }
    }

    const SITE: &[(&str, &str)] = &[
        ("operators/smart.md", "---\ntitle: Smart\n---\n"),
        ("operators/metfone.md", "---\ntitle: Metfone\n---\n"),
        ("g/_index.md", "---\ntitle: Guides\npaginate: 2\n---\n"),
        (
            "g/a.md",
            "---\ntitle: A\ndate: 2026-01-05\noperators: [smart]\ntopics: [Fees]\n---\nA\n",
        ),
        (
            "g/b.md",
            "---\ntitle: B\ndate: 2026-01-04\noperators: [smart, metfone]\ntopics: [fees]\n---\n",
        ),
        (
            "g/c.md",
            "---\ntitle: C\ndate: 2026-01-03\noperators: [metfone]\ntopics: [Fees, roaming]\n---\n",
        ),
        (
            "g/d.md",
            "---\ntitle: D\ndate: 2026-01-02\ntopics: [roaming]\n---\n",
        ),
        ("g/e.md", "---\ntitle: E\ndate: 2026-01-01\n---\n"),
        ("x/_index.md", "---\ntitle: X\n---\n"),
        ("x/p.md", "---\ntitle: P\n---\n"),
        ("y/_index.md", "---\ntitle: Y\n---\n"),
        ("y/q.md", "---\ntitle: Q\n---\n"),
        ("g/f.md", "---\ntitle: F\ndate: 2025-12-31\n---\n"),
        ("x/p.en.md", "---\ntitle: P en\n---\n"),
        (
            "x/h.md",
            "---\ntitle: H\ndraft: true\noperators: [smart]\n---\n",
        ),
        ("x/r.en.md", "---\ntitle: R en\n---\n"),
    ];

    #[test]
    fn a_new_date_moves_the_page_in_its_section_and_terms() {
        let c = SITE[5].1;
        for date in ["2026-02-01", "2025-01-01", "2026-01-04"] {
            let text = c.replace("2026-01-03", date);
            assert!(saved(SITE, "g/c.md", &text).is_some(), "{date}");
        }
        let undated = c.replace("date: 2026-01-03\n", "");
        assert!(saved(SITE, "g/c.md", &undated).is_some());
    }

    #[test]
    fn a_new_title_or_weight_moves_the_page_in_lists_sorted_by_them() {
        let text = SITE[6].1.replace("title: D", "title: 0D");
        assert!(saved(SITE, "g/d.md", &text).is_some());
        let text = SITE[7].1.replace("title: E", "title: E\nweight: 1");
        assert!(saved(SITE, "g/e.md", &text).is_some());
        let body = SITE[3].1.replace("A\n", "# New\n");
        assert!(saved(SITE, "g/a.md", &body).is_some());
    }

    #[test]
    fn terms_of_the_site_join_and_leave_in_place() {
        let d = SITE[6].1;
        let added = d.replace("topics:", "operators: [metfone, smart]\ntopics:");
        assert!(saved(SITE, "g/d.md", &added).is_some());
        let b = SITE[4].1;
        assert!(saved(SITE, "g/b.md", &b.replace("smart, metfone", "metfone")).is_some());
        // A profile's term stays without pages.
        let c = SITE[5].1;
        assert!(saved(SITE, "g/c.md", &c.replace("[metfone]", "[]")).is_some());
        // The most used spelling names a term: `Fees` gives way to `fees`.
        let a = SITE[3].1;
        assert!(saved(SITE, "g/a.md", &a.replace("[Fees]", "[fees]")).is_some());
    }

    #[test]
    fn a_term_made_or_gone_resolves_again() {
        let d = SITE[6].1;
        assert!(saved(SITE, "g/d.md", &d.replace("[roaming]", "[roaming, new]")).is_none());
        let c = SITE[5].1;
        let only = saved(SITE, "g/d.md", &d.replace("[roaming]", "[]"));
        assert!(only.is_some(), "c still holds roaming");
        let (c, d) = (c.replace(", roaming", ""), d.replace("[roaming]", "[]"));
        let files: Vec<(&str, &str)> = SITE
            .iter()
            .map(|&(r, t)| {
                if r == "g/c.md" {
                    (r, c.as_str())
                } else {
                    (r, t)
                }
            })
            .collect();
        assert!(saved(&files, "g/d.md", &d).is_none(), "its last page left");
    }

    #[test]
    fn an_unknown_term_of_a_closed_taxonomy_is_an_error_and_changes_nothing() {
        let e = SITE[7].1.replace("title: E", "title: E\noperators: [smrt]");
        let diagnostics = saved(SITE, "g/e.md", &e).expect("failed");
        assert!(format!("{diagnostics:?}").contains("did you mean `smart`?"));
    }

    #[test]
    fn urls_drafts_and_templates_resolve_again() {
        let a = SITE[3].1;
        for to in ["title: A\nslug: z", "title: A\naliases: [/z/]"] {
            assert!(
                saved(SITE, "g/a.md", &a.replace("title: A", to)).is_none(),
                "{to}"
            );
        }
        let g = SITE[2].1;
        assert!(
            saved(
                SITE,
                "g/_index.md",
                &g.replace("paginate: 2", "paginate: 3")
            )
            .is_none()
        );
    }

    #[test]
    fn a_draft_toggled_leaves_or_joins_in_place() {
        let draft = |rel: &str, title: &str| {
            let at = SITE.iter().position(|(r, _)| *r == rel).unwrap();
            let text = SITE[at].1.replace(title, &format!("{title}\ndraft: true"));
            saved(SITE, rel, &text)
        };
        // Left: pages with terms (one term named by its spellings), a
        // translated page, a page alone in its section.
        for (rel, title) in [
            ("g/c.md", "title: C"),
            ("g/a.md", "title: A"),
            ("x/p.md", "title: P"),
            ("x/p.en.md", "title: P en"),
            ("y/q.md", "title: Q"),
        ] {
            assert!(draft(rel, title).is_some(), "{rel}");
        }
        // Joined.
        let h = SITE[14].1.replace("draft: true\n", "");
        assert!(saved(SITE, "x/h.md", &h).is_some());
        let translated = SITE[13]
            .1
            .replace("title: P en", "title: P en\ndraft: true");
        let files: Vec<(&str, &str)> = SITE
            .iter()
            .map(|&(r, t)| {
                (
                    r,
                    if r == "x/p.en.md" {
                        translated.as_str()
                    } else {
                        t
                    },
                )
            })
            .collect();
        assert!(saved(&files, "x/p.en.md", SITE[13].1).is_some());
        // The last English page of x: x is no English section without it.
        let files: Vec<(&str, &str)> = SITE[..15].to_vec();
        let p = SITE[13]
            .1
            .replace("title: P en", "title: P en\ndraft: true");
        assert!(saved(&files, "x/p.en.md", &p).is_none());
    }

    #[test]
    fn a_draft_toggle_that_moves_more_resolves_again() {
        // Five guides, two a pager: one more leaving takes a pager.
        let mut files: Vec<(&str, &str)> = SITE.to_vec();
        files.retain(|(r, _)| *r != "g/f.md");
        let e = SITE[7].1.replace("title: E", "title: E\ndraft: true");
        assert!(saved(&files, "g/e.md", &e).is_none());
        // `roaming`'s last page leaves; `new` would be made.
        let c = SITE[5].1.replace(", roaming", "");
        let d = SITE[6].1.replace("title: D", "title: D\ndraft: true");
        let files: Vec<(&str, &str)> = SITE
            .iter()
            .map(|&(r, t)| (r, if r == "g/c.md" { c.as_str() } else { t }))
            .collect();
        assert!(saved(&files, "g/d.md", &d).is_none());
        let h = SITE[14].1.replace("draft: true\n", "topics: [new]\n");
        assert!(saved(SITE, "x/h.md", &h).is_none());
        // On another page's URL.
        let h = SITE[14].1.replace("draft: true\n", "slug: p\n");
        assert!(saved(SITE, "x/h.md", &h).is_none());
        // An unknown term of a closed taxonomy: an error, nothing moved.
        let h = SITE[14]
            .1
            .replace("draft: true\n", "")
            .replace("[smart]", "[smrt]");
        let diagnostics = saved(SITE, "x/h.md", &h).expect("failed");
        assert!(diagnostics.has_errors());
    }

    #[test]
    fn a_section_file_takes_its_place_among_its_siblings() {
        let y = SITE[10].1;
        assert!(saved(SITE, "y/_index.md", &y.replace("title: Y", "title: A")).is_some());
        assert!(
            saved(
                SITE,
                "y/_index.md",
                &y.replace("title: Y", "title: Y\nweight: 1")
            )
            .is_some()
        );
        let g = SITE[2].1;
        let by_title = g.replace("paginate: 2", "paginate: 2\nsort_by: title");
        assert!(saved(SITE, "g/_index.md", &by_title).is_some());
    }
}
