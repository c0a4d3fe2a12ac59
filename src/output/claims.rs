//! One output path, one source. Everything a build produces is claimed
//! with what produced it; before anything is written the claims are
//! checked against each other once: a path claimed twice, or a file that
//! another output needs as a folder (`guides` beside `guides/x/index.html`),
//! is a collision that names both sources. Left unchecked, the later claim
//! silently replaced the earlier one, or the two writes raced.
//!
//! The check sorts the claims by path (which also lets the output map be
//! built in one pass from sorted input) and walks them once: no lookup per
//! ancestor folder and no allocation per path.

use std::collections::BTreeMap;
use std::path::PathBuf;

use super::{Content, Outputs};

/// What produced an output file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Origin {
    /// A page, section, taxonomy, term, feed, alias or site file (404,
    /// sitemap, robots) rendered from the model, by its place in the
    /// render's manifest. Opaque here: output sits below render and knows
    /// nothing of units; render names the source when it reports.
    Made(usize),
    /// A file of the site's or the theme's static/, by its place in
    /// `Claims::statics`.
    Static(usize),
    /// A file under content/, by its place in `Site::assets`.
    Asset(usize),
    /// The search index and its stamp.
    Search,
}

/// Two claims on one path, or on a file and a folder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Collision {
    /// The path both want; for `Kind::Folder`, the file's path.
    pub path: String,
    pub first: Origin,
    pub second: Origin,
    pub kind: Kind,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Kind {
    /// Both claim the same file.
    Same,
    /// `first` claims `path` as a file; `second` claims `needs`, which
    /// lies inside `path` as a folder.
    Folder { needs: String },
}

struct Claim {
    path: String,
    content: Content,
    origin: Origin,
}

/// The outputs of a build as they are produced, before they are checked.
#[derive(Default)]
pub(crate) struct Claims {
    list: Vec<Claim>,
    /// Static files' paths as shown to the user (`static/robots.txt`,
    /// `themes/x/static/style.css`).
    pub statics: Vec<PathBuf>,
}

impl Claims {
    pub(crate) fn claim(&mut self, path: String, content: Content, origin: Origin) {
        self.list.push(Claim {
            path,
            content,
            origin,
        });
    }

    /// A static file: its shown path is kept for naming it in a collision.
    pub(crate) fn claim_static(&mut self, path: String, content: Content, shown: PathBuf) {
        let origin = Origin::Static(self.statics.len());
        self.statics.push(shown);
        self.claim(path, content, origin);
    }

    /// The outputs, and every collision among the claims. With collisions
    /// the outputs are incomplete and must not be written.
    pub(crate) fn settle(mut self) -> (Outputs, Vec<Collision>) {
        // Stable: of two claims on one path, the first made stays first.
        self.list.sort_by(|a, b| a.path.cmp(&b.path));
        let collisions = collisions(&self.list);
        let files: BTreeMap<String, Content> =
            self.list.into_iter().map(|c| (c.path, c.content)).collect();
        (Outputs { files }, collisions)
    }
}

/// Collisions among claims sorted by path.
fn collisions(sorted: &[Claim]) -> Vec<Collision> {
    let mut found = Vec::new();
    // Claims whose path is a prefix of the current one, shortest first.
    // Every path starting with P sorts in one run right after P, so a
    // claim that is not a prefix of the current path is a prefix of no
    // later one either and leaves the stack for good.
    let mut prefixes: Vec<usize> = Vec::new();
    // Files already reported as needed for a folder: once each, not once
    // per file inside.
    let mut reported: Vec<usize> = Vec::new();
    for (i, claim) in sorted.iter().enumerate() {
        if let Some(previous) = i.checked_sub(1).map(|p| &sorted[p])
            && previous.path == claim.path
        {
            let first = sorted[..i]
                .iter()
                .rev()
                .take_while(|c| c.path == claim.path)
                .last()
                .map_or(previous.origin, |c| c.origin);
            found.push(Collision {
                path: claim.path.clone(),
                first,
                second: claim.origin,
                kind: Kind::Same,
            });
        }
        while let Some(&top) = prefixes.last() {
            if claim.path.starts_with(sorted[top].path.as_str()) {
                break;
            }
            prefixes.pop();
        }
        for &file in &prefixes {
            let cut = sorted[file].path.len();
            if claim.path.as_bytes().get(cut) == Some(&b'/') && !reported.contains(&file) {
                reported.push(file);
                found.push(Collision {
                    path: sorted[file].path.clone(),
                    first: sorted[file].origin,
                    second: claim.origin,
                    kind: Kind::Folder {
                        needs: claim.path.clone(),
                    },
                });
            }
        }
        prefixes.push(i);
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    fn settle(paths: &[(&str, Origin)]) -> Vec<Collision> {
        let mut claims = Claims::default();
        for (path, origin) in paths {
            claims.claim(path.to_string(), Content::Bytes(Vec::new()), *origin);
        }
        claims.settle().1
    }

    const PAGE: Origin = Origin::Made(0);
    const OTHER: Origin = Origin::Made(1);
    const FILES: Origin = Origin::Made(2);

    #[test]
    fn distinct_paths_do_not_collide() {
        let found = settle(&[
            ("guides/index.html", PAGE),
            ("guides-x/index.html", OTHER),
            ("guides.xml", OTHER),
            ("guides/a/index.html", OTHER),
            ("robots.txt", FILES),
        ]);
        assert_eq!(found, []);
    }

    #[test]
    fn a_path_claimed_twice_names_both_in_claim_order() {
        let found = settle(&[
            ("robots.txt", FILES),
            ("a/index.html", PAGE),
            ("robots.txt", Origin::Static(0)),
        ]);
        assert_eq!(
            found,
            [Collision {
                path: "robots.txt".into(),
                first: FILES,
                second: Origin::Static(0),
                kind: Kind::Same,
            }]
        );
    }

    #[test]
    fn a_file_needed_as_a_folder_collides_once() {
        // Names sorting between `guides` and `guides/` (`guides-x`,
        // `guides.txt`) must not hide the folder.
        let found = settle(&[
            ("guides/a/index.html", PAGE),
            ("guides", Origin::Static(0)),
            ("guides-x/index.html", OTHER),
            ("guides.txt", OTHER),
            ("guides/b/index.html", OTHER),
        ]);
        assert_eq!(
            found,
            [Collision {
                path: "guides".into(),
                first: Origin::Static(0),
                second: PAGE,
                kind: Kind::Folder {
                    needs: "guides/a/index.html".into()
                },
            }]
        );
    }

    #[test]
    fn an_alias_under_a_generated_file_collides() {
        let found = settle(&[
            ("robots.txt", FILES),
            ("robots.txt/index.html", Origin::Made(3)),
        ]);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].path, "robots.txt");
    }

    #[test]
    fn multi_byte_names_are_compared_whole() {
        let found = settle(&[
            ("图/index.html", PAGE),
            ("图片", Origin::Asset(0)),
            ("图", Origin::Asset(1)),
        ]);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].path, "图");
    }
}
