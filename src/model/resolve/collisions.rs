//! Two things on one URL (two pages slugified alike, a page and a section,
//! an alias on a page): an error naming every file involved.

use std::collections::BTreeMap;

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::model::{Site, SitePath};

pub fn check(site: &Site, diagnostics: &mut Diagnostics) {
    for (output, files) in owners(site) {
        if files.len() < 2 {
            continue;
        }
        let first = site.pages.iter().find(|p| p.path.index_file() == output);
        let mut d = Diagnostic::error(
            files[0].clone(),
            format!(
                "{} files want the same URL /{}",
                files.len(),
                SitePath::of_output(&output)
            ),
        )
        .help(format!(
            "{}; give one of them a different `slug:`",
            files.join(" and ")
        ))
        .code("URL collision");
        if let Some(page) = first {
            d.file = page.file.shown.clone();
        }
        diagnostics.push(d);
    }
}

/// Output path → what wants it, as shown to the user.
fn owners(site: &Site) -> BTreeMap<String, Vec<String>> {
    let mut owners: BTreeMap<String, Vec<String>> = BTreeMap::new();
    let mut add = |output: String, who: String| owners.entry(output).or_default().push(who);
    for page in &site.pages {
        add(
            page.path.index_file(),
            page.file.shown.display().to_string(),
        );
    }
    for section in &site.sections {
        let shown = section.source.as_ref().map_or_else(
            || format!("content/{}/", section.dir),
            |r| r.file.shown.display().to_string(),
        );
        add(section.path.index_file(), shown);
    }
    for taxonomy in &site.taxonomies {
        add(
            taxonomy.path.index_file(),
            format!("taxonomy `{}` in site.yaml", taxonomy.name),
        );
    }
    for (a, alias) in site.aliases.iter().enumerate() {
        if let Some(owner) = site.alias_owner(a) {
            add(
                alias.output.clone(),
                format!("alias in {}", owner.file.shown.display()),
            );
        }
    }
    owners
}

#[cfg(test)]
mod tests {
    use crate::model::testing::site;

    #[test]
    fn two_pages_on_one_url_name_both_files() {
        let (_, diagnostics) = site(&[
            ("g/Top Up.md", "---\ntitle: A\n---\n"),
            ("g/top-up.md", "---\ntitle: B\n---\n"),
        ]);
        assert_eq!(diagnostics.error_count(), 1);
        let shown = format!("{:?}", diagnostics);
        assert!(
            shown.contains("2 files want the same URL /g/top-up/"),
            "{shown}"
        );
    }

    #[test]
    fn an_alias_onto_a_page_collides() {
        let (_, diagnostics) = site(&[
            ("a.md", "---\ntitle: A\n---\n"),
            ("b.md", "---\ntitle: B\naliases: [/a/]\n---\n"),
        ]);
        assert_eq!(diagnostics.error_count(), 1);
    }

    #[test]
    fn a_page_and_its_asset_folder_live_together() {
        let (site, diagnostics) = site(&[
            ("team.md", "---\ntitle: Team\n---\n"),
            ("team/photo.jpg", ""),
        ]);
        assert_eq!(diagnostics.error_count(), 0, "{diagnostics:?}");
        assert_eq!(site.pages[0].path.as_str(), "team/");
        assert_eq!(site.assets[0].output, "team/photo.jpg");
    }

    #[test]
    fn a_page_and_a_folder_of_pages_still_collide() {
        let (_, diagnostics) = site(&[
            ("team.md", "---\ntitle: Team\n---\n"),
            ("team/alice.md", "---\ntitle: Alice\n---\n"),
        ]);
        assert_eq!(diagnostics.error_count(), 1);
        let shown = format!("{diagnostics:?}");
        assert!(
            shown.contains("content/team.md and content/team/"),
            "{shown}"
        );
    }

    #[test]
    fn distinct_urls_are_fine() {
        let (_, diagnostics) = site(&[
            ("a.md", "---\ntitle: A\n---\n"),
            ("g/a.md", "---\ntitle: A\n---\n"),
        ]);
        assert_eq!(diagnostics.error_count(), 0);
    }
}
