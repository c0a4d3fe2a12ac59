//! Which terms the pages of one language use: each term's spellings with
//! their counts, and its pages. A term that makes no slug, or that a closed
//! taxonomy does not know, is an error on the page.

use std::collections::BTreeMap;

use super::WrittenTerms;
use crate::config::TaxonomyConfig;
use crate::content::raw::Positioned;
use crate::diagnostics::{Diagnostic, Diagnostics, did_you_mean};
use crate::model::Page;
use crate::url::slugify;

/// What the pages say about one term.
#[derive(Default)]
pub(crate) struct Uses {
    /// Spelling as written → how many times.
    pub spellings: BTreeMap<String, usize>,
    /// Pages, in page order, each once.
    pub pages: Vec<usize>,
}

/// Slug → uses, for every term of `tax` in `lang`, known profiles included
/// even when no page uses them.
pub fn collect(
    tax: &TaxonomyConfig,
    lang: &str,
    known: &[&str],
    pages: &[Page],
    written: &[WrittenTerms],
    diagnostics: &mut Diagnostics,
) -> BTreeMap<String, Uses> {
    let mut found: BTreeMap<String, Uses> = BTreeMap::new();
    for slug in known {
        found.entry(slug.to_string()).or_default();
    }
    for (index, (page, terms)) in pages.iter().zip(written).enumerate() {
        if page.file.lang != lang {
            continue;
        }
        let Some((_, items)) = terms.iter().find(|(name, _)| *name == tax.name) else {
            continue;
        };
        for item in items {
            let slug = slugify(&item.value);
            if let Err(d) = accept(tax, known, page, item, &slug) {
                diagnostics.push(d);
                continue;
            }
            let uses = found.entry(slug).or_default();
            *uses.spellings.entry(item.value.clone()).or_default() += 1;
            if uses.pages.last() != Some(&index) {
                uses.pages.push(index);
            }
        }
    }
    found
}

pub(super) fn accept(
    tax: &TaxonomyConfig,
    known: &[&str],
    page: &Page,
    item: &Positioned<String>,
    slug: &str,
) -> Result<(), Diagnostic> {
    if slug.is_empty() {
        return Err(Diagnostic::error(
            &page.file.shown,
            format!(
                "term `{}` has no letters or digits to make a URL from",
                item.value
            ),
        )
        .at(&page.text.source, item.span.clone())
        .label("empty slug"));
    }
    if !tax.closed || known.contains(&slug) {
        return Ok(());
    }
    let name = &tax.name;
    let help = match did_you_mean(slug, known.iter().copied()) {
        Some(h) => format!("did you mean `{h}`?"),
        None if known.is_empty() => {
            format!("`{name}` is closed: add content/{name}/{slug}.md to create the term")
        }
        None => format!("known {name}: {}", known.join(", ")),
    };
    Err(Diagnostic::error(
        &page.file.shown,
        format!("unknown {name} term `{}`", item.value),
    )
    .at(&page.text.source, item.span.clone())
    .label(format!("no profile content/{name}/{slug}.md"))
    .help(help))
}

#[cfg(test)]
mod tests {
    use crate::model::testing::site;

    const SMART: &str = "---\ntitle: Smart\n---\n";

    #[test]
    fn a_closed_taxonomy_refuses_terms_without_a_profile() {
        let (site, diagnostics) = site(&[
            ("operators/smart.md", SMART),
            ("a.md", "---\ntitle: A\noperators: [smart, smrt]\n---\n"),
        ]);
        assert_eq!(diagnostics.error_count(), 1);
        assert!(format!("{diagnostics:?}").contains("did you mean `smart`?"));
        let operators = site.taxonomy("operators", "zh").unwrap();
        assert_eq!(operators.terms.len(), 1);
        assert_eq!(operators.terms[0].pages, [0]);
    }

    #[test]
    fn open_terms_are_one_term_per_slug_and_need_letters() {
        let (site, diagnostics) = site(&[
            (
                "a.md",
                "---\ntitle: A\ntopics: [Top Up, top-up, '!!']\n---\n",
            ),
            ("b.md", "---\ntitle: B\ntopics: [top-up]\n---\n"),
        ]);
        assert_eq!(diagnostics.error_count(), 1);
        let topics = site.taxonomy("topics", "zh").unwrap();
        assert_eq!(topics.terms.len(), 1);
        assert_eq!(topics.terms[0].title, "top-up");
        assert_eq!(topics.terms[0].pages, [0, 1]);
        assert!(site.taxonomy("topics", "en").unwrap().terms.is_empty());
    }
}
