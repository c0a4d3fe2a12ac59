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
pub enum Theme {
    None,
    Dir(PathBuf),
    Embedded,
}

impl Theme {
    pub fn locate(root: &Path, config: &Config) -> Result<Theme, Diagnostic> {
        let Some(name) = &config.theme else {
            return Ok(Theme::None);
        };
        let dir = root.join("themes").join(name);
        if dir.is_dir() {
            return Ok(Theme::Dir(dir));
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
            Theme::Dir(dir) => {
                let base = dir.join(sub);
                walkdir::WalkDir::new(&base)
                    .sort_by_file_name()
                    .into_iter()
                    .flatten()
                    .filter(|e| {
                        e.file_type().is_file() && !e.file_name().to_string_lossy().starts_with('.')
                    })
                    .filter_map(|e| {
                        let rel = e
                            .path()
                            .strip_prefix(&base)
                            .ok()?
                            .to_str()?
                            .replace('\\', "/");
                        Some((rel, ThemeFile::Disk(e.path().to_path_buf())))
                    })
                    .collect()
            }
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

    pub fn shown(&self, sub: &str, rel: &str) -> PathBuf {
        match self {
            Theme::Dir(dir) => dir.join(sub).join(rel),
            _ => PathBuf::from(format!("<built-in default theme>/{sub}/{rel}")),
        }
    }
}

pub enum ThemeFile {
    Disk(PathBuf),
    Embedded(&'static [u8]),
}

impl ThemeFile {
    pub fn read(&self) -> std::io::Result<Vec<u8>> {
        match self {
            ThemeFile::Disk(path) => std::fs::read(path),
            ThemeFile::Embedded(bytes) => Ok(bytes.to_vec()),
        }
    }
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
pub fn sources(root: &Path, theme: &Theme) -> Result<BTreeMap<String, Source>, Vec<Diagnostic>> {
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
    let site_templates = Theme::Dir(root.to_path_buf());
    for (rel, _) in site_templates.files("templates") {
        let path = root.join("templates").join(&rel);
        let shown = PathBuf::from("templates").join(&rel);
        match crate::content::read_text(&path, &shown) {
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
