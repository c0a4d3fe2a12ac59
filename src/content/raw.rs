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
    pub title: String,
    pub description: Option<String>,
    pub date: Timestamp,
    pub updated: Option<Timestamp>,
    pub reviewed: Option<Date>,
    pub author: Option<String>,
    pub slug: Option<String>,
    pub draft: bool,
    pub weight: i64,
    pub aliases: Vec<Positioned<String>>,
    pub template: Option<String>,
    pub extra: Value,
    /// Taxonomy name → the terms as written, with their spans.
    pub terms: Vec<(String, Vec<Positioned<String>>)>,
    pub is_bundle: bool,
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
}

/// A value with the byte span it came from, for errors found later.
#[derive(Debug, Clone)]
pub struct Positioned<T> {
    pub value: T,
    pub span: Range<usize>,
}

#[derive(Debug, Clone)]
pub enum RawItem {
    Page(Box<RawPage>),
    Section(Box<RawSection>),
    Profile(Box<RawProfile>),
}

/// Everything under content/, static/ and the theme's static/, as found.
#[derive(Debug, Default)]
pub struct RawSite {
    pub pages: Vec<RawPage>,
    pub sections: Vec<RawSection>,
    pub profiles: Vec<RawProfile>,
    /// Non-Markdown files under content/.
    pub assets: Vec<SourceFile>,
    /// Every folder under content/ (relative, "" for the root), sorted.
    pub dirs: Vec<String>,
}
