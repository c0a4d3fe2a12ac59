//! Static files, with cache-busting copies of the stylesheets and scripts
//! templates ask for.
//!
//! Every file of the theme's or the site's `static/` is published under
//! its own name: a service worker, a `manifest.json` or a script another
//! site links must stay where it was put. A `.css` or `.js` file that a
//! rendered template asked for with `asset_url(path="style.css")` is also
//! written under a name that carries a hash of its bytes
//! (`style.3f2a9c1b.css`), which `asset_url` returns: a static host can tell
//! browsers to cache it forever, since a changed file gets a new name and
//! pages link the new name. Which files those are is recorded as the
//! templates render, so a copy exists exactly when some page links it.
//!
//! The hash is XXH3-64: fixed by its specification, so the same bytes get
//! the same name on every machine and in every mekong version, which keeps
//! builds byte-identical. It is not a cryptographic hash, and need not be:
//! it only has to change when the file does.

use std::collections::{BTreeMap, HashMap};
use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use tera::{Error, Kwargs, State, Tera, Value};

use super::templates::Theme;
use crate::diagnostics::{Diagnostic, display_path};
use crate::source::ThemeFile;
use std::path::PathBuf;

use crate::output::{Claims, Content};
use crate::url::BaseUrl;

/// Extensions whose files are renamed after their content.
const FINGERPRINTED: &[&str] = &["css", "js"];

/// Hex digits of the hash kept in a name: enough that two versions of one
/// file practically never share a name, short enough to read.
const HASH_DIGITS: usize = 8;

/// Every static file of a build: where it comes from and where it goes.
#[derive(Default)]
pub(crate) struct StaticFiles {
    /// By path inside `static/`; the site's file replaced the theme's.
    files: BTreeMap<String, StaticFile>,
}

struct StaticFile {
    content: Content,
    /// The name with a hash of the bytes, for stylesheets and scripts.
    fingerprinted: Option<String>,
    /// Where it comes from, as shown to the user.
    shown: PathBuf,
}

/// What `asset_url` hands out, and which files it was asked for: shared by
/// the template function (rendering on every thread) and `claim_into`.
pub(crate) type AssetNames = Arc<HashMap<String, AssetName>>;

pub(crate) struct AssetName {
    /// The path in the output that `asset_url` links.
    output: String,
    /// Whether a rendered template asked for it.
    asked: AtomicBool,
}

impl StaticFiles {
    /// The theme's `static/`, then the site's `static/` (its files win).
    /// A stylesheet or script that cannot be read is reported, not skipped
    /// silently: pages would link a file that is not there.
    pub fn collect(root: &Path, theme: &Theme) -> (StaticFiles, Vec<Diagnostic>) {
        let mut files = StaticFiles::default();
        let mut errors = Vec::new();
        let site = Theme::site(root);
        for origin in [theme, &site] {
            for (rel, file) in origin.files("static") {
                let shown = display_path(root, &origin.shown("static", &rel));
                match StaticFile::new(&rel, file, shown.clone()) {
                    Ok(entry) => {
                        files.files.insert(rel, entry);
                    }
                    Err(why) => errors.push(Diagnostic::error(
                        shown,
                        format!("cannot read static file: {why}"),
                    )),
                }
            }
        }
        (files, errors)
    }

    /// Path inside `static/` → path in the output, for `asset_url`; none
    /// asked for yet.
    pub(crate) fn asset_names(&self) -> AssetNames {
        let names = self.files.iter().map(|(rel, file)| {
            let output = file.fingerprinted.clone().unwrap_or_else(|| rel.clone());
            let asked = AtomicBool::new(false);
            (rel.clone(), AssetName { output, asked })
        });
        Arc::new(names.collect())
    }

    /// Claims every file under its own name, and the fingerprinted copy of
    /// each stylesheet or script a template asked for through `names`.
    pub(crate) fn claim_into(self, outputs: &mut Claims, names: &AssetNames) {
        for (rel, file) in self.files {
            let asked = names
                .get(&rel)
                .is_some_and(|name| name.asked.load(Ordering::Relaxed));
            if let (Some(fingerprinted), true, Content::Bytes(bytes)) =
                (file.fingerprinted, asked, &file.content)
            {
                let copy = Content::Bytes(bytes.clone());
                outputs.claim_static(fingerprinted, copy, file.shown.clone());
            }
            outputs.claim_static(rel, file.content, file.shown);
        }
    }
}

/// A fingerprinted copy a template may ask for: claimed before the
/// render of a build that writes as it renders, written after it only if
/// some template asked (`StaticFiles::claim_all_into`).
pub(crate) struct MaybeCopy {
    pub(crate) output: String,
    rel: String,
    pub(crate) bytes: Vec<u8>,
}

