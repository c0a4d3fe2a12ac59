//! What the files say, checked for shape but not yet resolved: no URLs, no
//! sorting, no links between pages.

use std::ops::Range;
use std::path::PathBuf;
use std::sync::Arc;

use jiff::Timestamp;
use jiff::civil::Date;
use serde_yaml::Value;

use crate::config::SortBy;

/// Kinds of file under content/, decided by name and place alone.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileKind {
    Page,
    BundlePage,
    Section,
    Profile,
    Asset,
}

/// A file under content/, with its place in the tree.
#[derive(Debug, Clone)]
pub struct SourceFile {
    /// Path relative to content/, `/`-separated: "guides/cancel-sim.en.md".
    pub rel: String,
    /// Path shown in diagnostics, relative to the site root.
    pub shown: PathBuf,
    pub abs: PathBuf,
    pub lang: String,
    /// Folder relative to content/ ("" for the root).
    pub dir: String,
    /// File name without language suffix and `.md`: "cancel-sim", "_index", "index".
    pub stem: String,
}

/// The text of a Markdown file, shared by every diagnostic that points into it.
#[derive(Debug, Clone)]
pub struct Text {
    pub source: Arc<str>,
    /// Byte range of the Markdown body (after the front matter).
    pub body: Range<usize>,
}

impl Text {
    pub fn body(&self) -> &str {
        &self.source[self.body.clone()]
    }

    /// Lets go of the file's text (diagnostics made from it hold their own
    /// reference); what remains is an empty text with an empty body.
    pub(crate) fn release(&mut self) {
        self.source = Arc::from("");
        self.body = 0..0;
    }
}

#[derive(Debug, Clone)]
pub struct RawPage {
    pub file: SourceFile,
    pub text: Text,
    /// `None`: the model takes the first `# heading`, else the file name.
    pub title: Option<String>,
    pub description: Option<String>,
    /// `None`: an undated page (shows no date, sorts last, not in feeds).
    pub date: Option<Timestamp>,
    pub updated: Option<Timestamp>,
    pub reviewed: Option<Date>,
    pub author: Option<String>,
    pub slug: Option<String>,
    pub draft: bool,
    pub weight: i64,
    pub aliases: Vec<Positioned<String>>,
    pub template: Option<String>,
    /// `image:`: the page's picture for link previews, as written (a path
    /// relative to the page, like a Markdown image, or a URL).
    pub image: Option<Positioned<String>>,
    pub extra: Value,
    /// Taxonomy name → the terms as written, with their spans.
    pub terms: Vec<(String, Vec<Positioned<String>>)>,
    pub is_bundle: bool,
    /// Unknown keys kept under `extra` (`unknown_keys: extra`), for the
    /// one warning that counts them.
    pub kept_keys: Vec<String>,
}

#[derive(Debug, Clone)]
pub struct RawSection {
    pub file: SourceFile,
    pub text: Text,
    pub title: Option<String>,
    pub description: Option<String>,
    pub sort_by: SortBy,
    pub paginate: usize,
    pub template: Option<String>,
    pub weight: i64,
    pub extra: Value,
    pub draft: bool,
    pub aliases: Vec<Positioned<String>>,
    /// Unknown keys kept under `extra`, as for pages.
    pub kept_keys: Vec<String>,
    /// Site-wide facts (the home page's `_index.md` only).
    pub facts: Vec<super::facts::Fact>,
}

/// content/<taxonomy>/<term>.md
#[derive(Debug, Clone)]
pub struct RawProfile {
    pub file: SourceFile,
    pub text: Text,
    pub taxonomy: String,
    pub term: String,
    pub title: String,
    pub description: Option<String>,
    pub weight: i64,
    pub extra: Value,
    /// When the profile's facts were last checked as a whole.
    pub reviewed: Option<jiff::civil::Date>,
    pub facts: Vec<super::facts::Fact>,
}

/// A value with the byte span it came from, for errors found later.
#[derive(Debug, Clone)]
pub struct Positioned<T> {
    pub value: T,
    pub span: Range<usize>,
}

/// A Markdown file as loaded: what it says, when its front matter could
/// be read at all (even with errors in its fields, so its links are still
/// checked in the same run), and every error and warning found in it.
#[derive(Debug, Default)]
pub struct Loaded {
    pub item: Option<RawItem>,
    pub diagnostics: Vec<crate::diagnostics::Diagnostic>,
}

impl Loaded {
    pub(crate) fn failed(diagnostics: Vec<crate::diagnostics::Diagnostic>) -> Loaded {
        Loaded {
            item: None,
            diagnostics,
        }
    }

    /// Whether any of the diagnostics is an error.
    pub fn has_errors(&self) -> bool {
        self.diagnostics.iter().any(|d| d.is_error())
    }
}

#[derive(Debug, Clone)]
pub enum RawItem {
    Page(Box<RawPage>),
    Section(Box<RawSection>),
    Profile(Box<RawProfile>),
}

/// Everything under content/, static/ and the theme's static/, as found.
#[derive(Debug, Default, Clone)]
pub struct RawSite {
    pub pages: Vec<RawPage>,
    pub sections: Vec<RawSection>,
    pub profiles: Vec<RawProfile>,
    /// Non-Markdown files under content/.
    pub assets: Vec<SourceFile>,
    /// Every folder under content/ (relative, "" for the root), sorted.
    pub dirs: Vec<String>,
}

impl RawSite {
    /// Adds what a file held, and its diagnostics.
    pub(crate) fn add(
        &mut self,
        loaded: Loaded,
        diagnostics: &mut crate::diagnostics::Diagnostics,
    ) {
        match loaded.item {
            Some(RawItem::Page(page)) => self.pages.push(*page),
            Some(RawItem::Section(section)) => self.sections.push(*section),
            Some(RawItem::Profile(profile)) => self.profiles.push(*profile),
            None => {}
        }
        diagnostics.extend(loaded.diagnostics);
    }
}
