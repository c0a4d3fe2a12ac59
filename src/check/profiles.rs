//! Term profiles (content/<taxonomy>/<term>.md) that no page uses: an
//! operator page with no guide is a warning, not an error.

use std::collections::BTreeMap;

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::model::Site;

pub fn check(site: &Site, findings: &mut Diagnostics) {
    // (taxonomy, term) → profile files, default language first.
    let mut terms: BTreeMap<(&str, &str), Vec<usize>> = BTreeMap::new();
    for (i, profile) in site.profiles.iter().enumerate() {
        terms
            .entry((profile.taxonomy.as_str(), profile.term.as_str()))
            .or_default()
            .push(i);
    }
    for ((taxonomy, term), files) in terms {
        let used = site
            .taxonomies
            .iter()
            .filter(|t| t.name == taxonomy)
            .any(|t| t.term(term).is_some_and(|t| !t.pages.is_empty()));
        if used {
            continue;
        }
        let shown_in = files
            .iter()
            .copied()
            .find(|&i| site.profiles[i].file.lang == site.config.default_language)
            .unwrap_or(files[0]);
        findings.push(
            Diagnostic::warning(
                &site.profiles[shown_in].file.shown,
                format!("no page uses the {taxonomy} term `{term}`"),
            )
            .help(format!(
                "list it in a guide's front matter (`{taxonomy}: [{term}]`), or remove the profile"
            )),
        );
    }
}
