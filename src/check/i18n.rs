//! Theme strings, as the renderer loaded them (`render::strings`): keys
//! that one configured language has and another lacks, and keys templates
//! ask for that no language defines. Both warnings: `trans()` falls back
//! to the default language, then to the key itself. A file that is not a
//! flat `key: text` mapping already stopped the build.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::model::Site;
use crate::render::strings::{StringsFile, Texts};
use crate::render::templates::{Source, Theme};

/// How `Theme::shown` names files of the theme compiled into the binary.
const BUILT_IN: &str = "<built-in default theme>";

/// What the renderer loaded: the strings and the files they came from.
pub(crate) struct Loaded<'a> {
    pub texts: &'a Texts,
    pub files: &'a [StringsFile],
}

impl Loaded<'_> {
    fn keys(&self, lang: &str) -> BTreeSet<&str> {
        self.texts
            .get(lang)
            .into_iter()
            .flat_map(|texts| texts.keys().map(String::as_str))
            .collect()
    }
}

pub fn check(
    root: &Path,
    theme: &Theme,
    site: &Site,
    templates: &BTreeMap<String, Source>,
    loaded: Loaded,
    findings: &mut Diagnostics,
) {
    let languages: Vec<&str> = site
        .config
        .languages
        .iter()
        .map(|l| l.code.as_str())
        .collect();
    let all: BTreeSet<&str> = languages.iter().flat_map(|l| loaded.keys(l)).collect();
    if all.is_empty() {
        return;
    }
    for &lang in &languages {
        // The site's file for a language wins where both exist.
        match loaded.files.iter().rev().find(|f| f.lang == lang) {
            Some(file) => {
                let target = where_strings_go(root, file);
                for key in all.difference(&loaded.keys(lang)) {
                    findings.push(missing_key(&loaded, &languages, lang, key, &target));
                }
            }
            None => findings.push(
                Diagnostic::warning(
                    theme.shown("i18n", &format!("{lang}.yaml")),
                    format!("no theme strings for language `{lang}`"),
                )
                .help(format!(
                    "pages in `{lang}` show the {} text; add i18n/{lang}.yaml",
                    site.config.default_language
                )),
            ),
        }
    }
    unknown_keys(site, templates, &all, findings);
}

/// The file a language's missing string is added to. The built-in theme
/// cannot be edited: the site's own i18n/ file, merged over the theme's, is
/// where it goes then.
fn where_strings_go(root: &Path, file: &StringsFile) -> PathBuf {
    if file.shown.starts_with(BUILT_IN) {
        PathBuf::from(format!("i18n/{}.yaml", file.lang))
    } else {
        display(root, &file.shown)
    }
}

fn missing_key(
    loaded: &Loaded,
    languages: &[&str],
    lang: &str,
    key: &str,
    target: &Path,
) -> Diagnostic {
    let defined_in: Vec<&str> = languages
        .iter()
        .copied()
        .filter(|l| loaded.keys(l).contains(key))
        .collect();
    Diagnostic::warning(target, format!("i18n key `{key}` is missing in `{lang}`")).help(format!(
        "defined in {}; add `{key}: …` to {}",
        defined_in.join(", "),
        target.display()
    ))
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

fn display(root: &Path, path: &Path) -> PathBuf {
    crate::diagnostics::display_path(root, path)
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
