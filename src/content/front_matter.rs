//! Splits a Markdown file into front matter and body, and checks the front
//! matter: known keys only (the fixed fields plus the site's taxonomy
//! names), the right types, real dates. Every problem of a file is reported,
//! each at its line and column counted from the top of the file.

use std::ops::Range;
use std::sync::Arc;

use serde_yaml::Value;

use super::raw::{
    FileKind, Positioned, RawItem, RawPage, RawProfile, RawSection, SourceFile, Text,
};
use crate::config::Config;
use crate::config::SortBy;
use crate::dates;
use crate::diagnostics::Diagnostic;
use crate::yaml::{Limits, YamlDoc};

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
    "extra",
];
pub(crate) const SECTION_KEYS: &[&str] = &[
    "title",
    "description",
    "sort_by",
    "paginate",
    "template",
    "weight",
    "extra",
    "draft",
];
pub(crate) const PROFILE_KEYS: &[&str] = &["title", "description", "weight", "extra"];

/// Where the front matter and the body lie in a file's text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Split {
    /// The YAML between the `---` lines (empty when there is none).
    pub yaml: Range<usize>,
    pub body: Range<usize>,
    pub has_front_matter: bool,
}

/// Finds the `---` fences. Tolerates a UTF-8 byte order mark, CRLF line
/// ends and trailing spaces after the fences.
pub fn split(text: &str) -> Result<Split, Range<usize>> {
    let start = if text.starts_with('\u{feff}') {
        '\u{feff}'.len_utf8()
    } else {
        0
    };
    let first_end = text[start..]
        .find('\n')
        .map_or(text.len(), |i| start + i + 1);
    if text[start..first_end].trim_end() != "---" {
        return Ok(Split {
            yaml: start..start,
            body: start..text.len(),
            has_front_matter: false,
        });
    }
    let mut offset = first_end;
    for line in text[first_end..].split_inclusive('\n') {
        if line.trim_end() == "---" {
            return Ok(Split {
                yaml: first_end..offset,
                body: offset + line.len()..text.len(),
                has_front_matter: true,
            });
        }
        offset += line.len();
    }
    // The opening `---` itself, without its line end, so the report
    // underlines one line rather than spilling onto the next.
    Err(start..start + text[start..first_end].trim_end().len())
}

pub fn load(
    file: &SourceFile,
    kind: FileKind,
    config: &Config,
) -> Result<RawItem, Vec<Diagnostic>> {
    let source = crate::source::read_text(&file.abs, &file.shown).map_err(|d| vec![d])?;
    parse(file, kind, source, config)
}

/// `load` of a file whose text is already read.
pub fn parse(
    file: &SourceFile,
    kind: FileKind,
    source: Arc<str>,
    config: &Config,
) -> Result<RawItem, Vec<Diagnostic>> {
    let parts = match split(&source) {
        Ok(parts) => parts,
        Err(fence) => {
            return Err(vec![
                Diagnostic::error(&file.shown, "front matter is not closed")
                    .at(&source, fence)
                    .label("opened here")
                    .help("end the front matter with a line containing only `---`"),
            ]);
        }
    };
    let text = Text {
        source: Arc::clone(&source),
        body: parts.body.clone(),
    };
    if !parts.has_front_matter && kind != FileKind::Section {
        let what = if kind == FileKind::Profile {
            "`title`"
        } else {
            "`title` and `date`"
        };
        return Err(vec![
            Diagnostic::error(&file.shown, "missing front matter")
                .at(
                    &source,
                    0..source.find('\n').unwrap_or(source.len()).min(80),
                )
                .label("expected `---` on the first line")
                .help(format!(
                    "start the file with a `---` line, {what}, and another `---` line"
                )),
        ]);
    }
    let yaml = YamlDoc::parse(
        &file.shown,
        &source,
        parts.yaml.clone(),
        &Limits::FRONT_MATTER,
    )
    .map_err(|d| vec![d])?;
    match kind {
        FileKind::Page | FileKind::BundlePage => {
            page(file, kind, text, &yaml, config).map(|p| RawItem::Page(Box::new(p)))
        }
        FileKind::Section => section(file, text, &yaml).map(|s| RawItem::Section(Box::new(s))),
        FileKind::Profile => profile(file, text, &yaml).map(|p| RawItem::Profile(Box::new(p))),
        FileKind::Asset => Err(Vec::new()),
    }
}

