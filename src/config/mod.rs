//! site.yaml → `Config`. Strict: an unknown key is an error naming the file,
//! line and the nearest valid key, so a typo never silently does nothing.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use serde::Serialize;
use serde_yaml::{Mapping, Value};

use crate::diagnostics::{Diagnostic, did_you_mean};
use crate::url::BaseUrl;
use crate::yaml::{Entry, Limits, Node, YamlDoc, kind_of};

mod front_matter;
mod images;
mod sort_by;
mod taxonomies;
pub use front_matter::{FrontMatterConfig, UnknownKeys};
pub use images::ImagesConfig;

/// The keys `images:` takes: the JSON Schema's test holds its list to them.
#[cfg(test)]
pub(crate) fn images_keys() -> &'static [&'static str] {
    images::IMAGE_KEYS
}
pub use sort_by::SortBy;
pub(crate) use taxonomies::TAXONOMY_KEYS;
pub use taxonomies::TaxonomyConfig;
use taxonomies::taxonomies;

pub(crate) const CONFIG_FILE: &str = "site.yaml";

/// The keys of site.yaml; also the keys of `mekong schema`'s site schema.
pub(crate) const KNOWN_KEYS: &[&str] = &[
    "title",
    "description",
    "author",
    "base_url",
    "default_language",
    "languages",
    "theme",
    "timezone",
    "taxonomies",
    "feeds",
    "feed_limit",
    "stale_after_days",
    "search",
    "images",
    "page_weight_budget",
    "extra",
    "front_matter",
];
pub(crate) const LANGUAGE_KEYS: &[&str] = &["title", "description"];

#[derive(Debug, Clone, Serialize)]
pub struct Config {
    pub title: String,
    pub description: String,
    pub author: Option<String>,
    pub base_url: BaseUrl,
    pub default_language: String,
    /// Every language of the site, the default one first.
    pub languages: Vec<Language>,
    pub theme: Option<String>,
    #[serde(skip)]
    pub timezone: jiff::tz::TimeZone,
    pub taxonomies: Vec<TaxonomyConfig>,
    pub feeds: bool,
    pub feed_limit: usize,
    pub stale_after_days: Option<u32>,
    pub search: bool,
    pub images: ImagesConfig,
    /// `check` warns about a page heavier than this many kB at phone
    /// width (HTML, CSS, JS and images); 0: no limit.
    pub page_weight_budget: u64,
    pub extra: Value,
    pub front_matter: FrontMatterConfig,
}

#[derive(Debug, Clone, Serialize)]
pub struct Language {
    pub code: String,
    pub title: String,
    pub description: String,
}

impl Config {
    pub fn load(root: &Path) -> Result<Config, Vec<Diagnostic>> {
        let path = root.join(CONFIG_FILE);
        let shown = PathBuf::from(CONFIG_FILE);
        let text = match crate::source::read_text(&path, &shown) {
            Ok(text) => text,
            Err(d) => {
                let d = if !path.exists() {
                    Diagnostic::error(&shown, format!("no {CONFIG_FILE} in {}", root.display()))
                        .help("run `mekong init DIR` to start a site, or pass --root DIR")
                } else {
                    d
                };
                return Err(vec![d]);
            }
        };
        Config::parse(&shown, &text)
    }

