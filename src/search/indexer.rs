//! Documents in, the files of a Pagefind bundle out (in memory; `output`
//! writes them with the rest of the site).
//!
//! mekong writes the index itself, in Pagefind 1.6's format, instead of
//! running Pagefind's indexer: the same reading of each page (`digest`,
//! `page`, `words`), but every page read in parallel, each distinct word
//! split and stemmed once per thread (`cache`), nothing held twice, and
//! the files compressed at gzip level 6 rather than 9. Pagefind's own
//! code and WebAssembly (`assets`) make up the rest of the bundle; the
//! test `same_index_as_pagefind` checks the two indexes agree.

use std::collections::BTreeMap;

use rayon::prelude::*;
use serde::Serialize;

use super::assemble::{self, Builder};
use super::digest::Reader;
use super::documents::{Document, Documents};
use super::pack::{Packed, pack};
use super::page;
use super::words::WORD_SYMBOLS;

#[derive(Serialize)]
struct Entry<'a> {
    version: &'a str,
    languages: BTreeMap<&'a str, EntryLanguage<'a>>,
    include_characters: &'a [char],
}

#[derive(Serialize)]
struct EntryLanguage<'a> {
    hash: &'a str,
    wasm: Option<&'a str>,
    page_count: usize,
}

/// Pages read at a time: their words and fragments, packed, join their
/// language's index before the next ones are read, so what is held at
/// once is the index, not every page's text.
const BATCH: usize = 256;

/// The bundle's files, by path inside the bundle folder ("pagefind.js",
/// "index/en_1a2b.pf_index"), sorted by path.
/// Each document is dropped once read, so the documents and the index are
/// not held whole together.
pub fn index(documents: Documents) -> Result<Vec<(String, Vec<u8>)>, String> {
    let mut bundle = Bundle::default();
    let mut documents = documents.list.into_iter();
    loop {
        let batch: Vec<_> = documents.by_ref().take(BATCH).collect();
        if batch.is_empty() {
            break;
        }
        let packed: Vec<Packed> = batch.into_par_iter().filter_map(|doc| read(&doc)).collect();
        for page in packed {
            bundle.add(page);
        }
    }
    bundle.finish()
}

/// One document read as Pagefind reads a page and packed: `None` for a
/// page without a word (not in Pagefind's index either). Depends on the
/// document alone, so `pages` keeps it between indexes.
pub(crate) fn read(doc: &Document) -> Option<Packed> {
    let page = page::read(&doc.url, &Reader::read(&doc.html));
    (!page.words.is_empty()).then(|| pack(page))
}

/// The languages' indexes while packed pages come in, in site order.
#[derive(Default)]
pub(crate) struct Bundle {
    builders: BTreeMap<String, Builder>,
    unknown: Vec<Packed>,
}

impl Bundle {
    /// Adds the next page.
    pub(crate) fn add(&mut self, page: Packed) {
        if page.language == "unknown" {
            self.unknown.push(page);
            return;
        }
        let builder = self.builders.entry(page.language.clone());
        builder
            .or_insert_with_key(|lang| Builder::new(lang))
            .add(page);
    }

    /// The bundle's files, sorted by path.
    pub(crate) fn finish(mut self) -> Result<Vec<(String, Vec<u8>)>, String> {
        add_unknown(&mut self.builders, self.unknown);
        let builders = self.builders;
        let languages: Vec<String> = builders.keys().cloned().collect();
        let assets = super::assets::for_languages(&languages)?;
        let built: Vec<(String, assemble::Language)> = (builders.into_iter())
            .map(|(lang, builder)| (lang, builder.finish(&assets.version)))
            .collect();
        let entry = Entry {
            version: &assets.version,
            languages: (built.iter())
                .map(|(lang, built)| {
                    let wasm = assets.wasm.get(lang).and_then(|w| w.as_deref());
                    let hash = built.hash.as_str();
                    let page_count = built.page_count;
                    (
                        lang.as_str(),
                        EntryLanguage {
                            hash,
                            wasm,
                            page_count,
                        },
                    )
                })
                .collect(),
            include_characters: &WORD_SYMBOLS,
        };
        let entry = serde_json::to_vec(&entry).map_err(|e| e.to_string())?;
        let mut files: Vec<(String, Vec<u8>)> = assets.files.clone();
        files.push((ENTRY.to_string(), entry));
        files.extend(built.into_iter().flat_map(|(_, built)| built.files));
        files.sort_by(|a, b| a.0.cmp(&b.0));
        Ok(files)
    }
}

