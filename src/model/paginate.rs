//! Splits a sorted list into pages: /list/, /list/page/2/, …

use super::SitePath;

/// One page of a paginated list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Pager {
    /// 1-based.
    pub index: usize,
    pub total: usize,
    /// The items on this page, as a range of the full list.
    pub range: std::ops::Range<usize>,
    /// Site path of this page: "guides/" or "guides/page/2/".
    pub path: SitePath,
}

/// `per_page` 0 means everything on one page. An empty list still has one
/// (empty) page, so the list URL exists.
pub(crate) fn paginate(base: &str, len: usize, per_page: usize) -> Vec<Pager> {
    let per_page = if per_page == 0 { len.max(1) } else { per_page };
    let total = len.div_ceil(per_page).max(1);
    (1..=total)
        .map(|index| Pager {
            index,
            total,
            range: (index - 1) * per_page..(index * per_page).min(len),
            path: pager_path(base, index),
        })
        .collect()
}

pub(crate) fn pager_path(base: &str, index: usize) -> SitePath {
    if index == 1 {
        SitePath::new(base.to_string())
    } else {
        SitePath::new(format!("{base}page/{index}/"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn boundaries() {
        assert_eq!(paginate("g/", 0, 2).len(), 1);
        assert_eq!(paginate("g/", 1, 2).len(), 1);
        assert_eq!(paginate("g/", 2, 2).len(), 1);
        let three = paginate("g/", 3, 2);
        assert_eq!(three.len(), 2);
        assert_eq!(three[1].range, 2..3);
        assert_eq!(three[1].path, "g/page/2/");
        assert_eq!(paginate("g/", 5, 0).len(), 1);
    }
}
