//! What the search index is made from: one small HTML document per page,
//! built from the model rather than from the rendered page, so that only
//! the page's own words are indexed (not the header, footer or lists of
//! other guides) and a template edit leaves the documents, and so the
//! index, as they were.

use rayon::prelude::*;
use xxhash_rust::xxh3::Xxh3;

use super::khmer;
use crate::html::escape;
use crate::markdown::Body;
use crate::model::{Page, Site};

/// One page as Pagefind reads it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Document {
    /// Root-relative without base_url's prefix ("/en/guides/x/"): the
    /// search script adds the prefix it was loaded from, so the index
    /// does not change with the host or with `serve`'s address.
    pub url: String,
    /// `<html lang>` tells Pagefind which language's index the page joins.
    pub html: String,
}

/// Every page of a site to index, in the site's page order.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Documents {
    pub list: Vec<Document>,
}

impl Documents {
    /// Needs the pages' Markdown rendered (and not yet handed to the
    /// templates, which take the HTML out of the model).
    /// `bodies`: the pages' rendered Markdown, indexed like `site.pages`.
    pub fn collect(site: &Site, bodies: &[Body]) -> Documents {
        Documents {
            list: site
                .pages
                .par_iter()
                .zip(bodies)
                .map(|(page, body)| document(page, &body.html))
                .collect(),
        }
    }

    /// A hash of everything Pagefind is given; `salt` names how it is
    /// indexed (versions, options), so a change there counts too.
    pub(crate) fn hash(&self, salt: &str) -> String {
        hash_of(self.list.iter(), salt)
    }
}

/// `Documents::hash` of the documents `list`, in that order.
pub(crate) fn hash_of<'a>(list: impl Iterator<Item = &'a Document>, salt: &str) -> String {
    let mut hasher = Xxh3::new();
    hasher.update(salt.as_bytes());
    for doc in list {
        for part in [doc.url.as_bytes(), doc.html.as_bytes()] {
            hasher.update(&(part.len() as u64).to_le_bytes());
            hasher.update(part);
        }
    }
    format!("{:032x}", hasher.digest128())
}

/// The document of `page`, whose Markdown rendered to `body`.
pub(crate) fn document(page: &Page, body: &str) -> Document {
    let lang = &page.file.lang;
    let title = escape(&page.title);
    let description = page
        .description
        .as_deref()
        .filter(|d| !d.trim().is_empty())
        .map(|d| format!("<p>{}</p>", escape(d)))
        .unwrap_or_default();
    let html = format!(
        "<!DOCTYPE html><html lang=\"{lang}\"><head><title>{title}</title></head>\
         <body><h1>{title}</h1>{description}{body}</body></html>",
        lang = escape(lang),
        body = body,
    );
    Document {
        url: format!("/{}", page.path.trim_start_matches('/')),
        html: khmer::separate_words_in_html(&html).into_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(url: &str, html: &str) -> Document {
        Document {
            url: url.into(),
            html: html.into(),
        }
    }

    #[test]
    fn hash_sees_every_byte_and_every_boundary() {
        let a = Documents {
            list: vec![doc("/a/", "<p>x</p>"), doc("/b/", "<p>y</p>")],
        };
        let mut b = a.clone();
        assert_eq!(a.hash("s"), b.hash("s"));
        assert_ne!(a.hash("s"), a.hash("t"));
        b.list[1].html = "<p>z</p>".into();
        assert_ne!(a.hash("s"), b.hash("s"));
        // The same bytes split differently are different documents.
        let c = Documents {
            list: vec![doc("/a/", "<p>x</p>/b/"), doc("", "<p>y</p>")],
        };
        assert_ne!(a.hash("s"), c.hash("s"));
    }

    #[test]
    fn escape_keeps_text_text() {
        assert_eq!(escape(r#"<b> & "q""#), "&lt;b&gt; &amp; &quot;q&quot;");
    }
}
