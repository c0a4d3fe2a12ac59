//! Helpers for integration tests: copy a fixture site into a temp dir, run
//! the real `mekong` binary on it (`run`: the one harness, with a deadline
//! for every run), talk to `serve` (`http`), read what a reader would get.
#![allow(dead_code)]

mod http;
mod run;

#[allow(unused_imports)]
pub use http::*;
pub use run::*;

use std::path::{Path, PathBuf};

pub const TODAY: &str = "2026-11-26";

/// A site in a temp dir, removed when dropped.
pub struct Site {
    pub dir: tempfile::TempDir,
}

impl Site {
    /// A copy of `tests/fixtures/<name>`.
    pub fn fixture(name: &str) -> Site {
        let src = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures")
            .join(name);
        assert!(src.is_dir(), "no fixture {}", src.display());
        let site = Site::empty();
        copy_dir(&src, site.root());
        site
    }

    /// An empty temp dir; write files with `write`.
    pub fn empty() -> Site {
        Site {
            dir: tempfile::tempdir().expect("temp dir"),
        }
    }

    /// A minimal valid site: site.yaml with `config` appended, default theme.
    pub fn with_config(config: &str) -> Site {
        let site = Site::empty();
        site.write(
            "site.yaml",
            &format!("title: Test site\nbase_url: https://example.org/\ntheme: default\n{config}"),
        );
        site.write("content/_index.md", "---\ntitle: Home\n---\nWelcome.\n");
        site
    }

    pub fn root(&self) -> &Path {
        self.dir.path()
    }

    pub fn path(&self, rel: &str) -> PathBuf {
        self.root().join(rel)
    }

    pub fn write(&self, rel: &str, text: &str) -> &Site {
        self.write_bytes(rel, text.as_bytes())
    }

    pub fn write_bytes(&self, rel: &str, bytes: &[u8]) -> &Site {
        let path = self.path(rel);
        std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
        std::fs::write(&path, bytes).expect("write");
        self
    }

    /// `mekong build --root <site> --today 2026-11-26 <args>`.
    pub fn build(&self, args: &[&str]) -> Run {
        let mut all = vec!["build", "--root"];
        let root = self.root().to_str().expect("utf-8 temp path").to_string();
        all.push(&root);
        all.extend(["--today", TODAY]);
        all.extend(args);
        mekong(&all)
    }

    pub fn check(&self, args: &[&str]) -> Run {
        let root = self.root().to_str().expect("utf-8 temp path").to_string();
        let mut all = vec!["check", "--root", &root, "--today", TODAY];
        all.extend(args);
        mekong(&all)
    }

    /// Text of an output file under public/.
    pub fn read(&self, rel: &str) -> String {
        let path = self.path("public").join(rel);
        std::fs::read_to_string(&path)
            .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()))
    }

    pub fn exists(&self, rel: &str) -> bool {
        self.path("public").join(rel).exists()
    }

    /// Every file under public/, relative, sorted.
    pub fn outputs(&self) -> Vec<String> {
        let out = self.path("public");
        let mut files: Vec<String> = walkdir::WalkDir::new(&out)
            .into_iter()
            .flatten()
            .filter(|e| e.file_type().is_file())
            .map(|e| {
                e.path()
                    .strip_prefix(&out)
                    .expect("inside")
                    .to_string_lossy()
                    .replace('\\', "/")
            })
            .collect();
        files.sort();
        files
    }
}

pub fn copy_dir(src: &Path, dst: &Path) {
    for entry in walkdir::WalkDir::new(src).into_iter().flatten() {
        let rel = entry.path().strip_prefix(src).expect("inside");
        let target = dst.join(rel);
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target).expect("mkdir");
        } else {
            std::fs::copy(entry.path(), &target).expect("copy");
        }
    }
}

// Helpers for the build, taxonomy and guarantee tests.

impl Site {
    /// Replaces `from` with `to` in a site file; panics when `from` is absent,
    /// so a fixture change cannot silently turn a test into a no-op.
    pub fn edit(&self, rel: &str, from: &str, to: &str) -> &Site {
        let path = self.path(rel);
        let text = std::fs::read_to_string(&path)
            .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
        assert!(text.contains(from), "{rel} does not contain {from:?}");
        self.write(rel, &text.replacen(from, to, 1))
    }

