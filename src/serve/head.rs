//! Request heads off a connection: read into one buffer of at most
//! [`MAX_HEAD`] bytes, within the idle and header read timeouts, and
//! parsed by httparse. Pipelined requests stay in the buffer for the next
//! call.

use std::io::Read;
use std::net::TcpStream;
use std::time::Instant;

use super::response::Response;
use super::timing::{HEAD_TIMEOUT, IDLE_TIMEOUT, is_retry};

/// The largest request head read; browsers send 1–2 KiB, and nginx's and
/// hyper's defaults are in this range (nginx 4 × 8 KiB, hyper ~400 KiB).
pub const MAX_HEAD: usize = 64 * 1024;
/// The most header fields in one request (hyper's default is 100 too).
pub(crate) const MAX_HEADERS: usize = 100;
/// Bytes asked of the socket per read.
pub(super) const READ_CHUNK: usize = 8 * 1024;

/// A parsed request head.
#[derive(Debug)]
pub(crate) struct Request {
    pub method: String,
    /// The request target, as sent.
    pub target: String,
    /// Whether another request may follow on this connection.
    pub(super) keep_alive: bool,
}

/// Why a request head was not answered as asked.
#[derive(Debug, PartialEq, Eq)]
pub(super) enum Refusal {
    TooLarge,
    Malformed,
    TimedOut,
}

impl Refusal {
    pub(super) fn response(&self) -> Response {
        match self {
            Refusal::TooLarge => Response::new(
                431,
                format!("request head over {MAX_HEAD} bytes or {MAX_HEADERS} headers\n"),
            ),
            Refusal::Malformed => Response::new(400, "malformed request\n"),
            Refusal::TimedOut => Response::new(408, "request head too slow\n"),
        }
    }
}

/// Reads request heads off a connection. Bytes after one head (a
/// pipelined request) are kept for the next.
#[derive(Default)]
pub(super) struct Heads {
    buf: Vec<u8>,
    /// Where the search for the blank line ending the head goes on, so
    /// a head arriving a byte at a time is scanned once, not once a byte.
    scanned: usize,
}

impl Heads {
    /// The next request; `None` when the client closed or sent nothing
    /// for [`IDLE_TIMEOUT`].
    pub(super) fn next(&mut self, stream: &mut TcpStream) -> Result<Option<Request>, Refusal> {
        let waiting_since = Instant::now();
        let mut started = None;
        loop {
            self.skip_blank_lines();
            if !self.buf.is_empty() {
                started.get_or_insert_with(Instant::now);
            }
            if let Some(end) = self.head_end() {
                let request = parse(&self.buf[..end]);
                self.buf.drain(..end);
                self.scanned = 0;
                return request.map(Some);
            }
            if self.buf.len() >= MAX_HEAD {
                return Err(Refusal::TooLarge);
            }
            let deadline = match started {
                Some(at) => at + HEAD_TIMEOUT,
                None => waiting_since + IDLE_TIMEOUT,
            };
            let left = deadline.saturating_duration_since(Instant::now());
            if left.is_zero() {
                return match started {
                    Some(_) => Err(Refusal::TimedOut),
                    None => Ok(None),
                };
            }
            if stream.set_read_timeout(Some(left)).is_err() {
                return Ok(None);
            }
            let len = self.buf.len();
            let room = READ_CHUNK.min(MAX_HEAD - len);
            self.buf.resize(len + room, 0);
            let read = stream.read(&mut self.buf[len..]);
            self.buf.truncate(len + *read.as_ref().unwrap_or(&0));
            match read {
                Ok(0) => return Ok(None),
                Ok(_) => {}
                // The deadline is looked at again above.
                Err(e) if is_retry(&e) => {}
                Err(_) => return Ok(None),
            }
        }
    }

    /// Empty lines before a request line are ignored (RFC 9112, 2.2), and
    /// dropped, so the first blank line found ends a head.
    fn skip_blank_lines(&mut self) {
        let blank = self
            .buf
            .iter()
            .take_while(|b| matches!(b, b'\r' | b'\n'))
            .count();
        if blank > 0 {
            self.buf.drain(..blank);
            self.scanned = 0;
        }
    }

