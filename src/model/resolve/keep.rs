//! Which pages this build keeps: drafts (and everything in a draft
//! section) stay out unless `--drafts`; folders holding a bundle page are
//! bundles, and folders with no Markdown below them hold only assets:
//! neither is a section.

use std::collections::{BTreeSet, HashSet};

use super::under;
use crate::content::raw::{RawPage, RawSection};

/// Folders that are not ordinary sections.
pub(crate) struct Folders {
    /// Folders holding a bundle page; never content/ itself (its index.md
    /// is the home page's).
    pub bundles: BTreeSet<String>,
    /// Draft sections left out of this build.
    drafts: Vec<String>,
    /// Folders with a page or section file in them or below (drafts too).
    markdown: HashSet<String>,
}

impl Folders {
    pub fn new(pages: &[RawPage], sections: &[RawSection], drafts: bool) -> Folders {
        Folders {
            bundles: pages
                .iter()
                .filter(|p| p.is_bundle && !p.file.dir.is_empty())
                .map(|p| p.file.dir.clone())
                .collect(),
            drafts: sections
                .iter()
                .filter(|s| s.draft && !drafts)
                .map(|s| s.file.dir.clone())
                .collect(),
            markdown: with_ancestors(
                pages
                    .iter()
                    .map(|p| &p.file.dir)
                    .chain(sections.iter().map(|s| &s.file.dir)),
            ),
        }
    }

    /// Whether folder `dir` has Markdown in it or below; one without is an
    /// asset folder.
    pub(crate) fn holds_markdown(&self, dir: &str) -> bool {
        self.markdown.contains(dir)
    }

    pub(crate) fn in_bundle(&self, dir: &str) -> bool {
        self.bundles.iter().any(|b| under(dir, b))
    }

    pub(crate) fn in_draft(&self, dir: &str) -> bool {
        self.drafts.iter().any(|d| under(dir, d))
    }
}

/// Every folder of `dirs` and every folder above it.
fn with_ancestors<'a>(dirs: impl Iterator<Item = &'a String>) -> HashSet<String> {
    let mut out = HashSet::from([String::new()]);
    for dir in dirs {
        if out.contains(dir) {
            continue;
        }
        for (end, _) in dir.match_indices('/') {
            out.insert(dir[..end].to_string());
        }
        out.insert(dir.clone());
    }
    out
}

/// The pages to build, sorted by source path, and the source paths of the
/// drafts left out.
pub(crate) fn keep(
    pages: Vec<RawPage>,
    folders: &Folders,
    drafts: bool,
) -> (Vec<RawPage>, Vec<String>) {
    let mut left_out = Vec::new();
    let mut kept = Vec::new();
    for page in pages {
        if (page.draft || folders.in_draft(&page.file.dir)) && !drafts {
            left_out.push(page.file.rel.clone());
        } else {
            kept.push(page);
        }
    }
    kept.sort_by(|a, b| a.file.rel.cmp(&b.file.rel));
    (kept, left_out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::testing::raw;

    const PAGE: &str = "---\ntitle: T\n---\n";
    const DRAFT: &str = "---\ntitle: T\ndraft: true\n---\n";

    #[test]
    fn drafts_and_draft_sections_stay_out() {
        let (_, raw) = raw(&[
            ("a.md", PAGE),
            ("b.md", DRAFT),
            ("old/_index.md", DRAFT),
            ("old/c.md", PAGE),
            ("x/index.md", PAGE),
        ]);
        let folders = Folders::new(&raw.pages, &raw.sections, false);
        assert!(folders.in_bundle("x") && folders.in_bundle("x/y") && !folders.in_bundle("xy"));
        assert!(folders.in_draft("old/deeper") && !folders.in_draft("older"));
        let (kept, out) = keep(raw.pages, &folders, false);
        let kept: Vec<&str> = kept.iter().map(|p| p.file.rel.as_str()).collect();
        assert_eq!(kept, ["a.md", "x/index.md"]);
        assert_eq!(out.len(), 2);
    }

    #[test]
    fn with_drafts_everything_is_kept() {
        let (_, raw) = raw(&[
            ("b.md", DRAFT),
            ("old/_index.md", DRAFT),
            ("old/c.md", PAGE),
        ]);
        let folders = Folders::new(&raw.pages, &raw.sections, true);
        let (kept, out) = keep(raw.pages, &folders, true);
        assert_eq!(kept.len(), 2);
        assert!(out.is_empty() && !folders.in_draft("old"));
    }

    #[test]
    fn folders_without_markdown_below_them_hold_only_assets() {
        let (_, raw) = raw(&[
            ("a/b/c/p.md", PAGE),
            ("a/img/x.png", ""),
            ("s/_index.md", ""),
            ("d/q.md", DRAFT),
            ("team.md", PAGE),
            ("team/photo.jpg", ""),
        ]);
        let folders = Folders::new(&raw.pages, &raw.sections, false);
        for dir in ["", "a", "a/b", "a/b/c", "s", "d"] {
            assert!(folders.holds_markdown(dir), "{dir}");
        }
        for dir in ["a/img", "team", "a/b/c/d", "ab"] {
            assert!(!folders.holds_markdown(dir), "{dir}");
        }
    }
}