    /// `mekong build --root <site> <args>` with extra environment variables
    /// and no `--today` (for SOURCE_DATE_EPOCH).
    pub fn build_with_env(&self, args: &[&str], env: &[(&str, &str)]) -> Run {
        let root = self.root().to_str().expect("utf-8 temp path").to_string();
        let mut all = vec!["build", "--root", &root];
        all.extend(args);
        let mut command = Mekong::new(&all);
        for (key, value) in env {
            command = command.env(key, value);
        }
        command.run()
    }
}

/// Every file under `dir`, dot-files included, with its bytes, by relative path.
pub fn file_tree(dir: &Path) -> std::collections::BTreeMap<String, Vec<u8>> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .flatten()
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let rel = e
                .path()
                .strip_prefix(dir)
                .expect("inside")
                .to_string_lossy()
                .replace('\\', "/");
            (rel, std::fs::read(e.path()).expect("read"))
        })
        .collect()
}

/// Values of every `attr="…"` in `html`, in document order (hrefs, srcs).
pub fn attr_values(html: &str, attr: &str) -> Vec<String> {
    let needle = format!(" {attr}=\"");
    html.match_indices(&needle)
        .filter_map(|(at, _)| {
            let rest = &html[at + needle.len()..];
            rest.find('"').map(|end| rest[..end].to_string())
        })
        .collect()
}

/// Parses XML, failing the test with the parser's message and the text.
pub fn parse_xml<'a>(what: &str, text: &'a str) -> roxmltree::Document<'a> {
    roxmltree::Document::parse(text)
        .unwrap_or_else(|e| panic!("{what} is not well-formed XML: {e}\n{text}"))
}

/// Text of every element named `tag` (any namespace), in document order.
pub fn xml_texts(doc: &roxmltree::Document, tag: &str) -> Vec<String> {
    doc.descendants()
        .filter(|n| n.tag_name().name() == tag)
        .map(|n| n.text().unwrap_or("").to_string())
        .collect()
}

/// Value of `attr` on every element named `tag`, in document order.
pub fn xml_attrs(doc: &roxmltree::Document, tag: &str, attr: &str) -> Vec<String> {
    doc.descendants()
        .filter(|n| n.tag_name().name() == tag)
        .filter_map(|n| n.attribute(attr).map(str::to_string))
        .collect()
}

// Reading rendered HTML without depending on the theme's exact markup.

/// From `<main` to `</main>`: the part of a page the reader came for.
pub fn main_of(html: &str) -> &str {
    let start = html
        .find("<main")
        .unwrap_or_else(|| panic!("no <main> in:\n{html}"));
    let end = html[start..]
        .find("</main>")
        .map_or(html.len(), |e| start + e);
    &html[start..end]
}

/// Text with tags removed and white space collapsed.
pub fn text_of(html: &str) -> String {
    let mut out = String::new();
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' => {
                in_tag = false;
                out.push(' ');
            }
            _ if !in_tag => out.push(c),
            _ => {}
        }
    }
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The text of the first `<h1>` of the page.
pub fn h1_of(html: &str) -> String {
    let start = html
        .find("<h1")
        .unwrap_or_else(|| panic!("no <h1> in:\n{html}"));
    let end = html[start..].find("</h1>").expect("a closed <h1>") + start;
    text_of(&html[start..end])
}

/// Links in the page's main part whose URL starts with `prefix`, in
/// order, each once: the list a reader sees. The list's own URL and its
/// pager URLs (`…/page/N/`) are left out.
pub fn links_under(html: &str, prefix: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for url in attr_values(main_of(html), "href") {
        if url.starts_with(prefix)
            && url != prefix
            && !url[prefix.len()..].starts_with("page/")
            && !out.contains(&url)
        {
            out.push(url);
        }
    }
    out
}

/// The text of the first link to `href`, if the page has one.
pub fn link_text(html: &str, href: &str) -> Option<String> {
    let at = html.find(&format!("href=\"{href}\""))?;
    let open_end = html[at..].find('>')? + at + 1;
    let close = html[open_end..].find("</a>")? + open_end;
    Some(text_of(&html[open_end..close]))
}