impl MaybeCopy {
    pub(crate) fn asked(&self, names: &AssetNames) -> bool {
        names
            .get(&self.rel)
            .is_some_and(|name| name.asked.load(Ordering::Relaxed))
    }
}

impl StaticFiles {
    /// `claim_into` before the render: every file, and every copy a
    /// template may ask for as `Content::Pending` (in the same order, so
    /// that a collision names the same files); the copies are handed back.
    pub(crate) fn claim_all_into(self, outputs: &mut Claims) -> Vec<MaybeCopy> {
        let mut copies = Vec::new();
        for (rel, file) in self.files {
            if let (Some(fingerprinted), Content::Bytes(bytes)) =
                (file.fingerprinted, &file.content)
            {
                outputs.claim_static(fingerprinted.clone(), Content::Pending, file.shown.clone());
                copies.push(MaybeCopy {
                    output: fingerprinted,
                    rel: rel.clone(),
                    bytes: bytes.clone(),
                });
            }
            outputs.claim_static(rel, file.content, file.shown);
        }
        copies
    }
}

impl StaticFile {
    fn new(rel: &str, file: ThemeFile, shown: PathBuf) -> std::io::Result<StaticFile> {
        if !is_fingerprinted(rel) {
            // Left unread: images and fonts are copied when written.
            return Ok(StaticFile {
                content: Content::Theme(file),
                fingerprinted: None,
                shown,
            });
        }
        let bytes = file.read()?;
        Ok(StaticFile {
            fingerprinted: Some(fingerprinted_name(rel, &bytes)),
            content: Content::Bytes(bytes),
            shown,
        })
    }
}

fn is_fingerprinted(rel: &str) -> bool {
    rel.rsplit_once('.')
        .is_some_and(|(_, ext)| FINGERPRINTED.contains(&ext.to_ascii_lowercase().as_str()))
}

/// `css/site.css` → `css/site.<hash>.css`: the hash goes before the
/// extension, so servers still pick the content type from it.
pub fn fingerprinted_name(rel: &str, bytes: &[u8]) -> String {
    let hash = format!("{:016x}", xxhash_rust::xxh3::xxh3_64(bytes));
    let hash = &hash[..HASH_DIGITS];
    match rel.rsplit_once('.') {
        Some((stem, ext)) => format!("{stem}.{hash}.{ext}"),
        None => format!("{rel}.{hash}"),
    }
}

/// Registers `asset_url(path="style.css")`: the URL of a static file under
/// its output name (fingerprinted for a stylesheet or script), with
/// base_url's path prefix; notes that the file was asked for.
pub(crate) fn register(tera: &mut Tera, names: AssetNames, base: BaseUrl) {
    tera.register_function(
        "asset_url",
        move |kwargs: Kwargs, _: &State| -> Result<Value, Error> {
            let path: &str = kwargs.must_get("path")?;
            let rel = path.trim_start_matches('/');
            let name = names.get(rel).ok_or_else(|| {
                Error::message(format!(
                    "asset_url: no file `{rel}` in static/ or in the theme's static/"
                ))
            })?;
            name.asked.store(true, Ordering::Relaxed);
            Ok(Value::from(base.url(&name.output)))
        },
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_hash_goes_before_the_extension() {
        let name = fingerprinted_name("css/site.css", b"body{}");
        let hash = name
            .strip_prefix("css/site.")
            .and_then(|rest| rest.strip_suffix(".css"))
            .unwrap_or_else(|| panic!("unexpected name {name}"));
        assert_eq!(hash.len(), HASH_DIGITS);
        assert!(hash.chars().all(|c| c.is_ascii_hexdigit()));
    }

    #[test]
    fn names_follow_content_only() {
        assert_eq!(
            fingerprinted_name("style.css", b"a{}"),
            fingerprinted_name("style.css", b"a{}")
        );
        assert_ne!(
            fingerprinted_name("style.css", b"a{}"),
            fingerprinted_name("style.css", b"b{}")
        );
    }

    #[test]
    fn the_hash_is_stable_across_versions_and_machines() {
        // XXH3-64 of the empty input, from the algorithm's specification: a
        // changed name here would re-download every reader's cached files.
        assert_eq!(xxhash_rust::xxh3::xxh3_64(b""), 0x2d06_8005_38d3_94c2);
        assert_eq!(fingerprinted_name("app.js", b""), "app.2d068005.js");
    }

    #[test]
    fn only_stylesheets_and_scripts_are_renamed() {
        assert!(is_fingerprinted("style.css"));
        assert!(is_fingerprinted("js/App.JS"));
        assert!(!is_fingerprinted("logo.svg"));
        assert!(!is_fingerprinted("favicon"));
    }
}
