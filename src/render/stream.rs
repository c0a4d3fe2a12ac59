//! The render of a one-shot build, which writes each file as soon as it
//! is rendered instead of holding them all (`output::Stream`). Every job
//! is made first, so that every output path is claimed, and checked
//! against the others, before the first template runs.

use rayon::prelude::*;

use super::fingerprint::{AssetNames, MaybeCopy};
use super::jobs::{Scope, units};
use super::schedule;
use super::{Bodies, Made, Renderer, Unit, claim_assets, claim_images, manifest, prepare};
use crate::diagnostics::Diagnostics;
use crate::model::Site;
use crate::output::{Claims, Content, Origin};

/// A render ready to run: its units, and the fingerprinted copies the
/// templates may ask for. The jobs are made as they render, not held
/// (all at once, their contexts were a tenth of the peak); here only their
/// paths are taken (`Scope::outline`: a page's without making its job).
pub(crate) struct Planned {
    renderer: Renderer,
    units: Vec<Unit>,
    copies: Vec<MaybeCopy>,
    names: AssetNames,
}

/// Makes every job of the site and claims every output: rendered files as
/// `Content::Pending`, then images, static files (with every copy a
/// template may ask for) and content assets, in the order `render_keeping`
/// claims them; `bodies` are released once the template values are made.
/// `None` when the templates could not be loaded.
pub(crate) fn plan(
    root: &std::path::Path,
    site: &Site,
    bodies: &mut Bodies,
    diagnostics: &mut Diagnostics,
) -> (Claims, Option<Planned>) {
    let mut claims = Claims::default();
    let Some((mut renderer, static_files, names)) = prepare(root, site, bodies, diagnostics) else {
        return (claims, None);
    };
    // The template values hold what the templates read of the bodies
    // (summaries, tables of contents): the bodies go before the jobs are
    // made, the moment of the build's peak.
    bodies.release();
    let scope = Scope {
        site,
        values: &renderer.values,
        lookup: &renderer.lookup,
        tera: &renderer.tera,
    };
    let units = units(site);
    let planned: Vec<Made> = units
        .par_iter()
        .flat_map_iter(|&unit| {
            let outline = scope.outline(unit).into_iter();
            outline.map(move |(output, template, lang)| Made {
                language: manifest::language_index(site, &lang),
                output,
                template,
                unit,
            })
        })
        .collect();
    let made = &mut renderer.manifest.made;
    made.reserve_exact(planned.len());
    for entry in planned {
        claims.claim(
            entry.output.clone(),
            Content::Pending,
            Origin::Made(made.len()),
        );
        made.push(entry);
    }
    claim_images(site, &mut claims);
    let copies = static_files.claim_all_into(&mut claims);
    claim_assets(site, &mut claims);
    let planned = Planned {
        renderer,
        units,
        copies,
        names,
    };
    (claims, Some(planned))
}

impl Planned {
    /// Renders every job in parallel, handing each file to `put` as soon
    /// as it is rendered; every template error goes to `diagnostics`.
    /// Then the fingerprinted copies the templates asked for go to `put`
    /// too; the paths of those no template asked for are handed back
    /// (claimed, but not part of the site), with the renderer.
    pub(crate) fn render(
        self,
        site: &Site,
        diagnostics: &mut Diagnostics,
        put: &(dyn Fn(&str, &[u8]) + Sync),
    ) -> (Renderer, Vec<String>) {
        let Planned {
            mut renderer,
            units,
            copies,
            names,
        } = self;
        let scope = Scope {
            site,
            values: &renderer.values,
            lookup: &renderer.lookup,
            tera: &renderer.tera,
        };
        // The largest units first, then the pages in order: the order
        // `output::Stream` makes their new folders in.
        let rendered = schedule::largest_first(site, &units, |unit| {
            let jobs = scope.jobs(unit).into_iter().map(|job| {
                let (unit, result, shows) = renderer.render_job(site, unit, job);
                // The bytes go at once; only the outcome is kept.
                let result = result.map(|(made, bytes)| put(&made.output, &bytes));
                (unit, result, shows)
            });
            jobs.collect()
        });
        for (unit, result, shows) in rendered {
            renderer.manifest.shows.add(unit, shows);
            if let Err(d) = result {
                diagnostics.push(d);
            }
        }
        let mut not_made = Vec::new();
        for copy in copies {
            if copy.asked(&names) {
                put(&copy.output, &copy.bytes);
            } else {
                not_made.push(copy.output);
            }
        }
        (renderer, not_made)
    }
}