/// The file that names every other of the bundle (by their hashes): the
/// search script reads it first.
pub(crate) const ENTRY: &str = "pagefind-entry.json";

/// Pages without a language join, after its own, the language with the
/// most pages (Pagefind's rule), or make up "unknown".
fn add_unknown(builders: &mut BTreeMap<String, Builder>, unknown: Vec<Packed>) {
    if unknown.is_empty() {
        return;
    }
    let primary = (builders.iter())
        .max_by(|(a, x), (b, y)| x.page_count().cmp(&y.page_count()).then_with(|| b.cmp(a)))
        .map(|(lang, _)| lang.clone())
        .unwrap_or_else(|| "unknown".into());
    let builder = builders.entry(primary);
    let builder = builder.or_insert_with_key(|lang| Builder::new(lang));
    for page in unknown {
        builder.add(page);
    }
}

#[cfg(test)]
mod tests {
    use std::io::Read;

    use super::*;
    use pagefind::api::PagefindIndex;
    use pagefind::options::PagefindServiceConfig;

    /// Pagefind's own indexer on the same documents.
    fn pagefind_bundle(documents: &Documents) -> BTreeMap<String, Vec<u8>> {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap();
        let files = runtime.block_on(async {
            let config = PagefindServiceConfig::builder()
                .keep_index_url(false)
                .write_playground(false)
                .build();
            let mut index = PagefindIndex::new(Some(config)).unwrap();
            for doc in &documents.list {
                let url = Some(doc.url.clone());
                index
                    .add_html_file(None, url, doc.html.clone())
                    .await
                    .unwrap();
            }
            index.get_files().await.unwrap()
        });
        files
            .into_iter()
            .map(|f| (f.filename.to_string_lossy().replace('\\', "/"), f.contents))
            .filter(|(rel, _)| !rel.contains("-ui.") && !rel.contains("highlight"))
            .collect()
    }

    /// Compressed files as their content.
    fn opened(files: impl IntoIterator<Item = (String, Vec<u8>)>) -> BTreeMap<String, Vec<u8>> {
        let open = |(rel, bytes): (String, Vec<u8>)| {
            if !rel.ends_with(".pf_fragment")
                && !rel.ends_with(".pf_index")
                && !rel.ends_with(".pf_meta")
            {
                return (rel, bytes);
            }
            let mut content = Vec::new();
            flate2::read::GzDecoder::new(&bytes[..])
                .read_to_end(&mut content)
                .unwrap();
            (rel, content)
        };
        files.into_iter().map(open).collect()
    }

    fn doc(url: &str, lang: &str, title: &str, body: &str) -> Document {
        let html = format!(
            "<!DOCTYPE html><html lang=\"{lang}\"><head><title>{title}</title></head>\
             <body><h1>{title}</h1>{body}</body></html>"
        );
        Document {
            url: url.into(),
            html: super::super::khmer::separate_words_in_html(&html).into_owned(),
        }
    }

