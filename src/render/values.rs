//! The model as Tera values. Each page's value is built once and shared
//! (Tera 2 values are reference-counted), so a section listing 10,000 pages
//! costs 10,000 pointer copies, not 10,000 copies of their HTML.

use tera::Value;

use super::Bodies;
pub(crate) use super::object::object;
use super::page_value::{add_own_fields, page_fields, toc_value, translations};
pub(crate) use super::page_value::{is_stale, page_taxonomies, page_value};
use super::spill::Spill;
use crate::markdown::Body;
use crate::model::{Section, Site, Taxonomy, Term};

pub fn yaml(value: &serde_yaml::Value) -> Value {
    Value::from_serializable(value)
}

/// Values shared by every template of one build.
pub(crate) struct Values {
    pub pages: Vec<Value>,
    /// Section values without their page lists (for breadcrumbs, subsections).
    pub section_refs: Vec<Value>,
    /// Per taxonomy instance, per term: the short term reference.
    pub term_refs: Vec<Vec<Value>>,
    /// Per section: its HTML body and table of contents.
    pub section_bodies: Vec<(Value, Value, bool)>,
    pub site: Value,
    /// Where each page's `content` and `toc` are when `pages` leave them
    /// out (`own_fields`): only the page's own job reads them.
    own: Option<Spill>,
}

/// The pages' HTML bodies, for `Values::build`.
pub(crate) enum Contents {
    /// Moved in, so that each exists once; the tables of contents are in
    /// the bodies.
    Held(Vec<String>),
    /// Both in a temporary file; `true`: left out of the shared values.
    Spilled(Spill, bool),
}

impl Values {
    /// The values of the pages at `indices`, in that order (clones share).
    pub(crate) fn pages_of(&self, indices: &[usize]) -> Vec<Value> {
        indices.iter().map(|&p| self.pages[p].clone()).collect()
    }

    /// `contents` are the pages' HTML bodies; `bodies` the rest of the
    /// pages' and sections' rendered Markdown. An error only when a
    /// spilled page cannot be read back.
    pub fn build(site: &Site, bodies: &Bodies, contents: Contents) -> std::io::Result<Values> {
        use rayon::prelude::*;
        let profiles = profile_values(site);
        let term_refs: Vec<Vec<Value>> = site
            .taxonomies
            .iter()
            .map(|tax| {
                tax.terms
                    .iter()
                    .map(|term| term_ref(site, tax, term, &profiles))
                    .collect()
            })
            .collect();
        let section_refs = site.sections.iter().map(|s| section_ref(site, s)).collect();
        let page_bodies = site.pages.par_iter().zip(&bodies.pages);
        let (pages, own) = match contents {
            Contents::Held(contents) => {
                let pages = page_bodies
                    .zip(contents)
                    .map(|((p, body), html)| page_value(site, p, body, html, &term_refs))
                    .collect();
                (pages, None)
            }
            Contents::Spilled(spill, true) => {
                let pages = page_bodies
                    .map(|(p, body)| object(page_fields(site, p, body, &term_refs)))
                    .collect();
                (pages, Some(spill))
            }
            Contents::Spilled(spill, false) => {
                let pages = page_bodies
                    .enumerate()
                    .map(|(i, (p, body))| {
                        let mut fields = page_fields(site, p, body, &term_refs);
                        spill.read(i, |html, toc| {
                            add_own_fields(&mut fields, (site, p), html, &toc);
                        })?;
                        Ok(object(fields))
                    })
                    .collect::<std::io::Result<_>>()?;
                (pages, None)
            }
        };
        let section_bodies = bodies.sections.iter().map(section_body).collect();
        Ok(Values {
            pages,
            section_refs,
            term_refs,
            section_bodies,
            site: site_value(site),
            own,
        })
    }

    /// The value page `index`'s own job shows: the shared one, with its
    /// `content` and `toc` read back (and its `translations` made) when the
    /// shared values leave them out.
    pub(crate) fn own_page(&self, site: &Site, index: usize) -> std::io::Result<Option<Value>> {
        let Some(spill) = &self.own else {
            return Ok(None);
        };
        let (html, toc) = spill.read(index, |html, toc| {
            (Value::safe_string(html), toc_value(&toc))
        })?;
        let mut map = self.pages[index].as_map().cloned().unwrap_or_default();
        map.insert("content".into(), html);
        map.insert("toc".into(), toc);
        let translations = translations(site, &site.pages[index]);
        map.insert("translations".into(), translations);
        Ok(Some(Value::from(map)))
    }
}

/// Every profile's value (indexed like `Site::profiles`), its facts from
/// the registry.
pub(crate) fn profile_values(site: &Site) -> Vec<Value> {
    let registry = crate::model::facts::Registry::of(site);
    site.profiles
        .iter()
        .map(|p| {
            object(vec![
                ("title", p.title.as_str().into()),
                ("description", p.description.clone().into()),
                ("content", Value::safe_string(&profile_html(site, p))),
                ("extra", yaml(&p.extra)),
                ("lang", p.file.lang.as_str().into()),
                ("weight", p.weight.into()),
                ("reviewed", p.reviewed.map(|d| d.to_string()).into()),
                (
                    "facts",
                    super::facts::list(&registry, Some(&p.term), &p.file.lang),
                ),
            ])
        })
        .collect()
}

