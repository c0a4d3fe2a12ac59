//! Links written in Markdown as on GitHub (`cancel-sim.md`, `../roaming/index.md#费用`,
//! `sim.jpg`) become the output URLs of their targets. A site path
//! (`/guides/x/`) gets the base_url prefix; full URLs are left alone.

use crate::diagnostics::Diagnostic;
use crate::markdown::Link;
use crate::model::{Site, SourceFile, Text};
use crate::url::{is_external, join_relative, percent_decode};

/// The URL to emit for `link` in `page`, or the error to report.
pub fn resolve(
    site: &Site,
    page_lang: &str,
    dir: &str,
    link: &Link,
) -> Result<Option<String>, String> {
    let dest = link.dest.trim();
    if dest.is_empty() || dest.starts_with('#') || is_external(dest) {
        return Ok(None);
    }
    let (path, fragment) = match dest.find(['#', '?']) {
        Some(i) => (&dest[..i], &dest[i..]),
        None => (dest, ""),
    };
    if let Some(site_path) = path.strip_prefix('/') {
        return Ok(Some(site.config.base_url.url_with(site_path, fragment)));
    }
    let decoded = percent_decode(path);
    let Some(target) = join_relative(dir, &decoded) else {
        return Err(format!("link `{dest}` climbs out of content/"));
    };
    let url = |site_path: &str| site.config.base_url.url_with(site_path, fragment);
    if let Some(&index) = site.page_by_source.get(&target) {
        let index = site.page_in_language(index, page_lang);
        return Ok(Some(url(&site.pages[index].path)));
    }
    if let Some(output) = site.asset_by_source.get(&target) {
        return Ok(Some(url(output)));
    }
    // A section's `_index.md`, or a folder: its section, or its bundle page.
    let (folder_part, file_name) = target.rsplit_once('/').unwrap_or(("", target.as_str()));
    let folder = if file_name == "_index.md"
        || (file_name.starts_with("_index.") && file_name.ends_with(".md"))
    {
        folder_part
    } else {
        target.trim_end_matches('/')
    };
    for candidate in [format!("{folder}/_index.md"), format!("{folder}/index.md")] {
        if let Some(&index) = site.page_by_source.get(&candidate) {
            let index = site.page_in_language(index, page_lang);
            return Ok(Some(url(&site.pages[index].path)));
        }
        if candidate.ends_with("_index.md")
            && let Some(&section) = site
                .section_by_dir
                .get(&(folder.to_string(), page_lang.to_string()))
                .or_else(|| {
                    site.section_by_dir
                        .get(&(folder.to_string(), site.config.default_language.clone()))
                })
        {
            return Ok(Some(url(&site.sections[section].path)));
        }
    }
    if refused(site, &target, folder) {
        // Its own errors say why it is missing; the link is not reported.
        return Ok(None);
    }
    if site.draft_sources.contains(&target) {
        return Err(format!(
            "link `{dest}` points to a draft, which this build leaves out"
        ));
    }
    Err(format!(
        "link target `{dest}` does not exist (looked for content/{target})"
    ))
}

/// Whether `target`, or the page of `folder`, was left out for errors of
/// its own.
fn refused(site: &Site, target: &str, folder: &str) -> bool {
    let page_of_folder = |name: &str| match folder {
        "" => name.to_string(),
        _ => format!("{folder}/{name}"),
    };
    site.refused_sources.contains(target)
        || ["_index.md", "index.md"]
            .iter()
            .any(|name| site.refused_sources.contains(&page_of_folder(name)))
}

/// The diagnostic for a link in `file` (a page, section or profile, whose
/// text is `text`) that failed to resolve.
pub fn error(file: &SourceFile, text: &Text, link: &Link, why: String) -> Diagnostic {
    let offset = text.body.start;
    Diagnostic::error(&file.shown, why)
        .at(
            &text.source,
            offset + link.span.start..offset + link.span.end,
        )
        .label(if link.is_image {
            "broken image"
        } else {
            "broken link"
        })
        .code(if link.is_image {
            "broken image"
        } else {
            "broken link"
        })
        .help(
            "links are relative to this file, e.g. `other-guide.md` or `../roaming/index.md#fees`",
        )
}
