//! The resolved site: what the files mean. Pages know their URL, section,
//! terms and translations; sections and terms hold sorted page lists. The
//! renderer only ever sees this model, never the front matter as written
//! (content::raw); what the Markdown became lives beside it, in
//! `render::Bodies`.

pub mod facts;
pub(crate) mod moved;
pub(crate) mod paginate;
pub(crate) mod path;
pub mod resolve;
pub(crate) mod sort;
pub mod taxonomy;
#[cfg(test)]
pub(crate) mod testing;

use std::collections::{HashMap, HashSet};
use std::path::PathBuf;

use jiff::Timestamp;
use jiff::civil::Date;
use serde_yaml::Value;

use crate::config::Config;
use sort::{SortBy, Sortable};

// The file a page, section or profile came from, and its text, are part
// of the model (diagnostics point into them); the rest of content::raw,
// the front matter as written, is not.
pub use crate::content::raw::{Positioned, SourceFile, Text};
pub use path::SitePath;
pub use taxonomy::Taxonomy;
pub use taxonomy::Term;

pub struct Site {
    pub config: Config,
    pub build_date: Date,
    pub drafts: bool,
    /// Built pages, in source-path order.
    pub pages: Vec<Page>,
    /// In language order, then folder order; the default language's home
    /// page is section 0.
    pub sections: Vec<Section>,
    /// One per (taxonomy, language), in config order then language order.
    pub taxonomies: Vec<Taxonomy>,
    /// Term profiles (content/<taxonomy>/<term>.md), in source-path order.
    pub profiles: Vec<Profile>,
    /// Files under content/ copied to the output.
    pub assets: Vec<Asset>,
    /// Source path ("guides/x.md") → page index.
    pub page_by_source: HashMap<String, usize>,
    /// Source paths of drafts left out of this build.
    pub draft_sources: Vec<String>,
    /// Source paths of content files left out for errors already reported
    /// (front matter that is not YAML): a link to one is not reported
    /// again as broken. Filled by `build`.
    pub refused_sources: HashSet<String>,
    /// Source path of an asset → its output path.
    pub asset_by_source: HashMap<String, String>,
    /// Assets that are processed images (filled by the build after
    /// resolving, empty until then), by output path.
    pub images: crate::images::Processed,
    /// (folder, language) → section index: ("guides", "en").
    pub section_by_dir: HashMap<(String, String), usize>,
    pub aliases: Vec<Alias>,
}

pub struct Page {
    pub file: SourceFile,
    /// The whole file; its Markdown body is freed by `release_sources`.
    pub text: Text,
    /// From `title:`, else the first `# heading`, else the file name.
    pub title: String,
    /// Whether the title is the body's own `# heading`: a theme then
    /// prints no second one.
    pub title_in_body: bool,
    pub description: Option<String>,
    /// `None` for an undated page: no date shown, last in date order, in
    /// no feed.
    pub date: Option<Timestamp>,
    pub updated: Option<Timestamp>,
    pub reviewed: Option<Date>,
    pub author: Option<String>,
    pub draft: bool,
    pub weight: i64,
    /// As written, with their spans: collisions point at them.
    pub aliases: Vec<Positioned<String>>,
    pub template: Option<String>,
    /// `image:` in the front matter (see `PageImage`).
    pub image: Option<PageImage>,
    pub extra: Value,
    pub is_bundle: bool,
    /// Translation key: the source path without language suffix.
    pub key: String,
    /// Site path of the page's folder: "en/guides/cancel-sim/".
    pub path: SitePath,
    pub slug: String,
    pub section: usize,
    /// (taxonomy name, term indexes in that taxonomy's language instance).
    pub terms: Vec<(String, Vec<usize>)>,
    /// Pages with the same key in other languages, in language order.
    pub translations: Vec<usize>,
    /// Output paths of the bundle's files (for page bundles).
    pub assets: Vec<String>,
}

/// A page's picture for link previews, as `image:` names it.
pub struct PageImage {
    /// As written, with its span in the file.
    pub written: Positioned<String>,
    /// The output path of the content file it names; `None` for a URL
    /// (or a file that does not exist, an error already reported).
    pub output: Option<String>,
}

