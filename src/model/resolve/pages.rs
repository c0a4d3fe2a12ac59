//! Page URLs: a page's path is its language prefix, its folder's path and
//! its slug; a bundle takes its folder's name.

use super::sections::{ByDir, nearest};
use super::{dir_path, parent_dir};
use crate::config::Config;
use std::path::{Path, PathBuf};

use crate::content::raw::{RawItem, RawPage, SourceFile, Text};
use crate::content::{front_matter, walk};
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::model::taxonomy::WrittenTerms;
use crate::model::{Page, PageImage, SitePath};

/// Resolves each kept page, in the order given (source-path order), and
/// hands back each page's terms as written, indexed like the pages.
pub fn build(
    config: &Config,
    kept: Vec<RawPage>,
    sections: &ByDir,
    diagnostics: &mut Diagnostics,
) -> (Vec<Page>, Vec<WrittenTerms>) {
    kept.into_iter()
        .map(|raw| page(config, raw, sections, diagnostics))
        .unzip()
}

/// Moves (not copies) what the page says into the model: a one-shot build
/// of 10,000 pages should not hold their text twice.
pub(super) fn page(
    config: &Config,
    raw: RawPage,
    sections: &ByDir,
    diagnostics: &mut Diagnostics,
) -> (Page, WrittenTerms) {
    let (parent, own_name) = if raw.is_bundle {
        let name = raw.file.dir.rsplit('/').next().unwrap_or("");
        (parent_dir(&raw.file.dir), name.to_string())
    } else {
        (raw.file.dir.clone(), raw.file.stem.clone())
    };
    let key = key(&raw);
    let RawPage {
        file,
        text,
        title,
        description,
        date,
        updated,
        reviewed,
        author,
        slug,
        draft,
        weight,
        aliases,
        template,
        image,
        extra,
        terms,
        is_bundle,
        kept_keys: _,
    } = raw;
    let (title, title_in_body) = title_of(title, &file, &text, &own_name, diagnostics);
    let slug = slug.unwrap_or_else(|| {
        let s = crate::url::slugify(&own_name);
        if s.is_empty() { "page".into() } else { s }
    });
    let path = SitePath::new(format!(
        "{}{}{slug}/",
        config.language_prefix(&file.lang),
        dir_path(&parent)
    ));
    let section = nearest(sections, &parent, &file.lang);
    let page = Page {
        file,
        text,
        title,
        title_in_body,
        description,
        date,
        updated,
        reviewed,
        author,
        draft,
        weight,
        aliases,
        template,
        image: image.map(|written| PageImage {
            written,
            output: None,
        }),
        extra,
        is_bundle,
        key,
        path,
        slug,
        section,
        terms: Vec::new(),
        translations: Vec::new(),
        assets: Vec::new(),
    };
    (page, terms)
}

/// The page's title and whether its body holds it: `title:`, else the
/// first `# heading`, else the file (or bundle folder) name, with a warning.
fn title_of(
    written: Option<String>,
    file: &SourceFile,
    text: &Text,
    own_name: &str,
    diagnostics: &mut Diagnostics,
) -> (String, bool) {
    if let Some(title) = written {
        return (title, false);
    }
    if let Some(heading) = crate::markdown::first_heading(text.body()) {
        return (heading, true);
    }
    diagnostics.push(
        Diagnostic::warning(
            &file.shown,
            format!("no title: the page is titled `{own_name}` after its file name"),
        )
        .help("add `title: …` to the front matter, or start the text with a `# heading`"),
    );
    (own_name.to_string(), false)
}

/// The translation key: the source path without language suffix or `.md`;
/// a bundle's is "<folder>/index".
fn key(raw: &RawPage) -> String {
    let (dir, stem) = (&raw.file.dir, &raw.file.stem);
    if raw.is_bundle {
        format!("{dir}/index")
    } else if dir.is_empty() {
        stem.clone()
    } else {
        format!("{dir}/{stem}")
    }
}

/// A page's file as saved again (watch): its text, and whether it is a
/// draft now. Watch keeps the page only when its front matter is unchanged,
/// so the text is all that moves into the model.
pub struct Saved {
    pub text: Text,
    pub draft: bool,
    /// The title comes from the body (its `# heading` or the file name):
    /// an edit of the body may change it, which a body-only render would
    /// miss.
    pub title_from_body: bool,
}

