//! HTTP: request path → a file of the rendered site, in memory.
//!
//! Connections, limits and timeouts are `conn`'s; this module only routes
//! a request and makes its response. Live-reload streams are handed to
//! the reload hub, so they hold no thread.
//!
//! Paths never reach the file system: a request path is percent-decoded
//! once, strictly, and must then be plain segments (no `.`, `..`, empty
//! segments, backslashes or control characters: 400); it is only ever
//! looked up as a key of the rendered site. Double encoding stays encoded
//! (`%252e%252e` is a segment named `%2e%2e`, and no such file exists).

use std::fs::File;
use std::io::{self, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::path::Path;
use std::sync::Arc;

use super::Live;
use super::conn::{self, Answer};
use super::head::Request;
use super::reload;
use super::response::{Body, Response};
use crate::output::Content;
use crate::source::ThemeFile;
use crate::url::percent_decode_strict;

/// What a request path asks for.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum Route {
    /// The live-reload event stream.
    Events,
    /// An output of the site, by its path in the output.
    File(String),
    /// Elsewhere: a folder without its slash, or the site's prefix.
    Redirect(String),
    NotFound,
    BadRequest,
}

/// Routes `target` (the request line's target, as sent) for a site under
/// `prefix` ("/" or "/docs/") whose outputs `has` tells.
pub(crate) fn route(target: &str, prefix: &str, has: impl Fn(&str) -> bool) -> Route {
    let target = target.split(['?', '#']).next().unwrap_or("");
    // The absolute form (`GET http://host/x HTTP/1.1`) names a path too.
    let raw = match target
        .strip_prefix("http://")
        .or_else(|| target.strip_prefix("https://"))
    {
        Some(rest) => rest.find('/').map_or("/", |i| &rest[i..]),
        None => target,
    };
    if raw == reload::EVENTS_PATH {
        return Route::Events;
    }
    let Some(path) = percent_decode_strict(raw).filter(|p| is_plain(p)) else {
        return Route::BadRequest;
    };
    let prefix = percent_decode_strict(prefix).unwrap_or_else(|| "/".into());
    let Some(rel) = path.strip_prefix(prefix.as_str()) else {
        return if path == "/" || format!("{path}/") == prefix {
            Route::Redirect(encode(&prefix))
        } else {
            Route::NotFound
        };
    };
    if rel.is_empty() || rel.ends_with('/') {
        let key = crate::url::index_file(rel);
        return if has(&key) {
            Route::File(key)
        } else {
            Route::NotFound
        };
    }
    if has(rel) {
        Route::File(rel.to_string())
    } else if has(&crate::url::index_file(rel)) {
        Route::Redirect(encode(&format!("{path}/")))
    } else {
        Route::NotFound
    }
}

/// An absolute path of plain segments: no `.` or `..`, no empty segment
/// but a trailing one, no backslash or control character.
fn is_plain(path: &str) -> bool {
    let Some(rest) = path.strip_prefix('/') else {
        return false;
    };
    if path.chars().any(|c| c == '\\' || c.is_control()) {
        return false;
    }
    let segments: Vec<&str> = rest.split('/').collect();
    let last = segments.len() - 1;
    segments
        .iter()
        .enumerate()
        .all(|(i, s)| !matches!(*s, "." | "..") && (!s.is_empty() || i == last))
}

