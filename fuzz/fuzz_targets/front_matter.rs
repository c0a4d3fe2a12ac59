//! Front matter: split a file into YAML and body, then parse the YAML with
//! positions. Any input must give a value or a diagnostic, never a panic,
//! and every range handed out must lie inside the text.
#![no_main]

use std::path::Path;
use std::sync::Arc;

use libfuzzer_sys::fuzz_target;
use mekong::content::front_matter::split;
use mekong::yaml::{Limits, YamlDoc};

fuzz_target!(|text: &str| {
    let source: Arc<str> = Arc::from(text);
    match split(&source) {
        Ok(parts) => {
            assert!(parts.yaml.end <= parts.body.start && parts.body.end == source.len());
            assert!(
                source.is_char_boundary(parts.yaml.start)
                    && source.is_char_boundary(parts.body.start)
            );
            if let Ok(doc) = YamlDoc::parse(
                Path::new("a.md"),
                &source,
                parts.yaml.clone(),
                &Limits::FRONT_MATTER,
            ) {
                let keys: Vec<String> = doc
                    .map
                    .keys()
                    .filter_map(|k| k.as_str().map(str::to_string))
                    .collect();
                for key in &keys {
                    let mut errors = Vec::new();
                    let items = doc.string_list(key, &mut errors);
                    let spans = [doc.key_span(key), doc.value_span(key)]
                        .into_iter()
                        .chain(items.into_iter().map(|(_, span)| span));
                    for span in spans {
                        assert!(span.start <= span.end && span.end <= source.len());
                        let _ = &source[span];
                    }
                    let _ = doc.string(key, &mut errors);
                    for e in errors {
                        let _ = e.render(false);
                    }
                }
                for d in doc.unknown_keys(&["title", "date"], "front matter") {
                    let _ = d.render(false);
                }
            }
        }
        Err(fence) => assert!(fence.end <= source.len()),
    }
});
