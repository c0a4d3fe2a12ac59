//! A page's template value: its fields, made once per build (or, for
//! `content`, `toc` and `translations`, per job when the shared values
//! leave them out: `own_fields`).

use serde::ser::{Serialize, SerializeSeq, SerializeStruct, Serializer};
use tera::{Map, Value};

use super::object::object;
use crate::dates;
use crate::markdown::{Body, Heading};
use crate::model::{Page, Site};

pub(super) fn toc_value(toc: &[Heading]) -> Value {
    // One serialization of the whole tree: each heading's fields go
    // straight into its map, instead of a `Value` made for each and then
    // passed through `object()` (4,000 headings at 1,000 pages: 11 M
    // instructions).
    match Value::try_from_serializable(&Toc(toc)) {
        Ok(value) => value,
        // Never seen: headings always serialize.
        Err(_) => Value::from(Vec::<Value>::new()),
    }
}

/// Headings nested by level: each heading's children are the deeper ones
/// after it. Serialized as a list of maps (`level`, `id`, `title`,
/// `children`).
struct Toc<'a>(&'a [Heading]);

impl Toc<'_> {
    /// Each top heading of the list with its children.
    fn siblings(&self) -> impl Iterator<Item = (&Heading, Toc<'_>)> {
        let items = self.0;
        let mut i = 0;
        std::iter::from_fn(move || {
            let heading = items.get(i)?;
            let end = items[i + 1..]
                .iter()
                .position(|h| h.level <= heading.level)
                .map_or(items.len(), |p| i + 1 + p);
            let children = Toc(&items[i + 1..end]);
            i = end;
            Some((heading, children))
        })
    }
}

impl Serialize for Toc<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut list = serializer.serialize_seq(Some(self.siblings().count()))?;
        for (heading, children) in self.siblings() {
            list.serialize_element(&Entry(heading, children))?;
        }
        list.end()
    }
}

struct Entry<'a>(&'a Heading, Toc<'a>);

impl Serialize for Entry<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let Entry(heading, children) = self;
        let mut map = serializer.serialize_struct("heading", 4)?;
        map.serialize_field("level", &heading.level)?;
        map.serialize_field("id", heading.id.as_str())?;
        map.serialize_field("title", heading.title.as_str())?;
        map.serialize_field("children", children)?;
        map.end()
    }
}

/// Days since `reviewed` when the page is stale; -1 when it has no
/// `reviewed` date although the site sets `stale_after_days`.
pub(crate) fn is_stale(site: &Site, page: &Page) -> Option<i64> {
    let days = i64::from(site.config.stale_after_days?);
    match page.reviewed {
        Some(reviewed) => {
            let age = i64::from(site.build_date.since(reviewed).ok()?.get_days());
            (age > days).then_some(age)
        }
        None => Some(-1),
    }
}

pub(crate) fn format_date(date: jiff::civil::Date, lang: &str) -> String {
    const EN: [&str; 12] = [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ];
    const KM: [&str; 12] = [
        "មករា",
        "កុម្ភៈ",
        "មីនា",
        "មេសា",
        "ឧសភា",
        "មិថុនា",
        "កក្កដា",
        "សីហា",
        "កញ្ញា",
        "តុលា",
        "វិច្ឆិកា",
        "ធ្នូ",
    ];
    let (y, m, d) = (date.year(), date.month() as usize, date.day());
    match lang.split('-').next().unwrap_or(lang) {
        "zh" | "ja" => format!("{y}年{m}月{d}日"),
        "km" => format!("{d} {} {y}", KM[m - 1]),
        _ => format!("{d} {} {y}", EN[m - 1]),
    }
}

pub(crate) fn page_value(
    site: &Site,
    page: &Page,
    body: &Body,
    html: String,
    term_refs: &[Vec<Value>],
) -> Value {
    let mut fields = page_fields(site, page, body, term_refs);
    add_own_fields(&mut fields, (site, page), &html, &body.toc);
    object(fields)
}

/// A page's other language versions, for its language switch.
pub(super) fn translations(site: &Site, page: &Page) -> Value {
    let base = &site.config.base_url;
    let translations: Vec<Value> = page
        .translations
        .iter()
        .map(|&t| {
            let other = &site.pages[t];
            object(vec![
                ("lang", other.file.lang.as_str().into()),
                ("title", other.title.as_str().into()),
                ("url", base.url(&other.path).into()),
                ("permalink", base.permalink(&other.path).into()),
            ])
        })
        .collect();
    translations.into()
}

