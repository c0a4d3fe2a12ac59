//! Finds the files of content/ and sorts them into pages, section files,
//! term profiles and assets. Dot-files are ignored; symlinks are followed
//! only while they stay inside the site and out of the output folder (which
//! would otherwise be copied into itself on every build), and loops are
//! reported, not walked.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use rayon::prelude::*;
use walkdir::WalkDir;

use super::front_matter;
use super::raw::{FileKind, Loaded, RawItem, RawSite, SourceFile};
use crate::config::Config;
use crate::diagnostics::{Diagnostic, Diagnostics};

pub(crate) const CONTENT_DIR: &str = "content";

/// How many bytes of page text a one-shot build keeps from the walk to
/// the Markdown stage; the rest it reads twice. Reading every page again
/// was a tenth of a 10,000-page build's kernel time (an open, a read and
/// a hash of each file); keeping every page was most of the peak at
/// 100,000 pages. 64 MiB holds about 12,000 pages of the bench corpus.
const KEPT_SOURCES: usize = 64 << 20;

/// `output` is the folder the build writes to: content that leads into it
/// is not read.
pub fn load(root: &Path, output: &Path, config: &Config, diagnostics: &mut Diagnostics) -> RawSite {
    load_with(root, output, config, diagnostics, usize::MAX)
}

/// `load` for a one-shot build: past the first `KEPT_SOURCES` bytes of
/// text, each page that has its `title:` keeps only its front matter, and
/// its body is read again by the Markdown stage (`Text::defer`). A page
/// without one keeps its body: the model looks for its title there.
pub fn load_deferring(
    root: &Path,
    output: &Path,
    config: &Config,
    diagnostics: &mut Diagnostics,
) -> RawSite {
    load_with(root, output, config, diagnostics, KEPT_SOURCES)
}

fn load_with(
    root: &Path,
    output: &Path,
    config: &Config,
    diagnostics: &mut Diagnostics,
    keep_up_to: usize,
) -> RawSite {
    let content = root.join(CONTENT_DIR);
    let mut site = RawSite::default();
    if !content.is_dir() {
        diagnostics.push(
            Diagnostic::error(CONTENT_DIR, "no content/ folder")
                .help("create content/ with your Markdown guides"),
        );
        return site;
    }
    let (mut files, dirs) = walk_files(root, &content, output, config, diagnostics);
    site.dirs = dirs;
    folder_pages(&mut files);

    let (markdown, assets): (Vec<_>, Vec<_>) = files
        .into_iter()
        .partition(|(_, kind)| *kind != FileKind::Asset);
    site.assets = assets.into_iter().map(|(file, _)| file).collect();

    let kept = AtomicUsize::new(0);
    let parsed: Vec<Loaded> = markdown
        .par_iter()
        .map(|(file, kind)| {
            let mut loaded = front_matter::load(file, *kind, config);
            if let Some(RawItem::Page(page)) = &mut loaded.item
                && page.title.is_some()
            {
                let size = page.text.source.len();
                if kept.fetch_add(size, Ordering::Relaxed).saturating_add(size) > keep_up_to {
                    page.text.defer();
                }
            }
            loaded
        })
        .collect();
    for loaded in parsed {
        site.add(loaded, diagnostics);
    }
    site
}

/// The bytes of `path` after its last separator: its file name, for a
/// path walkdir joined from a folder and a name read from it.
fn file_name(path: &Path) -> &[u8] {
    let bytes = path.as_os_str().as_encoded_bytes();
    let start = bytes
        .iter()
        .rposition(|&b| std::path::is_separator(b as char))
        .map_or(0, |p| p + 1);
    &bytes[start..]
}

