//! Finding and loading templates: the built-in ones (feed, sitemap,
//! robots), then the theme's, then the site's own templates/ — a later file
//! of the same name replaces an earlier one. The default theme is compiled
//! into the binary, so `theme: default` works in any folder.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use include_dir::{Dir, include_dir};

use crate::config::Config;
use crate::diagnostics::{Diagnostic, did_you_mean};
use crate::source::ThemeFile;

pub static DEFAULT_THEME: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/themes/default");

const BUILTINS: &[(&str, &str)] = &[
    ("atom.xml", include_str!("builtin/atom.xml")),
    ("sitemap.xml", include_str!("builtin/sitemap.xml")),
    (
        "sitemap_index.xml",
        include_str!("builtin/sitemap_index.xml"),
    ),
    ("robots.txt", include_str!("builtin/robots.txt")),
    ("alias.html", include_str!("builtin/alias.html")),
];

/// The template names a site must be able to render.
pub const REQUIRED: &[&str] = &[
    "index.html",
    "section.html",
    "page.html",
    "taxonomy.html",
    "term.html",
    "404.html",
];

/// A template's text and where it came from.
pub struct Source {
    pub shown: PathBuf,
    pub text: Arc<str>,
}

/// Where a theme's files live: on disk, or the copy compiled in.
pub(crate) enum Theme {
    None,
    Dir(Folder),
    Embedded,
}

/// A folder of templates/, static/ and i18n/ on disk (a theme's, or the
/// site's own), read only where its real location stays inside the site.
pub(crate) struct Folder {
    pub path: PathBuf,
    /// The site root, symlinks resolved.
    site: PathBuf,
}

/// The folders whose files a build reads from a theme and from the site.
const READ: &[&str] = &["templates", "static", "i18n"];

impl Theme {
    /// The site's own templates/, static/ and i18n/, read like a theme's.
    pub fn site(root: &Path) -> Theme {
        Theme::Dir(Folder {
            path: root.to_path_buf(),
            site: real(root),
        })
    }

    /// The theme site.yaml names. A theme folder, or a link inside it or
    /// in the site's own templates/, static/ or i18n/, whose real location
    /// leaves the site is an error: nothing outside the site is loaded or
    /// published.
    pub(crate) fn locate(root: &Path, config: &Config) -> Result<Theme, Vec<Diagnostic>> {
        let site = real(root);
        let theme = Theme::named(root, config, &site).map_err(|d| vec![d])?;
        let mut errors = Vec::new();
        for folder in [&theme, &Theme::site(root)] {
            for sub in READ {
                for (link, target) in folder.walk(sub).1 {
                    let shown = crate::diagnostics::display_path(root, &link);
                    errors.push(leads_outside(shown, &target));
                }
            }
        }
        if errors.is_empty() {
            Ok(theme)
        } else {
            Err(errors)
        }
    }

    fn named(root: &Path, config: &Config, site: &Path) -> Result<Theme, Diagnostic> {
        let Some(name) = &config.theme else {
            return Ok(Theme::None);
        };
        // site.yaml's check makes `name` one folder name: `themes/<name>`
        // is a child of themes/ as written; a link may still lead away.
        let dir = root.join("themes").join(name);
        if dir.is_dir() {
            let target = real(&dir);
            if !target.starts_with(site) {
                let shown = PathBuf::from("themes").join(name);
                return Err(leads_outside(shown, &target));
            }
            return Ok(Theme::Dir(Folder {
                path: dir,
                site: site.to_path_buf(),
            }));
        }
        if name == "default" {
            return Ok(Theme::Embedded);
        }
        let mut known = vec!["default".to_string()];
        if let Ok(entries) = std::fs::read_dir(root.join("themes")) {
            known.extend(
                entries
                    .flatten()
                    .filter(|e| e.path().is_dir())
                    .map(|e| e.file_name().to_string_lossy().into_owned()),
            );
        }
        Err(
            Diagnostic::error("site.yaml", format!("theme `{name}` not found in themes/"))
                .help_opt(
                    did_you_mean(name, known.iter().map(String::as_str))
                        .map(|h| format!("did you mean `{h}`?")),
                ),
        )
    }

    /// Files under the theme's `sub` folder: (path inside it, bytes).
    pub fn files(&self, sub: &str) -> Vec<(String, ThemeFile)> {
        match self {
            Theme::None => Vec::new(),
            Theme::Dir(_) => self.walk(sub).0,
            Theme::Embedded => {
                let mut out = Vec::new();
                if let Some(dir) = DEFAULT_THEME.get_dir(sub) {
                    collect_embedded(dir, sub, &mut out);
                }
                out.sort_by(|a, b| a.0.cmp(&b.0));
                out
            }
        }
    }

