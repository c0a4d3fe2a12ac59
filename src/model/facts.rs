//! The fact registry: every fact of the site, found by its owner (an
//! operator's term, or none for the site's own facts in content/_index.md)
//! and key. What makes a fact trustworthy (status, source, checked) comes
//! from the default language's file; its value and label from the file of
//! the language asked for, where that file rewords it.

use std::collections::HashMap;

use jiff::civil::Date;

use super::{Profile, Site};
use crate::content::facts::{Fact, Status};
use crate::diagnostics::did_you_mean;

/// One fact as a page in `lang` shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Shown {
    /// The operator (term) it belongs to; `None` for a site-wide fact.
    pub owner: Option<String>,
    pub key: String,
    pub value: String,
    pub label: Option<String>,
    pub status: Status,
    pub source: Option<String>,
    pub checked: Option<Date>,
    /// The owner's official website (its profile's `extra.website`), where
    /// a reader can check a fact that names no source.
    pub website: Option<String>,
}

/// Every file's facts, owned, so that template functions can keep them.
#[derive(Debug, Clone, Default)]
pub struct Registry {
    default_language: String,
    /// (owner, language) → the facts that file states.
    files: HashMap<(Option<String>, String), Vec<Fact>>,
    /// Every term with a profile, for "did you mean".
    terms: Vec<String>,
    /// term → `extra.website` of its default-language profile.
    websites: HashMap<String, String>,
}

impl Registry {
    pub fn of(site: &Site) -> Registry {
        let mut files = HashMap::new();
        for s in site.sections.iter().filter(|s| s.dir.is_empty()) {
            files.insert((None, s.lang.clone()), s.facts.clone());
        }
        let mut terms = Vec::new();
        for lang in site.config.languages.iter().map(|l| &l.code) {
            for p in site.profiles.iter().filter(|p| &p.file.lang == lang) {
                if let Some(best) = profile(site, &p.term, lang) {
                    files
                        .entry((Some(p.term.clone()), lang.clone()))
                        .or_insert_with(|| best.facts.clone());
                }
                terms.push(p.term.clone());
            }
        }
        terms.sort();
        terms.dedup();
        let websites = site
            .profiles
            .iter()
            .filter(|p| p.file.lang == site.config.default_language)
            .filter_map(|p| {
                let site = p.extra.get("website")?.as_str()?;
                Some((p.term.clone(), site.to_string()))
            })
            .collect();
        Registry {
            default_language: site.config.default_language.clone(),
            files,
            terms,
            websites,
        }
    }

    fn in_language(&self, owner: Option<&str>, lang: &str) -> Option<&[Fact]> {
        self.files
            .get(&(owner.map(str::to_string), lang.to_string()))
            .map(Vec::as_slice)
    }

    /// The facts of `owner` as its default-language file states them.
    pub fn trusted(&self, owner: Option<&str>) -> Option<&[Fact]> {
        self.in_language(owner, &self.default_language)
    }
    /// The fact `key` of `owner` in `lang`, or why there is none (with the
    /// nearest key or operator as a hint).
    pub fn lookup(&self, owner: Option<&str>, key: &str, lang: &str) -> Result<Shown, String> {
        let whose = owner.map_or("the site (content/_index.md)".to_string(), |o| {
            format!("operator `{o}`")
        });
        let Some(facts) = self.trusted(owner) else {
            let owner = owner.unwrap_or_default();
            let terms = self.terms.iter().map(String::as_str);
            let hint = did_you_mean(owner, terms)
                .map(|t| format!("; did you mean `{t}`?"))
                .unwrap_or_default();
            return Err(format!("no profile for {whose}{hint}"));
        };
        let Some(fact) = facts.iter().find(|f| f.key == key) else {
            let hint = match did_you_mean(key, facts.iter().map(|f| f.key.as_str())) {
                Some(k) => format!("did you mean `{k}`?"),
                None if facts.is_empty() => "it has no facts".to_string(),
                None => format!(
                    "its facts are {}",
                    facts
                        .iter()
                        .map(|f| format!("`{}`", f.key))
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            };
            return Err(format!("unknown fact `{key}` of {whose}: {hint}"));
        };
        let reworded = self
            .in_language(owner, lang)
            .and_then(|list| list.iter().find(|f| f.key == key))
            .unwrap_or(fact);
        Ok(Shown {
            owner: owner.map(str::to_string),
            key: key.to_string(),
            value: reworded
                .value
                .clone()
                .or_else(|| fact.value.clone())
                .unwrap_or_default(),
            label: reworded.label.clone().or_else(|| fact.label.clone()),
            status: fact.status.unwrap_or(Status::Unconfirmed),
            source: fact.source.clone(),
            checked: fact.checked,
            website: owner.and_then(|o| self.websites.get(o).cloned()),
        })
    }
}

/// The profile of `term` in `lang`, an operator's first.
pub fn profile<'a>(site: &'a Site, term: &str, lang: &str) -> Option<&'a Profile> {
    let mut found = site
        .profiles
        .iter()
        .filter(|p| p.term == term && p.file.lang == lang)
        .peekable();
    let first = *found.peek()?;
    Some(found.find(|p| p.taxonomy == "operators").unwrap_or(first))
}

/// Every registered fact, default language, site-wide ones first.
pub fn all(site: &Site) -> Vec<(Option<&str>, &Fact)> {
    let lang = &site.config.default_language;
    let mut out: Vec<(Option<&str>, &Fact)> = site
        .sections
        .iter()
        .filter(|s| s.dir.is_empty() && &s.lang == lang)
        .flat_map(|s| s.facts.iter().map(|f| (None, f)))
        .collect();
    for p in &site.profiles {
        if &p.file.lang == lang {
            out.extend(p.facts.iter().map(|f| (Some(p.term.as_str()), f)));
        }
    }
    out
}

/// The call that shows a fact: what a guide writes.
pub fn call(owner: Option<&str>, key: &str) -> String {
    match owner {
        Some(op) => format!("{{{{ fact(operator=\"{op}\", key=\"{key}\") }}}}"),
        None => format!("{{{{ fact(key=\"{key}\") }}}}"),
    }
}