    /// The length of the head, through its blank line (CRLF or bare LF).
    fn head_end(&mut self) -> Option<usize> {
        let from = self.scanned.saturating_sub(2);
        let found = self.buf[from..].iter().enumerate().find_map(|(i, &b)| {
            let rest = &self.buf[from + i + 1..];
            (b == b'\n').then_some(())?;
            match rest {
                [b'\n', ..] => Some(from + i + 2),
                [b'\r', b'\n', ..] => Some(from + i + 3),
                _ => None,
            }
        });
        self.scanned = self.buf.len();
        found
    }
}

/// A whole head, through its blank line.
fn parse(head: &[u8]) -> Result<Request, Refusal> {
    let mut headers = [httparse::EMPTY_HEADER; MAX_HEADERS];
    let mut parsed = httparse::Request::new(&mut headers);
    match parsed.parse(head) {
        Ok(httparse::Status::Complete(_)) => {}
        Ok(httparse::Status::Partial) => return Err(Refusal::Malformed),
        Err(httparse::Error::TooManyHeaders) => return Err(Refusal::TooLarge),
        Err(_) => return Err(Refusal::Malformed),
    }
    let (Some(method), Some(target), Some(version)) = (parsed.method, parsed.path, parsed.version)
    else {
        return Err(Refusal::Malformed);
    };
    let value = |name: &str| {
        parsed
            .headers
            .iter()
            .find(|h| h.name.eq_ignore_ascii_case(name))
            .map(|h| String::from_utf8_lossy(h.value).trim().to_ascii_lowercase())
    };
    let has_body = value("transfer-encoding").is_some()
        || value("content-length").is_some_and(|length| length != "0");
    let close =
        value("connection").is_some_and(|tokens| tokens.split(',').any(|t| t.trim() == "close"));
    Ok(Request {
        method: method.to_string(),
        target: target.to_string(),
        // HTTP/1.0 keep-alive is left out: no browser needs it.
        keep_alive: version == 1 && !close && !has_body,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn head(text: &str) -> Result<Request, Refusal> {
        parse(text.as_bytes())
    }

    #[test]
    fn keep_alive_only_for_bodiless_http_1_1_without_close() {
        let r = head("GET /a?b HTTP/1.1\r\nHost: x\r\n\r\n").unwrap();
        assert_eq!((r.method.as_str(), r.target.as_str()), ("GET", "/a?b"));
        assert!(r.keep_alive);
        assert!(!head("GET / HTTP/1.0\r\n\r\n").unwrap().keep_alive);
        let close = "GET / HTTP/1.1\r\nConnection: Keep-Alive, Close\r\n\r\n";
        assert!(!head(close).unwrap().keep_alive);
        let body = "POST / HTTP/1.1\r\nContent-Length: 3\r\n\r\n";
        assert!(!head(body).unwrap().keep_alive);
        let chunked = "POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n";
        assert!(!head(chunked).unwrap().keep_alive);
        assert!(head("GET / HTTP/1.1\nHost: x\n\n").unwrap().keep_alive);
    }

    #[test]
    fn bad_heads_are_refused() {
        assert_eq!(head("GET\r\n\r\n").unwrap_err(), Refusal::Malformed);
        assert_eq!(
            head("GET / SPDY/3\r\n\r\n").unwrap_err(),
            Refusal::Malformed
        );
        let many: String = (0..=MAX_HEADERS).map(|i| format!("X-{i}: y\r\n")).collect();
        let many = format!("GET / HTTP/1.1\r\n{many}\r\n");
        assert_eq!(head(&many).unwrap_err(), Refusal::TooLarge);
    }

    #[test]
    fn a_head_ends_at_its_first_blank_line_however_it_arrives() {
        let text = b"\r\nGET / HTTP/1.1\r\nHost: x\r\n\r\nGET /next HTTP/1.1\r\n\r\n";
        let mut heads = Heads::default();
        // A byte at a time: never found early, found once whole.
        let mut found = None;
        for &byte in text {
            heads.buf.push(byte);
            heads.skip_blank_lines();
            if let Some(end) = heads.head_end() {
                found = Some((end, heads.buf.len()));
                break;
            }
        }
        let (end, len) = found.unwrap();
        assert_eq!(end, len);
        assert_eq!(&heads.buf[..end], b"GET / HTTP/1.1\r\nHost: x\r\n\r\n");
        let mut lf = Heads {
            buf: b"GET / HTTP/1.1\nHost: x\n\nrest".to_vec(),
            scanned: 0,
        };
        assert_eq!(lf.head_end(), Some(24));
    }
}
