//! Raw files → the site model: which folders are sections in which
//! language, every page's URL, translations, aliases, and the errors only
//! visible across files (two pages on one URL, an alias leaving the site).

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

use jiff::civil::Date;

use super::{Alias, Asset, Page, Section, Site, sort_pages};
use crate::config::Config;
use crate::content::raw::{RawPage, RawSection, RawSite};
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::markdown::Rendered;
use crate::url::{join_relative, slugify};

pub fn resolve(
    config: Config,
    raw: RawSite,
    build_date: Date,
    drafts: bool,
    diagnostics: &mut Diagnostics,
) -> Site {
    let RawSite {
        pages: raw_pages,
        sections: raw_sections,
        mut profiles,
        assets,
        dirs,
    } = raw;
    profiles.sort_by(|a, b| a.file.rel.cmp(&b.file.rel));

    // Folders holding an index.md are page bundles, not sections; a root
    // index.md is refused below, so no bundle folder is empty.
    let bundle_dirs: BTreeSet<String> = raw_pages
        .iter()
        .filter(|p| p.is_bundle && !p.file.dir.is_empty())
        .map(|p| p.file.dir.clone())
        .collect();
    let in_bundle = |dir: &str| {
        bundle_dirs
            .iter()
            .any(|b| dir == b || dir.starts_with(&format!("{b}/")))
    };
    let is_taxonomy_dir = |dir: &str| {
        let top = dir.split('/').next().unwrap_or("");
        config.taxonomy(top).is_some()
    };
    let draft_dirs: Vec<String> = raw_sections
        .iter()
        .filter(|s| s.draft && !drafts)
        .map(|s| s.file.dir.clone())
        .collect();
    let in_draft_dir = |dir: &str| {
        draft_dirs
            .iter()
            .any(|d| d.is_empty() || dir == d || dir.starts_with(&format!("{d}/")))
    };

    let mut draft_sources = Vec::new();
    let mut kept: Vec<RawPage> = Vec::new();
    for page in raw_pages {
        if page.is_bundle && page.file.dir.is_empty() {
            // A bundle whose folder is content/ itself would own every file
            // of the site as its assets.
            diagnostics.push(root_bundle(&page));
            continue;
        }
        if (page.draft || in_draft_dir(&page.file.dir)) && !drafts {
            draft_sources.push(page.file.rel.clone());
        } else {
            kept.push(page);
        }
    }
    kept.sort_by(|a, b| a.file.rel.cmp(&b.file.rel));

    // Sections: every folder in the default language; in another language,
    // folders that hold content of that language.
    let mut section_dirs: BTreeSet<String> = BTreeSet::from([String::new()]);
    for dir in &dirs {
        let is_profile_folder = is_taxonomy_dir(dir) && !dir.contains('/');
        if !(in_bundle(dir) || is_profile_folder || in_draft_dir(dir)) {
            section_dirs.insert(dir.clone());
        }
    }
    let mut raw_by_dir: HashMap<(String, String), RawSection> = HashMap::new();
    for s in raw_sections {
        raw_by_dir.insert((s.file.dir.clone(), s.file.lang.clone()), s);
    }
    // (language, folder) pairs where the folder's subtree holds a page in
    // that language: one pass over pages and their ancestor folders, not a
    // scan of all pages per folder.
    let mut holds_language: HashSet<(&str, &str)> = HashSet::new();
    for page in &kept {
        let dir = page.file.dir.as_str();
        holds_language.insert((page.file.lang.as_str(), ""));
        for (end, _) in dir.match_indices('/') {
            holds_language.insert((page.file.lang.as_str(), &dir[..end]));
        }
        holds_language.insert((page.file.lang.as_str(), dir));
    }
    let mut wanted: BTreeSet<(usize, String)> = BTreeSet::new(); // (language order, dir)
    for (order, language) in config.languages.iter().enumerate() {
        let default = language.code == config.default_language;
        for dir in &section_dirs {
            let has_own = raw_by_dir.contains_key(&(dir.clone(), language.code.clone()))
                || holds_language.contains(&(language.code.as_str(), dir.as_str()));
            if default || dir.is_empty() || has_own {
                wanted.insert((order, dir.clone()));
            }
        }
    }
    let mut sections: Vec<Section> = Vec::new();
    let mut section_by_dir: HashMap<(String, String), usize> = HashMap::new();
    for (order, dir) in wanted {
        let lang = config.languages[order].code.clone();
        let raw = raw_by_dir.remove(&(dir.clone(), lang.clone()));
        let title = raw
            .as_ref()
            .and_then(|r| r.title.clone())
            .unwrap_or_else(|| {
                if dir.is_empty() {
                    config.languages[order].title.clone()
                } else {
                    dir.rsplit('/').next().unwrap_or(&dir).to_string()
                }
            });
        let path = format!("{}{}", config.language_prefix(&lang), dir_path(&dir));
        section_by_dir.insert((dir.clone(), lang.clone()), sections.len());
        sections.push(Section {
            sort_by: raw
                .as_ref()
                .map_or(super::sort::SortBy::Date, |r| r.sort_by),
            paginate: raw.as_ref().map_or(0, |r| r.paginate),
            weight: raw.as_ref().map_or(0, |r| r.weight),
            dir,
            lang,
            raw,
            title,
            path,
            parent: None,
            subsections: Vec::new(),
            pages: Vec::new(),
            rendered: Rendered::default(),
            translations: Vec::new(),
        });
    }
    for i in 0..sections.len() {
        if sections[i].dir.is_empty() {
            continue;
        }
        let key = (parent_dir(&sections[i].dir), sections[i].lang.clone());
        let mut parent_key = key;
        loop {
            if let Some(&p) = section_by_dir.get(&parent_key) {
                sections[i].parent = Some(p);
                sections[p].subsections.push(i);
                break;
            }
            if parent_key.0.is_empty() {
                break;
            }
            parent_key.0 = parent_dir(&parent_key.0);
        }
    }

    let mut pages: Vec<Page> = Vec::with_capacity(kept.len());
    for raw in kept {
        let lang = raw.file.lang.clone();
        let (parent, own_name) = if raw.is_bundle {
            let parent = parent_dir(&raw.file.dir);
            let name = raw.file.dir.rsplit('/').next().unwrap_or("").to_string();
            (parent, name)
        } else {
            (raw.file.dir.clone(), raw.file.stem.clone())
        };
        let slug = raw.slug.clone().unwrap_or_else(|| {
            let s = slugify(&own_name);
            if s.is_empty() { "page".into() } else { s }
        });
        let path = format!(
            "{}{}{slug}/",
            config.language_prefix(&lang),
            dir_path(&parent)
        );
        let section = nearest_section(&section_by_dir, &parent, &lang);
        let key = if raw.is_bundle {
            format!("{}/index", raw.file.dir)
        } else {
            join_key(&raw.file.dir, &raw.file.stem)
        };
        pages.push(Page {
            raw,
            key,
            path,
            slug,
            section,
            terms: Vec::new(),
            translations: Vec::new(),
            assets: Vec::new(),
            rendered: Rendered::default(),
        });
    }

    let mut page_by_source = HashMap::new();
    let mut by_key: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    for (i, page) in pages.iter().enumerate() {
        page_by_source.insert(page.raw.file.rel.clone(), i);
        by_key.entry(page.key.clone()).or_default().push(i);
        sections[page.section].pages.push(i);
    }
    let lang_order = |lang: &str| {
        config
            .languages
            .iter()
            .position(|l| l.code == lang)
            .unwrap_or(usize::MAX)
    };
    for group in by_key.values() {
        let mut group = group.clone();
        group.sort_by_key(|&i| lang_order(&pages[i].raw.file.lang));
        for &i in &group {
            pages[i].translations = group.iter().copied().filter(|&j| j != i).collect();
        }
    }
    let mut section_groups: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    for (i, s) in sections.iter().enumerate() {
        section_groups.entry(s.dir.as_str()).or_default().push(i);
    }
    let section_groups: Vec<Vec<usize>> = section_groups.into_values().collect();
    for group in section_groups {
        for &i in &group {
            sections[i].translations = group.iter().copied().filter(|&j| j != i).collect();
        }
    }
    for section in sections.iter_mut() {
        let by = section.sort_by;
        sort_pages(&pages, &mut section.pages, by);
    }
    let mut subsection_order: Vec<Vec<usize>> =
        sections.iter().map(|s| s.subsections.clone()).collect();
    for list in subsection_order.iter_mut() {
        list.sort_by(|&a, &b| {
            (sections[a].weight, &sections[a].title, &sections[a].dir).cmp(&(
                sections[b].weight,
                &sections[b].title,
                &sections[b].dir,
            ))
        });
    }
    for (section, list) in sections.iter_mut().zip(subsection_order) {
        section.subsections = list;
    }

    // Assets: bundle files travel with their page; others keep their path.
    let mut site_assets = Vec::new();
    let mut asset_by_source = HashMap::new();
    for file in assets {
        let bundle = bundle_dirs
            .iter()
            .filter(|b| under(&file.dir, b))
            .max_by_key(|b| b.len());
        let output = match bundle.and_then(|b| {
            let key = format!("{b}/index");
            // The files sit beside the default-language page (its slug),
            // not beside whichever translation sorts first by file name.
            by_key.get(&key).map(|owners| {
                let owner = owners
                    .iter()
                    .copied()
                    .find(|&i| pages[i].raw.file.lang == config.default_language)
                    .unwrap_or(owners[0]);
                (b, owner)
            })
        }) {
            Some((b, owner)) => {
                let Some(within) = within(&file.rel, b) else {
                    continue; // `under` said it is inside; kept total anyway
                };
                let out = format!(
                    "{}{within}",
                    strip_lang(&pages[owner].path, &config, &pages[owner].raw.file.lang)
                );
                for &i in &by_key[&format!("{b}/index")] {
                    pages[i].assets.push(out.clone());
                }
                out
            }
            None if bundle.is_some() => continue, // the bundle's page is a draft
            None => file.rel.clone(),
        };
        asset_by_source.insert(file.rel.clone(), output.clone());
        site_assets.push(Asset {
            source: file.abs,
            output,
        });
    }

    let mut aliases = Vec::new();
    for (i, page) in pages.iter().enumerate() {
        for alias in &page.raw.aliases {
            match alias_output(&alias.value) {
                Ok(output) => aliases.push(Alias { output, target: i }),
                Err(why) => diagnostics.push(
                    Diagnostic::error(
                        &page.raw.file.shown,
                        format!("alias `{}` {why}", alias.value),
                    )
                    .at(&page.raw.text.source, alias.span.clone())
                    .label("bad alias")
                    .help("an alias is a path inside the site, such as /old/url/"),
                ),
            }
        }
    }

    let mut site = Site {
        config,
        build_date,
        drafts,
        pages,
        sections,
        taxonomies: Vec::new(),
        profiles,
        assets: site_assets,
        page_by_source,
        draft_sources,
        asset_by_source,
        section_by_dir,
        aliases,
    };
    site.taxonomies =
        super::taxonomy::build(&site.config, &mut site.pages, &site.profiles, diagnostics);
    check_collisions(&site, diagnostics);
    site
}

