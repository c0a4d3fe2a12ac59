//! Sections: which folders are sections in which language, their titles
//! and paths, the tree they form, and the order of their lists.

use std::collections::{BTreeSet, HashMap, HashSet};

use super::keep::Folders;
use super::{dir_path, parent_dir};
use crate::config::Config;
use crate::content::raw::{RawPage, RawSection};
use crate::model::sort::{self, SortBy};
use crate::model::{Page, Section, SitePath, Source, sort_pages};

/// (folder, language) → section index.
pub(crate) type ByDir = HashMap<(String, String), usize>;

/// Every section in language order then folder order, linked to its parent.
pub fn build(
    config: &Config,
    folders: &Folders,
    dirs: &[String],
    raw: Vec<RawSection>,
    pages: &[RawPage],
) -> (Vec<Section>, ByDir) {
    let mut raw_by_dir: HashMap<(String, String), RawSection> = raw
        .into_iter()
        .map(|s| ((s.file.dir.clone(), s.file.lang.clone()), s))
        .collect();
    let wanted = wanted(
        config,
        &section_dirs(config, folders, dirs),
        &raw_by_dir,
        pages,
    );
    let mut sections = Vec::with_capacity(wanted.len());
    let mut by_dir = ByDir::new();
    for (order, dir) in wanted {
        let lang = config.languages[order].code.clone();
        let raw = raw_by_dir.remove(&(dir.clone(), lang.clone()));
        by_dir.insert((dir.clone(), lang.clone()), sections.len());
        sections.push(section(config, order, dir, lang, raw));
    }
    link_parents(&mut sections, &by_dir);
    (sections, by_dir)
}

/// Every folder but bundles, profile folders, draft sections and folders
/// with no Markdown below them (asset folders).
fn section_dirs(config: &Config, folders: &Folders, dirs: &[String]) -> BTreeSet<String> {
    let mut out = BTreeSet::from([String::new()]);
    for dir in dirs {
        let is_profile_folder = !dir.contains('/') && config.taxonomy(dir).is_some();
        let not_a_section = folders.in_bundle(dir)
            || is_profile_folder
            || folders.in_draft(dir)
            || !folders.holds_markdown(dir);
        if !not_a_section {
            out.insert(dir.clone());
        }
    }
    out
}

/// (language order, folder) of every section: every folder in the default
/// language; in another, the home page and folders holding its content.
fn wanted(
    config: &Config,
    dirs: &BTreeSet<String>,
    raw_by_dir: &HashMap<(String, String), RawSection>,
    pages: &[RawPage],
) -> BTreeSet<(usize, String)> {
    // One pass over pages and their ancestor folders, not a scan of all
    // pages per folder.
    let mut holds_language: HashSet<(&str, &str)> = HashSet::new();
    for page in pages {
        let (lang, dir) = (page.file.lang.as_str(), page.file.dir.as_str());
        holds_language.insert((lang, ""));
        for (end, _) in dir.match_indices('/') {
            holds_language.insert((lang, &dir[..end]));
        }
        holds_language.insert((lang, dir));
    }
    let mut wanted = BTreeSet::new();
    for (order, language) in config.languages.iter().enumerate() {
        let default = language.code == config.default_language;
        for dir in dirs {
            let has_own = raw_by_dir.contains_key(&(dir.clone(), language.code.clone()))
                || holds_language.contains(&(language.code.as_str(), dir.as_str()));
            if default || dir.is_empty() || has_own {
                wanted.insert((order, dir.clone()));
            }
        }
    }
    wanted
}

pub(super) fn section(
    config: &Config,
    order: usize,
    dir: String,
    lang: String,
    raw: Option<RawSection>,
) -> Section {
    // Without `title:`, the text's first `# heading` (then the theme
    // prints no second one), else the folder name.
    let from_body = raw
        .as_ref()
        .filter(|r| r.title.is_none())
        .and_then(|r| crate::markdown::first_heading(r.text.body()));
    let title_in_body = from_body.is_some();
    let title = raw
        .as_ref()
        .and_then(|r| r.title.clone())
        .or(from_body)
        .unwrap_or_else(|| {
            if dir.is_empty() {
                config.languages[order].title.clone()
            } else {
                dir.rsplit('/').next().unwrap_or(&dir).to_string()
            }
        });
    let path = SitePath::new(config.language_prefix(&lang) + &dir_path(&dir));
    let mut section = Section {
        sort_by: SortBy::Date,
        paginate: 0,
        weight: 0,
        path,
        dir,
        lang,
        source: None,
        title,
        title_in_body,
        description: None,
        template: None,
        extra: None,
        parent: None,
        subsections: Vec::new(),
        pages: Vec::new(),
        translations: Vec::new(),
        aliases: Vec::new(),
        facts: Vec::new(),
    };
    if let Some(raw) = raw {
        let RawSection {
            file,
            text,
            description,
            sort_by,
            paginate,
            template,
            weight,
            extra,
            aliases,
            facts,
            ..
        } = raw;
        section.aliases = aliases;
        section.facts = facts;
        section.source = Some(Source { file, text });
        section.description = description;
        section.template = template;
        section.extra = Some(extra);
        section.sort_by = sort_by;
        section.paginate = paginate;
        section.weight = weight;
    }
    section
}

