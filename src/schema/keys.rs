//! What each key of site.yaml and of front matter holds, as JSON Schema,
//! with the description an editor shows while typing. Which keys exist is
//! not decided here: `mod.rs` walks the parser's own key lists and asks this
//! table for each, so a key the parser gains without an entry here is a
//! failing unit test, not a quietly missing line in the schema.

use serde_json::{Value, json};

use crate::config::SortBy;

/// The values of `front_matter: { unknown_keys: … }`.
pub(super) const UNKNOWN_KEYS_VALUES: &[&str] = &["error", "extra"];

fn string(description: &str) -> Value {
    json!({ "type": "string", "description": description })
}

fn boolean(description: &str) -> Value {
    json!({ "type": "boolean", "description": description })
}

fn whole(description: &str) -> Value {
    json!({ "type": "integer", "minimum": 0, "description": description })
}

fn strings(description: &str) -> Value {
    json!({ "type": "array", "items": { "type": "string" }, "description": description })
}

fn object(description: &str) -> Value {
    json!({ "type": "object", "description": description })
}

/// `YYYY-MM-DD`, or with a time (RFC 3339, or local to the site's zone).
fn timestamp(description: &str) -> Value {
    json!({
        "type": "string",
        "pattern": r"^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})?)?$",
        "description": description,
    })
}

pub(super) fn sort_by(description: &str) -> Value {
    let names: Vec<&str> = SortBy::ALL.iter().map(|order| order.name()).collect();
    json!({ "type": "string", "enum": names, "description": description })
}

/// A key of site.yaml; none for a key this table does not know.
pub(super) fn site(key: &str) -> Option<Value> {
    Some(match key {
        "title" => string("The site's name, in the default language."),
        "description" => string("One sentence about the site (feeds, meta description)."),
        "author" => string("The default author of pages and feeds."),
        "base_url" => json!({
            "type": "string",
            "pattern": "^https?://",
            "description": "Where the site is published, such as https://example.org/docs/; its path prefixes every URL.",
        }),
        "default_language" => json!({
            "type": "string",
            "pattern": "^[A-Za-z][A-Za-z0-9-]{0,11}$",
            "default": "en",
            "description": "The language of files without a language code (en, zh, zh-CN); its pages have no /<lang>/ prefix.",
        }),
        "languages" => json!({
            "type": "object",
            "description": "The other languages: `code: { title, description }`.",
            "propertyNames": { "pattern": "^[A-Za-z][A-Za-z0-9-]{0,11}$" },
        }),
        "theme" => string("A folder of themes/ to render with; none: the site's own templates/."),
        "timezone" => string("IANA time zone of front-matter dates without one (Asia/Phnom_Penh)."),
        "taxonomies" => json!({
            "type": "array",
            "description": "Ways to group pages: a name (`- topics`) or `- name: operators` with options.",
        }),
        "feeds" => boolean("Write Atom feeds (default true)."),
        "feed_limit" => whole("Entries per feed (default 50)."),
        "page_weight_budget" => whole(
            "`mekong check` warns about a page heavier than this many kB on a 390 px phone screen: HTML, CSS, JS and the images it loads (default 500; 0: no limit).",
        ),
        "stale_after_days" => {
            whole("A guide whose `reviewed` date is older than this is flagged stale.")
        }
        "search" => boolean("Build a Pagefind search index and page (default false)."),
        "extra" => object("Anything for templates, as `site.extra`."),
        "front_matter" => json!({
            "type": "object",
            "description": "How front matter is read.",
            "properties": { "unknown_keys": {
                "type": "string",
                "enum": UNKNOWN_KEYS_VALUES,
                "default": "error",
                "description": "error: an unknown page or section key is an error; extra: it is kept under page.extra / section.extra.",
            } },
            "additionalProperties": false,
        }),
        "images" => json!({
            "description": "How content images are resized and cleaned; false copies them untouched.",
            "oneOf": [
                { "const": false },
                {
                    "type": "object",
                    "properties": {
                        "widths": { "type": "array", "items": { "type": "integer", "minimum": 1, "maximum": 8192 }, "default": [480, 960, 1600] },
                        "quality": { "type": "integer", "minimum": 1, "maximum": 100, "default": 80 },
                        "formats": { "type": "array", "items": { "enum": ["webp"] }, "default": ["webp"] },
                        "keep_metadata": { "type": "boolean", "default": false },
                        "keep_original": { "type": "boolean", "default": true },
                    },
                    "additionalProperties": false,
                },
            ],
        }),
        _ => return None,
    })
}