/// A decoded path made fit for a Location header again.
fn encode(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for byte in path.bytes() {
        if byte.is_ascii_alphanumeric() || b"/-._~!$&'()*+,;=:@".contains(&byte) {
            out.push(byte as char);
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

/// Content-Type of an output. mime_guess knows the extensions a site may
/// carry (fonts, web manifests, WebAssembly, images of every kind), which a
/// table of our own would miss; text gets an explicit UTF-8 charset, as
/// every file mekong renders is UTF-8.
pub(crate) fn content_type(path: &str) -> String {
    let mime = mime_guess::from_path(path).first_or_octet_stream();
    let essence = mime.essence_str();
    let textual = mime.type_() == mime_guess::mime::TEXT
        || matches!(
            essence,
            "application/javascript" | "application/json" | "application/xml" | "image/svg+xml"
        )
        || essence.ends_with("+xml");
    if textual {
        format!("{essence}; charset=utf-8")
    } else {
        essence.to_string()
    }
}

fn is_html(path: &str) -> bool {
    path.ends_with(".html") || path.ends_with(".htm")
}

pub struct Server {
    listener: TcpListener,
    addr: SocketAddr,
}

impl Server {
    /// Listens on `bind:port` (port 0: any free port).
    pub fn bind(bind: &str, port: u16) -> io::Result<Server> {
        let listener = TcpListener::bind((bind, port))?;
        let addr = listener.local_addr()?;
        Ok(Server { listener, addr })
    }

    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// Answers requests from `live` on a thread of its own, until the
    /// process ends.
    pub fn start(self, live: &Arc<Live>) -> io::Result<()> {
        let live = Arc::clone(live);
        let handler: conn::Handler = Arc::new(move |request: &Request| answer(request, &live));
        std::thread::Builder::new()
            .name("mekong-accept".into())
            .spawn(move || conn::accept(&self.listener, &handler))
            .map(drop)
    }
}

fn answer(request: &Request, live: &Arc<Live>) -> Answer {
    if !matches!(request.method.as_str(), "GET" | "HEAD") {
        let response = Response::new(405, "only GET and HEAD\n").header("Allow", "GET, HEAD");
        return Answer::Respond(response);
    }
    let prefix = live.prefix();
    let outputs = live.outputs.read().unwrap_or_else(|e| e.into_inner());
    let route = route(&request.target, &prefix, |key| outputs.get(key).is_some());
    let (status, path) = match route {
        Route::Events => {
            let live = Arc::clone(live);
            return Answer::TakeOver(Box::new(move |stream| stream_events(stream, &live)));
        }
        Route::Redirect(location) => {
            let response = Response::new(301, "")
                .header("Location", location)
                .header("Cache-Control", "no-store");
            return Answer::Respond(response);
        }
        Route::BadRequest => return Answer::Respond(Response::new(400, "bad request path\n")),
        Route::File(path) => (200, path),
        Route::NotFound => (404, "404.html".to_string()),
    };
    let body = match outputs.get(&path) {
        Some(Content::File(source) | Content::Theme(ThemeFile::Disk(source)))
            if !is_html(&path) =>
        {
            open(source)
        }
        Some(content) => content.bytes().ok().map(|b| Body::Bytes(b.into_owned())),
        None => None,
    };
    drop(outputs);
    let (status, path, body) = match body {
        Some(body) => (status, path, body),
        // No 404.html (or nothing built yet): a page of our own, which
        // still carries the overlay and the reload script.
        None => {
            let code = if live.has_site() { status } else { 500 };
            let text = if code == 500 {
                "The site has not built yet."
            } else {
                "Not found."
            };
            let page = format!(
                "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>{code}</title></head><body><p>{text}</p></body></html>"
            );
            (code, "404.html".to_string(), Body::Bytes(page.into_bytes()))
        }
    };
    let body = match body {
        Body::Bytes(page) if is_html(&path) => Body::Bytes(live.inject(page)),
        body => body,
    };
    let response = Response {
        status,
        headers: Vec::new(),
        body,
    }
    .header("Content-Type", content_type(&path))
    .header("Cache-Control", "no-store")
    .header("X-Content-Type-Options", "nosniff");
    Answer::Respond(response)
}

/// A file the site copies as it is (a static file, a page's image), to be
/// sent from disk; `None` when it is gone since the build.
fn open(source: &Path) -> Option<Body> {
    let file = File::open(source).ok()?;
    let len = file.metadata().ok()?.len();
    Some(Body::File(file, len))
}

/// Writes the event stream's head and first event, then hands the
/// connection to the hub. The stream has no length, so it ends with the
/// connection; requests pipelined after it are not answered.
fn stream_events(mut stream: TcpStream, live: &Live) {
    let head = concat!(
        "HTTP/1.1 200 OK\r\n",
        "Content-Type: text/event-stream; charset=utf-8\r\n",
        "Cache-Control: no-store\r\n",
        "Connection: close\r\n\r\n",
        "retry: 500\n\n",
    );
    let hello = reload::hello_event(live.generation());
    let started = stream
        .write_all(head.as_bytes())
        .and_then(|()| stream.write_all(hello.as_bytes()))
        .and_then(|()| stream.flush());
    if started.is_ok() {
        live.hub.join(Box::new(stream));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(target: &str) -> Route {
        let files = [
            "index.html",
            "guides/x/index.html",
            "style.css",
            "指南/index.html",
            "404.html",
        ];
        route(target, "/", |key| files.contains(&key))
    }

    #[test]
    fn paths_lead_to_outputs() {
        assert_eq!(at("/"), Route::File("index.html".into()));
        assert_eq!(at("/guides/x/"), Route::File("guides/x/index.html".into()));
        assert_eq!(
            at("/guides/x/?q=1#top"),
            Route::File("guides/x/index.html".into())
        );
        assert_eq!(at("/guides/x"), Route::Redirect("/guides/x/".into()));
        assert_eq!(at("/style.css"), Route::File("style.css".into()));
        assert_eq!(
            at("/%E6%8C%87%E5%8D%97/"),
            Route::File("指南/index.html".into())
        );
        assert_eq!(
            at("/%E6%8C%87%E5%8D%97"),
            Route::Redirect("/%E6%8C%87%E5%8D%97/".into())
        );
        assert_eq!(at("/nope/"), Route::NotFound);
        assert_eq!(
            at("http://127.0.0.1:1111/style.css"),
            Route::File("style.css".into())
        );
        assert_eq!(at("/__mekong/events"), Route::Events);
    }

    #[test]
    fn traversal_never_leaves_the_site() {
        for bad in [
            "/../etc/passwd",
            "/guides/../../etc/passwd",
            "/%2e%2e/etc/passwd",
            "/%2E%2E%2Fetc%2Fpasswd",
            "/..%2fetc%2fpasswd",
            "/..\\..\\etc\\passwd",
            "/%5c..%5cetc",
            "/./index.html",
            "//etc/passwd",
            "/guides//x/",
            "/%00",
            "/%zz",
            "/%e6%8c",
            "*",
            "etc/passwd",
        ] {
            assert_eq!(at(bad), Route::BadRequest, "{bad}");
        }
        // Decoded once: a double-encoded dot stays a name, and no such file exists.
        assert_eq!(at("/%252e%252e/etc/passwd"), Route::NotFound);
        assert_eq!(at("/%252e%252e%252fetc"), Route::NotFound);
    }

    #[test]
    fn a_prefix_is_honoured() {
        let has = |key: &str| key == "index.html" || key == "guides/x/index.html";
        assert_eq!(route("/", "/docs/", has), Route::Redirect("/docs/".into()));
        assert_eq!(
            route("/docs", "/docs/", has),
            Route::Redirect("/docs/".into())
        );
        assert_eq!(
            route("/docs/", "/docs/", has),
            Route::File("index.html".into())
        );
        assert_eq!(
            route("/docs/guides/x/", "/docs/", has),
            Route::File("guides/x/index.html".into())
        );
        assert_eq!(route("/guides/x/", "/docs/", has), Route::NotFound);
    }

    #[test]
    fn types_are_named_with_their_charset() {
        assert_eq!(content_type("a/index.html"), "text/html; charset=utf-8");
        assert_eq!(
            content_type("style.3f2a9c1b.css"),
            "text/css; charset=utf-8"
        );
        assert_eq!(content_type("atom.xml"), "text/xml; charset=utf-8");
        assert_eq!(content_type("favicon.svg"), "image/svg+xml; charset=utf-8");
        assert_eq!(content_type("map.jpg"), "image/jpeg");
        assert_eq!(content_type("font.woff2"), "font/woff2");
        assert_eq!(content_type("noext"), "application/octet-stream");
    }
}