/// A section's parent is the nearest enclosing section of its language.
fn link_parents(sections: &mut [Section], by_dir: &ByDir) {
    for i in 0..sections.len() {
        if sections[i].dir.is_empty() {
            continue;
        }
        let lang = sections[i].lang.clone();
        let parent = nearest(by_dir, &parent_dir(&sections[i].dir), &lang);
        sections[i].parent = Some(parent);
        sections[parent].subsections.push(i);
    }
}

/// The section of folder `dir`, or of its nearest enclosing folder; the
/// home page (there is one in every language) at the latest.
pub(crate) fn nearest(by_dir: &ByDir, dir: &str, lang: &str) -> usize {
    let mut current = dir.to_string();
    loop {
        if let Some(&i) = by_dir.get(&(current.clone(), lang.to_string())) {
            return i;
        }
        if current.is_empty() {
            return 0;
        }
        current = parent_dir(&current);
    }
}

/// Fills each section's page list in its `sort_by` order, and orders
/// subsections by weight (`sort::by_weight`), then title, then folder.
pub(crate) fn fill(sections: &mut [Section], pages: &[Page]) {
    for (i, page) in pages.iter().enumerate() {
        sections[page.section].pages.push(i);
    }
    for section in sections.iter_mut() {
        let by = section.sort_by;
        sort_pages(pages, &mut section.pages, by);
    }
    let order: Vec<Vec<usize>> = sections
        .iter()
        .map(|s| {
            let mut list = s.subsections.clone();
            order_subsections(sections, &mut list);
            list
        })
        .collect();
    for (section, list) in sections.iter_mut().zip(order) {
        section.subsections = list;
    }
}