fn page(
    file: &SourceFile,
    kind: FileKind,
    text: Text,
    yaml: &YamlDoc,
    config: &Config,
) -> Result<RawPage, Vec<Diagnostic>> {
    let mut known: Vec<&str> = PAGE_KEYS.to_vec();
    known.extend(config.taxonomies.iter().map(|t| t.name.as_str()));
    let mut errors = yaml.unknown_keys(&known, "front matter");

    let title = required_string(yaml, "title", &mut errors);
    let date = match yaml.raw("date") {
        None | Some(Value::Null) => {
            errors.push(missing(yaml, "date", "date: 2025-05-13"));
            None
        }
        Some(_) => timestamp(yaml, "date", config, &mut errors),
    };
    let updated = timestamp(yaml, "updated", config, &mut errors);
    let reviewed =
        yaml.string("reviewed", &mut errors)
            .and_then(|raw| match dates::parse_date(&raw) {
                Ok(date) => Some(date),
                Err(why) => {
                    errors.push(
                        yaml.error_at_value("reviewed", format!("bad `reviewed` date: {why}"))
                            .label("not a date")
                            .code("bad date"),
                    );
                    None
                }
            });
    let slug = yaml.string("slug", &mut errors);
    if let Some(slug) = &slug
        && !crate::url::is_slug(slug)
    {
        errors.push(
            yaml.error_at_value("slug", format!("`{slug}` is not a valid slug"))
                .label("one path segment of a-z, 0-9 and single hyphens")
                .code("bad slug")
                .help(format!("try `slug: {}`", suggest_slug(slug))),
        );
    }
    let aliases = yaml
        .string_list("aliases", &mut errors)
        .into_iter()
        .map(|(value, span)| Positioned { span, value })
        .collect();
    let terms = config
        .taxonomies
        .iter()
        .filter(|t| yaml.raw(&t.name).is_some())
        .map(|t| {
            let items = yaml
                .string_list(&t.name, &mut errors)
                .into_iter()
                .map(|(value, span)| Positioned { span, value })
                .collect();
            (t.name.clone(), items)
        })
        .collect();
    let page = RawPage {
        description: yaml.string("description", &mut errors),
        author: yaml.string("author", &mut errors),
        draft: yaml
            .get("draft", "true or false", &mut errors)
            .unwrap_or(false),
        weight: yaml
            .get("weight", "a whole number", &mut errors)
            .unwrap_or(0),
        template: yaml.string("template", &mut errors),
        extra: extra(yaml, &mut errors),
        file: file.clone(),
        text,
        title: title.unwrap_or_default(),
        date: date.unwrap_or_default(),
        updated,
        reviewed,
        slug,
        aliases,
        terms,
        is_bundle: kind == FileKind::BundlePage,
    };
    if errors.is_empty() {
        Ok(page)
    } else {
        Err(errors)
    }
}

fn section(file: &SourceFile, text: Text, yaml: &YamlDoc) -> Result<RawSection, Vec<Diagnostic>> {
    let mut errors = yaml.unknown_keys(SECTION_KEYS, "section");
    let sort_by = match yaml.string("sort_by", &mut errors) {
        None => SortBy::Date,
        Some(raw) => SortBy::parse(&raw).unwrap_or_else(|| {
            errors.push(
                yaml.error_at_value("sort_by", format!("unknown sort order `{raw}`"))
                    .label("expected date, title or weight")
                    .help_opt(
                        crate::diagnostics::did_you_mean(&raw, ["date", "title", "weight"])
                            .map(|h| format!("did you mean `{h}`?")),
                    ),
            );
            SortBy::Date
        }),
    };
    let section = RawSection {
        title: yaml.string("title", &mut errors),
        description: yaml.string("description", &mut errors),
        paginate: yaml
            .get("paginate", "a whole number", &mut errors)
            .unwrap_or(0),
        template: yaml.string("template", &mut errors),
        weight: yaml
            .get("weight", "a whole number", &mut errors)
            .unwrap_or(0),
        draft: yaml
            .get("draft", "true or false", &mut errors)
            .unwrap_or(false),
        extra: extra(yaml, &mut errors),
        file: file.clone(),
        text,
        sort_by,
    };
    if errors.is_empty() {
        Ok(section)
    } else {
        Err(errors)
    }
}

