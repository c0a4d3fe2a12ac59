//! The static search index (`search: true` in site.yaml).
//!
//! One small document per page (`documents`: title, description, body;
//! Khmer words separated first by `khmer`) is indexed into a Pagefind 1.6
//! bundle under `pagefind/`: one index per language (the page's `<html
//! lang>`), which the search page of that language loads in the browser,
//! with no server. `stamp` keeps the bundle of the last build when the
//! documents are unchanged, so a build whose page text did not change
//! neither re-indexes nor writes.
//!
//! `indexer` writes the bundle: `scan` and `digest` read a document's HTML
//! as Pagefind reads a page, `page` and `words` turn its text into words,
//! `cache` remembers what each word makes, `pack` packs a page, `assemble`
//! builds a language's index from the packed pages, `encode` has the file
//! formats, and `assets` takes Pagefind's search code and WebAssembly from
//! the Pagefind crate. `pages` makes the index again after an edit under
//! `watch` or `serve`, reading only the pages that changed (each page
//! kept `compact` between runs).

mod assemble;
mod assets;
mod cache;
mod compact;
mod digest;
pub(crate) mod documents;
mod encode;
pub(crate) mod indexer;
pub(crate) mod khmer;
mod pack;
mod page;
pub(crate) mod pages;
mod scan;
pub(crate) mod stamp;
mod words;

pub(crate) use documents::Documents;
pub(crate) use stamp::Previous;

use crate::config::Config;
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::output::{Claims, Content, Origin};

/// The bundle's folder in the output.
pub(crate) const BUNDLE: &str = "pagefind/";

/// What, besides the documents, decides the bundle's bytes: a change of
/// either version, or of how documents are made, re-indexes. The test
/// `pagefind_version_is_the_one_named_here` keeps the second one honest.
const INDEXED_BY: &str = concat!(
    "mekong ",
    env!("CARGO_PKG_VERSION"),
    ", pagefind 1.6.0, documents v1, mekong's indexer v1 (gzip 2)"
);

/// Site path of a language's search page: "search/", "en/search/".
pub(crate) fn page_path(config: &Config, lang: &str) -> String {
    format!("{}search/", config.language_prefix(lang))
}

/// The search stage of a build: adds the bundle to `outputs` (see
/// `add_index`), or reports why it cannot. Returns what it did, as a
/// stage name for `build --timings`.
pub(crate) fn add_to(
    documents: Documents,
    previous: &dyn Previous,
    outputs: &mut Claims,
    diagnostics: &mut Diagnostics,
) -> &'static str {
    match add_index(documents, previous, outputs) {
        Ok(Indexed::Fresh) => "search index (Pagefind)",
        Ok(Indexed::Reused) => "search index (kept: the indexed text is unchanged)",
        Err(d) => {
            diagnostics.push(d);
            "search index (failed)"
        }
    }
}

/// Whether a build indexed afresh or kept the last build's bundle.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Indexed {
    Fresh,
    Reused,
}

/// Adds the bundle (and the stamp that lets the next build reuse it) to
/// `outputs`, reusing the bundle in `previous` when the documents match.
pub(crate) fn add_index(
    documents: Documents,
    previous: &dyn Previous,
    outputs: &mut Claims,
) -> Result<Indexed, Diagnostic> {
    let hash = documents.hash(INDEXED_BY);
    let (files, indexed) = match stamp::reuse(previous, &hash) {
        Some(files) => (files, Indexed::Reused),
        None => {
            let files = indexer::index(documents)
                .map_err(|why| Diagnostic::error("site.yaml", format!("search index: {why}")))?;
            (pages::without_stamp(files), Indexed::Fresh)
        }
    };
    outputs.claim(
        stamp::STAMP.to_string(),
        Content::Bytes(stamp::render(&hash, &files)),
        Origin::Search,
    );
    for (rel, bytes) in files {
        outputs.claim(rel, Content::Bytes(bytes), Origin::Search);
    }
    Ok(indexed)
}

#[cfg(test)]
mod tests {
    use super::documents::Document;
    use super::*;

    #[test]
    fn pagefind_version_is_the_one_named_here() {
        let documents = Documents {
            list: vec![Document {
                url: "/a/".into(),
                html: "<html lang=\"en\"><body><h1>A page</h1></body></html>".into(),
            }],
        };
        let files = indexer::index(documents).unwrap();
        let (_, entry) = files
            .iter()
            .find(|(rel, _)| rel == "pagefind-entry.json")
            .unwrap();
        let entry: serde_json::Value = serde_json::from_slice(entry).unwrap();
        let version = entry["version"].as_str().unwrap();
        assert!(
            INDEXED_BY.contains(&format!("pagefind {version},")),
            "INDEXED_BY says `{INDEXED_BY}`, the bundle {version}"
        );
    }
}
