//! "Did you mean": one rule for every hint mekong gives (front-matter and
//! site.yaml keys, templates, taxonomy terms, links, anchors). A wrong hint
//! is worse than none: on the Hugo docs a similarity score sent
//! `expiryDate` to `extra` and `details` to `date`. So a candidate is offered
//! only when it is the same word in other letter case, a plain extension or
//! shortening of it (`tag` → `tags`), or a typo away: at most one edit
//! (an insertion, deletion, change or swap of two neighbours) for every
//! four letters of the shorter word, and none for words under four letters.

/// How far a candidate may be from `wrong` to be offered, or None when it
/// is too far. 0 is the best match.
fn distance(wrong: &str, candidate: &str) -> Option<usize> {
    let a = wrong.to_lowercase();
    let b = candidate.to_lowercase();
    if a == b {
        return Some(0);
    }
    let (len_a, len_b) = (a.chars().count(), b.chars().count());
    let shorter = len_a.min(len_b);
    let longer = len_a.max(len_b);
    let extends = a.starts_with(&b) || b.starts_with(&a);
    if extends && shorter >= 3 && shorter * 2 >= longer {
        return Some(longer - shorter);
    }
    let allowed = if shorter < 4 { 0 } else { (shorter / 4).max(1) };
    let edits = strsim::damerau_levenshtein(&a, &b);
    (edits <= allowed).then_some(edits)
}

/// The candidate closest to `wrong`, if it is close enough to be a likely
/// typo; of equally close ones, the first.
pub(crate) fn did_you_mean<'a>(
    wrong: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    let mut best: Option<(usize, &'a str)> = None;
    for candidate in candidates {
        if candidate == wrong {
            continue;
        }
        if let Some(d) = distance(wrong, candidate)
            && best.is_none_or(|(b, _)| d < b)
        {
            best = Some((d, candidate));
        }
    }
    best.map(|(_, c)| c)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The page keys, the section keys and the taxonomies of a typical site.
    const KNOWN: &[&str] = &[
        "title",
        "description",
        "date",
        "updated",
        "reviewed",
        "author",
        "slug",
        "draft",
        "weight",
        "aliases",
        "template",
        "extra",
        "sort_by",
        "paginate",
        "tags",
        "categories",
    ];

    #[test]
    fn typos_case_and_plurals_get_a_hint() {
        for (wrong, right) in [
            ("titel", "title"),
            ("descripton", "description"),
            ("tag", "tags"),
            ("Date", "date"),
            ("TITLE", "title"),
            ("wieght", "weight"),
            ("alias", "aliases"),
            ("categorie", "categories"),
            ("sortby", "sort_by"),
            ("smrt", "smart"),
            ("base_ur", "base_url"),
        ] {
            let known = KNOWN.iter().copied().chain(["smart", "base_url"]);
            assert_eq!(did_you_mean(wrong, known), Some(right), "{wrong}");
        }
    }

    /// The keys of the Hugo docs' front matter, none of which is a typo of
    /// a mekong key: every hint here was once given, and wrong.
    #[test]
    fn unrelated_keys_get_no_hint() {
        for wrong in [
            "expiryDate",
            "details",
            "keywords",
            "params",
            "linkTitle",
            "lastmod",
            "publishDate",
            "layout",
            "type",
            "url",
            "menu",
            "toc",
            "outputs",
            "series",
            "summary",
            "headless",
            "cascade",
            "identifier",
            "images",
            "sitemap",
            "build",
            "markup",
            "action",
            "signatures",
            "related",
        ] {
            assert_eq!(did_you_mean(wrong, KNOWN.iter().copied()), None, "{wrong}");
        }
    }

    /// A Hugo config.yaml read as site.yaml, and a Hugo `_index.md` read as
    /// a section: the right hints, and none where nothing fits.
    #[test]
    fn hugo_config_and_section_keys_get_a_hint_only_where_one_fits() {
        let site = [
            "title",
            "description",
            "author",
            "base_url",
            "default_language",
            "languages",
            "theme",
            "timezone",
            "taxonomies",
            "feeds",
            "feed_limit",
            "stale_after_days",
            "search",
            "extra",
        ];
        for (wrong, right) in [
            ("baseURL", "base_url"),
            ("timeZone", "timezone"),
            ("feed", "feeds"),
        ] {
            assert_eq!(did_you_mean(wrong, site), Some(right), "{wrong}");
        }
        for wrong in [
            "languageCode",
            "defaultContentLanguage",
            "params",
            "menus",
            "markup",
            "outputs",
            "module",
            "related",
            "minify",
            "imaging",
            "security",
            "services",
            "copyright",
            "enableGitInfo",
            "summaryLength",
            "paginate",
        ] {
            assert_eq!(did_you_mean(wrong, site), None, "{wrong}");
        }
        let section = [
            "title",
            "description",
            "sort_by",
            "paginate",
            "template",
            "weight",
            "extra",
            "draft",
        ];
        for wrong in [
            "linkTitle",
            "keywords",
            "menu",
            "aliases",
            "layout",
            "cascade",
            "type",
            "url",
            "date",
        ] {
            assert_eq!(did_you_mean(wrong, section), None, "{wrong}");
        }
    }

    #[test]
    fn short_words_need_case_or_an_extension() {
        assert_eq!(did_you_mean("id", ["ad", "it"]), None);
        assert_eq!(did_you_mean("toc", ["top", "tic"]), None);
        assert_eq!(did_you_mean("ID", ["id"]), Some("id"));
        assert_eq!(did_you_mean("zzzz", ["title", "date"]), None);
    }

    #[test]
    fn the_closest_wins_and_the_word_itself_is_no_hint() {
        assert_eq!(did_you_mean("dates", ["date", "dated"]), Some("date"));
        assert_eq!(did_you_mean("title", ["title"]), None);
    }
}
