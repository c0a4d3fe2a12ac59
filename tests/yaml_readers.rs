//! The plain-YAML reader (src/yaml/plain/) against libyaml's: on every
//! front matter and YAML file of the repository, on front matter shaped
//! like the benchmark corpus's, and on random YAML-ish text, whatever the
//! plain reader accepts must give the very same values and positions as
//! libyaml's events (what it does not accept goes to libyaml anyway).

use std::fs;
use std::path::{Path, PathBuf};

use mekong::content::front_matter::split;
use mekong::yaml::compare_readers;

fn files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            files(&path, out);
        } else if path
            .extension()
            .is_some_and(|e| e == "md" || e == "yaml" || e == "yml")
        {
            out.push(path);
        }
    }
}

/// The YAML of a file: its front matter, or all of it.
fn yaml_of(path: &Path, text: &str) -> Option<String> {
    if path.extension().is_some_and(|e| e == "md") {
        let parts = split(text).ok()?;
        Some(text[parts.yaml].to_string())
    } else {
        Some(text.to_string())
    }
}

fn check(text: &str, what: &str) -> bool {
    match compare_readers(text) {
        Ok(read) => read,
        Err(why) => panic!("{what}: {why}\ntext: {text:?}"),
    }
}

#[test]
fn every_yaml_of_the_repository_reads_the_same() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut paths = Vec::new();
    for dir in ["content", "tests/fixtures", "themes", "docs"] {
        files(&root.join(dir), &mut paths);
    }
    paths.push(root.join("site.yaml"));
    let (mut seen, mut read) = (0, 0);
    for path in &paths {
        let Ok(text) = fs::read_to_string(path) else {
            continue;
        };
        let Some(yaml) = yaml_of(path, &text) else {
            continue;
        };
        seen += 1;
        read += usize::from(check(&yaml, &path.display().to_string()));
    }
    assert!(seen > 100, "only {seen} files found");
    // Nearly every page is plain; site.yaml files (lists of mappings) are not.
    assert!(
        read * 10 > seen * 8,
        "plain reader read only {read} of {seen}"
    );
}

/// A tiny deterministic generator (xorshift), enough to vary texts.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn pick<'a>(&mut self, from: &[&'a str]) -> &'a str {
        from[(self.next() % from.len() as u64) as usize]
    }
}

#[test]
fn benchmark_shaped_front_matter_is_read_by_the_plain_reader() {
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    let ops = ["smart", "metfone", "cellcard", "cootel", "seatel"];
    let topics = ["data-packages", "4g-activation", "roaming", "balance-check"];
    for n in 0..500 {
        let mut text = format!(
            "title: \"{} guide \\\"{n}\\\" to \\\\ things\"\ndescription: \"Everything about it, with prices: fees.\"\ndate: 20{:02}-0{}-1{}\noperators:\n",
            rng.pick(&ops),
            rng.next() % 30,
            1 + rng.next() % 9,
            rng.next() % 10
        );
        for _ in 0..1 + rng.next() % 3 {
            text.push_str(&format!("  - {}\n", rng.pick(&ops)));
        }
        text.push_str("topics:\n");
        for _ in 0..1 + rng.next() % 3 {
            text.push_str(&format!("  - {}\n", rng.pick(&topics)));
        }
        assert!(check(&text, "generated front matter"), "not read: {text:?}");
    }
}

/// Pieces of lines, plain and otherwise, that random texts are made of.
const STARTS: &[&str] = &[
    "", "", "", "- ", "- ", "-", "? ", "# c", "---", "...", "key: ", "k2: ",
];
const PIECES: &[&str] = &[
    "a",
    "title",
    "x y",
    "1",
    "-1",
    "0x1F",
    "007",
    "1.5",
    ".inf",
    "~",
    "null",
    "true",
    "yes",
    "2025-01-01",
    "99999999999999999999",
    "é注",
    "\"q\"",
    "\"a\\\"b\"",
    "\"\\x41\"",
    "'s''t'",
    "'open",
    "\"open",
    "[a, b]",
    "[]",
    "[a,",
    "[a, [b]]",
    "[a: b]",
    "{a: 1}",
    "&x",
    "*x",
    "!t",
    "|",
    ">",
    ":",
    ": ",
    "a:b",
    "a: b",
    " # c",
    "#c",
    "  ",
    "\t",
    ",",
    "]",
    "-",
    "- x",
    "@",
    "%",
    "`",
    "?x",
    ":x",
    "k: v",
    "\"k\": v",
    "'k': ",
    "a:",
    "\u{85}",
    "\r",
];

