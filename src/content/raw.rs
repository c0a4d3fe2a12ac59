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
    /// Set while the body is left on disk (`defer`): the hash of the
    /// whole file as it was read, to find it unchanged when read again.
    pub(crate) deferred: Option<u64>,
}

impl Text {
    /// The Markdown body; empty while it is left on disk (`defer`).
    pub fn body(&self) -> &str {
        self.source.get(self.body.clone()).unwrap_or("")
    }

    /// Lets go of the body and keeps the front matter (every span the
    /// model reports into lies there), for a one-shot build that reads
    /// the body again when its Markdown is rendered (`restore`): held
    /// from the walk on, every page's body was most of the build's peak.
    pub(crate) fn defer(&mut self) {
        if self.deferred.is_some() || self.body.is_empty() {
            return;
        }
        self.deferred = Some(xxhash_rust::xxh3::xxh3_64(self.source.as_bytes()));
        self.source = Arc::from(&self.source[..self.body.start]);
    }

    /// Reads the body `defer` left on disk again, from `file`; an error
    /// when the file is no longer what the build read (the build then
    /// fails: its pages would disagree with the model).
    pub(crate) fn restore(
        &mut self,
        file: &SourceFile,
    ) -> Result<(), crate::diagnostics::Diagnostic> {
        let Some(hash) = self.deferred else {
            return Ok(());
        };
        let source = crate::source::read_text(&file.abs, &file.shown)?;
        if source.len() != self.body.end || xxhash_rust::xxh3::xxh3_64(source.as_bytes()) != hash {
            return Err(crate::diagnostics::Diagnostic::error(
                &file.shown,
                "the file changed while the site was being built",
            )
            .help("build again once the file is saved"));
        }
        self.source = source;
        self.deferred = None;
        Ok(())
    }

    /// Lets go of the file's text (diagnostics made from it hold their own
    /// reference); what remains is an empty text with an empty body.
    pub(crate) fn release(&mut self) {
        self.source = Arc::from("");
        self.body = 0..0;
        self.deferred = None;
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

#[cfg(test)]
mod tests {
    use super::*;

    fn file(abs: &std::path::Path) -> SourceFile {
        SourceFile {
            rel: "a.md".into(),
            shown: PathBuf::from("content/a.md"),
            abs: abs.to_path_buf(),
            lang: "en".into(),
            dir: String::new(),
            stem: "a".into(),
        }
    }

    fn deferred(written: &str) -> (tempfile::TempDir, SourceFile, Text) {
        let dir = tempfile::tempdir().unwrap();
        let abs = dir.path().join("a.md");
        std::fs::write(&abs, written).unwrap();
        let mut text = Text {
            source: Arc::from(written),
            body: written.find("# ").unwrap()..written.len(),
            deferred: None,
        };
        text.defer();
        (dir, file(&abs), text)
    }

    #[test]
    fn a_deferred_body_is_read_again_as_it_was() {
        let written = "---\ntitle: A\n---\n# Heading\n\nText.\n";
        let (_dir, file, mut text) = deferred(written);
        assert_eq!(&*text.source, "---\ntitle: A\n---\n");
        assert_eq!(text.body(), "");
        text.restore(&file).unwrap();
        assert_eq!(&*text.source, written);
        assert_eq!(text.body(), "# Heading\n\nText.\n");
    }

    #[test]
    fn a_file_changed_before_its_body_is_read_again_is_an_error() {
        let written = "---\ntitle: A\n---\n# Heading\n\nText.\n";
        for changed in [
            "---\ntitle: A\n---\n# Heading\n\nTexT.\n",
            "---\ntitle: A\n---\n# Heading\n",
        ] {
            let (_dir, file, mut text) = deferred(written);
            std::fs::write(&file.abs, changed).unwrap();
            let error = text.restore(&file).unwrap_err();
            assert!(error.is_error());
            assert!(error.message.contains("changed while"), "{error:?}");
            // Nothing of the new text is taken.
            assert_eq!(text.body(), "");
        }
        let (dir, file, mut text) = deferred(written);
        drop(dir);
        assert!(
            text.restore(&file)
                .unwrap_err()
                .message
                .contains("cannot read")
        );
    }
}