fn walk_files(
    root: &Path,
    content: &Path,
    output: &Path,
    config: &Config,
    diagnostics: &mut Diagnostics,
) -> (Vec<(SourceFile, FileKind)>, Vec<String>) {
    let mut files = Vec::new();
    let mut dirs = Vec::new();
    let walker = WalkDir::new(content)
        .follow_links(true)
        // By name, as `sort_by_file_name` does, without parsing each path
        // again for every comparison (1.5% of a build).
        .sort_by(|a, b| file_name(a.path()).cmp(file_name(b.path())))
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !e.file_name().to_string_lossy().starts_with('.'));
    let mut links = Links::new(root, output);
    for entry in walker {
        let entry = match entry {
            Ok(entry) => entry,
            Err(err) => {
                diagnostics.push(walk_error(root, &err));
                continue;
            }
        };
        let path = entry.path();
        if links.is_refused(path) {
            continue;
        }
        let shown = crate::diagnostics::display_path(root, path);
        if let Some(warning) = links.check(&entry, &shown) {
            diagnostics.push(warning);
            continue;
        }
        let Ok(rel_path) = path.strip_prefix(content) else {
            continue;
        };
        let Some(rel) = rel_path.to_str().map(|s| s.replace('\\', "/")) else {
            diagnostics.push(
                Diagnostic::error(&shown, "file name is not valid UTF-8").help("rename the file"),
            );
            continue;
        };
        if entry.file_type().is_dir() {
            dirs.push(rel);
        } else if entry.file_type().is_file() {
            files.push(classify(&rel, path, shown, config));
        }
    }
    (files, dirs)
}

/// What an entry the walk could not read says: a symlink loop, or the
/// cause the file system gave.
fn walk_error(root: &Path, err: &walkdir::Error) -> Diagnostic {
    let path = err
        .path()
        .map(|p| crate::diagnostics::display_path(root, p))
        .unwrap_or_else(|| PathBuf::from(CONTENT_DIR));
    let message = if err.loop_ancestor().is_some() {
        "symlink loop: this link points back to a folder that contains it".to_string()
    } else {
        format!(
            "cannot read: {}",
            err.io_error()
                .map_or_else(|| err.to_string(), ToString::to_string)
        )
    };
    Diagnostic::error(path, message)
}

/// Where the walk's symlinks may lead: inside the site, and not into the
/// output folder.
struct Links {
    site_root: PathBuf,
    /// An output folder that does not exist yet holds nothing to follow.
    output: Option<PathBuf>,
    /// Links refused: nothing below them is read.
    refused: Vec<PathBuf>,
    /// Links followed so far: below them a folder's real location is not
    /// where its path says, so it is resolved again.
    followed: Vec<PathBuf>,
}

impl Links {
    fn new(root: &Path, output: &Path) -> Links {
        Links {
            site_root: root.canonicalize().unwrap_or_else(|_| root.to_path_buf()),
            output: output.canonicalize().ok(),
            refused: Vec::new(),
            followed: Vec::new(),
        }
    }

    fn is_refused(&self, path: &Path) -> bool {
        self.refused.iter().any(|p| path.starts_with(p))
    }

    /// Checks a link, or a folder below a followed one: a warning when it
    /// leads where the walk must not go (and nothing below it is read).
    fn check(&mut self, entry: &walkdir::DirEntry, shown: &Path) -> Option<Diagnostic> {
        let path = entry.path();
        let is_link = entry.path_is_symlink();
        let is_dir = entry.file_type().is_dir();
        let below_link = || is_dir && self.followed.iter().any(|link| path.starts_with(link));
        if !is_link && !below_link() {
            return None;
        }
        if let Some((message, help)) = self.refusal(path) {
            self.refused.push(path.to_path_buf());
            return Some(Diagnostic::warning(shown, message).help(help));
        }
        if is_link && is_dir {
            self.followed.push(path.to_path_buf());
        }
        None
    }

    /// Why a link is not followed, with the fix, if it is not.
    fn refusal(&self, path: &Path) -> Option<(String, &'static str)> {
        let real = path.canonicalize().ok();
        if real
            .as_ref()
            .is_none_or(|t| !t.starts_with(&self.site_root))
        {
            return Some((
                "symlink leads outside the site; not followed".to_string(),
                "copy the file into the site, or remove the link",
            ));
        }
        let (Some(real), Some(out)) = (&real, &self.output) else {
            return None;
        };
        if !real.starts_with(out) {
            return None;
        }
        let out = crate::diagnostics::display_path(&self.site_root, out);
        Some((
            format!(
                "symlink leads into the output folder {}; not followed \
                 (the site would be copied into itself)",
                out.display()
            ),
            "remove the link, or build into another folder with --output",
        ))
    }
}

