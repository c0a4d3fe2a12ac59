//! A page's front matter. Every field is optional: the title falls back to
//! the first `# heading` and then the file name (in the model, which sees
//! the body), and an undated page is a page without a date.

use super::{extra, keys, positioned, suggest_slug};
use crate::config::Config;
use crate::content::raw::{FileKind, Positioned, RawPage, SourceFile, Text};
use crate::dates;
use crate::diagnostics::Diagnostic;
use crate::yaml::YamlDoc;

pub(crate) const PAGE_KEYS: &[&str] = &[
    "title",
    "description",
    "date",
    "updated",
    "reviewed",
    "author",
    "slug",
    "draft",
    "weight",
    "aliases",
    "template",
    "image",
    "extra",
];

/// The page `yaml` describes; a wrong field is reported in `errors` and
/// left at its default.
pub(super) fn page(
    file: &SourceFile,
    kind: FileKind,
    text: Text,
    yaml: &YamlDoc,
    config: &Config,
    errors: &mut Vec<Diagnostic>,
) -> RawPage {
    let mut known: Vec<&str> = PAGE_KEYS.to_vec();
    known.extend(config.taxonomies.iter().map(|t| t.name.as_str()));
    let mut extra = extra(yaml, errors);
    let kept_keys = keys::unknown(yaml, &known, "front matter", config, &mut extra, errors);
    let title = yaml.string("title", errors);
    if title.as_deref().is_some_and(|t| t.trim().is_empty()) {
        errors.push(
            yaml.error_at_value("title", "`title` is empty")
                .label("needs text")
                .help("write a title, or remove the line to use the first `# heading`"),
        );
    }
    let terms = config
        .taxonomies
        .iter()
        .filter(|t| yaml.raw(&t.name).is_some())
        .map(|t| {
            (
                t.name.clone(),
                positioned(yaml.string_list(&t.name, errors)),
            )
        })
        .collect();
    RawPage {
        // An empty title stays (it is an error above), so the model does
        // not warn about a missing one as well.
        title,
        description: yaml.string("description", errors),
        date: timestamp(yaml, "date", config, errors),
        updated: timestamp(yaml, "updated", config, errors),
        reviewed: reviewed(yaml, errors),
        author: yaml.string("author", errors),
        slug: slug(file, yaml, errors),
        draft: yaml.get("draft", "true or false", errors).unwrap_or(false),
        weight: yaml.get("weight", "a whole number", errors).unwrap_or(0),
        aliases: positioned(yaml.string_list("aliases", errors)),
        template: yaml.string("template", errors),
        image: yaml.string("image", errors).map(|value| Positioned {
            span: yaml.value_span("image"),
            value,
        }),
        extra,
        kept_keys,
        file: file.clone(),
        text,
        terms,
        is_bundle: kind == FileKind::BundlePage,
    }
}

pub(super) fn reviewed(yaml: &YamlDoc, errors: &mut Vec<Diagnostic>) -> Option<jiff::civil::Date> {
    let raw = yaml.string("reviewed", errors)?;
    match dates::parse_date(&raw) {
        Ok(date) => Some(date),
        Err(why) => {
            errors.push(
                yaml.error_at_value("reviewed", format!("bad `reviewed` date: {why}"))
                    .label("not a date")
                    .code("bad date"),
            );
            None
        }
    }
}

fn timestamp(
    yaml: &YamlDoc,
    key: &str,
    config: &Config,
    errors: &mut Vec<Diagnostic>,
) -> Option<jiff::Timestamp> {
    let raw = yaml.string(key, errors)?;
    match dates::parse_timestamp(&raw, &config.timezone) {
        Ok(ts) => Some(ts),
        Err(why) => {
            errors.push(
                yaml.error_at_value(key, format!("bad `{key}`: {why}"))
                    .label("not a date")
                    .code("bad date"),
            );
            None
        }
    }
}

/// An explicit `slug:`: one path segment of a-z, 0-9, `_` and single
/// hyphens. Upper-case letters are lowered, with a warning (Hugo sites
/// write `slug: Hugo_Pipes`); anything else is an error.
fn slug(file: &SourceFile, yaml: &YamlDoc, errors: &mut Vec<Diagnostic>) -> Option<String> {
    let written = yaml.string("slug", errors)?;
    let lowered = written.to_ascii_lowercase();
    if !is_page_slug(&lowered) {
        errors.push(
            yaml.error_at_value("slug", format!("`{written}` is not a valid slug"))
                .label("one path segment of a-z, 0-9, _ and single hyphens")
                .code("bad slug")
                .help(format!("try `slug: {}`", suggest_slug(&written))),
        );
        return None;
    }
    if lowered != written {
        errors.push(
            Diagnostic::warning(
                &file.shown,
                format!("slug `{written}` has upper-case letters; the URL uses `{lowered}`"),
            )
            .at(yaml.source, yaml.value_span("slug"))
            .label("lowered")
            .help(format!("write `slug: {lowered}` to silence this warning")),
        );
    }
    Some(lowered)
}

/// A slug as a page may give it: like `url::is_slug`, `_` allowed too.
fn is_page_slug(text: &str) -> bool {
    !text.is_empty()
        && text.split('-').all(|part| {
            !part.is_empty()
                && part
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn page_slugs_allow_underscores() {
        assert!(is_page_slug("hugo_pipes"));
        assert!(is_page_slug("a-b_c-1"));
        assert!(!is_page_slug("a--b"));
        assert!(!is_page_slug("a/b"));
        assert!(!is_page_slug("Hugo"));
        assert!(!is_page_slug(""));
    }
}