    /// The files under `sub` whose real location is inside the site, and
    /// the links (with their targets) that lead out of it, not followed.
    #[allow(clippy::type_complexity)]
    fn walk(&self, sub: &str) -> (Vec<(String, ThemeFile)>, Vec<(PathBuf, PathBuf)>) {
        let Theme::Dir(folder) = self else {
            return (Vec::new(), Vec::new());
        };
        let base = folder.path.join(sub);
        let mut outside = Vec::new();
        if !base.exists() {
            return (Vec::new(), outside);
        }
        // The folder itself may be a link (static -> /elsewhere).
        let target = real(&base);
        if !target.starts_with(&folder.site) {
            outside.push((base, target));
            return (Vec::new(), outside);
        }
        let mut files = Vec::new();
        let walker = walkdir::WalkDir::new(&base)
            .follow_links(true)
            .sort_by_file_name()
            .into_iter()
            .filter_entry(|e| {
                if !e.path_is_symlink() {
                    return true;
                }
                let target = real(e.path());
                let inside = target.starts_with(&folder.site);
                if !inside {
                    outside.push((e.path().to_path_buf(), target));
                }
                inside
            });
        for e in walker.flatten() {
            if !e.file_type().is_file() || e.file_name().to_string_lossy().starts_with('.') {
                continue;
            }
            let Some(rel) = e.path().strip_prefix(&base).ok().and_then(Path::to_str) else {
                continue;
            };
            files.push((
                rel.replace('\\', "/"),
                ThemeFile::Disk(e.path().to_path_buf()),
            ));
        }
        (files, outside)
    }

    pub(crate) fn shown(&self, sub: &str, rel: &str) -> PathBuf {
        match self {
            Theme::Dir(folder) => folder.path.join(sub).join(rel),
            _ => PathBuf::from(format!("<built-in default theme>/{sub}/{rel}")),
        }
    }
}

/// `path` with every symlink resolved; a link that resolves nowhere stays
/// as written, which no site root starts with once the root is resolved.
fn real(path: &Path) -> PathBuf {
    path.canonicalize().unwrap_or_else(|_| path.to_path_buf())
}

fn leads_outside(shown: PathBuf, target: &Path) -> Diagnostic {
    Diagnostic::error(
        &shown,
        format!(
            "{} leads outside the site (to {}); its files are not read",
            shown.display(),
            target.display()
        ),
    )
    .help("copy the theme or file into the site (themes/<name>/), or remove the link")
}

fn collect_embedded(dir: &'static Dir<'static>, sub: &str, out: &mut Vec<(String, ThemeFile)>) {
    for file in dir.files() {
        let rel = file.path().to_string_lossy().replace('\\', "/");
        let rel = rel
            .strip_prefix(&format!("{sub}/"))
            .unwrap_or(&rel)
            .to_string();
        out.push((rel, ThemeFile::Embedded(file.contents())));
    }
    for child in dir.dirs() {
        collect_embedded(child, sub, out);
    }
}

/// Every template by name, site files over theme files over built-ins.
pub(crate) fn sources(
    root: &Path,
    theme: &Theme,
) -> Result<BTreeMap<String, Source>, Vec<Diagnostic>> {
    let mut out: BTreeMap<String, Source> = BTreeMap::new();
    let mut errors = Vec::new();
    for (name, text) in BUILTINS {
        out.insert(
            name.to_string(),
            Source {
                shown: PathBuf::from(format!("<built-in>/{name}")),
                text: Arc::from(*text),
            },
        );
    }
    for (rel, file) in theme.files("templates") {
        let shown = crate::diagnostics::display_path(root, &theme.shown("templates", &rel));
        match file.read().map(String::from_utf8) {
            Ok(Ok(text)) => {
                out.insert(
                    rel,
                    Source {
                        shown,
                        text: Arc::from(text),
                    },
                );
            }
            _ => errors.push(Diagnostic::error(
                shown,
                "template is not readable UTF-8 text",
            )),
        }
    }
    for (rel, _) in Theme::site(root).files("templates") {
        let path = root.join("templates").join(&rel);
        let shown = PathBuf::from("templates").join(&rel);
        match crate::source::read_text(&path, &shown) {
            Ok(text) => {
                out.insert(rel, Source { shown, text });
            }
            Err(d) => errors.push(d),
        }
    }
    for name in REQUIRED {
        if !out.contains_key(*name) {
            errors.push(
                Diagnostic::error(
                    format!("templates/{name}"),
                    format!("template `{name}` is missing"),
                )
                .help("set `theme: default` in site.yaml, or add the template to templates/"),
            );
        }
    }
    if errors.is_empty() {
        Ok(out)
    } else {
        Err(errors)
    }
}

/// Turns a Tera error into a diagnostic pointing into the template file.
pub fn diagnostic(
    err: &tera::Error,
    sources: &BTreeMap<String, Source>,
    context: &str,
) -> Diagnostic {
    use std::error::Error as _;
    let report = match err.kind() {
        tera::ErrorKind::SyntaxError(r) | tera::ErrorKind::RenderingError(r) => Some(r.as_ref()),
        _ => None,
    };
    let mut message = err.to_string();
    let mut cause = err.source();
    while let Some(c) = cause {
        message.push_str(&format!(": {c}"));
        cause = c.source();
    }
    match report {
        Some(r) => {
            let source = sources.get(r.filename());
            let shown = source.map_or_else(|| PathBuf::from(r.filename()), |s| s.shown.clone());
            let mut d = Diagnostic::error(shown, format!("template error: {}", r.message()))
                .label(context.to_string());
            if let Some(source) = source {
                d = d.at(&source.text, r.span().range.clone());
            }
            d
        }
        None => Diagnostic::error(
            PathBuf::from("templates"),
            format!("template error while {context}: {message}"),
        ),
    }
}