/// Reads page `rel` again; `shown` is its path in diagnostics.
pub fn reread(
    config: &Config,
    rel: &str,
    abs: &Path,
    shown: PathBuf,
) -> Result<Saved, Vec<Diagnostic>> {
    let (file, kind) = walk::classify(rel, abs, shown, config);
    let loaded = front_matter::load(&file, kind, config);
    if loaded.has_errors() || loaded.item.is_none() {
        return Err(loaded.diagnostics);
    }
    match loaded.item {
        Some(RawItem::Page(page)) => Ok(Saved {
            title_from_body: page.title.is_none(),
            text: page.text,
            draft: page.draft,
        }),
        // Cannot happen for a path that held a page; start afresh if it does.
        _ => Err(vec![Diagnostic::error(
            &file.shown,
            "this file is no longer a page",
        )]),
    }
}

#[cfg(test)]
mod tests {
    use crate::model::testing::site;

    #[test]
    fn urls_come_from_language_folder_and_slug() {
        let (site, _) = site(&[
            ("指南/如何.md", "---\ntitle: T\n---\n"),
            ("指南/如何.en.md", "---\ntitle: T\nslug: how\n---\n"),
            ("g/bundle/index.md", "---\ntitle: T\n---\n"),
            ("g/!!.md", "---\ntitle: T\n---\n"),
        ]);
        let found: Vec<(&str, &str, &str)> = site
            .pages
            .iter()
            .map(|p| (p.file.rel.as_str(), p.key.as_str(), p.path.as_str()))
            .collect();
        assert_eq!(
            found,
            [
                ("g/!!.md", "g/!!", "g/page/"),
                ("g/bundle/index.md", "g/bundle/index", "g/bundle/"),
                ("指南/如何.en.md", "指南/如何", "en/zhi-nan/how/"),
                ("指南/如何.md", "指南/如何", "zhi-nan/ru-he/"),
            ]
        );
        let g = site.section_by_dir[&("g".to_string(), "zh".to_string())];
        assert_eq!(site.pages[1].section, g);
    }

    #[test]
    fn titles_fall_back_to_the_heading_then_the_file_name() {
        let (site, diagnostics) = site(&[
            ("g/a.md", "---\ntitle: Written\n---\n# Heading\n"),
            ("g/b.md", "Intro.\n\nSetext\n======\n"),
            ("g/c.md", "Nothing but text.\n"),
            ("g/bundle/index.md", "## Only level two\n"),
        ]);
        let found: Vec<(&str, bool)> = site
            .pages
            .iter()
            .map(|p| (p.title.as_str(), p.title_in_body))
            .collect();
        assert_eq!(
            found,
            [
                ("Written", false),
                ("Setext", true),
                ("bundle", false),
                ("c", false)
            ]
        );
        let warnings = format!("{diagnostics:?}");
        assert_eq!(diagnostics.error_count(), 0);
        assert!(
            warnings.contains("titled `c` after its file name"),
            "{warnings}"
        );
        assert!(warnings.contains("titled `bundle` after its file name"));
        assert_eq!(site.pages[1].date, None);
    }

    #[test]
    fn front_matter_moves_into_resolved_fields() {
        let (site, _) = site(&[(
            "g/a.md",
            "---\ntitle: A\ndescription: D\nauthor: Sok\nweight: 3\ntemplate: x.html\n\
             aliases: [/old/]\nreviewed: 2026-02-01\nextra: {k: v}\ntopics: [Fees]\n---\nBody\n",
        )]);
        let page = &site.pages[0];
        assert_eq!(page.title, "A");
        assert_eq!(page.description.as_deref(), Some("D"));
        assert_eq!(page.author.as_deref(), Some("Sok"));
        assert_eq!((page.weight, page.draft, page.is_bundle), (3, false, false));
        assert_eq!(page.template.as_deref(), Some("x.html"));
        assert_eq!(page.aliases[0].value, "/old/");
        assert_eq!(page.reviewed, Some(jiff::civil::date(2026, 2, 1)));
        assert_eq!(page.extra["k"].as_str(), Some("v"));
        assert_eq!(page.text.body(), "Body\n");
        let topics = site.taxonomy("topics", "zh").expect("topics");
        assert_eq!(page.terms, [("topics".to_string(), vec![0])]);
        assert_eq!(topics.terms[0].title, "Fees");
    }
}
