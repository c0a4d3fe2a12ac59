//! Aliases: old site paths that redirect to a page or a section. One that
//! leaves the site, or is not a path at all, is an error where it is
//! written.

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::model::{Alias, AliasTarget, Page, Positioned, Section, SitePath, SourceFile, Text};
use crate::url::join_relative;

/// Every page's aliases, then every section's.
pub fn collect(pages: &[Page], sections: &[Section], diagnostics: &mut Diagnostics) -> Vec<Alias> {
    let mut aliases = Vec::new();
    for (i, page) in pages.iter().enumerate() {
        let target = AliasTarget::Page(i);
        add(
            &page.aliases,
            target,
            &page.file,
            &page.text,
            &mut aliases,
            diagnostics,
        );
    }
    for (i, section) in sections.iter().enumerate() {
        if let Some(source) = &section.source {
            let target = AliasTarget::Section(i);
            add(
                &section.aliases,
                target,
                &source.file,
                &source.text,
                &mut aliases,
                diagnostics,
            );
        }
    }
    aliases
}

fn add(
    written: &[Positioned<String>],
    target: AliasTarget,
    file: &SourceFile,
    text: &Text,
    aliases: &mut Vec<Alias>,
    diagnostics: &mut Diagnostics,
) {
    for alias in written {
        match alias_output(&alias.value) {
            Ok(output) => aliases.push(Alias { output, target }),
            Err(why) => diagnostics.push(
                Diagnostic::error(&file.shown, format!("alias `{}` {why}", alias.value))
                    .at(&text.source, alias.span.clone())
                    .label("bad alias")
                    .help("an alias is a path inside the site, such as /old/url/"),
            ),
        }
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
        Ok(SitePath::new(path + "/").index_file())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::testing::site;

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
    fn a_bad_alias_is_an_error_on_its_page_and_the_good_ones_stay() {
        let (site, diagnostics) = site(&[(
            "a.md",
            "---\ntitle: T\naliases: [/old/, /../x/, /old.html]\n---\n",
        )]);
        let outputs: Vec<&str> = site.aliases.iter().map(|a| a.output.as_str()).collect();
        assert_eq!(outputs, ["old/index.html", "old.html"]);
        assert_eq!(diagnostics.error_count(), 1);
    }

    #[test]
    fn a_section_has_aliases_too() {
        let (site, diagnostics) = site(&[
            (
                "g/_index.md",
                "---\ntitle: G\naliases: [/old-guides/, /../x/]\n---\n",
            ),
            ("g/a.md", "---\ntitle: A\n---\n"),
        ]);
        assert_eq!(diagnostics.error_count(), 1);
        assert_eq!(site.aliases.len(), 1);
        assert_eq!(site.aliases[0].output, "old-guides/index.html");
        let owner = site.alias_owner(0).unwrap();
        assert_eq!(owner.path.as_str(), "g/");
        assert_eq!(owner.file.rel, "g/_index.md");
    }
}
