//! The pipeline, top to bottom: config → content → model → Markdown →
//! templates → disk. Every stage adds to one list of diagnostics; the build
//! writes only when that list holds no error.

use std::collections::HashSet;
use std::path::PathBuf;
use std::time::{Duration, Instant};

use crate::config::Config;
use crate::content::walk;
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::model::{Site, resolve};
use crate::output::{self, Outputs, WriteStats};
use crate::{dates, render, search};

mod stream;

#[derive(Debug, Clone, Default)]
pub struct Options {
    pub root: PathBuf,
    pub output: Option<PathBuf>,
    pub base_url: Option<String>,
    pub drafts: bool,
    pub today: Option<String>,
    /// Build into an output folder that holds files mekong did not write
    /// (and no manifest): they are kept, never removed.
    pub force_output: bool,
}

impl Options {
    pub fn output_dir(&self) -> PathBuf {
        self.output
            .clone()
            .unwrap_or_else(|| self.root.join("public"))
    }
}

/// A site rendered in memory.
pub struct Built {
    pub site: Site,
    /// The Markdown of the site's pages and sections, less the pages' HTML
    /// (it moved into the template values).
    pub bodies: render::Bodies,
    pub outputs: Outputs,
    pub warnings: Diagnostics,
    pub timings: Timings,
    /// The content as loaded, before the model took it (for `watch`,
    /// which resolves it again after a front-matter edit).
    pub raw: Option<crate::content::raw::RawSite>,
}

pub struct Report {
    pub pages: usize,
    pub files: usize,
    pub stats: WriteStats,
    pub elapsed: Duration,
    pub warnings: Diagnostics,
    pub timings: Timings,
    /// Image files encoded by this build, and taken from the cache.
    pub images: (usize, usize),
    /// What the build still holds in memory.
    pub leftovers: Leftovers,
}

/// The model, outputs and templates of a finished build. Dropping them frees
/// hundreds of thousands of small allocations one by one (about 3% of a
/// build's CPU); a process that is about to exit can `leak` them instead and
/// let the operating system take the memory back at once.
#[expect(dead_code, reason = "held to be dropped or leaked, never read")]
pub struct Leftovers(Site, render::Bodies, Outputs, render::Renderer);

impl Leftovers {
    pub fn leak(self) {
        std::mem::forget(self);
    }
}