/// `rel` inside folder `dir`: "guides/x/a.png" in "guides/x" → "a.png".
/// Cut at the `/` found by `strip_prefix`, never at a computed offset, so a
/// multi-byte name cannot split a character.
fn within<'a>(rel: &'a str, dir: &str) -> Option<&'a str> {
    if dir.is_empty() {
        return Some(rel);
    }
    rel.strip_prefix(dir)?.strip_prefix('/')
}

/// `content/index.md`: not (yet) the home page, and not a bundle either.
fn root_bundle(page: &RawPage) -> Diagnostic {
    let name = page.file.rel.as_str();
    let section = name.replacen("index", "_index", 1);
    Diagnostic::error(
        &page.file.shown,
        format!(
            "content/{name} cannot be used: an index.md makes its folder a page bundle, \
             and content/ itself cannot be one"
        ),
    )
    .help(format!(
        "the home page is content/{section}: rename this file to content/{section}"
    ))
}

fn under(dir: &str, ancestor: &str) -> bool {
    ancestor.is_empty() || dir == ancestor || dir.starts_with(&format!("{ancestor}/"))
}

fn parent_dir(dir: &str) -> String {
    dir.rsplit_once('/')
        .map_or(String::new(), |(p, _)| p.to_string())
}

fn join_key(dir: &str, stem: &str) -> String {
    if dir.is_empty() {
        stem.to_string()
    } else {
        format!("{dir}/{stem}")
    }
}