/// Puts `list` (subsections of one section) in order: by weight
/// (`sort::by_weight`), then title, then folder.
pub(crate) fn order_subsections(sections: &[Section], list: &mut [usize]) {
    list.sort_by(|&a, &b| {
        let (a, b) = (&sections[a], &sections[b]);
        sort::by_weight(a.weight, b.weight)
            .then_with(|| a.title.cmp(&b.title))
            .then_with(|| a.dir.cmp(&b.dir))
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::testing::{raw, site};

    const PAGE: &str = "---\ntitle: T\n---\n";

    #[test]
    fn folders_are_sections_but_bundles_and_profile_folders_are_not() {
        let (config, raw) = raw(&[
            ("g/a.md", PAGE),
            ("g/b/index.md", PAGE),
            ("g/b/deeper/c.png", ""),
            ("operators/smart.md", PAGE),
        ]);
        let folders = Folders::new(&raw.pages, &raw.sections, false);
        let dirs: Vec<String> = section_dirs(&config, &folders, &raw.dirs)
            .into_iter()
            .collect();
        assert_eq!(dirs, ["", "g"]);
    }

    #[test]
    fn folders_without_markdown_are_asset_folders_not_sections() {
        let (site, diagnostics) = site(&[
            ("index.md", "---\ntitle: Home\n---\nWelcome.\n"),
            ("api/index.md", "---\ntitle: API\n---\n"),
            ("api/reactivity-core.md", PAGE),
            ("api/img/diagram.png", ""),
            ("examples/counter.js", ""),
            ("examples/deep/todo.js", ""),
            ("team.md", PAGE),
            ("team/Member.vue", ""),
            ("trip/index.md", PAGE),
            ("trip/map.png", ""),
        ]);
        assert!(!diagnostics.has_errors(), "{diagnostics:?}");
        let zh: Vec<(&str, &str)> = site
            .sections
            .iter()
            .filter(|s| s.lang == "zh")
            .map(|s| (s.dir.as_str(), s.title.as_str()))
            .collect();
        assert_eq!(zh, [("", "Home"), ("api", "API")]);
        let home = &site.sections[0];
        assert!(
            home.source
                .as_ref()
                .is_some_and(|s| s.file.rel == "index.md")
        );
        let api = &site.sections[site.section_by_dir[&("api".to_string(), "zh".to_string())]];
        assert_eq!(api.pages.len(), 1);
        assert_eq!(
            site.pages[api.pages[0]].path.as_str(),
            "api/reactivity-core/"
        );
        let paths: Vec<&str> = site.pages.iter().map(|p| p.path.as_str()).collect();
        assert_eq!(paths, ["api/reactivity-core/", "team/", "trip/"]);
        let outputs: Vec<&str> = site.assets.iter().map(|a| a.output.as_str()).collect();
        assert_eq!(
            outputs,
            [
                "api/img/diagram.png",
                "examples/counter.js",
                "examples/deep/todo.js",
                "team/Member.vue",
                "trip/map.png"
            ]
        );
    }

    #[test]
    fn other_languages_get_the_folders_holding_their_content() {
        let (site, _) = site(&[
            ("g/a.md", PAGE),
            ("g/h/a.en.md", PAGE),
            ("k/a.md", PAGE),
            ("k/_index.en.md", "---\ntitle: K\n---\n"),
        ]);
        let found: Vec<(&str, &str, &str)> = site
            .sections
            .iter()
            .map(|s| (s.lang.as_str(), s.dir.as_str(), s.path.as_str()))
            .collect();
        assert_eq!(
            found,
            [
                ("zh", "", ""),
                ("zh", "g", "g/"),
                ("zh", "g/h", "g/h/"),
                ("zh", "k", "k/"),
                ("en", "", "en/"),
                ("en", "g", "en/g/"),
                ("en", "g/h", "en/g/h/"),
                ("en", "k", "en/k/"),
            ]
        );
        assert_eq!(site.sections[0].title, "T");
        assert_eq!(site.sections[4].title, "E");
        assert_eq!(site.sections[7].title, "K");
        assert_eq!(site.sections[2].parent, Some(1));
        // "K" sorts before "g": titles compare as written.
        assert_eq!(site.sections[4].subsections, [7, 5]);
    }

    #[test]
    fn a_section_without_its_folder_section_hangs_from_the_nearest() {
        let (site, _) = site(&[("a/b/c/p.en.md", PAGE), ("a/x.md", PAGE)]);
        let en_c = site.section_by_dir[&("a/b/c".to_string(), "en".to_string())];
        let en_b = site.section_by_dir[&("a/b".to_string(), "en".to_string())];
        assert_eq!(site.sections[en_c].parent, Some(en_b));
        assert_eq!(site.sections[en_c].pages.len(), 1);
    }

    #[test]
    fn page_lists_follow_sort_by() {
        let (site, _) = site(&[
            ("g/_index.md", "---\ntitle: G\nsort_by: title\n---\n"),
            ("g/b.md", "---\ntitle: B\n---\n"),
            ("g/a.md", "---\ntitle: A\n---\n"),
        ]);
        let g = &site.sections[site.section_by_dir[&("g".to_string(), "zh".to_string())]];
        let titles: Vec<&str> = g
            .pages
            .iter()
            .map(|&i| site.pages[i].title.as_str())
            .collect();
        assert_eq!(titles, ["A", "B"]);
    }

    #[test]
    fn weighted_subsections_come_first_then_titles() {
        let (site, _) = site(&[
            ("a/_index.md", "---\ntitle: A\n---\n"),
            ("b/_index.md", "---\ntitle: B\nweight: 2\n---\n"),
            ("c/_index.md", "---\ntitle: C\nweight: 1\n---\n"),
            ("d/_index.md", "---\ntitle: D\nweight: -1\n---\n"),
        ]);
        let titles: Vec<&str> = site.sections[0]
            .subsections
            .iter()
            .map(|&i| site.sections[i].title.as_str())
            .collect();
        assert_eq!(titles, ["D", "C", "B", "A"]);
    }

    #[test]
    fn a_section_index_gives_its_description_template_and_extra() {
        let (site, _) = site(&[
            (
                "g/_index.md",
                "---\ntitle: G\ndescription: D\ntemplate: t.html\nextra: {k: 1}\n---\n",
            ),
            ("h/a.md", "---\ntitle: A\n---\n"),
        ]);
        let at =
            |dir: &str| &site.sections[site.section_by_dir[&(dir.to_string(), "zh".to_string())]];
        let (g, h) = (at("g"), at("h"));
        assert_eq!(g.description.as_deref(), Some("D"));
        assert_eq!(g.template.as_deref(), Some("t.html"));
        assert_eq!(g.extra.as_ref().and_then(|e| e["k"].as_i64()), Some(1));
        assert!(
            g.source
                .as_ref()
                .is_some_and(|s| s.file.rel == "g/_index.md")
        );
        assert!(h.source.is_none() && h.extra.is_none() && h.description.is_none());
    }
}
