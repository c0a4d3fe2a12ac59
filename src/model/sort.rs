//! The orders a list of pages can take. Every order ends in the source path,
//! so ties never depend on the file system's order.

use std::cmp::Ordering;

use serde::Serialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum SortBy {
    /// Newest first.
    Date,
    Title,
    /// Lightest first; unweighted pages last.
    Weight,
}

impl SortBy {
    pub fn parse(text: &str) -> Option<SortBy> {
        match text {
            "date" => Some(SortBy::Date),
            "title" => Some(SortBy::Title),
            "weight" => Some(SortBy::Weight),
            _ => None,
        }
    }
}

/// What sorting needs to know of a page.
pub trait Sortable {
    fn sort_date(&self) -> jiff::Timestamp;
    fn sort_title(&self) -> &str;
    fn sort_weight(&self) -> i64;
    fn sort_path(&self) -> &str;
}

pub fn compare<T: Sortable>(by: SortBy, a: &T, b: &T) -> Ordering {
    let first = match by {
        SortBy::Date => b.sort_date().cmp(&a.sort_date()),
        SortBy::Title => Ordering::Equal,
        SortBy::Weight => weight_rank(a.sort_weight()).cmp(&weight_rank(b.sort_weight())),
    };
    first
        .then_with(|| a.sort_title().cmp(b.sort_title()))
        .then_with(|| a.sort_path().cmp(b.sort_path()))
}

/// Lightest first, but a page without a weight (0, the default) goes after
/// every weighted one, as in Hugo and Zola: weighting a few guides puts
/// them on top.
fn weight_rank(weight: i64) -> (bool, i64) {
    (weight == 0, weight)
}
