//! Pages that exist in one configured language but not in another. A
//! warning: some pages are meant for one audience only.

use std::collections::BTreeMap;

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::model::Site;

pub fn check(site: &Site, findings: &mut Diagnostics) {
    let languages = &site.config.languages;
    if languages.len() < 2 {
        return;
    }
    let mut groups: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    for (i, page) in site.pages.iter().enumerate() {
        groups.entry(page.key.as_str()).or_default().push(i);
    }
    for group in groups.values() {
        let has = |code: &str| group.iter().any(|&i| site.pages[i].file.lang == code);
        let missing: Vec<&str> = languages
            .iter()
            .map(|l| l.code.as_str())
            .filter(|code| !has(code))
            .collect();
        if missing.is_empty() {
            continue;
        }
        let shown_in = group
            .iter()
            .copied()
            .find(|&i| site.pages[i].file.lang == site.config.default_language)
            .unwrap_or(group[0]);
        let page = &site.pages[shown_in];
        let files: Vec<String> = missing
            .iter()
            .map(|lang| translation_file(site, shown_in, lang))
            .collect();
        findings.push(
            Diagnostic::warning(
                &page.file.shown,
                format!("page has no translation in {}", missing.join(", ")),
            )
            .help(format!(
                "add {}, or leave it if the page is for one audience only",
                files.join(" and ")
            )),
        );
    }
}

/// "content/guides/x.en.md" for the page `index` in `lang`.
fn translation_file(site: &Site, index: usize, lang: &str) -> String {
    let file = &site.pages[index].file;
    let stem = if site.pages[index].is_bundle {
        "index"
    } else {
        file.stem.as_str()
    };
    let name = if lang == site.config.default_language {
        format!("{stem}.md")
    } else {
        format!("{stem}.{lang}.md")
    };
    if file.dir.is_empty() {
        format!("content/{name}")
    } else {
        format!("content/{}/{name}", file.dir)
    }
}