fn profile(file: &SourceFile, text: Text, yaml: &YamlDoc) -> Result<RawProfile, Vec<Diagnostic>> {
    let mut errors = yaml.unknown_keys(PROFILE_KEYS, "term profile");
    let title = required_string(yaml, "title", &mut errors);
    let term = file.stem.clone();
    if !crate::url::is_slug(&term) {
        errors.push(
            Diagnostic::error(
                &file.shown,
                format!("term profile file name `{term}` is not a slug"),
            )
            .help(format!(
                "rename it to `{}.md`: the file name is the term id used in front matter",
                suggest_slug(&term)
            )),
        );
    }
    let profile = RawProfile {
        taxonomy: file.dir.clone(),
        description: yaml.string("description", &mut errors),
        weight: yaml
            .get("weight", "a whole number", &mut errors)
            .unwrap_or(0),
        extra: extra(yaml, &mut errors),
        file: file.clone(),
        text,
        term,
        title: title.unwrap_or_default(),
    };
    if errors.is_empty() {
        Ok(profile)
    } else {
        Err(errors)
    }
}

fn required_string(yaml: &YamlDoc, key: &str, errors: &mut Vec<Diagnostic>) -> Option<String> {
    let value = yaml.string(key, errors);
    match &value {
        None if !errors
            .iter()
            .any(|e| e.message.contains(&format!("`{key}`"))) =>
        {
            errors.push(missing(yaml, key, &format!("{key}: …")));
        }
        Some(v) if v.trim().is_empty() => errors.push(
            yaml.error_at_value(key, format!("`{key}` is empty"))
                .label("needs text"),
        ),
        _ => {}
    }
    value
}

fn missing(yaml: &YamlDoc, key: &str, example: &str) -> Diagnostic {
    let start = yaml.key_span(key).start.saturating_sub(1);
    let start = yaml.source[..start]
        .rfind('\n')
        .map_or(0, |i| i + 1)
        .min(start);
    let mut d = Diagnostic::error(yaml.file, format!("missing required field `{key}`"))
        .label(format!("add `{example}` to the front matter"))
        .code("missing field")
        .subject(key);
    if yaml.raw(key).is_none() {
        d = d.at(yaml.source, start..start + 3);
    } else {
        d = d.at(yaml.source, yaml.key_span(key));
    }
    d
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

fn extra(yaml: &YamlDoc, errors: &mut Vec<Diagnostic>) -> Value {
    match yaml.raw("extra") {
        None | Some(Value::Null) => Value::Mapping(Default::default()),
        Some(v @ Value::Mapping(_)) => v.clone(),
        Some(other) => {
            errors.push(
                yaml.error_at_value(
                    "extra",
                    format!(
                        "`extra` must be a mapping, found {}",
                        crate::yaml::kind_of(other)
                    ),
                )
                .help("write `extra: { key: value }`"),
            );
            Value::Null
        }
    }
}

fn suggest_slug(text: &str) -> String {
    let slug = crate::url::slugify(text);
    if slug.is_empty() {
        "my-page".into()
    } else {
        slug
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_with_bom_and_crlf() {
        let text = "\u{feff}---\r\ntitle: a\r\n---  \r\nbody\r\n";
        let s = split(text).unwrap();
        assert_eq!(&text[s.yaml.clone()], "title: a\r\n");
        assert_eq!(&text[s.body.clone()], "body\r\n");
    }

    #[test]
    fn unclosed_and_absent_front_matter() {
        assert!(split("---\ntitle: a\nbody\n").is_err());
        let s = split("# just markdown\n").unwrap();
        assert!(!s.has_front_matter);
        assert_eq!(split("---\n---\n").unwrap().yaml, 4..4);
    }
}
