//! The pipeline, top to bottom: config → content → model → Markdown →
//! templates → disk. Every stage adds to one list of diagnostics; the build
//! writes only when that list holds no error.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use crate::config::Config;
use crate::content::walk;
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::model::{Site, resolve};
use crate::output::{self, Outputs, WriteStats};
use crate::{dates, render};

#[derive(Debug, Clone, Default)]
pub struct Options {
    pub root: PathBuf,
    pub output: Option<PathBuf>,
    pub base_url: Option<String>,
    pub drafts: bool,
    pub today: Option<String>,
}

impl Options {
    pub fn output_dir(&self) -> PathBuf {
        self.output
            .clone()
            .unwrap_or_else(|| self.root.join("public"))
    }
}

/// A site rendered in memory.
pub struct Rendered {
    pub site: Site,
    pub outputs: Outputs,
    pub warnings: Diagnostics,
}

pub struct Report {
    pub pages: usize,
    pub files: usize,
    pub stats: WriteStats,
    pub elapsed: Duration,
    pub warnings: Diagnostics,
}

/// Loads, resolves and renders the site without touching the disk.
pub fn render_site(options: &Options) -> Result<Rendered, Diagnostics> {
    let root = &options.root;
    let mut config = Config::load(root).map_err(to_diagnostics)?;
    if let Some(url) = &options.base_url {
        config.base_url = crate::url::BaseUrl::parse(url).map_err(|why| {
            Diagnostics::from(Diagnostic::error(
                "--base-url",
                format!("invalid --base-url `{url}`: {why}"),
            ))
        })?;
    }
    let build_date = dates::build_date(options.today.as_deref(), &config.timezone)
        .map_err(|why| Diagnostics::from(Diagnostic::error("--today", why)))?;

    let mut diagnostics = Diagnostics::default();
    let raw = walk::load(root, &config, &mut diagnostics);
    let mut site = resolve::resolve(config, raw, build_date, options.drafts, &mut diagnostics);
    render::markdown(&mut site, &mut diagnostics);
    if diagnostics.has_errors() {
        return Err(diagnostics);
    }
    let outputs = render::render(root, &site, &mut diagnostics);
    if diagnostics.has_errors() {
        return Err(diagnostics);
    }
    Ok(Rendered {
        site,
        outputs,
        warnings: diagnostics,
    })
}

/// Renders the site and writes it to the output directory.
pub fn build(options: &Options) -> Result<Report, Diagnostics> {
    let started = Instant::now();
    let out = options.output_dir();
    output::check_output_dir(&options.root, &out).map_err(Diagnostics::from)?;
    let rendered = render_site(options)?;
    let stats = output::write(&out, &rendered.outputs).map_err(to_diagnostics)?;
    Ok(Report {
        pages: rendered.site.pages.len(),
        files: rendered.outputs.len(),
        stats,
        elapsed: started.elapsed(),
        warnings: rendered.warnings,
    })
}

fn to_diagnostics(list: Vec<Diagnostic>) -> Diagnostics {
    let mut d = Diagnostics::default();
    d.extend(list);
    d
}

/// `root` as given, or the current folder.
pub fn site_root(root: Option<&Path>) -> PathBuf {
    root.map_or_else(|| PathBuf::from("."), Path::to_path_buf)
}
