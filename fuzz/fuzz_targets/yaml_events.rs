//! The event reader (src/yaml/): any text read as site.yaml would be.
//! Must hold: no panic and no crash in the unsafe libyaml wrapper; every
//! node's span lies inside the text, on character boundaries, within its
//! parent's; and whatever the reader accepts, serde_yaml reads to the very
//! same `Value` (the reader changes positions, never meanings), except
//! where serde_yaml's anchor numbering is wrong (see below); and whatever
//! the plain reader reads, it reads to the same values and positions as
//! libyaml's events.
#![no_main]

use std::path::Path;
use std::sync::Arc;

use libfuzzer_sys::fuzz_target;
use mekong::yaml::{Limits, Node, YamlDoc};

fn check(source: &str, node: &Node, parent: &std::ops::Range<usize>) {
    let span = &node.span;
    assert!(span.start <= span.end && span.end <= source.len(), "{span:?}");
    assert!(source.is_char_boundary(span.start) && source.is_char_boundary(span.end));
    assert!(
        parent.start <= span.start,
        "child {span:?} starts before its parent {parent:?}"
    );
    for item in node.items() {
        check(source, item, span);
    }
    for entry in node.entries() {
        check(source, &entry.key, span);
        check(source, &entry.value, span);
    }
}

/// Whether some `&name` occurs twice (a loose, over-eager count: it only
/// decides which texts are compared with serde_yaml).
fn names_an_anchor_twice(text: &str) -> bool {
    let mut seen = std::collections::HashSet::new();
    text.split('&').skip(1).any(|rest| {
        let name: String = rest
            .chars()
            .take_while(|c| !c.is_whitespace() && !",[]{}".contains(*c))
            .collect();
        !seen.insert(name)
    })
}

fuzz_target!(|text: &str| {
    // The plain reader (src/yaml/plain/) gives exactly what libyaml's
    // events give, or leaves the text to them.
    if let Err(why) = mekong::yaml::compare_readers(text) {
        panic!("{why}\ntext: {text:?}");
    }
    let source: Arc<str> = Arc::from(text);
    let Ok(doc) = YamlDoc::parse(Path::new("site.yaml"), &source, 0..text.len(), &Limits::FILE)
    else {
        return;
    };
    check(&source, &doc.root, &(0..text.len()));
    for entry in doc.root.entries() {
        let span = doc.value_or_key(entry);
        assert!(span.end <= source.len() && source.is_char_boundary(span.end));
        let _ = doc.first_line(&entry.value);
    }
    if names_an_anchor_twice(text) {
        // serde_yaml 0.9 numbers anchors by how many names it has seen, so
        // a name's third definition takes over aliases already read
        // (`&x 1, &x 2, *x, &x 3` gives 3 for `*x`). The reader follows
        // YAML (2 here); only such texts may differ.
        return;
    }
    let theirs: serde_yaml::Value =
        serde_yaml::from_str(text).expect("serde_yaml accepts what the reader accepts");
    let ours = serde_yaml::Value::Mapping(doc.map.clone());
    let theirs = match theirs {
        serde_yaml::Value::Null => serde_yaml::Value::Mapping(Default::default()),
        other => other,
    };
    // Debug text, so that NaN compares equal to NaN.
    assert_eq!(format!("{ours:?}"), format!("{theirs:?}"));
});