    pub fn parse(file: &Path, text: &Arc<str>) -> Result<Config, Vec<Diagnostic>> {
        let yaml = YamlDoc::parse(
            file,
            text,
            0..text.len(),
            &Limits {
                what: CONFIG_FILE,
                ..Limits::FILE
            },
        )
        .map_err(|d| vec![d])?;
        let mut errors = yaml.unknown_keys(KNOWN_KEYS, "site.yaml");

        let title = yaml.string("title", &mut errors).unwrap_or_default();
        if title.is_empty() && yaml.raw("title").is_none() {
            errors.push(
                Diagnostic::error(file, "site.yaml needs a `title`")
                    .at(text, 0..0)
                    .help("add a line such as `title: My guides`"),
            );
        }
        let base_url = base_url(&yaml, &mut errors);
        let default_language = default_language(&yaml, &mut errors);
        let languages = languages(&yaml, &default_language, &title, &mut errors);
        let timezone = timezone(&yaml, &mut errors);
        let taxonomies = taxonomies(&yaml, &mut errors);
        let theme = theme(&yaml, &mut errors);
        let front_matter = front_matter::front_matter(&yaml, &mut errors);
        let config = Config {
            description: yaml.string("description", &mut errors).unwrap_or_default(),
            author: yaml.string("author", &mut errors),
            theme,
            feeds: yaml
                .get("feeds", "true or false", &mut errors)
                .unwrap_or(true),
            feed_limit: yaml
                .get("feed_limit", "a whole number", &mut errors)
                .unwrap_or(50),
            stale_after_days: yaml.get("stale_after_days", "a whole number of days", &mut errors),
            search: yaml
                .get("search", "true or false", &mut errors)
                .unwrap_or(false),
            images: images::images(&yaml, &mut errors),
            page_weight_budget: yaml
                .get("page_weight_budget", "a whole number of kB", &mut errors)
                .unwrap_or(500),
            extra: yaml
                .raw("extra")
                .cloned()
                .unwrap_or(Value::Mapping(Default::default())),
            title,
            base_url,
            default_language,
            languages,
            timezone,
            taxonomies,
            front_matter,
        };
        if errors.is_empty() {
            Ok(config)
        } else {
            Err(errors)
        }
    }

    pub(crate) fn language(&self, code: &str) -> Option<&Language> {
        self.languages.iter().find(|l| l.code == code)
    }

    pub fn is_language(&self, code: &str) -> bool {
        self.language(code).is_some()
    }

    pub fn taxonomy(&self, name: &str) -> Option<&TaxonomyConfig> {
        self.taxonomies.iter().find(|t| t.name == name)
    }

    /// Site path prefix of a language: "" for the default, "en/" for others.
    pub(crate) fn language_prefix(&self, lang: &str) -> String {
        if lang == self.default_language {
            String::new()
        } else {
            format!("{lang}/")
        }
    }
}

fn languages(
    yaml: &YamlDoc,
    default: &str,
    site_title: &str,
    errors: &mut Vec<Diagnostic>,
) -> Vec<Language> {
    // The default language speaks with the site's own title and description
    // unless `languages:` gives it others.
    let site_description = yaml
        .raw("description")
        .and_then(Value::as_str)
        .unwrap_or("")
        .to_string();
    let mut out = vec![Language {
        code: default.to_string(),
        title: site_title.to_string(),
        description: site_description,
    }];
    let Some(map) = languages_map(yaml, errors) else {
        return out;
    };
    let mut others = BTreeMap::new();
    // Places of the entries, in the mapping's order (none when the whole
    // mapping is an alias: then errors point at `languages:`'s value).
    let places = yaml.node("languages").map_or(&[][..], Node::entries);
    let fallback = yaml.value_span("languages");
    for (i, (code, settings)) in map.iter().enumerate() {
        let Some(code) = code.as_str() else { continue };
        let place = places.get(i);
        if !is_language_code(code) {
            errors.push(
                Diagnostic::error(yaml.file, format!("`{code}` is not a language code"))
                    .at(
                        yaml.source,
                        place.map_or(fallback.clone(), |e| e.key.span.clone()),
                    )
                    .help("use a short code such as en, km or zh-hant"),
            );
            continue;
        }
        let mut language = Language {
            code: code.to_string(),
            title: site_title.to_string(),
            description: String::new(),
        };
        if let Value::Mapping(settings) = settings {
            language_settings(yaml, settings, place, &fallback, &mut language, errors);
        }
        if code == default {
            out[0].title = language.title;
            if !language.description.is_empty() {
                out[0].description = language.description;
            }
        } else {
            others.insert(code.to_string(), language);
        }
    }
    out.extend(others.into_values());
    out
}

fn base_url(yaml: &YamlDoc, errors: &mut Vec<Diagnostic>) -> BaseUrl {
    let Some(raw) = yaml.string("base_url", errors) else {
        return BaseUrl::default();
    };
    BaseUrl::parse(&raw).unwrap_or_else(|why| {
        errors.push(
            yaml.error_at_value("base_url", format!("invalid base_url: {why}"))
                .label("here"),
        );
        BaseUrl::default()
    })
}

fn default_language(yaml: &YamlDoc, errors: &mut Vec<Diagnostic>) -> String {
    let code = yaml
        .string("default_language", errors)
        .unwrap_or_else(|| "en".into());
    if !is_language_code(&code) {
        errors.push(
            yaml.error_at_value(
                "default_language",
                format!("`{code}` is not a language code"),
            )
            .label("expected a code such as zh, en or km")
            .help("language codes are letters, digits and hyphens, like zh or zh-hant"),
        );
    }
    code
}

