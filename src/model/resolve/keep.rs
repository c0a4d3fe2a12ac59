//! Which pages this build keeps: drafts (and everything in a draft
//! section) stay out unless `--drafts`, and folders holding an index.md
//! are page bundles, not sections.

use std::collections::BTreeSet;

use super::under;
use crate::content::raw::{RawPage, RawSection};
use crate::diagnostics::{Diagnostic, Diagnostics};

/// Folders that are not ordinary sections.
pub(crate) struct Folders {
    /// Folders holding an index.md; never content/ itself (refused in `keep`).
    pub bundles: BTreeSet<String>,
    /// Draft sections left out of this build.
    drafts: Vec<String>,
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
        }
    }

    pub(crate) fn in_bundle(&self, dir: &str) -> bool {
        self.bundles.iter().any(|b| under(dir, b))
    }

    pub(crate) fn in_draft(&self, dir: &str) -> bool {
        self.drafts.iter().any(|d| under(dir, d))
    }
}

/// The pages to build, sorted by source path, and the source paths of the
/// drafts left out.
pub(crate) fn keep(
    pages: Vec<RawPage>,
    folders: &Folders,
    drafts: bool,
    diagnostics: &mut Diagnostics,
) -> (Vec<RawPage>, Vec<String>) {
    let mut left_out = Vec::new();
    let mut kept = Vec::new();
    for page in pages {
        if page.is_bundle && page.file.dir.is_empty() {
            // A bundle whose folder is content/ itself would own every file
            // of the site as its assets.
            diagnostics.push(root_bundle(&page));
        } else if (page.draft || folders.in_draft(&page.file.dir)) && !drafts {
            left_out.push(page.file.rel.clone());
        } else {
            kept.push(page);
        }
    }
    kept.sort_by(|a, b| a.file.rel.cmp(&b.file.rel));
    (kept, left_out)
}

/// `content/index.md`: not (yet) the home page, and not a bundle either.
fn root_bundle(page: &RawPage) -> Diagnostic {
    let name = page.file.rel.as_str();
    let section = name.replacen("index", "_index", 1);
    Diagnostic::error(
        &page.file.shown,
        format!(
            "content/{name} cannot be used: an index.md makes its folder a page bundle, \
             and content/ itself cannot be one"
        ),
    )
    .help(format!(
        "the home page is content/{section}: rename this file to content/{section}"
    ))
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
        let mut diagnostics = Diagnostics::default();
        let (kept, out) = keep(raw.pages, &folders, false, &mut diagnostics);
        let kept: Vec<&str> = kept.iter().map(|p| p.file.rel.as_str()).collect();
        assert_eq!(kept, ["a.md", "x/index.md"]);
        assert_eq!(out.len(), 2);
    }

    #[test]
    fn with_drafts_everything_is_kept_but_a_root_bundle() {
        let (_, raw) = raw(&[("b.md", DRAFT), ("index.md", PAGE)]);
        let folders = Folders::new(&raw.pages, &raw.sections, true);
        let mut diagnostics = Diagnostics::default();
        let (kept, out) = keep(raw.pages, &folders, true, &mut diagnostics);
        assert_eq!(kept.len(), 1);
        assert!(out.is_empty());
        assert!(diagnostics.has_errors());
    }
}
