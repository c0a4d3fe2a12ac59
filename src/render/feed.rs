//! Atom feeds: a language's newest pages, or a term's. Undated pages are in
//! no feed: a feed entry needs a date, and one made up would mislead.

use super::job::{Dep, Job, base_context};
use super::values::{Values, object};
use crate::model::{Site, sort, sort::SortBy};

/// The `limit` newest dated pages of `pages`, newest first: the same as
/// sorting them all and keeping the first, without sorting ten thousand
/// pages for fifty (`sort::compare` is a total order).
fn newest(site: &Site, pages: &[usize], limit: usize) -> Vec<usize> {
    let mut list: Vec<usize> = pages
        .iter()
        .copied()
        .filter(|&i| site.pages[i].date.is_some())
        .collect();
    let by = |a: &usize, b: &usize| sort::compare(SortBy::Date, &site.pages[*a], &site.pages[*b]);
    if limit == 0 {
        list.clear();
    } else if limit < list.len() {
        list.select_nth_unstable_by(limit - 1, by);
        list.truncate(limit);
    }
    list.sort_by(by);
    list
}

pub(super) fn feed(
    site: &Site,
    lang: &str,
    output: &str,
    html_path: &str,
    title: &str,
    pages: &[usize],
    values: &Values,
) -> Job {
    let base = &site.config.base_url;
    let newest = newest(site, pages, site.config.feed_limit);
    let updated = newest
        .iter()
        .filter_map(|&i| site.pages[i].updated.or(site.pages[i].date))
        .max()
        .map_or_else(
            || crate::dates::rfc3339(jiff::Timestamp::UNIX_EPOCH),
            crate::dates::rfc3339,
        );
    let author = site
        .config
        .author
        .clone()
        .unwrap_or_else(|| site.config.title.clone());
    let mut context = base_context(site, lang, output);
    context.insert_value(
        "feed",
        object(vec![
            ("title", title.into()),
            (
                "subtitle",
                site.config
                    .language(lang)
                    .map(|l| l.description.clone())
                    .filter(|d| !d.is_empty())
                    .into(),
            ),
            ("feed_url", base.permalink(output).into()),
            ("html_url", base.permalink(html_path).into()),
            ("updated", updated.into()),
            ("author", author.into()),
            (
                "pages",
                newest
                    .iter()
                    .map(|&i| values.pages[i].clone())
                    .collect::<Vec<_>>()
                    .into(),
            ),
        ]),
    );
    Job {
        output: output.to_string(),
        template: "atom.xml".into(),
        context,
        what: format!("rendering feed {output}"),
        shows: newest
            .iter()
            .map(|&i| Dep::Page(site.pages[i].file.rel.clone()))
            .collect(),
    }
}
