//! The HTTP/1.1 front: one listener thread, one thread per connection, and
//! a bound on everything a client can make the server hold: bytes of a
//! request head, time, threads.
//!
//! Why not tiny_http, which served until issue 14: it reads request heads
//! without a limit (one 200 MB header grew serve by 400 MB for good) and
//! answers on four worker threads, which four clients that pipeline
//! requests and never read hold until they close; it has no timeouts to
//! set. hyper bounds head size, but would bring tokio's network and timer
//! drivers and hyper-util, still without a write timeout, for a server that
//! talks to a browser on the same machine. A thread per connection with
//! socket timeouts and a cap is a page of code; the parsing, where the
//! subtle bugs live, is httparse's (hyper's own parser, no dependencies).
//!
//! The limits, stated in docs/watch-serve.md:
//! - a request head (request line and headers) over [`MAX_HEAD`] bytes or
//!   [`MAX_HEADERS`] headers gets 431 and the connection is closed;
//! - a connection waits [`IDLE_TIMEOUT`] for a request to start, then has
//!   [`HEAD_TIMEOUT`] for its head to arrive whole (408 after that);
//! - a client that does not take 64 KiB of a response within
//!   [`WRITE_TIMEOUT`] (one that never reads) is dropped;
//! - past [`MAX_CONNECTIONS`] open connections a new one gets 503 (on a
//!   thread of its own for at most a second, as many again at most; past
//!   that it is closed unanswered).
//!
//! Request bodies are never read: a request with one is answered and its
//! connection closed, so what it sent cannot be taken for a next request.

use std::fs::File;
use std::io::{self, Read, Write};
use std::net::{Shutdown, TcpListener, TcpStream};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

/// The largest request head read; browsers send 1–2 KiB, and nginx's and
/// hyper's defaults are in this range (nginx 4 × 8 KiB, hyper ~400 KiB).
pub const MAX_HEAD: usize = 64 * 1024;
/// The most header fields in one request (hyper's default is 100 too).
pub const MAX_HEADERS: usize = 100;
/// Connections served at once; each holds a thread. Live-reload streams
/// are not counted: they leave for the reload hub once started.
pub const MAX_CONNECTIONS: usize = 128;
/// How long a connection may wait before a request starts (Apache's
/// keep-alive default); browsers open a new connection when needed.
pub const IDLE_TIMEOUT: Duration = Duration::from_secs(5);
/// How long a request head may take from its first byte to its last.
pub const HEAD_TIMEOUT: Duration = Duration::from_secs(10);
/// How long a client may take to accept 64 KiB of a response before it is
/// given up (one that never reads is dropped once the socket buffers fill).
pub const WRITE_TIMEOUT: Duration = Duration::from_secs(10);

/// After a refused head: what is still read and thrown away, so that the
/// client can see the refusal before the connection closes. Closing with
/// unread bytes would reset it and lose the answer.
const LINGER_BYTES: usize = 1 << 20;
const LINGER_TIME: Duration = Duration::from_secs(1);
/// A connection's thread only routes and copies a response: a small stack
/// keeps 128 of them cheap.
const STACK_SIZE: usize = 256 * 1024;
/// Bytes asked of the socket per read.
const READ_CHUNK: usize = 8 * 1024;
/// Bytes a client must take within [`WRITE_TIMEOUT`]: 6.4 KiB/s at least.
const WRITE_CHUNK: usize = 64 * 1024;

/// A parsed request head.
#[derive(Debug)]
pub struct Request {
    pub method: String,
    /// The request target, as sent.
    pub target: String,
    /// Whether another request may follow on this connection.
    keep_alive: bool,
}

pub struct Response {
    pub status: u16,
    pub headers: Vec<(&'static str, String)>,
    pub body: Body,
}

pub enum Body {
    Bytes(Vec<u8>),
    /// A file sent a chunk at a time, so that clients fetching a large
    /// image or video at once hold 64 KiB each, not a copy of it.
    File(File, u64),
}

impl Body {
    fn len(&self) -> u64 {
        match self {
            Body::Bytes(bytes) => bytes.len() as u64,
            Body::File(_, len) => *len,
        }
    }
}

impl Response {
    pub fn new(status: u16, body: impl Into<Vec<u8>>) -> Response {
        Response {
            status,
            headers: Vec::new(),
            body: Body::Bytes(body.into()),
        }
    }