/// Wall time of each pipeline stage, for `build --timings` and profiling.
#[derive(Debug, Clone, Default)]
pub struct Timings {
    pub stages: Vec<(&'static str, Duration)>,
}

impl Timings {
    fn lap(&mut self, stage: &'static str, since: &mut Instant) {
        let now = Instant::now();
        self.stages.push((stage, now - *since));
        *since = now;
    }
}

/// Loads, resolves and renders the site without touching the disk.
pub fn render_site(options: &Options) -> Result<Built, Diagnostics> {
    render_site_keeping(options).map(|(rendered, _)| rendered)
}

/// `render_site`, also handing back the renderer, so that `watch` and
/// `serve` can re-render a few files after an edit.
pub fn render_site_keeping(options: &Options) -> Result<(Built, render::Renderer), Diagnostics> {
    render_in_memory(options, &Outputs::default(), Sources::Keep)
}

/// `render_site_keeping` for a rebuild: `last` holds the outputs of the
/// build before (kept in memory by `watch` and `serve`), whose search
/// index is reused when the indexed text has not changed.
pub fn render_site_after(
    options: &Options,
    last: &Outputs,
) -> Result<(Built, render::Renderer), Diagnostics> {
    render_in_memory(options, last, Sources::Watch)
}

/// Whether the text of each content file stays in memory after its
/// Markdown is rendered: `watch` compares it on the next edit and `check`
/// maps links back to their lines, but a one-shot build never reads it
/// again (15% of its peak memory).
#[derive(Clone, Copy, PartialEq, Eq)]
enum Sources {
    Keep,
    /// `Keep`, and the content as loaded too.
    Watch,
    Release,
}

/// A site loaded, resolved and its Markdown rendered, without an error.
struct Loaded {
    site: Site,
    bodies: render::Bodies,
    diagnostics: Diagnostics,
    timings: Timings,
    lap: Instant,
    /// The loaded content as read, kept for `watch` only (`Built::raw`).
    raw: Option<crate::content::raw::RawSite>,
}

/// config → content → model → images → Markdown: every error of those
/// stages at once, or the site.
fn load(options: &Options, sources: Sources) -> Result<Loaded, Diagnostics> {
    let root = &options.root;
    let mut config = Config::load(root).map_err(Diagnostics::from)?;
    if let Some(url) = &options.base_url {
        config.base_url = crate::url::BaseUrl::parse(url).map_err(|why| {
            Diagnostics::from(Diagnostic::error(
                "--base-url",
                format!("invalid --base-url `{url}`: {why}"),
            ))
        })?;
    }
    let build_date =
        dates::build_date(options.today.as_deref(), &config.timezone).map_err(|why| {
            let source = if options.today.is_some() {
                "--today"
            } else {
                "SOURCE_DATE_EPOCH"
            };
            Diagnostics::from(Diagnostic::error(source, why))
        })?;

    let mut timings = Timings::default();
    let mut lap = Instant::now();
    let mut diagnostics = Diagnostics::default();
    let raw = if sources == Sources::Release {
        walk::load_deferring(root, &options.output_dir(), &config, &mut diagnostics)
    } else {
        walk::load(root, &options.output_dir(), &config, &mut diagnostics)
    };
    let raw_kept = (sources == Sources::Watch).then(|| raw.clone());
    timings.lap("load (walk, read, front matter)", &mut lap);
    let refused = refused_sources(&diagnostics);
    let mut site = resolve::resolve(config, raw, build_date, options.drafts, &mut diagnostics);
    site.refused_sources = refused;
    timings.lap("resolve (URLs, sections, taxonomies)", &mut lap);
    site.images = process_images(root, &site);
    timings.lap("images (decode, resize, encode, or the cache)", &mut lap);
    // Content and model errors do not stop the build here: every page that
    // exists has its Markdown and links checked, so one run reports all.
    let mut bodies = if sources == Sources::Release {
        // The search index reads the pages' HTML from the bodies.
        let spill = !site.config.search;
        render::markdown_releasing(root, &mut site, spill, &mut diagnostics)
    } else {
        render::markdown(root, &site, &mut diagnostics)
    };
    timings.lap("markdown (HTML, links, ids, words)", &mut lap);
    diagnostics.extend(site.images.unreported());
    // Templates run only on a site without errors (they would fail again
    // for the same reasons), and nothing is written while any is held.
    if diagnostics.has_errors() {
        return Err(diagnostics);
    }
    if sources == Sources::Release {
        site.release_sources();
        bodies.release_links();
    }
    Ok(Loaded {
        site,
        bodies,
        diagnostics,
        timings,
        lap,
        raw: raw_kept,
    })
}

fn render_in_memory(
    options: &Options,
    last: &Outputs,
    sources: Sources,
) -> Result<(Built, render::Renderer), Diagnostics> {
    let root = &options.root;
    let Loaded {
        site,
        mut bodies,
        mut diagnostics,
        mut timings,
        mut lap,
        raw: raw_kept,
    } = load(options, sources)?;
    // Read before the templates take the pages' HTML out of `bodies`.
    let search_documents = site
        .config
        .search
        .then(|| search::Documents::collect(&site, &bodies.pages));
    let (mut claims, renderer) = render::render_keeping(root, &site, &mut bodies, &mut diagnostics);
    timings.lap("templates (context, Tera, feeds, sitemap)", &mut lap);
    if let Some(documents) = search_documents.filter(|_| !diagnostics.has_errors()) {
        let out = options.output_dir();
        let previous = search::stamp::Either(last, &out);
        let stage = search::add_to(documents, &previous, &mut claims, &mut diagnostics);
        timings.lap(stage, &mut lap);
    }
    // One output path, one source: checked once, before anything is written.
    let statics = std::mem::take(&mut claims.statics);
    let (outputs, collisions) = claims.settle();
    diagnostics.extend(render::collisions::diagnostics(
        &site,
        root,
        &statics,
        renderer.as_ref().map_or(&[], |r| &r.manifest().made),
        &collisions,
    ));
    timings.lap("outputs (one path, one source)", &mut lap);
    let renderer = match renderer {
        Some(renderer) if !diagnostics.has_errors() => renderer,
        _ => return Err(diagnostics),
    };
    let rendered = Built {
        site,
        bodies,
        outputs,
        warnings: diagnostics,
        timings,
        raw: raw_kept,
    };
    Ok((rendered, renderer))
}

/// Renders the site and writes it to the output directory, each file as
/// soon as it is rendered (`build::stream`): a rendered site is never
/// held in memory whole.
pub fn build(options: &Options) -> Result<Report, Diagnostics> {
    let out = options.output_dir();
    output::check_output_dir(&options.root, &out).map_err(Diagnostics::from)?;
    stream::build(options)
}

/// `build` the way `watch` and `serve` render: the whole site in memory
/// first, then written. A streamed build whose claims collide falls back
/// to it, which names the collisions.
fn build_in_memory(options: &Options, started: Instant) -> Result<Report, Diagnostics> {
    let out = options.output_dir();
    let (rendered, renderer) = render_in_memory(options, &Outputs::default(), Sources::Release)?;
    let mut lap = Instant::now();
    let stats =
        output::write(&out, &rendered.outputs, options.force_output).map_err(Diagnostics::from)?;
    let Built {
        site,
        bodies,
        outputs,
        warnings,
        mut timings,
        ..
    } = rendered;
    timings.lap("write (compare, stage, move, remove orphans)", &mut lap);
    let report = Report {
        pages: site.pages.len(),
        files: outputs.len(),
        stats,
        elapsed: started.elapsed(),
        warnings,
        timings,
        images: (site.images.encoded, site.images.cached),
        leftovers: Leftovers(site, bodies, outputs, renderer),
    };
    Ok(report)
}

/// The content files (as "guides/x.md") that loading reported errors in:
/// those left out must not be reported a second time by every link to them.
fn refused_sources(diagnostics: &Diagnostics) -> HashSet<String> {
    diagnostics
        .iter()
        .filter(|d| d.is_error())
        .filter_map(|d| d.file.strip_prefix(walk::CONTENT_DIR).ok())
        .filter(|rel| rel.extension().is_some_and(|e| e == "md"))
        .map(|rel| {
            rel.components()
                .map(|c| c.as_os_str().to_string_lossy())
                .collect::<Vec<_>>()
                .join("/")
        })
        .collect()
}

/// The content images of `site`, each processed once (see `images`).
fn process_images(root: &std::path::Path, site: &Site) -> crate::images::Processed {
    let assets: Vec<crate::images::Asset> = site
        .assets
        .iter()
        .map(|a| crate::images::Asset {
            source: &a.source,
            output: &a.output,
            shown: a
                .source
                .strip_prefix(root)
                .unwrap_or(&a.source)
                .to_path_buf(),
        })
        .collect();
    crate::images::process(root, &site.config.images, &assets)
}