/// A key of one language under `languages:`.
pub(super) fn language(key: &str) -> Option<Value> {
    Some(match key {
        "title" => string("The site's name in this language (default: the site title)."),
        "description" => string("The site's description in this language."),
        _ => return None,
    })
}

/// A key of one taxonomy given as a mapping.
pub(super) fn taxonomy(key: &str) -> Option<Value> {
    Some(match key {
        "name" => string("The front-matter key and URL folder of the taxonomy."),
        "closed" => boolean("Only terms with a profile (content/<name>/<term>.md) may be used."),
        "feed" => boolean("Write an Atom feed per term."),
        "paginate" => whole("Pages per term page; 0: one page."),
        "sort_by" => sort_by("The order of a term's pages (default date)."),
        _ => return None,
    })
}

/// A key of a page's, a section's (`_index.md`) or a term profile's front
/// matter; `section` picks the wording where the two differ.
pub(super) fn front_matter(key: &str, section: bool) -> Option<Value> {
    Some(match key {
        "title" => string("The title, shown as the heading and in lists."),
        "description" => string("A one-sentence summary (meta description, lists, feeds)."),
        "date" => timestamp("When it was published: YYYY-MM-DD or RFC 3339."),
        "updated" => timestamp("When it was last changed: YYYY-MM-DD or RFC 3339."),
        "reviewed" => json!({
            "type": "string",
            "pattern": r"^\d{4}-\d{2}-\d{2}([T ].*)?$",
            "description": "When its facts were last checked (YYYY-MM-DD); see stale_after_days.",
        }),
        "author" => string("The author, replacing site.yaml's."),
        "slug" => string("The last part of the URL, replacing the one made from the file name."),
        "draft" => boolean("Left out of the build unless --drafts is given."),
        "weight" => {
            json!({ "type": "integer", "description": "Order when sorted by weight: lightest first." })
        }
        "aliases" => strings("Old URLs that redirect here."),
        "template" => string("The template to render with, replacing the default."),
        "image" => string(
            "The picture link previews show (og:image): a path relative to the page, like a Markdown image, or a URL. Default: the page's first content image.",
        ),
        "extra" => object("Anything for templates, as `page.extra` / `section.extra`."),
        "sort_by" if section => sort_by("The order of the section's pages (default date)."),
        "paginate" if section => whole("Pages per list page; 0: one page."),
        "facts" => json!({
            "type": "object",
            "description": "Facts readers act on (a term profile's, or the home page's for the site's own), key → fact; guides show them with {{ fact(operator=…, key=…) }}.",
            "propertyNames": { "pattern": "^[a-z0-9_]+$" },
            "additionalProperties": {
                "type": "object",
                "properties": {
                    "value": { "type": ["string", "number"], "description": "What the reader dials or reads; required in the default language's file." },
                    "status": { "enum": ["confirmed", "unconfirmed"], "description": "Default language's file only." },
                    "source": { "type": "string", "pattern": "^https?://", "description": "The page that states it; required when confirmed." },
                    "checked": { "type": "string", "pattern": r"^\d{4}-\d{2}-\d{2}$", "description": "When it was last compared with its source; required when confirmed." },
                    "label": { "type": "string", "description": "What the fact is." },
                },
                "additionalProperties": false,
            },
        }),
        _ => return None,
    })
}

/// A taxonomy's key in a page's front matter.
pub(super) fn terms(name: &str) -> Value {
    json!({
        "type": "array",
        "items": { "type": "string" },
        "description": format!("The {name} this page belongs to (site.yaml `taxonomies`)."),
    })
}