    pub fn header(mut self, name: &'static str, value: impl Into<String>) -> Response {
        self.headers.push((name, value.into()));
        self
    }
}

/// What the handler makes of a request.
pub enum Answer {
    Respond(Response),
    /// The connection is handed over (a live-reload stream) with its write
    /// timeout set; it stops counting against [`MAX_CONNECTIONS`].
    TakeOver(Box<dyn FnOnce(TcpStream) + Send>),
}

pub type Handler = Arc<dyn Fn(&Request) -> Answer + Send + Sync>;

/// Accepts connections until the process ends, each on its own thread.
pub fn accept(listener: &TcpListener, handler: &Handler) {
    let open = Arc::new(AtomicUsize::new(0));
    let refusing = Arc::new(AtomicUsize::new(0));
    for stream in listener.incoming() {
        let Ok(stream) = stream else {
            // Out of file descriptors, mostly: let some close rather than spin.
            std::thread::sleep(Duration::from_millis(50));
            continue;
        };
        if let Some(slot) = Slot::take(&open, MAX_CONNECTIONS) {
            let handler = Arc::clone(handler);
            spawn(move || {
                let _slot = slot;
                serve(stream, handler.as_ref());
            });
        } else if let Some(slot) = Slot::take(&refusing, MAX_CONNECTIONS) {
            // Its own thread, as it lingers; past this many, just closed.
            spawn(move || {
                let _slot = slot;
                refuse_busy(stream);
            });
        }
    }
}

/// A thread that cannot start drops its closure, and so closes its
/// connection and frees its slot.
fn spawn(work: impl FnOnce() + Send + 'static) {
    let _ = std::thread::Builder::new()
        .name("mekong-http".into())
        .stack_size(STACK_SIZE)
        .spawn(work);
}

/// One counted connection; freed when its thread ends.
struct Slot(Arc<AtomicUsize>);

impl Slot {
    fn take(count: &Arc<AtomicUsize>, max: usize) -> Option<Slot> {
        if count.fetch_add(1, Ordering::SeqCst) < max {
            Some(Slot(Arc::clone(count)))
        } else {
            count.fetch_sub(1, Ordering::SeqCst);
            None
        }
    }
}

impl Drop for Slot {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::SeqCst);
    }
}

/// 503 without reading the request, then a linger so that it is seen.
fn refuse_busy(mut stream: TcpStream) {
    let response =
        Response::new(503, "too many connections; try again\n").header("Retry-After", "1");
    if write_response(&mut stream, response, false, false).is_ok() {
        linger(stream);
    }
}

/// Answers the requests of one connection, in order, until it closes,
/// goes idle, breaks a limit or is taken over.
fn serve(mut stream: TcpStream, handler: &(dyn Fn(&Request) -> Answer + Send + Sync)) {
    if stream.set_nodelay(true).is_err() {
        return;
    }
    let mut heads = Heads::default();
    loop {
        let request = match heads.next(&mut stream) {
            Ok(Some(request)) => request,
            Ok(None) => return,
            Err(refusal) => {
                let _ = write_response(&mut stream, refusal.response(), false, false);
                linger(stream);
                return;
            }
        };
        match handler(&request) {
            Answer::Respond(response) => {
                let head_only = request.method == "HEAD";
                let written = write_response(&mut stream, response, head_only, request.keep_alive);
                if written.is_err() {
                    return;
                }
                if !request.keep_alive {
                    // A body left unread would otherwise reset the
                    // connection and lose the answer (a 405 to a POST).
                    return linger(stream);
                }
            }
            Answer::TakeOver(take) => {
                if stream.set_write_timeout(Some(WRITE_TIMEOUT)).is_ok() {
                    take(stream);
                }
                return;
            }
        }
    }
}

/// Why a request head was not answered as asked.
#[derive(Debug, PartialEq, Eq)]
enum Refusal {
    TooLarge,
    Malformed,
    TimedOut,
}

