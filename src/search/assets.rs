//! The files of the bundle that do not depend on the pages: Pagefind's
//! search code (pagefind.js, its worker) and its WebAssembly, one per
//! language it can stem and one for the rest. They come from the Pagefind
//! crate itself, by indexing one word per language, so they are always
//! the ones of the version whose format `encode` writes. Made once per
//! set of languages per process (`watch` and `serve` rebuild often).

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::{Arc, Mutex};

use pagefind::api::PagefindIndex;
use pagefind::options::PagefindServiceConfig;

/// Pagefind's own search UIs (we ship our own, in search.html): never
/// loaded by the default theme, so left out of the output (about 430 kB).
const UNUSED: &[&str] = &[
    "pagefind-ui.js",
    "pagefind-ui.css",
    "pagefind-modular-ui.js",
    "pagefind-modular-ui.css",
    "pagefind-component-ui.js",
    "pagefind-component-ui.css",
    "pagefind-highlight.js",
];

/// The code files, and for each language the name of its WebAssembly
/// (`wasm` in pagefind-entry.json), if Pagefind has one for it.
#[derive(Debug, Default)]
pub(crate) struct Assets {
    pub files: Vec<(String, Vec<u8>)>,
    pub wasm: BTreeMap<String, Option<String>>,
    /// Pagefind's version, as its entry file says it.
    pub version: String,
}

type Made = Mutex<Vec<(Vec<String>, Arc<Assets>)>>;

/// The assets for `languages` (lower case, sorted).
pub(crate) fn for_languages(languages: &[String]) -> Result<Arc<Assets>, String> {
    static MADE: Made = Mutex::new(Vec::new());
    let mut made = MADE
        .lock()
        .map_err(|_| "the search assets are unavailable".to_string())?;
    if let Some((_, assets)) = made.iter().find(|(l, _)| l == languages) {
        return Ok(Arc::clone(assets));
    }
    let assets = Arc::new(make(languages)?);
    made.push((languages.to_vec(), Arc::clone(&assets)));
    Ok(assets)
}

fn make(languages: &[String]) -> Result<Assets, String> {
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
        for (i, language) in languages.iter().enumerate() {
            let html = format!("<html lang=\"{language}\"><body><p>a</p></body></html>");
            index
                .add_html_file(None, Some(format!("/{i}/")), html)
                .await
                .map_err(|e| format!("{e:#}"))?;
        }
        index.get_files().await.map_err(|e| format!("{e:#}"))
    })?;
    let mut assets = Assets::default();
    for file in files {
        let Some(rel) = slash_path(&file.filename) else {
            continue;
        };
        if rel == "pagefind-entry.json" {
            read_entry(&file.contents, &mut assets)?;
        }
        let code = rel.ends_with(".js") || rel.starts_with("wasm.");
        if code && !UNUSED.contains(&rel.as_str()) {
            assets.files.push((rel, file.contents));
        }
    }
    Ok(assets)
}

fn read_entry(bytes: &[u8], assets: &mut Assets) -> Result<(), String> {
    let entry: serde_json::Value =
        serde_json::from_slice(bytes).map_err(|e| format!("Pagefind's entry file: {e}"))?;
    assets.version = entry["version"].as_str().unwrap_or_default().to_string();
    if let Some(languages) = entry["languages"].as_object() {
        for (language, meta) in languages {
            let wasm = meta["wasm"].as_str().map(str::to_string);
            assets.wasm.insert(language.clone(), wasm);
        }
    }
    Ok(())
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
