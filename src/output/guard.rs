//! Where a build may write: never over the site's sources, never outside
//! the output directory.

use std::path::{Component, Path, PathBuf};

use crate::diagnostics::Diagnostic;

/// Refuses output directories that would overwrite or delete the site:
/// the site root, a folder containing it, or one inside its sources.
pub fn check_output_dir(root: &Path, out: &Path) -> Result<(), Diagnostic> {
    let root = absolute(root);
    let out = absolute(out);
    let refuse = |why: String| {
        Err(Diagnostic::error(
            out.clone(),
            format!("refusing to build into {}: {why}", out.display()),
        )
        .help("choose another folder with --output, e.g. public/"))
    };
    if out == root {
        return refuse("it is the site root".into());
    }
    if root.starts_with(&out) {
        return refuse("it contains the site".into());
    }
    for source in ["content", "static", "templates", "themes", "i18n"] {
        if out.starts_with(root.join(source)) {
            return refuse(format!("it lies inside {source}/"));
        }
    }
    Ok(())
}

/// Canonical where the path exists; else its existing ancestor made
/// canonical, with the rest appended.
fn absolute(path: &Path) -> PathBuf {
    let path = if path.is_absolute() {
        path.to_path_buf()
    } else {
        std::env::current_dir().unwrap_or_default().join(path)
    };
    let mut existing = path.as_path();
    let mut rest = Vec::new();
    loop {
        if let Ok(canon) = existing.canonicalize() {
            let mut out = canon;
            for part in rest.iter().rev() {
                out.push(part);
            }
            return out;
        }
        match (existing.parent(), existing.file_name()) {
            (Some(parent), Some(name)) => {
                rest.push(name.to_os_string());
                existing = parent;
            }
            _ => return path,
        }
    }
}

/// A relative output path with no way out of the output directory.
pub fn is_contained(rel: &str) -> bool {
    !rel.is_empty()
        && !rel.contains(['\0', '\\'])
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
}
