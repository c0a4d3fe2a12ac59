//! Where a URL in a rendered page leads: nowhere to check (external, a
//! `mailto:`), a file of the site (a path relative to the output folder
//! and a fragment), or plainly broken (outside the base_url prefix, above
//! the site root). Pure string work, so it is fuzzed and property-tested.

use crate::url::{BaseUrl, is_external, join_relative, percent_decode};

/// Why a link fails.
pub(super) struct Problem {
    /// Identifies the broken target, so each is reported once.
    pub(super) key: String,
    pub(super) message: String,
    pub(super) help: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    /// External, a scheme such as `mailto:`, or empty: not checked.
    Skip,
    /// A site path ("guides/x/", "" for the root, "style.css") and the
    /// fragment, both percent-decoded.
    Site { path: String, fragment: String },
    /// A site path that leaves base_url's path prefix (`/x/` on a site at
    /// `/docs/`).
    OutsideBasePath,
    /// A relative link that climbs above the site root.
    AboveRoot,
}

/// Resolves `href`, found in the page whose folder is `dir` (a site path
/// such as "en/guides/x/", "" for the root).
pub fn resolve(base: &BaseUrl, dir: &str, href: &str) -> Target {
    let href = href.trim();
    if href.is_empty() {
        return Target::Skip;
    }
    let (before, fragment) = href.split_once('#').unwrap_or((href, ""));
    let path = before.split('?').next().unwrap_or(before);
    let fragment = percent_decode(fragment);
    let site_root = base.permalink("");
    // Decoded before `.` and `..` are resolved, as a static file server
    // maps the URL to a file: `%2E%2E/` climbs like `../`.
    let site_path = if let Some(rest) = path.strip_prefix(site_root.as_str()) {
        normalize("", &percent_decode(rest))
    } else if is_external(path) {
        return Target::Skip;
    } else if path.starts_with('/') {
        match path.strip_prefix(base.prefix()) {
            Some(rest) => normalize("", &percent_decode(rest)),
            None if format!("{path}/") == base.prefix() => Some(String::new()),
            None => return Target::OutsideBasePath,
        }
    } else if path.is_empty() {
        Some(dir.to_string())
    } else {
        normalize(dir, &percent_decode(path))
    };
    match site_path {
        Some(path) => Target::Site { path, fragment },
        None => Target::AboveRoot,
    }
}

/// Joins `rel` onto the folder `dir`, resolving `.` and `..`, keeping a
/// trailing slash (`../` names a folder). None above the root.
fn normalize(dir: &str, rel: &str) -> Option<String> {
    let mut joined = join_relative(dir, rel)?;
    let names_folder = rel.ends_with('/')
        || rel.is_empty()
        || rel
            .rsplit('/')
            .next()
            .is_some_and(|last| last == "." || last == "..");
    if names_folder && !joined.is_empty() {
        joined.push('/');
    }
    Some(joined)
}

/// The folder (site path) a rendered file is served from:
/// "guides/x/index.html" → "guides/x/", "404.html" → "".
pub fn output_dir(output: &str) -> &str {
    output.rfind('/').map_or("", |i| &output[..=i])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn site(path: &str, fragment: &str) -> Target {
        Target::Site {
            path: path.into(),
            fragment: fragment.into(),
        }
    }

    #[test]
    fn resolves_site_paths_relative_links_and_permalinks() {
        let base = BaseUrl::parse("https://example.org/docs/").unwrap();
        let at = |href| resolve(&base, "guides/x/", href);
        assert_eq!(at("/docs/guides/y/#费用"), site("guides/y/", "费用"));
        assert_eq!(at("#%E8%B4%B9"), site("guides/x/", "费"));
        assert_eq!(at("../y/"), site("guides/y/", ""));
        assert_eq!(at("sim.jpg?v=2"), site("guides/x/sim.jpg", ""));
        assert_eq!(at(".."), site("guides/", ""));
        assert_eq!(
            at("https://example.org/docs/atom.xml"),
            site("atom.xml", "")
        );
        assert_eq!(at("/docs"), site("", ""));
        assert_eq!(at("https://smart.com.kh/"), Target::Skip);
        assert_eq!(at("mailto:a@b.c"), Target::Skip);
        assert_eq!(at(""), Target::Skip);
        assert_eq!(at("/guides/y/"), Target::OutsideBasePath);
        assert_eq!(at("../../../x"), Target::AboveRoot);
    }

    #[test]
    fn output_folders() {
        assert_eq!(output_dir("guides/x/index.html"), "guides/x/");
        assert_eq!(output_dir("404.html"), "");
    }
}
