//! Which text each language shows for each key, decided once per build.
//!
//! A language's own strings are its file's over its base language's
//! (`zh-CN` reads `zh-CN.yaml` over `zh.yaml`, so a theme with only
//! `zh.yaml` serves `zh-CN`, `zh-TW` and `zh-Hant`). A key it still lacks
//! is taken from, in order: the default language (and its base), English,
//! then any other language of the site. So a key one language of the site
//! defines never shows as the raw key: it shows another language's text,
//! and the build warns once per key and language, naming the file to add
//! it to.

use std::collections::{BTreeSet, HashMap};
use std::path::{Path, PathBuf};

use super::{Strings, StringsFile, Texts};
use crate::config::Config;
use crate::diagnostics::{Diagnostic, Diagnostics, display_path};

/// The last resort before another language of the site: the language
/// themes are written in.
const ENGLISH: &str = "en";

/// How `Theme::shown` names files of the theme compiled into the binary.
const BUILT_IN: &str = "<built-in default theme>";

/// `zh-CN` → `zh`, `pt_BR` → `pt`; none for a code without a region.
pub(crate) fn base_language(lang: &str) -> Option<&str> {
    lang.split_once(['-', '_'])
        .map(|(base, _)| base)
        .filter(|base| !base.is_empty())
}

type Map = HashMap<String, String>;

impl Strings {
    /// A language's own strings: its base language's, its own over them.
    fn own(&self, lang: &str) -> Map {
        let mut own = Map::new();
        for code in base_language(lang).into_iter().chain([lang]) {
            if let Some(texts) = self.texts.get(code) {
                own.extend(texts.iter().map(|(k, v)| (k.clone(), v.clone())));
            }
        }
        own
    }

    /// The file that holds (or should hold) a language's strings, as shown.
    fn file_of(&self, lang: &str) -> Option<&StringsFile> {
        let found = |code: &str| self.files.iter().rev().find(|f| f.lang == code);
        found(lang).or_else(|| base_language(lang).and_then(found))
    }

    /// Every language's full table (see the module comment), for the
    /// site's languages and any other language a file was loaded for, and
    /// a warning for each key a language of the site lacks.
    pub(crate) fn resolve(
        &self,
        root: &Path,
        config: &Config,
        diagnostics: &mut Diagnostics,
    ) -> Texts {
        let site: Vec<&str> = config.languages.iter().map(|l| l.code.as_str()).collect();
        let order = fallback_order(&config.default_language, &site);
        let owns: Vec<(&str, Map)> = order.iter().map(|&l| (l, self.own(l))).collect();
        let defined: BTreeSet<&str> = site
            .iter()
            .flat_map(|l| owns.iter().find(|(code, _)| code == l))
            .flat_map(|(_, own)| own.keys().map(String::as_str))
            .collect();
        let known = Known {
            root,
            owns: &owns,
            defined: &defined,
        };
        let mut texts = Texts::new();
        let others = self.texts.keys().map(String::as_str);
        for lang in site.iter().copied().chain(others) {
            if texts.contains_key(lang) {
                continue;
            }
            let own = self.own(lang);
            if site.contains(&lang) && !defined.is_empty() && !self.refused {
                self.warn_missing(&known, lang, &own, diagnostics);
            }
            let mut full = own;
            for (_, fallback) in &owns {
                for (key, text) in fallback {
                    full.entry(key.clone()).or_insert_with(|| text.clone());
                }
            }
            texts.insert(lang.to_string(), full);
        }
        texts
    }

    /// One warning per key `lang` lacks, or one for the whole language
    /// when it has no file at all.
    fn warn_missing(&self, known: &Known, lang: &str, own: &Map, diagnostics: &mut Diagnostics) {
        let Known {
            root,
            owns,
            defined,
        } = *known;
        let shown_from = |key: &str| {
            owns.iter()
                .find(|(code, own)| *code != lang && own.contains_key(key))
                .map_or("", |(code, _)| *code)
        };
        let Some(file) = self.file_of(lang) else {
            let from = defined.iter().next().map_or("", |key| shown_from(key));
            diagnostics.push(
                Diagnostic::warning(
                    format!("i18n/{lang}.yaml"),
                    format!("no theme strings for language `{lang}`"),
                )
                .help(format!(
                    "pages in `{lang}` show the `{from}` text; add i18n/{lang}.yaml"
                )),
            );
            return;
        };
        let target = where_strings_go(root, file, lang);
        for &key in defined.iter().filter(|key| !own.contains_key(**key)) {
            diagnostics.push(
                Diagnostic::warning(&target, format!("i18n key `{key}` is missing in `{lang}`"))
                    .help(format!(
                        "pages in `{lang}` show the `{}` text; add `{key}: …` to {}",
                        shown_from(key),
                        target.display()
                    )),
            );
        }
    }
}

