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
    /// Every order, as `mekong schema` lists them.
    pub const ALL: [SortBy; 3] = [SortBy::Date, SortBy::Title, SortBy::Weight];

    /// The name YAML gives it.
    pub fn name(self) -> &'static str {
        match self {
            SortBy::Date => "date",
            SortBy::Title => "title",
            SortBy::Weight => "weight",
        }
    }

    pub fn parse(text: &str) -> Option<SortBy> {
        SortBy::ALL.into_iter().find(|order| order.name() == text)
    }
}
