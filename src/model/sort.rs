//! The orders a list of pages can take. Every order ends in the source path,
//! so ties never depend on the file system's order.

use std::cmp::Ordering;

pub use crate::config::SortBy;

/// What sorting needs to know of a page.
pub(crate) trait Sortable {
    /// `None` (undated) sorts after every date.
    fn sort_date(&self) -> Option<jiff::Timestamp>;
    fn sort_title(&self) -> &str;
    fn sort_weight(&self) -> i64;
    fn sort_path(&self) -> &str;
}

pub(crate) fn compare<T: Sortable>(by: SortBy, a: &T, b: &T) -> Ordering {
    let first = match by {
        // Newest first; `None` is less than any date, so undated pages
        // come last.
        SortBy::Date => b.sort_date().cmp(&a.sort_date()),
        SortBy::Title => Ordering::Equal,
        SortBy::Weight => by_weight(a.sort_weight(), b.sort_weight()),
    };
    first
        .then_with(|| a.sort_title().cmp(b.sort_title()))
        .then_with(|| a.sort_path().cmp(b.sort_path()))
}

/// The one weight rule, for pages, sections and terms alike: lightest
/// first, but weight 0 (the default) means "no weight" and goes after every
/// weighted item, as in Hugo: weighting a few guides puts them on top.
pub(crate) fn by_weight(a: i64, b: i64) -> Ordering {
    (a == 0, a).cmp(&(b == 0, b))
}

#[cfg(test)]
mod tests {
    use super::*;

    struct Item(Option<i64>, &'static str);

    impl Sortable for Item {
        fn sort_date(&self) -> Option<jiff::Timestamp> {
            self.0.map(|s| jiff::Timestamp::from_second(s).unwrap())
        }
        fn sort_title(&self) -> &str {
            self.1
        }
        fn sort_weight(&self) -> i64 {
            0
        }
        fn sort_path(&self) -> &str {
            self.1
        }
    }

    #[test]
    fn undated_goes_after_every_date_newest_first() {
        let mut items = [
            Item(None, "b"),
            Item(Some(1), "x"),
            Item(None, "a"),
            Item(Some(5), "y"),
        ];
        items.sort_by(|a, b| compare(SortBy::Date, a, b));
        let titles: Vec<&str> = items.iter().map(|i| i.1).collect();
        assert_eq!(titles, ["y", "x", "a", "b"]);
    }

    #[test]
    fn unweighted_goes_last_and_negative_first() {
        let mut weights = vec![0, 3, -1, 0, 1];
        weights.sort_by(|&a, &b| by_weight(a, b));
        assert_eq!(weights, [-1, 1, 3, 0, 0]);
    }
}
