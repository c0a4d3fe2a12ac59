//! Small sites from texts, for the model's unit tests.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::config::Config;
use crate::content::raw::{FileKind, RawSite};
use crate::content::walk::{classify, folder_pages, load_texts};
use crate::diagnostics::Diagnostics;
use crate::model::Site;

pub(crate) const CONFIG: &str = "title: T\ndefault_language: zh\nlanguages: {en: {title: E}}\n\
    taxonomies: [{name: operators, closed: true}, {name: topics, sort_by: title}]\n";

/// `files`: (path under content/, text) pairs; pages without a `date:`
/// get one, so tests only write what they are about.
pub fn raw(files: &[(&str, &str)]) -> (Config, RawSite) {
    let config = Config::parse(Path::new("site.yaml"), &Arc::from(CONFIG)).expect("config");
    let mut kinds: Vec<_> = files
        .iter()
        .map(|(rel, _)| classify(rel, Path::new(rel), PathBuf::from(rel), &config))
        .collect();
    folder_pages(&mut kinds);
    let texts: Vec<(String, Arc<str>)> = files
        .iter()
        .zip(kinds)
        .map(|((rel, text), (_, kind))| {
            let is_page = matches!(kind, FileKind::Page | FileKind::BundlePage);
            let text = match text.strip_prefix("---\n") {
                Some(rest) if is_page && !text.contains("date:") => {
                    format!("---\ndate: 2026-01-01\n{rest}")
                }
                _ => text.to_string(),
            };
            (rel.to_string(), Arc::from(text))
        })
        .collect();
    let mut diagnostics = Diagnostics::default();
    let raw = load_texts(&texts, &config, &mut diagnostics);
    assert!(!diagnostics.has_errors(), "{diagnostics:?}");
    (config, raw)
}

pub fn site(files: &[(&str, &str)]) -> (Site, Diagnostics) {
    let (config, raw) = raw(files);
    let mut diagnostics = Diagnostics::default();
    let date = jiff::civil::date(2026, 11, 26);
    let site = crate::model::resolve::resolve(config, raw, date, false, &mut diagnostics);
    (site, diagnostics)
}