fn timezone(yaml: &YamlDoc, errors: &mut Vec<Diagnostic>) -> jiff::tz::TimeZone {
    let Some(name) = yaml.string("timezone", errors) else {
        return jiff::tz::TimeZone::UTC;
    };
    jiff::tz::TimeZone::get(&name).unwrap_or_else(|_| {
        errors.push(
            yaml.error_at_value("timezone", format!("unknown time zone `{name}`"))
                .label("not an IANA time zone name")
                .help("use a name such as Asia/Phnom_Penh or UTC"),
        );
        jiff::tz::TimeZone::UTC
    })
}

fn theme(yaml: &YamlDoc, errors: &mut Vec<Diagnostic>) -> Option<String> {
    let theme = yaml.string("theme", errors);
    if let Some(why) = theme.as_deref().and_then(theme_name_problem) {
        errors.push(
            yaml.error_at_value("theme", format!("theme `{}` {why}", theme.as_deref().unwrap_or("")))
                .label("not a folder name under themes/")
                .help("`theme:` names one folder under themes/, such as `theme: default`; copy a theme from elsewhere into themes/"),
        );
    }
    theme
}

/// `languages:` as a mapping; none when it is left out, empty or (an
/// error) something else.
fn languages_map<'a>(yaml: &'a YamlDoc, errors: &mut Vec<Diagnostic>) -> Option<&'a Mapping> {
    match yaml.raw("languages")? {
        Value::Mapping(map) => Some(map),
        Value::Null => None,
        other => {
            errors.push(
                yaml.error_at_value(
                    "languages",
                    format!("`languages` must be a mapping, found {}", kind_of(other)),
                )
                .help("write `languages: { en: { title: My site } }`"),
            );
            None
        }
    }
}

/// The keys of one language of `languages:`, each checked at its place.
fn language_settings(
    yaml: &YamlDoc,
    settings: &Mapping,
    place: Option<&Entry>,
    fallback: &std::ops::Range<usize>,
    language: &mut Language,
    errors: &mut Vec<Diagnostic>,
) {
    let code = language.code.clone();
    let inner = place.map_or(&[][..], |e| e.value.entries());
    for (j, (key, value)) in settings.iter().enumerate() {
        let key = key.as_str().unwrap_or("");
        let at = inner.get(j).map_or_else(
            || place.map_or(fallback.clone(), |e| yaml.value_or_key(e)),
            |e| e.key.span.clone(),
        );
        match (key, value) {
            ("title", Value::String(s)) => language.title = s.clone(),
            ("description", Value::String(s)) => language.description = s.clone(),
            _ if !LANGUAGE_KEYS.contains(&key) => errors.push(
                Diagnostic::error(yaml.file, format!("unknown language key `{key}`"))
                    .at(yaml.source, at.clone())
                    .help_opt(
                        did_you_mean(key, LANGUAGE_KEYS.iter().copied())
                            .map(|h| format!("did you mean `{h}`?")),
                    ),
            ),
            _ => errors.push(
                Diagnostic::error(
                    yaml.file,
                    format!("`{key}` of language `{code}` must be text"),
                )
                .at(yaml.source, at),
            ),
        }
    }
}

/// Why `theme:` is not one folder name under themes/, if it is not: a path
/// there would load templates and publish files from anywhere on disk.
fn theme_name_problem(name: &str) -> Option<&'static str> {
    if name.is_empty() || name.trim() != name {
        Some("is not a folder name")
    } else if name.contains(['/', '\\']) || Path::new(name).is_absolute() {
        Some("is a path; a theme is one folder name under themes/")
    } else if name == "." || name == ".." {
        Some("climbs out of themes/")
    } else if name.starts_with('.') || name.chars().any(char::is_control) {
        Some("is not a folder name mekong reads (hidden, or with control characters)")
    } else {
        None
    }
}