/// A profile's Markdown, with links resolved in the profile's own language
/// (the text is in that language, even where it stands in for a missing
/// translation); broken links were reported by `render::markdown`.
fn profile_html(site: &Site, profile: &crate::model::Profile) -> String {
    crate::markdown::render(profile.text.body(), &mut |link| {
        crate::links::resolve(site, &profile.file.lang, &profile.file.dir, link)
            .ok()
            .flatten()
    })
    .html
}

pub(crate) fn site_value(site: &Site) -> Value {
    let c = &site.config;
    let languages: Vec<Value> = c
        .languages
        .iter()
        .map(|l| {
            object(vec![
                ("code", l.code.as_str().into()),
                ("title", l.title.as_str().into()),
                ("description", l.description.as_str().into()),
            ])
        })
        .collect();
    object(vec![
        ("title", c.title.as_str().into()),
        ("description", c.description.as_str().into()),
        ("author", c.author.clone().into()),
        ("base_url", c.base_url.to_string().into()),
        ("default_language", c.default_language.as_str().into()),
        ("languages", languages.into()),
        (
            "taxonomies",
            c.taxonomies
                .iter()
                .map(|t| t.name.clone())
                .collect::<Vec<_>>()
                .into(),
        ),
        ("feeds", c.feeds.into()),
        ("search", c.search.into()),
        ("stale_after_days", c.stale_after_days.into()),
        ("extra", yaml(&c.extra)),
    ])
}

pub(crate) fn term_ref(site: &Site, tax: &Taxonomy, term: &Term, profiles: &[Value]) -> Value {
    let base = &site.config.base_url;
    object(vec![
        ("taxonomy", tax.name.as_str().into()),
        ("slug", term.slug.as_str().into()),
        ("name", term.slug.as_str().into()),
        ("title", term.title.as_str().into()),
        ("url", base.url(&term.path).into()),
        ("permalink", base.permalink(&term.path).into()),
        ("count", term.pages.len().into()),
        (
            "profile",
            term.profile
                .map(|p| profiles[p].clone())
                .unwrap_or_else(Value::none),
        ),
    ])
}

pub(crate) fn section_ref(site: &Site, section: &Section) -> Value {
    let base = &site.config.base_url;
    object(vec![
        ("title", section.title.as_str().into()),
        ("title_in_body", section.title_in_body.into()),
        ("description", section.description.clone().into()),
        ("url", base.url(&section.path).into()),
        ("permalink", base.permalink(&section.path).into()),
        ("path", section.dir.as_str().into()),
        ("lang", section.lang.as_str().into()),
        ("page_count", section.pages.len().into()),
        (
            "extra",
            section.extra.as_ref().map_or_else(|| object(vec![]), yaml),
        ),
    ])
}

/// A section's HTML body, table of contents and whether it opens with
/// its title.
pub(crate) fn section_body(b: &Body) -> (Value, Value, bool) {
    let html = Value::safe_string(&b.html);
    (html, toc_value(&b.toc), b.opens_with_title)
}

/// A section with its sorted page list (for section.html and get_section).
pub(crate) fn section_value(site: &Site, values: &Values, index: usize) -> Value {
    let section = &site.sections[index];
    let mut map = values.section_refs[index]
        .as_map()
        .cloned()
        .unwrap_or_default();
    let pages = values.pages_of(&section.pages);
    let subsections: Vec<Value> = section
        .subsections
        .iter()
        .map(|&s| values.section_refs[s].clone())
        .collect();
    map.insert("pages".into(), pages.into());
    map.insert("subsections".into(), subsections.into());
    let (content, toc, opens_with_title) = &values.section_bodies[index];
    if *opens_with_title {
        map.insert("title_in_body".into(), true.into());
    }
    map.insert("content".into(), content.clone());
    map.insert("toc".into(), toc.clone());
    Value::from(map)
}

/// A term with its page list. `index` is the term's place in its taxonomy,
/// which is also its place in `term_refs` (built in the same order).
pub(crate) fn term_value(values: &Values, taxonomy: usize, index: usize, term: &Term) -> Value {
    let mut map = values.term_refs[taxonomy][index]
        .as_map()
        .cloned()
        .unwrap_or_default();
    let pages = values.pages_of(&term.pages);
    map.insert("pages".into(), pages.into());
    Value::from(map)
}

pub(crate) fn taxonomy_value(site: &Site, values: &Values, index: usize) -> Value {
    let tax = &site.taxonomies[index];
    let base = &site.config.base_url;
    object(vec![
        ("name", tax.name.as_str().into()),
        ("lang", tax.lang.as_str().into()),
        ("url", base.url(&tax.path).into()),
        ("permalink", base.permalink(&tax.path).into()),
        ("terms", values.term_refs[index].clone().into()),
    ])
}