#[test]
fn random_yaml_ish_text_reads_the_same_or_goes_to_libyaml() {
    let mut rng = Rng(0x2545_f491_4f6c_dd1d);
    let mut read = 0;
    let runs = 20_000;
    for _ in 0..runs {
        let mut text = String::new();
        for _ in 0..1 + rng.next() % 8 {
            let indent = [0, 0, 0, 1, 2, 2, 4][(rng.next() % 7) as usize];
            text.push_str(&" ".repeat(indent));
            text.push_str(rng.pick(STARTS));
            for _ in 0..rng.next() % 3 {
                text.push_str(rng.pick(PIECES));
            }
            if !rng.next().is_multiple_of(10) {
                text.push('\n');
            }
        }
        read += usize::from(check(&text, "random text"));
    }
    // The generator must reach the plain reader often enough to mean something.
    assert!(read > runs / 20, "plain reader read only {read} of {runs}");
}

const KEYS: &[&str] = &[
    "title", "date", "ops", "extra", "a", "b", "\"q k\"", "'s'", "1", "~", "x y",
];
const SCALARS: &[&str] = &[
    "Hello",
    "C# and F#",
    "http://x.org/a?b#c",
    "a:b",
    "-1",
    "0o17",
    "1.5e3",
    ".NaN",
    "~",
    "False",
    "2026-11-26",
    "注销",
    "ស៊ីម",
    "\"q \\\" \\\\ \\n\"",
    "'it''s'",
    "''",
    "\"\"",
    "a - b",
    "x,y",
    "[]",
    "{}",
    "007",
    "+1",
    "--",
];

/// A valid document of the plain subset, `depth` levels deep, its keys at
/// column `indent`.
fn document(rng: &mut Rng, depth: usize, indent: usize, out: &mut String) {
    let pad = " ".repeat(indent);
    for _ in 0..1 + rng.next() % 4 {
        out.push_str(&format!("{pad}{}:", rng.pick(KEYS)));
        match rng.next() % 7 {
            0 => {}
            1 => {
                let items: Vec<&str> = (0..rng.next() % 4).map(|_| rng.pick(SCALARS)).collect();
                out.push_str(&format!(" [{}]", items.join(", ")));
            }
            2 => {
                let pairs: Vec<String> = (0..rng.next() % 3)
                    .map(|_| format!("{}: {}", rng.pick(KEYS), rng.pick(SCALARS)))
                    .collect();
                out.push_str(&format!(" {{ {} }}", pairs.join(", ")));
            }
            3 => {
                let item_pad = " ".repeat(indent + 2 * (rng.next() % 2) as usize);
                for _ in 0..1 + rng.next() % 3 {
                    out.push_str(&format!("\n{item_pad}- {}", rng.pick(SCALARS)));
                }
            }
            4 if depth < 3 => {
                out.push('\n');
                document(rng, depth + 1, indent + 2, out);
                continue;
            }
            _ => out.push_str(&format!(" {}", rng.pick(SCALARS))),
        }
        if rng.next().is_multiple_of(5) {
            out.push_str(" # note");
        }
        out.push('\n');
        if rng.next().is_multiple_of(6) {
            out.push_str(["\n", "# c\n", "   # c\n"][(rng.next() % 3) as usize]);
        }
    }
}

/// `text` changed in one place: a piece put in, a character taken out,
/// or a line's indentation changed.
fn mutate(rng: &mut Rng, text: &str) -> String {
    let bounds: Vec<usize> = (0..=text.len())
        .filter(|&i| text.is_char_boundary(i))
        .collect();
    let at = bounds[(rng.next() % bounds.len() as u64) as usize];
    let mut out = text[..at].to_string();
    match rng.next() % 3 {
        0 => {
            out.push_str(rng.pick(PIECES));
            out.push_str(&text[at..]);
        }
        1 => out.push_str(
            text[at..]
                .get(text[at..].chars().next().map_or(0, char::len_utf8)..)
                .unwrap_or(""),
        ),
        _ => {
            out.push(' ');
            out.push_str(&text[at..]);
        }
    }
    out
}

#[test]
fn generated_documents_and_their_mutants_read_the_same() {
    let mut rng = Rng(0x0123_4567_89ab_cdef);
    let (mut read, mut mutants_read) = (0, 0);
    let runs = 5_000;
    for _ in 0..runs {
        let mut text = String::new();
        document(&mut rng, 0, 0, &mut text);
        read += usize::from(check(&text, "generated document"));
        for _ in 0..4 {
            let mutant = mutate(&mut rng, &text);
            mutants_read += usize::from(check(&mutant, "mutated document"));
        }
    }
    // Duplicate keys and `[]` inside a list send some to libyaml, not most.
    assert!(read * 2 > runs, "plain reader read only {read} of {runs}");
    assert!(
        mutants_read * 5 > runs,
        "plain reader read only {mutants_read} mutants"
    );
}