    fn sample() -> Documents {
        let mut list = vec![
            doc(
                "/en/a/",
                "en",
                "How to cancel a SIM &amp; e-SIM",
                "<p>Take your <strong>passport</strong> to an official shop.</p>\
                <h2 id=\"before-you-go\">Before you go</h2><ul><li>Check your balance: dial <code>*888#</code></li>\
                <li>Cancelled cards can&#39;t be re-activated — café, naïve, 🙂 emoji.</li></ul>\
                <p><img src=\"/img/a.png\" alt=\"A &quot;shop&quot;\"> sysconfig.is_python_build camelCaseWord 4G/LTE</p>\
                <table><thead><tr><th>Plan</th><th>Price</th></tr></thead><tbody><tr><td>Smart</td><td>$1.00</td></tr></tbody></table>\
                <blockquote><p>Note</p></blockquote><pre><code>let x = 1;\n</code></pre>\
                <h3 id=\"faq\">FAQ <a href=\"#x\">link</a></h3><p>Line<br>break</p><script>ignored()</script>",
            ),
            doc(
                "/en/b/",
                "en",
                "Top-up",
                "<p>Top up with a scratch card. Cancel anytime.</p>",
            ),
            doc(
                "/guides/top-up/",
                "zh",
                "如何充值",
                "<p>在便利店买充值卡，刮开涂层后拨打充值代码。</p><h2 id=\"步骤\">步骤</h2><p>带上护照去营业厅办理注销 Smart 4G。</p>",
            ),
            doc(
                "/km/a/",
                "km",
                "របៀបបិទស៊ីមកាត",
                "<p>យកលិខិតឆ្លងដែនទៅហាងផ្លូវការ។ កាបូបអេឡិចត្រូនិក</p>",
            ),
            doc(
                "/ja/a/",
                "ja",
                "ストア",
                "<p>カタカナのテキストとひらがな。</p>",
            ),
            doc("/empty/", "en", "", ""),
            Document {
                url: "/no-lang/".into(),
                html: "<html><body><h1>No language</h1><p>Merged into English.</p></body></html>"
                    .into(),
            },
            doc(
                "/en/edge/",
                "en",
                "Edges",
                "<P>Upper <B>case</B></P><ul><li>x</li><li>y</li></ul><hr>\
                <nav id=\"n\">nav text</nav><footer>foot</footer><div data-pagefind-ignore>hidden</div>\
                <!-- c --><span id=\"s\">inline <em>anchor</em> text</span>\
                <section id=\"sec\"><p>in section</p></section><p data-pagefind-weight=\"3\">heavy</p>\
                <details><summary>More</summary><p>inside</p></details><dl><dt>t</dt><dd>d</dd></dl>",
            ),
        ];
        for i in 0..40 {
            list.push(doc(
                &format!("/en/many/{i}/"),
                "en",
                &format!("Guide {i}"),
                &format!("<p>word{i} shared words appear on every page number {i}</p>"),
            ));
        }
        Documents { list }
    }

    #[test]
    fn same_index_as_pagefind() {
        let documents = sample();
        let ours = opened(index(documents.clone()).unwrap());
        let theirs = opened(pagefind_bundle(&documents));
        let fragments = |files: &BTreeMap<String, Vec<u8>>| -> BTreeMap<String, String> {
            (files.iter())
                .filter(|(rel, _)| rel.ends_with(".pf_fragment"))
                .map(|(_, b)| {
                    let json: serde_json::Value = serde_json::from_slice(&b[12..]).unwrap();
                    (json["url"].as_str().unwrap().to_string(), json.to_string())
                })
                .collect()
        };
        // Readable first: each page's text, anchors and title.
        let (a, b) = (fragments(&ours), fragments(&theirs));
        for (url, json) in &a {
            assert_eq!(json, &b[url], "{url}");
        }
        assert_eq!(
            ours.keys().collect::<Vec<_>>(),
            theirs.keys().collect::<Vec<_>>()
        );
        for (rel, bytes) in &ours {
            let text = |b: &[u8]| String::from_utf8_lossy(b).into_owned();
            assert_eq!(text(bytes), text(&theirs[rel]), "{rel}");
        }
    }

    #[test]
    fn same_bytes_from_the_same_documents() {
        let documents = sample();
        let once = index(documents.clone()).unwrap();
        super::super::cache::forget();
        assert_eq!(once, index(documents).unwrap());
    }
}