impl Refusal {
    fn response(&self) -> Response {
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
struct Heads {
    buf: Vec<u8>,
    /// Where the search for the blank line ending the head goes on, so
    /// a head arriving a byte at a time is scanned once, not once a byte.
    scanned: usize,
}

impl Heads {
    /// The next request; `None` when the client closed or sent nothing
    /// for [`IDLE_TIMEOUT`].
    fn next(&mut self, stream: &mut TcpStream) -> Result<Option<Request>, Refusal> {
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

fn is_retry(e: &io::Error) -> bool {
    matches!(
        e.kind(),
        io::ErrorKind::Interrupted | io::ErrorKind::WouldBlock | io::ErrorKind::TimedOut
    )
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

/// Writes a response; `head_only` (HEAD) leaves out the body but not its
/// length.
fn write_response(
    stream: &mut TcpStream,
    response: Response,
    head_only: bool,
    keep_alive: bool,
) -> io::Result<()> {
    let mut head = format!(
        "HTTP/1.1 {} {}\r\nContent-Length: {}\r\n",
        response.status,
        reason(response.status),
        response.body.len()
    );
    if keep_alive {
        // Says when an idle connection closes, so a browser does not send
        // a request into one that is closing.
        head.push_str(&format!(
            "Keep-Alive: timeout={}\r\n",
            IDLE_TIMEOUT.as_secs()
        ));
    } else {
        head.push_str("Connection: close\r\n");
    }
    for (name, value) in &response.headers {
        head.push_str(&format!("{name}: {value}\r\n"));
    }
    head.push_str("\r\n");
    write_within(stream, head.as_bytes())?;
    match response.body {
        _ if head_only => Ok(()),
        Body::Bytes(bytes) => write_within(stream, &bytes),
        Body::File(file, len) => copy_within(stream, file, len),
    }
}

/// Sends the first `len` bytes of `file`. A file that shrank since its
/// length was sent cannot keep that promise: the connection is ended.
fn copy_within(stream: &mut TcpStream, file: File, len: u64) -> io::Result<()> {
    let mut file = file.take(len);
    let mut chunk = vec![0; WRITE_CHUNK];
    let mut sent = 0;
    while sent < len {
        match file.read(&mut chunk) {
            Ok(0) => return Err(io::ErrorKind::UnexpectedEof.into()),
            Ok(n) => {
                write_within(stream, &chunk[..n])?;
                sent += n as u64;
            }
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    Ok(())
}

/// Writes `bytes` a chunk at a time, each within [`WRITE_TIMEOUT`]. The
/// socket's own timeout is per call and restarts after a partial write,
/// which the kernel allows now and then as its buffers grow: alone, it
/// let a client that never read hold a connection for 30 s and more.
fn write_within(stream: &mut TcpStream, bytes: &[u8]) -> io::Result<()> {
    for chunk in bytes.chunks(WRITE_CHUNK) {
        let deadline = Instant::now() + WRITE_TIMEOUT;
        let mut rest = chunk;
        while !rest.is_empty() {
            let left = deadline.saturating_duration_since(Instant::now());
            if left.is_zero() {
                return Err(io::ErrorKind::TimedOut.into());
            }
            stream.set_write_timeout(Some(left))?;
            match stream.write(rest) {
                Ok(0) => return Err(io::ErrorKind::WriteZero.into()),
                Ok(n) => rest = &rest[n..],
                Err(e) if is_retry(&e) => {}
                Err(e) => return Err(e),
            }
        }
    }
    Ok(())
}

fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        301 => "Moved Permanently",
        400 => "Bad Request",
        404 => "Not Found",
        405 => "Method Not Allowed",
        408 => "Request Timeout",
        431 => "Request Header Fields Too Large",
        500 => "Internal Server Error",
        503 => "Service Unavailable",
        _ => "",
    }
}

/// Closes our side, then reads and drops what the client still sends for
/// a moment, so the refusal reaches it instead of a reset.
fn linger(mut stream: TcpStream) {
    let _ = stream.shutdown(Shutdown::Write);
    let deadline = Instant::now() + LINGER_TIME;
    let mut sink = [0u8; READ_CHUNK];
    let mut drained = 0;
    while drained < LINGER_BYTES {
        let left = deadline.saturating_duration_since(Instant::now());
        if left.is_zero() || stream.set_read_timeout(Some(left)).is_err() {
            return;
        }
        match stream.read(&mut sink) {
            Ok(0) | Err(_) => return,
            Ok(n) => drained += n,
        }
    }
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
