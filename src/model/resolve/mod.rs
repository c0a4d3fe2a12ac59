//! Raw files → the site model, as a row of passes: which pages this build
//! keeps, sections, page URLs, translations, assets, aliases, taxonomies,
//! and last the errors only visible across files (two things on one URL).

mod aliases;
mod assets;
mod collisions;
mod keep;
mod kept_keys;
mod page_image;
mod pages;
pub mod patch;
mod section_files;
mod sections;
mod translations;

use jiff::civil::Date;

use super::{Profile, Site};
use crate::config::Config;
use crate::content::raw::{RawProfile, RawSite};
use crate::diagnostics::Diagnostics;
use crate::url::slugify;

pub use aliases::alias_output;
pub use pages::{Saved, reread};

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
        assets: files,
        dirs,
    } = raw;
    profiles.sort_by(|a, b| a.file.rel.cmp(&b.file.rel));
    let raw_sections = section_files::one_per_folder(raw_sections, diagnostics);
    kept_keys::warn(&raw_pages, &raw_sections, diagnostics);
    let folders = keep::Folders::new(&raw_pages, &raw_sections, drafts);
    let (kept, draft_sources) = keep::keep(raw_pages, &folders, drafts);
    let (mut sections, section_by_dir) =
        sections::build(&config, &folders, &dirs, raw_sections, &kept);
    let (mut pages, written_terms) = pages::build(&config, kept, &section_by_dir, diagnostics);
    let (page_by_source, by_key) = translations::link_pages(&config, &mut pages);
    translations::link_sections(&mut sections);
    sections::fill(&mut sections, &pages);
    let (assets, asset_by_source) = assets::place(&config, files, &folders, &by_key, &mut pages);
    page_image::resolve(&mut pages, &asset_by_source, diagnostics);
    let aliases = aliases::collect(&pages, &sections, diagnostics);
    let profiles: Vec<Profile> = profiles.into_iter().map(profile).collect();
    let taxonomies =
        super::taxonomy::build(&config, &mut pages, &written_terms, &profiles, diagnostics);
    let site = Site {
        config,
        build_date,
        drafts,
        pages,
        sections,
        taxonomies,
        profiles,
        assets,
        page_by_source,
        draft_sources,
        refused_sources: Default::default(),
        asset_by_source,
        images: Default::default(),
        section_by_dir,
        aliases,
    };
    collisions::check(&site, diagnostics);
    site
}

/// A profile as the model holds it; its fields move, not copy.
fn profile(raw: RawProfile) -> Profile {
    let RawProfile {
        file,
        text,
        taxonomy,
        term,
        title,
        description,
        weight,
        extra,
        reviewed,
        facts,
    } = raw;
    Profile {
        reviewed,
        facts,
        file,
        text,
        taxonomy,
        term,
        title,
        description,
        weight,
        extra,
    }
}

/// Whether folder `dir` is `ancestor` or inside it ("" holds everything).
fn under(dir: &str, ancestor: &str) -> bool {
    ancestor.is_empty()
        || dir
            .strip_prefix(ancestor)
            .is_some_and(|rest| rest.is_empty() || rest.starts_with('/'))
}

fn parent_dir(dir: &str) -> String {
    dir.rsplit_once('/')
        .map_or(String::new(), |(p, _)| p.to_string())
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folder_names_become_slugs() {
        assert_eq!(dir_path("guides/如何"), "guides/ru-he/");
        assert_eq!(dir_path(""), "");
    }

    #[test]
    fn under_means_inside_a_folder_not_a_name_prefix() {
        assert!(under("a/b", "a") && under("a", "a") && under("a", ""));
        assert!(!under("ab", "a") && !under("", "a"));
    }
}
