//! Slugs, the site's base URL and path joining. Every internal URL is built
//! here, so the base_url path prefix and the slug rules hold everywhere.

use std::fmt;

use serde::{Serialize, Serializer};

/// `https://example.org/docs/` split into origin and path prefix.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BaseUrl {
    origin: String,
    prefix: String,
}

impl Default for BaseUrl {
    fn default() -> Self {
        BaseUrl {
            origin: "http://localhost".into(),
            prefix: "/".into(),
        }
    }
}

impl BaseUrl {
    pub fn parse(raw: &str) -> Result<BaseUrl, String> {
        let raw = raw.trim();
        let (scheme, rest) = raw
            .split_once("://")
            .ok_or_else(|| "it must be absolute, like https://example.org/".to_string())?;
        if !matches!(scheme, "http" | "https") {
            return Err(format!("the scheme must be http or https, not `{scheme}`"));
        }
        let (host, path) = match rest.find('/') {
            Some(i) => (&rest[..i], &rest[i..]),
            None => (rest, "/"),
        };
        if host.is_empty() || host.contains(char::is_whitespace) {
            return Err("it has no host name".into());
        }
        if path.contains(['?', '#']) || path.split('/').any(|s| s == "..") {
            return Err("its path may not contain `?`, `#` or `..`".into());
        }
        let mut prefix = path.to_string();
        if !prefix.ends_with('/') {
            prefix.push('/');
        }
        Ok(BaseUrl {
            origin: format!("{scheme}://{host}"),
            prefix,
        })
    }

    /// The path prefix, always starting and ending with `/`.
    pub fn prefix(&self) -> &str {
        &self.prefix
    }

    /// Site-relative `path` ("guides/x/") → root-relative URL ("/docs/guides/x/").
    pub fn url(&self, path: &str) -> String {
        self.url_with(path, "")
    }

    /// Site-relative `path` → absolute URL.
    pub(crate) fn permalink(&self, path: &str) -> String {
        // `concat` allocates once, at the right size: URLs are made for
        // every link and list entry, and `format!` grew each several times.
        [&self.origin, &self.prefix, path.trim_start_matches('/')].concat()
    }

    /// `url` with `fragment` (a `#…` or `?…` part, or nothing) after it.
    pub(crate) fn url_with(&self, path: &str, fragment: &str) -> String {
        [&self.prefix, path.trim_start_matches('/'), fragment].concat()
    }
}

impl fmt::Display for BaseUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}{}", self.origin, self.prefix)
    }
}

impl Serialize for BaseUrl {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

/// The file a folder is served from: "" → "index.html", "guides/x/" (or
/// "guides/x") → "guides/x/index.html". The one place that knows a
/// folder's page is its `index.html`, as every static host does.
pub(crate) fn index_file(folder: &str) -> String {
    if folder.is_empty() || folder.ends_with('/') {
        [folder, "index.html"].concat()
    } else {
        [folder, "/index.html"].concat()
    }
}

/// Lowercase ASCII letters, digits and single hyphens. Each Chinese
/// character becomes its most common toneless pinyin syllable (the
/// `pinyin` crate; 卡 → ka), as its own word; other scripts are
/// transliterated by deunicode (inside `slug`).
pub fn slugify(text: &str) -> String {
    use pinyin::ToPinyin;
    // Most names (taxonomy terms, file names) are slugs already, and a
    // slug is its own slug.
    if is_slug(text) {
        return text.to_string();
    }
    let mut spelled = String::with_capacity(text.len() * 2);
    for c in text.chars() {
        match c.to_pinyin() {
            Some(syllable) => {
                spelled.push(' ');
                spelled.push_str(syllable.plain());
                spelled.push(' ');
            }
            None => spelled.push(c),
        }
    }
    slug::slugify(spelled)
}

pub fn is_slug(text: &str) -> bool {
    !text.is_empty()
        && text.split('-').all(|part| {
            !part.is_empty()
                && part
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
        })
}

/// Joins `link` (relative, `/`-separated) onto the folder `base`, resolving
/// `.` and `..`. None when the result would climb above the root.
pub fn join_relative(base: &str, link: &str) -> Option<String> {
    let mut parts: Vec<&str> = Vec::new();
    // The base is resolved too, so a base holding `..` cannot smuggle one
    // into the result (found by tests/properties.rs).
    for segment in base.split('/').chain(link.split('/')) {
        match segment {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            other => parts.push(other),
        }
    }
    Some(parts.join("/"))
}

/// Decodes `%XX` escapes (links to files with spaces or Chinese names are
/// often written percent-encoded). Invalid escapes are kept as written.
pub fn percent_decode(text: &str) -> String {
    decode_escapes(text, Invalid::Keep)
        .and_then(|bytes| String::from_utf8(bytes).ok())
        .unwrap_or_else(|| text.to_string())
}

/// Decodes `%XX` escapes once; `None` for a `%` not followed by two hex
/// digits, or bytes that are not UTF-8 (a request path, where a lenient
/// reading could serve a file the client did not name).
pub(crate) fn percent_decode_strict(text: &str) -> Option<String> {
    decode_escapes(text, Invalid::Refuse).and_then(|bytes| String::from_utf8(bytes).ok())
}

/// What to do with a `%` not followed by two hex digits.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Invalid {
    Keep,
    Refuse,
}

