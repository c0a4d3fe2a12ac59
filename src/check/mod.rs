//! `mekong check`: render the site in memory, write nothing, and report
//! what a reader would trip over. Errors: broken internal links, missing
//! anchors, stale guides. Warnings: missing translations, term profiles no
//! page uses, theme strings no language has. External links are not
//! fetched.

pub(crate) mod blame;
pub(crate) mod facts;
pub mod html;
pub(crate) mod i18n;
pub(crate) mod images;
pub mod json;
pub(crate) mod links;
pub(crate) mod profiles;
pub(crate) mod stale;
pub mod target;
pub(crate) mod translations;

use crate::build::{Options, render_site_keeping};
use crate::diagnostics::{Diagnostic, Diagnostics};

/// What a check found, sorted by file and line.
pub struct Report {
    pub findings: Vec<Diagnostic>,
    pub pages: usize,
    pub html_files: usize,
}

impl Report {
    pub fn errors(&self) -> usize {
        self.findings.iter().filter(|d| d.is_error()).count()
    }

    pub fn warnings(&self) -> usize {
        self.findings.len() - self.errors()
    }
}

/// Renders the site and checks it. `Err` holds the build's own errors
/// when the site does not render at all.
pub fn check(options: &Options) -> Result<Report, Diagnostics> {
    let (rendered, renderer) = render_site_keeping(options)?;
    let site = &rendered.site;
    let root = &options.root;
    let mut findings = rendered.warnings.clone();
    let (_, sources) = renderer.templates();
    let scan = links::Scan::new(root, site, &rendered.outputs);
    links::check(
        &scan,
        &rendered.bodies,
        renderer.manifest(),
        sources,
        &mut findings,
    );
    stale::check(site, &mut findings);
    facts::check(site, &mut findings);
    translations::check(site, &mut findings);
    profiles::check(site, &mut findings);
    images::check(site, &rendered.outputs, &mut findings);
    i18n::check(site, sources, renderer.strings(), &mut findings);
    Ok(Report {
        html_files: scan.html_files(),
        pages: site.pages.len(),
        findings: findings.sorted(),
    })
}