/// The site `load` would find if content/ held `files` (path under
/// content/, text), without touching the disk: for the fuzzer and the
/// property tests, which resolve sites with any names.
pub fn load_texts(
    files: &[(String, Arc<str>)],
    config: &Config,
    diagnostics: &mut Diagnostics,
) -> RawSite {
    let mut site = RawSite::default();
    let mut dirs = std::collections::BTreeSet::from([String::new()]);
    let mut classified = Vec::with_capacity(files.len());
    for (rel, _) in files {
        let mut end = 0;
        while let Some(next) = rel[end..].find('/').map(|i| end + i) {
            dirs.insert(rel[..next].to_string());
            end = next + 1;
        }
        let shown = Path::new(CONTENT_DIR).join(rel);
        classified.push(classify(rel, &shown, shown.clone(), config));
    }
    folder_pages(&mut classified);
    for ((file, kind), (_, text)) in classified.into_iter().zip(files) {
        if kind == FileKind::Asset {
            site.assets.push(file);
            continue;
        }
        site.add(
            front_matter::parse(&file, kind, Arc::clone(text), config),
            diagnostics,
        );
    }
    site.dirs = dirs.into_iter().collect();
    site
}

/// Splits "guides/cancel-sim.en.md" into folder, stem and language, and
/// decides what kind of file it is.
pub(crate) fn classify(
    rel: &str,
    abs: &Path,
    shown: PathBuf,
    config: &Config,
) -> (SourceFile, FileKind) {
    let (dir, name) = match rel.rfind('/') {
        Some(i) => (&rel[..i], &rel[i + 1..]),
        None => ("", rel),
    };
    let mut file = SourceFile {
        rel: rel.to_string(),
        shown,
        abs: abs.to_path_buf(),
        lang: config.default_language.clone(),
        dir: dir.to_string(),
        stem: name.to_string(),
    };
    let Some(base) = name.strip_suffix(".md") else {
        return (file, FileKind::Asset);
    };
    let mut stem = base;
    if let Some((head, lang)) = base.rsplit_once('.')
        && config.is_language(lang)
        && !head.is_empty()
    {
        stem = head;
        file.lang = lang.to_string();
    }
    file.stem = stem.to_string();
    let top = rel.split('/').next().unwrap_or("");
    let kind =
        if dir == top && config.taxonomy(top).is_some() && !dir.is_empty() && stem != "_index" {
            FileKind::Profile
        } else {
            match stem {
                "_index" => FileKind::Section,
                "index" => FileKind::BundlePage,
                _ => FileKind::Page,
            }
        };
    (file, kind)
}

