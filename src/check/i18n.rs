//! Theme strings (`i18n/<lang>.yaml` of the theme, then of the site):
//! keys that one configured language has and another lacks, keys templates
//! ask for that no language defines, and files the renderer silently
//! ignores because they are not a flat `key: text` mapping. All warnings:
//! `trans()` falls back to the default language, then to the key itself.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use serde_yaml::Value;

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::model::Site;
use crate::render::templates::{Source, Theme};
use crate::yaml::{Limits, YamlDoc};

/// How `Theme::shown` names files of the theme compiled into the binary.
const BUILT_IN: &str = "<built-in default theme>";

/// One i18n file that parsed: its keys.
struct Strings {
    lang: String,
    shown: PathBuf,
    keys: BTreeSet<String>,
}

pub fn check(
    root: &Path,
    theme: &Theme,
    site: &Site,
    templates: &BTreeMap<String, Source>,
    findings: &mut Diagnostics,
) {
    let files = load(root, theme, findings);
    let languages: Vec<&str> = site
        .config
        .languages
        .iter()
        .map(|l| l.code.as_str())
        .collect();
    let keys_of = |lang: &str| -> BTreeSet<&str> {
        files
            .iter()
            .filter(|f| f.lang == lang)
            .flat_map(|f| f.keys.iter().map(String::as_str))
            .collect()
    };
    let all: BTreeSet<&str> = languages.iter().flat_map(|l| keys_of(l)).collect();
    if all.is_empty() {
        return;
    }
    for &lang in &languages {
        let own = keys_of(lang);
        // The site's file for a language wins where both exist.
        let Some(file) = files.iter().rev().find(|f| f.lang == lang) else {
            findings.push(
                Diagnostic::warning(
                    theme.shown("i18n", &format!("{lang}.yaml")),
                    format!("no theme strings for language `{lang}`"),
                )
                .help(format!(
                    "pages in `{lang}` show the {} text; add i18n/{lang}.yaml",
                    site.config.default_language
                )),
            );
            continue;
        };
        // The built-in theme cannot be edited: the site's own i18n/ file,
        // merged over the theme's, is where a missing string goes.
        let target = if file.shown.starts_with(BUILT_IN) {
            PathBuf::from(format!("i18n/{lang}.yaml"))
        } else {
            display(root, &file.shown)
        };
        for key in all.difference(&own) {
            let defined_in: Vec<&str> = languages
                .iter()
                .copied()
                .filter(|l| keys_of(l).contains(key))
                .collect();
            findings.push(
                Diagnostic::warning(&target, format!("i18n key `{key}` is missing in `{lang}`"))
                    .help(format!(
                        "defined in {}; add `{key}: …` to {}",
                        defined_in.join(", "),
                        target.display()
                    )),
            );
        }
    }
    for (name, source) in templates {
        for (key, span) in literal_keys(&source.text) {
            if !all.contains(key) {
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
}

fn display(root: &Path, path: &Path) -> PathBuf {
    crate::diagnostics::display_path(root, path)
}

/// The theme's files, then the site's own i18n/, as `load_strings` reads
/// them; files it would ignore are reported.
fn load(root: &Path, theme: &Theme, findings: &mut Diagnostics) -> Vec<Strings> {
    let mut found: Vec<(String, PathBuf, Option<Vec<u8>>)> = Vec::new();
    for (rel, file) in theme.files("i18n") {
        if let Some(lang) = rel.strip_suffix(".yaml") {
            found.push((
                lang.to_string(),
                theme.shown("i18n", &rel),
                file.read().ok(),
            ));
        }
    }
    if let Ok(entries) = std::fs::read_dir(root.join("i18n")) {
        let mut entries: Vec<_> = entries.flatten().collect();
        entries.sort_by_key(|e| e.file_name());
        for entry in entries {
            let name = entry.file_name().to_string_lossy().into_owned();
            if let Some(lang) = name.strip_suffix(".yaml") {
                found.push((
                    lang.to_string(),
                    Path::new("i18n").join(&name),
                    std::fs::read(entry.path()).ok(),
                ));
            }
        }
    }
    let mut out = Vec::new();
    for (lang, shown, bytes) in found {
        let shown = display(root, &shown);
        let ignored = |why: String| {
            Diagnostic::warning(&shown, format!("i18n file is ignored: {why}"))
                .help("write one `key: text` line per string")
        };
        let Some(text) = bytes.and_then(|b| String::from_utf8(b).ok()) else {
            findings.push(ignored("it is not readable UTF-8 text".into()));
            continue;
        };
        let text: Arc<str> = Arc::from(text);
        let yaml = match YamlDoc::parse(&shown, &text, 0..text.len(), &Limits::FILE) {
            Ok(yaml) => yaml,
            Err(mut d) => {
                d.severity = crate::diagnostics::Severity::Warning;
                d.message = format!("i18n file is ignored: {}", d.message);
                findings.push(d);
                continue;
            }
        };
        let bad = yaml
            .map
            .iter()
            .zip(yaml.root.entries())
            .find(|((k, v), _)| !matches!((k, v), (Value::String(_), Value::String(_))));
        if let Some((_, entry)) = bad {
            findings.push(
                Diagnostic::warning(&shown, "i18n file is ignored: every value must be text")
                    .at(&text, yaml.value_or_key(entry))
                    .label("not text")
                    .help("quote the value, e.g. `key: \"10\"`; the renderer drops the whole file"),
            );
            continue;
        }
        let keys = yaml
            .map
            .keys()
            .filter_map(|k| k.as_str().map(str::to_string))
            .collect();
        out.push(Strings { lang, shown, keys });
    }
    out
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
