//! A one-shot build that writes each rendered file as soon as it is
//! rendered. Holding every file until the write was a quarter of a
//! build's peak memory (7 KB a page); now a file lives from its template
//! to its stage, and the peak is the model and the template values.
//!
//! The order keeps the guarantees: nothing is staged while the build
//! holds an error from the earlier stages; every output path is claimed
//! and checked against the others before the first template runs; a
//! template error (or a failed stage) throws every stage away, and the
//! old site stays whole; only files whose bytes changed are staged; the
//! stages move into place only when all are there.

use std::time::Instant;

use super::{Leftovers, Loaded, Options, Report, Sources, build_in_memory, load};
use crate::diagnostics::Diagnostics;
use crate::output::{self, Outputs};
use crate::{render, search};

pub(super) fn build(options: &Options) -> Result<Report, Diagnostics> {
    let started = Instant::now();
    let root = &options.root;
    let out = options.output_dir();
    let Loaded {
        site,
        mut bodies,
        mut diagnostics,
        mut timings,
        mut lap,
        raw: _,
    } = load(options, Sources::Release)?;
    // Read before the templates take the pages' HTML out of `bodies`.
    let search_documents = site
        .config
        .search
        .then(|| search::Documents::collect(&site, &bodies.pages));
    let (mut claims, planned) = render::stream::plan(root, &site, &mut bodies, &mut diagnostics);
    timings.lap("templates (values, jobs)", &mut lap);
    if let Some(documents) = search_documents.filter(|_| !diagnostics.has_errors()) {
        let none = Outputs::default();
        let previous = search::stamp::Either(&none, &out);
        let stage = search::add_to(documents, &previous, &mut claims, &mut diagnostics);
        timings.lap(stage, &mut lap);
    }
    // One output path, one source: checked before anything is written.
    claims.statics.clear();
    let (outputs, collisions) = claims.settle();
    timings.lap("outputs (one path, one source)", &mut lap);
    let Some(planned) = planned else {
        return Err(diagnostics);
    };
    if !collisions.is_empty() {
        // Rare, and an error but for a stylesheet's copy that no template
        // asks for: the render that holds every file names them exactly.
        drop((planned, outputs, bodies, site));
        return build_in_memory(options, started);
    }
    if diagnostics.has_errors() {
        // Nothing is written; the templates still run, so that one build
        // reports every error.
        planned.render(&site, &mut diagnostics, &|_, _| {});
        return Err(diagnostics);
    }
    let held = output::hold(&out, &outputs, options.force_output).map_err(Diagnostics::from)?;
    let stream = held.stream(&outputs).map_err(Diagnostics::from)?;
    let (renderer, not_made) = planned.render(&site, &mut diagnostics, &|rel, bytes| {
        stream.put(rel, bytes);
    });
    timings.lap("templates (context, Tera, feeds, sitemap)", &mut lap);
    if diagnostics.has_errors() {
        diagnostics.extend(stream.abandon());
        return Err(diagnostics);
    }
    if !site.images.take_made().is_empty() {
        // A page template resized an image (`resize_image`): a path no
        // claim named before the render. Rare; the render that holds
        // every file claims it with the others.
        let leftovers = stream.abandon();
        if !leftovers.is_empty() {
            diagnostics.extend(leftovers);
            return Err(diagnostics);
        }
        drop((held, renderer, outputs, bodies, site));
        return build_in_memory(options, started);
    }
    stream.put_files();
    let stats = stream.finish(&not_made).map_err(Diagnostics::from)?;
    drop(held);
    timings.lap("write (compare, stage, move, remove orphans)", &mut lap);
    Ok(Report {
        pages: site.pages.len(),
        files: outputs.len() - not_made.len(),
        stats,
        elapsed: started.elapsed(),
        warnings: diagnostics,
        timings,
        images: (site.images.encoded, site.images.cached),
        leftovers: Leftovers(site, bodies, outputs, renderer),
    })
}