/// Which `index.md` files are their folder's section page rather than a
/// bundle page, which `classify` cannot tell from one name: `content/index.md`
/// (the home page), and one in a folder holding other Markdown, in it or
/// below (VitePress, Docusaurus). An `index.md` alone with other files
/// stays a bundle. The folder decides for all its languages at once.
pub(crate) fn folder_pages(files: &mut [(SourceFile, FileKind)]) {
    let mut holds_markdown = std::collections::HashSet::new();
    for (file, kind) in files.iter() {
        let dir = file.dir.as_str();
        if *kind == FileKind::Asset {
            continue;
        }
        if *kind != FileKind::BundlePage {
            holds_markdown.insert(dir);
        }
        // Every file, a bundle page too, is Markdown below its folder's
        // ancestors (the root needs no answer: it is always a section).
        for (end, _) in dir.match_indices('/') {
            holds_markdown.insert(&dir[..end]);
        }
    }
    let sections: std::collections::HashSet<String> = files
        .iter()
        .filter(|(file, kind)| {
            *kind == FileKind::BundlePage
                && (file.dir.is_empty() || holds_markdown.contains(file.dir.as_str()))
        })
        .map(|(file, _)| file.rel.clone())
        .collect();
    for (file, kind) in files.iter_mut() {
        if sections.contains(&file.rel) {
            *kind = FileKind::Section;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn config() -> Config {
        Config::parse(
            Path::new("site.yaml"),
            &Arc::from(
                "title: t\ndefault_language: zh\nlanguages: {en: {}}\ntaxonomies: [operators]\n",
            ),
        )
        .unwrap()
    }

    #[test]
    fn pages_past_the_kept_bytes_keep_only_their_front_matter_and_untitled_ones_keep_all() {
        let root = tempfile::tempdir().unwrap();
        let guides = root.path().join("content/guides");
        std::fs::create_dir_all(&guides).unwrap();
        std::fs::write(guides.join("a.md"), "---\ntitle: A\n---\nBody of a.\n").unwrap();
        std::fs::write(guides.join("b.md"), "# B\n\nBody of b.\n").unwrap();
        let bodies = |keep_up_to| {
            let mut diagnostics = Diagnostics::default();
            let out = root.path().join("public");
            let site = load_with(root.path(), &out, &config(), &mut diagnostics, keep_up_to);
            assert!(diagnostics.is_empty(), "{diagnostics:?}");
            let mut bodies: Vec<(String, String, bool)> = site
                .pages
                .iter()
                .map(|p| {
                    (
                        p.file.stem.clone(),
                        p.text.body().to_string(),
                        p.text.deferred.is_some(),
                    )
                })
                .collect();
            bodies.sort();
            bodies
        };
        let kept = |stem: &str, body: &str| (stem.to_string(), body.to_string(), false);
        assert_eq!(
            bodies(usize::MAX),
            [kept("a", "Body of a.\n"), kept("b", "# B\n\nBody of b.\n")]
        );
        assert_eq!(
            bodies(0),
            [
                ("a".to_string(), String::new(), true),
                kept("b", "# B\n\nBody of b.\n")
            ],
            "a is read again by the Markdown stage; b's title is in its body"
        );
    }

    #[test]
    fn classifies_by_name_and_place() {
        let c = config();
        let kind = |rel: &str| classify(rel, Path::new(rel), PathBuf::from(rel), &c);
        let (file, k) = kind("guides/cancel-sim.en.md");
        assert_eq!(
            (file.stem.as_str(), file.lang.as_str(), file.dir.as_str(), k),
            ("cancel-sim", "en", "guides", FileKind::Page)
        );
        assert_eq!(kind("guides/cancel-sim.md").0.lang, "zh");
        assert_eq!(kind("guides/v1.2.md").0.stem, "v1.2");
        assert_eq!(kind("_index.md").1, FileKind::Section);
        assert_eq!(kind("guides/roaming/index.md").1, FileKind::BundlePage);
        assert_eq!(kind("operators/smart.en.md").1, FileKind::Profile);
        assert_eq!(kind("operators/smart/x.md").1, FileKind::Page);
        assert_eq!(kind("guides/sim.jpg").1, FileKind::Asset);
    }

    #[test]
    fn an_index_beside_other_markdown_is_its_folders_section_page() {
        let c = config();
        let mut files: Vec<(SourceFile, FileKind)> = [
            "index.md",
            "index.en.md",
            "api/index.md",
            "api/index.en.md",
            "api/reactivity-core.md",
            "guide/index.md",
            "guide/essentials/a.md",
            "shelf/index.md",
            "shelf/book/index.md",
            "shelf/book/cover.jpg",
            "trip/index.md",
            "trip/index.en.md",
            "trip/map.png",
            "trip/photos/a.jpg",
            "lone/index.md",
        ]
        .iter()
        .map(|rel| classify(rel, Path::new(rel), PathBuf::from(rel), &c))
        .collect();
        folder_pages(&mut files);
        let sections: Vec<&str> = files
            .iter()
            .filter(|(_, k)| *k == FileKind::Section)
            .map(|(f, _)| f.rel.as_str())
            .collect();
        assert_eq!(
            sections,
            [
                "index.md",
                "index.en.md",
                "api/index.md",
                "api/index.en.md",
                "guide/index.md",
                "shelf/index.md"
            ]
        );
        let bundles: Vec<&str> = files
            .iter()
            .filter(|(_, k)| *k == FileKind::BundlePage)
            .map(|(f, _)| f.rel.as_str())
            .collect();
        assert_eq!(
            bundles,
            [
                "shelf/book/index.md",
                "trip/index.md",
                "trip/index.en.md",
                "lone/index.md"
            ]
        );
    }
}