/// "guides/如何" → "guides/ru-he/": each folder name slugified.
fn dir_path(dir: &str) -> String {
    dir.split('/')
        .filter(|s| !s.is_empty())
        .map(|segment| {
            let s = slugify(segment);
            if s.is_empty() {
                "section".to_string()
            } else {
                s
            }
        })
        .map(|s| s + "/")
        .collect()
}

fn strip_lang(path: &str, config: &Config, lang: &str) -> String {
    path.strip_prefix(&config.language_prefix(lang))
        .unwrap_or(path)
        .to_string()
}

fn nearest_section(by_dir: &HashMap<(String, String), usize>, dir: &str, lang: &str) -> usize {
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

/// "/old/url/" → "old/url/index.html"; "/old.html" stays a file.
pub fn alias_output(alias: &str) -> Result<String, &'static str> {
    if crate::url::is_external(alias) {
        return Err("is a full URL");
    }
    if alias.contains(['\0', '\\', '?', '#']) || alias.chars().any(char::is_control) {
        return Err("contains characters a path may not have");
    }
    let trimmed = alias.trim_start_matches('/');
    if alias.split('/').any(|s| s == "..") {
        return Err("climbs out of the site with `..`");
    }
    let Some(path) = join_relative("", trimmed) else {
        return Err("climbs out of the site");
    };
    if path.is_empty() {
        return Err("would replace the home page");
    }
    if path.ends_with(".html") || path.ends_with(".htm") {
        Ok(path)
    } else {
        Ok(format!("{path}/index.html"))
    }
}

