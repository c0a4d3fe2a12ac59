//! The resolved site: what the files mean. Pages know their URL, section,
//! terms and translations; sections and terms hold sorted page lists. The
//! renderer only ever sees this model.

pub(crate) mod paginate;
pub(crate) mod path;
pub mod resolve;
pub(crate) mod sort;
pub mod taxonomy;
#[cfg(test)]
mod testing;

use std::collections::HashMap;
use std::path::PathBuf;

use jiff::civil::Date;

use crate::config::Config;
use crate::content::raw::{RawPage, RawProfile, RawSection};
use crate::markdown::Rendered;
use sort::{SortBy, Sortable};

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
    pub profiles: Vec<RawProfile>,
    /// Files under content/ copied to the output.
    pub assets: Vec<Asset>,
    /// Source path ("guides/x.md") → page index.
    pub page_by_source: HashMap<String, usize>,
    /// Source paths of drafts left out of this build.
    pub draft_sources: Vec<String>,
    /// Source path of an asset → its output path.
    pub asset_by_source: HashMap<String, String>,
    /// (folder, language) → section index: ("guides", "en").
    pub section_by_dir: HashMap<(String, String), usize>,
    pub aliases: Vec<Alias>,
}

pub struct Page {
    pub raw: RawPage,
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
    pub rendered: Rendered,
}

pub struct Section {
    /// Folder relative to content/ ("" for the home page).
    pub dir: String,
    pub lang: String,
    pub raw: Option<RawSection>,
    pub title: String,
    pub path: SitePath,
    pub parent: Option<usize>,
    pub subsections: Vec<usize>,
    /// Pages directly in this section, sorted by `sort_by`.
    pub pages: Vec<usize>,
    pub sort_by: SortBy,
    pub paginate: usize,
    pub weight: i64,
    pub rendered: Rendered,
    pub translations: Vec<usize>,
}

pub struct Asset {
    pub source: PathBuf,
    pub output: String,
}

pub struct Alias {
    pub output: String,
    pub target: usize,
}

impl Site {
    /// Frees the text of every page once its Markdown has been rendered,
    /// and the ids and links kept for `check`, for a build that will not
    /// look at them again. Profiles keep their text: their Markdown is
    /// rendered with the template values.
    pub(crate) fn release_sources(&mut self) {
        for page in &mut self.pages {
            page.raw.text.release();
            page.rendered.ids = Vec::new();
            page.rendered.links = Vec::new();
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
        if page.raw.file.lang == lang {
            return index;
        }
        page.translations
            .iter()
            .copied()
            .find(|&t| self.pages[t].raw.file.lang == lang)
            .unwrap_or(index)
    }
}

impl Sortable for Page {
    fn sort_date(&self) -> jiff::Timestamp {
        self.raw.date
    }
    fn sort_title(&self) -> &str {
        &self.raw.title
    }
    fn sort_weight(&self) -> i64 {
        self.raw.weight
    }
    fn sort_path(&self) -> &str {
        &self.raw.file.rel
    }
}

pub(crate) fn sort_pages(pages: &[Page], list: &mut [usize], by: SortBy) {
    list.sort_by(|&a, &b| sort::compare(by, &pages[a], &pages[b]));
}
