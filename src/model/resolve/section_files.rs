//! One file per folder and language holds its section page: `_index.md`,
//! or an `index.md` that the walk found to be one. Both at once is an
//! error naming both; `_index.md` is kept so the rest of the build can go on.

use crate::content::raw::RawSection;
use crate::diagnostics::{Diagnostic, Diagnostics};

pub(crate) fn one_per_folder(
    mut raw: Vec<RawSection>,
    diagnostics: &mut Diagnostics,
) -> Vec<RawSection> {
    // "_index" sorts before "index": the kept file comes first.
    raw.sort_by(|a, b| {
        (&a.file.dir, &a.file.lang, &a.file.stem).cmp(&(&b.file.dir, &b.file.lang, &b.file.stem))
    });
    let mut kept: Vec<RawSection> = Vec::with_capacity(raw.len());
    for section in raw {
        match kept.last() {
            Some(last)
                if last.file.dir == section.file.dir && last.file.lang == section.file.lang =>
            {
                diagnostics.push(both(last, &section));
            }
            _ => kept.push(section),
        }
    }
    kept
}

fn both(kept: &RawSection, other: &RawSection) -> Diagnostic {
    let folder = if kept.file.dir.is_empty() {
        "content/ (the home page)".to_string()
    } else {
        format!("content/{}/", kept.file.dir)
    };
    let (kept_shown, other_shown) = (kept.file.shown.display(), other.file.shown.display());
    let source = &other.text.source;
    let first_line = 0..source.find('\n').unwrap_or(source.len()).min(80);
    Diagnostic::error(
        &other.file.shown,
        format!("two files hold the section page of {folder}: {kept_shown} and {other_shown}"),
    )
    .at(source, first_line)
    .label(format!("{kept_shown} holds this folder's page too"))
    .help(format!(
        "keep one of the two: move what {other_shown} says into {kept_shown} \
         and delete it (or the other way round)"
    ))
}

#[cfg(test)]
mod tests {
    use crate::model::testing::site;

    #[test]
    fn both_spellings_of_one_folder_page_name_both_files() {
        let (site, diagnostics) = site(&[
            ("api/_index.md", "---\ntitle: A\n---\n"),
            ("api/index.md", "---\ntitle: B\n---\n"),
            ("api/x.md", "---\ntitle: X\n---\n"),
        ]);
        assert_eq!(diagnostics.error_count(), 1);
        let shown = format!("{diagnostics:?}");
        assert!(
            shown.contains(
                "two files hold the section page of content/api/: \
                 content/api/_index.md and content/api/index.md"
            ),
            "{shown}"
        );
        let api = site.section_by_dir[&("api".to_string(), "zh".to_string())];
        assert_eq!(site.sections[api].title, "A");
    }

    #[test]
    fn each_language_has_its_own_spelling() {
        let (site, diagnostics) = site(&[
            ("index.md", "---\ntitle: Home\n---\n"),
            ("_index.en.md", "---\ntitle: Home EN\n---\n"),
            ("g/index.en.md", "---\ntitle: G EN\n---\n"),
            ("g/_index.en.md", "---\ntitle: G EN 2\n---\n"),
            ("g/a.md", "---\ntitle: A\n---\n"),
        ]);
        assert_eq!(diagnostics.error_count(), 1, "{diagnostics:?}");
        assert!(format!("{diagnostics:?}").contains("content/g/index.en.md"));
        let titles: Vec<&str> = site.sections.iter().map(|s| s.title.as_str()).collect();
        assert_eq!(titles, ["Home", "g", "Home EN", "G EN 2"]);
    }
}
