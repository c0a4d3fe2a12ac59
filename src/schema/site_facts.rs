//! The two things of a site's site.yaml its schemas depend on: the
//! taxonomies (each a front-matter key of pages) and whether unknown
//! front-matter keys are kept (`front_matter: { unknown_keys: extra }`).
//!
//! Read leniently, not through `Config`: a schema is most wanted while
//! site.yaml still has mistakes in it (an unknown key, a wrong type), and
//! those must not stop it. Only a site.yaml that is not YAML at all, or
//! that goes past the YAML limits, is an error.

use std::path::{Path, PathBuf};

use serde_yaml::Value;

use crate::config::CONFIG_FILE;
use crate::diagnostics::Diagnostic;
use crate::yaml::{Limits, YamlDoc};

#[derive(Debug, Default, PartialEq, Eq)]
pub(crate) struct SiteFacts {
    /// The taxonomy names, in site.yaml's order.
    pub taxonomies: Vec<String>,
    /// `front_matter: { unknown_keys: extra }`.
    pub keeps_unknown_keys: bool,
}

pub(crate) fn read(root: &Path) -> Result<SiteFacts, Diagnostic> {
    let shown = PathBuf::from(CONFIG_FILE);
    let path = root.join(CONFIG_FILE);
    if !path.is_file() {
        return Err(
            Diagnostic::error(&shown, format!("no {CONFIG_FILE} in {}", root.display()))
                .help("pass --root DIR, the folder holding site.yaml"),
        );
    }
    let text = crate::source::read_text(&path, &shown)?;
    let limits = Limits {
        what: CONFIG_FILE,
        ..Limits::FILE
    };
    let yaml = YamlDoc::parse(&shown, &text, 0..text.len(), &limits)?;
    Ok(facts(&yaml))
}

fn facts(yaml: &YamlDoc) -> SiteFacts {
    let taxonomies = match yaml.raw("taxonomies") {
        Some(Value::Sequence(items)) => items.iter().filter_map(taxonomy_name).collect(),
        _ => Vec::new(),
    };
    let keeps_unknown_keys = yaml
        .raw("front_matter")
        .and_then(|v| v.get("unknown_keys"))
        .and_then(Value::as_str)
        == Some("extra");
    SiteFacts {
        taxonomies,
        keeps_unknown_keys,
    }
}

/// `- topics` or `- name: operators`.
fn taxonomy_name(item: &Value) -> Option<String> {
    match item {
        Value::String(name) => Some(name.clone()),
        Value::Mapping(_) => item.get("name").and_then(Value::as_str).map(String::from),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Arc;

    fn of(text: &str) -> SiteFacts {
        let text: Arc<str> = Arc::from(text);
        let yaml = YamlDoc::parse(Path::new("site.yaml"), &text, 0..text.len(), &Limits::FILE)
            .expect("yaml");
        facts(&yaml)
    }

    #[test]
    fn reads_taxonomies_and_the_unknown_keys_setting_leniently() {
        let facts = of(
            "title: t\nnot_a_key: 1\ntaxonomies:\n  - topics\n  - name: operators\n    closed: true\n  - 3\n\
                        front_matter: { unknown_keys: extra }\n",
        );
        assert_eq!(facts.taxonomies, ["topics", "operators"]);
        assert!(facts.keeps_unknown_keys);
        assert_eq!(
            of("title: t\nfront_matter: { unknown_keys: error }\n"),
            SiteFacts::default()
        );
        assert_eq!(of("title: t\ntaxonomies: nope\n"), SiteFacts::default());
    }
}
