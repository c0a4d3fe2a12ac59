//! HTTP: request path → a file of the rendered site, in memory.
//!
//! The stack is tiny_http: a small synchronous server (a handful of
//! dependencies, seconds to compile) that parses requests and keeps
//! connections alive, which is all a local preview needs; hyper on tokio
//! would add a runtime and five times the build time for nothing a browser
//! on the same machine would notice. Four worker threads answer requests;
//! live-reload streams are handed to the reload hub so they hold none.
//!
//! Paths never reach the file system: a request path is percent-decoded
//! once, strictly, and must then be plain segments (no `.`, `..`, empty
//! segments, backslashes or control characters: 400); it is only ever
//! looked up as a key of the rendered site. Double encoding stays encoded
//! (`%252e%252e` is a segment named `%2e%2e`, and no such file exists).

use std::io::{self, Write};
use std::net::SocketAddr;
use std::sync::Arc;

use tiny_http::{Header, Method, Request, Response, StatusCode};

use super::Live;
use super::reload;

/// Threads answering requests.
const WORKERS: usize = 4;

/// What a request path asks for.
#[derive(Debug, PartialEq, Eq)]
pub enum Route {
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
pub fn route(target: &str, prefix: &str, has: impl Fn(&str) -> bool) -> Route {
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
    let Some(path) = decode(raw).filter(|p| is_plain(p)) else {
        return Route::BadRequest;
    };
    let prefix = decode(prefix).unwrap_or_else(|| "/".into());
    let Some(rel) = path.strip_prefix(prefix.as_str()) else {
        return if path == "/" || format!("{path}/") == prefix {
            Route::Redirect(encode(&prefix))
        } else {
            Route::NotFound
        };
    };
    if rel.is_empty() || rel.ends_with('/') {
        let key = format!("{rel}index.html");
        return if has(&key) {
            Route::File(key)
        } else {
            Route::NotFound
        };
    }
    if has(rel) {
        Route::File(rel.to_string())
    } else if has(&format!("{rel}/index.html")) {
        Route::Redirect(encode(&format!("{path}/")))
    } else {
        Route::NotFound
    }
}

/// Percent-decodes `raw` once; `None` for a `%` not followed by two hex
/// digits, or bytes that are not UTF-8.
fn decode(raw: &str) -> Option<String> {
    let bytes = raw.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = bytes.get(i + 1..i + 3)?;
            let hex = std::str::from_utf8(hex).ok()?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
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
pub fn content_type(path: &str) -> String {
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
    http: Arc<tiny_http::Server>,
    addr: SocketAddr,
}

impl Server {
    /// Listens on `bind:port` (port 0: any free port).
    pub fn bind(bind: &str, port: u16) -> io::Result<Server> {
        let http = tiny_http::Server::http((bind, port)).map_err(io::Error::other)?;
        let addr = http
            .server_addr()
            .to_ip()
            .ok_or_else(|| io::Error::other("not an IP address"))?;
        Ok(Server {
            http: Arc::new(http),
            addr,
        })
    }

    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// Answers requests from `live` on worker threads, until the process ends.
    pub fn start(&self, live: &Arc<Live>) {
        for _ in 0..WORKERS {
            let (http, live) = (Arc::clone(&self.http), Arc::clone(live));
            std::thread::spawn(move || {
                loop {
                    // An error is one failed connection; the next may be fine.
                    if let Ok(request) = http.recv() {
                        answer(request, &live);
                    }
                }
            });
        }
    }
}

/// Adds a header; every value given is ASCII, and one that is not is left out.
fn with<R: io::Read>(response: Response<R>, name: &str, value: &str) -> Response<R> {
    match Header::from_bytes(name.as_bytes(), value.as_bytes()) {
        Ok(h) => response.with_header(h),
        Err(()) => response,
    }
}

fn answer(request: Request, live: &Live) {
    if !matches!(request.method(), Method::Get | Method::Head) {
        let response = Response::from_string("only GET and HEAD\n").with_status_code(405);
        let response = with(response, "Allow", "GET, HEAD");
        let _ = request.respond(response);
        return;
    }
    let prefix = live.prefix();
    let outputs = live.outputs.read().unwrap_or_else(|e| e.into_inner());
    let route = route(request.url(), &prefix, |key| outputs.get(key).is_some());
    let (status, path) = match route {
        Route::Events => {
            drop(outputs);
            return stream_events(request, live);
        }
        Route::Redirect(location) => {
            drop(outputs);
            let response = with(Response::empty(StatusCode(301)), "Location", &location);
            let response = with(response, "Cache-Control", "no-store");
            let _ = request.respond(response);
            return;
        }
        Route::BadRequest => {
            drop(outputs);
            let _ =
                request.respond(Response::from_string("bad request path\n").with_status_code(400));
            return;
        }
        Route::File(path) => (200, path),
        Route::NotFound => (404, "404.html".to_string()),
    };
    let body = match outputs.get(&path).map(|content| content.bytes()) {
        Some(Ok(bytes)) => Some(bytes.into_owned()),
        _ => None,
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
            (code, "404.html".to_string(), page.into_bytes())
        }
    };
    let body = if is_html(&path) {
        live.inject(body)
    } else {
        body
    };
    let response = Response::from_data(body).with_status_code(status);
    let response = with(response, "Content-Type", &content_type(&path));
    let response = with(response, "Cache-Control", "no-store");
    let response = with(response, "X-Content-Type-Options", "nosniff");
    let _ = request.respond(response);
}

/// Writes the event stream's head and first event, then hands the
/// connection to the hub. The head is written by hand: tiny_http buffers
/// streamed bodies in 8 KiB chunks, and an event must go out at once.
fn stream_events(request: Request, live: &Live) {
    let mut stream = request.into_writer();
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
        live.hub.join(stream);
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
