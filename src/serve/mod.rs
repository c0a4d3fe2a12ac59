//! `serve`: the site rendered in memory and served over HTTP, with live
//! reload and a build-error overlay. public/ is never touched.
//!
//! `conn` holds connections within bounds, `head` reads requests off them
//! and `response` writes answers onto them; `http` answers requests from
//! the last good build, `reload` keeps the browsers' event streams,
//! `overlay` shows a failed build. `Live` is what
//! they share with the watch loop: the outputs, the base URL prefix, a
//! generation number that grows with every rebuild, and the overlay while
//! an error stands; every HTML page served meanwhile carries it, so a
//! reload or a new tab shows it too, over the last good content.

pub mod conn;
pub mod head;
pub mod http;
pub(crate) mod overlay;
pub mod reload;
pub(crate) mod response;
mod timing;

use std::sync::{Arc, RwLock};

use crate::diagnostics::Diagnostics;
use crate::watch::SharedOutputs;

pub struct Live {
    outputs: SharedOutputs,
    state: RwLock<State>,
    hub: reload::Hub,
}

struct State {
    prefix: String,
    generation: u64,
    overlay: Option<String>,
    has_site: bool,
}

impl Live {
    pub fn new(outputs: SharedOutputs) -> Arc<Live> {
        Arc::new(Live {
            outputs,
            state: RwLock::new(State {
                prefix: "/".into(),
                generation: 0,
                overlay: None,
                has_site: false,
            }),
            hub: reload::Hub::start(),
        })
    }

    fn read(&self) -> std::sync::RwLockReadGuard<'_, State> {
        self.state.read().unwrap_or_else(|e| e.into_inner())
    }

    fn write(&self) -> std::sync::RwLockWriteGuard<'_, State> {
        self.state.write().unwrap_or_else(|e| e.into_inner())
    }

    /// The base URL path prefix the site is served under.
    pub fn prefix(&self) -> String {
        self.read().prefix.clone()
    }

    pub(crate) fn generation(&self) -> u64 {
        self.read().generation
    }

    /// Whether a build has ever succeeded.
    pub(crate) fn has_site(&self) -> bool {
        self.read().has_site
    }

    /// After a good rebuild: clears the overlay and tells the browsers
    /// what changed.
    pub fn rebuilt(&self, prefix: &str, changed: &[String], removed: &[String]) {
        let generation = {
            let mut state = self.write();
            if changed.is_empty() && removed.is_empty() && state.overlay.is_none() {
                return;
            }
            state.generation += 1;
            state.prefix = prefix.to_string();
            state.overlay = None;
            state.has_site = true;
            state.generation
        };
        self.hub
            .send(reload::reload_event(generation, changed, removed));
    }

    /// After a failed rebuild: puts up the overlay, on open pages at once.
    pub fn failed(&self, diagnostics: &Diagnostics) {
        let html = overlay::html(diagnostics);
        let generation = {
            let mut state = self.write();
            state.generation += 1;
            state.overlay = Some(html.clone());
            state.generation
        };
        self.hub.send(reload::overlay_event(generation, &html));
    }

    /// A served HTML page with the overlay (while an error stands) and the
    /// reload script added before `</body>`.
    pub(crate) fn inject(&self, mut page: Vec<u8>) -> Vec<u8> {
        let added = {
            let state = self.read();
            let mut added = state.overlay.clone().unwrap_or_default();
            added.push_str(&reload::script(state.generation, &state.prefix));
            added
        };
        let at = rfind_ignore_case(&page, b"</body>").unwrap_or(page.len());
        page.splice(at..at, added.into_bytes());
        page
    }
}

fn rfind_ignore_case(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    (0..=haystack.len().checked_sub(needle.len())?)
        .rev()
        .find(|&i| haystack[i..i + needle.len()].eq_ignore_ascii_case(needle))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn script_goes_before_the_body_ends_and_overlay_only_while_failing() {
        let live = Live::new(SharedOutputs::default());
        let page = live.inject(b"<html><BODY><p>x</p></BODY></html>".to_vec());
        let page = String::from_utf8(page).unwrap();
        assert!(page.contains("<p>x</p><script>"), "{page}");
        assert!(page.ends_with("</script></BODY></html>"), "{page}");
        let overlay = format!("<div id=\"{}\"", overlay::ID);
        assert!(!page.contains(&overlay));

        live.failed(&Diagnostics::from(crate::diagnostics::Diagnostic::error(
            "site.yaml",
            "broken",
        )));
        let page = String::from_utf8(live.inject(b"<p>no body tag</p>".to_vec())).unwrap();
        assert!(page.starts_with("<p>no body tag</p><div id=\"mekong-error-overlay\""));
        assert!(page.contains("var gen = 1,"));

        live.rebuilt("/", &[], &[]);
        let page = String::from_utf8(live.inject(b"<body></body>".to_vec())).unwrap();
        assert!(!page.contains(&overlay), "a good build clears the overlay");
        assert_eq!(live.generation(), 2);
    }
}
