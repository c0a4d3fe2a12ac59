//! Page URLs: a page's path is its language prefix, its folder's path and
//! its slug; a bundle takes its folder's name.

use super::sections::{ByDir, nearest};
use super::{dir_path, parent_dir};
use crate::config::Config;
use crate::content::raw::RawPage;
use crate::markdown::Rendered;
use crate::model::{Page, SitePath};

/// Resolves each kept page, in the order given (source-path order).
pub fn build(config: &Config, kept: Vec<RawPage>, sections: &ByDir) -> Vec<Page> {
    kept.into_iter()
        .map(|raw| page(config, raw, sections))
        .collect()
}

fn page(config: &Config, raw: RawPage, sections: &ByDir) -> Page {
    let lang = raw.file.lang.clone();
    let (parent, own_name) = if raw.is_bundle {
        let name = raw.file.dir.rsplit('/').next().unwrap_or("");
        (parent_dir(&raw.file.dir), name.to_string())
    } else {
        (raw.file.dir.clone(), raw.file.stem.clone())
    };
    let slug = raw.slug.clone().unwrap_or_else(|| {
        let s = crate::url::slugify(&own_name);
        if s.is_empty() { "page".into() } else { s }
    });
    let path = SitePath::new(format!(
        "{}{}{slug}/",
        config.language_prefix(&lang),
        dir_path(&parent)
    ));
    let section = nearest(sections, &parent, &lang);
    Page {
        key: key(&raw),
        raw,
        path,
        slug,
        section,
        terms: Vec::new(),
        translations: Vec::new(),
        assets: Vec::new(),
        rendered: Rendered::default(),
    }
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
            .map(|p| (p.raw.file.rel.as_str(), p.key.as_str(), p.path.as_str()))
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
}
