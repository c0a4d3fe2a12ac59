//! Splits a Markdown file into front matter and body, and checks the front
//! matter: known keys only (the fixed fields plus the site's taxonomy
//! names; with `front_matter: { unknown_keys: extra }` the others are kept
//! under `extra`), the right types, real dates. Every problem of a file is
//! reported, each at its line and column counted from the top of the file.
//! Front matter is optional for pages and sections: a plain Markdown file
//! is a page whose title the model finds in its first `# heading`.

use std::ops::Range;
use std::sync::Arc;

use serde_yaml::Value;

mod keys;
mod page;

use super::raw::{FileKind, Loaded, Positioned, RawItem, RawProfile, RawSection, SourceFile, Text};
use crate::config::Config;
use crate::config::SortBy;
use crate::diagnostics::Diagnostic;
use crate::yaml::{Limits, YamlDoc};
pub(crate) use page::PAGE_KEYS;

pub(crate) const SECTION_KEYS: &[&str] = &[
    "aliases",
    "title",
    "description",
    "sort_by",
    "paginate",
    "template",
    "weight",
    "extra",
    "draft",
    "facts",
];
pub(crate) const PROFILE_KEYS: &[&str] = &[
    "title",
    "description",
    "weight",
    "reviewed",
    "facts",
    "extra",
];

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

pub fn load(file: &SourceFile, kind: FileKind, config: &Config) -> Loaded {
    match crate::source::read_text(&file.abs, &file.shown) {
        Ok(source) => parse(file, kind, source, config),
        Err(d) => Loaded::failed(vec![d]),
    }
}

