//! Where a build may write: never over the site's sources, never outside
//! the output directory. Paths are compared by real location, so no
//! symlink or `..` spelling of a source folder gets past.

use std::path::{Component, Path, PathBuf};

use crate::diagnostics::Diagnostic;
use crate::source::SOURCE_DIRS;

/// Refuses output directories that would overwrite or delete the site:
/// the site root, a folder containing it, one inside its sources or one
/// containing a source's real location (a symlinked content/ or theme).
pub(crate) fn check_output_dir(root: &Path, out: &Path) -> Result<(), Diagnostic> {
    let root = real_location(root);
    let shown = out.to_path_buf();
    let out = real_location(out);
    let refuse = |why: String| {
        Err(Diagnostic::error(
            shown.clone(),
            format!("refusing to build into {}: {why}", shown.display()),
        )
        .help("choose another folder with --output, e.g. public/"))
    };
    if out == root {
        return refuse("it is the site root".into());
    }
    if root.starts_with(&out) {
        return refuse("it contains the site".into());
    }
    for source in SOURCE_DIRS {
        let spelled = root.join(source);
        // The folder itself, and where it really is when it is a symlink.
        let real = real_location(&spelled);
        for place in [&spelled, &real] {
            if out.starts_with(place) {
                return refuse(format!("it lies inside {source}/"));
            }
            if place.starts_with(&out) {
                return refuse(format!("it contains {source}/ (at {})", place.display()));
            }
        }
    }
    // Each theme may itself be a symlink to a folder elsewhere.
    if let Ok(themes) = std::fs::read_dir(root.join("themes")) {
        for theme in themes.flatten() {
            let real = real_location(&theme.path());
            let name = theme.file_name().to_string_lossy().into_owned();
            if out.starts_with(&real) || real.starts_with(&out) {
                return refuse(format!("it overlaps themes/{name} (at {})", real.display()));
            }
        }
    }
    Ok(())
}

/// Where `path` really is: its longest existing prefix resolved (symlinks
/// followed), the rest normalised lexically. `SITE/missing/..` is `SITE`,
/// `SITE/link/x` is `TARGET/x`.
pub(crate) fn real_location(path: &Path) -> PathBuf {
    let path = if path.is_absolute() {
        path.to_path_buf()
    } else {
        std::env::current_dir().unwrap_or_default().join(path)
    };
    let parts: Vec<Component> = path.components().collect();
    // The longest prefix that exists, resolved by the OS.
    for split in (1..=parts.len()).rev() {
        let prefix: PathBuf = parts[..split].iter().collect();
        if let Ok(canon) = prefix.canonicalize() {
            return normalise(canon, &parts[split..]);
        }
    }
    normalise(PathBuf::new(), &parts)
}

/// `base` with `rest` appended, `.` dropped and `..` taking away the last
/// part; a `..` after a missing folder means its parent, whatever links
/// the missing folder might later become.
fn normalise(mut base: PathBuf, rest: &[Component]) -> PathBuf {
    for part in rest {
        match part {
            Component::CurDir => {}
            Component::ParentDir => {
                base.pop();
            }
            other => base.push(other.as_os_str()),
        }
    }
    base
}

/// A relative output path with no way out of the output directory (and
/// no line break, so the manifest can list it one per line).
pub fn is_contained(rel: &str) -> bool {
    !rel.is_empty()
        && !rel.contains(['\0', '\\', '\n', '\r'])
        && Path::new(rel)
            .components()
            .all(|c| matches!(c, Component::Normal(_)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn contained_paths_only() {
        assert!(is_contained("guides/x/index.html"));
        assert!(!is_contained("../x"));
        assert!(!is_contained("/etc/passwd"));
        assert!(!is_contained("a/../../b"));
        assert!(!is_contained("a\\..\\b"));
        assert!(!is_contained("a\nb"));
        assert!(!is_contained(""));
    }

    #[test]
    fn dangerous_output_dirs_are_refused() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        assert!(check_output_dir(root, root).is_err());
        assert!(check_output_dir(root, root.parent().unwrap()).is_err());
        assert!(check_output_dir(root, &root.join("content/out")).is_err());
        assert!(check_output_dir(root, &root.join("public")).is_ok());
    }

    #[test]
    fn dot_dot_after_a_missing_folder_is_resolved() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().canonicalize().unwrap();
        std::fs::create_dir(root.join("content")).unwrap();
        assert_eq!(real_location(&root.join("missing/..")), root);
        assert_eq!(
            real_location(&root.join("missing/../content")),
            root.join("content")
        );
        assert!(check_output_dir(&root, &root.join("missing/..")).is_err());
        assert!(check_output_dir(&root, &root.join("missing/../content")).is_err());
        assert!(check_output_dir(&root, &root.join("missing/../public")).is_ok());
    }

    #[cfg(unix)]
    #[test]
    fn a_symlinked_source_is_refused_by_its_real_location() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().canonicalize().unwrap();
        std::fs::create_dir(root.join("real-content")).unwrap();
        std::os::unix::fs::symlink(root.join("real-content"), root.join("content")).unwrap();
        assert!(check_output_dir(&root, &root.join("real-content")).is_err());
        assert!(check_output_dir(&root, &root.join("real-content/x")).is_err());
        assert!(check_output_dir(&root, &root.join("content")).is_err());
    }
}
