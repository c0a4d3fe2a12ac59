//! Output collisions (see `output::claims`) as errors a writer can act on:
//! both sources named, reported at the file the writer put there, and the
//! fix that fits: where a static or content file stands on a file mekong
//! generates, how to replace the generated file instead.

use std::path::{Path, PathBuf};

use super::job::Unit;
use super::manifest::Made;
use crate::diagnostics::{Diagnostic, display_path};
use crate::model::Site;
use crate::model::resolve::alias_output;
use crate::output::{Collision, Kind, Origin};

/// One side of a collision, as the writer knows it.
struct Source {
    /// The file the error is reported at.
    file: PathBuf,
    /// "the page content/guides/x.md", "the static file static/robots.txt", …
    what: String,
    role: Role,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Role {
    /// A file mekong makes itself, with the template that makes it.
    Generated(&'static str),
    /// The search page of `search: true`.
    SearchPage,
    /// The search index under pagefind/.
    SearchIndex,
    /// A file copied as it is, from static/ or content/.
    Copied,
    Alias,
    /// A page, section or list the writer's files make.
    Written,
}

impl Role {
    /// Made by mekong rather than put there by the writer.
    fn is_mekongs(self) -> bool {
        matches!(
            self,
            Role::Generated(_) | Role::SearchPage | Role::SearchIndex
        )
    }
}

pub fn diagnostics(
    site: &Site,
    root: &Path,
    statics: &[PathBuf],
    made: &[Made],
    found: &[Collision],
) -> Vec<Diagnostic> {
    let files = Files {
        statics,
        rendered: made,
    };
    found
        .iter()
        .map(|c| {
            let first = source(site, root, &files, c.first, &c.path);
            let second = match &c.kind {
                Kind::Same => source(site, root, &files, c.second, &c.path),
                Kind::Folder { needs } => source(site, root, &files, c.second, needs),
            };
            let message = match &c.kind {
                Kind::Same => format!(
                    "two sources for one output file /{}: {} and {}",
                    c.path, first.what, second.what
                ),
                Kind::Folder { needs } => format!(
                    "/{} is written as a file for {}, but {} needs it as a folder (for /{needs})",
                    c.path, first.what, second.what
                ),
            };
            let help = help(&first, &second);
            // Reported at the file the writer put there, not at mekong's.
            let at = if second.role.is_mekongs() {
                first.file
            } else {
                second.file
            };
            Diagnostic::error(at, message)
                .help(help)
                .code("output collision")
        })
        .collect()
}

fn help(first: &Source, second: &Source) -> String {
    let roles = [first.role, second.role];
    let copied = [first, second].into_iter().find(|s| s.role == Role::Copied);
    let generated = roles.iter().find_map(|r| match r {
        Role::Generated(name) => Some(*name),
        _ => None,
    });
    if let (Some(name), Some(copied)) = (generated, copied) {
        return format!(
            "to replace the generated {name}, write the template templates/{name} and remove {}",
            copied.file.display()
        );
    }
    if roles.contains(&Role::Alias) {
        return "choose another path for the alias (an alias /a/b is written as /a/b/index.html)"
            .into();
    }
    if roles.contains(&Role::SearchPage) {
        return "give it another `slug:` or folder, or set `search: false` in site.yaml".into();
    }
    "rename or move one of them (a page's URL can be changed with `slug:`)".into()
}

/// The files of the run: what the site copies, and what the render made
/// (none when its templates did not load).
struct Files<'a> {
    statics: &'a [PathBuf],
    rendered: &'a [Made],
}

fn source(site: &Site, root: &Path, files: &Files<'_>, origin: Origin, path: &str) -> Source {
    match origin {
        Origin::Static(i) => {
            let file = files
                .statics
                .get(i)
                .cloned()
                .unwrap_or_else(|| "static".into());
            Source {
                what: format!("the static file {}", file.display()),
                file,
                role: Role::Copied,
            }
        }
        Origin::Asset(i) => {
            let file = site
                .assets
                .get(i)
                .map_or_else(|| "content".into(), |a| display_path(root, &a.source));
            Source {
                what: format!("the content file {}", file.display()),
                file,
                role: Role::Copied,
            }
        }
        Origin::Search => Source {
            file: "site.yaml".into(),
            what: "the search index (`search: true`)".into(),
            role: Role::SearchIndex,
        },
        Origin::Made(i) => files
            .rendered
            .get(i)
            .and_then(|made| rendered(site, made.unit, path))
            .unwrap_or_else(|| Source {
                file: "site.yaml".into(),
                what: format!("a file mekong renders at /{path}"),
                role: Role::Written,
            }),
    }
}

fn rendered(site: &Site, unit: Unit, path: &str) -> Option<Source> {
    let written = |file: PathBuf, what: String| Source {
        file,
        what,
        role: Role::Written,
    };
    let generated = |name: &'static str| Source {
        file: "site.yaml".into(),
        what: format!("the generated {name}"),
        role: Role::Generated(name),
    };
    let file_name = path.rsplit('/').next().unwrap_or(path);
    Some(match unit {
        Unit::Page(i) => {
            let shown = &site.pages.get(i)?.file.shown;
            written(shown.clone(), format!("the page {}", shown.display()))
        }
        Unit::Section(i) => {
            let section = site.sections.get(i)?;
            let shown = section.source.as_ref().map_or_else(
                || PathBuf::from("content").join(&section.dir),
                |r| r.file.shown.clone(),
            );
            written(shown.clone(), format!("the section {}", shown.display()))
        }
        Unit::Taxonomy(t) => {
            let name = &site.taxonomies.get(t)?.name;
            written(
                "site.yaml".into(),
                format!("the list of the taxonomy `{name}`"),
            )
        }
        Unit::Term(t, k) => {
            let tax = site.taxonomies.get(t)?;
            if file_name == "atom.xml" {
                generated("atom.xml")
            } else {
                let term = &tax.terms.get(k)?.slug;
                written(
                    "site.yaml".into(),
                    format!("the term `{term}` of the taxonomy `{}`", tax.name),
                )
            }
        }
        Unit::LanguageFeed(_) => generated("atom.xml"),
        Unit::Alias(a) => {
            let alias = site.aliases.get(a)?;
            let owner = site.alias_owner(a)?;
            let value = owner
                .written
                .iter()
                .find(|w| alias_output(&w.value).as_deref() == Ok(alias.output.as_str()))
                .map_or_else(|| format!("/{}", alias.output), |w| w.value.clone());
            Source {
                role: Role::Alias,
                ..written(
                    owner.file.shown.clone(),
                    format!("the alias `{value}` in {}", owner.file.shown.display()),
                )
            }
        }
        Unit::NotFound => generated("404.html"),
        Unit::SiteFiles => match file_name {
            "robots.txt" => generated("robots.txt"),
            name if name.starts_with("sitemap") => generated("sitemap.xml"),
            // The only other site file: a language's search page.
            _ => Source {
                file: "site.yaml".into(),
                what: "the search page (`search: true`)".into(),
                role: Role::SearchPage,
            },
        },
    })
}
