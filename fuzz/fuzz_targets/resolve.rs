//! Resolving sites whose files and folders have any names (Chinese,
//! Khmer, accents, emoji, a multi-byte first character, a root
//! `index.md`): no panic, and no path is ever cut inside a name — every
//! asset's output ends with its own file name.
#![no_main]

use std::sync::Arc;

use libfuzzer_sys::fuzz_target;
use mekong::config::Config;
use mekong::content::walk::load_texts;
use mekong::diagnostics::Diagnostics;
use mekong::model::resolve::resolve;

const PAGE: &str = "---\ntitle: T\ndate: 2026-01-01\n---\nBody.\n";

fuzz_target!(|input: Vec<(Vec<&str>, u8)>| {
    let Ok(config) = Config::parse(
        std::path::Path::new("site.yaml"),
        &Arc::from(
            "title: T\ndefault_language: zh\nlanguages: {en: {}}\ntaxonomies: [operators]\n",
        ),
    ) else {
        return;
    };
    let mut files: Vec<(String, Arc<str>)> = Vec::new();
    for (folders, kind) in input.iter().take(64) {
        let mut parts: Vec<&str> = folders
            .iter()
            .copied()
            .filter(|s| !s.is_empty() && !s.starts_with('.') && !s.contains(['/', '\\', '\0']))
            .take(4)
            .collect();
        let name = parts.pop().unwrap_or("x");
        let dir: String = parts.iter().map(|p| format!("{p}/")).collect();
        let rel = match kind % 6 {
            0 => format!("{dir}{name}.md"),
            1 => format!("{dir}index.md"),
            2 => format!("{dir}_index.md"),
            3 => format!("{dir}{name}.en.md"),
            4 => format!("{dir}index.en.md"),
            _ => format!("{dir}{name}"),
        };
        if !files.iter().any(|(r, _)| *r == rel) {
            files.push((rel, Arc::from(PAGE)));
        }
    }
    let mut diagnostics = Diagnostics::default();
    let raw = load_texts(&files, &config, &mut diagnostics);
    let names: Vec<(String, String)> = raw
        .assets
        .iter()
        .map(|a| (a.rel.clone(), a.stem.clone()))
        .collect();
    let date = jiff::civil::date(2026, 11, 26);
    let site = resolve(config, raw, date, false, &mut diagnostics);
    for asset in &site.assets {
        let rel = asset.source.to_string_lossy();
        // strip_prefix, not trim_start_matches: a folder may itself be
        // named `content` (the first crash this target found was its own).
        let rel = rel.strip_prefix("content/").unwrap_or(&rel);
        let (_, name) = names
            .iter()
            .find(|(r, _)| r == rel)
            .expect("every asset comes from a file");
        assert!(
            asset.output.ends_with(name.as_str()),
            "{rel:?} → {:?} lost part of its name",
            asset.output
        );
    }
});