/// `load` of a file whose text is already read. A page or section whose
/// front matter is valid YAML is kept even when a field is wrong, with the
/// field's default, so that later stages (links) still look at it; the
/// errors come with it and fail the build.
pub fn parse(file: &SourceFile, kind: FileKind, source: Arc<str>, config: &Config) -> Loaded {
    let parts = match split(&source) {
        Ok(parts) => parts,
        Err(fence) => {
            return Loaded::failed(vec![
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
        deferred: None,
    };
    if !parts.has_front_matter && kind == FileKind::Profile {
        return Loaded::failed(vec![
            Diagnostic::error(&file.shown, "missing front matter")
                .at(
                    &source,
                    0..source.find('\n').unwrap_or(source.len()).min(80),
                )
                .label("expected `---` on the first line")
                .help("start the file with a `---` line, `title`, and another `---` line"),
        ]);
    }
    let yaml = match YamlDoc::parse(
        &file.shown,
        &source,
        parts.yaml.clone(),
        &Limits::FRONT_MATTER,
    ) {
        Ok(yaml) => yaml,
        Err(d) => return Loaded::failed(vec![d]),
    };
    let mut diagnostics = Vec::new();
    let mut item = match kind {
        FileKind::Page | FileKind::BundlePage => RawItem::Page(Box::new(page::page(
            file,
            kind,
            text,
            &yaml,
            config,
            &mut diagnostics,
        ))),
        FileKind::Section => RawItem::Section(Box::new(section(
            file,
            text,
            &yaml,
            config,
            &mut diagnostics,
        ))),
        FileKind::Profile => {
            RawItem::Profile(Box::new(profile(file, text, &yaml, &mut diagnostics)))
        }
        FileKind::Asset => return Loaded::default(),
    };
    // A profile with an error is left out, as before: its term's name and
    // title are what other files are checked against, and a guessed one
    // would only add errors that are not the writer's.
    let keep = !(kind == FileKind::Profile && diagnostics.iter().any(Diagnostic::is_error));
    // A mistake in a fact is the writer's own: the profile stays, with
    // the facts that are right.
    if let RawItem::Profile(profile) = &mut item {
        let translation = file.lang != config.default_language;
        profile.facts = super::facts::parse(&yaml, translation, &mut diagnostics);
    }
    Loaded {
        item: keep.then_some(item),
        diagnostics,
    }
}

fn section(
    file: &SourceFile,
    text: Text,
    yaml: &YamlDoc,
    config: &Config,
    errors: &mut Vec<Diagnostic>,
) -> RawSection {
    let mut extra = extra(yaml, errors);
    let kept_keys = keys::unknown(yaml, SECTION_KEYS, "section", config, &mut extra, errors);
    let sort_by = match yaml.string("sort_by", errors) {
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
    RawSection {
        title: yaml.string("title", errors),
        description: yaml.string("description", errors),
        paginate: yaml.get("paginate", "a whole number", errors).unwrap_or(0),
        template: yaml.string("template", errors),
        weight: yaml.get("weight", "a whole number", errors).unwrap_or(0),
        draft: yaml.get("draft", "true or false", errors).unwrap_or(false),
        aliases: positioned(yaml.string_list("aliases", errors)),
        extra,
        kept_keys,
        facts: site_facts(file, yaml, config, errors),
        file: file.clone(),
        text,
        sort_by,
    }
}

/// `facts:` of a section: only the home page's holds the site's facts.
fn site_facts(
    file: &SourceFile,
    yaml: &YamlDoc,
    config: &Config,
    errors: &mut Vec<Diagnostic>,
) -> Vec<super::facts::Fact> {
    if !file.dir.is_empty() && yaml.raw("facts").is_some() {
        errors.push(
            yaml.error_at_value("facts", "`facts` in a section other than the home page")
                .label("site-wide facts live in content/_index.md")
                .help("move them to content/_index.md, or to the operator's profile"),
        );
        return Vec::new();
    }
    super::facts::parse(yaml, file.lang != config.default_language, errors)
}

fn profile(
    file: &SourceFile,
    text: Text,
    yaml: &YamlDoc,
    errors: &mut Vec<Diagnostic>,
) -> RawProfile {
    errors.extend(yaml.unknown_keys(PROFILE_KEYS, "term profile"));
    let title = required_string(yaml, "title", errors);
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
    RawProfile {
        taxonomy: file.dir.clone(),
        description: yaml.string("description", errors),
        weight: yaml.get("weight", "a whole number", errors).unwrap_or(0),
        extra: extra(yaml, errors),
        reviewed: page::reviewed(yaml, errors),
        facts: Vec::new(),
        file: file.clone(),
        text,
        term,
        title: title.unwrap_or_default(),
    }
}

/// Values with their spans, as `string_list` gives them.
fn positioned(list: Vec<(String, Range<usize>)>) -> Vec<Positioned<String>> {
    list.into_iter()
        .map(|(value, span)| Positioned { span, value })
        .collect()
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

    fn load(rel: &str, text: &str, site_yaml: &str) -> Loaded {
        let config = Config::parse(
            std::path::Path::new("site.yaml"),
            &Arc::from(format!("title: x\n{site_yaml}")),
        )
        .unwrap();
        let (dir, name) = rel.rsplit_once('/').unwrap_or(("", rel));
        let stem = name.trim_end_matches(".md").to_string();
        let kind = match stem.as_str() {
            "_index" => FileKind::Section,
            _ => FileKind::Page,
        };
        let file = SourceFile {
            rel: rel.into(),
            shown: format!("content/{rel}").into(),
            abs: rel.into(),
            lang: "en".into(),
            dir: dir.into(),
            stem,
        };
        parse(&file, kind, Arc::from(text), &config)
    }

    fn page(loaded: &Loaded) -> &super::super::raw::RawPage {
        match &loaded.item {
            Some(RawItem::Page(page)) => page,
            other => panic!("not a page: {other:?}"),
        }
    }

    #[test]
    fn a_file_without_front_matter_is_an_untitled_undated_page() {
        let loaded = load("a.md", "# Heading\n\nText.\n", "");
        assert!(loaded.diagnostics.is_empty(), "{:?}", loaded.diagnostics);
        let page = page(&loaded);
        assert_eq!((page.title.as_deref(), page.date), (None, None));
        assert_eq!(page.text.body(), "# Heading\n\nText.\n");
    }

    #[test]
    fn a_page_with_wrong_fields_is_kept_beside_its_errors() {
        let loaded = load(
            "a.md",
            "---\ntitle: A\nkeywords: [x]\nweight: heavy\n---\n[x](missing.md)\n",
            "",
        );
        assert_eq!(loaded.diagnostics.len(), 2, "{:?}", loaded.diagnostics);
        assert!(loaded.has_errors());
        let page = page(&loaded);
        assert_eq!((page.title.as_deref(), page.weight), (Some("A"), 0));
        assert_eq!(page.text.body(), "[x](missing.md)\n");
    }

    #[test]
    fn invalid_yaml_yields_no_page() {
        let loaded = load("a.md", "---\ntitle: [A\n---\n", "");
        assert!(loaded.item.is_none() && loaded.has_errors());
    }

    #[test]
    fn slugs_take_underscores_and_lower_upper_case_with_a_warning() {
        let loaded = load("a.md", "---\nslug: Hugo_Pipes\n---\n", "");
        assert_eq!(page(&loaded).slug.as_deref(), Some("hugo_pipes"));
        assert_eq!(loaded.diagnostics.len(), 1);
        assert!(!loaded.has_errors());
        assert_eq!(loaded.diagnostics[0].line_column(), (2, 7));
        let loaded = load("a.md", "---\nslug: hugo_pipes\n---\n", "");
        assert!(loaded.diagnostics.is_empty());
    }

    #[test]
    fn sections_take_aliases_and_keep_unknown_keys_in_extra_mode() {
        let text = "---\nlinkTitle: Docs\naliases: [/old/]\nextra: {a: 1}\n---\n";
        let loaded = load(
            "docs/_index.md",
            text,
            "front_matter: { unknown_keys: extra }\n",
        );
        assert!(loaded.diagnostics.is_empty(), "{:?}", loaded.diagnostics);
        let Some(RawItem::Section(section)) = &loaded.item else {
            panic!("not a section");
        };
        assert_eq!(section.aliases[0].value, "/old/");
        assert_eq!(section.kept_keys, ["linkTitle"]);
        assert_eq!(section.extra["linkTitle"].as_str(), Some("Docs"));
        assert_eq!(section.extra["a"].as_i64(), Some(1));
        let loaded = load("docs/_index.md", text, "");
        assert_eq!(loaded.diagnostics.len(), 1);
        assert_eq!(
            loaded.diagnostics[0].message,
            "unknown section key `linkTitle`"
        );
    }
}
