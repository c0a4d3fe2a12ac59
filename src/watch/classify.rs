//! A changed path → what part of the site it belongs to, or nothing.
//!
//! Editors save in odd ways, and the side files they make must not start a
//! rebuild: vim's swap files (`.x.md.swp`) and its write test (`4913`),
//! backups (`x.md~`), Emacs locks and autosaves (`.#x.md`, `#x.md#`),
//! JetBrains' safe-write files (`x.md___jb_tmp___`). Their real saves
//! (write a temp file, rename it over the original) show up as a change of
//! the original path, which is what counts.

use std::path::{Component, Path, PathBuf};

/// The part of a site a file belongs to; decides how much to rebuild.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Area {
    /// content/: pages, sections, profiles, assets.
    Content,
    /// templates/, or a theme's templates/.
    Template,
    /// static/, or a theme's static/.
    Static,
    /// i18n/, or a theme's i18n/.
    I18n,
    /// site.yaml.
    Config,
}

/// A change that matters: its area, its path inside that area
/// (`guides/x.md` for content/guides/x.md, `/`-separated) and the path
/// that changed.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Change {
    pub area: Area,
    pub rel: String,
    pub path: PathBuf,
}

/// What `path` (absolute, or relative like `root`) means for the site at
/// `root`; `None` for files the build never reads and for editor side
/// files. Paths under `output` (public/ when it sits in the site) are never
/// changes: the watcher's own writes must not trigger it again.
pub(crate) fn classify(root: &Path, output: Option<&Path>, path: &Path) -> Option<Change> {
    if output.is_some_and(|out| path.starts_with(out)) {
        return None;
    }
    let inside = path.strip_prefix(root).ok()?;
    let parts: Vec<&str> = inside
        .components()
        .map(|c| match c {
            Component::Normal(s) => s.to_str(),
            _ => None,
        })
        .collect::<Option<_>>()?;
    if parts.iter().any(|p| p.starts_with('.')) || parts.last().is_some_and(|n| is_side_file(n)) {
        return None;
    }
    let change = |area, rest: &[&str]| {
        Some(Change {
            area,
            rel: rest.join("/"),
            path: path.to_path_buf(),
        })
    };
    match parts.as_slice() {
        ["site.yaml"] => change(Area::Config, &[]),
        ["content", rest @ ..] => change(Area::Content, rest),
        ["templates", rest @ ..] => change(Area::Template, rest),
        ["static", rest @ ..] => change(Area::Static, rest),
        ["i18n", rest @ ..] => change(Area::I18n, rest),
        ["themes", _theme, "static", rest @ ..] => change(Area::Static, rest),
        ["themes", _theme, "i18n", rest @ ..] => change(Area::I18n, rest),
        // A theme's templates, or a whole theme folder appearing or going.
        ["themes", ..] => change(Area::Template, &parts[1..]),
        _ => None,
    }
}

/// Names of files editors write beside the one being edited.
pub(crate) fn is_side_file(name: &str) -> bool {
    name.ends_with('~')
        || (name.starts_with('#') && name.ends_with('#'))
        || name.ends_with("___jb_tmp___")
        || name.ends_with("___jb_old___")
        || [".swp", ".swo", ".swx"]
            .iter()
            .any(|ext| name.ends_with(ext))
        || is_vim_write_test(name)
}

/// Vim checks that it may write in a folder by creating `4913` (then
/// 5036, 5159…: 4913 + 123·n while one exists) and deleting it at once.
fn is_vim_write_test(name: &str) -> bool {
    name.parse::<u64>()
        .is_ok_and(|n| n >= 4913 && (n - 4913) % 123 == 0)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(path: &str) -> Option<(Area, String)> {
        classify(
            Path::new("/site"),
            Some(Path::new("/site/public")),
            Path::new(path),
        )
        .map(|c| (c.area, c.rel))
    }

    fn change(area: Area, rel: &str) -> Option<(Area, String)> {
        Some((area, rel.into()))
    }

    #[test]
    fn sorts_files_into_areas() {
        assert_eq!(at("/site/site.yaml"), change(Area::Config, ""));
        assert_eq!(
            at("/site/content/guides/x.md"),
            change(Area::Content, "guides/x.md")
        );
        assert_eq!(at("/site/content/新"), change(Area::Content, "新"));
        assert_eq!(
            at("/site/templates/page.html"),
            change(Area::Template, "page.html")
        );
        assert_eq!(
            at("/site/themes/default/templates/base.html"),
            change(Area::Template, "default/templates/base.html")
        );
        assert_eq!(
            at("/site/themes/default/static/style.css"),
            change(Area::Static, "style.css")
        );
        assert_eq!(at("/site/static/a.png"), change(Area::Static, "a.png"));
        assert_eq!(at("/site/i18n/en.yaml"), change(Area::I18n, "en.yaml"));
        assert_eq!(
            at("/site/themes/x/i18n/en.yaml"),
            change(Area::I18n, "en.yaml")
        );
    }

    #[test]
    fn ignores_what_the_build_never_reads() {
        assert_eq!(at("/site/public/index.html"), None);
        assert_eq!(at("/site/README.md"), None);
        assert_eq!(at("/site/target/debug/x"), None);
        assert_eq!(at("/elsewhere/content/x.md"), None);
        assert_eq!(at("/site/content/.git/HEAD"), None);
    }

    #[test]
    fn ignores_editor_side_files() {
        for name in [
            ".x.md.swp",
            "x.md.swp",
            "x.md.swx",
            "x.md~",
            ".#x.md",
            "#x.md#",
            "4913",
            "5036",
            "x.md___jb_tmp___",
            "x.md___jb_old___",
        ] {
            assert_eq!(at(&format!("/site/content/guides/{name}")), None, "{name}");
        }
        assert!(at("/site/content/guides/4914").is_some());
        assert!(at("/site/content/guides/2025.md").is_some());
    }
}
