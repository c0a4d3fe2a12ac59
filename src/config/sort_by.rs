//! The orders a list of pages can take, as `sort_by:` names them in
//! site.yaml and in a section's front matter. Here, at the bottom, because
//! config and content both parse it; `model::sort` does the sorting.

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
