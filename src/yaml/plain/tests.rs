use super::*;

/// Texts the plain reader must read itself, to exactly libyaml's result.
const READ: &[&str] = &[
    "",
    "\n\n",
    "# only a comment\n",
    "title: Hello\n",
    "title: Hello",
    "title: \"Hello\"\ndate: 2025-01-01\n",
    "a: 1\nb: -2\nc: 1.5\nd: ~\ne: null\nf: true\ng: False\nh: 0x1F\ni: 007\nj: .inf\nk: -.INF\nl: .nan\n",
    "a: 1e3\nb: +12\nc: 1_000\nd: yes\ne: 2025-05-13T10:00:00Z\n",
    "title: Hello   # a comment\n# another\n\n  # indented comment\nnext: x\n",
    "title: C# and F#\nurl: http://example.com/a?b=c#d\n",
    "a:\nb:   \nc: # nothing\nd:",
    "ops: [smart, metfone]\nempty: []\nspaced: [ a b ,  c ]\ntrailing: [a, b,]\n",
    "ops: ['a, b', \"c]\", 'it''s', -1, x:y]\n",
    "q: 'it''s'\nd: \"tab\\tand \\\"quotes\\\" \\\\ \\/ \\n \\0 \\e \\N \\_ \\L \\P \\ \"\ne: ''\nf: \"\"\n",
    "operators:\n  - smart\n  - \"metfone\"\n  - 'cellcard' # c\n\n  # between\n  - 12\ntopics:\n  - x\n",
    "operators:\n- smart\n- metfone\ntitle: x\n",
    "operators:\n- smart\n- metfone\n",
    "extra:\n  a: 1\n  b:\n    c: [x]\n    d:\n      - y\n  e: z\nf: g\n",
    "extra:\n  a:\n  - 1\n  - 2\n  b: 3\n",
    "extra:\n  a:\n    b:\n      c: 1\n",
    "  indented: root\n  second: 2\n",
    "\"quoted key\": 1\n'single': 2\nplain key with spaces: 3\n",
    "a : spaced colon\n\"b\"  : x\n",
    "1: one\n~: nothing\ntrue: yes\n2.5: x\n",
    "title: 注销 手续\nops: [柬埔寨, \"ស៊ីម\"]\n",
    "a: -x\nb: ?x\nc: :x\nd: --\ne: a - b\n",
    "a: b:c\nc: 'x' # c\nd: [x] # c\n",
    "weight: 80\nreviewed: 2026-11-26\ndraft: false\n",
    "facts:\n  - { label: 证件, value: \"护照\", confirmed: true }\n  - {}\n  - {a: b,}\n",
    "facts:\n  hotline: { value: \"888\", status: unconfirmed, label: 客服 }\n",
    "lists:\n- [a, b]\n- 'c'\n- {d: e}\n",
    "a: { 'k': \"v\" , n: 1 }   # c\n",
];

/// Texts the plain reader must leave to libyaml.
const LEFT: &[&str] = &[
    "a: &x 1\nb: *x\n",
    "a: !t 1\n",
    "a: |\n  text\n",
    "a: >\n  text\n",
    "a: {b: [c]}\n",
    "a: {b:c}\n",
    "a: {b}\n",
    "a: {b: }\n",
    "a: {b: 1, b: 2}\n",
    "a: {\"b\":1}\n",
    "a: {b: c} d\n",
    "a: {b: c\n",
    "a: two\n  lines\n",
    "a: two\n\n  lines\n",
    "a: 1\na: 2\n",
    "a:\tb\n",
    "a: b\r\n",
    "a: \"\\x41\"\n",
    "a: \"\\u00e9\"\n",
    "a: \"open\n  close\"\n",
    "a: [b,\n  c]\n",
    "---\na: 1\n",
    "a: 1\n...\n",
    "- a\n- b\n",
    "just text\n",
    "a: b: c\n",
    "a: [b: c]\n",
    "a: [b, [c]]\n",
    "a: [,]\n",
    "a: [b,,c]\n",
    "a: [b #c]\n",
    "a:\n  - b: c\n",
    "a:\n  - - b\n",
    "a:\n  -\n",
    "a:\n  - x\n  b: 1\n",
    "a:\n    b: 1\n  c: 2\n",
    "a: 1\n b: 2\n",
    "a: \"x\"y\n",
    "a: \"x\"#y\n",
    "a: - b\n",
    "a: @b\n",
    "a: %b\n",
    "a: 99999999999999999999\n",
    "? a\n: b\n",
    "a: x\u{7}y\n",
    "a: x\u{85}y\n",
    "\u{feff}a: 1\n",
];

#[test]
fn the_plain_subset_reads_as_libyaml_reads_it() {
    for text in READ {
        assert_eq!(compare_readers(text), Ok(true), "{text:?}");
    }
}

#[test]
fn everything_else_is_left_to_libyaml() {
    for text in LEFT {
        assert_eq!(compare_readers(text), Ok(false), "{text:?}");
    }
}

#[test]
fn spans_count_from_the_front_matter_offset() {
    let tree = build("a: [b]\nc:\n  - d\n", 4).unwrap();
    let entries = tree.root.entries();
    assert_eq!(tree.root.span, 4..20);
    assert_eq!(entries[0].value.span, 7..10);
    assert_eq!(entries[1].value.items()[0].span, 18..19);
}

#[test]
fn deep_nesting_is_left_to_libyaml() {
    let mut text = String::new();
    for depth in 0..MAX_NESTING + 1 {
        text.push_str(&format!("{}k:\n", "  ".repeat(depth)));
    }
    text.push_str(&format!("{}k: v\n", "  ".repeat(MAX_NESTING + 1)));
    assert_eq!(compare_readers(&text), Ok(false));
}

#[test]
fn a_bad_character_is_found_wherever_it_stands() {
    for bad in [
        '\t', '\r', '\u{0}', '\u{7f}', '\u{85}', '\u{2028}', '\u{feff}',
    ] {
        for at in 0..20 {
            let mut text: String = "a: bcdefghijklmnopq\n".chars().collect();
            text.insert(at, bad);
            assert!(!chars_ok(&text), "{bad:?} at {at}");
        }
    }
    assert!(chars_ok("title: 注销 手续 ស៊ីម é\u{a0}x\nops: [a]\n"));
}