/// A page's `content`, `toc` and `translations` (`own_fields::FIELDS`), in
/// their places among its other fields.
pub(super) fn add_own_fields(
    fields: &mut Vec<(&'static str, Value)>,
    (site, page): (&Site, &Page),
    html: &str,
    toc: &[Heading],
) {
    let after = |fields: &Vec<(&str, Value)>, key: &str| {
        fields
            .iter()
            .position(|(k, _)| *k == key)
            .map_or(fields.len(), |at| at + 1)
    };
    let at = after(fields, "image");
    fields.insert(at, ("content", Value::safe_string(html)));
    let at = after(fields, "summary");
    fields.insert(at, ("toc", toc_value(toc)));
    let at = after(fields, "taxonomies");
    fields.insert(at, ("translations", translations(site, page)));
}

/// Every field of a page's value but its `content`, `toc` and
/// `translations`: 28, so that its map has 32 slots, not 64 (2 KB a page).
pub(super) fn page_fields(
    site: &Site,
    page: &Page,
    body: &Body,
    term_refs: &[Vec<Value>],
) -> Vec<(&'static str, Value)> {
    let base = &site.config.base_url;
    let tz = &site.config.timezone;
    let lang = page.file.lang.as_str();
    let stale = is_stale(site, page);
    let r = body;
    vec![
        ("title", page.title.as_str().into()),
        (
            "title_in_body",
            (page.title_in_body || r.opens_with_title).into(),
        ),
        ("description", page.description.clone().into()),
        // An undated page: every date field is none, and themes show none.
        ("date", page.date.map(|d| dates::ymd(d, tz)).into()),
        (
            "date_display",
            page.date
                .map(|d| format_date(d.to_zoned_datetime(tz.clone()).date(), lang))
                .into(),
        ),
        ("date_rfc3339", page.date.map(dates::rfc3339).into()),
        ("updated", page.updated.map(|u| dates::ymd(u, tz)).into()),
        (
            "updated_rfc3339",
            page.updated.or(page.date).map(dates::rfc3339).into(),
        ),
        ("reviewed", page.reviewed.map(|d| d.to_string()).into()),
        (
            "reviewed_display",
            page.reviewed.map(|d| format_date(d, lang)).into(),
        ),
        ("stale", stale.is_some().into()),
        (
            "reviewed_days_ago",
            page.reviewed
                .and_then(|d| site.build_date.since(d).ok())
                .map(|s| s.get_days() as i64)
                .into(),
        ),
        ("author", page.author.clone().into()),
        ("slug", page.slug.as_str().into()),
        ("url", base.url(&page.path).into()),
        ("permalink", base.permalink(&page.path).into()),
        ("path", page.file.rel.as_str().into()),
        ("lang", lang.into()),
        ("draft", page.draft.into()),
        ("weight", page.weight.into()),
        ("extra", Value::from_serializable(&page.extra)),
        ("image", super::page_image::value(site, page, r)),
        (
            "summary",
            r.summary
                .as_deref()
                .map(Value::safe_string)
                .unwrap_or_else(Value::none),
        ),
        ("word_count", r.word_count.into()),
        ("reading_time", r.reading_time.into()),
        ("taxonomies", page_taxonomies(site, page, term_refs)),
        (
            "assets",
            page.assets
                .iter()
                .map(|a| base.url(a))
                .collect::<Vec<_>>()
                .into(),
        ),
        ("section", site.sections[page.section].dir.as_str().into()),
    ]
}

/// A page's terms by taxonomy name, each as its term reference.
pub(crate) fn page_taxonomies(site: &Site, page: &Page, term_refs: &[Vec<Value>]) -> Value {
    let mut taxonomies = Map::default();
    for (name, terms) in &page.terms {
        if let Some(t) = site.taxonomy_index(name, &page.file.lang) {
            let list: Vec<Value> = terms.iter().map(|&i| term_refs[t][i].clone()).collect();
            taxonomies.insert(name.clone().into(), list.into());
        }
    }
    Value::from(taxonomies)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_read_naturally_per_language() {
        let d = jiff::civil::date(2025, 5, 13);
        assert_eq!(format_date(d, "zh"), "2025年5月13日");
        assert_eq!(format_date(d, "en"), "13 May 2025");
        assert_eq!(format_date(d, "km"), "13 ឧសភា 2025");
    }

    /// The table of contents as the templates saw it when each heading
    /// was an `object()`: nested by level, fields and types the same.
    #[test]
    fn toc_is_the_nested_value_of_its_headings() {
        fn nest(items: &[Heading]) -> Vec<Value> {
            let mut out = Vec::new();
            let mut i = 0;
            while i < items.len() {
                let level = items[i].level;
                let end = items[i + 1..]
                    .iter()
                    .position(|h| h.level <= level)
                    .map_or(items.len(), |p| i + 1 + p);
                out.push(object(vec![
                    ("level", items[i].level.into()),
                    ("id", items[i].id.as_str().into()),
                    ("title", items[i].title.as_str().into()),
                    ("children", nest(&items[i + 1..end]).into()),
                ]));
                i = end;
            }
            out
        }
        let heading = |level: u8, id: &str| Heading {
            level,
            id: id.into(),
            title: format!("费用 {id} <b>"),
        };
        let tocs = [
            vec![],
            vec![heading(2, "a")],
            vec![
                heading(2, "a"),
                heading(3, "b"),
                heading(3, "c"),
                heading(2, "d"),
            ],
            vec![
                heading(4, "a"),
                heading(2, "b"),
                heading(6, "c"),
                heading(3, "d"),
                heading(1, "e"),
            ],
        ];
        for toc in tocs {
            let expected = Value::from(nest(&toc));
            let value = toc_value(&toc);
            assert_eq!(value, expected);
            // Displayed with their keys sorted, the kinds of values too.
            assert_eq!(value.to_string(), expected.to_string());
        }
    }
}
