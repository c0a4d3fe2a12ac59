//! Unknown front-matter keys of a page or section: errors, or with
//! `front_matter: { unknown_keys: extra }` values kept under `extra`.

use serde_yaml::Value;

use crate::config::{Config, UnknownKeys};
use crate::diagnostics::Diagnostic;
use crate::yaml::YamlDoc;

/// Reports the keys of `yaml` not in `known` as errors, or (in `extra`
/// mode) moves their values into `extra` and names them in the result.
/// A key written inside `extra:` itself wins over an unknown key of the
/// same name: it was put there on purpose.
pub(super) fn unknown(
    yaml: &YamlDoc,
    known: &[&str],
    what: &str,
    config: &Config,
    extra: &mut Value,
    errors: &mut Vec<Diagnostic>,
) -> Vec<String> {
    if config.front_matter.unknown_keys == UnknownKeys::Error {
        errors.extend(yaml.unknown_keys(known, what));
        return Vec::new();
    }
    let mut kept = Vec::new();
    for (key, value) in &yaml.map {
        let Value::String(name) = key else { continue };
        if known.contains(&name.as_str()) {
            continue;
        }
        if let Value::Mapping(map) = extra
            && !map.contains_key(key)
        {
            map.insert(key.clone(), value.clone());
        }
        kept.push(name.clone());
    }
    // What remains to report: keys that are not text at all.
    let mut all: Vec<&str> = known.to_vec();
    all.extend(kept.iter().map(String::as_str));
    errors.extend(yaml.unknown_keys(&all, what));
    kept
}

#[cfg(test)]
mod tests {
    use std::path::Path;
    use std::sync::Arc;

    use super::*;
    use crate::yaml::Limits;

    fn run(text: &str, mode: &str) -> (Value, Vec<String>, Vec<Diagnostic>) {
        let config = Config::parse(
            Path::new("site.yaml"),
            &Arc::from(format!(
                "title: x\nfront_matter: {{ unknown_keys: {mode} }}\n"
            )),
        )
        .unwrap();
        let source: Arc<str> = Arc::from(text);
        let yaml = YamlDoc::parse(
            Path::new("a.md"),
            &source,
            0..source.len(),
            &Limits::FRONT_MATTER,
        )
        .unwrap();
        let mut extra = yaml
            .raw("extra")
            .cloned()
            .unwrap_or(Value::Mapping(Default::default()));
        let mut errors = Vec::new();
        let kept = unknown(
            &yaml,
            &["title", "extra"],
            "front matter",
            &config,
            &mut extra,
            &mut errors,
        );
        (extra, kept, errors)
    }

    #[test]
    fn extra_mode_keeps_unknown_keys_and_explicit_extra_wins() {
        let (extra, kept, errors) = run(
            "title: T\nkeywords: [a, b]\nlinkTitle: L\nextra: { linkTitle: mine }\n",
            "extra",
        );
        assert!(errors.is_empty(), "{errors:?}");
        assert_eq!(kept, ["keywords", "linkTitle"]);
        assert_eq!(extra["keywords"][1].as_str(), Some("b"));
        assert_eq!(extra["linkTitle"].as_str(), Some("mine"));
    }

    #[test]
    fn error_mode_reports_each_unknown_key() {
        let (_, kept, errors) = run("title: T\nkeywords: [a]\nparams: {}\n", "error");
        assert!(kept.is_empty());
        assert_eq!(errors.len(), 2);
        assert_eq!(errors[0].message, "unknown front matter key `keywords`");
    }

    #[test]
    fn a_key_that_is_not_text_is_an_error_in_both_modes() {
        let (_, kept, errors) = run("title: T\n1: one\n", "extra");
        assert!(kept.is_empty());
        assert_eq!(errors.len(), 1);
        assert!(errors[0].message.contains("keys must be text"));
    }
}
