//! Guides whose facts were last checked too long ago: `reviewed` older
//! than site.yaml's `stale_after_days` at the build date, or missing while
//! the site sets it. The rule is the one the page template shows its
//! "may be out of date" notice by (`values::is_stale`).

use crate::content::front_matter;
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::model::{Page, Site};
use crate::render::values::is_stale;
use crate::yaml::{Limits, YamlDoc};

pub fn check(site: &Site, findings: &mut Diagnostics) {
    let Some(limit) = site.config.stale_after_days else {
        return;
    };
    for page in &site.pages {
        let Some(age) = is_stale(site, page) else {
            continue;
        };
        let source = &page.text.source;
        let d = match page.reviewed {
            Some(reviewed) if age >= 0 => Diagnostic::error(
                &page.file.shown,
                format!(
                    "stale guide: facts last reviewed {reviewed}, {age} days before the build date {}",
                    site.build_date
                ),
            )
            .at(source, reviewed_span(page))
            .label(format!("older than stale_after_days: {limit}"))
            .help("check the facts again, then set `reviewed:` to the date you did"),
            _ => Diagnostic::error(&page.file.shown, "guide has no `reviewed` date")
                .at(source, 0..source.find('\n').unwrap_or(0).min(3))
                .label("front matter without `reviewed:`")
                .help(format!(
                    "site.yaml sets `stale_after_days: {limit}`; add `reviewed: YYYY-MM-DD` once the facts are checked"
                )),
        };
        findings.push(d);
    }
}

/// Where the `reviewed:` value stands in the file.
fn reviewed_span(page: &Page) -> std::ops::Range<usize> {
    let source = &page.text.source;
    let Ok(split) = front_matter::split(source) else {
        return 0..0;
    };
    match YamlDoc::parse(&page.file.shown, source, split.yaml, &Limits::FRONT_MATTER) {
        Ok(yaml) => yaml.value_span("reviewed"),
        Err(_) => 0..0,
    }
}
