//! The code-shape limits of "The middle, rebuilt", held against src/: no
//! function longer than 100 lines, no file longer than 450 (a file's unit
//! tests at its bottom aside). A feature that grows past them is split
//! into modules instead; this test names the file and the function.

use std::fs;
use std::path::{Path, PathBuf};

const MAX_FN_LINES: usize = 100;
const MAX_FILE_LINES: usize = 450;

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The lines of a file before its `#[cfg(test)]` module.
fn code_lines(text: &str) -> Vec<&str> {
    let lines: Vec<&str> = text.lines().collect();
    let end = lines
        .windows(2)
        .position(|w| w[0] == "#[cfg(test)]" && w[1].starts_with("mod "))
        .unwrap_or(lines.len());
    lines[..end].to_vec()
}

/// Each function of `lines` as (name, first line, length): from its `fn`
/// line to the closing brace at the same indentation, as rustfmt writes it.
fn functions(lines: &[&str]) -> Vec<(String, usize, usize)> {
    let mut out = Vec::new();
    for (i, line) in lines.iter().enumerate() {
        let trimmed = line.trim_start();
        let Some(at) = trimmed.find("fn ") else {
            continue;
        };
        let before = &trimmed[..at];
        let is_item = before.split_whitespace().all(|w| {
            [
                "pub",
                "pub(crate)",
                "pub(super)",
                "const",
                "async",
                "unsafe",
            ]
            .contains(&w)
                || w.starts_with("extern")
        });
        if !is_item || trimmed.starts_with("//") {
            continue;
        }
        if trimmed.contains('{') && trimmed.trim_end().ends_with('}') {
            continue;
        }
        let indent = &line[..line.len() - trimmed.len()];
        let close = format!("{indent}}}");
        let Some(len) = lines[i..].iter().position(|l| *l == close).filter(|_| {
            !lines[i..]
                .iter()
                .take_while(|l| !l.contains('{'))
                .any(|l| l.trim_end().ends_with(';'))
        }) else {
            continue;
        };
        let name: String = trimmed[at + 3..]
            .chars()
            .take_while(|c| c.is_alphanumeric() || *c == '_')
            .collect();
        out.push((name, i + 1, len + 1));
    }
    out
}

#[test]
fn no_file_or_function_outgrows_the_limits() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    let mut over = Vec::new();
    let mut longest = Vec::new();
    for path in files {
        let text = fs::read_to_string(&path).unwrap();
        let lines = code_lines(&text);
        let shown = path.strip_prefix(&src).unwrap().display();
        if lines.len() > MAX_FILE_LINES {
            over.push(format!(
                "src/{shown}: {} lines (limit {MAX_FILE_LINES})",
                lines.len()
            ));
        }
        for (name, line, len) in functions(&lines) {
            longest.push((len, format!("src/{shown}:{line} {name}")));
            if len > MAX_FN_LINES {
                over.push(format!(
                    "src/{shown}:{line}: fn {name} is {len} lines (limit {MAX_FN_LINES})"
                ));
            }
        }
    }
    longest.sort();
    eprintln!("longest: {:?}", &longest[longest.len().saturating_sub(4)..]);
    assert!(
        over.is_empty(),
        "split these into smaller parts:\n{}",
        over.join("\n")
    );
}

#[test]
fn functions_are_measured_from_fn_to_their_closing_brace() {
    let text = "fn one() {}\nfn a() {\n    x;\n}\n\npub(crate) fn b(\n    y: u8,\n) -> u8 {\n    y\n}\nfn decl();\n";
    let found = functions(&code_lines(text));
    assert_eq!(
        found,
        vec![("a".to_string(), 2, 3), ("b".to_string(), 6, 5)]
    );
}

#[test]
fn unit_tests_at_the_bottom_do_not_count() {
    let text = "fn a() {}\n#[cfg(test)]\nmod tests {\n    fn long() {}\n}\n";
    assert_eq!(code_lines(text), vec!["fn a() {}"]);
}
