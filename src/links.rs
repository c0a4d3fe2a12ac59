//! Links written in Markdown as on GitHub (`cancel-sim.md`, `../roaming/index.md#费用`,
//! `sim.jpg`) become the output URLs of their targets. A site path
//! (`/guides/x/`) gets the base_url prefix; full URLs are left alone. As in
//! VitePress and Docusaurus, a link without an extension (`./computed`,
//! `../api/ssr#x`) finds `computed.md`, else that folder's page; a target
//! that is not there but nearly is gets a "did you mean".

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
    // `./computed` is `computed.md` when there is one, before the folder.
    if let Some(&index) = without_extension(&target)
        .then(|| site.page_by_source.get(&format!("{target}.md")))
        .flatten()
    {
        let index = site.page_in_language(index, page_lang);
        return Ok(Some(url(&site.pages[index].path)));
    }
    // A section's `_index.md` (or the `index.md` holding its page), or a
    // folder: its section, or its bundle page.
    let (folder_part, file_name) = target.rsplit_once('/').unwrap_or(("", target.as_str()));
    let folder = if is_named(file_name, "_index") || holds_section(site, folder_part, &target) {
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
    let missing = format!("link target `{dest}` does not exist (looked for content/{target})");
    Err(match did_you_mean(site, &target) {
        Some(name) => {
            let written = path.rsplit_once('/').map_or("", |(folder, _)| folder);
            let slash = if written.is_empty() { "" } else { "/" };
            format!("{missing}; did you mean `{written}{slash}{name}{fragment}`?")
        }
        None => missing,
    })
}

/// Whether the last part of `target` has no extension (`computed`, not
/// `computed.md` or `sim.jpg`).
fn without_extension(target: &str) -> bool {
    let name = target.rsplit('/').next().unwrap_or(target);
    !name.is_empty() && !name.contains('.')
}

/// The name, in the target's folder, that `target` nearly names (a file,
/// or a folder with pages, written `name/`): the same but for case or
/// extension, or at most two edits away (and fewer than a third of the
/// name), the closest first.
fn did_you_mean(site: &Site, target: &str) -> Option<String> {
    let (folder, name) = target
        .trim_end_matches('/')
        .rsplit_once('/')
        .unwrap_or(("", target.trim_end_matches('/')));
    let name = name.to_lowercase();
    let stem = |n: &str| n.rsplit_once('.').map_or(n, |(s, _)| s).to_string();
    let sources = site
        .page_by_source
        .keys()
        .chain(site.asset_by_source.keys());
    let mut best: Option<(usize, String)> = None;
    for source in sources {
        let rest = match folder {
            "" => source.as_str(),
            _ => match source
                .strip_prefix(folder)
                .and_then(|r| r.strip_prefix('/'))
            {
                Some(rest) => rest,
                None => continue,
            },
        };
        let (theirs, shown) = match rest.split_once('/') {
            Some((sub, _)) => (sub, format!("{sub}/")),
            None => (rest, rest.to_string()),
        };
        let lower = theirs.to_lowercase();
        let distance = if stem(&lower) == stem(&name) {
            0
        } else {
            strsim::levenshtein(&stem(&lower), &stem(&name)).min(strsim::levenshtein(&lower, &name))
        };
        let longest = stem(&lower).chars().count().max(name.chars().count());
        let close = distance == 0 || (distance <= 2 && distance * 3 <= longest);
        let better = best
            .as_ref()
            .is_none_or(|(d, n)| (distance, &shown) < (*d, n));
        if close && better {
            best = Some((distance, shown));
        }
    }
    best.map(|(_, name)| name)
}

/// `name.md` or `name.<anything>.md`.
fn is_named(file_name: &str, name: &str) -> bool {
    file_name
        .strip_prefix(name)
        .and_then(|rest| rest.strip_suffix(".md"))
        .is_some_and(|between| between.is_empty() || between.starts_with('.'))
}

/// Whether `target` (an `index.md` in `folder`) is the file of the folder's
/// section page in some language.
fn holds_section(site: &Site, folder: &str, target: &str) -> bool {
    let Some(file_name) = target.rsplit('/').next() else {
        return false;
    };
    is_named(file_name, "index")
        && site.config.languages.iter().any(|l| {
            site.section_by_dir
                .get(&(folder.to_string(), l.code.clone()))
                .and_then(|&i| site.sections[i].source.as_ref())
                .is_some_and(|source| source.file.rel == target)
        })
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

#[cfg(test)]
mod tests {
    use super::is_named;

    #[test]
    fn a_name_with_or_without_a_language() {
        for yes in ["_index.md", "_index.en.md", "_index.zh-CN.md"] {
            assert!(is_named(yes, "_index"), "{yes}");
        }
        for no in ["_indexes.md", "_index.txt", "index.md", "_index"] {
            assert!(!is_named(no, "_index"), "{no}");
        }
        assert!(is_named("index.en.md", "index") && !is_named("_index.md", "index"));
    }
}
