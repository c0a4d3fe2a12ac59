//! Facts (see `model::facts`): a fact checked longer ago than
//! `stale_after_days` is stale (a warning at its profile, so they list by
//! operator); a guide that spells a registered value out by hand instead
//! of calling the `fact` shortcode is a warning that shows the call.
//! Confirmed facts without a source and unknown keys are errors of the
//! build itself (the profile's front matter, the call).

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::model::Site;
use crate::model::facts::{self, call};

pub fn check(site: &Site, findings: &mut Diagnostics) {
    stale(site, findings);
    by_hand(site, findings);
    translated(site, findings);
}

/// A translated profile's fact whose key the default language's file
/// does not have: it rewords nothing, and no call can reach it.
fn translated(site: &Site, findings: &mut Diagnostics) {
    let registry = facts::Registry::of(site);
    for p in &site.profiles {
        if p.file.lang == site.config.default_language {
            continue;
        }
        let known = registry.trusted(Some(&p.term)).unwrap_or(&[]);
        for fact in &p.facts {
            if known.iter().any(|k| k.key == fact.key) {
                continue;
            }
            let hint =
                crate::diagnostics::did_you_mean(&fact.key, known.iter().map(|k| k.key.as_str()));
            findings.push(
                Diagnostic::error(&p.file.shown, format!("unknown fact `{}` of operator `{}`", fact.key, p.term))
                    .at(&p.text.source, fact.key_span.clone())
                    .label("not in the default language's profile")
                    .help(match hint {
                        Some(k) => format!("did you mean `{k}`?"),
                        None => "state the fact in the default language's profile first; a translation only rewords it".into(),
                    }),
            );
        }
    }
}

fn stale(site: &Site, findings: &mut Diagnostics) {
    let Some(limit) = site.config.stale_after_days else {
        return;
    };
    let home = site
        .sections
        .iter()
        .find(|s| s.dir.is_empty() && s.lang == site.config.default_language);
    for (owner, fact) in facts::all(site) {
        let Some(checked) = fact.checked else {
            continue;
        };
        let Ok(span) = site.build_date.since(checked) else {
            continue;
        };
        let age = i64::from(span.get_days());
        if age <= i64::from(limit) {
            continue;
        }
        let file = match owner {
            Some(term) => facts::profile(site, term, &site.config.default_language)
                .map(|p| (&p.file.shown, &p.text.source)),
            None => home.and_then(|s| s.source.as_ref().map(|s| (&s.file.shown, &s.text.source))),
        };
        let Some((shown, source)) = file else {
            continue;
        };
        let whose = owner.map_or("the site".to_string(), |o| format!("operator `{o}`"));
        findings.push(
            Diagnostic::warning(
                shown,
                format!(
                    "stale fact `{}` of {whose}: checked {checked}, {age} days before the build date {}",
                    fact.key, site.build_date
                ),
            )
            .at(source, fact.checked_span.clone())
            .label(format!("older than stale_after_days: {limit}"))
            .help("compare it with its source again, then set `checked:` to that day"),
        );
    }
}

/// Values worth looking for: a code or a number, not a word that text
/// uses for its own sake.
fn sought(value: &str) -> bool {
    value.chars().count() >= 3
        && value.chars().any(|c| c.is_ascii_digit())
        && !value.chars().any(char::is_whitespace)
}

/// Whether `c` may continue a code or number (so that `*888#` is not
/// found inside `*888*11#`, nor `888` inside `1888`).
fn joins(c: char) -> bool {
    c.is_alphanumeric() || matches!(c, '*' | '#' | '+')
}

fn by_hand(site: &Site, findings: &mut Diagnostics) {
    let registry = facts::Registry::of(site);
    let registered: Vec<(Option<&str>, &str)> = facts::all(site)
        .into_iter()
        .map(|(owner, f)| (owner, f.key.as_str()))
        .collect();
    for page in &site.pages {
        let body = &page.text.source[page.text.body.clone()];
        let mut seen = std::collections::HashSet::new();
        for &(owner, key) in &registered {
            let Ok(shown) = registry.lookup(owner, key, &page.file.lang) else {
                continue;
            };
            if !sought(&shown.value) || !seen.insert(shown.value.clone()) {
                continue;
            }
            for at in occurrences(body, &shown.value) {
                let start = page.text.body.start + at;
                findings.push(
                    Diagnostic::warning(
                        &page.file.shown,
                        format!("`{}` written by hand: it is a registered fact", shown.value),
                    )
                    .at(&page.text.source, start..start + shown.value.len())
                    .label("typed out, so it will not follow when the fact changes")
                    .help(format!("write {} instead", call(owner, key))),
                );
            }
        }
    }
}

/// Byte offsets where `value` stands in `text` as a whole code.
fn occurrences(text: &str, value: &str) -> Vec<usize> {
    text.match_indices(value)
        .filter(|&(at, _)| {
            let before = text[..at].chars().next_back();
            let after = text[at + value.len()..].chars().next();
            !before.is_some_and(joins) && !after.is_some_and(joins)
        })
        .map(|(at, _)| at)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_whole_codes_only() {
        let text = "dial *888# or `*888#`; not *888*11*1#, not 1888, but 888.";
        assert_eq!(occurrences(text, "*888#"), vec![5, 15]);
        assert_eq!(occurrences(text, "888"), vec![53]);
    }

    #[test]
    fn looks_only_for_codes_and_numbers() {
        assert!(sought("*888#") && sought("117"));
        assert!(!sought("12") && !sought("ask in the shop") && !sought("free"));
    }
}
