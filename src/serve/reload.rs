//! Live reload over server-sent events: every served HTML page gets a
//! small script that listens on `/__mekong/events`; after a rebuild the
//! server says which outputs changed, and a page reloads itself when it is
//! one of them (or when a stylesheet, image or other file changed, or an
//! error overlay is up). A failed rebuild sends the overlay, which the
//! script puts up at once. Server-sent events need no handshake and no
//! library, and the browser reconnects by itself when the server restarts.
//!
//! Each event carries a generation number that grows with every rebuild;
//! a page knows the one it was served at, so one that missed an event while
//! disconnected reloads when it reconnects.

use std::io::Write;
use std::sync::mpsc::{Receiver, RecvTimeoutError, Sender, channel};
use std::time::Duration;

/// Where the script listens, outside any base_url prefix.
pub(crate) const EVENTS_PATH: &str = "/__mekong/events";

/// Past this many changed outputs an event says "everything" instead.
const LIST_LIMIT: usize = 500;

/// Open event streams kept at most. Each holds a socket (no thread); past
/// this the oldest is closed, and its browser reconnects by itself, so
/// streams opened and left open cannot exhaust the process's files.
pub const MAX_LISTENERS: usize = 256;

/// A comment line now and then tells a dead connection from a quiet one.
const HEARTBEAT: Duration = Duration::from_secs(15);

/// The script injected into served HTML; `{GEN}` and `{PREFIX}` are filled
/// in per page.
const SCRIPT: &str = r#"<script>/* mekong serve: live reload */
(function () {
  var gen = {GEN}, prefix = {PREFIX}, overlayId = {OVERLAY_ID};
  var path = decodeURIComponent(location.pathname);
  var mine = path.indexOf(prefix) === 0 ? path.slice(prefix.length) : path.replace(/^\//, "");
  if (mine === "" || mine.slice(-1) === "/") mine += "index.html";
  function shows(changed) {
    if (changed === null || document.getElementById(overlayId)) return true;
    return changed.some(function (p) { return p === mine || !/\.html?$/.test(p); });
  }
  var source = new EventSource("/__mekong/events");
  source.addEventListener("hello", function (e) {
    if (JSON.parse(e.data).gen !== gen) location.reload();
  });
  source.addEventListener("reload", function (e) {
    var data = JSON.parse(e.data);
    if (shows(data.changed)) location.reload(); else gen = data.gen;
  });
  source.addEventListener("overlay", function (e) {
    var data = JSON.parse(e.data);
    gen = data.gen;
    var old = document.getElementById(overlayId);
    if (old) old.remove();
    document.body.insertAdjacentHTML("beforeend", data.html);
  });
})();
</script>"#;

/// The reload script for a page served at `generation`.
pub(crate) fn script(generation: u64, prefix: &str) -> String {
    SCRIPT
        .replace("{GEN}", &generation.to_string())
        .replace("{PREFIX}", &json_string(prefix))
        .replace("{OVERLAY_ID}", &json_string(super::overlay::ID))
}

/// The "reload" event after a good rebuild.
pub(crate) fn reload_event(generation: u64, changed: &[String], removed: &[String]) -> String {
    let list = if changed.len() + removed.len() > LIST_LIMIT {
        "null".to_string()
    } else {
        let items: Vec<String> = changed
            .iter()
            .chain(removed)
            .map(|p| json_string(p))
            .collect();
        format!("[{}]", items.join(","))
    };
    event(
        "reload",
        &format!(r#"{{"gen":{generation},"changed":{list}}}"#),
    )
}

/// The "overlay" event after a failed rebuild.
pub(crate) fn overlay_event(generation: u64, html: &str) -> String {
    event(
        "overlay",
        &format!(r#"{{"gen":{generation},"html":{}}}"#, json_string(html)),
    )
}

/// The "hello" event a new listener gets first.
pub(crate) fn hello_event(generation: u64) -> String {
    event("hello", &format!(r#"{{"gen":{generation}}}"#))
}

fn event(name: &str, data: &str) -> String {
    // `data` is one line of JSON: serde_json escapes line breaks.
    format!("event: {name}\ndata: {data}\n\n")
}

/// A JSON string literal, also safe inside a <script> element.
fn json_string(text: &str) -> String {
    serde_json::to_string(text)
        .unwrap_or_else(|_| "\"\"".into())
        .replace("</", "<\\/")
}

enum Message {
    Join(Box<dyn Write + Send>),
    Send(String),
}

/// The open event streams. One thread writes to them all, so a slow
/// browser never holds up a rebuild; a stream that takes no bytes for the
/// write timeout it came with is dropped.
#[derive(Clone)]
pub(crate) struct Hub {
    tx: Sender<Message>,
}

impl Hub {
    pub fn start() -> Hub {
        let (tx, rx) = channel();
        std::thread::spawn(move || serve_listeners(&rx));
        Hub { tx }
    }

    /// Adds a listener whose response head and first event are written.
    pub fn join(&self, stream: Box<dyn Write + Send>) {
        let _ = self.tx.send(Message::Join(stream));
    }

    pub(crate) fn send(&self, event: String) {
        let _ = self.tx.send(Message::Send(event));
    }
}

fn serve_listeners(rx: &Receiver<Message>) {
    let mut listeners: Vec<Box<dyn Write + Send>> = Vec::new();
    loop {
        let bytes = match rx.recv_timeout(HEARTBEAT) {
            Ok(Message::Join(stream)) => {
                if listeners.len() >= MAX_LISTENERS {
                    listeners.remove(0);
                }
                listeners.push(stream);
                continue;
            }
            Ok(Message::Send(event)) => event,
            Err(RecvTimeoutError::Timeout) => ": still here\n\n".to_string(),
            Err(RecvTimeoutError::Disconnected) => return,
        };
        // A listener that cannot be written to has gone.
        listeners.retain_mut(|l| {
            l.write_all(bytes.as_bytes())
                .and_then(|()| l.flush())
                .is_ok()
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn events_are_one_line_of_json_each() {
        let e = reload_event(3, &["guides/新/index.html".into()], &["old.html".into()]);
        assert_eq!(
            e,
            "event: reload\ndata: {\"gen\":3,\"changed\":[\"guides/新/index.html\",\"old.html\"]}\n\n"
        );
        let e = overlay_event(4, "<div>\nline</div>");
        assert_eq!(e.matches('\n').count(), 3, "{e}");
        let many: Vec<String> = (0..LIST_LIMIT + 1).map(|i| i.to_string()).collect();
        assert!(reload_event(5, &many, &[]).contains("\"changed\":null"));
    }

    #[test]
    fn script_cannot_be_closed_by_a_prefix() {
        let s = script(1, "/</script><b>/");
        assert!(!s.contains("</script><b>"));
        assert!(s.contains("var gen = 1,"));
    }
}
