//! Output collisions (see `output::claims`) as errors a writer can act on:
//! both sources named, and where a static or content file stands on a file
//! mekong generates, the way to replace the generated file instead.

use std::path::{Path, PathBuf};

use super::Unit;
use crate::diagnostics::{Diagnostic, display_path};
use crate::model::Site;
use crate::model::resolve::alias_output;
use crate::output::{Collision, Kind, Origin};

/// One side of a collision, as the writer knows it.
struct Source {
    /// The file the error is reported at.
    file: PathBuf,
    /// "the page content/guides/x.md", "static/robots.txt", …
    what: String,
    /// A file mekong makes itself, and the template that makes it.
    generated: Option<&'static str>,
    /// A file copied as it is (static/ or content/).
    copied: bool,
    alias: bool,
}

pub fn diagnostics(
    site: &Site,
    root: &Path,
    statics: &[PathBuf],
    found: &[Collision],
) -> Vec<Diagnostic> {
    found
        .iter()
        .map(|c| {
            let first = source(site, root, statics, c.first, &c.path);
            let second = match &c.kind {
                Kind::Same => source(site, root, statics, c.second, &c.path),
                Kind::Folder { needs } => source(site, root, statics, c.second, needs),
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
            let (generated, copied) = match (first.generated, second.generated) {
                (Some(name), None) if second.copied => (Some(name), Some(&second)),
                (None, Some(name)) if first.copied => (Some(name), Some(&first)),
                _ => (None, None),
            };
            let help = match (generated, copied) {
                (Some(name), Some(copied)) => format!(
                    "to replace the generated {name}, write the template templates/{name} \
                     and remove {}",
                    copied.file.display()
                ),
                _ if first.alias || second.alias => {
                    "choose another path for the alias (an alias /a/b is written as /a/b/index.html)"
                        .to_string()
                }
                _ => "rename or move one of them (a page's URL can be changed with `slug:`)"
                    .to_string(),
            };
            // Reported at the file a writer put there, not at a generated one.
            let at = if second.generated.is_none() {
                second.file
            } else {
                first.file
            };
            Diagnostic::error(at, message).help(help)
        })
        .collect()
}

fn source(site: &Site, root: &Path, statics: &[PathBuf], origin: Origin, path: &str) -> Source {
    let plain = |file: PathBuf, what: String| Source {
        file,
        what,
        generated: None,
        copied: false,
        alias: false,
    };
    match origin {
        Origin::Static(i) => {
            let file = statics.get(i).cloned().unwrap_or_else(|| "static".into());
            Source {
                what: format!("the static file {}", file.display()),
                file,
                generated: None,
                copied: true,
                alias: false,
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
                generated: None,
                copied: true,
                alias: false,
            }
        }
        Origin::Search => Source {
            file: "site.yaml".into(),
            what: "the search index (`search: true`)".into(),
            generated: None,
            copied: false,
            alias: false,
        },
        Origin::Rendered(unit) => rendered(site, unit, path).unwrap_or_else(|| {
            plain(
                "site.yaml".into(),
                format!("a file mekong renders at /{path}"),
            )
        }),
    }
}

fn rendered(site: &Site, unit: Unit, path: &str) -> Option<Source> {
    let plain = |file: PathBuf, what: String| Source {
        file,
        what,
        generated: None,
        copied: false,
        alias: false,
    };
    let generated = |name: &'static str| Source {
        file: "site.yaml".into(),
        what: format!("the generated {name}"),
        generated: Some(name),
        copied: false,
        alias: false,
    };
    let file_name = path.rsplit('/').next().unwrap_or(path);
    Some(match unit {
        Unit::Page(i) => {
            let shown = &site.pages.get(i)?.raw.file.shown;
            plain(shown.clone(), format!("the page {}", shown.display()))
        }
        Unit::Section(i) => {
            let section = site.sections.get(i)?;
            let shown = section.raw.as_ref().map_or_else(
                || PathBuf::from("content").join(&section.dir),
                |r| r.file.shown.clone(),
            );
            plain(shown.clone(), format!("the section {}", shown.display()))
        }
        Unit::Taxonomy(t) => {
            let name = &site.taxonomies.get(t)?.name;
            plain(
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
                plain(
                    "site.yaml".into(),
                    format!("the term `{term}` of the taxonomy `{}`", tax.name),
                )
            }
        }
        Unit::LanguageFeed(_) => generated("atom.xml"),
        Unit::Alias(a) => {
            let alias = site.aliases.get(a)?;
            let page = site.pages.get(alias.target)?;
            let written = page
                .raw
                .aliases
                .iter()
                .find(|w| alias_output(&w.value).as_deref() == Ok(alias.output.as_str()))
                .map_or_else(|| format!("/{}", alias.output), |w| w.value.clone());
            Source {
                alias: true,
                ..plain(
                    page.raw.file.shown.clone(),
                    format!("the alias `{written}` in {}", page.raw.file.shown.display()),
                )
            }
        }
        Unit::SiteFiles => match file_name {
            "404.html" => generated("404.html"),
            "robots.txt" => generated("robots.txt"),
            name if name.starts_with("sitemap") => generated("sitemap.xml"),
            _ => plain("site.yaml".into(), format!("the search page /{path}")),
        },
    })
}