fn check_collisions(site: &Site, diagnostics: &mut Diagnostics) {
    let mut owners: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for page in &site.pages {
        owners
            .entry(format!("{}index.html", page.path))
            .or_default()
            .push(page.raw.file.shown.display().to_string());
    }
    for section in &site.sections {
        let shown = section.raw.as_ref().map_or_else(
            || format!("content/{}/", section.dir),
            |r| r.file.shown.display().to_string(),
        );
        owners
            .entry(format!("{}index.html", section.path))
            .or_default()
            .push(shown);
    }
    for taxonomy in &site.taxonomies {
        owners
            .entry(format!("{}index.html", taxonomy.path))
            .or_default()
            .push(format!("taxonomy `{}` in site.yaml", taxonomy.name));
    }
    for alias in &site.aliases {
        let page = &site.pages[alias.target];
        owners
            .entry(alias.output.clone())
            .or_default()
            .push(format!("alias in {}", page.raw.file.shown.display()));
    }
    for (output, files) in owners {
        if files.len() < 2 {
            continue;
        }
        let first = site
            .pages
            .iter()
            .find(|p| format!("{}index.html", p.path) == output);
        let mut d = Diagnostic::error(
            files[0].clone(),
            format!(
                "{} files want the same URL /{}",
                files.len(),
                output.trim_end_matches("index.html")
            ),
        )
        .help(format!(
            "{}; give one of them a different `slug:`",
            files.join(" and ")
        ));
        if let Some(page) = first {
            d.file = page.raw.file.shown.clone();
        }
        diagnostics.push(d);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn aliases_stay_inside_the_site() {
        assert_eq!(alias_output("/old/url/").unwrap(), "old/url/index.html");
        assert_eq!(alias_output("/old.html").unwrap(), "old.html");
        assert!(alias_output("/../../etc/passwd").is_err());
        assert!(alias_output("https://evil.example/").is_err());
        assert!(alias_output("/a\0b").is_err());
        assert!(alias_output("/").is_err());
    }

    #[test]
    fn bundle_files_are_cut_at_their_folder_only() {
        assert_eq!(within("guides/x/a.png", "guides/x"), Some("a.png"));
        assert_eq!(within("guides/x/图/a.png", "guides/x"), Some("图/a.png"));
        assert_eq!(within("é.png", ""), Some("é.png"));
        assert_eq!(within("guides/xy/a.png", "guides/x"), None);
        assert_eq!(within("图x/a.png", "图"), None);
    }

    #[test]
    fn folder_names_become_slugs() {
        assert_eq!(dir_path("guides/如何"), "guides/ru-he/");
        assert_eq!(dir_path(""), "");
    }
}