fn decode_escapes(text: &str, invalid: Invalid) -> Option<Vec<u8>> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let escape = bytes
                .get(i + 1..i + 3)
                .and_then(|h| Some((hex(h[0])?, hex(h[1])?)));
            match (escape, invalid) {
                (Some((h, l)), _) => {
                    out.push(h * 16 + l);
                    i += 3;
                    continue;
                }
                (None, Invalid::Refuse) => return None,
                (None, Invalid::Keep) => {}
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    Some(out)
}

fn hex(b: u8) -> Option<u8> {
    (b as char).to_digit(16).map(|d| d as u8)
}

/// True for links that leave the site: `https:`, `mailto:`, `//host` …
pub(crate) fn is_external(link: &str) -> bool {
    if link.starts_with("//") {
        return true;
    }
    match link.find(':') {
        Some(colon) => {
            let scheme = &link[..colon];
            !scheme.is_empty()
                && scheme
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
                && !link[..colon].contains('/')
        }
        None => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chinese_names_become_pinyin_slugs() {
        assert_eq!(
            slugify("如何注销Smart电话卡"),
            "ru-he-zhu-xiao-smart-dian-hua-ka"
        );
        assert_eq!(slugify("Top up: 10$ fast!"), "top-up-10-fast");
        assert_eq!(slugify("充值"), "chong-zhi");
        assert!(is_slug("cancel-sim"));
        assert!(!is_slug("Cancel"));
        assert!(!is_slug("a--b"));
        assert!(!is_slug("../x"));
    }

    #[test]
    fn base_url_prefix_is_kept() {
        let base = BaseUrl::parse("https://example.org/kh").unwrap();
        assert_eq!(base.prefix(), "/kh/");
        assert_eq!(base.url("guides/x/"), "/kh/guides/x/");
        assert_eq!(
            base.permalink("/guides/x/"),
            "https://example.org/kh/guides/x/"
        );
        assert!(BaseUrl::parse("example.org").is_err());
        assert!(BaseUrl::parse("ftp://example.org").is_err());
    }

    #[test]
    fn relative_joins_never_climb_out() {
        assert_eq!(
            join_relative("guides", "../roaming/index.md").as_deref(),
            Some("roaming/index.md")
        );
        assert_eq!(
            join_relative("guides", "./a.md").as_deref(),
            Some("guides/a.md")
        );
        assert_eq!(join_relative("", "../a.md"), None);
        // Regression: a base of `..` used to come back unresolved.
        assert_eq!(join_relative("..", "."), None);
        assert_eq!(join_relative("a/../b", "c").as_deref(), Some("b/c"));
    }

    #[test]
    fn external_links_and_decoding() {
        assert!(is_external("https://smart.com.kh"));
        assert!(is_external("mailto:a@b.c"));
        assert!(!is_external("cancel-sim.md"));
        assert!(!is_external("../a:b.md"));
        assert_eq!(percent_decode("%E6%B3%A8.md"), "注.md");
        assert_eq!(percent_decode("100%"), "100%");
        assert_eq!(percent_decode("%zz%C3"), "%zz%C3");
        assert_eq!(percent_decode_strict("/%E6%B3%A8/"), Some("/注/".into()));
        assert_eq!(percent_decode_strict("/100%"), None);
        assert_eq!(percent_decode_strict("/%+1"), None);
        assert_eq!(percent_decode_strict("/%C3"), None);
    }

    #[test]
    fn a_folder_is_served_from_its_index_file() {
        assert_eq!(index_file(""), "index.html");
        assert_eq!(index_file("guides/x/"), "guides/x/index.html");
        assert_eq!(index_file("guides/x"), "guides/x/index.html");
    }
}