fn is_language_code(code: &str) -> bool {
    !code.is_empty()
        && code.len() <= 12
        && code.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
        && code.chars().next().is_some_and(|c| c.is_ascii_alphabetic())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<Config, Vec<Diagnostic>> {
        Config::parse(Path::new("site.yaml"), &Arc::from(text))
    }

    #[test]
    fn reads_the_documented_example() {
        let config = parse(
            "title: 指南\nbase_url: https://example.org/docs\ndefault_language: zh\nlanguages:\n  en: { title: Guides }\n\
             timezone: Asia/Phnom_Penh\ntaxonomies:\n  - name: operators\n    closed: true\n    feed: true\n    paginate: 20\n  - topics\n\
             stale_after_days: 365\nsearch: true\nextra: {a: 1}\n",
        )
        .unwrap();
        assert_eq!(config.base_url.prefix(), "/docs/");
        assert_eq!(config.languages.len(), 2);
        assert_eq!(config.languages[1].title, "Guides");
        assert!(config.taxonomies[0].closed && config.taxonomies[0].feed);
        assert_eq!(config.taxonomies[1].name, "topics");
        assert_eq!(config.stale_after_days, Some(365));
    }

    #[test]
    fn unknown_keys_name_the_line_and_nearest_key() {
        let errors = parse("title: x\nbase_ulr: https://a.org/\n").unwrap_err();
        assert_eq!(errors.len(), 1);
        assert_eq!(errors[0].line_column(), (2, 1));
        assert_eq!(errors[0].help.as_deref(), Some("did you mean `base_url`?"));
    }

    #[test]
    fn time_zones_come_from_the_bundled_database() {
        // Bundled (jiff's tzdb-bundle-always): the same answer on machines
        // without /usr/share/zoneinfo.
        let config = parse("title: x\ntimezone: Asia/Phnom_Penh\n").unwrap();
        let offset = config.timezone.to_offset(jiff::Timestamp::UNIX_EPOCH);
        assert_eq!(offset.seconds(), 7 * 3600);
        let errors = parse("title: x\ntimezone: Asia/Phnom_Pen\n").unwrap_err();
        assert!(errors[0].message.contains("unknown time zone"));
    }

    #[test]
    fn default_language_must_be_a_code() {
        let errors = parse("title: x\ndefault_language: 中文\n").unwrap_err();
        assert_eq!(errors.len(), 1);
        assert_eq!(errors[0].line_column(), (2, 19));
    }

    #[test]
    fn a_theme_is_one_folder_name() {
        assert_eq!(
            parse("title: x\ntheme: default\n")
                .unwrap()
                .theme
                .as_deref(),
            Some("default")
        );
        assert!(parse("title: x\ntheme: 我的主题\n").is_ok());
        for bad in [
            "../../elsewhere",
            "/etc",
            "a/b",
            "..",
            ".",
            "a\\\\b",
            "\"\"",
            ".hidden",
        ] {
            let errors = parse(&format!("title: x\ntheme: {bad}\n")).unwrap_err();
            assert_eq!(errors.len(), 1, "{bad}: {errors:?}");
            assert_eq!(errors[0].line_column(), (2, 8), "{bad}");
        }
    }

    #[test]
    fn front_matter_and_images_are_known_keys() {
        let config =
            parse("title: x\nfront_matter: { unknown_keys: extra }\nimages: {}\n").unwrap();
        assert_eq!(config.front_matter.unknown_keys, UnknownKeys::Extra);
        let config = parse("title: x\n").unwrap();
        assert_eq!(config.front_matter.unknown_keys, UnknownKeys::Error);
        let errors = parse(
            "title: x\nfront_matter:\n  unknown_keys: keep\n  unknwn_keys: extra\nimages: { widths: [wide] }\n",
        )
        .unwrap_err();
        assert_eq!(errors.len(), 3, "{errors:?}");
        assert_eq!(errors[0].line_column(), (3, 17));
        assert_eq!(
            errors[1].help.as_deref(),
            Some("did you mean `unknown_keys`?")
        );
        assert_eq!(errors[2].line_column().0, 5, "{:?}", errors[2]);
    }

    #[test]
    fn wrong_types_and_bad_taxonomy_keys() {
        let errors = parse(
            "title: x\nfeed_limit: many\ntaxonomies:\n  - name: operators\n    closd: true\n",
        )
        .unwrap_err();
        assert_eq!(errors.len(), 2, "{errors:?}");
        assert!(
            errors
                .iter()
                .any(|e| e.help.as_deref() == Some("did you mean `closed`?")
                    && e.line_column().0 == 5)
        );
    }
}
