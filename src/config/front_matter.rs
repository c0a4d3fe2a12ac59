//! `front_matter:` of site.yaml. `front_matter.unknown_keys`
//! says what a page's or section's unknown front-matter key is: an error
//! (the default, so a typo never silently does nothing) or a value kept
//! under `extra` (for a site moved from Hugo, Zola or VitePress, whose
//! pages carry keys mekong does not read).

use serde::Serialize;
use serde_yaml::Value;

use crate::diagnostics::{Diagnostic, did_you_mean};
use crate::yaml::{Node, YamlDoc, kind_of};

const FRONT_MATTER_KEYS: &[&str] = &["unknown_keys"];

/// What an unknown page or section front-matter key is.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum UnknownKeys {
    /// An error at the key.
    #[default]
    Error,
    /// Kept under the page's or section's `extra`, with one warning for the
    /// whole site that counts the keys.
    Extra,
}

#[derive(Debug, Clone, Copy, Default, Serialize)]
pub struct FrontMatterConfig {
    pub unknown_keys: UnknownKeys,
}

pub(super) fn front_matter(yaml: &YamlDoc, errors: &mut Vec<Diagnostic>) -> FrontMatterConfig {
    let mut config = FrontMatterConfig::default();
    let map = match yaml.raw("front_matter") {
        None | Some(Value::Null) => return config,
        Some(Value::Mapping(map)) => map,
        Some(other) => {
            errors.push(
                yaml.error_at_value(
                    "front_matter",
                    format!("`front_matter` must be a mapping, found {}", kind_of(other)),
                )
                .help("write `front_matter: { unknown_keys: extra }`"),
            );
            return config;
        }
    };
    let places = yaml.node("front_matter").map_or(&[][..], Node::entries);
    let fallback = yaml.value_span("front_matter");
    for (i, (key, value)) in map.iter().enumerate() {
        let key = key.as_str().unwrap_or("");
        let place = places.get(i);
        let key_span = place.map_or(fallback.clone(), |e| e.key.span.clone());
        let value_span = place.map_or(fallback.clone(), |e| yaml.value_or_key(e));
        match (key, value.as_str()) {
            ("unknown_keys", Some("error")) => config.unknown_keys = UnknownKeys::Error,
            ("unknown_keys", Some("extra")) => config.unknown_keys = UnknownKeys::Extra,
            ("unknown_keys", _) => errors.push(
                Diagnostic::error(yaml.file, "`unknown_keys` must be `error` or `extra`")
                    .at(yaml.source, value_span)
                    .label("expected error or extra")
                    .help("`extra` keeps unknown page and section keys under `page.extra`"),
            ),
            _ => errors.push(
                Diagnostic::error(yaml.file, format!("unknown front_matter key `{key}`"))
                    .at(yaml.source, key_span)
                    .label("not a known key")
                    .help(
                        did_you_mean(key, FRONT_MATTER_KEYS.iter().copied()).map_or_else(
                            || format!("known keys: {}", FRONT_MATTER_KEYS.join(", ")),
                            |h| format!("did you mean `{h}`?"),
                        ),
                    ),
            ),
        }
    }
    config
}
