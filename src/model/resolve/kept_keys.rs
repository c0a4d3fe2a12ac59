//! With `front_matter: { unknown_keys: extra }`, the keys mekong does not
//! read are kept under `extra`; one warning for the whole site counts them
//! per key, instead of one per file, so a moved site's thousand pages say
//! it once.

use std::collections::BTreeMap;

use crate::content::raw::{RawPage, RawSection};
use crate::diagnostics::{Diagnostic, Diagnostics};

/// How many keys the warning names before it counts the rest.
const SHOWN: usize = 12;

pub fn warn(pages: &[RawPage], sections: &[RawSection], diagnostics: &mut Diagnostics) {
    let keys = pages
        .iter()
        .flat_map(|p| &p.kept_keys)
        .chain(sections.iter().flat_map(|s| &s.kept_keys));
    if let Some(message) = message(keys) {
        diagnostics.push(
            Diagnostic::warning(crate::config::CONFIG_FILE, message).help(
                "templates read them as `page.extra.KEY` and `section.extra.KEY`; \
                 set `front_matter: { unknown_keys: error }` to have each reported",
            ),
        );
    }
}

/// "unknown front-matter keys kept under page.extra / section.extra:
/// keywords ×737, params ×543"; `None` when no key was kept.
fn message<'a>(keys: impl Iterator<Item = &'a String>) -> Option<String> {
    let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
    for key in keys {
        *counts.entry(key).or_default() += 1;
    }
    if counts.is_empty() {
        return None;
    }
    let mut sorted: Vec<(&str, usize)> = counts.into_iter().collect();
    sorted.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    let mut list: Vec<String> = sorted
        .iter()
        .take(SHOWN)
        .map(|(key, n)| format!("{key} ×{n}"))
        .collect();
    if sorted.len() > SHOWN {
        list.push(format!("and {} other keys", sorted.len() - SHOWN));
    }
    Some(format!(
        "unknown front-matter keys kept under page.extra / section.extra: {}",
        list.join(", ")
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_per_key_most_used_first() {
        let keys: Vec<String> = [
            "params",
            "keywords",
            "keywords",
            "linkTitle",
            "params",
            "keywords",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        assert_eq!(
            message(keys.iter()).as_deref(),
            Some(
                "unknown front-matter keys kept under page.extra / section.extra: keywords ×3, params ×2, linkTitle ×1"
            )
        );
        assert_eq!(message([].iter()), None);
        let many: Vec<String> = (0..15).map(|i| format!("k{i:02}")).collect();
        assert!(
            message(many.iter())
                .unwrap()
                .ends_with("k11 ×1, and 3 other keys")
        );
    }
}
