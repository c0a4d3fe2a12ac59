//! Site paths: where a page, section, taxonomy or term lives inside the
//! site ("en/guides/cancel-sim/", "" for the home page). Typed, so the one
//! place that knows a folder's page is its `index.html` is here.

use std::fmt;
use std::ops::Deref;

use serde::Serialize;

/// A folder path relative to the site root: empty, or ending in `/`.
#[derive(Debug, Clone, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(transparent)]
pub struct SitePath(String);

impl SitePath {
    /// `path` must be empty or end in `/` (callers build it from folders).
    pub fn new(path: String) -> SitePath {
        debug_assert!(path.is_empty() || path.ends_with('/'), "{path}");
        SitePath(path)
    }

    /// The folder `name` inside this one: "guides/" + "x" → "guides/x/".
    pub fn child(&self, name: &str) -> SitePath {
        SitePath([&self.0, name, "/"].concat())
    }

    /// The file that serves this path: "guides/x/" → "guides/x/index.html".
    pub(crate) fn index_file(&self) -> String {
        crate::url::index_file(&self.0)
    }

    /// The other side of `index_file`: "guides/x/index.html" → "guides/x/",
    /// "404.html" stays.
    pub(crate) fn of_output(output: &str) -> &str {
        output.strip_suffix("index.html").unwrap_or(output)
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// For callers that still pass `(&String, &String)` pairs around
    /// (render's language links).
    pub(crate) fn as_string(&self) -> &String {
        &self.0
    }
}

impl Deref for SitePath {
    type Target = str;
    fn deref(&self) -> &str {
        &self.0
    }
}

impl AsRef<str> for SitePath {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for SitePath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl From<SitePath> for String {
    fn from(path: SitePath) -> String {
        path.0
    }
}

impl PartialEq<str> for SitePath {
    fn eq(&self, other: &str) -> bool {
        self.0 == other
    }
}

impl PartialEq<&str> for SitePath {
    fn eq(&self, other: &&str) -> bool {
        self.0 == *other
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folders_are_served_by_their_index_file() {
        let home = SitePath::default();
        assert_eq!(home.index_file(), "index.html");
        let x = home.child("guides").child("x");
        assert_eq!(x, "guides/x/");
        assert_eq!(x.index_file(), "guides/x/index.html");
        assert_eq!(SitePath::of_output(&x.index_file()), "guides/x/");
        assert_eq!(SitePath::of_output("404.html"), "404.html");
    }
}
