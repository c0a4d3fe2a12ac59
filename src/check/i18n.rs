//! Theme strings, as the renderer resolved them (`render::strings`): keys
//! templates ask for that no language defines, which show as the key
//! itself. Keys one language lacks were already reported by the build
//! (and are in `check`'s findings with its other warnings); a file that is
//! not a flat `key: text` mapping already stopped the build.

use std::collections::{BTreeMap, BTreeSet};

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::model::Site;
use crate::render::strings::Texts;
use crate::render::templates::Source;

pub fn check(
    site: &Site,
    templates: &BTreeMap<String, Source>,
    texts: &Texts,
    findings: &mut Diagnostics,
) {
    let all: BTreeSet<&str> = texts
        .values()
        .flat_map(|texts| texts.keys().map(String::as_str))
        .collect();
    if all.is_empty() {
        return;
    }
    unknown_keys(site, templates, &all, findings);
}

/// Literal `trans(key=…)` keys of the templates that no language defines.
fn unknown_keys(
    site: &Site,
    templates: &BTreeMap<String, Source>,
    all: &BTreeSet<&str>,
    findings: &mut Diagnostics,
) {
    for (name, source) in templates {
        for (key, span) in literal_keys(&source.text) {
            if all.contains(key) {
                continue;
            }
            findings.push(
                Diagnostic::warning(
                    &source.shown,
                    format!("template asks for i18n key `{key}`, which no language defines"),
                )
                .at(&source.text, span)
                .label("shown as the key itself")
                .help(format!(
                    "add `{key}: …` to i18n/{}.yaml (used by {name})",
                    site.config.default_language
                )),
            );
        }
    }
}

/// `trans(key="…")` calls with a literal key, and the key's span.
fn literal_keys(text: &str) -> Vec<(&str, std::ops::Range<usize>)> {
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(at) = text[from..].find("trans(") {
        let call = from + at + "trans(".len();
        from = call;
        let close = text[call..].find(')').map_or(text.len(), |i| call + i);
        let args = &text[call..close];
        let Some(key_at) = args.find("key") else {
            continue;
        };
        let after = args[key_at + 3..].trim_start();
        let Some(value) = after.strip_prefix('=') else {
            continue;
        };
        let value = value.trim_start();
        let Some(quote) = value.chars().next().filter(|c| *c == '"' || *c == '\'') else {
            continue;
        };
        let Some(end) = value[1..].find(quote) else {
            continue;
        };
        let start = close - args.len() + (args.len() - value.len()) + 1;
        out.push((&value[1..1 + end], start..start + end));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_literal_trans_keys() {
        let text = r#"{{ trans(key="home") }} {{ trans(key = 'x', lang="en") }} {{ trans(key=taxonomy.name) }}"#;
        let keys: Vec<(&str, &str)> = literal_keys(text)
            .into_iter()
            .map(|(k, span)| (k, &text[span]))
            .collect();
        assert_eq!(keys, [("home", "home"), ("x", "x")]);
    }
}
