//! Talking to `mekong serve`: starting it, and a raw HTTP client that
//! sends request paths exactly as written.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::Path;

use super::run::{Mekong, PATIENCE, Running};

/// `mekong serve --root <site> --today … --port 0 <args>`, once it
/// serves; returns it with its address ("127.0.0.1:PORT").
pub fn serve(root: &Path, args: &[&str]) -> (Running, String) {
    let root = root.to_str().expect("UTF-8 path");
    let mut all = vec![
        "serve",
        "--root",
        root,
        "--today",
        super::TODAY,
        "--port",
        "0",
    ];
    all.extend(args);
    let running = Mekong::new(&all).start();
    let line = running.line_with("serving http://");
    let url = line.split_whitespace().nth(1).expect("serving URL");
    let addr = url.trim_start_matches("http://").split('/').next();
    (running, addr.expect("an address").to_string())
}

/// An HTTP response as a browser would see it.
#[derive(Debug)]
pub struct Response {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Response {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }
}

/// Sends `METHOD target` to `addr` ("127.0.0.1:1234") with the target
/// exactly as given, and reads the whole response.
pub fn request(addr: &str, method: &str, target: &str) -> Response {
    let mut stream = TcpStream::connect(addr).expect("connect");
    stream.set_read_timeout(Some(PATIENCE)).expect("timeout");
    write!(
        stream,
        "{method} {target} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n"
    )
    .expect("send");
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw).expect("read");
    let end = raw
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .expect("a response head");
    let head = String::from_utf8_lossy(&raw[..end]).into_owned();
    let mut lines = head.lines();
    let status = lines
        .next()
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|s| s.parse().ok())
        .expect("a status line");
    let headers = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(n, v)| (n.trim().to_string(), v.trim().to_string()))
        .collect();
    Response {
        status,
        headers,
        body: raw[end + 4..].to_vec(),
    }
}

pub fn get(addr: &str, target: &str) -> Response {
    request(addr, "GET", target)
}

/// An open live-reload event stream.
pub struct Events {
    reader: BufReader<TcpStream>,
}

impl Events {
    pub fn open(addr: &str) -> Events {
        let mut stream = TcpStream::connect(addr).expect("connect");
        stream.set_read_timeout(Some(PATIENCE)).expect("timeout");
        write!(
            stream,
            "GET /__mekong/events HTTP/1.1\r\nHost: {addr}\r\nAccept: text/event-stream\r\n\r\n"
        )
        .expect("send");
        let mut events = Events {
            reader: BufReader::new(stream),
        };
        let hello = events.next();
        assert_eq!(hello.0, "hello");
        events
    }

    /// The next event: (name, data). Fails the test after 15 s.
    pub fn next(&mut self) -> (String, String) {
        let (mut name, mut data) = (String::new(), String::new());
        loop {
            let mut line = String::new();
            let n = self.reader.read_line(&mut line).expect("an event in time");
            assert!(n > 0, "event stream closed");
            let line = line.trim_end_matches(['\r', '\n']);
            if let Some(v) = line.strip_prefix("event: ") {
                name = v.to_string();
            } else if let Some(v) = line.strip_prefix("data: ") {
                data = v.to_string();
            } else if line.is_empty() && !name.is_empty() {
                return (name, data);
            }
        }
    }

    /// Skips events until one named `name`.
    pub fn until(&mut self, name: &str) -> String {
        loop {
            let (n, data) = self.next();
            if n == name {
                return data;
            }
        }
    }
}
