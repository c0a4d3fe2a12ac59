//! Page weight at phone width: each page's HTML, the stylesheets and
//! scripts it links, and every image a 390 px screen at DPR 2 loads (the
//! `srcset` candidate the browser picks, a `<picture>`'s first `<source>`
//! with a srcset before its `<img>`; lazy images count, a reader scrolls).
//! Over site.yaml's `page_weight_budget` (kB) is a warning listing the
//! biggest files. Read from the rendered files in memory.

use std::collections::BTreeMap;

use rayon::prelude::*;

use super::choose::choose;
use crate::check::target::{Target, resolve};
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::model::Site;
use crate::output::{Content, Outputs};

/// How many of the biggest files a warning names.
const LISTED: usize = 5;

pub(super) fn check(site: &Site, outputs: &Outputs, findings: &mut Diagnostics) {
    let budget = site.config.page_weight_budget;
    if budget == 0 {
        return;
    }
    let found: Vec<Diagnostic> = site
        .pages
        .par_iter()
        .filter_map(|page| {
            let dir = page.path.as_str();
            let html = crate::url::index_file(dir);
            let files = weigh(site, outputs, &html)?;
            let total: u64 = files.values().sum();
            (total > budget * 1000).then(|| warning(&page.file.shown, budget, total, files))
        })
        .collect();
    for d in found {
        findings.push(d);
    }
}

/// The files a phone loads for the HTML file `html`, with their sizes in
/// bytes; `None` when there is no such file.
pub(super) fn weigh(site: &Site, outputs: &Outputs, html: &str) -> Option<BTreeMap<String, u64>> {
    let bytes = outputs.get(html)?.bytes().ok()?;
    let mut files = BTreeMap::new();
    files.insert(html.to_string(), bytes.len() as u64);
    let text = String::from_utf8_lossy(&bytes);
    let dir = crate::check::target::output_dir(html);
    for url in loaded(&text) {
        let Target::Site { path, .. } = resolve(&site.config.base_url, dir, &url) else {
            continue;
        };
        let found = [path.clone(), crate::url::index_file(&path)]
            .into_iter()
            .find_map(|p| Some((outputs.get(&p)?, p)));
        if let Some((content, path)) = found {
            files.entry(path).or_insert_with(|| size(content));
        }
    }
    Some(files)
}

/// The URLs a browser loads for the page: stylesheets, scripts, and one
/// candidate of each image.
fn loaded(html: &str) -> Vec<String> {
    let Ok(dom) = tl::parse(html, tl::ParserOptions::default()) else {
        return Vec::new();
    };
    let mut urls = Vec::new();
    // A `<picture>`'s chosen `<source>`, waiting for its `<img>`.
    let mut source: Option<String> = None;
    for node in dom.nodes() {
        let Some(tag) = node.as_tag() else { continue };
        let attrs = tag.attributes();
        let get = |name: &str| {
            attrs
                .get(name)
                .flatten()
                .map(|v| crate::check::html::decode_entities(&v.as_utf8_str()).into_owned())
        };
        let name = tag.name().as_utf8_str().to_ascii_lowercase();
        match name.as_str() {
            "link" => {
                let rel = get("rel").unwrap_or_default().to_ascii_lowercase();
                if rel.split_whitespace().any(|r| r == "stylesheet") {
                    urls.extend(get("href"));
                }
            }
            "script" => urls.extend(get("src")),
            "source" if source.is_none() => {
                let srcset = get("srcset");
                let kind = get("type").unwrap_or_default();
                let known =
                    kind.is_empty() || ["image/webp", "image/avif"].contains(&kind.as_str());
                if known && srcset.is_some() {
                    let sizes = get("sizes");
                    source = choose(None, srcset.as_deref(), sizes.as_deref()).map(str::to_string);
                }
            }
            "img" => match source.take() {
                Some(url) => urls.push(url),
                None => {
                    let (src, srcset, sizes) = (get("src"), get("srcset"), get("sizes"));
                    let chosen = choose(src.as_deref(), srcset.as_deref(), sizes.as_deref());
                    urls.extend(chosen.map(str::to_string));
                }
            },
            _ => {}
        }
    }
    urls
}

fn size(content: &Content) -> u64 {
    match content {
        Content::Bytes(bytes) => bytes.len() as u64,
        Content::File(path) => std::fs::metadata(path).map_or(0, |m| m.len()),
        Content::Theme(_) | Content::Pending => content.bytes().map_or(0, |b| b.len() as u64),
    }
}

fn warning(
    shown: &std::path::Path,
    budget: u64,
    total: u64,
    files: BTreeMap<String, u64>,
) -> Diagnostic {
    let mut biggest: Vec<(String, u64)> = files.into_iter().collect();
    biggest.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    let count = biggest.len();
    let listed: Vec<String> = biggest
        .iter()
        .take(LISTED)
        .map(|(path, bytes)| format!("{path} ({})", kb(*bytes)))
        .collect();
    Diagnostic::warning(
        shown,
        format!(
            "page weighs {} on a 390 px phone screen, over the {budget} kB budget; biggest of its {count} files: {}",
            kb(total),
            listed.join(", ")
        ),
    )
    .code("page weight")
    .help("make its images smaller (crop screenshots to what matters, fewer per page) or split the page; or raise `page_weight_budget` in site.yaml")
}

/// Bytes as kB (1 kB = 1000 bytes), one decimal below 10 kB.
fn kb(bytes: u64) -> String {
    if bytes < 10_000 {
        format!("{:.1} kB", bytes as f64 / 1000.0)
    } else {
        format!("{} kB", (bytes + 500) / 1000)
    }
}