/// What every language's warnings are worked out against.
struct Known<'a> {
    root: &'a Path,
    /// Each fallback language's own strings, in fallback order.
    owns: &'a [(&'a str, Map)],
    /// Every key some language of the site has.
    defined: &'a BTreeSet<&'a str>,
}

/// The languages a missing key is looked up in, in order, each once.
fn fallback_order<'a>(default: &'a str, site: &[&'a str]) -> Vec<&'a str> {
    let mut order: Vec<&str> = Vec::new();
    let first = [Some(default), base_language(default), Some(ENGLISH)];
    for lang in first.into_iter().flatten().chain(site.iter().copied()) {
        if !order.contains(&lang) {
            order.push(lang);
        }
    }
    order
}

/// The file a language's missing string is added to. The built-in theme
/// cannot be edited, nor should a theme's `zh.yaml` change for a site in
/// `zh-CN`: the site's own i18n/ file, merged over the theme's, is where
/// it goes then.
fn where_strings_go(root: &Path, file: &StringsFile, lang: &str) -> PathBuf {
    if file.shown.starts_with(BUILT_IN) || file.lang != lang {
        PathBuf::from(format!("i18n/{lang}.yaml"))
    } else {
        display_path(root, &file.shown)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn strings(files: &[(&str, &[(&str, &str)])]) -> Strings {
        let mut strings = Strings::default();
        for (lang, pairs) in files {
            let map = pairs
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect();
            strings.texts.insert(lang.to_string(), map);
            strings.files.push(StringsFile {
                lang: lang.to_string(),
                shown: PathBuf::from(format!("i18n/{lang}.yaml")),
            });
        }
        strings
    }

    fn config(yaml: &str) -> Config {
        Config::parse(Path::new("site.yaml"), &std::sync::Arc::from(yaml)).expect("config")
    }

    #[test]
    fn a_region_reads_its_base_language() {
        assert_eq!(base_language("zh-CN"), Some("zh"));
        assert_eq!(base_language("pt_BR"), Some("pt"));
        assert_eq!(base_language("zh-Hant-TW"), Some("zh"));
        assert_eq!(base_language("en"), None);
        let loaded = strings(&[
            ("en", &[("published", "Published"), ("home", "Home")]),
            ("zh", &[("published", "发布于"), ("home", "首页")]),
            ("zh-CN", &[("home", "主页")]),
        ]);
        let config = config("title: t\nbase_url: https://e.org/\ndefault_language: zh-CN\n");
        let mut diagnostics = Diagnostics::default();
        let texts = loaded.resolve(Path::new("."), &config, &mut diagnostics);
        assert_eq!(texts["zh-CN"]["published"], "发布于");
        assert_eq!(texts["zh-CN"]["home"], "主页");
        assert!(diagnostics.is_empty(), "{diagnostics:?}");
    }

    #[test]
    fn a_missing_key_falls_back_once_with_a_warning() {
        let loaded = strings(&[
            ("en", &[("published", "Published"), ("extra", "Extra")]),
            ("km", &[("published", "បោះពុម្ព")]),
            ("fr", &[("published", "Publié")]),
        ]);
        let config = config(
            "title: t\nbase_url: https://e.org/\ndefault_language: km\nlanguages:\n  en: {}\n  de: {}\n",
        );
        let mut diagnostics = Diagnostics::default();
        let texts = loaded.resolve(Path::new("."), &config, &mut diagnostics);
        assert_eq!(texts["km"]["extra"], "Extra");
        assert_eq!(texts["de"]["published"], "បោះពុម្ព");
        assert_eq!(
            texts["fr"]["extra"], "Extra",
            "a language loaded but not configured"
        );
        let shown: Vec<String> = diagnostics.iter().map(|d| d.message.clone()).collect();
        assert_eq!(
            shown,
            [
                "i18n key `extra` is missing in `km`",
                "no theme strings for language `de`"
            ]
        );
    }
}
