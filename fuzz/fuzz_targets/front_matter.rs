//! Front matter: split a file into YAML and body, then parse the YAML with
//! positions. Any input must give a value or a diagnostic, never a panic,
//! and every range handed out must lie inside the text.
#![no_main]

use std::path::Path;
use std::sync::Arc;

use libfuzzer_sys::fuzz_target;
use mekong::content::front_matter::split;
use mekong::yaml::YamlDoc;

fuzz_target!(|text: &str| {
    let source: Arc<str> = Arc::from(text);
    match split(&source) {
        Ok(parts) => {
            assert!(parts.yaml.end <= parts.body.start && parts.body.end == source.len());
            assert!(
                source.is_char_boundary(parts.yaml.start)
                    && source.is_char_boundary(parts.body.start)
            );
            if let Ok(doc) = YamlDoc::parse(Path::new("a.md"), &source, parts.yaml.clone()) {
                let keys: Vec<String> = doc
                    .map
                    .keys()
                    .filter_map(|k| k.as_str().map(str::to_string))
                    .collect();
                for key in &keys {
                    for span in [
                        doc.key_span(key),
                        doc.value_span(key),
                        doc.item_span(key, "x"),
                    ] {
                        assert!(span.start <= span.end && span.end <= source.len());
                        let _ = &source[span];
                    }
                    let mut errors = Vec::new();
                    let _ = doc.string(key, &mut errors);
                    let _ = doc.string_list(key, &mut errors);
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