pub struct Section {
    /// Folder relative to content/ ("" for the home page).
    pub dir: String,
    pub lang: String,
    /// The section's `_index.md`, where it has one.
    pub source: Option<Source>,
    pub title: String,
    /// The title is the `_index.md` text's own `# heading`.
    pub title_in_body: bool,
    pub description: Option<String>,
    pub template: Option<String>,
    /// `None` without an `_index.md` (templates see an empty object).
    pub extra: Option<Value>,
    pub path: SitePath,
    pub parent: Option<usize>,
    pub subsections: Vec<usize>,
    /// Pages directly in this section, sorted by `sort_by`.
    pub pages: Vec<usize>,
    pub sort_by: SortBy,
    pub paginate: usize,
    pub weight: i64,
    pub translations: Vec<usize>,
    /// As written in `_index.md`, with their spans.
    pub aliases: Vec<Positioned<String>>,
    /// Site-wide facts (the home page's only).
    pub facts: Vec<crate::content::facts::Fact>,
}

/// A Markdown file as read, for diagnostics and for rendering its body.
pub struct Source {
    pub file: SourceFile,
    pub text: Text,
}

/// A term's profile: content/<taxonomy>/<term>.md.
pub struct Profile {
    pub file: SourceFile,
    pub text: Text,
    pub taxonomy: String,
    pub term: String,
    pub title: String,
    pub description: Option<String>,
    pub weight: i64,
    pub extra: Value,
    pub reviewed: Option<jiff::civil::Date>,
    pub facts: Vec<crate::content::facts::Fact>,
}

pub struct Asset {
    pub source: PathBuf,
    pub output: String,
}

pub struct Alias {
    pub output: String,
    pub target: AliasTarget,
}

/// What an alias redirects to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AliasTarget {
    Page(usize),
    Section(usize),
}

/// The page or section an alias belongs to, as redirects and error
/// messages need it.
pub struct AliasOwner<'a> {
    pub path: &'a SitePath,
    pub lang: &'a str,
    pub file: &'a SourceFile,
    pub text: &'a Text,
    /// Every alias the owner writes, with its span.
    pub written: &'a [Positioned<String>],
}

impl Site {
    /// The place in `taxonomies` of taxonomy `name` in language `lang`.
    pub fn taxonomy_index(&self, name: &str, lang: &str) -> Option<usize> {
        self.taxonomies
            .iter()
            .position(|t| t.name == name && t.lang == lang)
    }

    /// Frees the text of every page once its Markdown has been rendered,
    /// for a build that will not look at it again. Profiles keep their
    /// text: their Markdown is rendered with the template values.
    pub(crate) fn release_sources(&mut self) {
        for page in &mut self.pages {
            page.text.release();
        }
    }

    /// The page or section alias `a` redirects to; `None` only for an
    /// index out of range (a section alias always has its `_index.md`).
    pub fn alias_owner(&self, a: usize) -> Option<AliasOwner<'_>> {
        match self.aliases.get(a)?.target {
            AliasTarget::Page(i) => {
                let page = self.pages.get(i)?;
                Some(AliasOwner {
                    path: &page.path,
                    lang: &page.file.lang,
                    file: &page.file,
                    text: &page.text,
                    written: &page.aliases,
                })
            }
            AliasTarget::Section(i) => {
                let section = self.sections.get(i)?;
                let source = section.source.as_ref()?;
                Some(AliasOwner {
                    path: &section.path,
                    lang: &section.lang,
                    file: &source.file,
                    text: &source.text,
                    written: &section.aliases,
                })
            }
        }
    }

    pub fn taxonomy(&self, name: &str, lang: &str) -> Option<&Taxonomy> {
        self.taxonomies
            .iter()
            .find(|t| t.name == name && t.lang == lang)
    }

    /// Page `index`'s translation in `lang`, falling back to the page itself.
    pub(crate) fn page_in_language(&self, index: usize, lang: &str) -> usize {
        let page = &self.pages[index];
        if page.file.lang == lang {
            return index;
        }
        page.translations
            .iter()
            .copied()
            .find(|&t| self.pages[t].file.lang == lang)
            .unwrap_or(index)
    }
}

impl Sortable for Page {
    fn sort_date(&self) -> Option<jiff::Timestamp> {
        self.date
    }
    fn sort_title(&self) -> &str {
        &self.title
    }
    fn sort_weight(&self) -> i64 {
        self.weight
    }
    fn sort_path(&self) -> &str {
        &self.file.rel
    }
}

pub(crate) fn sort_pages(pages: &[Page], list: &mut [usize], by: SortBy) {
    list.sort_by(|&a, &b| sort::compare(by, &pages[a], &pages[b]));
}
