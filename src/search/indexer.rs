//! Runs Pagefind in-process: documents in, the files of a search bundle
//! out (in memory; `output` writes them with the rest of the site).

use std::path::Path;

use pagefind::api::PagefindIndex;
use pagefind::options::PagefindServiceConfig;

use super::documents::Documents;

/// Pagefind's own search UIs (we ship our own, in search.html) and its
/// debugging playground: never loaded by the default theme, so left out
/// of the output (about 430 kB).
const UNUSED: &[&str] = &[
    "pagefind-ui.js",
    "pagefind-ui.css",
    "pagefind-modular-ui.js",
    "pagefind-modular-ui.css",
    "pagefind-component-ui.js",
    "pagefind-component-ui.css",
    "pagefind-highlight.js",
];

/// The bundle's files, by path inside the bundle folder ("pagefind.js",
/// "index/en_1a2b.pf_index"), sorted by path.
pub fn index(documents: &Documents) -> Result<Vec<(String, Vec<u8>)>, String> {
    // Pagefind's API is async; a runtime on this thread (plus the blocking
    // pool it parses pages on) is all it needs.
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| format!("cannot start the indexer: {e}"))?;
    let files = runtime.block_on(async {
        let config = PagefindServiceConfig::builder()
            .keep_index_url(false)
            .write_playground(false)
            .build();
        let mut index = PagefindIndex::new(Some(config)).map_err(|e| format!("{e:#}"))?;
        for doc in &documents.list {
            index
                .add_html_file(None, Some(doc.url.clone()), doc.html.clone())
                .await
                .map_err(|e| format!("indexing {}: {e:#}", doc.url))?;
        }
        index.get_files().await.map_err(|e| format!("{e:#}"))
    })?;
    let mut kept: Vec<(String, Vec<u8>)> = files
        .into_iter()
        .filter_map(|file| {
            let rel = slash_path(&file.filename)?;
            let unused = UNUSED.contains(&rel.as_str()) || rel.starts_with("playground/");
            (!unused).then_some((rel, file.contents))
        })
        .collect();
    kept.sort_by(|a, b| a.0.cmp(&b.0));
    Ok(kept)
}

/// "index/x.pf_index", or nothing for a path that is not plain and relative.
fn slash_path(path: &Path) -> Option<String> {
    let parts: Option<Vec<&str>> = path
        .components()
        .map(|c| match c {
            std::path::Component::Normal(part) => part.to_str(),
            _ => None,
        })
        .collect();
    parts.filter(|p| !p.is_empty()).map(|p| p.join("/"))
}
