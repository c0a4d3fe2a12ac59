//! Assets: files of a page bundle travel with their page; every other file
//! under content/ keeps its path.

use std::collections::HashMap;

use super::keep::Folders;
use super::translations::ByKey;
use super::under;
use crate::config::Config;
use crate::content::raw::SourceFile;
use crate::model::{Asset, Page};

/// Each asset's output path, also listed on its bundle's pages; files of a
/// draft bundle are left out with their page.
pub(crate) fn place(
    config: &Config,
    files: Vec<SourceFile>,
    folders: &Folders,
    by_key: &ByKey,
    pages: &mut [Page],
) -> (Vec<Asset>, HashMap<String, String>) {
    let mut assets = Vec::new();
    let mut by_source = HashMap::new();
    for file in files {
        let bundle = folders
            .bundles
            .iter()
            .filter(|b| under(&file.dir, b))
            .max_by_key(|b| b.len());
        let output = match bundle {
            None => file.rel.clone(),
            Some(b) => {
                let Some(owners) = by_key.get(&format!("{b}/index")) else {
                    continue; // the bundle's page is a draft
                };
                let Some(within) = within(&file.rel, b) else {
                    continue; // `under` said it is inside; kept total anyway
                };
                let owner = owner(config, owners, pages);
                let out = format!("{}{within}", strip_lang(config, &pages[owner]));
                for &i in owners {
                    pages[i].assets.push(out.clone());
                }
                out
            }
        };
        by_source.insert(file.rel.clone(), output.clone());
        assets.push(Asset {
            source: file.abs,
            output,
        });
    }
    (assets, by_source)
}

/// The files sit beside the default-language page (its slug), not beside
/// whichever translation sorts first by file name.
fn owner(config: &Config, owners: &[usize], pages: &[Page]) -> usize {
    owners
        .iter()
        .copied()
        .find(|&i| pages[i].file.lang == config.default_language)
        .unwrap_or(owners[0])
}

fn strip_lang(config: &Config, page: &Page) -> String {
    let prefix = config.language_prefix(&page.file.lang);
    page.path
        .strip_prefix(&prefix)
        .unwrap_or(&page.path)
        .to_string()
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::testing::site;

    #[test]
    fn bundle_files_are_cut_at_their_folder_only() {
        assert_eq!(within("guides/x/a.png", "guides/x"), Some("a.png"));
        assert_eq!(within("guides/x/图/a.png", "guides/x"), Some("图/a.png"));
        assert_eq!(within("é.png", ""), Some("é.png"));
        assert_eq!(within("guides/xy/a.png", "guides/x"), None);
        assert_eq!(within("图x/a.png", "图"), None);
    }

    #[test]
    fn bundle_files_sit_beside_the_default_language_page() {
        let (site, _) = site(&[
            ("g/x/index.md", "---\ntitle: T\nslug: zh-x\n---\n"),
            ("g/x/index.en.md", "---\ntitle: T\nslug: en-x\n---\n"),
            ("g/x/a.png", ""),
            ("g/y/index.md", "---\ntitle: T\ndraft: true\n---\n"),
            ("g/y/b.png", ""),
            ("c.png", ""),
        ]);
        let outputs: Vec<&str> = site.assets.iter().map(|a| a.output.as_str()).collect();
        assert_eq!(outputs, ["g/zh-x/a.png", "c.png"]);
        for page in &site.pages {
            assert_eq!(page.assets, ["g/zh-x/a.png"]);
        }
        assert_eq!(site.asset_by_source["g/x/a.png"], "g/zh-x/a.png");
    }
}
